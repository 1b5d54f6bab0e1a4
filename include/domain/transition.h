/*
 * transition: what a change of state stores. The reason and the
 * transition's field values are free text (E2): sealed with the case's
 * data key and bound to the transition's own id, so that a ciphertext
 * moved to another transition of the same case does not open.
 */
#ifndef CB_TRANSITION_H
#define CB_TRANSITION_H

#include <stddef.h>

#include "core/casebook.h"
#include "vault/vault.h"

struct cb_form;
struct cb_values;

struct cb_transition_sealed {
	char		 tid[CB_UUID_SIZE];
	unsigned char	*reason;	/* NULL when none was given */
	size_t		 reason_len;
	unsigned char	*data;		/* NULL when the form has no field */
	size_t		 data_len;
	/* Audit field names: "state", ",reason", ",data.<field>"... */
	char		 fields[512];
};

/* Seals reason (may be NULL) and the validated values of form as one
 * JSON object, with a fresh transition id. */
int	cb_transition_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const struct cb_form *,
	    const struct cb_values *, const char *reason,
	    struct cb_transition_sealed *);
/* Opens what cb_transition_seal sealed (column "reason" or "data")
 * into a kore_malloc'ed NUL-terminated string; NULL on failure. */
char	*cb_transition_open(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *tid, const char *column,
	    const unsigned char *ct, size_t clen);
void	cb_transition_sealed_clear(struct cb_transition_sealed *);

/* A supervisor's comment on a request, sealed with the case key and
 * bound to the approval's id: *out is kore_malloc'ed. */
int	cb_approval_seal_comment(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *approval_id, const char *text,
	    unsigned char **out, size_t *outlen);
/* Opens it into a kore_malloc'ed string; NULL on failure. */
char	*cb_approval_open_comment(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *approval_id,
	    const unsigned char *ct, size_t clen);

#endif
