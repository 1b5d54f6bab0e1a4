/*
 * h_session: logging in and out, for the API (bearer tokens) and the
 * pages (cookie). Argon2id runs in a Kore task so the event loop keeps
 * serving; an unknown username is checked against a dummy hash so the
 * answer takes as long and says the same as a wrong password. Failed
 * attempts are counted per keyed hash of the username typed.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>
#include <kore/tasks.h>

#include "core/casebook.h"
#include "web/app.h"
#include "text/json.h"
#include "render/render.h"
#include "store/sql_case.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/web.h"

#define SQL_LOOKUP							\
	"SELECT coalesce(lf.locked_until > now(), false), u.id, "	\
	"u.pw_hash, u.role FROM (SELECT 1) x "				\
	"LEFT JOIN login_failures lf ON lf.uhash = $1 "			\
	"LEFT JOIN users u ON u.username = $2 AND NOT u.disabled"

#define SQL_SUCCESS							\
	"WITH s AS (INSERT INTO sessions (token_hash, user_id, "	\
	"expires_at) VALUES ($1, $2, now() + interval '12 hours') "	\
	"RETURNING expires_at), "					\
	"d AS (DELETE FROM login_failures WHERE uhash = $3), "		\
	"r AS (UPDATE users SET pw_hash = $4 WHERE id = $2 "		\
	"AND $4 <> '') "						\
	"SELECT " CB_TS("s.expires_at") ", audit_append($2, $5, "	\
	"'login.ok', $2, NULL, $6, 'ok', true) FROM s"

/* Failures older than the lock window start the count again. */
#define SQL_FAIL							\
	"WITH f AS (INSERT INTO login_failures AS lf (uhash, failures, " \
	"last_failure) VALUES ($1, 1, now()) ON CONFLICT (uhash) DO "	\
	"UPDATE SET failures = CASE WHEN lf.last_failure < now() - "	\
	"interval '15 minutes' THEN 1 ELSE lf.failures + 1 END, "	\
	"last_failure = now(), locked_until = CASE WHEN "		\
	"lf.last_failure >= now() - interval '15 minutes' AND "	\
	"lf.failures + 1 >= 5 THEN now() + interval '15 minutes' "	\
	"ELSE lf.locked_until END RETURNING failures) "		\
	"SELECT f.failures, audit_append($2::uuid, $3, 'login.fail', "	\
	"$2::uuid, NULL, $4, 'denied', true) FROM f"

#define SQL_LOCKED							\
	"SELECT audit_append($1::uuid, $2, 'login.locked', $1::uuid, "	\
	"NULL, $3, 'denied', true)"

#define SQL_LOGOUT							\
	"WITH u AS (UPDATE sessions SET revoked_at = now() "		\
	"WHERE token_hash = $1 AND revoked_at IS NULL "		\
	"RETURNING user_id) SELECT audit_append(u.user_id, us.role, "	\
	"'logout', u.user_id, NULL, $2, 'ok', true) "			\
	"FROM u JOIN users us ON us.id = u.user_id"

struct pw_job {
	char		hash[CB_VAULT_PWHASH_SIZE];
	char		pw[CB_PASSWORD_MAX + 1];
	size_t		pwlen;
};

struct pw_result {
	int		ok;
	int		rehash;
	char		newhash[CB_VAULT_PWHASH_SIZE];
};

struct login {
	char		 username[CB_USERNAME_MAX + 1];
	char		 password[CB_PASSWORD_MAX + 1];
	size_t		 pwlen;
	unsigned char	 uhash[CB_VAULT_BIDX_LEN];
	int		 has_user;
	char		 user_id[CB_UUID_SIZE];
	char		 role[16];
	char		 newhash[CB_VAULT_PWHASH_SIZE];
	char		 token[CB_TOKEN_SIZE];
	unsigned char	 thash[CB_HASH_LEN];
	int		 logout;
};

