/*
 * Unit tests for i18n.c: the catalogue stays searchable (sorted, no
 * key twice) and complete: every field, picklist option, state, stage,
 * status, role, guard and error key that the forms and the flow can
 * put on a page has an English text.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "render/i18n.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const enum cb_case_type	types[] = { CB_CASE_AVRR, CB_CASE_CT };

static void	has(const char *, const char *);
static void	field_keys(const struct cb_field *);

static void
has(const char *prefix, const char *name)
{
	char	key[160];

	(void)snprintf(key, sizeof(key), "%s%s", prefix, name);
	if (!cb_i18n_has(key))
		fail_msg("no catalogue entry %s", key);
	assert_string_not_equal(cb_t(key), key);
	assert_true(strlen(cb_t(key)) > 0);
}

/* field.<name>, and opt.<last name part>.<code> for each option. */
static void
field_keys(const struct cb_field *f)
{
	const char	*base;
	char		 prefix[96];
	size_t		 i;

	has("field.", f->name);
	if (f->options == NULL)
		return;
	/* Languages are shown by their names (lang.<code>). */
	if (f->options == cb_vocab_languages) {
		for (i = 0; f->options[i] != NULL; i++)
			has("lang.", f->options[i]);
		return;
	}

	base = strrchr(f->name, '.');
	base = (base != NULL) ? base + 1 : f->name;
	(void)snprintf(prefix, sizeof(prefix), "opt.%s.", base);
	for (i = 0; f->options[i] != NULL; i++)
		has(prefix, f->options[i]);
}

/* Each table sorted (lookup is a binary search), no key in two. */
static void
test_sorted_unique(void **state)
{
	const struct cb_i18n_table	*tb, *o;
	const char			*prev, *key;
	size_t				 i, j, total, found;

	total = 0;
	for (tb = cb_i18n_en; tb->name != NULL; tb++) {
		prev = NULL;
		for (i = 0; i < *tb->n; i++) {
			key = tb->entries[i].key;
			if (prev != NULL && strcmp(prev, key) >= 0)
				fail_msg("%s: \"%s\" after \"%s\"",
				    tb->name, key, prev);
			assert_true(cb_i18n_has(key));
			found = 0;
			for (o = cb_i18n_en; o->name != NULL; o++) {
				for (j = 0; j < *o->n; j++) {
					if (strcmp(o->entries[j].key,
					    key) == 0)
						found++;
				}
			}
			if (found != 1)
				fail_msg("\"%s\" is in %zu tables", key,
				    found);
			prev = key;
		}
		total += *tb->n;
	}
	assert_true(total > 100);
}

/* The index answers every key with its own entry, whatever buffer the
 * key is in, in both languages. */
static void
test_index(void **state)
{
	const struct cb_i18n_table	*tb;
	char				 key[128];
	size_t				 i;

	for (tb = cb_i18n_en; tb->name != NULL; tb++) {
		for (i = 0; i < *tb->n; i++) {
			assert_true(strlen(tb->entries[i].key) < sizeof(key));
			(void)strcpy(key, tb->entries[i].key);
			assert_ptr_equal(cb_t(key), tb->entries[i].text);
		}
	}
	cb_i18n_set(CB_LANG_BS);
	for (i = 0; i < cb_i18n_bs_n; i++) {
		if (cb_i18n_bs[i].text[0] == '\0')
			continue;
		(void)strcpy(key, cb_i18n_bs[i].key);
		assert_ptr_equal(cb_t(key), cb_i18n_bs[i].text);
	}
	cb_i18n_set(CB_LANG_EN);
}

static void
test_lookup(void **state)
{
	const char	*missing = "no.such.key";

	assert_string_equal(cb_t("field.person.given_name"), "Given name");
	assert_string_equal(cb_t("opt.gender.Feminine"), "Feminine");
	assert_string_equal(cb_t("opt.case_type.AVRR"),
	    "Assisted voluntary return (AVRR)");
	assert_string_equal(cb_t("opt.case_type.CT"),
	    "Counter-trafficking assistance (CT)");
	assert_string_equal(cb_t("err.required"), "Required");
	/* A missing string shows its key rather than nothing. */
	assert_ptr_equal(cb_t(missing), missing);
	assert_false(cb_i18n_has(missing));
	assert_false(cb_i18n_has(""));
	assert_false(cb_i18n_has(NULL));
	assert_string_equal(cb_t(NULL), "");
	/* Case matters, prefixes are not keys. */
	assert_false(cb_i18n_has("ERR.REQUIRED"));
	assert_false(cb_i18n_has("err."));
	assert_false(cb_i18n_has("err.required "));
}

static void
test_errors(void **state)
{
	static const char *const keys[] = {
		"err.required", "err.too_long", "err.date", "err.country",
		"err.phone", "err.option", "err.type", "err.unknown_field",
		"err.consent_required", "err.utf8", "err.control",
		"err.chars", "err.duplicate", "err.number", NULL
	};
	size_t		i;

	for (i = 0; keys[i] != NULL; i++)
		has("", keys[i]);
}

