/*
 * case_page: one case for its team: where it stands (stage, state,
 * HTCDS status, a request waiting for a supervisor), the person for
 * those who may see them, the answers recorded so far, linked cases,
 * what the caller may do next as forms drawn from the flow's field
 * tables, and what happened, in order, with who did it.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/facts.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/history.h"
#include "render/assistance.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/referral.h"
#include "render/render.h"
#include "render/survey.h"
#include "text/json.h"
#include "text/text.h"

#define STEPS_MAX	16

static void	summary(struct kore_buf *, const struct cb_case *);
static void	person(struct kore_buf *, const struct cb_case *);
static void	facts(struct kore_buf *, const struct cb_facts *);
static void	links(struct kore_buf *, const struct cb_page *,
		    const struct cb_case *);
static void	steps(struct kore_buf *, const struct cb_page *,
		    const struct cb_case_pageview *);
static void	step_form(struct kore_buf *, const struct cb_page *,
		    const struct cb_case_pageview *,
		    const struct cb_transition *);
static void	history(struct kore_buf *, const struct cb_history *);
static void	history_what(struct kore_buf *,
		    const struct cb_history_item *);
static void	history_data(struct kore_buf *, const char *);
static void	labelled(struct kore_buf *, const char *, const char *);

void
cb_render_case_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case_pageview *pv)
{
	const struct cb_case	*c;
	char			 key[96];

	c = pv->c;
	cb_html_page_begin(buf, pg, "page.case");
	if (pv->stale) {
		(void)snprintf(key, sizeof(key), "state.%s", c->state);
		kore_buf_appendf(buf, "<div class=\"error\" role=\"alert\" "
		    "id=\"stale\"><p>");
		cb_html_t(buf, "case.stale");
		kore_buf_appendf(buf, "</p><p>");
		cb_html_t(buf, "case.stale_now");
		kore_buf_appendf(buf, " <strong>");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</strong> (");
		cb_html_t(buf, "field.version");
		kore_buf_appendf(buf, " %d &rarr; %d).</p></div>",
		    pv->stale_version, c->version);
	} else if (pv->errkey != NULL && pv->form_to != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\" "
		    "id=\"refused\">");
		cb_html_t(buf, pv->errkey);
		kore_buf_appendf(buf, "</p>");
	}

	summary(buf, c);
	person(buf, c);
	facts(buf, &c->facts);
	links(buf, pg, c);
	steps(buf, pg, pv);
	if (pv->caseworkers != NULL) {
		kore_buf_appendf(buf, "<h2>");
		cb_html_t(buf, "page.case.assignment");
		kore_buf_appendf(buf, "</h2>");
		cb_render_assignment_form(buf, pg, c->id, c->version,
		    c->assigned_to, pv->caseworkers, pv->ncaseworkers);
	}
	if (pv->hist != NULL) {
		cb_render_assistance_section(buf, c->id, pv->assist,
		    pv->nassist, NULL, pv->assist_add);
		if (pv->show_surveys)
			cb_render_survey_section(buf, c->id, pv->surveys,
			    pv->nsurveys, pv->survey_add);
		cb_render_consent_section(buf, pg, c->id, pv->consents,
		    pv->nconsents, pv->refer_add, pv->refer_manage);
		cb_render_referral_section(buf, pg, c->id, pv->referrals,
		    pv->nreferrals, pv->refer_add, pv->refer_manage);
		history(buf, pv->hist);
	}
	cb_html_page_end(buf);
}

static void
labelled(struct kore_buf *buf, const char *prefix, const char *code)
{
	char	key[128];

	(void)snprintf(key, sizeof(key), "%s.%s", prefix, code);
	cb_html_t(buf, key);
}

static void
summary(struct kore_buf *buf, const struct cb_case *c)
{
	char	key[96];

	kore_buf_appendf(buf, "<dl class=\"case\">");
	cb_html_dd(buf, "id", "field.id", c->id);
	(void)snprintf(key, sizeof(key), "opt.case_type.%s", c->case_type);
	cb_html_dd(buf, "case_type", "field.case_type", cb_t(key));
	(void)snprintf(key, sizeof(key), "stage.%s", c->stage);
	cb_html_dd(buf, "stage", "field.stage", cb_t(key));
	(void)snprintf(key, sizeof(key), "state.%s", c->state);
	cb_html_dd(buf, "state", "field.state", cb_t(key));
	(void)snprintf(key, sizeof(key), "htcds.%s", c->htcds);
	cb_html_dd(buf, "htcds_status", "field.htcds_status", cb_t(key));
	cb_html_dd(buf, "office", "field.office", c->office);
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, "field.created_at");
	kore_buf_appendf(buf, "</dt><dd data-field=\"created_at\">");
	cb_html_when(buf, c->created_at);
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "field.updated_at");
	kore_buf_appendf(buf, "</dt><dd data-field=\"updated_at\">");
	cb_html_when(buf, c->updated_at);
	kore_buf_appendf(buf, "</dd>");
	cb_html_dd(buf, "consent_data_processing",
	    "field.consent_data_processing", cb_t(c->consent ? "yes" : "no"));
	kore_buf_appendf(buf, "</dl>");

	if (c->pending[0] != '\0') {
		kore_buf_appendf(buf, "<p class=\"pending\" "
		    "data-field=\"pending_approval\">");
		cb_html_t(buf, "case.pending");
		kore_buf_appendf(buf, " <strong>");
		labelled(buf, "approval.kind", c->pending_kind);
		kore_buf_appendf(buf, "</strong> &rarr; ");
		labelled(buf, "state", c->pending_to);
		kore_buf_appendf(buf, "</p>");
	}
}

static void
person(struct kore_buf *buf, const struct cb_case *c)
{
	char	key[96];
	size_t	i;

	if (!c->person_visible)
		return;
	kore_buf_appendf(buf, "<h2>");
	cb_html_t(buf, "page.case.person");
	kore_buf_appendf(buf, "</h2><dl class=\"person\">");
	for (i = 0; i < CB_SC_COUNT; i++) {
		(void)snprintf(key, sizeof(key), "field.%s",
		    cb_sealcols[i].field);
		if (i == CB_SC_LANGUAGES)
			cb_html_dd_names(buf, cb_sealcols[i].field, key,
			    "lang.", c->plain[i]);
		else
			cb_html_dd(buf, cb_sealcols[i].field, key,
			    c->plain[i]);
	}
	(void)snprintf(key, sizeof(key), "opt.gender.%s", c->gender);
	cb_html_dd(buf, "person.gender", "field.person.gender",
	    c->gender[0] ? cb_t(key) : NULL);
	cb_html_dd_names(buf, "person.citizenship", "field.person.citizenship",
	    "country.", c->citizenship);
	cb_html_dd(buf, "person.age_band", "field.person.age_band",
	    c->age_band);
	kore_buf_appendf(buf, "</dl>");
}

/* The coded answers and process facts recorded so far. */
static void
facts(struct kore_buf *buf, const struct cb_facts *f)
{
	const struct cb_fact_def	*d;
	char				 key[96];
	size_t				 i, shown;

	shown = 0;
	for (i = 0; i < f->n; i++) {
		if ((d = cb_fact_def(f->name[i])) == NULL || d->derived)
			continue;
		if (shown++ == 0) {
			kore_buf_appendf(buf, "<h2>");
			cb_html_t(buf, "page.case.facts");
			kore_buf_appendf(buf, "</h2><dl class=\"facts\">");
		}
		(void)snprintf(key, sizeof(key), "field.%s", f->name[i]);
		kore_buf_appendf(buf, "<dt>");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</dt><dd data-field=\"%s\">",
		    f->name[i]);
		cb_html_fact(buf, f->name[i], f->value[i]);
		kore_buf_appendf(buf, "</dd>");
	}
	if (shown > 0)
		kore_buf_appendf(buf, "</dl>");
}

