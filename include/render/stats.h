/*
 * render/stats: a published statistics table as JSON, as CSV, as an SVG
 * chart and as the auditor's page (the form, the table, the chart and
 * the CSV link); and the audit log as JSON and as a page. Pure: they
 * see only published numbers (domain/stats.h) and audit entries, which
 * hold names and codes, never personal values.
 */
#ifndef CB_RENDER_STATS_H
#define CB_RENDER_STATS_H

#include <stddef.h>

struct kore_buf;
struct cb_page;
struct cb_kvlist;
struct cb_ferrors;
struct cb_stats_dim;
struct cb_stats_query;
struct cb_stats_table;
struct cb_audit_item;
struct cb_audit_filter;

/* The label of a value of a dim (a picklist label, a country's name,
 * the value itself; "Not recorded" for NULL), not escaped. */
const char	*cb_stats_label(const struct cb_stats_dim *, const char *);

void	cb_render_stats_json(struct kore_buf *, const struct cb_stats_query *,
	    const struct cb_stats_table *);
/* RFC 4180, CRLF, a header row of the dims' export columns then count
 * and suppressed; margins and the total follow the cells, the dims
 * they sum over reading "Total". */
void	cb_render_stats_csv(struct kore_buf *, const struct cb_stats_table *);
/* Bars for one dim, small multiples for two; nothing for more. */
void	cb_render_stats_chart(struct kore_buf *, const struct cb_stats_table *);

struct cb_stats_view {
	const struct cb_stats_query	*q;	/* what was understood */
	const struct cb_kvlist		*raw;	/* what was sent, as typed */
	const struct cb_ferrors		*fe;
	const struct cb_stats_table	*t;	/* NULL: the form alone */
	char *const			*offices;
	size_t				 noffices;
};

void	cb_render_stats_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_stats_view *);

void	cb_render_audit_list_json(struct kore_buf *,
	    const struct cb_audit_item *, size_t, const char *next_cursor);
struct cb_audit_list_view {
	const struct cb_kvlist		*raw;
	const struct cb_ferrors		*fe;
	const struct cb_audit_item	*items;
	size_t				 n;
	const char			*next_query;	/* NULL: last page */
	int				 listed;	/* a query ran */
};

void	cb_render_audit_list_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_audit_list_view *);

#endif
