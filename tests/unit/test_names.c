/*
 * Unit tests for render/names.c and the pickers of render/form.c: every
 * country and language code of the vocabulary has an English name (and
 * no name is left without its code); the pickers list every code once,
 * sorted by name as people read it (accents and case aside); a chosen
 * code stays selected on a redraw, several for the languages; what was
 * sent but is no code comes back escaped and selected, never as markup;
 * the case page and the facts show names, not codes.
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

#include <kore/kore.h>

#include "out.h"

#include "core/casebook.h"
#include "domain/forms.h"
#include "render/html.h"
#include "render/i18n.h"

#define LONG	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

static size_t	index_of(const char *const *, const char *);
static const struct cb_field *intake_field(const char *);

static size_t
index_of(const char *const *list, const char *code)
{
	size_t		i;

	for (i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], code) == 0)
			return (i);
	}
	fail_msg("%s is not in the list", code);
	return (0);
}

static const struct cb_field *
intake_field(const char *name)
{
	int	i;

	i = cb_form_index(&cb_form_intake, name);
	assert_true(i >= 0);
	return (&cb_form_intake.fields[i]);
}

/* Every code has a name of its own, and every name a code. */
static void
test_names_complete(void **state)
{
	char		key[32];
	size_t		i, n;

	for (n = 0; cb_vocab_countries[n] != NULL; n++) {
		(void)snprintf(key, sizeof(key), "country.%s",
		    cb_vocab_countries[n]);
		if (!cb_i18n_has(key))
			fail_msg("no name for country %s", key);
		assert_true(strlen(cb_t(key)) > 2);
		assert_string_equal(cb_name_country(cb_vocab_countries[n]),
		    cb_t(key));
	}
	assert_int_equal(n, cb_i18n_en_countries_n);
	assert_true(n >= 250);
	for (i = 0; i < cb_i18n_en_countries_n; i++) {
		assert_true(cb_valid_country(cb_i18n_en_countries[i].key + 8,
		    strlen(cb_i18n_en_countries[i].key + 8)));
	}

	for (n = 0; cb_vocab_languages[n] != NULL; n++) {
		(void)snprintf(key, sizeof(key), "lang.%s",
		    cb_vocab_languages[n]);
		if (!cb_i18n_has(key))
			fail_msg("no name for language %s", key);
		assert_true(strlen(cb_t(key)) > 2);
		/* A name, not a qualifier of one. */
		assert_null(strstr(cb_t(key), "macrolanguage"));
	}
	assert_int_equal(n, cb_i18n_en_languages_n);
	for (i = 0; i < cb_i18n_en_languages_n; i++) {
		assert_true(cb_valid_lang(cb_i18n_en_languages[i].key + 5,
		    strlen(cb_i18n_en_languages[i].key + 5)));
	}

	assert_string_equal(cb_name_country("XK"), "Kosovo");
	assert_string_equal(cb_name_country("BA"), "Bosnia and Herzegovina");
	assert_string_equal(cb_name_country("SY"), "Syria");
	assert_string_equal(cb_name_lang("prs"), "Dari");
	assert_string_equal(cb_name_lang("ps"), "Pashto");
	assert_string_equal(cb_name_lang("ckb"), "Central Kurdish");
	assert_string_equal(cb_name_lang("bs"), "Bosnian");
	/* No name: the code itself, never a catalogue key. */
	assert_string_equal(cb_name_country("ZZ"), "ZZ");
	assert_string_equal(cb_name_lang("xx9"), "xx9");
	assert_string_equal(cb_name_country(NULL), "");
	/* Longer than any key: the code, not a truncated lookup. */
	assert_string_equal(cb_name_country(LONG), LONG);
}

