/*
 * policy: who may do what to which record. Pure functions of the
 * actor and the record's process fields; callers answer 404 (not 403)
 * when a record may not be seen.
 */
#ifndef CB_POLICY_H
#define CB_POLICY_H

struct cb_actor;

/* The process fields of a case that decisions depend on. */
struct cb_case_ref {
	const char	*office;
	const char	*assigned_to;	/* user id */
	const char	*created_by;
};

int	cb_policy_case_create(const struct cb_actor *);
int	cb_policy_case_read(const struct cb_actor *,
	    const struct cb_case_ref *);
/* Person identifiers decrypted for this actor on this case. */
int	cb_policy_case_read_person(const struct cb_actor *,
	    const struct cb_case_ref *);
int	cb_policy_case_search(const struct cb_actor *);
int	cb_policy_case_list(const struct cb_actor *);
int	cb_policy_audit_read(const struct cb_actor *);
int	cb_policy_user_admin(const struct cb_actor *);

#endif
