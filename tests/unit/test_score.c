/*
 * Unit tests for score.c and the schemes of vocab/rss.c: the scheme is
 * well-formed data (15 indicators, 5 per dimension, positive weights,
 * every option of every indicator mapped into [0, 1] or explicitly not
 * scored, the form drawn from the same option lists); known answers give
 * known scores; weights weigh; answers that are not scored are left out
 * of the mean; a dimension without a scored answer has no score and
 * then the composite has none either; scores stay within [0, 1] for any
 * answers; an unknown version or option is refused; the survey form
 * validates both faces alike and names the field at fault.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "core/casebook.h"
#include "domain/forms.h"
#include "domain/score.h"
#include "text/json.h"
#include "text/text.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define EPS		1e-9
#define PNS		"prefer_not_to_say"
/* cmocka 1.1 compares floats only. */
#define assert_near(a, b)	do {					\
	double	 a_ = (a), b_ = (b);				\
	if (a_ - b_ > EPS || b_ - a_ > EPS)				\
		fail_msg("%s = %.12f, want %.12f", #a, a_, b_);		\
} while (0)

/* The answers of test_known, in indicator order. */
static const char *const mixed[] = {
	"one_regular", "occasional_work", "no_debt", "rarely", "neutral",
	"temporary", "no_school_age_children", "limited_access",
	"all_documents", "same",
	"moderate", "sometimes", "never", "sometimes", "undecided",
};

static const struct cb_rss_scheme	*v1(void);
static void	 fill(const char **, size_t);
static void	 fill_worst(const char **);
static int	 codechars(const char *);
static char	*body(const char *const *, const char *, const char *,
		    const char *);
static char	*kvbody(const char *);
static int	 form_json(const char *, struct cb_values *,
		    struct cb_ferrors *);

static const struct cb_rss_scheme *
v1(void)
{
	const struct cb_rss_scheme	*sc;

	sc = cb_rss_scheme(1);
	assert_non_null(sc);
	return (sc);
}

/* Every indicator answered with its option at index opt (its first,
 * the best, for 0). */
static void
fill(const char **ans, size_t opt)
{
	const struct cb_rss_scheme	*sc;
	size_t				 i;

	sc = v1();
	for (i = 0; i < sc->nind; i++)
		ans[i] = sc->ind[i].options[opt];
}

/* Every indicator answered with its lowest scored option. */
static void
fill_worst(const char **ans)
{
	const struct cb_rss_scheme	*sc;
	size_t				 i, o;
	double				 lo;

	sc = v1();
	for (i = 0; i < sc->nind; i++) {
		lo = 2.0;
		for (o = 0; o < sc->ind[i].nscores; o++) {
			if (sc->ind[i].scores[o] >= 0.0 &&
			    sc->ind[i].scores[o] < lo) {
				lo = sc->ind[i].scores[o];
				ans[i] = sc->ind[i].options[o];
			}
		}
	}
}

/* [a-z_]+: indicator codes are audit field names. */
static int
codechars(const char *s)
{
	return (*s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz_") ==
	    strlen(s));
}

static void
test_versions(void **state)
{
	assert_non_null(cb_rss_scheme(CB_RSS_CURRENT));
	assert_int_equal(cb_rss_scheme(CB_RSS_CURRENT)->version,
	    CB_RSS_CURRENT);
	assert_ptr_equal(cb_rss_scheme(1), v1());
	assert_null(cb_rss_scheme(0));
	assert_null(cb_rss_scheme(-1));
	assert_null(cb_rss_scheme(2));
	assert_null(cb_rss_scheme(1000000));
	assert_string_equal(cb_rss_dim_name(CB_RSS_ECONOMIC), "economic");
	assert_string_equal(cb_rss_dim_name(CB_RSS_SOCIAL), "social");
	assert_string_equal(cb_rss_dim_name(CB_RSS_PSYCHOSOCIAL),
	    "psychosocial");
	assert_null(cb_rss_dim_name(CB_RSS_DIMS));
}

