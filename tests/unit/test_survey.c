/*
 * Unit tests for survey.c and the survey renderers. Where a survey may
 * be added (AVRR in reintegration assistance or monitoring, states that
 * the flow has); sealing answers and note bound to the survey, so they
 * open only as that survey under that version and the audit names
 * fields, never values; the chart: well-formed XML inside HTML, an
 * accessible image (role, title, desc), every point inside the plot at
 * the height of its score, a missing score breaking its line, the same
 * numbers as the table beside it, no inline style (CSP), everything
 * escaped; the JSON of a survey; the form page drawn from the field
 * table with input and errors kept.
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
#include <sodium.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "render/i18n.h"
#include "render/render.h"
#include "render/survey.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define CASE_ID		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"
#define NOTE		"<b>Sabah</b> & \"Ali\" \xd8\xb9\xd9\x84\xd9\x8a"
/* Chart geometry (survey_chart.c): the plot's score axis. */
#define Y_TOP		14.0
#define Y_ZERO		194.0

struct out {
	struct kore_buf	 buf;
	char		*s;
	size_t		 len;
};

static void	 out_begin(struct out *);
static void	 out_end(struct out *);
static int	 contains(const char *, const char *);
static size_t	 count(const char *, const char *);
static void	 well_formed(const char *, size_t);
static void	 survey(struct cb_survey *, const char *, const char *,
		    double, double, double, int);
static void	 values(struct cb_values *, const char *, const char *);
static double	 attr(const char *, const char *);

static void
out_begin(struct out *o)
{
	memset(o, 0, sizeof(*o));
	kore_buf_init(&o->buf, 1024);
}

static void
out_end(struct out *o)
{
	o->s = kore_buf_stringify(&o->buf, &o->len);
	assert_int_equal(strlen(o->s), o->len);
}

static int
contains(const char *s, const char *needle)
{
	return (strstr(s, needle) != NULL);
}

static size_t
count(const char *s, const char *needle)
{
	size_t	n;

	for (n = 0; (s = strstr(s, needle)) != NULL; s++)
		n++;
	return (n);
}

/*
 * XML well-formedness of an HTML fragment that holds only SVG-style
 * markup (no void elements): every tag closed in order, attributes
 * quoted and unique, '&' only as an entity, no '<' or '>' in text.
 */
static void
well_formed(const char *s, size_t len)
{
	char		 stack[64][32], name[32], attrs[32][32];
	const char	*p, *end, *q;
	size_t		 depth, n, na, i;
	int		 closing, selfclose;

	depth = 0;
	end = s + len;
	for (p = s; p < end; p++) {
		if (*p == '&') {
			q = strchr(p, ';');
			if (q == NULL || q - p > 8 || (strncmp(p, "&amp;", 5) &&
			    strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
			    strncmp(p, "&quot;", 6) && strncmp(p, "&#39;", 5)))
				fail_msg("bare & at %zu: %.40s",
				    (size_t)(p - s), p);
			continue;
		}
		if (*p == '>')
			fail_msg("bare > at %zu", (size_t)(p - s));
		if (*p != '<')
			continue;
		p++;
		closing = (*p == '/');
		if (closing)
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
		    "VWXYZ0123456789-:");
		if (n == 0 || n >= sizeof(name))
			fail_msg("bad tag at %zu: %.40s", (size_t)(p - s), p);
		memcpy(name, p, n);
		name[n] = '\0';
		p += n;
		na = 0;
		selfclose = 0;
		for (;;) {
			while (*p == ' ')
				p++;
			if (*p == '>')
				break;
			if (p[0] == '/' && p[1] == '>') {
				selfclose = 1;
				p++;
				break;
			}
			if (closing)
				fail_msg("attribute in </%s>", name);
			n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
			    "KLMNOPQRSTUVWXYZ0123456789-:");
			if (n == 0 || n >= sizeof(attrs[0]) || p[n] != '=' ||
			    p[n + 1] != '"')
				fail_msg("bad attribute in <%s>: %.40s", name,
				    p);
			if (na == NITEMS(attrs))
				fail_msg("too many attributes in <%s>", name);
			memcpy(attrs[na], p, n);
			attrs[na][n] = '\0';
			for (i = 0; i < na; i++) {
				if (strcmp(attrs[i], attrs[na]) == 0)
					fail_msg("<%s> repeats %s", name,
					    attrs[na]);
			}
			na++;
			p += n + 2;
			if ((q = strchr(p, '"')) == NULL)
				fail_msg("unterminated attribute in <%s>",
				    name);
			if (memchr(p, '<', q - p) != NULL)
				fail_msg("< in an attribute of <%s>", name);
			p = q + 1;
		}
		if (closing) {
			if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
				fail_msg("</%s> closes <%s>", name,
				    depth ? stack[depth - 1] : "nothing");
			depth--;
		} else if (!selfclose) {
			if (depth == NITEMS(stack))
				fail_msg("nested too deep");
			(void)cb_strlcpy(stack[depth++], name,
			    sizeof(stack[0]));
		}
	}
	if (depth != 0)
		fail_msg("<%s> never closed", stack[depth - 1]);
}