/*
 * Linked cases, and for a caseworker the form that opens one for the
 * same person: offered first when the record calls for it (trafficking
 * indicators at AVRR screening; "not a victim" or a voluntary return in
 * CT).
 */
static void
links(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case *c)
{
	const char	*p, *q, *pe, *qe, *other, *ts, *ds;
	int		 offered;

	kore_buf_appendf(buf, "<h2>");
	cb_html_t(buf, "page.case.links");
	kore_buf_appendf(buf, "</h2><ul class=\"links\">");
	for (p = c->linked, q = c->linked_types; p != NULL && q != NULL &&
	    *p != '\0'; p = *pe ? pe + 1 : pe, q = *qe ? qe + 1 : qe) {
		if ((pe = strchr(p, ',')) == NULL)
			pe = p + strlen(p);
		if ((qe = strchr(q, ',')) == NULL)
			qe = q + strlen(q);
		kore_buf_appendf(buf, "<li><a href=\"/cases/%.*s\">",
		    (int)(pe - p), p);
		kore_buf_append(buf, q, qe - q);
		kore_buf_appendf(buf, " %.8s</a></li>", p);
	}
	if (c->linked == NULL || *c->linked == '\0') {
		kore_buf_appendf(buf, "<li class=\"none\">");
		cb_html_t(buf, "list.empty");
		kore_buf_appendf(buf, "</li>");
	}
	kore_buf_appendf(buf, "</ul>");

	if (pg->actor == NULL || pg->actor->role != CB_ROLE_CASEWORKER)
		return;
	other = strcmp(c->case_type, "AVRR") == 0 ? "CT" : "AVRR";
	ts = cb_facts_get(&c->facts, "trafficking_status");
	ds = cb_facts_get(&c->facts, "durable_solution");
	offered = (strcmp(other, "CT") == 0 &&
	    cb_facts_true(&c->facts, "trafficking_indicators")) ||
	    (strcmp(other, "AVRR") == 0 && ((ts != NULL &&
	    strcmp(ts, "NotAVictimOfTrafficking") == 0) || (ds != NULL &&
	    strcmp(ds, "voluntary_return") == 0)));
	kore_buf_appendf(buf, "<form method=\"post\" action=\"/cases/%s/links\""
	    " class=\"link%s\">", c->id, offered ? " offered" : "");
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "case_type", other);
	if (offered) {
		kore_buf_appendf(buf, "<p class=\"hint\">");
		labelled(buf, "case.offer", other);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<button type=\"submit\">");
	labelled(buf, "action.link", other);
	kore_buf_appendf(buf, "</button></form>");
}

