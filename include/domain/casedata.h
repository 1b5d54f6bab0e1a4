/*
 * casedata: a case as the application sees it, and the mapping between
 * validated intake values and what is stored: which fields are sealed
 * into which table and column, the blind indexes, and the derived
 * category codes (age band, registration year).
 */
#ifndef CB_CASEDATA_H
#define CB_CASEDATA_H

#include <stddef.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "vault/vault.h"

struct cb_values;

/* Sealed columns, in this order, everywhere. */
enum cb_sealed_col {
	CB_SC_GIVEN_NAME,
	CB_SC_FAMILY_NAME,
	CB_SC_NAME_ORIGINAL,
	CB_SC_DOB,
	CB_SC_PHONE,
	CB_SC_DOCUMENT,
	CB_SC_LANGUAGES,
	CB_SC_LOCATION,
	CB_SC_COUNT
};

struct cb_sealcol {
	const char	*field;		/* form field name */
	const char	*table;		/* AD: persons | cases */
	const char	*column;
};

extern const struct cb_sealcol	cb_sealcols[CB_SC_COUNT];

struct cb_sealed {
	char		 case_id[CB_UUID_SIZE];
	char		 person_id[CB_UUID_SIZE];
	char		 case_key_id[CB_UUID_SIZE];
	char		 person_key_id[CB_UUID_SIZE];
	unsigned char	 case_wrapped[CB_VAULT_WRAPPED_LEN];
	unsigned char	 person_wrapped[CB_VAULT_WRAPPED_LEN];
	unsigned char	*ct[CB_SC_COUNT];
	size_t		 ctlen[CB_SC_COUNT];
	unsigned char	 doc_bidx[CB_VAULT_BIDX_LEN];
	int		 has_doc_bidx;
	unsigned char	 name_dob_bidx[CB_VAULT_BIDX_LEN];
	int		 has_name_dob_bidx;
	char		 age_band[8];
	int		 registration_year;
	/* The KEK version the keys were wrapped under, which the fields
	 * are also bound to. */
	unsigned int	 key_version;
};

/* A case with its person, decrypted for one caller. */
struct cb_case {
	char		 id[CB_UUID_SIZE];
	char		 person_id[CB_UUID_SIZE];
	char		 case_type[8];
	char		 state[48];
	char		 stage[24];
	char		 htcds[24];
	int		 version;
	char		 office[CB_OFFICE_MAX + 1];
	char		 assigned_to[CB_UUID_SIZE];
	char		 assigned_name[CB_USERNAME_MAX + 1];	/* lists */
	char		 created_by[CB_UUID_SIZE];
	char		 created_at[40];
	char		 updated_at[40];
	char		*linked;		/* comma-separated ids */
	char		*linked_types;		/* their types, same order */
	/* The coded answers and process facts recorded so far. */
	struct cb_facts	 facts;
	/* The request the case waits on, if it is in a pending state. */
	char		 pending[CB_UUID_SIZE];
	char		 pending_kind[24];
	char		 pending_to[48];
	char		 pending_by[CB_UUID_SIZE];
	int		 consent;
	int		 person_visible;
	char		*plain[CB_SC_COUNT];	/* NULL when absent */
	char		 gender[40];
	char		 citizenship[3];
	char		 age_band[8];
};

/* A member of staff as a filter offers them. */
struct cb_staff {
	char		 id[CB_UUID_SIZE];
	char		 username[CB_USERNAME_MAX + 1];
};

/* What the store reads of a case besides its process fields: the two
 * wrapped data keys and the sealed columns (NULL when absent). */
struct cb_case_row {
	unsigned int	 person_kv;	/* KEK version wrapping the key */
	unsigned int	 case_kv;
	unsigned int	 person_sv;	/* version the fields are bound to */
	unsigned int	 case_sv;
	unsigned char	*person_wrapped;
	size_t		 person_wlen;
	unsigned char	*case_wrapped;
	size_t		 case_wlen;
	unsigned char	*ct[CB_SC_COUNT];
	size_t		 ctlen[CB_SC_COUNT];
};

/* Seals the validated intake values with fresh data keys and new ids;
 * today (y, m, d) gives the age band and registration year. */
int	cb_case_seal(struct cb_vault *, const struct cb_values *,
	    int y, int m, int d, struct cb_sealed *);
void	cb_sealed_clear(struct cb_sealed *);

/* Blind indexes for search, same derivation as cb_case_seal. */
int	cb_bidx_document(struct cb_vault *, const char *,
	    unsigned char out[CB_VAULT_BIDX_LEN]);
int	cb_bidx_name_dob(struct cb_vault *, const char *given,
	    const char *family, const char *dob,
	    unsigned char out[CB_VAULT_BIDX_LEN]);

/* Opens one sealed column of c with the data key dk. */
int	cb_case_open_col(struct cb_case *, enum cb_sealed_col,
	    const unsigned char *dk, unsigned int version,
	    const unsigned char *ct, size_t ctlen);
/* Unwraps both data keys of row and opens every sealed column into
 * c->plain (c->id and c->person_id must be set); the keys are wiped. */
int	cb_case_open(struct cb_vault *, struct cb_case *,
	    const struct cb_case_row *);
void	cb_case_row_clear(struct cb_case_row *);
/* Opens a person's sealed given and family names (either may be NULL)
 * into kore_malloc'ed strings; the data key is wiped. -1 on failure. */
int	cb_person_open_names(struct cb_vault *, const char *person_id,
	    unsigned int kv, unsigned int sv, const unsigned char *wrapped,
	    size_t wlen, const unsigned char *given, size_t glen,
	    const unsigned char *family, size_t flen, char **gout,
	    char **fout);
/* Fills the plain fields of c straight from validated values (the
 * create path answers without reading back). */
void	cb_case_from_values(struct cb_case *, const struct cb_values *);
void	cb_case_clear(struct cb_case *);

#endif
