/*
 * audit: the canonical bytes of an audit entry, the keyed chain MAC
 * over them, signed checkpoints, and a verifier that streams: it keeps
 * only the head, so a log of any length is checked in constant memory.
 * The byte layout is documented in audit.h; changing it orphans every
 * chain already written.
 */
#include <sys/types.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "core/lines.h"
#include "domain/audit.h"

#define CP_MAGIC	"cp1"
#define CP_SIGNED	"casebook audit checkpoint v1\n"
#define SIG_B64_LEN	86

static void	canon_text(struct kore_buf *, const char *);
static void	canon_int(struct kore_buf *, int64_t);
static int	cp_message(char *, size_t, int64_t, const unsigned char *,
		    int64_t);
static int	parse_i64(const char *, size_t, int64_t *);
static int	fail(struct cb_audit_verifier *, int64_t,
		    enum cb_audit_fault);
static int	cps_read(struct cb_audit_verifier *, struct cb_audit_cps *);

/* "<octet length>:<value>|", or "-|" for SQL NULL. */
static void
canon_text(struct kore_buf *b, const char *v)
{
	if (v == NULL) {
		kore_buf_append(b, "-|", 2);
		return;
	}
	kore_buf_appendf(b, "%zu:", strlen(v));
	kore_buf_append(b, v, strlen(v));
	kore_buf_append(b, "|", 1);
}

static void
canon_int(struct kore_buf *b, int64_t v)
{
	char	num[24];

	(void)snprintf(num, sizeof(num), "%" PRId64, v);
	canon_text(b, num);
}

void
cb_audit_mac(struct cb_vault *v, const unsigned char *prev,
    const struct cb_audit_entry *e, unsigned char *out)
{
	struct kore_buf	*b;

	b = kore_buf_alloc(256);
	canon_int(b, e->seq);
	canon_int(b, e->id);
	canon_int(b, e->at_us);
	canon_text(b, e->actor);
	canon_text(b, e->actor_role);
	canon_text(b, e->action);
	canon_text(b, e->record_id);
	canon_text(b, e->records);
	canon_text(b, e->fields);
	canon_text(b, e->request_id);
	canon_text(b, e->outcome);
	cb_vault_audit_mac(v, prev, b->data, b->offset, out);
	kore_buf_free(b);
}

static int
cp_message(char *buf, size_t len, int64_t seq, const unsigned char *mac,
    int64_t at_us)
{
	char	hex[CB_AUDIT_MAC_LEN * 2 + 1];
	int	n;

	sodium_bin2hex(hex, sizeof(hex), mac, CB_AUDIT_MAC_LEN);
	n = snprintf(buf, len, CP_SIGNED "%" PRId64 "\n%s\n%" PRId64 "\n",
	    seq, hex, at_us);
	if (n < 0 || (size_t)n >= len)
		return (-1);
	return (n);
}

int
cb_audit_checkpoint_line(struct cb_vault *v, int64_t seq,
    const unsigned char *mac, int64_t at_us, char *line, size_t len)
{
	unsigned char	sig[CB_VAULT_SIG_LEN];
	char		msg[CB_AUDIT_CP_LINE_MAX], hex[CB_AUDIT_MAC_LEN * 2 + 1];
	char		b64[SIG_B64_LEN + 1];
	int		n;

	if (seq < 1 || at_us < 0 ||
	    (n = cp_message(msg, sizeof(msg), seq, mac, at_us)) == -1)
		return (-1);
	cb_vault_sign(v, msg, (size_t)n, sig);
	sodium_bin2hex(hex, sizeof(hex), mac, CB_AUDIT_MAC_LEN);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	n = snprintf(line, len, CP_MAGIC " %" PRId64 " %s %" PRId64 " %s\n",
	    seq, hex, at_us, b64);
	if (n < 0 || (size_t)n >= len)
		return (-1);
	return (0);
}

