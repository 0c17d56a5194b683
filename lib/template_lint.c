/*
 * template_lint: `cs-reply lint`, the checks of reply templates and the
 * command's front end (it prints, like fetch_import.c).  See
 * template_lint.h for the rules and cs-reply(5) for what they mean to a
 * template's author.
 *
 * The checks of one text work on its words: the text is case-folded and
 * NFC-composed, cut into words (letters, digits and marks, with inner
 * apostrophes, so "d'identitat" and "don't" are one word each) and
 * clauses (cut at . , ; : ! ? ¡ ¿ ( ) brackets, dashes and line breaks).
 * A secret is asked for when a clause names it with no negation within
 * NEAR words of it and no mention of a direct message anywhere in it.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <stdarg.h>

#include <cjson/cJSON.h>
#include <utf8proc.h>

#include "cli.h"
#include "data.h"
#include "template_lint.h"

/* How many words a negation may be from the secret it negates. */
#define NEAR	6

/*
 * Words.
 */

struct word {
	size_t	off, len;	/* in the folded text */
	int	clause;
};

struct words {
	struct buf	 b;	/* the folded words, each NUL-terminated */
	struct word	*v;
	size_t		 n, cap;
};

static void
words_release(struct words *w)
{
	buf_release(&w->b);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

static int
word_cp(int32_t c)
{
	if (c == '_')
		return 1;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int
clause_cp(int32_t c)
{
	switch (c) {
	case '.': case ',': case ';': case ':': case '!': case '?':
	case '(': case ')': case '[': case ']': case '\n': case '"':
	case 0xa1: case 0xbf:			/* ¡ ¿ */
	case 0xab: case 0xbb:			/* « » */
	case 0x2013: case 0x2014: case 0x2026:	/* – — … */
	case 0x201c: case 0x201d:		/* “ ” */
		return 1;
	default:
		return 0;
	}
}

static void
end_word(struct words *w, int *in)
{
	if (!*in)
		return;
	w->v[w->n - 1].len = w->b.len - w->v[w->n - 1].off;
	buf_addc(&w->b, '\0');
	*in = 0;
}

/* Cut text into folded words; an unreadable text has none. */
static void
words_split(struct words *w, const char *text)
{
	utf8proc_uint8_t *f = NULL;
	utf8proc_ssize_t left, k;
	utf8proc_int32_t c, next;
	const utf8proc_uint8_t *p;
	int in = 0, clause = 0;

	memset(w, 0, sizeof(*w));
	buf_init(&w->b);
	if (utf8proc_map((const utf8proc_uint8_t *)text, 0, &f,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD) < 0)
		return;
	p = f;
	left = (utf8proc_ssize_t)strlen((char *)f);
	while (left > 0 && (k = utf8proc_iterate(p, left, &c)) > 0) {
		if (word_cp(c)) {
			if (!in) {
				if (w->n == w->cap) {
					w->cap = w->cap ? w->cap * 2 : 32;
					w->v = xreallocarray(w->v, w->cap,
					    sizeof(*w->v));
				}
				w->v[w->n].off = w->b.len;
				w->v[w->n].clause = clause;
				w->n++;
				in = 1;
			}
			buf_add(&w->b, p, (size_t)k);
		} else if (in && (c == '\'' || c == 0x2019) && k < left &&
		    utf8proc_iterate(p + k, left - k, &next) > 0 &&
		    word_cp(next))
			buf_addc(&w->b, '\'');
		else {
			end_word(w, &in);
			if (clause_cp(c))
				clause++;
		}
		p += k;
		left -= k;
	}
	end_word(w, &in);
	free(f);
}

static const char *
word_at(const struct words *w, size_t i)
{
	return w->b.s + w->v[i].off;
}

/* One word against a pattern: "pin" exactly, "bancari*" as a prefix. */
static int
word_is(const struct words *w, size_t i, const char *pat, size_t plen)
{
	const char *s = word_at(w, i);

	if (plen > 0 && pat[plen - 1] == '*')
		return w->v[i].len >= plen - 1 &&
		    memcmp(s, pat, plen - 1) == 0;
	return w->v[i].len == plen && memcmp(s, pat, plen) == 0;
}

/*
 * Whether the words from i on, in one clause, are phrase ("card number",
 * words separated by one space); sets *end to the last one.
 */
static int
phrase_at(const struct words *w, size_t i, const char *phrase, size_t *end)
{
	const char *p = phrase, *sp;
	size_t j = i, n;

	for (;;) {
		sp = strchr(p, ' ');
		n = sp != NULL ? (size_t)(sp - p) : strlen(p);
		if (j >= w->n || w->v[j].clause != w->v[i].clause ||
		    !word_is(w, j, p, n))
			return 0;
		if (sp == NULL)
			break;
		p = sp + 1;
		j++;
	}
	*end = j;
	return 1;
}

/* Whether any phrase of the NULL-terminated list starts at word i. */
static int
any_at(const struct words *w, size_t i, const char *const *list,
    size_t *end)
{
	for (; *list != NULL; list++)
		if (phrase_at(w, i, *list, end))
			return 1;
	return 0;
}

/*
 * Secrets.
 */

struct secret {
	const char		*what;
	const char *const	*terms;
};

static const char *const card_terms[] = {
	"card number*", "card details", "card detail", "card info*",
	"card data", "card digits", "card's", "credit card*", "debit card*",
	"long number", "tarjeta*", "targeta*", NULL
};
static const char *const cvv_terms[] = {
	"cvv*", "cvc*", "cv2", "security code*", "código de seguridad",
	"codigo de seguridad", "codi de seguretat", "3 digits", "three digits",
	"3 dígitos", "tres dígitos", "3 dígits", "tres dígits", NULL
};
static const char *const bank_terms[] = {
	"iban*", "bank details", "bank detail", "bank account*",
	"bank info*", "banking details", "account number*", "sort code*",
	"routing number*", "swift code*", "bic", "bancari*", "bancàri*",
	"número de cuenta", "numero de cuenta", "cuenta corriente",
	"número de compte", "numero de compte", "compte corrent", NULL
};
static const char *const password_terms[] = {
	"password*", "passcode*", "passphrase*", "pin", "pins",
	"pin code*", "login details", "verification code*",
	"one time code*", "otp", "contraseña*", "clave de acceso",
	"clave secreta", "tu clave", "código de verificación",
	"codigo de verificacion", "contrasenya*", "clau d'accés",
	"clau d'acces", "clau secreta", "teva clau", "codi de verificació",
	NULL
};
static const char *const id_terms[] = {
	"dni", "nie", "nif", "passport*", "pasaporte*", "passaport*",
	"id card*", "id number*", "identity card*", "identity document*",
	"id document*", "driving licence*", "driver's licen*",
	"social security number*", "ssn", "documento de identidad",
	"documento nacional de identidad", "carnet de conducir",
	"document d'identitat", "document nacional d'identitat",
	"carnet de conduir", NULL
};

static const struct secret secrets[] = {
	{ "a card number", card_terms },
	{ "a CVV", cvv_terms },
	{ "bank details", bank_terms },
	{ "a password", password_terms },
	{ "an ID document", id_terms }
};

static const char *const neg_en[] = {
	"never", "not", "no", "without", "nor", "avoid", "nobody",
	"none", "dont", NULL
};
static const char *const neg_es[] = {
	"no", "nunca", "jamás", "jamas", "sin", "ni", "tampoco", "nadie",
	"evita", "evite", "evitad", NULL
};
static const char *const neg_ca[] = {
	"no", "mai", "sense", "ni", "cap", "tampoc", "ningú", "evita",
	"eviteu", NULL
};

/* Say "by direct message" or "in private". */
static const char *const dm_terms[] = {
	"dm", "dms", "md", "mds", "direct message*", "private message*",
	"privately", "in private", "inbox", "mensaje directo",
	"mensajes directos", "mensaje privado", "en privado",
	"por privado", "missatge directe", "missatges directes",
	"missatge privat", "en privat", "per privat", NULL
};

static int
negation(const struct words *w, size_t i, const char *lang)
{
	const char *s = word_at(w, i);
	size_t end, n = w->v[i].len;
	int en, es, ca;

	en = lang == NULL || strcmp(lang, "en") == 0;
	es = lang == NULL || strcmp(lang, "es") == 0;
	ca = lang == NULL || strcmp(lang, "ca") == 0;
	if (!en && !es && !ca)
		en = es = ca = 1;
	/* don't, doesn't, won't, shouldn't... */
	if (en && n > 3 && memcmp(s + n - 3, "n't", 3) == 0)
		return 1;
	return (en && any_at(w, i, neg_en, &end)) ||
	    (es && any_at(w, i, neg_es, &end)) ||
	    (ca && any_at(w, i, neg_ca, &end));
}

/* Whether words [a, b] have a negation within NEAR words, same clause. */
static int
negated(const struct words *w, size_t a, size_t b, const char *lang)
{
	size_t lo = a > NEAR ? a - NEAR : 0, hi = b + NEAR, i;

	for (i = lo; i <= hi && i < w->n; i++)
		if (w->v[i].clause == w->v[a].clause && negation(w, i, lang))
			return 1;
	return 0;
}

static int
clause_says_dm(const struct words *w, int clause)
{
	size_t i, end;

	for (i = 0; i < w->n; i++)
		if (w->v[i].clause == clause && any_at(w, i, dm_terms, &end))
			return 1;
	return 0;
}

int
template_lint_says_dm(const char *text)
{
	struct words w;
	size_t i, end;
	int found = 0;

	words_split(&w, text);
	for (i = 0; i < w.n && !found; i++)
		found = any_at(&w, i, dm_terms, &end);
	words_release(&w);
	return found;
}

const char *
template_lint_secret(const char *text, const char *lang)
{
	struct words w;
	const char *what = NULL;
	size_t i, k, end;

	words_split(&w, text);
	for (i = 0; i < w.n && what == NULL; i++) {
		for (k = 0; k < CS_NELEM(secrets) && what == NULL; k++) {
			if (!any_at(&w, i, secrets[k].terms, &end))
				continue;
			if (!negated(&w, i, end, lang) &&
			    !clause_says_dm(&w, w.v[i].clause))
				what = secrets[k].what;
		}
	}
	words_release(&w);
	return what;
}

/*
 * Shouting and thanks.
 */

static const char *const acronyms[] = {
	"UPS", "USPS", "DHL", "GLS", "SEUR", "TNT", "DPD", "MRW", "DM",
	"DMs", "MD", "ID", "IDs", "OK", "FAQ", "URL", "PDF", "SMS", "QR",
	"EU", "UE", "UK", "US", "USA", "VAT", "IVA", "NIF", "NIE", "DNI",
	"PIN", "CVV", "CVC", "IBAN", "BIC", "SWIFT", "GPS", "SKU", "PS",
	"AM", "PM", "TV", "XS", "XL", "XXL", "CEST", "CET", "UTC", "GMT",
	NULL
};

/* Whether word (len bytes) is an acronym or a word of a carrier's name. */
static int
known_caps(const char *word, size_t len, const struct template_set *set)
{
	const char *const *a;
	const char *p, *q;
	size_t i;

	for (a = acronyms; *a != NULL; a++)
		if (strlen(*a) == len && memcmp(*a, word, len) == 0)
			return 1;
	for (i = 0; set != NULL && i < set->ncarrier; i++) {
		for (p = set->carrier[i].name; p != NULL && *p != '\0';
		    p = q) {
			while (*p == ' ')
				p++;
			q = p + strcspn(p, " ");
			if ((size_t)(q - p) == len && len > 0 &&
			    memcmp(p, word, len) == 0)
				return 1;
		}
	}
	return 0;
}

static void
show_word(const char *s, size_t len, char *out, size_t size)
{
	if (len >= size)
		len = size - 1;
	/* Cut at a code point, not inside one. */
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	memcpy(out, s, len);
	out[len] = '\0';
}

int
template_lint_shouting(const char *text, const struct template_set *set,
    char *out, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	const char *start = NULL;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text), k;
	utf8proc_int32_t c;
	size_t letters = 0, bangs = 0;
	int lower = 0, cat;

	for (;;) {
		k = left > 0 ? utf8proc_iterate(p, left, &c) : 0;
		if (k <= 0)
			c = 0;
		cat = c != 0 ? (int)utf8proc_category(c) : 0;
		bangs = c == '!' || c == 0xa1 ? bangs + 1 : 0;
		if (bangs == 2) {
			show_word((const char *)p - 1 - (c == 0xa1),
			    c == 0xa1 ? 4 : 2, out, size);
			return 1;
		}
		if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
		    cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LO ||
		    cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_LM) {
			if (start == NULL) {
				start = (const char *)p;
				letters = 0;
				lower = 0;
			}
			if (cat != UTF8PROC_CATEGORY_MN)
				letters++;
			if (cat != UTF8PROC_CATEGORY_LU &&
			    cat != UTF8PROC_CATEGORY_MN)
				lower = 1;
		} else if (start != NULL) {
			size_t len = (size_t)((const char *)p - start);

			if (letters >= 2 && !lower &&
			    !known_caps(start, len, set)) {
				show_word(start, len, out, size);
				return 1;
			}
			start = NULL;
		}
		if (k <= 0)
			break;
		p += k;
		left -= k;
	}
	return 0;
}

