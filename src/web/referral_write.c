/*
 * referral_write: what a partner sends back on a referral, through
 * POST /api/v1/referrals/{id}/response {"decision", "reason",
 * "version"?} and POST /api/v1/referrals/{id}/updates {"service",
 * "status", "date", "note"}, and the two forms of the referral page.
 * The referral's key comes first (referral_key: a partner of its
 * organisation, the consent active today, else 404 as for a referral
 * that does not exist, or 422 when the consent no longer allows it);
 * the field tables and rules of domain/referral.c decide on the values;
 * the partner's text is sealed with the case's key, bound to the
 * referral or the new update; the store writes it with its audit
 * entry, checking everything again in SQL under a lock of the referral
 * (so of two answers exactly one is taken, the other is 409). An
 * update's Idempotency-Key (or the form's one-time token) replays the
 * first. A form with errors comes back with its input and each error
 * next to its field; every refusal is audited.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/package.h"
#include "render/package.h"
#include "render/render.h"
#include "store/audit.h"
#include "store/package.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/idem.h"
#include "web/package.h"
#include "web/web.h"

enum kind {
	K_RESPOND,
	K_UPDATE
};

struct write {
	enum kind			 kind;
	char				 id[CB_UUID_SIZE];
	char				 idem[CB_IDEM_KEY_SIZE];
	int				 has_idem;
	unsigned char			 rhash[CB_HASH_LEN];
	struct cb_referral_key		 key;
	/* The answer. */
	int				 accept;
	int				 version;	/* -1: not given */
	unsigned char			*reason;
	size_t				 reason_len;
	/* The update. */
	struct cb_referral_update_sealed us;
	struct cb_referral_update	 u;
	/* A refusal: its answer; for invalid input, the fields named in
	 * its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	char				 fields[128];
	struct cb_referral_view		 view;
};

enum {
	S_START,
	S_KEY,
	S_WRITE,
	S_REFUSE,
	S_REDRAW
};

static int	st_start(struct http_request *);
static int	st_key(struct http_request *);
static int	st_write(struct http_request *);
static int	st_refuse(struct http_request *);
static int	st_redraw(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_key),
	KORE_HTTP_STATE(st_write),
	KORE_HTTP_STATE(st_refuse),
	KORE_HTTP_STATE(st_redraw),
};

int	cb_h_api_referral_response(struct http_request *);
int	cb_h_referral_response_page(struct http_request *);
int	cb_h_api_referral_updates(struct http_request *);
int	cb_h_referral_updates_page(struct http_request *);

static int	run(struct http_request *, int, enum kind);
static void	write_free(void *);
static int	validate(struct cb_ctx *, struct write *);
static int	seal(struct cb_ctx *, struct write *);
static int	written(struct http_request *, struct cb_ctx *,
		    struct write *, enum cb_referral_outcome, int,
		    const char *, const char *);
static int	answered(struct http_request *, struct cb_ctx *,
		    struct write *, enum cb_referral_outcome);

int
cb_h_api_referral_response(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, K_RESPOND));
}

int
cb_h_referral_response_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, K_RESPOND));
}

int
cb_h_api_referral_updates(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, K_UPDATE));
}

int
cb_h_referral_updates_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, K_UPDATE));
}

static int
run(struct http_request *req, int api, enum kind kind)
{
	struct cb_ctx	*ctx;
	struct write	*w;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		w = kore_calloc(1, sizeof(*w));
		w->kind = kind;
		w->version = -1;
		ctx->data = w;
		ctx->data_free = write_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
write_free(void *arg)
{
	struct write	*w;

	w = arg;
	cb_referral_key_clear(&w->key);
	kore_free(w->reason);
	cb_referral_update_sealed_clear(&w->us);
	cb_referral_update_clear(&w->u);
	cb_referral_view_clear(&w->view);
	sodium_memzero(w, sizeof(*w));
	kore_free(w);
}

static const char *
action(const struct write *w)
{
	return (w->kind == K_RESPOND ? "referral.respond" : "referral.update");
}

/* Pages prove their origin (CSRF) before anything else is read. */
static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct write	*w;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (!cb_referral_path_id(req, w->id))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if ((w->has_idem = cb_create_body(req, ctx, w->idem)) == -1)
		return (HTTP_STATE_COMPLETE);
	/* An answer is given once: no key to replay it by. */
	if (w->kind == K_RESPOND)
		w->has_idem = 0;
	req->fsm_state = S_KEY;
	return (HTTP_STATE_CONTINUE);
}

