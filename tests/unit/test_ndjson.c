/*
 * Unit tests for lib/ndjson.[ch]: the bounded line reader and the
 * byte-level check of object lines.
 */
#include "testlib.h"

#include "ndjson.h"
#include "util.h"

/* Open a reader on a new file holding s. */
static char *
open_on(struct ndjson_reader *r, const char *name, const char *s,
    size_t n, size_t max)
{
	struct cs_error e;
	char *path = write_file(name, s, n);

	assert_int_equal(ndjson_open(r, path, max, &e), 0);
	return path;
}

static void
expect_line(struct ndjson_reader *r, const char *want, unsigned long lineno)
{
	char *line = NULL;
	size_t len = 0;

	assert_int_equal(ndjson_next(r, &line, &len), NDJSON_LINE);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(line, want, len);
	assert_int_equal(line[len], '\0');
	assert_int_equal(r->lineno, lineno);
}

static void
expect_eof(struct ndjson_reader *r)
{
	char *line;
	size_t len;

	assert_int_equal(ndjson_next(r, &line, &len), NDJSON_EOF);
	/* EOF is sticky. */
	assert_int_equal(ndjson_next(r, &line, &len), NDJSON_EOF);
}

/*
 * A new file holding the n bytes at data, read with line cap max, gives
 * the lines in want (up to a NULL), numbered from 1, then EOF.
 */
static void
reads_as(const char *name, const char *data, size_t n, size_t max,
    const char *const *want)
{
	struct ndjson_reader r;
	char *path;
	unsigned long i;

	path = open_on(&r, name, data, n, max);
	for (i = 0; want[i] != NULL; i++)
		expect_line(&r, want[i], i + 1);
	expect_eof(&r);
	ndjson_close(&r);
	free(path);
}

#define READS_AS(name, lit, max, ...) \
	reads_as(name, lit, sizeof(lit) - 1, max, \
	    (const char *const []){ __VA_ARGS__, NULL })

/* ---- reader ---- */

static void
test_open_missing_file(void **state)
{
	struct ndjson_reader r;
	struct cs_error e;
	char *path;

	(void)state;
	path = tmp_path("nope.ndjson");
	e.msg[0] = '\0';
	assert_int_equal(ndjson_open(&r, path, 0, &e), -1);
	path_error_has(e.msg, path, "No such file or directory");
	free(path);
}

static void
test_open_stdin(void **state)
{
	struct ndjson_reader r;
	struct cs_error e;

	(void)state;
	assert_int_equal(ndjson_open(&r, "-", 0, &e), 0);
	assert_int_equal(r.fd, STDIN_FILENO);
	assert_string_equal(r.name, "<stdin>");
	assert_int_equal(r.max_line, NDJSON_MAX_LINE);
	assert_int_equal(r.lineno, 0);
	ndjson_close(&r);
	/* Standard input stays open. */
	assert_true(fcntl(STDIN_FILENO, F_GETFD) != -1 || errno != EBADF);

	assert_int_equal(ndjson_open(&r, NULL, 10, &e), 0);
	assert_string_equal(r.name, "<stdin>");
	assert_int_equal(r.max_line, 10);
	ndjson_close(&r);
}

static void
test_reads_lines(void **state)
{
	static const char data[] = "{\"a\":1}\n{\"b\":2}\n\n{\"c\":3}\n";
	struct ndjson_reader r;
	char *path;

	(void)state;
	path = open_on(&r, "lines", data, sizeof(data) - 1, 0);
	assert_string_equal(r.name, path);
	expect_line(&r, "{\"a\":1}", 1);
	expect_line(&r, "{\"b\":2}", 2);
	expect_line(&r, "", 3);
	expect_line(&r, "{\"c\":3}", 4);
	expect_eof(&r);
	assert_int_equal(r.lineno, 4);
	ndjson_close(&r);
	free(path);
}

