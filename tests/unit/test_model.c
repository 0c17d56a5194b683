/*
 * test_model: the category model (lib/model.c): the file format, its
 * errors, prediction, training, and how lib/classify.c combines it with
 * the rules.
 */
#include "classify_testlib.h"

#include "model.h"

/*
 * A small model in the canonical form model_write gives: features
 * sorted, no comment.  "refund" and the stem "refun" say returns, "where
 * is" says shipping, numbers say shipping a little, "?" says info.
 */
static const char small[] =
    "cs-classify-model 1\n"
    "categories info returns shipping other\n"
    "prefix 5\n"
    "bigrams 1\n"
    "norm none\n"
    "scale 1000\n"
    "bias 0 0 0 500\n"
    "rows 7\n"
    "w\t0\t0 0 1000 0\n"
    "w\t?\t1500 0 0 0\n"
    "w\trefund\t0 2000 0 0\n"
    "w\twhere\t0 0 250 0\n"
    "w\t😍\t0 0 0 3000\n"
    "p\trefun\t0 1000 0 0\n"
    "b\twhere is\t0 0 2000 0\n"
    "end\n";

static struct model *
load(const char *s)
{
	struct cs_error e;
	struct model *m = model_load(s, strlen(s), "t.model", &e);

	if (m == NULL)
		fail_msg("model_load: %s", e.msg);
	return m;
}

/* The error model_load gives for s, which must fail. */
static const char *
load_error(const char *s, size_t len)
{
	static struct cs_error e;

	e.msg[0] = '\0';
	assert_null(model_load(s, len, "bad.model", &e));
	return e.msg;
}

/* Probabilities of text (no links or handles in it). */
static void
predict(const struct model *m, const char *text, double *p)
{
	text_scan(&T, text);
	model_predict(m, &T, p);
}

/* The softmax of the raw scores z, for the expected values. */
static double
soft(const double *z, size_t n, size_t i)
{
	double sum = 0;
	size_t j;

	for (j = 0; j < n; j++)
		sum += exp(z[j]);
	return exp(z[i]) / sum;
}

/* Fail the test unless p is the softmax of the n raw scores z. */
static void
probs_are(const double *p, const double *z, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_true(fabs(p[i] - soft(z, n, i)) < 1e-6);
}

static void
test_names(void **state)
{
	(void)state;
	assert_true(model_valid_name("shipping"));
	assert_true(model_valid_name("a-b_9"));
	assert_false(model_valid_name(""));
	assert_false(model_valid_name("Shipping"));
	assert_false(model_valid_name("a b"));
	assert_false(model_valid_name("abcdefghijabcdefghijabcdefghijabc"));
	assert_true(model_valid_name("abcdefghijabcdefghijabcdefghijab"));
}

static void
test_load_write(void **state)
{
	struct model *m;
	struct buf b;

	(void)state;
	m = load(small);
	assert_int_equal(model_ncats(m), 4);
	assert_string_equal(model_cat(m, 0), "info");
	assert_string_equal(model_cat(m, 3), "other");
	assert_null(model_cat(m, 4));
	assert_int_equal(model_nfeatures(m), 7);
	/* Written back, byte for byte. */
	buf_init(&b);
	model_write(m, &b);
	assert_string_equal(b.s, small);
	buf_release(&b);
	model_free(m);
	model_free(NULL);

	/* Comments, blank lines, CRLF and any header order are fine. */
	m = load("# a comment\r\n\ncs-classify-model 1\r\nscale 1000\r\n"
	    "categories a b\r\n# between\r\nbias 1 -1\r\nrows 1\r\n"
	    "w\tx\t5 -5\r\nend\r\n");
	assert_int_equal(model_nfeatures(m), 1);
	model_free(m);
}

