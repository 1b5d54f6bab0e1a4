/*
 * consent: recording a person's consent to share their case's data
 * with an organisation, through POST /api/v1/cases/{id}/consents and
 * the page /cases/{id}/consents/new (a page of its own, like assistance:
 * the form needs the organisations to choose from). A snapshot of the
 * case says whether the caller may (the case's caseworker, the case not
 * closed, its person consented to the processing of their data at all)
 * and gives its key; the field table and the rules of domain/referral.c
 * decide on the values; the purpose is sealed to the new consent's id;
 * the store writes it with its audit entry, checking all of it again in
 * SQL (and that the organisation exists). A double submit answers with
 * the first consent. Every refusal is audited.
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

struct add {
	char				 case_id[CB_UUID_SIZE];
	char				 id[CB_UUID_SIZE];
	char				 today[11];
	struct cb_case_snapshot		 snap;
	struct cb_org_list		 orgs;
	char				 idem[CB_IDEM_KEY_SIZE];
	int				 has_idem;
	unsigned char			 rhash[CB_HASH_LEN];
	unsigned char			*purpose;
	size_t				 purpose_len;
	char				 fields[160];
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	int				 status;	/* of the form page */
};

enum {
	S_START,
	S_SNAPSHOT,
	S_ORGS,
	S_ADD,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_orgs(struct http_request *);
static int	st_add(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_orgs),
	KORE_HTTP_STATE(st_add),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_case_consents(struct http_request *);
int	cb_h_api_case_consents_list(struct http_request *);
int	cb_h_consent_new_page(struct http_request *);

static int	run(struct http_request *, int);
static void	add_free(void *);
static int	refuse(struct http_request *, struct add *, enum cb_err,
		    const char *, const char *);
static int	validate(struct cb_ctx *, struct add *);
static int	seal(struct add *, struct cb_ctx *);
static int	done(struct http_request *, struct cb_ctx *, struct add *,
		    int, const char *);
static int	invalid(struct http_request *, struct cb_ctx *, struct add *,
		    const char *, const char *);

int
cb_h_api_case_consents(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_GET)
		return (cb_h_api_case_consents_list(req));
	return (run(req, 1));
}

int
cb_h_consent_new_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	return (cb_handler_run(req, api, states, NITEMS(states),
	    sizeof(struct add), add_free));
}

static void
add_free(void *arg)
{
	struct add	*a;

	a = arg;
	cb_case_snapshot_clear(&a->snap);
	cb_org_list_clear(&a->orgs);
	kore_free(a->purpose);
	sodium_memzero(a, sizeof(*a));
	kore_free(a);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct add	*a;

	ctx = http_state_get(req);
	a = ctx->data;
	if (cb_case_start(req, ctx, a->case_id) == -1)
		return (HTTP_STATE_COMPLETE);
	if (req->method == HTTP_METHOD_POST &&
	    (a->has_idem = cb_idem_key(req, ctx, a->idem)) == -1)
		return (HTTP_STATE_COMPLETE);
	cb_today_utc(a->today);
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct add	*a;

	ctx = http_state_get(req);
	a = ctx->data;
	if (!ctx->db.sent)
		cb_store_case_snapshot(&ctx->q, &ctx->tok, a->case_id);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_case_snapshot_row(&ctx->db, &a->snap)) {
		cb_db_reset(&ctx->db);
		return (refuse(req, a, CB_NOT_FOUND, "err.not_found",
		    "denied"));
	}
	cb_db_reset(&ctx->db);
	if (ctx->actor.role != CB_ROLE_CASEWORKER)
		return (refuse(req, a, CB_FORBIDDEN, "err.forbidden",
		    "denied"));
	if (cb_case_snapshot_closed(&a->snap))
		return (refuse(req, a, CB_GUARD, "err.case_closed", "guard"));
	if (!a->snap.consent)
		return (refuse(req, a, CB_GUARD, "err.no_processing_consent",
		    "guard"));
	if (req->method == HTTP_METHOD_GET) {
		a->status = HTTP_STATUS_OK;
		req->fsm_state = S_ORGS;
		return (HTTP_STATE_CONTINUE);
	}
	if (validate(ctx, a) == -1) {
		a->status = 422;
		return (refuse(req, a, CB_INVALID, "err.invalid", "invalid"));
	}
	if (seal(a, ctx) == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	req->fsm_state = S_ADD;
	return (HTTP_STATE_CONTINUE);
}

