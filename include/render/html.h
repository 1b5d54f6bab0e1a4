/*
 * render/html: the pieces the page renderers share. Every string a
 * person sees goes through cb_t() (cb_html_t) and every value through
 * an escaper.
 */
#ifndef CB_RENDER_HTML_H
#define CB_RENDER_HTML_H

struct kore_buf;
struct cb_page;
struct cb_field;
struct cb_form;
struct cb_values;
struct cb_ferrors;
struct cb_case;

/* The translation of key, escaped. */
void	cb_html_t(struct kore_buf *, const char *key);
void	cb_html_hidden(struct kore_buf *, const char *name,
	    const char *value);
/* The document head, the bar (navigation, who is logged in, Log out)
 * and the <h1> of title (an i18n key); pg may be NULL. */
void	cb_html_page_begin(struct kore_buf *, const struct cb_page *,
	    const char *title);
void	cb_html_page_end(struct kore_buf *);
/* <dt>label</dt><dd data-field=field>value or "-"</dd> */
void	cb_html_dd(struct kore_buf *, const char *field,
	    const char *labelkey, const char *val);
/* One form field with its label, value and error (i18n key or NULL). */
void	cb_html_field(struct kore_buf *, const struct cb_field *,
	    const char *val, const char *err);
/* The same with a prefix for its id (several forms on one page) and
 * one for its name (data.<field> on the transition forms). */
void	cb_html_field_in(struct kore_buf *, const struct cb_field *,
	    const char *idprefix, const char *nameprefix, const char *val,
	    const char *err);
/* A timestamp (RFC 3339 UTC) in words, in a <time> element. */
void	cb_html_when(struct kore_buf *, const char *);
/* The label of a fact's value: picklist labels, yes/no, else as is. */
void	cb_html_fact(struct kore_buf *, const char *name, const char *val);
/* Every field of form, with the values and errors given (or NULL). */
void	cb_html_fields(struct kore_buf *, const struct cb_form *,
	    const struct cb_values *, const struct cb_ferrors *);
void	cb_html_case_rows(struct kore_buf *, const struct cb_case *,
	    size_t);

/* Codes as names (render/names.c). */
#define CB_NAMES_MAX	512
/* The name of a country / language code; the code itself when it has
 * none, "" for NULL. */
const char	*cb_name_country(const char *);
const char	*cb_name_lang(const char *);
/* Every code of the vocabulary, sorted by name, NULL-terminated. */
const char *const *cb_names_countries(void);
const char *const *cb_names_languages(void);
/* Orders names ignoring case and Latin accents (strcmp on a tie). */
int	cb_names_cmp(const char *, const char *);
/* The comma-separated codes of csv by name, escaped and joined by ", ";
 * prefix is "country." or "lang.". */
void	cb_html_names(struct kore_buf *, const char *prefix,
	    const char *csv);
/* <dt>label</dt><dd data-field=field>the names or "-"</dd> */
void	cb_html_dd_names(struct kore_buf *, const char *field,
	    const char *labelkey, const char *prefix, const char *csv);

#endif