/* The scheme as data: shape, weights, every option mapped. */
static void
test_scheme_data(void **state)
{
	const struct cb_rss_scheme	*sc;
	const struct cb_rss_indicator	*ind;
	size_t				 i, j, o, per[CB_RSS_DIMS];
	int				 d, scored, pns;

	sc = v1();
	assert_int_equal(sc->nind, 15);
	assert_true(sc->nind <= CB_RSS_IND_MAX);
	memset(per, 0, sizeof(per));
	for (d = 0; d < CB_RSS_DIMS; d++)
		assert_true(sc->dim_weight[d] > 0.0);
	/* Equal by default (domain.md section 6). */
	assert_true(sc->dim_weight[0] == sc->dim_weight[1] &&
	    sc->dim_weight[1] == sc->dim_weight[2]);

	for (i = 0; i < sc->nind; i++) {
		ind = &sc->ind[i];
		assert_true(codechars(ind->code));
		assert_true(ind->dim >= 0 && ind->dim < CB_RSS_DIMS);
		per[ind->dim]++;
		if (!(ind->weight > 0.0))
			fail_msg("%s: weight %f", ind->code, ind->weight);
		for (j = 0; j < i; j++)
			assert_string_not_equal(sc->ind[j].code, ind->code);

		/* One score per option, each in [0, 1] or not scored. */
		for (o = 0; ind->options[o] != NULL; o++)
			;
		if (o != ind->nscores)
			fail_msg("%s: %zu options, %zu scores", ind->code, o,
			    ind->nscores);
		scored = pns = 0;
		for (o = 0; o < ind->nscores; o++) {
			assert_true(codechars(ind->options[o]));
			for (j = 0; j < o; j++)
				assert_string_not_equal(ind->options[j],
				    ind->options[o]);
			if (ind->scores[o] == CB_RSS_UNSCORED)
				continue;
			if (ind->scores[o] < 0.0 || ind->scores[o] > 1.0)
				fail_msg("%s.%s: score %f", ind->code,
				    ind->options[o], ind->scores[o]);
			scored++;
		}
		/* Something to score, from worst (0) to best (1). */
		assert_true(scored >= 2);
		o = (size_t)cb_rss_option(ind, PNS);
		assert_true(o < ind->nscores);
		assert_true(ind->scores[o] == CB_RSS_UNSCORED);
		assert_true(ind->scores[0] == 1.0);
		pns = 0;
		for (o = 0; o < ind->nscores; o++)
			pns += ind->scores[o] == 0.0;
		assert_true(pns >= 1);
	}
	for (d = 0; d < CB_RSS_DIMS; d++)
		assert_int_equal(per[d], 5);
}

/* The form is drawn from the scheme: one required ENUM per indicator
 * with the very same option list, E2, in indicator order. */
static void
test_form_matches(void **state)
{
	const struct cb_rss_scheme	*sc;
	const struct cb_form		*f;
	const struct cb_field		*fl;
	char				 name[CB_FNAME_MAX];
	size_t				 i;
	int				 k;

	sc = v1();
	f = sc->form;
	assert_non_null(f);
	assert_true(f->nfields <= CB_FORM_MAX);
	assert_int_equal(f->nfields, sc->nind + 3);
	for (i = 0; i < sc->nind; i++) {
		(void)snprintf(name, sizeof(name), "answers.%s",
		    sc->ind[i].code);
		k = cb_form_index(f, name);
		assert_int_equal(k, (int)i + 2);
		fl = &f->fields[k];
		assert_int_equal(fl->type, CB_F_ENUM);
		assert_int_equal(fl->class, CB_CLASS_E2);
		assert_int_equal(fl->required, CB_REQ_YES);
		assert_ptr_equal(fl->options, sc->ind[i].options);
	}
	fl = &f->fields[cb_form_index(f, "kind")];
	assert_int_equal(fl->type, CB_F_ENUM);
	assert_ptr_equal(fl->options, cb_opt_survey_kind);
	assert_string_equal(cb_opt_survey_kind[0], "baseline");
	assert_string_equal(cb_opt_survey_kind[1], "follow_up");
	assert_null(cb_opt_survey_kind[2]);
	fl = &f->fields[cb_form_index(f, "survey_date")];
	assert_int_equal(fl->type, CB_F_DATE);
	assert_int_equal(fl->required, CB_REQ_YES);
	fl = &f->fields[cb_form_index(f, "note")];
	assert_int_equal(fl->type, CB_F_TEXT);
	assert_int_equal(fl->class, CB_CLASS_E2);
	assert_int_equal(fl->required, CB_REQ_NO);
	assert_true(cb_field_multiline(fl));
}

