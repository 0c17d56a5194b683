/*
 * cs-prioritize: score each message for urgency against SLAs, VIPs and
 * reach, route it to a queue and a sticky agent, and sort the stream by
 * priority (ties oldest first).  Writes the "priority" key.
 */
#include "compat.h"

#include <ctype.h>
#include <err.h>
#include <getopt.h>

#include "cli.h"
#include "config.h"
#include "filter.h"
#include "priority.h"
#include "store.h"
#include "strset.h"
#include "timeutil.h"
#include "xsort.h"

enum {
	OPT_AGENTS = FILTER_OPT_NEXT,
	OPT_BUFFER_SIZE,
	OPT_HOLIDAY,
	OPT_HOURS,
	OPT_NO_SORT,
	OPT_NO_STATE,
	OPT_NOW,
	OPT_QUEUE,
	OPT_SLA,
	OPT_STATE,
	OPT_TIMEZONE,
	OPT_TOP,
	OPT_VIPS
};

static const struct option longopts[] = {
	{ "agents",	required_argument,	NULL, OPT_AGENTS },
	{ "buffer-size", required_argument,	NULL, OPT_BUFFER_SIZE },
	{ "holiday",	required_argument,	NULL, OPT_HOLIDAY },
	{ "hours",	required_argument,	NULL, OPT_HOURS },
	{ "no-sort",	no_argument,		NULL, OPT_NO_SORT },
	{ "no-state",	no_argument,		NULL, OPT_NO_STATE },
	{ "now",	required_argument,	NULL, OPT_NOW },
	{ "queue",	required_argument,	NULL, OPT_QUEUE },
	{ "sla",	required_argument,	NULL, OPT_SLA },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "timezone",	required_argument,	NULL, OPT_TIMEZONE },
	{ "top",	required_argument,	NULL, OPT_TOP },
	{ "vips",	required_argument,	NULL, OPT_VIPS },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A language (or "*") and the queue it goes to. */
struct route {
	char	*lang;
	char	*queue;
};

/* An agent pool: the agents of one queue (or "*"). */
struct pool {
	char	 *queue;
	char	**agents;
	size_t	  n;
};

static struct {
	struct priority_conf	 conf;
	struct store		*store;
	struct strset		 vips;
	struct route		*routes;
	size_t			 nroutes;
	struct pool		*pools;
	size_t			 npools;
	int			 sort;
	long long		 top;		/* 0: keep all */
	long long		 bufsize;
	struct xsort		*sorter;
	struct buf		 val, line;
	struct priority_result	 res;
} P;

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-prioritize [--no-sort] [--no-state] [--strict] "
	    "[--agents LIST]\n"
	    "                     [--buffer-size SIZE] [--config FILE] "
	    "[--holiday DATE]\n"
	    "                     [--hours SPEC] "
"[--max-line SIZE] [--now TIME]\n"
	    "                     [--queue LANG=QUEUE] "
"[--rejects FILE] [--sla CATEGORY=DURATION]\n"
	    "                     [--state FILE] [--timezone ZONE] [--top N] "
	    "[--vips FILE]\n"
	    "                     [FILE ...]\n");
	exit(status);
}

static void
add_route(const char *spec, const char *what)
{
	const char *eq = strchr(spec, '=');

	if (eq == NULL || eq == spec || eq[1] == '\0')
		errx(CS_EXIT_USAGE, "bad %s value '%s': expected LANG=QUEUE",
		    what, spec);
	P.routes = xreallocarray(P.routes, P.nroutes + 1, sizeof(*P.routes));
	P.routes[P.nroutes].lang = xstrndup(spec, (size_t)(eq - spec));
	P.routes[P.nroutes].queue = xstrdup(eq + 1);
	P.nroutes++;
}

static void
add_pool(const char *queue, char **agents, size_t n)
{
	P.pools = xreallocarray(P.pools, P.npools + 1, sizeof(*P.pools));
	P.pools[P.npools].queue = xstrdup(queue);
	P.pools[P.npools].agents = agents;
	P.pools[P.npools].n = n;
	P.npools++;
}

/* "ana, ben,carla" into a pool for queue. */
static void
add_agent_list(const char *queue, const char *list)
{
	char **v = NULL, *copy = xstrdup(list), *tok, *save = NULL;
	size_t n = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		char *end;

		while (isspace((unsigned char)*tok))
			tok++;
		end = tok + strlen(tok);
		while (end > tok && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*tok == '\0')
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(tok);
	}
	free(copy);
	if (n > 0)
		add_pool(queue, v, n);
}

