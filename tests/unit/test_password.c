/*
 * Unit tests for password.c: length limits counted in code points at
 * both ends (Latin, Cyrillic, Arabic, emoji), refused characters, the
 * username in any case or reversed, dictionary words with digits
 * around them, random strings accepted, and NULL and empty input.
 * The dictionary rule needs Debian's cracklib-runtime installed.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/casebook.h"
#include "domain/password.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define RANDOM_DRAWS	200
#define RANDOM_LEN	20
#define RANDOM_REFUSALS_MAX	5

/* Twelve distinct letters each, two bytes per letter in UTF-8. */
#define CYRILLIC12	"жщфцюэягшзйх"
#define ARABIC12	"ضصثقفغعهخحجد"
/* U+1F600 .. : four bytes each. */
#define EMOJI		"\xf0\x9f\x98\x80"

static void	refused(const char *, const char *, size_t, const char *);
static void	accepted(const char *, const char *, size_t);
static size_t	repeat(char *, size_t, const char *, size_t);

static void
refused(const char *user, const char *pw, size_t len, const char *want)
{
	const char	*key;

	key = "unset";
	if (cb_password_check(user, pw, len, &key) != -1)
		fail_msg("accepted %zu bytes, want %s", len, want);
	assert_non_null(key);
	assert_string_equal(key, want);
}

static void
accepted(const char *user, const char *pw, size_t len)
{
	const char	*key;

	key = "unset";
	if (cb_password_check(user, pw, len, &key) != 0)
		fail_msg("refused \"%.*s\": %s", (int)len, pw,
		    key != NULL ? key : "(null)");
	assert_null(key);
}

/* The first n code points of unit, cycled, into buf (NUL-terminated);
 * returns the byte length. */
static size_t
repeat(char *buf, size_t size, const char *unit, size_t n)
{
	size_t	i, len, cp, step;

	len = 0;
	i = 0;
	for (cp = 0; cp < n; cp++) {
		if (unit[i] == '\0')
			i = 0;
		step = 1;
		while (((unsigned char)unit[i + step] & 0xc0) == 0x80)
			step++;
		assert_true(len + step < size);
		memcpy(buf + len, unit + i, step);
		len += step;
		i += step;
	}
	buf[len] = '\0';
	return (len);
}

static void
test_short_latin(void **state)
{
	refused("caseworker", "Vx7#qL2m9Pz", 11, "err.password_short");
	accepted("caseworker", "Vx7#qL2m9Pz!", 12);
}

/* 11 code points of two bytes are 22 bytes: counting bytes would let
 * them through. */
static void
test_short_cyrillic(void **state)
{
	char	buf[64];
	size_t	len;

	len = repeat(buf, sizeof(buf), CYRILLIC12, 11);
	assert_int_equal(len, 22);
	refused("caseworker", buf, len, "err.password_short");
	len = repeat(buf, sizeof(buf), CYRILLIC12, 12);
	accepted("caseworker", buf, len);
}

static void
test_short_arabic(void **state)
{
	char	buf[64];
	size_t	len;

	len = repeat(buf, sizeof(buf), ARABIC12, 11);
	assert_int_equal(len, 22);
	refused("caseworker", buf, len, "err.password_short");
	len = repeat(buf, sizeof(buf), ARABIC12, 12);
	accepted("caseworker", buf, len);
}

static void
test_short_emoji(void **state)
{
	char	buf[64];
	size_t	len;

	/* 44 bytes, 11 characters. */
	len = repeat(buf, sizeof(buf), EMOJI "\xf0\x9f\x98\x8e"
	    "\xf0\x9f\x8c\xb5" "\xf0\x9f\x9a\x80", 11);
	assert_int_equal(len, 44);
	refused(NULL, buf, len, "err.password_short");
}

