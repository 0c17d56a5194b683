/*
 * test_sentiment: lib/sentiment.c with the built-in lexicons: VADER's
 * rules in English (negation, boosters and dampeners, "but", capitals,
 * '!' and '?', idioms), the same rules in Spanish and Catalan, emoji,
 * laughter, stretched words, the Snowball stemmers and the lexicon
 * format.
 */
#include "classify_testlib.h"

#include "data.h"

static struct sentiment		*sent;

static const struct {
	const char	*file;
	const char	*lang;
} lexicons[] = {
	{ "sentiment-en.txt", "en" },
	{ "sentiment-es.txt", "es" },
	{ "sentiment-ca.txt", "ca" },
	{ "sentiment-emoji.txt", "*" }
};

static int
setup(void **state)
{
	struct cs_error e;
	const char *p;
	size_t i, len;

	(void)state;
	sent = sentiment_new();
	for (i = 0; i < CS_NELEM(lexicons); i++) {
		if ((p = data_get(lexicons[i].file, &len)) == NULL ||
		    sentiment_load(sent, lexicons[i].lang, p, len,
		    lexicons[i].file, &e) == -1) {
			fprintf(stderr, "%s: %s\n", lexicons[i].file,
			    p == NULL ? "missing" : e.msg);
			return -1;
		}
	}
	return scan_setup(state);
}

static int
teardown(void **state)
{
	sentiment_free(sent);
	return scan_teardown(state);
}

/* The score of s in lang, links and handles left out as cs-classify does. */
static double
score(const char *lang, const char *s)
{
	links_scan(&E, &T, s);
	return sentiment_score(sent, &T, lang);
}

static const char *
label(const char *lang, const char *s)
{
	return sentiment_label(score(lang, s));
}

/* Cases: the label of a text. */
struct label_case {
	const char	*lang;
	const char	*text;
	const char	*label;
};

static void
check_labels(const struct label_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(label(c[i].lang, c[i].text), c[i].label) != 0)
			fail_msg("%s '%s': %s (%.3f), want %s", c[i].lang,
			    c[i].text, label(c[i].lang, c[i].text),
			    score(c[i].lang, c[i].text), c[i].label);
}

/* Cases: a text scores more than another ("" scores 0). */
struct order_case {
	const char	*lang;
	const char	*more;
	const char	*less;
};

static void
check_order(const struct order_case *c, size_t n)
{
	size_t i;
	double a, b;

	for (i = 0; i < n; i++) {
		a = score(c[i].lang, c[i].more);
		b = score(c[i].lang, c[i].less);
		if (!(a > b))
			fail_msg("%s: '%s' (%.3f) should score more than "
			    "'%s' (%.3f)", c[i].lang, c[i].more, a, c[i].less,
			    b);
	}
}

