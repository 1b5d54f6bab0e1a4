/*
 * out: what a renderer wrote, as a string, for the render tests to
 * search. Static inline so that each test file takes only what it uses.
 * Include after <cmocka.h> and <kore/kore.h>.
 */
#ifndef CB_TEST_OUT_H
#define CB_TEST_OUT_H

#include <string.h>

struct out {
	struct kore_buf	 buf;
	char		*s;
	size_t		 len;
};

static inline void
out_begin(struct out *o)
{
	memset(o, 0, sizeof(*o));
	kore_buf_init(&o->buf, 1024);
}

/* NUL-terminates; the renderers write text, so no NUL inside. */
static inline void
out_end(struct out *o)
{
	o->s = kore_buf_stringify(&o->buf, &o->len);
	assert_int_equal(strlen(o->s), o->len);
}

static inline void
out_done(struct out *o)
{
	kore_buf_cleanup(&o->buf);
	memset(o, 0, sizeof(*o));
}

static inline int
contains(const struct out *o, const char *needle)
{
	return (strstr(o->s, needle) != NULL);
}

/* How many times needle occurs, not overlapping. */
static inline size_t
count(const struct out *o, const char *needle)
{
	const char	*p;
	size_t		 n;

	n = 0;
	for (p = o->s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return (n);
}

#endif
