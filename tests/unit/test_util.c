/*
 * Unit tests for lib/util.[ch] (allocation, struct buf, slurp, streq,
 * cs_seterr) and lib/strset.[ch].
 */
#include "testlib.h"

#include <signal.h>

#include <cjson/cJSON.h>

#include "strset.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* ---- allocation ---- */

static void
test_xmalloc_zero_and_nonzero(void **state)
{
	char *p, *q;

	(void)state;
	p = xmalloc(0);
	assert_non_null(p);
	q = xmalloc(100);
	assert_non_null(q);
	memset(q, 'x', 100);
	free(p);
	free(q);
}

static void
test_xcalloc_zeroes(void **state)
{
	unsigned char *p;
	size_t i;

	(void)state;
	p = xcalloc(64, 4);
	for (i = 0; i < 256; i++)
		assert_int_equal(p[i], 0);
	free(p);
	p = xcalloc(0, 0);
	assert_non_null(p);
	free(p);
}

static void
test_xreallocarray_grows_and_keeps(void **state)
{
	int *a = NULL;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		a = xreallocarray(a, (size_t)i + 1, sizeof(*a));
		a[i] = i * 3;
	}
	for (i = 0; i < 1000; i++)
		assert_int_equal(a[i], i * 3);
	a = xreallocarray(a, 0, sizeof(*a));
	assert_non_null(a);
	free(a);
}

static void
test_xstrdup_xstrndup(void **state)
{
	char *s;

	(void)state;
	s = xstrdup("hello");
	assert_string_equal(s, "hello");
	free(s);
	s = xstrdup("");
	assert_string_equal(s, "");
	free(s);
	s = xstrndup("hello world", 5);
	assert_string_equal(s, "hello");
	free(s);
	/* n counts bytes, embedded NUL included. */
	s = xstrndup("ab\0cd", 5);
	assert_memory_equal(s, "ab\0cd", 6);
	free(s);
	s = xstrndup("abc", 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_xasprintf(void **state)
{
	char *s;
	char big[3000];

	(void)state;
	s = xasprintf("%s=%d %.2f", "n", 42, 1.5);
	assert_string_equal(s, "n=42 1.50");
	free(s);
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = xasprintf("<%s>", big);
	assert_int_equal(strlen(s), sizeof(big) + 1);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[sizeof(big)], '>');
	free(s);
}

/*
 * Children for run_child.  They exit 0 only if the allocation returns,
 * which it must not.
 */
static void
oom_malloc(void *arg)
{
	volatile size_t huge = SIZE_MAX;
	void *p = xmalloc(huge);

	(void)arg;
	free(p);
	_exit(0);
}

static void
oom_reallocarray(void *arg)
{
	volatile size_t huge = SIZE_MAX / 2;
	void *p = xreallocarray(NULL, huge, 4);

	(void)arg;
	free(p);
	_exit(0);
}

/* fn dies of SIGABRT with "cs: out of memory" (with ASan: just dies). */
static void
dies_of_oom(void (*fn)(void *))
{
	struct outcome o;
	int st;

	run_child(fn, NULL, NULL, &o);
	st = o.wstatus;
	assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 0);
#ifndef UNDER_ASAN
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
	assert_string_equal(o.err, "cs: out of memory\n");
#endif
	outcome_free(&o);
}

static void
test_x_functions_die_on_oom(void **state)
{
	(void)state;
	dies_of_oom(oom_malloc);
	dies_of_oom(oom_reallocarray);
}

/* ---- cs_seterr ---- */

static void
test_cs_seterr_formats_and_truncates(void **state)
{
	struct cs_error e;
	char big[1000];

	(void)state;
	cs_seterr(&e, "missing field '%s'", "id");
	assert_string_equal(e.msg, "missing field 'id'");
	/* NULL is allowed: the caller does not want the message. */
	cs_seterr(NULL, "ignored %d", 1);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cs_seterr(&e, "%s", big);
	assert_int_equal(strlen(e.msg), sizeof(e.msg) - 1);
}

/* ---- struct buf ---- */

