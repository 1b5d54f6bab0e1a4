/*
 * i18n/en_assist: English texts of assistance entries and of the
 * reassignment of a case: their pages, fields, picklists (assistance
 * types, currencies) and errors.
 * Sorted by key (strcmp order): lookup is a binary search, and the unit
 * test fails on a key out of order or in two tables.
 */
#include <sys/types.h>

#include "core/casebook.h"
#include "render/i18n.h"

const struct cb_i18n_entry cb_i18n_en_assist[] = {
	{ "action.add_assistance", "Record assistance" },
	{ "action.reassign", "Reassign" },
	{ "action.save_assistance", "Save" },
	{ "err.amount_large", "Too large (at most 9999999999.99)" },
	{ "err.amount_positive", "Must be more than 0" },
	{ "err.assignee",
	    "Not an enabled caseworker of the case's office" },
	{ "err.case_closed",
	    "The case is closed: nothing can be added to it or changed" },
	{ "err.no_money",
	    "Only cash, in-kind and business start-up grants have an amount "
	    "and a currency" },
	{ "field.amount", "Amount" },
	{ "field.assigned_to", "Assigned to" },
	{ "field.currency", "Currency" },
	{ "field.date", "Date" },
	{ "field.note", "Notes" },
	{ "field.provider", "Provider (organisation)" },
	{ "field.recorded_by", "Recorded by" },
	{ "field.type", "Type of assistance" },
	{ "hint.assistance",
	    "Amount and currency only for cash, in-kind and business "
	    "start-up grants. The provider is an organisation, never a "
	    "person. Notes are encrypted and shown only to the case team." },
	{ "list.assistance_empty", "No assistance recorded yet" },
	{ "list.caseworkers_empty",
	    "Your office has no enabled caseworker to assign the case to" },
	{ "nav.back_to_case", "Back to the case" },
	{ "opt.currency.AFN", "Afghan afghani" },
	{ "opt.currency.BAM", "Convertible mark (Bosnia and Herzegovina)" },
	{ "opt.currency.BDT", "Bangladeshi taka" },
	{ "opt.currency.CHF", "Swiss franc" },
	{ "opt.currency.DZD", "Algerian dinar" },
	{ "opt.currency.EGP", "Egyptian pound" },
	{ "opt.currency.EUR", "Euro" },
	{ "opt.currency.GBP", "Pound sterling" },
	{ "opt.currency.ILS", "Israeli new shekel" },
	{ "opt.currency.IQD", "Iraqi dinar" },
	{ "opt.currency.IRR", "Iranian rial" },
	{ "opt.currency.LYD", "Libyan dinar" },
	{ "opt.currency.MAD", "Moroccan dirham" },
	{ "opt.currency.PKR", "Pakistani rupee" },
	{ "opt.currency.RSD", "Serbian dinar" },
	{ "opt.currency.SOS", "Somali shilling" },
	{ "opt.currency.SYP", "Syrian pound" },
	{ "opt.currency.TND", "Tunisian dinar" },
	{ "opt.currency.TRY", "Turkish lira" },
	{ "opt.currency.USD", "US dollar" },
	{ "opt.type.business_start_up_grant", "Business start-up grant" },
	{ "opt.type.cash_grant", "Cash grant" },
	{ "opt.type.counselling", "Counselling" },
	{ "opt.type.education", "Education" },
	{ "opt.type.escort", "Escort" },
	{ "opt.type.housing", "Housing" },
	{ "opt.type.in_kind_grant", "In-kind grant" },
	{ "opt.type.legal", "Legal assistance" },
	{ "opt.type.medical", "Medical assistance" },
	{ "opt.type.psychosocial", "Psychosocial support" },
	{ "opt.type.reception", "Reception on arrival" },
	{ "opt.type.shelter", "Shelter" },
	{ "opt.type.ticket", "Ticket" },
	{ "opt.type.travel_document", "Travel document" },
	{ "opt.type.vocational_training", "Vocational training" },
	{ "page.assignment", "Reassign the case" },
	{ "page.assistance", "Assistance" },
	{ "page.assistance.new", "Record assistance" },
};

const size_t cb_i18n_en_assist_n = NITEMS(cb_i18n_en_assist);
