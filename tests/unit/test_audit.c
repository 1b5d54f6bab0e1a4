/*
 * Unit tests for audit.c: known answers computed by PostgreSQL's own
 * audit_append() encoding (so C and SQL cannot drift apart), and the
 * verifier catching every kind of damage to a chain.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "domain/audit.h"

/* SELECT encode(sha256(decode(repeat('00', 32), 'hex') ||
 *     cb.audit_canon(1, 1795424747869669, NULL, 'admin', 'test.x',
 *     NULL, 'a,b', 'ab12', 'ok')), 'hex'); */
#define KAT1_CANON	"1:1|16:1795424747869669|-|5:admin|6:test.x|-|" \
			"3:a,b|4:ab12|2:ok|"
#define KAT1_HASH	"8d57fa05039ddec38c7170f22fc64b86" \
			"9625e8b57e66ebb0cafea98ec9c8ab2b"

/* Chained on KAT1; the role mixes Latin, Cyrillic and Arabic so that
 * its length prefix (26) counts octets, not the 16 characters. */
#define KAT2_ROLE	"\xc3\xa4" "dmin " \
			"\xd0\x88\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd " \
			"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"
#define KAT2_HASH	"8edce63fab84f3fb6843650f07b5b02e" \
			"e16ee5dd8dc10e9ef95d327ae500155e"

#define CHAIN_LEN	3
#define NCOLUMNS	11

static void	row1(struct cb_audit_row *);
static void	row2(struct cb_audit_row *);
static void	row3(struct cb_audit_row *);
static void	chain(struct cb_audit_row *);
static void	unhex(const char *, unsigned char *);
static int	run(const struct cb_audit_row *, size_t,
		    struct cb_audit_verifier *);
static void	damage(struct cb_audit_row *, int);

static void
row1(struct cb_audit_row *r)
{
	memset(r, 0, sizeof(*r));
	r->seq = 1;
	r->at_us = 1795424747869669LL;
	r->actor = NULL;
	r->actor_role = "admin";
	r->action = "test.x";
	r->record_id = NULL;
	r->fields = "a,b";
	r->request_id = "ab12";
	r->outcome = "ok";
}

static void
row2(struct cb_audit_row *r)
{
	memset(r, 0, sizeof(*r));
	r->seq = 2;
	r->at_us = 1795424747869670LL;
	r->actor = "0b6f2a53-8d2e-4c1a-9f3e-5a7d1c2b3e4f";
	r->actor_role = KAT2_ROLE;
	r->action = "case.view";
	r->record_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
	r->fields = "";
	r->request_id = "";
	r->outcome = "ok";
}

static void
row3(struct cb_audit_row *r)
{
	memset(r, 0, sizeof(*r));
	r->seq = 3;
	r->at_us = 1795424747999999LL;
	r->actor = "0b6f2a53-8d2e-4c1a-9f3e-5a7d1c2b3e4f";
	r->actor_role = "caseworker";
	r->action = "case.update";
	r->record_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
	r->fields = "given_name,phone";
	r->request_id = "00ff";
	r->outcome = "denied";
}

/* Three rows linked the way audit_append() links them. */
static void
chain(struct cb_audit_row *c)
{
	unsigned char	prev[CB_AUDIT_HASH_LEN];
	size_t		i;

	row1(&c[0]);
	row2(&c[1]);
	row3(&c[2]);
	memset(prev, 0, sizeof(prev));
	for (i = 0; i < CHAIN_LEN; i++) {
		memcpy(c[i].prev_hash, prev, sizeof(prev));
		cb_audit_hash(prev, &c[i], c[i].hash);
		memcpy(prev, c[i].hash, sizeof(prev));
	}
}

static void
unhex(const char *hex, unsigned char *out)
{
	size_t	len;

	assert_int_equal(sodium_hex2bin(out, CB_AUDIT_HASH_LEN, hex,
	    strlen(hex), NULL, &len, NULL), 0);
	assert_int_equal(len, CB_AUDIT_HASH_LEN);
}

static int
run(const struct cb_audit_row *rows, size_t n, struct cb_audit_verifier *v)
{
	size_t	i;
	int	rc;

	rc = 0;
	cb_audit_verify_init(v);
	for (i = 0; i < n; i++) {
		if (cb_audit_verify_row(v, &rows[i]) == -1)
			rc = -1;
	}
	return (rc);
}

/* Changes column `col` of a row, keeping everything else. */
static void
damage(struct cb_audit_row *r, int col)
{
	switch (col) {
	case 0:
		r->seq = 4;
		break;
	case 1:
		r->at_us++;
		break;
	case 2:
		r->actor = NULL;
		break;
	case 3:
		r->actor_role = "admin";
		break;
	case 4:
		r->action = "case.viex";
		break;
	case 5:
		r->record_id = "7c9e6679-7425-40de-944b-e07fc1f90ae8";
		break;
	case 6:
		/* NULL and the empty string must not hash alike. */
		r->fields = NULL;
		break;
	case 7:
		r->request_id = "0";
		break;
	case 8:
		r->outcome = "denied";
		break;
	case 9:
		r->prev_hash[31] ^= 0x01;
		break;
	case 10:
		r->hash[0] ^= 0x80;
		break;
	default:
		fail();
	}
}

