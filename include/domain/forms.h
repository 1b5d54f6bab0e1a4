/*
 * forms: field definitions as data. One table per form drives both the
 * HTML renderer and the API validator, so the two faces cannot drift.
 */
#ifndef CB_FORMS_H
#define CB_FORMS_H

#include <stddef.h>

struct cb_json;
struct cb_kvlist;

enum cb_ftype {
	CB_F_TEXT,
	CB_F_DATE,	/* YYYY-MM-DD, a real calendar day, not in future */
	CB_F_ENUM,	/* one of options */
	CB_F_MULTI,	/* list of options / codes */
	CB_F_BOOL,
	CB_F_NUMBER,
	CB_F_COUNTRY,	/* ISO 3166-1 alpha-2, upper case */
	CB_F_PHONE,	/* E.164: ^\+?[1-9][0-9]{1,14}$ */
	CB_F_DAY	/* YYYY-MM-DD, any real day (a planned date) */
};

enum cb_fclass {
	CB_CLASS_E1,	/* identifier: encrypted, blind-indexed if needed */
	CB_CLASS_E2,	/* sensitive: encrypted */
	CB_CLASS_Q,	/* category code: plain, aggregate only */
	CB_CLASS_P	/* process data: plain */
};

/* When a field must be present. */
enum cb_freq {
	CB_REQ_NO,
	CB_REQ_YES,
	CB_REQ_CONSENT		/* required when consent_data_processing */
};

struct cb_field {
	const char		*name;		/* API path: "person.phone" */
	enum cb_ftype		 type;
	enum cb_fclass		 class;
	enum cb_freq		 required;
	size_t			 maxlen;	/* code points (text) / items */
	const char *const	*options;	/* NULL-terminated picklist */
	int			 personal;	/* needs consent to be stored */
};

struct cb_form {
	const char		*name;
	const struct cb_field	*fields;
	size_t			 nfields;
};

#define CB_FORM_MAX		32
#define CB_MULTI_MAX		16

/* Validated values; text values are NUL-terminated kore_malloc'ed
 * copies, MULTI values are joined with ','. BOOL is "true"/"false". */
struct cb_values {
	const struct cb_form	*form;
	char			*v[CB_FORM_MAX];
	size_t			 len[CB_FORM_MAX];
};

#define CB_FNAME_MAX		64

/* Field errors: msg is an i18n key ("err.required", ...). field[i]
 * points into name[i], a copy (cut at CB_FNAME_MAX - 1 bytes on a
 * UTF-8 boundary), so an unknown name from the input stays valid
 * after the input is freed; do not copy the struct by value. */
struct cb_ferrors {
	size_t		 n;
	const char	*field[CB_FORM_MAX + 1];
	const char	*msg[CB_FORM_MAX + 1];
	char		 name[CB_FORM_MAX + 1][CB_FNAME_MAX];
};

extern const struct cb_form	cb_form_intake;
extern const char *const	cb_opt_case_type[];
extern const char *const	cb_opt_gender[];
/* The CTDC age bands, "0-8" ... "48+", in order. */
extern const char *const	cb_opt_age_band[];
/* ISO 3166-1 alpha-2 codes and XK, sorted, NULL-terminated
 * (vocab/countries.c). */
extern const char *const	cb_vocab_countries[];
/* ISO 639 codes, sorted, NULL-terminated (vocab/languages.c). */
extern const char *const	cb_vocab_languages[];

/* Extract and validate. Unknown members / names are errors (named in
 * ferrors). Returns 0 when valid, -1 otherwise; values keep whatever
 * input was given (also invalid input) so a form can be redrawn.
 * Both structs are (re)initialised: clear values before reusing them. */
int	cb_form_from_json(const struct cb_form *, const struct cb_json *,
	    struct cb_values *, struct cb_ferrors *);
int	cb_form_from_kv(const struct cb_form *, const struct cb_kvlist *,
	    struct cb_values *, struct cb_ferrors *);
/* Wipes (sodium_memzero) and frees every value. */
void	cb_values_clear(struct cb_values *);
/* Index of a field by name, or -1. */
int	cb_form_index(const struct cb_form *, const char *);
const char *cb_values_get(const struct cb_values *, const char *);
/* The field's error message key, or NULL. */
const char *cb_ferrors_get(const struct cb_ferrors *, const char *);
void	cb_ferrors_add(struct cb_ferrors *, const char *, const char *);

/* 1 when a TEXT field may span lines (a textarea), else 0: the ones
 * named so, and sensitive free text of 1000 characters or more. */
int	cb_field_multiline(const struct cb_field *);

/* Helpers shared with other validators. */
/* A real calendar day YYYY-MM-DD from 1900 on (y, m, d may be NULL);
 * the not-in-future rule of DATE fields is applied by the forms. */
int	cb_valid_date(const char *, size_t, int *y, int *m, int *d);
int	cb_valid_country(const char *, size_t);
int	cb_valid_phone(const char *, size_t);
int	cb_valid_lang(const char *, size_t);
/* CTDC age band ("0-8" ... "48+") for a birth date on a given day. */
const char *cb_age_band(int by, int bm, int bd, int y, int m, int d);

#endif