static void
agents_from_json(const char *queue, const cJSON *arr)
{
	const cJSON *a;
	char **v = NULL;
	size_t n = 0;

	cJSON_ArrayForEach(a, arr) {
		if (!cJSON_IsString(a) || a->valuestring[0] == '\0')
			errx(CS_EXIT_FAIL, "configuration: prioritize.agents "
			    "must hold agent names");
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(a->valuestring);
	}
	if (n > 0)
		add_pool(queue, v, n);
}

static void
load_vips(const char *path)
{
	struct buf b;
	struct cs_error e;
	char *p, *next;

	buf_init(&b);
	if (slurp(path, 64 * 1024 * 1024, &b, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	for (p = b.s; p != NULL && *p != '\0'; p = next) {
		char *end, *q;

		next = strchr(p, '\n');
		if (next != NULL)
			*next++ = '\0';
		if ((q = strchr(p, '#')) != NULL)
			*q = '\0';
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '@')
			p++;
		end = p + strlen(p);
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		for (q = p; *q != '\0'; q++)
			*q = (char)tolower((unsigned char)*q);
		if (*p != '\0')
			strset_add(&P.vips, p, strlen(p));
	}
	buf_release(&b);
}

static int
is_vip(const struct record *r)
{
	const char *h = record_str(r, "author.handle");
	const char *id = record_str(r, "author.id");
	char low[256];
	size_t i;

	if (P.vips.n == 0)
		return 0;
	if (id != NULL && strset_has(&P.vips, id, strlen(id)))
		return 1;
	if (h == NULL)
		return 0;
	if (*h == '@')
		h++;
	for (i = 0; i < sizeof(low) - 1 && h[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)h[i]);
	low[i] = '\0';
	return strset_has(&P.vips, low, i);
}

static const char *
route(const char *lang)
{
	const char *star = NULL;
	size_t i;

	for (i = 0; i < P.nroutes; i++) {
		if (strcmp(P.routes[i].lang, lang) == 0)
			return P.routes[i].queue;
		if (strcmp(P.routes[i].lang, "*") == 0)
			star = P.routes[i].queue;
	}
	if (star != NULL)
		return star;
	return strcmp(lang, "und") == 0 ? "default" : lang;
}

static const struct pool *
pool_for(const char *queue)
{
	const struct pool *star = NULL;
	size_t i;

	for (i = 0; i < P.npools; i++) {
		if (strcmp(P.pools[i].queue, queue) == 0)
			return &P.pools[i];
		if (strcmp(P.pools[i].queue, "*") == 0)
			star = &P.pools[i];
	}
	return star;
}

/* Without a state database an agent is picked by hashing the thread. */
static const char *
hashed_agent(const struct pool *pl, const char *conv)
{
	uint32_t h = 2166136261u;

	for (; *conv != '\0'; conv++) {
		h ^= (unsigned char)*conv;
		h *= 16777619u;
	}
	return pl->agents[h % pl->n];
}

static void
fill_input(const struct record *r, struct priority_input *in)
{
	const cJSON *cues, *c, *pii;
	size_t n = 0;

	memset(in, 0, sizeof(*in));
	in->category = record_str(r, "class.category");
	c = record_get(r, "class.sentiment");
	if (cJSON_IsObject(c)) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(c, "score");

		if (cJSON_IsNumber(s)) {
			in->has_sentiment = 1;
			in->sentiment = s->valuedouble;
		}
	}
	in->urgent = record_bool(r, "class.urgent", 0);
	cues = record_get(r, "class.cues");
	cJSON_ArrayForEach(c, cues) {
		if (cJSON_IsString(c) && n < CS_NELEM(in->cues) - 1)
			in->cues[n++] = c->valuestring;
	}
	pii = record_get(r, "class.pii");
	in->pii = cJSON_IsArray(pii) && cJSON_GetArraySize(pii) > 0;
	in->vip = is_vip(r);
	in->followers = record_num(r, "author.followers", -1);
	in->verified = record_bool(r, "author.verified", 0);
	in->outbound = streq(record_str(r, "direction"), "out");
}

