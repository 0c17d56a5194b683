/*
 * ndjson: bounded line reader and byte-level validation of object lines.
 * See ndjson.h for the contract.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "ndjson.h"
#include "util.h"

#define NDJSON_CHUNK	(64 * 1024)

static void
reader_init(struct ndjson_reader *r, int fd, const char *name, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->max_line = max ? max : NDJSON_MAX_LINE;
	r->cap = r->max_line + NDJSON_CHUNK + 1;
	r->buf = xmalloc(r->cap);
}

int
ndjson_open(struct ndjson_reader *r, const char *path, size_t max,
    struct cs_error *err)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		ndjson_fdopen(r, STDIN_FILENO, "<stdin>", max);
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	reader_init(r, fd, path, max);
	r->own_fd = 1;
	return 0;
}

void
ndjson_fdopen(struct ndjson_reader *r, int fd, const char *name, size_t max)
{
	reader_init(r, fd, name, max);
}

void
ndjson_close(struct ndjson_reader *r)
{
	if (r->own_fd && r->fd != -1)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
	r->fd = -1;
}

/*
 * Read more bytes after r->end, compacting the buffer first.  Returns the
 * number of bytes read, 0 at end of file, -1 on error.
 */
static ssize_t
fill(struct ndjson_reader *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->before_block != NULL) {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };

		/*
		 * Flush downstream only when no input is waiting: in a bulk
		 * run the output stays buffered, in `tail -f` every line is
		 * answered before we sleep.
		 */
		if (poll(&pfd, 1, 0) == 0)
			r->before_block(r->before_block_arg);
	}
	do {
		n = read(r->fd, r->buf + r->end, r->cap - 1 - r->end);
	} while (n == -1 && errno == EINTR);
	if (n > 0)
		r->end += (size_t)n;
	else if (n == 0)
		r->eof = 1;
	return n;
}

enum ndjson_status
ndjson_next(struct ndjson_reader *r, char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		char *p = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(p + scanned, '\n', avail - scanned);

		if (nl != NULL) {
			size_t n = (size_t)(nl - p);

			r->lineno++;
			*line = p;
			if (n > r->max_line) {
				/* The whole line is here but over the cap. */
				*len = r->max_line;
				r->start += r->max_line;
				return NDJSON_TOOLONG;
			}
			*nl = '\0';
			*len = n;
			r->start += n + 1;
			return NDJSON_LINE;
		}
		if (avail > r->max_line) {
			r->lineno++;
			*line = p;
			*len = r->max_line;
			r->start += r->max_line;
			return NDJSON_TOOLONG;
		}
		if (r->eof) {
			if (avail == 0)
				return NDJSON_EOF;
			/* A last line without a newline. */
			r->lineno++;
			p[avail] = '\0';
			*line = p;
			*len = avail;
			r->start = r->end;
			return NDJSON_LINE;
		}
		if (fill(r) == -1)
			return NDJSON_IOERR;
		scanned = avail;
	}
}

int
ndjson_skip_line(struct ndjson_reader *r, FILE *copy)
{
	for (;;) {
		char *p = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(p, '\n', avail);
		size_t n = nl != NULL ? (size_t)(nl - p) : avail;

		if (copy != NULL && n > 0)
			fwrite(p, 1, n, copy);
		if (nl != NULL) {
			r->start += n + 1;
			return 0;
		}
		r->start = r->end = 0;
		if (r->eof)
			return 0;
		switch (fill(r)) {
		case -1:
			return -1;
		case 0:
			return 0;
		default:
			break;
		}
	}
}

void
ndjson_shape_release(struct ndjson_shape *s)
{
	free(s->members);
	memset(s, 0, sizeof(*s));
}

