/*
 * render/referral: a partner's referrals as pages: the inbox (its
 * home) and the referral with its package, answer and updates. The
 * package is written out field by field from the shared categories
 * (cb_package_shows), so nothing a struct might hold beyond them can
 * reach the page. Codes are shown by their labels; values a person
 * typed (names in their own script among them) carry dir="auto".
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/package.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/package.h"
#include "render/render.h"
#include "text/text.h"

/* Person's fields: identity, contact and documents. */
#define PERSON_CATS	(CB_CAT_IDENTITY | CB_CAT_CONTACT | CB_CAT_DOCUMENTS)

static void	label(struct kore_buf *, const char *, const char *);
static void	labels(struct kore_buf *, const char *, const char *);
static void	cats_labels(struct kore_buf *, int);
static void	dd_label(struct kore_buf *, const char *, const char *,
		    const char *, const char *);
static void	thead(struct kore_buf *, const char *, const char *const *);
static void	section(struct kore_buf *, const char *, const char *);
static void	form_begin(struct kore_buf *, const struct cb_page *,
		    const struct cb_referral_pageview *, const char *,
		    const char *);
static void	summary(struct kore_buf *, const struct cb_package *);
static void	person(struct kore_buf *, const struct cb_package *);
static void	case_summary(struct kore_buf *, const struct cb_package *);
static void	health(struct kore_buf *, const struct cb_package *);
static void	narrative(struct kore_buf *, const struct cb_package *);
static void	answer(struct kore_buf *, const struct cb_page *,
		    const struct cb_referral_pageview *);
static void	updates(struct kore_buf *, const struct cb_page *,
		    const struct cb_referral_pageview *);
static void	select_field(struct kore_buf *, const char *, const char *,
		    const char *, const char *const *, const char *,
		    const char *, const char *, const char *);
static void	form_errors(struct kore_buf *, const struct cb_ferrors *);
static const char *val_of(const struct cb_referral_pageview *,
		    const char *, const char *);
static const char *err_of(const struct cb_referral_pageview *,
		    const char *, const char *);

static const char *const inbox_heads[] = {
	"label.partner.sent", "label.partner.reason", "label.partner.services",
	"label.partner.status", "label.partner.consent",
	"label.partner.updates", "", NULL
};

static const char *const update_heads[] = {
	"label.partner.update_date", "label.partner.service",
	"label.partner.update_status", "label.partner.note",
	"label.partner.by", NULL
};

/* The label of prefix.code. */
static void
label(struct kore_buf *buf, const char *prefix, const char *code)
{
	char	key[128];

	(void)snprintf(key, sizeof(key), "%s.%s", prefix, code);
	cb_html_t(buf, key);
}

/* The labels of comma-separated codes, ", " between them. */
static void
labels(struct kore_buf *buf, const char *prefix, const char *csv)
{
	const char	*item;
	char		 key[128];
	size_t		 len;
	int		 n;

	n = 0;
	while ((item = cb_csv_next(&csv, &len)) != NULL) {
		if (len == 0)
			continue;
		(void)snprintf(key, sizeof(key), "%s.%.*s", prefix, (int)len,
		    item);
		if (n++ > 0)
			kore_buf_appendf(buf, ", ");
		cb_html_t(buf, key);
	}
	if (n == 0)
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
}

static void
cats_labels(struct kore_buf *buf, int cats)
{
	char	list[128];

	cb_categories_str(cats, list, sizeof(list));
	labels(buf, "label.partner.category", list);
}

/* <table class=cls><thead> with the labels of keys (NULL-terminated;
 * "" an empty heading), <tbody> opened. */
static void
thead(struct kore_buf *buf, const char *cls, const char *const *keys)
{
	size_t	i;

	kore_buf_appendf(buf, "<table class=\"%s\"><thead><tr>", cls);
	for (i = 0; keys[i] != NULL; i++) {
		kore_buf_appendf(buf, "<th>");
		if (*keys[i] != '\0')
			cb_html_t(buf, keys[i]);
		kore_buf_appendf(buf, "</th>");
	}
	kore_buf_appendf(buf, "</tr></thead><tbody>");
}

