/*
 * session: logging in and out, for the API (bearer tokens) and the
 * pages (cookie). Each attempt is counted in the database before any
 * password is checked (per username typed and per client address), so
 * parallel guesses cannot outrun the lockout. Argon2id runs in a task
 * (web/task.h: it survives a client hanging up); an unknown username is
 * checked against a dummy hash, so the answer takes as long and says
 * the same as a wrong password.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include "core/casebook.h"
#include "render/render.h"
#include "store/session.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/task.h"
#include "web/web.h"

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
	char			 username[CB_USERNAME_MAX + 1];
	char			 password[CB_PASSWORD_MAX + 1];
	size_t			 pwlen;
	unsigned char		 uhash[CB_VAULT_BIDX_LEN];
	unsigned char		 ahash[CB_VAULT_BIDX_LEN];
	struct cb_login_begin	 begin;
	char			 newhash[CB_VAULT_PWHASH_SIZE];
	char			 token[CB_TOKEN_SIZE];
	unsigned char		 thash[CB_HASH_LEN];
	int			 logout;
	/* A form typed in a session that ended (sealed), and once opened:
	 * the session it came from, where it goes, what it says. */
	char			*draft;
	unsigned char		 prev[CB_HASH_LEN];
	char			 path[128];
	struct cb_kvlist	 pairs;
	int			 has_draft;
};

enum {
	S_START,
	S_BEGIN,
	S_VERIFY,
	S_SUCCESS,
	S_FAIL,
	S_LOGOUT
};

static int	st_start(struct http_request *);
static int	st_begin(struct http_request *);
static int	st_verify(struct http_request *);
static int	st_success(struct http_request *);
static int	st_fail(struct http_request *);
static int	st_logout(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_begin),
	KORE_HTTP_STATE(st_verify),
	KORE_HTTP_STATE(st_success),
	KORE_HTTP_STATE(st_fail),
	KORE_HTTP_STATE(st_logout),
};

int	cb_h_api_session(struct http_request *);
int	cb_h_login_page(struct http_request *);
int	cb_h_logout_page(struct http_request *);

static int	run(struct http_request *, int, int);
static void	login_free(void *);
static int	pw_task(struct kore_task *);
static int	take_credentials(struct http_request *, struct cb_ctx *,
		    struct login *);
static int	refused(struct http_request *, struct cb_ctx *,
		    struct login *, enum cb_err, const char *);
static int	draft_open(struct login *);
static void	draft_resend(struct http_request *, struct cb_ctx *,
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
		cb_login_form(req, HTTP_STATUS_OK, NULL, NULL, NULL);
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
	return (http_state_run(states, NITEMS(states), req));
}

static void
login_free(void *arg)
{
	struct login	*l;

	l = arg;
	if (l->draft != NULL) {
		sodium_memzero(l->draft, strlen(l->draft));
		kore_free(l->draft);
	}
	cb_kv_free(&l->pairs);
	sodium_memzero(l, sizeof(*l));
	kore_free(l);
}

/* The login page with a fresh pre-session CSRF token in a cookie. */
void
cb_login_form(struct http_request *req, int status, const char *username,
    const char *errkey, const char *draft)
{
	struct kore_buf	*buf;
	char		 tok[CB_TOKEN_SIZE];

	cb_vault_token_new(tok);
	cb_cookie_set(req, cb_app.cookie_prelogin, tok);
	(void)cb_ctx(req, 0);
	buf = kore_buf_alloc(2048 + (draft != NULL ? strlen(draft) : 0));
	cb_render_login(buf, tok, username, errkey, draft);
	cb_reply_html(req, status, buf);
	sodium_memzero(tok, sizeof(tok));
}

/* A refusal in the request's face: the form again, or a JSON error. */
static int
refused(struct http_request *req, struct cb_ctx *ctx, struct login *l,
    enum cb_err err, const char *key)
{
	if (!ctx->api) {
		cb_login_form(req, cb_err_status(err), l->username, key,
		    l->draft);
		return (HTTP_STATE_COMPLETE);
	}
	return (cb_fail(req, err, key, NULL));
}

