/*
 * refer_list: GET /api/v1/cases/{id}/consents and GET
 * /api/v1/cases/{id}/referrals, for the case team (its caseworker and
 * its office's supervisors); anyone else gets 404, as for a case that
 * does not exist. One audited round trip each, then the sealed values
 * are opened. A case holds at most 200 of each: one page.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/referral.h"
#include "render/referral.h"
#include "web/case.h"
#include "web/referral.h"
#include "web/web.h"

/* Bytes of an answer beyond its free text, per record and in all. */
#define RECORD_BYTES	1536
#define PAGE_BYTES	256

struct listing {
	struct cb_consent_list	 cl;
	struct cb_referral_list	 rl;
};

enum {
	S_START,
	S_CONSENTS,
	S_REFERRALS
};

static int	st_start(struct http_request *);
static int	st_consents(struct http_request *);
static int	st_referrals(struct http_request *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_start),
	KORE_HTTP_STATE(st_consents),
	KORE_HTTP_STATE(st_referrals),
};

int	cb_h_api_case_consents_list(struct http_request *);
int	cb_h_api_case_referrals_list(struct http_request *);

static void	listing_free(void *);
static size_t	text_size(const char *);

int
cb_h_api_case_consents_list(struct http_request *req)
{
	return (cb_handler_run(req, 1, states, NITEMS(states),
	    sizeof(struct listing), listing_free));
}

int
cb_h_api_case_referrals_list(struct http_request *req)
{
	return (cb_handler_run(req, 1, states, NITEMS(states),
	    sizeof(struct listing), listing_free));
}

static void
listing_free(void *arg)
{
	struct listing	*l;

	l = arg;
	cb_consent_list_clear(&l->cl);
	cb_referral_list_clear(&l->rl);
	sodium_memzero(l, sizeof(*l));
	kore_free(l);
}

/* No query string: the whole list is one page. */
static int
st_start(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct listing	*l;

	ctx = http_state_get(req);
	l = ctx->data;
	if (cb_case_start(req, ctx, l->cl.case_id) == -1)
		return (HTTP_STATE_COMPLETE);
	if (req->query_string != NULL && req->query_string[0] != '\0')
		return (cb_fail(req, CB_BAD_REQUEST, "err.query", NULL));
	(void)cb_strlcpy(l->rl.case_id, l->cl.case_id, sizeof(l->rl.case_id));
	req->fsm_state = strstr(req->path, "/referrals") != NULL ?
	    S_REFERRALS : S_CONSENTS;
	return (HTTP_STATE_CONTINUE);
}

static size_t
text_size(const char *s)
{
	return (s != NULL ? strlen(s) * 2 : 0);
}

static int
st_consents(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct listing	*l;
	struct kore_buf	*buf;
	size_t		 i, size;
	int		 rc;

	ctx = http_state_get(req);
	l = ctx->data;
	if ((rc = cb_consents_load(req, ctx, &l->cl)) != HTTP_STATE_CONTINUE)
		return (rc);
	size = PAGE_BYTES;
	for (i = 0; i < l->cl.n; i++)
		size += RECORD_BYTES + text_size(l->cl.items[i].purpose) +
		    text_size(l->cl.items[i].withdrawal_reason);
	buf = kore_buf_alloc(size);
	cb_render_consents_json(buf, l->cl.case_id, l->cl.items, l->cl.n);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

static int
st_referrals(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct listing		*l;
	struct kore_buf		*buf;
	const struct cb_referral *r;
	size_t			 i, j, size;
	int			 rc;

	ctx = http_state_get(req);
	l = ctx->data;
	if ((rc = cb_referrals_load(req, ctx, &l->rl)) != HTTP_STATE_CONTINUE)
		return (rc);
	size = PAGE_BYTES;
	for (i = 0; i < l->rl.n; i++) {
		r = &l->rl.items[i];
		size += RECORD_BYTES + text_size(r->note) +
		    text_size(r->response);
		for (j = 0; j < r->nupdates; j++)
			size += RECORD_BYTES / 3 +
			    text_size(r->updates[j].note);
	}
	buf = kore_buf_alloc(size);
	cb_render_referrals_json(buf, l->rl.case_id, l->rl.items, l->rl.n);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}
