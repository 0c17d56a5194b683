/*
 * Property tests of lib/twtext's length counting over random Unicode
 * text.  tests/data/twtext/random.json holds 3000 random texts (ASCII,
 * Latin, combining marks, CJK, emoji with ZWJ and skin tones, flags,
 * URLs, mentions...) with the weighed length the reference twitter-text
 * gives each (scripts/data/twtext-random.mjs, see scripts/data/README):
 * twtext must agree on every one.  URLs stand between spaces there: a
 * bare domain glued to other letters is where twitter-text's JavaScript
 * and Java extractors disagree, and twtext follows the Java one.  The same texts then check properties
 * of the Mastodon count (a URL counts 23 whatever its length,
 * @user@domain counts as @user) and of Bluesky's graphemes (no more than
 * code points, and how they add up when texts are joined).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <utf8proc.h>

#include "twtext.h"
#include "util.h"

static cJSON *root;
static const cJSON *cases;

static int
setup(void **state)
{
	const char *dir = getenv("CS_ROOT");
	struct cs_error e;
	struct buf b;
	char *path;

	(void)state;
	path = xasprintf("%s/tests/data/twtext/random.json",
	    dir != NULL && *dir != '\0' ? dir : ".");
	buf_init(&b);
	if (slurp(path, 16 * 1024 * 1024, &b, &e) == -1) {
		print_error("# %s\n", e.msg);
		free(path);
		return -1;
	}
	free(path);
	root = cJSON_ParseWithLength(b.s, b.len);
	buf_release(&b);
	cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
	return cJSON_IsArray(cases) && cJSON_GetArraySize(cases) >= 1000 ?
	    0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	cJSON_Delete(root);
	return 0;
}

static int
num(const cJSON *c, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

	assert_true(cJSON_IsNumber(v));
	return v->valueint;
}

static const char *
text_of(const cJSON *c)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "text");

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

/* Empty, or only characters up to U+0020. */
static int
blank(const char *t)
{
	for (; *t != '\0'; t++)
		if ((unsigned char)*t > ' ')
			return 0;
	return 1;
}

/* Each text weighs what twitter-text said, and is valid when it said. */
static void
test_reference(void **state)
{
	struct twtext_result r;
	const cJSON *c;
	const char *t;
	size_t n = 0, bad = 0, badvalid = 0;

	(void)state;
	cJSON_ArrayForEach(c, cases) {
		t = text_of(c);
		n++;
		assert_int_equal(twtext_parse(t, strlen(t), NULL, &r), 0);
		if (r.weighted_length != num(c, "weightedLength") ||
		    r.permillage != num(c, "permillage")) {
			if (bad++ < 10)
				print_error("# \"%s\": %d (%d‰), twitter-text "
				    "%d (%d‰)\n", t, r.weighted_length,
				    r.permillage, num(c, "weightedLength"),
				    num(c, "permillage"));
		}
		/*
		 * twtext's valid is also isValidTweetText's: a blank text is
		 * not valid, where parseTweet alone says it is.
		 */
		if (r.valid != (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    c, "valid")) && !blank(t)) ||
		    (int)r.display_end != num(c, "displayRangeEnd") ||
		    (int)r.valid_end != num(c, "validRangeEnd")) {
			if (badvalid++ < 10)
				print_error("# \"%s\": valid %d [..%zu, ..%zu], "
				    "twitter-text [..%d, ..%d]\n", t, r.valid,
				    r.display_end, r.valid_end,
				    num(c, "displayRangeEnd"),
				    num(c, "validRangeEnd"));
		}
		/* The convenience function says the same. */
		assert_int_equal(twtext_weighted_length(t, strlen(t)),
		    (size_t)r.weighted_length);
	}
	print_message("# %zu random texts: %zu lengths and %zu validities "
	    "differ from twitter-text\n", n, bad, badvalid);
	assert_int_equal(bad, 0);
	assert_int_equal(badvalid, 0);
}

