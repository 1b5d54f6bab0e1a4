/*
 * referral_json: consents, referrals and organisations as the case
 * team's API writes them. Codes stay codes here (clients translate);
 * absent values are null; lists carry next_cursor null (a case holds at
 * most 200 of each, shown at once).
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/consent.h"
#include "domain/referral.h"
#include "render/i18n.h"
#include "render/referral.h"
#include "text/json.h"
#include "text/text.h"

static void	member(struct kore_buf *, const char *, const char *, int);
static void	list(struct kore_buf *, const char *, const char *);
static void	categories(struct kore_buf *, const char *, int);

/* "key":"value" or "key":null, after a comma when comma. */
static void
member(struct kore_buf *buf, const char *key, const char *val, int comma)
{
	if (comma)
		kore_buf_append(buf, ",", 1);
	cb_json_cstr(buf, key);
	kore_buf_append(buf, ":", 1);
	if (val != NULL && *val != '\0')
		cb_json_cstr(buf, val);
	else
		kore_buf_appendf(buf, "null");
}

/* ,"key":["a","b"] from "a,b". */
static void
list(struct kore_buf *buf, const char *key, const char *csv)
{
	const char	*p, *end;
	int		 first;

	kore_buf_append(buf, ",", 1);
	cb_json_cstr(buf, key);
	kore_buf_appendf(buf, ":[");
	first = 1;
	for (p = csv; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (!first)
			kore_buf_append(buf, ",", 1);
		cb_json_str(buf, p, (size_t)(end - p));
		first = 0;
	}
	kore_buf_append(buf, "]", 1);
}

static void
categories(struct kore_buf *buf, const char *key, int bits)
{
	char	csv[96];

	cb_categories_str(bits, csv, sizeof(csv));
	list(buf, key, csv);
}

void
cb_render_consent_json(struct kore_buf *buf, const char *case_id,
    const struct cb_consent *c)
{
	kore_buf_append(buf, "{", 1);
	member(buf, "id", c->id, 0);
	member(buf, "case_id", case_id, 1);
	member(buf, "organisation_id", c->org_id, 1);
	member(buf, "organisation", c->org_name, 1);
	member(buf, "purpose", c->purpose, 1);
	categories(buf, "data_categories", c->categories);
	member(buf, "valid_from", c->valid_from, 1);
	member(buf, "valid_until", c->valid_until, 1);
	member(buf, "method", c->method, 1);
	member(buf, "language", c->language, 1);
	member(buf, "state", cb_consent_state_name(c->state), 1);
	member(buf, "created_by", c->created_by_name, 1);
	member(buf, "created_at", c->created_at, 1);
	member(buf, "withdrawn_at", c->withdrawn_at, 1);
	member(buf, "withdrawn_by", c->withdrawn_by_name, 1);
	member(buf, "withdrawal_reason", c->withdrawal_reason, 1);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_consents_json(struct kore_buf *buf, const char *case_id,
    const struct cb_consent *items, size_t n)
{
	size_t		i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_render_consent_json(buf, case_id, &items[i]);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":null}");
}

void
cb_render_referral_json(struct kore_buf *buf, const char *case_id,
    const struct cb_referral *r)
{
	const struct cb_referral_update	*u;
	size_t				 i;

	kore_buf_append(buf, "{", 1);
	member(buf, "id", r->id, 0);
	member(buf, "case_id", case_id, 1);
	member(buf, "organisation_id", r->org_id, 1);
	member(buf, "organisation", r->org_name, 1);
	kore_buf_appendf(buf, ",\"consent\":{");
	member(buf, "id", r->consent_id, 0);
	member(buf, "state", cb_consent_state_name(r->consent_state), 1);
	kore_buf_append(buf, "}", 1);
	member(buf, "reason", r->reason, 1);
	list(buf, "services", r->services);
	categories(buf, "categories", r->categories);
	member(buf, "status", r->status, 1);
	kore_buf_appendf(buf, ",\"version\":%d", r->version);
	member(buf, "note", r->note, 1);
	if (r->answer[0] != '\0') {
		kore_buf_appendf(buf, ",\"answer\":{");
		member(buf, "decision", r->answer, 0);
		member(buf, "reason", r->response, 1);
		member(buf, "at", r->responded_at, 1);
		member(buf, "by", r->responded_by_name, 1);
		kore_buf_append(buf, "}", 1);
	} else
		kore_buf_appendf(buf, ",\"answer\":null");
	member(buf, "closed_at", r->closed_at, 1);
	member(buf, "closed_by", r->closed_by_name, 1);
	kore_buf_appendf(buf, ",\"updates\":[");
	for (i = 0; i < r->nupdates; i++) {
		u = &r->updates[i];
		kore_buf_appendf(buf, "%s{", i > 0 ? "," : "");
		member(buf, "id", u->id, 0);
		member(buf, "service", u->service, 1);
		member(buf, "status", u->status, 1);
		member(buf, "date", u->date, 1);
		member(buf, "note", u->note, 1);
		member(buf, "by", u->created_by_name, 1);
		member(buf, "at", u->created_at, 1);
		kore_buf_append(buf, "}", 1);
	}
	kore_buf_append(buf, "]", 1);
	member(buf, "created_by", r->created_by_name, 1);
	member(buf, "created_at", r->created_at, 1);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_referrals_json(struct kore_buf *buf, const char *case_id,
    const struct cb_referral *items, size_t n)
{
	size_t		i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_render_referral_json(buf, case_id, &items[i]);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":null}");
}

