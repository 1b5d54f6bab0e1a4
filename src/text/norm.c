/*
 * norm: the one normalisation every blind index goes through, so that
 * "  Ahmed  KARIMI ", "ahmed karimi", a decomposed accent or a
 * full-width document number all match their plain spelling.
 * ICU's NFKC case fold, then trim and collapse white space.
 * The inputs are names and document numbers: every intermediate buffer
 * is wiped before it is freed.
 */
#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <kore/kore.h>

#include "text/text.h"

/*
 * ICU counts in int32_t and NFKC case folding can expand a code point
 * into many (U+FDFA becomes 18); this bound keeps every length far
 * from overflow while allowing far more than any name or number.
 */
#define NORM_INPUT_MAX	(1024 * 1024)

static int32_t	collapse_space(UChar *, int32_t);
static void	wipe_free(void *, size_t);

char *
cb_norm_text(const char *s, size_t len, size_t *outlen)
{
	const UNormalizer2	*nfkc_cf;
	UErrorCode		 err;
	UChar			*u16, *nf;
	char			*out;
	int32_t			 u16len, nflen, olen;
	size_t			 u16cap, nfcap, ocap;

	u16 = NULL;
	nf = NULL;
	out = NULL;
	u16cap = 0;
	nfcap = 0;
	ocap = 0;

	if (outlen != NULL)
		*outlen = 0;

	if (s == NULL || len == 0 || len > NORM_INPUT_MAX)
		goto cleanup;
	/* ICU would carry U+0000 through; C strings cannot. */
	if (memchr(s, '\0', len) != NULL)
		goto cleanup;

	/* One UTF-8 byte never yields more than one UTF-16 unit. */
	u16cap = len * sizeof(UChar);
	u16 = kore_malloc(u16cap);
	err = U_ZERO_ERROR;
	u_strFromUTF8(u16, (int32_t)len, &u16len, s, (int32_t)len, &err);
	if (U_FAILURE(err))
		goto cleanup;

	err = U_ZERO_ERROR;
	nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
	if (U_FAILURE(err))
		goto cleanup;

	/* Preflight: the expansion is data dependent. */
	err = U_ZERO_ERROR;
	nflen = unorm2_normalize(nfkc_cf, u16, u16len, NULL, 0, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto cleanup;
	if (nflen <= 0)
		goto cleanup;

	nfcap = (size_t)nflen * sizeof(UChar);
	nf = kore_malloc(nfcap);
	err = U_ZERO_ERROR;
	nflen = unorm2_normalize(nfkc_cf, u16, u16len, nf, nflen, &err);
	if (U_FAILURE(err))
		goto cleanup;

	if ((nflen = collapse_space(nf, nflen)) == 0)
		goto cleanup;

	err = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &olen, nf, nflen, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		goto cleanup;
	if (olen <= 0)
		goto cleanup;

	ocap = (size_t)olen + 1;
	out = kore_malloc(ocap);
	err = U_ZERO_ERROR;
	u_strToUTF8(out, olen + 1, &olen, nf, nflen, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING) {
		wipe_free(out, ocap);
		out = NULL;
		goto cleanup;
	}

	if (outlen != NULL)
		*outlen = (size_t)olen;

cleanup:
	wipe_free(u16, u16cap);
	wipe_free(nf, nfcap);

	return (out);
}

/*
 * Trims and collapses every run of Unicode White_Space to one U+0020,
 * in place; the result never grows. Returns the new length.
 */
static int32_t
collapse_space(UChar *s, int32_t len)
{
	int32_t		i, w, start;
	UChar32		c;
	int		pending;

	i = 0;
	w = 0;
	pending = 0;

	while (i < len) {
		start = i;
		U16_NEXT(s, i, len, c);
		if (u_isUWhiteSpace(c)) {
			if (w > 0)
				pending = 1;
			continue;
		}
		if (pending) {
			s[w++] = 0x20;
			pending = 0;
		}
		while (start < i)
			s[w++] = s[start++];
	}

	if (w < len)
		sodium_memzero(s + w, (size_t)(len - w) * sizeof(UChar));

	return (w);
}

static void
wipe_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	sodium_memzero(p, len);
	kore_free(p);
}
