/*
 * case_list: the list of cases with its filters, and the search form
 * with its results.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/forms.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

void
cb_html_case_rows(struct kore_buf *buf, const struct cb_case *cs, size_t n)
{
	char		key[96];
	size_t		i;

	kore_buf_appendf(buf, "<table class=\"cases\"><thead><tr><th>");
	cb_html_t(buf, "field.id");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.case_type");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.stage");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.state");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.office");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.created_at");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(buf, "<tr><td><a href=\"/cases/%s\">%.8s"
		    "</a></td><td>", cs[i].id, cs[i].id);
		cb_html_cstr(buf, cs[i].case_type);
		kore_buf_appendf(buf, "</td><td>");
		(void)snprintf(key, sizeof(key), "stage.%s", cs[i].stage);
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</td><td>");
		(void)snprintf(key, sizeof(key), "state.%s", cs[i].state);
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</td><td>");
		cb_html_cstr(buf, cs[i].office);
		kore_buf_appendf(buf, "</td><td>");
		cb_html_cstr(buf, cs[i].created_at);
		kore_buf_appendf(buf, "</td></tr>");
	}
	kore_buf_appendf(buf, "</tbody></table>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.empty");
		kore_buf_appendf(buf, "</p>");
	}
}

void
cb_render_case_list(struct kore_buf *buf, const struct cb_page *pg,
    const char *title, const struct cb_case *cs, size_t n,
    const char *next_query)
{
	cb_html_page_begin(buf, pg, title);
	kore_buf_appendf(buf, "<form method=\"get\" action=\"/cases\" "
	    "class=\"filters\"><label for=\"case_type\">");
	cb_html_t(buf, "field.case_type");
	kore_buf_appendf(buf, "</label><select id=\"case_type\" "
	    "name=\"case_type\"><option value=\"\"></option>"
	    "<option value=\"AVRR\">AVRR</option>"
	    "<option value=\"CT\">CT</option></select>"
	    "<label for=\"stage\">");
	cb_html_t(buf, "field.stage");
	kore_buf_appendf(buf, "</label><select id=\"stage\" name=\"stage\">"
	    "<option value=\"\"></option>");
	kore_buf_appendf(buf, "<option value=\"intake\">%s</option>",
	    cb_t("stage.intake"));
	kore_buf_appendf(buf, "<option value=\"screening\">%s</option>",
	    cb_t("stage.screening"));
	kore_buf_appendf(buf, "<option value=\"closed\">%s</option>",
	    cb_t("stage.closed"));
	kore_buf_appendf(buf, "</select><button type=\"submit\">");
	cb_html_t(buf, "action.filter");
	kore_buf_appendf(buf, "</button></form>");
	cb_html_case_rows(buf, cs, n);
	if (next_query != NULL) {
		kore_buf_appendf(buf, "<p><a rel=\"next\" href=\"/cases?");
		cb_html_cstr(buf, next_query);
		kore_buf_appendf(buf, "\">");
		cb_html_t(buf, "list.next");
		kore_buf_appendf(buf, "</a></p>");
	}
	cb_html_page_end(buf);
}

void
cb_render_search(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_kvlist_view *in, const struct cb_ferrors *fe,
    const struct cb_case *cs, size_t n, int searched)
{
	static const struct {
		const char	*name;
		const char	*type;
	} fields[] = {
		{ "document_number", "text" },
		{ "given_name", "text" },
		{ "family_name", "text" },
		{ "date_of_birth", "date" },
	};
	const char	*vals[4], *err;
	char		 key[64];
	size_t		 i;

	vals[0] = in ? in->document_number : NULL;
	vals[1] = in ? in->given_name : NULL;
	vals[2] = in ? in->family_name : NULL;
	vals[3] = in ? in->date_of_birth : NULL;

	cb_html_page_begin(buf, pg, "page.search");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.search");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/search\" "
	    "class=\"form\" novalidate>");
	cb_html_hidden(buf, "csrf", pg->csrf);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		(void)snprintf(key, sizeof(key), "field.person.%s",
		    fields[i].name);
		err = fe ? cb_ferrors_get(fe, fields[i].name) : NULL;
		kore_buf_appendf(buf, "<div class=\"field\"><label for=\"%s\">",
		    fields[i].name);
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</label><input id=\"%s\" name=\"%s\" "
		    "type=\"%s\" dir=\"auto\" autocomplete=\"off\" value=\"",
		    fields[i].name, fields[i].name, fields[i].type);
		cb_html_cstr(buf, vals[i] != NULL ? vals[i] : "");
		kore_buf_appendf(buf, "\">");
		if (err != NULL) {
			kore_buf_appendf(buf, "<p class=\"error\" "
			    "id=\"err-%s\">", fields[i].name);
			cb_html_t(buf, err);
			kore_buf_appendf(buf, "</p>");
		}
		kore_buf_appendf(buf, "</div>");
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.search");
	kore_buf_appendf(buf, "</button></form>");
	if (searched) {
		kore_buf_appendf(buf, "<h2>");
		cb_html_t(buf, "page.search.results");
		kore_buf_appendf(buf, "</h2>");
		cb_html_case_rows(buf, cs, n);
	}
	cb_html_page_end(buf);
}