/* <section id=id><h2>title</h2> */
static void
section(struct kore_buf *buf, const char *id, const char *title)
{
	kore_buf_appendf(buf, "<section id=\"%s\"><h2>", id);
	cb_html_t(buf, title);
	kore_buf_appendf(buf, "</h2>");
}

/* <dt>label</dt><dd> the label of prefix.code </dd> */
static void
dd_label(struct kore_buf *buf, const char *field, const char *labelkey,
    const char *prefix, const char *code)
{
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, "</dt><dd data-field=\"%s\">", field);
	if (code != NULL && *code != '\0')
		label(buf, prefix, code);
	else
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	kore_buf_appendf(buf, "</dd>");
}

void
cb_render_referral_inbox(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_referral_item *items, size_t n, const char *next)
{
	const struct cb_referral_item	*it;
	size_t				 i;

	cb_html_page_begin(buf, pg, "page.partner.inbox");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.partner.inbox");
	kore_buf_appendf(buf, "</p>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\" id=\"inbox-empty\">");
		cb_html_t(buf, "list.partner.empty");
		kore_buf_appendf(buf, "</p>");
	} else {
		thead(buf, "referrals", inbox_heads);
	}
	for (i = 0; i < n; i++) {
		it = &items[i];
		kore_buf_appendf(buf, "<tr data-referral=\"%s\"><td>", it->id);
		cb_html_when(buf, it->created_at);
		kore_buf_appendf(buf, "</td><td data-field=\"reason\">");
		label(buf, "label.partner.reason", it->reason);
		kore_buf_appendf(buf, "</td><td data-field=\"services\">");
		labels(buf, "opt.type", it->services);
		kore_buf_appendf(buf, "</td><td data-field=\"status\">");
		label(buf, "label.partner.status", it->status);
		kore_buf_appendf(buf, "</td><td data-field=\"consent\">");
		label(buf, "label.partner.consent", it->consent_state);
		kore_buf_appendf(buf, "</td><td data-field=\"updates\">%d"
		    "</td><td>", it->updates);
		/* Without an active consent there is nothing to open. */
		if (strcmp(it->consent_state, "active") == 0) {
			kore_buf_appendf(buf, "<a href=\"/referrals/%s\">",
			    it->id);
			cb_html_t(buf, "label.partner.open");
			kore_buf_appendf(buf, "</a>");
		} else {
			kore_buf_appendf(buf, "<span class=\"none\">");
			cb_html_t(buf, "label.partner.no_access");
			kore_buf_appendf(buf, "</span>");
		}
		kore_buf_appendf(buf, "</td></tr>");
	}
	if (n > 0)
		kore_buf_appendf(buf, "</tbody></table>");
	if (next != NULL) {
		kore_buf_appendf(buf, "<p><a id=\"inbox-next\" "
		    "href=\"/?cursor=");
		cb_html_cstr(buf, next);
		kore_buf_appendf(buf, "\">");
		cb_html_t(buf, "list.next");
		kore_buf_appendf(buf, "</a></p>");
	}
	cb_html_page_end(buf);
}

static void
summary(struct kore_buf *buf, const struct cb_package *p)
{
	kore_buf_appendf(buf, "<dl class=\"referral\">");
	dd_label(buf, "status", "label.partner.status", "label.partner.status",
	    p->status);
	dd_label(buf, "reason", "label.partner.reason", "label.partner.reason",
	    p->reason);
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, "label.partner.services");
	kore_buf_appendf(buf, "</dt><dd data-field=\"services\">");
	labels(buf, "opt.type", p->services);
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "label.partner.sent");
	kore_buf_appendf(buf, "</dt><dd data-field=\"created_at\">");
	cb_html_when(buf, p->created_at);
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "label.partner.consent");
	kore_buf_appendf(buf, "</dt><dd data-field=\"consent\">");
	label(buf, "label.partner.consent", p->consent_state);
	kore_buf_appendf(buf, ", ");
	cb_html_t(buf, "label.partner.valid_until");
	kore_buf_appendf(buf, " ");
	cb_html_cstr(buf, p->valid_until);
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "label.partner.categories");
	kore_buf_appendf(buf, "</dt><dd data-field=\"categories\">");
	cats_labels(buf, p->categories);
	kore_buf_appendf(buf, "</dd></dl>");
}

