/*
 * Unit tests for render_json.c and render_html.c. A case full of
 * hostile values (markup in a name, quotes and '&', Arabic script)
 * must come out of the JSON renderer as JSON that parses back to the
 * same strings and can never close a <script>, and out of the HTML
 * renderer escaped, byte-exact for non-Latin script and marked with
 * data-field for the browser tests. A person the caller may not see
 * must leave no trace; errors speak catalogue text, never keys; the
 * intake form is redrawn as typed with an error under each field.
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

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/forms.h"
#include "render/i18n.h"
#include "text/json.h"
#include "render/render.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define CASE_ID		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"
#define PERSON_ID	"0c8e6a51-2b7d-4f3e-9a10-5d6c7b8a9f01"
#define USER_ID		"6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define LINK1		"7b2e3d4c-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
#define LINK2		"8c3f4e5d-6a7b-4c8d-ae9f-1a2b3c4d5e6f"

#define XSS		"<script>alert(1)</script>"
#define FAMILY		"O'Brien & \"Sons\""
#define FAMILY_JSON	"O'Brien & \\\"Sons\\\""
/* أحمد كريمي */
#define ARABIC \
	"\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf \xd9\x83\xd8\xb1\xd9\x8a\xd9\x85" \
	"\xd9\x8a"
/* Усивак, соба 12 */
#define CYR_LOCATION \
	"\xd0\xa3\xd1\x81\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xba, \xd1\x81\xd0\xbe" \
	"\xd0\xb1\xd0\xb0 12"
#define OFFICE		"Sarajevo <HQ> & 'Annex'"
#define A40		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

struct out {
	struct kore_buf	 buf;
	char		*s;
	size_t		 len;
};

static void		 make_case(struct cb_case *, int);
static void		 out_begin(struct out *);
static void		 out_end(struct out *);
static void		 out_done(struct out *);
static struct cb_json	*parse(const struct out *);
static const struct cb_json *get(const struct cb_json *, const char *,
			    enum cb_json_type);
static const char	*str(const struct cb_json *, const char *);
static const struct cb_json *find_to(const struct cb_json *, const char *);
static int		 contains(const struct out *, const char *);
static void		 no_person_trace(const struct out *);
static void		 input_tag(const struct out *, const char *, char *,
			    size_t);

static void
make_case(struct cb_case *c, int visible)
{
	memset(c, 0, sizeof(*c));
	(void)cb_strlcpy(c->id, CASE_ID, sizeof(c->id));
	(void)cb_strlcpy(c->person_id, PERSON_ID, sizeof(c->person_id));
	(void)cb_strlcpy(c->case_type, "AVRR", sizeof(c->case_type));
	(void)cb_strlcpy(c->state, "intake_registered", sizeof(c->state));
	(void)cb_strlcpy(c->stage, "intake", sizeof(c->stage));
	(void)cb_strlcpy(c->htcds, "Active", sizeof(c->htcds));
	c->version = 3;
	(void)cb_strlcpy(c->office, OFFICE, sizeof(c->office));
	(void)cb_strlcpy(c->assigned_to, USER_ID, sizeof(c->assigned_to));
	(void)cb_strlcpy(c->created_by, USER_ID, sizeof(c->created_by));
	(void)cb_strlcpy(c->created_at, "2026-11-23T10:00:00Z",
	    sizeof(c->created_at));
	(void)cb_strlcpy(c->updated_at, "2026-11-23T10:05:00Z",
	    sizeof(c->updated_at));
	c->linked = kore_strdup(LINK1 "," LINK2);
	c->consent = 1;
	c->person_visible = visible;
	c->plain[CB_SC_GIVEN_NAME] = kore_strdup(XSS);
	c->plain[CB_SC_FAMILY_NAME] = kore_strdup(FAMILY);
	c->plain[CB_SC_NAME_ORIGINAL] = kore_strdup(ARABIC);
	c->plain[CB_SC_DOB] = kore_strdup("1990-05-17");
	c->plain[CB_SC_PHONE] = kore_strdup("+38761234567");
	c->plain[CB_SC_DOCUMENT] = kore_strdup("AB123456");
	c->plain[CB_SC_LOCATION] = kore_strdup(CYR_LOCATION);
	(void)cb_strlcpy(c->gender, "Feminine", sizeof(c->gender));
	(void)cb_strlcpy(c->citizenship, "AF", sizeof(c->citizenship));
	(void)cb_strlcpy(c->age_band, "30-38", sizeof(c->age_band));
	c->plain[CB_SC_LANGUAGES] = kore_strdup("prs,ar");
}

