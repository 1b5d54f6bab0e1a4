/*
 * store_auditq: batches read-audit entries. A view answers as soon as
 * its entry is queued; the queue is written every FLUSH_MS in one
 * statement that takes the chain lock once for the whole batch. What a
 * crash can lose is the same window as an asynchronous commit (design:
 * view entries commit without waiting for the WAL flush); every change
 * of state is still audited synchronously in its own transaction.
 * Entries hold ids, role, action and field NAMES only: the array
 * literals below never carry a personal value.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "store/auditq.h"

#define QUEUE_MAX	2048
#define FLUSH_MS	10
#define NCOLS		8

struct entry {
	long long	at_us;
	char		actor[CB_UUID_SIZE];
	char		role[16];
	char		action[32];
	char		record[CB_UUID_SIZE];
	char		fields[512];
	char		request[40];
	char		outcome[16];
};

static struct entry	queue[QUEUE_MAX];
static size_t		queued;
static size_t		sending;	/* entries of the batch in flight */
static int		inflight;
static int		failed;
static struct kore_pgsql flush_sql;

#define SQL_FLUSH							\
	"SELECT audit_append_many($1::bigint[], $2::uuid[], $3::text[], " \
	"$4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[])"

static void	flush_tick(void *, u_int64_t);
static void	flush_result(struct kore_pgsql *, void *);
static int	flush_send(struct kore_pgsql *);
static int	copy(char *, size_t, const char *);

void
cb_auditq_init(void)
{
	(void)kore_timer_add(flush_tick, FLUSH_MS, NULL, 0);
}

static int
copy(char *dst, size_t len, const char *src)
{
	if (src == NULL) {
		dst[0] = '\0';
		return (0);
	}
	/* Only the characters the audit columns allow: no quoting needed
	 * in array literals, and nothing else can slip in. */
	if (strlen(src) >= len || strspn(src, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-_.,") != strlen(src))
		return (-1);
	memcpy(dst, src, strlen(src) + 1);
	return (0);
}

int
cb_auditq_add(const char *actor, const char *role, const char *action,
    const char *record, const char *fields, const char *request,
    const char *outcome)
{
	struct entry	*e;
	struct timeval	 tv;

	if (queued >= QUEUE_MAX)
		return (-1);
	e = &queue[queued];
	if (copy(e->actor, sizeof(e->actor), actor) == -1 ||
	    copy(e->role, sizeof(e->role), role) == -1 ||
	    copy(e->action, sizeof(e->action), action) == -1 ||
	    copy(e->record, sizeof(e->record), record) == -1 ||
	    copy(e->fields, sizeof(e->fields), fields) == -1 ||
	    copy(e->request, sizeof(e->request), request) == -1 ||
	    copy(e->outcome, sizeof(e->outcome), outcome) == -1 ||
	    e->action[0] == '\0' || e->outcome[0] == '\0')
		return (-1);
	(void)gettimeofday(&tv, NULL);
	e->at_us = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
	queued++;
	return (0);
}

/* Appends one column of every queued entry as a PostgreSQL array
 * literal; empty strings are NULL. */
static void
column(struct kore_buf *b, int col, size_t n)
{
	const struct entry	*e;
	const char		*v;
	size_t			 i;

	kore_buf_append(b, "{", 1);
	for (i = 0; i < n; i++) {
		e = &queue[i];
		if (i > 0)
			kore_buf_append(b, ",", 1);
		switch (col) {
		case 0:
			kore_buf_appendf(b, "%lld", e->at_us);
			continue;
		case 1:
			v = e->actor;
			break;
		case 2:
			v = e->role;
			break;
		case 3:
			v = e->action;
			break;
		case 4:
			v = e->record;
			break;
		case 5:
			v = e->fields;
			break;
		case 6:
			v = e->request;
			break;
		default:
			v = e->outcome;
			break;
		}
		if (*v == '\0')
			kore_buf_appendf(b, "NULL");
		else
			kore_buf_appendf(b, "\"%s\"", v);
	}
	kore_buf_append(b, "}", 1);
}

/* Sends what is queued now; entries leave the queue only once the
 * batch has committed (flush_result), so a failed batch is retried. */
static int
flush_send(struct kore_pgsql *sql)
{
	struct kore_buf	*cols[NCOLS];
	const char	*v[NCOLS];
	int		 l[NCOLS], f[NCOLS], i, ok;

	sending = queued;
	failed = 0;
	for (i = 0; i < NCOLS; i++) {
		cols[i] = kore_buf_alloc(sending * 40 + 16);
		column(cols[i], i, sending);
		kore_buf_append(cols[i], "", 1);
		v[i] = (const char *)cols[i]->data;
		l[i] = (int)cols[i]->offset - 1;
		f[i] = 0;
	}
	ok = kore_pgsql_query_param_fields(sql, SQL_FLUSH, 0, NCOLS, v, l, f);
	for (i = 0; i < NCOLS; i++)
		kore_buf_free(cols[i]);
	return (ok);
}

static void
batch_done(void)
{
	if (!failed && sending <= queued) {
		memmove(queue, queue + sending,
		    (queued - sending) * sizeof(queue[0]));
		queued -= sending;
	}
	sending = 0;
}

static void
flush_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	if (inflight || queued == 0)
		return;

	kore_pgsql_init(&flush_sql);
	kore_pgsql_bind_callback(&flush_sql, flush_result, NULL);
	if (!kore_pgsql_setup(&flush_sql, "db", KORE_PGSQL_ASYNC)) {
		/* No free connection now: try again on the next tick. */
		kore_pgsql_cleanup(&flush_sql);
		return;
	}
	inflight = 1;
	if (!flush_send(&flush_sql)) {
		kore_log(LOG_ERR, "auditq: cannot send a batch");
		kore_pgsql_cleanup(&flush_sql);
		inflight = 0;
	}
}

static void
flush_result(struct kore_pgsql *sql, void *arg)
{
	(void)arg;

	switch (sql->state) {
	case KORE_PGSQL_STATE_INIT:
	case KORE_PGSQL_STATE_WAIT:
		return;
	case KORE_PGSQL_STATE_COMPLETE:
		kore_pgsql_cleanup(sql);
		batch_done();
		inflight = 0;
		return;
	case KORE_PGSQL_STATE_ERROR:
		failed = 1;
		kore_log(LOG_ERR, "auditq: batch failed, will retry, "
		    "sqlstate %s", sql->result ? PQresultErrorField(sql->result,
		    PG_DIAG_SQLSTATE) : "?");
		break;
	default:
		break;
	}
	kore_pgsql_continue(sql);
}

void
cb_auditq_drain(void)
{
	struct kore_pgsql	sql;

	/* A batch still in flight may yet commit: never write it twice. */
	if (queued == 0 || inflight) {
		if (queued > 0)
			kore_log(LOG_ERR, "auditq: %zu entries pending at "
			    "exit", queued);
		return;
	}
	kore_pgsql_init(&sql);
	if (!kore_pgsql_setup(&sql, "db", KORE_PGSQL_SYNC) ||
	    !flush_send(&sql))
		kore_log(LOG_ERR, "auditq: %zu entries not written at exit",
		    queued);
	else
		batch_done();
	kore_pgsql_cleanup(&sql);
}