/* Decimal digits only, no sign, no leading zero (one spelling each). */
static int
parse_i64(const char *s, size_t len, int64_t *out)
{
	char	 num[24];
	char	*end;

	if (len == 0 || len >= sizeof(num) || strspn(s, "0123456789") < len ||
	    (len > 1 && s[0] == '0'))
		return (-1);
	memcpy(num, s, len);
	num[len] = '\0';
	*out = strtoll(num, &end, 10);
	return (*end == '\0' && *out >= 0 ? 0 : -1);
}

int
cb_audit_checkpoint_parse(const char *line, size_t len,
    struct cb_audit_checkpoint *cp)
{
	const char	*f[5], *p, *end, *sp;
	size_t		 fl[5], blen, i;

	memset(cp, 0, sizeof(*cp));
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len == 0 || len >= CB_AUDIT_CP_LINE_MAX)
		return (-1);
	p = line;
	end = line + len;
	for (i = 0; i < 5; i++) {
		if ((sp = memchr(p, ' ', end - p)) == NULL)
			sp = end;
		f[i] = p;
		fl[i] = sp - p;
		if (fl[i] == 0)
			return (-1);
		p = (sp == end) ? end : sp + 1;
		if (i < 4 && sp == end)
			return (-1);
	}
	if (p != end || fl[0] != strlen(CP_MAGIC) ||
	    memcmp(f[0], CP_MAGIC, fl[0]) != 0)
		return (-1);
	if (parse_i64(f[1], fl[1], &cp->seq) == -1 || cp->seq < 1 ||
	    parse_i64(f[3], fl[3], &cp->at_us) == -1)
		return (-1);
	if (fl[2] != CB_AUDIT_MAC_LEN * 2 ||
	    strspn(f[2], "0123456789abcdef") < fl[2] ||
	    sodium_hex2bin(cp->mac, sizeof(cp->mac), f[2], fl[2], NULL,
	    &blen, NULL) != 0 || blen != CB_AUDIT_MAC_LEN)
		return (-1);
	if (fl[4] != SIG_B64_LEN ||
	    sodium_base642bin(cp->sig, sizeof(cp->sig), f[4], fl[4], NULL,
	    &blen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen != CB_VAULT_SIG_LEN)
		return (-1);
	return (0);
}

int
cb_audit_checkpoint_valid(const unsigned char *pk,
    const struct cb_audit_checkpoint *cp)
{
	char	msg[CB_AUDIT_CP_LINE_MAX];
	int	n;

	if ((n = cp_message(msg, sizeof(msg), cp->seq, cp->mac,
	    cp->at_us)) == -1)
		return (0);
	return (cb_vault_sign_verify(pk, msg, (size_t)n, cp->sig));
}

void
cb_audit_verify_init(struct cb_audit_verifier *v, struct cb_vault *vault)
{
	memset(v, 0, sizeof(*v));
	v->vault = vault;
	v->next_seq = 1;
	cb_vault_sign_pk(vault, v->pk);
}

/* Nothing from the first fault on is trusted, so the verifier stays
 * broken at the earliest position. */
static int
fail(struct cb_audit_verifier *v, int64_t seq, enum cb_audit_fault f)
{
	if (v->first_bad == 0) {
		v->first_bad = seq;
		v->fault = f;
	}
	return (-1);
}

int
cb_audit_verify_row(struct cb_audit_verifier *v,
    const struct cb_audit_entry *e, const unsigned char *mac)
{
	unsigned char	want[CB_AUDIT_MAC_LEN];

	if (v->first_bad != 0)
		return (-1);
	if (e->seq != v->next_seq)
		return (fail(v, v->next_seq, CB_AUDIT_GAP));
	cb_audit_mac(v->vault, v->head, e, want);
	if (sodium_memcmp(want, mac, CB_AUDIT_MAC_LEN) != 0)
		return (fail(v, e->seq, CB_AUDIT_MAC));
	memcpy(v->head, want, CB_AUDIT_MAC_LEN);
	v->next_seq++;
	v->entries++;
	return (0);
}

