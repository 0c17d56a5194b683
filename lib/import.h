/*
 * import: archives into records (cs(7)), for `cs-fetch import`.  Nothing
 * here prints; every function that can fail returns -1 and fills a
 * struct cs_error.
 *
 * Three parts:
 *
 * - A streaming CSV reader (RFC 4180, leniently): fields separated by
 *   commas, quoted fields with "" for a quote, line feeds and carriage
 *   returns inside quotes, rows ended by LF or CRLF.  A bare CR that is
 *   not followed by LF is data, even outside quotes (the Kaggle corpus
 *   has one).  A row is bounded (max_row bytes); a longer one is reported
 *   and can be skipped.  Each row carries the physical line where it
 *   starts (lines are counted by LF) and its byte offset.
 *
 * - The mapping of the Kaggle "Customer Support on Twitter" CSV (twcs)
 *   to records, with the threads rebuilt from the id columns in a first
 *   pass over the file (struct twcs, the thread map).
 *
 * - The mapping of X API v2 response pages (raw, or as twarc2 writes
 *   them, with "__twarc") and twarc2 flattened tweets to records.  The
 *   live X fetcher can use it on the pages it receives.
 */
#ifndef CS_IMPORT_H
#define CS_IMPORT_H

#include <time.h>

#include "compat.h"
#include "ndjson.h"
#include "util.h"

/* The CSV reader. */

enum csv_status {
	CSV_ROW,	/* a row: fields, nfields, row, rowlen, lineno set */
	CSV_EOF,
	CSV_BAD,	/* a malformed row: row, rowlen, lineno and err set */
	CSV_TOOLONG,	/* row, rowlen hold the first max_row bytes */
	CSV_IOERR	/* errno is set */
};

/* A field: len bytes at s, not NUL-terminated. */
struct csv_field {
	const char	*s;
	size_t		 len;
};

struct csv_reader {
	/* Private. */
	int		 fd;
	int		 own_fd;
	const char	*mem;		/* csv_memopen */
	size_t		 memlen, mempos;
	size_t		 max_row;
	char		*buf;
	size_t		 cap, start, end;
	size_t		 scan;		/* row bytes scanned */
	unsigned long	 scanlf;	/* line feeds among them */
	int		 inq;		/* the scan is inside quotes */
	int		 eof;
	int		 skipping;	/* after CSV_TOOLONG */
	unsigned long	 nextline;
	unsigned long long pos;		/* input offset of buf[0] */
	char		*unq;		/* unescaped quoted fields */
	size_t		 unqcap, fieldcap;

	/* Public, read-only. */
	const char		*name;	/* "<stdin>": standard input */
	unsigned long		 lineno;	/* first line of the row */
	unsigned long long	 offset;	/* its first byte's offset */
	const char		*row;	/* the raw row, no LF or CRLF */
	size_t			 rowlen;
	struct csv_field	*fields;
	size_t			 nfields;
};

/*
 * Open path ("-" or NULL is standard input), keeping a pointer to name
 * (path, or "<stdin>").  max_row 0 means NDJSON_MAX_LINE.  Returns -1 and
 * fills err when the file cannot be opened.
 */
int	csv_open(struct csv_reader *, const char *path, size_t max_row,
	    struct cs_error *);
/* The same over an open descriptor, which the reader does not close. */
void	csv_fdopen(struct csv_reader *, int fd, const char *name,
	    size_t max_row);
/* The same over n bytes in memory, which must outlive the reader. */
void	csv_memopen(struct csv_reader *, const void *data, size_t n,
	    const char *name, size_t max_row);
/* Free the buffers (and close a descriptor csv_open opened). */
void	csv_close(struct csv_reader *);

/*
 * Read the next row.  Empty rows (blank lines) are skipped; a UTF-8 byte
 * order mark before the first row is dropped.  The row and its fields
 * stay valid until the next call.  CSV_BAD reasons: "unterminated quoted
 * field", "quote in unquoted field", "text after closing quote",
 * "invalid UTF-8 at byte N", "NUL byte at byte N" (N counts from 1 in
 * the row).
 */