/* Each code once, in the order people look for them. */
static void
test_sorted_by_name(void **state)
{
	const char *const	*c, *const *l;
	size_t			 i, n;

	c = cb_names_countries();
	for (n = 0; c[n] != NULL; n++) {
		if (n > 0 && cb_names_cmp(cb_name_country(c[n - 1]),
		    cb_name_country(c[n])) >= 0)
			fail_msg("%s before %s", cb_name_country(c[n - 1]),
			    cb_name_country(c[n]));
		(void)index_of(cb_vocab_countries, c[n]);
	}
	for (i = 0; cb_vocab_countries[i] != NULL; i++)
		(void)index_of(c, cb_vocab_countries[i]);
	assert_int_equal(n, i);
	assert_true(n < CB_NAMES_MAX);
	/* Accents and case aside: Åland after Afghanistan, before Albania;
	 * Côte d'Ivoire between Costa Rica and Croatia. */
	assert_true(index_of(c, "AF") < index_of(c, "AX"));
	assert_true(index_of(c, "AX") < index_of(c, "AL"));
	assert_true(index_of(c, "CR") < index_of(c, "CI"));
	assert_true(index_of(c, "CI") < index_of(c, "HR"));
	/* The same list on a second call. */
	assert_ptr_equal(cb_names_countries(), c);

	l = cb_names_languages();
	for (n = 0; l[n] != NULL; n++) {
		if (n > 0 && cb_names_cmp(cb_name_lang(l[n - 1]),
		    cb_name_lang(l[n])) >= 0)
			fail_msg("%s before %s", cb_name_lang(l[n - 1]),
			    cb_name_lang(l[n]));
	}
	for (i = 0; cb_vocab_languages[i] != NULL; i++)
		(void)index_of(l, cb_vocab_languages[i]);
	assert_int_equal(n, i);
	assert_string_equal(cb_name_lang(l[0]), "Abkhazian");

	assert_true(cb_names_cmp("\xC3\x85land", "Albania") < 0);
	assert_true(cb_names_cmp("albania", "Albania") > 0);
	assert_true(cb_names_cmp("Albania", "Albania") == 0);
	assert_true(cb_names_cmp("Chad", "Chadwick") < 0);
	assert_true(cb_names_cmp("C\xC3\xB4te", "Croatia") < 0);
	assert_true(cb_names_cmp("C\xC3\xB4te", "Costa") > 0);
}

static void
test_country_picker(void **state)
{
	const struct cb_field	*f;
	struct out		 o;

	f = intake_field("person.citizenship");
	out_begin(&o);
	cb_html_field(&o.buf, f, "IQ", NULL);
	out_end(&o);
	assert_true(contains(&o, "<label for=\"person.citizenship\">"));
	assert_true(contains(&o, "<select id=\"person.citizenship\" "
	    "name=\"person.citizenship\"><option value=\"\"></option>"));
	assert_true(contains(&o, "<option value=\"IQ\" selected>Iraq"
	    "</option>"));
	assert_int_equal(count(&o, " selected"), 1);
	assert_int_equal(count(&o, "<option value=\""), 251);
	assert_false(contains(&o, "multiple"));
	assert_false(contains(&o, "<input"));
	/* Names with an apostrophe are escaped like any text. */
	assert_true(contains(&o, ">C\xC3\xB4te d&#39;Ivoire</option>"));
	out_done(&o);

	/* Nothing chosen. */
	out_begin(&o);
	cb_html_field(&o.buf, f, NULL, NULL);
	out_end(&o);
	assert_int_equal(count(&o, " selected"), 0);
	out_done(&o);

	/* Sent but no code: kept, escaped, selected, with its error. */
	out_begin(&o);
	cb_html_field(&o.buf, f, "\"><script>x</script>", "err.country");
	out_end(&o);
	assert_null(strstr(o.s, "<script"));
	assert_true(contains(&o, "<option value=\"&quot;&gt;&lt;script&gt;"
	    "x&lt;/script&gt;\" selected>&quot;&gt;&lt;script&gt;x&lt;/script"
	    "&gt;</option>"));
	assert_int_equal(count(&o, " selected"), 1);
	assert_true(contains(&o, " aria-invalid=\"true\" aria-describedby="
	    "\"err-person.citizenship\""));
	assert_true(contains(&o, "<p class=\"error\" "
	    "id=\"err-person.citizenship\">"));
	out_done(&o);

	/* A transition's country, with the prefixes of its form. */
	out_begin(&o);
	cb_html_field_in(&o.buf, f, "to-x-", "data.", "XK", NULL);
	out_end(&o);
	assert_true(contains(&o, "<select id=\"to-x-person.citizenship\" "
	    "name=\"data.person.citizenship\">"));
	assert_true(contains(&o, "<option value=\"XK\" selected>Kosovo"
	    "</option>"));
	out_done(&o);
}

