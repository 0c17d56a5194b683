/*
 * test_entity: what cs-classify's entities hold (lib/classify_entity.c):
 * tracking numbers of each carrier with good and bad check digits, order
 * numbers with the built-in and user patterns, links, mentions, hashtags
 * and cashtags exactly as twitter-text's conformance suite (read from
 * $CS_SHARED/conformance/twitter-text, default ../shared; skipped when
 * absent) extracts them, and the urgency cues of lib/data/cues.json.
 *
 * Test tracking numbers: jkeen/tracking_number_data (MIT), couriers/
 * ups.json, usps.json, fedex.json, dhl.json and s10.json; GLS numbers
 * are made with GLS's check digit (Uni-Box TechDoku, 3.2.1).
 */
#include "classify_testlib.h"

#include <ctype.h>

#include "data.h"

/*
 * The entity values of kind key ("order_ids") of the last scan, joined
 * by '|'; tracking numbers as "carrier:number".
 */
static void
values(const char *key, char *out, size_t size)
{
	json_entities(scan_json(), key, 1, out, size);
}

/* Each case's text must give its values of kind key. */
static void
check(const char *key, const struct tcase *c, size_t n)
{
	char got[512];
	size_t i;

	for (i = 0; i < n; i++) {
		scan(c[i].text);
		values(key, got, sizeof(got));
		if (strcmp(got, c[i].want) != 0)
			fail_msg("'%s': %s got '%s', want '%s'", c[i].text, key,
			    got, c[i].want);
	}
}

/* Tracking numbers. */

static void
test_tracking_strong(void **state)
{
	/* Check digits strong enough to need no context. */
	static const struct tcase c[] = {
		/* UPS: 1Z, mod 10. */
		{ "1Z5R89390357567127", "ups:1Z5R89390357567127" },
		{ "got 1Z879E930346834440 today", "ups:1Z879E930346834440" },
		{ "1z410e7w0392751591", "ups:1Z410E7W0392751591" },
		{ "1Z8V92A70367203024.", "ups:1Z8V92A70367203024" },
		{ "UPS 1Z 999 AA1 01 2345 678 4 please",
		    "ups:1Z999AA10123456784" },
		{ "1Z5R89390357567128", "" },
		{ "1Z1111111111111111", "" },
		{ "2Z5R89390357567127", "" },
		/* UPU S10: mod 11, the country's post. */
		{ "RB123456785GB", "royal-mail:RB123456785GB" },
		{ "Correos RR123456785ES", "correos:RR123456785ES" },
		{ "PK123456785ES y UR123456785ES",
		    "correos:PK123456785ES|correos:UR123456785ES" },
		{ "RB123456785US", "usps:RB123456785US" },
		{ "RB123456785CF", "post:RB123456785CF" },
		{ "RB123456786US", "" },
		{ "RR123456784ES", "" },
		/* USPS IMpb: 20, 22, 26, 30 and 34 digits, GS1 mod 10. */
		{ "0307 1790 0005 2348 3741", "usps:03071790000523483741" },
		{ "7112 3456 7891 2345 6787", "usps:71123456789123456787" },
		{ "7196 9010 7560 0307 7385", "usps:71969010756003077385" },
		{ "9400 1112 0108 0805 4830 16",
		    "usps:9400111201080805483016" },
		{ "9505 5110 6960 5048 6006 24",
		    "usps:9505511069605048600624" },
		{ "9101 1234 5678 9000 0000 13",
		    "usps:9101123456789000000013" },
		{ "9361 2898 7870 0317 6337 95",
		    "usps:9361289878700317633795" },
		{ "9405803699300124287899", "usps:9405803699300124287899" },
		{ "92748931507708513018050063",
		    "usps:92748931507708513018050063" },
		{ "420 22153 9101026837331000039521",
		    "usps:420221539101026837331000039521" },
		{ "4201002334249200190132607600833457",
		    "usps:4201002334249200190132607600833457" },
		{ "0307 1790 0005 2348 3742", "" },
		{ "9200000000000000000000", "" },
		{ "4201028200009261290113185417468511", "" },
		/* FedEx: 22 (96), 20 (SmartPost), 34 digits. */
		{ "9611020987654312345672", "fedex:9611020987654312345672" },
		{ "FedEx 61299998820821171811", "fedex:61299998820821171811" },
		{ "61299998820821171811", "" },
		{ "FedEx 9261292700768711948021",
		    "fedex:9261292700768711948021" },
		{ "1001921334250001000300779017972697",
		    "fedex:1001921334250001000300779017972697" },
		{ "1001901781990001000300617767839438", "" },
		{ "9600000000000000000001", "" },
		/* DHL's JJD and GM, Amazon's TBA: known prefixes. */
		{ "JJD0099999999", "dhl:JJD0099999999" },
		{ "jjd000390007882366734", "dhl:JJD000390007882366734" },
		{ "GM2951173225174494", "dhl:GM2951173225174494" },
		{ "TBA123456789012", "amazon:TBA123456789012" },
		{ "XJD0099999998", "" },
	};

	(void)state;
	check("tracking", c, CS_NELEM(c));
}

