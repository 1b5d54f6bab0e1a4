/*
 * h_base: the HTTP plumbing every handler shares. All replies pass
 * through cb_reply() so that every response carries the security
 * headers and no response is ever cached (pages hold personal data).
 */
#include <sys/types.h>

#include <ctype.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "render/i18n.h"
#include "render/render.h"
#include "store/session.h"
#include "text/json.h"
#include "text/reqlog.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/task.h"
#include "web/web.h"

static void	ctx_free(struct http_request *);
static enum cb_lang request_lang(struct http_request *, int);
static void	access_log(struct http_request *, struct cb_ctx *);
static int	body_read(struct http_request *, char **, size_t *);
static int	peer_addr(struct http_request *, char *, size_t);
static int	from_proxy(struct http_request *);

struct cb_ctx *
cb_ctx(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	const char	*rid;
	unsigned char	 id[CB_REQID_LEN / 2];

	if (http_state_exists(req)) {
		ctx = http_state_get(req);
		cb_i18n_set(ctx->lang);
		return (ctx);
	}

	ctx = http_state_create(req, sizeof(*ctx), ctx_free);
	memset(ctx, 0, sizeof(*ctx));
	ctx->t0 = kore_time_ms();
	cb_db_init(&ctx->db, req, http_request_sleep, http_request_wakeup);
	ctx->db.reqid = ctx->reqid;
	ctx->api = api;
	ctx->lang = request_lang(req, api);
	cb_i18n_set(ctx->lang);
	/* The proxy's id, so that its log and ours name a request alike;
	 * from anyone else an id could be chosen to confuse the audit. */
	if (from_proxy(req) &&
	    http_request_header(req, "x-request-id", &rid) &&
	    cb_reqlog_id_ok(rid)) {
		(void)cb_strlcpy(ctx->reqid, rid, sizeof(ctx->reqid));
	} else {
		randombytes_buf(id, sizeof(id));
		cb_hex(id, sizeof(id), ctx->reqid, sizeof(ctx->reqid));
	}
	return (ctx);
}

/*
 * The language a request is answered in: the person's own choice (the
 * cb_lang cookie their login or profile set; pages only), else what
 * their browser or client asks for (Accept-Language), else English.
 */
static enum cb_lang
request_lang(struct http_request *req, int api)
{
	char		 v[4][64];
	const char	*h;
	int		 n, i, lang;

	if (!api) {
		n = cb_cookies(req, CB_COOKIE_LANG, v, 4);
		for (i = 0; i < n; i++) {
			if ((lang = cb_lang_parse(v[i], strlen(v[i]))) != -1)
				return ((enum cb_lang)lang);
		}
	}
	if (http_request_header(req, "accept-language", &h))
		return (cb_lang_accept(h));
	return (CB_LANG_EN);
}

static void
ctx_free(struct http_request *req)
{
	struct cb_ctx	*ctx;

	if ((ctx = http_state_get(req)) == NULL)
		return;
	/* Kore may call this again while a task still runs; by then the
	 * context is wiped and the line written. */
	if (ctx->reqid[0] != '\0')
		access_log(req, ctx);
	cb_db_cleanup(&ctx->db);
	/* Never freed here while it runs (see web/task.h). */
	cb_task_release(ctx->task);
	ctx->task = NULL;
	cb_json_free(ctx->json);
	cb_kv_free(&ctx->kv);
	cb_values_clear(&ctx->vals);
	if (ctx->data != NULL && ctx->data_free != NULL)
		ctx->data_free(ctx->data);
	sodium_memzero(ctx, sizeof(*ctx));
}

/* One line per request: never the path (it holds case ids), the route
 * it matched instead. */
static void
access_log(struct http_request *req, struct cb_ctx *ctx)
{
	char	route[CB_REQLOG_LINE_MAX / 2], line[CB_REQLOG_LINE_MAX];

	(void)cb_reqlog_route(req->hdlr != NULL ? req->hdlr->path : "?",
	    route, sizeof(route));
	if (cb_reqlog_line(line, sizeof(line), ctx->reqid,
	    http_method_text(req->method), route, req->status,
	    (unsigned long long)(kore_time_ms() - ctx->t0)) == 0)
		kore_log(LOG_INFO, "%s", line);
}

void
cb_log_error(const char *reqid, const char *fmt, ...)
{
	va_list	ap;
	char	msg[512];

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kore_log(LOG_ERR, "rid=%s %s", reqid != NULL ? reqid : "-", msg);
}

