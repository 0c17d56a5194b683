/*
 * Unit tests for lib/import.[ch]: the CSV reader on every tricky case,
 * the twcs fields, the thread map, the record writer and the expansion of
 * X API pages and twarc2 tweets.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testlib.h"

#include "import.h"
#include "timeutil.h"
#include "util.h"

/* The CSV reader. */

static struct csv_reader R;
static struct cs_error E;

static void
mem(const char *s, size_t n, size_t max)
{
	csv_memopen(&R, s, n, "t.csv", max);
}

#define MEM(lit)	mem(lit, sizeof(lit) - 1, 0)

static void
expect_row(unsigned long lineno, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(R.lineno, lineno);
	assert_int_equal(R.nfields, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);

		assert_int_equal(R.fields[i].len, strlen(want));
		assert_memory_equal(R.fields[i].s, want, strlen(want));
	}
	va_end(ap);
}

static void
expect_bad(unsigned long lineno, const char *msg, const char *raw)
{
	assert_int_equal(csv_next(&R, &E), CSV_BAD);
	assert_int_equal(R.lineno, lineno);
	assert_string_equal(E.msg, msg);
	assert_int_equal(R.rowlen, strlen(raw));
	assert_memory_equal(R.row, raw, R.rowlen);
}

static void
expect_eof(void)
{
	assert_int_equal(csv_next(&R, &E), CSV_EOF);
	assert_int_equal(csv_next(&R, &E), CSV_EOF);
	csv_close(&R);
}

static void
csv_plain(void **state)
{
	(void)state;
	MEM("a,b,c\n1,2,3\n");
	expect_row(1, 3, "a", "b", "c");
	assert_int_equal(R.offset, 0);
	assert_int_equal(R.rowlen, 5);
	expect_row(2, 3, "1", "2", "3");
	assert_int_equal(R.offset, 6);
	expect_eof();
}

static void
csv_quotes(void **state)
{
	(void)state;
	MEM("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\",\"\"\n"
	    "x,\"\"\"q\"\" and \"\"r\"\"\",y\n");
	expect_row(1, 4, "a,b", "say \"hi\"", "\"", "");
	/* Every unescaped field stays valid while the row is held. */
	expect_row(2, 3, "x", "\"q\" and \"r\"", "y");
	expect_eof();
}

static void
csv_embedded_newlines(void **state)
{
	(void)state;
	MEM("1,\"two\nlines\",z\n"
	    "2,\"crlf\r\ninside\",z\r\n"
	    "3,\"cr\ronly\",z\n"
	    "4,\"three\n\nlines\",z\n"
	    "5,last,z\n");
	expect_row(1, 3, "1", "two\nlines", "z");
	expect_row(3, 3, "2", "crlf\r\ninside", "z");
	expect_row(5, 3, "3", "cr\ronly", "z");
	expect_row(6, 3, "4", "three\n\nlines", "z");
	expect_row(9, 3, "5", "last", "z");
	expect_eof();
}

static void
csv_bare_cr(void **state)
{
	(void)state;
	/* A bare CR is data, even outside quotes; only LF ends a row. */
	MEM("1,@Brand \r\rI love it,z\n2,end\r,z\r\n3,\r\n");
	expect_row(1, 3, "1", "@Brand \r\rI love it", "z");
	expect_row(2, 3, "2", "end\r", "z");
	expect_row(3, 2, "3", "");
	expect_eof();
	/* CR CR LF: the last CR belongs to the row end, the other is data. */
	MEM("a,b\r\r\n");
	expect_row(1, 2, "a", "b\r");
	expect_eof();
}

static void
csv_row_ends(void **state)
{
	(void)state;
	MEM("a,b\r\nc,d\ne,f");
	expect_row(1, 2, "a", "b");
	expect_row(2, 2, "c", "d");
	expect_row(3, 2, "e", "f");		/* no final newline */
	expect_eof();
	MEM("a,\"b\"");
	expect_row(1, 2, "a", "b");
	expect_eof();
	MEM("a,\"b\"\r\n");
	expect_row(1, 2, "a", "b");
	expect_eof();
	MEM("");
	expect_eof();
}

static void
csv_empty_fields(void **state)
{
	(void)state;
	MEM(",\n,,\na,\n,a\n\"\",\"\"\nlone\n");
	expect_row(1, 2, "", "");
	expect_row(2, 3, "", "", "");
	expect_row(3, 2, "a", "");
	expect_row(4, 2, "", "a");
	expect_row(5, 2, "", "");
	expect_row(6, 1, "lone");
	expect_eof();
}

static void
csv_blank_lines_and_bom(void **state)
{
	(void)state;
	MEM("\xef\xbb\xbf" "a,b\n\n\r\nc,d\n\n");
	expect_row(1, 2, "a", "b");
	expect_row(4, 2, "c", "d");
	expect_eof();
	/* A BOM only counts at the very start. */
	MEM("a\n\xef\xbb\xbf" "b\n");
	expect_row(1, 1, "a");
	expect_row(2, 1, "\xef\xbb\xbf" "b");
	expect_eof();
}

