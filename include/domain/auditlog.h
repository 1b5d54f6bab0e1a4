/*
 * auditlog: reading the audit log (auditors and admins). Which entries
 * (a record, an actor, since when, a page of them before a cursor),
 * parsed strictly from a query string, and one entry as the store hands
 * it over: names and codes only, as the log holds no value.
 */
#ifndef CB_AUDITLOG_H
#define CB_AUDITLOG_H

#include "core/casebook.h"

struct kore_buf;
struct cb_kvlist;
struct cb_ferrors;

#define CB_AUDIT_LIST_DEFAULT	50
#define CB_AUDIT_LIST_MAX	200

struct cb_audit_filter {
	char		record_id[CB_UUID_SIZE];	/* "" for any */
	char		actor[CB_USERNAME_MAX + 1];	/* username or id */
	char		since[40];			/* RFC 3339, or "" */
	long long	before;				/* cursor: seq, 0 none */
	int		limit;
	/* Audit field names of the filters given. */
	char		fields[96];
};

/*
 * record_id (a UUID), actor (a username or a user id), since (YYYY-MM-DD
 * or an RFC 3339 time with Z or an offset), limit (1..200), cursor (the
 * next_cursor of a page); empty values are ignored. 0 when valid, -1
 * with every error named in fe.
 */
int	cb_audit_filter_parse(const struct cb_kvlist *,
	    struct cb_audit_filter *, struct cb_ferrors *);
/* The filters as a query string (cursor not included). */
void	cb_audit_filter_query(struct kore_buf *,
	    const struct cb_audit_filter *);

struct cb_audit_item {
	long long	 seq;
	char		 at[40];
	char		 actor[CB_UUID_SIZE];
	char		 username[CB_USERNAME_MAX + 1];
	char		 role[16];
	char		 action[65];
	char		 record_id[CB_UUID_SIZE];
	char		*records;	/* ids joined by ',', or NULL */
	char		*fields;	/* names joined by ',', or NULL */
	char		 outcome[33];
};

void	cb_audit_items_free(struct cb_audit_item *, size_t);

#endif
