/*
 * Unit tests for json.c: what the strict parser accepts and how it
 * decodes it, every class of input it must refuse (with the reason and
 * offset, and no leak), its limits, and the response escaper.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "text/json.h"

/* محمد and Јован, spelt as bytes so the expected encoding is explicit. */
#define ARABIC		"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"
#define CYRILLIC	"\xd0\x88\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd"

static struct cb_json	*parse_ok(const char *, size_t);
static void		 reject(const char *, size_t, const char *, size_t);
static char		*nested(int, int);
static char		*escaped(const char *, size_t);

static struct cb_json *
parse_ok(const char *doc, size_t len)
{
	struct cb_json		*j;
	struct cb_json_error	 err;

	j = NULL;
	if (cb_json_parse(doc, len, &j, &err) != 0)
		fail_msg("rejected at %zu: %s", err.offset, err.reason);
	assert_non_null(j);
	return (j);
}

/* Rejected, for this reason at this offset, with nothing returned. */
static void
reject(const char *doc, size_t len, const char *reason, size_t offset)
{
	struct cb_json		*j;
	struct cb_json_error	 err;

	j = (struct cb_json *)&err;
	assert_int_equal(cb_json_parse(doc, len, &j, &err), -1);
	assert_null(j);
	assert_non_null(err.reason);
	assert_string_equal(err.reason, reason);
	assert_int_equal(err.offset, offset);
}

#define OK(s)			parse_ok((s), sizeof(s) - 1)
#define REJECT(s, r, o)		reject((s), sizeof(s) - 1, (r), (o))

/* levels of arrays, or of objects {"a":...}, around 0. */
static char *
nested(int levels, int objects)
{
	const char	*open, *close;
	size_t		 olen, i, k;
	char		*doc;

	open = objects ? "{\"a\":" : "[";
	close = objects ? "}" : "]";
	olen = strlen(open);

	doc = kore_malloc(levels * (olen + 1) + 2);
	for (i = 0, k = 0; i < (size_t)levels; i++, k += olen)
		memcpy(doc + k, open, olen);
	doc[k++] = '0';
	for (i = 0; i < (size_t)levels; i++)
		doc[k++] = *close;
	doc[k] = '\0';
	return (doc);
}

static char *
escaped(const char *s, size_t len)
{
	struct kore_buf	buf;

	kore_buf_init(&buf, 16);
	cb_json_str(&buf, s, len);
	return (kore_buf_stringify(&buf, NULL));
}

static void
test_scalars(void **state)
{
	struct cb_json	*j;

	j = OK("null");
	assert_int_equal(j->type, CB_JSON_NULL);
	assert_null(j->str);
	cb_json_free(j);

	j = OK("true");
	assert_int_equal(j->type, CB_JSON_BOOL);
	assert_int_equal(j->boolean, 1);
	cb_json_free(j);

	j = OK("false");
	assert_int_equal(j->type, CB_JSON_BOOL);
	assert_int_equal(j->boolean, 0);
	cb_json_free(j);

	j = OK("\"x\"");
	assert_int_equal(j->type, CB_JSON_STRING);
	assert_string_equal(j->str, "x");
	assert_int_equal(j->len, 1);
	cb_json_free(j);

	j = OK(" \t\r\n 42 \n");
	assert_int_equal(j->type, CB_JSON_NUMBER);
	assert_string_equal(j->str, "42");
	cb_json_free(j);

	j = OK("\"\"");
	assert_int_equal(j->len, 0);
	assert_string_equal(j->str, "");
	cb_json_free(j);
}

