/*
 * classify_entity: what a message names.  Links, @handles, #hashtags and
 * $cashtags come from twtext (twitter-text's own rules); the rest is
 * scanned here, over the original bytes, in an order that settles
 * overlaps: personal data first (pii.c), then tracking numbers, order
 * numbers, e-mail addresses and phone numbers, each skipping what an
 * earlier one took.
 *
 * Numbers are looked for only where there are digits: the words that
 * hold one are collected once (classify_entity_words) and every scanner
 * of numbers starts from them.  Words that matter (tracking keywords,
 * carrier names, the short words allowed between a keyword and its
 * number) are found with one hash look-up per token of the tokenised
 * text.
 *
 * Tracking numbers: UPS (1Z, mod 10), UPU S10 international mail (mod
 * 11; the carrier from the country: ES is Correos), USPS IMpb of 20, 22,
 * 26, 30 and 34 digits (GS1 mod 10), FedEx of 12 (mod 11), 15 and 22
 * (mod 10), 20 (SmartPost) and 34 digits, DHL Express waybills of 10
 * and 11 digits (mod 7), DHL's JJD and GM numbers, Amazon's TBA, GLS of
 * 12 digits (mod 10).  Short numbers with a weak check (DHL, FedEx 12
 * and 15, GLS) count only when the message names the carrier or says
 * "tracking", "seguimiento", "seguiment"...; a number without a check
 * digit (SEUR, MRW, Nacex, Correos Express, DPD...) only right after
 * such a word or a carrier's name.  Order and phone numbers therefore
 * seldom pass for tracking numbers.
 */
#include "compat.h"

#include "classify.h"
#include "twtext.h"
#include "util.h"

#define ENT_MAX		256	/* entities kept per message */
#define TRK_MAXDIG	34	/* the longest tracking number, in digits */
#define KW_WINDOW	4	/* words looked at after a keyword */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (unsigned)((c | 32) - 'a') < 26;
}

static int
is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static int
to_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

void
classify_entity_init(struct classify_entities *e)
{
	memset(e, 0, sizeof(*e));
	buf_init(&e->vals);
}

void
classify_entity_release(struct classify_entities *e)
{
	free(e->ent);
	free(e->pii);
	free(e->skip);
	free(e->word);
	buf_release(&e->vals);
	classify_orders_free(e->builtin);
	if (e->kw != NULL) {
		classify_map_release(e->kw);
		free(e->kw);
	}
	if (e->tw != NULL) {
		twtext_entities_release(e->tw);
		free(e->tw);
	}
	classify_entity_init(e);
}

static int
taken(const struct classify_entities *e, size_t start, size_t end)
{
	size_t i;

	for (i = 0; i < e->npii; i++)
		if (start < e->pii[i].end && e->pii[i].start < end)
			return 1;
	for (i = 0; i < e->nent; i++) {
		const struct classify_ent *x = &e->ent[i];

		/* A number in a handle is the handle's; a tag may be one. */
		if (x->kind == CENT_HASHTAG || x->kind == CENT_CASHTAG)
			continue;
		if (start < x->end && x->start < end)
			return 1;
	}
	return 0;
}

/*
 * Add an entity whose value is v (vlen bytes), unless the same value of
 * the same kind is already there.  Returns the entity or NULL.
 */
static struct classify_ent *
ent_add(struct classify_entities *e, int kind, size_t start, size_t end,
    const char *v, size_t vlen)
{
	struct classify_ent *x;
	size_t i;

	if (e->nent >= ENT_MAX)
		return NULL;
	for (i = 0; i < e->nent; i++) {
		x = &e->ent[i];
		if (x->kind == kind && x->vlen == vlen &&
		    memcmp(e->vals.s + x->voff, v, vlen) == 0)
			return NULL;
	}
	if (e->nent == e->capent) {
		e->capent = e->capent ? e->capent * 2 : 16;
		e->ent = xreallocarray(e->ent, e->capent, sizeof(*e->ent));
	}
	x = &e->ent[e->nent++];
	x->kind = (uint8_t)kind;
	x->carrier = NULL;
	x->start = start;
	x->end = end;
	x->voff = e->vals.len;
	x->vlen = vlen;
	buf_add(&e->vals, v, vlen);
	return x;
}

static void
skip_add(struct classify_entities *e, size_t start, size_t end)
{
	if (e->nskip == e->capskip) {
		e->capskip = e->capskip ? e->capskip * 2 : 8;
		e->skip = xreallocarray(e->skip, e->capskip,
		    sizeof(*e->skip));
	}
	e->skip[e->nskip].start = start;
	e->skip[e->nskip].end = end;
	e->nskip++;
}

/*
 * The end of a domain name at s[i] (labels of letters, digits and '-'
 * joined by dots, the last one letters only), or i if there is none.
 */
static size_t
domain_end(const char *s, size_t len, size_t i)
{
	size_t j, dot = 0, end = i;

	for (j = i; j < len; j++) {
		if (is_alnum(s[j]) || s[j] == '-')
			continue;
		if (s[j] == '.' && j > i && s[j - 1] != '.' && j + 1 < len &&
		    is_alnum(s[j + 1])) {
			dot = j;
			continue;
		}
		break;
	}
	if (dot == 0 || j - dot - 1 < 2)
		return i;
	for (end = dot + 1; end < j && is_alpha(s[end]); end++)
		continue;
	return end == j ? j : i;
}

/*
 * Handles twitter-text does not know: Mastodon's @user@server and
 * Bluesky's @user.bsky.social.  Their value is the whole handle.
 */
static void
scan_handles(struct classify_entities *e, const char *s, size_t len)
{
	size_t i, j, end;

	for (i = 0; i + 3 < len; i++) {
		if (s[i] != '@' || (i > 0 && (is_alnum(s[i - 1]) ||
		    s[i - 1] == '_' || s[i - 1] == '@')))
			continue;
		for (j = i + 1; j < len && (is_alnum(s[j]) || s[j] == '_');
		    j++)
			continue;
		if (j == i + 1)
			continue;
		if (j + 1 < len && s[j] == '@' &&
		    (end = domain_end(s, len, j + 1)) > j + 1) {
			/* @user@server */
		} else if (j < len && s[j] == '.' &&
		    (end = domain_end(s, len, i + 1)) > j) {
			/* @user.bsky.social */
		} else
			continue;
		skip_add(e, i, end);
		(void)ent_add(e, CENT_MENTION, i, end, s + i + 1, end - i - 1);
		i = end - 1;
	}
}

/* Whether [start, end) overlaps one of the first n skipped spans. */
static int
overlaps_skip(const struct classify_entities *e, size_t n, size_t start,
    size_t end)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (start < e->skip[i].end && e->skip[i].start < end)
			return 1;
	return 0;
}

/*
 * The tags pii_redact leaves: each counts as the personal data it
 * stands for, and the tokeniser skips it, so a redacted text classifies
 * as it did, and again the same.
 */
static void
scan_tags(struct classify_entities *e, const char *s, size_t len)
{
	const char *p = s, *q;
	size_t i, n, left;
	int k;

	while ((left = len - (size_t)(p - s)) > 4 &&
	    (q = memchr(p, '[', left)) != NULL) {
		i = (size_t)(q - s);
		p = q + 1;
		for (k = 0; k < PII_NKINDS; k++) {
			const char *name = pii_name(k);

			n = strlen(name);
			if (i + n + 2 <= len && s[i + n + 1] == ']' &&
			    memcmp(s + i + 1, name, n) == 0)
				break;
		}
		if (k == PII_NKINDS || overlaps_skip(e, e->nskip, i, i + n + 2))
			continue;
		pii_report(e, k, i, i + n + 2);
		skip_add(e, i, i + n + 2);
		p = s + i + n + 2;
	}
}

