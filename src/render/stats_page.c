/*
 * stats_page: the auditor's home. A form (GET, no script) to choose up
 * to four dims and a filter per dim, every choice by its label (never a
 * raw code); then the published table (a cross table with its margins
 * for two dims, a list for one or for three and four), the chart, a
 * link to the same table as CSV, and what the numbers can and cannot
 * tell. A suppressed count reads "suppressed", never 0; every number
 * carries a data-field naming its cell for whoever checks it.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/stats.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "render/stats.h"
#include "text/text.h"

static void	form(struct kore_buf *, const struct cb_stats_view *);
static void	dim_select(struct kore_buf *, size_t, const char *);
static void	filter_control(struct kore_buf *, const struct cb_stats_dim *,
		    const struct cb_stats_view *);
static void	option(struct kore_buf *, const char *, const char *, int);
static void	error(struct kore_buf *, const struct cb_stats_view *,
		    const char *);
static size_t	chosen_dims(const struct cb_kvlist *, char (*)[40], size_t);
static void	count_cell(struct kore_buf *, const char *, long long);
static void	field_name(struct kore_buf *, const char *, size_t,
		    const char *const *, size_t);
static void	dim_label(struct kore_buf *, const struct cb_stats_dim *);
static void	table1(struct kore_buf *, const struct cb_stats_table *);
static void	table2(struct kore_buf *, const struct cb_stats_table *);
static void	table_long(struct kore_buf *, const struct cb_stats_table *);
static void	results(struct kore_buf *, const struct cb_stats_view *);

static void
option(struct kore_buf *buf, const char *value, const char *label, int sel)
{
	kore_buf_appendf(buf, "<option value=\"");
	cb_html_cstr(buf, value);
	kore_buf_appendf(buf, "\"%s>", sel ? " selected" : "");
	cb_html_cstr(buf, label);
	kore_buf_appendf(buf, "</option>");
}

static void
error(struct kore_buf *buf, const struct cb_stats_view *v, const char *name)
{
	const char	*msg;

	if (v->fe == NULL || (msg = cb_ferrors_get(v->fe, name)) == NULL)
		return;
	kore_buf_appendf(buf, "<p class=\"error\" id=\"err-");
	cb_html_cstr(buf, name);
	kore_buf_appendf(buf, "\">");
	cb_html_t(buf, msg);
	kore_buf_appendf(buf, "</p>");
}

/* The dims as sent, in order (a form sends four selects, some empty). */
static size_t
chosen_dims(const struct cb_kvlist *raw, char (*out)[40], size_t max)
{
	const char	*p, *end;
	size_t		 i, n, len;

	n = 0;
	for (i = 0; raw != NULL && i < raw->n; i++) {
		if (strcmp(raw->items[i].name, "dims") != 0)
			continue;
		for (p = raw->items[i].value; *p != '\0' && n < max;
		    p = (*end == ',') ? end + 1 : end) {
			if ((end = strchr(p, ',')) == NULL)
				end = p + strlen(p);
			if ((len = end - p) == 0 || len >= sizeof(out[0]))
				continue;
			memcpy(out[n], p, len);
			out[n++][len] = '\0';
		}
	}
	return (n);
}

static void
dim_label(struct kore_buf *buf, const struct cb_stats_dim *d)
{
	char	key[64];

	(void)snprintf(key, sizeof(key), "stats.dim.%s", d->name);
	cb_html_t(buf, key);
}

static void
dim_select(struct kore_buf *buf, size_t i, const char *sel)
{
	char	key[64];
	size_t	j;

	kore_buf_appendf(buf, "<div class=\"field\"><label for=\"dims%zu\">",
	    i + 1);
	(void)snprintf(key, sizeof(key), "stats.dim_n.%zu", i + 1);
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "</label><select id=\"dims%zu\" name=\"dims\">",
	    i + 1);
	option(buf, "", cb_t("stats.dim_none"), sel == NULL);
	for (j = 0; j < cb_stats_ndims; j++) {
		(void)snprintf(key, sizeof(key), "stats.dim.%s",
		    cb_stats_dims[j].name);
		option(buf, cb_stats_dims[j].name, cb_t(key), sel != NULL &&
		    strcmp(sel, cb_stats_dims[j].name) == 0);
	}
	kore_buf_appendf(buf, "</select></div>");
}

