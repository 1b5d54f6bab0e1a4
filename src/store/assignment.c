/*
 * store/assignment: binds case_assign() and office_caseworkers()
 * (sql/fn/) and maps their named result columns.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assignment.h"
#include "store/assignment.h"
#include "store/db.h"

#define SQL_ASSIGN							\
	"SELECT * FROM case_assign(p_token => $1, p_case => $2::uuid, "	\
	"p_to => $3::uuid, p_version => $4::int, p_request => $5)"

#define SQL_WORKERS							\
	"SELECT * FROM office_caseworkers(p_token => $1, p_request => $2)"

/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_assign = { "cb_case_assign", SQL_ASSIGN, 0 };
static struct cb_stmt	st_workers = {
    "cb_office_caseworkers", SQL_WORKERS, 0 };

void
cb_store_case_assign(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *to, int version, const char *reqid)
{
	cb_dbq_stmt(q, &st_assign);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, to);
	cb_dbq_int(q, version);
	cb_dbq_text(q, reqid);
}

enum cb_assign_outcome
cb_store_case_assign_row(const struct cb_db *db, int *version)
{
	static const struct {
		const char		*name;
		enum cb_assign_outcome	 outcome;
	} outcomes[] = {
		{ "ok",		CB_ASSIGN_OK },
		{ "not_found",	CB_ASSIGN_NOT_FOUND },
		{ "forbidden",	CB_ASSIGN_FORBIDDEN },
		{ "closed",	CB_ASSIGN_CLOSED },
		{ "assignee",	CB_ASSIGN_ASSIGNEE },
		{ "stale",	CB_ASSIGN_STALE },
	};
	const char	*o;
	size_t		 i;

	*version = 0;
	if (cb_db_rows(db) != 1)
		return (CB_ASSIGN_FAILED);
	o = cb_db_str(db, 0, "outcome");
	for (i = 0; i < NITEMS(outcomes); i++) {
		if (strcmp(o, outcomes[i].name) == 0) {
			*version = (int)cb_db_ll(db, 0, "c_version");
			return (outcomes[i].outcome);
		}
	}
	return (CB_ASSIGN_FAILED);
}

void
cb_store_office_caseworkers(struct cb_dbq *q, const struct cb_tokens *t,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_workers);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, reqid);
}

struct cb_user_ref *
cb_store_caseworker_items(const struct cb_db *db, size_t *n)
{
	struct cb_user_ref	*items;
	int			 rows, i;
	size_t			 k;

	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0, k = 0; i < rows; i++) {
		if (cb_db_null(db, i, "u_id"))
			continue;
		(void)cb_strlcpy(items[k].id, cb_db_str(db, i, "u_id"),
		    sizeof(items[k].id));
		(void)cb_strlcpy(items[k].username,
		    cb_db_str(db, i, "u_username"),
		    sizeof(items[k].username));
		k++;
	}
	*n = k;
	return (items);
}
