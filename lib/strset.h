/*
 * strset: a set of strings (open addressing, FNV-1a), for VIP lists and
 * the like.  Keys are copied.
 */
#ifndef CS_STRSET_H
#define CS_STRSET_H

#include "compat.h"

struct strset {
	char	**slots;
	size_t	  cap;		/* a power of two, or 0 */
	size_t	  n;
};

void	strset_init(struct strset *);
void	strset_release(struct strset *);
/*
 * Add s (len bytes, no NUL among them); returns 1 if it was new, 0 if
 * already there or if s holds a NUL byte (such a key is never a member).
 */
int	strset_add(struct strset *, const char *s, size_t len);
int	strset_has(const struct strset *, const char *s, size_t len);

#endif
