/*
 * json: a strict RFC 8259 parser for request bodies and the string
 * escaper used for responses. Bodies come from strangers, so whatever
 * the RFC leaves to the implementation (duplicate names, lone
 * surrogates, NUL, depth) is refused rather than guessed at, and an
 * error names an offset and a fixed reason, never the input itself.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <kore/kore.h>
#include <sodium.h>

#include "core/casebook.h"
#include "text/json.h"
#include "text/text.h"

struct parser {
	const unsigned char	*p;
	size_t			 len;
	size_t			 off;
	size_t			 nodes;
	struct cb_json_error	*err;
};

static int	fail(struct parser *, size_t, const char *);
static void	skip_ws(struct parser *);
static int	parse_value(struct parser *, int, struct cb_json **);
static int	parse_array(struct parser *, int, struct cb_json *);
static int	parse_object(struct parser *, int, struct cb_json *);
static int	parse_string(struct parser *, char **, size_t *);
static int	parse_escape(struct parser *, size_t, size_t, unsigned char *,
		    size_t *);
static int	parse_number(struct parser *, struct cb_json *);
static int	parse_literal(struct parser *, const char *);
static int	hex4(const unsigned char *, uint32_t *);
static int	utf8_put(uint32_t, unsigned char *);
static size_t	utf8_lead_len(unsigned char);
static void	wipe_free(char *, size_t);
static void	append(struct kore_buf *, const void *, size_t);

int
cb_json_parse(const char *data, size_t len, struct cb_json **out,
    struct cb_json_error *err)
{
	struct parser	 ps;
	struct cb_json	*root;

	root = NULL;
	*out = NULL;
	if (err != NULL) {
		err->offset = 0;
		err->reason = NULL;
	}

	memset(&ps, 0, sizeof(ps));
	ps.p = (const unsigned char *)data;
	ps.len = (data == NULL) ? 0 : len;
	ps.err = err;

	if (parse_value(&ps, 0, &root) == -1)
		return (-1);

	skip_ws(&ps);
	if (ps.off != ps.len) {
		cb_json_free(root);
		return (fail(&ps, ps.off, "trailing data after value"));
	}

	*out = root;
	return (0);
}

void
cb_json_free(struct cb_json *j)
{
	struct cb_json	*c, *next;

	if (j == NULL)
		return;

	/* Recursion follows nesting only, which the parser bounds. */
	for (c = j->child; c != NULL; c = next) {
		next = c->next;
		cb_json_free(c);
	}

	/* Member names and values may be personal data. */
	wipe_free(j->key, j->keylen);
	wipe_free(j->str, j->len);
	kore_free(j);
}

const struct cb_json *
cb_json_get(const struct cb_json *obj, const char *name)
{
	const struct cb_json	*c;
	size_t			 len;

	if (obj == NULL || name == NULL || obj->type != CB_JSON_OBJECT)
		return (NULL);

	len = strlen(name);
	for (c = obj->child; c != NULL; c = c->next) {
		if (c->keylen == len && memcmp(c->key, name, len) == 0)
			return (c);
	}

	return (NULL);
}

void
cb_json_str(struct kore_buf *buf, const char *s, size_t len)
{
	const unsigned char	*p;
	const char		*esc;
	char			 tmp[8];
	size_t			 i, run, skip;

	if (s == NULL) {
		s = "";
		len = 0;
	}
	p = (const unsigned char *)s;

	append(buf, "\"", 1);
	for (i = 0, run = 0; i < len; i += skip) {
		esc = NULL;
		skip = 1;

		switch (p[i]) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		/* So that the output can never end a <script> element. */
		case '<':
		case '>':
		case '&':
			(void)snprintf(tmp, sizeof(tmp), "\\u%04x", p[i]);
			esc = tmp;
			break;
		case 0xe2:
			/* U+2028 and U+2029 end a line in JavaScript. */
			if (len - i >= 3 && p[i + 1] == 0x80 &&
			    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
				esc = (p[i + 2] == 0xa8) ? "\\u2028" :
				    "\\u2029";
				skip = 3;
			}
			break;
		default:
			if (p[i] < 0x20 || p[i] == 0x7f) {
				(void)snprintf(tmp, sizeof(tmp), "\\u%04x",
				    p[i]);
				esc = tmp;
			}
			break;
		}

		if (esc == NULL)
			continue;

		append(buf, p + run, i - run);
		append(buf, esc, strlen(esc));
		run = i + skip;
	}

	append(buf, p + run, len - run);
	append(buf, "\"", 1);
}

