/*
 * db: drives one asynchronous query at a time over Kore's pgsql layer,
 * for a request or a background job. Errors are logged by SQLSTATE
 * only: PostgreSQL's messages can quote values (constraint details),
 * and no value from a person's record may reach a log line.
 */
#include <sys/types.h>

#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "store/batch.h"
#include "store/db.h"

/* What has been prepared on which connection: a connection is known
 * by its address and its server process (a new connection at a freed
 * address has another backend). */
struct conn_rec {
	struct pgsql_conn	*conn;
	int			 pid;
	u_int64_t		 prepared;
};

static struct conn_rec	conns[128];
static int		nstmts;

/*
 * Background jobs (the chainer, the read batches). Kore tells a request
 * that its connection died under a query (it wakes it), but not a
 * callback: it frees the connection, marks the query failed and says
 * nothing. A job would wait for ever, so a timer looks for such queries
 * and moves them on. Jobs live as long as their worker.
 */
#define JOBS_MAX	8
#define JOBS_WATCH_MS	100
static struct cb_db	*jobs[JOBS_MAX];
static int		 njobs;

static void	job_wakeup(struct kore_pgsql *, void *);
static void	job_watch(void *, u_int64_t);
static void	job_register(struct cb_db *);
static int	prepare(struct cb_db *, struct cb_stmt *);
static int	alive(struct cb_db *);
static int	send_query(struct cb_db *, const struct cb_dbq *);
static int	send_prepared(struct cb_db *, const struct cb_dbq *);
static enum cb_db_rc run(struct cb_db *, const struct cb_dbq *);
static const char *value(const struct cb_db *, int, const char *);
static void	dblog(const struct cb_db *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* An error line, with the request's id when there is a request, so
 * that it joins the request's access line. */
static void
dblog(const struct cb_db *db, const char *fmt, ...)
{
	va_list	ap;
	char	msg[256];

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (db->reqid != NULL)
		kore_log(LOG_ERR, "rid=%s db: %s", db->reqid, msg);
	else
		kore_log(LOG_ERR, "db: %s", msg);
}

void
cb_dbq_init(struct cb_dbq *q, const char *sql)
{
	memset(q, 0, sizeof(*q));
	q->sql = sql;
}

void
cb_dbq_stmt(struct cb_dbq *q, struct cb_stmt *stmt)
{
	cb_dbq_init(q, stmt->sql);
	q->stmt = stmt;
}

void
cb_dbq_text(struct cb_dbq *q, const char *v)
{
	if (q->n >= CB_DB_PARAMS_MAX)
		fatal("cb_dbq_text: too many parameters");
	q->v[q->n] = v;
	q->l[q->n] = v ? (int)strlen(v) : 0;
	q->f[q->n] = 0;
	q->n++;
}

void
cb_dbq_bin(struct cb_dbq *q, const void *v, size_t len)
{
	if (q->n >= CB_DB_PARAMS_MAX)
		fatal("cb_dbq_bin: too many parameters");
	q->v[q->n] = v;
	q->l[q->n] = (int)len;
	q->f[q->n] = 1;
	q->n++;
}

void
cb_dbq_int(struct cb_dbq *q, long long v)
{
	if (q->nscratch >= CB_DB_SCRATCH)
		fatal("cb_dbq_int: too many numbers");
	(void)snprintf(q->scratch[q->nscratch], sizeof(q->scratch[0]), "%lld",
	    v);
	cb_dbq_text(q, q->scratch[q->nscratch++]);
}

void
cb_dbq_bool(struct cb_dbq *q, int v)
{
	cb_dbq_text(q, v ? "true" : "false");
}

void
cb_db_init(struct cb_db *db, struct http_request *req,
    void (*sleep)(struct http_request *), void (*wake)(struct http_request *))
{
	memset(db, 0, sizeof(*db));
	db->req = req;
	db->sleep = sleep;
	db->wake = wake;
	kore_pgsql_init(&db->sql);
	if (req != NULL)
		kore_pgsql_bind_request(&db->sql, req);
}

void
cb_db_init_job(struct cb_db *db, void (*cb)(void *), void *arg)
{
	memset(db, 0, sizeof(*db));
	db->cb = cb;
	db->arg = arg;
	kore_pgsql_init(&db->sql);
	kore_pgsql_bind_callback(&db->sql, job_wakeup, db);
	job_register(db);
}

/* Once per job (cb_db_reset initialises it again). */
static void
job_register(struct cb_db *db)
{
	int	i;

	for (i = 0; i < njobs; i++) {
		if (jobs[i] == db)
			return;
	}
	if (njobs >= JOBS_MAX)
		fatal("db: more than %d background jobs", JOBS_MAX);
	if (njobs == 0)
		(void)kore_timer_add(job_watch, JOBS_WATCH_MS, NULL, 0);
	jobs[njobs++] = db;
}

static void
job_watch(void *arg, u_int64_t now)
{
	struct cb_db	*db;
	int		 i;

	(void)arg;
	(void)now;
	for (i = 0; i < njobs; i++) {
		db = jobs[i];
		if (db->sent && !db->running && db->sql.conn == NULL &&
		    db->sql.state == KORE_PGSQL_STATE_ERROR && db->cb != NULL)
			db->cb(db->arg);
	}
}

/* Kore calls this on every change of the query's state; the job reads
 * the state through cb_db_run like a request would. */
static void
job_wakeup(struct kore_pgsql *sql, void *arg)
{
	struct cb_db	*db;

	(void)sql;
	db = arg;
	/* cb_db_run is moving the query on and will read the new state
	 * itself; calling the job from inside it would nest. */
	if (db->running)
		return;
	if (db->cb != NULL)
		db->cb(db->arg);
}

enum cb_db_rc
cb_db_run(struct cb_db *db, const struct cb_dbq *q)
{
	enum cb_db_rc	rc;

	if (!db->sent && q->batch != NULL && db->req != NULL &&
	    cb_batch_add(q->batch, db, q) == 0) {
		/* Its part may have been answered at once (no database). */
		if (db->batched == 1 && db->sleep != NULL)
			db->sleep(db->req);
	}
	if (db->batched == 1)
		return (CB_DB_WAIT);
	if (db->batched == 2)
		return (db->sqlstate[0] != '\0' ? CB_DB_FAIL : CB_DB_DONE);

	db->running = 1;
	rc = run(db, q);
	db->running = 0;
	return (rc);
}

static enum cb_db_rc
run(struct cb_db *db, const struct cb_dbq *q)
{
	const char	*st;

	if (!db->sent) {
		if (!kore_pgsql_setup(&db->sql, "db", KORE_PGSQL_ASYNC)) {
			/* Queued for a free connection; Kore wakes us. */
			if (db->sql.state == KORE_PGSQL_STATE_INIT)
				return (CB_DB_WAIT);
			dblog(db, "no connection: %s",
			    db->sql.error ? db->sql.error : "?");
			memcpy(db->sqlstate, "08000", 6);
			return (CB_DB_FAIL);
		}
		if (!alive(db)) {
			memcpy(db->sqlstate, "08006", 6);
			kore_pgsql_cleanup(&db->sql);
			return (CB_DB_FAIL);
		}
		if (!send_query(db, q) && (PQstatus(db->sql.conn->db) !=
		    CONNECTION_BAD || !alive(db) || !send_query(db, q))) {
			dblog(db, "send failed");
			memcpy(db->sqlstate, "08000", 6);
			kore_pgsql_cleanup(&db->sql);
			return (CB_DB_FAIL);
		}
		db->sent = 1;
	}

	for (;;) {
		switch (db->sql.state) {
		case KORE_PGSQL_STATE_WAIT:
			return (CB_DB_WAIT);
		case KORE_PGSQL_STATE_RESULT:
			if (db->res != NULL)
				PQclear(db->res);
			db->res = db->sql.result;
			db->sql.result = NULL;
			kore_pgsql_continue(&db->sql);
			break;
		case KORE_PGSQL_STATE_ERROR:
			/*
			 * The connection went away under the query: Kore
			 * has freed it (conn is NULL), or libpq knows it
			 * is gone. Kore would go on reading from it (a NULL
			 * connection, or the same error for ever): end the
			 * query here instead.
			 */
			if (db->sql.conn == NULL ||
			    PQstatus(db->sql.conn->db) == CONNECTION_BAD) {
				dblog(db, "connection lost");
				memcpy(db->sqlstate, "08006", 6);
				kore_pgsql_cleanup(&db->sql);
				db->sql.state = KORE_PGSQL_STATE_COMPLETE;
				return (CB_DB_FAIL);
			}
			st = NULL;
			if (db->sql.result != NULL)
				st = PQresultErrorField(db->sql.result,
				    PG_DIAG_SQLSTATE);
			if (st == NULL || strlen(st) != 5)
				st = "XX000";
			memcpy(db->sqlstate, st, 6);
			kore_pgsql_continue(&db->sql);
			break;
		case KORE_PGSQL_STATE_DONE:
			kore_pgsql_continue(&db->sql);
			break;
		case KORE_PGSQL_STATE_COMPLETE:
			if (db->sqlstate[0] != '\0') {
				/* 23505 is an expected outcome, not a fault. */
				if (strcmp(db->sqlstate, "23505") != 0) {
					dblog(db, "query failed, sqlstate %s",
					    db->sqlstate);
				}
				return (CB_DB_FAIL);
			}
			return (CB_DB_DONE);
		default:
			kore_pgsql_continue(&db->sql);
			break;
		}
	}
}

void
cb_db_reset(struct cb_db *db)
{
	struct http_request	*req;
	const char		*reqid;
	void			(*sleep)(struct http_request *);
	void			(*wake)(struct http_request *);
	void			(*cb)(void *);
	void			*arg;

	req = db->req;
	reqid = db->reqid;
	sleep = db->sleep;
	wake = db->wake;
	cb = db->cb;
	arg = db->arg;
	cb_db_cleanup(db);
	if (cb != NULL)
		cb_db_init_job(db, cb, arg);
	else
		cb_db_init(db, req, sleep, wake);
	db->reqid = reqid;
}

void
cb_db_cleanup(struct cb_db *db)
{
	if (db->batched == 1 && db->batch != NULL)
		cb_batch_forget(db->batch, db);
	db->batched = 0;
	db->batch = NULL;
	if (db->res != NULL) {
		PQclear(db->res);
		db->res = NULL;
	}
	kore_pgsql_cleanup(&db->sql);
	db->sent = 0;
	db->sqlstate[0] = '\0';
}

/* Sends q; a connection found dead while sending is retried once, in
 * the caller, after alive() reconnected it. */
static int
send_query(struct cb_db *db, const struct cb_dbq *q)
{
	if (q->stmt != NULL)
		return (send_prepared(db, q));
	return (kore_pgsql_query_param_fields(&db->sql, q->sql, 0, q->n,
	    (const char **)q->v, (int *)q->l, (int *)q->f));
}

/*
 * Kore hands out a pooled connection without asking whether the server
 * is still there (after a restart of PostgreSQL every pooled one is
 * dead). A dead one is reconnected in place: on the local socket that
 * fails at once while the server is down (the request answers 503),
 * and succeeds as soon as it is back, without restarting Kore. The new
 * backend has nothing prepared; prepare() tells by its process id.
 */
static int
alive(struct cb_db *db)
{
	struct pollfd	 pfd;
	PGconn		*pg;

	pg = db->sql.conn->db;
	if (PQstatus(pg) == CONNECTION_OK &&
	    PQtransactionStatus(pg) == PQTRANS_IDLE) {
		/*
		 * An idle connection has nothing to read. If it has, the
		 * server hung up (end of file, or its goodbye): libpq
		 * would learn so only after a query was sent, which then
		 * could not be told from one the server ran.
		 */
		pfd.fd = PQsocket(pg);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) == 0)
			return (1);
		if (PQconsumeInput(pg) && PQstatus(pg) == CONNECTION_OK &&
		    !(pfd.revents & (POLLHUP | POLLERR)))
			return (1);
	} else if (PQstatus(pg) == CONNECTION_OK &&
	    PQtransactionStatus(pg) != PQTRANS_UNKNOWN)
		return (1);
	PQreset(pg);
	if (PQstatus(pg) == CONNECTION_OK)
		return (1);
	dblog(db, "the database is not reachable");
	return (0);
}

