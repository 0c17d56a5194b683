/*
 * Unit tests for lib/record.[ch]: field access, required fields, and
 * output that splices the tool's key into the raw line.
 */
#include "testlib.h"

#include <cjson/cJSON.h>

#include "ndjson.h"
#include "record.h"
#include "util.h"

/* A record over a copy of a line, parsed as the filter driver does. */
struct rec {
	struct record		r;
	struct ndjson_shape	shape;
	char			*line;
};

static void
rec_open(struct rec *x, const char *line, size_t len)
{
	struct cs_error e;

	memset(x, 0, sizeof(*x));
	x->line = xstrndup(line, len);
	e.msg[0] = '\0';
	if (ndjson_check(x->line, len, &x->shape, &e) != 0)
		fail_msg("ndjson_check: %s", e.msg);
	x->r.line = x->line;
	x->r.len = len;
	x->r.shape = &x->shape;
	x->r.root = cJSON_ParseWithLengthOpts(x->line, len, NULL, 0);
	assert_non_null(x->r.root);
}

static void
rec_close(struct rec *x)
{
	cJSON_Delete(x->r.root);
	ndjson_shape_release(&x->shape);
	free(x->line);
}

#define REC(x, lit)	rec_open(x, lit, sizeof(lit) - 1)

/* record_emit into a string (free it). */
static char *
emit(const struct record *r, const char *key, const char *value)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	assert_non_null(fp);
	assert_int_equal(record_emit(r, key, value,
	    value != NULL ? strlen(value) : 0, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return s;
}

/* Emit, and check the output is the wanted line and valid JSON. */
static void
emit_is(const char *line, size_t len, const char *key, const char *value,
    const char *want)
{
	struct rec x;
	struct buf b;
	char *got;
	cJSON *j;

	rec_open(&x, line, len);
	got = emit(&x.r, key, value);
	assert_string_equal(got, want);
	/* record_render gives the same bytes, without the newline. */
	buf_init(&b);
	buf_adds(&b, "prefix:");
	record_render(&x.r, key, value, value != NULL ? strlen(value) : 0,
	    &b);
	assert_int_equal(b.len, strlen("prefix:") + strlen(want) - 1);
	assert_memory_equal(b.s + 7, want, b.len - 7);
	buf_release(&b);
	j = cJSON_ParseWithLengthOpts(got, strlen(got) - 1, NULL, 0);
	assert_non_null(j);
	if (value != NULL) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
		char *printed, *expect;
		cJSON *vj;

		assert_non_null(v);
		vj = cJSON_Parse(value);
		assert_non_null(vj);
		printed = cJSON_PrintUnformatted(v);
		expect = cJSON_PrintUnformatted(vj);
		assert_string_equal(printed, expect);
		cJSON_free(printed);
		cJSON_free(expect);
		cJSON_Delete(vj);
	}
	cJSON_Delete(j);
	free(got);
	rec_close(&x);
}

#define EMIT_IS(lit, key, value, want) \
	emit_is(lit, sizeof(lit) - 1, key, value, want)

/* ---- getters ---- */

static const char sample[] = "{\"id\":\"123\",\"n\":42,\"f\":-1.5,"
    "\"t\":true,\"no\":false,\"z\":null,\"e\":\"\",\"arr\":[1,2],"
    "\"author\":{\"handle\":\"ana\",\"followers\":1500,\"verified\":true,"
    "\"deep\":{\"x\":\"y\"}},\"num\":\"7\",\"a.b\":\"dotted key\"}";

