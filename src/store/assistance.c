/*
 * store/assistance: binds the assistance functions' named parameters
 * and maps their named result columns. The SQL is in
 * sql/fn/assistance_add.sql and assistance_list.sql.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "store/assistance.h"
#include "store/db.h"

#define SQL_ADD								\
	"SELECT * FROM assistance_add(p_token => $1, p_case => $2::uuid, " \
	"p_id => $3::uuid, p_type => $4, p_date => $5::date, "		\
	"p_amount => $6::numeric, p_currency => $7, p_band => $8, "	\
	"p_provider => $9, p_note => $10, p_idem_key => $11, "		\
	"p_req_hash => $12, p_fields => $13, p_request => $14)"

#define SQL_LIST							\
	"SELECT * FROM assistance_list(p_token => $1, "		\
	"p_case => $2::uuid, p_limit => $3::int, "			\
	"p_after_date => $4::date, p_after_ts => $5::timestamptz, "	\
	"p_after_id => $6::uuid, p_request => $7)"

/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_add = { "cb_assistance_add", SQL_ADD, 0 };
static struct cb_stmt	st_list = { "cb_assistance_list", SQL_LIST, 0 };

static void	copy(char *, size_t, const struct cb_db *, int,
		    const char *);
static char	*dup_or_null(const struct cb_db *, int, const char *);

static void
copy(char *dst, size_t len, const struct cb_db *db, int row,
    const char *col)
{
	(void)cb_strlcpy(dst, cb_db_str(db, row, col), len);
}

static char *
dup_or_null(const struct cb_db *db, int row, const char *col)
{
	if (cb_db_null(db, row, col))
		return (NULL);
	return (kore_strdup(cb_db_str(db, row, col)));
}

void
cb_store_assistance_add(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_assistance_new *an, const char *reqid)
{
	const struct cb_assistance_sealed	*s;

	s = an->s;
	cb_dbq_stmt(q, &st_add);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, an->case_id);
	cb_dbq_text(q, s->id);
	cb_dbq_text(q, an->type);
	cb_dbq_text(q, an->date);				/* 5 */
	cb_dbq_text(q, s->amount[0] != '\0' ? s->amount : NULL);
	cb_dbq_text(q, s->amount[0] != '\0' ? an->currency : NULL);
	cb_dbq_text(q, s->band);
	cb_dbq_text(q, an->provider);
	if (s->note != NULL)					/* 10 */
		cb_dbq_bin(q, s->note, s->note_len);
	else
		cb_dbq_text(q, NULL);
	cb_dbq_text(q, an->idem_key);
	cb_dbq_bin(q, an->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, s->fields);
	cb_dbq_text(q, reqid);
}

enum cb_assistance_outcome
cb_store_assistance_add_row(const struct cb_db *db, char id[CB_UUID_SIZE],
    char created[40])
{
	static const struct {
		const char			*name;
		enum cb_assistance_outcome	 outcome;
	} outcomes[] = {
		{ "created",	CB_ASSIST_CREATED },
		{ "replay",	CB_ASSIST_REPLAY },
		{ "reuse",	CB_ASSIST_REUSE },
		{ "not_found",	CB_ASSIST_NOT_FOUND },
		{ "forbidden",	CB_ASSIST_FORBIDDEN },
		{ "closed",	CB_ASSIST_CLOSED },
	};
	const char	*o;
	size_t		 i;

	id[0] = '\0';
	created[0] = '\0';
	if (cb_db_rows(db) != 1)
		return (CB_ASSIST_FAILED);
	o = cb_db_str(db, 0, "outcome");
	for (i = 0; i < NITEMS(outcomes); i++) {
		if (strcmp(o, outcomes[i].name) == 0)
			break;
	}
	if (i == NITEMS(outcomes))
		return (CB_ASSIST_FAILED);
	copy(id, CB_UUID_SIZE, db, 0, "e_id");
	copy(created, 40, db, 0, "e_created");
	return (outcomes[i].outcome);
}

void
cb_store_assistance_list(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const struct cb_assistance_after *after,
    int limit, const char *reqid)
{
	int	paged;

	paged = after != NULL && after->date != NULL;
	cb_dbq_stmt(q, &st_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_int(q, limit);
	cb_dbq_text(q, paged ? after->date : NULL);
	cb_dbq_text(q, paged ? after->ts : NULL);
	cb_dbq_text(q, paged ? after->id : NULL);
	cb_dbq_text(q, reqid);
}

int
cb_store_assistance_case(const struct cb_db *db,
    struct cb_assistance_case *c)
{
	memset(c, 0, sizeof(*c));
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "c_id"))
		return (0);
	copy(c->id, sizeof(c->id), db, 0, "c_id");
	copy(c->stage, sizeof(c->stage), db, 0, "c_stage");
	c->version = (int)cb_db_ll(db, 0, "c_version");
	copy(c->assigned_to, sizeof(c->assigned_to), db, 0, "c_assigned");
	c->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	c->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	c->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &c->wlen);
	return (c->wrapped != NULL);
}

void
cb_assistance_case_clear(struct cb_assistance_case *c)
{
	kore_free(c->wrapped);
	sodium_memzero(c, sizeof(*c));
}

struct cb_assistance *
cb_store_assistance_items(const struct cb_db *db, int limit, size_t *n,
    char **next)
{
	static const char *const cursor[] = {
		"e_date", "e_cursor", "e_id", NULL
	};
	struct cb_assistance	*items, *e;
	int			 rows, i;
	size_t			 k;

	*n = 0;
	*next = NULL;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0, k = 0; i < rows; i++) {
		if (cb_db_null(db, i, "e_id"))
			continue;
		if (limit > 0 && k == (size_t)limit) {
			/* One more than asked: the next page starts after
			 * the last row shown. */
			*next = cb_db_cursor(db, i - 1, cursor);
			break;
		}
		e = &items[k++];
		copy(e->id, sizeof(e->id), db, i, "e_id");
		copy(e->type, sizeof(e->type), db, i, "e_type");
		copy(e->date, sizeof(e->date), db, i, "e_date");
		copy(e->amount, sizeof(e->amount), db, i, "e_amount");
		copy(e->currency, sizeof(e->currency), db, i, "e_currency");
		copy(e->band, sizeof(e->band), db, i, "e_band");
		e->provider = dup_or_null(db, i, "e_provider");
		e->note_ct = cb_db_bytea(db, i, "e_note", &e->note_ctlen);
		copy(e->created_by, sizeof(e->created_by), db, i,
		    "e_created_by");
		copy(e->created_by_name, sizeof(e->created_by_name), db, i,
		    "e_created_by_name");
		copy(e->created_at, sizeof(e->created_at), db, i,
		    "e_created");
	}
	*n = k;
	return (items);
}
