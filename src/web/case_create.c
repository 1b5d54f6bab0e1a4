/*
 * case_create: registering a person and their first case, through
 * POST /api/v1/cases and the intake form. The same field table
 * validates both; values are sealed here with fresh data keys, and
 * the store writes them in one transaction with the audit entry. A
 * double submit (Idempotency-Key, or the form's one-time token) answers
 * with the first case instead of creating another.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/policy.h"
#include "render/render.h"
#include "store/case.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/idem.h"
#include "web/web.h"

struct create {
	struct cb_sealed	 s;
	char			 idem[CB_IDEM_KEY_SIZE];
	int			 has_idem;
	unsigned char		 rhash[CB_HASH_LEN];
	char			 fields[512];
	const struct cb_state	*initial;
	struct cb_case_view	 v;
};

enum {
	S_START,
	S_CHECK,
	S_AUTH,
	S_FORM,
	S_CREATE,
	S_VIEW
};

static int	st_start(struct http_request *);
static int	st_check(struct http_request *);
static int	st_auth(struct http_request *);
static int	st_form(struct http_request *);
static int	st_create(struct http_request *);
static int	st_view(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_check),
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_form),
	KORE_HTTP_STATE(st_create),
	KORE_HTTP_STATE(st_view),
};

int	cb_h_api_cases(struct http_request *);
int	cb_h_api_cases_list(struct http_request *);
int	cb_h_intake_page(struct http_request *);

static int	run(struct http_request *, int);
static void	create_free(void *);
static int	fields(struct cb_ctx *);
static void	office_check(struct cb_ctx *);
static int	seal(struct http_request *, struct cb_ctx *,
		    struct create *);
static void	intake_form(struct http_request *, struct cb_ctx *, int);
static void	today(int *, int *, int *);

int
cb_h_api_cases(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_GET)
		return (cb_h_api_cases_list(req));
	return (run(req, 1));
}

int
cb_h_intake_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	struct create	*cr;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		cr = kore_calloc(1, sizeof(*cr));
		cr->v.status = HTTP_STATUS_CREATED;
		ctx->data = cr;
		ctx->data_free = create_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
create_free(void *arg)
{
	struct create	*cr;

	cr = arg;
	cb_sealed_clear(&cr->s);
	cb_case_view_clear(&cr->v);
	sodium_memzero(cr, sizeof(*cr));
	kore_free(cr);
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

/* Pages prove their origin with the session-bound CSRF token before
 * anything is read. */
static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct create	*cr;

	ctx = http_state_get(req);
	cr = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (req->method == HTTP_METHOD_GET) {
		req->fsm_state = S_AUTH;
		return (HTTP_STATE_CONTINUE);
	}
	if ((cr->has_idem = cb_create_body(req, ctx, cr->idem)) == -1)
		return (HTTP_STATE_COMPLETE);
	req->fsm_state = S_CHECK;
	return (HTTP_STATE_CONTINUE);
}

/*
 * A request without errors goes to the database at once: case_create
 * knows the caller from the session, refuses (and audits) a caller who
 * may not register or not in that office, and puts the case in the
 * caller's office when none is given. Asking who calls first was a
 * transaction of its own, a tenth of a creation's time in PostgreSQL
 * (issue 9). A request with errors asks first, so that 401 and 403
 * still come before the form's errors.
 */
static int
st_check(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct create	*cr;

	ctx = http_state_get(req);
	cr = ctx->data;
	if (fields(ctx) == -1) {
		req->fsm_state = S_AUTH;
		return (HTTP_STATE_CONTINUE);
	}
	if (seal(req, ctx, cr) == -1)
		return (HTTP_STATE_COMPLETE);
	req->fsm_state = S_CREATE;
	return (HTTP_STATE_CONTINUE);
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, S_FORM));
}

/* With the caller known: the empty form, or the errors of one sent
 * (only a POST with errors comes here). */
