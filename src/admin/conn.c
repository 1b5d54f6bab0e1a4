/*
 * casebook-admin: the database connection (as casebook_admin, the
 * role that manages users, organisations and keys, from the same
 * configuration file as the server), the vault (the CLI reads the
 * master key itself: it runs as the key's owner), error reporting that
 * never shows row values, and the audit entry of each change.
 */
#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/casebook.h"
#include "core/config.h"
#include "vault/vault.h"
#include "admin.h"

#define DEFAULT_CONFIG	"var/casebook.cfg"
#define CONNSTR_MAX	4096
#define REQID_BYTES	16

static const char	*config_path(const struct cb_admin *);

static const char *
config_path(const struct cb_admin *ctx)
{
	const char	*env;

	if (ctx->config != NULL)
		return (ctx->config);
	if ((env = getenv("CASEBOOK_CONF")) != NULL && *env != '\0')
		return (env);
	return (DEFAULT_CONFIG);
}

PGconn *
cb_admin_connect(struct cb_admin *ctx)
{
	struct cb_config	 cfg;
	const char		*path;
	char			*connstr;
	PGconn			*db;
	int			 line;

	db = NULL;
	path = config_path(ctx);

	/* The string carries the role's password: keep it off the heap
	 * allocator's free lists and wipe it as soon as libpq has it. */
	if ((connstr = sodium_malloc(CONNSTR_MAX)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", ctx->progname);
		goto cleanup;
	}

	if (cb_config_load(path, &cfg, &line) == -1) {
		if (line > 0)
			fprintf(stderr, "%s: %s: line %d is invalid\n",
			    ctx->progname, path, line);
		else
			fprintf(stderr, "%s: cannot read configuration %s "
			    "(use --config or CASEBOOK_CONF)\n",
			    ctx->progname, path);
		goto cleanup;
	}
	if (cb_config_connstr(&cfg, CB_DB_ADMIN, connstr, CONNSTR_MAX) == -1) {
		fprintf(stderr, "%s: cannot read the database password file "
		    "named in %s\n", ctx->progname, path);
		goto cleanup;
	}

	db = PQconnectdb(connstr);
	sodium_memzero(connstr, CONNSTR_MAX);
	if (db == NULL) {
		fprintf(stderr, "%s: out of memory\n", ctx->progname);
		goto cleanup;
	}
	if (PQstatus(db) != CONNECTION_OK) {
		cb_admin_pgerror(ctx, "cannot connect", db, NULL);
		PQfinish(db);
		db = NULL;
		goto cleanup;
	}
	/* Octet lengths in the audit chain are those of UTF-8. */
	if (PQsetClientEncoding(db, "UTF8") != 0) {
		cb_admin_pgerror(ctx, "cannot set client encoding", db, NULL);
		PQfinish(db);
		db = NULL;
		goto cleanup;
	}

cleanup:
	sodium_free(connstr);
	return (db);
}

int
cb_admin_exec(struct cb_admin *ctx, PGconn *db, const char *sql)
{
	PGresult	*res;
	int		 ret;

	ret = -1;
	res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		cb_admin_pgerror(ctx, sql, db, res);
		goto cleanup;
	}
	ret = 0;

cleanup:
	PQclear(res);
	return (ret);
}

/*
 * Only the primary message: DETAIL of a constraint violation repeats
 * the failing row, which may hold a password hash.
 */
void
cb_admin_pgerror(struct cb_admin *ctx, const char *what, PGconn *db,
    const PGresult *res)
{
	const char	*msg;
	size_t		 len;

	msg = NULL;
	if (res != NULL)
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (msg == NULL && res == NULL && db != NULL)
		msg = PQerrorMessage(db);
	if (msg == NULL || *msg == '\0')
		msg = "unknown database error";
	len = strcspn(msg, "\n");
	fprintf(stderr, "%s: %s: %.*s\n", ctx->progname, what, (int)len, msg);
}

/* Must run inside the caller's transaction so that the change and
 * its entry commit, or fail, together. */
int
cb_admin_audit(struct cb_admin *ctx, PGconn *db, const char *action,
    const char *record_id, const char *fields)
{
	PGresult	*res;
	const char	*params[4];
	unsigned char	 rnd[REQID_BYTES];
	char		 reqid[REQID_BYTES * 2 + 1];
	int		 ret;

	ret = -1;
	randombytes_buf(rnd, sizeof(rnd));
	cb_hex(rnd, sizeof(rnd), reqid, sizeof(reqid));

	params[0] = action;
	params[1] = record_id;
	params[2] = fields;
	params[3] = reqid;
	res = PQexecParams(db, "SELECT cb.audit_admin(p_action => $1, "
	    "p_record => $2::uuid, p_fields => $3, p_request => $4)", 4,
	    NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		cb_admin_pgerror(ctx, "cannot write the audit entry", db, res);
		goto cleanup;
	}
	ret = 0;

cleanup:
	PQclear(res);
	return (ret);
}

int
cb_admin_config(struct cb_admin *ctx, struct cb_config *cfg)
{
	const char	*path;
	int		 line;

	path = config_path(ctx);
	if (cb_config_load(path, cfg, &line) == 0)
		return (0);
	if (line > 0)
		fprintf(stderr, "%s: %s: line %d is invalid\n", ctx->progname,
		    path, line);
	else
		fprintf(stderr, "%s: cannot read configuration %s (use "
		    "--config or CASEBOOK_CONF)\n", ctx->progname, path);
	return (-1);
}

struct cb_vault *
cb_admin_vault(struct cb_admin *ctx)
{
	struct cb_config	 cfg;
	struct cb_vault		*v;

	if (cb_admin_config(ctx, &cfg) == -1)
		return (NULL);
	if (cb_vault_open(&v, cfg.key_file, cfg.key_version) == -1) {
		fprintf(stderr, "%s: cannot open the master key %s (it must "
		    "be 32 bytes, readable by its owner only)\n",
		    ctx->progname, cfg.key_file);
		return (NULL);
	}
	return (v);
}

int
cb_admin_opts(struct cb_admin *ctx, int argc, char **argv, void (*help)(FILE *))
{
	static const struct option	 lo[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	int				 ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			ctx->config = optarg;
			break;
		case 'h':
			help(stdout);
			return (1);
		default:
			help(stderr);
			return (-1);
		}
	}
	if (optind != argc) {
		help(stderr);
		return (-1);
	}
	return (0);
}