static void
test_load_errors(void **state)
{
	/* Each file and the start of its error. */
	static const struct tcase cases[] = {
		{ "", "bad.model:1: not a model file" },
		{ "hello\n", "bad.model:1: not a model file" },
		{ "cs-classify-model 2\n", "bad.model:1: unsupported model "
		    "version '2'" },
		{ "cs-classify-model 1\n", "bad.model:1: unexpected end of "
		    "file in the header" },
		{ "cs-classify-model 1\ncategories a\n", "bad.model:2: bad "
		    "categories" },
		{ "cs-classify-model 1\ncategories a a\n", "bad.model:2: bad "
		    "categories" },
		{ "cs-classify-model 1\ncategories a B\n", "bad.model:2: bad "
		    "categories" },
		{ "cs-classify-model 1\ncategories a b\ncategories c d\n",
		    "bad.model:3: categories given twice" },
		{ "cs-classify-model 1\nbias 1 2\n", "bad.model:2: bias "
		    "before categories" },
		{ "cs-classify-model 1\ncategories a b\nbias 1\n",
		    "bad.model:3: bad bias (2 whole numbers)" },
		{ "cs-classify-model 1\ncategories a b\nbias 1 2 3\n",
		    "bad.model:3: bad bias" },
		{ "cs-classify-model 1\ncategories a b\nbias 1 x\n",
		    "bad.model:3: bad bias" },
		{ "cs-classify-model 1\ncategories a b\nprefix 17\n",
		    "bad.model:3: bad prefix (0 to 16)" },
		{ "cs-classify-model 1\ncategories a b\nbigrams 2\n",
		    "bad.model:3: bad bigrams" },
		{ "cs-classify-model 1\ncategories a b\nnorm l1\n",
		    "bad.model:3: bad norm" },
		{ "cs-classify-model 1\ncategories a b\nscale 100\n",
		    "bad.model:3: unsupported scale" },
		{ "cs-classify-model 1\ncategories a b\nweights 3\n",
		    "bad.model:3: unknown header line 'weights 3'" },
		{ "cs-classify-model 1\nrows 0\n", "bad.model:2: no "
		    "categories" },
		{ "cs-classify-model 1\ncategories a b\nrows 0\n",
		    "bad.model:3: no bias" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows x\n",
		    "bad.model:4: bad rows" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 2\n"
		    "w\tx\t1 2\n", "bad.model:5: 1 weight lines missing" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "w x 1 2\n", "bad.model:5: expected KIND<TAB>FEATURE<TAB>"
		    "WEIGHTS" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "z\tx\t1 2\n", "bad.model:5: bad feature kind 'z'" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "w\tx\t1 2 3\n", "bad.model:5: bad weights (2 whole "
		    "numbers)" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "w\tx\t1  2\n", "bad.model:5: bad weights" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "w\tx\t1 99999999\n", "bad.model:5: bad weights" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "w\ta b\t1 2\n", "bad.model:5: bad feature 'a b'" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "b\tab\t1 2\n", "bad.model:5: bad feature 'ab'" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "b\ta b c\t1 2\n", "bad.model:5: bad feature 'a b c'" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 2\n"
		    "w\tx\t1 2\nw\tx\t3 4\n", "bad.model:6: feature 'x' given "
		    "twice" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
		    "w\tx\t1 2\n", "bad.model:5: expected 'end' after 1 weight "
		    "lines" },
		{ "cs-classify-model 1\ncategories a b\nbias 0 0\nrows 0\n"
		    "end\nmore\n", "bad.model:6: text after 'end'" },
	};
	static const char nul[] = "cs-classify-model 1\n\0";
	size_t i;
	const char *msg;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		msg = load_error(cases[i].text, strlen(cases[i].text));
		if (strncmp(msg, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i, msg,
			    cases[i].want);
	}
	msg = load_error(nul, sizeof(nul) - 1);
	assert_string_equal(msg, "bad.model: not a model file (NUL byte)");
	/* The same feature as two kinds is two features. */
	model_free(load("cs-classify-model 1\ncategories a b\nbias 0 0\n"
	    "rows 2\nw\tx\t1 2\np\tx\t3 4\nend\n"));
}

