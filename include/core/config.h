/*
 * config: the key = value file written by scripts/db.sh and read by
 * both the server (in the parent, before workers start) and the CLI.
 */
#ifndef CB_CONFIG_H
#define CB_CONFIG_H

#include <stdint.h>

#define CB_CONFIG_VALUE_MAX	512
/* Failed logins per client address and window, unless configured. */
#define CB_CONFIG_ADDR_LIMIT	30
/* The least count statistics publish (domain.md 5: k = 11, as the CTDC);
 * configurable upward only. */
#define CB_CONFIG_STATS_K	11
#define CB_CONFIG_STATS_K_MAX	1000

/* Which database role a connection string is for: the web's, or the
 * command line's (users, organisations, keys). */
enum cb_db_role {
	CB_DB_APP,
	CB_DB_ADMIN
};

struct cb_config {
	char		db_socket[CB_CONFIG_VALUE_MAX];
	char		db_name[CB_CONFIG_VALUE_MAX];
	char		db_user[CB_CONFIG_VALUE_MAX];
	char		db_password_file[CB_CONFIG_VALUE_MAX];
	char		key_file[CB_CONFIG_VALUE_MAX];
	uint32_t	key_version;
	char		admin_db_user[CB_CONFIG_VALUE_MAX];
	char		admin_db_password_file[CB_CONFIG_VALUE_MAX];
	/* Backups and restores: the migrator, whose role owns the
	 * schema (casebook-admin backup, restore). */
	char		backup_db_user[CB_CONFIG_VALUE_MAX];
	char		backup_db_password_file[CB_CONFIG_VALUE_MAX];
	/* Signed audit checkpoints, outside the database. */
	char		audit_checkpoints[CB_CONFIG_VALUE_MAX];
	/* The one address whose X-Forwarded-For is believed (a TLS proxy
	 * in front); empty: the socket address is the client. */
	char		trusted_proxy[CB_CONFIG_VALUE_MAX];
	int		login_addr_limit;
	int		stats_k;
};

/* 0 on success; on failure *line holds the offending line (0 when the
 * file could not be read or a required key is missing). */
int	cb_config_parse(const char *text, struct cb_config *, int *line);
int	cb_config_load(const char *path, struct cb_config *, int *line);
/* A libpq connection string with the password read from its file;
 * returns -1 on error. The buffer holds a secret: wipe it after use. */
int	cb_config_connstr(const struct cb_config *, enum cb_db_role, char *,
	    size_t);

#endif
