/*
 * referral_close: the case team stops following a referral, through
 * POST /api/v1/cases/{id}/referrals/{rid}/close {"version"} and the
 * close button under each open referral on the case page. Only the
 * case's caseworker closes (a supervisor of the office 403, anyone else
 * 404), whatever the referral's answer, on a closed case too (closing
 * only winds sharing down); a stale version, or a referral closed
 * already, is 409. One statement decides, writes and audits.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "render/referral.h"
#include "render/render.h"
#include "store/audit.h"
#include "store/referral.h"
#include "web/case.h"
#include "web/referral.h"
#include "web/web.h"

struct close {
	char		case_id[CB_UUID_SIZE];
	char		id[CB_UUID_SIZE];
	int		version;
};

enum {
	S_START,
	S_CLOSE,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_close(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_close),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_referral_close(struct http_request *);
int	cb_h_referral_close_page(struct http_request *);

static void	close_free(void *);

int
cb_h_api_referral_close(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 1, states, NITEMS(states),
	    sizeof(struct close), close_free));
}

int
cb_h_referral_close_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 0, states, NITEMS(states),
	    sizeof(struct close), close_free));
}

static void
close_free(void *arg)
{
	sodium_memzero(arg, sizeof(struct close));
	kore_free(arg);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct close	*c;

	ctx = http_state_get(req);
	c = ctx->data;
	if (cb_case_start(req, ctx, c->case_id) == -1)
		return (HTTP_STATE_COMPLETE);
	if (!cb_path_sub_id(req, "/referrals/", c->id))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	cb_refer_values(ctx, &cb_form_referral_close);
	if (ctx->ferr.n == 0 &&
	    (c->version = cb_referral_close_version(&ctx->vals)) == -1)
		cb_ferrors_add(&ctx->ferr, "version", "err.version");
	req->fsm_state = ctx->ferr.n > 0 ? S_REFUSE : S_CLOSE;
	return (HTTP_STATE_CONTINUE);
}

static int
st_close(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct close		*c;
	struct kore_buf		*buf;
	enum cb_refer_outcome	 rc;
	char			 status[16], loc[80];
	int			 version;

	ctx = http_state_get(req);
	c = ctx->data;
	if (!ctx->db.sent)
		cb_store_referral_close(&ctx->q, &ctx->tok, c->case_id, c->id,
		    c->version, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	rc = cb_store_referral_close_row(&ctx->db, status, &version);
	cb_db_reset(&ctx->db);
	switch (rc) {
	case CB_REF_OK:
		break;
	case CB_REF_CONFLICT:
		return (cb_fail(req, CB_CONFLICT, strcmp(status, "closed") ==
		    0 ? "err.referral_closed" : "err.referral_stale", NULL));
	case CB_REF_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_REF_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s#referrals",
		    c->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	buf = kore_buf_alloc(256);
	cb_render_referral_status_json(buf, c->id, c->case_id, status,
	    version);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

/* A body that is not {"version": n}, audited before the answer. */
static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct close	*c;

	ctx = http_state_get(req);
	c = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "referral.close",
		    c->case_id, "version", "invalid", ctx->reqid);
	CB_AWAIT(req, ctx);
	return (cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr));
}
