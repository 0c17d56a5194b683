/*
 * Unit tests of lib/template_lint.c: each rule, in each language, with
 * the negations and direct-message cases the secret rule must let pass,
 * the lint of whole files, and the rule template_load applies.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "data.h"
#include "template.h"
#include "template_lint.h"

struct sec {
	const char	*text;
	const char	*lang;
	const char	*want;	/* NULL: fine */
};

static const struct sec asks[] = {
	/* English. */
	{ "Please reply with your card number.", "en", "a card number" },
	{ "What's the long number on your card?", "en", "a card number" },
	{ "Send us your credit card details", "en", "a card number" },
	{ "and the CVV too", "en", "a CVV" },
	{ "the 3 digits on the back", "en", "a CVV" },
	{ "We need your IBAN to refund you", "en", "bank details" },
	{ "Post your bank details below", "en", "bank details" },
	{ "What is your password?", "en", "a password" },
	{ "Tell us the PIN", "en", "a password" },
	{ "Send a photo of your passport", "en", "an ID document" },
	{ "Reply with your ID number", "en", "an ID document" },
	/* "No" far away or in another clause negates nothing. */
	{ "No worries, just reply with your card number", "en",
	    "a card number" },
	{ "No problem! Tell us your password", "en", "a password" },
	{ "No need to call us and then send us your IBAN here", "en",
	    "bank details" },
	/* Spanish. */
	{ "Envíanos tu número de tarjeta", "es", "a card number" },
	{ "Indícanos el código de seguridad", "es", "a CVV" },
	{ "Escríbenos tus datos bancarios", "es", "bank details" },
	{ "Necesitamos tu número de cuenta", "es", "bank details" },
	{ "¿Cuál es tu contraseña?", "es", "a password" },
	{ "Respóndenos con tu clave de acceso", "es", "a password" },
	{ "Envíanos una foto del DNI", "es", "an ID document" },
	{ "Adjunta tu pasaporte", "es", "an ID document" },
	/* Catalan. */
	{ "Envia'ns el número de la targeta", "ca", "a card number" },
	{ "Digues-nos el codi de seguretat", "ca", "a CVV" },
	{ "Passa'ns les dades bancàries", "ca", "bank details" },
	{ "Quina és la contrasenya?", "ca", "a password" },
	{ "Envia'ns aquí la teva clau", "ca", "a password" },
	{ "Envia'ns el document d'identitat", "ca", "an ID document" },
	{ "Envia'ns el NIE", "ca", "an ID document" },
	/* Case and accents do not hide a word. */
	{ "SEND YOUR CARD NUMBER", "en", "a card number" },
	{ "envíanos tu CONTRASEÑA", "es", "a password" },
	{ NULL, NULL, NULL }
};

static const struct sec fine[] = {
	/* Told not to share it. */
	{ "Never post your card number here", "en", NULL },
	{ "Please don't share card or bank details in public", "en", NULL },
	{ "Do not send us your password", "en", NULL },
	{ "We will never ask for your PIN", "en", NULL },
	{ "(no card details)", "en", NULL },
	{ "DM us your order number (never your card details)", "en", NULL },
	{ "Your password must never be posted", "en", NULL },
	{ "no compartas tus datos bancarios", "es", NULL },
	{ "Nunca compartas datos de tarjeta o bancarios aquí", "es", NULL },
	{ "(sin datos de tarjeta)", "es", NULL },
	{ "ni tu contraseña ni tu DNI", "es", NULL },
	{ "no comparteixis la targeta", "ca", NULL },
	{ "No comparteixis mai dades de targeta o bancàries", "ca", NULL },
	{ "(mai les dades de la targeta)", "ca", NULL },
	{ "(sense dades de targeta)", "ca", NULL },
	{ "i no donis mai la contrasenya", "ca", NULL },
	/* Sent by direct message. */
	{ "Please DM us your card number", "en", NULL },
	{ "Send your IBAN by direct message", "en", NULL },
	{ "Envíanos el DNI por MD", "es", NULL },
	{ "Envíanos el IBAN por mensaje directo", "es", NULL },
	{ "Envia'ns el DNI per missatge directe", "ca", NULL },
	{ "Envia'ns l'IBAN en privat", "ca", NULL },
	/* No secret at all. */
	{ "Send us your order number", "en", NULL },
	{ "Thanks for your patience, we'll update you here", "en", NULL },
	{ "Gràcies per escriure'ns", "ca", NULL },
	{ "A cardinal rule: be kind", "en", NULL },
	{ "Thanks for a swift reply", "en", NULL },
	{ "Tu opinión es clave para nosotros", "es", NULL },
	{ "La clau és la teva opinió", "ca", NULL },
	{ NULL, NULL, NULL }
};

