/*
 * casebook-admin audit chain: chains the audit entries that are not
 * chained yet, as the server's chainer does continuously (same
 * statements, same MAC), for when the server is stopped: after a
 * restore, or before verifying an archived copy. With --checkpoint it
 * also signs the new head into the checkpoints file; only do that while
 * no server writes there, or the file's order could break.
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
#include "domain/audit.h"
#include "vault/vault.h"
#include "admin.h"

#define BATCH		"5000"
#define BATCH_N		5000

enum {
	C_HEAD, C_MAC, C_HORIZON, C_ID, C_AT, C_ACTOR, C_ROLE, C_ACTION,
	C_RECORD, C_RECORDS, C_FIELDS, C_REQUEST, C_OUTCOME
};

static void	usage(FILE *);
static int	chain_batch(struct cb_admin *, PGconn *, struct cb_vault *,
		    int64_t *, unsigned char *, int *);
static const char	*opt(const PGresult *, int, int);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin audit chain [--checkpoint] [--config PATH]\n"
	    "\n"
	    "Chains every audit entry that is not chained yet (the server\n"
	    "does this on its own every few hundred milliseconds; use this\n"
	    "while it is stopped). Prints the chain's head.\n"
	    "\n"
	    "  --checkpoint   also sign the head into the checkpoints file\n"
	    "                 (only while no server is running)\n"
	    "\n"
	    "Exit status: 0 done, 1 error, 2 bad arguments.\n");
}

static const char *
opt(const PGresult *res, int row, int col)
{
	return (PQgetisnull(res, row, col) ? NULL :
	    PQgetvalue(res, row, col));
}

/* One batch; *more is set when the batch was full. */
static int
chain_batch(struct cb_admin *ctx, PGconn *db, struct cb_vault *v,
    int64_t *head, unsigned char *headmac, int *more)
{
	struct cb_audit_entry	 e;
	PGresult		*res, *ap;
	unsigned char		 prev[CB_AUDIT_MAC_LEN];
	unsigned char		*macs;
	char			*ids, hs[24];
	const char		*params[4], *hex;
	int			 lens[4], fmts[4], rows, i, n, ret;
	size_t			 len, idlen;

	res = ap = NULL;
	macs = NULL;
	ids = NULL;
	ret = -1;
	*more = 0;
	res = PQexec(db, "SELECT head_seq, encode(head_mac, 'hex'), "
	    "next_horizon, e_id, e_at_us, e_actor, e_role, e_action, "
	    "e_record, e_records, e_fields, e_request, e_outcome FROM "
	    "cb.audit_chain_pending(" BATCH ")");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1) {
		cb_admin_pgerror(ctx, "cannot read pending entries", db, res);
		goto cleanup;
	}
	rows = PQntuples(res);
	*head = strtoll(PQgetvalue(res, 0, C_HEAD), NULL, 10);
	hex = PQgetvalue(res, 0, C_MAC);
	if (sodium_hex2bin(prev, sizeof(prev), hex, strlen(hex), NULL, &len,
	    NULL) != 0 || len != sizeof(prev))
		goto cleanup;
	memcpy(headmac, prev, sizeof(prev));

	macs = malloc((size_t)rows * CB_AUDIT_MAC_LEN + 1);
	idlen = (size_t)rows * 21 + 3;
	ids = malloc(idlen);
	if (macs == NULL || ids == NULL)
		goto cleanup;
	(void)snprintf(ids, idlen, "{");
	for (i = 0, n = 0; i < rows; i++) {
		if (PQgetisnull(res, i, C_ID))
			continue;
		memset(&e, 0, sizeof(e));
		e.seq = *head + n + 1;
		e.id = strtoll(PQgetvalue(res, i, C_ID), NULL, 10);
		e.at_us = strtoll(PQgetvalue(res, i, C_AT), NULL, 10);
		e.actor = opt(res, i, C_ACTOR);
		e.actor_role = opt(res, i, C_ROLE);
		e.action = opt(res, i, C_ACTION);
		e.record_id = opt(res, i, C_RECORD);
		e.records = opt(res, i, C_RECORDS);
		e.fields = opt(res, i, C_FIELDS);
		e.request_id = opt(res, i, C_REQUEST);
		e.outcome = opt(res, i, C_OUTCOME);
		cb_audit_mac(v, prev, &e, macs + n * CB_AUDIT_MAC_LEN);
		memcpy(prev, macs + n * CB_AUDIT_MAC_LEN, sizeof(prev));
		len = strlen(ids);
		(void)snprintf(ids + len, idlen - len, "%s%" PRId64,
		    n > 0 ? "," : "", e.id);
		n++;
	}
	len = strlen(ids);
	(void)snprintf(ids + len, idlen - len, "}");
	if (n == 0) {
		ret = 0;
		goto cleanup;
	}
	*more = rows >= BATCH_N;

	(void)snprintf(hs, sizeof(hs), "%" PRId64, *head);
	params[0] = hs;
	params[1] = ids;
	params[2] = (const char *)macs;
	/* The last row's horizon holds for a cut batch too. */
	params[3] = PQgetvalue(res, rows - 1, C_HORIZON);
	lens[0] = lens[1] = lens[3] = 0;
	lens[2] = n * CB_AUDIT_MAC_LEN;
	fmts[0] = fmts[1] = fmts[3] = 0;
	fmts[2] = 1;
	ap = PQexecParams(db, "SELECT cb.audit_chain_append(p_head => "
	    "$1::bigint, p_ids => $2::bigint[], p_macs => $3, "
	    "p_horizon => $4)", 4, NULL, params, lens, fmts, 0);
	if (PQresultStatus(ap) != PGRES_TUPLES_OK || PQntuples(ap) != 1) {
		cb_admin_pgerror(ctx, "cannot append to the chain", db, ap);
		goto cleanup;
	}
	if (PQgetisnull(ap, 0, 0)) {
		/* The server chained meanwhile: start again from its head. */
		*more = 1;
		ret = 0;
		goto cleanup;
	}
	*head += n;
	memcpy(headmac, prev, sizeof(prev));
	ret = 0;

