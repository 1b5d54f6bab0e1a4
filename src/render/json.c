/*
 * render_json: the JSON documents of api.md. Person values are written
 * only when the case says the caller may see them.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/facts.h"
#include "domain/history.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "render/i18n.h"
#include "text/json.h"
#include "render/render.h"

#define TRANSITIONS_MAX		16

static const char	*ftype_name(enum cb_ftype);
static void		 kv_str(struct kore_buf *, const char *, const char *,
			    int);
static void		 person_json(struct kore_buf *, const struct cb_case *);
static void		 transitions_json(struct kore_buf *,
			    const struct cb_case *, int);
static void		 ids_json(struct kore_buf *, const char *);
static void		 facts_json(struct kore_buf *, const struct cb_facts *);
static void		 links_json(struct kore_buf *, const char *,
			    const char *);

void
cb_render_json_error(struct kore_buf *buf, enum cb_err err,
    const char *msgkey, const struct cb_ferrors *fe)
{
	size_t		i;

	kore_buf_appendf(buf, "{\"error\":{\"code\":");
	cb_json_cstr(buf, cb_err_code(err));
	kore_buf_appendf(buf, ",\"message\":");
	cb_json_cstr(buf, cb_t(msgkey != NULL ? msgkey : "err.generic"));
	if (fe != NULL && fe->n > 0) {
		kore_buf_appendf(buf, ",\"fields\":{");
		for (i = 0; i < fe->n; i++) {
			if (i > 0)
				kore_buf_append(buf, ",", 1);
			cb_json_cstr(buf, fe->field[i]);
			kore_buf_append(buf, ":", 1);
			cb_json_cstr(buf, cb_t(fe->msg[i]));
		}
		kore_buf_append(buf, "}", 1);
	}
	kore_buf_appendf(buf, "}}");
}

static void
kv_str(struct kore_buf *buf, const char *key, const char *val, int comma)
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
ids_json(struct kore_buf *buf, const char *csv)
{
	const char	*p, *end;
	int		 first;

	kore_buf_append(buf, "[", 1);
	first = 1;
	for (p = csv; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (end == p)
			continue;
		if (!first)
			kore_buf_append(buf, ",", 1);
		cb_json_str(buf, p, end - p);
		first = 0;
	}
	kore_buf_append(buf, "]", 1);
}

static void
person_json(struct kore_buf *buf, const struct cb_case *c)
{
	size_t		i;
	int		comma;

	kore_buf_append(buf, "{", 1);
	comma = 0;
	if (c->person_visible) {
		for (i = 0; i < CB_SC_COUNT; i++) {
			if (strncmp(cb_sealcols[i].field, "person.", 7) != 0 ||
			    i == CB_SC_LANGUAGES)
				continue;
			kv_str(buf, cb_sealcols[i].field + 7, c->plain[i],
			    comma);
			comma = 1;
		}
		kv_str(buf, "gender", c->gender, comma);
		kv_str(buf, "citizenship", c->citizenship, 1);
		kv_str(buf, "age_band", c->age_band, 1);
		kore_buf_appendf(buf, ",\"languages\":");
		ids_json(buf, c->plain[CB_SC_LANGUAGES]);
	}
	kore_buf_append(buf, "}", 1);
}

static const char *
ftype_name(enum cb_ftype t)
{
	switch (t) {
	case CB_F_DATE:
		return ("date");
	case CB_F_ENUM:
		return ("enum");
	case CB_F_MULTI:
		return ("multi");
	case CB_F_BOOL:
		return ("bool");
	case CB_F_NUMBER:
		return ("number");
	case CB_F_COUNTRY:
		return ("country");
	case CB_F_DAY:
		return ("date");
	default:
		return ("text");
	}
}

static void
transitions_json(struct kore_buf *buf, const struct cb_case *c, int role)
{
	const struct cb_transition	*tr[TRANSITIONS_MAX];
	const struct cb_field		*f;
	struct cb_flow_case		 fc;
	size_t				 n, i, j, k;

	kore_buf_append(buf, "[", 1);
	n = 0;
	memset(&fc, 0, sizeof(fc));
	fc.state = c->state;
	fc.role = role;
	fc.facts = &c->facts;
	fc.consent = c->consent;
	if (cb_case_type_parse(c->case_type, &fc.type) == 0)
		n = cb_flow_allowed(&fc, tr, TRANSITIONS_MAX);
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		kore_buf_appendf(buf, "{\"to\":");
		cb_json_cstr(buf, tr[i]->to);
		/* A costed plan waits for approval; one without a budget
		 * does not: "approval" says which. */
		kore_buf_appendf(buf, ",\"requires_approval\":%s,"
		    "\"approval\":\"%s\",\"fields\":[",
		    tr[i]->approval == CB_APPROVAL_YES ? "true" : "false",
		    tr[i]->approval == CB_APPROVAL_YES ? "always" :
		    tr[i]->approval == CB_APPROVAL_IF_COSTED ? "if_costed" :
		    "never");
		for (j = 0; j < tr[i]->nfields; j++) {
			f = &tr[i]->fields[j];
			if (j > 0)
				kore_buf_append(buf, ",", 1);
			kore_buf_appendf(buf, "{\"name\":");
			cb_json_cstr(buf, f->name);
			kore_buf_appendf(buf, ",\"type\":\"%s\","
			    "\"required\":%s", ftype_name(f->type),
			    f->required == CB_REQ_YES ? "true" : "false");
			if (f->options != NULL) {
				kore_buf_appendf(buf, ",\"options\":[");
				for (k = 0; f->options[k] != NULL; k++) {
					if (k > 0)
						kore_buf_append(buf, ",", 1);
					cb_json_cstr(buf, f->options[k]);
				}
				kore_buf_append(buf, "]", 1);
			}
			kore_buf_append(buf, "}", 1);
		}
		kore_buf_appendf(buf, "]}");
	}
	kore_buf_append(buf, "]", 1);
}