void
cb_json_cstr(struct kore_buf *buf, const char *s)
{
	if (s == NULL) {
		append(buf, "null", 4);
		return;
	}

	cb_json_str(buf, s, strlen(s));
}

void
cb_json_member(struct kore_buf *buf, const char *key, const char *val)
{
	append(buf, ",", 1);
	cb_json_cstr(buf, key);
	append(buf, ":", 1);
	if (val != NULL && *val != '\0')
		cb_json_cstr(buf, val);
	else
		append(buf, "null", 4);
}

static int
fail(struct parser *ps, size_t off, const char *reason)
{
	if (ps->err != NULL) {
		ps->err->offset = off;
		ps->err->reason = reason;
	}

	return (-1);
}

static void
skip_ws(struct parser *ps)
{
	while (ps->off < ps->len) {
		switch (ps->p[ps->off]) {
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			ps->off++;
			break;
		default:
			return;
		}
	}
}

/*
 * depth counts the containers enclosing the value: a top-level array
 * opens level 1, and CB_JSON_DEPTH_MAX levels are allowed.
 */
static int
parse_value(struct parser *ps, int depth, struct cb_json **out)
{
	struct cb_json	*node;
	int		 rc;

	node = NULL;
	rc = -1;

	skip_ws(ps);
	if (ps->off >= ps->len)
		return (fail(ps, ps->off, "unexpected end of input"));

	if (++ps->nodes > CB_JSON_NODES_MAX)
		return (fail(ps, ps->off, "too many values"));

	node = kore_calloc(1, sizeof(*node));

	switch (ps->p[ps->off]) {
	case '{':
	case '[':
		if (depth >= CB_JSON_DEPTH_MAX) {
			rc = fail(ps, ps->off, "nesting too deep");
			break;
		}
		if (ps->p[ps->off] == '{') {
			node->type = CB_JSON_OBJECT;
			rc = parse_object(ps, depth + 1, node);
		} else {
			node->type = CB_JSON_ARRAY;
			rc = parse_array(ps, depth + 1, node);
		}
		break;
	case '"':
		node->type = CB_JSON_STRING;
		rc = parse_string(ps, &node->str, &node->len);
		break;
	case 't':
		node->type = CB_JSON_BOOL;
		node->boolean = 1;
		rc = parse_literal(ps, "true");
		break;
	case 'f':
		node->type = CB_JSON_BOOL;
		rc = parse_literal(ps, "false");
		break;
	case 'n':
		node->type = CB_JSON_NULL;
		rc = parse_literal(ps, "null");
		break;
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		node->type = CB_JSON_NUMBER;
		rc = parse_number(ps, node);
		break;
	default:
		rc = fail(ps, ps->off, "unexpected character");
		break;
	}

	if (rc == -1) {
		cb_json_free(node);
		return (-1);
	}

	*out = node;
	return (0);
}

static int
parse_array(struct parser *ps, int depth, struct cb_json *arr)
{
	struct cb_json	*child, **tail;

	tail = &arr->child;

	ps->off++;
	skip_ws(ps);
	if (ps->off < ps->len && ps->p[ps->off] == ']') {
		ps->off++;
		return (0);
	}

	for (;;) {
		child = NULL;
		if (parse_value(ps, depth, &child) == -1)
			return (-1);
		*tail = child;
		tail = &child->next;
		arr->count++;

		skip_ws(ps);
		if (ps->off >= ps->len)
			return (fail(ps, ps->off, "unexpected end of input"));

		if (ps->p[ps->off] == ']') {
			ps->off++;
			return (0);
		}
		if (ps->p[ps->off] != ',')
			return (fail(ps, ps->off, "expected ',' or ']'"));

		ps->off++;
		skip_ws(ps);
		if (ps->off < ps->len && ps->p[ps->off] == ']')
			return (fail(ps, ps->off, "trailing comma"));
	}
}

