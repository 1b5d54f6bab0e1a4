/*
 * Unit tests for text.c: the UTF-8 validator against each class of
 * malformed input, counting and control detection, HTML escaping and
 * the urlencoded form parser (cb_norm_text is tested with norm.c).
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "text/text.h"

/* محمد and Јован, spelt as bytes so the expected encoding is explicit. */
#define ARABIC		"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"
#define CYRILLIC	"\xd0\x88\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd"

struct sample {
	const char	*s;
	size_t		 len;
};

#define S(x)	{ (x), sizeof(x) - 1 }

static char	*html(const char *, size_t);
static void	 kv_reject(const char *, size_t);

static char *
html(const char *s, size_t len)
{
	struct kore_buf	buf;

	kore_buf_init(&buf, 16);
	cb_html_escape(&buf, s, len);
	return (kore_buf_stringify(&buf, NULL));
}

/* Refused, and the list is left empty rather than half-filled. */
static void
kv_reject(const char *s, size_t max)
{
	struct cb_kvlist	list;

	list.items = (struct cb_kv *)&list;
	list.n = 42;
	assert_int_equal(cb_kv_parse(s, strlen(s), max, &list), -1);
	assert_null(list.items);
	assert_int_equal(list.n, 0);
}

static void
test_utf8_valid(void **state)
{
	static const struct sample good[] = {
		S(""),
		S("a"),
		S("plain ASCII \t\r\n~\x7f"),
		S("\xc2\x80"),			/* U+0080, first 2-byte */
		S("\xc3\xa9"),
		S("\xdf\xbf"),			/* U+07FF */
		S("\xe0\xa0\x80"),		/* U+0800, first 3-byte */
		S("\xe2\x82\xac"),
		S("\xed\x9f\xbf"),		/* U+D7FF, below surrogates */
		S("\xee\x80\x80"),		/* U+E000, above surrogates */
		S("\xef\xbf\xbd"),
		S("\xef\xbf\xbf"),		/* U+FFFF */
		S("\xf0\x90\x80\x80"),		/* U+10000, first 4-byte */
		S("\xf0\x9f\x98\x80"),
		S("\xf4\x8f\xbf\xbf"),		/* U+10FFFF, the last */
		S(ARABIC),
		S(CYRILLIC),
		S("Amina " ARABIC " / " CYRILLIC " \xf0\x9f\x98\x80"),
	};
	size_t	i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!cb_utf8_valid(good[i].s, good[i].len))
			fail_msg("valid sample %zu refused", i);
	}
	assert_int_equal(cb_utf8_valid(NULL, 0), 1);
}

static void
test_utf8_invalid(void **state)
{
	static const struct sample bad[] = {
		/* NUL, even though it is well-formed. */
		S("\0"),
		S("a\0b"),
		/* Overlong 2-byte (C0 and C1 leads). */
		S("\xc0\x80"),
		S("\xc0\xaf"),
		S("\xc1\xbf"),
		/* Overlong 3- and 4-byte. */
		S("\xe0\x80\x80"),
		S("\xe0\x80\xaf"),
		S("\xe0\x9f\xbf"),
		S("\xf0\x80\x80\x80"),
		S("\xf0\x80\x80\xaf"),
		S("\xf0\x8f\xbf\xbf"),
		/* UTF-16 surrogates encoded in UTF-8. */
		S("\xed\xa0\x80"),
		S("\xed\xad\xbf"),
		S("\xed\xb0\x80"),
		S("\xed\xbf\xbf"),
		S("\xed\xa0\xbd\xed\xb8\x80"),	/* CESU-8 style pair */
		/* Above U+10FFFF. */
		S("\xf4\x90\x80\x80"),
		S("\xf4\xbf\xbf\xbf"),
		S("\xf5\x80\x80\x80"),
		S("\xf7\xbf\xbf\xbf"),
		S("\xf8\x88\x80\x80\x80"),
		S("\xfc\x84\x80\x80\x80\x80"),
		S("\xfe"),
		S("\xff"),
		/* Continuation bytes without a lead. */
		S("\x80"),
		S("\xbf"),
		S("a\x80" "b"),
		S("\xc3\xa9\xa9"),
		/* Truncated sequences. */
		S("\xc2"),
		S("\xe2\x82"),
		S("\xf0\x9f\x98"),
		S("\xf0\x9f"),
		S("abc\xe2"),
		/* A lead byte followed by a non-continuation byte. */
		S("\xc2\x41"),
		S("\xe2\x28\xa1"),
		S("\xe2\x82\x28"),
		S("\xf0\x28\x8c\xbc"),
		S("\xf0\x90\x28\xbc"),
		S("\xf0\x90\x8c\x28"),
		S("\xc3\xc3"),
		S(ARABIC "\xd9"),
	};
	size_t	i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cb_utf8_valid(bad[i].s, bad[i].len))
			fail_msg("invalid sample %zu accepted", i);
	}
	assert_int_equal(cb_utf8_valid(NULL, 1), 0);
}