enum {
	S_START,
	S_LOOKUP,
	S_VERIFY,
	S_SUCCESS,
	S_FAIL,
	S_LOCKED,
	S_LOGOUT
};

static int	st_start(struct http_request *);
static int	st_lookup(struct http_request *);
static int	st_verify(struct http_request *);
static int	st_success(struct http_request *);
static int	st_fail(struct http_request *);
static int	st_locked(struct http_request *);
static int	st_logout(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_lookup),
	KORE_HTTP_STATE(st_verify),
	KORE_HTTP_STATE(st_success),
	KORE_HTTP_STATE(st_fail),
	KORE_HTTP_STATE(st_locked),
	KORE_HTTP_STATE(st_logout),
};

#define NSTATES		(sizeof(states) / sizeof(states[0]))

int	cb_h_api_session(struct http_request *);
int	cb_h_login_page(struct http_request *);
int	cb_h_logout_page(struct http_request *);

static int	run(struct http_request *, int, int);
static void	login_free(void *);
static int	pw_task(struct kore_task *);
static int	done(struct http_request *, enum cb_err, const char *);
static void	login_form(struct http_request *, int, const char *,
		    const char *);
static int	take_credentials(struct http_request *, struct cb_ctx *,
		    struct login *);

int
cb_h_api_session(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_POST | HTTP_METHOD_DELETE))
		return (KORE_RESULT_OK);
	return (run(req, 1, req->method == HTTP_METHOD_DELETE));
}

int
cb_h_login_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET | HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_GET) {
		login_form(req, HTTP_STATUS_OK, NULL, NULL);
		return (KORE_RESULT_OK);
	}
	return (run(req, 0, 0));
}

int
cb_h_logout_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	return (run(req, 0, 1));
}

static int
run(struct http_request *req, int api, int logout)
{
	struct cb_ctx	*ctx;
	struct login	*l;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		l = kore_calloc(1, sizeof(*l));
		l->logout = logout;
		ctx->data = l;
		ctx->data_free = login_free;
	}
	return (http_state_run(states, NSTATES, req));
}

static void
login_free(void *arg)
{
	sodium_memzero(arg, sizeof(struct login));
	kore_free(arg);
}

static int
done(struct http_request *req, enum cb_err err, const char *msg)
{
	cb_reply_error(req, err, msg, NULL);
	return (HTTP_STATE_COMPLETE);
}

/* The login page with a fresh pre-session CSRF token in a cookie. */
static void
login_form(struct http_request *req, int status, const char *username,
    const char *errkey)
{
	struct kore_buf	*buf;
	char		 tok[CB_TOKEN_SIZE], cookie[128];

	cb_vault_token_new(tok);
	(void)snprintf(cookie, sizeof(cookie), "%s=%s; Path=/login; "
	    "HttpOnly; SameSite=Strict%s", CB_COOKIE_PRELOGIN, tok,
	    cb_app.secure_cookies ? "; Secure" : "");
	http_response_header(req, "set-cookie", cookie);
	(void)cb_ctx(req, 0);
	buf = kore_buf_alloc(2048);
	cb_render_login(buf, tok, username, errkey);
	cb_reply_html(req, status, buf);
}

static int
take_credentials(struct http_request *req, struct cb_ctx *ctx,
    struct login *l)
{
	const struct cb_json	*u, *p;
	const struct cb_kv	*ku, *kp, *kc;
	struct cb_ferrors	 fe;
	const char		*user, *pw;
	size_t			 ulen, pwlen;
	char			 pre[CB_TOKEN_SIZE + 8];

