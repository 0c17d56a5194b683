/*
 * xsort: sort output lines by a key, in bounded memory.
 *
 * Order: higher primary first, then lower secondary, then input order
 * (stable).  With top > 0 only the best top lines are kept (a heap).
 * Otherwise lines are kept in memory up to mem_limit bytes and then
 * sorted and spilled to an unlinked temporary file in $TMPDIR (or /tmp);
 * xsort_emit merges the runs.  So memory stays bounded whatever the
 * input size.
 */
#ifndef CS_XSORT_H
#define CS_XSORT_H

#include "compat.h"

struct xsort;

/* A sorter; top 0 keeps all lines.  Never fails (allocation aborts). */
struct xsort	*xsort_new(size_t mem_limit, size_t top);
/*
 * Add a line (without its newline; it must not contain one).  Returns 0,
 * or -1 with err when a spill file cannot be written.
 */
int		 xsort_add(struct xsort *, long long primary,
		    long long secondary, const char *line, size_t len,
		    struct cs_error *);
/*
 * Write every kept line in order to out, each followed by a newline.
 * Returns 0, or -1 with err on a spill-file error.  Call once.
 */
int		 xsort_emit(struct xsort *, FILE *out, struct cs_error *);
/* Number of runs spilled to disk so far. */
size_t		 xsort_runs(const struct xsort *);
void		 xsort_free(struct xsort *);

#endif