/* Identity, contact and documents, as far as they are shared. */
static void
person(struct kore_buf *buf, const struct cb_package *p)
{
	char		 key[96];
	const char	*v;
	size_t		 i;

	if (!(p->categories & PERSON_CATS))
		return;
	section(buf, "person", "label.partner.person");
	kore_buf_appendf(buf, "<dl class=\"person\">");
	for (i = 0; i <= CB_PKG_DOCUMENT; i++) {
		if (!cb_package_shows(p->categories, (enum cb_pkg_field)i))
			continue;
		v = p->val[i];
		if (i == CB_PKG_GENDER) {
			dd_label(buf, "gender", "field.person.gender",
			    "opt.gender", v);
			continue;
		}
		(void)snprintf(key, sizeof(key), i == CB_PKG_LOCATION ?
		    "field.%s" : "field.person.%s", cb_pkg_defs[i].name);
		cb_html_dd(buf, cb_pkg_defs[i].name, key, v);
	}
	kore_buf_appendf(buf, "</dl></section>");
}

static void
case_summary(struct kore_buf *buf, const struct cb_package *p)
{
	size_t		i;

	if (!(p->categories & CB_CAT_CASE_SUMMARY))
		return;
	section(buf, "case", "label.partner.case");
	kore_buf_appendf(buf, "<dl class=\"case\">");
	dd_label(buf, "case_type", "field.case_type", "opt.case_type",
	    p->val[CB_PKG_CASE_TYPE]);
	dd_label(buf, "stage", "field.stage", "stage", p->val[CB_PKG_STAGE]);
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, "label.partner.assistance");
	kore_buf_appendf(buf, "</dt><dd data-field=\"assistance\">");
	if (p->nassist == 0)
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	else
		kore_buf_appendf(buf, "<ul class=\"assistance\">");
	for (i = 0; i < p->nassist; i++) {
		kore_buf_appendf(buf, "<li>");
		cb_html_cstr(buf, p->assist[i].date);
		kore_buf_appendf(buf, " ");
		label(buf, "opt.type", p->assist[i].type);
		kore_buf_appendf(buf, "</li>");
	}
	if (p->nassist > 0)
		kore_buf_appendf(buf, "</ul>");
	kore_buf_appendf(buf, "</dd></dl></section>");
}

static void
health(struct kore_buf *buf, const struct cb_package *p)
{
	const char	*v;

	if (!(p->categories & CB_CAT_HEALTH))
		return;
	section(buf, "health", "label.partner.health");
	kore_buf_appendf(buf, "<dl class=\"health\">");
	dd_label(buf, "fit_to_travel", "field.fit_to_travel",
	    "opt.fit_to_travel", p->val[CB_PKG_FIT_TO_TRAVEL]);
	cb_html_dd(buf, "fit_note", "field.fit_note", p->val[CB_PKG_FIT_NOTE]);
	v = p->val[CB_PKG_URGENT];
	cb_html_dd(buf, "urgent_medical_need", "field.urgent_medical_need",
	    v == NULL ? NULL : cb_t(strcmp(v, "true") == 0 ? "yes" : "no"));
	kore_buf_appendf(buf, "</dl></section>");
}

static void
narrative(struct kore_buf *buf, const struct cb_package *p)
{
	if (!(p->categories & CB_CAT_NARRATIVE))
		return;
	section(buf, "narrative", "label.partner.narrative");
	if (p->val[CB_PKG_NARRATIVE] == NULL) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "label.partner.nothing_shared");
		kore_buf_appendf(buf, "</p></section>");
		return;
	}
	kore_buf_appendf(buf, "<p class=\"text\" dir=\"auto\" "
	    "data-field=\"narrative\">");
	cb_html_cstr(buf, p->val[CB_PKG_NARRATIVE]);
	kore_buf_appendf(buf, "</p></section>");
}

/* The value a failed form of that kind kept, else NULL. */
static const char *
val_of(const struct cb_referral_pageview *pv, const char *form,
    const char *name)
{
	if (pv->failed == NULL || strcmp(pv->failed, form) != 0 ||
	    pv->vals == NULL)
		return (NULL);
	return (cb_values_get(pv->vals, name));
}

