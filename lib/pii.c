/*
 * pii: personal data that must never be asked for or repeated in public:
 * payment cards (13 to 19 digits passing the Luhn check) and IBANs (the
 * country's length and ISO 13616's mod-97 check).  E-mail addresses and
 * phone numbers are found by classify_entity, which reports them here
 * too.
 */
#include "compat.h"

#include "classify.h"
#include "util.h"

/* IBAN lengths by country (SWIFT's IBAN registry), for the usual ones. */
static const struct {
	char	cc[3];
	int	len;
} iban_len[] = {
	{ "AD", 24 }, { "AT", 20 }, { "BE", 16 }, { "BG", 22 }, { "CH", 21 },
	{ "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DK", 18 }, { "EE", 20 },
	{ "ES", 24 }, { "FI", 18 }, { "FR", 27 }, { "GB", 22 }, { "GI", 23 },
	{ "GR", 27 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IS", 26 },
	{ "IT", 27 }, { "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 },
	{ "MC", 27 }, { "MT", 31 }, { "NL", 18 }, { "NO", 15 }, { "PL", 28 },
	{ "PT", 25 }, { "RO", 24 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 },
	{ "SM", 27 }
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
to_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
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
	if (n < 15 || n > 34 || !(a[0] >= 'A' && a[0] <= 'Z') ||
	    !(a[1] >= 'A' && a[1] <= 'Z') || !is_digit(a[2]) ||
	    !is_digit(a[3]))
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

/*
 * A card: groups of digits with single blanks or dashes between them,
 * 13 to 19 digits, starting with 2 to 6 (the card networks' ranges), not
 * glued to other digits or letters, and passing the Luhn check.
 */
static size_t
scan_card(struct classify_entities *e, const char *s, size_t len, size_t i)
{
	size_t j = i, end = i, nd = 0;

	if (s[i] < '2' || s[i] > '6')
		return 0;
	while (j < len) {
		if (is_digit(s[j])) {
			nd++;
			end = ++j;
		} else if ((s[j] == ' ' || s[j] == '-') && j + 1 < len &&
		    is_digit(s[j + 1]))
			j++;
		else
			break;
		if (nd > 19)
			return 0;
	}
	if (end < len && is_alnum(s[end]))
		return 0;
	if (nd < 13 || !pii_luhn(s + i, end - i))
		return 0;
	pii_add(e, PII_CARD, i, end);
	return end;
}

/*
 * An IBAN: a country code, two check digits, then letters and digits
 * with optional single blanks (groups of four, as usually printed).
 */
static size_t
scan_iban(struct classify_entities *e, const char *s, size_t len, size_t i)
{
	size_t j, n = 0, end = 0, ends[40];
	int want;
	char cc[2];

	if (i + 4 > len || !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
		return 0;
	cc[0] = (char)to_upper((unsigned char)s[i]);
	cc[1] = (char)to_upper((unsigned char)s[i + 1]);
	if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return 0;
	for (j = i; j < len && n < 34; j++) {
		if (is_alnum(s[j]))
			ends[n++] = j + 1;
		else if (!(s[j] == ' ' && j + 1 < len && is_alnum(s[j + 1])))
			break;
	}
	want = iban_country_len(cc);
	if (want != 0) {
		if (n < (size_t)want)
			return 0;
		end = ends[want - 1];
	} else {
		/* Unknown country: the longest prefix that checks. */
		for (; n >= 15; n--)
			if (pii_iban(s + i, ends[n - 1] - i))
				break;
		if (n < 15)
			return 0;
		end = ends[n - 1];
	}
	if (end < len && is_alnum(s[end]) && s[end - 1] != ' ')
		return 0;
	if (!pii_iban(s + i, end - i))
		return 0;
	pii_add(e, PII_IBAN, i, end);
	return end;
}

void
pii_scan(struct classify_entities *e, const char *s, size_t len)
{
	size_t i, next;

	for (i = 0; i < len; i++) {
		/* Only at the start of a word. */
		if (i > 0 && is_alnum(s[i - 1]))
			continue;
		next = 0;
		if (is_digit(s[i]))
			next = scan_card(e, s, len, i);
		else if (is_alnum(s[i]))
			next = scan_iban(e, s, len, i);
		if (next > i)
			i = next - 1;
	}
}
