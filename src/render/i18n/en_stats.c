/*
 * i18n/en_stats: English texts of the auditor's statistics page (form,
 * table, chart, what the numbers can and cannot tell) and of the audit
 * log viewer.
 * Sorted by key (strcmp order): lookup is a binary search, and the unit
 * test fails on a key out of order or in two tables.
 */
#include <sys/types.h>

#include "render/i18n.h"

const struct cb_i18n_entry cb_i18n_en_stats[] = {
	{ "audit.col.action", "Action" },
	{ "audit.col.actor", "Who" },
	{ "audit.col.at", "When" },
	{ "audit.col.fields", "Fields" },
	{ "audit.col.outcome", "Outcome" },
	{ "audit.col.record", "Record" },
	{ "audit.col.role", "Role" },
	{ "audit.col.seq", "#" },
	{ "audit.filter.actor", "Actor (username)" },
	{ "audit.filter.limit", "Entries per page" },
	{ "audit.filter.record_id", "Record (id)" },
	{ "audit.filter.since", "Since (date or time, UTC)" },
	{ "audit.log.empty", "No entries." },
	{ "audit.log.intro",
	    "Who did what to which record and when: every read and change, "
	    "newest first. The log holds field names, never values. Entries "
	    "appear here once chained (within a second)." },
	{ "audit.log.records", "records listed" },
	{ "audit.log.show", "Show entries" },
	{ "err.audit_actor", "A username or a user id" },
	{ "err.audit_limit", "limit must be a whole number from 1 to 200" },
	{ "err.audit_record", "Not a record id (a UUID)" },
	{ "err.audit_since",
	    "A date (2025-03-01) or a time in RFC 3339 "
	    "(2025-03-01T08:00:00Z)" },
	{ "err.stats_dim", "Not a dimension statistics can count" },
	{ "err.stats_dims_max", "At most four dimensions" },
	{ "err.stats_dims_none", "Choose at least one dimension" },
	{ "err.stats_dims_repeated", "Each dimension only once" },
	{ "err.stats_repeated", "One value per filter" },
	{ "err.stats_year", "A year such as 2024" },
	{ "nav.audit_log", "Audit log" },
	{ "page.audit_log", "Audit log" },
	{ "page.stats", "Statistics" },
	{ "stats.chart.and", "and" },
	{ "stats.chart.cases_by", "Cases by" },
	{ "stats.chart.cut",
	    "The chart shows the first values only; the table and the CSV "
	    "have them all." },
	{ "stats.chart.desc1",
	    "Horizontal bars, one per value, with their counts." },
	{ "stats.chart.desc2",
	    "One small chart per value of the first dimension, each with a "
	    "bar per value of the second, on one common scale." },
	{ "stats.chart.none",
	    "Charts are drawn for one or two dimensions; the table and the "
	    "CSV have every cell." },
	{ "stats.chart.suppressed",
	    "A suppressed count is a hatched mark labelled suppressed, not a "
	    "bar; the table holds the same numbers." },
	{ "stats.count", "Cases" },
	{ "stats.csv", "Download this table as CSV" },
	{ "stats.dim.age_band", "Age band" },
	{ "stats.dim.assistance_type", "Type of assistance" },
	{ "stats.dim.case_type", "Case type" },
	{ "stats.dim.citizenship", "Citizenship" },
	{ "stats.dim.country_of_exploitation", "Country of exploitation" },
	{ "stats.dim.destination_country", "Destination country" },
	{ "stats.dim.exploitation_type", "Type of exploitation" },
	{ "stats.dim.gender", "Gender" },
	{ "stats.dim.means_of_control", "Means of control" },
	{ "stats.dim.office", "Office" },
	{ "stats.dim.stage", "Stage" },
	{ "stats.dim.year", "Year of registration" },
	{ "stats.dim_n.1", "First dimension" },
	{ "stats.dim_n.2", "Second dimension" },
	{ "stats.dim_n.3", "Third dimension" },
	{ "stats.dim_n.4", "Fourth dimension" },
	{ "stats.dim_none", "(none)" },
	{ "stats.dims", "Dimensions (one to four)" },
	{ "stats.filtered", "Only cases with" },
	{ "stats.filters", "Only cases with" },
	{ "stats.hint.multi",
	    "A case with several values of a dimension (types of "
	    "exploitation, means of control, types of assistance) is counted "
	    "once under each, so those totals are not sums: the total counts "
	    "cases." },
	{ "stats.hint.suppressed",
	    "Counts are perturbed by at most 2; a count of fewer than k "
	    "cases is suppressed and shown as "
	    "\xe2\x80\x9c" "suppressed\xe2\x80\x9d" ", never as 0" },
	{ "stats.intro",
	    "Anonymised tables of the cases, for auditors: choose up to four "
	    "dimensions and any filters. Every count is slightly perturbed "
	    "and small counts are suppressed, so that a small group cannot "
	    "be read off a table, nor worked out from other tables." },
	{ "stats.margin", "All cases by" },
	{ "stats.method.can",
	    "Each count, margin and total is the true number of cases plus a "
	    "small noise (at most 2) fixed by exactly which cases it counts, "
	    "so the same count is always shown the same, in every table and "
	    "every repeat, and an average of repeats is no closer to the "
	    "truth. Counts of 1 to k-1 cases are suppressed; margins and "
	    "totals are perturbed on their own, so subtracting published "
	    "numbers from each other, or comparing tables that differ by a "
	    "filter, does not give a suppressed count back. Zeros are exact." },
	{ "stats.method.cannot",
	    "The tables cannot tell which person is in a cell, nor confirm "
	    "an exact small number. They are also not exact: differences of "
	    "a few cases between tables are noise. Many different queries "
	    "that all contain the same small group could be combined to "
	    "estimate it: every query is therefore recorded in the audit log "
	    "with who asked and which dimensions and filters." },
	{ "stats.method.title", "What these numbers can and cannot tell" },
	{ "stats.none", "Not recorded" },
	{ "stats.show", "Show the table" },
	{ "stats.suppressed", "suppressed" },
	{ "stats.total", "Total" },
};

const size_t cb_i18n_en_stats_n =
    sizeof(cb_i18n_en_stats) / sizeof(cb_i18n_en_stats[0]);
