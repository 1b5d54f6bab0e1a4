/*
 * h_case: the case resource, for both faces. One state machine per
 * request serves the JSON API and the pages alike; only the first
 * step (reading the body) and the last (rendering) differ, so a rule
 * can never hold for one face and not the other.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "web/app.h"
#include "store/auditq.h"
#include "domain/casedata.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "text/json.h"
#include "domain/policy.h"
#include "render/render.h"
#include "store/sql_case.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/web.h"

enum opkind {
	OP_VIEW,
	OP_LIST,
	OP_CREATE,
	OP_SEARCH,
	OP_TRANSITION,
	OP_INTAKE_FORM,
	OP_SEARCH_FORM
};

struct op {
	enum opkind		 op;
	int			 status;
	char			 case_id[CB_UUID_SIZE];
	struct cb_case		 c;
	struct cb_sealed	 s;
	char			 idem[160];
	int			 has_idem;
	unsigned char		 rhash[32];
	char			 fields[512];
	char			 num[4][16];
	/* list */
	struct cb_kvlist	 qs;
	const char		*f[5];		/* type stage state me cursor */
	char			 cur_ts[64];
	char			 cur_id[CB_UUID_SIZE];
	int			 limit;
	struct cb_case		*items;
	size_t			 nitems;
	char			*next;
	/* search */
	unsigned char		 doc_bidx[32];
	unsigned char		 nd_bidx[32];
	int			 has_doc;
	int			 has_nd;
	struct cb_kvlist_view	 sview;
	/* transition */
	const struct cb_transition *tr;
	const struct cb_state	*to;
	int			 version;
	unsigned char		*reason_ct;
	size_t			 reason_len;
	unsigned char		*data_ct;
	size_t			 data_len;
};

enum {
	S_START,
	S_AUTH,
	S_MAIN,
	S_CREATE,
	S_REPLAY,
	S_LIST,
	S_SEARCH,
	S_SEARCH_AUDIT,
	S_META,
	S_TRANSITION,
	S_VIEW,
	S_VIEW_AUDIT,
	S_DENIED
};

static int	st_start(struct http_request *);
static int	st_auth(struct http_request *);
static int	st_main(struct http_request *);
static int	st_create(struct http_request *);
static int	st_replay(struct http_request *);
static int	st_list(struct http_request *);
static int	st_search(struct http_request *);
static int	st_search_audit(struct http_request *);
static int	st_meta(struct http_request *);
static int	st_transition(struct http_request *);
static int	seal_transition(struct op *, const struct cb_form *,
		    const struct cb_values *, const char *,
		    const unsigned char *, unsigned int);
static int	st_view(struct http_request *);
static int	st_view_audit(struct http_request *);
static enum cb_db_rc read_audit(struct cb_ctx *, const char *, const char *,
		    const char *, const char *);
static int	st_denied(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_main),
	KORE_HTTP_STATE(st_create),
	KORE_HTTP_STATE(st_replay),
	KORE_HTTP_STATE(st_list),
	KORE_HTTP_STATE(st_search),
	KORE_HTTP_STATE(st_search_audit),
	KORE_HTTP_STATE(st_meta),
	KORE_HTTP_STATE(st_transition),
	KORE_HTTP_STATE(st_view),
	KORE_HTTP_STATE(st_view_audit),
	KORE_HTTP_STATE(st_denied),
};

#define NSTATES		(sizeof(states) / sizeof(states[0]))

static int	run(struct http_request *, int, enum opkind);
static void	op_free(void *);
static int	fail(struct http_request *, enum cb_err, const char *,
		    const struct cb_ferrors *);
static int	path_case_id(struct http_request *, char *);
static void	page_ctx(struct cb_ctx *, struct cb_page *, char *);
static int	validate_create(struct http_request *, struct cb_ctx *,
		    struct op *);
static int	validate_list(struct http_request *, struct cb_ctx *,
		    struct op *);
static int	validate_search(struct cb_ctx *, struct op *);
static int	validate_transition(struct cb_ctx *, struct op *);
static void	reply_form(struct http_request *, struct cb_ctx *, int);
static void	reply_view(struct http_request *, struct cb_ctx *,
		    struct op *);
static void	reply_items(struct http_request *, struct cb_ctx *,
		    struct op *);
static int	load_items(struct cb_ctx *, struct op *, int);
static int	open_case(struct cb_ctx *, struct op *);
static void	request_digest(struct cb_ctx *, struct op *);
static void	today(int *, int *, int *);

int	cb_h_api_case(struct http_request *);
int	cb_h_api_cases(struct http_request *);
int	cb_h_api_cases_search(struct http_request *);
int	cb_h_api_case_transition(struct http_request *);
int	cb_h_case_page(struct http_request *);
int	cb_h_cases_page(struct http_request *);
int	cb_h_intake_page(struct http_request *);
int	cb_h_search_page(struct http_request *);

int
cb_h_api_case(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 1, OP_VIEW));
}

int
cb_h_api_cases(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, req->method == HTTP_METHOD_GET ?
	    OP_LIST : OP_CREATE));
}

int
cb_h_api_cases_search(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, OP_SEARCH));
}

int
cb_h_api_case_transition(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, OP_TRANSITION));
}

int
cb_h_case_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 0, OP_VIEW));
}

int
cb_h_cases_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 0, OP_LIST));
}

int
cb_h_intake_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, req->method == HTTP_METHOD_GET ?
	    OP_INTAKE_FORM : OP_CREATE));
}

int
cb_h_search_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, req->method == HTTP_METHOD_GET ?
	    OP_SEARCH_FORM : OP_SEARCH));
}

static int
run(struct http_request *req, int api, enum opkind kind)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		o = kore_calloc(1, sizeof(*o));
		o->op = kind;
		o->status = HTTP_STATUS_OK;
		ctx->data = o;
		ctx->data_free = op_free;
	}
	return (http_state_run(states, NSTATES, req));
}

static void
op_free(void *arg)
{
	struct op	*o;
	size_t		 i;

	o = arg;
	cb_case_clear(&o->c);
	cb_sealed_clear(&o->s);
	cb_kv_free(&o->qs);
	for (i = 0; i < o->nitems; i++)
		cb_case_clear(&o->items[i]);
	kore_free(o->items);
	kore_free(o->next);
	kore_free(o->reason_ct);
	kore_free(o->data_ct);
	sodium_memzero(o, sizeof(*o));
	kore_free(o);
}

static int
fail(struct http_request *req, enum cb_err err, const char *msg,
    const struct cb_ferrors *fe)
{
	cb_reply_error(req, err, msg, fe);
	return (HTTP_STATE_COMPLETE);
}

