/*
 * refer_load: reading a case's consents, its referrals and the
 * organisations for the handlers that show them (the two GET lists of
 * the API, the form pages). Visibility is decided in SQL, in the round
 * trip that commits the read's audit entry; only then are the sealed
 * purposes, reasons and notes opened with the case's key.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "store/referral.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/referral.h"
#include "web/web.h"

static int	unwrap(const char *, const struct cb_refer_case *,
		    unsigned char *);

void
cb_refer_values(struct cb_ctx *ctx, const struct cb_form *form)
{
	if (ctx->api)
		(void)cb_form_from_json(form, ctx->json, &ctx->vals,
		    &ctx->ferr);
	else
		(void)cb_form_from_kv(form, &ctx->kv, &ctx->vals, &ctx->ferr);
}

void
cb_refer_error_names(const struct cb_ctx *ctx, const struct cb_form *form,
    char *out, size_t len)
{
	size_t		i;

	out[0] = '\0';
	for (i = 0; i < ctx->ferr.n; i++) {
		if (cb_form_index(form, ctx->ferr.field[i]) == -1)
			continue;
		if (out[0] != '\0')
			(void)cb_strlcat(out, ",", len);
		(void)cb_strlcat(out, ctx->ferr.field[i], len);
	}
}

int
cb_path_sub_id(struct http_request *req, const char *marker,
    char out[CB_UUID_SIZE])
{
	const char	*p;

	out[0] = '\0';
	if ((p = strstr(req->path, marker)) == NULL)
		return (0);
	p += strlen(marker);
	if (strlen(p) < CB_UUID_LEN)
		return (0);
	memcpy(out, p, CB_UUID_LEN);
	out[CB_UUID_LEN] = '\0';
	if ((p[CB_UUID_LEN] != '\0' && p[CB_UUID_LEN] != '/') ||
	    !cb_uuid_valid(out)) {
		out[0] = '\0';
		return (0);
	}
	return (1);
}

int
cb_refer_may_add(const struct cb_ctx *ctx, const char *assigned_to,
    const char *stage)
{
	return (ctx->has_actor && ctx->actor.role == CB_ROLE_CASEWORKER &&
	    strcmp(assigned_to, ctx->actor.user_id) == 0 &&
	    strcmp(stage, "closed") != 0);
}

static int
unwrap(const char *case_id, const struct cb_refer_case *c,
    unsigned char *dk)
{
	return (cb_vault_dk_unwrap(cb_app.vault, case_id, c->key_version,
	    c->wrapped, c->wlen, dk));
}

int
cb_consents_load(struct http_request *req, struct cb_ctx *ctx,
    struct cb_consent_list *l)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	size_t		i;
	int		rc;

	if (!ctx->db.sent)
		cb_store_consent_list(&ctx->q, &ctx->tok, l->case_id,
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_refer_case(&ctx->db, &l->c)) {
		cb_db_reset(&ctx->db);
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	}
	l->items = cb_store_consent_items(&ctx->db, l->c.today, &l->n);
	cb_db_reset(&ctx->db);

	rc = unwrap(l->case_id, &l->c, dk);
	for (i = 0; i < l->n && rc == 0; i++)
		rc = cb_consent_open(dk, l->c.seal_version, &l->items[i]);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		kore_log(LOG_ERR, "case %s: cannot open its consents",
		    l->case_id);
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	return (HTTP_STATE_CONTINUE);
}

int
cb_referrals_load(struct http_request *req, struct cb_ctx *ctx,
    struct cb_referral_list *l)
{
	unsigned char	dk[CB_VAULT_KEY_LEN];
	size_t		i;
	int		rc;

	if (!ctx->db.sent)
		cb_store_referral_list(&ctx->q, &ctx->tok, l->case_id,
		    ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	if (!cb_store_refer_case(&ctx->db, &l->c)) {
		cb_db_reset(&ctx->db);
		return (cb_fail(req, CB_NOT_FOUND, "err.not_found", NULL));
	}
	l->items = cb_store_referral_items(&ctx->db, l->c.today, &l->n);
	cb_db_reset(&ctx->db);

	rc = unwrap(l->case_id, &l->c, dk);
	for (i = 0; i < l->n && rc == 0; i++)
		rc = cb_referral_open(dk, l->c.seal_version, &l->items[i]);
	sodium_memzero(dk, sizeof(dk));
	if (rc == -1) {
		kore_log(LOG_ERR, "case %s: cannot open its referrals",
		    l->case_id);
		return (cb_fail(req, CB_INTERNAL, "err.internal", NULL));
	}
	return (HTTP_STATE_CONTINUE);
}

int
cb_orgs_load(struct http_request *req, struct cb_ctx *ctx,
    struct cb_org_list *l)
{
	enum cb_refer_outcome	out;

	if (!ctx->db.sent)
		cb_store_org_list(&ctx->q, &ctx->tok, ctx->reqid);
	CB_AWAIT_ACTOR(req, ctx);
	cb_org_list_clear(l);
	l->items = cb_store_org_items(&ctx->db, &l->n, &out);
	cb_db_reset(&ctx->db);
	if (out != CB_REF_OK)
		return (cb_fail(req, CB_FORBIDDEN, "err.forbidden", NULL));
	return (HTTP_STATE_CONTINUE);
}

void
cb_consent_list_clear(struct cb_consent_list *l)
{
	cb_consents_free(l->items, l->n);
	cb_refer_case_clear(&l->c);
	l->items = NULL;
	l->n = 0;
}

void
cb_referral_list_clear(struct cb_referral_list *l)
{
	cb_referrals_free(l->items, l->n);
	cb_refer_case_clear(&l->c);
	l->items = NULL;
	l->n = 0;
}

void
cb_org_list_clear(struct cb_org_list *l)
{
	kore_free(l->items);
	l->items = NULL;
	l->n = 0;
}