static void
test_language_picker(void **state)
{
	const struct cb_field	*f;
	struct out		 o;
	size_t			 n;

	f = intake_field("person.languages");
	for (n = 0; cb_vocab_languages[n] != NULL; n++)
		;
	out_begin(&o);
	cb_html_field(&o.buf, f, "ar,bs", NULL);
	out_end(&o);
	assert_true(contains(&o, "<select id=\"person.languages\" "
	    "name=\"person.languages\" multiple size=\"8\">"));
	assert_true(contains(&o, "<option value=\"ar\" selected>Arabic"
	    "</option>"));
	assert_true(contains(&o, "<option value=\"bs\" selected>Bosnian"
	    "</option>"));
	assert_true(contains(&o, "<option value=\"prs\">Dari</option>"));
	assert_int_equal(count(&o, " selected"), 2);
	assert_int_equal(count(&o, "<option value=\""), n);
	/* No empty option in a multiple select: it would post "". */
	assert_false(contains(&o, "<option value=\"\">"));
	assert_true(contains(&o, cb_t("hint.choose_several")));
	out_done(&o);

	/* Kept as sent, escaped, next to the known ones. */
	out_begin(&o);
	cb_html_field(&o.buf, f, "prs,<x>&,en", "err.option");
	out_end(&o);
	assert_null(strstr(o.s, "<x>"));
	assert_true(contains(&o, "<option value=\"&lt;x&gt;&amp;\" selected>"
	    "&lt;x&gt;&amp;</option>"));
	assert_true(contains(&o, "<option value=\"prs\" selected>"));
	assert_true(contains(&o, "<option value=\"en\" selected>English"));
	assert_int_equal(count(&o, " selected"), 3);
	assert_true(contains(&o, "aria-describedby=\"err-person.languages\""));
	out_done(&o);

	/* "p" is no item of "prs,en": items match whole. */
	out_begin(&o);
	cb_html_field(&o.buf, f, "prs", NULL);
	out_end(&o);
	assert_int_equal(count(&o, " selected"), 1);
	out_done(&o);
}

/* Pages show names where they showed codes. */
static void
test_names_shown(void **state)
{
	struct out	o;

	out_begin(&o);
	cb_html_fact(&o.buf, "destination_country", "PK");
	cb_html_fact(&o.buf, "country_of_exploitation", "XK");
	cb_html_fact(&o.buf, "escort_needed", "true");
	out_end(&o);
	assert_string_equal(o.s, "PakistanKosovo" "Yes");
	out_done(&o);

	out_begin(&o);
	cb_html_dd_names(&o.buf, "person.languages",
	    "field.person.languages", "lang.", "prs,ar,<b>");
	cb_html_dd_names(&o.buf, "person.citizenship",
	    "field.person.citizenship", "country.", "AF");
	cb_html_dd_names(&o.buf, "person.citizenship",
	    "field.person.citizenship", "country.", NULL);
	out_end(&o);
	assert_true(contains(&o, "<dd data-field=\"person.languages\">Dari, "
	    "Arabic, &lt;b&gt;</dd>"));
	assert_true(contains(&o, "<dd data-field=\"person.citizenship\">"
	    "Afghanistan</dd>"));
	assert_true(contains(&o, "<dd data-field=\"person.citizenship\">"
	    "<span class=\"none\">-</span></dd>"));
	assert_true(contains(&o, cb_t("field.person.languages")));
	out_done(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_complete),
		cmocka_unit_test(test_sorted_by_name),
		cmocka_unit_test(test_country_picker),
		cmocka_unit_test(test_language_picker),
		cmocka_unit_test(test_names_shown),
	};

	return (cmocka_run_group_tests_name("names", tests, NULL, NULL));
}
