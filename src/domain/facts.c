/*
 * facts: the registry of fact columns (one per coded answer or process
 * fact a transition records in the clear), and a small name -> value
 * set that guards read. sql/009_lifecycle.sql has one column of cases
 * per entry here, with a CHECK over the same vocabulary; the
 * integration suite compares the two.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/facts.h"
#include "domain/forms.h"
#include "domain/vocab.h"
#include "text/json.h"

static int	fact_index(const struct cb_facts *, const char *);
static void	json_member(struct kore_buf *, const struct cb_fact_def *,
		    const char *, size_t, int);

#define CODE(n, o)	{ (n), CB_FACT_TEXT, (o), 0, 0 }
#define CODES(n, o)	{ (n), CB_FACT_LIST, (o), 0, 0 }
#define COUNTRY(n)	{ (n), CB_FACT_TEXT, NULL, 1, 0 }
#define YESNO(n)	{ (n), CB_FACT_BOOL, NULL, 0, 0 }
#define DATE(n)		{ (n), CB_FACT_DATE, NULL, 0, 0 }
#define AMOUNT(n)	{ (n), CB_FACT_NUMBER, NULL, 0, 0 }

const struct cb_fact_def cb_fact_defs[] = {
	/* The person's consent, from persons, for the guards. */
	{ "data_consent", CB_FACT_BOOL, NULL, 0, 1 },
	/* AVRR */
	CODE("migration_status", cb_opt_migration_status),
	CODES("vulnerabilities", cb_opt_vulnerabilities),
	YESNO("trafficking_indicators"),
	YESNO("protection_need"),
	YESNO("return_declaration"),
	YESNO("consent_share"),
	COUNTRY("destination_country"),
	YESNO("escort_needed"),
	AMOUNT("return_budget"),
	CODE("return_currency", cb_opt_currency),
	DATE("bid_date"),
	YESNO("guardian_consent"),
	CODE("fit_to_travel", cb_opt_fit_to_travel),
	YESNO("escort_booked"),
	CODE("travel_document", cb_opt_travel_document),
	DATE("departure_date"),
	DATE("arrival_date"),
	CODES("assistance_types", cb_opt_assistance_types),
	AMOUNT("plan_budget"),
	CODE("plan_currency", cb_opt_currency),
	DATE("withdrawal_date"),
	CODE("closure_reason", cb_opt_closure_reason),
	/* CT */
	CODE("referral_source", cb_opt_referral_source),
	CODE("safety_risk", cb_opt_safety_risk),
	YESNO("interpreter_needed"),
	CODE("trafficking_status", cb_opt_trafficking_status),
	CODE("identified_by", cb_opt_identified_by),
	CODES("exploitation_types", cb_opt_exploitation_types),
	CODES("means_of_control", cb_opt_means_of_control),
	CODE("recruitment_method", cb_opt_recruitment_method),
	CODE("labour_sector", cb_opt_labour_sector),
	COUNTRY("country_of_exploitation"),
	YESNO("consent_assistance"),
	CODE("consent_method", cb_opt_consent_method),
	CODE("plan_type", cb_opt_plan_type),
	DATE("planned_end_date"),
	AMOUNT("support_budget"),
	CODE("support_currency", cb_opt_currency),
	CODE("durable_solution", cb_opt_durable_solution),
};

const size_t cb_fact_ndefs = NITEMS(cb_fact_defs);

const struct cb_fact_def *
cb_fact_def(const char *name)
{
	size_t		i;

	if (name == NULL)
		return (NULL);
	for (i = 0; i < NITEMS(cb_fact_defs); i++) {
		if (strcmp(cb_fact_defs[i].name, name) == 0)
			return (&cb_fact_defs[i]);
	}
	return (NULL);
}

void
cb_facts_init(struct cb_facts *f)
{
	memset(f, 0, sizeof(*f));
}

void
cb_facts_clear(struct cb_facts *f)
{
	size_t		i;

	for (i = 0; i < f->n; i++)
		kore_free(f->value[i]);
	memset(f, 0, sizeof(*f));
}

static int
fact_index(const struct cb_facts *f, const char *name)
{
	size_t		i;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->name[i], name) == 0)
			return ((int)i);
	}
	return (-1);
}

int
cb_facts_set(struct cb_facts *f, const char *name, const char *value,
    size_t len)
{
	const struct cb_fact_def	*d;
	char				*copy;
	int				 i;

	if ((d = cb_fact_def(name)) == NULL || value == NULL)
		return (-1);
	copy = kore_malloc(len + 1);
	memcpy(copy, value, len);
	copy[len] = '\0';
	if ((i = fact_index(f, d->name)) != -1) {
		kore_free(f->value[i]);
		f->value[i] = copy;
		return (0);
	}
	if (f->n >= CB_FACTS_MAX) {
		kore_free(copy);
		return (-1);
	}
	/* The registry's name outlives any input it came from. */
	f->name[f->n] = d->name;
	f->value[f->n] = copy;
	f->n++;
	return (0);
}

