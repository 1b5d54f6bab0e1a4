/*
 * store/case: binds the case functions' named parameters and maps
 * their named result columns. The SQL is in sql/fn/case_*.sql.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/facts.h"
#include "store/batch.h"
#include "store/case.h"
#include "store/db.h"
#include "text/json.h"

#define SQL_VIEW							\
	"SELECT * FROM case_view(p_token => $1, p_case => $2::uuid, "	\
	"p_request => $3)"

#define SQL_PAGE							\
	"SELECT * FROM case_view(p_token => $1, p_case => $2::uuid, "	\
	"p_request => $3, p_page => true)"

#define SQL_LIST							\
	"SELECT * FROM case_list(p_token => $1, p_type => $2, "	\
	"p_stage => $3, p_state => $4, p_mine => $5::boolean, "	\
	"p_assignee => $6::uuid, p_staff => $7::boolean, "		\
	"p_after_ts => $8::timestamptz, p_after_id => $9::uuid, "	\
	"p_limit => $10::int, p_fields => $11, p_request => $12)"

#define SQL_SEARCH							\
	"SELECT * FROM case_search(p_token => $1, p_doc => $2, "	\
	"p_name_dob => $3, p_fields => $4, p_request => $5)"

#define SQL_CREATE							\
	"SELECT * FROM case_create(p_token => $1, p_idem_key => $2, "	\
	"p_req_hash => $3, p_case_id => $4::uuid, "			\
	"p_person_id => $5::uuid, p_person_key_id => $6::uuid, "	\
	"p_case_key_id => $7::uuid, p_key_version => $8::int, "	\
	"p_person_wrapped => $9, p_case_wrapped => $10, "		\
	"p_consent => $11::boolean, p_given_name => $12, "		\
	"p_family_name => $13, p_name_original_script => $14, "	\
	"p_date_of_birth => $15, p_phone => $16, "			\
	"p_document_number => $17, p_doc_bidx => $18, "		\
	"p_name_dob_bidx => $19, p_gender => $20, "			\
	"p_citizenship => $21, p_age_band => $22, p_languages => $23, " \
	"p_case_type => $24, p_state => $25, p_stage => $26, "		\
	"p_htcds => $27, p_office => $28, p_reg_year => $29::int, "	\
	"p_location => $30, p_fields => $31, p_request => $32)"

#define SQL_SNAPSHOT							\
	"SELECT * FROM case_snapshot(p_token => $1, p_case => $2::uuid)"

/* Result columns of case_view holding sealed person/case columns, in
 * enum cb_sealed_col order. */

/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_view = { "cb_case_view", SQL_VIEW, 0 };
/* API reads that arrive together go as one (store/batch.h). */
static struct cb_stmt	st_view_many = { "cb_case_view_many",
    "SELECT * FROM case_view_many($1, $2::uuid[], $3::text[])", 0 };
static struct cb_batch	view_batch = { .stmt = &st_view_many, .nparams = 2,
    .param = { CB_BP_UUID, CB_BP_REQID } };
static struct cb_stmt	st_page = { "cb_case_page", SQL_PAGE, 0 };
/* And case pages, each with its history (case_page_many.sql). */
static struct cb_stmt	st_page_many = { "cb_case_page_many",
    "SELECT * FROM case_page_many($1, $2::uuid[], $3::text[])", 0 };
static struct cb_batch	page_batch = { .stmt = &st_page_many, .multi = 1,
    .nparams = 2, .param = { CB_BP_UUID, CB_BP_REQID } };
static struct cb_stmt	st_list = { "cb_case_list", SQL_LIST, 0 };
static struct cb_stmt	st_search = { "cb_case_search", SQL_SEARCH, 0 };
/* And searches (case_search_many.sql). */
static struct cb_stmt	st_search_many = { "cb_case_search_many",
    "SELECT * FROM case_search_many($1, $2::text[], $3::text[], "
    "$4::text[], $5::text[])", 0 };
static struct cb_batch	search_batch = { .stmt = &st_search_many,
    .multi = 1, .nparams = 4,
    .param = { CB_BP_HASH, CB_BP_HASH, CB_BP_WORDS, CB_BP_REQID } };
static struct cb_stmt	st_create = { "cb_case_create", SQL_CREATE, 0 };
static struct cb_stmt	st_snapshot = { "cb_case_snapshot", SQL_SNAPSHOT, 0 };

static const char *const sealed_cols[CB_SC_COUNT] = {
	"pr_given_name", "pr_family_name", "pr_name_original_script",
	"pr_date_of_birth", "pr_phone", "pr_document_number",
	"pr_languages", "c_location"
};

