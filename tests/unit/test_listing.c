/*
 * Unit tests for domain/listing.c and the pages built on it: the case
 * list's filters offer every stage and every state of both machines
 * (each once, labelled) and keep what was chosen; rows show the
 * person's name only where the caller may see it, labels instead of
 * codes and readable dates; the homes count by stage, what waits and
 * who holds what, each count linked to the list it counts.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "out.h"

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/flow.h"
#include "domain/listing.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"

#define CASE_ID		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"
#define CASE_ID2	"7b2e3d4c-5f6a-4b7c-9d8e-0f1a2b3c4d5e"
#define ME		"6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define OTHER		"8c3f4e5d-6a7b-4c8d-ae9f-1a2b3c4d5e6f"

static void	actor(struct cb_actor *, struct cb_page *, enum cb_role);
static void	make_case(struct cb_case *, const char *, int);
static void	item(struct cb_home_count *, const char *, const char *,
		    const char *, long long, long long);

static void
actor(struct cb_actor *a, struct cb_page *pg, enum cb_role role)
{
	memset(a, 0, sizeof(*a));
	(void)cb_strlcpy(a->user_id, ME, sizeof(a->user_id));
	(void)cb_strlcpy(a->username, "sup1", sizeof(a->username));
	(void)cb_strlcpy(a->office, "Sarajevo", sizeof(a->office));
	a->role = role;
	pg->actor = a;
	pg->csrf = "csrf";
}

static void
make_case(struct cb_case *c, const char *id, int visible)
{
	memset(c, 0, sizeof(*c));
	(void)cb_strlcpy(c->id, id, sizeof(c->id));
	(void)cb_strlcpy(c->case_type, "CT", sizeof(c->case_type));
	(void)cb_strlcpy(c->state, "support_plan_pending_approval",
	    sizeof(c->state));
	(void)cb_strlcpy(c->stage, "referral", sizeof(c->stage));
	(void)cb_strlcpy(c->assigned_to, OTHER, sizeof(c->assigned_to));
	(void)cb_strlcpy(c->assigned_name, "cw<2>", sizeof(c->assigned_name));
	(void)cb_strlcpy(c->updated_at, "2026-11-23T10:05:00Z",
	    sizeof(c->updated_at));
	c->person_visible = visible;
	c->plain[CB_SC_GIVEN_NAME] = kore_strdup("<i>Amina</i>");
	/* أمينة */
	c->plain[CB_SC_FAMILY_NAME] = kore_strdup("\xd8\xa3\xd9\x85\xd9\x8a"
	    "\xd9\x86\xd8\xa9");
	c->plain[CB_SC_DOB] = kore_strdup("1990-05-17");
}

static void
item(struct cb_home_count *c, const char *kind, const char *key,
    const char *label, long long n, long long open)
{
	memset(c, 0, sizeof(*c));
	(void)cb_strlcpy(c->kind, kind, sizeof(c->kind));
	(void)cb_strlcpy(c->key, key != NULL ? key : "", sizeof(c->key));
	(void)cb_strlcpy(c->label, label != NULL ? label : "",
	    sizeof(c->label));
	c->count = n;
	c->open = open;
}

/* Both machines' states, each once; the pending ones among them. */
static void
test_states(void **state)
{
	static const enum cb_case_type	types[] = { CB_CASE_AVRR, CB_CASE_CT };
	const char			*all[CB_LIST_STATES_MAX];
	const char			*pend[CB_LIST_STATES_MAX];
	const struct cb_state		*st;
	size_t				 n, np, i, j, t, ns, found;

	n = cb_list_states(all, NITEMS(all));
	assert_true(n > 20 && n < NITEMS(all));
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(all[i], all[j]);
		assert_true(cb_list_state_valid(all[i]));
	}
	for (t = 0; t < NITEMS(types); t++) {
		st = cb_flow_states(types[t], &ns);
		for (i = 0; i < ns; i++) {
			for (j = 0, found = 0; j < n; j++)
				found += strcmp(all[j], st[i].name) == 0;
			if (found != 1)
				fail_msg("state %s listed %zu times",
				    st[i].name, found);
		}
	}
	/* AVRR's first, in its order. */
	assert_string_equal(all[0], cb_flow_initial(CB_CASE_AVRR));

	np = cb_list_pending_states(pend, NITEMS(pend));
	assert_true(np >= 5);
	for (i = 0; i < np; i++) {
		assert_true(cb_flow_pending(CB_CASE_AVRR, pend[i]) ||
		    cb_flow_pending(CB_CASE_CT, pend[i]));
		assert_non_null(strstr(pend[i], "_pending_approval"));
	}
	/* A short array is filled, not overrun. */
	assert_int_equal(cb_list_states(all, 3), 3);

	for (i = 0; cb_flow_stages[i] != NULL; i++)
		assert_true(cb_list_stage_valid(cb_flow_stages[i]));
	assert_int_equal(i, 6);
	assert_false(cb_list_stage_valid("nowhere"));
	assert_false(cb_list_stage_valid(""));
	assert_false(cb_list_stage_valid(NULL));
	assert_false(cb_list_stage_valid("Intake"));
	assert_false(cb_list_state_valid("intake"));
	assert_false(cb_list_state_valid("closed "));
	assert_false(cb_list_state_valid(NULL));
	assert_true(cb_list_state_valid("identified"));
	assert_true(cb_list_state_valid("monitoring"));
}

