/*
 * test_classify: the classify engine and its modules (lib/classify*.c,
 * langid.c, sentiment.c, pii.c).
 */
#include "classify_testlib.h"

/* The entity values of kind key ("order_ids") of the last run, '|' between. */
static void
entities(const char *key, char *out, size_t size)
{
	json_entities(engine_json(), key, 0, out, size);
}

/* The pii of the last run as "type:start-end" joined by ' '. */
static void
pii(char *out, size_t size)
{
	json_pii(engine_json(), out, size);
}

/* Language identification. */

static void
test_lang(void **state)
{
	/* Each text and its language. */
	static const struct tcase cases[] = {
		{ "Where is my order? It was due last week", "en" },
		{ "I can't log in to my account", "en" },
		{ "thanks for the help", "en" },
		{ "¿Dónde está mi pedido? Todavía no ha llegado", "es" },
		{ "Hola, quiero devolver unas zapatillas", "es" },
		{ "muchas gracias por todo", "es" },
		{ "mi pedido no llega", "es" },
		{ "On és la meva comanda? Encara no ha arribat", "ca" },
		{ "Hola, vull retornar unes sabates", "ca" },
		{ "moltes gràcies per l'ajuda", "ca" },
		{ "la meva comanda no arriba", "ca" },
		{ "Bonjour, où est ma commande ? Merci", "fr" },
		{ "Olá, a minha encomenda ainda não chegou", "pt" },
		{ "Hallo, wo ist meine Bestellung? Danke", "de" },
		{ "Ciao, dov'è il mio ordine? Grazie", "it" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		run(cases[i].text);
		case_is(cases[i].text, classify_lang(res), cases[i].want);
		assert_true(classify_lang_confidence(res) > 0.5);
		assert_true(classify_lang_confidence(res) <= 1);
	}
}

static void
test_lang_ignores(void **state)
{
	(void)state;
	/* Handles, links, hashtags and emoji are not words. */
	run("@ShopCare ¿dónde está mi pedido? https://example.com/the/order "
	    "#thanks 😀");
	assert_string_equal(classify_lang(res), "es");
	run("@ShopCare encara no ha arribat #WhereIsMyOrder");
	assert_string_equal(classify_lang(res), "ca");
}

static void
test_lang_und(void **state)
{
	(void)state;
	run("12345 !!! 😀 @ShopCare https://example.com");
	assert_string_equal(classify_lang(res), "und");
	assert_true(classify_lang_confidence(res) == 0);
	run("");
	assert_string_equal(classify_lang(res), "und");
}

static void
test_lang_hint(void **state)
{
	(void)state;
	/* A weak prior: it decides only when the text says little. */
	run_hint("ok", "ca");
	assert_string_equal(classify_lang(res), "ca");
	run_hint("ok", "es-ES");
	assert_string_equal(classify_lang(res), "es");
	run_hint("¿Dónde está mi pedido? Todavía no ha llegado", "en");
	assert_string_equal(classify_lang(res), "es");
	run_hint("On és la meva comanda? Encara no ha arribat", "es");
	assert_string_equal(classify_lang(res), "ca");
	run_hint("Where is my order?", "qme");
	assert_string_equal(classify_lang(res), "en");
}

/* Sentiment. */

static double
sent(const char *text)
{
	run(text);
	return classify_sentiment(res);
}

static void
test_sentiment_basic(void **state)
{
	(void)state;
	assert_true(sent("This is good") > 0.05);
	assert_string_equal(classify_sentiment_label(res), "positive");
	assert_true(sent("This is bad") < -0.05);
	assert_string_equal(classify_sentiment_label(res), "negative");
	assert_true(sent("The parcel is on the table") == 0);
	assert_string_equal(classify_sentiment_label(res), "neutral");
	assert_true(sent("Es un servicio excelente") > 0.05);
	assert_true(sent("Es un servicio pésimo") < -0.05);
	assert_true(sent("És un servei excel·lent") > 0.05);
	assert_true(sent("És un servei pèssim") < -0.05);
}

static void
test_sentiment_negation(void **state)
{
	(void)state;
	assert_true(sent("not good") < -0.05);
	assert_true(sent("It is not good at all") < -0.05);
	assert_true(sent("This isn't good") < -0.05);
	assert_true(sent("not bad") > 0.05);
	assert_true(sent("no es bueno") < -0.05);
	assert_true(sent("nunca es bueno") < -0.05);
	assert_true(sent("no és gens bo") < -0.05);
	assert_true(sent("mai no és bo") < -0.05);
	/* Only three words back. */
	assert_true(sent("not that I care, the product is good") > 0.05);
}

static void
test_sentiment_boosters(void **state)
{
	double bad, verybad, good, verygood, slightly;

	(void)state;
	bad = sent("bad");
	verybad = sent("very bad");
	good = sent("good");
	verygood = sent("very good");
	slightly = sent("slightly good");
	assert_true(verybad < bad);
	assert_true(verygood > good);
	assert_true(slightly < good && slightly > 0);
	assert_true(sent("muy malo") < sent("malo"));
	assert_true(sent("molt dolent") < sent("dolent"));
}

static void
test_sentiment_emphasis(void **state)
{
	double plain, caps, excl;

	(void)state;
	plain = sent("this is bad");
	caps = sent("this is BAD");
	excl = sent("this is bad!!!");
	assert_true(caps < plain);
	assert_true(excl < plain);
	/* A message in capitals only: no contrast, no emphasis. */
	assert_true(sent("THIS IS BAD") == plain);
}

static void
test_sentiment_emoji(void **state)
{
	(void)state;
	assert_true(sent("😡") < -0.05);
	assert_true(sent("😍") > 0.05);
	assert_true(sent("my order 👍") > 0.05);
	assert_true(sent("mi pedido 😭") < -0.05);
	assert_true(sent("thanks :)") > sent("thanks"));
	assert_true(sent(":(") < -0.05);
	assert_true(sent("❤️") > 0.05);
}

static void
test_sentiment_but(void **state)
{
	(void)state;
	/* After "but" counts more. */
	assert_true(sent("The shoes are nice but the delivery was terrible")
	    < -0.05);
	assert_true(sent("The delivery was terrible but the shoes are nice")
	    > 0.05);
	assert_true(sent("El envío fue terrible pero el producto es genial")
	    > 0.05);
}

static void
test_sentiment_range(void **state)
{
	double s;

	(void)state;
	s = sent("great great great amazing wonderful excellent love it "
	    "fantastic perfect awesome!!!!");
	assert_true(s > 0.9 && s <= 1);
	s = sent("terrible horrible awful worst scam disgusting hate!!!!");
	assert_true(s < -0.9 && s >= -1);
	/* A neutral band of -0.3..0.3, tuned on tweets. */
	assert_string_equal(sentiment_label(0.3), "positive");
	assert_string_equal(sentiment_label(0.299), "neutral");
	assert_string_equal(sentiment_label(-0.299), "neutral");
	assert_string_equal(sentiment_label(-0.3), "negative");
}

/* Categories, each in English, Spanish and Catalan. */

static void
test_categories(void **state)
{
	/* Each text and its category. */
	static const struct tcase cases[] = {
		{ "Where is my order? It should have arrived by now",
		    "shipping" },
		{ "My parcel is delayed, when will it be delivered?",
		    "shipping" },
		{ "¿Dónde está mi pedido? Todavía no ha llegado", "shipping" },
		{ "El paquete lleva una semana de retraso", "shipping" },
		{ "On és la meva comanda? Encara no ha arribat", "shipping" },
		{ "El paquet no m'ha arribat", "shipping" },
		{ "Worst customer service ever, nobody answers my emails",
		    "complaint" },
		{ "The lamp arrived broken, really disappointed", "complaint" },
		{ "Pésimo servicio, nadie contesta. Una vergüenza",
		    "complaint" },
		{ "Ha llegado roto, estoy harta", "complaint" },
		{ "Servei pèssim, ningú contesta. Quina vergonya",
		    "complaint" },
		{ "Ha arribat trencat i ningú respon", "complaint" },
		{ "I want to return these shoes and get a refund", "returns" },
		{ "My package arrived broken, I want a refund", "returns" },
		{ "Quiero devolver el abrigo, ¿cómo pido el reembolso?",
		    "returns" },
		{ "Vull retornar la jaqueta i que em feu el reemborsament",
		    "returns" },
		{ "I was charged twice for the same order", "payment" },
		{ "Me habéis cobrado dos veces, necesito la factura",
		    "payment" },
		{ "M'heu cobrat dues vegades amb la targeta", "payment" },
		{ "What are your opening hours on Sunday?", "info" },
		{ "¿Cuál es el horario de la tienda de Madrid?", "info" },
		{ "Quin és l'horari de la botiga de Girona?", "info" },
		{ "Is the red jacket in stock in size M?", "product" },
		{ "¿Tenéis esta camiseta en talla L? ¿Qué precio tiene?",
		    "product" },
		{ "Teniu la motxilla en estoc? Quin preu té?", "product" },
		{ "I can't log in, I forgot my password", "account" },
		{ "No puedo entrar en mi cuenta, olvidé mi contraseña",
		    "account" },
		{ "No puc entrar al meu compte, he oblidat la contrasenya",
		    "account" },
		{ "Thank you so much, great service!", "praise" },
		{ "Muchas gracias, sois los mejores", "praise" },
		{ "Moltes gràcies, sou els millors", "praise" },
		{ "Just a quick question for you", "other" },
		{ "hello", "other" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		run(cases[i].text);
		case_is(cases[i].text, classify_category(res), cases[i].want);
	}
}

static void
test_scores(void **state)
{
	cJSON *j, *s, *v;
	double sum = 0;
	int n = 0;

	(void)state;
	run("Where is my order?");
	assert_true(classify_confidence(res) > 0.5);
	assert_true(classify_score(eng, res, "shipping") ==
	    classify_confidence(res));
	assert_true(classify_score(eng, res, "nosuch") == -1);
	j = engine_json();
	s = cJSON_GetObjectItemCaseSensitive(j, "scores");
	cJSON_ArrayForEach(v, s) {
		sum += v->valuedouble;
		n++;
	}
	assert_int_equal(n, 9);
	assert_true(sum > 0.995 && sum < 1.005);
	assert_string_equal(s->child->string, "shipping");
	cJSON_Delete(j);

	/*
	 * Nothing matched and the model unsure: "other".  By the rules
	 * alone, all of it.
	 */
	run("lorem ipsum");
	assert_string_equal(classify_category(res), "other");
	assert_true(classify_confidence(res) > 0.5);
	classify_set_mode(eng, CLASSIFY_RULES_ONLY);
	run("lorem ipsum");
	assert_true(classify_confidence(res) == 1);
	assert_true(classify_score(eng, res, "other") == 1);
	classify_set_mode(eng, CLASSIFY_COMBINED);
}

static void
test_mood(void **state)
{
	(void)state;
	/* A late parcel is shipping; an angry one becomes a complaint. */
	run("My parcel is late");
	assert_string_equal(classify_category(res), "shipping");
	run("My parcel is late again, this is the worst, pathetic, "
	    "unacceptable, terrible company");
	assert_string_equal(classify_category(res), "complaint");
	run("You are amazing, love you guys");
	assert_string_equal(classify_category(res), "praise");
}

/* Personal data. */

static void
test_luhn(void **state)
{
	(void)state;
	assert_true(pii_luhn("4111111111111111", 16));
	assert_true(pii_luhn("4000 0566 5566 5556", 19));
	assert_true(pii_luhn("3782-822463-10005", 17));
	assert_true(pii_luhn("5555555555554444", 16));
	assert_false(pii_luhn("4111111111111112", 16));
	assert_false(pii_luhn("1234567812345678", 16));
	assert_false(pii_luhn("", 0));
}

static void
test_iban(void **state)
{
	(void)state;
	assert_true(pii_iban("ES9121000418450200051332", 24));
	assert_true(pii_iban("ES91 2100 0418 4502 0005 1332", 29));
	assert_true(pii_iban("DE89370400440532013000", 22));
	assert_true(pii_iban("DE89 3704 0044 0532 0130 00", 27));
	assert_true(pii_iban("GB82 WEST 1234 5698 7654 32", 27));
	assert_true(pii_iban("es9121000418450200051332", 24));
	/* A wrong check, a wrong length, junk. */
	assert_false(pii_iban("ES9221000418450200051332", 24));
	assert_false(pii_iban("DE89370400440532013001", 22));
	assert_false(pii_iban("ES912100041845020005133", 23));
	assert_false(pii_iban("ES91-2100-0418-4502-0005-1332", 29));
	assert_false(pii_iban("1234", 4));
}

static void
test_pii_cards(void **state)
{
	char s[256];

	(void)state;
	run("my card is 4111 1111 1111 1111, expiry 12/28");
	pii(s, sizeof(s));
	assert_string_equal(s, "card:11-30");
	run("card 4111111111111112 is not a card");
	pii(s, sizeof(s));
	assert_string_equal(s, "");
	run("IBAN ES91 2100 0418 4502 0005 1332 y DE89370400440532013000");
	pii(s, sizeof(s));
	assert_string_equal(s, "iban:5-34 iban:37-59");
	/* A bad IBAN check; its account part is still a good CCC. */
	run("IBAN ES92 2100 0418 4502 0005 1332");
	pii(s, sizeof(s));
	assert_string_equal(s, "iban:10-34");
	run("IBAN ES92 2100 0418 4502 0005 1333");
	pii(s, sizeof(s));
	assert_string_equal(s, "");
	/* Never the values themselves. */
	run("4111 1111 1111 1111");
	{
		struct buf b;

		buf_init(&b);
		classify_json(eng, res, &b);
		assert_null(strstr(b.s, "4111"));
		buf_release(&b);
	}
}

static void
test_pii_spans(void **state)
{
	char s[256];

	(void)state;
	/* Code points, not bytes: "Teléfono: ñandú " is 16 of them. */
	run("Teléfono: ñandú 612 345 678");
	pii(s, sizeof(s));
	assert_string_equal(s, "phone:16-27");
	run("Ça va 😀 joe@example.com");
	pii(s, sizeof(s));
	assert_string_equal(s, "email:8-23");
	run("àèìòù 4111111111111111 àèìòù ES9121000418450200051332");
	pii(s, sizeof(s));
	assert_string_equal(s, "card:6-22 iban:29-53");
}

static void
test_emails(void **state)
{
	char s[256];

	(void)state;
	run("write to joe.bloggs+shop@example.co.uk or ANA@Mail.ES.");
	entities("emails", s, sizeof(s));
	assert_string_equal(s, "joe.bloggs+shop@example.co.uk|ANA@Mail.ES");
	pii(s, sizeof(s));
	assert_string_equal(s, "email:9-38 email:42-53");
	/* Handles are not addresses. */
	run("@ShopCare @ana@mastodon.social user@localhost a@b.c");
	entities("emails", s, sizeof(s));
	assert_string_equal(s, "");
}

static void
test_phones(void **state)
{
	static const struct tcase cases[] = {
		{ "call me on +34 612 345 678 please", "+34612345678" },
		{ "mi móvil es 612345678", "612345678" },
		{ "Call +1 (555) 123-4567 today", "+15551234567" },
		{ "tel. 93 123 45 67", "931234567" },
		{ "0034 612 345 678", "+34612345678" },
		{ "+44 20 7946 0958", "+442079460958" },
		/* Not phone numbers. */
		{ "on 2026-11-01 at 10:30", "" },
		{ "it costs 1.299,95 euros", "" },
		{ "order 1234567890123", "" },
		{ "I paid 25 euros 3 times", "" },
		{ "version 10.2.3.4", "" },
	};
	char s[256];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		run(cases[i].text);
		entities("phones", s, sizeof(s));
		case_is(cases[i].text, s, cases[i].want);
	}
	run("call me on +34 612 345 678");
	pii(s, sizeof(s));
	assert_string_equal(s, "phone:11-26");
}

/* Entities. */

static void
test_orders(void **state)
{
	static const struct tcase cases[] = {
		{ "Where is #123456?", "123456" },
		{ "Amazon order 123-1234567-1234567 is late",
		    "123-1234567-1234567" },
		{ "my order 98765 never came", "98765" },
		{ "order no. 55555", "55555" },
		{ "Order number: AB-12345", "AB-12345" },
		{ "mi pedido nº 12345 no llega", "12345" },
		{ "el número de pedido es 7654321", "7654321" },
		{ "pedido 7654321", "7654321" },
		{ "la comanda 4567 no ha arribat", "4567" },
		{ "my order #4444 and #5555", "4444|5555" },
		{ "the order is late", "" },
		{ "#1 fan", "" },
	};
	char s[256];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		run(cases[i].text);
		entities("order_ids", s, sizeof(s));
		case_is(cases[i].text, s, cases[i].want);
	}
}

