/*
 * priority: the explained urgency score.  See priority.h.
 *
 * The weights below are the product's policy; cs-prioritize(1) lists
 * them.  They are chosen so that no single signal decides alone except a
 * real emergency: an angry, urgent complaint from anyone outranks a calm
 * question from a celebrity, and a VIP's calm question still outranks a
 * stranger's.
 */
#include "compat.h"

#include <math.h>
#include <stdarg.h>

#include "priority.h"

static const struct {
	const char	*name;
	int		 points;
} category_points[] = {
	{ "complaint",	25 },
	{ "payment",	20 },
	{ "account",	15 },
	{ "shipping",	15 },
	{ "returns",	12 },
	{ "product",	8 },
	{ "info",	6 },
	{ "other",	5 },
	{ "praise",	0 },
};

void
priority_conf_init(struct priority_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->hours.always = 1;
	c->now = time(NULL);
	c->sla_default = 3600;
	c->sla_urgent = 15 * 60;
	priority_set_sla(c, "complaint", 30 * 60);
	priority_set_sla(c, "info", 2 * 3600);
	priority_set_sla(c, "product", 2 * 3600);
	priority_set_sla(c, "praise", 4 * 3600);
}

int
priority_set_sla(struct priority_conf *c, const char *cat, long secs)
{
	size_t i;

	if (strcmp(cat, "default") == 0) {
		c->sla_default = secs;
		return 0;
	}
	if (strcmp(cat, "urgent") == 0) {
		c->sla_urgent = secs;
		return 0;
	}
	for (i = 0; i < c->nsla; i++) {
		if (strcmp(c->sla[i].name, cat) == 0) {
			c->sla[i].secs = secs;
			return 0;
		}
	}
	if (c->nsla == PRIORITY_MAX_SLA ||
	    strlen(cat) >= sizeof(c->sla[0].name))
		return -1;
	strlcpy(c->sla[c->nsla].name, cat, sizeof(c->sla[0].name));
	c->sla[c->nsla++].secs = secs;
	return 0;
}

long
priority_sla(const struct priority_conf *c, const char *cat, int urgent)
{
	long secs = c->sla_default;
	size_t i;

	for (i = 0; cat != NULL && i < c->nsla; i++) {
		if (strcmp(c->sla[i].name, cat) == 0) {
			secs = c->sla[i].secs;
			break;
		}
	}
	if (urgent && c->sla_urgent < secs)
		secs = c->sla_urgent;
	return secs;
}

/* "2h10m", "45m", "3d4h": a short human duration. */
static void
human(long secs, char *out, size_t n)
{
	long d = secs / 86400, h = secs % 86400 / 3600, m = secs % 3600 / 60;

	if (d > 0)
		snprintf(out, n, "%ldd%ldh", d, h);
	else if (h > 0 && m > 0)
		snprintf(out, n, "%ldh%ldm", h, m);
	else if (h > 0)
		snprintf(out, n, "%ldh", h);
	else if (m > 0)
		snprintf(out, n, "%ldm", m);
	else
		snprintf(out, n, "%lds", secs);
}

static void
reason(struct buf *b, int points, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
reason(struct buf *b, int points, const char *fmt, ...)
{
	char text[160], full[200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	n = snprintf(full, sizeof(full), "%s %+d", text, points);
	if (n < 0)
		return;
	if (b->len > 1)
		buf_addc(b, ',');
	buf_add_json_string(b, full, strlen(full));
}

static int
ordinal_suffix(long n, char *out, size_t sz)
{
	const char *suf = "th";

	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	return snprintf(out, sz, "%ld%s", n, suf);
}

void
priority_score(const struct priority_conf *c, const struct priority_input *in,
    struct priority_result *r)
{
	struct buf *b = &r->reasons;
	long target, waited;
	int score = 0, p;
	size_t i;
	char d1[32], d2[32];

	buf_reset(b);
	buf_addc(b, '[');
	target = priority_sla(c, in->category, in->urgent);
	r->sla_due = bizhours_add(&c->hours, in->created, target);
	r->overdue = 0;
	if (in->outbound) {
		r->score = 0;
		r->level = 4;
		r->sla_due = in->created;
		reason(b, 0, "outbound message");
		buf_addc(b, ']');
		return;
	}

	if (in->category != NULL) {
		for (i = 0; i < CS_NELEM(category_points); i++) {
			if (strcmp(category_points[i].name, in->category) == 0)
				break;
		}
		p = i < CS_NELEM(category_points) ?
		    category_points[i].points : 10;
		score += p;
		reason(b, p, "%s", in->category);
	}
	if (in->urgent) {
		int extra = 0;

		p = 20;
		for (i = 0; i < CS_NELEM(in->cues) && in->cues[i] != NULL;
		    i++) {
			if (strcmp(in->cues[i], "safety") == 0)
				extra = extra > 15 ? extra : 15;
			else if (strcmp(in->cues[i], "threat") == 0)
				extra = extra > 10 ? extra : 10;
		}
		score += p;
		reason(b, p, "urgent");
		if (extra > 0) {
			score += extra;
			reason(b, extra, "%s", extra == 15 ? "safety issue" :
			    "threat to go public or to court");
		}
	}
	if (in->has_sentiment && in->sentiment <= -0.05) {
		p = (int)lround(-in->sentiment * 15);
		if (p > 0) {
			score += p;
			reason(b, p, "negative sentiment %.2f", in->sentiment);
		}
	}
	if (in->pii) {
		p = 15;
		score += p;
		reason(b, p, "personal data exposed in public");
	}
	if (in->vip) {
		p = 20;
		score += p;
		reason(b, p, "VIP");
	}
	if (in->followers >= 1000) {
		/* 1k followers: +3, 100k: +9, 10M: +15. */
		p = (int)lround(3 * log10(in->followers) - 6);
		if (p > 15)
			p = 15;
		if (p > 0) {
			score += p;
			reason(b, p, "%.0f followers", in->followers);
		}
	}
	if (in->verified) {
		p = 5;
		score += p;
		reason(b, p, "verified account");
	}
	if (in->earlier > 0) {
		p = in->earlier >= 2 ? 16 : 8;
		score += p;
		ordinal_suffix(in->earlier + 1, d1, sizeof(d1));
		reason(b, p, "%s message in this conversation", d1);
	}
	waited = bizhours_between(&c->hours, in->created, c->now);
	if (c->now > r->sla_due) {
		r->overdue = 1;
		p = 15;
		score += p;
		human((long)(c->now - r->sla_due), d1, sizeof(d1));
		reason(b, p, "overdue by %s", d1);
	} else if (waited > 0 && target > 0) {
		p = (int)(10 * waited / target);
		if (p > 0) {
			score += p;
			human(waited, d1, sizeof(d1));
			human(target, d2, sizeof(d2));
			reason(b, p, "waiting %s of %s", d1, d2);
		}
	}
	if (score > 100)
		score = 100;
	r->score = score;
	r->level = score >= 70 ? 1 : score >= 45 ? 2 : score >= 25 ? 3 : 4;
	buf_addc(b, ']');
}
