/*
 * aead: XChaCha20-Poly1305 for data keys (wrapped by a KEK version)
 * and for fields (sealed with a data key). Associated data binds every
 * ciphertext to where it belongs, so one copied to another row, column,
 * owner or key version does not open.
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "vault/vault.h"
#include "keys.h"

/* Associated data is built on the stack; longer input is a bug. */
#define AD_MAX		256

#if CB_VAULT_NONCE_LEN != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || \
    CB_VAULT_TAG_LEN != crypto_aead_xchacha20poly1305_ietf_ABYTES
#error "CB_VAULT_NONCE_LEN or CB_VAULT_TAG_LEN does not match libsodium"
#endif

static int	ad_part_ok(const char *);
static int	field_ad(char *, size_t, const char *, const char *,
		    const char *, uint32_t);
static int	wrap_ad(char *, size_t, const char *, uint32_t);
static int	wrap(struct cb_vault *, const char *, uint32_t,
		    const unsigned char[CB_VAULT_KEY_LEN],
		    unsigned char[CB_VAULT_WRAPPED_LEN]);

int
cb_vault_dk_new(struct cb_vault *v, const char *owner_id,
    unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned char wrapped[CB_VAULT_WRAPPED_LEN])
{
	int	ret;

	if (v == NULL || dk == NULL || wrapped == NULL)
		return (-1);
	randombytes_buf(dk, CB_VAULT_KEY_LEN);
	ret = wrap(v, owner_id, v->version, dk, wrapped);
	if (ret == -1)
		sodium_memzero(dk, CB_VAULT_KEY_LEN);
	return (ret);
}

int
cb_vault_dk_rewrap(struct cb_vault *v, const char *owner_id, uint32_t from,
    const unsigned char *wrapped, size_t wlen, uint32_t to,
    unsigned char out[CB_VAULT_WRAPPED_LEN])
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	int		ret;

	ret = -1;
	if (out == NULL)
		return (-1);
	if (cb_vault_dk_unwrap(v, owner_id, from, wrapped, wlen, dk) == -1)
		goto cleanup;
	ret = wrap(v, owner_id, to, dk, out);

cleanup:
	sodium_memzero(dk, sizeof(dk));
	return (ret);
}

/* Wraps dk under the KEK of version, bound to owner and version. */
static int
wrap(struct cb_vault *v, const char *owner_id, uint32_t version,
    const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned char wrapped[CB_VAULT_WRAPPED_LEN])
{
	unsigned long long	clen;
	unsigned char		kek[CB_VAULT_KEY_LEN];
	char			ad[AD_MAX];
	int			adlen, ret;

	ret = -1;
	if ((adlen = wrap_ad(ad, sizeof(ad), owner_id, version)) == -1)
		goto cleanup;
	if (cb_vault_kek(v, version, kek) == -1)
		goto cleanup;
	randombytes_buf(wrapped, CB_VAULT_NONCE_LEN);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(
	    wrapped + CB_VAULT_NONCE_LEN, &clen, dk, CB_VAULT_KEY_LEN,
	    (const unsigned char *)ad, (unsigned long long)adlen, NULL,
	    wrapped, kek) != 0 ||
	    clen != CB_VAULT_KEY_LEN + CB_VAULT_TAG_LEN)
		goto cleanup;
	ret = 0;

cleanup:
	sodium_memzero(kek, sizeof(kek));
	if (ret == -1)
		sodium_memzero(wrapped, CB_VAULT_WRAPPED_LEN);
	return (ret);
}

int
cb_vault_dk_unwrap(struct cb_vault *v, const char *owner_id,
    uint32_t version, const unsigned char *wrapped, size_t wlen,
    unsigned char dk[CB_VAULT_KEY_LEN])
{
	unsigned long long	mlen;
	unsigned char		kek[CB_VAULT_KEY_LEN];
	char			ad[AD_MAX];
	int			adlen, ret;

	ret = -1;

	if (dk == NULL)
		return (-1);
	if (v == NULL || wrapped == NULL || wlen != CB_VAULT_WRAPPED_LEN)
		goto cleanup;
	if ((adlen = wrap_ad(ad, sizeof(ad), owner_id, version)) == -1)
		goto cleanup;
	if (cb_vault_kek(v, version, kek) == -1)
		goto cleanup;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt(dk, &mlen, NULL,
	    wrapped + CB_VAULT_NONCE_LEN, wlen - CB_VAULT_NONCE_LEN,
	    (const unsigned char *)ad, (unsigned long long)adlen,
	    wrapped, kek) != 0 || mlen != CB_VAULT_KEY_LEN)
		goto cleanup;

	ret = 0;