/* A survey with scores (negative: none); composite when all three. */
static void
survey(struct cb_survey *s, const char *id, const char *date, double e,
    double so, double ps, int version)
{
	memset(s, 0, sizeof(*s));
	(void)cb_strlcpy(s->id, id, sizeof(s->id));
	(void)cb_strlcpy(s->kind, "follow_up", sizeof(s->kind));
	(void)cb_strlcpy(s->survey_date, date, sizeof(s->survey_date));
	(void)cb_strlcpy(s->created_at, "2024-06-01T10:00:00Z",
	    sizeof(s->created_at));
	s->scheme_version = version;
	s->scores.has[0] = e >= 0;
	s->scores.dim[0] = e;
	s->scores.has[1] = so >= 0;
	s->scores.dim[1] = so;
	s->scores.has[2] = ps >= 0;
	s->scores.dim[2] = ps;
	s->scores.has_composite = e >= 0 && so >= 0 && ps >= 0;
	s->scores.composite = (e + so + ps) / 3;
}

/* The numeric value of attribute name="..." at s. */
static double
attr(const char *s, const char *name)
{
	char		 key[32];
	const char	*p;

	(void)snprintf(key, sizeof(key), " %s=\"", name);
	if ((p = strstr(s, key)) == NULL)
		fail_msg("no %s in %.60s", name, s);
	return (strtod(p + strlen(key), NULL));
}

static void
test_allowed(void **state)
{
	static const char *const yes[] = {
		"reintegration_assistance", "monitoring"
	};
	const struct cb_state	*st;
	size_t			 i, n;

	for (i = 0; i < NITEMS(yes); i++) {
		/* The states are the flow's own. */
		assert_non_null(cb_flow_state(CB_CASE_AVRR, yes[i]));
		assert_true(cb_survey_allowed("AVRR", yes[i]));
		assert_false(cb_survey_allowed("CT", yes[i]));
		assert_true(cb_survey_may_add(CB_ROLE_CASEWORKER, "AVRR",
		    yes[i]));
		assert_false(cb_survey_may_add(CB_ROLE_SUPERVISOR, "AVRR",
		    yes[i]));
		assert_false(cb_survey_may_add(CB_ROLE_PARTNER, "AVRR",
		    yes[i]));
		assert_false(cb_survey_may_add(CB_ROLE_AUDITOR, "AVRR",
		    yes[i]));
		assert_false(cb_survey_may_add(CB_ROLE_ADMIN, "AVRR",
		    yes[i]));
	}
	st = cb_flow_states(CB_CASE_AVRR, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(st[i].name, yes[0]) && strcmp(st[i].name, yes[1]))
			assert_false(cb_survey_allowed("AVRR", st[i].name));
	}
	st = cb_flow_states(CB_CASE_CT, &n);
	for (i = 0; i < n; i++)
		assert_false(cb_survey_allowed("CT", st[i].name));
	assert_false(cb_survey_allowed("avrr", "monitoring"));
	assert_false(cb_survey_allowed(NULL, "monitoring"));
	assert_false(cb_survey_allowed("AVRR", NULL));
	assert_false(cb_survey_allowed("AVRR", "Monitoring"));
	assert_false(cb_survey_may_add(CB_ROLE_CASEWORKER, "AVRR", "closed"));
}