static void
test_record_get(void **state)
{
	struct rec x;
	const cJSON *v;

	(void)state;
	REC(&x, sample);
	v = record_get(&x.r, "id");
	assert_true(cJSON_IsString(v));
	v = record_get(&x.r, "author");
	assert_true(cJSON_IsObject(v));
	v = record_get(&x.r, "author.followers");
	assert_true(cJSON_IsNumber(v));
	assert_int_equal(v->valueint, 1500);
	v = record_get(&x.r, "author.deep.x");
	assert_true(cJSON_IsString(v));
	assert_string_equal(v->valuestring, "y");
	v = record_get(&x.r, "z");
	assert_true(cJSON_IsNull(v));
	assert_null(record_get(&x.r, "missing"));
	assert_null(record_get(&x.r, "author.missing"));
	assert_null(record_get(&x.r, "missing.x"));
	/* Through a non-object: a string, an array, a number. */
	assert_null(record_get(&x.r, "id.x"));
	assert_null(record_get(&x.r, "arr.x"));
	assert_null(record_get(&x.r, "arr.0"));
	assert_null(record_get(&x.r, "n.x"));
	/* Case-sensitive keys. */
	assert_null(record_get(&x.r, "ID"));
	assert_null(record_get(&x.r, "Author.handle"));
	/* Empty path parts find nothing. */
	assert_null(record_get(&x.r, ""));
	assert_null(record_get(&x.r, "author."));
	assert_null(record_get(&x.r, ".id"));
	rec_close(&x);
}

static void
test_record_get_long_part(void **state)
{
	struct rec x;
	char path[300];

	(void)state;
	REC(&x, sample);
	memset(path, 'a', 200);
	path[200] = '.';
	strlcpy(path + 201, "x", sizeof(path) - 201);
	assert_null(record_get(&x.r, path));
	rec_close(&x);
}

static void
test_record_str(void **state)
{
	struct rec x;

	(void)state;
	REC(&x, sample);
	assert_string_equal(record_str(&x.r, "id"), "123");
	assert_string_equal(record_str(&x.r, "author.handle"), "ana");
	assert_string_equal(record_str(&x.r, "e"), "");
	assert_string_equal(record_str(&x.r, "num"), "7");
	assert_null(record_str(&x.r, "n"));
	assert_null(record_str(&x.r, "z"));
	assert_null(record_str(&x.r, "t"));
	assert_null(record_str(&x.r, "author"));
	assert_null(record_str(&x.r, "arr"));
	assert_null(record_str(&x.r, "missing"));
	rec_close(&x);
}

static void
test_record_num(void **state)
{
	struct rec x;

	(void)state;
	REC(&x, sample);
	assert_true(record_num(&x.r, "n", -1) == 42.0);
	assert_true(record_num(&x.r, "f", 0) == -1.5);
	assert_true(record_num(&x.r, "author.followers", -1) == 1500.0);
	/* Strings that look like numbers are not numbers. */
	assert_true(record_num(&x.r, "num", -1) == -1.0);
	assert_true(record_num(&x.r, "z", 3.5) == 3.5);
	assert_true(record_num(&x.r, "t", 3.5) == 3.5);
	assert_true(record_num(&x.r, "missing", -2) == -2.0);
	rec_close(&x);
}

static void
test_record_bool(void **state)
{
	struct rec x;

	(void)state;
	REC(&x, sample);
	assert_int_equal(record_bool(&x.r, "t", -1), 1);
	assert_int_equal(record_bool(&x.r, "no", -1), 0);
	assert_int_equal(record_bool(&x.r, "author.verified", 0), 1);
	/* Not booleans: the default. */
	assert_int_equal(record_bool(&x.r, "n", -1), -1);
	assert_int_equal(record_bool(&x.r, "z", 7), 7);
	assert_int_equal(record_bool(&x.r, "e", 7), 7);
	assert_int_equal(record_bool(&x.r, "missing", 0), 0);
	rec_close(&x);
}

static void
test_record_get_dotted_key(void **state)
{
	struct rec x;

	(void)state;
	/* A dot always separates path parts: "a.b" means a, then b. */
	REC(&x, sample);
	assert_null(record_str(&x.r, "a.b"));
	rec_close(&x);
	REC(&x, "{\"a\":{\"b\":\"nested\"},\"a.b\":\"flat\"}");
	assert_string_equal(record_str(&x.r, "a.b"), "nested");
	rec_close(&x);
}

