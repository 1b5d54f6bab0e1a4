/*
 * Unit tests for the vault. Known answers were computed outside
 * libsodium (Python hashlib: BLAKE2b with salt and personal for
 * crypto_kdf, keyed BLAKE2b, HMAC-SHA-512 truncated to 256 bits) from
 * the master key 00 01 .. 1f, so they pin the key hierarchy and the
 * exact bytes hashed: a change there would orphan every stored blind
 * index, session and wrapped key. The rest are round trips and
 * tampering checks that must fail closed.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "vault/vault.h"

#define KAT_KEK \
	"c190fd08b861684868bdba5e4ea496dd87dfc8d759d0e5775575cac8ee8a8194"
/* keyed BLAKE2b-256 of "doc\0ab123" under subkey 2 */
#define KAT_BIDX_DOC \
	"a5423316b8ca78dbc7837792ff02f54354ce923da524143413a9a0a192097b11"
/* keyed BLAKE2b-256 of "name\0ahmed karimi" under subkey 2 */
#define KAT_BIDX_NAME \
	"86c894ba6cc5919c7243098d6ba573a2790c5623c7810f28f714d5932177bc10"
/* base64url of 00 01 .. 1f, and its keyed hash under subkey 3 */
#define KAT_TOKEN	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
#define KAT_TOKEN_HASH \
	"1bcbcb18784e2c0ccfaeda3a64c64005fde3830fa902bb281546ff8f23aaf07b"
/* HMAC-SHA-512-256 of 32 bytes a5 under subkey 4 */
#define KAT_CSRF \
	"a88991388774c02650c9f6c6f3970cb2ecc1a7a8dc3476d33310071b1f1411e0"

/* KEK version 2: subkey 2 (context "cbkekver") of subkey 8. */
#define KAT_KEK2 \
	"15d240e418813ad3629e70611f4b88fd1ac031af702132deab5d9daea66080d3"
/* keyed BLAKE2b-256 of "request\0person.given_name=Ам\n", subkey 5 */
#define KAT_IDEM \
	"75a1287469a2c3de556e7dfce0dc98cc7589de036ecaa7e6b4ab9a6020b09bfb"
/* Subkey 6 (audit chain MAC) and 7 (checkpoint signing seed). */
#define KAT_AUDIT \
	"534f90e74ff1892caab96255052910226317903ae5842f71386d4b5611dd1a95"
#define KAT_SEED \
	"e6e304d367783e5ccdff5612a96be906acb4011a9aafb8d7bdf65a0bee5c4d60"

#define REC_ID		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f"
#define REC_ID2		"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e70"
#define ARABIC		"أحمد كريمي"
#define CYRILLIC	"Иван Петров, ул. Ленина 5"

struct fixture {
	struct cb_vault	*v;
	struct cb_vault	*other;
	unsigned char	 dk[CB_VAULT_KEY_LEN];
};

static void	kat_key(unsigned char *);
static void	unhex(const char *, unsigned char *, size_t);
static int	all_zero(const void *, size_t);
static int	setup(void **);
static int	teardown(void **);
static int	try_unseal(const unsigned char *, const char *, const char *,
		    const char *, uint32_t, const unsigned char *, size_t);
static void	write_file(const char *, const void *, size_t, mode_t);

static void
kat_key(unsigned char *key)
{
	size_t	i;

	for (i = 0; i < CB_VAULT_KEY_LEN; i++)
		key[i] = (unsigned char)i;
}

static void
unhex(const char *hex, unsigned char *out, size_t len)
{
	size_t	blen;

	assert_int_equal(sodium_hex2bin(out, len, hex, strlen(hex), NULL,
	    &blen, NULL), 0);
	assert_int_equal(blen, len);
}

static int
all_zero(const void *p, size_t len)
{
	return (sodium_is_zero(p, len));
}

static int
setup(void **state)
{
	struct fixture	*f;
	unsigned char	 key[CB_VAULT_KEY_LEN];

	if (sodium_init() < 0)
		return (-1);
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return (-1);

	kat_key(key);
	if (cb_vault_open_mem(&f->v, key, 1) != 0)
		return (-1);
	key[0] ^= 0x01;
	if (cb_vault_open_mem(&f->other, key, 1) != 0)
		return (-1);
	sodium_memzero(key, sizeof(key));
	randombytes_buf(f->dk, sizeof(f->dk));

	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	cb_vault_close(f->v);
	cb_vault_close(f->other);
	free(f);
	return (0);
}

/* Unseals into a scratch buffer; checks it is wiped on failure. */
static int
try_unseal(const unsigned char *dk, const char *table, const char *column,
    const char *record_id, uint32_t version, const unsigned char *ct,
    size_t clen)
{
	char	*out;
	size_t	 olen, size;
	int	 ret;

	size = clen - CB_VAULT_OVERHEAD + 1;
	out = malloc(size);
	assert_non_null(out);
	memset(out, 'x', size);
	olen = 99;
	ret = cb_vault_unseal(dk, table, column, record_id, version, ct,
	    clen, out, &olen);
	if (ret != 0) {
		assert_int_equal(ret, -1);
		assert_true(all_zero(out, size));
		assert_int_equal(olen, 0);
	}
	free(out);
	return (ret);
}

