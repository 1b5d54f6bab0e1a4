/*
 * Unit tests for forms.c: the intake form through both faces (JSON
 * body and form post) must give the same verdict for the same input,
 * the consent rule must keep personal data out without consent, and
 * the shared validators (dates, countries, phones, languages, age
 * bands) must hold at their edges. Leaks fail through kore_shim.c.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "text/json.h"
#include "text/text.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define ARABIC_M	"\xd9\x85"			/* U+0645 */
/* Јован */
#define CYRILLIC	"\xd0\x88\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd"

struct pair {
	const char	*name;
	const char	*value;
};

static int	 run_json(const char *, struct cb_values *,
		    struct cb_ferrors *);
static int	 run_kv(const char *, struct cb_values *,
		    struct cb_ferrors *);
static size_t	 with_base(struct pair *, const char *, const char *);
static char	*to_json(const struct pair *, size_t, int);
static char	*to_kv(const struct pair *, size_t, int);
static void	 both(const char *, const char *, const char *);
static void	 date_str(char *, size_t, time_t);
static char	*repeat(const char *, size_t);

static int
run_json(const char *doc, struct cb_values *vals, struct cb_ferrors *fe)
{
	struct cb_json		*j;
	struct cb_json_error	 err;
	int			 rc;

	j = NULL;
	if (cb_json_parse(doc, strlen(doc), &j, &err) != 0)
		fail_msg("test JSON rejected at %zu: %s", err.offset,
		    err.reason);
	rc = cb_form_from_json(&cb_form_intake, j, vals, fe);
	cb_json_free(j);
	return (rc);
}

static int
run_kv(const char *body, struct cb_values *vals, struct cb_ferrors *fe)
{
	struct cb_kvlist	kv;
	int			rc;

	if (cb_kv_parse(body, strlen(body), 64, &kv) != 0)
		fail_msg("test form body rejected: %s", body);
	rc = cb_form_from_kv(&cb_form_intake, &kv, vals, fe);
	cb_kv_free(&kv);
	return (rc);
}

/* A valid registration with consent, with one field set to value. */
static size_t
with_base(struct pair *p, const char *name, const char *value)
{
	static const struct pair base[] = {
		{ "case_type",			"AVRR" },
		{ "person.given_name",		"Amina" },
		{ "person.family_name",		"Hadzic" },
		{ "person.citizenship",		"AF" },
	};
	size_t		i, n;
	int		found;

	found = 0;
	for (i = 0, n = 0; i < NITEMS(base); i++) {
		p[n] = base[i];
		if (name != NULL && strcmp(base[i].name, name) == 0) {
			p[n].value = value;
			found = 1;
		}
		n++;
	}
	if (name != NULL && !found) {
		p[n].name = name;
		p[n].value = value;
		n++;
	}

	return (n);
}

static char *
to_json(const struct pair *p, size_t n, int consent)
{
	struct kore_buf	 buf;
	size_t		 i, k;
	char		*out;

	kore_buf_init(&buf, 128);
	kore_buf_appendf(&buf, "{\"consent_data_processing\":%s",
	    consent ? "true" : "false");
	for (i = 0; i < n; i++) {
		if (strncmp(p[i].name, "person.", 7) == 0)
			continue;
		kore_buf_append(&buf, ",", 1);
		cb_json_cstr(&buf, p[i].name);
		kore_buf_append(&buf, ":", 1);
		cb_json_cstr(&buf, p[i].value);
	}
	kore_buf_appendf(&buf, ",\"person\":{");
	for (i = 0, k = 0; i < n; i++) {
		if (strncmp(p[i].name, "person.", 7) != 0)
			continue;
		if (k++ > 0)
			kore_buf_append(&buf, ",", 1);
		cb_json_cstr(&buf, p[i].name + 7);
		kore_buf_append(&buf, ":", 1);
		cb_json_cstr(&buf, p[i].value);
	}
	kore_buf_appendf(&buf, "}}");

	out = kore_malloc(buf.offset + 1);
	memcpy(out, buf.data, buf.offset);
	out[buf.offset] = '\0';
	kore_buf_cleanup(&buf);
	return (out);
}

static char *
to_kv(const struct pair *p, size_t n, int consent)
{
	struct kore_buf		 buf;
	const unsigned char	*s;
	size_t			 i;
	char			*out;

	kore_buf_init(&buf, 128);
	kore_buf_appendf(&buf, "csrf=x&form_token=y");
	if (consent)
		kore_buf_appendf(&buf, "&consent_data_processing=on");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(&buf, "&%s=", p[i].name);
		for (s = (const unsigned char *)p[i].value; *s != '\0'; s++)
			kore_buf_appendf(&buf, "%%%02X", *s);
	}

	out = kore_malloc(buf.offset + 1);
	memcpy(out, buf.data, buf.offset);
	out[buf.offset] = '\0';
	kore_buf_cleanup(&buf);
	return (out);
}

/* The same value in the same field: same verdict from both faces. */
static void
both(const char *name, const char *value, const char *want)
{
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct pair		 p[8];
	size_t			 n;
	char			*doc;
	int			 face, rc;
	const char		*got;

	n = with_base(p, name, value);
	for (face = 0; face < 2; face++) {
		doc = face == 0 ? to_json(p, n, 1) : to_kv(p, n, 1);
		rc = face == 0 ? run_json(doc, &vals, &fe) :
		    run_kv(doc, &vals, &fe);
		got = cb_ferrors_get(&fe, name);
		if ((want == NULL && (rc != 0 || fe.n != 0)) ||
		    (want != NULL && (rc != -1 || got == NULL ||
		    strcmp(got, want) != 0)))
			fail_msg("%s %s=\"%s\": want %s, got %s (%zu errors,"
			    " first %s: %s)", face == 0 ? "json" : "form",
			    name, value, want ? want : "ok",
			    got ? got : "ok", fe.n, fe.n ? fe.field[0] : "",
			    fe.n ? fe.msg[0] : "");
		cb_values_clear(&vals);
		kore_free(doc);
	}
}

