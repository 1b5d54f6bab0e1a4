/*
 * assistance: the entries of assistance given to a person (counselling,
 * shelter, grants ...). One field table drives the API validator and
 * the HTML form; the rules that look at several fields at once (money
 * or not, consent) and the amount band are pure functions here, so
 * the handler only asks and the tests need no server.
 *
 * Amount bands (design). Statistics count assistance by type and by
 * band, never by exact amount. Amounts come in many currencies, so a
 * band is the amount's rough value in euros, from a fixed table of
 * rates (units per euro, early 2025, open-market rates where the
 * official one is far off: IRR, SYP). The band is derived when the
 * entry is written and never recomputed, so counts do not move when
 * rates do; a new table is a new version (CB_ASSISTANCE_BANDS_VERSION)
 * and a migration. Bands are wide (50, 200, 500, 1000, 2500, 5000
 * euros) so that rate drift rarely changes one.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/vocab.h"
#include "domain/forms.h"
#include "vault/vault.h"

#define TABLE		"assistance"
#define NOTE_MAX	4000
#define PROVIDER_MAX	200
/* "9999999999.99": numeric(12,2). */
#define AMOUNT_CHARS	13

const char *const cb_opt_assistance_type[] = {
	"counselling",
	"medical",
	"shelter",
	"legal",
	"psychosocial",
	"travel_document",
	"ticket",
	"escort",
	"reception",
	"cash_grant",
	"in_kind_grant",
	"business_start_up_grant",
	"vocational_training",
	"education",
	"housing",
	NULL
};

/*
 * The grants are money given to the person (in kind: goods bought for
 * them, recorded at their value). Everything else is a service whose
 * cost is not the person's assistance and is not recorded here.
 */
static const char *const money_types[] = {
	"cash_grant",
	"in_kind_grant",
	"business_start_up_grant",
	NULL
};

/* Thousandths of a unit per euro. */
static const struct {
	const char	*code;
	uint64_t	 milli;
} rates[] = {
	{ "AFN",	75000 },
	{ "BAM",	1956 },		/* pegged: 1.95583 */
	{ "BDT",	127000 },
	{ "CHF",	940 },
	{ "DZD",	141000 },
	{ "EGP",	53000 },
	{ "EUR",	1000 },
	{ "GBP",	840 },
	{ "ILS",	3850 },
	{ "IQD",	1370000 },
	{ "IRR",	850000000 },	/* open market */
	{ "LYD",	5100 },
	{ "MAD",	10500 },
	{ "PKR",	295000 },
	{ "RSD",	117000 },
	{ "SOS",	600000 },
	{ "SYP",	13700000 },	/* open market */
	{ "TND",	3350 },
	{ "TRY",	36500 },
	{ "USD",	1050 },
};

const char *const cb_assistance_bands[] = {
	"0-49", "50-199", "200-499", "500-999", "1000-2499", "2500-4999",
	"5000+", NULL
};

/* Lower bounds, in euros, of every band but the first. */
static const uint64_t band_eur[] = { 50, 200, 500, 1000, 2500, 5000 };

static const struct cb_field assistance_fields[] = {
	{ "type", CB_F_ENUM, CB_CLASS_Q, CB_REQ_YES, 0,
	    cb_opt_assistance_type, 0 },
	{ "date", CB_F_DATE, CB_CLASS_P, CB_REQ_YES, 0, NULL, 0 },
	{ "amount", CB_F_NUMBER, CB_CLASS_P, CB_REQ_NO, AMOUNT_CHARS, NULL,
	    0 },
	{ "currency", CB_F_ENUM, CB_CLASS_Q, CB_REQ_NO, 0, cb_opt_currency,
	    0 },
	/* An organisation's name, never a person's. */
	{ "provider", CB_F_TEXT, CB_CLASS_P, CB_REQ_NO, PROVIDER_MAX, NULL,
	    0 },
	/* Free text about the person, medical detail included. */
	{ "note", CB_F_TEXT, CB_CLASS_E2, CB_REQ_NO, NOTE_MAX, NULL, 1 },
};