static void
test_tracking_context(void **state)
{
	/* Weak checks count with the carrier named or after a keyword. */
	static const struct tcase c[] = {
		/* DHL Express: 10 and 11 digits, mod 7. */
		{ "DHL 3318810025", "dhl:3318810025" },
		{ "dhl express 73891051146", "dhl:73891051146" },
		{ "tracking 8487135506", "dhl:8487135506" },
		{ "DHL tracking number 1099255990", "dhl:1099255990" },
		{ "3318810025", "" },
		{ "the DHL parcel, ref 3821724944", "dhl:3821724944" },
		/* A bad check after the name: a number, no carrier. */
		{ "DHL 3318810010", "unknown:3318810010" },
		{ "pedido 3318810010", "" },
		/* FedEx: 12 digits (mod 11) and 15 (mod 10). */
		{ "FedEx 986578788855", "fedex:986578788855" },
		{ "fedex: 477179081230 and 799531274483",
		    "fedex:477179081230|fedex:799531274483" },
		{ "tracking number: 790535312317", "fedex:790535312317" },
		{ "FedEx ground 0414 4176 0228 964",
		    "fedex:041441760228964" },
		{ "FedEx 5682 8361 0012 734", "fedex:568283610012734" },
		{ "FedEx 996578788855", "unknown:996578788855" },
		{ "974367662710", "" },
		/* GLS: 12 digits (mod 10), 11 without a check. */
		{ "GLS 291417776315", "gls:291417776315" },
		{ "envío GLS 706690743911", "gls:706690743911" },
		{ "GLS 291417776316", "unknown:291417776316" },
		{ "GLS 12345678901", "gls:12345678901" },
		/* No check digit: right after the name or a keyword. */
		{ "SEUR 12345678", "seur:12345678" },
		{ "MRW: 02615001234567", "mrw:02615001234567" },
		{ "Nacex nº 88881234", "nacex:88881234" },
		{ "Correos Express 3230005123456789",
		    "correos-express:3230005123456789" },
		{ "número de seguimiento 0034 5678 9012",
		    "unknown:003456789012" },
		{ "seguiment: AB12345678", "unknown:AB12345678" },
		{ "DPD 01234567890123", "dpd:01234567890123" },
		/* Not tracking numbers. */
		{ "SEUR me llamó desde el 912345678", "" },
		{ "llamad a SEUR al 912345678", "" },
		{ "call +34 612 345 678", "" },
		{ "order 123456789012", "" },
		{ "tracking for order 3318810025", "" },
		{ "on 2026-11-01 at 10:30", "" },
		{ "SEUR 1234", "" },
	};

	(void)state;
	check("tracking", c, CS_NELEM(c));
}

/* Order numbers. */