enum csv_status csv_next(struct csv_reader *, struct cs_error *);

/*
 * After CSV_TOOLONG: read up to the end of the row (quotes respected),
 * copying its remaining bytes to copy unless copy is NULL.  Returns -1
 * on a read error.
 */
int	csv_skip_row(struct csv_reader *, FILE *copy);

/* A record being written: the core fields of cs(7). */

/* A string of len bytes at s; s NULL writes JSON null. */
struct import_str {
	const char	*s;
	size_t		 len;
};

enum {
	IMPORT_REPOSTS,
	IMPORT_REPLIES,
	IMPORT_LIKES,
	IMPORT_QUOTES,
	IMPORT_NMETRICS
};

struct import_record {
	struct import_str	 id, network, account, direction;
	time_t			 created;
	struct import_str	 conversation_id, in_reply_to;
	struct import_str	 author_id, author_handle, author_name;
	long long		 followers;	/* -1 writes null */
	int			 verified;	/* -1 writes null */
	struct import_str	 text, lang, url;
	long long		 metrics[IMPORT_NMETRICS]; /* -1: null */
};

/* Set every field to null (and created to 0). */
void	import_record_init(struct import_record *);

/*
 * Append the record as one JSON object line, newline included, to b:
 * id, network, account, direction, created_at, conversation_id,
 * in_reply_to, author {id, handle, name, followers, verified}, text,
 * lang, url, metrics {reposts, replies, likes, quotes}, in that order.
 */
void	import_render(const struct import_record *, struct buf *b);

/*
 * Parse a date in the form Twitter's v1.1 API and the twcs corpus use,
 * "Tue Oct 31 22:10:47 +0000 2017" (n bytes), into UTC.  Returns 0, or -1
 * if s is not one (a bad weekday or month name, a day the month does not
 * have, a field out of range).
 */
int	twcs_parse_date(const char *s, size_t n, time_t *);

/*
 * Parse a tweet id of n bytes: decimal digits that fit in 64 bits,
 * optionally followed by a fraction of zeros ("3.0": the corpus was
 * written by pandas, which turned the column into floats).  Returns 0,
 * or -1.
 */
int	twcs_parse_id(const char *s, size_t n, uint64_t *);

/* The twcs columns, found by name in the header row. */
enum {
	TWCS_TWEET_ID,
	TWCS_AUTHOR_ID,
	TWCS_INBOUND,
	TWCS_CREATED_AT,
	TWCS_TEXT,
	TWCS_RESPONSE_TWEET_ID,
	TWCS_IN_RESPONSE_TO,
	TWCS_NCOLS
};

struct twcs_cols {
	size_t	ncols;			/* fields in every row */
	long	col[TWCS_NCOLS];	/* field index, -1 when absent */
};

/*
 * Find the columns in the header row the reader holds.  Other columns
 * (such as the unnamed index column pandas adds) are ignored;
 * response_tweet_id and in_response_to_tweet_id may be absent.  Returns
 * -1 with "missing column 'tweet_id'" in err when a required one is.
 */
int	twcs_header(struct twcs_cols *, const struct csv_reader *,
	    struct cs_error *);

/* One checked data row; the spans point into the reader's row. */
struct twcs_row {
	uint64_t		 id;
	uint64_t		 parent;
	int			 has_parent;
	int			 inbound;
	time_t			 created;
	struct csv_field	 author, text, responses;
};

/*
 * Check the data row the reader holds and fill row.  Returns -1 with the
 * reason in err: "expected 8 fields, found 6", "bad tweet_id 'x'",
 * "empty author_id", "bad inbound 'x'" (True or False), "bad created_at
 * 'x'", "bad response_tweet_id 'x'", "bad in_response_to_tweet_id 'x'".
 */
int	twcs_parse(const struct twcs_cols *, const struct csv_reader *,
	    struct twcs_row *, struct cs_error *);

/*
 * The thread map.  Pass 1 adds every checked row in input order
 * (twcs_add), then twcs_link rebuilds the threads; pass 2 maps the same
 * rows, in the same order, to records (twcs_map with the row's number,
 * from 0).  It holds about 50 bytes per row.
 */