static int
st_form(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!cb_policy_case_create(&ctx->actor))
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	if (req->method == HTTP_METHOD_GET) {
		intake_form(req, ctx, HTTP_STATUS_OK);
		return (HTTP_STATE_COMPLETE);
	}
	office_check(ctx);
	intake_form(req, ctx, 422);
	return (HTTP_STATE_COMPLETE);
}

/* The field table; -1 with ctx->ferr set when a value is wrong. */
static int
fields(struct cb_ctx *ctx)
{
	if (ctx->api)
		return (cb_form_from_json(&cb_form_intake, ctx->json,
		    &ctx->vals, &ctx->ferr));
	return (cb_form_from_kv(&cb_form_intake, &ctx->kv, &ctx->vals,
	    &ctx->ferr));
}

/* A caseworker registers in their own office (the default); moving a
 * case to another office is a supervisor's reassignment. case_create
 * checks the same; this is for a form shown again with other errors. */
static void
office_check(struct cb_ctx *ctx)
{
	const char	*v;

	v = cb_values_get(&ctx->vals, "office");
	if (v != NULL && *v != '\0' && strcmp(v, ctx->actor.office) != 0)
		cb_ferrors_add(&ctx->ferr, "office", "err.office");
}

/* Fresh keys and the sealed values; -1 when it has answered. */
static int
seal(struct http_request *req, struct cb_ctx *ctx, struct create *cr)
{
	enum cb_case_type	 t;
	const char		*v;
	size_t			 i;
	int			 y, m, d;

	v = cb_values_get(&ctx->vals, "case_type");
	if (v == NULL || cb_case_type_parse(v, &t) != 0 ||
	    (cr->initial = cb_flow_state(t, cb_flow_initial(t))) == NULL) {
		(void)cb_fail(req, CB_INTERNAL, "err.internal", NULL);
		return (-1);
	}

	cb_idem_digest("", &ctx->vals, cr->rhash);
	today(&y, &m, &d);
	if (cb_case_seal(cb_app.vault, &ctx->vals, y, m, d, &cr->s) == -1) {
		(void)cb_fail(req, CB_INTERNAL, "err.internal", NULL);
		return (-1);
	}
	/* The audit entry names the fields given, never their values. */
	for (i = 0; i < cb_form_intake.nfields; i++) {
		if (ctx->vals.v[i] == NULL || ctx->vals.len[i] == 0)
			continue;
		if (cr->fields[0] != '\0')
			(void)cb_strlcat(cr->fields, ",", sizeof(cr->fields));
		(void)cb_strlcat(cr->fields, cb_form_intake.fields[i].name,
		    sizeof(cr->fields));
	}
	return (0);
}

/* The form, empty or again with what was typed and its errors. */
static void
intake_form(struct http_request *req, struct cb_ctx *ctx, int status)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	const struct cb_kv	*kv;
	char			 csrf[65], tok[CB_TOKEN_SIZE];

	if (ctx->api) {
		(void)cb_fail(req, CB_INVALID, "err.invalid", &ctx->ferr);
		return;
	}
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(8192);
	if (status == HTTP_STATUS_OK) {
		cb_vault_token_new(tok);
		cb_render_intake(buf, &pg, tok, NULL, NULL);
	} else {
		kv = cb_kv_get(&ctx->kv, "form_token");
		cb_render_intake(buf, &pg, kv ? kv->value : "", &ctx->vals,
		    &ctx->ferr);
	}
	cb_reply_html(req, status, buf);
}

