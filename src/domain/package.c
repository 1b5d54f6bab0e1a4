/*
 * referral: the partner's side of a referral. The package is shaped by
 * the categories shared and nothing else: a field is opened only when
 * its category is shared, and a step's sealed data (a JSON object of
 * every free-text answer of that step) gives up only the one member
 * the category names, so a departure's booking reference or an
 * interview's notes never reach a partner with the fit-to-travel note
 * or the narrative. The partner's own texts are sealed with the case's
 * key, bound to the referral or the update they belong to.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/package.h"
#include "domain/transition.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"

#define REASON_MAX	2000
#define NOTE_MAX	4000

const struct cb_pkg_def cb_pkg_defs[CB_PKG_COUNT] = {
	{ "given_name", CB_CAT_IDENTITY, CB_PKG_SRC_PERSON, "given_name" },
	{ "family_name", CB_CAT_IDENTITY, CB_PKG_SRC_PERSON, "family_name" },
	{ "name_original_script", CB_CAT_IDENTITY, CB_PKG_SRC_PERSON,
	    "name_original_script" },
	{ "date_of_birth", CB_CAT_IDENTITY, CB_PKG_SRC_PERSON,
	    "date_of_birth" },
	{ "gender", CB_CAT_IDENTITY, CB_PKG_SRC_PLAIN, NULL },
	{ "citizenship", CB_CAT_IDENTITY, CB_PKG_SRC_PLAIN, NULL },
	{ "phone", CB_CAT_CONTACT, CB_PKG_SRC_PERSON, "phone" },
	{ "location", CB_CAT_CONTACT, CB_PKG_SRC_CASE, "location" },
	{ "document_number", CB_CAT_DOCUMENTS, CB_PKG_SRC_PERSON,
	    "document_number" },
	{ "fit_to_travel", CB_CAT_HEALTH, CB_PKG_SRC_PLAIN, NULL },
	{ "fit_note", CB_CAT_HEALTH, CB_PKG_SRC_STEP, NULL },
	{ "urgent_medical_need", CB_CAT_HEALTH, CB_PKG_SRC_STEP, NULL },
	{ "case_type", CB_CAT_CASE_SUMMARY, CB_PKG_SRC_PLAIN, NULL },
	{ "stage", CB_CAT_CASE_SUMMARY, CB_PKG_SRC_PLAIN, NULL },
	{ "assistance", CB_CAT_CASE_SUMMARY, CB_PKG_SRC_PLAIN, NULL },
	{ "narrative", CB_CAT_NARRATIVE, CB_PKG_SRC_STEP, NULL },
};

const char *const cb_opt_referral_decision[] = { "accept", "decline", NULL };

static const struct cb_field response_fields[] = {
	{ "decision", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_referral_decision, 0 },
	/* Why, in the partner's words: about the person, so sealed. */
	{ "reason", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, REASON_MAX, NULL, 1 },
	{ "version", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, 9, NULL, 0 },
};

const struct cb_form cb_form_referral_response = {
	"referral_response", response_fields, NITEMS(response_fields)
};

static const struct cb_field update_fields[] = {
	{ "service", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_assistance_type, 0 },
	{ "status", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_update_status, 0 },
	{ "date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, NOTE_MAX, NULL, 1 },
};

const struct cb_form cb_form_referral_update = {
	"referral_update", update_fields, NITEMS(update_fields)
};

static char	*open_text(const unsigned char *, const char *, const char *,
		    const char *, unsigned int, const unsigned char *,
		    size_t);
static int	seal_text(const unsigned char *, const char *, const char *,
		    const char *, unsigned int, const char *,
		    unsigned char **, size_t *);
static int	open_field(const struct cb_package_row *, struct cb_package *,
		    size_t, const unsigned char *, const unsigned char *);
static void	wipe_free(char *);

int
cb_package_shows(int categories, enum cb_pkg_field f)
{
	if ((int)f < 0 || f >= CB_PKG_COUNT)
		return (0);
	return ((categories & cb_pkg_defs[f].category) != 0);
}

static void
wipe_free(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	kore_free(s);
}

/* A sealed text opened into a kore_malloc'ed string; NULL if it does
 * not open. */
static char *
open_text(const unsigned char *dk, const char *table, const char *column,
    const char *rid, unsigned int version, const unsigned char *ct,
    size_t clen)
{
	char	*pt;

	if (ct == NULL || clen < CB_VAULT_OVERHEAD)
		return (NULL);
	pt = kore_malloc(clen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, table, column, rid, version, ct, clen, pt,
	    NULL) == -1) {
		kore_free(pt);
		return (NULL);
	}
	return (pt);
}

