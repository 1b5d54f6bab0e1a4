/*
 * flow/engine: lookups over the lifecycle tables, what a caller may do
 * now, and the decisions: a request to move a case, and a supervisor's
 * decision on a pending one. Pure: the web layer hands in a snapshot
 * of the case and the validated values, and the store applies the plan
 * only if the case is still where it was decided.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "machine.h"

static const struct machine	*machines[] = { &cb_flow_avrr, &cb_flow_ct };

static const struct machine	*machine(enum cb_case_type);
static int	 budget_rules(const struct cb_transition *,
		    const struct cb_values *, struct cb_ferrors *,
		    int *costed);
static void	 keep_stage(const struct cb_state *, const char *,
		    const char *, struct cb_plan *);
static void	 record(const struct cb_flow_case *, struct cb_facts *);

const char *const cb_flow_stages[] = {
	"intake", "screening", "referral", "return", "reintegration",
	"closed", NULL
};

static const struct machine *
machine(enum cb_case_type type)
{
	size_t		i;

	for (i = 0; i < NITEMS(machines); i++) {
		if (machines[i]->type == type)
			return (machines[i]);
	}
	return (NULL);
}

int
cb_case_type_parse(const char *name, enum cb_case_type *out)
{
	size_t		i;

	if (name == NULL)
		return (-1);
	for (i = 0; i < NITEMS(machines); i++) {
		if (strcmp(machines[i]->name, name) == 0) {
			if (out != NULL)
				*out = machines[i]->type;
			return (0);
		}
	}
	return (-1);
}

const char *
cb_case_type_name(enum cb_case_type type)
{
	const struct machine	*m;

	return ((m = machine(type)) != NULL ? m->name : NULL);
}

const char *
cb_flow_initial(enum cb_case_type type)
{
	const struct machine	*m;

	return ((m = machine(type)) != NULL ? m->initial : NULL);
}

const struct cb_state *
cb_flow_state(enum cb_case_type type, const char *name)
{
	const struct machine	*m;
	size_t			 i;

	if ((m = machine(type)) == NULL || name == NULL)
		return (NULL);
	for (i = 0; i < m->nstates; i++) {
		if (strcmp(m->states[i].name, name) == 0)
			return (&m->states[i]);
	}
	return (NULL);
}

int
cb_flow_pending(enum cb_case_type type, const char *name)
{
	const struct cb_state	*st;

	return ((st = cb_flow_state(type, name)) != NULL && st->stage == NULL);
}

const struct cb_transition *
cb_flow_find(enum cb_case_type type, const char *from, const char *to)
{
	const struct machine	*m;
	size_t			 i;

	if ((m = machine(type)) == NULL || from == NULL || to == NULL)
		return (NULL);
	for (i = 0; i < m->ntrans; i++) {
		if (strcmp(m->trans[i].from, from) == 0 &&
		    strcmp(m->trans[i].to, to) == 0)
			return (&m->trans[i]);
	}
	return (NULL);
}

const struct cb_state *
cb_flow_states(enum cb_case_type type, size_t *n)
{
	const struct machine	*m;

	if ((m = machine(type)) == NULL) {
		*n = 0;
		return (NULL);
	}
	*n = m->nstates;
	return (m->states);
}

const struct cb_transition *
cb_flow_transitions(enum cb_case_type type, size_t *n)
{
	const struct machine	*m;

	if ((m = machine(type)) == NULL) {
		*n = 0;
		return (NULL);
	}
	*n = m->ntrans;
	return (m->trans);
}

/* The facts guards read: the record, and the person's consent. */
static void
record(const struct cb_flow_case *fc, struct cb_facts *out)
{
	size_t		i;

	cb_facts_init(out);
	for (i = 0; fc->facts != NULL && i < fc->facts->n; i++)
		(void)cb_facts_set(out, fc->facts->name[i],
		    fc->facts->value[i], strlen(fc->facts->value[i]));
	(void)cb_facts_set(out, "data_consent", fc->consent ? "true" : "false",
	    fc->consent ? 4 : 5);
}

size_t
cb_flow_allowed(const struct cb_flow_case *fc,
    const struct cb_transition **out, size_t max)
{
	const struct machine		*m;
	const struct cb_transition	*t;
	struct cb_facts			 facts;
	size_t				 i, n;

	if ((m = machine(fc->type)) == NULL || fc->state == NULL ||
	    out == NULL)
		return (0);

	record(fc, &facts);
	n = 0;
	for (i = 0; i < m->ntrans && n < max; i++) {
		t = &m->trans[i];
		if ((t->roles & fc->role) == 0 || strcmp(t->from, fc->state))
			continue;
		if (cb_flow_guard_settled(t->guard) &&
		    cb_flow_guard(t->guard, &facts) != NULL)
			continue;
		out[n++] = t;
	}
	cb_facts_clear(&facts);
	return (n);
}

/*
 * A budget (<prefix>_budget) needs its currency (<prefix>_currency);
 * *costed is set when a budget above zero was given.
 */
static int
budget_rules(const struct cb_transition *tr, const struct cb_values *vals,
    struct cb_ferrors *fe, int *costed)
{
	const char	*name, *v;
	char		 cur[64];
	size_t		 i, len;

