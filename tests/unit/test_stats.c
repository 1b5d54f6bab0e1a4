/*
 * Unit tests for domain/stats (dims, queries, the perturbation table,
 * suppression, published tables) and its faces in render/ (JSON, CSV
 * with its formula guard, the SVG chart, the auditor's page), the audit
 * log's filters and pages, and the stats_k setting. Known small tables
 * with their expected output: which cells are suppressed, which values
 * the keys give, that margins are perturbed on their own.
 */
#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <kore/kore.h>

#include "out.h"

#include "core/casebook.h"
#include "core/config.h"
#include "domain/auditlog.h"
#include "domain/forms.h"
#include "domain/stats.h"
#include "render/html.h"
#include "render/i18n.h"
#include "render/render.h"
#include "render/stats.h"
#include "text/csv.h"
#include "text/text.h"

#define K		11
/* A cell key whose top 8 bits (the table's bucket) are b. */
#define KEY(b)		((uint64_t)(b) << 23)

static void	parse(const char *, struct cb_kvlist *);
static int	query(const char *, int, struct cb_stats_query *,
		    struct cb_ferrors *);
static void	small_table(struct cb_stats_table *, struct cb_stats_query *);
static void	add(struct cb_stats_table *, enum cb_stats_kind, size_t,
		    const char *, const char *, long long, uint64_t);

static void
parse(const char *qs, struct cb_kvlist *kv)
{
	memset(kv, 0, sizeof(*kv));
	assert_int_equal(cb_kv_parse(qs, strlen(qs), 64, kv), 0);
}

static int
query(const char *qs, int need, struct cb_stats_query *q,
    struct cb_ferrors *fe)
{
	struct cb_kvlist	kv;
	int			rc;

	memset(fe, 0, sizeof(*fe));
	parse(qs, &kv);
	rc = cb_stats_query_parse(&kv, need, q, fe);
	cb_kv_free(&kv);
	return (rc);
}

static void
add(struct cb_stats_table *t, enum cb_stats_kind kind, size_t dim,
    const char *v0, const char *v1, long long n, uint64_t key)
{
	const char	*v[CB_STATS_DIMS_MAX] = { v0, v1, NULL, NULL };

	assert_int_equal(cb_stats_table_add(t, kind, dim, v, n, key), 0);
}

/*
 * citizenship x gender, true counts:
 *            Feminine  Masculine  | margin
 *   AF         30         12      |  42
 *   SO          3         25      |  28
 *   (none)      -         11      |  11
 *   margin     33         48      |  total 81
 * SO/Feminine (3) must be suppressed; the others perturbed by the
 * buckets given.
 */
static void
small_table(struct cb_stats_table *t, struct cb_stats_query *q)
{
	struct cb_ferrors	fe;

	assert_int_equal(query("dims=citizenship,gender", 1, q, &fe), 0);
	cb_stats_table_init(t, q, K);
	/* Out of order on purpose: the table sorts. */
	add(t, CB_STATS_CELL, 0, "SO", "Masculine", 25, KEY(0));
	add(t, CB_STATS_CELL, 0, "AF", "Masculine", 12, KEY(200));
	add(t, CB_STATS_CELL, 0, NULL, "Masculine", 11, KEY(0));
	add(t, CB_STATS_CELL, 0, "AF", "Feminine", 30, KEY(102));
	add(t, CB_STATS_CELL, 0, "SO", "Feminine", 3, KEY(77));
	add(t, CB_STATS_MARGIN, 0, "AF", NULL, 42, KEY(255));
	add(t, CB_STATS_MARGIN, 0, "SO", NULL, 28, KEY(60));
	add(t, CB_STATS_MARGIN, 0, NULL, NULL, 11, KEY(129));
	add(t, CB_STATS_MARGIN, 1, NULL, "Masculine", 48, KEY(160));
	add(t, CB_STATS_MARGIN, 1, NULL, "Feminine", 33, KEY(0));
	add(t, CB_STATS_TOTAL, 0, NULL, NULL, 81, KEY(51));
	cb_stats_table_finish(t);
}

/* ------------------------------------------------------------ ptable */

