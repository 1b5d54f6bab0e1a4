/*
 * forms: the field tables of casebook's forms and the one validator
 * behind both of their faces, the JSON API and the HTML form post.
 * Input is first extracted into struct cb_values (kept even when it is
 * invalid, so a form can be redrawn as typed), then a single pass
 * applies the same rules whichever face the values came from.
 *
 * Consent rule (design): without consent_data_processing only a
 * pseudonymous registration is accepted; every personal field that is
 * present then fails with err.consent_required, so nothing personal
 * is ever stored before consent exists. Forms without a consent field
 * (transition forms) are filled in after consent.
 */
#include <sys/types.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kore/kore.h>
#include <sodium.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "text/json.h"
#include "text/text.h"


/*
 * DATE fields refuse days after the latest date anywhere on Earth
 * (UTC+14), so a birth recorded just after midnight east of Greenwich
 * is not taken for a date in the future.
 */
#define DATE_AHEAD_SEC	(14 * 60 * 60)
#define DATE_YEAR_MIN	1900
/* Digits and a decimal point, for NUMBER fields without a maxlen. */
#define NUMBER_MAX	20

#define CONSENT_FIELD	"consent_data_processing"

/* State of one extraction: where values go and what was seen. */
struct ctx {
	const struct cb_form	*form;
	struct cb_values	*vals;
	struct cb_ferrors	*fe;
	int			 seen[CB_FORM_MAX];
	size_t			 items[CB_FORM_MAX];
};

typedef const char	*(*checkfn)(const struct cb_field *, const char *,
			    size_t);

static int		 form_ok(const struct cb_form *);
static void		 ctx_init(struct ctx *, const struct cb_form *,
			    struct cb_values *, struct cb_ferrors *);
static void		 keep(struct ctx *, int, const char *, size_t);
static void		 add_item(struct ctx *, int, const char *, size_t);
static size_t		 multi_max(const struct cb_field *);
static void		 json_object(struct ctx *, const struct cb_json *,
			    const char *);
static void		 json_value(struct ctx *, int, const struct cb_json *);
static void		 json_multi(struct ctx *, int, const struct cb_json *);
static void		 kv_pair(struct ctx *, const struct cb_kv *);
static void		 kv_multi(struct ctx *, int, const char *, size_t);
static int		 is_group(const struct cb_form *, const char *);
static int		 validate(struct ctx *);
static int		 consent_given(const struct ctx *);
static int		 in_options(const char *const *, const char *, size_t);
static const char	*check_text(const struct cb_field *, const char *,
			    size_t);
static const char	*check_date(const struct cb_field *, const char *,
			    size_t);
static const char	*check_enum(const struct cb_field *, const char *,
			    size_t);
static const char	*check_multi(const struct cb_field *, const char *,
			    size_t);
static const char	*check_bool(const struct cb_field *, const char *,
			    size_t);
static const char	*check_number(const struct cb_field *, const char *,
			    size_t);
static const char	*check_country(const struct cb_field *, const char *,
			    size_t);
static const char	*check_phone(const struct cb_field *, const char *,
			    size_t);
static const char	*check_day(const struct cb_field *, const char *,
			    size_t);
static int		 doc_chars(const char *, size_t);
static int		 days_in_month(int, int);
static int		 date_after_today(int, int, int);

/* What each field type expects in JSON, and its check. */
static const struct {
	enum cb_ftype		type;
	enum cb_json_type	json;
	checkfn			check;
} ftypes[] = {
	{ CB_F_TEXT,	CB_JSON_STRING,	check_text },
	{ CB_F_DATE,	CB_JSON_STRING,	check_date },
	{ CB_F_ENUM,	CB_JSON_STRING,	check_enum },
	{ CB_F_MULTI,	CB_JSON_ARRAY,	check_multi },
	{ CB_F_BOOL,	CB_JSON_BOOL,	check_bool },
	{ CB_F_NUMBER,	CB_JSON_NUMBER,	check_number },
	{ CB_F_COUNTRY,	CB_JSON_STRING,	check_country },
	{ CB_F_PHONE,	CB_JSON_STRING,	check_phone },
	{ CB_F_DAY,	CB_JSON_STRING,	check_day },
};

/*
 * TEXT fields with their own rules, matched by name across forms. The
 * others are one line, unless sensitive free text of 1000 characters or
 * more (notes, narratives), which may span lines.
 */
