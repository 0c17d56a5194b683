/*
 * langid: language identification for short, noisy messages.
 *
 * Nine languages: en es ca pt gl eu fr de it.  Only the words of a
 * message count: links and handles never reach the tokens, and hashtags,
 * numbers and emoji are passed over here.  Each language gets a score, a
 * sum of log-odds-like weights:
 *
 *  - words (lib/data/langid-words.txt, written by hand): each language's
 *    function words, verb forms and everyday words.  A word that several
 *    languages list counts less for each ("que" is in five lists, "amb"
 *    only in Catalan's).  A word is looked up as written, accents kept,
 *    then without its accents ("nao" counts as "não", a little less),
 *    then with a stretched last letter or doubled letters made single
 *    ("holaa", "boos");
 *  - the letters of the words no list has: word endings ("-ção" pt,
 *    "-ción" es gl, "-ció" ca, "-tzen" eu) and letter cues ("nh" pt,
 *    "tx" eu, "ny" ca, "ñ" es gl) from the same file, the trigrams of
 *    the lists' own words, and franc's trigram profiles
 *    (lib/data/langid-trigrams.txt, from the UDHR), where a trigram of
 *    rank r is worth log((300 + K) / (r + K)).  One word's letters can
 *    add at most W_CAP, so an odd name cannot outvote the rest;
 *  - ¿ ¡ (Spanish) and l·l (Catalan), counted by the tokeniser;
 *  - a small prior per language, and the network's language tag.
 *
 * Runs of a letter are squeezed ("siiiii" is "si") and laughter is one
 * word whatever its length ("jajaja", "kkkk", "ahahah").  Words are cheap
 * and usually decide; the letters are looked at only when the words leave
 * some doubt.  A softmax over the scores gives the confidence, the
 * probability that the answer is right; below LANGID_UND the answer is
 * "und".  Everything is looked up in tables built at start-up, and a
 * message allocates nothing.
 *
 * The weights below were set by hand and checked on TweetLID, which is
 * evaluation data only: no table here is derived from it (see
 * lib/data/SOURCES.langid).
 */
#include "compat.h"

#include <math.h>

#include "classify.h"
#include "data.h"
#include "util.h"

#define W_TRIGRAM	0.06	/* franc's profiles, per trigram */
#define TRI_K		20.0	/* flattening of franc's rank weight */
#define W_LEX		0.15	/* trigrams of the word lists */
#define LEX_NORM	1000.0	/* see list_trigrams */
#define W_CAP		3.0	/* letter evidence of one word, at most */
#define SHARE		0.4	/* discount of shared words, see share_words */
#define GL_FROM_ES	0.3	/* see castrapo: a Spanish-only spelling */
#define GL_LIKE_ES	0.5	/* see castrapo: a spelling Galician shares */
#define W_FOLDED	0.7	/* a word found only without its accents */
#define W_PLACE		0.5	/* words after a lone "@", a place's name */
#define W_HINT		2.0	/* the network's language tag */
#define W_INVQ		1.5	/* each ¿ or ¡, at most two */
#define W_MIDDOT	2.0	/* each l·l, at most two */
#define TEMPERATURE	0.8	/* of the softmax, for calibration */
#define SKIP_MARGIN	3.0	/* word evidence that makes letters moot */

#define LANGID_PROFILE	300	/* trigrams per franc profile */
#define LANGID_MAXWORDS	64	/* words looked at per message */
#define LANGID_MAXLEN	48	/* bytes of a word looked up */
#define LANGID_MAXBUF	1024	/* bytes of letters looked at */

static const char *const langid_codes[LANGID_MAX] = {
	"en", "es", "ca", "pt", "gl", "eu", "fr", "de", "it"
};
#define NLANG	LANGID_MAX
enum { EN, ES, CA, PT, GL, EU, FR, DE, IT };

/*
 * Priors, for when the words say little: most for Spanish, then English,
 * Catalan and Portuguese, the languages a shop in Spain hears most; less
 * for French, German and Italian, which a message seldom shows without
 * a word of its own.
 */
static const float prior[NLANG] = {
	0.5f, 1.3f, 0.5f, 0.4f, 0.0f, 0.0f, -0.5f, -0.5f, -0.5f
};

struct langid_vec {
	float	w[NLANG];
};

#define VEC_NONE	UINT32_MAX

/* Trigrams and pairs of [a-z ] index tables directly. */
#define ASCII_TRI	(27 * 27 * 27)
#define ASCII_BI	(27 * 27)
/* So do letters U+0080 to U+024F. */
#define UNI_LO		0x80
#define UNI_HI		0x250

