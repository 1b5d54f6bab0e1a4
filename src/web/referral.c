/*
 * referral: sending a referral to a partner organisation, through
 * POST /api/v1/cases/{id}/referrals and the page /cases/{id}/referrals/new
 * (a page of its own: the form offers the case's consents that allow a
 * referral now, by organisation; the organisation is the chosen
 * consent's). A snapshot of the case and the named consent decides:
 * the caller is the case's caseworker, the case is not closed (any open
 * state will do), and the consent is the case's, active today, names
 * the organisation and covers every category the reason and services
 * need (domain/consent.c: what the package will carry). Otherwise 422
 * naming consent_id with what is wrong, and what is missing. The note is
 * sealed to the new referral's id; the store checks the consent again
 * under lock as it writes. A double submit answers with the first
 * referral. Every refusal is audited.
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
#include "web/idem.h"
#include "web/referral.h"
#include "web/web.h"

struct send {
	char				 case_id[CB_UUID_SIZE];
	char				 id[CB_UUID_SIZE];
	const struct cb_form		*form;
	struct cb_case_snapshot		 snap;
	struct cb_consent_snap		 cs;
	struct cb_consent_list		 cl;
	const char			*org;
	int				 needed;
	char				 categories[96];
	char				 idem[CB_IDEM_KEY_SIZE];
	int				 has_idem;
	unsigned char			 rhash[CB_HASH_LEN];
	unsigned char			*note;
	size_t				 note_len;
	char				 fields[128];
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	const char			*refusal;	/* the consent's */
	int				 missing;
	int				 status;	/* of the form page */
};

enum {
	S_START,
	S_SNAPSHOT,
	S_CONSENTS,
	S_SEND,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_consents(struct http_request *);
static int	st_send(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_consents),
	KORE_HTTP_STATE(st_send),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_case_referrals(struct http_request *);
int	cb_h_api_case_referrals_list(struct http_request *);
int	cb_h_referral_new_page(struct http_request *);

static int	run(struct http_request *, int);
static void	send_free(void *);
static int	refuse(struct http_request *, struct send *, enum cb_err,
		    const char *, const char *);
static void	field_names(struct cb_ctx *, struct send *);
static int	decide(struct http_request *, struct cb_ctx *,
		    struct send *);
static int	seal(struct send *, struct cb_ctx *);
static int	done(struct http_request *, struct cb_ctx *, struct send *,
		    int, const char *);

int
cb_h_api_case_referrals(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_GET)
		return (cb_h_api_case_referrals_list(req));
	return (run(req, 1));
}

int
cb_h_referral_new_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	return (cb_handler_run(req, api, states, NITEMS(states),
	    sizeof(struct send), send_free));
}

static void
send_free(void *arg)
{
	struct send	*s;

	s = arg;
	cb_case_snapshot_clear(&s->snap);
	cb_consent_list_clear(&s->cl);
	kore_free(s->note);
	sodium_memzero(s, sizeof(*s));
	kore_free(s);
}

/* The values are read first: the consent they name is part of the
 * snapshot. Their errors wait until the caller is known to see the case
 * and to be allowed to send. */
static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct send	*s;

	ctx = http_state_get(req);
	s = ctx->data;
	if (cb_case_start(req, ctx, s->case_id) == -1)
		return (HTTP_STATE_COMPLETE);
	(void)cb_strlcpy(s->cl.case_id, s->case_id, sizeof(s->cl.case_id));
	if (req->method == HTTP_METHOD_GET) {
		s->status = HTTP_STATUS_OK;
		req->fsm_state = S_CONSENTS;
		return (HTTP_STATE_CONTINUE);
	}
	if ((s->has_idem = cb_idem_key(req, ctx, s->idem)) == -1)
		return (HTTP_STATE_COMPLETE);
	s->form = ctx->api ? &cb_form_referral : &cb_form_referral_page;
	cb_refer_values(ctx, s->form);
	(void)cb_referral_check(&ctx->vals, &ctx->ferr);
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct send	*s;
	const char	*consent;

	ctx = http_state_get(req);
	s = ctx->data;
	if (!ctx->db.sent) {
		consent = cb_ferrors_get(&ctx->ferr, "consent_id") == NULL ?
		    cb_values_get(&ctx->vals, "consent_id") : NULL;
		cb_store_consent_snapshot(&ctx->q, &ctx->tok, s->case_id,
		    consent);
	}
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_case_snapshot_row(&ctx->db, &s->snap)) {
		cb_db_reset(&ctx->db);
		return (refuse(req, s, CB_NOT_FOUND, "err.not_found",
		    "denied"));
	}
	(void)cb_store_consent_snap_row(&ctx->db, &s->cs);
	cb_db_reset(&ctx->db);
	if (ctx->actor.role != CB_ROLE_CASEWORKER)
		return (refuse(req, s, CB_FORBIDDEN, "err.forbidden",
		    "denied"));
	if (cb_case_snapshot_closed(&s->snap))
		return (refuse(req, s, CB_GUARD, "err.case_closed", "guard"));
	if (decide(req, ctx, s) == -1) {
		s->status = 422;
		field_names(ctx, s);
		return (refuse(req, s, CB_INVALID, "err.invalid", "invalid"));
	}
	if (seal(s, ctx) == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	req->fsm_state = S_SEND;
	return (HTTP_STATE_CONTINUE);
}

