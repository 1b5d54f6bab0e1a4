/*
 * Unit tests for util.c: the one mapping from enum cb_err to HTTP
 * status and API error code, role names both ways, random UUIDs and
 * their validator, hex, and the BSD string copies (truncating, always
 * terminated, returning the length they tried to make).
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/casebook.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define UUID_DRAWS	1000

static int	uuid_cmp(const void *, const void *);

static int
uuid_cmp(const void *a, const void *b)
{
	return (strcmp(a, b));
}

/* Every enumerator, so a new one without a mapping is noticed here. */
static void
test_err_status(void **state)
{
	static const struct {
		enum cb_err	 err;
		int		 status;
		const char	*code;
	} want[] = {
		{ CB_OK,		200, "ok" },
		{ CB_INVALID,		422, "invalid" },
		{ CB_BAD_REQUEST,	400, "invalid" },
		{ CB_UNAUTHORIZED,	401, "unauthorized" },
		{ CB_FORBIDDEN,		403, "forbidden" },
		{ CB_NOT_FOUND,		404, "not_found" },
		{ CB_METHOD,		405, "method_not_allowed" },
		{ CB_CONFLICT,		409, "conflict" },
		{ CB_TOO_LARGE,		413, "too_large" },
		{ CB_MEDIA_TYPE,	415, "unsupported_media_type" },
		{ CB_GUARD,		422, "guard" },
		{ CB_TOO_MANY,		429, "too_many_requests" },
		{ CB_UNAVAILABLE,	503, "unavailable" },
		{ CB_INTERNAL,		500, "internal" },
	};
	size_t	i;

	assert_int_equal(NITEMS(want), CB_INTERNAL + 1);
	for (i = 0; i < NITEMS(want); i++) {
		if (cb_err_status(want[i].err) != want[i].status)
			fail_msg("err %d: status %d, want %d", want[i].err,
			    cb_err_status(want[i].err), want[i].status);
		assert_string_equal(cb_err_code(want[i].err), want[i].code);
	}

	/* Anything else is an internal error, never a success. */
	assert_int_equal(cb_err_status((enum cb_err)(CB_INTERNAL + 1)), 500);
	assert_int_equal(cb_err_status((enum cb_err)-1), 500);
	assert_string_equal(cb_err_code((enum cb_err)(CB_INTERNAL + 1)),
	    "internal");
	assert_string_equal(cb_err_code((enum cb_err)-1), "internal");
}

/* Only the API's codes: a client switches on these. */
static void
test_err_codes_shape(void **state)
{
	const char	*c;
	int		 e;
	size_t		 i;

	for (e = CB_OK; e <= CB_INTERNAL; e++) {
		c = cb_err_code((enum cb_err)e);
		assert_non_null(c);
		assert_true(strlen(c) > 0);
		for (i = 0; c[i] != '\0'; i++)
			assert_true((c[i] >= 'a' && c[i] <= 'z') ||
			    c[i] == '_');
		/* Errors are never 2xx, and successes never an error. */
		if (e == CB_OK)
			assert_int_equal(cb_err_status(CB_OK), 200);
		else
			assert_true(cb_err_status((enum cb_err)e) >= 400);
	}
}

