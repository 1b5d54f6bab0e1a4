/*
 * stats/dims: what statistics can count, one row per dim, in the order
 * the auditor's form offers them. Each names its column in exports: the
 * CTDC / HTCDS name where one exists (yearOfRegistration, gender,
 * ageBroad, citizenship, typeOfExploitation, meansOfControl,
 * CountryOfExploitation), so that the numbers line up with what
 * counter-trafficking programmes report. The vocabularies are the ones
 * the forms and the database's CHECKs use, never retyped here.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/stats.h"
#include "domain/vocab.h"
#include "text/text.h"

const struct cb_stats_dim cb_stats_dims[] = {
	{ "case_type", "caseType", CB_STATS_CODES, cb_opt_case_type,
	    "opt.case_type.", 0 },
	{ "stage", "stage", CB_STATS_CODES, cb_flow_stages, "stage.", 0 },
	{ "year", "yearOfRegistration", CB_STATS_YEAR, NULL, NULL, 0 },
	{ "citizenship", "citizenship", CB_STATS_COUNTRY, NULL, NULL, 0 },
	{ "gender", "gender", CB_STATS_CODES, cb_opt_gender, "opt.gender.",
	    0 },
	{ "age_band", "ageBroad", CB_STATS_CODES, cb_opt_age_band, NULL, 0 },
	{ "destination_country", "destinationCountry", CB_STATS_COUNTRY, NULL,
	    NULL, 0 },
	{ "country_of_exploitation", "CountryOfExploitation",
	    CB_STATS_COUNTRY, NULL, NULL, 0 },
	{ "exploitation_type", "typeOfExploitation", CB_STATS_CODES,
	    cb_opt_exploitation_types, "opt.exploitation_types.", 1 },
	{ "means_of_control", "meansOfControl", CB_STATS_CODES,
	    cb_opt_means_of_control, "opt.means_of_control.", 1 },
	{ "assistance_type", "typeOfAssistance", CB_STATS_CODES,
	    cb_opt_assistance_type, "opt.type.", 1 },
	{ "office", "office", CB_STATS_NAME, NULL, NULL, 0 },
};

const size_t cb_stats_ndims = NITEMS(cb_stats_dims);

static long	code_index(const char *const *, const char *);

const struct cb_stats_dim *
cb_stats_dim(const char *name)
{
	size_t		i;

	if (name == NULL)
		return (NULL);
	for (i = 0; i < NITEMS(cb_stats_dims); i++) {
		if (strcmp(cb_stats_dims[i].name, name) == 0)
			return (&cb_stats_dims[i]);
	}
	return (NULL);
}

static long
code_index(const char *const *options, const char *v)
{
	long		i;

	for (i = 0; options[i] != NULL; i++) {
		if (strcmp(options[i], v) == 0)
			return (i);
	}
	return (-1);
}

int
cb_stats_value_valid(const struct cb_stats_dim *d, const char *v)
{
	size_t		len;
	long		y;

	if (d == NULL || v == NULL || (len = strlen(v)) == 0)
		return (0);
	switch (d->vocab) {
	case CB_STATS_CODES:
		return (code_index(d->options, v) != -1);
	case CB_STATS_COUNTRY:
		return (cb_valid_country(v, len));
	case CB_STATS_YEAR:
		if (len != 4 || strspn(v, "0123456789") != 4)
			return (0);
		y = strtol(v, NULL, 10);
		return (y >= 1900 && y <= 2999);
	case CB_STATS_NAME:
		return (len < CB_STATS_VALUE_MAX && cb_utf8_valid(v, len) &&
		    !cb_utf8_has_controls(v, len) && strchr(v, '\t') == NULL &&
		    strchr(v, '\n') == NULL && strchr(v, '\r') == NULL);
	}
	return (0);
}

int
cb_stats_value_cmp(const struct cb_stats_dim *d, const char *a, const char *b)
{
	long		ia, ib;

	if (a == NULL || b == NULL)
		return ((a == NULL) - (b == NULL));
	if (d->vocab == CB_STATS_CODES) {
		ia = code_index(d->options, a);
		ib = code_index(d->options, b);
		/* A code the vocabulary no longer has goes after it. */
		if (ia == -1 || ib == -1)
			return (ia == ib ? strcmp(a, b) : (ia == -1) - (ib == -1));
		return ((ia > ib) - (ia < ib));
	}
	if (d->vocab == CB_STATS_YEAR && strlen(a) != strlen(b))
		return (strlen(a) < strlen(b) ? -1 : 1);
	return (strcmp(a, b));
}