static const struct {
	const char	*name;
	int		 multiline;
	int		(*chars)(const char *, size_t);
} textrules[] = {
	{ "note",			1, NULL },
	{ "person.document_number",	0, doc_chars },
};

/*
 * Not C0/C1 controls, yet not for one-line text either: the Unicode
 * line and paragraph separators, and the bidirectional embeddings,
 * overrides and isolates, which can make a name display as another.
 */
static const char *const oneline_refused[] = {
	"\xe2\x80\xa8", "\xe2\x80\xa9",			/* U+2028-2029 */
	"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",	/* U+202A-202E */
	"\xe2\x80\xad", "\xe2\x80\xae",
	"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",	/* U+2066-2069 */
	"\xe2\x81\xa9",
	NULL
};

/* Names a form post may carry besides the fields: checked elsewhere. */
static const char *const kv_ignored[] = {
	"csrf",
	"form_token",
	NULL
};

/* Age bands of the CTDC, in order, and the highest completed age in
 * each (statistics count and offer the same list). */
const char *const cb_opt_age_band[] = {
	"0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47",
	"48+", NULL
};
static const int age_band_max[] = { 8, 17, 20, 23, 26, 29, 38, 47 };

int
cb_form_from_json(const struct cb_form *form, const struct cb_json *body,
    struct cb_values *vals, struct cb_ferrors *fe)
{
	struct ctx	c;

	if (vals == NULL || fe == NULL)
		return (-1);
	ctx_init(&c, form, vals, fe);

	/* Not a per-field problem: the body as a whole has the wrong type. */
	if (!form_ok(form) || body == NULL || body->type != CB_JSON_OBJECT) {
		cb_ferrors_add(fe, "body", "err.type");
		return (-1);
	}

	json_object(&c, body, "");
	return (validate(&c));
}

int
cb_form_from_kv(const struct cb_form *form, const struct cb_kvlist *kv,
    struct cb_values *vals, struct cb_ferrors *fe)
{
	struct ctx	c;
	size_t		i;

	if (vals == NULL || fe == NULL)
		return (-1);
	ctx_init(&c, form, vals, fe);

	if (!form_ok(form)) {
		cb_ferrors_add(fe, "body", "err.type");
		return (-1);
	}

	for (i = 0; kv != NULL && i < kv->n; i++)
		kv_pair(&c, &kv->items[i]);

	return (validate(&c));
}

void
cb_values_clear(struct cb_values *vals)
{
	size_t		i;

	if (vals == NULL)
		return;

	for (i = 0; i < CB_FORM_MAX; i++) {
		if (vals->v[i] != NULL) {
			sodium_memzero(vals->v[i], vals->len[i]);
			kore_free(vals->v[i]);
		}
		vals->v[i] = NULL;
		vals->len[i] = 0;
	}
}

int
cb_form_index(const struct cb_form *form, const char *name)
{
	size_t		i;

	if (form == NULL || name == NULL)
		return (-1);

	for (i = 0; i < form->nfields && i < CB_FORM_MAX; i++) {
		if (strcmp(form->fields[i].name, name) == 0)
			return ((int)i);
	}

	return (-1);
}

const char *
cb_values_get(const struct cb_values *vals, const char *name)
{
	int		i;

	if (vals == NULL || (i = cb_form_index(vals->form, name)) == -1)
		return (NULL);

	return (vals->v[i]);
}

const char *
cb_ferrors_get(const struct cb_ferrors *fe, const char *name)
{
	size_t		i;

	if (fe == NULL || name == NULL)
		return (NULL);

	for (i = 0; i < fe->n; i++) {
		if (strcmp(fe->field[i], name) == 0)
			return (fe->msg[i]);
	}

	return (NULL);
}

/*
 * The first error of a field wins: it is the one the person can act
 * on. Past the capacity errors are dropped; the form is invalid anyway.
 */
void
cb_ferrors_add(struct cb_ferrors *fe, const char *name, const char *msg)
{
	size_t		len;

	if (fe == NULL || name == NULL || msg == NULL ||
	    fe->n >= NITEMS(fe->field))
		return;

	len = strlen(name);
	if (len >= CB_FNAME_MAX) {
		len = CB_FNAME_MAX - 1;
		/* Cut before a lead byte, never inside a character. */
		while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
			len--;
	}

	memcpy(fe->name[fe->n], name, len);
	fe->name[fe->n][len] = '\0';
	if (cb_ferrors_get(fe, fe->name[fe->n]) != NULL)
		return;

	fe->field[fe->n] = fe->name[fe->n];
	fe->msg[fe->n] = msg;
	fe->n++;
}

