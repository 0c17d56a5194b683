/*
 * cs-reply: draft a reply to each customer message from templates per
 * category and language, filled from the record and fitted to the
 * network's length limit, and with --send post the drafts that are
 * ready, exactly once (lib/reply_send.h).  Writes the "reply" key.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>
#include <signal.h>

#include "cli.h"
#include "config.h"
#include "creds.h"
#include "filter.h"
#include "reply.h"
#include "reply_send.h"
#include "store.h"
#include "template.h"
#include "template_lint.h"

enum {
	OPT_AGENT = FILTER_OPT_NEXT,
	OPT_API_BASE,
	OPT_APPROVED_ONLY,
	OPT_CATEGORY,
	OPT_CREDENTIALS,
	OPT_DRY_RUN,
	OPT_FORCE,
	OPT_LANG,
	OPT_LIMIT,
	OPT_NO_NAME,
	OPT_RETRIES,
	OPT_RETRY_DELAY,
	OPT_SEND,
	OPT_SIGNATURE,
	OPT_STATE,
	OPT_TEMPLATES,
	OPT_TIMEOUT,
	OPT_VISIBILITY
};

static const struct option longopts[] = {
	{ "agent",	required_argument,	NULL, OPT_AGENT },
	{ "api-base",	required_argument,	NULL, OPT_API_BASE },
	{ "approved-only", no_argument,		NULL, OPT_APPROVED_ONLY },
	{ "category",	required_argument,	NULL, OPT_CATEGORY },
	{ "credentials", required_argument,	NULL, OPT_CREDENTIALS },
	{ "dry-run",	no_argument,		NULL, OPT_DRY_RUN },
	{ "force",	no_argument,		NULL, OPT_FORCE },
	{ "lang",	required_argument,	NULL, OPT_LANG },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
	{ "no-name",	no_argument,		NULL, OPT_NO_NAME },
	{ "retries",	required_argument,	NULL, OPT_RETRIES },
	{ "retry-delay", required_argument,	NULL, OPT_RETRY_DELAY },
	{ "send",	no_argument,		NULL, OPT_SEND },
	{ "signature",	required_argument,	NULL, OPT_SIGNATURE },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "templates",	required_argument,	NULL, OPT_TEMPLATES },
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ "visibility",	required_argument,	NULL, OPT_VISIBILITY },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static struct {
	struct template_set	 set;
	struct reply		 rp;
	struct config		 cfg;
	const char		**tfiles;	/* --templates */
	size_t			 ntfiles;
	const char		**limits;	/* --limit */
	size_t			 nlimits;
	char			 lang[4];
	/* --send */
	int			 send;
	struct reply_sender	 snd;
	struct reply_send_conf	 sconf;
	struct store		*store;
	struct creds		 creds;
	const char		*bases[REPLY_SEND_NNET + 1];	/* --api-base */
	int			 retries;	/* --retries + 1, or 0 */
	long			 retry_delay_ms;
	long			 timeout_ms;
} R;

static const char *const send_nets[REPLY_SEND_NNET] = {
	"x", "mastodon", "bluesky"
};

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-reply [--no-name] [--strict] [--agent NAME] "
	    "[--category NAME]\n"
	    "                [--config FILE] [--lang CODE] "
	    "[--limit [NETWORK=]N]\n"
	    "                [--max-line SIZE] [--rejects FILE] "
	    "[--signature TEXT]\n"
	    "                [--templates FILE] [FILE ...]\n"
	    "       cs-reply --send [--approved-only] [--dry-run] [--force] "
	    "[--api-base [NETWORK=]URL]\n"
	    "                [--credentials FILE] [--retries N] "
	    "[--retry-delay MS] [--state FILE]\n"
	    "                [--timeout DURATION] [--visibility LEVEL]\n"
	    "                [drafting options] [FILE ...]\n"
	    "       cs-reply lint [--json] [--strict] [--limit [NETWORK=]N] "
	    "[FILE ...]\n");
	exit(status);
}