static void
test_noise_rows(void **state)
{
	long long	n;
	int		b, v, sum, nonzero, seen[5];
	int		k;

	(void)state;
	for (k = K; k <= 25; k += 14) {
		for (n = k; n < 6 * k; n++) {
			sum = 0;
			memset(seen, 0, sizeof(seen));
			for (b = 0; b < 256; b++) {
				v = cb_stats_noise(n, (uint32_t)KEY(b), k);
				assert_true(v >= -CB_STATS_NOISE_MAX &&
				    v <= CB_STATS_NOISE_MAX);
				/* Never published below k. */
				assert_true(n + v >= k);
				/* A small count is never shown exactly. */
				if (n < 2 * k)
					assert_int_not_equal(v, 0);
				seen[v + 2]++;
				sum += v;
			}
			/* Unbiased everywhere but at k itself. */
			if (n == k)
				assert_int_equal(sum, 128 * 1 + 128 * 2);
			else
				assert_int_equal(sum, 0);
			nonzero = seen[0] + seen[1] + seen[3] + seen[4];
			if (n >= 2 * k)
				assert_int_equal(nonzero, 256 - 52);
		}
	}
	/* The low bits do not matter: one bucket is one noise. */
	assert_int_equal(cb_stats_noise(40, (uint32_t)KEY(17), K),
	    cb_stats_noise(40, (uint32_t)KEY(17) + 8388607, K));
}

static void
test_publish(void **state)
{
	(void)state;
	assert_int_equal(cb_stats_publish(0, 12345, K), 0);
	assert_int_equal(cb_stats_publish(1, 12345, K), -1);
	assert_int_equal(cb_stats_publish(10, 12345, K), -1);
	/* n = k: +1 in the first half, +2 in the second. */
	assert_int_equal(cb_stats_publish(11, KEY(0), K), 12);
	assert_int_equal(cb_stats_publish(11, KEY(127), K), 12);
	assert_int_equal(cb_stats_publish(11, KEY(128), K), 13);
	/* n = k + 1: -1 (144), +1 (80), +2 (32). */
	assert_int_equal(cb_stats_publish(12, KEY(143), K), 11);
	assert_int_equal(cb_stats_publish(12, KEY(144), K), 13);
	assert_int_equal(cb_stats_publish(12, KEY(224), K), 14);
	/* Small: -2 -1 +1 +2 by quarters. */
	assert_int_equal(cb_stats_publish(15, KEY(0), K), 13);
	assert_int_equal(cb_stats_publish(15, KEY(64), K), 14);
	assert_int_equal(cb_stats_publish(15, KEY(128), K), 16);
	assert_int_equal(cb_stats_publish(15, KEY(255), K), 17);
	/* Large: -2 (51) -1 (51) 0 (52) +1 (51) +2 (51). */
	assert_int_equal(cb_stats_publish(30, KEY(50), K), 28);
	assert_int_equal(cb_stats_publish(30, KEY(51), K), 29);
	assert_int_equal(cb_stats_publish(30, KEY(102), K), 30);
	assert_int_equal(cb_stats_publish(30, KEY(153), K), 30);
	assert_int_equal(cb_stats_publish(30, KEY(154), K), 31);
	assert_int_equal(cb_stats_publish(30, KEY(205), K), 32);
	/* The key is the sum modulo 2^31. */
	assert_int_equal(cb_stats_publish(30, CB_STATS_MODULUS * 7 + KEY(102),
	    K), 30);
	/* k is the threshold: 15 is suppressed at k = 20. */
	assert_int_equal(cb_stats_publish(15, KEY(0), 20), -1);
	assert_int_equal(cb_stats_publish(20, KEY(0), 20), 21);
}

/*
 * The noise of a cell depends on its own key only: adding one case
 * (a new key) to a set changes the noise independently of the old
 * one; over all 256 x 256 pairs of buckets, a difference of two counts
 * equals the true difference exactly when the two noises are equal,
 * 1 time in 4 for small counts and about 1 in 5 for large ones.
 */
static void
test_difference_rates(void **state)
{
	int	a, b, hits;

	(void)state;
	hits = 0;
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			hits += cb_stats_noise(15, (uint32_t)KEY(a), K) ==
			    cb_stats_noise(16, (uint32_t)KEY(b), K);
	assert_int_equal(hits, 4 * 64 * 64);
	hits = 0;
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			hits += cb_stats_noise(40, (uint32_t)KEY(a), K) ==
			    cb_stats_noise(45, (uint32_t)KEY(b), K);
	assert_int_equal(hits, 4 * 51 * 51 + 52 * 52);
}

/* ------------------------------------------------------------- tables */

