/*
 * classify_entity: what a message names.  Links, @handles and #hashtags
 * come from twtext (twitter-text's own rules); the rest is scanned here,
 * over the original bytes, in an order that settles overlaps: cards and
 * IBANs first (pii.c), then tracking numbers, order numbers, e-mail
 * addresses and phone numbers, each skipping what an earlier one took.
 */
#include "compat.h"

#include "classify.h"
#include "twtext.h"
#include "util.h"

#define ENT_MAX		256	/* entities kept per message */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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
	buf_release(&e->vals);
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

		if (x->kind == CENT_MENTION || x->kind == CENT_HASHTAG)
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

static int
overlaps_ent(const struct classify_entities *e, size_t n, size_t start,
    size_t end)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (start < e->ent[i].end && e->ent[i].start < end)
			return 1;
	return 0;
}

void
classify_entity_links(struct classify_entities *e, const char *s,
    size_t len)
{
	struct twtext_entities *tw = e->tw;
	size_t i, j, nhandles;

	e->nent = e->npii = e->nskip = 0;
	buf_reset(&e->vals);
	if (memchr(s, '@', len) != NULL)
		scan_handles(e, s, len);
	nhandles = e->nent;
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
		default:
			continue;
		}
		if (overlaps_ent(e, nhandles, t->off, t->off + t->len))
			continue;
		if (kind != CENT_HASHTAG)
			skip_add(e, t->off, t->off + t->len);
		(void)ent_add(e, kind, t->off, t->off + t->len, s + t->voff,
		    t->vlen);
	}
	if (nhandles == 0)
		return;
	/* In text order again: insertion sorts, the lists are short. */
	for (i = 1; i < e->nent; i++) {
		struct classify_ent x = e->ent[i];

		for (j = i; j > 0 && e->ent[j - 1].start > x.start; j--)
			e->ent[j] = e->ent[j - 1];
		e->ent[j] = x;
	}
	for (i = 1; i < e->nskip; i++) {
		struct classify_span x = e->skip[i];

		for (j = i; j > 0 && e->skip[j - 1].start > x.start; j--)
			e->skip[j] = e->skip[j - 1];
		e->skip[j] = x;
	}
}

/*
 * Case-insensitive ASCII comparison of s[0..n) with the word w, called
 * for every word of a message: the first letter decides most cases.
 */
static int
word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	if (n == 0 || to_upper((unsigned char)s[0]) !=
	    to_upper((unsigned char)w[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (w[i] == '\0' || to_upper((unsigned char)s[i]) !=
		    to_upper((unsigned char)w[i]))
			return 0;
	return w[n] == '\0';
}

static int
word_in(const char *s, size_t n, const char *const *list)
{
	int c;

	if (n == 0)
		return 0;
	c = to_upper((unsigned char)s[0]);
	for (; *list != NULL; list++)
		if (to_upper((unsigned char)(*list)[0]) == c &&
		    word_is(s, n, *list))
			return 1;
	return 0;
}

/*
 * UPU S10 international mail: two letters, eight digits and a check
 * digit, the origin country.
 */
static int
s10_valid(const char *s)
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
		{ "ES", "correos" }, { "US", "usps" }, { "GB", "royal-mail" },
		{ "DE", "deutsche-post" }, { "FR", "la-poste" },
		{ "PT", "ctt" }, { "IT", "poste-italiane" },
		{ "CN", "china-post" }, { "NL", "postnl" }, { "AD", "correos" }
	};
	size_t i;

	for (i = 0; i < CS_NELEM(map); i++)
		if (map[i][0][0] == cc[0] && map[i][0][1] == cc[1])
			return map[i][1];
	return "post";
}

/* The carrier a message names, for tracking numbers of unknown shape. */
static const char *
named_carrier(const struct classify_text *t)
{
	static const char *const names[] = {
		"dhl", "fedex", "ups", "usps", "seur", "mrw", "correos",
		"correus", "gls", "nacex", "dpd", "tnt", "amazon", "hermes",
		"evri", "ctt", "chronopost", "colissimo", NULL
	};
	size_t i;

	for (i = 0; i < t->ntok; i++) {
		const struct classify_tok *k = &t->tok[i];
		const char *const *n;

		if (k->kind != CTOK_WORD)
			continue;
		for (n = names; *n != NULL; n++)
			if (word_is(CTOK_STR(t, k), k->len, *n))
				return strcmp(*n, "correus") == 0 ?
				    "correos" : *n;
	}
	return "unknown";
}