static int
on_record(struct filter *f, struct record *r, struct cs_error *e)
{
	(void)e;
	if (reply_draft(&R.rp, r) == REPLY_KEEP)
		record_emit(r, "reply", NULL, 0, f->out);
	else
		record_emit(r, "reply", R.rp.json.s, R.rp.json.len, f->out);
	return 0;
}

/*
 * --send: draft what has no reply yet (cs-followup due | cs-reply
 * --send), then post what is ready.  Each record is written and flushed
 * as soon as its outcome is recorded, so output never runs ahead of the
 * state database, nor far behind it.
 */
static int
on_send(struct filter *f, struct record *r, struct cs_error *e)
{
	const char *draft = NULL;
	size_t dlen = 0;
	int rc;

	if (!cJSON_IsObject(record_get(r, "reply")) &&
	    reply_draft(&R.rp, r) != REPLY_KEEP) {
		draft = R.rp.json.s;
		dlen = R.rp.json.len;
	}
	rc = reply_send(&R.snd, r, draft, dlen, e);
	if (rc == -1) {
		if (R.snd.fatal) {
			warnx("%s", e->msg);
			f->status = CS_EXIT_FAIL;
			f->stop = 1;
			record_emit(r, "reply", draft, dlen, f->out);
			return 0;
		}
		return -1;
	}
	if (R.snd.note.len > 0)
		filter_warn(f, "%s", R.snd.note.s);
	if (rc == REPLY_SEND_REPLACE)
		record_emit(r, "reply", R.snd.json.s, R.snd.json.len, f->out);
	else
		record_emit(r, "reply", draft, dlen, f->out);
	if (!R.sconf.dry_run)
		fflush(f->out);
	return 0;
}

static int
on_send_end(struct filter *f)
{
	const struct reply_send_counts *n = &R.snd.n;
	char when[32] = "";
	int status = CS_EXIT_OK;

	(void)f;
	if (R.sconf.dry_run)
		warnx("dry run: %lu to post, %lu cannot be, nothing posted",
		    n->dry, n->failed);
	else if (n->sent + n->kept + n->failed + n->unknown + n->skipped +
	    n->busy + n->unsent > 0)
		warnx("sent %lu, already sent %lu, failed %lu, unknown %lu, "
		    "skipped %lu, left unsent %lu", n->sent, n->kept,
		    n->failed, n->unknown, n->skipped + n->busy, n->unsent);
	if (n->failed + n->unknown > 0)
		status = CS_EXIT_FAIL;
	if (R.snd.rate_limited) {
		if (R.snd.retry_at != 0) {
			struct tm tm;

			gmtime_r(&R.snd.retry_at, &tm);
			strftime(when, sizeof(when), " until %H:%M:%S UTC",
			    &tm);
		}
		warnx("%s: rate limited%s: %lu replies left unsent; run again "
		    "later", R.snd.limited_by, when, n->unsent);
		status = CS_EXIT_TEMPFAIL;
	}
	return status;
}

