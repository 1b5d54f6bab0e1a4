/*
 * Unit tests for domain/referral.c and render/referral.c: which fields
 * a package shows for which categories (the same lists as
 * cb_category_fields), a step's sealed data giving up only the one
 * member a category names, the assistance summary, opening a package
 * with real keys where only the shared fields open however much the
 * row holds (and a ciphertext moved to another referral or update does
 * not open), the rules of the answer and of a service update through
 * both faces, sealing an update, and the JSON and the page writing out
 * the shared fields only, escaped, with labels. Leaks fail through
 * kore_shim.c.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/package.h"
#include "render/i18n.h"
#include "render/package.h"
#include "render/render.h"
#include "text/json.h"
#include "text/text.h"
#include "vault/vault.h"

#define KEY_VERSION	1
#define SEAL_VERSION	1
#define CASE_ID		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"
#define PERSON_ID	"7a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3"
#define REFERRAL_ID	"0c8e6a51-2b7d-4f3e-9a10-5d6c7b8a9f01"
#define OTHER_ID	"1d9f7b62-3c8e-4a4f-8b21-6e7d8c9b0a12"
#define FIT_TID		"2e0a8c73-4d9f-4b5a-9c32-7f8e9dac1b23"
#define URGENT_TID	"3f1b9d84-5eaf-4c6b-8d43-80f9aebd2c34"
#define NARR_TID	"4a2cae95-6fb0-4d7c-9e54-91a0bfce3d45"
#define UPDATE_ID	"5b3dbfa6-70c1-4e8d-8f65-a2b1c0df4e56"

#define ARABIC		"\xd8\xa2\xd9\x85\xd9\x86\xd8\xa9"	/* آمنة */
#define XSS		"<script>alert(1)</script>"

struct fixture {
	struct cb_vault	*v;
	unsigned char	 cdk[CB_VAULT_KEY_LEN];
	unsigned char	 pdk[CB_VAULT_KEY_LEN];
	unsigned char	 cwrapped[CB_VAULT_WRAPPED_LEN];
	unsigned char	 pwrapped[CB_VAULT_WRAPPED_LEN];
};

/* Plaintext of every field, sealed where the database seals it. */
static const char *const plain[CB_PKG_COUNT] = {
	"Amina", "Hadzic " XSS, ARABIC, "1990-05-17", "Feminine", "SY",
	"+38761111222", "Reception centre Usivak", "SY7654321", "fit",
	NULL, NULL, "CT", "referral",
	"medical 2026-01-02,shelter 2026-01-05", NULL
};

static int	setup(void **);
static int	teardown(void **);
static unsigned char *seal(const unsigned char *, const char *,
		    const char *, const char *, const char *, size_t *);
static void	make_row(struct fixture *, struct cb_package_row *);
static char	*render_json(const struct cb_package *);
static char	*render_page(const struct cb_package *,
		    const struct cb_referral_pageview *);
static int	run(const struct cb_form *, const char *, const char *,
		    const char *, struct cb_values *, struct cb_ferrors *);

static int
setup(void **state)
{
	struct fixture	*f;
	unsigned char	 key[CB_VAULT_KEY_LEN];
	size_t		 i;

	if (sodium_init() < 0)
		return (-1);
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return (-1);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(0x5a ^ i);
	if (cb_vault_open_mem(&f->v, key, KEY_VERSION) != 0 ||
	    cb_vault_dk_new(f->v, CASE_ID, f->cdk, f->cwrapped) != 0 ||
	    cb_vault_dk_new(f->v, PERSON_ID, f->pdk, f->pwrapped) != 0) {
		free(f);
		return (-1);
	}
	sodium_memzero(key, sizeof(key));
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	cb_vault_close(f->v);
	sodium_memzero(f, sizeof(*f));
	free(f);
	return (0);
}

static unsigned char *
seal(const unsigned char *dk, const char *table, const char *column,
    const char *rid, const char *text, size_t *len)
{
	unsigned char	*ct;

	*len = strlen(text) + CB_VAULT_OVERHEAD;
	ct = kore_malloc(*len);
	assert_int_equal(cb_vault_seal(dk, table, column, rid, SEAL_VERSION,
	    text, strlen(text), ct), 0);
	return (ct);
}

/*
 * A row holding EVERY field, as a careless query would return it, so
 * that the categories alone decide what is opened. The steps' data hold
 * more than their category's member (a booking reference, a risk note).
 */
