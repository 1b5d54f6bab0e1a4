/*
 * idempotency: reading a create call, and the key it is replayed by:
 * the API's Idempotency-Key header, or a form's one-time form_token, so
 * that a retried call or a double click creates nothing twice. The two
 * are kept apart by their prefix; the store keeps the key per user.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "text/text.h"
#include "web/web.h"

#define TOKEN_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"abcdefghijklmnopqrstuvwxyz0123456789-_"
#define IDEM_CHARS	TOKEN_CHARS ".:"

int
cb_idempotency_key(struct http_request *req, struct cb_ctx *ctx, char *out,
    size_t len)
{
	const struct cb_kv	*kv;
	const char		*hdr;
	struct cb_ferrors	 fe;

	out[0] = '\0';
	if (ctx->api && http_request_header(req, "idempotency-key", &hdr)) {
		if (strlen(hdr) < 1 || strlen(hdr) > 128 ||
		    strspn(hdr, IDEM_CHARS) != strlen(hdr)) {
			memset(&fe, 0, sizeof(fe));
			cb_ferrors_add(&fe, "Idempotency-Key",
			    "err.idempotency_key");
			cb_reply_error(req, CB_BAD_REQUEST,
			    "err.idempotency_key", &fe);
			return (-1);
		}
		(void)snprintf(out, len, "api:%s", hdr);
		return (1);
	}
	if (!ctx->api &&
	    (kv = cb_kv_get(&ctx->kv, "form_token")) != NULL &&
	    strlen(kv->value) == CB_TOKEN_SIZE - 1 &&
	    strspn(kv->value, TOKEN_CHARS) == CB_TOKEN_SIZE - 1) {
		(void)snprintf(out, len, "form:%s", kv->value);
		return (1);
	}
	return (0);
}

int
cb_create_body(struct http_request *req, struct cb_ctx *ctx, char *idem,
    size_t len)
{
	if (ctx->api) {
		if (cb_body_json(req, ctx) == -1)
			return (-1);
	} else {
		if (cb_body_form(req, ctx) == -1)
			return (-1);
		if (!cb_csrf_ok(ctx)) {
			cb_reply_error(req, CB_FORBIDDEN, "err.csrf", NULL);
			return (-1);
		}
	}
	return (cb_idempotency_key(req, ctx, idem, len));
}