static void
test_tracking(void **state)
{
	char s[256];
	cJSON *j, *t;

	(void)state;
	run("UPS says 1Z999AA10123456784, Correos RR123456785ES");
	entities("tracking", s, sizeof(s));
	assert_string_equal(s, "1Z999AA10123456784|RR123456785ES");
	j = engine_json();
	t = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(j, "entities"), "tracking");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(t->child,
	    "carrier")->valuestring, "ups");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(t->child->next,
	    "carrier")->valuestring, "correos");
	cJSON_Delete(j);
	/* A bad S10 check digit. */
	run("RR123456784ES");
	entities("tracking", s, sizeof(s));
	assert_string_equal(s, "");
	run("DHL tracking number 1234567890");
	entities("tracking", s, sizeof(s));
	assert_string_equal(s, "1234567890");
	run("USPS 9400 1112 0108 0805 4830 16");
	entities("tracking", s, sizeof(s));
	assert_string_equal(s, "9400111201080805483016");
}

static void
test_links(void **state)
{
	char s[256];

	(void)state;
	run("@ShopCare see https://example.com/a?b=1 and shop.example.es "
	    "#fail #WhereIsMyOrder @ana @bob@mastodon.social "
	    "@carol.bsky.social");
	entities("urls", s, sizeof(s));
	assert_string_equal(s, "https://example.com/a?b=1|shop.example.es");
	entities("mentions", s, sizeof(s));
	assert_string_equal(s,
	    "ShopCare|ana|bob@mastodon.social|carol.bsky.social");
	entities("hashtags", s, sizeof(s));
	assert_string_equal(s, "fail|WhereIsMyOrder");
	/* Repeats are listed once. */
	run("#fail #fail @ana @ana");
	entities("hashtags", s, sizeof(s));
	assert_string_equal(s, "fail");
	entities("mentions", s, sizeof(s));
	assert_string_equal(s, "ana");
}

