/*
 * assignment: a supervisor reassigns a case of their office to one of
 * its enabled caseworkers, through POST /api/v1/cases/{id}/assignment
 * {"assigned_to", "version"} and the form at /cases/{id}/assignment
 * (GET shows it on its own; the case page embeds the same form). One
 * statement decides (visibility, role, assignee, version), applies,
 * records the change for the case's history and audits; a refusal of
 * the request itself is audited too. Afterwards the new caseworker
 * sees the case and the old one no longer does.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/assignment.h"
#include "render/assistance.h"
#include "render/render.h"
#include "store/assignment.h"
#include "store/audit.h"
#include "store/case.h"
#include "text/json.h"
#include "text/text.h"
#include "web/assignment.h"
#include "web/case.h"
#include "web/web.h"

#define VERSION_DIGITS	9

struct assign {
	char			 case_id[CB_UUID_SIZE];
	char			 to[CB_UUID_SIZE];
	int			 version;
	struct cb_case_snapshot	 snap;
	struct cb_caseworkers	 cw;
	/* A refusal waiting for its audit entry. */
	enum cb_err		 err;
	char			 errkey[64];
	const char		*outcome;
};

enum {
	S_START,
	S_ASSIGN,
	S_SNAPSHOT,
	S_WORKERS,
	S_AUTH,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_assign(struct http_request *);
static int	st_snapshot(struct http_request *);
static int	st_workers(struct http_request *);
static int	st_auth(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_assign),
	KORE_HTTP_STATE(st_snapshot),
	KORE_HTTP_STATE(st_workers),
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_case_assignment(struct http_request *);
int	cb_h_case_assignment_page(struct http_request *);

static int	run(struct http_request *, int);
static void	assign_free(void *);
static int	envelope(struct cb_ctx *, struct assign *);
static void	take(struct cb_ctx *, const char *, const char *,
		    const char **);
static int	refuse(struct http_request *, struct assign *, enum cb_err,
		    const char *, const char *);

int
cb_h_api_case_assignment(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1));
}

int
cb_h_case_assignment_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	return (cb_handler_run(req, api, states, NITEMS(states),
	    sizeof(struct assign), assign_free));
}

static void
assign_free(void *arg)
{
	struct assign	*as;

	as = arg;
	cb_case_snapshot_clear(&as->snap);
	cb_caseworkers_clear(&as->cw);
	sodium_memzero(as, sizeof(*as));
	kore_free(as);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct assign	*as;

	ctx = http_state_get(req);
	as = ctx->data;
	if (cb_case_start(req, ctx, as->case_id) == -1)
		return (HTTP_STATE_COMPLETE);
	if (req->method == HTTP_METHOD_GET) {
		req->fsm_state = S_SNAPSHOT;
		return (HTTP_STATE_CONTINUE);
	}
	if (envelope(ctx, as) == -1) {
		(void)refuse(req, as, CB_INVALID, "err.invalid", "invalid");
		/* Audited as the caller, who must be known first. */
		req->fsm_state = S_AUTH;
		return (HTTP_STATE_CONTINUE);
	}
	req->fsm_state = S_ASSIGN;
	return (HTTP_STATE_CONTINUE);
}

/* Keeps a name's value, or notes why it cannot be taken. */
static void
take(struct cb_ctx *ctx, const char *name, const char *value,
    const char **slot)
{
	if (*slot != NULL)
		cb_ferrors_add(&ctx->ferr, name, "err.duplicate");
	else
		*slot = value;
}

/* {"assigned_to": "<user id>", "version": <n>}, or the form's pair;
 * anything else is an error naming it. */
static int
envelope(struct cb_ctx *ctx, struct assign *as)
{
	const struct cb_json	*j;
	const char		*to, *ver;
	size_t			 i;

	to = ver = NULL;
	if (ctx->api) {
		for (j = ctx->json->child; j != NULL; j = j->next) {
			if (strcmp(j->key, "assigned_to") == 0 &&
			    j->type == CB_JSON_STRING)
				to = j->str;
			else if (strcmp(j->key, "version") == 0 &&
			    j->type == CB_JSON_NUMBER)
				ver = j->str;
			else if (strcmp(j->key, "assigned_to") == 0 ||
			    strcmp(j->key, "version") == 0)
				cb_ferrors_add(&ctx->ferr, j->key, "err.type");
			else
				cb_ferrors_add(&ctx->ferr, j->key,
				    "err.unknown_field");
		}
	} else {
		for (i = 0; i < ctx->kv.n; i++) {
			if (strcmp(ctx->kv.items[i].name, "assigned_to") == 0)
				take(ctx, "assigned_to",
				    ctx->kv.items[i].value, &to);
			else if (strcmp(ctx->kv.items[i].name, "version") == 0)
				take(ctx, "version", ctx->kv.items[i].value,
				    &ver);
			else if (strcmp(ctx->kv.items[i].name, "csrf") != 0)
				cb_ferrors_add(&ctx->ferr,
				    ctx->kv.items[i].name, "err.unknown_field");
		}
	}

	if (to == NULL || *to == '\0')
		cb_ferrors_add(&ctx->ferr, "assigned_to", "err.required");
	else if (!cb_uuid_valid(to))
		cb_ferrors_add(&ctx->ferr, "assigned_to", "err.assignee");
	else
		(void)cb_strlcpy(as->to, to, sizeof(as->to));

	if (ver == NULL || *ver == '\0' || strlen(ver) > VERSION_DIGITS ||
	    strspn(ver, "0123456789") != strlen(ver))
		cb_ferrors_add(&ctx->ferr, "version", "err.version");
	else
		as->version = atoi(ver);

	return (ctx->ferr.n > 0 ? -1 : 0);
}

