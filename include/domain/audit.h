/*
 * audit: the canonical encoding of an audit row and verification of
 * the hash chain, exactly as sql/002_audit.sql computes it:
 *   hash = SHA-256(prev_hash || canonical(row))
 *   canonical: for seq, at_us, actor, actor_role, action, record_id,
 *   fields, request_id, outcome in that order, "<octet length>:<value>|"
 *   or "-|" for NULL (seq and at_us in decimal).
 * Used by GET /api/v1/audit/verify and `casebook-admin audit verify`.
 */
#ifndef CB_AUDIT_H
#define CB_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#define CB_AUDIT_HASH_LEN	32

/* One row as text columns (NULL pointer = SQL NULL). */
struct cb_audit_row {
	int64_t		 seq;
	int64_t		 at_us;
	const char	*actor;
	const char	*actor_role;
	const char	*action;
	const char	*record_id;
	const char	*fields;
	const char	*request_id;
	const char	*outcome;
	unsigned char	 prev_hash[CB_AUDIT_HASH_LEN];
	unsigned char	 hash[CB_AUDIT_HASH_LEN];
};

struct cb_audit_verifier {
	unsigned char	 head[CB_AUDIT_HASH_LEN];	/* expected prev */
	int64_t		 next_seq;
	int64_t		 entries;
	int64_t		 first_bad;	/* 0 while the chain holds */
};

void	cb_audit_hash(const unsigned char prev[CB_AUDIT_HASH_LEN],
	    const struct cb_audit_row *, unsigned char out[CB_AUDIT_HASH_LEN]);
/* Starts at the genesis (32 zero bytes, seq 1). */
void	cb_audit_verify_init(struct cb_audit_verifier *);
/* Feeds rows in seq order; returns 0 while the chain holds, -1 from
 * the first bad row on (a gap in seq, a prev_hash that is not the
 * previous hash, or a hash that does not match the row). */
int	cb_audit_verify_row(struct cb_audit_verifier *,
	    const struct cb_audit_row *);

#endif
