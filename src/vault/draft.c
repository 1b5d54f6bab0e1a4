/*
 * draft: sealing a form that could not be saved because the session had
 * ended, so that the login page can carry it and the person send it
 * again after logging in. Its own subkey; the expiry is part of the
 * sealed text and of the associated data, so an old draft does not
 * come back.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "keys.h"
#include "vault/vault.h"

#define NONCE		crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES		crypto_aead_xchacha20poly1305_ietf_ABYTES
/* A draft is at most a form body. */
#define DRAFT_MAX	(64 * 1024)

char *
cb_vault_draft_seal(struct cb_vault *v, const void *pt, size_t len,
    long long expires)
{
	unsigned char	*buf;
	char		*out;
	size_t		 blen, olen;
	int64_t		 exp;

	if (v == NULL || pt == NULL || len > DRAFT_MAX)
		return (NULL);
	/* expires (8 bytes, big-endian) || nonce || ciphertext */
	blen = 8 + NONCE + len + ABYTES;
	buf = kore_malloc(blen);
	exp = expires;
	for (olen = 0; olen < 8; olen++)
		buf[olen] = (unsigned char)(exp >> (56 - 8 * olen));
	randombytes_buf(buf + 8, NONCE);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(buf + 8 + NONCE, NULL,
	    pt, len, buf, 8, NULL, buf + 8, v->k->draft) != 0) {
		kore_free(buf);
		return (NULL);
	}
	olen = sodium_base64_ENCODED_LEN(blen,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = kore_malloc(olen);
	sodium_bin2base64(out, olen, buf, blen,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	kore_free(buf);
	return (out);
}

int
cb_vault_draft_open(struct cb_vault *v, const char *sealed, long long now,
    char **out, size_t *outlen)
{
	unsigned char	*buf;
	char		*pt;
	size_t		 slen, blen, i;
	int64_t		 exp;
	unsigned long long mlen;
	int		 ret;

	*out = NULL;
	*outlen = 0;
	if (v == NULL || sealed == NULL)
		return (-1);
	slen = strlen(sealed);
	if (slen == 0 || slen > DRAFT_MAX * 2)
		return (-1);
	buf = kore_malloc(slen);
	pt = NULL;
	ret = -1;
	if (sodium_base642bin(buf, slen, sealed, slen, NULL, &blen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen < 8 + NONCE + ABYTES)
		goto cleanup;
	for (i = 0, exp = 0; i < 8; i++)
		exp = (exp << 8) | buf[i];
	if (exp < now)
		goto cleanup;
	pt = kore_malloc(blen - 8 - NONCE - ABYTES + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)pt,
	    &mlen, NULL, buf + 8 + NONCE, blen - 8 - NONCE, buf, 8,
	    buf + 8, v->k->draft) != 0)
		goto cleanup;
	pt[mlen] = '\0';
	*out = pt;
	*outlen = (size_t)mlen;
	pt = NULL;
	ret = 0;

cleanup:
	kore_free(pt);
	sodium_memzero(buf, slen);
	kore_free(buf);
	return (ret);
}
