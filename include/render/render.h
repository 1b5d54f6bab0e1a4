/*
 * render: HTML pages and JSON documents, built into a kore_buf. Pure:
 * no request, no database; every string a person sees goes through
 * cb_t() and every value through an escaper.
 */
#ifndef CB_RENDER_H
#define CB_RENDER_H

#include <stddef.h>

#include "core/casebook.h"

struct kore_buf;
struct cb_case;
struct cb_values;
struct cb_ferrors;
struct cb_history;
struct cb_approval_item;
struct cb_staff;
struct cb_home;

/* JSON */
void	cb_render_json_error(struct kore_buf *, enum cb_err,
	    const char *msgkey, const struct cb_ferrors *);
void	cb_render_case_json(struct kore_buf *, const struct cb_case *,
	    int role);
void	cb_render_case_item_json(struct kore_buf *, const struct cb_case *);
void	cb_render_case_list_json(struct kore_buf *, const struct cb_case *,
	    size_t, const char *next_cursor);
void	cb_render_history_json(struct kore_buf *, const struct cb_history *);
void	cb_render_approvals_json(struct kore_buf *,
	    const struct cb_approval_item *, size_t);
void	cb_render_decision_json(struct kore_buf *, const char *approval_id,
	    int approve, const char *case_id, const char *state, int version);
/* 202 to a transition that waits for a supervisor. */
void	cb_render_approval_request_json(struct kore_buf *,
	    const char *approval_id, const char *case_id, const char *state,
	    const char *target, int version);

/* HTML */
/* What the search form keeps of its input to show it again. */
struct cb_kvlist_view {
	const char	*document_number;
	const char	*given_name;
	const char	*family_name;
	const char	*date_of_birth;
};

struct cb_page {
	const struct cb_actor	*actor;		/* NULL when logged out */
	const char		*csrf;		/* session CSRF token */
};

/* pg may be NULL (or have no actor) when nobody is logged in. */
void	cb_render_error_page(struct kore_buf *, const struct cb_page *,
	    enum cb_err, const char *);
void	cb_render_home(struct kore_buf *, const struct cb_page *);
/* The settings page; lang the one in use (enum cb_lang). */
void	cb_render_profile(struct kore_buf *, const struct cb_page *, int);
/* The home of a caseworker or supervisor: the counts of their work. */
void	cb_render_home_work(struct kore_buf *, const struct cb_page *,
	    const struct cb_home *);

/* What GET /audit shows of a verification. */
struct cb_audit_result {
	int		 ok;
	long long	 entries;
	long long	 checkpoints;
	long long	 first_bad;
	const char	*fault;
};

void	cb_render_audit_verify(struct kore_buf *, const struct cb_page *,
	    const struct cb_audit_result *);
/* draft: a sealed form to carry through the login, or NULL. */
void	cb_render_login(struct kore_buf *, const char *csrf,
	    const char *username, const char *errkey, const char *draft);
struct cb_kvlist;
void	cb_render_draft_resend(struct kore_buf *, const struct cb_page *,
	    const char *path, const struct cb_kvlist *pairs);
void	cb_render_intake(struct kore_buf *, const struct cb_page *,
	    const char *form_token, const struct cb_values *,
	    const struct cb_ferrors *);
/* The case page: the case, what the caller may do next as forms (one
 * of them drawn again with its input and errors when form_to is set,
 * or after a newer version of the case was found), and its history. */
struct cb_assistance;
struct cb_survey;
struct cb_user_ref;
struct cb_consent;
struct cb_referral;

struct cb_case_pageview {
	const struct cb_case	*c;
	const struct cb_history	*hist;		/* NULL: not shown */
	/* Sections made from the history (NULL: not shown). */
	const struct cb_assistance *assist;
	size_t			 nassist;
	int			 assist_add;
	const struct cb_survey	*surveys;
	size_t			 nsurveys;
	int			 survey_add;
	int			 show_surveys;
	/* Consents and referrals, and what the caller may do with them:
	 * record and send (the case's caseworker, the case open),
	 * withdraw and close (its caseworker). */
	const struct cb_consent	*consents;
	size_t			 nconsents;
	const struct cb_referral *referrals;
	size_t			 nreferrals;
	int			 refer_add;
	int			 refer_manage;
	/* A supervisor's reassignment form (NULL: none). */
	const struct cb_user_ref *caseworkers;
	size_t			 ncaseworkers;
	const char		*form_to;
	const struct cb_values	*vals;
	const struct cb_ferrors	*fe;
	const char		*errkey;
	const char		*reason;
	int			 stale;
	int			 stale_version;
};

void	cb_render_case_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_case_pageview *);
/* The requests page; failed names the request whose form failed. */
struct cb_approvals_view {
	const struct cb_approval_item	*items;
	size_t				 n;
	const char			*failed;
	const char			*errkey;
	const struct cb_ferrors		*fe;
	const char			*comment;
};

void	cb_render_approvals_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_approvals_view *);
/* The case list: its rows, the filters as chosen (NULL: any), and the
 * caseworkers a supervisor can filter by. */
struct cb_case_list_view {
	const struct cb_case	*items;
	size_t			 n;
	const char		*next_query;	/* NULL on the last page */
	const char		*case_type;
	const char		*stage;
	const char		*state;
	const char		*assignee;	/* "me" or a user id */
	const struct cb_staff	*staff;
	size_t			 nstaff;
};

void	cb_render_case_list(struct kore_buf *, const struct cb_page *,
	    const struct cb_case_list_view *);
void	cb_render_search(struct kore_buf *, const struct cb_page *,
	    const struct cb_kvlist_view *, const struct cb_ferrors *,
	    const struct cb_case *, size_t, int searched);

#endif