struct langid {
	struct classify_map	 words;		/* word -> vec */
	struct classify_map	 folded;	/* accent-free word -> vec */
	struct classify_map	 suffix;	/* word ending -> vec */
	struct classify_map	 ngram;		/* non-ASCII cue -> vec */
	uint32_t		 sufmask;	/* ending lengths in bytes */
	uint32_t		*atri;		/* ASCII trigram -> vec */
	uint32_t		 abi[ASCII_BI];	/* ASCII pair -> vec */
	uint32_t		 auni[27];	/* ' ', 'a'..'z' -> vec */
	uint32_t		 uni[UNI_HI - UNI_LO];
	struct langid_vec	*vec;
	size_t			 nvec, capvec;
	char			*text;		/* scratch: " word word " */
};

/* ' ' is 0, 'a' to 'z' 1 to 26, anything else negative. */
#define CODE27(c)	((c) == ' ' ? 0 : (c) >= 'a' && (c) <= 'z' ? \
			    (int)(c) - 'a' + 1 : -1024)

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

/* The length of the UTF-8 sequence that starts with byte c. */
static size_t
utf8_len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Decode the code point at s (len bytes left, valid UTF-8); *n its bytes. */
static uint32_t
utf8_cp(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;

	*n = utf8_len(u[0]);
	if (*n > len) {
		*n = 1;
		return 0xfffd;
	}
	switch (*n) {
	case 1:
		return u[0];
	case 2:
		return ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
	case 3:
		return ((uint32_t)(u[0] & 0x0f) << 12) |
		    ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
	default:
		return ((uint32_t)(u[0] & 0x07) << 18) |
		    ((uint32_t)(u[1] & 0x3f) << 12) |
		    ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
	}
}

static uint32_t
vec_new(struct langid *l)
{
	if (l->nvec == l->capvec) {
		l->capvec = l->capvec ? l->capvec * 2 : 1024;
		l->vec = xreallocarray(l->vec, l->capvec, sizeof(*l->vec));
	}
	memset(&l->vec[l->nvec], 0, sizeof(l->vec[0]));
	return (uint32_t)l->nvec++;
}

/* The vector of key in m, made if new; valid until the next vec_new. */
static struct langid_vec *
map_vec(struct langid *l, struct classify_map *m, const char *key,
    size_t len)
{
	uint32_t *v = classify_map_put(m, key, len), i;

	if (*v == CLASSIFY_MAP_NONE) {
		i = vec_new(l);
		*v = i;
	}
	return &l->vec[*v];
}

/* The vector of a table slot, made if new. */
static struct langid_vec *
slot_vec(struct langid *l, uint32_t *slot)
{
	if (*slot == VEC_NONE)
		*slot = vec_new(l);
	return &l->vec[*slot];
}

/* The vector of a letter cue of one to three code points (' ' a boundary). */
static struct langid_vec *
ngram_vec(struct langid *l, const char *s, size_t len)
{
	size_t i, n, ncp = 0;
	uint32_t cp[4];
	int c[3], ascii = 1;

	for (i = 0; i < len && ncp < 4; i += n) {
		cp[ncp++] = utf8_cp(s + i, len - i, &n);
		if (cp[ncp - 1] >= 0x80)
			ascii = 0;
	}
	if (ascii) {
		for (i = 0; i < ncp && i < 3; i++)
			c[i] = CODE27(cp[i]);
		if (ncp == 1 && c[0] >= 0)
			return slot_vec(l, &l->auni[c[0]]);
		if (ncp == 2 && (c[0] | c[1]) >= 0)
			return slot_vec(l, &l->abi[c[0] * 27 + c[1]]);
		if (ncp == 3 && (c[0] | c[1] | c[2]) >= 0)
			return slot_vec(l,
			    &l->atri[(c[0] * 27 + c[1]) * 27 + c[2]]);
	} else if (ncp == 1 && cp[0] >= UNI_LO && cp[0] < UNI_HI)
		return slot_vec(l, &l->uni[cp[0] - UNI_LO]);
	return map_vec(l, &l->ngram, s, len);
}

/* franc's profiles: "lang<TAB>trigram" lines, most frequent first. */
static int
load_trigrams(struct langid *l, const char *name, struct cs_error *err)
{
	const char *p, *end, *nl, *tab;
	size_t len, lineno = 0;
	int rank[NLANG] = { 0 }, li;

	if ((p = data_get(name, &len)) == NULL) {
		cs_seterr(err, "built-in table '%s' is missing", name);
		return -1;
	}
	for (end = p + len; p < end; p = nl + 1) {
		struct langid_vec *v;

		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (p == nl || *p == '#')
			continue;
		tab = memchr(p, '\t', (size_t)(nl - p));
		li = tab == NULL ? -1 : lang_index(p, (size_t)(tab - p));
		if (li < 0 || nl - tab < 4 || nl - tab > 13 ||
		    rank[li] >= LANGID_PROFILE) {
			cs_seterr(err, "%s:%zu: bad line", name, lineno);
			return -1;
		}
		v = ngram_vec(l, tab + 1, (size_t)(nl - tab - 1));
		v->w[li] += (float)(W_TRIGRAM * log((LANGID_PROFILE + TRI_K) /
		    (rank[li] + TRI_K)));
		rank[li]++;
	}
	return 0;
}

