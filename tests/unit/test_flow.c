/*
 * Unit tests for domain/flow: the two lifecycles as graphs (known
 * states, every state reachable, a way to closure from everywhere, one
 * row per move), the domain's promises (withdrawal until departure,
 * approvals for return, costed plans, closures and reopenings, a closed
 * case takes nothing but a reopening), who may propose, every guard in
 * both directions, and the decisions: a move or a request, a
 * supervisor's decision, a budget without its currency, a pseudonymous
 * case refusing personal values. Ends with both lifecycles walked from
 * their first state to closed by the engine alone.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/policy.h"
#include "text/json.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define STATES_MAX	32
#define CW		CB_ROLE_CASEWORKER
#define SUP		CB_ROLE_SUPERVISOR

static const enum cb_case_type	types[] = { CB_CASE_AVRR, CB_CASE_CT };

/* A decision under test: the case, the values, what came out. */
struct trial {
	enum cb_case_type	 type;
	const char		*state;
	int			 role;
	int			 consent;
	struct cb_facts		 facts;
	struct cb_form		 form;
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_plan		 plan;
	const char		*why;
};

static size_t	 state_index(enum cb_case_type, const char *);
static int	 is_closed(const char *);
static void	 trial_init(struct trial *, enum cb_case_type, const char *,
		    int);
static void	 trial_done(struct trial *);
static void	 fact(struct trial *, const char *, const char *);
static int	 try(struct trial *, const char *, const char *);
static int	 validate(const struct cb_transition *, const char *);

static size_t
state_index(enum cb_case_type type, const char *name)
{
	const struct cb_state	*st;
	size_t			 i, n;

	st = cb_flow_states(type, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(st[i].name, name) == 0)
			return (i);
	}
	fail_msg("%s: no state %s", cb_case_type_name(type), name);
	return (0);
}

static int
is_closed(const char *name)
{
	return (strcmp(name, "closed") == 0 ||
	    strcmp(name, "closed_referred") == 0);
}

static void
trial_init(struct trial *t, enum cb_case_type type, const char *state,
    int role)
{
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->state = state;
	t->role = role;
	t->consent = 1;
	cb_facts_init(&t->facts);
}

static void
trial_done(struct trial *t)
{
	cb_values_clear(&t->vals);
	cb_facts_clear(&t->facts);
}

static void
fact(struct trial *t, const char *name, const char *value)
{
	assert_int_equal(cb_facts_set(&t->facts, name, value, strlen(value)),
	    0);
}

/*
 * Validates doc against the transition's form (as the handler does)
 * and asks the engine; 0 when it plans, -1 with t->why otherwise.
 */
static int
try(struct trial *t, const char *to, const char *doc)
{
	const struct cb_transition	*tr;
	struct cb_flow_case		 fc;
	struct cb_json			*j;
	int				 rc;

	cb_values_clear(&t->vals);
	memset(&t->fe, 0, sizeof(t->fe));
	memset(&t->form, 0, sizeof(t->form));
	t->form.name = "transition";
	if ((tr = cb_flow_find(t->type, t->state, to)) != NULL) {
		t->form.fields = tr->fields;
		t->form.nfields = tr->nfields;
		assert_int_equal(cb_json_parse(doc, strlen(doc), &j, NULL), 0);
		rc = cb_form_from_json(&t->form, j, &t->vals, &t->fe);
		cb_json_free(j);
		if (rc == -1) {
			t->why = "form";
			return (-1);
		}
	}
	memset(&fc, 0, sizeof(fc));
	fc.type = t->type;
	fc.state = t->state;
	fc.role = t->role;
	fc.facts = &t->facts;
	fc.consent = t->consent;
	return (cb_flow_decide(&fc, to, &t->vals, "intake",
	    "Active", &t->plan, &t->fe, &t->why));
}

/* Validates a JSON document against a transition's field list. */
static int
validate(const struct cb_transition *tr, const char *doc)
{
	struct cb_form		 form;
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j;
	int			 rc;

	memset(&vals, 0, sizeof(vals));
	form.name = "transition";
	form.fields = tr->fields;
	form.nfields = tr->nfields;
	assert_int_equal(cb_json_parse(doc, strlen(doc), &j, NULL), 0);
	rc = cb_form_from_json(&form, j, &vals, &fe);
	cb_json_free(j);
	cb_values_clear(&vals);
	return (rc);
}

