/*
 * survey_add: POST /api/v1/cases/{id}/surveys and the survey form's
 * post. A snapshot of the case is read first (a case the caller may
 * not see is 404 before anything else is looked at), the domain decides
 * (a caseworker, an AVRR case in a state that takes surveys, consent,
 * the scheme's form), the answers are scored and sealed with the case's
 * key, and the store adds the survey only while the case is still in
 * the state decided on (else 409). Refusals are audited too. A retried
 * call (Idempotency-Key) or a double click (the form's one-time token)
 * answers with the first survey.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "render/render.h"
#include "render/survey.h"
#include "store/audit.h"
#include "store/case.h"
#include "store/survey.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/survey.h"
#include "web/idem.h"
#include "web/web.h"

struct add {
	char				 case_id[CB_UUID_SIZE];
	char				 idem[CB_IDEM_KEY_SIZE];
	int				 has_idem;
	unsigned char			 rhash[CB_HASH_LEN];
	struct cb_case_snapshot		 snap;
	const struct cb_rss_scheme	*scheme;
	struct cb_rss_scores		 scores;
	struct cb_survey_sealed		 sealed;
	struct cb_survey		 s;
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	struct cb_ferrors		 fe;
};

enum {
	S_START,
	S_SNAPSHOT,
	S_APPLY,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_apply(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_apply),
	KORE_HTTP_STATE(st_refuse),
};

static void	add_free(void *);
static int	decide(struct cb_ctx *, struct add *);
static int	refuse(struct add *, enum cb_err, const char *, const char *);
static void	request_digest(struct cb_ctx *, struct add *);
static int	reply(struct http_request *, struct cb_ctx *, struct add *,
		    int);
static void	redraw(struct http_request *, struct cb_ctx *, struct add *);

int
cb_survey_add_run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	struct add	*a;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		a = kore_calloc(1, sizeof(*a));
		ctx->data = a;
		ctx->data_free = add_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
add_free(void *arg)
{
	struct add	*a;

	a = arg;
	cb_case_snapshot_clear(&a->snap);
	cb_survey_sealed_clear(&a->sealed);
	cb_survey_clear(&a->s);
	sodium_memzero(a, sizeof(*a));
	kore_free(a);
}

/* Pages prove their origin (CSRF) before anything is read. */
static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct add	*a;

	ctx = http_state_get(req);
	a = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (!cb_case_path_id(req, a->case_id))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if ((a->has_idem = cb_create_body(req, ctx, a->idem)) == -1)
		return (HTTP_STATE_COMPLETE);
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct add	*a;
	int		 seen;

	ctx = http_state_get(req);
	a = ctx->data;
	if (!ctx->db.sent)
		cb_store_case_snapshot(&ctx->q, &ctx->tok, a->case_id);
	CB_AWAIT_ACTOR(req, ctx);
	seen = cb_store_case_snapshot_row(&ctx->db, &a->snap);
	cb_db_reset(&ctx->db);
	if (!seen)
		req->fsm_state = refuse(a, CB_NOT_FOUND, "err.not_found",
		    "denied");
	else
		req->fsm_state = decide(ctx, a) == -1 ? S_REFUSE : S_APPLY;
	return (HTTP_STATE_CONTINUE);
}

/* Sets a's refusal; returns the state that audits and answers it. */
static int
refuse(struct add *a, enum cb_err err, const char *key, const char *outcome)
{
	a->err = err;
	(void)cb_strlcpy(a->errkey, key, sizeof(a->errkey));
	a->outcome = outcome;
	return (S_REFUSE);
}

/*
 * The domain's decision on the snapshot, in the order a person can act
 * on: who may add, where surveys are taken, consent, then the answers
 * themselves; then scoring and sealing.
 */
static int
decide(struct cb_ctx *ctx, struct add *a)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	size_t		i;
	int		rc;

	if (ctx->actor.role != CB_ROLE_CASEWORKER) {
		(void)refuse(a, CB_FORBIDDEN, "err.forbidden", "denied");
		return (-1);
	}
	if (!cb_survey_allowed(a->snap.case_type, a->snap.state)) {
		(void)refuse(a, CB_GUARD, "guard.survey_state", "guard");
		return (-1);
	}
	/* A pseudonymous case takes no further personal data. */
	if (!a->snap.consent) {
		(void)refuse(a, CB_GUARD, "guard.data_consent", "guard");
		return (-1);
	}

	a->scheme = cb_rss_scheme(CB_RSS_CURRENT);
	if (ctx->api)
		rc = cb_form_from_json(a->scheme->form, ctx->json, &ctx->vals,
		    &ctx->ferr);
	else
		rc = cb_form_from_kv(a->scheme->form, &ctx->kv, &ctx->vals,
		    &ctx->ferr);
	if (rc == -1) {
		for (i = 0; i < ctx->ferr.n; i++)
			cb_ferrors_add(&a->fe, ctx->ferr.field[i],
			    ctx->ferr.msg[i]);
		(void)refuse(a, CB_INVALID, "err.invalid", "invalid");
		return (-1);
	}
	if (cb_rss_score_values(a->scheme, &ctx->vals, &a->scores) == -1) {
		(void)refuse(a, CB_INTERNAL, "err.internal", "error");
		return (-1);
	}
	request_digest(ctx, a);

	/* Answers and note are E2: sealed with the case's key, bound to
	 * the new survey's id. */
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, a->snap.id, a->snap.key_version,
	    a->snap.wrapped, a->snap.wlen, dk) == 0)
		rc = cb_survey_seal(dk, a->snap.seal_version, a->scheme,
		    &ctx->vals, &a->sealed);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		(void)refuse(a, CB_INTERNAL, "err.internal", "error");
		return (-1);
	}
	return (0);
}

