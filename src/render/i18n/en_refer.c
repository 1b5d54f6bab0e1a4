/*
 * i18n/en_refer: English texts of consents, referrals (the case team's
 * side) and partner organisations: their sections on the case page,
 * their forms, picklists (data categories, consent methods, referral
 * reasons, services, organisation types) and errors.
 * Sorted by key (strcmp order): lookup is a binary search, and the unit
 * test fails on a key out of order or in two tables.
 */
#include <sys/types.h>

#include "core/casebook.h"
#include "render/i18n.h"

const struct cb_i18n_entry cb_i18n_en_refer[] = {
	{ "action.add_organisation", "Add organisation" },
	{ "action.close_referral", "Close referral" },
	{ "action.manage_organisations", "Partner organisations" },
	{ "action.record_consent", "Record a consent" },
	{ "action.send_referral", "Send a referral" },
	{ "action.withdraw_consent", "Withdraw consent" },
	{ "consent.state.active", "Active" },
	{ "consent.state.expired", "Expired" },
	{ "consent.state.pending", "Not yet valid" },
	{ "consent.state.withdrawn", "Withdrawn" },
	{ "err.consent_categories",
	    "The consent does not cover every data category this referral "
	    "needs" },
	{ "err.consent_changed",
	    "The consent was withdrawn or changed meanwhile: nothing was "
	    "sent" },
	{ "err.consent_expired", "The consent has expired" },
	{ "err.consent_other_org", "The consent names another organisation" },
	{ "err.consent_past",
	    "A consent starts today or later: it cannot be back-dated" },
	{ "err.consent_pending", "The consent is not valid yet" },
	{ "err.consent_state", "The consent is not active" },
	{ "err.consent_unknown", "No such consent on this case" },
	{ "err.consent_until",
	    "Must be on or after the first day of validity" },
	{ "err.consent_withdrawn", "The consent has been withdrawn" },
	{ "err.consents_limit",
	    "This case holds as many consents as it may (200)" },
	{ "err.language",
	    "Not an ISO 639 language code we know (e.g. bs, ar, fa, ps, en)" },
	{ "err.no_organisation", "No such organisation" },
	{ "err.no_processing_consent",
	    "The person has not consented to the processing of their data: "
	    "nothing can be shared" },
	{ "err.org_exists", "An organisation with this name exists already" },
	{ "err.referral_closed", "The referral is closed already" },
	{ "err.referral_stale",
	    "The referral was changed by someone else; reload it and try again" },
	{ "err.referrals_limit",
	    "This case holds as many referrals as it may (200)" },
	{ "err.uuid", "Not an id" },
	{ "field.answer", "Answer" },
	{ "field.answer_reason", "Reason given" },
	{ "field.answered", "Answered" },
	{ "field.closed", "Closed" },
	{ "field.consent", "Consent" },
	{ "field.consent_id", "Consent (organisation: what it covers)" },
	{ "field.country", "Country" },
	{ "field.data_categories", "Data the person agreed to share" },
	{ "field.language", "Language" },
	{ "field.method", "How consent was given" },
	{ "field.org_name", "Name" },
	{ "field.org_type", "Type of organisation" },
	{ "field.organisation_id", "Organisation" },
	{ "field.package", "What the partner may read" },
	{ "field.purpose", "Purpose of sharing" },
	{ "field.recorded", "Recorded" },
	{ "field.referral_reason", "Reason for referral" },
	{ "field.sent", "Sent" },
	{ "field.service", "Service" },
	{ "field.services", "Services asked for" },
	{ "field.update_status", "Status" },
	{ "field.valid_from", "Valid from" },
	{ "field.valid_until", "Valid until" },
	{ "field.withdrawal_reason", "Reason for withdrawal" },
	{ "field.withdrawn", "Withdrawn" },
	{ "hint.consent",
	    "Record a consent only as the person gave it: for this purpose, "
	    "to this organisation, for these kinds of data, for this time. "
	    "The purpose is encrypted and shown only to the case team. A "
	    "referral to the organisation can then carry only what the "
	    "consent covers, and only while it is valid; withdrawing it "
	    "stops the sharing at once. Valid from: today when left empty, "
	    "never earlier. Language: the ISO 639 code of the language the "
	    "person was asked in (bs, sr, ar, fa, ps, ur, en ...)." },
	{ "hint.referral",
	    "The partner reads only what the reason and the services need, "
	    "and only what the consent covers: every referral carries "
	    "identity and a case summary; a change of location adds contact "
	    "and documents; medical and psychosocial services add health; "
	    "legal services add documents and the narrative; travel "
	    "documents add documents; shelter, housing, reception and escort "
	    "add contact. The note is encrypted and shown to the case team "
	    "only." },
	{ "hint.referral_no_consent", "No consent allows a referral now." },
	{ "hint.withdraw",
	    "Withdrawing stops every referral under this consent from "
	    "sharing anything, at once. A reason is optional." },
	{ "hist.consent.recorded", "Consent recorded for" },
	{ "hist.consent.withdrawn", "Consent withdrawn for" },
	{ "hist.referral.answered", "Referral answered by" },
	{ "hist.referral.closed", "Referral closed, sent to" },
	{ "hist.referral.sent", "Referral sent to" },
	{ "hist.referral_update", "Service update from" },
	{ "list.consents_empty", "No consent to share data recorded yet" },
	{ "list.organisations_empty", "No organisation registered yet" },
	{ "list.referrals_empty", "No referral sent yet" },
	{ "nav.organisations", "Organisations" },
	{ "opt.data_categories.case_summary",
	    "Case summary (type, stage, assistance received)" },
	{ "opt.data_categories.contact", "Contact (phone, current location)" },
	{ "opt.data_categories.documents", "Documents (document numbers)" },
	{ "opt.data_categories.health",
	    "Health (medical and fit-to-travel detail)" },
	{ "opt.data_categories.identity",
	    "Identity (names, date of birth, gender, citizenship)" },
	{ "opt.data_categories.narrative",
	    "Narrative (the trafficking account)" },
	{ "opt.method.signed", "Signed" },
	{ "opt.method.verbal_witnessed", "Verbal, with a witness" },
	{ "opt.org_type.CentralGovernmentOrganisation",
	    "Central government organisation" },
	{ "opt.org_type.CorporateBusiness", "Corporate business" },
	{ "opt.org_type.HealthServiceOrganisation",
	    "Health service organisation" },
	{ "opt.org_type.ImmigrationService", "Immigration service" },
	{ "opt.org_type.LawEnforcement", "Law enforcement" },
	{ "opt.org_type.LegalService", "Legal service" },
	{ "opt.org_type.LocalGovernmentOrganisation",
	    "Local government organisation" },
	{ "opt.org_type.NGO", "Non-governmental organisation (NGO)" },
	{ "opt.reason.AdditionalServicesRequired",
	    "Additional services required" },
	{ "opt.reason.MigrationOrChangeOfLocation",
	    "Migration or change of location" },
	{ "opt.reason.Other", "Other" },
	{ "opt.services.business_start_up_grant", "Business start-up grant" },
	{ "opt.services.cash_grant", "Cash grant" },
	{ "opt.services.counselling", "Counselling" },
	{ "opt.services.education", "Education" },
	{ "opt.services.escort", "Escort" },
	{ "opt.services.housing", "Housing" },
	{ "opt.services.in_kind_grant", "In-kind grant" },
	{ "opt.services.legal", "Legal aid" },
	{ "opt.services.medical", "Medical care" },
	{ "opt.services.psychosocial", "Psychosocial support" },
	{ "opt.services.reception", "Reception" },
	{ "opt.services.shelter", "Shelter" },
	{ "opt.services.ticket", "Ticket" },
	{ "opt.services.travel_document", "Travel document" },
	{ "opt.services.vocational_training", "Vocational training" },
	{ "opt.update_status.delivered", "Delivered" },
	{ "opt.update_status.not_delivered", "Not delivered" },
	{ "opt.update_status.planned", "Planned" },
	{ "page.consent.new", "Record a consent to share data" },
	{ "page.consent.withdraw", "Withdraw a consent" },
	{ "page.consents", "Consents to share data" },
	{ "page.organisation.new", "Add an organisation" },
	{ "page.organisations", "Partner organisations" },
	{ "page.referral.new", "Send a referral" },
	{ "page.referrals", "Referrals" },
	{ "referral.status.accepted", "Accepted" },
	{ "referral.status.closed", "Closed" },
	{ "referral.status.declined", "Declined" },
	{ "referral.status.sent", "Sent" },
};

const size_t cb_i18n_en_refer_n = NITEMS(cb_i18n_en_refer);