static void
make_row(struct fixture *f, struct cb_package_row *row)
{
	size_t		i;

	memset(row, 0, sizeof(*row));
	(void)cb_strlcpy(row->case_id, CASE_ID, sizeof(row->case_id));
	(void)cb_strlcpy(row->person_id, PERSON_ID, sizeof(row->person_id));
	row->case_kv = row->person_kv = cb_vault_version(f->v);
	row->case_sv = row->person_sv = SEAL_VERSION;
	row->case_wlen = row->person_wlen = CB_VAULT_WRAPPED_LEN;
	row->case_wrapped = kore_malloc(CB_VAULT_WRAPPED_LEN);
	memcpy(row->case_wrapped, f->cwrapped, CB_VAULT_WRAPPED_LEN);
	row->person_wrapped = kore_malloc(CB_VAULT_WRAPPED_LEN);
	memcpy(row->person_wrapped, f->pwrapped, CB_VAULT_WRAPPED_LEN);
	for (i = 0; i < CB_PKG_COUNT; i++) {
		switch (cb_pkg_defs[i].source) {
		case CB_PKG_SRC_PERSON:
			row->ct[i] = seal(f->pdk, "persons",
			    cb_pkg_defs[i].column, PERSON_ID, plain[i],
			    &row->ctlen[i]);
			break;
		case CB_PKG_SRC_CASE:
			row->ct[i] = seal(f->cdk, "cases",
			    cb_pkg_defs[i].column, CASE_ID, plain[i],
			    &row->ctlen[i]);
			break;
		case CB_PKG_SRC_PLAIN:
			row->plain[i] = kore_strdup(plain[i]);
			break;
		case CB_PKG_SRC_STEP:
			break;
		}
	}
	(void)cb_strlcpy(row->tid[CB_PKG_FIT_NOTE], FIT_TID, CB_UUID_SIZE);
	row->ct[CB_PKG_FIT_NOTE] = seal(f->cdk, "case_transitions", "data",
	    FIT_TID, "{\"booking_reference\":\"PNR-77\","
	    "\"fit_note\":\"Asthma, inhaler\"}", &row->ctlen[CB_PKG_FIT_NOTE]);
	(void)cb_strlcpy(row->tid[CB_PKG_URGENT], URGENT_TID, CB_UUID_SIZE);
	row->ct[CB_PKG_URGENT] = seal(f->cdk, "case_transitions", "data",
	    URGENT_TID, "{\"risk_note\":\"Trafficker lives nearby\","
	    "\"urgent_medical_need\":\"true\"}", &row->ctlen[CB_PKG_URGENT]);
	(void)cb_strlcpy(row->tid[CB_PKG_NARRATIVE], NARR_TID, CB_UUID_SIZE);
	row->ct[CB_PKG_NARRATIVE] = seal(f->cdk, "case_transitions", "data",
	    NARR_TID, "{\"narrative\":\"Recruited online\","
	    "\"screening_note\":\"Perpetrator: X\"}",
	    &row->ctlen[CB_PKG_NARRATIVE]);
	row->response = seal(f->cdk, "referrals", "response_reason",
	    REFERRAL_ID, "We have a bed", &row->response_len);
}

/* The package's fields against cb_category_fields, category by
 * category: the same names, nothing more, nothing less. */
static void
test_fields_by_category(void **state)
{
	const char *const	*names;
	size_t			 b, i, k, n;
	int			 bit;

	for (b = 0; cb_opt_category[b] != NULL; b++) {
		bit = 1 << b;
		names = cb_category_fields(bit);
		assert_non_null(names);
		for (n = 0; names[n] != NULL; n++) {
			for (i = 0; i < CB_PKG_COUNT; i++) {
				if (strcmp(cb_pkg_defs[i].name, names[n]) == 0)
					break;
			}
			if (i == CB_PKG_COUNT)
				fail_msg("%s has no package field", names[n]);
			assert_int_equal(cb_pkg_defs[i].category, bit);
		}
		for (i = 0, k = 0; i < CB_PKG_COUNT; i++) {
			if (cb_package_shows(bit, (enum cb_pkg_field)i))
				k++;
		}
		assert_int_equal(k, n);
	}
	assert_true(cb_package_shows(CB_CAT_IDENTITY, CB_PKG_GIVEN_NAME));
	assert_true(cb_package_shows(CB_CAT_IDENTITY, CB_PKG_CITIZENSHIP));
	assert_false(cb_package_shows(CB_CAT_IDENTITY, CB_PKG_PHONE));
	assert_false(cb_package_shows(CB_CAT_IDENTITY, CB_PKG_DOCUMENT));
	assert_false(cb_package_shows(CB_CAT_ALL & ~CB_CAT_DOCUMENTS,
	    CB_PKG_DOCUMENT));
	assert_false(cb_package_shows(CB_CAT_ALL & ~CB_CAT_NARRATIVE,
	    CB_PKG_NARRATIVE));
	assert_false(cb_package_shows(CB_CAT_ALL & ~CB_CAT_HEALTH,
	    CB_PKG_FIT_NOTE));
	assert_false(cb_package_shows(0, CB_PKG_GIVEN_NAME));
	assert_false(cb_package_shows(CB_CAT_ALL, CB_PKG_COUNT));
	assert_false(cb_package_shows(CB_CAT_ALL, (enum cb_pkg_field)-1));
}

