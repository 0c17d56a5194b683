/*
 * filter: the record loop shared by the tools.  See filter.h.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>

#include "cli.h"
#include "filter.h"

void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof(*f));
	f->out = stdout;
	f->max_line = NDJSON_MAX_LINE;
}

int
filter_option(struct filter *f, int opt, const char *arg)
{
	switch (opt) {
	case FILTER_OPT_CONFIG:
		f->config_path = arg;
		return 1;
	case FILTER_OPT_MAX_LINE:
		f->max_line = (size_t)cli_size("--max-line", arg, 2,
		    1024LL * 1024 * 1024);
		return 1;
	case FILTER_OPT_REJECTS:
		f->rejects_path = arg;
		return 1;
	case FILTER_OPT_STRICT:
		f->strict = 1;
		return 1;
	default:
		return 0;
	}
}

void
filter_warn(struct filter *f, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warnx("%s:%lu: %s", f->file, f->lineno, msg);
}

static void
rejected(struct filter *f, const char *reason)
{
	warnx("%s:%lu: %s", f->file, f->lineno, reason);
	f->nrejected++;
	f->status = CS_EXIT_FAIL;
	if (f->strict)
		f->stop = 1;
}

void
filter_reject(struct filter *f, const char *line, size_t len,
    const char *reason)
{
	rejected(f, reason);
	if (f->rejects != NULL) {
		fwrite(line, 1, len, f->rejects);
		putc('\n', f->rejects);
	}
}

static void
idle(void *arg)
{
	struct filter *f = arg;

	if (f->idle != NULL)
		f->idle(f);
	fflush(f->out);
	if (f->rejects != NULL)
		fflush(f->rejects);
}

static int
blank(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	return n == 0;
}

/* Member values parsed on demand, reused from line to line. */
static cJSON	**vals;
static size_t	  nvals;
static struct record_memo memo;

/* Handle one line; the reader has it NUL-terminated. */
static void
one(struct filter *f, struct ndjson_shape *shape, char *line, size_t len)
{
	struct cs_error e;
	struct record r;

	if (blank(line, len))
		return;
	e.msg[0] = '\0';
	if (ndjson_check(line, len, shape, &e) == -1) {
		filter_reject(f, line, len, e.msg);
		return;
	}
	if (shape->nmembers > nvals) {
		vals = xreallocarray(vals, shape->nmembers, sizeof(*vals));
		memset(vals + nvals, 0,
		    (shape->nmembers - nvals) * sizeof(*vals));
		nvals = shape->nmembers;
	}
	r.line = line;
	r.len = len;
	r.shape = shape;
	r.vals = vals;
	r.root = NULL;
	r.memo = &memo;
	if (record_require(&r, f->required, &e) == -1 ||
	    f->record(f, &r, &e) == -1)
		filter_reject(f, line, len, e.msg[0] ? e.msg : "rejected");
	else
		f->nrecords++;
	record_release(&r);
	if (ferror(f->out)) {
		f->write_errno = errno;
		f->status = CS_EXIT_FAIL;
		f->stop = 1;
	}
}

static void
run_file(struct filter *f, const char *path, struct ndjson_shape *shape)
{
	struct ndjson_reader rd;
	struct cs_error e;
	char *line;
	size_t len;

	if (ndjson_open(&rd, path, f->max_line, &e) == -1) {
		warnx("%s", e.msg);
		f->status = CS_EXIT_FAIL;
		if (f->strict)
			f->stop = 1;
		return;
	}
	rd.before_block = idle;
	rd.before_block_arg = f;
	f->file = rd.name;
	while (!f->stop) {
		enum ndjson_status st = ndjson_next(&rd, &line, &len);

		f->lineno = rd.lineno;
		if (st == NDJSON_EOF)
			break;
		if (st == NDJSON_IOERR) {
			warn("%s", rd.name);
			f->status = CS_EXIT_FAIL;
			break;
		}
		if (st == NDJSON_TOOLONG) {
			char reason[64];

			snprintf(reason, sizeof(reason),
			    "line longer than %zu bytes", f->max_line);
			rejected(f, reason);
			if (f->rejects != NULL)
				fwrite(line, 1, len, f->rejects);
			if (ndjson_skip_line(&rd, f->rejects) == -1) {
				warn("%s", rd.name);
				f->status = CS_EXIT_FAIL;
				break;
			}
			if (f->rejects != NULL)
				putc('\n', f->rejects);
			continue;
		}
		one(f, shape, line, len);
	}
	ndjson_close(&rd);
}

int
filter_run(struct filter *f, int argc, char *const argv[])
{
	struct ndjson_shape shape = { 0 };
	int i, st;

	if (f->rejects_path != NULL) {
		f->rejects = fopen(f->rejects_path, "a");
		if (f->rejects == NULL)
			err(CS_EXIT_FAIL, "%s", f->rejects_path);
	}
	if (argc == 0)
		run_file(f, "-", &shape);
	for (i = 0; i < argc && !f->stop; i++)
		run_file(f, argv[i], &shape);
	ndjson_shape_release(&shape);
	free(vals);
	vals = NULL;
	nvals = 0;
	if (f->end != NULL && f->write_errno == 0 && !ferror(f->out)) {
		st = f->end(f);
		if (st > f->status)
			f->status = st;
	}
	if (f->rejects != NULL && fclose(f->rejects) != 0) {
		warn("%s", f->rejects_path);
		f->status = CS_EXIT_FAIL;
	}
	if (f->write_errno != 0) {
		/* Report the first failure once, with its own reason. */
		warnx("write error: %s", strerror(f->write_errno));
		fclose(f->out);
		return CS_EXIT_FAIL;
	}
	return cli_close_stdout(f->status);
}
