/*
 * referral_page: consents and referrals as the case team sees them on
 * the case page, and the pages of their forms (record a consent, send a
 * referral, withdraw a consent), drawn from the field tables of
 * domain/referral.c; the organisation and consent choices are selects
 * of names, never ids to type. Free text carries dir="auto".
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/referral.h"
#include "render/render.h"
#include "text/text.h"

static void	labelled(struct kore_buf *, const char *, const char *);
static void	labels(struct kore_buf *, const char *, const char *);
static void	cats(struct kore_buf *, int);
static void	dd_open(struct kore_buf *, const char *, const char *);
static void	dd_when(struct kore_buf *, const char *, const char *,
		    const char *, const char *);
static void	consent_item(struct kore_buf *, const struct cb_page *,
		    const char *, const struct cb_consent *, int);
static void	referral_item(struct kore_buf *, const struct cb_page *,
		    const char *, const struct cb_referral *, int);
static void	updates(struct kore_buf *, const struct cb_referral *);
static void	errors_banner(struct kore_buf *, const struct cb_ferrors *);
static void	field_error(struct kore_buf *, const char *, const char *);
static void	back(struct kore_buf *, const char *);
static void	enum_select(struct kore_buf *, const struct cb_field *,
		    const char *, const char *, const char *, const char *);

static void
labelled(struct kore_buf *buf, const char *prefix, const char *code)
{
	char	key[128];

	(void)snprintf(key, sizeof(key), "%s.%s", prefix, code);
	cb_html_t(buf, key);
}

/* The labels of "a,b,c" codes, joined by commas. */
static void
labels(struct kore_buf *buf, const char *prefix, const char *csv)
{
	const char	*p, *end;
	char		 code[64];
	size_t		 len;
	int		 first;

	first = 1;
	for (p = csv; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len == 0 || len >= sizeof(code))
			continue;
		memcpy(code, p, len);
		code[len] = '\0';
		if (!first)
			kore_buf_appendf(buf, ", ");
		labelled(buf, prefix, code);
		first = 0;
	}
	if (first)
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
}

static void
cats(struct kore_buf *buf, int bits)
{
	char	csv[96];

	cb_categories_str(bits, csv, sizeof(csv));
	labels(buf, "opt.data_categories", csv);
}

/* <dt>label</dt><dd data-field=field>, for a value drawn by hand. */
static void
dd_open(struct kore_buf *buf, const char *field, const char *labelkey)
{
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, "</dt><dd dir=\"auto\" data-field=\"%s\">",
	    field);
}

/* "when, by whom" */
static void
dd_when(struct kore_buf *buf, const char *field, const char *labelkey,
    const char *at, const char *by)
{
	dd_open(buf, field, labelkey);
	cb_html_when(buf, at);
	if (by != NULL && *by != '\0') {
		kore_buf_appendf(buf, ", ");
		cb_html_cstr(buf, by);
	}
	kore_buf_appendf(buf, "</dd>");
}

static void
errors_banner(struct kore_buf *buf, const struct cb_ferrors *fe)
{
	if (fe == NULL || fe->n == 0)
		return;
	kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
	cb_html_t(buf, "err.form_has_errors");
	kore_buf_appendf(buf, "</p>");
}

static void
field_error(struct kore_buf *buf, const char *id, const char *err)
{
	if (err == NULL)
		return;
	kore_buf_appendf(buf, "<p class=\"error\" id=\"err-%s\">", id);
	cb_html_t(buf, err);
	kore_buf_appendf(buf, "</p>");
}

/*
 * A picklist field with a label of its own (cb_html_field labels by the
 * field's name, and "type" or "reason" already mean something else
 * elsewhere); options labelled optprefix.<code>.
 */
