/*
 * cs-reply: draft a reply to each customer message from templates per
 * category and language, filled from the record and fitted to the
 * network's length limit.  Writes the "reply" key.  Posting comes later
 * (--send); this command only drafts.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>

#include "cli.h"
#include "config.h"
#include "filter.h"
#include "reply.h"
#include "template.h"
#include "template_lint.h"

enum {
	OPT_AGENT = FILTER_OPT_NEXT,
	OPT_CATEGORY,
	OPT_LANG,
	OPT_LIMIT,
	OPT_NO_NAME,
	OPT_SIGNATURE,
	OPT_TEMPLATES
};

static const struct option longopts[] = {
	{ "agent",	required_argument,	NULL, OPT_AGENT },
	{ "category",	required_argument,	NULL, OPT_CATEGORY },
	{ "lang",	required_argument,	NULL, OPT_LANG },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
	{ "no-name",	no_argument,		NULL, OPT_NO_NAME },
	{ "signature",	required_argument,	NULL, OPT_SIGNATURE },
	{ "templates",	required_argument,	NULL, OPT_TEMPLATES },
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
} R;

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
	static const char *const required[] = { "id", NULL };
	int ch, status;

	cli_init();
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

	f.required = required;
	f.record = on_record;
	status = filter_run(&f, argc, argv);

	reply_release(&R.rp);
	template_release(&R.set);
	config_release(&R.cfg);
	free(R.tfiles);
	free(R.limits);
	return status;
}