static void
test_secret(void **state)
{
	const struct sec *c;
	const char *got;

	(void)state;
	for (c = asks; c->text != NULL; c++) {
		got = template_lint_secret(c->text, c->lang);
		if (got == NULL || strcmp(got, c->want) != 0)
			fail_msg("\"%s\": got %s, want %s", c->text,
			    got != NULL ? got : "nothing", c->want);
	}
	for (c = fine; c->text != NULL; c++) {
		got = template_lint_secret(c->text, c->lang);
		if (got != NULL)
			fail_msg("\"%s\": got %s, want nothing", c->text, got);
	}
	/* A language without its own negations uses all of them. */
	assert_null(template_lint_secret("no compartas la tarjeta", "de"));
	assert_null(template_lint_secret("no compartas la tarjeta", NULL));
	/* "sense" negates in Catalan only. */
	assert_non_null(template_lint_secret("it makes sense to send the "
	    "card number", "en"));
	/* Invalid UTF-8 is no crash (the loader refuses it anyway). */
	assert_null(template_lint_secret("\xff\xfe card", "en"));
}

static void
test_shouting(void **state)
{
	static const char acme[] = "{\"carriers\":{\"acme\":{"
	    "\"name\":\"ACME Express\",\"url\":\"https://a.example/"
	    "{{tracking}}\"}}}";
	struct template_set s;
	struct cs_error e;
	char w[64];

	(void)state;
	assert_int_equal(template_lint_shouting("Thanks, this is FREE now",
	    NULL, w, sizeof(w)), 1);
	assert_string_equal(w, "FREE");
	assert_int_equal(template_lint_shouting("ATENCIÓN al cliente", NULL,
	    w, sizeof(w)), 1);
	assert_string_equal(w, "ATENCIÓN");
	assert_int_equal(template_lint_shouting("Thanks!! — {{agent}}",
	    NULL, w, sizeof(w)), 1);
	assert_string_equal(w, "!!");
	assert_int_equal(template_lint_shouting("¡¡Gracias!", NULL, w,
	    sizeof(w)), 1);
	assert_string_equal(w, "¡¡");
	/* Acronyms, one capital, and a single '!' are fine. */
	assert_int_equal(template_lint_shouting("Thanks! Your UPS parcel: "
	    "DM us, or envíanos un MD. I'm OK. ID and DHL, GLS, SEUR.", NULL,
	    w, sizeof(w)), 0);
	assert_int_equal(template_lint_shouting("¡Hola! Gràcies!", NULL, w,
	    sizeof(w)), 0);
	/* A carrier's name from the set is no shouting. */
	assert_int_equal(template_lint_shouting("Thanks, ACME has it", NULL,
	    w, sizeof(w)), 1);
	template_init(&s);
	assert_int_equal(template_load(&s, acme, strlen(acme), "t.json",
	    &e), 0);
	assert_int_equal(template_lint_shouting("Thanks, ACME has it", &s,
	    w, sizeof(w)), 0);
	template_release(&s);
	/* The word shown is cut at a code point. */
	assert_int_equal(template_lint_shouting("ÀÀÀÀÀÀ", NULL, w, 6), 1);
	assert_string_equal(w, "ÀÀ");
}