/*
 * Prepares stmt on the connection db holds, once: synchronously, as
 * Kore opens its connections (a few hundred microseconds, once per
 * statement and connection). 0 when it is ready.
 */
static int
prepare(struct cb_db *db, struct cb_stmt *stmt)
{
	struct conn_rec	*r, *free_rec;
	PGresult	*res;
	PGconn		*pg;
	size_t		 i;
	int		 pid, ok;

	pg = db->sql.conn->db;
	pid = PQbackendPID(pg);
	if (stmt->id == 0) {
		if (nstmts >= CB_DB_STMTS_MAX)
			fatal("db: more than %d prepared statements",
			    CB_DB_STMTS_MAX);
		stmt->id = ++nstmts;
	}
	r = free_rec = NULL;
	for (i = 0; i < NITEMS(conns); i++) {
		if (conns[i].conn == db->sql.conn && conns[i].pid == pid) {
			r = &conns[i];
			break;
		}
		/* A record of a connection Kore has replaced is reused. */
		if (free_rec == NULL && (conns[i].conn == NULL ||
		    conns[i].conn == db->sql.conn))
			free_rec = &conns[i];
	}
	if (r == NULL) {
		if ((r = free_rec) == NULL)
			return (-1);
		r->conn = db->sql.conn;
		r->pid = pid;
		r->prepared = 0;
	}
	if (r->prepared & (1ULL << (stmt->id - 1)))
		return (0);

	res = PQprepare(pg, stmt->name, stmt->sql, 0, NULL);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		dblog(db, "cannot prepare %s, sqlstate %s", stmt->name,
		    PQresultErrorField(res, PG_DIAG_SQLSTATE) ?
		    PQresultErrorField(res, PG_DIAG_SQLSTATE) : "?");
	PQclear(res);
	if (!ok)
		return (-1);
	r->prepared |= 1ULL << (stmt->id - 1);
	return (0);
}

