/*
 * eval_langid: cs-classify's language identification on TweetLID.
 *
 * Usage: eval_langid [-v] TWEETLID.tsv
 *
 * The file has a header line, then "tweet_id<TAB>user<TAB>lang<TAB>text".
 * The single-language tweets (lang en, es, ca, pt, gl or eu) are run
 * through the whole engine (classify_run, no language hint, as
 * cs-classify does for a record without "lang"); mixed ("a+b"),
 * ambiguous ("a/b"), und and other tweets are skipped, except that the
 * share of und tweets answered "und" is reported as und.recall.
 *
 * stdout has one figure a line, "langid<TAB>cs-classify<TAB>METRIC<TAB>
 * VALUE": accuracy, n, accuracy.LANG and n.LANG for each of the six
 * languages, f1.LANG, macro_f1, und (the share answered "und"),
 * und.recall, ece (expected calibration error of the confidence over ten
 * bins), us_per_tweet (the whole engine).  stderr has the confusion
 * matrix, the commonest confusions and a reliability table; -v adds every
 * miss as "GOLD GOT CONFIDENCE TEXT".
 *
 * TweetLID is for evaluation and tuning only: nothing in cs is built from
 * it (see lib/data/SOURCES.langid).
 */
#include "compat.h"

#include <math.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "util.h"

static const char *const gold_langs[] = { "en", "es", "ca", "pt", "gl", "eu" };
#define NGOLD	CS_NELEM(gold_langs)

/* Answers: the nine languages langid knows, then und. */
static const char *const got_langs[] = {
	"en", "es", "ca", "pt", "gl", "eu", "fr", "de", "it", "und"
};
#define NGOT	CS_NELEM(got_langs)

#define NBINS	10

static int
index_of(const char *const *v, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
			return (int)i;
	return -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: eval_langid [-v] tweetlid.tsv\n");
	exit(2);
}

static void
put(const char *metric, double v)
{
	printf("langid\tcs-classify\t%s\t%.4f\n", metric, v);
}

static void
putn(const char *metric, long v)
{
	printf("langid\tcs-classify\t%s\t%ld\n", metric, v);
}

