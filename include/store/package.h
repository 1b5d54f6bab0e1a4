/*
 * store/referral: the statements of the partner's side of referrals
 * (sql/fn/referral_inbox.sql, referral_package.sql, referral_key.sql,
 * referral_respond.sql, referral_update_add.sql). Each returns the
 * caller's columns too and writes its audit entry in the same
 * statement; which referral a caller may see is decided in SQL.
 */
#ifndef CB_STORE_PACKAGE_H
#define CB_STORE_PACKAGE_H

#include "core/casebook.h"
#include "domain/package.h"
#include "store/db.h"

/* What a write statement answered (the outcome column). */
enum cb_referral_outcome {
	CB_REF_FAILED,
	CB_REF_OK,		/* ok, created */
	CB_REF_REPLAY,		/* same key and request: the first */
	CB_REF_REUSE,		/* same key, another request */
	CB_REF_NOT_FOUND,	/* not the caller's organisation's, or none */
	CB_REF_CONSENT,		/* the consent is not active today */
	CB_REF_CONFLICT,	/* answered already, or another version */
	CB_REF_NOT_ACCEPTED,	/* updates need an accepted referral */
	CB_REF_SERVICE,		/* a service the referral did not ask */
	CB_REF_FUTURE,		/* a date after today */
	CB_REF_LIMIT		/* as many updates as it takes */
};

/* The inbox, newest first, after (created_at, id) when after_ts is
 * not NULL. */
void	cb_store_referral_inbox(struct cb_dbq *, const struct cb_tokens *,
	    const char *after_ts, const char *after_id, int limit,
	    const char *reqid);
/* Its referrals: a kore_calloc'ed array of *n; *next a cursor (hex of
 * "created_at|id") when more than limit came, else NULL. */
struct cb_referral_item *cb_store_inbox_items(const struct cb_db *,
	    int limit, size_t *n, char **next);

void	cb_store_referral_package(struct cb_dbq *, const struct cb_tokens *,
	    const char *referral_id, const char *reqid);
/* The referral (p: what it is, its updates with notes sealed; row: the
 * sealed package); 0 when there is none for the caller. */
int	cb_store_referral_package_row(const struct cb_db *,
	    struct cb_package *, struct cb_package_row *);

/* What a partner's write is decided and sealed on (referral_key). */
struct cb_referral_key {
	enum cb_referral_outcome outcome;	/* OK, NOT_FOUND, CONSENT */
	char		 case_id[CB_UUID_SIZE];
	char		 status[16];
	int		 version;
	char		 services[400];
	char		 consent_state[16];
	unsigned int	 key_version;
	unsigned int	 seal_version;
	unsigned char	*wrapped;
	size_t		 wlen;
};

/* action: "referral.respond" or "referral.update", for the entry. */
void	cb_store_referral_key(struct cb_dbq *, const struct cb_tokens *,
	    const char *referral_id, const char *action, const char *reqid);
int	cb_store_referral_key_row(const struct cb_db *,
	    struct cb_referral_key *);
void	cb_referral_key_clear(struct cb_referral_key *);

/* version < 0: not checked. reason NULL: none given. */
void	cb_store_referral_respond(struct cb_dbq *, const struct cb_tokens *,
	    const char *referral_id, int accept, const unsigned char *reason,
	    size_t reason_len, int version, const char *fields,
	    const char *reqid);
/* The outcome; the referral's status, version and answer time after. */
enum cb_referral_outcome cb_store_referral_respond_row(const struct cb_db *,
	    char status[16], int *version, char responded[40]);

/* An update to write; idem_key may be NULL; req_hash is 32 bytes. */
struct cb_referral_update_new {
	const char				*referral_id;
	const struct cb_referral_update_sealed	*s;
	const char				*service;
	const char				*status;
	const char				*date;
	const char				*idem_key;
	const unsigned char			*req_hash;
};

void	cb_store_referral_update_add(struct cb_dbq *,
	    const struct cb_tokens *, const struct cb_referral_update_new *,
	    const char *reqid);
/* The outcome; the update's id and time (the first's on a replay). */
enum cb_referral_outcome cb_store_referral_update_add_row(
	    const struct cb_db *, char id[CB_UUID_SIZE], char created[40]);

#endif