static void
test_known_answer(void **state)
{
	struct cb_audit_row	r;
	unsigned char		zero[CB_AUDIT_HASH_LEN];
	unsigned char		want[CB_AUDIT_HASH_LEN];
	unsigned char		got[CB_AUDIT_HASH_LEN];
	unsigned char		buf[sizeof(zero) + sizeof(KAT1_CANON)];

	memset(zero, 0, sizeof(zero));
	row1(&r);
	unhex(KAT1_HASH, want);
	cb_audit_hash(zero, &r, got);
	assert_memory_equal(got, want, CB_AUDIT_HASH_LEN);

	/* The documented encoding, spelled out, gives the same bytes. */
	memcpy(buf, zero, sizeof(zero));
	memcpy(buf + sizeof(zero), KAT1_CANON, sizeof(KAT1_CANON) - 1);
	crypto_hash_sha256(got, buf, sizeof(buf) - 1);
	assert_memory_equal(got, want, CB_AUDIT_HASH_LEN);
}

static void
test_utf8_octets(void **state)
{
	struct cb_audit_row	r;
	unsigned char		prev[CB_AUDIT_HASH_LEN];
	unsigned char		want[CB_AUDIT_HASH_LEN];
	unsigned char		got[CB_AUDIT_HASH_LEN];

	assert_int_equal(strlen(KAT2_ROLE), 26);
	row2(&r);
	unhex(KAT1_HASH, prev);
	unhex(KAT2_HASH, want);
	cb_audit_hash(prev, &r, got);
	assert_memory_equal(got, want, CB_AUDIT_HASH_LEN);
}

static void
test_good_chain(void **state)
{
	struct cb_audit_row		c[CHAIN_LEN];
	struct cb_audit_verifier	v;
	unsigned char			want[CB_AUDIT_HASH_LEN];

	chain(c);
	unhex(KAT1_HASH, want);
	assert_memory_equal(c[0].hash, want, CB_AUDIT_HASH_LEN);
	unhex(KAT2_HASH, want);
	assert_memory_equal(c[1].hash, want, CB_AUDIT_HASH_LEN);

	assert_int_equal(run(c, CHAIN_LEN, &v), 0);
	assert_int_equal(v.entries, 3);
	assert_int_equal(v.first_bad, 0);
	assert_int_equal(v.next_seq, 4);
	assert_memory_equal(v.head, c[2].hash, CB_AUDIT_HASH_LEN);
}

static void
test_empty_chain(void **state)
{
	struct cb_audit_verifier	v;
	unsigned char			zero[CB_AUDIT_HASH_LEN];

	memset(zero, 0, sizeof(zero));
	assert_int_equal(run(NULL, 0, &v), 0);
	assert_int_equal(v.entries, 0);
	assert_int_equal(v.first_bad, 0);
	assert_memory_equal(v.head, zero, CB_AUDIT_HASH_LEN);
}

static void
test_each_column(void **state)
{
	struct cb_audit_row		c[CHAIN_LEN];
	struct cb_audit_verifier	v;
	int				col;

	for (col = 0; col < NCOLUMNS; col++) {
		chain(c);
		damage(&c[1], col);
		cb_audit_verify_init(&v);
		assert_int_equal(cb_audit_verify_row(&v, &c[0]), 0);
		if (cb_audit_verify_row(&v, &c[1]) != -1)
			fail_msg("column %d of row 2 changed unnoticed", col);
		assert_int_equal(v.first_bad, 2);
		/* Row 3 is intact but comes after the break. */
		assert_int_equal(cb_audit_verify_row(&v, &c[2]), -1);
		assert_int_equal(v.first_bad, 2);
		assert_int_equal(v.entries, 1);
	}
}

static void
test_missing_row(void **state)
{
	struct cb_audit_row		c[CHAIN_LEN];
	struct cb_audit_verifier	v;

	chain(c);
	cb_audit_verify_init(&v);
	assert_int_equal(cb_audit_verify_row(&v, &c[0]), 0);
	assert_int_equal(cb_audit_verify_row(&v, &c[2]), -1);
	assert_int_equal(v.first_bad, 2);

	/* Losing the first row is a gap too. */
	cb_audit_verify_init(&v);
	assert_int_equal(cb_audit_verify_row(&v, &c[1]), -1);
	assert_int_equal(v.first_bad, 1);
}

/* Row 2 rehashed over a forged prev_hash: consistent in itself, but
 * no longer linked to row 1. */
static void
test_wrong_prev(void **state)
{
	struct cb_audit_row		c[CHAIN_LEN];
	struct cb_audit_verifier	v;

	chain(c);
	memset(c[1].prev_hash, 0, CB_AUDIT_HASH_LEN);
	cb_audit_hash(c[1].prev_hash, &c[1], c[1].hash);
	memcpy(c[2].prev_hash, c[1].hash, CB_AUDIT_HASH_LEN);
	cb_audit_hash(c[2].prev_hash, &c[2], c[2].hash);

	assert_int_equal(run(c, CHAIN_LEN, &v), -1);
	assert_int_equal(v.first_bad, 2);
	assert_int_equal(v.entries, 1);
}

/* Row 2 rewritten together with its own hash: the forgery shows at
 * row 3, whose prev_hash still names the original. */
static void
test_rehashed_row(void **state)
{
	struct cb_audit_row		c[CHAIN_LEN];
	struct cb_audit_verifier	v;

	chain(c);
	c[1].outcome = "denied";
	cb_audit_hash(c[1].prev_hash, &c[1], c[1].hash);

	assert_int_equal(run(c, CHAIN_LEN, &v), -1);
	assert_int_equal(v.first_bad, 3);
	assert_int_equal(v.entries, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_utf8_octets),
		cmocka_unit_test(test_good_chain),
		cmocka_unit_test(test_empty_chain),
		cmocka_unit_test(test_each_column),
		cmocka_unit_test(test_missing_row),
		cmocka_unit_test(test_wrong_prev),
		cmocka_unit_test(test_rehashed_row),
	};

	if (sodium_init() == -1)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