void
classify_entity_links(struct classify_entities *e, const char *s,
    size_t len)
{
	struct twtext_entities *tw = e->tw;
	size_t i, j, nhandles, nskip, hskip;

	e->nent = e->npii = e->nskip = e->nword = 0;
	buf_reset(&e->vals);
	if (memchr(s, '@', len) != NULL)
		scan_handles(e, s, len);
	nhandles = e->nent;
	/*
	 * The handles' spans: a repeated handle adds no entity (values are
	 * unique) but must still hide twitter-text's shorter @user in it.
	 */
	hskip = e->nskip;
	if (tw == NULL) {
		tw = e->tw = xmalloc(sizeof(*tw));
		twtext_entities_init(tw);
	}
	twtext_extract_entities(tw, s, len);
	for (i = 0; i < tw->n; i++) {
		const struct twtext_entity *t = &tw->v[i];
		int kind;

		switch (t->type) {
		case TWTEXT_URL:
			kind = CENT_URL;
			break;
		case TWTEXT_MENTION:
			kind = CENT_MENTION;
			break;
		case TWTEXT_HASHTAG:
			kind = CENT_HASHTAG;
			break;
		case TWTEXT_CASHTAG:
			kind = CENT_CASHTAG;
			break;
		default:
			continue;
		}
		if (overlaps_skip(e, hskip, t->off, t->off + t->len))
			continue;
		/* Tags and symbols are words the tokeniser should see. */
		if (kind == CENT_URL || kind == CENT_MENTION)
			skip_add(e, t->off, t->off + t->len);
		(void)ent_add(e, kind, t->off, t->off + t->len, s + t->voff,
		    t->vlen);
	}
	nskip = e->nskip;
	if (memchr(s, '[', len) != NULL)
		scan_tags(e, s, len);
	if (nhandles > 0) {
		/* In text order again: insertion sorts, the lists are short. */
		for (i = 1; i < e->nent; i++) {
			struct classify_ent x = e->ent[i];

			for (j = i; j > 0 && e->ent[j - 1].start > x.start; j--)
				e->ent[j] = e->ent[j - 1];
			e->ent[j] = x;
		}
	}
	if (nhandles > 0 || e->nskip > nskip) {
		for (i = 1; i < e->nskip; i++) {
			struct classify_span x = e->skip[i];

			for (j = i; j > 0 && e->skip[j - 1].start > x.start;
			    j--)
				e->skip[j] = e->skip[j - 1];
			e->skip[j] = x;
		}
	}
}

void
classify_entity_words(struct classify_entities *e, const char *s,
    size_t len)
{
	size_t i = 0, a, b, nd, na;

	e->nword = 0;
	for (;;) {
		/* Digits are few: look for the next one, then its word. */
		while (i < len && !is_digit(s[i]))
			i++;
		if (i == len)
			break;
		for (a = i; a > 0 && is_alnum(s[a - 1]); a--)
			continue;
		nd = na = 0;
		for (b = a; b < len && is_alnum(s[b]); b++) {
			if (is_digit(s[b]))
				nd++;
			else
				na++;
		}
		i = b;
		if (b - a > UINT16_MAX || b > UINT32_MAX)
			continue;
		if (e->nword == e->capword) {
			e->capword = e->capword ? e->capword * 2 : 16;
			e->word = xreallocarray(e->word, e->capword,
			    sizeof(*e->word));
		}
		e->word[e->nword].start = (uint32_t)a;
		e->word[e->nword].end = (uint32_t)b;
		e->word[e->nword].ndigits = (uint16_t)nd;
		e->word[e->nword].nalpha = (uint16_t)na;
		e->nword++;
	}
}

/*
 * Keywords: what a token may be, found with one hash look-up.  Values
 * are the type in the high byte and an index into carriers in the low
 * one.
 */
enum {
	KW_TRACK = 1,		/* "tracking", "seguimiento"... */
	KW_CARRIER,		/* a carrier's name */
	KW_FILLER		/* "number", "no", "de"... between */
};

enum {
	CR_NONE,
	CR_UPS, CR_USPS, CR_FEDEX, CR_DHL, CR_GLS, CR_AMAZON, CR_CORREOS,
	CR_CORREOS_EXPRESS, CR_SEUR, CR_MRW, CR_NACEX, CR_DPD, CR_TNT,
	CR_CTT, CR_EVRI, CR_HERMES, CR_CHRONOPOST, CR_COLISSIMO, CR_POSTNL,
	CR_TIPSA, CR_ENVIALIA, CR_ZELERIS, CR_ONTRAC, CR_UNKNOWN
};

static const char *const carriers[] = {
	"", "ups", "usps", "fedex", "dhl", "gls", "amazon", "correos",
	"correos-express", "seur", "mrw", "nacex", "dpd", "tnt", "ctt",
	"evri", "hermes", "chronopost", "colissimo", "postnl", "tipsa",
	"envialia", "zeleris", "ontrac", "unknown"
};

static const struct {
	const char	*word;		/* folded */
	uint8_t		 type;
	uint8_t		 carrier;
} keywords[] = {
	{ "tracking", KW_TRACK, 0 }, { "track", KW_TRACK, 0 },
	{ "seguimiento", KW_TRACK, 0 }, { "seguiment", KW_TRACK, 0 },
	{ "localizador", KW_TRACK, 0 }, { "awb", KW_TRACK, 0 },
	{ "waybill", KW_TRACK, 0 }, { "shipment", KW_TRACK, 0 },
	{ "envio", KW_TRACK, 0 }, { "enviament", KW_TRACK, 0 },
	{ "expedicion", KW_TRACK, 0 }, { "expedicio", KW_TRACK, 0 },
	{ "rastreo", KW_TRACK, 0 }, { "rastreamento", KW_TRACK, 0 },
	{ "suivi", KW_TRACK, 0 }, { "sendungsnummer", KW_TRACK, 0 },
	{ "spedizione", KW_TRACK, 0 },
	{ "ups", KW_CARRIER, CR_UPS }, { "usps", KW_CARRIER, CR_USPS },
	{ "fedex", KW_CARRIER, CR_FEDEX }, { "dhl", KW_CARRIER, CR_DHL },
	{ "gls", KW_CARRIER, CR_GLS }, { "amazon", KW_CARRIER, CR_AMAZON },
	{ "correos", KW_CARRIER, CR_CORREOS },
	{ "correus", KW_CARRIER, CR_CORREOS },
	{ "seur", KW_CARRIER, CR_SEUR }, { "mrw", KW_CARRIER, CR_MRW },
	{ "nacex", KW_CARRIER, CR_NACEX }, { "dpd", KW_CARRIER, CR_DPD },
	{ "tnt", KW_CARRIER, CR_TNT }, { "ctt", KW_CARRIER, CR_CTT },
	{ "evri", KW_CARRIER, CR_EVRI }, { "hermes", KW_CARRIER, CR_HERMES },
	{ "chronopost", KW_CARRIER, CR_CHRONOPOST },
	{ "colissimo", KW_CARRIER, CR_COLISSIMO },
	{ "postnl", KW_CARRIER, CR_POSTNL }, { "tipsa", KW_CARRIER, CR_TIPSA },
	{ "envialia", KW_CARRIER, CR_ENVIALIA },
	{ "zeleris", KW_CARRIER, CR_ZELERIS },
	{ "ontrac", KW_CARRIER, CR_ONTRAC },
	{ "no", KW_FILLER, 0 }, { "n", KW_FILLER, 0 },
	{ "nº", KW_FILLER, 0 }, { "n°", KW_FILLER, 0 },
	{ "nr", KW_FILLER, 0 }, { "num", KW_FILLER, 0 },
	{ "number", KW_FILLER, 0 }, { "numero", KW_FILLER, 0 },
	{ "nummer", KW_FILLER, 0 }, { "id", KW_FILLER, 0 },
	{ "ref", KW_FILLER, 0 }, { "code", KW_FILLER, 0 },
	{ "codigo", KW_FILLER, 0 }, { "codi", KW_FILLER, 0 },
	{ "is", KW_FILLER, 0 }, { "es", KW_FILLER, 0 },
	{ "de", KW_FILLER, 0 }, { "del", KW_FILLER, 0 },
	{ "d'", KW_FILLER, 0 }, { "my", KW_FILLER, 0 },
	{ "mi", KW_FILLER, 0 }, { "la", KW_FILLER, 0 },
	{ "el", KW_FILLER, 0 }, { "meva", KW_FILLER, 0 },
	{ "meu", KW_FILLER, 0 }, { "the", KW_FILLER, 0 },
	{ "your", KW_FILLER, 0 }, { "su", KW_FILLER, 0 },
	{ "tu", KW_FILLER, 0 }, { "of", KW_FILLER, 0 },
	{ "with", KW_FILLER, 0 }, { "amb", KW_FILLER, 0 },
	{ "con", KW_FILLER, 0 }, { "express", KW_FILLER, 0 }
};

