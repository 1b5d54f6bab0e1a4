/*
 * consent: the sharing rules as tables. What a referral reason and its
 * services need is data minimisation written down: a partner gets the
 * least that lets it help, and only what the person agreed to.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/consent.h"

const char *const cb_opt_category[] = {
	"identity", "contact", "documents", "health", "case_summary",
	"narrative", NULL
};

/* HTCDS referral reasons, verbatim. */
const char *const cb_opt_referral_reason[] = {
	"AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other",
	NULL
};

const char *const cb_opt_update_status[] = {
	"planned", "delivered", "not_delivered", NULL
};

/* Every referral identifies the person and says what the case is. */
#define BASE	(CB_CAT_IDENTITY | CB_CAT_CASE_SUMMARY)

static const struct {
	const char	*reason;
	int		 needs;
} reasons[] = {
	{ "AdditionalServicesRequired",	 BASE },
	/* Moving the person: where to reach them, their papers. */
	{ "MigrationOrChangeOfLocation", BASE | CB_CAT_CONTACT |
	    CB_CAT_DOCUMENTS },
	{ "Other",			 BASE },
};

/* What a service needs beyond the reason (assistance types). */
static const struct {
	const char	*service;
	int		 needs;
} services[] = {
	{ "medical",		CB_CAT_HEALTH },
	{ "psychosocial",	CB_CAT_HEALTH },
	{ "legal",		CB_CAT_DOCUMENTS | CB_CAT_NARRATIVE },
	{ "travel_document",	CB_CAT_DOCUMENTS },
	{ "shelter",		CB_CAT_CONTACT },
	{ "housing",		CB_CAT_CONTACT },
	{ "reception",		CB_CAT_CONTACT },
	{ "escort",		CB_CAT_CONTACT },
};

static const char *const identity_fields[] = {
	"given_name", "family_name", "name_original_script", "date_of_birth",
	"gender", "citizenship", NULL
};
static const char *const contact_fields[] = { "phone", "location", NULL };
static const char *const documents_fields[] = { "document_number", NULL };
static const char *const health_fields[] = {
	"fit_to_travel", "fit_note", "urgent_medical_need", NULL
};
static const char *const summary_fields[] = {
	"case_type", "stage", "assistance", NULL
};
static const char *const narrative_fields[] = { "narrative", NULL };

static const char *const *const fields_by_bit[] = {
	identity_fields, contact_fields, documents_fields, health_fields,
	summary_fields, narrative_fields
};

int
cb_category_bit(const char *name)
{
	size_t		i;

	for (i = 0; name != NULL && cb_opt_category[i] != NULL; i++) {
		if (strcmp(cb_opt_category[i], name) == 0)
			return (1 << i);
	}
	return (0);
}

const char *
cb_category_name(int bit)
{
	size_t		i;

	for (i = 0; cb_opt_category[i] != NULL; i++) {
		if (bit == (1 << i))
			return (cb_opt_category[i]);
	}
	return (NULL);
}

int
cb_categories_parse(const char *list)
{
	char		 name[32];
	const char	*p, *end;
	size_t		 len;
	int		 bits, b;

	bits = 0;
	for (p = list; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len == 0 || len >= sizeof(name))
			return (-1);
		memcpy(name, p, len);
		name[len] = '\0';
		if ((b = cb_category_bit(name)) == 0)
			return (-1);
		bits |= b;
	}
	return (bits);
}

void
cb_categories_str(int bits, char *out, size_t len)
{
	size_t		i;

	if (len == 0)
		return;
	out[0] = '\0';
	for (i = 0; cb_opt_category[i] != NULL; i++) {
		if (!(bits & (1 << i)))
			continue;
		if (out[0] != '\0')
			(void)cb_strlcat(out, ",", len);
		(void)cb_strlcat(out, cb_opt_category[i], len);
	}
}

enum cb_consent_state
cb_consent_state(const char *from, const char *until, int withdrawn,
    const char *today)
{
	if (withdrawn)
		return (CB_CONSENT_WITHDRAWN);
	if (strcmp(today, from) < 0)
		return (CB_CONSENT_PENDING);
	if (strcmp(today, until) > 0)
		return (CB_CONSENT_EXPIRED);
	return (CB_CONSENT_ACTIVE);
}

const char *
cb_consent_state_name(enum cb_consent_state s)
{
	switch (s) {
	case CB_CONSENT_ACTIVE:
		return ("active");
	case CB_CONSENT_PENDING:
		return ("pending");
	case CB_CONSENT_EXPIRED:
		return ("expired");
	default:
		return ("withdrawn");
	}
}

int
cb_referral_needs(const char *reason, const char *list)
{
	const char	*p, *end;
	size_t		 i, len;
	int		 needs;

	needs = -1;
	for (i = 0; reason != NULL && i < NITEMS(reasons); i++) {
		if (strcmp(reasons[i].reason, reason) == 0)
			needs = reasons[i].needs;
	}
	if (needs == -1)
		return (-1);
	for (p = list; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		for (i = 0; i < NITEMS(services); i++) {
			if (strlen(services[i].service) == len &&
			    memcmp(services[i].service, p, len) == 0)
				needs |= services[i].needs;
		}
	}
	return (needs);
}

enum cb_referral_refusal
cb_referral_allowed(enum cb_consent_state st, const char *consent_org,
    const char *org, int cats, int needed, int *missing)
{
	*missing = needed & ~cats;
	if (st != CB_CONSENT_ACTIVE)
		return (CB_REFER_CONSENT_STATE);
	if (consent_org == NULL || org == NULL || strcmp(consent_org, org))
		return (CB_REFER_OTHER_ORG);
	if (*missing != 0)
		return (CB_REFER_CATEGORIES);
	return (CB_REFER_OK);
}

const char *const *
cb_category_fields(int bit)
{
	size_t		i;

	for (i = 0; i < NITEMS(fields_by_bit); i++) {
		if (bit == (1 << i))
			return (fields_by_bit[i]);
	}
	return (NULL);
}
