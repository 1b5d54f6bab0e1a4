/*
 * casebook-admin: what the subcommands share. Every command connects
 * as the application role, so the CLI can do no more than the app.
 */
#ifndef CB_ADMIN_H
#define CB_ADMIN_H

#include <stddef.h>

#include <libpq-fe.h>

/* Exit codes, documented in every --help. ERROR is also "the chain
 * is broken" for audit verify, which exits UNVERIFIED when it could
 * not read the log at all; EXISTS means nothing was changed. */
#define CB_ADMIN_OK		0
#define CB_ADMIN_ERROR		1
#define CB_ADMIN_USAGE		2
#define CB_ADMIN_EXISTS		3
#define CB_ADMIN_UNVERIFIED	4

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