static int
st_key(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct write	*w;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!ctx->db.sent)
		cb_store_referral_key(&ctx->q, &ctx->tok, w->id, action(w),
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_referral_key_row(&ctx->db, &w->key)) {
		cb_db_reset(&ctx->db);
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	cb_db_reset(&ctx->db);
	/* Both refusals are audited by referral_key already. */
	if (w->key.outcome == CB_REF_NOT_FOUND)
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if (w->key.outcome == CB_REF_CONSENT)
		return (cb_fail(req, CB_GUARD, "err.referral_consent", NULL));
	if (validate(ctx, w) == -1) {
		w->err = CB_INVALID;
		(void)cb_strlcpy(w->errkey, "err.invalid", sizeof(w->errkey));
		req->fsm_state = S_REFUSE;
		return (HTTP_STATE_CONTINUE);
	}
	if (seal(ctx, w) == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	req->fsm_state = S_WRITE;
	return (HTTP_STATE_CONTINUE);
}

/*
 * The field table first, then the rules across fields, so that every
 * error is shown at once. The audit entry of a refusal names the
 * form's fields that were wrong (never a name the request made up).
 */
static int
validate(struct cb_ctx *ctx, struct write *w)
{
	const struct cb_form	*form;
	const char		*v;
	size_t			 i;

	form = w->kind == K_RESPOND ? &cb_form_referral_response :
	    &cb_form_referral_update;
	if (ctx->api)
		(void)cb_form_from_json(form, ctx->json, &ctx->vals,
		    &ctx->ferr);
	else
		(void)cb_form_from_kv(form, &ctx->kv, &ctx->vals, &ctx->ferr);
	if (w->kind == K_RESPOND)
		(void)cb_referral_response_check(&ctx->vals, &ctx->ferr);
	else
		(void)cb_referral_update_check(&ctx->vals, w->key.services,
		    &ctx->ferr);
	if (ctx->ferr.n == 0) {
		if (w->kind == K_RESPOND) {
			v = cb_values_get(&ctx->vals, "decision");
			w->accept = v != NULL && strcmp(v, "accept") == 0;
			if ((v = cb_values_get(&ctx->vals, "version")) != NULL)
				w->version = (int)strtol(v, NULL, 10);
		}
		return (0);
	}
	for (i = 0; i < ctx->ferr.n; i++) {
		if (cb_form_index(form, ctx->ferr.field[i]) == -1)
			continue;
		if (w->fields[0] != '\0')
			(void)cb_strlcat(w->fields, ",", sizeof(w->fields));
		(void)cb_strlcat(w->fields, ctx->ferr.field[i],
		    sizeof(w->fields));
	}
	return (-1);
}

/* The partner's text is E2: sealed with the case's key. */
static int
seal(struct cb_ctx *ctx, struct write *w)
{
	unsigned char	 dk[CB_VAULT_KEY_LEN];
	const char	*reason;
	int		 rc;

	if (w->kind == K_UPDATE)
		cb_idem_digest(w->id, &ctx->vals, w->rhash);
	if (cb_vault_dk_unwrap(cb_app.vault, w->key.case_id,
	    w->key.key_version, w->key.wrapped, w->key.wlen, dk) == -1)
		return (-1);
	rc = 0;
	if (w->kind == K_UPDATE) {
		rc = cb_referral_update_seal(dk, w->key.seal_version,
		    &ctx->vals, &w->us);
	} else if ((reason = cb_values_get(&ctx->vals, "reason")) != NULL &&
	    *reason != '\0') {
		rc = cb_referral_seal_reason(dk, w->key.seal_version, w->id,
		    reason, &w->reason, &w->reason_len);
	}
	sodium_memzero(dk, sizeof(dk));
	return (rc);
}

static int
st_write(struct http_request *req)
{
	struct cb_ctx			*ctx;
	struct write			*w;
	struct cb_referral_update_new	 un;
	struct kore_buf			*buf;
	enum cb_referral_outcome	 rc;
	char				 status[16], when[40];
	char				 id[CB_UUID_SIZE];
	int				 version;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!ctx->db.sent) {
		if (w->kind == K_RESPOND) {
			cb_store_referral_respond(&ctx->q, &ctx->tok, w->id,
			    w->accept, w->reason, w->reason_len, w->version,
			    w->reason != NULL ? "decision,reason" : "decision",
			    ctx->reqid);
		} else {
			memset(&un, 0, sizeof(un));
			un.referral_id = w->id;
			un.s = &w->us;
			un.service = cb_values_get(&ctx->vals, "service");
			un.status = cb_values_get(&ctx->vals, "status");
			un.date = cb_values_get(&ctx->vals, "date");
			un.idem_key = w->has_idem ? w->idem : NULL;
			un.req_hash = w->rhash;
			cb_store_referral_update_add(&ctx->q, &ctx->tok, &un,
			    ctx->reqid);
		}
	}
	CB_AWAIT_ACTOR(req, ctx);
	if (w->kind == K_RESPOND) {
		rc = cb_store_referral_respond_row(&ctx->db, status, &version,
		    when);
		cb_db_reset(&ctx->db);
		if (rc == CB_REF_OK && ctx->api) {
			buf = kore_buf_alloc(256);
			cb_render_referral_response_json(buf, w->id, status,
			    version, when);
			cb_reply_json(req, HTTP_STATUS_OK, buf);
			return (HTTP_STATE_COMPLETE);
		}
		return (answered(req, ctx, w, rc));
	}
	rc = cb_store_referral_update_add_row(&ctx->db, id, when);
	cb_db_reset(&ctx->db);
	return (written(req, ctx, w, rc, rc == CB_REF_REPLAY, id, when));
}

