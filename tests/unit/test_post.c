/*
 * Unit tests for the pure parts of lib/post.[ch]: Mastodon visibility,
 * Bluesky record keys (TIDs: the value checked against an independent
 * computation in Python of the rule documented in post.h), facets at
 * UTF-8 byte offsets, error lines from the networks' canned bodies, and
 * the classification of X's answers.  The requests themselves are
 * tested against the fakes in tests/cli/cs-reply-send-net.bats.
 */
#include "testlib.h"

#include "post.h"

static void
test_visibility(void **state)
{
	(void)state;
	assert_string_equal(post_visibility(NULL, NULL), "public");
	assert_string_equal(post_visibility("public", NULL), "public");
	assert_string_equal(post_visibility("direct", NULL), "direct");
	assert_string_equal(post_visibility("private", "unlisted"), "private");
	assert_string_equal(post_visibility("public", "unlisted"), "unlisted");
	assert_string_equal(post_visibility("unlisted", "direct"), "direct");
	/* Unknown: the most public allowed. */
	assert_string_equal(post_visibility("bogus", "private"), "private");
	assert_string_equal(post_visibility("bogus", NULL), "public");
}

static void
test_tid(void **state)
{
	char a[POST_TID_LEN], b[POST_TID_LEN], c[POST_TID_LEN];

	(void)state;
	post_tid("claim-1", 1790000000, a);
	assert_string_equal(a, "3mvzvh4k6kye2");
	post_tid("claim-1", 1790000000, b);
	assert_string_equal(a, b);
	post_tid("claim-2", 1790000000, b);
	assert_string_equal(b, "3mvzvh4nuibe5");
	post_tid("claim-1", 1790000001, c);
	assert_string_equal(c, "3mvzvh5ip4ye2");
	/* Later claims sort later. */
	assert_true(strcmp(c, a) > 0 && strcmp(c, b) > 0);
	assert_true(post_tid_valid(a));
	post_tid("", 0, a);
	assert_true(post_tid_valid(a));
	post_tid("k", (time_t)4102444800, a);	/* 2100 */
	assert_true(post_tid_valid(a));
	assert_false(post_tid_valid("3mvzvh4k6kye"));
	assert_false(post_tid_valid("kmvzvh4k6kye2"));	/* top bit set */
	assert_false(post_tid_valid("3mvzvh4k6ky12"));	/* not base32 */
	assert_false(post_tid_valid("3mvzvh4k6kye2x"));
}

static void
test_facets(void **state)
{
	/* "Gràcies" has a 2-byte à; the emoji is 4 bytes. */
	const char *t = "Gr\xc3\xa0" "cies @jane.bsky.social \xf0\x9f\x99\x8f "
	    "(@pau.example.com) mira https://acme.com/t/1 i acme.com. "
	    "mail@x.bsky.social @nodot @ana.bsky.social.";
	struct post_facet *f;
	size_t n;

	(void)state;
	n = post_find_facets(t, &f);
	assert_int_equal(n, 5);
	assert_int_equal(f[0].type, POST_FACET_MENTION);
	assert_string_equal(f[0].value, "jane.bsky.social");
	assert_int_equal(f[0].start, 9);
	assert_int_equal(f[0].end, 26);
	assert_memory_equal(t + f[0].start, "@jane.bsky.social", 17);
	assert_int_equal(f[1].type, POST_FACET_MENTION);
	assert_string_equal(f[1].value, "pau.example.com");
	assert_memory_equal(t + f[1].start, "@pau.example.com",
	    f[1].end - f[1].start);
	assert_int_equal(f[2].type, POST_FACET_LINK);
	assert_string_equal(f[2].value, "https://acme.com/t/1");
	assert_memory_equal(t + f[2].start, "https://acme.com/t/1",
	    f[2].end - f[2].start);
	assert_int_equal(f[3].type, POST_FACET_LINK);
	assert_string_equal(f[3].value, "https://acme.com");
	assert_int_equal(f[3].end - f[3].start, 8);
	/*
	 * An e-mail address is neither a mention nor a link, a handle
	 * needs a dot, and the final '.' of a sentence is not taken.
	 */
	assert_int_equal(f[4].type, POST_FACET_MENTION);
	assert_string_equal(f[4].value, "ana.bsky.social");
	assert_int_equal(t[f[4].end], '.');
	post_facets_free(f, n);
	n = post_find_facets("no facets here @ or @-bad.com", &f);
	assert_int_equal(n, 0);
	post_facets_free(f, n);
}

static void
test_http_error(void **state)
{
	char out[200];

	(void)state;
	post_http_error(403, "{\"detail\":\"You are not allowed to create a "
	    "Tweet with duplicate content.\",\"type\":\"about:blank\","
	    "\"title\":\"Forbidden\",\"status\":403}", out, sizeof(out));
	assert_string_equal(out, "HTTP 403: You are not allowed to create a "
	    "Tweet with duplicate content.");
	post_http_error(400, "{\"errors\":[{\"message\":\"text too long\"}],"
	    "\"title\":\"Invalid Request\"}", out, sizeof(out));
	assert_string_equal(out, "HTTP 400: text too long");
	post_http_error(422, "{\"error\":\"Validation failed: Text can't be "
	    "blank\"}", out, sizeof(out));
	assert_string_equal(out, "HTTP 422: Validation failed: Text can't be "
	    "blank");
	post_http_error(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token "
	    "has expired\"}", out, sizeof(out));
	assert_string_equal(out, "HTTP 400: ExpiredToken: Token has expired");
	post_http_error(502, "<html>\n<b>Bad</b></html>", out, sizeof(out));
	assert_string_equal(out, "HTTP 502: <html> <b>Bad</b></html>");
	post_http_error(500, NULL, out, sizeof(out));
	assert_string_equal(out, "HTTP 500: (empty reply)");
}

static void
test_x_classify(void **state)
{
	struct post_result r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(post_x_classify(201, "{\"data\":{\"id\":"
	    "\"1800000000000000456\",\"text\":\"hi\"}}", 0, &r), POST_SENT);
	assert_string_equal(r.id, "1800000000000000456");
	assert_string_equal(r.url, "https://x.com/i/web/status/"
	    "1800000000000000456");
	memset(&r, 0, sizeof(r));
	assert_int_equal(post_x_classify(403, "{\"detail\":\"You are not "
	    "allowed to create a Tweet with duplicate content.\"}", 0, &r),
	    POST_FAILED);
	assert_true(r.duplicate);
	memset(&r, 0, sizeof(r));
	assert_int_equal(post_x_classify(429, "{\"title\":\"Too Many "
	    "Requests\"}", 1800000000, &r), POST_RATE_LIMITED);
	assert_int_equal(r.retry_at, 1800000000);
	memset(&r, 0, sizeof(r));
	/* 503: not processed; other 5xx: may have posted. */
	assert_int_equal(post_x_classify(503, "{}", 0, &r), POST_FAILED);
	assert_int_equal(post_x_classify(500, "{}", 0, &r), POST_UNKNOWN);
	assert_int_equal(post_x_classify(504, "{}", 0, &r), POST_UNKNOWN);
	/* Created, but no id to show for it. */
	assert_int_equal(post_x_classify(201, "<html>", 0, &r), POST_UNKNOWN);
	assert_int_equal(post_x_classify(401, "{\"title\":\"Unauthorized\"}",
	    0, &r), POST_FAILED);
	assert_string_equal(r.error, "x: HTTP 401: Unauthorized");
	assert_false(r.duplicate);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visibility),
		cmocka_unit_test(test_tid),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_http_error),
		cmocka_unit_test(test_x_classify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
