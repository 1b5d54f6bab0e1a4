/*
 * casebook-admin: the few Kore functions the shared domain objects
 * and Kore's buf.c call, on plain malloc. Allocation failure is fatal,
 * as in Kore, so callers need not check.
 */
#include <sys/types.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

static void	vlog(const char *, va_list);

static void
vlog(const char *fmt, va_list ap)
{
	fprintf(stderr, "casebook-admin: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
}

void *
kore_malloc(size_t len)
{
	void	*p;

	if ((p = malloc(len == 0 ? 1 : len)) == NULL)
		fatal("out of memory");
	return (p);
}

void *
kore_calloc(size_t n, size_t len)
{
	void	*p;

	if (n != 0 && len > SIZE_MAX / n)
		fatal("kore_calloc: overflow");
	if ((p = calloc(n == 0 ? 1 : n, len == 0 ? 1 : len)) == NULL)
		fatal("out of memory");
	return (p);
}

void *
kore_realloc(void *ptr, size_t len)
{
	void	*p;

	if ((p = realloc(ptr, len == 0 ? 1 : len)) == NULL)
		fatal("out of memory");
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
	va_list		ap;

	(void)prio;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
	exit(1);
}
