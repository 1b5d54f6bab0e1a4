/*
 * web/assignment: what the reassignment form offers, for the handlers
 * that show it (GET /cases/{id}/assignment and the case page of a
 * supervisor): the enabled caseworkers of the caller's office, read in
 * one audited round trip.
 */
#ifndef CB_WEB_ASSIGNMENT_H
#define CB_WEB_ASSIGNMENT_H

#include "domain/assignment.h"
#include "web/web.h"

struct cb_caseworkers {
	struct cb_user_ref	*users;
	size_t			 n;
};

/*
 * A state body, like cb_assistance_load: HTTP_STATE_RETRY while the
 * query runs, HTTP_STATE_COMPLETE once it has answered (401, 503);
 * HTTP_STATE_CONTINUE when cw is filled (none unless the caller is a
 * supervisor) and ctx->db is free again.
 */
int	cb_caseworkers_load(struct http_request *, struct cb_ctx *,
	    struct cb_caseworkers *);
void	cb_caseworkers_clear(struct cb_caseworkers *);

#endif
