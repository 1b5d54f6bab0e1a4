/*
 * Unit tests for domain/assistance.c and render/assistance.c: the
 * picklists and which types are money, every rule across fields through
 * both faces (JSON body and form post) with the error under the field's
 * name, amounts in minor units at their edges, the amount bands per
 * currency at their thresholds, the note sealed to its entry (moved to
 * another entry or version it does not open), the catalogue has a text
 * for every field and code, and the section, form and JSON escape every
 * value and show labels, never codes. Leaks fail through kore_shim.c.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assignment.h"
#include "domain/assistance.h"
#include "domain/forms.h"
#include "render/assistance.h"
#include "render/i18n.h"
#include "render/render.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define CASE_ID		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"
#define ENTRY_ID	"0c8e6a51-2b7d-4f3e-9a10-5d6c7b8a9f01"
#define USER_ID		"6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define USER2_ID	"7b2e3d4c-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
#define XSS		"<script>alert(1)</script>"
/* مركز صحي */
#define ARABIC		"\xd9\x85\xd8\xb1\xd9\x83\xd8\xb2 \xd8\xb5\xd8\xad\xd9\x8a"

/* One verdict of the rules: the field and the message expected, or a
 * NULL field for "valid". */
struct verdict {
	const char	*json;
	const char	*kv;
	int		 consent;
	const char	*field;
	const char	*msg;
};

static int	run_json(const char *, int, struct cb_values *,
		    struct cb_ferrors *);
static int	run_kv(const char *, int, struct cb_values *,
		    struct cb_ferrors *);
static void	expect(const struct verdict *);
static void	make_entry(struct cb_assistance *, const char *, const char *,
		    const char *, const char *, const char *);
static char	*render(int, const struct cb_assistance *, size_t);

static int
run_json(const char *doc, int consent, struct cb_values *vals,
    struct cb_ferrors *fe)
{
	struct cb_json		*j;
	struct cb_json_error	 err;

	j = NULL;
	if (cb_json_parse(doc, strlen(doc), &j, &err) != 0)
		fail_msg("test JSON rejected at %zu: %s", err.offset,
		    err.reason);
	(void)cb_form_from_json(&cb_form_assistance, j, vals, fe);
	cb_json_free(j);
	(void)cb_assistance_check(vals, consent, fe);
	return (fe->n == 0 ? 0 : -1);
}

static int
run_kv(const char *body, int consent, struct cb_values *vals,
    struct cb_ferrors *fe)
{
	struct cb_kvlist	kv;

	memset(&kv, 0, sizeof(kv));
	if (cb_kv_parse(body, strlen(body), 64, &kv) != 0)
		fail_msg("test form body rejected: %s", body);
	(void)cb_form_from_kv(&cb_form_assistance, &kv, vals, fe);
	cb_kv_free(&kv);
	(void)cb_assistance_check(vals, consent, fe);
	return (fe->n == 0 ? 0 : -1);
}

/* The same input through both faces gives the same verdict. */
static void
expect(const struct verdict *v)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;
	const char		*m;
	int			 face, rc;

	for (face = 0; face < 2; face++) {
		if (face == 0)
			rc = run_json(v->json, v->consent, &vals, &fe);
		else
			rc = run_kv(v->kv, v->consent, &vals, &fe);
		if (v->field == NULL) {
			if (rc != 0)
				fail_msg("%s: %s refused: %s %s",
				    face ? "kv" : "json",
				    face ? v->kv : v->json, fe.field[0],
				    fe.msg[0]);
		} else {
			m = cb_ferrors_get(&fe, v->field);
			if (rc != -1 || m == NULL || strcmp(m, v->msg) != 0)
				fail_msg("%s: %s: %s is %s, want %s",
				    face ? "kv" : "json",
				    face ? v->kv : v->json, v->field,
				    m != NULL ? m : "(no error)", v->msg);
		}
		cb_values_clear(&vals);
	}
}