static void
add_member(struct ndjson_shape *s, size_t key, size_t key_len)
{
	struct ndjson_member *m;

	if (s->nmembers == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->members = xreallocarray(s->members, s->cap,
		    sizeof(*s->members));
	}
	m = &s->members[s->nmembers++];
	m->key = key;
	m->key_len = key_len;
	m->value = m->end = 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The validating scanner.  It checks the whole line against the JSON
 * grammar (RFC 8259) without building anything, so the tools can parse
 * only the members they read, and records where the top-level members
 * lie.  It is recursive descent, bounded by NDJSON_MAX_DEPTH.
 */
struct scan {
	const unsigned char	*p;
	size_t			 len, i;
	struct ndjson_shape	*shape;
	struct cs_error		*err;
};

/* Bytes that end a run of plain string content. */
static unsigned char string_stop[256];

static void
init_tables(void)
{
	int c;

	for (c = 0; c < 0x20; c++)
		string_stop[c] = 1;
	string_stop['"'] = 1;
	string_stop['\\'] = 1;
	for (c = 0x80; c < 0x100; c++)
		string_stop[c] = 1;
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
skip_ws(struct scan *sc)
{
	while (sc->i < sc->len && is_ws(sc->p[sc->i]))
		sc->i++;
}

/* Report the byte at sc->i as unexpected, naming what is wrong with it. */
static int
bad(struct scan *sc, const char *what)
{
	size_t at = sc->i + 1;

	if (sc->i >= sc->len)
		cs_seterr(sc->err, "invalid JSON at byte %zu: unexpected end "
		    "of line", sc->len + 1);
	else if (sc->p[sc->i] == '\0')
		cs_seterr(sc->err, "NUL byte at byte %zu", at);
	else if (sc->p[sc->i] >= 0x80 &&
	    utf8_seq(sc->p + sc->i, sc->len - sc->i) == 0)
		cs_seterr(sc->err, "invalid UTF-8 at byte %zu", at);
	else if (what != NULL)
		cs_seterr(sc->err, "invalid JSON at byte %zu: %s", at, what);
	else
		cs_seterr(sc->err, "invalid JSON at byte %zu", at);
	return -1;
}

static long
hex4(const unsigned char *p, size_t n)
{
	long v = 0;
	size_t k;

	if (n < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		int h = hexval(p[k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static int
scan_string(struct scan *sc)
{
	const unsigned char *p = sc->p;
	size_t i = sc->i + 1, len = sc->len;

	for (;;) {
		unsigned char c;

		while (i < len && !string_stop[p[i]])
			i++;
		if (i >= len) {
			sc->i = len;
			return bad(sc, NULL);
		}
		c = p[i];
		if (c == '"') {
			sc->i = i + 1;
			return 0;
		}
		if (c >= 0x80) {
			size_t n = utf8_seq(p + i, len - i);

			if (n == 0) {
				sc->i = i;
				return bad(sc, NULL);
			}
			i += n;
			continue;
		}
		if (c != '\\') {
			sc->i = i;
			return bad(sc, "control character in a string");
		}
		if (i + 1 >= len) {
			sc->i = len;
			return bad(sc, NULL);
		}
		switch (p[i + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			i += 2;
			break;
		case 'u': {
			long cp = hex4(p + i + 2, len - i - 2);

			if (cp < 0) {
				sc->i = i;
				return bad(sc, "bad \\u escape");
			}
			if (cp == 0) {
				cs_seterr(sc->err, "\\u0000 escape at byte %zu "
				    "not supported", i + 1);
				return -1;
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				sc->i = i;
				return bad(sc, "lone surrogate \\u escape");
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				long lo = i + 12 <= len && p[i + 6] == '\\' &&
				    p[i + 7] == 'u' ? hex4(p + i + 8, 4) : -1;

				if (lo < 0xdc00 || lo > 0xdfff) {
					sc->i = i;
					return bad(sc, "lone surrogate \\u "
					    "escape");
				}
				i += 6;
			}
			i += 6;
			break;
		}
		default:
			sc->i = i;
			return bad(sc, "bad escape");
		}
	}
}

static int
digits1(struct scan *sc)
{
	size_t start = sc->i;

	while (sc->i < sc->len && sc->p[sc->i] >= '0' && sc->p[sc->i] <= '9')
		sc->i++;
	return sc->i > start ? 0 : bad(sc, "bad number");
}

static int
scan_number(struct scan *sc)
{
	if (sc->p[sc->i] == '-')
		sc->i++;
	if (sc->i < sc->len && sc->p[sc->i] == '0')
		sc->i++;
	else if (digits1(sc) == -1)
		return -1;
	if (sc->i < sc->len && sc->p[sc->i] == '.') {
		sc->i++;
		if (digits1(sc) == -1)
			return -1;
	}
	if (sc->i < sc->len && (sc->p[sc->i] == 'e' || sc->p[sc->i] == 'E')) {
		sc->i++;
		if (sc->i < sc->len && (sc->p[sc->i] == '+' ||
		    sc->p[sc->i] == '-'))
			sc->i++;
		if (digits1(sc) == -1)
			return -1;
	}
	return 0;
}

static int
scan_word(struct scan *sc, const char *w, size_t n)
{
	if (sc->len - sc->i < n || memcmp(sc->p + sc->i, w, n) != 0)
		return bad(sc, NULL);
	sc->i += n;
	return 0;
}

static int scan_value(struct scan *, int);

static int
scan_container(struct scan *sc, int depth)
{
	int object = sc->p[sc->i] == '{';
	unsigned char close = object ? '}' : ']';

	if (depth > NDJSON_MAX_DEPTH) {
		cs_seterr(sc->err, "nesting deeper than %d levels",
		    NDJSON_MAX_DEPTH);
		return -1;
	}
	sc->i++;
	skip_ws(sc);
	if (sc->i < sc->len && sc->p[sc->i] == close) {
		sc->i++;
		return 0;
	}
	for (;;) {
		if (object) {
			size_t key = sc->i;

			if (sc->i >= sc->len || sc->p[sc->i] != '"')
				return bad(sc, "expected a key");
			if (scan_string(sc) == -1)
				return -1;
			if (depth == 1)
				add_member(sc->shape, key, sc->i - key - 2);
			skip_ws(sc);
			if (sc->i >= sc->len || sc->p[sc->i] != ':')
				return bad(sc, "expected ':'");
			sc->i++;
			skip_ws(sc);
			if (depth == 1)
				sc->shape->members[sc->shape->nmembers - 1]
				    .value = sc->i;
		}
		if (scan_value(sc, depth) == -1)
			return -1;
		if (object && depth == 1)
			sc->shape->members[sc->shape->nmembers - 1].end = sc->i;
		skip_ws(sc);
		if (sc->i < sc->len && sc->p[sc->i] == ',') {
			sc->i++;
			skip_ws(sc);
			continue;
		}
		if (sc->i < sc->len && sc->p[sc->i] == close) {
			sc->i++;
			return 0;
		}
		return bad(sc, object ? "expected ',' or '}'" :
		    "expected ',' or ']'");
	}
}

static int
scan_value(struct scan *sc, int depth)
{
	if (sc->i >= sc->len)
		return bad(sc, NULL);
	switch (sc->p[sc->i]) {
	case '{':
	case '[':
		return scan_container(sc, depth + 1);
	case '"':
		return scan_string(sc);
	case 't':
		return scan_word(sc, "true", 4);
	case 'f':
		return scan_word(sc, "false", 5);
	case 'n':
		return scan_word(sc, "null", 4);
	default:
		if (sc->p[sc->i] == '-' ||
		    (sc->p[sc->i] >= '0' && sc->p[sc->i] <= '9'))
			return scan_number(sc);
		return bad(sc, NULL);
	}
}

int
ndjson_check(const char *line, size_t len, struct ndjson_shape *s,
    struct cs_error *err)
{
	struct scan sc = { (const unsigned char *)line, len, 0, s, err };

	if (!string_stop['"'])
		init_tables();
	s->nmembers = 0;
	s->close = 0;
	skip_ws(&sc);
	if (sc.i == len || line[sc.i] != '{') {
		cs_seterr(err, "not a JSON object");
		return -1;
	}
	if (scan_container(&sc, 1) == -1)
		return -1;
	s->close = sc.i - 1;
	skip_ws(&sc);
	if (sc.i < len)
		return bad(&sc, "text after the object");
	return 0;
}

/* Read 4 hex digits at p; -1 if they are not. */
static long
hex4s(const char *p)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval((unsigned char)p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * Does the raw JSON key (n bytes, escapes and all) spell key?  Escapes
 * are decoded, so "pr\u0069ority" is "priority", as the parser sees it.
 */
static int
key_equal(const char *raw, size_t n, const char *key)
{
	size_t i = 0;
	const unsigned char *k = (const unsigned char *)key;

	while (i < n) {
		unsigned char enc[4];
		size_t elen = 1, j;
		long cp;

		if (raw[i] != '\\') {
			if (*k++ != (unsigned char)raw[i++])
				return 0;
			continue;
		}
		if (i + 1 >= n)
			return 0;
		switch (raw[i + 1]) {
		case 'b': enc[0] = '\b'; i += 2; break;
		case 'f': enc[0] = '\f'; i += 2; break;
		case 'n': enc[0] = '\n'; i += 2; break;
		case 'r': enc[0] = '\r'; i += 2; break;
		case 't': enc[0] = '\t'; i += 2; break;
		case 'u':
			if (i + 6 > n || (cp = hex4s(raw + i + 2)) < 0)
				return 0;
			i += 6;
			if (cp >= 0xd800 && cp < 0xdc00) {
				long lo;

				if (i + 6 > n || raw[i] != '\\' ||
				    raw[i + 1] != 'u' ||
				    (lo = hex4s(raw + i + 2)) < 0xdc00 ||
				    lo > 0xdfff)
					return 0;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			}
			if (cp < 0x80)
				enc[0] = (unsigned char)cp;
			else if (cp < 0x800) {
				enc[0] = (unsigned char)(0xc0 | cp >> 6);
				enc[1] = (unsigned char)(0x80 | (cp & 0x3f));
				elen = 2;
			} else if (cp < 0x10000) {
				enc[0] = (unsigned char)(0xe0 | cp >> 12);
				enc[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
				enc[2] = (unsigned char)(0x80 | (cp & 0x3f));
				elen = 3;
			} else {
				enc[0] = (unsigned char)(0xf0 | cp >> 18);
				enc[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
				enc[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
				enc[3] = (unsigned char)(0x80 | (cp & 0x3f));
				elen = 4;
			}
			break;
		default:
			/* \" \\ \/ stand for themselves. */
			enc[0] = (unsigned char)raw[i + 1];
			i += 2;
			break;
		}
		for (j = 0; j < elen; j++) {
			if (*k++ != enc[j])
				return 0;
		}
	}
	return *k == '\0';
}

const struct ndjson_member *
ndjson_member(const struct ndjson_shape *s, const char *line, const char *key)
{
	size_t i, klen = strlen(key);

	for (i = 0; i < s->nmembers; i++) {
		const struct ndjson_member *m = &s->members[i];
		const char *raw = line + m->key + 1;

		if (m->key_len == klen && memcmp(raw, key, klen) == 0)
			return m;
		if (m->key_len > klen && memchr(raw, '\\', m->key_len) &&
		    key_equal(raw, m->key_len, key))
			return m;
	}
	return NULL;
}