static void
date_str(char *out, size_t len, time_t t)
{
	struct tm	tm;

	assert_non_null(gmtime_r(&t, &tm));
	assert_true(strftime(out, len, "%Y-%m-%d", &tm) == 10);
}

static char *
repeat(const char *s, size_t times)
{
	size_t	 len, i;
	char	*out;

	len = strlen(s);
	out = kore_malloc(len * times + 1);
	for (i = 0; i < times; i++)
		memcpy(out + i * len, s, len);
	out[len * times] = '\0';
	return (out);
}

static void
test_table(void **state)
{
	const struct cb_field	*f;
	size_t			 i, j;

	assert_true(cb_form_intake.nfields <= CB_FORM_MAX);
	assert_int_equal(cb_form_intake.nfields, 13);
	for (i = 0; i < cb_form_intake.nfields; i++) {
		f = &cb_form_intake.fields[i];
		assert_int_equal(cb_form_index(&cb_form_intake, f->name), i);
		if (f->type == CB_F_TEXT)
			assert_true(f->maxlen > 0);
		if (f->type == CB_F_ENUM || f->type == CB_F_MULTI)
			assert_non_null(f->options);
		/* Identifiers and sensitive data are always personal. */
		if (f->class == CB_CLASS_E1 || f->class == CB_CLASS_E2)
			assert_true(f->personal);
		for (j = 0; f->options != NULL && f->options[j] != NULL; j++)
			;
		if (f->options != NULL)
			assert_true(j > 0);
	}

	f = &cb_form_intake.fields[cb_form_index(&cb_form_intake,
	    "person.given_name")];
	assert_int_equal(f->class, CB_CLASS_E1);
	assert_int_equal(f->required, CB_REQ_CONSENT);
	assert_int_equal(f->maxlen, 100);
	assert_int_equal(cb_form_index(&cb_form_intake, "person"), -1);
	assert_int_equal(cb_form_index(&cb_form_intake, "given_name"), -1);
	assert_int_equal(cb_form_index(NULL, "office"), -1);
	assert_int_equal(cb_form_index(&cb_form_intake, NULL), -1);
	assert_string_equal(cb_opt_case_type[0], "AVRR");
	assert_string_equal(cb_opt_case_type[1], "CT");
	assert_null(cb_opt_case_type[2]);
	assert_string_equal(cb_opt_gender[5], "NonSpecifiedUnknown");
	assert_null(cb_opt_gender[6]);
}

static void
test_json_full(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_json("{\"case_type\": \"AVRR\","
	    " \"consent_data_processing\": true,"
	    " \"person\": {\"given_name\": \"  Amina \","
	    " \"family_name\": \"Hadzic\","
	    " \"name_original_script\": \"" ARABIC_M ARABIC_M "\","
	    " \"date_of_birth\": \"1990-02-28\", \"gender\": \"Feminine\","
	    " \"citizenship\": \"AF\", \"phone\": \"+38761234567\","
	    " \"document_number\": \"P 123-45/6\","
	    " \"languages\": [\"prs\", \" en \"]},"
	    " \"office\": \"Sarajevo\", \"location\": \"Usivak\"}",
	    &vals, &fe), 0);
	assert_int_equal(fe.n, 0);
	assert_ptr_equal(vals.form, &cb_form_intake);
	assert_string_equal(cb_values_get(&vals, "case_type"), "AVRR");
	assert_string_equal(cb_values_get(&vals, "consent_data_processing"),
	    "true");
	assert_string_equal(cb_values_get(&vals, "person.given_name"),
	    "Amina");
	assert_int_equal(vals.len[cb_form_index(&cb_form_intake,
	    "person.given_name")], 5);
	assert_string_equal(cb_values_get(&vals,
	    "person.name_original_script"), ARABIC_M ARABIC_M);
	assert_string_equal(cb_values_get(&vals, "person.languages"),
	    "prs,en");
	assert_string_equal(cb_values_get(&vals, "person.document_number"),
	    "P 123-45/6");
	assert_string_equal(cb_values_get(&vals, "location"), "Usivak");
	assert_null(cb_values_get(&vals, "nope"));
	assert_null(cb_values_get(NULL, "office"));
	cb_values_clear(&vals);
	assert_null(cb_values_get(&vals, "case_type"));
	/* Clearing twice is harmless. */
	cb_values_clear(&vals);
	cb_values_clear(NULL);
}

/* Without consent only a pseudonymous registration is accepted. */
static void
test_json_pseudonymous(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_json("{\"case_type\": \"CT\"}", &vals, &fe), 0);
	assert_string_equal(cb_values_get(&vals, "consent_data_processing"),
	    "false");
	assert_null(cb_values_get(&vals, "person.given_name"));
	assert_null(cb_values_get(&vals, "office"));
	cb_values_clear(&vals);

	assert_int_equal(run_json("{\"case_type\": \"AVRR\","
	    " \"consent_data_processing\": false, \"person\": {},"
	    " \"office\": \"Belgrade\"}", &vals, &fe), 0);
	assert_string_equal(cb_values_get(&vals, "office"), "Belgrade");
	cb_values_clear(&vals);

	/* null is absence, for the group as for a field. */
	assert_int_equal(run_json("{\"case_type\": \"AVRR\", \"person\": null,"
	    " \"location\": null}", &vals, &fe), 0);
	cb_values_clear(&vals);

	assert_int_equal(run_json("{\"case_type\": \"AVRR\", \"person\":"
	    " {\"given_name\": \"Amina\", \"gender\": \"Feminine\","
	    " \"languages\": [\"ar\"], \"citizenship\": \"SY\"},"
	    " \"location\": \"Obrenovac\"}", &vals, &fe), -1);
	assert_int_equal(fe.n, 5);
	assert_string_equal(cb_ferrors_get(&fe, "person.given_name"),
	    "err.consent_required");
	assert_string_equal(cb_ferrors_get(&fe, "person.gender"),
	    "err.consent_required");
	assert_string_equal(cb_ferrors_get(&fe, "person.languages"),
	    "err.consent_required");
	assert_string_equal(cb_ferrors_get(&fe, "person.citizenship"),
	    "err.consent_required");
	assert_string_equal(cb_ferrors_get(&fe, "location"),
	    "err.consent_required");
	/* Not required without consent, so no error for the absent. */
	assert_null(cb_ferrors_get(&fe, "person.family_name"));
	/* Kept, so the form can be redrawn with consent ticked. */
	assert_string_equal(cb_values_get(&vals, "person.given_name"),
	    "Amina");
	cb_values_clear(&vals);

	/* Even an invalid personal value is refused for lack of consent. */
	assert_int_equal(run_json("{\"case_type\": \"AVRR\", \"person\":"
	    " {\"phone\": \"123\"}}", &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "person.phone"),
	    "err.consent_required");
	cb_values_clear(&vals);
}

