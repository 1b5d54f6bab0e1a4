/*
 * audit_page: the result of verifying the audit log.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

void
cb_render_audit_verify(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_audit_result *r)
{
	char	key[64];

	cb_html_page_begin(buf, pg, "page.audit");
	kore_buf_appendf(buf, "<p class=\"hint\">");
	cb_html_t(buf, "hint.audit");
	kore_buf_appendf(buf, "</p><dl class=\"audit\"><dt>");
	cb_html_t(buf, "audit.result");
	kore_buf_appendf(buf, "</dt><dd data-field=\"ok\" class=\"%s\">",
	    r->ok ? "good" : "error");
	cb_html_t(buf, r->ok ? "audit.ok" : "audit.broken");
	kore_buf_appendf(buf, "</dd><dt>");
	cb_html_t(buf, "audit.entries");
	kore_buf_appendf(buf, "</dt><dd data-field=\"entries\">%lld</dd><dt>",
	    r->entries);
	cb_html_t(buf, "audit.checkpoints");
	kore_buf_appendf(buf, "</dt><dd data-field=\"checkpoints\">%lld</dd>",
	    r->checkpoints);
	if (!r->ok) {
		kore_buf_appendf(buf, "<dt>");
		cb_html_t(buf, "audit.first_bad");
		kore_buf_appendf(buf, "</dt><dd data-field=\"first_bad\">"
		    "%lld</dd><dt>", r->first_bad);
		cb_html_t(buf, "audit.fault");
		(void)snprintf(key, sizeof(key), "audit.fault.%s", r->fault);
		kore_buf_appendf(buf, "</dt><dd data-field=\"fault\">");
		cb_html_t(buf, key);
		kore_buf_appendf(buf, "</dd>");
	}
	kore_buf_appendf(buf, "</dl>");
	cb_html_page_end(buf);
}
