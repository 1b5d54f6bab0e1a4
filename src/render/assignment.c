/*
 * render/assignment: the answer to a reassignment and the form a
 * supervisor reassigns a case with (a select of the office's
 * caseworkers by username).
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assignment.h"
#include "render/assistance.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/json.h"
#include "text/text.h"

void
cb_render_assignment_json(struct kore_buf *buf, const char *case_id,
    const char *assigned_to, int version)
{
	kore_buf_appendf(buf, "{\"id\":");
	cb_json_cstr(buf, case_id);
	kore_buf_appendf(buf, ",\"assigned_to\":");
	cb_json_cstr(buf, assigned_to);
	kore_buf_appendf(buf, ",\"version\":%d}", version);
}

void
cb_render_assignment_form(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, int version, const char *assigned_to,
    const struct cb_user_ref *users, size_t n)
{
	char		ver[16];
	size_t		i;

	kore_buf_appendf(buf, "<form method=\"post\" action=\"/cases/%s/"
	    "assignment\" class=\"form assignment\">", case_id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	(void)snprintf(ver, sizeof(ver), "%d", version);
	cb_html_hidden(buf, "version", ver);
	kore_buf_appendf(buf, "<label for=\"assigned_to\">");
	cb_html_t(buf, "field.assigned_to");
	kore_buf_appendf(buf, "</label><select id=\"assigned_to\" "
	    "name=\"assigned_to\">");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(buf, "<option value=\"");
		cb_html_cstr(buf, users[i].id);
		kore_buf_appendf(buf, "\"%s>", assigned_to != NULL &&
		    strcmp(assigned_to, users[i].id) == 0 ? " selected" : "");
		cb_html_cstr(buf, users[i].username);
		kore_buf_appendf(buf, "</option>");
	}
	kore_buf_appendf(buf, "</select><button type=\"submit\">");
	cb_html_t(buf, "action.reassign");
	kore_buf_appendf(buf, "</button></form>");
}

void
cb_render_assignment_page(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, int version, const char *assigned_to,
    const struct cb_user_ref *users, size_t n)
{
	cb_html_page_begin(buf, pg, "page.assignment");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.caseworkers_empty");
		kore_buf_appendf(buf, "</p>");
	} else {
		cb_render_assignment_form(buf, pg, case_id, version,
		    assigned_to, users, n);
	}
	kore_buf_appendf(buf, "<p><a href=\"/cases/%s\">", case_id);
	cb_html_t(buf, "nav.back_to_case");
	kore_buf_appendf(buf, "</a></p>");
	cb_html_page_end(buf);
}
