/*
 * import: the CSV reader, the twcs and X mappings, and the record writer
 * of `cs-fetch import`.  See import.h.
 */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "import.h"
#include "ndjson.h"
#include "timeutil.h"
#include "util.h"

#define CSV_CHUNK	(64 * 1024)
/* How much of a bad value a message quotes. */
#define SUBJECT_MAX	40

/*
 * Quote at most SUBJECT_MAX bytes of s into dst for a message: cut at a
 * character boundary, with "..." when cut, and control characters shown
 * as '?' so that a diagnostic stays on one line.
 */
static void
subject(char *dst, size_t size, const char *s, size_t n)
{
	size_t i, k = 0, lim = n;

	if (lim > SUBJECT_MAX) {
		lim = SUBJECT_MAX;
		while (lim > 0 && ((unsigned char)s[lim] & 0xc0) == 0x80)
			lim--;
	}
	for (i = 0; i < lim && k + 4 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[k++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (lim < n && k + 4 < size) {
		memcpy(dst + k, "...", 3);
		k += 3;
	}
	dst[k] = '\0';
}

/* The CSV reader. */

static void
reader_init(struct csv_reader *r, int fd, const char *name, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->max_row = max ? max : NDJSON_MAX_LINE;
	r->cap = r->max_row + CSV_CHUNK + 1;
	r->buf = xmalloc(r->cap);
	r->nextline = 1;
}

int
csv_open(struct csv_reader *r, const char *path, size_t max_row,
    struct cs_error *err)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		csv_fdopen(r, STDIN_FILENO, "<stdin>", max_row);
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	reader_init(r, fd, path, max_row);
	r->own_fd = 1;
	return 0;
}

void
csv_fdopen(struct csv_reader *r, int fd, const char *name, size_t max_row)
{
	reader_init(r, fd, name, max_row);
}

void
csv_memopen(struct csv_reader *r, const void *data, size_t n,
    const char *name, size_t max_row)
{
	reader_init(r, -1, name, max_row);
	r->mem = data;
	r->memlen = n;
}

void
csv_close(struct csv_reader *r)
{
	if (r->own_fd && r->fd != -1)
		close(r->fd);
	free(r->buf);
	free(r->unq);
	free(r->fields);
	r->buf = r->unq = NULL;
	r->fields = NULL;
	r->fd = -1;
}

/*
 * Read more bytes after r->end, moving the pending bytes to the front
 * first.  Returns the number of bytes read, 0 at end of input, -1 on
 * error.
 */
static ssize_t
fill(struct csv_reader *r)
{
	size_t room;
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->pos += r->start;
		r->start = 0;
	}
	room = r->cap - 1 - r->end;
	if (r->fd == -1) {
		size_t left = r->memlen - r->mempos;

		if (room > left)
			room = left;
		memcpy(r->buf + r->end, r->mem + r->mempos, room);
		r->mempos += room;
		n = (ssize_t)room;
	} else {
		do {
			n = read(r->fd, r->buf + r->end, room);
		} while (n == -1 && errno == EINTR);
	}
	if (n > 0)
		r->end += (size_t)n;
	else if (n == 0)
		r->eof = 1;
	return n;
}

static unsigned long
count_lf(const char *p, size_t n)
{
	unsigned long k = 0;
	const char *q;

	while (n > 0 && (q = memchr(p, '\n', n)) != NULL) {
		k++;
		n -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	return k;
}

/*
 * Scan the pending row from where the last scan stopped, tracking
 * quotes, for the line feed that ends it.  Returns 1 with r->scan at that
 * line feed, or 0 with r->scan at the end of the buffered bytes.
 */
static int
scan_row(struct csv_reader *r)
{
	const char *p = r->buf + r->start, *nl = NULL, *q;
	size_t avail = r->end - r->start, i = r->scan, stop;
	int found = 0;

	while (i < avail) {
		if (!r->inq) {
			/*
			 * The next LF is looked for once, not at each quoted
			 * field: a long row of them stays linear.
			 */
			if (nl == NULL || nl < p + i) {
				nl = memchr(p + i, '\n', avail - i);
				if (nl == NULL)
					nl = p + avail;
			}
			stop = (size_t)(nl - p);
			q = memchr(p + i, '"', stop - i);
			if (q == NULL) {
				i = stop;
				found = stop < avail;
				break;
			}
			r->inq = 1;
			i = (size_t)(q - p) + 1;
		} else {
			q = memchr(p + i, '"', avail - i);
			stop = q != NULL ? (size_t)(q - p) : avail;
			r->scanlf += count_lf(p + i, stop - i);
			i = stop;
			if (q == NULL)
				break;
			r->inq = 0;
			i++;
		}
	}
	r->scan = i;
	return found;
}

/* Index of the first byte of s that is not valid UTF-8 or is NUL, or n. */
static size_t
utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];

		/*
		 * Eight ASCII bytes, none of them NUL, at a time: adding 0x7f
		 * to each byte's low 7 bits sets its top bit unless it is 0.
		 */
		if (n - i >= 8) {
			const uint64_t hi = 0x8080808080808080ULL;
			const uint64_t lo = 0x7f7f7f7f7f7f7f7fULL;
			uint64_t v;

			memcpy(&v, s + i, 8);
			if ((v & hi) == 0 && (((v & lo) + lo) & hi) == hi) {
				i += 8;
				continue;
			}
		}
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xc2 || c > 0xf4)	/* NUL too */
			return i;
		if (c < 0xe0) {
			if (n - i < 2 || (s[i + 1] & 0xc0) != 0x80)
				return i;
			i += 2;
		} else if (c < 0xf0) {
			if (n - i < 3 || (s[i + 1] & 0xc0) != 0x80 ||
			    (s[i + 2] & 0xc0) != 0x80 ||
			    (c == 0xe0 && s[i + 1] < 0xa0) ||
			    (c == 0xed && s[i + 1] >= 0xa0))
				return i;
			i += 3;
		} else {
			if (n - i < 4 || (s[i + 1] & 0xc0) != 0x80 ||
			    (s[i + 2] & 0xc0) != 0x80 ||
			    (s[i + 3] & 0xc0) != 0x80 ||
			    (c == 0xf0 && s[i + 1] < 0x90) ||
			    (c == 0xf4 && s[i + 1] >= 0x90))
				return i;
			i += 4;
		}
	}
	return n;
}

