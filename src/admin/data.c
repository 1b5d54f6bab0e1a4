/*
 * casebook-admin data upgrade: seals what earlier versions stored in
 * clear and this one seals: the languages a person speaks (they can
 * reveal ethnicity, E2). scripts/db.sh runs it after migrating; on a
 * current database it finds nothing to do. Each batch is one
 * transaction with its audit entry, so it can be stopped and rerun.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/casebook.h"
#include "vault/vault.h"
#include "admin.h"

#define BATCH	"500"

static void	usage(FILE *);
static long long seal_batch(struct cb_admin *, PGconn *, struct cb_vault *);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin data upgrade [--config PATH]\n"
	    "\n"
	    "Seals values that earlier versions of casebook kept in clear\n"
	    "(persons' languages), with each person's own data key. Safe to\n"
	    "run any number of times.\n"
	    "\n"
	    "Exit status: 0 done, 1 error (run it again to resume), 2 bad\n"
	    "arguments.\n");
}

static long long
seal_batch(struct cb_admin *ctx, PGconn *db, struct cb_vault *v)
{
	PGresult	*res, *up;
	unsigned char	 w[CB_VAULT_WRAPPED_LEN], dk[CB_VAULT_KEY_LEN];
	unsigned char	*ct;
	const char	*params[2], *pid, *langs, *hex;
	int		 lens[2], fmts[2], i, rows, tx;
	uint32_t	 ver;
	size_t		 wlen, len;
	long long	 n;

	res = up = NULL;
	ct = NULL;
	n = -1;
	tx = 0;
	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;
	res = PQexec(db, "SELECT p.id, array_to_string(p.languages, ','), "
	    "k.key_version, encode(k.wrapped, 'hex'), k.seal_version "
	    "FROM cb.persons p "
	    "JOIN cb.data_keys k ON k.id = p.key_id WHERE p.languages <> '{}' "
	    "AND p.languages_ct IS NULL AND k.wrapped IS NOT NULL "
	    "ORDER BY p.id LIMIT " BATCH " FOR UPDATE OF p");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "cannot read persons", db, res);
		goto cleanup;
	}
	rows = PQntuples(res);
	for (i = 0; i < rows; i++) {
		pid = PQgetvalue(res, i, 0);
		langs = PQgetvalue(res, i, 1);
		ver = (uint32_t)atoi(PQgetvalue(res, i, 2));
		hex = PQgetvalue(res, i, 3);
		len = strlen(langs);
		ct = malloc(len + CB_VAULT_OVERHEAD);
		if (ct == NULL || sodium_hex2bin(w, sizeof(w), hex,
		    strlen(hex), NULL, &wlen, NULL) != 0 ||
		    cb_vault_dk_unwrap(v, pid, ver, w, wlen, dk) == -1 ||
		    cb_vault_seal(dk, "persons", "languages", pid,
		    (uint32_t)atoi(PQgetvalue(res, i, 4)), langs, len,
		    ct) == -1) {
			fprintf(stderr, "%s: cannot seal the languages of "
			    "person %s\n", ctx->progname, pid);
			goto cleanup;
		}
		sodium_memzero(dk, sizeof(dk));
		params[0] = pid;
		params[1] = (const char *)ct;
		lens[0] = 0;
		lens[1] = (int)(len + CB_VAULT_OVERHEAD);
		fmts[0] = 0;
		fmts[1] = 1;
		up = PQexecParams(db, "UPDATE cb.persons SET languages_ct = $2, "
		    "languages = '{}' WHERE id = $1::uuid", 2, NULL, params,
		    lens, fmts, 0);
		free(ct);
		ct = NULL;
		if (PQresultStatus(up) != PGRES_COMMAND_OK) {
			cb_admin_pgerror(ctx, "cannot seal", db, up);
			goto cleanup;
		}
		PQclear(up);
		up = NULL;
	}
	if (rows > 0 && cb_admin_audit(ctx, db, "data.upgrade", NULL,
	    "person.languages") == -1)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;
	n = rows;

cleanup:
	sodium_memzero(dk, sizeof(dk));
	free(ct);
	PQclear(res);
	PQclear(up);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	return (n);
}

int
cb_admin_data_upgrade(struct cb_admin *ctx, int argc, char **argv)
{
	struct cb_vault	*v;
	PGconn		*db;
	long long	 n, total;
	int		 ret;

	if ((ret = cb_admin_opts(ctx, argc, argv, usage)) != 0)
		return (ret == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	ret = CB_ADMIN_ERROR;
	v = NULL;
	db = NULL;
	total = 0;
	if ((v = cb_admin_vault(ctx)) == NULL ||
	    (db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	while ((n = seal_batch(ctx, db, v)) > 0)
		total += n;
	if (n == -1)
		goto cleanup;
	if (total > 0)
		printf("sealed the languages of %lld persons\n", total);
	ret = CB_ADMIN_OK;

cleanup:
	if (db != NULL)
		PQfinish(db);
	cb_vault_close(v);
	return (ret);
}
