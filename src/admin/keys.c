/*
 * casebook-admin keys status | rotate | retire: the KEK versions.
 * Rotating makes a new version current (workers follow within a few
 * seconds, so new data keys are wrapped under it), then rewraps every
 * data key still under an older version, a batch per transaction with
 * its audit entry. Only wrapped data keys change: ciphertexts, blind
 * indexes and sessions are untouched, and reads go on meanwhile (both
 * versions open until the old one is retired). Interrupted, it resumes
 * where it stopped when run again.
 */
#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/casebook.h"
#include "vault/vault.h"
#include "admin.h"

#define SETTLE_DEFAULT	5
#define BATCH_DEFAULT	500

static void	usage_status(FILE *);
static void	usage_rotate(FILE *);
static void	usage_retire(FILE *);
static int	versions(struct cb_admin *, PGconn *, int *, int *, int *);
static long long rewrap_batch(struct cb_admin *, PGconn *,
		    struct cb_vault *, int, int);

static void
usage_status(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin keys status [--config PATH]\n"
	    "\n"
	    "Lists the KEK versions (current, active, retired) and how many\n"
	    "data keys each one wraps.\n"
	    "\n"
	    "Exit status: 0 listed, 1 error, 2 bad arguments.\n");
}

static void
usage_rotate(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin keys rotate [--settle SECONDS]\n"
	    "           [--batch N] [--config PATH]\n"
	    "\n"
	    "Makes a new KEK version current and rewraps every data key\n"
	    "under it. If an earlier rotation was interrupted, finishes that\n"
	    "one instead of starting another. The server keeps serving:\n"
	    "its workers follow the current version within a few seconds.\n"
	    "\n"
	    "  --settle SECONDS  wait this long for the workers to follow\n"
	    "                    before the last pass (default %d)\n"
	    "  --batch N         data keys per transaction (default %d)\n"
	    "\n"
	    "Prints the version and how many keys were rewrapped.\n"
	    "Exit status: 0 done, 1 error (run it again to resume), 2 bad\n"
	    "arguments.\n", SETTLE_DEFAULT, BATCH_DEFAULT);
}

static void
usage_retire(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin keys retire --version V [--config PATH]\n"
	    "\n"
	    "Retires KEK version V: the server refuses it from then on. Only\n"
	    "the oldest version that is not retired, not current, and wraps\n"
	    "no data key any more can be retired.\n"
	    "\n"
	    "Exit status: 0 retired, 1 error or refused, 2 bad arguments.\n");
}

/* current, the highest version, and how many data keys are wrapped
 * under an older version than the current one. */
static int
versions(struct cb_admin *ctx, PGconn *db, int *cur, int *max, int *older)
{
	PGresult	*res;
	int		 ret;

	ret = -1;
	res = PQexec(db, "SELECT (SELECT version FROM cb.kek_versions "
	    "WHERE state = 'current'), (SELECT max(version) FROM "
	    "cb.kek_versions), (SELECT count(*) FROM cb.data_keys k WHERE "
	    "k.wrapped IS NOT NULL AND k.key_version < (SELECT version FROM "
	    "cb.kek_versions WHERE state = 'current'))");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
	    PQgetisnull(res, 0, 0)) {
		cb_admin_pgerror(ctx, "cannot read the KEK versions", db, res);
		goto cleanup;
	}
	*cur = atoi(PQgetvalue(res, 0, 0));
	*max = atoi(PQgetvalue(res, 0, 1));
	*older = atoi(PQgetvalue(res, 0, 2));
	ret = 0;

cleanup:
	PQclear(res);
	return (ret);
}

/*
 * One batch in one transaction: the keys under an older version than
 * cur, each rewrapped in memory and written back only if it is still
 * what was read. Returns how many were rewrapped, or -1.
 */
