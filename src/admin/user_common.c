/*
 * casebook-admin: what the user commands share. The username pattern,
 * the options of a command that names one user, finding that user
 * with its row locked, and revoking its sessions. Each runs inside
 * the caller's transaction, so a change, the sessions it ends and its
 * audit entry commit together or not at all.
 */
#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casebook.h"
#include "admin.h"

/* ^[a-z0-9][a-z0-9._-]{0,63}$, as the CHECK on cb.users. */
int
cb_admin_username_valid(const char *s)
{
	size_t	i, len;

	len = strlen(s);
	if (len == 0 || len > CB_USERNAME_MAX)
		return (0);
	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (i > 0 && (s[i] == '.' || s[i] == '_' || s[i] == '-'))
			continue;
		return (0);
	}
	return (1);
}

int
cb_admin_user_opts(struct cb_admin *ctx, int argc, char **argv,
    void (*usage)(FILE *), const char **username)
{
	static const struct option	 opts[] = {
		{ "username",	required_argument, NULL, 'u' },
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	int				 ch;

	*username = NULL;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			*username = optarg;
			break;
		case 'c':
			ctx->config = optarg;
			break;
		case 'h':
			usage(stdout);
			return (1);
		default:
			usage(stderr);
			return (-1);
		}
	}
	if (optind != argc || *username == NULL) {
		usage(stderr);
		return (-1);
	}
	if (!cb_admin_username_valid(*username)) {
		fprintf(stderr, "%s: the username must match "
		    "^[a-z0-9][a-z0-9._-]{0,63}$\n", ctx->progname);
		return (-1);
	}
	return (0);
}

/* FOR UPDATE: a login finishing meanwhile cannot add a session that
 * the revoke misses; its insert (the foreign key) waits for our
 * commit, and then sees the user as we left it. */
int
cb_admin_user_lock(struct cb_admin *ctx, PGconn *db, const char *username,
    char *id, int *disabled)
{
	PGresult	*res;
	int		 ret;

	ret = -1;
	res = PQexecParams(db, "SELECT id, disabled FROM cb.users "
	    "WHERE username = $1 FOR UPDATE", 1, NULL, &username, NULL, NULL,
	    0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "lookup failed", db, res);
		goto cleanup;
	}
	if (PQntuples(res) == 0) {
		fprintf(stderr, "%s: no user %s\n", ctx->progname, username);
		ret = 0;
		goto cleanup;
	}
	snprintf(id, CB_UUID_SIZE, "%s", PQgetvalue(res, 0, 0));
	*disabled = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	ret = 1;

cleanup:
	PQclear(res);
	return (ret);
}

int
cb_admin_user_revoke(struct cb_admin *ctx, PGconn *db, const char *id,
    long long *n)
{
	PGresult	*res;
	int		 ret;

	ret = -1;
	*n = 0;
	res = PQexecParams(db, "UPDATE cb.sessions SET revoked_at = now() "
	    "WHERE user_id = $1::uuid AND revoked_at IS NULL", 1, NULL, &id,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		cb_admin_pgerror(ctx, "cannot revoke the sessions", db, res);
		goto cleanup;
	}
	*n = strtoll(PQcmdTuples(res), NULL, 10);
	ret = 0;

cleanup:
	PQclear(res);
	return (ret);
}
