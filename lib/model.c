/*
 * model: multinomial logistic regression over word, stem and word-pair
 * features of a tokenised message; training, the text file format and
 * prediction.  See model.h.
 */
#include "compat.h"

#include <math.h>

#include "classify.h"
#include "model.h"
#include "util.h"

#define SCALE		1000	/* weights are written in thousandths */
#define MAX_WEIGHT	1000000	/* in thousandths, when reading */
#define MAX_KEY		48	/* longer words make no feature */
#define MAX_PREFIX	16
#define MAX_ROWS	(1u << 24)
#define TOKFEATS	3	/* features one token gives, at most */
#define HASH_ZERO	0x350ca8afu	/* classify_hash("0", 1) */
/* Floats per row of weights: the categories, padded to a multiple of 4. */
#define STRIDE(k)	(((k) + 3) & ~(size_t)3)

/* Feature kinds, as written in the first column of a weight line. */
enum {
	FK_WORD,
	FK_PREFIX,
	FK_PAIR,
	FK_NKINDS
};

static const char kindchar[FK_NKINDS] = { 'w', 'p', 'b' };

struct model {
	char			*cat[MODEL_MAX_CATS];
	size_t			 ncats;
	int			 prefix;
	int			 bigrams;
	int			 norm;		/* scale by 1 / sqrt(n) */
	float			 bias[MODEL_MAX_CATS];
	/*
	 * Features are found by a 64-bit fingerprint of their kind and
	 * text, in an open-addressing table of fingerprints and rows: a
	 * look-up reads one slot, usually, and never the feature's text.
	 */
	struct fslot		*tab;
	size_t			 cap;		/* a power of two */
	float			*w;		/* nrows x STRIDE(ncats) */
	size_t			 nrows, caprows;
	/* Each row's feature, for model_write and messages. */
	uint8_t			*rkind;
	size_t			*rkoff;
	uint32_t		*rklen;
	struct buf		 keys;
	char			*comment;	/* how it was trained */
};

struct fslot {
	uint64_t	fp;		/* 0: empty */
	uint32_t	row;
};

struct feat {
	int		 kind;
	const char	*s;		/* a pair's first word */
	size_t		 len;
	uint32_t	 hash;		/* classify_hash of a word */
	const char	*s2;		/* a pair's second word */
	size_t		 len2;
	uint32_t	 hash2;
};

static void
model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	buf_init(&m->keys);
}

void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ncats; i++)
		free(m->cat[i]);
	free(m->tab);
	free(m->rkind);
	free(m->rkoff);
	free(m->rklen);
	buf_release(&m->keys);
	free(m->w);
	free(m->comment);
	free(m);
}

size_t
model_ncats(const struct model *m)
{
	return m->ncats;
}

const char *
model_cat(const struct model *m, size_t i)
{
	return i < m->ncats ? m->cat[i] : NULL;
}

size_t
model_nfeatures(const struct model *m)
{
	return m->nrows;
}

int
model_valid_name(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_'))
			return 0;
	return i > 0 && i <= MODEL_MAX_NAME;
}

/*
 * Features.
 */

/*
 * The byte length of the first n code points of s (len bytes), or 0 if
 * it has fewer.
 */
static size_t
cp_prefix(const char *s, size_t len, size_t n)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n-- == 0)
			return i;
	return n == 0 ? len : 0;
}

/*
 * The features token i of t gives, into f (TOKFEATS at most); returns
 * how many, the word first.  Training and prediction both come here, so
 * they always see the same features.
 */
static inline size_t
token_feats(int prefix, int bigrams, const struct classify_text *t,
    size_t i, struct feat *f)
{
	static const char zero[] = "0";
	const struct classify_tok *k = &t->tok[i], *k2;
	const char *s = CTOK_STR(t, k);
	size_t n = 0;

	switch (k->kind) {
	case CTOK_NUM:
		/* Every number is the same word: order ids are noise. */
		f[0].kind = FK_WORD;
		f[0].s = zero;
		f[0].len = 1;
		f[0].hash = HASH_ZERO;
		return 1;
	case CTOK_PUNCT:
		/* A question asks; '!' is as glad as it is angry. */
		if (k->len != 1 || *s != '?')
			return 0;
		/* FALLTHROUGH */
	case CTOK_EMOJI:
		if (k->len > MAX_KEY)
			return 0;
		f[0].kind = FK_WORD;
		f[0].s = s;
		f[0].len = k->len;
		f[0].hash = k->hash;
		return 1;
	case CTOK_WORD:
		break;
	default:
		return 0;
	}
	if (k->len > MAX_KEY)
		return 0;
	f[n].kind = FK_WORD;
	f[n].s = s;
	f[n].len = k->len;
	f[n].hash = k->hash;
	n++;
	/*
	 * Only a longer word has a stem: a word of as many letters is its
	 * own.  A code point is a byte or more: short words skip the count.
	 */
	if (prefix > 0 && k->len > (size_t)prefix &&
	    (f[n].len = cp_prefix(s, k->len, (size_t)prefix)) > 0 &&
	    f[n].len < k->len) {
		f[n].kind = FK_PREFIX;
		f[n].s = s;
		n++;
	}
	if (bigrams && i + 1 < t->ntok) {
		k2 = &t->tok[i + 1];
		if (k2->kind == CTOK_WORD && k2->len <= MAX_KEY) {
			f[n].kind = FK_PAIR;
			f[n].s = s;
			f[n].len = k->len;
			f[n].hash = k->hash;
			f[n].s2 = CTOK_STR(t, k2);
			f[n].len2 = k2->len;
			f[n].hash2 = k2->hash;
			n++;
		}
	}
	return n;
}