/* Validated values of the current form: all first options. */
static void
values(struct cb_values *vals, const char *note, const char *food)
{
	const struct cb_rss_scheme	*sc;
	struct cb_kvlist		 kv;
	struct cb_ferrors		 fe;
	struct kore_buf			 b;
	size_t				 i;

	sc = cb_rss_scheme(CB_RSS_CURRENT);
	kore_buf_init(&b, 512);
	kore_buf_appendf(&b, "kind=baseline&survey_date=2024-01-10");
	for (i = 0; i < sc->nind; i++)
		kore_buf_appendf(&b, "&answers.%s=%s", sc->ind[i].code,
		    strcmp(sc->ind[i].code, "food_security") == 0 && food ?
		    food : sc->ind[i].options[0]);
	if (note != NULL)
		kore_buf_appendf(&b, "&note=%s", note);
	(void)kore_buf_stringify(&b, NULL);
	assert_int_equal(cb_kv_parse((char *)b.data, strlen((char *)b.data),
	    64, &kv), 0);
	if (cb_form_from_kv(sc->form, &kv, vals, &fe) != 0)
		fail_msg("form refused %s: %s", fe.field[0], fe.msg[0]);
	cb_kv_free(&kv);
	kore_buf_cleanup(&b);
}

static void
test_seal_open(void **state)
{
	const struct cb_rss_scheme	*sc;
	struct cb_survey_sealed		 ss;
	struct cb_values		 vals;
	struct cb_survey		 s, moved;
	unsigned char			 dk[CB_VAULT_KEY_LEN];
	size_t				 i;

	sc = cb_rss_scheme(CB_RSS_CURRENT);
	randombytes_buf(dk, sizeof(dk));
	values(&vals, "%3Cb%3EJovana%3C%2Fb%3E+%26+co", "often");
	assert_int_equal(cb_survey_seal(dk, 3, sc, &vals, &ss), 0);
	assert_true(cb_uuid_valid(ss.id));
	assert_true(ss.len > CB_VAULT_OVERHEAD);
	assert_null(memmem(ss.answers, ss.len, "Jovana", 6));
	assert_null(memmem(ss.answers, ss.len, "often", 5));

	/* Field names, never values; the audit's alphabet, in its size. */
	assert_true(strlen(ss.fields) < sizeof(ss.fields) - 1);
	assert_int_equal(strspn(ss.fields, "abcdefghijklmnopqrstuvwxyz_.,"),
	    strlen(ss.fields));
	assert_true(contains(ss.fields, "kind,survey_date,answers."));
	assert_true(contains(ss.fields, "answers.food_security"));
	assert_true(contains(ss.fields, ",note"));
	assert_false(contains(ss.fields, "often"));

	memset(&s, 0, sizeof(s));
	(void)cb_strlcpy(s.id, ss.id, sizeof(s.id));
	s.sealed = kore_malloc(ss.len);
	memcpy(s.sealed, ss.answers, ss.len);
	s.sealed_len = ss.len;
	moved = s;
	moved.sealed = kore_malloc(ss.len);
	memcpy(moved.sealed, ss.answers, ss.len);

	/* Bound to its version and its survey. */
	assert_int_equal(cb_survey_open(dk, 2, &s), -1);
	assert_false(s.opened);
	cb_uuid_new(moved.id);
	assert_int_equal(cb_survey_open(dk, 3, &moved), -1);
	assert_int_equal(moved.answers.n, 0);

	assert_int_equal(cb_survey_open(dk, 3, &s), 0);
	assert_true(s.opened);
	assert_int_equal(s.answers.n, sc->nind);
	for (i = 0; i < sc->nind; i++) {
		assert_string_equal(s.answers.code[i], sc->ind[i].code);
		assert_string_equal(s.answers.value[i],
		    strcmp(sc->ind[i].code, "food_security") == 0 ? "often" :
		    sc->ind[i].options[0]);
	}
	assert_string_equal(s.answers.note, "<b>Jovana</b> & co");

	cb_survey_clear(&s);
	cb_survey_clear(&moved);
	cb_survey_sealed_clear(&ss);
	cb_values_clear(&vals);

	/* Without a note there is none; a wrong form is refused. */
	values(&vals, NULL, NULL);
	assert_int_equal(cb_survey_seal(dk, 1, sc, &vals, &ss), 0);
	assert_false(contains(ss.fields, "note"));
	memset(&s, 0, sizeof(s));
	(void)cb_strlcpy(s.id, ss.id, sizeof(s.id));
	s.sealed = ss.answers;
	s.sealed_len = ss.len;
	assert_int_equal(cb_survey_open(dk, 1, &s), 0);
	assert_null(s.answers.note);
	s.sealed = NULL;
	cb_survey_clear(&s);
	cb_survey_sealed_clear(&ss);
	vals.form = &cb_form_intake;
	assert_int_equal(cb_survey_seal(dk, 1, sc, &vals, &ss), -1);
	vals.form = sc->form;
	cb_values_clear(&vals);
	sodium_memzero(dk, sizeof(dk));
}

