/*
 * approval: a request waiting for (or decided by) a supervisor, as the
 * lists show it: the request, its case, and the person's names for
 * those who may see them.
 */
#ifndef CB_APPROVAL_H
#define CB_APPROVAL_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/facts.h"

/* One request in a list, with its case and the person's sealed names. */
struct cb_approval_item {
	char		 id[CB_UUID_SIZE];
	char		 kind[24];
	char		 from[48];
	char		 to[48];
	char		 status[16];
	char		 requested_by[CB_UUID_SIZE];
	char		 requester[72];
	char		 requested_at[40];
	char		 decider[72];
	char		 decided_at[40];
	struct cb_facts	 facts;
	char		 case_id[CB_UUID_SIZE];
	char		 case_type[8];
	char		 state[48];
	char		 stage[24];
	char		 office[CB_OFFICE_MAX + 1];
	char		 assigned_to[CB_UUID_SIZE];
	/* Opened by the caller when it may see them; NULL otherwise. */
	char		*given_name;
	char		*family_name;
	/* Sealed, until opened. */
	char		 person_id[CB_UUID_SIZE];
	unsigned int	 pk_version;
	unsigned int	 pk_seal;
	unsigned char	*pk_wrapped;
	size_t		 pk_wlen;
	unsigned char	*ct_given;
	size_t		 ct_given_len;
	unsigned char	*ct_family;
	size_t		 ct_family_len;
};

#endif