static int
path_case_id(struct http_request *req, char *out)
{
	const char	*p;

	p = req->path;
	if (strncmp(p, "/api/v1/cases/", 14) == 0)
		p += 14;
	else if (strncmp(p, "/cases/", 7) == 0)
		p += 7;
	else
		return (0);
	if (strlen(p) < CB_UUID_LEN)
		return (0);
	memcpy(out, p, CB_UUID_LEN);
	out[CB_UUID_LEN] = '\0';
	return (cb_uuid_valid(out));
}

static void
page_ctx(struct cb_ctx *ctx, struct cb_page *pg, char *csrf)
{
	cb_vault_csrf(cb_app.vault, ctx->sess, csrf);
	pg->actor = &ctx->actor;
	pg->csrf = csrf;
}

static void
today(int *y, int *m, int *d)
{
	time_t		now;
	struct tm	tm;

	now = time(NULL);
	gmtime_r(&now, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

/*
 * First step: read what the request carries. Pages prove their origin
 * with the session-bound CSRF token before anything else is done.
 */
static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;
	const struct cb_kv *kv;
	const char	*hdr;

	ctx = http_state_get(req);
	o = ctx->data;

	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));

	if (o->op == OP_VIEW || o->op == OP_TRANSITION) {
		if (!path_case_id(req, o->case_id))
			return (fail(req, CB_NOT_FOUND, "err.not_found",
			    NULL));
	}

	if (req->method == HTTP_METHOD_POST) {
		if (ctx->api) {
			if (cb_body_json(req, ctx) == -1)
				return (HTTP_STATE_COMPLETE);
		} else {
			if (cb_body_form(req, ctx) == -1)
				return (HTTP_STATE_COMPLETE);
			kv = cb_kv_get(&ctx->kv, "csrf");
			if (kv == NULL || !cb_vault_csrf_check(cb_app.vault,
			    ctx->sess, kv->value))
				return (fail(req, CB_FORBIDDEN, "err.csrf",
				    NULL));
		}
	}

	if (o->op == OP_CREATE) {
		if (ctx->api && http_request_header(req, "idempotency-key",
		    &hdr)) {
			if (strlen(hdr) < 1 || strlen(hdr) > 128 ||
			    strspn(hdr, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
			    "klmnopqrstuvwxyz0123456789-_.:") != strlen(hdr)) {
				struct cb_ferrors fe;

				memset(&fe, 0, sizeof(fe));
				cb_ferrors_add(&fe, "Idempotency-Key",
				    "err.idempotency_key");
				return (fail(req, CB_BAD_REQUEST,
				    "err.idempotency_key", &fe));
			}
			(void)snprintf(o->idem, sizeof(o->idem), "api:%s",
			    hdr);
			o->has_idem = 1;
		} else if (!ctx->api &&
		    (kv = cb_kv_get(&ctx->kv, "form_token")) != NULL &&
		    strlen(kv->value) == CB_TOKEN_SIZE - 1 &&
		    strspn(kv->value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
		    "klmnopqrstuvwxyz0123456789-_") == CB_TOKEN_SIZE - 1) {
			(void)snprintf(o->idem, sizeof(o->idem), "form:%s",
			    kv->value);
			o->has_idem = 1;
		}
	}

	req->fsm_state = (o->op == OP_VIEW) ? S_VIEW : S_AUTH;
	return (HTTP_STATE_CONTINUE);
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, S_MAIN));
}

