/*
 * report_html: cs-report's HTML page: one self-contained file (no script,
 * no network: inline CSS and SVG) with the charts and the tables.  Every
 * string that comes from the records (group keys, categories, agents) is
 * escaped, so a message's text can never become markup.
 */
#include "compat.h"

#include <math.h>

#include "report_int.h"

/* Append s with &, <, >, " and ' escaped. */
static void
esc(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

static const char style[] =
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;"
    "margin:24px auto;max-width:1100px;padding:0 16px;color:#1d2733;"
    "background:#fff}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
    "border-bottom:1px solid #dde3ea;padding-bottom:4px}"
    ".meta{color:#5b6b7c;margin:0 0 16px}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}"
    ".card{border:1px solid #dde3ea;border-radius:8px;padding:10px 14px;"
    "min-width:130px}.card b{display:block;font-size:22px}"
    ".card span{color:#5b6b7c;font-size:12px}"
    "svg{display:block;max-width:100%;height:auto}"
    "svg text{font:11px system-ui,sans-serif;fill:#1d2733}"
    "table{border-collapse:collapse;font-size:12px;margin-top:6px}"
    "th,td{border-bottom:1px solid #e6ebf0;padding:3px 8px;"
    "text-align:right;white-space:nowrap}"
    "th{background:#f3f6f9;position:sticky;top:0}"
    "td.k,th.k{text-align:left}tr.total td{font-weight:bold}"
    ".wrap{overflow-x:auto}"
    ".legend span{display:inline-block;margin-right:14px}"
    ".legend i{display:inline-block;width:10px;height:10px;"
    "margin-right:4px;vertical-align:-1px}";

static const char *const sent_colors[SENT_NLABELS] = {
	"#d9534f", "#b8c2cc", "#3f9e5a"
};

static void
card(struct buf *b, const char *label, enum col_kind kind, double v)
{
	buf_adds(b, "<div class=\"card\"><b>");
	report_human(b, kind, v);
	buf_adds(b, "</b><span>");
	esc(b, label);
	buf_adds(b, "</span></div>\n");
}

static void
svg_open(struct buf *b, const char *id, int w, int h, const char *label)
{
	buf_printf(b, "<svg id=\"%s\" class=\"chart\" role=\"img\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\"><title>", id, w, h, w, h);
	esc(b, label);
	buf_adds(b, "</title>\n");
}

/* A bar with a tooltip. */
static void
bar(struct buf *b, double x, double y, double w, double h, const char *fill,
    const char *tip)
{
	buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\" fill=\"%s\"><title>", x, y, w, h, fill);
	esc(b, tip);
	buf_adds(b, "</title></rect>\n");
}

static void
text_at(struct buf *b, double x, double y, const char *anchor,
    const char *s)
{
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y,
	    anchor);
	esc(b, s);
	buf_adds(b, "</text>\n");
}

/*
 * A label that fits left of a chart: at most 22 characters (UTF-8 aware),
 * then an ellipsis; the whole label is in its tooltip.
 */
static void
label_at(struct buf *b, double x, double y, const char *s)
{
	size_t n = 0, i;

	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">"
	    "<title>", x, y);
	esc(b, s);
	buf_adds(b, "</title>");
	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++n > 22) {
			struct buf cut;

			buf_init(&cut);
			buf_add(&cut, s, i);
			esc(b, cut.s);
			buf_adds(b, "\xe2\x80\xa6");
			buf_release(&cut);
			buf_adds(b, "</text>\n");
			return;
		}
	}
	esc(b, s);
	buf_adds(b, "</text>\n");
}

/* The first response times in ranges, as vertical bars. */
static void
chart_frt(struct buf *b, const struct hist *h)
{
	static const struct {
		double		 to;
		const char	*label;
	} bins[] = {
		{ 60, "<1m" }, { 300, "1-5m" }, { 900, "5-15m" },
		{ 1800, "15-30m" }, { 3600, "30m-1h" }, { 7200, "1-2h" },
		{ 18000, "2-5h" }, { 43200, "5-12h" }, { 86400, "12-24h" },
		{ 259200, "1-3d" }, { INFINITY, ">3d" }
	};
	uint64_t n[CS_NELEM(bins)], max = 1;
	double from = -1, x, bh;
	size_t i;
	char tip[64], num[32];

	for (i = 0; i < CS_NELEM(bins); i++) {
		n[i] = hist_count_between(h, from, bins[i].to);
		if (n[i] > max)
			max = n[i];
		from = bins[i].to;
	}
	svg_open(b, "chart-frt", 700, 230, "First response time distribution");
	for (i = 0; i < CS_NELEM(bins); i++) {
		x = 20 + (double)i * 61;
		bh = 160.0 * (double)n[i] / (double)max;
		snprintf(tip, sizeof(tip), "%s: %llu", bins[i].label,
		    (unsigned long long)n[i]);
		bar(b, x, 190 - bh, 50, bh, "#3b7dd8", tip);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)n[i]);
		text_at(b, x + 25, 185 - bh, "middle", num);
		text_at(b, x + 25, 208, "middle", bins[i].label);
	}
	buf_adds(b, "</svg>\n");
}

