/*
 * i18n: the English catalogue, which is also the fallback for every
 * other language. Keys are "<kind>.<name>": err.* field errors of the
 * forms, field.* form labels (dotted API names), opt.<field>.<code>
 * picklist labels (the field's last name component), stage.*,
 * state.*, htcds.*, role.* and guard.* (why a transition is refused).
 *
 * One entry per key, in strcmp() order, because lookup is a binary
 * search; the unit test fails on a key out of order or twice.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "render/i18n.h"


struct entry {
	const char	*key;
	const char	*text;
};

static int	cmp(const void *, const void *);

static const struct entry catalogue[] = {
	{ "action.filter", "Filter" },
	{ "action.login", "Log in" },
	{ "action.register", "Register case" },
	{ "action.search", "Search" },
	{ "action.verify_audit", "Verify the audit log" },
	{ "audit.broken", "Broken: the log has been changed" },
	{ "audit.checkpoints", "Signed checkpoints checked" },
	{ "audit.entries", "Entries verified" },
	{ "audit.fault", "What failed" },
	{ "audit.fault.checkpoint",
	    "The chain disagrees with a signed checkpoint" },
	{ "audit.fault.forged", "A checkpoint's signature does not hold" },
	{ "audit.fault.gap", "A position in the chain is missing" },
	{ "audit.fault.mac", "An entry does not match its MAC" },
	{ "audit.fault.missing", "A chained entry is gone from the log" },
	{ "audit.fault.ok", "Nothing" },
	{ "audit.fault.truncated",
	    "The chain ends before a signed checkpoint" },
	{ "audit.fault.unchained",
	    "Older entries are not covered by the chain" },
	{ "audit.first_bad", "First position that does not hold" },
	{ "audit.ok", "Intact" },
	{ "audit.result", "Result" },
	{ "err.body", "The request body could not be read" },
	{ "err.chars", "Contains characters that are not allowed here" },
	{ "err.conflict", "This request conflicts with the current state" },
	{ "err.consent_required", "Needs consent to data processing" },
	{ "err.content_type",
	    "Unsupported content type (use application/json; charset=utf-8)" },
	{ "err.control", "Contains control characters or line breaks" },
	{ "err.country", "Not a known country code" },
	{ "err.csrf",
	    "The form has expired or did not come from this site; reload the "
	    "page and try again" },
	{ "err.cursor", "Not a valid page cursor" },
	{ "err.date", "Not a valid date (YYYY-MM-DD, not in the future)" },
	{ "err.duplicate", "Given more than once" },
	{ "err.forbidden", "Your role may not do this" },
	{ "err.form", "The form could not be read" },
	{ "err.form_has_errors",
	    "Some fields need attention; see the messages below each field" },
	{ "err.generic", "Something went wrong" },
	{ "err.idempotency_key",
	    "Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 - _ "
	    ". :" },
	{ "err.idempotency_reuse",
	    "This Idempotency-Key was already used with a different request" },
	{ "err.internal", "Internal error; nothing was changed" },
	{ "err.invalid", "Some fields are not valid" },
	{ "err.json", "The body is not valid JSON (UTF-8, one object)" },
	{ "err.limit", "limit must be a whole number from 1 to 100" },
	{ "err.locked", "Too many failed logins; try again in 15 minutes" },
	{ "err.login", "Wrong username or password" },
	{ "err.method", "Method not allowed here" },
	{ "err.not_found", "Not found" },
	{ "err.not_yet",
	    "This step needs a supervisor's approval, which this version does "
	    "not record yet" },
	{ "err.number", "Not a valid amount" },
	{ "err.office", "You can only register cases in your own office" },
	{ "err.option", "Not one of the choices offered" },
	{ "err.password_chars",
	    "The password must be UTF-8 text without control characters" },
	{ "err.password_dictionary",
	    "The password is based on a dictionary word or a simple pattern" },
	{ "err.password_long", "The password must be at most 256 bytes" },
	{ "err.password_short",
	    "The password must be at least 12 characters long" },
	{ "err.password_unchecked",
	    "The password could not be checked against the dictionary "
	    "(is cracklib-runtime installed?)" },
	{ "err.password_username",
	    "The password must not contain the username or be it reversed" },
	{ "err.phone", "Not a valid phone number (e.g. +38761234567)" },
	{ "err.query", "The query parameters are not valid" },
	{ "err.required", "Required" },
	{ "err.search_empty",
	    "Give a document number, or given name, family name and date of "
	    "birth" },
	{ "err.stale",
	    "The case was changed by someone else; reload it and try again" },
	{ "err.too_large", "The request is too large (at most 64 KiB)" },
	{ "err.too_long", "Too long" },
	{ "err.transition",
	    "This step is not available from the case's current state for your "
	    "role" },
	{ "err.type", "Wrong kind of value" },
	{ "err.unauthorized", "Please log in" },
	{ "err.unavailable",
	    "The service is temporarily unavailable; nothing was changed" },
	{ "err.unknown_field", "Unknown field" },
	{ "err.utf8", "Not valid UTF-8 text" },
	{ "err.version", "version must be the case's current version number" },
	{ "field.arrival_date", "Arrival date" },
	{ "field.assistance_types", "Assistance types" },
	{ "field.budget", "Budget" },
	{ "field.case_type", "Case type" },
	{ "field.consent_assistance", "Consent to assistance" },
	{ "field.consent_data_processing", "Consent to data processing" },
	{ "field.consent_method", "How consent was given" },
	{ "field.created_at", "Registered" },
	{ "field.decision_date", "Date of decision" },
	{ "field.departure_date", "Departure date" },
	{ "field.destination_country", "Destination country" },
	{ "field.durable_solution", "Durable solution" },
	{ "field.escort_booked", "Escort booked" },
	{ "field.escort_needed", "Escort needed" },
	{ "field.exploitation_types", "Types of exploitation" },
	{ "field.fit_to_travel", "Fit to travel" },
	{ "field.htcds_status", "HTCDS status" },
	{ "field.id", "Case id" },
	{ "field.identified_by", "Identified by" },
	{ "field.interpreter_needed", "Interpreter needed" },
	{ "field.interpreter_used", "Interpreter used" },
	{ "field.location", "Current location" },
	{ "field.migration_status", "Migration status" },
	{ "field.office", "Office" },
	{ "field.password", "Password" },
	{ "field.person.age_band", "Age band" },
	{ "field.person.citizenship", "Citizenship" },
	{ "field.person.date_of_birth", "Date of birth" },
	{ "field.person.document_number", "Document number" },
	{ "field.person.family_name", "Family name" },
	{ "field.person.gender", "Gender" },
	{ "field.person.given_name", "Given name" },
	{ "field.person.languages", "Languages" },
	{ "field.person.name_original_script", "Name in original script" },
	{ "field.person.phone", "Phone" },
	{ "field.plan_note", "Plan notes" },
	{ "field.plan_objectives", "Plan objectives" },
	{ "field.reason_code", "Reason" },
	{ "field.reason_text", "Reason in words" },
	{ "field.reception_note", "Reception notes" },
	{ "field.route", "Route" },
	{ "field.safe_accommodation", "Safe accommodation needed" },
	{ "field.safety_risk", "Immediate safety risk" },
	{ "field.session_date", "Session date" },
	{ "field.session_note", "Session notes" },
	{ "field.stage", "Stage" },
	{ "field.state", "State" },
	{ "field.trafficking_status", "Identification outcome" },
	{ "field.urgent_medical_need", "Urgent medical need" },
	{ "field.username", "Username" },
	{ "field.vulnerabilities", "Vulnerabilities" },
	{ "field.withdrawal_date", "Date of withdrawal" },
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
	{ "hint.audit",
	    "Every entry is checked against its keyed MAC, and the chain "
	    "against the checkpoints signed outside the database. Nothing "
	    "personal is shown here." },
	{ "hint.intake",
	    "Fields marked * are required. Fields marked \xE2\x80\xA0 are "
	    "required when the person consents to data processing; without "
	    "consent only a pseudonymous registration is kept. Phone numbers in"
	    " international form, e.g. +38761234567." },
	{ "hint.search",
	    "Exact match: a document number, or given name, family name and "
	    "date of birth together. Upper and lower case and surrounding "
	    "spaces do not matter." },
	{ "home.admin.now",
	    "Users and organisations are managed with casebook-admin on the "
	    "server for now (user add, list, disable, reset-password; org "
	    "add). You can verify the audit log here." },
	{ "home.admin.soon",
	    "Pages to manage users and organisations will come here." },
	{ "home.admin.title", "Administration" },
	{ "home.auditor.now",
	    "You can verify that the audit log is intact: every read and "
	    "change of a record is in it, and nobody can rewrite it "
	    "unnoticed." },
	{ "home.auditor.soon",
	    "Anonymised statistics (tables, charts and CSV, with small "
	    "numbers suppressed) and the audit log itself will come here." },
	{ "home.auditor.title", "Audit" },
	{ "home.partner.now",
	    "Your organisation has no referrals to show yet." },
	{ "home.partner.soon",
	    "Referrals sent to your organisation will be listed here, newest "
	    "first: you will be able to read each referral, accept or "
	    "decline it, and report the services delivered." },
	{ "home.partner.title", "Referrals" },
	{ "htcds.Active", "Active" },
	{ "htcds.Closed", "Closed" },
	{ "htcds.ClosedReferred", "Closed (referred)" },
	{ "htcds.FollowUp", "Follow-up" },
	{ "list.empty", "No cases." },
	{ "list.next", "Next page" },
	{ "nav.audit", "Audit log" },
	{ "nav.back", "Back to the start page" },
	{ "nav.cases", "Cases" },
	{ "nav.home", "Home" },
	{ "nav.label", "Main" },
	{ "nav.logout", "Log out" },
	{ "nav.new_case", "New case" },
	{ "nav.search", "Search" },
	{ "no", "No" },
	{ "opt.assistance_types.business_start_up", "Business start-up grant" },
	{ "opt.assistance_types.cash", "Cash" },
	{ "opt.assistance_types.education", "Education" },
	{ "opt.assistance_types.housing", "Housing" },
	{ "opt.assistance_types.in_kind", "In kind" },
	{ "opt.assistance_types.medical", "Medical" },
	{ "opt.assistance_types.vocational_training", "Vocational training" },
	{ "opt.case_type.AVRR", "Assisted voluntary return (AVRR)" },
	{ "opt.case_type.CT", "Counter-trafficking assistance (CT)" },
	{ "opt.consent_method.signed", "Signed" },
	{ "opt.consent_method.verbal_witnessed", "Verbal, with a witness" },
	{ "opt.durable_solution.local_integration", "Local integration" },
	{ "opt.durable_solution.resettlement", "Resettlement" },
	{ "opt.durable_solution.voluntary_return", "Voluntary return" },
	{ "opt.exploitation_types.ChildLabour", "Child labour" },
	{ "opt.exploitation_types.ForcedAdoption", "Forced adoption" },
	{ "opt.exploitation_types.ForcedBegging", "Forced begging" },
	{ "opt.exploitation_types.ForcedLabour", "Forced labour" },
	{ "opt.exploitation_types.ForcedMarriage", "Forced marriage" },
	{ "opt.exploitation_types.ForcedMilitaryByNonStateActors",
	    "Forced military service (non-state)" },
	{ "opt.exploitation_types.OrganRemoval", "Organ removal" },
	{ "opt.exploitation_types.Other", "Other" },
	{ "opt.exploitation_types.Servitude", "Servitude" },
	{ "opt.exploitation_types.SexualExploitation", "Sexual exploitation" },
	{ "opt.exploitation_types.Surrogacy", "Surrogacy" },
	{ "opt.fit_to_travel.fit", "Fit" },
	{ "opt.fit_to_travel.fit_with_escort", "Fit with escort" },
	{ "opt.fit_to_travel.unfit_deferred", "Unfit, travel deferred" },
	{ "opt.gender.Feminine", "Feminine" },
	{ "opt.gender.Masculine", "Masculine" },
	{ "opt.gender.NonConforming", "Gender non-conforming" },
	{ "opt.gender.NonSpecifiedUnknown", "Not specified or unknown" },
	{ "opt.gender.TransgenderFeminine", "Transgender feminine" },
	{ "opt.gender.TransgenderMasculine", "Transgender masculine" },
	{ "opt.identified_by.CourtOrProsecution", "Court or prosecution" },
	{ "opt.identified_by.NGO", "NGO" },
	{ "opt.identified_by.NonPoliceGovernmentalOrganization",
	    "Government body (not police)" },
	{ "opt.identified_by.Other", "Other" },
	{ "opt.identified_by.Police", "Police" },
	{ "opt.migration_status.asylum_seeker", "Asylum seeker" },
	{ "opt.migration_status.deportee", "Deportee" },
	{ "opt.migration_status.irregular_migrant", "Irregular migrant" },
	{ "opt.migration_status.refugee", "Refugee" },
	{ "opt.migration_status.rejected_asylum_seeker",
	    "Rejected asylum seeker" },
	{ "opt.migration_status.returnee", "Returnee" },
	{ "opt.migration_status.separated_or_unaccompanied_child",
	    "Separated or unaccompanied child" },
	{ "opt.migration_status.stateless_person", "Stateless person" },
	{ "opt.migration_status.stranded_migrant", "Stranded migrant" },
	{ "opt.migration_status.vulnerable_migrant", "Vulnerable migrant" },
	{ "opt.reason_code.completed", "Completed" },
	{ "opt.reason_code.deceased", "Deceased" },
	{ "opt.reason_code.ineligible", "Not eligible" },
	{ "opt.reason_code.lost_contact", "Lost contact" },
	{ "opt.reason_code.protection_need_identified",
	    "Protection need (asylum track)" },
	{ "opt.reason_code.re_migrated", "Migrated again" },
	{ "opt.reason_code.referred_out", "Referred to another service" },
	{ "opt.reason_code.withdrew", "Withdrew" },
	{ "opt.safety_risk.high", "High" },
	{ "opt.safety_risk.low", "Low" },
	{ "opt.safety_risk.medium", "Medium" },
	{ "opt.trafficking_status.ActualVictimOfTrafficking",
	    "Victim of trafficking" },
	{ "opt.trafficking_status.NotAVictimOfTrafficking",
	    "Not a victim of trafficking" },
	{ "opt.trafficking_status.PossibleVictimOfTrafficking",
	    "Possible victim of trafficking" },
	{ "opt.vulnerabilities.disability", "Disability" },
	{ "opt.vulnerabilities.elderly", "Elderly" },
	{ "opt.vulnerabilities.family_with_children", "Family with children" },
	{ "opt.vulnerabilities.medical_need", "Medical need" },
	{ "opt.vulnerabilities.possible_trafficking_victim",
	    "Possible victim of trafficking" },
	{ "opt.vulnerabilities.pregnancy", "Pregnancy" },
	{ "opt.vulnerabilities.unaccompanied_child", "Unaccompanied child" },
	{ "page.audit", "Audit log verification" },
	{ "page.case", "Case" },
	{ "page.case.person", "Person" },
	{ "page.cases", "Cases" },
	{ "page.error", "Error" },
	{ "page.error.400", "Bad request" },
	{ "page.error.401", "Please log in" },
	{ "page.error.403", "Not allowed" },
	{ "page.error.404", "Not found" },
	{ "page.error.405", "Method not allowed" },
	{ "page.error.409", "Conflict" },
	{ "page.error.413", "Too large" },
	{ "page.error.415", "Unsupported content type" },
	{ "page.error.422", "Cannot be accepted" },
	{ "page.error.429", "Too many attempts" },
	{ "page.error.500", "Internal error" },
	{ "page.error.503", "Temporarily unavailable" },
	{ "page.intake", "Register a person and open a case" },
	{ "page.login", "Log in" },
	{ "page.search", "Find a case" },
	{ "page.search.results", "Results" },
	{ "role.admin", "Administrator" },
	{ "role.auditor", "Auditor" },
	{ "role.caseworker", "Caseworker" },
	{ "role.partner", "Partner organisation" },
	{ "role.supervisor", "Supervisor" },
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
	{ "yes", "Yes" },
};

const char *
cb_t(const char *key)
{
	const struct entry	*e;

	if (key == NULL)
		return ("");

	e = bsearch(key, catalogue, NITEMS(catalogue), sizeof(catalogue[0]),
	    cmp);
	return (e != NULL ? e->text : key);
}

int
cb_i18n_has(const char *key)
{
	if (key == NULL)
		return (0);

	return (bsearch(key, catalogue, NITEMS(catalogue),
	    sizeof(catalogue[0]), cmp) != NULL);
}

const char *
cb_i18n_key(size_t i)
{
	if (i >= NITEMS(catalogue))
		return (NULL);
	return (catalogue[i].key);
}

static int
cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct entry *)elem)->key));
}