static int
st_create(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct create		*cr;
	struct cb_case_new	 cn;
	struct cb_case		*c;
	const char		*v;
	char			 loc[64];

	ctx = http_state_get(req);
	cr = ctx->data;
	c = &cr->v.c;
	if (!ctx->db.sent) {
		memset(&cn, 0, sizeof(cn));
		cn.s = &cr->s;
		cn.idem_key = cr->has_idem ? cr->idem : NULL;
		cn.req_hash = cr->rhash;
		v = cb_values_get(&ctx->vals, "consent_data_processing");
		cn.consent = v != NULL && strcmp(v, "true") == 0;
		v = cb_values_get(&ctx->vals, "person.gender");
		cn.gender = (v != NULL && *v != '\0') ? v : NULL;
		v = cb_values_get(&ctx->vals, "person.citizenship");
		cn.citizenship = (v != NULL && *v != '\0') ? v : NULL;
		cn.case_type = cb_values_get(&ctx->vals, "case_type");
		cn.state = cr->initial->name;
		cn.stage = cr->initial->stage;
		cn.htcds = cr->initial->htcds;
		/* NULL: the caller's office, as case_create knows it. */
		cn.office = cb_values_get(&ctx->vals, "office");
		if (cn.office != NULL && *cn.office == '\0')
			cn.office = NULL;
		cn.key_version = cr->s.key_version;
		cn.fields = cr->fields;
		cb_store_case_create(&ctx->q, &ctx->tok, &cn, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);

	switch (cb_store_case_create_row(&ctx->db, c)) {
	case CB_CREATE_CREATED:
		break;
	case CB_CREATE_REPLAY:
		(void)cb_strlcpy(cr->v.case_id, c->id, sizeof(cr->v.case_id));
		cb_db_reset(&ctx->db);
		if (!ctx->api) {
			(void)snprintf(loc, sizeof(loc), "/cases/%s", c->id);
			cb_redirect(req, loc);
			return (HTTP_STATE_COMPLETE);
		}
		http_response_header(req, "idempotent-replayed", "true");
		req->fsm_state = S_VIEW;
		return (HTTP_STATE_CONTINUE);
	case CB_CREATE_REUSE:
		{
			struct cb_ferrors	fe;

			memset(&fe, 0, sizeof(fe));
			cb_ferrors_add(&fe, "Idempotency-Key",
			    "err.idempotency_reuse");
			return (cb_fail(req, CB_INVALID,
			    "err.idempotency_reuse", &fe));
		}
	case CB_CREATE_FORBIDDEN:
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	case CB_CREATE_OFFICE:
		cb_ferrors_add(&ctx->ferr, "office", "err.office");
		intake_form(req, ctx, 422);
		return (HTTP_STATE_COMPLETE);
	default:
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	}

	(void)cb_strlcpy(c->person_id, cr->s.person_id, sizeof(c->person_id));
	(void)cb_strlcpy(c->case_type, cb_values_get(&ctx->vals, "case_type"),
	    sizeof(c->case_type));
	(void)cb_strlcpy(c->state, cr->initial->name, sizeof(c->state));
	(void)cb_strlcpy(c->stage, cr->initial->stage, sizeof(c->stage));
	(void)cb_strlcpy(c->htcds, cr->initial->htcds, sizeof(c->htcds));
	(void)cb_strlcpy(c->office, ctx->actor.office, sizeof(c->office));
	(void)cb_strlcpy(c->assigned_to, ctx->actor.user_id,
	    sizeof(c->assigned_to));
	(void)cb_strlcpy(c->created_by, ctx->actor.user_id,
	    sizeof(c->created_by));
	v = cb_values_get(&ctx->vals, "consent_data_processing");
	c->consent = (v != NULL && strcmp(v, "true") == 0);
	(void)cb_strlcpy(c->age_band, cr->s.age_band, sizeof(c->age_band));
	cb_case_from_values(c, &ctx->vals);

	if (!ctx->api) {
		(void)snprintf(loc, sizeof(loc), "/cases/%s", c->id);
		cb_redirect(req, loc);
		return (HTTP_STATE_COMPLETE);
	}
	cb_case_view_reply(req, ctx, &cr->v);
	return (HTTP_STATE_COMPLETE);
}

static int
st_view(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct create	*cr;

	ctx = http_state_get(req);
	cr = ctx->data;
	return (cb_case_view_run(req, ctx, &cr->v));
}