cleanup:
	free(macs);
	free(ids);
	PQclear(res);
	PQclear(ap);
	return (ret);
}

int
cb_admin_audit_chain(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "checkpoint",	no_argument,	   NULL, 'k' },
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct cb_config	 cfg;
	struct cb_vault		*v;
	struct timeval		 tv;
	PGconn			*db;
	unsigned char		 mac[CB_AUDIT_MAC_LEN];
	char			 line[CB_AUDIT_CP_LINE_MAX];
	int64_t			 head;
	int			 ch, ret, more, cp, fd;

	cp = 0;
	head = 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			cp = 1;
			break;
		case 'c':
			ctx->config = optarg;
			break;
		case 'h':
			usage(stdout);
			return (CB_ADMIN_OK);
		default:
			usage(stderr);
			return (CB_ADMIN_USAGE);
		}
	}
	if (optind != argc) {
		usage(stderr);
		return (CB_ADMIN_USAGE);
	}

	ret = CB_ADMIN_ERROR;
	db = NULL;
	fd = -1;
	if (cb_admin_config(ctx, &cfg) == -1 ||
	    (v = cb_admin_vault(ctx)) == NULL)
		return (CB_ADMIN_ERROR);
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	do {
		if (chain_batch(ctx, db, v, &head, mac, &more) == -1)
			goto cleanup;
	} while (more);

	if (cp && head > 0) {
		(void)gettimeofday(&tv, NULL);
		if (cb_audit_checkpoint_line(v, head, mac,
		    (int64_t)tv.tv_sec * 1000000 + tv.tv_usec, line,
		    sizeof(line)) == -1)
			goto cleanup;
		fd = open(cfg.audit_checkpoints, O_WRONLY | O_APPEND |
		    O_CREAT | O_CLOEXEC, 0600);
		if (fd == -1 || write(fd, line, strlen(line)) !=
		    (ssize_t)strlen(line) || fsync(fd) == -1) {
			fprintf(stderr, "%s: cannot write a checkpoint to %s: "
			    "%s\n", ctx->progname, cfg.audit_checkpoints,
			    strerror(errno));
			goto cleanup;
		}
	}
	printf("head: %" PRId64 "\n", head);
	ret = CB_ADMIN_OK;

cleanup:
	if (fd != -1)
		(void)close(fd);
	if (db != NULL)
		PQfinish(db);
	cb_vault_close(v);
	return (ret);
}