static void
test_empty_file(void **state)
{
	struct ndjson_reader r;
	char *path;

	(void)state;
	path = open_on(&r, "empty", "", 0, 0);
	expect_eof(&r);
	assert_int_equal(r.lineno, 0);
	ndjson_close(&r);
	free(path);
}

static void
test_final_line_without_newline(void **state)
{
	(void)state;
	READS_AS("nonl", "one\ntwo", 0, "one", "two");
}

static void
test_crlf_lines_keep_cr(void **state)
{
	static const char data[] = "{\"a\":1}\r\n{\"b\":2}\r\n";
	struct ndjson_reader r;
	struct ndjson_shape s = { 0 };
	struct cs_error e;
	char *path, *line;
	size_t len;

	(void)state;
	/*
	 * Only '\n' ends a line; the CR stays part of it and ndjson_check
	 * takes it as white space after the object.
	 */
	path = open_on(&r, "crlf", data, sizeof(data) - 1, 0);
	assert_int_equal(ndjson_next(&r, &line, &len), NDJSON_LINE);
	assert_int_equal(len, 8);
	assert_memory_equal(line, "{\"a\":1}\r", 8);
	assert_int_equal(ndjson_check(line, len, &s, &e), 0);
	assert_int_equal(s.close, 6);
	assert_int_equal(s.nmembers, 1);
	assert_int_equal(s.members[0].end, 6);
	expect_line(&r, "{\"b\":2}\r", 2);
	expect_eof(&r);
	ndjson_close(&r);
	ndjson_shape_release(&s);
	free(path);
}

static void
test_line_exactly_at_limit(void **state)
{
	(void)state;
	READS_AS("limit", "12345678\nabc\n", 8, "12345678", "abc");
}

static void
test_line_at_limit_without_newline(void **state)
{
	(void)state;
	READS_AS("limit-nonl", "abc\n12345678", 8, "abc", "12345678");
}

static void
test_line_one_over_limit(void **state)
{
	static const char data[] = "123456789\nabc\n";
	struct ndjson_reader r;
	char *path, *line;
	size_t len;
	FILE *copy;
	char got[64];
	size_t n;

	(void)state;
	path = open_on(&r, "over", data, sizeof(data) - 1, 8);
	assert_int_equal(ndjson_next(&r, &line, &len), NDJSON_TOOLONG);
	assert_int_equal(len, 8);
	assert_memory_equal(line, "12345678", 8);
	assert_int_equal(r.lineno, 1);
	copy = tmpfile();
	assert_non_null(copy);
	assert_int_equal(ndjson_skip_line(&r, copy), 0);
	rewind(copy);
	n = fread(got, 1, sizeof(got), copy);
	assert_int_equal(n, 1);
	assert_memory_equal(got, "9", 1);
	fclose(copy);
	/* The next line is intact and numbered 2. */
	expect_line(&r, "abc", 2);
	expect_eof(&r);
	ndjson_close(&r);
	free(path);
}

static void
test_line_over_limit_without_newline(void **state)
{
	static const char data[] = "ok\n0123456789abcdef";
	struct ndjson_reader r;
	char *path, *line;
	size_t len;

	(void)state;
	path = open_on(&r, "over-nonl", data, sizeof(data) - 1, 8);
	expect_line(&r, "ok", 1);
	assert_int_equal(ndjson_next(&r, &line, &len), NDJSON_TOOLONG);
	assert_int_equal(len, 8);
	assert_memory_equal(line, "01234567", 8);
	assert_int_equal(r.lineno, 2);
	assert_int_equal(ndjson_skip_line(&r, NULL), 0);
	expect_eof(&r);
	ndjson_close(&r);
	free(path);
}

