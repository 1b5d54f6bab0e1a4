/*
 * case_transition: POST /api/v1/cases/{id}/transitions. The flow
 * table (domain/flow.c) decides on a snapshot of the case, the values
 * are sealed with the case's key and bound to the transition, and the
 * store applies the change only if the case is still where it was
 * decided (else 409). A refusal is audited too, with what was refused.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/transition.h"
#include "store/audit.h"
#include "store/case.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

struct change {
	int				 version;
	struct cb_case_snapshot		 snap;
	const struct cb_transition	*tr;
	const struct cb_state		*to;
	struct cb_transition_sealed	 sealed;
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	struct cb_ferrors		 fe;
	struct cb_case_view		 v;
};

enum {
	S_START,
	S_SNAPSHOT,
	S_APPLY,
	S_VIEW,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_apply(struct http_request *);
static int	st_view(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_apply),
	KORE_HTTP_STATE(st_view),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_case_transition(struct http_request *);

static void	change_free(void *);
static int	validate_envelope(struct cb_ctx *, struct change *);
static int	decide(struct cb_ctx *, struct change *);
static int	refuse(struct http_request *, struct change *, enum cb_err,
		    const char *, const char *, const struct cb_ferrors *);

int
cb_h_api_case_transition(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	ctx = cb_ctx(req, 1);
	if (ctx->data == NULL) {
		ch = kore_calloc(1, sizeof(*ch));
		ch->v.status = HTTP_STATUS_OK;
		ctx->data = ch;
		ctx->data_free = change_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
change_free(void *arg)
{
	struct change	*ch;

	ch = arg;
	cb_case_snapshot_clear(&ch->snap);
	cb_transition_sealed_clear(&ch->sealed);
	cb_case_view_clear(&ch->v);
	sodium_memzero(ch, sizeof(*ch));
	kore_free(ch);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (!cb_case_path_id(req, ch->v.case_id))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if (cb_body_json(req, ctx) == -1)
		return (HTTP_STATE_COMPLETE);
	if (validate_envelope(ctx, ch) == -1)
		return (cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr));
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

static int
validate_envelope(struct cb_ctx *ctx, struct change *ch)
{
	const struct cb_json	*j;

	for (j = ctx->json->child; j != NULL; j = j->next) {
		if (strcmp(j->key, "to") != 0 &&
		    strcmp(j->key, "version") != 0 &&
		    strcmp(j->key, "reason") != 0 &&
		    strcmp(j->key, "data") != 0)
			cb_ferrors_add(&ctx->ferr, j->key,
			    "err.unknown_field");
	}
	j = cb_json_get(ctx->json, "to");
	if (j == NULL || j->type != CB_JSON_STRING || j->len == 0 ||
	    j->len > 40)
		cb_ferrors_add(&ctx->ferr, "to", "err.required");
	j = cb_json_get(ctx->json, "version");
	if (j == NULL || j->type != CB_JSON_NUMBER || j->len > 9 ||
	    strspn(j->str, "0123456789") != j->len)
		cb_ferrors_add(&ctx->ferr, "version", "err.version");
	else
		ch->version = atoi(j->str);
	j = cb_json_get(ctx->json, "reason");
	if (j != NULL && (j->type != CB_JSON_STRING ||
	    cb_utf8_count(j->str, j->len) > 1000 ||
	    cb_utf8_has_controls(j->str, j->len)))
		cb_ferrors_add(&ctx->ferr, "reason", "err.too_long");
	j = cb_json_get(ctx->json, "data");
	if (j != NULL && j->type != CB_JSON_OBJECT)
		cb_ferrors_add(&ctx->ferr, "data", "err.type");
	return (ctx->ferr.n > 0 ? -1 : 0);
}

static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (!ctx->db.sent)
		cb_store_case_snapshot(&ctx->q, &ctx->tok, ch->v.case_id);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_case_snapshot_row(&ctx->db, &ch->snap)) {
		cb_db_reset(&ctx->db);
		return (refuse(req, ch, CB_NOT_FOUND, "err.not_found",
		    "denied", NULL));
	}
	cb_db_reset(&ctx->db);
	if (decide(ctx, ch) == -1) {
		req->fsm_state = S_REFUSE;
		return (HTTP_STATE_CONTINUE);
	}
	req->fsm_state = S_APPLY;
	return (HTTP_STATE_CONTINUE);
}

/* Sets ch's refusal and moves to the state that audits it. */
static int
refuse(struct http_request *req, struct change *ch, enum cb_err err,
    const char *key, const char *outcome, const struct cb_ferrors *fe)
{
	size_t	i;

	ch->err = err;
	(void)cb_strlcpy(ch->errkey, key, sizeof(ch->errkey));
	ch->outcome = outcome;
	memset(&ch->fe, 0, sizeof(ch->fe));
	for (i = 0; fe != NULL && i < fe->n; i++)
		cb_ferrors_add(&ch->fe, fe->field[i], fe->msg[i]);
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

/*
 * The flow's decision on the snapshot: stale version, a transition
 * that does not exist here or for this role, approvals (not yet), the
 * guard, the transition's own fields, consent; then sealing.
 */
static int
decide(struct cb_ctx *ctx, struct change *ch)
{
	const struct cb_json	*j, *reason;
	struct cb_guard_facts	 facts;
	struct cb_form		 form;
	struct cb_json		 empty;
	enum cb_case_type	 t;
	unsigned char		 dk[CB_VAULT_KEY_LEN];
	size_t			 i;
	int			 rc;

	memset(&ch->fe, 0, sizeof(ch->fe));
	ch->outcome = "invalid";
	ch->err = CB_INVALID;
	(void)cb_strlcpy(ch->errkey, "err.invalid", sizeof(ch->errkey));

	if (ch->snap.version != ch->version) {
		ch->err = CB_CONFLICT;
		ch->outcome = "conflict";
		(void)cb_strlcpy(ch->errkey, "err.stale", sizeof(ch->errkey));
		return (-1);
	}
	if (cb_case_type_parse(ch->snap.case_type, &t) != 0) {
		ch->err = CB_INTERNAL;
		(void)cb_strlcpy(ch->errkey, "err.internal",
		    sizeof(ch->errkey));
		return (-1);
	}
	j = cb_json_get(ctx->json, "to");
	ch->tr = cb_flow_find(t, ch->snap.state, j->str);
	if (ch->tr == NULL || !(ch->tr->roles & ctx->actor.role)) {
		cb_ferrors_add(&ch->fe, "to", "err.transition");
		(void)cb_strlcpy(ch->errkey, "err.transition",
		    sizeof(ch->errkey));
		return (-1);
	}
	/* Approvals arrive with a later stage; so do the guards whose
	 * facts are not recorded yet (they refuse, naming what is missing). */
	if (ch->tr->requires_approval) {
		ch->err = CB_GUARD;
		ch->outcome = "guard";
		(void)cb_strlcpy(ch->errkey, "err.not_yet",
		    sizeof(ch->errkey));
		return (-1);
	}
	if (ch->tr->guard != NULL) {
		facts.data_consent = ch->snap.consent;
		if (!cb_flow_guard(ch->tr->guard, &facts)) {
			ch->err = CB_GUARD;
			ch->outcome = "guard";
			(void)snprintf(ch->errkey, sizeof(ch->errkey),
			    "guard.%s", ch->tr->guard);
			return (-1);
		}
	}
	if ((ch->to = cb_flow_state(t, ch->tr->to)) == NULL) {
		ch->err = CB_INTERNAL;
		(void)cb_strlcpy(ch->errkey, "err.internal",
		    sizeof(ch->errkey));
		return (-1);
	}

	/* The transition's own fields, by the same validator as intake. */
	form.name = "transition";
	form.fields = ch->tr->fields;
	form.nfields = ch->tr->nfields;
	memset(&empty, 0, sizeof(empty));
	empty.type = CB_JSON_OBJECT;
	j = cb_json_get(ctx->json, "data");
	if (cb_form_from_json(&form, j != NULL ? j : &empty, &ctx->vals,
	    &ctx->ferr) == -1) {
		for (i = 0; i < ctx->ferr.n; i++)
			cb_ferrors_add(&ch->fe, ctx->ferr.field[i],
			    ctx->ferr.msg[i]);
		return (-1);
	}

	/* A pseudonymous case takes no further personal data. */
	reason = cb_json_get(ctx->json, "reason");
	if (!ch->snap.consent) {
		if (reason != NULL && reason->len > 0)
			cb_ferrors_add(&ch->fe, "reason",
			    "err.consent_required");
		for (i = 0; i < form.nfields; i++) {
			if (form.fields[i].personal &&
			    ctx->vals.v[i] != NULL && ctx->vals.len[i] > 0)
				cb_ferrors_add(&ch->fe, form.fields[i].name,
				    "err.consent_required");
		}
		if (ch->fe.n > 0)
			return (-1);
	}

	/* Reason and data are free text (E2): sealed with the case key,
	 * bound to this transition's id. */
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, ch->snap.id,
	    ch->snap.key_version, ch->snap.wrapped, ch->snap.wlen, dk) == 0)
		rc = cb_transition_seal(dk, ch->snap.seal_version, &form,
		    &ctx->vals, reason != NULL && reason->len > 0 ?
		    reason->str : NULL, &ch->sealed);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		ch->err = CB_INTERNAL;
		(void)cb_strlcpy(ch->errkey, "err.internal",
		    sizeof(ch->errkey));
		return (-1);
	}
	return (0);
}

static int
st_apply(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct change		*ch;
	struct cb_case_change	 cc;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (!ctx->db.sent) {
		memset(&cc, 0, sizeof(cc));
		cc.case_id = ch->v.case_id;
		cc.version = ch->version;
		cc.from = ch->snap.state;
		cc.to = ch->to->name;
		cc.stage = ch->to->stage;
		cc.htcds = ch->to->htcds;
		cc.sealed = &ch->sealed;
		cb_store_case_transition(&ctx->q, &ctx->tok, &cc, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	/* Moved on meanwhile: nothing changed (the entry says conflict). */
	if (!cb_store_case_transition_row(&ctx->db))
		return (cb_fail(req, CB_CONFLICT, "err.stale", NULL));
	cb_db_reset(&ctx->db);
	req->fsm_state = S_VIEW;
	return (HTTP_STATE_CONTINUE);
}

static int
st_view(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	ctx = http_state_get(req);
	ch = ctx->data;
	return (cb_case_view_run(req, ctx, &ch->v));
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "case.transition",
		    ch->v.case_id, NULL, ch->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	return (cb_fail(req, ch->err, ch->errkey,
	    ch->fe.n > 0 ? &ch->fe : NULL));
}
