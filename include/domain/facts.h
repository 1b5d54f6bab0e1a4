/*
 * facts: the coded answers (Q) and process facts (P) that transitions
 * record as plain columns of a case, so that guards can read them and
 * statistics can count them. Everything else a transition collects
 * (free text, identifiers, health detail) is sealed instead.
 */
#ifndef CB_FACTS_H
#define CB_FACTS_H

#include <stddef.h>

struct kore_buf;
struct cb_json;
struct cb_values;

enum cb_fact_type {
	CB_FACT_TEXT,		/* a code (or a country) */
	CB_FACT_LIST,		/* codes, text[] */
	CB_FACT_BOOL,
	CB_FACT_DATE,
	CB_FACT_NUMBER		/* numeric(12,2) */
};

struct cb_fact_def {
	const char		*name;	/* the cases column, and the field */
	enum cb_fact_type	 type;
	/* The vocabulary the column's CHECK allows; NULL for a country, a
	 * date, a number or a yes/no. */
	const char *const	*options;
	int			 country;
	/* Not a column of cases: known from elsewhere (the person's
	 * consent), set by the engine for the guards. */
	int			 derived;
};

extern const struct cb_fact_def	cb_fact_defs[];
extern const size_t		cb_fact_ndefs;

/* The definition of a fact column, NULL when name is not one. */
const struct cb_fact_def *cb_fact_def(const char *);

#define CB_FACTS_MAX	64

/* A case's facts by name; values are owned copies, lists joined by
 * ',' and yes/no as "true"/"false", as the forms keep them. */
struct cb_facts {
	size_t		 n;
	const char	*name[CB_FACTS_MAX];
	char		*value[CB_FACTS_MAX];
};

void		 cb_facts_init(struct cb_facts *);
void		 cb_facts_clear(struct cb_facts *);
/* Sets (or replaces) a fact; unknown names are ignored (-1). */
int		 cb_facts_set(struct cb_facts *, const char *, const char *,
		    size_t);
const char	*cb_facts_get(const struct cb_facts *, const char *);
int		 cb_facts_true(const struct cb_facts *, const char *);
/* 1 when the list fact name contains item. */
int		 cb_facts_contains(const struct cb_facts *, const char *,
		    const char *);
/* The facts of a JSON object as the store returns them (NULL members
 * and unknown names skipped); -1 on a member of the wrong type. */
int		 cb_facts_from_json(struct cb_facts *, const struct cb_json *);
/* Overlays the fact fields of validated values (absent ones kept). */
void		 cb_facts_overlay(struct cb_facts *, const struct cb_values *);
/* The fact fields of validated values as one JSON object, for the
 * store ("{}" when there is none). */
void		 cb_facts_json(struct kore_buf *, const struct cb_values *);
/* The same for facts already gathered (an approval's, say). */
void		 cb_facts_to_json(struct kore_buf *, const struct cb_facts *);

#endif
