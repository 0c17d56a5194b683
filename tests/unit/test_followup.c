/*
 * Unit tests for lib/followup.[ch]: delays, due times in business hours,
 * the resolution policy, thanks, and each state change of a case; and
 * lib/store_followup.c: round trip and claims.
 */
#include "testlib.h"

#include "followup.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"

static struct followup_conf conf;
static struct followup_case c;

static time_t
at(const char *s)
{
	time_t t;

	if (time_parse(s, &t) == -1)
		fail_msg("bad time %s", s);
	return t;
}

static void
assert_time(time_t t, const char *want)
{
	char buf[TIME_RFC3339_LEN];

	time_format(t, buf);
	assert_string_equal(buf, want);
}

static int
setup(void **state)
{
	(void)state;
	followup_conf_init(&conf);
	followup_case_init(&c);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	bizhours_release(&conf.hours);
	return 0;
}

static void
hours(const char *spec, const char *tz)
{
	struct cs_error e;

	if (bizhours_parse(&conf.hours, spec, tz, &e) == -1)
		fail_msg("%s", e.msg);
}

static void
test_delays(void **state)
{
	(void)state;
	assert_int_equal(followup_delay(&conf, "shipping"), 3 * 86400);
	assert_int_equal(followup_set_delay(&conf, "shipping", 86400), 0);
	assert_int_equal(followup_set_delay(&conf, "*", 5 * 86400), 0);
	assert_int_equal(followup_set_delay(&conf, "shipping", 7200), 0);
	assert_int_equal(followup_delay(&conf, "shipping"), 7200);
	assert_int_equal(followup_delay(&conf, "returns"), 5 * 86400);
	assert_int_equal(followup_delay(&conf, NULL), 5 * 86400);
	assert_int_equal(followup_set_delay(&conf,
	    "a-category-name-far-too-long-to-keep", 1), -1);
}

static void
test_due_time_24_7(void **state)
{
	(void)state;
	assert_time(followup_due_time(&conf, "x",
	    at("2026-11-06T23:00:00Z")), "2026-11-09T23:00:00Z");
}

static void
test_due_time_business_hours(void **state)
{
	(void)state;
	hours("mon-fri 09:00-18:00", "Europe/Madrid");
	/* Inside: unchanged (Thursday 11:00 Madrid). */
	assert_time(followup_due_time(&conf, "x",
	    at("2026-11-02T10:00:00Z")), "2026-11-05T10:00:00Z");
	/* Thursday 22:00 Madrid: Friday 09:00 Madrid. */
	assert_time(followup_due_time(&conf, "x",
	    at("2026-11-02T21:00:00Z")), "2026-11-06T08:00:00Z");
	/* Saturday: Monday; a holiday Monday: Tuesday. */
	assert_time(followup_due_time(&conf, "x",
	    at("2026-11-04T12:00:00Z")), "2026-11-09T08:00:00Z");
	assert_int_equal(bizhours_add_holiday(&conf.hours, "2026-11-09"), 0);
	assert_time(followup_due_time(&conf, "x",
	    at("2026-11-04T12:00:00Z")), "2026-11-10T08:00:00Z");
}

static void
test_policy_parse(void **state)
{
	struct cs_error e;
	int p = -1;

	(void)state;
	assert_int_equal(followup_parse_policy("reply, thanks", &p, &e), 0);
	assert_int_equal(p, FU_POLICY_REPLY | FU_POLICY_THANKS);
	assert_int_equal(followup_parse_policy("all", &p, &e), 0);
	assert_int_equal(p, FU_POLICY_ALL);
	assert_int_equal(followup_parse_policy("none", &p, &e), 0);
	assert_int_equal(p, 0);
	assert_int_equal(followup_parse_policy("reply,maybe", &p, &e), -1);
	assert_string_equal(e.msg, "unknown resolution 'maybe': expected "
	    "reply, manual, thanks, all or none");
}

