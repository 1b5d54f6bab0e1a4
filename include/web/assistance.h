/*
 * web/assistance: a case's assistance entries for the handlers that
 * show them (GET /api/v1/cases/{id}/assistance, /cases/{id}/assistance
 * and the case page): one audited round trip reads the entries the
 * caller may see, then their notes are opened with the case's key.
 */
#ifndef CB_WEB_ASSISTANCE_H
#define CB_WEB_ASSISTANCE_H

#include "domain/assistance.h"
#include "store/assistance.h"
#include "web/web.h"

struct cb_assistance_list {
	/* Set by the caller. */
	char			 case_id[CB_UUID_SIZE];
	int			 limit;		/* 0: CB_LIST_LIMIT_DEFAULT */
	/* Where the page starts (cb_assistance_cursor); "" for page 1. */
	char			 after_date[11];
	char			 after_ts[64];
	char			 after_id[CB_UUID_SIZE];
	/* Filled by cb_assistance_load. */
	struct cb_assistance_case c;
	struct cb_assistance	*items;
	size_t			 n;
	char			*next;		/* cursor of the next page */
};

/*
 * A state body: reads and opens al->case_id's entries for the caller.
 * Returns HTTP_STATE_RETRY while the query runs and HTTP_STATE_COMPLETE
 * once it has answered (404 exactly as for a case that does not exist,
 * 401, 500, 503): return either from the state. HTTP_STATE_CONTINUE
 * means al is filled and ctx->db is free for the next query: the state
 * sets req->fsm_state and goes on. Use as
 *	if ((rc = cb_assistance_load(req, ctx, al)) != HTTP_STATE_CONTINUE)
 *		return (rc);
 */
int	cb_assistance_load(struct http_request *, struct cb_ctx *,
	    struct cb_assistance_list *);
/* 1 when the caller of ctx may add entries to the loaded case: its
 * caseworker, and the case is not closed. */
int	cb_assistance_can_add(const struct cb_ctx *,
	    const struct cb_assistance_list *);
/* Sets where the page starts from a cursor a list gave; -1 when it is
 * not one. */
int	cb_assistance_cursor(struct cb_assistance_list *, const char *);
void	cb_assistance_list_clear(struct cb_assistance_list *);

#endif
