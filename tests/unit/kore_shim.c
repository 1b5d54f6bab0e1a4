/*
 * Kore's allocation and logging functions for unit tests, routed to
 * cmocka's test allocator so a leak or double free fails the test.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

void *
kore_malloc(size_t len)
{
	return (_test_malloc(len, __FILE__, __LINE__));
}

void *
kore_calloc(size_t n, size_t len)
{
	return (_test_calloc(n, len, __FILE__, __LINE__));
}

void *
kore_realloc(void *p, size_t len)
{
	return (_test_realloc(p, len, __FILE__, __LINE__));
}

void
kore_free(void *p)
{
	if (p != NULL)
		_test_free(p, __FILE__, __LINE__);
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
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