static void
test_step_member(void **state)
{
	char		*s;
	const char	*dep;

	dep = "{\"booking_reference\":\"PNR-77\",\"fit_note\":\"Asthma\"}";
	s = cb_package_step_member(dep, strlen(dep), "fit_note");
	assert_string_equal(s, "Asthma");
	kore_free(s);
	assert_null(cb_package_step_member(dep, strlen(dep),
	    "urgent_medical_need"));
	assert_null(cb_package_step_member("{}", 2, "narrative"));
	assert_null(cb_package_step_member("[\"narrative\"]", 13,
	    "narrative"));
	assert_null(cb_package_step_member("{\"narrative\":", 13,
	    "narrative"));
	assert_null(cb_package_step_member(NULL, 0, "narrative"));
	s = cb_package_step_member("{\"urgent_medical_need\":true}", 28,
	    "urgent_medical_need");
	assert_string_equal(s, "true");
	kore_free(s);
	/* A number or an object is not a value the package shows. */
	assert_null(cb_package_step_member("{\"narrative\":{\"a\":1}}", 21,
	    "narrative"));
	s = cb_package_step_member("{\"narrative\":\"\\u0622 \\\"x\\\"\"}",
	    28, "narrative");
	assert_string_equal(s, "\xd8\xa2 \"x\"");
	kore_free(s);
}

static void
test_assist_parse(void **state)
{
	struct cb_package_assist	*a;
	size_t				 n;

	a = cb_package_assist_parse("medical 2026-01-02,shelter 2026-01-05",
	    &n);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].type, "medical");
	assert_string_equal(a[0].date, "2026-01-02");
	assert_string_equal(a[1].type, "shelter");
	kore_free(a);
	a = cb_package_assist_parse("medical,x 2026-13-01,legal 2026-01-01,"
	    " 2026-01-01,escort 2026-01-0", &n);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].type, "legal");
	kore_free(a);
	a = cb_package_assist_parse("", &n);
	assert_int_equal(n, 0);
	kore_free(a);
	a = cb_package_assist_parse(NULL, &n);
	assert_int_equal(n, 0);
	kore_free(a);
}

/* Opens row for cats into p (with one sealed update). */
static int
open_for(struct fixture *f, int cats, struct cb_package *p,
    struct cb_package_row *row)
{
	memset(p, 0, sizeof(*p));
	make_row(f, row);
	(void)cb_strlcpy(p->id, REFERRAL_ID, sizeof(p->id));
	(void)cb_strlcpy(p->status, "accepted", sizeof(p->status));
	(void)cb_strlcpy(p->reason, "AdditionalServicesRequired",
	    sizeof(p->reason));
	(void)cb_strlcpy(p->consent_state, "active",
	    sizeof(p->consent_state));
	(void)cb_strlcpy(p->responded_at, "2026-01-06T10:00:00Z",
	    sizeof(p->responded_at));
	p->services = kore_strdup("shelter,medical");
	p->categories = cats;
	p->updates = kore_calloc(1, sizeof(*p->updates));
	p->nupdates = 1;
	(void)cb_strlcpy(p->updates[0].id, UPDATE_ID,
	    sizeof(p->updates[0].id));
	(void)cb_strlcpy(p->updates[0].service, "shelter",
	    sizeof(p->updates[0].service));
	(void)cb_strlcpy(p->updates[0].status, "delivered",
	    sizeof(p->updates[0].status));
	p->updates[0].note_ct = seal(f->cdk, "referral_updates", "note",
	    UPDATE_ID, "Bed 12", &p->updates[0].note_ctlen);
	return (cb_package_open(f->v, p, row));
}

static void
test_open_only_shared(void **state)
{
	struct fixture		*f = *state;
	struct cb_package	 p;
	struct cb_package_row	 row;
	size_t			 i;

	/* Identity and case summary: the rest stays closed. */
	assert_int_equal(open_for(f, CB_CAT_IDENTITY | CB_CAT_CASE_SUMMARY,
	    &p, &row), 0);
	for (i = 0; i < CB_PKG_COUNT; i++) {
		if (cb_package_shows(p.categories, (enum cb_pkg_field)i))
			assert_string_equal(p.val[i], plain[i]);
		else
			assert_null(p.val[i]);
	}
	assert_int_equal(p.nassist, 2);
	assert_string_equal(p.response, "We have a bed");
	assert_string_equal(p.updates[0].note, "Bed 12");
	assert_null(p.updates[0].note_ct);
	cb_package_clear(&p);
	cb_package_row_clear(&row);

	/* Health: the fit note and the urgent need, never what else the
	 * steps said. */
	assert_int_equal(open_for(f, CB_CAT_HEALTH, &p, &row), 0);
	assert_string_equal(p.val[CB_PKG_FIT_NOTE], "Asthma, inhaler");
	assert_string_equal(p.val[CB_PKG_URGENT], "true");
	assert_string_equal(p.val[CB_PKG_FIT_TO_TRAVEL], "fit");
	assert_null(p.val[CB_PKG_NARRATIVE]);
	assert_null(p.val[CB_PKG_GIVEN_NAME]);
	assert_null(p.assist);
	cb_package_clear(&p);
	cb_package_row_clear(&row);

	/* Narrative alone: no person key is even needed. */
	assert_int_equal(open_for(f, CB_CAT_NARRATIVE, &p, &row), 0);
	assert_string_equal(p.val[CB_PKG_NARRATIVE], "Recruited online");
	for (i = 0; i < CB_PKG_COUNT; i++) {
		if (i != CB_PKG_NARRATIVE)
			assert_null(p.val[i]);
	}
	cb_package_clear(&p);
	cb_package_row_clear(&row);

	/* Everything. */
	assert_int_equal(open_for(f, CB_CAT_ALL, &p, &row), 0);
	assert_string_equal(p.val[CB_PKG_DOCUMENT], "SY7654321");
	assert_string_equal(p.val[CB_PKG_LOCATION], "Reception centre Usivak");
	assert_string_equal(p.val[CB_PKG_NAME_ORIGINAL], ARABIC);
	cb_package_clear(&p);
	cb_package_row_clear(&row);
}