static int
refuse(struct http_request *req, struct send *s, enum cb_err err,
    const char *key, const char *outcome)
{
	s->err = err;
	(void)cb_strlcpy(s->errkey, key, sizeof(s->errkey));
	s->outcome = outcome;
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

/* The audit entry of a refusal names the form's fields that were
 * wrong, never a name the request made up. */
static void
field_names(struct cb_ctx *ctx, struct send *s)
{
	cb_refer_error_names(ctx, s->form, s->fields, sizeof(s->fields));
}

/*
 * On valid fields: the consent of this case the request names, and
 * whether it allows this referral (domain/consent.c). The API names the
 * organisation itself; the page's is the consent's.
 */
static int
decide(struct http_request *req, struct cb_ctx *ctx, struct send *s)
{
	enum cb_referral_refusal	r;

	if (ctx->ferr.n > 0)
		return (-1);
	if (s->cs.id[0] == '\0') {
		cb_ferrors_add(&ctx->ferr, "consent_id", "err.consent_unknown");
		return (-1);
	}
	s->org = ctx->api ? cb_values_get(&ctx->vals, "organisation_id") :
	    s->cs.org;
	s->needed = cb_referral_needs(cb_values_get(&ctx->vals, "reason"),
	    cb_values_get(&ctx->vals, "services"));
	if (s->needed == -1) {
		cb_ferrors_add(&ctx->ferr, "reason", "err.option");
		return (-1);
	}
	r = cb_referral_allowed(s->cs.state, s->cs.org, s->org,
	    s->cs.categories, s->needed, &s->missing);
	if (r != CB_REFER_OK) {
		s->refusal = cb_referral_refusal_key(r, s->cs.state);
		if (r != CB_REFER_CATEGORIES)
			s->missing = 0;
		cb_ferrors_add(&ctx->ferr, "consent_id", s->refusal);
		return (-1);
	}
	cb_categories_str(s->needed, s->categories, sizeof(s->categories));
	return (0);
}

/* The note is E2: sealed with the case's key, bound to the referral. */
static int
seal(struct send *s, struct cb_ctx *ctx)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	int		rc;

	cb_uuid_new(s->id);
	cb_idem_digest(s->case_id, &ctx->vals, s->rhash);
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, s->snap.id, s->snap.key_version,
	    s->snap.wrapped, s->snap.wlen, dk) == 0)
		rc = cb_refer_seal(dk, s->snap.seal_version, "referrals",
		    "note", s->id, cb_values_get(&ctx->vals, "note"),
		    &s->note, &s->note_len);
	sodium_memzero(dk, sizeof(dk));
	cb_values_names(&ctx->vals, s->fields, sizeof(s->fields));
	return (rc);
}

