/*
 * hist: a mergeable log-bucket histogram.  See hist.h.
 */
#include "compat.h"

#include <math.h>

#include "hist.h"

#define MAX_EXACT	9007199254740992.0	/* 2^53 */

void
hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->lo = 1;
	h->hi = 0;
}

void
hist_release(struct hist *h)
{
	if (h == NULL)
		return;
	free(h->cnt);
	free(h->bsum);
	hist_init(h);
}

int
hist_index(uint64_t v)
{
	double i;

	if (v <= 1)
		return 0;
	i = ceil(log((double)v) / log(HIST_GAMMA));
	return i > HIST_MAX_INDEX ? HIST_MAX_INDEX : (int)i;
}

/* Make room for bucket i. */
static void
cover(struct hist *h, int i)
{
	int lo, hi;
	size_t n, off;
	uint64_t *c, *s;

	if (h->lo <= h->hi && i >= h->lo && i <= h->hi)
		return;
	if (h->lo > h->hi) {
		lo = hi = i;
	} else {
		lo = i < h->lo ? i : h->lo;
		hi = i > h->hi ? i : h->hi;
	}
	n = (size_t)(hi - lo + 1);
	c = xcalloc(n, sizeof(*c));
	s = xcalloc(n, sizeof(*s));
	if (h->lo <= h->hi) {
		off = (size_t)(h->lo - lo);
		n = (size_t)(h->hi - h->lo + 1);
		memcpy(c + off, h->cnt, n * sizeof(*c));
		memcpy(s + off, h->bsum, n * sizeof(*s));
	}
	free(h->cnt);
	free(h->bsum);
	h->cnt = c;
	h->bsum = s;
	h->lo = lo;
	h->hi = hi;
}

static void
add_bucket(struct hist *h, int i, uint64_t count, uint64_t sum)
{
	cover(h, i);
	h->cnt[i - h->lo] += count;
	h->bsum[i - h->lo] += sum;
}

void
hist_add(struct hist *h, uint64_t v)
{
	h->n++;
	h->sum += v;
	if (v == 0)
		h->zeros++;
	else
		add_bucket(h, hist_index(v), 1, v);
}

void
hist_merge(struct hist *dst, const struct hist *src)
{
	int i;

	dst->n += src->n;
	dst->sum += src->sum;
	dst->zeros += src->zeros;
	for (i = src->lo; i <= src->hi; i++) {
		if (src->cnt[i - src->lo] != 0)
			add_bucket(dst, i, src->cnt[i - src->lo],
			    src->bsum[i - src->lo]);
	}
}

double
hist_quantile(const struct hist *h, double q)
{
	uint64_t rank, seen;
	int i;

	if (h->n == 0)
		return 0;
	rank = (uint64_t)ceil(q * (double)h->n);
	if (rank < 1)
		rank = 1;
	if (rank > h->n)
		rank = h->n;
	seen = h->zeros;
	if (rank <= seen)
		return 0;
	for (i = h->lo; i <= h->hi; i++) {
		uint64_t c = h->cnt[i - h->lo];

		seen += c;
		if (c != 0 && rank <= seen)
			return (double)h->bsum[i - h->lo] / (double)c;
	}
	return 0;	/* NOTREACHED: the counts add up to n */
}

double
hist_mean(const struct hist *h)
{
	return h->n == 0 ? 0 : (double)h->sum / (double)h->n;
}

int
hist_equal(const struct hist *a, const struct hist *b)
{
	int i, lo, hi;

	if (a->n != b->n || a->sum != b->sum || a->zeros != b->zeros)
		return 0;
	lo = a->lo < b->lo ? a->lo : b->lo;
	hi = a->hi > b->hi ? a->hi : b->hi;
	for (i = lo; i <= hi; i++) {
		uint64_t ca = 0, cb = 0, sa = 0, sb = 0;

		if (i >= a->lo && i <= a->hi) {
			ca = a->cnt[i - a->lo];
			sa = a->bsum[i - a->lo];
		}
		if (i >= b->lo && i <= b->hi) {
			cb = b->cnt[i - b->lo];
			sb = b->bsum[i - b->lo];
		}
		if (ca != cb || sa != sb)
			return 0;
	}
	return 1;
}

uint64_t
hist_count_between(const struct hist *h, double from, double to)
{
	uint64_t n = 0;
	int i;

	if (from < 0 && to >= 0)
		n += h->zeros;
	for (i = h->lo; i <= h->hi; i++) {
		uint64_t c = h->cnt[i - h->lo];
		double m;

		if (c == 0)
			continue;
		m = (double)h->bsum[i - h->lo] / (double)c;
		if (m > from && m <= to)
			n += c;
	}
	return n;
}

void
hist_write_json(const struct hist *h, struct buf *out)
{
	const char *sep = "";
	int i;

	buf_printf(out, "{\"n\":%llu,\"sum\":%llu,\"zeros\":%llu,\"b\":[",
	    (unsigned long long)h->n, (unsigned long long)h->sum,
	    (unsigned long long)h->zeros);
	for (i = h->lo; i <= h->hi; i++) {
		if (h->cnt[i - h->lo] == 0)
			continue;
		buf_printf(out, "%s[%d,%llu,%llu]", sep, i,
		    (unsigned long long)h->cnt[i - h->lo],
		    (unsigned long long)h->bsum[i - h->lo]);
		sep = ",";
	}
	buf_adds(out, "]}");
}

/* A whole number 0..2^53 at key (or array item when key is NULL). */
static int
whole(const cJSON *v, uint64_t *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble > MAX_EXACT ||
	    v->valuedouble != floor(v->valuedouble))
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

int
hist_read_json(struct hist *h, const cJSON *o, struct cs_error *err)
{
	struct hist t;
	const cJSON *b, *it;
	uint64_t n, sum, zeros, cn = 0, cs = 0;

	if (!cJSON_IsObject(o) ||
	    whole(cJSON_GetObjectItemCaseSensitive(o, "n"), &n) == -1 ||
	    whole(cJSON_GetObjectItemCaseSensitive(o, "sum"), &sum) == -1 ||
	    whole(cJSON_GetObjectItemCaseSensitive(o, "zeros"), &zeros) == -1 ||
	    !cJSON_IsArray(b = cJSON_GetObjectItemCaseSensitive(o, "b"))) {
		cs_seterr(err, "bad histogram: expected n, sum, zeros and b");
		return -1;
	}
	hist_init(&t);
	cJSON_ArrayForEach(it, b) {
		uint64_t i, c, s;

		if (cJSON_GetArraySize(it) != 3 ||
		    whole(cJSON_GetArrayItem(it, 0), &i) == -1 ||
		    whole(cJSON_GetArrayItem(it, 1), &c) == -1 ||
		    whole(cJSON_GetArrayItem(it, 2), &s) == -1 ||
		    i > HIST_MAX_INDEX || c == 0) {
			hist_release(&t);
			cs_seterr(err, "bad histogram bucket: expected "
			    "[index,count,sum]");
			return -1;
		}
		add_bucket(&t, (int)i, c, s);
		cn += c;
		cs += s;
	}
	if (cn + zeros != n || cs != sum) {
		hist_release(&t);
		cs_seterr(err, "bad histogram: the buckets do not add up");
		return -1;
	}
	t.n = n;
	t.sum = sum;
	t.zeros = zeros;
	hist_merge(h, &t);
	hist_release(&t);
	return 0;
}
