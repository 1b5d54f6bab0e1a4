/*
 * flow: the AVRR and CT case lifecycles (domain.md section 2) as data.
 * Each transition names who may propose it (caseworkers: a supervisor
 * only ever decides an approval), whether it waits for a supervisor's
 * approval (return movement, reintegration plan, every closure and
 * reopening), the guard the handler must check, and the fields it
 * collects. Adding a step is adding rows, not code.
 *
 * Guards, by name (checked by the transition handler):
 *   data_consent		consent to data processing is recorded
 *   return_declaration	signed voluntary return declaration and
 *				consent to share with consulate, receiving
 *				office and reintegration partners
 *   child_safeguards	an unaccompanied child has a best-interest
 *				determination and guardian consent
 *   fit_to_travel		outcome fit, or fit_with_escort with an
 *				escort booked
 *   not_departed		reopening a case closed before departure
 *   has_arrived		reopening a case closed after arrival
 *   assistance_consent	the survivor consents to assistance
 *   plan_budget		a costed support plan has an approved budget
 */
#include <sys/types.h>

#include <string.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"

#define FIELDS(a)	(a), NITEMS(a)
#define NOFIELDS	NULL, 0
#define CW		CB_ROLE_CASEWORKER

struct machine {
	enum cb_case_type		 type;
	const char			*name;
	const char			*initial;
	const struct cb_state		*states;
	size_t				 nstates;
	const struct cb_transition	*trans;
	size_t				 ntrans;
};

static const struct machine	*machine(enum cb_case_type);

static const char *const opt_reason_code[] = {
	"completed", "withdrew", "lost_contact", "ineligible",
	"referred_out", "deceased", "re_migrated",
	"protection_need_identified", NULL
};

static const char *const opt_migration_status[] = {
	"irregular_migrant", "asylum_seeker", "rejected_asylum_seeker",
	"refugee", "stateless_person", "stranded_migrant",
	"vulnerable_migrant", "separated_or_unaccompanied_child",
	"returnee", "deportee", NULL
};

static const char *const opt_vulnerabilities[] = {
	"unaccompanied_child", "possible_trafficking_victim",
	"medical_need", "disability", "elderly", "pregnancy",
	"family_with_children", NULL
};

static const char *const opt_fit_to_travel[] = {
	"fit", "fit_with_escort", "unfit_deferred", NULL
};

static const char *const opt_assistance_types[] = {
	"cash", "in_kind", "business_start_up", "vocational_training",
	"education", "medical", "housing", NULL
};

static const char *const opt_safety_risk[] = {
	"low", "medium", "high", NULL
};

/* HTCDS identification outcomes; only a victim goes on to consent. */
static const char *const opt_status_victim[] = {
	"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", NULL
};

static const char *const opt_status_all[] = {
	"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking",
	"NotAVictimOfTrafficking", NULL
};

static const char *const opt_identified_by[] = {
	"Police", "NGO", "CourtOrProsecution",
	"NonPoliceGovernmentalOrganization", "Other", NULL
};

static const char *const opt_exploitation_types[] = {
	"ForcedLabour", "SexualExploitation", "ChildLabour",
	"ForcedMarriage", "Servitude", "ForcedMilitaryByNonStateActors",
	"OrganRemoval", "ForcedBegging", "ForcedAdoption", "Surrogacy",
	"Other", NULL
};

static const char *const opt_consent_method[] = {
	"signed", "verbal_witnessed", NULL
};

static const char *const opt_durable_solution[] = {
	"local_integration", "voluntary_return", "resettlement", NULL
};

