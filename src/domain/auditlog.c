/*
 * auditlog: the filters of the audit log viewer, checked before they
 * reach SQL (a malformed time or id is a 422 naming it, never a cast
 * error), and the entries it shows.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/auditlog.h"
#include "domain/forms.h"
#include "text/text.h"

static int	valid_since(const char *, char *, size_t);
static int	two(const char *, int, int);
static void	field(struct cb_audit_filter *, const char *);

/* Two digits at s making a number in [lo, hi]. */
static int
two(const char *s, int lo, int hi)
{
	int	v;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return (0);
	v = (s[0] - '0') * 10 + (s[1] - '0');
	return (v >= lo && v <= hi);
}

/* YYYY-MM-DD (midnight UTC) or YYYY-MM-DDTHH:MM:SS[.fraction] with Z or
 * +HH:MM / -HH:MM; the canonical text goes to out. */
static int
valid_since(const char *s, char *out, size_t len)
{
	size_t		n, i;

	n = strlen(s);
	if (n < 10 || n >= len || !cb_valid_date(s, 10, NULL, NULL, NULL))
		return (0);
	if (n == 10) {
		(void)cb_strlcpy(out, s, len);
		(void)cb_strlcat(out, "T00:00:00Z", len);
		return (strlen(out) == 20);
	}
	if (n < 20 || s[10] != 'T' || !two(s + 11, 0, 23) || s[13] != ':' ||
	    !two(s + 14, 0, 59) || s[16] != ':' || !two(s + 17, 0, 59))
		return (0);
	i = 19;
	if (s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 20 || i > 26)
			return (0);
	}
	if (!(n == i + 1 && s[i] == 'Z') && !(n == i + 6 &&
	    (s[i] == '+' || s[i] == '-') && two(s + i + 1, 0, 23) &&
	    s[i + 3] == ':' && two(s + i + 4, 0, 59)))
		return (0);
	(void)cb_strlcpy(out, s, len);
	return (1);
}

static void
field(struct cb_audit_filter *f, const char *name)
{
	if (f->fields[0] != '\0')
		(void)cb_strlcat(f->fields, ",", sizeof(f->fields));
	(void)cb_strlcat(f->fields, "filter.", sizeof(f->fields));
	(void)cb_strlcat(f->fields, name, sizeof(f->fields));
}

int
cb_audit_filter_parse(const struct cb_kvlist *kv, struct cb_audit_filter *f,
    struct cb_ferrors *fe)
{
	static const char *names[] = { "record_id", "actor", "since",
	    "limit", "cursor" };
	const struct cb_kv	*p;
	char			*end;
	size_t			 i, n;
	long long		 v;
	int			 bad;

	memset(f, 0, sizeof(*f));
	f->limit = CB_AUDIT_LIST_DEFAULT;
	bad = 0;
	for (i = 0; kv != NULL && i < kv->n; i++) {
		p = &kv->items[i];
		for (n = 0; n < NITEMS(names); n++)
			if (strcmp(p->name, names[n]) == 0)
				break;
		if (n == NITEMS(names)) {
			cb_ferrors_add(fe, p->name, "err.unknown_field");
			bad = 1;
			continue;
		}
		if (p->value[0] == '\0')
			continue;
		switch (n) {
		case 0:
			if (!cb_uuid_valid(p->value)) {
				cb_ferrors_add(fe, "record_id", "err.audit_record");
				bad = 1;
				break;
			}
			(void)cb_strlcpy(f->record_id, p->value,
			    sizeof(f->record_id));
			field(f, "record_id");
			break;
		case 1:
			/* A username or a user id; the database says which
			 * user, if any, it is. */
			if (strlen(p->value) > CB_USERNAME_MAX ||
			    strspn(p->value, "abcdefghijklmnopqrstuvwxyz"
			    "0123456789._-") != strlen(p->value)) {
				cb_ferrors_add(fe, "actor", "err.audit_actor");
				bad = 1;
				break;
			}
			(void)cb_strlcpy(f->actor, p->value, sizeof(f->actor));
			field(f, "actor");
			break;
		case 2:
			if (!valid_since(p->value, f->since,
			    sizeof(f->since))) {
				f->since[0] = '\0';
				cb_ferrors_add(fe, "since", "err.audit_since");
				bad = 1;
				break;
			}
			field(f, "since");
			break;
		case 3:
			v = strtoll(p->value, &end, 10);
			if (*end != '\0' || v < 1 || v > CB_AUDIT_LIST_MAX) {
				cb_ferrors_add(fe, "limit", "err.audit_limit");
				bad = 1;
				break;
			}
			f->limit = (int)v;
			break;
		default:
			v = strtoll(p->value, &end, 10);
			if (*end != '\0' || v < 1 ||
			    strlen(p->value) > 18) {
				cb_ferrors_add(fe, "cursor", "err.cursor");
				bad = 1;
				break;
			}
			f->before = v;
			break;
		}
	}
	return (bad ? -1 : 0);
}

void
cb_audit_filter_query(struct kore_buf *buf, const struct cb_audit_filter *f)
{
	const char	*sep;

	sep = "";
	if (f->record_id[0] != '\0') {
		kore_buf_appendf(buf, "record_id=%s", f->record_id);
		sep = "&";
	}
	if (f->actor[0] != '\0') {
		kore_buf_appendf(buf, "%sactor=%s", sep, f->actor);
		sep = "&";
	}
	if (f->since[0] != '\0') {
		kore_buf_appendf(buf, "%ssince=", sep);
		cb_url_encode(buf, f->since, strlen(f->since));
		sep = "&";
	}
	if (f->limit != CB_AUDIT_LIST_DEFAULT)
		kore_buf_appendf(buf, "%slimit=%d", sep, f->limit);
}

void
cb_audit_items_free(struct cb_audit_item *items, size_t n)
{
	size_t		i;

	for (i = 0; items != NULL && i < n; i++) {
		kore_free(items[i].records);
		kore_free(items[i].fields);
	}
	kore_free(items);
}
