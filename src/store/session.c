/*
 * store/session: the statements of logging in and out and of knowing
 * the caller (sql/fn/session_*.sql, login_*.sql, logout.sql).
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include "core/casebook.h"
#include "store/db.h"
#include "store/session.h"

#define SQL_ACTOR	"SELECT * FROM session_actor(p_token => $1)"

#define SQL_BEGIN							\
	"SELECT * FROM login_begin(p_uhash => $1, p_ahash => $2, "	\
	"p_username => $3, p_user_max => $4::int, p_addr_max => $5::int, " \
	"p_window_s => $6::int, p_request => $7)"

#define SQL_FINISH							\
	"SELECT * FROM login_finish(p_token => $1, p_user => $2::uuid, " \
	"p_uhash => $3, p_ahash => $4, p_newhash => $5, "		\
	"p_abs_s => $6::int, p_request => $7, p_prev => $8)"

#define SQL_FAILED							\
	"SELECT login_failed(p_username => $1, p_request => $2)"

#define SQL_LANGUAGE							\
	"SELECT * FROM user_set_language(p_token => $1, "		\
	"p_language => $2, p_request => $3)"

#define SQL_LOGOUT							\
	"SELECT * FROM logout(p_token => $1, p_request => $2)"


/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_actor = { "cb_session_actor", SQL_ACTOR, 0 };
static struct cb_stmt	st_begin = { "cb_session_begin", SQL_BEGIN, 0 };
static struct cb_stmt	st_finish = { "cb_session_finish", SQL_FINISH, 0 };
static struct cb_stmt	st_failed = { "cb_session_failed", SQL_FAILED, 0 };
static struct cb_stmt	st_logout = { "cb_session_logout", SQL_LOGOUT, 0 };
static struct cb_stmt	st_language = {
    "cb_session_language", SQL_LANGUAGE, 0 };

int
cb_store_actor(const struct cb_db *db, int row, struct cb_actor *a)
{
	memset(a, 0, sizeof(*a));
	if (cb_db_rows(db) <= row || cb_db_null(db, row, "a_user"))
		return (0);
	(void)cb_strlcpy(a->user_id, cb_db_str(db, row, "a_user"),
	    sizeof(a->user_id));
	(void)cb_strlcpy(a->username, cb_db_str(db, row, "a_username"),
	    sizeof(a->username));
	a->role = cb_role_parse(cb_db_str(db, row, "a_role"));
	(void)cb_strlcpy(a->office, cb_db_str(db, row, "a_office"),
	    sizeof(a->office));
	(void)cb_strlcpy(a->org_id, cb_db_str(db, row, "a_org"),
	    sizeof(a->org_id));
	if (cb_db_bytea_fixed(db, row, "a_token", a->token,
	    sizeof(a->token)) == -1 || a->role == CB_ROLE_NONE) {
		sodium_memzero(a, sizeof(*a));
		return (0);
	}
	return (1);
}

void
cb_store_session_actor(struct cb_dbq *q, const struct cb_tokens *t)
{
	cb_dbq_stmt(q, &st_actor);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
}

void
cb_store_login_begin(struct cb_dbq *q, const unsigned char *uhash,
    const unsigned char *ahash, const char *username,
    const struct cb_login_limits *lim, const char *reqid)
{
	cb_dbq_stmt(q, &st_begin);
	cb_dbq_bin(q, uhash, CB_HASH_LEN);
	cb_dbq_bin(q, ahash, CB_HASH_LEN);
	cb_dbq_text(q, username);
	cb_dbq_int(q, lim->user_max);
	cb_dbq_int(q, lim->addr_max);
	cb_dbq_int(q, lim->window_s);
	cb_dbq_text(q, reqid);
}

int
cb_store_login_begin_row(const struct cb_db *db, struct cb_login_begin *b)
{
	memset(b, 0, sizeof(*b));
	if (cb_db_rows(db) != 1)
		return (-1);
	b->allowed = cb_db_bool(db, 0, "allowed");
	b->retry_after = (int)cb_db_ll(db, 0, "retry_after");
	if (!cb_db_null(db, 0, "user_id")) {
		b->has_user = 1;
		(void)cb_strlcpy(b->user_id, cb_db_str(db, 0, "user_id"),
		    sizeof(b->user_id));
		(void)cb_strlcpy(b->role, cb_db_str(db, 0, "role"),
		    sizeof(b->role));
		(void)cb_strlcpy(b->pw_hash, cb_db_str(db, 0, "pw_hash"),
		    sizeof(b->pw_hash));
	}
	return (0);
}

void
cb_store_login_finish(struct cb_dbq *q, const unsigned char *token,
    const char *user_id, const unsigned char *uhash,
    const unsigned char *ahash, const char *newhash,
    const struct cb_login_limits *lim, const unsigned char *prev,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_finish);
	cb_dbq_bin(q, token, CB_HASH_LEN);
	cb_dbq_text(q, user_id);
	cb_dbq_bin(q, uhash, CB_HASH_LEN);
	cb_dbq_bin(q, ahash, CB_HASH_LEN);
	cb_dbq_text(q, newhash != NULL && *newhash != '\0' ? newhash : NULL);
	cb_dbq_int(q, lim->session_s);
	cb_dbq_text(q, reqid);
	if (prev != NULL)
		cb_dbq_bin(q, prev, CB_HASH_LEN);
	else
		cb_dbq_text(q, NULL);
}

void
cb_store_login_failed(struct cb_dbq *q, const char *username,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_failed);
	cb_dbq_text(q, username);
	cb_dbq_text(q, reqid);
}

void
cb_store_logout(struct cb_dbq *q, const struct cb_tokens *t,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_logout);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, reqid);
}

void
cb_store_set_language(struct cb_dbq *q, const struct cb_tokens *t,
    const char *lang, const char *reqid)
{
	cb_dbq_stmt(q, &st_language);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, lang);
	cb_dbq_text(q, reqid);
}
