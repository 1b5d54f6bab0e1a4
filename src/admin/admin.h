/*
 * casebook-admin: what the subcommands share. Every command connects
 * as casebook_admin, which may manage users, organisations and keys and
 * read the audit log, and nothing else (no case content).
 */
#ifndef CB_ADMIN_H
#define CB_ADMIN_H

#include <stddef.h>
#include <stdio.h>

#include <libpq-fe.h>

/* Exit codes, documented in every --help. ERROR is also "the chain
 * is broken" for audit verify, which exits UNVERIFIED when it could
 * not read the log at all; EXISTS and NOUSER mean nothing was changed.
 * USAGE is also a password the policy refuses. */
#define CB_ADMIN_OK		0
#define CB_ADMIN_ERROR		1
#define CB_ADMIN_USAGE		2
#define CB_ADMIN_EXISTS		3
#define CB_ADMIN_UNVERIFIED	4
#define CB_ADMIN_NOUSER		5

struct cb_admin {
	const char	*progname;
	const char	*config;	/* --config, or NULL */
};

/* Subcommands: argv[0] is the subcommand name. */
int	cb_admin_user_add(struct cb_admin *, int, char **);
int	cb_admin_user_list(struct cb_admin *, int, char **);
int	cb_admin_user_disable(struct cb_admin *, int, char **);
int	cb_admin_user_enable(struct cb_admin *, int, char **);
int	cb_admin_user_reset_password(struct cb_admin *, int, char **);
int	cb_admin_user_revoke_sessions(struct cb_admin *, int, char **);
int	cb_admin_org_add(struct cb_admin *, int, char **);
int	cb_admin_audit_verify(struct cb_admin *, int, char **);
int	cb_admin_audit_pubkey(struct cb_admin *, int, char **);
int	cb_admin_audit_chain(struct cb_admin *, int, char **);
int	cb_admin_keys_status(struct cb_admin *, int, char **);
int	cb_admin_keys_rotate(struct cb_admin *, int, char **);
int	cb_admin_keys_retire(struct cb_admin *, int, char **);
int	cb_admin_data_facts(struct cb_admin *, int, char **);
int	cb_admin_backup(struct cb_admin *, int, char **);
int	cb_admin_restore(struct cb_admin *, int, char **);
int	cb_admin_backup_keypair(struct cb_admin *, int, char **);
int	cb_admin_data_upgrade(struct cb_admin *, int, char **);

struct cb_config;
struct cb_vault;

/* conn.c */
PGconn	*cb_admin_connect(struct cb_admin *);
/* The options of a command that takes only --config and --help: 0
 * parsed, 1 help printed (exit 0), -1 usage printed (exit 2). */
int	 cb_admin_opts(struct cb_admin *, int, char **, void (*)(FILE *));
int	 cb_admin_config(struct cb_admin *, struct cb_config *);
/* The vault from the configured master key, or NULL (reason printed). */
struct cb_vault *cb_admin_vault(struct cb_admin *);
int	 cb_admin_exec(struct cb_admin *, PGconn *, const char *);
void	 cb_admin_pgerror(struct cb_admin *, const char *, PGconn *,
	    const PGresult *);
int	 cb_admin_audit(struct cb_admin *, PGconn *, const char *action,
	    const char *record_id, const char *fields);

/* password.c: 0 read, 1 refused (empty, too long, NUL), -1 I/O error. */
int	 cb_admin_password_read(struct cb_admin *, char *, size_t,
	    size_t *);
/* 0 when the password meets domain/password.h for username, 1 refused
 * (the rule is printed, never the password). */
int	 cb_admin_password_policy(struct cb_admin *, const char *,
	    const char *, size_t);

/* user_common.c: what the user commands share. */
int	 cb_admin_username_valid(const char *);
/* --username U, --config PATH, --help: 0 parsed, 1 help printed,
 * -1 usage error printed. */
int	 cb_admin_user_opts(struct cb_admin *, int, char **,
	    void (*)(FILE *), const char **);
/* Inside a transaction: finds username and locks its row until the
 * end of it. 1 found (id, disabled set), 0 no such user (printed),
 * -1 error. */
int	 cb_admin_user_lock(struct cb_admin *, PGconn *, const char *,
	    char *, int *);
/* Inside a transaction: revokes every open session of the user id;
 * *n is how many. 0 or -1 on error. */
int	 cb_admin_user_revoke(struct cb_admin *, PGconn *, const char *,
	    long long *);

#endif
