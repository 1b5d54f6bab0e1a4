/*
 * h_misc: health check, the style sheet, the front door and the 404
 * for every path without a route (JSON under /api/, a page elsewhere).
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "web/app.h"
#include "web/web.h"

int	cb_h_root(struct http_request *);
int	cb_h_healthz(struct http_request *);
int	cb_h_css(struct http_request *);
int	cb_h_not_found(struct http_request *);

static int	st_health(struct http_request *);

static struct http_state health_states[] = {
	KORE_HTTP_STATE(st_health),
};

int
cb_h_root(struct http_request *req)
{
	(void)cb_ctx(req, 0);
	cb_redirect(req, "/cases");
	return (KORE_RESULT_OK);
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
		cb_dbq_init(&ctx->q, "SELECT 1");
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
	struct kore_buf	*buf;

	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_HEAD))
		return (KORE_RESULT_OK);
	buf = kore_buf_alloc(cb_app.csslen + 1);
	kore_buf_append(buf, cb_app.css, cb_app.csslen);
	http_response_header(req, "cache-control", "max-age=3600");
	cb_reply(req, HTTP_STATUS_OK, "text/css; charset=utf-8", buf);
	return (KORE_RESULT_OK);
}

int
cb_h_not_found(struct http_request *req)
{
	(void)cb_ctx(req, strncmp(req->path, "/api/", 5) == 0);
	cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
	return (KORE_RESULT_OK);
}