static int
process(struct filter *f, struct record *r, struct cs_error *err)
{
	struct priority_input in;
	const char *conv, *net, *lang, *queue, *author, *id;
	const char *agent = NULL;
	char agentbuf[256], due[TIME_RFC3339_LEN];
	const struct pool *pl;
	struct buf *v = &P.val;

	fill_input(r, &in);
	if (time_parse(record_str(r, "created_at"), &in.created) == -1) {
		cs_seterr(err, "field 'created_at' is not an RFC 3339 time");
		return -1;
	}
	id = record_str(r, "id");
	net = record_str(r, "network");
	if (net == NULL)
		net = "unknown";
	conv = record_str(r, "conversation_id");
	if (conv == NULL)
		conv = id;
	lang = record_str(r, "class.lang.code");
	if (lang == NULL)
		lang = record_str(r, "lang");
	if (lang == NULL)
		lang = "und";
	author = record_str(r, "author.id");
	if (author == NULL)
		author = record_str(r, "author.handle");

	if (P.store != NULL && author != NULL && !in.outbound &&
	    store_contact(P.store, net, conv, author, id, in.created,
	    &in.earlier, err) == -1)
		return -1;
	priority_score(&P.conf, &in, &P.res);

	queue = route(lang);
	pl = pool_for(queue);
	if (pl != NULL && !in.outbound) {
		if (P.store != NULL) {
			if (store_agent(P.store, net, conv, pl->queue,
			    (const char *const *)pl->agents, pl->n,
			    P.conf.now, agentbuf, sizeof(agentbuf), err) == -1)
				return -1;
			agent = agentbuf;
		} else
			agent = hashed_agent(pl, conv);
	}

	time_format(P.res.sla_due, due);
	buf_reset(v);
	buf_printf(v, "{\"score\":%d,\"level\":\"p%d\",\"sla_due\":\"%s\","
	    "\"overdue\":%s,\"queue\":", P.res.score, P.res.level, due,
	    P.res.overdue ? "true" : "false");
	buf_add_json_string(v, queue, strlen(queue));
	buf_adds(v, ",\"agent\":");
	if (agent != NULL)
		buf_add_json_string(v, agent, strlen(agent));
	else
		buf_adds(v, "null");
	buf_printf(v, ",\"vip\":%s,\"reasons\":", in.vip ? "true" : "false");
	buf_add(v, P.res.reasons.s, P.res.reasons.len);
	buf_addc(v, '}');

	if (!P.sort) {
		/* A write error is the driver's to report. */
		(void)record_emit(r, "priority", v->s, v->len, f->out);
	} else {
		buf_reset(&P.line);
		record_render(r, "priority", v->s, v->len, &P.line);
		if (xsort_add(P.sorter, P.res.score, (long long)in.created,
		    P.line.s, P.line.len, err) == -1) {
			f->stop = 1;
			return -1;
		}
	}
	return 0;
}