/* Urgency. */

static void
test_urgency(void **state)
{
	/* Each text and the cue that makes it urgent. */
	static const struct tcase cases[] = {
		{ "I need this urgently", "explicit" },
		{ "Please fix it ASAP", "explicit" },
		{ "Es urgente, lo necesito ya!", "explicit" },
		{ "Necessito el paquet ara mateix", "explicit" },
		{ "This is the third time I write", "repeat-contact" },
		{ "Again no answer", "repeat-contact" },
		{ "Os escribo otra vez", "repeat-contact" },
		{ "Es la tercera vez que llamo", "repeat-contact" },
		{ "Us escric un altre cop", "repeat-contact" },
		{ "Us ho demano de nou", "repeat-contact" },
		{ "My lawyer will hear about this", "threat" },
		{ "Hablaré con mi abogado", "threat" },
		{ "Pondré una denuncia en la OCU", "threat" },
		{ "Ho denunciaré a Consum", "threat" },
		{ "The charger caught fire", "safety" },
		{ "The kettle burned my hand", "safety" },
		{ "My son was injured by the toy", "safety" },
		{ "WHERE IS MY ORDER, THIS IS A DISGRACE", "shouting" },
		{ "Still nothing, terrible!!!", "shouting" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		run(cases[i].text);
		if (!classify_has_cue(res, cases[i].want) ||
		    !classify_urgent(res))
			fail_msg("'%s': want urgent with %s", cases[i].text,
			    cases[i].want);
	}
	run("Where is my order?");
	assert_false(classify_urgent(res));
	/* Happy capitals are not urgent. */
	run("THANK YOU SO MUCH!!!");
	assert_true(classify_has_cue(res, "shouting"));
	assert_false(classify_urgent(res));
	assert_false(classify_has_cue(res, "threat"));
}

/*
 * Shouting: words of four letters or more in capitals; acronyms (DHL,
 * UPS, SEUR, IBAN) are not shouting.  A message in capitals is urgent
 * unless it is positive.
 */
static void
test_shouting(void **state)
{
	static const char *const calm[] = {
		"DHL lost my UPS parcel",
		"My SEUR parcel is late, SEUR says USPS has it",
		"Please check the IBAN ES is correct, TIA",
		"I paid with VISA and AMEX, where is it?",
		"THE END",
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(calm); i++) {
		run(calm[i]);
		if (classify_has_cue(res, "shouting") || classify_urgent(res))
			fail_msg("'%s': shouting or urgent", calm[i]);
	}
	/* Neutral words in capitals are still urgent. */
	run("WHERE IS MY ORDER");
	assert_string_equal(classify_sentiment_label(res), "neutral");
	assert_true(classify_has_cue(res, "shouting"));
	assert_true(classify_urgent(res));
	run("where is my order??? I NEED IT TODAY");
	assert_true(classify_has_cue(res, "shouting"));
	/* Two loud words among many are not shouting; in a few they are. */
	run("The parcel came today, GREAT WORK, the courier was kind and "
	    "fast, thanks");
	assert_false(classify_has_cue(res, "shouting"));
	run("the parcel came, GREAT WORK");
	assert_true(classify_has_cue(res, "shouting"));
	assert_false(classify_urgent(res));
	/* Positive capitals are not urgent, however many. */
	run("I LOVE THIS JACKET SO MUCH");
	assert_true(classify_has_cue(res, "shouting"));
	assert_false(classify_urgent(res));
}

/* The JSON. */

static void
test_json(void **state)
{
	struct buf a, b;
	cJSON *j;
	const char *keys[] = { "category", "confidence", "scores",
	    "sentiment", "lang", "urgent", "cues", "entities", "pii" };
	const cJSON *k;
	size_t i;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	run("Where is my order #123456? I paid with 4111 1111 1111 1111!!");
	classify_json(eng, res, &a);
	run("something else");
	run("Where is my order #123456? I paid with 4111 1111 1111 1111!!");
	classify_json(eng, res, &b);
	assert_string_equal(a.s, b.s);
	j = engine_json();
	for (i = 0, k = j->child; i < CS_NELEM(keys); i++, k = k->next) {
		assert_non_null(k);
		assert_string_equal(k->string, keys[i]);
	}
	assert_null(k);
	cJSON_Delete(j);
	/* At most three decimals. */
	for (i = 0; i < a.len; i++) {
		if (a.s[i] == '.' && i + 4 < a.len && a.s[i + 1] >= '0' &&
		    a.s[i + 1] <= '9')
			assert_false(a.s[i + 4] >= '0' && a.s[i + 4] <= '9');
	}
	assert_null(strstr(a.s, "-0,"));
	assert_null(strstr(a.s, "4111"));
	assert_non_null(strstr(a.s, "\"hashtags\":[],\"cashtags\":[],"));
	buf_release(&a);
	buf_release(&b);
	/* Every entity list, each value once, and the pii types. */
	run("@ShopCare is $AMZN down? #fail, my DNI 12345678Z, "
	    "https://example.com/x $AMZN");
	j = engine_json();
	k = cJSON_GetObjectItemCaseSensitive(j, "entities");
	assert_int_equal(cJSON_GetArraySize(k), 8);
	assert_string_equal(cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(k, "cashtags"), 0)->valuestring,
	    "AMZN");
	assert_int_equal(cJSON_GetArraySize(
	    cJSON_GetObjectItemCaseSensitive(k, "cashtags")), 1);
	k = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "pii"), 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(k,
	    "type")->valuestring, "dni");
	cJSON_Delete(j);
}

