/*
 * Fuzz target for the field validators behind both faces of every
 * form: the intake form and the field list of each transition of the
 * AVRR and CT flows. The first byte picks the form; the rest is fed
 * as a JSON body (cb_json_parse, cb_form_from_json; its "data" member
 * too, as the transition handler does) and as a urlencoded body
 * (cb_kv_parse, cb_form_from_kv). Whatever the outcome, the values
 * and errors must be well-formed; a form that validates must hold
 * only what its table allows, and nothing personal without consent.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "text/json.h"
#include "text/text.h"

#include "fuzz.h"

/* As many pairs as the web layer's form posts allow (cb_body_form). */
#define KV_MAX		64
#define CONSENT_FIELD	"consent_data_processing"

static int	pick_form(uint8_t, struct cb_form *);
static void	check(const struct cb_form *, int, const struct cb_values *,
		    const struct cb_ferrors *);
static void	check_errors(const struct cb_ferrors *);
static void	check_valid(const struct cb_form *, const struct cb_values *);
static void	check_items(const struct cb_field *, const char *, size_t);
static int	in_options(const char *const *, const char *, size_t);
static void	clear(struct cb_values *);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_form		 tform;
	const struct cb_form	*form;
	const struct cb_json	*inner;
	struct cb_json		*j;
	struct cb_kvlist	 kv;
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	const char		*body;
	size_t			 len;
	int			 rc;

	j = NULL;
	memset(&kv, 0, sizeof(kv));
	memset(&vals, 0, sizeof(vals));

	if (size == 0)
		return (0);
	form = pick_form(data[0], &tform) ? &tform : &cb_form_intake;
	body = (const char *)data + 1;
	len = size - 1;

	if (cb_json_parse(body, len, &j, NULL) == 0) {
		rc = cb_form_from_json(form, j, &vals, &fe);
		check(form, rc, &vals, &fe);
		clear(&vals);

		if ((inner = cb_json_get(j, "data")) != NULL) {
			rc = cb_form_from_json(form, inner, &vals, &fe);
			check(form, rc, &vals, &fe);
			clear(&vals);
		}
	}

	if (cb_kv_parse(body, len, KV_MAX, &kv) == 0) {
		rc = cb_form_from_kv(form, &kv, &vals, &fe);
		check(form, rc, &vals, &fe);
		clear(&vals);
	}

	cb_json_free(j);
	cb_kv_free(&kv);

	return (0);
}

/*
 * 0 picks the intake form; 1 and up the transitions of AVRR, then of
 * CT, wrapping round. Returns 1 when *out was filled in.
 */
static int
pick_form(uint8_t sel, struct cb_form *out)
{
	const struct cb_transition	*avrr, *ct, *t;
	size_t				 navrr, nct, i;

	avrr = cb_flow_transitions(CB_CASE_AVRR, &navrr);
	ct = cb_flow_transitions(CB_CASE_CT, &nct);
	CHECK(avrr != NULL && ct != NULL);

	i = sel % (1 + navrr + nct);
	if (i == 0)
		return (0);
	i--;
	t = (i < navrr) ? &avrr[i] : &ct[i - navrr];

	/* As the transition handler builds it. */
	out->name = "transition";
	out->fields = t->fields;
	out->nfields = t->nfields;
	CHECK(out->nfields <= CB_FORM_MAX);

	return (1);
}

static void
check(const struct cb_form *form, int rc, const struct cb_values *vals,
    const struct cb_ferrors *fe)
{
	const char	*v;
	size_t		 i;

	CHECK(rc == 0 || rc == -1);
	CHECK(vals->form == form);
	check_errors(fe);
	CHECK((rc == 0) == (fe->n == 0));

	/* Kept even when invalid, to redraw: so always safe to draw. */
	for (i = 0; i < CB_FORM_MAX; i++) {
		v = vals->v[i];
		if (i >= form->nfields) {
			CHECK(v == NULL);
			continue;
		}
		if (v == NULL) {
			CHECK(vals->len[i] == 0);
			continue;
		}
		CHECK(vals->len[i] > 0 && strlen(v) == vals->len[i]);
		CHECK(cb_utf8_valid(v, vals->len[i]));
		CHECK(v[0] != ' ' && v[vals->len[i] - 1] != ' ');
	}

	if (rc == 0)
		check_valid(form, vals);
}

