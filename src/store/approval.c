/*
 * store/approval: binds the approval functions' named parameters and
 * maps their named result columns (sql/fn/approval_*.sql).
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "store/approval.h"
#include "store/case.h"
#include "store/db.h"

#define SQL_SNAPSHOT							\
	"SELECT * FROM approval_snapshot(p_token => $1, "		\
	"p_approval => $2::uuid)"

#define SQL_DECIDE							\
	"SELECT * FROM approval_decide(p_token => $1, "		\
	"p_approval => $2::uuid, p_approve => $3::boolean, "		\
	"p_comment => $4, p_to => $5, p_stage => $6, p_htcds => $7, "	\
	"p_tid => $8::uuid, p_fields => $9, p_request => $10)"

#define SQL_LIST							\
	"SELECT * FROM approval_list(p_token => $1, p_status => $2, "	\
	"p_limit => $3::int, p_request => $4)"

static struct cb_stmt	st_snapshot = {
    "cb_approval_snapshot", SQL_SNAPSHOT, 0 };
static struct cb_stmt	st_decide = { "cb_approval_decide", SQL_DECIDE, 0 };
static struct cb_stmt	st_list = { "cb_approval_list", SQL_LIST, 0 };

static void	copy(char *, size_t, const struct cb_db *, int,
		    const char *);

static void
copy(char *dst, size_t len, const struct cb_db *db, int row,
    const char *col)
{
	(void)cb_strlcpy(dst, cb_db_str(db, row, col), len);
}

void
cb_store_approval_snapshot(struct cb_dbq *q, const struct cb_tokens *t,
    const char *approval_id)
{
	cb_dbq_stmt(q, &st_snapshot);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, approval_id);
}

int
cb_store_approval_snapshot_row(const struct cb_db *db,
    struct cb_approval_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	if (cb_db_rows(db) != 1 || cb_db_null(db, 0, "ap_id"))
		return (0);
	copy(s->id, sizeof(s->id), db, 0, "ap_id");
	copy(s->kind, sizeof(s->kind), db, 0, "ap_kind");
	copy(s->from, sizeof(s->from), db, 0, "ap_from");
	copy(s->to, sizeof(s->to), db, 0, "ap_to");
	copy(s->pending, sizeof(s->pending), db, 0, "ap_pending");
	copy(s->status, sizeof(s->status), db, 0, "ap_status");
	copy(s->requested_by, sizeof(s->requested_by), db, 0,
	    "ap_requested_by");
	copy(s->case_id, sizeof(s->case_id), db, 0, "c_id");
	copy(s->case_type, sizeof(s->case_type), db, 0, "c_type");
	copy(s->state, sizeof(s->state), db, 0, "c_state");
	copy(s->stage, sizeof(s->stage), db, 0, "c_stage");
	copy(s->htcds, sizeof(s->htcds), db, 0, "c_htcds");
	copy(s->case_pending, sizeof(s->case_pending), db, 0, "c_pending");
	s->version = (int)cb_db_ll(db, 0, "c_version");
	s->consent = cb_db_bool(db, 0, "pr_consent");
	if (cb_store_facts(db, 0, "ap_facts", &s->facts) == -1 ||
	    cb_store_facts(db, 0, "c_facts", &s->case_facts) == -1)
		return (0);
	s->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	s->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	s->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &s->wlen);
	return (1);
}

void
cb_approval_snapshot_clear(struct cb_approval_snapshot *s)
{
	cb_facts_clear(&s->facts);
	cb_facts_clear(&s->case_facts);
	kore_free(s->wrapped);
	sodium_memzero(s, sizeof(*s));
}

void
cb_store_approval_decide(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_approval_decision *d, const char *reqid)
{
	cb_dbq_stmt(q, &st_decide);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, d->approval_id);
	cb_dbq_bool(q, d->approve);
	if (d->comment != NULL)
		cb_dbq_bin(q, d->comment, d->comment_len);
	else
		cb_dbq_text(q, NULL);
	cb_dbq_text(q, d->to);					/* 5 */
	cb_dbq_text(q, d->stage);
	cb_dbq_text(q, d->htcds);
	cb_dbq_text(q, d->tid);
	cb_dbq_text(q, d->fields);
	cb_dbq_text(q, reqid);					/* 10 */
}

