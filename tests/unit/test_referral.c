/*
 * Unit tests for domain/referral (the case team's forms of consents,
 * referrals and organisations, the rules across their fields, sealing
 * their free text bound to its row) and render/referral_json (the
 * refusal that says what a consent does not cover, the state names).
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/consent.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "render/referral.h"
#include "render/render.h"
#include "text/json.h"
#include "vault/vault.h"

#define TODAY	"2026-06-10"
#define ORG	"11111111-1111-4111-8111-111111111111"
#define CONSENT	"22222222-2222-4222-8222-222222222222"

/* Validates a JSON body with a form and, for consents, the rules
 * across fields; returns the number of errors (0: valid). */
static size_t
check(const struct cb_form *form, const char *text, struct cb_values *vals,
    struct cb_ferrors *fe)
{
	struct cb_json	*j;

	assert_int_equal(cb_json_parse(text, strlen(text), &j, NULL), 0);
	(void)cb_form_from_json(form, j, vals, fe);
	if (form == &cb_form_consent)
		(void)cb_consent_check(vals, TODAY, fe);
	else if (form == &cb_form_referral || form == &cb_form_referral_page)
		(void)cb_referral_check(vals, fe);
	cb_json_free(j);
	return (fe->n);
}

static const char *
consent_json(const char *extra)
{
	static char	buf[1024];

	(void)snprintf(buf, sizeof(buf), "{\"purpose\": \"Shelter place\", "
	    "\"organisation_id\": \"" ORG "\", \"data_categories\": "
	    "[\"identity\", \"contact\"], \"valid_until\": \"2026-12-31\", "
	    "\"method\": \"signed\", \"language\": \"fa\"%s}", extra);
	return (buf);
}

static void
test_consent_valid(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;
	char			names[160];

	assert_int_equal(check(&cb_form_consent, consent_json(""), &vals,
	    &fe), 0);
	/* No start: today. */
	assert_string_equal(cb_consent_from(&vals, TODAY), TODAY);
	assert_int_equal(cb_categories_parse(cb_values_get(&vals,
	    "data_categories")), CB_CAT_IDENTITY | CB_CAT_CONTACT);
	cb_values_names(&vals, names, sizeof(names));
	assert_string_equal(names, "purpose,organisation_id,data_categories,"
	    "valid_until,method,language");
	cb_values_clear(&vals);

	/* Starting today, or later, and ending on its first day. */
	assert_int_equal(check(&cb_form_consent, consent_json(
	    ", \"valid_from\": \"2026-06-10\""), &vals, &fe), 0);
	cb_values_clear(&vals);
	assert_int_equal(check(&cb_form_consent, "{\"purpose\": \"p\", "
	    "\"organisation_id\": \"" ORG "\", \"data_categories\": "
	    "[\"health\"], \"valid_from\": \"2026-07-01\", \"valid_until\": "
	    "\"2026-07-01\", \"method\": \"verbal_witnessed\", \"language\": "
	    "\"qq\"}", &vals, &fe), 1);
	/* Shaped like a code, but no language's. */
	assert_string_equal(cb_ferrors_get(&fe, "language"), "err.language");
	assert_string_equal(cb_consent_from(&vals, TODAY), "2026-07-01");
	cb_values_clear(&vals);
}

