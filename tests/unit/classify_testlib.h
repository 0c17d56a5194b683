/*
 * classify_testlib.h: the scaffolding the tests of the classifier share
 * (test_classify, test_entity, test_langid, test_model, test_pii,
 * test_sentiment): the whole engine and its result, the tokeniser and
 * entity scanner driven as classify_run drives them, the class JSON
 * read back, and the check of table-driven cases.
 *
 * A test that uses this header includes it first, in place of testlib.h,
 * which it includes itself.  Everything here is static: the functions
 * are inline and the variables are marked unused, so a test that uses
 * only some of them builds without warnings.  The helpers that assert
 * fail the current test.
 */
#ifndef CS_CLASSIFY_TESTLIB_H
#define CS_CLASSIFY_TESTLIB_H

#include "testlib.h"

#include <math.h>

#include <cjson/cJSON.h>

#include "classify.h"

/* A table-driven case: a text and the string it must give. */
struct tcase {
	const char	*text;
	const char	*want;
};

/* The same, run with an argument: a language, a language hint. */
struct tcase_with {
	const char	*text;
	const char	*with;
	const char	*want;
};

/*
 * The engine and its result, made by engine_setup and freed by
 * engine_teardown, for the tests that run whole messages.
 */
static struct classify		*eng __attribute__((unused));
static struct classify_result	*res __attribute__((unused));

/*
 * The tokens and entities of the last scan, made by scan_setup and
 * released by scan_teardown, for the tests that drive the modules.
 */
static struct classify_text	 T __attribute__((unused));
static struct classify_entities	 E __attribute__((unused));

/*
 * cmocka group setup: the built-in engine in eng, an empty result in
 * res.  Returns 0, or -1 with a message when the engine cannot be made,
 * which fails the group.
 */
static inline int
engine_setup(void **state)
{
	struct cs_error e;

	(void)state;
	if ((eng = classify_new(&e)) == NULL) {
		fprintf(stderr, "classify_new: %s\n", e.msg);
		return -1;
	}
	res = classify_result_new();
	return 0;
}

/* cmocka group teardown: free res and eng.  Returns 0. */
static inline int
engine_teardown(void **state)
{
	(void)state;
	classify_result_free(res);
	classify_free(eng);
	return 0;
}

/* Classify text into res, with the network's language tag hint or NULL. */
static inline void
run_hint(const char *text, const char *hint)
{
	classify_run(eng, text, strlen(text), hint, res);
}

/* Classify text into res, without a language hint. */
static inline void
run(const char *text)
{
	run_hint(text, NULL);
}

/* Classify text with the engine c into r, without a language hint. */
static inline void
run_in(struct classify *c, struct classify_result *r, const char *text)
{
	classify_run(c, text, strlen(text), NULL, r);
}

/* The class JSON of the last run, parsed (cJSON_Delete it). */
static inline cJSON *
engine_json(void)
{
	struct buf b;
	cJSON *j;

	buf_init(&b);
	classify_json(eng, res, &b);
	j = cJSON_ParseWithLength(b.s, b.len);
	assert_non_null(j);
	buf_release(&b);
	return j;
}

/* cmocka group setup: empty T and E.  Returns 0. */
static inline int
scan_setup(void **state)
{
	(void)state;
	classify_text_init(&T);
	classify_entity_init(&E);
	return 0;
}

/* cmocka group teardown: release T and E.  Returns 0. */
static inline int
scan_teardown(void **state)
{
	(void)state;
	classify_text_release(&T);
	classify_entity_release(&E);
	return 0;
}

/* Tokenise s into t, nothing skipped (no links or handles in it). */
static inline void
text_scan(struct classify_text *t, const char *s)
{
	classify_text_scan(t, s, strlen(s), NULL, 0);
}

/* Tokenise x into t as text_scan does; its score by s for lang. */
static inline double
lexicon_score(struct sentiment *s, struct classify_text *t, const char *lang,
    const char *x)
{
	text_scan(t, x);
	return sentiment_score(s, t, lang);
}

/* Whether the score x is want to three decimals (within 0.001). */
static inline int
close_to(double x, double want)
{
	return fabs(x - want) < 0.001;
}

/*
 * Find the links and handles of s in e, then tokenise the rest of s into
 * t, as classify_run does before it scores a text.
 */
static inline void
links_scan(struct classify_entities *e, struct classify_text *t,
    const char *s)
{
	classify_entity_links(e, s, strlen(s));
	classify_text_scan(t, s, strlen(s), e->skip, e->nskip);
}

/* Scan s into T and E as classify_run does: links, tokens, entities. */
static inline void
scan(const char *s)
{
	links_scan(&E, &T, s);
	classify_entity_scan(&E, &T);
}

/* The entities and pii JSON of the last scan, in braces (free it). */
static inline char *
scan_json_text(void)
{
	struct buf b;

	buf_init(&b);
	buf_addc(&b, '{');
	classify_entity_json(&E, &b);
	buf_addc(&b, '}');
	return b.s;
}

/* scan_json_text, parsed (cJSON_Delete it). */
static inline cJSON *
scan_json(void)
{
	char *s = scan_json_text();
	cJSON *j = cJSON_Parse(s);

	assert_non_null(j);
	free(s);
	return j;
}

/*
 * The pii of the class or scan JSON j as "type:start-end" (code points)
 * joined by blanks, in out of size bytes.  Deletes j.
 */
static inline void
json_pii(cJSON *j, char *out, size_t size)
{
	const cJSON *p;

	out[0] = '\0';
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(j, "pii")) {
		char one[64];
		const cJSON *span = cJSON_GetObjectItemCaseSensitive(p, "span");

		snprintf(one, sizeof(one), "%s%s:%d-%d", out[0] ? " " : "",
		    cJSON_GetObjectItemCaseSensitive(p, "type")->valuestring,
		    cJSON_GetArrayItem(span, 0)->valueint,
		    cJSON_GetArrayItem(span, 1)->valueint);
		strlcat(out, one, size);
	}
	cJSON_Delete(j);
}

/*
 * The entity values of kind key ("order_ids") in the class or scan JSON
 * j, joined by '|', in out of size bytes.  Tracking numbers are their
 * number, or "carrier:number" when carriers is not 0.  Fails the test
 * when j has no such list.  Deletes j.
 */
static inline void
json_entities(cJSON *j, const char *key, int carriers, char *out,
    size_t size)
{
	const cJSON *a, *v;

	out[0] = '\0';
	a = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(j, "entities"), key);
	assert_true(cJSON_IsArray(a));
	cJSON_ArrayForEach(v, a) {
		if (out[0] != '\0')
			strlcat(out, "|", size);
		if (cJSON_IsString(v))
			strlcat(out, v->valuestring, size);
		else {
			if (carriers) {
				strlcat(out, cJSON_GetObjectItemCaseSensitive(
				    v, "carrier")->valuestring, size);
				strlcat(out, ":", size);
			}
			strlcat(out, cJSON_GetObjectItemCaseSensitive(v,
			    "number")->valuestring, size);
		}
	}
	cJSON_Delete(j);
}

/* Fail the test, naming the case's text, unless got is want. */
static inline void
case_is(const char *text, const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", text, got, want);
}

#endif
