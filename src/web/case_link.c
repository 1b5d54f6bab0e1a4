/*
 * case_link: POST /api/v1/cases/{id}/links {"case_type"} and the form
 * on the case page: a case of the other type for the same person (the
 * survivor goes home: CT -> AVRR; screening finds trafficking
 * indicators: AVRR -> CT), carrying the person over without retyping.
 * The new case gets its own data key. An Idempotency-Key (or the
 * page's redirect) keeps a double submit from making two.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "render/render.h"
#include "store/link.h"
#include "text/json.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

#define IDEM_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789-_.:"

struct link {
	char			 source[CB_UUID_SIZE];
	char			 type[8];
	const struct cb_state	*initial;
	char			 idem[160];
	int			 has_idem;
	unsigned char		 rhash[CB_HASH_LEN];
	char			 key_id[CB_UUID_SIZE];
	unsigned char		 wrapped[CB_VAULT_WRAPPED_LEN];
	struct cb_case_view	 v;
};

enum {
	S_START,
	S_LINK,
	S_VIEW
};

static int	st_start(struct http_request *);
static int	st_link(struct http_request *);
static int	st_view(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_link),
	KORE_HTTP_STATE(st_view),
};

int	cb_h_api_case_links(struct http_request *);
int	cb_h_case_links_page(struct http_request *);

static int	run(struct http_request *, int);
static void	link_free(void *);
static int	parse(struct http_request *, struct cb_ctx *, struct link *);

int
cb_h_api_case_links(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1));
}

int
cb_h_case_links_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	struct link	*l;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		l = kore_calloc(1, sizeof(*l));
		l->v.status = HTTP_STATUS_CREATED;
		ctx->data = l;
		ctx->data_free = link_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
link_free(void *arg)
{
	struct link	*l;

	l = arg;
	cb_case_view_clear(&l->v);
	sodium_memzero(l, sizeof(*l));
	kore_free(l);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct link	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (!cb_case_path_id(req, l->source))
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
	if (parse(req, ctx, l) == -1)
		return (HTTP_STATE_COMPLETE);
	req->fsm_state = S_LINK;
	return (HTTP_STATE_CONTINUE);
}

/* {"case_type"} and nothing else; the new case's key is made here. */
static int
parse(struct http_request *req, struct cb_ctx *ctx, struct link *l)
{
	const struct cb_json	*j;
	const struct cb_kv	*kv;
	const char		*type, *hdr;
	enum cb_case_type	 t;
	unsigned char		 dk[CB_VAULT_KEY_LEN];
	char			 what[64];
	size_t			 i;
	int			 rc;

	type = NULL;
	if (ctx->api) {
		for (j = ctx->json->child; j != NULL; j = j->next) {
			if (strcmp(j->key, "case_type") != 0)
				cb_ferrors_add(&ctx->ferr, j->key,
				    "err.unknown_field");
		}
		j = cb_json_get(ctx->json, "case_type");
		if (j != NULL && j->type == CB_JSON_STRING)
			type = j->str;
	} else {
		for (i = 0; i < ctx->kv.n; i++) {
			if (strcmp(ctx->kv.items[i].name, "case_type") != 0 &&
			    strcmp(ctx->kv.items[i].name, "csrf") != 0)
				cb_ferrors_add(&ctx->ferr,
				    ctx->kv.items[i].name,
				    "err.unknown_field");
		}
		if ((kv = cb_kv_get(&ctx->kv, "case_type")) != NULL)
			type = kv->value;
	}
	if (type == NULL || cb_case_type_parse(type, &t) != 0 ||
	    (l->initial = cb_flow_state(t, cb_flow_initial(t))) == NULL)
		cb_ferrors_add(&ctx->ferr, "case_type", "err.option");
	else
		(void)cb_strlcpy(l->type, type, sizeof(l->type));

	if (ctx->api && http_request_header(req, "idempotency-key", &hdr)) {
		if (strlen(hdr) < 1 || strlen(hdr) > 128 ||
		    strspn(hdr, IDEM_CHARS) != strlen(hdr))
			cb_ferrors_add(&ctx->ferr, "Idempotency-Key",
			    "err.idempotency_key");
		else {
			(void)snprintf(l->idem, sizeof(l->idem), "link:%s",
			    hdr);
			l->has_idem = 1;
		}
	}
	if (ctx->ferr.n > 0) {
		(void)cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr);
		return (-1);
	}

	/* Same key, same source and type: the same request. */
	(void)snprintf(what, sizeof(what), "link|%s|%s", l->source, l->type);
	cb_vault_mac(cb_app.vault, what, strlen(what), l->rhash);

	cb_uuid_new(l->v.case_id);
	cb_uuid_new(l->key_id);
	rc = cb_vault_dk_new(cb_app.vault, l->v.case_id, dk, l->wrapped);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		(void)cb_fail(req, CB_INTERNAL, "err.internal", NULL);
		return (-1);
	}
	return (0);
}

static int
st_link(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct link		*l;
	struct cb_case_link	 cl;
	struct cb_ferrors	 fe;
	char			 id[CB_UUID_SIZE], loc[64];

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		memset(&cl, 0, sizeof(cl));
		cl.case_id = l->source;
		cl.idem_key = l->has_idem ? l->idem : NULL;
		cl.req_hash = l->rhash;
		cl.new_id = l->v.case_id;
		cl.key_id = l->key_id;
		cl.key_version = cb_vault_version(cb_app.vault);
		cl.wrapped = l->wrapped;
		cl.wlen = sizeof(l->wrapped);
		cl.case_type = l->type;
		cl.state = l->initial->name;
		cl.stage = l->initial->stage;
		cl.htcds = l->initial->htcds;
		cb_store_case_link(&ctx->q, &ctx->tok, &cl, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	memset(&fe, 0, sizeof(fe));
	switch (cb_store_case_link_row(&ctx->db, id)) {
	case CB_LINK_CREATED:
		break;
	case CB_LINK_REPLAY:
		(void)cb_strlcpy(l->v.case_id, id, sizeof(l->v.case_id));
		if (ctx->api)
			http_response_header(req, "idempotent-replayed",
			    "true");
		break;
	case CB_LINK_REUSE:
		cb_ferrors_add(&fe, "Idempotency-Key",
		    "err.idempotency_reuse");
		return (cb_fail(req, CB_INVALID, "err.idempotency_reuse",
		    &fe));
	case CB_LINK_NOT_FOUND:
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	case CB_LINK_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	case CB_LINK_SAME_TYPE:
		cb_ferrors_add(&fe, "case_type", "err.link_same_type");
		return (cb_fail(req, CB_INVALID, "err.invalid", &fe));
	case CB_LINK_EXISTS:
		return (cb_fail(req, CB_GUARD, "guard.link_exists", NULL));
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}
	cb_db_reset(&ctx->db);
	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", l->v.case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	req->fsm_state = S_VIEW;
	return (HTTP_STATE_CONTINUE);
}

static int
st_view(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct link	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	return (cb_case_view_run(req, ctx, &l->v));
}