static int
parse_object(struct parser *ps, int depth, struct cb_json *obj)
{
	struct cb_json	*child, *c, **tail;
	char		*key;
	size_t		 keylen, keyoff;
	int		 rc;

	key = NULL;
	keylen = 0;
	rc = -1;
	tail = &obj->child;

	ps->off++;
	skip_ws(ps);
	if (ps->off < ps->len && ps->p[ps->off] == '}') {
		ps->off++;
		return (0);
	}

	for (;;) {
		skip_ws(ps);
		if (ps->off >= ps->len) {
			rc = fail(ps, ps->off, "unexpected end of input");
			goto cleanup;
		}
		if (ps->p[ps->off] != '"') {
			rc = fail(ps, ps->off, (ps->p[ps->off] == '}' &&
			    obj->count > 0) ? "trailing comma" :
			    "expected member name");
			goto cleanup;
		}

		keyoff = ps->off;
		if (parse_string(ps, &key, &keylen) == -1)
			goto cleanup;

		/* Names compare decoded, so "a" and "\u0061" collide. */
		for (c = obj->child; c != NULL; c = c->next) {
			if (c->keylen == keylen &&
			    memcmp(c->key, key, keylen) == 0) {
				rc = fail(ps, keyoff, "duplicate member name");
				goto cleanup;
			}
		}

		skip_ws(ps);
		if (ps->off >= ps->len || ps->p[ps->off] != ':') {
			rc = fail(ps, ps->off, "expected ':'");
			goto cleanup;
		}
		ps->off++;

		child = NULL;
		if (parse_value(ps, depth, &child) == -1)
			goto cleanup;
		child->key = key;
		child->keylen = keylen;
		key = NULL;
		*tail = child;
		tail = &child->next;
		obj->count++;

		skip_ws(ps);
		if (ps->off >= ps->len) {
			rc = fail(ps, ps->off, "unexpected end of input");
			goto cleanup;
		}
		if (ps->p[ps->off] == '}') {
			ps->off++;
			rc = 0;
			goto cleanup;
		}
		if (ps->p[ps->off] != ',') {
			rc = fail(ps, ps->off, "expected ',' or '}'");
			goto cleanup;
		}
		ps->off++;
	}

cleanup:
	if (key != NULL)
		wipe_free(key, keylen);

	return (rc);
}

/*
 * The closing quote is found first so the decoded string, which is
 * never longer than its source, fits in one allocation.
 */
static int
parse_string(struct parser *ps, char **out, size_t *outlen)
{
	unsigned char	*dst;
	size_t		 start, end, i, n, k;
	int		 rc, w;

	dst = NULL;
	k = 0;
	rc = -1;
	start = ps->off + 1;

	for (end = start; end < ps->len && ps->p[end] != '"'; end++) {
		if (ps->p[end] == '\\')
			end++;
	}
	if (end >= ps->len)
		return (fail(ps, ps->off, "unterminated string"));

	dst = kore_malloc(end - start + 1);

	for (i = start; i < end; i += n) {
		if (ps->p[i] < 0x20) {
			rc = fail(ps, i, "control character in string");
			goto cleanup;
		}

		if (ps->p[i] == '\\') {
			if ((w = parse_escape(ps, i, end, dst + k, &n)) == -1)
				goto cleanup;
			k += w;
			continue;
		}

		if (ps->p[i] < 0x80) {
			dst[k++] = ps->p[i];
			n = 1;
			continue;
		}

		n = utf8_lead_len(ps->p[i]);
		if (n == 0 || n > end - i ||
		    !cb_utf8_valid((const char *)ps->p + i, n)) {
			rc = fail(ps, i, "invalid UTF-8");
			goto cleanup;
		}
		memcpy(dst + k, ps->p + i, n);
		k += n;
	}

	dst[k] = '\0';
	*out = (char *)dst;
	*outlen = k;
	dst = NULL;
	ps->off = end + 1;
	rc = 0;

cleanup:
	if (dst != NULL)
		wipe_free((char *)dst, k);

	return (rc);
}

/*
 * Decodes the escape at i (before end) into dst, sets *used to the
 * input consumed and returns the number of bytes written, or -1.
 */
static int
parse_escape(struct parser *ps, size_t i, size_t end, unsigned char *dst,
    size_t *used)
{
	uint32_t	cp, lo;

	*used = 2;

	switch (ps->p[i + 1]) {
	case '"':
	case '\\':
	case '/':
		*dst = ps->p[i + 1];
		break;
	case 'b':
		*dst = '\b';
		break;
	case 'f':
		*dst = '\f';
		break;
	case 'n':
		*dst = '\n';
		break;
	case 'r':
		*dst = '\r';
		break;
	case 't':
		*dst = '\t';
		break;
	case 'u':
		if (end - i < 6 || hex4(ps->p + i + 2, &cp) == -1)
			return (fail(ps, i, "invalid \\u escape"));
		if (cp == 0)
			return (fail(ps, i, "NUL character in string"));
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return (fail(ps, i, "unpaired surrogate"));
		*used = 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (end - i < 12 || ps->p[i + 6] != '\\' ||
			    ps->p[i + 7] != 'u' ||
			    hex4(ps->p + i + 8, &lo) == -1 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return (fail(ps, i, "unpaired surrogate"));
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			*used = 12;
		}
		return (utf8_put(cp, dst));
	default:
		return (fail(ps, i, "invalid escape"));
	}

	return (1);
}