static void
out_begin(struct out *o)
{
	memset(o, 0, sizeof(*o));
	kore_buf_init(&o->buf, 1024);
}

/* NUL-terminates; o->len excludes the NUL. */
static void
out_end(struct out *o)
{
	o->s = kore_buf_stringify(&o->buf, &o->len);
	/* The renderers write text: no NUL inside. */
	assert_int_equal(strlen(o->s), o->len);
}

static void
out_done(struct out *o)
{
	kore_buf_cleanup(&o->buf);
	memset(o, 0, sizeof(*o));
}

static struct cb_json *
parse(const struct out *o)
{
	struct cb_json		*j;
	struct cb_json_error	 err;

	j = NULL;
	if (cb_json_parse(o->s, o->len, &j, &err) != 0)
		fail_msg("output is not JSON at %zu (%s): %s", err.offset,
		    err.reason, o->s);
	assert_int_equal(j->type, CB_JSON_OBJECT);
	return (j);
}

static const struct cb_json *
get(const struct cb_json *obj, const char *name, enum cb_json_type type)
{
	const struct cb_json	*m;

	if ((m = cb_json_get(obj, name)) == NULL)
		fail_msg("no member %s", name);
	if (m->type != type)
		fail_msg("member %s: type %d, want %d", name, m->type, type);
	return (m);
}

static const char *
str(const struct cb_json *obj, const char *name)
{
	return (get(obj, name, CB_JSON_STRING)->str);
}

static const struct cb_json *
find_to(const struct cb_json *arr, const char *to)
{
	const struct cb_json	*e;

	for (e = arr->child; e != NULL; e = e->next) {
		if (strcmp(str(e, "to"), to) == 0)
			return (e);
	}
	return (NULL);
}

static int
contains(const struct out *o, const char *needle)
{
	return (memmem(o->s, o->len, needle, strlen(needle)) != NULL);
}

/* Not a byte of the person, raw or escaped. */
static void
no_person_trace(const struct out *o)
{
	static const char *const traces[] = {
		"alert", "Brien", ARABIC, "1990-05-17", "38761234567",
		"AB123456", "\xd0\xa3\xd1\x81\xd0\xb8\xd0\xb2", "Feminine",
		"30-38", "prs", "given_name", "family_name",
	};
	size_t	i;

	for (i = 0; i < NITEMS(traces); i++) {
		if (contains(o, traces[i]))
			fail_msg("hidden person leaks \"%s\": %s", traces[i],
			    o->s);
	}
}

/* The <input ...> tag whose id is name, into tag. */
static void
input_tag(const struct out *o, const char *name, char *tag, size_t size)
{
	char		 needle[128];
	const char	*p, *end;

	(void)snprintf(needle, sizeof(needle), "<input id=\"%s\" ", name);
	if ((p = strstr(o->s, needle)) == NULL)
		fail_msg("no input for %s", name);
	if ((end = strchr(p, '>')) == NULL)
		fail_msg("unterminated input for %s", name);
	assert_true((size_t)(end - p + 1) < size);
	memcpy(tag, p, end - p + 1);
	tag[end - p + 1] = '\0';
}

static void
test_case_json(void **state)
{
	struct cb_case		 c;
	struct out		 o;
	struct cb_json		*j;
	const struct cb_json	*p, *a, *e;

	make_case(&c, 1);
	out_begin(&o);
	cb_render_case_json(&o.buf, &c, CB_ROLE_CASEWORKER);
	out_end(&o);

	/* Nothing that can end a <script> or start markup. */
	assert_null(memchr(o.s, '<', o.len));
	assert_null(memchr(o.s, '>', o.len));
	assert_null(memchr(o.s, '&', o.len));
	assert_false(contains(&o, "<script"));
	/* Non-Latin script travels as UTF-8, not escaped. */
	assert_true(contains(&o, ARABIC));

	j = parse(&o);
	assert_string_equal(str(j, "id"), CASE_ID);
	assert_string_equal(str(j, "case_type"), "AVRR");
	assert_string_equal(str(j, "stage"), "intake");
	assert_string_equal(str(j, "state"), "intake_registered");
	assert_string_equal(str(j, "htcds_status"), "Active");
	assert_string_equal(get(j, "version", CB_JSON_NUMBER)->str, "3");
	assert_true(get(j, "consent_data_processing", CB_JSON_BOOL)->boolean);
	assert_string_equal(str(j, "office"), OFFICE);
	assert_string_equal(str(j, "assigned_to"), USER_ID);
	assert_string_equal(str(j, "created_at"), "2026-11-23T10:00:00Z");
	assert_string_equal(str(j, "updated_at"), "2026-11-23T10:05:00Z");
	assert_string_equal(str(j, "location"), CYR_LOCATION);

	p = get(j, "person", CB_JSON_OBJECT);
	assert_string_equal(str(p, "given_name"), XSS);
	assert_string_equal(str(p, "family_name"), FAMILY);
	assert_string_equal(str(p, "name_original_script"), ARABIC);
	assert_string_equal(str(p, "date_of_birth"), "1990-05-17");
	assert_string_equal(str(p, "phone"), "+38761234567");
	assert_string_equal(str(p, "document_number"), "AB123456");
	assert_string_equal(str(p, "gender"), "Feminine");
	assert_string_equal(str(p, "citizenship"), "AF");
	assert_string_equal(str(p, "age_band"), "30-38");
	/* The case's own column is not a person field. */
	assert_null(cb_json_get(p, "location"));
	a = get(p, "languages", CB_JSON_ARRAY);
	assert_int_equal(a->count, 2);
	assert_string_equal(a->child->str, "prs");
	assert_string_equal(a->child->next->str, "ar");

	a = get(j, "linked_cases", CB_JSON_ARRAY);
	assert_int_equal(a->count, 2);
	for (e = a->child; e != NULL; e = e->next)
		assert_int_equal(e->type, CB_JSON_STRING);
	assert_string_equal(a->child->str, LINK1);
	assert_string_equal(a->child->next->str, LINK2);

	cb_json_free(j);
	out_done(&o);
	cb_case_clear(&c);
}