/* ---- record_require ---- */

static void
require_fails(const struct record *r, const char *path, const char *want)
{
	const char *paths[] = { "id", NULL, NULL };
	struct cs_error e;

	paths[1] = path;
	e.msg[0] = '\0';
	assert_int_equal(record_require(r, paths, &e), -1);
	assert_string_equal(e.msg, want);
}

static void
test_record_require(void **state)
{
	static const char *const ok[] = { "id", "author.handle", "num", NULL };
	static const char *const none[] = { NULL };
	struct rec x;
	struct cs_error e;

	(void)state;
	REC(&x, sample);
	assert_int_equal(record_require(&x.r, ok, &e), 0);
	assert_int_equal(record_require(&x.r, none, &e), 0);
	assert_int_equal(record_require(&x.r, NULL, &e), 0);
	require_fails(&x.r, "x", "missing field 'x'");
	require_fails(&x.r, "author.x", "missing field 'author.x'");
	require_fails(&x.r, "z", "missing field 'z'");
	require_fails(&x.r, "n", "field 'n' is not a string");
	require_fails(&x.r, "t", "field 't' is not a string");
	require_fails(&x.r, "author", "field 'author' is not a string");
	require_fails(&x.r, "arr", "field 'arr' is not a string");
	require_fails(&x.r, "author.followers",
	    "field 'author.followers' is not a string");
	require_fails(&x.r, "e", "field 'e' is empty");
	rec_close(&x);
}

static void
test_record_require_stops_at_first(void **state)
{
	static const char *const paths[] = { "id", "a", "b", NULL };
	struct rec x;
	struct cs_error e;

	(void)state;
	REC(&x, "{\"id\":\"1\",\"b\":2}");
	assert_int_equal(record_require(&x.r, paths, &e), -1);
	assert_string_equal(e.msg, "missing field 'a'");
	/* A NULL error buffer is allowed. */
	assert_int_equal(record_require(&x.r, paths, NULL), -1);
	rec_close(&x);
}

static void
test_record_require_str(void **state)
{
	struct rec x;
	struct cs_error e;

	(void)state;
	REC(&x, sample);
	assert_string_equal(record_require_str(&x.r, "id", &e), "123");
	assert_string_equal(record_require_str(&x.r, "author.handle", &e),
	    "ana");
	/* An empty string is allowed here, unlike record_require. */
	assert_string_equal(record_require_str(&x.r, "e", &e), "");
	e.msg[0] = '\0';
	assert_null(record_require_str(&x.r, "x", &e));
	assert_string_equal(e.msg, "missing field 'x'");
	assert_null(record_require_str(&x.r, "z", &e));
	assert_string_equal(e.msg, "missing field 'z'");
	assert_null(record_require_str(&x.r, "n", &e));
	assert_string_equal(e.msg, "field 'n' is not a string");
	assert_null(record_require_str(&x.r, "author", &e));
	assert_string_equal(e.msg, "field 'author' is not a string");
	assert_null(record_require_str(&x.r, "arr", NULL));
	rec_close(&x);
}

/* ---- record_emit / record_render ---- */

static void
test_emit_replace_in_place(void **state)
{
	(void)state;
	EMIT_IS("{\"id\":\"1\",\"priority\":{\"old\":1},\"z\":2}",
	    "priority", "{\"score\":5}",
	    "{\"id\":\"1\",\"priority\":{\"score\":5},\"z\":2}\n");
	/* First, middle and last member; scalar and nested old values. */
	EMIT_IS("{\"k\":1,\"a\":2}", "k", "\"x\"", "{\"k\":\"x\",\"a\":2}\n");
	EMIT_IS("{\"a\":[1,{\"b\":2}],\"k\":null}", "k", "[true]",
	    "{\"a\":[1,{\"b\":2}],\"k\":[true]}\n");
	EMIT_IS("{\"a\":1,\"k\":\"long old value, with, commas\",\"b\":3}",
	    "k", "0", "{\"a\":1,\"k\":0,\"b\":3}\n");
	EMIT_IS("{\"k\":{\"deep\":{\"deeper\":[]}}}", "k", "{}",
	    "{\"k\":{}}\n");
}

