/*
 * store/transition: applying a decided transition (sql/fn/
 * case_transition.sql): a move, or a request that waits for a
 * supervisor in the transition's pending state.
 */
#ifndef CB_STORE_TRANSITION_H
#define CB_STORE_TRANSITION_H

#include "core/casebook.h"
#include "store/db.h"

struct cb_transition_sealed;

struct cb_case_change {
	const char				*case_id;
	int					 version;
	const char				*from;
	const char				*to;	/* now */
	const char				*stage;
	const char				*htcds;
	const struct cb_transition_sealed	*sealed;
	const char				*facts;	/* JSON object */
	/* A request: its new id, kind and the state it asks for; NULL
	 * for a move. */
	const char				*approval;
	const char				*kind;
	const char				*target;
};

enum cb_change_outcome {
	CB_CHANGE_FAILED,
	CB_CHANGE_OK,
	CB_CHANGE_CONFLICT,	/* moved on meanwhile: nothing changed */
	CB_CHANGE_NOT_FOUND,
	CB_CHANGE_FORBIDDEN
};

void	cb_store_case_transition(struct cb_dbq *, const struct cb_tokens *,
	    const struct cb_case_change *, const char *reqid);
enum cb_change_outcome cb_store_case_transition_row(const struct cb_db *,
	    int *version);

#endif
