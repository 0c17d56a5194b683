/*
 * Unit tests for lib/twtext.[ch]: twitter-text's conformance suite, read
 * at run time from $CS_SHARED/conformance/twitter-text (default
 * ../shared; skipped when absent), hand-written cases that need no
 * files, and properties over random text.
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

/*
 * Conformance files.
 */

static char *
conf_path(const char *name)
{
	const char *dir = getenv("CS_SHARED");

	if (dir == NULL || *dir == '\0')
		dir = "../shared";
	return xasprintf("%s/conformance/twitter-text/%s", dir, name);
}

/* The contents of a conformance file, or NULL if there is none. */
static char *
conf_slurp(const char *name, size_t *lenp)
{
	struct buf b;
	char tmp[8192], *path;
	size_t n;
	FILE *fp;

	path = conf_path(name);
	fp = fopen(path, "rb");
	free(path);
	if (fp == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		buf_add(&b, tmp, n);
	fclose(fp);
	if (lenp != NULL)
		*lenp = b.len;
	return b.s != NULL ? b.s : xstrdup("");
}

static cJSON *
conf_json(const char *name)
{
	cJSON *root;
	char *s;

	if ((s = conf_slurp(name, NULL)) == NULL)
		return NULL;
	root = cJSON_Parse(s);
	free(s);
	return root;
}

/* A checker: the result for one case, as JSON comparable to expected. */
struct group {
	const char	*name;
	cJSON		*(*run)(const char *text, size_t len);
};

static cJSON *
indices(size_t a, size_t b)
{
	cJSON *v = cJSON_CreateArray();

	cJSON_AddItemToArray(v, cJSON_CreateNumber((double)a));
	cJSON_AddItemToArray(v, cJSON_CreateNumber((double)b));
	return v;
}

static cJSON *
strn(const char *s, size_t len)
{
	char *t = xstrndup(s, len);
	cJSON *v = cJSON_CreateString(t);

	free(t);
	return v;
}

/* The values of the entities, as a JSON array of strings. */
static cJSON *
values(const struct twtext_entities *e, const char *text)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < e->n; i++)
		cJSON_AddItemToArray(a, strn(text + e->v[i].voff,
		    e->v[i].vlen));
	return a;
}

/* The entities as [{key: value, "indices": [start, end]}]. */
static cJSON *
with_indices(const struct twtext_entities *e, const char *text,
    const char *key, int slug)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t i;

	for (i = 0; i < e->n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, key, strn(text + e->v[i].voff,
		    e->v[i].vlen));
		if (slug)
			cJSON_AddItemToObject(o, "list_slug", strn(text +
			    e->v[i].loff, e->v[i].llen));
		cJSON_AddItemToObject(o, "indices", indices(e->v[i].start,
		    e->v[i].end));
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

#define EXTRACTOR(name, fn, how)					\
static cJSON *								\
name(const char *text, size_t len)					\
{									\
	struct twtext_entities e;					\
	cJSON *r;							\
									\
	twtext_entities_init(&e);					\
	fn(&e, text, len);						\
	r = how;							\
	twtext_entities_release(&e);					\
	return r;							\
}

EXTRACTOR(x_mentions, twtext_extract_mentions, values(&e, text))
EXTRACTOR(x_mentions_i, twtext_extract_mentions,
    with_indices(&e, text, "screen_name", 0))
EXTRACTOR(x_mentions_lists_i, twtext_extract_mentions_or_lists,
    with_indices(&e, text, "screen_name", 1))
EXTRACTOR(x_urls, twtext_extract_urls, values(&e, text))
EXTRACTOR(x_urls_i, twtext_extract_urls, with_indices(&e, text, "url", 0))
EXTRACTOR(x_hashtags, twtext_extract_hashtags, values(&e, text))
EXTRACTOR(x_hashtags_i, twtext_extract_hashtags,
    with_indices(&e, text, "hashtag", 0))
EXTRACTOR(x_cashtags, twtext_extract_cashtags, values(&e, text))
EXTRACTOR(x_cashtags_i, twtext_extract_cashtags,
    with_indices(&e, text, "cashtag", 0))

static cJSON *
x_reply(const char *text, size_t len)
{
	size_t off, n;

	if (twtext_extract_reply(text, len, &off, &n))
		return strn(text + off, n);
	return cJSON_CreateNull();
}

