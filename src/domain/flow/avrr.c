/*
 * flow/avrr: assisted voluntary return and reintegration (domain.md
 * section 2), as rows. Caseworkers propose every move; a supervisor
 * decides the return movement, a costed reintegration plan, every
 * closure and every reopening (the case waits in the pending state the
 * row names). Return is voluntary until departure: every state before
 * it can be withdrawn from, without approval.
 */
#include <sys/types.h>

#include "domain/vocab.h"
#include "machine.h"

#define AV	CB_CASE_AVRR

static const struct cb_field counsel_fields[] = {
	{ "counselling_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "interpreter_used", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	NOTE("counselling_note", CB_REQ_NO),
};

/* The migrant decides to go on towards return. */
static const struct cb_field decision_fields[] = {
	{ "decision_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	NOTE("decision_note", CB_REQ_NO),
};

/* Screening: status and vulnerabilities (counted), the signed
 * declaration and consent to share with the consulate, the receiving
 * office and reintegration partners. */
static const struct cb_field screening_fields[] = {
	{ "migration_status", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_migration_status, 0 },
	{ "vulnerabilities", CB_F_MULTI, CB_CLASS_Q, CB_REQ_NO, CB_MULTI_MAX,
	    cb_opt_vulnerabilities, 0 },
	{ "trafficking_indicators", CB_F_BOOL, CB_CLASS_Q, CB_REQ_NO, 0, NULL,
	    0 },
	{ "protection_need", CB_F_BOOL, CB_CLASS_Q, CB_REQ_NO, 0, NULL, 0 },
	{ "return_declaration", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL,
	    0 },
	{ "consent_share", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	NOTE("screening_note", CB_REQ_NO),
};

/* The return movement a supervisor approves. */
static const struct cb_field return_fields[] = {
	{ "destination_country", CB_F_COUNTRY, CB_CLASS_Q, CB_REQ_YES, 0,
	    NULL, 0 },
	/* An itinerary is an identifier (E1). */
	{ "route", CB_F_TEXT, CB_CLASS_E1, CB_REQ_NO, 500, NULL, 1 },
	{ "escort_needed", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "return_budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 12, NULL, 0 },
	{ "return_currency", CB_F_ENUM, CB_CLASS_P, CB_REQ_NO, 0,
	    cb_opt_currency, 0 },
	{ "bid_date", CB_F_DATE, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "guardian_consent", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	NOTE("return_note", CB_REQ_NO),
};

static const struct cb_field departure_fields[] = {
	{ "departure_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "fit_to_travel", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_fit_to_travel, 0 },
	{ "escort_booked", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "travel_document", CB_F_ENUM, CB_CLASS_P, CB_REQ_NO, 0,
	    cb_opt_travel_document, 0 },
	{ "booking_reference", CB_F_TEXT, CB_CLASS_E1, CB_REQ_NO, 64, NULL,
	    1 },
	/* Health detail: sealed, shown to the case team only. */
	NOTE("fit_note", CB_REQ_NO),
};

static const struct cb_field arrival_fields[] = {
	{ "arrival_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "onward_transport", CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	NOTE("reception_note", CB_REQ_NO),
};

/* Needs, skills, family and risk assessment. */
static const struct cb_field assessment_fields[] = {
	NOTE("assessment_note", CB_REQ_NO),
};

static const struct cb_field plan_fields[] = {
	{ "assistance_types", CB_F_MULTI, CB_CLASS_Q, CB_REQ_YES,
	    CB_MULTI_MAX, cb_opt_assistance_types, 0 },
	{ "plan_budget", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 12, NULL, 0 },
	{ "plan_currency", CB_F_ENUM, CB_CLASS_P, CB_REQ_NO, 0,
	    cb_opt_currency, 0 },
	NOTE("plan_note", CB_REQ_NO),
};

static const struct cb_field withdraw_fields[] = {
	{ "withdrawal_date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	NOTE("withdrawal_note", CB_REQ_NO),
};

static const struct cb_state states[] = {
	{ "intake_registered",		"intake",	 "Active",   1 },
	{ "counselling",		"intake",	 "Active",   1 },
	{ "screening",			"screening",	 "Active",   1 },
	{ "return_planning",		"return",	 "Active",   1 },
	{ "return_pending_approval",	NULL,		 NULL,	     1 },
	{ "travel_preparation",		"return",	 "Active",   1 },
	{ "departed",			"return",	 "Active",   1 },
	{ "arrived",			"return",	 "Active",   1 },
	{ "reintegration_planning",	"reintegration", "Active",   1 },
	{ "reintegration_plan_pending_approval", NULL,	 NULL,	     1 },
	{ "reintegration_assistance",	"reintegration", "Active",   1 },
	{ "monitoring",			"reintegration", "FollowUp", 1 },
	/* The person has left the process; closing records the reason. */
	{ "withdrawn",			"closed",	 "Closed",   0 },
	{ "closure_pending_approval",	NULL,		 NULL,	     1 },
	{ "closed",			"closed",	 "Closed",   0 },
	{ "reopening_pending_approval",	NULL,		 NULL,	     0 },
};

#define WITHDRAW(from)							\
	{ AV, (from), "withdrawn", CW, CB_APPROVAL_NO, NULL, NULL,	\
	    CB_G_NONE, FIELDS(withdraw_fields) }

static const struct cb_transition trans[] = {
	{ AV, "intake_registered", "counselling", CW, CB_APPROVAL_NO, NULL,
	    NULL, CB_G_DATA_CONSENT, FIELDS(counsel_fields) },
	WITHDRAW("intake_registered"),
	CLOSE(AV, "intake_registered", "closed"),

	{ AV, "counselling", "screening", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_NONE, FIELDS(decision_fields) },
	WITHDRAW("counselling"),
	CLOSE(AV, "counselling", "closed"),

	/* A protection need leads to the asylum track, not to return:
	 * the guard refuses, and the case is closed with that reason. */
	{ AV, "screening", "return_planning", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_RETURN_ELIGIBLE, FIELDS(screening_fields) },
	WITHDRAW("screening"),
	CLOSE(AV, "screening", "closed"),

	{ AV, "return_planning", "travel_preparation", CW, CB_APPROVAL_YES,
	    "return", "return_pending_approval", CB_G_CHILD_SAFEGUARDS,
	    FIELDS(return_fields) },
	WITHDRAW("return_planning"),
	CLOSE(AV, "return_planning", "closed"),

	/* Withdrawing cancels the request waiting for a decision. */
	WITHDRAW("return_pending_approval"),

	{ AV, "travel_preparation", "departed", CW, CB_APPROVAL_NO, NULL,
	    NULL, CB_G_FIT_TO_TRAVEL, FIELDS(departure_fields) },
	WITHDRAW("travel_preparation"),
	CLOSE(AV, "travel_preparation", "closed"),

	{ AV, "departed", "arrived", CW, CB_APPROVAL_NO, NULL, NULL,
	    CB_G_NONE, FIELDS(arrival_fields) },
	CLOSE(AV, "departed", "closed"),

	{ AV, "arrived", "reintegration_planning", CW, CB_APPROVAL_NO, NULL,
	    NULL, CB_G_NONE, FIELDS(assessment_fields) },
	CLOSE(AV, "arrived", "closed"),

	{ AV, "reintegration_planning", "reintegration_assistance", CW,
	    CB_APPROVAL_IF_COSTED, "reintegration_plan",
	    "reintegration_plan_pending_approval", CB_G_NONE,
	    FIELDS(plan_fields) },
	CLOSE(AV, "reintegration_planning", "closed"),

	{ AV, "reintegration_assistance", "monitoring", CW, CB_APPROVAL_NO,
	    NULL, NULL, CB_G_NONE, NOFIELDS },
	CLOSE(AV, "reintegration_assistance", "closed"),

	CLOSE(AV, "monitoring", "closed"),
	CLOSE(AV, "withdrawn", "closed"),

	REOPEN(AV, "closed", "counselling", CB_G_NOT_DEPARTED),
	REOPEN(AV, "closed", "monitoring", CB_G_DEPARTED),
};

const struct machine cb_flow_avrr = {
	AV, "AVRR", "intake_registered", states, NITEMS(states), trans,
	NITEMS(trans)
};