static void
test_small_table(void **state)
{
	struct cb_stats_query	 q;
	struct cb_stats_table	 t;
	const struct cb_stats_cell *c;

	(void)state;
	small_table(&t, &q);
	assert_int_equal(t.ncells, 5);
	/* Sorted: countries by code, genders in vocabulary order (Feminine
	 * first), not recorded last. */
	assert_string_equal(t.cells[0].v[0], "AF");
	assert_string_equal(t.cells[0].v[1], "Feminine");
	assert_int_equal(t.cells[0].count, 30);		/* bucket 102: 0 */
	assert_string_equal(t.cells[1].v[1], "Masculine");
	assert_int_equal(t.cells[1].count, 13);		/* 12, bucket 200 */
	assert_string_equal(t.cells[2].v[0], "SO");
	assert_int_equal(t.cells[2].count, -1);		/* 3: suppressed */
	assert_int_equal(t.cells[3].count, 23);		/* 25 - 2 */
	assert_null(t.cells[4].v[0]);
	assert_int_equal(t.cells[4].count, 12);		/* 11 + 1 */
	c = cb_stats_table_cell2(&t, "SO", "Feminine");
	assert_non_null(c);
	assert_int_equal(c->count, -1);
	assert_null(cb_stats_table_cell2(&t, NULL, "Feminine"));
	/* Margins are cells of their own, not sums of published cells:
	 * AF's is 42 + 2, not 30 + 13. */
	assert_int_equal(t.nmargin[0], 3);
	assert_string_equal(t.margin[0][0].v[0], "AF");
	assert_int_equal(t.margin[0][0].count, 44);
	assert_int_equal(t.margin[0][1].count, 27);	/* 28, bucket 60 */
	assert_null(t.margin[0][2].v[0]);
	assert_int_equal(t.margin[0][2].count, 13);	/* 11, bucket 129 */
	assert_string_equal(t.margin[1][0].v[1], "Feminine");
	assert_int_equal(t.margin[1][0].count, 31);
	assert_int_equal(t.margin[1][1].count, 49);
	assert_int_equal(t.total, 80);			/* 81, bucket 51 */
	cb_stats_table_clear(&t);

	/* One dim: its cells are its margin; a small total is hidden. */
	memset(&q, 0, sizeof(q));
	assert_int_equal(query("dims=gender", 1, &q, &(struct cb_ferrors){0}),
	    0);
	cb_stats_table_init(&t, &q, K);
	add(&t, CB_STATS_CELL, 0, "Feminine", NULL, 4, KEY(3));
	add(&t, CB_STATS_CELL, 0, "Masculine", NULL, 5, KEY(9));
	add(&t, CB_STATS_TOTAL, 0, NULL, NULL, 9, KEY(9));
	cb_stats_table_finish(&t);
	assert_int_equal(t.nmargin[0], 2);
	assert_int_equal(t.margin[0][1].count, -1);
	assert_int_equal(t.total, -1);
	/* A row that does not fit the table is refused. */
	{
		const char *bad[CB_STATS_DIMS_MAX] = { "not-a-gender" };
		const char *ok[CB_STATS_DIMS_MAX] = { "Feminine" };

		assert_int_equal(cb_stats_table_add(&t, CB_STATS_CELL, 0,
		    bad, 20, 0), -1);
		assert_int_equal(cb_stats_table_add(&t, CB_STATS_MARGIN, 1,
		    ok, 20, 0), -1);
		assert_int_equal(cb_stats_table_add(&t, CB_STATS_CELL, 0,
		    ok, -1, 0), -1);
	}
	cb_stats_table_clear(&t);
}

/* ------------------------------------------------------------ queries */

