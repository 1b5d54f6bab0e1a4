/*
 * flow: the AVRR and CT case lifecycles as data, and the pure decision
 * on them. A transition names the roles that may take it, whether it
 * waits for a supervisor (and in which pending state), its guard and
 * the fields it collects. cb_flow_decide() turns (actor, snapshot,
 * target, values) into a plan that the store applies; nothing here
 * touches a database, so every rule is unit-tested alone.
 */
#ifndef CB_FLOW_H
#define CB_FLOW_H

#include <stddef.h>

struct cb_field;
struct cb_ferrors;
struct cb_values;
struct cb_facts;

enum cb_case_type {
	CB_CASE_AVRR,
	CB_CASE_CT
};

struct cb_state {
	const char	*name;		/* fine-grained state */
	/* intake|screening|referral|return|reintegration|closed; NULL for
	 * a pending state, which keeps the stage and HTCDS status of the
	 * state the request was made in. */
	const char	*stage;
	const char	*htcds;		/* Active|FollowUp|Closed|... */
	int		 open;		/* accepts work (assistance, links) */
};

/* Why a transition may be refused on the facts of the case. */
enum cb_guard {
	CB_G_NONE,
	CB_G_DATA_CONSENT,	/* consent to data processing recorded */
	CB_G_RETURN_ELIGIBLE,	/* declaration, consent to share, no
				 * protection need */
	CB_G_CHILD_SAFEGUARDS,	/* an unaccompanied child: best-interest
				 * determination and guardian consent */
	CB_G_FIT_TO_TRAVEL,	/* fit, or fit with escort and one booked */
	CB_G_NOT_DEPARTED,	/* reopening before departure */
	CB_G_DEPARTED,		/* reopening after departure */
	CB_G_ASSISTANCE_CONSENT, /* the survivor consents to assistance */
	CB_G_COUNT
};

enum cb_approval {
	CB_APPROVAL_NO,
	CB_APPROVAL_YES,
	CB_APPROVAL_IF_COSTED	/* when the budget field is above zero */
};

struct cb_transition {
	enum cb_case_type	 type;
	const char		*from;
	const char		*to;
	int			 roles;		/* enum cb_role bit mask */
	enum cb_approval	 approval;
	/* return|reintegration_plan|support_plan|closure|reopening */
	const char		*kind;
	const char		*pending;	/* state while it waits */
	enum cb_guard		 guard;
	const struct cb_field	*fields;
	size_t			 nfields;
};

/* 0 and *out set for "AVRR" or "CT", else -1. */
int			 cb_case_type_parse(const char *, enum cb_case_type *);
const char		*cb_case_type_name(enum cb_case_type);
const char		*cb_flow_initial(enum cb_case_type);
const struct cb_state	*cb_flow_state(enum cb_case_type, const char *);
/* 1 when the state is a pending one (waits for a decision). */
int			 cb_flow_pending(enum cb_case_type, const char *);
const struct cb_transition *cb_flow_find(enum cb_case_type,
			    const char *from, const char *to);
/* The whole machine (states, transitions) and its size in *n, for
 * renderers, the i18n catalogue check and tests. */
const struct cb_state	*cb_flow_states(enum cb_case_type, size_t *n);
const struct cb_transition *cb_flow_transitions(enum cb_case_type,
			    size_t *n);
/* Every stage, in lifecycle order, NULL-terminated. */
extern const char *const cb_flow_stages[];

/* Guards: the facts of the case (and the values being submitted) that
 * a transition needs; NULL when it holds, else an i18n key saying what
 * is missing. */
const char		*cb_flow_guard(enum cb_guard, const struct cb_facts *);
const char		*cb_flow_guard_name(enum cb_guard);
/* 1 when the guard can be judged before the form is filled in (it
 * reads only what is already recorded). */
int			 cb_flow_guard_settled(enum cb_guard);

/* What a caller may do now on a case, with what is recorded. */
struct cb_flow_case {
	enum cb_case_type	 type;
	const char		*state;
	int			 role;		/* enum cb_role */
	int			 consent;	/* to data processing */
	const struct cb_facts	*facts;		/* recorded facts */
};

/* Transitions the caller may take from the case's state whose guard
 * does not already fail on the record; returns the count written to
 * out (at most max). */
size_t			 cb_flow_allowed(const struct cb_flow_case *,
			    const struct cb_transition **out, size_t max);

enum cb_plan_kind {
	CB_PLAN_MOVE,		/* the case moves now */
	CB_PLAN_PROPOSE		/* it waits in tr->pending for a decision */
};

struct cb_plan {
	enum cb_plan_kind		 kind;
	const struct cb_transition	*tr;
	const struct cb_state		*to;	/* where the case is now */
	const char			*stage;	/* of to, or kept */
	const char			*htcds;
	const char			*target;	/* tr->to */
};

/*
 * The decision on a request to move a case to target with the values
 * of the transition's form (already validated by cb_form_from_*): the
 * transition must exist from the case's state for the caller's role,
 * the guard must hold on the recorded facts overlaid with the values,
 * a budget needs its currency, a case without consent to data
 * processing takes no personal value. Returns 0 with *plan set, or -1
 * with *errkey (err.transition, guard.*, ...) and field errors in fe.
 * current_stage and current_htcds are the case's (a pending state keeps
 * them).
 */
int	cb_flow_decide(const struct cb_flow_case *, const char *target,
	    const struct cb_values *, const char *current_stage,
	    const char *current_htcds, struct cb_plan *,
	    struct cb_ferrors *fe, const char **errkey);

/*
 * The decision on a pending request: approve moves the case from the
 * pending state to the transition's target (the guard judged again on
 * the facts as they would be), reject moves it back to from_state.
 * Only a supervisor decides; who requested it is checked by the caller
 * (and by the database). from_stage/from_htcds are the case's now.
 */
int	cb_flow_decide_approval(enum cb_case_type, const char *state,
	    const char *from_state, const char *target, int approve,
	    int role, const struct cb_facts *, const char *cur_stage,
	    const char *cur_htcds, struct cb_plan *, const char **errkey);

#endif
