/*
 * i18n: lookup in the English catalogue, which is also the fallback for
 * every other language. Keys are "<kind>.<name>": err.* field errors of
 * the forms, field.* form labels (dotted API names), opt.<field>.<code>
 * picklist labels (the field's last name component), stage.*, state.*,
 * htcds.*, role.* and guard.* (why a transition is refused), country.XX
 * and lang.xxx (the names of the vocabulary's codes).
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/casebook.h"
#include "render/i18n.h"

/*
 * Each catalogue indexed by key, built on first use (a worker serves
 * one request at a time): open addressing over twice as many slots as
 * keys. A case page asks for some 300 texts, and a binary search in
 * each English table in turn was a tenth of a worker's time.
 */
#define INDEX_SLOTS	8192

struct index {
	const struct cb_i18n_entry	*slot[INDEX_SLOTS];
	size_t				 used;
	int				 state;	/* 0 not built, 1 built, -1 too big */
};

static int	cmp(const void *, const void *);
static const struct cb_i18n_entry *find(const char *);
static const struct cb_i18n_entry *find_bs(const char *);
static u_int32_t hash(const char *);
static void	index_add(struct index *, const struct cb_i18n_entry *,
		    size_t);
static const struct cb_i18n_entry *index_find(const struct index *,
		    const char *);

static enum cb_lang	current = CB_LANG_EN;
static struct index	en_index, bs_index;

/* Codes that choose Bosnian: the staff read Bosnian, Croatian and
 * Serbian alike; the interface is in latinica. */
static const char *const bs_codes[] = {
	"bs", "bs-BA", "bs-Latn", "bs-Latn-BA", "hr", "hr-HR", "hr-BA",
	"sr", "sr-Latn", "sr-Latn-RS", "sr-Latn-BA", "sr-RS", "sr-BA",
	"sh", "cnr", NULL
};

const struct cb_i18n_table cb_i18n_en[] = {
	{ "ui", cb_i18n_en_ui, &cb_i18n_en_ui_n },
	{ "flow", cb_i18n_en_flow, &cb_i18n_en_flow_n },
	{ "opt", cb_i18n_en_opt, &cb_i18n_en_opt_n },
	{ "assist", cb_i18n_en_assist, &cb_i18n_en_assist_n },
	{ "survey", cb_i18n_en_survey, &cb_i18n_en_survey_n },
	{ "refer", cb_i18n_en_refer, &cb_i18n_en_refer_n },
	{ "partner", cb_i18n_en_partner, &cb_i18n_en_partner_n },
	{ "home", cb_i18n_en_home, &cb_i18n_en_home_n },
	{ "stats", cb_i18n_en_stats, &cb_i18n_en_stats_n },
	{ "countries", cb_i18n_en_countries, &cb_i18n_en_countries_n },
	{ "languages", cb_i18n_en_languages, &cb_i18n_en_languages_n },
	{ NULL, NULL, NULL }
};

/* A key in the English tables, the first table's where two have it. */
static const struct cb_i18n_entry *
find(const char *key)
{
	const struct cb_i18n_entry	*e;
	size_t				 i;

	if (key == NULL)
		return (NULL);
	if (en_index.state == 0) {
		for (i = 0; cb_i18n_en[i].name != NULL; i++)
			index_add(&en_index, cb_i18n_en[i].entries,
			    *cb_i18n_en[i].n);
		if (en_index.state == 0)
			en_index.state = 1;
	}
	if (en_index.state == 1)
		return (index_find(&en_index, key));
	for (i = 0; cb_i18n_en[i].name != NULL; i++) {
		e = bsearch(key, cb_i18n_en[i].entries, *cb_i18n_en[i].n,
		    sizeof(*e), cmp);
		if (e != NULL)
			return (e);
	}
	return (NULL);
}

static const struct cb_i18n_entry *
find_bs(const char *key)
{
	if (key == NULL)
		return (NULL);
	if (bs_index.state == 0) {
		index_add(&bs_index, cb_i18n_bs, cb_i18n_bs_n);
		if (bs_index.state == 0)
			bs_index.state = 1;
	}
	if (bs_index.state == 1)
		return (index_find(&bs_index, key));
	return (bsearch(key, cb_i18n_bs, cb_i18n_bs_n, sizeof(cb_i18n_bs[0]),
	    cmp));
}