static void
csv_malformed(void **state)
{
	(void)state;
	MEM("1,ok\n2,\"open\n3,never closed\n");
	expect_row(1, 2, "1", "ok");
	expect_bad(2, "unterminated quoted field",
	    "2,\"open\n3,never closed\n");
	expect_eof();

	MEM("1,say \"hi\",x\n2,ok\n");
	expect_bad(1, "quote in unquoted field", "1,say \"hi\",x");
	expect_row(2, 2, "2", "ok");
	expect_eof();

	MEM("1,\"say\"hi,x\n2,\"a\" ,x\n3,ok\n");
	expect_bad(1, "text after closing quote", "1,\"say\"hi,x");
	expect_bad(2, "text after closing quote", "2,\"a\" ,x");
	expect_row(3, 2, "3", "ok");
	expect_eof();
}

static void
csv_encoding(void **state)
{
	static const char nul[] = "1,a\0b\n2,ok\n";

	(void)state;
	MEM("1,caf\xc3\xa9 \xf0\x9f\x98\x8a,x\n"
	    "2,bad \xff,x\n"
	    "3,overlong \xc0\xaf,x\n"
	    "4,surrogate \xed\xa0\x80,x\n"
	    "5,cut \xe2\x82\n"
	    "6,ok\n");
	expect_row(1, 3, "1", "caf\xc3\xa9 \xf0\x9f\x98\x8a", "x");
	expect_bad(2, "invalid UTF-8 at byte 7", "2,bad \xff,x");
	expect_bad(3, "invalid UTF-8 at byte 12", "3,overlong \xc0\xaf,x");
	expect_bad(4, "invalid UTF-8 at byte 13",
	    "4,surrogate \xed\xa0\x80,x");
	expect_bad(5, "invalid UTF-8 at byte 7", "5,cut \xe2\x82");
	expect_row(6, 2, "6", "ok");
	expect_eof();
	mem(nul, sizeof(nul) - 1, 0);
	assert_int_equal(csv_next(&R, &E), CSV_BAD);
	assert_string_equal(E.msg, "NUL byte at byte 4");
	expect_row(2, 2, "2", "ok");
	expect_eof();
}

/* A FILE in tmpdir for copies; read back with take(). */
static FILE *
copyfile(char **path)
{
	FILE *fp;

	*path = tmp_path("copy");
	fp = fopen(*path, "w+");
	assert_non_null(fp);
	return fp;
}

static char *
take(FILE *fp, char *path)
{
	char *s;

	assert_int_equal(fclose(fp), 0);
	s = read_file(path);
	free(path);
	return s;
}

static void
csv_too_long(void **state)
{
	static const char in[] =
	    "1,short\n"
	    "2,this row is far too long for the cap\r\n"
	    "3,\"quoted\nand long, with \"\"quotes\"\" and\nlines\",x\n"
	    "4,ok\n"
	    "5,unterminated \"and long at the end of the input";
	char *path, *s;
	FILE *cp;

	(void)state;
	mem(in, sizeof(in) - 1, 16);
	expect_row(1, 2, "1", "short");
	cp = copyfile(&path);
	assert_int_equal(csv_next(&R, &E), CSV_TOOLONG);
	assert_int_equal(R.lineno, 2);
	assert_int_equal(R.rowlen, 16);
	assert_memory_equal(R.row, "2,this row is fa", 16);
	fwrite(R.row, 1, R.rowlen, cp);
	assert_int_equal(csv_skip_row(&R, cp), 0);
	s = take(cp, path);
	assert_string_equal(s, "2,this row is far too long for the cap");
	free(s);
	/* Quotes are respected while skipping: the row spans 3 lines. */
	assert_int_equal(csv_next(&R, &E), CSV_TOOLONG);
	assert_int_equal(R.lineno, 3);
	/* No skip: csv_next skips by itself. */
	expect_row(6, 2, "4", "ok");
	assert_int_equal(csv_next(&R, &E), CSV_TOOLONG);
	assert_int_equal(R.lineno, 7);
	assert_int_equal(csv_skip_row(&R, NULL), 0);
	expect_eof();
}

static void
csv_row_at_the_cap(void **state)
{
	(void)state;
	/* Exactly max_row bytes, with LF, CRLF or nothing after them. */
	MEM("12345678\nabcdefgh\r\nABCDEFGH");
	R.max_row = 8;
	expect_row(1, 1, "12345678");
	expect_row(2, 1, "abcdefgh");
	expect_row(3, 1, "ABCDEFGH");
	expect_eof();
	MEM("123456789\r\nok\n12345678\r");
	R.max_row = 8;
	assert_int_equal(csv_next(&R, &E), CSV_TOOLONG);
	expect_row(2, 1, "ok");
	assert_int_equal(csv_next(&R, &E), CSV_TOOLONG);
	expect_eof();
}

static void
csv_big_input(void **state)
{
	struct buf b;
	size_t i, n = 20000;

	(void)state;
	/* Rows straddle the reader's refills. */
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%zu,\"multi\nline %zu\",%s\n", i, i,
		    i % 3 ? "x" : "\"y\"\"z\"");
	mem(b.s, b.len, 64);
	for (i = 0; i < n; i++) {
		char id[24], text[40];

		snprintf(id, sizeof(id), "%zu", i);
		snprintf(text, sizeof(text), "multi\nline %zu", i);
		expect_row(2 * i + 1, 3, id, text, i % 3 ? "x" : "y\"z");
	}
	expect_eof();
	buf_release(&b);
}