static const struct classify_map *
kw_map(struct classify_entities *e)
{
	size_t i;

	if (e->kw == NULL) {
		e->kw = xmalloc(sizeof(*e->kw));
		classify_map_init(e->kw);
		for (i = 0; i < CS_NELEM(keywords); i++)
			*classify_map_put(e->kw, keywords[i].word,
			    strlen(keywords[i].word)) =
			    (uint32_t)keywords[i].type << 8 |
			    keywords[i].carrier;
	}
	return e->kw;
}

/* The keyword type of token k (0 if none), and its carrier. */
static int
kw_type(const struct classify_map *m, const struct classify_text *t,
    const struct classify_tok *k, int *carrier)
{
	uint32_t v;

	if (k->kind != CTOK_WORD)
		return 0;
	v = classify_map_get(m, CTOK_STR(t, k), k->len, k->hash);
	if (v == CLASSIFY_MAP_NONE)
		return 0;
	if (carrier != NULL)
		*carrier = (int)(v & 0xff);
	return (int)(v >> 8);
}

/* What the message says about tracking: a keyword, a carrier's name. */
struct trk_ctx {
	int	kw;		/* a tracking keyword is there */
	int	carrier;	/* the first carrier named, or CR_NONE */
};

static void
trk_context(const struct classify_map *m, const struct classify_text *t,
    struct trk_ctx *c)
{
	size_t i;
	int type, cr;

	c->kw = 0;
	c->carrier = CR_NONE;
	for (i = 0; i < t->ntok; i++) {
		type = kw_type(m, t, &t->tok[i], &cr);
		if (type == KW_TRACK)
			c->kw = 1;
		else if (type == KW_CARRIER && c->carrier == CR_NONE) {
			c->carrier = cr;
			/* "Correos Express" is a carrier of its own. */
			if (cr == CR_CORREOS && i + 1 < t->ntok &&
			    t->tok[i + 1].len == 7 && memcmp(CTOK_STR(t,
			    &t->tok[i + 1]), "express", 7) == 0)
				c->carrier = CR_CORREOS_EXPRESS;
		}
	}
}

/*
 * Check digits.  d is a string of ASCII digits; the check digit is its
 * last one.
 */

/* GS1 mod 10: weights 3, 1, 3... from the right; add is a prefix's sum. */
static int
gs1_ok(const char *d, size_t n, int add)
{
	size_t i;
	int sum = add, w = 3;

	for (i = n - 1; i > 0; i--) {
		sum += (d[i - 1] - '0') * w;
		w = 4 - w;
	}
	return (10 - sum % 10) % 10 == d[n - 1] - '0';
}

/* FedEx mod 11: weights 1, 3, 7... from the right, then mod 10. */
static int
fedex11_ok(const char *d, size_t n)
{
	static const int w[3] = { 1, 3, 7 };
	size_t i;
	int sum = 0;

	for (i = 0; i + 1 < n; i++)
		sum += (d[n - 2 - i] - '0') * w[i % 3];
	return sum % 11 % 10 == d[n - 1] - '0';
}

/* DHL Express: the number without its last digit, mod 7. */
static int
dhl_ok(const char *d, size_t n)
{
	size_t i;
	int r = 0;

	for (i = 0; i + 1 < n; i++)
		r = (r * 10 + (d[i] - '0')) % 7;
	return r == d[n - 1] - '0';
}

/* GLS: weights 3, 1, 3... from the left over 11 digits, plus 1. */
static int
gls_ok(const char *d)
{
	int i, sum = 1;

	for (i = 0; i < 11; i++)
		sum += (d[i] - '0') * (i % 2 == 0 ? 3 : 1);
	return (10 - sum % 10) % 10 == d[11] - '0';
}

/*
 * UPS: "1Z", 15 letters and digits, a check digit.  Letters count
 * (c - 3) mod 10 (A is 2); odd places are doubled.  v is upper case.
 */
static int
ups_ok(const char *v)
{
	int i, sum = 0, x;

	if (!is_digit(v[17]))
		return 0;
	for (i = 0; i < 15; i++) {
		x = is_digit(v[2 + i]) ? v[2 + i] - '0' : (v[2 + i] - 3) % 10;
		sum += i % 2 == 1 ? 2 * x : x;
	}
	return (10 - sum % 10) % 10 == v[17] - '0';
}

/*
 * UPU S10 international mail: two letters, eight digits and a check
 * digit (weights 8, 6, 4, 2, 3, 5, 9, 7; mod 11), the origin country.
 */
static int
s10_ok(const char *s)
{
	static const int w[8] = { 8, 6, 4, 2, 3, 5, 9, 7 };
	int i, sum = 0, c;

	for (i = 0; i < 8; i++)
		sum += (s[2 + i] - '0') * w[i];
	c = 11 - sum % 11;
	if (c == 10)
		c = 0;
	else if (c == 11)
		c = 5;
	return c == s[10] - '0';
}

static const char *
s10_carrier(const char *cc)
{
	static const char *const map[][2] = {
		{ "ES", "correos" }, { "AD", "correos" }, { "US", "usps" },
		{ "GB", "royal-mail" }, { "DE", "deutsche-post" },
		{ "FR", "la-poste" }, { "PT", "ctt" },
		{ "IT", "poste-italiane" }, { "NL", "postnl" },
		{ "BE", "bpost" }, { "CH", "swiss-post" },
		{ "AT", "austrian-post" }, { "IE", "an-post" },
		{ "SE", "postnord" }, { "DK", "postnord" },
		{ "CA", "canada-post" }, { "AU", "australia-post" },
		{ "JP", "japan-post" }, { "CN", "china-post" },
		{ "HK", "hongkong-post" }, { "SG", "singpost" },
		{ "MX", "correos-de-mexico" }, { "BR", "correios" }
	};
	size_t i;

	for (i = 0; i < CS_NELEM(map); i++)
		if (map[i][0][0] == cc[0] && map[i][0][1] == cc[1])
			return map[i][1];
	return "post";
}

/*
 * The carrier of a number of n digits, or CR_NONE.  Strong checks (20
 * digits or more) count anywhere.  Weak ones (a short number, a check
 * digit that one number in ten passes) count for the carrier the
 * message names, or for any carrier when weak is set (the number comes
 * right after a tracking keyword).
 */
