/*
 * intake_page: the registration form, kept with its input and errors
 * when it is shown again.
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

void
cb_render_intake(struct kore_buf *buf, const struct cb_page *pg,
    const char *form_token, const struct cb_values *vals,
    const struct cb_ferrors *fe)
{
	const struct cb_form	*form;

	form = &cb_form_intake;
	cb_html_page_begin(buf, pg, "page.intake");
	if (fe != NULL && fe->n > 0) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, "err.form_has_errors");
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.intake");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/new\""
	    " class=\"form\" novalidate>");
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "form_token", form_token);
	cb_html_fields(buf, form, vals, fe);
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.register");
	kore_buf_appendf(buf, "</button></form>");
	cb_html_page_end(buf);
}