static void
test_known(void **state)
{
	struct cb_rss_scores	 r;
	const char		*ans[CB_RSS_IND_MAX];

	assert_int_equal(NITEMS(mixed), v1()->nind);
	fill(ans, 0);
	assert_int_equal(cb_rss_score(v1(), ans, &r), 0);
	assert_true(r.has[0] && r.has[1] && r.has[2] && r.has_composite);
	assert_true(r.dim[0] == 1.0 && r.dim[1] == 1.0 && r.dim[2] == 1.0);
	assert_true(r.composite == 1.0);

	fill_worst(ans);
	assert_int_equal(cb_rss_score(v1(), ans, &r), 0);
	assert_true(r.has[0] && r.has[1] && r.has[2] && r.has_composite);
	assert_true(r.dim[0] == 0.0 && r.dim[1] == 0.0 && r.dim[2] == 0.0);
	assert_true(r.composite == 0.0);

	/*
	 * By hand: economic (3*.75 + 2*.5 + 2*1 + 3*.67 + 2*.5) / 12 =
	 * 8.26 / 12; social leaves out "no school-age children":
	 * (3*.5 + 3*.5 + 2*1 + 2*1) / 10 = .7; psychosocial
	 * (3*.6 + 2*.67 + 2*1 + 3*.6 + 2*.5) / 12 = 7.94 / 12; the
	 * composite their mean, 2.05 / 3.
	 */
	assert_int_equal(cb_rss_score(v1(), mixed, &r), 0);
	assert_true(r.has_composite);
	assert_near(r.dim[0], 8.26 / 12);
	assert_near(r.dim[1], 0.7);
	assert_near(r.dim[2], 7.94 / 12);
	assert_near(r.composite, 2.05 / 3);
}

/* One answer at its worst moves its dimension by its weight's share. */
static void
test_weights(void **state)
{
	const struct cb_rss_scheme	*sc;
	struct cb_rss_scores		 r;
	const char			*ans[CB_RSS_IND_MAX];
	const char			*worst[CB_RSS_IND_MAX];
	double				 wsum[CB_RSS_DIMS];
	size_t				 i;
	int				 d;

	sc = v1();
	memset(wsum, 0, sizeof(wsum));
	for (i = 0; i < sc->nind; i++)
		wsum[sc->ind[i].dim] += sc->ind[i].weight;
	fill_worst(worst);
	for (i = 0; i < sc->nind; i++) {
		fill(ans, 0);
		ans[i] = worst[i];
		assert_int_equal(cb_rss_score(sc, ans, &r), 0);
		d = sc->ind[i].dim;
		assert_near(r.dim[d], 1.0 - sc->ind[i].weight /
		    wsum[d]);
		assert_near(r.composite, 1.0 - sc->ind[i].weight /
		    wsum[d] / 3);
	}
	/* income_sources (3) weighs more than employment (2). */
	fill(ans, 0);
	ans[0] = "none";
	assert_int_equal(cb_rss_score(sc, ans, &r), 0);
	assert_near(r.dim[0], 0.75);
	fill(ans, 0);
	ans[1] = "not_working";
	assert_int_equal(cb_rss_score(sc, ans, &r), 0);
	assert_near(r.dim[0], 10.0 / 12);
}

