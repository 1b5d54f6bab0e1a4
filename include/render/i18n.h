/*
 * i18n: every user-visible string goes through cb_t(). The English
 * catalogue is the fallback; another language is another catalogue.
 * A catalogue is a few tables (src/render/i18n/), each sorted by key,
 * so that each part of the application keeps its own texts.
 */
#ifndef CB_I18N_H
#define CB_I18N_H

#include <stddef.h>

struct cb_i18n_entry {
	const char	*key;
	const char	*text;
};

struct cb_i18n_table {
	const char			*name;
	const struct cb_i18n_entry	*entries;
	const size_t			*n;
};

/* Translation of key; the key itself when it has no entry, so a
 * missing string is visible rather than empty. */
const char	*cb_t(const char *key);
int		 cb_i18n_has(const char *key);
/* The English tables, ending with a NULL name (for the tests that keep
 * each table sorted and no key in two of them). */
extern const struct cb_i18n_table	cb_i18n_en[];

extern const struct cb_i18n_entry	cb_i18n_en_ui[];
extern const size_t			cb_i18n_en_ui_n;
extern const struct cb_i18n_entry	cb_i18n_en_flow[];
extern const size_t			cb_i18n_en_flow_n;
extern const struct cb_i18n_entry	cb_i18n_en_opt[];
extern const size_t			cb_i18n_en_opt_n;
extern const struct cb_i18n_entry	cb_i18n_en_assist[];
extern const size_t			cb_i18n_en_assist_n;
extern const struct cb_i18n_entry	cb_i18n_en_survey[];
extern const size_t			cb_i18n_en_survey_n;
extern const struct cb_i18n_entry	cb_i18n_en_refer[];
extern const size_t			cb_i18n_en_refer_n;
extern const struct cb_i18n_entry	cb_i18n_en_partner[];
extern const size_t			cb_i18n_en_partner_n;
extern const struct cb_i18n_entry	cb_i18n_en_home[];
extern const size_t			cb_i18n_en_home_n;
extern const struct cb_i18n_entry	cb_i18n_en_stats[];
extern const size_t			cb_i18n_en_stats_n;
extern const struct cb_i18n_entry	cb_i18n_en_countries[];
extern const size_t			cb_i18n_en_countries_n;
extern const struct cb_i18n_entry	cb_i18n_en_languages[];
extern const size_t			cb_i18n_en_languages_n;

#endif
