/*
 * store/referral: binds the consent, referral and organisation
 * functions' named parameters and maps their named result columns.
 * The SQL is in sql/fn/consent_*.sql, referral_send.sql,
 * referral_list.sql, referral_close.sql, org_create.sql, org_list.sql.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "domain/referral.h"
#include "store/db.h"
#include "store/referral.h"

#define SQL_CONSENT_ADD							\
	"SELECT * FROM consent_add(p_token => $1, p_case => $2::uuid, "	\
	"p_id => $3::uuid, p_org => $4::uuid, p_purpose => $5, "	\
	"p_categories => string_to_array($6, ','), p_from => $7::date, " \
	"p_until => $8::date, p_method => $9, p_language => $10, "	\
	"p_idem_key => $11, p_req_hash => $12, p_fields => $13, "	\
	"p_request => $14)"

#define SQL_CONSENT_LIST						\
	"SELECT * FROM consent_list(p_token => $1, p_case => $2::uuid, " \
	"p_request => $3)"

#define SQL_CONSENT_SNAPSHOT						\
	"SELECT * FROM consent_snapshot(p_token => $1, "		\
	"p_case => $2::uuid, p_consent => $3::uuid)"

#define SQL_CONSENT_WITHDRAW						\
	"SELECT * FROM consent_withdraw(p_token => $1, "		\
	"p_consent => $2::uuid, p_reason => $3, p_request => $4)"

#define SQL_REFERRAL_SEND						\
	"SELECT * FROM referral_send(p_token => $1, p_case => $2::uuid, " \
	"p_id => $3::uuid, p_org => $4::uuid, p_consent => $5::uuid, "	\
	"p_reason => $6, p_services => "				\
	"coalesce(string_to_array($7, ','), '{}'), "			\
	"p_categories => string_to_array($8, ','), p_note => $9, "	\
	"p_idem_key => $10, p_req_hash => $11, p_fields => $12, "	\
	"p_request => $13)"

#define SQL_REFERRAL_LIST						\
	"SELECT * FROM referral_list(p_token => $1, p_case => $2::uuid, " \
	"p_request => $3)"

#define SQL_REFERRAL_CLOSE						\
	"SELECT * FROM referral_close(p_token => $1, p_case => $2::uuid, " \
	"p_referral => $3::uuid, p_version => $4::int, p_request => $5)"

#define SQL_ORG_CREATE							\
	"SELECT * FROM org_create(p_token => $1, p_id => $2::uuid, "	\
	"p_name => $3, p_type => $4, p_country => $5, p_request => $6)"

#define SQL_ORG_LIST							\
	"SELECT * FROM org_list(p_token => $1, p_request => $2)"

/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_consent_add = { "cb_consent_add",
			    SQL_CONSENT_ADD, 0 };
static struct cb_stmt	st_consent_list = { "cb_consent_list",
			    SQL_CONSENT_LIST, 0 };
static struct cb_stmt	st_consent_snapshot = { "cb_consent_snapshot",
			    SQL_CONSENT_SNAPSHOT, 0 };
static struct cb_stmt	st_consent_withdraw = { "cb_consent_withdraw",
			    SQL_CONSENT_WITHDRAW, 0 };
static struct cb_stmt	st_referral_send = { "cb_referral_send",
			    SQL_REFERRAL_SEND, 0 };
static struct cb_stmt	st_referral_list = { "cb_referral_list",
			    SQL_REFERRAL_LIST, 0 };
static struct cb_stmt	st_referral_close = { "cb_referral_close",
			    SQL_REFERRAL_CLOSE, 0 };
static struct cb_stmt	st_org_create = { "cb_org_create", SQL_ORG_CREATE,
			    0 };
static struct cb_stmt	st_org_list = { "cb_org_list", SQL_ORG_LIST, 0 };

static const struct {
	const char		*name;
	enum cb_refer_outcome	 outcome;
} outcomes[] = {
	{ "created",	CB_REF_CREATED },
	{ "replay",	CB_REF_REPLAY },
	{ "reuse",	CB_REF_REUSE },
	{ "ok",		CB_REF_OK },
	{ "not_found",	CB_REF_NOT_FOUND },
	{ "forbidden",	CB_REF_FORBIDDEN },
	{ "closed",	CB_REF_CLOSED },
	{ "no_consent",	CB_REF_NO_CONSENT },
	{ "no_org",	CB_REF_NO_ORG },
	{ "dates",	CB_REF_DATES },
	{ "consent",	CB_REF_CONSENT },
	{ "limit",	CB_REF_LIMIT },
	{ "conflict",	CB_REF_CONFLICT },
	{ "exists",	CB_REF_EXISTS },
};

static void	copy(char *, size_t, const struct cb_db *, int,
		    const char *);
static void	bin_or_null(struct cb_dbq *, const unsigned char *, size_t);
static enum cb_refer_outcome outcome(const struct cb_db *, int);
static enum cb_consent_state state(const struct cb_db *, int,
		    const char *, const char *, const char *,
		    const char *);
static void	referral_row(const struct cb_db *, int, const char *,
		    struct cb_referral *);
static void	update_row(const struct cb_db *, int,
		    struct cb_referral_update *);

static void
copy(char *dst, size_t len, const struct cb_db *db, int row,
    const char *col)
{
	(void)cb_strlcpy(dst, cb_db_str(db, row, col), len);
}

static void
bin_or_null(struct cb_dbq *q, const unsigned char *b, size_t len)
{
	if (b == NULL)
		cb_dbq_text(q, NULL);
	else
		cb_dbq_bin(q, b, len);
}

static enum cb_refer_outcome
outcome(const struct cb_db *db, int row)
{
	const char	*o;
	size_t		 i;

	o = cb_db_str(db, row, "outcome");
	for (i = 0; i < NITEMS(outcomes); i++) {
		if (strcmp(o, outcomes[i].name) == 0)
			return (outcomes[i].outcome);
	}
	return (CB_REF_FAILED);
}

/* A consent's state from its window and withdrawal columns. */
static enum cb_consent_state
state(const struct cb_db *db, int row, const char *from, const char *until,
    const char *withdrawn, const char *today)
{
	return (cb_consent_state(cb_db_str(db, row, from),
	    cb_db_str(db, row, until), cb_db_bool(db, row, withdrawn),
	    today));
}

