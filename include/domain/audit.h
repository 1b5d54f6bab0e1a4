/*
 * audit: the keyed chain over the audit log and its signed checkpoints.
 *
 * Entries are appended by the database functions without any lock; the
 * chainer (src/store/chainer.c) then gives each a chain position seq and
 *   mac = BLAKE2b-256(key = audit subkey, prev mac || canonical(entry))
 * where canonical writes seq, id, at_us, actor, actor_role, action,
 * record_id, records, fields, request_id, outcome in that order, each
 * as "<octet length>:<value>|" or "-|" for NULL (numbers in decimal,
 * records as comma-separated ids). The first prev is 32 zero bytes.
 *
 * Every few seconds the head is signed (Ed25519) into a checkpoint line
 * appended to a file outside the database:
 *   cp1 <seq> <mac hex> <unix microseconds> <signature base64url>
 * signed over "casebook audit checkpoint v1\n<seq>\n<mac hex>\n<us>\n".
 * So rewriting a row needs the MAC key, and rewriting the whole chain
 * with it still disagrees with the checkpoints signed before.
 */
#ifndef CB_AUDIT_H
#define CB_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "vault/vault.h"

#define CB_AUDIT_MAC_LEN	CB_VAULT_MAC_LEN
/* Longest checkpoint line, newline included. */
#define CB_AUDIT_CP_LINE_MAX	256

/* One entry with its chain position (NULL pointer = SQL NULL). */
struct cb_audit_entry {
	int64_t		 seq;
	int64_t		 id;
	int64_t		 at_us;
	const char	*actor;
	const char	*actor_role;
	const char	*action;
	const char	*record_id;
	const char	*records;
	const char	*fields;
	const char	*request_id;
	const char	*outcome;
};

struct cb_audit_checkpoint {
	int64_t		 seq;
	unsigned char	 mac[CB_AUDIT_MAC_LEN];
	int64_t		 at_us;
	unsigned char	 sig[CB_VAULT_SIG_LEN];
};

/* Why verification stopped, for people and JSON alike. */
enum cb_audit_fault {
	CB_AUDIT_OK = 0,
	CB_AUDIT_GAP,		/* a chain position is missing */
	CB_AUDIT_MAC,		/* an entry does not match its MAC */
	CB_AUDIT_MISSING,	/* a chained entry is gone from the log */
	CB_AUDIT_CHECKPOINT,	/* the chain disagrees with a checkpoint */
	CB_AUDIT_FORGED,	/* a checkpoint's signature does not hold */
	CB_AUDIT_TRUNCATED,	/* the chain ends before a checkpoint */
	CB_AUDIT_UNCHAINED	/* old entries that the chain never covered */
};

struct cb_audit_verifier {
	struct cb_vault		*vault;
	unsigned char		 pk[CB_VAULT_PK_LEN];
	unsigned char		 head[CB_AUDIT_MAC_LEN];
	int64_t			 next_seq;
	int64_t			 entries;
	int64_t			 checkpoints;
	int64_t			 first_bad;	/* 0 while the chain holds */
	enum cb_audit_fault	 fault;
};

void	cb_audit_mac(struct cb_vault *, const unsigned char *prev,
	    const struct cb_audit_entry *, unsigned char *out);

/* A signed checkpoint line (NUL-terminated, with its newline) into
 * line; -1 when it does not fit. */
int	cb_audit_checkpoint_line(struct cb_vault *, int64_t seq,
	    const unsigned char *mac, int64_t at_us, char *line, size_t len);
/* Parses one line (without or with its newline); -1 when malformed. */
int	cb_audit_checkpoint_parse(const char *line, size_t len,
	    struct cb_audit_checkpoint *);
/* 1 when the checkpoint carries pk's signature. */
int	cb_audit_checkpoint_valid(const unsigned char *pk,
	    const struct cb_audit_checkpoint *);

/* Streaming verification: rows in chain order, checkpoints in file
 * order interleaved by the caller (a checkpoint is given once the row
 * of its seq has been), then finish with the database's head. Each
 * returns 0 while everything holds, -1 from the first fault on. */
void	cb_audit_verify_init(struct cb_audit_verifier *, struct cb_vault *);
int	cb_audit_verify_row(struct cb_audit_verifier *,
	    const struct cb_audit_entry *, const unsigned char *mac);
/* A row of the chain whose entry is gone from the log. */
int	cb_audit_verify_missing(struct cb_audit_verifier *, int64_t seq);
int	cb_audit_verify_checkpoint(struct cb_audit_verifier *,
	    const struct cb_audit_checkpoint *);
/* head_seq: the database's chain head; unchained: entries below the
 * chainer's horizon that the chain does not cover; cp_after: the seq of
 * a checkpoint not yet given because the chain ended first (0: none). */
int	cb_audit_verify_finish(struct cb_audit_verifier *, int64_t head_seq,
	    int64_t unchained, int64_t cp_after);
const char *cb_audit_fault_name(enum cb_audit_fault);

/*
 * Walking the checkpoint file beside the chain. t0_us is a time taken
 * before the database snapshot the rows come from: a checkpoint at or
 * after it may name a seq the snapshot cannot see yet, one before it
 * may not (its append had committed).
 */
struct cb_lines;

struct cb_audit_cps {
	struct cb_lines			*in;
	int64_t				 t0_us;
	struct cb_audit_checkpoint	 cp;
	int				 has;	/* cp read, not yet used */
	int				 end;	/* no more lines */
};

void	cb_audit_cps_init(struct cb_audit_cps *, struct cb_lines *,
	    int64_t t0_us);
/* Gives v every checkpoint up to and including seq (call after the row
 * of seq was verified); -1 once anything is broken. */
int	cb_audit_verify_cps(struct cb_audit_verifier *, struct cb_audit_cps *,
	    int64_t seq);
/* After the last row: the seq of a checkpoint the chain should have
 * reached but did not, or 0. */
int64_t	cb_audit_cps_beyond(struct cb_audit_verifier *,
	    struct cb_audit_cps *);

#endif
