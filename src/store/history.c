/*
 * store/history: binds case_history (sql/fn/case_history.sql) and
 * reads its rows by name.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "store/case.h"
#include "store/db.h"
#include "store/history.h"

#define SQL_HISTORY							\
	"SELECT * FROM case_history(p_token => $1, p_case => $2::uuid, " \
	"p_request => $3)"

static struct cb_stmt	st_history = { "cb_case_history", SQL_HISTORY, 0 };

static void	copy(char *, size_t, const struct cb_db *, int,
		    const char *);

static void
copy(char *dst, size_t len, const struct cb_db *db, int row,
    const char *col)
{
	(void)cb_strlcpy(dst, cb_db_str(db, row, col), len);
}

void
cb_store_case_history(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, const char *reqid)
{
	cb_dbq_stmt(q, &st_history);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_text(q, reqid);
}

int
cb_store_case_history_rows(const struct cb_db *db, struct cb_history *h,
    struct cb_store_sealed **sealed, struct cb_store_key *k)
{
	struct cb_history_item	*it;
	struct cb_store_sealed	*s;
	int			 rows, i;

	memset(h, 0, sizeof(*h));
	memset(k, 0, sizeof(*k));
	*sealed = NULL;
	rows = cb_db_rows(db);
	if (rows < 1 || cb_db_null(db, 0, "ck_wrapped"))
		return (0);
	k->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	k->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	k->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &k->wlen);

	h->items = kore_calloc((size_t)rows, sizeof(*h->items));
	*sealed = kore_calloc((size_t)rows, sizeof(**sealed));
	for (i = 0; i < rows; i++) {
		if (cb_db_null(db, i, "h_kind"))
			continue;
		it = &h->items[h->n];
		s = &(*sealed)[h->n];
		h->n++;
		copy(it->kind, sizeof(it->kind), db, i, "h_kind");
		copy(it->at, sizeof(it->at), db, i, "h_at");
		copy(it->actor, sizeof(it->actor), db, i, "h_actor");
		copy(it->role, sizeof(it->role), db, i, "h_role");
		copy(it->from, sizeof(it->from), db, i, "h_from");
		copy(it->to, sizeof(it->to), db, i, "h_to");
		copy(it->ref, sizeof(it->ref), db, i, "h_ref");
		copy(it->code, sizeof(it->code), db, i, "h_code");
		copy(it->status, sizeof(it->status), db, i, "h_status");
		copy(it->date, sizeof(it->date), db, i, "h_date");
		copy(it->amount, sizeof(it->amount), db, i, "h_amount");
		copy(it->currency, sizeof(it->currency), db, i, "h_currency");
		copy(it->provider, sizeof(it->provider), db, i, "h_provider");
		copy(it->scores, sizeof(it->scores), db, i, "h_scores");
		copy(it->event, sizeof(it->event), db, i, "h_event");
		copy(it->org, sizeof(it->org), db, i, "h_org");
		copy(it->until, sizeof(it->until), db, i, "h_until");
		copy(it->categories, sizeof(it->categories), db, i,
		    "h_categories");
		copy(it->services, sizeof(it->services), db, i, "h_services");
		copy(it->parent, sizeof(it->parent), db, i, "h_parent");
		it->version = (int)cb_db_ll(db, i, "h_version");
		copy(it->method, sizeof(it->method), db, i, "h_method");
		copy(it->language, sizeof(it->language), db, i, "h_language");
		copy(it->today, sizeof(it->today), db, i, "h_today");
		(void)cb_store_facts(db, i, "h_facts", &it->facts);
		copy(s->tid, sizeof(s->tid), db, i, "h_tid");
		s->reason = cb_db_bytea(db, i, "h_reason", &s->reason_len);
		s->data = cb_db_bytea(db, i, "h_data", &s->data_len);
		s->comment = cb_db_bytea(db, i, "h_sealed", &s->comment_len);
	}
	return (1);
}

void
cb_store_sealed_free(struct cb_store_sealed *s, size_t n)
{
	size_t		i;

	for (i = 0; s != NULL && i < n; i++) {
		kore_free(s[i].reason);
		kore_free(s[i].data);
		kore_free(s[i].comment);
	}
	kore_free(s);
}

void
cb_store_key_clear(struct cb_store_key *k)
{
	kore_free(k->wrapped);
	memset(k, 0, sizeof(*k));
}
