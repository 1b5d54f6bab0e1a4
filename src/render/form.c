/*
 * form: one field of a form, drawn from the same field table that
 * validates the API (domain/forms.c), so the two faces cannot drift.
 * Text inputs carry dir="auto" so that Arabic and other right-to-left
 * values display as typed; an error sits next to its field, named by
 * aria-describedby. Several forms on one page keep their ids apart by
 * a prefix; their field names may carry one too (data.<field>).
 * Countries and a person's languages are chosen by name from selects
 * whose values are the codes the API takes.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

static int	in_list(const char *, const char *);
static void	label(struct kore_buf *, const struct cb_field *,
		    const char *, const char *);
static void	options(struct kore_buf *, const struct cb_field *,
		    const char *, const char *, const char *, const char *);
static void	error(struct kore_buf *, const char *, const char *);
static void	picker(struct kore_buf *, const char *, const char *,
		    const char *, const char *, int, int);
static void	kept(struct kore_buf *, const char *, size_t, int);

/* 1 when item is one of the comma-separated values of list. */
static int
in_list(const char *list, const char *item)
{
	const char	*p, *end;
	size_t		 len;

	if (list == NULL)
		return (0);
	len = strlen(item);
	for (p = list; *p != '\0'; p = (*end == ',') ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == len && memcmp(p, item, len) == 0)
			return (1);
	}
	return (0);
}

static void
label(struct kore_buf *buf, const struct cb_field *f, const char *id,
    const char *key)
{
	kore_buf_appendf(buf, "<label for=\"%s\">", id);
	cb_html_t(buf, key);
	if (f->required == CB_REQ_YES)
		kore_buf_appendf(buf, " *");
	else if (f->required == CB_REQ_CONSENT)
		kore_buf_appendf(buf, " \xE2\x80\xA0");
	kore_buf_appendf(buf, "</label>");
}

/* A picklist: one select, or a group of checkboxes for a MULTI. */
static void
options(struct kore_buf *buf, const struct cb_field *f, const char *id,
    const char *name, const char *val, const char *err)
{
	const char	*short_name;
	char		 key[128];
	size_t		 i;

	short_name = strrchr(f->name, '.');
	short_name = short_name != NULL ? short_name + 1 : f->name;
	if (f->type == CB_F_ENUM) {
		kore_buf_appendf(buf, "<select id=\"%s\" name=\"%s\"%s%s%s%s>"
		    "<option value=\"\"></option>", id, name,
		    f->required == CB_REQ_YES ? " aria-required=\"true\"" : "",
		    err ? " aria-invalid=\"true\" aria-describedby=\"err-" : "",
		    err ? id : "", err ? "\"" : "");
	}
	for (i = 0; f->options != NULL && f->options[i] != NULL; i++) {
		(void)snprintf(key, sizeof(key), "opt.%s.%s", short_name,
		    f->options[i]);
		if (f->type == CB_F_ENUM) {
			kore_buf_appendf(buf, "<option value=\"");
			cb_html_cstr(buf, f->options[i]);
			kore_buf_appendf(buf, "\"%s>", (val != NULL &&
			    strcmp(val, f->options[i]) == 0) ?
			    " selected" : "");
			cb_html_t(buf, key);
			kore_buf_appendf(buf, "</option>");
			continue;
		}
		kore_buf_appendf(buf, "<label class=\"check\"><input "
		    "type=\"checkbox\" id=\"%s-%zu\" name=\"%s\" value=\"",
		    id, i, name);
		cb_html_cstr(buf, f->options[i]);
		kore_buf_appendf(buf, "\"%s> ", in_list(val, f->options[i]) ?
		    " checked" : "");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</label>");
	}
	if (f->type == CB_F_ENUM)
		kore_buf_appendf(buf, "</select>");
}

/* A value that was sent but is no code of the list, kept selected so
 * that the redrawn form shows it beside its error. */
static void
kept(struct kore_buf *buf, const char *v, size_t len, int multi)
{
	if (len == 0 || (multi ? cb_valid_lang(v, len) :
	    cb_valid_country(v, len)))
		return;
	kore_buf_appendf(buf, "<option value=\"");
	cb_html_escape(buf, v, len);
	kore_buf_appendf(buf, "\" selected>");
	cb_html_escape(buf, v, len);
	kore_buf_appendf(buf, "</option>");
}

/* Countries (one) or languages (several, multi) by name. */
static void
picker(struct kore_buf *buf, const char *id, const char *name,
    const char *val, const char *err, int multi, int required)
{
	const char *const	*codes;
	const char		*p, *end;
	int			 on;
	size_t			 i;

	codes = multi ? cb_names_languages() : cb_names_countries();
	kore_buf_appendf(buf, "<select id=\"%s\" name=\"%s\"%s%s%s%s%s>",
	    id, name, multi ? " multiple size=\"8\"" : "",
	    required ? " aria-required=\"true\"" : "",
	    err ? " aria-invalid=\"true\" aria-describedby=\"err-" : "",
	    err ? id : "", err ? "\"" : "");
	if (!multi)
		kore_buf_appendf(buf, "<option value=\"\"></option>");
	for (p = val; p != NULL && *p != '\0'; p = (*end == ',') ? end + 1 :
	    end) {
		if ((end = multi ? strchr(p, ',') : NULL) == NULL)
			end = p + strlen(p);
		kept(buf, p, end - p, multi);
	}
	for (i = 0; codes[i] != NULL; i++) {
		on = multi ? in_list(val, codes[i]) :
		    (val != NULL && strcmp(val, codes[i]) == 0);
		kore_buf_appendf(buf, "<option value=\"");
		cb_html_cstr(buf, codes[i]);
		kore_buf_appendf(buf, "\"%s>", on ? " selected" : "");
		cb_html_cstr(buf, multi ? cb_name_lang(codes[i]) :
		    cb_name_country(codes[i]));
		kore_buf_appendf(buf, "</option>");
	}
	kore_buf_appendf(buf, "</select>");
	if (multi) {
		kore_buf_appendf(buf, "<p class=\"hint\">");
		cb_html_t(buf, "hint.choose_several");
		kore_buf_appendf(buf, "</p>");
	}
}

