/*
 * Unit tests for lib/priority.[ch]: SLA targets, the explained score,
 * levels at their thresholds, overdue cases and the reasons array.
 */
#include "testlib.h"

#include <cjson/cJSON.h>

#include "priority.h"
#include "timeutil.h"
#include "util.h"

#define NOW	1793525400	/* 2026-11-01T09:30:00Z */

static struct priority_conf conf;
static struct priority_input in;
static struct priority_result res;

/* A fresh configuration (24/7, now = NOW) and an empty message. */
static int
setup(void **state)
{
	(void)state;
	priority_conf_init(&conf);
	conf.now = NOW;
	memset(&in, 0, sizeof(in));
	in.created = NOW;
	in.followers = -1;
	buf_init(&res.reasons);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	buf_release(&res.reasons);
	bizhours_release(&conf.hours);
	return 0;
}

/* The reasons as parsed JSON: an array of strings (cJSON_Delete it). */
static cJSON *
reasons(void)
{
	cJSON *j, *it;

	j = cJSON_ParseWithLengthOpts(res.reasons.s, res.reasons.len, NULL,
	    0);
	if (j == NULL)
		fail_msg("reasons are not JSON: %s", res.reasons.s);
	assert_true(cJSON_IsArray(j));
	cJSON_ArrayForEach(it, j)
		assert_true(cJSON_IsString(it));
	return j;
}

/* 1 if some reason is exactly text. */
static int
has_reason(const char *text)
{
	cJSON *j = reasons(), *it;
	int found = 0;

	cJSON_ArrayForEach(it, j) {
		if (strcmp(it->valuestring, text) == 0)
			found = 1;
	}
	cJSON_Delete(j);
	return found;
}

static void
expect_reason(const char *text)
{
	if (!has_reason(text))
		fail_msg("no reason '%s' in %s", text, res.reasons.s);
}

/* The points in the reasons add up to the score (before the cap). */
static int
reason_points(void)
{
	cJSON *j = reasons(), *it;
	int sum = 0;

	cJSON_ArrayForEach(it, j) {
		const char *sp = strrchr(it->valuestring, ' ');

		assert_non_null(sp);
		assert_true(sp[1] == '+' || sp[1] == '-');
		sum += atoi(sp + 1);
	}
	cJSON_Delete(j);
	return sum;
}

static void
score(void)
{
	priority_score(&conf, &in, &res);
}

/* ---- SLA targets ---- */

static void
test_sla_defaults(void **state)
{
	(void)state;
	assert_int_equal(priority_sla(&conf, NULL, 0), 3600);
	assert_int_equal(priority_sla(&conf, "shipping", 0), 3600);
	assert_int_equal(priority_sla(&conf, "complaint", 0), 1800);
	assert_int_equal(priority_sla(&conf, "info", 0), 7200);
	assert_int_equal(priority_sla(&conf, "product", 0), 7200);
	assert_int_equal(priority_sla(&conf, "praise", 0), 4 * 3600);
	assert_int_equal(priority_sla(&conf, "unknown-cat", 0), 3600);
	/* Urgent: 15 minutes when that is sooner. */
	assert_int_equal(priority_sla(&conf, "praise", 1), 900);
	assert_int_equal(priority_sla(&conf, NULL, 1), 900);
	assert_int_equal(priority_sla(&conf, "complaint", 1), 900);
	assert_true(conf.hours.always);
}