static void
test_list_page(void **state)
{
	struct cb_actor			 a;
	struct cb_page			 pg;
	struct cb_case			 cs[2];
	struct cb_staff			 staff[2];
	struct cb_case_list_view	 v;
	struct out			 o, sel;
	const char			*all[CB_LIST_STATES_MAX];
	const char			*p, *end;
	char				 want[160];
	size_t				 i, n;

	actor(&a, &pg, CB_ROLE_SUPERVISOR);
	make_case(&cs[0], CASE_ID, 1);
	make_case(&cs[1], CASE_ID2, 0);
	memset(staff, 0, sizeof(staff));
	(void)cb_strlcpy(staff[0].id, OTHER, sizeof(staff[0].id));
	(void)cb_strlcpy(staff[0].username, "cw<2>",
	    sizeof(staff[0].username));
	(void)cb_strlcpy(staff[1].id, ME, sizeof(staff[1].id));
	(void)cb_strlcpy(staff[1].username, "sup1", sizeof(staff[1].username));
	memset(&v, 0, sizeof(v));
	v.items = cs;
	v.n = 2;
	v.next_query = "cursor=ab&stage=referral&assigned_to=" OTHER;
	v.case_type = "CT";
	v.stage = "referral";
	v.state = "support_plan_pending_approval";
	v.assignee = OTHER;
	v.staff = staff;
	v.nstaff = 2;

	out_begin(&o);
	cb_render_case_list(&o.buf, &pg, &v);
	out_end(&o);
	assert_null(strstr(o.s, "<i>"));
	/* No catalogue key shown as text. */
	assert_false(contains(&o, ">stage."));
	assert_false(contains(&o, ">state."));
	assert_false(contains(&o, ">opt."));
	assert_false(contains(&o, ">list."));

	/* The name where it may be seen, escaped and isolated. */
	assert_true(contains(&o, "<td data-field=\"person\"><bdi>&lt;i&gt;"
	    "Amina&lt;/i&gt;</bdi> <bdi>\xd8\xa3\xd9\x85\xd9\x8a\xd9\x86"
	    "\xd8\xa9</bdi></td>"));
	assert_int_equal(count(&o, "Amina"), 1);
	assert_true(contains(&o, "<td data-field=\"person\"><span "
	    "class=\"none\">-</span></td>"));
	assert_false(contains(&o, "1990-05-17"));
	/* Labels and a date in words. */
	(void)snprintf(want, sizeof(want), "<td data-field=\"state\">%s</td>",
	    cb_t("state.support_plan_pending_approval"));
	assert_true(contains(&o, want));
	(void)snprintf(want, sizeof(want), "<td data-field=\"stage\">%s</td>",
	    cb_t("stage.referral"));
	assert_true(contains(&o, want));
	(void)snprintf(want, sizeof(want), "<td data-field=\"case_type\">"
	    "%s</td>", cb_t("opt.case_type.CT"));
	assert_true(contains(&o, want));
	assert_true(contains(&o, "<td data-field=\"assignee\">cw&lt;2&gt;"
	    "</td>"));
	assert_true(contains(&o, ">23 Nov 2026, 10:05 UTC</time>"));
	assert_true(contains(&o, "<a href=\"/cases/" CASE_ID "\">"));

	/* Filters: every stage and state, the chosen ones selected. */
	for (i = 0; cb_flow_stages[i] != NULL; i++) {
		(void)snprintf(want, sizeof(want), "<option value=\"%s\"",
		    cb_flow_stages[i]);
		assert_true(contains(&o, want));
	}
	n = cb_list_states(all, NITEMS(all));
	p = strstr(o.s, "<select id=\"f-state\"");
	assert_non_null(p);
	end = strstr(p, "</select>");
	assert_non_null(end);
	sel.s = kore_malloc(end - p + 1);
	memcpy(sel.s, p, end - p);
	sel.s[end - p] = '\0';
	sel.len = strlen(sel.s);
	assert_int_equal(count(&sel, "<option value="), n + 1);
	for (i = 0; i < n; i++) {
		(void)snprintf(want, sizeof(want), "<option value=\"%s\"",
		    all[i]);
		assert_int_equal(count(&sel, want), 1);
	}
	kore_free(sel.s);
	assert_true(contains(&o, "<option value=\"CT\" selected>"));
	assert_true(contains(&o, "<option value=\"referral\" selected>"));
	assert_true(contains(&o, "<option value=\"support_plan_pending_"
	    "approval\" selected>"));
	assert_true(contains(&o, "<option value=\"" OTHER "\" selected>"
	    "cw&lt;2&gt;</option>"));
	/* The caller is "Me", not a second entry under their name. */
	assert_false(contains(&o, "<option value=\"" ME "\""));
	assert_true(contains(&o, "<option value=\"me\">"));
	assert_int_equal(count(&o, " selected"), 4);
	assert_true(contains(&o, "href=\"/cases?cursor=ab&amp;stage=referral"
	    "&amp;assigned_to=" OTHER "\""));
	out_done(&o);

	/* Asked by the caller's own id, or as "me": "Me" is chosen. */
	v.assignee = ME;
	v.next_query = NULL;
	out_begin(&o);
	cb_render_case_list(&o.buf, &pg, &v);
	out_end(&o);
	assert_true(contains(&o, "<option value=\"me\" selected>"));
	assert_false(contains(&o, "rel=\"next\""));
	out_done(&o);

	/* Nothing to show. */
	memset(&v, 0, sizeof(v));
	out_begin(&o);
	cb_render_case_list(&o.buf, &pg, &v);
	out_end(&o);
	assert_true(contains(&o, cb_t("list.empty")));
	assert_int_equal(count(&o, " selected"), 0);
	out_done(&o);

	cb_case_clear(&cs[0]);
	cb_case_clear(&cs[1]);
}