enum cb_refer_outcome
cb_store_refer_outcome(const struct cb_db *db, const char *idcol,
    char id[CB_UUID_SIZE], const char *atcol, char at[40])
{
	if (id != NULL)
		id[0] = '\0';
	if (at != NULL)
		at[0] = '\0';
	if (cb_db_rows(db) != 1)
		return (CB_REF_FAILED);
	if (id != NULL)
		copy(id, CB_UUID_SIZE, db, 0, idcol);
	if (at != NULL)
		copy(at, 40, db, 0, atcol);
	return (outcome(db, 0));
}

void
cb_store_consent_add(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_consent_new *cn, const char *reqid)
{
	cb_dbq_stmt(q, &st_consent_add);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, cn->case_id);
	cb_dbq_text(q, cn->id);
	cb_dbq_text(q, cn->org);
	cb_dbq_bin(q, cn->purpose, cn->purpose_len);		/* 5 */
	cb_dbq_text(q, cn->categories);
	cb_dbq_text(q, cn->from);
	cb_dbq_text(q, cn->until);
	cb_dbq_text(q, cn->method);
	cb_dbq_text(q, cn->language);				/* 10 */
	cb_dbq_text(q, cn->idem_key);
	cb_dbq_bin(q, cn->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, cn->fields);
	cb_dbq_text(q, reqid);
}

int
cb_store_refer_case(const struct cb_db *db, struct cb_refer_case *c)
{
	memset(c, 0, sizeof(*c));
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "c_id"))
		return (0);
	copy(c->id, sizeof(c->id), db, 0, "c_id");
	copy(c->stage, sizeof(c->stage), db, 0, "c_stage");
	copy(c->assigned_to, sizeof(c->assigned_to), db, 0, "c_assigned");
	if (cb_db_col(db, "c_consent") != -1)
		c->consent = cb_db_bool(db, 0, "c_consent");
	c->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	c->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	copy(c->today, sizeof(c->today), db, 0, "today");
	c->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &c->wlen);
	return (c->wrapped != NULL);
}

void
cb_refer_case_clear(struct cb_refer_case *c)
{
	kore_free(c->wrapped);
	sodium_memzero(c, sizeof(*c));
}

void
cb_store_consent_list(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *reqid)
{
	cb_dbq_stmt(q, &st_consent_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, reqid);
}

