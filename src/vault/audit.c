/*
 * audit: the two keys that make the audit log hold against whoever
 * owns the database. The chain MAC needs a key the database never sees,
 * so recomputing "plain" hashes after an edit is not enough; the head
 * is signed into checkpoints kept outside the database, so even
 * rewriting the whole chain with the MAC key is caught against them.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include "vault/vault.h"
#include "keys.h"

void
cb_vault_audit_mac(struct cb_vault *v, const unsigned char prev[32],
    const void *data, size_t len, unsigned char out[32])
{
	crypto_generichash_state	st;

	crypto_generichash_init(&st, v->k->audit_mac,
	    sizeof(v->k->audit_mac), CB_VAULT_MAC_LEN);
	crypto_generichash_update(&st, prev, CB_VAULT_MAC_LEN);
	crypto_generichash_update(&st, data, len);
	crypto_generichash_final(&st, out, CB_VAULT_MAC_LEN);
	sodium_memzero(&st, sizeof(st));
}

void
cb_vault_sign(struct cb_vault *v, const void *msg, size_t len,
    unsigned char sig[CB_VAULT_SIG_LEN])
{
	(void)crypto_sign_detached(sig, NULL, msg, len, v->k->sign_sk);
}

void
cb_vault_sign_pk(struct cb_vault *v, unsigned char pk[CB_VAULT_PK_LEN])
{
	memcpy(pk, v->k->sign_pk, CB_VAULT_PK_LEN);
}

int
cb_vault_sign_verify(const unsigned char pk[CB_VAULT_PK_LEN],
    const void *msg, size_t len, const unsigned char sig[CB_VAULT_SIG_LEN])
{
	return (crypto_sign_verify_detached(sig, msg, len, pk) == 0);
}
