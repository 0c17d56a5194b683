/*
 * libFuzzer target for lib/import.c: the input goes through the CSV
 * reader and both twcs passes (header, rows, thread map, records), and
 * each of its lines through the X page expander.  Every record written
 * must be one valid JSON object line, and the reader must hold its
 * bounds.
 */
#include "fuzz.h"

#include "import.h"
#include "ndjson.h"
#include "util.h"

#define IM_MAX_ROW	512

static struct ndjson_shape im_shape;

/* A record must render to one JSON object line that the filters take. */
static void
im_check(const struct import_record *rec)
{
	struct buf b;
	struct cs_error e;

	buf_init(&b);
	import_render(rec, &b);
	if (b.len == 0 || b.s[b.len - 1] != '\n' ||
	    memchr(b.s, '\n', b.len - 1) != NULL ||
	    ndjson_check(b.s, b.len - 1, &im_shape, &e) == -1)
		abort();
	buf_release(&b);
}

static int
im_emit(void *arg, const struct import_record *rec)
{
	int *n = arg;

	im_check(rec);
	return ++*n >= 1000;
}

static void
im_csv_pass(const uint8_t *data, size_t size, struct twcs *t, int pass)
{
	struct csv_reader r;
	struct twcs_cols cols;
	struct twcs_row row;
	struct import_record rec;
	struct cs_error e;
	enum csv_status st;
	size_t k = 0;
	int header = 0;

	csv_memopen(&r, data, size, "fuzz", IM_MAX_ROW);
	while ((st = csv_next(&r, &e)) != CSV_EOF) {
		if (st == CSV_IOERR)
			abort();
		if (st == CSV_TOOLONG) {
			if (r.rowlen != IM_MAX_ROW)
				abort();
			continue;
		}
		if (r.rowlen > IM_MAX_ROW)
			abort();
		if (st == CSV_BAD)
			continue;
		if (!header) {
			if (twcs_header(&cols, &r, &e) == -1)
				break;
			header = 1;
			continue;
		}
		if (twcs_parse(&cols, &r, &row, &e) == -1)
			continue;
		if (pass == 1)
			twcs_add(t, &row);
		else if (twcs_map(t, k++, &row, &rec, &e) == 0)
			im_check(&rec);
	}
	csv_close(&r);
}

FUZZ_ENTRY(import)
{
	struct twcs *t = twcs_new();
	struct x_import x;
	struct cs_error e;
	const uint8_t *p = data, *end = data + size, *nl;
	int n;

	import_detect((const char *)data, size);
	im_csv_pass(data, size, t, 1);
	twcs_link(t);
	im_csv_pass(data, size, t, 2);
	twcs_free(t);

	x_import_init(&x, "acme", X_PAGE | X_TWEET);
	for (; p < end; p = nl + 1) {
		char *line;
		size_t len;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - p);
		line = xstrndup((const char *)p, len);
		n = 0;
		if (x_import_line(&x, line, len, im_emit, &n, &e) < -1)
			abort();
		free(line);
	}
	x_import_release(&x);
	return 0;
}
