/*
 * classify: the engine.  It loads the built-in tables, runs the modules
 * over a message in turn and writes the "class" object.
 *
 * Category scores come from phrase rules and a trained model together.
 * A category's raw score is the sum of the weights of its phrases found
 * in the message (phrases of the message's language count fully, others
 * half).  A clearly negative message (sentiment below -0.3) adds up to 2.5
 * to "complaint" and a clearly positive one adds as much to "praise";
 * "other" always has 1.  The model (model.c) then adds 3 times its
 * probability of each category, so all of it weighs as much as one
 * strong phrase: where rules and model agree the category is plain; a
 * strong phrase (weight 3 to 5), or two, outweighs the model; where no
 * phrase matches, the model decides, but only when its probability beats
 * a third plus its probability of "other", else the message stays
 * "other".  The scores printed are shares of the total, so they sum to
 * 1; the category is the largest (the earlier in the taxonomy on a tie)
 * and the confidence is its share.  So a damaged item is a complaint
 * unless the customer asks for a refund, return or exchange, whose
 * phrases weigh more; a late parcel is shipping unless the message is
 * angry enough to be a complaint.
 *
 * A message is urgent when a cue phrase is found, or when it shouts: in
 * a negative message (sentiment label "negative"), any shouting; in one
 * that is not positive, capitals in three words or more that make half
 * the words or more ("WHERE IS MY ORDER").  Shouting is "!!!", or two
 * words of four letters or more in capitals, not names such as FEDEX or
 * IBAN, with the words in capitals a third of the words or more; DHL,
 * UPS and other words of three letters never count among the two.
 */
#include "compat.h"

#include <math.h>

#include "classify.h"
#include "data.h"
#include "model.h"
#include "util.h"

/* Append a string literal without measuring it. */
#define ADDLIT(b, s)	buf_add((b), (s), sizeof(s) - 1)

#define OTHER_BASE	1.0	/* the score of "other" */
#define MOOD_FROM	0.3	/* |sentiment| above which mood counts */
#define MOOD_WEIGHT	2.5	/* the most mood adds */
#define MODEL_WEIGHT	3.0	/* the most the model adds */

struct classify {
	struct langid		*langid;
	struct sentiment	*sent;
	struct classify_rules	*rules;
	struct model		*model;		/* NULL: rules alone */
	enum classify_mode	 mode;
	/* The engine's category of each model category, or -1. */
	int			 mcat[MODEL_MAX_CATS];
	int			 usemodel;	/* it knows a category */
	/* JSON pieces made once: "name": for categories, "name" for cues. */
	int			 ready;
	struct buf		 keys;
	size_t			 catkey[CLASSIFY_MAX_CATS + 1];
	size_t			 cuekey[CLASSIFY_MAX_CUES + 1];
	int			 icomplaint, ipraise;
	struct classify_orders	*orders;	/* NULL: the built-in ones */
};

struct classify_result {
	struct classify_text	 text;
	struct classify_entities ents;
	double			 share[CLASSIFY_MAX_CATS];
	double			 cue[CLASSIFY_MAX_CUES];
	size_t			 ncats, ncues;
	size_t			 best;
	double			 confidence;
	double			 sentiment;
	const char		*lang;
	double			 langconf;
	int			 urgent;
	int			 shouting;
	const struct classify	*engine;
};

static const struct {
	const char	*file;
	const char	*lang;
} lexicons[] = {
	{ "sentiment-en.txt", "en" },
	{ "sentiment-es.txt", "es" },
	{ "sentiment-ca.txt", "ca" },
	{ "sentiment-emoji.txt", "*" }
};

struct classify *
classify_new(struct cs_error *err)
{
	struct classify *c = xcalloc(1, sizeof(*c));
	const char *p;
	size_t i, len;

	buf_init(&c->keys);
	if ((c->langid = langid_new(err)) == NULL)
		goto fail;
	c->sent = sentiment_new();
	for (i = 0; i < CS_NELEM(lexicons); i++) {
		if ((p = data_get(lexicons[i].file, &len)) == NULL) {
			cs_seterr(err, "built-in table '%s' is missing",
			    lexicons[i].file);
			goto fail;
		}
		if (sentiment_load(c->sent, lexicons[i].lang, p, len,
		    lexicons[i].file, err) == -1)
			goto fail;
	}
	c->rules = classify_rules_new();
	if ((p = data_get("rules.json", &len)) == NULL) {
		cs_seterr(err, "built-in table 'rules.json' is missing");
		goto fail;
	}
	if (classify_rules_load(c->rules, p, len, "rules.json", err) == -1)
		goto fail;
	/* Optional built-in extras, in the same format. */
	if ((p = data_get("cues.json", &len)) != NULL &&
	    classify_rules_load(c->rules, p, len, "cues.json", err) == -1)
		goto fail;
	if ((p = data_get("model.txt", &len)) == NULL) {
		cs_seterr(err, "built-in table 'model.txt' is missing");
		goto fail;
	}
	if (classify_set_model(c, p, len, "model.txt", err) == -1)
		goto fail;
	c->orders = classify_rules_take_orders(c->rules);
	return c;
fail:
	classify_free(c);
	return NULL;
}