static void
write_file(const char *path, const void *buf, size_t len, mode_t mode)
{
	int	fd;

	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	assert_true(fd != -1);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void
test_open_mem(void **state)
{
	struct cb_vault	*v;
	unsigned char	 key[CB_VAULT_KEY_LEN];

	kat_key(key);
	assert_int_equal(cb_vault_open_mem(&v, key, 7), 0);
	assert_int_equal(cb_vault_version(v), 7);
	cb_vault_close(v);

	v = (struct cb_vault *)key;
	assert_int_equal(cb_vault_open_mem(&v, NULL, 1), -1);
	assert_null(v);
	assert_int_equal(cb_vault_open_mem(NULL, key, 1), -1);
	cb_vault_close(NULL);
}

/* Subkey 2 as computed outside libsodium, over the documented bytes. */
static void
test_bidx_kat(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 got[CB_VAULT_BIDX_LEN], want[CB_VAULT_BIDX_LEN];
	const char	*s;

	unhex(KAT_BIDX_DOC, want, sizeof(want));
	s = " AB123";
	assert_int_equal(cb_vault_bidx(f->v, "doc", s, strlen(s), got), 0);
	assert_memory_equal(got, want, sizeof(want));

	/* Full-width digits typed on another keyboard find the same. */
	s = "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93";
	assert_int_equal(cb_vault_bidx(f->v, "doc", s, strlen(s), got), 0);
	assert_memory_equal(got, want, sizeof(want));

	unhex(KAT_BIDX_NAME, want, sizeof(want));
	s = "  Ahmed  KARIMI ";
	assert_int_equal(cb_vault_bidx(f->v, "name", s, strlen(s), got), 0);
	assert_memory_equal(got, want, sizeof(want));
}

static void
test_bidx_matching(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 a[CB_VAULT_BIDX_LEN], b[CB_VAULT_BIDX_LEN];
	const char	*x, *y;

	x = "  Ahmed  KARIMI ";
	y = "ahmed karimi";
	assert_int_equal(cb_vault_bidx(f->v, "name", x, strlen(x), a), 0);
	assert_int_equal(cb_vault_bidx(f->v, "name", y, strlen(y), b), 0);
	assert_memory_equal(a, b, sizeof(a));

	x = "Jos\xc3\xa9";				/* U+00E9 */
	y = "Jose\xcc\x81";				/* e + U+0301 */
	assert_int_equal(cb_vault_bidx(f->v, "name", x, strlen(x), a), 0);
	assert_int_equal(cb_vault_bidx(f->v, "name", y, strlen(y), b), 0);
	assert_memory_equal(a, b, sizeof(a));

	x = "ИВАН ПЕТРОВ";
	y = "иван петров";
	assert_int_equal(cb_vault_bidx(f->v, "name", x, strlen(x), a), 0);
	assert_int_equal(cb_vault_bidx(f->v, "name", y, strlen(y), b), 0);
	assert_memory_equal(a, b, sizeof(a));

	y = "иван петрова";
	assert_int_equal(cb_vault_bidx(f->v, "name", y, strlen(y), b), 0);
	assert_memory_not_equal(a, b, sizeof(a));

	x = ARABIC;
	assert_int_equal(cb_vault_bidx(f->v, "name", x, strlen(x), a), 0);
	assert_int_equal(cb_vault_bidx(f->v, "name", x, strlen(x), b), 0);
	assert_memory_equal(a, b, sizeof(a));
}

static void
test_bidx_domains(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 a[CB_VAULT_BIDX_LEN], b[CB_VAULT_BIDX_LEN];

	assert_int_equal(cb_vault_bidx(f->v, "doc", "AB123", 5, a), 0);
	assert_int_equal(cb_vault_bidx(f->v, "name_dob", "AB123", 5, b), 0);
	assert_memory_not_equal(a, b, sizeof(a));

	/* The purpose and the value cannot trade bytes. */
	assert_int_equal(cb_vault_bidx(f->v, "a", "bc", 2, a), 0);
	assert_int_equal(cb_vault_bidx(f->v, "ab", "c", 1, b), 0);
	assert_memory_not_equal(a, b, sizeof(a));

	/*
	 * Another master key, another index: a leaked table from one
	 * deployment does not match another's.
	 */
	assert_int_equal(cb_vault_bidx(f->v, "doc", "AB123", 5, a), 0);
	assert_int_equal(cb_vault_bidx(f->other, "doc", "AB123", 5, b), 0);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void
test_bidx_rejects(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 a[CB_VAULT_BIDX_LEN];

	memset(a, 0xff, sizeof(a));
	assert_int_equal(cb_vault_bidx(f->v, "doc", "\xc0\xaf", 2, a), -1);
	assert_true(all_zero(a, sizeof(a)));
	assert_int_equal(cb_vault_bidx(f->v, "doc", "ab\xed\xa0\x80", 5, a),
	    -1);
	assert_int_equal(cb_vault_bidx(f->v, "doc", "\x80", 1, a), -1);
	assert_int_equal(cb_vault_bidx(f->v, "doc", "", 0, a), -1);
	assert_int_equal(cb_vault_bidx(f->v, "doc", "  \t ", 4, a), -1);
	assert_int_equal(cb_vault_bidx(f->v, "doc", NULL, 0, a), -1);
	assert_int_equal(cb_vault_bidx(f->v, "", "AB123", 5, a), -1);
	assert_int_equal(cb_vault_bidx(f->v, NULL, "AB123", 5, a), -1);
	assert_int_equal(cb_vault_bidx(NULL, "doc", "AB123", 5, a), -1);
	assert_true(all_zero(a, sizeof(a)));
}

/*
 * The wrapped layout and AD, checked with the raw primitive and the
 * KEK computed outside libsodium.
 */
static void
test_dk_kat(void **state)
{
	struct fixture		*f = *state;
	unsigned char		 kek[CB_VAULT_KEY_LEN], dk[CB_VAULT_KEY_LEN];
	unsigned char		 got[CB_VAULT_KEY_LEN];
	unsigned char		 wrapped[CB_VAULT_WRAPPED_LEN];
	unsigned long long	 clen;
	const char		*ad;
	size_t			 i;

	unhex(KAT_KEK, kek, sizeof(kek));
	for (i = 0; i < sizeof(dk); i++)
		dk[i] = (unsigned char)(0xd0 ^ i);
	for (i = 0; i < CB_VAULT_NONCE_LEN; i++)
		wrapped[i] = (unsigned char)(0x40 + i);
	ad = "data_key|" REC_ID "|1";
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_encrypt(
	    wrapped + CB_VAULT_NONCE_LEN, &clen, dk, sizeof(dk),
	    (const unsigned char *)ad, strlen(ad), NULL, wrapped, kek), 0);
	assert_int_equal(clen, CB_VAULT_KEY_LEN + CB_VAULT_TAG_LEN);

	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, wrapped,
	    sizeof(wrapped), got), 0);
	assert_memory_equal(got, dk, sizeof(dk));

	/* And the other way: what dk_new wraps opens with that KEK. */
	assert_int_equal(cb_vault_dk_new(f->v, REC_ID, dk, wrapped), 0);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(got,
	    NULL, NULL, wrapped + CB_VAULT_NONCE_LEN,
	    CB_VAULT_KEY_LEN + CB_VAULT_TAG_LEN, (const unsigned char *)ad,
	    strlen(ad), wrapped, kek), 0);
	assert_memory_equal(got, dk, sizeof(dk));
}