static void
csv_files(void **state)
{
	char *path;

	(void)state;
	path = WRITE_LIT("in.csv", "h1,h2\r\n\"a\r\nb\",c\r\n");
	assert_int_equal(csv_open(&R, path, 0, &E), 0);
	assert_string_equal(R.name, path);
	expect_row(1, 2, "h1", "h2");
	expect_row(2, 2, "a\r\nb", "c");
	expect_eof();
	free(path);
	path = tmp_path("missing.csv");
	assert_int_equal(csv_open(&R, path, 0, &E), -1);
	path_error_is(E.msg, path, "No such file or directory");
	free(path);
}

/* The twcs fields. */

static time_t
date(const char *s)
{
	time_t t = -1;

	if (twcs_parse_date(s, strlen(s), &t) == -1)
		return -1;
	return t;
}

static void
twcs_dates(void **state)
{
	static const char *const bad[] = {
		"", "Tue Oct 31 22:10:47 +0000", "Tue Oct 31 22:10:47 2017",
		"Mon Oct 31 22:10:47 +0000 2017",	/* wrong weekday */
		"Tue Okt 31 22:10:47 +0000 2017",
		"tue Oct 31 22:10:47 +0000 2017",
		"Tue Nov 31 22:10:47 +0000 2017",
		"Tue Oct 31 24:10:47 +0000 2017",
		"Tue Oct 31 22:60:47 +0000 2017",
		"Tue Oct 31 22:10:47 +2400 2017",
		"Tue Oct 31 22:10:47 +0000 2017 ",
		"Tue Oct 31 22:10:47 0000 2017",
		"Tue Oct  31 22:10:47 +0000 2017",
		"Tue Oct 31 2:10:47 +0000 2017",
		"Wed Feb 29 10:00:00 +0000 2017",
		"Thu Jan 01 00:00:00 +0000 1969",
		"2017-10-31T22:10:47Z",
	};
	size_t i;

	(void)state;
	assert_int_equal(date("Tue Oct 31 22:10:47 +0000 2017"), 1509487847);
	assert_int_equal(date("Wed Nov 01 00:10:47 +0200 2017"), 1509487847);
	assert_int_equal(date("Tue Oct 31 17:10:47 -0500 2017"), 1509487847);
	assert_int_equal(date("Tue Oct 31 22:40:47 +0030 2017"), 1509487847);
	assert_int_equal(date("Mon Feb 29 12:00:00 +0000 2016"), 1456747200);
	assert_int_equal(date("Sun Nov 1 09:30:00 +0000 2026"), 1793525400);
	assert_int_equal(date("Thu Jan 01 00:00:00 +0000 1970"), 0);
	for (i = 0; i < CS_NELEM(bad); i++) {
		time_t t = 42;

		assert_int_equal(twcs_parse_date(bad[i], strlen(bad[i]), &t),
		    -1);
		assert_int_equal(t, 42);
	}
	/* Only n bytes count. */
	assert_int_equal(twcs_parse_date("Tue Oct 31 22:10:47 +0000 2017,x",
	    30, &(time_t){ 0 }), 0);
}

static uint64_t
id(const char *s)
{
	uint64_t v = 12345;

	if (twcs_parse_id(s, strlen(s), &v) == -1)
		return 12345;
	return v;
}

static void
twcs_ids(void **state)
{
	static const char *const bad[] = { "", "x", "-1", "+1", " 1", "1 ",
	    "3.", "3.5", "3.01", ".0", "1e5", "18446744073709551616",
	    "99999999999999999999" };
	size_t i;
	uint64_t v;

	(void)state;
	assert_true(id("3") == 3);
	assert_true(id("3.0") == 3);
	assert_true(id("3.000") == 3);
	assert_true(id("0") == 0);
	assert_true(id("007") == 7);
	assert_true(id("1800000000000000123") == 1800000000000000123ULL);
	assert_true(id("18446744073709551615") == UINT64_MAX);
	for (i = 0; i < CS_NELEM(bad); i++)
		assert_int_equal(twcs_parse_id(bad[i], strlen(bad[i]), &v), -1);
}

static const char HEADER[] = "tweet_id,author_id,inbound,created_at,text,"
    "response_tweet_id,in_response_to_tweet_id\n";

