/*
 * pwhash: prints an Argon2id hash of the first line of standard input
 * made with the lowest limits libsodium accepts, so that the end-to-end
 * suite can plant a hash with parameters older than the server's and
 * check that the next login upgrades it. A test tool, never shipped.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

int
main(void)
{
	char	pw[512], out[crypto_pwhash_STRBYTES];
	size_t	len;

	if (sodium_init() < 0 || fgets(pw, sizeof(pw), stdin) == NULL)
		return (1);
	len = strcspn(pw, "\r\n");
	if (crypto_pwhash_str_alg(out, pw, len, crypto_pwhash_OPSLIMIT_MIN,
	    crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return (1);
	sodium_memzero(pw, sizeof(pw));
	printf("%s\n", out);
	return (0);
}
