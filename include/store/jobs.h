/*
 * store/jobs: what a worker does beside requests, each on its own
 * timer and database query: the audit chainer (one worker only) and
 * following the current KEK version (every worker).
 */
#ifndef CB_STORE_JOBS_H
#define CB_STORE_JOBS_H

struct cb_vault;

/* Chains new audit entries every few hundred milliseconds and appends
 * a signed checkpoint of the head to cpfd at least every few seconds
 * while the head moves. */
void	cb_chainer_start(struct cb_vault *, int cpfd);
/* One last round before the worker exits (synchronous, bounded). */
void	cb_chainer_stop(void);

/* Polls kek_current() and sets the vault's versions. */
void	cb_keys_follow(struct cb_vault *);

#endif
