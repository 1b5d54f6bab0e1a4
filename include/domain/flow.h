/*
 * flow: the AVRR and CT case state machines, as data. A transition
 * names the roles allowed, whether a supervisor's approval is needed,
 * its guard and the fields it collects.
 */
#ifndef CB_FLOW_H
#define CB_FLOW_H

#include <stddef.h>

struct cb_field;

enum cb_case_type {
	CB_CASE_AVRR,
	CB_CASE_CT
};

struct cb_state {
	const char	*name;		/* fine-grained state */
	const char	*stage;		/* intake|screening|referral|... */
	const char	*htcds;		/* Active|FollowUp|Closed|... */
};

struct cb_transition {
	enum cb_case_type	 type;
	const char		*from;
	const char		*to;
	int			 roles;		/* enum cb_role bit mask */
	int			 requires_approval;
	const char		*guard;		/* NULL or guard name */
	const struct cb_field	*fields;
	size_t			 nfields;
};

/* 0 and *out set for "AVRR" or "CT", else -1. */
int			 cb_case_type_parse(const char *, enum cb_case_type *);
const char		*cb_case_type_name(enum cb_case_type);
const char		*cb_flow_initial(enum cb_case_type);
const struct cb_state	*cb_flow_state(enum cb_case_type, const char *);
/* Transitions from state that role may take; returns the count
 * written to out (at most max). */
size_t			 cb_flow_allowed(enum cb_case_type, const char *state,
			    int role, const struct cb_transition **out,
			    size_t max);
const struct cb_transition *cb_flow_find(enum cb_case_type,
			    const char *from, const char *to);
/* The whole machine (states, transitions) and its size in *n, for
 * renderers, the i18n catalogue check and tests. */
const struct cb_state	*cb_flow_states(enum cb_case_type, size_t *n);
const struct cb_transition *cb_flow_transitions(enum cb_case_type,
			    size_t *n);

/* What the guards look at; more facts arrive with later stages. */
struct cb_guard_facts {
	int	data_consent;
};

/* 1 when the named guard holds; guards whose facts are not recorded
 * by this version never hold, so the transition is refused. */
int	cb_flow_guard(const char *, const struct cb_guard_facts *);

#endif
