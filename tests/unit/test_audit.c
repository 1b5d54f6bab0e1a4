/*
 * Unit tests for the keyed audit chain (domain/audit.c): the canonical
 * bytes and MAC pinned by a known answer computed outside libsodium
 * (Python hashlib BLAKE2b, subkey 6 of the master key 00 01 .. 1f),
 * signed checkpoints and their parsing, and the streaming verifier
 * against every way of rewriting history: an edited row, a row gone, a
 * gap, a shorter chain, a forged or reordered checkpoint, entries the
 * chain never covered.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/casebook.h"
#include "core/lines.h"
#include "domain/audit.h"
#include "vault/vault.h"

/* MAC of seq 1 / id 7 (the row of entry()) after 32 zero bytes. */
#define KAT_MAC1 \
	"4af334c862880cc2580422eec28db6c6fcadeecda6ff8dd52b2f31ec3b560e79"
#define T0	1796000000000000LL

struct fixture {
	struct cb_vault	*v;
	struct cb_vault	*other;
};

static int
setup(void **state)
{
	struct fixture	*f;
	unsigned char	 key[CB_VAULT_KEY_LEN];
	size_t		 i;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return (-1);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	if (cb_vault_open_mem(&f->v, key, 1) != 0)
		return (-1);
	key[0] ^= 1;
	if (cb_vault_open_mem(&f->other, key, 1) != 0)
		return (-1);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	cb_vault_close(f->v);
	cb_vault_close(f->other);
	free(f);
	return (0);
}

static void
entry(struct cb_audit_entry *e, int64_t seq)
{
	memset(e, 0, sizeof(*e));
	e->seq = seq;
	e->id = seq + 6;
	e->at_us = T0 + (seq - 1) * 1000;
	e->actor = "3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f";
	e->actor_role = "caseworker";
	e->action = "case.view";
	e->record_id = "aaaaaaaa-9d4a-4e7b-8c2d-1a2b3c4d5e6f";
	e->fields = "person.given_name";
	e->request_id = "ab12";
	e->outcome = "ok";
}

/* A chain of n rows: entries and their MACs. */
static void
chain(struct cb_vault *v, struct cb_audit_entry *e, unsigned char (*mac)[32],
    int n)
{
	unsigned char	prev[32];
	int		i;

	memset(prev, 0, sizeof(prev));
	for (i = 0; i < n; i++) {
		entry(&e[i], i + 1);
		cb_audit_mac(v, prev, &e[i], mac[i]);
		memcpy(prev, mac[i], sizeof(prev));
	}
}

static void
test_mac_kat(void **state)
{
	struct fixture		*f = *state;
	struct cb_audit_entry	 e;
	unsigned char		 zero[32], got[32], want[32], again[32];
	size_t			 len;

	memset(zero, 0, sizeof(zero));
	entry(&e, 1);
	cb_audit_mac(f->v, zero, &e, got);
	assert_int_equal(sodium_hex2bin(want, sizeof(want), KAT_MAC1,
	    strlen(KAT_MAC1), NULL, &len, NULL), 0);
	assert_memory_equal(got, want, sizeof(want));

	/* NULL and "" are different bytes; so is every field. */
	e.records = "";
	cb_audit_mac(f->v, zero, &e, again);
	assert_memory_not_equal(got, again, sizeof(got));
	entry(&e, 1);
	e.outcome = "denied";
	cb_audit_mac(f->v, zero, &e, again);
	assert_memory_not_equal(got, again, sizeof(got));
	/* Length prefixes: "ab" + "c" is not "a" + "bc". */
	entry(&e, 1);
	e.fields = "ab";
	e.request_id = "c";
	cb_audit_mac(f->v, zero, &e, got);
	e.fields = "a";
	e.request_id = "bc";
	cb_audit_mac(f->v, zero, &e, again);
	assert_memory_not_equal(got, again, sizeof(got));
	/* Without the key nobody computes it: another master, another MAC. */
	entry(&e, 1);
	cb_audit_mac(f->other, zero, &e, again);
	assert_memory_not_equal(want, again, sizeof(want));
}

