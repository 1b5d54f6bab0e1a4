/*
 * stats/perturb: the disclosure control of every published count.
 *
 * Cell-key perturbation as in the ABS TableBuilder: the noise of a cell
 * is a fixed function of its true count and its cell key (the sum of
 * its cases' random record keys modulo 2^31), looked up in the table
 * below. Hence the same cases always publish the same number, however
 * often and through whichever query they are asked for: repeating a
 * query averages nothing away. Two different sets of cases have keys
 * that differ by the sum of the keys of the cases in one but not the
 * other, which is uniform and unknown, so their noises are independent
 * and a difference of two published counts is off by the difference of
 * two independent noises.
 *
 * The table (weights out of 256, picked by the top 8 bits of the key):
 *   n = k       +1, +2 (1/2 each)            never below k, never exact
 *   n = k+1     -1 (144), +1 (80), +2 (32)   mean 0
 *   n < 2k      -2, -1, +1, +2 (1/4 each)    mean 0, never exact
 *   n >= 2k     -2 .. +2 (51, 51, 52, 51, 51) mean 0
 * So a published count is never below k, a small one (below 2k) is
 * never its true count, and every count is off by at most 2. Below k
 * the cell is suppressed; 0 stays 0.
 */
#include <sys/types.h>

#include <stdint.h>

#include "domain/stats.h"

struct bin {
	int	noise;
	int	weight;		/* out of 256 */
};

static const struct bin	at_k[] = { { 1, 128 }, { 2, 128 } };
static const struct bin	at_k1[] = { { -1, 144 }, { 1, 80 }, { 2, 32 } };
static const struct bin	small_n[] = { { -2, 64 }, { -1, 64 }, { 1, 64 },
    { 2, 64 } };
static const struct bin	large_n[] = { { -2, 51 }, { -1, 51 }, { 0, 52 },
    { 1, 51 }, { 2, 51 } };

static int	pick(const struct bin *, size_t, uint32_t);

/* The bin whose share of [0, 256) holds the key's top 8 bits. */
static int
pick(const struct bin *row, size_t n, uint32_t ckey)
{
	uint32_t	u;
	size_t		i;
	int		acc;

	u = (ckey % CB_STATS_MODULUS) >> 23;
	acc = 0;
	for (i = 0; i < n; i++) {
		acc += row[i].weight;
		if (u < (uint32_t)acc)
			return (row[i].noise);
	}
	return (row[n - 1].noise);
}

int
cb_stats_noise(long long n, uint32_t ckey, int k)
{
	if (n <= 0 || n < k)
		return (0);
	if (n == k)
		return (pick(at_k, NITEMS(at_k), ckey));
	if (n == k + 1)
		return (pick(at_k1, NITEMS(at_k1), ckey));
	if (n < 2LL * k)
		return (pick(small_n, NITEMS(small_n), ckey));
	return (pick(large_n, NITEMS(large_n), ckey));
}

long long
cb_stats_publish(long long n, uint64_t keysum, int k)
{
	if (n <= 0)
		return (0);
	if (n < k)
		return (-1);
	return (n + cb_stats_noise(n, (uint32_t)(keysum % CB_STATS_MODULUS),
	    k));
}