/* Order patterns from the engine's setter and from a rules file. */
static void
test_order_patterns(void **state)
{
	static const char *const za[] = { "default", "ZA-N{8}" };
	static const char *const bad[] = { "default", "AAAA" };
	static const char rules[] = "{\"order_patterns\": [\"ZA-N{8}\"]}";
	static const char badrules[] = "{\"order_patterns\": [\"\"]}";
	static const char *const t = "ZA-12345678 and #123456";
	struct classify_result *r = classify_result_new();
	struct classify *c;
	struct cs_error e;
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_non_null(c = classify_new(&e));
#define ORDERS(want) do {						\
	run_in(c, r, t);				\
	buf_reset(&b);							\
	classify_json(c, r, &b);					\
	if (strstr(b.s, "\"order_ids\":" want ",") == NULL)		\
		fail_msg("want %s in %s", want, b.s);			\
} while (0)
	ORDERS("[\"123456\"]");
	assert_int_equal(classify_set_order_patterns(c, za, 2, &e), 0);
	ORDERS("[\"ZA-12345678\",\"123456\"]");
	/* A bad list changes nothing. */
	assert_int_equal(classify_set_order_patterns(c, bad, 2, &e), -1);
	assert_string_equal(e.msg, "order pattern 'AAAA': needs a digit (N)");
	ORDERS("[\"ZA-12345678\",\"123456\"]");
	/* None at all. */
	assert_int_equal(classify_set_order_patterns(c, NULL, 0, &e), 0);
	ORDERS("[]");
	/* A rules file replaces them; a bad one changes nothing. */
	assert_int_equal(classify_add_rules(c, rules, strlen(rules), "r.json",
	    &e), 0);
	ORDERS("[\"ZA-12345678\"]");
	assert_int_equal(classify_add_rules(c, badrules, strlen(badrules),
	    "b.json", &e), -1);
	assert_string_equal(e.msg, "b.json: order pattern '': is empty");
	ORDERS("[\"ZA-12345678\"]");
	/* A rules file without them keeps them. */
	assert_int_equal(classify_add_rules(c, "{}", 2, "e.json", &e), 0);
	ORDERS("[\"ZA-12345678\"]");
