/*
 * Fuzz target for the strict JSON parser (cb_json_parse, cb_json_free,
 * cb_json_get) and the response escaper (cb_json_str). Beyond "no
 * crash, no leak", it checks what the rest of the code relies on:
 * every decoded string and name is valid UTF-8 without NUL, the limits
 * hold, names are unique, and what cb_json_str writes is safe inside
 * HTML and parses back to the same tree.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "text/json.h"
#include "text/text.h"

#include "fuzz.h"

static void	check_tree(const struct cb_json *, int, size_t *);
static void	check_number(const struct cb_json *);
static void	check_escaped(const u_int8_t *, size_t);
static void	encode(struct kore_buf *, const struct cb_json *);
static int	same(const struct cb_json *, const struct cb_json *);
static void	roundtrip_str(const char *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_json		*j, *again;
	struct cb_json_error	 err;
	struct kore_buf		*buf;
	size_t			 nodes;

	j = NULL;
	again = NULL;
	buf = NULL;

	/* The escaper sees any valid text, not only what parses. */
	if (cb_utf8_valid((const char *)data, size))
		roundtrip_str((const char *)data, size);

	if (cb_json_parse((const char *)data, size, &j, &err) == -1) {
		CHECK(j == NULL);
		CHECK(err.reason != NULL);
		CHECK(err.offset <= size);
		goto cleanup;
	}
	CHECK(j != NULL);
	CHECK(err.reason == NULL);

	nodes = 0;
	check_tree(j, 0, &nodes);
	CHECK(nodes <= CB_JSON_NODES_MAX);

	buf = kore_buf_alloc(size + 16);
	encode(buf, j);
	check_escaped(buf->data, buf->offset);

	if (cb_json_parse((const char *)buf->data, buf->offset, &again,
	    &err) == -1) {
		fprintf(stderr, "re-encoded tree rejected at %zu: %s\n",
		    err.offset, err.reason);
		abort();
	}
	CHECK(same(j, again));

cleanup:
	cb_json_free(again);
	cb_json_free(j);
	if (buf != NULL)
		kore_buf_free(buf);

	return (0);
}

/*
 * depth is the number of containers around j, as in the parser: a
 * container at depth d opens level d + 1, at most CB_JSON_DEPTH_MAX.
 */
static void
check_tree(const struct cb_json *j, int depth, size_t *nodes)
{
	const struct cb_json	*c;
	size_t			 n;

	(*nodes)++;

	switch (j->type) {
	case CB_JSON_NULL:
	case CB_JSON_BOOL:
		CHECK(j->str == NULL && j->child == NULL);
		CHECK(j->boolean == 0 || j->type == CB_JSON_BOOL);
		break;
	case CB_JSON_NUMBER:
		check_number(j);
		break;
	case CB_JSON_STRING:
		CHECK(j->str != NULL && strlen(j->str) == j->len);
		CHECK(cb_utf8_valid(j->str, j->len));
		CHECK(j->child == NULL);
		break;
	case CB_JSON_ARRAY:
	case CB_JSON_OBJECT:
		CHECK(depth + 1 <= CB_JSON_DEPTH_MAX);
		n = 0;
		for (c = j->child; c != NULL; c = c->next) {
			n++;
			if (j->type == CB_JSON_ARRAY) {
				CHECK(c->key == NULL);
			} else {
				CHECK(c->key != NULL);
				CHECK(strlen(c->key) == c->keylen);
				CHECK(cb_utf8_valid(c->key, c->keylen));
				/* Unique names: the first match is c. */
				CHECK(cb_json_get(j, c->key) == c);
			}
			check_tree(c, depth + 1, nodes);
		}
		CHECK(n == j->count);
		break;
	default:
		fprintf(stderr, "unknown type %d\n", (int)j->type);
		abort();
	}

	if (j->type != CB_JSON_OBJECT)
		CHECK(cb_json_get(j, "") == NULL);
}

