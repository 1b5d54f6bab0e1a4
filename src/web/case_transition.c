/*
 * case_transition: POST /api/v1/cases/{id}/transitions and the forms of
 * the case page (POST /cases/{id}/transitions). The flow decides on a
 * snapshot of the case (domain/flow), the values are sealed with the
 * case's key and bound to the transition, and the store applies the
 * plan only if the case is still where it was decided (else 409). A
 * transition that needs a supervisor becomes a request (202 with its
 * approval id) and the case waits in its pending state. A refusal is
 * audited too. A form with errors, or one that hit a newer version of
 * the case, is drawn again on the case page with what was typed.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/transition.h"
#include "render/render.h"
#include "store/audit.h"
#include "store/case.h"
#include "store/transition.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

/* The names a page form carries besides its data.* fields. */
#define DATA_PREFIX	"data."

struct change {
	int				 version;
	char				 to[48];
	const char			*reason;
	struct cb_case_snapshot		 snap;
	struct cb_plan			 plan;
	struct cb_form			 form;
	struct cb_transition_sealed	 sealed;
	char				 approval[CB_UUID_SIZE];
	struct kore_buf			*facts;
	/* A refusal waiting for its audit entry. */
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	struct cb_ferrors		 fe;
	int				 stale;
	/* The page's data.* pairs, names without the prefix. */
	struct cb_kvlist		 data;
	struct cb_case_view		 v;
	struct cb_case_pageload		 pl;
};

enum {
	S_START,
	S_SNAPSHOT,
	S_APPLY,
	S_VIEW,
	S_REFUSE,
	S_PAGE
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_apply(struct http_request *);
static int	st_view(struct http_request *);
static int	st_refuse(struct http_request *);
static int	st_page(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_apply),
	KORE_HTTP_STATE(st_view),
	KORE_HTTP_STATE(st_refuse),
	KORE_HTTP_STATE(st_page),
};

int	cb_h_api_case_transition(struct http_request *);
int	cb_h_case_transition_page(struct http_request *);

static int	run(struct http_request *, int);
static void	change_free(void *);
static int	envelope_json(struct cb_ctx *, struct change *);
static int	envelope_form(struct cb_ctx *, struct change *);
static int	decide(struct cb_ctx *, struct change *);
static int	refuse(struct http_request *, struct change *, enum cb_err,
		    const char *, const char *, const struct cb_ferrors *);
static void	set_err(struct change *, enum cb_err, const char *,
		    const char *);

int
cb_h_api_case_transition(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1));
}

int
cb_h_case_transition_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	ctx = cb_ctx(req, api);
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
	if (ch->facts != NULL)
		kore_buf_free(ch->facts);
	/* The names point into ctx->kv, freed with the request. */
	kore_free(ch->data.items);
	cb_case_view_clear(&ch->v);
	cb_case_pageload_clear(&ch->pl);
	sodium_memzero(ch, sizeof(*ch));
	kore_free(ch);
}

