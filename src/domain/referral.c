/*
 * referral: the forms of consents, referrals and organisations as
 * field tables, the rules that look at several fields at once, and the
 * sealing of their free text. Pure but for the clock of cb_today_utc,
 * so the handlers only ask and the tests need no server.
 *
 * A consent's window (design): it starts today or later (a consent is
 * recorded when it is given, never back-dated: what was shared before
 * had no consent) and ends on or after its start. Dates are compared as
 * YYYY-MM-DD strings against the day the caller passes, the UTC day the
 * database also checks against.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "domain/vocab.h"
#include "vault/vault.h"

#define PURPOSE_MAX	1000
#define REASON_MAX	1000
#define NOTE_MAX	4000
#define VERSION_CHARS	9

const char *const cb_opt_org_type[] = {
	"NGO", "LawEnforcement", "HealthServiceOrganisation",
	"CentralGovernmentOrganisation", "LocalGovernmentOrganisation",
	"ImmigrationService", "LegalService", "CorporateBusiness", NULL
};

static const struct cb_field consent_fields[] = {
	/* Why the data is shared: IOM principle 2, a specified purpose. */
	{ "purpose", CB_F_TEXT, CB_CLASS_E2, CB_REQ_YES, PURPOSE_MAX, NULL,
	    0 },
	{ "organisation_id", CB_F_TEXT, CB_CLASS_P, CB_REQ_YES, CB_UUID_LEN,
	    NULL, 0 },
	{ "data_categories", CB_F_MULTI, CB_CLASS_P, CB_REQ_YES, 6,
	    cb_opt_category, 0 },
	{ "valid_from", CB_F_DAY, CB_CLASS_P, CB_REQ_NO, 0, NULL, 0 },
	{ "valid_until", CB_F_DAY, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "method", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0,
	    cb_opt_consent_method, 0 },
	/* The language the person was asked in (ISO 639). */
	{ "language", CB_F_TEXT, CB_CLASS_P, CB_REQ_YES, 3, NULL, 0 },
};

const struct cb_form cb_form_consent = {
	"consent", consent_fields, NITEMS(consent_fields)
};

static const struct cb_field withdraw_fields[] = {
	{ "reason", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, REASON_MAX, NULL, 0 },
};

const struct cb_form cb_form_withdraw = {
	"withdraw", withdraw_fields, NITEMS(withdraw_fields)
};