static const char *const thanks_en[] = {
	"thank*", "thx", "ty", "appreciat*", "grateful", NULL
};
static const char *const thanks_es[] = {
	"gracias", "agradec*", "agradezc*", NULL
};
static const char *const thanks_ca[] = {
	"gràcies", "gracies", "agraï*", "agrai*", "agraeix*", NULL
};

int
template_lint_thanks(const char *text, const char *lang)
{
	const char *const *list;
	struct words w;
	size_t i, end;
	int found = 0;

	if (lang != NULL && strcmp(lang, "en") == 0)
		list = thanks_en;
	else if (lang != NULL && strcmp(lang, "es") == 0)
		list = thanks_es;
	else if (lang != NULL && strcmp(lang, "ca") == 0)
		list = thanks_ca;
	else
		return -1;
	words_split(&w, text);
	for (i = 0; i < w.n && !found; i++)
		found = any_at(&w, i, list, &end);
	words_release(&w);
	return found;
}

/*
 * Problems.
 */

void
template_lint_init(struct template_lint *l)
{
	memset(l, 0, sizeof(*l));
}

void
template_lint_release(struct template_lint *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].file);
		free(l->v[i].where);
		free(l->v[i].msg);
	}
	free(l->v);
	template_lint_init(l);
}

/*
 * A copy of s with control characters as spaces: a problem is printed
 * as one line, and its text may quote the file ("{{ag\nt}}").
 */
