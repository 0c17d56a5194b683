/*
 * Unit tests of lib/template.c (loading, validation, merging, rendering,
 * picking) and lib/reply.c (cleaning values, limits, drafting).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reply.h"
#include "template.h"

static const char *const cats[] = {
	"shipping", "complaint", "returns", "payment", "info", "product",
	"account", "praise", "other", "pii", "followup"
};
static const char *const langs[] = { "en", "es", "ca" };

static int
load(struct template_set *s, const char *json, struct cs_error *e)
{
	return template_load(s, json, strlen(json), "t.json", e);
}

/* Load json into a fresh set and return the error message. */
static const char *
load_error(const char *json)
{
	static struct cs_error e;
	struct template_set s;
	int rc;

	template_init(&s);
	e.msg[0] = '\0';
	rc = load(&s, json, &e);
	template_release(&s);
	return rc == -1 ? e.msg : "(loaded)";
}

/* Measure in bytes, for tests that do not need a network's rules. */
static size_t
bytes(const char *s, size_t len, void *arg)
{
	(void)s;
	(void)arg;
	return len;
}

static void
setval(struct template_values *v, int var, const char *s)
{
	v->s[var] = s;
	v->len[var] = s != NULL ? strlen(s) : 0;
}

static void
test_builtin(void **state)
{
	struct template_set s;
	struct cs_error e;
	size_t i, j, k;

	(void)state;
	template_init(&s);
	assert_int_equal(template_load_builtin(&s, &e), 0);
	for (i = 0; i < CS_NELEM(cats); i++) {
		for (j = 0; j < CS_NELEM(langs); j++) {
			const struct template_list *l;

			l = template_find(&s, cats[i], langs[j]);
			assert_non_null(l);
			assert_true(l->n >= 3);
			for (k = 0; k < l->n; k++)
				assert_true(l->v[k].needs &
				    TEMPLATE_BIT(TEMPLATE_AGENT));
			/* The plainest needs only the handle and the agent. */
			assert_int_equal(l->v[l->n - 1].needs,
			    TEMPLATE_BIT(TEMPLATE_HANDLE) |
			    TEMPLATE_BIT(TEMPLATE_AGENT));
			if (strcmp(cats[i], "pii") == 0)
				for (k = 0; k < l->n; k++)
					assert_int_equal(l->v[k].needs &
					    ~TEMPLATE_PII_VARS, 0);
		}
		assert_null(template_find(&s, cats[i], "fr"));
	}
	for (j = 0; j < CS_NELEM(langs); j++)
		assert_non_null(template_signature(&s, langs[j]));
	assert_string_equal(template_signature(&s, "es"),
	    "Atención al Cliente");
	assert_null(template_signature(&s, "fr"));
	assert_non_null(template_carrier(&s, "UPS"));
	assert_non_null(template_carrier(&s, "Royal Mail"));
	assert_non_null(template_carrier(&s, "royal_mail"));
	assert_null(template_carrier(&s, "pigeon"));
	assert_null(template_carrier(&s, NULL));
	assert_string_equal(template_find(&s, "shipping", "es")->v[1].name,
	    "shipping.es.2");
	template_release(&s);
}

/*
 * The plainest variant of every list fits in 140 characters on X even
 * with the longest handle and agent name, so a reply always exists.
 */
static void
test_builtin_fits_140(void **state)
{
	struct template_set s;
	struct template_values v;
	struct cs_error e;
	struct buf b;
	size_t i;

	(void)state;
	template_init(&s);
	buf_init(&b);
	assert_int_equal(template_load_builtin(&s, &e), 0);
	memset(&v, 0, sizeof(v));
	setval(&v, TEMPLATE_HANDLE, "abcdefghijklmno");
	setval(&v, TEMPLATE_AGENT, "Maria Dolors Fernández-Vilanova Rocabert");
	for (i = 0; i < s.nlist; i++) {
		const struct template_list *l = &s.list[i];

		buf_reset(&b);
		assert_int_equal(template_render(&l->v[l->n - 1], &v, &b), 0);
		assert_true(reply_measure("x", b.s, b.len) <= 140);
	}
	buf_release(&b);
	template_release(&s);
}