static void
test_nested(void **state)
{
	struct cb_json		*j;
	const struct cb_json	*p, *l, *e;

	j = OK("{\"case_type\":\"CT\",\"consent\":true,\n"
	    "\"person\":{\"given_name\":\"A\",\"languages\":[\"prs\",\"en\"],"
	    "\"n\":[],\"o\":{}},\"x\":null}");
	assert_int_equal(j->type, CB_JSON_OBJECT);
	assert_int_equal(j->count, 4);
	assert_string_equal(j->child->key, "case_type");
	assert_int_equal(j->child->keylen, 9);
	assert_string_equal(j->child->str, "CT");

	p = cb_json_get(j, "person");
	assert_non_null(p);
	assert_int_equal(p->type, CB_JSON_OBJECT);
	assert_int_equal(p->count, 4);
	assert_string_equal(cb_json_get(p, "given_name")->str, "A");

	l = cb_json_get(p, "languages");
	assert_non_null(l);
	assert_int_equal(l->type, CB_JSON_ARRAY);
	assert_int_equal(l->count, 2);
	assert_string_equal(l->child->str, "prs");
	assert_null(l->child->key);
	assert_string_equal(l->child->next->str, "en");
	assert_null(l->child->next->next);

	e = cb_json_get(p, "n");
	assert_int_equal(e->type, CB_JSON_ARRAY);
	assert_int_equal(e->count, 0);
	assert_null(e->child);
	e = cb_json_get(p, "o");
	assert_int_equal(e->type, CB_JSON_OBJECT);
	assert_int_equal(e->count, 0);

	assert_int_equal(cb_json_get(j, "consent")->boolean, 1);
	assert_int_equal(cb_json_get(j, "x")->type, CB_JSON_NULL);
	cb_json_free(j);

	j = OK("[1,[2,[3]],{\"a\":[true,false]}]");
	assert_int_equal(j->count, 3);
	assert_string_equal(j->child->str, "1");
	assert_string_equal(j->child->next->child->next->child->str, "3");
	cb_json_free(j);
}

static void
test_get(void **state)
{
	struct cb_json	*j;

	j = OK("{\"ab\":1,\"a\":2,\"A\":3,\"\":4}");
	assert_null(cb_json_get(NULL, "a"));
	assert_null(cb_json_get(j, NULL));
	assert_string_equal(cb_json_get(j, "ab")->str, "1");
	assert_string_equal(cb_json_get(j, "a")->str, "2");
	assert_string_equal(cb_json_get(j, "A")->str, "3");
	assert_string_equal(cb_json_get(j, "")->str, "4");
	assert_null(cb_json_get(j, "b"));
	assert_null(cb_json_get(j, "abc"));
	cb_json_free(j);

	/* Only objects have members. */
	j = OK("[\"a\"]");
	assert_null(cb_json_get(j, "a"));
	cb_json_free(j);
	j = OK("\"a\"");
	assert_null(cb_json_get(j, "a"));
	cb_json_free(j);
}