static void
test_thanks(void **state)
{
	(void)state;
	assert_true(followup_is_thanks("praise", NULL, 0, 0));
	assert_true(followup_is_thanks("other", "Thanks a lot!", 1, 0.5));
	assert_true(followup_is_thanks("other", "ok, thank you", 0, 0));
	assert_true(followup_is_thanks(NULL, "Moltes gr\xc3\xa0""cies", 0, 0));
	assert_true(followup_is_thanks(NULL, "¡Muchas GRACIAS!", 1, 0.1));
	assert_true(followup_is_thanks(NULL, "merci", 0, 0));
	assert_false(followup_is_thanks("complaint", "thanks for nothing", 1,
	    -0.7));
	assert_false(followup_is_thanks("shipping", "where is it?", 1, 0));
	/* Inside a word is not thanks. */
	assert_false(followup_is_thanks(NULL, "unthankful", 0, 0));
	assert_false(followup_is_thanks(NULL, NULL, 0, 0));
}

static void
test_resolve_and_reopen(void **state)
{
	(void)state;
	assert_int_equal(followup_inbound(&conf, &c, "shipping",
	    at("2026-11-02T10:00:00Z"), 0), FU_NOCHANGE);
	assert_int_equal(c.state, FU_OPEN);
	/* A resolution older than the customer's last question: no. */
	assert_int_equal(followup_resolve(&conf, &c, "shipping",
	    at("2026-11-02T09:00:00Z"), FU_POLICY_REPLY), FU_NOCHANGE);
	assert_int_equal(followup_resolve(&conf, &c, "shipping",
	    at("2026-11-02T10:30:00Z"), FU_POLICY_REPLY), FU_SCHEDULED);
	assert_int_equal(c.state, FU_PENDING);
	assert_time(c.due_at, "2026-11-05T10:30:00Z");
	/* Again (the same record fed twice): nothing. */
	assert_int_equal(followup_resolve(&conf, &c, "shipping",
	    at("2026-11-02T10:30:00Z"), FU_POLICY_REPLY), FU_NOCHANGE);
	/* An older message found late: nothing. */
	assert_int_equal(followup_inbound(&conf, &c, "shipping",
	    at("2026-11-02T10:10:00Z"), 0), FU_NOCHANGE);
	assert_int_equal(c.state, FU_PENDING);
	/* Thanks after it: nothing either. */
	assert_int_equal(followup_inbound(&conf, &c, "shipping",
	    at("2026-11-02T11:00:00Z"), 1), FU_NOCHANGE);
	/* A later resolution postpones. */
	assert_int_equal(followup_resolve(&conf, &c, "shipping",
	    at("2026-11-02T12:00:00Z"), FU_POLICY_MANUAL), FU_SCHEDULED);
	assert_time(c.due_at, "2026-11-05T12:00:00Z");
	/* A new question reopens. */
	assert_int_equal(followup_inbound(&conf, &c, "shipping",
	    at("2026-11-03T08:00:00Z"), 0), FU_REOPEN);
	assert_int_equal(c.state, FU_REOPENED);
	assert_int_equal(c.due_at, 0);
	assert_int_equal(followup_claim(&c, at("2026-11-09T12:00:00Z")), 0);
	assert_int_equal(followup_resolve(&conf, &c, "shipping",
	    at("2026-11-03T09:00:00Z"), FU_POLICY_REPLY), FU_SCHEDULED);
	assert_time(c.due_at, "2026-11-06T09:00:00Z");
}

static void
test_policy_applies(void **state)
{
	(void)state;
	conf.policy = FU_POLICY_REPLY;
	assert_int_equal(followup_resolve(&conf, &c, NULL,
	    at("2026-11-02T10:30:00Z"), FU_POLICY_MANUAL), FU_NOCHANGE);
	assert_int_equal(followup_inbound(&conf, &c, NULL,
	    at("2026-11-02T10:40:00Z"), 1), FU_NOCHANGE);
	assert_int_equal(c.state, FU_OPEN);
	conf.policy = FU_POLICY_THANKS;
	assert_int_equal(followup_resolve(&conf, &c, NULL,
	    at("2026-11-02T10:50:00Z"), FU_POLICY_REPLY), FU_NOCHANGE);
	assert_int_equal(followup_inbound(&conf, &c, NULL,
	    at("2026-11-02T11:00:00Z"), 1), FU_SCHEDULED);
	assert_int_equal(c.state, FU_PENDING);
}