void
classify_free(struct classify *c)
{
	if (c == NULL)
		return;
	langid_free(c->langid);
	sentiment_free(c->sent);
	classify_rules_free(c->rules);
	model_free(c->model);
	classify_orders_free(c->orders);
	buf_release(&c->keys);
	free(c);
}

int
classify_add_rules(struct classify *c, const char *text, size_t len,
    const char *name, struct cs_error *err)
{
	struct classify_orders *o;

	c->ready = 0;
	if (classify_rules_load(c->rules, text, len, name, err) == -1)
		return -1;
	/* The file's "order_patterns", if it has them. */
	if ((o = classify_rules_take_orders(c->rules)) != NULL) {
		classify_orders_free(c->orders);
		c->orders = o;
	}
	return 0;
}

int
classify_set_order_patterns(struct classify *c,
    const char *const *patterns, size_t n, struct cs_error *err)
{
	static const char *const none[1];
	struct classify_orders *o;

	/* n 0 is none at all; to classify_orders_new, NULL is built-in. */
	if ((o = classify_orders_new(n == 0 ? none : patterns, n,
	    err)) == NULL)
		return -1;
	classify_orders_free(c->orders);
	c->orders = o;
	return 0;
}

size_t
classify_redact(const struct classify_result *r, const char *text,
    size_t len, struct buf *out)
{
	return pii_redact(&r->ents, text, len, out);
}

int
classify_set_model(struct classify *c, const char *text, size_t len,
    const char *name, struct cs_error *err)
{
	struct model *m = NULL;
	struct buf js;
	const char *cat;
	size_t i, j, n;
	int rc;

	if (text != NULL &&
	    (m = model_load(text, len, name, err)) == NULL)
		return -1;
	/* Categories only the model knows join the taxonomy. */
	buf_init(&js);
	buf_adds(&js, "{\"categories\":{");
	n = classify_rules_ncats(c->rules);
	for (i = 0; m != NULL && i < model_ncats(m); i++) {
		cat = model_cat(m, i);
		for (j = 0; j < n; j++)
			if (strcmp(classify_rules_cat(c->rules, j), cat) == 0)
				break;
		if (j < n)
			continue;
		if (js.s[js.len - 1] != '{')
			buf_addc(&js, ',');
		/* Model names are a-z, 0-9, '-' and '_': no escaping. */
		buf_printf(&js, "\"%s\":{}", cat);
	}
	buf_adds(&js, "}}");
	rc = js.s[js.len - 3] == '{' ? 0 :
	    classify_rules_load(c->rules, js.s, js.len, name, err);
	buf_release(&js);
	if (rc == -1) {
		model_free(m);
		return -1;
	}
	model_free(c->model);
	c->model = m;
	c->ready = 0;
	return 0;
}

void
classify_set_mode(struct classify *c, enum classify_mode mode)
{
	c->mode = mode;
}

int
classify_add_lexicon(struct classify *c, const char *lang, const char *text,
    size_t len, const char *name, struct cs_error *err)
{
	return sentiment_load(c->sent, lang, text, len, name, err);
}

struct classify_result *
classify_result_new(void)
{
	struct classify_result *r = xcalloc(1, sizeof(*r));

	classify_text_init(&r->text);
	classify_entity_init(&r->ents);
	r->lang = "und";
	return r;
}

void
classify_result_free(struct classify_result *r)
{
	if (r == NULL)
		return;
	classify_text_release(&r->text);
	classify_entity_release(&r->ents);
	free(r);
}

static int
cat_index(const struct classify *c, const char *name)
{
	size_t i, n = classify_rules_ncats(c->rules);

	for (i = 0; i < n; i++)
		if (strcmp(classify_rules_cat(c->rules, i), name) == 0)
			return (int)i;
	return -1;
}