/* What kore_pgsql_query_param_fields does, for a prepared statement:
 * send, then wait for the socket (Kore's own handler reads results). */
static int
send_prepared(struct cb_db *db, const struct cb_dbq *q)
{
	struct kore_pgsql	*sql;

	sql = &db->sql;
	if (prepare(db, q->stmt) == -1)
		return (0);
	if (!PQsendQueryPrepared(sql->conn->db, q->stmt->name, q->n,
	    (const char * const *)q->v, q->l, q->f, 0))
		return (0);
	kore_platform_schedule_read(PQsocket(sql->conn->db), sql->conn);
	sql->state = KORE_PGSQL_STATE_WAIT;
	sql->flags |= KORE_PGSQL_SCHEDULED;
	if (sql->req != NULL && db->sleep != NULL)
		db->sleep(sql->req);
	if (sql->cb != NULL)
		sql->cb(sql, sql->arg);
	return (1);
}

int
cb_db_rows(const struct cb_db *db)
{
	if (db->res == NULL)
		return (0);
	return (PQntuples(db->res));
}

/*
 * The column called name in res. PQfnumber compares name with every
 * column before it: a case is read by 45 names out of 45 columns, and
 * that was a tenth of a worker's time serving API reads. The names
 * are the callers' string literals, so the last column found for each
 * is kept by its address; a hit is checked against res's own name at
 * that column (one comparison), so no result can be answered with
 * another's layout. The results read here are functions' RETURNS
 * TABLE, whose names PostgreSQL keeps unique.
 */