static void
test_long_lines_across_chunks(void **state)
{
	struct ndjson_reader r;
	struct buf in, got;
	char *path, *line;
	size_t len, i;
	FILE *copy;
	const size_t max = 100000;

	(void)state;
	/*
	 * Lines longer than the reader's 64 KiB reads: one exactly at the
	 * cap, one 150 000 bytes (skipped and copied over several reads),
	 * then many short lines.
	 */
	buf_init(&in);
	for (i = 0; i < max; i++)
		buf_addc(&in, 'a' + (int)(i % 26));
	buf_addc(&in, '\n');
	for (i = 0; i < 150000; i++)
		buf_addc(&in, '0' + (int)(i % 10));
	buf_addc(&in, '\n');
	for (i = 0; i < 20000; i++)
		buf_printf(&in, "{\"n\":%zu}\n", i);
	path = write_file("chunks", in.s, in.len);
	assert_int_equal(ndjson_open(&r, path, max, NULL), 0);

	assert_int_equal(ndjson_next(&r, &line, &len), NDJSON_LINE);
	assert_int_equal(len, max);
	assert_memory_equal(line, in.s, max);

	assert_int_equal(ndjson_next(&r, &line, &len), NDJSON_TOOLONG);
	assert_int_equal(len, max);
	assert_memory_equal(line, in.s + max + 1, max);
	copy = tmpfile();
	assert_non_null(copy);
	assert_int_equal(ndjson_skip_line(&r, copy), 0);
	rewind(copy);
	buf_init(&got);
	{
		char chunk[8192];
		size_t n;

		while ((n = fread(chunk, 1, sizeof(chunk), copy)) > 0)
			buf_add(&got, chunk, n);
	}
	fclose(copy);
	assert_int_equal(got.len, 50000);
	assert_memory_equal(got.s, in.s + max + 1 + max, 50000);
	buf_release(&got);

	for (i = 0; i < 20000; i++) {
		char want[32];

		snprintf(want, sizeof(want), "{\"n\":%zu}", i);
		expect_line(&r, want, 3 + i);
	}
	expect_eof(&r);
	ndjson_close(&r);
	buf_release(&in);
	free(path);
}

static void
test_default_max_line(void **state)
{
	struct ndjson_reader r;

	(void)state;
	ndjson_fdopen(&r, -1, "x", 0);
	assert_int_equal(r.max_line, NDJSON_MAX_LINE);
	assert_int_equal(r.own_fd, 0);
	ndjson_close(&r);
}

static void
test_fdopen_does_not_close(void **state)
{
	static const char data[] = "x\n";
	struct ndjson_reader r;
	char *path;
	int fd;

	(void)state;
	path = write_file("fd", data, sizeof(data) - 1);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	ndjson_fdopen(&r, fd, "named", 0);
	assert_string_equal(r.name, "named");
	expect_line(&r, "x", 1);
	expect_eof(&r);
	ndjson_close(&r);
	/* Still open: the caller owns it. */
	assert_true(fcntl(fd, F_GETFD) != -1);
	close(fd);
	free(path);
}

static void
test_read_error(void **state)
{
	struct ndjson_reader r;
	char *line;
	size_t len;
	int fd;

	(void)state;
	/* read(2) on a directory fails with EISDIR. */
	fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	ndjson_fdopen(&r, fd, "dir", 0);
	errno = 0;
	assert_int_equal(ndjson_next(&r, &line, &len), NDJSON_IOERR);
	assert_int_equal(errno, EISDIR);
	ndjson_close(&r);
	close(fd);
}

static int hook_calls;
static int hook_fd = -1;

static void
hook(void *arg)
{
	assert_ptr_equal(arg, &hook_calls);
	hook_calls++;
	/* Closing the writer turns the coming blocking read into EOF. */
	if (hook_fd != -1) {
		close(hook_fd);
		hook_fd = -1;
	}
}