static void
add_tracking(struct classify_entities *e, size_t start, size_t end,
    const char *s, const char *carrier)
{
	struct classify_ent *x;
	char v[40];
	size_t i, n = 0;

	for (i = start; i < end && n < sizeof(v); i++)
		if (is_alnum(s[i]))
			v[n++] = (char)to_upper((unsigned char)s[i]);
	if ((x = ent_add(e, CENT_TRACKING, start, end, v, n)) != NULL)
		x->carrier = carrier;
}

/* The end of a run of letters and digits (with blanks if spaced). */
static size_t
alnum_run(const char *s, size_t len, size_t i, int spaced, size_t *nal,
    size_t *ndig)
{
	size_t end = i;

	*nal = *ndig = 0;
	while (i < len) {
		if (is_alnum(s[i])) {
			(*nal)++;
			if (is_digit(s[i]))
				(*ndig)++;
			end = ++i;
		} else if (spaced && s[i] == ' ' && i + 1 < len &&
		    is_alnum(s[i + 1]) && is_digit(s[i - 1]))
			i++;
		else
			break;
	}
	return end;
}

static void
scan_tracking(struct classify_entities *e, const struct classify_text *t)
{
	static const char *const kw[] = {
		"tracking", "seguimiento", "seguiment", "awb", "localizador",
		"envio", "shipment", NULL
	};
	const char *s = t->src, *carrier = NULL;
	size_t len = t->srclen, i, end, nal, ndig;

	for (i = 0; i < len; i++) {
		if (!is_alnum(s[i]) || (i > 0 && is_alnum(s[i - 1])))
			continue;
		end = alnum_run(s, len, i, 0, &nal, &ndig);
		if (end < len && (is_alpha(s[end]) || s[end] == '-'))
			goto next;
		if (nal == 18 && to_upper(s[i]) == '1' &&
		    to_upper(s[i + 1]) == 'Z') {
			if (!taken(e, i, end))
				add_tracking(e, i, end, s, "ups");
		} else if (nal == 13 && ndig == 9 && is_alpha(s[i]) &&
		    is_alpha(s[i + 1]) && is_alpha(s[i + 11]) &&
		    is_alpha(s[i + 12]) && s10_valid(s + i)) {
			char cc[2];

			cc[0] = (char)to_upper(s[i + 11]);
			cc[1] = (char)to_upper(s[i + 12]);
			if (!taken(e, i, end))
				add_tracking(e, i, end, s, s10_carrier(cc));
		} else if (nal >= 20 && nal <= 22 && ndig == nal &&
		    s[i] == '9') {
			if (!taken(e, i, end))
				add_tracking(e, i, end, s, "usps");
		}
next:
		i = end > i ? end - 1 : i;
	}

	/* After a keyword: "tracking number 1234567890". */
	for (i = 0; i < t->ntok; i++) {
		const struct classify_tok *k = &t->tok[i];
		size_t j, p;

		if (k->kind != CTOK_WORD ||
		    !word_in(CTOK_STR(t, k), k->len, kw))
			continue;
		for (j = i + 1; j < t->ntok && j <= i + 4; j++) {
			const struct classify_tok *c = &t->tok[j];

			if (c->kind == CTOK_PUNCT || (c->kind == CTOK_WORD &&
			    c->len <= 7 && c->src + c->srclen < len &&
			    !is_digit(s[c->src + c->srclen])))
				continue;
			p = c->src;
			if (!is_alnum(s[p]))
				break;
			end = alnum_run(s, len, p, 1, &nal, &ndig);
			if (ndig >= 8 && nal <= 30 && !taken(e, p, end)) {
				if (carrier == NULL)
					carrier = named_carrier(t);
				add_tracking(e, p, end, s, carrier);
			}
			break;
		}
	}
}

/*
 * Order numbers: "#123456", Amazon's "123-1234567-1234567", and a
 * number of four digits or more after "order", "pedido", "comanda"...
 * (and "no.", "nº", "number", "número" in between).
 */