/* The base URL of network: --api-base, CS_<NET>_API_BASE, config. */
static const char *
api_base(const char *net)
{
	char env[64], path[64];
	const cJSON *v;
	const char *s;
	size_t i, n = strlen(net);

	for (i = 0; R.bases[i] != NULL; i++) {
		s = R.bases[i];
		if (strncmp(s, net, n) == 0 && s[n] == '=')
			return s + n + 1;
	}
	for (i = 0; R.bases[i] != NULL; i++)
		if (strstr(R.bases[i], "://") != NULL &&
		    (strchr(R.bases[i], '=') == NULL ||
		    strchr(R.bases[i], '=') > strstr(R.bases[i], "://")))
			return R.bases[i];
	snprintf(env, sizeof(env), "CS_%s_API_BASE", net);
	for (i = 3; env[i] != '\0' && env[i] != '_'; i++)
		if (env[i] >= 'a' && env[i] <= 'z')
			env[i] = (char)(env[i] - 'a' + 'A');
	if ((s = getenv(env)) != NULL && *s != '\0')
		return s;
	snprintf(path, sizeof(path), "reply.%s.api_base", net);
	if (!cJSON_IsString(v = config_get(&R.cfg, path))) {
		snprintf(path, sizeof(path), "fetch.%s.api_base", net);
		v = config_get(&R.cfg, path);
	}
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
notice(void *arg, const char *msg)
{
	(void)arg;
	warnx("%s", msg);
}

static void
poster_conf(void *arg, const char *net, struct post_conf *pc)
{
	(void)arg;
	pc->network = net;
	pc->api_base = api_base(net);
	pc->creds = &R.creds;
	pc->notice = notice;
	/* post_conf: 0 is the default, < 0 none. */
	pc->retries = R.retries == 0 ? 0 : R.retries == 1 ? -1 : R.retries - 1;
	pc->retry_delay_ms = R.retry_delay_ms;
	pc->timeout_ms = R.timeout_ms;
}

/* --api-base URL or NETWORK=URL, checked before anything is read. */
static void
add_base(const char *s)
{
	size_t i, n = 0;

	while (R.bases[n] != NULL)
		n++;
	if (n == REPLY_SEND_NNET)
		errx(CS_EXIT_USAGE, "bad --api-base value '%s': at most %d",
		    s, REPLY_SEND_NNET);
	if (strstr(s, "://") == NULL || strchr(s, '=') == NULL ||
	    strchr(s, '=') > strstr(s, "://")) {
		for (i = 0; i < REPLY_SEND_NNET; i++) {
			size_t l = strlen(send_nets[i]);

			if (strncmp(s, send_nets[i], l) == 0 && s[l] == '=')
				break;
		}
		if (i == REPLY_SEND_NNET && strstr(s, "://") == NULL)
			errx(CS_EXIT_USAGE, "bad --api-base value '%s': "
			    "expected URL or NETWORK=URL (x, mastodon, "
			    "bluesky)", s);
	}
	R.bases[n] = s;
}

static void
setup_send(struct filter *f, const char *state_path,
    const char *creds_path, const char *visibility)
{
	struct cs_error e;

	/*
	 * A closed output is reported as EPIPE and stops the run before
	 * the next post (libcurl needs SIGPIPE ignored anyway).
	 */
	signal(SIGPIPE, SIG_IGN);
	if (visibility != NULL && strcmp(visibility, "public") != 0 &&
	    strcmp(visibility, "unlisted") != 0 &&
	    strcmp(visibility, "private") != 0 &&
	    strcmp(visibility, "direct") != 0)
		errx(CS_EXIT_USAGE, "bad --visibility value '%s': expected "
		    "public, unlisted, private or direct", visibility);
	creds_init(&R.creds, creds_path);
	if ((R.store = store_open(state_path, &e)) == NULL ||
	    (!R.sconf.dry_run && store_durable(R.store, &e) == -1))
		errx(CS_EXIT_FAIL, "%s", e.msg);
	R.sconf.visibility = visibility;
	R.sconf.poster_conf = poster_conf;
	reply_send_init(&R.snd, R.store, &R.sconf);
	f->record = on_send;
	f->end = on_send_end;
}

/* A language code for --lang or reply.lang: two or three letters. */
static void
set_lang(const char *s, const char *what)
{
	size_t i, n = strlen(s);

	if (n < 2 || n > 3)
		goto bad;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			goto bad;
		R.lang[i] = c;
	}
	R.lang[n] = '\0';
	R.rp.conf.lang = R.lang;
	return;
bad:
	errx(CS_EXIT_USAGE, "bad %s value '%s': expected a two- or "
	    "three-letter language code", what, s);
}

static void
add_limits(const char *spec, const char *what, int status)
{
	struct cs_error e;

	if (reply_parse_limits(&R.rp.conf, spec, &e) == -1)
		errx(status, "bad %s value '%s': %s", what, spec, e.msg);
}