static void
steps(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case_pageview *pv)
{
	const struct cb_transition	*tr[STEPS_MAX];
	struct cb_flow_case		 fc;
	size_t				 n, i;

	if (pg->actor == NULL)
		return;
	memset(&fc, 0, sizeof(fc));
	fc.state = pv->c->state;
	fc.role = pg->actor->role;
	fc.facts = &pv->c->facts;
	fc.consent = pv->c->consent;
	n = 0;
	if (cb_case_type_parse(pv->c->case_type, &fc.type) == 0)
		n = cb_flow_allowed(&fc, tr, STEPS_MAX);
	kore_buf_appendf(buf, "<h2>");
	cb_html_t(buf, "page.case.steps");
	kore_buf_appendf(buf, "</h2>");
	if (n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, pv->c->pending[0] != '\0' ?
		    "case.steps.waiting" : "case.steps.none");
		kore_buf_appendf(buf, "</p>");
		return;
	}
	for (i = 0; i < n; i++)
		step_form(buf, pg, pv, tr[i]);
}

static void
step_form(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case_pageview *pv, const struct cb_transition *t)
{
	const struct cb_values	*vals;
	const struct cb_ferrors	*fe;
	char			 idp[80];
	size_t			 i;
	int			 again;

	again = pv->form_to != NULL && strcmp(pv->form_to, t->to) == 0;
	vals = again ? pv->vals : NULL;
	fe = again ? pv->fe : NULL;
	(void)snprintf(idp, sizeof(idp), "t-%s-", t->to);

	kore_buf_appendf(buf, "<details class=\"step\" id=\"to-%s\"%s>"
	    "<summary>", t->to, again ? " open" : "");
	labelled(buf, "to", t->to);
	if (t->approval == CB_APPROVAL_YES) {
		kore_buf_appendf(buf, " <span class=\"tag\">");
		cb_html_t(buf, "case.needs_approval");
		kore_buf_appendf(buf, "</span>");
	} else if (t->approval == CB_APPROVAL_IF_COSTED) {
		kore_buf_appendf(buf, " <span class=\"tag\">");
		cb_html_t(buf, "case.needs_approval_costed");
		kore_buf_appendf(buf, "</span>");
	}
	kore_buf_appendf(buf, "</summary><form method=\"post\" "
	    "action=\"/cases/%s/transitions\" class=\"form\" novalidate>",
	    pv->c->id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	cb_html_hidden(buf, "to", t->to);
	kore_buf_appendf(buf, "<input type=\"hidden\" name=\"version\" "
	    "value=\"%d\">", pv->c->version);
	if (again && fe != NULL && fe->n > 0) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\">");
		cb_html_t(buf, "err.form_has_errors");
		kore_buf_appendf(buf, "</p>");
	}
	for (i = 0; i < t->nfields; i++)
		cb_html_field_in(buf, &t->fields[i], idp, "data.",
		    vals != NULL ? cb_values_get(vals, t->fields[i].name) :
		    NULL, fe != NULL ? cb_ferrors_get(fe, t->fields[i].name) :
		    NULL);
	kore_buf_appendf(buf, "<div class=\"field\"><label for=\"%sreason\">",
	    idp);
	cb_html_t(buf, "field.reason");
	kore_buf_appendf(buf, "</label><textarea id=\"%sreason\" name=\"reason\""
	    " dir=\"auto\" rows=\"2\" maxlength=\"1000\">", idp);
	if (again && pv->reason != NULL)
		cb_html_cstr(buf, pv->reason);
	kore_buf_appendf(buf, "</textarea>");
	if (fe != NULL && cb_ferrors_get(fe, "reason") != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\">");
		cb_html_t(buf, cb_ferrors_get(fe, "reason"));
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</div><button type=\"submit\">");
	cb_html_t(buf, t->approval == CB_APPROVAL_YES ?
	    "action.request_approval" : "action.save");
	kore_buf_appendf(buf, "</button></form></details>");
}