/*
 * The group header "= [~] LANG... WEIGHT" at p (nl its end): the
 * languages into langs, their number returned (0 if the line is bad).
 */
static int
parse_group(const char *p, const char *nl, int *langs, int *cues,
    double *weight)
{
	const char *q, *e;
	char num[16], *ep;
	int n = 0, li;

	*cues = 0;
	for (q = p + 1; q < nl; q = e) {
		while (q < nl && *q == ' ')
			q++;
		for (e = q; e < nl && *e != ' '; e++)
			continue;
		if (e == q)
			return 0;
		if (e - q == 1 && *q == '~' && n == 0) {
			*cues = 1;
			continue;
		}
		if ((li = lang_index(q, (size_t)(e - q))) >= 0) {
			if (n == NLANG)
				return 0;
			langs[n++] = li;
			continue;
		}
		/* The weight, last. */
		if (e != nl || (size_t)(e - q) >= sizeof(num))
			return 0;
		memcpy(num, q, (size_t)(e - q));
		num[e - q] = '\0';
		*weight = strtod(num, &ep);
		if (*ep != '\0' || !(*weight > 0 && *weight < 10))
			return 0;
		return n;
	}
	return 0;
}

/*
 * The hand-written cues, lib/data/langid-words.txt: "= LANG... WEIGHT"
 * starts a group of words, "= ~ LANG... WEIGHT" a group of letter cues;
 * then blank-separated entries on any number of lines.  In a word group
 * "-end" is a word ending; in a cue group "_" is a word boundary.  '#'
 * starts a comment line.
 */
static int
load_words(struct langid *l, const char *name, struct cs_error *err)
{
	const char *p, *end, *nl, *q, *e;
	size_t len, lineno = 0, i, klen;
	int langs[NLANG], nlangs = 0, cues = 0, j;
	double w = 0;
	char key[LANGID_MAXLEN + 1];

	if ((p = data_get(name, &len)) == NULL) {
		cs_seterr(err, "built-in table '%s' is missing", name);
		return -1;
	}
	for (end = p + len; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (p == nl || *p == '#')
			continue;
		if (*p == '=') {
			if ((nlangs = parse_group(p, nl, langs, &cues,
			    &w)) == 0) {
				cs_seterr(err, "%s:%zu: bad group", name,
				    lineno);
				return -1;
			}
			continue;
		}
		if (nlangs == 0) {
			cs_seterr(err, "%s:%zu: words before a group", name,
			    lineno);
			return -1;
		}
		for (q = p; q < nl; q = e) {
			struct langid_vec *v;

			while (q < nl && (*q == ' ' || *q == '\t'))
				q++;
			for (e = q; e < nl && *e != ' ' && *e != '\t'; e++)
				continue;
			if (e == q)
				break;
			if ((klen = (size_t)(e - q)) > LANGID_MAXLEN) {
				cs_seterr(err, "%s:%zu: entry too long", name,
				    lineno);
				return -1;
			}
			memcpy(key, q, klen);
			key[klen] = '\0';
			if (cues) {
				for (i = 0; i < klen; i++)
					if (key[i] == '_')
						key[i] = ' ';
				if (classify_text_cps(key, klen) > 3) {
					cs_seterr(err, "%s:%zu: cue '%s' is "
					    "longer than three letters", name,
					    lineno, key);
					return -1;
				}
				v = ngram_vec(l, key, klen);
			} else if (key[0] == '-' && klen > 1) {
				if (klen - 1 > 31) {
					cs_seterr(err, "%s:%zu: ending too "
					    "long", name, lineno);
					return -1;
				}
				v = map_vec(l, &l->suffix, key + 1, klen - 1);
				l->sufmask |= 1u << (klen - 1);
			} else
				v = map_vec(l, &l->words, key, klen);
			for (j = 0; j < nlangs; j++)
				v->w[langs[j]] += (float)w;
		}
	}
	return 0;
}

