/*
 * health: the one statement that needs no session and touches no
 * table: is the database there.
 */
#include <sys/types.h>

#include "store/db.h"
#include "store/health.h"

void
cb_store_health(struct cb_dbq *q)
{
	cb_dbq_init(q, "SELECT 1 AS ok");
}
