/*
 * render/assistance: a case's assistance entries and its reassignment,
 * as JSON and as HTML: the section the case page shows (a table of the
 * entries and a link to the form), the entry form drawn from the
 * field table, and the reassignment form for supervisors. Pure: every
 * string a person sees goes through cb_t(), every value through an
 * escaper, codes never appear raw.
 */
#ifndef CB_RENDER_ASSISTANCE_H
#define CB_RENDER_ASSISTANCE_H

#include <stddef.h>

struct kore_buf;
struct cb_page;
struct cb_assistance;
struct cb_user_ref;
struct cb_values;
struct cb_ferrors;

/* {"id", "case_id", "type", "date", "amount", "currency",
 *  "amount_band", "provider", "note", "created_by", "created_at"};
 * absent values are null, the amount a JSON number. */
void	cb_render_assistance_json(struct kore_buf *, const char *case_id,
	    const struct cb_assistance *);
/* {"items": [...], "next_cursor": "..." | null} */
void	cb_render_assistance_list_json(struct kore_buf *,
	    const char *case_id, const struct cb_assistance *, size_t n,
	    const char *next_cursor);

/*
 * The case page's section: <section id="assistance"> with a table of
 * the entries (date, type label, amount with currency, provider, note,
 * recorded by), a link to the next page when next_cursor is set, and a
 * link to /cases/{id}/assistance/new when can_add (a caseworker of the
 * case, the case not closed).
 */
void	cb_render_assistance_section(struct kore_buf *, const char *case_id,
	    const struct cb_assistance *, size_t n, const char *next_cursor,
	    int can_add);
/* The same section as a page of its own (GET /cases/{id}/assistance). */
void	cb_render_assistance_page(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const struct cb_assistance *, size_t n,
	    const char *next_cursor, int can_add);
/* The entry form, empty or redrawn with what was typed and an error
 * next to each field. */
void	cb_render_assistance_form(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const char *form_token,
	    const struct cb_values *, const struct cb_ferrors *);

/* {"id", "assigned_to", "version"} */
void	cb_render_assignment_json(struct kore_buf *, const char *case_id,
	    const char *assigned_to, int version);
/*
 * For supervisors: a form posting to /cases/{id}/assignment with a
 * select of the office's caseworkers by username (the current assignee
 * selected), the case's version (hidden) and the session's CSRF token.
 */
void	cb_render_assignment_form(struct kore_buf *, const struct cb_page *,
	    const char *case_id, int version, const char *assigned_to,
	    const struct cb_user_ref *, size_t n);
/* The same form as a page of its own (GET /cases/{id}/assignment). */
void	cb_render_assignment_page(struct kore_buf *, const struct cb_page *,
	    const char *case_id, int version, const char *assigned_to,
	    const struct cb_user_ref *, size_t n);

#endif