static void
test_predict(void **state)
{
	struct model *m = load(small);
	double p[4], z[4];

	(void)state;
	/* Nothing known: the biases alone. */
	predict(m, "lorem ipsum", p);
	z[0] = z[1] = z[2] = 0;
	z[3] = 0.5;
	probs_are(p, z, 4);
	/* A word, its stem, a number ("0"), a question mark. */
	predict(m, "Refund 12345?", p);
	z[0] = 1.5;
	z[1] = 2 + 1;
	z[2] = 1;
	z[3] = 0.5;
	probs_are(p, z, 4);
	/* The stem alone, folded: "Refunded" gives "refun". */
	predict(m, "REFÚNDED", p);
	z[0] = z[2] = 0;
	z[1] = 1;
	probs_are(p, z, 4);
	/* A pair, and its first word. */
	predict(m, "where is it", p);
	z[1] = 0;
	z[2] = 2.25;
	probs_are(p, z, 4);
	/* An emoji is a word. */
	predict(m, "😍", p);
	z[2] = 0;
	z[3] = 3.5;
	probs_are(p, z, 4);
	model_free(m);

	/* A pair whose first word has no row is not looked up. */
	m = load("cs-classify-model 1\ncategories a b\nbias 0 0\nrows 1\n"
	    "b\twhere is\t0 3000\nend\n");
	predict(m, "where is it", p);
	assert_true(fabs(p[0] - 0.5) < 1e-9);
	model_free(m);

	/* With "norm sqrt", each of the n features is worth 1/sqrt(n). */
	m = load("cs-classify-model 1\ncategories a b\nprefix 5\nbigrams 1\n"
	    "norm sqrt\nbias 0 0\nrows 1\nw\trefund\t0 2000\nend\n");
	/* refund, refun, now, refund now: 4 features. */
	predict(m, "refund now", p);
	z[0] = 0;
	z[1] = 2 / sqrt(4);
	assert_true(fabs(p[1] - soft(z, 2, 1)) < 1e-6);
	model_free(m);
}

static struct model *
train(const struct model_params *p, const char *const *data, size_t n)
{
	struct cs_error e;
	struct model_trainer *tr = model_trainer_new(p);
	struct model *m;
	size_t i;

	for (i = 0; i < n; i += 2)
		assert_int_equal(model_trainer_add(tr, data[i + 1],
		    strlen(data[i + 1]), data[i], 1, &e), 0);
	assert_int_equal(model_trainer_count(tr), n / 2);
	m = model_trainer_fit(tr, &e);
	if (m == NULL)
		fail_msg("fit: %s", e.msg);
	model_trainer_free(tr);
	return m;
}

static const char *const data[] = {
	"shipping", "where is my parcel",
	"shipping", "my parcel has not arrived",
	"shipping", "when will the parcel arrive",
	"shipping", "parcel still not delivered",
	"returns", "I want a refund",
	"returns", "refund my order please",
	"returns", "how do I get a refund",
	"returns", "still no refund for the return",
	"other", "hello there",
	"other", "good morning everyone",
	"other", "lol ok",
	"other", "see you there",
};

static size_t
argmax(const double *p, size_t n)
{
	size_t i, best = 0;

	for (i = 1; i < n; i++)
		if (p[i] > p[best])
			best = i;
	return best;
}

