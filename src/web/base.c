/*
 * h_base: the HTTP plumbing every handler shares. All replies pass
 * through cb_reply() so that every response carries the security
 * headers and no response is ever cached (pages hold personal data).
 */
#include <sys/types.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>
#include <kore/tasks.h>

#include "core/casebook.h"
#include "web/app.h"
#include "render/i18n.h"
#include "text/json.h"
#include "render/render.h"
#include "vault/vault.h"
#include "web/web.h"

static void	ctx_free(struct http_request *);
static int	body_read(struct http_request *, char **, size_t *);

struct cb_ctx *
cb_ctx(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	unsigned char	 id[16];

	if (http_state_exists(req))
		return (http_state_get(req));

	ctx = http_state_create(req, sizeof(*ctx), ctx_free);
	memset(ctx, 0, sizeof(*ctx));
	cb_db_init(&ctx->db, req);
	ctx->api = api;
	randombytes_buf(id, sizeof(id));
	cb_hex(id, sizeof(id), ctx->reqid, sizeof(ctx->reqid));
	return (ctx);
}

static void
ctx_free(struct http_request *req)
{
	struct cb_ctx	*ctx;

	if ((ctx = http_state_get(req)) == NULL)
		return;
	cb_db_cleanup(&ctx->db);
	if (ctx->task != NULL) {
		kore_task_destroy(ctx->task);
		kore_free(ctx->task);
	}
	cb_json_free(ctx->json);
	cb_kv_free(&ctx->kv);
	cb_values_clear(&ctx->vals);
	if (ctx->data != NULL && ctx->data_free != NULL)
		ctx->data_free(ctx->data);
	sodium_memzero(ctx, sizeof(*ctx));
}

void
cb_security_headers(struct http_request *req, const char *ctype)
{
	http_response_header(req, "content-type", ctype);
	http_response_header(req, "content-security-policy",
	    "default-src 'none'; style-src 'self'; img-src 'self'; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "referrer-policy", "no-referrer");
	http_response_header(req, "x-frame-options", "DENY");
	http_response_header(req, "cache-control", "no-store");
	http_response_header(req, "cross-origin-opener-policy", "same-origin");
}

void
cb_reply(struct http_request *req, int status, const char *ctype,
    struct kore_buf *buf)
{
	struct cb_ctx	*ctx;

	cb_security_headers(req, ctype);
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
	int		 api;

	api = 1;
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
		cb_render_error_page(buf, err, msgkey);
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
	(void)cb_ctx(req, api);
	if (req->method & methods)
		return (1);
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
cb_cookie(struct http_request *req, const char *name, char *out,
    size_t outlen)
{
	const char	*hdr, *p, *end, *eq;
	size_t		 nlen, vlen;

	if (!http_request_header(req, "cookie", &hdr))
		return (0);
	nlen = strlen(name);
	for (p = hdr; *p != '\0'; p = (*end == '\0') ? end : end + 1) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ';')) == NULL)
			end = p + strlen(p);
		if ((eq = memchr(p, '=', end - p)) == NULL)
			continue;
		if ((size_t)(eq - p) != nlen || memcmp(p, name, nlen) != 0)
			continue;
		vlen = end - (eq + 1);
		while (vlen > 0 && eq[vlen] == ' ')
			vlen--;
		if (vlen + 1 > outlen)
			return (0);
		memcpy(out, eq + 1, vlen);
		out[vlen] = '\0';
		return (1);
	}
	return (0);
}

int
cb_session_token(struct http_request *req, struct cb_ctx *ctx)
{
	const char	*auth;
	char		 tok[CB_TOKEN_SIZE + 8];
	int		 ok;

	ok = 0;
	tok[0] = '\0';
	/* The API takes only the bearer and the pages only the cookie, so
	 * a browser's ambient cookie can never drive an API call. */
	if (ctx->api) {
		if (http_request_header(req, "authorization", &auth) &&
		    strncasecmp(auth, "Bearer ", 7) == 0 &&
		    strlen(auth + 7) < sizeof(tok)) {
			(void)cb_strlcpy(tok, auth + 7, sizeof(tok));
			ok = 1;
		}
	} else if (cb_cookie(req, CB_COOKIE_SESSION, tok, sizeof(tok))) {
		ok = 1;
	}

	if (ok && cb_vault_token_hash(cb_app.vault, tok, ctx->sess) == 0)
		ctx->has_sess = 1;
	sodium_memzero(tok, sizeof(tok));
	return (ctx->has_sess);
}

int
cb_actor_from_row(struct cb_ctx *ctx, int row)
{
	struct cb_actor	*a;

	a = &ctx->actor;
	memset(a, 0, sizeof(*a));
	if (cb_db_rows(&ctx->db) <= row || cb_db_isnull(&ctx->db, row, 0))
		return (0);
	(void)cb_strlcpy(a->user_id, cb_db_get(&ctx->db, row, 0),
	    sizeof(a->user_id));
	(void)cb_strlcpy(a->username, cb_db_get(&ctx->db, row, 1),
	    sizeof(a->username));
	a->role = cb_role_parse(cb_db_get(&ctx->db, row, 2));
	(void)cb_strlcpy(a->office, cb_db_get(&ctx->db, row, 3),
	    sizeof(a->office));
	(void)cb_strlcpy(a->org_id, cb_db_get(&ctx->db, row, 4),
	    sizeof(a->org_id));
	if (a->role == CB_ROLE_NONE)
		return (0);
	ctx->has_actor = 1;
	return (1);
}

enum cb_db_rc
cb_audit(struct cb_ctx *ctx, const char *action, const char *record_id,
    const char *fields, const char *outcome, int sync)
{
	if (!ctx->db.sent) {
		cb_dbq_init(&ctx->q, "SELECT audit_append($1, $2, $3, $4, "
		    "$5, $6, $7, $8)");
		cb_dbq_text(&ctx->q, ctx->has_actor ?
		    ctx->actor.user_id : NULL);
		cb_dbq_text(&ctx->q, ctx->has_actor ?
		    cb_role_name(ctx->actor.role) : NULL);
		cb_dbq_text(&ctx->q, action);
		cb_dbq_text(&ctx->q, record_id);
		cb_dbq_text(&ctx->q, fields);
		cb_dbq_text(&ctx->q, ctx->reqid);
		cb_dbq_text(&ctx->q, outcome);
		cb_dbq_text(&ctx->q, sync ? "true" : "false");
	}
	return (cb_db_run(&ctx->db, &ctx->q));
}

int
cb_unauthorized(struct http_request *req, struct cb_ctx *ctx)
{
	if (!ctx->api)
		cb_redirect(req, "/login");
	else
		cb_reply_error(req, CB_UNAUTHORIZED, "err.unauthorized", NULL);
	return (HTTP_STATE_COMPLETE);
}

int
cb_state_auth(struct http_request *req, int next)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!ctx->db.sent) {
		if (!ctx->has_sess && !cb_session_token(req, ctx))
			return (cb_unauthorized(req, ctx));
		cb_dbq_init(&ctx->q, CB_SQL_ACTOR);
		cb_dbq_bin(&ctx->q, ctx->sess, sizeof(ctx->sess));
	}
	CB_AWAIT(req, ctx);
	if (!cb_actor_from_row(ctx, 0))
		return (cb_unauthorized(req, ctx));
	cb_db_reset(&ctx->db);
	req->fsm_state = next;
	return (HTTP_STATE_CONTINUE);
}
