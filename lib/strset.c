/* strset: a set of strings.  See strset.h. */
#include "compat.h"

#include "strset.h"
#include "util.h"

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

void
strset_init(struct strset *ss)
{
	memset(ss, 0, sizeof(*ss));
}

void
strset_release(struct strset *ss)
{
	size_t i;

	for (i = 0; i < ss->cap; i++)
		free(ss->slots[i]);
	free(ss->slots);
	strset_init(ss);
}

static size_t
find(const struct strset *ss, const char *s, size_t n)
{
	size_t i = (size_t)hash(s, n) & (ss->cap - 1);

	while (ss->slots[i] != NULL && (strlen(ss->slots[i]) != n ||
	    memcmp(ss->slots[i], s, n) != 0))
		i = (i + 1) & (ss->cap - 1);
	return i;
}

int
strset_has(const struct strset *ss, const char *s, size_t n)
{
	if (memchr(s, '\0', n) != NULL)
		return 0;
	return ss->cap > 0 && ss->slots[find(ss, s, n)] != NULL;
}

int
strset_add(struct strset *ss, const char *s, size_t n)
{
	size_t i;

	if (memchr(s, '\0', n) != NULL)
		return 0;
	if ((ss->n + 1) * 2 > ss->cap) {
		struct strset bigger;

		bigger.cap = ss->cap ? ss->cap * 2 : 16;
		bigger.n = ss->n;
		bigger.slots = xcalloc(bigger.cap, sizeof(char *));
		for (i = 0; i < ss->cap; i++) {
			char *k = ss->slots[i];

			if (k != NULL)
				bigger.slots[find(&bigger, k, strlen(k))] = k;
		}
		free(ss->slots);
		*ss = bigger;
	}
	i = find(ss, s, n);
	if (ss->slots[i] != NULL)
		return 0;
	ss->slots[i] = xstrndup(s, n);
	ss->n++;
	return 1;
}
