/*
 * pii: personal data that must never be asked for or repeated in public.
 *
 * Found here: payment cards (13 to 19 digits passing the Luhn check),
 * IBANs (the country's length and ISO 13616's mod-97 check) and Spanish
 * account numbers (CCC, two mod-11 check digits), Spanish DNI and NIE
 * numbers (the mod-23 control letter) and passwords stated in the text.
 * E-mail addresses and phone numbers are found by classify_entity, which
 * reports them here too.  pii_redact writes a text with each piece
 * replaced by a tag.
 *
 * The numbers are looked for only at the words that hold digits, which
 * classify_entity_words collects once per message.
 */
#include "compat.h"

#include "classify.h"
#include "util.h"

#define PASS_MAX	64	/* the longest password taken, in bytes */

/*
 * IBAN lengths by country, from SWIFT's IBAN registry.  A country that
 * is not here has no IBAN.
 */
static const struct {
	char	cc[3];
	int	len;
} iban_len[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 },
	{ "BA", 20 }, { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BR", 29 },
	{ "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 },
	{ "DE", 22 }, { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 },
	{ "ES", 24 }, { "FI", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 },
	{ "GE", 22 }, { "GI", 23 }, { "GL", 18 }, { "GR", 27 }, { "GT", 28 },
	{ "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IQ", 23 },
	{ "IS", 26 }, { "IT", 27 }, { "JO", 30 }, { "KW", 30 }, { "KZ", 20 },
	{ "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 }, { "LU", 20 },
	{ "LV", 21 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 }, { "MK", 19 },
	{ "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NL", 18 }, { "NO", 15 },
	{ "PK", 24 }, { "PL", 28 }, { "PS", 29 }, { "PT", 25 }, { "QA", 29 },
	{ "RO", 24 }, { "RS", 22 }, { "SA", 24 }, { "SC", 31 }, { "SE", 24 },
	{ "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "ST", 25 }, { "SV", 28 },
	{ "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 },
	{ "VG", 24 }, { "XK", 20 }
};

/* The DNI and NIE control letters, by number mod 23. */
static const char dni_letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";

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

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

const char *
pii_name(int kind)
{
	switch (kind) {
	case PII_CARD:
		return "card";
	case PII_IBAN:
		return "iban";
	case PII_EMAIL:
		return "email";
	case PII_DNI:
		return "dni";
	case PII_NIE:
		return "nie";
	case PII_PASSWORD:
		return "password";
	case PII_PHONE:
	default:
		return "phone";
	}
}

int
pii_luhn(const char *s, size_t len)
{
	size_t i, n = 0;
	int sum = 0, d;

	for (i = len; i > 0; i--) {
		if (!is_digit(s[i - 1]))
			continue;
		d = s[i - 1] - '0';
		if (n++ % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return n > 0 && sum % 10 == 0;
}

static int
iban_country_len(const char *cc)
{
	size_t i;

	for (i = 0; i < CS_NELEM(iban_len); i++)
		if (iban_len[i].cc[0] == cc[0] && iban_len[i].cc[1] == cc[1])
			return iban_len[i].len;
	return 0;
}

int
pii_iban(const char *s, size_t len)
{
	char a[40];
	size_t i, n = 0;
	unsigned rem = 0;
	int want;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (!is_alnum(s[i]) || n == sizeof(a) - 1)
			return 0;
		a[n++] = (char)to_upper((unsigned char)s[i]);
	}
	if (n < 15 || n > 34 || !is_alpha(a[0]) || !is_alpha(a[1]) ||
	    !is_digit(a[2]) || !is_digit(a[3]))
		return 0;
	if ((want = iban_country_len(a)) != 0 && (size_t)want != n)
		return 0;
	/* Move the first four to the end; letters count 10..35. */
	for (i = 0; i < n; i++) {
		int c = a[(i + 4) % n];

		if (is_digit(c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return rem == 1;
}

/* A CCC check digit over ten digits: weights 1, 2, 4, 8, 5, 10, 9, 7, 3, 6. */
static int
ccc_digit(const char *d)
{
	static const int w[10] = { 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 };
	int i, sum = 0, c;

	for (i = 0; i < 10; i++)
		sum += (d[i] - '0') * w[i];
	c = 11 - sum % 11;
	return c == 11 ? 0 : c == 10 ? 1 : c;
}

int
pii_ccc(const char *s, size_t len)
{
	char d[20];
	char first[10];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '-')
			continue;
		if (!is_digit(s[i]) || n == sizeof(d))
			return 0;
		d[n++] = s[i];
	}
	if (n != 20)
		return 0;
	/* Bank and branch, padded to ten; then the account. */
	first[0] = first[1] = '0';
	memcpy(first + 2, d, 8);
	return ccc_digit(first) == d[8] - '0' &&
	    ccc_digit(d + 10) == d[9] - '0';
}

/*
 * The digits of an identity number: up to max digits with dots between
 * groups, then an optional dash or blank and the control letter, which
 * must end s.  Returns the number, or -1.
 */
static long
id_number(const char *s, size_t len, size_t want, int *letter)
{
	size_t i, n = 0;
	long v = 0;

	for (i = 0; i < len && (is_digit(s[i]) || s[i] == '.'); i++) {
		if (s[i] == '.')
			continue;
		/* More digits than a number has (and no overflow). */
		if (n++ == want)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (n != want)
		return -1;
	if (i < len && (s[i] == '-' || s[i] == ' '))
		i++;
	if (i + 1 != len || !is_alpha(s[i]))
		return -1;
	*letter = to_upper((unsigned char)s[i]);
	return v;
}

int
pii_dni(const char *s, size_t len)
{
	long v;
	int letter;

	if (len == 0 || !is_digit(s[0]) ||
	    (v = id_number(s, len, 8, &letter)) < 0)
		return 0;
	return dni_letters[v % 23] == letter;
}

int
pii_nie(const char *s, size_t len)
{
	long v;
	int letter, x;
	size_t i = 1;

	if (len < 2)
		return 0;
	x = to_upper((unsigned char)s[0]);
	if (x < 'X' || x > 'Z')
		return 0;
	if (s[i] == '-')
		i++;
	if (i >= len || !is_digit(s[i]) ||
	    (v = id_number(s + i, len - i, 7, &letter)) < 0)
		return 0;
	v += (long)(x - 'X') * 10000000L;
	return dni_letters[v % 23] == letter;
}

static void
pii_add(struct classify_entities *e, int kind, size_t start, size_t end)
{
	if (e->npii == e->cappii) {
		e->cappii = e->cappii ? e->cappii * 2 : 16;
		e->pii = xreallocarray(e->pii, e->cappii, sizeof(*e->pii));
	}
	e->pii[e->npii].kind = (uint8_t)kind;
	e->pii[e->npii].start = start;
	e->pii[e->npii].end = end;
	e->pii[e->npii].cpstart = e->pii[e->npii].cpend = 0;
	e->npii++;
}

void
pii_report(struct classify_entities *e, int kind, size_t start, size_t end)
{
	pii_add(e, kind, start, end);
}

static int
pii_taken(const struct classify_entities *e, size_t start, size_t end)
{
	size_t i;

	for (i = 0; i < e->npii; i++)
		if (start < e->pii[i].end && e->pii[i].start < end)
			return 1;
	return 0;
}

/*
 * Digits from s[i] in groups joined by one blank or dash.  Fills ends
 * with the end of each group and ndig with the digits up to it; returns
 * the number of groups (0 past max digits).
 */
#define MAXGROUPS	12

static size_t
digit_groups(const char *s, size_t len, size_t i, size_t max,
    size_t *ends, size_t *ndig)
{
	size_t ng = 0, nd = 0;

	while (i < len && is_digit(s[i])) {
		while (i < len && is_digit(s[i])) {
			if (++nd > max)
				return 0;
			i++;
		}
		if (ng == MAXGROUPS)
			return 0;
		ends[ng] = i;
		ndig[ng++] = nd;
		if (i + 1 < len && (s[i] == ' ' || s[i] == '-') &&
		    is_digit(s[i + 1]))
			i++;
		else
			break;
	}
	return ng;
}

/*
 * Do n digits starting so belong to a card network?  Visa 4 (13, 16 or
 * 19 digits), Mastercard 51-55 and 2221-2720 (16), Amex 34 and 37
 * (15), Diners 30, 36, 38, 39 (14 to 16), JCB 35 (16 to 19), Mir
 * 2200-2204, Discover, UnionPay and Maestro 50 and 56-69 (16 to 19).
 */
static int
card_prefix(const char *d, size_t n)
{
	int two = (d[0] - '0') * 10 + (d[1] - '0');
	int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');

	switch (d[0]) {
	case '4':
		return n == 13 || n == 16 || n == 19;
	case '5':
		if (two >= 51 && two <= 55)
			return n == 16;
		return (two == 50 || two >= 56) && n >= 16;
	case '2':
		if (four >= 2221 && four <= 2720)
			return n == 16;
		return four >= 2200 && four <= 2204 && n >= 16;
	case '3':
		if (two == 34 || two == 37)
			return n == 15;
		if (two == 30 || two == 36 || two == 38 || two == 39)
			return n >= 14 && n <= 16;
		return two == 35 && n >= 16;
	case '6':
		return n >= 16;
	default:
		return 0;
	}
}

/*
 * A card: 13 to 19 digits, in a network's range, in groups joined by
 * single blanks or dashes (the first group of four when there are
 * several: "4111 1111 1111 1111", "3782-822463-10005"), not glued to
 * other letters or digits, passing the Luhn check.  When more digits
 * follow ("4111 1111 1111 1111 12/28"), the usual 4-4-4-4 and 4-6-5
 * prefixes are tried.
 */
static size_t
scan_card(struct classify_entities *e, const char *s, size_t len, size_t i)
{
	size_t ends[MAXGROUPS], nd[MAXGROUPS], ng, g, end, k, n;
	char d[20];

	if (s[i] < '2' || s[i] > '6')
		return 0;
	ng = digit_groups(s, len, i, 40, ends, nd);
	if (ng == 0 || nd[ng - 1] < 13 || (ng > 1 && nd[0] != 4))
		return 0;
	/* The first four digits, for the network. */
	for (k = i, n = 0; n < 4; k++)
		if (is_digit(s[k]))
			d[n++] = s[k];
	end = ends[ng - 1];
	if (nd[ng - 1] <= 19 && card_prefix(d, nd[ng - 1]) &&
	    !(end < len && is_alpha(s[end])) && pii_luhn(s + i, end - i)) {
		pii_add(e, PII_CARD, i, end);
		return end;
	}
	for (g = 1; g + 1 < ng; g++) {
		int std = (g == 3 && nd[1] == 8 && nd[2] == 12 &&
		    nd[3] == 16) || (g == 2 && nd[1] == 10 && nd[2] == 15);

		if (std && card_prefix(d, nd[g]) &&
		    pii_luhn(s + i, ends[g] - i)) {
			pii_add(e, PII_CARD, i, ends[g]);
			return ends[g];
		}
	}
	return 0;
}

/* A Spanish account number: 20 digits in groups, the CCC checks. */
static size_t
scan_ccc(struct classify_entities *e, const char *s, size_t len, size_t i)
{
	size_t ends[MAXGROUPS], nd[MAXGROUPS], ng, end;

	ng = digit_groups(s, len, i, 20, ends, nd);
	if (ng == 0 || nd[ng - 1] != 20)
		return 0;
	end = ends[ng - 1];
	if ((end < len && is_alpha(s[end])) || !pii_ccc(s + i, end - i))
		return 0;
	pii_add(e, PII_IBAN, i, end);
	return end;
}

/*
 * A DNI at s[i]: "12345678Z", "12345678-Z", "12.345.678-Z"; a NIE:
 * "X1234567L", "X-1234567-L".  The letter must end the word.
 */
static size_t
scan_id(struct classify_entities *e, const char *s, size_t len, size_t i)
{
	size_t j = i, nd = 0;
	int nie = 0;

	if (!is_digit(s[i])) {
		if (to_upper((unsigned char)s[i]) < 'X' ||
		    to_upper((unsigned char)s[i]) > 'Z')
			return 0;
		nie = 1;
		j++;
		if (j < len && s[j] == '-')
			j++;
	}
	for (; j < len && nd <= 8; j++) {
		if (is_digit(s[j]))
			nd++;
		else if (!(s[j] == '.' && j + 1 < len && is_digit(s[j + 1]) &&
		    !nie))
			break;
	}
	if (nd != (nie ? 7u : 8u) || j >= len)
		return 0;
	/* "12345678-Z", "12345678 Z" (a capital: "12345678 y" is not). */
	if (j + 1 < len && ((s[j] == '-' && is_alpha(s[j + 1])) ||
	    (s[j] == ' ' && s[j + 1] >= 'A' && s[j + 1] <= 'Z')))
		j++;
	if (!is_alpha(s[j]) || (j + 1 < len && is_alnum(s[j + 1])))
		return 0;
	j++;
	if (nie ? !pii_nie(s + i, j - i) : !pii_dni(s + i, j - i))
		return 0;
	pii_add(e, nie ? PII_NIE : PII_DNI, i, j);
	return j;
}

/*
 * An IBAN: a country code, two check digits, then letters and digits
 * with optional single blanks (groups of four, as usually printed), as
 * many as the country's IBANs have.
 */
static size_t
scan_iban(struct classify_entities *e, const char *s, size_t len, size_t i)
{
	size_t j, n = 0, end, ends[40];
	int want;
	char cc[2];

	if (i + 4 > len || !is_alpha(s[i]) || !is_alpha(s[i + 1]) ||
	    !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
		return 0;
	cc[0] = (char)to_upper((unsigned char)s[i]);
	cc[1] = (char)to_upper((unsigned char)s[i + 1]);
	if ((want = iban_country_len(cc)) == 0)
		return 0;
	for (j = i; j < len && n < (size_t)want; j++) {
		if (is_alnum(s[j]))
			ends[n++] = j + 1;
		else if (!(s[j] == ' ' && j + 1 < len && is_alnum(s[j + 1])))
			break;
	}
	if (n < (size_t)want)
		return 0;
	end = ends[want - 1];
	/* The last group may not go on past the IBAN's length. */
	if (end < len && is_alnum(s[end]))
		return 0;
	if (!pii_iban(s + i, end - i))
		return 0;
	pii_add(e, PII_IBAN, i, end);
	return end;
}

void
pii_scan(struct classify_entities *e, const char *s, size_t len)
{
	size_t w, i, next = 0;

	classify_entity_words(e, s, len);
	for (w = 0; w < e->nword; w++) {
		const struct classify_word *x = &e->word[w];

		i = x->start;
		if (i < next)
			continue;
		if (is_digit(s[i])) {
			/* "X-1234567-L": the X is a word of its own. */
			if (i >= 2 && s[i - 1] == '-' &&
			    to_upper((unsigned char)s[i - 2]) >= 'X' &&
			    to_upper((unsigned char)s[i - 2]) <= 'Z' &&
			    (i == 2 || !is_alnum(s[i - 3])) &&
			    (next = scan_id(e, s, len, i - 2)) > 0)
				continue;
			if (x->nalpha > 0) {
				/* 12345678Z */
				if (x->end - x->start == 9)
					next = scan_id(e, s, len, i);
				continue;
			}
			if ((next = scan_card(e, s, len, i)) == 0 &&
			    (next = scan_ccc(e, s, len, i)) == 0)
				next = scan_id(e, s, len, i);
		} else if ((next = scan_iban(e, s, len, i)) == 0)
			next = scan_id(e, s, len, i);
	}
}

/*
 * Passwords.  A keyword ("password", "contraseña", "clave"...) and then
 * either a colon or '=' (strong: any word but a few is the password),
 * a verb ("is", "es", "és", "ist"...: the word must look like a
 * password, with a digit, a symbol or a capital inside), or, for the
 * unambiguous keywords, the password right away ("pwd hunter2", which
 * must look like one too).  Up to three short words may come between
 * the keyword and the colon or verb ("password for my account is X").
 * A password in quotes is taken whole.
 */
enum {
	PW_STRONG = 1,
	PW_VERB,
	PW_BARE
};

#define PWK_BARE	1	/* may be followed by the password itself */
#define PWK_PASSE	2	/* "passe": only in "mot de passe" */

#define PWK(w, f)	{ w, sizeof(w) - 1, f }

static const struct {
	const char	*word;		/* folded */
	size_t		 len;
	int		 flags;
} pw_keywords[] = {
	PWK("password", PWK_BARE), PWK("passwd", PWK_BARE),
	PWK("pwd", PWK_BARE), PWK("pass", 0), PWK("passcode", PWK_BARE),
	PWK("passphrase", PWK_BARE), PWK("pin", 0),
	PWK("passwort", PWK_BARE), PWK("passe", PWK_PASSE | PWK_BARE),
	PWK("contrasena", PWK_BARE), PWK("contrasenya", PWK_BARE),
	PWK("clave", 0), PWK("clau", 0), PWK("senha", PWK_BARE),
	PWK("kennwort", PWK_BARE)
};

static const char *const pw_verbs[] = {
	"is", "was", "es", "era", "sera", "e", "ist", "war", "est", "sigue",
	"segueix", NULL
};

/* Words between a verb and the password: "is now", "es ahora". */
static const char *const pw_fillers[] = {
	"now", "still", "ahora", "ara", "agora", "jetzt", "maintenant",
	"actualmente", "actualment", NULL
};

/* Words after "password:" that are not passwords. */
static const char *const pw_not[] = {
	"none", "reset", "forgotten", "forgot", "required", "incorrect",
	"wrong", "invalid", "expired", "olvidada", "incorrecta", "caducada",
	"oblidada", "incorrecte", "ninguna", "cap", NULL
};

static int
tok_is(const struct classify_text *t, const struct classify_tok *k,
    const char *w)
{
	size_t n = strlen(w);

	return k->len == n && memcmp(CTOK_STR(t, k), w, n) == 0;
}

static int
tok_in(const struct classify_text *t, const struct classify_tok *k,
    const char *const *list)
{
	for (; *list != NULL; list++)
		if (tok_is(t, k, *list))
			return 1;
	return 0;
}

/* Is token k a password keyword?  Returns its flags + 1, or 0. */
static int
pw_keyword(const struct classify_text *t, size_t i)
{
	const struct classify_tok *k = &t->tok[i];
	const char *f;
	size_t j;

	if (k->kind != CTOK_WORD || k->len < 3 || k->len > 11)
		return 0;
	f = CTOK_STR(t, k);
	if (f[0] != 'p' && f[0] != 'c' && f[0] != 's' && f[0] != 'k')
		return 0;
	for (j = 0; j < CS_NELEM(pw_keywords); j++) {
		if (pw_keywords[j].len != k->len ||
		    pw_keywords[j].word[0] != f[0] ||
		    memcmp(f, pw_keywords[j].word, k->len) != 0)
			continue;
		if ((pw_keywords[j].flags & PWK_PASSE) && (i < 2 ||
		    !tok_is(t, &t->tok[i - 1], "de") ||
		    !tok_is(t, &t->tok[i - 2], "mot")))
			return 0;
		return pw_keywords[j].flags + 1;
	}
	return 0;
}

static int
blanks(const char *s, size_t from, size_t to)
{
	for (; from < to; from++)
		if (s[from] != ' ' && s[from] != '\t')
			return 0;
	return 1;
}

/*
 * Does w look like a password: a digit, a symbol (not the apostrophe or
 * hyphen of "won't" and "e-mail") or an inner capital?
 */
static int
pw_like(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (is_digit(c) || (c < 0x80 && !is_alpha(c) && c != '\'' &&
		    c != '-') || (i > 0 && c >= 'A' && c <= 'Z'))
			return 1;
	}
	return 0;
}

static int
word_eq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || to_lower((unsigned char)s[i]) != w[i])
			return 0;
	return w[n] == '\0';
}

static int
word_in(const char *s, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (word_eq(s, n, *list))
			return 1;
	return 0;
}

/*
 * The password at s[p]: in quotes, or up to the next blank without the
 * punctuation that ends a sentence.  Sets *end; returns the start, or
 * len if there is none.
 */
static size_t
pw_span(const char *s, size_t len, size_t p, size_t *end)
{
	size_t q;
	unsigned char c;

	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	if (p == len)
		return len;
	c = (unsigned char)s[p];
	if (c == '"' || c == '\'' || c == '`') {
		for (q = p + 1; q < len && q - p <= PASS_MAX &&
		    s[q] != (char)c && s[q] != '\n'; q++)
			continue;
		if (q < len && s[q] == (char)c && q > p + 1) {
			*end = q;
			return p + 1;
		}
	}
	for (q = p; q < len && s[q] != ' ' && s[q] != '\t' && s[q] != '\n' &&
	    s[q] != '\r'; q++)
		continue;
	/* Closing punctuation, and the quotes “” ‘’ «» in UTF-8. */
	while (q > p) {
		c = (unsigned char)s[q - 1];
		if (c == '.' || c == ',' || c == ';' || c == ':' || c == '?' ||
		    c == ')' || c == ']' || c == '}' || c == '"' || c == '\'')
			q--;
		else if (q - p >= 3 && (unsigned char)s[q - 3] == 0xe2 &&
		    (unsigned char)s[q - 2] == 0x80 && (c == 0x9d || c == 0x99))
			q -= 3;
		else if (q - p >= 2 && (unsigned char)s[q - 2] == 0xc2 &&
		    c == 0xbb)
			q -= 2;
		else
			break;
	}
	/* And the opening ones. */
	while (p < q && (s[p] == '"' || s[p] == '\'' || s[p] == '(' ||
	    s[p] == '['))
		p++;
	c = q - p >= 3 ? (unsigned char)s[p + 2] : 0;
	if (c != 0 && (unsigned char)s[p] == 0xe2 &&
	    (unsigned char)s[p + 1] == 0x80 && (c == 0x9c || c == 0x98))
		p += 3;
	else if (q - p >= 2 && (unsigned char)s[p] == 0xc2 &&
	    (unsigned char)s[p + 1] == 0xab)
		p += 2;
	if (q <= p || q - p > PASS_MAX)
		return len;
	*end = q;
	return p;
}

void
pii_passwords(struct classify_entities *e, const struct classify_text *t)
{
	const char *s = t->src;
	size_t len = t->srclen, i, j, p, start, end, skipped;
	int kf, mode;

	for (i = 0; i < t->ntok; i++) {
		if ((kf = pw_keyword(t, i)) == 0)
			continue;
		mode = 0;
		p = t->tok[i].src + t->tok[i].srclen;
		for (j = i + 1, skipped = 0; j < t->ntok; j++) {
			const struct classify_tok *k = &t->tok[j];
			const char *f = CTOK_STR(t, k);

			/*
			 * Only blanks between: not over a link, a handle
			 * or a tag the tokeniser left out.
			 */
			if (!blanks(s, t->tok[j - 1].src + t->tok[j - 1].srclen,
			    k->src))
				break;
			if (k->kind == CTOK_PUNCT && k->len == 1 &&
			    (*f == ':' || *f == '=')) {
				mode = PW_STRONG;
				p = k->src + k->srclen;
				break;
			}
			if (k->kind == CTOK_WORD && tok_in(t, k, pw_verbs)) {
				mode = PW_VERB;
				p = k->src + k->srclen;
				/* "is now", "is:" */
				if (j + 1 < t->ntok &&
				    tok_in(t, &t->tok[j + 1], pw_fillers)) {
					j++;
					p = t->tok[j].src + t->tok[j].srclen;
				}
				if (j + 1 < t->ntok &&
				    t->tok[j + 1].kind == CTOK_PUNCT &&
				    s[t->tok[j + 1].src] == ':' &&
				    t->tok[j + 1].src == p)
					p++;
				break;
			}
			if (k->kind == CTOK_WORD && skipped < 3 &&
			    k->len <= 10 && !pw_like(s + k->src, k->srclen)) {
				skipped++;
				continue;
			}
			break;
		}
		if (mode == 0) {
			if (!((kf - 1) & PWK_BARE))
				continue;
			mode = PW_BARE;
			p = t->tok[i].src + t->tok[i].srclen;
		}
		if ((start = pw_span(s, len, p, &end)) == len)
			continue;
		/* Quoted: taken as it is. */
		if (!(start > 0 && (s[start - 1] == '"' ||
		    s[start - 1] == '\'' || s[start - 1] == '`') &&
		    end < len && s[end] == s[start - 1])) {
			if (mode == PW_STRONG ? end - start < 3 ||
			    (!pw_like(s + start, end - start) &&
			    word_in(s + start, end - start, pw_not)) :
			    end - start < 4 || !pw_like(s + start, end - start))
				continue;
		}
		if (pii_taken(e, start, end))
			continue;
		pii_add(e, PII_PASSWORD, start, end);
	}
}

size_t
pii_redact(const struct classify_entities *e, const char *s, size_t len,
    struct buf *out)
{
	size_t i, off = 0, n = 0;

	for (i = 0; i < e->npii; i++) {
		const struct classify_pii *p = &e->pii[i];
		const char *name = pii_name(p->kind);
		size_t nlen = strlen(name);

		/* In text order and apart; anything else is skipped. */
		if (p->start < off || p->end > len || p->end <= p->start)
			continue;
		/* A tag already: it stays, and does not count. */
		if (p->end - p->start == nlen + 2 && s[p->start] == '[' &&
		    memcmp(s + p->start + 1, name, nlen) == 0)
			continue;
		buf_add(out, s + off, p->start - off);
		buf_addc(out, '[');
		buf_add(out, name, nlen);
		buf_addc(out, ']');
		off = p->end;
		n++;
	}
	buf_add(out, s + off, len - off);
	return n;
}