static void
test_picklists(void **state)
{
	static const char *const want[] = {
		"counselling", "medical", "shelter", "legal", "psychosocial",
		"travel_document", "ticket", "escort", "reception",
		"cash_grant", "in_kind_grant", "business_start_up_grant",
		"vocational_training", "education", "housing"
	};
	size_t	i, money;

	for (i = 0; cb_opt_assistance_type[i] != NULL; i++)
		;
	assert_int_equal(i, NITEMS(want));
	money = 0;
	for (i = 0; i < NITEMS(want); i++) {
		assert_string_equal(cb_opt_assistance_type[i], want[i]);
		money += cb_assistance_money(want[i]);
	}
	assert_int_equal(money, 3);
	assert_true(cb_assistance_money("cash_grant"));
	assert_true(cb_assistance_money("in_kind_grant"));
	assert_true(cb_assistance_money("business_start_up_grant"));
	assert_false(cb_assistance_money("medical"));
	assert_false(cb_assistance_money("ticket"));
	assert_false(cb_assistance_money(NULL));
	assert_false(cb_assistance_money("cash"));

	/* Every currency can be banded; ISO 4217 codes are 3 capitals. */
	for (i = 0; cb_opt_currency[i] != NULL; i++) {
		assert_int_equal(strlen(cb_opt_currency[i]), 3);
		assert_int_equal(strspn(cb_opt_currency[i],
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 3);
		assert_non_null(cb_assistance_band("1", cb_opt_currency[i]));
	}
	assert_true(i >= 17);
}

static void
test_minor(void **state)
{
	static const struct {
		const char	*in;
		int		 rc;
		uint64_t	 minor;
		const char	*text;
	} cases[] = {
		{ "0",			0,	0,	"0.00" },
		{ "1",			0,	100,	"1.00" },
		{ "1.5",		0,	150,	"1.50" },
		{ "1.55",		0,	155,	"1.55" },
		{ "007.05",		0,	705,	"7.05" },
		{ "9999999999.99",	0,	999999999999ULL,
		    "9999999999.99" },
		{ "10000000000",	-2,	0,	NULL },
		{ "99999999999",	-2,	0,	NULL },
		{ "1.555",		-1,	0,	NULL },
		{ "1.",			-1,	0,	NULL },
		{ ".5",			-1,	0,	NULL },
		{ "-1",			-1,	0,	NULL },
		{ "1e3",		-1,	0,	NULL },
		{ "1,5",		-1,	0,	NULL },
		{ "1.2.3",		-1,	0,	NULL },
		{ " 1",			-1,	0,	NULL },
		{ "",			-1,	0,	NULL },
		{ "12345678901234",	-1,	0,	NULL },
	};
	uint64_t	v;
	char		text[24];
	size_t		i;

	for (i = 0; i < NITEMS(cases); i++) {
		if (cb_assistance_minor(cases[i].in, &v) != cases[i].rc)
			fail_msg("minor(\"%s\") != %d", cases[i].in,
			    cases[i].rc);
		if (cases[i].rc != 0)
			continue;
		assert_true(v == cases[i].minor);
		assert_int_equal(cb_assistance_amount_text(cases[i].in, text),
		    0);
		assert_string_equal(text, cases[i].text);
	}
	assert_int_equal(cb_assistance_minor(NULL, &v), -1);
	assert_int_equal(cb_assistance_amount_text("x", text), -1);
	assert_string_equal(text, "");
}

static void
test_bands(void **state)
{
	static const struct {
		const char	*amount;
		const char	*currency;
		const char	*band;
	} cases[] = {
		{ "0.01",		"EUR",	"0-49" },
		{ "49.99",		"EUR",	"0-49" },
		{ "50",			"EUR",	"50-199" },
		{ "199.99",		"EUR",	"50-199" },
		{ "200",		"EUR",	"200-499" },
		{ "500",		"EUR",	"500-999" },
		{ "999.99",		"EUR",	"500-999" },
		{ "1000",		"EUR",	"1000-2499" },
		{ "2500",		"EUR",	"2500-4999" },
		{ "4999.99",		"EUR",	"2500-4999" },
		{ "5000",		"EUR",	"5000+" },
		{ "9999999999.99",	"EUR",	"5000+" },
		/* 1.956 marks a euro: 50 euros are 97.80 marks. */
		{ "97.79",		"BAM",	"0-49" },
		{ "97.80",		"BAM",	"50-199" },
		{ "1000",		"BAM",	"500-999" },
		/* 117 dinars a euro. */
		{ "5849.99",		"RSD",	"0-49" },
		{ "5850",		"RSD",	"50-199" },
		{ "500000",		"RSD",	"2500-4999" },
		/* 850,000 rials a euro (open market). */
		{ "42499999.99",	"IRR",	"0-49" },
		{ "42500000",		"IRR",	"50-199" },
		{ "9999999999.99",	"IRR",	"5000+" },
		{ "4250000000",		"IRR",	"5000+" },
		{ "1000",		"USD",	"500-999" },
		/* 0.84 pounds a euro: 2000 pounds are some 2381 euros. */
		{ "2000",		"GBP",	"1000-2499" },
	};
	const char	*b;
	size_t		 i;

	for (i = 0; i < NITEMS(cases); i++) {
		b = cb_assistance_band(cases[i].amount, cases[i].currency);
		if (b == NULL || strcmp(b, cases[i].band) != 0)
			fail_msg("band(%s %s) = %s, want %s",
			    cases[i].amount, cases[i].currency,
			    b != NULL ? b : "NULL", cases[i].band);
	}
	assert_null(cb_assistance_band("100", "XXX"));
	assert_null(cb_assistance_band("100", "eur"));
	assert_null(cb_assistance_band("100", NULL));
	assert_null(cb_assistance_band("1.555", "EUR"));
	assert_null(cb_assistance_band(NULL, "EUR"));

	/* Every band is one of the list, which is ordered and ends. */
	for (i = 0; cb_assistance_bands[i] != NULL; i++)
		;
	assert_int_equal(i, 7);
	assert_string_equal(cb_assistance_bands[0], "0-49");
	assert_string_equal(cb_assistance_bands[6], "5000+");
}

static void
test_rules(void **state)
{
	static const struct verdict	v[] = {
		/* Money: amount and currency required, > 0. */
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":150.50,\"currency\":\"EUR\"}",
		    "type=cash_grant&date=2025-01-10&amount=150.50&"
		    "currency=EUR", 1, NULL, NULL },
		{ "{\"type\":\"in_kind_grant\",\"date\":\"2025-01-10\","
		    "\"currency\":\"BAM\"}",
		    "type=in_kind_grant&date=2025-01-10&currency=BAM", 1,
		    "amount", "err.required" },
		{ "{\"type\":\"business_start_up_grant\","
		    "\"date\":\"2025-01-10\",\"amount\":10}",
		    "type=business_start_up_grant&date=2025-01-10&amount=10",
		    1, "currency", "err.required" },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":0,\"currency\":\"EUR\"}",
		    "type=cash_grant&date=2025-01-10&amount=0.00&"
		    "currency=EUR", 1, "amount", "err.amount_positive" },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":1.555,\"currency\":\"EUR\"}",
		    "type=cash_grant&date=2025-01-10&amount=1.555&"
		    "currency=EUR", 1, "amount", "err.number" },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":-5,\"currency\":\"EUR\"}",
		    "type=cash_grant&date=2025-01-10&amount=-5&currency=EUR",
		    1, "amount", "err.number" },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":12345678901,\"currency\":\"EUR\"}",
		    "type=cash_grant&date=2025-01-10&amount=12345678901&"
		    "currency=EUR", 1, "amount", "err.amount_large" },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":\"150\",\"currency\":\"EUR\"}",
		    "type=cash_grant&date=2025-01-10&amount=1%2C5&"
		    "currency=EUR", 1, "amount", NULL },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":10,\"currency\":\"XYZ\"}",
		    "type=cash_grant&date=2025-01-10&amount=10&currency=XYZ",
		    1, "currency", "err.option" },
		/* Not money: amount and currency refused. */
		{ "{\"type\":\"medical\",\"date\":\"2025-01-10\","
		    "\"note\":\"x\"}",
		    "type=medical&date=2025-01-10&note=x", 1, NULL, NULL },
		{ "{\"type\":\"ticket\",\"date\":\"2025-01-10\","
		    "\"amount\":300}",
		    "type=ticket&date=2025-01-10&amount=300", 1, "amount",
		    "err.no_money" },
		{ "{\"type\":\"housing\",\"date\":\"2025-01-10\","
		    "\"currency\":\"EUR\"}",
		    "type=housing&date=2025-01-10&currency=EUR", 1,
		    "currency", "err.no_money" },
		/* Fields of the table. */
		{ "{\"date\":\"2025-01-10\"}", "date=2025-01-10", 1, "type",
		    "err.required" },
		{ "{\"type\":\"cash\",\"date\":\"2025-01-10\"}",
		    "type=cash&date=2025-01-10", 1, "type", "err.option" },
		{ "{\"type\":\"legal\"}", "type=legal", 1, "date",
		    "err.required" },
		{ "{\"type\":\"legal\",\"date\":\"2999-01-01\"}",
		    "type=legal&date=2999-01-01", 1, "date", "err.date" },
		{ "{\"type\":\"legal\",\"date\":\"2025-02-30\"}",
		    "type=legal&date=2025-02-30", 1, "date", "err.date" },
		{ "{\"type\":\"legal\",\"date\":\"2025-01-10\","
		    "\"provider\":\"a\\nb\"}",
		    "type=legal&date=2025-01-10&provider=a%0Ab", 1,
		    "provider", "err.control" },
		{ "{\"type\":\"legal\",\"date\":\"2025-01-10\","
		    "\"note\":\"line 1\\nline 2\"}",
		    "type=legal&date=2025-01-10&note=line+1%0D%0Aline+2", 1,
		    NULL, NULL },
		{ "{\"type\":\"legal\",\"date\":\"2025-01-10\","
		    "\"office\":\"x\"}",
		    "type=legal&date=2025-01-10&office=x", 1, "office",
		    "err.unknown_field" },
		/* A pseudonymous case takes no note; the rest it takes. */
		{ "{\"type\":\"medical\",\"date\":\"2025-01-10\","
		    "\"note\":\"x\"}",
		    "type=medical&date=2025-01-10&note=x", 0, "note",
		    "err.consent_required" },
		{ "{\"type\":\"cash_grant\",\"date\":\"2025-01-10\","
		    "\"amount\":5,\"currency\":\"EUR\",\"provider\":\"IOM\"}",
		    "type=cash_grant&date=2025-01-10&amount=5&currency=EUR&"
		    "provider=IOM", 0, NULL, NULL },
	};
	struct cb_values	vals;
	struct cb_ferrors	fe;
	size_t			i;

	for (i = 0; i < NITEMS(v); i++) {
		if (v[i].msg != NULL || v[i].field == NULL) {
			expect(&v[i]);
			continue;
		}
		/* A string is no number in JSON; a comma none in a form. */
		assert_int_equal(run_json(v[i].json, 1, &vals, &fe), -1);
		assert_string_equal(cb_ferrors_get(&fe, "amount"), "err.type");
		cb_values_clear(&vals);
		assert_int_equal(run_kv(v[i].kv, 1, &vals, &fe), -1);
		assert_string_equal(cb_ferrors_get(&fe, "amount"),
		    "err.number");
		cb_values_clear(&vals);
	}

	/* All errors at once, each under its own field. */
	assert_int_equal(run_json("{\"type\":\"medical\",\"date\":\"x\","
	    "\"amount\":5,\"currency\":\"EUR\",\"note\":\"n\"}", 0, &vals,
	    &fe), -1);
	assert_int_equal(fe.n, 4);
	assert_string_equal(cb_ferrors_get(&fe, "date"), "err.date");
	assert_string_equal(cb_ferrors_get(&fe, "amount"), "err.no_money");
	assert_string_equal(cb_ferrors_get(&fe, "currency"), "err.no_money");
	assert_string_equal(cb_ferrors_get(&fe, "note"),
	    "err.consent_required");
	cb_values_clear(&vals);
}

