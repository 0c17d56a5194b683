/*
 * Unit tests for lib/filter.[ch] (the record loop every tool runs) and
 * lib/cli.[ch] (the commands' argument helpers).
 *
 * filter_run closes standard output when it ends, and the cli helpers
 * exit on bad input, so each case runs in a child process with its
 * standard output and error sent to files, which the parent then reads.
 * Code in a child never calls cmocka's assertions; it reports through
 * its exit status and output.
 */
#include "testlib.h"

#include <locale.h>

#include "cli.h"
#include "filter.h"
#include "ndjson.h"
#include "record.h"
#include "util.h"

/* "test_filter: " + text. */
static char *
diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
diag(const char *fmt, ...)
{
	va_list ap;
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s: ", getprogname());
	va_start(ap, fmt);
	{
		char msg[2048];

		vsnprintf(msg, sizeof(msg), fmt, ap);
		buf_adds(&b, msg);
	}
	va_end(ap);
	return b.s;
}

/* ---- a small tool for filter_run ---- */

struct job {
	int		 argc;
	char		*argv[8];
	const char	*stdin_path;	/* put on fd 0 */
	int		 stdin_pipe;	/* fd 0: a pipe with pipe_data */
	const char	*pipe_data;
	int		 strict;
	const char	*rejects;
	size_t		 max_line;
	int		 end_status;
};

static int idle_calls;
static int pipe_writer = -1;

/*
 * The callback: "action" in the record says what to do; otherwise the
 * record is written with "seen" set to its line number.
 */
static int
cb_record(struct filter *f, struct record *r, struct cs_error *err)
{
	const char *action = record_str(r, "action");
	const char *id = record_str(r, "id");
	char v[32];
	int n;

	if (streq(action, "reject")) {
		cs_seterr(err, "asked to reject %s", id);
		return -1;
	}
	if (streq(action, "reject-quietly"))
		return -1;
	if (streq(action, "warn"))
		filter_warn(f, "careful with %s", id);
	if (streq(action, "reject-by-hand")) {
		filter_reject(f, "by hand", 7, "rejected by hand");
		return 0;
	}
	if (streq(action, "stop"))
		f->stop = 1;
	n = snprintf(v, sizeof(v), "%lu", f->lineno);
	return record_emit(r, "seen", v, (size_t)n, f->out) == 0 ? 0 : -1;
}

static void
cb_idle(struct filter *f)
{
	(void)f;
	idle_calls++;
	if (pipe_writer != -1) {
		close(pipe_writer);
		pipe_writer = -1;
	}
}

static int
cb_end(struct filter *f)
{
	const struct job *j = f->arg;

	fprintf(stderr, "end: records=%lu rejected=%lu status=%d idle=%d\n",
	    f->nrecords, f->nrejected, f->status, idle_calls);
	return j->end_status;
}

static void
job_child(void *arg)
{
	static const char *const required[] = { "id", NULL };
	struct job *j = arg;
	struct filter f;
	int fd, p[2];

	if (j->stdin_path != NULL) {
		fd = open(j->stdin_path, O_RDONLY);
		if (fd == -1 || dup2(fd, 0) == -1)
			_exit(110);
		close(fd);
	}
	if (j->stdin_pipe) {
		if (pipe(p) == -1 || dup2(p[0], 0) == -1)
			_exit(111);
		close(p[0]);
		if (write(p[1], j->pipe_data, strlen(j->pipe_data)) == -1)
			_exit(112);
		pipe_writer = p[1];
	}
	filter_init(&f);
	f.required = required;
	f.record = cb_record;
	f.idle = cb_idle;
	f.end = cb_end;
	f.arg = j;
	f.strict = j->strict;
	f.rejects_path = j->rejects;
	if (j->max_line > 0)
		f.max_line = j->max_line;
	_exit(filter_run(&f, j->argc, j->argv));
}

static void
job_init(struct job *j)
{
	memset(j, 0, sizeof(*j));
}