static int
refuse(struct http_request *req, struct add *a, enum cb_err err,
    const char *key, const char *outcome)
{
	a->err = err;
	(void)cb_strlcpy(a->errkey, key, sizeof(a->errkey));
	a->outcome = outcome;
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

/* The field table, then the rules across fields; the audit entry of a
 * refusal names the form's fields that were wrong. */
static int
validate(struct cb_ctx *ctx, struct add *a)
{
	cb_refer_values(ctx, &cb_form_consent);
	(void)cb_consent_check(&ctx->vals, a->today, &ctx->ferr);
	if (ctx->ferr.n == 0)
		return (0);
	cb_refer_error_names(ctx, &cb_form_consent, a->fields,
	    sizeof(a->fields));
	return (-1);
}

/* The purpose is E2: sealed with the case's key, bound to the consent. */
static int
seal(struct add *a, struct cb_ctx *ctx)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	int		rc;

	cb_uuid_new(a->id);
	cb_idem_digest(a->case_id, &ctx->vals, a->rhash);
	cb_values_names(&ctx->vals, a->fields, sizeof(a->fields));
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, a->snap.id, a->snap.key_version,
	    a->snap.wrapped, a->snap.wlen, dk) == 0)
		rc = cb_refer_seal(dk, a->snap.seal_version, "consents",
		    "purpose", a->id, cb_values_get(&ctx->vals, "purpose"),
		    &a->purpose, &a->purpose_len);
	sodium_memzero(dk, sizeof(dk));
	return (rc == 0 && a->purpose != NULL ? 0 : -1);
}

