/*
 * store/health: GET /healthz's probe of the database.
 */
#ifndef CB_STORE_HEALTH_H
#define CB_STORE_HEALTH_H

struct cb_dbq;

void	cb_store_health(struct cb_dbq *);

#endif
