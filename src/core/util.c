/*
 * util: error-code mapping (the one place enum cb_err becomes an HTTP
 * status), role names, UUIDs and hex encoding.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include "core/casebook.h"

static const struct {
	enum cb_err	 err;
	int		 status;
	const char	*code;
} errmap[] = {
	{ CB_OK,		200, "ok" },
	{ CB_INVALID,		422, "invalid" },
	{ CB_BAD_REQUEST,	400, "invalid" },
	{ CB_UNAUTHORIZED,	401, "unauthorized" },
	{ CB_FORBIDDEN,		403, "forbidden" },
	{ CB_NOT_FOUND,		404, "not_found" },
	{ CB_METHOD,		405, "method_not_allowed" },
	{ CB_CONFLICT,		409, "conflict" },
	{ CB_TOO_LARGE,		413, "too_large" },
	{ CB_MEDIA_TYPE,	415, "unsupported_media_type" },
	{ CB_GUARD,		422, "guard" },
	{ CB_TOO_MANY,		429, "too_many_requests" },
	{ CB_UNAVAILABLE,	503, "unavailable" },
	{ CB_INTERNAL,		500, "internal" },
};

static const struct {
	enum cb_role	 role;
	const char	*name;
} roles[] = {
	{ CB_ROLE_CASEWORKER,	"caseworker" },
	{ CB_ROLE_SUPERVISOR,	"supervisor" },
	{ CB_ROLE_PARTNER,	"partner" },
	{ CB_ROLE_AUDITOR,	"auditor" },
	{ CB_ROLE_ADMIN,	"admin" },
};

int
cb_err_status(enum cb_err err)
{
	size_t		i;

	for (i = 0; i < sizeof(errmap) / sizeof(errmap[0]); i++) {
		if (errmap[i].err == err)
			return (errmap[i].status);
	}
	return (500);
}

const char *
cb_err_code(enum cb_err err)
{
	size_t		i;

	for (i = 0; i < sizeof(errmap) / sizeof(errmap[0]); i++) {
		if (errmap[i].err == err)
			return (errmap[i].code);
	}
	return ("internal");
}

enum cb_role
cb_role_parse(const char *name)
{
	size_t		i;

	if (name == NULL)
		return (CB_ROLE_NONE);
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(roles[i].name, name) == 0)
			return (roles[i].role);
	}
	return (CB_ROLE_NONE);
}

const char *
cb_role_name(enum cb_role role)
{
	size_t		i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (roles[i].role == role)
			return (roles[i].name);
	}
	return ("none");
}

int
cb_uuid_valid(const char *s)
{
	size_t		i;

	if (s == NULL || strlen(s) != CB_UUID_LEN)
		return (0);
	for (i = 0; i < CB_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return (0);
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f'))) {
			return (0);
		}
	}
	return (1);
}

/* Random (version 4) so that an id never carries identity. */
void
cb_uuid_new(char out[CB_UUID_SIZE])
{
	unsigned char	b[16];
	char		hex[33];

	randombytes_buf(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	sodium_bin2hex(hex, sizeof(hex), b, sizeof(b));
	memcpy(out, hex, 8);
	out[8] = '-';
	memcpy(out + 9, hex + 8, 4);
	out[13] = '-';
	memcpy(out + 14, hex + 12, 4);
	out[18] = '-';
	memcpy(out + 19, hex + 16, 4);
	out[23] = '-';
	memcpy(out + 24, hex + 20, 12);
	out[36] = '\0';
}

void
cb_hex(const unsigned char *b, size_t len, char *out, size_t outlen)
{
	sodium_bin2hex(out, outlen, b, len);
}

/* BSD strlcpy/strlcat: glibc 2.36 has neither. */
size_t
cb_strlcpy(char *dst, const char *src, size_t size)
{
	size_t	len;

	len = strlen(src);
	if (size > 0) {
		if (len >= size) {
			memcpy(dst, src, size - 1);
			dst[size - 1] = '\0';
		} else {
			memcpy(dst, src, len + 1);
		}
	}
	return (len);
}

size_t
cb_strlcat(char *dst, const char *src, size_t size)
{
	size_t	dlen;

	dlen = strnlen(dst, size);
	if (dlen == size)
		return (dlen + strlen(src));
	return (dlen + cb_strlcpy(dst + dlen, src, size - dlen));
}