/* Absent values are null, lists empty: never "" nor a missing key. */
static void
test_case_json_absent(void **state)
{
	struct cb_case		 c;
	struct out		 o;
	struct cb_json		*j;
	const struct cb_json	*p;
	size_t			 i;

	make_case(&c, 1);
	for (i = 0; i < CB_SC_COUNT; i++) {
		if (i == CB_SC_GIVEN_NAME || i == CB_SC_FAMILY_NAME)
			continue;
		kore_free(c.plain[i]);
		c.plain[i] = NULL;
	}
	kore_free(c.linked);
	c.linked = NULL;
	c.gender[0] = '\0';
	c.assigned_to[0] = '\0';
	c.consent = 0;

	out_begin(&o);
	cb_render_case_json(&o.buf, &c, CB_ROLE_CASEWORKER);
	out_end(&o);
	j = parse(&o);
	assert_false(get(j, "consent_data_processing", CB_JSON_BOOL)->boolean);
	get(j, "location", CB_JSON_NULL);
	get(j, "assigned_to", CB_JSON_NULL);
	assert_int_equal(get(j, "linked_cases", CB_JSON_ARRAY)->count, 0);
	p = get(j, "person", CB_JSON_OBJECT);
	assert_string_equal(str(p, "given_name"), XSS);
	get(p, "name_original_script", CB_JSON_NULL);
	get(p, "date_of_birth", CB_JSON_NULL);
	get(p, "phone", CB_JSON_NULL);
	get(p, "document_number", CB_JSON_NULL);
	get(p, "gender", CB_JSON_NULL);
	assert_int_equal(get(p, "languages", CB_JSON_ARRAY)->count, 0);
	cb_json_free(j);
	out_done(&o);
	cb_case_clear(&c);
}

static void
test_case_json_hidden(void **state)
{
	struct cb_case		 c;
	struct out		 o;
	struct cb_json		*j;
	const struct cb_json	*p;

	make_case(&c, 0);
	out_begin(&o);
	cb_render_case_json(&o.buf, &c, CB_ROLE_CASEWORKER);
	out_end(&o);

	assert_true(contains(&o, "\"person\":{}"));
	no_person_trace(&o);
	j = parse(&o);
	p = get(j, "person", CB_JSON_OBJECT);
	assert_int_equal(p->count, 0);
	assert_null(p->child);
	/* Where the person is, is about the person. */
	get(j, "location", CB_JSON_NULL);
	/* The case itself is still there. */
	assert_string_equal(str(j, "id"), CASE_ID);
	assert_string_equal(str(j, "office"), OFFICE);
	cb_json_free(j);
	out_done(&o);

	/* Same for a list item of a person the caller may not see. */
	out_begin(&o);
	cb_render_case_item_json(&o.buf, &c);
	out_end(&o);
	no_person_trace(&o);
	j = parse(&o);
	assert_null(cb_json_get(j, "person"));
	assert_null(cb_json_get(j, "location"));
	assert_string_equal(str(j, "id"), CASE_ID);
	assert_string_equal(str(j, "htcds_status"), "Active");
	assert_string_equal(get(j, "version", CB_JSON_NUMBER)->str, "3");
	cb_json_free(j);
	out_done(&o);
	cb_case_clear(&c);
}

