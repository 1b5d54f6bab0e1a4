/*
 * health: the one statement that needs no session and touches no
 * table: is the database there.
 */
#include <sys/types.h>

#include "store/db.h"
#include "store/health.h"

static struct cb_stmt	st_health = { "cb_health", "SELECT 1 AS ok", 0 };

void
cb_store_health(struct cb_dbq *q)
{
	cb_dbq_stmt(q, &st_health);
}