	*costed = 0;
	for (i = 0; i < tr->nfields; i++) {
		name = tr->fields[i].name;
		len = strlen(name);
		if (len < 7 || strcmp(name + len - 7, "_budget") != 0)
			continue;
		if ((v = cb_values_get(vals, name)) == NULL || *v == '\0')
			continue;
		if (strtod(v, NULL) > 0.0)
			*costed = 1;
		if (len - 7 + sizeof("_currency") > sizeof(cur))
			continue;
		memcpy(cur, name, len - 7);
		memcpy(cur + len - 7, "_currency", sizeof("_currency"));
		v = cb_values_get(vals, cur);
		if (v == NULL || *v == '\0')
			cb_ferrors_add(fe, cur, "err.currency_required");
	}
	return (fe->n > 0 ? -1 : 0);
}

/* A pending state keeps the stage and status the case had. */
static void
keep_stage(const struct cb_state *to, const char *stage, const char *htcds,
    struct cb_plan *plan)
{
	plan->to = to;
	plan->stage = to->stage != NULL ? to->stage : stage;
	plan->htcds = to->htcds != NULL ? to->htcds : htcds;
}

int
cb_flow_decide(const struct cb_flow_case *fc, const char *target,
    const struct cb_values *vals, const char *cur_stage,
    const char *cur_htcds, struct cb_plan *plan, struct cb_ferrors *fe,
    const char **errkey)
{
	const struct cb_transition	*tr;
	const struct cb_state		*to;
	struct cb_facts			 facts;
	const char			*why, *v;
	size_t				 i;
	int				 costed, ret;

	ret = -1;
	cb_facts_init(&facts);
	memset(plan, 0, sizeof(*plan));
	*errkey = "err.invalid";

	tr = cb_flow_find(fc->type, fc->state, target);
	if (tr == NULL || (tr->roles & fc->role) == 0) {
		cb_ferrors_add(fe, "to", "err.transition");
		*errkey = "err.transition";
		goto cleanup;
	}

	/* A case without consent takes no further personal value. */
	if (!fc->consent) {
		for (i = 0; i < tr->nfields; i++) {
			v = cb_values_get(vals, tr->fields[i].name);
			if (!tr->fields[i].personal || v == NULL ||
			    *v == '\0' || strcmp(v, "false") == 0)
				continue;
			cb_ferrors_add(fe, tr->fields[i].name,
			    "err.consent_required");
		}
		if (fe->n > 0)
			goto cleanup;
	}
	if (budget_rules(tr, vals, fe, &costed) == -1)
		goto cleanup;

	/* The guard reads the record as it would be after the move. */
	cb_facts_clear(&facts);
	record(fc, &facts);
	cb_facts_overlay(&facts, vals);
	if ((why = cb_flow_guard(tr->guard, &facts)) != NULL) {
		*errkey = why;
		goto cleanup;
	}

	plan->tr = tr;
	plan->target = tr->to;
	if (tr->approval == CB_APPROVAL_YES ||
	    (tr->approval == CB_APPROVAL_IF_COSTED && costed)) {
		plan->kind = CB_PLAN_PROPOSE;
		to = cb_flow_state(fc->type, tr->pending);
	} else {
		plan->kind = CB_PLAN_MOVE;
		to = cb_flow_state(fc->type, tr->to);
	}
	if (to == NULL) {
		*errkey = "err.internal";
		goto cleanup;
	}
	keep_stage(to, cur_stage, cur_htcds, plan);
	*errkey = NULL;
	ret = 0;

cleanup:
	cb_facts_clear(&facts);
	return (ret);
}

int
cb_flow_decide_approval(enum cb_case_type type, const char *state,
    const char *from_state, const char *target, int approve, int role,
    const struct cb_facts *facts, const char *cur_stage,
    const char *cur_htcds, struct cb_plan *plan, const char **errkey)
{
	const struct cb_transition	*tr;
	const struct cb_state		*to, *from;
	const char			*why;

	memset(plan, 0, sizeof(*plan));
	*errkey = "err.forbidden";
	if (role != CB_ROLE_SUPERVISOR)
		return (-1);

	*errkey = "err.stale";
	tr = cb_flow_find(type, from_state, target);
	if (tr == NULL || tr->pending == NULL ||
	    state == NULL || strcmp(tr->pending, state) != 0)
		return (-1);

	if (approve) {
		if ((why = cb_flow_guard(tr->guard, facts)) != NULL) {
			*errkey = why;
			return (-1);
		}
		to = cb_flow_state(type, tr->to);
	} else
		to = cb_flow_state(type, from_state);
	if (to == NULL) {
		*errkey = "err.internal";
		return (-1);
	}

	/* Back in the state it came from: the stage it had there. */
	from = cb_flow_state(type, from_state);
	plan->kind = CB_PLAN_MOVE;
	plan->tr = tr;
	plan->target = to->name;
	if (to->stage == NULL && from != NULL)
		keep_stage(to, from->stage, from->htcds, plan);
	else
		keep_stage(to, cur_stage, cur_htcds, plan);
	*errkey = NULL;
	return (0);
}
