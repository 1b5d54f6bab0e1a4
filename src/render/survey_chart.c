/*
 * survey_chart: the scores of a case's surveys over time as an inline
 * SVG line chart, drawn on the server (the pages carry no script).
 * Accessible: role="img" named by its <title> and <desc>, every point
 * with a <title> of its date, dimension and score, lines told apart by
 * dash pattern and marker shape as well as colour, and a table beside
 * it that carries the same numbers (survey.c). Only presentation
 * attributes, no style attributes: the pages' CSP allows no inline
 * style. Coordinates are formatted with one decimal, in a viewBox, so
 * the chart scales with the page.
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
#include "render/survey.h"
#include "text/text.h"

#define W		560
#define H		262
#define X0		44.0	/* plot area */
#define X1		548.0
#define Y0		14.0	/* score 1 */
#define Y1		194.0	/* score 0 */
#define PAD		14.0	/* first and last point from the edges */
#define LABEL_GAP	76.0	/* least room between two date labels */
#define NSERIES		(CB_RSS_DIMS + 1)

#define INK		"#1b1f24"
#define MUTED		"#5b6470"
#define GRID		"#d4d9e0"

enum marker {
	M_CIRCLE,
	M_SQUARE,
	M_DIAMOND,
	M_RING
};

static const struct {
	const char	*key;
	const char	*color;
	const char	*dash;		/* NULL: solid */
	const char	*width;
	enum marker	 marker;
} series[NSERIES] = {
	{ "survey.economic", "#0b5cad", NULL, "2", M_CIRCLE },
	{ "survey.social", "#a84f00", "7 4", "2", M_SQUARE },
	{ "survey.psychosocial", "#2e7d32", "2 3", "2", M_DIAMOND },
	{ "survey.composite", INK, NULL, "3", M_RING },
};

static int	value(const struct cb_survey *, int, double *);
static long	day_number(const char *);
static void	xs(const struct cb_survey *, size_t, double *);
static double	ypos(double);
static void	grid(struct kore_buf *);
static void	dates(struct kore_buf *, const struct cb_survey *, size_t,
		    const double *);
static void	line(struct kore_buf *, int, const struct cb_survey *,
		    size_t, const double *);
static void	run(struct kore_buf *, int, const double *, const double *,
		    size_t);
static void	marker(struct kore_buf *, int, double, double, int);
static void	point_title(struct kore_buf *, int, const char *, double);
static void	legend(struct kore_buf *);
static void	stroke(struct kore_buf *, int);

