/*
 * casebook-admin org add: registers a partner organisation (HTCDS
 * organisation types, domain.md 4) and its audit entry. The id is
 * printed, also when the name exists already (exit 3), so seeding
 * scripts can capture it either way.
 */
#include <sys/types.h>

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/referral.h"
#include "text/text.h"
#include "admin.h"

/* Characters, not bytes, as the CHECK on cb.organisations. */
#define ORG_NAME_MAX	CB_ORG_NAME_MAX

static void	usage(FILE *);
static int	valid_type(const char *);
static int	valid_name(const char *);


static void
usage(FILE *fp)
{
	size_t	i;

	fprintf(fp,
	    "usage: casebook-admin org add --name N --type T --country CC\n"
	    "           [--id UUID] [--config PATH]\n"
	    "\n"
	    "Registers an organisation and prints its id.\n"
	    "\n"
	    "  --name N       1 to %d characters, exact (no surrounding\n"
	    "                 spaces)\n"
	    "  --type T       HTCDS organisation type, one of:\n",
	    ORG_NAME_MAX);
	for (i = 0; cb_opt_org_type[i] != NULL; i++)
		fprintf(fp, "                   %s\n", cb_opt_org_type[i]);
	fprintf(fp,
	    "  --country CC   ISO 3166-1 alpha-2 code (e.g. BA, RS, XK)\n"
	    "  --id UUID      use this id instead of a random one\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 created, 1 error (nothing created), 2 bad\n"
	    "arguments, 3 an organisation with this name exists (its id\n"
	    "is printed, nothing is changed).\n");
}

static int
valid_type(const char *t)
{
	size_t	i;

	for (i = 0; cb_opt_org_type[i] != NULL; i++) {
		if (strcmp(cb_opt_org_type[i], t) == 0)
			return (1);
	}
	return (0);
}

/* Surrounding spaces would make "exists" miss a near-duplicate. */
static int
valid_name(const char *s)
{
	size_t	len;

	len = strlen(s);
	if (len == 0 || !cb_utf8_valid(s, len) ||
	    cb_utf8_has_controls(s, len) ||
	    cb_utf8_count(s, len) > ORG_NAME_MAX)
		return (0);
	if (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[len - 1]))
		return (0);
	return (1);
}

int
cb_admin_org_add(struct cb_admin *ctx, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "name",	required_argument, NULL, 'n' },
		{ "type",	required_argument, NULL, 't' },
		{ "country",	required_argument, NULL, 'k' },
		{ "id",		required_argument, NULL, 'i' },
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	PGconn		*db;
	PGresult	*res;
	const char	*name, *type, *country, *params[4];
	char		 id[CB_UUID_SIZE];
	size_t		 i;
	int		 ch, ret, tx;

	db = NULL;
	res = NULL;
	name = type = country = NULL;
	id[0] = '\0';
	tx = 0;
	ret = CB_ADMIN_USAGE;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'k':
			country = optarg;
			break;
		case 'i':
			if (strlen(optarg) != CB_UUID_LEN) {
				fprintf(stderr, "%s: --id must be a UUID\n",
				    ctx->progname);
				goto cleanup;
			}
			for (i = 0; i <= CB_UUID_LEN; i++)
				id[i] = tolower((unsigned char)optarg[i]);
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
	if (optind != argc || name == NULL || type == NULL ||
	    country == NULL) {
		usage(stderr);
		goto cleanup;
	}

	if (!valid_name(name)) {
		fprintf(stderr, "%s: the name must be 1 to %d characters of "
		    "printable UTF-8 without surrounding spaces\n",
		    ctx->progname, ORG_NAME_MAX);
		goto cleanup;
	}
	if (!valid_type(type)) {
		fprintf(stderr, "%s: unknown organisation type '%s' "
		    "(see --help)\n", ctx->progname, type);
		goto cleanup;
	}
	if (!cb_valid_country(country, strlen(country))) {
		fprintf(stderr, "%s: unknown country code '%s'\n",
		    ctx->progname, country);
		goto cleanup;
	}
	if (id[0] != '\0' && !cb_uuid_valid(id)) {
		fprintf(stderr, "%s: --id must be a UUID\n", ctx->progname);
		goto cleanup;
	}
	if (id[0] == '\0')
		cb_uuid_new(id);

	ret = CB_ADMIN_ERROR;
	if ((db = cb_admin_connect(ctx)) == NULL)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "BEGIN") == -1)
		goto cleanup;
	tx = 1;

	params[0] = name;
	res = PQexecParams(db, "SELECT id FROM cb.organisations "
	    "WHERE name = $1 ORDER BY created_at LIMIT 1",
	    1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		cb_admin_pgerror(ctx, "lookup failed", db, res);
		goto cleanup;
	}
	if (PQntuples(res) == 1) {
		fprintf(stderr, "%s: organisation '%s' already exists\n",
		    ctx->progname, name);
		printf("%s\n", PQgetvalue(res, 0, 0));
		ret = CB_ADMIN_EXISTS;
		goto cleanup;
	}
	PQclear(res);
	res = NULL;

	params[0] = id;
	params[1] = name;
	params[2] = type;
	params[3] = country;
	res = PQexecParams(db, "INSERT INTO cb.organisations (id, name, type, "
	    "country) VALUES ($1::uuid, $2, $3, $4)",
	    4, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		cb_admin_pgerror(ctx, "cannot create the organisation", db,
		    res);
		goto cleanup;
	}

	if (cb_admin_audit(ctx, db, "org.create", id,
	    "name,type,country") == -1)
		goto cleanup;
	if (cb_admin_exec(ctx, db, "COMMIT") == -1)
		goto cleanup;
	tx = 0;

	printf("%s\n", id);
	ret = CB_ADMIN_OK;

cleanup:
	PQclear(res);
	if (tx)
		(void)cb_admin_exec(ctx, db, "ROLLBACK");
	if (db != NULL)
		PQfinish(db);
	return (ret);
}
