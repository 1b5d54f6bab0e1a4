/*
 * referral_inbox: a partner's inbox, GET /api/v1/referrals and the
 * partner's home (/): the referrals sent to its own organisation,
 * newest first, with status and consent state and no personal value,
 * one page at a time (?limit=&cursor=). The organisation is the
 * caller's, decided in SQL from the session; any other role is refused
 * (403), its attempt audited.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/package.h"
#include "render/package.h"
#include "render/render.h"
#include "store/package.h"
#include "text/text.h"
#include "web/app.h"
#include "web/package.h"
#include "web/web.h"

/* Bytes of an answer per referral, and in all. */
#define ITEM_BYTES	1024
#define PAGE_BYTES	4096

struct inbox {
	struct cb_kvlist	 qs;
	int			 limit;
	char			 after_ts[64];
	char			 after_id[CB_UUID_SIZE];
	struct cb_referral_item	*items;
	size_t			 n;
	char			*next;
};

int	cb_h_api_referrals(struct http_request *);

static int	st_start(struct http_request *);
static int	st_load(struct http_request *);
static void	inbox_free(void *);
static int	query(struct http_request *, struct cb_ctx *, struct inbox *);
static int	cursor(struct inbox *, const char *);

enum {
	S_START,
	S_LOAD
};

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_load),
};

int
cb_h_api_referrals(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (cb_handler_run(req, 1, states, NITEMS(states),
	    sizeof(struct inbox), inbox_free));
}

/*
 * The home's last state: the caller is known to be a partner (misc.c),
 * the inbox is this request's from here on.
 */
int
cb_referral_home(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (ctx->data == NULL) {
		ctx->data = kore_calloc(1, sizeof(struct inbox));
		ctx->data_free = inbox_free;
		if (query(req, ctx, ctx->data) == -1)
			return (cb_fail(req, CB_BAD_REQUEST, "err.query",
			    &ctx->ferr));
	}
	return (st_load(req));
}

static void
inbox_free(void *arg)
{
	struct inbox	*in;

	in = arg;
	cb_kv_free(&in->qs);
	kore_free(in->items);
	kore_free(in->next);
	sodium_memzero(in, sizeof(*in));
	kore_free(in);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	if (!cb_session_token(req, ctx))
		return (cb_unauthorized(req, ctx));
	if (query(req, ctx, ctx->data) == -1)
		return (cb_fail(req, CB_BAD_REQUEST, "err.query", &ctx->ferr));
	req->fsm_state = S_LOAD;
	return (HTTP_STATE_CONTINUE);
}

/* ?limit=1..100&cursor=<from the last page>; nothing else. */
static int
query(struct http_request *req, struct cb_ctx *ctx, struct inbox *in)
{
	const char	*c;

	in->limit = CB_LIST_LIMIT_DEFAULT;
	if (cb_list_args(req, ctx, &in->qs, &in->limit, &c) == -1)
		return (-1);
	if (c != NULL && cursor(in, c) == -1) {
		cb_ferrors_add(&ctx->ferr, "cursor", "err.cursor");
		return (-1);
	}
	return (0);
}

/* hex("<timestamptz>|<uuid>"), as cb_store_inbox_items makes it. */
static int
cursor(struct inbox *in, const char *hex)
{
	char		 raw[128];
	const char	*bar;
	size_t		 len, n;

	len = strlen(hex);
	if (len % 2 != 0 || len / 2 >= sizeof(raw) ||
	    sodium_hex2bin((unsigned char *)raw, sizeof(raw) - 1, hex, len,
	    NULL, &n, NULL) != 0)
		return (-1);
	raw[n] = '\0';
	if ((bar = strrchr(raw, '|')) == NULL || bar == raw ||
	    !cb_uuid_valid(bar + 1) ||
	    (size_t)(bar - raw) >= sizeof(in->after_ts) ||
	    strspn(raw, "0123456789-:. +") != (size_t)(bar - raw))
		return (-1);
	memcpy(in->after_ts, raw, bar - raw);
	in->after_ts[bar - raw] = '\0';
	(void)cb_strlcpy(in->after_id, bar + 1, sizeof(in->after_id));
	return (0);
}

static int
st_load(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct inbox	*in;
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];

	ctx = http_state_get(req);
	in = ctx->data;
	if (!ctx->db.sent)
		cb_store_referral_inbox(&ctx->q, &ctx->tok,
		    in->after_ts[0] != '\0' ? in->after_ts : NULL,
		    in->after_id, in->limit, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	/* Refused in SQL too, and audited there. */
	if (ctx->actor.role != CB_ROLE_PARTNER)
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	in->items = cb_store_inbox_items(&ctx->db, in->limit, &in->n,
	    &in->next);
	cb_db_reset(&ctx->db);

	buf = kore_buf_alloc(PAGE_BYTES + in->n * ITEM_BYTES);
	if (ctx->api) {
		cb_render_referral_inbox_json(buf, in->items, in->n,
		    in->next);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	cb_page_init(ctx, &pg, csrf);
	cb_render_referral_inbox(buf, &pg, in->items, in->n, in->next);
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}
