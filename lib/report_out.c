/*
 * report_out: cs-report's text table, CSV and JSON.  Every format reads
 * the same columns (report_columns) so they always agree.
 */
#include "compat.h"

#include <math.h>

#include "report_int.h"

void
report_dur_label(long secs, char *out, size_t size)
{
	static const struct {
		long	 secs;
		char	 unit;
	} units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < CS_NELEM(units) && len + 1 < size; i++) {
		if (secs >= units[i].secs) {
			int n = snprintf(out + len, size - len, "%ld%c",
			    secs / units[i].secs, units[i].unit);

			if (n < 0 || (size_t)n >= size - len)
				break;
			len += (size_t)n;
			secs %= units[i].secs;
		}
	}
	if (len == 0)
		snprintf(out, size, "0s");
}

void
report_dur_human(double secs, char *out, size_t size)
{
	long s = lround(secs);

	if (s < 60)
		snprintf(out, size, "%lds", s);
	else if (s < 3600)
		snprintf(out, size, "%ldm%02lds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(out, size, "%ldh%02ldm", s / 3600, s / 60 % 60);
	else
		snprintf(out, size, "%ldd%02ldh", s / 86400, s / 3600 % 24);
}

static void
add_number(struct buf *b, double v, int decimals)
{
	char s[64];
	char *e;

	snprintf(s, sizeof(s), "%.*f", decimals, v);
	if (strchr(s, '.') != NULL) {
		e = s + strlen(s);
		while (e[-1] == '0')
			*--e = '\0';
		if (e[-1] == '.')
			*--e = '\0';
	}
	if (strcmp(s, "-0") == 0)
		strlcpy(s, "0", sizeof(s));
	buf_adds(b, s);
}

void
report_share(struct buf *b, uint64_t n, uint64_t total)
{
	if (total == 0)
		buf_adds(b, "null");
	else
		add_number(b, (double)n / (double)total, 4);
}

void
report_secs(struct buf *b, double v)
{
	add_number(b, v, 1);
}

/* Columns. */

static void
col_set(struct col *c, const char *name, const char *title,
    enum col_kind kind, int text)
{
	strlcpy(c->name, name, sizeof(c->name));
	strlcpy(c->title, title, sizeof(c->title));
	c->kind = kind;
	c->text = text;
}

size_t
report_columns(const struct report *r, struct col *c)
{
	static const char *const q[] = { "mean", "p50", "p90", "p99" };
	size_t n = 0, i;
	char name[32], title[16], lab[12];

	col_set(&c[n++], "inbound", "inbound", COL_COUNT, 1);
	col_set(&c[n++], "answered", "answered", COL_COUNT, 1);
	col_set(&c[n++], "response_rate", "rate", COL_SHARE, 1);
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "frt_%s", q[i]);
		col_set(&c[n++], name, q[i], COL_SECS, 1);
	}
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "bfrt_%s", q[i]);
		snprintf(title, sizeof(title), "biz %s", q[i]);
		col_set(&c[n++], name, title, COL_SECS, i == 1);
	}
	for (i = 0; i < r->conf.nsla; i++) {
		report_dur_label(r->conf.sla[i], lab, sizeof(lab));
		snprintf(name, sizeof(name), "within_%s", lab);
		snprintf(title, sizeof(title), "<=%s", lab);
		col_set(&c[n++], name, title, COL_SHARE, 1);
	}
	col_set(&c[n++], "backlog", "backlog", COL_COUNT, 1);
	col_set(&c[n++], "replies", "replies", COL_COUNT, 1);
	col_set(&c[n++], "negative", "neg", COL_SHARE, 1);
	col_set(&c[n++], "neutral", "neu", COL_SHARE, 0);
	col_set(&c[n++], "positive", "pos", COL_SHARE, 1);
	col_set(&c[n++], "sentiment", "sent", COL_SCORE, 0);
	col_set(&c[n++], "checkins", "checkins", COL_COUNT, 1);
	col_set(&c[n++], "checkins_answered", "ck answered", COL_COUNT, 0);
	col_set(&c[n++], "checkin_rate", "ck rate", COL_SHARE, 1);
	col_set(&c[n++], "satisfaction", "csat", COL_SHARE, 1);
	col_set(&c[n++], "satisfaction_score", "csat score", COL_SCORE, 0);
	return n;
}