static void
test_open_moved(void **state)
{
	struct fixture		*f = *state;
	struct cb_package	 p;
	struct cb_package_row	 row;

	/* The answer of another referral does not open here. */
	make_row(f, &row);
	kore_free(row.response);
	row.response = seal(f->cdk, "referrals", "response_reason", OTHER_ID,
	    "Elsewhere", &row.response_len);
	memset(&p, 0, sizeof(p));
	(void)cb_strlcpy(p.id, REFERRAL_ID, sizeof(p.id));
	p.categories = CB_CAT_IDENTITY;
	assert_int_equal(cb_package_open(f->v, &p, &row), -1);
	cb_package_clear(&p);
	cb_package_row_clear(&row);

	/* A person's column sealed with the case's key does not open. */
	make_row(f, &row);
	kore_free(row.ct[CB_PKG_PHONE]);
	row.ct[CB_PKG_PHONE] = seal(f->cdk, "persons", "phone", PERSON_ID,
	    "+38761000000", &row.ctlen[CB_PKG_PHONE]);
	memset(&p, 0, sizeof(p));
	(void)cb_strlcpy(p.id, REFERRAL_ID, sizeof(p.id));
	p.categories = CB_CAT_CONTACT;
	assert_int_equal(cb_package_open(f->v, &p, &row), -1);
	cb_package_clear(&p);
	/* ... but with contact not shared it is never tried. */
	memset(&p, 0, sizeof(p));
	(void)cb_strlcpy(p.id, REFERRAL_ID, sizeof(p.id));
	p.categories = CB_CAT_IDENTITY;
	assert_int_equal(cb_package_open(f->v, &p, &row), 0);
	assert_null(p.val[CB_PKG_PHONE]);
	cb_package_clear(&p);
	cb_package_row_clear(&row);

	/* A step's data bound to another step does not open. */
	make_row(f, &row);
	(void)cb_strlcpy(row.tid[CB_PKG_NARRATIVE], FIT_TID, CB_UUID_SIZE);
	memset(&p, 0, sizeof(p));
	(void)cb_strlcpy(p.id, REFERRAL_ID, sizeof(p.id));
	p.categories = CB_CAT_NARRATIVE;
	assert_int_equal(cb_package_open(f->v, &p, &row), -1);
	cb_package_clear(&p);
	cb_package_row_clear(&row);

	/* An update's note moved to another update does not open. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(open_for(f, CB_CAT_IDENTITY, &p, &row), 0);
	cb_package_clear(&p);
	cb_package_row_clear(&row);
	make_row(f, &row);
	memset(&p, 0, sizeof(p));
	(void)cb_strlcpy(p.id, REFERRAL_ID, sizeof(p.id));
	p.categories = CB_CAT_IDENTITY;
	p.updates = kore_calloc(1, sizeof(*p.updates));
	p.nupdates = 1;
	(void)cb_strlcpy(p.updates[0].id, OTHER_ID, sizeof(p.updates[0].id));
	p.updates[0].note_ct = seal(f->cdk, "referral_updates", "note",
	    UPDATE_ID, "Bed 12", &p.updates[0].note_ctlen);
	assert_int_equal(cb_package_open(f->v, &p, &row), -1);
	cb_package_clear(&p);
	cb_package_row_clear(&row);
}

/* Validates body (JSON when json, else a form post) with form and the
 * rule across fields; services for an update. */
static int
run(const struct cb_form *form, const char *json, const char *kv,
    const char *services, struct cb_values *vals, struct cb_ferrors *fe)
{
	struct cb_json		*j;
	struct cb_json_error	 err;
	struct cb_kvlist	 kvl;

	if (json != NULL) {
		if (cb_json_parse(json, strlen(json), &j, &err) != 0)
			fail_msg("test JSON rejected: %s", err.reason);
		(void)cb_form_from_json(form, j, vals, fe);
		cb_json_free(j);
	} else {
		memset(&kvl, 0, sizeof(kvl));
		if (cb_kv_parse(kv, strlen(kv), 64, &kvl) != 0)
			fail_msg("test form body rejected: %s", kv);
		(void)cb_form_from_kv(form, &kvl, vals, fe);
		cb_kv_free(&kvl);
	}
	if (form == &cb_form_referral_response)
		(void)cb_referral_response_check(vals, fe);
	else
		(void)cb_referral_update_check(vals, services, fe);
	return (fe->n == 0 ? 0 : -1);
}

static void
expect_one(const struct cb_form *form, const char *json, const char *kv,
    const char *services, const char *field, const char *msg)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;
	int			rc;

	rc = run(form, json, kv, services, &vals, &fe);
	if (field == NULL) {
		if (rc != 0)
			fail_msg("%s: %s %s", json ? json : kv, fe.field[0],
			    fe.msg[0]);
	} else {
		assert_int_equal(rc, -1);
		if (cb_ferrors_get(&fe, field) == NULL ||
		    (msg != NULL && strcmp(cb_ferrors_get(&fe, field), msg)))
			fail_msg("%s: want %s on %s, got %s %s",
			    json ? json : kv, msg ? msg : "an error", field,
			    fe.n ? fe.field[0] : "-", fe.n ? fe.msg[0] : "-");
	}
	cb_values_clear(&vals);
}

