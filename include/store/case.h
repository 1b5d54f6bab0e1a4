/*
 * store/case: the statements of the case resource (sql/fn/case_*.sql).
 * Each returns the caller's columns too, so one round trip authenticates,
 * authorises (in SQL), reads or writes, and commits the audit entry.
 */
#ifndef CB_STORE_CASE_H
#define CB_STORE_CASE_H

#include "core/casebook.h"
#include "domain/casedata.h"
#include "store/db.h"

struct cb_transition_sealed;

void	cb_store_case_view(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *reqid);
/* case_view for the case page: the same case row, then its history
 * (cb_history_load reads it) and, for a supervisor, the office's
 * caseworkers (cb_store_caseworker_items), in one round trip. */
void	cb_store_case_page(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *reqid);
/* Row 0's case into c (process fields) and row (sealed columns and
 * wrapped keys); 0 when the caller may not see it. */
int	cb_store_case_view_row(const struct cb_db *, struct cb_case *,
	    struct cb_case_row *);

struct cb_case_filter {
	const char	*case_type;
	const char	*stage;
	const char	*state;
	int		 mine;
	const char	*assignee;	/* a user id, or NULL */
	int		 staff;		/* the office's caseworkers too */
	const char	*after_ts;	/* keyset cursor, NULL for page 1 */
	const char	*after_id;
	int		 limit;
	const char	*fields;	/* filter names, for the audit */
};

void	cb_store_case_list(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_case_filter *, const char *reqid);
void	cb_store_case_search(struct cb_dbq *, const struct cb_tokens *,
	    const unsigned char *doc_bidx, const unsigned char *nd_bidx,
	    const char *fields, const char *reqid);
/* The case rows of a list or search result (rows whose case columns
 * are NULL are skipped): a kore_calloc'ed array, *n items; *next is a
 * cursor when more than limit rows came (limit 0: no cursor). rows, if
 * not NULL, gets a parallel array with each person's wrapped key and
 * sealed names (person_* and ct[CB_SC_GIVEN_NAME/FAMILY_NAME] only;
 * clear each with cb_case_row_clear). */
struct cb_case	*cb_store_case_items(const struct cb_db *, int limit,
		    size_t *n, char **next, struct cb_case_row **rows);
/* The filter the list refused (a_invalid), or NULL. */
const char	*cb_store_case_list_invalid(const struct cb_db *);
/* The office's caseworkers the list was asked for (a_staff): a
 * kore_calloc'ed array of *n, NULL when none came. */
struct cb_staff	*cb_store_case_staff(const struct cb_db *, size_t *n);

/* What the create statement gets: the sealed intake and the process
 * fields decided by the application. */
struct cb_case_new {
	const struct cb_sealed	*s;
	const char		*idem_key;	/* NULL: none */
	const unsigned char	*req_hash;	/* 32 bytes */
	int			 consent;
	const char		*gender;
	const char		*citizenship;
	const char		*case_type;
	const char		*state;
	const char		*stage;
	const char		*htcds;
	const char		*office;
	unsigned int		 key_version;
	const char		*fields;
};

enum cb_create_outcome {
	CB_CREATE_FAILED,
	CB_CREATE_CREATED,
	CB_CREATE_REPLAY,	/* same key, same request: the first case */
	CB_CREATE_REUSE,	/* same key, another request */
	CB_CREATE_FORBIDDEN,
	CB_CREATE_OFFICE
};

void	cb_store_case_create(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_case_new *, const char *reqid);
/* The outcome; the case id (first case on a replay), version and
 * times into c. */
enum cb_create_outcome cb_store_case_create_row(const struct cb_db *,
	    struct cb_case *);

/* What a change is decided on: process fields, facts, consent, key. */
struct cb_case_snapshot {
	char		 id[CB_UUID_SIZE];
	char		 case_type[8];
	char		 state[48];
	char		 stage[24];
	char		 htcds[24];
	int		 version;
	char		 office[CB_OFFICE_MAX + 1];
	char		 assigned_to[CB_UUID_SIZE];
	char		 created_by[CB_UUID_SIZE];
	char		 pending[CB_UUID_SIZE];
	struct cb_facts	 facts;
	int		 consent;
	unsigned int	 key_version;	/* KEK version of the wrapping */
	unsigned int	 seal_version;	/* what its fields are bound to */
	unsigned char	*wrapped;
	size_t		 wlen;
};

void	cb_store_case_snapshot(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id);
/* 0 when the caller may not see the case. */
int	cb_store_case_snapshot_row(const struct cb_db *,
	    struct cb_case_snapshot *);
void	cb_case_snapshot_clear(struct cb_case_snapshot *);

/* Reads a JSON object column of facts into f; -1 when malformed. */
int	cb_store_facts(const struct cb_db *, int row, const char *col,
	    struct cb_facts *f);

#endif