struct cb_consent *
cb_store_consent_items(const struct cb_db *db, const char *today, size_t *n)
{
	struct cb_consent	*items, *c;
	int			 rows, i, bits;

	*n = 0;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0; i < rows; i++) {
		if (cb_db_null(db, i, "e_id"))
			continue;
		c = &items[(*n)++];
		copy(c->id, sizeof(c->id), db, i, "e_id");
		copy(c->org_id, sizeof(c->org_id), db, i, "e_org");
		copy(c->org_name, sizeof(c->org_name), db, i, "e_org_name");
		c->purpose_ct = cb_db_bytea(db, i, "e_purpose",
		    &c->purpose_ctlen);
		bits = cb_categories_parse(cb_db_str(db, i, "e_categories"));
		c->categories = bits > 0 ? bits : 0;
		copy(c->valid_from, sizeof(c->valid_from), db, i, "e_from");
		copy(c->valid_until, sizeof(c->valid_until), db, i,
		    "e_until");
		copy(c->method, sizeof(c->method), db, i, "e_method");
		copy(c->language, sizeof(c->language), db, i, "e_language");
		copy(c->created_by_name, sizeof(c->created_by_name), db, i,
		    "e_created_by_name");
		copy(c->created_at, sizeof(c->created_at), db, i,
		    "e_created");
		copy(c->withdrawn_at, sizeof(c->withdrawn_at), db, i,
		    "e_withdrawn");
		copy(c->withdrawn_by_name, sizeof(c->withdrawn_by_name), db,
		    i, "e_withdrawn_by_name");
		c->withdrawal_ct = cb_db_bytea(db, i, "e_withdrawal_reason",
		    &c->withdrawal_ctlen);
		c->state = cb_consent_state(c->valid_from, c->valid_until,
		    c->withdrawn_at[0] != '\0', today);
	}
	return (items);
}

void
cb_store_consent_snapshot(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *consent_id)
{
	cb_dbq_stmt(q, &st_consent_snapshot);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, consent_id);
}

int
cb_store_consent_snap_row(const struct cb_db *db, struct cb_consent_snap *s)
{
	int	bits;

	memset(s, 0, sizeof(*s));
	if (cb_db_rows(db) != 1 || cb_db_null(db, 0, "cs_id"))
		return (0);
	copy(s->id, sizeof(s->id), db, 0, "cs_id");
	copy(s->org, sizeof(s->org), db, 0, "cs_org");
	bits = cb_categories_parse(cb_db_str(db, 0, "cs_categories"));
	s->categories = bits > 0 ? bits : 0;
	copy(s->from, sizeof(s->from), db, 0, "cs_from");
	copy(s->until, sizeof(s->until), db, 0, "cs_until");
	s->withdrawn = cb_db_bool(db, 0, "cs_withdrawn");
	copy(s->today, sizeof(s->today), db, 0, "cs_today");
	s->state = state(db, 0, "cs_from", "cs_until", "cs_withdrawn",
	    s->today);
	return (1);
}

void
cb_store_consent_withdraw(struct cb_dbq *q, const struct cb_tokens *t,
    const char *consent_id, const unsigned char *reason, size_t len,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_consent_withdraw);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, consent_id);
	bin_or_null(q, reason, len);
	cb_dbq_text(q, reqid);
}

void
cb_store_referral_send(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_referral_new *rn, const char *reqid)
{
	cb_dbq_stmt(q, &st_referral_send);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, rn->case_id);
	cb_dbq_text(q, rn->id);
	cb_dbq_text(q, rn->org);
	cb_dbq_text(q, rn->consent);				/* 5 */
	cb_dbq_text(q, rn->reason);
	cb_dbq_text(q, rn->services);
	cb_dbq_text(q, rn->categories);
	bin_or_null(q, rn->note, rn->note_len);
	cb_dbq_text(q, rn->idem_key);				/* 10 */
	cb_dbq_bin(q, rn->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, rn->fields);
	cb_dbq_text(q, reqid);
}

void
cb_store_referral_list(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *reqid)
{
	cb_dbq_stmt(q, &st_referral_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, reqid);
}

static void
referral_row(const struct cb_db *db, int i, const char *today,
    struct cb_referral *r)
{
	int	bits;

