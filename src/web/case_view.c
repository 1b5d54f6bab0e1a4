/*
 * case_view: GET /api/v1/cases/{id}, and the answer with a case after a
 * create or a transition (the case page is case_page.c). One round trip
 * authenticates, decides visibility in SQL, reads the sealed row and
 * commits the read's audit entry; only then is anything decrypted.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "render/render.h"
#include "store/case.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

int	cb_h_api_case(struct http_request *);

static int	run(struct http_request *, int);
static int	st_view(struct http_request *);
static void	view_free(void *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_view),
};

int
cb_h_api_case(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 1));
}

static int
run(struct http_request *req, int api)
{
	struct cb_ctx		*ctx;
	struct cb_case_view	*v;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		v = kore_calloc(1, sizeof(*v));
		v->status = HTTP_STATUS_OK;
		ctx->data = v;
		ctx->data_free = view_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		if (!cb_case_path_id(req, v->case_id)) {
			cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
			return (KORE_RESULT_OK);
		}
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
view_free(void *arg)
{
	cb_case_view_clear(arg);
	kore_free(arg);
}

static int
st_view(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	return (cb_case_view_run(req, ctx, ctx->data));
}

int
cb_case_path_id(struct http_request *req, char *out)
{
	return (cb_path_id(req, "/api/v1/cases/", "/cases/", out));
}

int
cb_case_view_run(struct http_request *req, struct cb_ctx *ctx,
    struct cb_case_view *v)
{
	if (!ctx->db.sent)
		cb_store_case_view(&ctx->q, &ctx->tok, v->case_id, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	cb_case_clear(&v->c);
	cb_case_row_clear(&v->row);
	if (!cb_store_case_view_row(&ctx->db, &v->c, &v->row))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	cb_db_reset(&ctx->db);
	if (cb_case_open(cb_app.vault, &v->c, &v->row) == -1) {
		cb_log_error(ctx->reqid, "case: cannot open sealed fields");
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	cb_case_row_clear(&v->row);
	cb_case_view_reply(req, ctx, v);
	return (HTTP_STATE_COMPLETE);
}

void
cb_case_view_reply(struct http_request *req, struct cb_ctx *ctx,
    struct cb_case_view *v)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	struct cb_case_pageview	 pv;
	char			 csrf[65];

	buf = kore_buf_alloc(4096);
	if (ctx->api) {
		cb_render_case_json(buf, &v->c, ctx->actor.role);
		cb_reply_json(req, v->status, buf);
		return;
	}
	cb_page_init(ctx, &pg, csrf);
	memset(&pv, 0, sizeof(pv));
	pv.c = &v->c;
	cb_render_case_page(buf, &pg, &pv);
	cb_reply_html(req, v->status, buf);
}

void
cb_case_view_clear(struct cb_case_view *v)
{
	cb_case_clear(&v->c);
	cb_case_row_clear(&v->row);
	sodium_memzero(v, sizeof(*v));
}