static int
st_assign(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct assign	*as;
	struct kore_buf	*buf;
	char		 loc[64];
	int		 version;

	ctx = http_state_get(req);
	as = ctx->data;
	if (!ctx->db.sent)
		cb_store_case_assign(&ctx->q, &ctx->tok, as->case_id, as->to,
		    as->version, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);

	/* Refusals here were decided, and audited, in SQL. */
	switch (cb_store_case_assign_row(&ctx->db, &version)) {
	case CB_ASSIGN_OK:
		break;
	case CB_ASSIGN_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_ASSIGN_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	case CB_ASSIGN_CLOSED:
		return (cb_fail(req, CB_GUARD, "err.case_closed", NULL));
	case CB_ASSIGN_ASSIGNEE:
		cb_ferrors_add(&ctx->ferr, "assigned_to", "err.assignee");
		return (cb_fail(req, CB_INVALID, "err.assignee", &ctx->ferr));
	case CB_ASSIGN_STALE:
		return (cb_fail(req, CB_CONFLICT, "err.stale", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", as->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	buf = kore_buf_alloc(256);
	cb_render_assignment_json(buf, as->case_id, as->to, version);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

/* The form on its own page: the case's version and assignee first. */
static int
st_snapshot(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct assign	*as;

	ctx = http_state_get(req);
	as = ctx->data;
	if (!ctx->db.sent)
		cb_store_case_snapshot(&ctx->q, &ctx->tok, as->case_id);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_case_snapshot_row(&ctx->db, &as->snap)) {
		cb_db_reset(&ctx->db);
		return (refuse(req, as, CB_NOT_FOUND, "err.not_found",
		    "denied"));
	}
	cb_db_reset(&ctx->db);
	if (ctx->actor.role != CB_ROLE_SUPERVISOR)
		return (refuse(req, as, CB_FORBIDDEN, "err.forbidden",
		    "denied"));
	if (cb_case_snapshot_closed(&as->snap))
		return (refuse(req, as, CB_GUARD, "err.case_closed", "guard"));
	req->fsm_state = S_WORKERS;
	return (HTTP_STATE_CONTINUE);
}

static int
st_workers(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct assign	*as;
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];
	int		 rc;

	ctx = http_state_get(req);
	as = ctx->data;
	if ((rc = cb_caseworkers_load(req, ctx, &as->cw)) !=
	    HTTP_STATE_CONTINUE)
		return (rc);

	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(4096);
	cb_render_assignment_page(buf, &pg, as->case_id, as->snap.version,
	    as->snap.assigned_to, as->cw.users, as->cw.n);
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, S_REFUSE));
}

/* Sets as's refusal and moves to the state that audits it. */
static int
refuse(struct http_request *req, struct assign *as, enum cb_err err,
    const char *key, const char *outcome)
{
	as->err = err;
	(void)cb_strlcpy(as->errkey, key, sizeof(as->errkey));
	as->outcome = outcome;
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct assign	*as;

	ctx = http_state_get(req);
	as = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "case.assign",
		    as->case_id, as->err == CB_INVALID ?
		    "assigned_to,version" : NULL, as->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	return (cb_fail(req, as->err, as->errkey,
	    as->err == CB_INVALID ? &ctx->ferr : NULL));
}

int
cb_caseworkers_load(struct http_request *req, struct cb_ctx *ctx,
    struct cb_caseworkers *cw)
{
	if (!ctx->db.sent)
		cb_store_office_caseworkers(&ctx->q, &ctx->tok, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	cw->users = cb_store_caseworker_items(&ctx->db, &cw->n);
	cb_db_reset(&ctx->db);
	return (HTTP_STATE_CONTINUE);
}

void
cb_caseworkers_clear(struct cb_caseworkers *cw)
{
	kore_free(cw->users);
	cw->users = NULL;
	cw->n = 0;
}