static void
test_thanks(void **state)
{
	(void)state;
	assert_int_equal(template_lint_thanks("Thank you so much", "en"), 1);
	assert_int_equal(template_lint_thanks("Thanks, @x", "en"), 1);
	assert_int_equal(template_lint_thanks("We appreciate it", "en"), 1);
	assert_int_equal(template_lint_thanks("Hi, DM us", "en"), 0);
	assert_int_equal(template_lint_thanks("¡Gracias!", "es"), 1);
	assert_int_equal(template_lint_thanks("Te lo agradecemos", "es"), 1);
	assert_int_equal(template_lint_thanks("Hola, escríbenos", "es"), 0);
	assert_int_equal(template_lint_thanks("Gràcies!", "ca"), 1);
	assert_int_equal(template_lint_thanks("Us ho agraïm", "ca"), 1);
	assert_int_equal(template_lint_thanks("Hola, escriu-nos", "ca"), 0);
	/* English thanks in a Spanish template do not count. */
	assert_int_equal(template_lint_thanks("Thanks!", "es"), 0);
	assert_int_equal(template_lint_thanks("Danke!", "de"), -1);
	assert_int_equal(template_lint_thanks("Thanks", NULL), -1);
}

static void
test_says_dm(void **state)
{
	(void)state;
	assert_int_equal(template_lint_says_dm("Please DM us"), 1);
	assert_int_equal(template_lint_says_dm("send a direct message"), 1);
	assert_int_equal(template_lint_says_dm("escríbenos por MD"), 1);
	assert_int_equal(template_lint_says_dm("seguim en privat"), 1);
	assert_int_equal(template_lint_says_dm("our admin team"), 0);
	assert_int_equal(template_lint_says_dm("we'll reply here"), 0);
}

/* Lint json on top of the built-in set; return the lint's problems. */
static void
lint_json(struct template_lint *l, const char *json, const char *limits)
{
	struct template_set s;
	struct cs_error e;

	template_lint_init(l);
	if (limits != NULL)
		assert_int_equal(reply_parse_limits(&l->conf, limits, &e), 0);
	template_init(&s);
	assert_int_equal(template_load_builtin(&s, &e), 0);
	template_lint_file(l, &s, json, strlen(json), "t.json");
	template_release(&s);
}

/* The problem of rule at where, or NULL. */
static const struct lint_problem *
find(const struct template_lint *l, const char *rule, const char *where)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].rule, rule) == 0 &&
		    (where == NULL || (l->v[i].where != NULL &&
		    strcmp(l->v[i].where, where) == 0)))
			return &l->v[i];
	return NULL;
}

static void
test_builtin_clean(void **state)
{
	struct template_lint l;
	struct template_set s;
	const char *text;
	size_t len, i;

	(void)state;
	text = data_get("templates.json", &len);
	assert_non_null(text);
	template_lint_init(&l);
	template_init(&s);
	assert_int_equal(template_lint_file(&l, &s, text, len,
	    "built-in templates.json"), 0);
	for (i = 0; i < l.n; i++)
		print_error("# %s: %s\n", l.v[i].where != NULL ?
		    l.v[i].where : "-", l.v[i].msg);
	assert_int_equal(l.n, 0);
	/* It was loaded, flags and all. */
	assert_true(template_find(&s, "praise", "ca")->v[0].flags &
	    TEMPLATE_RESOLVES);
	assert_true(template_find(&s, "payment", "es")->v[0].flags &
	    TEMPLATE_DM);
	assert_int_equal(template_find(&s, "info", "en")->v[0].flags, 0);
	template_release(&s);
	template_lint_release(&l);
}

