/*
 * audit: GET /api/v1/audit/verify and the page /audit, for auditors
 * and admins. Streams
 * the chain a page at a time (never the whole table in memory),
 * recomputes every keyed MAC in C and checks the signed checkpoints
 * kept outside the database, so neither the database's owner nor
 * anyone who can only write there can rewrite history unnoticed.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <inttypes.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "core/lines.h"
#include "domain/audit.h"
#include "domain/policy.h"
#include "render/render.h"
#include "store/audit.h"
#include "web/app.h"
#include "web/web.h"

#define PAGE	2000

struct verify {
	struct cb_audit_verifier	 v;
	struct cb_lines			 lines;
	struct cb_audit_cps		 cps;
	int64_t				 after;
	int64_t				 head;
	int64_t				 unchained;
	int				 first;
};

static int	st_page(struct http_request *);
static void	verify_free(void *);
static int	reply(struct http_request *, struct cb_ctx *, struct verify *);
static int64_t	now_us(void);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_page),
};

int	cb_h_api_audit_verify(struct http_request *);
int	cb_h_audit_page(struct http_request *);

static int	run(struct http_request *, int);

int
cb_h_api_audit_verify(struct http_request *req)
{
	return (run(req, 1));
}

int
cb_h_audit_page(struct http_request *req)
{
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;
	struct verify	*vf;

	if (!cb_method(req, api, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		vf = kore_calloc(1, sizeof(*vf));
		vf->first = 1;
		ctx->data = vf;
		ctx->data_free = verify_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		cb_audit_verify_init(&vf->v, cb_app.vault);
		cb_lines_init(&vf->lines, cb_app.checkpoints_fd);
		/* Before the snapshot: checkpoints older than this must be
		 * covered by what the snapshot shows. */
		cb_audit_cps_init(&vf->cps, &vf->lines, now_us());
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
verify_free(void *arg)
{
	sodium_memzero(arg, sizeof(struct verify));
	kore_free(arg);
}

static int64_t
now_us(void)
{
	struct timeval	tv;

	(void)gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
}

static int
st_page(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct verify		*vf;
	struct cb_audit_entry	 e;
	unsigned char		 mac[CB_AUDIT_MAC_LEN];
	int			 i, rows, rc, n;

	ctx = http_state_get(req);
	vf = ctx->data;
	if (!ctx->db.sent)
		cb_store_audit_verify_page(&ctx->q, &ctx->tok, vf->after,
		    PAGE, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_policy_audit_read(&ctx->actor))
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	if (vf->first) {
		vf->head = cb_db_ll(&ctx->db, 0, "head_seq");
		vf->unchained = cb_db_ll(&ctx->db, 0, "unchained");
		vf->first = 0;
	}

	rows = cb_db_rows(&ctx->db);
	n = 0;
	for (i = 0; i < rows && vf->v.first_bad == 0; i++) {
		rc = cb_store_audit_entry(&ctx->db, i, &e, mac);
		if (rc == 0)
			break;
		/* Appended after the first page: the next verify sees it. */
		if (e.seq > vf->head)
			break;
		n++;
		vf->after = e.seq;
		if (rc == -1)
			(void)cb_audit_verify_missing(&vf->v, e.seq);
		else if (cb_audit_verify_row(&vf->v, &e, mac) == 0)
			(void)cb_audit_verify_cps(&vf->v, &vf->cps, e.seq);
	}
	cb_db_reset(&ctx->db);
	if (vf->v.first_bad == 0 && n == PAGE && vf->after < vf->head)
		return (HTTP_STATE_RETRY);
	return (reply(req, ctx, vf));
}

static int
reply(struct http_request *req, struct cb_ctx *ctx, struct verify *vf)
{
	struct kore_buf		*buf;
	struct cb_page		 pg;
	struct cb_audit_result	 r;
	char			 csrf[65];
	int64_t			 beyond;

	if (vf->v.first_bad == 0) {
		beyond = cb_audit_cps_beyond(&vf->v, &vf->cps);
		(void)cb_audit_verify_finish(&vf->v, vf->head, vf->unchained,
		    beyond);
	}
	if (!ctx->api) {
		memset(&r, 0, sizeof(r));
		r.ok = vf->v.first_bad == 0;
		r.entries = vf->v.entries;
		r.checkpoints = vf->v.checkpoints;
		r.first_bad = vf->v.first_bad;
		r.fault = cb_audit_fault_name(vf->v.fault);
		cb_page_init(ctx, &pg, csrf);
		buf = kore_buf_alloc(2048);
		cb_render_audit_verify(buf, &pg, &r);
		cb_reply_html(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	buf = kore_buf_alloc(192);
	kore_buf_appendf(buf, "{\"ok\":%s,\"entries\":%" PRId64
	    ",\"checkpoints\":%" PRId64 ",\"first_bad\":",
	    vf->v.first_bad == 0 ? "true" : "false", vf->v.entries,
	    vf->v.checkpoints);
	if (vf->v.first_bad == 0)
		kore_buf_appendf(buf, "null");
	else
		kore_buf_appendf(buf, "%" PRId64, vf->v.first_bad);
	kore_buf_appendf(buf, ",\"fault\":\"%s\"}",
	    cb_audit_fault_name(vf->v.fault));
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}