/*
 * Fingerprints: 64-bit hashes that stand for features, mixed with
 * MurmurHash3's finaliser.  A word's comes from the hash the tokeniser
 * made already (classify_hash, 32 bits) and its length; a pair's from its
 * words'; a stem's from its bytes, eight at a time.  So a message's
 * words are not read again.  Never 0, which marks an empty slot.  They
 * are never stored: a model file holds the features' text, and training
 * drops a feature whose fingerprint another one has (see add_row).
 */
static inline uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
fp_bytes(int kind, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t h = (uint64_t)(kind + 1) * 0x9e3779b97f4a7c15ULL ^ len, v;
	size_t i, n;

	while (len > 0) {
		n = len < 8 ? len : 8;
		for (v = 0, i = 0; i < n; i++)
			v |= (uint64_t)u[i] << (8 * i);
		h = mix64(h ^ v);
		u += n;
		len -= n;
	}
	h = mix64(h + 0x632be59bd9b4e019ULL);
	return h != 0 ? h : 1;
}

static inline uint64_t
fp_word(uint32_t hash, size_t len)
{
	uint64_t h = mix64(((uint64_t)len << 32 | hash) ^
	    0x2545f4914f6cdd1dULL);

	return h != 0 ? h : 1;
}

static uint64_t
fp_pair(uint64_t w1, uint64_t w2)
{
	uint64_t h = mix64(w1 * 0x9e3779b97f4a7c15ULL + w2 +
	    (uint64_t)FK_PAIR);

	return h != 0 ? h : 1;
}

/*
 * The fingerprint of a feature as the model file writes it: a pair is
 * its two words with one blank between.
 */
static uint64_t
key_fp(int kind, const char *key, size_t len)
{
	const char *sp;
	size_t n;

	if (kind == FK_PAIR && (sp = memchr(key, ' ', len)) != NULL) {
		n = (size_t)(sp - key);
		return fp_pair(fp_word(classify_hash(key, n), n),
		    fp_word(classify_hash(sp + 1, len - n - 1), len - n - 1));
	}
	if (kind == FK_WORD)
		return fp_word(classify_hash(key, len), len);
	return fp_bytes(kind, key, len);
}

static uint32_t
tab_get(const struct model *m, uint64_t fp)
{
	size_t j;

	if (m->cap == 0)
		return CLASSIFY_MAP_NONE;
	for (j = fp & (m->cap - 1); m->tab[j].fp != 0; j = (j + 1) &
	    (m->cap - 1))
		if (m->tab[j].fp == fp)
			return m->tab[j].row;
	return CLASSIFY_MAP_NONE;
}

/*
 * Add a feature with a new row of weights (zeroed); returns the row, or
 * CLASSIFY_MAP_NONE if the model has the feature already (or, in theory,
 * another one with the same fingerprint) with its row in *other.
 */
static uint32_t
add_row(struct model *m, int kind, const char *key, size_t len,
    uint32_t *other)
{
	uint64_t fp = key_fp(kind, key, len);
	size_t i, j;
	uint32_t row;

	if ((m->nrows + 1) * 2 > m->cap) {
		struct fslot *old = m->tab;
		size_t oldcap = m->cap;

		m->cap = oldcap ? oldcap * 2 : 1024;
		m->tab = xcalloc(m->cap, sizeof(*m->tab));
		for (i = 0; i < oldcap; i++) {
			if (old[i].fp == 0)
				continue;
			for (j = old[i].fp & (m->cap - 1); m->tab[j].fp != 0;
			    j = (j + 1) & (m->cap - 1))
				continue;
			m->tab[j] = old[i];
		}
		free(old);
	}
	for (j = fp & (m->cap - 1); m->tab[j].fp != 0;
	    j = (j + 1) & (m->cap - 1))
		if (m->tab[j].fp == fp) {
			*other = m->tab[j].row;
			return CLASSIFY_MAP_NONE;
		}
	if (m->nrows == m->caprows) {
		m->caprows = m->caprows ? m->caprows * 2 : 1024;
		m->w = xreallocarray(m->w, m->caprows,
		    STRIDE(m->ncats) * sizeof(*m->w));
		m->rkind = xreallocarray(m->rkind, m->caprows, 1);
		m->rkoff = xreallocarray(m->rkoff, m->caprows,
		    sizeof(*m->rkoff));
		m->rklen = xreallocarray(m->rklen, m->caprows,
		    sizeof(*m->rklen));
	}
	row = (uint32_t)m->nrows++;
	m->tab[j].fp = fp;
	m->tab[j].row = row;
	memset(m->w + (size_t)row * STRIDE(m->ncats), 0,
	    STRIDE(m->ncats) * sizeof(*m->w));
	m->rkind[row] = (uint8_t)kind;
	m->rkoff[row] = m->keys.len;
	m->rklen[row] = (uint32_t)len;
	buf_add(&m->keys, key, len);
	return row;
}