static void
filter_control(struct kore_buf *buf, const struct cb_stats_dim *d,
    const struct cb_stats_view *v)
{
	const struct cb_kv	*kv;
	const char *const	*codes;
	const char		*val;
	size_t			 i;
	int			 found;

	kv = v->raw != NULL ? cb_kv_get(v->raw, d->name) : NULL;
	val = kv != NULL ? kv->value : "";
	kore_buf_appendf(buf, "<div class=\"field%s\"><label for=\"f-%s\">",
	    v->fe != NULL && cb_ferrors_get(v->fe, d->name) ? " invalid" : "",
	    d->name);
	dim_label(buf, d);
	kore_buf_appendf(buf, "</label>");
	if (d->vocab == CB_STATS_YEAR) {
		kore_buf_appendf(buf, "<input id=\"f-%s\" name=\"%s\" "
		    "type=\"number\" min=\"1900\" max=\"2999\" step=\"1\" "
		    "value=\"", d->name, d->name);
		cb_html_cstr(buf, val);
		kore_buf_appendf(buf, "\">");
		error(buf, v, d->name);
		kore_buf_appendf(buf, "</div>");
		return;
	}
	kore_buf_appendf(buf, "<select id=\"f-%s\" name=\"%s\">", d->name,
	    d->name);
	option(buf, "", cb_t("list.any"), *val == '\0');
	found = *val == '\0';
	if (d->vocab == CB_STATS_CODES || d->vocab == CB_STATS_COUNTRY) {
		codes = d->vocab == CB_STATS_CODES ? d->options :
		    cb_names_countries();
		for (i = 0; codes[i] != NULL; i++) {
			option(buf, codes[i], cb_stats_label(d, codes[i]),
			    strcmp(val, codes[i]) == 0);
			found |= strcmp(val, codes[i]) == 0;
		}
	} else {
		for (i = 0; i < v->noffices; i++) {
			option(buf, v->offices[i], v->offices[i],
			    strcmp(val, v->offices[i]) == 0);
			found |= strcmp(val, v->offices[i]) == 0;
		}
	}
	/* What was sent, kept beside its error. */
	if (!found)
		option(buf, val, val, 1);
	kore_buf_appendf(buf, "</select>");
	error(buf, v, d->name);
	kore_buf_appendf(buf, "</div>");
}

static void
form(struct kore_buf *buf, const struct cb_stats_view *v)
{
	char	dims[CB_STATS_DIMS_MAX][40];
	size_t	i, n;

	n = chosen_dims(v->raw, dims, CB_STATS_DIMS_MAX);
	kore_buf_appendf(buf, "<form class=\"stats\" method=\"get\" "
	    "action=\"/\"><fieldset class=\"dims%s\"><legend>",
	    v->fe != NULL && cb_ferrors_get(v->fe, "dims") ? " invalid" : "");
	cb_html_t(buf, "stats.dims");
	kore_buf_appendf(buf, "</legend>");
	for (i = 0; i < CB_STATS_DIMS_MAX; i++)
		dim_select(buf, i, i < n ? dims[i] : NULL);
	error(buf, v, "dims");
	kore_buf_appendf(buf, "</fieldset><fieldset class=\"filters\">"
	    "<legend>");
	cb_html_t(buf, "stats.filters");
	kore_buf_appendf(buf, "</legend>");
	for (i = 0; i < cb_stats_ndims; i++)
		filter_control(buf, &cb_stats_dims[i], v);
	kore_buf_appendf(buf, "</fieldset><p><button type=\"submit\">");
	cb_html_t(buf, "stats.show");
	kore_buf_appendf(buf, "</button></p></form>");
}

/* data-field of a count: kind, then the dims' values ("-" for none). */
static void
field_name(struct kore_buf *buf, const char *kind, size_t dim,
    const char *const *vals, size_t n)
{
	size_t		i;

	kore_buf_appendf(buf, " data-field=\"%s", kind);
	if (strcmp(kind, "margin") == 0)
		kore_buf_appendf(buf, "|%zu", dim);
	for (i = 0; i < n; i++) {
		kore_buf_append(buf, "|", 1);
		cb_html_cstr(buf, vals[i] != NULL ? vals[i] : "-");
	}
	kore_buf_append(buf, "\"", 1);
}

/* The count of a cell, whose <td ...> has been opened up to its
 * attributes. */
static void
count_cell(struct kore_buf *buf, const char *cls, long long count)
{
	if (count < 0) {
		kore_buf_appendf(buf, " class=\"suppressed%s%s\">",
		    cls ? " " : "", cls ? cls : "");
		cb_html_t(buf, "stats.suppressed");
		kore_buf_appendf(buf, "</td>");
		return;
	}
	kore_buf_appendf(buf, " class=\"num%s%s\">%lld</td>", cls ? " " : "",
	    cls ? cls : "", count);
}

