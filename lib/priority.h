/*
 * priority: the urgency score of one inbound message, explained.
 *
 * The score (0..100) is a sum of named parts, each listed in `reasons`
 * with the points it added, so a person can see why a case is first:
 * category, urgency cues, negative sentiment, personal data exposed, VIP,
 * reach (followers, verified), repeat contact, and time waited against
 * the SLA.  Levels: p1 >= 70, p2 >= 45, p3 >= 25, else p4.
 */
#ifndef CS_PRIORITY_H
#define CS_PRIORITY_H

#include <time.h>

#include "compat.h"
#include "timeutil.h"
#include "util.h"

#define PRIORITY_MAX_SLA	32

struct priority_conf {
	struct bizhours	 hours;
	time_t		 now;
	/* First-answer targets in business seconds, by category. */
	struct {
		char	name[32];
		long	secs;
	}		 sla[PRIORITY_MAX_SLA];
	size_t		 nsla;
	long		 sla_default;
	long		 sla_urgent;	/* applies when urgent, if sooner */
};

struct priority_input {
	const char	*category;	/* NULL: not classified */
	int		 has_sentiment;
	double		 sentiment;	/* -1..1 */
	int		 urgent;
	const char	*cues[8];	/* urgency cues, NULL-terminated */
	int		 pii;		/* personal data exposed */
	int		 vip;
	double		 followers;	/* < 0 when unknown */
	int		 verified;
	long		 earlier;	/* earlier contacts in the thread */
	time_t		 created;
	int		 outbound;
};

struct priority_result {
	int		 score;
	int		 level;		/* 1..4 */
	time_t		 sla_due;
	int		 overdue;
	struct buf	 reasons;	/* JSON array text */
};

/* Defaults: 1h, complaints 30m, urgent 15m, info/product 2h, praise 4h. */
void	priority_conf_init(struct priority_conf *);
/* Set the target for a category ("complaint") or "default"/"urgent". */
int	priority_set_sla(struct priority_conf *, const char *category,
	    long secs);
/* The target for a category. */
long	priority_sla(const struct priority_conf *, const char *category,
	    int urgent);

/*
 * Score one message.  res->reasons must be initialised (buf_init) and is
 * reset here; the caller releases it.
 */
void	priority_score(const struct priority_conf *,
	    const struct priority_input *, struct priority_result *);

#endif