static void
test_seal_open(void **state)
{
	struct cb_values		 vals;
	struct cb_ferrors		 fe;
	struct cb_assistance_sealed	 s;
	struct cb_assistance		 e, moved;
	unsigned char			 dk[CB_VAULT_KEY_LEN];

	randombytes_buf(dk, sizeof(dk));
	assert_int_equal(run_json("{\"type\":\"cash_grant\",\"date\":"
	    "\"2025-01-10\",\"amount\":150.5,\"currency\":\"EUR\","
	    "\"provider\":\"IOM\",\"note\":\"HIV " ARABIC "\"}", 1, &vals,
	    &fe), 0);
	assert_int_equal(cb_assistance_seal(dk, 2, &vals, &s), 0);
	assert_true(cb_uuid_valid(s.id));
	assert_string_equal(s.amount, "150.50");
	assert_string_equal(s.band, "50-199");
	assert_string_equal(s.fields, "type,date,amount,currency,provider,"
	    "note");
	assert_non_null(s.note);
	assert_int_equal(s.note_len, strlen("HIV " ARABIC) +
	    CB_VAULT_OVERHEAD);
	assert_null(memmem(s.note, s.note_len, "HIV", 3));

	/* As the store gives it back: opens with its id and version. */
	memset(&e, 0, sizeof(e));
	(void)cb_strlcpy(e.id, s.id, sizeof(e.id));
	e.note_ct = kore_malloc(s.note_len);
	memcpy(e.note_ct, s.note, s.note_len);
	e.note_ctlen = s.note_len;
	moved = e;
	moved.note_ct = kore_malloc(s.note_len);
	memcpy(moved.note_ct, s.note, s.note_len);
	assert_int_equal(cb_assistance_open(dk, 2, &e), 0);
	assert_string_equal(e.note, "HIV " ARABIC);
	assert_null(e.note_ct);

	/* Another entry, another version, another key: it does not. */
	(void)cb_strlcpy(moved.id, ENTRY_ID, sizeof(moved.id));
	assert_int_equal(cb_assistance_open(dk, 2, &moved), -1);
	(void)cb_strlcpy(moved.id, s.id, sizeof(moved.id));
	assert_int_equal(cb_assistance_open(dk, 1, &moved), -1);
	dk[0] ^= 1;
	assert_int_equal(cb_assistance_open(dk, 2, &moved), -1);
	assert_null(moved.note);
	cb_assistance_clear(&moved);

	/* The answer of the create path, from the values. */
	cb_assistance_clear(&e);
	cb_assistance_from_values(&e, &vals, &s);
	assert_string_equal(e.id, s.id);
	assert_string_equal(e.type, "cash_grant");
	assert_string_equal(e.amount, "150.50");
	assert_string_equal(e.currency, "EUR");
	assert_string_equal(e.band, "50-199");
	assert_string_equal(e.provider, "IOM");
	assert_string_equal(e.note, "HIV " ARABIC);
	cb_assistance_clear(&e);
	cb_assistance_sealed_clear(&s);
	cb_values_clear(&vals);

	/* No note, no money: nothing sealed, no band. */
	assert_int_equal(run_json("{\"type\":\"escort\",\"date\":"
	    "\"2025-01-10\"}", 1, &vals, &fe), 0);
	assert_int_equal(cb_assistance_seal(dk, 1, &vals, &s), 0);
	assert_null(s.note);
	assert_null(s.band);
	assert_string_equal(s.amount, "");
	assert_string_equal(s.fields, "type,date");
	memset(&e, 0, sizeof(e));
	assert_int_equal(cb_assistance_open(dk, 1, &e), 0);
	cb_assistance_sealed_clear(&s);
	cb_values_clear(&vals);
}

