/*
 * langid: language identification for short messages.
 *
 * Three kinds of evidence are added up per language, as a log-linear
 * score:
 *  - character trigrams of the words (links, handles, hashtags, numbers
 *    and emoji left out), scored against franc's profiles: a trigram
 *    ranked r of 300 in a language's profile is worth (300 - r) / 300;
 *  - distinctive words (lib/data/langid-words.txt): "amb", "és", "l'" for
 *    Catalan, "pedido", "todavía" for Spanish...;
 *  - distinctive characters: ñ ¿ ¡ (Spanish), à è ò and l·l (Catalan),
 *    ã õ (Portuguese), ß ä ö (German).
 * Scores go through a softmax; the best language's share is the
 * confidence.  The network's hint adds a small prior.  Trigrams and words
 * are capped per message, so a long text costs no more than a tweet.
 */
#include "compat.h"

#include <math.h>

#include "classify.h"
#include "data.h"
#include "util.h"

#define LANGID_PROFILE	300	/* trigrams per profile */
#define LANGID_MAXTRI	600	/* trigrams looked at per message */
#define LANGID_MAXWORDS	120	/* words looked at per message */

/* Tuned on TweetLID (evaluation only; see SOURCES.classify). */
#ifndef W_TRIGRAM		/* -D... to tune */
#define W_TRIGRAM	0.3	/* per trigram point */
#define W_WORD		1.0
#define W_HINT		1.0	/* the network's language tag */
#define W_CORE		1.0	/* prior for en, es, ca */
#define TEMPERATURE	1.0
#endif
#ifndef SKIP_MARGIN
#define SKIP_MARGIN	4.0	/* word evidence that makes trigrams moot */
#endif

static const char *const langid_codes[] = {
	"en", "es", "ca", "fr", "pt", "de", "it"
};
#define NLANG	CS_NELEM(langid_codes)

struct langid_entry {
	float	w[LANGID_MAX];
};

/*
 * A trigram's weights, quantised to 0..255: eight bytes, so the whole
 * profile stays in the first-level cache.
 */
struct langid_tri {
	uint8_t	w[LANGID_MAX];
};
#define TRI_NONE	UINT16_MAX

/* Trigrams of [a-z ] index a table directly: 27^3 entries. */
#define ASCII_TRI	(27 * 27 * 27)

struct langid {
	struct classify_map	 tri;		/* trigram -> entry */
	uint16_t		*atri;		/* ASCII trigram -> tri */
	struct langid_tri	*tri8;		/* trigram weights */
	size_t			 ntri8;
	struct classify_map	 words;		/* word -> entry */
	struct langid_entry	*ent;
	size_t			 nent, capent;
	struct buf		 scratch;
	size_t			*cps;		/* code point starts */
	size_t			 capcps;
};

static int
lang_index(const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < NLANG; i++)
		if (strlen(langid_codes[i]) == len &&
		    memcmp(langid_codes[i], code, len) == 0)
			return (int)i;
	return -1;
}

static struct langid_entry *
entry_for(struct langid *l, struct classify_map *m, const char *key,
    size_t len)
{
	uint32_t *v = classify_map_put(m, key, len);
	size_t i;

	if (*v == CLASSIFY_MAP_NONE) {
		if (l->nent == l->capent) {
			l->capent = l->capent ? l->capent * 2 : 1024;
			l->ent = xreallocarray(l->ent, l->capent,
			    sizeof(*l->ent));
		}
		for (i = 0; i < LANGID_MAX; i++)
			l->ent[l->nent].w[i] = 0;
		*v = (uint32_t)l->nent++;
	}
	return &l->ent[*v];
}

/*
 * Read "lang<TAB>key[<TAB>weight]" lines.  Trigram lines have no weight:
 * their rank is their order within the language.
 */
static int
load_table(struct langid *l, struct classify_map *m, const char *name,
    int trigrams, struct cs_error *err)
{
	const char *p, *end, *nl, *t1, *t2;
	size_t len, lineno = 0;
	int rank[LANGID_MAX] = { 0 }, li;

	if ((p = data_get(name, &len)) == NULL) {
		cs_seterr(err, "built-in table '%s' is missing", name);
		return -1;
	}
	for (end = p + len; p < end; p = nl + 1) {
		struct langid_entry *e;
		double w = 1;

		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (p == nl || *p == '#')
			continue;
		t1 = memchr(p, '\t', (size_t)(nl - p));
		if (t1 == NULL || (li = lang_index(p, (size_t)(t1 - p))) < 0) {
			cs_seterr(err, "%s:%zu: bad line", name, lineno);
			return -1;
		}
		t1++;
		t2 = memchr(t1, '\t', (size_t)(nl - t1));
		if (!trigrams) {
			char *ep;

			if (t2 == NULL) {
				cs_seterr(err, "%s:%zu: no weight", name,
				    lineno);
				return -1;
			}
			w = strtod(t2 + 1, &ep);
			if (ep != nl) {
				cs_seterr(err, "%s:%zu: bad weight", name,
				    lineno);
				return -1;
			}
		} else
			t2 = nl;
		e = entry_for(l, m, t1, (size_t)(t2 - t1));
		if (trigrams) {
			/* Rank 0 is worth 1, rank 299 almost nothing. */
			e->w[li] = (float)(LANGID_PROFILE - rank[li]) /
			    LANGID_PROFILE;
			rank[li]++;
		} else
			e->w[li] = (float)w;
	}
	return 0;
}