static void
enum_select(struct kore_buf *buf, const struct cb_field *f,
    const char *labelkey, const char *optprefix, const char *val,
    const char *err)
{
	size_t		i;

	kore_buf_appendf(buf, "<div class=\"field%s\"><label for=\"%s\">",
	    err ? " invalid" : "", f->name);
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, " *</label><select id=\"%s\" name=\"%s\"%s%s%s>"
	    "<option value=\"\"></option>", f->name, f->name,
	    err ? " aria-invalid=\"true\" aria-describedby=\"err-" : "",
	    err ? f->name : "", err ? "\"" : "");
	for (i = 0; f->options[i] != NULL; i++) {
		kore_buf_appendf(buf, "<option value=\"%s\"%s>", f->options[i],
		    val != NULL && strcmp(val, f->options[i]) == 0 ?
		    " selected" : "");
		labelled(buf, optprefix, f->options[i]);
		kore_buf_appendf(buf, "</option>");
	}
	kore_buf_appendf(buf, "</select>");
	field_error(buf, f->name, err);
	kore_buf_appendf(buf, "</div>");
}

static void
back(struct kore_buf *buf, const char *case_id)
{
	kore_buf_appendf(buf, "<p><a href=\"/cases/%s\">", case_id);
	cb_html_t(buf, "nav.back_to_case");
	kore_buf_appendf(buf, "</a></p>");
}

static void
consent_item(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const struct cb_consent *c, int may_withdraw)
{
	const char	*st;

	st = cb_consent_state_name(c->state);
	kore_buf_appendf(buf, "<div class=\"record consent\" id=\"consent-%s\" "
	    "data-consent=\"%s\" data-state=\"%s\"><h3 dir=\"auto\">", c->id,
	    c->id, st);
	cb_html_cstr(buf, c->org_name);
	kore_buf_appendf(buf, " <span class=\"tag state-%s\">", st);
	labelled(buf, "consent.state", st);
	kore_buf_appendf(buf, "</span></h3><dl>");
	dd_open(buf, "data_categories", "field.data_categories");
	cats(buf, c->categories);
	kore_buf_appendf(buf, "</dd>");
	cb_html_dd(buf, "valid_from", "field.valid_from", c->valid_from);
	cb_html_dd(buf, "valid_until", "field.valid_until", c->valid_until);
	dd_open(buf, "method", "field.method");
	labelled(buf, "opt.method", c->method);
	kore_buf_appendf(buf, "</dd>");
	cb_html_dd(buf, "language", "field.language", c->language);
	cb_html_dd(buf, "purpose", "field.purpose", c->purpose);
	dd_when(buf, "recorded", "field.recorded", c->created_at,
	    c->created_by_name);
	if (c->withdrawn_at[0] != '\0') {
		dd_when(buf, "withdrawn", "field.withdrawn", c->withdrawn_at,
		    c->withdrawn_by_name);
		cb_html_dd(buf, "withdrawal_reason", "field.withdrawal_reason",
		    c->withdrawal_reason);
	}
	kore_buf_appendf(buf, "</dl>");
	if (may_withdraw && c->state != CB_CONSENT_WITHDRAWN) {
		kore_buf_appendf(buf, "<details class=\"withdraw\"><summary>");
		cb_html_t(buf, "action.withdraw_consent");
		kore_buf_appendf(buf, "</summary><form method=\"post\" "
		    "action=\"/cases/%s/consents/%s/withdraw\" class=\"form\" "
		    "novalidate>", case_id, c->id);
		cb_html_hidden(buf, "csrf", pg->csrf);
		kore_buf_appendf(buf, "<div class=\"field\"><label "
		    "for=\"w-%s-reason\">", c->id);
		cb_html_t(buf, "field.withdrawal_reason");
		kore_buf_appendf(buf, "</label><textarea id=\"w-%s-reason\" "
		    "name=\"reason\" dir=\"auto\" rows=\"2\" "
		    "maxlength=\"1000\"></textarea></div><button "
		    "type=\"submit\">", c->id);
		cb_html_t(buf, "action.withdraw_consent");
		kore_buf_appendf(buf, "</button></form></details>");
	}
	kore_buf_appendf(buf, "</div>");
}

