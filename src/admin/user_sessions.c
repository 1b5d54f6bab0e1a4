/*
 * casebook-admin user revoke-sessions: logs a user out everywhere,
 * e.g. after a lost phone, without disabling the account. Prints how
 * many sessions were revoked, so a script can tell "none were open".
 */
#include <sys/types.h>

#include <stdio.h>

#include "core/casebook.h"
#include "admin.h"

static void	usage(FILE *);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin user revoke-sessions --username U\n"
	    "           [--config PATH]\n"
	    "\n"
	    "Revokes every open session of the user and prints how many\n"
	    "were revoked (0 when none was open). The user can log in\n"
	    "again.\n"
	    "\n"
	    "  --username U   the user\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 revoked (also none), 1 error (nothing changed),\n"
	    "2 bad arguments, 5 no such user.\n");
}

int
cb_admin_user_revoke_sessions(struct cb_admin *ctx, int argc, char **argv)
{
	PGconn		*db;
	const char	*username;
	char		 id[CB_UUID_SIZE];
	long long	 revoked;
	int		 rc, ret, tx, disabled;

	db = NULL;
	tx = 0;
	revoked = 0;
	ret = CB_ADMIN_USAGE;

	rc = cb_admin_user_opts(ctx, argc, argv, usage, &username);
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
	if (cb_admin_user_revoke(ctx, db, id, &revoked) == -1)
		goto cleanup;
	if (cb_admin_audit(ctx, db, "user.sessions_revoke", id,
	    "sessions.revoked_at") == -1)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;

	printf("%lld\n", revoked);
	ret = CB_ADMIN_OK;

cleanup:
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	return (ret);
}
