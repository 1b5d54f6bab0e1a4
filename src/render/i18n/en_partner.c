/*
 * i18n/en_partner: English texts of the partner's side of referrals:
 * its inbox, the referral page with the package, the answer and the
 * service update forms, and their errors. Labels of codes are
 * label.partner.<kind>.<code>.
 * Sorted by key (strcmp order): lookup is a binary search, and the unit
 * test fails on a key out of order or in two tables.
 */
#include <sys/types.h>

#include "render/i18n.h"

const struct cb_i18n_entry cb_i18n_en_partner[] = {
	{ "action.partner.report", "Report service" },
	{ "action.partner.respond", "Send answer" },
	{ "err.referral_answered",
	    "This referral has been answered already, or changed "
	    "meanwhile: see its status below" },
	{ "err.referral_consent",
	    "The person's consent to share with your organisation is not "
	    "active: nothing more can be read or sent for this referral" },
	{ "err.referral_not_accepted",
	    "Services can be reported only on a referral your organisation "
	    "has accepted" },
	{ "err.referral_reason_required", "Say why you decline" },
	{ "err.referral_service",
	    "Not one of the services this referral asked for" },
	{ "err.referral_updates_limit",
	    "This referral has as many updates as it can hold (200)" },
	{ "hint.partner.inbox",
	    "Referrals sent to your organisation, newest first. A referral "
	    "opens only while the person's consent to share with you is "
	    "active; what it shows is only what the person agreed to share "
	    "for this referral." },
	{ "hint.partner.response",
	    "Accept the referral if your organisation can provide the "
	    "services asked for; a decline needs a reason. The reason is "
	    "encrypted and shown only to you and the case team." },
	{ "hint.partner.update",
	    "Report each service you planned or delivered. The note is "
	    "encrypted and shown only to you and the case team." },
	{ "label.partner.answer", "Your answer" },
	{ "label.partner.answered_at", "Answered" },
	{ "label.partner.answered_by", "Answered by" },
	{ "label.partner.assistance", "Assistance received" },
	{ "label.partner.by", "Reported by" },
	{ "label.partner.case", "Case" },
	{ "label.partner.categories", "Shared with you" },
	{ "label.partner.category.case_summary", "Case summary" },
	{ "label.partner.category.contact", "Contact" },
	{ "label.partner.category.documents", "Documents" },
	{ "label.partner.category.health", "Health" },
	{ "label.partner.category.identity", "Identity" },
	{ "label.partner.category.narrative", "Narrative" },
	{ "label.partner.consent", "Consent to share" },
	{ "label.partner.consent.active", "Active" },
	{ "label.partner.consent.expired", "Expired" },
	{ "label.partner.consent.pending", "Not yet valid" },
	{ "label.partner.consent.withdrawn", "Withdrawn" },
	{ "label.partner.decision", "Decision" },
	{ "label.partner.decision.accept", "Accept" },
	{ "label.partner.decision.decline", "Decline" },
	{ "label.partner.health", "Health" },
	{ "label.partner.narrative", "Account of trafficking" },
	{ "label.partner.no_access",
	    "Not available: the consent is not active" },
	{ "label.partner.note", "Note" },
	{ "label.partner.nothing_shared",
	    "Nothing is recorded for what is shared." },
	{ "label.partner.open", "Open" },
	{ "label.partner.person", "Person" },
	{ "label.partner.reason", "Reason for referral" },
	{ "label.partner.reason.AdditionalServicesRequired",
	    "Additional services required" },
	{ "label.partner.reason.MigrationOrChangeOfLocation",
	    "Migration or change of location" },
	{ "label.partner.reason.Other", "Other" },
	{ "label.partner.sent", "Sent" },
	{ "label.partner.service", "Service" },
	{ "label.partner.services", "Services asked for" },
	{ "label.partner.status", "Status" },
	{ "label.partner.status.accepted", "Accepted" },
	{ "label.partner.status.closed", "Closed by the case team" },
	{ "label.partner.status.declined", "Declined" },
	{ "label.partner.status.sent", "Sent, awaiting your answer" },
	{ "label.partner.update.delivered", "Delivered" },
	{ "label.partner.update.not_delivered", "Not delivered" },
	{ "label.partner.update.planned", "Planned" },
	{ "label.partner.update_date", "Date" },
	{ "label.partner.update_status", "Status of the service" },
	{ "label.partner.updates", "Updates" },
	{ "label.partner.updates_empty", "No service reported yet." },
	{ "label.partner.updates_title", "Services reported" },
	{ "label.partner.valid_until", "valid until" },
	{ "list.partner.empty",
	    "No referral has been sent to your organisation yet." },
	{ "page.partner.inbox", "Referrals" },
	{ "page.partner.referral", "Referral" },
};

const size_t cb_i18n_en_partner_n =
    sizeof(cb_i18n_en_partner) / sizeof(cb_i18n_en_partner[0]);
