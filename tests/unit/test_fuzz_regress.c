/*
 * The fuzz targets of tests/fuzz as regression tests: every seed
 * (tests/fuzz/corpus/NAME) and every input that once broke a target
 * (tests/fuzz/regress/NAME, one file per finding, named after it) goes
 * through the same function libFuzzer calls, with the same invariants.
 * In the sanitizer build this is the fuzzer's own check, minus the
 * mutation.  A broken invariant aborts; the file being run is named on
 * standard error first.
 */
#include "testlib.h"

#include <signal.h>

#define FUZZ_REGRESS 1

#include "../fuzz/fuzz_classify.c"
#include "../fuzz/fuzz_config.c"
#include "../fuzz/fuzz_entity.c"
#include "../fuzz/fuzz_fetch.c"
#include "../fuzz/fuzz_followup.c"
#include "../fuzz/fuzz_html.c"
#include "../fuzz/fuzz_import.c"
#include "../fuzz/fuzz_ndjson.c"
#include "../fuzz/fuzz_post.c"
#include "../fuzz/fuzz_priority.c"
#include "../fuzz/fuzz_reply.c"
#include "../fuzz/fuzz_report.c"
#include "../fuzz/fuzz_template.c"
#include "../fuzz/fuzz_twtext.c"

static char current[512];

static void
on_abort(int sig)
{
	static const char pre[] = "# aborted in ";

	(void)sig;
	(void)!write(2, pre, sizeof(pre) - 1);
	(void)!write(2, current, strlen(current));
	(void)!write(2, "\n", 1);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
}

/* Run fn over each file in dir; returns how many (0 if no dir). */
static size_t
replay(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	DIR *d;
	struct dirent *de;
	struct buf b;
	struct cs_error e;
	size_t n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	buf_init(&b);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(current, sizeof(current), "%s/%s", dir, de->d_name);
		if (slurp(current, 1 << 20, &b, &e) == -1)
			fail_msg("%s", e.msg);
		assert_int_equal(fn((const uint8_t *)b.s, b.len), 0);
		n++;
	}
	closedir(d);
	buf_release(&b);
	return n;
}

/* Seeds must exist; past findings may not yet. */
static void
target(const char *name, int (*fn)(const uint8_t *, size_t))
{
	char dir[256];

	snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s", name);
	assert_true(replay(dir, fn) > 0);
	snprintf(dir, sizeof(dir), "tests/fuzz/regress/%s", name);
	(void)replay(dir, fn);
	/* Every target takes the empty input. */
	assert_int_equal(fn((const uint8_t *)"", 0), 0);
}