	memset(&fe, 0, sizeof(fe));
	if (ctx->api) {
		if (cb_body_json(req, ctx) == -1)
			return (-1);
		u = cb_json_get(ctx->json, "username");
		p = cb_json_get(ctx->json, "password");
		if (u == NULL || u->type != CB_JSON_STRING)
			cb_ferrors_add(&fe, "username", "err.required");
		if (p == NULL || p->type != CB_JSON_STRING)
			cb_ferrors_add(&fe, "password", "err.required");
		if (fe.n > 0) {
			cb_reply_error(req, CB_BAD_REQUEST, "err.invalid", &fe);
			return (-1);
		}
		user = u->str;
		ulen = u->len;
		pw = p->str;
		pwlen = p->len;
	} else {
		if (cb_body_form(req, ctx) == -1)
			return (-1);
		kc = cb_kv_get(&ctx->kv, "csrf");
		if (kc == NULL || !cb_cookie(req, CB_COOKIE_PRELOGIN, pre,
		    sizeof(pre)) || strlen(pre) != CB_TOKEN_SIZE - 1 ||
		    kc->vlen != CB_TOKEN_SIZE - 1 ||
		    !cb_vault_equal(pre, kc->value, CB_TOKEN_SIZE - 1)) {
			cb_reply_error(req, CB_FORBIDDEN, "err.csrf", NULL);
			return (-1);
		}
		ku = cb_kv_get(&ctx->kv, "username");
		kp = cb_kv_get(&ctx->kv, "password");
		user = ku ? ku->value : "";
		ulen = ku ? ku->vlen : 0;
		pw = kp ? kp->value : "";
		pwlen = kp ? kp->vlen : 0;
	}

	/* Anything that cannot be a username or password fails exactly
	 * like a wrong one (but is not counted). */
	if (ulen == 0 || ulen > CB_USERNAME_MAX || pwlen == 0 ||
	    pwlen > CB_PASSWORD_MAX || !cb_utf8_valid(user, ulen) ||
	    cb_vault_bidx(cb_app.vault, "login", user, ulen,
	    l->uhash) == -1) {
		if (!ctx->api && ulen <= CB_USERNAME_MAX &&
		    cb_utf8_valid(user, ulen)) {
			login_form(req, HTTP_STATUS_UNAUTHORIZED, user,
			    "err.login");
			return (-1);
		}
		cb_reply_error(req, CB_UNAUTHORIZED, "err.login", NULL);
		return (-1);
	}
	memcpy(l->username, user, ulen);
	l->username[ulen] = '\0';
	memcpy(l->password, pw, pwlen);
	l->password[pwlen] = '\0';
	l->pwlen = pwlen;
	return (0);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct login	*l;
	const struct cb_kv *kc;

	ctx = http_state_get(req);
	l = ctx->data;

	if (l->logout) {
		if (!cb_session_token(req, ctx)) {
			if (!ctx->api) {
				cb_redirect(req, "/login");
				return (HTTP_STATE_COMPLETE);
			}
			return (done(req, CB_UNAUTHORIZED,
			    "err.unauthorized"));
		}
		if (!ctx->api) {
			if (cb_body_form(req, ctx) == -1)
				return (HTTP_STATE_COMPLETE);
			kc = cb_kv_get(&ctx->kv, "csrf");
			if (kc == NULL || !cb_vault_csrf_check(cb_app.vault,
			    ctx->sess, kc->value))
				return (done(req, CB_FORBIDDEN, "err.csrf"));
		}
		req->fsm_state = S_LOGOUT;
		return (HTTP_STATE_CONTINUE);
	}

	if (take_credentials(req, ctx, l) == -1)
		return (HTTP_STATE_COMPLETE);
	req->fsm_state = S_LOOKUP;
	return (HTTP_STATE_CONTINUE);
}

