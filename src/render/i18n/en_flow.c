/*
 * i18n/en_flow: English texts of the lifecycles: stages, states, HTCDS statuses, transitions
 * and why a guard refuses one.
 * Sorted by key (strcmp order): lookup is a binary search, and the unit
 * test fails on a key out of order or in two tables.
 */
#include <sys/types.h>

#include "render/i18n.h"

const struct cb_i18n_entry cb_i18n_en_flow[] = {
	{ "guard.assistance_consent",
	    "The survivor's consent to assistance is required" },
	{ "guard.child_safeguards",
	    "Needs best-interest determination and guardian consent" },
	{ "guard.data_consent", "Record consent to data processing first" },
	{ "guard.fit_to_travel",
	    "Needs fit to travel, or fit with escort and an escort booked" },
	{ "guard.has_arrived",
	    "Only a case closed after arrival reopens in monitoring" },
	{ "guard.not_departed",
	    "Only a case closed before departure reopens in counselling" },
	{ "guard.plan_budget",
	    "A costed support plan needs an approved budget" },
	{ "guard.return_declaration",
	    "Needs a signed return declaration and consent to share data" },
	{ "htcds.Active", "Active" },
	{ "htcds.Closed", "Closed" },
	{ "htcds.ClosedReferred", "Closed (referred)" },
	{ "htcds.FollowUp", "Follow-up" },
	{ "stage.closed", "Closed" },
	{ "stage.intake", "Intake" },
	{ "stage.referral", "Referral" },
	{ "stage.reintegration", "Reintegration" },
	{ "stage.return", "Return" },
	{ "stage.screening", "Screening" },
	{ "state.arrived", "Arrived" },
	{ "state.closed", "Closed" },
	{ "state.closed_referred", "Closed and referred" },
	{ "state.consent", "Consent" },
	{ "state.counselling", "Counselling" },
	{ "state.departed", "Departed" },
	{ "state.durable_solution", "Durable solution" },
	{ "state.follow_up", "Follow-up" },
	{ "state.identified", "Identified" },
	{ "state.immediate_assistance", "Immediate assistance" },
	{ "state.intake_registered", "Registered" },
	{ "state.monitoring", "Monitoring" },
	{ "state.referral", "Referral" },
	{ "state.reintegration_assistance", "Reintegration assistance" },
	{ "state.reintegration_plan_pending_approval",
	    "Reintegration plan awaiting approval" },
	{ "state.reintegration_planning", "Reintegration planning" },
	{ "state.return_pending_approval", "Return awaiting approval" },
	{ "state.screening", "Screening" },
	{ "state.screening_interview", "Screening interview" },
	{ "state.support_plan", "Support plan" },
	{ "state.travel_preparation", "Travel preparation" },
	{ "state.withdrawn", "Withdrawn" },
};

const size_t cb_i18n_en_flow_n =
    sizeof(cb_i18n_en_flow) / sizeof(cb_i18n_en_flow[0]);
