/*
 * home: each role's landing page. A caseworker's and a supervisor's
 * show the counts of their work (home_counts), each linking to the
 * list it counts; the other roles' say what they can do here.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/listing.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

static void	count_row(struct kore_buf *, const char *, const char *,
		    const char *, const char *, long long);
static void	section(struct kore_buf *, const char *, const char *);
static void	section_end(struct kore_buf *);
static void	stages(struct kore_buf *, const struct cb_home *, int);
static void	assignees(struct kore_buf *, const struct cb_home *);

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
	cb_html_page_begin(buf, pg, key);
	(void)snprintf(key, sizeof(key), "home.%s.now",
	    cb_role_name(pg->actor->role));
	kore_buf_appendf(buf, "<p>");
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "</p><p class=\"hint\">");
	(void)snprintf(key, sizeof(key), "home.%s.soon",
	    cb_role_name(pg->actor->role));
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "</p>");
	if (pg->actor->role & (CB_ROLE_AUDITOR | CB_ROLE_ADMIN)) {
		kore_buf_appendf(buf, "<p><a href=\"/audit\">");
		cb_html_t(buf, "action.verify_audit");
		kore_buf_appendf(buf, "</a></p>");
	}
	if (pg->actor->role == CB_ROLE_ADMIN) {
		kore_buf_appendf(buf, "<p><a href=\"/organisations\">");
		cb_html_t(buf, "action.manage_organisations");
		kore_buf_appendf(buf, "</a></p>");
	}
	cb_html_page_end(buf);
}

/* One line of a counts table: a label linking to the list it counts,
 * and the count, named by data-field for whoever checks it. */
static void
count_row(struct kore_buf *buf, const char *href, const char *labelkey,
    const char *label, const char *field, long long n)
{
	kore_buf_appendf(buf, "<tr><th scope=\"row\"><a href=\"");
	cb_html_cstr(buf, href);
	kore_buf_appendf(buf, "\">");
	if (labelkey != NULL)
		cb_html_t(buf, labelkey);
	else
		cb_html_cstr(buf, label);
	kore_buf_appendf(buf, "</a></th><td data-field=\"");
	cb_html_cstr(buf, field);
	kore_buf_appendf(buf, "\">%lld</td></tr>", n);
}

static void
section(struct kore_buf *buf, const char *titlekey, const char *hintkey)
{
	kore_buf_appendf(buf, "<section class=\"home\"><h2>");
	cb_html_t(buf, titlekey);
	kore_buf_appendf(buf, "</h2>");
	if (hintkey != NULL) {
		kore_buf_appendf(buf, "<p class=\"hint\">");
		cb_html_t(buf, hintkey);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "<table class=\"counts\"><tbody>");
}

static void
section_end(struct kore_buf *buf)
{
	kore_buf_appendf(buf, "</tbody></table></section>");
}

/* Cases by stage: a caseworker's open ones, a supervisor's office's
 * in all six stages; each stage links to the list filtered by it. */
static void
stages(struct kore_buf *buf, const struct cb_home *h, int mine)
{
	char		 href[96], key[64], field[64];
	long long	 n, total;
	size_t		 i;

	section(buf, mine ? "home.mine_by_stage" : "home.office_by_stage",
	    NULL);
	total = 0;
	for (i = 0; cb_flow_stages[i] != NULL; i++) {
		if (mine && strcmp(cb_flow_stages[i], "closed") == 0)
			continue;
		n = cb_home_get(h, "stage", cb_flow_stages[i]);
		total += n;
		(void)snprintf(href, sizeof(href), "/cases?stage=%s%s",
		    cb_flow_stages[i], mine ? "&assigned_to=me" : "");
		(void)snprintf(key, sizeof(key), "stage.%s",
		    cb_flow_stages[i]);
		(void)snprintf(field, sizeof(field), "stage.%s",
		    cb_flow_stages[i]);
		count_row(buf, href, key, NULL, field, n);
	}
	kore_buf_appendf(buf, "<tr class=\"total\"><th scope=\"row\">");
	cb_html_t(buf, mine ? "home.all_open" : "home.all");
	kore_buf_appendf(buf, "</th><td data-field=\"stage.total\">%lld"
	    "</td></tr>", total);
	section_end(buf);
}

/* The office's cases per assignee: open ones and all of them. */
static void
assignees(struct kore_buf *buf, const struct cb_home *h)
{
	const struct cb_home_count	*c;
	size_t				 i, shown;

	kore_buf_appendf(buf, "<section class=\"home\"><h2>");
	cb_html_t(buf, "home.by_assignee");
	kore_buf_appendf(buf, "</h2><table class=\"counts\"><thead><tr>"
	    "<th scope=\"col\">");
	cb_html_t(buf, "list.assignee");
	kore_buf_appendf(buf, "</th><th scope=\"col\">");
	cb_html_t(buf, "home.open");
	kore_buf_appendf(buf, "</th><th scope=\"col\">");
	cb_html_t(buf, "home.all");
	kore_buf_appendf(buf, "</th></tr></thead><tbody>");
	for (i = 0, shown = 0; i < h->n; i++) {
		c = &h->items[i];
		if (strcmp(c->kind, "assignee") != 0 ||
		    !cb_uuid_valid(c->key))
			continue;
		shown++;
		kore_buf_appendf(buf, "<tr><th scope=\"row\"><a href=\""
		    "/cases?assigned_to=%s\">", c->key);
		cb_html_cstr(buf, c->label);
		kore_buf_appendf(buf, "</a></th><td data-field=\"assignee.%s."
		    "open\">%lld</td><td data-field=\"assignee.%s.all\">%lld"
		    "</td></tr>", c->key, c->open, c->key, c->count);
	}
	kore_buf_appendf(buf, "</tbody></table>");
	if (shown == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "list.empty");
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</section>");
}

void
cb_render_home_work(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_home *h)
{
	int	sup;

	sup = pg->actor != NULL && pg->actor->role == CB_ROLE_SUPERVISOR;
	cb_html_page_begin(buf, pg, sup ? "home.supervisor.title" :
	    "home.caseworker.title");
	if (sup) {
		section(buf, "home.for_you", NULL);
		count_row(buf, "/approvals", "home.approvals", NULL,
		    "approvals", cb_home_get(h, "approvals", NULL));
		section_end(buf);
		stages(buf, h, 0);
		assignees(buf, h);
	} else {
		section(buf, "home.for_you", NULL);
		count_row(buf, "/cases?assigned_to=me", "home.waiting", NULL,
		    "waiting", cb_home_get(h, "waiting", NULL));
		count_row(buf, "/approvals?status=rejected", "home.rejected",
		    NULL, "rejected", cb_home_get(h, "rejected", NULL));
		section_end(buf);
		stages(buf, h, 1);
		kore_buf_appendf(buf, "<p><a href=\"/cases/new\">");
		cb_html_t(buf, "nav.new_case");
		kore_buf_appendf(buf, "</a></p>");
	}
	cb_html_page_end(buf);
}
