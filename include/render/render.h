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

/* JSON */
void	cb_render_json_error(struct kore_buf *, enum cb_err,
	    const char *msgkey, const struct cb_ferrors *);
void	cb_render_case_json(struct kore_buf *, const struct cb_case *,
	    int role);
void	cb_render_case_item_json(struct kore_buf *, const struct cb_case *);
void	cb_render_case_list_json(struct kore_buf *, const struct cb_case *,
	    size_t, const char *next_cursor);

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
void	cb_render_login(struct kore_buf *, const char *csrf,
	    const char *username, const char *errkey);
void	cb_render_intake(struct kore_buf *, const struct cb_page *,
	    const char *form_token, const struct cb_values *,
	    const struct cb_ferrors *);
void	cb_render_case_page(struct kore_buf *, const struct cb_page *,
	    const struct cb_case *);
void	cb_render_case_list(struct kore_buf *, const struct cb_page *,
	    const char *title, const struct cb_case *, size_t,
	    const char *next_query);
void	cb_render_search(struct kore_buf *, const struct cb_page *,
	    const struct cb_kvlist_view *, const struct cb_ferrors *,
	    const struct cb_case *, size_t, int searched);

#endif
