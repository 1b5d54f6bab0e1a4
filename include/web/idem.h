/*
 * web/idem: double submits. A create call may carry an Idempotency-Key
 * header (API) or a form's one-time token (pages); the store keeps the
 * key with a keyed digest of the validated request, so the same key
 * with the same request answers with the first result, and with
 * another request is refused.
 */
#ifndef CB_WEB_IDEM_H
#define CB_WEB_IDEM_H

#include <stddef.h>

#include "core/casebook.h"
#include "web/web.h"

/* "api:<Idempotency-Key>" or "form:<form_token>" */
#define CB_IDEM_KEY_SIZE	160

/* The request's key into out: 1 when it has one, 0 when not, -1 after
 * answering 400 for a malformed Idempotency-Key header. */
int	cb_idem_key(struct http_request *, struct cb_ctx *,
	    char out[CB_IDEM_KEY_SIZE]);
/* The body of a create call in the request's face (JSON, or a form
 * post with its CSRF token checked) and its key as cb_idem_key: 1 or 0
 * whether there is a key, -1 after answering. */
int	cb_create_body(struct http_request *, struct cb_ctx *,
	    char idem[CB_IDEM_KEY_SIZE]);
/* Keyed digest of scope (what the request is about, e.g. the case id;
 * may be "") and every field of the validated values. */
void	cb_idem_digest(const char *scope, const struct cb_values *,
	    unsigned char out[CB_HASH_LEN]);

#endif
