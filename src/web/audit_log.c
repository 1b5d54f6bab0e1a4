/*
 * audit_log: the audit log for auditors and admins, GET /api/v1/audit
 * (bearer) and the page /audit/log, with the same filters (record_id,
 * actor, since, limit, cursor), newest first. One audited round trip
 * to audit_list(), which decides the caller (anyone else: 403) and
 * records the reading with the filters' names. Filters are checked
 * here first: a malformed one is a 422 naming it (recorded as
 * "invalid"), never an error of the database.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/auditlog.h"
#include "domain/forms.h"
#include "render/render.h"
#include "render/stats.h"
#include "store/stats.h"
#include "text/text.h"
#include "web/web.h"

struct alist {
	int			 started;
	int			 valid;
	struct cb_kvlist	 qs;
	struct cb_audit_filter	 f;
	struct cb_audit_item	*items;
	size_t			 n;
	char			 next[24];
};

static int	st_list(struct http_request *);
static void	alist_free(void *);
static int	reply(struct http_request *, struct cb_ctx *,
		    struct alist *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_list),
};

int	cb_h_api_audit_list(struct http_request *);
int	cb_h_audit_log_page(struct http_request *);

static int	run(struct http_request *, int);

int
cb_h_api_audit_list(struct http_request *req)
{
	return (run(req, 1));
}

int
cb_h_audit_log_page(struct http_request *req)
{
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	if (!cb_method(req, api, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, api, states, NITEMS(states),
	    sizeof(struct alist), alist_free));
}

static void
alist_free(void *arg)
{
	struct alist	*l;

	l = arg;
	cb_kv_free(&l->qs);
	cb_audit_items_free(l->items, l->n);
	kore_free(l);
}

static int
st_list(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct alist	*l;
	const char	*qs, *outcome;

	ctx = http_state_get(req);
	l = ctx->data;
	if (!ctx->db.sent) {
		if (ctx->tok.len == 0 && !cb_session_token(req, ctx))
			return (cb_unauthorized(req, ctx));
		if (!l->started) {
			l->started = 1;
			qs = req->query_string != NULL ? req->query_string : "";
			l->valid = cb_kv_parse(qs, strlen(qs), 16, &l->qs) == 0;
			if (!l->valid)
				cb_ferrors_add(&ctx->ferr, "query", "err.query");
			else if (cb_audit_filter_parse(&l->qs, &l->f,
			    &ctx->ferr) == -1)
				l->valid = 0;
		}
		/* One more than the page, to know whether another follows. */
		cb_store_audit_list(&ctx->q, &ctx->tok, &l->f, l->f.limit + 1,
		    l->valid, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	outcome = ctx->db.res != NULL && cb_db_rows(&ctx->db) > 0 ?
	    cb_db_str(&ctx->db, 0, "outcome") : "";
	if (!(ctx->actor.role & (CB_ROLE_AUDITOR | CB_ROLE_ADMIN)) ||
	    strcmp(outcome, "denied") == 0)
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	if (!l->valid || strcmp(outcome, "ok") != 0) {
		if (ctx->api)
			return (cb_fail(req, CB_INVALID, "err.query",
			    &ctx->ferr));
		return (reply(req, ctx, l));
	}
	l->items = cb_store_audit_items(&ctx->db, &l->n);
	if (l->n > (size_t)l->f.limit) {
		l->n = (size_t)l->f.limit;
		(void)snprintf(l->next, sizeof(l->next), "%lld",
		    l->items[l->n - 1].seq);
	}
	return (reply(req, ctx, l));
}

static int
reply(struct http_request *req, struct cb_ctx *ctx, struct alist *l)
{
	struct kore_buf			*buf, qs;
	struct cb_audit_list_view	 v;
	struct cb_page			 pg;
	char				 csrf[65];

	buf = kore_buf_alloc(4096);
	if (ctx->api) {
		cb_render_audit_list_json(buf, l->items, l->n,
		    l->next[0] != '\0' ? l->next : NULL);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	memset(&v, 0, sizeof(v));
	kore_buf_init(&qs, 128);
	if (l->next[0] != '\0') {
		cb_audit_filter_query(&qs, &l->f);
		kore_buf_appendf(&qs, "%scursor=%s", qs.offset > 0 ? "&" : "",
		    l->next);
		kore_buf_append(&qs, "", 1);
		v.next_query = (const char *)qs.data;
	}
	v.raw = &l->qs;
	v.fe = &ctx->ferr;
	v.items = l->items;
	v.n = l->n;
	v.listed = l->valid;
	cb_page_init(ctx, &pg, csrf);
	cb_render_audit_list_page(buf, &pg, &v);
	kore_buf_cleanup(&qs);
	cb_reply_html(req, l->valid ? HTTP_STATUS_OK : 422, buf);
	return (HTTP_STATE_COMPLETE);
}
