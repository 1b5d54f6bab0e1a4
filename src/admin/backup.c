/*
 * casebook-admin backup | restore | backup-keypair: a consistent dump
 * of the database (pg_dump, custom format) together with what is
 * needed to read it again (the master key, the signed audit
 * checkpoints), encrypted as one stream (libsodium secretstream,
 * XChaCha20-Poly1305) under a key that is either derived from a backup
 * passphrase (Argon2id) or sealed to a backup public key (X25519), so
 * that neither the master key nor a row ever leaves in the clear. A
 * changed, cut or reordered file does not restore.
 *
 * File: "CASEBOOK-BACKUP1" (16 bytes), mode (1: passphrase, 2: public
 * key), then salt and Argon2 limits (mode 1) or the sealed file key
 * (mode 2), the secretstream header, and messages, each a 4-byte
 * big-endian length and its ciphertext: a manifest, the master key,
 * the checkpoints, the dump in chunks, an empty final message.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/casebook.h"
#include "core/config.h"
#include "vault/vault.h"
#include "admin.h"

#define MAGIC		"CASEBOOK-BACKUP1"
#define MAGIC_LEN	16
#define MODE_PASS	1
#define MODE_PUBKEY	2
#define CHUNK		(64 * 1024)
#define MSG_MAX		(CHUNK + 1 + \
			    crypto_secretstream_xchacha20poly1305_ABYTES)
#define PGBIN		"/usr/lib/postgresql/15/bin"

/* What a message carries (its first plaintext byte). */
#define T_MANIFEST	'M'
#define T_MASTER	'K'
#define T_CHECKPOINTS	'C'
#define T_DUMP		'D'
#define T_END		'E'

struct sink {
	FILE					*fp;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char				 ct[MSG_MAX];
};

static void	usage_backup(FILE *);
static void	usage_restore(FILE *);
static void	usage_keypair(FILE *);
static int	opts(struct cb_admin *, int, char **, void (*)(FILE *),
		    const char **, const char **, const char **);
static int	put(struct sink *, int, const void *, size_t, int);
static int	file_key_pass(struct cb_admin *, FILE *, int,
		    unsigned char *);
static int	file_key_pubkey(struct cb_admin *, FILE *, int,
		    const char *, unsigned char *);
static int	read_hex_file(struct cb_admin *, const char *,
		    unsigned char *, size_t);
static pid_t	spawn(struct cb_admin *, const struct cb_config *,
		    const char *, int, int *);
static int	reap(struct cb_admin *, pid_t, const char *);
static int	write_file(const char *, const unsigned char *, size_t, int);

static void
usage_backup(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin backup --out FILE [--recipient KEY.pub]\n"
	    "                             [--config PATH]\n"
	    "Writes an encrypted backup of the database, the master key and\n"
	    "the audit checkpoints. Without --recipient the backup\n"
	    "passphrase is read from standard input.\n"
	    "Exit: 0 written, 1 error, 2 usage.\n");
}

static void
usage_restore(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin restore --in FILE [--identity KEY.key]\n"
	    "                              [--config PATH]\n"
	    "Restores a backup into the configured, empty database (made by\n"
	    "scripts/db.sh restore): writes the master key and checkpoints\n"
	    "to the configured paths and loads the dump. Without --identity\n"
	    "the passphrase is read from standard input.\n"
	    "Exit: 0 restored, 1 error (nothing usable written), 2 usage.\n");
}

static void
usage_keypair(FILE *fp)
{
	fprintf(fp,
	    "usage: casebook-admin backup-keypair --out PREFIX\n"
	    "Makes a backup key pair: PREFIX.pub (give it to the server\n"
	    "that makes backups) and PREFIX.key (keep it offline; it\n"
	    "restores them).\n");
}

