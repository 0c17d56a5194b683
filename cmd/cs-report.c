/*
 * cs-report: response times, SLA attainment, volume, sentiment,
 * categories and check-ins per group, from the records, as a text table,
 * CSV, JSON or one HTML page; --partial and --merge make it a map-reduce
 * job.  Reads records and writes a report, not records.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "filter.h"
#include "report.h"
#include "timeutil.h"

enum {
	OPT_BY = FILTER_OPT_NEXT,
	OPT_FORMAT,
	OPT_HOLIDAY,
	OPT_HOURS,
	OPT_MERGE,
	OPT_NOW,
	OPT_PARTIAL,
	OPT_SINCE,
	OPT_SLA,
	OPT_TIMEZONE,
	OPT_UNTIL,
	OPT_WINDOW
};

static const struct option longopts[] = {
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "holiday",	required_argument,	NULL, OPT_HOLIDAY },
	{ "hours",	required_argument,	NULL, OPT_HOURS },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "now",	required_argument,	NULL, OPT_NOW },
	{ "partial",	no_argument,		NULL, OPT_PARTIAL },
	{ "since",	required_argument,	NULL, OPT_SINCE },
	{ "sla",	required_argument,	NULL, OPT_SLA },
	{ "timezone",	required_argument,	NULL, OPT_TIMEZONE },
	{ "until",	required_argument,	NULL, OPT_UNTIL },
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static struct {
	struct report		*report;
	enum report_format	 format;
	int			 partial;
	int			 merge;
} R;

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-report [--partial] [--strict] [--by KEYS] "
	    "[--config FILE]\n"
	    "                 [--format text | csv | json | html] "
	    "[--holiday DATE]\n"
	    "                 [--hours SPEC] [--max-line SIZE] [--now TIME] "
	    "[--rejects FILE]\n"
	    "                 [--since TIME] [--sla DURATIONS] "
	    "[--timezone ZONE]\n"
	    "                 [--until TIME] [--window N] [FILE ...]\n"
	    "       cs-report --merge [--partial] [--strict] [--format FORMAT] "
	    "[--now TIME]\n"
	    "                 [--rejects FILE] [FILE ...]\n");
	exit(status);
}

static void
parse_by(struct report_conf *c, const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	size_t i;
	int k;

	c->nby = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((k = report_key_parse(tok)) == -1)
			errx(CS_EXIT_USAGE, "bad --by value '%s': unknown key "
			    "'%s' (account, network, category, lang, agent, "
			    "priority, day, week, hour, weekday)", list, tok);
		for (i = 0; i < c->nby; i++)
			if (c->by[i] == k)
				errx(CS_EXIT_USAGE, "bad --by value '%s': '%s' "
				    "given twice", list, tok);
		c->by[c->nby++] = k;
	}
	free(copy);
}

static void
parse_sla(struct report_conf *c, const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;

	c->nsla = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		long secs;

		if (c->nsla == REPORT_MAX_SLA)
			errx(CS_EXIT_USAGE, "bad --sla value '%s': at most %d "
			    "targets", list, REPORT_MAX_SLA);
		if (duration_parse(tok, &secs) == -1 || secs <= 0)
			errx(CS_EXIT_USAGE, "bad --sla value '%s': '%s' is not "
			    "a duration such as 1h or 30m", list, tok);
		if (c->nsla > 0 && secs <= c->sla[c->nsla - 1])
			errx(CS_EXIT_USAGE, "bad --sla value '%s': targets "
			    "must increase", list);
		c->sla[c->nsla++] = secs;
	}
	free(copy);
	if (c->nsla == 0)
		errx(CS_EXIT_USAGE, "bad --sla value '%s': no target", list);
}

static enum report_format
parse_format(const char *s)
{
	static const char *const names[] = { "text", "csv", "json", "html" };
	size_t i;

	for (i = 0; i < CS_NELEM(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum report_format)i;
	errx(CS_EXIT_USAGE, "bad --format value '%s': expected text, csv, "
	    "json or html", s);
}

static int
process(struct filter *f, struct record *r, struct cs_error *err)
{
	(void)f;
	return R.merge ? report_merge_line(R.report, r, err) :
	    report_add(R.report, r, err);
}

static int
end(struct filter *f)
{
	struct cs_error e;
	struct buf out;
	int status = 0;

	if (R.merge && report_merge_end(R.report, &e) == -1) {
		warnx("%s", e.msg);
		return CS_EXIT_FAIL;
	}
	buf_init(&out);
	if (R.partial)
		report_write_partial(R.report, &out);
	else
		report_write(R.report, R.format, &out);
	if (out.len > 0 && fwrite(out.s, 1, out.len, f->out) != out.len)
		status = CS_EXIT_FAIL;
	buf_release(&out);
	if (report_evicted(R.report) > 0)
		warnx("%llu threads closed before the end of the input: more "
		    "messages at once than --window holds",
		    (unsigned long long)report_evicted(R.report));
	return status;
}

/* Business hours, zone and holidays: flags, then CS_*, then config. */
static void
configure(struct report_conf *c, const struct config *cfg)
{
	const cJSON *n, *item;

	c->tz = c->tz != NULL ? c->tz : config_str(cfg, "CS_TIMEZONE",
	    "timezone", NULL);
	c->hours = c->hours != NULL ? c->hours : config_str(cfg,
	    "CS_BUSINESS_HOURS", "business_hours", NULL);
	n = config_get(cfg, "holidays");
	cJSON_ArrayForEach(item, n) {
		if (!cJSON_IsString(item))
			errx(CS_EXIT_FAIL, "configuration: holidays must be "
			    "dates such as 2026-12-25");
		if (c->nholidays < REPORT_MAX_HOLIDAYS)
			c->holidays[c->nholidays++] = item->valuestring;
	}
}

