/*
 * Unit tests for lib/hist.[ch]: the log-bucket histogram's quantiles
 * against exact nearest-rank quantiles (the 1% bound), exact values,
 * zeros, merging in any order, and the JSON form and its errors.
 */
#include "testlib.h"

#include <math.h>
#include <cjson/cJSON.h>

#include "hist.h"
#include "util.h"

static uint64_t seed = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank quantile of sorted v[n]. */
static double
exact(const uint64_t *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);

	if (rank < 1)
		rank = 1;
	return (double)v[rank - 1];
}

static void
test_empty(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	assert_true(hist_quantile(&h, 0.5) == 0);
	assert_true(hist_mean(&h) == 0);
	hist_release(&h);
	hist_release(NULL);
}

static void
test_index(void **state)
{
	uint64_t v;
	int last = 0;

	(void)state;
	assert_int_equal(hist_index(1), 0);
	assert_int_equal(hist_index(2), 70);	/* ceil(ln 2 / ln 1.01) */
	for (v = 1; v < 2000000; v += 1 + v / 50) {
		int i = hist_index(v);

		assert_true(i >= last);
		/* v lies in (1.01^(i-1), 1.01^i] up to rounding. */
		assert_true((double)v <= pow(HIST_GAMMA, i) * (1 + 1e-12));
		assert_true(i == 0 ||
		    (double)v > pow(HIST_GAMMA, i - 1) * (1 - 1e-12));
		last = i;
	}
	assert_int_equal(hist_index(UINT64_MAX), HIST_MAX_INDEX);
}

/* The bound: every quantile within 1% of the exact one. */
static void
test_bound(void **state)
{
	static uint64_t v[20000];
	static const double qs[] = {
		0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1
	};
	struct hist h;
	size_t i, k;
	int round;

	(void)state;
	for (round = 0; round < 5; round++) {
		hist_init(&h);
		for (i = 0; i < CS_NELEM(v); i++) {
			/* Log-uniform from 1 s to about 11 days. */
			v[i] = (uint64_t)exp((double)(rnd() % 1000000) /
			    1000000.0 * 13.8);
			hist_add(&h, v[i]);
		}
		qsort(v, CS_NELEM(v), sizeof(v[0]), cmp_u64);
		for (k = 0; k < CS_NELEM(qs); k++) {
			double want = exact(v, CS_NELEM(v), qs[k]);
			double got = hist_quantile(&h, qs[k]);

			assert_true(fabs(got - want) <= 0.01 * want);
		}
		hist_release(&h);
	}
}

static void
test_exact_values(void **state)
{
	struct hist h;
	int i;

	(void)state;
	hist_init(&h);
	for (i = 0; i < 10; i++)
		hist_add(&h, 300);
	hist_add(&h, 7200);
	hist_add(&h, 0);
	hist_add(&h, 0);
	assert_true(hist_quantile(&h, 0.1) == 0);	/* rank 2 */
	assert_true(hist_quantile(&h, 0.5) == 300);
	assert_true(hist_quantile(&h, 0.99) == 7200);
	assert_true(hist_mean(&h) == (3000.0 + 7200) / 13);
	assert_true(hist_count_between(&h, -1, 0) == 2);
	assert_true(hist_count_between(&h, 0, 3600) == 10);
	assert_true(hist_count_between(&h, 3600, INFINITY) == 1);
	hist_release(&h);
}

static void
test_merge(void **state)
{
	struct hist a, b, all, ab, ba;
	int i;

	(void)state;
	hist_init(&a);
	hist_init(&b);
	hist_init(&all);
	hist_init(&ab);
	hist_init(&ba);
	for (i = 0; i < 5000; i++) {
		uint64_t x = rnd() % (i % 2 ? 100 : 10000000);

		hist_add(i % 3 ? &a : &b, x);
		hist_add(&all, x);
	}
	hist_merge(&ab, &a);
	hist_merge(&ab, &b);
	hist_merge(&ba, &b);
	hist_merge(&ba, &a);
	assert_true(hist_equal(&ab, &all));
	assert_true(hist_equal(&ba, &all));
	assert_false(hist_equal(&a, &all));
	assert_true(hist_quantile(&ab, 0.9) == hist_quantile(&all, 0.9));
	hist_release(&a);
	hist_release(&b);
	hist_release(&all);
	hist_release(&ab);
	hist_release(&ba);
}

static void
test_json(void **state)
{
	struct hist h, back;
	struct buf b;
	struct cs_error e;
	cJSON *o;

	(void)state;
	hist_init(&h);
	hist_init(&back);
	buf_init(&b);
	hist_add(&h, 0);
	hist_add(&h, 600);
	hist_add(&h, 601);
	hist_add(&h, 86400);
	hist_write_json(&h, &b);
	assert_string_equal(b.s, "{\"n\":4,\"sum\":87601,\"zeros\":1,\"b\":"
	    "[[643,1,600],[644,1,601],[1143,1,86400]]}");
	o = cJSON_Parse(b.s);
	assert_int_equal(hist_read_json(&back, o, &e), 0);
	assert_true(hist_equal(&h, &back));
	/* Reading adds. */
	assert_int_equal(hist_read_json(&back, o, &e), 0);
	assert_int_equal(back.n, 8);
	cJSON_Delete(o);
	hist_release(&h);
	hist_release(&back);
	buf_release(&b);
}

static void
read_fails(const char *json, const char *why)
{
	struct hist h;
	struct cs_error e;
	cJSON *o = cJSON_Parse(json);

	hist_init(&h);
	hist_add(&h, 5);
	assert_int_equal(hist_read_json(&h, o, &e), -1);
	assert_non_null(strstr(e.msg, why));
	assert_int_equal(h.n, 1);	/* unchanged */
	cJSON_Delete(o);
	hist_release(&h);
}

static void
test_json_errors(void **state)
{
	(void)state;
	read_fails("[]", "expected n, sum, zeros and b");
	read_fails("{\"n\":1,\"sum\":1,\"zeros\":0}", "expected n, sum");
	read_fails("{\"n\":1.5,\"sum\":1,\"zeros\":0,\"b\":[]}",
	    "expected n, sum");
	read_fails("{\"n\":1,\"sum\":1,\"zeros\":0,\"b\":[[0,1]]}",
	    "expected [index,count,sum]");
	read_fails("{\"n\":1,\"sum\":1,\"zeros\":0,\"b\":[[99999,1,1]]}",
	    "expected [index,count,sum]");
	read_fails("{\"n\":1,\"sum\":1,\"zeros\":0,\"b\":[[0,-1,1]]}",
	    "expected [index,count,sum]");
	read_fails("{\"n\":2,\"sum\":1,\"zeros\":0,\"b\":[[0,1,1]]}",
	    "do not add up");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_exact_values),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_errors),
	};

	return cmocka_run_group_tests_name("hist", tests, NULL, NULL);
}
