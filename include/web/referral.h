/*
 * web/referral: what the handlers of consents, referrals and
 * organisations share: the second id of a path, and the loaders of a
 * case's consents, its referrals and the organisations (state bodies:
 * one audited round trip each; sealed values opened only once the
 * database let the caller see them).
 */
#ifndef CB_WEB_REFERRAL_H
#define CB_WEB_REFERRAL_H

#include "domain/referral.h"
#include "store/referral.h"
#include "web/web.h"

/* Reads the request's body (JSON for the API, the form post for a
 * page) into ctx->vals with form; errors into ctx->ferr. */
void	cb_refer_values(struct cb_ctx *, const struct cb_form *);
/* The names of form's fields among ctx->ferr, "a,b", for an audit entry
 * (never a name the request made up). */
void	cb_refer_error_names(const struct cb_ctx *, const struct cb_form *,
	    char *, size_t);

/* The id after marker ("/consents/") in the path; 0 if none. */
int	cb_path_sub_id(struct http_request *, const char *marker,
	    char out[CB_UUID_SIZE]);

struct cb_consent_list {
	char			 case_id[CB_UUID_SIZE];	/* set by the caller */
	struct cb_refer_case	 c;
	struct cb_consent	*items;
	size_t			 n;
};

struct cb_referral_list {
	char			 case_id[CB_UUID_SIZE];	/* set by the caller */
	struct cb_refer_case	 c;
	struct cb_referral	*items;
	size_t			 n;
};

struct cb_org_list {
	struct cb_org		*items;
	size_t			 n;
};

/*
 * State bodies. HTTP_STATE_CONTINUE once the list is filled and ctx->db
 * is free again; anything else is what the state returns (the query
 * runs, or it answered: 404 exactly as for a case that does not exist,
 * 403 for a role that may not list organisations, 401, 500, 503):
 *	if ((rc = cb_consents_load(req, ctx, l)) != HTTP_STATE_CONTINUE)
 *		return (rc);
 */
int	cb_consents_load(struct http_request *, struct cb_ctx *,
	    struct cb_consent_list *);
int	cb_referrals_load(struct http_request *, struct cb_ctx *,
	    struct cb_referral_list *);
int	cb_orgs_load(struct http_request *, struct cb_ctx *,
	    struct cb_org_list *);
void	cb_consent_list_clear(struct cb_consent_list *);
void	cb_referral_list_clear(struct cb_referral_list *);
void	cb_org_list_clear(struct cb_org_list *);

/* 1 when the caller is the case's caseworker and it is not closed: who
 * records consents and sends referrals. */
int	cb_refer_may_add(const struct cb_ctx *, const char *assigned_to,
	    const char *stage);

#endif