static void
test_render(void **state)
{
	struct template_set s;
	struct template_values v;
	struct cs_error e;
	struct buf b;
	const struct template_list *l;

	(void)state;
	template_init(&s);
	buf_init(&b);
	assert_int_equal(load(&s, "{\"templates\":{\"t\":{\"en\":["
	    "\"Hi @{{handle}}, order {{ order_id }}. {{agent}}\"]}}}", &e), 0);
	l = template_find(&s, "t", "en");
	assert_non_null(l);
	memset(&v, 0, sizeof(v));
	setval(&v, TEMPLATE_HANDLE, "ana");
	setval(&v, TEMPLATE_AGENT, "Jo");
	/* Missing order_id: nothing rendered. */
	assert_int_equal(template_missing(&l->v[0], &v),
	    TEMPLATE_BIT(TEMPLATE_ORDER_ID));
	assert_int_equal(template_render(&l->v[0], &v, &b), -1);
	assert_int_equal(b.len, 0);
	setval(&v, TEMPLATE_ORDER_ID, "A12");
	assert_int_equal(template_missing(&l->v[0], &v), 0);
	assert_int_equal(template_render(&l->v[0], &v, &b), 0);
	assert_string_equal(b.s, "Hi @ana, order A12. Jo");
	/* Values are copied, never expanded again. */
	buf_reset(&b);
	setval(&v, TEMPLATE_HANDLE, "{{agent}}");
	setval(&v, TEMPLATE_ORDER_ID, "{{handle}}");
	assert_int_equal(template_render(&l->v[0], &v, &b), 0);
	assert_string_equal(b.s, "Hi @{{agent}}, order {{handle}}. Jo");
	buf_release(&b);
	template_release(&s);
}

static void
test_vars(void **state)
{
	(void)state;
	assert_int_equal(template_var("handle", 6), TEMPLATE_HANDLE);
	assert_int_equal(template_var("tracking_url", 12),
	    TEMPLATE_TRACKING_URL);
	assert_int_equal(template_var("tracking", 8), TEMPLATE_TRACKING);
	assert_int_equal(template_var("ordr", 4), -1);
	assert_int_equal(template_var("", 0), -1);
	assert_string_equal(template_var_name(TEMPLATE_ORDER_ID), "order_id");
	assert_string_equal(template_var_name(99), "?");
}

