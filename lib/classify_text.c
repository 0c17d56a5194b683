/*
 * classify_text: fold a message once and cut it into tokens for every
 * module of the engine.
 *
 * Most of a message is ASCII, which takes a fast path; other characters
 * go through utf8proc one at a time (case folding, compatibility
 * decomposition, marks stripped), without allocating.
 */
#include "compat.h"

#include <utf8proc.h>

#include "classify.h"
#include "util.h"

#define FOLD_OPTS	(UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | \
			    UTF8PROC_COMPAT | UTF8PROC_STRIPMARK)

enum cclass {
	CC_SPACE,
	CC_LETTER,
	CC_DIGIT,
	CC_MARK,	/* combining mark: part of the word, folded away */
	CC_JOIN,	/* ZWJ, variation selector, skin tone: ignored */
	CC_APOS,
	CC_MIDDOT,
	CC_HASH,
	CC_EMOJI,
	CC_PUNCT
};

/* Emoticons, longest first where one is a prefix of another. */
static const char *const emoticons[] = {
	":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ":-O", ":-o",
	";-)", ":'(", ":')", "</3", "^_^", "-_-", "T_T", ":)", ":(", ":D",
	":P", ":p", ":/", ":|", ":O", ":o", ";)", ":*", "<3", "^^", "=)",
	"=(", "=D", ":]", ":[", NULL
};

void
classify_text_init(struct classify_text *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->fold);
	buf_init(&t->lower);
}

void
classify_text_release(struct classify_text *t)
{
	buf_release(&t->fold);
	buf_release(&t->lower);
	free(t->tok);
	classify_text_init(t);
}

static enum cclass
cp_class(utf8proc_int32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			return CC_LETTER;
		if (cp >= '0' && cp <= '9')
			return CC_DIGIT;
		if (cp == '\'')
			return CC_APOS;
		if (cp == '#')
			return CC_HASH;
		if (cp <= ' ' || cp == 0x7f)
			return CC_SPACE;
		return CC_PUNCT;
	}
	if (cp == 0x2019 || cp == 0x02bc)
		return CC_APOS;
	if (cp == 0xb7 || cp == 0x2027 || cp == 0x387)
		return CC_MIDDOT;
	if (cp == 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp == 0x20e3 ||
	    (cp >= 0xe0020 && cp <= 0xe007f))
		return CC_JOIN;
	if ((cp >= 0x1f000 && cp <= 0x1faff) ||
	    (cp >= 0x2600 && cp <= 0x27bf) ||
	    (cp >= 0x2b00 && cp <= 0x2bff) || cp == 0x3030)
		return CC_EMOJI;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return CC_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return CC_DIGIT;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return CC_MARK;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CN:
	case UTF8PROC_CATEGORY_CO:
	case UTF8PROC_CATEGORY_CS:
		return CC_SPACE;
	case UTF8PROC_CATEGORY_SO:
		return cp >= 0x2000 ? CC_EMOJI : CC_PUNCT;
	default:
		return CC_PUNCT;
	}
}

/* Decode one character at s[i]; -1 for an invalid byte. */
static utf8proc_int32_t
decode(const char *s, size_t len, size_t i, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r;

	if ((unsigned char)s[i] < 0x80) {
		*n = 1;
		return (unsigned char)s[i];
	}
	r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	    (utf8proc_ssize_t)(len - i), &cp);
	if (r <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)r;
	return cp;
}

/*
 * Append one byte.  The buffers are grown once per message, so this is
 * usually a store.
 */
static inline void
put(struct buf *b, int c)
{
	if (b->len + 1 >= b->cap)
		buf_grow(b, 1);
	b->s[b->len++] = (char)c;
}

