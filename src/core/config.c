/*
 * config: parses the casebook configuration file. Strict on purpose:
 * an unknown key or a malformed line is an error, not a silent default.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/config.h"

#define CONFIG_FILE_MAX		8192

static int	set_value(struct cb_config *, const char *, const char *);
static int	read_small(const char *, char *, size_t);
static int	conn_quote(char *, size_t, const char *, const char *);

int
cb_config_parse(const char *text, struct cb_config *cfg, int *line)
{
	const char	*p, *eol;
	char		 buf[CB_CONFIG_VALUE_MAX * 2], *eq, *k, *v, *end;
	size_t		 len;
	int		 n;

	memset(cfg, 0, sizeof(*cfg));
	cfg->key_version = 1;
	cfg->login_addr_limit = CB_CONFIG_ADDR_LIMIT;
	cfg->stats_k = CB_CONFIG_STATS_K;
	*line = 0;
	n = 0;

	for (p = text; *p != '\0'; p = (*eol == '\0') ? eol : eol + 1) {
		n++;
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		len = eol - p;
		if (len >= sizeof(buf)) {
			*line = n;
			return (-1);
		}
		memcpy(buf, p, len);
		buf[len] = '\0';

		k = buf;
		while (isspace((unsigned char)*k))
			k++;
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			*line = n;
			return (-1);
		}
		*eq = '\0';
		v = eq + 1;
		for (end = eq; end > k && isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		while (isspace((unsigned char)*v))
			v++;
		for (end = v + strlen(v);
		    end > v && isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		if (set_value(cfg, k, v) == -1) {
			*line = n;
			return (-1);
		}
	}

	if (cfg->db_socket[0] == '\0' || cfg->db_name[0] == '\0' ||
	    cfg->db_user[0] == '\0' || cfg->key_file[0] == '\0')
		return (-1);

	return (0);
}

int
cb_config_load(const char *path, struct cb_config *cfg, int *line)
{
	char	text[CONFIG_FILE_MAX];

	*line = 0;
	if (read_small(path, text, sizeof(text)) == -1)
		return (-1);
	return (cb_config_parse(text, cfg, line));
}

int
cb_config_connstr(const struct cb_config *cfg, enum cb_db_role role,
    char *out, size_t len)
{
	const char	*user, *pwfile;
	char		 pw[256];
	size_t		 n;
	int		 ret;

	ret = -1;
	out[0] = '\0';
	pw[0] = '\0';

	user = cfg->db_user;
	pwfile = cfg->db_password_file;
	if (role == CB_DB_ADMIN) {
		user = cfg->admin_db_user;
		pwfile = cfg->admin_db_password_file;
	}
	if (user[0] == '\0')
		goto cleanup;
	if (pwfile[0] != '\0') {
		if (read_small(pwfile, pw, sizeof(pw)) == -1)
			goto cleanup;
		n = strcspn(pw, "\r\n");
		pw[n] = '\0';
	}

	/* A string cut short would still be a valid, different one. */
	if (conn_quote(out, len, "host", cfg->db_socket) == -1 ||
	    conn_quote(out, len, "dbname", cfg->db_name) == -1 ||
	    conn_quote(out, len, "user", user) == -1 ||
	    (pw[0] != '\0' && conn_quote(out, len, "password", pw) == -1) ||
	    conn_quote(out, len, "application_name", "casebook") == -1)
		goto cleanup;
	ret = 0;

cleanup:
	sodium_memzero(pw, sizeof(pw));
	if (ret == -1)
		sodium_memzero(out, len);
	return (ret);
}

static int
set_value(struct cb_config *cfg, const char *k, const char *v)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "db_socket", offsetof(struct cb_config, db_socket) },
		{ "db_name", offsetof(struct cb_config, db_name) },
		{ "db_user", offsetof(struct cb_config, db_user) },
		{ "db_password_file",
		    offsetof(struct cb_config, db_password_file) },
		{ "key_file", offsetof(struct cb_config, key_file) },
		{ "admin_db_user", offsetof(struct cb_config, admin_db_user) },
		{ "admin_db_password_file",
		    offsetof(struct cb_config, admin_db_password_file) },
		{ "audit_checkpoints",
		    offsetof(struct cb_config, audit_checkpoints) },
		{ "backup_db_user", offsetof(struct cb_config, backup_db_user) },
		{ "backup_db_password_file",
		    offsetof(struct cb_config, backup_db_password_file) },
		{ "trusted_proxy", offsetof(struct cb_config, trusted_proxy) },
	};
	size_t		 i;
	char		*end;
	unsigned long	 ver;

	if (strcmp(k, "key_version") == 0) {
		errno = 0;
		ver = strtoul(v, &end, 10);
		if (errno != 0 || *end != '\0' || ver == 0 || ver > 65535)
			return (-1);
		cfg->key_version = (uint32_t)ver;
		return (0);
	}
	if (strcmp(k, "login_addr_limit") == 0) {
		errno = 0;
		ver = strtoul(v, &end, 10);
		if (errno != 0 || *end != '\0' || ver < 5 || ver > 100000)
			return (-1);
		cfg->login_addr_limit = (int)ver;
		return (0);
	}
	/* Below 11 small groups would show: refused, so the server does
	 * not start with it. */
	if (strcmp(k, "stats_k") == 0) {
		errno = 0;
		ver = strtoul(v, &end, 10);
		if (errno != 0 || *end != '\0' || ver < CB_CONFIG_STATS_K ||
		    ver > CB_CONFIG_STATS_K_MAX)
			return (-1);
		cfg->stats_k = (int)ver;
		return (0);
	}

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].key, k) != 0)
			continue;
		if (strlen(v) >= CB_CONFIG_VALUE_MAX || *v == '\0')
			return (-1);
		memcpy((char *)cfg + keys[i].off, v, strlen(v) + 1);
		return (0);
	}

	return (-1);
}

static int
read_small(const char *path, char *buf, size_t len)
{
	int		fd, ret;
	ssize_t		r;
	size_t		off;

	ret = -1;
	off = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return (-1);

	for (;;) {
		if (off + 1 >= len)
			goto cleanup;
		r = read(fd, buf + off, len - off - 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto cleanup;
		}
		if (r == 0)
			break;
		off += (size_t)r;
	}
	buf[off] = '\0';
	ret = 0;

cleanup:
	close(fd);
	return (ret);
}

/* Appends keyword='value' with backslash escaping of ' and \; -1 (and
 * out unchanged) when it does not fit. */
static int
conn_quote(char *out, size_t len, const char *key, const char *val)
{
	size_t		o, need;
	const char	*p;

	o = strlen(out);
	need = (o ? 1 : 0) + strlen(key) + 3;	/* [ ]key='' */
	for (p = val; *p != '\0'; p++)
		need += (*p == '\'' || *p == '\\') ? 2 : 1;
	if (o + need + 1 > len)
		return (-1);
	o += snprintf(out + o, len - o, "%s%s='", o ? " " : "", key);
	for (p = val; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '\'';
	out[o] = '\0';
	return (0);
}
