/*
 * policy: who may do what to which record, as one table of rules.
 * A rule grants an action to a role within a scope; anything no rule
 * grants is refused. Partners, auditors and admins are granted no case
 * content at all: admins manage, auditors count, partners see only
 * their referral packages (decided elsewhere).
 */
#include <sys/types.h>

#include <string.h>

#include "core/casebook.h"
#include "domain/policy.h"


enum action {
	ACT_CASE_CREATE,
	ACT_CASE_READ,
	ACT_CASE_READ_PERSON,
	ACT_CASE_SEARCH,
	ACT_CASE_LIST,
	ACT_AUDIT_READ,
	ACT_USER_ADMIN
};

enum scope {
	SCOPE_ANY,		/* no record involved */
	SCOPE_ASSIGNED,		/* the case is assigned to the actor */
	SCOPE_OFFICE		/* the case belongs to the actor's office */
};

static const struct {
	enum action	action;
	int		roles;
	enum scope	scope;
} rules[] = {
	{ ACT_CASE_CREATE,	CB_ROLE_CASEWORKER,	SCOPE_ANY },
	{ ACT_CASE_READ,	CB_ROLE_CASEWORKER,	SCOPE_ASSIGNED },
	{ ACT_CASE_READ,	CB_ROLE_SUPERVISOR,	SCOPE_OFFICE },
	{ ACT_CASE_READ_PERSON,	CB_ROLE_CASEWORKER,	SCOPE_ASSIGNED },
	{ ACT_CASE_READ_PERSON,	CB_ROLE_SUPERVISOR,	SCOPE_OFFICE },
	{ ACT_CASE_SEARCH,	CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR,
	    SCOPE_ANY },
	{ ACT_CASE_LIST,	CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR,
	    SCOPE_ANY },
	{ ACT_AUDIT_READ,	CB_ROLE_AUDITOR | CB_ROLE_ADMIN, SCOPE_ANY },
	{ ACT_USER_ADMIN,	CB_ROLE_ADMIN,		SCOPE_ANY },
};

static int	allowed(enum action, const struct cb_actor *,
		    const struct cb_case_ref *);
static int	in_scope(enum scope, const struct cb_actor *,
		    const struct cb_case_ref *);
static int	same(const char *, const char *);

int
cb_policy_case_create(const struct cb_actor *actor)
{
	return (allowed(ACT_CASE_CREATE, actor, NULL));
}

int
cb_policy_case_read(const struct cb_actor *actor,
    const struct cb_case_ref *ref)
{
	return (allowed(ACT_CASE_READ, actor, ref));
}

int
cb_policy_case_read_person(const struct cb_actor *actor,
    const struct cb_case_ref *ref)
{
	return (allowed(ACT_CASE_READ_PERSON, actor, ref));
}

int
cb_policy_case_search(const struct cb_actor *actor)
{
	return (allowed(ACT_CASE_SEARCH, actor, NULL));
}

int
cb_policy_case_list(const struct cb_actor *actor)
{
	return (allowed(ACT_CASE_LIST, actor, NULL));
}

int
cb_policy_audit_read(const struct cb_actor *actor)
{
	return (allowed(ACT_AUDIT_READ, actor, NULL));
}

int
cb_policy_user_admin(const struct cb_actor *actor)
{
	return (allowed(ACT_USER_ADMIN, actor, NULL));
}

static int
allowed(enum action action, const struct cb_actor *actor,
    const struct cb_case_ref *ref)
{
	size_t		i;

	if (actor == NULL || actor->role == CB_ROLE_NONE)
		return (0);

	for (i = 0; i < NITEMS(rules); i++) {
		if (rules[i].action == action &&
		    (rules[i].roles & (int)actor->role) != 0 &&
		    in_scope(rules[i].scope, actor, ref))
			return (1);
	}

	return (0);
}

static int
in_scope(enum scope scope, const struct cb_actor *actor,
    const struct cb_case_ref *ref)
{
	switch (scope) {
	case SCOPE_ANY:
		return (1);
	case SCOPE_ASSIGNED:
		return (ref != NULL && same(ref->assigned_to, actor->user_id));
	case SCOPE_OFFICE:
		return (ref != NULL && same(ref->office, actor->office));
	}

	return (0);
}

/* Equal and not empty: two blanks never make a match. */
static int
same(const char *a, const char *b)
{
	return (a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0);
}
