/*
 * casebook-admin user add: creates a user with an Argon2id password
 * hash, read from standard input and held to the password policy, and
 * its audit entry, in one transaction. Exit 3 when the username is
 * taken lets provisioning scripts run twice.
 */
#include <sys/types.h>

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/casebook.h"
#include "domain/password.h"
#include "text/text.h"
#include "vault/vault.h"
#include "admin.h"

static void	usage(FILE *);
static int	lookup(struct cb_admin *, PGconn *, const char *,
		    const char *, char *);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin user add --username U --role R\n"
	    "           [--office O] [--organisation ID] [--config PATH]\n"
	    "\n"
	    "Creates a user. The password is the first line of standard\n"
	    "input (not echoed on a terminal): at least %d characters, at\n"
	    "most %d bytes, not containing the username, not based on a\n"
	    "dictionary word.\n"
	    "\n"
	    "  --username U       ^[a-z0-9][a-z0-9._-]{0,63}$\n"
	    "  --role R           caseworker, supervisor, partner, auditor\n"
	    "                     or admin\n"
	    "  --office O         office code, at most %d bytes\n"
	    "  --organisation ID  organisation UUID; required for, and only\n"
	    "                     allowed with, role partner\n"
	    "  --config PATH      configuration file (default: $CASEBOOK_CONF\n"
	    "                     or var/casebook.cfg)\n"
	    "\n"
	    "Prints the new user's id.\n"
	    "Exit status: 0 created, 1 error (nothing created), 2 bad\n"
	    "arguments or a password the policy refuses (nothing created),\n"
	    "3 the username exists (its id is printed, nothing is changed).\n",
	    CB_PASSWORD_MIN, CB_PASSWORD_MAX, CB_OFFICE_MAX);
}

/* The id of the one row sql finds for $1 into id; 1 found, 0 not, -1
 * error. */
static int
lookup(struct cb_admin *ctx, PGconn *db, const char *sql, const char *arg,
    char *id)
{
	PGresult	*res;
	int		 ret;

	ret = -1;
	res = PQexecParams(db, sql, 1, NULL, &arg, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "lookup failed", db, res);
		goto cleanup;
	}
	ret = 0;
	if (PQntuples(res) > 0) {
		if (id != NULL)
			snprintf(id, CB_UUID_SIZE, "%s", PQgetvalue(res, 0, 0));
		ret = 1;
	}

cleanup:
	PQclear(res);
	return (ret);
}