static void
idle(struct filter *f)
{
	struct cs_error e;

	(void)f;
	if (P.store != NULL && store_commit(P.store, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
}

static int
end(struct filter *f)
{
	struct cs_error e;

	if (P.store != NULL && store_commit(P.store, &e) == -1) {
		warnx("%s", e.msg);
		return CS_EXIT_FAIL;
	}
	if (!P.sort)
		return 0;
	if (xsort_emit(P.sorter, f->out, &e) == -1) {
		warnx("%s", e.msg);
		return CS_EXIT_FAIL;
	}
	return 0;
}

static void
configure(const struct config *cfg, const char *hours, const char *tz,
    const char *vips, const char *agents, int have_routes)
{
	const cJSON *n, *item;
	struct cs_error e;

	tz = tz != NULL ? tz : config_str(cfg, "CS_TIMEZONE", "timezone",
	    "UTC");
	hours = hours != NULL ? hours : config_str(cfg, "CS_BUSINESS_HOURS",
	    "business_hours", NULL);
	if (bizhours_parse(&P.conf.hours, hours, tz, &e) == -1)
		errx(CS_EXIT_USAGE, "%s", e.msg);
	n = config_get(cfg, "holidays");
	cJSON_ArrayForEach(item, n) {
		if (!cJSON_IsString(item) ||
		    bizhours_add_holiday(&P.conf.hours, item->valuestring) == -1)
			errx(CS_EXIT_FAIL, "configuration: holidays must be "
			    "dates such as 2026-12-25");
	}
	n = config_get(cfg, "prioritize.sla");
	cJSON_ArrayForEach(item, n) {
		long secs;

		if (!cJSON_IsString(item) ||
		    duration_parse(item->valuestring, &secs) == -1 ||
		    priority_set_sla(&P.conf, item->string, secs) == -1)
			errx(CS_EXIT_FAIL, "configuration: prioritize.sla.%s "
			    "must be a duration such as 30m", item->string);
	}
	vips = vips != NULL ? vips : config_str(cfg, "CS_VIPS",
	    "prioritize.vips", NULL);
	if (vips != NULL)
		load_vips(vips);
	if (!have_routes) {
		const char *env = getenv("CS_QUEUES");

		if (env != NULL && *env != '\0') {
			char *copy = xstrdup(env), *tok, *save = NULL;

			for (tok = strtok_r(copy, ",", &save); tok != NULL;
			    tok = strtok_r(NULL, ",", &save))
				add_route(tok, "CS_QUEUES");
			free(copy);
		} else {
			n = config_get(cfg, "prioritize.queues");
			cJSON_ArrayForEach(item, n) {
				char *spec;

				if (!cJSON_IsString(item))
					errx(CS_EXIT_FAIL, "configuration: "
					    "prioritize.queues.%s must be a "
					    "queue name", item->string);
				spec = xasprintf("%s=%s", item->string,
				    item->valuestring);
				add_route(spec, "prioritize.queues");
				free(spec);
			}
		}
	}
	if (agents == NULL)
		agents = getenv("CS_AGENTS");
	if (agents != NULL && *agents != '\0')
		add_agent_list("*", agents);
	else {
		n = config_get(cfg, "prioritize.agents");
		if (cJSON_IsArray(n))
			agents_from_json("*", n);
		else if (cJSON_IsObject(n)) {
			cJSON_ArrayForEach(item, n) {
				if (!cJSON_IsArray(item))
					errx(CS_EXIT_FAIL, "configuration: "
					    "prioritize.agents.%s must be a "
					    "list", item->string);
				agents_from_json(item->string, item);
			}
		} else if (n != NULL)
			errx(CS_EXIT_FAIL, "configuration: prioritize.agents "
			    "must be a list or an object of lists");
	}
}

int
main(int argc, char *argv[])
{
	static const char *const required[] = { "id", "created_at", NULL };
	struct filter f;
	struct config cfg;
	struct cs_error e;
	const char *hours = NULL, *tz = NULL, *vips = NULL, *agents = NULL;
	const char *state = NULL;
	const char **holidays = NULL;
	size_t nholidays = 0, i;
	int ch, nostate = 0, have_routes = 0, status;
	long long now = -1;

	cli_init();
	filter_init(&f);
	priority_conf_init(&P.conf);
	strset_init(&P.vips);
	buf_init(&P.val);
	buf_init(&P.line);
	buf_init(&P.res.reasons);
	P.sort = 1;
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (filter_option(&f, ch, optarg))
			continue;
		switch (ch) {
		case OPT_AGENTS:
			agents = optarg;
			break;
		case OPT_BUFFER_SIZE:
			P.bufsize = cli_size("--buffer-size", optarg, 65536,
			    1LL << 40);
			break;
		case OPT_HOLIDAY:
			holidays = xreallocarray(holidays, nholidays + 1,
			    sizeof(*holidays));
			holidays[nholidays++] = optarg;
			break;
		case OPT_HOURS:
			hours = optarg;
			break;
		case OPT_NO_SORT:
			P.sort = 0;
			break;
		case OPT_NO_STATE:
			nostate = 1;
			break;
		case OPT_NOW:
			now = cli_time("--now", optarg);
			break;
		case OPT_QUEUE:
			add_route(optarg, "--queue");
			have_routes = 1;
			break;
		case OPT_SLA: {
			const char *eq = strchr(optarg, '=');
			char cat[32];
			long secs;

			if (eq == NULL || eq == optarg ||
			    (size_t)(eq - optarg) >= sizeof(cat))
				errx(CS_EXIT_USAGE, "bad --sla value '%s': "
				    "expected CATEGORY=DURATION", optarg);
			memcpy(cat, optarg, (size_t)(eq - optarg));
			cat[eq - optarg] = '\0';
			secs = cli_duration("--sla", eq + 1);
			if (priority_set_sla(&P.conf, cat, secs) == -1)
				errx(CS_EXIT_USAGE, "bad --sla value '%s': "
				    "too many categories", optarg);
			break;
		}
		case OPT_STATE:
			state = optarg;
			break;
		case OPT_TIMEZONE:
			tz = optarg;
			break;
		case OPT_TOP:
			P.top = cli_number("--top", optarg, 1, 100000000);
			break;
		case OPT_VIPS:
			vips = optarg;
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
	if (!P.sort && P.top > 0)
		errx(CS_EXIT_USAGE, "--top and --no-sort cannot be combined");
	if (nostate && state != NULL)
		errx(CS_EXIT_USAGE, "--state and --no-state cannot be "
		    "combined");

	if (config_load(&cfg, f.config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	configure(&cfg, hours, tz, vips, agents, have_routes);
	for (i = 0; i < nholidays; i++) {
		if (bizhours_add_holiday(&P.conf.hours, holidays[i]) == -1)
			errx(CS_EXIT_USAGE, "bad --holiday value '%s': "
			    "expected YYYY-MM-DD", holidays[i]);
	}
	free(holidays);
	P.conf.now = now >= 0 ? (time_t)now : time(NULL);
	if (!nostate) {
		P.store = store_open(state, &e);
		if (P.store == NULL)
			errx(CS_EXIT_FAIL, "%s", e.msg);
	}

	if (P.sort)
		P.sorter = xsort_new((size_t)P.bufsize, (size_t)P.top);
	f.required = required;
	f.record = process;
	f.idle = idle;
	f.end = end;
	status = filter_run(&f, argc, argv);
	xsort_free(P.sorter);
	store_close(P.store);
	config_release(&cfg);
	return status;
}
