/*
 * history: releasing a case's history. The opened values are personal
 * or sensitive text: wiped before they are freed.
 */
#include <sys/types.h>

#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "domain/history.h"

static void	wipe(char *);

static void
wipe(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	kore_free(s);
}

int
cb_history_is(const struct cb_history_item *it, const char *kind,
    const char *event)
{
	return (strcmp(it->kind, kind) == 0 &&
	    (event == NULL || strcmp(it->event, event) == 0));
}

void
cb_history_clear(struct cb_history *h)
{
	size_t		i;

	for (i = 0; h->items != NULL && i < h->n; i++) {
		cb_facts_clear(&h->items[i].facts);
		wipe(h->items[i].reason);
		wipe(h->items[i].data);
		wipe(h->items[i].comment);
	}
	kore_free(h->items);
	h->items = NULL;
	h->n = 0;
}