static void
history(struct kore_buf *buf, const struct cb_history *h)
{
	const struct cb_history_item	*it;
	const struct cb_fact_def	*d;
	char				 key[96];
	size_t				 i, j;

	kore_buf_appendf(buf, "<h2>");
	cb_html_t(buf, "page.case.history");
	kore_buf_appendf(buf, "</h2><table class=\"history\"><thead><tr><th>");
	cb_html_t(buf, "hist.when");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "hist.who");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "hist.what");
	kore_buf_appendf(buf, "</th><th>");
	cb_html_t(buf, "hist.details");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0; i < h->n; i++) {
		it = &h->items[i];
		kore_buf_appendf(buf, "<tr class=\"h-%s\"><td>", it->kind);
		cb_html_when(buf, it->at);
		kore_buf_appendf(buf, "</td><td>");
		cb_html_cstr(buf, it->actor);
		if (it->role[0] != '\0') {
			kore_buf_appendf(buf, " (");
			labelled(buf, "role", it->role);
			kore_buf_appendf(buf, ")");
		}
		kore_buf_appendf(buf, "</td><td>");
		history_what(buf, it);
		kore_buf_appendf(buf, "</td><td dir=\"auto\">");
		for (j = 0; j < it->facts.n; j++) {
			d = cb_fact_def(it->facts.name[j]);
			if (d == NULL || d->derived)
				continue;
			(void)snprintf(key, sizeof(key), "field.%s",
			    it->facts.name[j]);
			kore_buf_appendf(buf, "<span class=\"kv\">");
			cb_html_t(buf, key);
			kore_buf_appendf(buf, ": ");
			cb_html_fact(buf, it->facts.name[j],
			    it->facts.value[j]);
			kore_buf_appendf(buf, "</span> ");
		}
		history_data(buf, it->data);
		if (it->reason != NULL) {
			kore_buf_appendf(buf, "<span class=\"kv\">");
			cb_html_t(buf, "field.reason");
			kore_buf_appendf(buf, ": ");
			cb_html_cstr(buf, it->reason);
			kore_buf_appendf(buf, "</span> ");
		}
		if (it->comment != NULL) {
			kore_buf_appendf(buf, "<span class=\"kv\">");
			cb_html_t(buf, "field.comment");
			kore_buf_appendf(buf, ": ");
			cb_html_cstr(buf, it->comment);
			kore_buf_appendf(buf, "</span>");
		}
		kore_buf_appendf(buf, "</td></tr>");
	}
	kore_buf_appendf(buf, "</tbody></table>");
}

