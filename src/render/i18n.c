/*
 * i18n: lookup in the English catalogue, which is also the fallback for
 * every other language. Keys are "<kind>.<name>": err.* field errors of
 * the forms, field.* form labels (dotted API names), opt.<field>.<code>
 * picklist labels (the field's last name component), stage.*, state.*,
 * htcds.*, role.* and guard.* (why a transition is refused), country.XX
 * and lang.xxx (the names of the vocabulary's codes).
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "render/i18n.h"

static int	cmp(const void *, const void *);
static const struct cb_i18n_entry *find(const char *);

const struct cb_i18n_table cb_i18n_en[] = {
	{ "ui", cb_i18n_en_ui, &cb_i18n_en_ui_n },
	{ "flow", cb_i18n_en_flow, &cb_i18n_en_flow_n },
	{ "opt", cb_i18n_en_opt, &cb_i18n_en_opt_n },
	{ "assist", cb_i18n_en_assist, &cb_i18n_en_assist_n },
	{ "survey", cb_i18n_en_survey, &cb_i18n_en_survey_n },
	{ "refer", cb_i18n_en_refer, &cb_i18n_en_refer_n },
	{ "partner", cb_i18n_en_partner, &cb_i18n_en_partner_n },
	{ "home", cb_i18n_en_home, &cb_i18n_en_home_n },
	{ "stats", cb_i18n_en_stats, &cb_i18n_en_stats_n },
	{ "countries", cb_i18n_en_countries, &cb_i18n_en_countries_n },
	{ "languages", cb_i18n_en_languages, &cb_i18n_en_languages_n },
	{ NULL, NULL, NULL }
};

static const struct cb_i18n_entry *
find(const char *key)
{
	const struct cb_i18n_entry	*e;
	size_t				 i;

	if (key == NULL)
		return (NULL);
	for (i = 0; cb_i18n_en[i].name != NULL; i++) {
		e = bsearch(key, cb_i18n_en[i].entries, *cb_i18n_en[i].n,
		    sizeof(*e), cmp);
		if (e != NULL)
			return (e);
	}
	return (NULL);
}

const char *
cb_t(const char *key)
{
	const struct cb_i18n_entry	*e;

	if (key == NULL)
		return ("");
	e = find(key);
	return (e != NULL ? e->text : key);
}

int
cb_i18n_has(const char *key)
{
	return (find(key) != NULL);
}

static int
cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct cb_i18n_entry *)elem)->key));
}