static void
test_consent_rules(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	/* Back-dated: what was shared before had no consent. */
	assert_int_equal(check(&cb_form_consent, consent_json(
	    ", \"valid_from\": \"2026-06-09\""), &vals, &fe), 1);
	assert_string_equal(cb_ferrors_get(&fe, "valid_from"),
	    "err.consent_past");
	cb_values_clear(&vals);

	/* Ends before it starts. */
	assert_int_equal(check(&cb_form_consent, "{\"purpose\": \"p\", "
	    "\"organisation_id\": \"" ORG "\", \"data_categories\": "
	    "[\"identity\"], \"valid_from\": \"2026-08-01\", \"valid_until\": "
	    "\"2026-07-31\", \"method\": \"signed\", \"language\": \"en\"}",
	    &vals, &fe), 1);
	assert_string_equal(cb_ferrors_get(&fe, "valid_until"),
	    "err.consent_until");
	cb_values_clear(&vals);

	/* Ending before today (with no start given) is the same rule. */
	assert_int_equal(check(&cb_form_consent, "{\"purpose\": \"p\", "
	    "\"organisation_id\": \"" ORG "\", \"data_categories\": "
	    "[\"identity\"], \"valid_until\": \"2026-06-09\", \"method\": "
	    "\"signed\", \"language\": \"en\"}", &vals, &fe), 1);
	assert_string_equal(cb_ferrors_get(&fe, "valid_until"),
	    "err.consent_until");
	cb_values_clear(&vals);

	/* A bad start is its own error; the end is not judged on it. */
	assert_int_equal(check(&cb_form_consent, consent_json(
	    ", \"valid_from\": \"2026-02-30\""), &vals, &fe), 1);
	assert_string_equal(cb_ferrors_get(&fe, "valid_from"), "err.date");
	cb_values_clear(&vals);

	assert_int_equal(check(&cb_form_consent, "{\"purpose\": \"p\", "
	    "\"organisation_id\": \"not-an-id\", \"data_categories\": "
	    "[\"identity\", \"bank\"], \"valid_until\": \"2026-12-31\", "
	    "\"method\": \"email\", \"language\": \"english\", "
	    "\"colour\": 1}", &vals, &fe), 5);
	assert_string_equal(cb_ferrors_get(&fe, "organisation_id"),
	    "err.uuid");
	assert_string_equal(cb_ferrors_get(&fe, "data_categories"),
	    "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "method"), "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "language"), "err.too_long");
	assert_string_equal(cb_ferrors_get(&fe, "colour"),
	    "err.unknown_field");
	cb_values_clear(&vals);

	assert_int_equal(check(&cb_form_consent, "{}", &vals, &fe), 6);
	assert_null(cb_ferrors_get(&fe, "valid_from"));
	cb_values_clear(&vals);
}

