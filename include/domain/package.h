/*
 * referral: a referral as its partner organisation sees it, pure. The
 * package (domain.md section 4) is the fields of the categories shared
 * (those the referral carries and its consent covers: cb_consent.h),
 * each opened from where it is kept: a person's sealed column, the
 * case's, a code in the clear, or one member of a step's sealed data
 * (health and narrative live there). Only a shared category's fields
 * are ever opened, whatever a row holds. Also: the partner's answer and
 * service updates (their forms and rules), and sealing the partner's
 * text with the case's key, bound to the referral or the update.
 */
#ifndef CB_PACKAGE_H
#define CB_PACKAGE_H

#include <stddef.h>

#include "core/casebook.h"
#include "vault/vault.h"

struct cb_form;
struct cb_values;
struct cb_ferrors;

/* The fields of a package, in category order (cb_category_fields). */
enum cb_pkg_field {
	CB_PKG_GIVEN_NAME,
	CB_PKG_FAMILY_NAME,
	CB_PKG_NAME_ORIGINAL,
	CB_PKG_DOB,
	CB_PKG_GENDER,
	CB_PKG_CITIZENSHIP,
	CB_PKG_PHONE,
	CB_PKG_LOCATION,
	CB_PKG_DOCUMENT,
	CB_PKG_FIT_TO_TRAVEL,
	CB_PKG_FIT_NOTE,
	CB_PKG_URGENT,
	CB_PKG_CASE_TYPE,
	CB_PKG_STAGE,
	CB_PKG_ASSISTANCE,
	CB_PKG_NARRATIVE,
	CB_PKG_COUNT
};

/* Where a field's value is kept. */
enum cb_pkg_source {
	CB_PKG_SRC_PERSON,	/* persons.<column>, the person's key */
	CB_PKG_SRC_CASE,	/* cases.<column>, the case's key */
	CB_PKG_SRC_STEP,	/* a member of a transition's sealed data */
	CB_PKG_SRC_PLAIN	/* a code (or list of codes) in the clear */
};

struct cb_pkg_def {
	const char		*name;	/* as cb_category_fields */
	int			 category;	/* CB_CAT_* */
	enum cb_pkg_source	 source;
	const char		*column;	/* sealed column (AD) */
};

extern const struct cb_pkg_def	cb_pkg_defs[CB_PKG_COUNT];

/* 1 when a package of these categories shows the field. */
int	cb_package_shows(int categories, enum cb_pkg_field);

/* What the store reads for a package, still sealed. */
struct cb_package_row {
	char		 case_id[CB_UUID_SIZE];
	char		 person_id[CB_UUID_SIZE];
	unsigned int	 case_kv;	/* KEK version wrapping the key */
	unsigned int	 case_sv;	/* what the fields are bound to */
	unsigned char	*case_wrapped;
	size_t		 case_wlen;
	unsigned int	 person_kv;
	unsigned int	 person_sv;
	unsigned char	*person_wrapped;	/* NULL: no person field */
	size_t		 person_wlen;
	/* Sealed columns and step data (by the field they hold), the
	 * step's id (its data is bound to it), and codes in the clear. */
	unsigned char	*ct[CB_PKG_COUNT];
	size_t		 ctlen[CB_PKG_COUNT];
	char		 tid[CB_PKG_COUNT][CB_UUID_SIZE];
	char		*plain[CB_PKG_COUNT];
	unsigned char	*response;	/* the partner's sealed reason */
	size_t		 response_len;
};

void	cb_package_row_clear(struct cb_package_row *);

/* One service update, as stored and as shown. */
struct cb_referral_update {
	char		 id[CB_UUID_SIZE];
	char		 service[32];
	char		 status[16];
	char		 date[11];
	char		*note;		/* opened; NULL when none */
	unsigned char	*note_ct;	/* as stored, until opened */
	size_t		 note_ctlen;
	char		 created_by[CB_USERNAME_MAX + 1];
	char		 created_at[40];
};

/* One assistance entry of the case summary: what and when, no more. */
struct cb_package_assist {
	char		 type[32];
	char		 date[11];
};