#define TARGET(name)							\
static void								\
test_##name(void **state)						\
{									\
	(void)state;							\
	target(#name, fuzz_##name);					\
}

TARGET(classify)
TARGET(config)
TARGET(entity)
TARGET(fetch)
TARGET(followup)
TARGET(html)
TARGET(import)
TARGET(ndjson)
TARGET(post)
TARGET(priority)
TARGET(reply)
TARGET(report)
TARGET(template)
TARGET(twtext)

/*
 * The findings fixed in lib/, each also a file in tests/fuzz/regress.
 */

/* fetch: a reply's invalid UTF-8 made records the filters reject. */
static void
test_json_string_invalid_utf8(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_add_json_string(&b, "a\xff" "b\xe2\x82" "\xc3\xa9\xed\xa0\x80", 10);
	assert_string_equal(b.s, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd"
	    "\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	buf_reset(&b);
	buf_add_json_string(&b, "\xf0\x9f\x98\x80\"\n", 6);
	assert_string_equal(b.s, "\"\xf0\x9f\x98\x80\\\"\\n\"");
	buf_release(&b);
}

/* post: an error cut in the middle of a character. */
static void
test_post_error_cut(void **state)
{
	struct post_result res;
	char out[16];

	(void)state;
	post_http_error(500, "\xc3\xa9t\xc3\xa9", out, 12);
	assert_string_equal(out, "HTTP 500: ");
	post_http_error(500, "{\"detail\":\"caf\xc3\xa9\"}", out, 15);
	assert_string_equal(out, "HTTP 500: caf");
	memset(&res, 0, sizeof(res));
	post_x_classify(400, "{\"detail\":\"\xe2\x82\xac\"}", 0, &res);
	assert_string_equal(res.error, "x: HTTP 400: \xe2\x82\xac");
}

/* html: a first <br> left a leading line break. */
static void
test_html_leading_br(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_to_text("<br><br />hi<br>there<br>", 25, &b);
	assert_string_equal(b.s, "hi\nthere");
	buf_reset(&b);
	html_to_text("<p><br></p><p>x</p>", 19, &b);
	assert_string_equal(b.s, "x");
	buf_release(&b);
}

/* entity: a repeated @user.domain handle also gave "@user". */
static void
test_repeated_handle(void **state)
{
	static const char text[] = "@ana.bsky.social hi @ana.bsky.social "
	    "@bob@mastodon.social @bob@mastodon.social";
	struct classify_entities e;
	size_t i;

	(void)state;
	classify_entity_init(&e);
	classify_entity_links(&e, text, sizeof(text) - 1);
	assert_int_equal(classify_entity_count(&e, CENT_MENTION), 2);
	assert_int_equal(e.nskip, 4);
	for (i = 1; i < e.nskip; i++)
		assert_true(e.skip[i - 1].end <= e.skip[i].start);
	classify_entity_release(&e);
}

/* template: a problem quoting "{{ag\nt}}" was two lines. */
static void
test_lint_one_line(void **state)
{
	static const char text[] = "{\"version\":1,\"templates\":{\"info\":"
	    "{\"en\":[\"Thanks, @{{handle}}! {{ag\\nt}} \\u2014 "
	    "{{agent}}\"]}}}";
	struct template_lint l;
	struct template_set set;

	(void)state;
	template_lint_init(&l);
	template_init(&set);
	assert_int_equal(template_lint_file(&l, &set, text, sizeof(text) - 1,
	    "t.json"), 1);
	assert_string_equal(l.v[0].rule, "variable");
	assert_string_equal(l.v[0].msg, "unknown variable '{{ag t}}'");
	template_release(&set);
	template_lint_release(&l);
}

/* entity: a DNI or NIE candidate with many digits overflowed a long. */
static void
test_id_number_overflow(void **state)
{
	static const char dni[] = "7777777777777777777777777Z";
	static const char nie[] = "X7777777777777777777777777L";
	static const char dots[] = "1.234.567.890.123.456.789.012.345-Z";

	(void)state;
	assert_false(pii_dni(dni, sizeof(dni) - 1));
	assert_false(pii_nie(nie, sizeof(nie) - 1));
	assert_false(pii_dni(dots, sizeof(dots) - 1));
	assert_true(pii_dni("12345678Z", 9));
	assert_true(pii_dni("12.345.678-z", 12));
	assert_true(pii_nie("X1234567L", 9));
}

/* report: business time to a date in 6007 took a walk day by day. */
static void
test_bizhours_years(void **state)
{
	struct bizhours h;
	struct cs_error e;
	time_t a;
	const long block = 52L * 7 * 86400;

	(void)state;
	memset(&h, 0, sizeof(h));
	assert_int_equal(bizhours_parse(&h, "mon-fri 09:00-18:00", "UTC",
	    &e), 0);
	assert_int_equal(time_parse("2026-01-05T00:00:00Z", &a), 0);
	assert_int_equal(bizhours_between(&h, a, a + 7 * 86400), 45 * 3600);
	assert_int_equal(bizhours_between(&h, a, a + block),
	    52L * 45 * 3600);
	assert_int_equal(bizhours_between(&h, a, a + 2 * block),
	    104L * 45 * 3600);
	/* Four thousand years: by blocks, at once. */
	assert_int_equal(bizhours_between(&h, a, a + 4000 * block),
	    4000L * 52 * 45 * 3600);
	assert_int_equal(bizhours_between(&h, a, a + 3 * block + 86400),
	    3L * 52 * 45 * 3600 + 9 * 3600);
	bizhours_release(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_entity),
		cmocka_unit_test(test_fetch),
		cmocka_unit_test(test_followup),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_ndjson),
		cmocka_unit_test(test_post),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_twtext),
		cmocka_unit_test(test_json_string_invalid_utf8),
		cmocka_unit_test(test_post_error_cut),
		cmocka_unit_test(test_html_leading_br),
		cmocka_unit_test(test_repeated_handle),
		cmocka_unit_test(test_lint_one_line),
		cmocka_unit_test(test_id_number_overflow),
		cmocka_unit_test(test_bizhours_years),
	};

	signal(SIGABRT, on_abort);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