static void
twcs_headers(void **state)
{
	struct twcs_cols c;

	(void)state;
	/* pandas' unnamed index column first, as in twcs-head5000.csv. */
	MEM(",tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
	    "in_response_to_tweet_id\n");
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(twcs_header(&c, &R, &E), 0);
	assert_int_equal(c.ncols, 8);
	assert_int_equal(c.col[TWCS_TWEET_ID], 1);
	assert_int_equal(c.col[TWCS_IN_RESPONSE_TO], 7);
	csv_close(&R);
	/* The two link columns may be absent, in any order. */
	MEM("text,created_at,inbound,author_id,tweet_id\n");
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(twcs_header(&c, &R, &E), 0);
	assert_int_equal(c.col[TWCS_TEXT], 0);
	assert_int_equal(c.col[TWCS_TWEET_ID], 4);
	assert_int_equal(c.col[TWCS_RESPONSE_TWEET_ID], -1);
	assert_int_equal(c.col[TWCS_IN_RESPONSE_TO], -1);
	csv_close(&R);
	MEM("tweet_id,author_id,inbound,text\n");
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(twcs_header(&c, &R, &E), -1);
	assert_string_equal(E.msg, "missing column 'created_at'");
	csv_close(&R);
}

/* Parse the data row s (after HEADER) into row; returns twcs_parse. */
static int
parse(const char *s, struct twcs_row *row)
{
	struct twcs_cols c;
	struct buf b;
	int rc;

	buf_init(&b);
	buf_adds(&b, HEADER);
	buf_adds(&b, s);
	mem(b.s, b.len, 0);
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(twcs_header(&c, &R, &E), 0);
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	rc = twcs_parse(&c, &R, row, &E);
	csv_close(&R);
	buf_release(&b);
	return rc;
}

static void
twcs_rows(void **state)
{
	static const struct {
		const char *row, *msg;
	} bad[] = {
		{ "1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,", "expected 7 "
		    "fields, found 6" },
		{ "x,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,", "bad tweet_id "
		    "'x'" },
		{ "1,,True,Tue Oct 31 22:10:47 +0000 2017,t,,", "empty "
		    "author_id" },
		{ "1,a,yes,Tue Oct 31 22:10:47 +0000 2017,t,,", "bad inbound "
		    "'yes'" },
		{ "1,a,True,yesterday,t,,", "bad created_at 'yesterday'" },
		{ "1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,\"2,\",", "bad "
		    "response_tweet_id '2,'" },
		{ "1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,\"2 3\",", "bad "
		    "response_tweet_id '2 3'" },
		{ "1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,x", "bad "
		    "in_response_to_tweet_id 'x'" },
		{ "1,a,True,\"Tue Oct 31 22:10:47 +0000 2017\n"
		    "0123456789012345678901234567890123456789\",t,,",
		    "bad created_at "
		    "'Tue Oct 31 22:10:47 +0000 2017?012345678...'" },
	};
	struct twcs_row row;
	size_t i;

	(void)state;
	assert_int_equal(parse("5,Brand,False,Tue Oct 31 22:10:47 +0000 2017,"
	    "\"hi, you\",\"6, 7,8\",4.0\n", &row), 0);
	assert_true(row.id == 5 && row.parent == 4 && row.has_parent);
	assert_int_equal(row.inbound, 0);
	assert_int_equal(row.created, 1509487847);
	assert_int_equal(row.text.len, 7);
	assert_int_equal(row.author.len, 5);
	assert_int_equal(row.responses.len, 6);
	assert_int_equal(parse("5,123,TRUE,Tue Oct 31 22:10:47 +0000 2017,,,\n",
	    &row), 0);
	assert_int_equal(row.inbound, 1);
	assert_int_equal(row.has_parent, 0);
	assert_int_equal(row.text.len, 0);
	for (i = 0; i < CS_NELEM(bad); i++) {
		assert_int_equal(parse(bad[i].row, &row), -1);
		assert_string_equal(E.msg, bad[i].msg);
	}
}

/* The thread map. */

struct trow {
	const char	*csv;		/* the row after HEADER */
	const char	*conv, *account, *direction;
};

/* Run both passes over rows; check each record's links and brand. */
static void
threads(const struct trow *rows, size_t n, struct twcs_stats *st)
{
	struct twcs *t = twcs_new();
	struct twcs_cols c;
	struct twcs_row row;
	struct import_record rec;
	struct buf b;
	size_t i, pass, k;

	buf_init(&b);
	buf_adds(&b, HEADER);
	for (i = 0; i < n; i++) {
		buf_adds(&b, rows[i].csv);
		buf_addc(&b, '\n');
	}
	for (pass = 1; pass <= 2; pass++) {
		mem(b.s, b.len, 0);
		assert_int_equal(csv_next(&R, &E), CSV_ROW);
		assert_int_equal(twcs_header(&c, &R, &E), 0);
		for (k = 0; k < n; k++) {
			assert_int_equal(csv_next(&R, &E), CSV_ROW);
			assert_int_equal(twcs_parse(&c, &R, &row, &E), 0);
			if (pass == 1) {
				twcs_add(t, &row);
				continue;
			}
			if (rows[k].conv == NULL) {
				assert_int_equal(twcs_map(t, k, &row, &rec,
				    &E), -1);
				continue;
			}
			assert_int_equal(twcs_map(t, k, &row, &rec, &E), 0);
			assert_int_equal(rec.conversation_id.len,
			    strlen(rows[k].conv));
			assert_memory_equal(rec.conversation_id.s,
			    rows[k].conv, rec.conversation_id.len);
			if (rows[k].account == NULL)
				assert_null(rec.account.s);
			else {
				assert_non_null(rec.account.s);
				assert_int_equal(rec.account.len,
				    strlen(rows[k].account));
				assert_memory_equal(rec.account.s,
				    rows[k].account, rec.account.len);
			}
			assert_string_equal(rec.direction.s,
			    rows[k].direction);
		}
		expect_eof();
		if (pass == 1)
			twcs_link(t);
	}
	twcs_stats(t, st);
	twcs_free(t);
	buf_release(&b);
}

