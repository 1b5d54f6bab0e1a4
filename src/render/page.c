/*
 * page: what every page shares: the frame with the navigation of the
 * caller's role and Log out, escaped text and hidden fields, the error
 * page and the login page. Every string a person sees goes through
 * cb_t() and every value through an escaper.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

void
cb_html_t(struct kore_buf *buf, const char *key)
{
	cb_html_cstr(buf, cb_t(key));
}

void
cb_html_hidden(struct kore_buf *buf, const char *name, const char *value)
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
	{ CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR | CB_ROLE_PARTNER |
	    CB_ROLE_AUDITOR | CB_ROLE_ADMIN, "/", "nav.home" },
	{ CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR, "/cases", "nav.cases" },
	{ CB_ROLE_CASEWORKER, "/cases/new", "nav.new_case" },
	{ CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR, "/search", "nav.search" },
	{ CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR, "/approvals",
	    "nav.approvals" },
	{ CB_ROLE_AUDITOR | CB_ROLE_ADMIN, "/audit/log", "nav.audit_log" },
	{ CB_ROLE_AUDITOR | CB_ROLE_ADMIN, "/audit", "nav.audit" },
	{ CB_ROLE_ADMIN, "/organisations", "nav.organisations" },
};

void
cb_html_page_begin(struct kore_buf *buf, const struct cb_page *pg, const char *title)
{
	char	role[32];
	size_t	i;

	kore_buf_appendf(buf, "<!doctype html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>",
	    cb_lang_code(cb_i18n_get()));
	cb_html_t(buf, title);
	kore_buf_appendf(buf, " - casebook</title><link rel=\"stylesheet\" "
	    "href=\"/assets/casebook.css\"></head><body><header>"
	    "<a class=\"brand\" href=\"/\">casebook</a>");
	if (pg != NULL && pg->actor != NULL) {
		kore_buf_appendf(buf, "<nav aria-label=\"");
		cb_html_t(buf, "nav.label");
		kore_buf_appendf(buf, "\">");
		for (i = 0; i < NITEMS(navitems); i++) {
			if (!(navitems[i].roles & (int)pg->actor->role))
				continue;
			kore_buf_appendf(buf, "<a href=\"%s\">",
			    navitems[i].href);
			cb_html_t(buf, navitems[i].key);
			kore_buf_appendf(buf, "</a>");
		}
		kore_buf_appendf(buf, "</nav><form class=\"logout\" "
		    "method=\"post\" action=\"/logout\"><span><a "
		    "href=\"/profile\" title=\"");
		cb_html_t(buf, "page.profile");
		kore_buf_appendf(buf, "\">");
		cb_html_cstr(buf, pg->actor->username);
		kore_buf_appendf(buf, "</a> (");
		(void)snprintf(role, sizeof(role), "role.%s",
		    cb_role_name(pg->actor->role));
		cb_html_t(buf, role);
		kore_buf_appendf(buf, ")</span>");
		cb_html_hidden(buf, "csrf", pg->csrf);
		kore_buf_appendf(buf, "<button type=\"submit\">");
		cb_html_t(buf, "nav.logout");
		kore_buf_appendf(buf, "</button></form>");
	} else {
		kore_buf_appendf(buf, "<nav><a href=\"/login\">");
		cb_html_t(buf, "action.login");
		kore_buf_appendf(buf, "</a></nav>");
	}
	kore_buf_appendf(buf, "</header><main><h1>");
	cb_html_t(buf, title);
	kore_buf_appendf(buf, "</h1>");
}

void
cb_html_page_end(struct kore_buf *buf)
{
	kore_buf_appendf(buf, "</main></body></html>\n");
}

void
cb_html_dd(struct kore_buf *buf, const char *field, const char *labelkey,
    const char *val)
{
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, "</dt><dd dir=\"auto\" data-field=\"%s\">",
	    field);
	if (val != NULL && *val != '\0')
		cb_html_cstr(buf, val);
	else
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	kore_buf_appendf(buf, "</dd>");
}

void
cb_render_error_page(struct kore_buf *buf, const struct cb_page *pg,
    enum cb_err err, const char *msgkey)
{
	char	key[64];

	(void)snprintf(key, sizeof(key), "page.error.%d", cb_err_status(err));
	cb_html_page_begin(buf, pg, cb_i18n_has(key) ? key : "page.error");
	kore_buf_appendf(buf, "<p class=\"error\">");
	cb_html_t(buf, msgkey != NULL ? msgkey : "err.generic");
	kore_buf_appendf(buf, "</p><p><a href=\"/\">");
	cb_html_t(buf, "nav.back");
	kore_buf_appendf(buf, "</a></p>");
	cb_html_page_end(buf);
}

void
cb_render_login(struct kore_buf *buf, const char *csrf, const char *username,
    const char *errkey, const char *draft)
{
	cb_html_page_begin(buf, NULL, "page.login");
	if (draft != NULL) {
		kore_buf_appendf(buf, "<p class=\"pending\" id=\"draft\">");
		cb_html_t(buf, "hint.draft_kept");
		kore_buf_appendf(buf, "</p>");
	}
	if (errkey != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\" "
		    "id=\"err-login\">");
		cb_html_t(buf, errkey);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<form method=\"post\" action=\"/login\" "
	    "class=\"form\">");
	cb_html_hidden(buf, "csrf", csrf);
	if (draft != NULL)
		cb_html_hidden(buf, "draft", draft);
	kore_buf_appendf(buf, "<label for=\"username\">");
	cb_html_t(buf, "field.username");
	kore_buf_appendf(buf, "</label><input id=\"username\" name=\"username\""
	    " autocomplete=\"username\" required maxlength=\"64\" value=\"");
	cb_html_cstr(buf, username != NULL ? username : "");
	kore_buf_appendf(buf, "\"><label for=\"password\">");
	cb_html_t(buf, "field.password");
	kore_buf_appendf(buf, "</label><input id=\"password\" name=\"password\""
	    " type=\"password\" autocomplete=\"current-password\" required "
	    "maxlength=\"256\"><button type=\"submit\">");
	cb_html_t(buf, "action.login");
	kore_buf_appendf(buf, "</button></form>");
	cb_html_page_end(buf);
}

/*
 * A timestamp as people read it: "2 Dec 2026, 14:05 UTC". Anything that
 * is not RFC 3339 UTC as the store writes it is shown as it is.
 */
