/*
 * fetch_import: `cs-fetch import`, archives into records.  The command's
 * front end: options, the two passes over twcs files, diagnostics and
 * --rejects.  The readers and mappings are in import.c.
 *
 * Every input's format is settled first (--format, or its first line).
 * Then every twcs input gets its first pass, which fills one thread map
 * for all of them (a thread may span files); standard input is copied to
 * a temporary file for that when it cannot seek.  Then the inputs are
 * written in order: twcs ones in a second pass, JSON ones as a stream,
 * line by line, with the output flushed before a read that would block.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fetch.h"
#include "import.h"
#include "ndjson.h"
#include "util.h"

enum {
	OPT_ACCOUNT = 0x100,
	OPT_FORMAT,
	OPT_MAX,
	OPT_MAX_LINE,
	OPT_REJECTS,
	OPT_SINCE,
	OPT_STRICT,
	OPT_UNTIL
};

static const struct option longopts[] = {
	{ "account",	required_argument,	NULL, OPT_ACCOUNT },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "help",	no_argument,		NULL, 'h' },
	{ "max",	required_argument,	NULL, OPT_MAX },
	{ "max-line",	required_argument,	NULL, OPT_MAX_LINE },
	{ "rejects",	required_argument,	NULL, OPT_REJECTS },
	{ "since",	required_argument,	NULL, OPT_SINCE },
	{ "strict",	no_argument,		NULL, OPT_STRICT },
	{ "until",	required_argument,	NULL, OPT_UNTIL },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* One operand. */
struct input {
	const char		*path;	/* "-" is standard input */
	const char		*name;	/* in diagnostics */
	enum import_format	 format;
	int			 skip;	/* failed, or empty */
	int			 failed; /* reported while prepared */
	int			 fd;	/* kept open between phases */
	off_t			 off0;	/* where its bytes start */
	size_t			 kbase;	/* its first row in twcs */
	char			*header; /* twcs: the header row */
	size_t			 headerlen;
	/* Standard input after its first line was read to tell the format. */
	struct ndjson_reader	 rd;
	int			 have_rd;
	enum ndjson_status	 first_st;
	char			*first;
	size_t			 firstlen;
};

static struct {
	/* Options. */
	enum import_format	 format;	/* IMPORT_UNKNOWN: detect */
	const char		*account;
	long long		 max;		/* 0: no limit */
	long long		 since, until;
	size_t			 max_line;
	int			 strict;
	const char		*rejects_path;

	FILE			*rejects;
	struct twcs		*twcs;
	struct x_import		 x;
	struct buf		 out;
	unsigned long long	 nrecords;
	unsigned long		 nerrors;
	const char		*file;		/* input being read */
	unsigned long		 lineno;
	int			 status;
	int			 stop;
	int			 epipe;	/* the reader went away */
	int			 progress; /* stderr is a terminal */
	int			 shown;	/* a progress line is up */
	time_t			 last;
} I;

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-fetch import [--strict] [--account HANDLE] "
	    "[--format twcs | twarc | x]\n"
	    "                       [--max N] [--max-line SIZE] "
	    "[--rejects FILE] [--since TIME]\n"
	    "                       [--until TIME] [FILE ...]\n");
	exit(status);
}

/* Progress on a terminal: one line, rewritten at most once a second. */
static void
progress(const char *what, unsigned long rows)
{
	time_t now;

	if (!I.progress || (rows & 0xffff) != 0)
		return;
	now = time(NULL);
	if (now == I.last)
		return;
	I.last = now;
	fprintf(stderr, "\r%s: %s: %s: %lu rows\033[K", getprogname(),
	    I.file, what, rows);
	I.shown = 1;
}

static void
progress_clear(void)
{
	if (I.shown) {
		fputs("\r\033[K", stderr);
		I.shown = 0;
	}
}

/* Report the current line: "cs-fetch: FILE:LINE: reason". */
static void
diag(const char *reason)
{
	progress_clear();
	warnx("%s:%lu: %s", I.file, I.lineno, reason);
	I.nerrors++;
	I.status = CS_EXIT_FAIL;
	if (I.strict)
		I.stop = 1;
}