static void
job_file(struct job *j, char *path)
{
	j->argv[j->argc++] = path;
}

static void
job_run(struct job *j, const char *stdout_path, struct outcome *o)
{
	run_child(job_child, j, stdout_path, o);
}

/* ---- filter_init / filter_option ---- */

static void
test_filter_init(void **state)
{
	struct filter f;

	(void)state;
	memset(&f, 0x5a, sizeof(f));
	filter_init(&f);
	assert_ptr_equal(f.out, stdout);
	assert_int_equal(f.max_line, NDJSON_MAX_LINE);
	assert_int_equal(f.strict, 0);
	assert_null(f.required);
	assert_null(f.record);
	assert_null(f.idle);
	assert_null(f.end);
	assert_null(f.rejects_path);
	assert_null(f.config_path);
	assert_null(f.rejects);
	assert_int_equal(f.nrecords, 0);
	assert_int_equal(f.nrejected, 0);
	assert_int_equal(f.status, 0);
	assert_int_equal(f.stop, 0);
}

static void
test_filter_option(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f);
	assert_int_equal(filter_option(&f, FILTER_OPT_CONFIG, "c.json"), 1);
	assert_string_equal(f.config_path, "c.json");
	assert_int_equal(filter_option(&f, FILTER_OPT_REJECTS, "r.ndjson"),
	    1);
	assert_string_equal(f.rejects_path, "r.ndjson");
	assert_int_equal(filter_option(&f, FILTER_OPT_STRICT, NULL), 1);
	assert_int_equal(f.strict, 1);
	assert_int_equal(filter_option(&f, FILTER_OPT_MAX_LINE, "1k"), 1);
	assert_int_equal(f.max_line, 1024);
	assert_int_equal(filter_option(&f, FILTER_OPT_MAX_LINE, "2"), 1);
	assert_int_equal(f.max_line, 2);
	assert_int_equal(filter_option(&f, FILTER_OPT_MAX_LINE, "1G"), 1);
	assert_int_equal(f.max_line, 1024 * 1024 * 1024);
	/* Not common options: the tool handles them. */
	assert_int_equal(filter_option(&f, 'h', NULL), 0);
	assert_int_equal(filter_option(&f, 'V', NULL), 0);
	assert_int_equal(filter_option(&f, FILTER_OPT_NEXT, "x"), 0);
	assert_int_equal(filter_option(&f, 'x', "x"), 0);
	assert_int_equal(f.max_line, 1024 * 1024 * 1024);
}

static const char *bad_max_line;

static void
max_line_child(void *arg)
{
	struct filter f;

	(void)arg;
	filter_init(&f);
	filter_option(&f, FILTER_OPT_MAX_LINE, bad_max_line);
	_exit(0);
}

static void
max_line_fails(const char *value, const char *why)
{
	struct outcome o;
	char *want;

	bad_max_line = value;
	run_child(max_line_child, NULL, NULL, &o);
	assert_int_equal(o.status, CS_EXIT_USAGE);
	want = diag("bad --max-line value '%s': %s\n", value, why);
	assert_string_equal(o.err, want);
	assert_string_equal(o.out, "");
	free(want);
	outcome_free(&o);
}

static void
test_filter_option_bad_max_line(void **state)
{
	(void)state;
	max_line_fails("1", "too small");
	max_line_fails("0", "too small");
	max_line_fails("abc", "invalid");
	max_line_fails("", "invalid");
	max_line_fails("-5", "too small");
}

/* ---- filter_run ---- */