static void
test_roles(void **state)
{
	static const struct {
		enum cb_role	 role;
		const char	*name;
	} want[] = {
		{ CB_ROLE_CASEWORKER,	"caseworker" },
		{ CB_ROLE_SUPERVISOR,	"supervisor" },
		{ CB_ROLE_PARTNER,	"partner" },
		{ CB_ROLE_AUDITOR,	"auditor" },
		{ CB_ROLE_ADMIN,	"admin" },
	};
	size_t	i;

	for (i = 0; i < NITEMS(want); i++) {
		assert_string_equal(cb_role_name(want[i].role), want[i].name);
		assert_int_equal(cb_role_parse(want[i].name), want[i].role);
		assert_int_equal(cb_role_parse(cb_role_name(want[i].role)),
		    want[i].role);
	}

	/* Exact names only: no case folding, no prefixes, no padding. */
	assert_int_equal(cb_role_parse("Caseworker"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse("ADMIN"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse("admin "), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse(" admin"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse("adm"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse("administrator"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse("root"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse("none"), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse(""), CB_ROLE_NONE);
	assert_int_equal(cb_role_parse(NULL), CB_ROLE_NONE);

	/* No name for no role, nor for a combination of roles. */
	assert_string_equal(cb_role_name(CB_ROLE_NONE), "none");
	assert_string_equal(cb_role_name(CB_ROLE_CASEWORKER |
	    CB_ROLE_ADMIN), "none");
	assert_string_equal(cb_role_name((enum cb_role)(1 << 5)), "none");
}

static void
test_uuid_new(void **state)
{
	char	(*ids)[CB_UUID_SIZE];
	size_t	 i;

	ids = test_calloc(UUID_DRAWS, sizeof(*ids));
	assert_non_null(ids);
	for (i = 0; i < UUID_DRAWS; i++) {
		memset(ids[i], 'x', CB_UUID_SIZE);
		cb_uuid_new(ids[i]);
		assert_int_equal(strlen(ids[i]), CB_UUID_LEN);
		assert_true(cb_uuid_valid(ids[i]));
		/* Version 4, RFC 4122 variant (10xx). */
		assert_int_equal(ids[i][14], '4');
		assert_non_null(strchr("89ab", ids[i][19]));
		assert_true(ids[i][19] != '\0');
	}

	qsort(ids, UUID_DRAWS, sizeof(*ids), uuid_cmp);
	for (i = 1; i < UUID_DRAWS; i++) {
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("uuid drawn twice: %s", ids[i]);
	}
	test_free(ids);
}

static void
test_uuid_valid(void **state)
{
	char	s[64];
	size_t	i;

	assert_true(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"));
	assert_true(cb_uuid_valid("00000000-0000-0000-0000-000000000000"));
	assert_true(cb_uuid_valid("ffffffff-ffff-ffff-ffff-ffffffffffff"));

	/* Upper case is not what we issue nor what we accept. */
	assert_false(cb_uuid_valid("3F2B8C1E-9D4A-4E7B-8C2D-1A2B3C4D5E6F"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6F"));
	/* Not hex. */
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6g"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6 "));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6/"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6:"));
	/* Dashes moved, missing, doubled, replaced. */
	assert_false(cb_uuid_valid("3f2b8c1e9-d4a-4e7b-8c2d-1a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1-e9d4a-4e7b-8c2d-1a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a4-e7b-8c2d-1a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b8-c2d-1a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d1-a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b-c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1e_9d4a_4e7b_8c2d_1a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("3f2b8c1e09d4a04e7b08c2d01a2b3c4d5e6f"));
	assert_false(cb_uuid_valid("{3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6}"));
	/* 35 and 37 characters, 32 without dashes, empty, NULL. */
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6"));
	assert_false(cb_uuid_valid("3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f0"));
	assert_false(cb_uuid_valid("3f2b8c1e9d4a4e7b8c2d1a2b3c4d5e6f"));
	assert_false(cb_uuid_valid(""));
	assert_false(cb_uuid_valid(NULL));

	/* A dash anywhere else, or a hex digit where a dash is, fails. */
	for (i = 0; i < CB_UUID_LEN; i++) {
		(void)cb_strlcpy(s, "3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f",
		    sizeof(s));
		s[i] = (s[i] == '-') ? 'a' : '-';
		if (cb_uuid_valid(s))
			fail_msg("accepted %s", s);
	}
	/* Bytes outside ASCII never pass. */
	(void)cb_strlcpy(s, "3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f", sizeof(s));
	s[0] = '\xc3';
	assert_false(cb_uuid_valid(s));
}

static void
test_hex(void **state)
{
	static const unsigned char	 b[] = { 0x00, 0x0f, 0xa5, 0xff };
	char				 out[2 * sizeof(b) + 1];

	memset(out, 'x', sizeof(out));
	cb_hex(b, sizeof(b), out, sizeof(out));
	assert_string_equal(out, "000fa5ff");

	cb_hex(b, 0, out, sizeof(out));
	assert_string_equal(out, "");
}

static void
test_strlcpy(void **state)
{
	char	buf[8];

	/* Fits: copied whole, length returned. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");

	/* Exactly size - 1 fits. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abcdefg", sizeof(buf)), 7);
	assert_string_equal(buf, "abcdefg");

	/* Too long: cut, terminated, and the full length returned. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abcdefgh", sizeof(buf)), 8);
	assert_string_equal(buf, "abcdefg");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abcdefghijklmnop", sizeof(buf)),
	    16);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(buf[7], '\0');

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abc", 1), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');

	/* Size 0 writes nothing. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abc", 0), 3);
	assert_int_equal(buf[0], 'x');

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");

	/* Only the first size - 1 bytes are touched. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(cb_strlcpy(buf, "abcdef", 4), 6);
	assert_string_equal(buf, "abc");
	assert_memory_equal(buf + 4, "xxxx", 4);
}

static void
test_strlcat(void **state)
{
	char	buf[8];

	memset(buf, 'x', sizeof(buf));
	buf[0] = '\0';
	assert_int_equal(cb_strlcat(buf, "ab", sizeof(buf)), 2);
	assert_int_equal(cb_strlcat(buf, "cd", sizeof(buf)), 4);
	assert_string_equal(buf, "abcd");
	assert_int_equal(cb_strlcat(buf, "", sizeof(buf)), 4);
	assert_string_equal(buf, "abcd");

	/* Filling to size - 1 exactly. */
	assert_int_equal(cb_strlcat(buf, "efg", sizeof(buf)), 7);
	assert_string_equal(buf, "abcdefg");

	/* Full: nothing more fits, the length it would have is returned. */
	assert_int_equal(cb_strlcat(buf, "hij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");

	/* Cut part way, still terminated. */
	(void)cb_strlcpy(buf, "abcde", sizeof(buf));
	assert_int_equal(cb_strlcat(buf, "fghijk", sizeof(buf)), 11);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(buf[7], '\0');

	/* size smaller than what is there: no write, dst's size + src. */
	(void)cb_strlcpy(buf, "abcde", sizeof(buf));
	assert_int_equal(cb_strlcat(buf, "xyz", 3), 6);
	assert_string_equal(buf, "abcde");

	/* Unterminated within size: nothing written past it. */
	memset(buf, 'q', sizeof(buf));
	assert_int_equal(cb_strlcat(buf, "ab", sizeof(buf)),
	    sizeof(buf) + 2);
	assert_memory_equal(buf, "qqqqqqqq", sizeof(buf));

	/* Size 0. */
	(void)cb_strlcpy(buf, "ab", sizeof(buf));
	assert_int_equal(cb_strlcat(buf, "cd", 0), 2);
	assert_string_equal(buf, "ab");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_status),
		cmocka_unit_test(test_err_codes_shape),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_uuid_new),
		cmocka_unit_test(test_uuid_valid),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_strlcat),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests_name("util", tests, NULL, NULL));
}