/* Keyed digest of the case and the validated values, to tell a replay
 * from a reuse of the same key with another request. */
static void
request_digest(struct cb_ctx *ctx, struct add *a)
{
	const struct cb_form	*form;
	struct kore_buf		*buf;
	size_t			 i;

	form = a->scheme->form;
	buf = kore_buf_alloc(1024);
	kore_buf_appendf(buf, "survey\n%s\n%d\n", a->case_id,
	    a->scheme->version);
	for (i = 0; i < form->nfields; i++) {
		kore_buf_appendf(buf, "%s=", form->fields[i].name);
		if (ctx->vals.v[i] != NULL)
			kore_buf_append(buf, ctx->vals.v[i], ctx->vals.len[i]);
		kore_buf_append(buf, "\n", 1);
	}
	cb_vault_mac(cb_app.vault, buf->data, buf->offset, a->rhash);
	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
}

static int
st_apply(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct add		*a;
	struct cb_survey_new	 sn;
	struct cb_ferrors	 fe;

	ctx = http_state_get(req);
	a = ctx->data;
	if (!ctx->db.sent) {
		memset(&sn, 0, sizeof(sn));
		sn.case_id = a->case_id;
		sn.state = a->snap.state;
		sn.kind = cb_values_get(&ctx->vals, "kind");
		sn.survey_date = cb_values_get(&ctx->vals, "survey_date");
		sn.scheme_version = a->scheme->version;
		sn.scores = &a->scores;
		sn.sealed = &a->sealed;
		sn.idem_key = a->has_idem ? a->idem : NULL;
		sn.req_hash = a->rhash;
		cb_store_survey_add(&ctx->q, &ctx->tok, &sn, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	/* Every outcome is in the audit log already (survey_add). */
	switch (cb_store_survey_add_row(&ctx->db, &a->s)) {
	case CB_SURVEY_CREATED:
		return (reply(req, ctx, a, 0));
	case CB_SURVEY_REPLAY:
		return (reply(req, ctx, a, 1));
	case CB_SURVEY_REUSE:
		memset(&fe, 0, sizeof(fe));
		cb_ferrors_add(&fe, ctx->api ? "Idempotency-Key" : "form_token",
		    "err.idempotency_reuse");
		return (cb_fail(req, CB_INVALID, "err.idempotency_reuse",
		    &fe));
	case CB_SURVEY_DENIED:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_SURVEY_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	case CB_SURVEY_CONFLICT:
		return (cb_fail(req, CB_CONFLICT, "err.stale", NULL));
	case CB_SURVEY_FULL:
		return (cb_fail(req, CB_INVALID, "err.survey_limit", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
}

/* 201 with the survey as stored (a replay says so), or for the page
 * back to the case. */
static int
reply(struct http_request *req, struct cb_ctx *ctx, struct add *a,
    int replay)
{
	struct kore_buf	*buf;
	char		 loc[64];

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", a->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	if (replay)
		http_response_header(req, "idempotent-replayed", "true");
	buf = kore_buf_alloc(512);
	cb_render_survey_json(buf, &a->s);
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
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "survey.add",
		    a->case_id, NULL, a->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	if (!ctx->api && a->err == CB_INVALID) {
		redraw(req, ctx, a);
		return (HTTP_STATE_COMPLETE);
	}
	return (cb_fail(req, a->err, a->errkey, a->fe.n > 0 ? &a->fe : NULL));
}

/* The form again, as typed, with an error next to each field. */
static void
redraw(struct http_request *req, struct cb_ctx *ctx, struct add *a)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	const struct cb_kv	*kv;
	char			 csrf[65];

	cb_page_init(ctx, &pg, csrf);
	kv = cb_kv_get(&ctx->kv, "form_token");
	buf = kore_buf_alloc(4096);
	cb_render_survey_form(buf, &pg, a->case_id, kv != NULL ? kv->value :
	    "", &ctx->vals, &a->fe, NULL, 0);
	cb_reply_html(req, 422, buf);
}
