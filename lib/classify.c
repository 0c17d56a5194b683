/*
 * classify: the engine.  It loads the built-in tables, runs the modules
 * over a message in turn and writes the "class" object.
 *
 * Category scores: each category's score is the sum of the weights of
 * its phrases found in the message (phrases of the message's language
 * count fully, others half).  A clearly negative message (sentiment below
 * -0.3) adds up to 2.5 to "complaint" and a clearly positive one adds as
 * much to "praise"; "other" always has 1.  The scores printed are shares
 * of the total, so they sum to 1; the category is the largest (the
 * earlier in the taxonomy on a tie) and the confidence is its share.  So
 * a damaged item is a complaint unless the customer asks for a refund,
 * return or exchange, whose phrases weigh more; a late parcel is
 * shipping unless the message is angry enough to be a complaint.
 */
#include "compat.h"

#include <math.h>

#include "classify.h"
#include "data.h"
#include "util.h"

/* Append a string literal without measuring it. */
#define ADDLIT(b, s)	buf_add((b), (s), sizeof(s) - 1)

#define OTHER_BASE	1.0	/* the score of "other" */
#define MOOD_FROM	0.3	/* |sentiment| above which mood counts */
#define MOOD_WEIGHT	2.5	/* the most mood adds */

struct classify {
	struct langid		*langid;
	struct sentiment	*sent;
	struct classify_rules	*rules;
	/* JSON pieces made once: "name": for categories, "name" for cues. */
	int			 ready;
	struct buf		 keys;
	size_t			 catkey[CLASSIFY_MAX_CATS + 1];
	size_t			 cuekey[CLASSIFY_MAX_CUES + 1];
	int			 icomplaint, ipraise;
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
	buf_release(&c->keys);
	free(c);
}

int
classify_add_rules(struct classify *c, const char *text, size_t len,
    const char *name, struct cs_error *err)
{
	c->ready = 0;
	return classify_rules_load(c->rules, text, len, name, err);
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
	c->ready = 1;
}

void
classify_run(struct classify *c, const char *text, size_t len,
    const char *hint, struct classify_result *r)
{
	struct classify_text *t = &r->text;
	double raw[CLASSIFY_MAX_CATS], total, mood;
	size_t i, n;
	int k;

	if (!c->ready)
		prepare(c);
	r->engine = c;
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
	total = 0;
	for (i = 0; i < n; i++)
		total += raw[i];
	r->best = 0;
	for (i = 0; i < n; i++) {
		r->share[i] = raw[i] / total;
		if (raw[i] > raw[r->best])
			r->best = i;
	}
	r->confidence = r->share[r->best];

	/* Urgency: a phrase cue, or shouting in an unhappy message. */
	r->shouting = (t->ncapwords >= 2 && t->ncapwords * 3 >= t->nwords) ||
	    t->maxexcl >= 3;
	r->urgent = r->shouting && r->sentiment <= -0.05;
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

static void
add_values(struct buf *b, const struct classify_entities *e, int kind)
{
	size_t i;
	int first = 1;

	buf_addc(b, '[');
	for (i = 0; i < e->nent; i++) {
		const struct classify_ent *x = &e->ent[i];

		if (x->kind != kind)
			continue;
		if (!first)
			buf_addc(b, ',');
		first = 0;
		if (kind == CENT_TRACKING) {
			ADDLIT(b, "{\"carrier\":");
			buf_add_json_string(b, x->carrier, strlen(x->carrier));
			ADDLIT(b, ",\"number\":");
		}
		buf_add_json_string(b, e->vals.s + x->voff, x->vlen);
		if (kind == CENT_TRACKING)
			buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

void
classify_json(const struct classify *c, const struct classify_result *r,
    struct buf *b)
{
	static const struct {
		const char	*key;
		int		 kind;
	} ents[] = {
		{ "order_ids", CENT_ORDER }, { "tracking", CENT_TRACKING },
		{ "urls", CENT_URL }, { "mentions", CENT_MENTION },
		{ "hashtags", CENT_HASHTAG }, { "emails", CENT_EMAIL },
		{ "phones", CENT_PHONE }
	};
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
	ADDLIT(b, "],\"entities\":{");
	if (r->ents.nent == 0)
		ADDLIT(b, "\"order_ids\":[],\"tracking\":[],\"urls\":[],"
		    "\"mentions\":[],\"hashtags\":[],\"emails\":[],"
		    "\"phones\":[]");
	for (i = 0; i < CS_NELEM(ents) && r->ents.nent > 0; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_addc(b, '"');
		buf_adds(b, ents[i].key);
		ADDLIT(b, "\":");
		add_values(b, &r->ents, ents[i].kind);
	}
	ADDLIT(b, "},\"pii\":[");
	for (i = 0; i < r->ents.npii; i++) {
		const struct classify_pii *p = &r->ents.pii[i];

		if (i > 0)
			buf_addc(b, ',');
		buf_printf(b, "{\"type\":\"%s\",\"span\":[%zu,%zu]}",
		    pii_name(p->kind), p->cpstart, p->cpend);
	}
	ADDLIT(b, "]}");
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
