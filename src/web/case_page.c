/*
 * case_page: GET /cases/{id}, and the same page drawn again after a
 * form on it failed. Two reads, each audited with its own entry: the
 * case with its person, then its history; then the page offers what the
 * caller may do next as forms drawn from the flow's field tables.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "render/render.h"
#include "store/assignment.h"
#include "store/case.h"
#include "domain/assistance.h"
#include "domain/consent.h"
#include "domain/referral.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "store/history.h"
#include "store/survey.h"
#include "web/app.h"
#include "web/case.h"
#include "web/web.h"

int	cb_h_case_page(struct http_request *);

static int	st_page(struct http_request *);
static void	pageload_free(void *);

static struct http_state states[] = {
	KORE_HTTP_STATE(st_page),
};

enum {
	STEP_VIEW,
	STEP_RENDER
};

static void	sections(struct cb_case_pageload *);
static void	refer_sections(struct cb_case_pageload *);
static struct cb_consent *find_consent(struct cb_case_pageload *,
		    const char *);
static struct cb_referral *find_referral(struct cb_case_pageload *,
		    const char *);

int
cb_h_case_page(struct http_request *req)
{
	struct cb_ctx		*ctx;
	struct cb_case_pageload	*pl;

	if (!cb_method(req, 0, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	ctx = cb_ctx(req, 0);
	if (ctx->data == NULL) {
		pl = kore_calloc(1, sizeof(*pl));
		ctx->data = pl;
		ctx->data_free = pageload_free;
		if (!cb_session_token(req, ctx)) {
			(void)cb_unauthorized(req, ctx);
			return (KORE_RESULT_OK);
		}
		if (!cb_case_path_id(req, pl->case_id)) {
			cb_reply_error(req, CB_NOT_FOUND, "err.not_found", NULL);
			return (KORE_RESULT_OK);
		}
	}
	return (http_state_run(states, NITEMS(states), req));
}

static void
pageload_free(void *arg)
{
	cb_case_pageload_clear(arg);
	kore_free(arg);
}

static int
st_page(struct http_request *req)
{
	struct cb_ctx	*ctx;

	ctx = http_state_get(req);
	return (cb_case_pageload_run(req, ctx, ctx->data));
}

int
cb_case_pageload_run(struct http_request *req, struct cb_ctx *ctx,
    struct cb_case_pageload *pl)
{
	struct cb_case_pageview	 pv;
	struct cb_page		 pg;
	struct kore_buf		*buf;
	char			 csrf[65];
	int			 rc;

	/*
	 * One round trip: the case, its history and, for a supervisor of
	 * an open case, whom it may be reassigned to (case_view with
	 * p_page), under one audit entry committed before the reply.
	 */
	if (pl->step == STEP_VIEW) {
		if (!ctx->db.sent)
			cb_store_case_page(&ctx->q, &ctx->tok, pl->case_id,
			    ctx->reqid);
		CB_AWAIT_ACTOR(req, ctx);
		cb_case_clear(&pl->v.c);
		cb_case_row_clear(&pl->v.row);
		if (!cb_store_case_view_row(&ctx->db, &pl->v.c, &pl->v.row))
			return (cb_fail(req, CB_NOT_FOUND, "err.not_found",
			    NULL));
		if (cb_case_open(cb_app.vault, &pl->v.c, &pl->v.row) == -1) {
			cb_log_error(ctx->reqid,
			    "case page: cannot open sealed fields");
			return (cb_fail(req, CB_INTERNAL, "err.internal",
			    NULL));
		}
		cb_case_row_clear(&pl->v.row);
		cb_history_clear(&pl->hist);
		rc = cb_history_load(&ctx->db, pl->case_id, &pl->hist);
		if (rc != 1) {
			cb_db_reset(&ctx->db);
			return (cb_fail(req, rc == 0 ? CB_NOT_FOUND :
			    CB_INTERNAL, rc == 0 ? "err.not_found" :
			    "err.internal", NULL));
		}
		sections(pl);
		refer_sections(pl);
		/* Only a supervisor reassigns, and not a closed case. */
		cb_caseworkers_clear(&pl->cw);
		if (ctx->actor.role == CB_ROLE_SUPERVISOR &&
		    strcmp(pl->v.c.stage, "closed") != 0)
			pl->cw.users = cb_store_caseworker_items(&ctx->db,
			    &pl->cw.n);
		cb_db_reset(&ctx->db);
		pl->step = STEP_RENDER;
	}

	memset(&pv, 0, sizeof(pv));
	pv.c = &pl->v.c;
	pv.hist = &pl->hist;
	pv.form_to = pl->form_to;
	pv.vals = pl->vals;
	pv.fe = pl->fe;
	pv.errkey = pl->errkey;
	pv.reason = pl->reason;
	pv.stale = pl->stale;
	pv.stale_version = pl->stale_version;
	pv.assist = pl->assist;
	pv.nassist = pl->nassist;
	pv.assist_add = ctx->actor.role == CB_ROLE_CASEWORKER &&
	    strcmp(pl->v.c.stage, "closed") != 0;
	pv.surveys = pl->surveys;
	pv.nsurveys = pl->nsurveys;
	pv.show_surveys = strcmp(pl->v.c.case_type, "AVRR") == 0;
	pv.survey_add = cb_survey_may_add(ctx->actor.role, pl->v.c.case_type,
	    pl->v.c.state);
	pv.consents = pl->consents;
	pv.nconsents = pl->nconsents;
	pv.referrals = pl->referrals;
	pv.nreferrals = pl->nreferrals;
	pv.refer_manage = ctx->actor.role == CB_ROLE_CASEWORKER;
	pv.refer_add = pv.refer_manage && pl->v.c.consent &&
	    strcmp(pl->v.c.stage, "closed") != 0;
	if (pl->cw.users != NULL || ctx->actor.role == CB_ROLE_SUPERVISOR) {
		pv.caseworkers = pl->cw.users;
		pv.ncaseworkers = pl->cw.n;
	}
	cb_page_init(ctx, &pg, csrf);
	buf = kore_buf_alloc(16384);
	cb_render_case_page(buf, &pg, &pv);
	cb_reply_html(req, pl->status != 0 ? pl->status : HTTP_STATUS_OK,
	    buf);
	return (HTTP_STATE_COMPLETE);
}