static void
test_utf8_count(void **state)
{
	assert_int_equal(cb_utf8_count("", 0), 0);
	assert_int_equal(cb_utf8_count(NULL, 0), 0);
	assert_int_equal(cb_utf8_count("abc", 3), 3);
	assert_int_equal(cb_utf8_count(ARABIC, 8), 4);
	assert_int_equal(cb_utf8_count(CYRILLIC, 10), 5);
	assert_int_equal(cb_utf8_count("\xf0\x9f\x98\x80", 4), 1);
	assert_int_equal(cb_utf8_count("\xe2\x82\xac", 3), 1);
	assert_int_equal(cb_utf8_count("a\xc3\xa9" "b\xe2\x82\xac"
	    "\xf0\x9f\x98\x80", 10), 5);
	/* The length bounds the count, not NUL. */
	assert_int_equal(cb_utf8_count(ARABIC, 4), 2);
}

static void
test_utf8_controls(void **state)
{
	static const struct sample clean[] = {
		S(""),
		S("Amina Hadzic"),
		S("tab\tline\nreturn\r"),
		S("~ \xc2\xa0 nbsp"),		/* U+00A0 follows C1 */
		S("\xc2\xa1\xc3\xbf"),
		S("\xe2\x80\xa8\xe2\x80\xa9"),	/* not C0/C1 */
		S("\xe2\x80\x8b"),
		S(ARABIC),
		S(CYRILLIC),
		S("\xf0\x9f\x98\x80"),
	};
	static const struct sample dirty[] = {
		S("\0"),
		S("a\x01"),
		S("\x07"),
		S("\x08"),
		S("\x0b"),
		S("\x0c"),
		S("esc\x1b[31m"),
		S("\x1f"),
		S("del\x7f"),
		S("\xc2\x80"),			/* U+0080 */
		S("\xc2\x85"),			/* NEL */
		S("\xc2\x9b"),			/* CSI */
		S("\xc2\x9f"),			/* U+009F */
		S(ARABIC "\xc2\x9f"),
		S("\xff"),			/* malformed fails closed */
		S("ok\xc2"),
	};
	size_t	i;

	for (i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
		if (cb_utf8_has_controls(clean[i].s, clean[i].len))
			fail_msg("clean sample %zu flagged", i);
	}
	for (i = 0; i < sizeof(dirty) / sizeof(dirty[0]); i++) {
		if (!cb_utf8_has_controls(dirty[i].s, dirty[i].len))
			fail_msg("control sample %zu missed", i);
	}
}

static void
test_html_escape(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "<script>alert('x')</script>&\"",
		    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
		    "&amp;&quot;" },
		{ "&amp;", "&amp;amp;" },
		{ "a<b>c", "a&lt;b&gt;c" },
		{ "\" onmouseover='x'", "&quot; onmouseover=&#39;x&#39;" },
		{ ARABIC, ARABIC },
		{ CYRILLIC " & " ARABIC, CYRILLIC " &amp; " ARABIC },
		{ "\xf0\x9f\x98\x80<", "\xf0\x9f\x98\x80&lt;" },
		{ "/`=", "/`=" },
	};
	size_t	 i;
	char	*out;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = html(t[i].in, strlen(t[i].in));
		assert_string_equal(out, t[i].out);
		kore_free(out);
	}

	/* Bytes pass through untouched, NUL and stray bytes included. */
	out = html("a\0<\xff", 4);
	assert_memory_equal(out, "a\0&lt;\xff", 8);
	kore_free(out);
}

