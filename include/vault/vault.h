/*
 * vault: every cryptographic operation of casebook, on libsodium only.
 *
 * Key hierarchy: a 32-byte master key file (mode 0600) is read once,
 * locked in memory, and only used to derive purpose subkeys with
 * crypto_kdf_derive_from_key (context "casebook"):
 *   1 field-encryption KEK, 2 blind index, 3 session token MAC,
 *   4 CSRF/form-token MAC.
 * The master key itself is wiped right after derivation.
 * Every record owner (person, case) has a random 32-byte data key,
 * stored wrapped by the KEK; fields are sealed with the data key.
 * Sealed layout: 24-byte nonce || ciphertext || 16-byte tag, with
 * associated data "table|column|record_id|key_version".
 */
#ifndef CB_VAULT_H
#define CB_VAULT_H

#include <stddef.h>
#include <stdint.h>

#define CB_VAULT_KEY_LEN	32
#define CB_VAULT_BIDX_LEN	32
#define CB_VAULT_NONCE_LEN	24
#define CB_VAULT_TAG_LEN	16
#define CB_VAULT_OVERHEAD	(CB_VAULT_NONCE_LEN + CB_VAULT_TAG_LEN)
#define CB_VAULT_WRAPPED_LEN	(CB_VAULT_KEY_LEN + CB_VAULT_OVERHEAD)
/* crypto_pwhash_STRBYTES */
#define CB_VAULT_PWHASH_SIZE	128

struct cb_vault;

/* Reads the master key file (must be exactly 32 bytes, mode 0600 or
 * stricter, not a symlink) and derives the subkeys. */
int	cb_vault_open(struct cb_vault **, const char *path, uint32_t version);
/* Same from bytes in memory (tests, admin CLI). */
int	cb_vault_open_mem(struct cb_vault **, const unsigned char *key,
	    uint32_t version);
void	cb_vault_close(struct cb_vault *);
uint32_t cb_vault_version(const struct cb_vault *);
/* Creates a new random master key file with mode 0600 if path does
 * not exist; 0 on success or when it already exists, -1 on error. */
int	cb_vault_keyfile_create(const char *path);

/* Data keys: a fresh random key, and its wrapped form bound to
 * owner_id and the vault's key version. */
int	cb_vault_dk_new(struct cb_vault *, const char *owner_id,
	    unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned char wrapped[CB_VAULT_WRAPPED_LEN]);
int	cb_vault_dk_unwrap(struct cb_vault *, const char *owner_id,
	    uint32_t version, const unsigned char *wrapped, size_t wlen,
	    unsigned char dk[CB_VAULT_KEY_LEN]);

/* Field sealing; out must hold ptlen + CB_VAULT_OVERHEAD bytes.
 * cb_vault_unseal writes clen - CB_VAULT_OVERHEAD bytes plus a NUL
 * into out (so out must hold clen - CB_VAULT_OVERHEAD + 1). */
int	cb_vault_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    const char *table, const char *column, const char *record_id,
	    uint32_t version, const void *pt, size_t ptlen,
	    unsigned char *out);
int	cb_vault_unseal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    const char *table, const char *column, const char *record_id,
	    uint32_t version, const unsigned char *ct, size_t clen,
	    char *out, size_t *outlen);

/* Keyed blind index of the normalised value (cb_norm_text), separated
 * by purpose ("doc", "name_dob", ...). Returns -1 when the value does
 * not normalise (invalid UTF-8, empty after trimming). */
int	cb_vault_bidx(struct cb_vault *, const char *purpose,
	    const char *value, size_t len,
	    unsigned char out[CB_VAULT_BIDX_LEN]);

/* Session tokens: 32 random bytes as base64url (no padding); only
 * the keyed hash is ever stored. */
void	cb_vault_token_new(char out[44]);
int	cb_vault_token_hash(struct cb_vault *, const char *token,
	    unsigned char out[32]);
/* CSRF token bound to a session hash: hex of a keyed MAC. */
void	cb_vault_csrf(struct cb_vault *, const unsigned char sess[32],
	    char out[65]);
int	cb_vault_csrf_check(struct cb_vault *, const unsigned char sess[32],
	    const char *token);

/* Argon2id (INTERACTIVE limits); slow: call off the event loop. */
int	cb_vault_pw_hash(const char *pw, size_t len,
	    char out[CB_VAULT_PWHASH_SIZE]);
/* 0 ok, -1 mismatch; *rehash set when the parameters changed. */
int	cb_vault_pw_verify(const char *hash, const char *pw, size_t len,
	    int *rehash);

/* Keyed digest of a canonical request (idempotency replays). */
void	cb_vault_mac(struct cb_vault *, const void *, size_t,
	    unsigned char out[32]);

/* Constant-time equality of two equal-length buffers: 1 if equal. */
int	cb_vault_equal(const void *, const void *, size_t);

#endif
