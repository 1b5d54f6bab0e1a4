/*
 * case_page: one case, with its person for those who may see it.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/text.h"

void
cb_render_case_page(struct kore_buf *buf, const struct cb_page *pg,
    const struct cb_case *c)
{
	char		 key[96];
	size_t		 i;

	cb_html_page_begin(buf, pg, "page.case");
	kore_buf_appendf(buf, "<dl class=\"case\">");
	cb_html_dd(buf, "id", "field.id", c->id);
	(void)snprintf(key, sizeof(key), "opt.case_type.%s", c->case_type);
	cb_html_dd(buf, "case_type", "field.case_type", cb_t(key));
	(void)snprintf(key, sizeof(key), "stage.%s", c->stage);
	cb_html_dd(buf, "stage", "field.stage", cb_t(key));
	(void)snprintf(key, sizeof(key), "state.%s", c->state);
	cb_html_dd(buf, "state", "field.state", cb_t(key));
	cb_html_dd(buf, "htcds_status", "field.htcds_status", c->htcds);
	cb_html_dd(buf, "office", "field.office", c->office);
	cb_html_dd(buf, "created_at", "field.created_at", c->created_at);
	cb_html_dd(buf, "consent_data_processing", "field.consent_data_processing",
	    cb_t(c->consent ? "yes" : "no"));
	kore_buf_appendf(buf, "</dl>");

	if (c->person_visible) {
		kore_buf_appendf(buf, "<h2>");
		cb_html_t(buf, "page.case.person");
		kore_buf_appendf(buf, "</h2><dl class=\"person\">");
		for (i = 0; i < CB_SC_COUNT; i++) {
			(void)snprintf(key, sizeof(key), "field.%s",
			    cb_sealcols[i].field);
			cb_html_dd(buf, cb_sealcols[i].field, key, c->plain[i]);
		}
		(void)snprintf(key, sizeof(key), "opt.gender.%s", c->gender);
		cb_html_dd(buf, "person.gender", "field.person.gender",
		    c->gender[0] ? cb_t(key) : NULL);
		cb_html_dd(buf, "person.citizenship", "field.person.citizenship",
		    c->citizenship);
		cb_html_dd(buf, "person.age_band", "field.person.age_band",
		    c->age_band);
		kore_buf_appendf(buf, "</dl>");
	}
	cb_html_page_end(buf);
}