static void
test_response_rules(void **state)
{
	const struct cb_form	*r = &cb_form_referral_response;

	expect_one(r, "{\"decision\":\"accept\"}", NULL, NULL, NULL, NULL);
	expect_one(r, NULL, "decision=accept&version=3", NULL, NULL, NULL);
	expect_one(r, "{\"decision\":\"decline\",\"reason\":\"No bed\"}",
	    NULL, NULL, NULL, NULL);
	expect_one(r, "{\"decision\":\"decline\"}", NULL, NULL, "reason",
	    "err.referral_reason_required");
	expect_one(r, NULL, "decision=decline&reason=", NULL, "reason",
	    "err.referral_reason_required");
	expect_one(r, "{\"decision\":\"maybe\"}", NULL, NULL, "decision",
	    "err.option");
	expect_one(r, "{}", NULL, NULL, "decision", "err.required");
	expect_one(r, "{\"decision\":\"accept\",\"version\":1.5}", NULL, NULL,
	    "version", "err.version");
	expect_one(r, "{\"decision\":\"accept\",\"status\":\"accepted\"}",
	    NULL, NULL, "status", "err.unknown_field");
	expect_one(r, "{\"decision\":\"accept\",\"reason\":\"a\\u0001b\"}",
	    NULL, NULL, "reason", NULL);
}

static void
test_update_rules(void **state)
{
	const struct cb_form	*u = &cb_form_referral_update;
	char			 body[256];

	assert_true(cb_referral_service_ok("shelter,medical", "medical"));
	assert_false(cb_referral_service_ok("shelter,medical", "legal"));
	assert_false(cb_referral_service_ok("shelter,medical", "shelte"));
	assert_true(cb_referral_service_ok("", "legal"));
	assert_true(cb_referral_service_ok(NULL, "housing"));
	assert_false(cb_referral_service_ok("", "spa"));
	assert_false(cb_referral_service_ok("shelter", NULL));

	expect_one(u, "{\"service\":\"shelter\",\"status\":\"delivered\","
	    "\"date\":\"2026-01-05\",\"note\":\"Bed 12\"}", NULL, "shelter",
	    NULL, NULL);
	expect_one(u, NULL, "service=shelter&status=planned&date=2026-01-05",
	    "shelter,medical", NULL, NULL);
	expect_one(u, "{\"service\":\"legal\",\"status\":\"delivered\","
	    "\"date\":\"2026-01-05\"}", NULL, "shelter,medical", "service",
	    "err.referral_service");
	expect_one(u, "{\"service\":\"legal\",\"status\":\"delivered\","
	    "\"date\":\"2026-01-05\"}", NULL, "", NULL, NULL);
	expect_one(u, "{\"service\":\"spa\",\"status\":\"delivered\","
	    "\"date\":\"2026-01-05\"}", NULL, "", "service", "err.option");
	expect_one(u, "{\"service\":\"shelter\",\"status\":\"done\","
	    "\"date\":\"2026-01-05\"}", NULL, "shelter", "status",
	    "err.option");
	expect_one(u, "{\"service\":\"shelter\",\"status\":\"planned\"}", NULL,
	    "shelter", "date", "err.required");
	/* The date is a day that was, never one to come. */
	(void)snprintf(body, sizeof(body), "{\"service\":\"shelter\","
	    "\"status\":\"planned\",\"date\":\"2999-01-01\"}");
	expect_one(u, body, NULL, "shelter", "date", NULL);
	expect_one(u, "{\"service\":\"shelter\",\"status\":\"planned\","
	    "\"date\":\"2026-02-30\"}", NULL, "shelter", "date", NULL);
}

