/*
 * keys: the vault's private layout, shared by the files of src/vault
 * and nothing else. The secret half lives in sodium_malloc'ed memory
 * (guard pages, locked, read-only once derived); the versions beside it
 * are not secret and change at run time.
 */
#ifndef CB_VAULT_KEYS_H
#define CB_VAULT_KEYS_H

#include <stdint.h>

#include <sodium.h>

#include "vault/vault.h"

#define CB_KDF_CONTEXT		"casebook"
#define CB_KDF_KEK_CONTEXT	"cbkekver"

/* One id per purpose; ids are forever: changing one orphans data. */
enum cb_kdf_id {
	CB_KDF_KEK_V1 = 1,
	CB_KDF_BIDX = 2,
	CB_KDF_SESSION = 3,
	CB_KDF_CSRF = 4,
	CB_KDF_IDEMPOTENCY = 5,
	CB_KDF_AUDIT_MAC = 6,
	CB_KDF_AUDIT_SIGN = 7,
	CB_KDF_KEK_ROOT = 8,
	CB_KDF_DRAFT = 9
};

struct cb_vault_keys {
	unsigned char	kek_v1[CB_VAULT_KEY_LEN];
	unsigned char	kek_root[CB_VAULT_KEY_LEN];
	unsigned char	bidx[CB_VAULT_KEY_LEN];
	unsigned char	session[CB_VAULT_KEY_LEN];
	unsigned char	csrf[CB_VAULT_KEY_LEN];
	unsigned char	idempotency[CB_VAULT_KEY_LEN];
	unsigned char	audit_mac[CB_VAULT_KEY_LEN];
	unsigned char	draft[CB_VAULT_KEY_LEN];
	unsigned char	sign_sk[crypto_sign_SECRETKEYBYTES];
	unsigned char	sign_pk[crypto_sign_PUBLICKEYBYTES];
};

struct cb_vault {
	struct cb_vault_keys	*k;
	uint32_t		 version;
	uint32_t		 min_version;
};

/* The KEK of a version into out (wipe it after use); -1 for a version
 * that is retired, zero or out of range. */
int	cb_vault_kek(const struct cb_vault *, uint32_t version,
	    unsigned char out[CB_VAULT_KEY_LEN]);
/* Reads exactly CB_VAULT_KEY_LEN bytes of the key file into key. */
int	cb_vault_keyfile_read(const char *path, unsigned char *key);

#endif