static void
check_errors(const struct cb_ferrors *fe)
{
	size_t		i, k, len;

	CHECK(fe->n <= CB_FORM_MAX + 1);
	for (i = 0; i < fe->n; i++) {
		CHECK(fe->field[i] == fe->name[i]);
		len = strnlen(fe->name[i], CB_FNAME_MAX);
		CHECK(len < CB_FNAME_MAX);
		/* Cut on a character boundary, so safe to echo. */
		CHECK(cb_utf8_valid(fe->name[i], len));
		CHECK(fe->msg[i] != NULL &&
		    strncmp(fe->msg[i], "err.", 4) == 0);
		for (k = 0; k < i; k++)
			CHECK(strcmp(fe->name[k], fe->name[i]) != 0);
	}
}

/* What a valid form promises the store. */
static void
check_valid(const struct cb_form *form, const struct cb_values *vals)
{
	const struct cb_field	*f;
	const char		*v;
	size_t			 i, len;
	int			 consent, ci;

	ci = cb_form_index(form, CONSENT_FIELD);
	consent = (ci == -1) || (vals->v[ci] != NULL &&
	    strcmp(vals->v[ci], "true") == 0);

	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		v = vals->v[i];
		len = vals->len[i];

		if (f->required == CB_REQ_YES ||
		    (f->required == CB_REQ_CONSENT && consent))
			CHECK(v != NULL);
		if (f->type == CB_F_BOOL)
			CHECK(v != NULL && (strcmp(v, "true") == 0 ||
			    strcmp(v, "false") == 0));
		/* Pseudonymous: nothing personal but an unticked box. */
		if (f->personal && !consent)
			CHECK(v == NULL || (f->type == CB_F_BOOL &&
			    strcmp(v, "false") == 0));
		if (v == NULL)
			continue;

		switch (f->type) {
		case CB_F_TEXT:
			CHECK(f->maxlen == 0 || cb_utf8_count(v, len) <=
			    f->maxlen);
			CHECK(!cb_utf8_has_controls(v, len));
			CHECK(cb_field_multiline(f) ||
			    strpbrk(v, "\t\r\n") == NULL);
			break;
		case CB_F_DATE:
		case CB_F_DAY:
			CHECK(cb_valid_date(v, len, NULL, NULL, NULL));
			break;
		case CB_F_ENUM:
			CHECK(in_options(f->options, v, len));
			break;
		case CB_F_MULTI:
			check_items(f, v, len);
			break;
		case CB_F_NUMBER:
			CHECK(strspn(v, "0123456789.") == len);
			break;
		case CB_F_COUNTRY:
			CHECK(cb_valid_country(v, len));
			break;
		case CB_F_PHONE:
			CHECK(cb_valid_phone(v, len));
			break;
		case CB_F_BOOL:
			break;
		}
	}
}

/* Comma-joined options, each at most once, no more than allowed. */
static void
check_items(const struct cb_field *f, const char *v, size_t len)
{
	size_t		start, end, prev, pend, n, max;

	max = (f->maxlen == 0 || f->maxlen > CB_MULTI_MAX) ?
	    CB_MULTI_MAX : f->maxlen;
	n = 0;
	for (start = 0; start <= len; start = end + 1) {
		end = start;
		while (end < len && v[end] != ',')
			end++;
		CHECK(in_options(f->options, v + start, end - start));
		for (prev = 0; prev < start; prev = pend + 1) {
			pend = prev;
			while (v[pend] != ',')
				pend++;
			CHECK(pend - prev != end - start ||
			    memcmp(v + prev, v + start, end - start) != 0);
		}
		n++;
	}
	CHECK(n <= max);
}

static int
in_options(const char *const *opts, const char *s, size_t len)
{
	size_t		i;

	for (i = 0; opts != NULL && opts[i] != NULL; i++) {
		if (strlen(opts[i]) == len && memcmp(opts[i], s, len) == 0)
			return (1);
	}

	return (0);
}

static void
clear(struct cb_values *vals)
{
	size_t		i;

	cb_values_clear(vals);
	for (i = 0; i < CB_FORM_MAX; i++)
		CHECK(vals->v[i] == NULL && vals->len[i] == 0);
}