static int
col_of(const PGresult *res, const char *name)
{
	static struct {
		const char	*name;
		int		 col;
	}		 cache[256];
	size_t		 h;
	int		 col;
	const char	*have;

	h = ((uintptr_t)name >> 2) % (sizeof(cache) / sizeof(cache[0]));
	col = cache[h].col;
	if (cache[h].name == name && col < PQnfields(res) &&
	    (have = PQfname(res, col)) != NULL && strcmp(have, name) == 0)
		return (col);
	if ((col = PQfnumber(res, name)) != -1) {
		cache[h].name = name;
		cache[h].col = col;
	}
	return (col);
}

int
cb_db_col(const struct cb_db *db, const char *name)
{
	if (db->res == NULL)
		return (-1);
	return (col_of(db->res, name));
}

/* NULL for SQL NULL, a row out of range or an unknown column: an
 * unknown column is a bug between C and SQL, logged once per call. */
static const char *
value(const struct cb_db *db, int row, const char *name)
{
	int	col;

	if (db->res == NULL || row < 0 || row >= PQntuples(db->res))
		return (NULL);
	if ((col = col_of(db->res, name)) == -1) {
		dblog(db, "result has no column %s", name);
		return (NULL);
	}
	if (PQgetisnull(db->res, row, col))
		return (NULL);
	return (PQgetvalue(db->res, row, col));
}