/* CB_PASSWORD_MAX is bytes: 128 Cyrillic letters fill it exactly. */
static void
test_long(void **state)
{
	char	buf[CB_PASSWORD_MAX + 16];
	size_t	len;

	len = repeat(buf, sizeof(buf), CYRILLIC12 "7Q" ARABIC12 "#k",
	    CB_PASSWORD_MAX / 2 - 2);
	assert_int_equal(cb_password_check(NULL, buf, len, NULL), 0);
	assert_true(len <= CB_PASSWORD_MAX);
	while (len < CB_PASSWORD_MAX)
		buf[len++] = 'x';
	buf[len] = '\0';
	accepted("caseworker", buf, len);
	buf[len++] = 'y';
	buf[len] = '\0';
	refused("caseworker", buf, len, "err.password_long");

	len = repeat(buf, sizeof(buf), CYRILLIC12, CB_PASSWORD_MAX / 2);
	assert_int_equal(len, CB_PASSWORD_MAX);
	assert_int_equal(cb_password_check(NULL, buf, len, NULL), 0);
	len = repeat(buf, sizeof(buf), CYRILLIC12, CB_PASSWORD_MAX / 2 + 1);
	refused(NULL, buf, len, "err.password_long");
}

static void
test_chars(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
	} bad[] = {
		{ "Vx7#qL2m9Pz!\xff", 13 },		/* not UTF-8 */
		{ "Vx7#qL2m9Pz!\xc3", 13 },		/* truncated */
		{ "Vx7#qL\xc0\xaf" "2m9Pz!", 14 },	/* overlong / */
		{ "Vx7#qL\xed\xa0\x80" "2m9Pz!", 15 },	/* surrogate */
		{ "Vx7#qL\x80" "2m9Pz!", 13 },		/* lone trail */
		{ "Vx7#qL\0" "2m9Pz!", 13 },		/* NUL */
		{ "Vx7#qL\x1b[2J2m9Pz!", 16 },		/* ESC */
		{ "Vx7#qL2m9Pz!\n", 13 },		/* line break */
		{ "Vx7#qL2m9Pz!\r", 13 },
		{ "Vx7#qL\t2m9Pz!", 13 },		/* tab */
		{ "Vx7#qL\xc2\x9b" "2m9Pz!", 14 },	/* C1 CSI */
	};
	size_t	i;

	for (i = 0; i < NITEMS(bad); i++)
		refused("caseworker", bad[i].s, bad[i].len,
		    "err.password_chars");
}

static void
test_username(void **state)
{
	static const char *const bad[] = {
		"caseworker-at-desk-7Q",
		"My-CaseWorker-Desk-77",
		"xx CASEWORKER xx 9q",
		/* Full-width letters fold to ASCII under NFKC. */
		"\xef\xbd\x83\xef\xbd\x81\xef\xbd\x93\xef\xbd\x85"
		"\xef\xbd\x97\xef\xbd\x8f\xef\xbd\x92\xef\xbd\x8b"
		"\xef\xbd\x85\xef\xbd\x92-7Qz",
	};
	size_t	i;

	for (i = 0; i < NITEMS(bad); i++)
		refused("caseworker", bad[i], strlen(bad[i]),
		    "err.password_username");

	/* A short username counts too. */
	refused("al", "Kv7#pALmz9q!", 12, "err.password_username");
	refused("a", "Zq7#vaxk9p!w", 12, "err.password_username");
	accepted("al", "Kv7#pAmzL9q!", 12);
	accepted("caseworker", "case-worker-7Qz#", 16);

	/* The username reversed, in any case. */
	refused("caseworker.belgrade", "edargleb.rekrowesac", 19,
	    "err.password_username");
	refused("caseworker.belgrade", "EdarGleb.ReKrowesac", 19,
	    "err.password_username");
	refused("ivan.petrovic", "civortep.navi", 13,
	    "err.password_username");
}