static void
test_home_caseworker(void **state)
{
	struct cb_home_count	 items[4];
	struct cb_home		 h;
	struct cb_actor		 a;
	struct cb_page		 pg;
	struct out		 o;

	item(&items[0], "stage", "intake", NULL, 3, 0);
	item(&items[1], "stage", "closed", NULL, 4, 0);
	item(&items[2], "waiting", NULL, NULL, 2, 0);
	item(&items[3], "stage", "return", NULL, 1, 0);
	h.items = items;
	h.n = 4;
	assert_int_equal(cb_home_get(&h, "stage", "intake"), 3);
	assert_int_equal(cb_home_get(&h, "stage", "screening"), 0);
	assert_int_equal(cb_home_get(&h, "waiting", NULL), 2);
	assert_int_equal(cb_home_get(&h, "rejected", NULL), 0);

	actor(&a, &pg, CB_ROLE_CASEWORKER);
	out_begin(&o);
	cb_render_home_work(&o.buf, &pg, &h);
	out_end(&o);
	assert_true(contains(&o, cb_t("home.caseworker.title")));
	assert_true(contains(&o, "<td data-field=\"waiting\">2</td>"));
	assert_true(contains(&o, "<td data-field=\"rejected\">0</td>"));
	assert_true(contains(&o, "<td data-field=\"stage.intake\">3</td>"));
	assert_true(contains(&o, "<td data-field=\"stage.screening\">0</td>"));
	/* Open cases only: closed ones are not the caseworker's work. */
	assert_false(contains(&o, "data-field=\"stage.closed\""));
	assert_true(contains(&o, "<td data-field=\"stage.total\">4</td>"));
	assert_true(contains(&o, "href=\"/cases?stage=intake&amp;"
	    "assigned_to=me\""));
	assert_true(contains(&o, "href=\"/approvals?status=rejected\""));
	assert_false(contains(&o, "data-field=\"approvals\""));
	assert_false(contains(&o, ">home."));
	assert_false(contains(&o, ">stage."));
	out_done(&o);
}

static void
test_home_supervisor(void **state)
{
	struct cb_home_count	 items[4];
	struct cb_home		 h;
	struct cb_actor		 a;
	struct cb_page		 pg;
	struct out		 o;

	item(&items[0], "approvals", NULL, NULL, 5, 0);
	item(&items[1], "assignee", OTHER, "cw<2>", 7, 6);
	item(&items[2], "stage", "closed", NULL, 1, 0);
	/* A key that is no user id is not made into a link. */
	item(&items[3], "assignee", "\"><x>", "x", 1, 1);
	h.items = items;
	h.n = 4;

	actor(&a, &pg, CB_ROLE_SUPERVISOR);
	out_begin(&o);
	cb_render_home_work(&o.buf, &pg, &h);
	out_end(&o);
	assert_true(contains(&o, cb_t("home.supervisor.title")));
	assert_true(contains(&o, "<a href=\"/approvals\">"));
	assert_true(contains(&o, "<td data-field=\"approvals\">5</td>"));
	assert_true(contains(&o, "<td data-field=\"stage.closed\">1</td>"));
	assert_true(contains(&o, "href=\"/cases?stage=closed\""));
	assert_true(contains(&o, "<td data-field=\"stage.total\">1</td>"));
	assert_true(contains(&o, "<a href=\"/cases?assigned_to=" OTHER "\">"
	    "cw&lt;2&gt;</a>"));
	assert_true(contains(&o, "<td data-field=\"assignee." OTHER
	    ".open\">6</td><td data-field=\"assignee." OTHER ".all\">7</td>"));
	assert_null(strstr(o.s, "<x>"));
	assert_false(contains(&o, "data-field=\"waiting\""));
	out_done(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_list_page),
		cmocka_unit_test(test_home_caseworker),
		cmocka_unit_test(test_home_supervisor),
	};

	return (cmocka_run_group_tests_name("listing", tests, NULL, NULL));
}
