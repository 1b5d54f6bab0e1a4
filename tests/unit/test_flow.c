/*
 * Unit tests for flow.c: the two case lifecycles must be coherent as
 * graphs (known states, every state reachable, a way to closure from
 * everywhere), keep the domain's promises (withdrawal before departure,
 * approvals for return, plans and closures, reopening only by
 * approval), only let caseworkers propose, and carry field lists the
 * forms validator can use.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "text/json.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define STATES_MAX	32

static const enum cb_case_type	types[] = { CB_CASE_AVRR, CB_CASE_CT };

static size_t	 state_index(enum cb_case_type, const char *);
static int	 is_terminal(const char *);
static int	 run(const struct cb_transition *, const char *);

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
is_terminal(const char *name)
{
	return (strcmp(name, "closed") == 0 ||
	    strcmp(name, "closed_referred") == 0);
}

/* Validates a JSON document against a transition's field list. */
static int
run(const struct cb_transition *t, const char *doc)
{
	struct cb_form		 form;
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_json		*j;
	struct cb_json_error	 err;
	int			 rc;

	form.name = t->to;
	form.fields = t->fields;
	form.nfields = t->nfields;
	assert_int_equal(cb_json_parse(doc, strlen(doc), &j, &err), 0);
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
	assert_int_equal(cb_case_type_parse("", &t), -1);
	assert_int_equal(cb_case_type_parse(NULL, &t), -1);
	assert_string_equal(cb_case_type_name(CB_CASE_AVRR), "AVRR");
	assert_string_equal(cb_case_type_name(CB_CASE_CT), "CT");
	assert_string_equal(cb_flow_initial(CB_CASE_AVRR),
	    "intake_registered");
	assert_string_equal(cb_flow_initial(CB_CASE_CT), "identified");
}

static void
test_states(void **state)
{
	static const char *const stages[] = {
		"intake", "screening", "referral", "return",
		"reintegration", "closed", NULL
	};
	static const char *const htcds[] = {
		"Active", "FollowUp", "Closed", "ClosedReferred", NULL
	};
	const struct cb_state	*st;
	size_t			 i, j, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		st = cb_flow_states(types[k], &n);
		assert_non_null(st);
		assert_true(n > 0 && n <= STATES_MAX);
		assert_non_null(cb_flow_state(types[k],
		    cb_flow_initial(types[k])));
		for (i = 0; i < n; i++) {
			for (j = 0; stages[j] != NULL; j++) {
				if (strcmp(stages[j], st[i].stage) == 0)
					break;
			}
			if (stages[j] == NULL)
				fail_msg("%s: bad stage %s", st[i].name,
				    st[i].stage);
			for (j = 0; htcds[j] != NULL; j++) {
				if (strcmp(htcds[j], st[i].htcds) == 0)
					break;
			}
			if (htcds[j] == NULL)
				fail_msg("%s: bad status %s", st[i].name,
				    st[i].htcds);
			for (j = 0; j < i; j++)
				assert_string_not_equal(st[i].name,
				    st[j].name);
			assert_ptr_equal(cb_flow_state(types[k], st[i].name),
			    &st[i]);
			if (is_terminal(st[i].name))
				assert_string_equal(st[i].stage, "closed");
		}
		assert_null(cb_flow_state(types[k], "nowhere"));
		assert_null(cb_flow_state(types[k], NULL));
	}

	/* The lifecycle named in the domain, whole. */
	assert_non_null(cb_flow_state(CB_CASE_AVRR,
	    "reintegration_plan_pending_approval"));
	assert_non_null(cb_flow_state(CB_CASE_AVRR, "withdrawn"));
	assert_non_null(cb_flow_state(CB_CASE_CT, "closed_referred"));
	assert_null(cb_flow_state(CB_CASE_CT, "withdrawn"));
	assert_string_equal(cb_flow_state(CB_CASE_AVRR, "monitoring")->htcds,
	    "FollowUp");
	assert_string_equal(cb_flow_state(CB_CASE_CT,
	    "closed_referred")->htcds, "ClosedReferred");
}

