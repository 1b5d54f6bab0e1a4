/*
 * Unit tests for reqlog.c: request ids are taken only in their exact
 * form, every route of conf/casebook.conf.in becomes a pattern without
 * regex syntax or anything variable, and the access line's words.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text/reqlog.h"

static void	route_is(const char *, const char *);

static void
route_is(const char *route, const char *want)
{
	char	out[128];

	assert_int_equal(cb_reqlog_route(route, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void
test_id_ok(void **state)
{
	assert_true(cb_reqlog_id_ok("0123456789abcdef0123456789abcdef"));
	assert_false(cb_reqlog_id_ok(NULL));
	assert_false(cb_reqlog_id_ok(""));
	/* Upper case, one short, one long, a UUID, spaces, a newline. */
	assert_false(cb_reqlog_id_ok("0123456789ABCDEF0123456789abcdef"));
	assert_false(cb_reqlog_id_ok("0123456789abcdef0123456789abcde"));
	assert_false(cb_reqlog_id_ok("0123456789abcdef0123456789abcdef0"));
	assert_false(cb_reqlog_id_ok("01234567-89ab-cdef-0123-456789abcdef"));
	assert_false(cb_reqlog_id_ok("0123456789abcdef0123456789abcde "));
	assert_false(cb_reqlog_id_ok("0123456789abcdef0123456789abcde\n"));
	assert_false(cb_reqlog_id_ok("0123456789abcdef\n0123456789abcdef"));
}

static void
test_route(void **state)
{
	route_is("/", "/");
	route_is("/api/v1/cases", "/api/v1/cases");
	route_is("/assets/casebook.css", "/assets/casebook.css");
	route_is("^/cases/[0-9a-f-]{36}$", "/cases/{id}");
	route_is("^/api/v1/cases/[0-9a-f-]{36}/transitions$",
	    "/api/v1/cases/{id}/transitions");
	route_is("^/approvals/[0-9a-f-]{36}/decision$",
	    "/approvals/{id}/decision");
	route_is("^/cases/[0-9a-f-]{36}/assistance/new$",
	    "/cases/{id}/assistance/new");
	route_is("^/.*$", "/*");
	route_is("^/x/[a-z]+/y/[0-9]*$", "/x/{id}/y/{id}");
	route_is("^/a/[^/]?/b$", "/a/{id}/b");
	/* Escapes give their character; other syntax is dropped. */
	route_is("^/a\\.b$", "/a.b");
	route_is("^/(a|b)$", "/ab");
	route_is("/a b\n", "/ab");
	/* Unterminated syntax ends the pattern, never reads past it. */
	route_is("^/a/[0-9", "/a/{id}");
	route_is("^/a/[0-9]{3", "/a/{id}");
}

static void
test_route_too_long(void **state)
{
	char	out[8];

	assert_int_equal(cb_reqlog_route("/api/v1/cases", out, sizeof(out)),
	    -1);
	assert_string_equal(out, "?");
	assert_int_equal(cb_reqlog_route("^/[0-9]{36}/x$", out, 5), -1);
	assert_string_equal(out, "?");
	assert_int_equal(cb_reqlog_route("/", out, 0), -1);
	assert_int_equal(cb_reqlog_route("/abc", out, 5), 0);
	assert_string_equal(out, "/abc");
}

static void
test_line(void **state)
{
	char	out[CB_REQLOG_LINE_MAX];

	assert_int_equal(cb_reqlog_line(out, sizeof(out),
	    "0123456789abcdef0123456789abcdef", "POST",
	    "/api/v1/cases/{id}/transitions", 409, 12), 0);
	assert_string_equal(out, "access rid=0123456789abcdef0123456789abcdef"
	    " method=POST route=/api/v1/cases/{id}/transitions status=409"
	    " ms=12");
	/* No answer was sent: counted as nginx counts it. */
	assert_int_equal(cb_reqlog_line(out, sizeof(out),
	    "0123456789abcdef0123456789abcdef", "GET", "/cases", 0, 30000),
	    0);
	assert_non_null(strstr(out, " status=499 ms=30000"));
	assert_int_equal(cb_reqlog_line(out, 20,
	    "0123456789abcdef0123456789abcdef", "GET", "/", 200, 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_ok),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_route_too_long),
		cmocka_unit_test(test_line),
	};

	return (cmocka_run_group_tests_name("reqlog", tests, NULL, NULL));
}