/*
 * Letter trigrams of the word lists: each language's words as a profile
 * of its spelling (type counts, each word with its weight).  A trigram
 * with count c in a language whose lists total n is worth
 * W_LEX * log(1 + c * LEX_NORM / n) to it.  This is what tells Basque's
 * "tz", "ak " and "ko " in words that no list has, for franc has no
 * Basque profile.
 */
static void
list_trigrams(struct langid *l)
{
	struct classify_map m;
	float (*cnt)[NLANG] = NULL, total[NLANG] = { 0 };
	size_t ncnt = 0, capcnt = 0, i, j, n, ncp, c;
	char pad[LANGID_MAXLEN + 3];
	size_t cps[LANGID_MAXLEN + 3];

	classify_map_init(&m);
	for (i = 0; i < l->words.cap; i++) {
		const struct classify_map_slot *sl = &l->words.slot[i];
		const char *k = l->words.keys.s + sl->koff;
		const struct langid_vec *v;

		if (!sl->used || sl->klen < 2)
			continue;
		v = &l->vec[sl->val];
		n = 0;
		pad[n++] = ' ';
		for (j = 0; j < sl->klen; j++)
			if (k[j] != '\'')
				pad[n++] = k[j];
		pad[n++] = ' ';
		for (j = ncp = 0; j < n; j++)
			if (((unsigned char)pad[j] & 0xc0) != 0x80)
				cps[ncp++] = j;
		cps[ncp] = n;
		for (j = 0; j + 3 <= ncp; j++) {
			uint32_t *x = classify_map_put(&m, pad + cps[j],
			    cps[j + 3] - cps[j]);

			if (*x == CLASSIFY_MAP_NONE) {
				if (ncnt == capcnt) {
					capcnt = capcnt ? capcnt * 2 : 4096;
					cnt = xreallocarray(cnt, capcnt,
					    sizeof(*cnt));
				}
				memset(cnt[ncnt], 0, sizeof(cnt[ncnt]));
				*x = (uint32_t)ncnt++;
			}
			for (c = 0; c < NLANG; c++) {
				cnt[*x][c] += v->w[c];
				total[c] += v->w[c];
			}
		}
	}
	for (i = 0; i < m.cap; i++) {
		const struct classify_map_slot *sl = &m.slot[i];
		struct langid_vec *v;

		if (!sl->used)
			continue;
		v = ngram_vec(l, m.keys.s + sl->koff, sl->klen);
		for (c = 0; c < NLANG; c++)
			if (total[c] > 0 && cnt[sl->val][c] > 0)
				v->w[c] += (float)(W_LEX * log(1 +
				    cnt[sl->val][c] * LEX_NORM / total[c]));
	}
	free(cnt);
	classify_map_release(&m);
}

/*
 * A word that several languages list is worth less to each of them: its
 * weights are multiplied by k^-SHARE, where k, the sum of its weights
 * over the largest, counts the languages that list it as they list it
 * ("que", in five lists, tells those five from the rest; "y", Spanish
 * and a little French, stays Spanish).
 */
static void
share_words(struct langid *l)
{
	size_t i, j;
	float max, sum, f;

	for (i = 0; i < l->words.cap; i++) {
		const struct classify_map_slot *sl = &l->words.slot[i];
		struct langid_vec *v;

		if (!sl->used)
			continue;
		v = &l->vec[sl->val];
		max = sum = 0;
		for (j = 0; j < NLANG; j++) {
			sum += v->w[j];
			if (v->w[j] > max)
				max = v->w[j];
		}
		if (sum <= max)
			continue;
		f = (float)pow((double)(sum / max), -SHARE);
		for (j = 0; j < NLANG; j++)
			v->w[j] *= f;
	}
}

/*
 * Whether a Spanish word is spelled as Galician never is: with "ue" or
 * "ie" (Galician "bo", "tempo" for "bueno", "tiempo"), "j" or "y"
 * (Galician "x", "e": "mujer", "muller"), "ll" at its start ("llamar",
 * "chamar") or ending in "dad" ("verdad", "verdade").
 */
static int
spanish_only(const char *k, size_t len)
{
	size_t i;

	if (len >= 2 && k[0] == 'l' && k[1] == 'l')
		return 1;
	if (len >= 3 && memcmp(k + len - 3, "dad", 3) == 0)
		return 1;
	for (i = 0; i < len; i++) {
		if (k[i] == 'j' || k[i] == 'y')
			return 1;
		if (i + 1 < len && k[i] == 'u' && k[i + 1] == 'e')
			return 1;
		if (i + 1 < len && k[i] == 'i' && k[i + 1] == 'e')
			return 1;
	}
	return 0;
}