#undef ORDERS
	buf_release(&b);
	classify_result_free(r);
	classify_free(c);
}

/* Redaction, as cs-classify --redact runs it. */
static void
test_redact(void **state)
{
	static const char t[] = "Card 4111 1111 1111 1111, DNI 12345678Z, "
	    "mail ana@example.com, my password is hunter2. Order #123456";
	static const char want[] = "Card [card], DNI [dni], mail [email], "
	    "my password is [password]. Order #123456";
	struct buf a, b, out;
	char s[256];

	(void)state;
	buf_init(&a);
	buf_init(&b);
	buf_init(&out);
	run("nothing to hide, order #123456");
	assert_int_equal(classify_redact(res, "nothing to hide, order #123456",
	    30, &out), 0);
	assert_string_equal(out.s, "nothing to hide, order #123456");
	run(t);
	classify_json(eng, res, &a);
	buf_reset(&out);
	assert_int_equal(classify_redact(res, t, sizeof(t) - 1, &out), 4);
	assert_string_equal(out.s, want);
	/* Again on the redacted text: nothing more, spans on the tags. */
	run(want);
	pii(s, sizeof(s));
	assert_string_equal(s, "card:5-11 dni:17-22 email:29-36 "
	    "password:53-63");
	buf_reset(&out);
	assert_int_equal(classify_redact(res, want, sizeof(want) - 1, &out),
	    0);
	assert_string_equal(out.s, want);
	classify_json(eng, res, &b);
	/* The category and the rest are those of the original. */
	assert_non_null(strstr(b.s, "\"order_ids\":[\"123456\"]"));
	assert_null(strstr(b.s, "ana@"));
	buf_release(&a);
	buf_release(&b);
	buf_release(&out);
}

/* User rules. */

