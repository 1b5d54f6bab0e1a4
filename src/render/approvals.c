/*
 * approvals: the requests that wait for a supervisor, as JSON and as the
 * "waiting for me" page: each with what is asked (kind, from and to,
 * the facts it would record), who asked and when, a summary of the case
 * (names for those who may see them), and for a supervisor the form
 * that approves or rejects it with a comment.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/approval.h"
#include "domain/facts.h"
#include "domain/forms.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/json.h"
#include "text/text.h"

static void	str(struct kore_buf *, const char *, const char *, int);
static void	item_page(struct kore_buf *, const struct cb_page *,
		    const struct cb_approvals_view *,
		    const struct cb_approval_item *);
static void	label(struct kore_buf *, const char *, const char *);

static void
str(struct kore_buf *buf, const char *key, const char *val, int comma)
{
	if (comma)
		kore_buf_append(buf, ",", 1);
	cb_json_cstr(buf, key);
	kore_buf_append(buf, ":", 1);
	if (val == NULL || *val == '\0')
		kore_buf_appendf(buf, "null");
	else
		cb_json_cstr(buf, val);
}

static void
label(struct kore_buf *buf, const char *prefix, const char *code)
{
	char	key[128];

	(void)snprintf(key, sizeof(key), "%s.%s", prefix, code);
	cb_html_t(buf, key);
}

void
cb_render_approvals_json(struct kore_buf *buf,
    const struct cb_approval_item *items, size_t n)
{
	const struct cb_approval_item	*it;
	size_t				 i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		it = &items[i];
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		kore_buf_append(buf, "{", 1);
		str(buf, "id", it->id, 0);
		str(buf, "kind", it->kind, 1);
		str(buf, "from", it->from, 1);
		str(buf, "to", it->to, 1);
		str(buf, "status", it->status, 1);
		str(buf, "requested_by", it->requested_by, 1);
		str(buf, "requester", it->requester, 1);
		str(buf, "requested_at", it->requested_at, 1);
		str(buf, "decided_by", it->decider, 1);
		str(buf, "decided_at", it->decided_at, 1);
		kore_buf_appendf(buf, ",\"facts\":");
		cb_facts_to_json(buf, &it->facts);
		kore_buf_appendf(buf, ",\"case\":{");
		str(buf, "id", it->case_id, 0);
		str(buf, "case_type", it->case_type, 1);
		str(buf, "stage", it->stage, 1);
		str(buf, "state", it->state, 1);
		str(buf, "office", it->office, 1);
		kore_buf_appendf(buf, ",\"person\":{");
		if (it->given_name != NULL || it->family_name != NULL) {
			str(buf, "given_name", it->given_name, 0);
			str(buf, "family_name", it->family_name, 1);
		}
		kore_buf_appendf(buf, "}}}");
	}
	kore_buf_appendf(buf, "],\"next_cursor\":null}");
}

void
cb_render_decision_json(struct kore_buf *buf, const char *id, int approve,
    const char *case_id, const char *state, int version)
{
	kore_buf_append(buf, "{", 1);
	str(buf, "approval_id", id, 0);
	str(buf, "decision", approve ? "approve" : "reject", 1);
	str(buf, "case_id", case_id, 1);
	str(buf, "state", state, 1);
	kore_buf_appendf(buf, ",\"version\":%d}", version);
}

void
cb_render_approvals_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_approvals_view *av)
{
	size_t		i;

	cb_html_page_begin(buf, pg, "page.approvals");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, pg->actor != NULL &&
	    pg->actor->role == CB_ROLE_SUPERVISOR ? "hint.approvals" :
	    "hint.approvals.caseworker");
	kore_buf_appendf(buf, "</p>");
	if (av->failed != NULL && av->errkey != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" role=\"alert\" "
		    "id=\"refused\">");
		cb_html_t(buf, av->errkey);
		kore_buf_appendf(buf, "</p>");
	}
	if (av->n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.empty");
		kore_buf_appendf(buf, "</p>");
	}
	for (i = 0; i < av->n; i++)
		item_page(buf, pg, av, &av->items[i]);
	cb_html_page_end(buf);
}

static void
item_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_approvals_view *av, const struct cb_approval_item *it)
{
	const struct cb_ferrors	*fe;
	const char		*err;
	char			 key[96];
	size_t			 j;
	int			 failed;

	failed = av->failed != NULL && strcmp(av->failed, it->id) == 0;
	fe = failed ? av->fe : NULL;
	kore_buf_appendf(buf, "<section class=\"approval\" id=\"ap-%s\">"
	    "<h2>", it->id);
	label(buf, "approval.kind", it->kind);
	kore_buf_appendf(buf, "</h2><dl>");
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, "field.case");
	kore_buf_appendf(buf, "</dt><dd><a href=\"/cases/%s\">", it->case_id);
	cb_html_cstr(buf, it->case_type);
	kore_buf_appendf(buf, " %.8s</a>", it->case_id);
	if (it->given_name != NULL || it->family_name != NULL) {
		kore_buf_appendf(buf, " &middot; <span dir=\"auto\" "
		    "data-field=\"person\">");
		cb_html_cstr(buf, it->given_name != NULL ? it->given_name :
		    "");
		kore_buf_appendf(buf, " ");
		cb_html_cstr(buf, it->family_name != NULL ? it->family_name :
		    "");
		kore_buf_appendf(buf, "</span>");
	}
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "field.stage");
	kore_buf_appendf(buf, "</dt><dd>");
	label(buf, "stage", it->stage);
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "field.request");
	kore_buf_appendf(buf, "</dt><dd>");
	label(buf, "state", it->from);
	kore_buf_appendf(buf, " &rarr; ");
	label(buf, "state", it->to);
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "field.requested_by");
	kore_buf_appendf(buf, "</dt><dd>");
	cb_html_cstr(buf, it->requester);
	kore_buf_appendf(buf, ", ");
	cb_html_when(buf, it->requested_at);
	kore_buf_appendf(buf, "</dd>");
	for (j = 0; j < it->facts.n; j++) {
		(void)snprintf(key, sizeof(key), "field.%s",
		    it->facts.name[j]);
		kore_buf_appendf(buf, "<dt>");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</dt><dd data-field=\"%s\">",
		    it->facts.name[j]);
		cb_html_fact(buf, it->facts.name[j], it->facts.value[j]);
		kore_buf_appendf(buf, "</dd>");
	}
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, "field.status");
	kore_buf_appendf(buf, "</dt><dd>");
	label(buf, "approval.status", it->status);
	kore_buf_appendf(buf, "</dd></dl>");

	/* Only a supervisor decides, and never their own request (the
	 * server refuses both whatever the page shows). */
	if (pg->actor == NULL || pg->actor->role != CB_ROLE_SUPERVISOR ||
	    strcmp(it->status, "pending") != 0 ||
	    strcmp(it->requested_by, pg->actor->user_id) == 0) {
		kore_buf_appendf(buf, "</section>");
		return;
	}
	kore_buf_appendf(buf, "<form method=\"post\" "
	    "action=\"/approvals/%s/decision\" class=\"form decision\" "
	    "novalidate>", it->id);
	cb_html_hidden(buf, "csrf", pg->csrf);
	err = fe != NULL ? cb_ferrors_get(fe, "decision") : NULL;
	kore_buf_appendf(buf, "<fieldset%s><legend>", err ?
	    " class=\"invalid\"" : "");
	cb_html_t(buf, "field.decision");
	kore_buf_appendf(buf, "</legend><label class=\"check\"><input "
	    "type=\"radio\" name=\"decision\" value=\"approve\" "
	    "id=\"d-%s-approve\"> ", it->id);
	cb_html_t(buf, "action.approve");
	kore_buf_appendf(buf, "</label><label class=\"check\"><input "
	    "type=\"radio\" name=\"decision\" value=\"reject\" "
	    "id=\"d-%s-reject\"> ", it->id);
	cb_html_t(buf, "action.reject");
	kore_buf_appendf(buf, "</label></fieldset>");
	err = fe != NULL ? cb_ferrors_get(fe, "comment") : NULL;
	kore_buf_appendf(buf, "<div class=\"field%s\"><label "
	    "for=\"c-%s\">", err ? " invalid" : "", it->id);
	cb_html_t(buf, "field.comment");
	kore_buf_appendf(buf, "</label><textarea id=\"c-%s\" name=\"comment\" "
	    "dir=\"auto\" rows=\"2\" maxlength=\"1000\"%s>", it->id, err ?
	    " aria-invalid=\"true\"" : "");
	if (failed && av->comment != NULL)
		cb_html_cstr(buf, av->comment);
	kore_buf_appendf(buf, "</textarea>");
	if (err != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\">");
		cb_html_t(buf, err);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</div><button type=\"submit\">");
	cb_html_t(buf, "action.decide");
	kore_buf_appendf(buf, "</button></form></section>");
}
