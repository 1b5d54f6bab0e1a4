/*
 * assistance_list: a case's assistance entries, for the case team
 * only (its caseworker and its office's supervisors: whoever sees the
 * case), through GET /api/v1/cases/{id}/assistance and the page
 * /cases/{id}/assistance, and for the case page (cb_assistance_load).
 * Visibility is decided in SQL, in the round trip that commits the
 * read's audit entry; only then are the notes opened.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/forms.h"
#include "render/assistance.h"
#include "render/render.h"
#include "store/assistance.h"
#include "text/text.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/assistance.h"
#include "web/case.h"
#include "web/web.h"

/* "<date>|<created_at>|<id>", as cb_store_assistance_items makes it. */
#define CURSOR_RAW_MAX	160
/* Bytes of an answer beyond its free text, per entry and in all. */
#define ENTRY_BYTES	768
#define PAGE_BYTES	2048

struct listing {
	struct cb_assistance_list	 al;
	struct cb_kvlist		 qs;
};

enum {
	S_START,
	S_LOAD
};

static int	st_start(struct http_request *);
static int	st_load(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_load),
};

int	cb_h_api_case_assistance_list(struct http_request *);
int	cb_h_case_assistance_page(struct http_request *);

static int	run(struct http_request *, int);
static void	listing_free(void *);
static int	query(struct http_request *, struct cb_ctx *,
		    struct listing *);
static int	open_notes(struct cb_assistance_list *);
static size_t	out_size(const struct cb_assistance_list *);

int
cb_h_api_case_assistance_list(struct http_request *req)
{
	return (run(req, 1));
}

int
cb_h_case_assistance_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	return (cb_handler_run(req, api, states, NITEMS(states),
	    sizeof(struct listing), listing_free));
}

static void
listing_free(void *arg)
{
	struct listing	*l;

	l = arg;
	cb_kv_free(&l->qs);
	cb_assistance_list_clear(&l->al);
	sodium_memzero(l, sizeof(*l));
	kore_free(l);
}

static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct listing	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (cb_case_start(req, ctx, l->al.case_id) == -1)
		return (HTTP_STATE_COMPLETE);
	if (query(req, ctx, l) == -1)
		return (cb_fail(req, CB_BAD_REQUEST, "err.query", &ctx->ferr));
	req->fsm_state = S_LOAD;
	return (HTTP_STATE_CONTINUE);
}

/* ?limit=1..100&cursor=<from the last page>; nothing else. */
static int
query(struct http_request *req, struct cb_ctx *ctx, struct listing *l)
{
	const char	*cursor;

	if (cb_list_args(req, ctx, &l->qs, &l->al.limit, &cursor) == -1)
		return (-1);
	if (cursor != NULL && cb_assistance_cursor(&l->al, cursor) == -1) {
		cb_ferrors_add(&ctx->ferr, "cursor", "err.cursor");
		return (-1);
	}
	return (0);
}