static char *
one_line(const char *s)
{
	char *c, *t = xstrdup(s);

	for (c = t; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return t;
}

static void
problem(struct template_lint *l, int error, const char *rule,
    const char *file, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void
problem(struct template_lint *l, int error, const char *rule,
    const char *file, const char *where, const char *fmt, ...)
{
	struct lint_problem *p;
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	p = &l->v[l->n++];
	p->error = error;
	p->rule = rule;
	p->file = xstrdup(file);
	p->where = where != NULL ? one_line(where) : NULL;
	p->msg = one_line(msg);
	if (error)
		l->nerrors++;
	else
		l->nwarnings++;
}

/*
 * Lengths.
 */

enum { NET_X, NET_MASTODON, NET_BLUESKY, NNET };

static const char *const net_key[NNET] = { "x", "mastodon", "bluesky" };
static const char *const net_name[NNET] = { "X", "Mastodon", "Bluesky" };

/* n copies of c, then tail, into b. */
static void
fill(struct buf *b, int c, size_t n, const char *tail)
{
	buf_reset(b);
	while (n-- > 0)
		buf_addc(b, c);
	buf_adds(b, tail);
}

static void
setval(struct template_values *vals, int var, const struct buf *b)
{
	vals->s[var] = b->s;
	vals->len[var] = b->len;
}

struct sizes {
	struct buf	 b[TEMPLATE_NVARS];
	struct template_values vals;
	struct buf	 out;
};

/*
 * The values of a variant for network: the longest plausible ones, or
 * the shortest.  The carrier and its link are set per carrier.
 */
static void
sizes_fill(struct sizes *z, int net, int longest)
{
	static const size_t handle[NNET] = {
		LINT_HANDLE_X, LINT_HANDLE_MASTODON, LINT_HANDLE_BLUESKY
	};

	memset(&z->vals, 0, sizeof(z->vals));
	if (net == NET_BLUESKY)
		fill(&z->b[TEMPLATE_HANDLE], 'a', longest ?
		    handle[net] - strlen(".bsky.social") : 1, ".bsky.social");
	else
		fill(&z->b[TEMPLATE_HANDLE], 'a', longest ? handle[net] : 1,
		    "");
	fill(&z->b[TEMPLATE_NAME], 'n', longest ? LINT_NAME : 1, "");
	fill(&z->b[TEMPLATE_AGENT], 'a', longest ? LINT_AGENT : 1, "");
	fill(&z->b[TEMPLATE_ORDER_ID], '9', longest ? LINT_ORDER_ID : 1, "");
	fill(&z->b[TEMPLATE_TRACKING], '9', longest ? LINT_TRACKING : 6, "");
	setval(&z->vals, TEMPLATE_HANDLE, &z->b[TEMPLATE_HANDLE]);
	setval(&z->vals, TEMPLATE_NAME, &z->b[TEMPLATE_NAME]);
	setval(&z->vals, TEMPLATE_AGENT, &z->b[TEMPLATE_AGENT]);
	setval(&z->vals, TEMPLATE_ORDER_ID, &z->b[TEMPLATE_ORDER_ID]);
	setval(&z->vals, TEMPLATE_TRACKING, &z->b[TEMPLATE_TRACKING]);
}

static size_t
render_measure(struct sizes *z, const struct template_variant *v, int net)
{
	buf_reset(&z->out);
	if (template_render(v, &z->vals, &z->out) == -1)
		return 0;
	return reply_measure(net_key[net], z->out.s, z->out.len);
}

/*
 * The length of v on net with the longest (or shortest) values, over
 * the set's carriers when it names one; 0 when it cannot be used (it
 * needs a carrier and the set has none).
 */
static size_t
variant_length(struct sizes *z, const struct template_set *set,
    const struct template_variant *v, int net, int longest)
{
	const unsigned carrier = TEMPLATE_BIT(TEMPLATE_CARRIER) |
	    TEMPLATE_BIT(TEMPLATE_TRACKING_URL);
	const struct template_carrier *c;
	size_t i, n, best = 0;
	int have = 0;

	sizes_fill(z, net, longest);
	if ((v->needs & carrier) == 0)
		return render_measure(z, v, net);
	for (i = 0; i < set->ncarrier; i++) {
		c = &set->carrier[i];
		if (c->name == NULL)
			continue;
		buf_reset(&z->b[TEMPLATE_CARRIER]);
		buf_adds(&z->b[TEMPLATE_CARRIER], c->name);
		setval(&z->vals, TEMPLATE_CARRIER, &z->b[TEMPLATE_CARRIER]);
		buf_reset(&z->b[TEMPLATE_TRACKING_URL]);
		template_render(&c->url, &z->vals, &z->b[TEMPLATE_TRACKING_URL]);
		setval(&z->vals, TEMPLATE_TRACKING_URL,
		    &z->b[TEMPLATE_TRACKING_URL]);
		n = render_measure(z, v, net);
		if (!have || (longest ? n > best : n < best))
			best = n;
		have = 1;
	}
	return best;
}

static void
check_list_net(struct template_lint *l, const struct template_set *set,
    const struct template_list *tl, const char *file, struct sizes *z,
    int net)
{
	size_t limit = reply_limit(&l->conf, net_key[net]);
	size_t i, j, *hi, lo;
	char where[128];
	int covered;

	hi = xcalloc(tl->n, sizeof(*hi));
	for (i = 0; i < tl->n; i++)
		hi[i] = variant_length(z, set, &tl->v[i], net, 1);
	for (i = 0; i < tl->n; i++) {
		const struct template_variant *v = &tl->v[i];

		if (hi[i] <= limit)
			continue;
		snprintf(where, sizeof(where), "template %s", v->name);
		lo = variant_length(z, set, v, net, 0);
		if (lo > limit && i + 1 < tl->n) {
			problem(l, 0, "length", file, where, "is %zu long on "
			    "%s even with the shortest values (limit %zu): "
			    "never used", lo, net_name[net], limit);
			continue;
		}
		/* A plainer variant after it that needs no more. */
		covered = 0;
		for (j = i + 1; j < tl->n && !covered; j++)
			covered = hi[j] != 0 && hi[j] <= limit &&
			    (tl->v[j].needs & ~v->needs) == 0;
		if (covered)
			continue;
		if (i + 1 == tl->n)
			problem(l, 1, "length", file, where, "is %zu long on "
			    "%s with the longest values (limit %zu), and it "
			    "is the plainest variant: some messages would "
			    "get no reply", hi[i], net_name[net], limit);
		else
			problem(l, 0, "length", file, where, "is %zu long on "
			    "%s with the longest values (limit %zu), and no "
			    "plainer variant after it fits", hi[i],
			    net_name[net], limit);
	}
	free(hi);
}

static void
check_list(struct template_lint *l, const struct template_set *set,
    const struct template_list *tl, const char *file)
{
	struct sizes z;
	size_t i;
	int net;

	memset(&z, 0, sizeof(z));
	for (i = 0; i < TEMPLATE_NVARS; i++)
		buf_init(&z.b[i]);
	buf_init(&z.out);
	for (net = 0; net < NNET; net++)
		check_list_net(l, set, tl, file, &z, net);
	for (i = 0; i < TEMPLATE_NVARS; i++)
		buf_release(&z.b[i]);
	buf_release(&z.out);
}

/*
 * One file.
 */

/* The unknown variables of text, each reported; returns how many. */
static size_t
check_vars(struct template_lint *l, const char *text, const char *file,
    const char *where)
{
	const char *p = text, *open, *close, *a, *b;
	size_t n = 0;

	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open + 2, "}}")) != NULL) {
		a = open + 2;
		b = close;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (template_var(a, (size_t)(b - a)) < 0) {
			problem(l, 1, "variable", file, where,
			    "unknown variable '{{%.*s}}'",
			    (int)(close - open - 2 > 40 ? 40 :
			    close - open - 2), open + 2);
			n++;
		}
		p = close + 2;
	}
	return n;
}