const char *
cb_facts_get(const struct cb_facts *f, const char *name)
{
	int		i;

	if (f == NULL || name == NULL || (i = fact_index(f, name)) == -1)
		return (NULL);
	return (f->value[i]);
}

int
cb_facts_true(const struct cb_facts *f, const char *name)
{
	const char	*v;

	v = cb_facts_get(f, name);
	return (v != NULL && strcmp(v, "true") == 0);
}

int
cb_facts_contains(const struct cb_facts *f, const char *name,
    const char *item)
{
	const char	*v, *p, *end;
	size_t		 len;

	if ((v = cb_facts_get(f, name)) == NULL || item == NULL)
		return (0);
	len = strlen(item);
	for (p = v; *p != '\0'; p = (*end == ',') ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == len && memcmp(p, item, len) == 0)
			return (1);
	}
	return (0);
}

int
cb_facts_from_json(struct cb_facts *f, const struct cb_json *obj)
{
	const struct cb_fact_def	*d;
	const struct cb_json		*m, *e;
	struct kore_buf			*buf;
	int				 ret;

	if (obj == NULL || obj->type != CB_JSON_OBJECT)
		return (-1);
	ret = 0;
	buf = kore_buf_alloc(64);
	for (m = obj->child; m != NULL; m = m->next) {
		if ((d = cb_fact_def(m->key)) == NULL ||
		    m->type == CB_JSON_NULL)
			continue;
		kore_buf_reset(buf);
		switch (m->type) {
		case CB_JSON_BOOL:
			kore_buf_appendf(buf, "%s",
			    m->boolean ? "true" : "false");
			break;
		case CB_JSON_STRING:
		case CB_JSON_NUMBER:
			kore_buf_append(buf, m->str, m->len);
			break;
		case CB_JSON_ARRAY:
			for (e = m->child; e != NULL; e = e->next) {
				if (e->type != CB_JSON_STRING) {
					ret = -1;
					break;
				}
				if (e != m->child)
					kore_buf_append(buf, ",", 1);
				kore_buf_append(buf, e->str, e->len);
			}
			break;
		default:
			ret = -1;
			break;
		}
		if (ret == -1)
			break;
		(void)cb_facts_set(f, d->name, (const char *)buf->data,
		    buf->offset);
	}
	kore_buf_free(buf);
	return (ret);
}

void
cb_facts_overlay(struct cb_facts *f, const struct cb_values *vals)
{
	const struct cb_form	*form;
	size_t			 i;

	if (vals == NULL || (form = vals->form) == NULL)
		return;
	for (i = 0; i < form->nfields; i++) {
		if (vals->v[i] == NULL || cb_fact_def(form->fields[i].name) ==
		    NULL)
			continue;
		(void)cb_facts_set(f, form->fields[i].name, vals->v[i],
		    vals->len[i]);
	}
}

/* One member: lists as arrays, yes/no and numbers bare, else strings. */
static void
json_member(struct kore_buf *buf, const struct cb_fact_def *d,
    const char *v, size_t len, int first)
{
	size_t		start, end;

	if (!first)
		kore_buf_append(buf, ",", 1);
	cb_json_cstr(buf, d->name);
	kore_buf_append(buf, ":", 1);
	switch (d->type) {
	case CB_FACT_BOOL:
		kore_buf_appendf(buf, "%s", (len == 4 &&
		    memcmp(v, "true", 4) == 0) ? "true" : "false");
		break;
	case CB_FACT_NUMBER:
		/* Validated digits with an optional decimal part. */
		kore_buf_append(buf, v, len);
		break;
	case CB_FACT_LIST:
		kore_buf_append(buf, "[", 1);
		for (start = 0; start < len; start = end + 1) {
			for (end = start; end < len && v[end] != ','; end++)
				;
			if (start > 0)
				kore_buf_append(buf, ",", 1);
			cb_json_str(buf, v + start, end - start);
		}
		kore_buf_append(buf, "]", 1);
		break;
	default:
		cb_json_str(buf, v, len);
		break;
	}
}

void
cb_facts_json(struct kore_buf *buf, const struct cb_values *vals)
{
	const struct cb_fact_def	*d;
	const struct cb_form		*form;
	size_t				 i;
	int				 first;

	first = 1;
	kore_buf_append(buf, "{", 1);
	form = vals != NULL ? vals->form : NULL;
	for (i = 0; form != NULL && i < form->nfields; i++) {
		if (vals->v[i] == NULL ||
		    (d = cb_fact_def(form->fields[i].name)) == NULL)
			continue;
		/* An empty list or an absent optional value records
		 * nothing rather than an empty code. */
		if (vals->len[i] == 0)
			continue;
		json_member(buf, d, vals->v[i], vals->len[i], first);
		first = 0;
	}
	kore_buf_append(buf, "}", 1);
}

void
cb_facts_to_json(struct kore_buf *buf, const struct cb_facts *f)
{
	size_t		i;

	kore_buf_append(buf, "{", 1);
	for (i = 0; i < f->n; i++)
		json_member(buf, cb_fact_def(f->name[i]), f->value[i],
		    strlen(f->value[i]), i == 0);
	kore_buf_append(buf, "}", 1);
}
