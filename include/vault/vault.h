/*
 * vault: every cryptographic operation of casebook, on libsodium only.
 *
 * Key hierarchy. A 32-byte master key file (root-owned 0400 when run
 * as root, 0600 otherwise) is read once by the parent process, before
 * any worker exists; only purpose subkeys are derived from it with
 * crypto_kdf_derive_from_key (context "casebook"), then it is wiped:
 *   1 KEK version 1 (the first release)   5 idempotency request digest
 *   2 blind indexes                       6 audit chain MAC
 *   3 session token hashes                7 audit checkpoint signing seed
 *   4 CSRF and form tokens                8 root of KEK versions >= 2
 * KEK version v >= 2 is crypto_kdf_derive_from_key(id v, context
 * "cbkekver") of subkey 8, derived when used and wiped after. Workers
 * inherit the derived keys across fork and lock them in memory again.
 *
 * Every record owner (person, case) has a random 32-byte data key,
 * stored wrapped by the KEK of a version; rotating the KEK rewraps data
 * keys only (cb_vault_dk_rewrap), never ciphertexts, blind indexes or
 * sessions. Fields are sealed with the data key: 24-byte nonce ||
 * ciphertext || 16-byte tag, associated data
 * "table|column|record_id|key_version".
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
#define CB_VAULT_MAC_LEN	32
#define CB_VAULT_SIG_LEN	64
#define CB_VAULT_PK_LEN		32
/* The highest KEK version a wrapped key may name. */
#define CB_VAULT_VERSION_MAX	100000

struct cb_vault;

/* keyring.c: reads the master key file (exactly 32 bytes, a regular
 * file, not a symlink, no group or other permission bits) and derives
 * the subkeys; the master key is wiped before this returns. version is
 * the KEK version new data keys are wrapped with. */
int	cb_vault_open(struct cb_vault **, const char *path, uint32_t version);
/* Same from bytes in memory (tests, admin CLI). */
int	cb_vault_open_mem(struct cb_vault **, const unsigned char *key,
	    uint32_t version);
void	cb_vault_close(struct cb_vault *);
/* Locks the keys in memory again: locks are not inherited by fork. */
int	cb_vault_lock(struct cb_vault *);
/* The KEK version new data keys are wrapped with, and the lowest one
 * still accepted (versions below it are retired). */
uint32_t cb_vault_version(const struct cb_vault *);
uint32_t cb_vault_min_version(const struct cb_vault *);
/* -1 when cur < min, min is 0 or cur is above CB_VAULT_VERSION_MAX. */
int	cb_vault_set_versions(struct cb_vault *, uint32_t cur, uint32_t min);

/* draft.c: a form a person typed while their session ended, sealed
 * into the login page and opened after they log in again. The sealed
 * text is base64url (no padding) in a NUL-terminated kore_malloc'ed
 * string; opening checks the seal and the expiry (unix seconds) it
 * was sealed with, and gives the plaintext (kore_malloc'ed). */
char	*cb_vault_draft_seal(struct cb_vault *, const void *, size_t,
	    long long expires);
int	cb_vault_draft_open(struct cb_vault *, const char *, long long now,
	    char **out, size_t *outlen);

/* keyfile.c: creates a new random master key file with mode 0400 if
 * path does not exist; 0 on success or when it already exists. */
int	cb_vault_keyfile_create(const char *path);
/* Reads the master key file (a regular file of exactly the key's size,
 * readable by its owner only) into key, for a backup; -1 otherwise. */
int	cb_vault_keyfile_load(const char *path,
	    unsigned char key[CB_VAULT_KEY_LEN]);

/* aead.c: data keys. A fresh random key, wrapped under the current
 * KEK version and bound to owner_id and that version. */
int	cb_vault_dk_new(struct cb_vault *, const char *owner_id,
	    unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned char wrapped[CB_VAULT_WRAPPED_LEN]);
int	cb_vault_dk_unwrap(struct cb_vault *, const char *owner_id,
	    uint32_t version, const unsigned char *wrapped, size_t wlen,
	    unsigned char dk[CB_VAULT_KEY_LEN]);
/* Unwraps under version from and wraps the same key under version to,
 * with a fresh nonce; the data key never leaves this function. */
int	cb_vault_dk_rewrap(struct cb_vault *, const char *owner_id,
	    uint32_t from, const unsigned char *wrapped, size_t wlen,
	    uint32_t to, unsigned char out[CB_VAULT_WRAPPED_LEN]);

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

/* bidx.c: keyed blind index of the normalised value (cb_norm_text),
 * separated by purpose ("doc", "name_dob", ...). Returns -1 when the
 * value does not normalise (invalid UTF-8, empty after trimming). */
int	cb_vault_bidx(struct cb_vault *, const char *purpose,
	    const char *value, size_t len,
	    unsigned char out[CB_VAULT_BIDX_LEN]);

/* token.c: session tokens are 32 random bytes as base64url (no
 * padding); only their keyed hash is ever stored. */
void	cb_vault_token_new(char out[44]);
int	cb_vault_token_hash(struct cb_vault *, const char *token,
	    unsigned char out[32]);
/* CSRF token bound to a session hash: hex of a keyed MAC. */
void	cb_vault_csrf(struct cb_vault *, const unsigned char sess[32],
	    char out[65]);
int	cb_vault_csrf_check(struct cb_vault *, const unsigned char sess[32],
	    const char *token);
/* Keyed digest of a canonical request (idempotency replays). */
void	cb_vault_mac(struct cb_vault *, const void *, size_t,
	    unsigned char out[32]);
/* Constant-time equality of two equal-length buffers: 1 if equal. */
int	cb_vault_equal(const void *, const void *, size_t);

/* pwhash.c: Argon2id (INTERACTIVE limits); slow: call off the event
 * loop. cb_vault_pw_verify: 0 ok, -1 mismatch; *rehash set when the
 * hash was made with other parameters. */
int	cb_vault_pw_hash(const char *pw, size_t len,
	    char out[CB_VAULT_PWHASH_SIZE]);
int	cb_vault_pw_verify(const char *hash, const char *pw, size_t len,
	    int *rehash);

/* audit.c: the keyed audit chain and its signed checkpoints.
 * mac = BLAKE2b-256 keyed with subkey 6 over prev || data. */
void	cb_vault_audit_mac(struct cb_vault *,
	    const unsigned char prev[CB_VAULT_MAC_LEN], const void *data,
	    size_t len, unsigned char out[CB_VAULT_MAC_LEN]);
/* Ed25519 over msg with the key pair seeded by subkey 7. */
void	cb_vault_sign(struct cb_vault *, const void *msg, size_t len,
	    unsigned char sig[CB_VAULT_SIG_LEN]);
void	cb_vault_sign_pk(struct cb_vault *, unsigned char pk[CB_VAULT_PK_LEN]);
/* 1 when sig is pk's signature of msg. Needs no vault: anyone holding
 * the public key can check a checkpoint. */
int	cb_vault_sign_verify(const unsigned char pk[CB_VAULT_PK_LEN],
	    const void *msg, size_t len,
	    const unsigned char sig[CB_VAULT_SIG_LEN]);

#endif