static void
test_emit_append(void **state)
{
	(void)state;
	EMIT_IS("{\"id\":\"1\"}", "priority", "{\"score\":5}",
	    "{\"id\":\"1\",\"priority\":{\"score\":5}}\n");
	EMIT_IS("{\"id\":\"1\",\"x\":[1,2]}", "k", "true",
	    "{\"id\":\"1\",\"x\":[1,2],\"k\":true}\n");
}

static void
test_emit_empty_object(void **state)
{
	(void)state;
	EMIT_IS("{}", "k", "1", "{\"k\":1}\n");
	EMIT_IS("{ }", "k", "1", "{ \"k\":1}\n");
	EMIT_IS("  {}  ", "k", "\"v\"", "  {\"k\":\"v\"}\n");
}

static void
test_emit_whitespace(void **state)
{
	(void)state;
	/* Replace: everything but the old value is kept byte for byte. */
	EMIT_IS("{ \"id\" : \"1\" , \"k\" : 7 , \"z\" : 0 }", "k", "8",
	    "{ \"id\" : \"1\" , \"k\" : 8 , \"z\" : 0 }\n");
	EMIT_IS("{ \"id\" : \"1\" , \"k\" :\t[ 1 , 2 ]\t}", "k", "3",
	    "{ \"id\" : \"1\" , \"k\" :\t3\t}\n");
	/* Append after white space before the brace. */
	EMIT_IS("{ \"id\" : \"1\" }", "k", "2",
	    "{ \"id\" : \"1\" ,\"k\":2}\n");
	/* Trailing white space after the object is dropped, leading kept. */
	EMIT_IS("  {\"k\":1}  \t", "k", "2", "  {\"k\":2}\n");
}

static void
test_emit_crlf(void **state)
{
	(void)state;
	EMIT_IS("{\"k\":1}\r", "k", "2", "{\"k\":2}\n");
	EMIT_IS("{\"a\":1}\r", "k", "2", "{\"a\":1,\"k\":2}\n");
}

static void
test_emit_nested_key_only(void **state)
{
	(void)state;
	/* The key exists only deeper down: append at the top level. */
	EMIT_IS("{\"class\":{\"priority\":1}}", "priority", "2",
	    "{\"class\":{\"priority\":1},\"priority\":2}\n");
	EMIT_IS("{\"a\":[{\"priority\":1}]}", "priority", "2",
	    "{\"a\":[{\"priority\":1}],\"priority\":2}\n");
	/* As a string value, or a key with the name as prefix. */
	EMIT_IS("{\"a\":\"priority\"}", "priority", "2",
	    "{\"a\":\"priority\",\"priority\":2}\n");
	EMIT_IS("{\"priority_old\":1,\"prio\":0}", "priority", "2",
	    "{\"priority_old\":1,\"prio\":0,\"priority\":2}\n");
	/* A brace inside a string value does not confuse the splice. */
	EMIT_IS("{\"t\":\"}{\\\"priority\\\":\"}", "priority", "2",
	    "{\"t\":\"}{\\\"priority\\\":\",\"priority\":2}\n");
}

static void
test_emit_keeps_other_bytes(void **state)
{
	(void)state;
	/* Numbers, escapes, unicode and unknown fields pass untouched. */
	EMIT_IS("{\"id\":\"9007199254740993\",\"n\":1.0e+2,\"u\":\"\\u00e9\\/"
	    "\xc3\xa9\",\"k\":0,\"zz\":{}}", "k", "1",
	    "{\"id\":\"9007199254740993\",\"n\":1.0e+2,\"u\":\"\\u00e9\\/"
	    "\xc3\xa9\",\"k\":1,\"zz\":{}}\n");
}