static void
test_transitions_known(void **state)
{
	const struct cb_transition	*tr;
	size_t				 i, j, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		tr = cb_flow_transitions(types[k], &n);
		assert_true(n > 0);
		for (i = 0; i < n; i++) {
			assert_int_equal(tr[i].type, types[k]);
			if (cb_flow_state(types[k], tr[i].from) == NULL ||
			    cb_flow_state(types[k], tr[i].to) == NULL)
				fail_msg("%s -> %s: unknown state",
				    tr[i].from, tr[i].to);
			assert_string_not_equal(tr[i].from, tr[i].to);
			/* One row per move, so cb_flow_find is exact. */
			for (j = 0; j < i; j++) {
				if (strcmp(tr[i].from, tr[j].from) == 0 &&
				    strcmp(tr[i].to, tr[j].to) == 0)
					fail_msg("%s -> %s twice", tr[i].from,
					    tr[i].to);
			}
			assert_ptr_equal(cb_flow_find(types[k], tr[i].from,
			    tr[i].to), &tr[i]);
		}
		assert_null(cb_flow_find(types[k], "closed", "departed"));
		assert_null(cb_flow_find(types[k], NULL, "closed"));
		assert_null(cb_flow_find(types[k], "closed", NULL));
	}
	assert_null(cb_flow_find(CB_CASE_CT, "intake_registered",
	    "counselling"));
}

/* From the initial state every state can be reached, and from every
 * state a closure can be reached. */
static void
test_reachable(void **state)
{
	const struct cb_transition	*tr;
	const struct cb_state		*st;
	int				 seen[STATES_MAX], closes[STATES_MAX];
	size_t				 i, k, n, ns;
	int				 grew;

	for (k = 0; k < NITEMS(types); k++) {
		st = cb_flow_states(types[k], &ns);
		tr = cb_flow_transitions(types[k], &n);
		memset(seen, 0, sizeof(seen));
		memset(closes, 0, sizeof(closes));
		seen[state_index(types[k], cb_flow_initial(types[k]))] = 1;
		for (i = 0; i < ns; i++)
			closes[i] = is_terminal(st[i].name);

		do {
			grew = 0;
			for (i = 0; i < n; i++) {
				if (seen[state_index(types[k], tr[i].from)] &&
				    !seen[state_index(types[k], tr[i].to)]) {
					seen[state_index(types[k],
					    tr[i].to)] = 1;
					grew = 1;
				}
				if (closes[state_index(types[k], tr[i].to)] &&
				    !closes[state_index(types[k],
				    tr[i].from)]) {
					closes[state_index(types[k],
					    tr[i].from)] = 1;
					grew = 1;
				}
			}
		} while (grew);

		for (i = 0; i < ns; i++) {
			if (!seen[i])
				fail_msg("%s: %s unreachable",
				    cb_case_type_name(types[k]), st[i].name);
			if (!closes[i])
				fail_msg("%s: %s never closes",
				    cb_case_type_name(types[k]), st[i].name);
		}
	}
}

/* Return is voluntary until departure. */
static void
test_withdraw(void **state)
{
	static const char *const before[] = {
		"intake_registered", "counselling", "screening",
		"return_pending_approval", "travel_preparation", NULL
	};
	static const char *const after[] = {
		"departed", "arrived", "reintegration_planning",
		"reintegration_plan_pending_approval",
		"reintegration_assistance", "monitoring", "closed", NULL
	};
	const struct cb_transition	*t;
	size_t				 i;

	for (i = 0; before[i] != NULL; i++) {
		t = cb_flow_find(CB_CASE_AVRR, before[i], "withdrawn");
		if (t == NULL)
			fail_msg("no withdrawal from %s", before[i]);
		assert_false(t->requires_approval);
		assert_null(t->guard);
	}
	for (i = 0; after[i] != NULL; i++)
		assert_null(cb_flow_find(CB_CASE_AVRR, after[i], "withdrawn"));

	t = cb_flow_find(CB_CASE_AVRR, "withdrawn", "closed");
	assert_non_null(t);
	assert_true(t->requires_approval);
}

/* Closures and reopenings wait for a supervisor; so do the return
 * movement and the reintegration plan. */