const char *
cb_db_str(const struct cb_db *db, int row, const char *name)
{
	const char	*v;

	v = value(db, row, name);
	return (v != NULL ? v : "");
}

int
cb_db_null(const struct cb_db *db, int row, const char *name)
{
	return (value(db, row, name) == NULL);
}

long long
cb_db_ll(const struct cb_db *db, int row, const char *name)
{
	const char	*v;

	if ((v = value(db, row, name)) == NULL)
		return (0);
	return (strtoll(v, NULL, 10));
}

int
cb_db_bool(const struct cb_db *db, int row, const char *name)
{
	const char	*v;

	v = value(db, row, name);
	return (v != NULL && strcmp(v, "t") == 0);
}

unsigned char *
cb_db_bytea(const struct cb_db *db, int row, const char *name, size_t *len)
{
	const char	*v;
	size_t		 vlen, blen;
	unsigned char	*out;

	*len = 0;
	if ((v = value(db, row, name)) == NULL)
		return (NULL);
	vlen = strlen(v);
	if (vlen < 2 || v[0] != '\\' || v[1] != 'x' || (vlen % 2) != 0)
		return (NULL);
	out = kore_malloc(vlen / 2 + 1);
	if (sodium_hex2bin(out, vlen / 2, v + 2, vlen - 2, NULL, &blen,
	    NULL) != 0) {
		kore_free(out);
		return (NULL);
	}
	*len = blen;
	return (out);
}

int
cb_db_bytea_fixed(const struct cb_db *db, int row, const char *name,
    unsigned char *out, size_t len)
{
	unsigned char	*b;
	size_t		 blen;
	int		 ret;

	ret = -1;
	if ((b = cb_db_bytea(db, row, name, &blen)) == NULL)
		return (-1);
	if (blen == len) {
		memcpy(out, b, len);
		ret = 0;
	}
	sodium_memzero(b, blen);
	kore_free(b);
	return (ret);
}

int
cb_db_unique_violation(const struct cb_db *db)
{
	return (strcmp(db->sqlstate, "23505") == 0);
}

char *
cb_db_cursor(const struct cb_db *db, int row, const char *const *cols)
{
	char		raw[256], *out;
	size_t		i;

	raw[0] = '\0';
	for (i = 0; cols[i] != NULL; i++) {
		if (i > 0)
			(void)cb_strlcat(raw, "|", sizeof(raw));
		(void)cb_strlcat(raw, cb_db_str(db, row, cols[i]), sizeof(raw));
	}
	out = kore_malloc(strlen(raw) * 2 + 1);
	cb_hex((unsigned char *)raw, strlen(raw), out, strlen(raw) * 2 + 1);
	return (out);
}