static void
history_what(struct kore_buf *buf, const struct cb_history_item *it)
{
	if (strcmp(it->kind, "consent") == 0 ||
	    strcmp(it->kind, "referral") == 0) {
		labelled(buf, it->kind[0] == 'c' ? "hist.consent" :
		    "hist.referral", it->event);
		kore_buf_appendf(buf, " <strong dir=\"auto\">");
		cb_html_cstr(buf, it->org);
		kore_buf_appendf(buf, "</strong>");
		if (strcmp(it->event, "sent") == 0) {
			kore_buf_appendf(buf, " (");
			labelled(buf, "opt.reason", it->code);
			kore_buf_appendf(buf, ")");
		} else if (strcmp(it->event, "answered") == 0) {
			kore_buf_appendf(buf, ": ");
			labelled(buf, "referral.status", it->status);
		}
		return;
	}
	if (strcmp(it->kind, "referral_update") == 0) {
		cb_html_t(buf, "hist.referral_update");
		kore_buf_appendf(buf, " <strong dir=\"auto\">");
		cb_html_cstr(buf, it->org);
		kore_buf_appendf(buf, "</strong>: ");
		labelled(buf, "opt.services", it->code);
		kore_buf_appendf(buf, " ");
		labelled(buf, "opt.update_status", it->status);
		kore_buf_appendf(buf, " ");
		cb_html_cstr(buf, it->date);
		return;
	}
	if (strcmp(it->kind, "assistance") == 0) {
		cb_html_t(buf, "hist.assistance");
		kore_buf_appendf(buf, " <strong>");
		labelled(buf, "opt.type", it->code);
		kore_buf_appendf(buf, "</strong> ");
		cb_html_cstr(buf, it->date);
		if (it->amount[0] != '\0') {
			kore_buf_appendf(buf, ", ");
			cb_html_cstr(buf, it->amount);
			kore_buf_appendf(buf, " ");
			cb_html_cstr(buf, it->currency);
		}
		if (it->provider[0] != '\0') {
			kore_buf_appendf(buf, ", ");
			cb_html_cstr(buf, it->provider);
		}
		return;
	}
	if (strcmp(it->kind, "assignment") == 0) {
		cb_html_t(buf, "hist.assignment");
		kore_buf_appendf(buf, " ");
		cb_html_cstr(buf, it->from);
		kore_buf_appendf(buf, " &rarr; ");
		cb_html_cstr(buf, it->to);
		return;
	}
	if (strcmp(it->kind, "survey") == 0) {
		cb_html_t(buf, "hist.survey");
		kore_buf_appendf(buf, " (");
		labelled(buf, "opt.kind", it->code);
		kore_buf_appendf(buf, ") ");
		cb_html_cstr(buf, it->date);
		return;
	}
	if (strcmp(it->kind, "link") == 0) {
		cb_html_t(buf, "hist.link");
		kore_buf_appendf(buf, " <a href=\"/cases/%s\">", it->ref);
		cb_html_cstr(buf, it->code);
		kore_buf_appendf(buf, " %.8s</a>", it->ref);
		return;
	}
	if (strcmp(it->kind, "request") == 0) {
		cb_html_t(buf, "hist.request");
		kore_buf_appendf(buf, " <strong>");
		labelled(buf, "approval.kind", it->code);
		kore_buf_appendf(buf, "</strong> (");
		labelled(buf, "approval.status", it->status);
		kore_buf_appendf(buf, ")");
		return;
	}
	if (strcmp(it->kind, "decision") == 0) {
		labelled(buf, "hist.decision", it->status);
		kore_buf_appendf(buf, ": ");
		labelled(buf, "approval.kind", it->code);
		kore_buf_appendf(buf, " &rarr; ");
		labelled(buf, "state", it->to);
		return;
	}
	if (it->from[0] == '\0') {
		cb_html_t(buf, "hist.registered");
		kore_buf_appendf(buf, " ");
		labelled(buf, "state", it->to);
		return;
	}
	labelled(buf, "state", it->from);
	kore_buf_appendf(buf, " &rarr; ");
	labelled(buf, "state", it->to);
}

/* The sealed fields of a step, opened: labels and values. */
static void
history_data(struct kore_buf *buf, const char *data)
{
	struct cb_json		*j;
	const struct cb_json	*m;
	char			 key[96];

	if (data == NULL || cb_json_parse(data, strlen(data), &j, NULL) != 0)
		return;
	for (m = j->child; m != NULL; m = m->next) {
		if (m->type != CB_JSON_STRING)
			continue;
		(void)snprintf(key, sizeof(key), "field.%s", m->key);
		kore_buf_appendf(buf, "<span class=\"kv\">");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, ": ");
		if (strcmp(m->str, "true") == 0 || strcmp(m->str, "false") == 0)
			cb_html_t(buf, strcmp(m->str, "true") == 0 ?
			    "yes" : "no");
		else
			cb_html_escape(buf, m->str, m->len);
		kore_buf_appendf(buf, "</span> ");
	}
	cb_json_free(j);
}
