/*
 * approval: the requests that wait for a supervisor. GET
 * /api/v1/approvals and the page /approvals list them (a supervisor:
 * those of their office they may decide; a caseworker: those on their
 * cases); POST /api/v1/approvals/{id}/decision and the page's forms
 * decide one. Four eyes on the server: only a supervisor decides, never
 * their own request (403), only on a case of their office (404 like a
 * request that does not exist), only while it waits (409); the
 * database holds the same rules. A reject needs a comment, which is
 * sealed with the case's key.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/facts.h"
#include "domain/flow.h"
#include "domain/policy.h"
#include "domain/transition.h"
#include "render/render.h"
#include "store/approval.h"
#include "store/audit.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/web.h"

#define LIST_LIMIT	200
#define COMMENT_MAX	1000

struct decision {
	char				 id[CB_UUID_SIZE];
	int				 approve;
	char				*comment;
	struct cb_approval_snapshot	 snap;
	struct cb_plan			 plan;
	char				 tid[CB_UUID_SIZE];
	unsigned char			*sealed;
	size_t				 sealed_len;
	char				 case_id[CB_UUID_SIZE];
	int				 version;
	enum cb_err			 err;
	char				 errkey[64];
	const char			*outcome;
	struct cb_ferrors		 fe;
	/* The page drawn again after a form failed. */
	struct cb_approval_item		*items;
	size_t				 nitems;
	char				 status[16];
};

enum {
	S_START,
	S_SNAPSHOT,
	S_APPLY,
	S_REFUSE,
	S_LIST
};

static int	st_start(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_apply(struct http_request *);
static int	st_refuse(struct http_request *);
static int	st_list(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_apply),
	KORE_HTTP_STATE(st_refuse),
	KORE_HTTP_STATE(st_list),
};

int	cb_h_api_approvals(struct http_request *);
int	cb_h_approvals_page(struct http_request *);
int	cb_h_api_approval_decision(struct http_request *);
int	cb_h_approval_decision_page(struct http_request *);

static int	run(struct http_request *, int, int);
static void	decision_free(void *);
static int	envelope(struct http_request *, struct cb_ctx *,
		    struct decision *);
static int	decide(struct cb_ctx *, struct decision *);
static void	set_err(struct decision *, enum cb_err, const char *,
		    const char *);
static void	open_names(struct cb_ctx *, struct cb_approval_item *,
		    size_t);
static int	status_arg(struct http_request *, struct decision *);

int
cb_h_api_approvals(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 1, S_LIST));
}

int
cb_h_approvals_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 0, S_LIST));
}

int
cb_h_api_approval_decision(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, S_START));
}

int
cb_h_approval_decision_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, S_START));
}

