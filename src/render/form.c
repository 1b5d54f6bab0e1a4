/*
 * form: one field of a form, drawn from the same field table that
 * validates the API (domain/forms.c), so the two faces cannot drift.
 * Text inputs carry dir="auto" so that Arabic and other right-to-left
 * values display as typed; an error sits next to its field.
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

/* Free text that may span lines, kept as typed. */
static void
textarea(struct kore_buf *buf, const struct cb_field *f, const char *val,
    const char *err)
{
	kore_buf_appendf(buf, "<textarea id=\"%s\" name=\"%s\" dir=\"auto\" "
	    "rows=\"4\"", f->name, f->name);
	if (f->maxlen > 0)
		kore_buf_appendf(buf, " maxlength=\"%zu\"", f->maxlen);
	if (err != NULL)
		kore_buf_appendf(buf, " aria-invalid=\"true\" "
		    "aria-describedby=\"err-%s\"", f->name);
	kore_buf_appendf(buf, ">");
	cb_html_cstr(buf, val != NULL ? val : "");
	kore_buf_appendf(buf, "</textarea>");
}

void
cb_html_field(struct kore_buf *buf, const struct cb_field *f, const char *val,
    const char *err)
{
	char		 key[96];
	const char	*short_name;
	size_t		 i;

	short_name = strrchr(f->name, '.');
	short_name = short_name != NULL ? short_name + 1 : f->name;
	(void)snprintf(key, sizeof(key), "field.%s", f->name);

	kore_buf_appendf(buf, "<div class=\"field%s\">", err ? " invalid" : "");
	if (f->type == CB_F_BOOL) {
		kore_buf_appendf(buf, "<label class=\"check\"><input "
		    "type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"true\"%s> ",
		    f->name, f->name,
		    (val != NULL && strcmp(val, "true") == 0) ?
		    " checked" : "");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</label>");
	} else {
		kore_buf_appendf(buf, "<label for=\"%s\">", f->name);
		cb_html_t(buf, key);
		if (f->required == CB_REQ_YES)
			kore_buf_appendf(buf, " *");
		else if (f->required == CB_REQ_CONSENT)
			kore_buf_appendf(buf, " \xE2\x80\xA0");
		kore_buf_appendf(buf, "</label>");
	}

	switch (f->type) {
	case CB_F_BOOL:
		break;
	case CB_F_ENUM:
		kore_buf_appendf(buf, "<select id=\"%s\" name=\"%s\">"
		    "<option value=\"\"></option>", f->name, f->name);
		for (i = 0; f->options != NULL && f->options[i] != NULL; i++) {
			(void)snprintf(key, sizeof(key), "opt.%s.%s",
			    short_name, f->options[i]);
			kore_buf_appendf(buf, "<option value=\"");
			cb_html_cstr(buf, f->options[i]);
			kore_buf_appendf(buf, "\"%s>", (val != NULL &&
			    strcmp(val, f->options[i]) == 0) ?
			    " selected" : "");
			cb_html_t(buf, key);
			kore_buf_appendf(buf, "</option>");
		}
		kore_buf_appendf(buf, "</select>");
		break;
	case CB_F_TEXT:
		if (cb_field_multiline(f)) {
			textarea(buf, f, val, err);
			break;
		}
		/* FALLTHROUGH */
	default:
		kore_buf_appendf(buf, "<input id=\"%s\" name=\"%s\" type=\"%s\""
		    " dir=\"auto\"", f->name, f->name,
		    f->type == CB_F_DATE ? "date" :
		    f->type == CB_F_PHONE ? "tel" : "text");
		if (f->maxlen > 0 && f->type == CB_F_TEXT)
			kore_buf_appendf(buf, " maxlength=\"%zu\"", f->maxlen);
		if (err != NULL)
			kore_buf_appendf(buf, " aria-invalid=\"true\" "
			    "aria-describedby=\"err-%s\"", f->name);
		kore_buf_appendf(buf, " value=\"");
		cb_html_cstr(buf, val != NULL ? val : "");
		kore_buf_appendf(buf, "\">");
		break;
	}
	if (err != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" id=\"err-%s\">",
		    f->name);
		cb_html_t(buf, err);
		kore_buf_appendf(buf, "</p>");
	}
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
