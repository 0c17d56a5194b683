/*
 * cs-classify: add the "class" key to each message: category, sentiment,
 * language, urgency, entities and where personal data lies (and with
 * --redact, replace the personal data of "text" with tags).  With
 * "train", learn a category model from labelled messages; with "eval",
 * measure the categories against labelled messages.  See cs-classify(1);
 * the engine is lib/classify.c, the model lib/model.c.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classify.h"
#include "cli.h"
#include "config.h"
#include "filter.h"
#include "model.h"
#include "util.h"

#define MAX_TABLE	(64 * 1024 * 1024)	/* a rules file or lexicon */
#define MAX_MODEL	(256 * 1024 * 1024)
#define MAX_LABELS	(2 * CLASSIFY_MAX_CATS)

enum {
	OPT_BALANCE = FILTER_OPT_NEXT,
	OPT_EPOCHS,
	OPT_JSON,
	OPT_L2,
	OPT_LEXICON,
	OPT_MIN_COUNT,
	OPT_MODEL,
	OPT_MODEL_ONLY,
	OPT_NO_BIGRAMS,
	OPT_NO_MODEL,
	OPT_NO_NORM,
	OPT_OUT,
	OPT_PREFIX,
	OPT_PRUNE,
	OPT_RATE,
	OPT_REDACT,
	OPT_RULES,
	OPT_SEED,
	OPT_TSV
};

static const struct option longopts[] = {
	{ "lexicon",	required_argument,	NULL, OPT_LEXICON },
	{ "model",	required_argument,	NULL, OPT_MODEL },
	{ "no-model",	no_argument,		NULL, OPT_NO_MODEL },
	{ "redact",	no_argument,		NULL, OPT_REDACT },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const struct option train_longopts[] = {
	{ "balance",	no_argument,		NULL, OPT_BALANCE },
	{ "epochs",	required_argument,	NULL, OPT_EPOCHS },
	{ "l2",		required_argument,	NULL, OPT_L2 },
	{ "min-count",	required_argument,	NULL, OPT_MIN_COUNT },
	{ "no-bigrams",	no_argument,		NULL, OPT_NO_BIGRAMS },
	{ "no-norm",	no_argument,		NULL, OPT_NO_NORM },
	{ "out",	required_argument,	NULL, OPT_OUT },
	{ "prefix",	required_argument,	NULL, OPT_PREFIX },
	{ "prune",	required_argument,	NULL, OPT_PRUNE },
	{ "rate",	required_argument,	NULL, OPT_RATE },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const struct option eval_longopts[] = {
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "lexicon",	required_argument,	NULL, OPT_LEXICON },
	{ "model",	required_argument,	NULL, OPT_MODEL },
	{ "model-only",	no_argument,		NULL, OPT_MODEL_ONLY },
	{ "no-model",	no_argument,		NULL, OPT_NO_MODEL },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "tsv",	no_argument,		NULL, OPT_TSV },
	FILTER_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* What the engine is built from: flags, then environment and config. */
struct setup {
	const char	**rules;
	size_t		  nrules;
	const char	**lexicons;
	size_t		  nlexicons;
	const char	 *model;	/* --model */
	int		  nomodel;	/* --no-model */
};

static struct {
	struct classify		*engine;
	struct classify_result	*res;
	struct buf		 val;
	/* --redact: the redacted text (two, in turn) and its JSON string. */
	int			 redact;
	struct buf		 red[2], str;
	struct model_trainer	*trainer;
	const char		*out;		/* train --out */
	/* eval: labels (engine categories first), counts by label, guess. */
	char			*label[MAX_LABELS];
	size_t			 nlabels;
	unsigned long		*conf;		/* MAX_LABELS x MAX_LABELS */
	int			 json, tsv;
} C;

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-classify [--no-model] [--redact] [--strict] "
	    "[--config FILE]\n"
	    "                   [--lexicon LANG=FILE] [--max-line SIZE] "
	    "[--model FILE]\n"
	    "                   [--rejects FILE] [--rules FILE] "
	    "[FILE ...]\n"
	    "       cs-classify train [--balance] [--no-bigrams] [--no-norm] "
	    "[--strict] [--epochs N]\n"
	    "                   [--l2 X] [--max-line SIZE] [--min-count N] "
	    "[--out FILE]\n"
	    "                   [--prefix N] [--prune X] [--rate X] "
	    "[--rejects FILE] [--seed N]\n"
	    "                   [FILE ...]\n"
	    "       cs-classify eval [--json | --tsv] "
	    "[--model-only | --no-model] [--strict]\n"
	    "                   [--config FILE] [--lexicon LANG=FILE] "
	    "[--max-line SIZE]\n"
	    "                   [--model FILE] [--rejects FILE] "
	    "[--rules FILE] [FILE ...]\n"
	    "       cs-classify -h | -V\n");
	exit(status);
}

