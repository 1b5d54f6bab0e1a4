/*
 * init: start-up. The parent, before any worker exists and while it
 * still has its privileges, reads the configuration, the database
 * password and the master key (deriving the subkeys and wiping the key
 * at once), opens the audit checkpoint file for appending, and turns
 * core dumps off. Workers inherit all of it across fork: they never
 * open the key file. Each worker then locks the keys in memory again
 * (locks are not inherited), registers the database and starts its
 * jobs; worker 1 also runs the audit chainer.
 */
#include <sys/types.h>
#include <sys/resource.h>
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
#include <kore/hooks.h>
#include <kore/seccomp.h>

#include "core/casebook.h"
#include "core/config.h"
#include "store/jobs.h"
#include "vault/vault.h"
#include "web/app.h"
#include "web/web.h"

/* The largest file of assets/ served (the OpenAPI document is the
 * largest by far). */
#define ASSET_MAX	(1024 * 1024)

/*
 * Beyond Kore's own list: libsodium locks key memory (mlock, munlock,
 * mprotect via sodium_mprotect), Kore task threads (Argon2id runs in
 * them) need clone3 and rseq (and gettid under ASan), stdio file
 * reads need newfstatat, glibc grows large buffers with mremap, and
 * the audit checkpoints are read with pread64 and synced with
 * fdatasync.
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
	KORE_SYSCALL_ALLOW(pread64),
	KORE_SYSCALL_ALLOW(fdatasync),
);

struct cb_app		cb_app;

static struct cb_config	config;
static char		connstr[2048];

static void	load_asset(const char *, const char *, struct cb_asset *);
static void	no_core_dumps(void);

void
kore_parent_configure(int argc, char **argv)
{
	const char	*path, *root;
	int		 line;

	(void)argc;
	(void)argv;

	no_core_dumps();
	/* The log is stdout when in the foreground: one write per line,
	 * so that a journal or a pipe gets each access line at once and
	 * lines of several workers never interleave. Workers inherit it;
	 * what Kore wrote so far goes out first, or each worker would
	 * inherit and repeat it. */
	(void)fflush(stdout);
	(void)setvbuf(stdout, NULL, _IOLBF, 0);
	if (sodium_init() == -1)
		fatalx("casebook: sodium_init failed");
	if ((path = getenv("CASEBOOK_CONF")) == NULL)
		path = "var/casebook.cfg";
	if (cb_config_load(path, &config, &line) == -1)
		fatalx("casebook: cannot load configuration %s (line %d)",
		    path, line);
	if (cb_config_connstr(&config, CB_DB_APP, connstr,
	    sizeof(connstr)) == -1)
		fatalx("casebook: cannot read the database password file");
	if (cb_vault_open(&cb_app.vault, config.key_file,
	    config.key_version) == -1)
		fatalx("casebook: cannot open the master key file");
	if (cb_vault_pw_hash("not a password", 14, cb_app.dummy_hash) == -1)
		fatalx("casebook: cannot prepare the password check");

	cb_app.checkpoints_fd = -1;
	if (config.audit_checkpoints[0] != '\0' &&
	    (cb_app.checkpoints_fd = open(config.audit_checkpoints,
	    O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    S_IRUSR | S_IWUSR)) == -1)
		fatalx("casebook: cannot open %s: %s",
		    config.audit_checkpoints, strerror(errno));

	if ((root = getenv("CASEBOOK_ROOT")) == NULL)
		root = ".";
	load_asset(root, "casebook.css", &cb_app.css);
	load_asset(root, "openapi.json", &cb_app.openapi);

	cb_app.secure_cookies = getenv("CASEBOOK_SECURE_COOKIES") != NULL;
	cb_app.cookie_session = cb_app.secure_cookies ?
	    "__Host-" CB_COOKIE_SESSION : CB_COOKIE_SESSION;
	cb_app.cookie_prelogin = cb_app.secure_cookies ?
	    "__Host-" CB_COOKIE_PRELOGIN : CB_COOKIE_PRELOGIN;
	(void)cb_strlcpy(cb_app.trusted_proxy, config.trusted_proxy,
	    sizeof(cb_app.trusted_proxy));
	cb_app.login.user_max = CB_LOGIN_FAIL_MAX;
	cb_app.login.addr_max = config.login_addr_limit;
	cb_app.login.window_s = CB_LOGIN_LOCK_SEC;
	cb_app.login.session_s = CB_SESSION_ABS_SEC;
	cb_app.stats_k = config.stats_k;
}

/* A worker's memory holds keys and plaintext: it must never be
 * written to a core file. The limit is inherited by every worker. */
static void
no_core_dumps(void)
{
	struct rlimit	rl;

	rl.rlim_cur = 0;
	rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl) == -1)
		fatal("casebook: cannot disable core dumps: %s",
		    strerror(errno));
}

void
kore_worker_configure(void)
{
	if (cb_vault_lock(cb_app.vault) == -1)
		kore_log(LOG_NOTICE, "casebook: keys could not be locked "
		    "in memory (RLIMIT_MEMLOCK?)");
	if (!kore_pgsql_register("db", connstr))
		fatalx("casebook: cannot register the database");
	sodium_memzero(connstr, sizeof(connstr));
	cb_keys_follow(cb_app.vault);
	if (worker != NULL && worker->id == 1)
		cb_chainer_start(cb_app.vault, cb_app.checkpoints_fd);
}

/*
 * Ends the worker here, without running the libraries' exit handlers:
 * one of them (p11-kit's, via freelocale) could wait forever on a lock
 * and left workers behind after their parent was gone.
 */
void
kore_worker_teardown(void)
{
	cb_chainer_stop();
	if (cb_app.vault != NULL) {
		cb_vault_close(cb_app.vault);
		cb_app.vault = NULL;
	}
	_exit(0);
}

/* ROOT/assets/NAME, whole, into a; start-up ends when it cannot be read. */
static void
load_asset(const char *root, const char *name, struct cb_asset *a)
{
	FILE	*fp;
	char	 path[1024];
	size_t	 n;
	int	 len;

	len = snprintf(path, sizeof(path), "%s/assets/%s", root, name);
	if (len < 0 || (size_t)len >= sizeof(path))
		fatalx("casebook: asset path too long: %s", name);
	if ((fp = fopen(path, "r")) == NULL)
		fatalx("casebook: cannot open %s", path);
	a->data = kore_malloc(ASSET_MAX);
	n = fread(a->data, 1, ASSET_MAX, fp);
	if (ferror(fp) || n == ASSET_MAX)
		fatalx("casebook: cannot read %s (or larger than %d bytes)",
		    path, ASSET_MAX);
	fclose(fp);
	/* Kept for the process's life: only what the file holds. */
	a->data = kore_realloc(a->data, n > 0 ? n : 1);
	a->len = n;
}