/* Three surveys; the second without a social score (so no composite). */
static void
test_chart(void **state)
{
	struct cb_survey	 s[3];
	struct out		 o;
	const char		*p, *svg, *svgend, *title;
	char			 want[64];
	double			 cy;
	size_t			 i;

	survey(&s[0], "a1", "2024-01-10", 0.25, 0.5, 0.75, 1);
	survey(&s[1], "a2", "2024-04-10", 0.5, -1, 0.8, 1);
	survey(&s[2], "a3", "2024-09-30", 1.0, 0.0, 0.6875, 1);

	out_begin(&o);
	cb_render_survey_chart(&o.buf, s, 3);
	out_end(&o);
	svg = o.s;
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	    39) == 0);
	svgend = strstr(svg, "</svg>");
	assert_non_null(svgend);
	assert_int_equal(svgend + 6 - svg, (long)o.len);
	well_formed(o.s, o.len);

	/* An accessible image, named by its title and desc. */
	assert_true(contains(svg, " role=\"img\""));
	assert_true(contains(svg, " aria-labelledby=\"survey-chart-title "
	    "survey-chart-desc\""));
	assert_true(contains(svg, "<title id=\"survey-chart-title\">"));
	assert_true(contains(svg, "<desc id=\"survey-chart-desc\">"));
	assert_true(contains(svg, "2024-01-10 \xe2\x80\x93 2024-09-30 (3)"));
	assert_true(contains(svg, cb_t("survey.chart.title")));
	/* No inline style: the pages' CSP forbids it; no script. */
	assert_false(contains(svg, "style="));
	assert_false(contains(svg, "<script"));
	assert_false(contains(svg, "survey."));

	/* Axis 0..1 labelled, both ends; the legend names all four. */
	assert_true(contains(svg, ">0</text>"));
	assert_true(contains(svg, ">1</text>"));
	assert_true(contains(svg, ">0.5</text>"));
	assert_true(contains(svg, ">Economic</text>"));
	assert_true(contains(svg, ">Social</text>"));
	assert_true(contains(svg, ">Psychosocial</text>"));
	assert_true(contains(svg, ">Composite</text>"));
	assert_true(contains(svg, ">2024-01-10</text>"));
	assert_true(contains(svg, ">2024-09-30</text>"));

	/* Social and composite miss the second survey: their lines break
	 * there, into runs of one point, so only the other two draw. */
	assert_int_equal(count(svg, "<polyline"), 2);
	assert_true(contains(svg, "data-series=\"economic\"><polyline"));
	assert_true(contains(svg, "data-series=\"psychosocial\"><polyline"));
	assert_false(contains(svg, "data-series=\"social\"><polyline"));
	assert_false(contains(svg, "2024-04-10, Social"));
	assert_false(contains(svg, "2024-04-10, Composite"));
	/* Every point that has a score has its title (3+2+3+2). */
	assert_int_equal(count(svg, "<title>"), 10);

	/* Each point at the height of its score, inside the plot. */
	for (p = svg; (p = strstr(p, "<circle ")) != NULL; p++) {
		title = strchr(p, '>');
		if (title[-1] == '/')
			continue;	/* a legend sample has no title */
		cy = attr(p, "cy");
		assert_true(cy >= Y_TOP - 0.05 && cy <= Y_ZERO + 0.05);
	}
	(void)snprintf(want, sizeof(want), "cy=\"%.1f\"",
	    Y_ZERO - 0.25 * (Y_ZERO - Y_TOP));
	assert_true(contains(svg, want));	/* economic 0.25 */
	(void)snprintf(want, sizeof(want), "cy=\"%.1f\"", Y_TOP);
	assert_true(contains(svg, want));	/* economic 1.0 */
	assert_true(contains(svg, "2024-09-30, Psychosocial: 0.69</title>"));
	assert_true(contains(svg, "2024-01-10, Composite: 0.50</title>"));

	/* x follows the dates: April is 91 of 264 days along. */
	p = strstr(svg, "data-series=\"economic\"");
	for (i = 0; i < 2; i++)
		p = strstr(p + 1, "<circle ");
	assert_true(attr(p, "cx") > 58.0 + (534.0 - 58.0) * 91 / 264 - 0.1 &&
	    attr(p, "cx") < 58.0 + (534.0 - 58.0) * 91 / 264 + 0.1);
	kore_buf_cleanup(&o.buf);

	/* Nothing at all for no survey; one survey in the middle. */
	out_begin(&o);
	cb_render_survey_chart(&o.buf, s, 0);
	out_end(&o);
	assert_int_equal(o.len, 0);
	kore_buf_cleanup(&o.buf);
	out_begin(&o);
	cb_render_survey_chart(&o.buf, &s[2], 1);
	out_end(&o);
	well_formed(o.s, o.len);
	assert_int_equal(count(o.s, "<polyline"), 0);
	assert_true(contains(o.s, "cx=\"296.0\""));
	assert_true(contains(o.s, "(1). "));
	kore_buf_cleanup(&o.buf);
}