static void
test_verify_holds(void **state)
{
	struct fixture			*f = *state;
	struct cb_audit_entry		 e[5];
	unsigned char			 mac[5][32];
	struct cb_audit_verifier	 v;
	int				 i;

	chain(f->v, e, mac, 5);
	cb_audit_verify_init(&v, f->v);
	for (i = 0; i < 5; i++)
		assert_int_equal(cb_audit_verify_row(&v, &e[i], mac[i]), 0);
	assert_int_equal(cb_audit_verify_finish(&v, 5, 0, 0), 0);
	assert_int_equal(v.entries, 5);
	assert_int_equal(v.first_bad, 0);
	assert_string_equal(cb_audit_fault_name(v.fault), "ok");

	/* An empty log holds too. */
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_finish(&v, 0, 0, 0), 0);
}

/* The owner edits a row and recomputes whatever it can: the MAC needs a
 * key it does not have. */
static void
test_verify_edited(void **state)
{
	struct fixture			*f = *state;
	struct cb_audit_entry		 e[5];
	unsigned char			 mac[5][32], zero[32];
	struct cb_audit_verifier	 v;

	chain(f->v, e, mac, 5);
	e[2].outcome = "denied";
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), 0);
	assert_int_equal(cb_audit_verify_row(&v, &e[1], mac[1]), 0);
	assert_int_equal(cb_audit_verify_row(&v, &e[2], mac[2]), -1);
	assert_int_equal(v.first_bad, 3);
	assert_string_equal(cb_audit_fault_name(v.fault), "mac");
	/* Broken stays broken, at the first fault. */
	assert_int_equal(cb_audit_verify_row(&v, &e[3], mac[3]), -1);
	assert_int_equal(cb_audit_verify_finish(&v, 5, 0, 0), -1);
	assert_int_equal(v.first_bad, 3);

	/* MACs recomputed under another key do not pass either. */
	memset(zero, 0, sizeof(zero));
	chain(f->other, e, mac, 5);
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), -1);
	assert_int_equal(v.first_bad, 1);
}

static void
test_verify_gaps(void **state)
{
	struct fixture			*f = *state;
	struct cb_audit_entry		 e[5];
	unsigned char			 mac[5][32];
	struct cb_audit_verifier	 v;

	/* A chain row deleted: the next seq is not the one expected. */
	chain(f->v, e, mac, 5);
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), 0);
	assert_int_equal(cb_audit_verify_row(&v, &e[2], mac[2]), -1);
	assert_int_equal(v.first_bad, 2);
	assert_string_equal(cb_audit_fault_name(v.fault), "gap");

	/* The entry of a chain row deleted from the log. */
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), 0);
	assert_int_equal(cb_audit_verify_missing(&v, 2), -1);
	assert_int_equal(v.first_bad, 2);
	assert_string_equal(cb_audit_fault_name(v.fault), "missing");

	/* The newest rows deleted: a shorter chain that holds, but not
	 * the head the database keeps. */
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), 0);
	assert_int_equal(cb_audit_verify_row(&v, &e[1], mac[1]), 0);
	assert_int_equal(cb_audit_verify_finish(&v, 5, 0, 0), -1);
	assert_int_equal(v.first_bad, 3);
	assert_string_equal(cb_audit_fault_name(v.fault), "truncated");

	/* ...and the head moved back too: a checkpoint remembers. */
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), 0);
	assert_int_equal(cb_audit_verify_finish(&v, 1, 0, 4), -1);
	assert_string_equal(cb_audit_fault_name(v.fault), "truncated");

	/* Entries inserted behind the chainer's back. */
	cb_audit_verify_init(&v, f->v);
	assert_int_equal(cb_audit_verify_row(&v, &e[0], mac[0]), 0);
	assert_int_equal(cb_audit_verify_finish(&v, 1, 2, 0), -1);
	assert_string_equal(cb_audit_fault_name(v.fault), "unchained");
}