static const struct cb_field referral_fields[] = {
	{ "organisation_id", CB_F_TEXT, CB_CLASS_P, CB_REQ_YES, CB_UUID_LEN,
	    NULL, 0 },
	{ "consent_id", CB_F_TEXT, CB_CLASS_P, CB_REQ_YES, CB_UUID_LEN, NULL,
	    0 },
	{ "reason", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_referral_reason, 0 },
	{ "services", CB_F_MULTI, CB_CLASS_Q, CB_REQ_NO, CB_MULTI_MAX,
	    cb_opt_assistance_type, 0 },
	{ "note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, NOTE_MAX, NULL, 0 },
};

const struct cb_form cb_form_referral = {
	"referral", referral_fields, NITEMS(referral_fields)
};

/* The same fields but the organisation: the consent names it. */
const struct cb_form cb_form_referral_page = {
	"referral", referral_fields + 1, NITEMS(referral_fields) - 1
};

static const struct cb_field close_fields[] = {
	{ "version", CB_F_NUMBER, CB_CLASS_P, CB_REQ_YES, VERSION_CHARS, NULL,
	    0 },
};

const struct cb_form cb_form_referral_close = {
	"referral_close", close_fields, NITEMS(close_fields)
};

static const struct cb_field org_fields[] = {
	{ "name", CB_F_TEXT, CB_CLASS_P, CB_REQ_YES, CB_ORG_NAME_MAX, NULL,
	    0 },
	{ "type", CB_F_ENUM, CB_CLASS_P, CB_REQ_YES, 0, cb_opt_org_type, 0 },
	{ "country", CB_F_COUNTRY, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
};

const struct cb_form cb_form_org = {
	"organisation", org_fields, NITEMS(org_fields)
};

/* A field's value when it has no error yet (a rule across fields has
 * nothing to say about a value that is wrong on its own). */
static const char *
good(const struct cb_values *vals, const struct cb_ferrors *fe,
    const char *name)
{
	if (cb_ferrors_get(fe, name) != NULL)
		return (NULL);
	return (cb_values_get(vals, name));
}

void
cb_today_utc(char out[11])
{
	struct tm	tm;
	time_t		now;

	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		(void)cb_strlcpy(out, "1970-01-01", 11);
}

const char *
cb_consent_from(const struct cb_values *vals, const char *today)
{
	const char	*from;

	from = cb_values_get(vals, "valid_from");
	return (from != NULL ? from : today);
}

int
cb_consent_check(const struct cb_values *vals, const char *today,
    struct cb_ferrors *fe)
{
	const char	*org, *lang, *from, *until;
	size_t		 before;

	before = fe->n;
	if ((org = good(vals, fe, "organisation_id")) != NULL &&
	    !cb_uuid_valid(org))
		cb_ferrors_add(fe, "organisation_id", "err.uuid");
	if ((lang = good(vals, fe, "language")) != NULL &&
	    !cb_valid_lang(lang, strlen(lang)))
		cb_ferrors_add(fe, "language", "err.language");

	from = NULL;
	if (cb_ferrors_get(fe, "valid_from") == NULL) {
		from = cb_consent_from(vals, today);
		if (strcmp(from, today) < 0) {
			cb_ferrors_add(fe, "valid_from", "err.consent_past");
			from = NULL;
		}
	}
	if ((until = good(vals, fe, "valid_until")) != NULL &&
	    from != NULL && strcmp(until, from) < 0)
		cb_ferrors_add(fe, "valid_until", "err.consent_until");

	return (fe->n == before ? 0 : -1);
}

int
cb_referral_check(const struct cb_values *vals, struct cb_ferrors *fe)
{
	static const char *const ids[] = { "organisation_id", "consent_id" };
	const char	*v;
	size_t		 i, before;

	before = fe->n;
	for (i = 0; i < NITEMS(ids); i++) {
		if ((v = good(vals, fe, ids[i])) != NULL && !cb_uuid_valid(v))
			cb_ferrors_add(fe, ids[i], "err.uuid");
	}
	return (fe->n == before ? 0 : -1);
}

int
cb_referral_close_version(const struct cb_values *vals)
{
	const char	*v;
	size_t		 len;

	v = cb_values_get(vals, "version");
	if (v == NULL || (len = strlen(v)) == 0 || len > VERSION_CHARS ||
	    strspn(v, "0123456789") != len)
		return (-1);
	return (atoi(v));
}

void
cb_values_names(const struct cb_values *vals, char *out, size_t len)
{
	const struct cb_form	*form;
	size_t			 i;

	if (len == 0)
		return;
	out[0] = '\0';
	form = vals->form;
	for (i = 0; form != NULL && i < form->nfields; i++) {
		if (vals->v[i] == NULL)
			continue;
		if (out[0] != '\0')
			(void)cb_strlcat(out, ",", len);
		(void)cb_strlcat(out, form->fields[i].name, len);
	}
}

const char *
cb_referral_refusal_key(enum cb_referral_refusal r, enum cb_consent_state st)
{
	switch (r) {
	case CB_REFER_OK:
		return (NULL);
	case CB_REFER_OTHER_ORG:
		return ("err.consent_other_org");
	case CB_REFER_CATEGORIES:
		return ("err.consent_categories");
	default:
		break;
	}
	switch (st) {
	case CB_CONSENT_PENDING:
		return ("err.consent_pending");
	case CB_CONSENT_EXPIRED:
		return ("err.consent_expired");
	case CB_CONSENT_WITHDRAWN:
		return ("err.consent_withdrawn");
	default:
		return ("err.consent_state");
	}
}

int
cb_refer_seal(const unsigned char dk[CB_VAULT_KEY_LEN], unsigned int version,
    const char *table, const char *column, const char *id, const char *text,
    unsigned char **ct, size_t *clen)
{
	size_t		len;

	*ct = NULL;
	*clen = 0;
	if (text == NULL || (len = strlen(text)) == 0)
		return (0);
	*clen = len + CB_VAULT_OVERHEAD;
	*ct = kore_malloc(*clen);
	if (cb_vault_seal(dk, table, column, id, version, text, len,
	    *ct) == -1) {
		kore_free(*ct);
		*ct = NULL;
		*clen = 0;
		return (-1);
	}
	return (0);
}

char *
cb_refer_open(const unsigned char dk[CB_VAULT_KEY_LEN], unsigned int version,
    const char *table, const char *column, const char *id,
    const unsigned char *ct, size_t clen)
{
	char	*pt;

	if (ct == NULL || clen < CB_VAULT_OVERHEAD)
		return (NULL);
	pt = kore_malloc(clen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, table, column, id, version, ct, clen, pt,
	    NULL) == -1) {
		kore_free(pt);
		return (NULL);
	}
	return (pt);
}

void
cb_refer_wipe(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	kore_free(s);
}

/* Opens *ct into *out, then lets the ciphertext go. */
static int
open_one(const unsigned char dk[CB_VAULT_KEY_LEN], unsigned int version,
    const char *table, const char *column, const char *id,
    unsigned char **ct, size_t *clen, char **out)
{
	if (*ct == NULL)
		return (0);
	if ((*out = cb_refer_open(dk, version, table, column, id, *ct,
	    *clen)) == NULL)
		return (-1);
	kore_free(*ct);
	*ct = NULL;
	*clen = 0;
	return (0);
}

int
cb_consent_open(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, struct cb_consent *c)
{
	if (open_one(dk, version, "consents", "purpose", c->id,
	    &c->purpose_ct, &c->purpose_ctlen, &c->purpose) == -1 ||
	    open_one(dk, version, "consents", "withdrawal_reason", c->id,
	    &c->withdrawal_ct, &c->withdrawal_ctlen,
	    &c->withdrawal_reason) == -1)
		return (-1);
	return (0);
}

int
cb_referral_open(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, struct cb_referral *r)
{
	struct cb_referral_update	*u;
	size_t				 i;

	if (open_one(dk, version, "referrals", "note", r->id, &r->note_ct,
	    &r->note_ctlen, &r->note) == -1 ||
	    open_one(dk, version, "referrals", "response_reason", r->id,
	    &r->response_ct, &r->response_ctlen, &r->response) == -1)
		return (-1);
	for (i = 0; i < r->nupdates; i++) {
		u = &r->updates[i];
		if (open_one(dk, version, "referral_updates", "note", u->id,
		    &u->note_ct, &u->note_ctlen, &u->note) == -1)
			return (-1);
	}
	return (0);
}

void
cb_consent_clear(struct cb_consent *c)
{
	cb_refer_wipe(c->purpose);
	cb_refer_wipe(c->withdrawal_reason);
	kore_free(c->purpose_ct);
	kore_free(c->withdrawal_ct);
	sodium_memzero(c, sizeof(*c));
}

void
cb_referral_clear(struct cb_referral *r)
{
	size_t		i;

	cb_refer_wipe(r->note);
	cb_refer_wipe(r->response);
	kore_free(r->note_ct);
	kore_free(r->response_ct);
	for (i = 0; r->updates != NULL && i < r->nupdates; i++) {
		cb_refer_wipe(r->updates[i].note);
		kore_free(r->updates[i].note_ct);
		sodium_memzero(&r->updates[i], sizeof(r->updates[i]));
	}
	kore_free(r->updates);
	sodium_memzero(r, sizeof(*r));
}

void
cb_consents_free(struct cb_consent *c, size_t n)
{
	size_t		i;

	for (i = 0; c != NULL && i < n; i++)
		cb_consent_clear(&c[i]);
	kore_free(c);
}

void
cb_referrals_free(struct cb_referral *r, size_t n)
{
	size_t		i;

	for (i = 0; r != NULL && i < n; i++)
		cb_referral_clear(&r[i]);
	kore_free(r);
}
