/*
 * stats: anonymised statistics for auditors (domain.md section 5).
 *
 * What can be counted: the dims, each a Q field with its column name in
 * exports (the CTDC / HTCDS name where there is one) and the vocabulary
 * its filter is checked against. A query: 1 to 4 dims and at most one
 * filter per dim, parsed strictly (an unknown name or a value outside
 * the vocabulary is an error naming the parameter).
 *
 * Disclosure control, cell-key perturbation after the ABS TableBuilder:
 * every case has a random record key in [0, 2^31); a cell's key is the
 * sum of its cases' keys modulo 2^31, so the same set of cases has the
 * same key in every query. A cell of true count n >= k publishes n plus
 * a noise of at most CB_STATS_NOISE_MAX looked up by its key in a fixed
 * table (never 0 below 2k, and never taking the count below k); a cell
 * of true count 1..k-1 is suppressed; a zero stays 0. Margins and the
 * total are cells with their own keys, never sums of published cells.
 * A table keeps only what is published: true counts and keys are
 * dropped as soon as they are perturbed.
 */
#ifndef CB_STATS_H
#define CB_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/casebook.h"

struct kore_buf;
struct cb_kvlist;
struct cb_ferrors;

#define CB_STATS_DIMS_MAX	4
#define CB_STATS_NOISE_MAX	2
/* Record keys and cell keys live in [0, CB_STATS_MODULUS). */
#define CB_STATS_MODULUS	2147483648ULL
/* Version of the perturbation table, named by every answer. */
#define CB_STATS_PTABLE		"casebook-ptable-1"
/* Longest value of a dim (an office name). */
#define CB_STATS_VALUE_MAX	(CB_OFFICE_MAX + 1)

enum cb_stats_vocab {
	CB_STATS_CODES,		/* options, in the order they are shown */
	CB_STATS_COUNTRY,	/* ISO 3166-1 alpha-2 */
	CB_STATS_YEAR,		/* four digits */
	CB_STATS_NAME		/* free text of the case (an office) */
};

struct cb_stats_dim {
	const char		*name;		/* API name, filter name */
	const char		*column;	/* export column */
	enum cb_stats_vocab	 vocab;
	const char *const	*options;	/* CB_STATS_CODES */
	/* i18n key prefix of a code's label (CB_STATS_CODES). */
	const char		*label;
	/* A case has a set of values and counts once under each. */
	int			 multi;
};

extern const struct cb_stats_dim	cb_stats_dims[];
extern const size_t			cb_stats_ndims;

/* The dim of that name, or NULL. */
const struct cb_stats_dim *cb_stats_dim(const char *);
/* 1 when value is one of the dim's vocabulary. */
int	cb_stats_value_valid(const struct cb_stats_dim *, const char *);
/* Display order of two values of a dim (NULL, not recorded, last). */
int	cb_stats_value_cmp(const struct cb_stats_dim *, const char *,
	    const char *);

struct cb_stats_filter {
	const struct cb_stats_dim	*dim;
	char				 value[CB_STATS_VALUE_MAX];
};

struct cb_stats_query {
	size_t				 ndims;
	const struct cb_stats_dim	*dims[CB_STATS_DIMS_MAX];
	size_t				 nfilters;
	struct cb_stats_filter		 filters[16];
};

/*
 * The query of a query string: "dims" (comma-separated, may come more
 * than once; empty ones ignored) and one filter per dim name. Empty
 * values are ignored (an empty select of a form). need_dims: no dim is
 * an error too. 0 when valid; -1 with the errors named in fe (dims
 * under "dims", a filter under its own name, anything else under its
 * name as unknown). The query keeps copies of what it needs.
 */
int	cb_stats_query_parse(const struct cb_kvlist *, int need_dims,
	    struct cb_stats_query *, struct cb_ferrors *);
/* The filter's value, or NULL. */
const char *cb_stats_filter_get(const struct cb_stats_query *,
	    const char *name);
/* For the store: the dims as a text[] literal, the filters as a JSON
 * object of name to value. */
void	cb_stats_query_dims(struct kore_buf *, const struct cb_stats_query *);
void	cb_stats_query_filters(struct kore_buf *,
	    const struct cb_stats_query *);
/* The query again as a query string (for links: the CSV, a page). */
void	cb_stats_query_string(struct kore_buf *,
	    const struct cb_stats_query *);

/* The noise of a cell of true count n (n >= k) with cell key ckey
 * (< 2^31): in [-CB_STATS_NOISE_MAX, CB_STATS_NOISE_MAX], never 0 when
 * n < 2k, never below k - n. */
int		cb_stats_noise(long long n, uint32_t ckey, int k);
/* What a cell publishes: 0 for 0, -1 (suppressed) for 1..k-1, else n
 * plus its noise; keysum is the plain sum of its record keys. */
long long	cb_stats_publish(long long n, uint64_t keysum, int k);

enum cb_stats_kind {
	CB_STATS_CELL,
	CB_STATS_MARGIN,
	CB_STATS_TOTAL
};

struct cb_stats_cell {
	/* The dims' values; NULL: not recorded (or, in a margin, the
	 * dims summed over). */
	char		*v[CB_STATS_DIMS_MAX];
	long long	 count;		/* published; -1 when suppressed */
};

struct cb_stats_table {
	int				 k;
	size_t				 ndims;
	const struct cb_stats_dim	*dims[CB_STATS_DIMS_MAX];
	struct cb_stats_cell		*cells;
	size_t				 ncells;
	size_t				 cap;
	/* The one-way margins, one list per dim (values in v[dim]). */
	struct cb_stats_cell		*margin[CB_STATS_DIMS_MAX];
	size_t				 nmargin[CB_STATS_DIMS_MAX];
	size_t				 mcap[CB_STATS_DIMS_MAX];
	long long			 total;	/* -1 when suppressed */
};

void	cb_stats_table_init(struct cb_stats_table *,
	    const struct cb_stats_query *, int k);
/* A row of the store: a cell (values of every dim), a margin of dim
 * (its value in v[dim]) or the total, with its TRUE count and key sum,
 * which are perturbed here and not kept. -1 on a row that does not fit
 * the table (a value of a dim it does not have, say). */
int	cb_stats_table_add(struct cb_stats_table *, enum cb_stats_kind,
	    size_t dim, const char *const v[CB_STATS_DIMS_MAX], long long n,
	    uint64_t keysum);
/* Sorts cells and margins in display order; a one-dim table's cells
 * are its margin too. */
void	cb_stats_table_finish(struct cb_stats_table *);
void	cb_stats_table_clear(struct cb_stats_table *);
/* The cell with these values of the first two dims, or NULL (a zero). */
const struct cb_stats_cell *cb_stats_table_cell2(
	    const struct cb_stats_table *, const char *, const char *);

#endif