static void
test_catalogue(void **state)
{
	const struct cb_field	*f;
	char			 key[96];
	size_t			 i, j;
	static const char *const errs[] = {
		"err.amount_large", "err.amount_positive", "err.assignee",
		"err.case_closed", "err.no_money", "err.consent_required",
		"err.number", "err.stale", "err.idempotency_reuse",
	};

	for (i = 0; i < cb_form_assistance.nfields; i++) {
		f = &cb_form_assistance.fields[i];
		(void)snprintf(key, sizeof(key), "field.%s", f->name);
		if (!cb_i18n_has(key))
			fail_msg("no catalogue entry %s", key);
		for (j = 0; f->options != NULL && f->options[j] != NULL;
		    j++) {
			(void)snprintf(key, sizeof(key), "opt.%s.%s", f->name,
			    f->options[j]);
			if (!cb_i18n_has(key))
				fail_msg("no catalogue entry %s", key);
		}
	}
	for (i = 0; i < NITEMS(errs); i++)
		assert_true(cb_i18n_has(errs[i]));
	assert_true(cb_form_assistance.nfields == 6);
	assert_true(cb_field_multiline(&cb_form_assistance.fields[5]));
	assert_false(cb_field_multiline(&cb_form_assistance.fields[4]));
}

static void
make_entry(struct cb_assistance *e, const char *type, const char *amount,
    const char *currency, const char *provider, const char *note)
{
	memset(e, 0, sizeof(*e));
	(void)cb_strlcpy(e->id, ENTRY_ID, sizeof(e->id));
	(void)cb_strlcpy(e->type, type, sizeof(e->type));
	(void)cb_strlcpy(e->date, "2025-01-10", sizeof(e->date));
	(void)cb_strlcpy(e->amount, amount, sizeof(e->amount));
	(void)cb_strlcpy(e->currency, currency, sizeof(e->currency));
	if (provider != NULL)
		e->provider = kore_strdup(provider);
	if (note != NULL)
		e->note = kore_strdup(note);
	(void)cb_strlcpy(e->created_by, USER_ID, sizeof(e->created_by));
	(void)cb_strlcpy(e->created_by_name, "caseworker",
	    sizeof(e->created_by_name));
	(void)cb_strlcpy(e->created_at, "2025-01-10T10:00:00Z",
	    sizeof(e->created_at));
}