/* ' ' is 0, 'a' to 'z' 1 to 26, anything else negative. */
#define CODE27(c)	((c) == ' ' ? 0 : (c) >= 'a' && (c) <= 'z' ? \
			    (c) - 'a' + 1 : -64)

/* The index of a trigram of [a-z ], or -1. */
static int
ascii_tri(const char *k)
{
	int i, idx = 0, c;

	for (i = 0; i < 3; i++) {
		c = (unsigned char)k[i];
		if (c == ' ')
			c = 0;
		else if (c >= 'a' && c <= 'z')
			c = c - 'a' + 1;
		else
			return -1;
		idx = idx * 27 + c;
	}
	return idx;
}

struct langid *
langid_new(struct cs_error *err)
{
	struct langid *l = xcalloc(1, sizeof(*l));
	size_t i;

	classify_map_init(&l->tri);
	classify_map_init(&l->words);
	buf_init(&l->scratch);

	if (load_table(l, &l->tri, "langid-trigrams.txt", 1, err) == -1 ||
	    load_table(l, &l->words, "langid-words.txt", 0, err) == -1) {
		langid_free(l);
		return NULL;
	}
	/* Quantise the trigram entries; the map then points at them. */
	l->tri8 = xreallocarray(NULL, l->tri.n + 1, sizeof(*l->tri8));
	l->atri = xreallocarray(NULL, ASCII_TRI, sizeof(*l->atri));
	for (i = 0; i < ASCII_TRI; i++)
		l->atri[i] = TRI_NONE;
	for (i = 0; i < l->tri.cap; i++) {
		struct classify_map_slot *sl = &l->tri.slot[i];
		const char *k = l->tri.keys.s + sl->koff;
		size_t j;
		int idx;

		if (!sl->used)
			continue;
		for (j = 0; j < LANGID_MAX; j++)
			l->tri8[l->ntri8].w[j] =
			    (uint8_t)(l->ent[sl->val].w[j] * 255 + 0.5);
		sl->val = (uint32_t)l->ntri8++;
		if (sl->klen == 3 && (idx = ascii_tri(k)) >= 0)
			l->atri[idx] = (uint16_t)sl->val;
	}
	return l;
}

void
langid_free(struct langid *l)
{
	if (l == NULL)
		return;
	classify_map_release(&l->tri);
	classify_map_release(&l->words);
	buf_release(&l->scratch);
	free(l->ent);
	free(l->atri);
	free(l->tri8);
	free(l->cps);
	free(l);
}

static void
add_entry(double *score, const struct langid_entry *e, double w)
{
	size_t i;

	for (i = 0; i < NLANG; i++)
		score[i] += e->w[i] * w;
}

/*
 * Add up the trigram evidence over " word word ... ", letters only, as
 * franc cleans its input.
 */