static void
test_sla_set(void **state)
{
	char longname[64];
	char name[16];
	int i;

	(void)state;
	assert_int_equal(priority_set_sla(&conf, "complaint", 600), 0);
	assert_int_equal(priority_sla(&conf, "complaint", 0), 600);
	assert_int_equal(priority_set_sla(&conf, "shipping", 5400), 0);
	assert_int_equal(priority_sla(&conf, "shipping", 0), 5400);
	assert_int_equal(priority_set_sla(&conf, "default", 1200), 0);
	assert_int_equal(priority_sla(&conf, "other", 0), 1200);
	assert_int_equal(priority_sla(&conf, NULL, 0), 1200);
	assert_int_equal(priority_sla(&conf, "shipping", 0), 5400);
	/* An urgent target later than the category's leaves the latter. */
	assert_int_equal(priority_set_sla(&conf, "urgent", 3600), 0);
	assert_int_equal(priority_sla(&conf, "complaint", 1), 600);
	assert_int_equal(priority_sla(&conf, "shipping", 1), 3600);

	/* Names up to 31 bytes; at most PRIORITY_MAX_SLA categories. */
	memset(longname, 'x', sizeof(longname));
	longname[32] = '\0';
	assert_int_equal(priority_set_sla(&conf, longname, 60), -1);
	longname[31] = '\0';
	assert_int_equal(priority_set_sla(&conf, longname, 60), 0);
	assert_int_equal(priority_sla(&conf, longname, 0), 60);
	for (i = 0; conf.nsla < PRIORITY_MAX_SLA; i++) {
		snprintf(name, sizeof(name), "cat%d", i);
		assert_int_equal(priority_set_sla(&conf, name, 60 + i), 0);
	}
	assert_int_equal(priority_set_sla(&conf, "one-too-many", 60), -1);
	/* Updating an existing one still works when full. */
	assert_int_equal(priority_set_sla(&conf, "cat0", 99), 0);
	assert_int_equal(priority_sla(&conf, "cat0", 0), 99);
	assert_int_equal(priority_sla(&conf, "one-too-many", 0), 1200);
}

static void
test_conf_init_now(void **state)
{
	struct priority_conf c;
	time_t before = time(NULL);

	(void)state;
	priority_conf_init(&c);
	assert_in_range(c.now, before, time(NULL));
	assert_int_equal(c.sla_default, 3600);
	assert_int_equal(c.sla_urgent, 900);
	bizhours_release(&c.hours);
}

/* ---- scores ---- */

static void
test_empty_message(void **state)
{
	(void)state;
	score();
	assert_int_equal(res.score, 0);
	assert_int_equal(res.level, 4);
	assert_int_equal(res.overdue, 0);
	assert_int_equal(res.sla_due, NOW + 3600);
	assert_string_equal(res.reasons.s, "[]");
}

static void
test_outbound(void **state)
{
	(void)state;
	in.outbound = 1;
	in.category = "complaint";
	in.urgent = 1;
	in.vip = 1;
	in.pii = 1;
	in.created = NOW - 10 * 3600;	/* long ago: still not overdue */
	score();
	assert_int_equal(res.score, 0);
	assert_int_equal(res.level, 4);
	assert_int_equal(res.overdue, 0);
	assert_int_equal(res.sla_due, in.created);
	assert_string_equal(res.reasons.s, "[\"outbound message +0\"]");
	expect_reason("outbound message +0");
}

static void
level_for(const char *category, int urgent, int vip, int pii,
    int verified, long earlier, int want_score, int want_level)
{
	memset(&in, 0, sizeof(in));
	in.created = NOW;
	in.followers = -1;
	in.category = category;
	in.urgent = urgent;
	in.vip = vip;
	in.pii = pii;
	in.verified = verified;
	in.earlier = earlier;
	score();
	assert_int_equal(res.score, want_score);
	assert_int_equal(res.level, want_level);
	assert_int_equal(reason_points(), want_score);
}

static void
test_levels_at_thresholds(void **state)
{
	(void)state;
	/* p4 below 25, p3 from 25, p2 from 45, p1 from 70. */
	level_for("product", 0, 0, 0, 0, 2, 24, 4);	/* 8+16 */
	level_for("complaint", 0, 0, 0, 0, 0, 25, 3);
	level_for("product", 0, 1, 0, 0, 2, 44, 3);	/* 8+20+16 */
	level_for("complaint", 0, 1, 0, 0, 0, 45, 2);	/* 25+20 */
	level_for("product", 1, 1, 0, 5, 2, 69, 2);	/* 8+20+20+5+16 */
	level_for("complaint", 1, 1, 0, 1, 0, 70, 1);	/* 25+20+20+5 */
	level_for(NULL, 0, 0, 0, 0, 0, 0, 4);
	level_for("praise", 0, 0, 0, 0, 0, 0, 4);
}