static void
test_json_required(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_json("{\"consent_data_processing\": true}",
	    &vals, &fe), -1);
	assert_int_equal(fe.n, 4);
	assert_string_equal(cb_ferrors_get(&fe, "case_type"), "err.required");
	assert_string_equal(cb_ferrors_get(&fe, "person.given_name"),
	    "err.required");
	assert_string_equal(cb_ferrors_get(&fe, "person.family_name"),
	    "err.required");
	assert_string_equal(cb_ferrors_get(&fe, "person.citizenship"),
	    "err.required");
	cb_values_clear(&vals);

	/* Blank is absent. */
	assert_int_equal(run_json("{\"case_type\": \"   \"}", &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "case_type"), "err.required");
	cb_values_clear(&vals);
}

static void
test_json_unknown(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_json("{\"case_type\": \"AVRR\", \"nickname\": 1,"
	    " \"person\": {\"nickname\": \"x\", \"given\": {}},"
	    " \"person.given_name\": \"x\", \"\": 2}", &vals, &fe), -1);
	assert_int_equal(fe.n, 5);
	assert_string_equal(cb_ferrors_get(&fe, "nickname"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, "person.nickname"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, "person.given"),
	    "err.unknown_field");
	/* A flat dotted member is not a second spelling of the field. */
	assert_string_equal(cb_ferrors_get(&fe, "person.given_name"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, ""), "err.unknown_field");
	cb_values_clear(&vals);

	/* No group inside a field, no group where a field is. */
	assert_int_equal(run_json("{\"case_type\": {\"a\": 1},"
	    " \"office\": {}}", &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "case_type"), "err.type");
	assert_string_equal(cb_ferrors_get(&fe, "office"), "err.type");
	cb_values_clear(&vals);
}

static void
test_json_long_unknown(void **state)
{
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	char			*name, *doc;
	size_t			 len;

	/* 'é' is two bytes: the copy must not cut one in half. */
	name = repeat("\xc3\xa9", 100);
	len = strlen(name) + 32;
	doc = kore_malloc(len);
	(void)snprintf(doc, len, "{\"person\": {\"%s\": 1}}", name);
	assert_int_equal(run_json(doc, &vals, &fe), -1);
	assert_string_equal(fe.msg[0], "err.unknown_field");
	assert_true(strlen(fe.field[0]) < CB_FNAME_MAX);
	assert_true(strncmp(fe.field[0], "person.\xc3\xa9", 9) == 0);
	assert_true(cb_utf8_valid(fe.field[0], strlen(fe.field[0])));
	cb_values_clear(&vals);
	kore_free(doc);
	kore_free(name);
}

static void
test_json_types(void **state)
{
	static const struct {
		const char	*doc;
		const char	*field;
	} cases[] = {
		{ "{\"consent_data_processing\": \"yes\"}",
		    "consent_data_processing" },
		{ "{\"consent_data_processing\": 1}",
		    "consent_data_processing" },
		{ "{\"case_type\": 1}",			"case_type" },
		{ "{\"case_type\": [\"AVRR\"]}",	"case_type" },
		{ "{\"case_type\": true}",		"case_type" },
		{ "{\"person\": \"Amina\"}",		"person" },
		{ "{\"person\": []}",			"person" },
		{ "{\"person\": {\"phone\": 38761234567}}", "person.phone" },
		{ "{\"person\": {\"languages\": \"prs\"}}",
		    "person.languages" },
		{ "{\"person\": {\"languages\": [1]}}", "person.languages" },
		{ "{\"person\": {\"languages\": [[\"en\"]]}}",
		    "person.languages" },
		{ "{\"person\": {\"languages\": [null]}}",
		    "person.languages" },
		{ "{\"location\": false}",		"location" },
	};
	struct cb_values	vals;
	struct cb_ferrors	fe;
	size_t			i;

	for (i = 0; i < NITEMS(cases); i++) {
		assert_int_equal(run_json(cases[i].doc, &vals, &fe), -1);
		if (cb_ferrors_get(&fe, cases[i].field) == NULL ||
		    strcmp(cb_ferrors_get(&fe, cases[i].field),
		    "err.type") != 0)
			fail_msg("%s: no err.type on %s", cases[i].doc,
			    cases[i].field);
		cb_values_clear(&vals);
	}
}

static void
test_json_body(void **state)
{
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j;
	struct cb_json_error	 err;

	assert_int_equal(cb_json_parse("[1]", 3, &j, &err), 0);
	assert_int_equal(cb_form_from_json(&cb_form_intake, j, &vals, &fe),
	    -1);
	assert_string_equal(cb_ferrors_get(&fe, "body"), "err.type");
	assert_int_equal(cb_form_from_json(&cb_form_intake, j, NULL, &fe),
	    -1);
	assert_int_equal(cb_form_from_json(&cb_form_intake, j, &vals, NULL),
	    -1);
	assert_int_equal(cb_form_from_kv(&cb_form_intake, NULL, NULL, NULL),
	    -1);
	cb_json_free(j);

	assert_int_equal(cb_form_from_json(&cb_form_intake, NULL, &vals, &fe),
	    -1);
	assert_string_equal(cb_ferrors_get(&fe, "body"), "err.type");
	assert_int_equal(cb_form_from_kv(NULL, NULL, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "body"), "err.type");
	cb_values_clear(&vals);
}

