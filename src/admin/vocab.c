/*
 * casebook-admin data facts: the fact columns of a case and the codes
 * each accepts, as the application knows them (src/domain/facts.c), one
 * "column<TAB>type<TAB>code" line per code ("-" for a column without a
 * list). For people writing reports, and for the integration suite,
 * which compares them with the database's columns and CHECKs.
 */
#include <sys/types.h>

#include <stdio.h>

#include "admin.h"
#include "domain/facts.h"

static void	usage(FILE *);

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin data facts\n"
	    "Lists the coded answers and process facts a case records in\n"
	    "the clear, with the codes each accepts.\n");
}

int
cb_admin_data_facts(struct cb_admin *ctx, int argc, char **argv)
{
	static const char *const types[] = {
		"text", "text[]", "boolean", "date", "numeric"
	};
	const struct cb_fact_def	*d;
	size_t				 i, j;
	int				 ret;

	if ((ret = cb_admin_opts(ctx, argc, argv, usage)) != 0)
		return (ret == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	for (i = 0; i < cb_fact_ndefs; i++) {
		d = &cb_fact_defs[i];
		if (d->derived)
			continue;
		if (d->options == NULL) {
			printf("%s\t%s\t%s\n", d->name, types[d->type],
			    d->country ? "country" : "-");
			continue;
		}
		for (j = 0; d->options[j] != NULL; j++)
			printf("%s\t%s\t%s\n", d->name, types[d->type],
			    d->options[j]);
	}
	return (CB_ADMIN_OK);
}