static void
test_allowed_transitions(void **state)
{
	static const int	 none[] = {
		CB_ROLE_PARTNER, CB_ROLE_AUDITOR, CB_ROLE_NONE
	};
	struct cb_case		 c;
	struct out		 o;
	struct cb_json		*j;
	const struct cb_json	*a, *t, *fl, *fd, *opts;
	size_t			 i;

	make_case(&c, 1);
	out_begin(&o);
	cb_render_case_json(&o.buf, &c, CB_ROLE_CASEWORKER);
	out_end(&o);
	j = parse(&o);
	a = get(j, "allowed_transitions", CB_JSON_ARRAY);
	assert_int_equal(a->count, 3);

	if ((t = find_to(a, "counselling")) == NULL)
		fail_msg("no counselling in %s", o.s);
	assert_false(get(t, "requires_approval", CB_JSON_BOOL)->boolean);
	fl = get(t, "fields", CB_JSON_ARRAY);
	assert_int_equal(fl->count, 3);
	fd = fl->child;
	assert_string_equal(str(fd, "name"), "counselling_date");
	assert_string_equal(str(fd, "type"), "date");
	assert_true(get(fd, "required", CB_JSON_BOOL)->boolean);
	assert_null(cb_json_get(fd, "options"));
	fd = fd->next;
	assert_string_equal(str(fd, "name"), "interpreter_used");
	assert_string_equal(str(fd, "type"), "bool");
	assert_false(get(fd, "required", CB_JSON_BOOL)->boolean);
	fd = fd->next;
	assert_string_equal(str(fd, "name"), "counselling_note");
	assert_string_equal(str(fd, "type"), "text");
	assert_false(get(fd, "required", CB_JSON_BOOL)->boolean);

	assert_non_null(find_to(a, "withdrawn"));
	if ((t = find_to(a, "closed")) == NULL)
		fail_msg("no closed in %s", o.s);
	/* Every closure waits for a supervisor. */
	assert_true(get(t, "requires_approval", CB_JSON_BOOL)->boolean);
	fd = get(t, "fields", CB_JSON_ARRAY)->child;
	assert_string_equal(str(fd, "name"), "closure_reason");
	assert_string_equal(str(fd, "type"), "enum");
	assert_true(get(fd, "required", CB_JSON_BOOL)->boolean);
	opts = get(fd, "options", CB_JSON_ARRAY);
	assert_true(opts->count > 1);
	assert_string_equal(opts->child->str, "completed");
	cb_json_free(j);
	out_done(&o);

	for (i = 0; i < NITEMS(none); i++) {
		out_begin(&o);
		cb_render_case_json(&o.buf, &c, none[i]);
		out_end(&o);
		j = parse(&o);
		a = get(j, "allowed_transitions", CB_JSON_ARRAY);
		if (a->count != 0)
			fail_msg("role %d may: %s", none[i], o.s);
		assert_false(contains(&o, "counselling"));
		cb_json_free(j);
		out_done(&o);
	}

	/* A state or type the machine does not know: nothing. */
	(void)cb_strlcpy(c.state, "departed\"}]", sizeof(c.state));
	out_begin(&o);
	cb_render_case_json(&o.buf, &c, CB_ROLE_CASEWORKER);
	out_end(&o);
	j = parse(&o);
	assert_int_equal(get(j, "allowed_transitions", CB_JSON_ARRAY)->count,
	    0);
	assert_string_equal(str(j, "state"), "departed\"}]");
	cb_json_free(j);
	out_done(&o);

	(void)cb_strlcpy(c.state, "intake_registered", sizeof(c.state));
	(void)cb_strlcpy(c.case_type, "XX", sizeof(c.case_type));
	out_begin(&o);
	cb_render_case_json(&o.buf, &c, CB_ROLE_CASEWORKER);
	out_end(&o);
	j = parse(&o);
	assert_int_equal(get(j, "allowed_transitions", CB_JSON_ARRAY)->count,
	    0);
	cb_json_free(j);
	out_done(&o);
	cb_case_clear(&c);
}