static void
softmax(double *z, size_t n)
{
	double max = z[0], sum = 0;
	size_t i;

	for (i = 1; i < n; i++)
		if (z[i] > max)
			max = z[i];
	for (i = 0; i < n; i++)
		sum += z[i] = exp(z[i] - max);
	for (i = 0; i < n; i++)
		z[i] /= sum;
}

void
model_predict(const struct model *m, const struct classify_text *t,
    double *prob)
{
	float acc[MODEL_MAX_CATS];
	const float *w;
	struct feat f[TOKFEATS];
	size_t i, j, c, d, nf, n = 0, K = m->ncats, stride = STRIDE(K);
	uint64_t fp, fword = 0, fnext = 0;
	double s;
	uint32_t row;
	int known, havenext = 0, gotnext;

	memset(acc, 0, sizeof(acc));
	for (i = 0; i < t->ntok; i++) {
		nf = token_feats(m->prefix, m->bigrams, t, i, f);
		known = gotnext = 0;
		for (j = 0; j < nf; j++) {
			n++;
			switch (f[j].kind) {
			case FK_WORD:
				/* The pair before may have hashed it. */
				fp = fword = havenext ? fnext :
				    fp_word(f[j].hash, f[j].len);
				break;
			case FK_PREFIX:
				fp = fp_bytes(FK_PREFIX, f[j].s, f[j].len);
				break;
			default:
				/*
				 * A pair is only looked up when its first
				 * word has a row: training keeps the first
				 * word of every pair.
				 */
				if (!known)
					continue;
				fnext = fp_word(f[j].hash2, f[j].len2);
				gotnext = 1;
				fp = fp_pair(fword, fnext);
				break;
			}
			if ((row = tab_get(m, fp)) == CLASSIFY_MAP_NONE)
				continue;
			if (f[j].kind == FK_WORD)
				known = 1;
			w = m->w + (size_t)row * stride;
			/* Blocks of 4 the compiler can vectorise. */
			for (c = 0; c < stride; c += 4)
				for (d = 0; d < 4; d++)
					acc[c + d] += w[c + d];
		}
		havenext = gotnext;
	}
	s = !m->norm ? 1 : n > 0 ? 1 / sqrt((double)n) : 0;
	for (c = 0; c < K; c++)
		prob[c] = m->bias[c] + s * acc[c];
	softmax(prob, K);
}

/*
 * The text format.
 */

struct rowkey {
	int		 kind;
	const char	*key;
	size_t		 len;
	uint32_t	 row;
};

static int
rowkey_cmp(const void *a, const void *b)
{
	const struct rowkey *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int d;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((d = memcmp(x->key, y->key, n)) != 0)
		return d;
	return x->len < y->len ? -1 : x->len > y->len;
}

static void
add_weights(struct buf *b, const float *w, size_t n)
{
	size_t c;

	for (c = 0; c < n; c++)
		buf_printf(b, "%s%ld", c > 0 ? " " : "",
		    lround((double)w[c] * SCALE));
}

void
model_write(const struct model *m, struct buf *b)
{
	struct rowkey *rk;
	size_t i, n;

	buf_printf(b, "cs-classify-model %d\n", MODEL_VERSION);
	if (m->comment != NULL)
		buf_printf(b, "# %s\n", m->comment);
	buf_adds(b, "categories");
	for (i = 0; i < m->ncats; i++)
		buf_printf(b, " %s", m->cat[i]);
	buf_printf(b, "\nprefix %d\nbigrams %d\nnorm %s\nscale %d\nbias ",
	    m->prefix, m->bigrams, m->norm ? "sqrt" : "none", SCALE);
	add_weights(b, m->bias, m->ncats);
	buf_printf(b, "\nrows %zu\n", m->nrows);
	rk = xreallocarray(NULL, m->nrows > 0 ? m->nrows : 1, sizeof(*rk));
	for (n = 0; n < m->nrows; n++) {
		rk[n].kind = m->rkind[n];
		rk[n].key = m->keys.s + m->rkoff[n];
		rk[n].len = m->rklen[n];
		rk[n].row = (uint32_t)n;
	}
	qsort(rk, n, sizeof(*rk), rowkey_cmp);
	for (i = 0; i < n; i++) {
		buf_addc(b, kindchar[rk[i].kind]);
		buf_addc(b, '\t');
		buf_add(b, rk[i].key, rk[i].len);
		buf_addc(b, '\t');
		add_weights(b, m->w + (size_t)rk[i].row * STRIDE(m->ncats),
		    m->ncats);
		buf_addc(b, '\n');
	}
	buf_adds(b, "end\n");
	free(rk);
}