static void
test_orders_builtin(void **state)
{
	static const struct tcase c[] = {
		{ "Where is #123456?", "123456" },
		{ "Amazon order 123-1234567-1234567 is late",
		    "123-1234567-1234567" },
		{ "123-1234567-1234567", "123-1234567-1234567" },
		{ "my order 98765 never came", "98765" },
		{ "order no. 55555", "55555" },
		{ "Order number: AB-12345", "AB-12345" },
		{ "mi pedido nº 12345 no llega", "12345" },
		{ "el número de pedido es 7654321", "7654321" },
		{ "pedido 7654321", "7654321" },
		{ "PEDIDO: A7654321", "A7654321" },
		{ "la comanda 4567 no ha arribat", "4567" },
		{ "la meva comanda és la 45678", "45678" },
		{ "my order for the kids 12345", "" },
		{ "my order #4444 and #5555", "4444|5555" },
		{ "order 123456789012", "123456789012" },
		{ "the order is late", "" },
		{ "#1 fan", "" },
		{ "#123", "" },
		{ "x#123456", "" },
		{ "my order never came 12345", "" },
		{ "123-1234567-12345678", "" },
	};

	(void)state;
	check("order_ids", c, CS_NELEM(c));
}

static void
test_orders_user(void **state)
{
	static const char *const pats[] = {
		"ZA-N{8}",
		"ref|referencia XX-N{6}",
		"AAA\\NN{6}",
		"default",
	};
	static const char *const only[] = { "NNNNN/NN" };
	static const struct tcase c[] = {
		{ "ZA-12345678 please", "ZA-12345678" },
		{ "za-12345678", "za-12345678" },
		{ "ZA-1234567", "" },
		{ "ref AB-123456", "AB-123456" },
		{ "mi referencia: cd-654321", "cd-654321" },
		{ "AB-123456", "" },
		{ "ABCN991234 ok", "ABCN991234" },
		{ "ABCX991234 ok", "" },
		/* "default" keeps the built-in patterns. */
		{ "Where is #123456?", "123456" },
		{ "pedido 7654321", "7654321" },
	};
	struct classify_orders *o, *one;
	struct cs_error err;
	char got[128];

	(void)state;
	o = classify_orders_new(pats, CS_NELEM(pats), &err);
	assert_non_null(o);
	E.orders = o;
	check("order_ids", c, CS_NELEM(c));
	/* Without "default", only the user's. */
	one = classify_orders_new(only, 1, &err);
	assert_non_null(one);
	E.orders = one;
	scan("order 12345/26 and #123456");
	values("order_ids", got, sizeof(got));
	assert_string_equal(got, "12345/26");
	/* None at all. */
	classify_orders_free(one);
	one = classify_orders_new(only, 0, &err);
	assert_non_null(one);
	E.orders = one;
	scan("#123456");
	values("order_ids", got, sizeof(got));
	assert_string_equal(got, "");
	E.orders = NULL;
	classify_orders_free(one);
	classify_orders_free(o);
	classify_orders_free(NULL);
	scan("#123456");
	values("order_ids", got, sizeof(got));
	assert_string_equal(got, "123456");
}

static void
test_orders_errors(void **state)
{
	/* Each pattern and what its error holds. */
	static const struct tcase c[] = {
		{ "", "order pattern '': is empty" },
		{ "AAAA", "order pattern 'AAAA': needs a digit (N)" },
		{ "N{0,3}", "order pattern 'N{0,3}': needs a digit (N)" },
		{ "{3}N", "has '{', '}' or '?' after nothing" },
		{ "N{3", "has a bad repeat" },
		{ "N{5,2}", "has a bad repeat range" },
		{ "N{99}", "has a bad repeat count" },
		{ "N{40}N{40}", "matches more than 63 characters" },
		{ "NN\\", "ends with '\\'" },
		{ "N{4}º", "is not ASCII" },
		{ "order| N{4}", "context words of one word" },
		{ "ord er|x N{4}", "context words of one word" },
		{ "!!! N{4}", "context word that is not one word" },
		{ "l'ordre N{4}", "context word that is not one word" },
	};
	const char *many[CLASSIFY_ORDER_MAX + 1], *p;
	struct classify_orders *o;
	struct cs_error err;
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(c); i++) {
		p = c[i].text;
		if (classify_orders_new(&p, 1, &err) != NULL)
			fail_msg("'%s' should fail", p);
		if (strstr(err.msg, c[i].want) == NULL)
			fail_msg("'%s': '%s' lacks '%s'", p, err.msg,
			    c[i].want);
	}
	for (i = 0; i < CS_NELEM(many); i++)
		many[i] = "N{4}";
	assert_null(classify_orders_new(many, CS_NELEM(many), &err));
	assert_non_null(strstr(err.msg, "more than 64"));
	o = classify_orders_new(many, CLASSIFY_ORDER_MAX, &err);
	assert_non_null(o);
	classify_orders_free(o);
}