static void
test_run_passes_records(void **state)
{
	struct job j;
	struct outcome o;
	char *in;

	(void)state;
	in = WRITE_LIT("pass.ndjson",
	    "{\"id\":\"1\"}\n"
	    "\n"
	    "  \t\r\n"
	    "{\"id\":\"2\",\"seen\":0,\"x\":[1]}\r\n"
	    "{ \"id\" : \"3\" }\n"
	    "{\"id\":\"4\"}");
	job_init(&j);
	job_file(&j, in);
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out,
	    "{\"id\":\"1\",\"seen\":1}\n"
	    "{\"id\":\"2\",\"seen\":4,\"x\":[1]}\n"
	    "{ \"id\" : \"3\" ,\"seen\":5}\n"
	    "{\"id\":\"4\",\"seen\":6}\n");
	assert_string_equal(o.err,
	    "end: records=4 rejected=0 status=0 idle=0\n");
	outcome_free(&o);
	free(in);
}

static void
test_run_rejects_bad_lines(void **state)
{
	static const char input[] =
	    "[1,2]\n"					/* 1 */
	    "{\"id\":\"\xc0\xaf\"}\n"			/* 2 */
	    "{\"id\":\"a\0b\"}\n"			/* 3 */
	    "{\"id\":\"\\u0000\"}\n"			/* 4 */
	    "{\"id\":\"1\",}\n"				/* 5 */
	    "{\"name\":\"x\"}\n"			/* 6 */
	    "{\"id\":7}\n"				/* 7 */
	    "{\"id\":\"\"}\n"				/* 8 */
	    "{\"id\":\"9\",\"action\":\"reject\"}\n"	/* 9 */
	    "{\"id\":\"10\",\"action\":\"reject-quietly\"}\n"
	    "{\"id\":\"11\"} trailing\n"		/* 11 */
	    "{\"id\":\"12\"}\n"				/* 12: good */
	    "not json at all\n";			/* 13 */
	struct job j;
	struct outcome o;
	struct buf want;
	char *in, *rej;

	(void)state;
	in = write_file("bad.ndjson", input, sizeof(input) - 1);
	rej = tmp_path("bad.rejects");
	unlink(rej);
	job_init(&j);
	job_file(&j, in);
	j.rejects = rej;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, CS_EXIT_FAIL);
	assert_string_equal(o.out, "{\"id\":\"12\",\"seen\":12}\n");

	buf_init(&want);
#define W(n, msg) buf_printf(&want, "%s: %s:%d: %s\n", getprogname(), in, \
	n, msg)
	W(1, "not a JSON object");
	W(2, "invalid UTF-8 at byte 8");
	W(3, "NUL byte at byte 9");
	W(4, "\\u0000 escape at byte 8 not supported");
	W(5, "invalid JSON at byte 11: expected a key");
	W(6, "missing field 'id'");
	W(7, "field 'id' is not a string");
	W(8, "field 'id' is empty");
	W(9, "asked to reject 9");
	W(10, "rejected");
	W(11, "invalid JSON at byte 13: text after the object");
	W(13, "not a JSON object");
#undef W
	buf_adds(&want, "end: records=1 rejected=12 status=1 idle=0\n");
	assert_string_equal(o.err, want.s);
	buf_release(&want);

	/* Every rejected line is kept verbatim, NUL byte included. */
	{
		static const char good[] = "{\"id\":\"12\"}\n";
		const char *cut = input;
		struct buf expect, got;
		struct cs_error e;

		while (memcmp(cut, good, sizeof(good) - 1) != 0)
			cut++;
		buf_init(&expect);
		buf_add(&expect, input, (size_t)(cut - input));
		buf_adds(&expect, cut + sizeof(good) - 1);
		buf_init(&got);
		assert_int_equal(slurp(rej, 1 << 20, &got, &e), 0);
		assert_int_equal(got.len, expect.len);
		assert_memory_equal(got.s, expect.s, expect.len);
		buf_release(&expect);
		buf_release(&got);
	}
	outcome_free(&o);
	free(in);
	free(rej);
}

static void
test_run_invalid_json_column(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *want;

	(void)state;
	in = WRITE_LIT("col.ndjson", "{\"id\":\"1\",\"a\":tru}\n");
	job_init(&j);
	job_file(&j, in);
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	want = diag("%s:1: invalid JSON at byte ", in);
	assert_true(strncmp(o.err, want, strlen(want)) == 0);
	free(want);
	outcome_free(&o);
	free(in);
}

