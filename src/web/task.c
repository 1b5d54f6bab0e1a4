/*
 * task: Kore tasks that outlive their request safely (see task.h).
 * The task is bound to a callback, not to the request, so Kore never
 * frees it behind our back; the callback wakes the request while there
 * is one, and frees the task when it finished after its request left.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include "web/task.h"

struct cb_task {
	struct kore_task	 t;	/* first: the callback casts back */
	struct http_request	*req;	/* NULL once the request let go */
	int			 unwanted;
	int			 done;
};

static void	task_cb(struct kore_task *);

struct cb_task *
cb_task_start(struct http_request *req, int (*entry)(struct kore_task *),
    const void *in, size_t len)
{
	struct cb_task	*ct;

	ct = kore_calloc(1, sizeof(*ct));
	ct->req = req;
	kore_task_create(&ct->t, entry);
	kore_task_bind_callback(&ct->t, task_cb);
	kore_task_run(&ct->t);
	kore_task_channel_write(&ct->t, (void *)in, (u_int32_t)len);
	http_request_sleep(req);
	return (ct);
}

static void
task_cb(struct kore_task *t)
{
	struct cb_task	*ct;

	ct = (struct cb_task *)t;
	if (kore_task_state(t) == KORE_TASK_STATE_FINISHED)
		ct->done = 1;
	if (ct->req != NULL) {
		http_request_wakeup(ct->req);
		return;
	}
	/* Its request is gone: the thread has let go too, free it. */
	if (ct->done) {
		kore_task_destroy(&ct->t);
		kore_free(ct);
	}
}

int
cb_task_done(struct cb_task *ct)
{
	return (ct->done);
}

size_t
cb_task_read(struct cb_task *ct, void *out, size_t len)
{
	return (kore_task_channel_read(&ct->t, out, (u_int32_t)len));
}

void
cb_task_release(struct cb_task *ct)
{
	if (ct == NULL)
		return;
	ct->req = NULL;
	if (ct->done) {
		kore_task_destroy(&ct->t);
		kore_free(ct);
		return;
	}
	__atomic_store_n(&ct->unwanted, 1, __ATOMIC_RELEASE);
}

int
cb_task_unwanted(struct kore_task *t)
{
	return (__atomic_load_n(&((struct cb_task *)t)->unwanted,
	    __ATOMIC_ACQUIRE));
}