static void
test_query_parse(void **state)
{
	struct cb_stats_query	q;
	struct cb_ferrors	fe;
	struct out		o;

	(void)state;
	assert_int_equal(query("dims=citizenship,gender&case_type=CT&"
	    "year=2026&office=Sarajevo+%22Centre%22", 1, &q, &fe), 0);
	assert_int_equal(q.ndims, 2);
	assert_string_equal(q.dims[1]->name, "gender");
	assert_string_equal(cb_stats_filter_get(&q, "year"), "2026");
	assert_null(cb_stats_filter_get(&q, "gender"));
	out_begin(&o);
	cb_stats_query_dims(&o.buf, &q);
	kore_buf_append(&o.buf, " ", 1);
	cb_stats_query_filters(&o.buf, &q);
	kore_buf_append(&o.buf, " ", 1);
	cb_stats_query_string(&o.buf, &q);
	out_end(&o);
	assert_string_equal(o.s, "{citizenship,gender} {\"case_type\":\"CT\","
	    "\"year\":\"2026\",\"office\":\"Sarajevo \\\"Centre\\\"\"} "
	    "dims=citizenship,gender&case_type=CT&year=2026&"
	    "office=Sarajevo+%22Centre%22");
	out_done(&o);

	/* A form's four selects, some empty; empty filters ignored. */
	assert_int_equal(query("dims=gender&dims=&dims=exploitation_type&"
	    "dims=&stage=&means_of_control=Threats", 0, &q, &fe), 0);
	assert_int_equal(q.ndims, 2);
	assert_true(q.dims[1]->multi);
	assert_int_equal(q.nfilters, 1);
	/* No dim: fine for the form, an error for the API. */
	assert_int_equal(query("case_type=AVRR", 0, &q, &fe), 0);
	assert_int_equal(query("case_type=AVRR", 1, &q, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "dims"),
	    "err.stats_dims_none");

	assert_int_equal(query("dims=citizenship,name", 1, &q, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "dims"), "err.stats_dim");
	assert_int_equal(query("dims=gender,year,stage,office,age_band", 1,
	    &q, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "dims"), "err.stats_dims_max");
	assert_int_equal(query("dims=gender&dims=gender", 1, &q, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "dims"),
	    "err.stats_dims_repeated");
	assert_int_equal(query("dims=gender&person.given_name=x", 1, &q, &fe),
	    -1);
	assert_string_equal(cb_ferrors_get(&fe, "person.given_name"),
	    "err.unknown_field");
	assert_int_equal(query("dims=gender&citizenship=XX&gender=female&"
	    "year=20x6&age_band=18-19&exploitation_type=Slavery", 1, &q, &fe),
	    -1);
	assert_string_equal(cb_ferrors_get(&fe, "citizenship"), "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "gender"), "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "year"), "err.stats_year");
	assert_string_equal(cb_ferrors_get(&fe, "age_band"), "err.option");
	assert_string_equal(cb_ferrors_get(&fe, "exploitation_type"),
	    "err.option");
	assert_int_equal(query("dims=gender&case_type=CT&case_type=AVRR", 1,
	    &q, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "case_type"),
	    "err.stats_repeated");
	assert_int_equal(query("dims=gender&office=a%09b", 1, &q, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "office"), "err.option");
	assert_int_equal(query("dims=gender&year=1899", 1, &q, &fe), -1);
	/* Every dim's vocabulary. */
	assert_int_equal(query("dims=case_type,stage,year,citizenship&"
	    "gender=TransgenderMasculine&age_band=48%2B&destination_country=AF&"
	    "country_of_exploitation=RS&means_of_control=DebtBondage&"
	    "assistance_type=cash_grant&stage=reintegration", 1, &q, &fe), 0);
	assert_string_equal(cb_stats_filter_get(&q, "age_band"), "48+");
}

static void
test_labels(void **state)
{
	(void)state;
	assert_string_equal(cb_stats_label(cb_stats_dim("gender"),
	    "NonSpecifiedUnknown"), "Not specified or unknown");
	assert_string_equal(cb_stats_label(cb_stats_dim("citizenship"), "SY"),
	    "Syria");
	assert_string_equal(cb_stats_label(cb_stats_dim("stage"), "return"),
	    "Return");
	assert_string_equal(cb_stats_label(cb_stats_dim("age_band"), "9-17"),
	    "9-17");
	assert_string_equal(cb_stats_label(cb_stats_dim("year"), NULL),
	    "Not recorded");
	/* Every code of every dim has a label of its own. */
	{
		const struct cb_stats_dim	*d;
		size_t				 i, j;
		char				 key[96];

		for (i = 0; i < cb_stats_ndims; i++) {
			d = &cb_stats_dims[i];
			(void)snprintf(key, sizeof(key), "stats.dim.%s",
			    d->name);
			assert_true(cb_i18n_has(key));
			for (j = 0; d->label != NULL && d->options[j] != NULL;
			    j++) {
				(void)snprintf(key, sizeof(key), "%s%s",
				    d->label, d->options[j]);
				if (!cb_i18n_has(key))
					fail_msg("no label %s", key);
			}
		}
	}
}

/* --------------------------------------------------------------- CSV */

static void
test_csv_field(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "AF", "AF" },
		{ "Sarajevo, Centre", "\"Sarajevo, Centre\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
		{ "=1+1", "'=1+1" },
		{ "+381", "'+381" },
		{ "-2", "'-2" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\tx", "'\tx" },
		{ "\rx", "\"'\rx\"" },
		{ "48+", "48+" },
		{ "0-8", "0-8" },
		{ "Ðakovo", "Ðakovo" },
	};
	struct out	o;
	size_t		i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		out_begin(&o);
		cb_csv_cstr(&o.buf, cases[i].in);
		out_end(&o);
		assert_string_equal(o.s, cases[i].out);
		out_done(&o);
	}
	out_begin(&o);
	cb_csv_cstr(&o.buf, NULL);
	cb_csv_field(&o.buf, "", 0);
	out_end(&o);
	assert_string_equal(o.s, "");
	out_done(&o);
}

