/*
 * chainer: links audit entries into the keyed chain, off the request
 * path. Requests append entries without any lock; this job, on one
 * worker, reads what is not chained yet, computes each MAC in C (the
 * key never reaches the database) and appends the chain rows after the
 * head it started from, so a racing chainer can never fork the chain.
 * While the head moves, a signed checkpoint of it is appended to a
 * file outside the database every CP_INTERVAL_US.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "domain/audit.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/jobs.h"
#include "vault/vault.h"

#define TICK_MS		200
#define BATCH		2000
#define CP_INTERVAL_US	(2 * 1000000LL)

enum phase {
	IDLE,
	PENDING,
	APPEND
};

static struct {
	struct cb_vault	*vault;
	int		 fd;
	enum phase	 phase;
	struct cb_db	 db;
	struct cb_dbq	 q;
	int		 started;
	int64_t		 head;		/* as last seen in the database */
	unsigned char	 mac[CB_AUDIT_MAC_LEN];
	int64_t		 new_head;
	unsigned char	 new_mac[CB_AUDIT_MAC_LEN];
	int		 more;		/* the last batch was full */
	char		 horizon[32];
	struct kore_buf	*ids;
	struct kore_buf	*macs;
	int64_t		 cp_seq;	/* last checkpoint written */
	int64_t		 cp_us;
} ch;

static void	tick(void *, u_int64_t);
static void	wake(void *);
static void	step(void);
static int	pending_done(void);
static void	checkpoint(int);
static int64_t	now_us(void);

static int64_t
now_us(void)
{
	struct timeval	tv;

	(void)gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
}

void
cb_chainer_start(struct cb_vault *v, int cpfd)
{
	memset(&ch, 0, sizeof(ch));
	ch.vault = v;
	ch.fd = cpfd;
	ch.head = -1;
	ch.phase = IDLE;
	cb_db_init_job(&ch.db, wake, NULL);
	ch.started = 1;
	(void)kore_timer_add(tick, TICK_MS, NULL, 0);
}

static void
tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	if (ch.phase != IDLE)
		return;
	checkpoint(0);
	ch.phase = PENDING;
	cb_store_chain_pending(&ch.q, BATCH);
	step();
}

static void
wake(void *arg)
{
	(void)arg;
	step();
}

/* Moves the current statement on; called by the timer and whenever
 * the database answers. */
static void
step(void)
{
	enum cb_db_rc	rc;

	while (ch.phase != IDLE) {
		rc = cb_db_run(&ch.db, &ch.q);
		if (rc == CB_DB_WAIT)
			return;
		if (rc == CB_DB_FAIL) {
			/* The database is away or another chainer won: the
			 * next tick starts over from the head. */
			cb_db_reset(&ch.db);
			ch.phase = IDLE;
			return;
		}
		if (ch.phase == PENDING) {
			if (pending_done() == 0) {
				ch.phase = IDLE;
				return;
			}
			ch.phase = APPEND;
			continue;
		}
		/* APPEND answered: the new head, or NULL when the head
		 * moved under us (nothing was written). */
		if (cb_db_rows(&ch.db) == 1 && !cb_db_null(&ch.db, 0, "head")) {
			ch.head = ch.new_head;
			memcpy(ch.mac, ch.new_mac, sizeof(ch.mac));
			checkpoint(0);
		}
		cb_db_reset(&ch.db);
		kore_buf_free(ch.ids);
		kore_buf_free(ch.macs);
		ch.ids = ch.macs = NULL;
		if (ch.more) {
			ch.phase = PENDING;
			cb_store_chain_pending(&ch.q, BATCH);
			continue;
		}
		ch.phase = IDLE;
	}
}

/*
 * The pending rows are in: chain them in C. Returns 1 when an append
 * was prepared in ch.q, 0 when there was nothing to do.
 */
