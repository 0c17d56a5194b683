/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz share.
 *
 * Each target is one file, fuzz_NAME.c, whose entry is FUZZ_ENTRY(NAME).
 * Built with clang -fsanitize=fuzzer it is LLVMFuzzerTestOneInput (make
 * fuzz); built with FUZZ_REGRESS defined it is fuzz_NAME(), so
 * tests/unit/test_fuzz_regress.c can include every target in one
 * translation unit and replay the seed corpora and the inputs of past
 * findings (tests/fuzz/regress/NAME) in make check, under ASan in the
 * sanitizer build.  Hence every static name in a target carries the
 * target's prefix.
 *
 * A broken invariant is FUZZ_CHECK(cond): it names the file and line on
 * standard error and aborts, which libFuzzer reports as a crash and
 * saves the input.
 */
#ifndef CS_FUZZ_H
#define CS_FUZZ_H

#include "compat.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndjson.h"
#include "record.h"
#include "util.h"

#ifdef FUZZ_REGRESS
#define FUZZ_ENTRY(name)						\
	int fuzz_##name(const uint8_t *, size_t);			\
	int fuzz_##name(const uint8_t *data, size_t size)
#else
#define FUZZ_ENTRY(name)						\
	int LLVMFuzzerTestOneInput(const uint8_t *, size_t);		\
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#endif

#define FUZZ_CHECK(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

/*
 * The length of the UTF-8 sequence at s (n bytes available), or 0 when
 * it is not the shortest form of a scalar value.
 */
static inline size_t
fuzz_utf8_seq(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0], min;
	size_t k, len;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[k] & 0x3f);
	}
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

/* Whether s (len bytes) is strict UTF-8. */
static inline int
fuzz_utf8(const char *s, size_t len)
{
	size_t i, k;

	for (i = 0; i < len; i += k)
		if ((k = fuzz_utf8_seq(s + i, len - i)) == 0)
			return 0;
	return 1;
}

/* Code points of s, an invalid byte counting as one (as U+FFFD). */
static inline size_t
fuzz_cps(const char *s, size_t len)
{
	size_t i, k, n = 0;

	for (i = 0; i < len; i += k, n++)
		if ((k = fuzz_utf8_seq(s + i, len - i)) == 0)
			k = 1;
	return n;
}

/*
 * Whether s (len bytes) is one JSON value of type "{" or "[" that the
 * filters take: ndjson_check (grammar, UTF-8, no NUL) over it, an array
 * wrapped in an object.
 */
static inline int
fuzz_json(const char *s, size_t len, int type)
{
	static struct ndjson_shape shape;
	struct cs_error e;
	struct buf b;
	int ok;

	if (len == 0 || s[0] != type)
		return 0;
	buf_init(&b);
	if (type == '{')
		buf_add(&b, s, len);
	else {
		buf_adds(&b, "{\"v\":");
		buf_add(&b, s, len);
		buf_addc(&b, '}');
	}
	ok = ndjson_check(b.s, b.len, &shape, &e) == 0;
	buf_release(&b);
	return ok;
}

/*
 * One input line as the filters see it (filter.c): NUL-terminated,
 * validated by ndjson_check, members parsed on demand.
 */
struct fuzz_record {
	struct record		 r;
	struct ndjson_shape	 shape;
	char			*line;
};

static inline void
fuzz_record_close(struct fuzz_record *fr)
{
	record_release(&fr->r);
	free(fr->r.vals);
	free(fr->line);
	ndjson_shape_release(&fr->shape);
}

/*
 * 0 with fr->r ready, or -1 when the filters would reject the line: not
 * one JSON object, or without a non-empty string at each of the
 * NULL-terminated list of paths required (may be NULL).
 */
static inline int
fuzz_record_open(struct fuzz_record *fr, const uint8_t *data, size_t size,
    const char *const *required)
{
	struct cs_error e;

	memset(fr, 0, sizeof(*fr));
	fr->line = xstrndup((const char *)data, size);
	if (memchr(data, '\n', size) != NULL ||
	    ndjson_check(fr->line, size, &fr->shape, &e) == -1) {
		free(fr->line);
		ndjson_shape_release(&fr->shape);
		return -1;
	}
	fr->r.line = fr->line;
	fr->r.len = size;
	fr->r.shape = &fr->shape;
	fr->r.vals = xcalloc(fr->shape.nmembers + 1, sizeof(cJSON *));
	fr->r.root = NULL;
	if (required != NULL && record_require(&fr->r, required, &e) == -1) {
		fuzz_record_close(fr);
		return -1;
	}
	return 0;
}

/*
 * The record rendered with key set to value (JSON text, vlen bytes)
 * must be one JSON object line again.
 */
static inline void
fuzz_record_splice(const struct record *r, const char *key,
    const char *value, size_t vlen)
{

	static struct ndjson_shape shape;
	struct cs_error e;
	struct buf b;

	buf_init(&b);
	record_render(r, key, value, vlen, &b);
	FUZZ_CHECK(memchr(b.s, '\n', b.len) == NULL);
	FUZZ_CHECK(ndjson_check(b.s, b.len, &shape, &e) == 0);
	buf_release(&b);
}

#endif