static void
test_types(void **state)
{
	enum cb_case_type	t;

	assert_int_equal(cb_case_type_parse("AVRR", &t), 0);
	assert_int_equal(t, CB_CASE_AVRR);
	assert_int_equal(cb_case_type_parse("CT", &t), 0);
	assert_int_equal(t, CB_CASE_CT);
	assert_int_equal(cb_case_type_parse("avrr", &t), -1);
	assert_int_equal(cb_case_type_parse(NULL, &t), -1);
	assert_string_equal(cb_flow_initial(CB_CASE_AVRR),
	    "intake_registered");
	assert_string_equal(cb_flow_initial(CB_CASE_CT), "identified");
}

/* States: unique, staged (or pending: kept), known stages. */
static void
test_states(void **state)
{
	const struct cb_state	*st;
	size_t			 i, j, k, n;
	int			 known;

	for (k = 0; k < NITEMS(types); k++) {
		st = cb_flow_states(types[k], &n);
		assert_true(n > 5 && n <= STATES_MAX);
		for (i = 0; i < n; i++) {
			for (j = i + 1; j < n; j++)
				assert_string_not_equal(st[i].name,
				    st[j].name);
			assert_ptr_equal(cb_flow_state(types[k], st[i].name),
			    &st[i]);
			if (st[i].stage == NULL) {
				assert_null(st[i].htcds);
				assert_true(cb_flow_pending(types[k],
				    st[i].name));
				assert_non_null(strstr(st[i].name,
				    "_pending_approval"));
				continue;
			}
			assert_false(cb_flow_pending(types[k], st[i].name));
			for (j = 0, known = 0; cb_flow_stages[j] != NULL; j++)
				known |= strcmp(cb_flow_stages[j],
				    st[i].stage) == 0;
			assert_true(known);
			/* A closed case accepts no work. */
			if (strcmp(st[i].stage, "closed") == 0)
				assert_false(st[i].open);
		}
		assert_null(cb_flow_state(types[k], "nowhere"));
		assert_null(cb_flow_state(types[k], NULL));
	}
	assert_string_equal(cb_flow_state(CB_CASE_AVRR, "monitoring")->htcds,
	    "FollowUp");
	assert_string_equal(cb_flow_state(CB_CASE_CT,
	    "closed_referred")->htcds, "ClosedReferred");
	assert_null(cb_flow_state(CB_CASE_CT, "withdrawn"));
}

/* Rows: known states, one per move, approvals with a kind and a
 * pending state, fields the validator accepts. */
static void
test_rows(void **state)
{
	const struct cb_transition	*tr;
	const struct cb_state		*p;
	size_t				 i, j, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++) {
			assert_int_equal(tr[i].type, types[k]);
			assert_non_null(cb_flow_state(types[k], tr[i].from));
			assert_non_null(cb_flow_state(types[k], tr[i].to));
			assert_false(cb_flow_pending(types[k], tr[i].to));
			for (j = i + 1; j < n; j++)
				assert_false(strcmp(tr[i].from, tr[j].from)
				    == 0 && strcmp(tr[i].to, tr[j].to) == 0);
			assert_ptr_equal(cb_flow_find(types[k], tr[i].from,
			    tr[i].to), &tr[i]);
			if (tr[i].approval == CB_APPROVAL_NO) {
				assert_null(tr[i].pending);
				assert_null(tr[i].kind);
			} else {
				assert_non_null(tr[i].kind);
				p = cb_flow_state(types[k], tr[i].pending);
				assert_non_null(p);
				assert_null(p->stage);
			}
			assert_true(tr[i].nfields <= CB_FORM_MAX);
			for (j = 0; j < tr[i].nfields; j++) {
				/* Q fields are counted: they are facts. */
				if (tr[i].fields[j].class == CB_CLASS_Q)
					assert_non_null(cb_fact_def(
					    tr[i].fields[j].name));
				/* Sealed values are never facts. */
				if (tr[i].fields[j].class == CB_CLASS_E1 ||
				    tr[i].fields[j].class == CB_CLASS_E2) {
					assert_null(cb_fact_def(
					    tr[i].fields[j].name));
					assert_true(tr[i].fields[j].personal);
				}
				if (tr[i].fields[j].type == CB_F_ENUM ||
				    tr[i].fields[j].type == CB_F_MULTI)
					assert_non_null(
					    tr[i].fields[j].options);
			}
			/* An empty form is refused exactly when a field is
			 * required. */
			for (j = 0; j < tr[i].nfields; j++)
				if (tr[i].fields[j].required == CB_REQ_YES)
					break;
			assert_int_equal(validate(&tr[i], "{}"),
			    j < tr[i].nfields ? -1 : 0);
		}
		assert_null(cb_flow_find(types[k], "closed", "departed"));
		assert_null(cb_flow_find(types[k], NULL, "closed"));
		assert_null(cb_flow_find(types[k], "closed", NULL));
	}
	assert_null(cb_flow_find(CB_CASE_CT, "intake_registered",
	    "counselling"));
}