/* kind 0: JSON list, 1: section (can add), 2: section (cannot). */
static char *
render(int kind, const struct cb_assistance *items, size_t n)
{
	struct kore_buf	 buf;
	char		*s, *copy;
	size_t		 len;

	kore_buf_init(&buf, 1024);
	if (kind == 0)
		cb_render_assistance_list_json(&buf, CASE_ID, items, n,
		    n > 1 ? "abcd" : NULL);
	else
		cb_render_assistance_section(&buf, CASE_ID, items, n,
		    NULL, kind == 1);
	s = kore_buf_stringify(&buf, &len);
	assert_int_equal(strlen(s), len);
	copy = kore_strdup(s);
	kore_buf_cleanup(&buf);
	return (copy);
}

static void
test_render(void **state)
{
	struct cb_assistance	 e[2];
	struct cb_json		*j;
	struct cb_json_error	 err;
	const struct cb_json	*items, *it;
	char			*s;
	size_t			 i;

	make_entry(&e[0], "cash_grant", "150.50", "EUR", XSS, "a & \"b\"");
	make_entry(&e[1], "medical", "", "", ARABIC, NULL);
	(void)cb_strlcpy(e[0].band, "50-199", sizeof(e[0].band));

	/* JSON: parses back to the same strings; the amount a number. */
	s = render(0, e, 2);
	j = NULL;
	if (cb_json_parse(s, strlen(s), &j, &err) != 0)
		fail_msg("not JSON at %zu: %s", err.offset, s);
	assert_null(strstr(s, "<script"));
	items = cb_json_get(j, "items");
	assert_non_null(items);
	assert_int_equal(items->count, 2);
	it = items->child;
	assert_string_equal(cb_json_get(it, "provider")->str, XSS);
	assert_string_equal(cb_json_get(it, "note")->str, "a & \"b\"");
	assert_int_equal(cb_json_get(it, "amount")->type, CB_JSON_NUMBER);
	assert_string_equal(cb_json_get(it, "amount")->str, "150.50");
	assert_string_equal(cb_json_get(it, "amount_band")->str, "50-199");
	assert_string_equal(cb_json_get(it, "case_id")->str, CASE_ID);
	it = it->next;
	assert_int_equal(cb_json_get(it, "amount")->type, CB_JSON_NULL);
	assert_int_equal(cb_json_get(it, "currency")->type, CB_JSON_NULL);
	assert_int_equal(cb_json_get(it, "note")->type, CB_JSON_NULL);
	assert_string_equal(cb_json_get(it, "provider")->str, ARABIC);
	assert_string_equal(cb_json_get(j, "next_cursor")->str, "abcd");
	cb_json_free(j);
	kore_free(s);

	/* The section: escaped, labels not codes, the add link only when
	 * the caller may add. */
	s = render(1, e, 2);
	assert_null(strstr(s, XSS));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_non_null(strstr(s, "a &amp; &quot;b&quot;"));
	assert_non_null(strstr(s, ARABIC));
	assert_non_null(strstr(s, ">Cash grant<"));
	assert_non_null(strstr(s, ">Medical assistance<"));
	assert_null(strstr(s, ">cash_grant<"));
	assert_non_null(strstr(s, "150.50 <abbr title=\"Euro\">EUR</abbr>"));
	assert_non_null(strstr(s, "href=\"/cases/" CASE_ID
	    "/assistance/new\""));
	kore_free(s);
	s = render(2, e, 2);
	assert_null(strstr(s, "/assistance/new"));
	kore_free(s);
	s = render(2, e, 0);
	assert_non_null(strstr(s, cb_t("list.assistance_empty")));
	assert_null(strstr(s, "<table"));
	kore_free(s);

	for (i = 0; i < NITEMS(e); i++)
		cb_assistance_clear(&e[i]);
}

