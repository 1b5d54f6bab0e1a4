/*
 * store/home: binds home_counts' named parameters and maps its named
 * result columns into the counts a home shows.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/listing.h"
#include "store/db.h"
#include "store/home.h"

#define SQL_HOME							\
	"SELECT * FROM home_counts(p_token => $1, "			\
	"p_pending => $2::text[], p_request => $3)"

static struct cb_stmt	st_home = { "cb_home_counts", SQL_HOME, 0 };

/*
 * The pending states as an array literal in scratch: state names are
 * lower-case letters and underscores (the flow's tables), so they need
 * no quoting; anything else is left out rather than quoted.
 */
void
cb_store_home_counts(struct cb_dbq *q, const struct cb_tokens *t,
    const char *const *pending, size_t npending, char *scratch,
    size_t scratchlen, const char *reqid)
{
	size_t		i;

	(void)cb_strlcpy(scratch, "{", scratchlen);
	for (i = 0; i < npending; i++) {
		if (strspn(pending[i], "abcdefghijklmnopqrstuvwxyz_") !=
		    strlen(pending[i]) || pending[i][0] == '\0')
			continue;
		if (scratch[1] != '\0')
			(void)cb_strlcat(scratch, ",", scratchlen);
		(void)cb_strlcat(scratch, pending[i], scratchlen);
	}
	(void)cb_strlcat(scratch, "}", scratchlen);
	cb_dbq_stmt(q, &st_home);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, scratch);
	cb_dbq_text(q, reqid);
}

void
cb_store_home_rows(const struct cb_db *db, struct cb_home *h)
{
	struct cb_home_count	*c;
	int			 rows, i;

	memset(h, 0, sizeof(*h));
	rows = cb_db_rows(db);
	h->items = kore_calloc((size_t)rows + 1, sizeof(*h->items));
	for (i = 0; i < rows; i++) {
		if (cb_db_null(db, i, "h_kind"))
			continue;
		c = &h->items[h->n++];
		(void)cb_strlcpy(c->kind, cb_db_str(db, i, "h_kind"),
		    sizeof(c->kind));
		(void)cb_strlcpy(c->key, cb_db_str(db, i, "h_key"),
		    sizeof(c->key));
		(void)cb_strlcpy(c->label, cb_db_str(db, i, "h_label"),
		    sizeof(c->label));
		c->count = cb_db_ll(db, i, "h_count");
		c->open = cb_db_ll(db, i, "h_open");
	}
}