static void
test_approvals(void **state)
{
	const struct cb_transition	*tr, *t;
	const struct cb_state		*to;
	size_t				 i, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++) {
			to = cb_flow_state(types[k], tr[i].to);
			if (is_terminal(tr[i].to) && !tr[i].requires_approval)
				fail_msg("closing %s -> %s unapproved",
				    tr[i].from, tr[i].to);
			if (is_terminal(tr[i].from)) {
				/* A reopening, never closed to closed. */
				assert_true(tr[i].requires_approval);
				assert_string_not_equal(to->stage, "closed");
				assert_true(tr[i].nfields > 0);
			}
		}
	}

	t = cb_flow_find(CB_CASE_AVRR, "return_pending_approval",
	    "travel_preparation");
	assert_non_null(t);
	assert_true(t->requires_approval);
	assert_string_equal(t->guard, "child_safeguards");
	t = cb_flow_find(CB_CASE_AVRR, "reintegration_plan_pending_approval",
	    "reintegration_assistance");
	assert_non_null(t);
	assert_true(t->requires_approval);
	t = cb_flow_find(CB_CASE_AVRR, "travel_preparation", "departed");
	assert_non_null(t);
	assert_string_equal(t->guard, "fit_to_travel");
	t = cb_flow_find(CB_CASE_AVRR, "intake_registered", "counselling");
	assert_non_null(t);
	assert_string_equal(t->guard, "data_consent");
	assert_false(t->requires_approval);

	/* "Not a victim" closes the CT case at screening. */
	t = cb_flow_find(CB_CASE_CT, "screening_interview", "closed");
	assert_non_null(t);
	assert_true(t->requires_approval);
	assert_non_null(cb_flow_find(CB_CASE_CT, "follow_up",
	    "closed_referred"));
}

static void
test_allowed_roles(void **state)
{
	static const int others[] = {
		CB_ROLE_NONE, CB_ROLE_SUPERVISOR, CB_ROLE_PARTNER,
		CB_ROLE_AUDITOR, CB_ROLE_ADMIN
	};
	const struct cb_transition	*tr, *out[16];
	const struct cb_state		*st;
	size_t				 i, j, k, n, ns, want, got;

	for (k = 0; k < NITEMS(types); k++) {
		st = cb_flow_states(types[k], &ns);
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++)
			assert_int_equal(tr[i].roles, CB_ROLE_CASEWORKER);

		for (i = 0; i < ns; i++) {
			for (j = 0, want = 0; j < n; j++)
				want += strcmp(tr[j].from, st[i].name) == 0;
			assert_true(want < NITEMS(out));
			got = cb_flow_allowed(types[k], st[i].name,
			    CB_ROLE_CASEWORKER, out, NITEMS(out));
			assert_int_equal(got, want);
			for (j = 0; j < got; j++)
				assert_string_equal(out[j]->from, st[i].name);
			for (j = 0; j < NITEMS(others); j++)
				assert_int_equal(cb_flow_allowed(types[k],
				    st[i].name, others[j], out,
				    NITEMS(out)), 0);
		}
	}

	/* Bounded by max; unknown states and types have none. */
	assert_int_equal(cb_flow_allowed(CB_CASE_AVRR, "screening",
	    CB_ROLE_CASEWORKER, out, 1), 1);
	assert_int_equal(cb_flow_allowed(CB_CASE_AVRR, "screening",
	    CB_ROLE_CASEWORKER, out, 0), 0);
	assert_int_equal(cb_flow_allowed(CB_CASE_AVRR, "identified",
	    CB_ROLE_CASEWORKER, out, NITEMS(out)), 0);
	assert_int_equal(cb_flow_allowed(CB_CASE_AVRR, NULL,
	    CB_ROLE_CASEWORKER, out, NITEMS(out)), 0);
	assert_int_equal(cb_flow_allowed(CB_CASE_AVRR, "screening",
	    CB_ROLE_CASEWORKER | CB_ROLE_ADMIN, out, NITEMS(out)), 3);
}