/* cache: "no-store" for anything of a person or a session. */
static void
headers(struct http_request *req, const char *ctype, const char *cache)
{
	http_response_header(req, "content-type", ctype);
	http_response_header(req, "content-security-policy",
	    "default-src 'none'; style-src 'self'; img-src 'self'; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "referrer-policy", "no-referrer");
	http_response_header(req, "x-frame-options", "DENY");
	http_response_header(req, "cache-control", cache);
	http_response_header(req, "cross-origin-opener-policy", "same-origin");
}

void
cb_security_headers(struct http_request *req, const char *ctype)
{
	headers(req, ctype, "no-store");
}

static void
reply(struct http_request *req, int status, const char *ctype,
    const char *cache, struct kore_buf *buf)
{
	struct cb_ctx	*ctx;

	headers(req, ctype, cache);
	if (http_state_exists(req)) {
		ctx = http_state_get(req);
		http_response_header(req, "x-request-id", ctx->reqid);
	}
	if (buf == NULL) {
		http_response(req, status, NULL, 0);
		return;
	}
	http_response(req, status, buf->data, buf->offset);
	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
}

void
cb_reply(struct http_request *req, int status, const char *ctype,
    struct kore_buf *buf)
{
	reply(req, status, ctype, "no-store", buf);
}

void
cb_reply_public(struct http_request *req, const char *ctype,
    struct kore_buf *buf)
{
	reply(req, HTTP_STATUS_OK, ctype, "public, max-age=3600", buf);
}

void
cb_reply_json(struct http_request *req, int status, struct kore_buf *buf)
{
	cb_reply(req, status, "application/json; charset=utf-8", buf);
}

void
cb_reply_html(struct http_request *req, int status, struct kore_buf *buf)
{
	cb_reply(req, status, "text/html; charset=utf-8", buf);
}

void
cb_reply_error(struct http_request *req, enum cb_err err,
    const char *msgkey, const struct cb_ferrors *fe)
{
	struct kore_buf	*buf;
	struct cb_ctx	*ctx;
	struct cb_page	 pg;
	char		 csrf[65];
	int		 api;

	api = 1;
	ctx = NULL;
	if (http_state_exists(req)) {
		ctx = http_state_get(req);
		api = ctx->api;
	}
	buf = kore_buf_alloc(256);
	if (api) {
		cb_render_json_error(buf, err, msgkey, fe);
		if (err == CB_UNAUTHORIZED)
			http_response_header(req, "www-authenticate",
			    "Bearer realm=\"casebook\"");
		cb_reply_json(req, cb_err_status(err), buf);
	} else {
		/* A caller who is known keeps the bar and Log out. */
		if (ctx != NULL)
			cb_page_init(ctx, &pg, csrf);
		cb_render_error_page(buf, ctx != NULL ? &pg : NULL, err,
		    msgkey);
		cb_reply_html(req, cb_err_status(err), buf);
	}
}

void
cb_redirect(struct http_request *req, const char *location)
{
	http_response_header(req, "location", location);
	cb_reply(req, HTTP_STATUS_SEE_OTHER, "text/plain; charset=utf-8",
	    NULL);
}

int
cb_method(struct http_request *req, int api, int methods)
{
	static const struct {
		int		 m;
		const char	*name;
	} names[] = {
		{ HTTP_METHOD_GET,	"GET" },
		{ HTTP_METHOD_HEAD,	"HEAD" },
		{ HTTP_METHOD_POST,	"POST" },
		{ HTTP_METHOD_PUT,	"PUT" },
		{ HTTP_METHOD_PATCH,	"PATCH" },
		{ HTTP_METHOD_DELETE,	"DELETE" },
	};
	char		allow[64];
	size_t		i;

	(void)cb_ctx(req, api);
	if (req->method & methods)
		return (1);
	/* A 405 says what the resource does answer (RFC 9110 15.5.6). */
	allow[0] = '\0';
	for (i = 0; i < NITEMS(names); i++) {
		if (!(methods & names[i].m))
			continue;
		if (allow[0] != '\0')
			(void)cb_strlcat(allow, ", ", sizeof(allow));
		(void)cb_strlcat(allow, names[i].name, sizeof(allow));
	}
	http_response_header(req, "allow", allow);
	cb_reply_error(req, CB_METHOD, "err.method", NULL);
	return (0);
}

static int
body_read(struct http_request *req, char **out, size_t *outlen)
{
	struct kore_buf	*buf;
	char		 chunk[4096];
	ssize_t		 r;

	*out = NULL;
	*outlen = 0;
	buf = kore_buf_alloc(1024);
	for (;;) {
		if ((r = http_body_read(req, chunk, sizeof(chunk))) == -1) {
			kore_buf_free(buf);
			cb_reply_error(req, CB_BAD_REQUEST, "err.body", NULL);
			return (-1);
		}
		if (r == 0)
			break;
		if (buf->offset + (size_t)r > CB_BODY_MAX) {
			sodium_memzero(chunk, sizeof(chunk));
			sodium_memzero(buf->data, buf->length);
			kore_buf_free(buf);
			cb_reply_error(req, CB_TOO_LARGE, "err.too_large",
			    NULL);
			return (-1);
		}
		kore_buf_append(buf, chunk, (size_t)r);
	}
	sodium_memzero(chunk, sizeof(chunk));
	*outlen = buf->offset;
	*out = (char *)kore_buf_release(buf, outlen);
	return (0);
}

/* "application/json" with an optional charset that must be UTF-8. */
static int
is_json_type(const char *ct)
{
	const char	*p;

	if (strncasecmp(ct, "application/json", 16) != 0)
		return (0);
	p = ct + 16;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return (1);
	if (*p != ';')
		return (0);
	p++;
	while (*p == ' ')
		p++;
	return (strcasecmp(p, "charset=utf-8") == 0 ||
	    strcasecmp(p, "charset=\"utf-8\"") == 0);
}

int
cb_body_json(struct http_request *req, struct cb_ctx *ctx)
{
	const char		*ct;
	char			*body;
	size_t			 len;
	struct cb_json_error	 jerr;
	struct cb_ferrors	 fe;
	int			 rc;

	if (!http_request_header(req, "content-type", &ct) ||
	    !is_json_type(ct)) {
		cb_reply_error(req, CB_MEDIA_TYPE, "err.content_type", NULL);
		return (-1);
	}
	if (body_read(req, &body, &len) == -1)
		return (-1);

	rc = cb_json_parse(body, len, &ctx->json, &jerr);
	sodium_memzero(body, len);
	kore_free(body);
	if (rc != 0 || ctx->json == NULL ||
	    ctx->json->type != CB_JSON_OBJECT) {
		memset(&fe, 0, sizeof(fe));
		cb_ferrors_add(&fe, "body", "err.json");
		cb_reply_error(req, CB_BAD_REQUEST, "err.json", &fe);
		return (-1);
	}
	return (0);
}

int
cb_body_form(struct http_request *req, struct cb_ctx *ctx)
{
	const char	*ct;
	char		*body;
	size_t		 len;
	int		 rc;

	if (!http_request_header(req, "content-type", &ct) ||
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
		cb_reply_error(req, CB_MEDIA_TYPE, "err.content_type", NULL);
		return (-1);
	}
	if (body_read(req, &body, &len) == -1)
		return (-1);
	rc = cb_kv_parse(body, len, 64, &ctx->kv);
	sodium_memzero(body, len);
	kore_free(body);
	if (rc != 0) {
		cb_reply_error(req, CB_BAD_REQUEST, "err.form", NULL);
		return (-1);
	}
	return (0);
}

int
cb_cookies(struct http_request *req, const char *name, char (*out)[64],
    int max)
{
	const char	*hdr, *p, *end, *eq;
	size_t		 nlen, vlen;
	int		 n;

	if (!http_request_header(req, "cookie", &hdr))
		return (0);
	n = 0;
	nlen = strlen(name);
	for (p = hdr; *p != '\0' && n < max;
	    p = (*end == '\0') ? end : end + 1) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ';')) == NULL)
			end = p + strlen(p);
		if ((eq = memchr(p, '=', end - p)) == NULL)
			continue;
		/* The exact name: Kore's own lookup would also take
		 * "CB_SESSION" or a prefix of it. */
		if ((size_t)(eq - p) != nlen || memcmp(p, name, nlen) != 0)
			continue;
		vlen = end - (eq + 1);
		while (vlen > 0 && eq[vlen] == ' ')
			vlen--;
		if (vlen + 1 > sizeof(out[0]))
			continue;
		memcpy(out[n], eq + 1, vlen);
		out[n][vlen] = '\0';
		n++;
	}
	return (n);
}

