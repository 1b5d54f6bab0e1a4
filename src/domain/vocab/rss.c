/*
 * rss: the reintegration sustainability survey schemes, as data.
 * Version 1 is modelled on IOM's Reintegration Sustainability Survey
 * (15 field-tested indicators over the economic, social and
 * psychosocial dimensions, from the MEASURE study, IOM and Samuel Hall
 * 2017). IOM does not publish the weights or scoring maps, so these are
 * this project's own (design): options ordered from best to worst,
 * scored evenly or nearly so; the weights favour what the indicator
 * literature treats as foundational (income, food, housing, health,
 * support network, distress: 3) over the rest (2).
 *
 * A scheme is never edited once surveys have been scored with it: a
 * change is a new version (a new table and form below, appended to
 * schemes[]), and older versions stay, so that their surveys are still
 * shown as they were scored. Indicator and option codes are [a-z_]:
 * indicator codes are audit field names, option codes are sealed.
 */
#include <sys/types.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/score.h"

#define U		CB_RSS_UNSCORED
#define PNS		"prefer_not_to_say"
#define IND(code, dim, w, o, s) \
	{ code, dim, w, o, s, NITEMS(s) }
#define ANSWER(code, o) \
	{ "answers." code, CB_F_ENUM, CB_CLASS_E2, CB_REQ_YES, 0, o, 1 }

const char *const cb_opt_survey_kind[] = {
	"baseline",
	"follow_up",
	NULL
};

/* ---------------------------------------------------------- economic */

/* Sources of income of the household. */
static const char *const o1_income[] = {
	"several_regular", "one_regular", "irregular", "none", PNS, NULL
};
static const double s1_income[] = { 1.0, 0.75, 0.4, 0.0, U };

/* Work: regular, occasional, looking, not working. */
static const char *const o1_employment[] = {
	"working", "occasional_work", "looking_for_work", "not_working", PNS,
	NULL
};
static const double s1_employment[] = { 1.0, 0.5, 0.2, 0.0, U };

/* Debt compared with monthly spending. */
static const char *const o1_debt[] = {
	"no_debt", "below_spending", "above_spending", PNS, NULL
};
static const double s1_debt[] = { 1.0, 0.5, 0.0, U };

/* How often food was cut because of its cost, last month. */
static const char *const o1_food[] = {
	"never", "rarely", "sometimes", "often", PNS, NULL
};
static const double s1_food[] = { 1.0, 0.67, 0.33, 0.0, U };

/* Satisfaction with the economic situation. */
static const char *const o1_satisfaction[] = {
	"very_satisfied", "satisfied", "neutral", "dissatisfied",
	"very_dissatisfied", PNS, NULL
};
static const double s1_satisfaction[] = { 1.0, 0.75, 0.5, 0.25, 0.0, U };

/* ------------------------------------------------------------ social */

static const char *const o1_housing[] = {
	"adequate", "temporary", "inadequate", "no_housing", PNS, NULL
};
static const double s1_housing[] = { 1.0, 0.5, 0.2, 0.0, U };

/* School-age children in school; without any, nothing to score. */
static const char *const o1_education[] = {
	"all_in_school", "some_in_school", "none_in_school",
	"no_school_age_children", PNS, NULL
};
static const double s1_education[] = { 1.0, 0.5, 0.0, U, U };

static const char *const o1_health[] = {
	"good_access", "limited_access", "no_access", PNS, NULL
};
static const double s1_health[] = { 1.0, 0.5, 0.0, U };

/* Identity and civil documents. */
static const char *const o1_documents[] = {
	"all_documents", "some_documents", "no_documents", PNS, NULL
};
static const double s1_documents[] = { 1.0, 0.5, 0.0, U };

/* Access to public services compared with others in the community:
 * the returnee's disadvantage is scored, not the services' absence
 * for everyone ("not_available" is still a lack of access). */
static const char *const o1_services[] = {
	"easier", "same", "harder", "not_available", PNS, NULL
};
static const double s1_services[] = { 1.0, 1.0, 0.25, 0.0, U };

/* ------------------------------------------------------ psychosocial */

static const char *const o1_network[] = {
	"strong", "moderate", "weak", "none", PNS, NULL
};
static const double s1_network[] = { 1.0, 0.6, 0.3, 0.0, U };