int
main(int argc, char *argv[])
{
	struct filter f;
	struct config cfg;
	struct cs_error e;
	struct report_conf conf;
	const char *settings_opt = NULL, *format = NULL;
	long long now = -1;
	int ch, status;

	cli_init();
	filter_init(&f);
	memset(&conf, 0, sizeof(conf));
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (filter_option(&f, ch, optarg))
			continue;
		switch (ch) {
		case OPT_BY:
			parse_by(&conf, optarg);
			settings_opt = "--by";
			break;
		case OPT_FORMAT:
			format = optarg;
			R.format = parse_format(optarg);
			break;
		case OPT_HOLIDAY:
			if (conf.nholidays == REPORT_MAX_HOLIDAYS)
				errx(CS_EXIT_USAGE, "bad --holiday value '%s': "
				    "at most %d holidays", optarg,
				    REPORT_MAX_HOLIDAYS);
			conf.holidays[conf.nholidays++] = optarg;
			settings_opt = "--holiday";
			break;
		case OPT_HOURS:
			conf.hours = optarg;
			settings_opt = "--hours";
			break;
		case OPT_MERGE:
			R.merge = 1;
			break;
		case OPT_NOW:
			now = cli_time("--now", optarg);
			break;
		case OPT_PARTIAL:
			R.partial = 1;
			break;
		case OPT_SINCE:
			conf.since = (time_t)cli_time("--since", optarg);
			conf.has_since = 1;
			settings_opt = "--since";
			break;
		case OPT_SLA:
			parse_sla(&conf, optarg);
			settings_opt = "--sla";
			break;
		case OPT_TIMEZONE:
			conf.tz = optarg;
			settings_opt = "--timezone";
			break;
		case OPT_UNTIL:
			conf.until = (time_t)cli_time("--until", optarg);
			conf.has_until = 1;
			settings_opt = "--until";
			break;
		case OPT_WINDOW:
			conf.window = (size_t)cli_number("--window", optarg,
			    16, 1LL << 30);
			settings_opt = "--window";
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
	if (R.merge && settings_opt != NULL)
		errx(CS_EXIT_USAGE, "%s cannot be used with --merge: the "
		    "partials' settings apply", settings_opt);
	if (R.partial && format != NULL)
		errx(CS_EXIT_USAGE, "--format cannot be used with --partial");
	if (format == NULL)
		R.format = isatty(STDOUT_FILENO) ? REPORT_TEXT : REPORT_JSON;
	if (conf.has_since && conf.has_until && conf.until <= conf.since)
		errx(CS_EXIT_USAGE, "--until must be later than --since");

	if (config_load(&cfg, f.config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if (R.merge) {
		R.report = report_new(NULL, &e);
		if (now >= 0)
			report_set_now(R.report, (time_t)now);
	} else {
		configure(&conf, &cfg);
		conf.now = now >= 0 ? (time_t)now : time(NULL);
		if ((R.report = report_new(&conf, &e)) == NULL)
			errx(CS_EXIT_USAGE, "%s", e.msg);
	}

	f.record = process;
	f.end = end;
	status = filter_run(&f, argc, argv);
	report_free(R.report);
	config_release(&cfg);
	return status;
}