void
cb_render_consent_section(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const struct cb_consent *items, size_t n,
    int may_add, int may_withdraw)
{
	size_t		i;

	kore_buf_appendf(buf, "<section id=\"consents\"><h2>");
	cb_html_t(buf, "page.consents");
	kore_buf_appendf(buf, "</h2>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.consents_empty");
		kore_buf_appendf(buf, "</p>");
	}
	for (i = 0; i < n; i++)
		consent_item(buf, pg, case_id, &items[i], may_withdraw);
	if (may_add) {
		kore_buf_appendf(buf, "<p><a class=\"action\" href=\"/cases/%s/"
		    "consents/new\">", case_id);
		cb_html_t(buf, "action.record_consent");
		kore_buf_appendf(buf, "</a></p>");
	}
	kore_buf_appendf(buf, "</section>");
}

static void
updates(struct kore_buf *buf, const struct cb_referral *r)
{
	const struct cb_referral_update	*u;
	size_t				 i;

	if (r->nupdates == 0)
		return;
	kore_buf_appendf(buf, "<table class=\"updates\"><thead><tr><th>");
	cb_html_t(buf, "field.date");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.service");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.update_status");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.note");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "field.recorded_by");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < r->nupdates; i++) {
		u = &r->updates[i];
		kore_buf_appendf(buf, "<tr data-update=\"%s\"><td "
		    "data-field=\"date\">", u->id);
		cb_html_cstr(buf, u->date);
		kore_buf_appendf(buf, "</td><td data-field=\"service\">");
		labelled(buf, "opt.services", u->service);
		kore_buf_appendf(buf, "</td><td data-field=\"status\">");
		labelled(buf, "opt.update_status", u->status);
		kore_buf_appendf(buf, "</td><td dir=\"auto\" class=\"note\" "
		    "data-field=\"note\">");
		if (u->note != NULL)
			cb_html_cstr(buf, u->note);
		kore_buf_appendf(buf, "</td><td dir=\"auto\">");
		cb_html_cstr(buf, u->created_by_name);
		kore_buf_appendf(buf, "</td></tr>");
	}
	kore_buf_appendf(buf, "</tbody></table>");
}

static void
referral_item(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const struct cb_referral *r, int may_close)
{
	kore_buf_appendf(buf, "<div class=\"record referral\" "
	    "id=\"referral-%s\" data-referral=\"%s\" data-status=\"%s\">"
	    "<h3 dir=\"auto\">", r->id, r->id, r->status);
	cb_html_cstr(buf, r->org_name);
	kore_buf_appendf(buf, " <span class=\"tag status-%s\">", r->status);
	labelled(buf, "referral.status", r->status);
	kore_buf_appendf(buf, "</span></h3><dl>");
	dd_open(buf, "reason", "field.referral_reason");
	labelled(buf, "opt.reason", r->reason);
	kore_buf_appendf(buf, "</dd>");
	dd_open(buf, "services", "field.services");
	labels(buf, "opt.services", r->services);
	kore_buf_appendf(buf, "</dd>");
	dd_open(buf, "categories", "field.package");
	cats(buf, r->categories);
	kore_buf_appendf(buf, "</dd>");
	dd_open(buf, "consent", "field.consent");
	kore_buf_appendf(buf, "<a href=\"#consent-%s\">", r->consent_id);
	labelled(buf, "consent.state", cb_consent_state_name(r->consent_state));
	kore_buf_appendf(buf, "</a></dd>");
	cb_html_dd(buf, "note", "field.note", r->note);
	dd_when(buf, "sent", "field.sent", r->created_at, r->created_by_name);
	if (r->answer[0] != '\0') {
		dd_open(buf, "answer", "field.answer");
		labelled(buf, "referral.status", r->answer);
		kore_buf_appendf(buf, "</dd>");
		cb_html_dd(buf, "answer_reason", "field.answer_reason",
		    r->response);
		dd_when(buf, "answered", "field.answered", r->responded_at,
		    r->responded_by_name);
	}
	if (r->closed_at[0] != '\0')
		dd_when(buf, "closed", "field.closed", r->closed_at,
		    r->closed_by_name);
	kore_buf_appendf(buf, "</dl>");
	updates(buf, r);
	if (may_close && strcmp(r->status, "closed") != 0) {
		kore_buf_appendf(buf, "<form method=\"post\" action=\"/cases/%s/"
		    "referrals/%s/close\" class=\"form close\">", case_id,
		    r->id);
		cb_html_hidden(buf, "csrf", pg->csrf);
		kore_buf_appendf(buf, "<input type=\"hidden\" name=\"version\" "
		    "value=\"%d\"><button type=\"submit\">", r->version);
		cb_html_t(buf, "action.close_referral");
		kore_buf_appendf(buf, "</button></form>");
	}
	kore_buf_appendf(buf, "</div>");
}

