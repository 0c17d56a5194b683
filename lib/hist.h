/*
 * hist: a mergeable log-bucket histogram of non-negative whole numbers
 * (durations in seconds), for quantiles over any number of values in
 * memory that grows with the range of the values, not their count.
 *
 * Zero has a bucket of its own; a value v >= 1 falls in bucket
 * i = ceil(log(v) / log(HIST_GAMMA)), which holds the values in
 * (HIST_GAMMA^(i-1), HIST_GAMMA^i].  Each bucket keeps its count and the
 * exact sum of its values, and a quantile is reported as the mean of the
 * values in the bucket where the true quantile lies.  That mean and the
 * true quantile share the bucket, so their ratio is within [1/1.01, 1.01]:
 * the relative error is at most 1%, and none when the bucket holds one
 * distinct value.  Counts and sums are integers, so merging is exact and
 * independent of order: merge(h(A), h(B)) equals h(A + B) bit for bit.
 * A duration of a year spans about 1,740 buckets; only the range between
 * the smallest and the largest bucket used is allocated.
 */
#ifndef CS_HIST_H
#define CS_HIST_H

#include <cjson/cJSON.h>

#include "compat.h"
#include "util.h"

#define HIST_GAMMA	1.01
#define HIST_MAX_INDEX	4000	/* 1.01^4000: past any time_t */

struct hist {
	uint64_t	 n;		/* values added */
	uint64_t	 sum;		/* their exact sum */
	uint64_t	 zeros;		/* values equal to 0 */
	int		 lo, hi;	/* buckets held; none if lo > hi */
	uint64_t	*cnt;		/* cnt[i - lo] */
	uint64_t	*bsum;		/* bsum[i - lo] */
};

/* An empty histogram; allocates nothing. */
void	hist_init(struct hist *);
/* Free the buckets and leave an empty histogram; NULL is fine. */
void	hist_release(struct hist *);

/* The bucket of v (v >= 1), 1..HIST_MAX_INDEX. */
int	hist_index(uint64_t v);
/* Add one value. */
void	hist_add(struct hist *, uint64_t v);
/* Add every value of src to dst. */
void	hist_merge(struct hist *dst, const struct hist *src);
/*
 * The nearest-rank quantile q (0 < q <= 1): the value of rank ceil(q * n)
 * among the sorted values, estimated as above; 0 for an empty histogram.
 */
double	hist_quantile(const struct hist *, double q);
/* The exact mean; 0 for an empty histogram. */
double	hist_mean(const struct hist *);
/* 1 if both hold the same values (same counts and sums). */
int	hist_equal(const struct hist *, const struct hist *);
/*
 * Count the values whose bucket lies in (from, to], seconds, by the
 * bucket's mean (for charts): each bucket is counted whole.
 */
uint64_t hist_count_between(const struct hist *, double from, double to);

/*
 * Serialize as a JSON object (appended to out):
 * {"n":N,"sum":S,"zeros":Z,"b":[[index,count,sum],...]} with the
 * non-empty buckets in increasing order.
 */
void	hist_write_json(const struct hist *, struct buf *out);
/*
 * Add to h the values of a parsed histogram object (as hist_write_json
 * writes it).  Returns 0, or -1 with the reason in err (h is unchanged
 * then): a bad bucket index, a negative or fractional count, totals that
 * disagree with the buckets.
 */
int	hist_read_json(struct hist *, const cJSON *, struct cs_error *);

#endif