static void
test_train(void **state)
{
	struct model_params p;
	struct model *m, *m2;
	struct buf a, b;
	double prob[MODEL_MAX_CATS];

	(void)state;
	model_params_init(&p);
	p.min_count = 1;
	m = train(&p, data, CS_NELEM(data));
	/* Byte order, "other" last. */
	assert_int_equal(model_ncats(m), 3);
	assert_string_equal(model_cat(m, 0), "returns");
	assert_string_equal(model_cat(m, 1), "shipping");
	assert_string_equal(model_cat(m, 2), "other");
	predict(m, "refund please", prob);
	assert_int_equal(argmax(prob, 3), 0);
	predict(m, "the parcel", prob);
	assert_int_equal(argmax(prob, 3), 1);
	predict(m, "good morning", prob);
	assert_int_equal(argmax(prob, 3), 2);

	/* The same data and parameters: the same file. */
	m2 = train(&p, data, CS_NELEM(data));
	buf_init(&a);
	buf_init(&b);
	model_write(m, &a);
	model_write(m2, &b);
	assert_string_equal(a.s, b.s);
	assert_non_null(strstr(a.s, "\n# trained by cs-classify train on 12 "
	    "messages: epochs 12,"));
	model_free(m2);
	/* What is written loads, and writes the same again (no comment). */
	m2 = load(a.s);
	buf_reset(&b);
	model_write(m2, &b);
	assert_string_equal(strchr(strchr(a.s, '\n') + 1, '\n') + 1,
	    strchr(b.s, '\n') + 1);
	model_free(m2);
	model_free(m);

	/* Another seed, another order, other weights. */
	p.seed = 2;
	m = train(&p, data, CS_NELEM(data));
	buf_reset(&b);
	model_write(m, &b);
	assert_string_not_equal(a.s, b.s);
	model_free(m);

	/* No stems, no pairs, min-count 2, a prune that drops a lot. */
	p.seed = 1;
	p.prefix = 0;
	p.bigrams = 0;
	p.min_count = 2;
	p.prune = 1;
	m = train(&p, data, CS_NELEM(data));
	buf_reset(&b);
	model_write(m, &b);
	assert_null(strstr(b.s, "\np\t"));
	assert_null(strstr(b.s, "\nb\t"));
	assert_non_null(strstr(b.s, "\nw\trefund\t"));
	assert_null(strstr(b.s, "\nw\tlol\t"));	/* once only */
	assert_true(model_nfeatures(m) < 10);
	model_free(m);
	buf_release(&a);
	buf_release(&b);
}

static void
test_train_pairs_keep_words(void **state)
{
	struct model_params p;
	struct model *m;
	struct buf b;
	const char *s, *e;
	char word[64];

	(void)state;
	model_params_init(&p);
	p.min_count = 1;
	m = train(&p, data, CS_NELEM(data));
	buf_init(&b);
	model_write(m, &b);
	/* Every pair's first word has a line. */
	for (s = b.s; (s = strstr(s, "\nb\t")) != NULL; s = e) {
		s += 3;
		e = strchr(s, ' ');
		assert_non_null(e);
		assert_true((size_t)(e - s) + 5 < sizeof(word));
		snprintf(word, sizeof(word), "\nw\t%.*s\t", (int)(e - s), s);
		if (strstr(b.s, word) == NULL)
			fail_msg("pair without its word: %s", word + 1);
	}
	buf_release(&b);
	model_free(m);
}

static void
test_train_errors(void **state)
{
	struct model_params p;
	struct model_trainer *tr;
	struct cs_error e;
	char name[8];
	int i;

	(void)state;
	model_params_init(&p);
	tr = model_trainer_new(&p);
	assert_int_equal(model_trainer_add(tr, "x", 1, "Bad", 1, &e), -1);
	assert_string_equal(e.msg, "bad label 'Bad' (use a-z, 0-9, '-' and "
	    "'_', up to 32)");
	assert_int_equal(model_trainer_add(tr, "x", 1, "a", 0, &e), -1);
	assert_string_equal(e.msg, "bad weight 0 (more than 0, up to 1e6)");
	assert_int_equal(model_trainer_add(tr, "x", 1, "a", -1, &e), -1);
	assert_int_equal(model_trainer_add(tr, "x", 1, "a", NAN, &e), -1);
	/* One category is not enough. */
	assert_int_equal(model_trainer_add(tr, "x", 1, "a", 2.5, &e), 0);
	assert_int_equal(model_trainer_add(tr, "", 0, "a", 1, &e), 0);
	assert_null(model_trainer_fit(tr, &e));
	assert_string_equal(e.msg, "need messages of at least two categories, "
	    "got 1");
	/* At most MODEL_MAX_CATS. */
	for (i = 1; i < MODEL_MAX_CATS; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		assert_int_equal(model_trainer_add(tr, "y", 1, name, 1, &e),
		    0);
	}
	assert_int_equal(model_trainer_add(tr, "y", 1, "one-more", 1, &e),
	    -1);
	assert_string_equal(e.msg, "more than 64 categories");
	model_trainer_free(tr);
	model_trainer_free(NULL);
}

/* The engine with a model. */