void
cb_render_referral_section(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const struct cb_referral *items, size_t n,
    int may_add, int may_close)
{
	size_t		i;

	kore_buf_appendf(buf, "<section id=\"referrals\"><h2>");
	cb_html_t(buf, "page.referrals");
	kore_buf_appendf(buf, "</h2>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.referrals_empty");
		kore_buf_appendf(buf, "</p>");
	}
	for (i = 0; i < n; i++)
		referral_item(buf, pg, case_id, &items[i], may_close);
	if (may_add) {
		kore_buf_appendf(buf, "<p><a class=\"action\" href=\"/cases/%s/"
		    "referrals/new\">", case_id);
		cb_html_t(buf, "action.send_referral");
		kore_buf_appendf(buf, "</a></p>");
	}
	kore_buf_appendf(buf, "</section>");
}

/* The organisation to share with, by name (and country). */
static void
org_select(struct kore_buf *buf, const struct cb_org *orgs, size_t n,
    const char *val, const char *err)
{
	size_t		i;

	kore_buf_appendf(buf, "<div class=\"field%s\"><label "
	    "for=\"organisation_id\">", err ? " invalid" : "");
	cb_html_t(buf, "field.organisation_id");
	kore_buf_appendf(buf, " *</label><select id=\"organisation_id\" "
	    "name=\"organisation_id\"%s><option value=\"\"></option>",
	    err ? " aria-invalid=\"true\" aria-describedby="
	    "\"err-organisation_id\"" : "");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(buf, "<option value=\"%s\"%s>", orgs[i].id,
		    val != NULL && strcmp(val, orgs[i].id) == 0 ?
		    " selected" : "");
		cb_html_cstr(buf, orgs[i].name);
		kore_buf_appendf(buf, " (");
		cb_html_cstr(buf, orgs[i].country);
		kore_buf_appendf(buf, ")</option>");
	}
	kore_buf_appendf(buf, "</select>");
	field_error(buf, "organisation_id", err);
	kore_buf_appendf(buf, "</div>");
}

void
cb_render_consent_form(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const char *form_token, const struct cb_org *orgs,
    size_t norgs, const struct cb_values *vals, const struct cb_ferrors *fe)
{
	const struct cb_form	*form;
	const struct cb_field	*f;
	size_t			 i;

	form = &cb_form_consent;
	cb_html_page_begin(buf, pg, "page.consent.new");
	errors_banner(buf, fe);
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.consent");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/%s/"
	    "consents/new\" class=\"form\" novalidate>", case_id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "form_token", form_token);
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (strcmp(f->name, "organisation_id") == 0)
			org_select(buf, orgs, norgs, cb_values_get(vals,
			    f->name), cb_ferrors_get(fe, f->name));
		else
			cb_html_field(buf, f, cb_values_get(vals, f->name),
			    cb_ferrors_get(fe, f->name));
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.record_consent");
	kore_buf_appendf(buf, "</button></form>");
	back(buf, case_id);
	cb_html_page_end(buf);
}

