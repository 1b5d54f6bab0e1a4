/*
 * password: the policy every new password must meet, wherever it is
 * set (casebook-admin user add and reset-password today). A refusal
 * names its rule as an i18n key, never the password or why a
 * dictionary matched it, so the reason is safe to print and to log.
 */
#ifndef CB_PASSWORD_H
#define CB_PASSWORD_H

#include <stddef.h>

/* In code points, so that a password in Cyrillic or Arabic script
 * needs as many characters as one in Latin script. */
#define CB_PASSWORD_MIN		12

/*
 * 0 when pw[0..len) is acceptable for username (*errkey set to NULL);
 * -1 otherwise with *errkey one of (checked in this order):
 *   err.password_long        more than CB_PASSWORD_MAX bytes
 *   err.password_chars       invalid UTF-8, NUL, tab, line breaks or
 *                            other control characters
 *   err.password_short       fewer than CB_PASSWORD_MIN code points
 *                            (also a NULL or empty password)
 *   err.password_username    contains the username, compared after
 *                            NFKC case folding, or is the username
 *                            reversed
 *   err.password_dictionary  cracklib's FascistCheck() refuses it, or
 *                            the password without leading and
 *                            trailing digits and punctuation
 *   err.password_unchecked   cracklib's dictionary cannot be read
 *                            (refused: an unchecked password is not
 *                            let through)
 * cracklib's "systematic" test counts neighbouring letters ("cb",
 * "ji") and refuses about 1 in 700 random 20-character strings: a
 * generator should simply draw again.
 * pw need not be NUL-terminated. username may be NULL or empty (no
 * username rule). errkey may be NULL. Not thread-safe: cracklib keeps
 * its open dictionary in static storage.
 */
int	cb_password_check(const char *username, const char *pw, size_t len,
	    const char **errkey);

#endif