static int
seal_text(const unsigned char *dk, const char *table, const char *column,
    const char *rid, unsigned int version, const char *text,
    unsigned char **out, size_t *outlen)
{
	size_t		len;

	len = strlen(text);
	*outlen = len + CB_VAULT_OVERHEAD;
	*out = kore_malloc(*outlen);
	if (cb_vault_seal(dk, table, column, rid, version, text, len,
	    *out) == -1) {
		kore_free(*out);
		*out = NULL;
		*outlen = 0;
		return (-1);
	}
	return (0);
}

char *
cb_package_step_member(const char *json, size_t len, const char *name)
{
	struct cb_json		*j;
	const struct cb_json	*m;
	char			*out;

	if (json == NULL || cb_json_parse(json, len, &j, NULL) != 0)
		return (NULL);
	out = NULL;
	if (j->type == CB_JSON_OBJECT && (m = cb_json_get(j, name)) != NULL) {
		if (m->type == CB_JSON_STRING) {
			out = kore_malloc(m->len + 1);
			memcpy(out, m->str, m->len);
			out[m->len] = '\0';
		} else if (m->type == CB_JSON_BOOL) {
			out = kore_strdup(m->boolean ? "true" : "false");
		}
	}
	cb_json_free(j);
	return (out);
}

struct cb_package_assist *
cb_package_assist_parse(const char *s, size_t *n)
{
	struct cb_package_assist	*out;
	const char			*p, *item, *sp;
	size_t				 count, k, len, tlen;

	*n = 0;
	count = 1;
	for (p = s; p != NULL && *p != '\0'; p++) {
		if (*p == ',')
			count++;
	}
	out = kore_calloc(count, sizeof(*out));
	k = 0;
	while ((item = cb_csv_next(&s, &len)) != NULL) {
		sp = memchr(item, ' ', len);
		if (sp == NULL || (tlen = sp - item) == 0 ||
		    tlen >= sizeof(out[k].type) || len - tlen - 1 != 10 ||
		    !cb_valid_date(sp + 1, 10, NULL, NULL, NULL))
			continue;
		memcpy(out[k].type, item, tlen);
		out[k].type[tlen] = '\0';
		memcpy(out[k].date, sp + 1, 10);
		out[k].date[10] = '\0';
		k++;
	}
	*n = k;
	return (out);
}

/* Field i of row into p (its category is shared). */
static int
open_field(const struct cb_package_row *row, struct cb_package *p,
    size_t i, const unsigned char *cdk, const unsigned char *pdk)
{
	const struct cb_pkg_def	*d;
	char			*data;

	d = &cb_pkg_defs[i];
	switch (d->source) {
	case CB_PKG_SRC_PLAIN:
		if (row->plain[i] != NULL && *row->plain[i] != '\0')
			p->val[i] = kore_strdup(row->plain[i]);
		return (0);
	case CB_PKG_SRC_PERSON:
		if (row->ct[i] == NULL)
			return (0);
		if (pdk == NULL)
			return (-1);
		p->val[i] = open_text(pdk, "persons", d->column,
		    row->person_id, row->person_sv, row->ct[i],
		    row->ctlen[i]);
		return (p->val[i] != NULL ? 0 : -1);
	case CB_PKG_SRC_CASE:
		if (row->ct[i] == NULL)
			return (0);
		p->val[i] = open_text(cdk, "cases", d->column, row->case_id,
		    row->case_sv, row->ct[i], row->ctlen[i]);
		return (p->val[i] != NULL ? 0 : -1);
	case CB_PKG_SRC_STEP:
		if (row->ct[i] == NULL)
			return (0);
		if ((data = cb_transition_open(cdk, row->case_sv, row->tid[i],
		    "data", row->ct[i], row->ctlen[i])) == NULL)
			return (-1);
		p->val[i] = cb_package_step_member(data, strlen(data),
		    d->name);
		wipe_free(data);
		return (0);
	}
	return (-1);
}