static int
run(struct http_request *req, int api, int first)
{
	struct cb_ctx	*ctx;
	struct decision	*d;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		d = kore_calloc(1, sizeof(*d));
		ctx->data = d;
		ctx->data_free = decision_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		req->fsm_state = first;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
decision_free(void *arg)
{
	struct decision	*d;

	d = arg;
	if (d->comment != NULL) {
		sodium_memzero(d->comment, strlen(d->comment));
		kore_free(d->comment);
	}
	cb_approval_snapshot_clear(&d->snap);
	kore_free(d->sealed);
	cb_approval_items_free(d->items, d->nitems);
	sodium_memzero(d, sizeof(*d));
	kore_free(d);
}

static void
set_err(struct decision *d, enum cb_err err, const char *key,
    const char *outcome)
{
	d->err = err;
	(void)cb_strlcpy(d->errkey, key, sizeof(d->errkey));
	d->outcome = outcome;
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct decision	*d;

	ctx = http_state_get(req);
	d = ctx->data;
	if (!cb_path_id(req, "/api/v1/approvals/", "/approvals/", d->id))
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if (ctx->api) {
		if (cb_body_json(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
	} else {
		if (cb_body_form(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
		if (!cb_csrf_ok(ctx))
			return (cb_fail(req, CB_FORBIDDEN, "err.csrf", NULL));
	}
	if (envelope(req, ctx, d) == -1) {
		if (ctx->api)
			return (cb_fail(req, CB_INVALID, "err.invalid",
			    &ctx->ferr));
		set_err(d, CB_INVALID, "err.invalid", "invalid");
		memcpy(&d->fe, &ctx->ferr, sizeof(d->fe));
		req->fsm_state = S_LIST;
		return (HTTP_STATE_CONTINUE);
	}
	req->fsm_state = S_SNAPSHOT;
	return (HTTP_STATE_CONTINUE);
}

/* {"decision": "approve|reject", "comment"}: a reject says why. */
static int
envelope(struct http_request *req, struct cb_ctx *ctx, struct decision *d)
{
	const struct cb_json	*j;
	const struct cb_kv	*kv;
	const char		*dec, *com;
	size_t			 i, clen;

	dec = com = NULL;
	clen = 0;
	if (ctx->api) {
		for (j = ctx->json->child; j != NULL; j = j->next) {
			if (strcmp(j->key, "decision") != 0 &&
			    strcmp(j->key, "comment") != 0)
				cb_ferrors_add(&ctx->ferr, j->key,
				    "err.unknown_field");
		}
		if ((j = cb_json_get(ctx->json, "decision")) != NULL &&
		    j->type == CB_JSON_STRING)
			dec = j->str;
		j = cb_json_get(ctx->json, "comment");
		if (j != NULL && j->type != CB_JSON_STRING &&
		    j->type != CB_JSON_NULL)
			cb_ferrors_add(&ctx->ferr, "comment", "err.type");
		else if (j != NULL && j->type == CB_JSON_STRING) {
			com = j->str;
			clen = j->len;
		}
	} else {
		for (i = 0; i < ctx->kv.n; i++) {
			if (strcmp(ctx->kv.items[i].name, "decision") != 0 &&
			    strcmp(ctx->kv.items[i].name, "comment") != 0 &&
			    strcmp(ctx->kv.items[i].name, "csrf") != 0)
				cb_ferrors_add(&ctx->ferr,
				    ctx->kv.items[i].name,
				    "err.unknown_field");
		}
		if ((kv = cb_kv_get(&ctx->kv, "decision")) != NULL)
			dec = kv->value;
		if ((kv = cb_kv_get(&ctx->kv, "comment")) != NULL) {
			com = kv->value;
			clen = kv->vlen;
		}
	}
	if (dec != NULL && strcmp(dec, "approve") == 0)
		d->approve = 1;
	else if (dec == NULL || strcmp(dec, "reject") != 0)
		cb_ferrors_add(&ctx->ferr, "decision", "err.option");
	if (com != NULL && (!cb_utf8_valid(com, clen) ||
	    cb_utf8_count(com, clen) > COMMENT_MAX ||
	    cb_utf8_has_controls(com, clen)))
		cb_ferrors_add(&ctx->ferr, "comment", "err.too_long");
	else if (com != NULL && clen > 0) {
		d->comment = kore_malloc(clen + 1);
		memcpy(d->comment, com, clen);
		d->comment[clen] = '\0';
	}
	if (!d->approve && d->comment == NULL &&
	    cb_ferrors_get(&ctx->ferr, "decision") == NULL)
		cb_ferrors_add(&ctx->ferr, "comment", "err.required");
	return (ctx->ferr.n > 0 ? -1 : 0);
}

static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct decision	*d;

	ctx = http_state_get(req);
	d = ctx->data;
	if (!ctx->db.sent)
		cb_store_approval_snapshot(&ctx->q, &ctx->tok, d->id);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_approval_snapshot_row(&ctx->db, &d->snap))
		set_err(d, CB_NOT_FOUND, "err.not_found", "denied");
	else
		(void)decide(ctx, d);
	cb_db_reset(&ctx->db);
	req->fsm_state = d->err != CB_OK ? S_REFUSE : S_APPLY;
	return (HTTP_STATE_CONTINUE);
}

/*
 * Who may decide, and on what: a supervisor, not the requester, while
 * the request waits and the case waits with it; approving judges the
 * transition's guard again on the facts it would apply.
 */
static int
decide(struct cb_ctx *ctx, struct decision *d)
{
	struct cb_facts		 facts;
	enum cb_case_type	 t;
	const char		*why;
	unsigned char		 dk[CB_VAULT_KEY_LEN];
	size_t			 i;
	int			 rc;

	d->err = CB_OK;
	if (ctx->actor.role != CB_ROLE_SUPERVISOR) {
		set_err(d, CB_FORBIDDEN, "err.decide_role", "denied");
		return (-1);
	}
	if (strcmp(d->snap.requested_by, ctx->actor.user_id) == 0) {
		set_err(d, CB_FORBIDDEN, "err.self_approval", "denied");
		return (-1);
	}
	if (strcmp(d->snap.status, "pending") != 0 ||
	    strcmp(d->snap.state, d->snap.pending) != 0 ||
	    strcmp(d->snap.case_pending, d->snap.id) != 0 ||
	    cb_case_type_parse(d->snap.case_type, &t) != 0) {
		set_err(d, CB_CONFLICT, "err.decided", "conflict");
		return (-1);
	}

	cb_facts_init(&facts);
	for (i = 0; i < d->snap.case_facts.n; i++)
		(void)cb_facts_set(&facts, d->snap.case_facts.name[i],
		    d->snap.case_facts.value[i],
		    strlen(d->snap.case_facts.value[i]));
	for (i = 0; i < d->snap.facts.n; i++)
		(void)cb_facts_set(&facts, d->snap.facts.name[i],
		    d->snap.facts.value[i], strlen(d->snap.facts.value[i]));
	rc = cb_flow_decide_approval(t, d->snap.state, d->snap.from,
	    d->snap.to, d->approve, ctx->actor.role, &facts, d->snap.stage,
	    d->snap.htcds, &d->plan, &why);
	cb_facts_clear(&facts);
	if (rc == -1) {
		if (strncmp(why, "guard.", 6) == 0)
			set_err(d, CB_GUARD, why, "guard");
		else
			set_err(d, CB_CONFLICT, why, "conflict");
		return (-1);
	}

	cb_uuid_new(d->tid);
	if (d->comment == NULL)
		return (0);
	rc = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, d->snap.case_id,
	    d->snap.key_version, d->snap.wrapped, d->snap.wlen, dk) == 0)
		rc = cb_approval_seal_comment(dk, d->snap.seal_version, d->id,
		    d->comment, &d->sealed, &d->sealed_len);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		set_err(d, CB_INTERNAL, "err.internal", "invalid");
		return (-1);
	}
	return (0);
}