static void
test_json_error(void **state)
{
	struct cb_ferrors	 fe;
	struct out		 o;
	struct cb_json		*j;
	const struct cb_json	*e, *fl;

	memset(&fe, 0, sizeof(fe));
	cb_ferrors_add(&fe, "person.date_of_birth", "err.date");
	cb_ferrors_add(&fe, "case_type", "err.required");
	cb_ferrors_add(&fe, "person.<img src=x>\"", "err.unknown_field");

	out_begin(&o);
	cb_render_json_error(&o.buf, CB_INVALID, "err.invalid", &fe);
	out_end(&o);
	assert_false(contains(&o, "err."));
	assert_null(memchr(o.s, '<', o.len));
	j = parse(&o);
	e = get(j, "error", CB_JSON_OBJECT);
	assert_string_equal(str(e, "code"), "invalid");
	assert_string_equal(str(e, "message"), cb_t("err.invalid"));
	assert_string_equal(str(e, "message"), "Some fields are not valid");
	fl = get(e, "fields", CB_JSON_OBJECT);
	assert_int_equal(fl->count, 3);
	assert_string_equal(str(fl, "person.date_of_birth"), cb_t("err.date"));
	assert_string_equal(str(fl, "person.date_of_birth"),
	    "Not a valid date (YYYY-MM-DD, not in the future)");
	assert_string_equal(str(fl, "case_type"), "Required");
	assert_string_equal(str(fl, "person.<img src=x>\""),
	    "Unknown field");
	assert_int_equal(j->count, 1);
	cb_json_free(j);
	out_done(&o);

	/* No field errors: no fields member. */
	out_begin(&o);
	cb_render_json_error(&o.buf, CB_NOT_FOUND, "err.not_found", NULL);
	out_end(&o);
	j = parse(&o);
	e = get(j, "error", CB_JSON_OBJECT);
	assert_string_equal(str(e, "code"), "not_found");
	assert_string_equal(str(e, "message"), "Not found");
	assert_null(cb_json_get(e, "fields"));
	cb_json_free(j);
	out_done(&o);

	memset(&fe, 0, sizeof(fe));
	out_begin(&o);
	cb_render_json_error(&o.buf, CB_GUARD, NULL, &fe);
	out_end(&o);
	j = parse(&o);
	e = get(j, "error", CB_JSON_OBJECT);
	assert_string_equal(str(e, "code"), "guard");
	assert_string_equal(str(e, "message"), cb_t("err.generic"));
	assert_null(cb_json_get(e, "fields"));
	cb_json_free(j);
	out_done(&o);
}

/* Every error the intake form can give reads as a sentence. */
static void
test_json_error_from_form(void **state)
{
	static const char *const bodies[] = {
		"{\"case_type\": \"XX\", \"consent_data_processing\": true,"
		" \"person\": {\"given_name\": \"a\\tb\", \"family_name\":"
		" \"" A40 A40 A40 "\", \"date_of_birth\": \"1990-02-30\","
		" \"citizenship\": \"ZZ\", \"phone\": \"12ab\","
		" \"document_number\": \"AB#1\", \"gender\": 1,"
		" \"languages\": [\"en\", \"en\"]}, \"nickname\": 1}",
		"{\"case_type\": \"AVRR\", \"person\":"
		" {\"given_name\": \"A\"}}",
		"{\"case_type\": \"AVRR\","
		" \"consent_data_processing\": true}",
	};
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j, *r;
	struct cb_json_error	 err;
	struct out		 o;
	const struct cb_json	*m;
	size_t			 i, n;

	n = 0;
	for (i = 0; i < NITEMS(bodies); i++) {
		assert_int_equal(cb_json_parse(bodies[i], strlen(bodies[i]),
		    &j, &err), 0);
		assert_int_equal(cb_form_from_json(&cb_form_intake, j, &vals,
		    &fe), -1);
		cb_json_free(j);
		assert_true(fe.n > 0);
		n += fe.n;

		out_begin(&o);
		cb_render_json_error(&o.buf, CB_INVALID, "err.invalid", &fe);
		out_end(&o);
		if (contains(&o, "err."))
			fail_msg("a key, not a text: %s", o.s);
		r = parse(&o);
		m = get(get(get(r, "error", CB_JSON_OBJECT), "fields",
		    CB_JSON_OBJECT), fe.field[0], CB_JSON_STRING);
		assert_string_equal(m->str, cb_t(fe.msg[0]));
		assert_int_equal(get(get(r, "error", CB_JSON_OBJECT),
		    "fields", CB_JSON_OBJECT)->count, fe.n);
		cb_json_free(r);
		out_done(&o);
		cb_values_clear(&vals);
	}
	/* The bodies did reach many different checks. */
	assert_true(n >= 12);
}

