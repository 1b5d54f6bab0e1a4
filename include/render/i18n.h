/*
 * i18n: every user-visible string goes through cb_t(). The English
 * catalogue is the fallback; another language is another catalogue.
 */
#ifndef CB_I18N_H
#define CB_I18N_H

#include <stddef.h>

/* Translation of key; the key itself when it has no entry, so a
 * missing string is visible rather than empty. */
const char	*cb_t(const char *key);
int		 cb_i18n_has(const char *key);
/* The i-th key of the English catalogue in table order, NULL past the
 * end (for the test that keeps the table sorted). */
const char	*cb_i18n_key(size_t i);

#endif