static int
st_apply(struct http_request *req)
{
	struct cb_ctx			*ctx;
	struct decision			*d;
	struct cb_approval_decision	 ad;
	struct kore_buf			*buf;

	ctx = http_state_get(req);
	d = ctx->data;
	if (!ctx->db.sent) {
		memset(&ad, 0, sizeof(ad));
		ad.approval_id = d->id;
		ad.approve = d->approve;
		ad.comment = d->sealed;
		ad.comment_len = d->sealed_len;
		ad.to = d->plan.to->name;
		ad.stage = d->plan.stage;
		ad.htcds = d->plan.htcds;
		ad.tid = d->tid;
		ad.fields = d->comment != NULL ? "decision,comment" :
		    "decision";
		cb_store_approval_decide(&ctx->q, &ctx->tok, &ad, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	switch (cb_store_approval_decide_row(&ctx->db, d->case_id,
	    &d->version)) {
	case CB_DECIDE_OK:
		break;
	case CB_DECIDE_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_DECIDE_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.decide_role", NULL));
	case CB_DECIDE_SELF:
		return (cb_fail(req, CB_FORBIDDEN, "err.self_approval",
		    NULL));
	case CB_DECIDE_CONFLICT:
		return (cb_fail(req, CB_CONFLICT, "err.decided", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	cb_db_reset(&ctx->db);
	if (!ctx->api) {
		cb_redirect(req, "/approvals");
		return (HTTP_STATE_COMPLETE);
	}
	buf = kore_buf_alloc(256);
	cb_render_decision_json(buf, d->id, d->approve, d->case_id,
	    d->plan.to->name, d->version);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct decision	*d;

	ctx = http_state_get(req);
	d = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "approval.decide",
		    d->snap.case_id[0] != '\0' ? d->snap.case_id : NULL, NULL,
		    d->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	cb_db_reset(&ctx->db);
	if (ctx->api || d->err == CB_NOT_FOUND || d->err == CB_INTERNAL)
		return (cb_fail(req, d->err, d->errkey,
		    d->fe.n > 0 ? &d->fe : NULL));
	req->fsm_state = S_LIST;
	return (HTTP_STATE_CONTINUE);
}

/* The list, for the API, the page, or the page after a failed form. */
static int
st_list(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct decision		*d;
	struct kore_buf		*buf;
	struct cb_page		 pg;
	struct cb_approvals_view av;
	char			 csrf[65];

	ctx = http_state_get(req);
	d = ctx->data;
	if (!ctx->db.sent) {
		if (d->status[0] == '\0' && status_arg(req, d) == -1) {
			cb_ferrors_add(&ctx->ferr, "status", "err.option");
			return (cb_fail(req, CB_INVALID, "err.invalid",
			    &ctx->ferr));
		}
		cb_store_approval_list(&ctx->q, &ctx->tok,
		    strcmp(d->status, "all") == 0 ? NULL : d->status,
		    LIST_LIMIT, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	if (ctx->actor.role != CB_ROLE_SUPERVISOR &&
	    ctx->actor.role != CB_ROLE_CASEWORKER)
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	d->items = cb_store_approval_items(&ctx->db, &d->nitems);
	cb_db_reset(&ctx->db);
	open_names(ctx, d->items, d->nitems);

	buf = kore_buf_alloc(8192);
	if (ctx->api) {
		cb_render_approvals_json(buf, d->items, d->nitems);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	memset(&av, 0, sizeof(av));
	av.items = d->items;
	av.n = d->nitems;
	av.failed = d->err != CB_OK ? d->id : NULL;
	av.errkey = d->err != CB_OK ? d->errkey : NULL;
	av.fe = d->fe.n > 0 ? &d->fe : NULL;
	av.comment = d->comment;
	cb_page_init(ctx, &pg, csrf);
	cb_render_approvals_page(buf, &pg, &av);
	cb_reply_html(req, d->err != CB_OK ? cb_err_status(d->err) :
	    HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

/* Names for whom the case shows them; a name that does not open is
 * left out rather than failing the list. */
static void
open_names(struct cb_ctx *ctx, struct cb_approval_item *items, size_t n)
{
	struct cb_case_ref	ref;
	size_t			i;

	for (i = 0; i < n; i++) {
		memset(&ref, 0, sizeof(ref));
		ref.office = items[i].office;
		ref.assigned_to = items[i].assigned_to;
		if (!cb_policy_case_read_person(&ctx->actor, &ref) ||
		    items[i].pk_wrapped == NULL)
			continue;
		if (cb_person_open_names(cb_app.vault, items[i].person_id,
		    items[i].pk_version, items[i].pk_seal,
		    items[i].pk_wrapped, items[i].pk_wlen, items[i].ct_given,
		    items[i].ct_given_len, items[i].ct_family,
		    items[i].ct_family_len, &items[i].given_name,
		    &items[i].family_name) == -1)
			cb_log_error(ctx->reqid, "approvals: cannot open the "
			    "names of approval %s", items[i].id);
	}
}

/* ?status=pending|approved|rejected|cancelled|all, nothing else;
 * pending when absent. */
static int
status_arg(struct http_request *req, struct decision *d)
{
	static const char *const ok[] = {
		"pending", "approved", "rejected", "cancelled", "all"
	};
	struct cb_kvlist	 qs;
	const struct cb_kv	*kv;
	size_t			 i;
	int			 ret;

	(void)cb_strlcpy(d->status, "pending", sizeof(d->status));
	if (req->query_string == NULL || *req->query_string == '\0')
		return (0);
	memset(&qs, 0, sizeof(qs));
	ret = -1;
	if (cb_kv_parse(req->query_string, strlen(req->query_string), 4,
	    &qs) == -1)
		goto cleanup;
	for (i = 0; i < qs.n; i++) {
		if (strcmp(qs.items[i].name, "status") != 0)
			goto cleanup;
	}
	if ((kv = cb_kv_get(&qs, "status")) == NULL) {
		ret = 0;
		goto cleanup;
	}
	for (i = 0; i < NITEMS(ok); i++) {
		if (strcmp(kv->value, ok[i]) == 0) {
			(void)cb_strlcpy(d->status, ok[i], sizeof(d->status));
			ret = 0;
		}
	}

cleanup:
	cb_kv_free(&qs);
	return (ret);
}