static void
error(struct kore_buf *buf, const char *id, const char *err)
{
	if (err == NULL)
		return;
	kore_buf_appendf(buf, "<p class=\"error\" id=\"err-%s\">", id);
	cb_html_t(buf, err);
	kore_buf_appendf(buf, "</p>");
}

void
cb_html_field(struct kore_buf *buf, const struct cb_field *f, const char *val,
    const char *err)
{
	cb_html_field_in(buf, f, "", "", val, err);
}

void
cb_html_field_in(struct kore_buf *buf, const struct cb_field *f,
    const char *idprefix, const char *nameprefix, const char *val,
    const char *err)
{
	char		 key[96], id[160], name[160];

	(void)snprintf(key, sizeof(key), "field.%s", f->name);
	(void)snprintf(id, sizeof(id), "%s%s", idprefix, f->name);
	(void)snprintf(name, sizeof(name), "%s%s", nameprefix, f->name);

	kore_buf_appendf(buf, "<div class=\"field%s\">", err ? " invalid" : "");
	switch (f->type) {
	case CB_F_BOOL:
		kore_buf_appendf(buf, "<label class=\"check\"><input "
		    "type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"true\"%s%s"
		    "%s%s> ", id, name,
		    (val != NULL && strcmp(val, "true") == 0) ?
		    " checked" : "",
		    err ? " aria-invalid=\"true\" aria-describedby=\"err-" : "",
		    err ? id : "", err ? "\"" : "");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</label>");
		break;
	case CB_F_ENUM:
		label(buf, f, id, key);
		options(buf, f, id, name, val, err);
		break;
	case CB_F_COUNTRY:
		label(buf, f, id, key);
		picker(buf, id, name, val, err, 0,
		    f->required == CB_REQ_YES);
		break;
	case CB_F_MULTI:
		if (f->options == cb_vocab_languages) {
			label(buf, f, id, key);
			picker(buf, id, name, val, err, 1,
			    f->required == CB_REQ_YES);
			break;
		}
		if (f->options != NULL && f->maxlen <= CB_MULTI_MAX &&
		    f->class != CB_CLASS_E2) {
			kore_buf_appendf(buf, "<fieldset id=\"%s\"%s%s%s>"
			    "<legend>", id, err ? " aria-describedby=\"err-" :
			    "", err ? id : "", err ? "\"" : "");
			cb_html_t(buf, key);
			if (f->required == CB_REQ_YES)
				kore_buf_appendf(buf, " *");
			kore_buf_appendf(buf, "</legend>");
			options(buf, f, id, name, val, err);
			kore_buf_appendf(buf, "</fieldset>");
			break;
		}
		/* FALLTHROUGH */
	default:
		label(buf, f, id, key);
		if (cb_field_multiline(f)) {
			kore_buf_appendf(buf, "<textarea id=\"%s\" name=\"%s\" "
			    "dir=\"auto\" rows=\"4\"", id, name);
		} else {
			kore_buf_appendf(buf, "<input id=\"%s\" name=\"%s\" "
			    "type=\"%s\" dir=\"auto\"", id, name,
			    (f->type == CB_F_DATE || f->type == CB_F_DAY) ?
			    "date" : f->type == CB_F_PHONE ? "tel" : "text");
		}
		if (f->maxlen > 0 && f->type == CB_F_TEXT)
			kore_buf_appendf(buf, " maxlength=\"%zu\"", f->maxlen);
		if (f->type == CB_F_NUMBER)
			kore_buf_appendf(buf, " inputmode=\"decimal\"");
		if (f->required == CB_REQ_YES)
			kore_buf_appendf(buf, " aria-required=\"true\"");
		if (err != NULL)
			kore_buf_appendf(buf, " aria-invalid=\"true\" "
			    "aria-describedby=\"err-%s\"", id);
		if (cb_field_multiline(f)) {
			kore_buf_appendf(buf, ">");
			cb_html_cstr(buf, val != NULL ? val : "");
			kore_buf_appendf(buf, "</textarea>");
		} else {
			kore_buf_appendf(buf, " value=\"");
			cb_html_cstr(buf, val != NULL ? val : "");
			kore_buf_appendf(buf, "\">");
		}
		break;
	}
	error(buf, id, err);
	kore_buf_appendf(buf, "</div>");
}

void
cb_html_fields(struct kore_buf *buf, const struct cb_form *form,
    const struct cb_values *vals, const struct cb_ferrors *fe)
{
	size_t		i;

	for (i = 0; i < form->nfields; i++) {
		cb_html_field(buf, &form->fields[i],
		    vals != NULL ? cb_values_get(vals, form->fields[i].name) :
		    NULL, fe != NULL ?
		    cb_ferrors_get(fe, form->fields[i].name) : NULL);
	}
}
