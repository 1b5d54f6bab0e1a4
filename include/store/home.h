/*
 * store/home: the counts of a caseworker's or supervisor's home, as
 * home_counts (sql/fn) returns them after the caller's columns.
 */
#ifndef CB_STORE_HOME_H
#define CB_STORE_HOME_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/listing.h"
#include "store/db.h"

/* pending: the flow's pending states, which do not wait for the
 * caller; the strings must stay valid until the query is sent. */
void	cb_store_home_counts(struct cb_dbq *, const struct cb_tokens *,
	    const char *const *pending, size_t npending, char *scratch,
	    size_t scratchlen, const char *reqid);
/* The counts of the result into h (clear it with cb_home_clear). */
void	cb_store_home_rows(const struct cb_db *, struct cb_home *);

#endif