int
cb_field_multiline(const struct cb_field *f)
{
	size_t		i;

	if (f == NULL || f->type != CB_F_TEXT)
		return (0);

	for (i = 0; i < NITEMS(textrules); i++) {
		if (strcmp(textrules[i].name, f->name) == 0)
			return (textrules[i].multiline);
	}

	return (f->class == CB_CLASS_E2 && f->maxlen >= 1000);
}

int
cb_valid_date(const char *s, size_t len, int *y, int *m, int *d)
{
	static const char	 pattern[] = "9999-99-99";
	int			 yy, mm, dd;
	size_t			 i;

	if (s == NULL || len != sizeof(pattern) - 1)
		return (0);

	for (i = 0; i < len; i++) {
		if (pattern[i] == '-' ? s[i] != '-' :
		    (s[i] < '0' || s[i] > '9'))
			return (0);
	}

	yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	mm = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');

	if (yy < DATE_YEAR_MIN || mm < 1 || mm > 12 || dd < 1 ||
	    dd > days_in_month(yy, mm))
		return (0);

	if (y != NULL)
		*y = yy;
	if (m != NULL)
		*m = mm;
	if (d != NULL)
		*d = dd;

	return (1);
}

int
cb_valid_phone(const char *s, size_t len)
{
	size_t		i, start;

	if (s == NULL || len == 0)
		return (0);

	start = (s[0] == '+') ? 1 : 0;
	/* E.164: at most 15 digits, the first one never 0. */
	if (len - start < 2 || len - start > 15 || s[start] < '1' ||
	    s[start] > '9')
		return (0);

	for (i = start; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}

	return (1);
}


/*
 * Completed years: a birthday counts from its own day, and 29 February
 * births come of age on 1 March in common years.
 */
const char *
cb_age_band(int by, int bm, int bd, int y, int m, int d)
{
	size_t		i;
	int		age;

	if (by < 1 || bm < 1 || bm > 12 || bd < 1 ||
	    bd > days_in_month(by, bm) || y < 1 || m < 1 || m > 12 ||
	    d < 1 || d > days_in_month(y, m))
		return (NULL);

	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	if (age < 0)
		return (NULL);

	for (i = 0; i < NITEMS(age_band_max); i++) {
		if (age <= age_band_max[i])
			return (cb_opt_age_band[i]);
	}

	return (cb_opt_age_band[NITEMS(age_band_max)]);
}

/* A form the values can hold: a programming error otherwise. */
static int
form_ok(const struct cb_form *form)
{
	return (form != NULL && form->nfields <= CB_FORM_MAX &&
	    (form->nfields == 0 || form->fields != NULL));
}

static void
ctx_init(struct ctx *c, const struct cb_form *form, struct cb_values *vals,
    struct cb_ferrors *fe)
{
	memset(c, 0, sizeof(*c));
	memset(vals, 0, sizeof(*vals));
	memset(fe, 0, sizeof(*fe));

	vals->form = form;
	c->form = form;
	c->vals = vals;
	c->fe = fe;
}