static void
test_run_strict(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *want;

	(void)state;
	in = WRITE_LIT("strict.ndjson",
	    "{\"id\":\"1\"}\n"
	    "{\"nope\":1}\n"
	    "{\"id\":\"3\"}\n");
	job_init(&j);
	job_file(&j, in);
	j.strict = 1;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	assert_string_equal(o.out, "{\"id\":\"1\",\"seen\":1}\n");
	want = diag("%s:2: missing field 'id'\n"
	    "end: records=1 rejected=1 status=1 idle=0\n", in);
	assert_string_equal(o.err, want);
	free(want);
	outcome_free(&o);
	free(in);
}

static void
test_run_strict_stops_at_missing_file(void **state)
{
	struct job j;
	struct outcome o;
	char *a, *missing;

	(void)state;
	a = WRITE_LIT("strict-a.ndjson", "{\"id\":\"a\"}\n");
	missing = tmp_path("strict-missing.ndjson");
	job_init(&j);
	job_file(&j, missing);
	job_file(&j, a);
	j.strict = 1;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	assert_string_equal(o.out, "");
	outcome_free(&o);
	free(a);
	free(missing);
}

static void
test_run_too_long(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *rej, *got, *want;

	(void)state;
	/* max_line 16: a 16-byte line passes, a 17-byte one does not. */
	in = WRITE_LIT("long.ndjson",
	    "{\"id\":\"12345678\"}\n"		/* 17 bytes */
	    "{\"id\":\"1234567\"}\n"		/* 16 bytes */
	    "{\"id\":\"a very long identifier indeed\"}\n"
	    "{\"id\":\"3\"}\n"
	    "{\"id\":\"the last line, too long\"}");
	rej = tmp_path("long.rejects");
	unlink(rej);
	job_init(&j);
	job_file(&j, in);
	j.max_line = 16;
	j.rejects = rej;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	/* Appending "seen" makes the output longer than the cap: fine. */
	assert_string_equal(o.out,
	    "{\"id\":\"1234567\",\"seen\":2}\n"
	    "{\"id\":\"3\",\"seen\":4}\n");
	want = diag("%s:1: line longer than 16 bytes\n"
	    "%s: %s:3: line longer than 16 bytes\n"
	    "%s: %s:5: line longer than 16 bytes\n"
	    "end: records=2 rejected=3 status=1 idle=0\n",
	    in, getprogname(), in, getprogname(), in);
	assert_string_equal(o.err, want);
	free(want);
	got = read_file(rej);
	assert_string_equal(got,
	    "{\"id\":\"12345678\"}\n"
	    "{\"id\":\"a very long identifier indeed\"}\n"
	    "{\"id\":\"the last line, too long\"}\n");
	free(got);
	outcome_free(&o);
	free(in);
	free(rej);
}

static void
test_run_rejects_file_appends(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *rej, *got;

	(void)state;
	in = WRITE_LIT("app.ndjson", "{\"x\":1}\n");
	rej = WRITE_LIT("app.rejects", "earlier\n");
	job_init(&j);
	job_file(&j, in);
	j.rejects = rej;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	got = read_file(rej);
	assert_string_equal(got, "earlier\n{\"x\":1}\n");
	free(got);
	outcome_free(&o);
	free(in);
	free(rej);
}

static void
test_run_rejects_file_cannot_open(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *rej, *want;

	(void)state;
	in = WRITE_LIT("rj.ndjson", "{\"id\":\"1\"}\n");
	rej = tmp_path("no/such/dir/rejects");
	job_init(&j);
	job_file(&j, in);
	j.rejects = rej;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	want = diag("%s: No such file or directory\n", rej);
	assert_string_equal(o.err, want);
	assert_string_equal(o.out, "");
	free(want);
	outcome_free(&o);
	free(in);
	free(rej);
}