/* RFC 8259 section 6, kept as text. */
static void
check_number(const struct cb_json *j)
{
	const char	*s;
	size_t		 i;

	CHECK(j->str != NULL && j->len > 0 && strlen(j->str) == j->len);
	s = j->str;
	i = 0;
	if (s[i] == '-')
		i++;
	CHECK(i < j->len && s[i] >= '0' && s[i] <= '9');
	CHECK(s[i] != '0' || i + 1 == j->len || s[i + 1] < '0' ||
	    s[i + 1] > '9');
	for (; i < j->len; i++)
		CHECK(strchr("0123456789.eE+-", s[i]) != NULL);
}

/*
 * Whatever cb_json_str wrote must be safe to put in a <script>: no raw
 * controls or DEL, no < > &, no U+2028/2029, valid UTF-8 throughout.
 */
static void
check_escaped(const u_int8_t *p, size_t len)
{
	size_t		i;

	CHECK(cb_utf8_valid((const char *)p, len));
	for (i = 0; i < len; i++) {
		CHECK(p[i] >= 0x20 && p[i] != 0x7f);
		CHECK(p[i] != '<' && p[i] != '>' && p[i] != '&');
		if (p[i] == 0xe2 && i + 2 < len)
			CHECK(!(p[i + 1] == 0x80 &&
			    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)));
	}
}

static void
encode(struct kore_buf *buf, const struct cb_json *j)
{
	const struct cb_json	*c;

	switch (j->type) {
	case CB_JSON_NULL:
		kore_buf_append(buf, "null", 4);
		break;
	case CB_JSON_BOOL:
		if (j->boolean)
			kore_buf_append(buf, "true", 4);
		else
			kore_buf_append(buf, "false", 5);
		break;
	case CB_JSON_NUMBER:
		kore_buf_append(buf, j->str, j->len);
		break;
	case CB_JSON_STRING:
		cb_json_str(buf, j->str, j->len);
		break;
	case CB_JSON_ARRAY:
	case CB_JSON_OBJECT:
		kore_buf_append(buf, j->type == CB_JSON_ARRAY ? "[" : "{", 1);
		for (c = j->child; c != NULL; c = c->next) {
			if (c != j->child)
				kore_buf_append(buf, ",", 1);
			if (j->type == CB_JSON_OBJECT) {
				cb_json_str(buf, c->key, c->keylen);
				kore_buf_append(buf, ":", 1);
			}
			encode(buf, c);
		}
		kore_buf_append(buf, j->type == CB_JSON_ARRAY ? "]" : "}", 1);
		break;
	}
}

static int
same(const struct cb_json *a, const struct cb_json *b)
{
	const struct cb_json	*ca, *cb;

	if (a->type != b->type || a->boolean != b->boolean ||
	    a->count != b->count || a->len != b->len ||
	    a->keylen != b->keylen)
		return (0);
	if ((a->str == NULL) != (b->str == NULL) ||
	    (a->str != NULL && memcmp(a->str, b->str, a->len) != 0))
		return (0);
	if ((a->key == NULL) != (b->key == NULL) ||
	    (a->key != NULL && memcmp(a->key, b->key, a->keylen) != 0))
		return (0);

	for (ca = a->child, cb = b->child; ca != NULL && cb != NULL;
	    ca = ca->next, cb = cb->next) {
		if (!same(ca, cb))
			return (0);
	}

	return (ca == NULL && cb == NULL);
}

/* cb_json_str of valid text parses back to exactly that text. */
static void
roundtrip_str(const char *s, size_t len)
{
	struct kore_buf		*buf;
	struct cb_json		*j;
	struct cb_json_error	 err;

	j = NULL;
	buf = kore_buf_alloc(len + 2);
	cb_json_str(buf, s, len);
	check_escaped(buf->data, buf->offset);

	if (cb_json_parse((const char *)buf->data, buf->offset, &j,
	    &err) == -1) {
		fprintf(stderr, "escaped string rejected at %zu: %s\n",
		    err.offset, err.reason);
		abort();
	}
	CHECK(j->type == CB_JSON_STRING && j->len == len);
	CHECK(memcmp(j->str, s, len) == 0);

	cb_json_free(j);
	kore_buf_free(buf);
}