static void
test_json_languages(void **state)
{
	static const struct {
		const char	*list;
		const char	*want;
		const char	*kept;
	} cases[] = {
		{ "[\"prs\", \"en\", \"ckb\", \"bs\"]", NULL, "prs,en,ckb,bs" },
		{ "[\"prs\", \"prs\"]",		"err.duplicate",	NULL },
		{ "[\"xx\"]",			"err.option",	"xx" },
		{ "[\"EN\"]",			"err.option",	"EN" },
		{ "[\"eng\"]",			"err.option",	"eng" },
		{ "[\"\"]",			"err.option",	NULL },
		{ "[\"prs,en\"]",		"err.option",	NULL },
		{ "[\"prs en\"]",		"err.option",	NULL },
		{ "[]",				NULL,		NULL },
		{ "[\"ar\", \"fa\", \"prs\", \"ps\", \"ur\", \"ku\", \"ckb\","
		    " \"kmr\", \"bn\", \"so\", \"fr\", \"en\", \"bs\", \"hr\","
		    " \"sr\", \"de\"]", NULL, NULL },
		{ "[\"ar\", \"fa\", \"prs\", \"ps\", \"ur\", \"ku\", \"ckb\","
		    " \"kmr\", \"bn\", \"so\", \"fr\", \"en\", \"bs\", \"hr\","
		    " \"sr\", \"de\", \"tr\"]", "err.too_long", NULL },
	};
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	char			 doc[512];
	const char		*got;
	size_t			 i;

	for (i = 0; i < NITEMS(cases); i++) {
		(void)snprintf(doc, sizeof(doc), "{\"case_type\": \"AVRR\","
		    " \"consent_data_processing\": true, \"person\":"
		    " {\"given_name\": \"A\", \"family_name\": \"B\","
		    " \"citizenship\": \"IQ\", \"languages\": %s}}",
		    cases[i].list);
		(void)run_json(doc, &vals, &fe);
		got = cb_ferrors_get(&fe, "person.languages");
		if ((cases[i].want == NULL) != (got == NULL) ||
		    (got != NULL && strcmp(got, cases[i].want) != 0))
			fail_msg("%s: want %s, got %s", cases[i].list,
			    cases[i].want ? cases[i].want : "ok",
			    got ? got : "ok");
		if (cases[i].want == NULL)
			assert_int_equal(fe.n, 0);
		if (cases[i].kept != NULL)
			assert_string_equal(cb_values_get(&vals,
			    "person.languages"), cases[i].kept);
		cb_values_clear(&vals);
	}
}

/* The same rules through both faces, field by field. */
static void
test_rules_both_faces(void **state)
{
	static const struct {
		const char	*field;
		const char	*value;
		const char	*want;
	} cases[] = {
		{ "case_type", "CT", NULL },
		{ "case_type", "avrr", "err.option" },
		{ "case_type", "AVRR ", NULL },
		{ "person.given_name", "Amina", NULL },
		{ "person.given_name", "  Amina  ", NULL },
		{ "person.given_name", CYRILLIC, NULL },
		{ "person.given_name", "Ami\nna", "err.control" },
		{ "person.given_name", "Amina\r\n", "err.control" },
		{ "person.given_name", "Ami\tna", "err.control" },
		{ "person.given_name", "Ami\x07na", "err.control" },
		{ "person.given_name", "Ami\x7fna", "err.control" },
		{ "person.given_name", "Ami\xc2\x85na", "err.control" },
		{ "person.given_name", "Ami\xe2\x80\xa8na", "err.control" },
		{ "person.given_name", "\xe2\x80\xae" "animA", "err.control" },
		{ "person.given_name", "\xe2\x81\xa7" "Amina", "err.control" },
		/* Direction marks are how mixed-script names are typed. */
		{ "person.name_original_script", ARABIC_M "\xe2\x80\x8f",
		    NULL },
		{ "person.given_name", "", "err.required" },
		{ "person.family_name", "   ", "err.required" },
		{ "person.name_original_script", ARABIC_M " " ARABIC_M, NULL },
		{ "person.date_of_birth", "2000-02-29", NULL },
		{ "person.date_of_birth", "1900-01-01", NULL },
		{ "person.date_of_birth", "1899-12-31", "err.date" },
		{ "person.date_of_birth", "1900-02-29", "err.date" },
		{ "person.date_of_birth", "2001-02-29", "err.date" },
		{ "person.date_of_birth", "2001-04-31", "err.date" },
		{ "person.date_of_birth", "2001-00-10", "err.date" },
		{ "person.date_of_birth", "2001-13-10", "err.date" },
		{ "person.date_of_birth", "2001-12-00", "err.date" },
		{ "person.date_of_birth", "2001-12-32", "err.date" },
		{ "person.date_of_birth", "2001-1-01", "err.date" },
		{ "person.date_of_birth", "2001/01/01", "err.date" },
		{ "person.date_of_birth", "20010101", "err.date" },
		{ "person.date_of_birth", "02.01.2001", "err.date" },
		{ "person.date_of_birth", "2999-01-01", "err.date" },
		{ "person.gender", "Feminine", NULL },
		{ "person.gender", "TransgenderMasculine", NULL },
		{ "person.gender", "NonSpecifiedUnknown", NULL },
		{ "person.gender", "feminine", "err.option" },
		{ "person.gender", "Female", "err.option" },
		{ "person.citizenship", "SY", NULL },
		{ "person.citizenship", "PS", NULL },
		{ "person.citizenship", "XK", NULL },
		{ "person.citizenship", "af", "err.country" },
		{ "person.citizenship", "UK", "err.country" },
		{ "person.citizenship", "YU", "err.country" },
		{ "person.citizenship", "AFG", "err.country" },
		{ "person.citizenship", "A", "err.country" },
		{ "person.phone", "+38761234567", NULL },
		{ "person.phone", "38761234567", NULL },
		{ "person.phone", "+12", NULL },
		{ "person.phone", "+123456789012345", NULL },
		{ "person.phone", "+1234567890123456", "err.phone" },
		{ "person.phone", "+1", "err.phone" },
		{ "person.phone", "+0387612345", "err.phone" },
		{ "person.phone", "++38761234567", "err.phone" },
		{ "person.phone", "+387 61 234 567", "err.phone" },
		{ "person.phone", "+387-61-234567", "err.phone" },
		{ "person.document_number", "AB 123-45/6", NULL },
		{ "person.document_number", "AB#123", "err.chars" },
		{ "person.document_number", "\xd0\x90\xd0\x91" "123",
		    "err.chars" },
		{ "person.document_number", "AB\n123", "err.control" },
		{ "office", "Sarajevo", NULL },
		{ "location", "Krnja\xc4\x8d" "a reception centre", NULL },
		{ "location", "a\nb", "err.control" },
	};
	size_t		i;

	for (i = 0; i < NITEMS(cases); i++)
		both(cases[i].field, cases[i].value, cases[i].want);
}