int
cb_admin_user_add(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "username",		required_argument, NULL, 'u' },
		{ "role",		required_argument, NULL, 'r' },
		{ "office",		required_argument, NULL, 'o' },
		{ "organisation",	required_argument, NULL, 'g' },
		{ "config",		required_argument, NULL, 'c' },
		{ "help",		no_argument,	   NULL, 'h' },
		{ NULL,			0,		   NULL, 0 }
	};
	PGconn		*db;
	PGresult	*res;
	const char	*username, *rolename, *office, *params[6];
	char		 org[CB_UUID_SIZE], id[CB_UUID_SIZE];
	char		 hash[CB_VAULT_PWHASH_SIZE];
	/* Room for a trailing CR of a CRLF line at the full length. */
	char		 pw[CB_PASSWORD_MAX + 2];
	enum cb_role	 role;
	size_t		 i, pwlen;
	int		 ch, ret, rc, tx;

	db = NULL;
	res = NULL;
	username = rolename = office = NULL;
	org[0] = '\0';
	tx = 0;
	ret = CB_ADMIN_USAGE;
	sodium_mlock(pw, sizeof(pw));
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			username = optarg;
			break;
		case 'r':
			rolename = optarg;
			break;
		case 'o':
			office = optarg;
			break;
		case 'g':
			if (strlen(optarg) != CB_UUID_LEN) {
				fprintf(stderr, "%s: --organisation must be "
				    "a UUID\n", ctx->progname);
				goto cleanup;
			}
			for (i = 0; i <= CB_UUID_LEN; i++)
				org[i] = tolower((unsigned char)optarg[i]);
			break;
		case 'c':
			ctx->config = optarg;
			break;
		case 'h':
			usage(stdout);
			ret = CB_ADMIN_OK;
			goto cleanup;
		default:
			usage(stderr);
			goto cleanup;
		}
	}
	if (optind != argc || username == NULL || rolename == NULL) {
		usage(stderr);
		goto cleanup;
	}

	if (!cb_admin_username_valid(username)) {
		fprintf(stderr, "%s: the username must match "
		    "^[a-z0-9][a-z0-9._-]{0,63}$\n", ctx->progname);
		goto cleanup;
	}
	if ((role = cb_role_parse(rolename)) == CB_ROLE_NONE) {
		fprintf(stderr, "%s: unknown role '%s'\n", ctx->progname,
		    rolename);
		goto cleanup;
	}
	if (office == NULL)
		office = "";
	if (strlen(office) > CB_OFFICE_MAX ||
	    !cb_utf8_valid(office, strlen(office)) ||
	    cb_utf8_has_controls(office, strlen(office))) {
		fprintf(stderr, "%s: the office must be printable UTF-8 of "
		    "at most %d bytes\n", ctx->progname, CB_OFFICE_MAX);
		goto cleanup;
	}
	if (org[0] != '\0' && !cb_uuid_valid(org)) {
		fprintf(stderr, "%s: --organisation must be a UUID\n",
		    ctx->progname);
		goto cleanup;
	}
	if (role == CB_ROLE_PARTNER && org[0] == '\0') {
		fprintf(stderr, "%s: a partner needs --organisation\n",
		    ctx->progname);
		goto cleanup;
	}
	/* Staff are not members of a partner organisation: refuse an
	 * organisation that policy would silently ignore. */
	if (role != CB_ROLE_PARTNER && org[0] != '\0') {
		fprintf(stderr, "%s: only a partner has an organisation\n",
		    ctx->progname);
		goto cleanup;
	}

	ret = CB_ADMIN_ERROR;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;

	/* Before the password, so a rerun need not type it again. */
	rc = lookup(ctx, db, "SELECT id FROM cb.users WHERE username = $1",
	    username, id);
	if (rc == -1)
		goto cleanup;
	if (rc == 1) {
		fprintf(stderr, "%s: user %s already exists\n", ctx->progname,
		    username);
		printf("%s\n", id);
		ret = CB_ADMIN_EXISTS;
		goto cleanup;
	}
	if (org[0] != '\0') {
		rc = lookup(ctx, db,
		    "SELECT id FROM cb.organisations WHERE id = $1::uuid",
		    org, NULL);
		if (rc == -1)
			goto cleanup;
		if (rc == 0) {
			fprintf(stderr, "%s: no organisation %s\n",
			    ctx->progname, org);
			goto cleanup;
		}
	}

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

	cb_uuid_new(id);
	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;

	params[0] = id;
	params[1] = username;
	params[2] = hash;
	params[3] = cb_role_name(role);
	params[4] = office;
	params[5] = org[0] != '\0' ? org : NULL;
	res = PQexecParams(db, "INSERT INTO cb.users (id, username, pw_hash, "
	    "role, office, organisation_id) VALUES ($1::uuid, $2, $3, $4, $5, "
	    "$6::uuid) ON CONFLICT (username) DO NOTHING RETURNING id",
	    6, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "cannot create the user", db, res);
		goto cleanup;
	}
	/* Lost a race with another add of the same name. */
	if (PQntuples(res) == 0) {
		fprintf(stderr, "%s: user %s already exists\n", ctx->progname,
		    username);
		ret = CB_ADMIN_EXISTS;
		goto cleanup;
	}

	if (cb_admin_audit(ctx, db, "user.create", id,
	    "username,role,office,organisation_id") == -1)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;

	printf("%s\n", id);
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