static int
digits_carrier(const char *d, size_t n, int named, int weak)
{
#define MAY(cr)	((weak && named == CR_NONE) || named == (cr))
	switch (n) {
	case 10:
	case 11:
		if (MAY(CR_DHL) && dhl_ok(d, n))
			return CR_DHL;
		break;
	case 12:
		if (MAY(CR_FEDEX) && fedex11_ok(d, n))
			return CR_FEDEX;
		if (MAY(CR_GLS) && gls_ok(d))
			return CR_GLS;
		break;
	case 15:
		if (MAY(CR_FEDEX) && gs1_ok(d, n, 0))
			return CR_FEDEX;
		break;
	case 20:
		/*
		 * USPS, alone or after "91"; FedEx SmartPost after "92"
		 * only with FedEx named, or three numbers in ten would pass.
		 */
		if (named == CR_FEDEX && gs1_ok(d, n, 29))
			return CR_FEDEX;
		if (gs1_ok(d, n, 0) || gs1_ok(d, n, 28))
			return CR_USPS;
		break;
	case 22:
		if (d[0] == '9' && d[1] == '6' && gs1_ok(d + 7, 15, 0))
			return CR_FEDEX;
		if (d[0] == '9' && d[1] >= '1' && d[1] <= '5' &&
		    gs1_ok(d, n, 0))
			return named == CR_FEDEX && d[1] == '2' ? CR_FEDEX :
			    CR_USPS;
		break;
	case 26:
		if (d[0] == '9' && d[1] >= '1' && d[1] <= '5' &&
		    gs1_ok(d, n, 0))
			return CR_USPS;
		break;
	case 30:
		/* 420 and a ZIP code, then an IMpb number. */
		if (memcmp(d, "420", 3) == 0 && gs1_ok(d + 8, 22, 0))
			return CR_USPS;
		break;
	case 34:
		if (memcmp(d, "420", 3) == 0 && gs1_ok(d + 12, 22, 0))
			return CR_USPS;
		if (d[0] == '1' && d[1] == '0' && fedex11_ok(d + 20, 14))
			return CR_FEDEX;
		break;
	default:
		break;
	}
	return CR_NONE;
#undef MAY
}

/*
 * Has the carrier numbers of n digits (0: with letters) with a check
 * digit?  Then one of that length that fails is not the carrier's.
 */
static int
checked_length(int carrier, size_t n)
{
	switch (carrier) {
	case CR_DHL:
		return n == 10 || n == 11;
	case CR_GLS:
		return n == 12;
	case CR_FEDEX:
		return n == 12 || n == 15 || n == 20 || n == 22 || n == 34;
	case CR_USPS:
		return n == 20 || n == 22 || n == 26 || n == 30 || n == 34;
	case CR_UPS:
		return 1;
	default:
		return 0;
	}
}

static void
add_tracking(struct classify_entities *e, size_t start, size_t end,
    const char *s, const char *carrier)
{
	struct classify_ent *x;
	char v[48];
	size_t i, n = 0;

	for (i = start; i < end && n < sizeof(v); i++)
		if (is_alnum(s[i]))
			v[n++] = (char)to_upper((unsigned char)s[i]);
	if ((x = ent_add(e, CENT_TRACKING, start, end, v, n)) != NULL)
		x->carrier = carrier;
}

/*
 * Letters and digits from s[i], in capitals, skipping single blanks
 * between them, up to want of them.  Returns the end, or 0 when there
 * are fewer or the word goes on.
 */
static size_t
alnum_spaced(const char *s, size_t len, size_t i, size_t want, char *v)
{
	size_t n = 0;

	while (i < len && n < want) {
		if (is_alnum(s[i]))
			v[n++] = (char)to_upper((unsigned char)s[i++]);
		else if (s[i] == ' ' && n > 0 && i + 1 < len &&
		    is_alnum(s[i + 1]))
			i++;
		else
			break;
	}
	if (n < want || (i < len && is_alnum(s[i])))
		return 0;
	return i;
}

/* A word with letters: UPS, S10, DHL's JJD and GM, Amazon's TBA. */
static size_t
trk_word(struct classify_entities *e, const char *s, size_t len,
    const struct classify_word *w)
{
	const char *p = s + w->start;
	size_t n = w->end - w->start, i, end;
	char v[24], cc[2];

	if (to_upper(p[0]) == '1' && n >= 2 && to_upper(p[1]) == 'Z') {
		/* 1Z999AA10123456784, or printed "1Z 999 AA1 01 2345 678 4". */
		if ((end = alnum_spaced(s, len, w->start, 18, v)) == 0 ||
		    !ups_ok(v) || taken(e, w->start, end))
			return 0;
		add_tracking(e, w->start, end, s, "ups");
		return end;
	}
	if (n == 13 && w->ndigits == 9 && is_alpha(p[0]) && is_alpha(p[1]) &&
	    is_alpha(p[11]) && is_alpha(p[12]) && s10_ok(p)) {
		if (taken(e, w->start, w->end))
			return 0;
		cc[0] = (char)to_upper(p[11]);
		cc[1] = (char)to_upper(p[12]);
		add_tracking(e, w->start, w->end, s, s10_carrier(cc));
		return w->end;
	}
	if (n >= 3 && w->nalpha == 3 && w->ndigits == n - 3 &&
	    ((to_upper(p[0]) == 'J' && to_upper(p[1]) == 'J' &&
	    to_upper(p[2]) == 'D' && n >= 12 && n <= 24) ||
	    (to_upper(p[0]) == 'T' && to_upper(p[1]) == 'B' &&
	    to_upper(p[2]) == 'A' && n == 15))) {
		if (taken(e, w->start, w->end))
			return 0;
		add_tracking(e, w->start, w->end, s, to_upper(p[0]) == 'J' ?
		    "dhl" : "amazon");
		return w->end;
	}
	if (n >= 18 && n <= 24 && w->nalpha == 2 && to_upper(p[0]) == 'G' &&
	    to_upper(p[1]) == 'M') {
		for (i = 2; i < n && is_digit(p[i]); i++)
			continue;
		if (i < n || taken(e, w->start, w->end))
			return 0;
		add_tracking(e, w->start, w->end, s, "dhl");
		return w->end;
	}
	return 0;
}

/*
 * Digits in groups joined by single blanks ("9400 1112 0108 0805 4830
 * 16") starting at word *wp, tried at the group ends, longest first.
 * Moves *wp past the groups.
 */
static void
trk_digits(struct classify_entities *e, const char *s, size_t len,
    size_t *wp, const struct trk_ctx *c)
{
	char d[TRK_MAXDIG + 1];
	size_t ends[TRK_MAXDIG], nds[TRK_MAXDIG], ng = 0, n = 0, w = *wp, g;
	size_t start = e->word[w].start;
	int cr;

	for (; w < e->nword; w++) {
		const struct classify_word *x = &e->word[w];
		size_t k = x->end - x->start;

		if (x->nalpha > 0 || n + k > TRK_MAXDIG ||
		    (ng > 0 && !(x->start == ends[ng - 1] + 1 &&
		    s[x->start - 1] == ' ')))
			break;
		memcpy(d + n, s + x->start, k);
		n += k;
		ends[ng] = x->end;
		nds[ng++] = n;
	}
	*wp = w > *wp ? w - 1 : w;
	/* "+34 612...", "2026-11-01": phone numbers and dates. */
	if (ng == 0 || (start > 0 && (s[start - 1] == '+' ||
	    s[start - 1] == '-' || s[start - 1] == '/' || s[start - 1] == '.')))
		return;
	for (g = ng; g > 0; g--) {
		size_t end = ends[g - 1];

		if (end < len && (s[end] == '-' || s[end] == '/' ||
		    (s[end] == '.' && end + 1 < len && is_digit(s[end + 1]))))
			continue;
		cr = digits_carrier(d, nds[g - 1], c->carrier, 0);
		if (cr == CR_NONE || taken(e, start, end))
			continue;
		add_tracking(e, start, end, s, carriers[cr]);
		return;
	}
}

