/*
 * store/stats: binds stats_table() and audit_list() and maps their rows.
 * The true counts and key sums of stats_table go straight into the
 * table, which perturbs them and keeps only what may be published.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/auditlog.h"
#include "domain/stats.h"
#include "store/db.h"
#include "store/stats.h"

#define SQL_STATS							\
	"SELECT * FROM stats_table(p_token => $1, p_dims => $2::text[], "\
	"p_filters => $3::jsonb, p_offices => $4::boolean, "		\
	"p_valid => $5::boolean, p_request => $6)"

#define SQL_AUDIT_LIST							\
	"SELECT * FROM audit_list(p_token => $1, p_record => $2::uuid, "\
	"p_actor => $3, p_since => $4::timestamptz, "			\
	"p_before => $5::bigint, p_limit => $6::int, p_fields => $7, "	\
	"p_valid => $8::boolean, p_request => $9)"

static struct cb_stmt	st_stats = { "cb_stats_table", SQL_STATS, 0 };
static struct cb_stmt	st_audit_list = { "cb_audit_list", SQL_AUDIT_LIST,
    0 };

static const char	*opt(const struct cb_db *, int, const char *);

static const char *
opt(const struct cb_db *db, int row, const char *col)
{
	return (cb_db_null(db, row, col) ? NULL : cb_db_str(db, row, col));
}

void
cb_store_stats_table(struct cb_dbq *q, const struct cb_tokens *t,
    const char *dims, const char *filters, int offices, int valid,
    const char *reqid)
{
	cb_dbq_stmt(q, &st_stats);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, valid ? dims : "{}");
	cb_dbq_text(q, valid ? filters : "{}");
	cb_dbq_bool(q, offices);
	cb_dbq_bool(q, valid);
	cb_dbq_text(q, reqid);
}

const char *
cb_store_stats_outcome(const struct cb_db *db)
{
	return (cb_db_rows(db) > 0 ? cb_db_str(db, 0, "outcome") : "");
}

int
cb_store_stats_rows(const struct cb_db *db, struct cb_stats_table *t,
    char ***offices, size_t *noffices)
{
	static const char *const cols[] = { "s_v1", "s_v2", "s_v3", "s_v4" };
	const char		*v[CB_STATS_DIMS_MAX], *kind;
	enum cb_stats_kind	 k;
	unsigned long long	 keysum;
	char			*end;
	int			 rows, i, j;
	long long		 dim;

	*offices = NULL;
	*noffices = 0;
	rows = cb_db_rows(db);
	for (i = 0; i < rows; i++) {
		if ((kind = opt(db, i, "s_kind")) == NULL)
			continue;
		if (strcmp(kind, "office") == 0) {
			if (*offices == NULL)
				*offices = kore_calloc((size_t)rows,
				    sizeof(**offices));
			(*offices)[(*noffices)++] =
			    kore_strdup(cb_db_str(db, i, "s_v1"));
			continue;
		}
		if (t == NULL)
			continue;
		if (strcmp(kind, "cell") == 0)
			k = CB_STATS_CELL;
		else if (strcmp(kind, "margin") == 0)
			k = CB_STATS_MARGIN;
		else if (strcmp(kind, "total") == 0)
			k = CB_STATS_TOTAL;
		else
			return (-1);
		for (j = 0; j < CB_STATS_DIMS_MAX; j++)
			v[j] = opt(db, i, cols[j]);
		dim = cb_db_ll(db, i, "s_dim");
		keysum = strtoull(cb_db_str(db, i, "s_key"), &end, 10);
		if (*end != '\0' || (k == CB_STATS_MARGIN &&
		    (dim < 1 || dim > CB_STATS_DIMS_MAX)))
			return (-1);
		if (cb_stats_table_add(t, k, k == CB_STATS_MARGIN ?
		    (size_t)dim - 1 : 0, v, cb_db_ll(db, i, "s_n"),
		    keysum) == -1)
			return (-1);
	}
	if (t != NULL)
		cb_stats_table_finish(t);
	return (0);
}

void
cb_store_stats_offices_free(char **offices, size_t n)
{
	size_t		i;

	for (i = 0; offices != NULL && i < n; i++)
		kore_free(offices[i]);
	kore_free(offices);
}

void
cb_store_audit_list(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_audit_filter *f, int limit, int valid, const char *reqid)
{
	cb_dbq_stmt(q, &st_audit_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, valid && f->record_id[0] != '\0' ? f->record_id :
	    NULL);
	cb_dbq_text(q, valid && f->actor[0] != '\0' ? f->actor : NULL);
	cb_dbq_text(q, valid && f->since[0] != '\0' ? f->since : NULL);
	if (valid && f->before > 0)
		cb_dbq_int(q, f->before);
	else
		cb_dbq_text(q, NULL);
	cb_dbq_int(q, limit);
	cb_dbq_text(q, valid ? f->fields : NULL);
	cb_dbq_bool(q, valid);
	cb_dbq_text(q, reqid);
}

struct cb_audit_item *
cb_store_audit_items(const struct cb_db *db, size_t *n)
{
	struct cb_audit_item	*items, *e;
	const char		*s;
	int			 rows, i;

	*n = 0;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (i = 0; i < rows; i++) {
		if (cb_db_null(db, i, "l_seq"))
			continue;
		e = &items[(*n)++];
		e->seq = cb_db_ll(db, i, "l_seq");
		(void)cb_strlcpy(e->at, cb_db_str(db, i, "l_at"),
		    sizeof(e->at));
		(void)cb_strlcpy(e->actor, cb_db_str(db, i, "l_actor"),
		    sizeof(e->actor));
		(void)cb_strlcpy(e->username, cb_db_str(db, i, "l_username"),
		    sizeof(e->username));
		(void)cb_strlcpy(e->role, cb_db_str(db, i, "l_role"),
		    sizeof(e->role));
		(void)cb_strlcpy(e->action, cb_db_str(db, i, "l_action"),
		    sizeof(e->action));
		(void)cb_strlcpy(e->record_id, cb_db_str(db, i, "l_record"),
		    sizeof(e->record_id));
		(void)cb_strlcpy(e->outcome, cb_db_str(db, i, "l_outcome"),
		    sizeof(e->outcome));
		if ((s = opt(db, i, "l_records")) != NULL && *s != '\0')
			e->records = kore_strdup(s);
		if ((s = opt(db, i, "l_fields")) != NULL && *s != '\0')
			e->fields = kore_strdup(s);
	}
	return (items);
}