static void
test_dk_roundtrip(void **state)
{
	struct fixture	*f = *state;
	struct cb_vault	*v2;
	unsigned char	 key[CB_VAULT_KEY_LEN];
	unsigned char	 dk[CB_VAULT_KEY_LEN], dk2[CB_VAULT_KEY_LEN];
	unsigned char	 got[CB_VAULT_KEY_LEN];
	unsigned char	 w[CB_VAULT_WRAPPED_LEN], w2[CB_VAULT_WRAPPED_LEN];

	assert_int_equal(cb_vault_dk_new(f->v, REC_ID, dk, w), 0);
	assert_false(all_zero(dk, sizeof(dk)));
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w, sizeof(w),
	    got), 0);
	assert_memory_equal(got, dk, sizeof(dk));

	/* Fresh key and fresh nonce each time. */
	assert_int_equal(cb_vault_dk_new(f->v, REC_ID, dk2, w2), 0);
	assert_memory_not_equal(dk, dk2, sizeof(dk));
	assert_memory_not_equal(w, w2, CB_VAULT_NONCE_LEN);

	memset(got, 0xff, sizeof(got));
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID2, 1, w, sizeof(w),
	    got), -1);
	assert_true(all_zero(got, sizeof(got)));
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 2, w, sizeof(w),
	    got), -1);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 0, w, sizeof(w),
	    got), -1);
	assert_int_equal(cb_vault_dk_unwrap(f->other, REC_ID, 1, w,
	    sizeof(w), got), -1);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w,
	    sizeof(w) - 1, got), -1);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w2, sizeof(w2),
	    got), 0);
	assert_memory_equal(got, dk2, sizeof(dk2));

	/* Same master key opened as version 2: version is bound too. */
	kat_key(key);
	assert_int_equal(cb_vault_open_mem(&v2, key, 2), 0);
	assert_int_equal(cb_vault_dk_unwrap(v2, REC_ID, 2, w, sizeof(w),
	    got), -1);
	assert_int_equal(cb_vault_dk_new(v2, REC_ID, dk2, w2), 0);
	assert_int_equal(cb_vault_dk_unwrap(v2, REC_ID, 2, w2, sizeof(w2),
	    got), 0);
	assert_memory_equal(got, dk2, sizeof(dk2));
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w2, sizeof(w2),
	    got), -1);
	cb_vault_close(v2);

	w[CB_VAULT_WRAPPED_LEN - 1] ^= 0x01;
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w, sizeof(w),
	    got), -1);

	assert_int_equal(cb_vault_dk_new(f->v, "a|b", dk, w), -1);
	assert_int_equal(cb_vault_dk_new(f->v, "", dk, w), -1);
	assert_int_equal(cb_vault_dk_new(f->v, NULL, dk, w), -1);
}

