/*
 * Unit tests for cb_norm_text: the normalisation in front of every
 * blind index. A spelling that should match but does not hides a
 * duplicate person; one that matches wrongly merges two people.
 * Allocation goes through kore_shim.c, so a leak fails the test.
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

/* U+00E9 precomposed, and e + U+0301 combining acute. */
#define E_ACUTE_NFC	"\xc3\xa9"
#define E_ACUTE_NFD	"e" "\xcc\x81"
#define NBSP		"\xc2\xa0"
#define EM_SPACE	"\xe2\x80\x83"
#define IDEO_SPACE	"\xe3\x80\x80"
#define ZWSP		"\xe2\x80\x8b"
#define ARABIC_NAME	"أحمد كريمي"

static void	expect_norm(const char *, size_t, const char *);
static void	expect_null(const char *, size_t);
static void	expect_same(const char *, const char *);

static void
expect_norm(const char *in, size_t len, const char *want)
{
	char	*out;
	size_t	 olen;

	olen = 12345;
	out = cb_norm_text(in, len, &olen);
	assert_non_null(out);
	assert_int_equal(olen, strlen(want));
	assert_int_equal(strlen(out), olen);
	assert_string_equal(out, want);
	kore_free(out);
}

static void
expect_null(const char *in, size_t len)
{
	char	*out;
	size_t	 olen;

	olen = 12345;
	out = cb_norm_text(in, len, &olen);
	assert_null(out);
	assert_int_equal(olen, 0);
}

static void
expect_same(const char *a, const char *b)
{
	char	*na, *nb;
	size_t	 la, lb;

	na = cb_norm_text(a, strlen(a), &la);
	nb = cb_norm_text(b, strlen(b), &lb);
	assert_non_null(na);
	assert_non_null(nb);
	assert_int_equal(la, lb);
	assert_memory_equal(na, nb, la);
	kore_free(na);
	kore_free(nb);
}

static void
test_trim(void **state)
{
	const char	*s;

	s = "  abc  ";
	expect_norm(s, strlen(s), "abc");
	s = "\t\r\nabc\r\n\t";
	expect_norm(s, strlen(s), "abc");
	s = NBSP "abc" IDEO_SPACE;
	expect_norm(s, strlen(s), "abc");
	s = "\v\f" "abc" "\xc2\x85";		/* VT, FF, U+0085 NEL */
	expect_norm(s, strlen(s), "abc");
}

static void
test_collapse(void **state)
{
	const char	*s;

	s = "a   b\t\tc";
	expect_norm(s, strlen(s), "a b c");
	s = "a" NBSP NBSP "b" EM_SPACE " " IDEO_SPACE "c";
	expect_norm(s, strlen(s), "a b c");
	s = "  Ahmed  KARIMI ";
	expect_norm(s, strlen(s), "ahmed karimi");
	s = "a \n b";
	expect_norm(s, strlen(s), "a b");
}

static void
test_casefold(void **state)
{
	const char	*s;

	s = "AHMED Karimi";
	expect_norm(s, strlen(s), "ahmed karimi");
	s = "\xc3\x9f";				/* U+00DF sharp s */
	expect_norm(s, strlen(s), "ss");
	expect_norm("SS", 2, "ss");
	s = "\xe1\xba\x9e";			/* U+1E9E capital sharp s */
	expect_norm(s, strlen(s), "ss");
	expect_same("Stra\xc3\x9f" "e", "STRASSE");
	s = "ИВАНОВ Пётр";
	expect_norm(s, strlen(s), "иванов пётр");
	expect_same("ИВАНОВ", "иванов");
	/* Final and medial sigma fold to the same letter. */
	expect_same("ΟΔΥΣΣΕΥΣ", "οδυσσευς");
}

static void
test_nfc_nfd(void **state)
{
	expect_norm(E_ACUTE_NFD, strlen(E_ACUTE_NFD), E_ACUTE_NFC);
	expect_norm(E_ACUTE_NFC, strlen(E_ACUTE_NFC), E_ACUTE_NFC);
	expect_same("Jos" E_ACUTE_NFC, "JOS" E_ACUTE_NFD);
	/* Upper case E with acute, decomposed, folds to the same. */
	expect_same("Jos" E_ACUTE_NFC, "JOSE\xcc\x81");
}

static void
test_compat(void **state)
{
	const char	*s;

	/* Full-width document numbers are typed on some keyboards. */
	s = "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93";
	expect_norm(s, strlen(s), "ab123");
	s = "\xef\xac\x81le";			/* U+FB01 ligature fi */
	expect_norm(s, strlen(s), "file");
	/* U+FEE3 ARABIC LETTER MEEM INITIAL FORM -> U+0645 MEEM. */
	s = "\xef\xbb\xa3";
	expect_norm(s, strlen(s), "\xd9\x85");
	/* Default ignorables such as U+200B vanish under NFKC_Casefold. */
	s = "ab" ZWSP "c";
	expect_norm(s, strlen(s), "abc");
}

