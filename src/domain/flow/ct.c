/*
 * flow/ct: direct assistance to victims of trafficking (domain.md
 * section 2), as rows. A survivor may stop at any point, so every open
 * state can be closed (with a supervisor's approval, as every closure).
 * Assistance never depends on cooperating with the police: no guard
 * asks for it. "Not a victim" closes the case at screening; a voluntary
 * return goes on in a linked AVRR case.
 */
#include <sys/types.h>

#include "domain/vocab.h"
#include "machine.h"

#define CT	CB_CASE_CT

/* Identified or referred in: where from, and how safe the person is. */
static const struct cb_field immediate_fields[] = {
	{ "referral_source", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_referral_source, 0 },
	{ "safety_risk", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_safety_risk, 0 },
	{ "safe_accommodation", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL,
	    0 },
	/* Health: sealed. */
	{ "urgent_medical_need", CB_F_BOOL, CB_CLASS_E2, CB_REQ_NO, 0, NULL,
	    1 },
	{ "interpreter_needed", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL,
	    0 },
	NOTE("risk_note", CB_REQ_NO),
};

static const struct cb_field triage_fields[] = {
	{ "referral_source", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_referral_source, 0 },
	{ "safety_risk", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_safety_risk, 0 },
};

/* The screening interview's outcome: a victim goes on to consent. */
static const struct cb_field victim_fields[] = {
	{ "trafficking_status", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_status_victim, 0 },
	{ "identified_by", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_identified_by, 0 },
	{ "exploitation_types", CB_F_MULTI, CB_CLASS_Q, CB_REQ_YES,
	    CB_MULTI_MAX, cb_opt_exploitation_types, 0 },
	{ "means_of_control", CB_F_MULTI, CB_CLASS_Q, CB_REQ_NO, CB_MULTI_MAX,
	    cb_opt_means_of_control, 0 },
	{ "recruitment_method", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    cb_opt_recruitment_method, 0 },
	{ "labour_sector", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    cb_opt_labour_sector, 0 },
	{ "country_of_exploitation", CB_F_COUNTRY, CB_CLASS_Q, CB_REQ_NO, 0,
	    NULL, 0 },
	/* Recruitment, transit and exploitation events, perpetrators. */
	{ "narrative", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 8000, NULL, 1 },
};

/* Closing at screening, also "not a victim" (with AVRR offered). */
static const struct cb_field screen_close_fields[] = {
	{ "trafficking_status", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    cb_opt_trafficking_status, 0 },
	{ "identified_by", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    cb_opt_identified_by, 0 },
	{ "closure_reason", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_closure_reason, 0 },
	NOTE("closure_note", CB_REQ_NO),
};

static const struct cb_field consent_fields[] = {
	{ "consent_assistance", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL,
	    0 },
	{ "consent_method", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_consent_method, 0 },
	{ "consent_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
};

/* A costed plan waits for a supervisor. */
static const struct cb_field support_fields[] = {
	{ "plan_type", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_plan_type, 0 },
	NOTE("plan_objectives", CB_REQ_YES),
	NOTE("action_plan", CB_REQ_NO),
	{ "planned_end_date", CB_F_DAY, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "support_budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 12, NULL, 0 },
	{ "support_currency", CB_F_ENUM, CB_CLASS_P, CB_REQ_NO, 0,
	    cb_opt_currency, 0 },
};

static const struct cb_field solution_fields[] = {
	{ "durable_solution", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_durable_solution, 0 },
	NOTE("solution_note", CB_REQ_NO),
};

static const struct cb_state states[] = {
	{ "identified",			"intake",	 "Active",	   1 },
	{ "immediate_assistance",	"intake",	 "Active",	   1 },
	{ "screening_interview",	"screening",	 "Active",	   1 },
	{ "consent",			"screening",	 "Active",	   1 },
	{ "support_plan",		"referral",	 "Active",	   1 },
	{ "support_plan_pending_approval", NULL,	 NULL,		   1 },
	{ "referral",			"referral",	 "Active",	   1 },
	{ "durable_solution",		"reintegration", "Active",	   1 },
	{ "follow_up",			"reintegration", "FollowUp",	   1 },
	{ "closure_pending_approval",	NULL,		 NULL,		   1 },
	{ "closed",			"closed",	 "Closed",	   0 },
	{ "closed_referred",		"closed",	 "ClosedReferred", 0 },
	{ "reopening_pending_approval",	NULL,		 NULL,		   0 },
};

static const struct cb_transition trans[] = {
	{ CT, "identified", "immediate_assistance", CW, CB_APPROVAL_NO, NULL,
	    NULL, CB_G_NONE, FIELDS(immediate_fields) },
	{ CT, "identified", "screening_interview", CW, CB_APPROVAL_NO, NULL,
	    NULL, CB_G_NONE, FIELDS(triage_fields) },
	CLOSE(CT, "identified", "closed"),

	{ CT, "immediate_assistance", "screening_interview", CW,
	    CB_APPROVAL_NO, NULL, NULL, CB_G_NONE, NOFIELDS },
	CLOSE(CT, "immediate_assistance", "closed"),

	{ CT, "screening_interview", "consent", CW, CB_APPROVAL_NO, NULL,
	    NULL, CB_G_NONE, FIELDS(victim_fields) },
	{ CT, "screening_interview", "closed", CW, CB_APPROVAL_YES,
	    "closure", "closure_pending_approval", CB_G_NONE,
	    FIELDS(screen_close_fields) },

	{ CT, "consent", "support_plan", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_ASSISTANCE_CONSENT, FIELDS(consent_fields) },
	CLOSE(CT, "consent", "closed"),

	{ CT, "support_plan", "referral", CW, CB_APPROVAL_IF_COSTED,
	    "support_plan", "support_plan_pending_approval", CB_G_NONE,
	    FIELDS(support_fields) },
	{ CT, "support_plan", "durable_solution", CW, CB_APPROVAL_IF_COSTED,
	    "support_plan", "support_plan_pending_approval", CB_G_NONE,
	    FIELDS(support_fields) },
	CLOSE(CT, "support_plan", "closed"),

	{ CT, "referral", "durable_solution", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_NONE, NOFIELDS },
	{ CT, "referral", "support_plan", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_NONE, REVISE_FIELDS },
	CLOSE(CT, "referral", "closed"),
	CLOSE(CT, "referral", "closed_referred"),

	{ CT, "durable_solution", "follow_up", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_NONE, FIELDS(solution_fields) },
	CLOSE(CT, "durable_solution", "closed"),
	/* Voluntary return: the linked AVRR case carries on. */
	CLOSE(CT, "durable_solution", "closed_referred"),

	CLOSE(CT, "follow_up", "closed"),
	CLOSE(CT, "follow_up", "closed_referred"),

	REOPEN(CT, "closed", "immediate_assistance", CB_G_NONE),
	REOPEN(CT, "closed_referred", "immediate_assistance", CB_G_NONE),
};

const struct machine cb_flow_ct = {
	CT, "CT", "identified", states, NITEMS(states), trans, NITEMS(trans)
};