static cJSON *
parsed(const char *text, size_t len, const struct twtext_config *cfg)
{
	struct twtext_result r;
	cJSON *o = cJSON_CreateObject();

	assert_int_equal(twtext_parse(text, len, cfg, &r), 0);
	cJSON_AddNumberToObject(o, "weightedLength", r.weighted_length);
	cJSON_AddBoolToObject(o, "valid", r.valid);
	cJSON_AddNumberToObject(o, "permillage", r.permillage);
	cJSON_AddNumberToObject(o, "displayRangeStart",
	    (double)r.display_start);
	cJSON_AddNumberToObject(o, "displayRangeEnd", (double)r.display_end);
	cJSON_AddNumberToObject(o, "validRangeStart", (double)r.valid_start);
	cJSON_AddNumberToObject(o, "validRangeEnd", (double)r.valid_end);
	return o;
}

static cJSON *
v_weighted_v2(const char *text, size_t len)
{
	return parsed(text, len, &twtext_config_v2);
}

static cJSON *
v_weighted_v3(const char *text, size_t len)
{
	return parsed(text, len, &twtext_config_v3);
}

/* The "tweets" cases are twitter-text's version 1 rules (140). */
static cJSON *
v_tweet(const char *text, size_t len)
{
	return cJSON_CreateBool(twtext_valid_tweet(text, len,
	    &twtext_config_v1));
}

static cJSON *
v_username(const char *text, size_t len)
{
	return cJSON_CreateBool(twtext_valid_username(text, len));
}

static cJSON *
v_list(const char *text, size_t len)
{
	return cJSON_CreateBool(twtext_valid_list(text, len));
}

static cJSON *
v_hashtag(const char *text, size_t len)
{
	return cJSON_CreateBool(twtext_valid_hashtag(text, len));
}

static cJSON *
v_url(const char *text, size_t len)
{
	return cJSON_CreateBool(twtext_valid_url(text, len, 1, 1));
}

static cJSON *
v_url_bare(const char *text, size_t len)
{
	return cJSON_CreateBool(twtext_valid_url(text, len, 1, 0));
}

/*
 * Run one group of a conformance file: each failure is reported with
 * its description, then the group fails if any did.
 */
static void
run_group(const char *file, const cJSON *root, const struct group *g)
{
	const cJSON *tests, *cases, *tc, *text, *desc, *exp;
	cJSON *got;
	char *a, *b;
	size_t n = 0, bad = 0;

	tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
	cases = cJSON_GetObjectItemCaseSensitive(tests, g->name);
	if (!cJSON_IsArray(cases))
		fail_msg("%s: no group \"%s\"", file, g->name);
	cJSON_ArrayForEach(tc, cases) {
		text = cJSON_GetObjectItemCaseSensitive(tc, "text");
		desc = cJSON_GetObjectItemCaseSensitive(tc, "description");
		exp = cJSON_GetObjectItemCaseSensitive(tc, "expected");
		assert_true(cJSON_IsString(text) && exp != NULL);
		n++;
		got = g->run(text->valuestring, strlen(text->valuestring));
		if (!cJSON_Compare(got, exp, 1)) {
			bad++;
			a = cJSON_PrintUnformatted(exp);
			b = cJSON_PrintUnformatted(got);
			print_error("# %s %s: FAIL \"%s\"\n"
			    "#   expected %.400s\n#   got      %.400s\n",
			    file, g->name,
			    cJSON_IsString(desc) ? desc->valuestring : "?",
			    a, b);
			cJSON_free(a);
			cJSON_free(b);
		}
		cJSON_Delete(got);
	}
	print_message("# %s %s: %zu/%zu passed\n", file, g->name, n - bad, n);
	if (bad > 0)
		fail_msg("%s %s: %zu of %zu cases failed", file, g->name, bad,
		    n);
}

static void
run_file(const char *file, const struct group *g, size_t ng)
{
	cJSON *root;
	size_t i;

	if ((root = conf_json(file)) == NULL) {
		print_message("# %s not found (set CS_SHARED), skipped\n",
		    file);
		skip();
	}
	for (i = 0; i < ng; i++)
		run_group(file, root, &g[i]);
	cJSON_Delete(root);
}