/*
 * The checks of one variant's text (flags: its TEMPLATE_DM); returns its
 * unknown variables.
 */
static size_t
check_text(struct template_lint *l, const struct template_set *set,
    const char *text, unsigned flags, const char *lang, const char *file,
    const char *where)
{
	const char *what;
	char word[64];
	size_t nvars;

	nvars = check_vars(l, text, file, where);
	if ((what = template_lint_secret(text, lang)) != NULL)
		problem(l, 1, "secret", file, where, "asks for %s in public",
		    what);
	if (template_lint_shouting(text, set, word, sizeof(word)))
		problem(l, 0, "shouting", file, where, "shouts ('%s')", word);
	if (template_lint_thanks(text, lang) == 0)
		problem(l, 0, "thanks", file, where, "does not thank the "
		    "customer");
	if ((flags & TEMPLATE_DM) && !template_lint_says_dm(text))
		problem(l, 0, "dm", file, where, "has \"dm\": true but "
		    "does not mention a direct message");
	else if (!(flags & TEMPLATE_DM) && template_lint_says_dm(text))
		problem(l, 0, "dm", file, where, "moves to direct messages "
		    "without \"dm\": true");
	return nvars;
}

/* A language key as the loader reads it: two or three letters. */
static int
lang_key(const char *s, char out[4])
{
	size_t i, n = strlen(s);

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
		out[i] = (char)(s[i] | 0x20);
	}
	out[n] = '\0';
	return 1;
}