static void
table1(struct kore_buf *buf, const struct cb_stats_table *t)
{
	const struct cb_stats_cell	*c;
	size_t				 i;

	kore_buf_appendf(buf, "<table class=\"stats\"><thead><tr>"
	    "<th scope=\"col\">");
	dim_label(buf, t->dims[0]);
	kore_buf_appendf(buf, "</th><th scope=\"col\" class=\"num\">");
	cb_html_t(buf, "stats.count");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < t->ncells; i++) {
		c = &t->cells[i];
		kore_buf_appendf(buf, "<tr><th scope=\"row\">");
		cb_html_cstr(buf, cb_stats_label(t->dims[0], c->v[0]));
		kore_buf_appendf(buf, "</th><td");
		field_name(buf, "cell", 0, (const char *const *)c->v, 1);
		count_cell(buf, NULL, c->count);
		kore_buf_appendf(buf, "</tr>");
	}
	kore_buf_appendf(buf, "</tbody><tfoot><tr><th scope=\"row\">");
	cb_html_t(buf, "stats.total");
	kore_buf_appendf(buf, "</th><td data-field=\"total\"");
	count_cell(buf, "total", t->total);
	kore_buf_appendf(buf, "</tr></tfoot></table>");
}

/* Rows: the first dim's values; columns: the second's; the margins
 * right and below, the total in the corner. */
static void
table2(struct kore_buf *buf, const struct cb_stats_table *t)
{
	const struct cb_stats_cell	*c, *r, *col;
	const char			*vals[2];
	size_t				 i, j;

	kore_buf_appendf(buf, "<table class=\"stats cross\"><thead><tr>"
	    "<th scope=\"col\">");
	dim_label(buf, t->dims[0]);
	kore_buf_appendf(buf, " \\ ");
	dim_label(buf, t->dims[1]);
	kore_buf_appendf(buf, "</th>");
	for (j = 0; j < t->nmargin[1]; j++) {
		kore_buf_appendf(buf, "<th scope=\"col\" class=\"num\">");
		cb_html_cstr(buf, cb_stats_label(t->dims[1],
		    t->margin[1][j].v[1]));
		kore_buf_appendf(buf, "</th>");
	}
	kore_buf_appendf(buf, "<th scope=\"col\" class=\"num\">");
	cb_html_t(buf, "stats.total");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < t->nmargin[0]; i++) {
		r = &t->margin[0][i];
		kore_buf_appendf(buf, "<tr><th scope=\"row\">");
		cb_html_cstr(buf, cb_stats_label(t->dims[0], r->v[0]));
		kore_buf_appendf(buf, "</th>");
		for (j = 0; j < t->nmargin[1]; j++) {
			col = &t->margin[1][j];
			vals[0] = r->v[0];
			vals[1] = col->v[1];
			c = cb_stats_table_cell2(t, vals[0], vals[1]);
			kore_buf_appendf(buf, "<td");
			field_name(buf, "cell", 0, vals, 2);
			count_cell(buf, NULL, c != NULL ? c->count : 0);
		}
		kore_buf_appendf(buf, "<td");
		field_name(buf, "margin", 0, (const char *const *)r->v, 1);
		count_cell(buf, "total", r->count);
		kore_buf_appendf(buf, "</tr>");
	}
	kore_buf_appendf(buf, "</tbody><tfoot><tr><th scope=\"row\">");
	cb_html_t(buf, "stats.total");
	kore_buf_appendf(buf, "</th>");
	for (j = 0; j < t->nmargin[1]; j++) {
		kore_buf_appendf(buf, "<td");
		field_name(buf, "margin", 1,
		    (const char *const *)&t->margin[1][j].v[1], 1);
		count_cell(buf, "total", t->margin[1][j].count);
	}
	kore_buf_appendf(buf, "<td data-field=\"total\"");
	count_cell(buf, "total", t->total);
	kore_buf_appendf(buf, "</tr></tfoot></table>");
}

/* Three or four dims: one row per cell, then each dim's margin. */
static void
table_long(struct kore_buf *buf, const struct cb_stats_table *t)
{
	const struct cb_stats_cell	*c;
	size_t				 i, j;

	kore_buf_appendf(buf, "<table class=\"stats\"><thead><tr>");
	for (j = 0; j < t->ndims; j++) {
		kore_buf_appendf(buf, "<th scope=\"col\">");
		dim_label(buf, t->dims[j]);
		kore_buf_appendf(buf, "</th>");
	}
	kore_buf_appendf(buf, "<th scope=\"col\" class=\"num\">");
	cb_html_t(buf, "stats.count");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < t->ncells; i++) {
		c = &t->cells[i];
		kore_buf_appendf(buf, "<tr>");
		for (j = 0; j < t->ndims; j++) {
			kore_buf_appendf(buf, "<td>");
			cb_html_cstr(buf, cb_stats_label(t->dims[j], c->v[j]));
			kore_buf_appendf(buf, "</td>");
		}
		kore_buf_appendf(buf, "<td");
		field_name(buf, "cell", 0, (const char *const *)c->v,
		    t->ndims);
		count_cell(buf, NULL, c->count);
		kore_buf_appendf(buf, "</tr>");
	}
	kore_buf_appendf(buf, "</tbody><tfoot><tr><th scope=\"row\" "
	    "colspan=\"%zu\">", t->ndims);
	cb_html_t(buf, "stats.total");
	kore_buf_appendf(buf, "</th><td data-field=\"total\"");
	count_cell(buf, "total", t->total);
	kore_buf_appendf(buf, "</tr></tfoot></table>");
	for (j = 0; j < t->ndims; j++) {
		kore_buf_appendf(buf, "<table class=\"stats margin\"><caption>");
		cb_html_t(buf, "stats.margin");
		kore_buf_appendf(buf, " ");
		dim_label(buf, t->dims[j]);
		kore_buf_appendf(buf, "</caption><tbody>");
		for (i = 0; i < t->nmargin[j]; i++) {
			c = &t->margin[j][i];
			kore_buf_appendf(buf, "<tr><th scope=\"row\">");
			cb_html_cstr(buf, cb_stats_label(t->dims[j], c->v[j]));
			kore_buf_appendf(buf, "</th><td");
			field_name(buf, "margin", j,
			    (const char *const *)&c->v[j], 1);
			count_cell(buf, NULL, c->count);
			kore_buf_appendf(buf, "</tr>");
		}
		kore_buf_appendf(buf, "</tbody></table>");
	}
}