int
cb_package_open(struct cb_vault *v, struct cb_package *p,
    const struct cb_package_row *row)
{
	unsigned char			 cdk[CB_VAULT_KEY_LEN];
	unsigned char			 pdk[CB_VAULT_KEY_LEN];
	struct cb_referral_update	*u;
	size_t				 i;
	int				 ret, has_pdk;

	ret = -1;
	has_pdk = 0;
	if (cb_vault_dk_unwrap(v, row->case_id, row->case_kv,
	    row->case_wrapped, row->case_wlen, cdk) == -1)
		goto cleanup;
	if (row->person_wrapped != NULL) {
		if (cb_vault_dk_unwrap(v, row->person_id, row->person_kv,
		    row->person_wrapped, row->person_wlen, pdk) == -1)
			goto cleanup;
		has_pdk = 1;
	}
	for (i = 0; i < CB_PKG_COUNT; i++) {
		if (!cb_package_shows(p->categories, (enum cb_pkg_field)i))
			continue;
		if (open_field(row, p, i, cdk, has_pdk ? pdk : NULL) == -1)
			goto cleanup;
	}
	if (p->val[CB_PKG_ASSISTANCE] != NULL)
		p->assist = cb_package_assist_parse(p->val[CB_PKG_ASSISTANCE],
		    &p->nassist);
	if (row->response != NULL && (p->response = open_text(cdk,
	    "referrals", "response_reason", p->id, row->case_sv,
	    row->response, row->response_len)) == NULL)
		goto cleanup;
	for (i = 0; i < p->nupdates; i++) {
		u = &p->updates[i];
		if (u->note_ct == NULL)
			continue;
		if ((u->note = open_text(cdk, "referral_updates", "note",
		    u->id, row->case_sv, u->note_ct, u->note_ctlen)) == NULL)
			goto cleanup;
		kore_free(u->note_ct);
		u->note_ct = NULL;
		u->note_ctlen = 0;
	}
	ret = 0;

cleanup:
	sodium_memzero(cdk, sizeof(cdk));
	sodium_memzero(pdk, sizeof(pdk));
	return (ret);
}

void
cb_package_row_clear(struct cb_package_row *row)
{
	size_t		i;

	kore_free(row->case_wrapped);
	kore_free(row->person_wrapped);
	kore_free(row->response);
	for (i = 0; i < CB_PKG_COUNT; i++) {
		kore_free(row->ct[i]);
		kore_free(row->plain[i]);
	}
	sodium_memzero(row, sizeof(*row));
}

void
cb_package_clear(struct cb_package *p)
{
	size_t		i;

	kore_free(p->services);
	wipe_free(p->response);
	for (i = 0; i < CB_PKG_COUNT; i++)
		wipe_free(p->val[i]);
	kore_free(p->assist);
	for (i = 0; i < p->nupdates; i++)
		cb_referral_update_clear(&p->updates[i]);
	kore_free(p->updates);
	sodium_memzero(p, sizeof(*p));
}

int
cb_referral_response_check(const struct cb_values *vals,
    struct cb_ferrors *fe)
{
	const char	*decision, *reason, *version;
	size_t		 before;