/*
 * The checks of each text, on the file as it is written, so that every
 * problem is found even when the loader would stop at the first.
 */
static size_t
check_texts(struct template_lint *l, const struct template_set *set,
    const cJSON *templates, const char *file)
{
	const cJSON *cat, *lang, *item, *text, *dm;
	char code[4], where[160];
	size_t nvars = 0, i;

	cJSON_ArrayForEach(cat, templates) {
		cJSON_ArrayForEach(lang, cat) {
			if (!cJSON_IsArray(lang) ||
			    !lang_key(lang->string, code))
				continue;
			i = 0;
			cJSON_ArrayForEach(item, lang) {
				i++;
				text = item;
				dm = NULL;
				if (cJSON_IsObject(item)) {
					text = cJSON_GetObjectItemCaseSensitive(
					    item, "text");
					dm = cJSON_GetObjectItemCaseSensitive(
					    item, "dm");
				}
				if (!cJSON_IsString(text))
					continue;
				snprintf(where, sizeof(where),
				    "template %.32s.%s.%zu", cat->string,
				    code, i);
				nvars += check_text(l, set,
				    text->valuestring, cJSON_IsTrue(dm) ?
				    TEMPLATE_DM : 0, code, file, where);
			}
		}
	}
	return nvars;
}

/* After the merge: languages and lengths of the lists the file names. */
static void
check_lists(struct template_lint *l, const struct template_set *set,
    const cJSON *templates, const char *file)
{
	static const char *const need[] = { "en", "es", "ca" };
	const struct template_list *tl;
	const cJSON *cat, *lang;
	char code[4], where[64];
	size_t i;

	cJSON_ArrayForEach(cat, templates) {
		snprintf(where, sizeof(where), "category %.32s",
		    cat->string);
		for (i = 0; i < CS_NELEM(need); i++)
			if (template_find(set, cat->string, need[i]) == NULL)
				problem(l, 0, "language", file, where,
				    "no templates in %s", need[i]);
		cJSON_ArrayForEach(lang, cat) {
			if (lang_key(lang->string, code) &&
			    (tl = template_find(set, cat->string, code)) !=
			    NULL)
				check_list(l, set, tl, file);
		}
	}
}

