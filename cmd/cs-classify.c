/*
 * cs-classify: add the "class" key to each message: category, sentiment,
 * language, urgency, entities and where personal data lies.  See
 * cs-classify(1); the engine is lib/classify.c.
 */
#include "compat.h"

#include <err.h>
#include <getopt.h>

#include "classify.h"
#include "cli.h"
#include "config.h"
#include "filter.h"
#include "util.h"

#define MAX_TABLE	(64 * 1024 * 1024)	/* a rules file or lexicon */

enum {
	OPT_LEXICON = FILTER_OPT_NEXT,
	OPT_RULES
};

static const struct option longopts[] = {
	{ "lexicon",	required_argument,	NULL, OPT_LEXICON },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static struct {
	struct classify		*engine;
	struct classify_result	*res;
	struct buf		 val;
} C;

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-classify [--strict] [--config FILE] "
	    "[--lexicon LANG=FILE] [--max-line SIZE]\n"
	    "                   [--rejects FILE] [--rules FILE] [FILE ...]\n"
	    "       cs-classify -h | -V\n");
	exit(status);
}

static void
load_rules(const char *path)
{
	struct cs_error e;
	struct buf b;

	buf_init(&b);
	if (slurp(path, MAX_TABLE, &b, &e) == -1)
		errx(CS_EXIT_FAIL, "rules: %s", e.msg);
	if (classify_add_rules(C.engine, b.s, b.len, path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	buf_release(&b);
}

static void
load_lexicon(const char *lang, const char *path)
{
	struct cs_error e;
	struct buf b;

	buf_init(&b);
	if (slurp(path, MAX_TABLE, &b, &e) == -1)
		errx(CS_EXIT_FAIL, "lexicon: %s", e.msg);
	if (classify_add_lexicon(C.engine, lang, b.s, b.len, path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	buf_release(&b);
}

/* "es=FILE": split at '=', checking the language code. */
static const char *
lexicon_arg(const char *spec, char *lang, size_t size)
{
	const char *eq = strchr(spec, '=');
	size_t n, i;

	if (eq == NULL || eq[1] == '\0')
		return NULL;
	n = (size_t)(eq - spec);
	if (n >= size || (n != 1 && (n < 2 || n > 3)))
		return NULL;
	for (i = 0; i < n; i++)
		if (!((spec[i] >= 'a' && spec[i] <= 'z') ||
		    (n == 1 && spec[i] == '*')))
			return NULL;
	memcpy(lang, spec, n);
	lang[n] = '\0';
	return eq + 1;
}

static int
process(struct filter *f, struct record *r, struct cs_error *err)
{
	const char *text = record_str(r, "text");

	(void)err;
	classify_run(C.engine, text, strlen(text), record_str(r, "lang"),
	    C.res);
	buf_reset(&C.val);
	classify_json(C.engine, C.res, &C.val);
	/* A write error is the driver's to report. */
	(void)record_emit(r, "class", C.val.s, C.val.len, f->out);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const char *const required[] = { "text", NULL };
	struct filter f;
	struct config cfg;
	struct cs_error e;
	const char **rules = NULL, **lexicons = NULL, *path;
	const cJSON *item;
	size_t nrules = 0, nlexicons = 0, i;
	char lang[8];
	int ch, status;

	cli_init();
	filter_init(&f);
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (filter_option(&f, ch, optarg))
			continue;
		switch (ch) {
		case OPT_LEXICON:
			if (lexicon_arg(optarg, lang, sizeof(lang)) == NULL)
				errx(CS_EXIT_USAGE, "bad --lexicon value '%s': "
				    "expected LANG=FILE", optarg);
			lexicons = xreallocarray(lexicons, nlexicons + 1,
			    sizeof(*lexicons));
			lexicons[nlexicons++] = optarg;
			break;
		case OPT_RULES:
			rules = xreallocarray(rules, nrules + 1,
			    sizeof(*rules));
			rules[nrules++] = optarg;
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

	if (config_load(&cfg, f.config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if ((C.engine = classify_new(&e)) == NULL)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	/* Flags first, then CS_RULES, then classify.rules. */
	if (nrules > 0) {
		for (i = 0; i < nrules; i++)
			load_rules(rules[i]);
	} else if ((path = config_str(&cfg, "CS_RULES", "classify.rules",
	    NULL)) != NULL)
		load_rules(path);
	/* Lexicons: the configuration's, then the flags' (which win). */
	cJSON_ArrayForEach(item, config_get(&cfg, "classify.lexicons")) {
		if (!cJSON_IsString(item) || strlen(item->string) >=
		    sizeof(lang))
			errx(CS_EXIT_FAIL, "configuration: classify.lexicons "
			    "must map languages to files");
		load_lexicon(item->string, item->valuestring);
	}
	for (i = 0; i < nlexicons; i++) {
		path = lexicon_arg(lexicons[i], lang, sizeof(lang));
		load_lexicon(lang, path);
	}
	free(rules);
	free(lexicons);

	C.res = classify_result_new();
	buf_init(&C.val);
	f.required = required;
	f.record = process;
	status = filter_run(&f, argc, argv);
	classify_result_free(C.res);
	classify_free(C.engine);
	buf_release(&C.val);
	config_release(&cfg);
	return status;
}