cleanup:
	sodium_memzero(kek, sizeof(kek));
	if (ret == -1)
		sodium_memzero(dk, CB_VAULT_KEY_LEN);

	return (ret);
}

int
cb_vault_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
    const char *table, const char *column, const char *record_id,
    uint32_t version, const void *pt, size_t ptlen,
    unsigned char *out)
{
	static const unsigned char	 empty[1];
	unsigned long long		 clen;
	char				 ad[AD_MAX];
	int				 adlen;

	if (dk == NULL || out == NULL || (pt == NULL && ptlen != 0))
		return (-1);
	if (ptlen > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX ||
	    ptlen > SIZE_MAX - CB_VAULT_OVERHEAD)
		return (-1);
	adlen = field_ad(ad, sizeof(ad), table, column, record_id, version);
	if (adlen == -1)
		return (-1);
	if (pt == NULL)
		pt = empty;

	randombytes_buf(out, CB_VAULT_NONCE_LEN);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + CB_VAULT_NONCE_LEN,
	    &clen, pt, ptlen, (const unsigned char *)ad,
	    (unsigned long long)adlen, NULL, out, dk) != 0) {
		sodium_memzero(out, ptlen + CB_VAULT_OVERHEAD);
		return (-1);
	}

	return (0);
}

int
cb_vault_unseal(const unsigned char dk[CB_VAULT_KEY_LEN],
    const char *table, const char *column, const char *record_id,
    uint32_t version, const unsigned char *ct, size_t clen,
    char *out, size_t *outlen)
{
	unsigned long long	mlen;
	char			ad[AD_MAX];
	int			adlen, ret;

	ret = -1;

	if (outlen != NULL)
		*outlen = 0;
	/* Too short to hold a tag: out's size is unknown, leave it be. */
	if (dk == NULL || ct == NULL || out == NULL ||
	    clen < CB_VAULT_OVERHEAD)
		return (-1);

	adlen = field_ad(ad, sizeof(ad), table, column, record_id, version);
	if (adlen == -1)
		goto cleanup;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out,
	    &mlen, NULL, ct + CB_VAULT_NONCE_LEN, clen - CB_VAULT_NONCE_LEN,
	    (const unsigned char *)ad, (unsigned long long)adlen, ct, dk) != 0)
		goto cleanup;

	out[mlen] = '\0';
	if (outlen != NULL)
		*outlen = (size_t)mlen;
	ret = 0;

cleanup:
	if (ret == -1)
		sodium_memzero(out, clen - CB_VAULT_OVERHEAD + 1);

	return (ret);
}

static int
ad_part_ok(const char *s)
{
	return (s != NULL && s[0] != '\0' && strchr(s, '|') == NULL);
}

static int
field_ad(char *buf, size_t size, const char *table, const char *column,
    const char *record_id, uint32_t version)
{
	int	len;

	if (!ad_part_ok(table) || !ad_part_ok(column) ||
	    !ad_part_ok(record_id))
		return (-1);

	len = snprintf(buf, size, "%s|%s|%s|%" PRIu32, table, column,
	    record_id, version);
	if (len < 0 || (size_t)len >= size)
		return (-1);

	return (len);
}

static int
wrap_ad(char *buf, size_t size, const char *owner_id, uint32_t version)
{
	int	len;

	if (!ad_part_ok(owner_id))
		return (-1);

	len = snprintf(buf, size, "data_key|%s|%" PRIu32, owner_id, version);
	if (len < 0 || (size_t)len >= size)
		return (-1);

	return (len);
}
