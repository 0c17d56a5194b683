/*
 * libFuzzer target for cs-classify's work on one record (lib/classify*.c,
 * langid, sentiment, pii, entities): a line the filters accept is
 * classified from its "text" and "lang" as cs-classify does, any other
 * input as a text of raw bytes (which must not crash it, but need not
 * give valid JSON: its contract is UTF-8).  The class is one JSON object with a
 * known category, confidences in 0..1 and a sentiment in -1..1; spliced
 * into the record it is a valid line again; --redact's loop ends within
 * its four rounds with nothing left to redact, keeps UTF-8 valid, and
 * no tag-free secret survives it.
 */
#include "fuzz.h"

#include "classify.h"

static struct classify *cl_engine;
static struct classify_result *cl_res;

static void
cl_check(const char *text, size_t len)
{
	const char *cat = classify_category(cl_res);
	double c = classify_confidence(cl_res);
	double s = classify_sentiment(cl_res);
	size_t i, ncat = classify_ncats(cl_engine);
	int found = 0;

	(void)text;
	(void)len;
	for (i = 0; i < ncat; i++)
		if (streq(classify_cat(cl_engine, i), cat))
			found = 1;
	FUZZ_CHECK(found);
	FUZZ_CHECK(c >= 0 && c <= 1);
	FUZZ_CHECK(s >= -1 && s <= 1);
	c = classify_lang_confidence(cl_res);
	FUZZ_CHECK(c >= 0 && c <= 1);
	FUZZ_CHECK(classify_lang(cl_res) != NULL);
	c = classify_score(cl_engine, cl_res, cat);
	FUZZ_CHECK(c >= 0 && c <= 1);
}

/* Classify (and redact) text; returns the class JSON in val. */
static void
cl_run(const char *orig, size_t olen, const char *hint, struct buf *val,
    struct buf red[2], const char **text, size_t *len)
{
	size_t i;
	int valid = fuzz_utf8(orig, olen);

	*text = orig;
	*len = olen;
	classify_run(cl_engine, orig, olen, hint, cl_res);
	cl_check(orig, olen);
	for (i = 0; i < 4; i++) {
		struct buf *b = &red[i & 1];

		buf_reset(b);
		if (classify_redact(cl_res, *text, *len, b) == 0)
			break;
		*text = b->s;
		*len = b->len;
		if (valid) {
			FUZZ_CHECK(fuzz_utf8(*text, *len));
		}
		classify_run(cl_engine, *text, *len, hint, cl_res);
		cl_check(*text, *len);
	}
	if (i == 4) {
		/* What cs-classify writes must not hold more to redact. */
		buf_reset(&red[0]);
		FUZZ_CHECK(classify_redact(cl_res, *text, *len, &red[0]) == 0);
	}
	buf_reset(val);
	classify_json(cl_engine, cl_res, val);
	/* Text is UTF-8 by contract: the filters take no other. */
	if (valid && memchr(orig, '\0', olen) == NULL) {
		FUZZ_CHECK(fuzz_json(val->s, val->len, '{'));
	}
}

FUZZ_ENTRY(classify)
{
	struct fuzz_record fr;
	struct cs_error e;
	struct buf val, red[2], str;
	const char *text, *t;
	size_t len;

	if (cl_engine == NULL) {
		if ((cl_engine = classify_new(&e)) == NULL)
			abort();
		cl_res = classify_result_new();
	}
	buf_init(&val);
	buf_init(&red[0]);
	buf_init(&red[1]);
	buf_init(&str);
	if (fuzz_record_open(&fr, data, size, NULL) == 0) {
		if ((t = record_require_str(&fr.r, "text", &e)) != NULL) {
			struct record_kv kv[2];

			cl_run(t, strlen(t), record_str(&fr.r, "lang"), &val,
			    red, &text, &len);
			buf_add_json_string(&str, text, len);
			kv[0].key = "text";
			kv[0].value = str.s;
			kv[0].vlen = str.len;
			kv[1].key = "class";
			kv[1].value = val.s;
			kv[1].vlen = val.len;
			buf_reset(&red[0]);
			record_render_keys(&fr.r, kv, 2, &red[0]);
			FUZZ_CHECK(fuzz_json(red[0].s, red[0].len, '{'));
		}
		fuzz_record_close(&fr);
	} else
		cl_run((const char *)data, size, NULL, &val, red, &text, &len);
	buf_release(&val);
	buf_release(&red[0]);
	buf_release(&red[1]);
	buf_release(&str);
	return 0;
}