static void
test_run_files_and_missing(void **state)
{
	struct job j;
	struct outcome o;
	char *a, *b, *missing, *want;

	(void)state;
	a = WRITE_LIT("fa.ndjson", "{\"id\":\"a1\"}\n{\"id\":\"a2\"}\n");
	b = WRITE_LIT("fb.ndjson", "{\"id\":\"b1\",\"action\":\"warn\"}\n{}\n");
	missing = tmp_path("fmissing.ndjson");
	job_init(&j);
	job_file(&j, a);
	job_file(&j, missing);
	job_file(&j, b);
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	/* Line numbers start again in each file. */
	assert_string_equal(o.out,
	    "{\"id\":\"a1\",\"seen\":1}\n"
	    "{\"id\":\"a2\",\"seen\":2}\n"
	    "{\"id\":\"b1\",\"action\":\"warn\",\"seen\":1}\n");
	want = diag("%s: No such file or directory\n"
	    "%s: %s:1: careful with b1\n"
	    "%s: %s:2: missing field 'id'\n"
	    "end: records=3 rejected=1 status=1 idle=0\n",
	    missing, getprogname(), b, getprogname(), b);
	assert_string_equal(o.err, want);
	free(want);
	outcome_free(&o);
	free(a);
	free(b);
	free(missing);
}

static void
test_run_stdin(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *want;

	(void)state;
	in = WRITE_LIT("stdin.ndjson", "{\"id\":\"s1\"}\n{\"bad\":1}\n");
	/* No operands: standard input, named <stdin>. */
	job_init(&j);
	j.stdin_path = in;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	assert_string_equal(o.out, "{\"id\":\"s1\",\"seen\":1}\n");
	want = diag("<stdin>:2: missing field 'id'\n"
	    "end: records=1 rejected=1 status=1 idle=0\n");
	assert_string_equal(o.err, want);
	free(want);
	outcome_free(&o);

	/* "-" is standard input too. */
	job_init(&j);
	j.stdin_path = in;
	job_file(&j, (char *)(uintptr_t)"-");
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	assert_string_equal(o.out, "{\"id\":\"s1\",\"seen\":1}\n");
	assert_non_null(strstr(o.err, ": <stdin>:2: missing field 'id'\n"));
	outcome_free(&o);
	free(in);
}

static void
test_run_stop(void **state)
{
	struct job j;
	struct outcome o;
	char *a, *b;

	(void)state;
	a = WRITE_LIT("stop-a.ndjson", "{\"id\":\"1\"}\n"
	    "{\"id\":\"2\",\"action\":\"stop\"}\n{\"id\":\"3\"}\n");
	b = WRITE_LIT("stop-b.ndjson", "{\"id\":\"4\"}\n");
	job_init(&j);
	job_file(&j, a);
	job_file(&j, b);
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, "{\"id\":\"1\",\"seen\":1}\n"
	    "{\"id\":\"2\",\"action\":\"stop\",\"seen\":2}\n");
	assert_string_equal(o.err,
	    "end: records=2 rejected=0 status=0 idle=0\n");
	outcome_free(&o);
	free(a);
	free(b);
}

static void
test_run_end_status(void **state)
{
	struct job j;
	struct outcome o;
	char *good, *bad;

	(void)state;
	good = WRITE_LIT("end-good.ndjson", "{\"id\":\"1\"}\n");
	bad = WRITE_LIT("end-bad.ndjson", "{}\n");
	/* end's status counts when higher than the run's own. */
	job_init(&j);
	job_file(&j, good);
	j.end_status = CS_EXIT_TEMPFAIL;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, CS_EXIT_TEMPFAIL);
	outcome_free(&o);
	job_init(&j);
	job_file(&j, bad);
	j.end_status = 0;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, CS_EXIT_FAIL);
	outcome_free(&o);
	free(good);
	free(bad);
}