static void
test_csv_table(void **state)
{
	struct cb_stats_query	 q;
	struct cb_stats_table	 t;
	struct out		 o;

	(void)state;
	small_table(&t, &q);
	out_begin(&o);
	cb_render_stats_csv(&o.buf, &t);
	out_end(&o);
	assert_string_equal(o.s,
	    "citizenship,gender,count,suppressed\r\n"
	    "AF,Feminine,30,false\r\n"
	    "AF,Masculine,13,false\r\n"
	    "SO,Feminine,,true\r\n"
	    "SO,Masculine,23,false\r\n"
	    ",Masculine,12,false\r\n"
	    "AF,Total,44,false\r\n"
	    "SO,Total,27,false\r\n"
	    ",Total,13,false\r\n"
	    "Total,Feminine,31,false\r\n"
	    "Total,Masculine,49,false\r\n"
	    "Total,Total,80,false\r\n");
	out_done(&o);
	cb_stats_table_clear(&t);
}

/* -------------------------------------------------------------- JSON */

static void
test_json(void **state)
{
	struct cb_stats_query	 q;
	struct cb_stats_table	 t;
	struct out		 o;

	(void)state;
	small_table(&t, &q);
	t.total = -1;
	out_begin(&o);
	cb_render_stats_json(&o.buf, &q, &t);
	out_end(&o);
	assert_true(contains(&o, "{\"k\":11,\"dims\":[\"citizenship\","
	    "\"gender\"],\"columns\":{\"citizenship\":\"citizenship\","
	    "\"gender\":\"gender\"},\"filters\":{},\"cells\":["
	    "{\"citizenship\":\"AF\",\"gender\":\"Feminine\",\"count\":30},"));
	assert_true(contains(&o, "{\"citizenship\":\"SO\",\"gender\":"
	    "\"Feminine\",\"count\":null,\"suppressed\":true}"));
	assert_true(contains(&o, "{\"citizenship\":null,\"gender\":"
	    "\"Masculine\",\"count\":12}"));
	assert_true(contains(&o, "\"margins\":{\"citizenship\":[{"
	    "\"citizenship\":\"AF\",\"count\":44},"));
	assert_true(contains(&o, "\"gender\":[{\"gender\":\"Feminine\","
	    "\"count\":31},"));
	assert_true(contains(&o, "\"total\":null,\"total_suppressed\":true"));
	assert_true(contains(&o, "\"ptable\":\"casebook-ptable-1\""));
	/* The suppressed count appears nowhere, nor any true count. */
	assert_false(contains(&o, "\"count\":3}"));
	assert_false(contains(&o, "\"count\":0}"));
	assert_false(contains(&o, "\"count\":42}"));
	out_done(&o);
	cb_stats_table_clear(&t);
}

/* ------------------------------------------------------------- chart */

static void
test_chart(void **state)
{
	struct cb_stats_query	 q;
	struct cb_stats_table	 t;
	struct cb_ferrors	 fe;
	struct out		 o;

	(void)state;
	small_table(&t, &q);
	out_begin(&o);
	cb_render_stats_chart(&o.buf, &t);
	out_end(&o);
	assert_true(contains(&o, "role=\"img\""));
	assert_true(contains(&o, "aria-labelledby=\"stats-chart-title "
	    "stats-chart-desc\""));
	assert_true(contains(&o, "<title id=\"stats-chart-title\">Cases by "
	    "Citizenship and Gender</title>"));
	/* Small multiples: a panel per citizenship (3), a bar per gender. */
	assert_int_equal(count(&o, "<g class=\"panel\">"), 3);
	assert_true(contains(&o, ">Somalia</text>"));
	assert_true(contains(&o, "<title>Feminine: suppressed</title>"));
	assert_int_equal(count(&o, "fill=\"url(#stats-hatch)\""), 1);
	/* The missing cell (not recorded, Feminine) is a true zero. */
	assert_true(contains(&o, "<title>Feminine: 0</title>"));
	assert_false(contains(&o, " style="));
	assert_false(contains(&o, "<script"));
	out_done(&o);
	cb_stats_table_clear(&t);

	/* One dim: bars. Three dims: no chart. */
	assert_int_equal(query("dims=gender", 1, &q, &fe), 0);
	cb_stats_table_init(&t, &q, K);
	add(&t, CB_STATS_CELL, 0, "Feminine", NULL, 4, KEY(3));
	add(&t, CB_STATS_CELL, 0, "Masculine", NULL, 50, KEY(102));
	cb_stats_table_finish(&t);
	out_begin(&o);
	cb_render_stats_chart(&o.buf, &t);
	out_end(&o);
	assert_int_equal(count(&o, "<g class=\"panel\">"), 0);
	assert_true(contains(&o, "<title>Masculine: 50</title>"));
	assert_true(contains(&o, "width=\"340.0\""));
	assert_true(contains(&o, "<title>Feminine: suppressed</title>"));
	out_done(&o);
	cb_stats_table_clear(&t);
	assert_int_equal(query("dims=gender,stage,office", 1, &q, &fe), 0);
	cb_stats_table_init(&t, &q, K);
	add(&t, CB_STATS_TOTAL, 0, NULL, NULL, 50, KEY(3));
	cb_stats_table_finish(&t);
	out_begin(&o);
	cb_render_stats_chart(&o.buf, &t);
	out_end(&o);
	assert_string_equal(o.s, "");
	out_done(&o);
	cb_stats_table_clear(&t);
}