void
cb_case_pageload_clear(struct cb_case_pageload *pl)
{
	size_t		i;

	for (i = 0; i < pl->nassist; i++)
		cb_assistance_clear(&pl->assist[i]);
	kore_free(pl->assist);
	cb_surveys_free(pl->surveys, pl->nsurveys);
	cb_consents_free(pl->consents, pl->nconsents);
	cb_referrals_free(pl->referrals, pl->nreferrals);
	cb_caseworkers_clear(&pl->cw);
	cb_case_view_clear(&pl->v);
	cb_history_clear(&pl->hist);
}

/*
 * The assistance and survey sections come from the history the page
 * read anyway (one round trip less each); newest assistance first, as
 * its own list shows it, surveys oldest first for the chart.
 */
static void
sections(struct cb_case_pageload *pl)
{
	const struct cb_history_item	*it;
	struct cb_assistance		*a;
	struct cb_survey		*sv;
	char				*p, *end;
	size_t				 i, d, na, ns;

	for (i = 0, na = 0, ns = 0; i < pl->hist.n; i++) {
		na += strcmp(pl->hist.items[i].kind, "assistance") == 0;
		ns += strcmp(pl->hist.items[i].kind, "survey") == 0;
	}
	pl->assist = kore_calloc(na + 1, sizeof(*pl->assist));
	pl->surveys = kore_calloc(ns + 1, sizeof(*pl->surveys));
	for (i = pl->hist.n; i-- > 0;) {
		it = &pl->hist.items[i];
		if (strcmp(it->kind, "assistance") != 0)
			continue;
		a = &pl->assist[pl->nassist++];
		(void)cb_strlcpy(a->id, it->ref, sizeof(a->id));
		(void)cb_strlcpy(a->type, it->code, sizeof(a->type));
		(void)cb_strlcpy(a->date, it->date, sizeof(a->date));
		(void)cb_strlcpy(a->amount, it->amount, sizeof(a->amount));
		(void)cb_strlcpy(a->currency, it->currency,
		    sizeof(a->currency));
		(void)cb_strlcpy(a->created_by_name, it->actor,
		    sizeof(a->created_by_name));
		(void)cb_strlcpy(a->created_at, it->at, sizeof(a->created_at));
		if (it->provider[0] != '\0')
			a->provider = kore_strdup(it->provider);
		if (it->comment != NULL)
			a->note = kore_strdup(it->comment);
	}
	for (i = 0; i < pl->hist.n; i++) {
		it = &pl->hist.items[i];
		if (strcmp(it->kind, "survey") != 0)
			continue;
		sv = &pl->surveys[pl->nsurveys++];
		(void)cb_strlcpy(sv->id, it->ref, sizeof(sv->id));
		(void)cb_strlcpy(sv->kind, it->code, sizeof(sv->kind));
		(void)cb_strlcpy(sv->survey_date, it->date,
		    sizeof(sv->survey_date));
		(void)cb_strlcpy(sv->created_at, it->at,
		    sizeof(sv->created_at));
		sv->scheme_version = atoi(it->status);
		/* "economic,social,psychosocial,composite", "" unscored */
		p = (char *)it->scores;
		for (d = 0; d <= CB_RSS_DIMS && *p != '\0'; d++) {
			end = strchr(p, ',');
			if (end != p) {
				if (d < CB_RSS_DIMS) {
					sv->scores.has[d] = 1;
					sv->scores.dim[d] = strtod(p, NULL);
				} else {
					sv->scores.has_composite = 1;
					sv->scores.composite = strtod(p, NULL);
				}
			}
			if (end == NULL)
				break;
			p = end + 1;
		}
	}
}