/*
 * After a tracking keyword or a carrier's name, with fillers between: a
 * word of at most 30 letters and digits (digits may come in groups) with
 * at least 8 digits.  Its carrier is the one its check digit shows, or
 * the one named.
 */
static void
trk_after_keywords(struct classify_entities *e, const struct classify_map *m,
    const struct classify_text *t, const struct trk_ctx *c)
{
	const char *s = t->src;
	size_t len = t->srclen, i, j, p, q, nal, ndig;
	char v[32];
	int type, cr;

	for (i = 0; i < t->ntok; i++) {
		type = kw_type(m, t, &t->tok[i], NULL);
		if (type != KW_TRACK && type != KW_CARRIER)
			continue;
		for (j = i + 1; j < t->ntok && j <= i + KW_WINDOW; j++) {
			const struct classify_tok *k = &t->tok[j];

			if (k->kind == CTOK_PUNCT ||
			    kw_type(m, t, k, NULL) == KW_FILLER)
				continue;
			p = k->src;
			if (!is_alnum(s[p]) || (p > 0 && s[p - 1] == '+'))
				break;
			for (q = p, nal = ndig = 0; q < len &&
			    nal < sizeof(v);) {
				if (is_alnum(s[q])) {
					v[nal++] = s[q];
					ndig += is_digit(s[q]);
					q++;
				} else if (s[q] == ' ' && q + 1 < len &&
				    is_digit(s[q + 1]) && is_digit(s[q - 1]))
					q++;
				else
					break;
			}
			if (ndig < 8 || nal > 30 || (q < len && is_alnum(s[q])))
				break;
			/* After a name only: not a Spanish phone number. */
			if (type == KW_CARRIER && ndig == 9 && nal == 9 &&
			    v[0] >= '6' && v[0] <= '9')
				break;
			if (taken(e, p, q))
				break;
			cr = ndig == nal ?
			    digits_carrier(v, nal, c->carrier, 1) : CR_NONE;
			if (cr == CR_NONE)
				cr = c->carrier == CR_NONE ||
				    checked_length(c->carrier, ndig == nal ?
				    nal : 0) ? CR_UNKNOWN : c->carrier;
			add_tracking(e, p, q, s, carriers[cr]);
			break;
		}
	}
}

static void
scan_tracking(struct classify_entities *e, const struct classify_map *m,
    const struct classify_text *t)
{
	struct trk_ctx c;
	size_t w;

	trk_context(m, t, &c);
	for (w = 0; w < e->nword; w++) {
		const struct classify_word *x = &e->word[w];

		if (x->nalpha > 0) {
			if (x->end - x->start >= 12 ||
			    (t->src[x->start] == '1' &&
			    x->end - x->start >= 2 &&
			    to_upper(t->src[x->start + 1]) == 'Z'))
				(void)trk_word(e, t->src, t->srclen, x);
			continue;
		}
		if (w > 0 && e->word[w - 1].end + 1 == x->start &&
		    e->word[w - 1].nalpha == 0 && t->src[x->start - 1] == ' ')
			continue;	/* inside groups already tried */
		trk_digits(e, t->src, t->srclen, &w, &c);
	}
	if (c.kw || c.carrier != CR_NONE)
		trk_after_keywords(e, m, t, &c);
}

/*
 * Order-number patterns (see classify.h).  A shape is compiled into
 * elements, each a class or a byte with a repeat range; a match is found
 * for every length at once, one bit per length, so a pattern costs a
 * few word operations per element wherever it is tried.
 */
#define OEL_MAX		32	/* elements of a shape */
#define OLEN_MAX	63	/* the longest match */
#define OPAT_MAXLEN	255	/* the longest pattern */

enum {
	OC_DIGIT = 1,
	OC_ALPHA,
	OC_ALNUM,
	OC_LIT
};

/* Where a shape may start: at a word of digits, at one byte, anywhere. */
enum {
	OS_DIGIT = 1,
	OS_BYTE,
	OS_ANY
};

struct oel {
	uint8_t	cls;
	uint8_t	lit;		/* OC_LIT: the byte, in lower case */
	uint8_t	min, max;
};

struct opat {
	struct oel	el[OEL_MAX];
	size_t		nel;
	size_t		maxlen;
	int		ctx;		/* only after a context word */
	int		where;		/* OS_* */
	uint8_t		byte;		/* OS_BYTE */
	uint8_t		first[32];	/* bytes a match may start with */
};

struct classify_orders {
	struct opat		 pat[CLASSIFY_ORDER_MAX];
	size_t			 npat;
	struct classify_map	 words;	/* context word -> index in mask */
	uint64_t		*mask;	/* the patterns each word begins */
	size_t			 nmask;
};

static void
first_add(uint8_t *first, int c)
{
	first[c >> 3] |= (uint8_t)(1 << (c & 7));
}

static int
first_has(const uint8_t *first, int c)
{
	return first[c >> 3] & (1 << (c & 7));
}

static int
el_has(const struct oel *el, int c)
{
	switch (el->cls) {
	case OC_DIGIT:
		return is_digit(c);
	case OC_ALPHA:
		return is_alpha(c);
	case OC_ALNUM:
		return is_alnum(c);
	default:
		return to_lower(c) == el->lit;
	}
}

/* A repeat count at s[*i]: digits up to OLEN_MAX.  Returns -1 if none. */
static int
count_at(const char *s, size_t n, size_t *i)
{
	int v = 0, nd = 0;

	while (*i < n && is_digit(s[*i]) && nd < 3) {
		v = v * 10 + (s[(*i)++] - '0');
		nd++;
	}
	return nd == 0 || v > OLEN_MAX ? -1 : v;
}

static int
shape_compile(struct opat *p, const char *s, size_t n, const char **why)
{
	size_t i = 0, total = 0, j;
	unsigned mintotal = 0;
	int digit = 0, c, m, x, nfirst = 0;

	p->nel = 0;
	while (i < n) {
		struct oel el;

		c = (unsigned char)s[i++];
		if (c == '\\') {
			if (i == n) {
				*why = "ends with '\\'";
				return -1;
			}
			c = (unsigned char)s[i++];
			if (c <= ' ' || c >= 0x7f) {
				*why = "is not ASCII without blanks";
				return -1;
			}
			el.cls = OC_LIT;
		} else if (c == 'N')
			el.cls = OC_DIGIT;
		else if (c == 'A')
			el.cls = OC_ALPHA;
		else if (c == 'X')
			el.cls = OC_ALNUM;
		else if (c == '{' || c == '}' || c == '?') {
			*why = "has '{', '}' or '?' after nothing (write \\{ "
			    "for the character)";
			return -1;
		} else if (c <= ' ' || c >= 0x7f) {
			*why = "is not ASCII without blanks";
			return -1;
		} else
			el.cls = OC_LIT;
		el.lit = el.cls == OC_LIT ? (uint8_t)to_lower(c) : 0;
		el.min = el.max = 1;
		if (i < n && s[i] == '?') {
			el.min = 0;
			i++;
		} else if (i < n && s[i] == '{') {
			i++;
			if ((m = count_at(s, n, &i)) < 0) {
				*why = "has a bad repeat count (0 to 63)";
				return -1;
			}
			x = m;
			if (i < n && s[i] == ',') {
				i++;
				if ((x = count_at(s, n, &i)) < 0 || x < m) {
					*why = "has a bad repeat range";
					return -1;
				}
			}
			if (i == n || s[i] != '}' || x == 0) {
				*why = "has a bad repeat: {M} or {M,N}, N at "
				    "least 1";
				return -1;
			}
			i++;
			el.min = (uint8_t)m;
			el.max = (uint8_t)x;
		}
		total += el.max;
		mintotal += el.min;
		if (el.cls == OC_DIGIT && el.min > 0)
			digit = 1;
		/* NNN is N{3}: fewer elements, the same matches. */
		if (p->nel > 0 && p->el[p->nel - 1].cls == el.cls &&
		    p->el[p->nel - 1].lit == el.lit &&
		    p->el[p->nel - 1].max + el.max <= OLEN_MAX) {
			p->el[p->nel - 1].min += el.min;
			p->el[p->nel - 1].max += el.max;
			continue;
		}
		if (p->nel == OEL_MAX) {
			*why = "has too many elements";
			return -1;
		}
		p->el[p->nel++] = el;
	}
	if (total > OLEN_MAX) {
		*why = "matches more than 63 characters";
		return -1;
	}
	if (!digit || mintotal == 0) {
		*why = "needs a digit (N)";
		return -1;
	}
	p->maxlen = total;
	memset(p->first, 0, sizeof(p->first));
	for (j = 0; j < p->nel; j++) {
		for (c = 1; c < 128; c++)
			if (el_has(&p->el[j], c))
				first_add(p->first, c);
		if (p->el[j].min > 0)
			break;
	}
	p->where = OS_DIGIT;
	for (c = 1; c < 128; c++) {
		if (!first_has(p->first, c))
			continue;
		nfirst++;
		if (!is_digit(c)) {
			p->where = is_alnum(c) ? OS_ANY : OS_BYTE;
			p->byte = (uint8_t)c;
		}
	}
	if (p->where == OS_BYTE && nfirst != 1)
		p->where = OS_ANY;
	return 0;
}

