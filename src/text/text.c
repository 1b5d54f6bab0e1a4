/*
 * text: UTF-8 validation and counting, HTML escaping and the
 * application/x-www-form-urlencoded parser. Everything a person types
 * passes through here first, so malformed input is refused outright
 * instead of being repaired. cb_norm_text() lives in norm.c.
 */
#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include <kore/kore.h>
#include <sodium.h>

#include "text/text.h"

static size_t	utf8_decode(const unsigned char *, size_t, uint32_t *);
static int	url_decode(const char *, size_t, char **, size_t *);
static int	hexval(unsigned char);
static void	append(struct kore_buf *, const void *, size_t);

int
cb_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p;
	size_t			 i, n;
	uint32_t		 cp;

	if (s == NULL)
		return (len == 0);

	p = (const unsigned char *)s;
	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0 || cp == 0)
			return (0);
	}

	return (1);
}

/* Counts lead bytes, which is the code point count for valid input. */
size_t
cb_utf8_count(const char *s, size_t len)
{
	const unsigned char	*p;
	size_t			 i, n;

	if (s == NULL)
		return (0);

	p = (const unsigned char *)s;
	for (i = 0, n = 0; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			n++;
	}

	return (n);
}

/* Malformed input counts as containing controls: callers reject on 1. */
int
cb_utf8_has_controls(const char *s, size_t len)
{
	const unsigned char	*p;
	size_t			 i, n;
	uint32_t		 cp;

	if (s == NULL)
		return (0);

	p = (const unsigned char *)s;
	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			return (1);
		if (cp == '\t' || cp == '\n' || cp == '\r')
			continue;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return (1);
	}

	return (0);
}

void
cb_html_escape(struct kore_buf *buf, const char *s, size_t len)
{
	const char	*esc;
	size_t		 i, run;

	if (s == NULL)
		return;

	for (i = 0, run = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			esc = "&amp;";
			break;
		case '<':
			esc = "&lt;";
			break;
		case '>':
			esc = "&gt;";
			break;
		case '"':
			esc = "&quot;";
			break;
		case '\'':
			esc = "&#39;";
			break;
		default:
			continue;
		}

		append(buf, s + run, i - run);
		append(buf, esc, strlen(esc));
		run = i + 1;
	}

	append(buf, s + run, len - run);
}

void
cb_html_cstr(struct kore_buf *buf, const char *s)
{
	if (s != NULL)
		cb_html_escape(buf, s, strlen(s));
}

void
cb_buf_reserve(struct kore_buf *buf, size_t extra)
{
	if (buf->length - buf->offset >= extra)
		return;
	buf->length = buf->offset + extra;
	buf->data = kore_realloc(buf->data, buf->length);
}

/*
 * The list is overwritten, never appended to. Pairs are counted before
 * anything is allocated so an oversized body costs no memory.
 */
int
cb_kv_parse(const char *s, size_t len, size_t max, struct cb_kvlist *list)
{
	struct cb_kv	*kv;
	const char	*seg, *amp, *eq;
	size_t		 i, n, seglen, nlen, vlen;
	int		 rc;

	rc = -1;
	if (list == NULL)
		return (-1);
	list->items = NULL;
	list->n = 0;

	if (s == NULL)
		return (len == 0 ? 0 : -1);

	n = 0;
	for (i = 0; i < len; i += seglen + 1) {
		amp = memchr(s + i, '&', len - i);
		seglen = (amp == NULL) ? len - i : (size_t)(amp - (s + i));
		if (seglen > 0)
			n++;
	}

	if (n > max)
		return (-1);
	if (n == 0)
		return (0);

	list->items = kore_calloc(n, sizeof(*list->items));

	for (i = 0; i < len; i += seglen + 1) {
		seg = s + i;
		amp = memchr(seg, '&', len - i);
		seglen = (amp == NULL) ? len - i : (size_t)(amp - seg);
		if (seglen == 0)
			continue;

		/* Counted first so cb_kv_free() sees a half-built pair. */
		kv = &list->items[list->n++];

		eq = memchr(seg, '=', seglen);
		nlen = (eq == NULL) ? seglen : (size_t)(eq - seg);

		if (url_decode(seg, nlen, &kv->name, NULL) == -1)
			goto cleanup;
		/* A pair without '=' has an empty value. */
		vlen = (eq == NULL) ? 0 : seglen - nlen - 1;
		if (url_decode(seg + seglen - vlen, vlen, &kv->value,
		    &kv->vlen) == -1)
			goto cleanup;
	}

	rc = 0;

cleanup:
	if (rc == -1)
		cb_kv_free(list);

	return (rc);
}

