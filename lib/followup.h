/*
 * followup: the rules of cs-followup's check-ins, with no I/O: when a
 * case counts as resolved, when its check-in is due, and how each event
 * (a customer's message, a resolution, a claim by "due", the result of
 * sending) moves a case from state to state.  The state database
 * (store_followup.c) loads a case, applies one event here and saves it,
 * all in one transaction.
 *
 * A case is one conversation on one network.  It gets at most one
 * check-in, ever:
 *
 *  open --resolve--> pending --claim--> due --sent--> sent --reply--> answered
 *                     |  ^   ^           |
 *      customer wrote |  |   +--failed---+   (no attempts left: failed)
 *                     v  |
 *                   reopened
 *                 (resolve again)
 *
 * cancel (by hand) ends any case whose check-in has not been claimed.
 * Times are time_t seconds; 0 means "none".
 */
#ifndef CS_FOLLOWUP_H
#define CS_FOLLOWUP_H

#include <time.h>

#include "compat.h"
#include "timeutil.h"

enum followup_state {
	FU_OPEN,	/* seen, not resolved */
	FU_PENDING,	/* resolved; check-in waits for due_at */
	FU_DUE,		/* claimed by "due", waiting for the send result */
	FU_SENT,	/* check-in posted */
	FU_ANSWERED,	/* the customer answered the check-in */
	FU_REOPENED,	/* the customer wrote again before the check-in */
	FU_CANCELLED,	/* cancelled by hand, or skipped by cs-reply */
	FU_FAILED,	/* sending failed too often */
	FU_NSTATES
};

/* Which events count as a resolution (followup.resolve). */
#define FU_POLICY_REPLY		0x1	/* sent reply with "resolves", or a
					   record marked "resolved": true */
#define FU_POLICY_MANUAL	0x2	/* cs-followup resolve */
#define FU_POLICY_THANKS	0x4	/* the customer's thanks or praise */
#define FU_POLICY_ALL		0x7

#define FU_MAX_DELAYS		32
#define FU_DEFAULT_DELAY	(3L * 86400)
#define FU_DEFAULT_ATTEMPTS	3

struct followup_delay {
	char	category[32];		/* "*" for the default */
	long	secs;
};

struct followup_conf {
	struct bizhours		hours;	/* when check-ins may go out */
	struct followup_delay	delays[FU_MAX_DELAYS];
	size_t			ndelays;
	long			defdelay;
	int			policy;	/* FU_POLICY_* */
	int			attempts; /* sends tried before "failed" */
};

struct followup_case {
	enum followup_state	state;
	time_t			resolved_at;
	time_t			due_at;
	time_t			last_ask_at;	/* last message not thanks */
	time_t			sent_at;
	time_t			answer_at;
	int			attempts;	/* claims so far */
};

/* What an event did to a case. */
enum followup_change {
	FU_NOCHANGE,
	FU_SCHEDULED,	/* now pending (new or postponed due time) */
	FU_REOPEN,	/* the pending check-in was cancelled */
	FU_ANSWER,	/* the message answers the check-in */
	FU_MARKED_SENT,
	FU_REQUEUED,
	FU_GAVE_UP,	/* failed for good */
	FU_CANCEL
};

/* Defaults: 3 days, every policy, 3 attempts, hours unset (24/7). */
void	followup_conf_init(struct followup_conf *);
/*
 * Set the delay for category ("*" or NULL: the default).  Returns 0, or
 * -1 when the category is too long or there are too many.
 */
int	followup_set_delay(struct followup_conf *, const char *category,
	    long secs);
long	followup_delay(const struct followup_conf *, const char *category);
/*
 * Parse a policy list such as "reply,manual,thanks" (also "all",
 * "none") into *policy.  Returns 0, or -1 with the bad word in err.
 */
int	followup_parse_policy(const char *list, int *policy,
	    struct cs_error *);

/*
 * The due time of a case of category resolved at t: t plus the
 * category's delay, moved forward to the next business hour when it
 * falls outside them (nights, weekends, holidays).
 */
time_t	followup_due_time(const struct followup_conf *, const char *category,
	    time_t resolved);

/*
 * Whether a customer's message closes the case by itself: category
 * "praise", or a word of thanks (en, es, ca, fr, pt, de, it) in a text
 * whose sentiment is not negative (has_score 0: unknown sentiment).
 */
int	followup_is_thanks(const char *category, const char *text,
	    int has_score, double score);

/* A new case: open, nothing known. */
void	followup_case_init(struct followup_case *);

/*
 * A customer's message at t.  thanks: followup_is_thanks said so.  A
 * sent check-in is answered by the first message after it; a pending
 * one is cancelled (reopened) by a later message that is not thanks;
 * with the thanks policy, thanks resolves an open case (the due time
 * from category).
 */
enum followup_change followup_inbound(const struct followup_conf *,
	    struct followup_case *, const char *category, time_t t,
	    int thanks);
/*
 * A resolution at t of the kind policy (one FU_POLICY_* bit): schedules
 * the check-in when the policy allows it and no customer message came
 * after t; a later resolution of a pending case postpones it.  Returns
 * FU_NOCHANGE when nothing applies.
 */
enum followup_change followup_resolve(const struct followup_conf *,
	    struct followup_case *, const char *category, time_t t,
	    int policy);
/* "due" claims a pending case whose due_at <= now: 1 done, 0 not due. */
int	followup_claim(struct followup_case *, time_t now);
/* The result of sending a claimed check-in. */
enum followup_change followup_sent(struct followup_case *, time_t at);
enum followup_change followup_failed(const struct followup_conf *,
	    struct followup_case *, time_t now);
/*
 * Put a claimed check-in whose result never came back (the pipeline
 * died) back in the queue, due at now.  FU_NOCHANGE unless it was due.
 */
enum followup_change followup_requeue(struct followup_case *, time_t now);
/* Cancel by hand; FU_NOCHANGE when the check-in was claimed already. */
enum followup_change followup_cancel(struct followup_case *);

/* "pending" for FU_PENDING...; followup_state_parse returns -1 if none. */
const char	*followup_state_name(enum followup_state);
int		 followup_state_parse(const char *);

/*
 * How long a check-in claimed by "due" may wait for its result (from
 * cs-reply --send through "schedule") before "due" writes it again.
 */
#define FOLLOWUP_RECLAIM_AFTER	(60 * 60)

#endif
