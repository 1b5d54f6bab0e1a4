/*
 * store/audit: entries for refused requests, the verify pages, the
 * chainer's two statements and the KEK versions the workers follow.
 */
#ifndef CB_STORE_AUDIT_H
#define CB_STORE_AUDIT_H

#include <stdint.h>

#include "core/casebook.h"
#include "domain/audit.h"
#include "store/db.h"

/* An entry for a request refused after a read (outcome such as
 * "invalid", "guard", "conflict"); the actor comes from the session. */
void	cb_store_audit_refusal(struct cb_dbq *, const struct cb_tokens *,
	    const char *action, const char *record, const char *fields,
	    const char *outcome, const char *reqid);

void	cb_store_audit_verify_page(struct cb_dbq *, const struct cb_tokens *,
	    int64_t after_seq, int limit, const char *reqid);
/* Row i of a page: 1 and the entry and its MAC, 0 when the row holds
 * no chain row (end of the log), -1 when the chain row's entry is gone
 * (e->seq is set). */
int	cb_store_audit_entry(const struct cb_db *, int row,
	    struct cb_audit_entry *, unsigned char *mac);

void	cb_store_chain_pending(struct cb_dbq *, int limit);
void	cb_store_chain_append(struct cb_dbq *, int64_t head,
	    const char *ids, const unsigned char *macs, size_t maclen,
	    const char *horizon);

void	cb_store_kek_current(struct cb_dbq *);

#endif