/* Inbound volume by weekday and hour, as a heat map. */
static void
chart_heat(struct buf *b, const struct report *r)
{
	static const char *const days[7] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
	};
	uint64_t max = 1;
	size_t d, hr;
	char tip[64], s[8];

	for (d = 0; d < 7; d++)
		for (hr = 0; hr < 24; hr++)
			if (r->heat[d][hr] > max)
				max = r->heat[d][hr];
	svg_open(b, "chart-heatmap", 700, 210,
	    "Inbound volume by hour of the week");
	for (hr = 0; hr < 24; hr += 3) {
		snprintf(s, sizeof(s), "%02zu", hr);
		text_at(b, 50 + (double)hr * 26 + 12, 14, "middle", s);
	}
	for (d = 0; d < 7; d++) {
		text_at(b, 40, 38 + (double)d * 24, "end", days[d]);
		for (hr = 0; hr < 24; hr++) {
			double a = (double)r->heat[d][hr] / (double)max;

			buf_printf(b, "<rect x=\"%zu\" y=\"%zu\" width=\"24\" "
			    "height=\"22\" fill=\"#3b7dd8\" "
			    "fill-opacity=\"%.3f\" stroke=\"#e6ebf0\">",
			    50 + hr * 26, 22 + d * 24,
			    r->heat[d][hr] ? 0.08 + 0.92 * a : 0.0);
			snprintf(tip, sizeof(tip), "%s %02zu:00: %llu",
			    days[d], hr, (unsigned long long)r->heat[d][hr]);
			buf_adds(b, "<title>");
			esc(b, tip);
			buf_adds(b, "</title></rect>\n");
		}
	}
	buf_adds(b, "</svg>\n");
}

/* Categories as horizontal bars. */
static void
chart_categories(struct buf *b, const struct tally *t)
{
	size_t *ord = tally_order(t), i, n = t->n > 20 ? 20 : t->n;
	uint64_t max = 1;
	char num[32];

	for (i = 0; i < n; i++)
		if (t->counts[ord[i]] > max)
			max = t->counts[ord[i]];
	svg_open(b, "chart-categories", 700, (int)(n * 24 + 12),
	    "Inbound messages by category");
	for (i = 0; i < n; i++) {
		double w = 440.0 * (double)t->counts[ord[i]] / (double)max;
		double y = 6 + (double)i * 24;

		label_at(b, 150, y + 15, t->names[ord[i]]);
		snprintf(num, sizeof(num), "%llu",
		    (unsigned long long)t->counts[ord[i]]);
		bar(b, 160, y, w, 18, "#6f5bd8", t->names[ord[i]]);
		text_at(b, 166 + w, y + 14, "start", num);
	}
	buf_adds(b, "</svg>\n");
	free(ord);
}

/* One stacked sentiment bar per group and one for the total. */
static void
sentiment_row(struct buf *b, const struct group *g, const char *label,
    double y)
{
	uint64_t all = g->sent[0] + g->sent[1] + g->sent[2];
	double x = 160;
	size_t i;
	char tip[96];
	static const char *const names[SENT_NLABELS] = {
		"negative", "neutral", "positive"
	};

	label_at(b, 150, y + 14, label);
	if (all == 0) {
		text_at(b, 160, y + 14, "start", "no sentiment");
		return;
	}
	for (i = 0; i < SENT_NLABELS; i++) {
		double w = 480.0 * (double)g->sent[i] / (double)all;

		snprintf(tip, sizeof(tip), "%s: %llu (%.1f%%)", names[i],
		    (unsigned long long)g->sent[i],
		    100.0 * (double)g->sent[i] / (double)all);
		bar(b, x, y, w, 18, sent_colors[i], tip);
		x += w;
	}
}

/* A group's label: its key values joined by " / ". */
static void
group_label(const struct report *r, const struct group *g, struct buf *b)
{
	size_t i;

	buf_reset(b);
	buf_add(b, "", 0);
	for (i = 0; i < r->conf.nby; i++) {
		if (i > 0)
			buf_adds(b, " / ");
		buf_adds(b, g->vals[i]);
	}
	if (r->conf.nby == 0)
		buf_adds(b, "all");
}