int
cb_session_token(struct http_request *req, struct cb_ctx *ctx)
{
	const char	*auth;
	char		 vals[CB_TOKENS_MAX][64];
	int		 i, n;

	n = 0;
	ctx->tok.len = 0;
	/* The API takes only the bearer and the pages only the cookie, so
	 * a browser's ambient cookie can never drive an API call. */
	if (ctx->api) {
		if (http_request_header(req, "authorization", &auth) &&
		    strncasecmp(auth, "Bearer ", 7) == 0 &&
		    strlen(auth + 7) < sizeof(vals[0])) {
			(void)cb_strlcpy(vals[0], auth + 7, sizeof(vals[0]));
			n = 1;
		}
	} else {
		n = cb_cookies(req, cb_app.cookie_session, vals,
		    CB_TOKENS_MAX);
	}

	/* A planted duplicate is one more candidate: the database takes
	 * the first that is a valid session, CSRF the one it matches. */
	for (i = 0; i < n; i++) {
		if (cb_vault_token_hash(cb_app.vault, vals[i],
		    ctx->tok.h + ctx->tok.len) == 0)
			ctx->tok.len += CB_HASH_LEN;
	}
	sodium_memzero(vals, sizeof(vals));
	return (ctx->tok.len > 0);
}

int
cb_csrf_ok(struct cb_ctx *ctx)
{
	const struct cb_kv	*kv;
	size_t			 off;

	if ((kv = cb_kv_get(&ctx->kv, "csrf")) == NULL)
		return (0);
	for (off = 0; off < ctx->tok.len; off += CB_HASH_LEN) {
		if (cb_vault_csrf_check(cb_app.vault, ctx->tok.h + off,
		    kv->value)) {
			memmove(ctx->tok.h, ctx->tok.h + off, CB_HASH_LEN);
			ctx->tok.len = CB_HASH_LEN;
			return (1);
		}
	}
	return (0);
}