/* A referral with its package, opened for its partner. */
struct cb_package {
	char			 id[CB_UUID_SIZE];
	char			 status[16];
	char			 reason[32];
	char			*services;	/* codes, a,b */
	int			 categories;	/* shared: CB_CAT_* */
	int			 version;
	char			 created_at[40];
	char			 responded_at[40];	/* "" when not */
	char			 responded_by[CB_USERNAME_MAX + 1];
	char			*response;	/* the reason, opened */
	char			 consent_state[16];
	char			 valid_from[11];
	char			 valid_until[11];
	/* Values of the shared fields (NULL: not shared, or none kept);
	 * urgent_medical_need is "true" or "false". */
	char			*val[CB_PKG_COUNT];
	struct cb_package_assist *assist;
	size_t			 nassist;
	struct cb_referral_update *updates;
	size_t			 nupdates;
};

/*
 * Opens row into p for p->categories (set by the caller): unwraps the
 * keys, opens the shared fields only (a step's data is parsed and only
 * the field's own member kept), the partner's reason and the updates'
 * notes; keys and step data are wiped. -1 when something that should
 * open does not.
 */
int	cb_package_open(struct cb_vault *, struct cb_package *,
	    const struct cb_package_row *);
/* The member name of a step's sealed JSON object as a new string (a
 * string member as it is, a boolean as "true"/"false"); NULL when the
 * data is not an object or has no such member. */
char	*cb_package_step_member(const char *json, size_t len,
	    const char *name);
/* "medical 2026-01-02,shelter 2026-01-05" into a kore_calloc'ed array
 * (*n items); malformed items are skipped. */
struct cb_package_assist *cb_package_assist_parse(const char *, size_t *n);
void	cb_package_clear(struct cb_package *);

/* A referral in its organisation's inbox: no personal value. */
struct cb_referral_item {
	char		 id[CB_UUID_SIZE];
	char		 status[16];
	char		 reason[32];
	char		 services[400];
	int		 categories;
	int		 version;
	char		 created_at[40];
	char		 responded_at[40];
	int		 updates;
	char		 consent_state[16];
	char		 valid_from[11];
	char		 valid_until[11];
};

/* The partner's answer: decision (accept|decline), reason (required to
 * decline), version (optional: the referral's, else 409). */
extern const struct cb_form	cb_form_referral_response;
/* A service update: service, status (planned|delivered|not_delivered),
 * date (not in the future), note. */
extern const struct cb_form	cb_form_referral_update;
extern const char *const	cb_opt_referral_decision[];

/* The rules across fields of an answer, after the field table: a
 * decline says why; a version is a whole number. 0 when all hold. */
int	cb_referral_response_check(const struct cb_values *,
	    struct cb_ferrors *);
/*
 * Which services an update may name: one the referral asked for
 * (services, comma-separated), or, when it asked for none, any
 * assistance type. 1 when service may be reported.
 */
int	cb_referral_service_ok(const char *services, const char *service);
/* The rules across fields of an update: the service as above. */
int	cb_referral_update_check(const struct cb_values *,
	    const char *services, struct cb_ferrors *);

/* The answer's reason sealed with the case's key, bound to
 * referrals|response_reason|referral id|version; *out kore_malloc'ed. */
int	cb_referral_seal_reason(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *referral_id, const char *text,
	    unsigned char **out, size_t *outlen);

/* What is stored of a new update beyond its plain fields. */
struct cb_referral_update_sealed {
	char		 id[CB_UUID_SIZE];
	unsigned char	*note;		/* NULL: no note given */
	size_t		 note_len;
	/* Audit field names: "service,status,date,note". */
	char		 fields[64];
};

/* A fresh update id and the note sealed with the case's key, bound to
 * referral_updates|note|update id|version. */
int	cb_referral_update_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const struct cb_values *,
	    struct cb_referral_update_sealed *);
void	cb_referral_update_sealed_clear(struct cb_referral_update_sealed *);
/* Fills u from validated values and the sealing (the create path
 * answers without reading back). */
void	cb_referral_update_from_values(struct cb_referral_update *,
	    const struct cb_values *, const struct cb_referral_update_sealed *);
void	cb_referral_update_clear(struct cb_referral_update *);

#endif
