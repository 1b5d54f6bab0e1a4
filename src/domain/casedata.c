/*
 * casedata: sealing intake values into ciphertext columns and opening
 * them again. Each column's associated data binds it to its table,
 * column, record and key version, so a ciphertext copied elsewhere
 * does not open.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/casedata.h"
#include "domain/forms.h"
#include "text/text.h"
#include "vault/vault.h"

const struct cb_sealcol cb_sealcols[CB_SC_COUNT] = {
	{ "person.given_name", "persons", "given_name" },
	{ "person.family_name", "persons", "family_name" },
	{ "person.name_original_script", "persons", "name_original_script" },
	{ "person.date_of_birth", "persons", "date_of_birth" },
	{ "person.phone", "persons", "phone" },
	{ "person.document_number", "persons", "document_number" },
	{ "person.languages", "persons", "languages" },
	{ "location", "cases", "location" },
};

/* Joins normalised parts with U+0001, which no validated name holds
 * and normalisation keeps, so "a b"+"c" never equals "a"+"b c". */
static int	join_norm(const char *const *, size_t, char **, size_t *);

int
cb_case_seal(struct cb_vault *v, const struct cb_values *vals,
    int y, int m, int d, struct cb_sealed *s)
{
	unsigned char	 pdk[CB_VAULT_KEY_LEN], cdk[CB_VAULT_KEY_LEN];
	const char	*val, *rid, *given, *family, *dob, *band;
	size_t		 i, len;
	int		 by, bm, bd, ret;

	ret = -1;
	memset(s, 0, sizeof(*s));
	cb_uuid_new(s->case_id);
	cb_uuid_new(s->person_id);
	cb_uuid_new(s->case_key_id);
	cb_uuid_new(s->person_key_id);
	s->registration_year = y;
	s->key_version = cb_vault_version(v);

	if (cb_vault_dk_new(v, s->person_id, pdk, s->person_wrapped) ||
	    cb_vault_dk_new(v, s->case_id, cdk, s->case_wrapped))
		goto cleanup;

	for (i = 0; i < CB_SC_COUNT; i++) {
		val = cb_values_get(vals, cb_sealcols[i].field);
		if (val == NULL || *val == '\0')
			continue;
		len = strlen(val);
		rid = (strcmp(cb_sealcols[i].table, "persons") == 0) ?
		    s->person_id : s->case_id;
		s->ct[i] = kore_malloc(len + CB_VAULT_OVERHEAD);
		s->ctlen[i] = len + CB_VAULT_OVERHEAD;
		if (cb_vault_seal(i == CB_SC_LOCATION ? cdk : pdk,
		    cb_sealcols[i].table, cb_sealcols[i].column, rid,
		    s->key_version, val, len, s->ct[i]) == -1)
			goto cleanup;
	}

	val = cb_values_get(vals, "person.document_number");
	if (val != NULL && *val != '\0') {
		if (cb_bidx_document(v, val, s->doc_bidx) == 0)
			s->has_doc_bidx = 1;
	}

	given = cb_values_get(vals, "person.given_name");
	family = cb_values_get(vals, "person.family_name");
	dob = cb_values_get(vals, "person.date_of_birth");
	if (given != NULL && family != NULL && dob != NULL &&
	    *given != '\0' && *family != '\0' && *dob != '\0') {
		/* A name of only invisible characters normalises to
		 * nothing: such a person is simply not findable by name. */
		if (cb_bidx_name_dob(v, given, family, dob,
		    s->name_dob_bidx) == 0)
			s->has_name_dob_bidx = 1;
	}

	if (dob != NULL && *dob != '\0' &&
	    cb_valid_date(dob, strlen(dob), &by, &bm, &bd)) {
		band = cb_age_band(by, bm, bd, y, m, d);
		if (band != NULL)
			(void)cb_strlcpy(s->age_band, band, sizeof(s->age_band));
	}
	ret = 0;

cleanup:
	sodium_memzero(pdk, sizeof(pdk));
	sodium_memzero(cdk, sizeof(cdk));
	if (ret == -1)
		cb_sealed_clear(s);
	return (ret);
}

void
cb_sealed_clear(struct cb_sealed *s)
{
	size_t		i;

	for (i = 0; i < CB_SC_COUNT; i++)
		kore_free(s->ct[i]);
	sodium_memzero(s, sizeof(*s));
}

int
cb_bidx_document(struct cb_vault *v, const char *doc,
    unsigned char out[CB_VAULT_BIDX_LEN])
{
	return (cb_vault_bidx(v, "doc", doc, strlen(doc), out));
}

int
cb_bidx_name_dob(struct cb_vault *v, const char *given, const char *family,
    const char *dob, unsigned char out[CB_VAULT_BIDX_LEN])
{
	const char	*parts[3];
	char		*joined;
	size_t		 len;
	int		 ret;

	parts[0] = given;
	parts[1] = family;
	parts[2] = dob;
	if (join_norm(parts, 3, &joined, &len) == -1)
		return (-1);
	ret = cb_vault_bidx(v, "name_dob", joined, len, out);
	sodium_memzero(joined, len);
	kore_free(joined);
	return (ret);
}

