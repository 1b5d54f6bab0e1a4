/*
 * web: what every handler shares: per-request context, security
 * headers, body reading with limits, session tokens and the client's
 * address, CSRF, and replies (JSON errors as api.md fixes them, pages,
 * redirects).
 */
#ifndef CB_WEB_H
#define CB_WEB_H

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "render/i18n.h"
#include "store/db.h"
#include "text/text.h"

struct cb_json;
struct cb_task;
struct cb_page;

#define CB_COOKIE_SESSION	"cb_session"
#define CB_COOKIE_PRELOGIN	"cb_pre"
/* The interface language a person chose (not a secret). */
#define CB_COOKIE_LANG		"cb_lang"
#define CB_ADDR_MAX		64

struct cb_ctx {
	struct cb_db		 db;
	struct cb_dbq		 q;
	struct cb_actor		 actor;
	int			 has_actor;
	/* The session token hashes the request presented. */
	struct cb_tokens	 tok;
	/* The request's id: in the access log, its error lines and its
	 * audit entries (and the proxy's log, which sends it). */
	char			 reqid[33];
	/* When the handler first ran (ms), for the access log. */
	u_int64_t		 t0;
	int			 api;
	enum cb_lang		 lang;
	struct cb_json		*json;
	struct cb_kvlist	 kv;
	struct cb_values	 vals;
	struct cb_ferrors	 ferr;
	struct cb_task		*task;
	void			*data;
	void			(*data_free)(void *);
};

/* The request's context, created on first call (freed with the
 * request: pgsql, task, parsed body, values are all wiped). */
struct cb_ctx	*cb_ctx(struct http_request *, int api);

/* An error line of this request in the server log: "rid=ID msg".
 * Never a value from a record, nor an identifier: the request id
 * leads to the audit entry, which names the record. */
void	cb_log_error(const char *reqid, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

void	cb_security_headers(struct http_request *, const char *ctype);
void	cb_reply(struct http_request *, int, const char *ctype,
	    struct kore_buf *);
/* 200 with a file everyone may read and cache for an hour (the style
 * sheet, the OpenAPI document): the same headers, but not no-store. */
void	cb_reply_public(struct http_request *, const char *ctype,
	    struct kore_buf *);
void	cb_reply_json(struct http_request *, int, struct kore_buf *);
void	cb_reply_html(struct http_request *, int, struct kore_buf *);
void	cb_reply_error(struct http_request *, enum cb_err,
	    const char *msgkey, const struct cb_ferrors *);
/* Replies and ends the state machine, for use as a state's return. */
int	cb_fail(struct http_request *, enum cb_err, const char *,
	    const struct cb_ferrors *);
void	cb_redirect(struct http_request *, const char *);
/* Sets a cookie; value NULL expires it. */
void	cb_cookie_set(struct http_request *, const char *name,
	    const char *value);

/* Method check; replies 405 and returns 0 when not allowed. */
int	cb_method(struct http_request *, int api, int methods);
/* Reads and parses a JSON object body (content type, size, syntax);
 * on failure it has replied and returns -1. */
int	cb_body_json(struct http_request *, struct cb_ctx *);
/* Reads a urlencoded form body; -1 after replying on failure. */
int	cb_body_form(struct http_request *, struct cb_ctx *);
/* Session token hashes into ctx->tok: the bearer (API) or every
 * cookie of the exact session name (pages); 0 when there is none. */
int	cb_session_token(struct http_request *, struct cb_ctx *);
/* Every value of the cookie of exactly that name, in header order, up
 * to max; returns how many. */
int	cb_cookies(struct http_request *, const char *, char (*)[64], int);
/* The form's CSRF token against the request's session candidates; on a
 * match only that session is kept. 1 when it holds. */
int	cb_csrf_ok(struct cb_ctx *);
/* The client's address: the socket peer, or the last address of
 * X-Forwarded-For when the peer is the configured trusted proxy. */
void	cb_client_addr(struct http_request *, char *, size_t);
/* How long a form typed in an ended session is kept (seconds). */
#define CB_DRAFT_TTL		3600

/* The login page (status, username kept, error key, sealed draft or
 * NULL); a fresh pre-login CSRF token in its cookie. */
void	cb_login_form(struct http_request *, int, const char *,
	    const char *, const char *);
/* The form a request posted, sealed for cb_login_form; NULL when there
 * is none (or no ended session to bind it to). kore_free it. */
char	*cb_draft_seal(struct http_request *, struct cb_ctx *);
/* Answers "not logged in": 401 for the API, the login page for pages
 * (with what a form posted kept, if it did). */
int	cb_unauthorized(struct http_request *, struct cb_ctx *);
/* Fills the page's actor and CSRF token from the caller. */
void	cb_page_init(struct cb_ctx *, struct cb_page *, char *csrf);

/* Runs a handler's states; its data (size bytes, zeroed, freed with
 * data_free along with the request) is made on the first call. */
int	cb_handler_run(struct http_request *, int api, struct http_state *,
	    size_t nstates, size_t size, void (*data_free)(void *));

/* The id of <api><id>... or <page><id>... (prefixes ending in '/'):
 * 1 and the id in out, 0 when the path has none. */
int	cb_path_id(struct http_request *, const char *api, const char *page,
	    char out[CB_UUID_SIZE]);
/* A list's query string, ?limit=1..100&cursor=..., nothing else, into
 * qs (freed by the caller): *limit when given, *cursor its raw value
 * or NULL. -1 with the errors in ctx->ferr. */
int	cb_list_args(struct http_request *, struct cb_ctx *,
	    struct cb_kvlist *qs, int *limit, const char **cursor);

/* A state that loads the caller from its session, then moves to next. */
int	cb_state_auth(struct http_request *, int next);

/*
 * In a handler state: runs ctx's query (sent on first entry) and
 * returns from the state while it is pending, or after answering 503
 * when it failed; falls through once the result is in ctx->db. A row
 * without a caller means the session is not valid (any more).
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

/*
 * After CB_AWAIT on a statement that returns the caller's columns. No
 * caller with this token: the state runs again with the next token the
 * request presented (a duplicate cookie), or answers "not logged in".
 * Every statement does nothing without a caller, so a retry is safe.
 */
#define CB_AWAIT_ACTOR(req, ctx)	do {				\
	CB_AWAIT((req), (ctx));						\
	if (!cb_ctx_actor(ctx)) {					\
		if (cb_tokens_next(&(ctx)->tok)) {			\
			cb_db_reset(&(ctx)->db);			\
			return (HTTP_STATE_RETRY);			\
		}							\
		return (cb_unauthorized((req), (ctx)));			\
	}								\
} while (0)

/* Drops the first session token candidate; 1 while one is left. */
int	cb_tokens_next(struct cb_tokens *);

/* Loads ctx->actor from row 0 of ctx->db; 0 when there is none. */
int	cb_ctx_actor(struct cb_ctx *);

#endif
