/*
 * audit: recomputes the hash chain of the audit log in C, byte for
 * byte as audit_append() in sql/002_audit.sql does, so that a copy of
 * the log can be checked without trusting the database that wrote it.
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/audit.h"

#if CB_AUDIT_HASH_LEN != crypto_hash_sha256_BYTES
#error "CB_AUDIT_HASH_LEN does not match crypto_hash_sha256_BYTES"
#endif

static void	canon_text(crypto_hash_sha256_state *, const char *);
static void	canon_int(crypto_hash_sha256_state *, int64_t);

/* "<octet length>:<value>|", or "-|" for SQL NULL. */
static void
canon_text(crypto_hash_sha256_state *st, const char *v)
{
	char	len[24];
	int	n;

	if (v == NULL) {
		crypto_hash_sha256_update(st, (const unsigned char *)"-|", 2);
		return;
	}
	n = snprintf(len, sizeof(len), "%zu:", strlen(v));
	crypto_hash_sha256_update(st, (const unsigned char *)len, (size_t)n);
	crypto_hash_sha256_update(st, (const unsigned char *)v, strlen(v));
	crypto_hash_sha256_update(st, (const unsigned char *)"|", 1);
}

static void
canon_int(crypto_hash_sha256_state *st, int64_t v)
{
	char	num[24];

	(void)snprintf(num, sizeof(num), "%" PRId64, v);
	canon_text(st, num);
}

void
cb_audit_hash(const unsigned char prev[CB_AUDIT_HASH_LEN],
    const struct cb_audit_row *row, unsigned char out[CB_AUDIT_HASH_LEN])
{
	crypto_hash_sha256_state	st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, CB_AUDIT_HASH_LEN);
	canon_int(&st, row->seq);
	canon_int(&st, row->at_us);
	canon_text(&st, row->actor);
	canon_text(&st, row->actor_role);
	canon_text(&st, row->action);
	canon_text(&st, row->record_id);
	canon_text(&st, row->fields);
	canon_text(&st, row->request_id);
	canon_text(&st, row->outcome);
	crypto_hash_sha256_final(&st, out);
}

void
cb_audit_verify_init(struct cb_audit_verifier *v)
{
	memset(v, 0, sizeof(*v));
	v->next_seq = 1;
}

/*
 * first_bad is the seq at which the chain stops holding: the row that
 * does not hash, or the seq that is missing. Everything below it is
 * proven; nothing from it on is trusted, so the verifier stays broken.
 */
int
cb_audit_verify_row(struct cb_audit_verifier *v,
    const struct cb_audit_row *row)
{
	unsigned char	h[CB_AUDIT_HASH_LEN];
	int		good;

	if (v->first_bad != 0)
		return (-1);

	good = row->seq == v->next_seq &&
	    memcmp(row->prev_hash, v->head, CB_AUDIT_HASH_LEN) == 0;
	if (good) {
		cb_audit_hash(v->head, row, h);
		good = memcmp(h, row->hash, CB_AUDIT_HASH_LEN) == 0;
	}
	if (!good) {
		v->first_bad = v->next_seq;
		return (-1);
	}

	memcpy(v->head, h, CB_AUDIT_HASH_LEN);
	v->next_seq++;
	v->entries++;
	return (0);
}