/* A reader over the lines of a model file. */
struct lines {
	const char	*p, *end;
	const char	*line;		/* the current line, not terminated */
	size_t		 len;
	size_t		 lineno;
};

/* The next line that is not blank or a comment; 0 at the end. */
static int
next_line(struct lines *l)
{
	const char *nl;

	while (l->p < l->end) {
		nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
		l->line = l->p;
		l->len = (size_t)((nl != NULL ? nl : l->end) - l->p);
		l->p = nl != NULL ? nl + 1 : l->end;
		l->lineno++;
		if (l->len > 0 && l->line[l->len - 1] == '\r')
			l->len--;
		if (l->len == 0 || l->line[0] == '#')
			continue;
		return 1;
	}
	return 0;
}

/* "key value": if the line starts with key and a blank, the value. */
static const char *
keyword(const struct lines *l, const char *key)
{
	size_t n = strlen(key);

	if (l->len > n && memcmp(l->line, key, n) == 0 && l->line[n] == ' ')
		return l->line + n + 1;
	return NULL;
}

/*
 * Read n integers separated by single blanks from [s, end) into w as
 * weights.  Returns 0, or -1 for anything else.
 */
static int
read_weights(const char *s, const char *end, float *w, size_t n)
{
	size_t i;
	long v;
	int neg;

	/* By hand: strtol would be most of the time a model takes to load. */
	for (i = 0; i < n; i++) {
		if (i > 0) {
			if (s >= end || *s != ' ')
				return -1;
			s++;
		}
		neg = s < end && *s == '-';
		if (neg)
			s++;
		if (s >= end || *s < '0' || *s > '9')
			return -1;
		for (v = 0; s < end && *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (*s - '0');
			if (v > MAX_WEIGHT)
				return -1;
		}
		w[i] = (float)(neg ? -v : v) / SCALE;
	}
	return s == end ? 0 : -1;
}