	copy(r->id, sizeof(r->id), db, i, "r_id");
	copy(r->org_id, sizeof(r->org_id), db, i, "r_org");
	copy(r->org_name, sizeof(r->org_name), db, i, "r_org_name");
	copy(r->consent_id, sizeof(r->consent_id), db, i, "r_consent");
	r->consent_state = state(db, i, "r_cs_from", "r_cs_until",
	    "r_cs_withdrawn", today);
	copy(r->reason, sizeof(r->reason), db, i, "r_reason");
	copy(r->services, sizeof(r->services), db, i, "r_services");
	bits = cb_categories_parse(cb_db_str(db, i, "r_categories"));
	r->categories = bits > 0 ? bits : 0;
	r->note_ct = cb_db_bytea(db, i, "r_note", &r->note_ctlen);
	copy(r->status, sizeof(r->status), db, i, "r_status");
	r->version = (int)cb_db_ll(db, i, "r_version");
	copy(r->answer, sizeof(r->answer), db, i, "r_answer");
	r->response_ct = cb_db_bytea(db, i, "r_response", &r->response_ctlen);
	copy(r->responded_at, sizeof(r->responded_at), db, i,
	    "r_responded_at");
	copy(r->responded_by_name, sizeof(r->responded_by_name), db, i,
	    "r_responded_by_name");
	copy(r->created_by_name, sizeof(r->created_by_name), db, i,
	    "r_created_by_name");
	copy(r->created_at, sizeof(r->created_at), db, i, "r_created");
	copy(r->closed_at, sizeof(r->closed_at), db, i, "r_closed_at");
	copy(r->closed_by_name, sizeof(r->closed_by_name), db, i,
	    "r_closed_by_name");
}

static void
update_row(const struct cb_db *db, int i, struct cb_referral_update *u)
{
	copy(u->id, sizeof(u->id), db, i, "r_id");
	copy(u->service, sizeof(u->service), db, i, "u_service");
	copy(u->status, sizeof(u->status), db, i, "u_status");
	copy(u->date, sizeof(u->date), db, i, "u_date");
	u->note_ct = cb_db_bytea(db, i, "r_note", &u->note_ctlen);
	copy(u->created_by_name, sizeof(u->created_by_name), db, i,
	    "r_created_by_name");
	copy(u->created_at, sizeof(u->created_at), db, i, "r_created");
}

/*
 * Rows come referral by referral, each followed by its updates: a
 * referral's updates are counted first so that each gets its array.
 */
struct cb_referral *
cb_store_referral_items(const struct cb_db *db, const char *today, size_t *n)
{
	struct cb_referral	*items, *r;
	int			 rows, i, j;
	size_t			 nu;

	*n = 0;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0; i < rows; i++) {
		if (strcmp(cb_db_str(db, i, "r_kind"), "referral") != 0)
			continue;
		r = &items[(*n)++];
		referral_row(db, i, today, r);
		for (j = i + 1, nu = 0; j < rows && strcmp(cb_db_str(db, j,
		    "r_kind"), "update") == 0; j++)
			nu++;
		if (nu == 0)
			continue;
		r->updates = kore_calloc(nu, sizeof(*r->updates));
		for (j = i + 1; j < rows && strcmp(cb_db_str(db, j,
		    "r_kind"), "update") == 0; j++)
			update_row(db, j, &r->updates[r->nupdates++]);
	}
	return (items);
}

void
cb_store_referral_close(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *referral_id, int version,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_referral_close);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, referral_id);
	cb_dbq_int(q, version);
	cb_dbq_text(q, reqid);
}

enum cb_refer_outcome
cb_store_referral_close_row(const struct cb_db *db, char status[16],
    int *version)
{
	status[0] = '\0';
	*version = 0;
	if (cb_db_rows(db) != 1)
		return (CB_REF_FAILED);
	copy(status, 16, db, 0, "e_status");
	*version = (int)cb_db_ll(db, 0, "e_version");
	return (outcome(db, 0));
}

void
cb_store_org_create(struct cb_dbq *q, const struct cb_tokens *t,
    const char *id, const char *name, const char *type, const char *country,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_org_create);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, id);
	cb_dbq_text(q, name);
	cb_dbq_text(q, type);
	cb_dbq_text(q, country);
	cb_dbq_text(q, reqid);
}

void
cb_store_org_list(struct cb_dbq *q, const struct cb_tokens *t,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_org_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, reqid);
}

struct cb_org *
cb_store_org_items(const struct cb_db *db, size_t *n,
    enum cb_refer_outcome *out)
{
	struct cb_org	*items, *o;
	int		 rows, i;

	*n = 0;
	rows = cb_db_rows(db);
	*out = rows > 0 ? outcome(db, 0) : CB_REF_FAILED;
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0; i < rows; i++) {
		if (cb_db_null(db, i, "o_id"))
			continue;
		o = &items[(*n)++];
		copy(o->id, sizeof(o->id), db, i, "o_id");
		copy(o->name, sizeof(o->name), db, i, "o_name");
		copy(o->type, sizeof(o->type), db, i, "o_type");
		copy(o->country, sizeof(o->country), db, i, "o_country");
		copy(o->created_at, sizeof(o->created_at), db, i,
		    "o_created");
	}
	return (items);
}
