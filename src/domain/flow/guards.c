/*
 * flow/guards: the rules a transition must meet on the facts of the
 * case (recorded, overlaid with what the request submits), as a table
 * of functions by enum. Each answers NULL when it holds, or the i18n
 * key of what is missing, which the API returns as the guard message.
 */
#include <sys/types.h>

#include <string.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "domain/flow.h"

static const char	*g_none(const struct cb_facts *);
static const char	*g_data_consent(const struct cb_facts *);
static const char	*g_return_eligible(const struct cb_facts *);
static const char	*g_child_safeguards(const struct cb_facts *);
static const char	*g_fit_to_travel(const struct cb_facts *);
static const char	*g_not_departed(const struct cb_facts *);
static const char	*g_departed(const struct cb_facts *);
static const char	*g_assistance_consent(const struct cb_facts *);

/*
 * settled: the guard reads only what was recorded before, so a
 * transition it refuses is not offered at all; the others depend on
 * what the form submits and are judged on the request.
 */
static const struct {
	enum cb_guard	  guard;
	const char	 *name;
	int		  settled;
	const char	*(*fn)(const struct cb_facts *);
} guards[] = {
	{ CB_G_NONE,		   "none",		 1, g_none },
	{ CB_G_DATA_CONSENT,	   "data_consent",	 1, g_data_consent },
	{ CB_G_RETURN_ELIGIBLE,	   "return_eligible",	 0,
	    g_return_eligible },
	{ CB_G_CHILD_SAFEGUARDS,   "child_safeguards",	 0,
	    g_child_safeguards },
	{ CB_G_FIT_TO_TRAVEL,	   "fit_to_travel",	 0, g_fit_to_travel },
	{ CB_G_NOT_DEPARTED,	   "not_departed",	 1, g_not_departed },
	{ CB_G_DEPARTED,	   "departed",		 1, g_departed },
	{ CB_G_ASSISTANCE_CONSENT, "assistance_consent", 0,
	    g_assistance_consent },
};

/* Facts the engine keeps out of the form, set from the case itself. */
#define FACT_CONSENT	"data_consent"

const char *
cb_flow_guard(enum cb_guard g, const struct cb_facts *f)
{
	size_t		i;

	for (i = 0; i < NITEMS(guards); i++) {
		if (guards[i].guard == g)
			return (guards[i].fn(f));
	}
	/* A guard without a rule never holds. */
	return ("guard.unknown");
}

const char *
cb_flow_guard_name(enum cb_guard g)
{
	size_t		i;

	for (i = 0; i < NITEMS(guards); i++) {
		if (guards[i].guard == g)
			return (guards[i].name);
	}
	return (NULL);
}

int
cb_flow_guard_settled(enum cb_guard g)
{
	size_t		i;

	for (i = 0; i < NITEMS(guards); i++) {
		if (guards[i].guard == g)
			return (guards[i].settled);
	}
	return (0);
}

static const char *
g_none(const struct cb_facts *f)
{
	return (NULL);
}

static const char *
g_data_consent(const struct cb_facts *f)
{
	return (cb_facts_true(f, FACT_CONSENT) ? NULL : "guard.data_consent");
}

/* A protection need sends the person to the asylum track. */
static const char *
g_return_eligible(const struct cb_facts *f)
{
	if (cb_facts_true(f, "protection_need"))
		return ("guard.protection_need");
	if (!cb_facts_true(f, "return_declaration"))
		return ("guard.return_declaration");
	if (!cb_facts_true(f, "consent_share"))
		return ("guard.consent_share");
	return (NULL);
}

static const char *
g_child_safeguards(const struct cb_facts *f)
{
	const char	*ms;

	ms = cb_facts_get(f, "migration_status");
	if (!cb_facts_contains(f, "vulnerabilities", "unaccompanied_child") &&
	    (ms == NULL || strcmp(ms, "separated_or_unaccompanied_child") != 0))
		return (NULL);
	if (cb_facts_get(f, "bid_date") == NULL)
		return ("guard.child_bid");
	if (!cb_facts_true(f, "guardian_consent"))
		return ("guard.child_guardian");
	return (NULL);
}

static const char *
g_fit_to_travel(const struct cb_facts *f)
{
	const char	*fit;

	fit = cb_facts_get(f, "fit_to_travel");
	if (fit == NULL || (strcmp(fit, "fit") != 0 &&
	    strcmp(fit, "fit_with_escort") != 0))
		return ("guard.fit_to_travel");
	if ((strcmp(fit, "fit_with_escort") == 0 ||
	    cb_facts_true(f, "escort_needed")) &&
	    !cb_facts_true(f, "escort_booked"))
		return ("guard.escort_booked");
	return (NULL);
}

static const char *
g_not_departed(const struct cb_facts *f)
{
	return (cb_facts_get(f, "departure_date") == NULL ? NULL :
	    "guard.not_departed");
}

static const char *
g_departed(const struct cb_facts *f)
{
	return (cb_facts_get(f, "departure_date") != NULL ? NULL :
	    "guard.departed");
}

static const char *
g_assistance_consent(const struct cb_facts *f)
{
	return (cb_facts_true(f, "consent_assistance") ? NULL :
	    "guard.assistance_consent");
}