/* A whole number from 0 to max in [s, end), or -1. */
static long
read_count(const char *s, const char *end, long max)
{
	long v = 0;

	if (s >= end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > max / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= max ? v : -1;
}

static int
read_categories(struct model *m, const char *s, const char *end)
{
	const char *e;
	char name[MODEL_MAX_NAME + 1];
	size_t i, len;

	while (s < end) {
		for (e = s; e < end && *e != ' '; e++)
			continue;
		len = (size_t)(e - s);
		if (len == 0 || len > MODEL_MAX_NAME ||
		    m->ncats == MODEL_MAX_CATS)
			return -1;
		memcpy(name, s, len);
		name[len] = '\0';
		if (!model_valid_name(name))
			return -1;
		for (i = 0; i < m->ncats; i++)
			if (strcmp(m->cat[i], name) == 0)
				return -1;
		m->cat[m->ncats++] = xstrdup(name);
		s = e < end ? e + 1 : e;
	}
	return m->ncats >= 2 ? 0 : -1;
}

struct model *
model_load(const char *text, size_t len, const char *name,
    struct cs_error *err)
{
	struct model *m = xmalloc(sizeof(*m));
	struct lines l = { text, text + len, NULL, 0, 0 };
	const char *v, *end, *tab1, *tab2, *sp;
	size_t nrows = 0, i, klen;
	long x;
	int kind, have = 0;
	uint32_t row, other;

	model_init(m);
#define FAIL(...) do {							\
	cs_seterr(err, __VA_ARGS__);					\
	goto fail;							\
} while (0)
	if (memchr(text, '\0', len) != NULL)
		FAIL("%s: not a model file (NUL byte)", name);
	if (!next_line(&l) || (v = keyword(&l, "cs-classify-model")) == NULL)
		FAIL("%s:%zu: not a model file (expected "
		    "'cs-classify-model %d')", name, l.lineno > 0 ? l.lineno :
		    1, MODEL_VERSION);
	if (read_count(v, l.line + l.len, 1000) != MODEL_VERSION)
		FAIL("%s:%zu: unsupported model version '%.*s' (this is "
		    "version %d)", name, l.lineno, (int)(l.line + l.len - v), v,
		    MODEL_VERSION);
	/* The header, in any order, up to "rows". */
	for (;;) {
		if (!next_line(&l))
			FAIL("%s:%zu: unexpected end of file in the header",
			    name, l.lineno);
		end = l.line + l.len;
		if ((v = keyword(&l, "categories")) != NULL) {
			if (have & 1)
				FAIL("%s:%zu: categories given twice", name,
				    l.lineno);
			if (read_categories(m, v, end) == -1)
				FAIL("%s:%zu: bad categories (2 to %d distinct "
				    "names of a-z, 0-9, '-' and '_')", name,
				    l.lineno, MODEL_MAX_CATS);
			have |= 1;
		} else if ((v = keyword(&l, "prefix")) != NULL) {
			if ((x = read_count(v, end, MAX_PREFIX)) < 0)
				FAIL("%s:%zu: bad prefix (0 to %d)", name,
				    l.lineno, MAX_PREFIX);
			m->prefix = (int)x;
		} else if ((v = keyword(&l, "bigrams")) != NULL) {
			if ((x = read_count(v, end, 1)) < 0)
				FAIL("%s:%zu: bad bigrams (0 or 1)", name,
				    l.lineno);
			m->bigrams = (int)x;
		} else if ((v = keyword(&l, "norm")) != NULL) {
			if ((size_t)(end - v) == 4 && memcmp(v, "sqrt", 4) == 0)
				m->norm = 1;
			else if ((size_t)(end - v) == 4 &&
			    memcmp(v, "none", 4) == 0)
				m->norm = 0;
			else
				FAIL("%s:%zu: bad norm (sqrt or none)", name,
				    l.lineno);
		} else if ((v = keyword(&l, "scale")) != NULL) {
			if (read_count(v, end, SCALE) != SCALE)
				FAIL("%s:%zu: unsupported scale (only %d)",
				    name, l.lineno, SCALE);
		} else if ((v = keyword(&l, "bias")) != NULL) {
			if (!(have & 1))
				FAIL("%s:%zu: bias before categories", name,
				    l.lineno);
			if (read_weights(v, end, m->bias, m->ncats) == -1)
				FAIL("%s:%zu: bad bias (%zu whole numbers)",
				    name, l.lineno, m->ncats);
			have |= 2;
		} else if ((v = keyword(&l, "rows")) != NULL) {
			if ((x = read_count(v, end, MAX_ROWS)) < 0)
				FAIL("%s:%zu: bad rows", name, l.lineno);
			nrows = (size_t)x;
			break;
		} else
			FAIL("%s:%zu: unknown header line '%.*s'", name,
			    l.lineno, (int)(l.len > 40 ? 40 : l.len), l.line);
	}
	if (!(have & 1))
		FAIL("%s:%zu: no categories", name, l.lineno);
	if (!(have & 2))
		FAIL("%s:%zu: no bias", name, l.lineno);
	for (i = 0; i < nrows; i++) {
		if (!next_line(&l))
			FAIL("%s:%zu: %zu weight lines missing", name,
			    l.lineno, nrows - i);
		end = l.line + l.len;
		tab1 = l.len >= 2 && l.line[1] == '\t' ? l.line + 1 : NULL;
		tab2 = tab1 != NULL ? memchr(tab1 + 1, '\t',
		    (size_t)(end - tab1 - 1)) : NULL;
		if (tab2 == NULL || tab2 == tab1 + 1 ||
		    tab2 - tab1 - 1 > 2 * MAX_KEY + 1)
			FAIL("%s:%zu: expected KIND<TAB>FEATURE<TAB>WEIGHTS",
			    name, l.lineno);
		v = memchr(kindchar, l.line[0], sizeof(kindchar));
		if (v == NULL)
			FAIL("%s:%zu: bad feature kind '%c' (w, p or b)",
			    name, l.lineno, l.line[0]);
		kind = (int)(v - kindchar);
		klen = (size_t)(tab2 - tab1 - 1);
		sp = memchr(tab1 + 1, ' ', klen);
		if (kind == FK_PAIR ? sp == NULL || sp == tab1 + 1 ||
		    sp == tab2 - 1 || memchr(sp + 1, ' ', (size_t)(tab2 -
		    sp - 1)) != NULL : sp != NULL)
			FAIL("%s:%zu: bad feature '%.*s' (a pair is two words "
			    "and one blank, others one word)", name, l.lineno,
			    (int)klen, tab1 + 1);
		row = add_row(m, kind, tab1 + 1, klen, &other);
		if (row == CLASSIFY_MAP_NONE && m->rkind[other] == kind &&
		    m->rklen[other] == klen &&
		    memcmp(m->keys.s + m->rkoff[other], tab1 + 1, klen) == 0)
			FAIL("%s:%zu: feature '%.*s' given twice", name,
			    l.lineno, (int)klen, tab1 + 1);
		if (row == CLASSIFY_MAP_NONE)
			FAIL("%s:%zu: feature '%.*s' has the fingerprint of "
			    "line %zu's", name, l.lineno, (int)klen, tab1 + 1,
			    l.lineno - nrows + other);
		if (read_weights(tab2 + 1, end, m->w + row * STRIDE(m->ncats),
		    m->ncats) == -1)
			FAIL("%s:%zu: bad weights (%zu whole numbers)", name,
			    l.lineno, m->ncats);
	}
	if (!next_line(&l) || l.len != 3 || memcmp(l.line, "end", 3) != 0)
		FAIL("%s:%zu: expected 'end' after %zu weight lines", name,
		    l.lineno, nrows);
	if (next_line(&l))
		FAIL("%s:%zu: text after 'end'", name, l.lineno);
#undef FAIL
	return m;
fail:
	model_free(m);
	return NULL;
}