static void
test_case_list_json(void **state)
{
	struct cb_case		 cs[2];
	struct out		 o;
	struct cb_json		*j;
	const struct cb_json	*items, *p;

	make_case(&cs[0], 1);
	make_case(&cs[1], 0);
	(void)cb_strlcpy(cs[0].assigned_name, "cw<1>",
	    sizeof(cs[0].assigned_name));
	(void)cb_strlcpy(cs[1].id, LINK1, sizeof(cs[1].id));
	(void)cb_strlcpy(cs[1].case_type, "CT", sizeof(cs[1].case_type));

	out_begin(&o);
	cb_render_case_list_json(&o.buf, cs, 2, NULL);
	out_end(&o);
	assert_null(memchr(o.s, '<', o.len));
	/* Of the person, a list shows the names alone, and only where the
	 * caller may see them. */
	assert_false(contains(&o, "1990-05-17"));
	assert_false(contains(&o, "AB123456"));
	assert_false(contains(&o, "38761234567"));
	assert_false(contains(&o, "prs"));
	j = parse(&o);
	assert_int_equal(j->count, 2);
	items = get(j, "items", CB_JSON_ARRAY);
	assert_int_equal(items->count, 2);
	p = get(items->child, "person", CB_JSON_OBJECT);
	assert_int_equal(p->count, 2);
	assert_string_equal(str(p, "given_name"), XSS);
	assert_string_equal(str(p, "family_name"), FAMILY);
	assert_string_equal(str(items->child, "assigned_to_username"),
	    "cw<1>");
	assert_null(cb_json_get(items->child->next, "person"));
	get(items->child->next, "assigned_to_username", CB_JSON_NULL);
	assert_string_equal(str(items->child, "id"), CASE_ID);
	assert_string_equal(str(items->child->next, "id"), LINK1);
	assert_string_equal(str(items->child->next, "case_type"), "CT");
	assert_string_equal(str(items->child, "office"), OFFICE);
	get(j, "next_cursor", CB_JSON_NULL);
	cb_json_free(j);
	out_done(&o);

	out_begin(&o);
	cb_render_case_list_json(&o.buf, cs, 1, "eyJ0IjoiMjAyNi0xMS0yMyJ9"
	    "<\"/>");
	out_end(&o);
	assert_null(memchr(o.s, '<', o.len));
	j = parse(&o);
	assert_int_equal(get(j, "items", CB_JSON_ARRAY)->count, 1);
	assert_string_equal(str(j, "next_cursor"),
	    "eyJ0IjoiMjAyNi0xMS0yMyJ9<\"/>");
	cb_json_free(j);
	out_done(&o);

	out_begin(&o);
	cb_render_case_list_json(&o.buf, NULL, 0, NULL);
	out_end(&o);
	assert_string_equal(o.s, "{\"items\":[],\"next_cursor\":null}");
	out_done(&o);

	cb_case_clear(&cs[0]);
	cb_case_clear(&cs[1]);
}