static void
test_arabic(void **state)
{
	const char	*s;
	char		*once, *twice;
	size_t		 l1, l2;

	expect_norm(ARABIC_NAME, strlen(ARABIC_NAME), ARABIC_NAME);
	s = "  " ARABIC_NAME "\t";
	expect_norm(s, strlen(s), ARABIC_NAME);

	/* U+FDFA expands to a whole phrase, with spaces inside. */
	s = "\xef\xb7\xba";
	expect_norm(s, strlen(s), "صلى الله عليه وسلم");

	once = cb_norm_text(ARABIC_NAME, strlen(ARABIC_NAME), &l1);
	assert_non_null(once);
	assert_true(l1 > 0);
	twice = cb_norm_text(once, l1, &l2);
	assert_non_null(twice);
	assert_int_equal(l1, l2);
	assert_memory_equal(once, twice, l1);
	kore_free(once);
	kore_free(twice);
}

/* The output is already normal: normalising it again changes nothing. */
static void
test_idempotent(void **state)
{
	static const char *in[] = {
		"  Ahmed  KARIMI ",
		"JOSE\xcc\x81" NBSP "Mar\xc3\xad" "a",
		"ИВАНОВ" IDEO_SPACE "Пётр",
		"\xef\xb7\xba",
		"\xc2\xa8" "a",			/* U+00A8 -> space + U+0308 */
		"Stra\xc3\x9f" "e",
	};
	char	*once, *twice;
	size_t	 i, l1, l2;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		once = cb_norm_text(in[i], strlen(in[i]), &l1);
		assert_non_null(once);
		twice = cb_norm_text(once, l1, &l2);
		assert_non_null(twice);
		assert_int_equal(l1, l2);
		assert_memory_equal(once, twice, l1);
		kore_free(once);
		kore_free(twice);
	}
}

static void
test_invalid_utf8(void **state)
{
	expect_null("\xc0\xaf", 2);		/* overlong '/' */
	expect_null("\xe0\x80\xaf", 3);		/* overlong, 3 bytes */
	expect_null("\x80", 1);			/* lone continuation */
	expect_null("a\x80" "b", 3);
	expect_null("\xed\xa0\x80", 3);		/* surrogate U+D800 */
	expect_null("\xed\xbf\xbf", 3);		/* surrogate U+DFFF */
	expect_null("\xf4\x90\x80\x80", 4);	/* above U+10FFFF */
	expect_null("\xe2\x82", 2);		/* truncated */
	expect_null("abc\xe2", 4);		/* truncated at the end */
	expect_null("\xff", 1);
	expect_null("\xfe", 1);
	expect_null("a\0b", 3);			/* embedded NUL */
}

static void
test_empty(void **state)
{
	const char	*s;

	expect_null("", 0);
	expect_null("abc", 0);
	expect_null(NULL, 0);
	expect_null(NULL, 5);
	expect_null(" ", 1);
	s = "   \t\r\n";
	expect_null(s, strlen(s));
	s = NBSP EM_SPACE IDEO_SPACE " ";
	expect_null(s, strlen(s));
	s = ZWSP ZWSP;
	expect_null(s, strlen(s));
}

static void
test_length_bound(void **state)
{
	const char	 b[3] = { 'A', 'B', 'C' };
	char		*in, *want, *out;
	size_t		 n, olen;

	/* len is honoured: no NUL terminator is needed or read. */
	expect_norm(b, sizeof(b), "abc");
	expect_norm("ABCDEF", 3, "abc");

	out = cb_norm_text("x", 1, NULL);
	assert_non_null(out);
	assert_string_equal(out, "x");
	kore_free(out);

	n = 100000;
	in = test_malloc(n);
	want = test_malloc(n + 1);
	memset(in, 'A', n);
	memset(want, 'a', n);
	want[n] = '\0';
	out = cb_norm_text(in, n, &olen);
	assert_non_null(out);
	assert_int_equal(olen, n);
	assert_string_equal(out, want);
	kore_free(out);
	test_free(in);
	test_free(want);

	n = 1024 * 1024 + 1;
	in = test_malloc(n);
	memset(in, 'a', n);
	assert_null(cb_norm_text(in, n, &olen));
	test_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_casefold),
		cmocka_unit_test(test_nfc_nfd),
		cmocka_unit_test(test_compat),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_length_bound),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