static void
test_rules_user(void **state)
{
	struct cs_error e;
	struct classify *c;
	struct classify_result *r = classify_result_new();
	static const char user[] =
	    "{\"_comment\": \"test\","
	    " \"categories\": {"
	    "  \"warranty\": {\"en\": {\"warranty\": 5, \"guarantee*\": 5},"
	    "                 \"es\": {\"garantía\": 5}},"
	    "  \"praise\": null,"
	    "  \"shipping\": {\"en\": {\"where is my order\": 0}}},"
	    " \"cues\": {\"vip\": {\"*\": {\"press\": 1}}}}";

	(void)state;
	assert_non_null(c = classify_new(&e));
	assert_int_equal(classify_add_rules(c, user, strlen(user), "user.json",
	    &e), 0);
	/* The rules' arithmetic, without the model's share. */
	classify_set_mode(c, CLASSIFY_RULES_ONLY);
	run_in(c, r, "is the warranty two years?");
	assert_string_equal(classify_category(r), "warranty");
	run_in(c, r, "¿la garantía es de dos años?");
	assert_string_equal(classify_category(r), "warranty");
	run_in(c, r, "guaranteed?");
	assert_string_equal(classify_category(r), "warranty");
	/* praise is gone; thanks is no longer a category. */
	run_in(c, r, "thank you so much");
	assert_string_equal(classify_category(r), "other");
	assert_true(classify_score(c, r, "praise") == -1);
	/* The phrase set to 0 is gone, "my order" still counts. */
	run_in(c, r, "where is my order");
	assert_true(classify_score(c, r, "shipping") < 0.7);
	run_in(c, r, "I work for the press");
	assert_true(classify_has_cue(r, "vip"));
	assert_true(classify_urgent(r));
	classify_result_free(r);
	classify_free(c);
}

static void
test_rules_replace(void **state)
{
	struct cs_error e;
	struct classify *c;
	struct classify_result *r = classify_result_new();
	static const char user[] =
	    "{\"replace\": true, \"categories\": {\"sizes\": {\"*\": "
	    "{\"size\": 1}}}}";
	struct buf b;
	const char *t = "what size? it is urgent";

	(void)state;
	buf_init(&b);
	assert_non_null(c = classify_new(&e));
	assert_int_equal(classify_add_rules(c, user, strlen(user), "u", &e),
	    0);
	run_in(c, r, t);
	classify_json(c, r, &b);
	assert_string_equal(classify_category(r), "sizes");
	assert_non_null(strstr(b.s, "\"scores\":{\"sizes\":0.5,"
	    "\"other\":0.5}"));
	assert_false(classify_urgent(r));
	buf_release(&b);
	classify_result_free(r);
	classify_free(c);
}

static void
test_rules_errors(void **state)
{
	/* Each rules file and its error. */
	static const struct tcase cases[] = {
		{ "{\"categories\": {", "f.json: invalid JSON at line 1, "
		    "column 16" },
		{ "{\n\"categories\": {\n\"x\": [1,]}}", "f.json: invalid JSON "
		    "at line 3, column 9" },
		{ "[]", "f.json: expected a JSON object" },
		{ "{\"categorie\": {}}", "f.json: unknown key 'categorie' "
		    "(expected categories, cues, order_patterns or replace)" },
		{ "{\"order_patterns\": \"#N{4}\"}", "f.json: order_patterns: "
		    "expected a list of strings" },
		{ "{\"order_patterns\": [\"#N{4}\", 5]}", "f.json: "
		    "order_patterns: expected a list of strings" },
		{ "{\"order_patterns\": [\"AAAA\"]}", "f.json: order pattern "
		    "'AAAA': needs a digit (N)" },
		{ "{\"categories\": {\"x\": {\"en\": {\"a\": \"2\"}}}}",
		    "f.json: categories.x.en: weight of 'a' must be a number "
		    "from 0 to 100" },
		{ "{\"categories\": {\"x\": {\"en\": {\"a\": -1}}}}",
		    "f.json: categories.x.en: weight of 'a' must be a number "
		    "from 0 to 100" },
		{ "{\"categories\": {\"x\": {\"english\": {\"a\": 1}}}}",
		    "f.json: categories.x: bad language 'english' (a two- or "
		    "three-letter code, or \"*\")" },
		{ "{\"categories\": {\"X Y\": {}}}", "f.json: categories: "
		    "bad name 'X Y' (use a-z, 0-9, '-' and '_', up to 32)" },
		{ "{\"categories\": {\"other\": {}}}", "f.json: categories: "
		    "'other' is what no rule matches and takes no phrases" },
		{ "{\"categories\": {\"x\": {\"en\": {\"?!\": 1}}}}",
		    "f.json: categories.x.en: phrase '?!' has no words" },
		{ "{\"cues\": {\"x\": {\"en\": {\"a b c d e f g h i\": 1}}}}",
		    "f.json: cues.x.en: phrase 'a b c d e f g h i' has more "
		    "than 8 words" },
		{ "{\"cues\": {\"x\": 3}}", "f.json: cues.x: expected an "
		    "object of languages, or null" },
		{ "{\"replace\": 1}", "f.json: replace: expected true or "
		    "false" },
	};
	struct cs_error e;
	struct classify *c;
	size_t i;

	(void)state;
	assert_non_null(c = classify_new(&e));
	for (i = 0; i < CS_NELEM(cases); i++) {
		e.msg[0] = '\0';
		assert_int_equal(classify_add_rules(c, cases[i].text,
		    strlen(cases[i].text), "f.json", &e), -1);
		assert_string_equal(e.msg, cases[i].want);
	}
	/* A failed file changes nothing. */
	run("thank you");
	assert_string_equal(classify_category(res), "praise");
	classify_free(c);
}

static void
test_rules_limits(void **state)
{
	struct classify_rules *r = classify_rules_new();
	struct cs_error e;
	struct buf b;
	int i;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "{\"categories\": {");
	for (i = 0; i < CLASSIFY_MAX_CATS; i++)
		buf_printf(&b, "%s\"c%d\": {}", i ? "," : "", i);
	buf_adds(&b, "}}");
	assert_int_equal(classify_rules_load(r, b.s, b.len, "big", &e), -1);
	assert_string_equal(e.msg, "big: more than 63 categories");
	assert_int_equal(classify_rules_ncats(r), 1);
	assert_string_equal(classify_rules_cat(r, 0), "other");
	buf_release(&b);
	classify_rules_free(r);
	classify_rules_free(NULL);
}