/* The socket peer's address as text; 0 when it has none. */
static int
peer_addr(struct http_request *req, char *out, size_t len)
{
	struct connection	*c;

	out[0] = '\0';
	if ((c = req->owner) == NULL)
		return (0);
	if (c->family == AF_INET)
		(void)inet_ntop(AF_INET, &c->addr.ipv4.sin_addr, out, len);
	else if (c->family == AF_INET6)
		(void)inet_ntop(AF_INET6, &c->addr.ipv6.sin6_addr, out, len);
	return (out[0] != '\0');
}

/* 1 when the peer is the configured proxy in front of us. */
static int
from_proxy(struct http_request *req)
{
	char	peer[CB_ADDR_MAX];

	return (cb_app.trusted_proxy[0] != '\0' &&
	    peer_addr(req, peer, sizeof(peer)) &&
	    strcmp(peer, cb_app.trusted_proxy) == 0);
}

void
cb_client_addr(struct http_request *req, char *out, size_t len)
{
	const char	*xff, *last;
	char		 peer[CB_ADDR_MAX];

	(void)peer_addr(req, peer, sizeof(peer));
	(void)cb_strlcpy(out, peer, len);
	/* Only the proxy in front may speak for the client; the last
	 * entry is the one it added itself. */
	if (!from_proxy(req) ||
	    !http_request_header(req, "x-forwarded-for", &xff))
		return;
	last = strrchr(xff, ',');
	last = (last != NULL) ? last + 1 : xff;
	while (*last == ' ')
		last++;
	if (*last != '\0' && strlen(last) < len &&
	    strspn(last, "0123456789abcdefABCDEF.:") == strlen(last))
		(void)cb_strlcpy(out, last, len);
}

int
cb_tokens_next(struct cb_tokens *t)
{
	if (t->len <= CB_HASH_LEN)
		return (0);
	memmove(t->h, t->h + CB_HASH_LEN, t->len - CB_HASH_LEN);
	t->len -= CB_HASH_LEN;
	return (1);
}

int
cb_ctx_actor(struct cb_ctx *ctx)
{
	ctx->has_actor = cb_store_actor(&ctx->db, 0, &ctx->actor);
	return (ctx->has_actor);
}

void
cb_page_init(struct cb_ctx *ctx, struct cb_page *pg, char *csrf)
{
	cb_i18n_set(ctx->lang);
	memset(pg, 0, sizeof(*pg));
	csrf[0] = '\0';
	if (ctx->has_actor) {
		cb_vault_csrf(cb_app.vault, ctx->actor.token, csrf);
		pg->actor = &ctx->actor;
	}
	pg->csrf = csrf;
}