/* Report a bad row or line and keep its bytes in --rejects. */
static void
reject(const char *raw, size_t len, const char *reason)
{
	diag(reason);
	if (I.rejects != NULL) {
		fwrite(raw, 1, len, I.rejects);
		putc('\n', I.rejects);
	}
}

static void
read_error(const char *name)
{
	progress_clear();
	warn("%s", name);
	I.nerrors++;
	I.status = CS_EXIT_FAIL;
	if (I.strict)
		I.stop = 1;
}

/* Check standard output after a write; a closed pipe ends the run. */
static void
check_output(void)
{
	if (!ferror(stdout))
		return;
	if (errno == EPIPE)
		I.epipe = 1;
	else {
		progress_clear();
		warn("write error");
		I.status = CS_EXIT_FAIL;
	}
	I.stop = 1;
}

/*
 * Write a record unless --since or --until leave it out.  Returns 1 when
 * the run is to stop (--max reached, output closed).
 */
static int
write_record(const struct import_record *rec)
{
	if (rec->created < I.since || rec->created >= I.until)
		return I.stop;
	buf_reset(&I.out);
	import_render(rec, &I.out);
	fwrite(I.out.s, 1, I.out.len, stdout);
	check_output();
	I.nrecords++;
	if (I.max > 0 && I.nrecords >= (unsigned long long)I.max)
		I.stop = 1;
	return I.stop;
}

static int
emit_x(void *arg, const struct import_record *rec)
{
	(void)arg;
	return write_record(rec);
}

/* Before a read that would block: let the reader downstream see it all. */
static void
flush_out(void *arg)
{
	(void)arg;
	fflush(stdout);
	check_output();
	if (I.rejects != NULL)
		fflush(I.rejects);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * Copy standard input, which cannot seek, to a temporary file for the
 * two passes: first what was read already (n bytes at pre, then the
 * reader's buffered bytes when rd is not NULL), then the rest.  Returns
 * the file's descriptor, at offset 0, or -1 after a message.
 */
static int
spool(const char *pre, size_t n, const struct ndjson_reader *rd)
{
	const char *dir = getenv("TMPDIR");
	char *path, chunk[65536];
	ssize_t k;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/cs-fetch.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		warn("%s", path);
		free(path);
		return -1;
	}
	unlink(path);
	if (write_all(fd, pre, n) == -1 || (rd != NULL &&
	    write_all(fd, rd->buf + rd->start, rd->end - rd->start) == -1))
		goto fail;
	for (;;) {
		k = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1) {
			warn("<stdin>");
			close(fd);
			free(path);
			return -1;
		}
		if (k == 0)
			break;
		if (write_all(fd, chunk, (size_t)k) == -1)
			goto fail;
	}
	if (lseek(fd, 0, SEEK_SET) == -1)
		goto fail;
	free(path);
	return fd;
fail:
	warn("%s", path);
	close(fd);
	free(path);
	return -1;
}

static int
open_input(struct input *in)
{
	if (strcmp(in->path, "-") == 0) {
		in->name = "<stdin>";
		in->fd = STDIN_FILENO;
		in->off0 = lseek(STDIN_FILENO, 0, SEEK_CUR);
		return 0;
	}
	in->name = in->path;
	in->off0 = 0;
	if ((in->fd = open(in->path, O_RDONLY | O_CLOEXEC)) == -1) {
		read_error(in->path);
		in->skip = 1;
		return -1;
	}
	return 0;
}

static void
close_input(struct input *in)
{
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
}

/*
 * Read the twcs header row; 1 when there is one, 0 for an empty input,
 * -1 after a message (when report is set) for a bad one.
 */
static int
read_header(struct input *in, struct csv_reader *cr, struct twcs_cols *cols,
    int report)
{
	struct cs_error e;
	char reason[64];

	switch (csv_next(cr, &e)) {
	case CSV_EOF:
		return 0;
	case CSV_ROW:
		if (twcs_header(cols, cr, &e) == 0)
			return 1;
		break;
	case CSV_BAD:
		break;
	case CSV_TOOLONG:
		snprintf(reason, sizeof(reason), "row longer than %zu bytes",
		    I.max_line);
		strlcpy(e.msg, reason, sizeof(e.msg));
		break;
	case CSV_IOERR:
		if (report)
			read_error(in->name);
		return -1;
	}
	if (report) {
		I.file = in->name;
		I.lineno = cr->lineno;
		diag(e.msg);
	}
	return -1;
}