static void
test_before_block_hook(void **state)
{
	struct ndjson_reader r;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "{}\n", 3), 3);
	hook_fd = p[1];
	hook_calls = 0;
	ndjson_fdopen(&r, p[0], "<pipe>", 0);
	r.before_block = hook;
	r.before_block_arg = &hook_calls;
	/* Input is waiting: no hook. */
	expect_line(&r, "{}", 1);
	assert_int_equal(hook_calls, 0);
	/* Nothing waiting: the hook runs once before read(2) blocks. */
	expect_eof(&r);
	assert_int_equal(hook_calls, 1);
	ndjson_close(&r);
	close(p[0]);
}

static void
test_no_hook_for_regular_file(void **state)
{
	static const char data[] = "a\nb\n";
	struct ndjson_reader r;
	char *path;

	(void)state;
	path = open_on(&r, "hookfile", data, sizeof(data) - 1, 0);
	hook_calls = 0;
	hook_fd = -1;
	r.before_block = hook;
	r.before_block_arg = &hook_calls;
	expect_line(&r, "a", 1);
	expect_line(&r, "b", 2);
	expect_eof(&r);
	assert_int_equal(hook_calls, 0);
	ndjson_close(&r);
	free(path);
}

/* ---- ndjson_check ---- */

static void
check_ok(const char *line, size_t len)
{
	struct ndjson_shape s = { 0 };
	struct cs_error e;

	e.msg[0] = '\0';
	if (ndjson_check(line, len, &s, &e) != 0)
		fail_msg("rejected: %s", e.msg);
	ndjson_shape_release(&s);
}

static void
check_bad(const char *line, size_t len, const char *want)
{
	struct ndjson_shape s = { 0 };
	struct cs_error e;

	e.msg[0] = '\0';
	assert_int_equal(ndjson_check(line, len, &s, &e), -1);
	assert_string_equal(e.msg, want);
	ndjson_shape_release(&s);
}

#define OK(lit)		check_ok(lit, sizeof(lit) - 1)
#define BAD(lit, msg)	check_bad(lit, sizeof(lit) - 1, msg)

static void
test_check_valid_utf8(void **state)
{
	(void)state;
	OK("{\"t\":\"caf\xc3\xa9\"}");			/* U+00E9 */
	OK("{\"t\":\"\xc2\x80\"}");			/* U+0080 */
	OK("{\"t\":\"\xdf\xbf\"}");			/* U+07FF */
	OK("{\"t\":\"\xe0\xa0\x80\"}");			/* U+0800 */
	OK("{\"t\":\"\xe2\x82\xac\"}");			/* U+20AC */
	OK("{\"t\":\"\xed\x9f\xbf\"}");			/* U+D7FF */
	OK("{\"t\":\"\xee\x80\x80\"}");			/* U+E000 */
	OK("{\"t\":\"\xef\xbf\xbf\"}");			/* U+FFFF */
	OK("{\"t\":\"\xf0\x90\x80\x80\"}");		/* U+10000 */
	OK("{\"t\":\"\xf0\x9f\x98\x80\"}");		/* U+1F600 */
	OK("{\"t\":\"\xf4\x8f\xbf\xbf\"}");		/* U+10FFFF */
	OK("{\"caf\xc3\xa9\":1}");			/* in a key */
}

static void
test_check_overlong(void **state)
{
	(void)state;
	BAD("{\"t\":\"\xc0\xaf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xc1\xbf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xe0\x80\xaf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xe0\x9f\xbf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf0\x80\x80\xaf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf0\x8f\xbf\xbf\"}", "invalid UTF-8 at byte 7");
}

static void
test_check_surrogates(void **state)
{
	(void)state;
	BAD("{\"t\":\"\xed\xa0\x80\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xed\xbf\xbf\"}", "invalid UTF-8 at byte 7");
	/* A CESU-8 pair is two surrogates, not one character. */
	BAD("{\"t\":\"\xed\xa0\xbd\xed\xb8\x80\"}", "invalid UTF-8 at byte 7");
}

