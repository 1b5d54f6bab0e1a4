/*
 * consent_withdraw: the person withdraws a consent, through
 * POST /api/v1/consents/{id}/withdraw {"reason"?} and the form under
 * each consent on the case page (POST /cases/{case}/consents/{id}/
 * withdraw; the same path shows the form alone, and shows it again with
 * its error). Only the caseworker of the consent's case withdraws (a
 * supervisor of the office 403, anyone else 404), on a closed case too:
 * withdrawing only stops sharing. The reason is optional (nobody owes
 * one for changing their mind), sealed with the case's key and bound to
 * the consent. Every package under the consent stops at once, as the
 * partner's read checks the consent when it reads. A second withdrawal
 * is 409. Every refusal is audited.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "render/referral.h"
#include "render/render.h"
#include "store/audit.h"
#include "store/case.h"
#include "store/referral.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/referral.h"
#include "web/web.h"

struct withdraw {
	char				 case_id[CB_UUID_SIZE];	/* pages */
	char				 id[CB_UUID_SIZE];
	struct cb_case_snapshot		 snap;
	struct cb_consent_snap		 cs;
	unsigned char			*reason;
	size_t				 reason_len;
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
};

enum {
	S_START,
	S_SNAPSHOT,
	S_WITHDRAW,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_withdraw(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_withdraw),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_consent_withdraw(struct http_request *);
int	cb_h_consent_withdraw_page(struct http_request *);

static void	withdraw_free(void *);
static int	refuse(struct http_request *, struct withdraw *,
		    enum cb_err, const char *, const char *);
static void	page(struct http_request *, struct cb_ctx *,
		    struct withdraw *, int);

int
cb_h_api_consent_withdraw(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 1, states, NITEMS(states),
	    sizeof(struct withdraw), withdraw_free));
}

int
cb_h_consent_withdraw_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 0, states, NITEMS(states),
	    sizeof(struct withdraw), withdraw_free));
}

static void
withdraw_free(void *arg)
{
	struct withdraw	*w;

	w = arg;
	cb_case_snapshot_clear(&w->snap);
	kore_free(w->reason);
	sodium_memzero(w, sizeof(*w));
	kore_free(w);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct withdraw	*w;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (!cb_path_sub_id(req, "/consents/", w->id) ||
	    (!ctx->api && !cb_case_path_id(req, w->case_id)))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if (req->method == HTTP_METHOD_POST) {
		if (ctx->api) {
			if (cb_body_json(req, ctx) == -1)
				return (HTTP_STATE_COMPLETE);
		} else {
			if (cb_body_form(req, ctx) == -1)
				return (HTTP_STATE_COMPLETE);
			if (!cb_csrf_ok(ctx))
				return (cb_fail(req, CB_FORBIDDEN, "err.csrf",
				    NULL));
		}
		cb_refer_values(ctx, &cb_form_withdraw);
	}
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct withdraw	*w;
	unsigned char	 dk[CB_VAULT_KEY_LEN];
	int		 rc;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!ctx->db.sent)
		cb_store_consent_snapshot(&ctx->q, &ctx->tok,
		    w->case_id[0] != '\0' ? w->case_id : NULL, w->id);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_case_snapshot_row(&ctx->db, &w->snap) ||
	    !cb_store_consent_snap_row(&ctx->db, &w->cs)) {
		cb_db_reset(&ctx->db);
		return (refuse(req, w, CB_NOT_FOUND, "err.not_found",
		    "denied"));
	}
	cb_db_reset(&ctx->db);
	(void)cb_strlcpy(w->case_id, w->snap.id, sizeof(w->case_id));
	if (ctx->actor.role != CB_ROLE_CASEWORKER)
		return (refuse(req, w, CB_FORBIDDEN, "err.forbidden",
		    "denied"));
	if (w->cs.withdrawn)
		return (refuse(req, w, CB_CONFLICT, "err.consent_withdrawn",
		    "conflict"));
	if (req->method == HTTP_METHOD_GET) {
		page(req, ctx, w, HTTP_STATUS_OK);
		return (HTTP_STATE_COMPLETE);
	}
	if (ctx->ferr.n > 0)
		return (refuse(req, w, CB_INVALID, "err.invalid", "invalid"));

	/* The reason is E2: sealed with the case's key, bound to the
	 * consent. */
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, w->snap.id, w->snap.key_version,
	    w->snap.wrapped, w->snap.wlen, dk) == 0)
		rc = cb_refer_seal(dk, w->snap.seal_version, "consents",
		    "withdrawal_reason", w->id, cb_values_get(&ctx->vals,
		    "reason"), &w->reason, &w->reason_len);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	req->fsm_state = S_WITHDRAW;
	return (HTTP_STATE_CONTINUE);
}

static int
refuse(struct http_request *req, struct withdraw *w, enum cb_err err,
    const char *key, const char *outcome)
{
	w->err = err;
	(void)cb_strlcpy(w->errkey, key, sizeof(w->errkey));
	w->outcome = outcome;
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

static void
page(struct http_request *req, struct cb_ctx *ctx, struct withdraw *w,
    int status)
{
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];

	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(4096);
	cb_render_withdraw_page(buf, &pg, w->case_id, w->id,
	    status == HTTP_STATUS_OK ? NULL : &ctx->vals,
	    status == HTTP_STATUS_OK ? NULL : &ctx->ferr, NULL);
	cb_reply_html(req, status, buf);
}

static int
st_withdraw(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct withdraw		*w;
	struct kore_buf		*buf;
	enum cb_refer_outcome	 rc;
	char			 case_id[CB_UUID_SIZE], at[40], loc[80];

	ctx = http_state_get(req);
	w = ctx->data;
	if (!ctx->db.sent)
		cb_store_consent_withdraw(&ctx->q, &ctx->tok, w->id,
		    w->reason, w->reason_len, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	rc = cb_store_refer_outcome(&ctx->db, "e_case", case_id,
	    "e_withdrawn", at);
	cb_db_reset(&ctx->db);
	switch (rc) {
	case CB_REF_OK:
		break;
	case CB_REF_CONFLICT:
		return (cb_fail(req, CB_CONFLICT, "err.consent_withdrawn",
		    NULL));
	case CB_REF_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_REF_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s#consents",
		    w->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	buf = kore_buf_alloc(256);
	cb_render_withdrawn_json(buf, w->id, case_id, at);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct withdraw	*w;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "consent.withdraw",
		    w->snap.id[0] != '\0' ? w->snap.id : w->id,
		    w->err == CB_INVALID ? "reason" : NULL, w->outcome,
		    ctx->reqid);
	CB_AWAIT(req, ctx);
	cb_db_reset(&ctx->db);
	if (w->err == CB_INVALID && !ctx->api) {
		page(req, ctx, w, 422);
		return (HTTP_STATE_COMPLETE);
	}
	return (cb_fail(req, w->err, w->errkey,
	    w->err == CB_INVALID ? &ctx->ferr : NULL));
}