static void
set_err(struct change *ch, enum cb_err err, const char *key,
    const char *outcome)
{
	ch->err = err;
	(void)cb_strlcpy(ch->errkey, key, sizeof(ch->errkey));
	ch->outcome = outcome;
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;
	int		 rc;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (!cb_case_path_id(req, ch->v.case_id))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if (ctx->api) {
		if (cb_body_json(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
		rc = envelope_json(ctx, ch);
	} else {
		if (cb_body_form(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
		if (!cb_csrf_ok(ctx))
			return (cb_fail(req, CB_FORBIDDEN, "err.csrf", NULL));
		rc = envelope_form(ctx, ch);
	}
	if (rc == -1)
		return (cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr));
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

/* {"to", "version", "reason"?, "data"?}: nothing else. */
static int
envelope_json(struct cb_ctx *ctx, struct change *ch)
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
	    j->len >= sizeof(ch->to))
		cb_ferrors_add(&ctx->ferr, "to", "err.required");
	else
		(void)cb_strlcpy(ch->to, j->str, sizeof(ch->to));
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
	else if (j != NULL && j->len > 0)
		ch->reason = j->str;
	j = cb_json_get(ctx->json, "data");
	if (j != NULL && j->type != CB_JSON_OBJECT)
		cb_ferrors_add(&ctx->ferr, "data", "err.type");
	return (ctx->ferr.n > 0 ? -1 : 0);
}

/*
 * The page posts to, version, reason and data.<field> pairs (the
 * prefix keeps the fields of one form apart from the envelope); the
 * data pairs are handed to the field table without it.
 */
static int
envelope_form(struct cb_ctx *ctx, struct change *ch)
{
	const struct cb_kv	*kv;
	size_t			 i, n, plen;

	plen = strlen(DATA_PREFIX);
	ch->data.items = kore_calloc(ctx->kv.n + 1, sizeof(struct cb_kv));
	for (i = 0, n = 0; i < ctx->kv.n; i++) {
		kv = &ctx->kv.items[i];
		if (strncmp(kv->name, DATA_PREFIX, plen) == 0) {
			ch->data.items[n] = *kv;
			ch->data.items[n].name = kv->name + plen;
			n++;
		} else if (strcmp(kv->name, "to") != 0 &&
		    strcmp(kv->name, "version") != 0 &&
		    strcmp(kv->name, "reason") != 0 &&
		    strcmp(kv->name, "csrf") != 0)
			cb_ferrors_add(&ctx->ferr, kv->name,
			    "err.unknown_field");
	}
	ch->data.n = n;

	kv = cb_kv_get(&ctx->kv, "to");
	if (kv == NULL || kv->vlen == 0 || kv->vlen >= sizeof(ch->to))
		cb_ferrors_add(&ctx->ferr, "to", "err.required");
	else
		(void)cb_strlcpy(ch->to, kv->value, sizeof(ch->to));
	kv = cb_kv_get(&ctx->kv, "version");
	if (kv == NULL || kv->vlen == 0 || kv->vlen > 9 ||
	    strspn(kv->value, "0123456789") != kv->vlen)
		cb_ferrors_add(&ctx->ferr, "version", "err.version");
	else
		ch->version = atoi(kv->value);
	kv = cb_kv_get(&ctx->kv, "reason");
	if (kv != NULL && (cb_utf8_count(kv->value, kv->vlen) > 1000 ||
	    cb_utf8_has_controls(kv->value, kv->vlen)))
		cb_ferrors_add(&ctx->ferr, "reason", "err.too_long");
	else if (kv != NULL && kv->vlen > 0)
		ch->reason = kv->value;
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

	set_err(ch, err, key, outcome);
	memset(&ch->fe, 0, sizeof(ch->fe));
	for (i = 0; fe != NULL && i < fe->n; i++)
		cb_ferrors_add(&ch->fe, fe->field[i], fe->msg[i]);
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

/*
 * On the snapshot: stale version, then the transition's own fields by
 * the same validator as intake, then the flow's decision (role,
 * consent, budget, guard, approval); then sealing.
 */
static int
decide(struct cb_ctx *ctx, struct change *ch)
{
	const struct cb_transition	*tr;
	const struct cb_json		*j;
	struct cb_flow_case		 fc;
	struct cb_json			 empty;
	enum cb_case_type		 t;
	const char			*why;
	unsigned char			 dk[CB_VAULT_KEY_LEN];
	size_t				 i;
	int				 rc;

	rc = 0;
	memset(&ch->fe, 0, sizeof(ch->fe));
	set_err(ch, CB_INVALID, "err.invalid", "invalid");

	if (cb_case_type_parse(ch->snap.case_type, &t) != 0) {
		set_err(ch, CB_INTERNAL, "err.internal", "invalid");
		return (-1);
	}

	/* Which form: the transition asked for, if there is one from
	 * here (the flow refuses it below when not). */
	tr = cb_flow_find(t, ch->snap.state, ch->to);
	ch->form.name = "transition";
	ch->form.fields = tr != NULL ? tr->fields : NULL;
	ch->form.nfields = tr != NULL ? tr->nfields : 0;
	if (tr != NULL) {
		if (ctx->api) {
			memset(&empty, 0, sizeof(empty));
			empty.type = CB_JSON_OBJECT;
			j = cb_json_get(ctx->json, "data");
			rc = cb_form_from_json(&ch->form, j != NULL ? j :
			    &empty, &ctx->vals, &ctx->ferr);
		} else
			rc = cb_form_from_kv(&ch->form, &ch->data,
			    &ctx->vals, &ctx->ferr);
		for (i = 0; rc == -1 && i < ctx->ferr.n; i++)
			cb_ferrors_add(&ch->fe, ctx->ferr.field[i],
			    ctx->ferr.msg[i]);
	}
	/* A newer version wins over field errors: what the person typed
	 * was meant for a case that has changed since. */
	if (ch->snap.version != ch->version) {
		ch->stale = 1;
		memset(&ch->fe, 0, sizeof(ch->fe));
		set_err(ch, CB_CONFLICT, "err.stale", "conflict");
		return (-1);
	}
	if (ch->fe.n > 0)
		return (-1);

	memset(&fc, 0, sizeof(fc));
	fc.type = t;
	fc.state = ch->snap.state;
	fc.role = ctx->actor.role;
	fc.facts = &ch->snap.facts;
	fc.consent = ch->snap.consent;
	if (cb_flow_decide(&fc, ch->to, &ctx->vals, ch->snap.stage, ch->snap.htcds, &ch->plan, &ch->fe, &why) == -1) {
		if (strncmp(why, "guard.", 6) == 0)
			set_err(ch, CB_GUARD, why, "guard");
		else
			set_err(ch, CB_INVALID, why, "invalid");
		return (-1);
	}
	if (ch->reason != NULL && !ch->snap.consent) {
		cb_ferrors_add(&ch->fe, "reason", "err.consent_required");
		return (-1);
	}

	/* Reason and free-text values are sealed with the case key,
	 * bound to this transition's id; facts go to plain columns. */
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, ch->snap.id,
	    ch->snap.key_version, ch->snap.wrapped, ch->snap.wlen, dk) == 0)
		rc = cb_transition_seal(dk, ch->snap.seal_version, &ch->form,
		    &ctx->vals, ch->reason, &ch->sealed);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		set_err(ch, CB_INTERNAL, "err.internal", "invalid");
		return (-1);
	}
	ch->facts = kore_buf_alloc(128);
	cb_facts_json(ch->facts, &ctx->vals);
	kore_buf_append(ch->facts, "", 1);
	if (ch->plan.kind == CB_PLAN_PROPOSE)
		cb_uuid_new(ch->approval);
	return (0);
}