static void
test_check_above_max(void **state)
{
	(void)state;
	BAD("{\"t\":\"\xf4\x90\x80\x80\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf5\x80\x80\x80\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf7\xbf\xbf\xbf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf8\x88\x80\x80\x80\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xff\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xfe\"}", "invalid UTF-8 at byte 7");
}

static void
test_check_truncated_and_stray(void **state)
{
	(void)state;
	/* Truncated sequences followed by more text. */
	BAD("{\"t\":\"\xc3\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xe2\x82\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf0\x9f\x98\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"ab\xe2\x82z\"}", "invalid UTF-8 at byte 9");
	/* Truncated at the very end of the line. */
	BAD("{\"t\":\"\xe2\x82", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xf0", "invalid UTF-8 at byte 7");
	/* Lone continuation bytes. */
	BAD("{\"t\":\"\x80\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xbf\"}", "invalid UTF-8 at byte 7");
	BAD("{\"t\":\"\xc3\xa9\xa9\"}", "invalid UTF-8 at byte 9");
	/* Outside strings too, and in keys. */
	BAD("{\"t\":1}\xc3", "invalid UTF-8 at byte 8");
	BAD("{\"\xe9\":1}", "invalid UTF-8 at byte 3");
}

static void
test_check_nul(void **state)
{
	(void)state;
	BAD("{\"t\":\"a\0b\"}", "NUL byte at byte 8");
	BAD("\0{}", "not a JSON object");
	BAD("{}\0", "NUL byte at byte 3");
	BAD("{\"t\":\"\\u0000\"}", "\\u0000 escape at byte 7 not supported");
	BAD("{\"a\\u0000\":1}", "\\u0000 escape at byte 4 not supported");
	/* Other escapes, and an escaped backslash before u0000, are fine. */
	OK("{\"t\":\"\\u0001\\u00e9\\n\"}");
	OK("{\"t\":\"\\\\u0000\"}");
	BAD("{\"t\":\"\\u000\"}", "invalid JSON at byte 7: bad \\u escape");
}

/* "{"a":" then depth-1 brackets of arrays, then the closing. */
static char *
nested(int depth, size_t *len)
{
	struct buf b;
	int i;

	buf_init(&b);
	buf_adds(&b, "{\"a\":");
	for (i = 1; i < depth; i++)
		buf_adds(&b, i % 2 ? "[" : "{\"k\":");
	buf_addc(&b, '1');
	for (i = depth - 1; i >= 1; i--)
		buf_addc(&b, i % 2 ? ']' : '}');
	buf_addc(&b, '}');
	*len = b.len;
	return b.s;
}

static void
test_check_nesting_limit(void **state)
{
	char *s;
	size_t len;

	(void)state;
	s = nested(NDJSON_MAX_DEPTH, &len);
	check_ok(s, len);
	free(s);
	s = nested(NDJSON_MAX_DEPTH + 1, &len);
	check_bad(s, len, "nesting deeper than 64 levels");
	free(s);
	s = nested(1000, &len);
	check_bad(s, len, "nesting deeper than 64 levels");
	free(s);
	/* Brackets inside strings do not count. */
	OK("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[{{{{{{{{{{{{\"}");
}

static void
test_check_not_an_object(void **state)
{
	(void)state;
	BAD("", "not a JSON object");
	BAD("   ", "not a JSON object");
	BAD("[1,2]", "not a JSON object");
	BAD("\"text\"", "not a JSON object");
	BAD("42", "not a JSON object");
	BAD("null", "not a JSON object");
	BAD("x{}", "not a JSON object");
	OK("{}");
	OK("  \t{}");
}

static void
test_check_text_after(void **state)
{
	(void)state;
	BAD("{\"a\":1} x", "invalid JSON at byte 9: text after the object");
	BAD("{\"a\":1}{}", "invalid JSON at byte 8: text after the object");
	BAD("{}]", "invalid JSON at byte 3: text after the object");
	OK("{\"a\":1}  \t \r");
}

static void
test_check_unterminated(void **state)
{
	(void)state;
	BAD("{", "invalid JSON at byte 2: unexpected end of line");
	BAD("{\"a\":1", "invalid JSON at byte 7: unexpected end of line");
	BAD("{\"a\":\"x", "invalid JSON at byte 8: unexpected end of line");
	BAD("{\"a\":\"x\\\"}", "invalid JSON at byte 11: "
	    "unexpected end of line");
	BAD("{\"a\":[1,2}", "invalid JSON at byte 10: "
	    "expected ',' or ']'");
}

static void
test_check_len_bounds_input(void **state)
{
	static const char line[] = "{\"a\":1}garbage";

	(void)state;
	check_ok(line, 7);
	check_bad(line, 8, "invalid JSON at byte 8: text after the object");
}

/* Text of member i's key and value. */
static void
member_is(const char *line, const struct ndjson_shape *s, size_t i,
    const char *key, const char *value)
{
	const struct ndjson_member *m;

	assert_true(i < s->nmembers);
	m = &s->members[i];
	assert_int_equal(line[m->key], '"');
	assert_int_equal(m->key_len, strlen(key));
	assert_memory_equal(line + m->key + 1, key, m->key_len);
	assert_int_equal(line[m->key + 1 + m->key_len], '"');
	assert_true(m->end > m->value);
	assert_int_equal(m->end - m->value, strlen(value));
	assert_memory_equal(line + m->value, value, m->end - m->value);
}

static void
test_shape_members(void **state)
{
	static const char line[] = "{\"id\":\"1\",\"n\":-1.5e3,\"o\":{\"x\":"
	    "[1,{\"y\":\"}\"}]},\"s\":\"a\\\"b,c:d\",\"t\":true,\"z\":null,"
	    "\"e\":\"\",\"arr\":[]}";
	struct ndjson_shape s = { 0 };
	struct cs_error e;

	(void)state;
	assert_int_equal(ndjson_check(line, sizeof(line) - 1, &s, &e), 0);
	assert_int_equal(s.nmembers, 8);
	member_is(line, &s, 0, "id", "\"1\"");
	member_is(line, &s, 1, "n", "-1.5e3");
	member_is(line, &s, 2, "o", "{\"x\":[1,{\"y\":\"}\"}]}");
	member_is(line, &s, 3, "s", "\"a\\\"b,c:d\"");
	member_is(line, &s, 4, "t", "true");
	member_is(line, &s, 5, "z", "null");
	member_is(line, &s, 6, "e", "\"\"");
	member_is(line, &s, 7, "arr", "[]");
	assert_int_equal(s.close, sizeof(line) - 2);
	ndjson_shape_release(&s);
	assert_null(s.members);
	assert_int_equal(s.nmembers, 0);
}

static void
test_shape_whitespace(void **state)
{
	static const char line[] = "  { \"a\" : 1 ,\t\"b\" :\"x y\" , "
	    "\"c\": [ 1 , 2 ] }  ";
	struct ndjson_shape s = { 0 };
	struct cs_error e;

	(void)state;
	assert_int_equal(ndjson_check(line, sizeof(line) - 1, &s, &e), 0);
	assert_int_equal(s.nmembers, 3);
	member_is(line, &s, 0, "a", "1");
	member_is(line, &s, 1, "b", "\"x y\"");
	member_is(line, &s, 2, "c", "[ 1 , 2 ]");
	assert_int_equal(line[s.close], '}');
	assert_int_equal(s.close, sizeof(line) - 4);
	ndjson_shape_release(&s);
}

static void
test_shape_empty_and_reuse(void **state)
{
	struct ndjson_shape s = { 0 };
	struct cs_error e;
	struct buf b;
	int i;

	(void)state;
	assert_int_equal(ndjson_check("{}", 2, &s, &e), 0);
	assert_int_equal(s.nmembers, 0);
	assert_int_equal(s.close, 1);
	assert_int_equal(ndjson_check("{ }", 3, &s, &e), 0);
	assert_int_equal(s.close, 2);

	/* Many members grow the array; a reused shape is reset. */
	buf_init(&b);
	buf_addc(&b, '{');
	for (i = 0; i < 100; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_addc(&b, '}');
	assert_int_equal(ndjson_check(b.s, b.len, &s, &e), 0);
	assert_int_equal(s.nmembers, 100);
	member_is(b.s, &s, 99, "k99", "99");
	assert_int_equal(ndjson_check("{\"a\":1}", 7, &s, &e), 0);
	assert_int_equal(s.nmembers, 1);
	/* A failed check leaves no stale members behind. */
	assert_int_equal(ndjson_check("[]", 2, &s, &e), -1);
	assert_int_equal(s.nmembers, 0);
	buf_release(&b);
	ndjson_shape_release(&s);
	/* Release of a released (or zeroed) shape is harmless. */
	ndjson_shape_release(&s);
}

static void
test_member_lookup(void **state)
{
	static const char line[] = "{\"class\":{\"priority\":1},\"prio\":2,"
	    "\"priority\":3,\"x\":\"priority\"}";
	struct ndjson_shape s = { 0 };
	struct cs_error e;
	const struct ndjson_member *m;

	(void)state;
	assert_int_equal(ndjson_check(line, sizeof(line) - 1, &s, &e), 0);
	assert_int_equal(s.nmembers, 4);
	m = ndjson_member(&s, line, "priority");
	assert_non_null(m);
	assert_ptr_equal(m, &s.members[2]);
	assert_memory_equal(line + m->value, "3", 1);
	m = ndjson_member(&s, line, "prio");
	assert_ptr_equal(m, &s.members[1]);
	assert_null(ndjson_member(&s, line, "pri"));
	assert_null(ndjson_member(&s, line, "priorityx"));
	assert_null(ndjson_member(&s, line, "y"));
	assert_null(ndjson_member(&s, line, ""));
	assert_non_null(ndjson_member(&s, line, "class"));
	ndjson_shape_release(&s);

	assert_int_equal(ndjson_check("{}", 2, &s, &e), 0);
	assert_null(ndjson_member(&s, "{}", "a"));
	ndjson_shape_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_file),
		cmocka_unit_test(test_open_stdin),
		cmocka_unit_test(test_reads_lines),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_final_line_without_newline),
		cmocka_unit_test(test_crlf_lines_keep_cr),
		cmocka_unit_test(test_line_exactly_at_limit),
		cmocka_unit_test(test_line_at_limit_without_newline),
		cmocka_unit_test(test_line_one_over_limit),
		cmocka_unit_test(test_line_over_limit_without_newline),
		cmocka_unit_test(test_long_lines_across_chunks),
		cmocka_unit_test(test_default_max_line),
		cmocka_unit_test(test_fdopen_does_not_close),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_before_block_hook),
		cmocka_unit_test(test_no_hook_for_regular_file),
		cmocka_unit_test(test_check_valid_utf8),
		cmocka_unit_test(test_check_overlong),
		cmocka_unit_test(test_check_surrogates),
		cmocka_unit_test(test_check_above_max),
		cmocka_unit_test(test_check_truncated_and_stray),
		cmocka_unit_test(test_check_nul),
		cmocka_unit_test(test_check_nesting_limit),
		cmocka_unit_test(test_check_not_an_object),
		cmocka_unit_test(test_check_text_after),
		cmocka_unit_test(test_check_unterminated),
		cmocka_unit_test(test_check_len_bounds_input),
		cmocka_unit_test(test_shape_members),
		cmocka_unit_test(test_shape_whitespace),
		cmocka_unit_test(test_shape_empty_and_reuse),
		cmocka_unit_test(test_member_lookup),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