/* The key's text, then the labels of what is missing. */
static void
refusal_text(struct kore_buf *out, const char *key, int missing)
{
	const char	*name;
	char		 label[64];
	int		 bit, first;

	kore_buf_appendf(out, "%s", cb_t(key));
	if (missing == 0)
		return;
	kore_buf_appendf(out, ": ");
	first = 1;
	for (bit = 1; bit <= CB_CAT_ALL; bit <<= 1) {
		if (!(missing & bit) || (name = cb_category_name(bit)) == NULL)
			continue;
		(void)snprintf(label, sizeof(label), "opt.data_categories.%s",
		    name);
		kore_buf_appendf(out, "%s%s", first ? "" : ", ", cb_t(label));
		first = 0;
	}
}

void
cb_render_referral_refusal_json(struct kore_buf *buf, const char *key,
    int missing)
{
	struct kore_buf	*text;
	char		 csv[96];

	text = kore_buf_alloc(256);
	refusal_text(text, key, missing);
	kore_buf_appendf(buf, "{\"error\":{\"code\":\"invalid\",\"message\":");
	cb_json_cstr(buf, cb_t(key));
	kore_buf_appendf(buf, ",\"fields\":{\"consent_id\":");
	cb_json_str(buf, (const char *)text->data, text->offset);
	kore_buf_append(buf, "}", 1);
	cb_categories_str(missing, csv, sizeof(csv));
	list(buf, "missing", csv);
	kore_buf_appendf(buf, "}}");
	kore_buf_free(text);
}

void
cb_render_refusal_text(struct kore_buf *buf, const char *key, int missing)
{
	struct kore_buf	*text;

	text = kore_buf_alloc(256);
	refusal_text(text, key, missing);
	cb_html_escape(buf, (const char *)text->data, text->offset);
	kore_buf_free(text);
}

void
cb_render_withdrawn_json(struct kore_buf *buf, const char *id,
    const char *case_id, const char *withdrawn_at)
{
	kore_buf_append(buf, "{", 1);
	member(buf, "id", id, 0);
	member(buf, "case_id", case_id, 1);
	member(buf, "state", "withdrawn", 1);
	member(buf, "withdrawn_at", withdrawn_at, 1);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_referral_status_json(struct kore_buf *buf, const char *id,
    const char *case_id, const char *status, int version)
{
	kore_buf_append(buf, "{", 1);
	member(buf, "id", id, 0);
	member(buf, "case_id", case_id, 1);
	member(buf, "status", status, 1);
	kore_buf_appendf(buf, ",\"version\":%d}", version);
}

void
cb_render_org_json(struct kore_buf *buf, const struct cb_org *o)
{
	kore_buf_append(buf, "{", 1);
	member(buf, "id", o->id, 0);
	member(buf, "name", o->name, 1);
	member(buf, "type", o->type, 1);
	member(buf, "country", o->country, 1);
	member(buf, "created_at", o->created_at, 1);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_orgs_json(struct kore_buf *buf, const struct cb_org *items,
    size_t n)
{
	size_t		i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_render_org_json(buf, &items[i]);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":null}");
}
