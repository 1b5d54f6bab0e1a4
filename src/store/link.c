/*
 * store/link: binds case_link's named parameters and reads its outcome.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "store/db.h"
#include "store/link.h"

#define SQL_LINK							\
	"SELECT * FROM case_link(p_token => $1, p_case => $2::uuid, "	\
	"p_idem_key => $3, p_req_hash => $4, p_new_case => $5::uuid, "	\
	"p_key_id => $6::uuid, p_key_version => $7::int, "		\
	"p_wrapped => $8, p_type => $9, p_state => $10, "		\
	"p_stage => $11, p_htcds => $12, p_request => $13)"

static struct cb_stmt	st_link = { "cb_case_link", SQL_LINK, 0 };

static const struct {
	const char		*name;
	enum cb_link_outcome	 outcome;
} outcomes[] = {
	{ "created",	CB_LINK_CREATED },
	{ "replay",	CB_LINK_REPLAY },
	{ "reuse",	CB_LINK_REUSE },
	{ "not_found",	CB_LINK_NOT_FOUND },
	{ "forbidden",	CB_LINK_FORBIDDEN },
	{ "same_type",	CB_LINK_SAME_TYPE },
	{ "exists",	CB_LINK_EXISTS },
};

void
cb_store_case_link(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_case_link *l, const char *reqid)
{
	cb_dbq_stmt(q, &st_link);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, l->case_id);
	cb_dbq_text(q, l->idem_key);
	cb_dbq_bin(q, l->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, l->new_id);				/* 5 */
	cb_dbq_text(q, l->key_id);
	cb_dbq_int(q, l->key_version);
	cb_dbq_bin(q, l->wrapped, l->wlen);
	cb_dbq_text(q, l->case_type);
	cb_dbq_text(q, l->state);				/* 10 */
	cb_dbq_text(q, l->stage);
	cb_dbq_text(q, l->htcds);
	cb_dbq_text(q, reqid);
}

enum cb_link_outcome
cb_store_case_link_row(const struct cb_db *db, char *case_id)
{
	const char	*o;
	size_t		 i;

	if (cb_db_rows(db) != 1)
		return (CB_LINK_FAILED);
	o = cb_db_str(db, 0, "outcome");
	(void)cb_strlcpy(case_id, cb_db_str(db, 0, "c_id"), CB_UUID_SIZE);
	for (i = 0; i < NITEMS(outcomes); i++) {
		if (strcmp(outcomes[i].name, o) == 0)
			return (outcomes[i].outcome);
	}
	return (CB_LINK_FAILED);
}
