/*
 * test_langid: language identification (lib/langid.c), through the whole
 * engine as cs-classify runs it and through the module alone.
 */
#include "classify_testlib.h"

/*
 * Each case's text must come out as its language (want), with a
 * confidence over min.
 */
static void
check(const struct tcase *c, size_t n, const char *hint, double min)
{
	size_t i;

	for (i = 0; i < n; i++) {
		run_hint(c[i].text, hint);
		if (strcmp(classify_lang(res), c[i].want) != 0)
			fail_msg("'%s': got %s (%.3f), want %s", c[i].text,
			    classify_lang(res), classify_lang_confidence(res),
			    c[i].want);
		if (!(classify_lang_confidence(res) >= min &&
		    classify_lang_confidence(res) <= 1))
			fail_msg("'%s': confidence %.3f, want %.2f to 1",
			    c[i].text, classify_lang_confidence(res), min);
	}
}

static void
test_plain(void **state)
{
	static const struct tcase c[] = {
		{ "Where is my order? It was due last week", "en" },
		{ "thanks for the quick reply, you guys are great", "en" },
		{ "I still haven't got my refund", "en" },
		{ "¿Dónde está mi pedido? Todavía no ha llegado", "es" },
		{ "Hola, quiero devolver unas zapatillas", "es" },
		{ "muchas gracias por todo, sois los mejores", "es" },
		{ "On és la meva comanda? Encara no ha arribat", "ca" },
		{ "Hola, vull retornar unes sabates", "ca" },
		{ "moltes gràcies per l'ajuda", "ca" },
		{ "Olá, a minha encomenda ainda não chegou", "pt" },
		{ "Muito obrigado pela ajuda, vocês são demais", "pt" },
		{ "Ola, a miña encomenda aínda non chegou", "gl" },
		{ "Moitas grazas pola axuda, sodes moi amables", "gl" },
		{ "Kaixo, nire eskaera ez da oraindik iritsi", "eu" },
		{ "Eskerrik asko zure laguntzagatik", "eu" },
		{ "Bonjour, où est ma commande ? Merci", "fr" },
		{ "Hallo, wo ist meine Bestellung? Danke", "de" },
		{ "Ciao, dov'è il mio ordine? Grazie mille", "it" },
	};

	(void)state;
	check(c, CS_NELEM(c), NULL, 0.8);
}

/* Catalan against Spanish, Galician against Portuguese: minimal pairs. */
static void
test_pairs(void **state)
{
	static const struct tcase c[] = {
		{ "Tinc una pregunta sobre la comanda", "ca" },
		{ "Tengo una pregunta sobre el pedido", "es" },
		{ "Això és molt car", "ca" },
		{ "Esto es muy caro", "es" },
		{ "Gràcies per tot", "ca" },
		{ "Gracias por todo", "es" },
		{ "La meva comanda no ha arribat", "ca" },
		{ "Mi pedido no ha llegado", "es" },
		{ "Ja no tinc temps", "ca" },
		{ "Ya no tengo tiempo", "es" },
		{ "Xa non teño tempo", "gl" },
		{ "Já não tenho tempo", "pt" },
		{ "Moitas grazas", "gl" },
		{ "Muito obrigado", "pt" },
		{ "Teño unha pregunta", "gl" },
		{ "Tenho uma pergunta", "pt" },
		{ "A miña encomenda non chegou", "gl" },
		{ "A minha encomenda não chegou", "pt" },
		{ "Hoxe non podo", "gl" },
		{ "Hoje não posso", "pt" },
		{ "Hoy no puedo", "es" },
		{ "Poucas veces teño frío", "gl" },
		{ "Poucas vezes tenho frio", "pt" },
		{ "Pocas veces tengo frío", "es" },
		{ "Imaxina que xa pasou", "gl" },
		{ "Imagina que ya pasó", "es" },
		{ "Imagina que já passou", "pt" },
		{ "Quedeime traballando toda a tarde", "gl" },
		{ "Me quedé trabajando toda la tarde", "es" },
		{ "Fiquei a trabalhar a tarde toda", "pt" },
	};

	(void)state;
	check(c, CS_NELEM(c), NULL, 0.5);
}