static void
test_lengths(void **state)
{
	char	*s;

	/* Code points, not bytes: 100 Arabic letters are 200 bytes. */
	s = repeat(ARABIC_M, 100);
	both("person.given_name", s, NULL);
	kore_free(s);
	s = repeat(ARABIC_M, 101);
	both("person.given_name", s, "err.too_long");
	kore_free(s);
	s = repeat("x", 101);
	both("person.family_name", s, "err.too_long");
	kore_free(s);
	s = repeat(ARABIC_M, 200);
	both("person.name_original_script", s, NULL);
	kore_free(s);
	s = repeat(ARABIC_M, 201);
	both("person.name_original_script", s, "err.too_long");
	kore_free(s);
	s = repeat("9", 50);
	both("person.document_number", s, NULL);
	kore_free(s);
	s = repeat("9", 51);
	both("person.document_number", s, "err.too_long");
	kore_free(s);
	s = repeat("o", 64);
	both("office", s, NULL);
	kore_free(s);
	s = repeat("o", 65);
	both("office", s, "err.too_long");
	kore_free(s);
	s = repeat("l", 201);
	both("location", s, "err.too_long");
	kore_free(s);
}

/* Today anywhere on Earth is not the future; the day after next is. */
static void
test_dates_now(void **state)
{
	char	d[16];

	date_str(d, sizeof(d), time(NULL));
	both("person.date_of_birth", d, NULL);
	date_str(d, sizeof(d), time(NULL) - 86400);
	both("person.date_of_birth", d, NULL);
	date_str(d, sizeof(d), time(NULL) + 2 * 86400);
	both("person.date_of_birth", d, "err.date");
	date_str(d, sizeof(d), time(NULL) + 400 * 86400);
	both("person.date_of_birth", d, "err.date");
}

/* Invalid input stays in the values, as typed, for redrawing. */
static void
test_values_kept(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_kv("consent_data_processing=on&case_type=AVRR"
	    "&person.given_name=Amina&person.family_name=H"
	    "&person.citizenship=af&person.phone=%2B387+61"
	    "&person.date_of_birth=2001-02-30&person.languages=prs%2C+xx",
	    &vals, &fe), -1);
	assert_int_equal(fe.n, 4);
	assert_string_equal(cb_values_get(&vals, "person.citizenship"), "af");
	assert_string_equal(cb_values_get(&vals, "person.phone"), "+387 61");
	assert_string_equal(cb_values_get(&vals, "person.date_of_birth"),
	    "2001-02-30");
	assert_string_equal(cb_values_get(&vals, "person.languages"),
	    "prs,xx");
	assert_string_equal(cb_ferrors_get(&fe, "person.languages"),
	    "err.option");
	cb_values_clear(&vals);
}

static void
test_kv_full(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_kv("csrf=abc&form_token=def&case_type=CT"
	    "&consent_data_processing=true&person.given_name=Amina"
	    "&person.family_name=Hadzic&person.name_original_script="
	    "&person.date_of_birth=&person.gender=&person.citizenship=SO"
	    "&person.phone=&person.document_number="
	    "&person.languages=so%2C+en++ar&office=&location=",
	    &vals, &fe), 0);
	assert_int_equal(fe.n, 0);
	assert_string_equal(cb_values_get(&vals, "consent_data_processing"),
	    "true");
	assert_string_equal(cb_values_get(&vals, "person.languages"),
	    "so,en,ar");
	assert_null(cb_values_get(&vals, "person.phone"));
	assert_null(cb_values_get(&vals, "csrf"));
	cb_values_clear(&vals);
}

/* An unticked box posts nothing; empty inputs are not data. */
static void
test_kv_pseudonymous(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_kv("csrf=abc&form_token=def&case_type=AVRR"
	    "&person.given_name=&person.family_name=&person.citizenship="
	    "&person.languages=&office=Bihac&location=", &vals, &fe), 0);
	assert_string_equal(cb_values_get(&vals, "consent_data_processing"),
	    "false");
	cb_values_clear(&vals);

	assert_int_equal(run_kv("case_type=AVRR&consent_data_processing=off"
	    "&person.given_name=Amina&person.languages=prs",
	    &vals, &fe), -1);
	assert_int_equal(fe.n, 2);
	assert_string_equal(cb_ferrors_get(&fe, "person.given_name"),
	    "err.consent_required");
	assert_string_equal(cb_ferrors_get(&fe, "person.languages"),
	    "err.consent_required");
	cb_values_clear(&vals);

	assert_int_equal(run_kv("case_type=AVRR&consent_data_processing=yes",
	    &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "consent_data_processing"),
	    "err.type");
	cb_values_clear(&vals);

	assert_int_equal(run_kv("case_type=AVRR&consent_data_processing=",
	    &vals, &fe), 0);
	assert_string_equal(cb_values_get(&vals, "consent_data_processing"),
	    "false");
	cb_values_clear(&vals);
}

