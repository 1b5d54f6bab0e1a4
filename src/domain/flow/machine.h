/*
 * flow/machine: how the lifecycle tables are laid out, shared by the
 * tables (avrr.c, ct.c), the fields they share (fields.c) and the
 * engine. Private to src/domain/flow.
 */
#ifndef CB_FLOW_MACHINE_H
#define CB_FLOW_MACHINE_H

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"

#define FIELDS(a)	(a), NITEMS(a)
#define NOFIELDS	NULL, 0
#define CW		CB_ROLE_CASEWORKER
#define CW_SUP		(CB_ROLE_CASEWORKER | CB_ROLE_SUPERVISOR)

struct machine {
	enum cb_case_type		 type;
	const char			*name;
	const char			*initial;
	const struct cb_state		*states;
	size_t				 nstates;
	const struct cb_transition	*trans;
	size_t				 ntrans;
};

extern const struct machine	cb_flow_avrr;
extern const struct machine	cb_flow_ct;

/* Fields more than one transition collects (fields.c); sized here so
 * that the tables can count them in their initialisers. */
extern const struct cb_field	cb_flow_close_fields[2];
extern const struct cb_field	cb_flow_reopen_fields[1];
extern const struct cb_field	cb_flow_revise_fields[1];

#define CLOSE_FIELDS	FIELDS(cb_flow_close_fields)
#define REOPEN_FIELDS	FIELDS(cb_flow_reopen_fields)
#define REVISE_FIELDS	FIELDS(cb_flow_revise_fields)

/* A closure from a state, and a reopening to one: both need a
 * supervisor's approval and wait in their pending state. */
#define CLOSE(t, from, to)						\
	{ (t), (from), (to), CW, CB_APPROVAL_YES, "closure",		\
	    "closure_pending_approval", CB_G_NONE, CLOSE_FIELDS }
#define REOPEN(t, from, to, guard)					\
	{ (t), (from), (to), CW_SUP, CB_APPROVAL_YES, "reopening",	\
	    "reopening_pending_approval", (guard), REOPEN_FIELDS }

/* Free text of a note: sensitive (E2), sealed, may span lines. */
#define NOTE(name, req)							\
	{ (name), CB_F_TEXT, CB_CLASS_E2, (req), 2000, NULL, 1 }

#endif
