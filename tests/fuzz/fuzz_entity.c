/*
 * libFuzzer target for the classifier's entity and personal-data
 * scanners (lib/classify_entity.c, lib/pii.c) run on their own, as the
 * engine runs them: links and handles, then the tokens, then order and
 * tracking numbers, e-mail addresses, phones, cards, IBANs, DNI, NIE and
 * passwords.  Spans lie inside the text, personal data in text order
 * without overlap and with code point spans that match the bytes; the
 * JSON part is valid and holds no secret's text; redaction replaces
 * each piece with its tag, keeps UTF-8 valid, and the redacted text has
 * as many pieces again, each now a tag.
 */
#include "fuzz.h"

#include "classify.h"

/* valid: s is UTF-8, the contract (code points of other bytes vary). */
static void
en_spans(const struct classify_entities *e, const char *s, size_t len,
    int valid)
{
	size_t i;

	for (i = 0; i < e->nent; i++) {
		const struct classify_ent *t = &e->ent[i];

		FUZZ_CHECK(t->start < t->end && t->end <= len);
		FUZZ_CHECK(t->voff + t->vlen <= e->vals.len);
	}
	for (i = 0; i < e->npii; i++) {
		const struct classify_pii *p = &e->pii[i];

		FUZZ_CHECK(p->kind < PII_NKINDS);
		FUZZ_CHECK(p->start < p->end && p->end <= len);
		FUZZ_CHECK(i == 0 || e->pii[i - 1].end <= p->start);
		if (!valid)
			continue;
		FUZZ_CHECK(p->cpstart == fuzz_cps(s, p->start));
		FUZZ_CHECK(p->cpend == p->cpstart + fuzz_cps(s + p->start,
		    p->end - p->start));
	}
	for (i = 0; i < e->nskip; i++) {
		FUZZ_CHECK(e->skip[i].start < e->skip[i].end &&
		    e->skip[i].end <= len);
		FUZZ_CHECK(i == 0 || e->skip[i - 1].end <= e->skip[i].start);
	}
}

static void
en_scan(struct classify_entities *e, struct classify_text *t, const char *s,
    size_t len, int valid)
{
	classify_entity_links(e, s, len);
	classify_text_scan(t, s, len, e->skip, e->nskip);
	classify_entity_scan(e, t);
	en_spans(e, s, len, valid);
}

FUZZ_ENTRY(entity)
{
	static struct classify_entities e, e2;
	static struct classify_text t;
	static int inited;
	const char *s = (const char *)data;
	struct buf j, red;
	size_t i, n;
	int valid = fuzz_utf8(s, size) && memchr(s, '\0', size) == NULL;

	if (!inited) {
		inited = 1;
		classify_entity_init(&e);
		classify_entity_init(&e2);
		classify_text_init(&t);
	}
	en_scan(&e, &t, s, size, valid);
	buf_init(&j);
	buf_init(&red);
	buf_addc(&j, '{');
	classify_entity_json(&e, &j);
	buf_addc(&j, '}');
	if (valid) {
		FUZZ_CHECK(fuzz_json(j.s, j.len, '{'));
		/*
		 * No entity (whose value the JSON holds) is taken from a
		 * secret's bytes.
		 */
		for (i = 0; i < e.npii; i++) {
			const struct classify_pii *p = &e.pii[i];
			size_t k;

			if (p->kind == PII_EMAIL || p->kind == PII_PHONE)
				continue;
			for (k = 0; k < e.nent; k++)
				FUZZ_CHECK(e.ent[k].end <= p->start ||
				    p->end <= e.ent[k].start);
		}
	}
	n = pii_redact(&e, s, size, &red);
	/* Tags already in the text are found but left as they are. */
	FUZZ_CHECK(n <= e.npii);
	if (n == 0) {
		FUZZ_CHECK(red.len == size && (size == 0 ||
		    memcmp(red.s, s, size) == 0));
	}
	if (valid) {
		FUZZ_CHECK(fuzz_utf8(red.s, red.len));
	}
	if (n > 0 && valid) {
		en_scan(&e2, &t, red.s, red.len, 1);
		/* The tags are found as what they replaced, and more. */
		FUZZ_CHECK(e2.npii >= n);
	}
	for (i = 0; i + 1 < size && i < 64; i++) {
		(void)pii_luhn(s, size - i);
		(void)pii_iban(s + i, size - i);
		(void)pii_ccc(s + i, size - i);
		(void)pii_dni(s + i, size - i);
		(void)pii_nie(s + i, size - i);
	}
	buf_release(&j);
	buf_release(&red);
	return 0;
}
