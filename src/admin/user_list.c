/*
 * casebook-admin user list: every user, one tab-separated line each
 * under a header, with the number of sessions that would still let
 * them in. The statement names its columns, so a password hash can
 * never be printed by a later change to the table.
 */
#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/casebook.h"
#include "admin.h"

enum {
	COL_ID, COL_USERNAME, COL_ROLE, COL_OFFICE, COL_ORG, COL_DISABLED,
	COL_CREATED, COL_SESSIONS, NCOLS
};

static void	usage(FILE *);
static void	put_field(const char *);

/* Live as cb.session_actor() sees it: not revoked, not past its
 * absolute expiry, used within the idle timeout. */
#define SQL_LIST							\
	"SELECT u.id, u.username, u.role, u.office, "			\
	"coalesce(u.organisation_id::text, ''), u.disabled, "		\
	"to_char(u.created_at AT TIME ZONE 'UTC', "			\
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "				\
	"(SELECT count(*) FROM cb.sessions s WHERE s.user_id = u.id "	\
	"AND s.revoked_at IS NULL AND s.expires_at > now() "		\
	"AND s.last_seen > now() - make_interval(secs => $1::int)) "	\
	"FROM cb.users u ORDER BY u.username"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin user list [--config PATH]\n"
	    "\n"
	    "Prints every user, one tab-separated line each, after a header:\n"
	    "  id username role office organisation_id disabled created_at\n"
	    "  sessions\n"
	    "disabled is true or false; created_at is UTC (RFC 3339);\n"
	    "sessions counts those not revoked, not expired and used in the\n"
	    "last %d minutes. A tab, line break or backslash inside a value\n"
	    "is written \\t, \\n, \\r or \\\\, other control bytes \\xHH.\n"
	    "\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 listed, 1 error, 2 bad arguments.\n",
	    CB_SESSION_IDLE_SEC / 60);
}

/* An office is free text: keep it from breaking the columns or
 * sending escape sequences to the terminal. */
static void
put_field(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\x%02x", *p);
			else
				putchar(*p);
			break;
		}
	}
}

int
cb_admin_user_list(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	PGconn		*db;
	PGresult	*res;
	const char	*param, *v;
	char		 idle[32];
	int		 ch, col, i, ret;

	db = NULL;
	res = NULL;
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

	ret = CB_ADMIN_ERROR;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;

	(void)snprintf(idle, sizeof(idle), "%d", CB_SESSION_IDLE_SEC);
	param = idle;
	res = PQexecParams(db, SQL_LIST, 1, NULL, &param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQnfields(res) != NCOLS) {
		cb_admin_pgerror(ctx, "cannot list the users", db, res);
		goto cleanup;
	}

	printf("id\tusername\trole\toffice\torganisation_id\tdisabled\t"
	    "created_at\tsessions\n");
	for (i = 0; i < PQntuples(res); i++) {
		for (col = 0; col < NCOLS; col++) {
			if (col > 0)
				putchar('\t');
			v = PQgetvalue(res, i, col);
			if (col == COL_DISABLED)
				v = strcmp(v, "t") == 0 ? "true" : "false";
			put_field(v);
		}
		putchar('\n');
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the list\n", ctx->progname);
		goto cleanup;
	}
	ret = CB_ADMIN_OK;

cleanup:
	PQclear(res);
	if (db != NULL)
		PQfinish(db);
	return (ret);
}
