/*
 * audit_log: the audit log for auditors and admins, as JSON and as the
 * page /audit/log: who (username and role) did what (the action and its
 * outcome) to which record, and the field names involved, newest first,
 * a page at a time. The log holds no personal value, so nothing here
 * needs opening or hiding.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/auditlog.h"
#include "domain/forms.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "render/stats.h"
#include "text/json.h"
#include "text/text.h"

static void	json_list(struct kore_buf *, const char *);
static void	opt_str(struct kore_buf *, const char *);
static void	input(struct kore_buf *, const struct cb_audit_list_view *,
		    const char *, const char *);
static void	time_text(struct kore_buf *, const char *);
static void	row(struct kore_buf *, const struct cb_audit_item *);

/* A comma-separated list as a JSON array of strings. */
static void
json_list(struct kore_buf *buf, const char *csv)
{
	const char	*p, *end;

	kore_buf_append(buf, "[", 1);
	for (p = csv; p != NULL && *p != '\0';
	    p = (*end == ',') ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (p != csv)
			kore_buf_append(buf, ",", 1);
		cb_json_str(buf, p, end - p);
	}
	kore_buf_append(buf, "]", 1);
}

static void
opt_str(struct kore_buf *buf, const char *s)
{
	if (s == NULL || *s == '\0')
		kore_buf_appendf(buf, "null");
	else
		cb_json_cstr(buf, s);
}

void
cb_render_audit_list_json(struct kore_buf *buf,
    const struct cb_audit_item *items, size_t n, const char *next)
{
	const struct cb_audit_item	*e;
	size_t				 i;

	cb_buf_reserve(buf, 64 + n * 320);
	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		e = &items[i];
		kore_buf_appendf(buf, "%s{\"seq\":%lld,\"at\":", i ? "," : "",
		    e->seq);
		cb_json_cstr(buf, e->at);
		kore_buf_appendf(buf, ",\"actor\":");
		opt_str(buf, e->actor);
		kore_buf_appendf(buf, ",\"actor_username\":");
		opt_str(buf, e->username);
		kore_buf_appendf(buf, ",\"role\":");
		opt_str(buf, e->role);
		kore_buf_appendf(buf, ",\"action\":");
		cb_json_cstr(buf, e->action);
		kore_buf_appendf(buf, ",\"record_id\":");
		opt_str(buf, e->record_id);
		kore_buf_appendf(buf, ",\"records\":");
		json_list(buf, e->records);
		kore_buf_appendf(buf, ",\"fields\":");
		json_list(buf, e->fields);
		kore_buf_appendf(buf, ",\"outcome\":");
		cb_json_cstr(buf, e->outcome);
		kore_buf_append(buf, "}", 1);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":");
	opt_str(buf, next);
	kore_buf_append(buf, "}", 1);
}

static void
input(struct kore_buf *buf, const struct cb_audit_list_view *v,
    const char *name, const char *type)
{
	const struct cb_kv	*kv;
	const char		*err;
	char			 key[64];

	kv = v->raw != NULL ? cb_kv_get(v->raw, name) : NULL;
	err = v->fe != NULL ? cb_ferrors_get(v->fe, name) : NULL;
	(void)snprintf(key, sizeof(key), "audit.filter.%s", name);
	kore_buf_appendf(buf, "<div class=\"field%s\"><label for=\"f-%s\">",
	    err ? " invalid" : "", name);
	cb_html_t(buf, key);
	kore_buf_appendf(buf, "</label><input id=\"f-%s\" name=\"%s\" "
	    "type=\"%s\" value=\"", name, name, type);
	cb_html_cstr(buf, kv != NULL ? kv->value : "");
	kore_buf_appendf(buf, "\">");
	if (err != NULL) {
		kore_buf_appendf(buf, "<p class=\"error\" id=\"err-%s\">", name);
		cb_html_t(buf, err);
		kore_buf_appendf(buf, "</p>");
	}
	kore_buf_appendf(buf, "</div>");
}

/* 2026-03-01T10:11:12.345678Z -> 2026-03-01 10:11:12 UTC, in <time>. */
static void
time_text(struct kore_buf *buf, const char *at)
{
	kore_buf_appendf(buf, "<time datetime=\"");
	cb_html_cstr(buf, at);
	kore_buf_appendf(buf, "\">");
	if (strlen(at) >= 19 && at[10] == 'T') {
		cb_html_escape(buf, at, 10);
		kore_buf_append(buf, " ", 1);
		cb_html_escape(buf, at + 11, 8);
		kore_buf_appendf(buf, " UTC");
	} else {
		cb_html_cstr(buf, at);
	}
	kore_buf_appendf(buf, "</time>");
}