static void
test_checkpoint_line(void **state)
{
	struct fixture			*f = *state;
	struct cb_audit_checkpoint	 cp;
	unsigned char			 mac[32], pk[32];
	char				 line[CB_AUDIT_CP_LINE_MAX], bad[300];
	size_t				 len;

	memset(mac, 0xab, sizeof(mac));
	assert_int_equal(cb_audit_checkpoint_line(f->v, 42, mac, T0, line,
	    sizeof(line)), 0);
	len = strlen(line);
	assert_true(len > 100);
	assert_int_equal(line[len - 1], '\n');
	assert_int_equal(strncmp(line, "cp1 42 abab", 11), 0);

	assert_int_equal(cb_audit_checkpoint_parse(line, len, &cp), 0);
	assert_int_equal(cp.seq, 42);
	assert_int_equal(cp.at_us, T0);
	assert_memory_equal(cp.mac, mac, sizeof(mac));
	cb_vault_sign_pk(f->v, pk);
	assert_int_equal(cb_audit_checkpoint_valid(pk, &cp), 1);
	/* Without its newline too. */
	assert_int_equal(cb_audit_checkpoint_parse(line, len - 1, &cp), 0);

	/* Another key's signature, or any changed value, does not hold. */
	cb_vault_sign_pk(f->other, pk);
	assert_int_equal(cb_audit_checkpoint_valid(pk, &cp), 0);
	cb_vault_sign_pk(f->v, pk);
	cp.seq = 43;
	assert_int_equal(cb_audit_checkpoint_valid(pk, &cp), 0);
	cp.seq = 42;
	cp.mac[0] ^= 1;
	assert_int_equal(cb_audit_checkpoint_valid(pk, &cp), 0);

	/* Malformed lines are refused, never half-read. */
	assert_int_equal(cb_audit_checkpoint_parse("", 0, &cp), -1);
	assert_int_equal(cb_audit_checkpoint_parse("cp1 42", 6, &cp), -1);
	(void)snprintf(bad, sizeof(bad), "cp2%s", line + 3);
	assert_int_equal(cb_audit_checkpoint_parse(bad, strlen(bad), &cp),
	    -1);
	(void)snprintf(bad, sizeof(bad), "cp1 042%s", line + 6);
	assert_int_equal(cb_audit_checkpoint_parse(bad, strlen(bad), &cp),
	    -1);
	(void)snprintf(bad, sizeof(bad), "cp1 -42%s", line + 6);
	assert_int_equal(cb_audit_checkpoint_parse(bad, strlen(bad), &cp),
	    -1);
	(void)snprintf(bad, sizeof(bad), "%.*s extra\n", (int)len - 1, line);
	assert_int_equal(cb_audit_checkpoint_parse(bad, strlen(bad), &cp),
	    -1);
	(void)snprintf(bad, sizeof(bad), "%s", line);
	bad[10] = 'G';
	assert_int_equal(cb_audit_checkpoint_parse(bad, strlen(bad), &cp),
	    -1);
	assert_int_equal(cb_audit_checkpoint_line(f->v, 0, mac, T0, line,
	    sizeof(line)), -1);
	assert_int_equal(cb_audit_checkpoint_line(f->v, 1, mac, T0, line, 40),
	    -1);
}

/* A file of checkpoints beside a chain, read the way the verifiers
 * read it: through pread from the start. */
static int
cp_file(struct cb_vault *v, unsigned char (*mac)[32], const int64_t *seqs,
    const int64_t *ats, int n, const char *extra)
{
	char	path[] = "/tmp/cb_audit_cp.XXXXXX";
	char	line[CB_AUDIT_CP_LINE_MAX];
	int	fd, i;

	assert_true((fd = mkstemp(path)) != -1);
	assert_int_equal(unlink(path), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(cb_audit_checkpoint_line(v, seqs[i],
		    mac[seqs[i] - 1], ats[i], line, sizeof(line)), 0);
		assert_int_equal(write(fd, line, strlen(line)),
		    (ssize_t)strlen(line));
	}
	if (extra != NULL)
		assert_int_equal(write(fd, extra, strlen(extra)),
		    (ssize_t)strlen(extra));
	return (fd);
}

/* Runs the chain of 5 against a checkpoint file as a verifier does;
 * head is what the database says. */
static int
walk(struct cb_vault *v, struct cb_audit_entry *e, unsigned char (*mac)[32],
    int rows, int64_t head, int fd, struct cb_audit_verifier *out)
{
	struct cb_lines		 lines;
	struct cb_audit_cps	 cps;
	int			 i;

	cb_audit_verify_init(out, v);
	cb_lines_init(&lines, fd);
	cb_audit_cps_init(&cps, &lines, T0 + 1000000);
	for (i = 0; i < rows; i++) {
		if (cb_audit_verify_row(out, &e[i], mac[i]) == -1)
			break;
		(void)cb_audit_verify_cps(out, &cps, e[i].seq);
	}
	if (out->first_bad == 0)
		(void)cb_audit_verify_finish(out, head, 0,
		    cb_audit_cps_beyond(out, &cps));
	return (out->first_bad == 0 ? 0 : -1);
}

