/*
 * libFuzzer target for cs-prioritize's scoring (lib/priority.c) of one
 * record: a line the filters accept is read as cs-prioritize reads it
 * (class.category, class.sentiment.score, class.urgent, class.cues,
 * class.pii, author.followers, author.verified, direction, created_at)
 * and scored against business hours in Europe/Madrid.  The score is in
 * 0..100 with the level its thresholds give, the reasons are a JSON
 * array of strings (valid UTF-8, each ending in its signed points),
 * and the SLA is due no earlier than the message.
 */
#include "fuzz.h"

#include "priority.h"
#include "timeutil.h"

static struct priority_conf pr_conf;
static const char *const pr_required[] = { "id", "created_at", NULL };

/* cs-prioritize's fill_input, the VIP list being one handle. */
static void
pr_input(const struct record *r, struct priority_input *in)
{
	const cJSON *cues, *c, *pii;
	size_t n = 0;

	memset(in, 0, sizeof(*in));
	in->category = record_str(r, "class.category");
	c = record_get(r, "class.sentiment");
	if (cJSON_IsObject(c)) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(c, "score");

		if (cJSON_IsNumber(s)) {
			in->has_sentiment = 1;
			in->sentiment = s->valuedouble;
		}
	}
	in->urgent = record_bool(r, "class.urgent", 0);
	cues = record_get(r, "class.cues");
	cJSON_ArrayForEach(c, cues) {
		if (cJSON_IsString(c) && n < CS_NELEM(in->cues) - 1)
			in->cues[n++] = c->valuestring;
	}
	pii = record_get(r, "class.pii");
	in->pii = cJSON_IsArray(pii) && cJSON_GetArraySize(pii) > 0;
	in->vip = streq(record_str(r, "author.handle"), "vip");
	in->followers = record_num(r, "author.followers", -1);
	in->verified = record_bool(r, "author.verified", 0);
	in->outbound = streq(record_str(r, "direction"), "out");
	/* From the state database in cs-prioritize. */
	in->earlier = (long)record_num(r, "author.id", 0) & 7;
}

static void
pr_reasons(const struct buf *b)
{
	cJSON *j, *it;

	FUZZ_CHECK(fuzz_json(b->s, b->len, '['));
	j = cJSON_ParseWithLength(b->s, b->len);
	FUZZ_CHECK(cJSON_IsArray(j));
	cJSON_ArrayForEach(it, j) {
		const char *s, *sp;

		FUZZ_CHECK(cJSON_IsString(it));
		s = it->valuestring;
		sp = strrchr(s, ' ');
		FUZZ_CHECK(sp != NULL && (sp[1] == '+' || sp[1] == '-') &&
		    sp[2] >= '0' && sp[2] <= '9' &&
		    sp[2 + strspn(sp + 2, "0123456789")] == '\0');
	}
	cJSON_Delete(j);
}

FUZZ_ENTRY(priority)
{
	struct fuzz_record fr;
	struct priority_input in;
	struct priority_result res;
	struct cs_error e;
	int s, lv;

	if (pr_conf.now == 0) {
		priority_conf_init(&pr_conf);
		pr_conf.now = 1795000000;
		if (bizhours_parse(&pr_conf.hours, "mon-fri 09:00-18:00; "
		    "sat 10:00-14:00", "Europe/Madrid", &e) == -1 ||
		    bizhours_add_holiday(&pr_conf.hours, "2026-12-25") == -1)
			abort();
	}
	/* cs-prioritize's required fields. */
	if (fuzz_record_open(&fr, data, size, pr_required) == -1)
		return 0;
	pr_input(&fr.r, &in);
	if (time_parse(record_str(&fr.r, "created_at"), &in.created) == 0) {
		buf_init(&res.reasons);
		priority_score(&pr_conf, &in, &res);
		s = res.score;
		lv = s >= 70 ? 1 : s >= 45 ? 2 : s >= 25 ? 3 : 4;
		FUZZ_CHECK(s >= 0 && s <= 100 && res.level == lv);
		FUZZ_CHECK(res.sla_due >= in.created);
		FUZZ_CHECK(!res.overdue || pr_conf.now > res.sla_due);
		pr_reasons(&res.reasons);
		buf_release(&res.reasons);
	}
	fuzz_record_close(&fr);
	return 0;
}