size_t
template_lint_file(struct template_lint *l, struct template_set *set,
    const char *text, size_t len, const char *name)
{
	const cJSON *templates;
	struct cs_error e;
	size_t before = l->nerrors, nvars = 0, skip;
	cJSON *root;

	root = cJSON_ParseWithLength(text, len);
	templates = cJSON_GetObjectItemCaseSensitive(root, "templates");
	if (cJSON_IsObject(templates))
		nvars = check_texts(l, set, templates, name);
	/* The unknown variables are reported already, one by one. */
	if (nvars == 0) {
		if (template_load_flags(set, text, len, name,
		    TEMPLATE_LOAD_NOLINT, &e) == -1) {
			skip = strlen(name);
			problem(l, 1, "file", name, NULL, "%s",
			    strncmp(e.msg, name, skip) == 0 &&
			    strncmp(e.msg + skip, ": ", 2) == 0 ?
			    e.msg + skip + 2 : e.msg);
		} else if (cJSON_IsObject(templates))
			check_lists(l, set, templates, name);
	}
	cJSON_Delete(root);
	return l->nerrors - before;
}

/*
 * The command.
 */

enum {
	OPT_JSON = 0x100,
	OPT_LIMIT,
	OPT_STRICT
};

static const struct option longopts[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
	{ "strict",	no_argument,		NULL, OPT_STRICT },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-reply lint [--json] [--strict] [--limit [NETWORK=]N] "
	    "[FILE ...]\n");
	exit(status);
}