/* Compile the rules and make the JSON keys, once. */
static void
prepare(struct classify *c)
{
	const char *name;
	size_t i, n;

	classify_rules_compile(c->rules);
	buf_reset(&c->keys);
	n = classify_rules_ncats(c->rules);
	for (i = 0; i < n; i++) {
		c->catkey[i] = c->keys.len;
		if (i > 0)
			buf_addc(&c->keys, ',');
		name = classify_rules_cat(c->rules, i);
		buf_add_json_string(&c->keys, name, strlen(name));
		buf_addc(&c->keys, ':');
	}
	c->catkey[n] = c->keys.len;
	n = classify_rules_ncues(c->rules);
	for (i = 0; i < n; i++) {
		c->cuekey[i] = c->keys.len;
		name = classify_rules_cue(c->rules, i);
		buf_add_json_string(&c->keys, name, strlen(name));
	}
	c->cuekey[n] = c->keys.len;
	c->icomplaint = cat_index(c, "complaint");
	c->ipraise = cat_index(c, "praise");
	/*
	 * A model that shares no category but "other" with the rules (after
	 * "replace": true, say) would only push messages to "other".
	 */
	c->usemodel = 0;
	for (i = 0; c->model != NULL && i < model_ncats(c->model); i++) {
		c->mcat[i] = cat_index(c, model_cat(c->model, i));
		if (c->mcat[i] >= 0 &&
		    (size_t)c->mcat[i] + 1 < classify_rules_ncats(c->rules))
			c->usemodel = 1;
	}
	c->ready = 1;
}

/*
 * Words of four letters or more in capitals that are names, not
 * shouting: carriers, banks and cards, and "ASAP" (a cue of its own).
 * Shorter ones (DHL, UPS, OCU, NIE) never count.  Folded, sorted.
 */
static const char *const acronyms[] = {
	"amex", "asap", "bbva", "covid", "evri", "fedex", "iban", "imei",
	"nacex", "postnl", "sepa", "seur", "tipsa", "usps", "visa"
};

static int
acronym_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* The words of four letters or more in capitals that are not names. */
static size_t
loud_words(const struct classify_text *t)
{
	const struct classify_tok *k;
	char w[8];
	size_t i, n = t->ncapwords;

	for (i = 0; i < t->ntok; i++) {
		k = &t->tok[i];
		if (k->kind != CTOK_WORD || !(k->flags & CTOK_CAPS) ||
		    k->len < 4 || k->len >= sizeof(w))
			continue;
		memcpy(w, CTOK_STR(t, k), k->len);
		w[k->len] = '\0';
		if (bsearch(w, acronyms, CS_NELEM(acronyms),
		    sizeof(acronyms[0]), acronym_cmp) != NULL && n > 0)
			n--;
	}
	return n;
}

void
classify_run(struct classify *c, const char *text, size_t len,
    const char *hint, struct classify_result *r)
{
	struct classify_text *t = &r->text;
	double raw[CLASSIFY_MAX_CATS], prob[MODEL_MAX_CATS], total, mood;
	const char *label;
	size_t i, n;
	int k, caps;

	if (!c->ready)
		prepare(c);
	r->engine = c;
	r->ents.orders = c->orders;
	classify_entity_links(&r->ents, text, len);
	classify_text_scan(t, text, len, r->ents.skip, r->ents.nskip);
	classify_entity_scan(&r->ents, t);
	r->lang = langid_detect(c->langid, t, hint, &r->langconf);
	r->sentiment = sentiment_score(c->sent, t, r->lang);
	classify_rules_match(c->rules, t, r->lang, raw, r->cue);

	/* "other" is always the last category. */
	n = r->ncats = classify_rules_ncats(c->rules);
	r->ncues = classify_rules_ncues(c->rules);
	raw[n - 1] = OTHER_BASE;
	mood = fabs(r->sentiment) - MOOD_FROM;
	if (mood > 0) {
		k = r->sentiment < 0 ? c->icomplaint : c->ipraise;
		if (k >= 0)
			raw[k] += MOOD_WEIGHT * mood / (1 - MOOD_FROM);
	}
	if (c->mode == CLASSIFY_MODEL_ONLY)
		for (i = 0; i < n; i++)
			raw[i] = 0;
	/* Numbers, punctuation and emoji alone are the rules' and mood's. */
	if (c->usemodel && c->mode != CLASSIFY_RULES_ONLY && t->nwords > 0) {
		model_predict(c->model, t, prob);
		for (i = 0; i < model_ncats(c->model); i++)
			if (c->mcat[i] >= 0)
				raw[c->mcat[i]] += MODEL_WEIGHT * prob[i];
	}
	total = 0;
	for (i = 0; i < n; i++)
		total += raw[i];
	if (total <= 0) {
		/* A model alone that knows none of the categories. */
		raw[n - 1] = total = 1;
	}
	r->best = 0;
	for (i = 0; i < n; i++) {
		r->share[i] = raw[i] / total;
		if (raw[i] > raw[r->best])
			r->best = i;
	}
	r->confidence = r->share[r->best];

	/*
	 * Urgency: a phrase cue, or shouting in a negative message, or a
	 * message in capitals that is not positive.
	 */
	caps = t->ncapwords >= 2 && loud_words(t) >= 2 &&
	    t->ncaps * 3 >= t->nwords;
	r->shouting = caps || t->maxexcl >= 3;
	r->urgent = 0;
	if (r->shouting) {
		label = sentiment_label(r->sentiment);
		r->urgent = strcmp(label, "negative") == 0 ||
		    (caps && strcmp(label, "positive") != 0 &&
		    t->ncaps >= 3 && t->ncaps * 2 >= t->nwords);
	}
	for (i = 0; i < r->ncues; i++)
		if (r->cue[i] > 0)
			r->urgent = 1;
}

