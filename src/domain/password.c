/*
 * password: the password policy (see domain/password.h). Length is
 * counted in code points; the username rule compares NFKC case-folded
 * text, so "CaseWorker" or its full-width form still count; the
 * dictionary rule asks cracklib. cracklib's own explanation is never
 * passed on: it would sit in logs next to whatever else is printed,
 * and the rule's key says enough.
 * Every copy of the password made here is wiped before it is freed.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <crack.h>
#include <kore/kore.h>
#include <sodium.h>

#include "core/casebook.h"
#include "domain/password.h"
#include "text/text.h"

/*
 * cracklib strips at most a few characters around a word before its
 * lookup, so "password12345" passes where "password1" does not. The
 * word left when digits and punctuation are cut from both ends is
 * looked up too, if at least this long (shorter remains are no word).
 */
#define CORE_MIN	4

static int	has_username(const char *, const char *, size_t);
static void	reverse_utf8(const char *, size_t, char *);
static int	is_trim(unsigned char);
static int	dictionary(const char *, size_t, const char **);
static int	dict_readable(const char *);
static void	wipe_free(char *, size_t);

static void
wipe_free(char *p, size_t len)
{
	if (p == NULL)
		return;
	sodium_memzero(p, len);
	kore_free(p);
}

/* Code point by code point, so the result is UTF-8 again. */
static void
reverse_utf8(const char *s, size_t len, char *out)
{
	size_t	i, n;

	for (i = 0; i < len; i += n) {
		n = 1;
		while (i + n < len &&
		    ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n++;
		memcpy(out + len - i - n, s + i, n);
	}
}

/* 1 when the folded password contains the folded username or is the
 * username reversed. Text that does not fold (nothing left once
 * trimmed) cannot contain a username. */
static int
has_username(const char *username, const char *pw, size_t len)
{
	char	*fpw, *fuser, *rev;
	size_t	 fpwlen, fuserlen;
	int	 ret;

	ret = 0;
	rev = NULL;
	fpwlen = fuserlen = 0;
	fpw = cb_norm_text(pw, len, &fpwlen);
	fuser = cb_norm_text(username, strlen(username), &fuserlen);
	if (fpw == NULL || fuser == NULL)
		goto cleanup;

	if (memmem(fpw, fpwlen, fuser, fuserlen) != NULL) {
		ret = 1;
		goto cleanup;
	}
	rev = kore_malloc(fuserlen);
	reverse_utf8(fuser, fuserlen, rev);
	if (fpwlen == fuserlen && memcmp(fpw, rev, fpwlen) == 0)
		ret = 1;

cleanup:
	wipe_free(fpw, fpwlen);
	wipe_free(fuser, fuserlen);
	wipe_free(rev, fuserlen);
	return (ret);
}

/* ASCII digits, punctuation and space: what people put around a
 * word to get past a rule. Bytes of other scripts are kept. */
static int
is_trim(unsigned char c)
{
	if (c >= 0x80)
		return (0);
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return (0);
	return (1);
}

/* FascistCheck() reports a dictionary it cannot open as one more
 * refusal message; telling that from a weak password by its text
 * would break under translation, so look for the files first. */
static int
dict_readable(const char *prefix)
{
	static const char *const	 ext[] = { ".pwd", ".pwi" };
	char				 path[4096];
	size_t				 i;
	int				 n;

	for (i = 0; i < NITEMS(ext); i++) {
		n = snprintf(path, sizeof(path), "%s%s", prefix, ext[i]);
		if (n < 0 || (size_t)n >= sizeof(path))
			return (0);
		if (access(path, R_OK) == -1)
			return (0);
	}
	return (1);
}

/* 0 accepted, -1 refused with *key set. pw is NUL-terminated. */
static int
dictionary(const char *pw, size_t len, const char **key)
{
	const char	*dict;
	char		 core[CB_PASSWORD_MAX + 1];
	size_t		 start, end;
	int		 ret;

	ret = -1;
	dict = GetDefaultCracklibDict();
	if (dict == NULL || !dict_readable(dict)) {
		*key = "err.password_unchecked";
		goto cleanup;
	}
	*key = "err.password_dictionary";
	if (FascistCheck(pw, dict) != NULL)
		goto cleanup;

	for (start = 0; start < len && is_trim(pw[start]); start++)
		;
	for (end = len; end > start && is_trim(pw[end - 1]); end--)
		;
	if ((start > 0 || end < len) && end - start >= CORE_MIN) {
		memcpy(core, pw + start, end - start);
		core[end - start] = '\0';
		if (FascistCheck(core, dict) != NULL)
			goto cleanup;
	}
	*key = NULL;
	ret = 0;

cleanup:
	sodium_memzero(core, sizeof(core));
	return (ret);
}

int
cb_password_check(const char *username, const char *pw, size_t len,
    const char **errkey)
{
	const char	*key;
	char		 buf[CB_PASSWORD_MAX + 1];
	int		 ret;

	ret = -1;
	key = "err.password_short";

	if (pw == NULL || len == 0)
		goto cleanup;
	if (len > CB_PASSWORD_MAX) {
		key = "err.password_long";
		goto cleanup;
	}
	/* Tab and line breaks too: no login form can take them. */
	if (!cb_utf8_valid(pw, len) || cb_utf8_has_controls(pw, len) ||
	    memchr(pw, '\t', len) != NULL || memchr(pw, '\n', len) != NULL ||
	    memchr(pw, '\r', len) != NULL) {
		key = "err.password_chars";
		goto cleanup;
	}
	if (cb_utf8_count(pw, len) < CB_PASSWORD_MIN)
		goto cleanup;
	if (username != NULL && *username != '\0' &&
	    has_username(username, pw, len)) {
		key = "err.password_username";
		goto cleanup;
	}

	/* cracklib wants a C string; pw need not be one. */
	memcpy(buf, pw, len);
	buf[len] = '\0';
	if (dictionary(buf, len, &key) == -1)
		goto cleanup;

	key = NULL;
	ret = 0;

cleanup:
	sodium_memzero(buf, sizeof(buf));
	if (errkey != NULL)
		*errkey = key;
	return (ret);
}
