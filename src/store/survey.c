/*
 * store/survey: binds the survey functions' named parameters and maps
 * their named result columns. The SQL is in sql/fn/survey_*.sql.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "store/db.h"
#include "store/survey.h"

#define SQL_ADD								\
	"SELECT * FROM survey_add(p_token => $1, p_case => $2::uuid, "	\
	"p_state => $3, p_id => $4::uuid, p_kind => $5, "		\
	"p_date => $6::date, p_scheme => $7::int, "			\
	"p_economic => $8::numeric, p_social => $9::numeric, "		\
	"p_psychosocial => $10::numeric, p_composite => $11::numeric, " \
	"p_answers => $12, p_idem_key => $13, p_req_hash => $14, "	\
	"p_fields => $15, p_request => $16)"

#define SQL_LIST							\
	"SELECT * FROM survey_list(p_token => $1, p_case => $2::uuid, "	\
	"p_answers => $3::boolean, p_request => $4)"

/* Prepared once per connection (store/db.h). */
static struct cb_stmt	st_add = { "cb_survey_add", SQL_ADD, 0 };
static struct cb_stmt	st_list = { "cb_survey_list", SQL_LIST, 0 };

/* Result columns of the scores, in enum cb_rss_dim order. */
static const char *const dim_cols[CB_RSS_DIMS] = {
	"s_economic", "s_social", "s_psychosocial"
};

static void	score_param(struct cb_dbq *, int, double);
static void	row(const struct cb_db *, int, struct cb_survey *);
static int	score_col(const struct cb_db *, int, const char *, double *);

/* Four decimals, as numeric(5,4) keeps them; NULL when there is none. */
static void
score_param(struct cb_dbq *q, int has, double v)
{
	if (!has) {
		cb_dbq_text(q, NULL);
		return;
	}
	if (q->nscratch >= CB_DB_SCRATCH)
		fatal("cb_store_survey_add: too many numbers");
	(void)snprintf(q->scratch[q->nscratch], sizeof(q->scratch[0]),
	    "%.4f", v);
	cb_dbq_text(q, q->scratch[q->nscratch++]);
}

void
cb_store_survey_add(struct cb_dbq *q, const struct cb_tokens *t,
    const struct cb_survey_new *sn, const char *reqid)
{
	const struct cb_rss_scores	*sc;
	int				 d;

	sc = sn->scores;
	cb_dbq_stmt(q, &st_add);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, sn->case_id);
	cb_dbq_text(q, sn->state);
	cb_dbq_text(q, sn->sealed->id);
	cb_dbq_text(q, sn->kind);				/* 5 */
	cb_dbq_text(q, sn->survey_date);
	cb_dbq_int(q, sn->scheme_version);
	for (d = 0; d < CB_RSS_DIMS; d++)			/* 8-10 */
		score_param(q, sc->has[d], sc->dim[d]);
	score_param(q, sc->has_composite, sc->composite);
	cb_dbq_bin(q, sn->sealed->answers, sn->sealed->len);
	cb_dbq_text(q, sn->idem_key);
	cb_dbq_bin(q, sn->req_hash, CB_HASH_LEN);
	cb_dbq_text(q, sn->sealed->fields);			/* 15 */
	cb_dbq_text(q, reqid);
}

static int
score_col(const struct cb_db *db, int r, const char *col, double *v)
{
	*v = 0.0;
	if (cb_db_null(db, r, col))
		return (0);
	*v = strtod(cb_db_str(db, r, col), NULL);
	return (1);
}