static void
print_problem(const struct lint_problem *p, int json)
{
	struct buf b;

	if (!json) {
		fprintf(stderr, "cs-reply: %s: %s%s%s%s\n", p->file,
		    p->where != NULL ? p->where : "",
		    p->where != NULL ? ": " : "",
		    p->error ? "" : "warning: ", p->msg);
		return;
	}
	buf_init(&b);
	buf_adds(&b, "{\"file\":");
	buf_add_json_string(&b, p->file, strlen(p->file));
	buf_adds(&b, ",\"where\":");
	if (p->where != NULL)
		buf_add_json_string(&b, p->where, strlen(p->where));
	else
		buf_adds(&b, "null");
	buf_printf(&b, ",\"severity\":\"%s\",\"rule\":\"%s\",\"message\":",
	    p->error ? "error" : "warning", p->rule);
	buf_add_json_string(&b, p->msg, strlen(p->msg));
	buf_adds(&b, "}\n");
	fwrite(b.s, 1, b.len, stdout);
	buf_release(&b);
}

int
template_lint_main(int argc, char *argv[])
{
	static char name[] = "cs-reply lint";
	struct template_lint l;
	struct template_set set;
	struct cs_error e;
	struct buf b;
	const char *text;
	size_t len, i;
	int ch, json = 0, strict = 0, status = CS_EXIT_OK;

	template_lint_init(&l);
	/* getopt's messages name argv[0]. */
	argv[0] = name;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_JSON:
			json = 1;
			break;
		case OPT_LIMIT:
			if (reply_parse_limits(&l.conf, optarg, &e) == -1)
				errx(CS_EXIT_USAGE, "bad --limit value '%s': "
				    "%s", optarg, e.msg);
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case 'h':
			usage(0);
		case 'V':
			cli_version();
		default:
			usage(CS_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	template_init(&set);
	if (argc == 0) {
		text = data_get("templates.json", &len);
		if (text == NULL)
			errx(CS_EXIT_FAIL, "built-in templates.json is "
			    "missing");
		template_lint_file(&l, &set, text, len,
		    "built-in templates.json");
	} else {
		/* Files go on top of the built-in set, as cs-reply has it. */
		if (template_load_builtin(&set, &e) == -1)
			errx(CS_EXIT_FAIL, "%s", e.msg);
		buf_init(&b);
		for (i = 0; i < (size_t)argc; i++) {
			buf_reset(&b);
			if (slurp(argv[i], TEMPLATE_MAX_FILE, &b, &e) == -1) {
				warnx("%s", e.msg);
				status = CS_EXIT_FAIL;
				continue;
			}
			template_lint_file(&l, &set, b.s != NULL ? b.s : "",
			    b.len, argv[i]);
		}
		buf_release(&b);
	}
	for (i = 0; i < l.n; i++)
		print_problem(&l.v[i], json);
	if (l.n > 0 && !json)
		warnx("%zu error%s, %zu warning%s", l.nerrors,
		    l.nerrors == 1 ? "" : "s", l.nwarnings,
		    l.nwarnings == 1 ? "" : "s");
	if (l.nerrors > 0 || (strict && l.nwarnings > 0))
		status = CS_EXIT_FAIL;
	template_release(&set);
	template_lint_release(&l);
	return cli_close_stdout(status);
}
