/*
 * i18n/en_home: English texts of the caseworker's and supervisor's
 * homes, the case list's filters and the pickers.
 * Sorted by key (strcmp order): lookup is a binary search, and the unit
 * test fails on a key out of order or in two tables.
 */
#include <sys/types.h>

#include "render/i18n.h"

const struct cb_i18n_entry cb_i18n_en_home[] = {
	{ "hint.choose_several",
	    "Hold Ctrl (Cmd on a Mac) to choose more than one." },
	{ "home.all", "All" },
	{ "home.all_open", "All open cases" },
	{ "home.approvals", "Requests waiting for your decision" },
	{ "home.by_assignee", "Office cases by assignee" },
	{ "home.caseworker.title", "My work" },
	{ "home.for_you", "Waiting for you" },
	{ "home.mine_by_stage", "My open cases by stage" },
	{ "home.office_by_stage", "Office cases by stage" },
	{ "home.open", "Open" },
	{ "home.rejected", "My requests rejected in the last 30 days" },
	{ "home.supervisor.title", "My office" },
	{ "home.waiting",
	    "My cases waiting for my action (not pending, not closed)" },
	{ "list.any", "Any" },
	{ "list.anyone", "Anyone" },
	{ "list.assignee", "Assigned to" },
	{ "list.clear", "Clear filters" },
	{ "list.me", "Me" },
	{ "list.person", "Person" },
};

const size_t cb_i18n_en_home_n =
    sizeof(cb_i18n_en_home) / sizeof(cb_i18n_en_home[0]);
