/*
 * util: allocation that cannot fail (it aborts the process with a message
 * on out-of-memory, as jq and sbase do), and small string helpers.
 */
#ifndef CS_UTIL_H
#define CS_UTIL_H

#include "compat.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* printf into a new string; free with free(). */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer, always NUL-terminated.  buf_init allocates
 * nothing; buf_release frees the contents and leaves an empty buffer.
 */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	buf_init(struct buf *);
void	buf_release(struct buf *);
void	buf_reset(struct buf *);
void	buf_grow(struct buf *, size_t extra);
void	buf_add(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_addc(struct buf *, int);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Append s as a JSON string literal, quotes included.  A byte that is not
 * part of valid UTF-8 is written as U+FFFD, so the result is always valid
 * JSON text for ndjson_check.
 */
void	buf_add_json_string(struct buf *, const char *s, size_t len);
/*
 * Length of the UTF-8 sequence at p (at most n bytes), or 0 if it is not
 * a valid, shortest-form encoding of a scalar value.
 */
size_t	utf8_seq(const unsigned char *p, size_t n);

/*
 * Read a whole file (path "-" is standard input) into b, replacing its
 * contents.  A file over max bytes is an error.  Returns 0, or -1 with
 * "path: reason" in err.
 */
int	slurp(const char *path, size_t max, struct buf *b, struct cs_error *);

/* Case-sensitive string equality, NULL-safe. */
int	streq(const char *, const char *);

#endif
