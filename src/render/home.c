/*
 * home: the landing page of roles whose work is not a case list.
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