enum cb_decide_outcome
cb_store_approval_decide_row(const struct cb_db *db, char *case_id,
    int *version)
{
	const char	*o;

	if (cb_db_rows(db) != 1)
		return (CB_DECIDE_FAILED);
	o = cb_db_str(db, 0, "outcome");
	if (strcmp(o, "ok") == 0) {
		copy(case_id, CB_UUID_SIZE, db, 0, "c_id");
		*version = (int)cb_db_ll(db, 0, "c_version");
		return (CB_DECIDE_OK);
	}
	if (strcmp(o, "not_found") == 0)
		return (CB_DECIDE_NOT_FOUND);
	if (strcmp(o, "forbidden") == 0)
		return (CB_DECIDE_FORBIDDEN);
	if (strcmp(o, "self") == 0)
		return (CB_DECIDE_SELF);
	if (strcmp(o, "conflict") == 0)
		return (CB_DECIDE_CONFLICT);
	return (CB_DECIDE_FAILED);
}

void
cb_store_approval_list(struct cb_dbq *q, const struct cb_tokens *t,
    const char *status, int limit, const char *reqid)
{
	cb_dbq_stmt(q, &st_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, status);
	cb_dbq_int(q, limit);
	cb_dbq_text(q, reqid);
}

struct cb_approval_item *
cb_store_approval_items(const struct cb_db *db, size_t *n)
{
	struct cb_approval_item	*items, *it;
	int			 rows, i;

	*n = 0;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0; i < rows; i++) {
		if (cb_db_null(db, i, "ap_id"))
			continue;
		it = &items[(*n)++];
		copy(it->id, sizeof(it->id), db, i, "ap_id");
		copy(it->kind, sizeof(it->kind), db, i, "ap_kind");
		copy(it->from, sizeof(it->from), db, i, "ap_from");
		copy(it->to, sizeof(it->to), db, i, "ap_to");
		copy(it->status, sizeof(it->status), db, i, "ap_status");
		copy(it->requested_by, sizeof(it->requested_by), db, i,
		    "ap_requested_by");
		copy(it->requester, sizeof(it->requester), db, i,
		    "ap_requester");
		copy(it->requested_at, sizeof(it->requested_at), db, i,
		    "ap_requested_at");
		copy(it->decider, sizeof(it->decider), db, i, "ap_decider");
		copy(it->decided_at, sizeof(it->decided_at), db, i,
		    "ap_decided_at");
		(void)cb_store_facts(db, i, "ap_facts", &it->facts);
		copy(it->case_id, sizeof(it->case_id), db, i, "c_id");
		copy(it->case_type, sizeof(it->case_type), db, i, "c_type");
		copy(it->state, sizeof(it->state), db, i, "c_state");
		copy(it->stage, sizeof(it->stage), db, i, "c_stage");
		copy(it->office, sizeof(it->office), db, i, "c_office");
		copy(it->assigned_to, sizeof(it->assigned_to), db, i,
		    "c_assigned");
		copy(it->person_id, sizeof(it->person_id), db, i, "pr_id");
		it->pk_version = (unsigned int)cb_db_ll(db, i, "pk_version");
		it->pk_seal = (unsigned int)cb_db_ll(db, i, "pk_seal");
		it->pk_wrapped = cb_db_bytea(db, i, "pk_wrapped",
		    &it->pk_wlen);
		it->ct_given = cb_db_bytea(db, i, "pr_given_name",
		    &it->ct_given_len);
		it->ct_family = cb_db_bytea(db, i, "pr_family_name",
		    &it->ct_family_len);
	}
	return (items);
}

void
cb_approval_items_free(struct cb_approval_item *items, size_t n)
{
	size_t		i;

	for (i = 0; items != NULL && i < n; i++) {
		cb_facts_clear(&items[i].facts);
		if (items[i].given_name != NULL) {
			sodium_memzero(items[i].given_name,
			    strlen(items[i].given_name));
			kore_free(items[i].given_name);
		}
		if (items[i].family_name != NULL) {
			sodium_memzero(items[i].family_name,
			    strlen(items[i].family_name));
			kore_free(items[i].family_name);
		}
		kore_free(items[i].pk_wrapped);
		kore_free(items[i].ct_given);
		kore_free(items[i].ct_family);
	}
	kore_free(items);
}