static void
row(struct kore_buf *buf, const struct cb_audit_item *e)
{
	const char	*p;
	char		 key[48];
	size_t		 n;

	kore_buf_appendf(buf, "<tr data-seq=\"%lld\"><td class=\"num\">%lld"
	    "</td><td>", e->seq, e->seq);
	time_text(buf, e->at);
	kore_buf_appendf(buf, "</td><td data-field=\"actor\">");
	cb_html_cstr(buf, e->username[0] != '\0' ? e->username : "-");
	kore_buf_appendf(buf, "</td><td>");
	/* The CLI's role (admin_cli) has no label: shown as it is. */
	(void)snprintf(key, sizeof(key), "role.%s", e->role);
	if (cb_i18n_has(key))
		cb_html_t(buf, key);
	else
		cb_html_cstr(buf, e->role);
	kore_buf_appendf(buf, "</td><td data-field=\"action\"><code>");
	cb_html_cstr(buf, e->action);
	kore_buf_appendf(buf, "</code></td><td data-field=\"record\">");
	if (e->record_id[0] != '\0') {
		kore_buf_appendf(buf, "<a href=\"/audit/log?record_id=%s\">"
		    "<code>", e->record_id);
		cb_html_cstr(buf, e->record_id);
		kore_buf_appendf(buf, "</code></a>");
	}
	if (e->records != NULL && e->records[0] != '\0') {
		for (n = 1, p = e->records; (p = strchr(p, ',')) != NULL; p++)
			n++;
		kore_buf_appendf(buf, "<span class=\"hint\">%zu ", n);
		cb_html_t(buf, "audit.log.records");
		kore_buf_appendf(buf, "</span>");
	}
	kore_buf_appendf(buf, "</td><td data-field=\"fields\">");
	/* Names joined by ", " so that a long list wraps. */
	for (p = e->fields; p != NULL && *p != '\0'; p += n) {
		n = strcspn(p, ",");
		cb_html_escape(buf, p, n);
		if (p[n] == ',') {
			kore_buf_appendf(buf, ", ");
			n++;
		}
	}
	kore_buf_appendf(buf, "</td><td data-field=\"outcome\">");
	cb_html_cstr(buf, e->outcome);
	kore_buf_appendf(buf, "</td></tr>");
}

void
cb_render_audit_list_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_audit_list_view *v)
{
	static const char *const cols[] = { "seq", "at", "actor", "role",
	    "action", "record", "fields", "outcome" };
	char	key[48];
	size_t	i;

	cb_html_page_begin(buf, pg, "page.audit_log");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "audit.log.intro");
	kore_buf_appendf(buf, "</p><form class=\"filters\" method=\"get\" "
	    "action=\"/audit/log\">");
	input(buf, v, "record_id", "text");
	input(buf, v, "actor", "text");
	input(buf, v, "since", "text");
	input(buf, v, "limit", "number");
	kore_buf_appendf(buf, "<p><button type=\"submit\">");
	cb_html_t(buf, "audit.log.show");
	kore_buf_appendf(buf, "</button></p></form>");
	if (!v->listed) {
		cb_html_page_end(buf);
		return;
	}
	if (v->n == 0) {
		kore_buf_appendf(buf, "<p class=\"none\">");
		cb_html_t(buf, "audit.log.empty");
		kore_buf_appendf(buf, "</p>");
		cb_html_page_end(buf);
		return;
	}
	kore_buf_appendf(buf, "<table class=\"audit-log\"><thead><tr>");
	for (i = 0; i < NITEMS(cols); i++) {
		(void)snprintf(key, sizeof(key), "audit.col.%s", cols[i]);
		kore_buf_appendf(buf, "<th scope=\"col\">");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</th>");
	}
	kore_buf_appendf(buf, "</tr></thead><tbody>");
	for (i = 0; i < v->n; i++)
		row(buf, &v->items[i]);
	kore_buf_appendf(buf, "</tbody></table>");
	if (v->next_query != NULL) {
		kore_buf_appendf(buf, "<p><a rel=\"next\" href=\"/audit/log?");
		cb_html_cstr(buf, v->next_query);
		kore_buf_appendf(buf, "\">");
		cb_html_t(buf, "list.next");
		kore_buf_appendf(buf, "</a></p>");
	}
	cb_html_page_end(buf);
}