/* --out/--in FILE, --recipient/--identity KEY, --config PATH. */
static int
opts(struct cb_admin *ctx, int argc, char **argv, void (*help)(FILE *),
    const char **file, const char **key, const char **dummy)
{
	static const struct option	 lo[] = {
		{ "out",	required_argument, NULL, 'o' },
		{ "in",		required_argument, NULL, 'i' },
		{ "recipient",	required_argument, NULL, 'r' },
		{ "identity",	required_argument, NULL, 'k' },
		{ "config",	required_argument, NULL, 'c' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	int				 ch;

	*file = *key = NULL;
	(void)dummy;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (ch) {
		case 'o':
		case 'i':
			*file = optarg;
			break;
		case 'r':
		case 'k':
			*key = optarg;
			break;
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
	if (optind != argc || *file == NULL) {
		help(stderr);
		return (-1);
	}
	return (0);
}

/* Seals one message: its type, then data. */
static int
put(struct sink *s, int type, const void *data, size_t len, int final)
{
	unsigned char		 pt[CHUNK + 1], hdr[4];
	unsigned long long	 clen;

	if (len > CHUNK)
		return (-1);
	pt[0] = (unsigned char)type;
	if (len > 0)
		memcpy(pt + 1, data, len);
	crypto_secretstream_xchacha20poly1305_push(&s->st, s->ct, &clen, pt,
	    len + 1, NULL, 0, final ?
	    crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
	sodium_memzero(pt, len + 1);
	hdr[0] = (unsigned char)(clen >> 24);
	hdr[1] = (unsigned char)(clen >> 16);
	hdr[2] = (unsigned char)(clen >> 8);
	hdr[3] = (unsigned char)clen;
	if (fwrite(hdr, 1, 4, s->fp) != 4 ||
	    fwrite(s->ct, 1, clen, s->fp) != clen)
		return (-1);
	return (0);
}

/*
 * The file key from the passphrase on standard input: writing, a fresh
 * salt and the limits go into the file; reading, they come from it.
 */
static int
file_key_pass(struct cb_admin *ctx, FILE *fp, int writing,
    unsigned char *key)
{
	unsigned char	 salt[crypto_pwhash_SALTBYTES], lim[16];
	char		 pass[1024];
	size_t		 plen, i;
	uint64_t	 ops, mem;
	int		 ret;

	ret = -1;
	if (cb_admin_password_read(ctx, pass, sizeof(pass), &plen) != 0 ||
	    plen < 12) {
		fprintf(stderr, "%s: a backup passphrase of 12 characters or "
		    "more on standard input\n", ctx->progname);
		goto cleanup;
	}
	if (writing) {
		randombytes_buf(salt, sizeof(salt));
		ops = crypto_pwhash_OPSLIMIT_MODERATE;
		mem = crypto_pwhash_MEMLIMIT_MODERATE;
		for (i = 0; i < 8; i++) {
			lim[i] = (unsigned char)(ops >> (56 - 8 * i));
			lim[8 + i] = (unsigned char)(mem >> (56 - 8 * i));
		}
		if (fwrite(salt, 1, sizeof(salt), fp) != sizeof(salt) ||
		    fwrite(lim, 1, sizeof(lim), fp) != sizeof(lim))
			goto cleanup;
	} else {
		if (fread(salt, 1, sizeof(salt), fp) != sizeof(salt) ||
		    fread(lim, 1, sizeof(lim), fp) != sizeof(lim))
			goto cleanup;
		for (i = 0, ops = mem = 0; i < 8; i++) {
			ops = (ops << 8) | lim[i];
			mem = (mem << 8) | lim[8 + i];
		}
		/* Refuse limits an attacker could set to exhaust us. */
		if (ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
		    mem > crypto_pwhash_MEMLIMIT_SENSITIVE ||
		    ops < crypto_pwhash_OPSLIMIT_MIN ||
		    mem < crypto_pwhash_MEMLIMIT_MIN)
			goto cleanup;
	}
	if (crypto_pwhash(key, 32, pass, plen, salt, ops, (size_t)mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		goto cleanup;
	ret = 0;

cleanup:
	sodium_memzero(pass, sizeof(pass));
	return (ret);
}

/* The file key sealed to a backup public key (writing: a fresh one),
 * or opened with its secret key (reading). */
static int
file_key_pubkey(struct cb_admin *ctx, FILE *fp, int writing,
    const char *keyfile, unsigned char *key)
{
	unsigned char	 sealed[crypto_box_SEALBYTES + 32];
	unsigned char	 kp[crypto_box_PUBLICKEYBYTES +
			    crypto_box_SECRETKEYBYTES];
	int		 ret;

	ret = -1;
	if (writing) {
		if (read_hex_file(ctx, keyfile, kp,
		    crypto_box_PUBLICKEYBYTES) == -1)
			goto cleanup;
		crypto_secretstream_xchacha20poly1305_keygen(key);
		if (crypto_box_seal(sealed, key, 32, kp) != 0 ||
		    fwrite(sealed, 1, sizeof(sealed), fp) != sizeof(sealed))
			goto cleanup;
	} else {
		if (read_hex_file(ctx, keyfile, kp, sizeof(kp)) == -1)
			goto cleanup;
		if (fread(sealed, 1, sizeof(sealed), fp) != sizeof(sealed) ||
		    crypto_box_seal_open(key, sealed, sizeof(sealed), kp,
		    kp + crypto_box_PUBLICKEYBYTES) != 0)
			goto cleanup;
	}
	ret = 0;

cleanup:
	sodium_memzero(kp, sizeof(kp));
	return (ret);
}

static int
read_hex_file(struct cb_admin *ctx, const char *path, unsigned char *out,
    size_t len)
{
	char	 buf[512];
	size_t	 n, blen;
	FILE	*fp;
	int	 ret;

	ret = -1;
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", ctx->progname, path,
		    strerror(errno));
		return (-1);
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	(void)fclose(fp);
	if (sodium_hex2bin(out, len, buf, n, "\n", &blen, NULL) == 0 &&
	    blen == len)
		ret = 0;
	else
		fprintf(stderr, "%s: %s is not a backup key\n", ctx->progname,
		    path);
	sodium_memzero(buf, sizeof(buf));
	return (ret);
}

/*
 * pg_dump or pg_restore as a child, connected as the backup role (the
 * migrator, which owns the schema through casebook_owner); *fd is its
 * stdout (dump) or stdin (restore). The password goes to the child in
 * its environment only, never on a command line.
 */
static pid_t
spawn(struct cb_admin *ctx, const struct cb_config *cfg, const char *what,
    int restore, int *fd)
{
	char	 conn[CB_CONFIG_VALUE_MAX * 3 + 64], pw[256], bin[256];
	char	*argv[16];
	int	 p[2], n;
	pid_t	 pid;
	FILE	*fp;

	if ((fp = fopen(cfg->backup_db_password_file, "r")) == NULL ||
	    fgets(pw, sizeof(pw), fp) == NULL) {
		fprintf(stderr, "%s: cannot read %s\n", ctx->progname,
		    cfg->backup_db_password_file);
		if (fp != NULL)
			(void)fclose(fp);
		return (-1);
	}
	(void)fclose(fp);
	pw[strcspn(pw, "\n")] = '\0';
	(void)snprintf(conn, sizeof(conn), "host=%s dbname=%s user=%s",
	    cfg->db_socket, cfg->db_name, cfg->backup_db_user);
	(void)snprintf(bin, sizeof(bin), "%s/%s", PGBIN, what);
	n = 0;
	argv[n++] = bin;
	if (restore) {
		argv[n++] = "--exit-on-error";
		argv[n++] = "--single-transaction";
		argv[n++] = "--role=casebook_owner";
		argv[n++] = "-d";
		argv[n++] = conn;
	} else {
		argv[n++] = "--format=custom";
		argv[n++] = "--no-password";
		argv[n++] = "-d";
		argv[n++] = conn;
	}
	argv[n] = NULL;

	if (pipe(p) == -1)
		return (-1);
	if ((pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		(void)dup2(restore ? p[0] : p[1], restore ? 0 : 1);
		(void)close(p[0]);
		(void)close(p[1]);
		(void)setenv("PGPASSWORD", pw, 1);
		execv(bin, argv);
		_exit(127);
	}
	sodium_memzero(pw, sizeof(pw));
	(void)close(restore ? p[0] : p[1]);
	*fd = restore ? p[1] : p[0];
	return (pid);
}

static int
reap(struct cb_admin *ctx, pid_t pid, const char *what)
{
	int	status;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return (-1);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return (0);
	fprintf(stderr, "%s: %s failed\n", ctx->progname, what);
	return (-1);
}

int
cb_admin_backup(struct cb_admin *ctx, int argc, char **argv)
{
	struct cb_config	 cfg;
	struct sink		 s;
	unsigned char		 key[32], hdr[24], master[32], buf[CHUNK];
	char			 man[256];
	const char		*out, *recipient;
	ssize_t			 n;
	size_t			 r;
	FILE			*cp;
	pid_t			 pid;
	int			 ret, fd, mode;

	if ((ret = opts(ctx, argc, argv, usage_backup, &out, &recipient,
	    NULL)) != 0)
		return (ret == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	memset(&s, 0, sizeof(s));
	ret = CB_ADMIN_ERROR;
	pid = -1;
	fd = -1;
	if (cb_admin_config(ctx, &cfg) == -1)
		goto cleanup;
	/* 0600 from the start: never readable by anyone else. */
	if ((fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    (s.fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", ctx->progname, out,
		    strerror(errno));
		goto cleanup;
	}
	fd = -1;
	mode = recipient != NULL ? MODE_PUBKEY : MODE_PASS;
	if (fwrite(MAGIC, 1, MAGIC_LEN, s.fp) != MAGIC_LEN ||
	    fputc(mode, s.fp) == EOF)
		goto cleanup;
	if ((mode == MODE_PASS ? file_key_pass(ctx, s.fp, 1, key) :
	    file_key_pubkey(ctx, s.fp, 1, recipient, key)) == -1) {
		fprintf(stderr, "%s: cannot make the backup key\n",
		    ctx->progname);
		goto cleanup;
	}
	crypto_secretstream_xchacha20poly1305_init_push(&s.st, hdr, key);
	if (fwrite(hdr, 1, sizeof(hdr), s.fp) != sizeof(hdr))
		goto cleanup;

	(void)snprintf(man, sizeof(man), "casebook backup 1\ncreated %lld\n",
	    (long long)time(NULL));
	if (cb_vault_keyfile_load(cfg.key_file, master) == -1) {
		fprintf(stderr, "%s: cannot read the master key\n",
		    ctx->progname);
		goto cleanup;
	}
	if (put(&s, T_MANIFEST, man, strlen(man), 0) == -1 ||
	    put(&s, T_MASTER, master, sizeof(master), 0) == -1)
		goto cleanup;
	if (cfg.audit_checkpoints[0] != '\0' &&
	    (cp = fopen(cfg.audit_checkpoints, "r")) != NULL) {
		while ((r = fread(buf, 1, sizeof(buf), cp)) > 0) {
			if (put(&s, T_CHECKPOINTS, buf, r, 0) == -1) {
				(void)fclose(cp);
				goto cleanup;
			}
		}
		(void)fclose(cp);
	}

	if ((pid = spawn(ctx, &cfg, "pg_dump", 0, &fd)) == -1)
		goto cleanup;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (put(&s, T_DUMP, buf, (size_t)n, 0) == -1)
			goto cleanup;
	}
	(void)close(fd);
	fd = -1;
	if (n == -1 || reap(ctx, pid, "pg_dump") == -1) {
		pid = -1;
		goto cleanup;
	}
	pid = -1;
	if (put(&s, T_END, NULL, 0, 1) == -1 || fflush(s.fp) != 0 ||
	    fsync(fileno(s.fp)) == -1)
		goto cleanup;
	ret = CB_ADMIN_OK;

cleanup:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(master, sizeof(master));
	sodium_memzero(buf, sizeof(buf));
	sodium_memzero(&s.st, sizeof(s.st));
	if (fd != -1)
		(void)close(fd);
	if (pid != -1) {
		(void)kill(pid, SIGTERM);
		(void)reap(ctx, pid, "pg_dump");
	}
	if (s.fp != NULL)
		(void)fclose(s.fp);
	/* Half a backup is worse than none: it looks like one. */
	if (ret != CB_ADMIN_OK && out != NULL && s.fp != NULL)
		(void)unlink(out);
	return (ret);
}

/* Writes data to path (0400 for the key, 0600 otherwise), atomically. */
static int
write_file(const char *path, const unsigned char *data, size_t len,
    int mode)
{
	char	tmp[4096];
	int	fd, ok;

	if (snprintf(tmp, sizeof(tmp), "%s.restore", path) >= (int)sizeof(tmp))
		return (-1);
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		return (-1);
	ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || chmod(tmp, mode) == -1 || rename(tmp, path) == -1) {
		(void)unlink(tmp);
		return (-1);
	}
	return (0);
}

int
cb_admin_restore(struct cb_admin *ctx, int argc, char **argv)
{
	crypto_secretstream_xchacha20poly1305_state st;
	struct cb_config	 cfg;
	unsigned char		 key[32], hdr[24], lenb[4], tag;
	unsigned char		*ct, *pt, *cps;
	char			 magic[MAGIC_LEN];
	const char		*in, *identity;
	unsigned long long	 plen;
	size_t			 clen, ncps;
	FILE			*fp;
	pid_t			 pid;
	int			 ret, fd, mode, have_master, done, c;
	struct stat		 sb;

	if ((ret = opts(ctx, argc, argv, usage_restore, &in, &identity,
	    NULL)) != 0)
		return (ret == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	ret = CB_ADMIN_ERROR;
	fp = NULL;
	pid = -1;
	fd = -1;
	have_master = done = 0;
	ncps = 0;
	ct = sodium_malloc(MSG_MAX);
	pt = sodium_malloc(MSG_MAX);
	cps = NULL;
	if (ct == NULL || pt == NULL || cb_admin_config(ctx, &cfg) == -1)
		goto cleanup;
	/* Never over a live installation's key. */
	if (stat(cfg.key_file, &sb) == 0) {
		fprintf(stderr, "%s: %s exists: restore into a new state "
		    "directory (scripts/db.sh restore)\n", ctx->progname,
		    cfg.key_file);
		goto cleanup;
	}
	if ((fp = fopen(in, "r")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", ctx->progname, in,
		    strerror(errno));
		goto cleanup;
	}
	if (fread(magic, 1, MAGIC_LEN, fp) != MAGIC_LEN ||
	    memcmp(magic, MAGIC, MAGIC_LEN) != 0 ||
	    (c = fgetc(fp)) == EOF) {
		fprintf(stderr, "%s: %s is not a casebook backup\n",
		    ctx->progname, in);
		goto cleanup;
	}
	mode = c;
	if ((mode == MODE_PASS ? file_key_pass(ctx, fp, 0, key) :
	    mode == MODE_PUBKEY && identity != NULL ?
	    file_key_pubkey(ctx, fp, 0, identity, key) : -1) == -1 ||
	    fread(hdr, 1, sizeof(hdr), fp) != sizeof(hdr) ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st, hdr,
	    key) != 0) {
		fprintf(stderr, "%s: wrong passphrase or key, or not a "
		    "backup\n", ctx->progname);
		goto cleanup;
	}
	if ((pid = spawn(ctx, &cfg, "pg_restore", 1, &fd)) == -1)
		goto cleanup;

	while (!done) {
		if (fread(lenb, 1, 4, fp) != 4)
			break;
		clen = ((size_t)lenb[0] << 24) | ((size_t)lenb[1] << 16) |
		    ((size_t)lenb[2] << 8) | lenb[3];
		if (clen < 1 + crypto_secretstream_xchacha20poly1305_ABYTES ||
		    clen > MSG_MAX || fread(ct, 1, clen, fp) != clen ||
		    crypto_secretstream_xchacha20poly1305_pull(&st, pt, &plen,
		    &tag, ct, clen, NULL, 0) != 0 || plen < 1)
			break;
		switch (pt[0]) {
		case T_MANIFEST:
			break;
		case T_MASTER:
			if (plen != 33 || write_file(cfg.key_file, pt + 1, 32,
			    0400) == -1)
				goto refused;
			have_master = 1;
			break;
		case T_CHECKPOINTS:
			cps = realloc(cps, ncps + plen - 1);
			if (cps == NULL)
				goto refused;
			memcpy(cps + ncps, pt + 1, plen - 1);
			ncps += plen - 1;
			break;
		case T_DUMP:
			if (write(fd, pt + 1, plen - 1) != (ssize_t)(plen - 1))
				goto refused;
			break;
		case T_END:
			done = tag ==
			    crypto_secretstream_xchacha20poly1305_TAG_FINAL;
			break;
		default:
			goto refused;
		}
	}
	/* A stream cut before its end is refused, even if what came
	 * before was genuine. */
	if (!done || !have_master || fgetc(fp) != EOF)
		goto refused;
	(void)close(fd);
	fd = -1;
	if (reap(ctx, pid, "pg_restore") == -1) {
		pid = -1;
		goto refused;
	}
	pid = -1;
	if (cfg.audit_checkpoints[0] != '\0' && write_file(
	    cfg.audit_checkpoints, cps != NULL ? cps : (unsigned char *)"",
	    ncps, 0600) == -1)
		goto refused;
	ret = CB_ADMIN_OK;
	goto cleanup;

refused:
	fprintf(stderr, "%s: the backup is damaged or incomplete; nothing "
	    "usable was restored\n", ctx->progname);
	if (have_master)
		(void)unlink(cfg.key_file);

cleanup:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	if (fd != -1)
		(void)close(fd);
	if (pid != -1) {
		(void)kill(pid, SIGTERM);
		(void)reap(ctx, pid, "pg_restore");
	}
	if (fp != NULL)
		(void)fclose(fp);
	sodium_free(ct);
	sodium_free(pt);
	free(cps);
	return (ret);
}

int
cb_admin_backup_keypair(struct cb_admin *ctx, int argc, char **argv)
{
	unsigned char	 pk[crypto_box_PUBLICKEYBYTES];
	unsigned char	 sk[crypto_box_SECRETKEYBYTES];
	char		 path[4096], hex[2 * (sizeof(pk) + sizeof(sk)) + 2];
	const char	*prefix, *unused;
	int		 ret;

	if ((ret = opts(ctx, argc, argv, usage_keypair, &prefix, &unused,
	    NULL)) != 0)
		return (ret == 1 ? CB_ADMIN_OK : CB_ADMIN_USAGE);
	ret = CB_ADMIN_ERROR;
	crypto_box_keypair(pk, sk);
	/* The secret file holds both halves, the public one its own. */
	sodium_bin2hex(hex, sizeof(hex), pk, sizeof(pk));
	sodium_bin2hex(hex + 2 * sizeof(pk), sizeof(hex) - 2 * sizeof(pk),
	    sk, sizeof(sk));
	(void)strcat(hex, "\n");
	(void)snprintf(path, sizeof(path), "%s.key", prefix);
	if (write_file(path, (unsigned char *)hex, strlen(hex), 0400) == -1)
		goto cleanup;
	sodium_bin2hex(hex, sizeof(hex), pk, sizeof(pk));
	(void)strcat(hex, "\n");
	(void)snprintf(path, sizeof(path), "%s.pub", prefix);
	if (write_file(path, (unsigned char *)hex, strlen(hex), 0644) == -1)
		goto cleanup;
	ret = CB_ADMIN_OK;

cleanup:
	if (ret != CB_ADMIN_OK)
		fprintf(stderr, "%s: cannot write %s\n", ctx->progname, path);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(hex, sizeof(hex));
	return (ret);
}