/* Not scored: out of the mean, weight and all; a dimension without a
 * scored answer has no score, and the composite none either. */
static void
test_exclusion(void **state)
{
	const struct cb_rss_scheme	*sc;
	struct cb_rss_scores		 r;
	const char			*ans[CB_RSS_IND_MAX];
	size_t				 i;

	sc = v1();
	memcpy(ans, mixed, sizeof(mixed));
	ans[3] = PNS;			/* food_security, weight 3 */
	assert_int_equal(cb_rss_score(sc, ans, &r), 0);
	assert_near(r.dim[0], 6.25 / 9);

	/* Every economic answer withheld. */
	for (i = 0; i < 5; i++)
		ans[i] = PNS;
	assert_int_equal(cb_rss_score(sc, ans, &r), 0);
	assert_false(r.has[CB_RSS_ECONOMIC]);
	assert_true(r.has[CB_RSS_SOCIAL] && r.has[CB_RSS_PSYCHOSOCIAL]);
	assert_near(r.dim[1], 0.7);
	assert_false(r.has_composite);

	fill(ans, 0);
	for (i = 0; i < sc->nind; i++)
		ans[i] = PNS;
	assert_int_equal(cb_rss_score(sc, ans, &r), 0);
	assert_false(r.has[0] || r.has[1] || r.has[2] || r.has_composite);

	/* Only "does not apply" and withheld answers in social. */
	fill(ans, 0);
	for (i = 5; i < 10; i++)
		ans[i] = PNS;
	ans[6] = "no_school_age_children";
	assert_int_equal(cb_rss_score(sc, ans, &r), 0);
	assert_false(r.has[CB_RSS_SOCIAL]);
	assert_true(r.has[CB_RSS_ECONOMIC] && r.has[CB_RSS_PSYCHOSOCIAL]);
	assert_false(r.has_composite);
}

/* Any answers at all: within [0, 1], composite the mean of the three. */
static void
test_bounds(void **state)
{
	const struct cb_rss_scheme	*sc;
	struct cb_rss_scores		 r;
	const char			*ans[CB_RSS_IND_MAX];
	uint32_t			 x;
	size_t				 i, k;
	int				 d;

	sc = v1();
	x = 2463534242u;
	for (k = 0; k < 20000; k++) {
		for (i = 0; i < sc->nind; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			ans[i] = sc->ind[i].options[x % sc->ind[i].nscores];
		}
		assert_int_equal(cb_rss_score(sc, ans, &r), 0);
		for (d = 0; d < CB_RSS_DIMS; d++) {
			if (r.has[d])
				assert_true(r.dim[d] >= 0.0 &&
				    r.dim[d] <= 1.0);
		}
		assert_int_equal(r.has_composite,
		    r.has[0] && r.has[1] && r.has[2]);
		if (r.has_composite) {
			assert_true(r.composite >= 0.0 && r.composite <= 1.0);
			assert_near(r.composite,
			    (r.dim[0] + r.dim[1] + r.dim[2]) / 3);
		}
	}
}

static void
test_refused(void **state)
{
	struct cb_rss_scores	 r;
	const char		*ans[CB_RSS_IND_MAX];

	fill(ans, 0);
	ans[4] = "ecstatic";
	assert_int_equal(cb_rss_score(v1(), ans, &r), -1);
	assert_false(r.has_composite || r.has[0]);
	fill(ans, 0);
	ans[14] = NULL;
	assert_int_equal(cb_rss_score(v1(), ans, &r), -1);
	/* An option of another indicator is not this one's. */
	fill(ans, 0);
	ans[0] = "no_debt";
	assert_int_equal(cb_rss_score(v1(), ans, &r), -1);
	assert_int_equal(cb_rss_score(NULL, ans, &r), -1);
	assert_int_equal(cb_rss_score(v1(), NULL, &r), -1);
	assert_int_equal(cb_rss_option(&v1()->ind[0], NULL), -1);
	assert_int_equal(cb_rss_option(&v1()->ind[0], ""), -1);
	assert_int_equal(cb_rss_option(&v1()->ind[0], "several_regular"), 0);
}