static void
test_escapes(void **state)
{
	struct cb_json	*j;

	j = OK("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
	assert_int_equal(j->len, 8);
	assert_memory_equal(j->str, "\"\\/\b\f\n\r\t", 9);
	cb_json_free(j);

	j = OK("\"\\u0041\\u00e9\\u20AC\\uFFFF\"");
	assert_string_equal(j->str, "A\xc3\xa9\xe2\x82\xac\xef\xbf\xbf");
	cb_json_free(j);

	j = OK("\"\\ud83d\\ude00\"");
	assert_int_equal(j->len, 4);
	assert_memory_equal(j->str, "\xf0\x9f\x98\x80", 5);
	cb_json_free(j);

	j = OK("\"a\\uD83D\\uDE00b\"");
	assert_string_equal(j->str, "a\xf0\x9f\x98\x80" "b");
	cb_json_free(j);

	/* Highest code point. */
	j = OK("\"\\udbff\\udfff\"");
	assert_string_equal(j->str, "\xf4\x8f\xbf\xbf");
	cb_json_free(j);

	/* Escaped member names decode too. */
	j = OK("{\"\\u0061\\n\":1}");
	assert_int_equal(j->child->keylen, 2);
	assert_string_equal(j->child->key, "a\n");
	assert_non_null(cb_json_get(j, "a\n"));
	cb_json_free(j);

	/* DEL is not a control character to RFC 8259. */
	j = OK("\"\x7f\"");
	assert_string_equal(j->str, "\x7f");
	cb_json_free(j);
}

static void
test_scripts(void **state)
{
	struct cb_json	*j;
	char		*out;

	j = OK("{\"ar\":\"" ARABIC "\",\"sr\":\"" CYRILLIC "\","
	    "\"" ARABIC "\":\"\xf0\x9f\x98\x80\"}");
	assert_int_equal(cb_json_get(j, "ar")->len, 8);
	assert_memory_equal(cb_json_get(j, "ar")->str, ARABIC, 9);
	assert_int_equal(cb_json_get(j, "sr")->len, 10);
	assert_memory_equal(cb_json_get(j, "sr")->str, CYRILLIC, 11);
	assert_string_equal(cb_json_get(j, ARABIC)->str, "\xf0\x9f\x98\x80");

	out = escaped(cb_json_get(j, "ar")->str, cb_json_get(j, "ar")->len);
	assert_string_equal(out, "\"" ARABIC "\"");
	kore_free(out);
	out = escaped(cb_json_get(j, "sr")->str, cb_json_get(j, "sr")->len);
	assert_string_equal(out, "\"" CYRILLIC "\"");
	kore_free(out);
	cb_json_free(j);
}

static void
test_numbers(void **state)
{
	static const char *good[] = {
		"0", "-0", "7", "-7", "10", "1.5", "-0.0", "0.25", "1e5",
		"1E5", "1e+5", "1e-5", "-1.0E-05", "0e0",
		"123456789012345678901234567890123456789",
		"-99999999999999999999.99999999999999999e999999",
	};
	struct cb_json	*j;
	size_t		 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		j = parse_ok(good[i], strlen(good[i]));
		assert_int_equal(j->type, CB_JSON_NUMBER);
		assert_string_equal(j->str, good[i]);
		assert_int_equal(j->len, strlen(good[i]));
		cb_json_free(j);
	}

	j = OK("[18446744073709551616]");
	assert_string_equal(j->child->str, "18446744073709551616");
	cb_json_free(j);
}

static void
test_reject_numbers(void **state)
{
	REJECT("01", "leading zero in number", 0);
	REJECT("-01", "leading zero in number", 0);
	REJECT("00", "leading zero in number", 0);
	REJECT("[1,007]", "leading zero in number", 3);
	REJECT("+1", "unexpected character", 0);
	REJECT(".5", "unexpected character", 0);
	REJECT("1.", "invalid number", 2);
	REJECT("1.e5", "invalid number", 2);
	REJECT("1e", "invalid number", 2);
	REJECT("1e+", "invalid number", 3);
	REJECT("-", "invalid number", 1);
	REJECT("--1", "invalid number", 1);
	REJECT("-a", "invalid number", 1);
	REJECT("0x10", "trailing data after value", 1);
	REJECT("1.5.2", "trailing data after value", 3);
	REJECT("NaN", "unexpected character", 0);
	REJECT("Infinity", "unexpected character", 0);
	REJECT("-Infinity", "invalid number", 1);
	REJECT("[nan]", "invalid literal", 1);
	REJECT("{\"a\":.1}", "unexpected character", 5);
}

static void
test_reject_literals(void **state)
{
	REJECT("tru", "invalid literal", 0);
	REJECT("nul", "invalid literal", 0);
	REJECT("True", "unexpected character", 0);
	REJECT("NULL", "unexpected character", 0);
	REJECT("falsy", "invalid literal", 0);
	REJECT("nulll", "trailing data after value", 4);
	REJECT("[truex]", "expected ',' or ']'", 5);
	REJECT("undefined", "unexpected character", 0);
	REJECT("'a'", "unexpected character", 0);
}