/* The case's consents to choose from, then the form. */
static int
st_consents(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct send		*s;
	struct kore_buf		*buf;
	struct cb_page		 pg;
	const struct cb_kv	*kv;
	char			 csrf[65], tok[CB_TOKEN_SIZE];
	int			 rc;

	ctx = http_state_get(req);
	s = ctx->data;
	if ((rc = cb_consents_load(req, ctx, &s->cl)) != HTTP_STATE_CONTINUE)
		return (rc);
	if (ctx->actor.role != CB_ROLE_CASEWORKER)
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	if (strcmp(s->cl.c.stage, "closed") == 0)
		return (cb_fail(req, CB_GUARD, "err.case_closed", NULL));
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(16384);
	if (s->status == HTTP_STATUS_OK) {
		cb_vault_token_new(tok);
		cb_render_referral_form(buf, &pg, s->case_id, tok, s->cl.items,
		    s->cl.n, NULL, NULL, NULL, 0);
	} else {
		kv = cb_kv_get(&ctx->kv, "form_token");
		cb_render_referral_form(buf, &pg, s->case_id,
		    kv != NULL ? kv->value : "", s->cl.items, s->cl.n,
		    &ctx->vals, &ctx->ferr, s->refusal, s->missing);
	}
	cb_reply_html(req, s->status, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_send(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct send		*s;
	struct cb_referral_new	 rn;
	struct cb_ferrors	 fe;
	enum cb_refer_outcome	 rc;
	char			 id[CB_UUID_SIZE], created[40];

	ctx = http_state_get(req);
	s = ctx->data;
	if (!ctx->db.sent) {
		memset(&rn, 0, sizeof(rn));
		rn.case_id = s->case_id;
		rn.id = s->id;
		rn.org = s->org;
		rn.consent = s->cs.id;
		rn.reason = cb_values_get(&ctx->vals, "reason");
		rn.services = cb_values_get(&ctx->vals, "services");
		rn.categories = s->categories;
		rn.note = s->note;
		rn.note_len = s->note_len;
		rn.idem_key = s->has_idem ? s->idem : NULL;
		rn.req_hash = s->rhash;
		rn.fields = s->fields;
		cb_store_referral_send(&ctx->q, &ctx->tok, &rn, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	/* Refusals here were decided, and audited, in SQL. */
	rc = cb_store_refer_outcome(&ctx->db, "e_id", id, "e_created",
	    created);
	cb_db_reset(&ctx->db);
	switch (rc) {
	case CB_REF_CREATED:
	case CB_REF_REPLAY:
		(void)cb_strlcpy(s->id, id, sizeof(s->id));
		return (done(req, ctx, s, rc == CB_REF_REPLAY, created));
	case CB_REF_REUSE:
		memset(&fe, 0, sizeof(fe));
		cb_ferrors_add(&fe, "Idempotency-Key", "err.idempotency_reuse");
		return (cb_fail(req, CB_INVALID, "err.idempotency_reuse", &fe));
	case CB_REF_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_REF_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	case CB_REF_CLOSED:
		return (cb_fail(req, CB_GUARD, "err.case_closed", NULL));
	case CB_REF_CONSENT:
		/* Withdrawn or changed since the snapshot. */
		s->refusal = "err.consent_changed";
		cb_ferrors_add(&ctx->ferr, "consent_id", s->refusal);
		if (!ctx->api) {
			s->status = 422;
			req->fsm_state = S_CONSENTS;
			return (HTTP_STATE_CONTINUE);
		}
		return (cb_fail(req, CB_INVALID, "err.consent_changed",
		    &ctx->ferr));
	case CB_REF_LIMIT:
		return (cb_fail(req, CB_INVALID, "err.referrals_limit", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
}

/* Sent (or sent before): the page goes back to the case; the API
 * answers 201 with the referral as sent. */
static int
done(struct http_request *req, struct cb_ctx *ctx, struct send *s,
    int replay, const char *created)
{
	struct cb_referral	*r;
	struct kore_buf		*buf;
	char			 loc[80];
	const char		*v;

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s#referrals",
		    s->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	r = kore_calloc(1, sizeof(*r));
	(void)cb_strlcpy(r->id, s->id, sizeof(r->id));
	(void)cb_strlcpy(r->org_id, s->org, sizeof(r->org_id));
	(void)cb_strlcpy(r->consent_id, s->cs.id, sizeof(r->consent_id));
	r->consent_state = s->cs.state;
	(void)cb_strlcpy(r->reason, cb_values_get(&ctx->vals, "reason"),
	    sizeof(r->reason));
	if ((v = cb_values_get(&ctx->vals, "services")) != NULL)
		(void)cb_strlcpy(r->services, v, sizeof(r->services));
	r->categories = s->needed;
	(void)cb_strlcpy(r->status, "sent", sizeof(r->status));
	r->version = 1;
	if ((v = cb_values_get(&ctx->vals, "note")) != NULL)
		r->note = kore_strdup(v);
	(void)cb_strlcpy(r->created_by_name, ctx->actor.username,
	    sizeof(r->created_by_name));
	(void)cb_strlcpy(r->created_at, created, sizeof(r->created_at));
	if (replay)
		http_response_header(req, "idempotent-replayed", "true");
	buf = kore_buf_alloc(2048 + (r->note ? strlen(r->note) * 2 : 0));
	cb_render_referral_json(buf, s->case_id, r);
	cb_referral_clear(r);
	kore_free(r);
	cb_reply_json(req, HTTP_STATUS_CREATED, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct send	*s;
	struct kore_buf	*buf;

	ctx = http_state_get(req);
	s = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "referral.send",
		    s->case_id, s->fields[0] != '\0' ? s->fields : NULL,
		    s->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	cb_db_reset(&ctx->db);
	if (s->err == CB_INVALID && !ctx->api) {
		req->fsm_state = S_CONSENTS;
		return (HTTP_STATE_CONTINUE);
	}
	if (s->err == CB_INVALID && s->refusal != NULL && ctx->ferr.n == 1) {
		buf = kore_buf_alloc(512);
		cb_render_referral_refusal_json(buf, s->refusal, s->missing);
		cb_reply_json(req, 422, buf);
		return (HTTP_STATE_COMPLETE);
	}
	return (cb_fail(req, s->err, s->errkey,
	    s->err == CB_INVALID ? &ctx->ferr : NULL));
}
