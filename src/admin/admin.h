/*
 * casebook-admin: what the subcommands share. Every command connects
 * as the application role, so the CLI can do no more than the app.
 */
#ifndef CB_ADMIN_H
#define CB_ADMIN_H

#include <stddef.h>

#include <libpq-fe.h>

/* Exit codes, documented in every --help. */
#define CB_ADMIN_OK		0
#define CB_ADMIN_ERROR		1	/* audit verify: the chain is broken */
#define CB_ADMIN_USAGE		2	/* bad arguments or input */
#define CB_ADMIN_EXISTS		3	/* nothing created: already there */
#define CB_ADMIN_UNVERIFIED	4	/* audit verify could not read the log */

#define CB_ADMIN_REQID_SIZE	33	/* 16 random bytes in hex, NUL */

struct cb_admin {
	const char	*progname;
	const char	*config;	/* --config, or NULL */
};

/* Subcommands: argv[0] is the subcommand name. */
int	cb_admin_user_add(struct cb_admin *, int, char **);
int	cb_admin_org_add(struct cb_admin *, int, char **);
int	cb_admin_audit_verify(struct cb_admin *, int, char **);

/* conn.c */
PGconn	*cb_admin_connect(struct cb_admin *);
int	 cb_admin_exec(struct cb_admin *, PGconn *, const char *);
void	 cb_admin_pgerror(struct cb_admin *, const char *, PGconn *,
	    const PGresult *);
int	 cb_admin_audit(struct cb_admin *, PGconn *, const char *action,
	    const char *record_id, const char *fields);

/* password.c: 0 read, 1 refused (empty, too long, NUL), -1 I/O error. */
int	 cb_admin_password_read(struct cb_admin *, char *, size_t,
	    size_t *);

#endif