static const struct cb_field close_fields[] = {
	{ "reason_code", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    opt_reason_code, 0 },
	{ "reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_field reopen_fields[] = {
	{ "reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_YES, 2000, NULL, 1 },
};

static const struct cb_field revise_fields[] = {
	{ "reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_YES, 2000, NULL, 1 },
};

static const struct cb_field withdraw_fields[] = {
	{ "withdrawal_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_field counsel_fields[] = {
	{ "session_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "interpreter_used", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "session_note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_field decision_fields[] = {
	{ "decision_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "session_note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_field return_fields[] = {
	{ "migration_status", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    opt_migration_status, 0 },
	{ "vulnerabilities", CB_F_MULTI, CB_CLASS_Q, CB_REQ_NO, CB_MULTI_MAX,
	    opt_vulnerabilities, 0 },
	{ "destination_country", CB_F_COUNTRY, CB_CLASS_Q, CB_REQ_YES, 0,
	    NULL, 0 },
	/* An itinerary is an identifier (E1). */
	{ "route", CB_F_TEXT, CB_CLASS_E1, CB_REQ_NO, 500, NULL, 1 },
	{ "escort_needed", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 12, NULL, 0 },
};

static const struct cb_field departure_fields[] = {
	{ "departure_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "fit_to_travel", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    opt_fit_to_travel, 0 },
	{ "escort_booked", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
};

static const struct cb_field arrival_fields[] = {
	{ "arrival_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "reception_note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL,
	    1 },
};

static const struct cb_field plan_fields[] = {
	{ "assistance_types", CB_F_MULTI, CB_CLASS_Q, CB_REQ_YES,
	    CB_MULTI_MAX, opt_assistance_types, 0 },
	{ "budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_YES, 12, NULL, 0 },
	{ "plan_note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_field immediate_fields[] = {
	{ "safety_risk", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    opt_safety_risk, 0 },
	{ "safe_accommodation", CB_F_BOOL, CB_CLASS_E2, CB_REQ_NO, 0, NULL,
	    1 },
	{ "urgent_medical_need", CB_F_BOOL, CB_CLASS_E2, CB_REQ_NO, 0, NULL,
	    1 },
	{ "interpreter_needed", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL,
	    0 },
};

static const struct cb_field triage_fields[] = {
	{ "safety_risk", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    opt_safety_risk, 0 },
};

static const struct cb_field victim_fields[] = {
	{ "trafficking_status", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    opt_status_victim, 0 },
	{ "identified_by", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    opt_identified_by, 0 },
	{ "exploitation_types", CB_F_MULTI, CB_CLASS_Q, CB_REQ_NO,
	    CB_MULTI_MAX, opt_exploitation_types, 0 },
};

/* Closing at screening, also "not a victim" (reason ineligible). */
static const struct cb_field screen_close_fields[] = {
	{ "reason_code", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    opt_reason_code, 0 },
	{ "trafficking_status", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    opt_status_all, 0 },
	{ "identified_by", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    opt_identified_by, 0 },
	{ "reason_text", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 2000, NULL, 1 },
};

static const struct cb_field ct_consent_fields[] = {
	{ "consent_assistance", CB_F_BOOL, CB_CLASS_P, CB_REQ_YES, 0, NULL,
	    0 },
	{ "consent_method", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    opt_consent_method, 0 },
};

static const struct cb_field support_fields[] = {
	{ "plan_objectives", CB_F_TEXT, CB_CLASS_E2, CB_REQ_YES, 2000, NULL,
	    1 },
	{ "budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 12, NULL, 0 },
};

static const struct cb_field solution_fields[] = {
	{ "durable_solution", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    opt_durable_solution, 0 },
};

static const struct cb_state avrr_states[] = {
	{ "intake_registered",			"intake",	 "Active" },
	{ "counselling",			"intake",	 "Active" },
	{ "screening",				"screening",	 "Active" },
	{ "return_pending_approval",		"return",	 "Active" },
	{ "travel_preparation",			"return",	 "Active" },
	{ "departed",				"return",	 "Active" },
	{ "arrived",				"return",	 "Active" },
	{ "reintegration_planning",		"reintegration", "Active" },
	{ "reintegration_plan_pending_approval", "reintegration", "Active" },
	{ "reintegration_assistance",		"reintegration", "Active" },
	{ "monitoring",				"reintegration", "FollowUp" },
	/* The person has left the process; closing records the reason. */
	{ "withdrawn",				"closed",	 "Closed" },
	{ "closed",				"closed",	 "Closed" },
};

/*
 * Every state before departure can be withdrawn from: return is
 * voluntary until the person has left.
 */
static const struct cb_transition avrr_trans[] = {
	{ CB_CASE_AVRR, "intake_registered", "counselling", CW, 0,
	    "data_consent", FIELDS(counsel_fields) },
	{ CB_CASE_AVRR, "intake_registered", "withdrawn", CW, 0, NULL,
	    FIELDS(withdraw_fields) },
	{ CB_CASE_AVRR, "intake_registered", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "counselling", "screening", CW, 0, NULL,
	    FIELDS(decision_fields) },
	{ CB_CASE_AVRR, "counselling", "withdrawn", CW, 0, NULL,
	    FIELDS(withdraw_fields) },
	{ CB_CASE_AVRR, "counselling", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "screening", "return_pending_approval", CW, 0,
	    "return_declaration", FIELDS(return_fields) },
	{ CB_CASE_AVRR, "screening", "withdrawn", CW, 0, NULL,
	    FIELDS(withdraw_fields) },
	/* A protection need leads to the asylum track, not to return. */
	{ CB_CASE_AVRR, "screening", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "return_pending_approval", "travel_preparation", CW,
	    1, "child_safeguards", NOFIELDS },
	{ CB_CASE_AVRR, "return_pending_approval", "screening", CW, 0, NULL,
	    FIELDS(revise_fields) },
	{ CB_CASE_AVRR, "return_pending_approval", "withdrawn", CW, 0, NULL,
	    FIELDS(withdraw_fields) },
	{ CB_CASE_AVRR, "travel_preparation", "departed", CW, 0,
	    "fit_to_travel", FIELDS(departure_fields) },
	{ CB_CASE_AVRR, "travel_preparation", "withdrawn", CW, 0, NULL,
	    FIELDS(withdraw_fields) },
	{ CB_CASE_AVRR, "departed", "arrived", CW, 0, NULL,
	    FIELDS(arrival_fields) },
	{ CB_CASE_AVRR, "arrived", "reintegration_planning", CW, 0, NULL,
	    NOFIELDS },
	{ CB_CASE_AVRR, "arrived", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "reintegration_planning",
	    "reintegration_plan_pending_approval", CW, 0, NULL,
	    FIELDS(plan_fields) },
	{ CB_CASE_AVRR, "reintegration_planning", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "reintegration_plan_pending_approval",
	    "reintegration_assistance", CW, 1, NULL, NOFIELDS },
	{ CB_CASE_AVRR, "reintegration_plan_pending_approval",
	    "reintegration_planning", CW, 0, NULL, FIELDS(revise_fields) },
	{ CB_CASE_AVRR, "reintegration_assistance", "monitoring", CW, 0,
	    NULL, NOFIELDS },
	{ CB_CASE_AVRR, "reintegration_assistance", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "monitoring", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "withdrawn", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_AVRR, "closed", "counselling", CW, 1, "not_departed",
	    FIELDS(reopen_fields) },
	{ CB_CASE_AVRR, "closed", "monitoring", CW, 1, "has_arrived",
	    FIELDS(reopen_fields) },
};

static const struct cb_state ct_states[] = {
	{ "identified",			"intake",	 "Active" },
	{ "immediate_assistance",	"intake",	 "Active" },
	{ "screening_interview",	"screening",	 "Active" },
	{ "consent",			"screening",	 "Active" },
	{ "support_plan",		"referral",	 "Active" },
	{ "referral",			"referral",	 "Active" },
	{ "durable_solution",		"reintegration", "Active" },
	{ "follow_up",			"reintegration", "FollowUp" },
	{ "closed",			"closed",	 "Closed" },
	{ "closed_referred",		"closed",	 "ClosedReferred" },
};

/*
 * A survivor may stop at any point: every open state can be closed.
 * Assistance never depends on cooperating with the police, so no
 * guard asks for it.
 */
static const struct cb_transition ct_trans[] = {
	{ CB_CASE_CT, "identified", "immediate_assistance", CW, 0, NULL,
	    FIELDS(immediate_fields) },
	{ CB_CASE_CT, "identified", "screening_interview", CW, 0, NULL,
	    FIELDS(triage_fields) },
	{ CB_CASE_CT, "identified", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "immediate_assistance", "screening_interview", CW, 0,
	    NULL, NOFIELDS },
	{ CB_CASE_CT, "immediate_assistance", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "screening_interview", "consent", CW, 0, NULL,
	    FIELDS(victim_fields) },
	/* "Not a victim" closes here; AVRR is offered by a linked case. */
	{ CB_CASE_CT, "screening_interview", "closed", CW, 1, NULL,
	    FIELDS(screen_close_fields) },
	{ CB_CASE_CT, "consent", "support_plan", CW, 0,
	    "assistance_consent", FIELDS(ct_consent_fields) },
	{ CB_CASE_CT, "consent", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "support_plan", "referral", CW, 0, "plan_budget",
	    FIELDS(support_fields) },
	{ CB_CASE_CT, "support_plan", "durable_solution", CW, 0,
	    "plan_budget", FIELDS(support_fields) },
	{ CB_CASE_CT, "support_plan", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "referral", "durable_solution", CW, 0, NULL,
	    NOFIELDS },
	{ CB_CASE_CT, "referral", "support_plan", CW, 0, NULL,
	    FIELDS(revise_fields) },
	{ CB_CASE_CT, "referral", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "referral", "closed_referred", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "durable_solution", "follow_up", CW, 0, NULL,
	    FIELDS(solution_fields) },
	{ CB_CASE_CT, "durable_solution", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	/* Voluntary return: the linked AVRR case carries on. */
	{ CB_CASE_CT, "durable_solution", "closed_referred", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "follow_up", "closed", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "follow_up", "closed_referred", CW, 1, NULL,
	    FIELDS(close_fields) },
	{ CB_CASE_CT, "closed", "immediate_assistance", CW, 1, NULL,
	    FIELDS(reopen_fields) },
	{ CB_CASE_CT, "closed_referred", "immediate_assistance", CW, 1, NULL,
	    FIELDS(reopen_fields) },
};

static const struct machine machines[] = {
	{ CB_CASE_AVRR, "AVRR", "intake_registered", avrr_states,
	    NITEMS(avrr_states), avrr_trans, NITEMS(avrr_trans) },
	{ CB_CASE_CT, "CT", "identified", ct_states, NITEMS(ct_states),
	    ct_trans, NITEMS(ct_trans) },
};

int
cb_case_type_parse(const char *name, enum cb_case_type *out)
{
	size_t		i;

	if (name == NULL)
		return (-1);

	for (i = 0; i < NITEMS(machines); i++) {
		if (strcmp(machines[i].name, name) == 0) {
			if (out != NULL)
				*out = machines[i].type;
			return (0);
		}
	}

	return (-1);
}

const char *
cb_case_type_name(enum cb_case_type type)
{
	const struct machine	*m;

	if ((m = machine(type)) == NULL)
		return (NULL);
	return (m->name);
}

const char *
cb_flow_initial(enum cb_case_type type)
{
	const struct machine	*m;

	if ((m = machine(type)) == NULL)
		return (NULL);
	return (m->initial);
}

const struct cb_state *
cb_flow_state(enum cb_case_type type, const char *name)
{
	const struct machine	*m;
	size_t			 i;

	if ((m = machine(type)) == NULL || name == NULL)
		return (NULL);

	for (i = 0; i < m->nstates; i++) {
		if (strcmp(m->states[i].name, name) == 0)
			return (&m->states[i]);
	}

	return (NULL);
}

size_t
cb_flow_allowed(enum cb_case_type type, const char *state, int role,
    const struct cb_transition **out, size_t max)
{
	const struct machine	*m;
	size_t			 i, n;

	if ((m = machine(type)) == NULL || state == NULL || out == NULL)
		return (0);

	n = 0;
	for (i = 0; i < m->ntrans && n < max; i++) {
		if ((m->trans[i].roles & role) != 0 &&
		    strcmp(m->trans[i].from, state) == 0)
			out[n++] = &m->trans[i];
	}

	return (n);
}

const struct cb_transition *
cb_flow_find(enum cb_case_type type, const char *from, const char *to)
{
	const struct machine	*m;
	size_t			 i;

	if ((m = machine(type)) == NULL || from == NULL || to == NULL)
		return (NULL);

	for (i = 0; i < m->ntrans; i++) {
		if (strcmp(m->trans[i].from, from) == 0 &&
		    strcmp(m->trans[i].to, to) == 0)
			return (&m->trans[i]);
	}

	return (NULL);
}

const struct cb_state *
cb_flow_states(enum cb_case_type type, size_t *n)
{
	const struct machine	*m;

	if ((m = machine(type)) == NULL) {
		*n = 0;
		return (NULL);
	}

	*n = m->nstates;
	return (m->states);
}

const struct cb_transition *
cb_flow_transitions(enum cb_case_type type, size_t *n)
{
	const struct machine	*m;

	if ((m = machine(type)) == NULL) {
		*n = 0;
		return (NULL);
	}

	*n = m->ntrans;
	return (m->trans);
}

static const struct machine *
machine(enum cb_case_type type)
{
	size_t		i;

	for (i = 0; i < NITEMS(machines); i++) {
		if (machines[i].type == type)
			return (&machines[i]);
	}

	return (NULL);
}

int
cb_flow_guard(const char *name, const struct cb_guard_facts *f)
{
	if (name == NULL)
		return (1);
	if (strcmp(name, "data_consent") == 0)
		return (f->data_consent);
	return (0);
}
