/*
 * libFuzzer target for cs-followup's rules (lib/followup.c): the input
 * is a script of events on one case, four bytes each (the event, a step
 * of time, flags), followed by a message text for followup_is_thanks.
 * Whatever the order: a case gets at most one check-in, ever; only a
 * pending case that is due is claimed; a due time is no earlier than
 * its resolution plus the delay and, when scheduled, falls in business
 * hours; a failed send gives up once its attempts are used; answered,
 * cancelled and failed cases stay so; a claimed check-in cannot be cancelled.
 */
#include "fuzz.h"

#include "followup.h"

static struct followup_conf fu_conf[2];

static void
fu_init(void)
{
	struct cs_error e;
	int i;

	for (i = 0; i < 2; i++) {
		followup_conf_init(&fu_conf[i]);
		if (followup_set_delay(&fu_conf[i], "complaint", 86400) == -1 ||
		    followup_set_delay(&fu_conf[i], "praise", 3600) == -1)
			abort();
	}
	if (bizhours_parse(&fu_conf[1].hours, "mon-fri 09:00-18:00",
	    "Europe/Madrid", &e) == -1)
		abort();
	fu_conf[1].attempts = 1;
}

static int
fu_final(enum followup_state s)
{
	return s == FU_ANSWERED || s == FU_CANCELLED || s == FU_FAILED;
}

FUZZ_ENTRY(followup)
{
	static const char *const cats[] = { "complaint", "praise", "other",
	    NULL };
	static const int pol[] = { FU_POLICY_REPLY, FU_POLICY_MANUAL,
	    FU_POLICY_THANKS };
	const struct followup_conf *c;
	struct followup_case k, was;
	time_t now = 1795000000;
	size_t i, sent = 0;
	char *text;
	double score;

	if (fu_conf[0].attempts == 0)
		fu_init();
	if (size < 1)
		return 0;
	c = &fu_conf[data[0] & 1];
	followup_case_init(&k);
	for (i = 1; i + 4 <= size && i < 4 * 64; i += 4) {
		const char *cat = cats[data[i + 2] % CS_NELEM(cats)];
		enum followup_change ch = FU_NOCHANGE;
		int claimed;

		was = k;
		now += (time_t)data[i + 1] * 3607;
		switch (data[i] % 8) {
		case 0:
			ch = followup_inbound(c, &k, cat, now, data[i + 3] & 1);
			break;
		case 1:
			ch = followup_resolve(c, &k, cat, now,
			    pol[data[i + 3] % 3]);
			if (k.state == FU_PENDING && was.state != FU_PENDING) {
				FUZZ_CHECK(k.due_at >= k.resolved_at +
				    followup_delay(c, cat));
			}
			break;
		case 2:
			claimed = followup_claim(&k, now);
			FUZZ_CHECK(!claimed || (was.state == FU_PENDING &&
			    was.due_at <= now && k.state == FU_DUE));
			break;
		case 3:
			ch = followup_sent(&k, now);
			if (ch == FU_MARKED_SENT) {
				FUZZ_CHECK(was.state == FU_DUE);
				sent++;
			}
			break;
		case 4:
			ch = followup_failed(c, &k, now);
			/* A failed send gives up once the attempts are used. */
			if (was.state == FU_DUE) {
				FUZZ_CHECK((k.state == FU_FAILED) ==
				    (was.attempts >= c->attempts));
			}
			break;
		case 5:
			ch = followup_requeue(&k, now);
			break;
		case 6:
			ch = followup_cancel(&k);
			if (was.state == FU_DUE || was.state == FU_SENT) {
				FUZZ_CHECK(ch == FU_NOCHANGE &&
				    k.state == was.state);
			}
			break;
		default:
			/* A check-in may come back late: time moves back. */
			now -= (time_t)data[i + 3] * 60;
			break;
		}
		FUZZ_CHECK((unsigned)k.state < FU_NSTATES);
		FUZZ_CHECK(followup_state_parse(followup_state_name(k.state)) ==
		    (int)k.state);
		FUZZ_CHECK(sent <= 1);
		/* Claims count; a requeued claim may go past the limit. */
		FUZZ_CHECK(k.attempts >= was.attempts);
		if (fu_final(was.state)) {
			FUZZ_CHECK(k.state == was.state);
		}
		/*
		 * A scheduled check-in is due in business hours (a requeued
		 * one is due at once: "due" claims only in business hours).
		 */
		if (ch == FU_SCHEDULED && c->hours.nspan[1] > 0) {
			FUZZ_CHECK(bizhours_open(&c->hours, k.due_at));
		}
	}
	text = xstrndup((const char *)data + i, size - i);
	score = size > 1 ? (data[1] - 128) / 128.0 : 0;
	(void)followup_is_thanks(NULL, text, 0, 0);
	(void)followup_is_thanks("other", text, 1, score);
	FUZZ_CHECK(followup_is_thanks("praise", text, 1, score) ||
	    score < 0);
	free(text);
	return 0;
}
