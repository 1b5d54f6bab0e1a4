/*
 * bidx: blind indexes, a keyed BLAKE2b of the normalised value, so that
 * an encrypted identifier can be found by exact match and a leaked
 * index table matches nothing without the key.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "text/text.h"
#include "vault/vault.h"
#include "keys.h"

int
cb_vault_bidx(struct cb_vault *v, const char *purpose,
    const char *value, size_t len,
    unsigned char out[CB_VAULT_BIDX_LEN])
{
	crypto_generichash_state	 st;
	char				*norm;
	size_t				 nlen;
	int				 ret;

	norm = NULL;
	nlen = 0;
	ret = -1;

	if (out == NULL)
		return (-1);
	sodium_memzero(out, CB_VAULT_BIDX_LEN);
	if (v == NULL || purpose == NULL || purpose[0] == '\0' ||
	    value == NULL)
		return (-1);

	if ((norm = cb_norm_text(value, len, &nlen)) == NULL)
		return (-1);

	/* The purpose's NUL keeps "doc" + "x" apart from "docx" + "". */
	if (crypto_generichash_init(&st, v->k->bidx, sizeof(v->k->bidx),
	    CB_VAULT_BIDX_LEN) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)norm,
	    nlen) != 0 ||
	    crypto_generichash_final(&st, out, CB_VAULT_BIDX_LEN) != 0) {
		sodium_memzero(out, CB_VAULT_BIDX_LEN);
		goto cleanup;
	}

	ret = 0;

cleanup:
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(norm, nlen);
	kore_free(norm);

	return (ret);
}
