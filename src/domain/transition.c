/*
 * transition: sealing what a change of state carries. The audit entry
 * names the fields that were given, never their values.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "domain/forms.h"
#include "domain/transition.h"
#include "text/json.h"
#include "vault/vault.h"

#define TABLE	"case_transitions"

static int	seal(const unsigned char *, unsigned int, const char *,
		    const char *, const void *, size_t, unsigned char **,
		    size_t *);

static int
seal(const unsigned char *dk, unsigned int ver, const char *tid,
    const char *column, const void *pt, size_t len, unsigned char **out,
    size_t *outlen)
{
	*outlen = len + CB_VAULT_OVERHEAD;
	*out = kore_malloc(*outlen);
	return (cb_vault_seal(dk, TABLE, column, tid, ver, pt, len, *out));
}

int
cb_transition_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const struct cb_form *form,
    const struct cb_values *vals, const char *reason,
    struct cb_transition_sealed *ts)
{
	struct kore_buf	*buf;
	size_t		 i;
	int		 n, ret;

	ret = -1;
	buf = NULL;
	memset(ts, 0, sizeof(*ts));
	cb_uuid_new(ts->tid);
	(void)cb_strlcpy(ts->fields, "state", sizeof(ts->fields));

	if (reason != NULL && *reason != '\0') {
		if (seal(dk, version, ts->tid, "reason", reason,
		    strlen(reason), &ts->reason, &ts->reason_len) == -1)
			goto cleanup;
		(void)cb_strlcat(ts->fields, ",reason", sizeof(ts->fields));
	}
	if (form == NULL || form->nfields == 0) {
		ret = 0;
		goto cleanup;
	}

	buf = kore_buf_alloc(256);
	kore_buf_append(buf, "{", 1);
	for (i = 0, n = 0; i < form->nfields; i++) {
		if (vals->v[i] == NULL || vals->len[i] == 0)
			continue;
		(void)cb_strlcat(ts->fields, ",data.", sizeof(ts->fields));
		(void)cb_strlcat(ts->fields, form->fields[i].name,
		    sizeof(ts->fields));
		/* Facts are stored in the clear, as columns. */
		if (cb_fact_def(form->fields[i].name) != NULL)
			continue;
		if (n++ > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, form->fields[i].name);
		kore_buf_append(buf, ":", 1);
		cb_json_str(buf, vals->v[i], vals->len[i]);
	}
	kore_buf_append(buf, "}", 1);
	if (n > 0 && seal(dk, version, ts->tid, "data", buf->data,
	    buf->offset, &ts->data, &ts->data_len) == -1)
		goto cleanup;
	ret = 0;

cleanup:
	if (buf != NULL) {
		sodium_memzero(buf->data, buf->length);
		kore_buf_free(buf);
	}
	if (ret == -1)
		cb_transition_sealed_clear(ts);
	return (ret);
}

char *
cb_transition_open(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const char *tid, const char *column,
    const unsigned char *ct, size_t clen)
{
	char	*pt;

	if (ct == NULL || clen < CB_VAULT_OVERHEAD)
		return (NULL);
	pt = kore_malloc(clen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, TABLE, column, tid, version, ct, clen, pt,
	    NULL) == -1) {
		kore_free(pt);
		return (NULL);
	}
	return (pt);
}

void
cb_transition_sealed_clear(struct cb_transition_sealed *ts)
{
	kore_free(ts->reason);
	kore_free(ts->data);
	sodium_memzero(ts, sizeof(*ts));
}

int
cb_approval_seal_comment(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const char *approval_id, const char *text,
    unsigned char **out, size_t *outlen)
{
	size_t		len;

	len = strlen(text);
	*outlen = len + CB_VAULT_OVERHEAD;
	*out = kore_malloc(*outlen);
	if (cb_vault_seal(dk, "approvals", "comment", approval_id, version,
	    text, len, *out) == -1) {
		kore_free(*out);
		*out = NULL;
		return (-1);
	}
	return (0);
}

char *
cb_approval_open_comment(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int version, const char *approval_id, const unsigned char *ct,
    size_t clen)
{
	char	*pt;

	if (ct == NULL || clen < CB_VAULT_OVERHEAD)
		return (NULL);
	pt = kore_malloc(clen - CB_VAULT_OVERHEAD + 1);
	if (cb_vault_unseal(dk, "approvals", "comment", approval_id, version,
	    ct, clen, pt, NULL) == -1) {
		kore_free(pt);
		return (NULL);
	}
	return (pt);
}