static void
test_case_page(void **state)
{
	struct cb_actor		 actor;
	struct cb_page		 pg;
	struct cb_case_pageview	 pv;
	struct cb_case		 c;
	struct out		 o;

	memset(&actor, 0, sizeof(actor));
	(void)cb_strlcpy(actor.user_id, USER_ID, sizeof(actor.user_id));
	(void)cb_strlcpy(actor.username, "<b>ana</b>",
	    sizeof(actor.username));
	actor.role = CB_ROLE_CASEWORKER;
	pg.actor = &actor;
	pg.csrf = "tok\"><x";

	make_case(&c, 1);
	memset(&pv, 0, sizeof(pv));
	pv.c = &c;
	out_begin(&o);
	cb_render_case_page(&o.buf, &pg, &pv);
	out_end(&o);

	assert_null(strcasestr(o.s, "<script"));
	assert_null(strstr(o.s, "<b>"));
	assert_null(strstr(o.s, "\"><x"));
	assert_true(contains(&o, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_true(contains(&o, "data-field=\"person.given_name\">"
	    "&lt;script&gt;alert(1)&lt;/script&gt;</dd>"));
	assert_true(contains(&o, "data-field=\"person.family_name\">"
	    "O&#39;Brien &amp; &quot;Sons&quot;</dd>"));
	/* Arabic byte for byte, in an element that picks its direction. */
	assert_true(contains(&o, "<dd dir=\"auto\" "
	    "data-field=\"person.name_original_script\">" ARABIC "</dd>"));
	assert_true(contains(&o, "data-field=\"location\">" CYR_LOCATION
	    "</dd>"));
	assert_true(contains(&o, "data-field=\"person.date_of_birth\">"
	    "1990-05-17</dd>"));
	assert_true(contains(&o, "data-field=\"person.document_number\">"
	    "AB123456</dd>"));
	assert_true(contains(&o, "data-field=\"person.age_band\">30-38</dd>"));
	assert_true(contains(&o, "data-field=\"office\">"
	    "Sarajevo &lt;HQ&gt; &amp; &#39;Annex&#39;</dd>"));
	/* Labels and codes shown as catalogue text. */
	assert_true(contains(&o, cb_t("field.person.given_name")));
	assert_true(contains(&o, "data-field=\"person.gender\">" "Feminine"));
	assert_true(contains(&o, "data-field=\"state\">"));
	assert_false(contains(&o, ">state.intake_registered<"));
	assert_true(contains(&o, "<dl class=\"person\">"));
	assert_true(contains(&o, "&lt;b&gt;ana&lt;/b&gt;"));
	assert_true(contains(&o, "value=\"tok&quot;&gt;&lt;x\""));
	out_done(&o);
	cb_case_clear(&c);
}

static void
test_case_page_hidden(void **state)
{
	struct cb_actor		 actor;
	struct cb_page		 pg;
	struct cb_case_pageview	 pv;
	struct cb_case		 c;
	struct out		 o;

	memset(&actor, 0, sizeof(actor));
	(void)cb_strlcpy(actor.username, "auditor1", sizeof(actor.username));
	actor.role = CB_ROLE_AUDITOR;
	pg.actor = &actor;
	pg.csrf = "tok";

	make_case(&c, 0);
	memset(&pv, 0, sizeof(pv));
	pv.c = &c;
	out_begin(&o);
	cb_render_case_page(&o.buf, &pg, &pv);
	out_end(&o);
	no_person_trace(&o);
	assert_false(contains(&o, "data-field=\"person."));
	assert_false(contains(&o, "data-field=\"location\""));
	assert_false(contains(&o, "class=\"person\""));
	assert_false(contains(&o, cb_t("page.case.person")));
	assert_false(contains(&o, "\xd0\xa3\xd1\x81"));
	/* The case part is still drawn. */
	assert_true(contains(&o, "data-field=\"id\">" CASE_ID "</dd>"));
	/* Auditors register no cases. */
	assert_false(contains(&o, "/cases/new"));
	out_done(&o);
	cb_case_clear(&c);
}

static void
test_intake_redraw(void **state)
{
	static const char *const errfields[] = {
		"person.date_of_birth", "person.phone", "person.citizenship",
		"person.document_number",
	};
	struct cb_actor		 actor;
	struct cb_page		 pg;
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j;
	struct cb_json_error	 err;
	struct out		 o;
	char			 tag[1024], want[256];
	const char		*doc, *msg;
	size_t			 i;

	doc = "{\"case_type\": \"AVRR\", \"consent_data_processing\": true,"
	    " \"person\": {\"given_name\": \"\\\"><script>x</script>\","
	    " \"family_name\": \"" FAMILY_JSON "\","
	    " \"name_original_script\": \"" ARABIC "\","
	    " \"date_of_birth\": \"1990-02-30\", \"citizenship\": \"ZZ\","
	    " \"phone\": \"12ab<\", \"document_number\": \"AB 12'34\"},"
	    " \"location\": \"<b>camp</b>\"}";
	assert_int_equal(cb_json_parse(doc, strlen(doc), &j, &err), 0);
	assert_int_equal(cb_form_from_json(&cb_form_intake, j, &vals, &fe),
	    -1);
	cb_json_free(j);
	assert_int_equal(fe.n, NITEMS(errfields));

	memset(&actor, 0, sizeof(actor));
	(void)cb_strlcpy(actor.username, "cw1", sizeof(actor.username));
	actor.role = CB_ROLE_CASEWORKER;
	pg.actor = &actor;
	pg.csrf = "c\"srf";

	out_begin(&o);
	cb_render_intake(&o.buf, &pg, "ft<1>", &vals, &fe);
	out_end(&o);

	assert_null(strcasestr(o.s, "<script"));
	assert_null(strstr(o.s, "<b>"));
	assert_false(contains(&o, "err."));
	assert_true(contains(&o, cb_t("err.form_has_errors")));
	assert_true(contains(&o, "name=\"csrf\" value=\"c&quot;srf\""));
	assert_true(contains(&o, "name=\"form_token\" value=\"ft&lt;1&gt;\""));

	/* Every typed value back in its own input, escaped. */
	input_tag(&o, "person.given_name", tag, sizeof(tag));
	assert_non_null(strstr(tag,
	    " value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"));
	assert_null(strstr(tag, "aria-invalid"));
	input_tag(&o, "person.family_name", tag, sizeof(tag));
	assert_non_null(strstr(tag,
	    " value=\"O&#39;Brien &amp; &quot;Sons&quot;\">"));
	input_tag(&o, "person.name_original_script", tag, sizeof(tag));
	assert_non_null(strstr(tag, " dir=\"auto\""));
	assert_non_null(strstr(tag, " value=\"" ARABIC "\">"));
	input_tag(&o, "person.date_of_birth", tag, sizeof(tag));
	assert_non_null(strstr(tag, " type=\"date\""));
	assert_non_null(strstr(tag, " value=\"1990-02-30\">"));
	input_tag(&o, "person.phone", tag, sizeof(tag));
	assert_non_null(strstr(tag, " type=\"tel\""));
	assert_non_null(strstr(tag, " value=\"12ab&lt;\">"));
	/* A country is chosen by name; what was sent stays selected. */
	assert_true(contains(&o, "<select id=\"person.citizenship\" "
	    "name=\"person.citizenship\" aria-invalid=\"true\" "
	    "aria-describedby=\"err-person.citizenship\"><option value=\"\">"
	    "</option><option value=\"ZZ\" selected>ZZ</option>"));
	assert_true(contains(&o, "<option value=\"IQ\">Iraq</option>"));
	input_tag(&o, "person.document_number", tag, sizeof(tag));
	assert_non_null(strstr(tag, " value=\"AB 12&#39;34\">"));
	input_tag(&o, "location", tag, sizeof(tag));
	assert_non_null(strstr(tag, " value=\"&lt;b&gt;camp&lt;/b&gt;\">"));
	input_tag(&o, "office", tag, sizeof(tag));
	assert_non_null(strstr(tag, " value=\"\">"));

	assert_true(contains(&o, "<option value=\"AVRR\" selected>"));
	assert_false(contains(&o, "<option value=\"CT\" selected>"));
	assert_true(contains(&o, "name=\"consent_data_processing\" "
	    "value=\"true\" checked>"));

	/* One error paragraph under each field that has one, tied to it. */
	for (i = 0; i < NITEMS(errfields); i++) {
		msg = cb_t(cb_ferrors_get(&fe, errfields[i]));
		(void)snprintf(want, sizeof(want), "<p class=\"error\" "
		    "id=\"err-%s\">%s</p>", errfields[i], msg);
		if (!contains(&o, want))
			fail_msg("no %s", want);
		if (strcmp(errfields[i], "person.citizenship") == 0)
			continue;
		input_tag(&o, errfields[i], tag, sizeof(tag));
		(void)snprintf(want, sizeof(want), " aria-invalid=\"true\" "
		    "aria-describedby=\"err-%s\"", errfields[i]);
		assert_non_null(strstr(tag, want));
	}
	assert_true(contains(&o, "Not a valid date"));
	assert_false(contains(&o, "id=\"err-person.given_name\""));
	assert_false(contains(&o, "id=\"err-location\""));
	assert_false(contains(&o, "id=\"err-case_type\""));

	out_done(&o);
	cb_values_clear(&vals);
}

static void
test_intake_blank(void **state)
{
	struct cb_page	pg;
	struct out	o;
	char		tag[1024];
	size_t		i;

	pg.actor = NULL;
	pg.csrf = "tok";
	out_begin(&o);
	cb_render_intake(&o.buf, &pg, "ft", NULL, NULL);
	out_end(&o);
	assert_false(contains(&o, "class=\"error\""));
	assert_false(contains(&o, "aria-invalid"));
	assert_false(contains(&o, " selected>"));
	assert_false(contains(&o, " checked>"));
	assert_false(contains(&o, "err."));
	/* An input, select or checkbox for every field of the form. */
	for (i = 0; i < cb_form_intake.nfields; i++) {
		if (cb_form_intake.fields[i].type == CB_F_TEXT) {
			input_tag(&o, cb_form_intake.fields[i].name, tag,
			    sizeof(tag));
			assert_non_null(strstr(tag, " value=\"\">"));
		}
		(void)snprintf(tag, sizeof(tag), "name=\"%s\"",
		    cb_form_intake.fields[i].name);
		if (!contains(&o, tag))
			fail_msg("no control for %s",
			    cb_form_intake.fields[i].name);
		/* Every label is catalogue text. */
		(void)snprintf(tag, sizeof(tag), ">field.%s",
		    cb_form_intake.fields[i].name);
		assert_false(contains(&o, tag));
	}
	out_done(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_json),
		cmocka_unit_test(test_case_json_absent),
		cmocka_unit_test(test_case_json_hidden),
		cmocka_unit_test(test_allowed_transitions),
		cmocka_unit_test(test_json_error),
		cmocka_unit_test(test_json_error_from_form),
		cmocka_unit_test(test_case_list_json),
		cmocka_unit_test(test_case_page),
		cmocka_unit_test(test_case_page_hidden),
		cmocka_unit_test(test_intake_redraw),
		cmocka_unit_test(test_intake_blank),
	};

	return (cmocka_run_group_tests_name("render", tests, NULL, NULL));
}
