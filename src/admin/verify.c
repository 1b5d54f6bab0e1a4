/*
 * casebook-admin audit verify | pubkey: checks the keyed audit chain
 * from its first entry to the head, recomputing every MAC with the
 * audit key (which the database never sees) and every signed checkpoint
 * of the file kept outside the database, reading both as streams so a
 * log of any length needs little memory. pubkey prints the Ed25519 key
 * that anyone can check the checkpoints with.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/casebook.h"
#include "core/config.h"
#include "core/lines.h"
#include "domain/audit.h"
#include "vault/vault.h"
#include "admin.h"

#define BATCH		"5000"

enum {
	COL_SEQ, COL_MAC, COL_ID, COL_AT, COL_ACTOR, COL_ROLE, COL_ACTION,
	COL_RECORD, COL_RECORDS, COL_FIELDS, COL_REQUEST, COL_OUTCOME, NCOLS
};

static void	usage(FILE *);
static void	pk_usage(FILE *);
static int	row_load(const PGresult *, int, struct cb_audit_entry *,
		    unsigned char *);
static const char	*text(const PGresult *, int, int);
static int64_t	scalar(struct cb_admin *, PGconn *, const char *, int *);
static int64_t	now_us(void);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin audit verify [--config PATH]\n"
	    "\n"
	    "Recomputes the keyed MAC of every chained audit entry, in chain\n"
	    "order, and checks each signed checkpoint of the checkpoints file\n"
	    "(audit_checkpoints in the configuration) against the chain.\n"
	    "Prints \"ok: N entries, M checkpoints\", or \"broken at seq S:\n"
	    "FAULT\" where S is the first position that does not hold and\n"
	    "FAULT one of gap, mac, missing, checkpoint, forged, truncated,\n"
	    "unchained; everything before S is intact.\n"
	    "\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 the chain holds, 1 it is broken, 2 bad\n"
	    "arguments, 4 the log could not be read (nothing verified).\n");
}

static void
pk_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin audit pubkey [--config PATH]\n"
	    "\n"
	    "Prints, in hex, the Ed25519 public key that signs the audit\n"
	    "checkpoints, so that a copy of the checkpoints file can be\n"
	    "checked by someone who does not hold the master key.\n"
	    "\n"
	    "Exit status: 0 printed, 1 error, 2 bad arguments.\n");
}


static int64_t
now_us(void)
{
	struct timeval	tv;

	(void)gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
}

static const char *
text(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return (NULL);
	return (PQgetvalue(res, row, col));
}

/* Borrows the result's strings; 1 loaded, 0 the chain row's entry is
 * gone, -1 a value that cannot be part of an intact chain. */
static int
row_load(const PGresult *res, int i, struct cb_audit_entry *e,
    unsigned char *mac)
{
	const char	*hex;
	size_t		 len;

	memset(e, 0, sizeof(*e));
	e->seq = strtoll(PQgetvalue(res, i, COL_SEQ), NULL, 10);
	if (PQgetisnull(res, i, COL_ID))
		return (0);
	hex = PQgetvalue(res, i, COL_MAC);
	if (sodium_hex2bin(mac, CB_AUDIT_MAC_LEN, hex, strlen(hex), NULL,
	    &len, NULL) != 0 || len != CB_AUDIT_MAC_LEN)
		return (-1);
	e->id = strtoll(PQgetvalue(res, i, COL_ID), NULL, 10);
	e->at_us = strtoll(PQgetvalue(res, i, COL_AT), NULL, 10);
	e->actor = text(res, i, COL_ACTOR);
	e->actor_role = text(res, i, COL_ROLE);
	e->action = text(res, i, COL_ACTION);
	e->record_id = text(res, i, COL_RECORD);
	e->records = text(res, i, COL_RECORDS);
	e->fields = text(res, i, COL_FIELDS);
	e->request_id = text(res, i, COL_REQUEST);
	e->outcome = text(res, i, COL_OUTCOME);
	return (1);
}

static int64_t
scalar(struct cb_admin *ctx, PGconn *db, const char *sql, int *ok)
{
	PGresult	*res;
	int64_t		 v;

	v = 0;
	res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		cb_admin_pgerror(ctx, "cannot read the audit state", db, res);
		*ok = 0;
	} else {
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	}
	PQclear(res);
	return (v);
}