/* Append the accent-free case fold of cp to b. */
static void
fold_cp(struct buf *b, utf8proc_int32_t cp)
{
	utf8proc_int32_t d[32];
	utf8proc_ssize_t n, i;
	int last = 0;

	if (cp < 0x80) {
		put(b, cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		return;
	}
	/* Ordinal indicators stay: "nº" is not "no". */
	if (cp == 0xaa || cp == 0xba) {
		buf_grow(b, 4);
		b->len += (size_t)utf8proc_encode_char(cp,
		    (utf8proc_uint8_t *)b->s + b->len);
		b->s[b->len] = '\0';
		return;
	}
	n = utf8proc_decompose_char(cp, d, (utf8proc_ssize_t)CS_NELEM(d),
	    FOLD_OPTS, &last);
	if (n < 0 || n > (utf8proc_ssize_t)CS_NELEM(d))
		return;
	buf_grow(b, (size_t)n * 4);
	for (i = 0; i < n; i++)
		b->len += (size_t)utf8proc_encode_char(d[i],
		    (utf8proc_uint8_t *)b->s + b->len);
	b->s[b->len] = '\0';
}

/* Append the lower case of cp, accents kept. */
static void
lower_cp(struct buf *b, utf8proc_int32_t cp)
{
	if (cp < 0x80) {
		put(b, cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		return;
	}
	cp = utf8proc_tolower(cp);
	buf_grow(b, 4);
	b->len += (size_t)utf8proc_encode_char(cp,
	    (utf8proc_uint8_t *)b->s + b->len);
	b->s[b->len] = '\0';
}

static int
is_upper(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return utf8proc_isupper(cp);
}

static struct classify_tok *
tok_new(struct classify_text *t)
{
	struct classify_tok *k;

	if (t->ntok == t->captok) {
		t->captok = t->captok ? t->captok * 2 : 64;
		t->tok = xreallocarray(t->tok, t->captok, sizeof(*t->tok));
	}
	k = &t->tok[t->ntok++];
	memset(k, 0, sizeof(*k));
	k->off = (uint32_t)t->fold.len;
	k->loff = (uint32_t)t->lower.len;
	return k;
}

static void
tok_end(struct classify_text *t, struct classify_tok *k, size_t srcend)
{
	k->len = (uint32_t)(t->fold.len - k->off);
	k->llen = (uint32_t)(t->lower.len - k->loff);
	k->srclen = (uint32_t)(srcend - k->src);
	k->hash = classify_hash(t->fold.s + k->off, k->len);
	/*
	 * A blank keeps tokens apart in the buffers: consecutive words
	 * read "a b", which multi-word look-ups use.
	 */
	put(&t->fold, ' ');
	put(&t->lower, ' ');
}

/* The character class at byte i, or CC_SPACE past the end. */
static enum cclass
class_at(const char *s, size_t len, size_t i, utf8proc_int32_t *cp)
{
	size_t n;
	utf8proc_int32_t c;

	if (i >= len)
		return CC_SPACE;
	c = decode(s, len, i, &n);
	if (cp != NULL)
		*cp = c;
	return c < 0 ? CC_SPACE : cp_class(c);
}

static int
wordish(enum cclass c)
{
	return c == CC_LETTER || c == CC_DIGIT || c == CC_MARK;
}

/*
 * Split Catalan (and French) elision: "l'empresa" gives "l'" and
 * "empresa", so both the article and the noun can be matched.
 */
static void
split_elision(struct classify_text *t)
{
	struct classify_tok *k = &t->tok[t->ntok - 1], *r;
	const char *f = t->fold.s + k->off;
	size_t n1, n2, end;

	if (k->len < 4 || k->llen < 4 || f[1] != '\'' || f[0] == '\0' ||
	    strchr("ldsnm", f[0]) == NULL || t->lower.s[k->loff + 1] != '\'')
		return;
	(void)decode(t->src, t->srclen, k->src, &n1);
	(void)decode(t->src, t->srclen, k->src + n1, &n2);
	end = (size_t)k->src + k->srclen;
	r = tok_new(t);
	k = &t->tok[t->ntok - 2];	/* tok_new may move the array */
	*r = *k;
	r->off += 2;
	r->len -= 2;
	r->loff += 2;
	r->llen -= 2;
	r->src = (uint32_t)(k->src + n1 + n2);
	r->srclen = (uint32_t)(end - r->src);
	r->hash = classify_hash(t->fold.s + r->off, r->len);
	k->len = k->llen = 2;
	k->srclen = (uint32_t)(n1 + n2);
	k->hash = classify_hash(t->fold.s + k->off, 2);
	k->flags = (uint8_t)((k->flags & ~CTOK_CAPS) | CTOK_ELISION);
}

void
classify_text_scan(struct classify_text *t, const char *s, size_t len,
    const struct classify_span *skip, size_t nskip)
{
	struct classify_tok *k = NULL;
	size_t i = 0, n, nsk = 0, wletters = 0, wupper = 0, run = 0;
	int hasletter = 0, hashtag = 0;
	utf8proc_int32_t cp;
	enum cclass c;

	t->src = s;
	t->srclen = len;
	t->ntok = 0;
	buf_reset(&t->fold);
	buf_reset(&t->lower);
	buf_grow(&t->fold, len + len / 2 + 16);
	buf_grow(&t->lower, len + len / 2 + 16);
	t->nletters = t->nupper = t->ncaps = t->ncapwords = t->nwords = 0;
	t->ndigits = t->nat = 0;
	t->mixedcase = 0;
	t->n_ntilde = t->n_invq = t->n_grave = t->n_acute_a = 0;
	t->n_middot = t->n_cedil = t->n_tilde_ao = t->n_eszett = 0;
	t->n_circ = t->maxexcl = t->nexcl = t->nquest = 0;

#define END_WORD() do {							\
	if (k != NULL) {						\
		k->kind = hasletter ? CTOK_WORD : CTOK_NUM;		\
		if (hashtag && hasletter)				\
			k->flags |= CTOK_HASHTAG;			\
		if (wletters >= 2 && wupper == wletters)		\
			k->flags |= CTOK_CAPS;				\
		if (hasletter) {					\
			t->nwords++;					\
			t->nletters += wletters;			\
			t->nupper += wupper;				\
			if (wupper < wletters)				\
				t->mixedcase = 1;			\
			if (wletters >= 2 && wupper == wletters)	\
				t->ncaps++;				\
			if (wletters >= 4 && wupper == wletters)	\
				t->ncapwords++;				\
		}							\
		tok_end(t, k, i);					\
		if (hasletter && !hashtag)				\
			split_elision(t);				\
		k = NULL;						\
	}								\
	hashtag = 0;							\
} while (0)

	/* Most messages have no digit: the number scanners can skip them. */
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			t->ndigits++;
		else if (s[i] == '@')
			t->nat++;
	}
	i = 0;
	while (i < len) {
		if (nsk < nskip && i >= skip[nsk].start) {
			END_WORD();
			if (skip[nsk].end > i)
				i = skip[nsk].end;
			nsk++;
			continue;
		}
		cp = decode(s, len, i, &n);
		c = cp < 0 ? CC_SPACE : cp_class(cp);
		if (cp != '!')
			run = 0;
		switch (c) {
		case CC_LETTER:
		case CC_DIGIT:
		case CC_MARK:
			if (k == NULL) {
				if (c == CC_MARK)
					break;
				k = tok_new(t);
				k->src = (uint32_t)i;
				k->cp = (uint32_t)cp;
				wletters = wupper = 0;
				hasletter = 0;
			}
			if (c == CC_LETTER) {
				hasletter = 1;
				wletters++;
				if (is_upper(cp))
					wupper++;
				switch (cp) {
				case 0xf1: case 0xd1:
					t->n_ntilde++;
					break;
				case 0xe0: case 0xe8: case 0xf2:
				case 0xc0: case 0xc8: case 0xd2:
					t->n_grave++;
					break;
				case 0xe1: case 0xc1:
					t->n_acute_a++;
					break;
				case 0xe7: case 0xc7:
					t->n_cedil++;
					break;
				case 0xe3: case 0xf5: case 0xc3: case 0xd5:
					t->n_tilde_ao++;
					break;
				case 0xdf: case 0xe4: case 0xf6:
				case 0xc4: case 0xd6:
					t->n_eszett++;
					break;
				case 0xe2: case 0xea: case 0xee: case 0xf4:
				case 0xfb:
					t->n_circ++;
					break;
				default:
					break;
				}
			}
			fold_cp(&t->fold, cp);
			lower_cp(&t->lower, cp);
			break;
		case CC_JOIN:
			break;
		case CC_APOS:
		case CC_MIDDOT:
			/* Inside words only: "don't", "l'hora", "col·lecció" */
			if (k != NULL && class_at(s, len, i + n, NULL) ==
			    CC_LETTER) {
				if (c == CC_APOS) {
					put(&t->fold, '\'');
					put(&t->lower, '\'');
				} else
					t->n_middot++;
				break;
			}
			END_WORD();
			if (c == CC_MIDDOT)
				break;
			k = tok_new(t);
			k->src = (uint32_t)i;
			k->kind = CTOK_PUNCT;
			buf_addc(&t->fold, '\'');
			buf_addc(&t->lower, '\'');
			tok_end(t, k, i + n);
			k = NULL;
			break;
		case CC_HASH:
			if (k == NULL &&
			    wordish(class_at(s, len, i + 1, NULL))) {
				/* A hashtag's text is a word like any other. */
				END_WORD();
				hashtag = 1;
				k = tok_new(t);
				k->src = (uint32_t)i + 1;
				wletters = wupper = 0;
				hasletter = 0;
				break;
			}
			/* FALLTHROUGH */
		case CC_PUNCT: {
			const char *const *e;
			size_t elen = 0;

			END_WORD();
			/* An emoticon stands alone: not inside "a:b". */
			if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' ||
			    s[i - 1] == '\n') {
				for (e = emoticons; *e != NULL; e++) {
					elen = strlen(*e);
					if (elen <= len - i &&
					    memcmp(s + i, *e, elen) == 0 &&
					    (i + elen == len ||
					    !wordish(class_at(s, len, i + elen,
					    NULL))))
						break;
				}
				if (*e == NULL)
					elen = 0;
			}
			k = tok_new(t);
			k->src = (uint32_t)i;
			k->cp = (uint32_t)cp;
			if (elen > 0) {
				size_t j;

				k->kind = CTOK_EMOJI;
				for (j = 0; j < elen; j++) {
					fold_cp(&t->fold, s[i + j]);
					put(&t->lower, s[i + j]);
				}
				n = elen;
			} else {
				k->kind = CTOK_PUNCT;
				buf_add(&t->fold, s + i, n);
				buf_add(&t->lower, s + i, n);
				if (cp == '!') {
					t->nexcl++;
					if (++run > t->maxexcl)
						t->maxexcl = (unsigned)run;
				} else if (cp == '?')
					t->nquest++;
				else if (cp == 0xbf || cp == 0xa1)
					t->n_invq++;
			}
			tok_end(t, k, i + n);
			k = NULL;
			break;
		}
		case CC_EMOJI:
			END_WORD();
			k = tok_new(t);
			k->src = (uint32_t)i;
			k->cp = (uint32_t)cp;
			k->kind = CTOK_EMOJI;
			buf_add(&t->fold, s + i, n);
			buf_add(&t->lower, s + i, n);
			tok_end(t, k, i + n);
			k = NULL;
			break;
		case CC_SPACE:
		default:
			END_WORD();
			break;
		}
		i += n;
	}
	END_WORD();
#undef END_WORD
	/* put() does not terminate; keep the buffers strings. */
	buf_grow(&t->fold, 0);
	t->fold.s[t->fold.len] = '\0';
	buf_grow(&t->lower, 0);
	t->lower.s[t->lower.len] = '\0';
}

size_t
classify_text_fold(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, n, start = out->len;
	utf8proc_int32_t cp;

	while (i < len) {
		cp = decode(s, len, i, &n);
		if (cp >= 0 && cp_class(cp) != CC_JOIN)
			fold_cp(out, cp);
		i += n;
	}
	buf_grow(out, 0);
	out->s[out->len] = '\0';
	return out->len - start;
}

size_t
classify_text_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}