const struct cb_form cb_form_assistance = {
	"assistance", assistance_fields, NITEMS(assistance_fields)
};

static int	in_list(const char *const *, const char *);
static void	copy(char *, size_t, const char *);

static int
in_list(const char *const *list, const char *s)
{
	size_t		i;

	for (i = 0; s != NULL && list[i] != NULL; i++) {
		if (strcmp(list[i], s) == 0)
			return (1);
	}
	return (0);
}

static void
copy(char *dst, size_t len, const char *src)
{
	(void)cb_strlcpy(dst, src != NULL ? src : "", len);
}

int
cb_assistance_money(const char *type)
{
	return (in_list(money_types, type));
}

int
cb_assistance_minor(const char *s, uint64_t *out)
{
	uint64_t	v;
	size_t		i, len, dot, decimals;

	*out = 0;
	if (s == NULL || (len = strlen(s)) == 0 || len > AMOUNT_CHARS)
		return (-1);

	dot = len;
	for (i = 0; i < len; i++) {
		if (s[i] == '.' && dot == len && i > 0)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return (-1);
	}
	decimals = (dot == len) ? 0 : len - dot - 1;
	if (dot != len && (decimals < 1 || decimals > 2))
		return (-1);

	v = 0;
	for (i = 0; i < len; i++) {
		if (i != dot)
			v = v * 10 + (uint64_t)(s[i] - '0');
	}
	for (; decimals < 2; decimals++)
		v *= 10;
	if (v > CB_ASSISTANCE_AMOUNT_MAX)
		return (-2);

	*out = v;
	return (0);
}

int
cb_assistance_amount_text(const char *s, char out[24])
{
	uint64_t	v;

	out[0] = '\0';
	if (cb_assistance_minor(s, &v) != 0)
		return (-1);
	(void)snprintf(out, 24, "%llu.%02llu", (unsigned long long)(v / 100),
	    (unsigned long long)(v % 100));
	return (0);
}

const char *
cb_assistance_band(const char *amount, const char *currency)
{
	uint64_t	v;
	size_t		r, b;

	if (currency == NULL || cb_assistance_minor(amount, &v) != 0)
		return (NULL);
	for (r = 0; r < NITEMS(rates); r++) {
		if (strcmp(rates[r].code, currency) == 0)
			break;
	}
	if (r == NITEMS(rates))
		return (NULL);

	/* v/100 units / (milli/1000 units per euro) < eur, in integers:
	 * at most 1e12 * 1000 and 5000 * 100 * 8.5e8, far below 2^64. */
	for (b = 0; b < NITEMS(band_eur); b++) {
		if (v * 1000 < band_eur[b] * 100 * rates[r].milli)
			return (cb_assistance_bands[b]);
	}
	return (cb_assistance_bands[NITEMS(band_eur)]);
}

int
cb_assistance_check(const struct cb_values *vals, int consent,
    struct cb_ferrors *fe)
{
	const char	*type, *amount, *currency, *note;
	uint64_t	 v;
	size_t		 before;
	int		 rc;

	before = fe->n;
	type = cb_values_get(vals, "type");
	amount = cb_values_get(vals, "amount");
	currency = cb_values_get(vals, "currency");
	note = cb_values_get(vals, "note");

	/* A type that is missing or unknown has its error already; what
	 * it would need cannot be said. */
	if (in_list(cb_opt_assistance_type, type)) {
		if (cb_assistance_money(type)) {
			if (amount == NULL)
				cb_ferrors_add(fe, "amount", "err.required");
			else if ((rc = cb_assistance_minor(amount, &v)) != 0)
				cb_ferrors_add(fe, "amount", rc == -2 ?
				    "err.amount_large" : "err.number");
			else if (v == 0)
				cb_ferrors_add(fe, "amount",
				    "err.amount_positive");
			if (currency == NULL)
				cb_ferrors_add(fe, "currency",
				    "err.required");
		} else {
			if (amount != NULL)
				cb_ferrors_add(fe, "amount", "err.no_money");
			if (currency != NULL)
				cb_ferrors_add(fe, "currency",
				    "err.no_money");
		}
	}