static void
test_referral_form(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(check(&cb_form_referral, "{\"organisation_id\": \""
	    ORG "\", \"consent_id\": \"" CONSENT "\", \"reason\": "
	    "\"AdditionalServicesRequired\", \"services\": [\"shelter\", "
	    "\"medical\"], \"note\": \"Needs a bed\"}", &vals, &fe), 0);
	assert_string_equal(cb_values_get(&vals, "services"),
	    "shelter,medical");
	assert_int_equal(cb_referral_needs(cb_values_get(&vals, "reason"),
	    cb_values_get(&vals, "services")), CB_CAT_IDENTITY |
	    CB_CAT_CASE_SUMMARY | CB_CAT_CONTACT | CB_CAT_HEALTH);
	cb_values_clear(&vals);

	assert_int_equal(check(&cb_form_referral, "{\"organisation_id\": "
	    "\"x\", \"consent_id\": \"" CONSENT "x\", \"reason\": \"Sad\", "
	    "\"services\": [\"spa\"]}", &vals, &fe), 4);
	assert_string_equal(cb_ferrors_get(&fe, "organisation_id"),
	    "err.uuid");
	assert_string_equal(cb_ferrors_get(&fe, "consent_id"),
	    "err.too_long");
	assert_string_equal(cb_ferrors_get(&fe, "reason"), "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "services"), "err.option");
	cb_values_clear(&vals);

	/* The page's form: the organisation is the consent's. */
	assert_int_equal(check(&cb_form_referral_page, "{\"organisation_id\": "
	    "\"" ORG "\", \"consent_id\": \"" CONSENT "\", \"reason\": "
	    "\"Other\"}", &vals, &fe), 1);
	assert_string_equal(cb_ferrors_get(&fe, "organisation_id"),
	    "err.unknown_field");
	cb_values_clear(&vals);
}

static void
test_close_and_org(void **state)
{
	struct cb_values	vals;
	struct cb_ferrors	fe;

	assert_int_equal(check(&cb_form_referral_close, "{\"version\": 12}",
	    &vals, &fe), 0);
	assert_int_equal(cb_referral_close_version(&vals), 12);
	cb_values_clear(&vals);
	assert_int_equal(check(&cb_form_referral_close, "{\"version\": 1.5}",
	    &vals, &fe), 0);
	assert_int_equal(cb_referral_close_version(&vals), -1);
	cb_values_clear(&vals);
	assert_int_equal(check(&cb_form_referral_close, "{\"version\": \"1\"}",
	    &vals, &fe), 1);
	cb_values_clear(&vals);

	assert_int_equal(check(&cb_form_org, "{\"name\": \"Zemlja djece\", "
	    "\"type\": \"NGO\", \"country\": \"BA\"}", &vals, &fe), 0);
	cb_values_clear(&vals);
	assert_int_equal(check(&cb_form_org, "{\"name\": \"\", \"type\": "
	    "\"Shelter\", \"country\": \"ba\"}", &vals, &fe), 3);
	cb_values_clear(&vals);
}

static void
test_refusal_keys(void **state)
{
	assert_null(cb_referral_refusal_key(CB_REFER_OK,
	    CB_CONSENT_ACTIVE));
	assert_string_equal(cb_referral_refusal_key(CB_REFER_CONSENT_STATE,
	    CB_CONSENT_EXPIRED), "err.consent_expired");
	assert_string_equal(cb_referral_refusal_key(CB_REFER_CONSENT_STATE,
	    CB_CONSENT_PENDING), "err.consent_pending");
	assert_string_equal(cb_referral_refusal_key(CB_REFER_CONSENT_STATE,
	    CB_CONSENT_WITHDRAWN), "err.consent_withdrawn");
	assert_string_equal(cb_referral_refusal_key(CB_REFER_OTHER_ORG,
	    CB_CONSENT_ACTIVE), "err.consent_other_org");
	assert_string_equal(cb_referral_refusal_key(CB_REFER_CATEGORIES,
	    CB_CONSENT_ACTIVE), "err.consent_categories");
	assert_string_equal(cb_consent_state_name(CB_CONSENT_ACTIVE),
	    "active");
	assert_string_equal(cb_consent_state_name(CB_CONSENT_PENDING),
	    "pending");
	assert_string_equal(cb_consent_state_name(CB_CONSENT_EXPIRED),
	    "expired");
	assert_string_equal(cb_consent_state_name(CB_CONSENT_WITHDRAWN),
	    "withdrawn");
}

static void
test_seal(void **state)
{
	unsigned char	 dk[CB_VAULT_KEY_LEN], *ct;
	size_t		 clen;
	char		*pt;

	randombytes_buf(dk, sizeof(dk));
	assert_int_equal(cb_refer_seal(dk, 1, "consents", "purpose", CONSENT,
	    "Shelter in Sarajevo", &ct, &clen), 0);
	assert_non_null(ct);
	assert_null(memmem(ct, clen, "Shelter", 7));
	pt = cb_refer_open(dk, 1, "consents", "purpose", CONSENT, ct, clen);
	assert_non_null(pt);
	assert_string_equal(pt, "Shelter in Sarajevo");
	cb_refer_wipe(pt);
	/* Bound to its table, column, row and key version. */
	assert_null(cb_refer_open(dk, 1, "consents", "withdrawal_reason",
	    CONSENT, ct, clen));
	assert_null(cb_refer_open(dk, 1, "referrals", "purpose", CONSENT, ct,
	    clen));
	assert_null(cb_refer_open(dk, 1, "consents", "purpose", ORG, ct,
	    clen));
	assert_null(cb_refer_open(dk, 2, "consents", "purpose", CONSENT, ct,
	    clen));
	kore_free(ct);
	/* Nothing to seal: no ciphertext. */
	assert_int_equal(cb_refer_seal(dk, 1, "referrals", "note", CONSENT,
	    "", &ct, &clen), 0);
	assert_null(ct);
	assert_int_equal(cb_refer_seal(dk, 1, "referrals", "note", CONSENT,
	    NULL, &ct, &clen), 0);
	assert_null(ct);
}

static void
test_refusal_json(void **state)
{
	struct kore_buf	*buf;
	struct cb_json	*j;
	const struct cb_json *e, *m, *f;

	buf = kore_buf_alloc(256);
	cb_render_referral_refusal_json(buf, "err.consent_categories",
	    CB_CAT_HEALTH | CB_CAT_DOCUMENTS);
	assert_int_equal(cb_json_parse((const char *)buf->data, buf->offset,
	    &j, NULL), 0);
	e = cb_json_get(j, "error");
	assert_non_null(e);
	assert_string_equal(cb_json_get(e, "code")->str, "invalid");
	m = cb_json_get(e, "missing");
	assert_int_equal(m->count, 2);
	assert_string_equal(m->child->str, "documents");
	assert_string_equal(m->child->next->str, "health");
	f = cb_json_get(cb_json_get(e, "fields"), "consent_id");
	assert_non_null(strstr(f->str, "Health"));
	assert_non_null(strstr(f->str, "Documents"));
	cb_json_free(j);
	kore_buf_free(buf);

	buf = kore_buf_alloc(256);
	cb_render_referral_refusal_json(buf, "err.consent_expired", 0);
	assert_int_equal(cb_json_parse((const char *)buf->data, buf->offset,
	    &j, NULL), 0);
	assert_int_equal(cb_json_get(cb_json_get(j, "error"),
	    "missing")->count, 0);
	cb_json_free(j);
	kore_buf_free(buf);
}

/* Every label of the sections is in the catalogue: no raw key shows. */
static void
test_sections_translated(void **state)
{
	static const char *const keys[] = {
		"opt.", "consent.state.", "referral.status.", "field.",
		"hist.", "action.", "list.", "page.", NULL
	};
	struct cb_consent		 c;
	struct cb_referral		 r;
	struct cb_referral_update	 u;
	struct cb_page			 pg;
	struct kore_buf			*buf;
	const char *const		*st;
	size_t				 i, k;

	memset(&pg, 0, sizeof(pg));
	pg.csrf = "csrf";
	memset(&c, 0, sizeof(c));
	(void)cb_strlcpy(c.id, CONSENT, sizeof(c.id));
	(void)cb_strlcpy(c.org_name, "Zemlja djece", sizeof(c.org_name));
	c.categories = CB_CAT_ALL;
	(void)cb_strlcpy(c.method, "verbal_witnessed", sizeof(c.method));
	(void)cb_strlcpy(c.withdrawn_at, "2026-06-10T10:00:00Z",
	    sizeof(c.withdrawn_at));
	memset(&r, 0, sizeof(r));
	(void)cb_strlcpy(r.id, ORG, sizeof(r.id));
	(void)cb_strlcpy(r.reason, "MigrationOrChangeOfLocation",
	    sizeof(r.reason));
	(void)cb_strlcpy(r.answer, "declined", sizeof(r.answer));
	r.categories = CB_CAT_ALL;
	memset(&u, 0, sizeof(u));
	r.updates = &u;
	r.nupdates = 1;
	for (i = 0; cb_opt_assistance_type[i] != NULL; i++) {
		if (i > 0)
			(void)cb_strlcat(r.services, ",", sizeof(r.services));
		(void)cb_strlcat(r.services, cb_opt_assistance_type[i],
		    sizeof(r.services));
	}
	for (st = (const char *const[]){ "sent", "accepted", "declined",
	    "closed", NULL }; *st != NULL; st++) {
		for (k = 0; k < 4; k++) {
			c.state = (enum cb_consent_state)k;
			r.consent_state = (enum cb_consent_state)k;
			(void)cb_strlcpy(r.status, *st, sizeof(r.status));
			(void)cb_strlcpy(u.service, cb_opt_assistance_type[k],
			    sizeof(u.service));
			(void)cb_strlcpy(u.status,
			    cb_opt_update_status[k % 3], sizeof(u.status));
			buf = kore_buf_alloc(8192);
			cb_render_consent_section(buf, &pg, ORG, &c, 1, 1, 1);
			cb_render_referral_section(buf, &pg, ORG, &r, 1, 1, 1);
			kore_buf_append(buf, "", 1);
			for (i = 0; keys[i] != NULL; i++) {
				if (strstr((const char *)buf->data, keys[i]))
					fail_msg("raw key %s in %s", keys[i],
					    (const char *)buf->data);
			}
			kore_buf_free(buf);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_consent_valid),
		cmocka_unit_test(test_consent_rules),
		cmocka_unit_test(test_referral_form),
		cmocka_unit_test(test_close_and_org),
		cmocka_unit_test(test_refusal_keys),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_refusal_json),
		cmocka_unit_test(test_sections_translated),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