static int
parse_number(struct parser *ps, struct cb_json *node)
{
	size_t		start;

	start = ps->off;

	if (ps->p[ps->off] == '-')
		ps->off++;

	if (ps->off >= ps->len || ps->p[ps->off] < '0' || ps->p[ps->off] > '9')
		return (fail(ps, ps->off, "invalid number"));

	if (ps->p[ps->off] == '0') {
		ps->off++;
		if (ps->off < ps->len && ps->p[ps->off] >= '0' &&
		    ps->p[ps->off] <= '9')
			return (fail(ps, start, "leading zero in number"));
	} else {
		while (ps->off < ps->len && ps->p[ps->off] >= '0' &&
		    ps->p[ps->off] <= '9')
			ps->off++;
	}

	if (ps->off < ps->len && ps->p[ps->off] == '.') {
		ps->off++;
		if (ps->off >= ps->len || ps->p[ps->off] < '0' ||
		    ps->p[ps->off] > '9')
			return (fail(ps, ps->off, "invalid number"));
		while (ps->off < ps->len && ps->p[ps->off] >= '0' &&
		    ps->p[ps->off] <= '9')
			ps->off++;
	}

	if (ps->off < ps->len &&
	    (ps->p[ps->off] == 'e' || ps->p[ps->off] == 'E')) {
		ps->off++;
		if (ps->off < ps->len &&
		    (ps->p[ps->off] == '+' || ps->p[ps->off] == '-'))
			ps->off++;
		if (ps->off >= ps->len || ps->p[ps->off] < '0' ||
		    ps->p[ps->off] > '9')
			return (fail(ps, ps->off, "invalid number"));
		while (ps->off < ps->len && ps->p[ps->off] >= '0' &&
		    ps->p[ps->off] <= '9')
			ps->off++;
	}

	/* Kept as text: callers choose their own range and type. */
	node->len = ps->off - start;
	node->str = kore_malloc(node->len + 1);
	memcpy(node->str, ps->p + start, node->len);
	node->str[node->len] = '\0';

	return (0);
}

static int
parse_literal(struct parser *ps, const char *lit)
{
	size_t		len;

	len = strlen(lit);
	if (ps->len - ps->off < len || memcmp(ps->p + ps->off, lit, len) != 0)
		return (fail(ps, ps->off, "invalid literal"));

	ps->off += len;
	return (0);
}

static int
hex4(const unsigned char *p, uint32_t *out)
{
	int		i;
	uint32_t	v;

	v = 0;
	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			v |= p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			v |= p[i] - 'A' + 10;
		else
			return (-1);
	}

	*out = v;
	return (0);
}

static int
utf8_put(uint32_t cp, unsigned char *dst)
{
	if (cp < 0x80) {
		dst[0] = cp;
		return (1);
	}
	if (cp < 0x800) {
		dst[0] = 0xc0 | (cp >> 6);
		dst[1] = 0x80 | (cp & 0x3f);
		return (2);
	}
	if (cp < 0x10000) {
		dst[0] = 0xe0 | (cp >> 12);
		dst[1] = 0x80 | ((cp >> 6) & 0x3f);
		dst[2] = 0x80 | (cp & 0x3f);
		return (3);
	}

	dst[0] = 0xf0 | (cp >> 18);
	dst[1] = 0x80 | ((cp >> 12) & 0x3f);
	dst[2] = 0x80 | ((cp >> 6) & 0x3f);
	dst[3] = 0x80 | (cp & 0x3f);
	return (4);
}

/*
 * Length a lead byte announces; cb_utf8_valid() then judges the
 * sequence, so the UTF-8 rules live in one place (text.c).
 */
static size_t
utf8_lead_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return (2);
	if (c >= 0xe0 && c <= 0xef)
		return (3);
	if (c >= 0xf0 && c <= 0xf4)
		return (4);

	return (0);
}

static void
wipe_free(char *p, size_t len)
{
	if (p == NULL)
		return;

	sodium_memzero(p, len);
	kore_free(p);
}

/* kore_buf_append() would memcpy from NULL for empty input. */
static void
append(struct kore_buf *buf, const void *data, size_t len)
{
	if (len > 0)
		kore_buf_append(buf, data, len);
}