static void
test_kv_names(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(run_kv("case_type=AVRR&nickname=x&person=y"
	    "&given_name=z&CSRF=1&csrf=2", &vals, &fe), -1);
	assert_int_equal(fe.n, 4);
	assert_string_equal(cb_ferrors_get(&fe, "nickname"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, "person"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, "given_name"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, "CSRF"), "err.unknown_field");
	cb_values_clear(&vals);

	/* One value per field; a second one is refused, not chosen. */
	assert_int_equal(run_kv("case_type=AVRR&case_type=CT", &vals, &fe),
	    -1);
	assert_string_equal(cb_ferrors_get(&fe, "case_type"), "err.duplicate");
	assert_string_equal(cb_values_get(&vals, "case_type"), "AVRR");
	cb_values_clear(&vals);

	/* ... except a list, which a multiple select posts piecewise. */
	assert_int_equal(run_kv("case_type=AVRR&consent_data_processing=on"
	    "&person.given_name=A&person.family_name=B&person.citizenship=PK"
	    "&person.languages=ur&person.languages=pa%2Cen", &vals, &fe), 0);
	assert_string_equal(cb_values_get(&vals, "person.languages"),
	    "ur,pa,en");
	cb_values_clear(&vals);

	assert_int_equal(run_kv("case_type=AVRR&consent_data_processing=on"
	    "&person.given_name=A&person.family_name=B&person.citizenship=PK"
	    "&person.languages=ur&person.languages=ur", &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "person.languages"),
	    "err.duplicate");
	cb_values_clear(&vals);

	assert_int_equal(run_kv("", &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "case_type"), "err.required");
	cb_values_clear(&vals);
}

static void
test_kv_many_items(void **state)
{
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct kore_buf		 buf;
	char			*body;
	size_t			 i;

	kore_buf_init(&buf, 256);
	kore_buf_appendf(&buf, "case_type=AVRR&consent_data_processing=on"
	    "&person.given_name=A&person.family_name=B"
	    "&person.citizenship=PK&person.languages=");
	for (i = 0; i < 2000; i++)
		kore_buf_appendf(&buf, "en+");
	body = kore_malloc(buf.offset + 1);
	memcpy(body, buf.data, buf.offset);
	body[buf.offset] = '\0';
	kore_buf_cleanup(&buf);

	assert_int_equal(run_kv(body, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "person.languages"),
	    "err.too_long");
	assert_true(vals.len[cb_form_index(&cb_form_intake,
	    "person.languages")] <= CB_MULTI_MAX * 3);
	cb_values_clear(&vals);
	kore_free(body);
}

static void
test_ferrors(void **state)
{
	struct cb_ferrors	 fe;
	char			 name[16];
	char			*longname;
	size_t			 i;

	memset(&fe, 0, sizeof(fe));
	cb_ferrors_add(&fe, "a", "err.required");
	cb_ferrors_add(&fe, "a", "err.option");
	assert_int_equal(fe.n, 1);
	assert_string_equal(cb_ferrors_get(&fe, "a"), "err.required");
	assert_null(cb_ferrors_get(&fe, "b"));
	assert_null(cb_ferrors_get(&fe, NULL));
	assert_null(cb_ferrors_get(NULL, "a"));
	cb_ferrors_add(&fe, NULL, "err.required");
	cb_ferrors_add(&fe, "b", NULL);
	cb_ferrors_add(NULL, "b", "err.required");
	assert_int_equal(fe.n, 1);

	/* The name is copied: the caller's buffer may go. */
	(void)snprintf(name, sizeof(name), "field%d", 7);
	cb_ferrors_add(&fe, name, "err.type");
	memset(name, 'X', sizeof(name) - 1);
	assert_string_equal(cb_ferrors_get(&fe, "field7"), "err.type");

	for (i = 0; i < 100; i++) {
		(void)snprintf(name, sizeof(name), "f%zu", i);
		cb_ferrors_add(&fe, name, "err.type");
	}
	assert_int_equal(fe.n, CB_FORM_MAX + 1);

	memset(&fe, 0, sizeof(fe));
	longname = repeat("n", 200);
	cb_ferrors_add(&fe, longname, "err.unknown_field");
	assert_int_equal(strlen(fe.field[0]), CB_FNAME_MAX - 1);
	kore_free(longname);
}

static void
test_multiline(void **state)
{
	static const struct cb_field reason = {
		"reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1
	};
	static const struct cb_field date = {
		"reason_text", CB_F_DATE, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0
	};
	static const struct cb_field shortf = {
		"reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 20, NULL, 1
	};
	static const struct cb_form form = { "reason", &reason, 1 };
	static const struct cb_form shortform = { "reason", &shortf, 1 };
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j;
	struct cb_json_error	 err;
	size_t			 i;
	const char		*doc;

	for (i = 0; i < cb_form_intake.nfields; i++)
		assert_false(cb_field_multiline(&cb_form_intake.fields[i]));
	assert_true(cb_field_multiline(&reason));
	/* Short sensitive text stays on one line. */
	assert_false(cb_field_multiline(&shortf));
	assert_false(cb_field_multiline(&date));
	assert_false(cb_field_multiline(NULL));

	/* Line breaks and tabs are text here; other controls are not. */
	doc = "{\"reason_text\": \"one\\r\\ntwo\\tthree\"}";
	assert_int_equal(cb_json_parse(doc, strlen(doc), &j, &err), 0);
	assert_int_equal(cb_form_from_json(&form, j, &vals, &fe), 0);
	cb_json_free(j);
	cb_values_clear(&vals);

	doc = "{\"reason_text\": \"one\\u0007\"}";
	assert_int_equal(cb_json_parse(doc, strlen(doc), &j, &err), 0);
	assert_int_equal(cb_form_from_json(&form, j, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "reason_text"), "err.control");
	cb_json_free(j);
	cb_values_clear(&vals);

	/* A form without a consent field comes after consent. */
	doc = "{\"reason_text\": \"012345678901234567890\"}";
	assert_int_equal(cb_json_parse(doc, strlen(doc), &j, &err), 0);
	assert_int_equal(cb_form_from_json(&shortform, j, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "reason_text"),
	    "err.too_long");
	cb_json_free(j);
	cb_values_clear(&vals);
}