struct twcs;

struct twcs	*twcs_new(void);
/* Free the map; NULL is fine. */
void		 twcs_free(struct twcs *);
/* Pass 1: remember the row's id, parent and (outbound) author. */
void		 twcs_add(struct twcs *, const struct twcs_row *);
/* After pass 1: find every row's thread root and each thread's brand. */
void		 twcs_link(struct twcs *);

/*
 * Pass 2: fill rec for row k (the k-th row given to twcs_add).  The
 * strings point into row, the reader's row and the map, and stay valid
 * until the next call.  Rules (see cs-fetch(1)): conversation_id is the
 * id of the thread's root, or of the first ancestor missing from the
 * input; account is the brand: an outbound row's own author, else the
 * author of the first outbound reply listed in response_tweet_id, else
 * the parent's author when the parent is outbound, else the author of the
 * thread's first outbound row, else the first @mention in the text that
 * is not an anonymised customer (all digits), else null.  Returns -1 with
 * "duplicate tweet_id '5'" for a repeated id.
 */
int		 twcs_map(struct twcs *, size_t k, const struct twcs_row *,
		    struct import_record *, struct cs_error *);

struct twcs_stats {
	unsigned long	rows;		/* rows added */
	unsigned long	duplicates;
	unsigned long	replies;	/* with in_response_to_tweet_id */
	unsigned long	parents_found;	/* ... to a row here */
	unsigned long	parents_missing;
	unsigned long	threads;	/* distinct conversation ids */
	unsigned long	brands;		/* outbound authors */
};

/* Figures after twcs_link. */
void	twcs_stats(const struct twcs *, struct twcs_stats *);

/* X API v2 pages and twarc2 tweets. */

enum {
	X_PAGE = 1 << 0,	/* an API response page (raw or twarc2) */
	X_TWEET = 1 << 1	/* a twarc2 flattened tweet */
};

struct cJSON;

struct x_import {
	const char		*account;	/* our handle, or NULL */
	int			 accept;	/* X_PAGE | X_TWEET */
	/* Private. */
	struct ndjson_shape	 shape;
	struct buf		 url, text;
	const struct cJSON	**users;
	size_t			 nusers, usercap;
};

/*
 * account (without '@', may be NULL) is written as each record's account;
 * a tweet whose author's username equals it (ignoring case) is "out",
 * every other one "in".  accept says which kinds of line are allowed.
 */
void	x_import_init(struct x_import *, const char *account, int accept);
void	x_import_release(struct x_import *);

/*
 * Map one JSON line: a page gives a record for each tweet of its "data"
 * (an array, or one object), in order, with the author from
 * includes.users; a flattened tweet gives one record, with the author
 * from its "author".  A line is taken whole or not at all: every tweet is
 * checked before the first record is given to emit.  emit returns 0 to
 * go on, anything else to stop (the rest of the page is dropped).
 * Returns the number of records given to emit, or -1 with the reason in
 * err ("invalid JSON at byte 3", "data[2]: missing field 'created_at'",
 * "data[0]: bad created_at 'x'", "not an X API page", "not a tweet").
 */
int	x_import_line(struct x_import *, const char *line, size_t len,
	    int (*emit)(void *, const struct import_record *), void *arg,
	    struct cs_error *);

/* Formats, and the rule that tells them apart. */
enum import_format {
	IMPORT_UNKNOWN,
	IMPORT_TWCS,
	IMPORT_TWARC,		/* pages and flattened tweets */
	IMPORT_X		/* pages only */
};

/*
 * Tell the format from the first line of an input (len bytes): a line
 * whose first character other than white space (after a byte order mark)
 * is '{' is JSON (IMPORT_TWARC, which takes both kinds of line); a line
 * naming the columns tweet_id, author_id, inbound and created_at is a
 * twcs header; anything else is IMPORT_UNKNOWN.
 */
enum import_format import_detect(const char *line, size_t len);

#endif