static int
st_load(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct listing	*l;
	struct kore_buf	*buf;
	struct cb_page	 pg;
	char		 csrf[65];
	int		 rc;

	ctx = http_state_get(req);
	l = ctx->data;
	if ((rc = cb_assistance_load(req, ctx, &l->al)) !=
	    HTTP_STATE_CONTINUE)
		return (rc);

	buf = kore_buf_alloc(out_size(&l->al));
	if (ctx->api) {
		cb_render_assistance_list_json(buf, l->al.case_id,
		    l->al.items, l->al.n, l->al.next);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	cb_page_init(ctx, &pg, csrf);
	cb_render_assistance_page(buf, &pg, l->al.case_id, l->al.items,
	    l->al.n, l->al.next, cb_assistance_can_add(ctx, &l->al));
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

/*
 * Room for the whole answer at once: a kore_buf grows by just what is
 * appended, so filling a small one with a long list copies it over and
 * over (a page of 100 entries spent 70 % of its time so, at a tenth of
 * the requests per second). Escaping may still need a little more.
 */
static size_t
out_size(const struct cb_assistance_list *al)
{
	size_t		i, size;

	size = PAGE_BYTES;
	for (i = 0; i < al->n; i++) {
		size += ENTRY_BYTES;
		if (al->items[i].note != NULL)
			size += strlen(al->items[i].note) * 2;
		if (al->items[i].provider != NULL)
			size += strlen(al->items[i].provider) * 2;
	}
	return (size);
}

int
cb_assistance_load(struct http_request *req, struct cb_ctx *ctx,
    struct cb_assistance_list *al)
{
	struct cb_assistance_after	 after;
	int				 limit;

	limit = al->limit > 0 ? al->limit : CB_LIST_LIMIT_DEFAULT;
	if (!ctx->db.sent) {
		after.date = al->after_date[0] != '\0' ? al->after_date : NULL;
		after.ts = al->after_ts;
		after.id = al->after_id;
		cb_store_assistance_list(&ctx->q, &ctx->tok, al->case_id,
		    &after, limit, ctx->reqid);
	}
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_assistance_case(&ctx->db, &al->c)) {
		cb_db_reset(&ctx->db);
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	}
	al->items = cb_store_assistance_items(&ctx->db, limit, &al->n,
	    &al->next);
	cb_db_reset(&ctx->db);
	if (open_notes(al) == -1) {
		cb_log_error(ctx->reqid,
		    "assistance: cannot open the notes");
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	return (HTTP_STATE_CONTINUE);
}

/* With the case's key, wiped at once. */
static int
open_notes(struct cb_assistance_list *al)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	size_t		i;
	int		rc;

	if (cb_vault_dk_unwrap(cb_app.vault, al->c.id, al->c.key_version,
	    al->c.wrapped, al->c.wlen, dk) == -1)
		return (-1);
	rc = 0;
	for (i = 0; i < al->n && rc == 0; i++)
		rc = cb_assistance_open(dk, al->c.seal_version, &al->items[i]);
	sodium_memzero(dk, sizeof(dk));
	return (rc);
}

int
cb_assistance_can_add(const struct cb_ctx *ctx,
    const struct cb_assistance_list *al)
{
	return (ctx->has_actor && ctx->actor.role == CB_ROLE_CASEWORKER &&
	    strcmp(al->c.assigned_to, ctx->actor.user_id) == 0 &&
	    strcmp(al->c.stage, "closed") != 0);
}

int
cb_assistance_cursor(struct cb_assistance_list *al, const char *hex)
{
	char		 raw[CURSOR_RAW_MAX];
	const char	*bar1, *bar2;
	size_t		 len, n;

	len = strlen(hex);
	if (len % 2 != 0 || len / 2 >= sizeof(raw) ||
	    sodium_hex2bin((unsigned char *)raw, sizeof(raw) - 1, hex, len,
	    NULL, &n, NULL) != 0)
		return (-1);
	raw[n] = '\0';
	if ((bar1 = strchr(raw, '|')) == NULL ||
	    (bar2 = strchr(bar1 + 1, '|')) == NULL)
		return (-1);
	if (!cb_valid_date(raw, bar1 - raw, NULL, NULL, NULL) ||
	    (size_t)(bar2 - bar1 - 1) >= sizeof(al->after_ts) ||
	    bar2 - bar1 - 1 < 1 ||
	    strspn(bar1 + 1, "0123456789-:. +") != (size_t)(bar2 - bar1 - 1) ||
	    !cb_uuid_valid(bar2 + 1))
		return (-1);
	memcpy(al->after_date, raw, bar1 - raw);
	al->after_date[bar1 - raw] = '\0';
	memcpy(al->after_ts, bar1 + 1, bar2 - bar1 - 1);
	al->after_ts[bar2 - bar1 - 1] = '\0';
	(void)cb_strlcpy(al->after_id, bar2 + 1, sizeof(al->after_id));
	return (0);
}

void
cb_assistance_list_clear(struct cb_assistance_list *al)
{
	size_t		i;

	for (i = 0; i < al->n; i++)
		cb_assistance_clear(&al->items[i]);
	kore_free(al->items);
	kore_free(al->next);
	cb_assistance_case_clear(&al->c);
	al->items = NULL;
	al->next = NULL;
	al->n = 0;
}