static void
test_fields(void **state)
{
	const struct cb_transition	*tr;
	const struct cb_field		*f;
	size_t				 i, j, l, k, n;

	for (k = 0; k < NITEMS(types); k++) {
		tr = cb_flow_transitions(types[k], &n);
		for (i = 0; i < n; i++) {
			assert_true(tr[i].nfields <= CB_FORM_MAX);
			assert_true((tr[i].fields == NULL) ==
			    (tr[i].nfields == 0));
			for (j = 0; j < tr[i].nfields; j++) {
				f = &tr[i].fields[j];
				assert_null(strchr(f->name, '.'));
				if (strcmp(f->name,
				    "consent_data_processing") == 0)
					fail_msg("consent is not a step");
				if (f->type == CB_F_TEXT)
					assert_true(f->maxlen > 0);
				if (f->type == CB_F_ENUM ||
				    f->type == CB_F_MULTI)
					assert_non_null(f->options);
				if (f->class == CB_CLASS_E1 ||
				    f->class == CB_CLASS_E2)
					assert_true(f->personal);
				for (l = 0; l < j; l++)
					assert_string_not_equal(f->name,
					    tr[i].fields[l].name);
			}
		}
	}
}

/* Transition fields go through the same validator as the intake. */
static void
test_fields_validate(void **state)
{
	const struct cb_transition	*t;

	t = cb_flow_find(CB_CASE_AVRR, "monitoring", "closed");
	assert_int_equal(run(t, "{\"reason_code\": \"completed\","
	    " \"reason_text\": \"Reintegrated.\\nBusiness running.\"}"), 0);
	assert_int_equal(run(t, "{\"reason_code\": \"bored\"}"), -1);
	assert_int_equal(run(t, "{\"reason_text\": \"x\"}"), -1);
	assert_int_equal(run(t, "{\"reason_code\": \"lost_contact\","
	    " \"extra\": 1}"), -1);

	t = cb_flow_find(CB_CASE_AVRR, "travel_preparation", "departed");
	assert_int_equal(run(t, "{\"departure_date\": \"2024-05-01\","
	    " \"fit_to_travel\": \"fit_with_escort\","
	    " \"escort_booked\": true}"), 0);
	assert_int_equal(run(t, "{\"departure_date\": \"2999-05-01\","
	    " \"fit_to_travel\": \"fit\"}"), -1);

	t = cb_flow_find(CB_CASE_AVRR, "screening", "return_pending_approval");
	assert_int_equal(run(t, "{\"migration_status\": \"stranded_migrant\","
	    " \"vulnerabilities\": [\"medical_need\", \"elderly\"],"
	    " \"destination_country\": \"PK\", \"budget\": 350.50}"), 0);
	assert_int_equal(run(t, "{\"migration_status\": \"stranded_migrant\","
	    " \"destination_country\": \"XX\"}"), -1);

	t = cb_flow_find(CB_CASE_CT, "screening_interview", "consent");
	assert_int_equal(run(t, "{\"trafficking_status\":"
	    " \"NotAVictimOfTrafficking\", \"identified_by\": \"NGO\"}"), -1);
	assert_int_equal(run(t, "{\"trafficking_status\":"
	    " \"PossibleVictimOfTrafficking\", \"identified_by\": \"Police\","
	    " \"exploitation_types\": [\"ForcedLabour\", \"ForcedBegging\"]}"),
	    0);
	t = cb_flow_find(CB_CASE_CT, "screening_interview", "closed");
	assert_int_equal(run(t, "{\"reason_code\": \"ineligible\","
	    " \"trafficking_status\": \"NotAVictimOfTrafficking\","
	    " \"identified_by\": \"NGO\"}"), 0);

	/* No fields: only an empty body passes. */
	t = cb_flow_find(CB_CASE_AVRR, "return_pending_approval",
	    "travel_preparation");
	assert_int_equal(run(t, "{}"), 0);
	assert_int_equal(run(t, "{\"note\": \"x\"}"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_transitions_known),
		cmocka_unit_test(test_reachable),
		cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_approvals),
		cmocka_unit_test(test_allowed_roles),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_fields_validate),
	};

	return (cmocka_run_group_tests_name("flow", tests, NULL, NULL));
}