void
cb_html_when(struct kore_buf *buf, const char *ts)
{
	char	key[16];
	int	y, mo, d, h, mi;

	if (ts == NULL || *ts == '\0') {
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
		return;
	}
	if (sscanf(ts, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 ||
	    mo < 1 || mo > 12) {
		cb_html_cstr(buf, ts);
		return;
	}
	(void)snprintf(key, sizeof(key), "month.%d", mo);
	kore_buf_appendf(buf, "<time datetime=\"");
	cb_html_cstr(buf, ts);
	kore_buf_appendf(buf, "\">%d ", d);
	cb_html_t(buf, key);
	kore_buf_appendf(buf, " %d, %02d:%02d UTC</time>", y, h, mi);
}

/* A fact's value in words: picklist labels, yes or no, a country's
 * name, else as it is. */
void
cb_html_fact(struct kore_buf *buf, const char *name, const char *val)
{
	const struct cb_fact_def	*d;
	const char			*p, *end;
	char				 key[128];

	d = cb_fact_def(name);
	if (d != NULL && d->type == CB_FACT_BOOL) {
		cb_html_t(buf, strcmp(val, "true") == 0 ? "yes" : "no");
		return;
	}
	if (d != NULL && d->country) {
		cb_html_cstr(buf, cb_name_country(val));
		return;
	}
	if (d == NULL || d->options == NULL) {
		cb_html_cstr(buf, val);
		return;
	}
	for (p = val; *p != '\0'; p = (*end == ',') ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (p != val)
			kore_buf_appendf(buf, ", ");
		(void)snprintf(key, sizeof(key), "opt.%s.%.*s", name,
		    (int)(end - p), p);
		cb_html_t(buf, key);
	}
}

/*
 * After logging in again: the form that could not be saved, ready to
 * be sent once more to where it was going, with the new session's CSRF
 * token. Nothing is sent without the person pressing the button; the
 * handler then checks it as any form (a case that changed meanwhile
 * answers with its own page and keeps the input).
 */
void
cb_render_draft_resend(struct kore_buf *buf, const struct cb_page *pg,
    const char *path, const struct cb_kvlist *pairs)
{
	size_t		i;

	cb_html_page_begin(buf, pg, "page.draft");
	kore_buf_appendf(buf, "<p>");
	cb_html_t(buf, "hint.draft_resend");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"");
	cb_html_cstr(buf, path);
	kore_buf_appendf(buf, "\" id=\"resend\">");
	cb_html_hidden(buf, "csrf", pg->csrf);
	for (i = 0; i < pairs->n; i++)
		cb_html_hidden(buf, pairs->items[i].name,
		    pairs->items[i].value);
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.resend");
	kore_buf_appendf(buf, "</button></form><p><a href=\"/\">");
	cb_html_t(buf, "action.discard_draft");
	kore_buf_appendf(buf, "</a></p>");
	cb_html_page_end(buf);
}
