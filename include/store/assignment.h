/*
 * store/assignment: reassigning a case (sql/fn/case_assign.sql) and
 * the caseworkers a supervisor may assign to (office_caseworkers.sql).
 * Both decide the caller and its rights in SQL and write the audit
 * entry in the same statement.
 */
#ifndef CB_STORE_ASSIGNMENT_H
#define CB_STORE_ASSIGNMENT_H

#include "core/casebook.h"
#include "domain/assignment.h"
#include "store/db.h"

enum cb_assign_outcome {
	CB_ASSIGN_FAILED,
	CB_ASSIGN_OK,
	CB_ASSIGN_NOT_FOUND,	/* the caller does not see the case */
	CB_ASSIGN_FORBIDDEN,	/* sees it, but is no supervisor */
	CB_ASSIGN_CLOSED,	/* the case is closed: no change */
	CB_ASSIGN_ASSIGNEE,	/* not an enabled caseworker of the office */
	CB_ASSIGN_STALE		/* version moved on: nothing changed */
};

void	cb_store_case_assign(struct cb_dbq *, const struct cb_tokens *,
	    const char *case_id, const char *to, int version,
	    const char *reqid);
/* The outcome; on CB_ASSIGN_OK the case's new version into *version. */
enum cb_assign_outcome cb_store_case_assign_row(const struct cb_db *,
	    int *version);

void	cb_store_office_caseworkers(struct cb_dbq *, const struct cb_tokens *,
	    const char *reqid);
/* The caseworkers of a result: a kore_calloc'ed array of *n items
 * (none unless the caller is a supervisor). */
struct cb_user_ref *cb_store_caseworker_items(const struct cb_db *,
	    size_t *n);

#endif
