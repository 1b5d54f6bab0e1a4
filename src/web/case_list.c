/*
 * case_list: the case list (GET /api/v1/cases, /cases) and the search
 * by blind index (POST /api/v1/cases/search, /search). Visibility is
 * decided in SQL; the list view and the search are each one audited
 * round trip that records which cases were shown and whether names
 * were. The person's names are opened here for callers the policy lets
 * see the person; filters take only codes of the vocabulary (422
 * otherwise), and the assignee is "me" or a user id the SQL checks.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/flow.h"
#include "domain/listing.h"
#include "domain/policy.h"
#include "render/render.h"
#include "store/case.h"
#include "text/json.h"
#include "text/text.h"
#include "web/app.h"
#include "web/web.h"

struct list {
	int			 search;
	struct cb_case_filter	 f;
	struct cb_kvlist	 qs;
	char			 cur_ts[64];
	char			 cur_id[CB_UUID_SIZE];
	char			 fields[128];
	unsigned char		 doc_bidx[CB_VAULT_BIDX_LEN];
	unsigned char		 nd_bidx[CB_VAULT_BIDX_LEN];
	int			 has_doc;
	int			 has_nd;
	struct cb_kvlist_view	 sview;
	struct cb_case		*items;
	struct cb_case_row	*rows;
	size_t			 nitems;
	char			*next;
	const char		*assignee;	/* as asked: "me" or an id */
	struct cb_staff		*staff;
	size_t			 nstaff;
};

enum {
	S_START,
	S_AUTH,
	S_FORM,
	S_QUERY
};

static int	st_start(struct http_request *);
static int	st_auth(struct http_request *);
static int	st_form(struct http_request *);
static int	st_query(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_form),
	KORE_HTTP_STATE(st_query),
};

int	cb_h_api_cases_list(struct http_request *);
int	cb_h_api_cases_search(struct http_request *);
int	cb_h_cases_page(struct http_request *);
int	cb_h_search_page(struct http_request *);

static int	run(struct http_request *, int, int);
static void	list_free(void *);
static int	validate_list(struct http_request *, struct cb_ctx *,
		    struct list *);
static int	validate_search(struct cb_ctx *, struct list *);
static void	search_form(struct http_request *, struct cb_ctx *,
		    struct list *, int, int);
static void	reply_items(struct http_request *, struct cb_ctx *,
		    struct list *);
static void	open_names(struct cb_ctx *, struct list *);
static void	next_query(const struct list *, char *, size_t);

int
cb_h_api_cases_list(struct http_request *req)
{
	return (run(req, 1, 0));
}

int
cb_h_api_cases_search(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 1, 1));
}

int
cb_h_cases_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 0, 0));
}

int
cb_h_search_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, 1));
}

static int
run(struct http_request *req, int api, int search)
{
	struct cb_ctx	*ctx;
	struct list	*l;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		l = kore_calloc(1, sizeof(*l));
		l->search = search;
		ctx->data = l;
		ctx->data_free = list_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
list_free(void *arg)
{
	struct list	*l;
	size_t		 i;

	l = arg;
	cb_kv_free(&l->qs);
	for (i = 0; i < l->nitems; i++) {
		cb_case_clear(&l->items[i]);
		if (l->rows != NULL)
			cb_case_row_clear(&l->rows[i]);
	}
	kore_free(l->items);
	kore_free(l->rows);
	kore_free(l->staff);
	kore_free(l->next);
	sodium_memzero(l, sizeof(*l));
	kore_free(l);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct list	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));

	if (!l->search) {
		if (validate_list(req, ctx, l) == -1)
			return (cb_fail(req, CB_INVALID, "err.query",
			    &ctx->ferr));
		/* The page offers a supervisor the office's caseworkers. */
		l->f.staff = !ctx->api;
		req->fsm_state = S_QUERY;
		return (HTTP_STATE_CONTINUE);
	}
	if (req->method == HTTP_METHOD_GET) {
		req->fsm_state = S_AUTH;
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
	if (validate_search(ctx, l) == -1) {
		if (ctx->api)
			return (cb_fail(req, CB_INVALID, "err.invalid",
			    &ctx->ferr));
		/* The form again with what was typed: needs the caller. */
		req->fsm_state = S_AUTH;
		return (HTTP_STATE_CONTINUE);
	}
	req->fsm_state = S_QUERY;
	return (HTTP_STATE_CONTINUE);
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, S_FORM));
}