/*
 * Training.
 */

struct example {
	size_t		off, n;		/* into fid, fcnt */
	double		scale;		/* 1 / sqrt(features given) */
	double		weight;
	int		label;		/* in first-seen order */
};

struct model_trainer {
	struct model_params	 p;
	struct classify_text	 text;
	struct classify_entities ents;
	struct classify_map	 map[FK_NKINDS];	/* feature -> id */
	uint32_t		*df;		/* messages per feature id */
	size_t			 nids, capids;
	uint32_t		*fid;		/* the examples' features */
	float			*fcnt;
	size_t			 nf, capf;
	struct example		*ex;
	size_t			 nex, capex;
	char			*label[MODEL_MAX_CATS];
	size_t			 nlabels;
	uint32_t		*tmp;		/* one message's ids */
	size_t			 captmp;
	struct buf		 key;		/* a pair's text */
};

void
model_params_init(struct model_params *p)
{
	p->epochs = 12;
	p->rate = 0.5;
	p->l2 = 1e-5;
	p->min_count = 2;
	p->prune = 0.02;
	p->seed = 1;
	p->balance = 0;
	p->prefix = 4;
	p->bigrams = 1;
	p->norm = 1;
}

struct model_trainer *
model_trainer_new(const struct model_params *p)
{
	struct model_trainer *tr = xcalloc(1, sizeof(*tr));
	size_t k;

	tr->p = *p;
	classify_text_init(&tr->text);
	classify_entity_init(&tr->ents);
	for (k = 0; k < FK_NKINDS; k++)
		classify_map_init(&tr->map[k]);
	buf_init(&tr->key);
	return tr;
}

void
model_trainer_free(struct model_trainer *tr)
{
	size_t i;

	if (tr == NULL)
		return;
	classify_text_release(&tr->text);
	classify_entity_release(&tr->ents);
	for (i = 0; i < FK_NKINDS; i++)
		classify_map_release(&tr->map[i]);
	for (i = 0; i < tr->nlabels; i++)
		free(tr->label[i]);
	free(tr->df);
	free(tr->fid);
	free(tr->fcnt);
	free(tr->ex);
	free(tr->tmp);
	buf_release(&tr->key);
	free(tr);
}

size_t
model_trainer_count(const struct model_trainer *tr)
{
	return tr->nex;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
model_trainer_add(struct model_trainer *tr, const char *text, size_t len,
    const char *label, double weight, struct cs_error *err)
{
	struct classify_text *t = &tr->text;
	struct feat f[TOKFEATS];
	struct example *e;
	size_t i, j, nf, n = 0, lab;
	uint32_t *v;

	if (!model_valid_name(label)) {
		cs_seterr(err, "bad label '%s' (use a-z, 0-9, '-' and '_', "
		    "up to %d)", label, MODEL_MAX_NAME);
		return -1;
	}
	if (!(weight > 0 && weight <= 1e6)) {
		cs_seterr(err, "bad weight %g (more than 0, up to 1e6)",
		    weight);
		return -1;
	}
	for (lab = 0; lab < tr->nlabels; lab++)
		if (strcmp(tr->label[lab], label) == 0)
			break;
	if (lab == tr->nlabels) {
		if (tr->nlabels == MODEL_MAX_CATS) {
			cs_seterr(err, "more than %d categories",
			    MODEL_MAX_CATS);
			return -1;
		}
		tr->label[tr->nlabels++] = xstrdup(label);
	}

	/* Tokenise as classify_run does: links and handles left out. */
	classify_entity_links(&tr->ents, text, len);
	classify_text_scan(t, text, len, tr->ents.skip, tr->ents.nskip);
	for (i = 0; i < t->ntok; i++) {
		nf = token_feats(tr->p.prefix, tr->p.bigrams, t, i, f);
		for (j = 0; j < nf; j++) {
			if (f[j].kind == FK_PAIR) {
				buf_reset(&tr->key);
				buf_add(&tr->key, f[j].s, f[j].len);
				buf_addc(&tr->key, ' ');
				buf_add(&tr->key, f[j].s2, f[j].len2);
				v = classify_map_put(&tr->map[FK_PAIR],
				    tr->key.s, tr->key.len);
			} else
				v = classify_map_put(&tr->map[f[j].kind],
				    f[j].s, f[j].len);
			if (*v == CLASSIFY_MAP_NONE) {
				if (tr->nids == tr->capids) {
					tr->capids = tr->capids ?
					    tr->capids * 2 : 4096;
					tr->df = xreallocarray(tr->df,
					    tr->capids, sizeof(*tr->df));
				}
				tr->df[tr->nids] = 0;
				*v = (uint32_t)tr->nids++;
			}
			if (n == tr->captmp) {
				tr->captmp = tr->captmp ? tr->captmp * 2 : 256;
				tr->tmp = xreallocarray(tr->tmp, tr->captmp,
				    sizeof(*tr->tmp));
			}
			tr->tmp[n++] = *v;
		}
	}
	if (tr->nex == tr->capex) {
		tr->capex = tr->capex ? tr->capex * 2 : 1024;
		tr->ex = xreallocarray(tr->ex, tr->capex, sizeof(*tr->ex));
	}
	e = &tr->ex[tr->nex++];
	e->off = tr->nf;
	e->n = 0;
	e->scale = !tr->p.norm ? 1 : n > 0 ? 1 / sqrt((double)n) : 0;
	e->weight = weight;
	e->label = (int)lab;
	/* Each feature once, with its count. */
	qsort(tr->tmp, n, sizeof(*tr->tmp), u32_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && tr->tmp[j] == tr->tmp[i]; j++)
			continue;
		if (tr->nf == tr->capf) {
			tr->capf = tr->capf ? tr->capf * 2 : 65536;
			tr->fid = xreallocarray(tr->fid, tr->capf,
			    sizeof(*tr->fid));
			tr->fcnt = xreallocarray(tr->fcnt, tr->capf,
			    sizeof(*tr->fcnt));
		}
		tr->fid[tr->nf] = tr->tmp[i];
		tr->fcnt[tr->nf] = (float)(j - i);
		tr->nf++;
		e->n++;
		tr->df[tr->tmp[i]]++;
	}
	return 0;
}

