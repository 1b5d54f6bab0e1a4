/*
 * The Kore functions the pure code and Kore's buf.c call, on plain
 * malloc for the fuzz targets. Unlike src/admin/kore_compat.c a fatal
 * error aborts, so libFuzzer reports it as a crash with a stack trace
 * and keeps the input, and logging is silent so it cannot flood the
 * fuzzer's output.
 */
#include <sys/types.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

#include "vault/vault.h"

static void	vdie(const char *, va_list) __attribute__((noreturn));

/* Kore's allocators never return NULL: the callers rely on it. */
void *
kore_malloc(size_t len)
{
	void	*p;

	if ((p = malloc(len == 0 ? 1 : len)) == NULL)
		fatal("kore_malloc: out of memory");
	return (p);
}

void *
kore_calloc(size_t n, size_t len)
{
	void	*p;

	if (n != 0 && len > SIZE_MAX / n)
		fatal("kore_calloc: overflow");
	if ((p = calloc(n == 0 ? 1 : n, len == 0 ? 1 : len)) == NULL)
		fatal("kore_calloc: out of memory");
	return (p);
}

void *
kore_realloc(void *ptr, size_t len)
{
	void	*p;

	if ((p = realloc(ptr, len == 0 ? 1 : len)) == NULL)
		fatal("kore_realloc: out of memory");
	return (p);
}

void
kore_free(void *p)
{
	free(p);
}

char *
kore_strdup(const char *s)
{
	size_t	 len;
	char	*p;

	len = strlen(s) + 1;
	p = kore_malloc(len);
	memcpy(p, s, len);
	return (p);
}

void *
kore_mem_find(void *src, size_t slen, const void *needle, size_t len)
{
	return (memmem(src, slen, needle, len));
}

void
kore_log(int prio, const char *fmt, ...)
{
	(void)prio;
	(void)fmt;
}

void
fatal(const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	vdie(fmt, ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	vdie(fmt, ap);
}

static void
vdie(const char *fmt, va_list ap)
{
	fprintf(stderr, "fuzz: fatal: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	abort();
}

/*
 * The field tables' picklists link domain/assistance.o in (the facts
 * name its currencies), and with it the sealing of a note, which no
 * target reaches: the vault stays out, and a call would be a crash.
 */
int
cb_vault_seal(const unsigned char dk[CB_VAULT_KEY_LEN], const char *table,
    const char *column, const char *record_id, uint32_t version,
    const void *pt, size_t ptlen, unsigned char *out)
{
	fatal("cb_vault_seal: not in the fuzz targets");
}

int
cb_vault_unseal(const unsigned char dk[CB_VAULT_KEY_LEN], const char *table,
    const char *column, const char *record_id, uint32_t version,
    const unsigned char *ct, size_t clen, char *out, size_t *outlen)
{
	fatal("cb_vault_unseal: not in the fuzz targets");
}
