/*
 * keyring: opens the vault from the master key and holds the derived
 * purpose subkeys (see vault.h for the ids). The master key is only on
 * the stack of cb_vault_open_mem long enough to derive from, and wiped;
 * KEKs of versions >= 2 are derived from their root when used.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "vault/vault.h"
#include "keys.h"

#if CB_VAULT_KEY_LEN != crypto_kdf_KEYBYTES || \
    CB_VAULT_KEY_LEN != crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#error "CB_VAULT_KEY_LEN does not match libsodium"
#endif
#if CB_VAULT_SIG_LEN != crypto_sign_BYTES || \
    CB_VAULT_PK_LEN != crypto_sign_PUBLICKEYBYTES || \
    CB_VAULT_KEY_LEN != crypto_sign_SEEDBYTES
#error "Ed25519 sizes do not match libsodium"
#endif

static int	derive(unsigned char *, enum cb_kdf_id, const unsigned char *);

static int
derive(unsigned char *out, enum cb_kdf_id id, const unsigned char *master)
{
	return (crypto_kdf_derive_from_key(out, CB_VAULT_KEY_LEN, id,
	    CB_KDF_CONTEXT, master));
}

int
cb_vault_open(struct cb_vault **vp, const char *path, uint32_t version)
{
	unsigned char	*key;
	int		 ret;

	ret = -1;
	key = NULL;

	if (vp == NULL)
		return (-1);
	*vp = NULL;
	if (path == NULL || sodium_init() < 0)
		goto cleanup;
	if ((key = sodium_malloc(CB_VAULT_KEY_LEN)) == NULL)
		goto cleanup;
	if (cb_vault_keyfile_read(path, key) == -1)
		goto cleanup;
	ret = cb_vault_open_mem(vp, key, version);

cleanup:
	if (key != NULL) {
		sodium_memzero(key, CB_VAULT_KEY_LEN);
		sodium_free(key);
	}
	return (ret);
}

int
cb_vault_open_mem(struct cb_vault **vp, const unsigned char *key,
    uint32_t version)
{
	struct cb_vault		*v;
	unsigned char		 seed[CB_VAULT_KEY_LEN];
	int			 ret;

	v = NULL;
	ret = -1;

	if (vp == NULL)
		return (-1);
	*vp = NULL;
	if (key == NULL || sodium_init() < 0)
		goto cleanup;
	if (version == 0 || version > CB_VAULT_VERSION_MAX)
		goto cleanup;

	v = kore_calloc(1, sizeof(*v));
	if ((v->k = sodium_malloc(sizeof(*v->k))) == NULL)
		goto cleanup;
	if (derive(v->k->kek_v1, CB_KDF_KEK_V1, key) != 0 ||
	    derive(v->k->kek_root, CB_KDF_KEK_ROOT, key) != 0 ||
	    derive(v->k->bidx, CB_KDF_BIDX, key) != 0 ||
	    derive(v->k->session, CB_KDF_SESSION, key) != 0 ||
	    derive(v->k->csrf, CB_KDF_CSRF, key) != 0 ||
	    derive(v->k->idempotency, CB_KDF_IDEMPOTENCY, key) != 0 ||
	    derive(v->k->audit_mac, CB_KDF_AUDIT_MAC, key) != 0 ||
	    derive(v->k->draft, CB_KDF_DRAFT, key) != 0 ||
	    derive(seed, CB_KDF_AUDIT_SIGN, key) != 0 ||
	    crypto_sign_seed_keypair(v->k->sign_pk, v->k->sign_sk, seed) != 0)
		goto cleanup;
	v->version = version;
	v->min_version = 1;

	/* A stray write through a bad pointer then faults instead of
	 * silently changing a key. */
	if (sodium_mprotect_readonly(v->k) != 0)
		goto cleanup;

	*vp = v;
	v = NULL;
	ret = 0;

cleanup:
	sodium_memzero(seed, sizeof(seed));
	cb_vault_close(v);
	return (ret);
}

void
cb_vault_close(struct cb_vault *v)
{
	if (v == NULL)
		return;
	if (v->k != NULL) {
		(void)sodium_mprotect_readwrite(v->k);
		sodium_memzero(v->k, sizeof(*v->k));
		sodium_free(v->k);
	}
	sodium_memzero(v, sizeof(*v));
	kore_free(v);
}

int
cb_vault_lock(struct cb_vault *v)
{
	if (v == NULL || v->k == NULL)
		return (-1);
	return (sodium_mlock(v->k, sizeof(*v->k)) == 0 ? 0 : -1);
}

uint32_t
cb_vault_version(const struct cb_vault *v)
{
	return (v == NULL ? 0 : v->version);
}

uint32_t
cb_vault_min_version(const struct cb_vault *v)
{
	return (v == NULL ? 0 : v->min_version);
}

int
cb_vault_set_versions(struct cb_vault *v, uint32_t cur, uint32_t min)
{
	if (v == NULL || min == 0 || cur < min || cur > CB_VAULT_VERSION_MAX)
		return (-1);
	v->version = cur;
	v->min_version = min;
	return (0);
}

int
cb_vault_kek(const struct cb_vault *v, uint32_t version,
    unsigned char out[CB_VAULT_KEY_LEN])
{
	if (v == NULL || version < v->min_version || version == 0 ||
	    version > CB_VAULT_VERSION_MAX)
		return (-1);
	if (version == 1) {
		memcpy(out, v->k->kek_v1, CB_VAULT_KEY_LEN);
		return (0);
	}
	if (crypto_kdf_derive_from_key(out, CB_VAULT_KEY_LEN, version,
	    CB_KDF_KEK_CONTEXT, v->k->kek_root) != 0) {
		sodium_memzero(out, CB_VAULT_KEY_LEN);
		return (-1);
	}
	return (0);
}
