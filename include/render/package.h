/*
 * render/referral: the partner's side of referrals as JSON and HTML:
 * the inbox (the partner's home), the referral page with its package
 * (labels, never raw codes; values with dir="auto"), the answer form,
 * the service updates and their form. Only the package's shared
 * fields are ever written out, whatever else a struct holds. Pure.
 */
#ifndef CB_RENDER_PACKAGE_H
#define CB_RENDER_PACKAGE_H

#include <stddef.h>

struct kore_buf;
struct cb_page;
struct cb_package;
struct cb_referral_item;
struct cb_referral_update;
struct cb_values;
struct cb_ferrors;

/* {"items": [{"id", "status", "reason", "services", "categories",
 * "version", "created_at", "responded_at", "updates",
 * "consent": {"state", "valid_from", "valid_until"}}], "next_cursor"} */
void	cb_render_referral_inbox_json(struct kore_buf *,
	    const struct cb_referral_item *, size_t, const char *next);
/*
 * {"id", "status", "version", "reason", "services", "categories",
 *  "created_at", "consent": {"state", "valid_from", "valid_until"},
 *  "response": null | {"responded_at", "responded_by", "reason"},
 *  "person": {the shared identity, contact and documents fields},
 *  "case": {"case_type", "stage", "assistance": [{"type", "date"}]}
 *  when case_summary is shared, "health": {"fit_to_travel", "fit_note",
 *  "urgent_medical_need"} when health is, "narrative" when narrative
 *  is, "updates": [...]}
 */
void	cb_render_referral_package_json(struct kore_buf *,
	    const struct cb_package *);
/* {"id", "status", "version", "responded_at"} */
void	cb_render_referral_response_json(struct kore_buf *, const char *id,
	    const char *status, int version, const char *responded_at);
/* {"id", "referral_id", "service", "status", "date", "note",
 *  "created_by", "created_at"} */
void	cb_render_referral_update_json(struct kore_buf *,
	    const char *referral_id, const struct cb_referral_update *);

/* The partner's home: its referrals, newest first; a link to the next
 * page (/?cursor=) when next is set. */
void	cb_render_referral_inbox(struct kore_buf *, const struct cb_page *,
	    const struct cb_referral_item *, size_t, const char *next);

/* The referral page; a form that failed is drawn again with what was
 * typed and each error next to its field. */
struct cb_referral_pageview {
	const struct cb_package	*p;
	const char		*failed;	/* "response", "update" */
	const struct cb_values	*vals;
	const struct cb_ferrors	*fe;
	const char		*errkey;	/* shown at the top */
	const char		*form_token;	/* the update form's */
};

void	cb_render_referral_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_referral_pageview *);

#endif