/* Every state reachable from the first; from every open state a way
 * to a closed one. */
static void
test_graph(void **state)
{
	const struct cb_transition	*tr;
	const struct cb_state		*st;
	int				 seen[STATES_MAX], ends[STATES_MAX];
	size_t				 i, k, n, ns;
	int				 changed;

	for (k = 0; k < NITEMS(types); k++) {
		st = cb_flow_states(types[k], &ns);
		tr = cb_flow_transitions(types[k], &n);
		memset(seen, 0, sizeof(seen));
		memset(ends, 0, sizeof(ends));
		seen[state_index(types[k], cb_flow_initial(types[k]))] = 1;
		for (i = 0; i < ns; i++)
			ends[i] = is_closed(st[i].name);
		do {
			changed = 0;
			for (i = 0; i < n; i++) {
				size_t	f, t, p;

				f = state_index(types[k], tr[i].from);
				t = state_index(types[k], tr[i].to);
				if (seen[f] && !seen[t])
					seen[t] = changed = 1;
				if (ends[t] && !ends[f])
					ends[f] = changed = 1;
				if (tr[i].pending == NULL)
					continue;
				p = state_index(types[k], tr[i].pending);
				if (seen[f] && !seen[p])
					seen[p] = changed = 1;
				/* A request is decided or withdrawn. */
				if ((ends[t] || ends[f]) && !ends[p])
					ends[p] = changed = 1;
			}
		} while (changed);
		for (i = 0; i < ns; i++) {
			if (!seen[i])
				fail_msg("%s: %s is unreachable",
				    cb_case_type_name(types[k]), st[i].name);
			if (!ends[i])
				fail_msg("%s: %s never closes",
				    cb_case_type_name(types[k]), st[i].name);
		}
	}
}

/* Caseworkers propose; a supervisor only asks to reopen; the other
 * roles take no transition at all. */
static void
test_roles(void **state)
{
	static const int	 others[] = {
		CB_ROLE_PARTNER, CB_ROLE_AUDITOR, CB_ROLE_ADMIN, CB_ROLE_NONE
	};
	const struct cb_transition *tr, *out[STATES_MAX];
	const struct cb_state	*st;
	struct cb_flow_case	 fc;
	struct cb_facts		 f;
	size_t			 i, j, k, n, ns;

	cb_facts_init(&f);
	for (k = 0; k < NITEMS(types); k++) {
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++) {
			assert_true(tr[i].roles & CW);
			if (tr[i].roles & SUP)
				assert_string_equal(tr[i].kind, "reopening");
			for (j = 0; j < NITEMS(others); j++)
				assert_false(tr[i].roles & others[j]);
		}
		st = cb_flow_states(types[k], &ns);
		for (i = 0; i < ns; i++) {
			memset(&fc, 0, sizeof(fc));
			fc.type = types[k];
			fc.state = st[i].name;
			fc.facts = &f;
			fc.consent = 1;
			for (j = 0; j < NITEMS(others); j++) {
				fc.role = others[j];
				assert_int_equal(cb_flow_allowed(&fc, out,
				    NITEMS(out)), 0);
			}
		}
	}
	cb_facts_clear(&f);
}

/* Return is voluntary until departure: every state before it can be
 * withdrawn from, without approval; none after. */
static void
test_withdrawal(void **state)
{
	static const char *const before[] = {
		"intake_registered", "counselling", "screening",
		"return_planning", "return_pending_approval",
		"travel_preparation"
	};
	static const char *const after[] = {
		"departed", "arrived", "reintegration_planning",
		"reintegration_assistance", "monitoring", "closed"
	};
	const struct cb_transition	*t;
	size_t				 i;

	for (i = 0; i < NITEMS(before); i++) {
		t = cb_flow_find(CB_CASE_AVRR, before[i], "withdrawn");
		if (t == NULL)
			fail_msg("no withdrawal from %s", before[i]);
		assert_int_equal(t->approval, CB_APPROVAL_NO);
		assert_int_equal(t->guard, CB_G_NONE);
	}
	for (i = 0; i < NITEMS(after); i++)
		assert_null(cb_flow_find(CB_CASE_AVRR, after[i], "withdrawn"));
	t = cb_flow_find(CB_CASE_AVRR, "withdrawn", "closed");
	assert_non_null(t);
	assert_int_equal(t->approval, CB_APPROVAL_YES);
}