static void
test_seal_roundtrip(void **state)
{
	static const char *pts[] = {
		"AB1234567",
		ARABIC,
		CYRILLIC,
		"x",
		"",
	};
	struct fixture	*f = *state;
	unsigned char	 ct[256];
	char		 out[256];
	size_t		 i, len, olen;

	for (i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		len = strlen(pts[i]);
		assert_int_equal(cb_vault_seal(f->dk, "person", "name", REC_ID,
		    1, pts[i], len, ct), 0);
		memset(out, 'x', sizeof(out));
		assert_int_equal(cb_vault_unseal(f->dk, "person", "name",
		    REC_ID, 1, ct, len + CB_VAULT_OVERHEAD, out, &olen), 0);
		assert_int_equal(olen, len);
		assert_string_equal(out, pts[i]);
	}

	/* Empty plaintext may come as NULL. */
	assert_int_equal(cb_vault_seal(f->dk, "person", "alias", REC_ID, 1,
	    NULL, 0, ct), 0);
	memset(out, 'x', sizeof(out));
	assert_int_equal(cb_vault_unseal(f->dk, "person", "alias", REC_ID, 1,
	    ct, CB_VAULT_OVERHEAD, out, NULL), 0);
	assert_int_equal(out[0], '\0');
	assert_int_equal(cb_vault_seal(f->dk, "person", "alias", REC_ID, 1,
	    NULL, 1, ct), -1);

	/* Binary plaintext with NULs survives intact. */
	assert_int_equal(cb_vault_seal(f->dk, "doc", "scan", REC_ID, 1,
	    "a\0b\0", 4, ct), 0);
	assert_int_equal(cb_vault_unseal(f->dk, "doc", "scan", REC_ID, 1,
	    ct, 4 + CB_VAULT_OVERHEAD, out, &olen), 0);
	assert_int_equal(olen, 4);
	assert_memory_equal(out, "a\0b\0", 5);
}

/* nonce || ct || tag with the documented AD, opened by the primitive. */
static void
test_seal_layout(void **state)
{
	struct fixture		*f = *state;
	unsigned char		 ct[64], ct2[64], pt[64];
	unsigned long long	 mlen;
	const char		*ad;

	ad = "person|name|" REC_ID "|3";
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", REC_ID, 3,
	    ARABIC, strlen(ARABIC), ct), 0);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(pt,
	    &mlen, NULL, ct + CB_VAULT_NONCE_LEN,
	    strlen(ARABIC) + CB_VAULT_TAG_LEN, (const unsigned char *)ad,
	    strlen(ad), ct, f->dk), 0);
	assert_int_equal(mlen, strlen(ARABIC));
	assert_memory_equal(pt, ARABIC, mlen);

	/* The same value sealed twice never repeats a nonce or bytes. */
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", REC_ID, 3,
	    ARABIC, strlen(ARABIC), ct2), 0);
	assert_memory_not_equal(ct, ct2, CB_VAULT_NONCE_LEN);
	assert_memory_not_equal(ct + CB_VAULT_NONCE_LEN,
	    ct2 + CB_VAULT_NONCE_LEN, strlen(ARABIC) + CB_VAULT_TAG_LEN);
}

/* A ciphertext built with the primitive and a fixed nonce opens. */
static void
test_unseal_kat(void **state)
{
	struct fixture		*f = *state;
	unsigned char		 ct[128];
	char			 out[128];
	unsigned long long	 clen;
	const char		*ad, *pt;
	size_t			 i, olen;

	ad = "case|narrative|" REC_ID "|4294967295";
	pt = CYRILLIC;
	for (i = 0; i < CB_VAULT_NONCE_LEN; i++)
		ct[i] = (unsigned char)i;
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_encrypt(
	    ct + CB_VAULT_NONCE_LEN, &clen, (const unsigned char *)pt,
	    strlen(pt), (const unsigned char *)ad, strlen(ad), NULL, ct,
	    f->dk), 0);
	assert_int_equal(cb_vault_unseal(f->dk, "case", "narrative", REC_ID,
	    UINT32_MAX, ct, CB_VAULT_NONCE_LEN + clen, out, &olen), 0);
	assert_int_equal(olen, strlen(pt));
	assert_string_equal(out, pt);
}

/*
 * Every single-bit change anywhere in nonce, ciphertext or tag fails
 * and leaves no plaintext behind.
 */
static void
test_seal_bitflip(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 ct[128];
	size_t		 i, clen;
	int		 bit;

	clen = strlen(ARABIC) + CB_VAULT_OVERHEAD;
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", REC_ID, 1,
	    ARABIC, strlen(ARABIC), ct), 0);
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, clen), 0);

	for (i = 0; i < clen; i++) {
		for (bit = 0; bit < 8; bit++) {
			ct[i] ^= (unsigned char)(1 << bit);
			assert_int_equal(try_unseal(f->dk, "person", "name",
			    REC_ID, 1, ct, clen), -1);
			ct[i] ^= (unsigned char)(1 << bit);
		}
	}
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, clen), 0);
}

static void
test_seal_moved(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 ct[128], dk2[CB_VAULT_KEY_LEN];
	size_t		 clen;

	clen = strlen(CYRILLIC) + CB_VAULT_OVERHEAD;
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", REC_ID, 1,
	    CYRILLIC, strlen(CYRILLIC), ct), 0);
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, clen), 0);

	/* another row, column, table, key version */
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID2, 1,
	    ct, clen), -1);
	assert_int_equal(try_unseal(f->dk, "person", "alias", REC_ID, 1,
	    ct, clen), -1);
	assert_int_equal(try_unseal(f->dk, "contact", "name", REC_ID, 1,
	    ct, clen), -1);
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 2,
	    ct, clen), -1);

	/* another data key */
	memcpy(dk2, f->dk, sizeof(dk2));
	dk2[31] ^= 0x80;
	assert_int_equal(try_unseal(dk2, "person", "name", REC_ID, 1,
	    ct, clen), -1);

	/* truncated or extended */
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, clen - 1), -1);
	ct[clen] = 0;
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, clen + 1), -1);
	assert_int_equal(try_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, CB_VAULT_OVERHEAD), -1);
	assert_int_equal(cb_vault_unseal(f->dk, "person", "name", REC_ID, 1,
	    ct, CB_VAULT_OVERHEAD - 1, (char *)dk2, NULL), -1);
}