static void
results(struct kore_buf *buf, const struct cb_stats_view *v)
{
	const struct cb_stats_table	*t;
	struct kore_buf			 qs;
	size_t				 i;

	t = v->t;
	kore_buf_appendf(buf, "<section class=\"stats-result\"><h2>");
	cb_html_t(buf, "stats.chart.cases_by");
	for (i = 0; i < t->ndims; i++) {
		kore_buf_appendf(buf, "%s", i > 0 ? ", " : " ");
		dim_label(buf, t->dims[i]);
	}
	kore_buf_appendf(buf, "</h2>");
	if (v->q->nfilters > 0) {
		kore_buf_appendf(buf, "<p class=\"chosen\">");
		cb_html_t(buf, "stats.filtered");
		for (i = 0; i < v->q->nfilters; i++) {
			kore_buf_appendf(buf, "%s", i > 0 ? "; " : " ");
			dim_label(buf, v->q->filters[i].dim);
			kore_buf_appendf(buf, ": ");
			cb_html_cstr(buf, cb_stats_label(v->q->filters[i].dim,
			    v->q->filters[i].value));
		}
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "stats.hint.suppressed");
	kore_buf_appendf(buf, " (k = %d).", t->k);
	for (i = 0; i < t->ndims; i++) {
		if (t->dims[i]->multi) {
			kore_buf_appendf(buf, " ");
			cb_html_t(buf, "stats.hint.multi");
			break;
		}
	}
	kore_buf_appendf(buf, "</p>");
	if (t->ndims == 1)
		table1(buf, t);
	else if (t->ndims == 2)
		table2(buf, t);
	else
		table_long(buf, t);
	kore_buf_init(&qs, 256);
	cb_stats_query_string(&qs, v->q);
	kore_buf_appendf(buf, "<p><a class=\"csv\" href=\"/stats.csv?");
	cb_html_escape(buf, (const char *)qs.data, qs.offset);
	kore_buf_appendf(buf, "\" download>");
	cb_html_t(buf, "stats.csv");
	kore_buf_appendf(buf, "</a></p>");
	kore_buf_cleanup(&qs);
	if (t->ndims <= 2 && t->ncells > 0)
		cb_render_stats_chart(buf, t);
	else if (t->ndims > 2) {
		kore_buf_appendf(buf, "<p class=\"hint\">");
		cb_html_t(buf, "stats.chart.none");
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</section>");
}

void
cb_render_stats_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_stats_view *v)
{
	cb_html_page_begin(buf, pg, "page.stats");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "stats.intro");
	kore_buf_appendf(buf, "</p>");
	if (v->fe != NULL && v->fe->n > 0) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, "err.query");
		kore_buf_appendf(buf, "</p>");
	}
	form(buf, v);
	if (v->t != NULL)
		results(buf, v);
	kore_buf_appendf(buf, "<details class=\"method\"><summary>");
	cb_html_t(buf, "stats.method.title");
	kore_buf_appendf(buf, "</summary><p>");
	cb_html_t(buf, "stats.method.can");
	kore_buf_appendf(buf, "</p><p>");
	cb_html_t(buf, "stats.method.cannot");
	kore_buf_appendf(buf, "</p></details><p><a href=\"/audit/log\">");
	cb_html_t(buf, "nav.audit_log");
	kore_buf_appendf(buf, "</a> &middot; <a href=\"/audit\">");
	cb_html_t(buf, "action.verify_audit");
	kore_buf_appendf(buf, "</a></p>");
	cb_html_page_end(buf);
}