/* Links, mentions, tags: exactly twitter-text's. */

static void
test_links(void **state)
{
	static const struct tcase urls[] = {
		{ "@ShopCare see https://example.com/a?b=1 and shop.example.es "
		    "#fail #WhereIsMyOrder $AAPL @ana @bob@mastodon.social "
		    "@carol.bsky.social",
		    "https://example.com/a?b=1|shop.example.es" },
	};
	static const struct tcase mentions[] = {
		{ "@ShopCare see https://example.com/a?b=1 and shop.example.es "
		    "#fail #WhereIsMyOrder $AAPL @ana @bob@mastodon.social "
		    "@carol.bsky.social",
		    "ShopCare|ana|bob@mastodon.social|carol.bsky.social" },
		{ "#fail #fail @ana @ana", "ana" },
		{ "@ana/list hi", "ana" },
	};
	static const struct tcase tags[] = {
		{ "#fail #WhereIsMyOrder", "fail|WhereIsMyOrder" },
		{ "#fail #fail", "fail" },
		{ "#123456 #1", "" },
	};
	static const struct tcase cash[] = {
		{ "is $AMZN down? $a.b and $50 $TOOLONGX",
		    "AMZN|a.b" },
		{ "price: $100", "" },
	};

	(void)state;
	check("urls", urls, CS_NELEM(urls));
	check("mentions", mentions, CS_NELEM(mentions));
	check("hashtags", tags, CS_NELEM(tags));
	check("cashtags", cash, CS_NELEM(cash));
	/* The tokeniser skips links and handles, not tags. */
	scan("@ana https://x.com #tag $TAG");
	assert_int_equal(E.nskip, 2);
}

static char *
conf_slurp(const char *name)
{
	const char *dir = getenv("CS_SHARED");
	char *path;
	struct buf b;
	int rc;

	if (dir == NULL || *dir == '\0')
		dir = "../shared";
	path = xasprintf("%s/conformance/twitter-text/%s", dir, name);
	buf_init(&b);
	rc = slurp(path, 1 << 24, &b, NULL);
	free(path);
	if (rc == -1) {
		buf_release(&b);
		return NULL;
	}
	buf_add(&b, "", 0);
	return b.s;
}

/*
 * Does text hold a fediverse handle, @user@server.tld?  cs-classify
 * lists it as one mention where twitter-text sees none.
 */
static int
fediverse(const char *text)
{
	const char *p = text, *q;

	while ((p = strchr(p, '@')) != NULL) {
		for (q = ++p; *q != '\0' && (isalnum((unsigned char)*q) ||
		    *q == '_'); q++)
			continue;
		if (q > p && *q == '@' && strchr(q, '.') != NULL)
			return 1;
	}
	return 0;
}

/*
 * Every case of twitter-text's extract.json for URLs, mentions,
 * hashtags and cashtags: cs-classify's lists are the expected values,
 * each once, in text order.  The cases with a fediverse handle differ by
 * design (see fediverse) and are left out.
 */