/* What needs a supervisor: return, costed plans, every closure, every
 * reopening; a closed case takes nothing but a reopening. */
static void
test_approvals(void **state)
{
	const struct cb_transition	*tr, *t;
	size_t				 i, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++) {
			if (is_closed(tr[i].to)) {
				assert_int_equal(tr[i].approval,
				    CB_APPROVAL_YES);
				assert_string_equal(tr[i].kind, "closure");
			}
			if (is_closed(tr[i].from)) {
				assert_int_equal(tr[i].approval,
				    CB_APPROVAL_YES);
				assert_string_equal(tr[i].kind, "reopening");
			}
		}
	}
	t = cb_flow_find(CB_CASE_AVRR, "return_planning", "travel_preparation");
	assert_int_equal(t->approval, CB_APPROVAL_YES);
	assert_string_equal(t->kind, "return");
	assert_int_equal(t->guard, CB_G_CHILD_SAFEGUARDS);
	t = cb_flow_find(CB_CASE_AVRR, "reintegration_planning",
	    "reintegration_assistance");
	assert_int_equal(t->approval, CB_APPROVAL_IF_COSTED);
	t = cb_flow_find(CB_CASE_CT, "support_plan", "referral");
	assert_int_equal(t->approval, CB_APPROVAL_IF_COSTED);
	t = cb_flow_find(CB_CASE_AVRR, "travel_preparation", "departed");
	assert_int_equal(t->guard, CB_G_FIT_TO_TRAVEL);
	assert_int_equal(t->approval, CB_APPROVAL_NO);
	t = cb_flow_find(CB_CASE_AVRR, "intake_registered", "counselling");
	assert_int_equal(t->guard, CB_G_DATA_CONSENT);
}