static void
test_update_seal(void **state)
{
	struct fixture				*f = *state;
	struct cb_values			 vals;
	struct cb_ferrors			 fe;
	struct cb_referral_update_sealed	 s;
	struct cb_referral_update		 u;
	unsigned char				*ct;
	char					 out[64];
	size_t					 len;

	assert_int_equal(run(&cb_form_referral_update, "{\"service\":"
	    "\"shelter\",\"status\":\"delivered\",\"date\":\"2026-01-05\","
	    "\"note\":\"Bed 12\"}", NULL, "shelter", &vals, &fe), 0);
	assert_int_equal(cb_referral_update_seal(f->cdk, SEAL_VERSION, &vals,
	    &s), 0);
	assert_true(cb_uuid_valid(s.id));
	assert_string_equal(s.fields, "service,status,date,note");
	assert_non_null(s.note);
	assert_null(memmem(s.note, s.note_len, "Bed 12", 6));
	assert_int_equal(cb_vault_unseal(f->cdk, "referral_updates", "note",
	    s.id, SEAL_VERSION, s.note, s.note_len, out, &len), 0);
	assert_string_equal(out, "Bed 12");
	/* Bound to its own id. */
	assert_int_equal(cb_vault_unseal(f->cdk, "referral_updates", "note",
	    OTHER_ID, SEAL_VERSION, s.note, s.note_len, out, &len), -1);
	memset(&u, 0, sizeof(u));
	cb_referral_update_from_values(&u, &vals, &s);
	assert_string_equal(u.id, s.id);
	assert_string_equal(u.note, "Bed 12");
	assert_string_equal(u.date, "2026-01-05");
	cb_referral_update_clear(&u);
	cb_referral_update_sealed_clear(&s);
	cb_values_clear(&vals);

	/* Without a note nothing is sealed, and the entry says so. */
	assert_int_equal(run(&cb_form_referral_update, NULL,
	    "service=shelter&status=planned&date=2026-01-05&note=", "",
	    &vals, &fe), 0);
	assert_int_equal(cb_referral_update_seal(f->cdk, SEAL_VERSION, &vals,
	    &s), 0);
	assert_null(s.note);
	assert_string_equal(s.fields, "service,status,date");
	cb_referral_update_sealed_clear(&s);
	cb_values_clear(&vals);

	/* The answer's reason, bound to the referral. */
	assert_int_equal(cb_referral_seal_reason(f->cdk, SEAL_VERSION,
	    REFERRAL_ID, "No bed", &ct, &len), 0);
	assert_int_equal(cb_vault_unseal(f->cdk, "referrals",
	    "response_reason", REFERRAL_ID, SEAL_VERSION, ct, len, out, NULL),
	    0);
	assert_string_equal(out, "No bed");
	assert_int_equal(cb_vault_unseal(f->cdk, "referrals",
	    "response_reason", OTHER_ID, SEAL_VERSION, ct, len, out, NULL),
	    -1);
	kore_free(ct);
}

static char *
render_json(const struct cb_package *p)
{
	struct kore_buf	 buf;
	char		*s, *copy;
	size_t		 len;

	kore_buf_init(&buf, 1024);
	cb_render_referral_package_json(&buf, p);
	s = kore_buf_stringify(&buf, &len);
	copy = kore_strdup(s);
	kore_buf_cleanup(&buf);
	return (copy);
}

static char *
render_page(const struct cb_package *p, const struct cb_referral_pageview *in)
{
	struct cb_referral_pageview	 pv;
	struct cb_page			 pg;
	struct cb_actor			 actor;
	struct kore_buf			 buf;
	char				*s, *copy;
	size_t				 len;

	memset(&actor, 0, sizeof(actor));
	(void)cb_strlcpy(actor.username, "partner", sizeof(actor.username));
	actor.role = CB_ROLE_PARTNER;
	memset(&pg, 0, sizeof(pg));
	pg.actor = &actor;
	pg.csrf = "c5rf";
	if (in != NULL)
		pv = *in;
	else
		memset(&pv, 0, sizeof(pv));
	pv.p = p;
	pv.form_token = "t0ken";
	kore_buf_init(&buf, 1024);
	cb_render_referral_page(&buf, &pg, &pv);
	s = kore_buf_stringify(&buf, &len);
	copy = kore_strdup(s);
	kore_buf_cleanup(&buf);
	return (copy);
}