static void
test_links_conformance(void **state)
{
	static const struct {
		const char	*group;
		const char	*key;		/* in expected, if objects */
		const char	*ours;
	} groups[] = {
		{ "urls", NULL, "urls" },
		{ "urls_with_indices", "url", "urls" },
		{ "urls_with_directional_markers", "url", "urls" },
		{ "tco_urls_with_params", NULL, "urls" },
		{ "mentions", NULL, "mentions" },
		{ "mentions_with_indices", "screen_name", "mentions" },
		{ "mentions_or_lists_with_indices", "screen_name",
		    "mentions" },
		{ "hashtags", NULL, "hashtags" },
		{ "hashtags_from_astral", NULL, "hashtags" },
		{ "hashtags_with_indices", "hashtag", "hashtags" },
		{ "cashtags", NULL, "cashtags" },
		{ "cashtags_with_indices", "cashtag", "cashtags" },
	};
	char *s = conf_slurp("extract.json");
	cJSON *root, *cases, *tc, *exp, *v;
	size_t g, n = 0, bad = 0;
	char want[4096], seen[4096], one[1024], got[4096];

	(void)state;
	if (s == NULL) {
		print_message("# extract.json not found (set CS_SHARED), "
		    "skipped\n");
		skip();
	}
	root = cJSON_Parse(s);
	free(s);
	assert_non_null(root);
	for (g = 0; g < CS_NELEM(groups); g++) {
		cases = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(root, "tests"),
		    groups[g].group);
		assert_true(cJSON_IsArray(cases));
		cJSON_ArrayForEach(tc, cases) {
			const char *text = cJSON_GetObjectItemCaseSensitive(tc,
			    "text")->valuestring;

			if (fediverse(text)) {
				print_message("# %s: \"%.200s\": a "
				    "fediverse handle, left out\n",
				    groups[g].group, text);
				continue;
			}
			exp = cJSON_GetObjectItemCaseSensitive(tc, "expected");
			want[0] = '\0';
			strlcpy(seen, "|", sizeof(seen));
			cJSON_ArrayForEach(v, exp) {
				const cJSON *x = groups[g].key == NULL ? v :
				    cJSON_GetObjectItemCaseSensitive(v,
				    groups[g].key);

				/* Each value once. */
				snprintf(one, sizeof(one), "|%s|",
				    x->valuestring);
				if (strstr(seen, one) != NULL)
					continue;
				strlcat(seen, one + 1, sizeof(seen));
				if (want[0] != '\0')
					strlcat(want, "|", sizeof(want));
				strlcat(want, x->valuestring, sizeof(want));
			}
			scan(text);
			values(groups[g].ours, got, sizeof(got));
			n++;
			if (strcmp(want, got) != 0) {
				bad++;
				print_error("# %s: \"%.200s\"\n#   want %s\n"
				    "#   got  %s\n", groups[g].group, text,
				    want, got);
			}
		}
	}
	print_message("# extract.json: %zu/%zu cases as twitter-text\n",
	    n - bad, n);
	cJSON_Delete(root);
	if (bad > 0)
		fail_msg("%zu of %zu cases differ", bad, n);
}

/* The JSON: every key, in order, with empty lists. */

static void
test_json(void **state)
{
	static const char *const keys[] = {
		"order_ids", "tracking", "urls", "mentions", "hashtags",
		"cashtags", "emails", "phones"
	};
	cJSON *j, *k;
	size_t i, run;

	(void)state;
	for (run = 0; run < 2; run++) {
		scan(run == 0 ? "nothing" : "order #123456 $AAPL");
		j = scan_json();
		k = cJSON_GetObjectItemCaseSensitive(j, "entities")->child;
		for (i = 0; i < CS_NELEM(keys); i++, k = k->next) {
			assert_non_null(k);
			assert_string_equal(k->string, keys[i]);
			assert_true(cJSON_IsArray(k));
		}
		assert_null(k);
		assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "pii"));
		cJSON_Delete(j);
	}
	assert_int_equal(classify_entity_count(&E, CENT_ORDER), 1);
	assert_int_equal(classify_entity_count(&E, CENT_CASHTAG), 1);
	assert_int_equal(classify_entity_count(&E, CENT_URL), 0);
}

/* The words with digits, found once for every scanner of numbers. */