int
cb_admin_audit_verify(struct cb_admin *ctx, int argc, char **argv)
{
	struct cb_config		 cfg;
	struct cb_audit_verifier	 v;
	struct cb_audit_entry		 e;
	struct cb_audit_cps		 cps;
	struct cb_lines			*lines;
	struct cb_vault			*vault;
	unsigned char			 mac[CB_AUDIT_MAC_LEN];
	PGconn				*db;
	PGresult			*res;
	int64_t				 head, unchained, beyond;
	int				 i, n, rc, ret, tx, fd, ok;

	db = NULL;
	res = NULL;
	vault = NULL;
	lines = NULL;
	tx = 0;
	fd = -1;

	if ((rc = cb_admin_opts(ctx, argc, argv, usage)) != 0)
		return (rc == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);

	ret = CB_ADMIN_UNVERIFIED;
	if (cb_admin_config(ctx, &cfg) == -1 ||
	    (vault = cb_admin_vault(ctx)) == NULL)
		goto cleanup;
	lines = calloc(1, sizeof(*lines));
	if (cfg.audit_checkpoints[0] != '\0') {
		fd = open(cfg.audit_checkpoints, O_RDONLY | O_CLOEXEC);
		if (fd == -1) {
			fprintf(stderr, "%s: cannot read %s: %s\n",
			    ctx->progname, cfg.audit_checkpoints,
			    strerror(errno));
			goto cleanup;
		}
	}
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	cb_audit_verify_init(&v, vault);
	cb_lines_init(lines, fd);
	/* Before the snapshot: what was signed before it must be in it. */
	cb_audit_cps_init(&cps, lines, now_us());
	if (cb_admin_exec(ctx, db,
	    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") == -1)
		goto cleanup;
	tx = 1;
	ok = 1;
	head = scalar(ctx, db, "SELECT head_seq FROM cb.audit_chain_state",
	    &ok);
	unchained = scalar(ctx, db, "SELECT count(*) FROM cb.audit_log l "
	    "WHERE l.xid < (SELECT horizon FROM cb.audit_chain_state) AND "
	    "NOT EXISTS (SELECT 1 FROM cb.audit_chain c "
	    "WHERE c.entry_id = l.id)", &ok);
	if (!ok)
		goto cleanup;
	/* Text only: independent of the bytea_output setting. */
	if (cb_admin_exec(ctx, db, "DECLARE chain_cur NO SCROLL CURSOR FOR "
	    "SELECT c.seq, encode(c.mac, 'hex'), l.id, l.at_us, l.actor, "
	    "l.actor_role, l.action, l.record_id, "
	    "array_to_string(l.records, ','), l.fields, l.request_id, "
	    "l.outcome FROM cb.audit_chain c "
	    "LEFT JOIN cb.audit_log l ON l.id = c.entry_id "
	    "ORDER BY c.seq") == -1)
		goto cleanup;

	while (v.first_bad == 0) {
		res = PQexec(db, "FETCH FORWARD " BATCH " FROM chain_cur");
		if (PQresultStatus(res) != PGRES_TUPLES_OK ||
		    PQnfields(res) != NCOLS) {
			cb_admin_pgerror(ctx, "cannot read the audit log", db,
			    res);
			goto cleanup;
		}
		if ((n = PQntuples(res)) == 0)
			break;
		for (i = 0; i < n && v.first_bad == 0; i++) {
			rc = row_load(res, i, &e, mac);
			if (rc == 1 && cb_audit_verify_row(&v, &e, mac) == 0)
				(void)cb_audit_verify_cps(&v, &cps, e.seq);
			else if (rc == 0)
				(void)cb_audit_verify_missing(&v, e.seq);
			else if (rc == -1)
				(void)cb_audit_verify_missing(&v, e.seq);
		}
		PQclear(res);
		res = NULL;
	}
	if (v.first_bad == 0) {
		beyond = cb_audit_cps_beyond(&v, &cps);
		(void)cb_audit_verify_finish(&v, head, unchained, beyond);
	}

	if (v.first_bad != 0) {
		printf("broken at seq %" PRId64 ": %s\n", v.first_bad,
		    cb_audit_fault_name(v.fault));
		fprintf(stderr, "%s: %" PRId64 " entries and %" PRId64
		    " checkpoints verified before it\n", ctx->progname,
		    v.entries, v.checkpoints);
		ret = CB_ADMIN_ERROR;
	} else {
		printf("ok: %" PRId64 " entries, %" PRId64 " checkpoints\n",
		    v.entries, v.checkpoints);
		ret = CB_ADMIN_OK;
	}

cleanup:
	PQclear(res);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	if (fd != -1)
		(void)close(fd);
	free(lines);
	cb_vault_close(vault);
	return (ret);
}

int
cb_admin_audit_pubkey(struct cb_admin *ctx, int argc, char **argv)
{
	struct cb_vault	*vault;
	unsigned char	 pk[CB_VAULT_PK_LEN];
	char		 hex[CB_VAULT_PK_LEN * 2 + 1];
	int		 rc;

	if ((rc = cb_admin_opts(ctx, argc, argv, pk_usage)) != 0)
		return (rc == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	if ((vault = cb_admin_vault(ctx)) == NULL)
		return (CB_ADMIN_ERROR);
	cb_vault_sign_pk(vault, pk);
	sodium_bin2hex(hex, sizeof(hex), pk, sizeof(pk));
	printf("%s\n", hex);
	cb_vault_close(vault);
	return (CB_ADMIN_OK);
}
