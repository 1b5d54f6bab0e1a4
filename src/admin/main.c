/*
 * casebook-admin: the operator's command line, built from the same
 * domain and vault objects as the server. It connects as the
 * casebook_admin database role named in the server's configuration.
 */
#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"

static void	usage(FILE *);
static void	group_usage(FILE *, const char *);

static const struct {
	const char	*group;
	const char	*cmd;
	int		(*run)(struct cb_admin *, int, char **);
	const char	*summary;
} cmds[] = {
	{ "user", "add", cb_admin_user_add,
	    "create a user (password on standard input)" },
	{ "user", "list", cb_admin_user_list,
	    "list users and their open sessions" },
	{ "user", "disable", cb_admin_user_disable,
	    "disable a user and end their sessions" },
	{ "user", "enable", cb_admin_user_enable,
	    "let a disabled user log in again" },
	{ "user", "reset-password", cb_admin_user_reset_password,
	    "set a new password (standard input), end sessions" },
	{ "user", "revoke-sessions", cb_admin_user_revoke_sessions,
	    "end every open session of a user" },
	{ "org", "add", cb_admin_org_add,
	    "register an organisation" },
	{ "audit", "verify", cb_admin_audit_verify,
	    "verify the keyed audit chain and its checkpoints" },
	{ "audit", "chain", cb_admin_audit_chain,
	    "chain pending entries now (while the server is stopped)" },
	{ "audit", "pubkey", cb_admin_audit_pubkey,
	    "print the key that checks the audit checkpoints" },
	{ "keys", "status", cb_admin_keys_status,
	    "KEK versions and how many data keys each wraps" },
	{ "keys", "rotate", cb_admin_keys_rotate,
	    "rewrap every data key under a new KEK version" },
	{ "keys", "retire", cb_admin_keys_retire,
	    "refuse a KEK version that no data key uses any more" },
	{ "data", "upgrade", cb_admin_data_upgrade,
	    "seal values that earlier versions stored in clear" },
	{ "data", "facts", cb_admin_data_facts,
	    "the coded answers a case records, with their codes" },
	{ "backup", NULL, cb_admin_backup,
	    "write an encrypted backup (database, key, checkpoints)" },
	{ "restore", NULL, cb_admin_restore,
	    "restore a backup into a new, empty state directory" },
	{ "backup-keypair", NULL, cb_admin_backup_keypair,
	    "make a key pair for backups sealed to a public key" },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void
usage(FILE *fp)
{
	size_t	i;

	fprintf(fp,
	    "usage: casebook-admin [--config PATH] COMMAND [OPTIONS]\n"
	    "\n"
	    "Commands (each takes --help):\n");
	for (i = 0; i < NCMDS; i++)
		if (cmds[i].cmd == NULL)
			fprintf(fp, "  %-22s %s\n", cmds[i].group,
			    cmds[i].summary);
		else
			fprintf(fp, "  %-5s %-16s %s\n", cmds[i].group,
			    cmds[i].cmd, cmds[i].summary);
	fprintf(fp,
	    "\n"
	    "  --config PATH  configuration file (default: $CASEBOOK_CONF\n"
	    "                 or var/casebook.cfg)\n"
	    "\n"
	    "Exit status: 0 success, 1 error (audit verify: chain broken),\n"
	    "2 bad arguments or a password the policy refuses, 3 already\n"
	    "exists (user add, org add), 4 audit log unreadable (audit\n"
	    "verify), 5 no such user (user disable, enable, reset-password,\n"
	    "revoke-sessions).\n");
}

static void
group_usage(FILE *fp, const char *group)
{
	size_t	i;

	fprintf(fp, "usage: casebook-admin %s COMMAND [OPTIONS]\n\n", group);
	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].group, group) == 0)
			fprintf(fp, "  %s %-16s %s\n", group, cmds[i].cmd,
			    cmds[i].summary);
	}
	fprintf(fp, "\nSee 'casebook-admin %s COMMAND --help'.\n", group);
}

int
main(int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct cb_admin	 ctx;
	const char	*group;
	size_t		 i;
	int		 ch, known;

	memset(&ctx, 0, sizeof(ctx));
	ctx.progname = "casebook-admin";

	/* '+': options after the command belong to the command. */
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			ctx.config = optarg;
			break;
		case 'h':
			usage(stdout);
			return (CB_ADMIN_OK);
		default:
			usage(stderr);
			return (CB_ADMIN_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return (CB_ADMIN_USAGE);
	}
	if (strcmp(argv[0], "help") == 0) {
		usage(stdout);
		return (CB_ADMIN_OK);
	}

	if (sodium_init() == -1) {
		fprintf(stderr, "%s: cannot initialise libsodium\n",
		    ctx.progname);
		return (CB_ADMIN_ERROR);
	}

	group = argv[0];
	known = 0;
	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].group, group) != 0)
			continue;
		known = 1;
		/* A command without subcommands takes its options here. */
		if (cmds[i].cmd == NULL)
			return (cmds[i].run(&ctx, argc, argv));
		if (argc >= 2 && strcmp(cmds[i].cmd, argv[1]) == 0)
			return (cmds[i].run(&ctx, argc - 1, argv + 1));
	}
	if (!known) {
		fprintf(stderr, "%s: unknown command '%s'\n", ctx.progname,
		    group);
		usage(stderr);
		return (CB_ADMIN_USAGE);
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
		group_usage(stdout, group);
		return (CB_ADMIN_OK);
	}
	group_usage(stderr, group);
	return (CB_ADMIN_USAGE);
}