/* The consents a referral can go under now, by organisation. */
static void
consent_select(struct kore_buf *buf, const struct cb_consent *cs, size_t n,
    const char *val, const char *err, const char *refusal, int missing)
{
	size_t		i;
	int		bad;

	bad = err != NULL || refusal != NULL;
	kore_buf_appendf(buf, "<div class=\"field%s\"><label "
	    "for=\"consent_id\">", bad ? " invalid" : "");
	cb_html_t(buf, "field.consent_id");
	kore_buf_appendf(buf, " *</label><select id=\"consent_id\" "
	    "name=\"consent_id\"%s><option value=\"\"></option>",
	    bad ? " aria-invalid=\"true\" aria-describedby="
	    "\"err-consent_id\"" : "");
	for (i = 0; i < n; i++) {
		if (cs[i].state != CB_CONSENT_ACTIVE &&
		    (val == NULL || strcmp(val, cs[i].id) != 0))
			continue;
		kore_buf_appendf(buf, "<option value=\"%s\"%s>", cs[i].id,
		    val != NULL && strcmp(val, cs[i].id) == 0 ?
		    " selected" : "");
		cb_html_cstr(buf, cs[i].org_name);
		kore_buf_appendf(buf, ": ");
		cats(buf, cs[i].categories);
		kore_buf_appendf(buf, " (");
		cb_html_t(buf, "field.valid_until");
		kore_buf_appendf(buf, " ");
		cb_html_cstr(buf, cs[i].valid_until);
		kore_buf_appendf(buf, ")</option>");
	}
	kore_buf_appendf(buf, "</select>");
	if (refusal != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" "
		    "id=\"err-consent_id\">");
		cb_render_refusal_text(buf, refusal, missing);
		kore_buf_appendf(buf, "</p>");
	} else
		field_error(buf, "consent_id", err);
	kore_buf_appendf(buf, "</div>");
}

void
cb_render_referral_form(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const char *form_token,
    const struct cb_consent *cs, size_t n, const struct cb_values *vals,
    const struct cb_ferrors *fe, const char *refusal, int missing)
{
	const struct cb_form	*form;
	const struct cb_field	*f;
	size_t			 i, active;

	form = &cb_form_referral_page;
	cb_html_page_begin(buf, pg, "page.referral.new");
	errors_banner(buf, fe);
	for (i = 0, active = 0; i < n; i++)
		active += cs[i].state == CB_CONSENT_ACTIVE;
	if (active == 0) {
		kore_buf_appendf(buf, "<p class=\"none\" id=\"no-consent\">");
		cb_html_t(buf, "hint.referral_no_consent");
		kore_buf_appendf(buf, " <a href=\"/cases/%s/consents/new\">",
		    case_id);
		cb_html_t(buf, "action.record_consent");
		kore_buf_appendf(buf, "</a></p>");
	}
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.referral");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/%s/"
	    "referrals/new\" class=\"form\" novalidate>", case_id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "form_token", form_token);
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (strcmp(f->name, "consent_id") == 0)
			consent_select(buf, cs, n, cb_values_get(vals,
			    f->name), cb_ferrors_get(fe, f->name), refusal,
			    missing);
		else if (strcmp(f->name, "reason") == 0)
			enum_select(buf, f, "field.referral_reason",
			    "opt.reason", cb_values_get(vals, f->name),
			    cb_ferrors_get(fe, f->name));
		else
			cb_html_field(buf, f, cb_values_get(vals, f->name),
			    cb_ferrors_get(fe, f->name));
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.send_referral");
	kore_buf_appendf(buf, "</button></form>");
	back(buf, case_id);
	cb_html_page_end(buf);
}

void
cb_render_withdraw_page(struct kore_buf *buf, const struct cb_page *pg,
    const char *case_id, const char *consent_id, const struct cb_values *vals,
    const struct cb_ferrors *fe, const char *errkey)
{
	const char	*err, *val;

	cb_html_page_begin(buf, pg, "page.consent.withdraw");
	errors_banner(buf, fe);
	if (errkey != NULL && (fe == NULL || fe->n == 0)) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, errkey);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.withdraw");
	kore_buf_appendf(buf, "</p><form method=\"post\" action=\"/cases/%s/"
	    "consents/%s/withdraw\" class=\"form\" novalidate>", case_id,
	    consent_id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	err = cb_ferrors_get(fe, "reason");
	val = cb_values_get(vals, "reason");
	kore_buf_appendf(buf, "<div class=\"field%s\"><label for=\"reason\">",
	    err ? " invalid" : "");
	cb_html_t(buf, "field.withdrawal_reason");
	kore_buf_appendf(buf, "</label><textarea id=\"reason\" name=\"reason\" "
	    "dir=\"auto\" rows=\"3\" maxlength=\"1000\"%s>", err ?
	    " aria-invalid=\"true\" aria-describedby=\"err-reason\"" : "");
	if (val != NULL)
		cb_html_cstr(buf, val);
	kore_buf_appendf(buf, "</textarea>");
	field_error(buf, "reason", err);
	kore_buf_appendf(buf, "</div><button type=\"submit\">");
	cb_html_t(buf, "action.withdraw_consent");
	kore_buf_appendf(buf, "</button></form>");
	back(buf, case_id);
	cb_html_page_end(buf);
}