static void
test_checkpoints(void **state)
{
	struct fixture			*f = *state;
	struct cb_audit_entry		 e[5];
	unsigned char			 mac[5][32], forged[5][32];
	struct cb_audit_verifier	 v;
	const int64_t			 seqs[] = { 2, 2, 4, 5 };
	const int64_t			 ats[] = { T0, T0 + 1, T0 + 2, T0 + 3 };
	const int64_t			 late[] = { 2, 5 };
	const int64_t			 late_at[] = { T0, T0 + 5000000 };
	const int64_t			 back[] = { 4, 2 };
	int				 fd;

	chain(f->v, e, mac, 5);

	/* All in order, one repeated, a half-written last line ignored. */
	fd = cp_file(f->v, mac, seqs, ats, 4, "cp1 6 ab");
	assert_int_equal(walk(f->v, e, mac, 5, 5, fd, &v), 0);
	assert_int_equal(v.checkpoints, 4);
	close(fd);

	/* The last two rows and the head removed: the checkpoint of 5
	 * was signed before the verifier's snapshot, so 5 must be there. */
	fd = cp_file(f->v, mac, seqs, ats, 4, NULL);
	assert_int_equal(walk(f->v, e, mac, 3, 3, fd, &v), -1);
	assert_string_equal(cb_audit_fault_name(v.fault), "truncated");
	close(fd);

	/* A checkpoint written after the snapshot may be ahead of it. */
	fd = cp_file(f->v, mac, late, late_at, 2, NULL);
	assert_int_equal(walk(f->v, e, mac, 3, 3, fd, &v), 0);
	close(fd);

	/* The whole chain recomputed with the right key from row 3 on,
	 * after an edit: the checkpoint of 4 disagrees. */
	memcpy(forged, mac, sizeof(mac));
	e[2].outcome = "denied";
	{
		unsigned char	prev[32];
		int		i;

		memcpy(prev, mac[1], sizeof(prev));
		for (i = 2; i < 5; i++) {
			cb_audit_mac(f->v, prev, &e[i], forged[i]);
			memcpy(prev, forged[i], sizeof(prev));
		}
	}
	fd = cp_file(f->v, mac, seqs, ats, 4, NULL);
	assert_int_equal(walk(f->v, e, forged, 5, 5, fd, &v), -1);
	assert_int_equal(v.first_bad, 4);
	assert_string_equal(cb_audit_fault_name(v.fault), "checkpoint");
	close(fd);
	entry(&e[2], 3);

	/* A checkpoint line signed by someone else. */
	fd = cp_file(f->other, mac, seqs, ats, 1, NULL);
	assert_int_equal(walk(f->v, e, mac, 5, 5, fd, &v), -1);
	assert_string_equal(cb_audit_fault_name(v.fault), "forged");
	close(fd);

	/* A garbled line. */
	fd = cp_file(f->v, mac, seqs, ats, 1, "cp1 garbage\n");
	assert_int_equal(walk(f->v, e, mac, 5, 5, fd, &v), -1);
	assert_string_equal(cb_audit_fault_name(v.fault), "forged");
	close(fd);

	/* Out of order: no honest chainer writes that. */
	fd = cp_file(f->v, mac, back, ats, 2, NULL);
	assert_int_equal(walk(f->v, e, mac, 5, 5, fd, &v), -1);
	assert_string_equal(cb_audit_fault_name(v.fault), "checkpoint");
	close(fd);

	/* No file at all is an empty one. */
	assert_int_equal(walk(f->v, e, mac, 5, 5, -1, &v), 0);
	assert_int_equal(v.checkpoints, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_kat),
		cmocka_unit_test(test_verify_holds),
		cmocka_unit_test(test_verify_edited),
		cmocka_unit_test(test_verify_gaps),
		cmocka_unit_test(test_checkpoint_line),
		cmocka_unit_test(test_checkpoints),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