static void
add_field(struct csv_reader *r, const char *s, size_t len)
{
	if (r->nfields == r->fieldcap) {
		r->fieldcap = r->fieldcap ? r->fieldcap * 2 : 16;
		r->fields = xreallocarray(r->fields, r->fieldcap,
		    sizeof(*r->fields));
	}
	r->fields[r->nfields].s = s;
	r->fields[r->nfields].len = len;
	r->nfields++;
}

/*
 * Split the row into fields.  A quoted field without "" points into the
 * row; one with "" is unescaped into r->unq, which is sized for the whole
 * row first so that its fields do not move.
 */
static int
split(struct csv_reader *r, struct cs_error *err)
{
	const char *p = r->row, *end = r->row + r->rowlen;
	size_t used = 0;

	r->nfields = 0;
	for (;;) {
		if (p < end && *p == '"') {
			const char *s = ++p, *q;
			char *u = NULL;
			size_t ulen = 0;

			for (;;) {
				q = memchr(p, '"', (size_t)(end - p));
				if (q == NULL) {
					cs_seterr(err, "unterminated quoted "
					    "field");
					return -1;
				}
				if (q + 1 < end && q[1] == '"') {
					/* A doubled quote: copy, keep one. */
					if (u == NULL) {
						if (r->unqcap < r->rowlen) {
							free(r->unq);
							r->unqcap = r->rowlen;
							r->unq = xmalloc(
							    r->unqcap);
						}
						u = r->unq + used;
					}
					memcpy(u + ulen, p,
					    (size_t)(q - p) + 1);
					ulen += (size_t)(q - p) + 1;
					p = q + 2;
					continue;
				}
				break;
			}
			if (u != NULL) {
				memcpy(u + ulen, p, (size_t)(q - p));
				ulen += (size_t)(q - p);
				used += ulen;
				add_field(r, u, ulen);
			} else
				add_field(r, s, (size_t)(q - s));
			p = q + 1;
			if (p == end)
				return 0;
			if (*p != ',') {
				cs_seterr(err, "text after closing quote");
				return -1;
			}
			p++;
		} else {
			const char *c = memchr(p, ',', (size_t)(end - p));
			const char *fe = c != NULL ? c : end;

			if (memchr(p, '"', (size_t)(fe - p)) != NULL) {
				cs_seterr(err, "quote in unquoted field");
				return -1;
			}
			add_field(r, p, (size_t)(fe - p));
			if (c == NULL)
				return 0;
			p = c + 1;
		}
	}
}

int
csv_skip_row(struct csv_reader *r, FILE *copy)
{
	while (r->skipping) {
		const char *p = r->buf + r->start;
		int found = scan_row(r);
		size_t n = r->scan, take;

		if (found || r->eof) {
			if (found && n > 0 && p[n - 1] == '\r')
				n--;
			if (copy != NULL && n > 0)
				fwrite(p, 1, n, copy);
			r->start += r->scan + (found ? 1 : 0);
			r->nextline += 1 + r->scanlf;
			r->scan = 0;
			r->scanlf = 0;
			r->inq = 0;
			r->skipping = 0;
			break;
		}
		/* Keep a final CR back: it may start the CRLF ending. */
		take = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
		if (copy != NULL && take > 0)
			fwrite(p, 1, take, copy);
		r->start += take;
		r->scan -= take;
		if (fill(r) == -1)
			return -1;
	}
	return 0;
}

enum csv_status
csv_next(struct csv_reader *r, struct cs_error *err)
{
	if (r->skipping && csv_skip_row(r, NULL) == -1)
		return CSV_IOERR;
	for (;;) {
		char *p = r->buf + r->start;
		size_t avail = r->end - r->start, n, bad;
		int found = scan_row(r), toolong;

		/* The CR of a CRLF ending does not count. */
		n = r->scan;
		if (found && n > 0 && p[n - 1] == '\r')
			n--;
		if (found)
			toolong = n > r->max_row;
		else
			toolong = avail > r->max_row + 1 ||
			    (r->eof && avail > r->max_row);
		if (toolong) {
			r->row = p;
			r->rowlen = r->max_row;
			r->lineno = r->nextline;
			r->offset = r->pos + r->start;
			r->start += r->max_row;
			r->scan -= r->max_row;
			r->skipping = 1;
			return CSV_TOOLONG;
		}
		if (!found && !r->eof) {
			if (fill(r) == -1)
				return CSV_IOERR;
			continue;
		}
		if (!found && avail == 0)
			return CSV_EOF;
		r->row = p;
		r->rowlen = n;
		r->lineno = r->nextline;
		r->offset = r->pos + r->start;
		r->nextline += 1 + r->scanlf;
		r->start += r->scan + (found ? 1 : 0);
		r->scan = 0;
		r->scanlf = 0;
		r->inq = 0;
		if (r->offset == 0 && n >= 3 &&
		    memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			r->row += 3;
			r->rowlen -= 3;
		}
		if (r->rowlen == 0)
			continue;
		bad = utf8_bad((const unsigned char *)r->row, r->rowlen);
		if (bad < r->rowlen) {
			cs_seterr(err, "%s at byte %zu", r->row[bad] == '\0' ?
			    "NUL byte" : "invalid UTF-8", bad + 1);
			return CSV_BAD;
		}
		if (split(r, err) == -1)
			return CSV_BAD;
		return CSV_ROW;
	}
}

/* The record writer. */