#define D	",Tue Oct 31 22:10:47 +0000 2017,"

static void
twcs_threads(void **state)
{
	static const struct trow rows[] = {
		/* A reply before its parent, and the parent's parent. */
		{ "3,111,True" D "@111 @BrandA thanks,,2", "1", "BrandA",
		    "in" },
		{ "1,111,True" D "@BrandB hello,2,", "1", "BrandA", "in" },
		{ "2,BrandA,False" D "@111 hi,3,1", "1", "BrandA", "out" },
		/* A missing parent: the thread is named after it. */
		{ "11,222,True" D "@BrandC help,,10", "10", "BrandC", "in" },
		{ "12,222,True" D "@BrandC again,,10", "10", "BrandC", "in" },
		{ "13,BrandC,False" D "on it,,12", "10", "BrandC", "out" },
		/* The brand answering the message wins over the thread's. */
		{ "20,333,True" D "@BrandD @BrandE hi,\"22, 21\",", "20",
		    "BrandE", "in" },
		{ "21,BrandD,False" D "D here,,20", "20", "BrandD", "out" },
		{ "22,BrandE,False" D "E here,,20", "20", "BrandE", "out" },
		{ "23,333,True" D "to D,,21", "20", "BrandD", "in" },
		/* No brand in the thread: the first non-numeric mention. */
		{ "30,444,True" D "@555 ask @Shop_1 about x@y.com,,", "30",
		    "Shop_1", "in" },
		{ "31,444,True" D "email me@BrandZ or @123456,,", "31", NULL,
		    "in" },
		/* A cycle ends where it closes; a duplicate is refused. */
		{ "40,666,True" D "a,,41", "40", NULL, "in" },
		{ "41,666,True" D "b,,40", "40", NULL, "in" },
		{ "42,666,True" D "self,,42", "42", NULL, "in" },
		{ "1,999,True" D "dup,,", NULL, NULL, NULL },
	};
	struct twcs_stats st;

	(void)state;
	threads(rows, CS_NELEM(rows), &st);
	assert_int_equal(st.rows, 16);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(st.replies, 11);
	assert_int_equal(st.parents_found, 9);
	assert_int_equal(st.parents_missing, 2);
	assert_int_equal(st.threads, 7);
	assert_int_equal(st.brands, 4);
}

static void
twcs_duplicate_message(void **state)
{
	struct twcs *t = twcs_new();
	struct twcs_cols c;
	struct twcs_row row;
	struct import_record rec;
	static const char in[] = "tweet_id,author_id,inbound,created_at,text\n"
	    "7,a,True" D "x\n";

	(void)state;
	mem(in, sizeof(in) - 1, 0);
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(twcs_header(&c, &R, &E), 0);
	assert_int_equal(csv_next(&R, &E), CSV_ROW);
	assert_int_equal(twcs_parse(&c, &R, &row, &E), 0);
	twcs_add(t, &row);
	twcs_add(t, &row);
	twcs_link(t);
	assert_int_equal(twcs_map(t, 0, &row, &rec, &E), 0);
	assert_int_equal(twcs_map(t, 1, &row, &rec, &E), -1);
	assert_string_equal(E.msg, "duplicate tweet_id '7'");
	assert_int_equal(twcs_map(t, 2, &row, &rec, &E), -1);
	csv_close(&R);
	twcs_free(t);
	twcs_free(NULL);
}

static void
twcs_many(void **state)
{
	struct twcs *t = twcs_new();
	struct twcs_row row;
	struct twcs_stats st;
	uint64_t i, n = 300000;

	(void)state;
	/* Chains of 3, ids spread out: the index grows many times. */
	memset(&row, 0, sizeof(row));
	row.author.s = "b";
	row.author.len = 1;
	for (i = 0; i < n; i++) {
		row.id = i * 7919 + 1;
		row.has_parent = i % 3 != 0;
		row.parent = (i - 1) * 7919 + 1;
		row.inbound = i % 3 != 1;
		twcs_add(t, &row);
	}
	twcs_link(t);
	twcs_stats(t, &st);
	assert_int_equal(st.rows, n);
	assert_int_equal(st.threads, n / 3);
	assert_int_equal(st.parents_found, n / 3 * 2);
	assert_int_equal(st.brands, 1);
	twcs_free(t);
}

/* The record writer. */