static void
test_errors(void **state)
{
	(void)state;
	assert_string_equal(load_error("{\"templates\":{\"shipping\":{\"es\":"
	    "[\"{{handle}} {{agent}}\",\"Hola {{ordr}} {{agent}}\"]}}}"),
	    "t.json: template shipping.es.2: unknown variable '{{ordr}}'");
	assert_string_equal(load_error("{\"templates\""),
	    "t.json: invalid JSON at byte 12");
	assert_string_equal(load_error("[]"), "t.json: not a JSON object");
	assert_string_equal(load_error("{\"templatez\":{}}"),
	    "t.json: unknown key 'templatez'");
	assert_string_equal(load_error("{\"version\":2}"),
	    "t.json: unsupported version (this cs-reply reads version 1)");
	assert_string_equal(load_error("{\"templates\":{\"Ship It\":{}}}"),
	    "t.json: bad category name 'Ship It' (use a-z, 0-9, '_' and '-')");
	assert_string_equal(load_error("{\"templates\":{\"a\":"
	    "{\"pt-BR\":[]}}}"),
	    "t.json: templates a: bad language 'pt-BR' (use a two- or "
	    "three-letter code)");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":{}}}}"),
	    "t.json: templates a.en: not a list");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[\"Hi {{handle}}\"]}}}"),
	    "t.json: template a.en.1: no '{{agent}}' signature");
	assert_string_equal(load_error("{\"templates\":{\"pii\":{\"en\":"
	    "[\"Order {{order_id}} {{agent}}\"]}}}"),
	    "t.json: template pii.en.1: variable '{{order_id}}' not allowed "
	    "in a pii template");
	assert_string_equal(load_error("{\"templates\":{\"pii\":{\"ca\":"
	    "[\"Hola {{name}} {{agent}}\"]}}}"),
	    "t.json: template pii.ca.1: variable '{{name}}' not allowed "
	    "in a pii template");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[\"Hi {{handle {{agent}}\"]}}}"),
	    "t.json: template a.en.1: unknown variable '{{handle {{agent}}'");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[\"Hi {{agent\"]}}}"),
	    "t.json: template a.en.1: unterminated '{{'");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[\"Hi\\u202e {{agent}}\"]}}}"),
	    "t.json: template a.en.1: a control or bidirectional character "
	    "in the text");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[\"Hi\\t{{agent}}\"]}}}"),
	    "t.json: template a.en.1: a control or bidirectional character "
	    "in the text");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[\"\"]}}}"), "t.json: template a.en.1: empty text");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[{\"txt\":\"x\"}]}}}"), "t.json: template a.en.1: unknown key "
	    "'txt'");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[{\"dm\":true}]}}}"), "t.json: template a.en.1: missing 'text'");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[{\"text\":\"{{agent}}\",\"dm\":1}]}}}"),
	    "t.json: template a.en.1: 'dm' must be true or false");
	assert_string_equal(load_error("{\"templates\":{\"a\":{\"en\":"
	    "[42]}}}"), "t.json: template a.en.1: not a string or an object");
	assert_string_equal(load_error("{\"carriers\":{\"x\":{\"name\":\"X\","
	    "\"url\":\"http://x/{{tracking}}\"}}}"),
	    "t.json: carrier x: url must start with https:// and be at most "
	    "512 bytes");
	assert_string_equal(load_error("{\"carriers\":{\"x\":{\"name\":\"X\","
	    "\"url\":\"https://x/\"}}}"),
	    "t.json: carrier x: url does not use '{{tracking}}'");
	assert_string_equal(load_error("{\"carriers\":{\"x\":{\"name\":\"X\","
	    "\"url\":\"https://x/{{order_id}}\"}}}"),
	    "t.json: carrier x: variable '{{order_id}}' not allowed in a "
	    "tracking url");
	assert_string_equal(load_error("{\"carriers\":{\"--\":null}}"),
	    "t.json: carriers: bad carrier name '--'");
	assert_string_equal(load_error("{\"signatures\":{\"en\":\"\"}}"),
	    "t.json: signature en: empty");
	assert_string_equal(load_error("{\"signatures\":{\"en\":\"a\\nb\"}}"),
	    "t.json: signature en: a control or bidirectional character");
	/* Valid: flags, notes, string variants, removals. */
	assert_string_equal(load_error("{\"version\":1,\"note\":\"n\","
	    "\"templates\":{\"a\":{\"EN\":[{\"text\":\"{{agent}}\","
	    "\"resolves\":true,\"dm\":false,\"note\":\"x\"},\"{{agent}}!\"],"
	    "\"es\":[]}},\"carriers\":{\"ups\":null}}"), "(loaded)");
}

static void
test_invalid_utf8(void **state)
{
	static const char bad[] = "{\"templates\":{\"a\":{\"en\":"
	    "[\"\xc3\x28 {{agent}}\"]}}}";

	(void)state;
	assert_string_equal(load_error(bad),
	    "t.json: template a.en.1: invalid UTF-8 in the text");
}

