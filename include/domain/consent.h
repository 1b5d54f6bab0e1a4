/*
 * consent: the rules of sharing with a partner organisation (domain.md
 * section 4, IOM data protection principle 5), pure. A consent covers
 * data categories for one organisation over a validity window until it
 * is withdrawn; a referral needs the categories its reason and services
 * need, all covered by an active consent naming that organisation; the
 * partner's package carries exactly those categories and each category
 * is a fixed list of fields.
 */
#ifndef CB_CONSENT_H
#define CB_CONSENT_H

#include <stddef.h>

/* Data categories (api.md), as bits. */
enum cb_category {
	CB_CAT_IDENTITY = 1 << 0,	/* names, date of birth, gender,
					 * citizenship */
	CB_CAT_CONTACT = 1 << 1,	/* phone, current location */
	CB_CAT_DOCUMENTS = 1 << 2,	/* document numbers */
	CB_CAT_HEALTH = 1 << 3,		/* medical and fit-to-travel detail */
	CB_CAT_CASE_SUMMARY = 1 << 4,	/* case type, stage, assistance */
	CB_CAT_NARRATIVE = 1 << 5	/* the trafficking account */
};

#define CB_CAT_ALL	0x3f

/* Category names in bit order, NULL-terminated (also the picklist). */
extern const char *const	cb_opt_category[];
extern const char *const	cb_opt_referral_reason[];
extern const char *const	cb_opt_consent_method[];
extern const char *const	cb_opt_update_status[];

/* Bit of a category name, 0 when it is none. */
int		 cb_category_bit(const char *);
const char	*cb_category_name(int bit);
/* Bits of "identity,contact" (validated list); -1 on an unknown name. */
int		 cb_categories_parse(const char *);
/* "identity,contact" for bits, into out (at most len). */
void		 cb_categories_str(int bits, char *out, size_t len);

enum cb_consent_state {
	CB_CONSENT_ACTIVE,
	CB_CONSENT_PENDING,	/* valid_from is still to come */
	CB_CONSENT_EXPIRED,
	CB_CONSENT_WITHDRAWN
};

/* Dates YYYY-MM-DD compare as strings; withdrawn wins. */
enum cb_consent_state cb_consent_state(const char *valid_from,
		    const char *valid_until, int withdrawn, const char *today);
const char	*cb_consent_state_name(enum cb_consent_state);

/* The categories a referral for reason with these services needs
 * (services comma-separated assistance types); -1 on an unknown
 * reason. */
int		 cb_referral_needs(const char *reason, const char *services);

enum cb_referral_refusal {
	CB_REFER_OK,
	CB_REFER_CONSENT_STATE,		/* not active */
	CB_REFER_OTHER_ORG,		/* names another organisation */
	CB_REFER_CATEGORIES		/* does not cover what is needed */
};

/* Whether a consent allows a referral to org needing these categories
 * today; *missing gets the categories the consent lacks. */
enum cb_referral_refusal cb_referral_allowed(enum cb_consent_state,
		    const char *consent_org, const char *org, int consent_cats,
		    int needed, int *missing);

/* Fields of a category as a package shows them, NULL-terminated. */
const char *const *cb_category_fields(int bit);

#endif
