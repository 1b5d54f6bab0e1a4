/*
 * store/referral: binds the named parameters of the partner's referral
 * functions and maps their named result columns. The SQL, and every
 * decision about who sees which referral, is in sql/fn/referral_*.sql.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "domain/package.h"
#include "store/db.h"
#include "store/package.h"

#define SQL_INBOX							\
	"SELECT * FROM referral_inbox(p_token => $1, p_limit => $2::int, " \
	"p_after_ts => $3::timestamptz, p_after_id => $4::uuid, "	\
	"p_request => $5)"

#define SQL_PACKAGE							\
	"SELECT * FROM referral_package(p_token => $1, "		\
	"p_referral => $2::uuid, p_request => $3)"

#define SQL_KEY								\
	"SELECT * FROM referral_key(p_token => $1, p_referral => $2::uuid, " \
	"p_action => $3, p_request => $4)"

#define SQL_RESPOND							\
	"SELECT * FROM referral_respond(p_token => $1, "		\
	"p_referral => $2::uuid, p_accept => $3::boolean, "		\
	"p_reason => $4, p_version => $5::int, p_fields => $6, "	\
	"p_request => $7)"

#define SQL_UPDATE							\
	"SELECT * FROM referral_update_add(p_token => $1, "		\
	"p_referral => $2::uuid, p_id => $3::uuid, p_service => $4, "	\
	"p_status => $5, p_date => $6::date, p_note => $7, "		\
	"p_idem_key => $8, p_req_hash => $9, p_fields => $10, "		\
	"p_request => $11)"

/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_inbox = { "cb_referral_inbox", SQL_INBOX, 0 };
static struct cb_stmt	st_package = { "cb_referral_package", SQL_PACKAGE,
			    0 };
static struct cb_stmt	st_key = { "cb_referral_key", SQL_KEY, 0 };
static struct cb_stmt	st_respond = { "cb_referral_respond", SQL_RESPOND,
			    0 };
static struct cb_stmt	st_update = { "cb_referral_update_add", SQL_UPDATE,
			    0 };

/* Where each field of a package comes from in referral_package's row:
 * its column, and for a step's data the column of the step's id. */
static const struct {
	enum cb_pkg_field	 field;
	const char		*col;
	const char		*tid;
} pkg_cols[] = {
	{ CB_PKG_GIVEN_NAME, "pr_given_name", NULL },
	{ CB_PKG_FAMILY_NAME, "pr_family_name", NULL },
	{ CB_PKG_NAME_ORIGINAL, "pr_name_original_script", NULL },
	{ CB_PKG_DOB, "pr_date_of_birth", NULL },
	{ CB_PKG_GENDER, "pr_gender", NULL },
	{ CB_PKG_CITIZENSHIP, "pr_citizenship", NULL },
	{ CB_PKG_PHONE, "pr_phone", NULL },
	{ CB_PKG_LOCATION, "c_location", NULL },
	{ CB_PKG_DOCUMENT, "pr_document_number", NULL },
	{ CB_PKG_FIT_TO_TRAVEL, "c_fit_to_travel", NULL },
	{ CB_PKG_FIT_NOTE, "t_fit_data", "t_fit_tid" },
	{ CB_PKG_URGENT, "t_urgent_data", "t_urgent_tid" },
	{ CB_PKG_CASE_TYPE, "c_type", NULL },
	{ CB_PKG_STAGE, "c_stage", NULL },
	{ CB_PKG_ASSISTANCE, "c_assistance", NULL },
	{ CB_PKG_NARRATIVE, "t_narrative_data", "t_narrative_tid" },
};

static const struct {
	const char			*name;
	enum cb_referral_outcome	 outcome;
} outcomes[] = {
	{ "ok",			CB_REF_OK },
	{ "created",		CB_REF_OK },
	{ "replay",		CB_REF_REPLAY },
	{ "reuse",		CB_REF_REUSE },
	{ "not_found",		CB_REF_NOT_FOUND },
	{ "consent_inactive",	CB_REF_CONSENT },
	{ "conflict",		CB_REF_CONFLICT },
	{ "not_accepted",	CB_REF_NOT_ACCEPTED },
	{ "service",		CB_REF_SERVICE },
	{ "future",		CB_REF_FUTURE },
	{ "limit",		CB_REF_LIMIT },
};

static void	copy(char *, size_t, const struct cb_db *, int,
		    const char *);
static enum cb_referral_outcome outcome(const struct cb_db *);
static int	categories(const struct cb_db *, int);
static void	updates(const struct cb_db *, struct cb_package *);

static void
copy(char *dst, size_t len, const struct cb_db *db, int row,
    const char *col)
{
	(void)cb_strlcpy(dst, cb_db_str(db, row, col), len);
}

static enum cb_referral_outcome
outcome(const struct cb_db *db)
{
	const char	*o;
	size_t		 i;

	if (cb_db_rows(db) != 1)
		return (CB_REF_FAILED);
	o = cb_db_str(db, 0, "outcome");
	for (i = 0; i < NITEMS(outcomes); i++) {
		if (strcmp(o, outcomes[i].name) == 0)
			return (outcomes[i].outcome);
	}
	return (CB_REF_FAILED);
}