/* FNV-1a. */
static u_int32_t
hash(const char *s)
{
	u_int32_t	h;

	for (h = 2166136261u; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return (h);
}

/* Adds the n entries of e whose keys are not in yet; state -1 once the
 * index is half full (a lookup must always reach an empty slot), and
 * the binary searches above serve instead. */
static void
index_add(struct index *ix, const struct cb_i18n_entry *e, size_t n)
{
	size_t	i, k;

	for (k = 0; k < n && ix->state == 0; k++) {
		for (i = hash(e[k].key) % INDEX_SLOTS; ix->slot[i] != NULL &&
		    strcmp(ix->slot[i]->key, e[k].key) != 0;
		    i = (i + 1) % INDEX_SLOTS)
			;
		if (ix->slot[i] != NULL)
			continue;
		if (ix->used + 1 > INDEX_SLOTS / 2)
			ix->state = -1;
		else {
			ix->slot[i] = &e[k];
			ix->used++;
		}
	}
}

static const struct cb_i18n_entry *
index_find(const struct index *ix, const char *key)
{
	size_t	i;

	for (i = hash(key) % INDEX_SLOTS; ix->slot[i] != NULL;
	    i = (i + 1) % INDEX_SLOTS) {
		if (strcmp(ix->slot[i]->key, key) == 0)
			return (ix->slot[i]);
	}
	return (NULL);
}

void
cb_i18n_set(enum cb_lang lang)
{
	current = lang;
}

enum cb_lang
cb_i18n_get(void)
{
	return (current);
}

const char *
cb_lang_code(enum cb_lang lang)
{
	return (lang == CB_LANG_BS ? "bs" : "en");
}

int
cb_lang_parse(const char *s, size_t len)
{
	size_t		i;

	if (s == NULL)
		return (-1);
	if ((len == 2 && strncasecmp(s, "en", 2) == 0) ||
	    (len > 3 && strncasecmp(s, "en-", 3) == 0))
		return (CB_LANG_EN);
	for (i = 0; bs_codes[i] != NULL; i++) {
		if (strlen(bs_codes[i]) == len &&
		    strncasecmp(bs_codes[i], s, len) == 0)
			return (CB_LANG_BS);
	}
	return (-1);
}

/* "bs-BA,bs;q=0.9,en;q=0.8": the offered language of highest q; the
 * first one given among equals. */
enum cb_lang
cb_lang_accept(const char *h)
{
	const char	*p, *end, *semi, *tag_end;
	double		 q, best_q;
	int		 best, lang;

	best = CB_LANG_EN;
	best_q = -1.0;
	for (p = h; p != NULL && *p != '\0'; p = (*end == ',') ? end + 1 :
	    end) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		semi = memchr(p, ';', (size_t)(end - p));
		tag_end = semi != NULL ? semi : end;
		while (tag_end > p && tag_end[-1] == ' ')
			tag_end--;
		q = 1.0;
		if (semi != NULL && (semi = strstr(semi, "q=")) != NULL &&
		    semi < end)
			q = strtod(semi + 2, NULL);
		lang = cb_lang_parse(p, (size_t)(tag_end - p));
		if (lang != -1 && q > 0.0 && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return ((enum cb_lang)best);
}

const char *
cb_t(const char *key)
{
	const struct cb_i18n_entry	*e;

	if (key == NULL)
		return ("");
	if (current == CB_LANG_BS && (e = find_bs(key)) != NULL)
		return (e->text);
	e = find(key);
	return (e != NULL ? e->text : key);
}

int
cb_i18n_has_in(enum cb_lang lang, const char *key)
{
	const struct cb_i18n_entry	*e;

	if (lang == CB_LANG_BS)
		return ((e = find_bs(key)) != NULL && e->text[0] != '\0');
	return (find(key) != NULL);
}

int
cb_i18n_has(const char *key)
{
	return (find(key) != NULL);
}

static int
cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct cb_i18n_entry *)elem)->key));
}
