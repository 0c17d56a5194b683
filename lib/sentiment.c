/*
 * sentiment: VADER-style scoring (Hutto and Gilbert, 2014) over the
 * tokens of a message, with a lexicon per language.
 *
 * For each word with a valence v:
 *  - ALL CAPS in a message that is not all caps adds 0.733 to |v|;
 *  - a booster ("very", "muy", "molt") up to three words before adds its
 *    scalar (times 1, 0.95, 0.9 with distance);
 *  - a negation ("not", "no", "nunca", "mai", "gens") up to three words
 *    before multiplies v by -0.74, once however many there are, since
 *    Spanish and Catalan stack them ("no és gens bo").
 * Punctuation (, . ; : ! ?) ends the reach of negations and boosters.
 * After the first contrast word ("but", "pero", "però") words count 1.5
 * times and before it 0.5 times.  Emoji and emoticons count as they are.
 * '!' (up to 4) adds 0.292 each and '?' (2 or more) up to 0.96, in the
 * direction of the sum x, and the score is x / sqrt(x * x + 15).
 */
#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "classify.h"
#include "util.h"

#define SENT_MAXLEX	16
#define SENT_WINDOW	3
#define SENT_MAXWORDS	3	/* words in a multi-word entry */

#define B_CAPS		0.733
#define N_SCALAR	-0.74
#define ALPHA		15.0

/* Filters that spare most words a look-up. */
#define FIRST2(w)	((unsigned)(unsigned char)(w)[0] << 8 | \
			    (unsigned char)(w)[1])
#define BIT_SET(a, i)	((a)[(i) >> 3] |= (uint8_t)(1 << ((i) & 7)))
#define BIT_ISSET(a, i)	((a)[(i) >> 3] & (1 << ((i) & 7)))
#define MULTI_BIT(h)	((h) & 1023)

#define SE_VALENCE	(1 << 0)
#define SE_NEGATION	(1 << 1)
#define SE_BOOSTER	(1 << 2)
#define SE_CONTRAST	(1 << 3)

struct sent_entry {
	float	valence;
	float	boost;
	uint8_t	flags;
	uint8_t	nwords;
};

struct sent_lex {
	char			 lang[8];
	struct classify_map	 words;		/* word or "w1 w2" */
	struct classify_map	 stems;		/* stem of stem* */
	uint32_t		 stemlens;	/* bit n: a stem of n bytes */
	uint8_t			 stem2[8192];	/* first two bytes of stems */
	uint8_t			 multi[128];	/* first words of "a b" */
	int			 maxwords;
	struct sent_entry	*ent;
	size_t			 nent, capent;
};

struct sentiment {
	struct sent_lex	lex[SENT_MAXLEX];
	size_t		nlex;
};

/* One scored word, kept for the look-back window. */
struct sent_item {
	const struct sent_entry	*e;
	int			 caps;
};

struct sentiment *
sentiment_new(void)
{
	return xcalloc(1, sizeof(struct sentiment));
}

void
sentiment_free(struct sentiment *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlex; i++) {
		classify_map_release(&s->lex[i].words);
		classify_map_release(&s->lex[i].stems);
		free(s->lex[i].ent);
	}
	free(s);
}

static struct sent_lex *
lex_find(const struct sentiment *s, const char *lang)
{
	size_t i;

	for (i = 0; i < s->nlex; i++)
		if (strcmp(s->lex[i].lang, lang) == 0)
			return (struct sent_lex *)&s->lex[i];
	return NULL;
}

static struct sent_entry *
lex_entry(struct sent_lex *x, struct classify_map *m, const char *key,
    size_t len)
{
	uint32_t *v = classify_map_put(m, key, len);

	if (*v == CLASSIFY_MAP_NONE) {
		if (x->nent == x->capent) {
			x->capent = x->capent ? x->capent * 2 : 256;
			x->ent = xreallocarray(x->ent, x->capent,
			    sizeof(*x->ent));
		}
		memset(&x->ent[x->nent], 0, sizeof(x->ent[0]));
		*v = (uint32_t)x->nent++;
	}
	return &x->ent[*v];
}

/* Fold a key and squeeze its blanks; returns the number of words. */
static int
fold_key(const char *s, size_t len, struct buf *b)
{
	size_t i, j;
	int words = 0, inword = 0;

	buf_reset(b);
	classify_text_fold(s, len, b);
	/* "excel·lent" folds to "excel·lent": drop the middle dot. */
	for (i = j = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];

		if (c == 0xc2 && i + 1 < b->len &&
		    (unsigned char)b->s[i + 1] == 0xb7) {
			i++;
			continue;
		}
		if (c == ' ' || c == '\t') {
			inword = 0;
			continue;
		}
		if (!inword) {
			if (words > 0)
				b->s[j++] = ' ';
			words++;
			inword = 1;
		}
		b->s[j++] = (char)c;
	}
	b->len = j;
	b->s[j] = '\0';
	return words;
}