static void
test_seal_ad_rejects(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 ct[64];
	char		 longid[300];

	memset(longid, 'a', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';

	/* '|' would let "a|b"+"c" pose as "a"+"b|c". */
	assert_int_equal(cb_vault_seal(f->dk, "person|name", "x", REC_ID, 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(f->dk, "person", "na|me", REC_ID, 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", "1|2", 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(f->dk, "person", "", REC_ID, 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(f->dk, NULL, "name", REC_ID, 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", NULL, 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(f->dk, "person", "name", longid, 1,
	    "v", 1, ct), -1);
	assert_int_equal(cb_vault_seal(NULL, "person", "name", REC_ID, 1,
	    "v", 1, ct), -1);

	assert_int_equal(cb_vault_seal(f->dk, "person", "name", REC_ID, 1,
	    "v", 1, ct), 0);
	assert_int_equal(try_unseal(f->dk, "person", "name", longid, 1,
	    ct, 1 + CB_VAULT_OVERHEAD), -1);
}

static void
test_keyfile(void **state)
{
	struct cb_vault	*v, *vm;
	struct stat	 st;
	unsigned char	 key[CB_VAULT_KEY_LEN], again[CB_VAULT_KEY_LEN];
	unsigned char	 a[CB_VAULT_BIDX_LEN], b[CB_VAULT_BIDX_LEN];
	char		 dir[] = "/tmp/cb_vault_test.XXXXXX";
	char		 path[128], link[128], other[128];
	mode_t		 old;
	int		 fd;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/master.key", dir);
	snprintf(link, sizeof(link), "%s/link.key", dir);
	snprintf(other, sizeof(other), "%s/other.key", dir);

	/* A tight umask must not leave a key the owner cannot read. */
	old = umask(0377);
	assert_int_equal(cb_vault_keyfile_create(path), 0);
	umask(old);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* Read-only even for its owner: nothing should ever rewrite it. */
	assert_int_equal(st.st_mode & 07777, 0400);
	assert_int_equal(st.st_size, CB_VAULT_KEY_LEN);

	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(read(fd, key, sizeof(key)), sizeof(key));
	close(fd);
	assert_false(all_zero(key, sizeof(key)));

	/* A second create must never replace the key. */
	assert_int_equal(cb_vault_keyfile_create(path), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(read(fd, again, sizeof(again)), sizeof(again));
	close(fd);
	assert_memory_equal(key, again, sizeof(key));

	/* The file and the same bytes in memory give the same keys. */
	assert_int_equal(cb_vault_open(&v, path, 3), 0);
	assert_int_equal(cb_vault_version(v), 3);
	assert_int_equal(cb_vault_open_mem(&vm, key, 3), 0);
	assert_int_equal(cb_vault_bidx(v, "doc", "X1", 2, a), 0);
	assert_int_equal(cb_vault_bidx(vm, "doc", "X1", 2, b), 0);
	assert_memory_equal(a, b, sizeof(a));
	cb_vault_close(v);
	cb_vault_close(vm);

	assert_int_equal(chmod(path, 0400), 0);
	assert_int_equal(cb_vault_open(&v, path, 1), 0);
	cb_vault_close(v);

	assert_int_equal(chmod(path, 0644), 0);
	v = (struct cb_vault *)key;
	assert_int_equal(cb_vault_open(&v, path, 1), -1);
	assert_null(v);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(cb_vault_open(&v, path, 1), -1);
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(cb_vault_open(&v, path, 1), -1);
	assert_int_equal(chmod(path, 0600), 0);

	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(cb_vault_open(&v, link, 1), -1);

	write_file(other, key, CB_VAULT_KEY_LEN - 1, 0600);
	assert_int_equal(cb_vault_open(&v, other, 1), -1);
	write_file(other, "0123456789abcdef0123456789abcdef!", 33, 0600);
	assert_int_equal(cb_vault_open(&v, other, 1), -1);
	write_file(other, key, 0, 0600);
	assert_int_equal(cb_vault_open(&v, other, 1), -1);
	write_file(other, key, CB_VAULT_KEY_LEN, 0600);
	assert_int_equal(cb_vault_open(&v, other, 1), 0);
	cb_vault_close(v);

	assert_int_equal(cb_vault_open(&v, dir, 1), -1);
	assert_int_equal(unlink(other), 0);
	assert_int_equal(cb_vault_open(&v, other, 1), -1);
	assert_int_equal(cb_vault_open(&v, NULL, 1), -1);

	/* No key is created through a dangling symlink. */
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(other, link), 0);
	(void)cb_vault_keyfile_create(link);
	assert_int_equal(lstat(other, &st), -1);
	assert_int_equal(cb_vault_open(&v, link, 1), -1);

	snprintf(other, sizeof(other), "%s/missing/dir.key", dir);
	assert_int_equal(cb_vault_keyfile_create(other), -1);

	sodium_memzero(key, sizeof(key));
	sodium_memzero(again, sizeof(again));
	assert_int_equal(unlink(link), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_token(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 h1[32], h2[32], want[32];
	char		 t1[44], t2[44], bad[64];
	size_t		 i;

	cb_vault_token_new(t1);
	cb_vault_token_new(t2);
	assert_int_equal(strlen(t1), 43);
	assert_int_equal(strlen(t2), 43);
	assert_string_not_equal(t1, t2);
	for (i = 0; i < 43; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_", t1[i]));

	assert_int_equal(cb_vault_token_hash(f->v, t1, h1), 0);
	assert_int_equal(cb_vault_token_hash(f->v, t1, h2), 0);
	assert_memory_equal(h1, h2, sizeof(h1));
	assert_int_equal(cb_vault_token_hash(f->v, t2, h2), 0);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	assert_int_equal(cb_vault_token_hash(f->other, t1, h2), 0);
	assert_memory_not_equal(h1, h2, sizeof(h1));

	unhex(KAT_TOKEN_HASH, want, sizeof(want));
	assert_int_equal(cb_vault_token_hash(f->v, KAT_TOKEN, h1), 0);
	assert_memory_equal(h1, want, sizeof(want));

	/* Malformed tokens never reach the hash. */
	memset(h1, 0xff, sizeof(h1));
	assert_int_equal(cb_vault_token_hash(f->v, "", h1), -1);
	assert_true(all_zero(h1, sizeof(h1)));
	snprintf(bad, sizeof(bad), "%.42s", t1);
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	snprintf(bad, sizeof(bad), "%sA", t1);
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	snprintf(bad, sizeof(bad), "%s", t1);
	bad[10] = '+';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	bad[10] = '/';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	bad[10] = '=';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	bad[10] = ' ';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	/* libsodium's own decoder would take this byte as a letter. */
	bad[10] = '\xc3';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	bad[10] = '\x80';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	/* The last character carries 4 bits; the other 2 must be 0. */
	memset(bad, 'A', 43);
	bad[43] = '\0';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), 0);
	bad[42] = 'B';
	assert_int_equal(cb_vault_token_hash(f->v, bad, h1), -1);
	assert_int_equal(cb_vault_token_hash(f->v, NULL, h1), -1);
	assert_int_equal(cb_vault_token_hash(NULL, t1, h1), -1);
}

static void
test_csrf(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 sess[32], sess2[32];
	char		 tok[65], bad[80];

	memset(sess, 0xa5, sizeof(sess));
	cb_vault_csrf(f->v, sess, tok);
	assert_string_equal(tok, KAT_CSRF);
	assert_int_equal(cb_vault_csrf_check(f->v, sess, tok), 1);

	memcpy(bad, tok, sizeof(tok));
	bad[0] = bad[0] == '0' ? '1' : '0';
	assert_int_equal(cb_vault_csrf_check(f->v, sess, bad), 0);
	memcpy(bad, tok, sizeof(tok));
	bad[63] = bad[63] == '0' ? '1' : '0';
	assert_int_equal(cb_vault_csrf_check(f->v, sess, bad), 0);

	/* Upper-case hex is not what we issue. */
	memcpy(bad, tok, sizeof(tok));
	bad[0] = 'A';
	assert_int_equal(cb_vault_csrf_check(f->v, sess, bad), 0);

	memcpy(bad, tok, sizeof(tok));
	bad[63] = '\0';
	assert_int_equal(cb_vault_csrf_check(f->v, sess, bad), 0);
	snprintf(bad, sizeof(bad), "%s0", tok);
	assert_int_equal(cb_vault_csrf_check(f->v, sess, bad), 0);
	assert_int_equal(cb_vault_csrf_check(f->v, sess, ""), 0);
	assert_int_equal(cb_vault_csrf_check(f->v, sess, NULL), 0);

	/* Bound to the session and to the deployment's key. */
	memcpy(sess2, sess, sizeof(sess));
	sess2[31] ^= 0x01;
	assert_int_equal(cb_vault_csrf_check(f->v, sess2, tok), 0);
	assert_int_equal(cb_vault_csrf_check(f->other, sess, tok), 0);
}

static void
test_password(void **state)
{
	char		 h[CB_VAULT_PWHASH_SIZE], weak[CB_VAULT_PWHASH_SIZE];
	const char	*pw;
	int		 rehash;

	pw = "correct horse батарея صحيح";
	assert_int_equal(cb_vault_pw_hash(pw, strlen(pw), h), 0);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);

	rehash = -1;
	assert_int_equal(cb_vault_pw_verify(h, pw, strlen(pw), &rehash), 0);
	assert_int_equal(rehash, 0);

	rehash = -1;
	assert_int_equal(cb_vault_pw_verify(h, "correct horse", 13, &rehash),
	    -1);
	assert_int_equal(rehash, 0);
	assert_int_equal(cb_vault_pw_verify(h, pw, strlen(pw) - 1, NULL), -1);
	assert_int_equal(cb_vault_pw_verify(h, "", 0, NULL), -1);

	/* A hash made with other limits verifies and asks for a rehash. */
	assert_int_equal(crypto_pwhash_str_alg(weak, pw, strlen(pw), 1,
	    8192, crypto_pwhash_ALG_ARGON2ID13), 0);
	rehash = 0;
	assert_int_equal(cb_vault_pw_verify(weak, pw, strlen(pw), &rehash),
	    0);
	assert_int_equal(rehash, 1);

	assert_int_equal(cb_vault_pw_verify("$argon2id$garbage", pw,
	    strlen(pw), NULL), -1);
	assert_int_equal(cb_vault_pw_verify("", pw, strlen(pw), NULL), -1);
	memset(weak, 'a', sizeof(weak));
	assert_int_equal(cb_vault_pw_verify(weak, pw, strlen(pw), NULL), -1);
	assert_int_equal(cb_vault_pw_verify(NULL, pw, strlen(pw), NULL), -1);
}

/* The request digest: stable, sensitive to every byte, keyed, and not
 * the CSRF token's construction under the same key. */
static void
test_mac(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 a[32], b[32], c[32], sess[32];
	char		 csrf[65], hex[65];
	const char	 msg[] = "person.given_name=\xd0\x90\xd0\xbc\n";

	cb_vault_mac(f->v, msg, sizeof(msg) - 1, a);
	cb_vault_mac(f->v, msg, sizeof(msg) - 1, b);
	assert_memory_equal(a, b, sizeof(a));
	cb_vault_mac(f->v, msg, sizeof(msg) - 2, b);
	assert_memory_not_equal(a, b, sizeof(a));
	cb_vault_mac(f->other, msg, sizeof(msg) - 1, c);
	assert_memory_not_equal(a, c, sizeof(a));
	assert_false(sodium_is_zero(a, sizeof(a)));

	memset(sess, 0x11, sizeof(sess));
	cb_vault_csrf(f->v, sess, csrf);
	cb_vault_mac(f->v, sess, sizeof(sess), a);
	sodium_bin2hex(hex, sizeof(hex), a, sizeof(a));
	assert_string_not_equal(hex, csrf);
}

static void
test_equal(void **state)
{
	unsigned char	a[32], b[32];

	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_int_equal(cb_vault_equal(a, b, sizeof(a)), 1);
	b[31] ^= 0x01;
	assert_int_equal(cb_vault_equal(a, b, sizeof(a)), 0);
	b[31] ^= 0x01;
	b[0] ^= 0x80;
	assert_int_equal(cb_vault_equal(a, b, sizeof(a)), 0);
	assert_int_equal(cb_vault_equal(a, b, 0), 1);
}

/*
 * KEK versions: version 2 is its own key, computed outside libsodium;
 * a data key rewraps from 1 to 2 without changing; a retired version
 * no longer opens.
 */
static void
test_kek_versions(void **state)
{
	struct fixture		*f = *state;
	unsigned char		 kek2[CB_VAULT_KEY_LEN], dk[CB_VAULT_KEY_LEN];
	unsigned char		 got[CB_VAULT_KEY_LEN];
	unsigned char		 w1[CB_VAULT_WRAPPED_LEN];
	unsigned char		 w2[CB_VAULT_WRAPPED_LEN];
	unsigned char		 raw[CB_VAULT_WRAPPED_LEN];
	unsigned long long	 clen;
	const char		*ad;

	unhex(KAT_KEK2, kek2, sizeof(kek2));
	assert_int_equal(cb_vault_version(f->v), 1);
	assert_int_equal(cb_vault_dk_new(f->v, REC_ID, dk, w1), 0);

	/* Rewrapped under 2: the same key, a new nonce, version 2's AD. */
	assert_int_equal(cb_vault_dk_rewrap(f->v, REC_ID, 1, w1, sizeof(w1),
	    2, w2), 0);
	assert_memory_not_equal(w1, w2, CB_VAULT_NONCE_LEN);
	ad = "data_key|" REC_ID "|2";
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(got,
	    NULL, NULL, w2 + CB_VAULT_NONCE_LEN,
	    CB_VAULT_KEY_LEN + CB_VAULT_TAG_LEN, (const unsigned char *)ad,
	    strlen(ad), w2, kek2), 0);
	assert_memory_equal(got, dk, sizeof(dk));
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 2, w2, sizeof(w2),
	    got), 0);
	assert_memory_equal(got, dk, sizeof(dk));
	/* Claiming the other version fails either way round. */
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w2, sizeof(w2),
	    got), -1);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 2, w1, sizeof(w1),
	    got), -1);

	/* Wrapped by the raw primitive under the outside KEK: opens. */
	randombytes_buf(raw, CB_VAULT_NONCE_LEN);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_encrypt(
	    raw + CB_VAULT_NONCE_LEN, &clen, dk, sizeof(dk),
	    (const unsigned char *)ad, strlen(ad), NULL, raw, kek2), 0);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 2, raw,
	    sizeof(raw), got), 0);
	assert_memory_equal(got, dk, sizeof(dk));

	/* New keys follow the current version. */
	assert_int_equal(cb_vault_set_versions(f->v, 2, 1), 0);
	assert_int_equal(cb_vault_version(f->v), 2);
	assert_int_equal(cb_vault_dk_new(f->v, REC_ID2, dk, w1), 0);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID2, 2, w1, sizeof(w1),
	    got), 0);
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID2, 1, w1, sizeof(w1),
	    got), -1);

	/* Version 1 retired: refused even with the right bytes. */
	assert_int_equal(cb_vault_dk_new(f->v, REC_ID, dk, w1), 0);
	assert_int_equal(cb_vault_dk_rewrap(f->v, REC_ID, 2, w1, sizeof(w1),
	    1, w2), 0);
	assert_int_equal(cb_vault_set_versions(f->v, 2, 2), 0);
	assert_int_equal(cb_vault_min_version(f->v), 2);
	memset(got, 0xff, sizeof(got));
	assert_int_equal(cb_vault_dk_unwrap(f->v, REC_ID, 1, w2, sizeof(w2),
	    got), -1);
	assert_true(all_zero(got, sizeof(got)));
	assert_int_equal(cb_vault_dk_rewrap(f->v, REC_ID, 1, w2, sizeof(w2),
	    2, w1), -1);

	/* Versions that make no sense are refused. */
	assert_int_equal(cb_vault_set_versions(f->v, 1, 2), -1);
	assert_int_equal(cb_vault_set_versions(f->v, 2, 0), -1);
	assert_int_equal(cb_vault_set_versions(f->v, CB_VAULT_VERSION_MAX + 1,
	    1), -1);
	assert_int_equal(cb_vault_version(f->v), 2);
	assert_int_equal(cb_vault_set_versions(f->v, 1, 1), 0);
}