/* The search page, empty or with the errors of what was typed. */
static int
st_form(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!cb_policy_case_search(&ctx->actor))
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	search_form(req, ctx, ctx->data, ctx->ferr.n > 0 ? 422 : 200,
	    ctx->ferr.n > 0);
	return (HTTP_STATE_COMPLETE);
}

static void
search_form(struct http_request *req, struct cb_ctx *ctx, struct list *l,
    int status, int errors)
{
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];

	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(4096);
	cb_render_search(buf, &pg, errors ? &l->sview : NULL,
	    errors ? &ctx->ferr : NULL, NULL, 0, 0);
	cb_reply_html(req, status, buf);
}

static int
st_query(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct list	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		if (l->search)
			cb_store_case_search(&ctx->q, &ctx->tok,
			    l->has_doc ? l->doc_bidx : NULL,
			    l->has_nd ? l->nd_bidx : NULL, l->fields,
			    ctx->reqid);
		else
			cb_store_case_list(&ctx->q, &ctx->tok, &l->f,
			    ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	/* Roles that list no cases were refused (and audited) in SQL. */
	if (!(l->search ? cb_policy_case_search(&ctx->actor) :
	    cb_policy_case_list(&ctx->actor)))
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	if (!l->search && cb_store_case_list_invalid(&ctx->db) != NULL) {
		cb_ferrors_add(&ctx->ferr, "assigned_to", "err.option");
		return (cb_fail(req, CB_INVALID, "err.query", &ctx->ferr));
	}
	l->items = cb_store_case_items(&ctx->db, l->search ? 0 : l->f.limit,
	    &l->nitems, &l->next, &l->rows);
	if (!l->search)
		l->staff = cb_store_case_staff(&ctx->db, &l->nstaff);
	open_names(ctx, l);
	reply_items(req, ctx, l);
	return (HTTP_STATE_COMPLETE);
}

/* Names for whom the case shows them; a name that does not open is
 * left out (and logged) rather than failing the list. */
static void
open_names(struct cb_ctx *ctx, struct list *l)
{
	struct cb_case_ref	 ref;
	struct cb_case		*c;
	struct cb_case_row	*r;
	size_t			 i;

	for (i = 0; i < l->nitems; i++) {
		c = &l->items[i];
		r = &l->rows[i];
		memset(&ref, 0, sizeof(ref));
		ref.office = c->office;
		ref.assigned_to = c->assigned_to;
		ref.created_by = c->created_by;
		if (!cb_policy_case_read_person(&ctx->actor, &ref) ||
		    r->person_wrapped == NULL)
			continue;
		if (cb_person_open_names(cb_app.vault, c->person_id,
		    r->person_kv, r->person_sv, r->person_wrapped,
		    r->person_wlen, r->ct[CB_SC_GIVEN_NAME],
		    r->ctlen[CB_SC_GIVEN_NAME], r->ct[CB_SC_FAMILY_NAME],
		    r->ctlen[CB_SC_FAMILY_NAME], &c->plain[CB_SC_GIVEN_NAME],
		    &c->plain[CB_SC_FAMILY_NAME]) == -1) {
			cb_log_error(ctx->reqid, "case list: cannot open the "
			    "names of case %s", c->id);
			continue;
		}
		c->person_visible = 1;
	}
}

/* The next page keeps every filter. */
static void
next_query(const struct list *l, char *out, size_t len)
{
	static const char *const names[] = { "case_type", "stage", "state",
	    "assigned_to" };
	const char	*vals[4];
	char		 lim[16];
	size_t		 i;

	vals[0] = l->f.case_type;
	vals[1] = l->f.stage;
	vals[2] = l->f.state;
	vals[3] = l->assignee;
	(void)snprintf(out, len, "cursor=%s", l->next);
	if (l->f.limit != CB_LIST_LIMIT_DEFAULT) {
		(void)snprintf(lim, sizeof(lim), "&limit=%d", l->f.limit);
		(void)cb_strlcat(out, lim, len);
	}
	for (i = 0; i < NITEMS(names); i++) {
		if (vals[i] == NULL)
			continue;
		(void)cb_strlcat(out, "&", len);
		(void)cb_strlcat(out, names[i], len);
		(void)cb_strlcat(out, "=", len);
		(void)cb_strlcat(out, vals[i], len);
	}
}

static void
reply_items(struct http_request *req, struct cb_ctx *ctx, struct list *l)
{
	struct kore_buf			*buf;
	struct cb_page			 pg;
	struct cb_case_list_view	 v;
	char				 csrf[65], next[512];

	/*
	 * Room for every item from the start: kore_buf_append grows a
	 * full buffer by exactly what is appended, so a list built in a
	 * small one was copied again on almost every append (a third of
	 * the worker's time for 50 rows).
	 */
	buf = kore_buf_alloc(2048 + l->nitems * 1024);
	if (ctx->api) {
		cb_render_case_list_json(buf, l->items, l->nitems, l->next);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return;
	}
	cb_page_init(ctx, &pg, csrf);
	if (l->search) {
		cb_render_search(buf, &pg, &l->sview, NULL, l->items,
		    l->nitems, 1);
	} else {
		memset(&v, 0, sizeof(v));
		if (l->next != NULL)
			next_query(l, next, sizeof(next));
		v.items = l->items;
		v.n = l->nitems;
		v.next_query = l->next != NULL ? next : NULL;
		v.case_type = l->f.case_type;
		v.stage = l->f.stage;
		v.state = l->f.state;
		v.assignee = l->assignee;
		v.staff = l->staff;
		v.nstaff = l->nstaff;
		cb_render_case_list(buf, &pg, &v);
	}
	cb_reply_html(req, HTTP_STATUS_OK, buf);
}

static int
validate_list(struct http_request *req, struct cb_ctx *ctx, struct list *l)
{
	static const char *names[] = { "case_type", "stage", "state",
	    "assigned_to", "cursor", "limit" };
	const char		**set[3];
	const struct cb_kv	*kv;
	const char		*qs, *bar;
	char			 raw[160], *end;
	size_t			 i, len, n;
	long			 lim;
	int			 ok;

	l->f.limit = CB_LIST_LIMIT_DEFAULT;
	set[0] = &l->f.case_type;
	set[1] = &l->f.stage;
	set[2] = &l->f.state;
	qs = req->query_string;
	if (qs != NULL && cb_kv_parse(qs, strlen(qs), 16, &l->qs) == -1) {
		cb_ferrors_add(&ctx->ferr, "query", "err.query");
		return (-1);
	}
	for (i = 0; i < l->qs.n; i++) {
		for (n = 0; n < NITEMS(names); n++)
			if (strcmp(l->qs.items[i].name, names[n]) == 0)
				break;
		if (n == NITEMS(names))
			cb_ferrors_add(&ctx->ferr, l->qs.items[i].name,
			    "err.unknown_field");
	}
	(void)cb_strlcpy(l->fields, "", sizeof(l->fields));
	/* Codes of the vocabulary only: a typo is an error, not an
	 * empty list. */
	for (n = 0; n < 4; n++) {
		kv = cb_kv_get(&l->qs, names[n]);
		if (kv == NULL || kv->value[0] == '\0')
			continue;
		switch (n) {
		case 0:
			ok = cb_case_type_parse(kv->value, NULL) == 0;
			break;
		case 1:
			ok = cb_list_stage_valid(kv->value);
			break;
		case 2:
			ok = cb_list_state_valid(kv->value);
			break;
		default:
			ok = strcmp(kv->value, "me") == 0 ||
			    cb_uuid_valid(kv->value);
			break;
		}
		if (!ok) {
			cb_ferrors_add(&ctx->ferr, names[n], "err.option");
			continue;
		}
		if (n < 3)
			*set[n] = kv->value;
		else if (strcmp(kv->value, "me") == 0)
			l->f.mine = 1;
		else
			l->f.assignee = kv->value;
		if (n == 3)
			l->assignee = kv->value;
		if (l->fields[0] != '\0')
			(void)cb_strlcat(l->fields, ",", sizeof(l->fields));
		(void)cb_strlcat(l->fields, names[n], sizeof(l->fields));
	}
	if ((kv = cb_kv_get(&l->qs, "limit")) != NULL) {
		lim = strtol(kv->value, &end, 10);
		if (*end != '\0' || lim < 1 || lim > CB_LIST_LIMIT_MAX)
			cb_ferrors_add(&ctx->ferr, "limit", "err.limit");
		else
			l->f.limit = (int)lim;
	}
	if ((kv = cb_kv_get(&l->qs, "cursor")) != NULL &&
	    kv->value[0] != '\0') {
		/* hex("<timestamptz>|<uuid>") made by cb_store_case_items */
		len = strlen(kv->value);
		if (len % 2 != 0 || len / 2 >= sizeof(raw) ||
		    sodium_hex2bin((unsigned char *)raw, sizeof(raw) - 1,
		    kv->value, len, NULL, &n, NULL) != 0) {
			cb_ferrors_add(&ctx->ferr, "cursor", "err.cursor");
		} else {
			raw[n] = '\0';
			bar = strrchr(raw, '|');
			if (bar == NULL || !cb_uuid_valid(bar + 1) ||
			    (size_t)(bar - raw) >= sizeof(l->cur_ts) ||
			    strspn(raw, "0123456789-:. +") !=
			    (size_t)(bar - raw)) {
				cb_ferrors_add(&ctx->ferr, "cursor",
				    "err.cursor");
			} else {
				memcpy(l->cur_ts, raw, bar - raw);
				l->cur_ts[bar - raw] = '\0';
				(void)cb_strlcpy(l->cur_id, bar + 1,
				    sizeof(l->cur_id));
				l->f.after_ts = l->cur_ts;
				l->f.after_id = l->cur_id;
			}
		}
	}
	l->f.fields = l->fields;
	return (ctx->ferr.n > 0 ? -1 : 0);
}

static int
validate_search(struct cb_ctx *ctx, struct list *l)
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
	l->sview.document_number = val[0];
	l->sview.given_name = val[1];
	l->sview.family_name = val[2];
	l->sview.date_of_birth = val[3];
	if (ctx->ferr.n > 0)
		return (-1);

	(void)cb_strlcpy(l->fields, "", sizeof(l->fields));
	if (val[0] != NULL) {
		if (cb_bidx_document(cb_app.vault, val[0], l->doc_bidx) == -1) {
			cb_ferrors_add(&ctx->ferr, names[0], "err.chars");
			return (-1);
		}
		l->has_doc = 1;
		(void)cb_strlcpy(l->fields, "document_number",
		    sizeof(l->fields));
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
		    l->nd_bidx) == -1) {
			cb_ferrors_add(&ctx->ferr, names[1], "err.chars");
			return (-1);
		}
		l->has_nd = 1;
		if (l->fields[0] != '\0')
			(void)cb_strlcat(l->fields, ",", sizeof(l->fields));
		(void)cb_strlcat(l->fields,
		    "given_name,family_name,date_of_birth", sizeof(l->fields));
	}
	if (!l->has_doc && !l->has_nd) {
		cb_ferrors_add(&ctx->ferr, names[0], "err.search_empty");
		return (-1);
	}
	return (0);
}