/* Second step, with the caller known: authorise and validate. */
static int
st_main(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65], tok[CB_TOKEN_SIZE];

	ctx = http_state_get(req);
	o = ctx->data;

	switch (o->op) {
	case OP_INTAKE_FORM:
		if (!cb_policy_case_create(&ctx->actor))
			return (fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
		cb_vault_token_new(tok);
		page_ctx(ctx, &pg, csrf);
		buf = kore_buf_alloc(8192);
		cb_render_intake(buf, &pg, tok, NULL, NULL);
		cb_reply_html(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	case OP_SEARCH_FORM:
		if (!cb_policy_case_search(&ctx->actor))
			return (fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
		page_ctx(ctx, &pg, csrf);
		buf = kore_buf_alloc(4096);
		cb_render_search(buf, &pg, NULL, NULL, NULL, 0, 0);
		cb_reply_html(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	case OP_CREATE:
		if (!cb_policy_case_create(&ctx->actor))
			return (fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
		if (validate_create(req, ctx, o) == -1)
			return (HTTP_STATE_COMPLETE);
		req->fsm_state = S_CREATE;
		break;
	case OP_LIST:
		if (!cb_policy_case_list(&ctx->actor))
			return (fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
		if (validate_list(req, ctx, o) == -1)
			return (fail(req, CB_BAD_REQUEST, "err.query",
			    &ctx->ferr));
		req->fsm_state = S_LIST;
		break;
	case OP_SEARCH:
		if (!cb_policy_case_search(&ctx->actor))
			return (fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
		if (validate_search(ctx, o) == -1) {
			if (ctx->api)
				return (fail(req, CB_INVALID, "err.invalid",
				    &ctx->ferr));
			page_ctx(ctx, &pg, csrf);
			buf = kore_buf_alloc(4096);
			cb_render_search(buf, &pg, &o->sview, &ctx->ferr,
			    NULL, 0, 0);
			cb_reply_html(req, 422, buf);
			return (HTTP_STATE_COMPLETE);
		}
		req->fsm_state = S_SEARCH;
		break;
	case OP_TRANSITION:
		if (validate_transition(ctx, o) == -1)
			return (fail(req, CB_INVALID, "err.invalid",
			    &ctx->ferr));
		req->fsm_state = S_META;
		break;
	default:
		return (fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	}
	return (HTTP_STATE_CONTINUE);
}

static int
validate_create(struct http_request *req, struct cb_ctx *ctx, struct op *o)
{
	const char	*v;
	char		*dup;
	int		 rc, y, m, d;

	if (ctx->api)
		rc = cb_form_from_json(&cb_form_intake, ctx->json,
		    &ctx->vals, &ctx->ferr);
	else
		rc = cb_form_from_kv(&cb_form_intake, &ctx->kv,
		    &ctx->vals, &ctx->ferr);
	if (rc == -1) {
		reply_form(req, ctx, 422);
		return (-1);
	}

	/* A caseworker registers in their own office (the default);
	 * moving a case to another office is a supervisor's reassignment. */
	v = cb_values_get(&ctx->vals, "office");
	if (v != NULL && *v != '\0' && strcmp(v, ctx->actor.office) != 0) {
		cb_ferrors_add(&ctx->ferr, "office", "err.office");
		reply_form(req, ctx, 422);
		return (-1);
	}
	if (v == NULL || *v == '\0') {
		rc = cb_form_index(&cb_form_intake, "office");
		if (rc >= 0 && ctx->actor.office[0] != '\0') {
			dup = kore_strdup(ctx->actor.office);
			kore_free(ctx->vals.v[rc]);
			ctx->vals.v[rc] = dup;
			ctx->vals.len[rc] = strlen(dup);
		}
	}

	request_digest(ctx, o);
	today(&y, &m, &d);
	if (cb_case_seal(cb_app.vault, &ctx->vals, y, m, d, &o->s) == -1) {
		(void)fail(req, CB_INTERNAL, "err.internal", NULL);
		return (-1);
	}
	return (0);
}

/* Keyed digest of the validated values, to tell a replay from a reuse
 * of the same Idempotency-Key with another body. */
static void
request_digest(struct cb_ctx *ctx, struct op *o)
{
	struct kore_buf	*buf;
	size_t		 i;

	buf = kore_buf_alloc(512);
	for (i = 0; i < cb_form_intake.nfields; i++) {
		kore_buf_appendf(buf, "%s=", cb_form_intake.fields[i].name);
		if (ctx->vals.v[i] != NULL)
			kore_buf_append(buf, ctx->vals.v[i], ctx->vals.len[i]);
		kore_buf_append(buf, "\n", 1);
	}
	cb_vault_mac(cb_app.vault, buf->data, buf->offset, o->rhash);
	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
}

static void
reply_form(struct http_request *req, struct cb_ctx *ctx, int status)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	const struct cb_kv	*kv;
	char			 csrf[65];

	if (ctx->api) {
		(void)fail(req, CB_INVALID, "err.invalid", &ctx->ferr);
		return;
	}
	page_ctx(ctx, &pg, csrf);
	kv = cb_kv_get(&ctx->kv, "form_token");
	buf = kore_buf_alloc(8192);
	cb_render_intake(buf, &pg, kv ? kv->value : "", &ctx->vals,
	    &ctx->ferr);
	cb_reply_html(req, status, buf);
}

static int
st_create(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct op		*o;
	struct cb_sealed	*s;
	const char		*v;
	size_t			 i;

	ctx = http_state_get(req);
	o = ctx->data;
	s = &o->s;

	if (!ctx->db.sent) {
		(void)snprintf(o->num[0], sizeof(o->num[0]), "%u",
		    cb_vault_version(cb_app.vault));
		(void)snprintf(o->num[1], sizeof(o->num[1]), "%d",
		    s->registration_year);
		o->fields[0] = '\0';
		for (i = 0; i < cb_form_intake.nfields; i++) {
			if (ctx->vals.v[i] == NULL || ctx->vals.len[i] == 0)
				continue;
			if (o->fields[0] != '\0')
				(void)cb_strlcat(o->fields, ",",
				    sizeof(o->fields));
			(void)cb_strlcat(o->fields, cb_form_intake.fields[i].name,
			    sizeof(o->fields));
		}
		v = cb_values_get(&ctx->vals, "case_type");
		(void)cb_strlcpy(o->c.case_type, v ? v : "",
		    sizeof(o->c.case_type));

		cb_dbq_init(&ctx->q, CB_SQL_CASE_CREATE);
		cb_dbq_text(&ctx->q, ctx->actor.user_id);		/* 1 */
		cb_dbq_text(&ctx->q, o->has_idem ? o->idem : NULL);
		cb_dbq_bin(&ctx->q, o->rhash, sizeof(o->rhash));
		cb_dbq_text(&ctx->q, s->case_id);
		cb_dbq_text(&ctx->q, s->person_key_id);		/* 5 */
		cb_dbq_text(&ctx->q, o->num[0]);
		cb_dbq_bin(&ctx->q, s->person_wrapped,
		    sizeof(s->person_wrapped));
		cb_dbq_text(&ctx->q, s->case_key_id);
		cb_dbq_bin(&ctx->q, s->case_wrapped, sizeof(s->case_wrapped));
		cb_dbq_text(&ctx->q, s->person_id);			/* 10 */
		v = cb_values_get(&ctx->vals, "consent_data_processing");
		cb_dbq_text(&ctx->q, (v && strcmp(v, "true") == 0) ?
		    "true" : "false");
		for (i = CB_SC_GIVEN_NAME; i <= CB_SC_DOCUMENT; i++) {
			if (s->ct[i] == NULL)
				cb_dbq_text(&ctx->q, NULL);	/* 12-17 */
			else
				cb_dbq_bin(&ctx->q, s->ct[i], s->ctlen[i]);
		}
		if (s->has_doc_bidx)
			cb_dbq_bin(&ctx->q, s->doc_bidx, sizeof(s->doc_bidx));
		else
			cb_dbq_text(&ctx->q, NULL);
		if (s->has_name_dob_bidx)
			cb_dbq_bin(&ctx->q, s->name_dob_bidx,
			    sizeof(s->name_dob_bidx));
		else
			cb_dbq_text(&ctx->q, NULL);
		v = cb_values_get(&ctx->vals, "person.gender");	/* 20 */
		cb_dbq_text(&ctx->q, (v && *v) ? v : NULL);
		v = cb_values_get(&ctx->vals, "person.citizenship");
		cb_dbq_text(&ctx->q, (v && *v) ? v : NULL);
		cb_dbq_text(&ctx->q, s->age_band[0] ? s->age_band : NULL);
		v = cb_values_get(&ctx->vals, "person.languages");
		cb_dbq_text(&ctx->q, (v && *v) ? v : NULL);
		cb_dbq_text(&ctx->q, o->c.case_type);
		{
			enum cb_case_type	 t;
			const struct cb_state	*st;

			if (cb_case_type_parse(o->c.case_type, &t) != 0 ||
			    (st = cb_flow_state(t, cb_flow_initial(t))) ==
			    NULL)
				return (fail(req, CB_INTERNAL,
				    "err.internal", NULL));
			(void)cb_strlcpy(o->c.state, st->name,
			    sizeof(o->c.state));
			(void)cb_strlcpy(o->c.stage, st->stage,
			    sizeof(o->c.stage));
			(void)cb_strlcpy(o->c.htcds, st->htcds,
			    sizeof(o->c.htcds));
		}
		cb_dbq_text(&ctx->q, o->c.state);			/* 25 */
		cb_dbq_text(&ctx->q, o->c.stage);
		cb_dbq_text(&ctx->q, o->c.htcds);
		v = cb_values_get(&ctx->vals, "office");
		(void)cb_strlcpy(o->c.office, v ? v : "", sizeof(o->c.office));
		cb_dbq_text(&ctx->q, o->c.office);
		cb_dbq_text(&ctx->q, o->num[1]);
		if (s->ct[CB_SC_LOCATION] == NULL)			/* 30 */
			cb_dbq_text(&ctx->q, NULL);
		else
			cb_dbq_bin(&ctx->q, s->ct[CB_SC_LOCATION],
			    s->ctlen[CB_SC_LOCATION]);
		cb_dbq_text(&ctx->q, cb_role_name(ctx->actor.role));
		cb_dbq_text(&ctx->q, ctx->reqid);
		cb_dbq_text(&ctx->q, o->fields);
	}

	CB_AWAIT(req, ctx);

	if (cb_db_rows(&ctx->db) == 0) {
		/* The idempotency key was seen before. */
		cb_db_reset(&ctx->db);
		req->fsm_state = S_REPLAY;
		return (HTTP_STATE_CONTINUE);
	}

	(void)cb_strlcpy(o->c.id, s->case_id, sizeof(o->c.id));
	(void)cb_strlcpy(o->c.person_id, s->person_id, sizeof(o->c.person_id));
	o->c.version = atoi(cb_db_get(&ctx->db, 0, 1));
	(void)cb_strlcpy(o->c.created_at, cb_db_get(&ctx->db, 0, 2),
	    sizeof(o->c.created_at));
	(void)cb_strlcpy(o->c.updated_at, cb_db_get(&ctx->db, 0, 3),
	    sizeof(o->c.updated_at));
	(void)cb_strlcpy(o->c.assigned_to, ctx->actor.user_id,
	    sizeof(o->c.assigned_to));
	(void)cb_strlcpy(o->c.created_by, ctx->actor.user_id,
	    sizeof(o->c.created_by));
	v = cb_values_get(&ctx->vals, "consent_data_processing");
	o->c.consent = (v && strcmp(v, "true") == 0);
	(void)cb_strlcpy(o->c.age_band, s->age_band, sizeof(o->c.age_band));
	cb_case_from_values(&o->c, &ctx->vals);

	if (!ctx->api) {
		char	loc2[64];

		(void)snprintf(loc2, sizeof(loc2), "/cases/%s", o->c.id);
		cb_redirect(req, loc2);
		return (HTTP_STATE_COMPLETE);
	}
	o->status = HTTP_STATUS_CREATED;
	reply_view(req, ctx, o);
	return (HTTP_STATE_COMPLETE);
}

static int
st_replay(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;
	struct cb_ferrors fe;
	char		 loc[64];

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, CB_SQL_CASE_REPLAY);
		cb_dbq_text(&ctx->q, ctx->actor.user_id);
		cb_dbq_text(&ctx->q, o->idem);
		cb_dbq_bin(&ctx->q, o->rhash, sizeof(o->rhash));
	}
	CB_AWAIT(req, ctx);
	if (cb_db_rows(&ctx->db) != 1)
		return (fail(req, CB_CONFLICT, "err.conflict", NULL));
	(void)cb_strlcpy(o->case_id, cb_db_get(&ctx->db, 0, 0),
	    sizeof(o->case_id));
	if (strcmp(cb_db_get(&ctx->db, 0, 1), "t") != 0) {
		memset(&fe, 0, sizeof(fe));
		cb_ferrors_add(&fe, "Idempotency-Key", "err.idempotency_reuse");
		return (fail(req, CB_INVALID, "err.idempotency_reuse", &fe));
	}
	cb_db_reset(&ctx->db);
	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", o->case_id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	http_response_header(req, "idempotent-replayed", "true");
	o->status = HTTP_STATUS_CREATED;
	req->fsm_state = S_VIEW;
	return (HTTP_STATE_CONTINUE);
}

static int
validate_list(struct http_request *req, struct cb_ctx *ctx, struct op *o)
{
	static const char *names[] = { "case_type", "stage", "state",
	    "assigned_to", "cursor", "limit" };
	const struct cb_kv	*kv;
	const char		*qs, *bar;
	char			 raw[160];
	size_t			 i, len, n;
	enum cb_case_type	 t;

	o->limit = CB_LIST_LIMIT_DEFAULT;
	qs = req->query_string;
	if (qs != NULL && cb_kv_parse(qs, strlen(qs), 16, &o->qs) == -1) {
		cb_ferrors_add(&ctx->ferr, "query", "err.query");
		return (-1);
	}
	for (i = 0; i < o->qs.n; i++) {
		for (n = 0; n < sizeof(names) / sizeof(names[0]); n++)
			if (strcmp(o->qs.items[i].name, names[n]) == 0)
				break;
		if (n == sizeof(names) / sizeof(names[0]))
			cb_ferrors_add(&ctx->ferr, o->qs.items[i].name,
			    "err.unknown_field");
	}
	for (n = 0; n < 3; n++) {
		kv = cb_kv_get(&o->qs, names[n]);
		if (kv == NULL || kv->value[0] == '\0')
			continue;
		if (strlen(kv->value) > 40 || strspn(kv->value,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") !=
		    strlen(kv->value))
			cb_ferrors_add(&ctx->ferr, names[n], "err.option");
		else if (n == 0 && cb_case_type_parse(kv->value, &t) != 0)
			cb_ferrors_add(&ctx->ferr, names[n], "err.option");
		else
			o->f[n] = kv->value;
	}
	if ((kv = cb_kv_get(&o->qs, "assigned_to")) != NULL &&
	    kv->value[0] != '\0') {
		if (strcmp(kv->value, "me") == 0)
			o->f[3] = ctx->actor.user_id;
		else
			cb_ferrors_add(&ctx->ferr, "assigned_to",
			    "err.option");
	}
	if ((kv = cb_kv_get(&o->qs, "limit")) != NULL) {
		char *end;
		long l = strtol(kv->value, &end, 10);

		if (*end != '\0' || l < 1 || l > CB_LIST_LIMIT_MAX)
			cb_ferrors_add(&ctx->ferr, "limit", "err.limit");
		else
			o->limit = (int)l;
	}
	if ((kv = cb_kv_get(&o->qs, "cursor")) != NULL &&
	    kv->value[0] != '\0') {
		/* hex("<timestamptz>|<uuid>") made by load_items() */
		len = strlen(kv->value);
		if (len % 2 != 0 || len / 2 >= sizeof(raw) ||
		    sodium_hex2bin((unsigned char *)raw, sizeof(raw) - 1,
		    kv->value, len, NULL, &n, NULL) != 0) {
			cb_ferrors_add(&ctx->ferr, "cursor", "err.cursor");
		} else {
			raw[n] = '\0';
			bar = strrchr(raw, '|');
			if (bar == NULL || !cb_uuid_valid(bar + 1) ||
			    (size_t)(bar - raw) >= sizeof(o->cur_ts) ||
			    strspn(raw, "0123456789-:. +") !=
			    (size_t)(bar - raw)) {
				cb_ferrors_add(&ctx->ferr, "cursor",
				    "err.cursor");
			} else {
				memcpy(o->cur_ts, raw, bar - raw);
				o->cur_ts[bar - raw] = '\0';
				(void)cb_strlcpy(o->cur_id, bar + 1,
				    sizeof(o->cur_id));
				o->f[4] = o->cur_ts;
			}
		}
	}
	return (ctx->ferr.n > 0 ? -1 : 0);
}

static int
load_items(struct cb_ctx *ctx, struct op *o, int limit)
{
	struct cb_case	*c;
	int		 rows, i;
	char		 raw[160];

	rows = cb_db_rows(&ctx->db);
	o->nitems = (limit > 0 && rows > limit) ? (size_t)limit :
	    (size_t)rows;
	o->items = kore_calloc(o->nitems + 1, sizeof(*o->items));
	for (i = 0; i < (int)o->nitems; i++) {
		c = &o->items[i];
		(void)cb_strlcpy(c->id, cb_db_get(&ctx->db, i, 0), sizeof(c->id));
		(void)cb_strlcpy(c->case_type, cb_db_get(&ctx->db, i, 1),
		    sizeof(c->case_type));
		(void)cb_strlcpy(c->state, cb_db_get(&ctx->db, i, 2),
		    sizeof(c->state));
		(void)cb_strlcpy(c->stage, cb_db_get(&ctx->db, i, 3),
		    sizeof(c->stage));
		(void)cb_strlcpy(c->htcds, cb_db_get(&ctx->db, i, 4),
		    sizeof(c->htcds));
		c->version = atoi(cb_db_get(&ctx->db, i, 5));
		(void)cb_strlcpy(c->office, cb_db_get(&ctx->db, i, 6),
		    sizeof(c->office));
		(void)cb_strlcpy(c->assigned_to, cb_db_get(&ctx->db, i, 7),
		    sizeof(c->assigned_to));
		(void)cb_strlcpy(c->created_by, cb_db_get(&ctx->db, i, 8),
		    sizeof(c->created_by));
		(void)cb_strlcpy(c->created_at, cb_db_get(&ctx->db, i, 9),
		    sizeof(c->created_at));
		(void)cb_strlcpy(c->updated_at, cb_db_get(&ctx->db, i, 10),
		    sizeof(c->updated_at));
	}
	if (limit > 0 && rows > limit) {
		i = limit - 1;
		(void)snprintf(raw, sizeof(raw), "%s|%s",
		    cb_db_get(&ctx->db, i, 11), cb_db_get(&ctx->db, i, 0));
		o->next = kore_malloc(strlen(raw) * 2 + 1);
		cb_hex((unsigned char *)raw, strlen(raw), o->next,
		    strlen(raw) * 2 + 1);
	}
	return (0);
}

static int
st_list(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		(void)snprintf(o->num[0], sizeof(o->num[0]), "%d",
		    o->limit + 1);
		cb_dbq_init(&ctx->q, CB_SQL_CASE_LIST);
		cb_dbq_text(&ctx->q, ctx->actor.user_id);
		cb_dbq_text(&ctx->q, cb_role_name(ctx->actor.role));
		cb_dbq_text(&ctx->q, ctx->actor.office);
		cb_dbq_text(&ctx->q, o->f[0]);
		cb_dbq_text(&ctx->q, o->f[1]);
		cb_dbq_text(&ctx->q, o->f[2]);
		cb_dbq_text(&ctx->q, o->f[3]);
		cb_dbq_text(&ctx->q, o->f[4]);
		cb_dbq_text(&ctx->q, o->f[4] ? o->cur_id : NULL);
		cb_dbq_text(&ctx->q, o->num[0]);
	}
	switch (cb_db_run(&ctx->db, &ctx->q)) {
	case CB_DB_WAIT:
		return (HTTP_STATE_RETRY);
	case CB_DB_FAIL:
		return (fail(req, CB_BAD_REQUEST, "err.query", NULL));
	default:
		break;
	}
	load_items(ctx, o, o->limit);
	reply_items(req, ctx, o);
	return (HTTP_STATE_COMPLETE);
}

static void
reply_items(struct http_request *req, struct cb_ctx *ctx, struct op *o)
{
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65], next[400];

	buf = kore_buf_alloc(4096);
	if (ctx->api) {
		cb_render_case_list_json(buf, o->items, o->nitems, o->next);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return;
	}
	page_ctx(ctx, &pg, csrf);
	if (o->op == OP_SEARCH) {
		cb_render_search(buf, &pg, &o->sview, NULL, o->items,
		    o->nitems, 1);
	} else {
		next[0] = '\0';
		if (o->next != NULL) {
			(void)snprintf(next, sizeof(next), "cursor=%s%s%s%s%s",
			    o->next, o->f[0] ? "&case_type=" : "",
			    o->f[0] ? o->f[0] : "", o->f[1] ? "&stage=" : "",
			    o->f[1] ? o->f[1] : "");
		}
		cb_render_case_list(buf, &pg, "page.cases", o->items,
		    o->nitems, o->next ? next : NULL);
	}
	cb_reply_html(req, HTTP_STATUS_OK, buf);
}

static int
validate_search(struct cb_ctx *ctx, struct op *o)
{
	static const char *names[] = { "document_number", "given_name",
	    "family_name", "date_of_birth" };
	const char		*val[4];
	const struct cb_json	*j;
	const struct cb_kv	*kv;
	size_t			 i;
	int			 y, m, d;

	for (i = 0; i < 4; i++) {
		val[i] = NULL;
		if (ctx->api) {
			j = cb_json_get(ctx->json, names[i]);
			if (j != NULL && j->type != CB_JSON_STRING)
				cb_ferrors_add(&ctx->ferr, names[i],
				    "err.type");
			else if (j != NULL)
				val[i] = j->str;
		} else if ((kv = cb_kv_get(&ctx->kv, names[i])) != NULL) {
			val[i] = kv->value;
		}
		if (val[i] != NULL && *val[i] == '\0')
			val[i] = NULL;
		if (val[i] != NULL && (strlen(val[i]) > 200 ||
		    !cb_utf8_valid(val[i], strlen(val[i]))))
			cb_ferrors_add(&ctx->ferr, names[i], "err.too_long");
	}
	if (ctx->api) {
		for (j = ctx->json->child; j != NULL; j = j->next) {
			for (i = 0; i < 4; i++)
				if (strcmp(j->key, names[i]) == 0)
					break;
			if (i == 4)
				cb_ferrors_add(&ctx->ferr, j->key,
				    "err.unknown_field");
		}
	}
	o->sview.document_number = val[0];
	o->sview.given_name = val[1];
	o->sview.family_name = val[2];
	o->sview.date_of_birth = val[3];
	if (ctx->ferr.n > 0)
		return (-1);

	(void)cb_strlcpy(o->fields, "", sizeof(o->fields));
	if (val[0] != NULL) {
		if (cb_bidx_document(cb_app.vault, val[0], o->doc_bidx) == -1) {
			cb_ferrors_add(&ctx->ferr, names[0], "err.chars");
			return (-1);
		}
		o->has_doc = 1;
		(void)cb_strlcpy(o->fields, "document_number", sizeof(o->fields));
	}
	if (val[1] != NULL || val[2] != NULL || val[3] != NULL) {
		for (i = 1; i < 4; i++)
			if (val[i] == NULL)
				cb_ferrors_add(&ctx->ferr, names[i],
				    "err.required");
		if (val[3] != NULL &&
		    !cb_valid_date(val[3], strlen(val[3]), &y, &m, &d))
			cb_ferrors_add(&ctx->ferr, names[3], "err.date");
		if (ctx->ferr.n > 0)
			return (-1);
		if (cb_bidx_name_dob(cb_app.vault, val[1], val[2], val[3],
		    o->nd_bidx) == -1) {
			cb_ferrors_add(&ctx->ferr, names[1], "err.chars");
			return (-1);
		}
		o->has_nd = 1;
		if (o->fields[0] != '\0')
			(void)cb_strlcat(o->fields, ",", sizeof(o->fields));
		(void)cb_strlcat(o->fields, "given_name,family_name,date_of_birth",
		    sizeof(o->fields));
	}
	if (!o->has_doc && !o->has_nd) {
		cb_ferrors_add(&ctx->ferr, names[0], "err.search_empty");
		return (-1);
	}
	return (0);
}

static int
st_search(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, CB_SQL_CASE_SEARCH);
		cb_dbq_text(&ctx->q, ctx->actor.user_id);
		cb_dbq_text(&ctx->q, cb_role_name(ctx->actor.role));
		cb_dbq_text(&ctx->q, ctx->actor.office);
		if (o->has_doc)
			cb_dbq_bin(&ctx->q, o->doc_bidx, sizeof(o->doc_bidx));
		else
			cb_dbq_text(&ctx->q, NULL);
		if (o->has_nd)
			cb_dbq_bin(&ctx->q, o->nd_bidx, sizeof(o->nd_bidx));
		else
			cb_dbq_text(&ctx->q, NULL);
	}
	CB_AWAIT(req, ctx);
	load_items(ctx, o, 0);
	cb_db_reset(&ctx->db);
	req->fsm_state = S_SEARCH_AUDIT;
	return (HTTP_STATE_CONTINUE);
}

static int
st_search_audit(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	switch (read_audit(ctx, "case.search", NULL, o->fields,
	    o->nitems > 0 ? "found" : "none")) {
	case CB_DB_WAIT:
		return (HTTP_STATE_RETRY);
	case CB_DB_FAIL:
		return (fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	default:
		break;
	}
	reply_items(req, ctx, o);
	return (HTTP_STATE_COMPLETE);
}

static int
validate_transition(struct cb_ctx *ctx, struct op *o)
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
		o->version = atoi(j->str);
	j = cb_json_get(ctx->json, "reason");
	if (j != NULL && (j->type != CB_JSON_STRING ||
	    cb_utf8_count(j->str, j->len) > 1000))
		cb_ferrors_add(&ctx->ferr, "reason", "err.too_long");
	j = cb_json_get(ctx->json, "data");
	if (j != NULL && j->type != CB_JSON_OBJECT)
		cb_ferrors_add(&ctx->ferr, "data", "err.type");
	return (ctx->ferr.n > 0 ? -1 : 0);
}

static int
st_meta(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct op		*o;
	struct cb_case_ref	 ref;
	enum cb_case_type	 t;
	const struct cb_json	*j;
	unsigned char		*wrapped, dk[CB_VAULT_KEY_LEN];
	size_t			 wlen;
	struct cb_ferrors	 fe;
	struct cb_form		 form;
	struct cb_json		 empty;
	struct cb_guard_facts	 facts;
	char			 gkey[64];
	size_t			 i;
	int			 rc;
	unsigned int		 ver;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, CB_SQL_CASE_META);
		cb_dbq_text(&ctx->q, o->case_id);
	}
	CB_AWAIT(req, ctx);
	if (cb_db_rows(&ctx->db) != 1)
		return (fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	ref.office = cb_db_get(&ctx->db, 0, 3);
	ref.assigned_to = cb_db_get(&ctx->db, 0, 4);
	ref.created_by = cb_db_get(&ctx->db, 0, 5);
	if (!cb_policy_case_read(&ctx->actor, &ref))
		return (fail(req, CB_NOT_FOUND, "err.not_found", NULL));

	memset(&fe, 0, sizeof(fe));
	(void)cb_strlcpy(o->c.state, cb_db_get(&ctx->db, 0, 1),
	    sizeof(o->c.state));
	if (atoi(cb_db_get(&ctx->db, 0, 2)) != o->version)
		return (fail(req, CB_CONFLICT, "err.stale", NULL));
	if (cb_case_type_parse(cb_db_get(&ctx->db, 0, 0), &t) != 0)
		return (fail(req, CB_INTERNAL, "err.internal", NULL));
	j = cb_json_get(ctx->json, "to");
	o->tr = cb_flow_find(t, o->c.state, j->str);
	if (o->tr == NULL || !(o->tr->roles & ctx->actor.role)) {
		cb_ferrors_add(&fe, "to", "err.transition");
		return (fail(req, CB_INVALID, "err.transition", &fe));
	}
	/* Approvals arrive with a later stage; so do the guards whose facts
	 * are not recorded yet (they refuse, naming what is missing). */
	if (o->tr->requires_approval)
		return (fail(req, CB_GUARD, "err.not_yet", NULL));
	if (o->tr->guard != NULL) {
		facts.data_consent = strcmp(cb_db_get(&ctx->db, 0, 8), "t") == 0;
		if (!cb_flow_guard(o->tr->guard, &facts)) {
			(void)snprintf(gkey, sizeof(gkey), "guard.%s",
			    o->tr->guard);
			return (fail(req, CB_GUARD, gkey, NULL));
		}
	}
	if ((o->to = cb_flow_state(t, o->tr->to)) == NULL)
		return (fail(req, CB_INTERNAL, "err.internal", NULL));

	/* The transition's own fields, by the same validator as intake. */
	form.name = "transition";
	form.fields = o->tr->fields;
	form.nfields = o->tr->nfields;
	memset(&empty, 0, sizeof(empty));
	empty.type = CB_JSON_OBJECT;
	j = cb_json_get(ctx->json, "data");
	if (cb_form_from_json(&form, j != NULL ? j : &empty, &ctx->vals,
	    &ctx->ferr) == -1)
		return (fail(req, CB_INVALID, "err.invalid", &ctx->ferr));

	/* A pseudonymous case takes no further personal data. */
	j = cb_json_get(ctx->json, "reason");
	if (strcmp(cb_db_get(&ctx->db, 0, 8), "t") != 0) {
		if (j != NULL && j->len > 0)
			cb_ferrors_add(&ctx->ferr, "reason", "err.consent_required");
		for (i = 0; i < form.nfields; i++) {
			if (form.fields[i].personal && ctx->vals.v[i] != NULL &&
			    ctx->vals.len[i] > 0)
				cb_ferrors_add(&ctx->ferr, form.fields[i].name,
				    "err.consent_required");
		}
		if (ctx->ferr.n > 0)
			return (fail(req, CB_INVALID, "err.invalid",
			    &ctx->ferr));
	}

	/* Reason and data are free text (E2): sealed with the case key. */
	if ((j != NULL && j->len > 0) || form.nfields > 0) {
		ver = (unsigned int)atoi(cb_db_get(&ctx->db, 0, 6));
		wrapped = cb_db_bytea(&ctx->db, 0, 7, &wlen);
		rc = -1;
		if (wrapped != NULL && cb_vault_dk_unwrap(cb_app.vault,
		    o->case_id, ver, wrapped, wlen, dk) == 0)
			rc = seal_transition(o, &form, &ctx->vals,
			    j != NULL && j->len > 0 ? j->str : NULL, dk, ver);
		kore_free(wrapped);
		sodium_memzero(dk, sizeof(dk));
		if (rc == -1)
			return (fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	cb_db_reset(&ctx->db);
	req->fsm_state = S_TRANSITION;
	return (HTTP_STATE_CONTINUE);
}

/*
 * Seals the reason and the transition's validated data (as a JSON
 * object) with the case's data key; the audit entry names the fields.
 */
static int
seal_transition(struct op *o, const struct cb_form *form,
    const struct cb_values *vals, const char *reason,
    const unsigned char *dk, unsigned int ver)
{
	struct kore_buf	*buf;
	size_t		 i;
	int		 n, rc;

	(void)cb_strlcpy(o->fields, "state", sizeof(o->fields));
	if (reason != NULL) {
		o->reason_len = strlen(reason) + CB_VAULT_OVERHEAD;
		o->reason_ct = kore_malloc(o->reason_len);
		if (cb_vault_seal(dk, "case_transitions", "reason", o->case_id,
		    ver, reason, strlen(reason), o->reason_ct) == -1)
			return (-1);
		(void)cb_strlcat(o->fields, ",reason", sizeof(o->fields));
	}
	if (form->nfields == 0)
		return (0);

	buf = kore_buf_alloc(256);
	kore_buf_append(buf, "{", 1);
	n = 0;
	for (i = 0; i < form->nfields; i++) {
		if (vals->v[i] == NULL || vals->len[i] == 0)
			continue;
		if (n++ > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, form->fields[i].name);
		kore_buf_append(buf, ":", 1);
		cb_json_str(buf, vals->v[i], vals->len[i]);
		(void)cb_strlcat(o->fields, ",data.", sizeof(o->fields));
		(void)cb_strlcat(o->fields, form->fields[i].name,
		    sizeof(o->fields));
	}
	kore_buf_append(buf, "}", 1);
	o->data_len = buf->offset + CB_VAULT_OVERHEAD;
	o->data_ct = kore_malloc(o->data_len);
	rc = cb_vault_seal(dk, "case_transitions", "data", o->case_id, ver,
	    buf->data, buf->offset, o->data_ct);
	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
	return (rc);
}

static int
st_transition(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		(void)snprintf(o->num[0], sizeof(o->num[0]), "%d",
		    o->version);
		cb_dbq_init(&ctx->q, CB_SQL_CASE_TRANSITION);
		cb_dbq_text(&ctx->q, o->case_id);
		cb_dbq_text(&ctx->q, o->num[0]);
		cb_dbq_text(&ctx->q, o->to->name);
		cb_dbq_text(&ctx->q, o->to->stage);
		cb_dbq_text(&ctx->q, o->to->htcds);
		cb_dbq_text(&ctx->q, o->c.state);
		cb_dbq_text(&ctx->q, ctx->actor.user_id);
		cb_dbq_text(&ctx->q, cb_role_name(ctx->actor.role));
		cb_dbq_text(&ctx->q, ctx->reqid);
		if (o->reason_ct != NULL)
			cb_dbq_bin(&ctx->q, o->reason_ct, o->reason_len);
		else
			cb_dbq_text(&ctx->q, NULL);
		if (o->data_ct != NULL)
			cb_dbq_bin(&ctx->q, o->data_ct, o->data_len);
		else
			cb_dbq_text(&ctx->q, NULL);
		cb_dbq_text(&ctx->q, o->fields);
	}
	CB_AWAIT(req, ctx);
	if (cb_db_rows(&ctx->db) != 1)
		return (fail(req, CB_CONFLICT, "err.stale", NULL));
	cb_db_reset(&ctx->db);
	memset(&o->c, 0, sizeof(o->c));
	req->fsm_state = S_VIEW;
	return (HTTP_STATE_CONTINUE);
}

/*
 * Columns of CB_SQL_CASE_VIEW: 0-4 actor, 5 id, 6 type, 7 state,
 * 8 stage, 9 htcds, 10 version, 11 office, 12 assigned_to,
 * 13 created_by, 14 created_at, 15 updated_at, 16 person_id,
 * 17 case key version, 18 case key, 19 location, 20 person key
 * version, 21 person key, 22 consent, 23-28 sealed person columns in
 * enum cb_sealed_col order, 29 gender, 30 citizenship, 31 age band,
 * 32 languages, 33 linked case ids.
 */
static int
open_case(struct cb_ctx *ctx, struct op *o)
{
	struct cb_db	*db;
	struct cb_case	*c;
	unsigned char	*wrapped, *ct, dk[CB_VAULT_KEY_LEN];
	size_t		 wlen, clen, i;
	int		 ret, col, pass;
	unsigned int	 ver;
	const char	*owner;

	db = &ctx->db;
	c = &o->c;
	ret = -1;
	wrapped = NULL;
	ct = NULL;

	(void)cb_strlcpy(c->id, cb_db_get(db, 0, 5), sizeof(c->id));
	(void)cb_strlcpy(c->case_type, cb_db_get(db, 0, 6), sizeof(c->case_type));
	(void)cb_strlcpy(c->state, cb_db_get(db, 0, 7), sizeof(c->state));
	(void)cb_strlcpy(c->stage, cb_db_get(db, 0, 8), sizeof(c->stage));
	(void)cb_strlcpy(c->htcds, cb_db_get(db, 0, 9), sizeof(c->htcds));
	c->version = atoi(cb_db_get(db, 0, 10));
	(void)cb_strlcpy(c->office, cb_db_get(db, 0, 11), sizeof(c->office));
	(void)cb_strlcpy(c->assigned_to, cb_db_get(db, 0, 12),
	    sizeof(c->assigned_to));
	(void)cb_strlcpy(c->created_by, cb_db_get(db, 0, 13),
	    sizeof(c->created_by));
	(void)cb_strlcpy(c->created_at, cb_db_get(db, 0, 14),
	    sizeof(c->created_at));
	(void)cb_strlcpy(c->updated_at, cb_db_get(db, 0, 15),
	    sizeof(c->updated_at));
	(void)cb_strlcpy(c->person_id, cb_db_get(db, 0, 16),
	    sizeof(c->person_id));
	c->consent = strcmp(cb_db_get(db, 0, 22), "t") == 0;
	(void)cb_strlcpy(c->gender, cb_db_get(db, 0, 29), sizeof(c->gender));
	(void)cb_strlcpy(c->citizenship, cb_db_get(db, 0, 30),
	    sizeof(c->citizenship));
	(void)cb_strlcpy(c->age_band, cb_db_get(db, 0, 31), sizeof(c->age_band));
	if (*cb_db_get(db, 0, 32) != '\0')
		c->languages = kore_strdup(cb_db_get(db, 0, 32));
	if (!cb_db_isnull(db, 0, 33))
		c->linked = kore_strdup(cb_db_get(db, 0, 33));

	o->fields[0] = '\0';
	/* Pass 0 opens the person's columns, pass 1 the case's. */
	for (pass = 0; pass < 2; pass++) {
		owner = pass == 0 ? c->person_id : c->id;
		ver = (unsigned int)atoi(cb_db_get(db, 0, pass ? 17 : 20));
		wrapped = cb_db_bytea(db, 0, pass ? 18 : 21, &wlen);
		if (wrapped == NULL || cb_vault_dk_unwrap(cb_app.vault, owner,
		    ver, wrapped, wlen, dk) == -1)
			goto cleanup;
		kore_free(wrapped);
		wrapped = NULL;
		for (i = 0; i < CB_SC_COUNT; i++) {
			if ((i == CB_SC_LOCATION) != (pass == 1))
				continue;
			col = (i == CB_SC_LOCATION) ? 19 : 23 + (int)i;
			if ((ct = cb_db_bytea(db, 0, col, &clen)) == NULL)
				continue;
			if (cb_case_open_col(c, i, dk, ver, ct, clen) == -1)
				goto cleanup;
			kore_free(ct);
			ct = NULL;
			if (o->fields[0] != '\0')
				(void)cb_strlcat(o->fields, ",",
				    sizeof(o->fields));
			(void)cb_strlcat(o->fields, cb_sealcols[i].field,
			    sizeof(o->fields));
		}
		sodium_memzero(dk, sizeof(dk));
	}
	c->person_visible = 1;
	ret = 0;

cleanup:
	sodium_memzero(dk, sizeof(dk));
	kore_free(wrapped);
	kore_free(ct);
	return (ret);
}

static int
st_view(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct op		*o;
	struct cb_case_ref	 ref;

	ctx = http_state_get(req);
	o = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, CB_SQL_CASE_VIEW);
		cb_dbq_bin(&ctx->q, ctx->sess, sizeof(ctx->sess));
		cb_dbq_text(&ctx->q, o->case_id);
	}
	CB_AWAIT(req, ctx);
	if (!cb_actor_from_row(ctx, 0))
		return (cb_unauthorized(req, ctx));

	ref.office = cb_db_get(&ctx->db, 0, 11);
	ref.assigned_to = cb_db_get(&ctx->db, 0, 12);
	ref.created_by = cb_db_get(&ctx->db, 0, 13);
	if (cb_db_isnull(&ctx->db, 0, 5) ||
	    !cb_policy_case_read(&ctx->actor, &ref)) {
		cb_db_reset(&ctx->db);
		req->fsm_state = S_DENIED;
		return (HTTP_STATE_CONTINUE);
	}
	if (open_case(ctx, o) == -1) {
		kore_log(LOG_ERR, "case %s: cannot open sealed fields",
		    o->case_id);
		return (fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	cb_db_reset(&ctx->db);
	req->fsm_state = S_VIEW_AUDIT;
	return (HTTP_STATE_CONTINUE);
}

/*
 * Read-audit entries go to the worker's batch queue; only when it is
 * full does the request wait for a synchronous append.
 */
static enum cb_db_rc
read_audit(struct cb_ctx *ctx, const char *action, const char *record,
    const char *fields, const char *outcome)
{
	if (!ctx->db.sent && cb_auditq_add(ctx->actor.user_id,
	    cb_role_name(ctx->actor.role), action, record, fields,
	    ctx->reqid, outcome) == 0)
		return (CB_DB_DONE);
	return (cb_audit(ctx, action, record, fields, outcome, 0));
}

static int
st_view_audit(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	switch (read_audit(ctx, "case.view", o->c.id, o->fields, "ok")) {
	case CB_DB_WAIT:
		return (HTTP_STATE_RETRY);
	case CB_DB_FAIL:
		return (fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	default:
		break;
	}
	reply_view(req, ctx, o);
	return (HTTP_STATE_COMPLETE);
}

/* A case the caller may not see is audited, then answered exactly as
 * one that does not exist. */
static int
st_denied(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct op	*o;

	ctx = http_state_get(req);
	o = ctx->data;
	switch (read_audit(ctx, "case.view", o->case_id, NULL, "denied")) {
	case CB_DB_WAIT:
		return (HTTP_STATE_RETRY);
	default:
		break;
	}
	return (fail(req, CB_NOT_FOUND, "err.not_found", NULL));
}

static void
reply_view(struct http_request *req, struct cb_ctx *ctx, struct op *o)
{
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];

	buf = kore_buf_alloc(4096);
	if (ctx->api) {
		cb_render_case_json(buf, &o->c, ctx->actor.role);
		cb_reply_json(req, o->status, buf);
		return;
	}
	page_ctx(ctx, &pg, csrf);
	cb_render_case_page(buf, &pg, &o->c);
	cb_reply_html(req, o->status, buf);
}