static void
test_words(void **state)
{
	const char *s = "order AB-12345, 1Z999 x7 é99 hello 2026-11-01";
	static const char *const want[] = {
		"12345", "1Z999", "x7", "99", "2026", "11", "01"
	};
	size_t i;

	(void)state;
	classify_entity_words(&E, s, strlen(s));
	assert_int_equal(E.nword, CS_NELEM(want));
	for (i = 0; i < E.nword; i++) {
		size_t n = E.word[i].end - E.word[i].start;

		if (n != strlen(want[i]) ||
		    memcmp(s + E.word[i].start, want[i], n) != 0)
			fail_msg("word %zu: '%.*s', want '%s'", i, (int)n,
			    s + E.word[i].start, want[i]);
	}
	assert_int_equal(E.word[1].ndigits, 4);
	assert_int_equal(E.word[1].nalpha, 1);
	classify_entity_words(&E, "", 0);
	assert_int_equal(E.nword, 0);
	classify_entity_words(&E, "no digits", 9);
	assert_int_equal(E.nword, 0);
}

/* Many entities: capped, never overflowing. */

static void
test_limits(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 600; i++)
		buf_printf(&b, "#%06zu RB123456785GB @u%zu ", i + 100000, i);
	buf_add(&b, "", 0);
	scan(b.s);
	assert_true(E.nent <= 256);
	buf_release(&b);
	/* Long words, odd bytes. */
	scan("1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z 1Z");
	scan("\xff\xfe 4111 \x80 [card [card] [ [password");
	assert_int_equal(E.npii, 1);
	scan("");
	assert_int_equal(E.nent, 0);
}

/* Urgency cues: lib/data/cues.json over rules.json, with the rules module. */

struct cues {
	struct classify_rules	*r;
	struct classify_text	 t;
};

static void
cues_load(struct cues *c, int with_rules)
{
	struct cs_error err;
	const char *p;
	size_t len;

	c->r = classify_rules_new();
	classify_text_init(&c->t);
	if (with_rules) {
		p = data_get("rules.json", &len);
		assert_non_null(p);
		if (classify_rules_load(c->r, p, len, "rules.json", &err) == -1)
			fail_msg("%s", err.msg);
	}
	p = data_get("cues.json", &len);
	assert_non_null(p);
	if (classify_rules_load(c->r, p, len, "cues.json", &err) == -1)
		fail_msg("%s", err.msg);
	classify_rules_compile(c->r);
}

/* The cues found in text (language lang), joined by ','. */
static void
cues_of(struct cues *c, const char *text, const char *lang, char *out,
    size_t size)
{
	double cat[CLASSIFY_MAX_CATS], cue[CLASSIFY_MAX_CUES];
	size_t i;

	text_scan(&c->t, text);
	classify_rules_match(c->r, &c->t, lang, cat, cue);
	out[0] = '\0';
	for (i = 0; i < classify_rules_ncues(c->r); i++) {
		if (cue[i] <= 0)
			continue;
		if (out[0] != '\0')
			strlcat(out, ",", size);
		strlcat(out, classify_rules_cue(c->r, i), size);
	}
}