static void
render(void **state)
{
	struct import_record rec;
	struct buf b;

	(void)state;
	buf_init(&b);
	import_record_init(&rec);
	rec.id.s = "1";
	rec.id.len = 1;
	rec.created = 1509487847;
	import_render(&rec, &b);
	assert_string_equal(b.s, "{\"id\":\"1\",\"network\":null,"
	    "\"account\":null,\"direction\":null,"
	    "\"created_at\":\"2017-10-31T22:10:47Z\","
	    "\"conversation_id\":null,\"in_reply_to\":null,"
	    "\"author\":{\"id\":null,\"handle\":null,\"name\":null,"
	    "\"followers\":null,\"verified\":null},\"text\":null,"
	    "\"lang\":null,\"url\":null,\"metrics\":{\"reposts\":null,"
	    "\"replies\":null,\"likes\":null,\"quotes\":null}}\n");
	buf_reset(&b);
	rec.text.s = "a\"b\\c\r\n\t\x01 \xc3\xa9";
	rec.text.len = strlen(rec.text.s);
	rec.followers = 0;
	rec.verified = 1;
	rec.metrics[IMPORT_REPOSTS] = 12345678901LL;
	rec.metrics[IMPORT_QUOTES] = 0;
	import_render(&rec, &b);
	assert_non_null(strstr(b.s, "\"text\":\"a\\\"b\\\\c\\r\\n\\t\\u0001 "
	    "\xc3\xa9\""));
	assert_non_null(strstr(b.s, "\"followers\":0,\"verified\":true}"));
	assert_non_null(strstr(b.s, "\"metrics\":{\"reposts\":12345678901,"
	    "\"replies\":null,\"likes\":null,\"quotes\":0}}\n"));
	buf_release(&b);
}

static void
render_times(void **state)
{
	static const long long fixed[] = { 0, -1, 59, 86399, 86400,
	    951782400, 951868799, 4107542400LL, 4102444799LL,
	    253402300799LL, 1509487847, 1793525400 };
	struct import_record rec;
	struct buf b;
	long long t;
	size_t i;

	(void)state;
	buf_init(&b);
	import_record_init(&rec);
	/* The writer's own date code agrees with gmtime(3) everywhere. */
	for (i = 0; i < CS_NELEM(fixed) + 20000; i++) {
		char want[TIME_RFC3339_LEN];
		const char *at;

		t = i < CS_NELEM(fixed) ? fixed[i] :
		    -5000000000LL + (long long)(i - CS_NELEM(fixed)) *
		    24999977LL;
		rec.created = (time_t)t;
		buf_reset(&b);
		import_render(&rec, &b);
		time_format((time_t)t, want);
		at = strstr(b.s, "\"created_at\":\"");
		assert_non_null(at);
		assert_memory_equal(at + 14, want, TIME_RFC3339_LEN - 1);
		assert_int_equal(at[14 + TIME_RFC3339_LEN - 1], '"');
	}
	buf_release(&b);
}

/* X API pages and twarc2 tweets. */

static struct buf OUT;
static int STOP_AFTER;

static int
collect(void *arg, const struct import_record *rec)
{
	int *n = arg;

	import_render(rec, &OUT);
	return ++*n == STOP_AFTER;
}

/* Run one line; returns x_import_line's result, the records in OUT. */
static int
xline(const char *account, int accept, const char *line)
{
	struct x_import x;
	int n = 0, rc;

	buf_reset(&OUT);
	x_import_init(&x, account, accept);
	rc = x_import_line(&x, line, strlen(line), collect, &n, &E);
	if (rc >= 0)
		assert_int_equal(rc, n);
	x_import_release(&x);
	return rc;
}

static const char PAGE[] = "{\"data\":["
    "{\"id\":\"10\",\"text\":\"@Acme a &amp; b &lt;3 &gt; &amp;amp; &x\","
    "\"author_id\":\"2\",\"created_at\":\"2024-05-02T14:03:11.000Z\","
    "\"conversation_id\":\"10\",\"lang\":\"en\",\"public_metrics\":"
    "{\"retweet_count\":1,\"reply_count\":2,\"like_count\":3,"
    "\"quote_count\":4,\"impression_count\":99}},"
    "{\"id\":\"11\",\"text\":\"@jane ok\",\"author_id\":\"1\","
    "\"created_at\":\"2024-05-02T16:03:11+02:00\",\"referenced_tweets\":"
    "[{\"type\":\"quoted\",\"id\":\"5\"},{\"type\":\"replied_to\","
    "\"id\":\"10\"}]},"
    "{\"id\":\"12\",\"text\":\"who?\",\"author_id\":\"404\","
    "\"created_at\":\"2024-05-02T14:03:11Z\"}],"
    "\"includes\":{\"users\":[{\"id\":\"2\",\"username\":\"jane\","
    "\"name\":\"Jane \\\"J\\\" Doe\",\"verified\":false,\"public_metrics\":"
    "{\"followers_count\":312}},{\"id\":\"1\",\"username\":\"ACME\","
    "\"name\":\"Acme\",\"verified\":true}]},\"meta\":{\"result_count\":3},"
    "\"__twarc\":{\"url\":\"https://api.twitter.com/2/x\"}}";

