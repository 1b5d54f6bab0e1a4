/*
 * profile: a person's own settings: the interface language (English or
 * Bosnian), kept with their user so that every login brings it back,
 * and in a cookie for the pages of this browser. GET/POST /profile and
 * POST /api/v1/profile {"language": "en|bs"}.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "render/i18n.h"
#include "render/render.h"
#include "store/session.h"
#include "text/json.h"
#include "web/app.h"
#include "web/web.h"

enum {
	S_START,
	S_AUTH,
	S_SHOW,
	S_SAVE
};

static int	st_start(struct http_request *);
static int	st_auth(struct http_request *);
static int	st_show(struct http_request *);
static int	st_save(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_show),
	KORE_HTTP_STATE(st_save),
};

int	cb_h_profile_page(struct http_request *);
int	cb_h_api_profile(struct http_request *);

static int	run(struct http_request *, int);

int
cb_h_profile_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

int
cb_h_api_profile(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1));
}

static int
run(struct http_request *req, int api)
{
	(void)cb_ctx(req, api);
	return (http_state_run(states, NITEMS(states), req));
}

/* The language asked for: {"language"} or the form's language. */
static int
st_start(struct http_request *req)
{
	struct cb_ctx		*ctx;
	const struct cb_json	*j;
	const struct cb_kv	*kv;
	const char		*v;
	size_t			 i;
	int			 lang;

	ctx = http_state_get(req);
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (req->method == HTTP_METHOD_GET) {
		req->fsm_state = S_AUTH;
		return (HTTP_STATE_CONTINUE);
	}
	v = NULL;
	if (ctx->api) {
		if (cb_body_json(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
		for (j = ctx->json->child; j != NULL; j = j->next) {
			if (strcmp(j->key, "language") != 0)
				cb_ferrors_add(&ctx->ferr, j->key,
				    "err.unknown_field");
		}
		if ((j = cb_json_get(ctx->json, "language")) != NULL &&
		    j->type == CB_JSON_STRING)
			v = j->str;
	} else {
		if (cb_body_form(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
		if (!cb_csrf_ok(ctx))
			return (cb_fail(req, CB_FORBIDDEN, "err.csrf", NULL));
		for (i = 0; i < ctx->kv.n; i++) {
			if (strcmp(ctx->kv.items[i].name, "language") != 0 &&
			    strcmp(ctx->kv.items[i].name, "csrf") != 0)
				cb_ferrors_add(&ctx->ferr,
				    ctx->kv.items[i].name,
				    "err.unknown_field");
		}
		if ((kv = cb_kv_get(&ctx->kv, "language")) != NULL)
			v = kv->value;
	}
	/* Only the two codes the interface speaks, exactly. */
	lang = v == NULL ? -1 : strcmp(v, "en") == 0 ? CB_LANG_EN :
	    strcmp(v, "bs") == 0 ? CB_LANG_BS : -1;
	if (lang == -1)
		cb_ferrors_add(&ctx->ferr, "language", "err.option");
	if (ctx->ferr.n > 0)
		return (cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr));
	ctx->data = (void *)(uintptr_t)(lang + 1);
	req->fsm_state = S_SAVE;
	return (HTTP_STATE_CONTINUE);
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, S_SHOW));
}

static int
st_show(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct cb_page	 pg;
	struct kore_buf	*buf;
	char		 csrf[65];

	ctx = http_state_get(req);
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(2048);
	cb_render_profile(buf, &pg, ctx->lang);
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_save(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct kore_buf	*buf;
	enum cb_lang	 lang;

	ctx = http_state_get(req);
	lang = (enum cb_lang)((uintptr_t)ctx->data - 1);
	if (!ctx->db.sent)
		cb_store_set_language(&ctx->q, &ctx->tok, cb_lang_code(lang),
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	ctx->lang = lang;
	cb_i18n_set(lang);
	if (!ctx->api) {
		cb_cookie_set(req, CB_COOKIE_LANG, cb_lang_code(lang));
		cb_redirect(req, "/profile");
		return (HTTP_STATE_COMPLETE);
	}
	buf = kore_buf_alloc(64);
	kore_buf_appendf(buf, "{\"language\":\"%s\"}", cb_lang_code(lang));
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}
