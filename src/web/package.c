/*
 * referral: one referral's package for its partner, through
 * GET /api/v1/referrals/{id} and the page /referrals/{id} (with the
 * answer and service update forms). One round trip authenticates,
 * decides in SQL whether the caller is a partner of the referral's
 * organisation and the consent is active today, reads only the shared
 * categories' ciphertexts and commits the read's audit entry; only then
 * is anything opened, and only the shared fields are. Anything else
 * answers 404, exactly as a referral that does not exist.
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
#include "vault/vault.h"
#include "web/app.h"
#include "web/package.h"
#include "web/web.h"

/* Bytes of a page beyond its free text. */
#define PAGE_BYTES	16384

int	cb_h_api_referral(struct http_request *);
int	cb_h_referral_page(struct http_request *);

static int	run(struct http_request *, int);
static int	st_view(struct http_request *);
static void	view_free(void *);
static size_t	out_size(const struct cb_package *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_view),
};

int
cb_h_api_referral(struct http_request *req)
{
	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 1));
}

int
cb_h_referral_page(struct http_request *req)
{
	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	return (run(req, 0));
}

static int
run(struct http_request *req, int api)
{
	struct cb_ctx	*ctx;

	ctx = cb_ctx(req, api);
	if (ctx->data == NULL) {
		ctx->data = kore_calloc(1, sizeof(struct cb_referral_view));
		ctx->data_free = view_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		if (!cb_referral_path_id(req,
		    ((struct cb_referral_view *)ctx->data)->id)) {
			cb_reply_error(req, CB_NOT_FOUND, "err.not_found",
			    NULL);
			return (KORE_RESULT_OK);
		}
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
view_free(void *arg)
{
	cb_referral_view_clear(arg);
	kore_free(arg);
}

static int
st_view(struct http_request *req)
{
	struct cb_ctx			*ctx;
	struct cb_referral_view		*v;
	struct kore_buf			*buf;
	struct cb_page			 pg;
	struct cb_referral_pageview	 pv;
	char				 csrf[65], tok[CB_TOKEN_SIZE];
	int				 rc;

	ctx = http_state_get(req);
	v = ctx->data;
	if ((rc = cb_referral_load(req, ctx, v)) != HTTP_STATE_CONTINUE)
		return (rc);
	buf = kore_buf_alloc(out_size(&v->p));
	if (ctx->api) {
		cb_render_referral_package_json(buf, &v->p);
		cb_reply_json(req, HTTP_STATUS_OK, buf);
		return (HTTP_STATE_COMPLETE);
	}
	cb_page_init(ctx, &pg, csrf);
	cb_vault_token_new(tok);
	memset(&pv, 0, sizeof(pv));
	pv.p = &v->p;
	pv.form_token = tok;
	cb_render_referral_page(buf, &pg, &pv);
	cb_reply_html(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

/* Room for the whole answer at once (kore_buf copies as it grows). */
static size_t
out_size(const struct cb_package *p)
{
	size_t		i, size;

	size = PAGE_BYTES;
	for (i = 0; i < CB_PKG_COUNT; i++) {
		if (p->val[i] != NULL)
			size += strlen(p->val[i]) * 2;
	}
	if (p->response != NULL)
		size += strlen(p->response) * 2;
	size += p->nassist * 160;
	for (i = 0; i < p->nupdates; i++) {
		size += 512;
		if (p->updates[i].note != NULL)
			size += strlen(p->updates[i].note) * 2;
	}
	return (size);
}

int
cb_referral_path_id(struct http_request *req, char out[CB_UUID_SIZE])
{
	return (cb_path_id(req, "/api/v1/referrals/", "/referrals/", out));
}

int
cb_referral_load(struct http_request *req, struct cb_ctx *ctx,
    struct cb_referral_view *v)
{
	if (!ctx->db.sent)
		cb_store_referral_package(&ctx->q, &ctx->tok, v->id,
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	cb_package_clear(&v->p);
	cb_package_row_clear(&v->row);
	if (!cb_store_referral_package_row(&ctx->db, &v->p, &v->row)) {
		cb_db_reset(&ctx->db);
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	}
	cb_db_reset(&ctx->db);
	if (cb_package_open(cb_app.vault, &v->p, &v->row) == -1) {
		kore_log(LOG_ERR, "referral %s: cannot open its package",
		    v->id);
		cb_package_row_clear(&v->row);
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	cb_package_row_clear(&v->row);
	return (HTTP_STATE_CONTINUE);
}

void
cb_referral_view_clear(struct cb_referral_view *v)
{
	cb_package_clear(&v->p);
	cb_package_row_clear(&v->row);
	sodium_memzero(v, sizeof(*v));
}