static size_t
score_trigrams(struct langid *l, const struct classify_text *t,
    double *score)
{
	struct buf *b = &l->scratch;
	size_t i, j, ncp = 0, ntri = 0;
	uint32_t acc[LANGID_MAX] = { 0 };

	/* Words are at most their lower-case bytes plus a blank each. */
	buf_reset(b);
	buf_grow(b, t->lower.len + 2);
	b->s[b->len++] = ' ';
	for (i = 0; i < t->ntok && b->len < LANGID_MAXTRI * 2; i++) {
		const struct classify_tok *k = &t->tok[i];
		const char *w = t->lower.s + k->loff;
		size_t start = b->len;

		if (k->kind != CTOK_WORD || (k->flags & CTOK_HASHTAG))
			continue;
		for (j = 0; j < k->llen; j++) {
			unsigned char c = (unsigned char)w[j];

			if (c >= 0x80 || (c >= 'a' && c <= 'z'))
				b->s[b->len++] = (char)c;
		}
		if (b->len > start)
			b->s[b->len++] = ' ';
	}
	b->s[b->len] = '\0';
	if (b->len < 3)
		return 0;
	if (l->capcps < b->len + 1) {
		l->capcps = b->len + 1;
		l->cps = xreallocarray(l->cps, l->capcps, sizeof(*l->cps));
	}
	for (i = 0; i < b->len; i++)
		if (((unsigned char)b->s[i] & 0xc0) != 0x80)
			l->cps[ncp++] = i;
	l->cps[ncp] = b->len;
	for (i = 0; i + 3 <= ncp && ntri < LANGID_MAXTRI; i++) {
		const char *s = b->s + l->cps[i];
		size_t len = l->cps[i + 3] - l->cps[i];
		uint32_t v;

		if (len == 3) {
			/* [a-z ] only: index the table, no hashing. */
			int c0 = CODE27(s[0]), c1 = CODE27(s[1]);
			int c2 = CODE27(s[2]);

			if ((c0 | c1 | c2) >= 0) {
				v = l->atri[(c0 * 27 + c1) * 27 + c2];
				if (v == TRI_NONE)
					v = CLASSIFY_MAP_NONE;
			} else
				v = classify_map_get(&l->tri, s, 3,
				    classify_hash(s, 3));
		} else
			v = classify_map_get(&l->tri, s, len,
			    classify_hash(s, len));
		ntri++;
		if (v != CLASSIFY_MAP_NONE) {
			const uint8_t *w = l->tri8[v].w;

			/* Eight weights in a row: one vector add. */
			for (j = 0; j < LANGID_MAX; j++)
				acc[j] += w[j];
		}
	}
	for (j = 0; j < NLANG; j++)
		score[j] += W_TRIGRAM / 255 * acc[j];
	return ntri;
}

static int
hint_index(const char *hint)
{
	size_t n;

	if (hint == NULL)
		return -1;
	for (n = 0; hint[n] != '\0' && hint[n] != '-' && hint[n] != '_'; n++)
		continue;
	if (n == 3 && strncmp(hint, "cat", 3) == 0)
		return lang_index("ca", 2);
	if (n == 3 && strncmp(hint, "spa", 3) == 0)
		return lang_index("es", 2);
	if (n == 3 && strncmp(hint, "eng", 3) == 0)
		return lang_index("en", 2);
	return lang_index(hint, n);
}

const char *
langid_detect(struct langid *l, const struct classify_text *t,
    const char *hint, double *conf)
{
	double score[LANGID_MAX] = { 0 }, max, sum;
	size_t i, nwords = 0, best, second;
	int h;

	if (t->nletters == 0) {
		*conf = 0;
		return "und";
	}
	for (i = 0; i < t->ntok && nwords < LANGID_MAXWORDS; i++) {
		const struct classify_tok *k = &t->tok[i];
		const char *w = t->lower.s + k->loff;
		uint32_t v;

		if (k->kind != CTOK_WORD || (k->flags & CTOK_HASHTAG))
			continue;
		nwords++;
		/* "I" is English; "i" is Catalan ("and"). */
		if (k->llen == 1 && w[0] == 'i' && t->src[k->src] == 'I') {
			score[0] += 1.5 * W_WORD;
			continue;
		}
		v = classify_map_get(&l->words, w, k->llen,
		    classify_hash(w, k->llen));
		if (v != CLASSIFY_MAP_NONE)
			add_entry(score, &l->ent[v], W_WORD);
	}
	/* Characters: en es ca fr pt de it. */
	score[1] += 2.0 * t->n_ntilde + 2.0 * t->n_invq + 0.8 * t->n_acute_a;
	score[2] += 1.5 * t->n_grave + 3.0 * t->n_middot + 0.8 * t->n_cedil;
	score[3] += 0.5 * t->n_grave + 0.8 * t->n_cedil + 1.0 * t->n_circ;
	score[4] += 3.0 * t->n_tilde_ao + 0.8 * t->n_cedil +
	    0.8 * t->n_acute_a + 0.5 * t->n_circ;
	score[5] += 3.0 * t->n_eszett;
	score[6] += 0.5 * t->n_grave;
	score[0] += W_CORE;
	score[1] += W_CORE;
	score[2] += W_CORE;
	if ((h = hint_index(hint)) >= 0)
		score[h] += W_HINT;

	/*
	 * Trigrams cost the most: when the words alone leave no doubt,
	 * they are not looked at.
	 */
	best = 0;
	for (i = 1; i < NLANG; i++)
		if (score[i] > score[best])
			best = i;
	second = best == 0 ? 1 : 0;
	for (i = 0; i < NLANG; i++)
		if (i != best && score[i] > score[second])
			second = i;
	if (score[best] - score[second] < SKIP_MARGIN)
		(void)score_trigrams(l, t, score);

	best = 0;
	for (i = 1; i < NLANG; i++)
		if (score[i] > score[best])
			best = i;
	max = score[best];
	sum = 0;
	for (i = 0; i < NLANG; i++)
		sum += exp((score[i] - max) / TEMPERATURE);
	*conf = 1 / sum;
	return langid_codes[best];
}
