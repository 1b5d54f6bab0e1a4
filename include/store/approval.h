/*
 * store/approval: the requests that wait for a supervisor
 * (sql/fn/approval_*.sql): what a decision is taken on, the decision,
 * and the list of requests a caller may see.
 */
#ifndef CB_STORE_APPROVAL_H
#define CB_STORE_APPROVAL_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/approval.h"
#include "domain/facts.h"
#include "store/db.h"

struct cb_approval_snapshot {
	char		 id[CB_UUID_SIZE];
	char		 kind[24];
	char		 from[48];
	char		 to[48];
	char		 pending[48];
	char		 status[16];
	char		 requested_by[CB_UUID_SIZE];
	struct cb_facts	 facts;		/* what approving applies */
	char		 case_id[CB_UUID_SIZE];
	char		 case_type[8];
	char		 state[48];
	char		 stage[24];
	char		 htcds[24];
	int		 version;
	char		 case_pending[CB_UUID_SIZE];
	struct cb_facts	 case_facts;
	int		 consent;
	unsigned int	 key_version;
	unsigned int	 seal_version;
	unsigned char	*wrapped;
	size_t		 wlen;
};

void	cb_store_approval_snapshot(struct cb_dbq *, const struct cb_tokens *,
	    const char *approval_id);
/* 0 when there is no such request on a case the caller may see. */
int	cb_store_approval_snapshot_row(const struct cb_db *,
	    struct cb_approval_snapshot *);
void	cb_approval_snapshot_clear(struct cb_approval_snapshot *);

struct cb_approval_decision {
	const char		*approval_id;
	int			 approve;
	const unsigned char	*comment;	/* sealed, or NULL */
	size_t			 comment_len;
	const char		*to;
	const char		*stage;
	const char		*htcds;
	const char		*tid;
	const char		*fields;
};

enum cb_decide_outcome {
	CB_DECIDE_FAILED,
	CB_DECIDE_OK,
	CB_DECIDE_NOT_FOUND,
	CB_DECIDE_FORBIDDEN,	/* not a supervisor */
	CB_DECIDE_SELF,		/* the requester */
	CB_DECIDE_CONFLICT	/* decided or moved on meanwhile */
};

void	cb_store_approval_decide(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_approval_decision *, const char *reqid);
enum cb_decide_outcome cb_store_approval_decide_row(const struct cb_db *,
	    char *case_id, int *version);

void	cb_store_approval_list(struct cb_dbq *, const struct cb_tokens *,
	    const char *status, int limit, const char *reqid);
/* The rows of a list (kore_calloc'ed, *n items). */
struct cb_approval_item *cb_store_approval_items(const struct cb_db *,
	    size_t *n);
void	cb_approval_items_free(struct cb_approval_item *, size_t);

#endif