static void
test_classify_model(void **state)
{
	static const char own[] =
	    "cs-classify-model 1\n"
	    "categories warranty other\n"
	    "bias 0 0\n"
	    "rows 1\n"
	    "w\tguarantee\t4000 0\n"
	    "end\n";
	struct cs_error e;
	struct classify *c;
	struct classify_result *r = classify_result_new();
	const char *t;
	size_t i, n;
	double sum, conf;

	(void)state;
	assert_non_null(c = classify_new(&e));
	n = classify_ncats(c);
	assert_int_equal(n, 9);
	assert_string_equal(classify_cat(c, 0), "shipping");
	assert_string_equal(classify_cat(c, n - 1), "other");
	assert_null(classify_cat(c, n));

	/* The built-in model knows what the rules miss. */
	t = "my parcel hasn't turned up yet";
	run_in(c, r, t);
	assert_string_equal(classify_category(r), "shipping");
	sum = 0;
	for (i = 0; i < n; i++)
		sum += classify_score(c, r, classify_cat(c, i));
	assert_true(fabs(sum - 1) < 1e-9);
	/* A message without words stays with the rules. */
	t = "12345 ?";
	run_in(c, r, t);
	conf = classify_confidence(r);
	classify_set_mode(c, CLASSIFY_RULES_ONLY);
	run_in(c, r, t);
	assert_true(classify_confidence(r) == conf);
	classify_set_mode(c, CLASSIFY_COMBINED);

	/* Modes. */
	t = "lorem ipsum";
	classify_set_mode(c, CLASSIFY_RULES_ONLY);
	run_in(c, r, t);
	assert_true(classify_score(c, r, "other") == 1);
	classify_set_mode(c, CLASSIFY_MODEL_ONLY);
	run_in(c, r, t);
	assert_true(classify_score(c, r, "other") < 1);
	t = "where is my order";
	run_in(c, r, t);
	assert_string_equal(classify_category(r), "shipping");
	classify_set_mode(c, CLASSIFY_COMBINED);

	/* A model of one's own adds its categories. */
	assert_int_equal(classify_set_model(c, own, strlen(own), "own.model",
	    &e), 0);
	assert_int_equal(classify_ncats(c), 10);
	assert_string_equal(classify_cat(c, 8), "warranty");
	t = "is there a guarantee";
	run_in(c, r, t);
	assert_string_equal(classify_category(r), "warranty");
	/* A bad one leaves the engine as it was. */
	assert_int_equal(classify_set_model(c, "x", 1, "bad.model", &e), -1);
	assert_string_equal(e.msg, "bad.model:1: not a model file (expected "
	    "'cs-classify-model 1')");
	run_in(c, r, t);
	assert_string_equal(classify_category(r), "warranty");
	/* No model: the rules alone, which have no warranty phrase. */
	assert_int_equal(classify_set_model(c, NULL, 0, NULL, &e), 0);
	run_in(c, r, t);
	assert_string_not_equal(classify_category(r), "warranty");
	assert_true(classify_score(c, r, "warranty") == 0);
	classify_result_free(r);
	classify_free(c);
}

static void
test_classify_replace(void **state)
{
	static const char user[] =
	    "{\"replace\": true, \"categories\": {\"sizes\": {\"*\": "
	    "{\"size\": 1}}}}";
	struct cs_error e;
	struct classify *c;
	struct classify_result *r = classify_result_new();
	const char *t = "what size? where is my order";

	(void)state;
	assert_non_null(c = classify_new(&e));
	assert_int_equal(classify_add_rules(c, user, strlen(user), "u", &e),
	    0);
	/* The built-in model shares only "other": it is not used. */
	run_in(c, r, t);
	assert_string_equal(classify_category(r), "sizes");
	assert_true(classify_score(c, r, "sizes") == 0.5);
	assert_true(classify_score(c, r, "shipping") == -1);
	classify_result_free(r);
	classify_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_load_write),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_predict),
		cmocka_unit_test(test_train),
		cmocka_unit_test(test_train_pairs_keep_words),
		cmocka_unit_test(test_train_errors),
		cmocka_unit_test(test_classify_model),
		cmocka_unit_test(test_classify_replace),
	};

	return cmocka_run_group_tests_name("model", tests, scan_setup,
	    scan_teardown);
}