static void
test_emit_idempotent(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"1\"}",
		"{}",
		"{ \"id\" : \"1\" }",
		"{\"k\":{\"old\":true},\"id\":\"2\"}",
		"{\"a\":{\"k\":1}}  ",
	};
	static const char value[] = "{\"score\":50,\"reasons\":[\"a +1\"]}";
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(lines); i++) {
		struct rec x, y;
		char *once, *twice;

		rec_open(&x, lines[i], strlen(lines[i]));
		once = emit(&x.r, "k", value);
		rec_open(&y, once, strlen(once) - 1);
		twice = emit(&y.r, "k", value);
		assert_string_equal(once, twice);
		rec_close(&y);
		rec_close(&x);
		free(once);
		free(twice);
	}
}

static void
test_emit_null_value_unchanged(void **state)
{
	(void)state;
	EMIT_IS("{\"k\":1, \"a\":2}", "k", NULL, "{\"k\":1, \"a\":2}\n");
	EMIT_IS("{}", "k", NULL, "{}\n");
}

static void
test_emit_write_error(void **state)
{
	struct rec x;
	FILE *fp;

	(void)state;
	REC(&x, "{\"a\":1}");
	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	assert_int_equal(record_emit(&x.r, "k", "1", 1, fp), -1);
	clearerr(fp);
	assert_int_equal(record_emit(&x.r, "k", NULL, 0, fp), -1);
	fclose(fp);
	rec_close(&x);
}

static void
test_render_appends(void **state)
{
	struct rec x, y;
	struct buf b;

	(void)state;
	REC(&x, "{\"a\":1}");
	REC(&y, "{\"k\":0}");
	buf_init(&b);
	record_render(&x.r, "k", "2", 1, &b);
	buf_addc(&b, '\n');
	record_render(&y.r, "k", "3", 1, &b);
	buf_addc(&b, '\n');
	record_render(&y.r, "k", NULL, 0, &b);
	assert_string_equal(b.s, "{\"a\":1,\"k\":2}\n{\"k\":3}\n{\"k\":0}");
	buf_release(&b);
	rec_close(&x);
	rec_close(&y);
}

/* ---- record_emit_keys / record_render_keys ---- */