int
sentiment_load(struct sentiment *s, const char *lang, const char *text,
    size_t len, const char *name, struct cs_error *err)
{
	struct sent_lex *x;
	const char *p = text, *end = text + len, *nl;
	struct buf key;
	size_t lineno = 0;
	int rc = -1;

	if ((x = lex_find(s, lang)) == NULL) {
		if (s->nlex == SENT_MAXLEX || strlen(lang) >= sizeof(x->lang)) {
			cs_seterr(err, "%s: too many lexicons", name);
			return -1;
		}
		x = &s->lex[s->nlex++];
		strlcpy(x->lang, lang, sizeof(x->lang));
		classify_map_init(&x->words);
		classify_map_init(&x->stems);
	}
	buf_init(&key);
	for (; p < end; p = nl + 1) {
		const char *f[3], *q;
		size_t flen[3], nf = 0;
		struct sent_entry *e;
		double v = 0;
		char *ep;
		int words, directive = 0, stem = 0;

		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (p == nl || *p == '#' || (nl - p == 1 && *p == '\r'))
			continue;
		for (q = p; nf < 3; q++) {
			const char *t = memchr(q, '\t', (size_t)(nl - q));

			if (t == NULL)
				t = nl;
			f[nf] = q;
			flen[nf++] = (size_t)(t - q);
			q = t;
			if (t == nl)
				break;
		}
		if (flen[nf - 1] > 0 && f[nf - 1][flen[nf - 1] - 1] == '\r')
			flen[nf - 1]--;
		if (*p == '!') {
			directive = 1;
			if ((flen[0] == 9 && memcmp(p, "!negation", 9) == 0) ||
			    (flen[0] == 9 && memcmp(p, "!contrast", 9) == 0)) {
				if (nf != 2)
					goto bad;
			} else if (flen[0] == 8 &&
			    memcmp(p, "!booster", 8) == 0) {
				if (nf != 3)
					goto bad;
				v = strtod(f[2], &ep);
				if (ep != f[2] + flen[2] || flen[2] == 0 ||
				    fabs(v) > 4)
					goto badnum;
			} else {
				cs_seterr(err, "%s:%zu: unknown directive "
				    "'%.*s'", name, lineno, (int)flen[0], p);
				goto out;
			}
			words = fold_key(f[1], flen[1], &key);
		} else {
			if (nf != 2)
				goto bad;
			v = strtod(f[1], &ep);
			if (ep != f[1] + flen[1] || flen[1] == 0 || fabs(v) > 4)
				goto badnum;
			/* "stem*", but ":*" is an emoticon. */
			if (flen[0] > 1 && p[flen[0] - 1] == '*' &&
			    (isalnum((unsigned char)p[flen[0] - 2]) ||
			    (unsigned char)p[flen[0] - 2] >= 0x80)) {
				stem = 1;
				flen[0]--;
			}
			words = fold_key(p, flen[0], &key);
		}
		if (words == 0 || words > SENT_MAXWORDS ||
		    (stem && words != 1) || key.len >= 32) {
			cs_seterr(err, "%s:%zu: bad word", name, lineno);
			goto out;
		}
		if (stem) {
			if (key.len < 2) {
				cs_seterr(err, "%s:%zu: a stem needs two "
				    "letters or more", name, lineno);
				goto out;
			}
			e = lex_entry(x, &x->stems, key.s, key.len);
			x->stemlens |= 1u << key.len;
			BIT_SET(x->stem2, FIRST2(key.s));
		} else
			e = lex_entry(x, &x->words, key.s, key.len);
		e->nwords = (uint8_t)words;
		if (words > 1)
			BIT_SET(x->multi, MULTI_BIT(classify_hash(key.s,
			    strcspn(key.s, " "))));
		if (words > x->maxwords)
			x->maxwords = words;
		if (!directive) {
			e->valence = (float)v;
			e->flags |= SE_VALENCE;
		} else if (p[1] == 'n')
			e->flags |= SE_NEGATION;
		else if (p[1] == 'c')
			e->flags |= SE_CONTRAST;
		else {
			e->boost = (float)v;
			e->flags |= SE_BOOSTER;
		}
		continue;
bad:
		cs_seterr(err, "%s:%zu: expected word<TAB>valence", name,
		    lineno);
		goto out;
badnum:
		cs_seterr(err, "%s:%zu: valence must be a number from -4 to 4",
		    name, lineno);
		goto out;
	}
	rc = 0;
out:
	buf_release(&key);
	return rc;
}

/*
 * The entry for the words starting at token i, longest first; *used is
 * the number of tokens it covers.
 */
