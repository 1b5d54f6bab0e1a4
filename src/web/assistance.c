/*
 * assistance: recording assistance given, through
 * POST /api/v1/cases/{id}/assistance and the form at
 * /cases/{id}/assistance/new. A snapshot of the case says whether the
 * caller may (a caseworker who sees it, the case not closed) and gives
 * its key; the field table and the rules of domain/assistance.c decide
 * on the values; the note is sealed to the new entry's id; the store
 * writes it with its audit entry, checking the case again in SQL. A
 * double submit (Idempotency-Key, or the form's one-time token)
 * answers with the first entry. Every refusal is audited.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/forms.h"
#include "render/assistance.h"
#include "render/render.h"
#include "store/assistance.h"
#include "store/audit.h"
#include "store/case.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/idem.h"
#include "web/web.h"

struct add {
	char				 case_id[CB_UUID_SIZE];
	struct cb_case_snapshot		 snap;
	char				 idem[CB_IDEM_KEY_SIZE];
	int				 has_idem;
	unsigned char			 rhash[CB_HASH_LEN];
	struct cb_assistance_sealed	 s;
	struct cb_assistance		 e;
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	char				 fields[128];
	int				 redraw;
};

enum {
	S_START,
	S_SNAPSHOT,
	S_ADD,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_add(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_add),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_case_assistance(struct http_request *);
int	cb_h_api_case_assistance_list(struct http_request *);
int	cb_h_case_assistance_new(struct http_request *);

static int	run(struct http_request *, int);
static void	add_free(void *);
static int	refuse(struct http_request *, struct add *, enum cb_err,
		    const char *, const char *);
static int	validate(struct cb_ctx *, struct add *);
static int	seal(struct add *, struct cb_ctx *);
static void	form(struct http_request *, struct cb_ctx *, struct add *,
		    int);
static int	done(struct http_request *, struct cb_ctx *, struct add *,
		    int);

int
cb_h_api_case_assistance(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_GET)
		return (cb_h_api_case_assistance_list(req));
	return (run(req, 1));
}

int
cb_h_case_assistance_new(struct http_request *req)
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
	cb_assistance_sealed_clear(&a->s);
	cb_assistance_clear(&a->e);
	sodium_memzero(a, sizeof(*a));
	kore_free(a);
}

/* Pages prove their origin (CSRF) before anything else is read. */
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
	if (req->method == HTTP_METHOD_GET) {
		form(req, ctx, a, HTTP_STATUS_OK);
		return (HTTP_STATE_COMPLETE);
	}
	if (validate(ctx, a) == -1) {
		a->redraw = 1;
		return (refuse(req, a, CB_INVALID, "err.invalid", "invalid"));
	}
	if (seal(a, ctx) == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	req->fsm_state = S_ADD;
	return (HTTP_STATE_CONTINUE);
}

/* Sets a's refusal and moves to the state that audits it. */
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

/*
 * The field table first, then the rules across fields, so that every
 * error is shown at once. The audit entry of a refusal names the
 * form's fields that were wrong (never a name the request made up).
 */
static int
validate(struct cb_ctx *ctx, struct add *a)
{
	size_t		i;

	if (ctx->api)
		(void)cb_form_from_json(&cb_form_assistance, ctx->json,
		    &ctx->vals, &ctx->ferr);
	else
		(void)cb_form_from_kv(&cb_form_assistance, &ctx->kv,
		    &ctx->vals, &ctx->ferr);
	(void)cb_assistance_check(&ctx->vals, a->snap.consent, &ctx->ferr);
	if (ctx->ferr.n == 0)
		return (0);

	for (i = 0; i < ctx->ferr.n; i++) {
		if (cb_form_index(&cb_form_assistance,
		    ctx->ferr.field[i]) == -1)
			continue;
		if (a->fields[0] != '\0')
			(void)cb_strlcat(a->fields, ",", sizeof(a->fields));
		(void)cb_strlcat(a->fields, ctx->ferr.field[i],
		    sizeof(a->fields));
	}
	return (-1);
}