/* Every value in the struct, whatever the categories say. */
static void
fill_all(struct cb_package *p, int cats)
{
	size_t		i;

	memset(p, 0, sizeof(*p));
	(void)cb_strlcpy(p->id, REFERRAL_ID, sizeof(p->id));
	(void)cb_strlcpy(p->status, "accepted", sizeof(p->status));
	(void)cb_strlcpy(p->reason, "MigrationOrChangeOfLocation",
	    sizeof(p->reason));
	(void)cb_strlcpy(p->consent_state, "active",
	    sizeof(p->consent_state));
	(void)cb_strlcpy(p->valid_until, "2026-12-31",
	    sizeof(p->valid_until));
	p->services = kore_strdup("shelter,travel_document");
	p->categories = cats;
	for (i = 0; i < CB_PKG_COUNT; i++)
		p->val[i] = kore_strdup(plain[i] != NULL ? plain[i] :
		    i == CB_PKG_URGENT ? "true" : i == CB_PKG_FIT_NOTE ?
		    "Asthma" : "Recruited online");
}

static void
test_render_shared_only(void **state)
{
	struct cb_package	 p;
	struct cb_json		*j;
	const struct cb_json	*person, *m;
	char			*s;

	fill_all(&p, CB_CAT_IDENTITY | CB_CAT_CASE_SUMMARY);
	s = render_json(&p);
	assert_int_equal(cb_json_parse(s, strlen(s), &j, NULL), 0);
	person = cb_json_get(j, "person");
	assert_non_null(person);
	assert_int_equal(person->count, 6);
	assert_string_equal(cb_json_get(person, "family_name")->str,
	    plain[CB_PKG_FAMILY_NAME]);
	assert_null(cb_json_get(person, "phone"));
	assert_null(cb_json_get(person, "location"));
	assert_null(cb_json_get(person, "document_number"));
	assert_null(cb_json_get(j, "health"));
	assert_null(cb_json_get(j, "narrative"));
	assert_non_null((m = cb_json_get(j, "case")));
	assert_string_equal(cb_json_get(m, "stage")->str, "referral");
	m = cb_json_get(j, "categories");
	assert_int_equal(m->count, 2);
	assert_string_equal(m->child->str, "identity");
	assert_null(strstr(s, "SY7654321"));
	assert_null(strstr(s, "Asthma"));
	assert_null(strstr(s, "Recruited"));
	assert_null(strstr(s, "Usivak"));
	cb_json_free(j);
	kore_free(s);

	s = render_page(&p, NULL);
	assert_non_null(strstr(s, "data-field=\"name_original_script\""));
	assert_non_null(strstr(s, ARABIC));
	assert_non_null(strstr(s, "dir=\"auto\" data-field=\"given_name\""));
	assert_null(strstr(s, XSS));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_null(strstr(s, "SY7654321"));
	assert_null(strstr(s, "Asthma"));
	assert_null(strstr(s, "Recruited"));
	assert_null(strstr(s, "Usivak"));
	assert_null(strstr(s, "+38761111222"));
	/* Labels, never codes. */
	assert_null(strstr(s, "MigrationOrChangeOfLocation"));
	assert_non_null(strstr(s, cb_t("label.partner.reason."
	    "MigrationOrChangeOfLocation")));
	assert_non_null(strstr(s, cb_t("opt.type.travel_document")));
	assert_null(strstr(s, ">travel_document<"));
	assert_null(strstr(s, "label.partner."));
	/* Accepted: the update form, with the referral's services only. */
	assert_non_null(strstr(s, "action=\"/referrals/" REFERRAL_ID
	    "/updates\""));
	assert_non_null(strstr(s, "<option value=\"travel_document\">"));
	assert_null(strstr(s, "<option value=\"legal\">"));
	assert_null(strstr(s, "/response\""));
	kore_free(s);
	cb_package_clear(&p);

	fill_all(&p, CB_CAT_HEALTH | CB_CAT_NARRATIVE);
	s = render_json(&p);
	assert_int_equal(cb_json_parse(s, strlen(s), &j, NULL), 0);
	assert_int_equal(cb_json_get(j, "person")->count, 0);
	assert_null(cb_json_get(j, "case"));
	m = cb_json_get(j, "health");
	assert_int_equal(cb_json_get(m, "urgent_medical_need")->type,
	    CB_JSON_BOOL);
	assert_string_equal(cb_json_get(m, "fit_note")->str, "Asthma");
	assert_string_equal(cb_json_get(j, "narrative")->str,
	    "Recruited online");
	assert_null(strstr(s, "Amina"));
	cb_json_free(j);
	kore_free(s);
	cb_package_clear(&p);
}

static void
test_render_forms(void **state)
{
	struct cb_package		 p;
	struct cb_referral_pageview	 pv;
	struct cb_values		 vals;
	struct cb_ferrors		 fe;
	char				*s;

	/* Sent: the answer form; a decline without reason comes back with
	 * the choice kept and the error at the reason. */
	fill_all(&p, CB_CAT_IDENTITY);
	(void)cb_strlcpy(p.status, "sent", sizeof(p.status));
	p.version = 4;
	assert_int_equal(run(&cb_form_referral_response, NULL,
	    "decision=decline", NULL, &vals, &fe), -1);
	memset(&pv, 0, sizeof(pv));
	pv.failed = "response";
	pv.vals = &vals;
	pv.fe = &fe;
	s = render_page(&p, &pv);
	assert_non_null(strstr(s, "action=\"/referrals/" REFERRAL_ID
	    "/response\""));
	assert_non_null(strstr(s, "name=\"version\" value=\"4\""));
	assert_non_null(strstr(s, "<option value=\"decline\" selected>"));
	assert_non_null(strstr(s, "id=\"err-resp-reason\""));
	assert_non_null(strstr(s, cb_t("err.referral_reason_required")));
	assert_null(strstr(s, "/updates\""));
	kore_free(s);
	cb_values_clear(&vals);

	/* Withdrawn: no form at all. */
	(void)cb_strlcpy(p.consent_state, "withdrawn",
	    sizeof(p.consent_state));
	s = render_page(&p, NULL);
	assert_null(strstr(s, "<form method=\"post\" action=\"/referrals"));
	kore_free(s);
	cb_package_clear(&p);
}