/* The section: the chart beside a table of the same numbers; escaped;
 * a link to add only when allowed. */
static void
test_section(void **state)
{
	struct cb_survey	 s[2];
	struct out		 o;
	const char		*t;

	survey(&s[0], "b1\"><script>", "2024-01-10", 0.125, 0.5, 0.75, 1);
	survey(&s[1], "b2", "2024-04-10", 0.5, -1, 0.8, 1);
	(void)cb_strlcpy(s[0].kind, "baseline", sizeof(s[0].kind));

	out_begin(&o);
	cb_render_survey_section(&o.buf, CASE_ID, s, 2, 1);
	out_end(&o);
	well_formed(o.s, o.len);
	assert_false(contains(o.s, "<script"));
	assert_true(contains(o.s, "data-survey=\"b1&quot;&gt;&lt;script&gt;"));
	assert_true(contains(o.s, "<a href=\"/cases/" CASE_ID
	    "/surveys/new\">"));
	assert_true(contains(o.s, "<svg "));
	t = strstr(o.s, "<table");
	assert_non_null(t);
	/* The numbers of the chart's titles, two decimals, in the table. */
	assert_true(contains(o.s, "Economic: 0.12</title>"));
	assert_true(contains(t, "<td data-col=\"economic\">0.12</td>"));
	assert_true(contains(t, "<td data-col=\"psychosocial\">0.80</td>"));
	assert_true(contains(t, "<td data-col=\"social\"><span "
	    "class=\"none\">-</span></td>"));
	assert_true(contains(t, "<td data-col=\"composite\">0.46</td>"));
	assert_true(contains(o.s, "Composite: 0.46</title>"));
	assert_true(contains(t, ">Baseline</td>"));
	assert_true(contains(t, ">Follow-up</td>"));
	assert_int_equal(count(t, "<tr data-survey="), 2);
	kore_buf_cleanup(&o.buf);

	out_begin(&o);
	cb_render_survey_section(&o.buf, "<x>", NULL, 0, 0);
	out_end(&o);
	well_formed(o.s, o.len);
	assert_false(contains(o.s, "<svg"));
	assert_false(contains(o.s, "<table"));
	assert_false(contains(o.s, "href="));
	assert_true(contains(o.s, cb_t("survey.none")));
	kore_buf_cleanup(&o.buf);

	out_begin(&o);
	cb_render_survey_section(&o.buf, "<x>", NULL, 0, 1);
	out_end(&o);
	assert_true(contains(o.s, "href=\"/cases/&lt;x&gt;/surveys/new\""));
	kore_buf_cleanup(&o.buf);

	/* Room is made once, what is there is kept. */
	out_begin(&o);
	kore_buf_appendf(&o.buf, "kept");
	cb_buf_reserve(&o.buf, 100000);
	assert_true(o.buf.length >= o.buf.offset + 100000);
	cb_buf_reserve(&o.buf, 10);
	assert_true(o.buf.length >= 100004);
	out_end(&o);
	assert_string_equal(o.s, "kept");
	kore_buf_cleanup(&o.buf);
}

