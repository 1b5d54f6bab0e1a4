/*
 * render_html: the pages. The intake form is drawn from the same field
 * table that validates the API (forms.c), so the two cannot drift.
 * Every value is escaped; text inputs carry dir="auto" so Arabic and
 * other right-to-left names display as typed.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

static void	page_begin(struct kore_buf *, const struct cb_page *,
		    const char *);
static void	page_end(struct kore_buf *);
static void	t(struct kore_buf *, const char *);
static void	field_input(struct kore_buf *, const struct cb_field *,
		    const char *, const char *);
static void	dd(struct kore_buf *, const char *, const char *,
		    const char *);
static void	case_rows(struct kore_buf *, const struct cb_case *, size_t);
static void	hidden(struct kore_buf *, const char *, const char *);

static void
t(struct kore_buf *buf, const char *key)
{
	cb_html_cstr(buf, cb_t(key));
}

static void
hidden(struct kore_buf *buf, const char *name, const char *value)
{
	kore_buf_appendf(buf, "<input type=\"hidden\" name=\"%s\" value=\"",
	    name);
	cb_html_cstr(buf, value != NULL ? value : "");
	kore_buf_appendf(buf, "\">");
}

/* What each role may open, in the order the bar shows it. */
static const struct {
	int		 roles;
	const char	*href;
	const char	*key;
} navitems[] = {
	{ CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR, "/cases", "nav.cases" },
	{ CB_ROLE_CASEWORKER, "/cases/new", "nav.new_case" },
	{ CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR, "/search", "nav.search" },
	{ CB_ROLE_PARTNER | CB_ROLE_AUDITOR | CB_ROLE_ADMIN, "/", "nav.home" },
	{ CB_ROLE_AUDITOR | CB_ROLE_ADMIN, "/audit", "nav.audit" },
};