/* The note is E2: sealed with the case's key, bound to the entry. */
static int
seal(struct add *a, struct cb_ctx *ctx)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	int		rc;

	cb_idem_digest(a->case_id, &ctx->vals, a->rhash);
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, a->snap.id, a->snap.key_version,
	    a->snap.wrapped, a->snap.wlen, dk) == 0)
		rc = cb_assistance_seal(dk, a->snap.seal_version, &ctx->vals,
		    &a->s);
	sodium_memzero(dk, sizeof(dk));
	return (rc);
}

/* The form, empty (a new one-time token) or as typed with its errors. */
static void
form(struct http_request *req, struct cb_ctx *ctx, struct add *a,
    int status)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	const struct cb_kv	*kv;
	char			 csrf[65], tok[CB_TOKEN_SIZE];

	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(8192);
	if (status == HTTP_STATUS_OK) {
		cb_vault_token_new(tok);
		cb_render_assistance_form(buf, &pg, a->case_id, tok, NULL,
		    NULL);
	} else {
		kv = cb_kv_get(&ctx->kv, "form_token");
		cb_render_assistance_form(buf, &pg, a->case_id,
		    kv != NULL ? kv->value : "", &ctx->vals, &ctx->ferr);
	}
	cb_reply_html(req, status, buf);
}

static int
st_add(struct http_request *req)
{
	struct cb_ctx			*ctx;
	struct add			*a;
	struct cb_assistance_new	 an;
	struct cb_ferrors		 fe;
	enum cb_assistance_outcome	 rc;
	char				 id[CB_UUID_SIZE], created[40];

	ctx = http_state_get(req);
	a = ctx->data;
	if (!ctx->db.sent) {
		memset(&an, 0, sizeof(an));
		an.case_id = a->case_id;
		an.s = &a->s;
		an.type = cb_values_get(&ctx->vals, "type");
		an.date = cb_values_get(&ctx->vals, "date");
		an.currency = cb_values_get(&ctx->vals, "currency");
		an.provider = cb_values_get(&ctx->vals, "provider");
		an.idem_key = a->has_idem ? a->idem : NULL;
		an.req_hash = a->rhash;
		cb_store_assistance_add(&ctx->q, &ctx->tok, &an, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	/* Refusals here were decided, and audited, in SQL. */
	switch ((rc = cb_store_assistance_add_row(&ctx->db, id, created))) {
	case CB_ASSIST_CREATED:
	case CB_ASSIST_REPLAY:
		/* A replay answers with the first entry's id and time. */
		(void)cb_strlcpy(a->s.id, id, sizeof(a->s.id));
		(void)cb_strlcpy(a->e.created_at, created,
		    sizeof(a->e.created_at));
		return (done(req, ctx, a, rc == CB_ASSIST_REPLAY));
	case CB_ASSIST_REUSE:
		memset(&fe, 0, sizeof(fe));
		cb_ferrors_add(&fe, "Idempotency-Key", "err.idempotency_reuse");
		return (cb_fail(req, CB_INVALID, "err.idempotency_reuse", &fe));
	case CB_ASSIST_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_ASSIST_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	case CB_ASSIST_CLOSED:
		return (cb_fail(req, CB_GUARD, "err.case_closed", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
}

/*
 * Written (or written before, for a replay): the page goes back to the
 * case; the API answers 201 with the entry, from the values the digest
 * showed to be the same as the first time.
 */
static int
done(struct http_request *req, struct cb_ctx *ctx, struct add *a,
    int replay)
{
	struct kore_buf	*buf;
	char		 loc[64];

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", a->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	cb_assistance_from_values(&a->e, &ctx->vals, &a->s);
	(void)cb_strlcpy(a->e.created_by, ctx->actor.user_id,
	    sizeof(a->e.created_by));
	if (replay)
		http_response_header(req, "idempotent-replayed", "true");
	buf = kore_buf_alloc(1024);
	cb_render_assistance_json(buf, a->case_id, &a->e);
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
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "assistance.add",
		    a->case_id, a->fields[0] != '\0' ? a->fields : NULL,
		    a->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	if (a->redraw && !ctx->api) {
		form(req, ctx, a, 422);
		return (HTTP_STATE_COMPLETE);
	}
	return (cb_fail(req, a->err, a->errkey,
	    a->err == CB_INVALID ? &ctx->ferr : NULL));
}
