/*
 * referral: the case team's side of sharing with partner organisations
 * (domain.md 4): the forms that record a consent, withdraw one, send a
 * referral, close one and register an organisation (one field table
 * each, driving the API validator and the HTML form), the rules across
 * fields (a consent's window against today, ISO 639 language, ids), the
 * free text sealed with the case's key and bound to its row, and the
 * records as the case team reads them. The sharing rules themselves
 * (categories, states, what a referral needs) are domain/consent.h.
 */
#ifndef CB_REFERRAL_H
#define CB_REFERRAL_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "vault/vault.h"

struct cb_form;
struct cb_values;
struct cb_ferrors;

/* HTCDS organisation types, NULL-terminated. */
extern const char *const	cb_opt_org_type[];

/* purpose, organisation_id, data_categories, valid_from (default
 * today), valid_until, method, language */
extern const struct cb_form	cb_form_consent;
/* reason (optional: nobody owes a reason for changing their mind) */
extern const struct cb_form	cb_form_withdraw;
/* organisation_id, consent_id, reason, services, note */
extern const struct cb_form	cb_form_referral;
/* The page's form: the organisation is the chosen consent's. */
extern const struct cb_form	cb_form_referral_page;
/* version */
extern const struct cb_form	cb_form_referral_close;
/* name, type, country */
extern const struct cb_form	cb_form_org;

/* Organisation names, in characters (the table's CHECK). */
#define CB_ORG_NAME_MAX		200
#define CB_ORG_NAME_SIZE	(CB_ORG_NAME_MAX * 4 + 1)
/* Services joined by ',' (at most CB_MULTI_MAX assistance types). */
#define CB_SERVICES_SIZE	512

/* Today, YYYY-MM-DD in UTC: the day a consent's window is checked
 * against (the database checks it again). */
void		 cb_today_utc(char out[11]);
/* The rules across a consent's fields once the table has passed: the
 * organisation an id, the language an ISO 639 code we know, the window
 * starting today (YYYY-MM-DD) or later and ending on or after its start.
 * Errors go to fe under the field's name; 0 when all hold. */
int		 cb_consent_check(const struct cb_values *, const char *today,
		    struct cb_ferrors *);
/* The day a consent starts: its valid_from, or today. */
const char	*cb_consent_from(const struct cb_values *, const char *today);
/* organisation_id (when the form has it) and consent_id are ids. */
int		 cb_referral_check(const struct cb_values *,
		    struct cb_ferrors *);
/* The version of a close form, or -1 when it is not a whole number. */
int		 cb_referral_close_version(const struct cb_values *);

/* The form's fields that were given, "a,b,c", for an audit entry. */
void		 cb_values_names(const struct cb_values *, char *, size_t);

/* The i18n key saying why a consent does not allow a referral. */
const char	*cb_referral_refusal_key(enum cb_referral_refusal,
		    enum cb_consent_state);

/*
 * Free text of consents and referrals, sealed with the case's data key
 * and bound to table|column|row id|version: "consents" purpose and
 * withdrawal_reason, "referrals" note and response_reason,
 * "referral_updates" note. cb_refer_seal: a kore_malloc'ed ciphertext
 * into *ct (NULL when text is NULL or empty); cb_refer_open: a
 * kore_malloc'ed string, NULL when it does not open.
 */
int	cb_refer_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *table, const char *column,
	    const char *id, const char *text, unsigned char **ct,
	    size_t *clen);
char	*cb_refer_open(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *table, const char *column,
	    const char *id, const unsigned char *ct, size_t clen);
/* Wipes and frees an opened text (NULL is fine). */
void	cb_refer_wipe(char *);

/* A consent as the case team reads it. */
struct cb_consent {
	char			 id[CB_UUID_SIZE];
	char			 org_id[CB_UUID_SIZE];
	char			 org_name[CB_ORG_NAME_SIZE];
	char			*purpose;		/* opened */
	int			 categories;		/* bits */
	char			 valid_from[11];
	char			 valid_until[11];
	char			 method[24];
	char			 language[8];
	enum cb_consent_state	 state;
	char			 created_by_name[CB_USERNAME_MAX + 1];
	char			 created_at[40];
	char			 withdrawn_at[40];	/* "" while not */
	char			 withdrawn_by_name[CB_USERNAME_MAX + 1];
	char			*withdrawal_reason;	/* opened, or NULL */
	/* As stored, until opened. */
	unsigned char		*purpose_ct;
	size_t			 purpose_ctlen;
	unsigned char		*withdrawal_ct;
	size_t			 withdrawal_ctlen;
};

/* A partner's report of a service. */
struct cb_referral_update {
	char		 id[CB_UUID_SIZE];
	char		 service[32];
	char		 status[16];
	char		 date[11];
	char		*note;				/* opened, or NULL */
	char		 created_by_name[CB_USERNAME_MAX + 1];
	char		 created_at[40];
	unsigned char	*note_ct;			/* until opened */
	size_t		 note_ctlen;
};

/* A referral as the case team follows it. */
struct cb_referral {
	char				 id[CB_UUID_SIZE];
	char				 org_id[CB_UUID_SIZE];
	char				 org_name[CB_ORG_NAME_SIZE];
	char				 consent_id[CB_UUID_SIZE];
	enum cb_consent_state		 consent_state;
	char				 reason[32];
	char				 services[CB_SERVICES_SIZE];
	int				 categories;
	char				 status[16];
	int				 version;
	char				*note;		/* opened, or NULL */
	char				 answer[16];	/* "" until answered */
	char				*response;	/* its reason, opened */
	char				 responded_at[40];
	char				 responded_by_name[CB_USERNAME_MAX + 1];
	char				 created_by_name[CB_USERNAME_MAX + 1];
	char				 created_at[40];
	char				 closed_at[40];
	char				 closed_by_name[CB_USERNAME_MAX + 1];
	struct cb_referral_update	*updates;
	size_t				 nupdates;
	/* As stored, until opened. */
	unsigned char			*note_ct;
	size_t				 note_ctlen;
	unsigned char			*response_ct;
	size_t				 response_ctlen;
};

/* An organisation (plain: names of organisations, never of people). */
struct cb_org {
	char		 id[CB_UUID_SIZE];
	char		 name[CB_ORG_NAME_SIZE];
	char		 type[40];
	char		 country[3];
	char		 created_at[40];
};

/* Opens what a consent, a referral (with its updates) holds sealed
 * with the case's key dk; 0 when all opened (or none was there). */
int	cb_consent_open(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, struct cb_consent *);
int	cb_referral_open(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, struct cb_referral *);

/* Wipe what they hold and free it (the structs themselves stay). */
void	cb_consent_clear(struct cb_consent *);
void	cb_referral_clear(struct cb_referral *);
void	cb_consents_free(struct cb_consent *, size_t);
void	cb_referrals_free(struct cb_referral *, size_t);

#endif