static void
test_claim_send_answer(void **state)
{
	(void)state;
	followup_resolve(&conf, &c, NULL, at("2026-11-02T10:00:00Z"),
	    FU_POLICY_REPLY);
	assert_int_equal(followup_claim(&c, at("2026-11-05T09:59:59Z")), 0);
	assert_int_equal(followup_claim(&c, at("2026-11-05T10:00:00Z")), 1);
	assert_int_equal(c.state, FU_DUE);
	assert_int_equal(c.attempts, 1);
	/* Claimed once only; cancel is too late. */
	assert_int_equal(followup_claim(&c, at("2026-11-05T10:00:00Z")), 0);
	assert_int_equal(followup_cancel(&c), FU_NOCHANGE);
	assert_int_equal(followup_sent(&c, at("2026-11-05T10:00:05Z")),
	    FU_MARKED_SENT);
	assert_int_equal(followup_sent(&c, at("2026-11-05T10:00:09Z")),
	    FU_NOCHANGE);
	/* Before the check-in: not an answer. */
	assert_int_equal(followup_inbound(&conf, &c, NULL,
	    at("2026-11-05T10:00:00Z"), 0), FU_NOCHANGE);
	assert_int_equal(followup_inbound(&conf, &c, NULL,
	    at("2026-11-05T12:00:00Z"), 1), FU_ANSWER);
	assert_int_equal(c.state, FU_ANSWERED);
	/* A later one is not; an earlier one found late replaces it. */
	assert_int_equal(followup_inbound(&conf, &c, NULL,
	    at("2026-11-05T13:00:00Z"), 0), FU_NOCHANGE);
	assert_int_equal(followup_inbound(&conf, &c, NULL,
	    at("2026-11-05T11:00:00Z"), 0), FU_ANSWER);
	assert_time(c.answer_at, "2026-11-05T11:00:00Z");
	/* Never a second check-in. */
	assert_int_equal(followup_resolve(&conf, &c, NULL,
	    at("2026-11-06T10:00:00Z"), FU_POLICY_REPLY), FU_NOCHANGE);
}

static void
test_failures(void **state)
{
	(void)state;
	conf.attempts = 2;
	followup_resolve(&conf, &c, NULL, at("2026-11-02T10:00:00Z"),
	    FU_POLICY_REPLY);
	assert_int_equal(followup_failed(&conf, &c, 0), FU_NOCHANGE);
	assert_int_equal(followup_claim(&c, at("2026-11-05T10:00:00Z")), 1);
	assert_int_equal(followup_failed(&conf, &c,
	    at("2026-11-05T10:05:00Z")), FU_REQUEUED);
	assert_int_equal(c.state, FU_PENDING);
	assert_time(c.due_at, "2026-11-05T10:05:00Z");
	assert_int_equal(followup_claim(&c, at("2026-11-05T11:00:00Z")), 1);
	assert_int_equal(followup_failed(&conf, &c,
	    at("2026-11-05T11:05:00Z")), FU_GAVE_UP);
	assert_int_equal(c.state, FU_FAILED);
	assert_int_equal(followup_requeue(&c, 0), FU_NOCHANGE);
}

static void
test_requeue_and_cancel(void **state)
{
	(void)state;
	assert_int_equal(followup_requeue(&c, 1), FU_NOCHANGE);
	followup_resolve(&conf, &c, NULL, at("2026-11-02T10:00:00Z"),
	    FU_POLICY_REPLY);
	followup_claim(&c, at("2026-11-05T10:00:00Z"));
	assert_int_equal(followup_requeue(&c, at("2026-11-06T10:00:00Z")),
	    FU_REQUEUED);
	assert_int_equal(c.state, FU_PENDING);
	assert_int_equal(followup_cancel(&c), FU_CANCEL);
	assert_int_equal(c.state, FU_CANCELLED);
	assert_int_equal(followup_resolve(&conf, &c, NULL,
	    at("2026-11-07T10:00:00Z"), FU_POLICY_MANUAL), FU_NOCHANGE);
}

