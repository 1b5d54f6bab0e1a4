/*
 * h_audit: GET /api/v1/audit/verify, for auditors and admins: walks
 * the whole chain and recomputes every hash in C (src/audit.c), so the
 * check does not trust the database's own function.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "core/casebook.h"
#include "domain/audit.h"
#include "domain/policy.h"
#include "web/web.h"

/* The head row rides along so that deleting the newest entries (which
 * leaves a consistent shorter chain) is caught too. */
#define SQL_AUDIT							\
	"SELECT l.seq, l.at_us, l.actor, l.actor_role, l.action, "	\
	"l.record_id, l.fields, l.request_id, l.outcome, "		\
	"encode(l.prev_hash, 'hex'), encode(l.hash, 'hex'), h.seq, "	\
	"encode(h.hash, 'hex') FROM audit_head h "			\
	"LEFT JOIN audit_log l ON true ORDER BY l.seq"

int	cb_h_api_audit_verify(struct http_request *);

static int	st_auth(struct http_request *);
static int	st_allow(struct http_request *);
static int	st_verify(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_auth),
	KORE_HTTP_STATE(st_allow),
	KORE_HTTP_STATE(st_verify),
};

int
cb_h_api_audit_verify(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (http_state_run(states, sizeof(states) / sizeof(states[0]),
	    req));
}

static int
st_auth(struct http_request *req)
{
	return (cb_state_auth(req, 1));
}

/* Only auditors and admins may verify the chain. */
static int
st_allow(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!cb_policy_audit_read(&ctx->actor)) {
		cb_reply_error(req, CB_FORBIDDEN, "err.forbidden", NULL);
		return (HTTP_STATE_COMPLETE);
	}
	req->fsm_state = 2;
	return (HTTP_STATE_CONTINUE);
}

static const char *
col(struct cb_ctx *ctx, int row, int c)
{
	if (cb_db_isnull(&ctx->db, row, c))
		return (NULL);
	return (cb_db_get(&ctx->db, row, c));
}

static int
st_verify(struct http_request *req)
{
	struct cb_ctx			*ctx;
	struct cb_audit_verifier	 v;
	struct cb_audit_row		 r;
	struct kore_buf			*buf;
	int				 i, n;
	size_t				 len;
	long long			 head;
	const char			*hhex;

	ctx = http_state_get(req);
	if (!ctx->db.sent)
		cb_dbq_init(&ctx->q, SQL_AUDIT);
	CB_AWAIT(req, ctx);

	cb_audit_verify_init(&v);
	n = cb_db_rows(&ctx->db);
	if (n == 1 && cb_db_isnull(&ctx->db, 0, 0))
		n = 0;
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.seq = strtoll(cb_db_get(&ctx->db, i, 0), NULL, 10);
		r.at_us = strtoll(cb_db_get(&ctx->db, i, 1), NULL, 10);
		r.actor = col(ctx, i, 2);
		r.actor_role = col(ctx, i, 3);
		r.action = col(ctx, i, 4);
		r.record_id = col(ctx, i, 5);
		r.fields = col(ctx, i, 6);
		r.request_id = col(ctx, i, 7);
		r.outcome = col(ctx, i, 8);
		if (sodium_hex2bin(r.prev_hash, sizeof(r.prev_hash),
		    cb_db_get(&ctx->db, i, 9), 64, NULL, &len, NULL) != 0 ||
		    sodium_hex2bin(r.hash, sizeof(r.hash),
		    cb_db_get(&ctx->db, i, 10), 64, NULL, &len, NULL) != 0) {
			if (v.first_bad == 0)
				v.first_bad = r.seq;
			continue;
		}
		if (cb_audit_verify_row(&v, &r) == -1)
			break;
	}

	if (v.first_bad == 0 && cb_db_rows(&ctx->db) > 0) {
		head = strtoll(cb_db_get(&ctx->db, 0, 11), NULL, 10);
		hhex = cb_db_get(&ctx->db, 0, 12);
		if (head != (long long)n || (n > 0 && strcmp(hhex,
		    cb_db_get(&ctx->db, n - 1, 10)) != 0))
			v.first_bad = (int64_t)n + 1;
	}

	buf = kore_buf_alloc(128);
	kore_buf_appendf(buf, "{\"ok\":%s,\"entries\":%d,\"first_bad\":",
	    v.first_bad == 0 ? "true" : "false", n);
	if (v.first_bad == 0)
		kore_buf_appendf(buf, "null}");
	else
		kore_buf_appendf(buf, "%lld}", (long long)v.first_bad);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}
