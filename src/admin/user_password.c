/*
 * casebook-admin user reset-password: a new password, read from
 * standard input as user add reads it and held to the same policy,
 * stored as an Argon2id hash. Every open session of the user is
 * revoked in the same transaction: whoever knew the old password
 * and is logged in with it is out.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/casebook.h"
#include "domain/password.h"
#include "vault/vault.h"
#include "admin.h"

static void	usage(FILE *);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin user reset-password --username U\n"
	    "           [--config PATH]\n"
	    "\n"
	    "Sets a new password, the first line of standard input (not\n"
	    "echoed on a terminal): at least %d characters, at most %d\n"
	    "bytes, not containing the username, not based on a dictionary\n"
	    "word. All open sessions of the user are revoked. A disabled\n"
	    "user stays disabled.\n"
	    "\n"
	    "  --username U   the user\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 reset, 1 error (nothing changed), 2 bad\n"
	    "arguments or a password the policy refuses (nothing changed),\n"
	    "5 no such user (asked before the password is read).\n",
	    CB_PASSWORD_MIN, CB_PASSWORD_MAX);
}

int
cb_admin_user_reset_password(struct cb_admin *ctx, int argc, char **argv)
{
	PGconn		*db;
	PGresult	*res;
	const char	*username, *params[2];
	char		 id[CB_UUID_SIZE];
	char		 hash[CB_VAULT_PWHASH_SIZE];
	/* Room for a trailing CR of a CRLF line at the full length. */
	char		 pw[CB_PASSWORD_MAX + 2];
	size_t		 pwlen;
	long long	 revoked;
	int		 rc, ret, tx, disabled;

	db = NULL;
	res = NULL;
	tx = 0;
	revoked = 0;
	ret = CB_ADMIN_USAGE;
	sodium_mlock(pw, sizeof(pw));
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));

	rc = cb_admin_user_opts(ctx, argc, argv, usage, &username);
	if (rc == 1)
		ret = CB_ADMIN_OK;
	if (rc != 0)
		goto cleanup;

	ret = CB_ADMIN_ERROR;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;

	/* Before the password, so no one types a secret for a typo.
	 * Outside a transaction the row lock ends with the statement;
	 * the change below takes it again. */
	rc = cb_admin_user_lock(ctx, db, username, id, &disabled);
	if (rc == 0)
		ret = CB_ADMIN_NOUSER;
	if (rc != 1)
		goto cleanup;

	rc = cb_admin_password_read(ctx, pw, sizeof(pw), &pwlen);
	if (rc == 1)
		ret = CB_ADMIN_USAGE;
	if (rc != 0)
		goto cleanup;
	if (cb_admin_password_policy(ctx, username, pw, pwlen) != 0) {
		ret = CB_ADMIN_USAGE;
		goto cleanup;
	}
	if (cb_vault_pw_hash(pw, pwlen, hash) == -1) {
		fprintf(stderr, "%s: cannot hash the password\n",
		    ctx->progname);
		goto cleanup;
	}
	sodium_memzero(pw, sizeof(pw));

	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;
	rc = cb_admin_user_lock(ctx, db, username, id, &disabled);
	if (rc == 0)
		ret = CB_ADMIN_NOUSER;
	if (rc != 1)
		goto cleanup;

	params[0] = id;
	params[1] = hash;
	res = PQexecParams(db, "UPDATE cb.users SET pw_hash = $2, "
	    "version = version + 1 WHERE id = $1::uuid", 2, NULL, params,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		cb_admin_pgerror(ctx, "cannot set the password", db, res);
		goto cleanup;
	}
	if (cb_admin_user_revoke(ctx, db, id, &revoked) == -1)
		goto cleanup;
	if (cb_admin_audit(ctx, db, "user.password_reset", id,
	    "pw_hash,version,sessions.revoked_at") == -1)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;

	printf("password of %s reset, %lld session%s revoked\n", username,
	    revoked, revoked == 1 ? "" : "s");
	ret = CB_ADMIN_OK;

cleanup:
	sodium_munlock(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));
	PQclear(res);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	return (ret);
}