static int
join_norm(const char *const *parts, size_t n, char **out, size_t *outlen)
{
	struct kore_buf	*buf;
	char		*norm;
	size_t		 i, len;

	*out = NULL;
	buf = kore_buf_alloc(128);
	for (i = 0; i < n; i++) {
		if ((norm = cb_norm_text(parts[i], strlen(parts[i]),
		    &len)) == NULL) {
			sodium_memzero(buf->data, buf->length);
			kore_buf_free(buf);
			return (-1);
		}
		if (i > 0)
			kore_buf_append(buf, "\x01", 1);
		kore_buf_append(buf, norm, len);
		sodium_memzero(norm, len);
		kore_free(norm);
	}
	kore_buf_append(buf, "", 1);
	*out = (char *)kore_buf_release(buf, outlen);
	(*outlen)--;
	return (0);
}

int
cb_case_open_col(struct cb_case *c, enum cb_sealed_col col,
    const unsigned char *dk, unsigned int version,
    const unsigned char *ct, size_t ctlen)
{
	const char	*rid;
	char		*pt;
	size_t		 len;

	if (ctlen < CB_VAULT_OVERHEAD)
		return (-1);
	rid = (strcmp(cb_sealcols[col].table, "persons") == 0) ?
	    c->person_id : c->id;
	pt = kore_malloc(ctlen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, cb_sealcols[col].table,
	    cb_sealcols[col].column, rid, version, ct, ctlen, pt,
	    &len) == -1) {
		kore_free(pt);
		return (-1);
	}
	if (c->plain[col] != NULL) {
		sodium_memzero(c->plain[col], strlen(c->plain[col]));
		kore_free(c->plain[col]);
	}
	c->plain[col] = pt;
	return (0);
}

void
cb_case_from_values(struct cb_case *c, const struct cb_values *vals)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < CB_SC_COUNT; i++) {
		v = cb_values_get(vals, cb_sealcols[i].field);
		if (v != NULL && *v != '\0')
			c->plain[i] = kore_strdup(v);
	}
	if ((v = cb_values_get(vals, "person.gender")) != NULL)
		(void)cb_strlcpy(c->gender, v, sizeof(c->gender));
	if ((v = cb_values_get(vals, "person.citizenship")) != NULL)
		(void)cb_strlcpy(c->citizenship, v, sizeof(c->citizenship));
	c->person_visible = 1;
}

void
cb_case_clear(struct cb_case *c)
{
	size_t		i;

	for (i = 0; i < CB_SC_COUNT; i++) {
		if (c->plain[i] != NULL) {
			sodium_memzero(c->plain[i], strlen(c->plain[i]));
			kore_free(c->plain[i]);
		}
	}
	kore_free(c->linked);
	kore_free(c->linked_types);
	cb_facts_clear(&c->facts);
	sodium_memzero(c, sizeof(*c));
}

int
cb_case_open(struct cb_vault *v, struct cb_case *c,
    const struct cb_case_row *row)
{
	unsigned char	pdk[CB_VAULT_KEY_LEN], cdk[CB_VAULT_KEY_LEN];
	size_t		i;
	int		ret, person;

	ret = -1;
	if (cb_vault_dk_unwrap(v, c->person_id, row->person_kv,
	    row->person_wrapped, row->person_wlen, pdk) == -1 ||
	    cb_vault_dk_unwrap(v, c->id, row->case_kv, row->case_wrapped,
	    row->case_wlen, cdk) == -1)
		goto cleanup;
	for (i = 0; i < CB_SC_COUNT; i++) {
		if (row->ct[i] == NULL)
			continue;
		person = strcmp(cb_sealcols[i].table, "persons") == 0;
		if (cb_case_open_col(c, (enum cb_sealed_col)i,
		    person ? pdk : cdk, person ? row->person_sv : row->case_sv,
		    row->ct[i], row->ctlen[i]) == -1)
			goto cleanup;
	}
	c->person_visible = 1;
	ret = 0;

cleanup:
	sodium_memzero(pdk, sizeof(pdk));
	sodium_memzero(cdk, sizeof(cdk));
	return (ret);
}

void
cb_case_row_clear(struct cb_case_row *row)
{
	size_t	i;

	kore_free(row->person_wrapped);
	kore_free(row->case_wrapped);
	for (i = 0; i < CB_SC_COUNT; i++)
		kore_free(row->ct[i]);
	sodium_memzero(row, sizeof(*row));
}

int
cb_person_open_names(struct cb_vault *v, const char *person_id,
    unsigned int kv, unsigned int sv, const unsigned char *wrapped,
    size_t wlen, const unsigned char *given, size_t glen,
    const unsigned char *family, size_t flen, char **gout, char **fout)
{
	struct cb_case	 c;
	unsigned char	 dk[CB_VAULT_KEY_LEN];
	int		 ret;

	*gout = *fout = NULL;
	memset(&c, 0, sizeof(c));
	(void)cb_strlcpy(c.person_id, person_id, sizeof(c.person_id));
	ret = -1;
	if (cb_vault_dk_unwrap(v, person_id, kv, wrapped, wlen, dk) == -1)
		goto cleanup;
	if (given != NULL && cb_case_open_col(&c, CB_SC_GIVEN_NAME, dk, sv,
	    given, glen) == -1)
		goto cleanup;
	if (family != NULL && cb_case_open_col(&c, CB_SC_FAMILY_NAME, dk, sv,
	    family, flen) == -1)
		goto cleanup;
	*gout = c.plain[CB_SC_GIVEN_NAME];
	*fout = c.plain[CB_SC_FAMILY_NAME];
	c.plain[CB_SC_GIVEN_NAME] = c.plain[CB_SC_FAMILY_NAME] = NULL;
	ret = 0;

cleanup:
	sodium_memzero(dk, sizeof(dk));
	cb_case_clear(&c);
	return (ret);
}
