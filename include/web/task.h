/*
 * task: a Kore task (a thread for slow work, here Argon2id) whose life
 * is not tied to the request's. Kore 4.1.0 frees a request's state
 * before it looks at its tasks, so freeing a running task there was a
 * use-after-free; a client hanging up during a login crashed workers.
 * Here the request only ever lets go of its task: a finished one is
 * freed at once, a running one is told it is unwanted and frees itself
 * when it ends.
 */
#ifndef CB_TASK_H
#define CB_TASK_H

#include <stddef.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

struct cb_task;

/* Starts entry on a task thread with a copy of in (len bytes) to read
 * from the channel; the request sleeps until the task is done. */
struct cb_task	*cb_task_start(struct http_request *,
		    int (*entry)(struct kore_task *), const void *in,
		    size_t len);
int		 cb_task_done(struct cb_task *);
/* Reads the task's answer (after cb_task_done); bytes the task wrote. */
size_t		 cb_task_read(struct cb_task *, void *, size_t);
/* The request no longer needs the task (safe at any time, once). */
void		 cb_task_release(struct cb_task *);
/* In the task's thread: 1 when its request has gone, so the work can
 * be skipped. */
int		 cb_task_unwanted(struct kore_task *);

#endif