static void
test_rules_match(void **state)
{
	struct classify_rules *r = classify_rules_new();
	struct classify_text t;
	struct cs_error e;
	double cat[CLASSIFY_MAX_CATS], cue[CLASSIFY_MAX_CUES];
	static const char rules[] =
	    "{\"categories\": {\"a\": {\"en\": {\"refund*\": 1, "
	    "\"where * order\": 2, \"ya !\": 4}, \"es\": {\"pedido\": 1}}},"
	    " \"cues\": {\"q\": {\"*\": {\"l'empresa\": 1}}}}";

	(void)state;
	classify_text_init(&t);
	assert_int_equal(classify_rules_load(r, rules, strlen(rules), "m",
	    &e), 0);
	classify_rules_compile(r);
	assert_int_equal(classify_rules_ncats(r), 2);
	assert_string_equal(classify_rules_cat(r, 0), "a");
	assert_int_equal(classify_rules_ncues(r), 1);
	assert_string_equal(classify_rules_cue(r, 0), "q");
	assert_null(classify_rules_cue(r, 1));
	text_scan(&t, "Refunded! where my order");
	classify_rules_match(r, &t, "en", cat, cue);
	assert_true(cat[0] == 3);
	/* Another language's phrases count half. */
	text_scan(&t, "mi pedido");
	classify_rules_match(r, &t, "en", cat, cue);
	assert_true(cat[0] == 0.5);
	classify_rules_match(r, &t, "es", cat, cue);
	assert_true(cat[0] == 1);
	text_scan(&t, "YA! L\xe2\x80\x99" "EMPRESA");
	classify_rules_match(r, &t, "en", cat, cue);
	assert_true(cat[0] == 4);
	assert_true(cue[0] == 1);
	text_scan(&t, "ya, refun");
	classify_rules_match(r, &t, "en", cat, cue);
	assert_true(cat[0] == 0);
	classify_text_release(&t);
	classify_rules_free(r);
}

/* Lexicons. */

static void
test_lexicon(void **state)
{
	struct sentiment *s = sentiment_new();
	struct classify_text t;
	struct cs_error e;
	static const char lex[] =
	    "# test\n!negation\tnope\n!booster\tmega\t0.5\n!contrast\tyet\n"
	    "bueno\t2\nfantást*\t3\nkind of\t-1\r\n";

	(void)state;
	classify_text_init(&t);
	assert_int_equal(sentiment_load(s, "xx", lex, strlen(lex), "l",
	    &e), 0);
	assert_true(lexicon_score(s, &t, "xx", "Fantásticos") > 0.5);
	assert_true(lexicon_score(s, &t, "xx", "nope bueno") < 0);
	/* 2 / sqrt(4 + 15) and 2.5 / sqrt(6.25 + 15). */
	assert_true(close_to(lexicon_score(s, &t, "xx", "bueno"), 0.4588));
	assert_true(close_to(lexicon_score(s, &t, "xx", "mega bueno"), 0.5423));
	assert_true(lexicon_score(s, &t, "xx", "kind of") < 0);
	/*
	 * An unknown language falls back to English, here absent, then to
	 * the other lexicons.
	 */
	assert_true(close_to(lexicon_score(s, &t, "zz", "bueno"), 0.4588));

	assert_int_equal(sentiment_load(s, "xx", "a\tb\n", 4, "l", &e), -1);
	assert_string_equal(e.msg,
	    "l:1: valence must be a number from -4 to 4");
	assert_int_equal(sentiment_load(s, "xx", "\n\na\t9\n", 6, "l", &e),
	    -1);
	assert_string_equal(e.msg,
	    "l:3: valence must be a number from -4 to 4");
	assert_int_equal(sentiment_load(s, "xx", "a\n", 2, "l", &e), -1);
	assert_string_equal(e.msg, "l:1: expected word<TAB>valence");
	assert_int_equal(sentiment_load(s, "xx", "!boo\tx\n", 7, "l", &e), -1);
	assert_string_equal(e.msg, "l:1: unknown directive '!boo'");
	classify_text_release(&t);
	sentiment_free(s);
	sentiment_free(NULL);
}

static void
test_add_lexicon(void **state)
{
	struct cs_error e;
	struct classify *c;
	struct classify_result *r = classify_result_new();
	static const char lex[] = "parcel\t3\n";
	const char *t = "the parcel";

	(void)state;
	assert_non_null(c = classify_new(&e));
	run_in(c, r, t);
	assert_true(classify_sentiment(r) == 0);
	assert_int_equal(classify_add_lexicon(c, "en", lex, strlen(lex),
	    "p", &e), 0);
	run_in(c, r, t);
	assert_true(classify_sentiment(r) > 0.5);
	assert_int_equal(classify_add_lexicon(c, "en", "x", 1, "p", &e), -1);
	assert_string_equal(e.msg, "p:1: expected word<TAB>valence");
	classify_result_free(r);
	classify_free(c);
	classify_free(NULL);
	classify_result_free(NULL);
}

/* The tokeniser and the hash table. */

