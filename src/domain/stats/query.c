/*
 * stats/query: a statistics query from a query string, strictly: the
 * dims by name (1 to 4 of them, each once), filters by the same names
 * with one value of the dim's vocabulary each. Anything else is an error
 * naming the parameter, so a typo never silently counts something else.
 * The store gets the names and codes as a text[] literal and a JSON
 * object; the database maps each name to a fixed expression.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/stats.h"
#include "text/json.h"
#include "text/text.h"

static int	add_dims(struct cb_stats_query *, const char *,
		    struct cb_ferrors *);
static int	add_filter(struct cb_stats_query *,
		    const struct cb_stats_dim *, const char *,
		    struct cb_ferrors *);

/* The comma-separated dims of one "dims" parameter. */
static int
add_dims(struct cb_stats_query *q, const char *list, struct cb_ferrors *fe)
{
	const struct cb_stats_dim	*d;
	const char			*p, *end;
	char				 name[64];
	size_t				 len, i;

	for (p = list; *p != '\0'; p = (*end == ',') ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((len = end - p) == 0)
			continue;
		if (len >= sizeof(name)) {
			cb_ferrors_add(fe, "dims", "err.stats_dim");
			return (-1);
		}
		memcpy(name, p, len);
		name[len] = '\0';
		if ((d = cb_stats_dim(name)) == NULL) {
			cb_ferrors_add(fe, "dims", "err.stats_dim");
			return (-1);
		}
		for (i = 0; i < q->ndims; i++) {
			if (q->dims[i] == d) {
				cb_ferrors_add(fe, "dims",
				    "err.stats_dims_repeated");
				return (-1);
			}
		}
		if (q->ndims == CB_STATS_DIMS_MAX) {
			cb_ferrors_add(fe, "dims", "err.stats_dims_max");
			return (-1);
		}
		q->dims[q->ndims++] = d;
	}
	return (0);
}

static int
add_filter(struct cb_stats_query *q, const struct cb_stats_dim *d,
    const char *v, struct cb_ferrors *fe)
{
	struct cb_stats_filter	*f;

	if (cb_stats_filter_get(q, d->name) != NULL) {
		cb_ferrors_add(fe, d->name, "err.stats_repeated");
		return (-1);
	}
	if (!cb_stats_value_valid(d, v)) {
		cb_ferrors_add(fe, d->name, d->vocab == CB_STATS_YEAR ?
		    "err.stats_year" : "err.option");
		return (-1);
	}
	if (q->nfilters == NITEMS(q->filters))
		return (-1);
	f = &q->filters[q->nfilters++];
	f->dim = d;
	(void)cb_strlcpy(f->value, v, sizeof(f->value));
	return (0);
}

int
cb_stats_query_parse(const struct cb_kvlist *kv, int need_dims,
    struct cb_stats_query *q, struct cb_ferrors *fe)
{
	const struct cb_stats_dim	*d;
	const struct cb_kv		*p;
	size_t				 i;
	int				 bad;

	memset(q, 0, sizeof(*q));
	bad = 0;
	for (i = 0; kv != NULL && i < kv->n; i++) {
		p = &kv->items[i];
		if (strcmp(p->name, "dims") == 0) {
			if (add_dims(q, p->value, fe) == -1)
				bad = 1;
			continue;
		}
		if ((d = cb_stats_dim(p->name)) == NULL) {
			cb_ferrors_add(fe, p->name, "err.unknown_field");
			bad = 1;
			continue;
		}
		if (p->value[0] == '\0')
			continue;
		if (add_filter(q, d, p->value, fe) == -1)
			bad = 1;
	}
	if (!bad && need_dims && q->ndims == 0) {
		cb_ferrors_add(fe, "dims", "err.stats_dims_none");
		bad = 1;
	}
	return (bad ? -1 : 0);
}

const char *
cb_stats_filter_get(const struct cb_stats_query *q, const char *name)
{
	size_t		i;

	for (i = 0; i < q->nfilters; i++) {
		if (strcmp(q->filters[i].dim->name, name) == 0)
			return (q->filters[i].value);
	}
	return (NULL);
}

/* Names of the registry only: no quoting needed. */
void
cb_stats_query_dims(struct kore_buf *buf, const struct cb_stats_query *q)
{
	size_t		i;

	kore_buf_append(buf, "{", 1);
	for (i = 0; i < q->ndims; i++)
		kore_buf_appendf(buf, "%s%s", i > 0 ? "," : "",
		    q->dims[i]->name);
	kore_buf_append(buf, "}", 1);
}

void
cb_stats_query_filters(struct kore_buf *buf, const struct cb_stats_query *q)
{
	size_t		i;

	kore_buf_append(buf, "{", 1);
	for (i = 0; i < q->nfilters; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, q->filters[i].dim->name);
		kore_buf_append(buf, ":", 1);
		cb_json_cstr(buf, q->filters[i].value);
	}
	kore_buf_append(buf, "}", 1);
}

void
cb_stats_query_string(struct kore_buf *buf, const struct cb_stats_query *q)
{
	size_t		i;

	kore_buf_appendf(buf, "dims=");
	for (i = 0; i < q->ndims; i++)
		kore_buf_appendf(buf, "%s%s", i > 0 ? "," : "",
		    q->dims[i]->name);
	for (i = 0; i < q->nfilters; i++) {
		kore_buf_appendf(buf, "&%s=", q->filters[i].dim->name);
		cb_url_encode(buf, q->filters[i].value,
		    strlen(q->filters[i].value));
	}
}