/* A written update: 201 with it (the first one on a replay), or the
 * referral page again. */
static int
written(struct http_request *req, struct cb_ctx *ctx, struct write *w,
    enum cb_referral_outcome rc, int replay, const char *id,
    const char *when)
{
	struct kore_buf	*buf;

	if (rc != CB_REF_OK && rc != CB_REF_REPLAY)
		return (answered(req, ctx, w, rc));
	if (!ctx->api)
		return (answered(req, ctx, w, rc));
	cb_referral_update_from_values(&w->u, &ctx->vals, &w->us);
	(void)cb_strlcpy(w->u.id, id, sizeof(w->u.id));
	(void)cb_strlcpy(w->u.created_at, when, sizeof(w->u.created_at));
	(void)cb_strlcpy(w->u.created_by, ctx->actor.username,
	    sizeof(w->u.created_by));
	if (replay)
		http_response_header(req, "idempotent-replayed", "true");
	buf = kore_buf_alloc(1024 + (w->u.note != NULL ?
	    strlen(w->u.note) * 2 : 0));
	cb_render_referral_update_json(buf, w->id, &w->u);
	cb_reply_json(req, HTTP_STATUS_CREATED, buf);
	return (HTTP_STATE_COMPLETE);
}

/*
 * What the database decided (and audited): the page goes back to the
 * referral, drawn again with the error when one can be fixed there.
 */
static int
answered(struct http_request *req, struct cb_ctx *ctx, struct write *w,
    enum cb_referral_outcome rc)
{
	struct cb_ferrors	fe;
	char			loc[64];

