/*
 * casebook-admin audit verify: recomputes the audit hash chain from
 * the first entry to the last with src/audit.c, reading through a
 * cursor in batches so a log of any length needs little memory.
 */
#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/audit.h"
#include "admin.h"

#define BATCH		"10000"

enum {
	COL_SEQ, COL_AT, COL_ACTOR, COL_ROLE, COL_ACTION, COL_RECORD,
	COL_FIELDS, COL_REQUEST, COL_OUTCOME, COL_PREV, COL_HASH, NCOLS
};

static void	usage(FILE *);
static int	parse_int(const char *, int64_t *);
static int	parse_hash(const char *, unsigned char *);
static int	row_load(const PGresult *, int, struct cb_audit_row *);
static const char	*text(const PGresult *, int, int);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin audit verify [--config PATH]\n"
	    "\n"
	    "Recomputes the hash chain of the whole audit log, in seq order.\n"
	    "Prints \"ok: N entries\", or \"broken at seq S\" where S is the\n"
	    "first entry that is missing or does not match its hash; all\n"
	    "entries before S are intact.\n"
	    "\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 the chain holds, 1 the chain is broken, 2 bad\n"
	    "arguments, 4 the log could not be read (nothing verified).\n");
}

static int
parse_int(const char *s, int64_t *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return (-1);
	*out = v;
	return (0);
}

static int
parse_hash(const char *hex, unsigned char *out)
{
	size_t	len;

	if (sodium_hex2bin(out, CB_AUDIT_HASH_LEN, hex, strlen(hex), NULL,
	    &len, NULL) != 0 || len != CB_AUDIT_HASH_LEN)
		return (-1);
	return (0);
}

static const char *
text(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return (NULL);
	return (PQgetvalue(res, row, col));
}

/* Borrows the result's strings; -1 when a value cannot be a row of
 * an intact chain (a hash that is not 32 bytes, say). */
static int
row_load(const PGresult *res, int i, struct cb_audit_row *r)
{
	memset(r, 0, sizeof(*r));
	if (PQgetisnull(res, i, COL_SEQ) || PQgetisnull(res, i, COL_AT) ||
	    PQgetisnull(res, i, COL_PREV) || PQgetisnull(res, i, COL_HASH))
		return (-1);
	if (parse_int(PQgetvalue(res, i, COL_SEQ), &r->seq) == -1 ||
	    parse_int(PQgetvalue(res, i, COL_AT), &r->at_us) == -1)
		return (-1);
	r->actor = text(res, i, COL_ACTOR);
	r->actor_role = text(res, i, COL_ROLE);
	r->action = text(res, i, COL_ACTION);
	r->record_id = text(res, i, COL_RECORD);
	r->fields = text(res, i, COL_FIELDS);
	r->request_id = text(res, i, COL_REQUEST);
	r->outcome = text(res, i, COL_OUTCOME);
	if (parse_hash(PQgetvalue(res, i, COL_PREV), r->prev_hash) == -1 ||
	    parse_hash(PQgetvalue(res, i, COL_HASH), r->hash) == -1)
		return (-1);
	return (0);
}

int
cb_admin_audit_verify(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct cb_audit_verifier	 v;
	struct cb_audit_row		 row;
	PGconn				*db;
	PGresult			*res;
	int				 ch, i, n, ret, tx;

	db = NULL;
	res = NULL;
	tx = 0;
	ret = CB_ADMIN_USAGE;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
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
	if (optind != argc) {
		usage(stderr);
		goto cleanup;
	}

	ret = CB_ADMIN_UNVERIFIED;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	/* One snapshot: entries appended meanwhile are simply not seen. */
	if (cb_admin_exec(ctx, db,
	    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") == -1)
		goto cleanup;
	tx = 1;
	/* Hashes as hex text, independent of the bytea_output setting. */
	if (cb_admin_exec(ctx, db, "DECLARE audit_cur NO SCROLL CURSOR FOR "
	    "SELECT seq, at_us, actor, actor_role, action, record_id, fields, "
	    "request_id, outcome, encode(prev_hash, 'hex'), "
	    "encode(hash, 'hex') FROM cb.audit_log ORDER BY seq") == -1)
		goto cleanup;

	cb_audit_verify_init(&v);
	while (v.first_bad == 0) {
		res = PQexec(db, "FETCH FORWARD " BATCH " FROM audit_cur");
		if (PQresultStatus(res) != PGRES_TUPLES_OK ||
		    PQnfields(res) != NCOLS) {
			cb_admin_pgerror(ctx, "cannot read the audit log", db,
			    res);
			goto cleanup;
		}
		if ((n = PQntuples(res)) == 0)
			break;
		for (i = 0; i < n && v.first_bad == 0; i++) {
			/* A malformed row breaks the chain where it sits. */
			if (row_load(res, i, &row) == -1)
				v.first_bad = v.next_seq;
			else
				(void)cb_audit_verify_row(&v, &row);
		}
		PQclear(res);
		res = NULL;
	}

	if (v.first_bad != 0) {
		printf("broken at seq %" PRId64 "\n", v.first_bad);
		fprintf(stderr, "%s: %" PRId64 " entries verified before it\n",
		    ctx->progname, v.entries);
		ret = CB_ADMIN_ERROR;
	} else {
		printf("ok: %" PRId64 " entries\n", v.entries);
		ret = CB_ADMIN_OK;
	}

cleanup:
	PQclear(res);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	return (ret);
}