void
import_record_init(struct import_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->followers = -1;
	rec->verified = -1;
	rec->metrics[IMPORT_REPOSTS] = rec->metrics[IMPORT_REPLIES] = -1;
	rec->metrics[IMPORT_LIKES] = rec->metrics[IMPORT_QUOTES] = -1;
}

/* Append a key (a string literal: its length is known) and a value. */
#define ADD_STR(b, key, s)	add_str(b, key, sizeof(key) - 1, s)
#define ADD_INT(b, key, v)	add_int(b, key, sizeof(key) - 1, v)

static void
add_str(struct buf *b, const char *key, size_t klen,
    const struct import_str *s)
{
	buf_add(b, key, klen);
	if (s->s == NULL)
		buf_add(b, "null", 4);
	else
		buf_add_json_string(b, s->s, s->len);
}

static void
add_int(struct buf *b, const char *key, size_t klen, long long v)
{
	char d[24];
	size_t k = sizeof(d);
	unsigned long long u = (unsigned long long)v;

	buf_add(b, key, klen);
	if (v < 0) {
		buf_add(b, "null", 4);
		return;
	}
	do {
		d[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	buf_add(b, d + k, sizeof(d) - k);
}

static void
put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/*
 * Format t as time_format does, without the C library's time zone
 * machinery (a third of the writing time went there): the civil date of
 * a day count, after H. Hinnant's days_from_civil.
 */
static void
rfc3339(time_t t, char *out)
{
	long long days = (long long)t / 86400, secs = (long long)t % 86400;
	long long era, y;
	unsigned doe, yoe, doy, mp, d, m;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999) {
		time_format(t, out);
		return;
	}
	put2(out, (unsigned)(y / 100));
	put2(out + 2, (unsigned)(y % 100));
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = 'T';
	put2(out + 11, (unsigned)(secs / 3600));
	out[13] = ':';
	put2(out + 14, (unsigned)(secs / 60 % 60));
	out[16] = ':';
	put2(out + 17, (unsigned)(secs % 60));
	out[19] = 'Z';
	out[20] = '\0';
}

void
import_render(const struct import_record *rec, struct buf *b)
{
	char t[TIME_RFC3339_LEN];

	/* Room for everything but the strings' escapes, in one go. */
	buf_grow(b, 400 + rec->text.len + rec->author_name.len +
	    rec->url.len);
	ADD_STR(b, "{\"id\":", &rec->id);
	ADD_STR(b, ",\"network\":", &rec->network);
	ADD_STR(b, ",\"account\":", &rec->account);
	ADD_STR(b, ",\"direction\":", &rec->direction);
	rfc3339(rec->created, t);
	buf_add(b, ",\"created_at\":\"", 15);
	buf_add(b, t, TIME_RFC3339_LEN - 1);
	ADD_STR(b, "\",\"conversation_id\":", &rec->conversation_id);
	ADD_STR(b, ",\"in_reply_to\":", &rec->in_reply_to);
	ADD_STR(b, ",\"author\":{\"id\":", &rec->author_id);
	ADD_STR(b, ",\"handle\":", &rec->author_handle);
	ADD_STR(b, ",\"name\":", &rec->author_name);
	ADD_INT(b, ",\"followers\":", rec->followers);
	if (rec->verified < 0)
		buf_add(b, ",\"verified\":null", 16);
	else if (rec->verified)
		buf_add(b, ",\"verified\":true", 16);
	else
		buf_add(b, ",\"verified\":false", 17);
	ADD_STR(b, "},\"text\":", &rec->text);
	ADD_STR(b, ",\"lang\":", &rec->lang);
	ADD_STR(b, ",\"url\":", &rec->url);
	ADD_INT(b, ",\"metrics\":{\"reposts\":", rec->metrics[IMPORT_REPOSTS]);
	ADD_INT(b, ",\"replies\":", rec->metrics[IMPORT_REPLIES]);
	ADD_INT(b, ",\"likes\":", rec->metrics[IMPORT_LIKES]);
	ADD_INT(b, ",\"quotes\":", rec->metrics[IMPORT_QUOTES]);
	buf_add(b, "}}\n", 3);
}

/* twcs: the fields. */

/* Read 1 to max digits at *p (up to end); -1 if there are none. */
static long
num(const char **p, const char *end, int min, int max)
{
	long v = 0;
	int k = 0;

	while (*p < end && k < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k < min ? -1 : v;
}

/* The index of the 3-letter name at p in names, or -1. */
static int
name3(const char *p, const char *end, const char *names, int count)
{
	int i;

	if (end - p < 3)
		return -1;
	for (i = 0; i < count; i++) {
		if (memcmp(p, names + 3 * i, 3) == 0)
			return i;
	}
	return -1;
}

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static long long
days_from_civil(long y, long m, long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
twcs_parse_date(const char *s, size_t n, time_t *out)
{
	static const char wdays[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = s, *end = s + n;
	long long days;
	long d, h, mi, sec, oh, om, y;
	int wday, mon, sign;
	time_t t;

	if ((wday = name3(p, end, wdays, 7)) < 0)
		return -1;
	p += 3;
	if (p == end || *p++ != ' ' || (mon = name3(p, end, months, 12)) < 0)
		return -1;
	p += 3;
	if (p == end || *p++ != ' ' || (d = num(&p, end, 1, 2)) < 0 ||
	    p == end || *p++ != ' ' ||
	    (h = num(&p, end, 2, 2)) < 0 || p == end || *p++ != ':' ||
	    (mi = num(&p, end, 2, 2)) < 0 || p == end || *p++ != ':' ||
	    (sec = num(&p, end, 2, 2)) < 0 || p == end || *p++ != ' ')
		return -1;
	if (p == end || (*p != '+' && *p != '-'))
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if ((oh = num(&p, end, 2, 2)) < 0 || (om = num(&p, end, 2, 2)) < 0 ||
	    p == end || *p++ != ' ' || (y = num(&p, end, 4, 4)) < 0 ||
	    p != end)
		return -1;
	if (y < 1970 || d < 1 || d > (mon == 1 && leap(y) ? 29 :
	    mdays[mon]) || h > 23 || mi > 59 || sec > 60 || oh > 23 ||
	    om > 59)
		return -1;
	days = days_from_civil(y, mon + 1, d);
	/* The weekday is checked too: a wrong one means a broken row. */
	if ((days + 4) % 7 != wday)	/* 1970-01-01 was a Thursday */
		return -1;
	/* A leap second counts as the second before it. */
	t = (time_t)(days * 86400 + h * 3600 + mi * 60 +
	    (sec == 60 ? 59 : sec));
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

int
twcs_parse_id(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || !isdigit((unsigned char)s[0]))
		return -1;
	for (i = 0; i < n && isdigit((unsigned char)s[i]); i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (i < n) {
		if (s[i++] != '.' || i == n)
			return -1;
		for (; i < n; i++) {
			if (s[i] != '0')
				return -1;
		}
	}
	*out = v;
	return 0;
}

static const char *const twcs_names[TWCS_NCOLS] = {
	"tweet_id", "author_id", "inbound", "created_at", "text",
	"response_tweet_id", "in_response_to_tweet_id"
};

static int
field_is(const struct csv_field *f, const char *s)
{
	size_t n = strlen(s);

	return f->len == n && memcmp(f->s, s, n) == 0;
}

int
twcs_header(struct twcs_cols *c, const struct csv_reader *r,
    struct cs_error *err)
{
	size_t i;
	int k;

	c->ncols = r->nfields;
	for (k = 0; k < TWCS_NCOLS; k++)
		c->col[k] = -1;
	for (i = 0; i < r->nfields; i++) {
		for (k = 0; k < TWCS_NCOLS; k++) {
			if (c->col[k] == -1 &&
			    field_is(&r->fields[i], twcs_names[k])) {
				c->col[k] = (long)i;
				break;
			}
		}
	}
	for (k = 0; k <= TWCS_TEXT; k++) {
		if (c->col[k] == -1) {
			cs_seterr(err, "missing column '%s'", twcs_names[k]);
			return -1;
		}
	}
	return 0;
}

static int
bad_field(struct cs_error *err, const char *what, const struct csv_field *f)
{
	char s[64];

	subject(s, sizeof(s), f->s, f->len);
	cs_seterr(err, "bad %s '%s'", what, s);
	return -1;
}

/* Check a response_tweet_id list: ids separated by commas. */
static int
id_list_ok(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t id;

	while (i < n) {
		size_t j;

		while (i < n && s[i] == ' ')
			i++;
		for (j = i; j < n && s[j] != ',' && s[j] != ' '; j++)
			continue;
		if (twcs_parse_id(s + i, j - i, &id) == -1)
			return 0;
		i = j;
		while (i < n && s[i] == ' ')
			i++;
		if (i < n) {
			if (s[i] != ',' || i + 1 == n)
				return 0;
			i++;
		}
	}
	return 1;
}

int
twcs_parse(const struct twcs_cols *c, const struct csv_reader *r,
    struct twcs_row *row, struct cs_error *err)
{
	const struct csv_field *f = r->fields;
	const struct csv_field *in;

	if (r->nfields != c->ncols) {
		cs_seterr(err, "expected %zu fields, found %zu", c->ncols,
		    r->nfields);
		return -1;
	}
	memset(row, 0, sizeof(*row));
	if (twcs_parse_id(f[c->col[TWCS_TWEET_ID]].s,
	    f[c->col[TWCS_TWEET_ID]].len, &row->id) == -1)
		return bad_field(err, "tweet_id", &f[c->col[TWCS_TWEET_ID]]);
	row->author = f[c->col[TWCS_AUTHOR_ID]];
	if (row->author.len == 0) {
		cs_seterr(err, "empty author_id");
		return -1;
	}
	in = &f[c->col[TWCS_INBOUND]];
	if (in->len == 4 && strncasecmp(in->s, "true", 4) == 0)
		row->inbound = 1;
	else if (in->len == 5 && strncasecmp(in->s, "false", 5) == 0)
		row->inbound = 0;
	else
		return bad_field(err, "inbound", in);
	if (twcs_parse_date(f[c->col[TWCS_CREATED_AT]].s,
	    f[c->col[TWCS_CREATED_AT]].len, &row->created) == -1)
		return bad_field(err, "created_at",
		    &f[c->col[TWCS_CREATED_AT]]);
	row->text = f[c->col[TWCS_TEXT]];
	if (c->col[TWCS_RESPONSE_TWEET_ID] != -1) {
		row->responses = f[c->col[TWCS_RESPONSE_TWEET_ID]];
		if (!id_list_ok(row->responses.s, row->responses.len))
			return bad_field(err, "response_tweet_id",
			    &row->responses);
	}
	if (c->col[TWCS_IN_RESPONSE_TO] != -1 &&
	    f[c->col[TWCS_IN_RESPONSE_TO]].len > 0) {
		if (twcs_parse_id(f[c->col[TWCS_IN_RESPONSE_TO]].s,
		    f[c->col[TWCS_IN_RESPONSE_TO]].len, &row->parent) == -1)
			return bad_field(err, "in_response_to_tweet_id",
			    &f[c->col[TWCS_IN_RESPONSE_TO]]);
		row->has_parent = 1;
	}
	return 0;
}

/* twcs: the thread map. */

#define TW_OUT		0x01u	/* outbound: written by a brand */
#define TW_DUP		0x02u	/* a repeated id: not in the index */
#define TW_PARENT	0x04u	/* link holds the parent's id */
#define TW_VISIT	0x08u	/* being resolved */
#define TW_DONE		0x10u	/* link holds the root's id */

#define NONE		SIZE_MAX

struct twcs_entry {
	uint64_t	id;
	uint64_t	link;	/* the parent's id, then the root's */
	uint32_t	brand;	/* outbound: the author, from 1 */
	uint32_t	flags;
};

struct twcs {
	struct twcs_entry	*e;
	size_t			 n, cap;
	uint32_t		*slot;	/* entry index + 1, 0 when free */
	size_t			 mask;
	/* Outbound authors, interned. */
	char			**brand;
	size_t			*brandlen;
	size_t			 nbrand, brandcap;
	uint32_t		*bslot;
	size_t			 bmask;
	/* Conversations: root id and its brand + 1 (1: none). */
	uint64_t		*ckey;
	uint32_t		*cval;
	size_t			 cmask, nconv;
	struct twcs_stats	 st;
	char			 idbuf[24], convbuf[24], parentbuf[24];
};

/*
 * Ids near each other land in slots near each other: twcs ids run in
 * file order, and a reply's parent is usually close by, so the index is
 * walked almost in order instead of one cache miss per probe.  The high
 * bits are folded in for X's ids, whose low bits vary little.
 */
static size_t
hash64(uint64_t v)
{
	return (size_t)(v ^ (v >> 21) ^ (v >> 42));
}

static size_t
hashstr(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return (size_t)h;
}

struct twcs *
twcs_new(void)
{
	struct twcs *t = xcalloc(1, sizeof(*t));

	t->mask = 1023;
	t->slot = xcalloc(t->mask + 1, sizeof(*t->slot));
	t->bmask = 127;
	t->bslot = xcalloc(t->bmask + 1, sizeof(*t->bslot));
	return t;
}

void
twcs_free(struct twcs *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nbrand; i++)
		free(t->brand[i]);
	free(t->brand);
	free(t->brandlen);
	free(t->bslot);
	free(t->e);
	free(t->slot);
	free(t->ckey);
	free(t->cval);
	free(t);
}

static size_t
lookup(const struct twcs *t, uint64_t id)
{
	size_t h = hash64(id) & t->mask;
	uint32_t s;

	while ((s = t->slot[h]) != 0) {
		if (t->e[s - 1].id == id)
			return s - 1;
		h = (h + 1) & t->mask;
	}
	return NONE;
}

static void
index_put(uint32_t *slot, size_t mask, const struct twcs_entry *e,
    size_t k)
{
	size_t h = hash64(e[k].id) & mask;

	while (slot[h] != 0)
		h = (h + 1) & mask;
	slot[h] = (uint32_t)(k + 1);
}

static void
index_grow(struct twcs *t)
{
	size_t mask = t->mask * 2 + 1, k;
	uint32_t *slot = xcalloc(mask + 1, sizeof(*slot));

	for (k = 0; k < t->n; k++) {
		if (!(t->e[k].flags & TW_DUP))
			index_put(slot, mask, t->e, k);
	}
	free(t->slot);
	t->slot = slot;
	t->mask = mask;
}

/* The brand's number (from 1), interned on first sight. */
static uint32_t
brand_id(struct twcs *t, const char *s, size_t n)
{
	size_t h = hashstr(s, n) & t->bmask, i;
	uint32_t b;

	while ((b = t->bslot[h]) != 0) {
		if (t->brandlen[b - 1] == n &&
		    memcmp(t->brand[b - 1], s, n) == 0)
			return b;
		h = (h + 1) & t->bmask;
	}
	if (t->nbrand == t->brandcap) {
		t->brandcap = t->brandcap ? t->brandcap * 2 : 64;
		t->brand = xreallocarray(t->brand, t->brandcap,
		    sizeof(*t->brand));
		t->brandlen = xreallocarray(t->brandlen, t->brandcap,
		    sizeof(*t->brandlen));
	}
	t->brand[t->nbrand] = xstrndup(s, n);
	t->brandlen[t->nbrand] = n;
	b = (uint32_t)++t->nbrand;
	t->bslot[h] = b;
	if (t->nbrand * 2 > t->bmask) {
		size_t mask = t->bmask * 2 + 1;
		uint32_t *slot = xcalloc(mask + 1, sizeof(*slot));

		for (i = 0; i < t->nbrand; i++) {
			h = hashstr(t->brand[i], t->brandlen[i]) & mask;
			while (slot[h] != 0)
				h = (h + 1) & mask;
			slot[h] = (uint32_t)(i + 1);
		}
		free(t->bslot);
		t->bslot = slot;
		t->bmask = mask;
	}
	return b;
}

void
twcs_add(struct twcs *t, const struct twcs_row *row)
{
	struct twcs_entry *e;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->e = xreallocarray(t->e, t->cap, sizeof(*t->e));
	}
	if ((t->n + 1) * 2 > t->mask)
		index_grow(t);
	e = &t->e[t->n];
	e->id = row->id;
	e->link = row->parent;
	e->flags = row->has_parent ? TW_PARENT : 0;
	e->brand = 0;
	if (!row->inbound) {
		e->flags |= TW_OUT;
		e->brand = brand_id(t, row->author.s, row->author.len);
	}
	if (lookup(t, row->id) != NONE)
		e->flags |= TW_DUP;
	else
		index_put(t->slot, t->mask, t->e, t->n);
	t->n++;
}

/*
 * Find the root of entry k's thread: follow the parents (par: the
 * parent's index, UINT32_MAX when there is none in the input) up to an
 * entry without one (its id) or to a parent missing from the input (that
 * id).  A cycle (broken data) ends at the entry where it closes.  Then
 * write the root into every entry on the way, so that each is walked
 * once.  Returns 1 when the walk found a new top (a root, or a row whose
 * parent is missing), 0 when it ended in a known thread.
 */
static size_t
resolve(struct twcs *t, const uint32_t *par, size_t k)
{
	struct twcs_entry *e = t->e;
	uint64_t root;
	size_t i = k, top = 1;

	for (;;) {
		if (e[i].flags & TW_DONE) {
			root = e[i].link;
			top = 0;
			break;
		}
		if (e[i].flags & TW_VISIT) {
			root = e[i].id;
			break;
		}
		e[i].flags |= TW_VISIT;
		if (!(e[i].flags & TW_PARENT)) {
			root = e[i].id;
			break;
		}
		if (par[i] == UINT32_MAX) {
			root = e[i].link;
			break;
		}
		i = par[i];
	}
	for (i = k; !(e[i].flags & TW_DONE); i = par[i]) {
		e[i].link = root;
		e[i].flags = (e[i].flags & ~TW_VISIT) | TW_DONE;
		if (par[i] == UINT32_MAX)
			break;
	}
	return top;
}

/* The slot of conversation root in the conversation index. */
static size_t
conv_slot(const struct twcs *t, uint64_t root)
{
	size_t h = hash64(root) & t->cmask;

	while (t->cval[h] != 0 && t->ckey[h] != root)
		h = (h + 1) & t->cmask;
	return h;
}

void
twcs_link(struct twcs *t)
{
	uint32_t *par;
	size_t k, h, size, tops = 0;

	memset(&t->st, 0, sizeof(t->st));
	/* Each parent is looked up once; the walks follow indices. */
	par = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*par));
	for (k = 0; k < t->n; k++) {
		struct twcs_entry *e = &t->e[k];

		par[k] = UINT32_MAX;
		t->st.rows++;
		if (e->flags & TW_DUP) {
			t->st.duplicates++;
			continue;
		}
		if (e->flags & TW_PARENT) {
			size_t p = lookup(t, e->link);

			t->st.replies++;
			if (p != NONE) {
				t->st.parents_found++;
				par[k] = (uint32_t)p;
			} else
				t->st.parents_missing++;
		}
	}
	for (k = 0; k < t->n; k++) {
		if (!(t->e[k].flags & (TW_DONE | TW_DUP)))
			tops += resolve(t, par, k);
	}
	free(par);
	/* No more threads than tops: room for twice as many. */
	for (size = 64; size < tops * 2; size *= 2)
		continue;
	free(t->ckey);
	free(t->cval);
	t->cmask = size - 1;
	t->ckey = xcalloc(size, sizeof(*t->ckey));
	t->cval = xcalloc(size, sizeof(*t->cval));
	t->nconv = 0;
	for (k = 0; k < t->n; k++) {
		const struct twcs_entry *e = &t->e[k];

		if (e->flags & TW_DUP)
			continue;
		h = conv_slot(t, e->link);
		if (t->cval[h] == 0) {
			t->ckey[h] = e->link;
			t->cval[h] = 1;
			t->nconv++;
		}
		if ((e->flags & TW_OUT) && t->cval[h] == 1)
			t->cval[h] = e->brand + 1;
	}
	t->st.threads = t->nconv;
	t->st.brands = t->nbrand;
}

void
twcs_stats(const struct twcs *t, struct twcs_stats *st)
{
	*st = t->st;
	st->rows = t->n;
}

static size_t
fmt_id(char *buf, uint64_t v)
{
	char d[24];
	size_t k = sizeof(d);

	do {
		d[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	memcpy(buf, d + k, sizeof(d) - k);
	buf[sizeof(d) - k] = '\0';
	return sizeof(d) - k;
}

static void
set_cstr(struct import_str *s, const char *c)
{
	s->s = c;
	s->len = c != NULL ? strlen(c) : 0;
}

static int
wordchar(int c)
{
	return isalnum(c) || c == '_';
}

/*
 * The first @mention in s that is not all digits (the corpus replaced
 * customers' handles by numbers), or NULL.
 */
static const char *
first_brand_mention(const char *s, size_t n, size_t *len)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		int digits = 1;

		if (s[i] != '@' || (i > 0 && wordchar((unsigned char)s[i - 1])))
			continue;
		for (j = i + 1; j < n && wordchar((unsigned char)s[j]); j++) {
			if (!isdigit((unsigned char)s[j]))
				digits = 0;
		}
		if (j - i - 1 >= 1 && j - i - 1 <= 15 && !digits) {
			*len = j - i - 1;
			return s + i + 1;
		}
	}
	return NULL;
}

/* The brand of an outbound entry found by id, or 0. */
static uint32_t
brand_of(const struct twcs *t, uint64_t id)
{
	size_t k = lookup(t, id);

	if (k == NONE || !(t->e[k].flags & TW_OUT))
		return 0;
	return t->e[k].brand;
}

static uint32_t
inbound_brand(const struct twcs *t, const struct twcs_entry *e,
    const struct twcs_row *row)
{
	const char *s = row->responses.s;
	size_t n = row->responses.len, i = 0, h;
	uint32_t b;
	uint64_t id;

	/* The brand that answered this message... */
	while (i < n) {
		size_t j;

		while (i < n && (s[i] == ' ' || s[i] == ','))
			i++;
		for (j = i; j < n && s[j] != ',' && s[j] != ' '; j++)
			continue;
		if (j > i && twcs_parse_id(s + i, j - i, &id) == 0 &&
		    (b = brand_of(t, id)) != 0)
			return b;
		i = j;
	}
	/* ... or the brand it answers ... */
	if (row->has_parent && (b = brand_of(t, row->parent)) != 0)
		return b;
	/* ... or the first brand that spoke in the thread. */
	h = conv_slot(t, e->link);
	if (t->cval[h] > 1)
		return t->cval[h] - 1;
	return 0;
}

int
twcs_map(struct twcs *t, size_t k, const struct twcs_row *row,
    struct import_record *rec, struct cs_error *err)
{
	const struct twcs_entry *e;
	uint32_t b;

	if (k >= t->n || t->cval == NULL || t->e[k].id != row->id) {
		cs_seterr(err, "tweet_id '%llu' changed between the passes",
		    (unsigned long long)row->id);
		return -1;
	}
	e = &t->e[k];
	if (e->flags & TW_DUP) {
		cs_seterr(err, "duplicate tweet_id '%llu'",
		    (unsigned long long)row->id);
		return -1;
	}
	import_record_init(rec);
	rec->id.s = t->idbuf;
	rec->id.len = fmt_id(t->idbuf, row->id);
	set_cstr(&rec->network, "twcs");
	set_cstr(&rec->direction, row->inbound ? "in" : "out");
	rec->created = row->created;
	rec->conversation_id.s = t->convbuf;
	rec->conversation_id.len = fmt_id(t->convbuf, e->link);
	if (row->has_parent) {
		rec->in_reply_to.s = t->parentbuf;
		rec->in_reply_to.len = fmt_id(t->parentbuf, row->parent);
	}
	rec->author_id.s = rec->author_handle.s = row->author.s;
	rec->author_id.len = rec->author_handle.len = row->author.len;
	rec->text.s = row->text.s;
	rec->text.len = row->text.len;
	b = e->flags & TW_OUT ? e->brand : inbound_brand(t, e, row);
	if (b != 0) {
		rec->account.s = t->brand[b - 1];
		rec->account.len = t->brandlen[b - 1];
	} else
		rec->account.s = first_brand_mention(row->text.s,
		    row->text.len, &rec->account.len);
	return 0;
}

/* X API v2 pages and twarc2 tweets. */

void
x_import_init(struct x_import *x, const char *account, int accept)
{
	memset(x, 0, sizeof(*x));
	x->account = account;
	x->accept = accept;
	buf_init(&x->url);
	buf_init(&x->text);
}

void
x_import_release(struct x_import *x)
{
	ndjson_shape_release(&x->shape);
	buf_release(&x->url);
	buf_release(&x->text);
	free(x->users);
	x->users = NULL;
	x->nusers = x->usercap = 0;
}

static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A count at key in o: a number from 0, or -1. */
static long long
jcount(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
	    v->valuedouble > 9e15)
		return -1;
	return (long long)v->valuedouble;
}