static struct cb_consent *
find_consent(struct cb_case_pageload *pl, const char *id)
{
	size_t		i;

	for (i = 0; i < pl->nconsents; i++) {
		if (strcmp(pl->consents[i].id, id) == 0)
			return (&pl->consents[i]);
	}
	return (NULL);
}

static struct cb_referral *
find_referral(struct cb_case_pageload *pl, const char *id)
{
	size_t		i;

	for (i = 0; i < pl->nreferrals; i++) {
		if (strcmp(pl->referrals[i].id, id) == 0)
			return (&pl->referrals[i]);
	}
	return (NULL);
}

/*
 * The consents and referrals sections, from the history too, oldest
 * first: a consent's or referral's first row makes it, the later rows
 * (withdrawn; answered, closed, updates) complete it. A consent's state
 * is computed against the database's today, as the package's is.
 */
static void
refer_sections(struct cb_case_pageload *pl)
{
	const struct cb_history_item	*it;
	struct cb_consent		*c;
	struct cb_referral		*r;
	struct cb_referral_update	*u;
	size_t				 i, nc, nr, nu;
	int				 bits;

	for (i = 0, nc = 0, nr = 0; i < pl->hist.n; i++) {
		it = &pl->hist.items[i];
		nc += cb_history_is(it, "consent", "recorded");
		nr += cb_history_is(it, "referral", "sent");
	}
	pl->consents = kore_calloc(nc + 1, sizeof(*pl->consents));
	pl->referrals = kore_calloc(nr + 1, sizeof(*pl->referrals));
	for (i = 0; i < pl->hist.n; i++) {
		it = &pl->hist.items[i];
		if (cb_history_is(it, "consent", "recorded")) {
			c = &pl->consents[pl->nconsents++];
			(void)cb_strlcpy(c->id, it->ref, sizeof(c->id));
			(void)cb_strlcpy(c->org_name, it->org,
			    sizeof(c->org_name));
			bits = cb_categories_parse(it->categories);
			c->categories = bits > 0 ? bits : 0;
			(void)cb_strlcpy(c->valid_from, it->date,
			    sizeof(c->valid_from));
			(void)cb_strlcpy(c->valid_until, it->until,
			    sizeof(c->valid_until));
			(void)cb_strlcpy(c->method, it->method,
			    sizeof(c->method));
			(void)cb_strlcpy(c->language, it->language,
			    sizeof(c->language));
			(void)cb_strlcpy(c->created_by_name, it->actor,
			    sizeof(c->created_by_name));
			(void)cb_strlcpy(c->created_at, it->at,
			    sizeof(c->created_at));
			c->state = cb_consent_state(c->valid_from,
			    c->valid_until, strcmp(it->status, "withdrawn") == 0,
			    it->today);
			if (it->comment != NULL)
				c->purpose = kore_strdup(it->comment);
		} else if (cb_history_is(it, "consent", NULL) &&
		    (c = find_consent(pl, it->ref)) != NULL) {
			(void)cb_strlcpy(c->withdrawn_at, it->at,
			    sizeof(c->withdrawn_at));
			(void)cb_strlcpy(c->withdrawn_by_name, it->actor,
			    sizeof(c->withdrawn_by_name));
			if (it->comment != NULL)
				c->withdrawal_reason = kore_strdup(it->comment);
		} else if (cb_history_is(it, "referral", "sent")) {
			r = &pl->referrals[pl->nreferrals++];
			(void)cb_strlcpy(r->id, it->ref, sizeof(r->id));
			(void)cb_strlcpy(r->org_name, it->org,
			    sizeof(r->org_name));
			(void)cb_strlcpy(r->consent_id, it->parent,
			    sizeof(r->consent_id));
			(void)cb_strlcpy(r->reason, it->code, sizeof(r->reason));
			(void)cb_strlcpy(r->services, it->services,
			    sizeof(r->services));
			bits = cb_categories_parse(it->categories);
			r->categories = bits > 0 ? bits : 0;
			(void)cb_strlcpy(r->status, it->status,
			    sizeof(r->status));
			r->version = it->version;
			(void)cb_strlcpy(r->created_by_name, it->actor,
			    sizeof(r->created_by_name));
			(void)cb_strlcpy(r->created_at, it->at,
			    sizeof(r->created_at));
			if (it->comment != NULL)
				r->note = kore_strdup(it->comment);
			c = find_consent(pl, r->consent_id);
			r->consent_state = c != NULL ? c->state :
			    CB_CONSENT_EXPIRED;
		} else if (cb_history_is(it, "referral", NULL) &&
		    (r = find_referral(pl, it->ref)) != NULL) {
			if (cb_history_is(it, "referral", "answered")) {
				(void)cb_strlcpy(r->answer, it->status,
				    sizeof(r->answer));
				(void)cb_strlcpy(r->responded_at, it->at,
				    sizeof(r->responded_at));
				(void)cb_strlcpy(r->responded_by_name,
				    it->actor, sizeof(r->responded_by_name));
				if (it->comment != NULL)
					r->response = kore_strdup(it->comment);
			} else {
				(void)cb_strlcpy(r->closed_at, it->at,
				    sizeof(r->closed_at));
				(void)cb_strlcpy(r->closed_by_name, it->actor,
				    sizeof(r->closed_by_name));
			}
		} else if (cb_history_is(it, "referral_update", NULL) &&
		    (r = find_referral(pl, it->parent)) != NULL) {
			nu = r->nupdates + 1;
			r->updates = kore_realloc(r->updates,
			    nu * sizeof(*r->updates));
			u = &r->updates[r->nupdates++];
			memset(u, 0, sizeof(*u));
			(void)cb_strlcpy(u->id, it->ref, sizeof(u->id));
			(void)cb_strlcpy(u->service, it->code,
			    sizeof(u->service));
			(void)cb_strlcpy(u->status, it->status,
			    sizeof(u->status));
			(void)cb_strlcpy(u->date, it->date, sizeof(u->date));
			(void)cb_strlcpy(u->created_by_name, it->actor,
			    sizeof(u->created_by_name));
			(void)cb_strlcpy(u->created_at, it->at,
			    sizeof(u->created_at));
			if (it->comment != NULL)
				u->note = kore_strdup(it->comment);
		}
	}
}
