/*
 * vault: every cryptographic operation of casebook, on libsodium only.
 * The key hierarchy and the sealed layout are described in vault.h.
 * Key material lives only in sodium_malloc'ed memory (guard pages,
 * locked, read-only once derived) or on the stack long enough to be
 * used and wiped; none of it is ever logged.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include <kore/kore.h>

#include "text/text.h"
#include "vault/vault.h"

#define KDF_CONTEXT	"casebook"
#define KDF_ID_KEK	1
#define KDF_ID_BIDX	2
#define KDF_ID_SESSION	3
#define KDF_ID_CSRF	4

/* Associated data is built on the stack; longer input is a bug. */
#define AD_MAX		256

#define TOKEN_BYTES	32
#define TOKEN_LEN	43
#define CSRF_LEN	(crypto_auth_BYTES * 2)

#if CB_VAULT_KEY_LEN != crypto_kdf_KEYBYTES || \
    CB_VAULT_KEY_LEN != crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#error "CB_VAULT_KEY_LEN does not match libsodium"
#endif
#if CB_VAULT_NONCE_LEN != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || \
    CB_VAULT_TAG_LEN != crypto_aead_xchacha20poly1305_ietf_ABYTES
#error "CB_VAULT_NONCE_LEN or CB_VAULT_TAG_LEN does not match libsodium"
#endif
#if CB_VAULT_PWHASH_SIZE != crypto_pwhash_STRBYTES
#error "CB_VAULT_PWHASH_SIZE does not match crypto_pwhash_STRBYTES"
#endif
#if crypto_auth_KEYBYTES != CB_VAULT_KEY_LEN || crypto_auth_BYTES != 32
#error "crypto_auth sizes changed"
#endif

struct cb_vault {
	unsigned char	kek[CB_VAULT_KEY_LEN];
	unsigned char	bidx[CB_VAULT_KEY_LEN];
	unsigned char	session[CB_VAULT_KEY_LEN];
	unsigned char	csrf[CB_VAULT_KEY_LEN];
	uint32_t	version;
};

static int	ad_part_ok(const char *);
static int	field_ad(char *, size_t, const char *, const char *,
		    const char *, uint32_t);
static int	wrap_ad(char *, size_t, const char *, uint32_t);
static int	read_key(int, unsigned char *);
static int	sync_parent(const char *);
static int	b64url_char(char);

int
cb_vault_open(struct cb_vault **vp, const char *path, uint32_t version)
{
	struct stat	st;
	unsigned char	*key;
	int		fd, ret;

	key = NULL;
	fd = -1;
	ret = -1;

	if (vp == NULL || path == NULL)
		goto cleanup;
	*vp = NULL;

	if (sodium_init() < 0)
		goto cleanup;

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

	if ((key = sodium_malloc(CB_VAULT_KEY_LEN)) == NULL)
		goto cleanup;
	if (read_key(fd, key) == -1)
		goto cleanup;

	ret = cb_vault_open_mem(vp, key, version);

cleanup:
	if (key != NULL) {
		sodium_memzero(key, CB_VAULT_KEY_LEN);
		sodium_free(key);
	}
	if (fd != -1)
		(void)close(fd);

	return (ret);
}

int
cb_vault_open_mem(struct cb_vault **vp, const unsigned char *key,
    uint32_t version)
{
	struct cb_vault		*v;
	int			 ret;

	v = NULL;
	ret = -1;

	if (vp == NULL)
		return (-1);
	*vp = NULL;

	if (key == NULL || sodium_init() < 0)
		goto cleanup;
	if ((v = sodium_malloc(sizeof(*v))) == NULL)
		goto cleanup;

	if (crypto_kdf_derive_from_key(v->kek, sizeof(v->kek), KDF_ID_KEK,
	    KDF_CONTEXT, key) != 0 ||
	    crypto_kdf_derive_from_key(v->bidx, sizeof(v->bidx), KDF_ID_BIDX,
	    KDF_CONTEXT, key) != 0 ||
	    crypto_kdf_derive_from_key(v->session, sizeof(v->session),
	    KDF_ID_SESSION, KDF_CONTEXT, key) != 0 ||
	    crypto_kdf_derive_from_key(v->csrf, sizeof(v->csrf), KDF_ID_CSRF,
	    KDF_CONTEXT, key) != 0)
		goto cleanup;
	v->version = version;

	/*
	 * A stray write through a bad pointer then faults instead of
	 * silently changing a key.
	 */
	if (sodium_mprotect_readonly(v) != 0)
		goto cleanup;

	*vp = v;
	v = NULL;
	ret = 0;

cleanup:
	if (v != NULL) {
		sodium_memzero(v, sizeof(*v));
		sodium_free(v);
	}

	return (ret);
}