	/* A pseudonymous case takes no further personal data. */
	if (!consent && note != NULL)
		cb_ferrors_add(fe, "note", "err.consent_required");

	return (fe->n == before ? 0 : -1);
}

int
cb_assistance_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const struct cb_values *vals,
    struct cb_assistance_sealed *s)
{
	const struct cb_form	*form;
	const char		*note, *amount;
	size_t			 i, len;

	form = &cb_form_assistance;
	memset(s, 0, sizeof(*s));
	cb_uuid_new(s->id);

	amount = cb_values_get(vals, "amount");
	if (amount != NULL) {
		if (cb_assistance_amount_text(amount, s->amount) == -1 ||
		    (s->band = cb_assistance_band(amount,
		    cb_values_get(vals, "currency"))) == NULL)
			goto fail;
	}

	note = cb_values_get(vals, "note");
	if (note != NULL && (len = strlen(note)) > 0) {
		s->note_len = len + CB_VAULT_OVERHEAD;
		s->note = kore_malloc(s->note_len);
		if (cb_vault_seal(dk, TABLE, "note", s->id, version, note,
		    len, s->note) == -1)
			goto fail;
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

fail:
	cb_assistance_sealed_clear(s);
	return (-1);
}

void
cb_assistance_sealed_clear(struct cb_assistance_sealed *s)
{
	kore_free(s->note);
	sodium_memzero(s, sizeof(*s));
}

int
cb_assistance_open(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, struct cb_assistance *e)
{
	char	*pt;

	if (e->note_ct == NULL)
		return (0);
	if (e->note_ctlen < CB_VAULT_OVERHEAD)
		return (-1);
	pt = kore_malloc(e->note_ctlen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, TABLE, "note", e->id, version, e->note_ct,
	    e->note_ctlen, pt, NULL) == -1) {
		kore_free(pt);
		return (-1);
	}
	kore_free(e->note_ct);
	e->note_ct = NULL;
	e->note_ctlen = 0;
	e->note = pt;
	return (0);
}

char *
cb_assistance_note(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const char *id, const unsigned char *ct,
    size_t clen)
{
	char	*pt;

	if (ct == NULL || clen < CB_VAULT_OVERHEAD)
		return (NULL);
	pt = kore_malloc(clen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, TABLE, "note", id, version, ct, clen, pt,
	    NULL) == -1) {
		kore_free(pt);
		return (NULL);
	}
	return (pt);
}

void
cb_assistance_from_values(struct cb_assistance *e,
    const struct cb_values *vals, const struct cb_assistance_sealed *s)
{
	const char	*v;

	copy(e->id, sizeof(e->id), s->id);
	copy(e->type, sizeof(e->type), cb_values_get(vals, "type"));
	copy(e->date, sizeof(e->date), cb_values_get(vals, "date"));
	copy(e->amount, sizeof(e->amount), s->amount);
	copy(e->currency, sizeof(e->currency),
	    s->amount[0] != '\0' ? cb_values_get(vals, "currency") : NULL);
	copy(e->band, sizeof(e->band), s->band);
	if ((v = cb_values_get(vals, "provider")) != NULL)
		e->provider = kore_strdup(v);
	if ((v = cb_values_get(vals, "note")) != NULL)
		e->note = kore_strdup(v);
}

void
cb_assistance_clear(struct cb_assistance *e)
{
	if (e->provider != NULL) {
		sodium_memzero(e->provider, strlen(e->provider));
		kore_free(e->provider);
	}
	if (e->note != NULL) {
		sodium_memzero(e->note, strlen(e->note));
		kore_free(e->note);
	}
	kore_free(e->note_ct);
	sodium_memzero(e, sizeof(*e));
}