/* The request digest and the audit chain have keys of their own. */
static void
test_purpose_kats(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 got[32], want[32], key[32], zero[32];
	unsigned char	 pk[CB_VAULT_PK_LEN], sk[64], seed[32];
	unsigned char	 sig[CB_VAULT_SIG_LEN];
	const char	 msg[] = "person.given_name=\xd0\x90\xd0\xbc\n";
	const char	 data[] = "1:1|";

	cb_vault_mac(f->v, msg, sizeof(msg) - 1, got);
	unhex(KAT_IDEM, want, sizeof(want));
	assert_memory_equal(got, want, sizeof(want));

	unhex(KAT_AUDIT, key, sizeof(key));
	memset(zero, 0, sizeof(zero));
	cb_vault_audit_mac(f->v, zero, data, sizeof(data) - 1, got);
	{
		crypto_generichash_state	st;

		crypto_generichash_init(&st, key, sizeof(key), sizeof(want));
		crypto_generichash_update(&st, zero, sizeof(zero));
		crypto_generichash_update(&st, (const unsigned char *)data,
		    sizeof(data) - 1);
		crypto_generichash_final(&st, want, sizeof(want));
	}
	assert_memory_equal(got, want, sizeof(want));
	cb_vault_audit_mac(f->other, zero, data, sizeof(data) - 1, want);
	assert_memory_not_equal(got, want, sizeof(want));

	/* The signing key is the one seeded by subkey 7. */
	unhex(KAT_SEED, seed, sizeof(seed));
	assert_int_equal(crypto_sign_seed_keypair(want, sk, seed), 0);
	cb_vault_sign_pk(f->v, pk);
	assert_memory_equal(pk, want, sizeof(pk));
	cb_vault_sign(f->v, data, sizeof(data) - 1, sig);
	assert_int_equal(cb_vault_sign_verify(pk, data, sizeof(data) - 1,
	    sig), 1);
	assert_int_equal(cb_vault_sign_verify(pk, data, sizeof(data) - 2,
	    sig), 0);
	sig[0] ^= 1;
	assert_int_equal(cb_vault_sign_verify(pk, data, sizeof(data) - 1,
	    sig), 0);
	cb_vault_sign_pk(f->other, want);
	assert_memory_not_equal(pk, want, sizeof(pk));
	sodium_memzero(sk, sizeof(sk));
}

