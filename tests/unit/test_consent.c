/*
 * Unit tests for domain/consent: categories by name and bit, a
 * consent's state on a day (validity window, withdrawal), what a
 * referral needs by reason and services, whether a consent allows it
 * (state, organisation, categories), and the fields of each category.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/consent.h"

#define ORG_A	"11111111-1111-4111-8111-111111111111"
#define ORG_B	"22222222-2222-4222-8222-222222222222"

static void
test_categories(void **state)
{
	char	out[128];

	assert_int_equal(cb_category_bit("identity"), CB_CAT_IDENTITY);
	assert_int_equal(cb_category_bit("narrative"), CB_CAT_NARRATIVE);
	assert_int_equal(cb_category_bit("Identity"), 0);
	assert_int_equal(cb_category_bit(NULL), 0);
	assert_string_equal(cb_category_name(CB_CAT_HEALTH), "health");
	assert_null(cb_category_name(3));
	assert_int_equal(cb_categories_parse("contact,identity"),
	    CB_CAT_CONTACT | CB_CAT_IDENTITY);
	assert_int_equal(cb_categories_parse(""), 0);
	assert_int_equal(cb_categories_parse("identity,,contact"), -1);
	assert_int_equal(cb_categories_parse("identity,photos"), -1);
	cb_categories_str(CB_CAT_NARRATIVE | CB_CAT_IDENTITY, out,
	    sizeof(out));
	assert_string_equal(out, "identity,narrative");
	cb_categories_str(CB_CAT_ALL, out, sizeof(out));
	assert_int_equal(cb_categories_parse(out), CB_CAT_ALL);
}

static void
test_state(void **state)
{
	assert_int_equal(cb_consent_state("2026-01-01", "2026-12-31", 0,
	    "2026-06-01"), CB_CONSENT_ACTIVE);
	/* Both ends are days of validity. */
	assert_int_equal(cb_consent_state("2026-01-01", "2026-12-31", 0,
	    "2026-01-01"), CB_CONSENT_ACTIVE);
	assert_int_equal(cb_consent_state("2026-01-01", "2026-12-31", 0,
	    "2026-12-31"), CB_CONSENT_ACTIVE);
	assert_int_equal(cb_consent_state("2026-01-01", "2026-12-31", 0,
	    "2027-01-01"), CB_CONSENT_EXPIRED);
	assert_int_equal(cb_consent_state("2026-01-01", "2026-12-31", 0,
	    "2025-12-31"), CB_CONSENT_PENDING);
	/* Withdrawal wins over anything. */
	assert_int_equal(cb_consent_state("2026-01-01", "2026-12-31", 1,
	    "2026-06-01"), CB_CONSENT_WITHDRAWN);
	assert_string_equal(cb_consent_state_name(CB_CONSENT_EXPIRED),
	    "expired");
}

static void
test_needs(void **state)
{
	int	base;

	base = CB_CAT_IDENTITY | CB_CAT_CASE_SUMMARY;
	assert_int_equal(cb_referral_needs("AdditionalServicesRequired", ""),
	    base);
	assert_int_equal(cb_referral_needs("Other", NULL), base);
	assert_int_equal(cb_referral_needs("MigrationOrChangeOfLocation", ""),
	    base | CB_CAT_CONTACT | CB_CAT_DOCUMENTS);
	assert_int_equal(cb_referral_needs("AdditionalServicesRequired",
	    "medical"), base | CB_CAT_HEALTH);
	/* Nothing of the narrative unless a legal service needs it. */
	assert_int_equal(cb_referral_needs("AdditionalServicesRequired",
	    "shelter,counselling") & CB_CAT_NARRATIVE, 0);
	assert_int_equal(cb_referral_needs("AdditionalServicesRequired",
	    "legal"), base | CB_CAT_DOCUMENTS | CB_CAT_NARRATIVE);
	assert_int_equal(cb_referral_needs("Bogus", ""), -1);
	assert_int_equal(cb_referral_needs(NULL, ""), -1);
}

static void
test_allowed(void **state)
{
	int	missing;

	assert_int_equal(cb_referral_allowed(CB_CONSENT_ACTIVE, ORG_A, ORG_A,
	    CB_CAT_ALL, CB_CAT_IDENTITY, &missing), CB_REFER_OK);
	assert_int_equal(missing, 0);
	assert_int_equal(cb_referral_allowed(CB_CONSENT_EXPIRED, ORG_A, ORG_A,
	    CB_CAT_ALL, CB_CAT_IDENTITY, &missing), CB_REFER_CONSENT_STATE);
	assert_int_equal(cb_referral_allowed(CB_CONSENT_WITHDRAWN, ORG_A,
	    ORG_A, CB_CAT_ALL, CB_CAT_IDENTITY, &missing),
	    CB_REFER_CONSENT_STATE);
	assert_int_equal(cb_referral_allowed(CB_CONSENT_PENDING, ORG_A, ORG_A,
	    CB_CAT_ALL, CB_CAT_IDENTITY, &missing), CB_REFER_CONSENT_STATE);
	assert_int_equal(cb_referral_allowed(CB_CONSENT_ACTIVE, ORG_A, ORG_B,
	    CB_CAT_ALL, CB_CAT_IDENTITY, &missing), CB_REFER_OTHER_ORG);
	assert_int_equal(cb_referral_allowed(CB_CONSENT_ACTIVE, ORG_A, ORG_A,
	    CB_CAT_IDENTITY, CB_CAT_IDENTITY | CB_CAT_HEALTH, &missing),
	    CB_REFER_CATEGORIES);
	assert_int_equal(missing, CB_CAT_HEALTH);
}

/* Each category a fixed list; no field in two categories. */
static void
test_fields(void **state)
{
	const char *const	*f, *const *g;
	size_t			 i, j, a, b;

	for (i = 0; i < 6; i++) {
		f = cb_category_fields(1 << i);
		assert_non_null(f);
		assert_non_null(f[0]);
		for (j = i + 1; j < 6; j++) {
			g = cb_category_fields(1 << j);
			for (a = 0; f[a] != NULL; a++)
				for (b = 0; g[b] != NULL; b++)
					assert_string_not_equal(f[a], g[b]);
		}
	}
	assert_null(cb_category_fields(0));
	assert_null(cb_category_fields(CB_CAT_ALL));
	assert_string_equal(cb_category_fields(CB_CAT_DOCUMENTS)[0],
	    "document_number");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_needs),
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_fields),
	};

	return (cmocka_run_group_tests_name("consent", tests, NULL, NULL));
}
