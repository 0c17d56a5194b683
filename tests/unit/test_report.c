/*
 * Unit tests for lib/report*.[ch]: keys, the join of messages and
 * replies in any order, the field reader on raw lines (with escapes and
 * nesting) against parsed records, partials merged back, and errors.
 */
#include "testlib.h"

#include <cjson/cJSON.h>

#include "ndjson.h"
#include "record.h"
#include "report.h"
#include "util.h"

#define NOW	1793613600	/* 2026-11-02T10:00:00Z */

static const char *const lines[] = {
	"{\"id\":\"1\",\"network\":\"x\",\"account\":\"Sh\\\"op\","
	"\"direction\":\"in\",\"created_at\":\"2026-11-02T09:00:00Z\","
	"\"conversation_id\":\"c1\",\"class\":{\"scores\":{\"a\":[1,{\"x\":"
	"\"}\"}]},\"category\":\"ship\\u0070ing\",\"sentiment\":{\"label\":"
	"\"negative\",\"score\":-0.5}}}",
	"{\"id\":\"2\",\"network\":\"x\",\"account\":\"Sh\\\"op\","
	"\"direction\":\"out\",\"created_at\":\"2026-11-02T09:10:00Z\","
	"\"conversation_id\":\"c1\",\"in_reply_to\":\"1\"}",
	"{\"id\":\"4\",\"network\":\"x\",\"account\":\"Plain\","
	"\"direction\":\"out\",\"created_at\":\"2026-11-02T09:05:00Z\","
	"\"conversation_id\":\"c2\",\"in_reply_to\":\"3\"}",
	"{\"id\":\"3\",\"network\":\"x\",\"account\":\"Plain\","
	"\"direction\":\"in\",\"created_at\":\"2026-11-02T09:00:00Z\","
	"\"conversation_id\":\"c2\",\"class\":{\"category\":\"returns\","
	"\"sentiment\":{\"score\":0.25,\"label\":\"positive\"}}}",
};

static struct report *
new_report(const char *by)
{
	struct report_conf c;
	struct cs_error e;
	struct report *r;

	memset(&c, 0, sizeof(c));
	if (by != NULL) {
		c.by[0] = report_key_parse(by);
		c.nby = 1;
	}
	c.now = NOW;
	r = report_new(&c, &e);
	assert_non_null(r);
	return r;
}

/* Add line as a parsed record (shape NULL) or from its raw bytes. */
static int
add(struct report *r, const char *line, int raw, struct cs_error *e)
{
	struct ndjson_shape shape = { 0 };
	struct record rec;
	cJSON *vals[32] = { 0 };
	int rc;

	memset(&rec, 0, sizeof(rec));
	rec.line = line;
	rec.len = strlen(line);
	if (raw) {
		assert_int_equal(ndjson_check(line, rec.len, &shape, e), 0);
		assert_true(shape.nmembers <= 32);
		rec.shape = &shape;
		rec.vals = vals;
	} else {
		rec.root = cJSON_Parse(line);
		assert_non_null(rec.root);
	}
	rc = report_add(r, &rec, e);
	record_release(&rec);
	cJSON_Delete(rec.root);
	ndjson_shape_release(&shape);
	return rc;
}

static char *
json_of(struct report *r)
{
	struct buf b;

	buf_init(&b);
	report_write(r, REPORT_JSON, &b);
	return b.s;
}

static void
test_keys(void **state)
{
	(void)state;
	assert_int_equal(report_key_parse("account"), REPORT_ACCOUNT);
	assert_int_equal(report_key_parse("weekday"), REPORT_WEEKDAY);
	assert_int_equal(report_key_parse("colour"), -1);
	assert_string_equal(report_key_name(REPORT_PRIORITY), "priority");
}

/* Raw lines and parsed records give the same report, in any order. */
static void
test_raw_equals_parsed(void **state)
{
	struct report *a = new_report("account"), *b = new_report("account");
	struct cs_error e;
	char *ja, *jb;
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(lines); i++) {
		assert_int_equal(add(a, lines[i], 1, &e), 0);
		assert_int_equal(add(b, lines[CS_NELEM(lines) - 1 - i], 0,
		    &e), 0);
	}
	ja = json_of(a);
	jb = json_of(b);
	assert_string_equal(ja, jb);
	assert_non_null(strstr(ja, "{\"key\":{\"account\":\"Sh\\\"op\"},"
	    "\"inbound\":1,\"answered\":1,\"response_rate\":1,"
	    "\"frt_mean\":600,"));
	assert_non_null(strstr(ja, "\"categories\":{\"shipping\":1}"));
	assert_non_null(strstr(ja, "\"negative\":1,\"neutral\":0,"
	    "\"positive\":0,\"sentiment\":-0.5,"));
	/* Plain's reply came first in the stream, yet answers in 300 s. */
	assert_non_null(strstr(ja, "{\"key\":{\"account\":\"Plain\"},"
	    "\"inbound\":1,\"answered\":1,\"response_rate\":1,"
	    "\"frt_mean\":300,"));
	free(ja);
	free(jb);
	report_free(a);
	report_free(b);
	report_free(NULL);
}

static void
test_errors(void **state)
{
	struct report *r = new_report(NULL);
	struct report_conf c;
	struct cs_error e;

	(void)state;
	assert_int_equal(add(r, "{\"id\":\"1\",\"direction\":\"in\"}", 1,
	    &e), -1);
	assert_string_equal(e.msg, "missing field 'created_at'");
	assert_int_equal(add(r, "{\"id\":\"1\",\"direction\":\"up\","
	    "\"created_at\":\"2026-11-02T09:00:00Z\"}", 0, &e), -1);
	assert_string_equal(e.msg, "field 'direction' is not \"in\" or "
	    "\"out\"");
	report_free(r);
	memset(&c, 0, sizeof(c));
	c.hours = "whenever";
	assert_null(report_new(&c, &e));
}

/* Each record's own partial, merged, equals the report of them all. */
static void
test_partials(void **state)
{
	struct report *all = new_report("account"), *m;
	struct cs_error e;
	char *want, *got;
	size_t i;

	(void)state;
	m = report_new(NULL, &e);
	assert_non_null(m);
	for (i = 0; i < CS_NELEM(lines); i++) {
		struct report *one = new_report("account");
		struct buf b;
		char *p, *nl;

		assert_int_equal(add(all, lines[i], 1, &e), 0);
		assert_int_equal(add(one, lines[i], 1, &e), 0);
		buf_init(&b);
		report_write_partial(one, &b);
		for (p = b.s; *p != '\0'; p = nl + 1) {
			struct record rec;

			nl = strchr(p, '\n');
			*nl = '\0';
			memset(&rec, 0, sizeof(rec));
			rec.root = cJSON_Parse(p);
			assert_non_null(rec.root);
			assert_int_equal(report_merge_line(m, &rec, &e), 0);
			cJSON_Delete(rec.root);
		}
		buf_release(&b);
		report_free(one);
	}
	assert_int_equal(report_merge_end(m, &e), 0);
	want = json_of(all);
	got = json_of(m);
	assert_string_equal(want, got);
	free(want);
	free(got);
	report_free(all);
	report_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_raw_equals_parsed),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_partials),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
