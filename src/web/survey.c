/*
 * survey: the routes of reintegration monitoring surveys.
 *   GET  /api/v1/cases/{id}/surveys	the surveys, oldest first, with
 *					their answers opened
 *   POST /api/v1/cases/{id}/surveys	add one (web/survey_add.c)
 *   GET  /cases/{id}/surveys/new	the form, earlier surveys above it
 *   POST /cases/{id}/surveys/new	add one from the form
 * One round trip reads the case's surveys for the caller, decides
 * visibility in SQL and commits the read's entry; only then is
 * anything opened. A case the caller may not see is 404.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/survey.h"
#include "render/render.h"
#include "render/survey.h"
#include "store/survey.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/survey.h"
#include "web/web.h"

struct list {
	char			 case_id[CB_UUID_SIZE];
	struct cb_survey_case	 c;
	struct cb_survey	*items;
	size_t			 n;
};

int	cb_h_api_case_surveys(struct http_request *);
int	cb_h_survey_page(struct http_request *);

static int	list_run(struct http_request *, int);
static int	st_list(struct http_request *);
static void	list_free(void *);
static int	open_all(struct list *);
static void	form_page(struct http_request *, struct cb_ctx *,
		    struct list *);

static struct http_state list_states[] = {
	KORE_HTTP_STATE(st_list),
};

int
cb_h_api_case_surveys(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_POST)
		return (cb_survey_add_run(req, 1));
	return (list_run(req, 1));
}

int
cb_h_survey_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_POST)
		return (cb_survey_add_run(req, 0));
	return (list_run(req, 0));
}

static int
list_run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	struct list	*l;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		l = kore_calloc(1, sizeof(*l));
		ctx->data = l;
		ctx->data_free = list_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		if (!cb_case_path_id(req, l->case_id)) {
			cb_reply_error(req, CB_NOT_FOUND, "err.not_found",
			    NULL);
			return (KORE_RESULT_OK);
		}
	}
	return (http_state_run(list_states, NITEMS(list_states), req));
}

static void
list_free(void *arg)
{
	struct list	*l;

	l = arg;
	cb_survey_case_clear(&l->c);
	cb_surveys_free(l->items, l->n);
	sodium_memzero(l, sizeof(*l));
	kore_free(l);
}

/* The API answers with the answers; the form page shows scores only,
 * so it neither reads nor opens them. */
static int
st_list(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct list	*l;
	struct kore_buf	*buf;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent)
		cb_store_survey_list(&ctx->q, &ctx->tok, l->case_id, ctx->api,
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_survey_list_case(&ctx->db, &l->c))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	l->items = cb_store_survey_items(&ctx->db, &l->n);
	cb_db_reset(&ctx->db);

	if (!ctx->api) {
		form_page(req, ctx, l);
		return (HTTP_STATE_COMPLETE);
	}
	if (open_all(l) == -1) {
		cb_log_error(ctx->reqid, "surveys: cannot open the answers");
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	buf = kore_buf_alloc(1024);
	cb_render_survey_list_json(buf, l->items, l->n);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
open_all(struct list *l)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	size_t		i;
	int		ret;

	if (l->n == 0)
		return (0);
	if (cb_vault_dk_unwrap(cb_app.vault, l->case_id, l->c.key_version,
	    l->c.wrapped, l->c.wlen, dk) == -1)
		return (-1);
	ret = 0;
	for (i = 0; i < l->n && ret == 0; i++)
		ret = cb_survey_open(dk, l->c.seal_version, &l->items[i]);
	sodium_memzero(dk, sizeof(dk));
	return (ret);
}

/*
 * The form for a caseworker on a case that takes surveys now; anyone
 * else who sees the case learns why not (403, or 422 naming the rule).
 */
static void
form_page(struct http_request *req, struct cb_ctx *ctx, struct list *l)
{
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65], tok[CB_TOKEN_SIZE];

	if (ctx->actor.role != CB_ROLE_CASEWORKER) {
		cb_reply_error(req, CB_FORBIDDEN, "err.forbidden", NULL);
		return;
	}
	if (!cb_survey_allowed(l->c.case_type, l->c.state)) {
		cb_reply_error(req, CB_GUARD, "guard.survey_state", NULL);
		return;
	}
	cb_page_init(ctx, &pg, csrf);
	cb_vault_token_new(tok);
	buf = kore_buf_alloc(4096);
	cb_render_survey_form(buf, &pg, l->case_id, tok, NULL, NULL,
	    l->items, l->n);
	cb_reply_html(req, HTTP_STATUS_OK, buf);
}