static void
test_run_reject_by_hand(void **state)
{
	struct job j;
	struct outcome o;
	char *in, *rej, *got, *want;

	(void)state;
	in = WRITE_LIT("hand.ndjson",
	    "{\"id\":\"1\",\"action\":\"reject-by-hand\"}\n");
	rej = tmp_path("hand.rejects");
	unlink(rej);
	job_init(&j);
	job_file(&j, in);
	j.rejects = rej;
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 1);
	want = diag("%s:1: rejected by hand\n"
	    "end: records=1 rejected=1 status=1 idle=0\n", in);
	assert_string_equal(o.err, want);
	free(want);
	got = read_file(rej);
	assert_string_equal(got, "by hand\n");
	free(got);
	outcome_free(&o);
	free(in);
	free(rej);
}

static void
test_run_write_error(void **state)
{
	struct job j;
	struct outcome o;
	char *in;

	(void)state;
	if (access("/dev/full", W_OK) != 0)
		skip();
	in = WRITE_LIT("full.ndjson", "{\"id\":\"1\"}\n{\"id\":\"2\"}\n");
	job_init(&j);
	job_file(&j, in);
	job_run(&j, "/dev/full", &o);
	assert_int_equal(o.status, CS_EXIT_FAIL);
	assert_non_null(strstr(o.err, "write error: No space left on device"));
	outcome_free(&o);
	free(in);
}

static void
test_run_idle_before_blocking(void **state)
{
	struct job j;
	struct outcome o;

	(void)state;
	/*
	 * Standard input is a pipe holding one line, its writer still
	 * open: after the line, the reader would block, so the idle hook
	 * runs (and closes the writer, ending the input).
	 */
	job_init(&j);
	j.stdin_pipe = 1;
	j.pipe_data = "{\"id\":\"p1\"}\n";
	job_run(&j, NULL, &o);
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, "{\"id\":\"p1\",\"seen\":1}\n");
	assert_string_equal(o.err,
	    "end: records=1 rejected=0 status=0 idle=1\n");
	outcome_free(&o);
}

/* ---- cli ---- */

/* Which cli helper a child runs, and on what. */
struct cli_call {
	int		 which;	/* 0 number, 1 size, 2 duration, 3 time */
	const char	*arg;
};

static void
cli_child(void *arg)
{
	const struct cli_call *c = arg;

	switch (c->which) {
	case 0:
		printf("%lld\n", cli_number("--top", c->arg, 1, 100));
		break;
	case 1:
		printf("%lld\n", cli_size("--max-line", c->arg, 2,
		    1024LL * 1024 * 1024));
		break;
	case 2:
		printf("%ld\n", cli_duration("--sla", c->arg));
		break;
	case 3:
		printf("%lld\n", cli_time("--now", c->arg));
		break;
	default:
		break;
	}
	_exit(cli_close_stdout(0));
}

/* Run helper `which` on s in a child. */
static void
cli_run(int which, const char *s, struct outcome *o)
{
	struct cli_call c = { which, s };

	run_child(cli_child, &c, NULL, o);
}

/* Helper `which` on s exits with status, printing out and err. */
static void
cli_is(int which, const char *s, int status, const char *out,
    const char *err)
{
	struct outcome o;

	cli_run(which, s, &o);
	assert_int_equal(o.status, status);
	assert_string_equal(o.out, out);
	assert_string_equal(o.err, err);
	outcome_free(&o);
}

/* Helper `which` accepts s and prints the value want. */
static void
cli_ok(int which, const char *s, const char *want)
{
	char *w = xasprintf("%s\n", want);

	cli_is(which, s, 0, w, "");
	free(w);
}

/* Helper `which` refuses s: exit 2 with msg after the program's name. */
static void
cli_bad(int which, const char *s, const char *msg)
{
	char *w = diag("%s\n", msg);

	cli_is(which, s, CS_EXIT_USAGE, "", w);
	free(w);
}