static int
take_credentials(struct http_request *req, struct cb_ctx *ctx,
    struct login *l)
{
	const struct cb_json	*u, *p;
	const struct cb_kv	*ku, *kp, *kc, *kd;
	struct cb_ferrors	 fe;
	const char		*user, *pw;
	size_t			 ulen, pwlen;
	char			 pre[CB_TOKENS_MAX][64];
	int			 i, n, ok;

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
		/* Double submit: the form's token must equal one of the
		 * pre-login cookies (a planted one only adds a candidate). */
		kc = cb_kv_get(&ctx->kv, "csrf");
		n = cb_cookies(req, cb_app.cookie_prelogin, pre,
		    CB_TOKENS_MAX);
		ok = 0;
		for (i = 0; i < n && kc != NULL; i++) {
			if (strlen(pre[i]) == CB_TOKEN_SIZE - 1 &&
			    kc->vlen == CB_TOKEN_SIZE - 1 &&
			    cb_vault_equal(pre[i], kc->value,
			    CB_TOKEN_SIZE - 1))
				ok = 1;
		}
		sodium_memzero(pre, sizeof(pre));
		if (!ok) {
			cb_reply_error(req, CB_FORBIDDEN, "err.csrf", NULL);
			return (-1);
		}
		if ((kd = cb_kv_get(&ctx->kv, "draft")) != NULL &&
		    kd->vlen > 0)
			l->draft = kore_strdup(kd->value);
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
			cb_login_form(req, HTTP_STATUS_UNAUTHORIZED, user,
			    "err.login", l->draft);
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
	char		 addr[CB_ADDR_MAX];

	ctx = http_state_get(req);
	l = ctx->data;

	if (l->logout) {
		if (!cb_session_token(req, ctx)) {
			if (!ctx->api) {
				cb_redirect(req, "/login");
				return (HTTP_STATE_COMPLETE);
			}
			return (cb_fail(req, CB_UNAUTHORIZED,
			    "err.unauthorized", NULL));
		}
		if (!ctx->api) {
			if (cb_body_form(req, ctx) == -1)
				return (HTTP_STATE_COMPLETE);
			if (!cb_csrf_ok(ctx))
				return (cb_fail(req, CB_FORBIDDEN, "err.csrf",
				    NULL));
		}
		req->fsm_state = S_LOGOUT;
		return (HTTP_STATE_CONTINUE);
	}

	if (take_credentials(req, ctx, l) == -1)
		return (HTTP_STATE_COMPLETE);
	cb_client_addr(req, addr, sizeof(addr));
	if (cb_vault_bidx(cb_app.vault, "addr", addr[0] ? addr : "-",
	    addr[0] ? strlen(addr) : 1, l->ahash) == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	req->fsm_state = S_BEGIN;
	return (HTTP_STATE_CONTINUE);
}

/* The attempt is counted first; only an allowed one is hashed. */
static int
st_begin(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct login	*l;
	struct pw_job	 job;
	char		 secs[16];

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent)
		cb_store_login_begin(&ctx->q, l->uhash, l->ahash, l->username,
		    &cb_app.login, ctx->reqid);
	CB_AWAIT(req, ctx);
	if (cb_store_login_begin_row(&ctx->db, &l->begin) == -1)
		return (cb_fail(req, CB_UNAVAILABLE, "err.unavailable", NULL));
	cb_db_reset(&ctx->db);

	if (!l->begin.allowed) {
		sodium_memzero(l->password, sizeof(l->password));
		(void)snprintf(secs, sizeof(secs), "%d", l->begin.retry_after);
		http_response_header(req, "retry-after", secs);
		return (refused(req, ctx, l, CB_TOO_MANY, "err.locked"));
	}