/* A row that repeats the header, as where CSV files were concatenated. */
static int
is_header(const struct input *in, const struct csv_reader *cr)
{
	return cr->rowlen == in->headerlen &&
	    memcmp(cr->row, in->header, cr->rowlen) == 0;
}

/* twcs, first pass: every good row's id, parent and brand into the map. */
static void
twcs_pass1(struct input *in)
{
	struct csv_reader cr;
	struct twcs_cols cols;
	struct twcs_row row;
	struct twcs_stats st;
	struct cs_error e;
	unsigned long rows = 0;
	int h;

	twcs_stats(I.twcs, &st);
	in->kbase = st.rows;
	csv_fdopen(&cr, in->fd, in->name, I.max_line);
	I.file = in->name;
	if ((h = read_header(in, &cr, &cols, 1)) <= 0) {
		in->skip = 1;
		csv_close(&cr);
		return;
	}
	in->header = xstrndup(cr.row, cr.rowlen);
	in->headerlen = cr.rowlen;
	for (;;) {
		enum csv_status cs = csv_next(&cr, &e);

		if (cs == CSV_EOF)
			break;
		if (cs == CSV_IOERR) {
			read_error(in->name);
			in->skip = 1;
			break;
		}
		if (cs == CSV_TOOLONG && csv_skip_row(&cr, NULL) == -1) {
			read_error(in->name);
			in->skip = 1;
			break;
		}
		if (cs == CSV_ROW && !is_header(in, &cr) &&
		    twcs_parse(&cols, &cr, &row, &e) == 0)
			twcs_add(I.twcs, &row);
		progress("reading", ++rows);
	}
	csv_close(&cr);
}

/* twcs, second pass: the records, in input order. */
static void
twcs_pass2(struct input *in)
{
	struct csv_reader cr;
	struct twcs_cols cols;
	struct twcs_row row;
	struct import_record rec;
	struct cs_error e;
	size_t k = in->kbase;
	unsigned long rows = 0;
	char reason[64];

	if (lseek(in->fd, in->off0, SEEK_SET) == -1) {
		read_error(in->name);
		return;
	}
	csv_fdopen(&cr, in->fd, in->name, I.max_line);
	I.file = in->name;
	if (read_header(in, &cr, &cols, 0) <= 0) {
		csv_close(&cr);
		return;
	}
	while (!I.stop) {
		enum csv_status cs = csv_next(&cr, &e);

		I.lineno = cr.lineno;
		progress("writing", ++rows);
		switch (cs) {
		case CSV_EOF:
			csv_close(&cr);
			return;
		case CSV_IOERR:
			read_error(in->name);
			csv_close(&cr);
			return;
		case CSV_TOOLONG:
			snprintf(reason, sizeof(reason),
			    "row longer than %zu bytes", I.max_line);
			diag(reason);
			if (I.rejects != NULL)
				fwrite(cr.row, 1, cr.rowlen, I.rejects);
			if (csv_skip_row(&cr, I.rejects) == -1) {
				read_error(in->name);
				csv_close(&cr);
				return;
			}
			if (I.rejects != NULL)
				putc('\n', I.rejects);
			break;
		case CSV_BAD:
			reject(cr.row, cr.rowlen, e.msg);
			break;
		case CSV_ROW:
			if (is_header(in, &cr))
				break;
			if (twcs_parse(&cols, &cr, &row, &e) == -1 ||
			    twcs_map(I.twcs, k++, &row, &rec, &e) == -1) {
				reject(cr.row, cr.rowlen, e.msg);
				break;
			}
			if (I.account != NULL && (rec.account.s == NULL ||
			    rec.account.len != strlen(I.account) ||
			    strncasecmp(rec.account.s, I.account,
			    rec.account.len) != 0))
				break;
			write_record(&rec);
			break;
		}
	}
	csv_close(&cr);
}