/*
 * Galician tweets are full of Spanish words ("castrapo"), so a Spanish
 * word that Galician does not list still says a little for Galician:
 * between Spanish words and Galician-or-Portuguese ones, a Galician is
 * the likely writer.  More if Galician could spell the word the same
 * ("máquina", "fenómeno": most of Spanish's everyday words our Galician
 * list lacks), less if the spelling is Spanish only (spanish_only).  A
 * Galician who writes only Spanish is lost, as he should be.
 */
static void
castrapo(struct langid *l)
{
	size_t i;

	for (i = 0; i < l->words.cap; i++) {
		const struct classify_map_slot *sl = &l->words.slot[i];
		struct langid_vec *v;

		if (!sl->used)
			continue;
		v = &l->vec[sl->val];
		if (v->w[GL] == 0 && v->w[ES] > 0)
			v->w[GL] = (float)((spanish_only(l->words.keys.s +
			    sl->koff, sl->klen) ?
			    GL_FROM_ES : GL_LIKE_ES) * v->w[ES]);
	}
}

/*
 * Words without their accents: "nao" for "não", unless "nao" is a word
 * of its own.  Where two words fold alike the larger weight counts.
 */
static void
build_folded(struct langid *l)
{
	struct buf b;
	size_t i, j;

	buf_init(&b);
	for (i = 0; i < l->words.cap; i++) {
		const struct classify_map_slot *sl = &l->words.slot[i];
		const char *k = l->words.keys.s + sl->koff;
		struct langid_vec *v;
		uint32_t wi;

		if (!sl->used)
			continue;
		wi = sl->val;
		buf_reset(&b);
		classify_text_fold(k, sl->klen, &b);
		if ((b.len == sl->klen && memcmp(b.s, k, b.len) == 0) ||
		    classify_map_get(&l->words, b.s, b.len,
		    classify_hash(b.s, b.len)) != CLASSIFY_MAP_NONE)
			continue;
		v = map_vec(l, &l->folded, b.s, b.len);
		for (j = 0; j < NLANG; j++) {
			float x = (float)(l->vec[wi].w[j] * W_FOLDED);

			if (x > v->w[j])
				v->w[j] = x;
		}
	}
	buf_release(&b);
}

struct langid *
langid_new(struct cs_error *err)
{
	struct langid *l = xcalloc(1, sizeof(*l));
	size_t i;

	classify_map_init(&l->words);
	classify_map_init(&l->folded);
	classify_map_init(&l->suffix);
	classify_map_init(&l->ngram);
	l->atri = xreallocarray(NULL, ASCII_TRI, sizeof(*l->atri));
	for (i = 0; i < ASCII_TRI; i++)
		l->atri[i] = VEC_NONE;
	for (i = 0; i < ASCII_BI; i++)
		l->abi[i] = VEC_NONE;
	for (i = 0; i < CS_NELEM(l->auni); i++)
		l->auni[i] = VEC_NONE;
	for (i = 0; i < CS_NELEM(l->uni); i++)
		l->uni[i] = VEC_NONE;
	l->text = xmalloc(LANGID_MAXBUF + LANGID_MAXLEN + 4);

	if (load_trigrams(l, "langid-trigrams.txt", err) == -1 ||
	    load_words(l, "langid-words.txt", err) == -1) {
		langid_free(l);
		return NULL;
	}
	/* The order matters: list_trigrams reads the weights as listed. */
	list_trigrams(l);
	share_words(l);
	castrapo(l);
	build_folded(l);
	return l;
}

void
langid_free(struct langid *l)
{
	if (l == NULL)
		return;
	classify_map_release(&l->words);
	classify_map_release(&l->folded);
	classify_map_release(&l->suffix);
	classify_map_release(&l->ngram);
	free(l->atri);
	free(l->vec);
	free(l->text);
	free(l);
}

static inline void
add_vec(float *score, const struct langid_vec *v, float w)
{
	size_t i;

	for (i = 0; i < NLANG; i++)
		score[i] += v->w[i] * w;
}

static uint32_t
lookup(const struct classify_map *m, const char *s, size_t len)
{
	return classify_map_get(m, s, len, classify_hash(s, len));
}

/*
 * Copy word w (len bytes, lower case) to out squeezing runs of three or
 * more of the same character to one: "holaaaa" is "hola", "siiii" "si".
 * Digits go.  Returns the new length, at most LANGID_MAXLEN.
 */
