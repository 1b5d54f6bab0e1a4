/*
 * assistance: what a case's assistance entries are (a type from the
 * picklist, a date, an amount with its currency where money is
 * involved, a provider, a sealed note), the form table that validates
 * both faces, the rules across fields, the amount band derived for
 * statistics, and sealing the note (E2) bound to the entry's own id.
 */
#ifndef CB_ASSISTANCE_H
#define CB_ASSISTANCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/casebook.h"
#include "vault/vault.h"

struct cb_form;
struct cb_values;
struct cb_ferrors;

/* Picklists, NULL-terminated: the assistance types (Q) and the ISO
 * 4217 currencies of the region and the main countries of origin. */
extern const char *const	cb_opt_assistance_type[];
extern const char *const	cb_opt_currency[];
/* Fields: type, date, amount, currency, provider, note. */
extern const struct cb_form	cb_form_assistance;

/* The amount bands, in order, NULL-terminated ("0-49" ... "5000+"),
 * and the version of the conversion table behind them. */
extern const char *const	cb_assistance_bands[];
#define CB_ASSISTANCE_BANDS_VERSION	"2025-01"

/* Largest amount numeric(12,2) holds, in minor units (cents). */
#define CB_ASSISTANCE_AMOUNT_MAX	999999999999ULL

/* 1 when entries of this type are money (amount and currency then
 * required), 0 when amount and currency are refused. */
int		 cb_assistance_money(const char *type);
/* The amount "123", "123.4" or "123.45" in minor units; -1 when it
 * is not such a number, -2 when it does not fit numeric(12,2). */
int		 cb_assistance_minor(const char *amount, uint64_t *out);
/* "123.40": the canonical text of an amount (out holds 24 bytes);
 * -1 when the amount is not valid. */
int		 cb_assistance_amount_text(const char *amount, char out[24]);
/* The band of an amount in a currency (roughly its value in euros),
 * or NULL for an unknown currency or an invalid amount. */
const char	*cb_assistance_band(const char *amount, const char *currency);

/* The rules across fields, after the field table has passed: money
 * types need amount > 0 and currency, the others take neither; a
 * pseudonymous case (consent 0) takes no note. Errors go to fe under
 * the field's name; 0 when all hold. */
int		 cb_assistance_check(const struct cb_values *, int consent,
		    struct cb_ferrors *);

/* What is stored of a new entry beyond its plain fields. */
struct cb_assistance_sealed {
	char		 id[CB_UUID_SIZE];
	unsigned char	*note;		/* NULL when no note was given */
	size_t		 note_len;
	char		 amount[24];	/* canonical, "" when none */
	const char	*band;		/* NULL when no amount */
	/* Audit field names: "type,date,amount,..." */
	char		 fields[128];
};

/* A fresh entry id, the note sealed with the case's data key dk
 * (bound to assistance|note|id|version), the band and field names. */
int	cb_assistance_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const struct cb_values *,
	    struct cb_assistance_sealed *);
void	cb_assistance_sealed_clear(struct cb_assistance_sealed *);

/* An entry as the case team sees it. */
struct cb_assistance {
	char		 id[CB_UUID_SIZE];
	char		 type[32];
	char		 date[11];
	char		 amount[24];		/* "" when none */
	char		 currency[4];
	char		 band[16];
	char		*provider;		/* NULL when none */
	char		*note;			/* opened; NULL when none */
	unsigned char	*note_ct;		/* as stored, until opened */
	size_t		 note_ctlen;
	char		 created_by[CB_UUID_SIZE];
	char		 created_by_name[CB_USERNAME_MAX + 1];
	char		 created_at[40];
};

/* Opens e->note_ct into e->note (wiping and freeing the ciphertext);
 * 0 also when there is no note, -1 when it does not open. */
int	cb_assistance_open(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, struct cb_assistance *);
/* Opens an entry's sealed note (entry id) into a kore_malloc'ed
 * string; NULL when it does not open. */
char	*cb_assistance_note(const unsigned char dk[CB_VAULT_KEY_LEN],
	    unsigned int version, const char *id, const unsigned char *ct,
	    size_t clen);
/* Fills e from validated values and what sealing decided (the create
 * path answers without reading back). */
void	cb_assistance_from_values(struct cb_assistance *,
	    const struct cb_values *, const struct cb_assistance_sealed *);
/* Wipes and frees what e holds. */
void	cb_assistance_clear(struct cb_assistance *);

#endif
