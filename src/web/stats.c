/*
 * stats: anonymised statistics for auditors. GET /api/v1/stats and
 * /api/v1/stats.csv (bearer), /stats.csv (the page's download, cookie)
 * and the auditor's home (/, whose state cb_stats_home misc.c runs once
 * it knows the caller is an auditor). Each is one audited round trip to
 * stats_table(), which decides the caller and refuses anyone but an
 * auditor (403); the query is parsed against the dims' vocabularies
 * first (422 naming the parameter, recorded as "invalid"). The true
 * counts go from the store into the table, which perturbs them at once
 * (domain/stats.h): nothing here ever holds a count it may not show.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/stats.h"
#include "render/render.h"
#include "render/stats.h"
#include "store/stats.h"
#include "text/text.h"
#include "web/app.h"
#include "web/stats.h"
#include "web/web.h"

/* Query-string pairs: four dims and a filter per dim, with room. */
#define PAIRS_MAX	32

enum face {
	F_JSON,
	F_CSV,		/* API or page download */
	F_HOME		/* the auditor's page */
};

struct stats {
	enum face		 face;
	int			 started;
	int			 valid;
	int			 asked;		/* a table was asked for */
	struct cb_kvlist	 qs;
	struct cb_stats_query	 q;
	struct cb_stats_table	 t;
	int			 has_table;
	struct kore_buf		 dims;
	struct kore_buf		 filters;
	char			**offices;
	size_t			 noffices;
};

static int	st_query(struct http_request *);
static void	stats_free(void *);
static void	start(struct http_request *, struct cb_ctx *,
		    struct stats *);
static int	reply(struct http_request *, struct cb_ctx *,
		    struct stats *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_query),
};

int	cb_h_api_stats(struct http_request *);
int	cb_h_api_stats_csv(struct http_request *);
int	cb_h_stats_csv(struct http_request *);

static int	run(struct http_request *, int, enum face);

int
cb_h_api_stats(struct http_request *req)
{
	return (run(req, 1, F_JSON));
}

int
cb_h_api_stats_csv(struct http_request *req)
{
	return (run(req, 1, F_CSV));
}

int
cb_h_stats_csv(struct http_request *req)
{
	return (run(req, 0, F_CSV));
}

static int
run(struct http_request *req, int api, enum face face)
{
	struct cb_ctx	*ctx;
	struct stats	*s;

	if (!cb_method(req, api, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		s = kore_calloc(1, sizeof(*s));
		s->face = face;
		ctx->data = s;
		ctx->data_free = stats_free;
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
stats_free(void *arg)
{
	struct stats	*s;

	s = arg;
	cb_kv_free(&s->qs);
	cb_stats_table_clear(&s->t);
	if (s->started) {
		kore_buf_cleanup(&s->dims);
		kore_buf_cleanup(&s->filters);
	}
	cb_store_stats_offices_free(s->offices, s->noffices);
	kore_free(s);
}

/* Parses the query string once; the store's parameters live in s. */
static void
start(struct http_request *req, struct cb_ctx *ctx, struct stats *s)
{
	const char	*qs;

	s->started = 1;
	kore_buf_init(&s->dims, 128);
	kore_buf_init(&s->filters, 256);
	qs = req->query_string != NULL ? req->query_string : "";
	s->asked = *qs != '\0';
	s->valid = 1;
	if (cb_kv_parse(qs, strlen(qs), PAIRS_MAX, &s->qs) == -1) {
		cb_ferrors_add(&ctx->ferr, "query", "err.query");
		s->valid = 0;
	} else if (cb_stats_query_parse(&s->qs, s->face != F_HOME, &s->q,
	    &ctx->ferr) == -1) {
		s->valid = 0;
	}
	/* The page without a dim shows the form alone: nothing counted. */
	if (s->face == F_HOME && s->valid && s->q.ndims == 0)
		s->asked = 0;
	if (s->valid && (s->face != F_HOME || s->asked)) {
		cb_stats_query_dims(&s->dims, &s->q);
		cb_stats_query_filters(&s->filters, &s->q);
	} else {
		kore_buf_appendf(&s->dims, "{}");
		kore_buf_appendf(&s->filters, "{}");
	}
	kore_buf_append(&s->dims, "", 1);
	kore_buf_append(&s->filters, "", 1);
}

static int
st_query(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct stats	*s;
	const char	*outcome;

	ctx = http_state_get(req);
	s = ctx->data;
	if (!ctx->db.sent) {
		if (ctx->tok.len == 0 && !cb_session_token(req, ctx))
			return (cb_unauthorized(req, ctx));
		if (!s->started)
			start(req, ctx, s);
		cb_store_stats_table(&ctx->q, &ctx->tok,
		    (const char *)s->dims.data,
		    (const char *)s->filters.data, s->face == F_HOME,
		    s->valid, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	outcome = cb_store_stats_outcome(&ctx->db);
	if (ctx->actor.role != CB_ROLE_AUDITOR ||
	    strcmp(outcome, "denied") == 0)
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	if (strcmp(outcome, "ok") != 0 || !s->valid) {
		if (s->face != F_HOME)
			return (cb_fail(req, CB_INVALID, "err.query",
			    &ctx->ferr));
		/* The form again, with its offices and the errors. */
		s->valid = 0;
		(void)cb_store_stats_rows(&ctx->db, NULL, &s->offices,
		    &s->noffices);
		return (reply(req, ctx, s));
	}
	if (s->q.ndims > 0) {
		cb_stats_table_init(&s->t, &s->q, cb_app.stats_k);
		s->has_table = 1;
	}
	if (cb_store_stats_rows(&ctx->db, s->has_table ? &s->t : NULL,
	    &s->offices, &s->noffices) == -1) {
		kore_log(LOG_ERR, "stats: a row of stats_table does not fit");
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	return (reply(req, ctx, s));
}

static int
reply(struct http_request *req, struct cb_ctx *ctx, struct stats *s)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	struct cb_stats_view	 v;
	char			 csrf[65];

	buf = kore_buf_alloc(8192);
	switch (s->face) {
	case F_JSON:
		cb_render_stats_json(buf, &s->q, &s->t);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		break;
	case F_CSV:
		cb_render_stats_csv(buf, &s->t);
		http_response_header(req, "content-disposition",
		    "attachment; filename=\"casebook-statistics.csv\"");
		cb_reply(req, HTTP_STATUS_OK,
		    "text/csv; charset=utf-8; header=present", buf);
		break;
	case F_HOME:
		memset(&v, 0, sizeof(v));
		v.q = &s->q;
		v.raw = &s->qs;
		v.fe = &ctx->ferr;
		v.t = s->has_table ? &s->t : NULL;
		v.offices = s->offices;
		v.noffices = s->noffices;
		cb_page_init(ctx, &pg, csrf);
		cb_render_stats_page(buf, &pg, &v);
		cb_reply_html(req, s->valid ? HTTP_STATUS_OK : 422, buf);
		break;
	}
	return (HTTP_STATE_COMPLETE);
}

/*
 * The auditor's home, as a state of the front door's machine (misc.c),
 * which has loaded the caller: its own data replaces the front door's.
 */
int
cb_stats_home(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct stats	*s;

	ctx = http_state_get(req);
	if (ctx->data_free != stats_free) {
		if (ctx->data != NULL && ctx->data_free != NULL)
			ctx->data_free(ctx->data);
		s = kore_calloc(1, sizeof(*s));
		s->face = F_HOME;
		ctx->data = s;
		ctx->data_free = stats_free;
		cb_db_reset(&ctx->db);
	}
	return (st_query(req));
}