static double
ratio(uint64_t n, uint64_t total)
{
	return total == 0 ? NAN : (double)n / (double)total;
}

static void
hist_cols(const struct hist *h, double *v)
{
	v[0] = h->n ? hist_mean(h) : NAN;
	v[1] = h->n ? hist_quantile(h, 0.5) : NAN;
	v[2] = h->n ? hist_quantile(h, 0.9) : NAN;
	v[3] = h->n ? hist_quantile(h, 0.99) : NAN;
}

size_t
report_values(const struct report *r, const struct group *g, double *v)
{
	uint64_t labelled = g->sent[0] + g->sent[1] + g->sent[2];
	size_t n = 0, i;

	v[n++] = (double)g->inbound;
	v[n++] = (double)g->answered;
	v[n++] = ratio(g->answered, g->inbound);
	hist_cols(&g->frt, v + n);
	n += 4;
	hist_cols(&g->bfrt, v + n);
	n += 4;
	for (i = 0; i < r->conf.nsla; i++)
		v[n++] = ratio(g->within[i], g->inbound);
	v[n++] = (double)g->backlog;
	v[n++] = (double)g->replies;
	for (i = 0; i < SENT_NLABELS; i++)
		v[n++] = ratio(g->sent[i], labelled);
	v[n++] = g->scored ? (double)g->score_sum / REPORT_FIX /
	    (double)g->scored : NAN;
	v[n++] = (double)g->ck_sent;
	v[n++] = (double)g->ck_answered;
	v[n++] = ratio(g->ck_answered, g->ck_sent);
	v[n++] = ratio(g->ck_positive, g->ck_scored);
	v[n++] = g->ck_scored ? (double)g->ck_score_sum / REPORT_FIX /
	    (double)g->ck_scored : NAN;
	return n;
}

/* One value as JSON or CSV (machine units). */
static void
add_machine(struct buf *b, enum col_kind kind, double v, int json)
{
	if (isnan(v)) {
		buf_adds(b, json ? "null" : "");
		return;
	}
	switch (kind) {
	case COL_COUNT:
		buf_printf(b, "%.0f", v);
		break;
	case COL_SECS:
		report_secs(b, v);
		break;
	case COL_SHARE:
	case COL_SCORE:
		add_number(b, v, 4);
		break;
	}
}

void
report_human(struct buf *b, enum col_kind kind, double v)
{
	char s[32];

	if (isnan(v)) {
		buf_adds(b, "-");
		return;
	}
	switch (kind) {
	case COL_COUNT:
		buf_printf(b, "%.0f", v);
		break;
	case COL_SECS:
		report_dur_human(v, s, sizeof(s));
		buf_adds(b, s);
		break;
	case COL_SHARE:
		buf_printf(b, "%.1f%%", v * 100);
		break;
	case COL_SCORE:
		buf_printf(b, "%.2f", v);
		break;
	}
}

/* Text. */

struct cell {
	size_t	 off, len;	/* in the table's buffer */
};

static size_t
utf8_width(const char *s, size_t len)
{
	size_t w = 0, i;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/*
 * An aligned table of nrows rows of ncols cells (row 0 the titles):
 * the first nleft columns left-aligned, the others right-aligned.
 */
static void
table_write(struct buf *out, const struct buf *cells, const struct cell *c,
    size_t nrows, size_t ncols, size_t nleft)
{
	size_t *w = xcalloc(ncols, sizeof(*w)), i, j, k;

	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++) {
			const struct cell *x = &c[i * ncols + j];
			size_t cw = utf8_width(cells->s + x->off, x->len);

			if (cw > w[j])
				w[j] = cw;
		}
	}
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++) {
			const struct cell *x = &c[i * ncols + j];
			size_t pad = w[j] - utf8_width(cells->s + x->off,
			    x->len);

			if (j > 0)
				buf_adds(out, "  ");
			if (j >= nleft)
				for (k = 0; k < pad; k++)
					buf_addc(out, ' ');
			buf_add(out, cells->s + x->off, x->len);
			if (j < nleft && j + 1 < ncols)
				for (k = 0; k < pad; k++)
					buf_addc(out, ' ');
		}
		buf_addc(out, '\n');
	}
	free(w);
}