static void
test_text(void **state)
{
	struct classify_text t;
	struct classify_span skip[1] = { { 6, 20 } };
	const char *s;
	struct buf b;

	(void)state;
	classify_text_init(&t);
	text_scan(&t, "L'EMPRESA d'Àngel #Refund :) 😀 don't!");
	assert_int_equal(t.ntok, 9);
	assert_memory_equal(CTOK_STR(&t, &t.tok[0]), "l'", 2);
	assert_true(t.tok[0].flags & CTOK_ELISION);
	assert_memory_equal(CTOK_STR(&t, &t.tok[1]), "empresa", 7);
	assert_true(t.tok[1].flags & CTOK_CAPS);
	assert_memory_equal(CTOK_STR(&t, &t.tok[3]), "angel", 5);
	assert_memory_equal(t.lower.s + t.tok[3].loff, "àngel", 6);
	assert_true(t.tok[4].flags & CTOK_HASHTAG);
	assert_memory_equal(CTOK_STR(&t, &t.tok[4]), "refund", 6);
	assert_int_equal(t.tok[5].kind, CTOK_EMOJI);
	assert_memory_equal(CTOK_STR(&t, &t.tok[5]), ":)", 2);
	assert_int_equal(t.tok[6].kind, CTOK_EMOJI);
	assert_memory_equal(CTOK_STR(&t, &t.tok[7]), "don't", 5);
	assert_int_equal(t.tok[8].kind, CTOK_PUNCT);
	assert_int_equal(t.nexcl, 1);
	assert_int_equal(t.n_grave, 1);
	/* The source span of each token. */
	assert_int_equal(t.tok[1].src, 2);
	assert_int_equal(t.tok[1].srclen, 7);

	s = "hello https://x.y/z world";
	skip[0].start = 6;
	skip[0].end = 19;
	classify_text_scan(&t, s, strlen(s), skip, 1);
	assert_int_equal(t.ntok, 2);
	assert_memory_equal(CTOK_STR(&t, &t.tok[1]), "world", 5);

	/* Invalid UTF-8 is a separator. */
	s = "a\xff" "b col\xc2\xb7lecci\xc3\xb3";
	classify_text_scan(&t, s, strlen(s), NULL, 0);
	assert_int_equal(t.ntok, 3);
	assert_memory_equal(CTOK_STR(&t, &t.tok[2]), "colleccio", 9);
	assert_int_equal(t.n_middot, 1);

	buf_init(&b);
	assert_int_equal(classify_text_fold("ÀÉÎõü Straße", 18, &b), 13);
	assert_string_equal(b.s, "aeiou strasse");
	buf_release(&b);
	assert_int_equal(classify_text_cps("aé😀", 7), 3);
	assert_int_equal(classify_text_cps("", 0), 0);
	classify_text_release(&t);
}

static void
test_map(void **state)
{
	struct classify_map m;
	char k[16];
	int i;

	(void)state;
	classify_map_init(&m);
	assert_int_equal(classify_map_get(&m, "a", 1, classify_hash("a", 1)),
	    CLASSIFY_MAP_NONE);
	for (i = 0; i < 1000; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		*classify_map_put(&m, k, strlen(k)) = (uint32_t)i;
	}
	for (i = 0; i < 1000; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		assert_int_equal(classify_map_get(&m, k, strlen(k),
		    classify_hash(k, strlen(k))), i);
	}
	assert_int_equal(*classify_map_put(&m, "k5", 2), 5);
	assert_int_equal(classify_map_get(&m, "k", 1, classify_hash("k", 1)),
	    CLASSIFY_MAP_NONE);
	assert_int_equal(m.n, 1000);
	assert_int_not_equal(classify_hash("ab", 2), classify_hash("ba", 2));
	classify_map_release(&m);
}

static void
test_modules(void **state)
{
	struct cs_error e;
	struct langid *l = langid_new(&e);
	struct classify_entities ents;
	struct classify_text t;
	const char *s = "@ana call +34 612 345 678, card 4111111111111111";
	double conf;

	(void)state;
	assert_non_null(l);
	classify_text_init(&t);
	classify_entity_init(&ents);
	classify_entity_links(&ents, s, strlen(s));
	assert_int_equal(ents.nskip, 1);
	assert_int_equal(ents.skip[0].start, 0);
	assert_int_equal(ents.skip[0].end, 4);
	classify_text_scan(&t, s, strlen(s), ents.skip, ents.nskip);
	assert_string_equal(langid_detect(l, &t, NULL, &conf), "en");
	classify_entity_scan(&ents, &t);
	assert_int_equal(ents.npii, 2);
	assert_int_equal(ents.pii[0].kind, PII_PHONE);
	assert_int_equal(ents.pii[1].kind, PII_CARD);
	assert_string_equal(pii_name(PII_CARD), "card");
	assert_string_equal(pii_name(PII_IBAN), "iban");
	assert_string_equal(pii_name(PII_EMAIL), "email");
	assert_string_equal(pii_name(PII_PHONE), "phone");
	/* pii_scan alone finds cards and IBANs only. */
	ents.npii = 0;
	pii_scan(&ents, s, strlen(s));
	assert_int_equal(ents.npii, 1);
	pii_report(&ents, PII_EMAIL, 1, 2);
	assert_int_equal(ents.npii, 2);
	classify_entity_release(&ents);
	classify_text_release(&t);
	langid_free(l);
	langid_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_lang_ignores),
		cmocka_unit_test(test_lang_und),
		cmocka_unit_test(test_lang_hint),
		cmocka_unit_test(test_sentiment_basic),
		cmocka_unit_test(test_sentiment_negation),
		cmocka_unit_test(test_sentiment_boosters),
		cmocka_unit_test(test_sentiment_emphasis),
		cmocka_unit_test(test_sentiment_emoji),
		cmocka_unit_test(test_sentiment_but),
		cmocka_unit_test(test_sentiment_range),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_mood),
		cmocka_unit_test(test_luhn),
		cmocka_unit_test(test_iban),
		cmocka_unit_test(test_pii_cards),
		cmocka_unit_test(test_pii_spans),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_urgency),
		cmocka_unit_test(test_shouting),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_order_patterns),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_rules_user),
		cmocka_unit_test(test_rules_replace),
		cmocka_unit_test(test_rules_errors),
		cmocka_unit_test(test_rules_limits),
		cmocka_unit_test(test_rules_match),
		cmocka_unit_test(test_lexicon),
		cmocka_unit_test(test_add_lexicon),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_modules),
	};

	return cmocka_run_group_tests(tests, engine_setup, engine_teardown);
}