int
cb_audit_verify_missing(struct cb_audit_verifier *v, int64_t seq)
{
	if (v->first_bad != 0)
		return (-1);
	if (seq != v->next_seq)
		return (fail(v, v->next_seq, CB_AUDIT_GAP));
	return (fail(v, seq, CB_AUDIT_MISSING));
}

int
cb_audit_verify_checkpoint(struct cb_audit_verifier *v,
    const struct cb_audit_checkpoint *cp)
{
	if (v->first_bad != 0)
		return (-1);
	if (!cb_audit_checkpoint_valid(v->pk, cp))
		return (fail(v, cp->seq, CB_AUDIT_FORGED));
	/* Given only once its row was seen: anything else is a file out
	 * of order, which no honest chainer writes. */
	if (cp->seq != v->next_seq - 1)
		return (fail(v, cp->seq, CB_AUDIT_CHECKPOINT));
	if (sodium_memcmp(cp->mac, v->head, CB_AUDIT_MAC_LEN) != 0)
		return (fail(v, cp->seq, CB_AUDIT_CHECKPOINT));
	v->checkpoints++;
	return (0);
}

int
cb_audit_verify_finish(struct cb_audit_verifier *v, int64_t head_seq,
    int64_t unchained, int64_t cp_after)
{
	if (v->first_bad != 0)
		return (-1);
	/* Deleting the newest rows leaves a shorter chain that holds;
	 * the head the database keeps, and the checkpoints, remember. */
	if (head_seq != v->next_seq - 1)
		return (fail(v, v->next_seq, CB_AUDIT_TRUNCATED));
	if (cp_after > 0)
		return (fail(v, v->next_seq, CB_AUDIT_TRUNCATED));
	if (unchained > 0)
		return (fail(v, v->next_seq, CB_AUDIT_UNCHAINED));
	return (0);
}

const char *
cb_audit_fault_name(enum cb_audit_fault f)
{
	static const char *const names[] = {
		"ok", "gap", "mac", "missing", "checkpoint", "forged",
		"truncated", "unchained"
	};

	if ((size_t)f >= NITEMS(names))
		return ("unknown");
	return (names[f]);
}

void
cb_audit_cps_init(struct cb_audit_cps *c, struct cb_lines *in, int64_t t0_us)
{
	memset(c, 0, sizeof(*c));
	c->in = in;
	c->t0_us = t0_us;
}

/* Reads the next checkpoint into c->cp; 1 read, 0 end, -1 broken. */
static int
cps_read(struct cb_audit_verifier *v, struct cb_audit_cps *c)
{
	const char	*line;
	size_t		 len;
	int		 rc;

	if (c->has)
		return (1);
	if (c->end)
		return (0);
	if ((rc = cb_lines_next(c->in, &line, &len)) == 0) {
		c->end = 1;
		return (0);
	}
	if (rc == -1 || cb_audit_checkpoint_parse(line, len, &c->cp) == -1) {
		c->end = 1;
		return (fail(v, v->next_seq, CB_AUDIT_FORGED));
	}
	c->has = 1;
	return (1);
}

int
cb_audit_verify_cps(struct cb_audit_verifier *v, struct cb_audit_cps *c,
    int64_t seq)
{
	int	rc;

	for (;;) {
		if ((rc = cps_read(v, c)) <= 0)
			return (rc == -1 ? -1 : (v->first_bad ? -1 : 0));
		if (c->cp.seq > seq)
			return (v->first_bad ? -1 : 0);
		c->has = 0;
		if (cb_audit_verify_checkpoint(v, &c->cp) == -1)
			return (-1);
	}
}

int64_t
cb_audit_cps_beyond(struct cb_audit_verifier *v, struct cb_audit_cps *c)
{
	for (;;) {
		if (cps_read(v, c) <= 0)
			return (0);
		c->has = 0;
		if (!cb_audit_checkpoint_valid(v->pk, &c->cp)) {
			(void)fail(v, c->cp.seq, CB_AUDIT_FORGED);
			return (0);
		}
		/* Written after our snapshot: the chain may not show it. */
		if (c->cp.at_us >= c->t0_us)
			return (0);
		return (c->cp.seq);
	}
}