static void
test_buf_init_release(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* Reset and release of an empty buffer are harmless. */
	buf_reset(&b);
	buf_release(&b);
	assert_null(b.s);
	buf_adds(&b, "abc");
	buf_release(&b);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void
test_buf_add_family(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_add(&b, "ab", 2);
	assert_string_equal(b.s, "ab");
	buf_adds(&b, "cd");
	buf_addc(&b, 'e');
	buf_printf(&b, "%d-%s", 12, "x");
	assert_string_equal(b.s, "abcde12-x");
	assert_int_equal(b.len, 9);
	assert_true(b.cap > b.len);
	/* Zero-length appends still leave a terminated string. */
	buf_add(&b, "", 0);
	assert_int_equal(b.len, 9);
	assert_int_equal(b.s[9], '\0');
	/* Embedded NUL bytes are kept; the buffer stays terminated. */
	buf_add(&b, "\0z", 2);
	assert_int_equal(b.len, 11);
	assert_memory_equal(b.s + 9, "\0z\0", 3);
	buf_release(&b);

	/* A zero-length add into a fresh buffer gives "". */
	buf_init(&b);
	buf_add(&b, "", 0);
	assert_non_null(b.s);
	assert_string_equal(b.s, "");
	buf_release(&b);
}

static void
test_buf_reset_keeps_capacity(void **state)
{
	struct buf b;
	size_t cap;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "some text that is here");
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	assert_int_equal(b.cap, cap);
	buf_adds(&b, "x");
	assert_string_equal(b.s, "x");
	buf_release(&b);
}

static void
test_buf_grow_large(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 100000; i++)
		buf_addc(&b, 'a' + (int)(i % 26));
	assert_int_equal(b.len, 100000);
	assert_true(b.cap >= 100001);
	for (i = 0; i < 100000; i++)
		assert_int_equal(b.s[i], 'a' + (int)(i % 26));
	assert_int_equal(b.s[100000], '\0');
	buf_grow(&b, 1 << 20);
	assert_true(b.cap >= b.len + (1 << 20) + 1);
	assert_int_equal(b.len, 100000);
	buf_release(&b);

	/* A long printf goes through the growth path too. */
	buf_init(&b);
	buf_printf(&b, "%0*d", 5000, 7);
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.s[4999], '7');
	assert_int_equal(b.s[0], '0');
	buf_release(&b);
}

static void
json_string_is(const char *in, size_t len, const char *want)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "x");
	buf_add_json_string(&b, in, len);
	assert_string_equal(b.s + 1, want);
	assert_int_equal(b.s[0], 'x');
	buf_release(&b);
}