void
cb_kv_free(struct cb_kvlist *list)
{
	size_t		i;

	if (list == NULL)
		return;

	for (i = 0; i < list->n; i++) {
		if (list->items[i].name != NULL) {
			sodium_memzero(list->items[i].name,
			    strlen(list->items[i].name));
			kore_free(list->items[i].name);
		}
		/* Values may be names of people: wipe before release. */
		if (list->items[i].value != NULL) {
			sodium_memzero(list->items[i].value,
			    list->items[i].vlen);
			kore_free(list->items[i].value);
		}
	}

	kore_free(list->items);
	list->items = NULL;
	list->n = 0;
}

const struct cb_kv *
cb_kv_get(const struct cb_kvlist *list, const char *name)
{
	size_t		i;

	if (list == NULL || name == NULL)
		return (NULL);

	for (i = 0; i < list->n; i++) {
		if (strcmp(list->items[i].name, name) == 0)
			return (&list->items[i]);
	}

	return (NULL);
}

/*
 * Returns the length of the well-formed sequence at p and its code
 * point, or 0. Second-byte ranges follow RFC 3629 section 4, which
 * excludes overlongs, surrogates and anything above U+10FFFF.
 */
static size_t
utf8_decode(const unsigned char *p, size_t len, uint32_t *cp)
{
	unsigned char	lo, hi;
	size_t		n, i;

	lo = 0x80;
	hi = 0xbf;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		*cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		*cp = p[0] & 0x0f;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		*cp = p[0] & 0x07;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	} else {
		return (0);
	}

	if (len < n || p[1] < lo || p[1] > hi)
		return (0);

	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}

	return (n);
}

/*
 * Percent-decodes src into a new NUL-terminated string. The result must
 * be valid UTF-8 without NUL, since the rest of the code uses C strings.
 */
static int
url_decode(const char *src, size_t len, char **out, size_t *outlen)
{
	char		*dst;
	size_t		 i, k;
	int		 h, l, rc;

	rc = -1;
	k = 0;
	*out = NULL;
	dst = kore_malloc(len + 1);

	for (i = 0; i < len; i++) {
		if (src[i] == '+') {
			dst[k++] = ' ';
		} else if (src[i] == '%') {
			if (len - i < 3)
				goto cleanup;
			h = hexval(src[i + 1]);
			l = hexval(src[i + 2]);
			if (h == -1 || l == -1)
				goto cleanup;
			dst[k++] = (char)((h << 4) | l);
			i += 2;
		} else {
			dst[k++] = src[i];
		}
	}

	if (!cb_utf8_valid(dst, k))
		goto cleanup;

	dst[k] = '\0';
	*out = dst;
	if (outlen != NULL)
		*outlen = k;
	dst = NULL;
	rc = 0;

cleanup:
	if (dst != NULL) {
		sodium_memzero(dst, k);
		kore_free(dst);
	}

	return (rc);
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);

	return (-1);
}

/* kore_buf_append() would memcpy from NULL for empty input. */
static void
append(struct kore_buf *buf, const void *data, size_t len)
{
	if (len > 0)
		kore_buf_append(buf, data, len);
}

/* application/x-www-form-urlencoded: unreserved bytes as they are,
 * space as '+', every other byte as %XX. */
void
cb_url_encode(struct kore_buf *buf, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	size_t			 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			kore_buf_append(buf, &c, 1);
		else if (c == ' ')
			kore_buf_append(buf, "+", 1);
		else
			kore_buf_appendf(buf, "%%%c%c", hex[c >> 4],
			    hex[c & 0x0f]);
	}
}

const char *
cb_csv_next(const char **p, size_t *len)
{
	const char	*item, *end;

	if (*p == NULL || **p == '\0')
		return (NULL);
	item = *p;
	if ((end = strchr(item, ',')) == NULL)
		end = item + strlen(item);
	*len = (size_t)(end - item);
	*p = (*end == ',') ? end + 1 : end;
	return (item);
}

int
cb_csv_has(const char *list, const char *item)
{
	const char	*it;
	size_t		 len, ilen;

	if (item == NULL)
		return (0);
	ilen = strlen(item);
	while ((it = cb_csv_next(&list, &len)) != NULL) {
		if (len == ilen && memcmp(it, item, len) == 0)
			return (1);
	}
	return (0);
}