void
cb_render_orgs_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_org *items, size_t n, const struct cb_values *vals,
    const struct cb_ferrors *fe, const char *errkey)
{
	const struct cb_field	*f;
	const char		*err, *val;
	size_t			 i;

	cb_html_page_begin(buf, pg, "page.organisations");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.organisations_empty");
		kore_buf_appendf(buf, "</p>");
	} else {
		kore_buf_appendf(buf, "<table class=\"organisations\"><thead>"
		    "<tr><th>");
		cb_html_t(buf, "field.org_name");
		kore_buf_appendf(buf, "</th><th>");
		cb_html_t(buf, "field.org_type");
		kore_buf_appendf(buf, "</th><th>");
		cb_html_t(buf, "field.country");
		kore_buf_appendf(buf, "</th><th>");
		cb_html_t(buf, "field.created_at");
		kore_buf_appendf(buf, "</th></tr></thead><tbody>");
		for (i = 0; i < n; i++) {
			kore_buf_appendf(buf, "<tr data-org=\"%s\"><td "
			    "dir=\"auto\" data-field=\"name\">", items[i].id);
			cb_html_cstr(buf, items[i].name);
			kore_buf_appendf(buf, "</td><td data-field=\"type\">");
			labelled(buf, "opt.org_type", items[i].type);
			kore_buf_appendf(buf, "</td><td "
			    "data-field=\"country\">");
			cb_html_cstr(buf, items[i].country);
			kore_buf_appendf(buf, "</td><td>");
			cb_html_when(buf, items[i].created_at);
			kore_buf_appendf(buf, "</td></tr>");
		}
		kore_buf_appendf(buf, "</tbody></table>");
	}

	kore_buf_appendf(buf, "<h2>");
	cb_html_t(buf, "page.organisation.new");
	kore_buf_appendf(buf, "</h2>");
	errors_banner(buf, fe);
	if (errkey != NULL && (fe == NULL || fe->n == 0)) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, errkey);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<form method=\"post\" action=\"/organisations\" "
	    "class=\"form\" novalidate>");
	cb_html_hidden(buf, "csrf", pg->csrf);
	/* Name and type have labels of their own (field.name, field.type
	 * mean other things elsewhere). */
	err = cb_ferrors_get(fe, "name");
	val = cb_values_get(vals, "name");
	kore_buf_appendf(buf, "<div class=\"field%s\"><label for=\"name\">",
	    err ? " invalid" : "");
	cb_html_t(buf, "field.org_name");
	kore_buf_appendf(buf, " *</label><input id=\"name\" name=\"name\" "
	    "type=\"text\" dir=\"auto\" maxlength=\"%d\"%s value=\"",
	    CB_ORG_NAME_MAX, err ? " aria-invalid=\"true\" "
	    "aria-describedby=\"err-name\"" : "");
	cb_html_cstr(buf, val != NULL ? val : "");
	kore_buf_appendf(buf, "\">");
	field_error(buf, "name", err);
	kore_buf_appendf(buf, "</div>");

	f = &cb_form_org.fields[cb_form_index(&cb_form_org, "type")];
	enum_select(buf, f, "field.org_type", "opt.org_type",
	    cb_values_get(vals, "type"), cb_ferrors_get(fe, "type"));
	f = &cb_form_org.fields[cb_form_index(&cb_form_org, "country")];
	cb_html_field(buf, f, cb_values_get(vals, "country"),
	    cb_ferrors_get(fe, "country"));
	kore_buf_appendf(buf, "<button type=\"submit\">");
	cb_html_t(buf, "action.add_organisation");
	kore_buf_appendf(buf, "</button></form>");
	cb_html_page_end(buf);
}