/* A JSON body of the survey form: answers (NULL entries left out),
 * then extra members (raw JSON) inside answers and at the top. */
static char *
body(const char *const *ans, const char *inner, const char *top,
    const char *date)
{
	const struct cb_rss_scheme	*sc;
	struct kore_buf			 b;
	size_t				 i;
	int				 n;

	sc = v1();
	kore_buf_init(&b, 512);
	kore_buf_appendf(&b, "{\"kind\":\"baseline\",\"survey_date\":\"%s\","
	    "\"answers\":{", date);
	for (i = 0, n = 0; i < sc->nind; i++) {
		if (ans[i] == NULL)
			continue;
		kore_buf_appendf(&b, "%s\"%s\":\"%s\"", n++ ? "," : "",
		    sc->ind[i].code, ans[i]);
	}
	if (inner != NULL)
		kore_buf_appendf(&b, "%s%s", n ? "," : "", inner);
	kore_buf_appendf(&b, "}%s%s}", top != NULL ? "," : "",
	    top != NULL ? top : "");
	(void)kore_buf_stringify(&b, NULL);
	return ((char *)b.data);
}

static int
form_json(const char *doc, struct cb_values *vals, struct cb_ferrors *fe)
{
	struct cb_json		*j;
	struct cb_json_error	 err;
	int			 rc;

	j = NULL;
	if (cb_json_parse(doc, strlen(doc), &j, &err) != 0)
		fail_msg("test JSON rejected at %zu: %s: %s", err.offset,
		    err.reason, doc);
	rc = cb_form_from_json(v1()->form, j, vals, fe);
	cb_json_free(j);
	return (rc);
}

/* The form, scored: the same scores as from the answers themselves;
 * bad input names its field. */
static void
test_form(void **state)
{
	struct cb_values	 vals;
	struct cb_ferrors	 fe;
	struct cb_rss_scores	 r, want;
	const char		*ans[CB_RSS_IND_MAX];
	char			*doc;

	memcpy(ans, mixed, sizeof(mixed));
	doc = body(ans, NULL, "\"note\":\"Line one\\nline two\"",
	    "2024-03-01");
	assert_int_equal(form_json(doc, &vals, &fe), 0);
	assert_int_equal(cb_rss_score_values(v1(), &vals, &r), 0);
	assert_int_equal(cb_rss_score(v1(), mixed, &want), 0);
	assert_memory_equal(&r, &want, sizeof(r));
	assert_string_equal(cb_values_get(&vals, "note"),
	    "Line one\nline two");
	cb_values_clear(&vals);
	kore_free(doc);

	/* A forgotten question is named; "prefer not to say" is not one. */
	ans[5] = NULL;
	doc = body(ans, NULL, NULL, "2024-03-01");
	assert_int_equal(form_json(doc, &vals, &fe), -1);
	assert_int_equal(fe.n, 1);
	assert_string_equal(fe.field[0], "answers.housing");
	assert_string_equal(fe.msg[0], "err.required");
	cb_values_clear(&vals);
	kore_free(doc);

	memcpy(ans, mixed, sizeof(mixed));
	ans[5] = "palace";
	doc = body(ans, "\"pets\":\"cat\"", "\"mood\":\"fine\"", "2024-03-01");
	assert_int_equal(form_json(doc, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "answers.housing"),
	    "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "answers.pets"),
	    "err.unknown_field");
	assert_string_equal(cb_ferrors_get(&fe, "mood"), "err.unknown_field");
	assert_int_equal(fe.n, 3);
	cb_values_clear(&vals);
	kore_free(doc);

	/* Dates: a real day, not in the future. */
	memcpy(ans, mixed, sizeof(mixed));
	doc = body(ans, NULL, NULL, "2024-02-30");
	assert_int_equal(form_json(doc, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "survey_date"), "err.date");
	cb_values_clear(&vals);
	kore_free(doc);
	doc = body(ans, NULL, NULL, "2999-01-01");
	assert_int_equal(form_json(doc, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "survey_date"), "err.date");
	cb_values_clear(&vals);
	kore_free(doc);

	/* answers must be an object; kind one of the kinds. */
	assert_int_equal(form_json("{\"kind\":\"yearly\",\"survey_date\":"
	    "\"2024-03-01\",\"answers\":\"all good\"}", &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "answers"), "err.type");
	assert_string_equal(cb_ferrors_get(&fe, "kind"), "err.option");
	cb_values_clear(&vals);
}