/* -------------------------------------------------------------- page */

static void
test_page(void **state)
{
	struct cb_stats_query	 q;
	struct cb_stats_table	 t;
	struct cb_stats_view	 v;
	struct cb_actor		 a;
	struct cb_page		 pg;
	struct cb_kvlist	 raw;
	struct cb_ferrors	 fe;
	struct out		 o;
	char			*offices[] = { "Belgrade", "Sarajevo" };

	(void)state;
	memset(&a, 0, sizeof(a));
	(void)cb_strlcpy(a.username, "auditor", sizeof(a.username));
	a.role = CB_ROLE_AUDITOR;
	pg.actor = &a;
	pg.csrf = "csrf";
	small_table(&t, &q);
	parse("dims=citizenship&dims=gender&dims=&dims=&office=Sarajevo", &raw);
	memset(&fe, 0, sizeof(fe));
	memset(&v, 0, sizeof(v));
	v.q = &q;
	v.raw = &raw;
	v.fe = &fe;
	v.t = &t;
	v.offices = offices;
	v.noffices = 2;
	out_begin(&o);
	cb_render_stats_page(&o.buf, &pg, &v);
	out_end(&o);
	assert_true(contains(&o, "<h1>Statistics</h1>"));
	assert_true(contains(&o, "<form class=\"stats\" method=\"get\" "
	    "action=\"/\">"));
	assert_int_equal(count(&o, "name=\"dims\""), 4);
	assert_true(contains(&o, "<option value=\"citizenship\" selected>"
	    "Citizenship</option>"));
	assert_true(contains(&o, "<option value=\"gender\" selected>Gender"
	    "</option>"));
	/* Choices by label, never by code. */
	assert_true(contains(&o, "<option value=\"CT\">Counter-trafficking "
	    "assistance (CT)</option>"));
	assert_true(contains(&o, "<option value=\"SY\">Syria</option>"));
	assert_true(contains(&o, "<option value=\"Sarajevo\" selected>"
	    "Sarajevo</option>"));
	/* The cross table: cells, margins, total; suppressed as such. */
	assert_true(contains(&o, "data-field=\"cell|AF|Feminine\" "
	    "class=\"num\">30</td>"));
	assert_true(contains(&o, "data-field=\"cell|SO|Feminine\" "
	    "class=\"suppressed\">suppressed</td>"));
	assert_true(contains(&o, "data-field=\"cell|-|Feminine\" "
	    "class=\"num\">0</td>"));
	assert_true(contains(&o, "data-field=\"margin|0|AF\" "
	    "class=\"num total\">44</td>"));
	assert_true(contains(&o, "data-field=\"margin|1|Masculine\" "
	    "class=\"num total\">49</td>"));
	assert_true(contains(&o, "data-field=\"total\" class=\"num total\">80"
	    "</td>"));
	assert_true(contains(&o, ">Not recorded</th>"));
	assert_true(contains(&o, "href=\"/stats.csv?dims=citizenship,gender\""));
	assert_true(contains(&o, "<svg"));
	assert_true(contains(&o, "(k = 11)"));
	assert_false(contains(&o, "<script"));
	assert_false(contains(&o, "stats.") && contains(&o, ">stats."));
	out_done(&o);
	cb_stats_table_clear(&t);
	cb_kv_free(&raw);

	/* A form with errors: kept as typed, the error beside it. */
	parse("dims=gender&citizenship=ZZ", &raw);
	memset(&fe, 0, sizeof(fe));
	cb_ferrors_add(&fe, "citizenship", "err.option");
	memset(&v, 0, sizeof(v));
	v.q = &q;
	v.raw = &raw;
	v.fe = &fe;
	out_begin(&o);
	cb_render_stats_page(&o.buf, &pg, &v);
	out_end(&o);
	assert_true(contains(&o, "<option value=\"ZZ\" selected>ZZ</option>"));
	assert_true(contains(&o, "<p class=\"error\" id=\"err-citizenship\">"
	    "Not one of the choices offered</p>"));
	assert_false(contains(&o, "<table"));
	out_done(&o);
	cb_kv_free(&raw);
}