static void
test_cli_number(void **state)
{
	(void)state;
	cli_ok(0, "50", "50");
	cli_ok(0, "1", "1");
	cli_ok(0, "100", "100");
	cli_bad(0, "0", "bad --top value '0': too small");
	cli_bad(0, "101", "bad --top value '101': too large");
	cli_bad(0, "abc", "bad --top value 'abc': invalid");
	cli_bad(0, "", "bad --top value '': invalid");
	cli_bad(0, "5x", "bad --top value '5x': invalid");
	cli_bad(0, "-3", "bad --top value '-3': too small");
}

/* Exit 2 with "bad OPT value '...': reason" (the quoted part unchecked). */
static void
cli_bad_reason(int which, const char *s, const char *opt,
    const char *reason)
{
	struct outcome o;
	char *head = diag("bad %s value '", opt);
	char *tail = xasprintf("': %s\n", reason);
	size_t n;

	cli_run(which, s, &o);
	assert_int_equal(o.status, CS_EXIT_USAGE);
	assert_string_equal(o.out, "");
	n = strlen(o.err);
	assert_true(n > strlen(tail));
	assert_true(strncmp(o.err, head, strlen(head)) == 0);
	assert_string_equal(o.err + n - strlen(tail), tail);
	free(head);
	free(tail);
	outcome_free(&o);
}

static void
test_cli_size(void **state)
{
	(void)state;
	cli_ok(1, "123", "123");
	cli_ok(1, "64k", "65536");
	cli_ok(1, "64K", "65536");
	cli_ok(1, "2m", "2097152");
	cli_ok(1, "2M", "2097152");
	cli_ok(1, "1g", "1073741824");
	cli_ok(1, "1G", "1073741824");
	cli_bad(1, "1", "bad --max-line value '1': too small");
	cli_bad(1, "0k", "bad --max-line value '0k': too small");
	cli_bad(1, "1t", "bad --max-line value '1t': invalid");
	cli_bad(1, "", "bad --max-line value '': invalid");
	cli_bad(1, "1073741825", "bad --max-line value '1073741825': too "
	    "large");
	cli_bad_reason(1, "2g", "--max-line", "too large");
	cli_bad_reason(1, "2097152k", "--max-line", "too large");
	cli_bad_reason(1, "k", "--max-line", "invalid");
	cli_bad_reason(1, "1.5k", "--max-line", "invalid");
	cli_bad_reason(1, "-1k", "--max-line", "too small");
}

/*
 * Regression (was a bug: cli.c cli_size): when the value has a k/m/g suffix, the number is
 * checked by cli_number on a copy without the suffix, so the message
 * quotes that copy and not what the user typed: "--max-line 2g" gives
 * "bad --max-line value '2': too large", "k" gives "value ''", "-1k"
 * gives "value '-1'".  The message should quote the argument as given.
 */
static void
test_cli_size_quotes_argument(void **state)
{
	(void)state;
	cli_bad(1, "2g", "bad --max-line value '2g': too large");
	cli_bad(1, "k", "bad --max-line value 'k': invalid");
	cli_bad(1, "1.5k", "bad --max-line value '1.5k': invalid");
	cli_bad(1, "-1k", "bad --max-line value '-1k': too small");
}

static void
test_cli_duration(void **state)
{
	(void)state;
	cli_ok(2, "90m", "5400");
	cli_ok(2, "1h30m", "5400");
	cli_ok(2, "3d", "259200");
	cli_ok(2, "45", "45");
	cli_bad(2, "1h30", "bad --sla value '1h30': not a duration such as "
	    "90m, 5h or 3d");
	cli_bad(2, "-5m", "bad --sla value '-5m': not a duration such as "
	    "90m, 5h or 3d");
	cli_bad(2, "", "bad --sla value '': not a duration such as 90m, 5h "
	    "or 3d");
}