/* A transition that does not exist here, or not for this role. */
static void
test_decide_refusals(void **state)
{
	struct trial	t;

	trial_init(&t, CB_CASE_AVRR, "screening", SUP);
	assert_int_equal(try(&t, "withdrawn",
	    "{\"withdrawal_date\":\"2026-01-05\"}"), -1);
	assert_string_equal(t.why, "err.transition");
	assert_string_equal(cb_ferrors_get(&t.fe, "to"), "err.transition");
	trial_done(&t);

	trial_init(&t, CB_CASE_AVRR, "screening", CW);
	assert_int_equal(try(&t, "departed", "{}"), -1);
	assert_string_equal(t.why, "err.transition");
	assert_int_equal(try(&t, "nowhere", "{}"), -1);
	trial_done(&t);

	/* A closed case: only a reopening. */
	trial_init(&t, CB_CASE_AVRR, "closed", CW);
	assert_int_equal(try(&t, "screening", "{}"), -1);
	assert_string_equal(t.why, "err.transition");
	assert_int_equal(try(&t, "withdrawn",
	    "{\"withdrawal_date\":\"2026-01-05\"}"), -1);
	assert_int_equal(try(&t, "counselling",
	    "{\"reopen_reason\":\"came back\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	assert_string_equal(t.plan.to->name, "reopening_pending_approval");
	trial_done(&t);

	/* A CT transition on an AVRR case's state name does not exist. */
	trial_init(&t, CB_CASE_CT, "screening", CW);
	assert_int_equal(try(&t, "return_planning", "{}"), -1);
	trial_done(&t);

	/* A missing required field is the form's error. */
	trial_init(&t, CB_CASE_AVRR, "travel_preparation", CW);
	assert_int_equal(try(&t, "departed", "{\"fit_to_travel\":\"fit\"}"),
	    -1);
	assert_string_equal(t.why, "form");
	assert_string_equal(cb_ferrors_get(&t.fe, "departure_date"),
	    "err.required");
	trial_done(&t);
}

static void
test_guard_consent(void **state)
{
	struct trial			 t;
	const struct cb_transition	*out[16];
	struct cb_flow_case		 fc;
	size_t				 i, n;

	trial_init(&t, CB_CASE_AVRR, "intake_registered", CW);
	t.consent = 0;
	assert_int_equal(try(&t, "counselling",
	    "{\"counselling_date\":\"2026-01-05\"}"), -1);
	assert_string_equal(t.why, "guard.data_consent");
	/* Not offered at all: the guard reads only the record. */
	memset(&fc, 0, sizeof(fc));
	fc.type = CB_CASE_AVRR;
	fc.state = "intake_registered";
	fc.role = CW;
	fc.facts = &t.facts;
	fc.consent = 0;
	n = cb_flow_allowed(&fc, out, NITEMS(out));
	assert_true(n > 0);
	for (i = 0; i < n; i++)
		assert_string_not_equal(out[i]->to, "counselling");
	/* Withdrawal is, without personal values. */
	assert_int_equal(try(&t, "withdrawn",
	    "{\"withdrawal_date\":\"2026-01-05\"}"), 0);
	assert_int_equal(try(&t, "withdrawn",
	    "{\"withdrawal_date\":\"2026-01-05\","
	    "\"withdrawal_note\":\"x\"}"), -1);
	assert_string_equal(cb_ferrors_get(&t.fe, "withdrawal_note"),
	    "err.consent_required");
	t.consent = 1;
	assert_int_equal(try(&t, "counselling",
	    "{\"counselling_date\":\"2026-01-05\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_MOVE);
	assert_string_equal(t.plan.to->name, "counselling");
	trial_done(&t);
}

static void
test_guard_return(void **state)
{
	struct trial	t;

	trial_init(&t, CB_CASE_AVRR, "screening", CW);
	assert_int_equal(try(&t, "return_planning",
	    "{\"migration_status\":\"irregular_migrant\","
	    "\"return_declaration\":true}"), -1);
	assert_string_equal(t.why, "guard.consent_share");
	assert_int_equal(try(&t, "return_planning",
	    "{\"migration_status\":\"irregular_migrant\","
	    "\"consent_share\":true}"), -1);
	assert_string_equal(t.why, "guard.return_declaration");
	/* A protection need sends the case out of return. */
	assert_int_equal(try(&t, "return_planning",
	    "{\"migration_status\":\"asylum_seeker\","
	    "\"protection_need\":true,\"return_declaration\":true,"
	    "\"consent_share\":true}"), -1);
	assert_string_equal(t.why, "guard.protection_need");
	assert_int_equal(try(&t, "closed",
	    "{\"closure_reason\":\"protection_need_identified\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	assert_int_equal(try(&t, "return_planning",
	    "{\"migration_status\":\"irregular_migrant\","
	    "\"trafficking_indicators\":true,\"return_declaration\":true,"
	    "\"consent_share\":true}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_MOVE);
	assert_string_equal(t.plan.stage, "return");
	trial_done(&t);
}

/* An unaccompanied child's return: determination and guardian consent
 * before it can be asked for, and again when it is decided. */
static void
test_guard_child(void **state)
{
	struct trial	t;
	struct cb_plan	p;
	const char	*why;

	trial_init(&t, CB_CASE_AVRR, "return_planning", CW);
	fact(&t, "vulnerabilities", "elderly,unaccompanied_child");
	assert_int_equal(try(&t, "travel_preparation",
	    "{\"destination_country\":\"AF\"}"), -1);
	assert_string_equal(t.why, "guard.child_bid");
	assert_int_equal(try(&t, "travel_preparation",
	    "{\"destination_country\":\"AF\",\"bid_date\":\"2026-01-05\"}"),
	    -1);
	assert_string_equal(t.why, "guard.child_guardian");
	assert_int_equal(try(&t, "travel_preparation",
	    "{\"destination_country\":\"AF\",\"bid_date\":\"2026-01-05\","
	    "\"guardian_consent\":true}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	assert_string_equal(t.plan.to->name, "return_pending_approval");
	assert_string_equal(t.plan.target, "travel_preparation");
	trial_done(&t);

	/* By migration status as well. */
	trial_init(&t, CB_CASE_AVRR, "return_planning", CW);
	fact(&t, "migration_status", "separated_or_unaccompanied_child");
	assert_int_equal(try(&t, "travel_preparation",
	    "{\"destination_country\":\"AF\"}"), -1);
	assert_string_equal(t.why, "guard.child_bid");
	/* The supervisor's approval judges it again. */
	assert_int_equal(cb_flow_decide_approval(CB_CASE_AVRR,
	    "return_pending_approval", "return_planning",
	    "travel_preparation", 1, SUP, &t.facts, "return", "Active", &p,
	    &why), -1);
	assert_string_equal(why, "guard.child_bid");
	fact(&t, "bid_date", "2026-01-05");
	fact(&t, "guardian_consent", "true");
	assert_int_equal(cb_flow_decide_approval(CB_CASE_AVRR,
	    "return_pending_approval", "return_planning",
	    "travel_preparation", 1, SUP, &t.facts, "return", "Active", &p,
	    &why), 0);
	trial_done(&t);

	/* An adult needs neither. */
	trial_init(&t, CB_CASE_AVRR, "return_planning", CW);
	fact(&t, "vulnerabilities", "elderly");
	assert_int_equal(try(&t, "travel_preparation",
	    "{\"destination_country\":\"AF\"}"), 0);
	trial_done(&t);
}

static void
test_guard_fit(void **state)
{
	struct trial	t;

	trial_init(&t, CB_CASE_AVRR, "travel_preparation", CW);
	assert_int_equal(try(&t, "departed",
	    "{\"departure_date\":\"2026-01-05\","
	    "\"fit_to_travel\":\"unfit_deferred\"}"), -1);
	assert_string_equal(t.why, "guard.fit_to_travel");
	assert_int_equal(try(&t, "departed",
	    "{\"departure_date\":\"2026-01-05\","
	    "\"fit_to_travel\":\"fit_with_escort\"}"), -1);
	assert_string_equal(t.why, "guard.escort_booked");
	assert_int_equal(try(&t, "departed",
	    "{\"departure_date\":\"2026-01-05\","
	    "\"fit_to_travel\":\"fit_with_escort\",\"escort_booked\":true}"),
	    0);
	/* An escort asked for with the return must be booked too. */
	fact(&t, "escort_needed", "true");
	assert_int_equal(try(&t, "departed",
	    "{\"departure_date\":\"2026-01-05\",\"fit_to_travel\":\"fit\"}"),
	    -1);
	assert_string_equal(t.why, "guard.escort_booked");
	fact(&t, "escort_needed", "false");
	assert_int_equal(try(&t, "departed",
	    "{\"departure_date\":\"2026-01-05\",\"fit_to_travel\":\"fit\"}"),
	    0);
	assert_int_equal(t.plan.kind, CB_PLAN_MOVE);
	trial_done(&t);
}

/* Reopening goes back to where the person was: before departure to
 * counselling, after it to monitoring; only one is offered. */
static void
test_guard_reopen(void **state)
{
	struct trial			 t;
	const struct cb_transition	*out[16];
	struct cb_flow_case		 fc;
	size_t				 n;

	trial_init(&t, CB_CASE_AVRR, "closed", CW);
	memset(&fc, 0, sizeof(fc));
	fc.consent = 1;
	fc.type = CB_CASE_AVRR;
	fc.state = "closed";
	fc.role = CW;
	fc.facts = &t.facts;
	n = cb_flow_allowed(&fc, out, NITEMS(out));
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->to, "counselling");
	assert_int_equal(try(&t, "monitoring", "{\"reopen_reason\":\"x\"}"),
	    -1);
	assert_string_equal(t.why, "guard.departed");

	fact(&t, "departure_date", "2026-01-05");
	n = cb_flow_allowed(&fc, out, NITEMS(out));
	assert_int_equal(n, 1);
	assert_string_equal(out[0]->to, "monitoring");
	assert_int_equal(try(&t, "counselling", "{\"reopen_reason\":\"x\"}"),
	    -1);
	assert_string_equal(t.why, "guard.not_departed");
	/* A supervisor may ask to reopen too (another one decides). */
	t.role = SUP;
	assert_int_equal(try(&t, "monitoring", "{\"reopen_reason\":\"x\"}"),
	    0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	trial_done(&t);
}

static void
test_guard_assistance_consent(void **state)
{
	struct trial	t;

	trial_init(&t, CB_CASE_CT, "consent", CW);
	assert_int_equal(try(&t, "support_plan",
	    "{\"consent_method\":\"signed\",\"consent_date\":\"2026-01-05\"}"),
	    -1);
	assert_string_equal(t.why, "guard.assistance_consent");
	assert_int_equal(try(&t, "support_plan",
	    "{\"consent_assistance\":true,\"consent_method\":\"signed\","
	    "\"consent_date\":\"2026-01-05\"}"), 0);
	trial_done(&t);

	/* Only a victim goes on to consent; "not a victim" closes. */
	trial_init(&t, CB_CASE_CT, "screening_interview", CW);
	assert_int_equal(try(&t, "consent",
	    "{\"trafficking_status\":\"NotAVictimOfTrafficking\","
	    "\"identified_by\":\"NGO\",\"exploitation_types\":[\"Other\"]}"),
	    -1);
	assert_string_equal(cb_ferrors_get(&t.fe, "trafficking_status"),
	    "err.option");
	assert_int_equal(try(&t, "closed",
	    "{\"trafficking_status\":\"NotAVictimOfTrafficking\","
	    "\"closure_reason\":\"ineligible\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	trial_done(&t);
}

/* Costed plans wait for a supervisor; a budget needs its currency. */
static void
test_costed(void **state)
{
	struct trial	t;

	trial_init(&t, CB_CASE_AVRR, "reintegration_planning", CW);
	assert_int_equal(try(&t, "reintegration_assistance",
	    "{\"assistance_types\":[\"cash_grant\"],\"plan_budget\":1500}"), -1);
	assert_string_equal(cb_ferrors_get(&t.fe, "plan_currency"),
	    "err.currency_required");
	assert_int_equal(try(&t, "reintegration_assistance",
	    "{\"assistance_types\":[\"cash_grant\"],\"plan_budget\":1500,"
	    "\"plan_currency\":\"EUR\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	assert_string_equal(t.plan.to->name,
	    "reintegration_plan_pending_approval");
	/* A pending state keeps the stage the case had. */
	assert_string_equal(t.plan.stage, "intake");
	assert_string_equal(t.plan.htcds, "Active");
	assert_int_equal(try(&t, "reintegration_assistance",
	    "{\"assistance_types\":[\"education\"],\"plan_budget\":0,"
	    "\"plan_currency\":\"EUR\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_MOVE);
	assert_int_equal(try(&t, "reintegration_assistance",
	    "{\"assistance_types\":[\"education\"]}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_MOVE);
	assert_string_equal(t.plan.stage, "reintegration");
	trial_done(&t);

	trial_init(&t, CB_CASE_CT, "support_plan", CW);
	assert_int_equal(try(&t, "referral",
	    "{\"plan_type\":\"shelter\",\"plan_objectives\":\"safety\","
	    "\"support_budget\":200.50,\"support_currency\":\"BAM\","
	    "\"planned_end_date\":\"2031-06-30\"}"), 0);
	assert_int_equal(t.plan.kind, CB_PLAN_PROPOSE);
	assert_string_equal(t.plan.to->name, "support_plan_pending_approval");
	trial_done(&t);
}

static void
test_decide_approval(void **state)
{
	struct cb_facts	 f;
	struct cb_plan	 p;
	const char	*why;

	cb_facts_init(&f);
	/* Only a supervisor decides. */
	assert_int_equal(cb_flow_decide_approval(CB_CASE_AVRR,
	    "return_pending_approval", "return_planning",
	    "travel_preparation", 1, CW, &f, "return", "Active", &p, &why),
	    -1);
	assert_string_equal(why, "err.forbidden");
	/* The case must still wait where the request put it. */
	assert_int_equal(cb_flow_decide_approval(CB_CASE_AVRR,
	    "travel_preparation", "return_planning", "travel_preparation", 1,
	    SUP, &f, "return", "Active", &p, &why), -1);
	assert_string_equal(why, "err.stale");
	/* Approve: to the target, with its stage. */
	assert_int_equal(cb_flow_decide_approval(CB_CASE_AVRR,
	    "closure_pending_approval", "monitoring", "closed", 1, SUP, &f,
	    "reintegration", "FollowUp", &p, &why), 0);
	assert_string_equal(p.to->name, "closed");
	assert_string_equal(p.stage, "closed");
	assert_string_equal(p.htcds, "Closed");
	/* Reject: back where it was asked, with that state's stage. */
	assert_int_equal(cb_flow_decide_approval(CB_CASE_AVRR,
	    "closure_pending_approval", "monitoring", "closed", 0, SUP, &f,
	    "reintegration", "FollowUp", &p, &why), 0);
	assert_string_equal(p.to->name, "monitoring");
	assert_string_equal(p.stage, "reintegration");
	assert_string_equal(p.htcds, "FollowUp");
	/* CT closure and referral. */
	assert_int_equal(cb_flow_decide_approval(CB_CASE_CT,
	    "closure_pending_approval", "follow_up", "closed_referred", 1,
	    SUP, &f, "reintegration", "FollowUp", &p, &why), 0);
	assert_string_equal(p.htcds, "ClosedReferred");
	cb_facts_clear(&f);
}

/* Another office's case is not visible, whatever the flow allows. */
static void
test_other_office(void **state)
{
	struct cb_actor		a;
	struct cb_case_ref	ref;

	memset(&a, 0, sizeof(a));
	a.role = CB_ROLE_SUPERVISOR;
	(void)cb_strlcpy(a.office, "Sarajevo", sizeof(a.office));
	memset(&ref, 0, sizeof(ref));
	ref.office = "Belgrade";
	ref.assigned_to = "00000000-0000-0000-0000-000000000001";
	assert_false(cb_policy_case_read(&a, &ref));
	ref.office = "Sarajevo";
	assert_true(cb_policy_case_read(&a, &ref));
}

/*
 * Walks a case from its first state to closed by the engine alone:
 * at each step the first transition offered whose target is the next
 * one on the path, with values for its form; requests are approved.
 */
struct step {
	const char	*to;
	const char	*doc;
};

static void
walk(enum cb_case_type type, const struct step *path, size_t n)
{
	const struct cb_transition	*out[16];
	struct cb_flow_case		 fc;
	struct trial			 t;
	struct cb_plan			 p;
	const char			*why, *state, *from;
	size_t				 i, j, m;
	int				 found;

	trial_init(&t, type, cb_flow_initial(type), CW);
	state = t.state;
	for (i = 0; i < n; i++) {
		memset(&fc, 0, sizeof(fc));
		fc.consent = 1;
		fc.type = type;
		fc.state = state;
		fc.role = CW;
		fc.facts = &t.facts;
		m = cb_flow_allowed(&fc, out, NITEMS(out));
		for (j = 0, found = 0; j < m; j++)
			found |= strcmp(out[j]->to, path[i].to) == 0;
		if (!found)
			fail_msg("%s: %s not offered from %s",
			    cb_case_type_name(type), path[i].to, state);
		t.state = state;
		if (try(&t, path[i].to, path[i].doc) == -1)
			fail_msg("%s -> %s: %s", state, path[i].to, t.why);
		cb_facts_overlay(&t.facts, &t.vals);
		from = state;
		state = t.plan.to->name;
		if (t.plan.kind == CB_PLAN_PROPOSE) {
			assert_int_equal(cb_flow_decide_approval(type, state,
			    from, path[i].to, 1, SUP, &t.facts, "x", "y", &p,
			    &why), 0);
			state = p.to->name;
		}
		assert_string_equal(state, path[i].to);
	}
	assert_true(is_closed(state));
	trial_done(&t);
}

static void
test_walk_avrr(void **state)
{
	static const struct step path[] = {
		{ "counselling", "{\"counselling_date\":\"2026-01-05\"}" },
		{ "screening", "{\"decision_date\":\"2026-01-06\"}" },
		{ "return_planning", "{\"migration_status\":\"stranded_migrant\","
		    "\"return_declaration\":true,\"consent_share\":true}" },
		{ "travel_preparation", "{\"destination_country\":\"PK\","
		    "\"return_budget\":400,\"return_currency\":\"EUR\"}" },
		{ "departed", "{\"departure_date\":\"2026-02-01\","
		    "\"fit_to_travel\":\"fit\"}" },
		{ "arrived", "{\"arrival_date\":\"2026-02-02\"}" },
		{ "reintegration_planning", "{}" },
		{ "reintegration_assistance", "{\"assistance_types\":"
		    "[\"business_start_up_grant\"],\"plan_budget\":1500,"
		    "\"plan_currency\":\"EUR\"}" },
		{ "monitoring", "{}" },
		{ "closed", "{\"closure_reason\":\"completed\"}" },
	};

	walk(CB_CASE_AVRR, path, NITEMS(path));
}

static void
test_walk_ct(void **state)
{
	static const struct step path[] = {
		{ "immediate_assistance", "{\"referral_source\":\"police\","
		    "\"safety_risk\":\"high\"}" },
		{ "screening_interview", "{}" },
		{ "consent", "{\"trafficking_status\":"
		    "\"ActualVictimOfTrafficking\",\"identified_by\":\"NGO\","
		    "\"exploitation_types\":[\"ForcedLabour\"]}" },
		{ "support_plan", "{\"consent_assistance\":true,"
		    "\"consent_method\":\"signed\","
		    "\"consent_date\":\"2026-01-05\"}" },
		{ "referral", "{\"plan_type\":\"shelter\","
		    "\"plan_objectives\":\"safety\"}" },
		{ "durable_solution", "{}" },
		{ "follow_up", "{\"durable_solution\":\"voluntary_return\"}" },
		{ "closed_referred", "{\"closure_reason\":\"referred_out\"}" },
	};

	walk(CB_CASE_CT, path, NITEMS(path));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_graph),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_withdrawal),
		cmocka_unit_test(test_approvals),
		cmocka_unit_test(test_decide_refusals),
		cmocka_unit_test(test_guard_consent),
		cmocka_unit_test(test_guard_return),
		cmocka_unit_test(test_guard_child),
		cmocka_unit_test(test_guard_fit),
		cmocka_unit_test(test_guard_reopen),
		cmocka_unit_test(test_guard_assistance_consent),
		cmocka_unit_test(test_costed),
		cmocka_unit_test(test_decide_approval),
		cmocka_unit_test(test_other_office),
		cmocka_unit_test(test_walk_avrr),
		cmocka_unit_test(test_walk_ct),
	};

	return (cmocka_run_group_tests_name("flow", tests, NULL, NULL));
}
