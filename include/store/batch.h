/*
 * batch: the same read of many requests as one statement. While a
 * worker's batch runs, the requests that ask for the same read queue;
 * when it has answered, they go together (up to CB_BATCH_MAX) as the
 * next one. Each request gets a result of its own holding only its own
 * rows, as if it had run the single statement (its columns, its audit
 * entry, committed before the answer). One executor start-up, commit
 * and WAL flush then serve many reads.
 *
 * A request's own query has the session's token hash (32 bytes, binary)
 * first and then the batch's params, each of its enum cb_batch_param
 * kind. The batch statement takes p_tokens bytea (the token hashes
 * concatenated) and one text array per further parameter (element i
 * the i-th request's value; a binary value as lower-case hex; NULL
 * stays NULL), and answers rows with a column "i" (1-based element) and
 * the single statement's columns; an element without a row gets an
 * empty result. A batch whose reads answer one row each (multi 0) hands
 * an element its first row only; one whose reads answer many (multi 1:
 * a case page with its history, a search) hands it all its rows, in the
 * batch's order. Values are checked against their kind before a request
 * is queued: nothing that could break an array literal goes in, and a
 * request whose values do not fit runs alone.
 */
#ifndef CB_STORE_BATCH_H
#define CB_STORE_BATCH_H

#include "core/casebook.h"
#include "store/db.h"
#include "text/reqlog.h"

#define CB_BATCH_MAX	32
#define CB_BATCH_QUEUE	256
#define CB_BATCH_PARAMS	4	/* after the token */
#define CB_BATCH_PLEN	128	/* longest value, as sent */

enum cb_batch_param {
	CB_BP_UUID,	/* a lower-case UUID */
	CB_BP_REQID,	/* a request id: hex digits */
	CB_BP_HASH,	/* 32 bytes or NULL, sent as hex */
	CB_BP_WORDS	/* a-z, '_' and ',' only (field names) */
};

struct cb_batch_entry {
	struct cb_db	*db;		/* NULL once its request is gone */
	unsigned char	 tok[CB_HASH_LEN];
	char		 v[CB_BATCH_PARAMS][CB_BATCH_PLEN + 1];
	int		 null[CB_BATCH_PARAMS];
};

/* Batches of a kind in flight at once per worker: while one waits for
 * its commit to reach the disk, the next may run. The next goes out only
 * once CB_BATCH_FILL requests wait, though: bigger batches served more
 * reads (make bench, 10,000 cases: the API read 3,900-4,300/s with a
 * second batch sent at once, 4,750-5,400/s with it waiting to fill; the
 * case page 2,200-2,500/s against 3,000/s). */
#define CB_BATCH_RUNS	2
#define CB_BATCH_FILL	16

struct cb_batch;

struct cb_batch_run {
	struct cb_batch		*b;
	int			 inflight;
	struct cb_db		 db;
	struct cb_dbq		 q;
	struct cb_batch_entry	 sent[CB_BATCH_MAX];
	size_t			 nsent;
	unsigned char		 toks[CB_BATCH_MAX * CB_HASH_LEN];
	char			 arr[CB_BATCH_PARAMS][CB_BATCH_MAX *
				    (CB_BATCH_PLEN + 1) + 2];
};

/* One per kind of read, static: each worker has its own. */
struct cb_batch {
	struct cb_stmt		*stmt;
	int			 multi;
	size_t			 nparams;
	enum cb_batch_param	 param[CB_BATCH_PARAMS];
	int			 ready;
	struct cb_batch_entry	 queue[CB_BATCH_QUEUE];
	size_t			 nqueue;
	struct cb_batch_run	 run[CB_BATCH_RUNS];
};

/* Queues db's request with q's parameters; -1 when it cannot be (queue
 * full, parameters not of the batch's shape): run q alone then. */
int	cb_batch_add(struct cb_batch *, struct cb_db *, const struct cb_dbq *);
/* db's request is going away: it is no longer answered. */
void	cb_batch_forget(struct cb_batch *, struct cb_db *);

#endif
