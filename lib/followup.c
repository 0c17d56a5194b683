/*
 * followup: cs-followup's rules.  See followup.h.
 */
#include "compat.h"

#include <ctype.h>

#include "followup.h"
#include "util.h"

static const char *const state_names[FU_NSTATES] = {
	"open", "pending", "due", "sent", "answered", "reopened",
	"cancelled", "failed"
};

void
followup_conf_init(struct followup_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->hours.always = 1;
	c->defdelay = FU_DEFAULT_DELAY;
	c->policy = FU_POLICY_ALL;
	c->attempts = FU_DEFAULT_ATTEMPTS;
}

int
followup_set_delay(struct followup_conf *c, const char *category, long secs)
{
	size_t i;

	if (category == NULL || strcmp(category, "*") == 0) {
		c->defdelay = secs;
		return 0;
	}
	if (strlen(category) >= sizeof(c->delays[0].category))
		return -1;
	for (i = 0; i < c->ndelays; i++) {
		if (strcmp(c->delays[i].category, category) == 0) {
			c->delays[i].secs = secs;
			return 0;
		}
	}
	if (c->ndelays == FU_MAX_DELAYS)
		return -1;
	strlcpy(c->delays[c->ndelays].category, category,
	    sizeof(c->delays[0].category));
	c->delays[c->ndelays++].secs = secs;
	return 0;
}

long
followup_delay(const struct followup_conf *c, const char *category)
{
	size_t i;

	for (i = 0; category != NULL && i < c->ndelays; i++) {
		if (strcmp(c->delays[i].category, category) == 0)
			return c->delays[i].secs;
	}
	return c->defdelay;
}

int
followup_parse_policy(const char *list, int *policy, struct cs_error *err)
{
	static const struct {
		const char	*word;
		int		 bits;
	} words[] = {
		{ "reply", FU_POLICY_REPLY }, { "manual", FU_POLICY_MANUAL },
		{ "thanks", FU_POLICY_THANKS }, { "all", FU_POLICY_ALL },
		{ "none", 0 }
	};
	const char *p = list, *w;
	size_t i, n;
	int bits = 0;

	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (w = p; *p != '\0' && *p != ',' && *p != ' '; p++)
			;
		n = (size_t)(p - w);
		for (i = 0; i < CS_NELEM(words); i++) {
			if (strlen(words[i].word) == n &&
			    memcmp(words[i].word, w, n) == 0)
				break;
		}
		if (i == CS_NELEM(words)) {
			cs_seterr(err, "unknown resolution '%.*s': expected "
			    "reply, manual, thanks, all or none", (int)n, w);
			return -1;
		}
		bits |= words[i].bits;
	}
	*policy = bits;
	return 0;
}

time_t
followup_due_time(const struct followup_conf *c, const char *category,
    time_t resolved)
{
	return bizhours_add(&c->hours, resolved + followup_delay(c,
	    category), 0);
}

/* Whether w (lowercase ASCII or UTF-8) starts a word somewhere in s. */
static int
has_word(const char *s, const char *w)
{
	const char *p;

	for (p = s; (p = strstr(p, w)) != NULL; p++) {
		if (p == s || !isalpha((unsigned char)p[-1]))
			return 1;
	}
	return 0;
}

