/*
 * init: start-up. The parent reads the configuration and the database
 * password before any worker exists; each worker then initialises
 * libsodium, opens the vault from the master key file (after privilege
 * drop, so the file must be readable by the runas user) and registers
 * the database.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>
#include <kore/hooks.h>
#include <kore/seccomp.h>

#include "core/casebook.h"
#include "web/app.h"
#include "store/auditq.h"
#include "core/config.h"
#include "vault/vault.h"

#define CSS_MAX		(64 * 1024)

/*
 * Beyond Kore's own list: libsodium locks key memory (mlock, munlock,
 * mprotect via sodium_mprotect), Kore task threads (Argon2id runs in
 * them) need clone3 and rseq (and gettid under ASan), stdio file
 * reads need newfstatat, and glibc grows large buffers with mremap.
 */
KORE_SECCOMP_FILTER("casebook",
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(mlock),
	KORE_SYSCALL_ALLOW(munlock),
	KORE_SYSCALL_ALLOW(madvise),
	KORE_SYSCALL_ALLOW(clone3),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_ALLOW(sched_getaffinity),
	KORE_SYSCALL_ALLOW(sched_yield),
	KORE_SYSCALL_ALLOW(getrandom),
	KORE_SYSCALL_ALLOW(gettid),
	KORE_SYSCALL_ALLOW(mremap),
);

struct cb_app		cb_app;

static struct cb_config	config;
static char		connstr[2048];

static void	load_css(const char *);

void
kore_parent_configure(int argc, char **argv)
{
	const char	*path, *root;
	char		 css[1024];
	int		 line;

	(void)argc;
	(void)argv;

	if ((path = getenv("CASEBOOK_CONF")) == NULL)
		path = "var/casebook.cfg";
	if (cb_config_load(path, &config, &line) == -1)
		fatalx("casebook: cannot load configuration %s (line %d)",
		    path, line);
	if (cb_config_connstr(&config, connstr, sizeof(connstr)) == -1)
		fatalx("casebook: cannot read the database password file");

	if ((root = getenv("CASEBOOK_ROOT")) == NULL)
		root = ".";
	(void)snprintf(css, sizeof(css), "%s/assets/casebook.css", root);
	load_css(css);

	cb_app.secure_cookies = getenv("CASEBOOK_SECURE_COOKIES") != NULL;
}

void
kore_worker_configure(void)
{
	if (sodium_init() == -1)
		fatalx("casebook: sodium_init failed");
	if (cb_vault_open(&cb_app.vault, config.key_file,
	    config.key_version) == -1)
		fatalx("casebook: cannot open the master key file");
	if (cb_vault_pw_hash("not a password", 14, cb_app.dummy_hash) == -1)
		fatalx("casebook: cannot prepare the password check");
	if (!kore_pgsql_register("db", connstr))
		fatalx("casebook: cannot register the database");
	sodium_memzero(connstr, sizeof(connstr));
	cb_auditq_init();
}

void
kore_worker_teardown(void)
{
	cb_auditq_drain();
	if (cb_app.vault != NULL) {
		cb_vault_close(cb_app.vault);
		cb_app.vault = NULL;
	}
}

static void
load_css(const char *path)
{
	FILE	*fp;
	size_t	 n;

	if ((fp = fopen(path, "r")) == NULL)
		fatalx("casebook: cannot open %s", path);
	cb_app.css = kore_malloc(CSS_MAX);
	n = fread(cb_app.css, 1, CSS_MAX, fp);
	if (ferror(fp) || n == CSS_MAX)
		fatalx("casebook: cannot read %s", path);
	fclose(fp);
	cb_app.csslen = n;
}
