/*
 * Unit tests for policy.c: every role against every kind of case
 * (assigned to it, in its office, elsewhere, with blank or missing
 * process fields), one row of expectations per pair.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/casebook.h"
#include "domain/policy.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define U1	"11111111-1111-4111-8111-111111111111"
#define U2	"22222222-2222-4222-8222-222222222222"
#define U3	"33333333-3333-4333-8333-333333333333"

enum who {
	CW_U1_SA,	/* caseworker u1, office Sarajevo */
	CW_U2_SA,	/* caseworker u2, office Sarajevo */
	CW_BLANK,	/* caseworker without user id or office */
	SUP_SA,
	SUP_BG,
	SUP_BLANK,	/* supervisor without an office */
	PARTNER,
	AUDITOR,
	ADMIN,
	NOBODY,
	NWHO
};

static const struct cb_actor actors[NWHO] = {
	[CW_U1_SA] =	{ U1, "amra", CB_ROLE_CASEWORKER, "Sarajevo", "" },
	[CW_U2_SA] =	{ U2, "edin", CB_ROLE_CASEWORKER, "Sarajevo", "" },
	[CW_BLANK] =	{ "", "nobody", CB_ROLE_CASEWORKER, "", "" },
	[SUP_SA] =	{ U3, "sena", CB_ROLE_SUPERVISOR, "Sarajevo", "" },
	[SUP_BG] =	{ U3, "milan", CB_ROLE_SUPERVISOR, "Belgrade", "" },
	[SUP_BLANK] =	{ U3, "vera", CB_ROLE_SUPERVISOR, "", "" },
	[PARTNER] =	{ U1, "ngo", CB_ROLE_PARTNER, "Sarajevo", U2 },
	[AUDITOR] =	{ U1, "audit", CB_ROLE_AUDITOR, "Sarajevo", "" },
	[ADMIN] =	{ U1, "root", CB_ROLE_ADMIN, "Sarajevo", "" },
	[NOBODY] =	{ U1, "ghost", CB_ROLE_NONE, "Sarajevo", "" },
};

enum which {
	SA_U1,		/* Sarajevo, assigned to u1 */
	BG_U1,		/* Belgrade, assigned to u1 (moved office) */
	SA_NONE,	/* Sarajevo, unassigned */
	BLANK,		/* blank office and assignee */
	MISSING,	/* NULL office and assignee */
	NWHICH
};

static const struct cb_case_ref cases[NWHICH] = {
	[SA_U1] =	{ "Sarajevo", U1, U2 },
	[BG_U1] =	{ "Belgrade", U1, U2 },
	[SA_NONE] =	{ "Sarajevo", "", U2 },
	[BLANK] =	{ "", "", "" },
	[MISSING] =	{ NULL, NULL, NULL },
};