static int
st_lookup(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct login	*l;
	struct pw_job	 job;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, SQL_LOOKUP);
		cb_dbq_bin(&ctx->q, l->uhash, sizeof(l->uhash));
		cb_dbq_text(&ctx->q, l->username);
	}
	CB_AWAIT(req, ctx);

	memset(&job, 0, sizeof(job));
	if (!cb_db_isnull(&ctx->db, 0, 1)) {
		l->has_user = 1;
		(void)cb_strlcpy(l->user_id, cb_db_get(&ctx->db, 0, 1),
		    sizeof(l->user_id));
		(void)cb_strlcpy(l->role, cb_db_get(&ctx->db, 0, 3),
		    sizeof(l->role));
		(void)cb_strlcpy(job.hash, cb_db_get(&ctx->db, 0, 2),
		    sizeof(job.hash));
	} else {
		(void)cb_strlcpy(job.hash, cb_app.dummy_hash, sizeof(job.hash));
	}
	if (strcmp(cb_db_get(&ctx->db, 0, 0), "t") == 0) {
		cb_db_reset(&ctx->db);
		req->fsm_state = S_LOCKED;
		return (HTTP_STATE_CONTINUE);
	}
	cb_db_reset(&ctx->db);

	memcpy(job.pw, l->password, l->pwlen);
	job.pwlen = l->pwlen;
	ctx->task = kore_calloc(1, sizeof(*ctx->task));
	kore_task_create(ctx->task, pw_task);
	kore_task_bind_request(ctx->task, req);
	kore_task_run(ctx->task);
	kore_task_channel_write(ctx->task, &job, sizeof(job));
	sodium_memzero(&job, sizeof(job));

	req->fsm_state = S_VERIFY;
	return (HTTP_STATE_RETRY);
}

/* Runs on a task thread: only libsodium and stack memory here. */
static int
pw_task(struct kore_task *t)
{
	struct pw_job		job;
	struct pw_result	res;
	u_int32_t		len;

	memset(&res, 0, sizeof(res));
	len = kore_task_channel_read(t, &job, sizeof(job));
	if (len == sizeof(job) && job.pwlen <= CB_PASSWORD_MAX &&
	    cb_vault_pw_verify(job.hash, job.pw, job.pwlen,
	    &res.rehash) == 0) {
		res.ok = 1;
		if (res.rehash && cb_vault_pw_hash(job.pw, job.pwlen,
		    res.newhash) == -1)
			res.rehash = 0;
	}
	sodium_memzero(&job, sizeof(job));
	kore_task_channel_write(t, &res, sizeof(res));
	sodium_memzero(&res, sizeof(res));
	return (KORE_RESULT_OK);
}

static int
st_verify(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct login		*l;
	struct pw_result	 res;
	u_int32_t		 len;

	ctx = http_state_get(req);
	l = ctx->data;
	if (kore_task_state(ctx->task) != KORE_TASK_STATE_FINISHED) {
		http_request_sleep(req);
		return (HTTP_STATE_RETRY);
	}
	memset(&res, 0, sizeof(res));
	len = kore_task_channel_read(ctx->task, &res, sizeof(res));
	kore_task_destroy(ctx->task);
	kore_free(ctx->task);
	ctx->task = NULL;
	sodium_memzero(l->password, sizeof(l->password));

	if (len == sizeof(res) && res.ok && l->has_user) {
		if (res.rehash)
			memcpy(l->newhash, res.newhash, sizeof(l->newhash));
		req->fsm_state = S_SUCCESS;
	} else {
		req->fsm_state = S_FAIL;
	}
	sodium_memzero(&res, sizeof(res));
	return (HTTP_STATE_CONTINUE);
}

