/*
 * casebook: limits, roles and error codes shared by every layer.
 * Error codes map to HTTP status in exactly one place (cb_err_status).
 */
#ifndef CASEBOOK_H
#define CASEBOOK_H

#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

#ifndef NITEMS
#define NITEMS(a)		(sizeof(a) / sizeof((a)[0]))
#endif

#define CB_UUID_LEN		36
#define CB_UUID_SIZE		(CB_UUID_LEN + 1)
#define CB_HASH_LEN		32
#define CB_HEX_HASH_SIZE	(CB_HASH_LEN * 2 + 1)
#define CB_TOKEN_BYTES		32
/* base64url without padding of CB_TOKEN_BYTES, plus NUL */
#define CB_TOKEN_SIZE		44
#define CB_BODY_MAX		(64 * 1024)
#define CB_JSON_DEPTH_MAX	16
#define CB_JSON_NODES_MAX	512
#define CB_USERNAME_MAX		64
#define CB_PASSWORD_MAX		256
#define CB_OFFICE_MAX		64
#define CB_LIST_LIMIT_MAX	100
#define CB_LIST_LIMIT_DEFAULT	50

#define CB_SESSION_IDLE_SEC	(30 * 60)
#define CB_SESSION_ABS_SEC	(12 * 60 * 60)
#define CB_LOGIN_FAIL_MAX	5
#define CB_LOGIN_LOCK_SEC	(15 * 60)

enum cb_err {
	CB_OK = 0,
	CB_INVALID,		/* 422: a field is wrong */
	CB_BAD_REQUEST,		/* 400: body unparseable */
	CB_UNAUTHORIZED,	/* 401 */
	CB_FORBIDDEN,		/* 403 */
	CB_NOT_FOUND,		/* 404, also for records the caller may not see */
	CB_METHOD,		/* 405 */
	CB_CONFLICT,		/* 409 */
	CB_TOO_LARGE,		/* 413 */
	CB_MEDIA_TYPE,		/* 415 */
	CB_GUARD,		/* 422: a flow guard is not met */
	CB_TOO_MANY,		/* 429 */
	CB_UNAVAILABLE,		/* 503 */
	CB_INTERNAL		/* 500: never for bad input */
};

enum cb_role {
	CB_ROLE_NONE = 0,
	CB_ROLE_CASEWORKER = 1 << 0,
	CB_ROLE_SUPERVISOR = 1 << 1,
	CB_ROLE_PARTNER = 1 << 2,
	CB_ROLE_AUDITOR = 1 << 3,
	CB_ROLE_ADMIN = 1 << 4
};

/* Hashes of the session tokens a request presented: a cookie can come
 * more than once (one may be planted), the first valid one wins. */
#define CB_TOKENS_MAX		4
struct cb_tokens {
	unsigned char	h[CB_TOKENS_MAX * CB_HASH_LEN];
	size_t		len;		/* bytes used, a multiple of 32 */
};

/* The authenticated caller, as loaded with its session. */
struct cb_actor {
	char		user_id[CB_UUID_SIZE];
	char		username[CB_USERNAME_MAX + 1];
	enum cb_role	role;
	char		office[CB_OFFICE_MAX + 1];
	char		org_id[CB_UUID_SIZE];	/* partners only, else "" */
	/* The hash of the token that identified it (CSRF binds to it). */
	unsigned char	token[CB_HASH_LEN];
};

int		 cb_err_status(enum cb_err);
const char	*cb_err_code(enum cb_err);
enum cb_role	 cb_role_parse(const char *);
const char	*cb_role_name(enum cb_role);
int		 cb_uuid_valid(const char *);
void		 cb_uuid_new(char out[CB_UUID_SIZE]);
void		 cb_hex(const unsigned char *, size_t, char *, size_t);
size_t		 cb_strlcpy(char *, const char *, size_t);
size_t		 cb_strlcat(char *, const char *, size_t);

#endif