static void
scan_orders(struct classify_entities *e, const struct classify_text *t)
{
	static const char *const kw[] = {
		"order", "orders", "pedido", "pedidos", "comanda",
		"comandes", "commande", "encomenda", "bestellung", "ordine",
		"orden", NULL
	};
	static const char *const filler[] = {
		"no", "n", "nr", "num", "number", "numero", "nº", "n°", "id",
		"ref", "is", "es", "de", "del", "my", "mi", "la", "el", "meva",
		"with", "amb", "con", "número", "núm", NULL
	};
	const char *s = t->src;
	size_t len = t->srclen, i, j, end, nd;

	for (i = 0; i + 4 < len; i++) {
		/* #123456 */
		if (s[i] == '#' && (i == 0 || !is_alnum(s[i - 1]))) {
			for (j = i + 1; j < len && is_digit(s[j]); j++)
				continue;
			if (j - i - 1 >= 4 && j - i - 1 <= 20 &&
			    (j == len || !is_alnum(s[j])) && !taken(e, i, j))
				(void)ent_add(e, CENT_ORDER, i, j, s + i + 1,
				    j - i - 1);
			continue;
		}
		/* 123-1234567-1234567 */
		if (is_digit(s[i]) && (i == 0 || !is_alnum(s[i - 1])) &&
		    i + 19 <= len) {
			for (j = 0; j < 19; j++) {
				int dash = j == 3 || j == 11;

				if (dash ? s[i + j] != '-' :
				    !is_digit(s[i + j]))
					break;
			}
			if (j == 19 && (i + 19 == len ||
			    !is_alnum(s[i + 19])) && !taken(e, i, i + 19))
				(void)ent_add(e, CENT_ORDER, i, i + 19, s + i,
				    19);
		}
	}
	for (i = 0; i < t->ntok; i++) {
		const struct classify_tok *k = &t->tok[i];
		size_t p;

		if (k->kind != CTOK_WORD ||
		    !word_in(CTOK_STR(t, k), k->len, kw))
			continue;
		p = k->src + k->srclen;
		for (j = 0; j < 4 && p < len; j++) {
			size_t w;

			while (p < len && (s[p] == ' ' || s[p] == '#' ||
			    s[p] == ':' || s[p] == '.' || s[p] == '-' ||
			    s[p] == '(' || s[p] == '\t'))
				p++;
			/* A word: letters, digits, º, °, ú, '-' and '/'. */
			for (w = p, nd = 0; w < len; w++) {
				unsigned char c = (unsigned char)s[w];

				if (is_digit(c))
					nd++;
				else if (!(is_alpha(c) || c == '-' ||
				    c == '/' || c == '_' || c >= 0x80))
					break;
			}
			while (w > p && (s[w - 1] == '-' || s[w - 1] == '/'))
				w--;
			if (w == p)
				break;
			if (nd >= 4 && w - p <= 30) {
				end = w;
				if (!taken(e, p, end))
					(void)ent_add(e, CENT_ORDER, p, end,
					    s + p, end - p);
				break;
			}
			if (nd > 0 || !word_in(s + p, w - p, filler))
				break;
			p = w;
		}
	}
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

static int
phone_keyword(const char *s, size_t start)
{
	static const char *const kw[] = {
		"tel", "tel.", "tlf", "tlf.", "phone", "telefono", "mobile",
		"movil", "call", "whatsapp", "móvil", "mòbil", "telèfon",
		"teléfono", "mobil", NULL
	};
	size_t b = start, a;

	while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == ':'))
		b--;
	for (a = b; a > 0 && (is_alpha(s[a - 1]) || s[a - 1] == '.' ||
	    (unsigned char)s[a - 1] >= 0x80); a--)
		continue;
	return b > a && word_in(s + a, b - a, kw);
}

/*
 * Phone numbers: "+34 612 345 678", "+1 (555) 123-4567", "0034...",
 * "612345678" (a Spanish number: nine digits from 6 to 9), and grouped
 * national numbers of 9 to 11 digits.  Digits glued to letters, dates
 * and long bare numbers (orders, tracking) are not phone numbers.
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
		    s[i - 1] == '#'))
			continue;
		if (s[i] == '+' && i + 1 < len && is_digit(s[i + 1]))
			plus = 1;
		else if (s[i] == '(' && i + 1 < len && is_digit(s[i + 1]))
			paren = 1;
		else if (!is_digit(s[i]))
			continue;
		nd = nsep = 0;
		end = i;
		for (j = i + (size_t)(plus || paren); j < len; j++) {
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
		if (!ok || taken(e, i, end))
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
	size_t len = t->srclen, i, off = 0, cp = 0;

	/* Every number scanned needs four digits at least. */
	if (t->ndigits >= 4) {
		pii_scan(e, s, len);
		scan_tracking(e, t);
		scan_orders(e, t);
	}
	if (t->nat > 0)
		scan_emails(e, s, len);
	if (t->ndigits >= 8)
		scan_phones(e, s, len);
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