static void
page_begin(struct kore_buf *buf, const struct cb_page *pg, const char *title)
{
	char	role[32];
	size_t	i;

	kore_buf_appendf(buf, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	t(buf, title);
	kore_buf_appendf(buf, " - casebook</title><link rel=\"stylesheet\" "
	    "href=\"/assets/casebook.css\"></head><body><header>"
	    "<a class=\"brand\" href=\"/\">casebook</a>");
	if (pg != NULL && pg->actor != NULL) {
		kore_buf_appendf(buf, "<nav aria-label=\"");
		t(buf, "nav.label");
		kore_buf_appendf(buf, "\">");
		for (i = 0; i < NITEMS(navitems); i++) {
			if (!(navitems[i].roles & (int)pg->actor->role))
				continue;
			kore_buf_appendf(buf, "<a href=\"%s\">",
			    navitems[i].href);
			t(buf, navitems[i].key);
			kore_buf_appendf(buf, "</a>");
		}
		kore_buf_appendf(buf, "</nav><form class=\"logout\" "
		    "method=\"post\" action=\"/logout\"><span>");
		cb_html_cstr(buf, pg->actor->username);
		kore_buf_appendf(buf, " (");
		(void)snprintf(role, sizeof(role), "role.%s",
		    cb_role_name(pg->actor->role));
		t(buf, role);
		kore_buf_appendf(buf, ")</span>");
		hidden(buf, "csrf", pg->csrf);
		kore_buf_appendf(buf, "<button type=\"submit\">");
		t(buf, "nav.logout");
		kore_buf_appendf(buf, "</button></form>");
	} else {
		kore_buf_appendf(buf, "<nav><a href=\"/login\">");
		t(buf, "action.login");
		kore_buf_appendf(buf, "</a></nav>");
	}
	kore_buf_appendf(buf, "</header><main><h1>");
	t(buf, title);
	kore_buf_appendf(buf, "</h1>");
}

static void
page_end(struct kore_buf *buf)
{
	kore_buf_appendf(buf, "</main></body></html>\n");
}

void
cb_render_error_page(struct kore_buf *buf, const struct cb_page *pg,
    enum cb_err err, const char *msgkey)
{
	char	key[64];

	(void)snprintf(key, sizeof(key), "page.error.%d", cb_err_status(err));
	page_begin(buf, pg, cb_i18n_has(key) ? key : "page.error");
	kore_buf_appendf(buf, "<p class=\"error\">");
	t(buf, msgkey != NULL ? msgkey : "err.generic");
	kore_buf_appendf(buf, "</p><p><a href=\"/\">");
	t(buf, "nav.back");
	kore_buf_appendf(buf, "</a></p>");
	page_end(buf);
}

/*
 * The home of roles whose work is not a case list: what they can do
 * here now, and what is coming, so nobody lands on "Not allowed".
 */
void
cb_render_home(struct kore_buf *buf, const struct cb_page *pg)
{
	char	key[64];

	(void)snprintf(key, sizeof(key), "home.%s.title",
	    cb_role_name(pg->actor->role));
	page_begin(buf, pg, key);
	(void)snprintf(key, sizeof(key), "home.%s.now",
	    cb_role_name(pg->actor->role));
	kore_buf_appendf(buf, "<p>");
	t(buf, key);
	kore_buf_appendf(buf, "</p><p class=\"hint\">");
	(void)snprintf(key, sizeof(key), "home.%s.soon",
	    cb_role_name(pg->actor->role));
	t(buf, key);
	kore_buf_appendf(buf, "</p>");
	if (pg->actor->role & (CB_ROLE_AUDITOR | CB_ROLE_ADMIN)) {
		kore_buf_appendf(buf, "<p><a href=\"/audit\">");
		t(buf, "action.verify_audit");
		kore_buf_appendf(buf, "</a></p>");
	}
	page_end(buf);
}

void
cb_render_audit_verify(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_audit_result *r)
{
	char	key[64];

	page_begin(buf, pg, "page.audit");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	t(buf, "hint.audit");
	kore_buf_appendf(buf, "</p><dl class=\"audit\"><dt>");
	t(buf, "audit.result");
	kore_buf_appendf(buf, "</dt><dd data-field=\"ok\" class=\"%s\">",
	    r->ok ? "good" : "error");
	t(buf, r->ok ? "audit.ok" : "audit.broken");
	kore_buf_appendf(buf, "</dd><dt>");
	t(buf, "audit.entries");
	kore_buf_appendf(buf, "</dt><dd data-field=\"entries\">%lld</dd><dt>",
	    r->entries);
	t(buf, "audit.checkpoints");
	kore_buf_appendf(buf, "</dt><dd data-field=\"checkpoints\">%lld</dd>",
	    r->checkpoints);
	if (!r->ok) {
		kore_buf_appendf(buf, "<dt>");
		t(buf, "audit.first_bad");
		kore_buf_appendf(buf, "</dt><dd data-field=\"first_bad\">"
		    "%lld</dd><dt>", r->first_bad);
		t(buf, "audit.fault");
		(void)snprintf(key, sizeof(key), "audit.fault.%s", r->fault);
		kore_buf_appendf(buf, "</dt><dd data-field=\"fault\">");
		t(buf, key);
		kore_buf_appendf(buf, "</dd>");
	}
	kore_buf_appendf(buf, "</dl>");
	page_end(buf);
}

void
cb_render_login(struct kore_buf *buf, const char *csrf, const char *username,
    const char *errkey)
{
	page_begin(buf, NULL, "page.login");
	if (errkey != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\" "
		    "id=\"err-login\">");
		t(buf, errkey);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<form method=\"post\" action=\"/login\" "
	    "class=\"form\">");
	hidden(buf, "csrf", csrf);
	kore_buf_appendf(buf, "<label for=\"username\">");
	t(buf, "field.username");
	kore_buf_appendf(buf, "</label><input id=\"username\" name=\"username\""
	    " autocomplete=\"username\" required maxlength=\"64\" value=\"");
	cb_html_cstr(buf, username != NULL ? username : "");
	kore_buf_appendf(buf, "\"><label for=\"password\">");
	t(buf, "field.password");
	kore_buf_appendf(buf, "</label><input id=\"password\" name=\"password\""
	    " type=\"password\" autocomplete=\"current-password\" required "
	    "maxlength=\"256\"><button type=\"submit\">");
	t(buf, "action.login");
	kore_buf_appendf(buf, "</button></form>");
	page_end(buf);
}

static void
field_input(struct kore_buf *buf, const struct cb_field *f, const char *val,
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
		t(buf, key);
		kore_buf_appendf(buf, "</label>");
	} else {
		kore_buf_appendf(buf, "<label for=\"%s\">", f->name);
		t(buf, key);
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
			t(buf, key);
			kore_buf_appendf(buf, "</option>");
		}
		kore_buf_appendf(buf, "</select>");
		break;
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
		t(buf, err);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</div>");
}

