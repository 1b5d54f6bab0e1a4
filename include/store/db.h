/*
 * db: the one asynchronous query driver that every store function and
 * handler shares. A handler state calls cb_db_run() each time it is
 * entered; the first call sends the query, later calls report whether
 * the result has arrived. Results are read as text; bytea columns come
 * back as "\x<hex>" and are decoded with cb_db_bytea().
 */
#ifndef CB_DB_H
#define CB_DB_H

#include <stddef.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#define CB_DB_PARAMS_MAX	48

enum cb_db_rc {
	CB_DB_WAIT,	/* not yet: return HTTP_STATE_RETRY */
	CB_DB_DONE,	/* result in db->res (may be zero rows) */
	CB_DB_FAIL	/* error: db->sqlstate says which */
};

struct cb_dbq {
	const char	*sql;
	int		 n;
	const char	*v[CB_DB_PARAMS_MAX];
	int		 l[CB_DB_PARAMS_MAX];
	int		 f[CB_DB_PARAMS_MAX];
};

struct cb_db {
	struct kore_pgsql	 sql;
	int			 sent;
	PGresult		*res;
	char			 sqlstate[6];
};

void		cb_dbq_init(struct cb_dbq *, const char *);
/* Text parameter; NULL is SQL NULL. The pointer must stay valid until
 * the query has been sent. */
void		cb_dbq_text(struct cb_dbq *, const char *);
void		cb_dbq_bin(struct cb_dbq *, const void *, size_t);

void		cb_db_init(struct cb_db *, struct http_request *);
enum cb_db_rc	cb_db_run(struct cb_db *, const struct cb_dbq *);
/* Forget the last result so the next cb_db_run sends a new query. */
void		cb_db_reset(struct cb_db *);
void		cb_db_cleanup(struct cb_db *);

int		cb_db_rows(const struct cb_db *);
const char	*cb_db_get(const struct cb_db *, int row, int col);
int		cb_db_isnull(const struct cb_db *, int row, int col);
/* Decodes a bytea column into a kore_malloc'ed buffer (NULL for SQL
 * NULL or a malformed value). */
unsigned char	*cb_db_bytea(const struct cb_db *, int row, int col,
		    size_t *len);
int		cb_db_unique_violation(const struct cb_db *);

#endif