static void
test_intake_fields(void **state)
{
	size_t		i;

	for (i = 0; i < cb_form_intake.nfields; i++)
		field_keys(&cb_form_intake.fields[i]);
	for (i = 0; cb_opt_gender[i] != NULL; i++)
		has("opt.gender.", cb_opt_gender[i]);
	for (i = 0; cb_opt_case_type[i] != NULL; i++)
		has("opt.case_type.", cb_opt_case_type[i]);
}

static void
test_flow(void **state)
{
	/* What the guards answer when they refuse (flow/guards.c). */
	static const char *const guard_keys[] = {
		"data_consent", "protection_need", "return_declaration",
		"consent_share", "child_bid", "child_guardian",
		"fit_to_travel", "escort_booked", "not_departed", "departed",
		"assistance_consent", "link_exists", "unknown", NULL
	};
	static const char *const statuses[] = {
		"pending", "approved", "rejected", "cancelled", NULL
	};
	const struct cb_transition	*tr;
	const struct cb_state		*st;
	size_t				 i, j, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		st = cb_flow_states(types[k], &n);
		for (i = 0; i < n; i++) {
			has("state.", st[i].name);
			/* A pending state keeps the stage it was asked in. */
			if (st[i].stage == NULL)
				continue;
			has("stage.", st[i].stage);
			has("htcds.", st[i].htcds);
		}
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++) {
			has("to.", tr[i].to);
			if (tr[i].kind != NULL)
				has("approval.kind.", tr[i].kind);
			for (j = 0; j < tr[i].nfields; j++)
				field_keys(&tr[i].fields[j]);
		}
	}
	for (i = 0; cb_flow_stages[i] != NULL; i++)
		has("stage.", cb_flow_stages[i]);
	for (i = 0; guard_keys[i] != NULL; i++)
		has("guard.", guard_keys[i]);
	for (i = 0; statuses[i] != NULL; i++)
		has("approval.status.", statuses[i]);
	for (i = 1; i <= 12; i++) {
		char	m[8];

		(void)snprintf(m, sizeof(m), "%zu", i);
		has("month.", m);
	}
}

static void
test_roles(void **state)
{
	static const enum cb_role roles[] = {
		CB_ROLE_CASEWORKER, CB_ROLE_SUPERVISOR, CB_ROLE_PARTNER,
		CB_ROLE_AUDITOR, CB_ROLE_ADMIN
	};
	size_t		i;

	for (i = 0; i < NITEMS(roles); i++)
		has("role.", cb_role_name(roles[i]));
}

/* Every message has a Bosnian text (src/render/i18n/po/bs.po); the
 * test names the keys that do not, so a translator knows what to do. */
static void
test_bosnian(void **state)
{
	const struct cb_i18n_table	*tb;
	size_t				 i, missing;

	missing = 0;
	for (tb = cb_i18n_en; tb->name != NULL; tb++) {
		for (i = 0; i < *tb->n; i++) {
			if (cb_i18n_has_in(CB_LANG_BS, tb->entries[i].key))
				continue;
			if (missing++ < 20)
				print_message("no Bosnian text for %s\n",
				    tb->entries[i].key);
		}
	}
	if (missing > 0)
		fail_msg("%zu messages have no Bosnian translation", missing);
	cb_i18n_set(CB_LANG_BS);
	assert_string_equal(cb_t("action.login"), "Prijava");
	assert_string_equal(cb_t("no.such.key"), "no.such.key");
	cb_i18n_set(CB_LANG_EN);
	assert_string_equal(cb_t("action.login"), "Log in");
}

static void
test_accept_language(void **state)
{
	assert_int_equal(cb_lang_accept(NULL), CB_LANG_EN);
	assert_int_equal(cb_lang_accept(""), CB_LANG_EN);
	assert_int_equal(cb_lang_accept("bs"), CB_LANG_BS);
	assert_int_equal(cb_lang_accept("bs-BA,bs;q=0.9,en;q=0.8"), CB_LANG_BS);
	assert_int_equal(cb_lang_accept("hr-HR,hr;q=0.9"), CB_LANG_BS);
	assert_int_equal(cb_lang_accept("sr-Latn-RS"), CB_LANG_BS);
	assert_int_equal(cb_lang_accept("en-GB,en;q=0.9,bs;q=0.5"), CB_LANG_EN);
	assert_int_equal(cb_lang_accept("de,fr;q=0.8"), CB_LANG_EN);
	/* q decides, not the order. */
	assert_int_equal(cb_lang_accept("en;q=0.3, bs;q=0.7"), CB_LANG_BS);
	assert_int_equal(cb_lang_accept("bs;q=0, en"), CB_LANG_EN);
	assert_int_equal(cb_lang_parse("BS", 2), CB_LANG_BS);
	assert_int_equal(cb_lang_parse("xx", 2), -1);
	assert_string_equal(cb_lang_code(CB_LANG_BS), "bs");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_unique),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_intake_fields),
		cmocka_unit_test(test_flow),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_bosnian),
		cmocka_unit_test(test_accept_language),
	};

	return (cmocka_run_group_tests_name("i18n", tests, NULL, NULL));
}