/* splitmix64: a small, good generator for the shuffles. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
name_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	/* "other", what nothing else is, goes last. */
	if (strcmp(x, "other") == 0 || strcmp(y, "other") == 0)
		return strcmp(x, "other") == 0 ? strcmp(y, "other") != 0 :
		    -1;
	return strcmp(x, y);
}

/* One step of AdaGrad on parameter *w with gradient g. */
static inline void
adagrad(double *w, double *acc, double g, double rate)
{
	*acc += g * g;
	*w -= rate * g / sqrt(*acc + 1e-8);
}

struct model *
model_trainer_fit(struct model_trainer *tr, struct cs_error *err)
{
	const struct model_params *p = &tr->p;
	struct model *m;
	char *sorted[MODEL_MAX_CATS];
	int perm[MODEL_MAX_CATS];	/* label -> category */
	double z[MODEL_MAX_CATS], cw[MODEL_MAX_CATS], tot[MODEL_MAX_CATS];
	double *W, *G, b[MODEL_MAX_CATS], Gb[MODEL_MAX_CATS], all, g, x;
	const struct classify_map *mp;
	uint32_t *keep, nkeep = 0, id, r, other;
	uint8_t *use;
	size_t *order, i, j, c, K = tr->nlabels, k;
	uint64_t seed = p->seed;
	int epoch;

	if (K < 2) {
		cs_seterr(err, "need messages of at least two categories, "
		    "got %zu", K);
		return NULL;
	}
	memcpy(sorted, tr->label, K * sizeof(*sorted));
	qsort(sorted, K, sizeof(*sorted), name_cmp);
	for (i = 0; i < K; i++)
		for (j = 0; j < K; j++)
			if (sorted[j] == tr->label[i])
				perm[i] = (int)j;

	/* Features seen in enough messages get a row. */
	keep = xreallocarray(NULL, tr->nids > 0 ? tr->nids : 1,
	    sizeof(*keep));
	for (i = 0; i < tr->nids; i++)
		keep[i] = tr->df[i] >= p->min_count ? nkeep++ :
		    CLASSIFY_MAP_NONE;

	/* Category weights: equal totals when balancing. */
	memset(tot, 0, sizeof(tot));
	all = 0;
	for (i = 0; i < tr->nex; i++) {
		tot[perm[tr->ex[i].label]] += tr->ex[i].weight;
		all += tr->ex[i].weight;
	}
	for (c = 0; c < K; c++)
		cw[c] = p->balance && tot[c] > 0 ? all / (K * tot[c]) : 1;

	W = xcalloc((size_t)nkeep * K + 1, sizeof(*W));
	G = xcalloc((size_t)nkeep * K + 1, sizeof(*G));
	memset(b, 0, sizeof(b));
	memset(Gb, 0, sizeof(Gb));
	order = xreallocarray(NULL, tr->nex > 0 ? tr->nex : 1,
	    sizeof(*order));
	for (i = 0; i < tr->nex; i++)
		order[i] = i;
	for (epoch = 0; epoch < p->epochs; epoch++) {
		for (i = tr->nex; i > 1; i--) {
			size_t pick = (size_t)(rng_next(&seed) % i), t;

			t = order[i - 1];
			order[i - 1] = order[pick];
			order[pick] = t;
		}
		for (i = 0; i < tr->nex; i++) {
			const struct example *e = &tr->ex[order[i]];
			int y = perm[e->label];
			double wt = e->weight * cw[y];

			for (c = 0; c < K; c++)
				z[c] = b[c];
			for (j = e->off; j < e->off + e->n; j++) {
				if ((id = keep[tr->fid[j]]) ==
				    CLASSIFY_MAP_NONE)
					continue;
				x = e->scale * tr->fcnt[j];
				for (c = 0; c < K; c++)
					z[c] += x * W[(size_t)id * K + c];
			}
			softmax(z, K);
			for (c = 0; c < K; c++) {
				z[c] = wt * (z[c] - ((int)c == y));
				adagrad(&b[c], &Gb[c], z[c], p->rate);
			}
			for (j = e->off; j < e->off + e->n; j++) {
				if ((id = keep[tr->fid[j]]) ==
				    CLASSIFY_MAP_NONE)
					continue;
				x = e->scale * tr->fcnt[j];
				for (c = 0; c < K; c++) {
					k = (size_t)id * K + c;
					g = z[c] * x + p->l2 * W[k];
					adagrad(&W[k], &G[k], g, p->rate);
				}
			}
		}
	}

	/*
	 * The model: weights centred (softmax ignores a feature's mean),
	 * rounded to thousandths, and rows that would change no score by
	 * more than the prune threshold dropped.
	 */
	m = xmalloc(sizeof(*m));
	model_init(m);
	m->ncats = K;
	for (c = 0; c < K; c++)
		m->cat[c] = xstrdup(sorted[c]);
	m->prefix = p->prefix;
	m->bigrams = p->bigrams;
	m->norm = p->norm;
	x = 0;
	for (c = 0; c < K; c++)
		x += b[c] / K;
	for (c = 0; c < K; c++)
		m->bias[c] = (float)(lround((b[c] - x) * SCALE)) / SCALE;
	use = xcalloc(nkeep > 0 ? nkeep : 1, 1);
	for (i = 0; i < nkeep; i++) {
		const double *row = W + i * K;
		double mean = 0, max = 0;

		for (c = 0; c < K; c++)
			mean += row[c] / K;
		for (c = 0; c < K; c++)
			if (fabs(row[c] - mean) > max)
				max = fabs(row[c] - mean);
		use[i] = max >= p->prune;
	}
	/* The first word of each pair kept is kept (see model_predict). */
	mp = &tr->map[FK_PAIR];
	for (i = 0; i < mp->cap; i++) {
		const char *key = mp->keys.s + mp->slot[i].koff, *sp;
		size_t klen = mp->slot[i].klen, wlen;
		uint32_t wid;

		if (!mp->slot[i].used ||
		    (id = keep[mp->slot[i].val]) == CLASSIFY_MAP_NONE ||
		    !use[id])
			continue;
		/* "a b": words have no blanks. */
		sp = memchr(key, ' ', klen);
		wlen = sp != NULL ? (size_t)(sp - key) : klen;
		wid = classify_map_get(&tr->map[FK_WORD], key, wlen,
		    classify_hash(key, wlen));
		if (wid != CLASSIFY_MAP_NONE &&
		    (wid = keep[wid]) != CLASSIFY_MAP_NONE)
			use[wid] = 1;
		else	/* cannot happen: df(word) >= df(pair) */
			use[id] = 0;
	}
	for (k = 0; k < FK_NKINDS; k++) {
		mp = &tr->map[k];
		for (i = 0; i < mp->cap; i++) {
			const double *row;
			double mean = 0;
			float *out;

			if (!mp->slot[i].used ||
			    (id = keep[mp->slot[i].val]) == CLASSIFY_MAP_NONE ||
			    !use[id])
				continue;
			r = add_row(m, (int)k, mp->keys.s + mp->slot[i].koff,
			    mp->slot[i].klen, &other);
			/* Two features, one fingerprint: keep the first. */
			if (r == CLASSIFY_MAP_NONE)
				continue;
			row = W + (size_t)id * K;
			for (c = 0; c < K; c++)
				mean += row[c] / K;
			out = m->w + (size_t)r * STRIDE(K);
			for (c = 0; c < K; c++)
				out[c] = (float)lround((row[c] - mean) *
				    SCALE) / SCALE;
		}
	}
	m->comment = xasprintf("trained by cs-classify train on %zu messages: "
	    "epochs %d, rate %g, l2 %g, min-count %u, prune %g, seed %llu, "
	    "balance %d", tr->nex, p->epochs, p->rate, p->l2,
	    p->min_count, p->prune, (unsigned long long)p->seed, p->balance);
	free(W);
	free(G);
	free(keep);
	free(use);
	free(order);
	return m;
}