static void
test_state_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < FU_NSTATES; i++)
		assert_int_equal(followup_state_parse(followup_state_name(
		    (enum followup_state)i)), i);
	assert_int_equal(followup_state_parse("closed"), -1);
	assert_int_equal(followup_state_parse(NULL), -1);
}

static void
test_store_round_trip_and_claim(void **state)
{
	struct store_followup f, g, *v;
	struct cs_error e;
	char *path = tmp_path("f.db");
	struct store *s = store_open(path, &e);
	size_t n;

	(void)state;
	if (s == NULL)
		fail_msg("%s", e.msg);
	assert_int_equal(store_followup_get(s, "x", "c1", &f, &e), 1);
	assert_int_equal(f.c.state, FU_OPEN);
	f.handle = xstrdup("ana");
	f.has_score = 1;
	f.answer_score = -0.25;
	followup_resolve(&conf, &f.c, NULL, at("2026-11-02T10:00:00Z"),
	    FU_POLICY_REPLY);
	assert_int_equal(store_followup_put(s, &f, 5, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_followup_get(s, NULL, "c1", &g, &e), 0);
	assert_string_equal(g.network, "x");
	assert_string_equal(g.handle, "ana");
	assert_null(g.name);
	assert_int_equal(g.c.state, FU_PENDING);
	assert_int_equal(g.c.due_at, f.c.due_at);
	assert_true(g.has_score);
	assert_true(g.answer_score == -0.25);
	assert_int_equal(g.updated_at, 5);
	store_followup_release(&g);
	/* The same conversation on another network: ambiguous. */
	store_followup_release(&f);
	assert_int_equal(store_followup_get(s, "bluesky", "c1", &f, &e), 1);
	assert_int_equal(store_followup_put(s, &f, 5, &e), 0);
	assert_int_equal(store_followup_get(s, NULL, "c1", &g, &e), 2);
	store_followup_release(&f);
	/* Claims: not before the due time, then once. */
	assert_int_equal(store_followup_claim(s, at("2026-11-05T09:00:00Z"),
	    0, 0, &v, &n, &e), 0);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(store_followup_claim(s, at("2026-11-05T10:00:00Z"),
	    0, 0, &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].c.state, FU_DUE);
	assert_int_equal(v[0].claimed_at, at("2026-11-05T10:00:00Z"));
	store_followup_release(&v[0]);
	free(v);
	assert_int_equal(store_followup_claim(s, at("2026-11-06T10:00:00Z"),
	    0, 0, &v, &n, &e), 0);
	assert_int_equal(n, 0);
	free(v);
	/* A claim whose result never came is claimed again once stale. */
	assert_int_equal(store_followup_claim(s, at("2026-11-06T10:00:00Z"),
	    at("2026-11-05T10:00:00Z"), 0, &v, &n, &e), 0);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(store_followup_claim(s, at("2026-11-06T10:00:00Z"),
	    at("2026-11-05T10:00:01Z"), 0, &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].c.state, FU_DUE);
	assert_int_equal(v[0].claimed_at, at("2026-11-06T10:00:00Z"));
	store_followup_release(&v[0]);
	free(v);
	assert_int_equal(store_commit(s, &e), 0);
	store_close(s);
	free(path);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_delays),
		T(test_due_time_24_7),
		T(test_due_time_business_hours),
		T(test_policy_parse),
		T(test_thanks),
		T(test_resolve_and_reopen),
		T(test_policy_applies),
		T(test_claim_send_answer),
		T(test_failures),
		T(test_requeue_and_cancel),
		T(test_state_names),
		T(test_store_round_trip_and_claim),
	};
#undef T

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
