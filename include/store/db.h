/*
 * db: the one asynchronous query driver of the store, on Kore's pgsql
 * layer, for a request (its state calls cb_db_run each time it is
 * entered until the result is in) or for a background job (a callback
 * is told when to call again). Results are read by column NAME, never
 * by position, so a function's result can grow without breaking its
 * readers. Values are text; bytea comes back as "\x<hex>".
 */
#ifndef CB_DB_H
#define CB_DB_H

#include <stddef.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#define CB_DB_PARAMS_MAX	40
#define CB_DB_SCRATCH		8
/* Named statements a worker prepares (each once per connection). */
#define CB_DB_STMTS_MAX		64

/*
 * A statement prepared on each connection the first time it is used
 * there: the server then neither parses nor plans it again (a third of
 * a case view's time went to that). Declare one static per call site;
 * id is assigned on first use.
 */
struct cb_stmt {
	const char	*name;
	const char	*sql;
	int		 id;
};

enum cb_db_rc {
	CB_DB_WAIT,	/* not yet: return HTTP_STATE_RETRY */
	CB_DB_DONE,	/* result in db->res (may be zero rows) */
	CB_DB_FAIL	/* error: db->sqlstate says which */
};

struct cb_batch;

struct cb_dbq {
	const char	*sql;
	struct cb_stmt	*stmt;		/* prepared, or NULL */
	/* Or, for a request, sent with others of its kind (store/batch.h). */
	struct cb_batch	*batch;
	int		 n;
	const char	*v[CB_DB_PARAMS_MAX];
	int		 l[CB_DB_PARAMS_MAX];
	int		 f[CB_DB_PARAMS_MAX];
	/* Room for numbers formatted as parameters. */
	int		 nscratch;
	char		 scratch[CB_DB_SCRATCH][24];
};

struct cb_db {
	struct kore_pgsql	 sql;
	int			 sent;
	PGresult		*res;
	char			 sqlstate[6];
	struct http_request	*req;
	/* The request's id for error lines (NULL in background jobs);
	 * kept across cb_db_reset. */
	const char		*reqid;
	void			(*sleep)(struct http_request *);
	void			(*wake)(struct http_request *);
	void			(*cb)(void *);
	void			*arg;
	int			 running;	/* inside cb_db_run */
	/* 1 while in a batch, 2 once the batch has answered (res or
	 * sqlstate hold this request's part). */
	int			 batched;
	struct cb_batch		*batch;
};

void		cb_dbq_init(struct cb_dbq *, const char *);
/* The same for a prepared statement. */
void		cb_dbq_stmt(struct cb_dbq *, struct cb_stmt *);
/* Text parameter; NULL is SQL NULL. The pointer must stay valid until
 * the query has been sent. */
void		cb_dbq_text(struct cb_dbq *, const char *);
/* Binary parameter (bytea); NULL is SQL NULL. */
void		cb_dbq_bin(struct cb_dbq *, const void *, size_t);
void		cb_dbq_int(struct cb_dbq *, long long);
void		cb_dbq_bool(struct cb_dbq *, int);

/* For a request, which sleep() puts to sleep while a prepared
 * statement runs (Kore wakes it), or, with cb_db_init_job, a job that
 * cb wakes up whenever the query made progress. */
void		cb_db_init(struct cb_db *, struct http_request *,
		    void (*sleep)(struct http_request *),
		    void (*wake)(struct http_request *));
void		cb_db_init_job(struct cb_db *, void (*cb)(void *), void *);
enum cb_db_rc	cb_db_run(struct cb_db *, const struct cb_dbq *);
/* Forget the last result so the next cb_db_run sends a new query. */
void		cb_db_reset(struct cb_db *);
void		cb_db_cleanup(struct cb_db *);

int		cb_db_rows(const struct cb_db *);
/* Column index of name, or -1. */
int		cb_db_col(const struct cb_db *, const char *);
/* "" for NULL or an unknown column. */
const char	*cb_db_str(const struct cb_db *, int row, const char *);
int		cb_db_null(const struct cb_db *, int row, const char *);
long long	cb_db_ll(const struct cb_db *, int row, const char *);
int		cb_db_bool(const struct cb_db *, int row, const char *);
/* Decodes a bytea column into a kore_malloc'ed buffer (NULL for SQL
 * NULL or a malformed value). */
unsigned char	*cb_db_bytea(const struct cb_db *, int row, const char *,
		    size_t *len);
/* Copies a bytea of exactly len bytes into out; -1 otherwise. */
int		cb_db_bytea_fixed(const struct cb_db *, int row, const char *,
		    unsigned char *out, size_t len);
int		cb_db_unique_violation(const struct cb_db *);
/* A keyset cursor: hex of row's values of the NULL-terminated cols
 * joined by '|' (kore_malloc'ed), for the page after that row. */
char		*cb_db_cursor(const struct cb_db *, int row,
		    const char *const *cols);

#endif