int
main(int argc, char **argv)
{
	struct cs_error e;
	struct classify *c;
	struct classify_result *r;
	FILE *fp;
	char *line = NULL, *f[4], *p, metric[32];
	size_t cap = 0, i, j, lineno = 0;
	ssize_t len;
	long conf[NGOLD][NGOT], n = 0, ok = 0, nund = 0, undgold = 0;
	long undok = 0, bin_n[NBINS], top[5][2];
	double bin_conf[NBINS], bin_ok[NBINS], ece, f1sum, secs;
	struct timespec t0, t1;
	int ch, verbose = 0, g, k;

	while ((ch = getopt(argc, argv, "v")) != -1)
		switch (ch) {
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	if ((fp = fopen(argv[0], "r")) == NULL) {
		perror(argv[0]);
		return 1;
	}
	if ((c = classify_new(&e)) == NULL) {
		fprintf(stderr, "eval_langid: %s\n", e.msg);
		return 1;
	}
	r = classify_result_new();
	memset(conf, 0, sizeof(conf));
	memset(bin_n, 0, sizeof(bin_n));
	memset(bin_conf, 0, sizeof(bin_conf));
	memset(bin_ok, 0, sizeof(bin_ok));
	secs = 0;

	while ((len = getline(&line, &cap, fp)) != -1) {
		const char *lang;
		double cf;
		int b;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1 && strncmp(line, "tweet_id\t", 9) == 0)
			continue;
		/* Split the first three tabs; the text may hold more. */
		p = line;
		for (i = 0; i < 3; i++) {
			f[i] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		if (i < 3) {
			fprintf(stderr, "eval_langid: %s:%zu: short line\n",
			    argv[0], lineno);
			continue;
		}
		f[3] = p;
		g = index_of(gold_langs, NGOLD, f[2], strlen(f[2]));
		if (g < 0 && strcmp(f[2], "und") != 0)
			continue;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		classify_run(c, f[3], strlen(f[3]), NULL, r);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		lang = classify_lang(r);
		cf = classify_lang_confidence(r);
		if (g < 0) {
			undgold++;
			undok += strcmp(lang, "und") == 0;
			continue;
		}
		secs += (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		k = index_of(got_langs, NGOT, lang, strlen(lang));
		if (k < 0) {
			fprintf(stderr, "eval_langid: unexpected '%s'\n", lang);
			return 1;
		}
		n++;
		conf[g][k]++;
		if (k == g)
			ok++;
		else if (verbose)
			fprintf(stderr, "%s %s %.3f %s\n", gold_langs[g], lang,
			    cf, f[3]);
		if (strcmp(lang, "und") == 0)
			nund++;
		b = (int)(cf * NBINS);
		if (b >= NBINS)
			b = NBINS - 1;
		if (b < 0)
			b = 0;
		bin_n[b]++;
		bin_conf[b] += cf;
		bin_ok[b] += k == g;
	}
	free(line);
	fclose(fp);
	if (n == 0) {
		fprintf(stderr, "eval_langid: no single-language tweets\n");
		return 1;
	}

	put("accuracy", (double)ok / (double)n);
	putn("n", n);
	f1sum = 0;
	for (i = 0; i < NGOLD; i++) {
		long rown = 0, coln = 0;
		double prec, rec;

		for (j = 0; j < NGOT; j++)
			rown += conf[i][j];
		for (j = 0; j < NGOLD; j++)
			coln += conf[j][i];
		snprintf(metric, sizeof(metric), "accuracy.%s", gold_langs[i]);
		put(metric, rown ? (double)conf[i][i] / (double)rown : 0);
		snprintf(metric, sizeof(metric), "n.%s", gold_langs[i]);
		putn(metric, rown);
		rec = rown ? (double)conf[i][i] / (double)rown : 0;
		prec = coln ? (double)conf[i][i] / (double)coln : 0;
		snprintf(metric, sizeof(metric), "f1.%s", gold_langs[i]);
		put(metric, prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0);
		f1sum += prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
	}
	put("macro_f1", f1sum / NGOLD);
	put("und", (double)nund / (double)n);
	if (undgold > 0)
		put("und.recall", (double)undok / (double)undgold);
	ece = 0;
	for (i = 0; i < NBINS; i++)
		if (bin_n[i] > 0)
			ece += (double)bin_n[i] / (double)n * fabs(bin_conf[i] /
			    (double)bin_n[i] - bin_ok[i] / (double)bin_n[i]);
	put("ece", ece);
	put("us_per_tweet", secs * 1e6 / (double)(n + undgold));

	fprintf(stderr, "cs-classify: %ld/%ld right\ngold\\got", ok, n);
	for (j = 0; j < NGOT; j++)
		fprintf(stderr, "%6s", got_langs[j]);
	fputc('\n', stderr);
	for (i = 0; i < NGOLD; i++) {
		fprintf(stderr, "%-8s", gold_langs[i]);
		for (j = 0; j < NGOT; j++)
			fprintf(stderr, "%6ld", conf[i][j]);
		fputc('\n', stderr);
	}
	memset(top, 0, sizeof(top));
	fprintf(stderr, "commonest confusions (gold->got):");
	for (k = 0; k < 5; k++) {
		long best = 0;
		size_t bi = 0, bj = 0;

		for (i = 0; i < NGOLD; i++)
			for (j = 0; j < NGOT; j++) {
				int seen = 0, m;

				if (i == j || conf[i][j] <= best)
					continue;
				for (m = 0; m < k; m++)
					if (top[m][0] == (long)i &&
					    top[m][1] == (long)j)
						seen = 1;
				if (!seen) {
					best = conf[i][j];
					bi = i;
					bj = j;
				}
			}
		if (best == 0)
			break;
		top[k][0] = (long)bi;
		top[k][1] = (long)bj;
		fprintf(stderr, " %s->%s %ld", gold_langs[bi], got_langs[bj],
		    best);
	}
	fprintf(stderr, "\nconfidence\tn\tmean\taccuracy\n");
	for (i = 0; i < NBINS; i++)
		if (bin_n[i] > 0)
			fprintf(stderr, "%.1f-%.1f\t%ld\t%.3f\t%.3f\n",
			    (double)i / NBINS, (double)(i + 1) / NBINS,
			    bin_n[i], bin_conf[i] / (double)bin_n[i],
			    bin_ok[i] / (double)bin_n[i]);
	classify_result_free(r);
	classify_free(c);
	return 0;
}
