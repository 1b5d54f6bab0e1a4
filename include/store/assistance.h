/*
 * store/assistance: the statements of a case's assistance entries
 * (sql/fn/assistance_add.sql, assistance_list.sql). Each also returns
 * the caller's columns and writes its audit entry in the same
 * statement.
 */
#ifndef CB_STORE_ASSISTANCE_H
#define CB_STORE_ASSISTANCE_H

#include "core/casebook.h"
#include "domain/assistance.h"
#include "store/db.h"

/* What the add statement gets: the validated plain fields and what
 * sealing decided (entry id, sealed note, canonical amount, band). */
struct cb_assistance_new {
	const char				*case_id;
	const struct cb_assistance_sealed	*s;
	const char				*type;
	const char				*date;
	const char				*currency;	/* or NULL */
	const char				*provider;	/* or NULL */
	const char				*idem_key;	/* or NULL */
	const unsigned char			*req_hash;	/* 32 bytes */
};

enum cb_assistance_outcome {
	CB_ASSIST_FAILED,
	CB_ASSIST_CREATED,
	CB_ASSIST_REPLAY,	/* same key, same request: the first entry */
	CB_ASSIST_REUSE,	/* same key, another request */
	CB_ASSIST_NOT_FOUND,	/* the caller does not see the case */
	CB_ASSIST_FORBIDDEN,	/* sees it, but only caseworkers add */
	CB_ASSIST_CLOSED
};

void	cb_store_assistance_add(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_assistance_new *, const char *reqid);
/* The outcome; the entry's id and creation time (the first entry's on
 * a replay) into id and created. */
enum cb_assistance_outcome cb_store_assistance_add_row(const struct cb_db *,
	    char id[CB_UUID_SIZE], char created[40]);

/* Where a page of a list starts: after this entry (NULLs: page 1). */
struct cb_assistance_after {
	const char	*date;
	const char	*ts;
	const char	*id;
};

void	cb_store_assistance_list(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const struct cb_assistance_after *,
	    int limit, const char *reqid);

/* The case of a list result: what the page needs and its key. */
struct cb_assistance_case {
	char		 id[CB_UUID_SIZE];
	char		 stage[24];
	int		 version;
	char		 assigned_to[CB_UUID_SIZE];
	unsigned int	 key_version;	/* KEK version of the wrapping */
	unsigned int	 seal_version;	/* what its fields are bound to */
	unsigned char	*wrapped;
	size_t		 wlen;
};

/* 0 when the caller may not see the case. */
int	cb_store_assistance_case(const struct cb_db *,
	    struct cb_assistance_case *);
void	cb_assistance_case_clear(struct cb_assistance_case *);
/* The entries of a list result, notes still sealed: a kore_calloc'ed
 * array of *n items; *next a cursor (hex) when more than limit rows
 * came, else NULL. */
struct cb_assistance *cb_store_assistance_items(const struct cb_db *,
	    int limit, size_t *n, char **next);

#endif
