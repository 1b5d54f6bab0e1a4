/*
 * history: what happened to a case, in order, as the case team reads it
 * (sealed values already opened): transitions, requests and decisions,
 * links, and later assistance, reassignments, surveys, consents,
 * referrals and the partners' updates.
 */
#ifndef CB_HISTORY_H
#define CB_HISTORY_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/facts.h"

/* An organisation's name: 200 characters of up to 4 bytes. */
#define CB_HIST_ORG_SIZE	801

struct cb_history_item {
	/* transition|request|decision|link|... */
	char		 kind[16];
	char		 at[40];
	char		 actor[72];
	char		 role[16];
	char		 from[48];
	char		 to[48];
	struct cb_facts	 facts;
	/* Opened, NUL-terminated, kore_malloc'ed; NULL when none. */
	char		*reason;
	char		*data;		/* JSON object of the sealed fields */
	char		*comment;	/* a decision's, an assistance note */
	char		 ref[CB_UUID_SIZE];	/* approval, linked case ... */
	char		 code[32];	/* approval kind, linked type ... */
	char		 status[16];	/* approval status ... */
	/* Assistance: when, how much, by whom. */
	char		 date[11];
	char		 amount[24];
	char		 currency[4];
	char		 provider[201];
	/* Survey: "economic,social,psychosocial,composite". */
	char		 scores[64];
	/* Consents and referrals (kinds consent, referral,
	 * referral_update): event recorded|withdrawn (consent),
	 * sent|answered|closed (referral); the organisation; a consent's
	 * window (date .. until), method and language; categories and
	 * services "a,b"; parent the referral's consent, an update's
	 * referral; a referral's version; today (for a consent's state). */
	char		 event[16];
	char		 org[CB_HIST_ORG_SIZE];
	char		 until[11];
	char		 categories[96];
	char		 services[512];
	char		 parent[CB_UUID_SIZE];
	int		 version;
	char		 method[24];
	char		 language[8];
	char		 today[11];
};

struct cb_history {
	struct cb_history_item	*items;
	size_t			 n;
};

/* 1 when the item is of kind and, unless event is NULL, of event. */
int	cb_history_is(const struct cb_history_item *, const char *kind,
	    const char *event);
/* Wipes every opened value and frees the items. */
void	cb_history_clear(struct cb_history *);

#endif