static void
test_category_points(void **state)
{
	static const struct {
		const char	*cat;
		int		 points;
	} t[] = {
		{ "complaint", 25 }, { "payment", 20 }, { "account", 15 },
		{ "shipping", 15 }, { "returns", 12 }, { "product", 8 },
		{ "info", 6 }, { "other", 5 }, { "praise", 0 },
		{ "my-own-category", 10 },
	};
	char want[64];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(t); i++) {
		in.category = t[i].cat;
		score();
		assert_int_equal(res.score, t[i].points);
		snprintf(want, sizeof(want), "%s +%d", t[i].cat, t[i].points);
		expect_reason(want);
	}
}

static void
test_urgent_cues(void **state)
{
	(void)state;
	in.urgent = 1;
	score();
	assert_int_equal(res.score, 20);
	expect_reason("urgent +20");
	assert_int_equal(res.sla_due, NOW + 900);

	in.cues[0] = "threat";
	score();
	assert_int_equal(res.score, 30);
	expect_reason("threat to go public or to court +10");

	in.cues[1] = "safety";
	in.cues[2] = "threat";
	score();
	assert_int_equal(res.score, 35);
	expect_reason("safety issue +15");
	assert_false(has_reason("threat to go public or to court +10"));

	/* Cues count only when the message is urgent. */
	in.urgent = 0;
	score();
	assert_int_equal(res.score, 0);

	/* Unknown cues add nothing beyond "urgent". */
	in.urgent = 1;
	in.cues[0] = "deadline";
	in.cues[1] = NULL;
	score();
	assert_int_equal(res.score, 20);
}

static void
test_urgent_cues_full_array(void **state)
{
	size_t i;

	(void)state;
	/* All eight slots used, no terminator: read no further. */
	in.urgent = 1;
	for (i = 0; i < CS_NELEM(in.cues); i++)
		in.cues[i] = "other";
	in.cues[7] = "safety";
	score();
	assert_int_equal(res.score, 35);
}

static void
test_sentiment(void **state)
{
	(void)state;
	in.has_sentiment = 1;
	in.sentiment = -1.0;
	score();
	assert_int_equal(res.score, 15);
	expect_reason("negative sentiment -1.00 +15");
	in.sentiment = -0.4;
	score();
	assert_int_equal(res.score, 6);
	expect_reason("negative sentiment -0.40 +6");
	in.sentiment = -0.05;
	score();
	assert_int_equal(res.score, 1);
	in.sentiment = -0.04;
	score();
	assert_int_equal(res.score, 0);
	in.sentiment = 0.9;
	score();
	assert_int_equal(res.score, 0);
	assert_string_equal(res.reasons.s, "[]");
	/* No sentiment known: nothing, whatever the field holds. */
	in.has_sentiment = 0;
	in.sentiment = -1.0;
	score();
	assert_int_equal(res.score, 0);
}

static void
test_pii_vip_verified(void **state)
{
	(void)state;
	in.pii = 1;
	score();
	assert_int_equal(res.score, 15);
	expect_reason("personal data exposed in public +15");
	in.pii = 0;
	in.vip = 1;
	score();
	assert_int_equal(res.score, 20);
	expect_reason("VIP +20");
	in.vip = 0;
	in.verified = 1;
	score();
	assert_int_equal(res.score, 5);
	expect_reason("verified account +5");
}