static void
test_json(void **state)
{
	struct cb_survey	 s;
	struct cb_json		*j;
	const struct cb_json	*sc, *a;
	struct out		 o;

	survey(&s, "c1", "2024-01-10", 0.6883, -1, 0.6617, 1);
	out_begin(&o);
	cb_render_survey_list_json(&o.buf, &s, 1);
	out_end(&o);
	assert_int_equal(cb_json_parse(o.s, o.len, &j, NULL), 0);
	assert_int_equal(cb_json_get(j, "next_cursor")->type, CB_JSON_NULL);
	a = cb_json_get(j, "items")->child;
	assert_string_equal(cb_json_get(a, "id")->str, "c1");
	assert_string_equal(cb_json_get(a, "kind")->str, "follow_up");
	assert_string_equal(cb_json_get(a, "survey_date")->str, "2024-01-10");
	assert_string_equal(cb_json_get(a, "scheme_version")->str, "1");
	sc = cb_json_get(a, "scores");
	assert_string_equal(cb_json_get(sc, "economic")->str, "0.6883");
	assert_int_equal(cb_json_get(sc, "social")->type, CB_JSON_NULL);
	assert_string_equal(cb_json_get(sc, "psychosocial")->str, "0.6617");
	assert_int_equal(cb_json_get(sc, "composite")->type, CB_JSON_NULL);
	/* Not opened: no answers, no note. */
	assert_null(cb_json_get(a, "answers"));
	assert_null(cb_json_get(a, "note"));
	cb_json_free(j);
	kore_buf_cleanup(&o.buf);

	s.opened = 1;
	s.answers.n = 1;
	s.answers.code[0] = kore_strdup("housing");
	s.answers.value[0] = kore_strdup("adequate");
	s.answers.note = kore_strdup(NOTE "</script>");
	out_begin(&o);
	cb_render_survey_json(&o.buf, &s);
	out_end(&o);
	assert_false(contains(o.s, "</script>"));
	assert_int_equal(cb_json_parse(o.s, o.len, &j, NULL), 0);
	a = cb_json_get(j, "answers");
	assert_string_equal(cb_json_get(a, "housing")->str, "adequate");
	assert_string_equal(cb_json_get(j, "note")->str, NOTE "</script>");
	cb_json_free(j);
	kore_buf_cleanup(&o.buf);
	cb_survey_clear(&s);
}

/* The form page: every question of the scheme, grouped by dimension,
 * with the input kept and each error next to its field. */
