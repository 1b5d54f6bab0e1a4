/*
 * store/link: a linked case for the same person (sql/fn/case_link.sql).
 */
#ifndef CB_STORE_LINK_H
#define CB_STORE_LINK_H

#include "core/casebook.h"
#include "store/db.h"

struct cb_case_link {
	const char		*case_id;	/* the source */
	const char		*idem_key;	/* NULL: none */
	const unsigned char	*req_hash;
	const char		*new_id;
	const char		*key_id;
	unsigned int		 key_version;
	const unsigned char	*wrapped;
	size_t			 wlen;
	const char		*case_type;
	const char		*state;
	const char		*stage;
	const char		*htcds;
};

enum cb_link_outcome {
	CB_LINK_FAILED,
	CB_LINK_CREATED,
	CB_LINK_REPLAY,
	CB_LINK_REUSE,
	CB_LINK_NOT_FOUND,
	CB_LINK_FORBIDDEN,
	CB_LINK_SAME_TYPE,
	CB_LINK_EXISTS
};

void	cb_store_case_link(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_case_link *, const char *reqid);
/* The outcome, and the linked case's id (the first one on a replay). */
enum cb_link_outcome cb_store_case_link_row(const struct cb_db *,
	    char *case_id);

#endif
