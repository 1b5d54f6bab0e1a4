/*
 * stats_chart: a published table as an inline SVG drawn on the server
 * (the pages carry no script): horizontal bars for one dim, and for two
 * a small multiple per value of the first, each with bars for the
 * values of the second on one common scale, so panels compare at a
 * glance. A suppressed count is drawn as a hatched mark with the word,
 * never as a bar of length 0; a true zero is a 0. Accessible as the
 * survey chart is: role="img" named by its <title> and <desc>, each bar
 * with a <title> of its label and count, and the table beside it holds
 * the same numbers. Presentation attributes only (the CSP allows no
 * inline style); coordinates in a viewBox so the chart scales.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/stats.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/stats.h"
#include "text/text.h"

#define W		640
#define LABEL_X		212	/* labels end here */
#define BAR_X		220
#define BAR_MAX		340.0
#define ROW_H		22
#define BAR_H		14
#define PAD		8
#define GAP		12	/* between two panels */
#define LABEL_CHARS	30
#define MAX_BARS	60
#define MAX_PANELS	24
#define MAX_PANEL_BARS	30

#define INK		"#1b1f24"
#define MUTED		"#5b6470"
#define BAR		"#0b5cad"
#define GRID		"#d4d9e0"

static void	clipped(struct kore_buf *, const char *, size_t);
static void	bar(struct kore_buf *, int, const char *, long long,
		    long long);
static long long max_count(const struct cb_stats_table *, size_t *,
		    size_t *);
static void	heading(struct kore_buf *, const struct cb_stats_table *);

/* At most LABEL_CHARS code points of s, escaped, with an ellipsis when
 * cut (labels of countries and offices can be long). */
static void
clipped(struct kore_buf *buf, const char *s, size_t max)
{
	size_t		i, n, len;

	len = strlen(s);
	for (i = 0, n = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			break;
	}
	cb_html_escape(buf, s, i);
	if (i < len)
		kore_buf_appendf(buf, "\xe2\x80\xa6");
}

/* One row at y: the label, and the bar and its count, or the mark of a
 * suppressed count. */
static void
bar(struct kore_buf *buf, int y, const char *label, long long count,
    long long max)
{
	double	w;

	kore_buf_appendf(buf, "<g><title>");
	cb_html_cstr(buf, label);
	kore_buf_appendf(buf, ": ");
	if (count < 0)
		cb_html_t(buf, "stats.suppressed");
	else
		kore_buf_appendf(buf, "%lld", count);
	kore_buf_appendf(buf, "</title><text x=\"%d\" y=\"%d\" "
	    "text-anchor=\"end\" font-size=\"12\" fill=\"%s\">", LABEL_X,
	    y + BAR_H - 3, INK);
	clipped(buf, label, LABEL_CHARS);
	kore_buf_appendf(buf, "</text>");
	if (count < 0) {
		kore_buf_appendf(buf, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"url(#stats-hatch)\" stroke=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
		    "font-style=\"italic\" fill=\"%s\">", BAR_X, y, BAR_H,
		    BAR_H, MUTED, BAR_X + BAR_H + 6, y + BAR_H - 3, MUTED);
		cb_html_t(buf, "stats.suppressed");
		kore_buf_appendf(buf, "</text></g>");
		return;
	}
	w = max > 0 ? BAR_MAX * (double)count / (double)max : 0.0;
	if (count > 0)
		kore_buf_appendf(buf, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"%s\"/>", BAR_X, y, w, BAR_H, BAR);
	kore_buf_appendf(buf, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" "
	    "fill=\"%s\">%lld</text></g>", BAR_X + w + 6, y + BAR_H - 3, INK,
	    count);
}

/* The largest count drawn, and how many panels and bars are drawn. */
static long long
max_count(const struct cb_stats_table *t, size_t *panels, size_t *bars)
{
	const struct cb_stats_cell	*c;
	long long			 max;
	size_t				 i, j;

	max = 0;
	if (t->ndims == 1) {
		*panels = 1;
		*bars = t->ncells < MAX_BARS ? t->ncells : MAX_BARS;
		for (i = 0; i < *bars; i++) {
			if (t->cells[i].count > max)
				max = t->cells[i].count;
		}
		return (max);
	}
	*panels = t->nmargin[0] < MAX_PANELS ? t->nmargin[0] : MAX_PANELS;
	*bars = t->nmargin[1] < MAX_PANEL_BARS ? t->nmargin[1] :
	    MAX_PANEL_BARS;
	for (i = 0; i < *panels; i++) {
		for (j = 0; j < *bars; j++) {
			c = cb_stats_table_cell2(t, t->margin[0][i].v[0],
			    t->margin[1][j].v[1]);
			if (c != NULL && c->count > max)
				max = c->count;
		}
	}
	return (max);
}