/*
 * A number with at most three decimals, without trailing zeros: 0.5,
 * -0.25, 1.  Rounded half away from zero; faster than printf's %.3f.
 */
static void
add_num(struct buf *b, double x)
{
	char s[32], *p = s + sizeof(s);
	long long m;
	int i, frac, neg;

	if (!isfinite(x) || fabs(x) > 1e12)
		x = 0;
	m = llround(x * 1000);
	if (m == 0) {
		buf_addc(b, '0');
		return;
	}
	neg = m < 0;
	if (neg)
		m = -m;
	frac = (int)(m % 1000);
	m /= 1000;
	*--p = '\0';
	if (frac != 0) {
		/* Trailing zeros are skipped until a digit is written. */
		for (i = 0; i < 3; i++, frac /= 10)
			if (frac % 10 != 0 || p != s + sizeof(s) - 1)
				*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0);
	if (neg)
		*--p = '-';
	buf_adds(b, p);
}

void
classify_json(const struct classify *c, const struct classify_result *r,
    struct buf *b)
{
	const char *name;
	size_t i;
	int first;

	ADDLIT(b, "{\"category\":");
	name = classify_rules_cat(c->rules, r->best);
	buf_add_json_string(b, name, strlen(name));
	ADDLIT(b, ",\"confidence\":");
	add_num(b, r->confidence);
	ADDLIT(b, ",\"scores\":{");
	for (i = 0; i < r->ncats; i++) {
		buf_add(b, c->keys.s + c->catkey[i],
		    c->catkey[i + 1] - c->catkey[i]);
		add_num(b, r->share[i]);
	}
	ADDLIT(b, "},\"sentiment\":{\"score\":");
	add_num(b, r->sentiment);
	ADDLIT(b, ",\"label\":\"");
	buf_adds(b, sentiment_label(r->sentiment));
	ADDLIT(b, "\"},\"lang\":{\"code\":\"");
	buf_adds(b, r->lang);
	ADDLIT(b, "\",\"confidence\":");
	add_num(b, r->langconf);
	ADDLIT(b, "},\"urgent\":");
	if (r->urgent)
		ADDLIT(b, "true");
	else
		ADDLIT(b, "false");
	ADDLIT(b, ",\"cues\":[");
	first = 1;
	for (i = 0; i < r->ncues; i++) {
		if (r->cue[i] <= 0)
			continue;
		if (!first)
			buf_addc(b, ',');
		first = 0;
		buf_add(b, c->keys.s + c->cuekey[i],
		    c->cuekey[i + 1] - c->cuekey[i]);
	}
	if (r->shouting) {
		if (!first)
			buf_addc(b, ',');
		ADDLIT(b, "\"shouting\"");
	}
	ADDLIT(b, "],");
	classify_entity_json(&r->ents, b);
	buf_addc(b, '}');
}

size_t
classify_ncats(const struct classify *c)
{
	return classify_rules_ncats(c->rules);
}

const char *
classify_cat(const struct classify *c, size_t i)
{
	return i < classify_rules_ncats(c->rules) ?
	    classify_rules_cat(c->rules, i) : NULL;
}

const char *
classify_category(const struct classify_result *r)
{
	return classify_rules_cat(r->engine->rules, r->best);
}

double
classify_confidence(const struct classify_result *r)
{
	return r->confidence;
}

double
classify_score(const struct classify *c, const struct classify_result *r,
    const char *name)
{
	int k = cat_index(c, name);

	return k < 0 || (size_t)k >= r->ncats ? -1 : r->share[k];
}

double
classify_sentiment(const struct classify_result *r)
{
	return r->sentiment;
}

const char *
classify_sentiment_label(const struct classify_result *r)
{
	return sentiment_label(r->sentiment);
}

const char *
classify_lang(const struct classify_result *r)
{
	return r->lang;
}

double
classify_lang_confidence(const struct classify_result *r)
{
	return r->langconf;
}

int
classify_urgent(const struct classify_result *r)
{
	return r->urgent;
}

int
classify_has_cue(const struct classify_result *r, const char *cue)
{
	size_t i;

	if (strcmp(cue, "shouting") == 0 && r->shouting)
		return 1;
	for (i = 0; i < r->ncues; i++)
		if (r->cue[i] > 0 &&
		    strcmp(classify_rules_cue(r->engine->rules, i), cue) == 0)
			return 1;
	return 0;
}
