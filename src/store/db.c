/*
 * db: drives one asynchronous query at a time over Kore's pgsql layer
 * for a request. Errors are logged by SQLSTATE only: PostgreSQL's
 * messages can quote values (constraint details), and no value from a
 * person's record may reach a log line.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#include "store/db.h"

void
cb_dbq_init(struct cb_dbq *q, const char *sql)
{
	memset(q, 0, sizeof(*q));
	q->sql = sql;
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
cb_db_init(struct cb_db *db, struct http_request *req)
{
	memset(db, 0, sizeof(*db));
	kore_pgsql_init(&db->sql);
	kore_pgsql_bind_request(&db->sql, req);
}

enum cb_db_rc
cb_db_run(struct cb_db *db, const struct cb_dbq *q)
{
	const char	*st;

	if (!db->sent) {
		if (!kore_pgsql_setup(&db->sql, "db", KORE_PGSQL_ASYNC)) {
			/* Queued for a free connection; Kore wakes us. */
			if (db->sql.state == KORE_PGSQL_STATE_INIT)
				return (CB_DB_WAIT);
			kore_log(LOG_ERR, "db: no connection: %s",
			    db->sql.error ? db->sql.error : "?");
			memcpy(db->sqlstate, "08000", 6);
			return (CB_DB_FAIL);
		}
		if (!kore_pgsql_query_param_fields(&db->sql, q->sql, 0, q->n,
		    (const char **)q->v, (int *)q->l, (int *)q->f)) {
			kore_log(LOG_ERR, "db: send failed");
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
					kore_log(LOG_ERR, "db: query failed, "
					    "sqlstate %s", db->sqlstate);
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

	req = db->sql.req;
	cb_db_cleanup(db);
	cb_db_init(db, req);
}

void
cb_db_cleanup(struct cb_db *db)
{
	if (db->res != NULL) {
		PQclear(db->res);
		db->res = NULL;
	}
	kore_pgsql_cleanup(&db->sql);
	db->sent = 0;
	db->sqlstate[0] = '\0';
}

int
cb_db_rows(const struct cb_db *db)
{
	if (db->res == NULL)
		return (0);
	return (PQntuples(db->res));
}

const char *
cb_db_get(const struct cb_db *db, int row, int col)
{
	if (db->res == NULL || row >= PQntuples(db->res) ||
	    col >= PQnfields(db->res))
		return ("");
	return (PQgetvalue(db->res, row, col));
}

int
cb_db_isnull(const struct cb_db *db, int row, int col)
{
	if (db->res == NULL || row >= PQntuples(db->res) ||
	    col >= PQnfields(db->res))
		return (1);
	return (PQgetisnull(db->res, row, col));
}

unsigned char *
cb_db_bytea(const struct cb_db *db, int row, int col, size_t *len)
{
	const char	*v;
	size_t		 vlen, blen;
	unsigned char	*out;

	*len = 0;
	if (cb_db_isnull(db, row, col))
		return (NULL);
	v = cb_db_get(db, row, col);
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
cb_db_unique_violation(const struct cb_db *db)
{
	return (strcmp(db->sqlstate, "23505") == 0);
}