static void
test_merge(void **state)
{
	struct template_set s;
	struct cs_error e;
	const struct template_list *l;

	(void)state;
	template_init(&s);
	assert_int_equal(template_load_builtin(&s, &e), 0);
	assert_int_equal(load(&s, "{\"signatures\":{\"es\":\"Equipo Shop\"},"
	    "\"carriers\":{\"ups\":null,\"Pigeon Post\":{\"name\":\"Pigeon\","
	    "\"url\":\"https://pigeon.example/t/{{tracking}}\"}},"
	    "\"templates\":{\"shipping\":{\"es\":[\"Hola @{{handle}} "
	    "{{agent}}\"],\"en\":[],\"fr\":[\"Bonjour @{{handle}} "
	    "{{agent}}\"]},\"warranty\":{\"en\":[\"W {{agent}}\"]}}}", &e), 0);
	l = template_find(&s, "shipping", "es");
	assert_non_null(l);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0].name, "shipping.es.1");
	assert_string_equal(l->v[0].text, "Hola @{{handle}} {{agent}}");
	assert_null(template_find(&s, "shipping", "en"));
	assert_non_null(template_find(&s, "shipping", "fr"));
	assert_non_null(template_find(&s, "shipping", "ca"));
	assert_non_null(template_find(&s, "warranty", "en"));
	assert_non_null(template_find(&s, "complaint", "en"));
	assert_string_equal(template_signature(&s, "es"), "Equipo Shop");
	assert_string_equal(template_signature(&s, "ca"), "Atenció al Client");
	assert_null(template_carrier(&s, "ups"));
	assert_string_equal(template_carrier(&s, "pigeon-post")->name,
	    "Pigeon");
	assert_non_null(template_carrier(&s, "dhl"));

	/* A bad file changes nothing. */
	assert_int_equal(load(&s, "{\"templates\":{\"shipping\":{\"es\":"
	    "[\"ok {{agent}}\"],\"ca\":[\"bad {{x}}\"]}}}", &e), -1);
	assert_string_equal(e.msg,
	    "t.json: template shipping.ca.1: unknown variable '{{x}}'");
	assert_string_equal(template_find(&s, "shipping", "es")->v[0].text,
	    "Hola @{{handle}} {{agent}}");
	assert_true(template_find(&s, "shipping", "ca")->n > 1);
	template_release(&s);
	template_release(&s);
}

static void
test_pick(void **state)
{
	struct template_set s;
	struct template_values v;
	struct template_measure m = { bytes, NULL };
	struct template_choice ch;
	struct cs_error e;
	struct buf b;
	const struct template_list *l;

	(void)state;
	template_init(&s);
	buf_init(&b);
	assert_int_equal(load(&s, "{\"templates\":{\"t\":{\"en\":["
	    "\"Long {{order_id}} {{handle}} and more words {{agent}}\","
	    "\"Medium {{handle}} words {{agent}}\","
	    "\"Short {{handle}} {{agent}}\"]}}}", &e), 0);
	l = template_find(&s, "t", "en");
	memset(&v, 0, sizeof(v));
	setval(&v, TEMPLATE_HANDLE, "h");
	setval(&v, TEMPLATE_AGENT, "A");
	setval(&v, TEMPLATE_ORDER_ID, "1");
	assert_int_equal(template_pick(l, &v, 100, &m, &b, &ch),
	    TEMPLATE_PICK_OK);
	assert_string_equal(ch.variant->name, "t.en.1");
	assert_string_equal(b.s, "Long 1 h and more words A");
	assert_int_equal(ch.length, 25);
	assert_int_equal(template_pick(l, &v, 20, &m, &b, &ch),
	    TEMPLATE_PICK_OK);
	assert_string_equal(ch.variant->name, "t.en.2");
	assert_int_equal(template_pick(l, &v, 9, &m, &b, &ch),
	    TEMPLATE_PICK_OK);
	assert_string_equal(b.s, "Short h A");
	assert_int_equal(template_pick(l, &v, 8, &m, &b, &ch),
	    TEMPLATE_PICK_TOOLONG);
	assert_null(ch.variant);
	assert_int_equal(b.len, 0);
	setval(&v, TEMPLATE_HANDLE, NULL);
	assert_int_equal(template_pick(l, &v, 100, &m, &b, &ch),
	    TEMPLATE_PICK_MISSING);
	assert_int_equal(ch.missing, TEMPLATE_BIT(TEMPLATE_HANDLE));
	assert_int_equal(template_pick(NULL, &v, 100, &m, &b, &ch),
	    TEMPLATE_PICK_EMPTY);
	buf_release(&b);
	template_release(&s);
}

static const char *
clean(const char *s, size_t max)
{
	static struct buf b;

	buf_release(&b);
	reply_clean_label(s, strlen(s), max, &b);
	return b.s != NULL ? b.s : "";
}