static size_t
code_points(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* a, sep, b into out. */
static void
join(struct buf *out, const char *a, const char *sep, const char *b)
{
	buf_reset(out);
	buf_adds(out, a);
	buf_adds(out, sep);
	buf_adds(out, b);
}

static void
test_bluesky_graphemes(void **state)
{
	const cJSON *c, *next;
	const char *a, *b;
	struct buf j;
	size_t ga, gb, g, la;

	(void)state;
	buf_init(&j);
	cJSON_ArrayForEach(c, cases) {
		a = text_of(c);
		la = strlen(a);
		ga = twtext_graphemes(a, la);
		/* No more graphemes than code points, one at least. */
		assert_true(ga <= code_points(a, la));
		assert_true(la == 0 || ga >= 1);
		if ((next = c->next) == NULL)
			break;
		b = text_of(next);
		gb = twtext_graphemes(b, strlen(b));
		/* Joined, two texts never make more graphemes. */
		join(&j, a, "", b);
		g = twtext_graphemes(j.s, j.len);
		assert_true(g <= ga + gb);
		assert_true(g >= 1);
		/* A line break between them keeps them apart. */
		if (la > 0 && a[la - 1] == '\r')
			continue;
		join(&j, a, "\n", b);
		g = twtext_graphemes(j.s, j.len);
		if (g != ga + 1 + gb)
			fail_msg("\"%s\" + \"\\n\" + \"%s\": %zu, not %zu + 1 "
			    "+ %zu", a, b, g, ga, gb);
	}
	/* Clusters of several code points. */
	assert_int_equal(twtext_graphemes("e\xcc\x81", 3), 1);
	assert_int_equal(twtext_graphemes("\xf0\x9f\x87\xaa\xf0\x9f\x87\xb8"
	    "\xf0\x9f\x87\xaa", 12), 2);	/* 🇪🇸 then 🇪 */
	assert_int_equal(twtext_graphemes("\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x92\xbb\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbb", 19), 2);
	assert_int_equal(twtext_graphemes("\r\n", 2), 1);
	buf_release(&j);
}

static void
test_mastodon(void **state)
{
	static const char *const urls[] = {
		"https://example.com",
		"https://example.com/",
		"http://t.co/x",
		"https://www.correos.es/es/es/herramientas/localizador/envios/"
		    "detalle?tracking-number=PQ4F6P0000000000000000000000000000",
		"https://shop.example.org/a/very/long/path/that/goes/on/and/"
		    "on/and/on/and/on/and/on/and/on/and/on?with=a&query=string"
	};
	const cJSON *c, *next;
	const char *a, *b;
	struct buf j, k;
	size_t i, want, ma;

	(void)state;
	buf_init(&j);
	buf_init(&k);
	/* Each URL counts 23, as 23 letters would. */
	for (i = 0; i < CS_NELEM(urls); i++)
		assert_int_equal(twtext_mastodon_length(urls[i],
		    strlen(urls[i])), TWTEXT_MASTODON_URL);
	cJSON_ArrayForEach(c, cases) {
		if ((next = c->next) == NULL)
			break;
		a = text_of(c);
		b = text_of(next);
		ma = twtext_mastodon_length(a, strlen(a));
		/* Never more than its graphemes plus 23 per URL. */
		assert_true(ma <= twtext_graphemes(a, strlen(a)) +
		    23 * (strlen(a) / 4 + 1));
		join(&k, " xxxxxxxxxxxxxxxxxxxxxxx ", b, "");
		join(&j, a, k.s, "");
		want = twtext_mastodon_length(j.s, j.len);
		for (i = 0; i < CS_NELEM(urls); i++) {
			buf_reset(&k);
			buf_printf(&k, " %s ", urls[i]);
			buf_adds(&k, b);
			join(&j, a, k.s, "");
			if (twtext_mastodon_length(j.s, j.len) != want)
				fail_msg("\"%s\": %zu, not %zu as with 23 "
				    "letters", j.s, twtext_mastodon_length(j.s,
				    j.len), want);
		}
	}
	/* @user@domain counts as @user; a local @user as it is. */
	assert_int_equal(twtext_mastodon_length("@alice@example.social", 21),
	    6);
	assert_int_equal(twtext_mastodon_length("hi @bob@mastodon.social!",
	    24), 8);
	assert_int_equal(twtext_mastodon_length("@alice", 6), 6);
	/* Without URLs or mentions, the count is the graphemes. */
	assert_int_equal(twtext_mastodon_length("Gr\xc3\xa0" "cies \xf0\x9f"
	    "\x99\x8f\xf0\x9f\x8f\xbd", 17), 9);
	buf_release(&j);
	buf_release(&k);
}

/* The same URL property on X: any URL weighs 23. */
static void
test_x_urls(void **state)
{
	static const char *const urls[] = {
		"https://example.com/abcdefghijklmnopqrstuvwxyz0123456789",
		"https://t.co/x",
		"www.example.org"
	};
	const cJSON *c, *next;
	const char *a, *b;
	struct buf j, k;
	size_t i, want;

	(void)state;
	buf_init(&j);
	buf_init(&k);
	cJSON_ArrayForEach(c, cases) {
		if ((next = c->next) == NULL)
			break;
		a = text_of(c);
		b = text_of(next);
		join(&k, " xxxxxxxxxxxxxxxxxxxxxxx ", b, "");
		join(&j, a, k.s, "");
		want = twtext_weighted_length(j.s, j.len);
		for (i = 0; i < CS_NELEM(urls); i++) {
			buf_reset(&k);
			buf_printf(&k, " %s ", urls[i]);
			buf_adds(&k, b);
			join(&j, a, k.s, "");
			if (twtext_weighted_length(j.s, j.len) != want)
				fail_msg("\"%s\": %zu, not %zu as with 23 "
				    "letters", j.s, twtext_weighted_length(j.s,
				    j.len), want);
		}
	}
	buf_release(&j);
	buf_release(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_bluesky_graphemes),
		cmocka_unit_test(test_mastodon),
		cmocka_unit_test(test_x_urls),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