static const char *
err_of(const struct cb_referral_pageview *pv, const char *form,
    const char *name)
{
	if (pv->failed == NULL || strcmp(pv->failed, form) != 0 ||
	    pv->fe == NULL)
		return (NULL);
	return (cb_ferrors_get(pv->fe, name));
}

static void
form_errors(struct kore_buf *buf, const struct cb_ferrors *fe)
{
	if (fe == NULL || fe->n == 0)
		return;
	kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
	cb_html_t(buf, "err.form_has_errors");
	kore_buf_appendf(buf, "</p>");
}

/*
 * A select of codes with their labels (prefix.code), the one chosen
 * selected, the error next to it. codes: a NULL-terminated list, or
 * csv (comma-separated) when list is NULL.
 */
static void
select_field(struct kore_buf *buf, const char *id, const char *name,
    const char *labelkey, const char *const *list, const char *csv,
    const char *prefix, const char *val, const char *err)
{
	const char	*item;
	char		 code[64];
	size_t		 i, len;

	kore_buf_appendf(buf, "<div class=\"field%s\"><label for=\"%s\">",
	    err != NULL ? " invalid" : "", id);
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, " *</label><select id=\"%s\" name=\"%s\"%s%s%s>"
	    "<option value=\"\"></option>", id, name,
	    err != NULL ? " aria-invalid=\"true\" aria-describedby=\"err-" :
	    "", err != NULL ? id : "", err != NULL ? "\"" : "");
	for (i = 0;; i++) {
		if (list != NULL) {
			if (list[i] == NULL)
				break;
			(void)cb_strlcpy(code, list[i], sizeof(code));
		} else {
			if ((item = cb_csv_next(&csv, &len)) == NULL)
				break;
			if (len == 0 || len >= sizeof(code))
				continue;
			memcpy(code, item, len);
			code[len] = '\0';
		}
		kore_buf_appendf(buf, "<option value=\"");
		cb_html_cstr(buf, code);
		kore_buf_appendf(buf, "\"%s>", val != NULL &&
		    strcmp(val, code) == 0 ? " selected" : "");
		label(buf, prefix, code);
		kore_buf_appendf(buf, "</option>");
	}
	kore_buf_appendf(buf, "</select>");
	if (err != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" id=\"err-%s\">", id);
		cb_html_t(buf, err);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</div>");
}

/* A form of the page (kind "response" or "update"): its hint,
 * the note that it has errors when it failed, the CSRF token. */
static void
form_begin(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_referral_pageview *pv, const char *kind,
    const char *hint)
{
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, hint);
	kore_buf_appendf(buf, "</p>");
	if (pv->failed != NULL && strcmp(pv->failed, kind) == 0)
		form_errors(buf, pv->fe);
	kore_buf_appendf(buf, "<form method=\"post\" action=\"/referrals/%s/"
	    "%s\" class=\"form\" id=\"%s-form\" novalidate>", pv->p->id,
	    strcmp(kind, "update") == 0 ? "updates" : kind, kind);
	cb_html_hidden(buf, "csrf", pg->csrf);
}

/* The answer given, or the form to give it. */
static void
answer(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_referral_pageview *pv)
{
	const struct cb_package	*p;
	const struct cb_field	*reason;

	p = pv->p;
	section(buf, "answer", "label.partner.answer");
	if (p->responded_at[0] != '\0') {
		kore_buf_appendf(buf, "<dl class=\"answer\">");
		cb_html_dd(buf, "responded_by", "label.partner.answered_by",
		    p->responded_by);
		kore_buf_appendf(buf, "<dt>");
		cb_html_t(buf, "label.partner.answered_at");
		kore_buf_appendf(buf, "</dt><dd data-field=\"responded_at\">");
		cb_html_when(buf, p->responded_at);
		kore_buf_appendf(buf, "</dd>");
		cb_html_dd(buf, "response_reason", "field.reason",
		    p->response);
		kore_buf_appendf(buf, "</dl>");
	}
	if (strcmp(p->status, "sent") != 0 ||
	    strcmp(p->consent_state, "active") != 0) {
		kore_buf_appendf(buf, "</section>");
		return;
	}
	form_begin(buf, pg, pv, "response", "hint.partner.response");
	kore_buf_appendf(buf, "<input type=\"hidden\" name=\"version\" "
	    "value=\"%d\">", p->version);
	select_field(buf, "resp-decision", "decision",
	    "label.partner.decision", cb_opt_referral_decision, NULL,
	    "label.partner.decision", val_of(pv, "response", "decision"),
	    err_of(pv, "response", "decision"));
	reason = &cb_form_referral_response.fields[cb_form_index(
	    &cb_form_referral_response, "reason")];
	cb_html_field_in(buf, reason, "resp-", "",
	    val_of(pv, "response", "reason"),
	    err_of(pv, "response", "reason"));
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.partner.respond");
	kore_buf_appendf(buf, "</button></form></section>");
}

