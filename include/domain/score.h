/*
 * score: reintegration sustainability scoring (domain.md section 6).
 * A scheme is data with a version: its indicators, each in one of the
 * three dimensions with a positive weight and a map from every answer
 * option to a score on [0, 1] (or to "not scored": prefer not to say,
 * does not apply). A survey keeps the version it was scored with, and
 * every version stays here, so an old survey is shown as it was scored.
 *
 * Rules of the score:
 *   - a dimension score is the weighted mean of the scores of its
 *     indicators that were answered with a scored option; answers that
 *     are not scored are left out of the mean (their weight too);
 *   - a dimension with no scored answer has no score (NULL);
 *   - the composite is the weighted mean of the three dimension scores
 *     (equal weights in version 1), and only exists when all three do:
 *     a composite over fewer dimensions would not be comparable with
 *     the others of the same case over time, so it is NULL then.
 */
#ifndef CB_SCORE_H
#define CB_SCORE_H

#include <stddef.h>

struct cb_form;
struct cb_values;

enum cb_rss_dim {
	CB_RSS_ECONOMIC,
	CB_RSS_SOCIAL,
	CB_RSS_PSYCHOSOCIAL,
	CB_RSS_DIMS
};

/* The score of an option that is not scored (left out of the mean). */
#define CB_RSS_UNSCORED		(-1.0)
/* The most indicators a scheme may have (a survey form holds them all
 * besides kind, survey_date and note: see CB_FORM_MAX). */
#define CB_RSS_IND_MAX		24
/* The version new surveys are scored with. */
#define CB_RSS_CURRENT		1

/*
 * code is [a-z_] (an audit field name); weight > 0, relative within the
 * dimension; options NULL-terminated (the form's own list), scores one
 * per option, each on [0, 1] or CB_RSS_UNSCORED.
 */
struct cb_rss_indicator {
	const char		*code;
	enum cb_rss_dim		 dim;
	double			 weight;
	const char *const	*options;
	const double		*scores;
	size_t			 nscores;
};

struct cb_rss_scheme {
	int				 version;
	const struct cb_rss_indicator	*ind;
	size_t				 nind;
	double				 dim_weight[CB_RSS_DIMS];
	/* The survey form of this version: kind, survey_date, one ENUM
	 * "answers.<code>" per indicator in order, note. */
	const struct cb_form		*form;
};

struct cb_rss_scores {
	int		has[CB_RSS_DIMS];
	double		dim[CB_RSS_DIMS];
	int		has_composite;
	double		composite;
};

/* Survey kinds: "baseline", "follow_up" (NULL-terminated). */
extern const char *const	cb_opt_survey_kind[];

/* The scheme of a version, or NULL for a version that never existed. */
const struct cb_rss_scheme	*cb_rss_scheme(int version);
/* "economic", "social", "psychosocial" (also the JSON and SQL names). */
const char	*cb_rss_dim_name(enum cb_rss_dim);
/* Index of option in indicator's options, or -1. */
int		 cb_rss_option(const struct cb_rss_indicator *,
		    const char *);

/* Scores answers[i], the option code given for indicator i (NULL or an
 * unknown code: -1, nothing scored). 0 on success. */
int	cb_rss_score(const struct cb_rss_scheme *,
	    const char *const *answers, struct cb_rss_scores *);
/* The same from the validated values of the scheme's form. */
int	cb_rss_score_values(const struct cb_rss_scheme *,
	    const struct cb_values *, struct cb_rss_scores *);

#endif