int
cb_fail(struct http_request *req, enum cb_err err, const char *msg,
    const struct cb_ferrors *fe)
{
	cb_reply_error(req, err, msg, fe);
	return (HTTP_STATE_COMPLETE);
}

void
cb_cookie_set(struct http_request *req, const char *name, const char *value)
{
	char	cookie[192];

	/* No Max-Age on the session: it ends with the browser, and the
	 * server's own timeouts end it sooner. */
	(void)snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s%s", name, value != NULL ? value : "",
	    value == NULL ? "; Max-Age=0" : "",
	    cb_app.secure_cookies ? "; Secure" : "");
	http_response_header(req, "set-cookie", cookie);
	sodium_memzero(cookie, sizeof(cookie));
}

int
cb_unauthorized(struct http_request *req, struct cb_ctx *ctx)
{
	char	*draft;

	if (ctx->api) {
		cb_reply_error(req, CB_UNAUTHORIZED, "err.unauthorized", NULL);
		return (HTTP_STATE_COMPLETE);
	}
	/* A form sent after the session ended: nothing typed is lost. */
	if (req->method == HTTP_METHOD_POST &&
	    (draft = cb_draft_seal(req, ctx)) != NULL) {
		cb_login_form(req, HTTP_STATUS_UNAUTHORIZED, NULL,
		    "err.session_ended", draft);
		kore_free(draft);
		return (HTTP_STATE_COMPLETE);
	}
	cb_redirect(req, "/login");
	return (HTTP_STATE_COMPLETE);
}

int
cb_state_auth(struct http_request *req, int next)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!ctx->db.sent) {
		if (ctx->tok.len == 0 && !cb_session_token(req, ctx))
			return (cb_unauthorized(req, ctx));
		cb_store_session_actor(&ctx->q, &ctx->tok);
	}
	CB_AWAIT_ACTOR(req, ctx);
	cb_db_reset(&ctx->db);
	req->fsm_state = next;
	return (HTTP_STATE_CONTINUE);
}

int
cb_handler_run(struct http_request *req, int api, struct http_state *states,
    size_t nstates, size_t size, void (*data_free)(void *))
{
	struct cb_ctx	*ctx;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		ctx->data = kore_calloc(1, size);
		ctx->data_free = data_free;
	}
	return (http_state_run(states, nstates, req));
}

int
cb_path_id(struct http_request *req, const char *api, const char *page,
    char out[CB_UUID_SIZE])
{
	const char	*p;

	p = req->path;
	if (strncmp(p, api, strlen(api)) == 0)
		p += strlen(api);
	else if (strncmp(p, page, strlen(page)) == 0)
		p += strlen(page);
	else
		return (0);
	if (strlen(p) < CB_UUID_LEN)
		return (0);
	memcpy(out, p, CB_UUID_LEN);
	out[CB_UUID_LEN] = '\0';
	return (cb_uuid_valid(out));
}

int
cb_list_args(struct http_request *req, struct cb_ctx *ctx,
    struct cb_kvlist *qs, int *limit, const char **cursor)
{
	const struct cb_kv	*kv;
	const char		*q;
	char			*end;
	size_t			 i;
	long			 lim;

	*cursor = NULL;
	q = req->query_string;
	if (q != NULL && cb_kv_parse(q, strlen(q), 8, qs) == -1) {
		cb_ferrors_add(&ctx->ferr, "query", "err.query");
		return (-1);
	}
	for (i = 0; i < qs->n; i++) {
		if (strcmp(qs->items[i].name, "limit") != 0 &&
		    strcmp(qs->items[i].name, "cursor") != 0)
			cb_ferrors_add(&ctx->ferr, qs->items[i].name,
			    "err.unknown_field");
	}
	if ((kv = cb_kv_get(qs, "limit")) != NULL) {
		lim = strtol(kv->value, &end, 10);
		if (kv->value[0] == '\0' || *end != '\0' || lim < 1 ||
		    lim > CB_LIST_LIMIT_MAX)
			cb_ferrors_add(&ctx->ferr, "limit", "err.limit");
		else
			*limit = (int)lim;
	}
	if ((kv = cb_kv_get(qs, "cursor")) != NULL && kv->value[0] != '\0')
		*cursor = kv->value;
	return (ctx->ferr.n > 0 ? -1 : 0);
}