void
cb_vault_close(struct cb_vault *v)
{
	if (v == NULL)
		return;
	(void)sodium_mprotect_readwrite(v);
	sodium_memzero(v, sizeof(*v));
	sodium_free(v);
}

uint32_t
cb_vault_version(const struct cb_vault *v)
{
	if (v == NULL)
		return (0);
	return (v->version);
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
	    S_IRUSR | S_IWUSR);
	if (fd == -1) {
		/* Never overwrite a key: that would lose every record. */
		if (errno == EEXIST)
			ret = 0;
		goto cleanup;
	}
	created = 1;

	/* The umask may have narrowed the mode; open needs owner read. */
	if (fchmod(fd, S_IRUSR | S_IWUSR) == -1)
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

int
cb_vault_dk_new(struct cb_vault *v, const char *owner_id,
    unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned char wrapped[CB_VAULT_WRAPPED_LEN])
{
	unsigned long long	clen;
	char			ad[AD_MAX];
	int			adlen;

	if (v == NULL || dk == NULL || wrapped == NULL)
		return (-1);
	if ((adlen = wrap_ad(ad, sizeof(ad), owner_id, v->version)) == -1)
		return (-1);

	randombytes_buf(dk, CB_VAULT_KEY_LEN);
	randombytes_buf(wrapped, CB_VAULT_NONCE_LEN);

	if (crypto_aead_xchacha20poly1305_ietf_encrypt(
	    wrapped + CB_VAULT_NONCE_LEN, &clen, dk, CB_VAULT_KEY_LEN,
	    (const unsigned char *)ad, (unsigned long long)adlen, NULL,
	    wrapped, v->kek) != 0 ||
	    clen != CB_VAULT_KEY_LEN + CB_VAULT_TAG_LEN) {
		sodium_memzero(dk, CB_VAULT_KEY_LEN);
		sodium_memzero(wrapped, CB_VAULT_WRAPPED_LEN);
		return (-1);
	}

	return (0);
}

int
cb_vault_dk_unwrap(struct cb_vault *v, const char *owner_id,
    uint32_t version, const unsigned char *wrapped, size_t wlen,
    unsigned char dk[CB_VAULT_KEY_LEN])
{
	unsigned long long	mlen;
	char			ad[AD_MAX];
	int			adlen, ret;

	ret = -1;

	if (dk == NULL)
		return (-1);
	if (v == NULL || wrapped == NULL || wlen != CB_VAULT_WRAPPED_LEN)
		goto cleanup;
	if ((adlen = wrap_ad(ad, sizeof(ad), owner_id, version)) == -1)
		goto cleanup;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt(dk, &mlen, NULL,
	    wrapped + CB_VAULT_NONCE_LEN, wlen - CB_VAULT_NONCE_LEN,
	    (const unsigned char *)ad, (unsigned long long)adlen,
	    wrapped, v->kek) != 0 || mlen != CB_VAULT_KEY_LEN)
		goto cleanup;

	ret = 0;

cleanup:
	if (ret == -1)
		sodium_memzero(dk, CB_VAULT_KEY_LEN);

	return (ret);
}

int
cb_vault_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
    const char *table, const char *column, const char *record_id,
    uint32_t version, const void *pt, size_t ptlen,
    unsigned char *out)
{
	static const unsigned char	 empty[1];
	unsigned long long		 clen;
	char				 ad[AD_MAX];
	int				 adlen;

	if (dk == NULL || out == NULL || (pt == NULL && ptlen != 0))
		return (-1);
	if (ptlen > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX ||
	    ptlen > SIZE_MAX - CB_VAULT_OVERHEAD)
		return (-1);
	adlen = field_ad(ad, sizeof(ad), table, column, record_id, version);
	if (adlen == -1)
		return (-1);
	if (pt == NULL)
		pt = empty;

	randombytes_buf(out, CB_VAULT_NONCE_LEN);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + CB_VAULT_NONCE_LEN,
	    &clen, pt, ptlen, (const unsigned char *)ad,
	    (unsigned long long)adlen, NULL, out, dk) != 0) {
		sodium_memzero(out, ptlen + CB_VAULT_OVERHEAD);
		return (-1);
	}

	return (0);
}

