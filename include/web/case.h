/*
 * web/case: what the case handlers share: the case id in the path,
 * and reading one case for its caller and answering with it (the view
 * itself, and the answer after a create replay or a transition).
 */
#ifndef CB_WEB_CASE_H
#define CB_WEB_CASE_H

#include "domain/casedata.h"
#include "domain/history.h"
#include "web/assignment.h"
#include "web/web.h"

struct cb_assistance;
struct cb_survey;
struct cb_consent;
struct cb_referral;

struct cb_case_view {
	char			case_id[CB_UUID_SIZE];
	int			status;		/* 200, or 201 after create */
	struct cb_case		c;
	struct cb_case_row	row;
};

/* The case id of /cases/<id>... or /api/v1/cases/<id>...; 0 if none. */
int	cb_case_path_id(struct http_request *, char *);
/* What a handler of a case's sub-resource starts with: a session token
 * (else 401, or the login page), the case id of the path (else 404),
 * and for a POST its body: JSON for the API, for a page a form with
 * the session's CSRF token (else 403). -1 once it has answered. */
int	cb_case_start(struct http_request *, struct cb_ctx *,
	    char case_id[CB_UUID_SIZE]);
struct cb_case_snapshot;
/* 1 when the snapshot's state is in the closed stage of its flow; the
 * database checks the stored stage again when it writes. */
int	cb_case_snapshot_closed(const struct cb_case_snapshot *);
/* A state body: reads v->case_id for the caller (audited with the read)
 * and answers with the case, or 404 exactly as for one that does not
 * exist. Returns what the state returns. */
int	cb_case_view_run(struct http_request *, struct cb_ctx *,
	    struct cb_case_view *);
/* Answers with v->c (decrypted) in the request's face. */
void	cb_case_view_reply(struct http_request *, struct cb_ctx *,
	    struct cb_case_view *);
void	cb_case_view_clear(struct cb_case_view *);

/* Reads a case_history result and opens its sealed values: 1, or 0
 * when the caller may not see the case, -1 when a value does not open. */
int	cb_history_load(const struct cb_db *, const char *case_id,
	    struct cb_history *);

/*
 * The case page: the case (audited read), then its history, then the
 * page, with one transition form drawn again when form_to is set.
 */
struct cb_case_pageload {
	char			 case_id[CB_UUID_SIZE];
	int			 step;
	struct cb_case_view	 v;
	struct cb_history	 hist;
	/* The sections drawn from the history, and a supervisor's list
	 * of caseworkers to reassign to. */
	struct cb_assistance	*assist;
	size_t			 nassist;
	struct cb_survey	*surveys;
	size_t			 nsurveys;
	struct cb_consent	*consents;
	size_t			 nconsents;
	struct cb_referral	*referrals;
	size_t			 nreferrals;
	struct cb_caseworkers	 cw;
	int			 status;	/* 200, or the error's */
	const char		*form_to;
	const struct cb_values	*vals;
	const struct cb_ferrors	*fe;
	const char		*errkey;
	const char		*reason;
	int			 stale;
	int			 stale_version;
};

/* A state body; returns what the state returns. */
int	cb_case_pageload_run(struct http_request *, struct cb_ctx *,
	    struct cb_case_pageload *);
void	cb_case_pageload_clear(struct cb_case_pageload *);

#endif
