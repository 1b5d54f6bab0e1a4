/*
 * render/referral: consents, referrals and organisations as JSON (the
 * case team's API) and as HTML: the case page's Consents and Referrals
 * sections, the pages that record a consent, send a referral and
 * withdraw a consent, and the admin's organisations page. Pure: every
 * string a person sees goes through cb_t(), every value through an
 * escaper, codes never appear raw.
 */
#ifndef CB_RENDER_REFERRAL_H
#define CB_RENDER_REFERRAL_H

#include <stddef.h>

struct kore_buf;
struct cb_page;
struct cb_consent;
struct cb_referral;
struct cb_org;
struct cb_values;
struct cb_ferrors;

/* {"id", "case_id", "organisation_id", "organisation", "purpose",
 *  "data_categories": [...], "valid_from", "valid_until", "method",
 *  "language", "state", "created_by", "created_at", "withdrawn_at",
 *  "withdrawn_by", "withdrawal_reason"}; absent values null. */
void	cb_render_consent_json(struct kore_buf *, const char *case_id,
	    const struct cb_consent *);
/* {"items": [...], "next_cursor": null} */
void	cb_render_consents_json(struct kore_buf *, const char *case_id,
	    const struct cb_consent *, size_t);
/* {"id", "case_id", "organisation_id", "organisation", "consent":
 *  {"id", "state"}, "reason", "services": [...], "categories": [...],
 *  "status", "version", "note", "answer": {"decision", "reason", "at",
 *  "by"} | null, "closed_at", "closed_by", "updates": [{"id",
 *  "service", "status", "date", "note", "by", "at"}], "created_by",
 *  "created_at"} */
void	cb_render_referral_json(struct kore_buf *, const char *case_id,
	    const struct cb_referral *);
void	cb_render_referrals_json(struct kore_buf *, const char *case_id,
	    const struct cb_referral *, size_t);
/* 422: why the consent does not allow the referral, the consent_id
 * field naming it, and "missing": the categories it does not cover. */
void	cb_render_referral_refusal_json(struct kore_buf *, const char *key,
	    int missing);
/* "Does not cover: Health, Documents" (or the key's text alone when
 * nothing is missing), escaped, for a page. */
void	cb_render_refusal_text(struct kore_buf *, const char *key,
	    int missing);
/* After a withdrawal: {"id", "case_id", "state": "withdrawn",
 *  "withdrawn_at"}. */
void	cb_render_withdrawn_json(struct kore_buf *, const char *id,
	    const char *case_id, const char *withdrawn_at);
/* After closing: {"id", "case_id", "status", "version"}. */
void	cb_render_referral_status_json(struct kore_buf *, const char *id,
	    const char *case_id, const char *status, int version);
/* {"id", "name", "type", "country", "created_at"}, and the list. */
void	cb_render_org_json(struct kore_buf *, const struct cb_org *);
void	cb_render_orgs_json(struct kore_buf *, const struct cb_org *,
	    size_t);

/*
 * The case page's sections. Consents: each with its organisation,
 * categories, window, method, language, state, purpose, who recorded
 * it, and its withdrawal; a withdraw form under each one not withdrawn
 * when may_withdraw; a link to the record form when may_add.
 * Referrals: each with its organisation, consent (state), reason,
 * services, the categories its package carries, status, note, the
 * partner's answer and updates; a close form under each open one when
 * may_close; a link to the send form when may_add.
 */
void	cb_render_consent_section(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const struct cb_consent *, size_t,
	    int may_add, int may_withdraw);
void	cb_render_referral_section(struct kore_buf *,
	    const struct cb_page *, const char *case_id,
	    const struct cb_referral *, size_t, int may_add, int may_close);

/* The page that records a consent: organisations to choose from, the
 * categories as checkboxes, the window, method, language; drawn again
 * with what was typed and an error next to each field. */
void	cb_render_consent_form(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const char *form_token,
	    const struct cb_org *, size_t, const struct cb_values *,
	    const struct cb_ferrors *);
/* The page that sends a referral: the case's consents that allow one
 * now (by organisation, with what they cover), reason, services, note;
 * refusal_key/missing say why the chosen consent did not allow it. */
void	cb_render_referral_form(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const char *form_token,
	    const struct cb_consent *, size_t, const struct cb_values *,
	    const struct cb_ferrors *, const char *refusal_key, int missing);
/* The withdrawal of one consent on a page of its own (reached when
 * the case page's form failed). */
void	cb_render_withdraw_page(struct kore_buf *, const struct cb_page *,
	    const char *case_id, const char *consent_id,
	    const struct cb_values *, const struct cb_ferrors *,
	    const char *errkey);
/* The admin's organisations: the list and the form that adds one. */
void	cb_render_orgs_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_org *, size_t, const struct cb_values *,
	    const struct cb_ferrors *, const char *errkey);

#endif