static void
test_render_forms(void **state)
{
	struct cb_user_ref	 users[2];
	struct cb_actor		 actor;
	struct cb_page		 pg;
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct kore_buf		 buf;
	char			*s;
	size_t			 len;

	memset(&actor, 0, sizeof(actor));
	actor.role = CB_ROLE_SUPERVISOR;
	(void)cb_strlcpy(actor.username, "supervisor",
	    sizeof(actor.username));
	pg.actor = &actor;
	pg.csrf = "c0ffee";
	memset(users, 0, sizeof(users));
	(void)cb_strlcpy(users[0].id, USER_ID, sizeof(users[0].id));
	(void)cb_strlcpy(users[0].username, "amra", sizeof(users[0].username));
	(void)cb_strlcpy(users[1].id, USER2_ID, sizeof(users[1].id));
	(void)cb_strlcpy(users[1].username, "o'neil<",
	    sizeof(users[1].username));

	kore_buf_init(&buf, 1024);
	cb_render_assignment_form(&buf, &pg, CASE_ID, 7, USER2_ID, users, 2);
	s = kore_buf_stringify(&buf, &len);
	assert_non_null(strstr(s, "action=\"/cases/" CASE_ID
	    "/assignment\""));
	assert_non_null(strstr(s, "name=\"csrf\" value=\"c0ffee\""));
	assert_non_null(strstr(s, "name=\"version\" value=\"7\""));
	assert_non_null(strstr(s, "<option value=\"" USER_ID "\">amra"));
	assert_non_null(strstr(s, "<option value=\"" USER2_ID
	    "\" selected>o&#39;neil&lt;"));
	kore_buf_cleanup(&buf);

	kore_buf_init(&buf, 1024);
	cb_render_assignment_json(&buf, CASE_ID, USER_ID, 8);
	s = kore_buf_stringify(&buf, &len);
	assert_string_equal(s, "{\"id\":\"" CASE_ID "\",\"assigned_to\":\""
	    USER_ID "\",\"version\":8}");
	kore_buf_cleanup(&buf);

	/* The entry form redrawn as typed, an error under its field, the
	 * note in a textarea, the one-time token kept. */
	assert_int_equal(run_kv("type=ticket&date=2025-01-10&amount=3&"
	    "note=" "%3Cb%3E+line%0D%0Aline", 1, &vals, &fe), -1);
	kore_buf_init(&buf, 4096);
	cb_render_assistance_form(&buf, &pg, CASE_ID, "tok123", &vals, &fe);
	s = kore_buf_stringify(&buf, &len);
	assert_non_null(strstr(s, "action=\"/cases/" CASE_ID
	    "/assistance/new\""));
	assert_non_null(strstr(s, "name=\"form_token\" value=\"tok123\""));
	assert_non_null(strstr(s, "<option value=\"ticket\" selected>"
	    "Ticket</option>"));
	assert_non_null(strstr(s, "id=\"err-amount\">"));
	assert_non_null(strstr(s, cb_t("err.no_money")));
	assert_non_null(strstr(s, "&lt;b&gt; line\r\nline</textarea>"));
	assert_null(strstr(s, "<b>"));
	kore_buf_cleanup(&buf);
	cb_values_clear(&vals);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_picklists),
		cmocka_unit_test(test_minor),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_render_forms),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