static const struct sent_entry *
lookup(const struct sent_lex *x, const struct classify_text *t, size_t i,
    size_t *used)
{
	const struct classify_tok *k = &t->tok[i];
	const char *w = CTOK_STR(t, k);
	uint32_t v;
	size_t n, j, len;

	*used = 1;
	if (x == NULL)
		return NULL;
	/* Multi-word entries: consecutive words lie "a b" in fold. */
	n = BIT_ISSET(x->multi, MULTI_BIT(k->hash)) ? (size_t)x->maxwords : 1;
	for (; n > 1; n--) {
		if (i + n > t->ntok)
			continue;
		for (j = 1; j < n; j++) {
			const struct classify_tok *a = &t->tok[i + j - 1];
			const struct classify_tok *b = &t->tok[i + j];

			if (b->kind != CTOK_WORD ||
			    b->off != a->off + a->len + 1)
				break;
		}
		if (j < n)
			continue;
		len = t->tok[i + n - 1].off + t->tok[i + n - 1].len - k->off;
		v = classify_map_get(&x->words, w, len, classify_hash(w, len));
		if (v != CLASSIFY_MAP_NONE) {
			*used = n;
			return &x->ent[v];
		}
	}
	v = classify_map_get(&x->words, w, k->len, k->hash);
	if (v != CLASSIFY_MAP_NONE)
		return &x->ent[v];
	if (x->stemlens == 0 || k->kind != CTOK_WORD || k->len < 2 ||
	    !BIT_ISSET(x->stem2, FIRST2(w)))
		return NULL;
	/* A stem covers endings of up to six bytes: "decepcion-ante". */
	for (len = k->len < 32 ? k->len : 31; len >= 3 && len + 6 >= k->len;
	    len--) {
		if (!(x->stemlens & (1u << len)))
			continue;
		v = classify_map_get(&x->stems, w, len, classify_hash(w, len));
		if (v != CLASSIFY_MAP_NONE)
			return &x->ent[v];
	}
	return NULL;
}

double
sentiment_score(const struct sentiment *s, const struct classify_text *t,
    const char *lang)
{
	const struct sent_lex *x, *emo;
	struct sent_item win[SENT_WINDOW];
	size_t i, used, nwin = 0, j;
	double pre = 0, post = 0, sum, amp;
	int contrast = 0;

	if ((x = lex_find(s, lang)) == NULL)
		x = lex_find(s, "en");
	emo = lex_find(s, "*");
	memset(win, 0, sizeof(win));
	for (i = 0; i < t->ntok; i += used) {
		const struct classify_tok *k = &t->tok[i];
		const struct sent_entry *e;
		struct sent_item it;
		double v;
		int neg = 0;

		used = 1;
		if (k->kind == CTOK_EMOJI) {
			e = lookup(emo, t, i, &used);
			if (e != NULL && (e->flags & SE_VALENCE)) {
				if (contrast)
					post += e->valence;
				else
					pre += e->valence;
			}
			continue;
		}
		if (k->kind == CTOK_PUNCT) {
			/* A clause ends the reach of "not" and "very". */
			if (k->len == 1 && strchr(",.;:!?", CTOK_STR(t, k)[0]))
				nwin = 0;
			continue;
		}
		if (k->kind != CTOK_WORD)
			continue;
		e = lookup(x, t, i, &used);
		it.e = e;
		it.caps = (k->flags & CTOK_CAPS) && t->mixedcase;
		if (e != NULL && (e->flags & SE_CONTRAST))
			contrast = 1;
		if (e != NULL && (e->flags & SE_VALENCE) &&
		    !(e->flags & (SE_BOOSTER | SE_NEGATION)) &&
		    e->valence != 0) {
			v = e->valence;
			if (it.caps)
				v += v > 0 ? B_CAPS : -B_CAPS;
			for (j = 0; j < nwin; j++) {
				/* win[nwin - 1] is the word just before. */
				const struct sent_item *p = &win[nwin - 1 - j];
				double scalar;

				if (p->e == NULL)
					continue;
				if (p->e->flags & SE_NEGATION)
					neg = 1;
				if (!(p->e->flags & SE_BOOSTER))
					continue;
				scalar = p->e->boost;
				if (v < 0)
					scalar = -scalar;
				if (p->caps)
					scalar += v > 0 ? B_CAPS : -B_CAPS;
				v += scalar * (j == 0 ? 1 :
				    j == 1 ? 0.95 : 0.9);
			}
			if (neg)
				v *= N_SCALAR;
			if (contrast)
				post += v;
			else
				pre += v;
		}
		/* English "isn't", "doesn't": any n't is a negation. */
		if (e == NULL && k->len > 3 &&
		    memcmp(CTOK_STR(t, k) + k->len - 3, "n't", 3) == 0) {
			static const struct sent_entry nt = { 0, 0,
			    SE_NEGATION, 1 };

			it.e = &nt;
		}
		if (nwin == SENT_WINDOW) {
			memmove(win, win + 1, sizeof(win[0]) * (nwin - 1));
			nwin--;
		}
		win[nwin++] = it;
	}
	sum = contrast ? pre * 0.5 + post * 1.5 : pre;
	amp = (t->nexcl > 4 ? 4 : t->nexcl) * 0.292;
	if (t->nquest > 1)
		amp += t->nquest <= 3 ? t->nquest * 0.18 : 0.96;
	if (sum > 0)
		sum += amp;
	else if (sum < 0)
		sum -= amp;
	sum = sum / sqrt(sum * sum + ALPHA);
	if (sum > 1)
		sum = 1;
	else if (sum < -1)
		sum = -1;
	return sum;
}

const char *
sentiment_label(double score)
{
	if (score >= 0.05)
		return "positive";
	if (score <= -0.05)
		return "negative";
	return "neutral";
}
