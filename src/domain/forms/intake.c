/*
 * intake: the registration form of a person and their first case, as
 * one field table that both the API and the page are validated and
 * drawn from. Which class a field has decides where it is stored.
 */
#include <sys/types.h>

#include "core/casebook.h"
#include "domain/forms.h"

#define CONSENT_FIELD	"consent_data_processing"

const char *const cb_opt_case_type[] = {
	"AVRR",
	"CT",
	NULL
};

/* HTCDS v1.0 gender picklist, verbatim. */
const char *const cb_opt_gender[] = {
	"Feminine",
	"Masculine",
	"TransgenderFeminine",
	"TransgenderMasculine",
	"NonConforming",
	"NonSpecifiedUnknown",
	NULL
};

static const struct cb_field intake_fields[] = {
	{ "case_type", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_case_type, 0 },
	{ CONSENT_FIELD, CB_F_BOOL, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "person.given_name", CB_F_TEXT, CB_CLASS_E1, CB_REQ_CONSENT, 100,
	    NULL, 1 },
	{ "person.family_name", CB_F_TEXT, CB_CLASS_E1, CB_REQ_CONSENT, 100,
	    NULL, 1 },
	{ "person.name_original_script", CB_F_TEXT, CB_CLASS_E1, CB_REQ_NO,
	    200, NULL, 1 },
	{ "person.date_of_birth", CB_F_DATE, CB_CLASS_E1, CB_REQ_NO, 0,
	    NULL, 1 },
	{ "person.gender", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0,
	    cb_opt_gender, 1 },
	{ "person.citizenship", CB_F_COUNTRY, CB_CLASS_Q, CB_REQ_CONSENT, 0,
	    NULL, 1 },
	{ "person.phone", CB_F_PHONE, CB_CLASS_E1, CB_REQ_NO, 0, NULL, 1 },
	{ "person.document_number", CB_F_TEXT, CB_CLASS_E1, CB_REQ_NO, 50,
	    NULL, 1 },
	/* E2: a language can reveal ethnicity (Hazaragi, Kurmanji). */
	{ "person.languages", CB_F_MULTI, CB_CLASS_E2, CB_REQ_NO,
	    CB_MULTI_MAX, cb_vocab_languages, 1 },
	{ "office", CB_F_TEXT, CB_CLASS_P, CB_REQ_NO, 64, NULL, 0 },
	{ "location", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, 200, NULL, 1 },
};

const struct cb_form cb_form_intake = {
	"intake", intake_fields, NITEMS(intake_fields)
};