/* record_emit_keys into a string (free it). */
static char *
emit_keys(const struct record *r, const struct record_kv *kv, size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	assert_non_null(fp);
	assert_int_equal(record_emit_keys(r, kv, n, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return s;
}

/*
 * Set "text" and "class" (either may be NULL: left alone) and check the
 * output line, that record_render_keys gives the same bytes, and that
 * the line is JSON with the values set.
 */
static void
keys_is(const char *line, const char *text, const char *class,
    const char *want)
{
	struct record_kv kv[2];
	struct rec x;
	struct buf b;
	char *got;
	cJSON *j;

	kv[0].key = "text";
	kv[0].value = text;
	kv[0].vlen = text != NULL ? strlen(text) : 0;
	kv[1].key = "class";
	kv[1].value = class;
	kv[1].vlen = class != NULL ? strlen(class) : 0;
	rec_open(&x, line, strlen(line));
	got = emit_keys(&x.r, kv, 2);
	assert_string_equal(got, want);
	buf_init(&b);
	buf_adds(&b, "prefix:");
	record_render_keys(&x.r, kv, 2, &b);
	assert_int_equal(b.len, strlen("prefix:") + strlen(want) - 1);
	assert_memory_equal(b.s + 7, want, b.len - 7);
	buf_release(&b);
	j = cJSON_ParseWithLengthOpts(got, strlen(got) - 1, NULL, 0);
	assert_non_null(j);
	cJSON_Delete(j);
	free(got);
	rec_close(&x);
}

static void
test_emit_keys_replace_both(void **state)
{
	(void)state;
	keys_is("{\"id\":\"1\",\"text\":\"my card 4111\",\"class\":{\"a\":1},"
	    "\"z\":2}", "\"my card [card]\"", "{\"b\":2}",
	    "{\"id\":\"1\",\"text\":\"my card [card]\",\"class\":{\"b\":2},"
	    "\"z\":2}\n");
	/* In the other order in the line, with white space kept. */
	keys_is("{ \"class\" : [] , \"text\" : \"x\" }", "\"y\"", "{}",
	    "{ \"class\" : {} , \"text\" : \"y\" }\n");
	/* Next to each other, values longer and shorter than before. */
	keys_is("{\"text\":\"a long old text\",\"class\":0}", "\"b\"",
	    "{\"category\":\"other\"}",
	    "{\"text\":\"b\",\"class\":{\"category\":\"other\"}}\n");
}

static void
test_emit_keys_replace_one_append_one(void **state)
{
	(void)state;
	keys_is("{\"id\":\"1\",\"text\":\"old\",\"lang\":\"en\"}",
	    "\"new\"", "{\"c\":1}",
	    "{\"id\":\"1\",\"text\":\"new\",\"lang\":\"en\","
	    "\"class\":{\"c\":1}}\n");
	keys_is("{\"class\":1,\"id\":\"1\"}", "\"t\"", "2",
	    "{\"class\":2,\"id\":\"1\",\"text\":\"t\"}\n");
	/* A NULL value leaves its key as it is. */
	keys_is("{\"text\":\"keep\",\"class\":1}", NULL, "2",
	    "{\"text\":\"keep\",\"class\":2}\n");
	keys_is("{\"text\":\"keep\"}", NULL, "2",
	    "{\"text\":\"keep\",\"class\":2}\n");
}

static void
test_emit_keys_append_both(void **state)
{
	(void)state;
	keys_is("{\"id\":\"1\"}", "\"t\"", "{}",
	    "{\"id\":\"1\",\"text\":\"t\",\"class\":{}}\n");
	/* A key found only deeper down is appended at the top level. */
	keys_is("{\"a\":{\"text\":1,\"class\":2}}\r", "\"t\"", "3",
	    "{\"a\":{\"text\":1,\"class\":2},\"text\":\"t\",\"class\":3}\n");
	/* Nothing to set: the line as it was. */
	keys_is("{\"a\":1}  ", NULL, NULL, "{\"a\":1}  \n");
}

static void
test_emit_keys_empty_object(void **state)
{
	(void)state;
	keys_is("{}", "\"t\"", "1", "{\"text\":\"t\",\"class\":1}\n");
	keys_is(" { } ", "\"t\"", "1", " { \"text\":\"t\",\"class\":1}\n");
	keys_is("{}", NULL, "1", "{\"class\":1}\n");
}

static void
test_emit_keys_idempotent(void **state)
{
	static const char *const lines[] = {
		"{\"id\":\"1\"}",
		"{}",
		"{ \"text\" : \"x\" }",
		"{\"class\":{\"old\":true},\"id\":\"2\",\"text\":\"\"}",
		"{\"a\":{\"text\":1}}  ",
	};
#define KV(k, lit)	{ k, lit, sizeof(lit) - 1 }
	static const struct record_kv kv[] = {
		KV("text", "\"[card] \\u00e9\""),
		KV("class", "{\"pii\":[{\"type\":\"card\"}]}"),
		KV("text", "\"ignored: repeated\"")
	};
#undef KV
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(lines); i++) {
		struct rec x, y;
		char *once, *twice;
		cJSON *j;

		rec_open(&x, lines[i], strlen(lines[i]));
		once = emit_keys(&x.r, kv, CS_NELEM(kv));
		rec_open(&y, once, strlen(once) - 1);
		twice = emit_keys(&y.r, kv, CS_NELEM(kv));
		assert_string_equal(once, twice);
		/* One of each, with the first value given. */
		j = cJSON_Parse(once);
		assert_non_null(j);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(j,
		    "text")->valuestring, "[card] \xc3\xa9");
		assert_int_equal(y.shape.nmembers, x.shape.nmembers +
		    (ndjson_member(&x.shape, x.line, "text") == NULL) +
		    (ndjson_member(&x.shape, x.line, "class") == NULL));
		cJSON_Delete(j);
		rec_close(&y);
		rec_close(&x);
		free(once);
		free(twice);
	}
}