/* --------------------------------------------------------- audit log */

static void
test_audit_filter(void **state)
{
	struct cb_audit_filter	 f;
	struct cb_kvlist	 kv;
	struct cb_ferrors	 fe;
	struct out		 o;

	(void)state;
	parse("record_id=3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f&actor=auditor&"
	    "since=2026-02-01&limit=10&cursor=1234", &kv);
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(cb_audit_filter_parse(&kv, &f, &fe), 0);
	assert_string_equal(f.since, "2026-02-01T00:00:00Z");
	assert_int_equal(f.limit, 10);
	assert_int_equal(f.before, 1234);
	assert_string_equal(f.fields,
	    "filter.record_id,filter.actor,filter.since");
	out_begin(&o);
	cb_audit_filter_query(&o.buf, &f);
	out_end(&o);
	assert_string_equal(o.s, "record_id=3f2b8c1e-9d4a-4e7b-8c2d-"
	    "1a2b3c4d5e6f&actor=auditor&since=2026-02-01T00%3A00%3A00Z&"
	    "limit=10");
	out_done(&o);
	cb_kv_free(&kv);

	parse("since=2026-02-01T10:11:12.5%2B01:00", &kv);
	assert_int_equal(cb_audit_filter_parse(&kv, &f, &fe), 0);
	assert_string_equal(f.since, "2026-02-01T10:11:12.5+01:00");
	cb_kv_free(&kv);
	parse("since=2026-02-01T10:11:12Z&limit=200", &kv);
	assert_int_equal(cb_audit_filter_parse(&kv, &f, &fe), 0);
	cb_kv_free(&kv);

	parse("record_id=nope&actor=Robert%27)&since=2026-02-30&limit=201&"
	    "cursor=-1&sort=asc", &kv);
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(cb_audit_filter_parse(&kv, &f, &fe), -1);
	assert_string_equal(cb_ferrors_get(&fe, "record_id"),
	    "err.audit_record");
	assert_string_equal(cb_ferrors_get(&fe, "actor"), "err.audit_actor");
	assert_string_equal(cb_ferrors_get(&fe, "since"), "err.audit_since");
	assert_string_equal(cb_ferrors_get(&fe, "limit"), "err.audit_limit");
	assert_string_equal(cb_ferrors_get(&fe, "cursor"), "err.cursor");
	assert_string_equal(cb_ferrors_get(&fe, "sort"), "err.unknown_field");
	cb_kv_free(&kv);
	parse("since=2026-02-01T25:00:00Z", &kv);
	assert_int_equal(cb_audit_filter_parse(&kv, &f, &fe), -1);
	cb_kv_free(&kv);
	parse("since=2026-02-01 10:00", &kv);
	assert_int_equal(cb_audit_filter_parse(&kv, &f, &fe), -1);
	cb_kv_free(&kv);
}