/* Series k of a survey: a dimension, or the composite (k 3). */
static int
value(const struct cb_survey *s, int k, double *v)
{
	if (k < CB_RSS_DIMS) {
		*v = s->scores.dim[k];
		return (s->scores.has[k]);
	}
	*v = s->scores.composite;
	return (s->scores.has_composite);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (the civil calendar's
 * day count), or -1 when it is not one. */
static long
day_number(const char *date)
{
	long	y, m, d, era, yoe, doy, doe;
	int	yy, mm, dd;

	if (date == NULL || !cb_valid_date(date, strlen(date), &yy, &mm, &dd))
		return (-1);
	y = yy - (mm <= 2);
	m = mm;
	d = dd;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

/*
 * x of each survey by its date, so the distance between points is the
 * time between the surveys; by rank when a date does not parse, all in
 * the middle when every survey has the same date.
 */
static void
xs(const struct cb_survey *items, size_t n, double *x)
{
	long	d, lo, hi;
	size_t	i;
	int	by_rank;

	lo = hi = -1;
	by_rank = 0;
	for (i = 0; i < n; i++) {
		if ((d = day_number(items[i].survey_date)) < 0)
			by_rank = 1;
		if (i == 0 || d < lo)
			lo = d;
		if (i == 0 || d > hi)
			hi = d;
	}
	for (i = 0; i < n; i++) {
		if (n == 1 || (!by_rank && hi == lo))
			x[i] = (X0 + X1) / 2;
		else if (by_rank)
			x[i] = X0 + PAD + (X1 - X0 - 2 * PAD) * (double)i /
			    (double)(n - 1);
		else
			x[i] = X0 + PAD + (X1 - X0 - 2 * PAD) *
			    (double)(day_number(items[i].survey_date) - lo) /
			    (double)(hi - lo);
	}
}

static double
ypos(double v)
{
	if (v < 0.0)
		v = 0.0;
	if (v > 1.0)
		v = 1.0;
	return (Y1 - v * (Y1 - Y0));
}

void
cb_render_survey_chart(struct kore_buf *buf, const struct cb_survey *items,
    size_t n)
{
	double	*x;
	int	 k;

	if (items == NULL || n == 0)
		return;
	x = kore_calloc(n, sizeof(*x));
	xs(items, n, x);

	kore_buf_appendf(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" aria-labelledby=\"survey-chart-title "
	    "survey-chart-desc\"><title id=\"survey-chart-title\">",
	    W, H, W, H);
	cb_html_t(buf, "survey.chart.title");
	kore_buf_appendf(buf, "</title><desc id=\"survey-chart-desc\">");
	cb_html_t(buf, "survey.chart.desc");
	kore_buf_appendf(buf, " ");
	cb_html_cstr(buf, items[0].survey_date);
	if (n > 1) {
		kore_buf_appendf(buf, " \xe2\x80\x93 ");
		cb_html_cstr(buf, items[n - 1].survey_date);
	}
	kore_buf_appendf(buf, " (%zu). ", n);
	cb_html_t(buf, "survey.chart.table");
	kore_buf_appendf(buf, "</desc>");

	grid(buf);
	dates(buf, items, n, x);
	for (k = 0; k < NSERIES; k++)
		line(buf, k, items, n, x);
	legend(buf);
	kore_buf_appendf(buf, "</svg>");
	kore_free(x);
}

/* Horizontal lines at every quarter, labelled, and both axes. */
static void
grid(struct kore_buf *buf)
{
	static const char *const labels[] = { "0", "0.25", "0.5", "0.75",
	    "1" };
	size_t		i;
	double		y;

	kore_buf_appendf(buf, "<g font-size=\"11\" fill=\"%s\">", MUTED);
	for (i = 0; i < NITEMS(labels); i++) {
		y = ypos((double)i / 4.0);
		kore_buf_appendf(buf, "<line x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/><text x=\"%.1f\" "
		    "y=\"%.1f\" text-anchor=\"end\">%s</text>", X0, y, X1, y,
		    i == 0 ? INK : GRID, X0 - 6, y + 4, labels[i]);
	}
	kore_buf_appendf(buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"%s\"/></g>", X0, Y0, X0, Y1, INK);
}

/*
 * A tick under every survey and its date under the first, the last and
 * as many between as fit without overlapping.
 */
static void
dates(struct kore_buf *buf, const struct cb_survey *items, size_t n,
    const double *x)
{
	double		last, tx;
	size_t		i;
	const char	*anchor;

	kore_buf_appendf(buf, "<g font-size=\"11\" fill=\"%s\">", MUTED);
	last = -1000.0;
	for (i = 0; i < n; i++) {
		kore_buf_appendf(buf, "<line x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x[i], Y1, x[i],
		    Y1 + 5, INK);
		if (x[i] - last < LABEL_GAP ||
		    (i + 1 < n && x[n - 1] - x[i] < LABEL_GAP))
			continue;
		/* Near an edge the label runs inwards from its tick. */
		if (x[i] < X0 + 40) {
			anchor = "start";
			tx = x[i] - 4;
		} else if (x[i] > X1 - 40) {
			anchor = "end";
			tx = x[i] + 4;
		} else {
			anchor = "middle";
			tx = x[i];
		}
		kore_buf_appendf(buf, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"%s\">", tx, Y1 + 18, anchor);
		cb_html_cstr(buf, items[i].survey_date);
		kore_buf_appendf(buf, "</text>");
		last = x[i];
	}
	kore_buf_appendf(buf, "</g>");
}

static void
stroke(struct kore_buf *buf, int k)
{
	kore_buf_appendf(buf, " stroke=\"%s\" stroke-width=\"%s\"",
	    series[k].color, series[k].width);
	if (series[k].dash != NULL)
		kore_buf_appendf(buf, " stroke-dasharray=\"%s\"",
		    series[k].dash);
}

/* One series: a polyline per run of surveys that have its score, then
 * a marker with its title on each point. */
static void
line(struct kore_buf *buf, int k, const struct cb_survey *items, size_t n,
    const double *x)
{
	double		*rx, *ry, v;
	size_t		 i, r;

	rx = kore_calloc(n, sizeof(*rx));
	ry = kore_calloc(n, sizeof(*ry));
	kore_buf_appendf(buf, "<g class=\"series\" data-series=\"%s\">",
	    series[k].key + 7);
	for (i = 0, r = 0; i <= n; i++) {
		if (i < n && value(&items[i], k, &v)) {
			rx[r] = x[i];
			ry[r] = ypos(v);
			r++;
			continue;
		}
		run(buf, k, rx, ry, r);
		r = 0;
	}
	for (i = 0; i < n; i++) {
		if (!value(&items[i], k, &v))
			continue;
		marker(buf, k, x[i], ypos(v), 1);
		point_title(buf, k, items[i].survey_date, v);
		kore_buf_appendf(buf, "</%s>", series[k].marker == M_SQUARE ?
		    "rect" : series[k].marker == M_DIAMOND ? "polygon" :
		    "circle");
	}
	kore_buf_appendf(buf, "</g>");
	kore_free(rx);
	kore_free(ry);
}

static void
run(struct kore_buf *buf, int k, const double *x, const double *y, size_t n)
{
	size_t		i;

	if (n < 2)
		return;
	kore_buf_appendf(buf, "<polyline fill=\"none\"");
	stroke(buf, k);
	kore_buf_appendf(buf, " points=\"");
	for (i = 0; i < n; i++)
		kore_buf_appendf(buf, "%s%.1f,%.1f", i > 0 ? " " : "", x[i],
		    y[i]);
	kore_buf_appendf(buf, "\"/>");
}

/* The marker's start tag; open leaves it open for a <title>. */
static void
marker(struct kore_buf *buf, int k, double x, double y, int open)
{
	const char	*color, *end;

	color = series[k].color;
	end = open ? ">" : "/>";
	switch (series[k].marker) {
	case M_SQUARE:
		kore_buf_appendf(buf, "<rect x=\"%.1f\" y=\"%.1f\" "
		    "width=\"7\" height=\"7\" fill=\"%s\"%s", x - 3.5, y - 3.5,
		    color, end);
		break;
	case M_DIAMOND:
		kore_buf_appendf(buf, "<polygon points=\"%.1f,%.1f %.1f,%.1f "
		    "%.1f,%.1f %.1f,%.1f\" fill=\"%s\"%s", x, y - 5, x + 5, y,
		    x, y + 5, x - 5, y, color, end);
		break;
	case M_RING:
		kore_buf_appendf(buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" "
		    "fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"%s", x, y,
		    color, end);
		break;
	default:
		kore_buf_appendf(buf, "<circle cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"4\" fill=\"%s\"%s", x, y, color, end);
		break;
	}
}

/* "2024-05-01, Economic: 0.69": what a pointer over the point shows,
 * with the same two decimals as the table beside the chart. */
static void
point_title(struct kore_buf *buf, int k, const char *date, double v)
{
	kore_buf_appendf(buf, "<title>");
	cb_html_cstr(buf, date);
	kore_buf_appendf(buf, ", ");
	cb_html_t(buf, series[k].key);
	kore_buf_appendf(buf, ": %.2f</title>", v);
}

static void
legend(struct kore_buf *buf)
{
	double	x, y;
	int	k;

	y = H - 16;
	kore_buf_appendf(buf, "<g font-size=\"12\" fill=\"%s\">", INK);
	for (k = 0; k < NSERIES; k++) {
		x = X0 + k * 126.0;
		kore_buf_appendf(buf, "<line x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"", x, y - 4, x + 26, y - 4);
		stroke(buf, k);
		kore_buf_appendf(buf, "/>");
		marker(buf, k, x + 13, y - 4, 0);
		kore_buf_appendf(buf, "<text x=\"%.1f\" y=\"%.1f\">", x + 32,
		    y);
		cb_html_t(buf, series[k].key);
		kore_buf_appendf(buf, "</text>");
	}
	kore_buf_appendf(buf, "</g>");
}
