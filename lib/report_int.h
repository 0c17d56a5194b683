/*
 * report_int.h: what report.c (aggregation, partials), report_out.c (text,
 * CSV, JSON) and report_html.c (the HTML page) share.  Not for the
 * commands: they use report.h.
 */
#ifndef CS_REPORT_INT_H
#define CS_REPORT_INT_H

#include "hist.h"
#include "report.h"
#include "timeutil.h"

#define REPORT_FIX	10000	/* scores are summed as score * FIX */
#define REPORT_NONE	UINT32_MAX

/* Strings counted by name (categories, agents): a small open table. */
struct tally {
	char		**names;
	uint64_t	 *counts;
	size_t		  n, cap;	/* cap: a power of two, or 0 */
};

/* Sentiment labels, in this order everywhere. */
enum { SENT_NEGATIVE, SENT_NEUTRAL, SENT_POSITIVE, SENT_NLABELS };

struct group {
	char		**vals;		/* conf.nby key values */
	uint64_t	  inbound, answered, replies, backlog;
	uint64_t	  within[REPORT_MAX_SLA];
	struct hist	  frt, bfrt;	/* calendar, business seconds */
	uint64_t	  sent[SENT_NLABELS];
	uint64_t	  scored;	/* inbound with a sentiment score */
	int64_t		  score_sum;	/* score * REPORT_FIX */
	struct tally	  cats, agents;
	uint64_t	  ck_sent, ck_answered, ck_scored, ck_positive;
	int64_t		  ck_score_sum;
};

struct day {
	int		 ymd;		/* local date as YYYYMMDD */
	uint64_t	 inbound, within;	/* within the first SLA */
};

/* A message of an open thread: inbound (its group) or outbound (NONE). */
struct item {
	int64_t		 t;
	uint32_t	 group;
	uint32_t	 next;		/* in the thread or free list */
};

/* An open thread: its messages wait until it is closed. */
struct thread {
	uint64_t	 key;
	uint32_t	 head;		/* first item, or NONE */
	uint32_t	 n;
};

struct checkin {
	uint64_t	 key;
	uint32_t	 group;
	int32_t		 score;		/* * REPORT_FIX */
	uint8_t		 answered, scored, positive;
};

/* An inbound reply to an id that is no check-in (yet). */
struct answer {
	uint64_t	 key;		/* network and in_reply_to */
	int32_t		 score;
	uint8_t		 scored, positive;
};

/*
 * A map from 64-bit keys to slots 0..max-1 that, when full, reuses the
 * slot of the oldest key (first in, first out).
 */
struct ringmap {
	uint64_t	*keys;
	uint32_t	*next;		/* hash chains */
	uint32_t	*heads;
	size_t		 n, max, pos, nheads;
};

struct report {
	struct report_conf	 conf;
	int			 configured;
	char			*conf_text;	/* settings as JSON */
	char			*strs;		/* conf's strings */
	struct bizhours		 hours;

	struct group		*groups;
	size_t			 ngroups, gcap;
	uint32_t		*gslots;	/* group hash table */
	size_t			 gslotcap;

	uint64_t		 heat[7][24];	/* Monday first */
	struct day		*days;
	size_t			 ndays, daycap;

	struct ringmap		 tmap;
	struct thread		*threads;
	struct item		*items;
	size_t			 nitems, itemcap;
	uint32_t		 ifree;
	int64_t			*scratch;	/* closing a thread */
	size_t			 scratchcap;
	struct ringmap		 cmap;
	struct checkin		*checkins;
	struct ringmap		 amap;
	struct answer		*answers;
	size_t			 pcursor;	/* next to close */
	uint64_t		 evicted;	/* threads closed early */
	int			 now_fixed;

	/* Merging: this partial's group indexes into ours. */
	uint32_t		*gmap;
	size_t			 ngmap;
	int			 in_partial;
	unsigned long		 npartials;

	struct buf		 key, tmp;
	char			 arena[8192];	/* record strings */
	size_t			 arena_used;
};

/*
 * Fields of a record read from its raw line (report_field.c).  A string
 * lives until report_field_reset (each record) or as long as the record.
 */
void	report_field_reset(struct report *);
const char *report_str(struct report *, const struct record *,
	    const char *path);
/* 1 with *out set when path holds a finite number, else 0. */
int	report_num(const struct record *, const char *path, double *out);
int	report_is_object(const struct record *, const char *path);
/*
 * class.sentiment in one look: *label (or NULL) and, returning 1, *score;
 * 0 without a score.
 */
int	report_sentiment(struct report *, const struct record *,
	    double *score, const char **label);

void	tally_add(struct tally *, const char *name, uint64_t n);
void	tally_release(struct tally *);
/* Indexes of the names in order of count (descending) then name. */
size_t	*tally_order(const struct tally *);

void	group_init(struct group *, size_t nby);
void	group_merge(struct group *dst, const struct group *src);
void	group_release(struct group *, size_t nby);
/* Indexes of the groups sorted by their keys; free with free(). */
size_t	*report_order(const struct report *);
/* Every group summed into one, for the totals. */
void	report_total(const struct report *, struct group *);
/* Close every open thread: waiting messages count as unanswered. */
void	report_close(struct report *);

/* "1h", "30m", "1h30m", "2d" into out (16 bytes). */
void	report_dur_label(long secs, char *out, size_t size);
/* A duration for people: "42s", "5m03s", "1h05m", "3d04h". */
void	report_dur_human(double secs, char *out, size_t size);
/* A share as a number with up to 4 decimals, or "null" without total. */
void	report_share(struct buf *, uint64_t n, uint64_t total);
/* A number of seconds rounded to 0.1, without trailing zeros. */
void	report_secs(struct buf *, double);

/* The columns every format shows, in order. */
enum col_kind { COL_COUNT, COL_SHARE, COL_SECS, COL_SCORE };

struct col {
	char		 name[32];	/* CSV and JSON */
	char		 title[16];	/* text and HTML */
	enum col_kind	 kind;
	int		 text;		/* shown in the text table */
};

#define REPORT_NCOLS	(24 + REPORT_MAX_SLA)

/* Fill cols (REPORT_NCOLS); returns how many. */
size_t	report_columns(const struct report *, struct col *);
/* A group's values, column by column (NAN: nothing to show). */
size_t	report_values(const struct report *, const struct group *,
	    double *);
/* One value for people: "42.5%", "5m03s", "-". */
void	report_human(struct buf *, enum col_kind, double);
/* The settings as canonical JSON (the partial header's). */
const char *report_settings(struct report *);

void	report_write_text(struct report *, struct buf *);
void	report_write_csv(struct report *, struct buf *);
void	report_write_json(struct report *, struct buf *);
void	report_write_html(struct report *, struct buf *);

#endif
