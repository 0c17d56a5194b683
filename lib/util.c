/*
 * util: allocation wrappers that never return NULL, the growable buffer,
 * and cs_seterr.
 */
#include "compat.h"

#include <errno.h>
#include <stdarg.h>

#include "util.h"

static void
nomem(void)
{
	static const char m[] = "cs: out of memory\n";

	fwrite(m, 1, sizeof(m) - 1, stderr);
	abort();
}

void
cs_seterr(struct cs_error *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		nomem();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		nomem();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	void *q = reallocarray(p, n ? n : 1, size ? size : 1);

	if (q == NULL)
		nomem();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		nomem();
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void
buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
buf_release(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need < b->len)
		nomem();
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->s = xreallocarray(b->s, b->cap, 1);
	b->s[b->len] = '\0';
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/*
 * Length of the UTF-8 sequence at p (at most n bytes), or 0 if it is not
 * a valid, shortest-form encoding of a scalar value.
 */
size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c < 0xe0) {
		if (n < 2 || (p[1] & 0xc0) != 0x80)
			return 0;
		return 2;
	}
	if (c < 0xf0) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;		/* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0;		/* surrogate */
		return 3;
	}
	if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
	    (p[3] & 0xc0) != 0x80)
		return 0;
	if (c == 0xf0 && p[1] < 0x90)
		return 0;			/* overlong */
	if (c == 0xf4 && p[1] >= 0x90)
		return 0;			/* above U+10FFFF */
	return 4;
}

void
buf_add_json_string(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run, n;

	buf_grow(b, len + 2);
	buf_addc(b, '"');
	for (i = 0; i < len; i = run) {
		unsigned char c;

		/* Copy the longest run that needs no escaping in one go. */
		for (run = i; run < len; run++) {
			c = (unsigned char)s[run];
			if (c < 0x20 || c == '"' || c == '\\')
				break;
			if (c >= 0x80) {
				if ((n = utf8_seq((const unsigned char *)s +
				    run, len - run)) == 0)
					break;
				run += n - 1;
			}
		}
		if (run > i)
			buf_add(b, s + i, run - i);
		if (run == len)
			break;
		c = (unsigned char)s[run++];
		if (c >= 0x80) {
			/* Not UTF-8: U+FFFD, so the line stays valid. */
			buf_adds(b, "\xef\xbf\xbd");
			continue;
		}
		buf_addc(b, '\\');
		switch (c) {
		case '"':
		case '\\':
			buf_addc(b, c);
			break;
		case '\n':
			buf_addc(b, 'n');
			break;
		case '\r':
			buf_addc(b, 'r');
			break;
		case '\t':
			buf_addc(b, 't');
			break;
		case '\b':
			buf_addc(b, 'b');
			break;
		case '\f':
			buf_addc(b, 'f');
			break;
		default:
			buf_adds(b, "u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
			break;
		}
	}
	buf_addc(b, '"');
}

int
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
slurp(const char *path, size_t max, struct buf *b, struct cs_error *err)
{
	FILE *fp;
	char chunk[16384];
	size_t n;
	int stdin_ = strcmp(path, "-") == 0;

	buf_reset(b);
	fp = stdin_ ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len + n > max) {
			cs_seterr(err, "%s: larger than %zu bytes", path, max);
			if (!stdin_)
				fclose(fp);
			return -1;
		}
		buf_add(b, chunk, n);
	}
	if (ferror(fp)) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		if (!stdin_)
			fclose(fp);
		return -1;
	}
	if (!stdin_)
		fclose(fp);
	if (b->s == NULL)
		buf_grow(b, 0);
	return 0;
}
