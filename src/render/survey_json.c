/*
 * survey_json: surveys as the API answers them. Scores are numbers
 * with four decimals (as stored) or null where the scoring rules leave
 * them out; answers and note appear only when they were opened for a
 * caller who may see the case.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "render/survey.h"
#include "text/json.h"
#include "text/text.h"

static void	score(struct kore_buf *, const char *, int, double, int);

static void
score(struct kore_buf *buf, const char *name, int has, double v, int comma)
{
	if (comma)
		kore_buf_append(buf, ",", 1);
	cb_json_cstr(buf, name);
	if (has)
		kore_buf_appendf(buf, ":%.4f", v);
	else
		kore_buf_appendf(buf, ":null");
}

void
cb_render_survey_json(struct kore_buf *buf, const struct cb_survey *s)
{
	const struct cb_survey_answers	*a;
	size_t				 i;
	int				 d;

	kore_buf_appendf(buf, "{\"id\":");
	cb_json_cstr(buf, s->id);
	kore_buf_appendf(buf, ",\"kind\":");
	cb_json_cstr(buf, s->kind);
	kore_buf_appendf(buf, ",\"survey_date\":");
	cb_json_cstr(buf, s->survey_date);
	kore_buf_appendf(buf, ",\"scheme_version\":%d,\"scores\":{",
	    s->scheme_version);
	for (d = 0; d < CB_RSS_DIMS; d++)
		score(buf, cb_rss_dim_name(d), s->scores.has[d],
		    s->scores.dim[d], d > 0);
	score(buf, "composite", s->scores.has_composite, s->scores.composite,
	    1);
	kore_buf_appendf(buf, "},\"created_at\":");
	cb_json_cstr(buf, s->created_at);
	if (s->opened) {
		a = &s->answers;
		kore_buf_appendf(buf, ",\"answers\":{");
		for (i = 0; i < a->n; i++) {
			if (i > 0)
				kore_buf_append(buf, ",", 1);
			cb_json_cstr(buf, a->code[i]);
			kore_buf_append(buf, ":", 1);
			cb_json_cstr(buf, a->value[i]);
		}
		kore_buf_appendf(buf, "},\"note\":");
		if (a->note != NULL)
			cb_json_cstr(buf, a->note);
		else
			kore_buf_appendf(buf, "null");
	}
	kore_buf_append(buf, "}", 1);
}

void
cb_render_survey_list_json(struct kore_buf *buf, const struct cb_survey *items,
    size_t n)
{
	size_t		i, need;

	/* Room for all at once: the note is escaped to at most 6 bytes a
	 * byte, the rest is small and bounded. */
	for (i = 0, need = 64; i < n; i++)
		need += 1024 + 64 * items[i].answers.n + (items[i].answers.note
		    != NULL ? 6 * strlen(items[i].answers.note) : 0);
	cb_buf_reserve(buf, need);
	kore_buf_appendf(buf, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_append(buf, ",", 1);
		cb_render_survey_json(buf, &items[i]);
	}
	kore_buf_appendf(buf, "],\"next_cursor\":null}");
}
