/*
 * keys: each worker follows the KEK versions recorded in the database,
 * so that `casebook-admin keys rotate` takes effect without a restart:
 * new data keys are wrapped under the current version within one poll,
 * and retired versions are refused.
 */
#include <sys/types.h>

#include <kore/kore.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/jobs.h"
#include "vault/vault.h"

#define POLL_MS		3000

static struct {
	struct cb_vault	*vault;
	struct cb_db	 db;
	struct cb_dbq	 q;
	int		 busy;
} k;

static void	kek_poll(void *, u_int64_t);
static void	step(void *);

void
cb_keys_follow(struct cb_vault *v)
{
	k.vault = v;
	k.busy = 0;
	cb_db_init_job(&k.db, step, NULL);
	(void)kore_timer_add(kek_poll, POLL_MS, NULL, 0);
	/* At once too, so a freshly started worker is current. */
	(void)kore_timer_add(kek_poll, 1, NULL, 1);
}

static void
kek_poll(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	if (k.busy)
		return;
	k.busy = 1;
	cb_store_kek_current(&k.q);
	step(NULL);
}

static void
step(void *arg)
{
	long long	cur, min;

	(void)arg;
	if (!k.busy)
		return;
	switch (cb_db_run(&k.db, &k.q)) {
	case CB_DB_WAIT:
		return;
	case CB_DB_DONE:
		cur = cb_db_ll(&k.db, 0, "current_version");
		min = cb_db_ll(&k.db, 0, "min_version");
		if (cur > 0 && min > 0 && cb_vault_set_versions(k.vault,
		    (uint32_t)cur, (uint32_t)min) == -1)
			kore_log(LOG_ERR, "keys: versions %lld/%lld refused",
			    cur, min);
		break;
	default:
		break;
	}
	cb_db_reset(&k.db);
	k.busy = 0;
}
