/*
 * web/referral: what the partner's referral handlers share: the
 * referral id of the path, and reading one referral's package for its
 * partner (the page, the API, and the page drawn again after a form
 * failed). Which referral a caller may read is decided in SQL.
 */
#ifndef CB_WEB_PACKAGE_H
#define CB_WEB_PACKAGE_H

#include "domain/package.h"
#include "web/web.h"

struct cb_referral_view {
	char			id[CB_UUID_SIZE];
	struct cb_package	p;
	struct cb_package_row	row;
};

/* The id of /api/v1/referrals/<id>... or /referrals/<id>...; 0 if
 * there is none. */
int	cb_referral_path_id(struct http_request *, char out[CB_UUID_SIZE]);

/*
 * A state body: reads and opens v->id's package for the caller (the
 * read audited in the same statement). Returns HTTP_STATE_RETRY while
 * the query runs, HTTP_STATE_COMPLETE once it has answered (404 exactly
 * as for a referral that does not exist, 401, 500, 503), and
 * HTTP_STATE_CONTINUE when v is filled and ctx->db is free again.
 */
int	cb_referral_load(struct http_request *, struct cb_ctx *,
	    struct cb_referral_view *);
void	cb_referral_view_clear(struct cb_referral_view *);

/* The partner's home (/): a state body, after the caller is known. */
int	cb_referral_home(struct http_request *);

#endif