int
cb_vault_unseal(const unsigned char dk[CB_VAULT_KEY_LEN],
    const char *table, const char *column, const char *record_id,
    uint32_t version, const unsigned char *ct, size_t clen,
    char *out, size_t *outlen)
{
	unsigned long long	mlen;
	char			ad[AD_MAX];
	int			adlen, ret;

	ret = -1;

	if (outlen != NULL)
		*outlen = 0;
	/* Too short to hold a tag: out's size is unknown, leave it be. */
	if (dk == NULL || ct == NULL || out == NULL ||
	    clen < CB_VAULT_OVERHEAD)
		return (-1);

	adlen = field_ad(ad, sizeof(ad), table, column, record_id, version);
	if (adlen == -1)
		goto cleanup;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out,
	    &mlen, NULL, ct + CB_VAULT_NONCE_LEN, clen - CB_VAULT_NONCE_LEN,
	    (const unsigned char *)ad, (unsigned long long)adlen, ct, dk) != 0)
		goto cleanup;

	out[mlen] = '\0';
	if (outlen != NULL)
		*outlen = (size_t)mlen;
	ret = 0;

cleanup:
	if (ret == -1)
		sodium_memzero(out, clen - CB_VAULT_OVERHEAD + 1);

	return (ret);
}

int
cb_vault_bidx(struct cb_vault *v, const char *purpose,
    const char *value, size_t len,
    unsigned char out[CB_VAULT_BIDX_LEN])
{
	crypto_generichash_state	 st;
	char				*norm;
	size_t				 nlen;
	int				 ret;

	norm = NULL;
	nlen = 0;
	ret = -1;

	if (out == NULL)
		return (-1);
	sodium_memzero(out, CB_VAULT_BIDX_LEN);
	if (v == NULL || purpose == NULL || purpose[0] == '\0' ||
	    value == NULL)
		return (-1);

	if ((norm = cb_norm_text(value, len, &nlen)) == NULL)
		return (-1);

	/* The purpose's NUL keeps "doc" + "x" apart from "docx" + "". */
	if (crypto_generichash_init(&st, v->bidx, sizeof(v->bidx),
	    CB_VAULT_BIDX_LEN) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)norm,
	    nlen) != 0 ||
	    crypto_generichash_final(&st, out, CB_VAULT_BIDX_LEN) != 0) {
		sodium_memzero(out, CB_VAULT_BIDX_LEN);
		goto cleanup;
	}

	ret = 0;

cleanup:
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(norm, nlen);
	kore_free(norm);

	return (ret);
}

void
cb_vault_token_new(char out[44])
{
	unsigned char	b[TOKEN_BYTES];

	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(out, TOKEN_LEN + 1, b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof(b));
}

