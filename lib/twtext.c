/*
 * twtext: twitter-text (v3) in C.  See twtext.h.
 *
 * twitter-text is a set of regular expressions (Regex.java, and their
 * twins in JavaScript and Ruby).  This file matches the same languages
 * with hand-written scanners over an array of code points, taking care
 * to reproduce the order in which a backtracking regex engine tries its
 * alternatives, since the conformance suite depends on it: the leftmost
 * start wins, then the first alternative that succeeds there, and a
 * match that the extractor rejects afterwards still moves the search
 * past it.  The comments name the regex fragment each scanner stands
 * for.  Where the Java and JavaScript references differ, the one the
 * conformance files agree with is followed, and the choice is noted.
 */
#include "compat.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <utf8proc.h>

#include "data.h"
#include "twtext.h"
#include "util.h"

#define TW_SMALL	1024		/* code points kept on the stack */
#define TW_EOT		0x110000u	/* "code point" past the end */
#define TW_NONE		UINT32_MAX

#define MAX_URL_LENGTH		4096	/* Extractor.MAX_URL_LENGTH */
#define MAX_TCO_SLUG_LENGTH	40
#define URL_PROTOCOL_LENGTH	8	/* "https://", added to bare URLs */
#define MAX_LABEL_LENGTH	63	/* RFC 1035, checked by IDN.toASCII */

/*
 * Configurations, as twitter-text's config/v1.json, v2.json, v3.json.
 */
static const struct twtext_range v2_ranges[] = {
	{ 0, 4351, 100 },	/* Basic Latin to Georgian */
	{ 8192, 8205, 100 },	/* spaces in General Punctuation */
	{ 8208, 8223, 100 },	/* hyphens and quotes */
	{ 8242, 8247, 100 },	/* primes */
};

const struct twtext_config twtext_config_v1 = {
	140, 1, 1, 23, 0, NULL, 0
};
const struct twtext_config twtext_config_v2 = {
	280, 100, 200, 23, 0, v2_ranges, CS_NELEM(v2_ranges)
};
const struct twtext_config twtext_config_v3 = {
	280, 100, 200, 23, 1, v2_ranges, CS_NELEM(v2_ranges)
};

/*
 * Decoded text.
 */

/*
 * A text as code points.  off[i] is the byte offset of cp[i] in the
 * UTF-8 text, off[n] its length; texts are at most TWTEXT_MAX_BYTES,
 * so 32 bits do.  Small texts live in the struct itself.
 */
struct tw_text {
	uint32_t	*cp;
	uint32_t	*off;
	size_t		 n;
	size_t		 u16;		/* UTF-16 length */
	int		 bad;		/* held invalid UTF-8 */
	int		 owncp;		/* cp is ours to free */
	uint32_t	 maxcp;		/* the largest code point */
	unsigned	 seen;		/* SEEN_* characters present */
	uint32_t	 scp[TW_SMALL];
	uint32_t	 soff[TW_SMALL + 1];
};

/*
 * Decode one code point of s (len > 0) into *c; returns the bytes used.
 * Overlong forms, surrogates and values past U+10FFFF are invalid: the
 * first byte then counts as one U+FFFD.
 */
