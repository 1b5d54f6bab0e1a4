/*
 * pwhash: Argon2id password hashes at libsodium's INTERACTIVE limits
 * (about 75 ms of one core here: callers run it off the event loop).
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include "vault/vault.h"

#if CB_VAULT_PWHASH_SIZE != crypto_pwhash_STRBYTES
#error "CB_VAULT_PWHASH_SIZE does not match crypto_pwhash_STRBYTES"
#endif

int
cb_vault_pw_hash(const char *pw, size_t len, char out[CB_VAULT_PWHASH_SIZE])
{
	if (pw == NULL || out == NULL)
		return (-1);
	if (crypto_pwhash_str_alg(out, pw, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(out, CB_VAULT_PWHASH_SIZE);
		return (-1);
	}

	return (0);
}

int
cb_vault_pw_verify(const char *hash, const char *pw, size_t len,
    int *rehash)
{
	if (rehash != NULL)
		*rehash = 0;
	if (hash == NULL || pw == NULL)
		return (-1);
	/* Stored hashes come from the database: insist on a terminator. */
	if (strnlen(hash, CB_VAULT_PWHASH_SIZE) == CB_VAULT_PWHASH_SIZE)
		return (-1);

	if (crypto_pwhash_str_verify(hash, pw, len) != 0)
		return (-1);

	if (rehash != NULL && crypto_pwhash_str_needs_rehash(hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		*rehash = 1;

	return (0);
}
