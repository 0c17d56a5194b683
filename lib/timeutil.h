/*
 * timeutil: RFC 3339 times, durations and business hours.
 *
 * Times are time_t seconds in UTC.  Business hours are counted in one
 * named time zone (IANA name, "Europe/Madrid"); the zone is applied with
 * TZ and tzset, so a process works in one business zone at a time.
 */
#ifndef CS_TIMEUTIL_H
#define CS_TIMEUTIL_H

#include <time.h>

#include "compat.h"

#define TIME_RFC3339_LEN	21	/* "2026-11-01T09:30:00Z" and NUL */

/*
 * Parse an RFC 3339 date-time ("2026-11-01T09:30:00Z", fractional
 * seconds and numeric offsets accepted, 't', 'z' and a space for 'T'
 * too).  Returns 0, or -1 if s is not one.
 */
int	time_parse(const char *s, time_t *out);
/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (TIME_RFC3339_LEN bytes). */
void	time_format(time_t t, char *buf);

/*
 * Parse a duration: one or more number-unit pairs with units s, m, h, d,
 * w ("90m", "1h30m", "3d"); a bare number is seconds.  Returns 0, or -1.
 */
int	duration_parse(const char *s, long *secs);

/*
 * Business hours: for each weekday (0 Sunday .. 6 Saturday) up to two
 * open intervals in minutes after local midnight, plus holidays.
 */
struct bizhours {
	char	tz[64];
	int	nspan[7];
	int	span[7][2][2];		/* [day][i] = { open, close } */
	int	*holidays;		/* sorted YYYYMMDD values */
	size_t	nholidays;
	int	always;			/* 24/7: no spec given */
};

/*
 * Parse a spec like "mon-fri 09:00-18:00; sat 10:00-14:00" (days: mon tue
 * wed thu fri sat sun, ranges and commas; "24/7" means always open) for
 * the zone tz (NULL or "" is UTC), and select the zone.  Returns 0, or
 * -1 with the reason in err.
 */
int	bizhours_parse(struct bizhours *, const char *spec, const char *tz,
	    struct cs_error *);
/* Add a holiday (YYYY-MM-DD, local date); returns -1 if malformed. */
int	bizhours_add_holiday(struct bizhours *, const char *date);
void	bizhours_release(struct bizhours *);

/* The time secs business seconds after start. */
time_t	bizhours_add(const struct bizhours *, time_t start, long secs);
/*
 * Business seconds between a and b (0 if b <= a).  Over more than two
 * years (104 weeks), each whole 52-week block counts as the first one:
 * later years' holidays and clock changes are not looked up.
 */
long	bizhours_between(const struct bizhours *, time_t a, time_t b);
/* 1 if t falls in business hours. */
int	bizhours_open(const struct bizhours *, time_t t);

#endif