/* Taking part in community or social activities. */
static const char *const o1_participation[] = {
	"often", "sometimes", "rarely", "never", PNS, NULL
};
static const double s1_participation[] = { 1.0, 0.67, 0.33, 0.0, U };

/* Feeling discriminated against as a returnee. */
static const char *const o1_discrimination[] = {
	"never", "sometimes", "often", PNS, NULL
};
static const double s1_discrimination[] = { 1.0, 0.5, 0.0, U };

/* Signs of distress (anger, sadness, fear, sleeplessness). */
static const char *const o1_distress[] = {
	"never", "sometimes", "often", "always", PNS, NULL
};
static const double s1_distress[] = { 1.0, 0.6, 0.3, 0.0, U };

/* Whether the person feels able to stay, or plans to migrate again. */
static const char *const o1_stay[] = {
	"wants_to_stay", "undecided", "plans_to_migrate", PNS, NULL
};
static const double s1_stay[] = { 1.0, 0.5, 0.0, U };

static const struct cb_rss_indicator v1_ind[] = {
	IND("income_sources", CB_RSS_ECONOMIC, 3, o1_income, s1_income),
	IND("employment", CB_RSS_ECONOMIC, 2, o1_employment, s1_employment),
	IND("debt", CB_RSS_ECONOMIC, 2, o1_debt, s1_debt),
	IND("food_security", CB_RSS_ECONOMIC, 3, o1_food, s1_food),
	IND("economic_satisfaction", CB_RSS_ECONOMIC, 2, o1_satisfaction,
	    s1_satisfaction),
	IND("housing", CB_RSS_SOCIAL, 3, o1_housing, s1_housing),
	IND("education_access", CB_RSS_SOCIAL, 2, o1_education,
	    s1_education),
	IND("health_access", CB_RSS_SOCIAL, 3, o1_health, s1_health),
	IND("documents", CB_RSS_SOCIAL, 2, o1_documents, s1_documents),
	IND("public_services", CB_RSS_SOCIAL, 2, o1_services, s1_services),
	IND("support_network", CB_RSS_PSYCHOSOCIAL, 3, o1_network,
	    s1_network),
	IND("participation", CB_RSS_PSYCHOSOCIAL, 2, o1_participation,
	    s1_participation),
	IND("discrimination", CB_RSS_PSYCHOSOCIAL, 2, o1_discrimination,
	    s1_discrimination),
	IND("distress", CB_RSS_PSYCHOSOCIAL, 3, o1_distress, s1_distress),
	IND("ability_to_stay", CB_RSS_PSYCHOSOCIAL, 2, o1_stay, s1_stay),
};

/* Raw answers and the note are E2 (sealed); kind and date are process
 * data. Every indicator must be answered: "prefer not to say" is an
 * answer, a forgotten question is not. */
static const struct cb_field v1_fields[] = {
	{ "kind", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0, cb_opt_survey_kind,
	    0 },
	{ "survey_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	ANSWER("income_sources", o1_income),
	ANSWER("employment", o1_employment),
	ANSWER("debt", o1_debt),
	ANSWER("food_security", o1_food),
	ANSWER("economic_satisfaction", o1_satisfaction),
	ANSWER("housing", o1_housing),
	ANSWER("education_access", o1_education),
	ANSWER("health_access", o1_health),
	ANSWER("documents", o1_documents),
	ANSWER("public_services", o1_services),
	ANSWER("support_network", o1_network),
	ANSWER("participation", o1_participation),
	ANSWER("discrimination", o1_discrimination),
	ANSWER("distress", o1_distress),
	ANSWER("ability_to_stay", o1_stay),
	{ "note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_form v1_form = {
	"survey", v1_fields, NITEMS(v1_fields)
};

static const struct cb_rss_scheme schemes[] = {
	{ 1, v1_ind, NITEMS(v1_ind), { 1.0, 1.0, 1.0 }, &v1_form },
};

const struct cb_rss_scheme *
cb_rss_scheme(int version)
{
	size_t		i;

	for (i = 0; i < NITEMS(schemes); i++) {
		if (schemes[i].version == version)
			return (&schemes[i]);
	}

	return (NULL);
}