/* The organisations to choose from, then the form. */
static int
st_orgs(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct add		*a;
	struct kore_buf		*buf;
	struct cb_page		 pg;
	const struct cb_kv	*kv;
	char			 csrf[65], tok[CB_TOKEN_SIZE];
	int			 rc;

	ctx = http_state_get(req);
	a = ctx->data;
	if ((rc = cb_orgs_load(req, ctx, &a->orgs)) != HTTP_STATE_CONTINUE)
		return (rc);
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(16384);
	if (a->status == HTTP_STATUS_OK) {
		cb_vault_token_new(tok);
		cb_render_consent_form(buf, &pg, a->case_id, tok,
		    a->orgs.items, a->orgs.n, NULL, NULL);
	} else {
		kv = cb_kv_get(&ctx->kv, "form_token");
		cb_render_consent_form(buf, &pg, a->case_id,
		    kv != NULL ? kv->value : "", a->orgs.items, a->orgs.n,
		    &ctx->vals, &ctx->ferr);
	}
	cb_reply_html(req, a->status, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_add(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct add		*a;
	struct cb_consent_new	 cn;
	struct cb_ferrors	 fe;
	enum cb_refer_outcome	 rc;
	char			 id[CB_UUID_SIZE], created[40];

	ctx = http_state_get(req);
	a = ctx->data;
	if (!ctx->db.sent) {
		memset(&cn, 0, sizeof(cn));
		cn.case_id = a->case_id;
		cn.id = a->id;
		cn.org = cb_values_get(&ctx->vals, "organisation_id");
		cn.purpose = a->purpose;
		cn.purpose_len = a->purpose_len;
		cn.categories = cb_values_get(&ctx->vals, "data_categories");
		cn.from = cb_consent_from(&ctx->vals, a->today);
		cn.until = cb_values_get(&ctx->vals, "valid_until");
		cn.method = cb_values_get(&ctx->vals, "method");
		cn.language = cb_values_get(&ctx->vals, "language");
		cn.idem_key = a->has_idem ? a->idem : NULL;
		cn.req_hash = a->rhash;
		cn.fields = a->fields;
		cb_store_consent_add(&ctx->q, &ctx->tok, &cn, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	/* Refusals here were decided, and audited, in SQL. */
	rc = cb_store_refer_outcome(&ctx->db, "e_id", id, "e_created",
	    created);
	cb_db_reset(&ctx->db);
	switch (rc) {
	case CB_REF_CREATED:
	case CB_REF_REPLAY:
		(void)cb_strlcpy(a->id, id, sizeof(a->id));
		return (done(req, ctx, a, rc == CB_REF_REPLAY, created));
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
	case CB_REF_NO_CONSENT:
		return (cb_fail(req, CB_GUARD, "err.no_processing_consent",
		    NULL));
	case CB_REF_NO_ORG:
		return (invalid(req, ctx, a, "organisation_id",
		    "err.no_organisation"));
	case CB_REF_DATES:
		return (invalid(req, ctx, a, "valid_from", "err.consent_past"));
	case CB_REF_LIMIT:
		return (cb_fail(req, CB_INVALID, "err.consents_limit", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
}

/* A field only the database could judge: the form again (its refusal
 * is audited already), or 422 naming the field. */
static int
invalid(struct http_request *req, struct cb_ctx *ctx, struct add *a,
    const char *field, const char *key)
{
	cb_ferrors_add(&ctx->ferr, field, key);
	if (ctx->api)
		return (cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr));
	a->status = 422;
	req->fsm_state = S_ORGS;
	return (HTTP_STATE_CONTINUE);
}

/* Recorded (or recorded before): the page goes back to the case; the
 * API answers 201 with the consent as sent (the digest showed a replay
 * to be the same request). */
static int
done(struct http_request *req, struct cb_ctx *ctx, struct add *a,
    int replay, const char *created)
{
	struct cb_consent	 c;
	struct kore_buf		*buf;
	char			 loc[80];
	const char		*v;
	int			 bits;

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s#consents",
		    a->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	memset(&c, 0, sizeof(c));
	(void)cb_strlcpy(c.id, a->id, sizeof(c.id));
	(void)cb_strlcpy(c.org_id, cb_values_get(&ctx->vals,
	    "organisation_id"), sizeof(c.org_id));
	bits = cb_categories_parse(cb_values_get(&ctx->vals,
	    "data_categories"));
	c.categories = bits > 0 ? bits : 0;
	(void)cb_strlcpy(c.valid_from, cb_consent_from(&ctx->vals, a->today),
	    sizeof(c.valid_from));
	(void)cb_strlcpy(c.valid_until, cb_values_get(&ctx->vals,
	    "valid_until"), sizeof(c.valid_until));
	(void)cb_strlcpy(c.method, cb_values_get(&ctx->vals, "method"),
	    sizeof(c.method));
	(void)cb_strlcpy(c.language, cb_values_get(&ctx->vals, "language"),
	    sizeof(c.language));
	(void)cb_strlcpy(c.created_by_name, ctx->actor.username,
	    sizeof(c.created_by_name));
	(void)cb_strlcpy(c.created_at, created, sizeof(c.created_at));
	c.state = cb_consent_state(c.valid_from, c.valid_until, 0, a->today);
	if ((v = cb_values_get(&ctx->vals, "purpose")) != NULL)
		c.purpose = kore_strdup(v);
	if (replay)
		http_response_header(req, "idempotent-replayed", "true");
	buf = kore_buf_alloc(2048 + (c.purpose ? strlen(c.purpose) * 2 : 0));
	cb_render_consent_json(buf, a->case_id, &c);
	cb_consent_clear(&c);
	cb_reply_json(req, HTTP_STATUS_CREATED, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct add	*a;

	ctx = http_state_get(req);
	a = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "consent.add",
		    a->case_id, a->fields[0] != '\0' ? a->fields : NULL,
		    a->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	cb_db_reset(&ctx->db);
	if (a->err == CB_INVALID && !ctx->api) {
		req->fsm_state = S_ORGS;
		return (HTTP_STATE_CONTINUE);
	}
	return (cb_fail(req, a->err, a->errkey,
	    a->err == CB_INVALID ? &ctx->ferr : NULL));
}
