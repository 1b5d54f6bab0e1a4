/*
 * assignment: who a case is assigned to. A supervisor reassigns a case
 * of their office to one of its enabled caseworkers; the database
 * decides and records it (sql/fn/case_assign.sql). What the form offers
 * is a list of such caseworkers.
 */
#ifndef CB_ASSIGNMENT_H
#define CB_ASSIGNMENT_H

#include "core/casebook.h"

/* A user as a choice in a form: id and username, nothing else. */
struct cb_user_ref {
	char	id[CB_UUID_SIZE];
	char	username[CB_USERNAME_MAX + 1];
};

#endif