/* Handles, links, hashtags, numbers and emoji are not words. */
static void
test_ignores(void **state)
{
	static const struct tcase c[] = {
		{ "@TheEnglishShop http://example.com/english-shop "
		    "¿dónde está mi pedido? 😀 #thanks", "es" },
		{ "@ShopCare encara no ha arribat #WhereIsMyOrder", "ca" },
		{ "@loja.bsky.social #ThankYou muito obrigado 👍👍👍",
		    "pt" },
		{ "@user@mastodon.social xa non teño tempo https://a.co/x "
		    "12345 😀", "gl" },
		/* A place after a lone "@" counts less than the text. */
		{ "Thank you so much for a great night @ Casa Pepe, Barcelona "
		    "https://instagram.com/p/x", "en" },
	};

	(void)state;
	check(c, CS_NELEM(c), NULL, 0.5);
}

/* Twitter spelling: stretched letters, laughter, no accents. */
static void
test_noisy(void **state)
{
	static const struct tcase c[] = {
		{ "graciaaaas por todooo", "es" },
		{ "holaaa q tal estas", "es" },
		{ "jajajajaja que risa tio", "es" },
		{ "moltes gracies!!!", "ca" },
		{ "nao sei o que fazer kkkkkkk", "pt" },
		{ "ahahahah estou morta", "pt" },
		{ "tamen o sei", "gl" },
		{ "eunooon!", "eu" },
		{ "ondoloin denoi", "eu" },
		{ "bihar ezin naiz etorri, ezdakit", "eu" },
		{ "etxeen nago, pixkat nekatuta", "eu" },
		{ "THANK YOU SO MUCH", "en" },
	};

	(void)state;
	check(c, CS_NELEM(c), NULL, 0.4);
}

static void
test_und(void **state)
{
	static const char *const c[] = {
		"😀😀 123 @x http://a.co",
		"12345 !!! 😀 @ShopCare https://example.com",
		"#hello #world",
		"",
		"   ",
	};
	static const char *const weak[] = { "Messi", "mmm", "Ander", "ok" };
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(c); i++) {
		run(c[i]);
		if (strcmp(classify_lang(res), "und") != 0)
			fail_msg("'%s': got %s, want und", c[i],
			    classify_lang(res));
		assert_true(classify_lang_confidence(res) == 0);
	}
	/*
	 * Words that say little: a low confidence, and "und" exactly when
	 * it is below LANGID_UND.
	 */
	for (i = 0; i < CS_NELEM(weak); i++) {
		double cf;

		run_hint(weak[i], "fr");
		cf = classify_lang_confidence(res);
		if (!(cf > 0 && cf < 0.5))
			fail_msg("'%s': confidence %.3f", weak[i], cf);
		assert_int_equal(strcmp(classify_lang(res), "und") == 0,
		    cf < LANGID_UND);
	}
}

