/*
 * org: partner organisations, through GET and POST
 * /api/v1/organisations and the admin's page /organisations. An admin
 * registers one (name, HTCDS type, country; names are unique: 409 for a
 * second one); admins, caseworkers and supervisors list them all (the
 * latter to choose a recipient), a partner its own only, an auditor
 * nothing (403). The web role has no privilege on the table: org_create
 * and org_list decide by the session's role in SQL and audit. The page
 * keeps what was typed when the form fails.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "render/referral.h"
#include "render/render.h"
#include "store/audit.h"
#include "store/referral.h"
#include "web/referral.h"
#include "web/web.h"

/* Bytes of an answer per organisation, and beyond them. */
#define ORG_BYTES	1024
#define PAGE_BYTES	8192

struct orgs {
	struct cb_org_list	 l;
	struct cb_org		 o;
	int			 status;	/* of the page */
	enum cb_err		 err;
	char			 errkey[64];
	const char		*outcome;
};

enum {
	S_START,
	S_AUTH,
	S_DECIDE,
	S_LIST,
	S_CREATE,
	S_REFUSE
};

static int	st_start(struct http_request *);
static int	st_auth(struct http_request *);
static int	st_decide(struct http_request *);
static int	st_list(struct http_request *);
static int	st_create(struct http_request *);
static int	st_refuse(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_decide),
	KORE_HTTP_STATE(st_list),
	KORE_HTTP_STATE(st_create),
	KORE_HTTP_STATE(st_refuse),
};

int	cb_h_api_organisations(struct http_request *);
int	cb_h_organisations_page(struct http_request *);

static void	orgs_free(void *);
static int	refuse(struct http_request *, struct orgs *, enum cb_err,
		    const char *, const char *);

int
cb_h_api_organisations(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 1, states, NITEMS(states),
	    sizeof(struct orgs), orgs_free));
}

int
cb_h_organisations_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 0, states, NITEMS(states),
	    sizeof(struct orgs), orgs_free));
}

static void
orgs_free(void *arg)
{
	struct orgs	*o;

	o = arg;
	cb_org_list_clear(&o->l);
	sodium_memzero(o, sizeof(*o));
	kore_free(o);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct orgs	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	o->status = HTTP_STATUS_OK;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (req->method == HTTP_METHOD_GET) {
		req->fsm_state = ctx->api ? S_LIST : S_AUTH;
		return (HTTP_STATE_CONTINUE);
	}
	if (ctx->api) {
		if (cb_body_json(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
	} else {
		if (cb_body_form(req, ctx) == -1)
			return (HTTP_STATE_COMPLETE);
		if (!cb_csrf_ok(ctx))
			return (cb_fail(req, CB_FORBIDDEN, "err.csrf", NULL));
	}
	cb_refer_values(ctx, &cb_form_org);
	req->fsm_state = S_AUTH;
	return (HTTP_STATE_CONTINUE);
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, S_DECIDE));
}

/* Only admins add, and only admins have the page; then the fields. */
static int
st_decide(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct orgs	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	if (ctx->actor.role != CB_ROLE_ADMIN) {
		if (req->method == HTTP_METHOD_GET)
			return (cb_fail(req, CB_FORBIDDEN, "err.forbidden",
			    NULL));
		return (refuse(req, o, CB_FORBIDDEN, "err.forbidden",
		    "denied"));
	}
	if (req->method == HTTP_METHOD_GET) {
		req->fsm_state = S_LIST;
		return (HTTP_STATE_CONTINUE);
	}
	if (ctx->ferr.n > 0) {
		o->status = 422;
		return (refuse(req, o, CB_INVALID, "err.invalid", "invalid"));
	}
	req->fsm_state = S_CREATE;
	return (HTTP_STATE_CONTINUE);
}

static int
refuse(struct http_request *req, struct orgs *o, enum cb_err err,
    const char *key, const char *outcome)
{
	o->err = err;
	(void)cb_strlcpy(o->errkey, key, sizeof(o->errkey));
	o->outcome = outcome;
	req->fsm_state = S_REFUSE;
	return (HTTP_STATE_CONTINUE);
}

static int
st_list(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct orgs	*o;
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];
	int		 rc;

	ctx = http_state_get(req);
	o = ctx->data;
	if ((rc = cb_orgs_load(req, ctx, &o->l)) != HTTP_STATE_CONTINUE)
		return (rc);
	buf = kore_buf_alloc(PAGE_BYTES + o->l.n * ORG_BYTES);
	if (ctx->api) {
		cb_render_orgs_json(buf, o->l.items, o->l.n);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	cb_page_init(ctx, &pg, csrf);
	cb_render_orgs_page(buf, &pg, o->l.items, o->l.n,
	    o->status != HTTP_STATUS_OK ? &ctx->vals : NULL,
	    o->status != HTTP_STATUS_OK ? &ctx->ferr : NULL,
	    o->status != HTTP_STATUS_OK ? o->errkey : NULL);
	cb_reply_html(req, o->status, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_create(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct orgs		*o;
	struct kore_buf		*buf;
	enum cb_refer_outcome	 rc;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		cb_uuid_new(o->o.id);
		cb_store_org_create(&ctx->q, &ctx->tok, o->o.id,
		    cb_values_get(&ctx->vals, "name"),
		    cb_values_get(&ctx->vals, "type"),
		    cb_values_get(&ctx->vals, "country"), ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	rc = cb_store_refer_outcome(&ctx->db, "o_id", o->o.id, "o_created",
	    o->o.created_at);
	cb_db_reset(&ctx->db);
	switch (rc) {
	case CB_REF_CREATED:
		break;
	case CB_REF_EXISTS:
		cb_ferrors_add(&ctx->ferr, "name", "err.org_exists");
		if (ctx->api)
			return (cb_fail(req, CB_CONFLICT, "err.org_exists",
			    &ctx->ferr));
		o->status = HTTP_STATUS_CONFLICT;
		(void)cb_strlcpy(o->errkey, "err.org_exists",
		    sizeof(o->errkey));
		req->fsm_state = S_LIST;
		return (HTTP_STATE_CONTINUE);
	case CB_REF_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	if (!ctx->api) {
		cb_redirect(req, "/organisations");
		return (HTTP_STATE_COMPLETE);
	}
	(void)cb_strlcpy(o->o.name, cb_values_get(&ctx->vals, "name"),
	    sizeof(o->o.name));
	(void)cb_strlcpy(o->o.type, cb_values_get(&ctx->vals, "type"),
	    sizeof(o->o.type));
	(void)cb_strlcpy(o->o.country, cb_values_get(&ctx->vals, "country"),
	    sizeof(o->o.country));
	buf = kore_buf_alloc(ORG_BYTES);
	cb_render_org_json(buf, &o->o);
	cb_reply_json(req, HTTP_STATUS_CREATED, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_refuse(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct orgs	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_refusal(&ctx->q, &ctx->tok, "org.create", NULL,
		    o->err == CB_INVALID ? "name,type,country" : NULL,
		    o->outcome, ctx->reqid);
	CB_AWAIT(req, ctx);
	cb_db_reset(&ctx->db);
	if (o->err == CB_INVALID && !ctx->api) {
		req->fsm_state = S_LIST;
		return (HTTP_STATE_CONTINUE);
	}
	return (cb_fail(req, o->err, o->errkey,
	    o->err == CB_INVALID ? &ctx->ferr : NULL));
}
