/*
 * report: cs-report's aggregation: response times, SLA attainment,
 * volume, sentiment, categories and check-ins per group, computed in one
 * pass over records in memory bounded by the number of groups and a
 * window of open threads, and mergeable across runs.
 *
 * Records: an inbound message (direction "in") counts in its group and
 * waits in its thread; an outbound one (direction "out" with
 * in_reply_to) is a reply in its thread; a record whose reply has status
 * "sent" is an inbound message and, at reply.sent_at, its reply; a
 * record with a "followup" key is a check-in and nothing else.  A thread
 * is network plus conversation_id (else in_reply_to, else id).  A
 * thread's messages are held until it is closed (at the end, or when
 * more than conf.window messages wait: the oldest threads first); then
 * each inbound message is answered by the earliest reply of the thread
 * created after it.  So the result does not depend on the order of the
 * records as long as the window is never exceeded.
 *
 * Ownership: a report owns everything it holds; report_free frees it.
 * The report functions never print: errors come back in a cs_error.
 */
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include <time.h>

#include "compat.h"
#include "record.h"
#include "util.h"

enum report_key {
	REPORT_ACCOUNT,
	REPORT_NETWORK,
	REPORT_CATEGORY,
	REPORT_LANG,
	REPORT_AGENT,
	REPORT_PRIORITY,
	REPORT_DAY,
	REPORT_WEEK,
	REPORT_HOUR,
	REPORT_WEEKDAY,
	REPORT_NKEYS
};

#define REPORT_MAX_BY		REPORT_NKEYS
#define REPORT_MAX_SLA		8
#define REPORT_MAX_HOLIDAYS	64
#define REPORT_WINDOW		262144

enum report_format {
	REPORT_TEXT,
	REPORT_CSV,
	REPORT_JSON,
	REPORT_HTML
};

struct report_conf {
	int		 by[REPORT_MAX_BY];
	size_t		 nby;
	long		 sla[REPORT_MAX_SLA];	/* seconds, rising */
	size_t		 nsla;
	const char	*hours;		/* business hours, or NULL */
	const char	*tz;		/* IANA zone, or NULL: UTC */
	const char	*holidays[REPORT_MAX_HOLIDAYS];
	size_t		 nholidays;
	int		 has_since, has_until;
	time_t		 since, until;		/* [since, until) */
	time_t		 now;		/* for the backlog's age */
	size_t		 window;	/* messages of open threads */
};

struct report;

/* The key named s ("account", "priority"...), or -1. */
int	report_key_parse(const char *s);
const char *report_key_name(int key);

/*
 * A new report with conf (copied), or, with conf NULL, one that takes its
 * settings from the first partial given to report_merge_line.  Returns
 * NULL with the reason in err when the business hours, zone or holidays
 * are malformed.  Free with report_free.
 */
struct report *report_new(const struct report_conf *, struct cs_error *);
void	report_free(struct report *);

/*
 * Count one record.  Returns 0, or -1 with the reason in err when the
 * record cannot be used (a bad time, an unknown direction); the record is
 * not counted then.
 */
int	report_add(struct report *, const struct record *,
	    struct cs_error *);

/*
 * Add one line of a partial written by report_write_partial.  Partials
 * are merged in the order given; each starts with its header and ends
 * with its end line.  Returns 0, or -1 with the reason in err.
 */
int	report_merge_line(struct report *, const struct record *,
	    struct cs_error *);
/* After the last partial line: -1 with the reason if one was cut short. */
int	report_merge_end(struct report *, struct cs_error *);

/*
 * Write the mergeable state (versioned NDJSON: the header, the groups,
 * the totals, the open threads and check-ins, the end line).  The open
 * threads stay open: merging completes them.
 */
void	report_write_partial(struct report *, struct buf *);

/*
 * Close every open thread (its waiting messages count as unanswered) and
 * write the report in the format, appended to out.
 */
void	report_write(struct report *, enum report_format, struct buf *out);

/* Use t for the backlog's age instead of the partials' latest time. */
void	report_set_now(struct report *, time_t t);
/* Threads closed before the end because the window was full. */
uint64_t report_evicted(const struct report *);

#endif