static void
test_audit_render(void **state)
{
	struct cb_audit_item		 e[2];
	struct cb_audit_list_view	 v;
	struct cb_actor			 a;
	struct cb_page			 pg;
	struct out			 o;

	(void)state;
	memset(e, 0, sizeof(e));
	e[0].seq = 42;
	(void)cb_strlcpy(e[0].at, "2026-02-01T10:11:12.000001Z",
	    sizeof(e[0].at));
	(void)cb_strlcpy(e[0].username, "caseworker", sizeof(e[0].username));
	(void)cb_strlcpy(e[0].actor, "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
	    sizeof(e[0].actor));
	(void)cb_strlcpy(e[0].role, "caseworker", sizeof(e[0].role));
	(void)cb_strlcpy(e[0].action, "case.view", sizeof(e[0].action));
	(void)cb_strlcpy(e[0].record_id,
	    "3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f", sizeof(e[0].record_id));
	e[0].fields = "person.given_name,person.family_name";
	(void)cb_strlcpy(e[0].outcome, "ok", sizeof(e[0].outcome));
	e[1].seq = 41;
	(void)cb_strlcpy(e[1].at, "2026-02-01T10:11:11Z", sizeof(e[1].at));
	(void)cb_strlcpy(e[1].role, "admin_cli", sizeof(e[1].role));
	(void)cb_strlcpy(e[1].action, "case.list", sizeof(e[1].action));
	e[1].records = "3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f,"
	    "7b2e3d4c-5f6a-4b7c-9d8e-0f1a2b3c4d5e";
	(void)cb_strlcpy(e[1].outcome, "ok", sizeof(e[1].outcome));

	out_begin(&o);
	cb_render_audit_list_json(&o.buf, e, 2, "41");
	out_end(&o);
	assert_true(contains(&o, "{\"items\":[{\"seq\":42,\"at\":"
	    "\"2026-02-01T10:11:12.000001Z\",\"actor\":\"6a1d2c3b-4e5f-4a6b-"
	    "8c7d-9e0f1a2b3c4d\",\"actor_username\":\"caseworker\",\"role\":"
	    "\"caseworker\",\"action\":\"case.view\",\"record_id\":"
	    "\"3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f\",\"records\":[],"
	    "\"fields\":[\"person.given_name\",\"person.family_name\"],"
	    "\"outcome\":\"ok\"}"));
	assert_true(contains(&o, "\"actor\":null,\"actor_username\":null"));
	assert_true(contains(&o, "\"records\":[\"3f2b8c1e-9d4a-4e7b-8c2d-"
	    "1a2b3c4d5e6f\",\"7b2e3d4c-5f6a-4b7c-9d8e-0f1a2b3c4d5e\"]"));
	assert_true(contains(&o, "],\"next_cursor\":\"41\"}"));
	out_done(&o);

	memset(&a, 0, sizeof(a));
	(void)cb_strlcpy(a.username, "auditor", sizeof(a.username));
	a.role = CB_ROLE_AUDITOR;
	pg.actor = &a;
	pg.csrf = "csrf";
	memset(&v, 0, sizeof(v));
	v.items = e;
	v.n = 2;
	v.listed = 1;
	v.next_query = "actor=caseworker&cursor=41";
	out_begin(&o);
	cb_render_audit_list_page(&o.buf, &pg, &v);
	out_end(&o);
	assert_true(contains(&o, "<h1>Audit log</h1>"));
	assert_true(contains(&o, "2026-02-01 10:11:12 UTC"));
	assert_true(contains(&o, "<td data-field=\"fields\">"
	    "person.given_name, person.family_name</td>"));
	assert_true(contains(&o, ">Caseworker</td>"));
	assert_true(contains(&o, ">admin_cli</td>"));
	assert_true(contains(&o, "2 records listed"));
	assert_true(contains(&o, "href=\"/audit/log?actor=caseworker&amp;"
	    "cursor=41\""));
	out_done(&o);
}

/* ------------------------------------------------------------ config */

static void
test_config_k(void **state)
{
	struct cb_config	cfg;
	char			text[512];
	int			line;

	(void)state;
	(void)snprintf(text, sizeof(text), "db_socket = /s\ndb_name = d\n"
	    "db_user = u\nkey_file = /k\n");
	assert_int_equal(cb_config_parse(text, &cfg, &line), 0);
	assert_int_equal(cfg.stats_k, 11);
	(void)cb_strlcat(text, "stats_k = 25\n", sizeof(text));
	assert_int_equal(cb_config_parse(text, &cfg, &line), 0);
	assert_int_equal(cfg.stats_k, 25);
	(void)snprintf(text, sizeof(text), "db_socket = /s\ndb_name = d\n"
	    "db_user = u\nkey_file = /k\nstats_k = 10\n");
	assert_int_equal(cb_config_parse(text, &cfg, &line), -1);
	assert_int_equal(line, 5);
	(void)snprintf(text, sizeof(text), "db_socket = /s\ndb_name = d\n"
	    "db_user = u\nkey_file = /k\nstats_k = 5\n");
	assert_int_equal(cb_config_parse(text, &cfg, &line), -1);
	(void)snprintf(text, sizeof(text), "db_socket = /s\ndb_name = d\n"
	    "db_user = u\nkey_file = /k\nstats_k = eleven\n");
	assert_int_equal(cb_config_parse(text, &cfg, &line), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_noise_rows),
		cmocka_unit_test(test_publish),
		cmocka_unit_test(test_difference_rates),
		cmocka_unit_test(test_small_table),
		cmocka_unit_test(test_query_parse),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_table),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_audit_filter),
		cmocka_unit_test(test_audit_render),
		cmocka_unit_test(test_config_k),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