static const struct group extract_mentions[] = {
	{ "mentions", x_mentions },
	{ "mentions_with_indices", x_mentions_i },
	{ "mentions_or_lists_with_indices", x_mentions_lists_i },
	{ "replies", x_reply },
};

static const struct group extract_urls[] = {
	{ "urls", x_urls },
	{ "urls_with_indices", x_urls_i },
	{ "urls_with_directional_markers", x_urls_i },
	{ "tco_urls_with_params", x_urls },
};

static const struct group extract_tags[] = {
	{ "hashtags", x_hashtags },
	{ "hashtags_from_astral", x_hashtags },
	{ "hashtags_with_indices", x_hashtags_i },
	{ "cashtags", x_cashtags },
	{ "cashtags_with_indices", x_cashtags_i },
};

static const struct group validate_weighted[] = {
	{ "WeightedTweetsCounterTest", v_weighted_v2 },
	{ "WeightedTweetsWithDiscountedEmojiCounterTest", v_weighted_v3 },
	{ "UnicodeDirectionalMarkerCounterTest", v_weighted_v3 },
};

static const struct group validate_other[] = {
	{ "tweets", v_tweet },
	{ "usernames", v_username },
	{ "lists", v_list },
	{ "hashtags", v_hashtag },
	{ "urls", v_url },
	{ "urls_without_protocol", v_url_bare },
};

static void
test_conf_extract_mentions(void **state)
{
	(void)state;
	run_file("extract.json", extract_mentions,
	    CS_NELEM(extract_mentions));
}

static void
test_conf_extract_urls(void **state)
{
	(void)state;
	run_file("extract.json", extract_urls, CS_NELEM(extract_urls));
}

static void
test_conf_extract_tags(void **state)
{
	(void)state;
	run_file("extract.json", extract_tags, CS_NELEM(extract_tags));
}

static void
test_conf_validate_weighted(void **state)
{
	(void)state;
	run_file("validate.json", validate_weighted,
	    CS_NELEM(validate_weighted));
}

static void
test_conf_validate_other(void **state)
{
	(void)state;
	run_file("validate.json", validate_other, CS_NELEM(validate_other));
}

/*
 * tlds.yml has no JSON twin; its layout is regular enough to read line
 * by line: "  - description: D", "    text: T", "    expected:" and
 * "    - URL" lines, in the groups "country" and "generic".
 */
static void
tld_case(const char *group, const char *desc, const char *text,
    cJSON *exp, size_t *n, size_t *bad)
{
	cJSON *got;
	char *a, *b;

	if (text == NULL)
		return;
	(*n)++;
	got = x_urls(text, strlen(text));
	if (!cJSON_Compare(got, exp, 1)) {
		(*bad)++;
		a = cJSON_PrintUnformatted(exp);
		b = cJSON_PrintUnformatted(got);
		print_error("# tlds.yml %s: FAIL \"%s\"\n#   expected %s\n"
		    "#   got      %s\n", group, desc, a, b);
		cJSON_free(a);
		cJSON_free(b);
	}
	cJSON_Delete(got);
}

static void
test_conf_tlds(void **state)
{
	char *data, *line, *next, *desc = NULL, *text = NULL, group[16] = "";
	cJSON *exp = NULL;
	size_t n = 0, bad = 0;

	(void)state;
	if ((data = conf_slurp("tlds.yml", NULL)) == NULL) {
		print_message("# tlds.yml not found (set CS_SHARED), "
		    "skipped\n");
		skip();
	}
	for (line = data; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "  - description: ", 17) == 0) {
			tld_case(group, desc, text, exp, &n, &bad);
			cJSON_Delete(exp);
			exp = cJSON_CreateArray();
			desc = line + 17;
			text = NULL;
		} else if (strncmp(line, "    text: ", 10) == 0)
			text = line + 10;
		else if (strncmp(line, "    - ", 6) == 0 && exp != NULL)
			cJSON_AddItemToArray(exp, cJSON_CreateString(line + 6));
		else if (strcmp(line, "  country:") == 0 ||
		    strcmp(line, "  generic:") == 0) {
			tld_case(group, desc, text, exp, &n, &bad);
			text = NULL;
			strlcpy(group, line + 2, sizeof(group));
		}
	}
	tld_case(group, desc, text, exp, &n, &bad);
	cJSON_Delete(exp);
	free(data);
	print_message("# tlds.yml: %zu/%zu passed\n", n - bad, n);
	assert_true(n > 1000);
	if (bad > 0)
		fail_msg("tlds.yml: %zu of %zu cases failed", bad, n);
}