/* What every option switch ends with: -h, -V, or a usage error. */
static _Noreturn void
other_option(int ch)
{
	if (ch == 'h')
		usage(0);
	if (ch == 'V')
		cli_version();
	usage(CS_EXIT_USAGE);
}

/* The files a user adds to the engine. */
enum table {
	TABLE_RULES,
	TABLE_LEXICON,		/* of one language */
	TABLE_MODEL
};

/*
 * Add the file at path to the engine as a table of that kind; lang is
 * the lexicon's language.  Exits when the file cannot be read ("rules:
 * reason", "lexicon: ...", "model: ...") or the engine refuses it.
 */
static void
load_table(enum table kind, const char *lang, const char *path)
{
	static const char *const what[] = { "rules", "lexicon", "model" };
	struct cs_error e;
	struct buf b;
	int rc;

	buf_init(&b);
	if (slurp(path, kind == TABLE_MODEL ? MAX_MODEL : MAX_TABLE, &b,
	    &e) == -1)
		errx(CS_EXIT_FAIL, "%s: %s", what[kind], e.msg);
	switch (kind) {
	case TABLE_RULES:
		rc = classify_add_rules(C.engine, b.s, b.len, path, &e);
		break;
	case TABLE_LEXICON:
		rc = classify_add_lexicon(C.engine, lang, b.s, b.len, path,
		    &e);
		break;
	default:	/* TABLE_MODEL */
		rc = classify_set_model(C.engine, b.s, b.len, path, &e);
		break;
	}
	if (rc == -1)
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

/* classify.order_patterns: a list of strings. */
static void
set_order_patterns(const cJSON *list)
{
	const char **v;
	const cJSON *item;
	struct cs_error e;
	size_t n = 0;

	if (!cJSON_IsArray(list))
		errx(CS_EXIT_FAIL, "configuration: classify.order_patterns "
		    "must be a list of strings");
	v = xreallocarray(NULL, (size_t)cJSON_GetArraySize(list) + 1,
	    sizeof(*v));
	cJSON_ArrayForEach(item, list) {
		if (!cJSON_IsString(item))
			errx(CS_EXIT_FAIL, "configuration: "
			    "classify.order_patterns must be a list of "
			    "strings");
		v[n++] = item->valuestring;
	}
	if (classify_set_order_patterns(C.engine, v, n, &e) == -1)
		errx(CS_EXIT_FAIL, "configuration: classify.order_patterns: "
		    "%s", e.msg);
	free(v);
}

/* The options the classifier and eval share; 1 if ch was one. */
static int
setup_option(struct setup *s, int ch, const char *arg)
{
	char lang[8];

	switch (ch) {
	case OPT_LEXICON:
		if (lexicon_arg(arg, lang, sizeof(lang)) == NULL)
			errx(CS_EXIT_USAGE, "bad --lexicon value '%s': "
			    "expected LANG=FILE", arg);
		s->lexicons = xreallocarray(s->lexicons, s->nlexicons + 1,
		    sizeof(*s->lexicons));
		s->lexicons[s->nlexicons++] = arg;
		return 1;
	case OPT_MODEL:
		s->model = arg;
		return 1;
	case OPT_NO_MODEL:
		s->nomodel = 1;
		return 1;
	case OPT_RULES:
		s->rules = xreallocarray(s->rules, s->nrules + 1,
		    sizeof(*s->rules));
		s->rules[s->nrules++] = arg;
		return 1;
	default:
		return 0;
	}
}

/*
 * Load the configuration at config_path into cfg (config_release it),
 * then build the engine: built-in tables, then the user's.
 */
static void
setup_engine(struct setup *s, const char *config_path, struct config *cfg)
{
	struct cs_error e;
	const cJSON *item;
	const char *path;
	char lang[8];
	size_t i;

	if (config_load(cfg, config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	if ((C.engine = classify_new(&e)) == NULL)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	/* Order patterns, which a rules file's "order_patterns" replace. */
	if ((item = config_get(cfg, "classify.order_patterns")) != NULL)
		set_order_patterns(item);
	/* Flags first, then CS_RULES, then classify.rules. */
	if (s->nrules > 0) {
		for (i = 0; i < s->nrules; i++)
			load_table(TABLE_RULES, NULL, s->rules[i]);
	} else if ((path = config_str(cfg, "CS_RULES", "classify.rules",
	    NULL)) != NULL)
		load_table(TABLE_RULES, NULL, path);
	/* The same for the model, after the rules. */
	if (s->nomodel) {
		if (classify_set_model(C.engine, NULL, 0, NULL, &e) == -1)
			errx(CS_EXIT_FAIL, "%s", e.msg);
	} else if (s->model != NULL)
		load_table(TABLE_MODEL, NULL, s->model);
	else if ((path = config_str(cfg, "CS_MODEL", "classify.model",
	    NULL)) != NULL)
		load_table(TABLE_MODEL, NULL, path);
	/* Lexicons: the configuration's, then the flags' (which win). */
	cJSON_ArrayForEach(item, config_get(cfg, "classify.lexicons")) {
		if (!cJSON_IsString(item) || strlen(item->string) >=
		    sizeof(lang))
			errx(CS_EXIT_FAIL, "configuration: classify.lexicons "
			    "must map languages to files");
		load_table(TABLE_LEXICON, item->string, item->valuestring);
	}
	for (i = 0; i < s->nlexicons; i++) {
		path = lexicon_arg(s->lexicons[i], lang, sizeof(lang));
		load_table(TABLE_LEXICON, lang, path);
	}
	free(s->rules);
	free(s->lexicons);
	s->rules = s->lexicons = NULL;
}

static int
process(struct filter *f, struct record *r, struct cs_error *err)
{
	struct record_kv kv[2];
	const char *orig, *text, *hint = record_str(r, "lang");
	size_t len, i;
	struct buf *b;

	/* Empty text is a post with only media: "other", "und". */
	if ((orig = text = record_require_str(r, "text", err)) == NULL)
		return -1;
	len = strlen(text);
	classify_run(C.engine, text, len, hint, C.res);
	/*
	 * --redact: replace the personal data with tags, and classify what
	 * is kept, so the spans cover the tags and running again changes
	 * nothing.  A tag can uncover more ("12345678Z+34 612..." gives
	 * "[dni]+34 612...", a phone number): again until nothing changes.
	 */
	for (i = 0; C.redact && i < 4; i++) {
		b = &C.red[i & 1];
		buf_reset(b);
		if (classify_redact(C.res, text, len, b) == 0)
			break;
		text = b->s;
		len = b->len;
		classify_run(C.engine, text, len, hint, C.res);
	}
	buf_reset(&C.val);
	classify_json(C.engine, C.res, &C.val);
	/* A write error is the driver's to report. */
	if (text == orig) {
		(void)record_emit(r, "class", C.val.s, C.val.len, f->out);
		return 0;
	}
	buf_reset(&C.str);
	buf_add_json_string(&C.str, text, len);
	kv[0].key = "text";
	kv[0].value = C.str.s;
	kv[0].vlen = C.str.len;
	kv[1].key = "class";
	kv[1].value = C.val.s;
	kv[1].vlen = C.val.len;
	(void)record_emit_keys(r, kv, CS_NELEM(kv), f->out);
	return 0;
}

/*
 * train
 */

/* A real number for option opt between min and max, or usage. */
static double
real_arg(const char *opt, const char *s, double min, double max)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(x))
		errx(CS_EXIT_USAGE, "bad %s value '%s': not a number", opt, s);
	if (x < min || x > max)
		errx(CS_EXIT_USAGE, "bad %s value '%s': not from %g to %g",
		    opt, s, min, max);
	return x;
}

static int
train_record(struct filter *f, struct record *r, struct cs_error *err)
{
	const char *text = record_str(r, "text");
	const cJSON *w = record_get(r, "weight");
	double weight = 1;

	(void)f;
	if (w != NULL) {
		if (!cJSON_IsNumber(w)) {
			cs_seterr(err, "field 'weight' is not a number");
			return -1;
		}
		weight = w->valuedouble;
	}
	return model_trainer_add(C.trainer, text, strlen(text),
	    record_str(r, "label"), weight, err);
}

/* Write b to path through a temporary file, so path is whole or old. */
static int
write_file(const char *path, const struct buf *b)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	FILE *fp;
	mode_t um;
	int fd, saved;

	if ((fd = mkstemp(tmp)) == -1) {
		warn("%s", path);
		free(tmp);
		return -1;
	}
	/* mkstemp makes the file 0600: give it the usual mode. */
	um = umask(0);
	(void)umask(um);
	(void)fchmod(fd, 0666 & ~um);
	if ((fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (fwrite(b->s, 1, b->len, fp) != b->len || fflush(fp) != 0 ||
	    ferror(fp)) {
		saved = errno;
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0 || rename(tmp, path) == -1) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	errno = saved;
	warn("%s", path);
	free(tmp);
	return -1;
}

static int
train_end(struct filter *f)
{
	struct cs_error e;
	struct model *m;
	struct buf b;
	int rc = 0;

	if (f->stop)
		return CS_EXIT_FAIL;
	if ((m = model_trainer_fit(C.trainer, &e)) == NULL) {
		warnx("%s", e.msg);
		return CS_EXIT_FAIL;
	}
	buf_init(&b);
	model_write(m, &b);
	if (C.out == NULL || strcmp(C.out, "-") == 0)
		fwrite(b.s, 1, b.len, f->out);
	else if (write_file(C.out, &b) == -1)
		rc = CS_EXIT_FAIL;
	buf_release(&b);
	model_free(m);
	return rc;
}

static int
train_main(int argc, char *argv[])
{
	static const char *const required[] = { "text", "label", NULL };
	struct model_params p;
	struct filter f;
	int ch, status;

	model_params_init(&p);
	filter_init(&f);
	while ((ch = getopt_long(argc, argv, "hV", train_longopts,
	    NULL)) != -1) {
		if (filter_option(&f, ch, optarg))
			continue;
		switch (ch) {
		case OPT_BALANCE:
			p.balance = 1;
			break;
		case OPT_EPOCHS:
			p.epochs = (int)cli_number("--epochs", optarg, 1, 1000);
			break;
		case OPT_L2:
			p.l2 = real_arg("--l2", optarg, 0, 1);
			break;
		case OPT_MIN_COUNT:
			p.min_count = (unsigned)cli_number("--min-count",
			    optarg, 1, 1000000);
			break;
		case OPT_NO_BIGRAMS:
			p.bigrams = 0;
			break;
		case OPT_NO_NORM:
			p.norm = 0;
			break;
		case OPT_OUT:
			C.out = optarg;
			break;
		case OPT_PREFIX:
			p.prefix = (int)cli_number("--prefix", optarg, 0, 16);
			break;
		case OPT_PRUNE:
			p.prune = real_arg("--prune", optarg, 0, 100);
			break;
		case OPT_RATE:
			p.rate = real_arg("--rate", optarg, 1e-6, 100);
			break;
		case OPT_SEED:
			p.seed = (uint64_t)cli_number("--seed", optarg, 0,
			    INT64_MAX);
			break;
		default:
			other_option(ch);
		}
	}
	argc -= optind;
	argv += optind;

	C.trainer = model_trainer_new(&p);
	f.required = required;
	f.record = train_record;
	f.end = train_end;
	status = filter_run(&f, argc, argv);
	model_trainer_free(C.trainer);
	return status;
}

/*
 * eval
 */

static int
label_index(const char *name)
{
	size_t i;

	for (i = 0; i < C.nlabels; i++)
		if (strcmp(C.label[i], name) == 0)
			return (int)i;
	if (C.nlabels == MAX_LABELS)
		return -1;
	C.label[C.nlabels] = xstrdup(name);
	return (int)C.nlabels++;
}

static int
eval_record(struct filter *f, struct record *r, struct cs_error *err)
{
	const char *text = record_str(r, "text");
	int want, got;

	(void)f;
	if ((want = label_index(record_str(r, "label"))) < 0) {
		cs_seterr(err, "more than %d different labels", MAX_LABELS);
		return -1;
	}
	classify_run(C.engine, text, strlen(text), record_str(r, "lang"),
	    C.res);
	got = label_index(classify_category(C.res));
	C.conf[(size_t)want * MAX_LABELS + (size_t)got]++;
	return 0;
}

struct score {
	unsigned long	support, predicted, hits;
	double		precision, recall, f1;	/* -1: undefined */
};

static void
put_num(FILE *fp, double x, int width)
{
	if (x < 0)
		fprintf(fp, "%*s", width, "-");
	else
		fprintf(fp, "%*.3f", width, x);
}

static void
put_json_num(FILE *fp, double x)
{
	if (x < 0)
		fputs("null", fp);
	else
		fprintf(fp, "%.4f", x);
}

static int
eval_end(struct filter *f)
{
	struct score sc[MAX_LABELS];
	FILE *fp = f->out;
	unsigned long n = 0, hits = 0;
	double macro = 0, acc;
	size_t i, j, L = C.nlabels, nmacro = 0, w = 8, cw;
	struct buf js;

	for (i = 0; i < L; i++) {
		memset(&sc[i], 0, sizeof(sc[i]));
		for (j = 0; j < L; j++) {
			sc[i].support += C.conf[i * MAX_LABELS + j];
			sc[i].predicted += C.conf[j * MAX_LABELS + i];
		}
		sc[i].hits = C.conf[i * MAX_LABELS + i];
		n += sc[i].support;
		hits += sc[i].hits;
		sc[i].precision = sc[i].predicted > 0 ?
		    (double)sc[i].hits / sc[i].predicted : -1;
		sc[i].recall = sc[i].support > 0 ?
		    (double)sc[i].hits / sc[i].support : -1;
		if (sc[i].support == 0)
			sc[i].f1 = -1;
		else if (sc[i].hits == 0)
			sc[i].f1 = 0;
		else
			sc[i].f1 = 2 * sc[i].precision * sc[i].recall /
			    (sc[i].precision + sc[i].recall);
		if (sc[i].support > 0) {
			macro += sc[i].f1;
			nmacro++;
		}
	}
#define SHOWN(i)	(sc[i].support > 0 || sc[i].predicted > 0)
	for (i = 0; i < L; i++)
		if (SHOWN(i) && strlen(C.label[i]) > w)
			w = strlen(C.label[i]);
	macro = nmacro > 0 ? macro / nmacro : 0;
	acc = n > 0 ? (double)hits / n : 0;

	if (C.tsv) {
		fprintf(fp, "categories\tcs-classify\tmacro-f1\t%.4f\n", macro);
		fprintf(fp, "categories\tcs-classify\taccuracy\t%.4f\n", acc);
		fprintf(fp, "categories\tcs-classify\tn\t%lu\n", n);
		for (i = 0; i < L; i++)
			if (sc[i].support > 0)
				fprintf(fp, "categories\tcs-classify\tf1:%s\t"
				    "%.4f\n", C.label[i], sc[i].f1);
		return 0;
	}
	if (C.json) {
		buf_init(&js);
		fprintf(fp, "{\"messages\":%lu,\"accuracy\":", n);
		put_json_num(fp, acc);
		fputs(",\"macro_f1\":", fp);
		put_json_num(fp, macro);
		fputs(",\"categories\":[", fp);
		for (i = 0; i < L; i++) {
			buf_reset(&js);
			buf_add_json_string(&js, C.label[i],
			    strlen(C.label[i]));
			fprintf(fp, "%s{\"category\":%s,\"precision\":",
			    i > 0 ? "," : "", js.s);
			put_json_num(fp, sc[i].precision);
			fputs(",\"recall\":", fp);
			put_json_num(fp, sc[i].recall);
			fputs(",\"f1\":", fp);
			put_json_num(fp, sc[i].f1);
			fprintf(fp, ",\"support\":%lu,\"predicted\":%lu}",
			    sc[i].support, sc[i].predicted);
		}
		fputs("],\"confusion\":{\"labels\":[", fp);
		for (i = 0; i < L; i++) {
			buf_reset(&js);
			buf_add_json_string(&js, C.label[i],
			    strlen(C.label[i]));
			fprintf(fp, "%s%s", i > 0 ? "," : "", js.s);
		}
		fputs("],\"matrix\":[", fp);
		for (i = 0; i < L; i++) {
			fputs(i > 0 ? ",[" : "[", fp);
			for (j = 0; j < L; j++)
				fprintf(fp, "%s%lu", j > 0 ? "," : "",
				    C.conf[i * MAX_LABELS + j]);
			fputc(']', fp);
		}
		fputs("]}}\n", fp);
		buf_release(&js);
		return 0;
	}

	/* Categories nobody labelled and none given are left out. */
	fprintf(fp, "%-*s %9s %9s %9s %9s %9s\n", (int)w, "category",
	    "precision", "recall", "f1", "support", "predicted");
	for (i = 0; i < L; i++) {
		if (!SHOWN(i))
			continue;
		fprintf(fp, "%-*s", (int)w, C.label[i]);
		put_num(fp, sc[i].precision, 10);
		put_num(fp, sc[i].recall, 10);
		put_num(fp, sc[i].f1, 10);
		fprintf(fp, " %9lu %9lu\n", sc[i].support, sc[i].predicted);
	}
	fprintf(fp, "\nmacro-f1 %.3f over the %zu categories with messages\n"
	    "accuracy %.3f (%lu of %lu messages)\n", macro, nmacro, acc, hits,
	    n);
	fprintf(fp, "\nconfusion matrix (rows: label, columns: category "
	    "given)\n%-*s", (int)w, "");
	cw = 6;
	for (j = 0; j < L; j++)
		if (SHOWN(j) && strlen(C.label[j]) + 1 > cw)
			cw = strlen(C.label[j]) + 1;
	for (j = 0; j < L; j++)
		if (SHOWN(j))
			fprintf(fp, "%*s", (int)cw, C.label[j]);
	fputc('\n', fp);
	for (i = 0; i < L; i++) {
		if (!SHOWN(i))
			continue;
		fprintf(fp, "%-*s", (int)w, C.label[i]);
		for (j = 0; j < L; j++)
			if (SHOWN(j))
				fprintf(fp, "%*lu", (int)cw,
				    C.conf[i * MAX_LABELS + j]);
		fputc('\n', fp);
	}
#undef SHOWN
	return 0;
}

static int
eval_main(int argc, char *argv[])
{
	static const char *const required[] = { "text", "label", NULL };
	struct setup s;
	struct filter f;
	struct config cfg;
	size_t i;
	int ch, status, modelonly = 0;

	memset(&s, 0, sizeof(s));
	filter_init(&f);
	while ((ch = getopt_long(argc, argv, "hV", eval_longopts,
	    NULL)) != -1) {
		if (filter_option(&f, ch, optarg) ||
		    setup_option(&s, ch, optarg))
			continue;
		switch (ch) {
		case OPT_JSON:
			C.json = 1;
			break;
		case OPT_MODEL_ONLY:
			modelonly = 1;
			break;
		case OPT_TSV:
			C.tsv = 1;
			break;
		default:
			other_option(ch);
		}
	}
	argc -= optind;
	argv += optind;
	if (C.json && C.tsv)
		errx(CS_EXIT_USAGE, "--json and --tsv are exclusive");
	if (modelonly && s.nomodel)
		errx(CS_EXIT_USAGE, "--model-only and --no-model are "
		    "exclusive");

	setup_engine(&s, f.config_path, &cfg);
	if (modelonly)
		classify_set_mode(C.engine, CLASSIFY_MODEL_ONLY);
	else if (s.nomodel)
		classify_set_mode(C.engine, CLASSIFY_RULES_ONLY);
	/* The taxonomy's categories come first, in its order. */
	for (i = 0; i < classify_ncats(C.engine); i++)
		(void)label_index(classify_cat(C.engine, i));
	C.conf = xcalloc((size_t)MAX_LABELS * MAX_LABELS, sizeof(*C.conf));
	C.res = classify_result_new();
	f.required = required;
	f.record = eval_record;
	f.end = eval_end;
	status = filter_run(&f, argc, argv);
	classify_result_free(C.res);
	classify_free(C.engine);
	config_release(&cfg);
	for (i = 0; i < C.nlabels; i++)
		free(C.label[i]);
	free(C.conf);
	return status;
}

int
main(int argc, char *argv[])
{
	struct setup s;
	struct filter f;
	struct config cfg;
	int ch, status;

	cli_init();
	/*
	 * Subcommands.  getopt names argv[0] in its messages: make that
	 * the program's name rather than the subcommand's.
	 */
	if (argc > 1 && strcmp(argv[1], "train") == 0) {
		argv[1] = argv[0];
		return train_main(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "eval") == 0) {
		argv[1] = argv[0];
		return eval_main(argc - 1, argv + 1);
	}

	memset(&s, 0, sizeof(s));
	filter_init(&f);
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (filter_option(&f, ch, optarg) ||
		    setup_option(&s, ch, optarg))
			continue;
		switch (ch) {
		case OPT_REDACT:
			C.redact = 1;
			break;
		default:
			other_option(ch);
		}
	}
	argc -= optind;
	argv += optind;

	setup_engine(&s, f.config_path, &cfg);

	C.res = classify_result_new();
	buf_init(&C.val);
	buf_init(&C.red[0]);
	buf_init(&C.red[1]);
	buf_init(&C.str);
	/* "text" is checked by process: it may be empty. */
	f.record = process;
	status = filter_run(&f, argc, argv);
	classify_result_free(C.res);
	classify_free(C.engine);
	buf_release(&C.val);
	buf_release(&C.red[0]);
	buf_release(&C.red[1]);
	buf_release(&C.str);
	config_release(&cfg);
	return status;
}
