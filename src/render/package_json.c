/*
 * render/referral_json: the partner's side of referrals as JSON: the
 * inbox, the package (written field by field from the shared
 * categories only, cb_package_shows), the answer and an update.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "domain/package.h"
#include "render/package.h"
#include "text/json.h"
#include "text/text.h"

static void	csv_array(struct kore_buf *, const char *, const char *);
static void	cats_array(struct kore_buf *, int);
static void	consent_json(struct kore_buf *, const char *, const char *,
		    const char *);
static void	update_json(struct kore_buf *, const char *,
		    const struct cb_referral_update *);

/* ,"key":["a","b"] from "a,b" */
static void
csv_array(struct kore_buf *buf, const char *key, const char *csv)
{
	const char	*item;
	size_t		 len;
	int		 n;

	kore_buf_append(buf, ",", 1);
	cb_json_cstr(buf, key);
	kore_buf_appendf(buf, ":[");
	n = 0;
	while ((item = cb_csv_next(&csv, &len)) != NULL) {
		if (len == 0)
			continue;
		if (n++ > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_str(buf, item, len);
	}
	kore_buf_append(buf, "]", 1);
}

static void
cats_array(struct kore_buf *buf, int cats)
{
	char	list[128];

	cb_categories_str(cats, list, sizeof(list));
	csv_array(buf, "categories", list);
}

static void
consent_json(struct kore_buf *buf, const char *state, const char *from,
    const char *until)
{
	kore_buf_appendf(buf, ",\"consent\":{\"state\":");
	cb_json_cstr(buf, state);
	cb_json_member(buf, "valid_from", from);
	cb_json_member(buf, "valid_until", until);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_referral_inbox_json(struct kore_buf *buf,
    const struct cb_referral_item *items, size_t n, const char *next)
{
	const struct cb_referral_item	*it;
	size_t				 i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		it = &items[i];
		kore_buf_appendf(buf, "%s{\"id\":", i > 0 ? "," : "");
		cb_json_cstr(buf, it->id);
		cb_json_member(buf, "status", it->status);
		cb_json_member(buf, "reason", it->reason);
		csv_array(buf, "services", it->services);
		cats_array(buf, it->categories);
		kore_buf_appendf(buf, ",\"version\":%d", it->version);
		cb_json_member(buf, "created_at", it->created_at);
		cb_json_member(buf, "responded_at", it->responded_at);
		kore_buf_appendf(buf, ",\"updates\":%d", it->updates);
		consent_json(buf, it->consent_state, it->valid_from,
		    it->valid_until);
		kore_buf_append(buf, "}", 1);
	}
	kore_buf_append(buf, "]", 1);
	cb_json_member(buf, "next_cursor", next);
	kore_buf_append(buf, "}", 1);
}

/* One update; with the referral's id when it stands alone. */
static void
update_json(struct kore_buf *buf, const char *referral_id,
    const struct cb_referral_update *u)
{
	kore_buf_appendf(buf, "{\"id\":");
	cb_json_cstr(buf, u->id);
	if (referral_id != NULL)
		cb_json_member(buf, "referral_id", referral_id);
	cb_json_member(buf, "service", u->service);
	cb_json_member(buf, "status", u->status);
	cb_json_member(buf, "date", u->date);
	cb_json_member(buf, "note", u->note);
	cb_json_member(buf, "created_by", u->created_by);
	cb_json_member(buf, "created_at", u->created_at);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_referral_update_json(struct kore_buf *buf, const char *referral_id,
    const struct cb_referral_update *u)
{
	update_json(buf, referral_id, u);
}

void
cb_render_referral_response_json(struct kore_buf *buf, const char *id,
    const char *status, int version, const char *responded_at)
{
	kore_buf_appendf(buf, "{\"id\":");
	cb_json_cstr(buf, id);
	cb_json_member(buf, "status", status);
	kore_buf_appendf(buf, ",\"version\":%d", version);
	cb_json_member(buf, "responded_at", responded_at);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_referral_package_json(struct kore_buf *buf,
    const struct cb_package *p)
{
	const char	*v;
	size_t		 i;
	int		 n;

	kore_buf_appendf(buf, "{\"id\":");
	cb_json_cstr(buf, p->id);
	cb_json_member(buf, "status", p->status);
	kore_buf_appendf(buf, ",\"version\":%d", p->version);
	cb_json_member(buf, "reason", p->reason);
	csv_array(buf, "services", p->services);
	cats_array(buf, p->categories);
	cb_json_member(buf, "created_at", p->created_at);
	consent_json(buf, p->consent_state, p->valid_from, p->valid_until);

	kore_buf_appendf(buf, ",\"response\":");
	if (p->responded_at[0] != '\0') {
		kore_buf_appendf(buf, "{\"responded_at\":");
		cb_json_cstr(buf, p->responded_at);
		cb_json_member(buf, "responded_by", p->responded_by);
		cb_json_member(buf, "reason", p->response);
		kore_buf_append(buf, "}", 1);
	} else {
		kore_buf_appendf(buf, "null");
	}

	kore_buf_appendf(buf, ",\"person\":{");
	for (i = 0, n = 0; i <= CB_PKG_DOCUMENT; i++) {
		if (!cb_package_shows(p->categories, (enum cb_pkg_field)i))
			continue;
		if (n++ > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, cb_pkg_defs[i].name);
		kore_buf_append(buf, ":", 1);
		if (p->val[i] != NULL)
			cb_json_cstr(buf, p->val[i]);
		else
			kore_buf_appendf(buf, "null");
	}
	kore_buf_append(buf, "}", 1);

	if (p->categories & CB_CAT_CASE_SUMMARY) {
		kore_buf_appendf(buf, ",\"case\":{\"case_type\":");
		if (p->val[CB_PKG_CASE_TYPE] != NULL)
			cb_json_cstr(buf, p->val[CB_PKG_CASE_TYPE]);
		else
			kore_buf_appendf(buf, "null");
		cb_json_member(buf, "stage", p->val[CB_PKG_STAGE]);
		kore_buf_appendf(buf, ",\"assistance\":[");
		for (i = 0; i < p->nassist; i++) {
			kore_buf_appendf(buf, "%s{\"type\":", i > 0 ? "," : "");
			cb_json_cstr(buf, p->assist[i].type);
			cb_json_member(buf, "date", p->assist[i].date);
			kore_buf_append(buf, "}", 1);
		}
		kore_buf_appendf(buf, "]}");
	}

	if (p->categories & CB_CAT_HEALTH) {
		kore_buf_appendf(buf, ",\"health\":{\"fit_to_travel\":");
		if (p->val[CB_PKG_FIT_TO_TRAVEL] != NULL)
			cb_json_cstr(buf, p->val[CB_PKG_FIT_TO_TRAVEL]);
		else
			kore_buf_appendf(buf, "null");
		cb_json_member(buf, "fit_note", p->val[CB_PKG_FIT_NOTE]);
		v = p->val[CB_PKG_URGENT];
		kore_buf_appendf(buf, ",\"urgent_medical_need\":%s}",
		    v == NULL ? "null" : strcmp(v, "true") == 0 ? "true" :
		    "false");
	}

	if (p->categories & CB_CAT_NARRATIVE)
		cb_json_member(buf, "narrative", p->val[CB_PKG_NARRATIVE]);

	kore_buf_appendf(buf, ",\"updates\":[");
	for (i = 0; i < p->nupdates; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		update_json(buf, NULL, &p->updates[i]);
	}
	kore_buf_appendf(buf, "]}");
}
