/*
 * case_page: GET /cases/{id}, and the same page drawn again after a
 * form on it failed. Two reads, each audited with its own entry: the
 * case with its person, then its history; then the page offers what the
 * caller may do next as forms drawn from the flow's field tables.
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
#include "store/history.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

int	cb_h_case_page(struct http_request *);

static int	st_page(struct http_request *);
static void	pageload_free(void *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_page),
};

enum {
	STEP_VIEW,
	STEP_HISTORY,
	STEP_RENDER
};

int
cb_h_case_page(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct cb_case_pageload	*pl;

	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	ctx = cb_ctx(req, 0);
	if (ctx->data == NULL) {
		pl = kore_calloc(1, sizeof(*pl));
		ctx->data = pl;
		ctx->data_free = pageload_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		if (!cb_case_path_id(req, pl->case_id)) {
			cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
			return (KORE_RESULT_OK);
		}
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
pageload_free(void *arg)
{
	cb_case_pageload_clear(arg);
	kore_free(arg);
}

static int
st_page(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	return (cb_case_pageload_run(req, ctx, ctx->data));
}

int
cb_case_pageload_run(struct http_request *req, struct cb_ctx *ctx,
    struct cb_case_pageload *pl)
{
	struct cb_case_pageview	 pv;
	struct cb_page		 pg;
	struct kore_buf		*buf;
	char			 csrf[65];
	int			 rc;

	if (pl->step == STEP_VIEW) {
		if (!ctx->db.sent)
			cb_store_case_view(&ctx->q, &ctx->tok, pl->case_id,
			    ctx->reqid);
		CB_AWAIT_ACTOR(req, ctx);
		cb_case_clear(&pl->v.c);
		cb_case_row_clear(&pl->v.row);
		if (!cb_store_case_view_row(&ctx->db, &pl->v.c, &pl->v.row))
			return (cb_fail(req, CB_NOT_FOUND, "err.not_found",
			    NULL));
		cb_db_reset(&ctx->db);
		if (cb_case_open(cb_app.vault, &pl->v.c, &pl->v.row) == -1) {
			kore_log(LOG_ERR, "case %s: cannot open sealed fields",
			    pl->case_id);
			return (cb_fail(req, CB_INTERNAL, "err.internal",
			    NULL));
		}
		cb_case_row_clear(&pl->v.row);
		pl->step = STEP_HISTORY;
	}
	if (pl->step == STEP_HISTORY) {
		if (!ctx->db.sent)
			cb_store_case_history(&ctx->q, &ctx->tok, pl->case_id,
			    ctx->reqid);
		CB_AWAIT_ACTOR(req, ctx);
		rc = cb_history_load(&ctx->db, pl->case_id, &pl->hist);
		cb_db_reset(&ctx->db);
		if (rc == 0)
			return (cb_fail(req, CB_NOT_FOUND, "err.not_found",
			    NULL));
		if (rc == -1)
			return (cb_fail(req, CB_INTERNAL, "err.internal",
			    NULL));
		pl->step = STEP_RENDER;
	}

	memset(&pv, 0, sizeof(pv));
	pv.c = &pl->v.c;
	pv.hist = &pl->hist;
	pv.form_to = pl->form_to;
	pv.vals = pl->vals;
	pv.fe = pl->fe;
	pv.errkey = pl->errkey;
	pv.reason = pl->reason;
	pv.stale = pl->stale;
	pv.stale_version = pl->stale_version;
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(16384);
	cb_render_case_page(buf, &pg, &pv);
	cb_reply_html(req, pl->status != 0 ? pl->status : HTTP_STATUS_OK,
	    buf);
	return (HTTP_STATE_COMPLETE);
}

void
cb_case_pageload_clear(struct cb_case_pageload *pl)
{
	cb_case_view_clear(&pl->v);
	cb_history_clear(&pl->hist);
}