static void
test_number_bool(void **state)
{
	static const struct cb_field fields[] = {
		{ "budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 12, NULL, 0 },
		{ "escort", CB_F_BOOL, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	};
	static const struct cb_form form = { "t", fields, 2 };
	static const struct {
		const char	*doc;
		const char	*field;
		const char	*want;
	} cases[] = {
		{ "{\"budget\": 1500, \"escort\": false}", NULL, NULL },
		{ "{\"budget\": 1500.5, \"escort\": true}", NULL, NULL },
		{ "{\"budget\": 0.25, \"escort\": true}", NULL, NULL },
		{ "{\"budget\": -5, \"escort\": true}", "budget",
		    "err.number" },
		{ "{\"budget\": 1e3, \"escort\": true}", "budget",
		    "err.number" },
		{ "{\"budget\": 1.255, \"escort\": true}", "budget",
		    "err.number" },
		{ "{\"budget\": 1234567890123, \"escort\": true}", "budget",
		    "err.number" },
		{ "{\"budget\": \"15\", \"escort\": true}", "budget",
		    "err.type" },
		{ "{\"budget\": 15}", "escort", "err.required" },
		{ "{\"escort\": \"true\"}", "escort", "err.type" },
	};
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j;
	struct cb_json_error	 err;
	size_t			 i;
	int			 rc;
	const char		*got;

	for (i = 0; i < NITEMS(cases); i++) {
		assert_int_equal(cb_json_parse(cases[i].doc,
		    strlen(cases[i].doc), &j, &err), 0);
		rc = cb_form_from_json(&form, j, &vals, &fe);
		cb_json_free(j);
		if (cases[i].field == NULL) {
			if (rc != 0)
				fail_msg("%s: %s %s", cases[i].doc,
				    fe.field[0], fe.msg[0]);
		} else {
			got = cb_ferrors_get(&fe, cases[i].field);
			if (rc != -1 || got == NULL ||
			    strcmp(got, cases[i].want) != 0)
				fail_msg("%s: want %s", cases[i].doc,
				    cases[i].want);
		}
		cb_values_clear(&vals);
	}
}

static void
test_valid_helpers(void **state)
{
	int	y, m, d;

	assert_true(cb_valid_date("2024-02-29", 10, &y, &m, &d));
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_true(cb_valid_date("2000-02-29", 10, NULL, NULL, NULL));
	assert_false(cb_valid_date("2100-02-29", 10, NULL, NULL, NULL));
	/* Future days are calendar days; only DATE fields refuse them. */
	assert_true(cb_valid_date("2999-12-31", 10, NULL, NULL, NULL));
	assert_false(cb_valid_date("2024-02-29x", 11, NULL, NULL, NULL));
	assert_false(cb_valid_date("2024-02-2", 9, NULL, NULL, NULL));
	assert_false(cb_valid_date("+024-02-20", 10, NULL, NULL, NULL));
	assert_false(cb_valid_date(NULL, 0, NULL, NULL, NULL));
	/* The length rules, not a NUL. */
	assert_true(cb_valid_date("2024-01-019", 10, NULL, NULL, NULL));

	assert_true(cb_valid_country("BA", 2));
	assert_true(cb_valid_country("RS", 2));
	assert_true(cb_valid_country("AD", 2));
	assert_true(cb_valid_country("ZW", 2));
	assert_true(cb_valid_country("XK", 2));
	assert_false(cb_valid_country("EU", 2));
	assert_false(cb_valid_country("CS", 2));
	assert_false(cb_valid_country("AN", 2));
	assert_false(cb_valid_country("ZZ", 2));
	assert_true(cb_valid_country("BAx", 2));
	assert_false(cb_valid_country("B", 1));
	assert_false(cb_valid_country("Ba", 2));
	assert_false(cb_valid_country(NULL, 2));

	assert_true(cb_valid_phone("+38761234567", 12));
	assert_false(cb_valid_phone("+", 1));
	assert_false(cb_valid_phone("", 0));
	assert_false(cb_valid_phone(NULL, 3));
	assert_false(cb_valid_phone("+3876123456a", 12));

	assert_false(cb_valid_lang(NULL, 2));
	assert_false(cb_valid_lang("e", 1));
	assert_false(cb_valid_lang("engl", 4));
	assert_false(cb_valid_lang("e1", 2));
	assert_false(cb_valid_lang("zz", 2));
	assert_false(cb_valid_lang("qaa", 3));
	assert_true(cb_valid_lang("ckbx", 3));
}

/* Every ISO 3166-1 code is found, so the table is also in order. */
static void
test_countries_all(void **state)
{
	static const char *const all =
	    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE "
	    "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD "
	    "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
	    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
	    "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
	    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
	    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
	    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
	    "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
	    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
	    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
	    "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
	    "VN VU WF WS YE YT ZA ZM ZW XK";
	size_t	i, n, valid;
	char	code[2];

	n = (strlen(all) + 1) / 3;
	assert_int_equal(n, 250);
	for (i = 0; i < n; i++) {
		if (!cb_valid_country(all + i * 3, 2))
			fail_msg("%.2s not found", all + i * 3);
	}

	/* And nothing else of the 676 two-letter codes. */
	valid = 0;
	for (code[0] = 'A'; code[0] <= 'Z'; code[0]++) {
		for (code[1] = 'A'; code[1] <= 'Z'; code[1]++)
			valid += cb_valid_country(code, 2);
	}
	assert_int_equal(valid, 250);
}

static void
test_languages_table(void **state)
{
	static const char *const required[] = {
		"ar", "fa", "prs", "ps", "ur", "ku", "ckb", "kmr", "bn", "so",
		"fr", "en", "bs", "hr", "sr", "de", "tr", "ti", "am", "ha",
		"sw", "es", "it", "ru", "uk", "el", "sq", "mk", NULL
	};
	const char *const	*opts;
	size_t			 i;
	int			 li;

	for (i = 0; required[i] != NULL; i++) {
		if (!cb_valid_lang(required[i], strlen(required[i])))
			fail_msg("language %s missing", required[i]);
	}

	li = cb_form_index(&cb_form_intake, "person.languages");
	assert_true(li >= 0);
	opts = cb_form_intake.fields[li].options;
	assert_non_null(opts);
	for (i = 0; opts[i] != NULL; i++) {
		assert_true(cb_valid_lang(opts[i], strlen(opts[i])));
		if (i > 0 && strcmp(opts[i - 1], opts[i]) >= 0)
			fail_msg("languages out of order at %s", opts[i]);
	}
	assert_true(i > 200);
}

static void
test_age_band(void **state)
{
	static const struct {
		int		 by, bm, bd, y, m, d;
		const char	*band;
	} cases[] = {
		{ 2020, 5, 10, 2020, 5, 10, "0-8" },
		{ 2000, 6, 15, 2009, 6, 14, "0-8" },
		{ 2000, 6, 15, 2009, 6, 15, "9-17" },
		{ 2000, 6, 15, 2018, 6, 14, "9-17" },
		{ 2000, 6, 15, 2018, 6, 15, "18-20" },
		{ 2000, 6, 15, 2021, 6, 14, "18-20" },
		{ 2000, 6, 15, 2021, 6, 15, "21-23" },
		{ 2000, 6, 15, 2024, 6, 15, "24-26" },
		{ 2000, 6, 15, 2027, 6, 15, "27-29" },
		{ 2000, 6, 15, 2030, 6, 14, "27-29" },
		{ 2000, 6, 15, 2030, 6, 15, "30-38" },
		{ 2000, 6, 15, 2039, 6, 14, "30-38" },
		{ 2000, 6, 15, 2039, 6, 15, "39-47" },
		{ 2000, 6, 15, 2048, 6, 14, "39-47" },
		{ 2000, 6, 15, 2048, 6, 15, "48+" },
		{ 1900, 1, 1, 2026, 1, 1, "48+" },
		/* Month before, month after, last day of the year. */
		{ 2000, 12, 31, 2018, 12, 30, "9-17" },
		{ 2000, 12, 31, 2018, 12, 31, "18-20" },
		{ 2000, 1, 1, 2017, 12, 31, "9-17" },
		/* Leap day: 1 March in common years, 29 February in leap. */
		{ 2000, 2, 29, 2009, 2, 28, "0-8" },
		{ 2000, 2, 29, 2009, 3, 1, "9-17" },
		{ 2000, 2, 29, 2018, 2, 28, "9-17" },
		{ 2000, 2, 29, 2018, 3, 1, "18-20" },
		{ 1996, 2, 29, 2014, 2, 28, "9-17" },
		{ 1996, 2, 29, 2014, 3, 1, "18-20" },
		{ 1992, 2, 29, 2012, 2, 28, "18-20" },
		{ 1992, 2, 29, 2012, 2, 29, "18-20" },
		{ 1991, 2, 28, 2012, 2, 28, "21-23" },
		{ 1990, 3, 1, 2008, 2, 29, "9-17" },
		{ 1990, 3, 1, 2008, 3, 1, "18-20" },
	};
	size_t		i;
	const char	*got;

	for (i = 0; i < NITEMS(cases); i++) {
		got = cb_age_band(cases[i].by, cases[i].bm, cases[i].bd,
		    cases[i].y, cases[i].m, cases[i].d);
		if (got == NULL || strcmp(got, cases[i].band) != 0)
			fail_msg("%d-%d-%d on %d-%d-%d: want %s, got %s",
			    cases[i].by, cases[i].bm, cases[i].bd, cases[i].y,
			    cases[i].m, cases[i].d, cases[i].band,
			    got ? got : "NULL");
	}

	/* Born after the day, or not a real day. */
	assert_null(cb_age_band(2020, 5, 11, 2020, 5, 10));
	assert_null(cb_age_band(2021, 1, 1, 2020, 12, 31));
	assert_null(cb_age_band(2001, 2, 29, 2020, 1, 1));
	assert_null(cb_age_band(2000, 13, 1, 2020, 1, 1));
	assert_null(cb_age_band(2000, 0, 1, 2020, 1, 1));
	assert_null(cb_age_band(2000, 1, 0, 2020, 1, 1));
	assert_null(cb_age_band(2000, 1, 1, 2020, 4, 31));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_json_full),
		cmocka_unit_test(test_json_pseudonymous),
		cmocka_unit_test(test_json_required),
		cmocka_unit_test(test_json_unknown),
		cmocka_unit_test(test_json_long_unknown),
		cmocka_unit_test(test_json_types),
		cmocka_unit_test(test_json_body),
		cmocka_unit_test(test_json_languages),
		cmocka_unit_test(test_rules_both_faces),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_dates_now),
		cmocka_unit_test(test_values_kept),
		cmocka_unit_test(test_kv_full),
		cmocka_unit_test(test_kv_pseudonymous),
		cmocka_unit_test(test_kv_names),
		cmocka_unit_test(test_kv_many_items),
		cmocka_unit_test(test_ferrors),
		cmocka_unit_test(test_multiline),
		cmocka_unit_test(test_number_bool),
		cmocka_unit_test(test_valid_helpers),
		cmocka_unit_test(test_countries_all),
		cmocka_unit_test(test_languages_table),
		cmocka_unit_test(test_age_band),
	};

	return (cmocka_run_group_tests_name("forms", tests, NULL, NULL));
}