static void
chart_sentiment(struct buf *b, const struct report *r, const size_t *ord,
    const struct group *total)
{
	size_t n = r->conf.nby == 0 ? 0 : (r->ngroups > 30 ? 30 : r->ngroups);
	size_t i;
	struct buf label;

	/* Unclassified input: one line says so. */
	if (total->sent[0] + total->sent[1] + total->sent[2] == 0)
		n = 0;
	buf_init(&label);
	buf_adds(b, "<p class=\"legend\">");
	for (i = 0; i < SENT_NLABELS; i++)
		buf_printf(b, "<span><i style=\"background:%s\"></i>%s</span>",
		    sent_colors[i], i == 0 ? "negative" : i == 1 ? "neutral" :
		    "positive");
	buf_adds(b, "</p>\n");
	svg_open(b, "chart-sentiment", 700, (int)((n + 1) * 24 + 12),
	    "Sentiment of inbound messages");
	for (i = 0; i < n; i++) {
		group_label(r, &r->groups[ord[i]], &label);
		sentiment_row(b, &r->groups[ord[i]], label.s,
		    6 + (double)i * 24);
	}
	sentiment_row(b, total, "total", 6 + (double)n * 24);
	buf_adds(b, "</svg>\n");
	buf_release(&label);
}

/* The share answered within the first SLA target, day by day. */
static void
chart_sla(struct buf *b, const struct report *r)
{
	double step, x, y;
	size_t i;
	char tip[96], lab[16];

	report_dur_label(r->conf.sla[0], lab, sizeof(lab));
	snprintf(tip, sizeof(tip), "Share answered within %s, by day", lab);
	svg_open(b, "chart-sla", 700, 220, tip);
	for (i = 0; i <= 4; i++) {
		y = 180 - 40.0 * (double)i;
		buf_printf(b, "<line x1=\"50\" x2=\"690\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#e6ebf0\"/>\n", y, y);
		snprintf(tip, sizeof(tip), "%zu%%", i * 25);
		text_at(b, 44, y + 4, "end", tip);
	}
	step = r->ndays > 1 ? 620.0 / (double)(r->ndays - 1) : 0;
	buf_adds(b, "<polyline fill=\"none\" stroke=\"#3f9e5a\" "
	    "stroke-width=\"2\" points=\"");
	for (i = 0; i < r->ndays; i++) {
		const struct day *d = &r->days[i];
		double s = d->inbound ? (double)d->within / (double)d->inbound :
		    0;

		buf_printf(b, "%s%.1f,%.1f", i ? " " : "",
		    60 + step * (double)i, 180 - 160 * s);
	}
	buf_adds(b, "\"/>\n");
	for (i = 0; i < r->ndays; i++) {
		const struct day *d = &r->days[i];
		double s = d->inbound ? (double)d->within / (double)d->inbound :
		    0;

		x = 60 + step * (double)i;
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
		    "fill=\"#3f9e5a\"><title>", x, 180 - 160 * s);
		snprintf(tip, sizeof(tip), "%04d-%02d-%02d: %.1f%% of %llu",
		    d->ymd / 10000, d->ymd / 100 % 100, d->ymd % 100, 100 * s,
		    (unsigned long long)d->inbound);
		esc(b, tip);
		buf_adds(b, "</title></circle>\n");
		if (i == 0 || i + 1 == r->ndays) {
			snprintf(tip, sizeof(tip), "%04d-%02d-%02d",
			    d->ymd / 10000, d->ymd / 100 % 100, d->ymd % 100);
			text_at(b, x, 200, i == 0 ? "start" : "end", tip);
		}
	}
	buf_adds(b, "</svg>\n");
}

static void
table_row(struct buf *b, const struct report *r, const struct group *g,
    const char *label, const struct col *cols, size_t ncols)
{
	double v[REPORT_NCOLS];
	size_t i;

	report_values(r, g, v);
	buf_adds(b, label != NULL ? "<tr class=\"total\">" : "<tr>");
	for (i = 0; i < (r->conf.nby ? r->conf.nby : 1); i++) {
		buf_adds(b, "<td class=\"k\">");
		esc(b, label != NULL ? (i == 0 ? label : "") :
		    r->conf.nby == 0 ? "all" : g->vals[i]);
		buf_adds(b, "</td>");
	}
	for (i = 0; i < ncols; i++) {
		buf_adds(b, "<td>");
		report_human(b, cols[i].kind, v[i]);
		buf_adds(b, "</td>");
	}
	buf_adds(b, "</tr>\n");
}

