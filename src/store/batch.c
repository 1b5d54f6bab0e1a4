/*
 * batch: many requests' reads of one kind as one statement (see
 * include/store/batch.h). Per worker, CB_BATCH_RUNS batches in flight
 * per kind.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "store/batch.h"
#include "store/db.h"

static void	step(void *);
static void	send_next(struct cb_batch *);
static int	send_run(struct cb_batch_run *);
static void	finish(struct cb_batch_run *, enum cb_db_rc);
static void	deliver(struct cb_db *, PGresult *, const char *);
static int	take(const struct cb_batch *, const struct cb_dbq *,
		    struct cb_batch_entry *);
static PGresult	*rows_of(const PGresult *, const int *, int, int, int);

int
cb_batch_add(struct cb_batch *b, struct cb_db *db, const struct cb_dbq *q)
{
	struct cb_batch_entry	*e;
	size_t			 i;

	if (b->nqueue >= CB_BATCH_QUEUE || db->req == NULL)
		return (-1);
	e = &b->queue[b->nqueue];
	if (!take(b, q, e))
		return (-1);
	if (!b->ready) {
		for (i = 0; i < CB_BATCH_RUNS; i++) {
			b->run[i].b = b;
			cb_db_init_job(&b->run[i].db, step, &b->run[i]);
		}
		b->ready = 1;
	}
	b->nqueue++;
	e->db = db;
	db->batch = b;
	db->batched = 1;
	db->sent = 1;
	send_next(b);
	return (0);
}

/* Copies q's values into e when each is of its kind: a token hash
 * first, then values that cannot break the array literals the batch is
 * sent as; 0 when they are not. */
static int
take(const struct cb_batch *b, const struct cb_dbq *q,
    struct cb_batch_entry *e)
{
	const char	*v;
	size_t		 i, len;

	if ((size_t)q->n != b->nparams + 1 || q->v[0] == NULL ||
	    q->f[0] != 1 || q->l[0] != CB_HASH_LEN)
		return (0);
	memcpy(e->tok, q->v[0], CB_HASH_LEN);
	for (i = 0; i < b->nparams; i++) {
		v = q->v[i + 1];
		e->null[i] = (v == NULL);
		e->v[i][0] = '\0';
		if (v == NULL) {
			if (b->param[i] != CB_BP_HASH)
				return (0);
			continue;
		}
		if (b->param[i] == CB_BP_HASH) {
			if (q->f[i + 1] != 1 || q->l[i + 1] != CB_HASH_LEN)
				return (0);
			(void)sodium_bin2hex(e->v[i], sizeof(e->v[i]),
			    (const unsigned char *)v, CB_HASH_LEN);
			continue;
		}
		if (q->f[i + 1] != 0)
			return (0);
		len = strlen(v);
		switch (b->param[i]) {
		case CB_BP_UUID:
			if (len != CB_UUID_LEN ||
			    strspn(v, "0123456789abcdef-") != len)
				return (0);
			break;
		case CB_BP_REQID:
			if (len == 0 || len > CB_REQID_LEN ||
			    strspn(v, "0123456789abcdef") != len)
				return (0);
			break;
		case CB_BP_WORDS:
			/* Quoted: a comma separates an array's elements. */
			if (len == 0 || len + 2 > CB_BATCH_PLEN ||
			    strspn(v, "abcdefghijklmnopqrstuvwxyz_,") != len)
				return (0);
			(void)snprintf(e->v[i], sizeof(e->v[i]), "\"%s\"", v);
			continue;
		default:
			return (0);
		}
		(void)cb_strlcpy(e->v[i], v, sizeof(e->v[i]));
	}
	return (1);
}

void
cb_batch_forget(struct cb_batch *b, struct cb_db *db)
{
	size_t	i, k;

	for (i = 0; i < b->nqueue; i++) {
		if (b->queue[i].db == db) {
			memmove(&b->queue[i], &b->queue[i + 1],
			    (b->nqueue - i - 1) * sizeof(b->queue[0]));
			b->nqueue--;
			break;
		}
	}
	/* Sent already: its entry is still written (the read happened);
	 * the answer just has no one to go to. */
	for (k = 0; k < CB_BATCH_RUNS; k++) {
		for (i = 0; i < b->run[k].nsent; i++) {
			if (b->run[k].sent[i].db == db)
				b->run[k].sent[i].db = NULL;
		}
	}
	db->batched = 0;
	db->batch = NULL;
}

/* Kore: the batch's query made progress. */
static void
step(void *arg)
{
	struct cb_batch_run	*r;
	enum cb_db_rc		 rc;

	r = arg;
	if (!r->inflight)
		return;
	if ((rc = cb_db_run(&r->db, &r->q)) == CB_DB_WAIT)
		return;
	finish(r, rc);
	send_next(r->b);
}

/* Fills the runs that are free from the queue: the first at once, the
 * next when CB_BATCH_FILL requests wait (store/batch.h). */
