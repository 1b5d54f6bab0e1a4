/*
 * profile: the person's own settings page: the interface language.
 */
#include <sys/types.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"

void
cb_render_profile(struct kore_buf *buf, const struct cb_page *pg, int lang)
{
	cb_html_page_begin(buf, pg, "page.profile");
	kore_buf_appendf(buf, "<form method=\"post\" action=\"/profile\" "
	    "class=\"form\">");
	cb_html_hidden(buf, "csrf", pg->csrf);
	kore_buf_appendf(buf, "<div class=\"field\"><label for=\"language\">");
	cb_html_t(buf, "field.ui_language");
	/* Each language is named in itself, so anyone can find theirs. */
	kore_buf_appendf(buf, "</label><select id=\"language\" "
	    "name=\"language\"><option value=\"en\" lang=\"en\"%s>English"
	    "</option><option value=\"bs\" lang=\"bs\"%s>Bosanski</option>"
	    "</select></div><button type=\"submit\">",
	    lang == CB_LANG_EN ? " selected" : "",
	    lang == CB_LANG_BS ? " selected" : "");
	cb_html_t(buf, "action.save");
	kore_buf_appendf(buf, "</button></form>");
	cb_html_page_end(buf);
}
