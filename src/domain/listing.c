/*
 * listing: the vocabularies of the case list's filters and the homes'
 * counts, read off the lifecycle tables so that a state added there is
 * offered, validated and counted here without being retyped.
 */
#include <sys/types.h>

#include <string.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/listing.h"

static const enum cb_case_type	types[] = { CB_CASE_AVRR, CB_CASE_CT };

static size_t	collect(const char **, size_t, int);
static int	seen(const char **, size_t, const char *);

static int
seen(const char **list, size_t n, const char *name)
{
	size_t		i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], name) == 0)
			return (1);
	}
	return (0);
}

/* The states of both machines, each once; only pending ones if asked. */
static size_t
collect(const char **out, size_t max, int pending_only)
{
	const struct cb_state	*st;
	size_t			 t, i, ns, n;

	n = 0;
	for (t = 0; t < NITEMS(types); t++) {
		st = cb_flow_states(types[t], &ns);
		for (i = 0; i < ns && n < max; i++) {
			if (pending_only && st[i].stage != NULL)
				continue;
			if (!seen(out, n, st[i].name))
				out[n++] = st[i].name;
		}
	}
	return (n);
}

size_t
cb_list_states(const char **out, size_t max)
{
	return (collect(out, max, 0));
}

size_t
cb_list_pending_states(const char **out, size_t max)
{
	return (collect(out, max, 1));
}

int
cb_list_stage_valid(const char *name)
{
	size_t		i;

	if (name == NULL)
		return (0);
	for (i = 0; cb_flow_stages[i] != NULL; i++) {
		if (strcmp(cb_flow_stages[i], name) == 0)
			return (1);
	}
	return (0);
}

int
cb_list_state_valid(const char *name)
{
	size_t		t;

	if (name == NULL)
		return (0);
	for (t = 0; t < NITEMS(types); t++) {
		if (cb_flow_state(types[t], name) != NULL)
			return (1);
	}
	return (0);
}

long long
cb_home_get(const struct cb_home *h, const char *kind, const char *key)
{
	size_t		i;

	for (i = 0; i < h->n; i++) {
		if (strcmp(h->items[i].kind, kind) == 0 && (key == NULL ||
		    strcmp(h->items[i].key, key) == 0))
			return (h->items[i].count);
	}
	return (0);
}

void
cb_home_clear(struct cb_home *h)
{
	kore_free(h->items);
	h->items = NULL;
	h->n = 0;
}