/*
 * Hand-written cases.
 */

static int
wl(const char *s)
{
	return (int)twtext_weighted_length(s, strlen(s));
}

static void
test_lengths(void **state)
{
	struct twtext_result r;
	struct twtext_config c140 = twtext_config_v3;
	char buf[400];

	(void)state;
	assert_int_equal(wl(""), 0);
	assert_int_equal(wl("hello"), 5);
	assert_int_equal(wl("¿Dónde está mi pedido?"), 22);
	assert_int_equal(wl("日本語"), 6);		/* CJK weighs 2 */
	assert_int_equal(wl("a\xe2\x80\x94z"), 3);	/* an em dash, 1 */
	/* NFC first: e + U+0301 is one character. */
	assert_int_equal(wl("cafe\xcc\x81"), 4);

	assert_int_equal(twtext_parse("", 0, NULL, &r), 0);
	assert_false(r.valid);
	assert_int_equal(twtext_parse("   \n ", 5, NULL, &r), 0);
	assert_false(r.valid);			/* blank */
	assert_int_equal(r.weighted_length, 5);

	memset(buf, 'a', sizeof(buf));
	assert_int_equal(twtext_parse(buf, 280, NULL, &r), 0);
	assert_true(r.valid);
	assert_int_equal(r.permillage, 1000);
	assert_int_equal(r.valid_bytes, 280);
	assert_true(r.nfc);
	assert_int_equal(twtext_parse(buf, 281, NULL, &r), 0);
	assert_false(r.valid);
	assert_int_equal(r.valid_end, 279);
	assert_int_equal(r.valid_bytes, 280);
	assert_int_equal(r.display_end, 280);

	/* A smaller limit, as for 140-character replies. */
	c140.max_weighted_length = 140;
	assert_true(twtext_valid_tweet(buf, 140, &c140));
	assert_false(twtext_valid_tweet(buf, 141, &c140));
	assert_true(twtext_valid_tweet(buf, 141, NULL));
	/* v1 counts code points. */
	assert_true(twtext_valid_tweet("日本語", 9, &twtext_config_v1));

	/* Invalid characters. */
	assert_false(twtext_valid_tweet("ok \xef\xbb\xbf", 6, NULL));
	assert_false(twtext_valid_tweet("ok \xef\xbf\xbf", 6, NULL));
	/* Bad configurations, texts too long, invalid UTF-8. */
	c140.default_weight = -1;
	assert_int_equal(twtext_parse("x", 1, &c140, &r), -1);
	c140.default_weight = 200;
	c140.scale = 0;
	assert_int_equal(twtext_parse("x", 1, &c140, &r), -1);
	assert_false(r.valid);
	/* (The length is refused before anything is read.) */
	assert_int_equal(twtext_parse("x", TWTEXT_MAX_BYTES + 1, NULL, &r),
	    -1);
	assert_int_equal(twtext_graphemes("x", TWTEXT_MAX_BYTES + 1), 0);
	assert_int_equal(twtext_parse("a\xff\xc3z", 4, NULL, &r), 0);
	assert_int_equal(r.weighted_length, 6);	/* two U+FFFD weigh 2 */
	assert_int_equal(r.display_end, 3);
}

static void
test_urls_count_23(void **state)
{
	struct twtext_result r;
	char buf[400];
	int n;

	(void)state;
	assert_int_equal(wl("http://example.com"), 23);
	assert_int_equal(wl("see example.com/a/very/long/path/indeed/yes"),
	    4 + 23);
	assert_int_equal(wl("x https://t.co/abc"), 2 + 23);
	assert_int_equal(wl("ex.co"), 23);	/* co is a TLD */
	assert_int_equal(wl("ex.zz"), 5);	/* zz is not */
	assert_int_equal(wl("an email: me@shop.com"), 21);
	/* The valid prefix never cuts a URL. */
	memset(buf, 'x', 269);
	n = snprintf(buf + 269, sizeof(buf) - 269,
	    " https://example.com/order/12345 end");
	assert_true(n > 0);
	assert_int_equal(twtext_parse(buf, strlen(buf), NULL, &r), 0);
	assert_int_equal(r.weighted_length, 270 + 23 + 4);
	assert_false(r.valid);
	assert_int_equal(r.valid_bytes, 270);
}