/* reply.limit in the configuration: a number, a spec or an object. */
static void
config_limits(const cJSON *v)
{
	const cJSON *m;
	char spec[64];

	if (cJSON_IsNumber(v)) {
		snprintf(spec, sizeof(spec), "%.0f", v->valuedouble);
		add_limits(spec, "reply.limit", CS_EXIT_FAIL);
	} else if (cJSON_IsString(v))
		add_limits(v->valuestring, "reply.limit", CS_EXIT_FAIL);
	else if (cJSON_IsObject(v)) {
		cJSON_ArrayForEach(m, v) {
			if (!cJSON_IsNumber(m))
				errx(CS_EXIT_FAIL, "configuration: "
				    "reply.limit.%s must be a number",
				    m->string);
			snprintf(spec, sizeof(spec), "%.20s=%.0f", m->string,
			    m->valuedouble);
			add_limits(spec, "reply.limit", CS_EXIT_FAIL);
		}
	} else if (v != NULL)
		errx(CS_EXIT_FAIL, "configuration: reply.limit must be a "
		    "number, a string or an object");
}

static void
load_file(const char *path)
{
	struct buf b;
	struct cs_error e;

	buf_init(&b);
	if (slurp(path, TEMPLATE_MAX_FILE, &b, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if (template_load(&R.set, b.s != NULL ? b.s : "", b.len, path,
	    &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	buf_release(&b);
}

/* A path from the configuration file is relative to its folder. */
static void
load_config_file(const char *path)
{
	const char *slash;
	char *full;

	if (*path == '/' || R.cfg.path == NULL ||
	    (slash = strrchr(R.cfg.path, '/')) == NULL) {
		load_file(path);
		return;
	}
	full = xasprintf("%.*s/%s", (int)(slash - R.cfg.path), R.cfg.path,
	    path);
	load_file(full);
	free(full);
}

static void
load_templates(void)
{
	struct cs_error e;
	const cJSON *v, *m;
	const char *env;
	size_t i;

	if (template_load_builtin(&R.set, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if (R.ntfiles > 0) {
		for (i = 0; i < R.ntfiles; i++)
			load_file(R.tfiles[i]);
		return;
	}
	env = getenv("CS_TEMPLATES");
	if (env != NULL && *env != '\0') {
		load_file(env);
		return;
	}
	v = config_get(&R.cfg, "reply.templates");
	if (cJSON_IsString(v))
		load_config_file(v->valuestring);
	else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(m, v) {
			if (!cJSON_IsString(m))
				errx(CS_EXIT_FAIL, "configuration: "
				    "reply.templates must hold file names");
			load_config_file(m->valuestring);
		}
	} else if (v != NULL)
		errx(CS_EXIT_FAIL, "configuration: reply.templates must be "
		    "a file name or a list of them");
}

/* A --category must have templates, or it would quietly be "other". */
static void
check_category(const char *cat)
{
	size_t i;

	if (cat == NULL)
		return;
	for (i = 0; i < R.set.nlist; i++)
		if (strcmp(R.set.list[i].category, cat) == 0)
			return;
	errx(CS_EXIT_USAGE, "bad --category value '%s': no templates for "
	    "it", cat);
}

static const char *
config_string(const char *path)
{
	const cJSON *v = config_get(&R.cfg, path);

	if (v != NULL && !cJSON_IsString(v))
		errx(CS_EXIT_FAIL, "configuration: %s must be a string", path);
	return v != NULL ? v->valuestring : NULL;
}

static void
configure(const char *agent, const char *signature, const char *lang)
{
	const cJSON *v;
	const char *env;
	size_t i;

	if (agent == NULL)
		agent = config_str(&R.cfg, "CS_AGENT", NULL,
		    config_string("reply.agent"));
	if (signature == NULL)
		signature = config_str(&R.cfg, "CS_SIGNATURE", NULL,
		    config_string("reply.signature"));
	if (lang == NULL && (lang = config_string("reply.lang")) != NULL)
		set_lang(lang, "reply.lang");
	R.rp.conf.agent = agent;
	R.rp.conf.signature = signature;

	v = config_get(&R.cfg, "reply.names");
	if (cJSON_IsFalse(v))
		R.rp.conf.no_name = 1;
	else if (v != NULL && !cJSON_IsTrue(v))
		errx(CS_EXIT_FAIL, "configuration: reply.names must be true "
		    "or false");

	if (R.nlimits > 0) {
		for (i = 0; i < R.nlimits; i++)
			add_limits(R.limits[i], "--limit", CS_EXIT_USAGE);
	} else if ((env = getenv("CS_LIMIT")) != NULL && *env != '\0')
		add_limits(env, "CS_LIMIT", CS_EXIT_USAGE);
	else
		config_limits(config_get(&R.cfg, "reply.limit"));
}

int
main(int argc, char *argv[])
{
	struct filter f;
	struct cs_error e;
	const char *agent = NULL, *signature = NULL, *lang = NULL;
	const char *state_path = NULL, *creds_path = NULL;
	const char *visibility = NULL;
	static const char *const required[] = { "id", NULL };
	int ch, status;

	cli_init();
	/* Tokens and app passwords never reach a core file (SECURITY.md). */
	if (creds_protect(&e) == -1)
		warnx("%s", e.msg);
	if (argc > 1 && strcmp(argv[1], "lint") == 0)
		return template_lint_main(argc - 1, argv + 1);
	filter_init(&f);
	template_init(&R.set);
	reply_init(&R.rp, &R.set);
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (filter_option(&f, ch, optarg))
			continue;
		switch (ch) {
		case OPT_AGENT:
			agent = optarg;
			break;
		case OPT_API_BASE:
			add_base(optarg);
			break;
		case OPT_APPROVED_ONLY:
			R.sconf.approved_only = 1;
			break;
		case OPT_CREDENTIALS:
			creds_path = optarg;
			break;
		case OPT_DRY_RUN:
			R.sconf.dry_run = 1;
			break;
		case OPT_FORCE:
			R.sconf.force = 1;
			break;
		case OPT_RETRIES:
			R.retries = 1 + (int)cli_number("--retries", optarg, 0,
			    20);
			break;
		case OPT_RETRY_DELAY:
			R.retry_delay_ms = (long)cli_number("--retry-delay",
			    optarg, 1, 600000);
			break;
		case OPT_SEND:
			R.send = 1;
			break;
		case OPT_TIMEOUT:
			R.timeout_ms = 1000 * cli_duration("--timeout", optarg);
			if (R.timeout_ms == 0)
				errx(CS_EXIT_USAGE, "bad --timeout value '%s': "
				    "must be at least 1s", optarg);
			break;
		case OPT_STATE:
			state_path = optarg;
			break;
		case OPT_VISIBILITY:
			visibility = optarg;
			break;
		case OPT_CATEGORY:
			R.rp.conf.category = optarg;
			break;
		case OPT_LANG:
			lang = optarg;
			set_lang(optarg, "--lang");
			break;
		case OPT_LIMIT:
			R.limits = xreallocarray(R.limits, R.nlimits + 1,
			    sizeof(*R.limits));
			R.limits[R.nlimits++] = optarg;
			break;
		case OPT_NO_NAME:
			R.rp.conf.no_name = 1;
			break;
		case OPT_SIGNATURE:
			signature = optarg;
			break;
		case OPT_TEMPLATES:
			R.tfiles = xreallocarray(R.tfiles, R.ntfiles + 1,
			    sizeof(*R.tfiles));
			R.tfiles[R.ntfiles++] = optarg;
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

	if (config_load(&R.cfg, f.config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	configure(agent, signature, lang);
	load_templates();

	check_category(R.rp.conf.category);

	if (!R.send && (R.sconf.approved_only || R.sconf.dry_run ||
	    R.sconf.force || R.bases[0] != NULL || creds_path != NULL ||
	    state_path != NULL || visibility != NULL || R.retries != 0 ||
	    R.retry_delay_ms != 0 || R.timeout_ms != 0))
		errx(CS_EXIT_USAGE, "--approved-only, --api-base, "
		    "--credentials, --dry-run, --force, --retries, "
		    "--retry-delay, --state, --timeout and --visibility need "
		    "--send");
	f.required = required;
	f.record = on_record;
	if (R.send)
		setup_send(&f, state_path, creds_path, visibility);
	status = filter_run(&f, argc, argv);

	if (R.send) {
		reply_send_release(&R.snd);
		store_close(R.store);
		creds_release(&R.creds);
	}
	reply_release(&R.rp);
	template_release(&R.set);
	config_release(&R.cfg);
	free(R.tfiles);
	free(R.limits);
	return status;
}