static void	bin_or_null(struct cb_dbq *, const unsigned char *, size_t);
static void	item(const struct cb_db *, int, struct cb_case *);
static void	names(const struct cb_db *, int, struct cb_case *,
		    struct cb_case_row *);
static void	copy(char *, size_t, const struct cb_db *, int,
		    const char *);

static void
bin_or_null(struct cb_dbq *q, const unsigned char *b, size_t len)
{
	if (b == NULL)
		cb_dbq_text(q, NULL);
	else
		cb_dbq_bin(q, b, len);
}

static void
copy(char *dst, size_t len, const struct cb_db *db, int row,
    const char *col)
{
	(void)cb_strlcpy(dst, cb_db_str(db, row, col), len);
}

void
cb_store_case_view(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *reqid)
{
	cb_dbq_stmt(q, &st_view);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, reqid);
	q->batch = &view_batch;
}

void
cb_store_case_page(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *reqid)
{
	cb_dbq_stmt(q, &st_page);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, reqid);
	q->batch = &page_batch;
}

/* The process columns every case result shares. */
static void
item(const struct cb_db *db, int row, struct cb_case *c)
{
	copy(c->id, sizeof(c->id), db, row, "c_id");
	copy(c->case_type, sizeof(c->case_type), db, row, "c_type");
	copy(c->state, sizeof(c->state), db, row, "c_state");
	copy(c->stage, sizeof(c->stage), db, row, "c_stage");
	copy(c->htcds, sizeof(c->htcds), db, row, "c_htcds");
	c->version = (int)cb_db_ll(db, row, "c_version");
	copy(c->office, sizeof(c->office), db, row, "c_office");
	copy(c->assigned_to, sizeof(c->assigned_to), db, row, "c_assigned");
	copy(c->created_by, sizeof(c->created_by), db, row, "c_created_by");
	copy(c->created_at, sizeof(c->created_at), db, row, "c_created");
	copy(c->updated_at, sizeof(c->updated_at), db, row, "c_updated");
}

int
cb_store_case_view_row(const struct cb_db *db, struct cb_case *c,
    struct cb_case_row *r)
{
	size_t		i;

	memset(r, 0, sizeof(*r));
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "c_id"))
		return (0);
	item(db, 0, c);
	copy(c->person_id, sizeof(c->person_id), db, 0, "c_person");
	c->consent = cb_db_bool(db, 0, "pr_consent");
	copy(c->gender, sizeof(c->gender), db, 0, "pr_gender");
	copy(c->citizenship, sizeof(c->citizenship), db, 0,
	    "pr_citizenship");
	copy(c->age_band, sizeof(c->age_band), db, 0, "pr_age_band");
	if (!cb_db_null(db, 0, "c_links")) {
		c->linked = kore_strdup(cb_db_str(db, 0, "c_links"));
		c->linked_types = kore_strdup(cb_db_str(db, 0,
		    "c_link_types"));
	}
	(void)cb_store_facts(db, 0, "c_facts", &c->facts);
	copy(c->pending, sizeof(c->pending), db, 0, "c_pending");
	copy(c->pending_kind, sizeof(c->pending_kind), db, 0, "ap_kind");
	copy(c->pending_to, sizeof(c->pending_to), db, 0, "ap_to");
	copy(c->pending_by, sizeof(c->pending_by), db, 0, "ap_requested_by");

	r->person_kv = (unsigned int)cb_db_ll(db, 0, "pk_version");
	r->case_kv = (unsigned int)cb_db_ll(db, 0, "ck_version");
	r->person_sv = (unsigned int)cb_db_ll(db, 0, "pk_seal");
	r->case_sv = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	r->person_wrapped = cb_db_bytea(db, 0, "pk_wrapped", &r->person_wlen);
	r->case_wrapped = cb_db_bytea(db, 0, "ck_wrapped", &r->case_wlen);
	for (i = 0; i < CB_SC_COUNT; i++)
		r->ct[i] = cb_db_bytea(db, 0, sealed_cols[i], &r->ctlen[i]);
	return (1);
}

void
cb_store_case_list(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_case_filter *f, const char *reqid)
{
	cb_dbq_stmt(q, &st_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, f->case_type);
	cb_dbq_text(q, f->stage);
	cb_dbq_text(q, f->state);
	cb_dbq_bool(q, f->mine);
	cb_dbq_text(q, f->assignee);
	cb_dbq_bool(q, f->staff);
	cb_dbq_text(q, f->after_ts);
	cb_dbq_text(q, f->after_ts != NULL ? f->after_id : NULL);
	cb_dbq_int(q, f->limit);
	cb_dbq_text(q, f->fields);
	cb_dbq_text(q, reqid);
}