static void
test_emoji(void **state)
{
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
	    "\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6";
	const char *spain = "\xf0\x9f\x87\xaa\xf0\x9f\x87\xb8";
	const char *keycap = "1\xef\xb8\x8f\xe2\x83\xa3";
	const char *thumb = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";
	const char *heart = "\xe2\x9d\xa4\xef\xb8\x8f";
	const char *scot = "\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2"
	    "\xf3\xa0\x81\xb3\xf3\xa0\x81\xa3\xf3\xa0\x81\xb4\xf3\xa0\x81\xbf";

	(void)state;
	assert_int_equal(wl(family), 2);
	assert_int_equal(twtext_weighted_length(family, strlen(family)), 2);
	assert_int_equal(wl(spain), 2);
	assert_int_equal(wl(keycap), 2);
	assert_int_equal(wl(thumb), 2);
	assert_int_equal(wl(heart), 2);
	assert_int_equal(wl(scot), 2);
	assert_int_equal(wl("\xc2\xa9"), 1);	/* (c) alone is text */
	assert_int_equal(wl("\xc2\xa9\xef\xb8\x8f"), 2);
	/* Without emoji parsing each code point weighs. */
	assert_true(twtext_valid_tweet(family, strlen(family),
	    &twtext_config_v2));
	assert_int_equal(twtext_graphemes(family, strlen(family)), 1);
	assert_int_equal(twtext_graphemes(spain, strlen(spain)), 1);
	assert_int_equal(twtext_graphemes("e\xcc\x81", 3), 1);
}

static void
test_mastodon_bluesky(void **state)
{
	const char *s;

	(void)state;
	assert_int_equal(twtext_mastodon_length("", 0), 0);
	assert_int_equal(twtext_mastodon_length("hello", 5), 5);
	s = "@ana@social.example.org thanks";
	assert_int_equal(twtext_mastodon_length(s, strlen(s)), 4 + 7);
	s = "see https://shop.example.com/orders/123456789/tracking?x=1";
	assert_int_equal(twtext_mastodon_length(s, strlen(s)), 4 + 23);
	/* Mastodon links only URLs with a scheme. */
	s = "see shop.example.com/orders";
	assert_int_equal(twtext_mastodon_length(s, strlen(s)), strlen(s));
	/* Its paths take more than twitter-text's. */
	s = "https://example.com/w/\xe6\x97\xa5\xe6\x9c\xac";
	assert_int_equal(twtext_mastodon_length(s, strlen(s)), 23);
	s = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd ok";
	assert_int_equal(twtext_mastodon_length(s, strlen(s)), 4);
	assert_int_equal(twtext_graphemes(s, strlen(s)), 4);
	assert_int_equal(twtext_graphemes("", 0), 0);
	assert_int_equal(twtext_graphemes("a\r\nb", 4), 3);
}