/* A form kept through a login: opens under its vault until it expires,
 * not under another, not tampered with. */
static void
test_draft(void **state)
{
	struct fixture	*f = *state;
	const char	 body[] = "v1\nabc\n/cases/x\nto=closed&data.n=%C3%A9";
	char		*sealed, *out;
	size_t		 len;

	sealed = cb_vault_draft_seal(f->v, body, strlen(body), 2000);
	assert_non_null(sealed);
	assert_null(strstr(sealed, "closed"));
	assert_int_equal(cb_vault_draft_open(f->v, sealed, 1999, &out, &len),
	    0);
	assert_int_equal(len, strlen(body));
	assert_string_equal(out, body);
	test_free(out);
	/* Expired, another vault, a flipped character. */
	assert_int_equal(cb_vault_draft_open(f->v, sealed, 2001, &out, &len),
	    -1);
	assert_null(out);
	assert_int_equal(cb_vault_draft_open(f->other, sealed, 1999, &out,
	    &len), -1);
	sealed[20] = sealed[20] == 'A' ? 'B' : 'A';
	assert_int_equal(cb_vault_draft_open(f->v, sealed, 1999, &out, &len),
	    -1);
	/* The expiry is sealed too: moving it forward does not open. */
	sealed[20] = sealed[20] == 'A' ? 'B' : 'A';
	sealed[3] = sealed[3] == 'A' ? 'B' : 'A';
	assert_int_equal(cb_vault_draft_open(f->v, sealed, 1999, &out, &len),
	    -1);
	assert_int_equal(cb_vault_draft_open(f->v, "", 0, &out, &len), -1);
	assert_int_equal(cb_vault_draft_open(f->v, "!!", 0, &out, &len), -1);
	test_free(sealed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_mem),
		cmocka_unit_test(test_bidx_kat),
		cmocka_unit_test(test_bidx_matching),
		cmocka_unit_test(test_bidx_domains),
		cmocka_unit_test(test_bidx_rejects),
		cmocka_unit_test(test_dk_kat),
		cmocka_unit_test(test_dk_roundtrip),
		cmocka_unit_test(test_seal_roundtrip),
		cmocka_unit_test(test_seal_layout),
		cmocka_unit_test(test_unseal_kat),
		cmocka_unit_test(test_seal_bitflip),
		cmocka_unit_test(test_seal_moved),
		cmocka_unit_test(test_seal_ad_rejects),
		cmocka_unit_test(test_keyfile),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_equal),
		cmocka_unit_test_setup_teardown(test_kek_versions, setup,
		    teardown),
		cmocka_unit_test(test_purpose_kats),
		cmocka_unit_test_setup_teardown(test_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