/* The categories column as bits; an unknown name shares nothing. */
static int
categories(const struct cb_db *db, int row)
{
	int	bits;

	bits = cb_categories_parse(cb_db_str(db, row, "r_categories"));
	return (bits < 0 ? 0 : bits);
}

void
cb_store_referral_inbox(struct cb_dbq *q, const struct cb_tokens *t,
    const char *after_ts, const char *after_id, int limit,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_inbox);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_int(q, limit);
	cb_dbq_text(q, after_ts);
	cb_dbq_text(q, after_ts != NULL ? after_id : NULL);
	cb_dbq_text(q, reqid);
}

struct cb_referral_item *
cb_store_inbox_items(const struct cb_db *db, int limit, size_t *n,
    char **next)
{
	static const char *const cursor[] = { "r_cursor", "r_id", NULL };
	struct cb_referral_item	*items, *it;
	int			 rows, i;
	size_t			 k;

	*n = 0;
	*next = NULL;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0, k = 0; i < rows; i++) {
		if (cb_db_null(db, i, "r_id"))
			continue;
		if (limit > 0 && k == (size_t)limit) {
			*next = cb_db_cursor(db, i - 1, cursor);
			break;
		}
		it = &items[k++];
		copy(it->id, sizeof(it->id), db, i, "r_id");
		copy(it->status, sizeof(it->status), db, i, "r_status");
		copy(it->reason, sizeof(it->reason), db, i, "r_reason");
		copy(it->services, sizeof(it->services), db, i, "r_services");
		it->categories = categories(db, i);
		it->version = (int)cb_db_ll(db, i, "r_version");
		copy(it->created_at, sizeof(it->created_at), db, i,
		    "r_created");
		copy(it->responded_at, sizeof(it->responded_at), db, i,
		    "r_responded");
		it->updates = (int)cb_db_ll(db, i, "r_updates");
		copy(it->consent_state, sizeof(it->consent_state), db, i,
		    "co_state");
		copy(it->valid_from, sizeof(it->valid_from), db, i,
		    "co_valid_from");
		copy(it->valid_until, sizeof(it->valid_until), db, i,
		    "co_valid_until");
	}
	*n = k;
	return (items);
}

void
cb_store_referral_package(struct cb_dbq *q, const struct cb_tokens *t,
    const char *referral_id, const char *reqid)
{
	cb_dbq_stmt(q, &st_package);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, referral_id);
	cb_dbq_text(q, reqid);
}

/* The rows after the first: the updates, notes still sealed. */
static void
updates(const struct cb_db *db, struct cb_package *p)
{
	struct cb_referral_update	*u;
	int				 rows, i;

	rows = cb_db_rows(db);
	p->updates = kore_calloc((size_t)rows + 1, sizeof(*p->updates));
	for (i = 1; i < rows; i++) {
		if (cb_db_null(db, i, "u_id"))
			continue;
		u = &p->updates[p->nupdates++];
		copy(u->id, sizeof(u->id), db, i, "u_id");
		copy(u->service, sizeof(u->service), db, i, "u_service");
		copy(u->status, sizeof(u->status), db, i, "u_status");
		copy(u->date, sizeof(u->date), db, i, "u_date");
		u->note_ct = cb_db_bytea(db, i, "u_note", &u->note_ctlen);
		copy(u->created_by, sizeof(u->created_by), db, i, "u_by");
		copy(u->created_at, sizeof(u->created_at), db, i,
		    "u_created");
	}
}

int
cb_store_referral_package_row(const struct cb_db *db, struct cb_package *p,
    struct cb_package_row *row)
{
	size_t		i;
	int		f;

