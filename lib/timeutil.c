/*
 * timeutil: RFC 3339, durations and business hours.  See timeutil.h.
 */
#include "compat.h"

#include <ctype.h>
#include <unistd.h>

#include "timeutil.h"
#include "util.h"

/* Read exactly n digits at *p; returns -1 if they are not there. */
static int
digits(const char **p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return v;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

int
time_parse(const char *s, time_t *out)
{
	struct tm tm;
	const char *p = s;
	int y, mo, d, h, mi, sec, off = 0;
	time_t t;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' ||
	    (mo = digits(&p, 2)) < 0 || *p++ != '-' ||
	    (d = digits(&p, 2)) < 0)
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if ((h = digits(&p, 2)) < 0 || *p++ != ':' ||
	    (mi = digits(&p, 2)) < 0 || *p++ != ':' ||
	    (sec = digits(&p, 2)) < 0)
		return -1;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;

		if ((oh = digits(&p, 2)) < 0 || *p++ != ':' ||
		    (om = digits(&p, 2)) < 0 || oh > 23 || om > 59)
			return -1;
		off = sign * (oh * 3600 + om * 60);
	} else
		return -1;
	if (*p != '\0')
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec;	/* a leap second */
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = t - off;
	return 0;
}

void
time_format(time_t t, char *buf)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, TIME_RFC3339_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strlcpy(buf, "1970-01-01T00:00:00Z", TIME_RFC3339_LEN);
}

int
duration_parse(const char *s, long *secs)
{
	long total = 0;
	int any = 0;

	while (*s != '\0') {
		long n = 0, mult;

		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s)) {
			if (n > 100000000L)
				return -1;
			n = n * 10 + (*s++ - '0');
		}
		switch (*s) {
		case '\0':
			if (any)
				return -1;	/* "1h30" is ambiguous */
			mult = 1;
			break;
		case 's':
			mult = 1;
			break;
		case 'm':
			mult = 60;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'd':
			mult = 86400;
			break;
		case 'w':
			mult = 7 * 86400;
			break;
		default:
			return -1;
		}
		if (*s != '\0')
			s++;
		if (n > (100L * 365 * 86400) / mult)
			return -1;
		total += n * mult;
		any = 1;
	}
	if (!any)
		return -1;
	*secs = total;
	return 0;
}