	memset(&fe, 0, sizeof(fe));
	switch (rc) {
	case CB_REF_OK:
	case CB_REF_REPLAY:
		(void)snprintf(loc, sizeof(loc), "/referrals/%s", w->id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	case CB_REF_REUSE:
		cb_ferrors_add(&fe, "Idempotency-Key", "err.idempotency_reuse");
		return (cb_fail(req, CB_INVALID, "err.idempotency_reuse", &fe));
	case CB_REF_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_REF_CONSENT:
		return (cb_fail(req, CB_GUARD, "err.referral_consent", NULL));
	case CB_REF_CONFLICT:
		w->err = CB_CONFLICT;
		(void)cb_strlcpy(w->errkey, "err.referral_answered",
		    sizeof(w->errkey));
		break;
	case CB_REF_NOT_ACCEPTED:
		w->err = CB_GUARD;
		(void)cb_strlcpy(w->errkey, "err.referral_not_accepted",
		    sizeof(w->errkey));
		break;
	case CB_REF_LIMIT:
		w->err = CB_GUARD;
		(void)cb_strlcpy(w->errkey, "err.referral_updates_limit",
		    sizeof(w->errkey));
		break;
	case CB_REF_SERVICE:
	case CB_REF_FUTURE:
		w->err = CB_INVALID;
		(void)cb_strlcpy(w->errkey, "err.invalid", sizeof(w->errkey));
		cb_ferrors_add(&ctx->ferr, rc == CB_REF_SERVICE ? "service" :
		    "date", rc == CB_REF_SERVICE ? "err.referral_service" :
		    "err.date");
		break;
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	if (ctx->api)
		return (cb_fail(req, w->err, w->errkey,
		    w->err == CB_INVALID ? &ctx->ferr : NULL));
	req->fsm_state = S_REDRAW;
	return (HTTP_STATE_CONTINUE);
}

/* Invalid input: its audit entry, then the error or the form again. */
static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct write	*w;

	ctx = http_state_get(req);
	w = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, action(w), w->id,
		    w->fields[0] != '\0' ? w->fields : NULL, "invalid",
		    ctx->reqid);
	CB_AWAIT(req, ctx);
	cb_db_reset(&ctx->db);
	if (ctx->api)
		return (cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr));
	req->fsm_state = S_REDRAW;
	return (HTTP_STATE_CONTINUE);
}

/* The referral page again, the failed form with its input and errors. */
static int
st_redraw(struct http_request *req)
{
	struct cb_ctx			*ctx;
	struct write			*w;
	struct kore_buf			*buf;
	struct cb_page			 pg;
	struct cb_referral_pageview	 pv;
	const struct cb_kv		*kv;
	char				 csrf[65], tok[CB_TOKEN_SIZE];
	int				 rc;

	ctx = http_state_get(req);
	w = ctx->data;
	(void)cb_strlcpy(w->view.id, w->id, sizeof(w->view.id));
	if ((rc = cb_referral_load(req, ctx, &w->view)) !=
	    HTTP_STATE_CONTINUE)
		return (rc);
	memset(&pv, 0, sizeof(pv));
	pv.p = &w->view.p;
	pv.failed = w->kind == K_RESPOND ? "response" : "update";
	pv.vals = &ctx->vals;
	pv.fe = &ctx->ferr;
	pv.errkey = w->err != CB_INVALID ? w->errkey : NULL;
	/* The same one-time token: a second click still counts once. */
	if ((kv = cb_kv_get(&ctx->kv, "form_token")) != NULL &&
	    strlen(kv->value) < sizeof(tok))
		(void)cb_strlcpy(tok, kv->value, sizeof(tok));
	else
		cb_vault_token_new(tok);
	pv.form_token = tok;
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(16384);
	cb_render_referral_page(buf, &pg, &pv);
	cb_reply_html(req, cb_err_status(w->err), buf);
	return (HTTP_STATE_COMPLETE);
}
