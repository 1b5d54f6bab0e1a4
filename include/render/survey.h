/*
 * render/survey: reintegration monitoring surveys as HTML (the case
 * page's section: a table of the scores and an inline SVG chart of
 * them over time; the form page) and as JSON. Pure: surveys in, text
 * out; every value escaped, every visible string through cb_t().
 */
#ifndef CB_RENDER_SURVEY_H
#define CB_RENDER_SURVEY_H

#include <stddef.h>

struct kore_buf;
struct cb_page;
struct cb_survey;
struct cb_values;
struct cb_ferrors;

/*
 * The survey section of a case page: a heading, a link to add a survey
 * when may_add (cb_survey_may_add), and for n > 0 the chart beside a
 * table that carries the same numbers. items oldest first, as
 * cb_store_survey_items returns them.
 */
void	cb_render_survey_section(struct kore_buf *, const char *case_id,
	    const struct cb_survey *items, size_t n, int may_add);
/* The chart alone: <svg role="img"> with <title> and <desc>, the three
 * dimension scores and the composite by survey date on a 0..1 axis, a
 * legend; a missing score breaks its line. Nothing when n is 0. */
void	cb_render_survey_chart(struct kore_buf *, const struct cb_survey *,
	    size_t n);
/* The form page (GET and redrawn with input and errors after a POST);
 * earlier surveys are shown above it when hist is not NULL. */
void	cb_render_survey_form(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const char *form_token,
	    const struct cb_values *, const struct cb_ferrors *,
	    const struct cb_survey *hist, size_t nhist);

/* {"id","kind","survey_date","scheme_version","scores":{...},
 * "created_at"}, with "answers" and "note" when they were opened. */
void	cb_render_survey_json(struct kore_buf *, const struct cb_survey *);
/* {"items":[...],"next_cursor":null} */
void	cb_render_survey_list_json(struct kore_buf *,
	    const struct cb_survey *, size_t);

#endif
