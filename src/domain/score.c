/*
 * score: answers to dimension scores and a composite, by the rules of
 * include/domain/score.h. Pure arithmetic on a scheme's data; the
 * store rounds to four decimals (numeric(5,4)).
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/score.h"

static const char *const dim_names[CB_RSS_DIMS] = {
	"economic", "social", "psychosocial"
};

const char *
cb_rss_dim_name(enum cb_rss_dim d)
{
	if ((int)d < 0 || d >= CB_RSS_DIMS)
		return (NULL);
	return (dim_names[d]);
}

int
cb_rss_option(const struct cb_rss_indicator *ind, const char *code)
{
	size_t		i;

	if (ind == NULL || code == NULL)
		return (-1);
	for (i = 0; ind->options[i] != NULL && i < ind->nscores; i++) {
		if (strcmp(ind->options[i], code) == 0)
			return ((int)i);
	}

	return (-1);
}

/*
 * Sums in indicator order, then divides: the same operations in the
 * same order give the same double anywhere (the tests recompute it).
 */
int
cb_rss_score(const struct cb_rss_scheme *sc, const char *const *answers,
    struct cb_rss_scores *out)
{
	double		 wsum[CB_RSS_DIMS], ssum[CB_RSS_DIMS], w, s;
	const struct cb_rss_indicator *ind;
	size_t		 i;
	int		 d, o;

	memset(out, 0, sizeof(*out));
	if (sc == NULL || answers == NULL)
		return (-1);
	memset(wsum, 0, sizeof(wsum));
	memset(ssum, 0, sizeof(ssum));

	for (i = 0; i < sc->nind; i++) {
		ind = &sc->ind[i];
		if ((o = cb_rss_option(ind, answers[i])) == -1)
			return (-1);
		s = ind->scores[o];
		if (s < 0.0)
			continue;
		wsum[ind->dim] += ind->weight;
		ssum[ind->dim] += ind->weight * s;
	}

	w = 0.0;
	s = 0.0;
	out->has_composite = 1;
	for (d = 0; d < CB_RSS_DIMS; d++) {
		if (wsum[d] <= 0.0) {
			out->has_composite = 0;
			continue;
		}
		out->has[d] = 1;
		out->dim[d] = ssum[d] / wsum[d];
		w += sc->dim_weight[d];
		s += sc->dim_weight[d] * out->dim[d];
	}
	if (out->has_composite)
		out->composite = s / w;

	return (0);
}

int
cb_rss_score_values(const struct cb_rss_scheme *sc,
    const struct cb_values *vals, struct cb_rss_scores *out)
{
	const char	*answers[CB_RSS_IND_MAX];
	char		 name[CB_FNAME_MAX];
	size_t		 i;

	memset(out, 0, sizeof(*out));
	if (sc == NULL || vals == NULL || sc->nind > CB_RSS_IND_MAX)
		return (-1);
	for (i = 0; i < sc->nind; i++) {
		(void)snprintf(name, sizeof(name), "answers.%s",
		    sc->ind[i].code);
		answers[i] = cb_values_get(vals, name);
	}

	return (cb_rss_score(sc, answers, out));
}
