/*
 * misc: the health check, the style sheet and the OpenAPI document
 * (files of assets/, public), the front door (each role's
 * home: a caseworker's and a supervisor's counts come from one audited
 * statement, home_counts; an auditor's is the statistics page, whose
 * state web/stats.c runs) and the 404 for every path without a route
 * (JSON under /api/, a page elsewhere, with the bar and Log out for a
 * caller who is logged in).
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/listing.h"
#include "render/render.h"
#include "store/health.h"
#include "store/home.h"
#include "web/app.h"
#include "web/package.h"
#include "web/stats.h"
#include "web/web.h"

int	cb_h_root(struct http_request *);
int	cb_h_healthz(struct http_request *);
int	cb_h_css(struct http_request *);
int	cb_h_openapi(struct http_request *);
int	cb_h_not_found(struct http_request *);

static int	asset(struct http_request *, int, const struct cb_asset *,
		    const char *);
static int	st_health(struct http_request *);
static int	st_home_auth(struct http_request *);
static int	st_home(struct http_request *);
static int	st_missing_auth(struct http_request *);
static int	st_missing(struct http_request *);

static struct http_state health_states[] = {
	KORE_HTTP_STATE(st_health),
};

static struct http_state home_states[] = {
	KORE_HTTP_STATE(st_home_auth),
	KORE_HTTP_STATE(st_home),
	KORE_HTTP_STATE(cb_referral_home),
	KORE_HTTP_STATE(cb_stats_home),
};

static struct http_state missing_states[] = {
	KORE_HTTP_STATE(st_missing_auth),
	KORE_HTTP_STATE(st_missing),
};

int
cb_h_root(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_HEAD))
		return (KORE_RESULT_OK);
	return (http_state_run(home_states, NITEMS(home_states), req));
}

/* The caller and, for case work, the counts of the home, at once. */
static int
st_home_auth(struct http_request *req)
{
	struct cb_ctx	*ctx;
	const char	*pending[CB_LIST_STATES_MAX];
	size_t		 n;

	ctx = http_state_get(req);
	if (!ctx->db.sent) {
		if (!cb_session_token(req, ctx)) {
			cb_redirect(req, "/login");
			return (HTTP_STATE_COMPLETE);
		}
		/* The pending states' array literal, kept until sent. */
		if (ctx->data == NULL) {
			ctx->data = kore_calloc(1, 1024);
			ctx->data_free = kore_free;
		}
		n = cb_list_pending_states(pending, NITEMS(pending));
		cb_store_home_counts(&ctx->q, &ctx->tok, pending, n,
		    ctx->data, 1024, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	req->fsm_state = 1;
	return (HTTP_STATE_CONTINUE);
}

/* Case work has its counts; partners and auditors a home of their own. */
static int
st_home(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct kore_buf	*buf;
	struct cb_page	 pg;
	struct cb_home	 h;
	char		 csrf[65];

	ctx = http_state_get(req);
	/* A partner's home is its inbox (web/referral_inbox.c), an
	 * auditor's the statistics page (web/stats.c); each keeps its own
	 * state in ctx->data. */
	if (ctx->actor.role == CB_ROLE_PARTNER ||
	    ctx->actor.role == CB_ROLE_AUDITOR) {
		ctx->data_free(ctx->data);
		ctx->data = NULL;
		ctx->data_free = NULL;
		cb_db_reset(&ctx->db);
		req->fsm_state = ctx->actor.role == CB_ROLE_PARTNER ? 2 : 3;
		return (HTTP_STATE_CONTINUE);
	}
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(4096);
	if (ctx->actor.role & (CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR)) {
		cb_store_home_rows(&ctx->db, &h);
		cb_render_home_work(buf, &pg, &h);
		cb_home_clear(&h);
	} else {
		cb_render_home(buf, &pg);
	}
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

int
cb_h_healthz(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_HEAD))
		return (KORE_RESULT_OK);
	return (http_state_run(health_states, 1, req));
}

static int
st_health(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct kore_buf	*buf;
	int		 ok;

	ctx = http_state_get(req);
	if (!ctx->db.sent)
		cb_store_health(&ctx->q);
	switch (cb_db_run(&ctx->db, &ctx->q)) {
	case CB_DB_WAIT:
		return (HTTP_STATE_RETRY);
	case CB_DB_DONE:
		ok = cb_db_rows(&ctx->db) == 1;
		break;
	default:
		ok = 0;
		break;
	}
	buf = kore_buf_alloc(64);
	kore_buf_appendf(buf, "{\"ok\":%s,\"db\":%s}", ok ? "true" : "false",
	    ok ? "true" : "false");
	cb_reply_json(req, ok ? HTTP_STATUS_OK : 503, buf);
	return (HTTP_STATE_COMPLETE);
}

int
cb_h_css(struct http_request *req)
{
	return (asset(req, 0, &cb_app.css, "text/css; charset=utf-8"));
}

/* No login: the contract is public, what it describes is not. */
int
cb_h_openapi(struct http_request *req)
{
	return (asset(req, 1, &cb_app.openapi, "application/json"));
}

static int
asset(struct http_request *req, int api, const struct cb_asset *a,
    const char *ctype)
{
	struct kore_buf	*buf;

	if (!cb_method(req, api, HTTP_METHOD_GET | HTTP_METHOD_HEAD))
		return (KORE_RESULT_OK);
	buf = kore_buf_alloc(a->len + 1);
	kore_buf_append(buf, a->data, a->len);
	cb_reply_public(req, ctype, buf);
	return (KORE_RESULT_OK);
}

int
cb_h_not_found(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = cb_ctx(req, strncmp(req->path, "/api/", 5) == 0);
	if (ctx->api) {
		cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
		return (KORE_RESULT_OK);
	}
	return (http_state_run(missing_states, NITEMS(missing_states), req));
}

/* A logged-in caller keeps the bar; anyone else gets the bare page. */
static int
st_missing_auth(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!ctx->db.sent) {
		if (!cb_session_token(req, ctx))
			return (cb_fail(req, CB_NOT_FOUND, "err.not_found",
			    NULL));
		cb_store_session_actor(&ctx->q, &ctx->tok);
	}
	CB_AWAIT(req, ctx);
	(void)cb_ctx_actor(ctx);
	cb_db_reset(&ctx->db);
	req->fsm_state = 1;
	return (HTTP_STATE_CONTINUE);
}

static int
st_missing(struct http_request *req)
{
	return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
}