static void
test_cli_time(void **state)
{
	(void)state;
	cli_ok(3, "2026-11-01T09:30:00Z", "1793525400");
	cli_ok(3, "2026-11-01T10:30:00+01:00", "1793525400");
	cli_bad(3, "2026-02-30T00:00:00Z", "bad --now value "
	    "'2026-02-30T00:00:00Z': not an RFC 3339 time such as "
	    "2026-11-01T09:30:00Z");
	cli_bad(3, "yesterday", "bad --now value 'yesterday': not an RFC "
	    "3339 time such as 2026-11-01T09:30:00Z");
}

static int close_status;

static void
close_child(void *arg)
{
	(void)arg;
	fputs("some output\n", stdout);
	_exit(cli_close_stdout(close_status));
}

static void
test_cli_close_stdout(void **state)
{
	struct outcome o;
	char *want;

	(void)state;
	close_status = 0;
	run_child(close_child, NULL, NULL, &o);
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, "some output\n");
	assert_string_equal(o.err, "");
	outcome_free(&o);
	/* The status given passes through when the output is fine. */
	close_status = 3;
	run_child(close_child, NULL, NULL, &o);
	assert_int_equal(o.status, 3);
	outcome_free(&o);
	if (access("/dev/full", W_OK) != 0)
		skip();
	close_status = 0;
	run_child(close_child, NULL, "/dev/full", &o);
	assert_int_equal(o.status, 1);
	want = diag("write error: No space left on device\n");
	assert_string_equal(o.err, want);
	free(want);
	outcome_free(&o);
}

static void
version_child(void *arg)
{
	(void)arg;
	cli_version();
}

static void
test_cli_version(void **state)
{
	struct outcome o;
	char *want;

	(void)state;
	run_child(version_child, NULL, NULL, &o);
	assert_int_equal(o.status, 0);
	want = xasprintf("%s %s\n", getprogname(), CS_VERSION);
	assert_string_equal(o.out, want);
	assert_string_equal(o.err, "");
	free(want);
	outcome_free(&o);
}

static void
locale_child(void *arg)
{
	(void)arg;
	setenv("LC_ALL", "C.UTF-8", 1);
	cli_init();
	printf("%s %s\n", setlocale(LC_CTYPE, NULL),
	    setlocale(LC_NUMERIC, NULL));
	_exit(cli_close_stdout(0));
}

static void
test_cli_init_locale(void **state)
{
	struct outcome o;

	(void)state;
	/* LC_CTYPE from the environment; LC_NUMERIC stays "C". */
	run_child(locale_child, NULL, NULL, &o);
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, "C.UTF-8 C\n");
	outcome_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_init),
		cmocka_unit_test(test_filter_option),
		cmocka_unit_test(test_filter_option_bad_max_line),
		cmocka_unit_test(test_run_passes_records),
		cmocka_unit_test(test_run_rejects_bad_lines),
		cmocka_unit_test(test_run_invalid_json_column),
		cmocka_unit_test(test_run_strict),
		cmocka_unit_test(test_run_strict_stops_at_missing_file),
		cmocka_unit_test(test_run_too_long),
		cmocka_unit_test(test_run_rejects_file_appends),
		cmocka_unit_test(test_run_rejects_file_cannot_open),
		cmocka_unit_test(test_run_files_and_missing),
		cmocka_unit_test(test_run_stdin),
		cmocka_unit_test(test_run_stop),
		cmocka_unit_test(test_run_end_status),
		cmocka_unit_test(test_run_reject_by_hand),
		cmocka_unit_test(test_run_write_error),
		cmocka_unit_test(test_run_idle_before_blocking),
		cmocka_unit_test(test_cli_number),
		cmocka_unit_test(test_cli_size),
		cmocka_unit_test(test_cli_size_quotes_argument),
		cmocka_unit_test(test_cli_duration),
		cmocka_unit_test(test_cli_time),
		cmocka_unit_test(test_cli_close_stdout),
		cmocka_unit_test(test_cli_version),
		cmocka_unit_test(test_cli_init_locale),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