void
cb_store_case_search(struct cb_dbq *q, const struct cb_tokens *t,
    const unsigned char *doc_bidx, const unsigned char *nd_bidx,
    const char *fields, const char *reqid)
{
	cb_dbq_stmt(q, &st_search);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	bin_or_null(q, doc_bidx, CB_HASH_LEN);
	bin_or_null(q, nd_bidx, CB_HASH_LEN);
	cb_dbq_text(q, fields);
	cb_dbq_text(q, reqid);
	q->batch = &search_batch;
}

/* The person's key and sealed names of a list row, to open them. */
static void
names(const struct cb_db *db, int row, struct cb_case *c,
    struct cb_case_row *r)
{
	copy(c->person_id, sizeof(c->person_id), db, row, "pr_id");
	if (cb_db_null(db, row, "pk_wrapped"))
		return;
	r->person_kv = (unsigned int)cb_db_ll(db, row, "pk_version");
	r->person_sv = (unsigned int)cb_db_ll(db, row, "pk_seal");
	r->person_wrapped = cb_db_bytea(db, row, "pk_wrapped",
	    &r->person_wlen);
	r->ct[CB_SC_GIVEN_NAME] = cb_db_bytea(db, row, "pr_given_name",
	    &r->ctlen[CB_SC_GIVEN_NAME]);
	r->ct[CB_SC_FAMILY_NAME] = cb_db_bytea(db, row, "pr_family_name",
	    &r->ctlen[CB_SC_FAMILY_NAME]);
}

struct cb_case *
cb_store_case_items(const struct cb_db *db, int limit, size_t *n,
    char **next, struct cb_case_row **rowsout)
{
	static const char *const cursor[] = { "c_cursor", "c_id", NULL };
	struct cb_case		*items;
	struct cb_case_row	*cr;
	int			 rows, i;
	size_t			 k;

	*n = 0;
	*next = NULL;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	cr = NULL;
	if (rowsout != NULL)
		*rowsout = cr = kore_calloc((size_t)rows + 1, sizeof(*cr));
	for (i = 0, k = 0; i < rows; i++) {
		if (cb_db_null(db, i, "c_id"))
			continue;
		if (limit > 0 && k == (size_t)limit) {
			/* One more than asked: there is a next page, which
			 * starts after the last row shown. */
			*next = cb_db_cursor(db, i - 1, cursor);
			break;
		}
		if (cr != NULL)
			names(db, i, &items[k], &cr[k]);
		/* Lists name the assignee; the single view does not. */
		copy(items[k].assigned_name, sizeof(items[k].assigned_name),
		    db, i, "c_assigned_name");
		item(db, i, &items[k++]);
	}
	*n = k;
	return (items);
}

const char *
cb_store_case_list_invalid(const struct cb_db *db)
{
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "a_invalid"))
		return (NULL);
	return (cb_db_str(db, 0, "a_invalid"));
}

struct cb_staff *
cb_store_case_staff(const struct cb_db *db, size_t *n)
{
	struct cb_staff		*out;
	struct cb_json		*j;
	const struct cb_json	*e, *id, *name;
	const char		*v;
	size_t			 k;

	*n = 0;
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "a_staff"))
		return (NULL);
	v = cb_db_str(db, 0, "a_staff");
	if (cb_json_parse(v, strlen(v), &j, NULL) != 0)
		return (NULL);
	out = NULL;
	if (j->type != CB_JSON_ARRAY)
		goto cleanup;
	for (k = 0, e = j->child; e != NULL; e = e->next)
		k++;
	out = kore_calloc(k + 1, sizeof(*out));
	for (e = j->child; e != NULL; e = e->next) {
		id = e->type == CB_JSON_ARRAY ? e->child : NULL;
		name = id != NULL ? id->next : NULL;
		if (name == NULL || id->type != CB_JSON_STRING ||
		    name->type != CB_JSON_STRING)
			continue;
		(void)cb_strlcpy(out[*n].id, id->str, sizeof(out[*n].id));
		(void)cb_strlcpy(out[*n].username, name->str,
		    sizeof(out[*n].username));
		(*n)++;
	}

cleanup:
	cb_json_free(j);
	return (out);
}

