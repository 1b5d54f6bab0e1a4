/*
 * text: UTF-8 validation and counting, HTML escaping, the
 * application/x-www-form-urlencoded parser, and Unicode normalisation
 * for blind indexes (ICU NFKC case fold, trimmed, inner white space
 * collapsed to one space).
 */
#ifndef CB_TEXT_H
#define CB_TEXT_H

#include <stddef.h>

struct kore_buf;

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF) and contains no NUL. */
int	cb_utf8_valid(const char *, size_t);
/* Number of code points of valid UTF-8. */
size_t	cb_utf8_count(const char *, size_t);
/* 1 when the text contains C0/C1 control characters other than
 * tab, LF and CR. */
int	cb_utf8_has_controls(const char *, size_t);

/* Appends s with & < > " ' escaped. */
void	cb_html_escape(struct kore_buf *, const char *, size_t);
void	cb_html_cstr(struct kore_buf *, const char *);
/* Makes room for at least extra more bytes at once. Kore's buffers
 * grow by exactly what is appended, copying all they hold each time,
 * so a long document built in small appends costs quadratic time. */
void	cb_buf_reserve(struct kore_buf *, size_t extra);

struct cb_kv {
	char	*name;
	char	*value;
	size_t	 vlen;
};

struct cb_kvlist {
	struct cb_kv	*items;
	size_t		 n;
};

/* Parses a urlencoded body ('+' is space, %XX decoded). Fails (-1) on
 * a bad escape, invalid UTF-8 after decoding, or more than max pairs. */
int	cb_kv_parse(const char *, size_t, size_t max, struct cb_kvlist *);
void	cb_kv_free(struct cb_kvlist *);
/* Appends s urlencoded (the inverse of cb_kv_parse). */
void	cb_url_encode(struct kore_buf *, const char *, size_t);
/* First value for name, or NULL. */
const struct cb_kv *cb_kv_get(const struct cb_kvlist *, const char *);

/* Walks a comma-separated list: the next item at *p (its length in
 * *len, maybe 0), *p moved past it; NULL at the end (or p NULL). */
const char *cb_csv_next(const char **p, size_t *len);
/* 1 when item is one of the items of list (either may be NULL). */
int	cb_csv_has(const char *list, const char *item);

/* Normalises for matching: NFKC case fold, trim, collapse spaces.
 * Returns a kore_malloc'ed NUL-terminated string (wipe + kore_free
 * it), or NULL on invalid UTF-8 or empty result. */
char	*cb_norm_text(const char *, size_t, size_t *outlen);

#endif