static int
pending_done(void)
{
	struct cb_audit_entry	 e;
	unsigned char		 prev[CB_AUDIT_MAC_LEN], mac[CB_AUDIT_MAC_LEN];
	int			 rows, i, n;
	int64_t			 head;

	rows = cb_db_rows(&ch.db);
	if (rows < 1 || cb_db_bytea_fixed(&ch.db, 0, "head_mac", prev,
	    sizeof(prev)) == -1) {
		cb_db_reset(&ch.db);
		return (0);
	}
	head = cb_db_ll(&ch.db, 0, "head_seq");
	ch.head = head;
	memcpy(ch.mac, prev, sizeof(ch.mac));

	ch.ids = kore_buf_alloc(rows * 12 + 4);
	ch.macs = kore_buf_alloc(rows * CB_AUDIT_MAC_LEN + 1);
	kore_buf_append(ch.ids, "{", 1);
	for (i = 0, n = 0; i < rows; i++) {
		if (cb_db_null(&ch.db, i, "e_id"))
			continue;
		memset(&e, 0, sizeof(e));
		e.seq = head + n + 1;
		e.id = cb_db_ll(&ch.db, i, "e_id");
		e.at_us = cb_db_ll(&ch.db, i, "e_at_us");
#define OPT(c)	(cb_db_null(&ch.db, i, c) ? NULL : cb_db_str(&ch.db, i, c))
		e.actor = OPT("e_actor");
		e.actor_role = OPT("e_role");
		e.action = OPT("e_action");
		e.record_id = OPT("e_record");
		e.records = OPT("e_records");
		e.fields = OPT("e_fields");
		e.request_id = OPT("e_request");
		e.outcome = OPT("e_outcome");
#undef OPT
		cb_audit_mac(ch.vault, prev, &e, mac);
		memcpy(prev, mac, sizeof(prev));
		kore_buf_appendf(ch.ids, "%s%" PRId64, n > 0 ? "," : "",
		    e.id);
		kore_buf_append(ch.macs, mac, sizeof(mac));
		n++;
	}
	kore_buf_append(ch.ids, "}", 1);
	kore_buf_append(ch.ids, "", 1);
	ch.more = (rows >= BATCH);

	if (n == 0) {
		kore_buf_free(ch.ids);
		kore_buf_free(ch.macs);
		ch.ids = ch.macs = NULL;
		cb_db_reset(&ch.db);
		return (0);
	}
	ch.new_head = head + n;
	memcpy(ch.new_mac, prev, sizeof(ch.new_mac));
	/* The last row says where the next scan starts, a cut batch
	 * too (below the first entry it left). */
	(void)cb_strlcpy(ch.horizon, cb_db_str(&ch.db, rows - 1,
	    "next_horizon"), sizeof(ch.horizon));
	cb_db_reset(&ch.db);
	cb_store_chain_append(&ch.q, head, (const char *)ch.ids->data,
	    ch.macs->data, ch.macs->offset, ch.horizon);
	return (1);
}

/* Appends a signed checkpoint of the head when it moved and the last
 * one is old enough (or force); one write of one line, then synced. */
static void
checkpoint(int force)
{
	char	line[CB_AUDIT_CP_LINE_MAX];
	int64_t	t;
	ssize_t	w;

	if (ch.fd == -1 || ch.head < 1 || ch.head == ch.cp_seq)
		return;
	t = now_us();
	if (!force && t - ch.cp_us < CP_INTERVAL_US)
		return;
	if (cb_audit_checkpoint_line(ch.vault, ch.head, ch.mac, t, line,
	    sizeof(line)) == -1)
		return;
	do {
		w = write(ch.fd, line, strlen(line));
	} while (w == -1 && errno == EINTR);
	if (w != (ssize_t)strlen(line)) {
		kore_log(LOG_ERR, "chainer: cannot write a checkpoint");
		return;
	}
	(void)fdatasync(ch.fd);
	ch.cp_seq = ch.head;
	ch.cp_us = t;
}

/*
 * Before the worker exits: let a statement in flight finish (bounded
 * by the database's own timeouts) and leave a checkpoint of what is
 * chained, so a clean shutdown leaves no head unsigned.
 */
void
cb_chainer_stop(void)
{
	if (!ch.started)
		return;
	checkpoint(1);
}