static void
test_inbox_json(void **state)
{
	struct cb_referral_item	 it[2];
	struct kore_buf		 buf;
	struct cb_json		*j;
	const struct cb_json	*items, *m;
	char			*s;
	size_t			 len;

	memset(it, 0, sizeof(it));
	(void)cb_strlcpy(it[0].id, REFERRAL_ID, sizeof(it[0].id));
	(void)cb_strlcpy(it[0].status, "sent", sizeof(it[0].status));
	(void)cb_strlcpy(it[0].reason, "Other", sizeof(it[0].reason));
	it[0].categories = CB_CAT_CASE_SUMMARY | CB_CAT_IDENTITY;
	(void)cb_strlcpy(it[0].consent_state, "withdrawn",
	    sizeof(it[0].consent_state));
	(void)cb_strlcpy(it[1].id, OTHER_ID, sizeof(it[1].id));
	(void)cb_strlcpy(it[1].services, "legal,shelter",
	    sizeof(it[1].services));
	kore_buf_init(&buf, 256);
	cb_render_referral_inbox_json(&buf, it, 2, "abcd");
	s = kore_buf_stringify(&buf, &len);
	assert_int_equal(cb_json_parse(s, len, &j, NULL), 0);
	items = cb_json_get(j, "items");
	assert_int_equal(items->count, 2);
	m = cb_json_get(items->child, "categories");
	assert_string_equal(m->child->str, "identity");
	assert_string_equal(m->child->next->str, "case_summary");
	assert_string_equal(cb_json_get(cb_json_get(items->child, "consent"),
	    "state")->str, "withdrawn");
	assert_int_equal(cb_json_get(items->child, "services")->count, 0);
	assert_int_equal(cb_json_get(items->child->next, "services")->count,
	    2);
	assert_string_equal(cb_json_get(j, "next_cursor")->str, "abcd");
	cb_json_free(j);
	kore_buf_cleanup(&buf);
}

static void
test_catalogue(void **state)
{
	char	key[128];
	size_t	i;

	for (i = 0; cb_opt_category[i] != NULL; i++) {
		(void)snprintf(key, sizeof(key), "label.partner.category.%s",
		    cb_opt_category[i]);
		assert_true(cb_i18n_has(key));
	}
	for (i = 0; cb_opt_referral_reason[i] != NULL; i++) {
		(void)snprintf(key, sizeof(key), "label.partner.reason.%s",
		    cb_opt_referral_reason[i]);
		assert_true(cb_i18n_has(key));
	}
	for (i = 0; cb_opt_update_status[i] != NULL; i++) {
		(void)snprintf(key, sizeof(key), "label.partner.update.%s",
		    cb_opt_update_status[i]);
		assert_true(cb_i18n_has(key));
	}
	for (i = 0; cb_opt_referral_decision[i] != NULL; i++) {
		(void)snprintf(key, sizeof(key), "label.partner.decision.%s",
		    cb_opt_referral_decision[i]);
		assert_true(cb_i18n_has(key));
	}
	assert_true(cb_i18n_has("label.partner.consent.pending"));
	assert_true(cb_i18n_has("label.partner.status.closed"));
	for (i = 0; i <= CB_PKG_DOCUMENT; i++) {
		if (i == CB_PKG_LOCATION)
			(void)snprintf(key, sizeof(key), "field.location");
		else
			(void)snprintf(key, sizeof(key), "field.person.%s",
			    cb_pkg_defs[i].name);
		assert_true(cb_i18n_has(key));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_by_category),
		cmocka_unit_test(test_step_member),
		cmocka_unit_test(test_assist_parse),
		cmocka_unit_test(test_open_only_shared),
		cmocka_unit_test(test_open_moved),
		cmocka_unit_test(test_response_rules),
		cmocka_unit_test(test_update_rules),
		cmocka_unit_test(test_update_seal),
		cmocka_unit_test(test_render_shared_only),
		cmocka_unit_test(test_render_forms),
		cmocka_unit_test(test_inbox_json),
		cmocka_unit_test(test_catalogue),
	};

	return (cmocka_run_group_tests_name("referral", tests, setup,
	    teardown));
}