/* JSON lines (twarc2 raw or flattened, X pages): a stream. */
static void
json_stream(struct input *in)
{
	struct ndjson_reader own, *rd = &own;
	struct cs_error e;
	char reason[64], *line;
	size_t len;
	int first = 0;

	if (in->have_rd) {
		rd = &in->rd;
		first = 1;
	} else
		ndjson_fdopen(rd, in->fd, in->name, I.max_line);
	rd->before_block = flush_out;
	I.file = in->name;
	while (!I.stop) {
		enum ndjson_status st;

		if (first) {
			st = in->first_st;
			line = in->first;
			len = in->firstlen;
			first = 0;
		} else
			st = ndjson_next(rd, &line, &len);
		I.lineno = rd->lineno;
		if (st == NDJSON_EOF)
			break;
		if (st == NDJSON_IOERR) {
			read_error(in->name);
			break;
		}
		if (st == NDJSON_TOOLONG) {
			snprintf(reason, sizeof(reason),
			    "line longer than %zu bytes", I.max_line);
			diag(reason);
			if (I.rejects != NULL)
				fwrite(line, 1, len, I.rejects);
			if (ndjson_skip_line(rd, I.rejects) == -1) {
				read_error(in->name);
				break;
			}
			if (I.rejects != NULL)
				putc('\n', I.rejects);
			continue;
		}
		if (len == strspn(line, " \t\r"))
			continue;
		if (x_import_line(&I.x, line, len, emit_x, NULL, &e) == -1)
			reject(line, len, e.msg);
	}
	ndjson_close(rd);
	in->have_rd = 0;
}

/*
 * Settle an input's format and, for twcs, read it a first time.  Files
 * are closed again (there may be many); standard input stays open.
 */
static void
prepare(struct input *in)
{
	struct ndjson_reader rd;
	enum ndjson_status st = NDJSON_EOF;
	char *line = NULL;
	size_t len = 0;
	int isstdin = strcmp(in->path, "-") == 0, peeked = 0;

	if (open_input(in) == -1)
		return;
	in->format = I.format;
	if (in->format == IMPORT_UNKNOWN) {
		ndjson_fdopen(&rd, in->fd, in->name, I.max_line);
		st = ndjson_next(&rd, &line, &len);
		peeked = 1;
		I.file = in->name;
		I.lineno = 1;
		if (st == NDJSON_EOF) {
			in->skip = 1;
			ndjson_close(&rd);
			close_input(in);
			return;
		}
		if (st == NDJSON_IOERR) {
			read_error(in->name);
			in->skip = 1;
			ndjson_close(&rd);
			close_input(in);
			return;
		}
		in->format = import_detect(line, len);
		if (in->format == IMPORT_UNKNOWN) {
			diag("cannot tell the format: use --format");
			in->skip = 1;
			ndjson_close(&rd);
			close_input(in);
			return;
		}
		if (in->format != IMPORT_TWCS && isstdin) {
			in->rd = rd;
			in->have_rd = 1;
			in->first_st = st;
			in->first = line;
			in->firstlen = len;
			return;
		}
	}
	if (in->format == IMPORT_TWCS) {
		if (in->off0 == -1) {
			/* A pipe: keep a copy for the second pass. */
			int fd;

			if (peeked) {
				char *pre = xmalloc(len + 1);

				memcpy(pre, line, len);
				pre[len] = '\n';
				fd = spool(pre, len + (st == NDJSON_LINE),
				    &rd);
				free(pre);
			} else
				fd = spool("", 0, NULL);
			if (peeked)
				ndjson_close(&rd);
			if (fd == -1) {
				I.nerrors++;
				I.status = CS_EXIT_FAIL;
				in->skip = 1;
				return;
			}
			in->fd = fd;
			in->off0 = 0;
		} else {
			if (peeked)
				ndjson_close(&rd);
			if (lseek(in->fd, in->off0, SEEK_SET) == -1) {
				read_error(in->name);
				in->skip = 1;
				close_input(in);
				return;
			}
		}
		twcs_pass1(in);
		if (!isstdin || in->skip)
			close_input(in);
		return;
	}
	if (peeked)
		ndjson_close(&rd);
	if (!isstdin)
		close_input(in);
}