static inline size_t
u8_decode(const unsigned char *s, size_t len, uint32_t *c)
{
	uint32_t b = s[0], v;

	if (b < 0x80) {
		*c = b;
		return 1;
	}
	if (b < 0xc2)
		goto bad;
	if (b < 0xe0) {
		if (len < 2 || (s[1] & 0xc0) != 0x80)
			goto bad;
		*c = ((b & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (b < 0xf0) {
		if (len < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			goto bad;
		v = ((b & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
		    (s[2] & 0x3f);
		if (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))
			goto bad;
		*c = v;
		return 3;
	}
	if (b < 0xf5) {
		if (len < 4 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			goto bad;
		v = ((b & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
		    ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		if (v < 0x10000 || v > 0x10ffff)
			goto bad;
		*c = v;
		return 4;
	}
bad:
	*c = 0xfffd;
	return 1;
}

/* Bytes of c in UTF-8. */
static size_t
u8_len(uint32_t c)
{
	if (c < 0x80)
		return 1;
	if (c < 0x800)
		return 2;
	if (c < 0x10000)
		return 3;
	return 4;
}

/* Write c as UTF-8 into p, which has room for 4 bytes. */
static size_t
u8_encode(uint32_t c, char *p)
{
	unsigned char *u = (unsigned char *)p;

	if (c < 0x80) {
		u[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | (c >> 18));
	u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

/* The ASCII characters that the scanners need, in tw_text.seen. */
#define SEEN_DOT	0x01u
#define SEEN_AT		0x02u
#define SEEN_HASH	0x04u
#define SEEN_DOLLAR	0x08u
#define SEEN_COLON	0x10u

static const unsigned char seen_ascii[128] = {
	['.'] = SEEN_DOT, ['@'] = SEEN_AT, ['#'] = SEEN_HASH,
	['$'] = SEEN_DOLLAR, [':'] = SEEN_COLON,
};

static unsigned
seen_bit(uint32_t c)
{
	if (c < 0x80)
		return seen_ascii[c];
	return c == 0xff20 ? SEEN_AT : c == 0xff03 ? SEEN_HASH : 0;
}

static void
text_alloc(struct tw_text *t, size_t n)
{
	t->owncp = 0;
	if (n <= TW_SMALL) {
		t->cp = t->scp;
		t->off = t->soff;
	} else {
		t->cp = xreallocarray(NULL, n, sizeof(*t->cp));
		t->off = xreallocarray(NULL, n + 1, sizeof(*t->off));
		t->owncp = 1;
	}
}

/* Decode UTF-8 text; len is at most TWTEXT_MAX_BYTES. */
static void
text_init(struct tw_text *t, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k, n;
	uint32_t c;

	text_alloc(t, len);
	t->bad = 0;
	t->u16 = 0;
	t->maxcp = 0;
	t->seen = 0;
	for (i = 0, n = 0; i < len; i += k, n++) {
		if (u[i] < 0x80) {
			t->cp[n] = u[i];
			t->off[n] = (uint32_t)i;
			t->seen |= seen_ascii[u[i]];
			k = 1;
			continue;
		}
		k = u8_decode(u + i, len - i, &c);
		if (c == 0xfffd && k == 1)
			t->bad = 1;
		t->cp[n] = c;
		t->off[n] = (uint32_t)i;
		t->u16 += c >= 0x10000;
		if (c > t->maxcp)
			t->maxcp = c;
		t->seen |= seen_bit(c);
	}
	if (t->maxcp < 0x80)
		t->maxcp = n > 0 ? 0x7f : 0;
	t->off[n] = (uint32_t)len;
	t->n = n;
	t->u16 += n;
}

/* Take n code points, whose array the text then owns (if own). */
static void
text_init_cp(struct tw_text *t, uint32_t *cp, size_t n, int own)
{
	size_t i, o;

	t->cp = cp;
	t->owncp = own;
	t->off = n <= TW_SMALL ? t->soff :
	    xreallocarray(NULL, n + 1, sizeof(*t->off));
	t->bad = 0;
	t->u16 = 0;
	t->maxcp = 0;
	t->seen = 0;
	for (i = 0, o = 0; i < n; i++) {
		t->off[i] = (uint32_t)o;
		o += u8_len(cp[i]);
		t->u16 += cp[i] >= 0x10000 ? 2 : 1;
		t->seen |= seen_bit(cp[i]);
		if (cp[i] > t->maxcp)
			t->maxcp = cp[i];
	}
	t->off[n] = (uint32_t)o;
	t->n = n;
}

static void
text_release(struct tw_text *t)
{
	if (t->owncp)
		free(t->cp);
	if (t->off != t->soff)
		free(t->off);
	t->cp = NULL;
	t->off = NULL;
	t->n = 0;
}

static inline uint32_t
at(const struct tw_text *t, size_t i)
{
	return i < t->n ? t->cp[i] : TW_EOT;
}

/*
 * Character classes, named after Regex.java.
 */

static inline int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
is_alnum(uint32_t c)
{
	return is_alpha(c) || is_digit(c);
}

static inline uint32_t
lower(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* ASCII punctuation: Java's \p{Punct}. */
static int
is_punct(uint32_t c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
	    (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/* Java's \s without UNICODE_CHARACTER_CLASS. */
static int
is_jspace(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d);
}

/* UNICODE_SPACES */
static int
is_uspace(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || c == 0x180e ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

/* DIRECTIONAL_CHARACTERS */
static int
is_directional(uint32_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* INVALID_CHARACTERS */
static int
is_invalid(uint32_t c)
{
	return c == 0xfffe || c == 0xfeff || c == 0xffff;
}

static int
is_at(uint32_t c)
{
	return c == '@' || c == 0xff20;
}

static int
is_hash(uint32_t c)
{
	return c == '#' || c == 0xff03;
}

/* LATIN_ACCENTS_CHARS */
static int
is_latin_accent(uint32_t c)
{
	if (c < 0xc0)
		return 0;
	if (c <= 0xff)
		return c != 0xd7 && c != 0xf7;
	if (c <= 0x24f)
		return 1;
	switch (c) {
	case 0x253: case 0x254: case 0x256: case 0x257: case 0x259:
	case 0x25b: case 0x263: case 0x268: case 0x26f: case 0x272:
	case 0x289: case 0x28b: case 0x2bb:
		return 1;
	default:
		break;
	}
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1e00 && c <= 0x1eff);
}

static int
is_cyrillic(uint32_t c)
{
	return c >= 0x400 && c <= 0x4ff;
}

/* URL_VALID_CHARS */
static inline int
is_url_char(uint32_t c)
{
	return is_alnum(c) || is_latin_accent(c);
}

/* URL_VALID_PRECEDING_CHARS, but for the start of the text. */
static int
is_url_preceding(uint32_t c)
{
	return !(is_alnum(c) || c == '@' || c == 0xff20 || c == '$' ||
	    c == '#' || c == 0xff03 || is_invalid(c) || c == TW_EOT);
}

static int
category(uint32_t c)
{
	return c >= TW_EOT ? UTF8PROC_CATEGORY_CN :
	    (int)utf8proc_category((utf8proc_int32_t)c);
}

/*
 * URL_VALID_UNICODE_CHARS: neither PUNCTUATION_CHARS, \s, \p{Z} nor
 * General Punctuation.  Note that the backslash is not in the set.
 */
static int
is_url_unicode(uint32_t c)
{
	static const char punct[] = "-_!\"#$%&'()*+,./:;<=>?@[]^`{|}~";
	int k;

	if (c < 0x80)
		return !is_jspace(c) && (c == 0 || strchr(punct, (int)c) ==
		    NULL);
	if (c >= TW_EOT || (c >= 0x2000 && c <= 0x206f))
		return 0;
	k = category(c);
	return k != UTF8PROC_CATEGORY_ZS && k != UTF8PROC_CATEGORY_ZL &&
	    k != UTF8PROC_CATEGORY_ZP;
}

/* Unicode White_Space, for Mastodon's path characters. */
static int
is_white_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

/* UCHARS of Mastodon's query characters (RFC 3987 ucschar). */
static int
is_ucschar(uint32_t c)
{
	if (c < 0xa0 || c >= TW_EOT)
		return 0;
	if (c <= 0xd7ff || (c >= 0xf900 && c <= 0xfdcf) ||
	    (c >= 0xfdf0 && c <= 0xffef) || (c >= 0xe000 && c <= 0xf8ff))
		return 1;
	if (c >= 0x10000 && (c & 0xfffe) == 0xfffe)
		return 0;
	return c >= 0x10000 && !(c >= 0xe0000 && c < 0xe1000);
}

/*
 * URL_VALID_GENERAL_PATH_CHARS and URL_VALID_PATH_ENDING_CHARS, or
 * Mastodon's replacements of them.
 */
static int
is_path_char(uint32_t c, int mastodon)
{
	if (mastodon)
		return c != TW_EOT && !is_white_space(c) && c != '<' &&
		    c != '>' && c != '(' && c != ')' && c != '?';
	if (is_alnum(c) || is_latin_accent(c) || is_cyrillic(c))
		return 1;
	return c < 0x80 ? strchr("!*';:=+,.$/%#[]-_~|&@", (int)c) != NULL &&
	    c != 0 : c == 0x2013;
}

static int
is_path_end(uint32_t c, int mastodon)
{
	if (mastodon)
		return c != TW_EOT && !is_white_space(c) && (c >= 0x80 ?
		    c != 0x300c && c != 0x300d : c != 0 &&
		    strchr("()?!*\"'<>;:=,.$%[]~&|@", (int)c) == NULL);
	if (is_alnum(c) || is_latin_accent(c) || is_cyrillic(c))
		return 1;
	return c < 0x80 && c != 0 && strchr("=_#/-+", (int)c) != NULL;
}

/* URL_VALID_URL_QUERY_CHARS and URL_VALID_URL_QUERY_ENDING_CHARS */
static int
is_query_char(uint32_t c, int mastodon)
{
	if (is_alnum(c))
		return 1;
	if (c < 0x80)
		return c != 0 && strchr(mastodon ? "!?*'();:&=+$/%#[]-_.,~|@^" :
		    "!?*'();:&=+$/%#[]-_.,~|@", (int)c) != NULL;
	return mastodon && is_ucschar(c);
}

static int
is_query_end(uint32_t c, int mastodon)
{
	if (is_alnum(c))
		return 1;
	if (c < 0x80)
		return c != 0 && strchr("-_&=#/", (int)c) != NULL;
	return mastodon && is_ucschar(c);
}

/* Ranges of HASHTAG_LETTERS_AND_MARKS that Unicode does not call L or M. */
static const uint32_t hashtag_extra[][2] = {
	{ 0xf870, 0xf87f }, { 0xf882, 0xf882 }, { 0xf884, 0xf89f },
	{ 0xf8b8, 0xf8b8 }, { 0xf8c1, 0xf8d6 },
};

/* HASHTAG_LETTERS_AND_MARKS */
static int
is_hashtag_letter(uint32_t c)
{
	size_t i;
	int k;

	if (c < 0x80)
		return is_alpha(c);
	k = category(c);
	if (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ME)
		return 1;
	for (i = 0; i < CS_NELEM(hashtag_extra); i++)
		if (c >= hashtag_extra[i][0] && c <= hashtag_extra[i][1])
			return 1;
	return 0;
}

/* HASHTAG_LETTERS_NUMERALS: letters, marks, numerals, special chars. */
static int
is_hashtag_char(uint32_t c)
{
	switch (c) {
	case '_': case 0x200c: case 0x200d: case 0xa67e: case 0x05be:
	case 0x05f3: case 0x05f4: case 0xff5e: case 0x301c: case 0x309b:
	case 0x309c: case 0x30a0: case 0x30fb: case 0x3003: case 0x0f0b:
	case 0x0f0c: case 0x00b7:
		return 1;
	default:
		break;
	}
	if (c < 0x80)
		return is_alnum(c);
	return is_hashtag_letter(c) || category(c) == UTF8PROC_CATEGORY_ND;
}

/* Ruby's [[:word:]] for Mastodon: letters, marks, numbers, connectors. */
static int
is_word(uint32_t c)
{
	int k;

	if (c < 0x80)
		return is_alnum(c) || c == '_';
	k = category(c);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NL) ||
	    k == UTF8PROC_CATEGORY_PC;
}

/*
 * The TLD list, lib/data/tlds.txt, in a hash set built once.
 */

#define TLD_GENERIC	1
#define TLD_COUNTRY	2

struct tld {
	const char	*s;		/* into the built-in data */
	size_t		 len;
	int		 kind;
};

static pthread_once_t tld_once = PTHREAD_ONCE_INIT;
static struct tld *tld_v;
static size_t	 tld_n;
/*
 * tld_hash: indices + 1 into tld_v, 0 for empty, at least half empty.
 * tld_first: the first code points of the TLDs that are not all ASCII,
 * lowercase, sorted.
 */
static uint32_t	*tld_hash;
static uint32_t	 tld_hmask;
static size_t	 tld_ascii_max;			/* bytes */
static size_t	 tld_uni_max;			/* code points */
static uint32_t	*tld_first;
static size_t	 tld_nfirst;

static uint32_t
fnv1a(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
tld_add(const char *s, size_t len, int kind)
{
	uint32_t h, c;
	size_t cps, i, k;
	int ascii;

	tld_v[tld_n].s = s;
	tld_v[tld_n].len = len;
	tld_v[tld_n].kind = kind;
	h = fnv1a(s, len) & tld_hmask;
	while (tld_hash[h] != 0)
		h = (h + 1) & tld_hmask;
	tld_hash[h] = (uint32_t)++tld_n;
	for (i = 0, cps = 0, ascii = 1; i < len; i += k, cps++) {
		k = u8_decode((const unsigned char *)s + i, len - i, &c);
		ascii &= c < 0x80;
	}
	if (ascii) {
		if (len > tld_ascii_max)
			tld_ascii_max = len;
		return;
	}
	if (cps > tld_uni_max)
		tld_uni_max = cps;
	u8_decode((const unsigned char *)s, len, &c);
	tld_first[tld_nfirst++] = lower(c);
}

static void
tld_load(void)
{
	const char *p, *e, *nl, *data;
	size_t len, lines;
	int kind = TLD_GENERIC;

	if ((data = data_get("tlds.txt", &len)) == NULL)
		return;
	for (p = data, lines = 1; *p != '\0'; p++)
		lines += *p == '\n';
	tld_v = xreallocarray(NULL, lines, sizeof(*tld_v));
	tld_first = xreallocarray(NULL, lines, sizeof(*tld_first));
	for (tld_hmask = 1; tld_hmask < 2 * lines; tld_hmask <<= 1)
		continue;
	tld_hash = xcalloc(tld_hmask, sizeof(*tld_hash));
	tld_hmask--;
	for (p = data, e = data + len; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0 || p[0] == '#')
			continue;
		if (len == 9 && memcmp(p, "[generic]", 9) == 0)
			kind = TLD_GENERIC;
		else if (len == 9 && memcmp(p, "[country]", 9) == 0)
			kind = TLD_COUNTRY;
		else
			tld_add(p, len, kind);
	}
	qsort(tld_first, tld_nfirst, sizeof(*tld_first), cmp_u32);
}

static void
tld_init(void)
{
	pthread_once(&tld_once, tld_load);
}

/* The kind of TLD s is, or 0. */
static int
tld_lookup(const char *s, size_t len)
{
	uint32_t h, i;

	if (tld_hash == NULL)
		return 0;
	h = fnv1a(s, len) & tld_hmask;
	while ((i = tld_hash[h]) != 0) {
		if (tld_v[i - 1].len == len && memcmp(tld_v[i - 1].s, s,
		    len) == 0)
			return tld_v[i - 1].kind;
		h = (h + 1) & tld_hmask;
	}
	return 0;
}

/* The lookahead after a TLD: (?=[^a-z0-9@+-]|$) */
static int
tld_boundary(uint32_t c)
{
	return !(is_alnum(c) || c == '@' || c == '+' || c == '-');
}

/* A character a TLD may have: ASCII letters and digits, or non-ASCII. */
static int
is_tld_char(uint32_t c)
{
	return is_alnum(c) || (c >= 0x80 && c < TW_EOT);
}

/*
 * (?:URL_VALID_GTLD|URL_VALID_CCTLD) at q, then URL_PUNYCODE when puny:
 * returns where the TLD ends, or TW_NONE.  All generic TLDs are tried
 * before the country ones, and the list is sorted so that a longer TLD
 * comes before its prefix (嘉里大酒店 before 嘉里): the longest wins.
 * ASCII letters match in any case, the others exactly, as Java's
 * CASE_INSENSITIVE does.  A TLD all ASCII must end where the run of
 * letters and digits does; the others (みんな, vermögensberater) may end
 * anywhere, so each prefix is looked up, if the first character is the
 * first of such a TLD.
 */
static uint32_t
tld_match(const struct tw_text *t, size_t q, int puny)
{
	char buf[80];
	size_t r, k, i, o, ends[24];
	uint32_t c = at(t, q), best[3] = { TW_NONE, TW_NONE, TW_NONE };
	int kind, uni;

	for (r = q; is_alnum(at(t, r)); r++)
		continue;
	uni = c < TW_EOT && tld_nfirst > 0 && bsearch(&(uint32_t){
	    lower(c) }, tld_first, tld_nfirst, sizeof(c), cmp_u32) != NULL;
	if (uni) {
		for (k = 0, o = 0; k < tld_uni_max && k < CS_NELEM(ends) &&
		    is_tld_char(at(t, q + k)); k++) {
			o += u8_encode(lower(t->cp[q + k]), buf + o);
			ends[k] = o;
			if (o + 4 > sizeof(buf))
				break;
		}
		for (; k > 0; k--) {
			if (q + k <= r && q + k != r)
				break;		/* inside the ASCII run */
			if (!tld_boundary(at(t, q + k)))
				continue;
			if ((kind = tld_lookup(buf, ends[k - 1])) != 0 &&
			    best[kind] == TW_NONE)
				best[kind] = (uint32_t)(q + k);
		}
	}
	if (r > q && r - q <= tld_ascii_max && r - q < sizeof(buf) &&
	    tld_boundary(at(t, r))) {
		for (i = q; i < r; i++)
			buf[i - q] = (char)lower(t->cp[i]);
		if ((kind = tld_lookup(buf, r - q)) != 0 &&
		    (best[kind] == TW_NONE || best[kind] < r))
			best[kind] = (uint32_t)r;
	}
	if (best[TLD_GENERIC] != TW_NONE)
		return best[TLD_GENERIC];
	if (best[TLD_COUNTRY] != TW_NONE)
		return best[TLD_COUNTRY];
	/* xn--[-0-9a-z]+ */
	if (puny && lower(c) == 'x' && lower(at(t, q + 1)) == 'n' &&
	    at(t, q + 2) == '-' && at(t, q + 3) == '-' &&
	    (is_alnum(at(t, q + 4)) || at(t, q + 4) == '-')) {
		for (r = q + 4; is_alnum(at(t, r)) || at(t, r) == '-'; r++)
			continue;
		return (uint32_t)r;
	}
	return TW_NONE;
}

/*
 * Hosts: IDN.toASCII, which Extractor.isValidHostAndLength applies.
 */

/* Code points that nameprep (RFC 3491) prohibits. */
static int
idn_prohibited(uint32_t c)
{
	int k;

	if ((c & 0xfffe) == 0xfffe || (c >= 0xfdd0 && c <= 0xfdef) ||
	    (c >= 0xfff9 && c <= 0xfffd) || (c >= 0x2ff0 && c <= 0x2ffb) ||
	    c == 0x340 || c == 0x341 || c == 0x200e || c == 0x200f ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x206a && c <= 0x206f) ||
	    c == 0xe0001 || (c >= 0xe0020 && c <= 0xe007f))
		return 1;
	k = category(c);
	return (k == UTF8PROC_CATEGORY_CC && c >= 0x80) ||
	    k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL ||
	    k == UTF8PROC_CATEGORY_ZP || k == UTF8PROC_CATEGORY_CO ||
	    k == UTF8PROC_CATEGORY_CS;
}

static uint32_t
puny_adapt(uint64_t delta, uint64_t npoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / npoints;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return (uint32_t)(k + (36 * delta) / (delta + 38));
}

/*
 * The length of the Punycode (RFC 3492) form of the n code points of
 * in, or -1 once it exceeds max.
 */
static long
puny_length(const int32_t *in, size_t n, long max)
{
	uint64_t delta = 0, q, t, k;
	uint32_t cur = 128, bias = 72, m;
	size_t h, b, i;
	long out = 0;

	for (i = 0; i < n; i++)
		out += in[i] < 0x80;
	h = b = (size_t)out;
	if (b > 0)
		out++;
	while (h < n) {
		if (out > max)
			return -1;
		m = UINT32_MAX;
		for (i = 0; i < n; i++)
			if ((uint32_t)in[i] >= cur && (uint32_t)in[i] < m)
				m = (uint32_t)in[i];
		delta += (uint64_t)(m - cur) * (h + 1);
		cur = m;
		for (i = 0; i < n; i++) {
			if ((uint32_t)in[i] < cur)
				delta++;
			if ((uint32_t)in[i] != cur)
				continue;
			for (q = delta, k = 36;; k += 36) {
				t = k <= bias ? 1 : k >= bias + 26 ? 26 :
				    k - bias;
				if (q < t)
					break;
				out++;
				q = (q - t) / (36 - t);
			}
			out++;
			bias = puny_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
		delta++;
		cur++;
	}
	return out > max ? -1 : out;
}

/*
 * The length of IDN.toASCII of one label of n > 0 code points, or -1
 * when Java would throw: nameprep (approximated by NFKC with case
 * folding and the removal of default ignorables), the prohibited
 * characters and bidi rules, the ACE prefix on a non-ASCII label, and
 * the 63 character limit.
 */
static long
idn_label_length(const uint32_t *cp, size_t n)
{
	char u8[4 * 256];
	int32_t v[256];
	utf8proc_ssize_t r;
	size_t i, o;
	int ascii = 1, ral = 0, l = 0;
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
	utf8proc_propval_t bc;

	for (i = 0; i < n; i++)
		ascii &= cp[i] < 0x80;
	if (ascii)
		return n <= MAX_LABEL_LENGTH ? (long)n : -1;
	if (n > 256)
		return -1;	/* too long even if nameprep drops some */
	for (i = 0, o = 0; i < n; i++)
		o += u8_encode(cp[i], u8 + o);
	r = utf8proc_decompose((const utf8proc_uint8_t *)u8,
	    (utf8proc_ssize_t)o, v, (utf8proc_ssize_t)CS_NELEM(v), opts);
	if (r <= 0 || r > (utf8proc_ssize_t)CS_NELEM(v))
		return -1;
	r = utf8proc_normalize_utf32(v, r, opts);
	if (r <= 0)
		return -1;
	for (i = 0, ascii = 1; i < (size_t)r; i++) {
		if (idn_prohibited((uint32_t)v[i]))
			return -1;
		ascii &= v[i] < 0x80;
		bc = utf8proc_get_property(v[i])->bidi_class;
		if (bc == UTF8PROC_BIDI_CLASS_R || bc == UTF8PROC_BIDI_CLASS_AL)
			ral = 1;
		else if (bc == UTF8PROC_BIDI_CLASS_L)
			l = 1;
	}
	if (ral) {
		/* RFC 3454, 6: no LCat, and RandALCat at both ends. */
		if (l)
			return -1;
		bc = utf8proc_get_property(v[0])->bidi_class;
		if (bc != UTF8PROC_BIDI_CLASS_R && bc != UTF8PROC_BIDI_CLASS_AL)
			return -1;
		bc = utf8proc_get_property(v[r - 1])->bidi_class;
		if (bc != UTF8PROC_BIDI_CLASS_R && bc != UTF8PROC_BIDI_CLASS_AL)
			return -1;
	}
	if (ascii)
		return r <= MAX_LABEL_LENGTH ? (long)r : -1;
	if (r >= 4 && lower((uint32_t)v[0]) == 'x' &&
	    lower((uint32_t)v[1]) == 'n' && v[2] == '-' && v[3] == '-')
		return -1;
	r = puny_length(v, (size_t)r, MAX_LABEL_LENGTH - 4);
	return r < 0 ? -1 : r + 4;
}

/* IDNA label separators. */
static int
is_label_dot(uint32_t c)
{
	return c == '.' || c == 0x3002 || c == 0xff0e || c == 0xff61;
}

/*
 * The length of IDN.toASCII(host), the host being code points [a, b)
 * of the text, or -1 if it is not a valid host.
 */
static long
idn_host_length(const struct tw_text *t, size_t a, size_t b)
{
	size_t i, j;
	long n, total = 0;

	if (a >= b)
		return -1;
	for (i = a; i <= b; i = j + 1) {
		for (j = i; j < b && !is_label_dot(t->cp[j]); j++)
			continue;
		if (j == i)
			return -1;
		if ((n = idn_label_length(t->cp + i, j - i)) < 0)
			return -1;
		total += n + (j < b);
	}
	return total;
}

/* UTF-16 length of code points [a, b). */
static size_t
u16_span(const struct tw_text *t, size_t a, size_t b)
{
	size_t n = b - a;

	if (t->maxcp >= 0x10000)
		for (; a < b; a++)
			n += t->cp[a] >= 0x10000;
	return n;
}

/* Extractor.isValidHostAndLength */
static int
url_host_ok(const struct tw_text *t, size_t start, size_t end,
    size_t host, size_t hend, int bare)
{
	long puny;
	size_t len;

	if ((puny = idn_host_length(t, host, hend)) <= 0)
		return 0;
	len = u16_span(t, start, end) + (size_t)puny - u16_span(t, host, hend);
	if (bare)
		len += URL_PROTOCOL_LENGTH;
	return len <= MAX_URL_LENGTH;
}

/*
 * URLs: VALID_URL.
 */

struct tw_scan {
	const struct tw_text *t;
	int		 mastodon;	/* Mastodon's paths and schemes */
	int		 domains;	/* some best[i] is not TW_NONE */
	uint32_t	*best;		/* n + 1, see scan_prepare */
	uint32_t	 sbest[TW_SMALL + 1];
};

struct tw_url {
	size_t		 start, end;	/* the match of group 3 */
	size_t		 host, hend;	/* group 5 */
	size_t		 plen;		/* group 4; 0: none */
	uint32_t	 pre;		/* group 2; TW_EOT when empty */
};

/*
 * The first alternative of URL_VALID_DOMAIN is
 *
 *	(?>SUBDOMAIN)* DOMAIN_NAME (?:GTLD|CCTLD|PUNYCODE)
 *
 * where a subdomain is a label of [C_-] and a domain name a label of
 * [C-] (C being URL_VALID_CHARS), starting and ending with C and
 * followed by a dot.  The star is greedy: the engine takes all the
 * subdomain labels it can and gives them back one by one until a domain
 * name and a TLD follow.  best[i] records where that succeeds for a
 * domain starting at i, or TW_NONE; computed right to left in one pass,
 * it makes the search linear however many dots the text holds.  The
 * other two alternatives match nothing that this one does not, except
 * the Unicode domain after a scheme (see url_domain).
 */
static void
scan_prepare(struct tw_scan *sc)
{
	const struct tw_text *t = sc->t;
	size_t i, se, de, lastq = SIZE_MAX;
	uint32_t c, b, lastb = TW_NONE;

	sc->best = t->n < TW_SMALL ? sc->sbest :
	    xreallocarray(NULL, t->n + 1, sizeof(*sc->best));
	sc->best[t->n] = TW_NONE;
	se = de = t->n;
	for (i = t->n; i-- > 0;) {
		c = t->cp[i];
		/* se, de: where the [C_-] and [C-] runs at i end. */
		if (!(is_url_char(c) || c == '-' || c == '_'))
			se = i;
		if (!(is_url_char(c) || c == '-'))
			de = i;
		b = TW_NONE;
		if (!is_url_char(c)) {
			sc->best[i] = b;
			continue;
		}
		if (se < t->n && t->cp[se] == '.' &&
		    is_url_char(t->cp[se - 1]))
			b = sc->best[se + 1];
		if (b == TW_NONE && de < t->n && t->cp[de] == '.' &&
		    is_url_char(t->cp[de - 1])) {
			if (de + 1 != lastq) {
				lastq = de + 1;
				lastb = tld_match(t, lastq, 1);
			}
			b = lastb;
		}
		sc->best[i] = b;
		sc->domains |= b != TW_NONE;
	}
}

static void
scan_init(struct tw_scan *sc, const struct tw_text *t, int mastodon)
{
	sc->t = t;
	sc->mastodon = mastodon;
	sc->domains = 0;
	tld_init();
	scan_prepare(sc);
}

static void
scan_release(struct tw_scan *sc)
{
	if (sc->best != sc->sbest)
		free(sc->best);
	sc->best = NULL;
}

/* Does the text at i read s (ASCII, any case)? */
static int
text_is(const struct tw_text *t, size_t i, const char *s)
{
	for (; *s != '\0'; s++, i++)
		if (lower(at(t, i)) != (uint32_t)*s)
			return 0;
	return 1;
}

/* (https?://)?, or Mastodon's list of schemes: the length, or 0. */
static size_t
url_scheme(const struct tw_text *t, size_t i, int mastodon)
{
	static const char *const more[] = {
		"dat://", "dweb://", "ipfs://", "ipns://", "ssb://",
		"gopher://", "gemini://",
	};
	size_t k;

	if (text_is(t, i, "https://"))
		return 8;
	if (text_is(t, i, "http://"))
		return 7;
	if (mastodon)
		for (k = 0; k < CS_NELEM(more); k++)
			if (text_is(t, i, more[k]))
				return strlen(more[k]);
	return 0;
}

/* (?<=https?://) before i */
static int
after_http(const struct tw_text *t, size_t i)
{
	return (i >= 7 && text_is(t, i - 7, "http://")) ||
	    (i >= 8 && text_is(t, i - 8, "https://"));
}

/*
 * URL_VALID_DOMAIN at p: the first alternative (best[]), else, after
 * http:// or https://, a single URL_VALID_UNICODE_DOMAIN_NAME label
 * and a TLD.  Returns the end, or TW_NONE.
 */
static uint32_t
url_domain(const struct tw_scan *sc, size_t p)
{
	const struct tw_text *t = sc->t;
	size_t e;

	if (p >= t->n)
		return TW_NONE;
	if (sc->best[p] != TW_NONE)
		return sc->best[p];
	if (p < 7 || t->cp[p - 1] != '/' || !after_http(t, p) ||
	    !is_url_unicode(t->cp[p]))
		return TW_NONE;
	for (e = p; is_url_unicode(at(t, e)) || at(t, e) == '-'; e++)
		continue;
	if (at(t, e) != '.' || t->cp[e - 1] == '-')
		return TW_NONE;
	return tld_match(t, e + 1, 0);
}

/*
 * URL_BALANCED_PARENS at i (an open parenthesis): its end, or TW_NONE.
 * Up to two levels: ( chars ) or ( chars ( chars ) chars ).
 */
static uint32_t
url_parens(const struct tw_text *t, size_t i, int mastodon)
{
	size_t j, k;

	for (j = i + 1; is_path_char(at(t, j), mastodon); j++)
		continue;
	if (at(t, j) == ')' && j > i + 1)
		return (uint32_t)(j + 1);
	if (at(t, j) != '(')
		return TW_NONE;
	for (k = j + 1; is_path_char(at(t, k), mastodon); k++)
		continue;
	if (at(t, k) != ')' || k == j + 1)
		return TW_NONE;
	for (k++; is_path_char(at(t, k), mastodon); k++)
		continue;
	return at(t, k) == ')' ? (uint32_t)(k + 1) : TW_NONE;
}

/*
 * (/URL_VALID_PATH*+)? at i, a slash: the longest run of path
 * characters and balanced parentheses that ends with a path ending
 * character or parentheses, which is what the greedy, then possessive,
 * repetition settles on.
 */
static size_t
url_path(const struct tw_text *t, size_t i, int mastodon)
{
	size_t j, last;
	uint32_t c, k;

	for (j = last = i + 1;;) {
		c = at(t, j);
		if (is_path_char(c, mastodon)) {
			j++;
			if (is_path_end(c, mastodon))
				last = j;
		} else if (c == '(' && (k = url_parens(t, j, mastodon)) !=
		    TW_NONE)
			j = last = k;
		else
			break;
	}
	return last;
}

/* (\?QUERY_CHARS*QUERY_ENDING_CHARS)? at i, a question mark. */
static size_t
url_query(const struct tw_text *t, size_t i, int mastodon)
{
	size_t j, last = i;

	for (j = i + 1; is_query_char(at(t, j), mastodon); j++)
		if (is_query_end(t->cp[j], mastodon))
			last = j + 1;
	return last;
}

/* Group 3 of VALID_URL at u. */
static int
url_at(const struct tw_scan *sc, size_t u, struct tw_url *m)
{
	const struct tw_text *t = sc->t;
	uint32_t c = at(t, u), e = TW_NONE;
	size_t plen = 0;

	if (u >= t->n)
		return 0;
	/*
	 * Most starts fail: no domain name there (best[]), nor a scheme
	 * (a letter), nor a Unicode domain after http:// (a slash before).
	 */
	if (sc->best[u] == TW_NONE && (u == 0 || t->cp[u - 1] != '/') &&
	    lower(c) != 'h' && (!sc->mastodon || (lower(c) != 'd' &&
	    lower(c) != 'i' && lower(c) != 's' && lower(c) != 'g')))
		return 0;
	if (!is_url_char(c) && !is_url_unicode(c))
		return 0;
	/* Only a scheme starts with a letter and is no domain name. */
	if (is_alpha(c) && (plen = url_scheme(t, u, sc->mastodon)) != 0)
		e = url_domain(sc, u + plen);
	if (e == TW_NONE) {
		plen = 0;
		if ((e = url_domain(sc, u)) == TW_NONE)
			return 0;
	}
	m->start = u;
	m->plen = plen;
	m->host = u + plen;
	m->hend = e;
	if (at(t, e) == ':' && is_digit(at(t, e + 1)))
		for (e += 2; is_digit(at(t, e)); e++)
			continue;
	if (at(t, e) == '/')
		e = (uint32_t)url_path(t, e, sc->mastodon);
	if (at(t, e) == '?')
		e = (uint32_t)url_query(t, e, sc->mastodon);
	m->end = e;
	return 1;
}

/*
 * Matcher.find() for VALID_URL from position from: the first start s
 * where (PRECEDING)(URL) matches.  The preceding group takes one
 * character when it can, and only at the very start of the text is it
 * allowed to be empty (^), which the engine tries last.
 */
static int
url_find(const struct tw_scan *sc, size_t from, struct tw_url *m)
{
	const struct tw_text *t = sc->t;
	size_t s;

	for (s = from; s < t->n; s++) {
		if (is_url_preceding(t->cp[s]) && url_at(sc, s + 1, m)) {
			m->pre = t->cp[s];
			return 1;
		}
		if (s == 0 && url_at(sc, 0, m)) {
			m->pre = TW_EOT;
			return 1;
		}
	}
	return 0;
}

/*
 * VALID_TCO_URL on the URL [a, b): ^https?://t\.co/([a-z0-9]+)(?:\?
 * QUERY*QUERY_END)?  Returns the end of its match, with the slug length
 * in *slug, or TW_NONE.
 */
static uint32_t
url_tco(const struct tw_text *t, size_t a, size_t b, size_t *slug)
{
	size_t i, j, q;

	if (text_is(t, a, "https://t.co/"))
		i = a + 13;
	else if (text_is(t, a, "http://t.co/"))
		i = a + 12;
	else
		return TW_NONE;
	for (j = i; j < b && is_alnum(t->cp[j]); j++)
		continue;
	if (j == i)
		return TW_NONE;
	*slug = j - i;
	if (j < b && t->cp[j] == '?') {
		for (q = j + 1; q < b && is_query_char(t->cp[q], 0); q++)
			if (is_query_end(t->cp[q], 0))
				j = q + 1;
	}
	return (uint32_t)j;
}

/*
 * Entity lists.
 */

void
twtext_entities_init(struct twtext_entities *e)
{
	e->v = NULL;
	e->n = 0;
	e->cap = 0;
}

void
twtext_entities_release(struct twtext_entities *e)
{
	if (e == NULL)
		return;
	free(e->v);
	twtext_entities_init(e);
}

/*
 * Append an entity of text t: span [a, b), value [va, vb), list slug
 * [la, lb) (la == lb: none), all code point indices.
 */
static void
ents_add(struct twtext_entities *e, const struct tw_text *t,
    enum twtext_type type, size_t a, size_t b, size_t va, size_t vb,
    size_t la, size_t lb)
{
	struct twtext_entity *x;

	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
	}
	x = &e->v[e->n++];
	x->type = type;
	x->start = a;
	x->end = b;
	x->off = t->off[a];
	x->len = t->off[b] - t->off[a];
	x->voff = t->off[va];
	x->vlen = t->off[vb] - t->off[va];
	x->loff = t->off[la];
	x->llen = t->off[lb] - t->off[la];
}

/* Extractor.extractURLsWithIndices; need_scheme skips bare domains. */
static void
urls_scan(struct twtext_entities *out, const struct tw_text *t,
    int mastodon, int need_scheme)
{
	struct tw_scan sc;
	struct tw_url m;
	size_t pos, slug;
	uint32_t end, tco;

	if (!(t->seen & SEEN_DOT))
		return;
	scan_init(&sc, t, mastodon);
	/* A URL needs a domain name, or a scheme for a Unicode one. */
	if (!sc.domains && !(t->seen & SEEN_COLON)) {
		scan_release(&sc);
		return;
	}
	for (pos = 0; url_find(&sc, pos, &m); pos = m.end) {
		if (m.plen == 0 && (need_scheme || m.pre == '-' ||
		    m.pre == '_' || m.pre == '.' || m.pre == '/'))
			continue;
		end = (uint32_t)m.end;
		if (m.plen != 0 &&
		    (tco = url_tco(t, m.start, m.end, &slug)) != TW_NONE) {
			if (slug > MAX_TCO_SLUG_LENGTH)
				continue;
			end = tco;
		}
		if (!url_host_ok(t, m.start, end, m.host, m.hend, m.plen == 0))
			continue;
		ents_add(out, t, TWTEXT_URL, m.start, end, m.start, end, end,
		    end);
	}
	scan_release(&sc);
}

/*
 * Mentions: VALID_MENTION_OR_LIST, then INVALID_MENTION_MATCH_END.
 */

/* INVALID_MENTION_MATCH_END at i */
static int
mention_bad_end(const struct tw_text *t, size_t i)
{
	uint32_t c = at(t, i);

	return is_at(c) || is_latin_accent(c) || (c == ':' &&
	    at(t, i + 1) == '/' && at(t, i + 2) == '/');
}

struct tw_mention {
	size_t		 at, name, nend, lend;	/* list: nend..lend */
};

/*
 * [@＠]([a-z0-9_]{1,20})(/[a-z][a-z0-9_\-]{0,24})? at a.  The reference
 * in Java allows several at signs; the JavaScript and Ruby ones, one,
 * which is what this does.
 */
static int
mention_body(const struct tw_text *t, size_t a, struct tw_mention *m)
{
	size_t u, l;
	uint32_t c;

	if (!is_at(at(t, a)))
		return 0;
	for (u = a + 1; u < a + 21; u++)
		if (!is_alnum(c = at(t, u)) && c != '_')
			break;
	if (u == a + 1)
		return 0;
	m->at = a;
	m->name = a + 1;
	m->nend = m->lend = u;
	if (at(t, u) == '/' && is_alpha(at(t, u + 1))) {
		for (l = u + 2; l < u + 26; l++)
			if (!is_alnum(c = at(t, l)) && c != '_' && c != '-')
				break;
		m->lend = l;
	}
	return 1;
}

/* RT:? then the mention, at r. */
static int
mention_rt(const struct tw_text *t, size_t r, struct tw_mention *m)
{
	if (lower(at(t, r)) != 'r' || lower(at(t, r + 1)) != 't')
		return 0;
	if (at(t, r + 2) == ':' && mention_body(t, r + 3, m))
		return 1;
	return mention_body(t, r + 2, m);
}

/*
 * The match at s: ([^a-z0-9_!#$%&*@＠]|^|(?:^|[^a-z0-9_+~.-])RT:?)
 * then the body.
 */
static int
mention_try(const struct tw_text *t, size_t s, struct tw_mention *m)
{
	uint32_t c = at(t, s);

	if (c != TW_EOT && !is_alnum(c) && c != '_' && c != '!' && c != '#' &&
	    c != '$' && c != '%' && c != '&' && c != '*' && !is_at(c) &&
	    mention_body(t, s + 1, m))
		return 1;
	if (s == 0 && (mention_body(t, 0, m) || mention_rt(t, 0, m)))
		return 1;
	return c != TW_EOT && !is_alnum(c) && c != '_' && c != '+' &&
	    c != '~' && c != '.' && c != '-' && mention_rt(t, s + 1, m);
}

/* Extractor.extractMentionsOrListsWithIndices; lists 0: mentions only. */
static void
mentions_scan(struct twtext_entities *out, const struct tw_text *t,
    int lists)
{
	struct tw_mention m;
	size_t s, a;

	if (!(t->seen & SEEN_AT))
		return;

	for (s = 0; s < t->n;) {
		/* The at sign is at most four characters after s. */
		for (a = s; a < t->n && !is_at(t->cp[a]); a++)
			continue;
		if (a == t->n)
			break;
		if (a > s + 4)
			s = a - 4;
		if (!mention_try(t, s, &m)) {
			s++;
			continue;
		}
		s = m.lend;
		if (mention_bad_end(t, m.lend))
			continue;
		if (m.lend > m.nend) {
			if (lists)
				ents_add(out, t, TWTEXT_MENTION, m.at, m.lend,
				    m.name, m.nend, m.nend, m.lend);
		} else
			ents_add(out, t, TWTEXT_MENTION, m.at, m.nend,
			    m.name, m.nend, m.nend, m.nend);
	}
}

/*
 * Hashtags: VALID_HASHTAG, then INVALID_HASHTAG_MATCH_END.
 */

/*
 * ([#＃])(?![\uFE0F\u20E3])(LNS*L LNS*) at h: the tag is the whole run
 * of hashtag characters, which must hold a letter.  Returns its end, or
 * TW_NONE.
 */
static uint32_t
hashtag_body(const struct tw_text *t, size_t h)
{
	size_t r;
	int letter = 0;
	uint32_t c;

	if (!is_hash(at(t, h)))
		return TW_NONE;
	c = at(t, h + 1);
	if (c == 0xfe0f || c == 0x20e3)
		return TW_NONE;
	for (r = h + 1; is_hashtag_char(c = at(t, r)); r++)
		letter |= is_hashtag_letter(c);
	return letter ? (uint32_t)r : TW_NONE;
}

/* Extractor.extractHashtagsWithIndices(text, false) */
static void
hashtags_scan(struct twtext_entities *out, const struct tw_text *t)
{
	size_t s, h;
	uint32_t c, e;

	if (!(t->seen & SEEN_HASH))
		return;

	for (s = 0; s < t->n;) {
		for (h = s; h < t->n && !is_hash(t->cp[h]); h++)
			continue;
		if (h == t->n)
			break;
		if (h > s + 1)
			s = h - 1;
		/* (^|\uFE0E|\uFE0F|[^&LNS]), ^ first */
		h = s;
		if (s != 0 || (e = hashtag_body(t, 0)) == TW_NONE) {
			c = t->cp[s];
			h = s + 1;
			if ((c != 0xfe0e && c != 0xfe0f && (c == '&' ||
			    is_hashtag_char(c))) ||
			    (e = hashtag_body(t, h)) == TW_NONE) {
				s++;
				continue;
			}
		}
		s = e;
		c = at(t, e);
		if (is_hash(c) || (c == ':' && at(t, e + 1) == '/' &&
		    at(t, e + 2) == '/'))
			continue;
		ents_add(out, t, TWTEXT_HASHTAG, h, e, h + 1, e, e, e);
	}
}

/*
 * Cashtags: VALID_CASHTAG.
 */

/* (?=$|\s|\p{Punct}) */
static int
cashtag_boundary(uint32_t c)
{
	return c == TW_EOT || is_jspace(c) || is_punct(c);
}

/* (\$)([a-z]{1,6}(?:[._][a-z]{1,2})?) and the lookahead, at d. */
static uint32_t
cashtag_body(const struct tw_text *t, size_t d)
{
	size_t r, k;

	if (at(t, d) != '$')
		return TW_NONE;
	for (r = d + 1; is_alpha(at(t, r)); r++)
		continue;
	if (r == d + 1 || r - d - 1 > 6)
		return TW_NONE;
	if ((at(t, r) == '.' || at(t, r) == '_') && is_alpha(at(t, r + 1))) {
		for (k = r + 1; is_alpha(at(t, k)); k++)
			continue;
		if (k - r - 1 <= 2 && cashtag_boundary(at(t, k)))
			return (uint32_t)k;
	}
	return cashtag_boundary(at(t, r)) ? (uint32_t)r : TW_NONE;
}

static void
cashtags_scan(struct twtext_entities *out, const struct tw_text *t)
{
	size_t s, d;
	uint32_t c, e;

	if (!(t->seen & SEEN_DOLLAR))
		return;

	for (s = 0; s < t->n;) {
		for (d = s; d < t->n && t->cp[d] != '$'; d++)
			continue;
		if (d == t->n)
			break;
		if (d > s + 1)
			s = d - 1;
		/* (^|UNICODE_SPACES|DIRECTIONAL_CHARACTERS) */
		d = s;
		if (s != 0 || (e = cashtag_body(t, 0)) == TW_NONE) {
			c = t->cp[s];
			d = s + 1;
			if (!(is_uspace(c) || is_directional(c)) ||
			    (e = cashtag_body(t, d)) == TW_NONE) {
				s++;
				continue;
			}
		}
		s = e;
		ents_add(out, t, TWTEXT_CASHTAG, d, e, d + 1, e, e, e);
	}
}

/*
 * The public extractors.
 */

static int
type_rank(enum twtext_type type)
{
	/* The order extractEntitiesWithIndices adds them in. */
	switch (type) {
	case TWTEXT_URL:
		return 0;
	case TWTEXT_HASHTAG:
		return 1;
	case TWTEXT_MENTION:
		return 2;
	default:
		return 3;
	}
}

static int
cmp_entity(const void *a, const void *b)
{
	const struct twtext_entity *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return type_rank(x->type) - type_rank(y->type);
}

/* Extractor.removeOverlappingEntities: sort, drop what overlaps. */
static void
ents_unoverlap(struct twtext_entities *e)
{
	size_t i, k;

	if (e->n < 2)
		return;
	qsort(e->v, e->n, sizeof(*e->v), cmp_entity);
	for (i = 1, k = 0; i < e->n; i++)
		if (e->v[k].end <= e->v[i].start)
			e->v[++k] = e->v[i];
	e->n = k + 1;
}

/* Keep the entities of one type. */
static void
ents_keep(struct twtext_entities *e, enum twtext_type type)
{
	size_t i, k;

	for (i = k = 0; i < e->n; i++)
		if (e->v[i].type == type)
			e->v[k++] = e->v[i];
	e->n = k;
}

enum extract_kind {
	EX_URLS,
	EX_MENTIONS,
	EX_MENTIONS_OR_LISTS,
	EX_HASHTAGS,
	EX_CASHTAGS,
	EX_ALL
};

static size_t
extract(struct twtext_entities *out, const char *s, size_t len,
    enum extract_kind kind)
{
	struct tw_text t;

	out->n = 0;
	if (len == 0 || len > TWTEXT_MAX_BYTES)
		return 0;
	text_init(&t, s, len);
	switch (kind) {
	case EX_URLS:
		urls_scan(out, &t, 0, 0);
		break;
	case EX_MENTIONS:
	case EX_MENTIONS_OR_LISTS:
		mentions_scan(out, &t, kind == EX_MENTIONS_OR_LISTS);
		break;
	case EX_HASHTAGS:
		hashtags_scan(out, &t);
		if (out->n == 0)
			break;
		urls_scan(out, &t, 0, 0);
		ents_unoverlap(out);
		ents_keep(out, TWTEXT_HASHTAG);
		break;
	case EX_CASHTAGS:
		cashtags_scan(out, &t);
		break;
	case EX_ALL:
		urls_scan(out, &t, 0, 0);
		hashtags_scan(out, &t);
		mentions_scan(out, &t, 1);
		cashtags_scan(out, &t);
		ents_unoverlap(out);
		break;
	}
	text_release(&t);
	return out->n;
}

size_t
twtext_extract_urls(struct twtext_entities *out, const char *s, size_t len)
{
	return extract(out, s, len, EX_URLS);
}

size_t
twtext_extract_mentions(struct twtext_entities *out, const char *s,
    size_t len)
{
	return extract(out, s, len, EX_MENTIONS);
}

size_t
twtext_extract_mentions_or_lists(struct twtext_entities *out, const char *s,
    size_t len)
{
	return extract(out, s, len, EX_MENTIONS_OR_LISTS);
}

size_t
twtext_extract_hashtags(struct twtext_entities *out, const char *s,
    size_t len)
{
	return extract(out, s, len, EX_HASHTAGS);
}

size_t
twtext_extract_cashtags(struct twtext_entities *out, const char *s,
    size_t len)
{
	return extract(out, s, len, EX_CASHTAGS);
}

size_t
twtext_extract_entities(struct twtext_entities *out, const char *s,
    size_t len)
{
	return extract(out, s, len, EX_ALL);
}

/* VALID_REPLY, then INVALID_MENTION_MATCH_END. */
int
twtext_extract_reply(const char *s, size_t len, size_t *voff, size_t *vlen)
{
	struct tw_text t;
	size_t i, u;
	uint32_t c;
	int ok = 0;

	if (len == 0 || len > TWTEXT_MAX_BYTES)
		return 0;
	text_init(&t, s, len);
	for (i = 0; is_uspace(c = at(&t, i)) || is_directional(c); i++)
		continue;
	if (is_at(c)) {
		for (u = i + 1; u < i + 21; u++)
			if (!is_alnum(c = at(&t, u)) && c != '_')
				break;
		if (u > i + 1 && !mention_bad_end(&t, u)) {
			*voff = t.off[i + 1];
			*vlen = t.off[u] - t.off[i + 1];
			ok = 1;
		}
	}
	text_release(&t);
	return ok;
}

/*
 * Weighted length.
 */

/*
 * Emoji, as twitter-text finds them: with twemoji-parser's regex (the
 * 11.0.2 that twitter-text 3.1.0 uses), whose sequences are listed in
 * lib/data/twemoji.txt (scripts/data/twemoji-table.py) as "ALT
 * HEX-HEX... [!]": the rank of the regex's alternative, the code points,
 * and "!" when it must not be followed by U+FE0E.  The regex takes the
 * first alternative that matches and, within one, the longest sequence.
 * Newer emoji than the list's are not one emoji to twitter-text: each
 * of their code points weighs as it does.
 */

#define EMOJI_MAX	8	/* code points in the longest sequence */

struct emoji_seq {
	uint32_t	cp[EMOJI_MAX];
	uint8_t		n;
	uint8_t		alt;
	uint8_t		look;	/* not followed by U+FE0E */
};

static pthread_once_t emoji_once = PTHREAD_ONCE_INIT;
static struct emoji_seq *emoji_v;	/* sorted by first code point */
static size_t	 emoji_n;

static int
cmp_emoji(const void *a, const void *b)
{
	const struct emoji_seq *x = a, *y = b;

	return x->cp[0] < y->cp[0] ? -1 : x->cp[0] > y->cp[0];
}

/* One line of twemoji.txt into e; 0 if it is not a sequence. */
static int
emoji_parse_line(const char *p, const char *end, struct emoji_seq *e)
{
	unsigned long v;
	char *q;

	memset(e, 0, sizeof(*e));
	v = strtoul(p, &q, 10);
	if (q == p || v == 0 || v > 255 || *q != ' ')
		return 0;
	e->alt = (uint8_t)v;
	for (p = q + 1; p < end && e->n < EMOJI_MAX; p = q + 1) {
		v = strtoul(p, &q, 16);
		if (q == p || v > 0x10ffff)
			return 0;
		e->cp[e->n++] = (uint32_t)v;
		if (q >= end || *q != '-')
			break;
	}
	e->look = q + 1 < end && q[1] == '!';
	return e->n > 0;
}

static void
emoji_load(void)
{
	const char *p, *e, *nl, *data;
	size_t len, lines;

	if ((data = data_get("twemoji.txt", &len)) == NULL)
		return;
	for (p = data, lines = 1; *p != '\0'; p++)
		lines += *p == '\n';
	emoji_v = xreallocarray(NULL, lines, sizeof(*emoji_v));
	for (p = data, e = data + len; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if (p < nl && *p != '#' &&
		    emoji_parse_line(p, nl, &emoji_v[emoji_n]))
			emoji_n++;
	}
	qsort(emoji_v, emoji_n, sizeof(*emoji_v), cmp_emoji);
}

/*
 * The length of the emoji sequence twemoji-parser's regex matches at i,
 * or 0.
 */
static size_t
emoji_length(const uint32_t *cp, size_t n, size_t i)
{
	const struct emoji_seq *e;
	size_t lo = 0, hi, k, best = 0;
	unsigned alt = 256;

	pthread_once(&emoji_once, emoji_load);
	hi = emoji_n;
	while (lo < hi) {
		k = lo + (hi - lo) / 2;
		if (emoji_v[k].cp[0] < cp[i])
			lo = k + 1;
		else
			hi = k;
	}
	for (e = emoji_v + lo; e < emoji_v + emoji_n && e->cp[0] == cp[i];
	    e++) {
		if (e->n > n - i || e->alt > alt ||
		    (e->alt == alt && e->n <= best))
			continue;
		for (k = 1; k < e->n && cp[i + k] == e->cp[k]; k++)
			continue;
		if (k < e->n || (e->look && i + k < n && cp[i + k] == 0xfe0e))
			continue;
		alt = e->alt;
		best = e->n;
	}
	return best;
}

/*
 * The emoji of the text, found as the regex's global search does: from
 * the start, each match resumes the search after it.  emo[i] is the
 * length of the one that starts at i, else 0.
 */
static void
emoji_scan(const uint32_t *cp, size_t n, size_t *emo)
{
	size_t i = 0, k;

	while (i < n) {
		emo[i] = 0;
		/* In ASCII only keycaps start one. */
		if (cp[i] < 0x80 && cp[i] != '#' && cp[i] != '*' &&
		    !(cp[i] >= '0' && cp[i] <= '9')) {
			i++;
			continue;
		}
		if ((k = emoji_length(cp, n, i)) == 0) {
			i++;
			continue;
		}
		emo[i] = k;
		for (i++, k--; k > 0; i++, k--)
			emo[i] = 0;
	}
}

/*
 * Is c the same in NFC whatever surrounds it (as long as its neighbours
 * are too)?  That is Unicode's NFC_Quick_Check=Yes, with canonical
 * combining class 0: a character that decomposes is fine if NFC puts it
 * back together (a primary composite), one that may compose with what
 * precedes it is not.
 */
static int
nfc_stable_uncached(uint32_t c)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	const utf8proc_property_t *p;
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n;
	int bc = 0;

	if (c < 0x300)
		return 1;
	if ((c >= 0x1161 && c <= 0x1175) || (c >= 0x11a7 && c <= 0x11c2))
		return 0;		/* Hangul vowels and trailing jamo */
	if (c >= 0xac00 && c <= 0xd7a3)
		return 1;
	p = utf8proc_get_property((utf8proc_int32_t)c);
	if (p->combining_class != 0)
		return 0;
	if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
		return 0;		/* may combine with the previous one */
	if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
		return 1;
	if (p->comp_exclusion)
		return 0;
	n = utf8proc_decompose_char((utf8proc_int32_t)c, d,
	    (utf8proc_ssize_t)CS_NELEM(d), opts, &bc);
	if (n < 1 || n > (utf8proc_ssize_t)CS_NELEM(d))
		return 0;
	n = utf8proc_normalize_utf32(d, n, opts);
	return n == 1 && d[0] == (utf8proc_int32_t)c;
}

/*
 * nfc_stable_uncached's answers, which cost a decomposition for
 * precomposed characters (kana with voicing marks, Vietnamese, ...), in
 * a direct-mapped cache shared by all threads: each entry holds the code
 * point with the answer in its low bit, so a stale or lost entry is
 * merely a miss.
 */
static _Atomic uint32_t nfc_cache[1024];

static int
nfc_stable(uint32_t c)
{
	uint32_t e, h = (c * 2654435761u) >> 22;
	int r;

	e = atomic_load_explicit(&nfc_cache[h], memory_order_relaxed);
	if (e >> 1 == c)
		return (int)(e & 1);
	r = nfc_stable_uncached(c);
	atomic_store_explicit(&nfc_cache[h], c << 1 | (uint32_t)r,
	    memory_order_relaxed);
	return r;
}

/*
 * Make nt the NFC form of t.  Returns 1 when it differs from t (nt
 * must then be released), 0 when t is already NFC (nt is untouched).
 */
static int
text_nfc(const struct tw_text *t, const char *s, size_t len,
    struct tw_text *nt)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_ssize_t r, need;
	utf8proc_int32_t *v;
	char *tmp = NULL;
	size_t i, o;

	if (t->maxcp < 0x300)
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->cp[i] >= 0x300 && !nfc_stable(t->cp[i]))
			break;
	if (i == t->n)
		return 0;
	if (t->bad) {
		/* utf8proc refuses invalid UTF-8: give it the U+FFFDs. */
		tmp = xmalloc(4 * t->n + 1);
		for (i = 0, o = 0; i < t->n; i++)
			o += u8_encode(t->cp[i], tmp + o);
		s = tmp;
		len = o;
	}
	need = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, NULL, 0, opts);
	if (need < 0) {
		free(tmp);
		return 0;
	}
	v = xreallocarray(NULL, (size_t)need + 1, sizeof(*v));
	r = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, v, need, opts);
	free(tmp);
	if (r >= 0)
		r = utf8proc_normalize_utf32(v, r, opts);
	if (r < 0 || ((size_t)r == t->n && memcmp(v, t->cp, t->n *
	    sizeof(*v)) == 0)) {
		free(v);
		return 0;
	}
	text_init_cp(nt, (uint32_t *)v, (size_t)r, 1);
	return 1;
}

/* The weight of every ASCII character under cfg, or -1 if they differ. */
static int
ascii_weight(const struct twtext_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nranges; i++) {
		if (cfg->ranges[i].start <= 0 && cfg->ranges[i].end >= 0x7f)
			return cfg->ranges[i].weight;
		if (cfg->ranges[i].start <= 0x7f && cfg->ranges[i].end >= 0)
			return -1;
	}
	return cfg->default_weight;
}

static int
char_weight(const struct twtext_config *cfg, uint32_t c)
{
	size_t i;

	for (i = 0; i < cfg->nranges; i++)
		if ((int32_t)c >= cfg->ranges[i].start &&
		    (int32_t)c <= cfg->ranges[i].end)
			return cfg->ranges[i].weight;
	return cfg->default_weight;
}

static int
config_ok(const struct twtext_config *cfg)
{
	size_t i;

	if (cfg->scale <= 0 || cfg->max_weighted_length <= 0 ||
	    cfg->default_weight < 0 || cfg->transformed_url_length < 0 ||
	    (cfg->nranges > 0 && cfg->ranges == NULL))
		return 0;
	for (i = 0; i < cfg->nranges; i++)
		if (cfg->ranges[i].weight < 0)
			return 0;
	return 1;
}

/*
 * parseTweet, as the JavaScript reference: walk the NFC text; a URL
 * weighs transformedURLLength, an emoji sequence the default weight,
 * anything else its range's weight.  The valid range ends at the last
 * UTF-16 unit of the last step that still fits and has no invalid
 * character (the reference checks that step's last unit), shifted by
 * how much NFC changed the length.
 */
int
twtext_parse(const char *s, size_t len, const struct twtext_config *cfg,
    struct twtext_result *res)
{
	struct twtext_entities urls;
	struct tw_text t, nt;
	const struct tw_text *w;
	size_t *emo = NULL;
	int64_t weight = 0, max;
	size_t i, k, ui, vend = 0;
	uint32_t c;
	int normalized, valid = 1, blank = 1, ascii;

	memset(res, 0, sizeof(*res));
	if (cfg == NULL)
		cfg = &twtext_config_v3;
	if (len > TWTEXT_MAX_BYTES || !config_ok(cfg))
		return -1;
	max = (int64_t)cfg->max_weighted_length * cfg->scale;
	text_init(&t, s, len);
	normalized = text_nfc(&t, s, len, &nt);
	w = normalized ? &nt : &t;
	twtext_entities_init(&urls);
	urls_scan(&urls, w, 0, 0);
	if (cfg->emoji_parsing) {
		emo = xreallocarray(NULL, w->n + 1, sizeof(*emo));
		emoji_scan(w->cp, w->n, emo);
	}
	ascii = ascii_weight(cfg);
	for (i = 0, ui = 0; i < w->n; i += k) {
		c = w->cp[i];
		if (ascii >= 0 && c < 0x80 && c != '#' && c != '*' &&
		    !is_digit(c) && (ui == urls.n || urls.v[ui].start != i)) {
			/* The common case, quickly. */
			k = 1;
			weight += ascii;
			if (valid && weight <= max)
				vend = i + 1;
			continue;
		}
		if (ui < urls.n && urls.v[ui].start == i) {
			k = urls.v[ui].end - i;
			ui++;
			weight += (int64_t)cfg->transformed_url_length *
			    cfg->scale;
		} else if (emo != NULL && (k = emo[i]) > 0)
			weight += cfg->default_weight;
		else {
			k = 1;
			weight += char_weight(cfg, w->cp[i]);
		}
		if (valid && is_invalid(w->cp[i + k - 1]))
			valid = 0;
		if (valid && weight <= max)
			vend = i + k;
	}
	for (i = 0; i < t.n && blank; i++)
		blank = t.cp[i] <= ' ';
	res->weighted_length = weight / cfg->scale > INT_MAX ? INT_MAX :
	    (int)(weight / cfg->scale);
	res->permillage = weight / max > INT_MAX / 1000 ? INT_MAX :
	    (int)(weight * 1000 / max);
	res->valid = valid && !blank && weight > 0 && weight <= max;
	res->nfc = !normalized;
	res->display_start = res->valid_start = 0;
	res->display_end = t.u16 > 0 ? t.u16 - 1 : 0;
	/*
	 * The last valid unit of the NFC text, moved by the difference of
	 * the lengths as the reference does (clamped at 0).
	 */
	k = vend > 0 ? u16_span(w, 0, vend) - 1 : 0;
	res->valid_end = k + t.u16 >= w->u16 ? k + t.u16 - w->u16 : 0;
	res->valid_bytes = w->off[vend];
	free(emo);
	twtext_entities_release(&urls);
	if (normalized)
		text_release(&nt);
	text_release(&t);
	return 0;
}

size_t
twtext_weighted_length(const char *s, size_t len)
{
	struct twtext_result r;

	twtext_parse(s, len, NULL, &r);
	return (size_t)r.weighted_length;
}

int
twtext_valid_tweet(const char *s, size_t len, const struct twtext_config *cfg)
{
	struct twtext_result r;

	return twtext_parse(s, len, cfg, &r) == 0 && r.valid;
}

/*
 * Graphemes, and Mastodon.
 */

/*
 * Is there a grapheme boundary between a and b?  Between two ASCII
 * characters there always is, but in CR LF; utf8proc's state after an
 * ASCII character is that character's class, which is also what it
 * starts from when the state is 0, so the state can be reset instead
 * of computed.
 */
static int
grapheme_break(uint32_t a, uint32_t b, utf8proc_int32_t *state)
{
	if (a < 0x80) {
		*state = 0;
		if (b < 0x80)
			return !(a == '\r' && b == '\n');
	}
	return utf8proc_grapheme_break_stateful((utf8proc_int32_t)a,
	    (utf8proc_int32_t)b, state);
}

static size_t
graphemes_cp(const uint32_t *cp, size_t n)
{
	utf8proc_int32_t state = 0;
	size_t i, count = n > 0;

	for (i = 1; i < n; i++)
		if (grapheme_break(cp[i - 1], cp[i], &state))
			count++;
	return count;
}

size_t
twtext_graphemes(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	utf8proc_int32_t state = 0;
	uint32_t c, prev = 0;
	size_t i, count = 0;

	if (len > TWTEXT_MAX_BYTES)
		return 0;
	for (i = 0; i < len; prev = c) {
		i += u8_decode(u + i, len - i, &c);
		if (count == 0)
			count++;
		else if (grapheme_break(prev, c, &state))
			count++;
	}
	return count;
}

/*
 * Mastodon's Account::MENTION_RE, then Twitter's end_mention_match:
 *
 *	(?<![=/[:word:]])@(([a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?)
 *	    (?:@[[:word:].-]+[[:word:]]+)?)
 *
 * The value of each mention entity is the local part; its list slug
 * holds @domain, if any.
 */
static void
mastodon_mentions(struct twtext_entities *out, const struct tw_text *t)
{
	size_t a, r, u, d;
	uint32_t c;

	for (a = 0; a < t->n; a++) {
		if (t->cp[a] != '@' || (a > 0 && ((c = t->cp[a - 1]) == '=' ||
		    c == '/' || is_word(c))))
			continue;
		if (!is_alnum(c = at(t, a + 1)) && c != '_')
			continue;
		/* The user: the longest run that ends with [a-z0-9_]. */
		for (r = u = a + 1; is_alnum(c = at(t, r)) || c == '_' ||
		    c == '.' || c == '-'; r++)
			if (c != '.' && c != '-')
				u = r + 1;
		/* The domain: two characters or more, ending with a word. */
		d = u;
		if (at(t, u) == '@')
			for (r = u + 1; is_word(c = at(t, r)) || c == '.' ||
			    c == '-'; r++)
				if (is_word(c) && r > u + 1)
					d = r + 1;
		if (!mention_bad_end(t, d))
			ents_add(out, t, TWTEXT_MENTION, a, d, a + 1, u, u, d);
		a = d - 1;
	}
}

size_t
twtext_mastodon_length(const char *s, size_t len)
{
	static const char x23[] = "xxxxxxxxxxxxxxxxxxxxxxx";
	struct twtext_entities e;
	struct tw_text t;
	struct buf b;
	size_t i, pos, n;
	uint32_t c;

	if (len == 0 || len > TWTEXT_MAX_BYTES)
		return 0;
	text_init(&t, s, len);
	twtext_entities_init(&e);
	if (t.seen & SEEN_COLON)
		urls_scan(&e, &t, 1, 1);
	if (t.seen & SEEN_AT)
		mastodon_mentions(&e, &t);
	if (e.n == 0) {
		n = graphemes_cp(t.cp, t.n);
		text_release(&t);
		return n;
	}
	ents_unoverlap(&e);
	buf_init(&b);
	for (i = 0, pos = 0; i < e.n; i++) {
		for (; pos < e.v[i].start; pos++) {
			c = t.cp[pos];
			buf_grow(&b, 4);
			b.len += u8_encode(c, b.s + b.len);
		}
		if (e.v[i].type == TWTEXT_URL)
			buf_add(&b, x23, TWTEXT_MASTODON_URL);
		else {
			buf_addc(&b, '@');
			buf_add(&b, s + e.v[i].voff, e.v[i].vlen);
		}
		pos = e.v[i].end;
	}
	for (; pos < t.n; pos++) {
		buf_grow(&b, 4);
		b.len += u8_encode(t.cp[pos], b.s + b.len);
	}
	n = twtext_graphemes(b.s, b.len);
	buf_release(&b);
	twtext_entities_release(&e);
	text_release(&t);
	return n;
}

/*
 * Validators.
 */

/* Is [off, off + len) of s the text after its first code point? */
static int
is_rest(const char *s, size_t len, size_t voff, size_t vlen)
{
	uint32_t c;
	size_t k;

	if (len == 0)
		return 0;
	k = u8_decode((const unsigned char *)s, len, &c);
	return voff == k && vlen == len - k;
}

int
twtext_valid_username(const char *s, size_t len)
{
	struct twtext_entities e;
	int ok;

	twtext_entities_init(&e);
	ok = twtext_extract_mentions(&e, s, len) == 1 &&
	    is_rest(s, len, e.v[0].voff, e.v[0].vlen);
	twtext_entities_release(&e);
	return ok;
}

int
twtext_valid_hashtag(const char *s, size_t len)
{
	struct twtext_entities e;
	int ok;

	twtext_entities_init(&e);
	ok = twtext_extract_hashtags(&e, s, len) == 1 &&
	    is_rest(s, len, e.v[0].voff, e.v[0].vlen);
	twtext_entities_release(&e);
	return ok;
}

/* ^VALID_MENTION_OR_LIST$ with an empty preceding group and a list. */
int
twtext_valid_list(const char *s, size_t len)
{
	struct tw_text t;
	struct tw_mention m;
	int ok;

	if (len == 0 || len > TWTEXT_MAX_BYTES)
		return 0;
	text_init(&t, s, len);
	ok = mention_body(&t, 0, &m) && m.lend > m.nend && m.lend == t.n;
	text_release(&t);
	return ok;
}

/* validateUrlUnreserved, validateUrlSubDelims, and the pct-encoding. */
static int
is_unreserved(uint32_t c)
{
	return is_alnum(c) || is_cyrillic(c) || c == '-' || c == '.' ||
	    c == '_' || c == '~';
}

static int
is_sub_delim(uint32_t c)
{
	return c < 0x80 && c != 0 && strchr("!$&'()*+,;=", (int)c) != NULL;
}

static int
is_hex(uint32_t c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

/* Are [a, b) made of the characters ok allows and %XX escapes? */
static int
url_chars_ok(const struct tw_text *t, size_t a, size_t b,
    int (*ok)(uint32_t))
{
	size_t i;

	for (i = a; i < b; i++) {
		if (t->cp[i] == '%') {
			if (i + 2 >= b || !is_hex(t->cp[i + 1]) ||
			    !is_hex(t->cp[i + 2]))
				return 0;
			i += 2;
		} else if (!ok(t->cp[i]))
			return 0;
	}
	return 1;
}

static int
is_userinfo_char(uint32_t c)
{
	return is_unreserved(c) || is_sub_delim(c) || c == ':';
}

/* validateUrlPchar, then "/" and "?" for queries and fragments. */
static int
is_pchar(uint32_t c)
{
	return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '|' ||
	    c == '@';
}

static int
is_path_or_query_char(uint32_t c)
{
	return is_pchar(c) || c == '/' || c == '?';
}

static int
is_domain_char(uint32_t c, int unicode)
{
	return is_alnum(c) || (unicode && c >= 0x80);
}

/*
 * A domain segment [a, b): validateUrlSubDomainSegment (underscores
 * inside), validateUrlDomainSegment, validateUrlDomainTld (a letter
 * first), or their Unicode versions.
 */
static int
url_segment_ok(const struct tw_text *t, size_t a, size_t b, int unicode,
    int underscore, int tld)
{
	size_t i;
	uint32_t c;

	if (a >= b)
		return 0;
	c = t->cp[a];
	if (tld ? !(is_alpha(c) || (unicode && c >= 0x80)) :
	    !is_domain_char(c, unicode))
		return 0;
	if (!is_domain_char(t->cp[b - 1], unicode))
		return 0;
	for (i = a + 1; i + 1 < b; i++) {
		c = t->cp[i];
		if (!is_domain_char(c, unicode) && c != '-' &&
		    !(underscore && c == '_'))
			return 0;
	}
	return 1;
}

/* validateUrlDecOctet: [a, b) is 0 to 255 without leading zeros. */
static int
url_octet_ok(const struct tw_text *t, size_t a, size_t b)
{
	unsigned v = 0;
	size_t i;

	if (a >= b || b - a > 3 || (b - a > 1 && t->cp[a] == '0'))
		return 0;
	for (i = a; i < b; i++) {
		if (!is_digit(t->cp[i]))
			return 0;
		v = v * 10 + (t->cp[i] - '0');
	}
	return v <= 255;
}

/* validateUrlHost or validateUrlUnicodeHost on [a, b). */
static int
url_vhost_ok(const struct tw_text *t, size_t a, size_t b, int unicode)
{
	size_t i, j, dots = 0, labels;

	if (a >= b)
		return 0;
	if (t->cp[a] == '[') {
		/* validateUrlIpv6: \[[a-f0-9:\.]+\] */
		if (b - a < 3 || t->cp[b - 1] != ']')
			return 0;
		for (i = a + 1; i + 1 < b; i++)
			if (!is_hex(t->cp[i]) && t->cp[i] != ':' &&
			    t->cp[i] != '.')
				return 0;
		return 1;
	}
	for (i = a; i < b; i++)
		dots += t->cp[i] == '.';
	if (dots == 3) {
		/* validateUrlIpv4 */
		for (i = j = a; j <= b; j++) {
			if (j < b && t->cp[j] != '.')
				continue;
			if (!url_octet_ok(t, i, j))
				break;
			i = j + 1;
		}
		if (j > b)
			return 1;
	}
	if (dots == 0)
		return 0;
	/* (sub-segment \.)* segment \. tld */
	for (i = j = a, labels = 0; j <= b; j++) {
		if (j < b && t->cp[j] != '.')
			continue;
		labels++;
		if (!url_segment_ok(t, i, j, unicode, labels < dots,
		    labels == dots + 1))
			return 0;
		i = j + 1;
	}
	return 1;
}

/*
 * isValidUrl.  The whole text splits as validateUrlUnencoded does
 * (scheme://authority path ?query #fragment), then each part must match
 * its own rule in full.  Where the reference's first-match comparison
 * would reject an address a full match accepts (an IPv4 address whose
 * last number has two digits), this accepts it.
 */
int
twtext_valid_url(const char *s, size_t len, int unicode, int need_scheme)
{
	struct tw_text t;
	size_t i, a, p, q, f, e, h, he;
	int ok = 0;

	if (len == 0 || len > TWTEXT_MAX_BYTES)
		return 0;
	text_init(&t, s, len);
	e = t.n;
	/* ([^:/?#]+):// */
	for (i = 0; i < e && t.cp[i] != ':' && t.cp[i] != '/' &&
	    t.cp[i] != '?' && t.cp[i] != '#'; i++)
		continue;
	if (i > 0 && text_is(&t, i, "://")) {
		if (need_scheme && !((i == 4 && text_is(&t, 0, "http")) ||
		    (i == 5 && text_is(&t, 0, "https"))))
			goto out;
		a = i + 3;
	} else if (need_scheme)
		goto out;
	else
		a = 0;
	for (p = a; p < e && t.cp[p] != '/' && t.cp[p] != '?' &&
	    t.cp[p] != '#'; p++)
		continue;
	for (q = p; q < e && t.cp[q] != '?' && t.cp[q] != '#'; q++)
		continue;
	for (f = q; f < e && t.cp[f] != '#'; f++)
		continue;
	/* The path: (/pchar*)* */
	if (p < q && !url_chars_ok(&t, p, q, is_path_or_query_char))
		goto out;
	if (q < f && !url_chars_ok(&t, q + 1, f, is_path_or_query_char))
		goto out;
	if (f < e && !url_chars_ok(&t, f + 1, e, is_path_or_query_char))
		goto out;
	/* The authority: (userinfo@)? host (:port)? */
	h = a;
	for (i = a; i < p && t.cp[i] != '@'; i++)
		continue;
	if (i < p) {
		if (!url_chars_ok(&t, a, i, is_userinfo_char))
			goto out;
		h = i + 1;
	}
	he = p;
	for (i = p; i > h && is_digit(t.cp[i - 1]); i--)
		continue;
	if (i < p && p - i <= 5 && i > h && t.cp[i - 1] == ':')
		he = i - 1;
	ok = url_vhost_ok(&t, h, he, unicode);
out:
	text_release(&t);
	return ok;
}
