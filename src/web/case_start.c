/*
 * case_start: the first steps of every handler of a case's
 * sub-resources (assistance, assignment): who is asking, which case,
 * and for a POST the body, proven to come from our own form on pages;
 * and whether a case read for a change is closed.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "store/case.h"
#include "web/case.h"
#include "web/web.h"

int
cb_case_start(struct http_request *req, struct cb_ctx *ctx,
    char case_id[CB_UUID_SIZE])
{
	if (!cb_session_token(req, ctx)) {
		(void)cb_unauthorized(req, ctx);
		return (-1);
	}
	if (!cb_case_path_id(req, case_id)) {
		cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
		return (-1);
	}
	if (req->method != HTTP_METHOD_POST)
		return (0);
	if (ctx->api)
		return (cb_body_json(req, ctx));
	if (cb_body_form(req, ctx) == -1)
		return (-1);
	if (!cb_csrf_ok(ctx)) {
		cb_reply_error(req, CB_FORBIDDEN, "err.csrf", NULL);
		return (-1);
	}
	return (0);
}

int
cb_case_snapshot_closed(const struct cb_case_snapshot *snap)
{
	const struct cb_state	*st;
	enum cb_case_type	 t;

	if (cb_case_type_parse(snap->case_type, &t) != 0 ||
	    (st = cb_flow_state(t, snap->state)) == NULL)
		return (0);
	return (strcmp(st->stage, "closed") == 0);
}
