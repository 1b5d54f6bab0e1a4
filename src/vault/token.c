/*
 * token: session tokens and what is bound to them (CSRF tokens), the
 * keyed digest of an idempotent request, and constant-time equality.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include "vault/vault.h"
#include "keys.h"

#define TOKEN_BYTES	32
#define TOKEN_LEN	43
#define CSRF_LEN	(crypto_auth_BYTES * 2)

#if crypto_auth_KEYBYTES != CB_VAULT_KEY_LEN || crypto_auth_BYTES != 32
#error "crypto_auth sizes changed"
#endif

static int	b64url_char(char);

void
cb_vault_token_new(char out[44])
{
	unsigned char	b[TOKEN_BYTES];

	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(out, TOKEN_LEN + 1, b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof(b));
}

int
cb_vault_token_hash(struct cb_vault *v, const char *token,
    unsigned char out[32])
{
	unsigned char	 b[TOKEN_BYTES];
	const char	*end;
	size_t		 blen, i;
	int		 ret;

	ret = -1;

	if (out == NULL)
		return (-1);
	sodium_memzero(out, 32);
	if (v == NULL || token == NULL || strnlen(token, TOKEN_LEN + 1) !=
	    TOKEN_LEN)
		return (-1);

	/* libsodium 1.0.18's decoder takes bytes >= 0x80 as letters. */
	for (i = 0; i < TOKEN_LEN; i++) {
		if (!b64url_char(token[i]))
			return (-1);
	}

	/*
	 * Decoding refuses a non-canonical final character, so each
	 * token has exactly one spelling.
	 */
	if (sodium_base642bin(b, sizeof(b), token, TOKEN_LEN, NULL, &blen,
	    &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen != TOKEN_BYTES || end != token + TOKEN_LEN)
		goto cleanup;

	if (crypto_generichash(out, 32, (const unsigned char *)token,
	    TOKEN_LEN, v->k->session, sizeof(v->k->session)) != 0) {
		sodium_memzero(out, 32);
		goto cleanup;
	}

	ret = 0;

cleanup:
	sodium_memzero(b, sizeof(b));

	return (ret);
}

void
cb_vault_csrf(struct cb_vault *v, const unsigned char sess[32],
    char out[65])
{
	unsigned char	mac[crypto_auth_BYTES];

	if (out == NULL)
		return;
	out[0] = '\0';
	if (v == NULL || sess == NULL)
		return;

	crypto_auth(mac, sess, 32, v->k->csrf);
	sodium_bin2hex(out, CSRF_LEN + 1, mac, sizeof(mac));
	sodium_memzero(mac, sizeof(mac));
}

int
cb_vault_csrf_check(struct cb_vault *v, const unsigned char sess[32],
    const char *token)
{
	char	want[CSRF_LEN + 1];
	int	ok;

	if (v == NULL || sess == NULL || token == NULL)
		return (0);
	if (strnlen(token, CSRF_LEN + 1) != CSRF_LEN)
		return (0);

	cb_vault_csrf(v, sess, want);
	ok = sodium_memcmp(want, token, CSRF_LEN) == 0;
	sodium_memzero(want, sizeof(want));

	return (ok);
}

/*
 * A keyed digest of a request, to tell a replayed Idempotency-Key from
 * a reused one without storing anything a dictionary could reverse;
 * its own subkey, so it shares nothing with the CSRF construction.
 */
void
cb_vault_mac(struct cb_vault *v, const void *data, size_t len,
    unsigned char out[32])
{
	crypto_generichash_state	st;

	crypto_generichash_init(&st, v->k->idempotency,
	    sizeof(v->k->idempotency), 32);
	crypto_generichash_update(&st, (const unsigned char *)"request", 8);
	crypto_generichash_update(&st, data, len);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
}

int
cb_vault_equal(const void *a, const void *b, size_t len)
{
	return (sodium_memcmp(a, b, len) == 0);
}

static int
b64url_char(char c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_');
}