static size_t
squeeze(const char *w, size_t len, char *out)
{
	size_t i = 0, o = 0, n, m, j, run;

	/* Most words have no digit and no run: copy them. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];

		if ((c >= '0' && c <= '9') || (i + 2 < len &&
		    w[i + 1] == w[i] && w[i + 2] == w[i]) ||
		    (c >= 0xc0 && i + 5 < len && w[i + 2] == w[i] &&
		    w[i + 4] == w[i] && w[i + 3] == w[i + 1] &&
		    w[i + 5] == w[i + 1]))
			break;
	}
	if (i == len && len <= LANGID_MAXLEN) {
		memcpy(out, w, len);
		return len;
	}
	i = 0;
	while (i < len) {
		n = utf8_len((unsigned char)w[i]);
		if (i + n > len)
			break;
		if (w[i] >= '0' && w[i] <= '9') {
			i++;
			continue;
		}
		for (run = 1, j = i + n; j + n <= len &&
		    memcmp(w + j, w + i, n) == 0; j += n)
			run++;
		m = run >= 3 ? 1 : run;
		if (o + m * n > LANGID_MAXLEN)
			break;
		while (m-- > 0) {
			memcpy(out + o, w + i, n);
			o += n;
		}
		i = j;
	}
	return o;
}

/*
 * Copy w to out with doubled letters made single ("boos" is "bos",
 * "quee" "que"): Twitter's other way of stretching a word.  Returns the
 * new length, or 0 if nothing was doubled.
 */
static size_t
undouble(const char *w, size_t len, char *out)
{
	size_t i, o = 0, n, ndouble = 0;

	for (i = 0; i + 1 < len && w[i] != w[i + 1]; i++)
		continue;
	if (i + 1 >= len)
		return 0;

	for (i = 0; i < len; i += n) {
		n = utf8_len((unsigned char)w[i]);
		if (i + n > len)
			break;
		if (i + 2 * n <= len && memcmp(w + i, w + i + n, n) == 0) {
			ndouble++;
			continue;
		}
		memcpy(out + o, w + i, n);
		o += n;
	}
	return ndouble > 0 ? o : 0;
}

/*
 * Laughter, whatever its length, is one word: "jajaja", "jejeje" and
 * "ajajaj" are "jaja"; "hahaha" and "hehe" are "haha" but Portugal's
 * "ahahah" is "ahah"; "kkkk" is "kkk"; "rsrs" is "rsrs".  Returns the
 * word to look up, or NULL.
 */
static const char *
laugh(const char *w, size_t len)
{
	size_t i, nj = 0, nh = 0, nv = 0, nk = 0;

	if (len < 3)
		return NULL;
	for (i = 0; i < len; i++)
		switch (w[i]) {
		case 'j':
			nj++;
			break;
		case 'h':
			nh++;
			break;
		case 'k':
			nk++;
			break;
		case 'a': case 'e': case 'i': case 'o':
			nv++;
			break;
		default:
			goto other;
		}
	if (nk == len)
		return "kkk";
	if (nk == 0 && nh == 0 && nj >= 2 && nj + nv == len && nj * 3 >= len)
		return "jaja";
	if (nk == 0 && nj == 0 && nh >= 2 && nh + nv == len && nh * 3 >= len)
		return w[0] == 'a' && w[1] == 'h' ? "ahah" : "haha";
	return NULL;
other:
	if (len >= 4 && len % 2 == 0) {
		for (i = 0; i < len; i += 2)
			if (w[i] != 'r' || w[i + 1] != 's')
				return NULL;
		return "rsrs";
	}
	return NULL;
}

/*
 * The word (n bytes, squeezed) of token k in the lists, trying its
 * spellings: as written, without accents, with its last letter
 * unstretched, with doubled letters made single.  VEC_NONE if none.
 */
static uint32_t
find_word(const struct langid *l, const struct classify_text *t,
    const struct classify_tok *k, const char *w, size_t n)
{
	char fb[LANGID_MAXLEN + 1], u[LANGID_MAXLEN + 1];
	const char *f = w;
	size_t fn = n, un;
	uint32_t v;

	if ((v = lookup(&l->words, w, n)) != CLASSIFY_MAP_NONE)
		return v;
	/* Folding changes only what is not ASCII. */
	if (k->len != k->llen || memcmp(t->fold.s + k->off,
	    t->lower.s + k->loff, k->len) != 0) {
		fn = squeeze(t->fold.s + k->off, k->len, fb);
		f = fb;
	}
	if ((v = lookup(&l->folded, f, fn)) != CLASSIFY_MAP_NONE)
		return v;
	/* "holaa", "siii". */
	for (un = n; un > 2 && w[un - 1] == w[un - 2] &&
	    (unsigned char)w[un - 1] < 0x80; un--)
		continue;
	if (un < n && (v = lookup(&l->words, w, un)) != CLASSIFY_MAP_NONE)
		return v;
	if ((un = undouble(w, n, u)) > 0 &&
	    (v = lookup(&l->words, u, un)) != CLASSIFY_MAP_NONE)
		return v;
	if ((un = undouble(f, fn, u)) > 0 &&
	    (v = lookup(&l->folded, u, un)) != CLASSIFY_MAP_NONE)
		return v;
	return VEC_NONE;
}

/*
 * The letter evidence of one word, " word " (len bytes with both
 * blanks), added to acc: its ending, then each letter, pair and triple.
 */
static void
word_letters(const struct langid *l, const char *s, size_t len, float *acc)
{
	size_t i, j, n, ncp = 0;
	uint32_t v, mask, cps[LANGID_MAXLEN + 3];

	/* Endings: each length in use, at a character boundary. */
	for (mask = l->sufmask, n = 1; mask != 0 && n + 4 <= len; n++) {
		if (!(mask & (1u << n)))
			continue;
		mask &= ~(1u << n);
		if (((unsigned char)s[len - 1 - n] & 0xc0) == 0x80)
			continue;
		if ((v = lookup(&l->suffix, s + len - 1 - n, n)) !=
		    CLASSIFY_MAP_NONE)
			add_vec(acc, &l->vec[v], 1);
	}
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cps[ncp++] = (uint32_t)i;
	cps[ncp] = (uint32_t)len;
	for (i = 0; i < ncp; i++) {
		const char *p = s + cps[i];
		size_t n1 = cps[i + 1] - cps[i];
		int c0 = CODE27((unsigned char)p[0]), c1, c2;

		if (n1 == 1) {
			if (c0 >= 0 && (v = l->auni[c0]) != VEC_NONE)
				add_vec(acc, &l->vec[v], 1);
		} else {
			uint32_t cp = utf8_cp(p, n1, &n);

			if (cp >= UNI_LO && cp < UNI_HI &&
			    (v = l->uni[cp - UNI_LO]) != VEC_NONE)
				add_vec(acc, &l->vec[v], 1);
		}
		for (j = 2; j <= 3 && i + j <= ncp; j++) {
			size_t blen = cps[i + j] - cps[i];

			v = VEC_NONE;
			if (blen == j) {
				c1 = CODE27((unsigned char)p[1]);
				if (j == 2 && (c0 | c1) >= 0)
					v = l->abi[c0 * 27 + c1];
				c2 = j == 3 ? CODE27((unsigned char)p[2]) : 0;
				if (j == 3 && (c0 | c1 | c2) >= 0)
					v = l->atri[(c0 * 27 + c1) * 27 + c2];
			} else if (l->ngram.n > 0 &&
			    (v = lookup(&l->ngram, p, blen)) ==
			    CLASSIFY_MAP_NONE)
				v = VEC_NONE;
			if (v != VEC_NONE)
				add_vec(acc, &l->vec[v], 1);
		}
	}
}

/*
 * The letter evidence of the words no list has, " word word " in
 * l->text (len bytes).  Endings, letter cues and trigrams are views of
 * the same letters, so one word's evidence for a language over the least
 * likely one is capped at W_CAP.
 */
static void
score_letters(const struct langid *l, size_t len, float *score)
{
	const char *s = l->text;
	size_t i, j, start;
	float acc[NLANG], min;

	for (start = 0; start + 1 < len; start = i) {
		for (i = start + 1; i < len && s[i] != ' '; i++)
			continue;
		if (i - start < 2)
			continue;
		for (j = 0; j < NLANG; j++)
			acc[j] = 0;
		word_letters(l, s + start, i - start + 1, acc);
		min = acc[0];
		for (j = 1; j < NLANG; j++)
			if (acc[j] < min)
				min = acc[j];
		for (j = 0; j < NLANG; j++)
			score[j] += acc[j] - min < W_CAP ? acc[j] - min :
			    (float)W_CAP;
	}
}

/* The language of a BCP 47 tag or ISO 639-3 code, or -1. */
static int
hint_index(const char *hint)
{
	static const char *const iso3[][2] = {
		{ "eng", "en" }, { "spa", "es" }, { "cat", "ca" },
		{ "por", "pt" }, { "glg", "gl" }, { "eus", "eu" },
		{ "baq", "eu" }, { "fra", "fr" }, { "fre", "fr" },
		{ "deu", "de" }, { "ger", "de" }, { "ita", "it" }
	};
	size_t n, i;
	char lc[3];

	if (hint == NULL)
		return -1;
	for (n = 0; hint[n] != '\0' && hint[n] != '-' && hint[n] != '_'; n++)
		if (n < 3)
			lc[n] = (char)(hint[n] >= 'A' && hint[n] <= 'Z' ?
			    hint[n] + 32 : hint[n]);
	if (n == 3)
		for (i = 0; i < CS_NELEM(iso3); i++)
			if (memcmp(lc, iso3[i][0], 3) == 0)
				return lang_index(iso3[i][1], 2);
	return n == 2 ? lang_index(lc, 2) : -1;
}

static size_t
best_of(const float *score, size_t *second)
{
	size_t i, best = 0, sec;

	for (i = 1; i < NLANG; i++)
		if (score[i] > score[best])
			best = i;
	sec = best == 0 ? 1 : 0;
	for (i = 0; i < NLANG; i++)
		if (i != best && score[i] > score[sec])
			sec = i;
	if (second != NULL)
		*second = sec;
	return best;
}

const char *
langid_detect(struct langid *l, const struct classify_text *t,
    const char *hint, double *conf)
{
	float score[NLANG], wscale = 1;
	double sum;
	size_t i, j, len = 0, nwords = 0, nseen = 0, best, second;
	uint32_t seen[LANGID_MAXWORDS];
	char w[LANGID_MAXLEN + 1];
	int h;

	*conf = 0;
	if (t->nletters == 0)
		return "und";
	for (i = 0; i < NLANG; i++)
		score[i] = prior[i];
	l->text[len++] = ' ';

	for (i = 0; i < t->ntok && nwords < LANGID_MAXWORDS; i++) {
		const struct classify_tok *k = &t->tok[i];
		const char *key, *ap;
		size_t n, klen;
		uint32_t v;

		/*
		 * A lone "@" starts a place: "Dinner @ Casa Pepe
		 * http://..." (Instagram, Foursquare).  Its name says less
		 * of the language of the message.
		 */
		if (k->kind == CTOK_PUNCT && k->len == 1 &&
		    t->fold.s[k->off] == '@' && nwords > 0)
			wscale = (float)W_PLACE;
		if (k->kind != CTOK_WORD || (k->flags & CTOK_HASHTAG))
			continue;
		if ((n = squeeze(t->lower.s + k->loff, k->llen, w)) == 0)
			continue;
		nwords++;
		/* "I" is English; "i" is also Catalan ("and"). */
		if (n == 1 && w[0] == 'i' && t->src[k->src] == 'I')
			key = "I";
		else
			key = laugh(t->lower.s + k->loff, k->llen);
		if (key != NULL) {
			klen = strlen(key);
			v = lookup(&l->words, key, klen);
		} else
			v = find_word(l, t, k, w, n);
		if (v != VEC_NONE) {
			add_vec(score, &l->vec[v], wscale);
			continue;
		}
		if (key != NULL)
			continue;
		/* "qu'il", "t'estimo", "dell'anno": both halves. */
		if ((ap = memchr(w, '\'', n)) != NULL && ap > w &&
		    ap + 1 < w + n) {
			klen = (size_t)(ap + 1 - w);
			if ((v = lookup(&l->words, w, klen)) !=
			    CLASSIFY_MAP_NONE)
				add_vec(score, &l->vec[v], wscale);
			if ((v = lookup(&l->words, ap + 1, n - klen)) !=
			    CLASSIFY_MAP_NONE) {
				add_vec(score, &l->vec[v], wscale);
				continue;
			}
		}
		/*
		 * An unknown word: its letters, once ("MESSI MESSI MESSI"
		 * is one name).
		 */
		if (len + n + 1 <= LANGID_MAXBUF) {
			uint32_t hw = classify_hash(w, n);

			for (j = 0; j < nseen && seen[j] != hw; j++)
				continue;
			if (j < nseen)
				continue;
			seen[nseen++] = hw;
			for (j = 0; j < n; j++)
				if (w[j] != '\'')
					l->text[len++] = w[j];
			if (l->text[len - 1] != ' ')
				l->text[len++] = ' ';
		}
	}
	if (nwords == 0)
		return "und";
	/* ¿ and ¡ are Spanish, l·l Catalan; the tokeniser counts them. */
	score[ES] += (float)(W_INVQ * (t->n_invq > 2 ? 2 : t->n_invq));
	score[CA] += (float)(W_MIDDOT * (t->n_middot > 2 ? 2 : t->n_middot));
	if ((h = hint_index(hint)) >= 0)
		score[h] += (float)W_HINT;

	/* The letters cost the most: skip them when the words decide. */
	best = best_of(score, &second);
	if (score[best] - score[second] < SKIP_MARGIN)
		score_letters(l, len, score);
	best = best_of(score, NULL);

	sum = 0;
	for (i = 0; i < NLANG; i++)
		sum += exp((score[i] - score[best]) / TEMPERATURE);
	*conf = 1 / sum;
	return *conf < LANGID_UND ? "und" : langid_codes[best];
}
