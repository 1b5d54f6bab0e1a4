/*
 * store/session: who is calling, logging in and out. Every call takes
 * the request's session token hashes; the database resolves them.
 */
#ifndef CB_STORE_SESSION_H
#define CB_STORE_SESSION_H

#include "core/casebook.h"
#include "store/db.h"

/* The caller's columns (a_user ... a_token) of row into a; 0 when the
 * row has none (no valid session), 1 otherwise. */
int	cb_store_actor(const struct cb_db *, int row, struct cb_actor *);

void	cb_store_session_actor(struct cb_dbq *, const struct cb_tokens *);

/* Login: count the attempt (before any hash is checked), then finish
 * or record the failure. */
struct cb_login_limits {
	int	user_max;	/* attempts per username per window */
	int	addr_max;	/* failed attempts per address per window */
	int	window_s;
	int	session_s;	/* absolute session lifetime */
};

struct cb_login_begin {
	int	allowed;
	int	retry_after;	/* seconds, when not allowed */
	int	has_user;
	char	user_id[CB_UUID_SIZE];
	char	role[16];
	char	pw_hash[128];
};

void	cb_store_login_begin(struct cb_dbq *, const unsigned char *uhash,
	    const unsigned char *ahash, const char *username,
	    const struct cb_login_limits *, const char *reqid);
int	cb_store_login_begin_row(const struct cb_db *, struct cb_login_begin *);
/* prev: the session hash a form draft came from, or NULL; the row's
 * prev_same says whether it was the same user's. */
void	cb_store_login_finish(struct cb_dbq *, const unsigned char *token,
	    const char *user_id, const unsigned char *uhash,
	    const unsigned char *ahash, const char *newhash,
	    const struct cb_login_limits *, const unsigned char *prev,
	    const char *reqid);
void	cb_store_login_failed(struct cb_dbq *, const char *username,
	    const char *reqid);
void	cb_store_logout(struct cb_dbq *, const struct cb_tokens *,
	    const char *reqid);

/* The caller's own interface language ("en" | "bs"); a row with the
 * caller's columns when the session is valid. */
void	cb_store_set_language(struct cb_dbq *, const struct cb_tokens *,
	    const char *lang, const char *reqid);

#endif