static void
test_html_cstr(void **state)
{
	struct kore_buf	 buf;
	char		*out;

	kore_buf_init(&buf, 8);
	cb_html_cstr(&buf, "<i>");
	cb_html_cstr(&buf, NULL);
	cb_html_cstr(&buf, "");
	cb_html_escape(&buf, NULL, 0);
	cb_html_cstr(&buf, CYRILLIC);
	out = kore_buf_stringify(&buf, NULL);
	assert_string_equal(out, "&lt;i&gt;" CYRILLIC);
	kore_buf_cleanup(&buf);
}

static void
test_kv_basic(void **state)
{
	struct cb_kvlist	 list;
	const char		*body;

	body = "a=1&b=hello+world&c=%D0%88%D0%BE";
	assert_int_equal(cb_kv_parse(body, strlen(body), 10, &list), 0);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.items[0].name, "a");
	assert_string_equal(list.items[0].value, "1");
	assert_int_equal(list.items[0].vlen, 1);
	assert_string_equal(list.items[1].name, "b");
	assert_string_equal(list.items[1].value, "hello world");
	assert_int_equal(list.items[1].vlen, 11);
	assert_string_equal(list.items[2].name, "c");
	assert_string_equal(list.items[2].value, "\xd0\x88\xd0\xbe");
	assert_int_equal(list.items[2].vlen, 4);

	assert_string_equal(cb_kv_get(&list, "b")->value, "hello world");
	assert_null(cb_kv_get(&list, "d"));
	assert_null(cb_kv_get(&list, "A"));
	assert_null(cb_kv_get(&list, NULL));
	assert_null(cb_kv_get(NULL, "a"));

	cb_kv_free(&list);
	assert_null(list.items);
	assert_int_equal(list.n, 0);
	/* Freeing twice is harmless. */
	cb_kv_free(&list);
	cb_kv_free(NULL);
}

static void
test_kv_decoding(void **state)
{
	struct cb_kvlist	 list;
	const char		*body;

	body = "flag&%41%62=%2B%26%3D%25&x=a=b&e=&=v&n+m=a+%2b+b"
	    "&name=%D9%85%D8%AD%D9%85%D8%AF&raw=" CYRILLIC;
	assert_int_equal(cb_kv_parse(body, strlen(body), 10, &list), 0);
	assert_int_equal(list.n, 8);

	/* No '=': empty value. */
	assert_string_equal(list.items[0].name, "flag");
	assert_string_equal(list.items[0].value, "");
	assert_int_equal(list.items[0].vlen, 0);
	/* Escapes in names, and escaped delimiters in values. */
	assert_string_equal(list.items[1].name, "Ab");
	assert_string_equal(list.items[1].value, "+&=%");
	/* Only the first '=' splits. */
	assert_string_equal(cb_kv_get(&list, "x")->value, "a=b");
	assert_string_equal(cb_kv_get(&list, "e")->value, "");
	assert_string_equal(cb_kv_get(&list, "")->value, "v");
	assert_string_equal(cb_kv_get(&list, "n m")->value, "a + b");
	assert_int_equal(cb_kv_get(&list, "name")->vlen, 8);
	assert_string_equal(cb_kv_get(&list, "name")->value, ARABIC);
	assert_string_equal(cb_kv_get(&list, "raw")->value, CYRILLIC);
	cb_kv_free(&list);
}

static void
test_kv_repeated(void **state)
{
	struct cb_kvlist	 list;
	const char		*body;

	body = "lang=prs&x=1&lang=en&lang=ar";
	assert_int_equal(cb_kv_parse(body, strlen(body), 4, &list), 0);
	assert_int_equal(list.n, 4);
	assert_string_equal(list.items[0].value, "prs");
	assert_string_equal(list.items[2].value, "en");
	assert_string_equal(list.items[3].value, "ar");
	assert_ptr_equal(cb_kv_get(&list, "lang"), &list.items[0]);
	cb_kv_free(&list);
}