static int
st_success(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct login	*l;
	struct kore_buf	*buf;
	char		 cookie[160];

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		cb_vault_token_new(l->token);
		if (cb_vault_token_hash(cb_app.vault, l->token, l->thash) == -1)
			return (done(req, CB_INTERNAL, "err.internal"));
		cb_dbq_init(&ctx->q, SQL_SUCCESS);
		cb_dbq_bin(&ctx->q, l->thash, sizeof(l->thash));
		cb_dbq_text(&ctx->q, l->user_id);
		cb_dbq_bin(&ctx->q, l->uhash, sizeof(l->uhash));
		cb_dbq_text(&ctx->q, l->newhash);
		cb_dbq_text(&ctx->q, l->role);
		cb_dbq_text(&ctx->q, ctx->reqid);
	}
	CB_AWAIT(req, ctx);
	if (cb_db_rows(&ctx->db) != 1)
		return (done(req, CB_UNAVAILABLE, "err.unavailable"));

	if (ctx->api) {
		buf = kore_buf_alloc(256);
		kore_buf_appendf(buf, "{\"token\":");
		cb_json_cstr(buf, l->token);
		kore_buf_appendf(buf, ",\"role\":");
		cb_json_cstr(buf, l->role);
		kore_buf_appendf(buf, ",\"expires_at\":");
		cb_json_cstr(buf, cb_db_get(&ctx->db, 0, 0));
		kore_buf_appendf(buf, "}");
		cb_reply_json(req, HTTP_STATUS_CREATED, buf);
	} else {
		(void)snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; "
		    "HttpOnly; SameSite=Strict; Max-Age=%d%s",
		    CB_COOKIE_SESSION, l->token, CB_SESSION_ABS_SEC,
		    cb_app.secure_cookies ? "; Secure" : "");
		http_response_header(req, "set-cookie", cookie);
		sodium_memzero(cookie, sizeof(cookie));
		(void)snprintf(cookie, sizeof(cookie), "%s=; Path=/login; "
		    "Max-Age=0", CB_COOKIE_PRELOGIN);
		http_response_header(req, "set-cookie", cookie);
		cb_redirect(req, "/cases");
	}
	return (HTTP_STATE_COMPLETE);
}

static int
st_fail(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct login	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, SQL_FAIL);
		cb_dbq_bin(&ctx->q, l->uhash, sizeof(l->uhash));
		cb_dbq_text(&ctx->q, l->has_user ? l->user_id : NULL);
		cb_dbq_text(&ctx->q, l->has_user ? l->role : NULL);
		cb_dbq_text(&ctx->q, ctx->reqid);
	}
	CB_AWAIT(req, ctx);
	if (!ctx->api) {
		login_form(req, HTTP_STATUS_UNAUTHORIZED, l->username,
		    "err.login");
		return (HTTP_STATE_COMPLETE);
	}
	return (done(req, CB_UNAUTHORIZED, "err.login"));
}

static int
st_locked(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct login	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, SQL_LOCKED);
		cb_dbq_text(&ctx->q, l->has_user ? l->user_id : NULL);
		cb_dbq_text(&ctx->q, l->has_user ? l->role : NULL);
		cb_dbq_text(&ctx->q, ctx->reqid);
	}
	switch (cb_db_run(&ctx->db, &ctx->q)) {
	case CB_DB_WAIT:
		return (HTTP_STATE_RETRY);
	default:
		break;
	}
	http_response_header(req, "retry-after", "900");
	if (!ctx->api) {
		login_form(req, 429, l->username, "err.locked");
		return (HTTP_STATE_COMPLETE);
	}
	return (done(req, CB_TOO_MANY, "err.locked"));
}

static int
st_logout(struct http_request *req)
{
	struct cb_ctx	*ctx;
	char		 cookie[128];

	ctx = http_state_get(req);
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, SQL_LOGOUT);
		cb_dbq_bin(&ctx->q, ctx->sess, sizeof(ctx->sess));
		cb_dbq_text(&ctx->q, ctx->reqid);
	}
	CB_AWAIT(req, ctx);
	if (!ctx->api) {
		(void)snprintf(cookie, sizeof(cookie), "%s=; Path=/; "
		    "HttpOnly; SameSite=Strict; Max-Age=0", CB_COOKIE_SESSION);
		http_response_header(req, "set-cookie", cookie);
		cb_redirect(req, "/login");
		return (HTTP_STATE_COMPLETE);
	}
	if (cb_db_rows(&ctx->db) != 1)
		return (done(req, CB_UNAUTHORIZED, "err.unauthorized"));
	cb_reply(req, HTTP_STATUS_NO_CONTENT, "application/json; "
	    "charset=utf-8", NULL);
	return (HTTP_STATE_COMPLETE);
}