static const char *const daynames[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

static int
dayindex(const char *s, size_t n)
{
	int i;

	if (n < 3)
		return -1;
	for (i = 0; i < 7; i++)
		if (strncasecmp(s, daynames[i], 3) == 0)
			return i;
	return -1;
}

static int
hhmm(const char **p)
{
	int h, m;

	if ((h = digits(p, 2)) < 0 || **p != ':')
		return -1;
	(*p)++;
	if ((m = digits(p, 2)) < 0 || h > 24 || m > 59 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}

/* Parse "mon-fri 09:00-18:00,20:00-22:00" into bh. */
static int
parse_part(struct bizhours *bh, const char *part, struct cs_error *err)
{
	int days[7] = { 0 }, i, any = 0;
	const char *p = part;

	while (*p == ' ')
		p++;
	/* Days: names, ranges and commas up to the first space. */
	while (*p != '\0' && *p != ' ') {
		const char *w = p;
		int a, b;

		while (isalpha((unsigned char)*p))
			p++;
		if ((a = dayindex(w, (size_t)(p - w))) < 0)
			goto bad;
		b = a;
		if (*p == '-') {
			w = ++p;
			while (isalpha((unsigned char)*p))
				p++;
			if ((b = dayindex(w, (size_t)(p - w))) < 0)
				goto bad;
		}
		for (i = a;; i = (i + 1) % 7) {
			days[i] = 1;
			if (i == b)
				break;
		}
		if (*p == ',')
			p++;
	}
	while (*p == ' ')
		p++;
	for (i = 0; i < 7; i++) {
		if (days[i])
			bh->nspan[i] = 0;
	}
	while (*p != '\0') {
		int o, c;

		if ((o = hhmm(&p)) < 0 || *p++ != '-' || (c = hhmm(&p)) < 0 ||
		    c <= o)
			goto bad;
		for (i = 0; i < 7; i++) {
			if (!days[i])
				continue;
			if (bh->nspan[i] == 2) {
				cs_seterr(err, "business hours '%s': at most "
				    "two intervals a day", part);
				return -1;
			}
			bh->span[i][bh->nspan[i]][0] = o;
			bh->span[i][bh->nspan[i]][1] = c;
			bh->nspan[i]++;
		}
		any = 1;
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
	}
	if (any)
		return 0;
bad:
	cs_seterr(err, "business hours '%s': expected days and times such as "
	    "'mon-fri 09:00-18:00'", part);
	return -1;
}

/* A compiled zone file (TZif) under the system zoneinfo folder. */
static int
zonefile(const char *tz)
{
	char *path = xasprintf("/usr/share/zoneinfo/%s", tz);
	char magic[4];
	FILE *fp = fopen(path, "rb");
	int ok = 0;

	free(path);
	if (fp == NULL)
		return 0;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

static void
usezone(const char *tz)
{
	setenv("TZ", strcmp(tz, "UTC") == 0 ? "UTC0" : tz, 1);
	tzset();
}

int
bizhours_parse(struct bizhours *bh, const char *spec, const char *tz,
    struct cs_error *err)
{
	char *copy, *part, *save = NULL;
	int i, open = 0;

	memset(bh, 0, sizeof(*bh));
	if (tz == NULL || *tz == '\0')
		tz = "UTC";
	if (strlcpy(bh->tz, tz, sizeof(bh->tz)) >= sizeof(bh->tz) ||
	    strstr(tz, "..") != NULL || tz[0] == '/') {
		cs_seterr(err, "bad time zone '%s'", tz);
		return -1;
	}
	if (strcmp(tz, "UTC") != 0 && !zonefile(tz)) {
		cs_seterr(err, "unknown time zone '%s'", tz);
		return -1;
	}
	if (spec == NULL || *spec == '\0' || strcmp(spec, "24/7") == 0) {
		bh->always = 1;
		usezone(tz);
		return 0;
	}
	copy = xstrdup(spec);
	for (part = strtok_r(copy, ";", &save); part != NULL;
	    part = strtok_r(NULL, ";", &save)) {
		if (parse_part(bh, part, err) == -1) {
			free(copy);
			return -1;
		}
	}
	free(copy);
	for (i = 0; i < 7; i++) {
		/* Intervals in time order; overlapping ones are a mistake. */
		if (bh->nspan[i] == 2 &&
		    bh->span[i][1][0] < bh->span[i][0][0]) {
			int t0 = bh->span[i][0][0], t1 = bh->span[i][0][1];

			bh->span[i][0][0] = bh->span[i][1][0];
			bh->span[i][0][1] = bh->span[i][1][1];
			bh->span[i][1][0] = t0;
			bh->span[i][1][1] = t1;
		}
		if (bh->nspan[i] == 2 &&
		    bh->span[i][1][0] < bh->span[i][0][1]) {
			cs_seterr(err, "business hours '%s': overlapping "
			    "intervals on %s", spec, daynames[i]);
			return -1;
		}
		open += bh->nspan[i];
	}
	if (open == 0) {
		cs_seterr(err, "business hours '%s': never open", spec);
		return -1;
	}
	usezone(tz);
	return 0;
}

static int
cmpint(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int
bizhours_add_holiday(struct bizhours *bh, const char *date)
{
	const char *p = date;
	int y, m, d;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' ||
	    (m = digits(&p, 2)) < 0 || *p++ != '-' ||
	    (d = digits(&p, 2)) < 0 || *p != '\0' || m < 1 || m > 12 ||
	    d < 1 || d > mdays(y, m))
		return -1;
	bh->holidays = xreallocarray(bh->holidays, bh->nholidays + 1,
	    sizeof(int));
	bh->holidays[bh->nholidays++] = y * 10000 + m * 100 + d;
	qsort(bh->holidays, bh->nholidays, sizeof(int), cmpint);
	return 0;
}

void
bizhours_release(struct bizhours *bh)
{
	free(bh->holidays);
	bh->holidays = NULL;
	bh->nholidays = 0;
}

static int
holiday(const struct bizhours *bh, const struct tm *tm)
{
	int key = (tm->tm_year + 1900) * 10000 + (tm->tm_mon + 1) * 100 +
	    tm->tm_mday;

	return bh->nholidays > 0 && bsearch(&key, bh->holidays,
	    bh->nholidays, sizeof(int), cmpint) != NULL;
}

/* The absolute time of minute min on the local date of tm. */
static time_t
at_minute(const struct tm *day, int min)
{
	struct tm tm = *day;

	tm.tm_hour = min / 60;
	tm.tm_min = min % 60;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/*
 * The first open span whose end is after t: *o (maybe before t) and *c.
 * Returns -1 if none within two years (a schedule of holidays only).
 */
static int
next_span(const struct bizhours *bh, time_t t, time_t *o, time_t *c)
{
	struct tm day;
	int n, i;

	if (localtime_r(&t, &day) == NULL)
		return -1;
	day.tm_hour = 12;		/* away from DST edges */
	day.tm_min = day.tm_sec = 0;
	for (n = 0; n < 750; n++) {
		struct tm cur = day;

		cur.tm_mday += n;
		cur.tm_isdst = -1;
		if (mktime(&cur) == (time_t)-1)
			return -1;
		if (holiday(bh, &cur))
			continue;
		for (i = 0; i < bh->nspan[cur.tm_wday]; i++) {
			time_t a = at_minute(&cur, bh->span[cur.tm_wday][i][0]);
			time_t b = at_minute(&cur, bh->span[cur.tm_wday][i][1]);

			if (b > t) {
				*o = a;
				*c = b;
				return 0;
			}
		}
	}
	return -1;
}

time_t
bizhours_add(const struct bizhours *bh, time_t start, long secs)
{
	time_t t = start, o, c;

	if (bh->always)
		return start + secs;
	while (secs > 0 || !bizhours_open(bh, t)) {
		if (next_span(bh, t, &o, &c) == -1)
			return start + secs;
		if (o > t)
			t = o;
		if (secs <= 0)
			break;
		if (c - t >= secs)
			return t + secs;
		secs -= (long)(c - t);
		t = c;
	}
	return t;
}

/* Whole 52-week blocks beyond the first are counted as the first. */
#define BIZ_BLOCK	(52L * 7 * 86400)

long
bizhours_between(const struct bizhours *bh, time_t a, time_t b)
{
	time_t t = a, o, c;
	long total = 0, n;

	if (b <= a)
		return 0;
	if (bh->always)
		return (long)(b - a);
	if (b - a > 2 * BIZ_BLOCK) {
		/*
		 * A span of years (a bad date) would take a walk day by
		 * day: count the first block, and the rest from it.
		 */
		n = (long)((b - a) / BIZ_BLOCK);
		return n * bizhours_between(bh, a, a + BIZ_BLOCK) +
		    bizhours_between(bh, a + n * BIZ_BLOCK, b);
	}
	while (t < b && next_span(bh, t, &o, &c) == 0 && o < b) {
		if (o > t)
			t = o;
		if (c > b)
			c = b;
		total += (long)(c - t);
		t = c;
	}
	return total;
}

int
bizhours_open(const struct bizhours *bh, time_t t)
{
	time_t o, c;

	if (bh->always)
		return 1;
	return next_span(bh, t, &o, &c) == 0 && o <= t;
}
