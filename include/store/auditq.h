/*
 * auditq: a worker's queue of read-audit entries (case views and
 * searches), appended to the chain in batches every few milliseconds
 * with audit_append_many(). Changes of state never go through it: they
 * are audited in their own transaction.
 */
#ifndef CB_AUDITQ_H
#define CB_AUDITQ_H

/* Starts the flush timer; call once per worker after the database is
 * registered. */
void	cb_auditq_init(void);
/* Queues one entry (copied); -1 when the queue is full or an argument
 * is too long, so that the caller audits synchronously instead. */
int	cb_auditq_add(const char *actor, const char *role, const char *action,
	    const char *record, const char *fields, const char *request,
	    const char *outcome);
/* Writes what is queued before the worker exits (synchronously). */
void	cb_auditq_drain(void);

#endif