static void
test_basic(void **state)
{
	static const struct label_case c[] = {
		{ "en", "This is good", "positive" },
		{ "en", "This is bad", "negative" },
		{ "en", "The parcel is on the table", "neutral" },
		{ "en", "Thanks, you are amazing", "positive" },
		{ "es", "Es un servicio excelente", "positive" },
		{ "es", "Es un servicio pésimo", "negative" },
		{ "es", "El paquete está en la mesa", "neutral" },
		{ "es", "Me encanta, muchas gracias", "positive" },
		{ "es", "Qué asco de atención", "negative" },
		{ "ca", "És un servei excel·lent", "positive" },
		{ "ca", "És un servei pèssim", "negative" },
		{ "ca", "El paquet és a la taula", "neutral" },
		{ "ca", "Vull retornar la jaqueta", "neutral" },
		{ "ca", "Moltes gràcies, sou genials", "positive" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
	assert_true(score("en", "The parcel is on the table") == 0);
}

static void
test_negation(void **state)
{
	static const struct label_case c[] = {
		{ "en", "not good", "negative" },
		{ "en", "It is not good at all", "negative" },
		{ "en", "This isn't good", "negative" },
		{ "en", "This isnt good", "negative" },
		{ "en", "not bad", "positive" },
		{ "en", "never good", "negative" },
		{ "en", "the least useful thing", "negative" },
		{ "en", "no problem", "positive" },
		/* "no" alone is a word with a valence, as in VADER. */
		{ "en", "No.", "negative" },
		/* Three words back and no further, nor past a comma. */
		{ "en", "not that I care, the product is good", "positive" },
		{ "en", "I do not think the product is good", "positive" },
		{ "es", "no es bueno", "negative" },
		{ "es", "nunca es bueno", "negative" },
		{ "es", "no me gusta", "negative" },
		{ "es", "no está nada mal", "positive" },
		{ "es", "sin problemas", "positive" },
		{ "es", "no hay problema", "positive" },
		{ "es", "ni bueno", "negative" },
		{ "es", "tampoco es bonito", "negative" },
		{ "ca", "no és gens bo", "negative" },
		{ "ca", "mai no és bo", "negative" },
		{ "ca", "no és dolent", "positive" },
		{ "ca", "cap problema", "positive" },
		{ "ca", "sense problemes", "positive" },
	};
	static const struct order_case o[] = {
		/* "at least", "without doubt", "never so": no negation */
		{ "en", "at least it is good", "the least good" },
		{ "en", "it was never so good", "it was never good" },
		/* Clitics and auxiliaries do not count as words. */
		{ "es", "", "no me lo ha gustado" },
		{ "es", "me lo ha hecho bien", "no me lo ha hecho bien" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
	check_order(o, CS_NELEM(o));
}

static void
test_boosters(void **state)
{
	static const struct order_case o[] = {
		{ "en", "very good", "good" },
		{ "en", "good", "slightly good" },
		{ "en", "good", "kind of good" },
		{ "en", "good", "sort of good" },
		{ "en", "bad", "very bad" },
		{ "en", "extremely good", "somewhat good" },
		/* A booster nearer counts more. */
		{ "en", "it is very good", "very it is good" },
		{ "es", "muy bueno", "bueno" },
		{ "es", "malo", "muy malo" },
		{ "es", "bueno", "poco bueno" },
		{ "es", "súper bonito", "bonito" },
		{ "es", "re lindo", "lindo" },
		{ "ca", "molt bo", "bo" },
		{ "ca", "dolent", "molt dolent" },
		{ "ca", "bo", "poc bo" },
		/* Spanish superlatives are stronger. */
		{ "es", "buenísimo", "bueno" },
		{ "es", "malo", "malísimo" },
	};

	(void)state;
	check_order(o, CS_NELEM(o));
	/* A booster with a valence and nothing to boost: "super" alone. */
	assert_string_equal(label("en", "That was super"), "positive");
}

static void
test_emphasis(void **state)
{
	static const struct order_case o[] = {
		{ "en", "this is bad", "this is BAD" },
		{ "en", "this is bad", "this is bad!!!" },
		{ "en", "this is good!!!", "this is good" },
		/* '!' counts up to four. */
		{ "en", "good!!!!", "good!!!" },
		{ "en", "good??", "good" },
		{ "es", "esto es malo", "esto es MALO" },
		{ "es", "qué bonito!!", "qué bonito" },
		/* Stretched words are found, and stronger. */
		{ "en", "sooo goood", "so good" },
		{ "es", "buenooo", "bueno" },
	};

	(void)state;
	check_order(o, CS_NELEM(o));
	/* A message in capitals only: no contrast, no emphasis. */
	assert_true(score("en", "THIS IS BAD") == score("en", "this is bad"));
	assert_true(score("en", "good!!!!") == score("en", "good!!!!!!"));
}

static void
test_but(void **state)
{
	static const struct label_case c[] = {
		{ "en", "The shoes are nice but the delivery was terrible",
		    "negative" },
		{ "es", "El envío fue terrible pero el producto es genial",
		    "positive" },
		{ "es", "El producto es genial pero el envío fue terrible",
		    "negative" },
		{ "ca", "L'enviament va ser terrible però el producte és "
		    "genial", "positive" },
	};
	static const struct order_case o[] = {
		{ "en", "The delivery was terrible but the shoes are nice",
		    "" },
		/* A concessive clause counts half. */
		{ "en", "the shoes are nice", "although the shoes are nice" },
		{ "es", "es caro y es bonito", "es caro aunque es bonito" },
		{ "ca", "és bonic", "tot i que és bonic" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
	check_order(o, CS_NELEM(o));
}

static void
test_idioms(void **state)
{
	static const struct label_case c[] = {
		{ "en", "that concert was the bomb", "positive" },
		{ "en", "yeah right", "negative" },
		{ "en", "this cake is to die for", "positive" },
		{ "en", "feeling under the weather", "negative" },
		{ "en", "it does not cut the mustard", "negative" },
		{ "en", "without doubt the best", "positive" },
		{ "es", "vale la pena", "positive" },
		{ "es", "no vale la pena", "negative" },
		{ "es", "estoy hasta las narices", "negative" },
		{ "es", "qué pena", "negative" },
		{ "es", "lo siento mucho", "negative" },
		{ "es", "sin duda el mejor", "positive" },
		{ "ca", "val la pena", "positive" },
		{ "ca", "quina pena", "negative" },
		{ "ca", "no passa res", "positive" },
	};
	/* "de nada", "de res": not a negation. */
	static const struct order_case o[] = {
		{ "es", "de nada", "" },
		{ "ca", "de res", "" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
	check_order(o, CS_NELEM(o));
}

static void
test_emoji(void **state)
{
	static const struct label_case c[] = {
		{ "en", "😡", "negative" },
		{ "en", "😍", "positive" },
		{ "en", "my order 👍", "positive" },
		{ "es", "mi pedido 😭", "negative" },
		{ "ca", "la comanda 💔", "negative" },
		{ "en", ":(", "negative" },
		{ "en", "❤️", "positive" },
		{ "es", "otra vez :c", "negative" },
		{ "es", "ya llegó :v", "neutral" },
		/* Emoji from VADER's list, scored by their descriptions. */
		{ "en", "💝", "positive" },
	};
	static const struct order_case o[] = {
		{ "en", "thanks :)", "thanks" },
		{ "es", "gracias ❤", "gracias" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
	check_order(o, CS_NELEM(o));
}

static void
test_laughter(void **state)
{
	static const struct label_case c[] = {
		{ "es", "jajaja", "positive" },
		{ "es", "JAJAJAJA", "positive" },
		{ "es", "jsjsjsjs", "positive" },
		{ "es", "jajsjajsja", "positive" },
		{ "es", "jeje", "positive" },
		{ "en", "hahahaha", "positive" },
		{ "ca", "jajaja", "positive" },
		{ "es", "xD", "positive" },
		/* Not laughter: "hoja", "jefe". */
		{ "es", "la hoja", "neutral" },
		{ "es", "mi jefe", "neutral" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
}

static void
test_words(void **state)
{
	static const struct label_case c[] = {
		/* Stems: inflected words the lexicons list only once. */
		{ "es", "estoy decepcionadísima", "negative" },
		{ "es", "me siento feliz", "positive" },
		{ "es", "son unos incompetentes", "negative" },
		{ "es", "qué aburrimiento", "negative" },
		{ "es", "estoy agobiadísimo", "negative" },
		{ "ca", "estic molt decebuda", "negative" },
		{ "ca", "sou uns cracks", "positive" },
		/* Diminutives keep their word's valence. */
		{ "es", "pobrecito", "negative" },
		{ "es", "qué bonitito", "positive" },
		/* Neutral words that look like stems: "tema", "tren". */
		{ "es", "el tema del tren", "neutral" },
		/* An unknown language: English, else another lexicon. */
		{ "und", "excelente", "positive" },
		{ "fr", "good", "positive" },
	};

	(void)state;
	check_labels(c, CS_NELEM(c));
}

static void
test_range(void **state)
{
	double s;

	(void)state;
	s = score("en", "great great great amazing wonderful excellent love "
	    "it fantastic perfect awesome!!!!");
	assert_true(s > 0.9 && s <= 1);
	s = score("en", "terrible horrible awful worst scam disgusting "
	    "hate!!!!");
	assert_true(s < -0.9 && s >= -1);
	s = score("es", "pésimo horrible terrible asqueroso vergüenza "
	    "estafa!!!!");
	assert_true(s < -0.9 && s >= -1);
	assert_string_equal(sentiment_label(0.3), "positive");
	assert_string_equal(sentiment_label(0.299), "neutral");
	assert_string_equal(sentiment_label(0), "neutral");
	assert_string_equal(sentiment_label(-0.299), "neutral");
	assert_string_equal(sentiment_label(-0.3), "negative");
	assert_string_equal(sentiment_label(1), "positive");
	assert_string_equal(sentiment_label(-1), "negative");
	/* Empty and wordless texts. */
	assert_true(score("en", "") == 0);
	assert_true(score("es", "12345 !!! ???") == 0);
}

static void
test_stem(void **state)
{
	/* Checked against nlp.js's stemmers (@nlpjs/lang-es, lang-ca). */
	static const struct {
		const char	*lang, *word, *stem;
	} c[] = {
		{ "es", "aburridas", "aburr" },
		{ "es", "canciones", "cancion" },
		{ "es", "felices", "felic" },
		{ "es", "comprarlo", "compr" },
		{ "es", "decepcionado", "decepcion" },
		{ "es", "activista", "activist" },
		{ "es", "agresiva", "agresiv" },
		{ "es", "amablemente", "amabl" },
		{ "es", "horrible", "horribl" },
		{ "es", "perfectamente", "perfect" },
		{ "es", "buenisimo", "buenisim" },
		{ "es", "dandole", "dandol" },
		{ "es", "mal", "mal" },
		{ "ca", "feliç", "felic" },
		{ "ca", "perillós", "perill" },
		{ "ca", "meravellosa", "meravell" },
		{ "ca", "fantàstica", "fantastic" },
		{ "ca", "tristesa", "trist" },
		{ "ca", "gràcies", "grac" },
		{ "ca", "enfadat", "enfad" },
		{ "ca", "esperança", "esper" },
	};
	char out[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < CS_NELEM(c); i++) {
		n = sentiment_stem(c[i].lang, c[i].word, strlen(c[i].word),
		    out, sizeof(out));
		if (n == 0 || strcmp(out, c[i].stem) != 0)
			fail_msg("%s %s: '%s', want '%s'", c[i].lang,
			    c[i].word, n ? out : "", c[i].stem);
		assert_int_equal(n, strlen(c[i].stem));
	}
	assert_int_equal(sentiment_stem("en", "cats", 4, out, sizeof(out)), 0);
	assert_int_equal(sentiment_stem("es", "felices", 7, out, 3), 0);
	assert_int_equal(sentiment_stem("es", "x", 1, out, 0), 0);
}

static void
test_load(void **state)
{
	struct sentiment *s = sentiment_new();
	struct classify_text t;
	struct cs_error e;
	static const char lex[] =
	    "# test\n!negation\tnope\n!booster\tmega\t0.5\n!contrast\tyet\n"
	    "!concessive\talbeit\n!skip\tum\nbueno\t2\nfantást*\t3\n"
	    "kind of\t-1\r\n";
	static const char es[] = "~felic\t3\n";
	/* Each bad lexicon and its error. */
	static const struct tcase bad[] = {
		{ "a\tb\n", "l:1: valence must be a number from -4 to 4" },
		{ "\n\na\t9\n", "l:3: valence must be a number from -4 to 4" },
		{ "a\n", "l:1: expected word<TAB>valence" },
		{ "!boo\tx\n", "l:1: unknown directive '!boo'" },
		{ "!booster\tx\n", "l:1: expected word<TAB>valence" },
		{ "!booster\tx\ty\n",
		    "l:1: valence must be a number from -4 to 4" },
		{ "!negation\tx\t1\n", "l:1: expected word<TAB>valence" },
		{ "a b c d\t1\n", "l:1: bad word" },
		{ "ab cd*\t1\n", "l:1: bad word" },
		{ "a*\t1\n", "l:1: a stem needs two letters or more" },
		{ "~abc\t1\n", "l:1: no stemmer for 'xx'" },
	};
	size_t i;

	(void)state;
	classify_text_init(&t);
	assert_int_equal(sentiment_load(s, "xx", lex, strlen(lex), "l",
	    &e), 0);
	assert_true(lexicon_score(s, &t, "xx", "Fantásticos") > 0.5);
	assert_true(lexicon_score(s, &t, "xx", "nope bueno") < 0);
	assert_true(lexicon_score(s, &t, "xx", "nope um um bueno") < 0);
	/* 2 / sqrt(4 + 15) and 2.5 / sqrt(6.25 + 15). */
	assert_true(close_to(lexicon_score(s, &t, "xx", "bueno"), 0.4588));
	assert_true(close_to(lexicon_score(s, &t, "xx", "mega bueno"), 0.5423));
	/* 0.5 * 2 + 1.5 * 2 = 4: 4 / sqrt(16 + 15). */
	assert_true(close_to(lexicon_score(s, &t, "xx", "bueno yet bueno"),
	    0.7184));
	/* 2 + 0.5 * 2 = 3: 3 / sqrt(9 + 15). */
	assert_true(close_to(lexicon_score(s, &t, "xx", "bueno albeit bueno"),
	    0.6124));
	assert_true(lexicon_score(s, &t, "xx", "kind of") < 0);
	/* Snowball stems: "felices" and "felicidad" stem to "felic". */
	assert_int_equal(sentiment_load(s, "es", es, strlen(es), "l", &e), 0);
	assert_true(lexicon_score(s, &t, "es", "felices") > 0.5);
	for (i = 0; i < CS_NELEM(bad); i++) {
		if (sentiment_load(s, "xx", bad[i].text, strlen(bad[i].text),
		    "l", &e) != -1 || strcmp(e.msg, bad[i].want) != 0)
			fail_msg("'%s': '%s', want '%s'", bad[i].text, e.msg,
			    bad[i].want);
	}
	classify_text_release(&t);
	sentiment_free(s);
	sentiment_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_boosters),
		cmocka_unit_test(test_emphasis),
		cmocka_unit_test(test_but),
		cmocka_unit_test(test_idioms),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_laughter),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_stem),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
