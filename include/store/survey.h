/*
 * store/survey: the statements of reintegration surveys
 * (sql/fn/survey_add.sql, survey_list.sql). Each returns the caller's
 * columns too: one round trip authenticates, decides visibility in SQL,
 * reads or writes, and commits the audit entry.
 */
#ifndef CB_STORE_SURVEY_H
#define CB_STORE_SURVEY_H

#include "core/casebook.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "store/db.h"

/* What the add statement gets: decided, scored and sealed. */
struct cb_survey_new {
	const char			*case_id;
	const char			*state;	/* decided on */
	const char			*kind;
	const char			*survey_date;
	int				 scheme_version;
	const struct cb_rss_scores	*scores;
	const struct cb_survey_sealed	*sealed;
	const char			*idem_key;	/* NULL: none */
	const unsigned char		*req_hash;	/* 32 bytes */
};

enum cb_survey_outcome {
	CB_SURVEY_FAILED,
	CB_SURVEY_CREATED,
	CB_SURVEY_REPLAY,	/* same key, same request: the first one */
	CB_SURVEY_REUSE,	/* same key, another request */
	CB_SURVEY_DENIED,	/* no such case for this caller: 404 */
	CB_SURVEY_FORBIDDEN,	/* sees the case, may not add: 403 */
	CB_SURVEY_CONFLICT,	/* the case left the state decided on */
	CB_SURVEY_FULL		/* the case has the most surveys it may */
};

void	cb_store_survey_add(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_survey_new *, const char *reqid);
/* The outcome; for CREATED and REPLAY the stored survey into s. */
enum cb_survey_outcome cb_store_survey_add_row(const struct cb_db *,
	    struct cb_survey *s);

/* The surveys of a case, oldest first; with answers also their sealed
 * answers and the case's wrapped key (the entry then names them). */
void	cb_store_survey_list(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, int answers, const char *reqid);

/* The case a list is of; wrapped is kore_malloc'ed (with answers). */
struct cb_survey_case {
	char		 case_type[8];
	char		 state[48];
	unsigned int	 key_version;
	unsigned int	 seal_version;
	unsigned char	*wrapped;
	size_t		 wlen;
};

/* 0 when the caller may not see the case (answer 404). */
int	cb_store_survey_list_case(const struct cb_db *,
	    struct cb_survey_case *);
void	cb_survey_case_clear(struct cb_survey_case *);
/* The surveys of a list result, a kore_calloc'ed array of *n (free it
 * with cb_surveys_free); sealed answers in each item's sealed. */
struct cb_survey *cb_store_survey_items(const struct cb_db *, size_t *n);

#endif
