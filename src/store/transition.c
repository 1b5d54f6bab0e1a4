/*
 * store/transition: binds case_transition's named parameters and reads
 * its outcome. The SQL is in sql/fn/case_transition.sql.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/transition.h"
#include "store/db.h"
#include "store/transition.h"

#define SQL_TRANSITION							\
	"SELECT * FROM case_transition(p_token => $1, "		\
	"p_case => $2::uuid, p_version => $3::int, p_from => $4, "	\
	"p_to => $5, p_stage => $6, p_htcds => $7, p_tid => $8::uuid, " \
	"p_reason => $9, p_data => $10, p_facts => $11::jsonb, "	\
	"p_approval => $12::uuid, p_kind => $13, p_target => $14, "	\
	"p_fields => $15, p_request => $16)"

static struct cb_stmt	st_transition = {
    "cb_case_transition", SQL_TRANSITION, 0 };

void
cb_store_case_transition(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_case_change *ch, const char *reqid)
{
	const struct cb_transition_sealed	*ts;

	ts = ch->sealed;
	cb_dbq_stmt(q, &st_transition);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, ch->case_id);
	cb_dbq_int(q, ch->version);
	cb_dbq_text(q, ch->from);
	cb_dbq_text(q, ch->to);				/* 5 */
	cb_dbq_text(q, ch->stage);
	cb_dbq_text(q, ch->htcds);
	cb_dbq_text(q, ts->tid);
	if (ts->reason != NULL)
		cb_dbq_bin(q, ts->reason, ts->reason_len);
	else
		cb_dbq_text(q, NULL);
	if (ts->data != NULL)				/* 10 */
		cb_dbq_bin(q, ts->data, ts->data_len);
	else
		cb_dbq_text(q, NULL);
	cb_dbq_text(q, ch->facts != NULL ? ch->facts : "{}");
	cb_dbq_text(q, ch->approval);
	cb_dbq_text(q, ch->kind);
	cb_dbq_text(q, ch->target);
	cb_dbq_text(q, ts->fields);			/* 15 */
	cb_dbq_text(q, reqid);
}

enum cb_change_outcome
cb_store_case_transition_row(const struct cb_db *db, int *version)
{
	const char	*o;

	if (cb_db_rows(db) != 1)
		return (CB_CHANGE_FAILED);
	o = cb_db_str(db, 0, "outcome");
	if (strcmp(o, "ok") == 0) {
		*version = (int)cb_db_ll(db, 0, "c_version");
		return (CB_CHANGE_OK);
	}
	if (strcmp(o, "conflict") == 0)
		return (CB_CHANGE_CONFLICT);
	if (strcmp(o, "not_found") == 0)
		return (CB_CHANGE_NOT_FOUND);
	if (strcmp(o, "forbidden") == 0)
		return (CB_CHANGE_FORBIDDEN);
	return (CB_CHANGE_FAILED);
}