static void
groups_table(struct buf *b, const struct report *r, const size_t *ord,
    const struct group *total)
{
	struct col cols[REPORT_NCOLS];
	size_t ncols = report_columns(r, cols), i;

	buf_adds(b, "<div class=\"wrap\"><table id=\"groups\"><thead><tr>");
	for (i = 0; i < (r->conf.nby ? r->conf.nby : 1); i++)
		buf_printf(b, "<th class=\"k\">%s</th>", r->conf.nby ?
		    report_key_name(r->conf.by[i]) : "");
	for (i = 0; i < ncols; i++) {
		buf_adds(b, "<th>");
		esc(b, cols[i].title);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead><tbody>\n");
	for (i = 0; i < r->ngroups; i++)
		table_row(b, r, &r->groups[ord[i]], NULL, cols, ncols);
	table_row(b, r, total, "total", cols, ncols);
	buf_adds(b, "</tbody></table></div>\n");
}

static void
agents_table(struct buf *b, const struct tally *t)
{
	size_t *ord = tally_order(t), i;

	buf_adds(b, "<table id=\"agents\"><thead><tr><th class=\"k\">agent"
	    "</th><th>replies</th></tr></thead><tbody>\n");
	for (i = 0; i < t->n; i++) {
		buf_adds(b, "<tr><td class=\"k\">");
		esc(b, t->names[ord[i]]);
		buf_printf(b, "</td><td>%llu</td></tr>\n",
		    (unsigned long long)t->counts[ord[i]]);
	}
	buf_adds(b, "</tbody></table>\n");
	free(ord);
}

static void
meta(struct buf *b, const struct report *r)
{
	char t[TIME_RFC3339_LEN], lab[16];
	size_t i;

	time_format(r->conf.now, t);
	buf_printf(b, "<p class=\"meta\">As of %s", t);
	if (r->conf.has_since) {
		time_format(r->conf.since, t);
		buf_printf(b, " &middot; since %s", t);
	}
	if (r->conf.has_until) {
		time_format(r->conf.until, t);
		buf_printf(b, " &middot; until %s", t);
	}
	buf_adds(b, " &middot; SLA targets");
	for (i = 0; i < r->conf.nsla; i++) {
		report_dur_label(r->conf.sla[i], lab, sizeof(lab));
		buf_printf(b, "%s %s", i ? "," : "", lab);
	}
	buf_adds(b, " &middot; business hours ");
	esc(b, r->conf.hours != NULL ? r->conf.hours : "24/7");
	buf_adds(b, " (");
	esc(b, r->conf.tz != NULL ? r->conf.tz : "UTC");
	buf_adds(b, ")</p>\n");
}

void
report_write_html(struct report *r, struct buf *b)
{
	struct group total;
	size_t *ord = report_order(r);
	double v[REPORT_NCOLS];
	struct col cols[REPORT_NCOLS];
	size_t ncols = report_columns(r, cols), i;

	report_total(r, &total);
	report_values(r, &total, v);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>Customer service report</title>\n<style>%s</style>\n"
	    "</head>\n<body>\n<h1>Customer service report</h1>\n", style);
	meta(b, r);
	buf_adds(b, "<div class=\"cards\">\n");
	for (i = 0; i < ncols; i++) {
		static const char *const shown[][2] = {
			{ "inbound", "inbound messages" },
			{ "response_rate", "response rate" },
			{ "frt_p50", "median first response" },
			{ "frt_p90", "p90 first response" },
			{ "backlog", "unanswered past the first SLA" },
			{ "replies", "replies" },
			{ "checkin_rate", "check-ins answered" },
			{ "satisfaction", "satisfaction (positive answers)" }
		};
		char lab[48];
		size_t k;

		for (k = 0; k < CS_NELEM(shown); k++)
			if (strcmp(cols[i].name, shown[k][0]) == 0)
				card(b, shown[k][1], cols[i].kind, v[i]);
		if (strncmp(cols[i].name, "within_", 7) == 0) {
			snprintf(lab, sizeof(lab), "answered within %s",
			    cols[i].name + 7);
			card(b, lab, cols[i].kind, v[i]);
		}
	}
	buf_adds(b, "</div>\n<h2>First response time</h2>\n");
	chart_frt(b, &total.frt);
	buf_adds(b, "<h2>Volume by hour of the week</h2>\n");
	chart_heat(b, r);
	buf_adds(b, "<h2>Categories</h2>\n");
	chart_categories(b, &total.cats);
	buf_adds(b, "<h2>Sentiment</h2>\n");
	chart_sentiment(b, r, ord, &total);
	buf_adds(b, "<h2>SLA attainment over time</h2>\n");
	chart_sla(b, r);
	buf_adds(b, "<h2>Groups</h2>\n");
	groups_table(b, r, ord, &total);
	buf_adds(b, "<h2>Replies per agent</h2>\n");
	agents_table(b, &total.agents);
	buf_adds(b, "</body>\n</html>\n");
	group_release(&total, 0);
	free(ord);
}