/* Keeps a trimmed copy of the input; empty input is absence. */
static void
keep(struct ctx *c, int i, const char *s, size_t len)
{
	char		*p;

	while (len > 0 && s[0] == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;

	if (len == 0)
		return;

	/* Not kept: it could not be redrawn or escaped safely. */
	if (!cb_utf8_valid(s, len)) {
		cb_ferrors_add(c->fe, c->form->fields[i].name, "err.utf8");
		return;
	}

	p = kore_malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	c->vals->v[i] = p;
	c->vals->len[i] = len;
}

/*
 * Appends one item to a MULTI value joined by ','. Items past the
 * limit are refused at once so a long list costs no copying.
 */
static void
add_item(struct ctx *c, int i, const char *s, size_t len)
{
	const char	*name;
	char		*old, *p;
	size_t		 oldlen, newlen;

	name = c->form->fields[i].name;
	if (len == 0 || memchr(s, ',', len) != NULL) {
		cb_ferrors_add(c->fe, name, "err.option");
		return;
	}
	if (!cb_utf8_valid(s, len)) {
		cb_ferrors_add(c->fe, name, "err.utf8");
		return;
	}
	if (c->items[i] >= multi_max(&c->form->fields[i])) {
		cb_ferrors_add(c->fe, name, "err.too_long");
		return;
	}

	old = c->vals->v[i];
	oldlen = c->vals->len[i];
	newlen = (old == NULL) ? len : oldlen + 1 + len;

	p = kore_malloc(newlen + 1);
	if (old != NULL) {
		memcpy(p, old, oldlen);
		p[oldlen] = ',';
		memcpy(p + oldlen + 1, s, len);
		sodium_memzero(old, oldlen);
		kore_free(old);
	} else {
		memcpy(p, s, len);
	}
	p[newlen] = '\0';

	c->vals->v[i] = p;
	c->vals->len[i] = newlen;
	c->items[i]++;
}

static size_t
multi_max(const struct cb_field *f)
{
	if (f->maxlen == 0 || f->maxlen > CB_MULTI_MAX)
		return (CB_MULTI_MAX);
	return (f->maxlen);
}

/*
 * Members map to dotted names: {"person": {"phone": ...}} is
 * "person.phone". A member name holding a dot is unknown, so one
 * field cannot be given twice by two spellings.
 */
static void
json_object(struct ctx *c, const struct cb_json *obj, const char *prefix)
{
	const struct cb_json	*m;
	char			 name[CB_FNAME_MAX * 2];
	int			 i, n;

	for (m = obj->child; m != NULL; m = m->next) {
		n = snprintf(name, sizeof(name), "%s%.*s", prefix,
		    (int)m->keylen, m->key);
		if (n < 0 || (size_t)n >= sizeof(name) - 1 ||
		    m->keylen == 0 || memchr(m->key, '.', m->keylen) != NULL) {
			cb_ferrors_add(c->fe, name, "err.unknown_field");
			continue;
		}

		if ((i = cb_form_index(c->form, name)) != -1) {
			json_value(c, i, m);
			continue;
		}

		if (!is_group(c->form, name)) {
			cb_ferrors_add(c->fe, name, "err.unknown_field");
			continue;
		}

		if (m->type == CB_JSON_NULL)
			continue;
		if (m->type != CB_JSON_OBJECT) {
			cb_ferrors_add(c->fe, name, "err.type");
			continue;
		}

		name[n] = '.';
		name[n + 1] = '\0';
		json_object(c, m, name);
	}
}

/* null is absence, as an omitted member. */
static void
json_value(struct ctx *c, int i, const struct cb_json *j)
{
	const struct cb_field	*f;
	size_t			 t;

	f = &c->form->fields[i];
	if (j->type == CB_JSON_NULL)
		return;

	for (t = 0; t < NITEMS(ftypes); t++) {
		if (ftypes[t].type == f->type)
			break;
	}
	if (t == NITEMS(ftypes) || ftypes[t].json != j->type) {
		cb_ferrors_add(c->fe, f->name, "err.type");
		return;
	}

	if (j->type == CB_JSON_BOOL)
		keep(c, i, j->boolean ? "true" : "false", j->boolean ? 4 : 5);
	else if (j->type == CB_JSON_ARRAY)
		json_multi(c, i, j);
	else
		keep(c, i, j->str, j->len);
}

static void
json_multi(struct ctx *c, int i, const struct cb_json *arr)
{
	const struct cb_json	*e;
	const char		*s;
	size_t			 len;

	for (e = arr->child; e != NULL; e = e->next) {
		if (e->type != CB_JSON_STRING) {
			cb_ferrors_add(c->fe, c->form->fields[i].name,
			    "err.type");
			return;
		}

		s = e->str;
		len = e->len;
		while (len > 0 && s[0] == ' ') {
			s++;
			len--;
		}
		while (len > 0 && s[len - 1] == ' ')
			len--;

		if (len == 0 || memchr(s, ' ', len) != NULL) {
			cb_ferrors_add(c->fe, c->form->fields[i].name,
			    "err.option");
			return;
		}

		add_item(c, i, s, len);
		if (cb_ferrors_get(c->fe, c->form->fields[i].name) != NULL)
			return;
	}
}

/*
 * A checkbox posts "on" (or our "true") when ticked and nothing when
 * not; any other value did not come from the form.
 */
static void
kv_pair(struct ctx *c, const struct cb_kv *kv)
{
	static const struct {
		const char	*in;
		const char	*out;
	} bools[] = {
		{ "true",	"true" },
		{ "on",		"true" },
		{ "false",	"false" },
		{ "off",	"false" },
		{ "",		"false" },
	};
	const struct cb_field	*f;
	const char		*value;
	size_t			 b, vlen;
	int			 i;

	value = (kv->value != NULL) ? kv->value : "";
	vlen = (kv->value != NULL) ? kv->vlen : 0;

	if (kv->name == NULL)
		return;
	if (in_options(kv_ignored, kv->name, strlen(kv->name)))
		return;

	if ((i = cb_form_index(c->form, kv->name)) == -1) {
		cb_ferrors_add(c->fe, kv->name, "err.unknown_field");
		return;
	}
	f = &c->form->fields[i];

	/* A multiple select posts one pair per chosen item. */
	if (f->type == CB_F_MULTI) {
		kv_multi(c, i, value, vlen);
		return;
	}

	if (c->seen[i]) {
		cb_ferrors_add(c->fe, f->name, "err.duplicate");
		return;
	}
	c->seen[i] = 1;

	if (f->type != CB_F_BOOL) {
		keep(c, i, value, vlen);
		return;
	}

	for (b = 0; b < NITEMS(bools); b++) {
		if (strcmp(bools[b].in, value) == 0) {
			keep(c, i, bools[b].out, strlen(bools[b].out));
			return;
		}
	}
	cb_ferrors_add(c->fe, f->name, "err.type");
}

/* "prs, en" or "prs en": commas and/or spaces separate items. */
static void
kv_multi(struct ctx *c, int i, const char *s, size_t len)
{
	size_t		start, end;

	for (start = 0; start < len; start = end) {
		while (start < len && (s[start] == ',' || s[start] == ' '))
			start++;
		for (end = start; end < len && s[end] != ',' && s[end] != ' ';
		    end++)
			;
		if (end > start) {
			add_item(c, i, s + start, end - start);
			if (cb_ferrors_get(c->fe, c->form->fields[i].name))
				return;
		}
	}
}

/* 1 when name is the dotted prefix of a field, like "person". */
static int
is_group(const struct cb_form *form, const char *name)
{
	size_t		i, len;

	len = strlen(name);
	for (i = 0; i < form->nfields && i < CB_FORM_MAX; i++) {
		if (strncmp(form->fields[i].name, name, len) == 0 &&
		    form->fields[i].name[len] == '.')
			return (1);
	}

	return (0);
}

/*
 * The one set of rules for both faces. Fields that already failed
 * during extraction keep that error; absent BOOL fields become false.
 */
static int
validate(struct ctx *c)
{
	const struct cb_field	*f;
	const char		*err;
	size_t			 i, t;
	int			 consent;

	consent = consent_given(c);

	for (i = 0; i < c->form->nfields; i++) {
		f = &c->form->fields[i];
		if (cb_ferrors_get(c->fe, f->name) != NULL)
			continue;

		if (c->vals->v[i] == NULL) {
			if (f->required == CB_REQ_YES ||
			    (f->required == CB_REQ_CONSENT && consent))
				cb_ferrors_add(c->fe, f->name, "err.required");
			else if (f->type == CB_F_BOOL)
				keep(c, (int)i, "false", 5);
			continue;
		}

		if (f->personal && !consent) {
			cb_ferrors_add(c->fe, f->name, "err.consent_required");
			continue;
		}

		for (t = 0; t < NITEMS(ftypes); t++) {
			if (ftypes[t].type == f->type)
				break;
		}
		err = (t == NITEMS(ftypes)) ? "err.type" :
		    ftypes[t].check(f, c->vals->v[i], c->vals->len[i]);
		if (err != NULL)
			cb_ferrors_add(c->fe, f->name, err);
	}

	return (c->fe->n == 0 ? 0 : -1);
}

static int
consent_given(const struct ctx *c)
{
	const char	*v;
	int		 i;

	if ((i = cb_form_index(c->form, CONSENT_FIELD)) == -1)
		return (1);
	if (cb_ferrors_get(c->fe, CONSENT_FIELD) != NULL)
		return (0);

	v = c->vals->v[i];
	return (v != NULL && strcmp(v, "true") == 0);
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

static const char *
check_text(const struct cb_field *f, const char *s, size_t len)
{
	size_t		i;

	if (!cb_utf8_valid(s, len))
		return ("err.utf8");
	if (cb_utf8_has_controls(s, len))
		return ("err.control");
	if (!cb_field_multiline(f)) {
		if (memchr(s, '\n', len) != NULL ||
		    memchr(s, '\r', len) != NULL ||
		    memchr(s, '\t', len) != NULL)
			return ("err.control");
		for (i = 0; oneline_refused[i] != NULL; i++) {
			if (memmem(s, len, oneline_refused[i], 3) != NULL)
				return ("err.control");
		}
	}
	if (f->maxlen > 0 && cb_utf8_count(s, len) > f->maxlen)
		return ("err.too_long");

	for (i = 0; i < NITEMS(textrules); i++) {
		if (strcmp(textrules[i].name, f->name) == 0 &&
		    textrules[i].chars != NULL && !textrules[i].chars(s, len))
			return ("err.chars");
	}

	return (NULL);
}

static const char *
check_date(const struct cb_field *f, const char *s, size_t len)
{
	int		y, m, d;

	if (!cb_valid_date(s, len, &y, &m, &d) || date_after_today(y, m, d))
		return ("err.date");
	return (NULL);
}

static const char *
check_day(const struct cb_field *f, const char *s, size_t len)
{
	return (cb_valid_date(s, len, NULL, NULL, NULL) ? NULL : "err.date");
}

static const char *
check_enum(const struct cb_field *f, const char *s, size_t len)
{
	return (in_options(f->options, s, len) ? NULL : "err.option");
}

static const char *
check_multi(const struct cb_field *f, const char *s, size_t len)
{
	size_t		start, end, prev, pend, n;

	n = 0;
	for (start = 0; start <= len; start = end + 1) {
		end = start;
		while (end < len && s[end] != ',')
			end++;
		if (end == start || !in_options(f->options, s + start,
		    end - start))
			return ("err.option");

		for (prev = 0; prev < start; prev = pend + 1) {
			pend = prev;
			while (s[pend] != ',')
				pend++;
			if (pend - prev == end - start &&
			    memcmp(s + prev, s + start, end - start) == 0)
				return ("err.duplicate");
		}

		if (++n > multi_max(f))
			return ("err.too_long");
	}

	return (NULL);
}

static const char *
check_bool(const struct cb_field *f, const char *s, size_t len)
{
	if ((len == 4 && memcmp(s, "true", 4) == 0) ||
	    (len == 5 && memcmp(s, "false", 5) == 0))
		return (NULL);
	return ("err.type");
}

/* A non-negative amount: digits with at most two decimals. */
static const char *
check_number(const struct cb_field *f, const char *s, size_t len)
{
	size_t		i, max, dot;

	max = (f->maxlen > 0) ? f->maxlen : NUMBER_MAX;
	if (len == 0 || len > max)
		return ("err.number");

	dot = len;
	for (i = 0; i < len; i++) {
		if (s[i] == '.' && dot == len && i > 0)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return ("err.number");
	}

	if (dot != len && (len - dot - 1 < 1 || len - dot - 1 > 2))
		return ("err.number");

	return (NULL);
}

static const char *
check_country(const struct cb_field *f, const char *s, size_t len)
{
	return (cb_valid_country(s, len) ? NULL : "err.country");
}

static const char *
check_phone(const struct cb_field *f, const char *s, size_t len)
{
	return (cb_valid_phone(s, len) ? NULL : "err.phone");
}

/* Document numbers: ASCII letters, digits, space, '-' and '/'. */
static int
doc_chars(const char *s, size_t len)
{
	static const char	 punct[] = " -/";
	size_t			 i;

	for (i = 0; i < len; i++) {
		if ((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '\0' || strchr(punct, s[i]) == NULL)
			return (0);
	}

	return (1);
}

static int
days_in_month(int y, int m)
{
	static const int	mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return (29);
	return (mdays[m - 1]);
}

static int
date_after_today(int y, int m, int d)
{
	struct tm	tm;
	time_t		now;

	now = time(NULL) + DATE_AHEAD_SEC;
	if (gmtime_r(&now, &tm) == NULL)
		return (1);

	return ((long)y * 10000 + m * 100 + d > (long)(tm.tm_year + 1900) *
	    10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}