/* The services reported, and the form to report one more. */
static void
updates(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_referral_pageview *pv)
{
	const struct cb_package		*p;
	const struct cb_referral_update	*u;
	const struct cb_form		*form;
	size_t				 i;
	int				 k;

	p = pv->p;
	section(buf, "updates", "label.partner.updates_title");
	if (p->nupdates == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "label.partner.updates_empty");
		kore_buf_appendf(buf, "</p>");
	} else {
		thead(buf, "updates", update_heads);
	}
	for (i = 0; i < p->nupdates; i++) {
		u = &p->updates[i];
		kore_buf_appendf(buf, "<tr data-update=\"%s\"><td>", u->id);
		cb_html_cstr(buf, u->date);
		kore_buf_appendf(buf, "</td><td data-field=\"service\">");
		label(buf, "opt.type", u->service);
		kore_buf_appendf(buf, "</td><td data-field=\"status\">");
		label(buf, "label.partner.update", u->status);
		kore_buf_appendf(buf, "</td><td dir=\"auto\" class=\"note\" "
		    "data-field=\"note\">");
		if (u->note != NULL)
			cb_html_cstr(buf, u->note);
		kore_buf_appendf(buf, "</td><td>");
		cb_html_cstr(buf, u->created_by);
		kore_buf_appendf(buf, "</td></tr>");
	}
	if (p->nupdates > 0)
		kore_buf_appendf(buf, "</tbody></table>");

	if (strcmp(p->status, "accepted") != 0 ||
	    strcmp(p->consent_state, "active") != 0) {
		kore_buf_appendf(buf, "</section>");
		return;
	}
	form = &cb_form_referral_update;
	form_begin(buf, pg, pv, "update", "hint.partner.update");
	cb_html_hidden(buf, "form_token", pv->form_token);
	/* The services the referral asked for; any when it named none. */
	select_field(buf, "upd-service", "service", "label.partner.service",
	    p->services != NULL && *p->services != '\0' ? NULL :
	    cb_opt_assistance_type, p->services, "opt.type",
	    val_of(pv, "update", "service"), err_of(pv, "update", "service"));
	select_field(buf, "upd-status", "status",
	    "label.partner.update_status", cb_opt_update_status, NULL,
	    "label.partner.update", val_of(pv, "update", "status"),
	    err_of(pv, "update", "status"));
	for (k = 0; k < (int)form->nfields; k++) {
		if (strcmp(form->fields[k].name, "date") != 0 &&
		    strcmp(form->fields[k].name, "note") != 0)
			continue;
		cb_html_field_in(buf, &form->fields[k], "upd-", "",
		    val_of(pv, "update", form->fields[k].name),
		    err_of(pv, "update", form->fields[k].name));
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.partner.report");
	kore_buf_appendf(buf, "</button></form></section>");
}

void
cb_render_referral_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_referral_pageview *pv)
{
	cb_html_page_begin(buf, pg, "page.partner.referral");
	if (pv->errkey != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\" "
		    "id=\"refused\">");
		cb_html_t(buf, pv->errkey);
		kore_buf_appendf(buf, "</p>");
	}
	summary(buf, pv->p);
	person(buf, pv->p);
	case_summary(buf, pv->p);
	health(buf, pv->p);
	narrative(buf, pv->p);
	answer(buf, pg, pv);
	updates(buf, pg, pv);
	kore_buf_appendf(buf, "<p><a href=\"/\">");
	cb_html_t(buf, "nav.back");
	kore_buf_appendf(buf, "</a></p>");
	cb_html_page_end(buf);
}