static void
test_clean(void **state)
{
	char big[2100];

	(void)state;
	assert_string_equal(clean("Ana García", 32), "Ana García");
	assert_string_equal(clean("  Ana \n\t García\r\n", 32), "Ana García");
	assert_string_equal(clean("@evil http://evil.example", 32), "evil");
	assert_string_equal(clean("Bob #scam $TSLA", 32), "Bob scam TSLA");
	assert_string_equal(clean("Ann \xef\xbc\xa0" "evil", 32), "Ann evil");
	assert_string_equal(clean("visit evil.example now", 32),
	    "visit now");
	assert_string_equal(clean("www.x.io Jo t.co/abc", 32), "Jo");
	assert_string_equal(clean("shop.com\xe2\x80\x8b", 32), "");
	assert_string_equal(clean("J.R.R. Tolkien", 32), "J.R.R. Tolkien");
	/* Bidi overrides and zero-width characters go. */
	assert_string_equal(clean("abc\xe2\x80\xae" "def\xe2\x81\xa6", 32),
	    "abcdef");
	assert_string_equal(clean("e\xe2\x80\x8bvil.com", 32), "");
	/* Values are literal: braces stay text. */
	assert_string_equal(clean("{{agent}}", 32), "{{agent}}");
	/* Emoji sequences keep their joiners. */
	assert_string_equal(clean("Eva \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f"
	    "\x92\xbb", 32),
	    "Eva \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
	/* Invalid bytes are dropped. */
	assert_string_equal(clean("A\xff" "B\xc3", 32), "AB");
	/* Long names are cut at a word, or a grapheme. */
	assert_string_equal(clean("Maria Dolors Fernandez de la Vega", 20),
	    "Maria Dolors");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(strlen(clean(big, REPLY_NAME_MAX)), REPLY_NAME_MAX);
	assert_string_equal(clean("e\xcc\x81\xcc\x81xyz", 2), "");
	assert_string_equal(clean("ae\xcc\x81xyz", 3), "ae\xcc\x81");
	assert_string_equal(clean("", 32), "");
	assert_string_equal(clean("@@@ ### http://a.b", 32), "");
}

static void
test_handles(void **state)
{
	(void)state;
	assert_true(reply_handle_ok("x", "jdoe_99", 7));
	assert_true(reply_handle_ok(NULL, "abcdefghijklmno", 15));
	assert_false(reply_handle_ok("x", "abcdefghijklmnop", 16));
	assert_false(reply_handle_ok("x", "", 0));
	assert_false(reply_handle_ok("x", "bad handle", 10));
	assert_false(reply_handle_ok("x", "evil@x.com", 10));
	assert_false(reply_handle_ok("twcs", "a.b", 3));
	assert_true(reply_handle_ok("mastodon", "ada", 3));
	assert_true(reply_handle_ok("mastodon", "ada@mastodon.example", 20));
	assert_true(reply_handle_ok("Mastodon", "a.b_c@x.y", 9));
	assert_false(reply_handle_ok("mastodon", "ada@", 4));
	assert_false(reply_handle_ok("mastodon", "@ada", 4));
	assert_false(reply_handle_ok("mastodon", "ada@x", 5));
	assert_false(reply_handle_ok("mastodon", "ada@x..y", 8));
	assert_false(reply_handle_ok("mastodon", "ad a@x.y", 8));
	assert_true(reply_handle_ok("bluesky", "grace.bsky.social", 17));
	assert_false(reply_handle_ok("bluesky", "grace", 5));
	assert_false(reply_handle_ok("bluesky", "grace.123", 9));
	assert_false(reply_handle_ok("bluesky", "-a.b.c", 6));
	assert_false(reply_handle_ok("bluesky", "a.b-", 4));
	assert_false(reply_handle_ok("bluesky", "a/b.c", 5));
}

static void
test_limits(void **state)
{
	struct reply_conf c;
	struct cs_error e;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(reply_limit(&c, "x"), 280);
	assert_int_equal(reply_limit(&c, NULL), 280);
	assert_int_equal(reply_limit(&c, "twcs"), 280);
	assert_int_equal(reply_limit(&c, "mastodon"), 500);
	assert_int_equal(reply_limit(&c, "bluesky"), 300);
	assert_int_equal(reply_parse_limits(&c, "140", &e), 0);
	assert_int_equal(reply_limit(&c, "x"), 140);
	assert_int_equal(reply_limit(&c, "mastodon"), 140);
	assert_int_equal(reply_parse_limits(&c, "Mastodon=400,bluesky=1000",
	    &e), 0);
	assert_int_equal(reply_limit(&c, "mastodon"), 400);
	assert_int_equal(reply_limit(&c, "bluesky"), 300);
	assert_int_equal(reply_limit(&c, "x"), 140);
	assert_int_equal(reply_parse_limits(&c, "mastodon=450", &e), 0);
	assert_int_equal(reply_limit(&c, "MASTODON"), 450);
	assert_int_equal(c.nlimits, 2);
	assert_int_equal(reply_parse_limits(&c, "0", &e), -1);
	assert_string_equal(e.msg,
	    "'0' is not N or NETWORK=N with N from 1 to 100000");
	assert_int_equal(reply_parse_limits(&c, "140,x=", &e), -1);
	assert_string_equal(e.msg,
	    "'x=' is not N or NETWORK=N with N from 1 to 100000");
	assert_int_equal(reply_parse_limits(&c, "=5", &e), -1);
	assert_int_equal(reply_parse_limits(&c, "12a", &e), -1);
	assert_int_equal(reply_parse_limits(&c, "", &e), -1);
	assert_int_equal(reply_parse_limits(&c, "9999999", &e), -1);
	assert_int_equal(reply_parse_limits(&c, "a=1,b=1,c=1,d=1,e=1,f=1,"
	    "g=1,h=1,i=1,j=1,k=1,l=1,m=1,n=1", &e), 0);
	assert_int_equal(reply_parse_limits(&c, "o=1", &e), -1);
	assert_string_equal(e.msg, "too many limits");
}

static void
test_measure(void **state)
{
	(void)state;
	assert_int_equal(reply_measure("x", "abc", 3), 3);
	/* A URL counts 23 on X and Mastodon; CJK weighs two on X. */
	assert_int_equal(reply_measure("x", "https://example.com/a/very/long/"
	    "path/indeed", 43), 23);
	assert_int_equal(reply_measure("x", "\xe6\x97\xa5", 3), 2);
	assert_int_equal(reply_measure("mastodon", "\xe6\x97\xa5", 3), 1);
	assert_int_equal(reply_measure("bluesky", "e\xcc\x81", 3), 1);
}

/* Draft from a JSON line, returning the reply JSON or "KEEP". */
static const char *
draft(struct reply *rp, const char *line)
{
	struct record r;
	enum reply_result res;

	memset(&r, 0, sizeof(r));
	r.line = line;
	r.len = strlen(line);
	r.root = cJSON_Parse(line);
	assert_non_null(r.root);
	res = reply_draft(rp, &r);
	cJSON_Delete(r.root);
	return res == REPLY_KEEP ? "KEEP" : rp->json.s;
}

static void
test_draft(void **state)
{
	struct template_set s;
	struct reply rp;
	struct cs_error e;
	const char *j;

	(void)state;
	template_init(&s);
	assert_int_equal(template_load_builtin(&s, &e), 0);
	reply_init(&rp, &s);

	j = draft(&rp, "{\"id\":\"1\",\"network\":\"x\",\"direction\":\"in\","
	    "\"author\":{\"handle\":\"jdoe\",\"name\":\"John\"},"
	    "\"class\":{\"category\":\"shipping\",\"lang\":{\"code\":\"en\"},"
	    "\"entities\":{\"order_ids\":[\"#88231\"],\"tracking\":"
	    "[{\"carrier\":\"UPS\",\"number\":\"1Z999AA10123456784\"}]},"
	    "\"pii\":[]},"
	    "\"priority\":{\"agent\":\"Marta\"}}");
	assert_non_null(strstr(j, "\"template\":\"shipping.en.1\""));
	assert_non_null(strstr(j, "Your order 88231 is with UPS"));
	assert_non_null(strstr(j, "https://www.ups.com/track?tracknum="
	    "1Z999AA10123456784"));
	assert_non_null(strstr(j, "— Marta\",\"length\":"));
	assert_non_null(strstr(j, "\"status\":\"draft\"}"));

	/* Personal data: the pii template, nothing from the message. */
	j = draft(&rp, "{\"id\":\"2\",\"author\":{\"handle\":\"pat\","
	    "\"name\":\"Pat\"},\"lang\":\"es-ES\",\"class\":{\"category\":"
	    "\"payment\",\"entities\":{\"order_ids\":[\"51515\"]},\"pii\":"
	    "[{\"type\":\"card\",\"span\":[1,2]}]}}");
	assert_non_null(strstr(j, "\"template\":\"pii.es.1\""));
	assert_null(strstr(j, "51515"));
	assert_null(strstr(j, "Pat"));
	assert_non_null(strstr(j, "\"agent\":\"Atención al Cliente\""));

	/* Sent replies are kept; outbound messages are skipped. */
	assert_string_equal(draft(&rp, "{\"id\":\"3\",\"reply\":{\"status\":"
	    "\"sent\"}}"), "KEEP");
	assert_string_equal(draft(&rp, "{\"id\":\"3\",\"reply\":{\"status\":"
	    "\"failed\",\"id\":\"99\"}}"), "KEEP");
	assert_string_equal(draft(&rp, "{\"id\":\"4\",\"direction\":\"out\"}"),
	    "{\"text\":null,\"length\":null,\"limit\":280,\"template\":null,"
	    "\"lang\":null,\"agent\":null,\"status\":\"skipped\","
	    "\"reason\":\"outbound message\"}");
	assert_string_equal(draft(&rp, "{\"id\":\"4\",\"account\":\"Shop\","
	    "\"author\":{\"handle\":\"@shop\"},\"network\":\"mastodon\"}"),
	    "{\"text\":null,\"length\":null,\"limit\":500,\"template\":null,"
	    "\"lang\":null,\"agent\":null,\"status\":\"skipped\","
	    "\"reason\":\"message from our own account\"}");

	/* No handle; French falls back to English. */
	j = draft(&rp, "{\"id\":\"5\",\"lang\":\"fr\",\"author\":{\"handle\":"
	    "\"no way\"}}");
	assert_non_null(strstr(j, "\"lang\":\"en\""));
	assert_non_null(strstr(j, "\"reason\":\"no valid author handle\""));

	/* Too small a limit. */
	rp.conf.limit = 20;
	j = draft(&rp, "{\"id\":\"6\",\"author\":{\"handle\":\"ann\"},"
	    "\"class\":{\"category\":\"praise\",\"lang\":{\"code\":\"ca\"}}}");
	assert_non_null(strstr(j, "\"reason\":\"no template fits in 20 "
	    "characters\""));
	assert_non_null(strstr(j, "\"limit\":20,"));
	rp.conf.limit = 0;

	/* A hostile name and agent: no mention, link or override. */
	rp.conf.agent = "{{handle}}";
	j = draft(&rp, "{\"id\":\"7\",\"author\":{\"handle\":\"ann\",\"name\":"
	    "\"@evil http://evil.example \\u202e{{agent}}\"},\"class\":"
	    "{\"category\":\"praise\",\"lang\":{\"code\":\"en\"}}}");
	assert_non_null(strstr(j, "\"template\":\"praise.en.1\""));
	assert_non_null(strstr(j, "Thank you so much, evil {{agent}}!"));
	assert_non_null(strstr(j, "— {{handle}}\""));
	assert_null(strstr(j, "@evil"));
	assert_null(strstr(j, "http://evil"));
	assert_null(strstr(j, "\xe2\x80\xae"));

	/* --no-name and a forced category. */
	rp.conf.no_name = 1;
	rp.conf.category = "followup";
	j = draft(&rp, "{\"id\":\"8\",\"author\":{\"handle\":\"ann\",\"name\":"
	    "\"Ann\"},\"class\":{\"category\":\"shipping\",\"lang\":{\"code\":"
	    "\"ca\"},\"entities\":{\"order_ids\":[\"A-1\"]}}}");
	assert_non_null(strstr(j, "\"template\":\"followup.ca.3\""));
	reply_release(&rp);
	template_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_builtin_fits_140),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_vars),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_handles),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_measure),
		cmocka_unit_test(test_draft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