static void
test_file_rules(void **state)
{
	struct template_lint l;
	const struct lint_problem *p;

	(void)state;
	/* Every unknown variable is an error; nothing is loaded. */
	lint_json(&l, "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} {{ordr}} {{agent}}\","
	    "\"Thanks @{{handle}} {{ name }} {{trk}} {{agent}}\"]}}}", NULL);
	assert_int_equal(l.nerrors, 2);
	p = find(&l, "variable", "template info.en.2");
	assert_non_null(p);
	assert_string_equal(p->msg, "unknown variable '{{trk}}'");
	template_lint_release(&l);

	/* Other load errors are one error, without the file name twice. */
	lint_json(&l, "{\"templates\":{\"info\":{\"en\":[\"Thanks\"]}}}",
	    NULL);
	p = find(&l, "file", NULL);
	assert_non_null(p);
	assert_true(p->error);
	assert_null(p->where);
	assert_true(strncmp(p->msg, "template info.en.1:", 19) == 0);
	template_lint_release(&l);

	/* A secret is an error, thanks and shouting are warnings. */
	lint_json(&l, "{\"templates\":{\"info\":{\"es\":["
	    "\"Hola @{{handle}}, envíanos tu DNI. {{agent}}\","
	    "\"GRACIAS @{{handle}} {{agent}}\"]}}}", NULL);
	assert_int_equal(l.nerrors, 1);
	assert_non_null(find(&l, "secret", "template info.es.1"));
	assert_non_null(find(&l, "thanks", "template info.es.1"));
	assert_false(find(&l, "thanks", "template info.es.1")->error);
	assert_non_null(find(&l, "shouting", "template info.es.2"));
	assert_null(find(&l, "thanks", "template info.es.2"));
	template_lint_release(&l);

	/* The dm flag and the text must agree. */
	lint_json(&l, "{\"templates\":{\"info\":{\"en\":["
	    "{\"text\":\"Thanks @{{handle}} {{agent}}\",\"dm\":true},"
	    "\"Thanks @{{handle}}, DM us {{agent}}\","
	    "{\"text\":\"Thanks @{{handle}}, DM us {{agent}}\",\"dm\":true}"
	    "]}}}", NULL);
	assert_int_equal(l.nerrors, 0);
	assert_int_equal(l.nwarnings, 2);
	assert_non_null(find(&l, "dm", "template info.en.1"));
	assert_non_null(find(&l, "dm", "template info.en.2"));
	template_lint_release(&l);

	/* A new category needs en, es and ca; an emptied list is missing. */
	lint_json(&l, "{\"templates\":{\"warranty\":{\"en\":["
	    "\"Thanks @{{handle}} {{agent}}\"]},\"info\":{\"ca\":[]}}}", NULL);
	assert_int_equal(l.nerrors, 0);
	assert_int_equal(l.nwarnings, 3);
	p = find(&l, "language", "category warranty");
	assert_non_null(p);
	assert_string_equal(p->msg, "no templates in es");
	p = find(&l, "language", "category info");
	assert_string_equal(p->msg, "no templates in ca");
	template_lint_release(&l);
}