static void
heading(struct kore_buf *buf, const struct cb_stats_table *t)
{
	char	key[64];
	size_t	i;

	cb_html_t(buf, "stats.chart.cases_by");
	for (i = 0; i < t->ndims; i++) {
		kore_buf_appendf(buf, " ");
		if (i > 0) {
			cb_html_t(buf, "stats.chart.and");
			kore_buf_appendf(buf, " ");
		}
		(void)snprintf(key, sizeof(key), "stats.dim.%s",
		    t->dims[i]->name);
		cb_html_t(buf, key);
	}
}

void
cb_render_stats_chart(struct kore_buf *buf, const struct cb_stats_table *t)
{
	const struct cb_stats_cell	*c;
	long long			 max;
	size_t				 panels, bars, i, j;
	int				 h, y;

	if (t == NULL || t->ndims < 1 || t->ndims > 2 || t->ncells == 0)
		return;
	max = max_count(t, &panels, &bars);
	if (t->ndims == 1)
		h = 2 * PAD + (int)bars * ROW_H;
	else
		h = 2 * PAD + (int)panels * ((int)(bars + 1) * ROW_H + GAP);

	kore_buf_appendf(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart stats-chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" aria-labelledby=\"stats-chart-title "
	    "stats-chart-desc\"><title id=\"stats-chart-title\">", W, h, W,
	    h);
	heading(buf, t);
	kore_buf_appendf(buf, "</title><desc id=\"stats-chart-desc\">");
	cb_html_t(buf, t->ndims == 1 ? "stats.chart.desc1" :
	    "stats.chart.desc2");
	kore_buf_appendf(buf, " ");
	cb_html_t(buf, "stats.chart.suppressed");
	kore_buf_appendf(buf, "</desc><defs><pattern id=\"stats-hatch\" "
	    "width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" "
	    "x2=\"0\" y2=\"5\" stroke=\"%s\" stroke-width=\"2\"/></pattern>"
	    "</defs><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"%s\"/>", MUTED, BAR_X, PAD / 2, BAR_X, h - PAD / 2,
	    GRID);

	y = PAD;
	if (t->ndims == 1) {
		for (i = 0; i < bars; i++, y += ROW_H)
			bar(buf, y + (ROW_H - BAR_H) / 2,
			    cb_stats_label(t->dims[0], t->cells[i].v[0]),
			    t->cells[i].count, max);
	}
	for (i = 0; t->ndims == 2 && i < panels; i++) {
		kore_buf_appendf(buf, "<g class=\"panel\"><text x=\"%d\" "
		    "y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
		    "fill=\"%s\">", PAD, y + BAR_H, INK);
		clipped(buf, cb_stats_label(t->dims[0], t->margin[0][i].v[0]),
		    2 * LABEL_CHARS);
		kore_buf_appendf(buf, "</text>");
		y += ROW_H;
		for (j = 0; j < bars; j++, y += ROW_H) {
			c = cb_stats_table_cell2(t, t->margin[0][i].v[0],
			    t->margin[1][j].v[1]);
			bar(buf, y + (ROW_H - BAR_H) / 2,
			    cb_stats_label(t->dims[1], t->margin[1][j].v[1]),
			    c != NULL ? c->count : 0, max);
		}
		kore_buf_appendf(buf, "</g>");
		y += GAP;
	}
	kore_buf_appendf(buf, "</svg>");
	if ((t->ndims == 1 && bars < t->ncells) || (t->ndims == 2 &&
	    (panels < t->nmargin[0] || bars < t->nmargin[1]))) {
		kore_buf_appendf(buf, "<p class=\"hint\">");
		cb_html_t(buf, "stats.chart.cut");
		kore_buf_appendf(buf, "</p>");
	}
}