static int
orders_add(struct classify_orders *o, const char *pat,
    struct classify_text *tmp, struct cs_error *err)
{
	struct opat *p;
	const char *s = pat, *e, *shape, *w, *bar;
	size_t n = strlen(pat);
	const char *why = NULL;
	uint32_t *v;

	if (o->npat == CLASSIFY_ORDER_MAX) {
		cs_seterr(err, "more than %d order patterns",
		    CLASSIFY_ORDER_MAX);
		return -1;
	}
	if (n > OPAT_MAXLEN) {
		cs_seterr(err, "order pattern '%.40s...': longer than %d "
		    "bytes", pat, OPAT_MAXLEN);
		return -1;
	}
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	e = s + n;
	for (shape = e; shape > s && shape[-1] != ' ' && shape[-1] != '\t';
	    shape--)
		continue;
	p = &o->pat[o->npat];
	memset(p, 0, sizeof(*p));
	if (shape == e)
		why = "is empty";
	else if (shape_compile(p, shape, (size_t)(e - shape), &why) == 0 &&
	    shape > s) {
		/* Context words: "order|pedido|comanda". */
		p->ctx = 1;
		for (w = s; w < shape && why == NULL; w = bar + 1) {
			const char *a = w, *b;

			for (bar = w; bar < shape && *bar != '|'; bar++)
				continue;
			for (b = bar; b > a && (b[-1] == ' ' || b[-1] == '\t');
			    b--)
				continue;
			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			if (a == b || memchr(a, ' ', (size_t)(b - a)) != NULL ||
			    memchr(a, '\t', (size_t)(b - a)) != NULL) {
				why = "needs context words of one word each, "
				    "joined by '|'";
				break;
			}
			/* One word, as the tokeniser will see it. */
			classify_text_scan(tmp, a, (size_t)(b - a), NULL, 0);
			if (tmp->ntok != 1 || tmp->tok[0].kind != CTOK_WORD) {
				why = "has a context word that is not one word";
				break;
			}
			v = classify_map_put(&o->words, CTOK_STR(tmp,
			    &tmp->tok[0]), tmp->tok[0].len);
			if (*v == CLASSIFY_MAP_NONE) {
				*v = (uint32_t)o->nmask;
				o->mask = xreallocarray(o->mask, ++o->nmask,
				    sizeof(*o->mask));
				o->mask[*v] = 0;
			}
			o->mask[*v] |= (uint64_t)1 << o->npat;
			if (bar >= shape)
				break;
		}
	}
	if (why != NULL) {
		cs_seterr(err, "order pattern '%s': %s", pat, why);
		return -1;
	}
	o->npat++;
	return 0;
}

struct classify_orders *
classify_orders_new(const char *const *patterns, size_t n,
    struct cs_error *err)
{
	static const char *const defaults[] = { CLASSIFY_ORDER_DEFAULTS };
	struct classify_orders *o = xcalloc(1, sizeof(*o));
	struct classify_text tmp;
	size_t i, j;
	int rc = 0;

	classify_map_init(&o->words);
	classify_text_init(&tmp);
	if (patterns == NULL) {
		patterns = defaults;
		n = CS_NELEM(defaults);
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (patterns[i] == NULL) {
			cs_seterr(err, "order pattern %zu is missing", i + 1);
			rc = -1;
		} else if (strcmp(patterns[i], "default") == 0) {
			for (j = 0; j < CS_NELEM(defaults) && rc == 0; j++)
				rc = orders_add(o, defaults[j], &tmp, err);
		} else
			rc = orders_add(o, patterns[i], &tmp, err);
	}
	classify_text_release(&tmp);
	if (rc == -1) {
		classify_orders_free(o);
		return NULL;
	}
	return o;
}

void
classify_orders_free(struct classify_orders *o)
{
	if (o == NULL)
		return;
	classify_map_release(&o->words);
	free(o->mask);
	free(o);
}

/*
 * Match the shape at s[i]: the end of the longest match that ends a
 * word, or 0.  Bit L of a set is a way to have matched L bytes.
 */
static size_t
shape_match(const struct opat *p, const char *s, size_t len, size_t i)
{
	uint64_t set = 1, next, cur, m, dig = 0, alpha = 0;
	size_t n = len - i, j, L;
	unsigned k;

	if (n > p->maxlen)
		n = p->maxlen;
	/* The elements of fixed length first: most tries end there. */
	for (j = 0, L = 0; j < p->nel && p->el[j].min == p->el[j].max; j++)
		for (k = 0; k < p->el[j].min; k++, L++)
			if (L >= n ||
			    !el_has(&p->el[j], (unsigned char)s[i + L]))
				return 0;
	if (j == p->nel)
		return i + L == len || !is_alnum(s[i + L]) ? i + L : 0;
	for (j = 0; j < n; j++) {
		if (is_digit(s[i + j]))
			dig |= (uint64_t)1 << j;
		else if (is_alpha(s[i + j]))
			alpha |= (uint64_t)1 << j;
	}
	for (j = 0; j < p->nel; j++) {
		const struct oel *el = &p->el[j];

		switch (el->cls) {
		case OC_DIGIT:
			m = dig;
			break;
		case OC_ALPHA:
			m = alpha;
			break;
		case OC_ALNUM:
			m = dig | alpha;
			break;
		default:
			m = 0;
			for (L = 0; L < n; L++)
				if (to_lower((unsigned char)s[i + L]) ==
				    el->lit)
					m |= (uint64_t)1 << L;
			break;
		}
		next = 0;
		cur = set;
		for (k = 0;; k++) {
			if (k >= el->min)
				next |= cur;
			if (k == el->max || (cur = (cur & m) << 1) == 0)
				break;
		}
		if ((set = next) == 0)
			return 0;
	}
	for (L = n; L > 0; L--)
		if ((set >> L & 1) && (i + L == len || !is_alnum(s[i + L])))
			return i + L;
	return 0;
}

