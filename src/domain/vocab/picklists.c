/*
 * picklists: the lifecycle's vocabularies. HTCDS v2.0 lists are adopted
 * verbatim (domain.md section 7) so that an export names HTCDS values
 * without mapping; the others are this project's codes.
 */
#include <sys/types.h>

#include <stddef.h>

#include "domain/vocab.h"

/* domain.md section 2, AVRR step 9. */
const char *const cb_opt_closure_reason[] = {
	"completed", "withdrew", "lost_contact", "ineligible",
	"referred_out", "deceased", "re_migrated",
	"protection_need_identified", NULL
};

const char *const cb_opt_migration_status[] = {
	"irregular_migrant", "asylum_seeker", "rejected_asylum_seeker",
	"refugee", "stateless_person", "stranded_migrant",
	"vulnerable_migrant", "separated_or_unaccompanied_child",
	"returnee", "deportee", NULL
};

const char *const cb_opt_vulnerabilities[] = {
	"unaccompanied_child", "possible_trafficking_victim",
	"medical_need", "disability", "elderly", "pregnancy",
	"family_with_children", NULL
};

const char *const cb_opt_fit_to_travel[] = {
	"fit", "fit_with_escort", "unfit_deferred", NULL
};

const char *const cb_opt_travel_document[] = {
	"passport", "travel_document", "laissez_passer",
	"emergency_certificate", NULL
};

/* Reintegration assistance planned (domain.md section 2, AVRR 7): the
 * codes of the assistance entries that deliver it, so that statistics
 * can set plans against what was given. */
const char *const cb_opt_assistance_types[] = {
	"cash_grant", "in_kind_grant", "business_start_up_grant",
	"vocational_training", "education", "medical", "housing", NULL
};

/* Region first (Bosnia and Herzegovina, Serbia, donors), then the main
 * countries of origin on the Western Balkans route. */
const char *const cb_opt_currency[] = {
	"BAM", "RSD", "EUR", "USD", "CHF", "GBP",
	"AFN", "BDT", "DZD", "EGP", "ILS", "IQD", "IRR", "LYD", "MAD",
	"PKR", "SOS", "SYP", "TND", "TRY",
	NULL
};

const char *const cb_opt_referral_source[] = {
	"police", "ngo", "hotline", "self", "avrr_screening", "other",
	NULL
};

const char *const cb_opt_safety_risk[] = {
	"low", "medium", "high", NULL
};

/* HTCDS identification outcomes; only a victim goes on to consent. */
const char *const cb_opt_status_victim[] = {
	"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", NULL
};

const char *const cb_opt_trafficking_status[] = {
	"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking",
	"NotAVictimOfTrafficking", NULL
};

const char *const cb_opt_identified_by[] = {
	"Police", "NGO", "CourtOrProsecution",
	"NonPoliceGovernmentalOrganization", "Other", NULL
};

const char *const cb_opt_exploitation_types[] = {
	"ForcedLabour", "SexualExploitation", "ChildLabour",
	"ForcedMarriage", "Servitude", "ForcedMilitaryByNonStateActors",
	"OrganRemoval", "ForcedBegging", "ForcedAdoption", "Surrogacy",
	"Other", NULL
};

const char *const cb_opt_means_of_control[] = {
	"DebtBondage", "TakesEarnings", "RestrictsFinancialAccess",
	"Threats", "PsychologicalAbuse", "PhysicalAbuse", "SexualAbuse",
	"FalsePromises", "PsychoactiveSubstances", "RestrictsMovement",
	"RestrictsMedicalCare", "ExcessiveWorkingHours", "UsesChildren",
	"ThreatOfLawEnforcement", "WithholdsNecessities",
	"WithholdsDocuments", "Other", NULL
};

const char *const cb_opt_recruitment_method[] = {
	"AtAPlaceOfBusiness", "AtAnEducationalInstitution", "AtWork",
	"ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement",
	"ThroughATelevisionAdvert", "ThroughANewspaperAdvert",
	"ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents",
	"Other", NULL
};

const char *const cb_opt_labour_sector[] = {
	"Agriculture", "Aquafarming", "Begging", "Construction",
	"DomesticWork", "Hospitality", "IllicitActivities", "Manufacturing",
	"MiningOrDrilling", "Peddling", "Transportation", "Other", NULL
};

const char *const cb_opt_consent_method[] = {
	"signed", "verbal_witnessed", NULL
};

const char *const cb_opt_plan_type[] = {
	"shelter", "medical", "psychosocial", "legal", "economic",
	"education", "family_reunification", "other", NULL
};

const char *const cb_opt_durable_solution[] = {
	"local_integration", "voluntary_return", "resettlement", NULL
};
