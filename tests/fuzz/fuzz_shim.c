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
