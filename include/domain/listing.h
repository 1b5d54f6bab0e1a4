/*
 * listing: what the case list filters by and the homes count, from the
 * lifecycle tables (never retyped): every state of both machines, the
 * pending ones, and the counts a home shows as the store returns them.
 */
#ifndef CB_LISTING_H
#define CB_LISTING_H

#include <stddef.h>

#include "core/casebook.h"

/* Enough for the states of both machines. */
#define CB_LIST_STATES_MAX	64

/* Every state of the AVRR machine, then those of CT that AVRR has not,
 * in table order; returns how many were written (at most max). */
size_t	cb_list_states(const char **out, size_t max);
/* The pending states (waiting for a decision) of both machines. */
size_t	cb_list_pending_states(const char **out, size_t max);
/* 1 when name is a stage of cb_flow_stages / a state of either
 * machine. */
int	cb_list_stage_valid(const char *);
int	cb_list_state_valid(const char *);

/* One count of a home: see sql/fn/home_counts.sql for the kinds. */
struct cb_home_count {
	char		 kind[16];
	char		 key[48];
	char		 label[CB_USERNAME_MAX + 1];
	long long	 count;
	long long	 open;
};

struct cb_home {
	struct cb_home_count	*items;		/* kore_calloc'ed */
	size_t			 n;
};

/* The count of kind (and key, when not NULL); 0 when there is none. */
long long	cb_home_get(const struct cb_home *, const char *kind,
		    const char *key);
void		cb_home_clear(struct cb_home *);

#endif
