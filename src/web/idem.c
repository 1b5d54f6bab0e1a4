/*
 * idem: the key and the request digest of a create call that must not
 * be done twice (web/idem.h).
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/idem.h"
#include "web/web.h"

#define IDEM_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789-_.:"
#define TOKEN_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789-_"

int
cb_idem_key(struct http_request *req, struct cb_ctx *ctx,
    char out[CB_IDEM_KEY_SIZE])
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
		(void)snprintf(out, CB_IDEM_KEY_SIZE, "api:%s", hdr);
		return (1);
	}
	if (!ctx->api && (kv = cb_kv_get(&ctx->kv, "form_token")) != NULL &&
	    strlen(kv->value) == CB_TOKEN_SIZE - 1 &&
	    strspn(kv->value, TOKEN_CHARS) == CB_TOKEN_SIZE - 1) {
		(void)snprintf(out, CB_IDEM_KEY_SIZE, "form:%s", kv->value);
		return (1);
	}
	return (0);
}

int
cb_create_body(struct http_request *req, struct cb_ctx *ctx,
    char idem[CB_IDEM_KEY_SIZE])
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
	return (cb_idem_key(req, ctx, idem));
}

void
cb_idem_digest(const char *scope, const struct cb_values *vals,
    unsigned char out[CB_HASH_LEN])
{
	const struct cb_form	*form;
	struct kore_buf		*buf;
	size_t			 i;

	form = vals->form;
	buf = kore_buf_alloc(512);
	kore_buf_append(buf, scope, strlen(scope));
	for (i = 0; form != NULL && i < form->nfields; i++) {
		kore_buf_appendf(buf, "%s=", form->fields[i].name);
		if (vals->v[i] != NULL)
			kore_buf_append(buf, vals->v[i], vals->len[i]);
		kore_buf_append(buf, "\n", 1);
	}
	cb_vault_mac(cb_app.vault, buf->data, buf->offset, out);
	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
}
