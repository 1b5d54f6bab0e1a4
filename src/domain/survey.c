/*
 * survey: where a survey may be added, and sealing and opening what it
 * says. The audit entry names the fields given, never their values.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/flow.h"
#include "domain/forms.h"
#include "domain/score.h"
#include "domain/survey.h"
#include "text/json.h"
#include "vault/vault.h"

#define TABLE		"surveys"
#define COLUMN		"answers"

/* States of the AVRR flow (domain/flow.c) in which a survey is taken:
 * reintegration assistance under way, and monitoring after it. */
static const char *const survey_states[] = {
	"reintegration_assistance",
	"monitoring",
	NULL
};

static char	*dup_json(const struct cb_json *);
static void	 wipe_free(char *);
static int	 answers_from(const struct cb_json *,
		    struct cb_survey_answers *);
static void	 answers_clear(struct cb_survey_answers *);

int
cb_survey_allowed(const char *case_type, const char *state)
{
	enum cb_case_type	t;
	size_t			i;

	if (cb_case_type_parse(case_type, &t) != 0 || t != CB_CASE_AVRR ||
	    state == NULL)
		return (0);
	for (i = 0; survey_states[i] != NULL; i++) {
		if (strcmp(survey_states[i], state) == 0)
			return (1);
	}

	return (0);
}

int
cb_survey_may_add(int role, const char *case_type, const char *state)
{
	return (role == CB_ROLE_CASEWORKER &&
	    cb_survey_allowed(case_type, state));
}

int
cb_survey_seal(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int seal_version, const struct cb_rss_scheme *sc,
    const struct cb_values *vals, struct cb_survey_sealed *ss)
{
	const struct cb_form	*form;
	struct kore_buf		*buf;
	const char		*v, *name;
	size_t			 i;
	int			 n, ret;

	ret = -1;
	memset(ss, 0, sizeof(*ss));
	if (sc == NULL || vals == NULL || vals->form != sc->form)
		return (-1);
	form = sc->form;
	cb_uuid_new(ss->id);

	buf = kore_buf_alloc(1024);
	kore_buf_appendf(buf, "{\"scheme\":%d,\"answers\":{", sc->version);
	for (i = 0, n = 0; i < form->nfields; i++) {
		name = form->fields[i].name;
		if ((v = vals->v[i]) == NULL || vals->len[i] == 0)
			continue;
		if (ss->fields[0] != '\0')
			(void)cb_strlcat(ss->fields, ",", sizeof(ss->fields));
		(void)cb_strlcat(ss->fields, name, sizeof(ss->fields));
		if (strncmp(name, "answers.", 8) != 0)
			continue;
		if (n++ > 0)
			kore_buf_append(buf, ",", 1);
		cb_json_cstr(buf, name + 8);
		kore_buf_append(buf, ":", 1);
		cb_json_str(buf, v, vals->len[i]);
	}
	kore_buf_append(buf, "}", 1);
	if ((v = cb_values_get(vals, "note")) != NULL && *v != '\0') {
		kore_buf_appendf(buf, ",\"note\":");
		cb_json_cstr(buf, v);
	}
	kore_buf_append(buf, "}", 1);

	ss->len = buf->offset + CB_VAULT_OVERHEAD;
	ss->answers = kore_malloc(ss->len);
	if (cb_vault_seal(dk, TABLE, COLUMN, ss->id, seal_version, buf->data,
	    buf->offset, ss->answers) == 0)
		ret = 0;

	sodium_memzero(buf->data, buf->length);
	kore_buf_free(buf);
	if (ret == -1)
		cb_survey_sealed_clear(ss);
	return (ret);
}

void
cb_survey_sealed_clear(struct cb_survey_sealed *ss)
{
	kore_free(ss->answers);
	sodium_memzero(ss, sizeof(*ss));
}

/* A kore_malloc'ed copy of a JSON string's text. */
static char *
dup_json(const struct cb_json *j)
{
	char	*p;

	p = kore_malloc(j->len + 1);
	memcpy(p, j->str, j->len);
	p[j->len] = '\0';
	return (p);
}

/* Only what cb_survey_seal writes is taken: strings, at most
 * CB_RSS_IND_MAX answers. */
static int
answers_from(const struct cb_json *doc, struct cb_survey_answers *a)
{
	const struct cb_json	*j, *m;

	if (doc == NULL || doc->type != CB_JSON_OBJECT)
		return (-1);
	j = cb_json_get(doc, "answers");
	if (j == NULL || j->type != CB_JSON_OBJECT)
		return (-1);
	for (m = j->child; m != NULL; m = m->next) {
		if (m->type != CB_JSON_STRING || a->n >= CB_RSS_IND_MAX)
			return (-1);
		a->code[a->n] = kore_malloc(m->keylen + 1);
		memcpy(a->code[a->n], m->key, m->keylen);
		a->code[a->n][m->keylen] = '\0';
		a->value[a->n] = dup_json(m);
		a->n++;
	}
	j = cb_json_get(doc, "note");
	if (j != NULL) {
		if (j->type != CB_JSON_STRING)
			return (-1);
		a->note = dup_json(j);
	}

	return (0);
}

static void
wipe_free(char *p)
{
	if (p == NULL)
		return;
	sodium_memzero(p, strlen(p));
	kore_free(p);
}

static void
answers_clear(struct cb_survey_answers *a)
{
	size_t		i;

	for (i = 0; i < a->n; i++) {
		wipe_free(a->code[i]);
		wipe_free(a->value[i]);
	}
	wipe_free(a->note);
	memset(a, 0, sizeof(*a));
}

int
cb_survey_open(const unsigned char dk[CB_VAULT_KEY_LEN],
    unsigned int seal_version, struct cb_survey *s)
{
	struct cb_json	*doc;
	char		*pt;
	size_t		 len;
	int		 ret;

	ret = -1;
	doc = NULL;
	pt = NULL;
	if (s->sealed == NULL || s->sealed_len < CB_VAULT_OVERHEAD)
		return (-1);
	len = s->sealed_len - CB_VAULT_OVERHEAD;
	pt = kore_malloc(len + 1);
	if (cb_vault_unseal(dk, TABLE, COLUMN, s->id, seal_version,
	    s->sealed, s->sealed_len, pt, NULL) == -1)
		goto cleanup;
	if (cb_json_parse(pt, len, &doc, NULL) != 0)
		goto cleanup;
	if (answers_from(doc, &s->answers) == -1)
		goto cleanup;
	s->opened = 1;
	ret = 0;

cleanup:
	if (ret == -1)
		answers_clear(&s->answers);
	cb_json_free(doc);
	sodium_memzero(pt, len + 1);
	kore_free(pt);
	return (ret);
}

void
cb_survey_clear(struct cb_survey *s)
{
	if (s == NULL)
		return;
	if (s->sealed != NULL) {
		sodium_memzero(s->sealed, s->sealed_len);
		kore_free(s->sealed);
	}
	answers_clear(&s->answers);
	sodium_memzero(s, sizeof(*s));
}

void
cb_surveys_free(struct cb_survey *items, size_t n)
{
	size_t		i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++)
		cb_survey_clear(&items[i]);
	kore_free(items);
}