static void
x_page(void **state)
{
	(void)state;
	assert_int_equal(xline("acme", X_PAGE, PAGE), 3);
	assert_string_equal(OUT.s,
	    "{\"id\":\"10\",\"network\":\"x\",\"account\":\"acme\","
	    "\"direction\":\"in\",\"created_at\":\"2024-05-02T14:03:11Z\","
	    "\"conversation_id\":\"10\",\"in_reply_to\":null,"
	    "\"author\":{\"id\":\"2\",\"handle\":\"jane\",\"name\":"
	    "\"Jane \\\"J\\\" Doe\",\"followers\":312,\"verified\":false},"
	    "\"text\":\"@Acme a & b <3 > &amp; &x\",\"lang\":\"en\","
	    "\"url\":\"https://x.com/jane/status/10\",\"metrics\":"
	    "{\"reposts\":1,\"replies\":2,\"likes\":3,\"quotes\":4}}\n"
	    "{\"id\":\"11\",\"network\":\"x\",\"account\":\"acme\","
	    "\"direction\":\"out\",\"created_at\":\"2024-05-02T14:03:11Z\","
	    "\"conversation_id\":\"10\",\"in_reply_to\":\"10\","
	    "\"author\":{\"id\":\"1\",\"handle\":\"ACME\",\"name\":\"Acme\","
	    "\"followers\":null,\"verified\":true},\"text\":\"@jane ok\","
	    "\"lang\":null,\"url\":\"https://x.com/ACME/status/11\","
	    "\"metrics\":{\"reposts\":null,\"replies\":null,\"likes\":null,"
	    "\"quotes\":null}}\n"
	    "{\"id\":\"12\",\"network\":\"x\",\"account\":\"acme\","
	    "\"direction\":\"in\",\"created_at\":\"2024-05-02T14:03:11Z\","
	    "\"conversation_id\":\"12\",\"in_reply_to\":null,"
	    "\"author\":{\"id\":\"404\",\"handle\":null,\"name\":null,"
	    "\"followers\":null,\"verified\":null},\"text\":\"who?\","
	    "\"lang\":null,\"url\":\"https://x.com/i/web/status/12\","
	    "\"metrics\":{\"reposts\":null,\"replies\":null,\"likes\":null,"
	    "\"quotes\":null}}\n");
	/* Without an account every tweet is "in" and account is null. */
	assert_int_equal(xline(NULL, X_PAGE, PAGE), 3);
	assert_null(strstr(OUT.s, "\"out\""));
	assert_non_null(strstr(OUT.s, "\"account\":null"));
	/* emit can stop the page. */
	STOP_AFTER = 2;
	assert_int_equal(xline(NULL, X_PAGE, PAGE), 2);
	STOP_AFTER = 0;
}

static void
x_page_shapes(void **state)
{
	(void)state;
	/* A lookup: data is one object. */
	assert_int_equal(xline(NULL, X_PAGE, "{\"data\":{\"id\":\"7\","
	    "\"text\":\"t\",\"created_at\":\"2024-01-01T00:00:00Z\"}}"), 1);
	assert_non_null(strstr(OUT.s, "\"id\":\"7\""));
	/* Empty pages and error-only pages give nothing. */
	assert_int_equal(xline(NULL, X_PAGE,
	    "{\"meta\":{\"result_count\":0}}"), 0);
	assert_int_equal(xline(NULL, X_PAGE, "{\"errors\":[{\"title\":"
	    "\"Not Found Error\"}]}"), 0);
	assert_int_equal(xline(NULL, X_PAGE, "{\"data\":[],\"meta\":{}}"), 0);
	assert_int_equal(xline(NULL, X_PAGE, "{\"data\":null}"), 0);
}

static void
x_flattened(void **state)
{
	static const char flat[] = "{\"id\":\"20\",\"text\":\"hola\","
	    "\"author_id\":\"3\",\"created_at\":\"2024-05-02T14:03:11.123Z\","
	    "\"conversation_id\":\"19\",\"lang\":\"es\",\"referenced_tweets\":"
	    "[{\"type\":\"replied_to\",\"id\":\"19\",\"text\":\"x\","
	    "\"author\":{\"id\":\"1\",\"username\":\"shop\"}}],"
	    "\"author\":{\"id\":\"3\",\"username\":\"Shop\",\"name\":\"S\","
	    "\"public_metrics\":{\"followers_count\":7}},"
	    "\"public_metrics\":{\"retweet_count\":0,\"reply_count\":0,"
	    "\"like_count\":5,\"quote_count\":0},"
	    "\"__twarc\":{\"url\":\"u\"}}";

	(void)state;
	assert_int_equal(xline("shop", X_PAGE | X_TWEET, flat), 1);
	assert_string_equal(OUT.s,
	    "{\"id\":\"20\",\"network\":\"x\",\"account\":\"shop\","
	    "\"direction\":\"out\",\"created_at\":\"2024-05-02T14:03:11Z\","
	    "\"conversation_id\":\"19\",\"in_reply_to\":\"19\","
	    "\"author\":{\"id\":\"3\",\"handle\":\"Shop\",\"name\":\"S\","
	    "\"followers\":7,\"verified\":null},\"text\":\"hola\","
	    "\"lang\":\"es\",\"url\":\"https://x.com/Shop/status/20\","
	    "\"metrics\":{\"reposts\":0,\"replies\":0,\"likes\":5,"
	    "\"quotes\":0}}\n");
	/* A missing author ({} in twarc2) and no conversation_id. */
	assert_int_equal(xline(NULL, X_TWEET, "{\"id\":\"21\",\"text\":\"t\","
	    "\"created_at\":\"2024-01-01T00:00:00Z\",\"author\":{},"
	    "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"9\"}]}"),
	    1);
	assert_non_null(strstr(OUT.s, "\"conversation_id\":\"9\","
	    "\"in_reply_to\":\"9\",\"author\":{\"id\":null,\"handle\":null,"));
	/* Kinds of line a format does not take. */
	assert_int_equal(xline(NULL, X_PAGE, flat), -1);
	assert_string_equal(E.msg, "not an X API page");
	assert_int_equal(xline(NULL, X_TWEET, PAGE), -1);
	assert_string_equal(E.msg, "not a tweet");
}