	memset(p, 0, sizeof(*p));
	memset(row, 0, sizeof(*row));
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "r_id"))
		return (0);

	copy(p->id, sizeof(p->id), db, 0, "r_id");
	copy(p->status, sizeof(p->status), db, 0, "r_status");
	copy(p->reason, sizeof(p->reason), db, 0, "r_reason");
	p->services = kore_strdup(cb_db_str(db, 0, "r_services"));
	p->categories = categories(db, 0);
	p->version = (int)cb_db_ll(db, 0, "r_version");
	copy(p->created_at, sizeof(p->created_at), db, 0, "r_created");
	copy(p->responded_at, sizeof(p->responded_at), db, 0,
	    "r_responded");
	copy(p->responded_by, sizeof(p->responded_by), db, 0,
	    "r_responded_by");
	copy(p->consent_state, sizeof(p->consent_state), db, 0, "co_state");
	copy(p->valid_from, sizeof(p->valid_from), db, 0, "co_valid_from");
	copy(p->valid_until, sizeof(p->valid_until), db, 0,
	    "co_valid_until");

	copy(row->case_id, sizeof(row->case_id), db, 0, "r_case");
	copy(row->person_id, sizeof(row->person_id), db, 0, "r_person");
	row->case_kv = (unsigned int)cb_db_ll(db, 0, "ck_version");
	row->case_sv = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	row->case_wrapped = cb_db_bytea(db, 0, "ck_wrapped", &row->case_wlen);
	row->person_kv = (unsigned int)cb_db_ll(db, 0, "pk_version");
	row->person_sv = (unsigned int)cb_db_ll(db, 0, "pk_seal");
	row->person_wrapped = cb_db_bytea(db, 0, "pk_wrapped",
	    &row->person_wlen);
	row->response = cb_db_bytea(db, 0, "r_response", &row->response_len);
	for (i = 0; i < NITEMS(pkg_cols); i++) {
		f = pkg_cols[i].field;
		if (cb_db_null(db, 0, pkg_cols[i].col))
			continue;
		if (cb_pkg_defs[f].source == CB_PKG_SRC_PLAIN) {
			row->plain[f] = kore_strdup(cb_db_str(db, 0,
			    pkg_cols[i].col));
			continue;
		}
		row->ct[f] = cb_db_bytea(db, 0, pkg_cols[i].col,
		    &row->ctlen[f]);
		if (pkg_cols[i].tid != NULL)
			copy(row->tid[f], sizeof(row->tid[f]), db, 0,
			    pkg_cols[i].tid);
	}
	updates(db, p);
	return (row->case_wrapped != NULL);
}

void
cb_store_referral_key(struct cb_dbq *q, const struct cb_tokens *t,
    const char *referral_id, const char *action, const char *reqid)
{
	cb_dbq_stmt(q, &st_key);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, referral_id);
	cb_dbq_text(q, action);
	cb_dbq_text(q, reqid);
}

int
cb_store_referral_key_row(const struct cb_db *db, struct cb_referral_key *k)
{
	memset(k, 0, sizeof(*k));
	if ((k->outcome = outcome(db)) == CB_REF_FAILED)
		return (0);
	copy(k->status, sizeof(k->status), db, 0, "r_status");
	k->version = (int)cb_db_ll(db, 0, "r_version");
	copy(k->consent_state, sizeof(k->consent_state), db, 0, "co_state");
	if (k->outcome != CB_REF_OK)
		return (1);
	copy(k->case_id, sizeof(k->case_id), db, 0, "r_case");
	copy(k->services, sizeof(k->services), db, 0, "r_services");
	k->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	k->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	k->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &k->wlen);
	if (k->wrapped == NULL)
		k->outcome = CB_REF_FAILED;
	return (k->outcome != CB_REF_FAILED);
}

void
cb_referral_key_clear(struct cb_referral_key *k)
{
	kore_free(k->wrapped);
	sodium_memzero(k, sizeof(*k));
}

void
cb_store_referral_respond(struct cb_dbq *q, const struct cb_tokens *t,
    const char *referral_id, int accept, const unsigned char *reason,
    size_t reason_len, int version, const char *fields, const char *reqid)
{
	cb_dbq_stmt(q, &st_respond);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, referral_id);
	cb_dbq_bool(q, accept);
	if (reason != NULL)
		cb_dbq_bin(q, reason, reason_len);
	else
		cb_dbq_text(q, NULL);
	if (version >= 0)					/* 5 */
		cb_dbq_int(q, version);
	else
		cb_dbq_text(q, NULL);
	cb_dbq_text(q, fields);
	cb_dbq_text(q, reqid);
}

enum cb_referral_outcome
cb_store_referral_respond_row(const struct cb_db *db, char status[16],
    int *version, char responded[40])
{
	enum cb_referral_outcome	o;

	status[0] = '\0';
	responded[0] = '\0';
	*version = 0;
	if ((o = outcome(db)) == CB_REF_FAILED)
		return (o);
	copy(status, 16, db, 0, "r_status");
	*version = (int)cb_db_ll(db, 0, "r_version");
	copy(responded, 40, db, 0, "r_responded");
	return (o);
}

void
cb_store_referral_update_add(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_referral_update_new *un, const char *reqid)
{
	cb_dbq_stmt(q, &st_update);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, un->referral_id);
	cb_dbq_text(q, un->s->id);
	cb_dbq_text(q, un->service);
	cb_dbq_text(q, un->status);				/* 5 */
	cb_dbq_text(q, un->date);
	if (un->s->note != NULL)
		cb_dbq_bin(q, un->s->note, un->s->note_len);
	else
		cb_dbq_text(q, NULL);
	cb_dbq_text(q, un->idem_key);
	cb_dbq_bin(q, un->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, un->s->fields);				/* 10 */
	cb_dbq_text(q, reqid);
}

enum cb_referral_outcome
cb_store_referral_update_add_row(const struct cb_db *db,
    char id[CB_UUID_SIZE], char created[40])
{
	enum cb_referral_outcome	o;

	id[0] = '\0';
	created[0] = '\0';
	if ((o = outcome(db)) == CB_REF_FAILED)
		return (o);
	copy(id, CB_UUID_SIZE, db, 0, "u_id");
	copy(created, 40, db, 0, "u_created");
	return (o);
}