static void
test_lengths(void **state)
{
	struct template_lint l;
	const struct lint_problem *p;
	char json[4096], pad[400];

	(void)state;
	memset(pad, 'x', 300);
	pad[300] = '\0';
	/* Never fits, on X and Bluesky (Mastodon allows 500). */
	snprintf(json, sizeof(json), "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} %s {{agent}}\","
	    "\"Thanks @{{handle}} {{agent}}\"]}}}", pad);
	lint_json(&l, json, NULL);
	assert_int_equal(l.nerrors, 0);
	assert_int_equal(l.nwarnings, 2);
	p = find(&l, "length", "template info.en.1");
	assert_non_null(p);
	assert_string_equal(p->msg, "is 312 long on X even with the "
	    "shortest values (limit 280): never used");
	template_lint_release(&l);

	/*
	 * 230 letters fit with a one-letter handle and agent, not with 15
	 * and 40: fine while a plainer variant that needs no more fits.
	 */
	pad[230] = '\0';
	snprintf(json, sizeof(json), "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} %s {{agent}}\","
	    "\"Thanks @{{handle}} {{agent}}\"]}}}", pad);
	lint_json(&l, json, "x=280");
	assert_int_equal(l.n, 0);
	template_lint_release(&l);
	/* Not when the plainer one needs more (the order number). */
	snprintf(json, sizeof(json), "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} %s {{agent}}\","
	    "\"Thanks @{{handle}} {{order_id}} {{agent}}\","
	    "\"Thanks @{{handle}} {{agent}}\"]}}}", pad);
	lint_json(&l, json, NULL);
	assert_int_equal(l.n, 0);
	template_lint_release(&l);
	snprintf(json, sizeof(json), "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} %s {{agent}}\","
	    "\"Thanks @{{handle}} {{order_id}} {{agent}}\"]}}}", pad);
	lint_json(&l, json, NULL);
	assert_int_equal(l.nerrors, 0);
	p = find(&l, "length", "template info.en.1");
	assert_non_null(p);
	assert_string_equal(p->msg, "is 295 long on X with the longest "
	    "values (limit 280), and no plainer variant after it fits");
	template_lint_release(&l);
	/* The plainest variant too long is an error (X and Bluesky). */
	snprintf(json, sizeof(json), "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} %s {{agent}}\"]}}}", pad);
	lint_json(&l, json, NULL);
	assert_int_equal(l.nerrors, 2);
	p = find(&l, "length", "template info.en.1");
	assert_true(p->error);
	template_lint_release(&l);
	/* --limit: Mastodon at 200 counts the 30-letter handle. */
	pad[140] = '\0';
	snprintf(json, sizeof(json), "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks @{{handle}} %s {{agent}}\"]}}}", pad);
	lint_json(&l, json, "mastodon=200");
	assert_int_equal(l.nerrors, 1);
	p = find(&l, "length", "template info.en.1");
	assert_string_equal(p->msg, "is 220 long on Mastodon with the "
	    "longest values (limit 200), and it is the plainest variant: "
	    "some messages would get no reply");
	template_lint_release(&l);

	/*
	 * The tracking link: 23 on X and Mastodon, its length on Bluesky,
	 * with the longest carrier link (Correos, 85 + 34).
	 */
	lint_json(&l, "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks {{tracking_url}} {{agent}}\"]}}}", "bluesky=150");
	p = find(&l, "length", "template info.en.1");
	assert_non_null(p);
	assert_string_equal(p->msg, "is 167 long on Bluesky with the longest "
	    "values (limit 150), and it is the plainest variant: some "
	    "messages would get no reply");
	template_lint_release(&l);
	/* 7 + 23 + 1 + 40: just fits. */
	lint_json(&l, "{\"templates\":{\"info\":{\"en\":["
	    "\"Thanks {{tracking_url}} {{agent}}\"]}}}", "x=71");
	assert_int_equal(l.n, 0);
	template_lint_release(&l);
}

/* Loading refuses a template that asks for a secret, in any language. */
static void
test_load(void **state)
{
	static const char *const bad[] = {
		"{\"templates\":{\"payment\":{\"en\":[\"Thanks @{{handle}}, "
		    "reply with your card number {{agent}}\"]}}}",
		"{\"templates\":{\"payment\":{\"es\":[\"Gracias @{{handle}}, "
		    "envíanos el número de tu tarjeta {{agent}}\"]}}}",
		"{\"templates\":{\"payment\":{\"ca\":[\"Gràcies @{{handle}}, "
		    "envia'ns el número de la targeta {{agent}}\"]}}}"
	};
	static const char *const lang[] = { "en", "es", "ca" };
	struct template_set s;
	struct cs_error e;
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(bad); i++) {
		template_init(&s);
		assert_int_equal(template_load(&s, bad[i], strlen(bad[i]),
		    "replies.json", &e), -1);
		snprintf(want, sizeof(want), "replies.json: template "
		    "payment.%s.1: asks for a card number in public",
		    lang[i]);
		assert_string_equal(e.msg, want);
		assert_int_equal(s.nlist, 0);
		/* lint itself loads it, to report everything. */
		assert_int_equal(template_load_flags(&s, bad[i],
		    strlen(bad[i]), "replies.json", TEMPLATE_LOAD_NOLINT, &e),
		    0);
		assert_int_equal(s.nlist, 1);
		template_release(&s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_shouting),
		cmocka_unit_test(test_thanks),
		cmocka_unit_test(test_says_dm),
		cmocka_unit_test(test_builtin_clean),
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
