/*
 * store/stats: the statistics table (sql/fn/stats_table.sql) and the
 * audit log viewer (sql/fn/audit_list.sql): their named parameters and
 * their named result columns.
 */
#ifndef CB_STORE_STATS_H
#define CB_STORE_STATS_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/auditlog.h"
#include "domain/stats.h"
#include "store/db.h"

/* dims: a text[] literal; filters: a JSON object (both must stay valid
 * until the query is sent); offices: also list the offices (a form);
 * valid 0: the query was refused (recorded as such, nothing counted). */
void	cb_store_stats_table(struct cb_dbq *, const struct cb_tokens *,
	    const char *dims, const char *filters, int offices, int valid,
	    const char *reqid);
/* "ok", "denied" or "invalid" ("" without a caller). */
const char *cb_store_stats_outcome(const struct cb_db *);
/* The rows into t (when not NULL), which perturbs them as they come;
 * the offices (kore_malloc'ed, free with cb_store_stats_offices_free).
 * -1 when a row does not fit the table. */
int	cb_store_stats_rows(const struct cb_db *, struct cb_stats_table *,
	    char ***offices, size_t *noffices);
void	cb_store_stats_offices_free(char **, size_t);

/* limit: rows asked for; valid 0: the filters were refused. */
void	cb_store_audit_list(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_audit_filter *, int limit, int valid,
	    const char *reqid);
/* The entries of the result (kore_calloc'ed; cb_audit_items_free). */
struct cb_audit_item *cb_store_audit_items(const struct cb_db *, size_t *);

#endif