static int
st_apply(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct change		*ch;
	struct cb_case_change	 cc;
	struct kore_buf		*buf;
	char			 loc[64];
	int			 version;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (!ctx->db.sent) {
		memset(&cc, 0, sizeof(cc));
		cc.case_id = ch->v.case_id;
		cc.version = ch->version;
		cc.from = ch->snap.state;
		cc.to = ch->plan.to->name;
		cc.stage = ch->plan.stage;
		cc.htcds = ch->plan.htcds;
		cc.sealed = &ch->sealed;
		cc.facts = (const char *)ch->facts->data;
		if (ch->plan.kind == CB_PLAN_PROPOSE) {
			cc.approval = ch->approval;
			cc.kind = ch->plan.tr->kind;
			cc.target = ch->plan.target;
		}
		cb_store_case_transition(&ctx->q, &ctx->tok, &cc, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	switch (cb_store_case_transition_row(&ctx->db, &version)) {
	case CB_CHANGE_OK:
		break;
	case CB_CHANGE_CONFLICT:
		/* Moved on meanwhile: nothing changed (audited so). */
		cb_db_reset(&ctx->db);
		ch->stale = 1;
		set_err(ch, CB_CONFLICT, "err.stale", "conflict");
		if (ctx->api)
			return (cb_fail(req, CB_CONFLICT, "err.stale", NULL));
		req->fsm_state = S_PAGE;
		return (HTTP_STATE_CONTINUE);
	case CB_CHANGE_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_CHANGE_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	cb_db_reset(&ctx->db);

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", ch->v.case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	if (ch->plan.kind == CB_PLAN_PROPOSE) {
		buf = kore_buf_alloc(256);
		cb_render_approval_request_json(buf, ch->approval,
		    ch->v.case_id, ch->plan.to->name, ch->plan.target,
		    version);
		cb_reply_json(req, HTTP_STATUS_ACCEPTED, buf);
		return (HTTP_STATE_COMPLETE);
	}
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
	cb_db_reset(&ctx->db);
	if (ctx->api || ch->err == CB_NOT_FOUND || ch->err == CB_INTERNAL)
		return (cb_fail(req, ch->err, ch->errkey,
		    ch->fe.n > 0 ? &ch->fe : NULL));
	req->fsm_state = S_PAGE;
	return (HTTP_STATE_CONTINUE);
}

/* The case page again, with this form open, its input and errors. */
static int
st_page(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct change	*ch;

	ctx = http_state_get(req);
	ch = ctx->data;
	if (ch->pl.form_to == NULL) {
		(void)cb_strlcpy(ch->pl.case_id, ch->v.case_id,
		    sizeof(ch->pl.case_id));
		ch->pl.form_to = ch->to;
		ch->pl.vals = &ctx->vals;
		ch->pl.fe = &ch->fe;
		ch->pl.errkey = ch->errkey;
		ch->pl.stale = ch->stale;
		ch->pl.stale_version = ch->version;
		ch->pl.reason = ch->reason;
		ch->pl.status = cb_err_status(ch->err);
	}
	return (cb_case_pageload_run(req, ctx, &ch->pl));
}