int
cb_vault_token_hash(struct cb_vault *v, const char *token,
    unsigned char out[32])
{
	unsigned char	 b[TOKEN_BYTES];
	const char	*end;
	size_t		 blen, i;
	int		 ret;

	ret = -1;

	if (out == NULL)
		return (-1);
	sodium_memzero(out, 32);
	if (v == NULL || token == NULL || strnlen(token, TOKEN_LEN + 1) !=
	    TOKEN_LEN)
		return (-1);

	/* libsodium 1.0.18's decoder takes bytes >= 0x80 as letters. */
	for (i = 0; i < TOKEN_LEN; i++) {
		if (!b64url_char(token[i]))
			return (-1);
	}

	/*
	 * Decoding refuses a non-canonical final character, so each
	 * token has exactly one spelling.
	 */
	if (sodium_base642bin(b, sizeof(b), token, TOKEN_LEN, NULL, &blen,
	    &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    blen != TOKEN_BYTES || end != token + TOKEN_LEN)
		goto cleanup;

	if (crypto_generichash(out, 32, (const unsigned char *)token,
	    TOKEN_LEN, v->session, sizeof(v->session)) != 0) {
		sodium_memzero(out, 32);
		goto cleanup;
	}

	ret = 0;

cleanup:
	sodium_memzero(b, sizeof(b));

	return (ret);
}

void
cb_vault_csrf(struct cb_vault *v, const unsigned char sess[32],
    char out[65])
{
	unsigned char	mac[crypto_auth_BYTES];

	if (out == NULL)
		return;
	out[0] = '\0';
	if (v == NULL || sess == NULL)
		return;

	crypto_auth(mac, sess, 32, v->csrf);
	sodium_bin2hex(out, CSRF_LEN + 1, mac, sizeof(mac));
	sodium_memzero(mac, sizeof(mac));
}

int
cb_vault_csrf_check(struct cb_vault *v, const unsigned char sess[32],
    const char *token)
{
	char	want[CSRF_LEN + 1];
	int	ok;

	if (v == NULL || sess == NULL || token == NULL)
		return (0);
	if (strnlen(token, CSRF_LEN + 1) != CSRF_LEN)
		return (0);

	cb_vault_csrf(v, sess, want);
	ok = sodium_memcmp(want, token, CSRF_LEN) == 0;
	sodium_memzero(want, sizeof(want));

	return (ok);
}

int
cb_vault_pw_hash(const char *pw, size_t len, char out[CB_VAULT_PWHASH_SIZE])
{
	if (pw == NULL || out == NULL)
		return (-1);
	if (crypto_pwhash_str_alg(out, pw, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(out, CB_VAULT_PWHASH_SIZE);
		return (-1);
	}

	return (0);
}

int
cb_vault_pw_verify(const char *hash, const char *pw, size_t len,
    int *rehash)
{
	if (rehash != NULL)
		*rehash = 0;
	if (hash == NULL || pw == NULL)
		return (-1);
	/* Stored hashes come from the database: insist on a terminator. */
	if (strnlen(hash, CB_VAULT_PWHASH_SIZE) == CB_VAULT_PWHASH_SIZE)
		return (-1);

	if (crypto_pwhash_str_verify(hash, pw, len) != 0)
		return (-1);

	if (rehash != NULL && crypto_pwhash_str_needs_rehash(hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		*rehash = 1;

	return (0);
}

int
cb_vault_equal(const void *a, const void *b, size_t len)
{
	return (sodium_memcmp(a, b, len) == 0);
}

/*
 * '|' separates the parts of associated data: refusing it inside a
 * part keeps "a|b" + "c" from meaning the same as "a" + "b|c".
 */
static int
ad_part_ok(const char *s)
{
	return (s != NULL && s[0] != '\0' && strchr(s, '|') == NULL);
}

static int
field_ad(char *buf, size_t size, const char *table, const char *column,
    const char *record_id, uint32_t version)
{
	int	len;

	if (!ad_part_ok(table) || !ad_part_ok(column) ||
	    !ad_part_ok(record_id))
		return (-1);

	len = snprintf(buf, size, "%s|%s|%s|%" PRIu32, table, column,
	    record_id, version);
	if (len < 0 || (size_t)len >= size)
		return (-1);

	return (len);
}

static int
wrap_ad(char *buf, size_t size, const char *owner_id, uint32_t version)
{
	int	len;

	if (!ad_part_ok(owner_id))
		return (-1);

	len = snprintf(buf, size, "data_key|%s|%" PRIu32, owner_id, version);
	if (len < 0 || (size_t)len >= size)
		return (-1);

	return (len);
}

/* Reads exactly CB_VAULT_KEY_LEN bytes and insists on end of file. */
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

/*
 * Losing the master key loses every record: flush the directory entry
 * too, so a crash right after creation cannot drop the new name.
 */
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

static int
b64url_char(char c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_');
}

/*
 * A keyed digest of a request, to tell a replayed Idempotency-Key from
 * a reused one without storing anything a dictionary could reverse.
 * Generic hashing (BLAKE2b) under the CSRF key is a separate
 * construction from the HMAC used for CSRF tokens.
 */
void
cb_vault_mac(struct cb_vault *v, const void *data, size_t len,
    unsigned char out[32])
{
	crypto_generichash_state	st;

	crypto_generichash_init(&st, v->csrf, sizeof(v->csrf), 32);
	crypto_generichash_update(&st, (const unsigned char *)"request", 8);
	crypto_generichash_update(&st, data, len);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
}