	before = fe->n;
	decision = cb_values_get(vals, "decision");
	reason = cb_values_get(vals, "reason");
	version = cb_values_get(vals, "version");
	if (decision != NULL && strcmp(decision, "decline") == 0 &&
	    (reason == NULL || *reason == '\0') &&
	    cb_ferrors_get(fe, "reason") == NULL)
		cb_ferrors_add(fe, "reason", "err.referral_reason_required");
	if (version != NULL && cb_ferrors_get(fe, "version") == NULL &&
	    (*version == '\0' || strspn(version, "0123456789") !=
	    strlen(version)))
		cb_ferrors_add(fe, "version", "err.version");
	return (fe->n == before ? 0 : -1);
}

int
cb_referral_service_ok(const char *services, const char *service)
{
	size_t		i;

	if (service == NULL)
		return (0);
	if (services != NULL && *services != '\0')
		return (cb_csv_has(services, service));
	for (i = 0; cb_opt_assistance_type[i] != NULL; i++) {
		if (strcmp(cb_opt_assistance_type[i], service) == 0)
			return (1);
	}
	return (0);
}

int
cb_referral_update_check(const struct cb_values *vals, const char *services,
    struct cb_ferrors *fe)
{
	const char	*service;
	size_t		 before;

	before = fe->n;
	service = cb_values_get(vals, "service");
	/* A service the table refused has its error already. */
	if (service != NULL && cb_ferrors_get(fe, "service") == NULL &&
	    !cb_referral_service_ok(services, service))
		cb_ferrors_add(fe, "service", "err.referral_service");
	return (fe->n == before ? 0 : -1);
}

int
cb_referral_seal_reason(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const char *referral_id, const char *text,
    unsigned char **out, size_t *outlen)
{
	return (seal_text(dk, "referrals", "response_reason", referral_id,
	    version, text, out, outlen));
}

int
cb_referral_update_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const struct cb_values *vals,
    struct cb_referral_update_sealed *s)
{
	const struct cb_form	*form;
	const char		*note;
	size_t			 i;

	form = &cb_form_referral_update;
	memset(s, 0, sizeof(*s));
	cb_uuid_new(s->id);
	note = cb_values_get(vals, "note");
	if (note != NULL && *note != '\0' && seal_text(dk,
	    "referral_updates", "note", s->id, version, note, &s->note,
	    &s->note_len) == -1) {
		cb_referral_update_sealed_clear(s);
		return (-1);
	}
	/* The audit entry names the fields given, never their values. */
	for (i = 0; i < form->nfields; i++) {
		if (cb_values_get(vals, form->fields[i].name) == NULL)
			continue;
		if (s->fields[0] != '\0')
			(void)cb_strlcat(s->fields, ",", sizeof(s->fields));
		(void)cb_strlcat(s->fields, form->fields[i].name,
		    sizeof(s->fields));
	}
	return (0);
}

void
cb_referral_update_sealed_clear(struct cb_referral_update_sealed *s)
{
	kore_free(s->note);
	sodium_memzero(s, sizeof(*s));
}

void
cb_referral_update_from_values(struct cb_referral_update *u,
    const struct cb_values *vals, const struct cb_referral_update_sealed *s)
{
	const char	*v;

	(void)cb_strlcpy(u->id, s->id, sizeof(u->id));
	if ((v = cb_values_get(vals, "service")) != NULL)
		(void)cb_strlcpy(u->service, v, sizeof(u->service));
	if ((v = cb_values_get(vals, "status")) != NULL)
		(void)cb_strlcpy(u->status, v, sizeof(u->status));
	if ((v = cb_values_get(vals, "date")) != NULL)
		(void)cb_strlcpy(u->date, v, sizeof(u->date));
	if ((v = cb_values_get(vals, "note")) != NULL && *v != '\0')
		u->note = kore_strdup(v);
}

void
cb_referral_update_clear(struct cb_referral_update *u)
{
	wipe_free(u->note);
	kore_free(u->note_ct);
	sodium_memzero(u, sizeof(*u));
}