/* Control characters would break the table's lines: shown as '?'. */
static void
add_clean(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void
text_row(const struct report *r, const struct group *g, const char *label,
    const struct col *cols, size_t ncols, struct buf *cells,
    struct cell *c)
{
	double v[REPORT_NCOLS];
	size_t i, n = 0, start;

	report_values(r, g, v);
	for (i = 0; i < (r->conf.nby ? r->conf.nby : 1); i++) {
		start = cells->len;
		add_clean(cells, label != NULL ? (i == 0 ? label : "") :
		    r->conf.nby == 0 ? "all" : g->vals[i]);
		c[n].off = start;
		c[n++].len = cells->len - start;
	}
	for (i = 0; i < ncols; i++) {
		if (!cols[i].text)
			continue;
		start = cells->len;
		report_human(cells, cols[i].kind, v[i]);
		c[n].off = start;
		c[n++].len = cells->len - start;
	}
}

void
report_write_text(struct report *r, struct buf *out)
{
	struct col cols[REPORT_NCOLS];
	size_t ncols = report_columns(r, cols), nshow = 0, nkeys, i, n = 0;
	size_t *ord = report_order(r), nrows = r->ngroups + 2, start;
	struct buf cells;
	struct cell *c;
	struct group total;

	nkeys = r->conf.nby ? r->conf.nby : 1;
	for (i = 0; i < ncols; i++)
		nshow += cols[i].text;
	c = xcalloc(nrows * (nkeys + nshow), sizeof(*c));
	buf_init(&cells);
	buf_add(&cells, "", 0);
	for (i = 0; i < nkeys; i++) {
		start = cells.len;
		buf_adds(&cells, r->conf.nby ? report_key_name(r->conf.by[i]) :
		    "");
		c[n].off = start;
		c[n++].len = cells.len - start;
	}
	for (i = 0; i < ncols; i++) {
		if (!cols[i].text)
			continue;
		start = cells.len;
		buf_adds(&cells, cols[i].title);
		c[n].off = start;
		c[n++].len = cells.len - start;
	}
	for (i = 0; i < r->ngroups; i++)
		text_row(r, &r->groups[ord[i]], NULL, cols, ncols, &cells,
		    c + (i + 1) * (nkeys + nshow));
	report_total(r, &total);
	text_row(r, &total, "total", cols, ncols, &cells,
	    c + (r->ngroups + 1) * (nkeys + nshow));
	table_write(out, &cells, c, nrows, nkeys + nshow, nkeys);
	group_release(&total, 0);
	buf_release(&cells);
	free(c);
	free(ord);
}

/* CSV (RFC 4180). */

static void
csv_field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void
csv_row(const struct report *r, const struct group *g, int total,
    const struct col *cols, size_t ncols, struct buf *out)
{
	double v[REPORT_NCOLS];
	size_t i;

	report_values(r, g, v);
	for (i = 0; i < r->conf.nby; i++) {
		csv_field(out, total ? (i == 0 ? "total" : "") : g->vals[i]);
		buf_addc(out, ',');
	}
	for (i = 0; i < ncols; i++) {
		if (i > 0)
			buf_addc(out, ',');
		add_machine(out, cols[i].kind, v[i], 0);
	}
	buf_adds(out, "\r\n");
}

void
report_write_csv(struct report *r, struct buf *out)
{
	struct col cols[REPORT_NCOLS];
	size_t ncols = report_columns(r, cols), i;
	size_t *ord = report_order(r);
	struct group total;

	for (i = 0; i < r->conf.nby; i++)
		buf_printf(out, "%s,", report_key_name(r->conf.by[i]));
	for (i = 0; i < ncols; i++)
		buf_printf(out, "%s%s", i ? "," : "", cols[i].name);
	buf_adds(out, "\r\n");
	for (i = 0; i < r->ngroups; i++)
		csv_row(r, &r->groups[ord[i]], 0, cols, ncols, out);
	if (r->conf.nby > 0) {
		report_total(r, &total);
		csv_row(r, &total, 1, cols, ncols, out);
		group_release(&total, 0);
	} else if (r->ngroups == 0) {
		group_init(&total, 0);
		csv_row(r, &total, 1, cols, ncols, out);
		group_release(&total, 0);
	}
	free(ord);
}

/* JSON. */

static void
json_tally(struct buf *b, const struct tally *t)
{
	size_t *ord = tally_order(t), i;

	buf_addc(b, '{');
	for (i = 0; i < t->n; i++) {
		const char *n = t->names[ord[i]];

		if (i > 0)
			buf_addc(b, ',');
		buf_add_json_string(b, n, strlen(n));
		buf_printf(b, ":%llu", (unsigned long long)t->counts[ord[i]]);
	}
	buf_addc(b, '}');
	free(ord);
}

static void
json_group(const struct report *r, const struct group *g, int total,
    const struct col *cols, size_t ncols, struct buf *out)
{
	double v[REPORT_NCOLS];
	size_t i;

	report_values(r, g, v);
	buf_addc(out, '{');
	if (!total) {
		buf_adds(out, "\"key\":{");
		for (i = 0; i < r->conf.nby; i++) {
			buf_printf(out, "%s\"%s\":", i ? "," : "",
			    report_key_name(r->conf.by[i]));
			buf_add_json_string(out, g->vals[i],
			    strlen(g->vals[i]));
		}
		buf_adds(out, "},");
	}
	for (i = 0; i < ncols; i++) {
		buf_printf(out, "\"%s\":", cols[i].name);
		add_machine(out, cols[i].kind, v[i], 1);
		buf_addc(out, ',');
	}
	buf_adds(out, "\"categories\":");
	json_tally(out, &g->cats);
	buf_adds(out, ",\"agents\":");
	json_tally(out, &g->agents);
	buf_addc(out, '}');
}

void
report_write_json(struct report *r, struct buf *out)
{
	struct col cols[REPORT_NCOLS];
	size_t ncols = report_columns(r, cols), i, j;
	size_t *ord = report_order(r);
	struct group total;
	char now[TIME_RFC3339_LEN];

	time_format(r->conf.now, now);
	buf_printf(out, "{\"settings\":%s,\"now\":\"%s\",\"groups\":[\n",
	    report_settings(r), now);
	for (i = 0; i < r->ngroups; i++) {
		json_group(r, &r->groups[ord[i]], 0, cols, ncols, out);
		buf_adds(out, i + 1 < r->ngroups ? ",\n" : "\n");
	}
	buf_adds(out, "],\n\"total\":");
	report_total(r, &total);
	json_group(r, &total, 1, cols, ncols, out);
	group_release(&total, 0);
	buf_adds(out, ",\n\"heatmap\":{");
	for (i = 0; i < 7; i++) {
		static const char *const d[7] = {
			"mon", "tue", "wed", "thu", "fri", "sat", "sun"
		};

		buf_printf(out, "%s\"%s\":[", i ? "," : "", d[i]);
		for (j = 0; j < 24; j++)
			buf_printf(out, "%s%llu", j ? "," : "",
			    (unsigned long long)r->heat[i][j]);
		buf_addc(out, ']');
	}
	buf_adds(out, "},\n\"days\":[");
	for (i = 0; i < r->ndays; i++) {
		const struct day *d = &r->days[i];

		buf_printf(out, "%s{\"day\":\"%04d-%02d-%02d\","
		    "\"inbound\":%llu,\"within\":", i ? "," : "",
		    d->ymd / 10000, d->ymd / 100 % 100, d->ymd % 100,
		    (unsigned long long)d->inbound);
		report_share(out, d->within, d->inbound);
		buf_addc(out, '}');
	}
	buf_adds(out, "]}\n");
	free(ord);
}