int
followup_is_thanks(const char *category, const char *text, int has_score,
    double score)
{
	static const char *const words[] = {
		"thank", "thx", "cheers", "gracias", ("gr\xc3\xa0" "cies"),
		"gracies", "merci", "obrigad", "danke", "grazie"
	};
	char low[1024];
	size_t i;

	if (streq(category, "praise"))
		return 1;
	if (text == NULL || (has_score && score < 0))
		return 0;
	for (i = 0; i < sizeof(low) - 1 && text[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[i] = '\0';
	for (i = 0; i < CS_NELEM(words); i++) {
		if (has_word(low, words[i]))
			return 1;
	}
	return 0;
}

void
followup_case_init(struct followup_case *c)
{
	memset(c, 0, sizeof(*c));
	c->state = FU_OPEN;
}

static enum followup_change
schedule(const struct followup_conf *conf, struct followup_case *c,
    const char *category, time_t t)
{
	c->state = FU_PENDING;
	c->resolved_at = t;
	c->due_at = followup_due_time(conf, category, t);
	return FU_SCHEDULED;
}

enum followup_change
followup_inbound(const struct followup_conf *conf, struct followup_case *c,
    const char *category, time_t t, int thanks)
{
	if (c->state == FU_SENT && t > c->sent_at) {
		c->state = FU_ANSWERED;
		c->answer_at = t;
		return FU_ANSWER;
	}
	/* An earlier message found later is the better answer. */
	if (c->state == FU_ANSWERED && t > c->sent_at && t < c->answer_at) {
		c->answer_at = t;
		return FU_ANSWER;
	}
	if (thanks) {
		if ((conf->policy & FU_POLICY_THANKS) &&
		    (c->state == FU_OPEN || c->state == FU_REOPENED) &&
		    t >= c->last_ask_at && t > c->resolved_at)
			return schedule(conf, c, category, t);
		return FU_NOCHANGE;
	}
	if (t > c->last_ask_at)
		c->last_ask_at = t;
	if (c->state == FU_PENDING && t > c->resolved_at) {
		c->state = FU_REOPENED;
		c->due_at = 0;
		return FU_REOPEN;
	}
	return FU_NOCHANGE;
}

enum followup_change
followup_resolve(const struct followup_conf *conf, struct followup_case *c,
    const char *category, time_t t, int policy)
{
	if (!(conf->policy & policy) || t < c->last_ask_at)
		return FU_NOCHANGE;
	switch (c->state) {
	case FU_OPEN:
	case FU_REOPENED:
		return schedule(conf, c, category, t);
	case FU_PENDING:
		if (t <= c->resolved_at)
			return FU_NOCHANGE;
		return schedule(conf, c, category, t);
	default:
		return FU_NOCHANGE;
	}
}

int
followup_claim(struct followup_case *c, time_t now)
{
	if (c->state != FU_PENDING || c->due_at > now)
		return 0;
	c->state = FU_DUE;
	c->attempts++;
	return 1;
}

enum followup_change
followup_sent(struct followup_case *c, time_t at)
{
	if (c->state != FU_DUE)
		return FU_NOCHANGE;
	c->state = FU_SENT;
	c->sent_at = at;
	return FU_MARKED_SENT;
}

enum followup_change
followup_failed(const struct followup_conf *conf, struct followup_case *c,
    time_t now)
{
	if (c->state != FU_DUE)
		return FU_NOCHANGE;
	if (c->attempts >= conf->attempts) {
		c->state = FU_FAILED;
		return FU_GAVE_UP;
	}
	c->state = FU_PENDING;
	c->due_at = now;
	return FU_REQUEUED;
}

enum followup_change
followup_requeue(struct followup_case *c, time_t now)
{
	if (c->state != FU_DUE)
		return FU_NOCHANGE;
	c->state = FU_PENDING;
	c->due_at = now;
	return FU_REQUEUED;
}

enum followup_change
followup_cancel(struct followup_case *c)
{
	switch (c->state) {
	case FU_OPEN:
	case FU_PENDING:
	case FU_REOPENED:
		c->state = FU_CANCELLED;
		c->due_at = 0;
		return FU_CANCEL;
	default:
		return FU_NOCHANGE;
	}
}

const char *
followup_state_name(enum followup_state s)
{
	return (unsigned)s < FU_NSTATES ? state_names[s] : "unknown";
}

int
followup_state_parse(const char *s)
{
	int i;

	for (i = 0; i < FU_NSTATES; i++) {
		if (streq(s, state_names[i]))
			return i;
	}
	return -1;
}
