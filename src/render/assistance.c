/*
 * render/assistance: a case's assistance entries as JSON, as the case
 * page's section (also a page of its own), and the entry form drawn
 * from the field table of domain/assistance.c.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/forms.h"
#include "render/assistance.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/json.h"
#include "text/text.h"

static void	th(struct kore_buf *, const char *);
static void	td(struct kore_buf *, const char *, const char *);
static void	amount_cell(struct kore_buf *, const struct cb_assistance *);

void
cb_render_assistance_json(struct kore_buf *buf, const char *case_id,
    const struct cb_assistance *e)
{
	kore_buf_appendf(buf, "{\"id\":");
	cb_json_cstr(buf, e->id);
	cb_json_member(buf, "case_id", case_id);
	cb_json_member(buf, "type", e->type);
	cb_json_member(buf, "date", e->date);
	/* A number, as it was sent; only digits and a point get here. */
	if (e->amount[0] != '\0' &&
	    strspn(e->amount, "0123456789.") == strlen(e->amount))
		kore_buf_appendf(buf, ",\"amount\":%s", e->amount);
	else
		kore_buf_appendf(buf, ",\"amount\":null");
	cb_json_member(buf, "currency", e->currency);
	cb_json_member(buf, "amount_band", e->band);
	cb_json_member(buf, "provider", e->provider);
	cb_json_member(buf, "note", e->note);
	cb_json_member(buf, "created_by", e->created_by);
	cb_json_member(buf, "created_at", e->created_at);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_assistance_list_json(struct kore_buf *buf, const char *case_id,
    const struct cb_assistance *items, size_t n, const char *next)
{
	size_t		i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_render_assistance_json(buf, case_id, &items[i]);
	}
	kore_buf_append(buf, "]", 1);
	cb_json_member(buf, "next_cursor", next);
	kore_buf_append(buf, "}", 1);
}

static void
th(struct kore_buf *buf, const char *key)
{
	kore_buf_appendf(buf, "<th>");
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "</th>");
}

static void
td(struct kore_buf *buf, const char *field, const char *val)
{
	kore_buf_appendf(buf, "<td dir=\"auto\" data-field=\"%s\">", field);
	if (val != NULL && *val != '\0')
		cb_html_cstr(buf, val);
	else
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	kore_buf_appendf(buf, "</td>");
}

/* "150.00 EUR", the currency's name on the code. */
static void
amount_cell(struct kore_buf *buf, const struct cb_assistance *e)
{
	char	key[32];

	kore_buf_appendf(buf, "<td class=\"amount\" data-field=\"amount\">");
	if (e->amount[0] == '\0') {
		kore_buf_appendf(buf, "<span class=\"none\">-</span></td>");
		return;
	}
	cb_html_cstr(buf, e->amount);
	(void)snprintf(key, sizeof(key), "opt.currency.%s", e->currency);
	kore_buf_appendf(buf, " <abbr title=\"");
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "\">");
	cb_html_cstr(buf, e->currency);
	kore_buf_appendf(buf, "</abbr></td>");
}

void
cb_render_assistance_section(struct kore_buf *buf, const char *case_id,
    const struct cb_assistance *items, size_t n, const char *next,
    int can_add)
{
	char		 key[64];
	size_t		 i;

	kore_buf_appendf(buf, "<section id=\"assistance\"><h2>");
	cb_html_t(buf, "page.assistance");
	kore_buf_appendf(buf, "</h2>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.assistance_empty");
		kore_buf_appendf(buf, "</p>");
	} else {
		kore_buf_appendf(buf, "<table class=\"assistance\"><thead>"
		    "<tr>");
		th(buf, "field.date");
		th(buf, "field.type");
		th(buf, "field.amount");
		th(buf, "field.provider");
		th(buf, "field.note");
		th(buf, "field.recorded_by");
		kore_buf_appendf(buf, "</tr></thead><tbody>");
		for (i = 0; i < n; i++) {
			kore_buf_appendf(buf, "<tr data-entry=\"%s\">",
			    items[i].id);
			td(buf, "date", items[i].date);
			(void)snprintf(key, sizeof(key), "opt.type.%s",
			    items[i].type);
			td(buf, "type", cb_t(key));
			amount_cell(buf, &items[i]);
			td(buf, "provider", items[i].provider);
			kore_buf_appendf(buf, "<td dir=\"auto\" class=\"note\" "
			    "data-field=\"note\">");
			if (items[i].note != NULL)
				cb_html_cstr(buf, items[i].note);
			kore_buf_appendf(buf, "</td>");
			td(buf, "created_by", items[i].created_by_name);
			kore_buf_appendf(buf, "</tr>");
		}
		kore_buf_appendf(buf, "</tbody></table>");
	}
	if (next != NULL) {
		kore_buf_appendf(buf, "<p><a href=\"/cases/%s/assistance?"
		    "cursor=", case_id);
		cb_html_cstr(buf, next);
		kore_buf_appendf(buf, "\">");
		cb_html_t(buf, "list.next");
		kore_buf_appendf(buf, "</a></p>");
	}
	if (can_add) {
		kore_buf_appendf(buf, "<p><a class=\"action\" href=\"/cases/%s/"
		    "assistance/new\">", case_id);
		cb_html_t(buf, "action.add_assistance");
		kore_buf_appendf(buf, "</a></p>");
	}
	kore_buf_appendf(buf, "</section>");
}

void
cb_render_assistance_page(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const struct cb_assistance *items, size_t n,
    const char *next, int can_add)
{
	cb_html_page_begin(buf, pg, "page.assistance");
	kore_buf_appendf(buf, "<p><a href=\"/cases/%s\">", case_id);
	cb_html_t(buf, "nav.back_to_case");
	kore_buf_appendf(buf, "</a></p>");
	cb_render_assistance_section(buf, case_id, items, n, next, can_add);
	cb_html_page_end(buf);
}

void
cb_render_assistance_form(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const char *form_token,
    const struct cb_values *vals, const struct cb_ferrors *fe)
{
	const struct cb_form	*form;

	form = &cb_form_assistance;
	cb_html_page_begin(buf, pg, "page.assistance.new");
	if (fe != NULL && fe->n > 0) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, "err.form_has_errors");
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.assistance");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/%s/"
	    "assistance/new\" class=\"form\" novalidate>", case_id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "form_token", form_token);
	cb_html_fields(buf, form, vals, fe);
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.save_assistance");
	kore_buf_appendf(buf, "</button></form><p><a href=\"/cases/%s\">",
	    case_id);
	cb_html_t(buf, "nav.back_to_case");
	kore_buf_appendf(buf, "</a></p>");
	cb_html_page_end(buf);
}
