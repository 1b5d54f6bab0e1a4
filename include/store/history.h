/*
 * store/history: a case's history as case_history (sql/fn) returns it,
 * sealed values still sealed, with the case's wrapped key.
 */
#ifndef CB_STORE_HISTORY_H
#define CB_STORE_HISTORY_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/history.h"
#include "store/db.h"

/* The case key the sealed values of a history open with. */
struct cb_store_key {
	unsigned int	 key_version;
	unsigned int	 seal_version;
	unsigned char	*wrapped;
	size_t		 wlen;
};

/* One row's sealed values; items[i] of the history it came with. */
struct cb_store_sealed {
	char		 tid[CB_UUID_SIZE];
	unsigned char	*reason;
	size_t		 reason_len;
	unsigned char	*data;
	size_t		 data_len;
	unsigned char	*comment;
	size_t		 comment_len;
};

void	cb_store_case_history(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *reqid);
/* 0 when the caller may not see the case; else 1 with the items (their
 * sealed values in *sealed, one per item) and the key. */
int	cb_store_case_history_rows(const struct cb_db *, struct cb_history *,
	    struct cb_store_sealed **sealed, struct cb_store_key *);
void	cb_store_sealed_free(struct cb_store_sealed *, size_t);
void	cb_store_key_clear(struct cb_store_key *);

#endif
