/*
 * casebook-admin user disable / user enable. Disabling also revokes
 * every open session of the user in the same transaction: the person
 * is out at once, not when their session would have timed out. A
 * disabled user cannot log in (the login looks for enabled users) and
 * cb.session_actor() refuses any session of theirs.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "core/casebook.h"
#include "admin.h"

static void	disable_usage(FILE *);
static void	enable_usage(FILE *);
static int	set_state(struct cb_admin *, int, char **, int);

static void
disable_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin user disable --username U [--config PATH]\n"
	    "\n"
	    "Disables a user and revokes all their open sessions, in one\n"
	    "transaction. Disabling a disabled user revokes any session\n"
	    "left and changes nothing else.\n"
	    "\n"
	    "  --username U   the user\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 disabled, 1 error (nothing changed), 2 bad\n"
	    "arguments, 5 no such user.\n");
}

static void
enable_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin user enable --username U [--config PATH]\n"
	    "\n"
	    "Lets a disabled user log in again. Sessions revoked when the\n"
	    "user was disabled stay revoked.\n"
	    "\n"
	    "  --username U   the user\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 enabled, 1 error (nothing changed), 2 bad\n"
	    "arguments, 5 no such user.\n");
}

static int
set_state(struct cb_admin *ctx, int argc, char **argv, int disable)
{
	PGconn		*db;
	PGresult	*res;
	const char	*username, *params[2];
	char		 id[CB_UUID_SIZE];
	long long	 revoked;
	int		 rc, ret, tx, disabled;

	db = NULL;
	res = NULL;
	tx = 0;
	revoked = 0;
	ret = CB_ADMIN_USAGE;

	rc = cb_admin_user_opts(ctx, argc, argv,
	    disable ? disable_usage : enable_usage, &username);
	if (rc == 1)
		ret = CB_ADMIN_OK;
	if (rc != 0)
		goto cleanup;

	ret = CB_ADMIN_ERROR;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;

	rc = cb_admin_user_lock(ctx, db, username, id, &disabled);
	if (rc == 0)
		ret = CB_ADMIN_NOUSER;
	if (rc != 1)
		goto cleanup;

	if (disabled != disable) {
		params[0] = id;
		params[1] = disable ? "true" : "false";
		res = PQexecParams(db, "UPDATE cb.users SET disabled = $2, "
		    "version = version + 1 WHERE id = $1::uuid", 2, NULL,
		    params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			cb_admin_pgerror(ctx, "cannot change the user", db,
			    res);
			goto cleanup;
		}
	}
	if (disable) {
		if (cb_admin_user_revoke(ctx, db, id, &revoked) == -1)
			goto cleanup;
		if (cb_admin_audit(ctx, db, "user.disable", id,
		    "disabled,version,sessions.revoked_at") == -1)
			goto cleanup;
	} else {
		if (cb_admin_audit(ctx, db, "user.enable", id,
		    "disabled,version") == -1)
			goto cleanup;
	}
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;

	if (disable)
		printf("user %s disabled, %lld session%s revoked\n", username,
		    revoked, revoked == 1 ? "" : "s");
	else
		printf("user %s enabled\n", username);
	ret = CB_ADMIN_OK;

cleanup:
	PQclear(res);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	return (ret);
}

int
cb_admin_user_disable(struct cb_admin *ctx, int argc, char **argv)
{
	return (set_state(ctx, argc, argv, 1));
}

int
cb_admin_user_enable(struct cb_admin *ctx, int argc, char **argv)
{
	return (set_state(ctx, argc, argv, 0));
}