/* The survey columns of a result row (s_*). */
static void
row(const struct cb_db *db, int r, struct cb_survey *s)
{
	struct cb_rss_scores	*sc;
	int			 d;

	memset(s, 0, sizeof(*s));
	sc = &s->scores;
	(void)cb_strlcpy(s->id, cb_db_str(db, r, "s_id"), sizeof(s->id));
	(void)cb_strlcpy(s->kind, cb_db_str(db, r, "s_kind"),
	    sizeof(s->kind));
	(void)cb_strlcpy(s->survey_date, cb_db_str(db, r, "s_date"),
	    sizeof(s->survey_date));
	s->scheme_version = (int)cb_db_ll(db, r, "s_scheme");
	for (d = 0; d < CB_RSS_DIMS; d++)
		sc->has[d] = score_col(db, r, dim_cols[d], &sc->dim[d]);
	sc->has_composite = score_col(db, r, "s_composite", &sc->composite);
	(void)cb_strlcpy(s->created_at, cb_db_str(db, r, "s_created"),
	    sizeof(s->created_at));
}

enum cb_survey_outcome
cb_store_survey_add_row(const struct cb_db *db, struct cb_survey *s)
{
	static const struct {
		const char		*name;
		enum cb_survey_outcome	 outcome;
	} outcomes[] = {
		{ "created",	CB_SURVEY_CREATED },
		{ "replay",	CB_SURVEY_REPLAY },
		{ "reuse",	CB_SURVEY_REUSE },
		{ "denied",	CB_SURVEY_DENIED },
		{ "forbidden",	CB_SURVEY_FORBIDDEN },
		{ "conflict",	CB_SURVEY_CONFLICT },
		{ "full",	CB_SURVEY_FULL },
	};
	const char	*o;
	size_t		 i;

	memset(s, 0, sizeof(*s));
	if (cb_db_rows(db) != 1)
		return (CB_SURVEY_FAILED);
	o = cb_db_str(db, 0, "outcome");
	for (i = 0; i < NITEMS(outcomes); i++) {
		if (strcmp(outcomes[i].name, o) != 0)
			continue;
		if (outcomes[i].outcome == CB_SURVEY_CREATED ||
		    outcomes[i].outcome == CB_SURVEY_REPLAY) {
			if (cb_db_null(db, 0, "s_id"))
				return (CB_SURVEY_FAILED);
			row(db, 0, s);
		}
		return (outcomes[i].outcome);
	}

	return (CB_SURVEY_FAILED);
}

void
cb_store_survey_list(struct cb_dbq *q, const struct cb_tokens *t,
    const char *case_id, int answers, const char *reqid)
{
	cb_dbq_stmt(q, &st_list);
	cb_dbq_bin(q, t->h, CB_HASH_LEN);
	cb_dbq_text(q, case_id);
	cb_dbq_bool(q, answers);
	cb_dbq_text(q, reqid);
}

int
cb_store_survey_list_case(const struct cb_db *db, struct cb_survey_case *c)
{
	memset(c, 0, sizeof(*c));
	if (cb_db_rows(db) < 1 || cb_db_null(db, 0, "c_id"))
		return (0);
	(void)cb_strlcpy(c->case_type, cb_db_str(db, 0, "c_type"),
	    sizeof(c->case_type));
	(void)cb_strlcpy(c->state, cb_db_str(db, 0, "c_state"),
	    sizeof(c->state));
	c->key_version = (unsigned int)cb_db_ll(db, 0, "ck_version");
	c->seal_version = (unsigned int)cb_db_ll(db, 0, "ck_seal");
	c->wrapped = cb_db_bytea(db, 0, "ck_wrapped", &c->wlen);
	return (1);
}

void
cb_survey_case_clear(struct cb_survey_case *c)
{
	kore_free(c->wrapped);
	sodium_memzero(c, sizeof(*c));
}

struct cb_survey *
cb_store_survey_items(const struct cb_db *db, size_t *n)
{
	struct cb_survey	*items;
	int			 rows, r;
	size_t			 k;

	*n = 0;
	rows = cb_db_rows(db);
	items = kore_calloc((size_t)rows + 1, sizeof(*items));
	for (r = 0, k = 0; r < rows; r++) {
		if (cb_db_null(db, r, "s_id"))
			continue;
		row(db, r, &items[k]);
		items[k].sealed = cb_db_bytea(db, r, "s_answers",
		    &items[k].sealed_len);
		k++;
	}
	*n = k;
	return (items);
}
