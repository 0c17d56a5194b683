/*
 * Unit tests for cs-fetch's part of lib/store.[ch] (schema migration 2):
 * cursors, the ids each stream has emitted, the overlap's resume point,
 * pruning, and cached facts.
 */
#include "testlib.h"

#include "store.h"

static struct store *
open_db(const char *name)
{
	struct cs_error e;
	char *p = tmp_path(name);
	struct store *s = store_open(p, &e);

	if (s == NULL)
		fail_msg("store_open: %s", e.msg);
	free(p);
	return s;
}

static void
test_cursor_round_trip(void **state)
{
	struct store *s = open_db("c.db");
	struct store_cursor c, got;
	struct cs_error e;

	(void)state;
	assert_int_equal(store_cursor_get(s, "x", "ShopCare", "mentions", &got,
	    &e), 1);
	assert_null(got.resume);
	memset(&c, 0, sizeof(c));
	c.resume = xstrdup("1800000000000000099");
	c.pass_token = xstrdup("7140dabc");
	c.pass_newest = xstrdup("1800000000000000123");
	c.pass_newest_at = 1793525400;
	c.pass_count = 42;
	assert_int_equal(store_cursor_put(s, "x", "ShopCare", "mentions", &c,
	    1000, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_cursor_get(s, "x", "ShopCare", "mentions", &got,
	    &e), 0);
	assert_string_equal(got.resume, c.resume);
	assert_string_equal(got.pass_token, c.pass_token);
	assert_string_equal(got.pass_newest, c.pass_newest);
	assert_int_equal(got.pass_newest_at, 1793525400);
	assert_int_equal(got.pass_count, 42);
	assert_int_equal(got.updated_at, 1000);
	store_cursor_release(&got);
	store_cursor_release(&c);
	/* Other streams and accounts are apart. */
	assert_int_equal(store_cursor_get(s, "x", "ShopCare", "search:a", &got,
	    &e), 1);
	assert_int_equal(store_cursor_get(s, "x", "Other", "mentions", &got,
	    &e), 1);
	/* NULLs stay NULL. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_cursor_put(s, "x", "ShopCare", "mentions", &c,
	    2000, &e), 0);
	assert_int_equal(store_cursor_get(s, "x", "ShopCare", "mentions", &got,
	    &e), 0);
	assert_null(got.resume);
	assert_null(got.pass_token);
	store_cursor_release(&got);
	store_cursor_release(NULL);
	store_close(s);
}

static void
test_seen(void **state)
{
	struct store *s = open_db("s.db");
	struct cs_error e;
	char *id;

	(void)state;
	assert_int_equal(store_seen(s, "x", "a", "mentions", "5", &e), 0);
	assert_int_equal(store_seen_add(s, "x", "a", "mentions", "5", 100, 1,
	    &e), 0);
	/* Seen inside the open transaction, and again is a no-op. */
	assert_int_equal(store_seen(s, "x", "a", "mentions", "5", &e), 1);
	assert_int_equal(store_seen_add(s, "x", "a", "mentions", "5", 100, 1,
	    &e), 0);
	assert_int_equal(store_seen(s, "x", "a", "search:q", "5", &e), 0);
	assert_int_equal(store_seen(s, "mastodon", "a", "mentions", "5", &e),
	    0);
	assert_int_equal(store_seen_add(s, "x", "a", "mentions", "99", 200, 1,
	    &e), 0);
	assert_int_equal(store_seen_add(s, "x", "a", "mentions", "100", 300, 1,
	    &e), 0);
	assert_int_equal(store_seen_add(s, "x", "a", "mentions", "1000", 400,
	    1, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	/* Numeric order: "100" > "99" although "99" > "100" as text. */
	assert_int_equal(store_seen_resume(s, "x", "a", "mentions", 300, &id,
	    &e), 0);
	assert_string_equal(id, "100");
	free(id);
	assert_int_equal(store_seen_resume(s, "x", "a", "mentions", 1000, &id,
	    &e), 0);
	assert_string_equal(id, "1000");
	free(id);
	assert_int_equal(store_seen_resume(s, "x", "a", "mentions", 50, &id,
	    &e), 1);
	assert_null(id);
	/* Pruning forgets what was created before the time. */
	assert_int_equal(store_seen_prune(s, "x", "a", "mentions", 250, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_seen(s, "x", "a", "mentions", "5", &e), 0);
	assert_int_equal(store_seen(s, "x", "a", "mentions", "99", &e), 0);
	assert_int_equal(store_seen(s, "x", "a", "mentions", "100", &e), 1);
	store_close(s);
}

static void
test_meta(void **state)
{
	struct store *s = open_db("m.db");
	struct cs_error e;
	char *v;

	(void)state;
	assert_int_equal(store_meta_get(s, "x", "a", "user_id", &v, &e), 1);
	assert_null(v);
	assert_int_equal(store_meta_put(s, "x", "a", "user_id", "15", 1, &e),
	    0);
	assert_int_equal(store_meta_put(s, "x", "a", "user_id", "16", 2, &e),
	    0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_meta_get(s, "x", "a", "user_id", &v, &e), 0);
	assert_string_equal(v, "16");
	free(v);
	assert_int_equal(store_meta_get(s, "x", "b", "user_id", &v, &e), 1);
	store_close(s);
}

static void
test_survives_reopen(void **state)
{
	struct store *s = open_db("r.db");
	struct store_cursor c;
	struct cs_error e;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.resume = xstrdup("7");
	assert_int_equal(store_cursor_put(s, "x", "a", "mentions", &c, 1, &e),
	    0);
	store_cursor_release(&c);
	assert_int_equal(store_seen_add(s, "x", "a", "mentions", "7", 1, 1,
	    &e), 0);
	/* store_close commits. */
	store_close(s);
	s = open_db("r.db");
	assert_int_equal(store_seen(s, "x", "a", "mentions", "7", &e), 1);
	assert_int_equal(store_cursor_get(s, "x", "a", "mentions", &c, &e), 0);
	assert_string_equal(c.resume, "7");
	store_cursor_release(&c);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_round_trip),
		cmocka_unit_test(test_seen),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_survives_reopen),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
