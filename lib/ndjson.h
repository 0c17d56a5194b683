/*
 * ndjson: the streaming layer every tool shares.
 *
 * A reader hands out one line at a time from a file descriptor, with the
 * file's name and the line's number for diagnostics, and never holds more
 * than max_line bytes of one line: a longer line is reported as
 * NDJSON_TOOLONG and the rest of it can be skipped (and copied verbatim,
 * for --rejects) with ndjson_skip_line.
 *
 * Before a read(2) that would block, the reader calls its before_block
 * hook (the filter flushes its output and commits its state there), so
 * `tail -f | cs-classify` answers every line at once, yet a bulk run reads
 * and writes in large blocks.
 *
 * ndjson_check validates a line completely without building anything:
 * the JSON grammar (RFC 8259), UTF-8, no NUL byte, no \u0000 escape (cJSON
 * cannot hold one), no lone surrogate escape, nesting depth; and it
 * records where each top-level member of the object lies, so a tool
 * parses only the members it reads and replaces or appends its own key,
 * passing every other byte through untouched.
 */
#ifndef CS_NDJSON_H
#define CS_NDJSON_H

#include "compat.h"

#define NDJSON_MAX_LINE		(1024 * 1024)
#define NDJSON_MAX_DEPTH	64

enum ndjson_status {
	NDJSON_LINE,		/* *line, *len set; line is NUL-terminated */
	NDJSON_EOF,
	NDJSON_TOOLONG,		/* *line, *len hold the first max_line bytes */
	NDJSON_IOERR		/* errno is set */
};

struct ndjson_reader {
	int		 fd;
	int		 own_fd;
	const char	*name;		/* "<stdin>" for standard input */
	unsigned long	 lineno;	/* number of the line last returned */
	size_t		 max_line;
	char		*buf;
	size_t		 cap, start, end;
	int		 eof;
	void		(*before_block)(void *);
	void		*before_block_arg;
};

/*
 * Open path ("-" or NULL is standard input) for reading.  The reader keeps
 * a pointer to name, which must outlive it.  Returns -1 and fills err if
 * the file cannot be opened.
 */
int	ndjson_open(struct ndjson_reader *, const char *path, size_t max_line,
	    struct cs_error *);
/* Same over an open descriptor, which the reader does not close. */
void	ndjson_fdopen(struct ndjson_reader *, int fd, const char *name,
	    size_t max_line);
void	ndjson_close(struct ndjson_reader *);

/*
 * Return the next line without its newline (a final line without one is
 * returned too).  The line stays valid until the next call.
 */
enum ndjson_status ndjson_next(struct ndjson_reader *, char **line,
	    size_t *len);

/*
 * After NDJSON_TOOLONG: discard the rest of the line, writing it to copy
 * unless copy is NULL.  Returns -1 on a read error.
 */
int	ndjson_skip_line(struct ndjson_reader *, FILE *copy);

/* One top-level member of an object line: byte offsets into the line. */
struct ndjson_member {
	size_t	key;		/* the opening quote of the key */
	size_t	key_len;	/* the key's raw bytes, without quotes */
	size_t	value;		/* first byte of the value */
	size_t	end;		/* one past the last byte of the value */
};

struct ndjson_shape {
	struct ndjson_member	*members;
	size_t			 nmembers, cap;
	size_t			 close;		/* offset of the final '}' */
};

void	ndjson_shape_release(struct ndjson_shape *);

/*
 * Validate line as one JSON object (grammar, UTF-8, NUL bytes, \u0000,
 * lone surrogates, nesting, nothing after the object) and record its
 * top-level members in shape.  Returns 0, or -1 with a message in err
 * ("invalid UTF-8 at byte 7", "invalid JSON at byte 9: expected ':'").
 */
int	ndjson_check(const char *line, size_t len, struct ndjson_shape *,
	    struct cs_error *);

/*
 * Find a top-level member by key in a checked line; NULL if absent.
 */
const struct ndjson_member *ndjson_member(const struct ndjson_shape *,
	    const char *line, const char *key);

#endif
