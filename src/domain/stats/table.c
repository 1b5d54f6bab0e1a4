/*
 * stats/table: a published table. Rows arrive from the store with their
 * TRUE count and key sum; each is perturbed or suppressed here at once
 * (stats/perturb.c) and only the published number is kept, so nothing
 * that renders a table can show a true count. Cells and margins are
 * then put in display order (vocabulary order, years ascending, "not
 * recorded" last).
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/stats.h"

static int	cell_set(struct cb_stats_cell *, const struct cb_stats_table *,
		    const char *const *, size_t, size_t, long long);
static void	cell_clear(struct cb_stats_cell *);
static void	sort_cells(const struct cb_stats_table *,
		    struct cb_stats_cell *, size_t, size_t, size_t);
static int	valid(const struct cb_stats_table *, size_t, const char *);
static int	cmp_cells(const void *, const void *, void *);
static int	same(const char *, const char *);

void
cb_stats_table_init(struct cb_stats_table *t, const struct cb_stats_query *q,
    int k)
{
	size_t		i;

	memset(t, 0, sizeof(*t));
	t->k = k;
	t->ndims = q->ndims;
	for (i = 0; i < q->ndims; i++)
		t->dims[i] = q->dims[i];
}

/* A value the dim could have: the store's rows are the database's, but
 * nothing malformed is ever rendered. NULL is "not recorded". */
static int
valid(const struct cb_stats_table *t, size_t dim, const char *v)
{
	return (v == NULL || cb_stats_value_valid(t->dims[dim], v));
}

/* Copies the values of dims [from, to) and the published count. */
static int
cell_set(struct cb_stats_cell *c, const struct cb_stats_table *t,
    const char *const *v, size_t from, size_t to, long long count)
{
	size_t		i;

	memset(c, 0, sizeof(*c));
	for (i = from; i < to; i++) {
		if (!valid(t, i, v[i]))
			return (-1);
	}
	for (i = from; i < to; i++)
		c->v[i] = v[i] != NULL ? kore_strdup(v[i]) : NULL;
	c->count = count;
	return (0);
}

static void
cell_clear(struct cb_stats_cell *c)
{
	size_t		i;

	for (i = 0; i < CB_STATS_DIMS_MAX; i++) {
		kore_free(c->v[i]);
		c->v[i] = NULL;
	}
}

int
cb_stats_table_add(struct cb_stats_table *t, enum cb_stats_kind kind,
    size_t dim, const char *const v[CB_STATS_DIMS_MAX], long long n,
    uint64_t keysum)
{
	struct cb_stats_cell	 c;
	long long		 pub;

	if (n < 0)
		return (-1);
	pub = cb_stats_publish(n, keysum, t->k);
	switch (kind) {
	case CB_STATS_TOTAL:
		t->total = pub;
		return (0);
	case CB_STATS_CELL:
		if (cell_set(&c, t, v, 0, t->ndims, pub) == -1)
			return (-1);
		if (t->ncells == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->cells = kore_realloc(t->cells,
			    t->cap * sizeof(*t->cells));
		}
		t->cells[t->ncells++] = c;
		return (0);
	case CB_STATS_MARGIN:
		if (dim >= t->ndims ||
		    cell_set(&c, t, v, dim, dim + 1, pub) == -1)
			return (-1);
		if (t->nmargin[dim] == t->mcap[dim]) {
			t->mcap[dim] = t->mcap[dim] ? t->mcap[dim] * 2 : 16;
			t->margin[dim] = kore_realloc(t->margin[dim],
			    t->mcap[dim] * sizeof(*t->margin[dim]));
		}
		t->margin[dim][t->nmargin[dim]++] = c;
		return (0);
	}
	return (-1);
}

/* The dims a sort compares, for qsort_r. */
struct order {
	const struct cb_stats_table	*t;
	size_t				 from;
	size_t				 to;
};

static int
cmp_cells(const void *a, const void *b, void *arg)
{
	const struct cb_stats_cell	*x = a, *y = b;
	const struct order		*o = arg;
	size_t				 i;
	int				 c;

	for (i = o->from; i < o->to; i++) {
		c = cb_stats_value_cmp(o->t->dims[i], x->v[i], y->v[i]);
		if (c != 0)
			return (c);
	}
	return (0);
}

static void
sort_cells(const struct cb_stats_table *t, struct cb_stats_cell *cells,
    size_t n, size_t from, size_t to)
{
	struct order	o;

	if (n < 2)
		return;
	o.t = t;
	o.from = from;
	o.to = to;
	qsort_r(cells, n, sizeof(*cells), cmp_cells, &o);
}

void
cb_stats_table_finish(struct cb_stats_table *t)
{
	size_t		i;

	sort_cells(t, t->cells, t->ncells, 0, t->ndims);
	/* One dim: the cells are its margin (the same sets of cases). */
	if (t->ndims == 1 && t->nmargin[0] == 0 && t->ncells > 0) {
		t->margin[0] = kore_calloc(t->ncells, sizeof(*t->margin[0]));
		t->mcap[0] = t->nmargin[0] = t->ncells;
		for (i = 0; i < t->ncells; i++) {
			t->margin[0][i].v[0] = t->cells[i].v[0] != NULL ?
			    kore_strdup(t->cells[i].v[0]) : NULL;
			t->margin[0][i].count = t->cells[i].count;
		}
	}
	for (i = 0; i < t->ndims; i++)
		sort_cells(t, t->margin[i], t->nmargin[i], i, i + 1);
}

void
cb_stats_table_clear(struct cb_stats_table *t)
{
	size_t		i, j;

	for (i = 0; i < t->ncells; i++)
		cell_clear(&t->cells[i]);
	kore_free(t->cells);
	for (i = 0; i < CB_STATS_DIMS_MAX; i++) {
		for (j = 0; j < t->nmargin[i]; j++)
			cell_clear(&t->margin[i][j]);
		kore_free(t->margin[i]);
	}
	memset(t, 0, sizeof(*t));
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

const struct cb_stats_cell *
cb_stats_table_cell2(const struct cb_stats_table *t, const char *v0,
    const char *v1)
{
	size_t		i;

	for (i = 0; i < t->ncells; i++) {
		if (same(t->cells[i].v[0], v0) &&
		    (t->ndims < 2 || same(t->cells[i].v[1], v1)))
			return (&t->cells[i]);
	}
	return (NULL);
}