static void
x_bad_lines(void **state)
{
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{ "{\"data\":[", "invalid JSON at byte 10: unexpected end of "
		    "line" },
		{ "[1]", "not a JSON object" },
		{ "{\"t\":\"\xff\"}", "invalid UTF-8 at byte 7" },
		{ "{\"data\":[{\"id\":\"1\",\"text\":\"a\",\"created_at\":"
		    "\"2024-01-01T00:00:00Z\"},{\"id\":\"2\",\"text\":\"b\"}]}",
		    "data[1]: missing field 'created_at'" },
		{ "{\"data\":[{\"id\":2,\"text\":\"b\"}]}",
		    "data[0]: field 'id' is not a string" },
		{ "{\"data\":[{\"id\":\"\",\"text\":\"b\"}]}",
		    "data[0]: empty field 'id'" },
		{ "{\"data\":[{\"id\":\"1\",\"text\":null}]}",
		    "data[0]: missing field 'text'" },
		{ "{\"data\":[{\"id\":\"1\",\"text\":\"a\",\"created_at\":"
		    "\"May 2nd\"}]}", "data[0]: bad created_at 'May 2nd'" },
		{ "{\"data\":[7]}", "data[0]: not an object" },
		{ "{\"data\":{\"id\":\"1\"}}", "data: missing field 'text'" },
		{ "{\"data\":\"x\"}", "field 'data' is not an array" },
		{ "{\"foo\":1}", "missing field 'id'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(bad); i++) {
		E.msg[0] = '\0';
		assert_int_equal(xline(NULL, X_PAGE | X_TWEET, bad[i].line),
		    -1);
		assert_string_equal(E.msg, bad[i].msg);
		/* Nothing was given out of a refused line. */
		assert_int_equal(OUT.len, 0);
	}
}

static void
detect(void **state)
{
	static const struct {
		const char *line;
		enum import_format want;
	} cases[] = {
		{ "{\"data\":[]}", IMPORT_TWARC },
		{ "  {\"id\":\"1\"}", IMPORT_TWARC },
		{ "\xef\xbb\xbf{}", IMPORT_TWARC },
		{ "tweet_id,author_id,inbound,created_at,text,"
		    "response_tweet_id,in_response_to_tweet_id", IMPORT_TWCS },
		{ ",tweet_id,author_id,inbound,created_at,text", IMPORT_TWCS },
		{ "\xef\xbb\xbf\"tweet_id\",\"author_id\",\"inbound\","
		    "\"created_at\"", IMPORT_TWCS },
		{ "tweet_id,author_id,inbound", IMPORT_UNKNOWN },
		{ "tweet_idx,author_id,inbound,created_at", IMPORT_UNKNOWN },
		{ "hello", IMPORT_UNKNOWN },
		{ "", IMPORT_UNKNOWN },
		{ "[{}]", IMPORT_UNKNOWN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++)
		assert_int_equal(import_detect(cases[i].line,
		    strlen(cases[i].line)), cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_plain),
		cmocka_unit_test(csv_quotes),
		cmocka_unit_test(csv_embedded_newlines),
		cmocka_unit_test(csv_bare_cr),
		cmocka_unit_test(csv_row_ends),
		cmocka_unit_test(csv_empty_fields),
		cmocka_unit_test(csv_blank_lines_and_bom),
		cmocka_unit_test(csv_malformed),
		cmocka_unit_test(csv_encoding),
		cmocka_unit_test(csv_too_long),
		cmocka_unit_test(csv_row_at_the_cap),
		cmocka_unit_test(csv_big_input),
		cmocka_unit_test(csv_files),
		cmocka_unit_test(twcs_dates),
		cmocka_unit_test(twcs_ids),
		cmocka_unit_test(twcs_headers),
		cmocka_unit_test(twcs_rows),
		cmocka_unit_test(twcs_threads),
		cmocka_unit_test(twcs_duplicate_message),
		cmocka_unit_test(twcs_many),
		cmocka_unit_test(render),
		cmocka_unit_test(render_times),
		cmocka_unit_test(x_page),
		cmocka_unit_test(x_page_shapes),
		cmocka_unit_test(x_flattened),
		cmocka_unit_test(x_bad_lines),
		cmocka_unit_test(detect),
	};
	int rc;

	buf_init(&OUT);
	rc = cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
	buf_release(&OUT);
	return rc;
}