/* The network's tag is a weak prior: it decides only when words don't. */
static void
test_hint(void **state)
{
	/* Each text, its hint and its language. */
	static const struct tcase_with c[] = {
		{ "Messi", "ca", "ca" },
		{ "Messi", "es-ES", "es" },
		{ "Messi", "pt-BR", "pt" },
		{ "Messi", "glg", "gl" },
		{ "Messi", "eus", "eu" },
		{ "Messi", "EN", "en" },
		{ "Messi", "spa", "es" },
		{ "¿Dónde está mi pedido? Todavía no ha llegado", "en", "es" },
		{ "On és la meva comanda? Encara no ha arribat", "es", "ca" },
		{ "Xa non teño tempo", "pt", "gl" },
		{ "Where is my order?", "qme", "en" },
		{ "Where is my order?", "", "en" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(c); i++) {
		run_hint(c[i].text, c[i].with);
		if (strcmp(classify_lang(res), c[i].want) != 0)
			fail_msg("'%s' hint %s: got %s, want %s", c[i].text,
			    c[i].with, classify_lang(res), c[i].want);
	}
}

/* Confidence grows with evidence and stays within 0..1. */
static void
test_confidence(void **state)
{
	double one, many;

	(void)state;
	run("pedido");
	one = classify_lang_confidence(res);
	assert_string_equal(classify_lang(res), "es");
	run("Hola, mi pedido todavía no ha llegado y ya pasaron dos "
	    "semanas");
	many = classify_lang_confidence(res);
	assert_string_equal(classify_lang(res), "es");
	assert_true(one > LANGID_UND && one < many);
	assert_true(many > 0.99 && many <= 1);
}

/* The module alone, as the engine drives it. */
static void
test_module(void **state)
{
	static const struct tcase c[] = {
		{ "@ana where is my parcel?", "en" },
		{ "@ana on és el meu paquet?", "ca" },
		{ "@ana ¿dónde está mi paquete?", "es" },
	};
	struct cs_error e;
	struct langid *l = langid_new(&e);
	struct classify_entities ents;
	struct classify_text t;
	double conf;
	size_t i;

	(void)state;
	assert_non_null(l);
	classify_text_init(&t);
	classify_entity_init(&ents);
	for (i = 0; i < CS_NELEM(c); i++) {
		links_scan(&ents, &t, c[i].text);
		assert_string_equal(langid_detect(l, &t, NULL, &conf),
		    c[i].want);
		assert_true(conf > 0.5 && conf <= 1);
	}
	/* Again, reusing everything: the same answers. */
	for (i = 0; i < CS_NELEM(c); i++) {
		links_scan(&ents, &t, c[i].text);
		assert_string_equal(langid_detect(l, &t, "fr", &conf),
		    c[i].want);
	}
	classify_text_scan(&t, "", 0, NULL, 0);
	assert_string_equal(langid_detect(l, &t, NULL, &conf), "und");
	assert_true(conf == 0);
	classify_entity_release(&ents);
	classify_text_release(&t);
	langid_free(l);
	langid_free(NULL);
}

/* Long texts cost no more than their first words and stay right. */
/*
 * Galician against Spanish: Galician's own words ("tódolos", "lonxe",
 * "desta" with Portuguese), its pronouns fused to the verb ("contarlle",
 * "falaches": endings of words no list has), and Spanish "o", which is
 * "or" there but the article in Galician.
 */
static void
test_galician(void **state)
{
	static const struct tcase c[] = {
		{ "tódolos días igual", "gl" },
		{ "estamos moi lonxe", "gl" },
		{ "imos contarlle todo", "gl" },
		{ "xa llo falaches", "gl" },
		{ "o coche e a moto", "gl" },
		{ "el partido de esta semana", "es" },
		{ "uno o dos días", "es" },
	};

	(void)state;
	check(c, CS_NELEM(c), NULL, 0.5);
}

static void
test_long(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "a miña encomenda aínda non chegou ");
	classify_run(eng, b.s, b.len, NULL, res);
	assert_string_equal(classify_lang(res), "gl");
	buf_reset(&b);
	for (i = 0; i < 500; i++)
		buf_adds(&b, "supercalifragilisticoespialidosoextraordinario"
		    "yaunmaslargoquetodo ");
	classify_run(eng, b.s, b.len, NULL, res);
	assert_true(classify_lang_confidence(res) >= 0);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_ignores),
		cmocka_unit_test(test_noisy),
		cmocka_unit_test(test_und),
		cmocka_unit_test(test_hint),
		cmocka_unit_test(test_confidence),
		cmocka_unit_test(test_module),
		cmocka_unit_test(test_galician),
		cmocka_unit_test(test_long),
	};

	return cmocka_run_group_tests(tests, engine_setup, engine_teardown);
}
