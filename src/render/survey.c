/*
 * survey: the reintegration monitoring section of a case page (scores
 * as a table and a chart over time) and the survey form page, drawn
 * from the scheme's field table, its questions grouped by dimension.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "render/survey.h"
#include "text/text.h"

/* About what the section takes, and each survey in the chart and the
 * table (the chart's four points and their titles, a table row). */
#define SECTION_BYTES	4096
#define SURVEY_BYTES	1536
/* The form page without earlier surveys (about 14 KiB). */
#define FORM_BYTES	24576

static void	table(struct kore_buf *, const struct cb_survey *, size_t);
static void	cell(struct kore_buf *, const char *, int, double);
static void	field(struct kore_buf *, const struct cb_field *,
		    const struct cb_values *, const struct cb_ferrors *);
static int	answer_dim(const struct cb_rss_scheme *, const char *);

void
cb_render_survey_section(struct kore_buf *buf, const char *case_id,
    const struct cb_survey *items, size_t n, int may_add)
{
	cb_buf_reserve(buf, SECTION_BYTES + n * SURVEY_BYTES);
	kore_buf_appendf(buf, "<section class=\"surveys\" "
	    "aria-labelledby=\"surveys-heading\"><h2 id=\"surveys-heading\">");
	cb_html_t(buf, "survey.section");
	kore_buf_appendf(buf, "</h2>");
	if (may_add) {
		kore_buf_appendf(buf, "<p><a href=\"/cases/");
		cb_html_cstr(buf, case_id);
		kore_buf_appendf(buf, "/surveys/new\">");
		cb_html_t(buf, "action.add_survey");
		kore_buf_appendf(buf, "</a></p>");
	}
	if (items == NULL || n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "survey.none");
		kore_buf_appendf(buf, "</p></section>");
		return;
	}
	kore_buf_appendf(buf, "<div class=\"survey-scores\"><figure "
	    "class=\"chart\">");
	cb_render_survey_chart(buf, items, n);
	kore_buf_appendf(buf, "</figure>");
	table(buf, items, n);
	kore_buf_appendf(buf, "</div></section>");
}

/* The same numbers as the chart, two decimals, "-" where none. */
static void
cell(struct kore_buf *buf, const char *col, int has, double v)
{
	kore_buf_appendf(buf, "<td data-col=\"%s\">", col);
	if (has)
		kore_buf_appendf(buf, "%.2f", v);
	else
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	kore_buf_appendf(buf, "</td>");
}

static void
table(struct kore_buf *buf, const struct cb_survey *items, size_t n)
{
	static const char *const heads[] = {
		"field.survey_date", "field.kind", "survey.scheme_version",
		"survey.economic", "survey.social", "survey.psychosocial",
		"survey.composite"
	};
	const struct cb_survey	*s;
	char			 key[64];
	size_t			 i;
	int			 d;

	kore_buf_appendf(buf, "<table class=\"surveys\"><caption>");
	cb_html_t(buf, "survey.table");
	kore_buf_appendf(buf, "</caption><thead><tr>");
	for (i = 0; i < NITEMS(heads); i++) {
		kore_buf_appendf(buf, "<th scope=\"col\">");
		cb_html_t(buf, heads[i]);
		kore_buf_appendf(buf, "</th>");
	}
	kore_buf_appendf(buf, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		s = &items[i];
		kore_buf_appendf(buf, "<tr data-survey=\"");
		cb_html_cstr(buf, s->id);
		kore_buf_appendf(buf, "\"><th scope=\"row\" "
		    "data-col=\"survey_date\">");
		cb_html_cstr(buf, s->survey_date);
		(void)snprintf(key, sizeof(key), "opt.kind.%s", s->kind);
		kore_buf_appendf(buf, "</th><td data-col=\"kind\">");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</td><td data-col=\"scheme_version\">"
		    "%d</td>", s->scheme_version);
		for (d = 0; d < CB_RSS_DIMS; d++)
			cell(buf, cb_rss_dim_name(d), s->scores.has[d],
			    s->scores.dim[d]);
		cell(buf, "composite", s->scores.has_composite,
		    s->scores.composite);
		kore_buf_appendf(buf, "</tr>");
	}
	kore_buf_appendf(buf, "</tbody></table>");
}

static void
field(struct kore_buf *buf, const struct cb_field *f,
    const struct cb_values *vals, const struct cb_ferrors *fe)
{
	cb_html_field(buf, f, vals != NULL ? cb_values_get(vals, f->name) :
	    NULL, fe != NULL ? cb_ferrors_get(fe, f->name) : NULL);
}

/* The dimension of an "answers.<code>" field, or -1 for another. */
static int
answer_dim(const struct cb_rss_scheme *sc, const char *name)
{
	size_t		i;

	if (strncmp(name, "answers.", 8) != 0)
		return (-1);
	for (i = 0; i < sc->nind; i++) {
		if (strcmp(sc->ind[i].code, name + 8) == 0)
			return ((int)sc->ind[i].dim);
	}
	return (-1);
}

void
cb_render_survey_form(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const char *form_token, const struct cb_values *vals,
    const struct cb_ferrors *fe, const struct cb_survey *hist, size_t nhist)
{
	const struct cb_rss_scheme	*sc;
	const struct cb_form		*form;
	char				 key[64];
	size_t				 i;
	int				 d, seen;

	sc = cb_rss_scheme(CB_RSS_CURRENT);
	form = sc->form;
	cb_buf_reserve(buf, FORM_BYTES + (hist != NULL ? SECTION_BYTES +
	    nhist * SURVEY_BYTES : 0));
	cb_html_page_begin(buf, pg, "page.survey_new");
	if (fe != NULL && fe->n > 0) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, "err.form_has_errors");
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<p><a href=\"/cases/");
	cb_html_cstr(buf, case_id);
	kore_buf_appendf(buf, "\">");
	cb_html_t(buf, "nav.back_to_case");
	kore_buf_appendf(buf, "</a></p>");
	if (hist != NULL)
		cb_render_survey_section(buf, case_id, hist, nhist, 0);

	kore_buf_appendf(buf, "<h2>");
	cb_html_t(buf, "survey.new");
	kore_buf_appendf(buf, "</h2><p class=\"hint\">");
	cb_html_t(buf, "hint.survey");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/");
	cb_html_cstr(buf, case_id);
	kore_buf_appendf(buf, "/surveys/new\" class=\"form\" novalidate>");
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "form_token", form_token);

	/* The fields before the questions, the questions by dimension,
	 * then the fields after them (the note). */
	seen = 0;
	for (i = 0; i < form->nfields; i++) {
		if (answer_dim(sc, form->fields[i].name) != -1) {
			seen = 1;
			continue;
		}
		if (!seen)
			field(buf, &form->fields[i], vals, fe);
	}
	for (d = 0; d < CB_RSS_DIMS; d++) {
		(void)snprintf(key, sizeof(key), "survey.%s",
		    cb_rss_dim_name(d));
		kore_buf_appendf(buf, "<fieldset class=\"form\"><legend>");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</legend>");
		for (i = 0; i < form->nfields; i++) {
			if (answer_dim(sc, form->fields[i].name) == d)
				field(buf, &form->fields[i], vals, fe);
		}
		kore_buf_appendf(buf, "</fieldset>");
	}
	for (i = 0, seen = 0; i < form->nfields; i++) {
		if (answer_dim(sc, form->fields[i].name) != -1)
			seen = 1;
		else if (seen)
			field(buf, &form->fields[i], vals, fe);
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.add_survey");
	kore_buf_appendf(buf, "</button></form>");
	cb_html_page_end(buf);
}