/* Try pattern p at s[i], a word's start; add the order.  1 if matched. */
static int
order_at(struct classify_entities *e, const struct opat *p, const char *s,
    size_t len, size_t i)
{
	size_t end, v;

	if ((i > 0 && is_alnum(s[i - 1])) ||
	    !first_has(p->first, (unsigned char)s[i]) ||
	    (end = shape_match(p, s, len, i)) == 0)
		return 0;
	if (!taken(e, i, end)) {
		for (v = i; v < end && !is_alnum(s[v]); v++)
			continue;
		(void)ent_add(e, CENT_ORDER, i, end, s + v, end - v);
	}
	return 1;
}

static void
scan_orders(struct classify_entities *e, const struct classify_orders *o,
    const struct classify_map *kw, const struct classify_text *t)
{
	const char *s = t->src, *q;
	size_t len = t->srclen, i, j, w, nw, pi;
	uint64_t mask;
	uint32_t v;

	for (pi = 0; pi < o->npat; pi++) {
		const struct opat *p = &o->pat[pi];

		if (p->ctx)
			continue;
		switch (p->where) {
		case OS_DIGIT:
			for (w = 0; w < e->nword; w++)
				if (is_digit(s[e->word[w].start]))
					(void)order_at(e, p, s, len,
					    e->word[w].start);
			break;
		case OS_BYTE:
			for (i = 0; i < len && (q = memchr(s + i, p->byte,
			    len - i)) != NULL; i = (size_t)(q - s) + 1)
				(void)order_at(e, p, s, len, (size_t)(q - s));
			break;
		default:
			for (i = 0; i < len; i++)
				(void)order_at(e, p, s, len, i);
			break;
		}
	}
	if (o->nmask == 0)
		return;
	for (i = 0; i < t->ntok; i++) {
		const struct classify_tok *k = &t->tok[i];

		if (k->kind != CTOK_WORD || (v = classify_map_get(&o->words,
		    CTOK_STR(t, k), k->len, k->hash)) == CLASSIFY_MAP_NONE)
			continue;
		mask = o->mask[v];
		for (j = i + 1, nw = 0; j < t->ntok; j++) {
			const struct classify_tok *c = &t->tok[j];
			size_t at = c->src;
			int hit = 0;

			for (pi = 0; pi < o->npat && !hit; pi++) {
				if (!(mask >> pi & 1))
					continue;
				/* "#1234": the tokeniser leaves out the '#'. */
				if (at > 0 && !is_alnum(s[at - 1]) &&
				    s[at - 1] != ' ' &&
				    first_has(o->pat[pi].first,
				    (unsigned char)s[at - 1]))
					hit = order_at(e, &o->pat[pi], s, len,
					    at - 1);
				if (!hit)
					hit = order_at(e, &o->pat[pi], s, len,
					    at);
			}
			if (hit)
				break;
			if (c->kind == CTOK_PUNCT)
				continue;
			if (nw < 3 && kw_type(kw, t, c, NULL) == KW_FILLER) {
				nw++;
				continue;
			}
			break;
		}
	}
}

static const struct classify_orders *
orders_of(struct classify_entities *e)
{
	if (e->orders != NULL)
		return e->orders;
	/* The built-in patterns are valid: this cannot fail. */
	if (e->builtin == NULL)
		e->builtin = classify_orders_new(NULL, 0, NULL);
	return e->builtin;
}

static void
scan_emails(struct classify_entities *e, const char *s, size_t len)
{
	size_t i, a, b, c, dot, labels;

	for (i = 1; i + 3 < len; i++) {
		if (s[i] != '@')
			continue;
		for (a = i; a > 0 && (is_alnum(s[a - 1]) || s[a - 1] == '.' ||
		    s[a - 1] == '_' || s[a - 1] == '%' || s[a - 1] == '+' ||
		    s[a - 1] == '-'); a--)
			continue;
		while (a < i && s[a] == '.')
			a++;
		/* "@user@server" is a Mastodon handle, not an address. */
		if (a == i || (a > 0 && (s[a - 1] == '@' ||
		    (unsigned char)s[a - 1] >= 0x80)))
			continue;
		dot = 0;
		labels = 0;
		for (b = i + 1; b < len; b++) {
			if (is_alnum(s[b]) || s[b] == '-')
				continue;
			if (s[b] == '.' && b + 1 < len && is_alnum(s[b + 1]) &&
			    s[b - 1] != '.' && s[b - 1] != '@') {
				dot = b;
				labels++;
				continue;
			}
			break;
		}
		if (labels == 0 || b - dot - 1 < 2)
			continue;
		for (c = dot + 1; c < b && is_alpha(s[c]); c++)
			continue;
		if (c < b || taken(e, a, b))
			continue;
		(void)ent_add(e, CENT_EMAIL, a, b, s + a, b - a);
		pii_report(e, PII_EMAIL, a, b);
		i = b;
	}
}

/* Case-insensitive ASCII comparison of s[0..n) with the word w. */
static int
word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || to_upper((unsigned char)s[i]) !=
		    to_upper((unsigned char)w[i]))
			return 0;
	return w[n] == '\0';
}

static int
phone_keyword(const char *s, size_t start)
{
	static const char *const kw[] = {
		"tel", "tel.", "tlf", "tlf.", "telf", "telf.", "phone",
		"telefono", "mobile", "movil", "call", "whatsapp", "móvil",
		"mòbil", "telèfon", "teléfono", "mobil", "cell", "número",
		"numero", "number", NULL
	};
	const char *const *k;
	size_t b = start, a;

	while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == ':'))
		b--;
	for (a = b; a > 0 && (is_alpha(s[a - 1]) || s[a - 1] == '.' ||
	    (unsigned char)s[a - 1] >= 0x80); a--)
		continue;
	if (b == a)
		return 0;
	for (k = kw; *k != NULL; k++)
		if (word_is(s + a, b - a, *k))
			return 1;
	return 0;
}

/* An IPv4 address: four groups of one to three digits, dots between. */
static int
ipv4(const char *s, size_t n)
{
	size_t i, g = 0, run = 0;

	for (i = 0; i < n; i++) {
		if (is_digit(s[i]) && ++run <= 3)
			continue;
		if (s[i] != '.' || run == 0)
			return 0;
		g++;
		run = 0;
	}
	return g == 3 && run > 0 && run <= 3;
}

/*
 * Phone numbers: "+34 612 345 678", "(+34) 612 345 678", "+1 (555)
 * 123-4567", "0034...", "612345678" (a Spanish number: nine digits from
 * 6 to 9), and grouped national numbers of 9 to 11 digits.  Digits glued
 * to letters, dates and long bare numbers (orders, tracking) are not
 * phone numbers.
 */