static void
test_buf_add_json_string(void **state)
{
	(void)state;
	json_string_is("", 0, "\"\"");
	json_string_is("plain", 5, "\"plain\"");
	json_string_is("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	json_string_is("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	json_string_is("\x01\x1f", 2, "\"\\u0001\\u001f\"");
	json_string_is("a\0b", 3, "\"a\\u0000b\"");
	/* DEL, '/' and UTF-8 pass through. */
	json_string_is("\x7f/\xc3\xa9\xe2\x82\xac", 7,
	    "\"\x7f/\xc3\xa9\xe2\x82\xac\"");
	/* len bounds the input: bytes after it are not read. */
	json_string_is("abcdef", 3, "\"abc\"");
}

static void
test_buf_add_json_string_round_trips(void **state)
{
	struct buf b;
	char in[256];
	cJSON *j;
	int i;

	(void)state;
	/* Every byte 0x01..0x7f, escaped and parsed back by cJSON. */
	for (i = 1; i < 128; i++)
		in[i - 1] = (char)i;
	buf_init(&b);
	buf_add_json_string(&b, in, 127);
	j = cJSON_Parse(b.s);
	assert_non_null(j);
	assert_true(cJSON_IsString(j));
	assert_int_equal(strlen(j->valuestring), 127);
	assert_memory_equal(j->valuestring, in, 127);
	cJSON_Delete(j);
	buf_release(&b);
}

/* ---- slurp ---- */

static void
test_slurp_reads_file(void **state)
{
	struct buf b;
	struct cs_error e;
	char *path;
	char data[40000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 23);
	data[100] = '\0';		/* binary-safe */
	path = write_file("big", data, sizeof(data));
	buf_init(&b);
	buf_adds(&b, "old contents are replaced");
	assert_int_equal(slurp(path, sizeof(data), &b, &e), 0);
	assert_int_equal(b.len, sizeof(data));
	assert_memory_equal(b.s, data, sizeof(data));
	assert_int_equal(b.s[b.len], '\0');
	buf_release(&b);
	free(path);
}

static void
test_slurp_empty_file(void **state)
{
	struct buf b;
	struct cs_error e;
	char *path;

	(void)state;
	path = write_file("empty", "", 0);
	buf_init(&b);
	buf_adds(&b, "old");
	assert_int_equal(slurp(path, 10, &b, &e), 0);
	assert_non_null(b.s);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	buf_release(&b);
	free(path);
}

/*
 * Regression (was a bug: util.c slurp, via buf_grow): slurp of an empty file into a fresh
 * buffer (b.s == NULL) calls buf_grow(b, 0), which allocates but never
 * writes the terminating NUL, so b.s is an unterminated, uninitialised
 * buffer although util.h says a buf is "always NUL-terminated".  The same
 * holds for buf_grow on any fresh buffer.  config_load of an empty file
 * goes through this path.
 */
static void
test_slurp_empty_file_fresh_buf(void **state)
{
	struct buf b;
	struct cs_error e;
	char *path;

	(void)state;
	path = write_file("empty2", "", 0);
	buf_init(&b);
	assert_int_equal(slurp(path, 10, &b, &e), 0);
	assert_non_null(b.s);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	buf_release(&b);
	buf_init(&b);
	buf_grow(&b, 10);
	assert_non_null(b.s);
	assert_string_equal(b.s, "");
	buf_release(&b);
	free(path);
}

static void
test_slurp_size_cap(void **state)
{
	struct buf b;
	struct cs_error e;
	char *path;

	(void)state;
	path = write_file("ten", "0123456789", 10);
	buf_init(&b);
	/* Exactly at the cap is fine, one byte over is an error. */
	assert_int_equal(slurp(path, 10, &b, &e), 0);
	assert_int_equal(b.len, 10);
	e.msg[0] = '\0';
	assert_int_equal(slurp(path, 9, &b, &e), -1);
	assert_non_null(strstr(e.msg, "larger than 9 bytes"));
	assert_non_null(strstr(e.msg, path));
	path_error_is(e.msg, path, "larger than 9 bytes");
	buf_release(&b);
	free(path);
}

/* slurp(path, max) into a fresh buffer fails; e (may be NULL) says why. */
static void
slurp_fails(const char *path, size_t max, struct cs_error *e)
{
	struct buf b;

	if (e != NULL)
		e->msg[0] = '\0';
	buf_init(&b);
	assert_int_equal(slurp(path, max, &b, e), -1);
	buf_release(&b);
}

static void
test_slurp_missing_file(void **state)
{
	struct cs_error e;
	char *path;

	(void)state;
	path = tmp_path("does-not-exist");
	slurp_fails(path, 100, &e);
	path_error_has(e.msg, path, "No such file or directory");
	/* A NULL error is allowed. */
	slurp_fails(path, 100, NULL);
	free(path);
}

/* util.h promises "path: reason" in err, as err(3) would print it. */
static void
test_slurp_error_quotes_path(void **state)
{
	struct cs_error e;
	char *path;

	(void)state;
	path = tmp_path("does-not-exist");
	slurp_fails(path, 100, &e);
	path_error_is(e.msg, path, "No such file or directory");
	free(path);
}

static void
test_slurp_directory_is_error(void **state)
{
	struct cs_error e;

	(void)state;
	slurp_fails(tmpdir, 100, &e);
	path_error_has(e.msg, tmpdir, "Is a directory");
}

/* Child: slurp "-" with the file at path on standard input. */
static void
slurp_stdin_child(void *path)
{
	struct buf b;
	struct cs_error e;
	int fd = open(path, O_RDONLY);

	if (fd == -1 || dup2(fd, 0) == -1)
		_exit(10);
	close(fd);
	buf_init(&b);
	if (slurp("-", 100, &b, &e) != 0)
		_exit(11);
	if (b.len != 9 || memcmp(b.s, "from\nfd 0", 9) != 0)
		_exit(12);
	/* Standard input is not closed by slurp. */
	if (fcntl(0, F_GETFD) == -1)
		_exit(13);
	buf_release(&b);
	_exit(0);
}

static void
test_slurp_stdin(void **state)
{
	struct outcome o;
	char *path;

	(void)state;
	path = write_file("stdin-data", "from\nfd 0", 9);
	run_child(slurp_stdin_child, path, NULL, &o);
	assert_true(WIFEXITED(o.wstatus));
	assert_int_equal(WEXITSTATUS(o.wstatus), 0);
	outcome_free(&o);
	free(path);
}

/* ---- streq ---- */

static void
test_streq(void **state)
{
	(void)state;
	assert_true(streq(NULL, NULL));
	assert_false(streq(NULL, "a"));
	assert_false(streq("a", NULL));
	assert_true(streq("a", "a"));
	assert_true(streq("", ""));
	assert_false(streq("a", "A"));
	assert_false(streq("ab", "a"));
}

/* ---- strset ---- */

static void
test_strset_empty(void **state)
{
	struct strset ss;

	(void)state;
	strset_init(&ss);
	assert_int_equal(ss.n, 0);
	assert_int_equal(ss.cap, 0);
	assert_false(strset_has(&ss, "a", 1));
	assert_false(strset_has(&ss, "", 0));
	strset_release(&ss);
	/* Release twice is harmless: it leaves an empty set. */
	strset_release(&ss);
	assert_null(ss.slots);
}

static void
test_strset_add_has(void **state)
{
	struct strset ss;
	char key[8];

	(void)state;
	strset_init(&ss);
	assert_int_equal(strset_add(&ss, "alice", 5), 1);
	assert_int_equal(strset_add(&ss, "bob", 3), 1);
	assert_int_equal(strset_add(&ss, "alice", 5), 0);
	assert_int_equal(ss.n, 2);
	assert_true(strset_has(&ss, "alice", 5));
	assert_true(strset_has(&ss, "bob", 3));
	assert_false(strset_has(&ss, "carol", 5));
	/* Case-sensitive, length-bounded. */
	assert_false(strset_has(&ss, "Alice", 5));
	assert_false(strset_has(&ss, "ali", 3));
	assert_true(strset_has(&ss, "bobby", 3));
	assert_int_equal(strset_add(&ss, "alice-smith", 5), 0);
	/* The key is copied. */
	strlcpy(key, "temp", sizeof(key));
	assert_int_equal(strset_add(&ss, key, 4), 1);
	strlcpy(key, "XXXX", sizeof(key));
	assert_true(strset_has(&ss, "temp", 4));
	assert_false(strset_has(&ss, "XXXX", 4));
	/* The empty string is a key like any other. */
	assert_false(strset_has(&ss, "", 0));
	assert_int_equal(strset_add(&ss, "", 0), 1);
	assert_true(strset_has(&ss, "", 0));
	assert_int_equal(strset_add(&ss, "", 0), 0);
	assert_int_equal(ss.n, 4);
	strset_release(&ss);
	assert_int_equal(ss.n, 0);
}

static void
test_strset_growth_10k(void **state)
{
	struct strset ss;
	char key[32];
	int i, n;

	(void)state;
	strset_init(&ss);
	for (i = 0; i < 12000; i++) {
		n = snprintf(key, sizeof(key), "user%d", i);
		assert_int_equal(strset_add(&ss, key, (size_t)n), 1);
	}
	assert_int_equal(ss.n, 12000);
	/* A power of two, and at most half full. */
	assert_int_equal(ss.cap & (ss.cap - 1), 0);
	assert_true(ss.cap >= 2 * ss.n);
	for (i = 0; i < 12000; i++) {
		n = snprintf(key, sizeof(key), "user%d", i);
		assert_true(strset_has(&ss, key, (size_t)n));
		assert_int_equal(strset_add(&ss, key, (size_t)n), 0);
	}
	for (i = 12000; i < 14000; i++) {
		n = snprintf(key, sizeof(key), "user%d", i);
		assert_false(strset_has(&ss, key, (size_t)n));
	}
	assert_int_equal(ss.n, 12000);
	strset_release(&ss);
}

/* A key holding a NUL byte is refused and never a member (strset.h). */
static void
test_strset_key_with_nul(void **state)
{
	struct strset ss;

	(void)state;
	strset_init(&ss);
	assert_int_equal(strset_add(&ss, "a\0b", 3), 0);
	assert_false(strset_has(&ss, "a\0b", 3));
	assert_int_equal(ss.n, 0);
	assert_int_equal(strset_add(&ss, "a", 1), 1);
	assert_false(strset_has(&ss, "a\0b", 3));
	strset_release(&ss);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xmalloc_zero_and_nonzero),
		cmocka_unit_test(test_xcalloc_zeroes),
		cmocka_unit_test(test_xreallocarray_grows_and_keeps),
		cmocka_unit_test(test_xstrdup_xstrndup),
		cmocka_unit_test(test_xasprintf),
		cmocka_unit_test(test_x_functions_die_on_oom),
		cmocka_unit_test(test_cs_seterr_formats_and_truncates),
		cmocka_unit_test(test_buf_init_release),
		cmocka_unit_test(test_buf_add_family),
		cmocka_unit_test(test_buf_reset_keeps_capacity),
		cmocka_unit_test(test_buf_grow_large),
		cmocka_unit_test(test_buf_add_json_string),
		cmocka_unit_test(test_buf_add_json_string_round_trips),
		cmocka_unit_test(test_slurp_reads_file),
		cmocka_unit_test(test_slurp_empty_file),
		cmocka_unit_test(test_slurp_empty_file_fresh_buf),
		cmocka_unit_test(test_slurp_size_cap),
		cmocka_unit_test(test_slurp_missing_file),
		cmocka_unit_test(test_slurp_error_quotes_path),
		cmocka_unit_test(test_slurp_directory_is_error),
		cmocka_unit_test(test_slurp_stdin),
		cmocka_unit_test(test_streq),
		cmocka_unit_test(test_strset_empty),
		cmocka_unit_test(test_strset_add_has),
		cmocka_unit_test(test_strset_growth_10k),
		cmocka_unit_test(test_strset_key_with_nul),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
