/*
 * libFuzzer target for lib/twtext.c: X's weighted length and validity,
 * Mastodon's and Bluesky's counts, the extractors and the validators
 * over any bytes.  Entities lie inside the text, in order and without
 * overlap, their code point and byte spans agree, their values lie
 * inside them with the right sigil; the valid prefix is a prefix; a
 * count is never more than the code points (or, for X, twice them plus
 * the URLs' length).
 */
#include "fuzz.h"

#include "twtext.h"

static void
tw_entities(const struct twtext_entities *v, size_t n, const char *s,
    size_t len, int ordered)
{
	size_t i;

	FUZZ_CHECK(v->n == n && n <= len);
	for (i = 0; i < n; i++) {
		const struct twtext_entity *e = &v->v[i];

		FUZZ_CHECK(e->len > 0 && e->off + e->len <= len);
		FUZZ_CHECK(e->start < e->end && e->end - e->start <= e->len);
		FUZZ_CHECK(e->start == fuzz_cps(s, e->off));
		FUZZ_CHECK(e->end == e->start + fuzz_cps(s + e->off, e->len));
		FUZZ_CHECK(e->voff >= e->off && e->vlen > 0 &&
		    e->voff + e->vlen <= e->off + e->len);
		if (e->llen > 0) {
			FUZZ_CHECK(e->type == TWTEXT_MENTION);
			FUZZ_CHECK(e->loff >= e->voff + e->vlen &&
			    e->loff + e->llen <= e->off + e->len &&
			    s[e->loff] == '/');
		}
		if (ordered && i > 0) {
			FUZZ_CHECK(v->v[i - 1].off + v->v[i - 1].len <=
			    e->off);
		}
		switch (e->type) {
		case TWTEXT_MENTION:
			FUZZ_CHECK(s[e->off] == '@' || (unsigned char)
			    s[e->off] == 0xef);	/* U+FF20 */
			break;
		case TWTEXT_HASHTAG:
			FUZZ_CHECK(s[e->off] == '#' || (unsigned char)
			    s[e->off] == 0xef);	/* U+FF03 */
			break;
		case TWTEXT_CASHTAG:
			FUZZ_CHECK(s[e->off] == '$');
			break;
		case TWTEXT_URL:
			FUZZ_CHECK(e->voff == e->off && e->vlen == e->len);
			break;
		}
	}
}

FUZZ_ENTRY(twtext)
{
	const char *s = (const char *)data;
	struct twtext_entities v, urls;
	struct twtext_result r;
	size_t n, cps = fuzz_cps(s, size), voff, vlen;

	twtext_entities_init(&v);
	twtext_entities_init(&urls);

	n = twtext_extract_urls(&urls, s, size);
	tw_entities(&urls, n, s, size, 1);
	n = twtext_extract_mentions(&v, s, size);
	tw_entities(&v, n, s, size, 1);
	n = twtext_extract_mentions_or_lists(&v, s, size);
	tw_entities(&v, n, s, size, 1);
	n = twtext_extract_hashtags(&v, s, size);
	tw_entities(&v, n, s, size, 1);
	n = twtext_extract_cashtags(&v, s, size);
	tw_entities(&v, n, s, size, 1);
	n = twtext_extract_entities(&v, s, size);
	tw_entities(&v, n, s, size, 1);
	if (twtext_extract_reply(s, size, &voff, &vlen)) {
		FUZZ_CHECK(voff > 0 && vlen > 0 && voff + vlen <= size);
		FUZZ_CHECK(twtext_valid_username(s + voff - 1, vlen + 1) ||
		    (unsigned char)s[voff - 1] != '@');
	}

	FUZZ_CHECK(twtext_parse(s, size, NULL, &r) == 0);
	FUZZ_CHECK(r.weighted_length >= 0);
	/*
	 * A code point weighs at most 2, a URL 23 whatever its length, and
	 * NFC makes at most three code points of one.
	 */
	FUZZ_CHECK((size_t)r.weighted_length <= 3 * 23 * cps);
	FUZZ_CHECK(r.valid == (twtext_valid_tweet(s, size, NULL) != 0));
	FUZZ_CHECK(r.valid_bytes <= size || !r.nfc);
	if (r.valid && r.nfc) {
		FUZZ_CHECK(r.valid_bytes == size);
	}
	FUZZ_CHECK((size_t)r.weighted_length == twtext_weighted_length(s,
	    size));
	FUZZ_CHECK(twtext_parse(s, size, &twtext_config_v1, &r) == 0);
	FUZZ_CHECK(twtext_parse(s, size, &twtext_config_v2, &r) == 0);

	n = twtext_graphemes(s, size);
	FUZZ_CHECK(n <= cps && (size == 0) == (n == 0));
	n = twtext_mastodon_length(s, size);
	FUZZ_CHECK(n <= 23 * cps);

	(void)twtext_valid_username(s, size);
	(void)twtext_valid_list(s, size);
	(void)twtext_valid_hashtag(s, size);
	(void)twtext_valid_url(s, size, 1, 1);
	(void)twtext_valid_url(s, size, 0, 0);
	twtext_entities_release(&v);
	twtext_entities_release(&urls);
	return 0;
}
