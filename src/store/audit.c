/*
 * store/audit: the audit statements (sql/fn/audit_*.sql, kek_current).
 * Nothing here passes an actor: the database derives it.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/audit.h"
#include "store/audit.h"
#include "store/db.h"

#define SQL_REFUSAL							\
	"SELECT * FROM audit_refusal(p_token => $1, p_action => $2, "	\
	"p_record => $3::uuid, p_fields => $4, p_outcome => $5, "	\
	"p_request => $6)"

#define SQL_VERIFY_PAGE							\
	"SELECT * FROM audit_verify_page(p_token => $1, "		\
	"p_after => $2::bigint, p_limit => $3::int, p_request => $4)"

#define SQL_PENDING	"SELECT * FROM audit_chain_pending(p_limit => $1::int)"

#define SQL_APPEND							\
	"SELECT audit_chain_append(p_head => $1::bigint, "		\
	"p_ids => $2::bigint[], p_macs => $3, p_horizon => $4) AS head"

#define SQL_KEK		"SELECT * FROM kek_current()"


/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_refusal = { "cb_audit_refusal", SQL_REFUSAL, 0 };
static struct cb_stmt	st_verify_page = {
    "cb_audit_verify_page", SQL_VERIFY_PAGE, 0 };
static struct cb_stmt	st_pending = { "cb_audit_pending", SQL_PENDING, 0 };
static struct cb_stmt	st_append = { "cb_audit_append", SQL_APPEND, 0 };
static struct cb_stmt	st_kek = { "cb_audit_kek", SQL_KEK, 0 };

static const char	*opt(const struct cb_db *, int, const char *);

void
cb_store_audit_refusal(struct cb_dbq *q, const struct cb_tokens *t,
    const char *action, const char *record, const char *fields,
    const char *outcome, const char *reqid)
{
	cb_dbq_stmt(q, &st_refusal);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, action);
	cb_dbq_text(q, record);
	cb_dbq_text(q, fields);
	cb_dbq_text(q, outcome);
	cb_dbq_text(q, reqid);
}

void
cb_store_audit_verify_page(struct cb_dbq *q, const struct cb_tokens *t,
    int64_t after_seq, int limit, const char *reqid)
{
	cb_dbq_stmt(q, &st_verify_page);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_int(q, after_seq);
	cb_dbq_int(q, limit);
	cb_dbq_text(q, reqid);
}

static const char *
opt(const struct cb_db *db, int row, const char *col)
{
	return (cb_db_null(db, row, col) ? NULL : cb_db_str(db, row, col));
}

int
cb_store_audit_entry(const struct cb_db *db, int row,
    struct cb_audit_entry *e, unsigned char *mac)
{
	memset(e, 0, sizeof(*e));
	if (cb_db_null(db, row, "seq"))
		return (0);
	e->seq = cb_db_ll(db, row, "seq");
	if (cb_db_null(db, row, "e_id") ||
	    cb_db_bytea_fixed(db, row, "mac", mac, CB_AUDIT_MAC_LEN) == -1)
		return (-1);
	e->id = cb_db_ll(db, row, "e_id");
	e->at_us = cb_db_ll(db, row, "e_at_us");
	e->actor = opt(db, row, "e_actor");
	e->actor_role = opt(db, row, "e_role");
	e->action = opt(db, row, "e_action");
	e->record_id = opt(db, row, "e_record");
	e->records = opt(db, row, "e_records");
	e->fields = opt(db, row, "e_fields");
	e->request_id = opt(db, row, "e_request");
	e->outcome = opt(db, row, "e_outcome");
	return (1);
}

void
cb_store_chain_pending(struct cb_dbq *q, int limit)
{
	cb_dbq_stmt(q, &st_pending);
	cb_dbq_int(q, limit);
}

void
cb_store_chain_append(struct cb_dbq *q, int64_t head, const char *ids,
    const unsigned char *macs, size_t maclen, const char *horizon)
{
	cb_dbq_stmt(q, &st_append);
	cb_dbq_int(q, head);
	cb_dbq_text(q, ids);
	cb_dbq_bin(q, macs, maclen);
	cb_dbq_text(q, horizon);
}

void
cb_store_kek_current(struct cb_dbq *q)
{
	cb_dbq_stmt(q, &st_kek);
}