/* The recorded facts, without those derived from elsewhere. */
static void
facts_json(struct kore_buf *buf, const struct cb_facts *f)
{
	struct cb_facts			 out;
	const struct cb_fact_def	*d;
	size_t				 i;

	cb_facts_init(&out);
	for (i = 0; i < f->n; i++) {
		if ((d = cb_fact_def(f->name[i])) == NULL || d->derived)
			continue;
		(void)cb_facts_set(&out, f->name[i], f->value[i],
		    strlen(f->value[i]));
	}
	cb_facts_to_json(buf, &out);
	cb_facts_clear(&out);
}

/* [{"id", "case_type"}] from the parallel id and type lists. */
static void
links_json(struct kore_buf *buf, const char *ids, const char *types)
{
	const char	*p, *q, *pe, *qe;
	int		 first;

	kore_buf_append(buf, "[", 1);
	first = 1;
	for (p = ids, q = types; p != NULL && q != NULL && *p != '\0';
	    p = *pe ? pe + 1 : pe, q = *qe ? qe + 1 : qe) {
		if ((pe = strchr(p, ',')) == NULL)
			pe = p + strlen(p);
		if ((qe = strchr(q, ',')) == NULL)
			qe = q + strlen(q);
		if (!first)
			kore_buf_append(buf, ",", 1);
		kore_buf_appendf(buf, "{\"id\":");
		cb_json_str(buf, p, pe - p);
		kore_buf_appendf(buf, ",\"case_type\":");
		cb_json_str(buf, q, qe - q);
		kore_buf_append(buf, "}", 1);
		first = 0;
	}
	kore_buf_append(buf, "]", 1);
}

void
cb_render_case_item_json(struct kore_buf *buf, const struct cb_case *c)
{
	kore_buf_append(buf, "{", 1);
	kv_str(buf, "id", c->id, 0);
	kv_str(buf, "case_type", c->case_type, 1);
	kv_str(buf, "stage", c->stage, 1);
	kv_str(buf, "state", c->state, 1);
	kv_str(buf, "htcds_status", c->htcds, 1);
	kore_buf_appendf(buf, ",\"version\":%d", c->version);
	kv_str(buf, "assigned_to", c->assigned_to, 1);
	kv_str(buf, "assigned_to_username", c->assigned_name, 1);
	kv_str(buf, "office", c->office, 1);
	kv_str(buf, "created_at", c->created_at, 1);
	kv_str(buf, "updated_at", c->updated_at, 1);
	/* Names only where the caller may see the person. */
	if (c->person_visible) {
		kore_buf_appendf(buf, ",\"person\":{");
		kv_str(buf, "given_name", c->plain[CB_SC_GIVEN_NAME], 0);
		kv_str(buf, "family_name", c->plain[CB_SC_FAMILY_NAME], 1);
		kore_buf_append(buf, "}", 1);
	}
	kore_buf_append(buf, "}", 1);
}