static void
run(struct input *in)
{
	if (in->skip)
		return;
	if (in->fd == -1 && open_input(in) == -1)
		return;
	if (in->format == IMPORT_TWCS)
		twcs_pass2(in);
	else
		json_stream(in);
	close_input(in);
}

static enum import_format
parse_format(const char *s)
{
	if (strcmp(s, "twcs") == 0)
		return IMPORT_TWCS;
	if (strcmp(s, "twarc") == 0)
		return IMPORT_TWARC;
	if (strcmp(s, "x") == 0)
		return IMPORT_X;
	errx(CS_EXIT_USAGE, "bad --format value '%s': expected twcs, twarc "
	    "or x", s);
}

int
fetch_import(int argc, char *argv[])
{
	static char name[] = "cs-fetch import";
	struct input *in;
	size_t n, i;
	unsigned long nerrors;
	int ch, strict;

	memset(&I, 0, sizeof(I));
	I.max_line = NDJSON_MAX_LINE;
	I.since = LLONG_MIN;
	I.until = LLONG_MAX;
	/* getopt's messages name argv[0]. */
	argv[0] = name;
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_ACCOUNT:
			I.account = optarg[0] == '@' ? optarg + 1 : optarg;
			if (*I.account == '\0')
				errx(CS_EXIT_USAGE, "bad --account value "
				    "'%s': empty", optarg);
			break;
		case OPT_FORMAT:
			I.format = parse_format(optarg);
			break;
		case OPT_MAX:
			I.max = cli_number("--max", optarg, 1, LLONG_MAX);
			break;
		case OPT_MAX_LINE:
			I.max_line = (size_t)cli_size("--max-line", optarg,
			    2, 1024LL * 1024 * 1024);
			break;
		case OPT_REJECTS:
			I.rejects_path = optarg;
			break;
		case OPT_SINCE:
			I.since = cli_time("--since", optarg);
			break;
		case OPT_STRICT:
			I.strict = 1;
			break;
		case OPT_UNTIL:
			I.until = cli_time("--until", optarg);
			break;
		case 'h':
			usage(0);
		case 'V':
			cli_version();
		default:
			usage(CS_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	if (I.rejects_path != NULL &&
	    (I.rejects = fopen(I.rejects_path, "a")) == NULL)
		err(CS_EXIT_FAIL, "%s", I.rejects_path);
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	I.progress = isatty(STDERR_FILENO);
	I.twcs = twcs_new();
	x_import_init(&I.x, I.account, I.format == IMPORT_X ? X_PAGE :
	    X_PAGE | X_TWEET);
	buf_init(&I.out);

	n = argc > 0 ? (size_t)argc : 1;
	in = xcalloc(n, sizeof(*in));
	for (i = 0; i < n; i++) {
		in[i].path = argc > 0 ? argv[i] : "-";
		in[i].fd = -1;
	}
	/*
	 * An input that fails while it is prepared (unreadable, of unknown
	 * format, a bad header) stops a --strict run only when its turn
	 * comes, after the inputs before it are written.
	 */
	strict = I.strict;
	I.strict = 0;
	for (i = 0; i < n; i++) {
		nerrors = I.nerrors;
		prepare(&in[i]);
		in[i].failed = I.nerrors != nerrors;
	}
	I.strict = strict;
	progress_clear();
	twcs_link(I.twcs);
	for (i = 0; i < n && !I.stop; i++) {
		if (in[i].failed && I.strict)
			break;
		run(&in[i]);
	}
	progress_clear();
	for (i = 0; i < n; i++) {
		if (in[i].have_rd)
			ndjson_close(&in[i].rd);
		close_input(&in[i]);
		free(in[i].header);
	}
	free(in);
	twcs_free(I.twcs);
	x_import_release(&I.x);
	buf_release(&I.out);

	if (I.rejects != NULL && fclose(I.rejects) != 0) {
		warn("%s", I.rejects_path);
		I.status = CS_EXIT_FAIL;
	}
	if (I.epipe) {
		/* Nobody reads any more: nothing to report. */
		fclose(stdout);
		return I.status;
	}
	if (fflush(stdout) != 0 && errno == EPIPE) {
		fclose(stdout);
		return I.status;
	}
	return cli_close_stdout(I.status);
}