void
cb_render_intake(struct kore_buf *buf, const struct cb_page *pg,
    const char *form_token, const struct cb_values *vals,
    const struct cb_ferrors *fe)
{
	const struct cb_form	*form;
	size_t			 i;

	form = &cb_form_intake;
	page_begin(buf, pg, "page.intake");
	if (fe != NULL && fe->n > 0) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		t(buf, "err.form_has_errors");
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<p class=\"hint\">");
	t(buf, "hint.intake");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/new\""
	    " class=\"form\" novalidate>");
	hidden(buf, "csrf", pg->csrf);
	hidden(buf, "form_token", form_token);
	for (i = 0; i < form->nfields; i++) {
		field_input(buf, &form->fields[i],
		    vals != NULL ? cb_values_get(vals, form->fields[i].name) :
		    NULL, fe != NULL ?
		    cb_ferrors_get(fe, form->fields[i].name) : NULL);
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	t(buf, "action.register");
	kore_buf_appendf(buf, "</button></form>");
	page_end(buf);
}

static void
dd(struct kore_buf *buf, const char *field, const char *labelkey,
    const char *val)
{
	kore_buf_appendf(buf, "<dt>");
	t(buf, labelkey);
	kore_buf_appendf(buf, "</dt><dd dir=\"auto\" data-field=\"%s\">",
	    field);
	if (val != NULL && *val != '\0')
		cb_html_cstr(buf, val);
	else
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	kore_buf_appendf(buf, "</dd>");
}

void
cb_render_case_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case *c)
{
	char		 key[96];
	size_t		 i;

	page_begin(buf, pg, "page.case");
	kore_buf_appendf(buf, "<dl class=\"case\">");
	dd(buf, "id", "field.id", c->id);
	(void)snprintf(key, sizeof(key), "opt.case_type.%s", c->case_type);
	dd(buf, "case_type", "field.case_type", cb_t(key));
	(void)snprintf(key, sizeof(key), "stage.%s", c->stage);
	dd(buf, "stage", "field.stage", cb_t(key));
	(void)snprintf(key, sizeof(key), "state.%s", c->state);
	dd(buf, "state", "field.state", cb_t(key));
	dd(buf, "htcds_status", "field.htcds_status", c->htcds);
	dd(buf, "office", "field.office", c->office);
	dd(buf, "created_at", "field.created_at", c->created_at);
	dd(buf, "consent_data_processing", "field.consent_data_processing",
	    cb_t(c->consent ? "yes" : "no"));
	kore_buf_appendf(buf, "</dl>");

	if (c->person_visible) {
		kore_buf_appendf(buf, "<h2>");
		t(buf, "page.case.person");
		kore_buf_appendf(buf, "</h2><dl class=\"person\">");
		for (i = 0; i < CB_SC_COUNT; i++) {
			(void)snprintf(key, sizeof(key), "field.%s",
			    cb_sealcols[i].field);
			dd(buf, cb_sealcols[i].field, key, c->plain[i]);
		}
		(void)snprintf(key, sizeof(key), "opt.gender.%s", c->gender);
		dd(buf, "person.gender", "field.person.gender",
		    c->gender[0] ? cb_t(key) : NULL);
		dd(buf, "person.citizenship", "field.person.citizenship",
		    c->citizenship);
		dd(buf, "person.age_band", "field.person.age_band",
		    c->age_band);
		kore_buf_appendf(buf, "</dl>");
	}
	page_end(buf);
}

