/*
 * record: one message (one NDJSON line) as the tools see it.
 *
 * The raw line is kept beside its parsed cJSON tree.  A tool reads fields
 * through the accessors below and writes its result with record_emit,
 * which copies the line byte for byte and only replaces (in place) or
 * appends the one key the tool owns (record_emit_keys: a few keys).  So unknown fields, key order, number
 * formatting and escapes all pass through untouched, and running a tool on
 * its own output gives the same output.
 *
 * Ownership: the filter driver (filter.h) owns the record and its tree;
 * a tool must not keep pointers into either after its callback returns.
 */
#ifndef CS_RECORD_H
#define CS_RECORD_H

#include <cjson/cJSON.h>

#include "compat.h"
#include "ndjson.h"
#include "util.h"

struct record {
	const char		*line;
	size_t			 len;
	struct ndjson_shape	*shape;	/* from ndjson_check */
	/*
	 * With a shape, each top-level member is parsed only when a tool
	 * first reads it, into vals[i] (shape->nmembers slots, zeroed by the
	 * driver), so a tool pays only for the fields it uses; the line was
	 * fully validated by ndjson_check already.  Without a shape (tests),
	 * root is the whole parsed object.
	 */
	cJSON			**vals;
	cJSON			*root;
	/*
	 * With a shape and vals, a memo (from the driver, empty) lets a
	 * nested path ("class.category") be read by parsing only its value
	 * out of the line instead of the whole top-level member; NULL: no
	 * memo, every member is parsed whole.  Emptied by record_release.
	 */
	struct record_memo	*memo;
};

#define RECORD_MEMO_OBJ	8	/* objects indexed per record */
#define RECORD_MEMO_MEM	128	/* their members, in all */
#define RECORD_MEMO_VAL	16	/* values parsed per record */

struct record_memo {
	/* Objects of the line indexed so far: members first..first+n-1. */
	size_t		 nobj;
	struct {
		size_t	 off;		/* the opening brace in the line */
		size_t	 first, n;
	}		 obj[RECORD_MEMO_OBJ];
	size_t		 nmem;
	struct {
		size_t	 key, klen;	/* the raw key, without quotes */
		size_t	 value, end;	/* the value's bytes */
	}		 mem[RECORD_MEMO_MEM];
	/* Values parsed so far, by their offset in the line. */
	size_t		 nval;
	struct {
		size_t	 off;
		cJSON	*v;
	}		 val[RECORD_MEMO_VAL];
};

/*
 * Free the members parsed on demand and the memo's values (not root);
 * NULL vals and memo are fine.
 */
void	record_release(struct record *);

/*
 * Field access.  The string getters return NULL when the field is absent,
 * null or not a string; the pointer lives as long as the record.
 * record_get walks a dotted path ("author.followers").
 */
const cJSON	*record_get(const struct record *, const char *path);
const char	*record_str(const struct record *, const char *path);
/* Number at path, or def when absent or not a number. */
double		 record_num(const struct record *, const char *path,
		    double def);
/* 1 or 0 for a JSON boolean at path, def otherwise. */
int		 record_bool(const struct record *, const char *path, int def);

/*
 * Check that each of the NULL-terminated list of dotted paths holds a
 * non-empty string.  Returns 0, or -1 with "missing field 'id'",
 * "field 'id' is not a string" or "field 'id' is empty" in err.
 */
int	record_require(const struct record *, const char *const *paths,
	    struct cs_error *);
/*
 * The string at path, which may be empty (a post with only media has
 * empty text); NULL with "missing field 'text'" or "field 'text' is not
 * a string" in err, the messages of record_require.  The pointer lives
 * as long as the record.
 */
const char	*record_require_str(const struct record *, const char *path,
		    struct cs_error *);

/*
 * Write the record to out with the top-level key set to the JSON text
 * value (vlen bytes), followed by a newline.  A present key is replaced
 * where it stands; an absent one is appended.  value NULL removes nothing
 * and writes the record unchanged.  Returns 0, or -1 on a write error.
 */
int	record_emit(const struct record *, const char *key, const char *value,
	    size_t vlen, FILE *out);
/* The same into a buffer (appended), for tools that hold records. */
void	record_render(const struct record *, const char *key,
	    const char *value, size_t vlen, struct buf *);

/*
 * Several top-level keys at once (a tool that owns one key and rewrites
 * another, as cs-classify --redact does with "text"): each is replaced
 * where it stands or, if absent, appended in the order given; every
 * other byte passes through.  The keys must differ (a repeated key is
 * skipped); a NULL value leaves its key as it is.  Returns 0, or -1 on
 * a write error.
 */
struct record_kv {
	const char	*key;
	const char	*value;		/* JSON text, or NULL */
	size_t		 vlen;
};

#define RECORD_MAX_KEYS	8		/* more are ignored */

int	record_emit_keys(const struct record *, const struct record_kv *,
	    size_t n, FILE *out);
/* The same into a buffer (appended), without the newline. */
void	record_render_keys(const struct record *, const struct record_kv *,
	    size_t n, struct buf *);

#endif
