/*
 * case_list: the list of cases with its filters, and the search form
 * with its results. A row shows the person's name only where the
 * caller may see it, and labels and readable dates, never raw codes.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/listing.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

/* The person's name, where the caller may see it. */
static void
person_name(struct kore_buf *buf, const struct cb_case *c)
{
	const char	*g, *f;

	g = c->person_visible ? c->plain[CB_SC_GIVEN_NAME] : NULL;
	f = c->person_visible ? c->plain[CB_SC_FAMILY_NAME] : NULL;
	if ((g == NULL || *g == '\0') && (f == NULL || *f == '\0')) {
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
		return;
	}
	kore_buf_appendf(buf, "<bdi>");
	cb_html_cstr(buf, g != NULL ? g : "");
	kore_buf_appendf(buf, "</bdi> <bdi>");
	cb_html_cstr(buf, f != NULL ? f : "");
	kore_buf_appendf(buf, "</bdi>");
}

static void
th(struct kore_buf *buf, const char *key)
{
	kore_buf_appendf(buf, "<th scope=\"col\">");
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "</th>");
}

static void
labelled(struct kore_buf *buf, const char *kind, const char *code)
{
	char	key[96];

	(void)snprintf(key, sizeof(key), "%s.%s", kind, code);
	cb_html_t(buf, key);
}

void
cb_html_case_rows(struct kore_buf *buf, const struct cb_case *cs, size_t n)
{
	size_t		i;

	kore_buf_appendf(buf, "<table class=\"cases\"><thead><tr>");
	th(buf, "field.id");
	th(buf, "list.person");
	th(buf, "field.case_type");
	th(buf, "field.stage");
	th(buf, "field.state");
	th(buf, "list.assignee");
	th(buf, "field.updated_at");
	kore_buf_appendf(buf, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(buf, "<tr><td><a href=\"/cases/%s\">%.8s"
		    "</a></td><td data-field=\"person\">", cs[i].id,
		    cs[i].id);
		person_name(buf, &cs[i]);
		kore_buf_appendf(buf, "</td><td data-field=\"case_type\">");
		labelled(buf, "opt.case_type", cs[i].case_type);
		kore_buf_appendf(buf, "</td><td data-field=\"stage\">");
		labelled(buf, "stage", cs[i].stage);
		kore_buf_appendf(buf, "</td><td data-field=\"state\">");
		labelled(buf, "state", cs[i].state);
		kore_buf_appendf(buf, "</td><td data-field=\"assignee\">");
		if (cs[i].assigned_name[0] != '\0')
			cb_html_cstr(buf, cs[i].assigned_name);
		else
			kore_buf_appendf(buf, "<span class=\"none\">-</span>");
		kore_buf_appendf(buf, "</td><td data-field=\"updated_at\">");
		cb_html_when(buf, cs[i].updated_at);
		kore_buf_appendf(buf, "</td></tr>");
	}
	kore_buf_appendf(buf, "</tbody></table>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.empty");
		kore_buf_appendf(buf, "</p>");
	}
}

/* One option of a filter: its code as value, its label as text. */
static void
option(struct kore_buf *buf, const char *value, const char *kind,
    const char *chosen)
{
	kore_buf_appendf(buf, "<option value=\"");
	cb_html_cstr(buf, value);
	kore_buf_appendf(buf, "\"%s>", chosen != NULL &&
	    strcmp(chosen, value) == 0 ? " selected" : "");
	if (kind != NULL)
		labelled(buf, kind, value);
	else
		cb_html_cstr(buf, value);
	kore_buf_appendf(buf, "</option>");
}

static void
select_begin(struct kore_buf *buf, const char *name, const char *labelkey,
    const char *anykey)
{
	kore_buf_appendf(buf, "<div class=\"field\"><label for=\"f-%s\">",
	    name);
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, "</label><select id=\"f-%s\" name=\"%s\">"
	    "<option value=\"\">", name, name);
	cb_html_t(buf, anykey);
	kore_buf_appendf(buf, "</option>");
}

static void
select_end(struct kore_buf *buf)
{
	kore_buf_appendf(buf, "</select></div>");
}

/* Type, stage (all six), state (both machines), and the assignee: the
 * caller, or for a supervisor any caseworker of the office. */
static void
filters(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case_list_view *v)
{
	const char	*states[CB_LIST_STATES_MAX];
	const char	*me;
	size_t		 i, n;

	kore_buf_appendf(buf, "<form method=\"get\" action=\"/cases\" "
	    "class=\"filters\">");
	select_begin(buf, "case_type", "field.case_type", "list.any");
	for (i = 0; cb_opt_case_type[i] != NULL; i++)
		option(buf, cb_opt_case_type[i], "opt.case_type",
		    v->case_type);
	select_end(buf);
	select_begin(buf, "stage", "field.stage", "list.any");
	for (i = 0; cb_flow_stages[i] != NULL; i++)
		option(buf, cb_flow_stages[i], "stage", v->stage);
	select_end(buf);
	select_begin(buf, "state", "field.state", "list.any");
	n = cb_list_states(states, NITEMS(states));
	for (i = 0; i < n; i++)
		option(buf, states[i], "state", v->state);
	select_end(buf);
	select_begin(buf, "assigned_to", "list.assignee", "list.anyone");
	me = v->assignee;
	if (me != NULL && pg->actor != NULL &&
	    strcmp(me, pg->actor->user_id) == 0)
		me = "me";
	kore_buf_appendf(buf, "<option value=\"me\"%s>",
	    me != NULL && strcmp(me, "me") == 0 ? " selected" : "");
	cb_html_t(buf, "list.me");
	kore_buf_appendf(buf, "</option>");
	for (i = 0; i < v->nstaff; i++) {
		if (pg->actor != NULL &&
		    strcmp(v->staff[i].id, pg->actor->user_id) == 0)
			continue;
		kore_buf_appendf(buf, "<option value=\"");
		cb_html_cstr(buf, v->staff[i].id);
		kore_buf_appendf(buf, "\"%s>", me != NULL &&
		    strcmp(me, v->staff[i].id) == 0 ? " selected" : "");
		cb_html_cstr(buf, v->staff[i].username);
		kore_buf_appendf(buf, "</option>");
	}
	select_end(buf);
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.filter");
	kore_buf_appendf(buf, "</button><a href=\"/cases\">");
	cb_html_t(buf, "list.clear");
	kore_buf_appendf(buf, "</a></form>");
}

void
cb_render_case_list(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case_list_view *v)
{
	cb_html_page_begin(buf, pg, "page.cases");
	filters(buf, pg, v);
	cb_html_case_rows(buf, v->items, v->n);
	if (v->next_query != NULL) {
		kore_buf_appendf(buf, "<p><a rel=\"next\" href=\"/cases?");
		cb_html_cstr(buf, v->next_query);
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