static void
test_emit_keys_write_error(void **state)
{
	static const struct record_kv kv[] = {
		{ "text", "\"t\"", 3 }, { "class", "1", 1 }
	};
	struct rec x;
	FILE *fp;

	(void)state;
	REC(&x, "{\"a\":1}");
	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	assert_int_equal(record_emit_keys(&x.r, kv, 2, fp), -1);
	fclose(fp);
	rec_close(&x);
}

/*
 * Regression (was a bug: record.c plan): when r->shape is NULL, plan() appends the key with
 * sep "" even if the object has members, so record_emit writes
 * {"a":1"k":2}, which is not JSON.  plan() handles shape == NULL on
 * purpose (it falls back to r->len - 1 for the brace), so the fallback
 * should know whether the object is empty (e.g. from r->root->child).
 */
static void
test_emit_without_shape(void **state)
{
	struct rec x;
	char *got;

	(void)state;
	REC(&x, "{\"a\":1}");
	x.r.shape = NULL;
	got = emit(&x.r, "k", "2");
	assert_string_equal(got, "{\"a\":1,\"k\":2}\n");
	free(got);
	rec_close(&x);
}

/*
 * Regression (was a bug: ndjson.c ndjson_member, used by record.c plan): keys are compared
 * as raw bytes, so a key spelled with an escape that decodes to the
 * tool's key ("pr\u0069ority") is not found and the key is appended: the
 * output {"pr\u0069ority":1,"priority":2} holds two members that both
 * decode to "priority", and cJSON readers (record_get) still see the old
 * value first.  Expected: the existing member is replaced.
 */
static void
test_emit_escaped_key_replaced(void **state)
{
	struct rec x, y;
	char *got;

	(void)state;
	REC(&x, "{\"pr\\u0069ority\":1}");
	assert_non_null(record_get(&x.r, "priority"));
	got = emit(&x.r, "priority", "2");
	rec_open(&y, got, strlen(got) - 1);
	assert_true(record_num(&y.r, "priority", -1) == 2.0);
	assert_int_equal(y.shape.nmembers, 1);
	rec_close(&y);
	free(got);
	rec_close(&x);
}

/*
 * The memo (nested values parsed out of the line, as the filter driver
 * reads them) finds what the whole tree finds: first of duplicate keys,
 * objects only along the path, escapes and long numbers, values reused.
 */
