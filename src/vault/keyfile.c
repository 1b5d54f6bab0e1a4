/*
 * keyfile: the master key on disk. It is created once, 32 random bytes
 * readable by its owner only, and never overwritten: losing it loses
 * every record, by design.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "vault/vault.h"
#include "keys.h"

static int	read_key(int, unsigned char *);
static int	sync_parent(const char *);

int
cb_vault_keyfile_read(const char *path, unsigned char *key)
{
	struct stat	st;
	int		fd, ret;

	ret = -1;
	/*
	 * O_NOFOLLOW refuses a symlink and fstat checks the file actually
	 * opened, so nothing can be swapped in between the check and the
	 * read; O_NONBLOCK keeps a FIFO planted there from hanging us.
	 */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		goto cleanup;
	if (fstat(fd, &st) == -1)
		goto cleanup;
	if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		goto cleanup;
	if (st.st_size != CB_VAULT_KEY_LEN)
		goto cleanup;
	ret = read_key(fd, key);

cleanup:
	if (fd != -1)
		(void)close(fd);
	if (ret == -1)
		sodium_memzero(key, CB_VAULT_KEY_LEN);
	return (ret);
}

int
cb_vault_keyfile_create(const char *path)
{
	unsigned char	*key;
	size_t		 off;
	ssize_t		 n;
	int		 fd, ret, created;

	key = NULL;
	fd = -1;
	ret = -1;
	created = 0;

	if (path == NULL || sodium_init() < 0)
		goto cleanup;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    S_IRUSR);
	if (fd == -1) {
		/* Never overwrite a key: that would lose every record. */
		if (errno == EEXIST)
			ret = 0;
		goto cleanup;
	}
	created = 1;

	/* The umask may have narrowed the mode; open needs owner read. */
	if (fchmod(fd, S_IRUSR) == -1)
		goto cleanup;

	if ((key = sodium_malloc(CB_VAULT_KEY_LEN)) == NULL)
		goto cleanup;
	randombytes_buf(key, CB_VAULT_KEY_LEN);

	off = 0;
	while (off < CB_VAULT_KEY_LEN) {
		n = write(fd, key + off, CB_VAULT_KEY_LEN - off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto cleanup;
		}
		off += (size_t)n;
	}

	if (fsync(fd) == -1 || sync_parent(path) == -1)
		goto cleanup;

	ret = 0;

cleanup:
	if (key != NULL) {
		sodium_memzero(key, CB_VAULT_KEY_LEN);
		sodium_free(key);
	}
	if (fd != -1)
		(void)close(fd);
	/* A short key file must not pass for a key on the next run. */
	if (ret == -1 && created)
		(void)unlink(path);

	return (ret);
}

static int
read_key(int fd, unsigned char *key)
{
	size_t		off;
	ssize_t		n;
	unsigned char	extra;

	off = 0;
	while (off < CB_VAULT_KEY_LEN) {
		n = read(fd, key + off, CB_VAULT_KEY_LEN - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (-1);
		off += (size_t)n;
	}

	for (;;) {
		n = read(fd, &extra, 1);
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
	if (n != 0) {
		sodium_memzero(&extra, sizeof(extra));
		return (-1);
	}

	return (0);
}

static int
sync_parent(const char *path)
{
	const char	*slash;
	char		 dir[PATH_MAX];
	size_t		 len;
	int		 fd, ret;

	if ((slash = strrchr(path, '/')) == NULL) {
		len = 1;
		dir[0] = '.';
	} else {
		len = (slash == path) ? 1 : (size_t)(slash - path);
		if (len >= sizeof(dir))
			return (-1);
		memcpy(dir, path, len);
	}
	dir[len] = '\0';

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (-1);
	ret = fsync(fd);
	(void)close(fd);

	return (ret == -1 ? -1 : 0);
}

int
cb_vault_keyfile_load(const char *path, unsigned char key[CB_VAULT_KEY_LEN])
{
	return (cb_vault_keyfile_read(path, key));
}