static void
scan_phones(struct classify_entities *e, const char *s, size_t len)
{
	size_t i, j, end, nd, nsep;
	char v[24];

	for (i = 0; i < len; i++) {
		int plus = 0, paren = 0, ok;

		if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '+' ||
		    s[i - 1] == '-' || s[i - 1] == '.' || s[i - 1] == '/' ||
		    s[i - 1] == '#' || (s[i - 1] == '(' && s[i] == '+')))
			continue;
		j = i + 1;
		if (s[i] == '+' && i + 1 < len && is_digit(s[i + 1]))
			plus = 1;
		else if (s[i] == '(' && i + 2 < len && s[i + 1] == '+' &&
		    is_digit(s[i + 2])) {
			plus = paren = 1;
			j = i + 2;
		} else if (s[i] == '(' && i + 1 < len && is_digit(s[i + 1]))
			paren = 1;
		else if (!is_digit(s[i]))
			continue;
		else
			j = i;
		nd = nsep = 0;
		end = i;
		for (; j < len; j++) {
			char c = s[j];

			if (is_digit(c)) {
				if (nd < sizeof(v) - 2)
					v[nd + 1] = c;
				nd++;
				end = j + 1;
			} else if ((c == ' ' || c == '-' || c == '.') &&
			    j + 1 < len && (is_digit(s[j + 1]) ||
			    s[j + 1] == '(') && (is_digit(s[j - 1]) ||
			    s[j - 1] == ')'))
				nsep++;
			else if (c == '(' && j + 1 < len &&
			    is_digit(s[j + 1]) && !paren)
				paren = 1;
			else if (c == ')' && paren == 1 && is_digit(s[j - 1]))
				paren = 2;
			else
				break;
			if (nd > 15)
				break;
		}
		if (nd > 15 || (end < len && (is_alnum(s[end]) ||
		    s[end] == '/' || (s[end] == '.' && end + 1 < len &&
		    is_digit(s[end + 1])))))
			goto skip;
		if (plus)
			ok = nd >= 8;
		else if (nd >= 10 && s[i] == '0' && s[i + 1] == '0')
			ok = 1, plus = 2;
		else if (nd < 9 || nd > 11)
			ok = 0;
		else if (nsep > 0 || paren == 2)
			ok = 1;
		else
			ok = (nd == 9 && s[i] >= '6' && s[i] <= '9') ||
			    phone_keyword(s, i);
		if (!ok || taken(e, i, end) || ipv4(s + i, end - i))
			goto skip;
		{
			size_t n = nd < sizeof(v) - 1 ? nd : sizeof(v) - 2;
			const char *val = v + 1;

			if (plus == 1) {
				v[0] = '+';
				val = v;
				n++;
			} else if (plus == 2) {
				/* 0034...: the 00 becomes '+'. */
				v[2] = '+';
				val = v + 2;
				n -= 1;
			}
			(void)ent_add(e, CENT_PHONE, i, end, val, n);
			pii_report(e, PII_PHONE, i, end);
		}
skip:
		if (end > i)
			i = end - 1;
	}
}

static int
secret(int kind)
{
	return kind != PII_EMAIL && kind != PII_PHONE;
}

/* Is one of a and b (four bytes or more) inside the other? */
static int
holds(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i;

	if (na < nb) {
		const char *t = a;

		a = b;
		b = t;
		i = na;
		na = nb;
		nb = i;
	}
	if (nb < 4)
		return 0;
	for (i = 0; i + nb <= na; i++)
		if (a[i] == b[0] && memcmp(a + i, b, nb) == 0)
			return 1;
	return 0;
}

/*
 * Drop the links, handles and tags that overlap a secret or whose value
 * holds one ("my password is hunter2 #hunter2").
 */
static void
drop_secrets(struct classify_entities *e, const char *s)
{
	size_t i, j, k;

	for (i = k = 0; i < e->nent; i++) {
		const struct classify_ent *x = &e->ent[i];
		int drop = 0;

		for (j = 0; j < e->npii && !drop; j++) {
			const struct classify_pii *p = &e->pii[j];

			drop = secret(p->kind) && ((x->start < p->end &&
			    p->start < x->end) || holds(e->vals.s + x->voff,
			    x->vlen, s + p->start, p->end - p->start));
		}
		if (!drop)
			e->ent[k++] = *x;
	}
	e->nent = k;
}

static int
pii_cmp(const void *a, const void *b)
{
	const struct classify_pii *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

void
classify_entity_scan(struct classify_entities *e,
    const struct classify_text *t)
{
	const char *s = t->src;
	size_t len = t->srclen, i, off = 0, cp = 0, npii = e->npii;
	const struct classify_orders *o;
	const struct classify_map *kw;

	/* Every number scanned needs four digits at least. */
	if (t->ndigits >= 4)
		pii_scan(e, s, len);
	pii_passwords(e, t);
	if (t->ndigits >= 4) {
		kw = kw_map(e);
		scan_tracking(e, kw, t);
		if ((o = orders_of(e)) != NULL)
			scan_orders(e, o, kw, t);
	}
	if (t->nat > 0)
		scan_emails(e, s, len);
	if (t->ndigits >= 8)
		scan_phones(e, s, len);
	if (e->npii > npii && e->nent > 0)
		drop_secrets(e, s);
	/* Each list in text order: an insertion sort, the lists are short. */
	for (i = 1; i < e->nent; i++) {
		struct classify_ent x = e->ent[i];
		size_t j;

		for (j = i; j > 0 && e->ent[j - 1].start > x.start; j--)
			e->ent[j] = e->ent[j - 1];
		e->ent[j] = x;
	}
	/* In text order, with code point spans. */
	if (e->npii > 1)
		qsort(e->pii, e->npii, sizeof(*e->pii), pii_cmp);
	for (i = 0; i < e->npii; i++) {
		struct classify_pii *p = &e->pii[i];

		cp += classify_text_cps(s + off, p->start - off);
		p->cpstart = cp;
		cp += classify_text_cps(s + p->start, p->end - p->start);
		p->cpend = cp;
		off = p->end;
	}
}

size_t
classify_entity_count(const struct classify_entities *e, int kind)
{
	size_t i, n = 0;

	for (i = 0; i < e->nent; i++)
		n += e->ent[i].kind == kind;
	return n;
}

static void
add_size(struct buf *b, size_t v)
{
	char s[24], *p = s + sizeof(s);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	buf_add(b, p, (size_t)(s + sizeof(s) - p));
}

void
classify_entity_json(const struct classify_entities *e, struct buf *b)
{
	static const struct {
		const char	*key;
		int		 kind;
	} kinds[] = {
		{ "order_ids", CENT_ORDER }, { "tracking", CENT_TRACKING },
		{ "urls", CENT_URL }, { "mentions", CENT_MENTION },
		{ "hashtags", CENT_HASHTAG }, { "cashtags", CENT_CASHTAG },
		{ "emails", CENT_EMAIL }, { "phones", CENT_PHONE }
	};
	size_t i, k;
	int first;

	if (e->nent == 0)
		buf_adds(b, "\"entities\":{\"order_ids\":[],\"tracking\":[],"
		    "\"urls\":[],\"mentions\":[],\"hashtags\":[],"
		    "\"cashtags\":[],\"emails\":[],\"phones\":[]}");
	else {
		buf_adds(b, "\"entities\":{");
		for (k = 0; k < CS_NELEM(kinds); k++) {
			if (k > 0)
				buf_addc(b, ',');
			buf_addc(b, '"');
			buf_adds(b, kinds[k].key);
			buf_adds(b, "\":[");
			first = 1;
			for (i = 0; i < e->nent; i++) {
				const struct classify_ent *x = &e->ent[i];

				if (x->kind != kinds[k].kind)
					continue;
				if (!first)
					buf_addc(b, ',');
				first = 0;
				if (x->kind == CENT_TRACKING) {
					buf_adds(b, "{\"carrier\":");
					buf_add_json_string(b, x->carrier,
					    strlen(x->carrier));
					buf_adds(b, ",\"number\":");
				}
				buf_add_json_string(b, e->vals.s + x->voff,
				    x->vlen);
				if (x->kind == CENT_TRACKING)
					buf_addc(b, '}');
			}
			buf_addc(b, ']');
		}
		buf_addc(b, '}');
	}
	buf_adds(b, ",\"pii\":[");
	for (i = 0; i < e->npii; i++) {
		const struct classify_pii *p = &e->pii[i];

		if (i > 0)
			buf_addc(b, ',');
		buf_adds(b, "{\"type\":\"");
		buf_adds(b, pii_name(p->kind));
		buf_adds(b, "\",\"span\":[");
		add_size(b, p->cpstart);
		buf_addc(b, ',');
		add_size(b, p->cpend);
		buf_adds(b, "]}");
	}
	buf_addc(b, ']');
}
