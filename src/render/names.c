/*
 * names: codes shown as names. Countries (ISO 3166-1, country.XX) and
 * languages (ISO 639, lang.xxx) are stored and sent as codes; people
 * read and choose them by name. The pickers list them sorted by name,
 * ignoring case and the accents of Latin letters (Åland between Albania
 * and Algeria, Côte d'Ivoire among the Cs).
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "render/html.h"
#include "render/i18n.h"
#include "text/text.h"

/* The letters U+00C0 to U+00FF (UTF-8 C3 80 to C3 BF) sort as these. */
static const char latin1[65] =
    "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";

struct sorted {
	const char		*prefix;
	const char *const	*codes;
	const char		*list[CB_NAMES_MAX + 1];
	int			 done;
};

static struct sorted	countries = { "country.", cb_vocab_countries,
			    { NULL }, 0 };
static struct sorted	languages = { "lang.", cb_vocab_languages,
			    { NULL }, 0 };
/* The table qsort's comparator reads the prefix of. */
static const struct sorted	*sorting;

static int		 fold(const unsigned char **);
static int		 by_name(const void *, const void *);
static const char	*name_of(const char *, const char *);
static const char *const *sorted_list(struct sorted *);

/* The next character of s for sorting, and s moved past it. */
static int
fold(const unsigned char **s)
{
	const unsigned char	*p;
	int			 c;

	p = *s;
	if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
		*s = p + 2;
		return ((unsigned char)latin1[p[1] - 0x80]);
	}
	c = p[0];
	*s = p + 1;
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return (c);
}

int
cb_names_cmp(const char *a, const char *b)
{
	const unsigned char	*p, *q;
	int			 x, y;

	p = (const unsigned char *)a;
	q = (const unsigned char *)b;
	while (*p != '\0' && *q != '\0') {
		x = fold(&p);
		y = fold(&q);
		if (x != y)
			return (x < y ? -1 : 1);
	}
	if (*p != *q)
		return (*p == '\0' ? -1 : 1);
	return (strcmp(a, b));
}

static const char *
name_of(const char *prefix, const char *code)
{
	char	key[32];

	if (code == NULL)
		return ("");
	if (snprintf(key, sizeof(key), "%s%s", prefix, code) >=
	    (int)sizeof(key) || !cb_i18n_has(key))
		return (code);
	return (cb_t(key));
}

const char *
cb_name_country(const char *code)
{
	return (name_of("country.", code));
}

const char *
cb_name_lang(const char *code)
{
	return (name_of("lang.", code));
}

static int
by_name(const void *a, const void *b)
{
	return (cb_names_cmp(name_of(sorting->prefix, *(const char *const *)a),
	    name_of(sorting->prefix, *(const char *const *)b)));
}

/* Built on first use: a worker serves one request at a time. */
static const char *const *
sorted_list(struct sorted *s)
{
	size_t		n;

	if (s->done)
		return (s->list);
	for (n = 0; s->codes[n] != NULL && n < CB_NAMES_MAX; n++)
		s->list[n] = s->codes[n];
	s->list[n] = NULL;
	sorting = s;
	qsort(s->list, n, sizeof(s->list[0]), by_name);
	sorting = NULL;
	s->done = 1;
	return (s->list);
}

const char *const *
cb_names_countries(void)
{
	return (sorted_list(&countries));
}

const char *const *
cb_names_languages(void)
{
	return (sorted_list(&languages));
}

void
cb_html_names(struct kore_buf *buf, const char *prefix, const char *csv)
{
	const char	*p, *end;
	char		 code[8];

	for (p = csv; p != NULL && *p != '\0'; p = (*end == ',') ? end + 1 :
	    end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (p != csv)
			kore_buf_appendf(buf, ", ");
		if ((size_t)(end - p) >= sizeof(code)) {
			cb_html_escape(buf, p, end - p);
			continue;
		}
		memcpy(code, p, end - p);
		code[end - p] = '\0';
		cb_html_cstr(buf, name_of(prefix, code));
	}
}

void
cb_html_dd_names(struct kore_buf *buf, const char *field,
    const char *labelkey, const char *prefix, const char *csv)
{
	kore_buf_appendf(buf, "<dt>");
	cb_html_t(buf, labelkey);
	kore_buf_appendf(buf, "</dt><dd data-field=\"%s\">", field);
	if (csv != NULL && *csv != '\0')
		cb_html_names(buf, prefix, csv);
	else
		kore_buf_appendf(buf, "<span class=\"none\">-</span>");
	kore_buf_appendf(buf, "</dd>");
}