static void
test_dictionary(void **state)
{
	static const char *const bad[] = {
		"password12345", "qwertyuiop12", "Password2024!",
		"2026password!!", "letmein123456", "iloveyou2026",
		"sunshine1234", "welcome12345", "princess1234",
		"aaaaaaaaaaaaaaa", "abcdefghijklmnop", "123456789012",
		"asdfghjkl123",
	};
	size_t	i;

	for (i = 0; i < NITEMS(bad); i++)
		refused("caseworker", bad[i], strlen(bad[i]),
		    "err.password_dictionary");
	/* Words of a passphrase, each alone a dictionary word. */
	accepted("caseworker", "copper lantern orbit quietly", 28);
}

/*
 * cracklib counts neighbouring letters ("cb", "ji") as "systematic"
 * and so refuses about 1 in 700 truly random strings like these; a
 * few refusals among the draws are cracklib's, more would be ours.
 */
static void
test_random(void **state)
{
	static const char	 alphabet[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.!#%+";
	static const char *const fixed[] = {
		"t9R#xVq2LmZk8!pWd4Ns", "G7h.Qz3Ye+Uo5wKr1Xa%",
		"mP4_sJ8vTe2#Nq6yHw0L",
		/* The demo passwords of scripts/demo.sh look like this. */
		"k3x7q-ab2cd-mz45t-vn7p2",
	};
	const char		*key;
	char			 pw[RANDOM_LEN + 1];
	size_t			 i, j, refusals;

	for (i = 0; i < NITEMS(fixed); i++)
		accepted("caseworker", fixed[i], strlen(fixed[i]));

	assert_true(sodium_init() >= 0);
	refusals = 0;
	for (i = 0; i < RANDOM_DRAWS; i++) {
		for (j = 0; j < RANDOM_LEN; j++)
			pw[j] = alphabet[randombytes_uniform(
			    sizeof(alphabet) - 1)];
		pw[RANDOM_LEN] = '\0';
		if (cb_password_check("caseworker", pw, RANDOM_LEN, &key) ==
		    0)
			continue;
		assert_string_equal(key, "err.password_dictionary");
		refusals++;
	}
	if (refusals > RANDOM_REFUSALS_MAX)
		fail_msg("%zu of %d random strings refused", refusals,
		    RANDOM_DRAWS);
}

/* pw need not be NUL-terminated: only len bytes are read. */
static void
test_not_terminated(void **state)
{
	char	buf[32];

	memset(buf, 'p', sizeof(buf));
	memcpy(buf, "Vx7#qL2m9Pz!", 12);
	accepted("caseworker", buf, 12);
}

static void
test_null_empty(void **state)
{
	const char	*key;

	refused("caseworker", NULL, 0, "err.password_short");
	refused("caseworker", NULL, 12, "err.password_short");
	refused("caseworker", "", 0, "err.password_short");
	refused(NULL, "", 0, "err.password_short");
	/* No errkey wanted: still refused, nothing written. */
	assert_int_equal(cb_password_check("caseworker", "", 0, NULL), -1);
	assert_int_equal(cb_password_check("caseworker", "Vx7#qL2m9Pz!", 12,
	    NULL), 0);
	/* No username: the other rules still hold. */
	accepted(NULL, "Vx7#qL2m9Pz!", 12);
	accepted("", "Vx7#qL2m9Pz!", 12);
	refused(NULL, "password12345", 13, "err.password_dictionary");
	/* A password of spaces only has nothing to fold, yet is no
	 * username; cracklib refuses it. */
	key = NULL;
	assert_int_equal(cb_password_check("caseworker", "            ", 12,
	    &key), -1);
	assert_string_equal(key, "err.password_dictionary");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_latin),
		cmocka_unit_test(test_short_cyrillic),
		cmocka_unit_test(test_short_arabic),
		cmocka_unit_test(test_short_emoji),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_dictionary),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_not_terminated),
		cmocka_unit_test(test_null_empty),
	};

	return (cmocka_run_group_tests_name("password", tests, NULL, NULL));
}
