/*
 * case_history: GET /api/v1/cases/{id}/history, and the history the
 * case page shows. One round trip reads the rows and commits the read's
 * entry; only then are the sealed reasons, data and comments opened with
 * the case's key, for a caller the database let see the case.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/assistance.h"
#include "domain/history.h"
#include "domain/referral.h"
#include "domain/transition.h"
#include "render/render.h"
#include "store/history.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

struct hview {
	char			case_id[CB_UUID_SIZE];
	struct cb_history	hist;
};

int	cb_h_api_case_history(struct http_request *);

static int	st_history(struct http_request *);
static void	hview_free(void *);
static int	sealed_where(const struct cb_history_item *, const char **,
		    const char **);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_history),
};

int
cb_h_api_case_history(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct hview	*hv;

	if (!cb_method(req, 1, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	ctx = cb_ctx(req, 1);
	if (ctx->data == NULL) {
		hv = kore_calloc(1, sizeof(*hv));
		ctx->data = hv;
		ctx->data_free = hview_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		if (!cb_case_path_id(req, hv->case_id)) {
			cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
			return (KORE_RESULT_OK);
		}
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
hview_free(void *arg)
{
	struct hview	*hv;

	hv = arg;
	cb_history_clear(&hv->hist);
	kore_free(hv);
}

static int
st_history(struct http_request *req)
{
	struct cb_ctx	*ctx;
	struct hview	*hv;
	struct kore_buf	*buf;
	int		 rc;

	ctx = http_state_get(req);
	hv = ctx->data;
	if (!ctx->db.sent)
		cb_store_case_history(&ctx->q, &ctx->tok, hv->case_id,
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	rc = cb_history_load(&ctx->db, hv->case_id, &hv->hist);
	cb_db_reset(&ctx->db);
	if (rc == 0)
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	if (rc == -1)
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	buf = kore_buf_alloc(4096);
	cb_render_history_json(buf, &hv->hist);
	cb_reply_json(req, HTTP_STATUS_OK, buf);
	return (HTTP_STATE_COMPLETE);
}

/*
 * Where the sealed value of a consent or referral row was sealed: its
 * table and column (bound into the ciphertext with the row's id, the
 * history's ref). 0 for the other kinds.
 */
static int
sealed_where(const struct cb_history_item *it, const char **table,
    const char **column)
{
	static const struct {
		const char	*kind;
		const char	*event;
		const char	*table;
		const char	*column;
	} where[] = {
		{ "consent", "recorded", "consents", "purpose" },
		{ "consent", "withdrawn", "consents", "withdrawal_reason" },
		{ "referral", "sent", "referrals", "note" },
		{ "referral", "answered", "referrals", "response_reason" },
		{ "referral_update", "", "referral_updates", "note" },
	};
	size_t		i;

	for (i = 0; i < NITEMS(where); i++) {
		if (strcmp(it->kind, where[i].kind) == 0 &&
		    strcmp(it->event, where[i].event) == 0) {
			*table = where[i].table;
			*column = where[i].column;
			return (1);
		}
	}
	return (0);
}

int
cb_history_load(const struct cb_db *db, const char *case_id,
    struct cb_history *h)
{
	struct cb_store_sealed	*s;
	struct cb_store_key	 k;
	struct cb_history_item	*it;
	const char		*table, *column;
	unsigned char		 dk[CB_VAULT_KEY_LEN];
	size_t			 i, n;
	int			 ret;

	if (!cb_store_case_history_rows(db, h, &s, &k))
		return (0);
	n = h->n;
	ret = -1;
	if (cb_vault_dk_unwrap(cb_app.vault, case_id, k.key_version,
	    k.wrapped, k.wlen, dk) == -1)
		goto cleanup;
	for (i = 0; i < h->n; i++) {
		it = &h->items[i];
		if (s[i].reason != NULL && (it->reason = cb_transition_open(dk,
		    k.seal_version, s[i].tid, "reason", s[i].reason,
		    s[i].reason_len)) == NULL)
			goto cleanup;
		if (s[i].data != NULL && (it->data = cb_transition_open(dk,
		    k.seal_version, s[i].tid, "data", s[i].data,
		    s[i].data_len)) == NULL)
			goto cleanup;
		if (s[i].comment == NULL)
			continue;
		if (strcmp(it->kind, "assistance") == 0)
			it->comment = cb_assistance_note(dk, k.seal_version,
			    it->ref, s[i].comment, s[i].comment_len);
		else if (sealed_where(it, &table, &column))
			it->comment = cb_refer_open(dk, k.seal_version, table,
			    column, it->ref, s[i].comment, s[i].comment_len);
		else
			it->comment = cb_approval_open_comment(dk,
			    k.seal_version, it->ref, s[i].comment,
			    s[i].comment_len);
		if (it->comment == NULL)
			goto cleanup;
	}
	ret = 1;

cleanup:
	sodium_memzero(dk, sizeof(dk));
	if (ret == -1) {
		cb_log_error(db->reqid, "history: cannot open it");
		cb_history_clear(h);
	}
	cb_store_sealed_free(s, n);
	cb_store_key_clear(&k);
	return (ret);
}