static void
test_form_page(void **state)
{
	const struct cb_rss_scheme	*sc;
	struct cb_page			 pg;
	struct cb_actor			 actor;
	struct cb_values		 vals;
	struct cb_ferrors		 fe;
	struct cb_survey		 hist;
	struct out			 o;
	char				 sel[128];
	size_t				 i;

	sc = cb_rss_scheme(CB_RSS_CURRENT);
	memset(&actor, 0, sizeof(actor));
	(void)cb_strlcpy(actor.username, "caseworker",
	    sizeof(actor.username));
	actor.role = CB_ROLE_CASEWORKER;
	pg.actor = &actor;
	pg.csrf = "c5rf";
	values(&vals, "Kept+%26+shown", "sometimes");
	memset(&fe, 0, sizeof(fe));
	cb_ferrors_add(&fe, "answers.housing", "err.required");
	survey(&hist, "d1", "2024-01-10", 0.5, 0.5, 0.5, 1);

	out_begin(&o);
	cb_render_survey_form(&o.buf, &pg, CASE_ID, "tok123", &vals, &fe,
	    &hist, 1);
	out_end(&o);
	assert_true(contains(o.s, "<form method=\"post\" action=\"/cases/"
	    CASE_ID "/surveys/new\""));
	assert_true(contains(o.s, "name=\"csrf\" value=\"c5rf\""));
	assert_true(contains(o.s, "name=\"form_token\" value=\"tok123\""));
	assert_int_equal(count(o.s, "<fieldset"), 3);
	assert_true(contains(o.s, "<legend>Economic</legend>"));
	for (i = 0; i < sc->nind; i++) {
		(void)snprintf(sel, sizeof(sel), "<select id=\"answers.%s\" "
		    "name=\"answers.%s\"", sc->ind[i].code, sc->ind[i].code);
		assert_true(contains(o.s, sel));
	}
	/* Every option of every indicator, labelled from the catalogue. */
	assert_int_equal(count(o.s, "<option value=\"prefer_not_to_say\""),
	    sc->nind);
	assert_true(contains(o.s, "<option value=\"sometimes\" selected>"));
	/* The note may span lines: a textarea, kept as typed. */
	assert_true(contains(o.s, "\">Kept &amp; shown</textarea>"));
	assert_true(contains(o.s, "id=\"err-answers.housing\""));
	assert_true(contains(o.s, cb_t("err.form_has_errors")));
	/* Earlier surveys above the form, and no link to this page. */
	assert_true(contains(o.s, "<svg "));
	assert_false(contains(o.s, "/surveys/new\">"));
	assert_false(contains(o.s, ">opt."));
	assert_false(contains(o.s, ">field."));
	kore_buf_cleanup(&o.buf);
	cb_values_clear(&vals);
}

/* Every key the survey pages use is in the catalogue. */
static void
test_catalogue(void **state)
{
	const struct cb_rss_scheme	*sc;
	const struct cb_field		*f;
	char				 key[128];
	const char			*base;
	size_t				 i, o;

	sc = cb_rss_scheme(CB_RSS_CURRENT);
	for (i = 0; i < sc->form->nfields; i++) {
		f = &sc->form->fields[i];
		(void)snprintf(key, sizeof(key), "field.%s", f->name);
		if (!cb_i18n_has(key))
			fail_msg("no %s", key);
		base = strrchr(f->name, '.');
		base = base != NULL ? base + 1 : f->name;
		for (o = 0; f->options != NULL && f->options[o] != NULL;
		    o++) {
			(void)snprintf(key, sizeof(key), "opt.%s.%s", base,
			    f->options[o]);
			if (!cb_i18n_has(key))
				fail_msg("no %s", key);
		}
	}
	assert_true(cb_i18n_has("guard.survey_state"));
	assert_true(cb_i18n_has("guard.data_consent"));
	assert_true(cb_i18n_has("err.survey_limit"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_section),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_form_page),
		cmocka_unit_test(test_catalogue),
	};

	if (sodium_init() == -1)
		return (1);
	return (cmocka_run_group_tests_name("survey", tests, NULL, NULL));
}
