/*
 * web: what every handler shares: per-request context, security
 * headers, body reading with limits, session token extraction, and
 * replies (JSON errors as api.md fixes them, HTML, redirects).
 */
#ifndef CB_WEB_H
#define CB_WEB_H

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include "core/casebook.h"
#include "store/db.h"
#include "domain/forms.h"
#include "text/text.h"

struct cb_json;

#define CB_COOKIE_SESSION	"cb_session"
#define CB_COOKIE_PRELOGIN	"cb_pre"

struct cb_ctx {
	struct cb_db		 db;
	struct cb_dbq		 q;
	struct cb_actor		 actor;
	int			 has_actor;
	unsigned char		 sess[CB_HASH_LEN];
	int			 has_sess;
	char			 reqid[33];
	int			 api;
	struct cb_json		*json;
	struct cb_kvlist	 kv;
	struct cb_values	 vals;
	struct cb_ferrors	 ferr;
	struct kore_task	*task;
	void			*data;
	void			(*data_free)(void *);
};

/* The request's context, created on first call (freed with the
 * request: pgsql, task, parsed body, values are all wiped). */
struct cb_ctx	*cb_ctx(struct http_request *, int api);

void	cb_security_headers(struct http_request *, const char *ctype);
void	cb_reply(struct http_request *, int, const char *ctype,
	    struct kore_buf *);
void	cb_reply_json(struct http_request *, int, struct kore_buf *);
void	cb_reply_html(struct http_request *, int, struct kore_buf *);
void	cb_reply_error(struct http_request *, enum cb_err,
	    const char *msgkey, const struct cb_ferrors *);
void	cb_redirect(struct http_request *, const char *);

/* Method check; replies 405 and returns 0 when not allowed. */
int	cb_method(struct http_request *, int api, int methods);
/* Reads and parses a JSON object body (content type, size, syntax);
 * on failure it has replied and returns -1. */
int	cb_body_json(struct http_request *, struct cb_ctx *);
/* Reads a urlencoded form body; -1 after replying on failure. */
int	cb_body_form(struct http_request *, struct cb_ctx *);
/* Session token from "Authorization: Bearer" (API) or the session
 * cookie (pages), hashed into ctx->sess; 0 when there is none. */
int	cb_session_token(struct http_request *, struct cb_ctx *);
/* Exact-name cookie lookup (Kore's own is case-insensitive). */
int	cb_cookie(struct http_request *, const char *, char *, size_t);
/* Answers "not logged in": 401 for the API, the login page for pages. */
int	cb_unauthorized(struct http_request *, struct cb_ctx *);
/* A state that loads the caller from its session, then moves to next. */
int	cb_state_auth(struct http_request *, int next);
/* Loads ctx->actor from the first row's columns 0..4 of ctx->db. */
int	cb_actor_from_row(struct cb_ctx *, int row);
/* Appends an audit entry; a state calls it until it stops waiting. */
enum cb_db_rc cb_audit(struct cb_ctx *, const char *action,
	    const char *record_id, const char *fields, const char *outcome,
	    int sync);

/*
 * In a handler state: runs ctx's query (sent on first entry) and
 * returns from the state while it is pending, or after answering 503
 * when it failed; falls through once the result is in ctx->db.
 */
#define CB_AWAIT(req, ctx)	do {					\
	switch (cb_db_run(&(ctx)->db, &(ctx)->q)) {			\
	case CB_DB_WAIT:						\
		return (HTTP_STATE_RETRY);				\
	case CB_DB_FAIL:						\
		cb_reply_error((req), CB_UNAVAILABLE, "err.unavailable",\
		    NULL);						\
		return (HTTP_STATE_COMPLETE);				\
	default:							\
		break;							\
	}								\
} while (0)

#define CB_SQL_ACTOR	"SELECT a.user_id, a.username, a.role, a.office, " \
			"coalesce(a.organisation_id::text, '') "	\
			"FROM session_actor($1) a"

#endif