static long long
rewrap_batch(struct cb_admin *ctx, PGconn *db, struct cb_vault *v, int cur,
    int batch)
{
	PGresult	*res, *up;
	unsigned char	 w[CB_VAULT_WRAPPED_LEN], neww[CB_VAULT_WRAPPED_LEN];
	const char	*params[4];
	int		 lens[4], fmts[4];
	char		 curs[16], bs[16];
	const char	*hex, *owner;
	size_t		 wlen;
	long long	 n;
	int		 i, rows, tx;

	res = up = NULL;
	n = -1;
	tx = 0;
	(void)snprintf(curs, sizeof(curs), "%d", cur);
	(void)snprintf(bs, sizeof(bs), "%d", batch);
	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;
	params[0] = curs;
	params[1] = bs;
	res = PQexecParams(db, "SELECT k.id, k.key_version, "
	    "encode(k.wrapped, 'hex'), coalesce(p.id, c.id) FROM "
	    "cb.data_keys k LEFT JOIN cb.persons p ON p.key_id = k.id "
	    "LEFT JOIN cb.cases c ON c.key_id = k.id WHERE k.wrapped IS NOT "
	    "NULL AND k.key_version < $1::int ORDER BY k.id LIMIT $2::int "
	    "FOR UPDATE OF k", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "cannot read data keys", db, res);
		goto cleanup;
	}
	rows = PQntuples(res);
	for (i = 0; i < rows; i++) {
		hex = PQgetvalue(res, i, 2);
		owner = PQgetvalue(res, i, 3);
		if (PQgetisnull(res, i, 3) || sodium_hex2bin(w, sizeof(w),
		    hex, strlen(hex), NULL, &wlen, NULL) != 0 ||
		    cb_vault_dk_rewrap(v, owner,
		    (uint32_t)atoi(PQgetvalue(res, i, 1)), w, wlen,
		    (uint32_t)cur, neww) == -1) {
			fprintf(stderr, "%s: data key %s does not open under "
			    "version %s\n", ctx->progname,
			    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
			goto cleanup;
		}
		params[0] = PQgetvalue(res, i, 0);
		params[1] = curs;
		params[2] = (const char *)neww;
		params[3] = PQgetvalue(res, i, 1);
		lens[0] = lens[1] = lens[3] = 0;
		lens[2] = sizeof(neww);
		fmts[0] = fmts[1] = fmts[3] = 0;
		fmts[2] = 1;
		up = PQexecParams(db, "UPDATE cb.data_keys SET key_version = "
		    "$2::int, wrapped = $3 WHERE id = $1::uuid AND "
		    "key_version = $4::int", 4, NULL, params, lens, fmts, 0);
		sodium_memzero(neww, sizeof(neww));
		if (PQresultStatus(up) != PGRES_COMMAND_OK) {
			cb_admin_pgerror(ctx, "cannot rewrap a data key", db, up);
			goto cleanup;
		}
		PQclear(up);
		up = NULL;
	}
	if (rows > 0 && cb_admin_audit(ctx, db, "keys.rewrap", NULL,
	    "key_version,wrapped") == -1)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;
	n = rows;

cleanup:
	PQclear(res);
	PQclear(up);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	return (n);
}