static int
user_cmp(const void *a, const void *b)
{
	const cJSON *const *ua = a, *const *ub = b;

	return strcmp(jstr(*ua, "id"), jstr(*ub, "id"));
}

/* Index includes.users by id. */
static void
index_users(struct x_import *x, const cJSON *users)
{
	const cJSON *u;

	x->nusers = 0;
	cJSON_ArrayForEach(u, users) {
		if (!cJSON_IsObject(u) || jstr(u, "id") == NULL)
			continue;
		if (x->nusers == x->usercap) {
			x->usercap = x->usercap ? x->usercap * 2 : 64;
			x->users = xreallocarray(x->users, x->usercap,
			    sizeof(*x->users));
		}
		x->users[x->nusers++] = u;
	}
	if (x->nusers > 1)
		qsort(x->users, x->nusers, sizeof(*x->users), user_cmp);
}

static const cJSON *
find_user(const struct x_import *x, const char *id)
{
	size_t lo = 0, hi = x->nusers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, jstr(x->users[mid], "id"));

		if (c == 0)
			return x->users[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* X writes &, < and > as entities in v2 text: give the plain text. */
static void
unescape_text(struct buf *b, const char *s)
{
	buf_reset(b);
	buf_grow(b, strlen(s));
	while (*s != '\0') {
		const char *amp = strchr(s, '&');

		if (amp == NULL) {
			buf_adds(b, s);
			break;
		}
		buf_add(b, s, (size_t)(amp - s));
		if (strncmp(amp, "&amp;", 5) == 0) {
			buf_addc(b, '&');
			s = amp + 5;
		} else if (strncmp(amp, "&lt;", 4) == 0) {
			buf_addc(b, '<');
			s = amp + 4;
		} else if (strncmp(amp, "&gt;", 4) == 0) {
			buf_addc(b, '>');
			s = amp + 4;
		} else {
			buf_addc(b, '&');
			s = amp + 1;
		}
	}
}

static int
need_str(const cJSON *o, const char *key, const char **out,
    struct cs_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (v == NULL || cJSON_IsNull(v)) {
		cs_seterr(err, "missing field '%s'", key);
		return -1;
	}
	if (!cJSON_IsString(v)) {
		cs_seterr(err, "field '%s' is not a string", key);
		return -1;
	}
	if (v->valuestring[0] == '\0') {
		cs_seterr(err, "empty field '%s'", key);
		return -1;
	}
	*out = v->valuestring;
	return 0;
}

/*
 * Map tweet t to rec.  user is the author's user object, or NULL when
 * unknown.  The strings point into t, user and x's buffers.
 */
static int
map_tweet(struct x_import *x, const cJSON *t, const cJSON *user,
    struct import_record *rec, struct cs_error *err)
{
	const char *id, *text, *created, *conv, *parent = NULL, *handle;
	const cJSON *refs, *ref, *pm, *v;
	time_t when;
	char s[64];

	if (!cJSON_IsObject(t)) {
		cs_seterr(err, "not an object");
		return -1;
	}
	if (need_str(t, "id", &id, err) == -1 ||
	    need_str(t, "text", &text, err) == -1 ||
	    need_str(t, "created_at", &created, err) == -1)
		return -1;
	if (time_parse(created, &when) == -1) {
		subject(s, sizeof(s), created, strlen(created));
		cs_seterr(err, "bad created_at '%s'", s);
		return -1;
	}
	import_record_init(rec);
	set_cstr(&rec->id, id);
	set_cstr(&rec->network, "x");
	rec->created = when;
	refs = cJSON_GetObjectItemCaseSensitive(t, "referenced_tweets");
	cJSON_ArrayForEach(ref, refs) {
		const char *type = jstr(ref, "type");

		if (type != NULL && strcmp(type, "replied_to") == 0) {
			parent = jstr(ref, "id");
			break;
		}
	}
	set_cstr(&rec->in_reply_to, parent);
	conv = jstr(t, "conversation_id");
	set_cstr(&rec->conversation_id, conv != NULL ? conv :
	    parent != NULL ? parent : id);
	set_cstr(&rec->author_id, jstr(t, "author_id"));
	if (!cJSON_IsObject(user))
		user = NULL;
	handle = jstr(user, "username");
	if (rec->author_id.s == NULL)
		set_cstr(&rec->author_id, jstr(user, "id"));
	set_cstr(&rec->author_handle, handle);
	set_cstr(&rec->author_name, jstr(user, "name"));
	pm = cJSON_GetObjectItemCaseSensitive(user, "public_metrics");
	rec->followers = jcount(pm, "followers_count");
	v = cJSON_GetObjectItemCaseSensitive(user, "verified");
	rec->verified = cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
	unescape_text(&x->text, text);
	rec->text.s = x->text.s;
	rec->text.len = x->text.len;
	set_cstr(&rec->lang, jstr(t, "lang"));
	buf_reset(&x->url);
	buf_adds(&x->url, "https://x.com/");
	buf_adds(&x->url, handle != NULL ? handle : "i/web");
	buf_adds(&x->url, "/status/");
	buf_adds(&x->url, id);
	rec->url.s = x->url.s;
	rec->url.len = x->url.len;
	pm = cJSON_GetObjectItemCaseSensitive(t, "public_metrics");
	rec->metrics[IMPORT_REPOSTS] = jcount(pm, "retweet_count");
	rec->metrics[IMPORT_REPLIES] = jcount(pm, "reply_count");
	rec->metrics[IMPORT_LIKES] = jcount(pm, "like_count");
	rec->metrics[IMPORT_QUOTES] = jcount(pm, "quote_count");
	set_cstr(&rec->account, x->account);
	set_cstr(&rec->direction, x->account != NULL && handle != NULL &&
	    strcasecmp(handle, x->account) == 0 ? "out" : "in");
	return 0;
}

static int
is_page(const cJSON *root)
{
	static const char *const keys[] = { "data", "includes", "meta",
	    "errors" };
	size_t i;

	for (i = 0; i < CS_NELEM(keys); i++) {
		if (cJSON_GetObjectItemCaseSensitive(root, keys[i]) != NULL)
			return 1;
	}
	return 0;
}

/* The author of tweet t in a page. */
static const cJSON *
page_user(const struct x_import *x, const cJSON *t)
{
	const char *aid = jstr(t, "author_id");

	return aid != NULL ? find_user(x, aid) : NULL;
}

static int
map_page(struct x_import *x, const cJSON *root,
    int (*emit)(void *, const struct import_record *), void *arg,
    struct cs_error *err)
{
	const cJSON *data, *t, *inc;
	struct import_record rec;
	struct cs_error e;
	int i, n = 0;

	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (data == NULL || cJSON_IsNull(data))
		return 0;
	if (!cJSON_IsArray(data) && !cJSON_IsObject(data)) {
		cs_seterr(err, "field 'data' is not an array");
		return -1;
	}
	inc = cJSON_GetObjectItemCaseSensitive(root, "includes");
	index_users(x, cJSON_GetObjectItemCaseSensitive(inc, "users"));
	if (cJSON_IsObject(data)) {
		if (map_tweet(x, data, page_user(x, data), &rec, &e) == -1) {
			cs_seterr(err, "data: %s", e.msg);
			return -1;
		}
		emit(arg, &rec);
		return 1;
	}
	/* Check every tweet first: a page is taken whole or not at all. */
	i = 0;
	cJSON_ArrayForEach(t, data) {
		if (map_tweet(x, t, page_user(x, t), &rec, &e) == -1) {
			cs_seterr(err, "data[%d]: %s", i, e.msg);
			return -1;
		}
		i++;
	}
	cJSON_ArrayForEach(t, data) {
		map_tweet(x, t, page_user(x, t), &rec, &e);
		n++;
		if (emit(arg, &rec) != 0)
			break;
	}
	return n;
}

int
x_import_line(struct x_import *x, const char *line, size_t len,
    int (*emit)(void *, const struct import_record *), void *arg,
    struct cs_error *err)
{
	struct import_record rec;
	cJSON *root;
	int n;

	if (ndjson_check(line, len, &x->shape, err) == -1)
		return -1;
	root = cJSON_ParseWithLength(line, len);
	if (root == NULL) {
		cs_seterr(err, "invalid JSON");
		return -1;
	}
	if (is_page(root)) {
		if (!(x->accept & X_PAGE)) {
			cs_seterr(err, "not a tweet");
			n = -1;
		} else
			n = map_page(x, root, emit, arg, err);
	} else if (!(x->accept & X_TWEET)) {
		cs_seterr(err, "not an X API page");
		n = -1;
	} else if (map_tweet(x, root, cJSON_GetObjectItemCaseSensitive(root,
	    "author"), &rec, err) == -1)
		n = -1;
	else {
		emit(arg, &rec);
		n = 1;
	}
	cJSON_Delete(root);
	return n;
}

enum import_format
import_detect(const char *line, size_t len)
{
	static const char *const need[] = { "tweet_id", "author_id",
	    "inbound", "created_at" };
	struct csv_reader r;
	struct cs_error e;
	size_t i, k, found = 0;

	i = len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t' ||
	    line[i] == '\r'))
		i++;
	if (i < len && line[i] == '{')
		return IMPORT_TWARC;
	csv_memopen(&r, line, len, "-", len + 1);
	if (csv_next(&r, &e) == CSV_ROW) {
		for (k = 0; k < CS_NELEM(need); k++) {
			for (i = 0; i < r.nfields; i++) {
				if (field_is(&r.fields[i], need[k])) {
					found++;
					break;
				}
			}
		}
	}
	csv_close(&r);
	return found == CS_NELEM(need) ? IMPORT_TWCS : IMPORT_UNKNOWN;
}