	memset(&job, 0, sizeof(job));
	(void)cb_strlcpy(job.hash, l->begin.has_user ? l->begin.pw_hash :
	    cb_app.dummy_hash, sizeof(job.hash));
	memcpy(job.pw, l->password, l->pwlen);
	job.pwlen = l->pwlen;
	sodium_memzero(l->password, sizeof(l->password));
	sodium_memzero(l->begin.pw_hash, sizeof(l->begin.pw_hash));
	ctx->task = cb_task_start(req, pw_task, &job, sizeof(job));
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
	/* The client hung up while this waited for a thread: the hash
	 * would answer nobody. */
	if (!cb_task_unwanted(t) && len == sizeof(job) &&
	    job.pwlen <= CB_PASSWORD_MAX &&
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
	size_t			 len;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!cb_task_done(ctx->task)) {
		http_request_sleep(req);
		return (HTTP_STATE_RETRY);
	}
	memset(&res, 0, sizeof(res));
	len = cb_task_read(ctx->task, &res, sizeof(res));
	cb_task_release(ctx->task);
	ctx->task = NULL;

	if (len == sizeof(res) && res.ok && l->begin.has_user) {
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
	const char	*lang;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		cb_vault_token_new(l->token);
		if (cb_vault_token_hash(cb_app.vault, l->token, l->thash) == -1)
			return (cb_fail(req, CB_INTERNAL, "err.internal",
			    NULL));
		l->has_draft = l->draft != NULL && draft_open(l) == 0;
		cb_store_login_finish(&ctx->q, l->thash, l->begin.user_id,
		    l->uhash, l->ahash, l->newhash, &cb_app.login,
		    l->has_draft ? l->prev : NULL, ctx->reqid);
	}
	CB_AWAIT(req, ctx);
	/* Disabled between the two steps: as if the password failed. */
	if (cb_db_rows(&ctx->db) != 1)
		return (refused(req, ctx, l, CB_UNAUTHORIZED, "err.login"));

	if (ctx->api) {
		buf = kore_buf_alloc(256);
		kore_buf_appendf(buf, "{\"token\":");
		cb_json_cstr(buf, l->token);
		kore_buf_appendf(buf, ",\"role\":");
		cb_json_cstr(buf, cb_db_str(&ctx->db, 0, "role"));
		kore_buf_appendf(buf, ",\"expires_at\":");
		cb_json_cstr(buf, cb_db_str(&ctx->db, 0, "expires_at"));
		kore_buf_appendf(buf, "}");
		cb_reply_json(req, HTTP_STATUS_CREATED, buf);
	} else {
		cb_cookie_set(req, cb_app.cookie_session, l->token);
		cb_cookie_set(req, cb_app.cookie_prelogin, NULL);
		/* The language the person chose, on any browser. */
		lang = cb_db_str(&ctx->db, 0, "language");
		if (cb_lang_parse(lang, strlen(lang)) != -1) {
			cb_cookie_set(req, CB_COOKIE_LANG, lang);
			ctx->lang = (enum cb_lang)cb_lang_parse(lang,
			    strlen(lang));
		}
		/* The same person: their form, ready to send again. */
		if (l->has_draft && cb_db_bool(&ctx->db, 0, "prev_same"))
			draft_resend(req, ctx, l);
		else
			cb_redirect(req, "/");
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
	if (!ctx->db.sent)
		cb_store_login_failed(&ctx->q, l->username, ctx->reqid);
	CB_AWAIT(req, ctx);
	return (refused(req, ctx, l, CB_UNAUTHORIZED, "err.login"));
}

static int
st_logout(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!ctx->db.sent)
		cb_store_logout(&ctx->q, &ctx->tok, ctx->reqid);
	CB_AWAIT(req, ctx);
	if (!ctx->api) {
		cb_cookie_set(req, cb_app.cookie_session, NULL);
		cb_redirect(req, "/login");
		return (HTTP_STATE_COMPLETE);
	}
	if (cb_db_rows(&ctx->db) < 1)
		return (cb_fail(req, CB_UNAUTHORIZED, "err.unauthorized",
		    NULL));
	cb_reply(req, HTTP_STATUS_NO_CONTENT, "application/json; "
	    "charset=utf-8", NULL);
	return (HTTP_STATE_COMPLETE);
}

