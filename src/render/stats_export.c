/*
 * stats_export: a published statistics table as the API's JSON and as
 * CSV, and the labels of the values for every face that shows them.
 * Both formats carry the codes (the CSV's columns are named as the
 * CTDC / HTCDS name them); a suppressed count is null (JSON) or empty
 * with suppressed "true" (CSV), never 0.
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
#include "text/csv.h"
#include "text/json.h"

#define METHOD	"cell-key perturbation (ABS TableBuilder): every count, " \
		"margin and total is off by at most 2, by a noise fixed by " \
		"the set of cases it counts; counts of 1 to k-1 are " \
		"suppressed, zeros are exact; margins of dims with several " \
		"values per case are not sums, and the total counts cases"

static void	json_cell(struct kore_buf *, const struct cb_stats_table *,
		    const struct cb_stats_cell *, size_t, size_t);
static void	csv_row(struct kore_buf *, const struct cb_stats_table *,
		    const struct cb_stats_cell *, int, size_t);

const char *
cb_stats_label(const struct cb_stats_dim *d, const char *v)
{
	char	key[128];

	if (v == NULL)
		return (cb_t("stats.none"));
	switch (d->vocab) {
	case CB_STATS_CODES:
		if (d->label == NULL)
			return (v);
		(void)snprintf(key, sizeof(key), "%s%s", d->label, v);
		return (cb_i18n_has(key) ? cb_t(key) : v);
	case CB_STATS_COUNTRY:
		return (cb_name_country(v));
	default:
		return (v);
	}
}

/* One cell: the values of dims [from, to), then the count. */
static void
json_cell(struct kore_buf *buf, const struct cb_stats_table *t,
    const struct cb_stats_cell *c, size_t from, size_t to)
{
	size_t		i;

	kore_buf_append(buf, "{", 1);
	for (i = from; i < to; i++) {
		cb_json_cstr(buf, t->dims[i]->name);
		kore_buf_append(buf, ":", 1);
		if (c->v[i] == NULL)
			kore_buf_appendf(buf, "null");
		else
			cb_json_cstr(buf, c->v[i]);
		kore_buf_append(buf, ",", 1);
	}
	if (c->count < 0)
		kore_buf_appendf(buf, "\"count\":null,\"suppressed\":true}");
	else
		kore_buf_appendf(buf, "\"count\":%lld}", c->count);
}

void
cb_render_stats_json(struct kore_buf *buf, const struct cb_stats_query *q,
    const struct cb_stats_table *t)
{
	size_t		i, j;

	kore_buf_appendf(buf, "{\"k\":%d,\"dims\":[", t->k);
	for (i = 0; i < t->ndims; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, t->dims[i]->name);
	}
	kore_buf_appendf(buf, "],\"columns\":{");
	for (i = 0; i < t->ndims; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, t->dims[i]->name);
		kore_buf_append(buf, ":", 1);
		cb_json_cstr(buf, t->dims[i]->column);
	}
	kore_buf_appendf(buf, "},\"filters\":");
	cb_stats_query_filters(buf, q);
	kore_buf_appendf(buf, ",\"cells\":[");
	for (i = 0; i < t->ncells; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		json_cell(buf, t, &t->cells[i], 0, t->ndims);
	}
	kore_buf_appendf(buf, "],\"margins\":{");
	for (i = 0; i < t->ndims; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, t->dims[i]->name);
		kore_buf_appendf(buf, ":[");
		for (j = 0; j < t->nmargin[i]; j++) {
			if (j > 0)
				kore_buf_append(buf, ",", 1);
			json_cell(buf, t, &t->margin[i][j], i, i + 1);
		}
		kore_buf_append(buf, "]", 1);
	}
	if (t->total < 0)
		kore_buf_appendf(buf, "},\"total\":null,\"total_suppressed\":"
		    "true");
	else
		kore_buf_appendf(buf, "},\"total\":%lld,\"total_suppressed\":"
		    "false", t->total);
	kore_buf_appendf(buf, ",\"method\":\"%s\",\"ptable\":\"%s\","
	    "\"noise_max\":%d}", METHOD, CB_STATS_PTABLE, CB_STATS_NOISE_MAX);
}

/* A row: the cell's values (kind CELL), or "Total" in every dim but
 * the margin's (MARGIN of dim) or in all of them (TOTAL). */
static void
csv_row(struct kore_buf *buf, const struct cb_stats_table *t,
    const struct cb_stats_cell *c, int kind, size_t dim)
{
	size_t		i;

	for (i = 0; i < t->ndims; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		if (kind == CB_STATS_TOTAL ||
		    (kind == CB_STATS_MARGIN && i != dim))
			kore_buf_appendf(buf, "Total");
		else
			cb_csv_cstr(buf, c->v[i]);
	}
	if (c->count < 0)
		kore_buf_appendf(buf, ",,true\r\n");
	else
		kore_buf_appendf(buf, ",%lld,false\r\n", c->count);
}

void
cb_render_stats_csv(struct kore_buf *buf, const struct cb_stats_table *t)
{
	struct cb_stats_cell	total;
	size_t			i, j;

	for (i = 0; i < t->ndims; i++) {
		cb_csv_cstr(buf, t->dims[i]->column);
		kore_buf_append(buf, ",", 1);
	}
	kore_buf_appendf(buf, "count,suppressed\r\n");
	for (i = 0; i < t->ncells; i++)
		csv_row(buf, t, &t->cells[i], CB_STATS_CELL, 0);
	/* With one dim the cells are the margin. */
	for (i = 0; t->ndims > 1 && i < t->ndims; i++) {
		for (j = 0; j < t->nmargin[i]; j++)
			csv_row(buf, t, &t->margin[i][j], CB_STATS_MARGIN, i);
	}
	memset(&total, 0, sizeof(total));
	total.count = t->total;
	csv_row(buf, t, &total, CB_STATS_TOTAL, 0);
}
