/*
 * libFuzzer target for the configuration (lib/config.c) and what the
 * tools make of its values in lib/: the input is written to a file and
 * loaded with config_load, then read as cs-prioritize, cs-classify and
 * cs-reply read it: the time zone and business hours (bizhours_parse),
 * holidays, SLA durations (duration_parse, priority_set_sla), reply
 * limits (reply_parse_limits) and order-number patterns
 * (classify_orders_new).  A loaded configuration is an object; a refused
 * one says why; times and durations read back as they were parsed;
 * business-hours arithmetic moves forward.
 */
#include "fuzz.h"

#include <unistd.h>

#include "classify.h"
#include "config.h"
#include "priority.h"
#include "reply.h"
#include "timeutil.h"

static char co_path[64];

static void
co_cleanup(void)
{
	unlink(co_path);
}

/* Any string value: times and durations as the tools would read them. */
static void
co_value(const char *s)
{
	char out[TIME_RFC3339_LEN];
	time_t t, t2;
	long secs;

	if (time_parse(s, &t) == 0) {
		time_format(t, out);
		FUZZ_CHECK(strlen(out) == TIME_RFC3339_LEN - 1 ||
		    t < 0 || t > 253402300799);
		if (t >= 0 && t <= 253402300799) {
			FUZZ_CHECK(time_parse(out, &t2) == 0 && t2 == t);
		}
	}
	if (duration_parse(s, &secs) == 0) {
		FUZZ_CHECK(secs >= 0);
	}
}

static void
co_walk(const cJSON *n, int depth)
{
	const cJSON *c;

	if (cJSON_IsString(n))
		co_value(n->valuestring);
	if (depth > 8)
		return;
	cJSON_ArrayForEach(c, n)
		co_walk(c, depth + 1);
}

/* A zone name that is only a name (not a path out of zoneinfo). */
static const char *
co_zone(const char *tz)
{
	if (tz == NULL || strlen(tz) > 40 || strstr(tz, "..") != NULL ||
	    tz[0] == '/' || tz[strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_/+-")] != '\0')
		return "UTC";
	return tz;
}

static void
co_hours(const struct config *cfg)
{
	static const time_t now = 1795000000;	/* 2026-11-18 */
	struct bizhours h;
	struct cs_error e;
	const cJSON *item;
	const char *spec = config_str(cfg, NULL, "business_hours", NULL);
	time_t t;
	long secs;

	memset(&h, 0, sizeof(h));
	if (bizhours_parse(&h, spec, co_zone(config_str(cfg, NULL, "timezone",
	    "UTC")), &e) == -1) {
		FUZZ_CHECK(e.msg[0] != '\0');
		bizhours_release(&h);
		return;
	}
	cJSON_ArrayForEach(item, config_get(cfg, "holidays"))
		if (cJSON_IsString(item))
			(void)bizhours_add_holiday(&h, item->valuestring);
	for (secs = 0; secs <= 90000; secs += 30000) {
		t = bizhours_add(&h, now, secs);
		FUZZ_CHECK(t >= now);
		FUZZ_CHECK(bizhours_between(&h, now, t) <= secs);
	}
	FUZZ_CHECK(bizhours_between(&h, now, now - 1) == 0);
	(void)bizhours_open(&h, now);
	bizhours_release(&h);
	unsetenv("TZ");
	tzset();
}

static void
co_tools(const struct config *cfg)
{
	struct priority_conf pc;
	struct reply_conf rc;
	struct cs_error e;
	const cJSON *item, *n;
	const char *pat[CLASSIFY_ORDER_MAX];
	struct classify_orders *o;
	size_t np = 0;
	long secs;

	priority_conf_init(&pc);
	cJSON_ArrayForEach(item, config_get(cfg, "prioritize.sla")) {
		if (cJSON_IsString(item) && item->string != NULL &&
		    duration_parse(item->valuestring, &secs) == 0 &&
		    priority_set_sla(&pc, item->string, secs) == 0) {
			FUZZ_CHECK(priority_sla(&pc, item->string, 0) ==
			    secs || strcmp(item->string, "urgent") == 0);
		}
	}
	FUZZ_CHECK(pc.nsla <= PRIORITY_MAX_SLA);
	bizhours_release(&pc.hours);

	memset(&rc, 0, sizeof(rc));
	n = config_get(cfg, "reply.limit");
	if (cJSON_IsString(n) && reply_parse_limits(&rc, n->valuestring,
	    &e) == 0) {
		FUZZ_CHECK(rc.nlimits <= REPLY_MAX_LIMITS);
		FUZZ_CHECK(rc.limit <= REPLY_LIMIT_MAX);
		FUZZ_CHECK(reply_limit(&rc, "x") > 0);
	}

	cJSON_ArrayForEach(item, config_get(cfg, "classify.order_patterns"))
		if (cJSON_IsString(item) && np < CS_NELEM(pat))
			pat[np++] = item->valuestring;
	if (np > 0) {
		if ((o = classify_orders_new(pat, np, &e)) == NULL) {
			FUZZ_CHECK(e.msg[0] != '\0');
		}
		classify_orders_free(o);
	}
}

FUZZ_ENTRY(config)
{
	struct config cfg;
	struct cs_error e;
	FILE *f;

	if (co_path[0] == '\0') {
		snprintf(co_path, sizeof(co_path), "/tmp/cs-fuzz-config-%ld",
		    (long)getpid());
		atexit(co_cleanup);
	}
	if ((f = fopen(co_path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	e.msg[0] = '\0';
	if (config_load(&cfg, co_path, &e) == -1) {
		FUZZ_CHECK(e.msg[0] != '\0' && cfg.root == NULL);
		return 0;
	}
	FUZZ_CHECK(cJSON_IsObject(cfg.root));
	FUZZ_CHECK(streq(cfg.path, co_path));
	co_walk(cfg.root, 0);
	(void)config_get(&cfg, "a.b.c.d.e.f.g.h");
	(void)config_get(&cfg, "");
	(void)config_get(&cfg, ".");
	co_hours(&cfg);
	co_tools(&cfg);
	config_release(&cfg);
	return 0;
}
