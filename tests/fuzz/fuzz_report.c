/*
 * libFuzzer target for cs-report's aggregation (lib/report*.c): the
 * input's first byte chooses the groups and whether business hours
 * apply, the rest is NDJSON, each line the filters accept counted with
 * report_add (a small window, so threads are evicted too).  The partial
 * is valid NDJSON that a fresh report merges back to the same JSON
 * report; the JSON report parses; every format is valid UTF-8; and the
 * HTML report holds none of the tags a stranger's text could inject.
 */
#include "fuzz.h"

#include <strings.h>

#include "report.h"

#define RP_NOW	1795000000

static struct report *
rp_new(unsigned sel)
{
	static const int keys[] = { REPORT_ACCOUNT, REPORT_CATEGORY,
	    REPORT_AGENT, REPORT_PRIORITY, REPORT_DAY, REPORT_LANG,
	    REPORT_WEEKDAY, REPORT_HOUR };
	struct report_conf c;
	struct cs_error e;
	struct report *r;
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < 3; i++)
		if (sel & (1U << i))
			c.by[c.nby++] = keys[(sel >> (i + 3)) %
			    CS_NELEM(keys)];
	/* No key twice. */
	if (c.nby > 1 && c.by[0] == c.by[1])
		c.nby = 1;
	if (c.nby > 2 && (c.by[2] == c.by[0] || c.by[2] == c.by[1]))
		c.nby = 2;
	c.sla[0] = 900;
	c.sla[1] = 3600;
	c.nsla = 2;
	if (sel & 0x80) {
		c.hours = "mon-fri 09:00-18:00";
		c.tz = "Europe/Madrid";
		c.holidays[c.nholidays++] = "2026-12-25";
	}
	c.now = RP_NOW;
	c.window = 4;
	if ((r = report_new(&c, &e)) == NULL)
		abort();
	return r;
}

/* Each line of the partial is a valid record the merge takes. */
static void
rp_merge(struct report *m, const struct buf *partial)
{
	struct fuzz_record fr;
	struct cs_error e;
	const char *p = partial->s, *end = partial->s + partial->len, *nl;

	FUZZ_CHECK(partial->len > 0 && end[-1] == '\n');
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		FUZZ_CHECK(nl != NULL);
		FUZZ_CHECK(fuzz_record_open(&fr, (const uint8_t *)p,
		    (size_t)(nl - p), NULL) == 0);
		if (report_merge_line(m, &fr.r, &e) == -1) {
			fprintf(stderr, "merge: %s\n", e.msg);
			FUZZ_CHECK(!"a partial merges");
		}
		fuzz_record_close(&fr);
	}
	FUZZ_CHECK(report_merge_end(m, &e) == 0);
}

static void
rp_html(const struct buf *b)
{
	static const char *const bad[] = { "<script", "<img", "<iframe",
	    "<object", "<embed", "<a ", "<a>", "<link", "<base", "<form",
	    "<input", "<math", "<video", "<audio", "<svg/" };
	size_t i, k;

	for (i = 0; i < b->len; i++) {
		if (b->s[i] != '<')
			continue;
		for (k = 0; k < CS_NELEM(bad); k++)
			FUZZ_CHECK(strncasecmp(b->s + i, bad[k],
			    strlen(bad[k])) != 0);
	}
}

FUZZ_ENTRY(report)
{
	struct report *r, *m;
	struct fuzz_record fr;
	struct cs_error e;
	struct buf partial, a, b;
	const uint8_t *p, *end, *nl;
	cJSON *j;

	if (size < 1)
		return 0;
	r = rp_new(data[0]);
	for (p = data + 1, end = data + size; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (fuzz_record_open(&fr, p, (size_t)(nl - p), NULL) == 0) {
			e.msg[0] = '\0';
			if (report_add(r, &fr.r, &e) == -1) {
				FUZZ_CHECK(e.msg[0] != '\0');
			}
			fuzz_record_close(&fr);
		}
	}
	buf_init(&partial);
	buf_init(&a);
	buf_init(&b);
	report_write_partial(r, &partial);
	m = report_new(NULL, &e);
	FUZZ_CHECK(m != NULL);
	rp_merge(m, &partial);
	report_set_now(r, RP_NOW);
	report_set_now(m, RP_NOW);
	report_write(r, REPORT_JSON, &a);
	report_write(m, REPORT_JSON, &b);
	FUZZ_CHECK(fuzz_utf8(a.s, a.len));
	FUZZ_CHECK((j = cJSON_ParseWithLength(a.s, a.len)) != NULL);
	cJSON_Delete(j);
	if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0) {
		fprintf(stderr, "report:\n%s\nmerged:\n%s\n", a.s, b.s);
		FUZZ_CHECK(!"the merged partial gives the same report");
	}
	/* Written, the threads are closed: the other formats too. */
	buf_reset(&a);
	report_write(r, REPORT_HTML, &a);
	FUZZ_CHECK(fuzz_utf8(a.s, a.len));
	rp_html(&a);
	buf_reset(&a);
	report_write(r, REPORT_CSV, &a);
	FUZZ_CHECK(fuzz_utf8(a.s, a.len));
	buf_reset(&a);
	report_write(r, REPORT_TEXT, &a);
	FUZZ_CHECK(fuzz_utf8(a.s, a.len));
	report_free(r);
	report_free(m);
	buf_release(&partial);
	buf_release(&a);
	buf_release(&b);
	return 0;
}