static void
test_extract(void **state)
{
	struct twtext_entities e;
	const char *s = "Hola @Tienda_Oficial, mi pedido #A123 $SHOP, "
	    "¿dónde está? tienda.es/p?id=7 @ana/lista";
	size_t off, len;

	(void)state;
	twtext_entities_init(&e);
	assert_int_equal(twtext_extract_entities(&e, s, strlen(s)), 5);
	assert_int_equal(e.v[0].type, TWTEXT_MENTION);
	assert_int_equal(e.v[0].start, 5);
	assert_int_equal(e.v[0].end, 20);
	assert_int_equal(e.v[0].vlen, 14);
	assert_memory_equal(s + e.v[0].voff, "Tienda_Oficial", 14);
	assert_int_equal(e.v[1].type, TWTEXT_HASHTAG);
	assert_memory_equal(s + e.v[1].off, "#A123", 5);
	assert_int_equal(e.v[2].type, TWTEXT_CASHTAG);
	assert_memory_equal(s + e.v[2].voff, "SHOP", e.v[2].vlen);
	assert_int_equal(e.v[3].type, TWTEXT_URL);
	assert_memory_equal(s + e.v[3].voff, "tienda.es/p?id=7", 16);
	/* Code points and bytes differ after "¿dónde está?". */
	assert_int_equal(e.v[3].start, 58);
	assert_int_equal(e.v[3].off, 61);
	assert_int_equal(e.v[4].type, TWTEXT_MENTION);
	assert_memory_equal(s + e.v[4].loff, "/lista", e.v[4].llen);

	assert_int_equal(twtext_extract_mentions(&e, s, strlen(s)), 1);
	assert_int_equal(twtext_extract_mentions_or_lists(&e, s, strlen(s)),
	    2);
	assert_int_equal(twtext_extract_urls(&e, "", 0), 0);
	assert_int_equal(twtext_extract_hashtags(&e, "#1 #x", 5), 1);
	twtext_entities_release(&e);
	twtext_entities_release(&e);
	twtext_entities_release(NULL);

	assert_true(twtext_extract_reply(" @shop hi", 9, &off, &len));
	assert_int_equal(off, 2);
	assert_int_equal(len, 4);
	assert_false(twtext_extract_reply("hi @shop", 8, &off, &len));

	assert_true(twtext_valid_username("@shop", 5));
	assert_false(twtext_valid_username("@sh-op", 6));
	assert_true(twtext_valid_list("@shop/team", 10));
	assert_false(twtext_valid_list("@shop", 5));
	assert_true(twtext_valid_hashtag("#envío", 7));
	assert_false(twtext_valid_hashtag("#123", 4));
	assert_true(twtext_valid_url("https://shop.example/x?y=1#z", 28, 1,
	    1));
	assert_true(twtext_valid_url("http://10.0.0.12:8080/", 22, 0, 1));
	assert_false(twtext_valid_url("ftp://shop.example/", 19, 1, 1));
	assert_true(twtext_valid_url("shop.example", 12, 0, 0));
}

/*
 * Properties over random text.
 */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* Random text made to hit the scanners: words, URLs, emoji, marks. */
static void
random_text(struct buf *b)
{
	static const char *const words[] = {
		"http://", "https://", "www.", ".com", ".co", ".jp", "t.co/",
		"@", "#", "$", "/", "?", ":", ".", "-", "_", "RT ", "xn--",
		"example", "tienda", "\xe3\x81\xbf\xe3\x82\x93\xe3\x81\xaa",
		" ", " ", "\n", "a", "1", "(", ")", "@user@host.social",
	};
	static const uint32_t pool[] = {
		0x1f468, 0x1f469, 0x200d, 0xfe0f, 0xfe0e, 0x1f3fd, 0x1f1ea,
		0x1f1f8, 0x20e3, 0x301, 0x327, 0x1100, 0x1161, 0x11a8, 0xac00,
		0x65e5, 0x5e9, 0x5bc, 0x627, 0x202a, 0x2066, 0xfeff, 0xfffe,
		0xa9, 0x2764, 0xe0067, 0xe007f, 0x1f3f4, 0x212b, 0xfb2c,
		0x3002, 0xff03, 0xff20, 0xe9, 0x44, 0x2013, 0x600,
	};
	uint32_t c;
	size_t i, n = rnd(60);
	char u[4];

	buf_reset(b);
	for (i = 0; i < n; i++) {
		switch (rnd(3)) {
		case 0:
			buf_adds(b, words[rnd(CS_NELEM(words))]);
			break;
		case 1:
			c = pool[rnd(CS_NELEM(pool))];
			buf_add(b, u, (size_t)utf8proc_encode_char(
			    (utf8proc_int32_t)c, (utf8proc_uint8_t *)u));
			break;
		default:
			c = 0x20 + rnd(0x5f);
			if (rnd(8) == 0)
				c = 0xa0 + rnd(0x2fff);
			if (c >= 0xd800 && c <= 0xdfff)
				c = 'z';
			buf_add(b, u, (size_t)utf8proc_encode_char(
			    (utf8proc_int32_t)c, (utf8proc_uint8_t *)u));
			break;
		}
	}
}

/* Grapheme clusters by the book: utf8proc on every pair. */
static size_t
naive_graphemes(const char *s, size_t len)
{
	utf8proc_int32_t c, prev = -1, state = 0;
	utf8proc_ssize_t k;
	size_t i, n = 0;

	for (i = 0; i < len; i += (size_t)k) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			k = 1;
			c = 0xfffd;
		}
		if (prev < 0 || utf8proc_grapheme_break_stateful(prev, c,
		    &state))
			n++;
		prev = c;
	}
	return n;
}