void
cb_render_case_json(struct kore_buf *buf, const struct cb_case *c, int role)
{
	kore_buf_append(buf, "{", 1);
	kv_str(buf, "id", c->id, 0);
	kv_str(buf, "case_type", c->case_type, 1);
	kv_str(buf, "stage", c->stage, 1);
	kv_str(buf, "state", c->state, 1);
	kv_str(buf, "htcds_status", c->htcds, 1);
	kore_buf_appendf(buf, ",\"version\":%d", c->version);
	kore_buf_appendf(buf, ",\"consent_data_processing\":%s",
	    c->consent ? "true" : "false");
	kore_buf_appendf(buf, ",\"person\":");
	person_json(buf, c);
	kv_str(buf, "location", c->person_visible ?
	    c->plain[CB_SC_LOCATION] : NULL, 1);
	kore_buf_appendf(buf, ",\"linked_cases\":");
	ids_json(buf, c->linked);
	kore_buf_appendf(buf, ",\"links\":");
	links_json(buf, c->linked, c->linked_types);
	kore_buf_appendf(buf, ",\"facts\":");
	facts_json(buf, &c->facts);
	kore_buf_appendf(buf, ",\"pending_approval\":");
	if (c->pending[0] != '\0') {
		kore_buf_append(buf, "{", 1);
		kv_str(buf, "id", c->pending, 0);
		kv_str(buf, "kind", c->pending_kind, 1);
		kv_str(buf, "to", c->pending_to, 1);
		kv_str(buf, "requested_by", c->pending_by, 1);
		kore_buf_append(buf, "}", 1);
	} else
		kore_buf_appendf(buf, "null");
	kv_str(buf, "assigned_to", c->assigned_to, 1);
	kv_str(buf, "office", c->office, 1);
	kv_str(buf, "created_at", c->created_at, 1);
	kv_str(buf, "updated_at", c->updated_at, 1);
	kore_buf_appendf(buf, ",\"allowed_transitions\":");
	transitions_json(buf, c, role);
	kore_buf_append(buf, "}", 1);
}

void
cb_render_case_list_json(struct kore_buf *buf, const struct cb_case *cs,
    size_t n, const char *next_cursor)
{
	size_t		i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_render_case_item_json(buf, &cs[i]);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":");
	if (next_cursor != NULL)
		cb_json_cstr(buf, next_cursor);
	else
		kore_buf_appendf(buf, "null");
	kore_buf_append(buf, "}", 1);
}

void
cb_render_history_json(struct kore_buf *buf, const struct cb_history *h)
{
	const struct cb_history_item	*it;
	size_t				 i;

	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < h->n; i++) {
		it = &h->items[i];
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		kore_buf_append(buf, "{", 1);
		kv_str(buf, "kind", it->kind, 0);
		kv_str(buf, "at", it->at, 1);
		kv_str(buf, "actor", it->actor, 1);
		kv_str(buf, "role", it->role, 1);
		kv_str(buf, "from", it->from, 1);
		kv_str(buf, "to", it->to, 1);
		kore_buf_appendf(buf, ",\"facts\":");
		facts_json(buf, &it->facts);
		kv_str(buf, "reason", it->reason, 1);
		/* The sealed fields were sealed as a JSON object. */
		kore_buf_appendf(buf, ",\"data\":%s",
		    it->data != NULL ? it->data : "null");
		kv_str(buf, "ref", it->ref, 1);
		kv_str(buf, "code", it->code, 1);
		kv_str(buf, "status", it->status, 1);
		kv_str(buf, "comment", it->comment, 1);
		/* Consents and referrals: what the event was about. */
		if (it->event[0] != '\0' ||
		    strcmp(it->kind, "referral_update") == 0) {
			kv_str(buf, "event", it->event, 1);
			kv_str(buf, "organisation", it->org, 1);
			kv_str(buf, "date", it->date, 1);
			kv_str(buf, "valid_until", it->until, 1);
			kv_str(buf, "categories", it->categories, 1);
			kv_str(buf, "services", it->services, 1);
			kv_str(buf, "parent", it->parent, 1);
		}
		kore_buf_append(buf, "}", 1);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":null}");
}

void
cb_render_approval_request_json(struct kore_buf *buf, const char *id,
    const char *case_id, const char *state, const char *target, int version)
{
	kore_buf_append(buf, "{", 1);
	kv_str(buf, "approval_id", id, 0);
	kv_str(buf, "case_id", case_id, 1);
	kv_str(buf, "state", state, 1);
	kv_str(buf, "to", target, 1);
	kore_buf_appendf(buf, ",\"version\":%d}", version);
}