static void
test_reject_structure(void **state)
{
	REJECT("", "unexpected end of input", 0);
	REJECT("   \n", "unexpected end of input", 4);
	REJECT("[", "unexpected end of input", 1);
	REJECT("[1", "unexpected end of input", 2);
	REJECT("{", "unexpected end of input", 1);
	REJECT("{\"a\"", "expected ':'", 4);
	REJECT("{\"a\":", "unexpected end of input", 5);
	REJECT("{\"a\":1", "unexpected end of input", 6);
	REJECT("{\"a\" 1}", "expected ':'", 5);
	REJECT("{a:1}", "expected member name", 1);
	REJECT("{1:1}", "expected member name", 1);
	REJECT("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7);
	REJECT("[1 2]", "expected ',' or ']'", 3);
	REJECT("[1:2]", "expected ',' or ']'", 2);
	REJECT("]", "unexpected character", 0);
	REJECT("}", "unexpected character", 0);
	REJECT("\xef\xbb\xbf{}", "unexpected character", 0);
	REJECT("\xc3\xa9", "unexpected character", 0);
	REJECT("\f1", "unexpected character", 0);
	REJECT("\0", "unexpected character", 0);
}

static void
test_reject_trailing_commas(void **state)
{
	REJECT("[1,]", "trailing comma", 3);
	REJECT("[1, ]", "trailing comma", 4);
	REJECT("{\"a\":1,}", "trailing comma", 7);
	REJECT("{\"a\":1, \n}", "trailing comma", 9);
	REJECT("[,1]", "unexpected character", 1);
	REJECT("[1,,2]", "unexpected character", 3);
	REJECT("{,}", "expected member name", 1);
	REJECT("[1,", "unexpected end of input", 3);
}

static void
test_reject_comments(void **state)
{
	REJECT("// c\n{}", "unexpected character", 0);
	REJECT("/* c */ {}", "unexpected character", 0);
	REJECT("{/* c */}", "expected member name", 1);
	REJECT("[1/* c */]", "expected ',' or ']'", 2);
	REJECT("{} // c", "trailing data after value", 3);
	REJECT("# c\n{}", "unexpected character", 0);
}

static void
test_reject_trailing(void **state)
{
	REJECT("{} x", "trailing data after value", 3);
	REJECT("{}{}", "trailing data after value", 2);
	REJECT("1 2", "trailing data after value", 2);
	REJECT("\"a\"\"b\"", "trailing data after value", 3);
	REJECT("[]]", "trailing data after value", 2);
	REJECT("{}\0", "trailing data after value", 2);
	REJECT("{},", "trailing data after value", 2);
}

static void
test_reject_strings(void **state)
{
	REJECT("\"abc", "unterminated string", 0);
	REJECT("[\"abc\\\"]", "unterminated string", 1);
	REJECT("\"\\", "unterminated string", 0);
	REJECT("\"a\x01" "b\"", "control character in string", 2);
	REJECT("\"a\nb\"", "control character in string", 2);
	REJECT("\"\t\"", "control character in string", 1);
	REJECT("\"\x1f\"", "control character in string", 1);
	REJECT("\"a\0b\"", "control character in string", 2);
	REJECT("{\"a\rb\":1}", "control character in string", 3);
	REJECT("\"\\x41\"", "invalid escape", 1);
	REJECT("\"\\a\"", "invalid escape", 1);
	REJECT("\"\\'\"", "invalid escape", 1);
	REJECT("\"\\U0041\"", "invalid escape", 1);
	REJECT("\"\\0\"", "invalid escape", 1);
	REJECT("\"\\u41\"", "invalid \\u escape", 1);
	REJECT("\"\\u004g\"", "invalid \\u escape", 1);
	REJECT("\"\\u\"", "invalid \\u escape", 1);
	REJECT("\"\\u+041\"", "invalid \\u escape", 1);
	REJECT("'a'", "unexpected character", 0);
}

static void
test_reject_nul(void **state)
{
	REJECT("\"\\u0000\"", "NUL character in string", 1);
	REJECT("\"ab\\u0000\"", "NUL character in string", 3);
	REJECT("{\"a\\u0000\":1}", "NUL character in string", 3);
	REJECT("{\"\\u0000\":1}", "NUL character in string", 2);
}

static void
test_reject_surrogates(void **state)
{
	REJECT("\"\\ud800\"", "unpaired surrogate", 1);
	REJECT("\"\\uDBFF\"", "unpaired surrogate", 1);
	REJECT("\"\\udc00\"", "unpaired surrogate", 1);
	REJECT("\"\\uDFFF\"", "unpaired surrogate", 1);
	REJECT("\"\\ud800x\"", "unpaired surrogate", 1);
	REJECT("\"\\ud800\\u0041\"", "unpaired surrogate", 1);
	REJECT("\"\\ud800\\ud800\"", "unpaired surrogate", 1);
	REJECT("\"\\ude00\\ud83d\"", "unpaired surrogate", 1);
	REJECT("\"\\ud800\\n\"", "unpaired surrogate", 1);
	REJECT("\"\\ud800\\udc0\"", "unpaired surrogate", 1);
	REJECT("\"ok\\ud83d\\ude00\\ud83d\"", "unpaired surrogate", 15);
	REJECT("{\"\\udc00\":1}", "unpaired surrogate", 2);
}

static void
test_reject_utf8(void **state)
{
	/* Overlong encodings of '/' and NUL. */
	REJECT("\"\xc0\xaf\"", "invalid UTF-8", 1);
	REJECT("\"\xc1\xbf\"", "invalid UTF-8", 1);
	REJECT("\"\xc0\x80\"", "invalid UTF-8", 1);
	REJECT("\"\xe0\x80\xaf\"", "invalid UTF-8", 1);
	REJECT("\"\xe0\x9f\xbf\"", "invalid UTF-8", 1);
	REJECT("\"\xf0\x80\x80\xaf\"", "invalid UTF-8", 1);
	REJECT("\"\xf0\x8f\xbf\xbf\"", "invalid UTF-8", 1);
	/* Surrogates encoded directly. */
	REJECT("\"\xed\xa0\x80\"", "invalid UTF-8", 1);
	REJECT("\"\xed\xbf\xbf\"", "invalid UTF-8", 1);
	/* Beyond U+10FFFF. */
	REJECT("\"\xf4\x90\x80\x80\"", "invalid UTF-8", 1);
	REJECT("\"\xf5\x80\x80\x80\"", "invalid UTF-8", 1);
	REJECT("\"\xf8\x88\x80\x80\x80\"", "invalid UTF-8", 1);
	REJECT("\"\xff\"", "invalid UTF-8", 1);
	REJECT("\"\xfe\"", "invalid UTF-8", 1);
	/* Stray continuation bytes. */
	REJECT("\"\x80\"", "invalid UTF-8", 1);
	REJECT("\"a\xbf\"", "invalid UTF-8", 2);
	/* Truncated sequences, inside the string and at the end. */
	REJECT("\"\xe2\x82\"", "invalid UTF-8", 1);
	REJECT("\"\xf0\x9f\x98\"", "invalid UTF-8", 1);
	REJECT("\"\xc3\"", "invalid UTF-8", 1);
	REJECT("\"\xc3" "a\"", "invalid UTF-8", 1);
	REJECT("\"\xe2\x82", "unterminated string", 0);
	/* In a member name, after good text. */
	REJECT("{\"" ARABIC "\xd9\":1}", "invalid UTF-8", 10);
}

static void
test_reject_duplicates(void **state)
{
	struct cb_json	*j;

	REJECT("{\"a\":1,\"a\":2}", "duplicate member name", 7);
	REJECT("{\"a\":1,\"b\":2,\"a\":{}}", "duplicate member name", 13);
	REJECT("{\"a\":1,\"\\u0061\":2}", "duplicate member name", 7);
	REJECT("{\"\":1,\"\":2}", "duplicate member name", 6);
	REJECT("[{\"x\":{\"k\":1,\"k\":1}}]", "duplicate member name", 13);
	REJECT("{\"" ARABIC "\":1,\"" ARABIC "\":2}",
	    "duplicate member name", 14);

	/* Same name in different objects, or differing case, is fine. */
	j = OK("{\"a\":{\"a\":1},\"b\":{\"a\":2},\"A\":3,\"ab\":4}");
	assert_int_equal(j->count, 4);
	cb_json_free(j);
	j = OK("[{\"a\":1},{\"a\":2}]");
	cb_json_free(j);
}

static void
test_depth(void **state)
{
	struct cb_json	*j;
	char		*doc;

	doc = nested(CB_JSON_DEPTH_MAX, 0);
	j = parse_ok(doc, strlen(doc));
	assert_int_equal(j->type, CB_JSON_ARRAY);
	cb_json_free(j);
	kore_free(doc);

	doc = nested(CB_JSON_DEPTH_MAX + 1, 0);
	reject(doc, strlen(doc), "nesting too deep", CB_JSON_DEPTH_MAX);
	kore_free(doc);

	doc = nested(CB_JSON_DEPTH_MAX, 1);
	j = parse_ok(doc, strlen(doc));
	assert_int_equal(j->type, CB_JSON_OBJECT);
	cb_json_free(j);
	kore_free(doc);

	doc = nested(CB_JSON_DEPTH_MAX + 1, 1);
	reject(doc, strlen(doc), "nesting too deep", CB_JSON_DEPTH_MAX * 5);
	kore_free(doc);

	/* A deep attack fails early, at the first level too many. */
	doc = nested(100000, 0);
	reject(doc, strlen(doc), "nesting too deep", CB_JSON_DEPTH_MAX);
	kore_free(doc);
}

static void
test_nodes(void **state)
{
	struct kore_buf	 buf;
	struct cb_json	*j;
	char		*doc;
	int		 i;

	/* The array itself plus its elements: exactly at the limit. */
	kore_buf_init(&buf, 4096);
	kore_buf_appendf(&buf, "[0");
	for (i = 1; i < CB_JSON_NODES_MAX - 1; i++)
		kore_buf_appendf(&buf, ",0");
	kore_buf_appendf(&buf, "]");
	doc = kore_buf_stringify(&buf, NULL);
	j = parse_ok(doc, strlen(doc));
	assert_int_equal(j->count, CB_JSON_NODES_MAX - 1);
	cb_json_free(j);

	/* One more is refused at the offending value. */
	buf.offset -= 2;
	kore_buf_appendf(&buf, ",0]");
	doc = kore_buf_stringify(&buf, NULL);
	reject(doc, strlen(doc), "too many values", strlen(doc) - 2);

	/* Members count as values as well. */
	kore_buf_reset(&buf);
	kore_buf_appendf(&buf, "{");
	for (i = 0; i < CB_JSON_NODES_MAX; i++)
		kore_buf_appendf(&buf, "%s\"k%d\":[]", i ? "," : "", i);
	kore_buf_appendf(&buf, "}");
	doc = kore_buf_stringify(&buf, NULL);
	reject(doc, strlen(doc), "too many values", strlen(doc) - 3);
	kore_buf_cleanup(&buf);
}

static void
test_api(void **state)
{
	struct cb_json	*j;

	/* The error report is optional. */
	j = NULL;
	assert_int_equal(cb_json_parse("[1,]", 4, &j, NULL), -1);
	assert_null(j);
	assert_int_equal(cb_json_parse("[1]", 3, &j, NULL), 0);
	cb_json_free(j);

	/* Length, not NUL, bounds the input. */
	assert_int_equal(cb_json_parse("[1]xyz", 3, &j, NULL), 0);
	assert_int_equal(j->count, 1);
	cb_json_free(j);

	assert_int_equal(cb_json_parse(NULL, 0, &j, NULL), -1);
	assert_null(j);
	cb_json_free(NULL);
}

static void
test_str_table(void **state)
{
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*out;
	} t[] = {
		{ "", 0, "\"\"" },
		{ "plain text", 10, "\"plain text\"" },
		{ "a\"b", 3, "\"a\\\"b\"" },
		{ "a\\b", 3, "\"a\\\\b\"" },
		{ "/", 1, "\"/\"" },
		{ "\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"" },
		{ "\x01", 1, "\"\\u0001\"" },
		{ "\x1f", 1, "\"\\u001f\"" },
		{ "\x0b", 1, "\"\\u000b\"" },
		{ "\x7f", 1, "\"\\u007f\"" },
		{ "a\0b", 3, "\"a\\u0000b\"" },
		{ "<>&", 3, "\"\\u003c\\u003e\\u0026\"" },
		{ "</script>", 9, "\"\\u003c/script\\u003e\"" },
		{ "<!--", 4, "\"\\u003c!--\"" },
		{ "'", 1, "\"'\"" },
		{ "\xe2\x80\xa8", 3, "\"\\u2028\"" },
		{ "a\xe2\x80\xa9z", 5, "\"a\\u2029z\"" },
		{ "\xe2\x80\xa7\xe2\x80\xaa", 6,
		    "\"\xe2\x80\xa7\xe2\x80\xaa\"" },
		{ "\xe2\x80", 2, "\"\xe2\x80\"" },
		{ "\xff\xfe", 2, "\"\xff\xfe\"" },
		{ ARABIC, 8, "\"" ARABIC "\"" },
		{ CYRILLIC " <b>", 14, "\"" CYRILLIC " \\u003cb\\u003e\"" },
		{ "\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"" },
	};
	size_t	 i;
	char	*out;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = escaped(t[i].in, t[i].len);
		assert_string_equal(out, t[i].out);
		kore_free(out);
	}
}

static void
test_str_script(void **state)
{
	static const char	*in[] = {
		"</script>", "</SCRIPT>", "<\x2fscript>", "a</script><script>",
		"\"</script>\"", "\\</script>", "<<//script>>",
	};
	size_t			 i;
	char			*out;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		out = escaped(in[i], strlen(in[i]));
		assert_null(strchr(out, '<'));
		assert_null(strchr(out, '>'));
		assert_null(strstr(out, "</script"));
		kore_free(out);
	}
}