static void
test_followers(void **state)
{
	static const struct {
		double	followers;
		int	points;
	} t[] = {
		{ -1, 0 }, { 0, 0 }, { 999, 0 }, { 1000, 3 }, { 10000, 6 },
		{ 100000, 9 }, { 1e6, 12 }, { 1e7, 15 }, { 1e9, 15 },
	};
	char want[64];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(t); i++) {
		in.followers = t[i].followers;
		score();
		assert_int_equal(res.score, t[i].points);
		if (t[i].points > 0) {
			snprintf(want, sizeof(want), "%.0f followers +%d",
			    t[i].followers, t[i].points);
			expect_reason(want);
		}
	}
}

static void
test_repeat_contact(void **state)
{
	static const struct {
		long		 earlier;
		int		 points;
		const char	*text;
	} t[] = {
		{ 1, 8, "2nd message in this conversation +8" },
		{ 2, 16, "3rd message in this conversation +16" },
		{ 3, 16, "4th message in this conversation +16" },
		{ 10, 16, "11th message in this conversation +16" },
		{ 11, 16, "12th message in this conversation +16" },
		{ 12, 16, "13th message in this conversation +16" },
		{ 20, 16, "21st message in this conversation +16" },
		{ 21, 16, "22nd message in this conversation +16" },
		{ 101, 16, "102nd message in this conversation +16" },
		{ 110, 16, "111th message in this conversation +16" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(t); i++) {
		in.earlier = t[i].earlier;
		score();
		assert_int_equal(res.score, t[i].points);
		expect_reason(t[i].text);
	}
}

static void
test_waiting(void **state)
{
	(void)state;
	/* Half the 1h target waited: +5. */
	in.created = NOW - 1800;
	score();
	assert_int_equal(res.overdue, 0);
	assert_int_equal(res.sla_due, in.created + 3600);
	assert_int_equal(res.score, 5);
	expect_reason("waiting 30m of 1h +5");
	/* Exactly at the target: not overdue yet, +10. */
	in.created = NOW - 3600;
	score();
	assert_int_equal(res.overdue, 0);
	assert_int_equal(res.score, 10);
	expect_reason("waiting 1h of 1h +10");
	/* A message from the future waits nothing. */
	in.created = NOW + 600;
	score();
	assert_int_equal(res.score, 0);
	assert_int_equal(res.overdue, 0);
	/* Less than a tenth of the target: no points, no reason. */
	in.created = NOW - 300;
	score();
	assert_int_equal(res.score, 0);
	assert_string_equal(res.reasons.s, "[]");
	/* Mixed hours and minutes. */
	in.category = "info";			/* 2h target, 6 points */
	in.created = NOW - 5400;
	score();
	expect_reason("waiting 1h30m of 2h +7");
	assert_int_equal(res.score, 13);
}

static void
test_overdue(void **state)
{
	(void)state;
	in.category = "complaint";		/* 30m target */
	in.created = NOW - 3600;
	score();
	assert_int_equal(res.overdue, 1);
	assert_int_equal(res.sla_due, NOW - 1800);
	assert_int_equal(res.score, 25 + 15);
	expect_reason("complaint +25");
	expect_reason("overdue by 30m +15");
	assert_int_equal(reason_points(), res.score);

	in.created = NOW - 1800 - 1;
	score();
	assert_int_equal(res.overdue, 1);
	in.created = NOW - 3 * 86400 - 4 * 3600 - 1800;
	score();
	expect_reason("overdue by 3d4h +15");
	in.created = NOW - 1800 - 2 * 3600;
	score();
	expect_reason("overdue by 2h +15");
	in.created = NOW - 1800 - 2 * 3600 - 600;
	score();
	expect_reason("overdue by 2h10m +15");
}

static void
test_overdue_business_hours(void **state)
{
	struct cs_error e;

	(void)state;
	if (access("/usr/share/zoneinfo/Europe/Madrid", R_OK) != 0)
		skip();
	assert_int_equal(bizhours_parse(&conf.hours, "mon-fri 09:00-18:00",
	    "Europe/Madrid", &e), 0);
	/*
	 * Friday 2026-10-23 19:00 CEST: due Monday 10:00 CET (09:00Z).
	 * On Monday at 09:30 CET half the target has passed.
	 */
	assert_int_equal(time_parse("2026-10-23T17:00:00Z", &in.created), 0);
	assert_int_equal(time_parse("2026-10-26T08:30:00Z", &conf.now), 0);
	score();
	assert_int_equal(res.overdue, 0);
	/* 2026-10-26T09:00:00Z */
	assert_int_equal(res.sla_due, 1793005200);
	expect_reason("waiting 30m of 1h +5");
	/* Saturday: nothing has been waited in business time. */
	assert_int_equal(time_parse("2026-10-24T10:00:00Z", &conf.now), 0);
	score();
	assert_int_equal(res.score, 0);
	assert_int_equal(res.overdue, 0);
	/* Monday 11:00 CET: an hour overdue. */
	assert_int_equal(time_parse("2026-10-26T10:00:00Z", &conf.now), 0);
	score();
	assert_int_equal(res.overdue, 1);
	expect_reason("overdue by 1h +15");
}

static void
test_cap_at_100(void **state)
{
	(void)state;
	in.category = "complaint";
	in.urgent = 1;
	in.cues[0] = "safety";
	in.has_sentiment = 1;
	in.sentiment = -1;
	in.pii = 1;
	in.vip = 1;
	in.followers = 1e7;
	in.verified = 1;
	in.earlier = 5;
	in.created = NOW - 86400;
	score();
	assert_int_equal(res.score, 100);
	assert_int_equal(res.level, 1);
	assert_int_equal(res.overdue, 1);
	/* Every part is still explained. */
	assert_true(reason_points() > 100);
	expect_reason("complaint +25");
	expect_reason("urgent +20");
	expect_reason("safety issue +15");
	expect_reason("negative sentiment -1.00 +15");
	expect_reason("personal data exposed in public +15");
	expect_reason("VIP +20");
	expect_reason("10000000 followers +15");
	expect_reason("verified account +5");
	expect_reason("6th message in this conversation +16");
	expect_reason("overdue by 23h45m +15");
}

static void
test_reasons_are_json_with_escapes(void **state)
{
	cJSON *j;

	(void)state;
	/* A user category with quotes and a backslash stays valid JSON. */
	in.category = "we\"ird\\cat\n";
	in.vip = 1;
	score();
	j = reasons();
	assert_int_equal(cJSON_GetArraySize(j), 2);
	assert_string_equal(cJSON_GetArrayItem(j, 0)->valuestring,
	    "we\"ird\\cat\n +10");
	assert_string_equal(cJSON_GetArrayItem(j, 1)->valuestring, "VIP +20");
	cJSON_Delete(j);
	assert_int_equal(res.score, 30);
}

static void
test_reasons_reset_between_calls(void **state)
{
	(void)state;
	in.vip = 1;
	score();
	assert_string_equal(res.reasons.s, "[\"VIP +20\"]");
	in.vip = 0;
	in.pii = 1;
	score();
	assert_string_equal(res.reasons.s,
	    "[\"personal data exposed in public +15\"]");
	in.pii = 0;
	score();
	assert_string_equal(res.reasons.s, "[]");
	assert_int_equal(res.reasons.len, 2);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sla_defaults),
		T(test_sla_set),
		T(test_conf_init_now),
		T(test_empty_message),
		T(test_outbound),
		T(test_levels_at_thresholds),
		T(test_category_points),
		T(test_urgent_cues),
		T(test_urgent_cues_full_array),
		T(test_sentiment),
		T(test_pii_vip_verified),
		T(test_followers),
		T(test_repeat_contact),
		T(test_waiting),
		T(test_overdue),
		T(test_overdue_business_hours),
		T(test_cap_at_100),
		T(test_reasons_are_json_with_escapes),
		T(test_reasons_reset_between_calls),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