/* A form post of the mixed answers, housing given as housing. */
static char *
kvbody(const char *housing)
{
	const struct cb_rss_scheme	*sc;
	struct kore_buf			 b;
	size_t				 i;

	sc = v1();
	kore_buf_init(&b, 512);
	kore_buf_appendf(&b, "csrf=x&form_token=y&kind=follow_up&"
	    "survey_date=2024-03-01&note=Ok");
	for (i = 0; i < sc->nind; i++)
		kore_buf_appendf(&b, "&answers.%s=%s", sc->ind[i].code,
		    i == 5 ? housing : mixed[i]);
	(void)kore_buf_stringify(&b, NULL);
	return ((char *)b.data);
}

/* The form post gives the same verdict and scores as the JSON body. */
static void
test_form_kv(void **state)
{
	const struct cb_rss_scheme	*sc;
	struct cb_kvlist		 kv;
	struct cb_values		 vals;
	struct cb_ferrors		 fe;
	struct cb_rss_scores		 r, want;
	char				*s;

	sc = v1();
	s = kvbody(mixed[5]);
	assert_int_equal(cb_kv_parse(s, strlen(s), 64, &kv), 0);
	assert_int_equal(cb_form_from_kv(sc->form, &kv, &vals, &fe), 0);
	assert_int_equal(cb_rss_score_values(sc, &vals, &r), 0);
	assert_int_equal(cb_rss_score(sc, mixed, &want), 0);
	assert_memory_equal(&r, &want, sizeof(r));
	assert_string_equal(cb_values_get(&vals, "kind"), "follow_up");
	cb_values_clear(&vals);
	cb_kv_free(&kv);
	kore_free(s);

	/* An empty select is no answer; a wrong one is named. */
	s = kvbody("");
	assert_int_equal(cb_kv_parse(s, strlen(s), 64, &kv), 0);
	assert_int_equal(cb_form_from_kv(sc->form, &kv, &vals, &fe), -1);
	assert_int_equal(fe.n, 1);
	assert_string_equal(cb_ferrors_get(&fe, "answers.housing"),
	    "err.required");
	cb_values_clear(&vals);
	cb_kv_free(&kv);
	kore_free(s);
	s = kvbody("castle");
	assert_int_equal(cb_kv_parse(s, strlen(s), 64, &kv), 0);
	assert_int_equal(cb_form_from_kv(sc->form, &kv, &vals, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "answers.housing"),
	    "err.option");
	/* Input is kept to draw the form again. */
	assert_string_equal(cb_values_get(&vals, "answers.housing"),
	    "castle");
	cb_values_clear(&vals);
	cb_kv_free(&kv);
	kore_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_scheme_data),
		cmocka_unit_test(test_form_matches),
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_exclusion),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_form_kv),
	};

	return (cmocka_run_group_tests_name("score", tests, NULL, NULL));
}