/*
 * "v1", the hash of the session it was typed in (hex), the path it was
 * posted to and the urlencoded pairs, one per line; sealed by
 * cb_draft_seal below.
 */
static int
draft_open(struct login *l)
{
	char		*pt, *line[3], *body;
	size_t		 len, i;
	int		 ret;

	if (cb_vault_draft_open(cb_app.vault, l->draft, (long long)time(NULL),
	    &pt, &len) == -1)
		return (-1);
	ret = -1;
	body = pt;
	for (i = 0; i < 3; i++) {
		line[i] = body;
		if ((body = strchr(body, '\n')) == NULL)
			goto cleanup;
		*body++ = '\0';
	}
	if (strcmp(line[0], "v1") != 0 ||
	    sodium_hex2bin(l->prev, sizeof(l->prev), line[1],
	    strlen(line[1]), NULL, NULL, NULL) != 0 ||
	    line[2][0] != '/' || line[2][1] == '/' ||
	    strlen(line[2]) >= sizeof(l->path) ||
	    cb_kv_parse(body, strlen(body), CB_FORM_MAX * 4, &l->pairs) == -1)
		goto cleanup;
	(void)cb_strlcpy(l->path, line[2], sizeof(l->path));
	ret = 0;

cleanup:
	sodium_memzero(pt, len);
	kore_free(pt);
	return (ret);
}

static void
draft_resend(struct http_request *req, struct cb_ctx *ctx, struct login *l)
{
	struct kore_buf	*buf;
	struct cb_page	 pg;
	struct cb_actor	 a;
	char		 csrf[65];

	memset(&a, 0, sizeof(a));
	(void)cb_strlcpy(a.username, l->username, sizeof(a.username));
	a.role = cb_role_parse(cb_db_str(&ctx->db, 0, "role"));
	memset(&pg, 0, sizeof(pg));
	cb_vault_csrf(cb_app.vault, l->thash, csrf);
	pg.actor = &a;
	pg.csrf = csrf;
	buf = kore_buf_alloc(4096);
	cb_render_draft_resend(buf, &pg, l->path, &l->pairs);
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	sodium_memzero(csrf, sizeof(csrf));
}

/*
 * A form posted in a session that has ended: sealed, for one hour, with
 * the session it came from, so that the login page can carry it back
 * to the same person (login_finish checks the session was theirs).
 */
char *
cb_draft_seal(struct http_request *req, struct cb_ctx *ctx)
{
	struct kore_buf	*buf;
	char		 hex[CB_HASH_LEN * 2 + 1], *sealed;
	size_t		 i;
	int		 n;

	if (ctx->tok.len < CB_HASH_LEN || ctx->kv.n == 0 ||
	    strlen(req->path) >= sizeof(((struct login *)0)->path))
		return (NULL);
	cb_hex(ctx->tok.h, CB_HASH_LEN, hex, sizeof(hex));
	buf = kore_buf_alloc(1024);
	kore_buf_appendf(buf, "v1\n%s\n%s\n", hex, req->path);
	for (i = 0, n = 0; i < ctx->kv.n; i++) {
		/* The old session's token is no use any more. */
		if (strcmp(ctx->kv.items[i].name, "csrf") == 0)
			continue;
		if (n++ > 0)
			kore_buf_append(buf, "&", 1);
		cb_url_encode(buf, ctx->kv.items[i].name,
		    strlen(ctx->kv.items[i].name));
		kore_buf_append(buf, "=", 1);
		cb_url_encode(buf, ctx->kv.items[i].value,
		    ctx->kv.items[i].vlen);
	}
	sealed = cb_vault_draft_seal(cb_app.vault, buf->data, buf->offset,
	    (long long)time(NULL) + CB_DRAFT_TTL);
	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
	return (sealed);
}
