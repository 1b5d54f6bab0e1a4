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

/* The languages of the interface. English is the source and the
 * fallback; Bosnian (latinica) comes from src/render/i18n/po/bs.po,
 * compiled at build time into cb_i18n_bs. */
enum cb_lang {
	CB_LANG_EN,
	CB_LANG_BS
};

/* The language cb_t() answers in, for the request being handled (a
 * worker handles one at a time between its event-loop turns; the web
 * layer sets it whenever it is about to render). */
void		 cb_i18n_set(enum cb_lang);
enum cb_lang	 cb_i18n_get(void);
/* "en" | "bs"; and back (also "hr", "sr", "sr-Latn", ... for Bosnian):
 * -1 for a language not offered. */
const char	*cb_lang_code(enum cb_lang);
int		 cb_lang_parse(const char *, size_t);
/* The best offered language of an Accept-Language header (q-values
 * respected), English when none is offered or the header is NULL. */
enum cb_lang	 cb_lang_accept(const char *);

/* Translation of key in the current language, falling back to English;
 * the key itself when it has no entry, so a missing string is visible
 * rather than empty. */
const char	*cb_t(const char *key);
/* 1 when lang has its own text for key (the Bosnian completeness
 * test). */
int		 cb_i18n_has_in(enum cb_lang, const char *key);
int		 cb_i18n_has(const char *key);
/* The English tables, ending with a NULL name (for the tests that keep
 * each table sorted and no key in two of them). */
extern const struct cb_i18n_table	cb_i18n_en[];

/* Generated from po/bs.po (obj/gen/i18n_bs.c), sorted by key. */
extern const struct cb_i18n_entry	cb_i18n_bs[];
extern const size_t			cb_i18n_bs_n;

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