static void
test_memo_same_as_tree(void **state)
{
	static const struct {
		const char *line, *path;
	} cases[] = {
		{ "{\"c\":{\"a\":\"x\",\"b\":{\"d\":\"y\"}}}", "c.a" },
		{ "{\"c\":{\"a\":\"x\",\"b\":{\"d\":\"y\"}}}", "c.b.d" },
		{ "{\"c\":{\"a\":\"x\",\"b\":{\"d\":\"y\"}}}", "c.b.e" },
		{ "{\"c\":{\"a\":\"x\",\"b\":{\"d\":\"y\"}}}", "c.a.d" },
		{ "{\"c\":{\"a\":\"x\",\"b\":{\"d\":\"y\"}}}", "d.a" },
		{ "{\"c\":{\"a\":1,\"a\":2}}", "c.a" },
		{ "{\"c\":[{\"a\":1}]}", "c.a" },
		{ "{\"c\":{\"\":\"e\"}}", "c." },
		{ "{\"c\":{\"a\":\"s\\\"q\"}}", "c.a" },
		{ "{\"c\":{\"\\u0061\":\"esc\"}}", "c.a" },
		{ "{\"c\": { \"n\" : [1, 2,{\"z\":\"]}\"}] , \"a\" : \"w\" } }",
		    "c.a" },
		{ "{\"c\":{\"a\":\"x\",\"n\":"
		    "1234567890123456789012345678901234567890"
		    "1234567890123456789012345678901234567890}}", "c.a" },
		{ "{\"c\":{\"a\":true,\"b\":null,\"e\":-1.5e3}}", "c.e" },
		{ "{\"c\":{\"a\":true,\"b\":null,\"e\":-1.5e3}}", "c.b" },
	};
	struct record_memo *memo;
	struct rec x;
	cJSON *vals[4];
	const cJSON *a, *b, *again;
	char *sa, *sb;
	size_t i;

	(void)state;
	memo = xcalloc(1, sizeof(*memo));
	for (i = 0; i < CS_NELEM(cases); i++) {
		rec_open(&x, cases[i].line, strlen(cases[i].line));
		a = record_get(&x.r, cases[i].path);
		memset(vals, 0, sizeof(vals));
		assert_true(x.shape.nmembers <= CS_NELEM(vals));
		x.r.vals = vals;
		x.r.memo = memo;
		b = record_get(&x.r, cases[i].path);
		again = record_get(&x.r, cases[i].path);
		assert_ptr_equal(b, again);
		/* Plain members are read from the line, not parsed whole. */
		if (i < 3)
			assert_true(vals[0] == NULL &&
			    memo->nval == (i < 2 ? 1u : 0u));
		if (a == NULL) {
			assert_null(b);
		} else {
			assert_non_null(b);
			sa = cJSON_PrintUnformatted(a);
			sb = cJSON_PrintUnformatted(b);
			assert_string_equal(sa, sb);
			free(sa);
			free(sb);
		}
		record_release(&x.r);
		assert_int_equal(memo->nval, 0);
		rec_close(&x);
	}
	free(memo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_get),
		cmocka_unit_test(test_record_get_long_part),
		cmocka_unit_test(test_record_str),
		cmocka_unit_test(test_record_num),
		cmocka_unit_test(test_record_bool),
		cmocka_unit_test(test_record_get_dotted_key),
		cmocka_unit_test(test_record_require),
		cmocka_unit_test(test_record_require_stops_at_first),
		cmocka_unit_test(test_record_require_str),
		cmocka_unit_test(test_emit_replace_in_place),
		cmocka_unit_test(test_emit_append),
		cmocka_unit_test(test_emit_empty_object),
		cmocka_unit_test(test_emit_whitespace),
		cmocka_unit_test(test_emit_crlf),
		cmocka_unit_test(test_emit_nested_key_only),
		cmocka_unit_test(test_emit_keeps_other_bytes),
		cmocka_unit_test(test_emit_idempotent),
		cmocka_unit_test(test_emit_null_value_unchanged),
		cmocka_unit_test(test_emit_write_error),
		cmocka_unit_test(test_render_appends),
		cmocka_unit_test(test_emit_keys_replace_both),
		cmocka_unit_test(test_emit_keys_replace_one_append_one),
		cmocka_unit_test(test_emit_keys_append_both),
		cmocka_unit_test(test_emit_keys_empty_object),
		cmocka_unit_test(test_emit_keys_idempotent),
		cmocka_unit_test(test_emit_keys_write_error),
		cmocka_unit_test(test_emit_without_shape),
		cmocka_unit_test(test_emit_escaped_key_replaced),
		cmocka_unit_test(test_memo_same_as_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