static void
check_entities(const struct twtext_entities *e, size_t len, int ordered)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		assert_true(e->v[i].start < e->v[i].end);
		assert_true(e->v[i].off + e->v[i].len <= len);
		assert_true(e->v[i].voff >= e->v[i].off);
		assert_true(e->v[i].voff + e->v[i].vlen <=
		    e->v[i].off + e->v[i].len);
		if (ordered && i > 0)
			assert_true(e->v[i - 1].end <= e->v[i].start);
	}
}

static void
test_property_random(void **state)
{
	struct twtext_entities e;
	struct twtext_result r, r2;
	struct buf b;
	utf8proc_uint8_t *nfc;
	int k, same;

	(void)state;
	buf_init(&b);
	twtext_entities_init(&e);
	for (k = 0; k < 3000; k++) {
		random_text(&b);
		assert_int_equal(twtext_parse(b.s, b.len, NULL, &r), 0);
		assert_true(r.weighted_length >= 0);
		assert_true(r.permillage >= 0);
		assert_true(r.valid_end <= r.display_end);
		/* nfc says whether NFC changes the text. */
		nfc = utf8proc_NFC((const utf8proc_uint8_t *)b.s);
		assert_non_null(nfc);
		same = strlen((char *)nfc) == b.len &&
		    memcmp(nfc, b.s, b.len) == 0;
		assert_int_equal(r.nfc, same);
		assert_true(r.valid_bytes <= strlen((char *)nfc));
		free(nfc);
		assert_int_equal(twtext_graphemes(b.s, b.len),
		    naive_graphemes(b.s, b.len));
		twtext_extract_urls(&e, b.s, b.len);
		check_entities(&e, b.len, 1);
		twtext_extract_mentions_or_lists(&e, b.s, b.len);
		check_entities(&e, b.len, 1);
		twtext_extract_hashtags(&e, b.s, b.len);
		check_entities(&e, b.len, 1);
		twtext_extract_cashtags(&e, b.s, b.len);
		check_entities(&e, b.len, 1);
		twtext_extract_entities(&e, b.s, b.len);
		check_entities(&e, b.len, 1);
		/* A new line and a letter add two to every count. */
		{
			size_t m = twtext_mastodon_length(b.s, b.len);
			size_t g = twtext_graphemes(b.s, b.len);

			buf_adds(&b, "\na");
			assert_int_equal(twtext_parse(b.s, b.len, NULL, &r2),
			    0);
			if (r2.weighted_length != r.weighted_length + 2)
				fail_msg("\"%s\": %d then %d", b.s,
				    r.weighted_length, r2.weighted_length);
			assert_int_equal(twtext_mastodon_length(b.s, b.len),
			    m + 2);
			assert_int_equal(twtext_graphemes(b.s, b.len), g + 2);
		}
	}
	/* Random bytes: no crash, sane results. */
	for (k = 0; k < 2000; k++) {
		size_t i, n = rnd(80);

		buf_reset(&b);
		for (i = 0; i < n; i++)
			buf_addc(&b, rnd(8) ? (int)rnd(256) :
			    "h.:/@#$"[rnd(7)]);
		assert_int_equal(twtext_parse(b.s, b.len, NULL, &r), 0);
		twtext_extract_entities(&e, b.s, b.len);
		check_entities(&e, b.len, 1);
		(void)twtext_mastodon_length(b.s, b.len);
		(void)twtext_graphemes(b.s, b.len);
		(void)twtext_valid_url(b.s, b.len, 1, 0);
	}
	twtext_entities_release(&e);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_urls_count_23),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_mastodon_bluesky),
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_property_random),
		cmocka_unit_test(test_conf_extract_mentions),
		cmocka_unit_test(test_conf_extract_urls),
		cmocka_unit_test(test_conf_extract_tags),
		cmocka_unit_test(test_conf_validate_weighted),
		cmocka_unit_test(test_conf_validate_other),
		cmocka_unit_test(test_conf_tlds),
	};

	return cmocka_run_group_tests_name("twtext", tests, NULL, NULL);
}
