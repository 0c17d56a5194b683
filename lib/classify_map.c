/*
 * classify_map: open-addressing hash table from byte strings to 32-bit
 * values, for the lexicons, the rule vocabulary and the trigram profiles.
 * Tables are filled at start-up and then only read, so there is no
 * deletion; a value of CLASSIFY_MAP_NONE may stand for a removed entry.
 */
#include "compat.h"

#include "classify.h"
#include "util.h"

/* FNV-1a: simple, fast on short keys, good enough for word lists. */
uint32_t
classify_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

void
classify_map_init(struct classify_map *m)
{
	m->slot = NULL;
	m->cap = m->n = 0;
	buf_init(&m->keys);
}

void
classify_map_release(struct classify_map *m)
{
	free(m->slot);
	buf_release(&m->keys);
	classify_map_init(m);
}

static void
map_grow(struct classify_map *m)
{
	struct classify_map_slot *old = m->slot;
	size_t oldcap = m->cap, i, j;

	m->cap = oldcap ? oldcap * 2 : 64;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
	for (i = 0; i < oldcap; i++) {
		if (!old[i].used)
			continue;
		j = old[i].hash & (m->cap - 1);
		while (m->slot[j].used)
			j = (j + 1) & (m->cap - 1);
		m->slot[j] = old[i];
	}
	free(old);
}

uint32_t
classify_map_get(const struct classify_map *m, const char *key, size_t len,
    uint32_t hash)
{
	size_t j;

	if (m->cap == 0)
		return CLASSIFY_MAP_NONE;
	for (j = hash & (m->cap - 1); m->slot[j].used;
	    j = (j + 1) & (m->cap - 1)) {
		const struct classify_map_slot *s = &m->slot[j];

		if (s->hash == hash && s->klen == len &&
		    memcmp(m->keys.s + s->koff, key, len) == 0)
			return s->val;
	}
	return CLASSIFY_MAP_NONE;
}

uint32_t *
classify_map_put(struct classify_map *m, const char *key, size_t len)
{
	uint32_t hash = classify_hash(key, len);
	size_t j;

	/* Keep the load under one half: probes stay short. */
	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	for (j = hash & (m->cap - 1); m->slot[j].used;
	    j = (j + 1) & (m->cap - 1)) {
		struct classify_map_slot *s = &m->slot[j];

		if (s->hash == hash && s->klen == len &&
		    memcmp(m->keys.s + s->koff, key, len) == 0)
			return &s->val;
	}
	m->slot[j].used = 1;
	m->slot[j].hash = hash;
	m->slot[j].klen = (uint32_t)len;
	m->slot[j].koff = m->keys.len;
	m->slot[j].val = CLASSIFY_MAP_NONE;
	buf_add(&m->keys, key, len);
	m->n++;
	return &m->slot[j].val;
}