int
cb_admin_keys_rotate(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "settle",	required_argument, NULL, 's' },
		{ "batch",	required_argument, NULL, 'b' },
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct cb_vault		*v;
	PGconn			*db;
	PGresult		*res;
	const char		*params[2];
	char			 nv[16], ov[16];
	long long		 n, total;
	int			 ch, ret, cur, max, older, settle, batch, pass;

	v = NULL;
	db = NULL;
	res = NULL;
	settle = SETTLE_DEFAULT;
	batch = BATCH_DEFAULT;
	ret = CB_ADMIN_USAGE;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			settle = atoi(optarg);
			if (settle < 0 || settle > 600)
				goto bad;
			break;
		case 'b':
			batch = atoi(optarg);
			if (batch < 1 || batch > 100000)
				goto bad;
			break;
		case 'c':
			ctx->config = optarg;
			break;
		case 'h':
			usage_rotate(stdout);
			return (CB_ADMIN_OK);
		default:
			goto bad;
		}
	}
	if (optind != argc)
		goto bad;

	ret = CB_ADMIN_ERROR;
	if ((v = cb_admin_vault(ctx)) == NULL ||
	    (db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	if (versions(ctx, db, &cur, &max, &older) == -1)
		goto cleanup;

	if (older == 0) {
		/* Nothing left under an older version: a new one. */
		(void)snprintf(nv, sizeof(nv), "%d", max + 1);
		(void)snprintf(ov, sizeof(ov), "%d", cur);
		if (cb_admin_exec(ctx, db, "BEGIN") == -1)
			goto cleanup;
		params[0] = nv;
		params[1] = ov;
		/* Two statements: the one-current index is checked per
		 * row, and a single statement's order is not defined. */
		res = PQexecParams(db, "UPDATE cb.kek_versions SET state = "
		    "'active' WHERE version = $1::int", 1, NULL, params + 1,
		    NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			res = PQexecParams(db, "INSERT INTO cb.kek_versions "
			    "(version, state) VALUES ($1::int, 'current')", 1,
			    NULL, params, NULL, NULL, 0);
		}
		if (PQresultStatus(res) != PGRES_COMMAND_OK ||
		    cb_admin_audit(ctx, db, "keys.rotate", NULL,
		    "version") == -1 ||
		    cb_admin_exec(ctx, db, "COMMIT") == -1) {
			cb_admin_pgerror(ctx, "cannot add a KEK version", db,
			    res);
			(void)cb_admin_exec(ctx, db, "ROLLBACK");
			goto cleanup;
		}
		cur = max + 1;
		printf("rotating to KEK version %d\n", cur);
	} else {
		printf("resuming the rotation to KEK version %d (%d data "
		    "keys left)\n", cur, older);
	}
	(void)fflush(stdout);
	if (cb_vault_set_versions(v, (uint32_t)cur, 1) == -1)
		goto cleanup;

	/* Pass 1 while the workers may still wrap new keys under the old
	 * version; then wait for them to follow, and sweep again until no
	 * key is left behind. */
	total = 0;
	for (pass = 0; pass < 2; pass++) {
		while ((n = rewrap_batch(ctx, db, v, cur, batch)) > 0)
			total += n;
		if (n == -1)
			goto cleanup;
		if (pass == 0 && settle > 0)
			(void)sleep((unsigned int)settle);
	}
	if (versions(ctx, db, &cur, &max, &older) == -1)
		goto cleanup;
	if (older != 0) {
		fprintf(stderr, "%s: %d data keys are still under an older "
		    "version; run keys rotate again\n", ctx->progname, older);
		goto cleanup;
	}
	printf("rewrapped %lld data keys; every data key is under KEK "
	    "version %d\n", total, cur);
	ret = CB_ADMIN_OK;
	goto cleanup;

bad:
	usage_rotate(stderr);
cleanup:
	PQclear(res);
	if (db != NULL)
		PQfinish(db);
	cb_vault_close(v);
	return (ret);
}

int
cb_admin_keys_status(struct cb_admin *ctx, int argc, char **argv)
{
	PGconn		*db;
	PGresult	*res;
	int		 i, ret;

	if ((i = cb_admin_opts(ctx, argc, argv, usage_status)) != 0)
		return (i == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	ret = CB_ADMIN_ERROR;
	res = NULL;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	res = PQexec(db, "SELECT v.version, v.state, (SELECT count(*) FROM "
	    "cb.data_keys k WHERE k.key_version = v.version AND k.wrapped "
	    "IS NOT NULL) FROM cb.kek_versions v ORDER BY v.version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "cannot read the KEK versions", db, res);
		goto cleanup;
	}
	printf("version\tstate\tdata_keys\n");
	for (i = 0; i < PQntuples(res); i++)
		printf("%s\t%s\t%s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
	ret = CB_ADMIN_OK;

cleanup:
	PQclear(res);
	if (db != NULL)
		PQfinish(db);
	return (ret);
}

int
cb_admin_keys_retire(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "version",	required_argument, NULL, 'v' },
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	PGconn		*db;
	PGresult	*res;
	const char	*ver, *params[1];
	int		 ch, ret, tx;

	ver = NULL;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'v':
			ver = optarg;
			break;
		case 'c':
			ctx->config = optarg;
			break;
		case 'h':
			usage_retire(stdout);
			return (CB_ADMIN_OK);
		default:
			usage_retire(stderr);
			return (CB_ADMIN_USAGE);
		}
	}
	if (optind != argc || ver == NULL || strlen(ver) > 6 ||
	    strspn(ver, "0123456789") != strlen(ver) || atoi(ver) < 1) {
		usage_retire(stderr);
		return (CB_ADMIN_USAGE);
	}

	ret = CB_ADMIN_ERROR;
	res = NULL;
	tx = 0;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;
	params[0] = ver;
	/* The lock keeps a rotation from making it current meanwhile. */
	res = PQexecParams(db, "UPDATE cb.kek_versions v SET state = "
	    "'retired' WHERE v.version = $1::int AND v.state = 'active' "
	    "AND v.version = (SELECT min(version) FROM cb.kek_versions WHERE "
	    "state <> 'retired') AND NOT EXISTS (SELECT 1 FROM cb.data_keys k "
	    "WHERE k.key_version = v.version AND k.wrapped IS NOT NULL) "
	    "RETURNING v.version", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "cannot retire the version", db, res);
		goto cleanup;
	}
	if (PQntuples(res) != 1) {
		fprintf(stderr, "%s: version %s cannot be retired: it must be "
		    "the oldest one in use, not current, and wrap no data "
		    "key (see keys status)\n", ctx->progname, ver);
		goto cleanup;
	}
	if (cb_admin_audit(ctx, db, "keys.retire", NULL, "version") == -1 ||
	    cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;
	printf("retired KEK version %s\n", ver);
	ret = CB_ADMIN_OK;

cleanup:
	PQclear(res);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	return (ret);
}