static void
test_kv_empty(void **state)
{
	struct cb_kvlist	 list;
	const char		*body;

	assert_int_equal(cb_kv_parse("", 0, 10, &list), 0);
	assert_int_equal(list.n, 0);
	assert_null(list.items);
	assert_null(cb_kv_get(&list, "a"));
	cb_kv_free(&list);

	assert_int_equal(cb_kv_parse(NULL, 0, 10, &list), 0);
	assert_int_equal(list.n, 0);
	assert_int_equal(cb_kv_parse(NULL, 1, 10, &list), -1);

	/* Empty segments are skipped and do not count against max. */
	assert_int_equal(cb_kv_parse("&&&", 3, 0, &list), 0);
	assert_int_equal(list.n, 0);
	body = "&a=1&&b=2&";
	assert_int_equal(cb_kv_parse(body, strlen(body), 2, &list), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].value, "1");
	assert_string_equal(list.items[1].name, "b");
	assert_string_equal(list.items[1].value, "2");
	cb_kv_free(&list);

	/* The length bounds the body, not NUL. */
	assert_int_equal(cb_kv_parse("a=1&b=2", 3, 1, &list), 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.items[0].value, "1");
	cb_kv_free(&list);
}

static void
test_kv_max(void **state)
{
	struct cb_kvlist	 list;

	assert_int_equal(cb_kv_parse("a=1&b=2&c=3", 11, 3, &list), 0);
	assert_int_equal(list.n, 3);
	cb_kv_free(&list);

	kv_reject("a=1&b=2&c=3", 2);
	kv_reject("a=1&a=1&a=1&a=1", 3);
	kv_reject("a", 0);
}

static void
test_kv_bad_escapes(void **state)
{
	kv_reject("%zz", 10);
	kv_reject("a=%zz", 10);
	kv_reject("a=%4", 10);
	kv_reject("a=%4g", 10);
	kv_reject("a=%g4", 10);
	kv_reject("a=%", 10);
	kv_reject("a=%%41", 10);
	kv_reject("%4=1", 10);
	kv_reject("a=%4&b=1", 10);
	kv_reject("a=% 41", 10);
}

/* An escape cut short by the body length must not read past it. */
static void
test_kv_truncated(void **state)
{
	struct cb_kvlist	list;

	assert_int_equal(cb_kv_parse("a=%41", 4, 10, &list), -1);
	assert_null(list.items);
	assert_int_equal(cb_kv_parse("a=%41", 3, 10, &list), -1);
	assert_null(list.items);
	assert_int_equal(cb_kv_parse("%41=1", 2, 10, &list), -1);
	assert_int_equal(cb_kv_parse("a=%41", 5, 10, &list), 0);
	assert_string_equal(list.items[0].value, "A");
	cb_kv_free(&list);
}

static void
test_kv_bad_text(void **state)
{
	/* NUL, in a value or a name. */
	kv_reject("a=%00", 10);
	kv_reject("a=x%00y", 10);
	kv_reject("%00=1", 10);
	/* Invalid UTF-8 after decoding: overlong, surrogate, truncated. */
	kv_reject("a=%C0%AF", 10);
	kv_reject("a=%C0%80", 10);
	kv_reject("a=%ED%A0%80", 10);
	kv_reject("a=%F4%90%80%80", 10);
	kv_reject("a=%D0", 10);
	kv_reject("a=%FF", 10);
	kv_reject("%C0%AF=1", 10);
	/* Raw bytes that are not UTF-8 fail the same way. */
	kv_reject("a=\xc0\xaf", 10);
	kv_reject("a=\xff", 10);
}

/* A failure after some pairs were built frees them all. */
static void
test_kv_partial(void **state)
{
	kv_reject("a=1&b=" ARABIC "&c=%zz", 10);
	kv_reject("a=1&b=2&%C0%AF", 10);
	kv_reject("a=1&b=2&c=%00&d=4", 10);
	kv_reject("a=1&%zz=2", 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_count),
		cmocka_unit_test(test_utf8_controls),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_cstr),
		cmocka_unit_test(test_kv_basic),
		cmocka_unit_test(test_kv_decoding),
		cmocka_unit_test(test_kv_repeated),
		cmocka_unit_test(test_kv_empty),
		cmocka_unit_test(test_kv_max),
		cmocka_unit_test(test_kv_bad_escapes),
		cmocka_unit_test(test_kv_truncated),
		cmocka_unit_test(test_kv_bad_text),
		cmocka_unit_test(test_kv_partial),
	};

	return (cmocka_run_group_tests_name("text", tests, NULL, NULL));
}