static void
test_case_read(void **state)
{
	static const struct {
		enum who	who;
		enum which	which;
		int		read;
	} rows[] = {
		{ CW_U1_SA,	SA_U1,		1 },
		{ CW_U1_SA,	BG_U1,		1 },
		{ CW_U1_SA,	SA_NONE,	0 },
		{ CW_U1_SA,	BLANK,		0 },
		{ CW_U1_SA,	MISSING,	0 },
		/* Same office, not assigned: caseworkers see their own. */
		{ CW_U2_SA,	SA_U1,		0 },
		{ CW_U2_SA,	BG_U1,		0 },
		{ CW_U2_SA,	SA_NONE,	0 },
		{ CW_U2_SA,	BLANK,		0 },
		{ CW_U2_SA,	MISSING,	0 },
		/* Blank user id never matches a blank assignee. */
		{ CW_BLANK,	SA_U1,		0 },
		{ CW_BLANK,	BG_U1,		0 },
		{ CW_BLANK,	SA_NONE,	0 },
		{ CW_BLANK,	BLANK,		0 },
		{ CW_BLANK,	MISSING,	0 },
		{ SUP_SA,	SA_U1,		1 },
		{ SUP_SA,	SA_NONE,	1 },
		{ SUP_SA,	BG_U1,		0 },
		{ SUP_SA,	BLANK,		0 },
		{ SUP_SA,	MISSING,	0 },
		{ SUP_BG,	SA_U1,		0 },
		{ SUP_BG,	BG_U1,		1 },
		{ SUP_BG,	SA_NONE,	0 },
		{ SUP_BG,	BLANK,		0 },
		{ SUP_BG,	MISSING,	0 },
		/* Blank office never matches a blank office. */
		{ SUP_BLANK,	SA_U1,		0 },
		{ SUP_BLANK,	BG_U1,		0 },
		{ SUP_BLANK,	SA_NONE,	0 },
		{ SUP_BLANK,	BLANK,		0 },
		{ SUP_BLANK,	MISSING,	0 },
		{ PARTNER,	SA_U1,		0 },
		{ PARTNER,	BG_U1,		0 },
		{ PARTNER,	SA_NONE,	0 },
		{ PARTNER,	BLANK,		0 },
		{ PARTNER,	MISSING,	0 },
		{ AUDITOR,	SA_U1,		0 },
		{ AUDITOR,	BG_U1,		0 },
		{ AUDITOR,	SA_NONE,	0 },
		{ AUDITOR,	BLANK,		0 },
		{ AUDITOR,	MISSING,	0 },
		{ ADMIN,	SA_U1,		0 },
		{ ADMIN,	BG_U1,		0 },
		{ ADMIN,	SA_NONE,	0 },
		{ ADMIN,	BLANK,		0 },
		{ ADMIN,	MISSING,	0 },
		{ NOBODY,	SA_U1,		0 },
		{ NOBODY,	BG_U1,		0 },
		{ NOBODY,	SA_NONE,	0 },
		{ NOBODY,	BLANK,		0 },
		{ NOBODY,	MISSING,	0 },
	};
	int		seen[NWHO][NWHICH];
	size_t		i, w, c;
	int		got, person;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < NITEMS(rows); i++) {
		seen[rows[i].who][rows[i].which]++;
		got = cb_policy_case_read(&actors[rows[i].who],
		    &cases[rows[i].which]);
		person = cb_policy_case_read_person(&actors[rows[i].who],
		    &cases[rows[i].which]);
		if (got != rows[i].read || person != rows[i].read)
			fail_msg("row %zu: %s on case %d: read %d person %d,"
			    " want %d", i, actors[rows[i].who].username,
			    rows[i].which, got, person, rows[i].read);
	}

	/* Every pair has exactly one row. */
	for (w = 0; w < NWHO; w++) {
		for (c = 0; c < NWHICH; c++) {
			if (seen[w][c] != 1)
				fail_msg("%s on case %zu: %d rows",
				    actors[w].username, c, seen[w][c]);
		}
	}
}

/* No record, no actor: no access, whatever the role. */
static void
test_case_read_missing(void **state)
{
	size_t		w;

	for (w = 0; w < NWHO; w++) {
		assert_false(cb_policy_case_read(&actors[w], NULL));
		assert_false(cb_policy_case_read_person(&actors[w], NULL));
	}
	assert_false(cb_policy_case_read(NULL, &cases[SA_U1]));
	assert_false(cb_policy_case_read_person(NULL, &cases[SA_U1]));
}

static void
test_actions(void **state)
{
	static const struct {
		enum who	who;
		int		create, search, list, audit, users;
	} rows[] = {
		{ CW_U1_SA,	1, 1, 1, 0, 0 },
		{ CW_BLANK,	1, 1, 1, 0, 0 },
		{ SUP_SA,	0, 1, 1, 0, 0 },
		{ SUP_BLANK,	0, 1, 1, 0, 0 },
		{ PARTNER,	0, 0, 0, 0, 0 },
		{ AUDITOR,	0, 0, 0, 1, 0 },
		{ ADMIN,	0, 0, 0, 1, 1 },
		{ NOBODY,	0, 0, 0, 0, 0 },
	};
	const struct cb_actor	*a;
	size_t			 i;

	for (i = 0; i < NITEMS(rows); i++) {
		a = &actors[rows[i].who];
		if (cb_policy_case_create(a) != rows[i].create ||
		    cb_policy_case_search(a) != rows[i].search ||
		    cb_policy_case_list(a) != rows[i].list ||
		    cb_policy_audit_read(a) != rows[i].audit ||
		    cb_policy_user_admin(a) != rows[i].users)
			fail_msg("%s: wrong grants", a->username);
	}

	assert_false(cb_policy_case_create(NULL));
	assert_false(cb_policy_case_search(NULL));
	assert_false(cb_policy_case_list(NULL));
	assert_false(cb_policy_audit_read(NULL));
	assert_false(cb_policy_user_admin(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_read),
		cmocka_unit_test(test_case_read_missing),
		cmocka_unit_test(test_actions),
	};

	return (cmocka_run_group_tests_name("policy", tests, NULL, NULL));
}