static void
case_rows(struct kore_buf *buf, const struct cb_case *cs, size_t n)
{
	char		key[96];
	size_t		i;

	kore_buf_appendf(buf, "<table class=\"cases\"><thead><tr><th>");
	t(buf, "field.id");
	kore_buf_appendf(buf, "</th><th>");
	t(buf, "field.case_type");
	kore_buf_appendf(buf, "</th><th>");
	t(buf, "field.stage");
	kore_buf_appendf(buf, "</th><th>");
	t(buf, "field.state");
	kore_buf_appendf(buf, "</th><th>");
	t(buf, "field.office");
	kore_buf_appendf(buf, "</th><th>");
	t(buf, "field.created_at");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(buf, "<tr><td><a href=\"/cases/%s\">%.8s"
		    "</a></td><td>", cs[i].id, cs[i].id);
		cb_html_cstr(buf, cs[i].case_type);
		kore_buf_appendf(buf, "</td><td>");
		(void)snprintf(key, sizeof(key), "stage.%s", cs[i].stage);
		t(buf, key);
		kore_buf_appendf(buf, "</td><td>");
		(void)snprintf(key, sizeof(key), "state.%s", cs[i].state);
		t(buf, key);
		kore_buf_appendf(buf, "</td><td>");
		cb_html_cstr(buf, cs[i].office);
		kore_buf_appendf(buf, "</td><td>");
		cb_html_cstr(buf, cs[i].created_at);
		kore_buf_appendf(buf, "</td></tr>");
	}
	kore_buf_appendf(buf, "</tbody></table>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		t(buf, "list.empty");
		kore_buf_appendf(buf, "</p>");
	}
}

void
cb_render_case_list(struct kore_buf *buf, const struct cb_page *pg,
    const char *title, const struct cb_case *cs, size_t n,
    const char *next_query)
{
	page_begin(buf, pg, title);
	kore_buf_appendf(buf, "<form method=\"get\" action=\"/cases\" "
	    "class=\"filters\"><label for=\"case_type\">");
	t(buf, "field.case_type");
	kore_buf_appendf(buf, "</label><select id=\"case_type\" "
	    "name=\"case_type\"><option value=\"\"></option>"
	    "<option value=\"AVRR\">AVRR</option>"
	    "<option value=\"CT\">CT</option></select>"
	    "<label for=\"stage\">");
	t(buf, "field.stage");
	kore_buf_appendf(buf, "</label><select id=\"stage\" name=\"stage\">"
	    "<option value=\"\"></option>");
	kore_buf_appendf(buf, "<option value=\"intake\">%s</option>",
	    cb_t("stage.intake"));
	kore_buf_appendf(buf, "<option value=\"screening\">%s</option>",
	    cb_t("stage.screening"));
	kore_buf_appendf(buf, "<option value=\"closed\">%s</option>",
	    cb_t("stage.closed"));
	kore_buf_appendf(buf, "</select><button type=\"submit\">");
	t(buf, "action.filter");
	kore_buf_appendf(buf, "</button></form>");
	case_rows(buf, cs, n);
	if (next_query != NULL) {
		kore_buf_appendf(buf, "<p><a rel=\"next\" href=\"/cases?");
		cb_html_cstr(buf, next_query);
		kore_buf_appendf(buf, "\">");
		t(buf, "list.next");
		kore_buf_appendf(buf, "</a></p>");
	}
	page_end(buf);
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

	page_begin(buf, pg, "page.search");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	t(buf, "hint.search");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/search\" "
	    "class=\"form\" novalidate>");
	hidden(buf, "csrf", pg->csrf);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		(void)snprintf(key, sizeof(key), "field.person.%s",
		    fields[i].name);
		err = fe ? cb_ferrors_get(fe, fields[i].name) : NULL;
		kore_buf_appendf(buf, "<div class=\"field\"><label for=\"%s\">",
		    fields[i].name);
		t(buf, key);
		kore_buf_appendf(buf, "</label><input id=\"%s\" name=\"%s\" "
		    "type=\"%s\" dir=\"auto\" autocomplete=\"off\" value=\"",
		    fields[i].name, fields[i].name, fields[i].type);
		cb_html_cstr(buf, vals[i] != NULL ? vals[i] : "");
		kore_buf_appendf(buf, "\">");
		if (err != NULL) {
			kore_buf_appendf(buf, "<p class=\"error\" "
			    "id=\"err-%s\">", fields[i].name);
			t(buf, err);
			kore_buf_appendf(buf, "</p>");
		}
		kore_buf_appendf(buf, "</div>");
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	t(buf, "action.search");
	kore_buf_appendf(buf, "</button></form>");
	if (searched) {
		kore_buf_appendf(buf, "<h2>");
		t(buf, "page.search.results");
		kore_buf_appendf(buf, "</h2>");
		case_rows(buf, cs, n);
	}
	page_end(buf);
}