static void
test_cues(void **state)
{
	/* Each text, its language and its cues. */
	static const struct tcase_with c[] = {
		/* explicit */
		{ "I need this urgently", "en", "explicit" },
		{ "Please fix it ASAP", "en", "explicit" },
		{ "I need it today, it's a gift", "en", "explicit" },
		{ "Es urgente, lo necesito para mañana", "es", "explicit" },
		{ "Me urge, tengo prisa", "es", "explicit" },
		{ "Ho necessito avui, sense falta", "ca", "explicit" },
		{ "Necessito el paquet ara mateix", "ca", "explicit" },
		/* repeat-contact */
		{ "This is the third time I write", "en", "repeat-contact" },
		{ "Still waiting, no one is answering", "en",
		    "repeat-contact" },
		{ "I have already emailed you twice", "en",
		    "repeat-contact" },
		{ "Again no answer", "en", "repeat-contact" },
		{ "Ya es la tercera vez que escribo", "es", "repeat-contact" },
		{ "Sigo esperando y nadie me contesta", "es",
		    "repeat-contact" },
		{ "Llevo tres semanas esperando", "es", "repeat-contact" },
		{ "Os escribo otra vez", "es", "repeat-contact" },
		{ "És la tercera vegada que us escric", "ca",
		    "repeat-contact" },
		{ "Encara espero i ningú no em contesta", "ca",
		    "repeat-contact" },
		{ "Us escric un altre cop", "ca", "repeat-contact" },
		{ "Us ho demano de nou", "ca", "repeat-contact" },
		/* threat */
		{ "My lawyer will hear about this", "en", "threat" },
		{ "I will sue you", "en", "threat" },
		{ "Reporting you to trading standards and the BBB", "en",
		    "threat" },
		{ "I'm going to the press with this", "en", "threat" },
		{ "Chargeback it is", "en", "threat" },
		{ "Os voy a denunciar en la OCU", "es", "threat" },
		{ "Pediré la hoja de reclamaciones", "es", "threat" },
		{ "Lo voy a publicar en redes sociales", "es", "threat" },
		{ "Iré a consumo y a FACUA", "es", "threat" },
		{ "Hablaré con mi abogado", "es", "threat" },
		{ "Us denunciaré a l'Agència Catalana del Consum", "ca",
		    "threat" },
		{ "Demanaré el full de reclamacions", "ca", "threat" },
		{ "Ho publicaré a les xarxes socials", "ca", "threat" },
		/* safety */
		{ "The charger caught fire", "en", "safety" },
		{ "Smoke coming out of the kettle", "en", "safety" },
		{ "The kettle burned my hand", "en", "safety" },
		{ "I got an electric shock from it", "en", "safety" },
		{ "My son was injured by the toy", "en", "safety" },
		{ "The baby was choking on a part", "en", "safety" },
		{ "Se ha producido un incendio", "es", "safety" },
		{ "Sale humo del cargador", "es", "safety" },
		{ "Tengo una quemadura", "es", "safety" },
		{ "Me dio una descarga eléctrica", "es", "safety" },
		{ "Hi ha foc al carregador", "ca", "safety" },
		{ "Treu fum i fa olor de cremat", "ca", "safety" },
		{ "Tinc una cremada a la mà", "ca", "safety" },
		/* Not cues. */
		{ "Thanks again, great service!", "en", "" },
		{ "My Fire TV stick has not arrived", "en", "" },
		{ "Do you sell smoke alarms?", "en", "" },
		{ "Hi, this is Sue from accounts", "en", "" },
		{ "Do you have tennis court shoes?", "en", "" },
		{ "De nuevo, gracias por todo", "es", "" },
		{ "¿Cuál es el consumo de la batería?", "es", "" },
		{ "¿Tenéis detectores de humo?", "es", "" },
		{ "Hay mucha demanda de este modelo", "es", "" },
		{ "Estoy quemado con el tema", "es", "" },
		{ "¿Dónde puedo descargar la factura?", "es", "" },
		{ "De nou, moltes gràcies", "ca", "" },
		{ "Quin és el consum elèctric?", "ca", "" },
		{ "Where is my order?", "en", "" },
	};
	struct cues q;
	char got[128];
	size_t i, with;

	(void)state;
	for (with = 0; with < 2; with++) {
		cues_load(&q, (int)with);
		for (i = 0; i < CS_NELEM(c); i++) {
			cues_of(&q, c[i].text, c[i].with, got, sizeof(got));
			if (strcmp(got, c[i].want) != 0)
				fail_msg("'%s' (%s, %s rules.json): got '%s', "
				    "want '%s'", c[i].text, c[i].with, with ?
				    "with" : "without", got, c[i].want);
		}
		classify_rules_free(q.r);
		classify_text_release(&q.t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracking_strong),
		cmocka_unit_test(test_tracking_context),
		cmocka_unit_test(test_orders_builtin),
		cmocka_unit_test(test_orders_user),
		cmocka_unit_test(test_orders_errors),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_links_conformance),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_cues),
	};

	return cmocka_run_group_tests(tests, scan_setup, scan_teardown);
}
