/*
 * store/referral: the statements of consents, referrals and
 * organisations for the case team and admins (sql/fn/consent_*.sql,
 * referral_send, referral_list, referral_close, org_create, org_list).
 * Each returns the caller's columns too and writes its audit entry in
 * the same statement.
 */
#ifndef CB_STORE_REFERRAL_H
#define CB_STORE_REFERRAL_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/referral.h"
#include "store/db.h"

/* What the statements answered (their "outcome" column). */
enum cb_refer_outcome {
	CB_REF_FAILED,
	CB_REF_CREATED,
	CB_REF_REPLAY,		/* same key, same request: the first one */
	CB_REF_REUSE,		/* same key, another request */
	CB_REF_OK,
	CB_REF_NOT_FOUND,	/* the caller does not see it */
	CB_REF_FORBIDDEN,	/* sees it, but may not do this */
	CB_REF_CLOSED,		/* the case is closed */
	CB_REF_NO_CONSENT,	/* no consent to data processing */
	CB_REF_NO_ORG,		/* no such organisation */
	CB_REF_DATES,		/* the window does not hold today */
	CB_REF_CONSENT,		/* the consent does not allow it (now) */
	CB_REF_LIMIT,		/* the case holds as many as it may */
	CB_REF_CONFLICT,	/* withdrawn, closed or changed already */
	CB_REF_EXISTS		/* an organisation of that name exists */
};

/* The outcome of a write, and its id and time columns (the first
 * record's on a replay; "" when none) into id and at. */
enum cb_refer_outcome cb_store_refer_outcome(const struct cb_db *,
	    const char *idcol, char id[CB_UUID_SIZE], const char *atcol,
	    char at[40]);

struct cb_consent_new {
	const char		*case_id;
	const char		*id;
	const char		*org;
	const unsigned char	*purpose;	/* sealed */
	size_t			 purpose_len;
	const char		*categories;	/* "identity,contact" */
	const char		*from;
	const char		*until;
	const char		*method;
	const char		*language;
	const char		*idem_key;	/* or NULL */
	const unsigned char	*req_hash;	/* 32 bytes */
	const char		*fields;	/* for the audit */
};

void	cb_store_consent_add(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_consent_new *, const char *reqid);

/* The case of a list: what the pages need and its key. */
struct cb_refer_case {
	char		 id[CB_UUID_SIZE];
	char		 stage[24];
	char		 assigned_to[CB_UUID_SIZE];
	int		 consent;	/* to data processing */
	unsigned int	 key_version;
	unsigned int	 seal_version;
	unsigned char	*wrapped;
	size_t		 wlen;
	char		 today[11];
};

/* 0 when the caller may not see the case. */
int	cb_store_refer_case(const struct cb_db *, struct cb_refer_case *);
void	cb_refer_case_clear(struct cb_refer_case *);

void	cb_store_consent_list(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *reqid);
/* The consents of a list result, still sealed, their state computed
 * against today: a kore_calloc'ed array of *n. */
struct cb_consent *cb_store_consent_items(const struct cb_db *,
	    const char *today, size_t *n);

/* One consent of a case, as consent_snapshot gives it. */
struct cb_consent_snap {
	char			 id[CB_UUID_SIZE];	/* "": not the case's */
	char			 org[CB_UUID_SIZE];
	int			 categories;
	char			 from[11];
	char			 until[11];
	int			 withdrawn;
	char			 today[11];
	enum cb_consent_state	 state;
};

/* case_id NULL: the consent's own case. The case columns are read by
 * cb_store_case_snapshot_row (store/case.h). */
void	cb_store_consent_snapshot(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *consent_id);
/* 0 when there is no such consent on the case. */
int	cb_store_consent_snap_row(const struct cb_db *,
	    struct cb_consent_snap *);

void	cb_store_consent_withdraw(struct cb_dbq *, const struct cb_tokens *,
	    const char *consent_id, const unsigned char *reason, size_t len,
	    const char *reqid);

struct cb_referral_new {
	const char		*case_id;
	const char		*id;
	const char		*org;
	const char		*consent;
	const char		*reason;
	const char		*services;	/* "a,b" or NULL */
	const char		*categories;	/* "identity,contact" */
	const unsigned char	*note;		/* sealed, or NULL */
	size_t			 note_len;
	const char		*idem_key;
	const unsigned char	*req_hash;
	const char		*fields;
};

void	cb_store_referral_send(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_referral_new *, const char *reqid);

void	cb_store_referral_list(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *reqid);
/* The referrals of a list result with their updates, still sealed,
 * their consent's state computed against today. */
struct cb_referral *cb_store_referral_items(const struct cb_db *,
	    const char *today, size_t *n);

void	cb_store_referral_close(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *referral_id, int version,
	    const char *reqid);
/* The outcome, the status and version after it. */
enum cb_refer_outcome cb_store_referral_close_row(const struct cb_db *,
	    char status[16], int *version);

void	cb_store_org_create(struct cb_dbq *, const struct cb_tokens *,
	    const char *id, const char *name, const char *type,
	    const char *country, const char *reqid);
void	cb_store_org_list(struct cb_dbq *, const struct cb_tokens *,
	    const char *reqid);
/* The organisations of a list result: a kore_calloc'ed array of *n;
 * the outcome (CB_REF_OK or CB_REF_FORBIDDEN) into *out. */
struct cb_org	*cb_store_org_items(const struct cb_db *, size_t *n,
		    enum cb_refer_outcome *out);

#endif