static void
send_next(struct cb_batch *b)
{
	size_t	k, busy;

	for (k = 0, busy = 0; k < CB_BATCH_RUNS; k++)
		busy += b->run[k].inflight;
	for (k = 0; k < CB_BATCH_RUNS && b->nqueue > 0; k++) {
		/* A run that fails at once (no database) is free again:
		 * the next part of the queue tries it. */
		while (!b->run[k].inflight && b->nqueue > 0) {
			if (busy > 0 && b->nqueue < CB_BATCH_FILL)
				return;
			if (send_run(&b->run[k])) {
				busy++;
				break;
			}
		}
	}
}

/* Sends the head of the queue as r's batch; 1 while it runs, 0 when it
 * has answered at once. */
static int
send_run(struct cb_batch_run *r)
{
	struct cb_batch		*b;
	struct cb_batch_entry	*e;
	const char		*v;
	enum cb_db_rc		 rc;
	size_t			 i, k, n, off, len;

	b = r->b;
	n = b->nqueue < CB_BATCH_MAX ? b->nqueue : CB_BATCH_MAX;
	memcpy(r->sent, b->queue, n * sizeof(b->queue[0]));
	r->nsent = n;
	memmove(b->queue, &b->queue[n], (b->nqueue - n) * sizeof(b->queue[0]));
	b->nqueue -= n;

	for (k = 0; k < b->nparams; k++) {
		off = 0;
		r->arr[k][off++] = '{';
		for (i = 0; i < n; i++) {
			e = &r->sent[i];
			if (i > 0)
				r->arr[k][off++] = ',';
			v = e->null[k] ? "NULL" : e->v[k];
			len = strlen(v);
			memcpy(&r->arr[k][off], v, len);
			off += len;
		}
		r->arr[k][off++] = '}';
		r->arr[k][off] = '\0';
	}
	for (i = 0; i < n; i++)
		memcpy(&r->toks[i * CB_HASH_LEN], r->sent[i].tok, CB_HASH_LEN);

	cb_dbq_stmt(&r->q, b->stmt);
	cb_dbq_bin(&r->q, r->toks, n * CB_HASH_LEN);
	for (k = 0; k < b->nparams; k++)
		cb_dbq_text(&r->q, r->arr[k]);
	r->inflight = 1;
	if ((rc = cb_db_run(&r->db, &r->q)) == CB_DB_WAIT)
		return (1);
	/* No connection, or the database is gone: each answers at once
	 * (503); the next batch tries again. */
	finish(r, rc);
	return (0);
}

/* Hands each request of the batch its own rows (or none), or the
 * batch's failure; then the batch is ready for the next. */
static void
finish(struct cb_batch_run *run, enum cb_db_rc rc)
{
	const PGresult	*res;
	int		*elem, col, r, nrows;
	size_t		 k;
	PGresult	*one;

	res = run->db.res;
	col = -1;
	elem = NULL;
	nrows = 0;
	if (rc == CB_DB_DONE && res != NULL &&
	    (col = PQfnumber(res, "i")) != -1) {
		nrows = PQntuples(res);
		elem = kore_calloc((size_t)nrows + 1, sizeof(*elem));
		for (r = 0; r < nrows; r++)
			elem[r] = atoi(PQgetvalue(res, r, col));
	}
	for (k = 0; k < run->nsent; k++) {
		if (run->sent[k].db == NULL)
			continue;
		if (rc != CB_DB_DONE || col == -1) {
			deliver(run->sent[k].db, NULL,
			    run->db.sqlstate[0] != '\0' ? run->db.sqlstate :
			    "XX000");
		} else if ((one = rows_of(res, elem, nrows, (int)k + 1,
		    run->b->multi ? nrows : 1)) == NULL) {
			deliver(run->sent[k].db, NULL, "53200");
		} else {
			deliver(run->sent[k].db, one, NULL);
		}
	}
	kore_free(elem);
	sodium_memzero(run->sent, sizeof(run->sent));
	run->nsent = 0;
	/* Not in flight before the reset: a wake-up it may cause finds
	 * nothing to move on. */
	run->inflight = 0;
	cb_db_reset(&run->db);
}

/* The batch's columns with element i's rows, in the batch's order, at
 * most max of them (none when it has none). */
static PGresult *
rows_of(const PGresult *res, const int *elem, int nrows, int i, int max)
{
	PGresult	*one;
	int		 c, r, t;

	if ((one = PQcopyResult(res, PG_COPYRES_ATTRS)) == NULL)
		return (NULL);
	for (r = 0, t = 0; r < nrows && t < max; r++) {
		if (elem[r] != i)
			continue;
		for (c = 0; c < PQnfields(res); c++) {
			if (PQgetisnull(res, r, c) ?
			    !PQsetvalue(one, t, c, NULL, -1) :
			    !PQsetvalue(one, t, c, PQgetvalue(res, r, c),
			    PQgetlength(res, r, c))) {
				PQclear(one);
				return (NULL);
			}
		}
		t++;
	}
	return (one);
}

static void
deliver(struct cb_db *db, PGresult *res, const char *sqlstate)
{
	db->batched = 2;
	db->batch = NULL;
	if (res != NULL)
		db->res = res;
	else
		(void)cb_strlcpy(db->sqlstate, sqlstate, sizeof(db->sqlstate));
	if (db->req != NULL && db->wake != NULL)
		db->wake(db->req);
}
