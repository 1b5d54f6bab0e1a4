/*
 * Fuzz target for the application/x-www-form-urlencoded parser
 * (cb_kv_parse, cb_kv_get, cb_kv_free). The first byte sets the pair
 * limit (0-31) so the limit path is reached as often as the rest; the
 * other bytes are the body. A parsed body must hold only valid UTF-8
 * C strings, respect the limit, and survive being encoded again.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "text/text.h"

#include "fuzz.h"

#define MAX_MASK	0x1f

static size_t	segments(const char *, size_t);
static void	check_list(const struct cb_kvlist *, size_t);
static void	encode(struct kore_buf *, const char *, size_t);
static void	roundtrip(const struct cb_kvlist *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_kvlist	 list;
	const char		*body;
	size_t			 len, max;

	if (size == 0)
		return (0);
	max = data[0] & MAX_MASK;
	body = (const char *)data + 1;
	len = size - 1;

	if (cb_kv_parse(body, len, max, &list) == -1) {
		/* Nothing half-built is left to the caller. */
		CHECK(list.items == NULL && list.n == 0);
		return (0);
	}

	CHECK(list.n <= max);
	CHECK(list.n == segments(body, len));
	check_list(&list, len);
	roundtrip(&list, max);

	cb_kv_free(&list);
	CHECK(list.items == NULL && list.n == 0);

	return (0);
}

/* Non-empty '&'-separated segments: the pairs a body holds. */
static size_t
segments(const char *s, size_t len)
{
	size_t		i, start, n;

	n = 0;
	for (i = 0, start = 0; i <= len; i++) {
		if (i == len || s[i] == '&') {
			if (i > start)
				n++;
			start = i + 1;
		}
	}

	return (n);
}

static void
check_list(const struct cb_kvlist *list, size_t len)
{
	const struct cb_kv	*kv, *first;
	size_t			 i, k, nlen;

	CHECK(list->n == 0 || list->items != NULL);
	CHECK(cb_kv_get(list, NULL) == NULL);

	for (i = 0; i < list->n; i++) {
		kv = &list->items[i];
		CHECK(kv->name != NULL && kv->value != NULL);
		nlen = strlen(kv->name);
		/* Decoding only ever shrinks: %XX is three bytes for one. */
		CHECK(nlen + kv->vlen < len + 1);
		CHECK(cb_utf8_valid(kv->name, nlen));
		CHECK(strlen(kv->value) == kv->vlen);
		CHECK(cb_utf8_valid(kv->value, kv->vlen));

		/* cb_kv_get finds the first pair of that name. */
		first = cb_kv_get(list, kv->name);
		CHECK(first != NULL && first <= kv);
		CHECK(strcmp(first->name, kv->name) == 0);
		for (k = 0; &list->items[k] < first; k++)
			CHECK(strcmp(list->items[k].name, kv->name) != 0);
	}
}

/* Every byte but the unreserved ones escaped, space as '+'. */
static void
encode(struct kore_buf *buf, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	char			 esc[3];
	size_t			 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') ||
		    (c != '\0' && strchr("-._~", c) != NULL)) {
			kore_buf_append(buf, &s[i], 1);
		} else if (c == ' ') {
			kore_buf_append(buf, "+", 1);
		} else {
			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 0x0f];
			kore_buf_append(buf, esc, sizeof(esc));
		}
	}
}

/* Encoded again and parsed again, the same pairs come back. */
static void
roundtrip(const struct cb_kvlist *list, size_t max)
{
	struct cb_kvlist	 again;
	struct kore_buf		*buf;
	size_t			 i;

	buf = kore_buf_alloc(64);
	for (i = 0; i < list->n; i++) {
		if (i > 0)
			kore_buf_append(buf, "&", 1);
		encode(buf, list->items[i].name, strlen(list->items[i].name));
		kore_buf_append(buf, "=", 1);
		encode(buf, list->items[i].value, list->items[i].vlen);
	}

	CHECK(cb_kv_parse((const char *)buf->data, buf->offset, max,
	    &again) == 0);
	CHECK(again.n == list->n);
	for (i = 0; i < list->n; i++) {
		CHECK(strcmp(again.items[i].name, list->items[i].name) == 0);
		CHECK(again.items[i].vlen == list->items[i].vlen);
		CHECK(memcmp(again.items[i].value, list->items[i].value,
		    list->items[i].vlen) == 0);
	}

	cb_kv_free(&again);
	kore_buf_free(buf);
}