void
cb_store_case_create(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_case_new *cn, const char *reqid)
{
	const struct cb_sealed	*s;
	size_t			 i;

	s = cn->s;
	cb_dbq_stmt(q, &st_create);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, cn->idem_key);
	cb_dbq_bin(q, cn->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, s->case_id);
	cb_dbq_text(q, s->person_id);				/* 5 */
	cb_dbq_text(q, s->person_key_id);
	cb_dbq_text(q, s->case_key_id);
	cb_dbq_int(q, cn->key_version);
	cb_dbq_bin(q, s->person_wrapped, sizeof(s->person_wrapped));
	cb_dbq_bin(q, s->case_wrapped, sizeof(s->case_wrapped));	/* 10 */
	cb_dbq_bool(q, cn->consent);
	for (i = CB_SC_GIVEN_NAME; i <= CB_SC_DOCUMENT; i++)	/* 12-17 */
		bin_or_null(q, s->ct[i], s->ctlen[i]);
	bin_or_null(q, s->has_doc_bidx ? s->doc_bidx : NULL,
	    sizeof(s->doc_bidx));
	bin_or_null(q, s->has_name_dob_bidx ? s->name_dob_bidx : NULL,
	    sizeof(s->name_dob_bidx));
	cb_dbq_text(q, cn->gender);				/* 20 */
	cb_dbq_text(q, cn->citizenship);
	cb_dbq_text(q, s->age_band[0] != '\0' ? s->age_band : NULL);
	bin_or_null(q, s->ct[CB_SC_LANGUAGES], s->ctlen[CB_SC_LANGUAGES]);
	cb_dbq_text(q, cn->case_type);
	cb_dbq_text(q, cn->state);				/* 25 */
	cb_dbq_text(q, cn->stage);
	cb_dbq_text(q, cn->htcds);
	cb_dbq_text(q, cn->office);
	cb_dbq_int(q, s->registration_year);
	bin_or_null(q, s->ct[CB_SC_LOCATION], s->ctlen[CB_SC_LOCATION]);
	cb_dbq_text(q, cn->fields);
	cb_dbq_text(q, reqid);
}

enum cb_create_outcome
cb_store_case_create_row(const struct cb_db *db, struct cb_case *c)
{
	const char	*o;

	if (cb_db_rows(db) != 1)
		return (CB_CREATE_FAILED);
	o = cb_db_str(db, 0, "outcome");
	if (strcmp(o, "forbidden") == 0)
		return (CB_CREATE_FORBIDDEN);
	if (strcmp(o, "office") == 0)
		return (CB_CREATE_OFFICE);
	copy(c->id, sizeof(c->id), db, 0, "c_id");
	if (strcmp(o, "replay") == 0)
		return (CB_CREATE_REPLAY);
	if (strcmp(o, "reuse") == 0)
		return (CB_CREATE_REUSE);
	if (strcmp(o, "created") != 0)
		return (CB_CREATE_FAILED);
	c->version = (int)cb_db_ll(db, 0, "c_version");
	copy(c->created_at, sizeof(c->created_at), db, 0, "c_created");
	copy(c->updated_at, sizeof(c->updated_at), db, 0, "c_updated");
	return (CB_CREATE_CREATED);
}

void
cb_store_case_snapshot(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id)
{
	cb_dbq_stmt(q, &st_snapshot);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
}

int
cb_store_case_snapshot_row(const struct cb_db *db,
    struct cb_case_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "c_id"))
		return (0);
	copy(s->id, sizeof(s->id), db, 0, "c_id");
	copy(s->case_type, sizeof(s->case_type), db, 0, "c_type");
	copy(s->state, sizeof(s->state), db, 0, "c_state");
	copy(s->stage, sizeof(s->stage), db, 0, "c_stage");
	copy(s->htcds, sizeof(s->htcds), db, 0, "c_htcds");
	copy(s->pending, sizeof(s->pending), db, 0, "c_pending");
	if (cb_store_facts(db, 0, "c_facts", &s->facts) == -1)
		return (0);
	s->version = (int)cb_db_ll(db, 0, "c_version");
	copy(s->office, sizeof(s->office), db, 0, "c_office");
	copy(s->assigned_to, sizeof(s->assigned_to), db, 0, "c_assigned");
	copy(s->created_by, sizeof(s->created_by), db, 0, "c_created_by");
	s->consent = cb_db_bool(db, 0, "pr_consent");
	s->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	s->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	s->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &s->wlen);
	return (1);
}

void
cb_case_snapshot_clear(struct cb_case_snapshot *s)
{
	cb_facts_clear(&s->facts);
	kore_free(s->wrapped);
	sodium_memzero(s, sizeof(*s));
}

int
cb_store_facts(const struct cb_db *db, int row, const char *col,
    struct cb_facts *f)
{
	struct cb_json	*j;
	const char	*v;
	int		 ret;

	cb_facts_init(f);
	if (cb_db_null(db, row, col))
		return (0);
	v = cb_db_str(db, row, col);
	if (cb_json_parse(v, strlen(v), &j, NULL) != 0)
		return (-1);
	ret = cb_facts_from_json(f, j);
	cb_json_free(j);
	return (ret);
}