/* Whatever is escaped parses back to exactly the same bytes. */
static void
test_str_roundtrip(void **state)
{
	static const char	*in[] = {
		"", "plain", "\"\\/", "\x01\x02\x1f\x7f", "\n\r\t\b\f",
		"<script>&amp;</script>", ARABIC, CYRILLIC,
		"\xe2\x80\xa8\xe2\x80\xa9", "\xf0\x9f\x98\x80 \xc3\xa9",
	};
	struct cb_json		*j;
	size_t			 i;
	char			*out;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		out = escaped(in[i], strlen(in[i]));
		j = parse_ok(out, strlen(out));
		assert_int_equal(j->type, CB_JSON_STRING);
		assert_int_equal(j->len, strlen(in[i]));
		assert_memory_equal(j->str, in[i], j->len + 1);
		cb_json_free(j);
		kore_free(out);
	}
}

static void
test_cstr(void **state)
{
	struct kore_buf	 buf;
	char		*out;

	kore_buf_init(&buf, 8);
	cb_json_cstr(&buf, "a<b");
	kore_buf_appendf(&buf, ",");
	cb_json_cstr(&buf, NULL);
	kore_buf_appendf(&buf, ",");
	cb_json_cstr(&buf, "");
	kore_buf_appendf(&buf, ",");
	cb_json_str(&buf, NULL, 0);
	out = kore_buf_stringify(&buf, NULL);
	assert_string_equal(out, "\"a\\u003cb\",null,\"\",\"\"");
	kore_buf_cleanup(&buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_reject_numbers),
		cmocka_unit_test(test_reject_literals),
		cmocka_unit_test(test_reject_structure),
		cmocka_unit_test(test_reject_trailing_commas),
		cmocka_unit_test(test_reject_comments),
		cmocka_unit_test(test_reject_trailing),
		cmocka_unit_test(test_reject_strings),
		cmocka_unit_test(test_reject_nul),
		cmocka_unit_test(test_reject_surrogates),
		cmocka_unit_test(test_reject_utf8),
		cmocka_unit_test(test_reject_duplicates),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_str_table),
		cmocka_unit_test(test_str_script),
		cmocka_unit_test(test_str_roundtrip),
		cmocka_unit_test(test_cstr),
	};

	return (cmocka_run_group_tests_name("json", tests, NULL, NULL));
}
