/*
 * eval_sentiment: the quality of cs-classify's sentiment on a labelled
 * set of texts.
 *
 *	eval_sentiment [-d] [-l lexicon] LANG TEXT_FILE LABEL_FILE
 *
 * TEXT_FILE has one text a line and LABEL_FILE its label on the same
 * line: 0 negative, 1 neutral, 2 positive (the XLM-T sets in
 * ../shared/corpora/sentiment).  Each text is scored as cs-classify
 * scores it (links and handles left out), in language LANG rather than
 * the detected one, so that the figures measure sentiment alone.  The
 * label is sentiment_label's.
 *
 * stdout gets machine-readable lines,
 * "sentiment-LANG<TAB>cs-classify<TAB>METRIC<TAB>VALUE", for n, accuracy,
 * macro-f1 and the f1 of each label; stderr gets the confusion matrix.
 * -d also writes "gold<TAB>predicted<TAB>score<TAB>text" for every line
 * to stderr; -l uses a lexicon file (lib/data/sentiment-LANG.txt's
 * format) in place of LANG's built-in one.
 */
#include "compat.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "data.h"
#include "util.h"

#define MAXFILE		(64 * 1024 * 1024)

static const char *const names[] = { "negative", "neutral", "positive" };

static const struct {
	const char	*file;
	const char	*lang;
} lexicons[] = {
	{ "sentiment-en.txt", "en" },
	{ "sentiment-es.txt", "es" },
	{ "sentiment-ca.txt", "ca" },
	{ "sentiment-emoji.txt", "*" }
};

static _Noreturn void
usage(void)
{
	fprintf(stderr, "usage: eval_sentiment [-d] [-l lexicon] LANG "
	    "TEXT_FILE LABEL_FILE\n");
	exit(2);
}

/* The next line of b from *pos, without its newline; NULL at the end. */
static const char *
next_line(const struct buf *b, size_t *pos, size_t *len)
{
	const char *p, *nl;

	if (*pos >= b->len)
		return NULL;
	p = b->s + *pos;
	if ((nl = memchr(p, '\n', b->len - *pos)) == NULL)
		nl = b->s + b->len;
	*len = (size_t)(nl - p);
	*pos += *len + 1;
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

static int
label_of(const char *s)
{
	if (strcmp(s, "negative") == 0)
		return 0;
	if (strcmp(s, "positive") == 0)
		return 2;
	return 1;
}

int
main(int argc, char *argv[])
{
	struct sentiment *s;
	struct classify_text t;
	struct classify_entities ents;
	struct cs_error e;
	struct buf text, labels, extra;
	const char *lang, *line, *gl, *p;
	const char *lexfile = NULL;
	size_t tpos = 0, lpos = 0, len, glen, i, n = 0, right = 0;
	unsigned long cm[3][3];
	double f1[3], f1sum = 0;
	int ch, dump = 0, k, j;

	while ((ch = getopt(argc, argv, "dl:")) != -1) {
		switch (ch) {
		case 'd':
			dump = 1;
			break;
		case 'l':
			lexfile = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 3)
		usage();
	lang = argv[0];

	buf_init(&text);
	buf_init(&labels);
	buf_init(&extra);
	if (slurp(argv[1], MAXFILE, &text, &e) == -1 ||
	    slurp(argv[2], MAXFILE, &labels, &e) == -1 ||
	    (lexfile != NULL && slurp(lexfile, MAXFILE, &extra, &e) == -1)) {
		fprintf(stderr, "eval_sentiment: %s\n", e.msg);
		return 1;
	}
	s = sentiment_new();
	for (i = 0; i < CS_NELEM(lexicons); i++) {
		if (lexfile != NULL && strcmp(lexicons[i].lang, lang) == 0)
			continue;
		if ((p = data_get(lexicons[i].file, &len)) == NULL ||
		    sentiment_load(s, lexicons[i].lang, p, len,
		    lexicons[i].file, &e) == -1) {
			fprintf(stderr, "eval_sentiment: %s: %s\n",
			    lexicons[i].file, p == NULL ? "missing" : e.msg);
			return 1;
		}
	}
	if (lexfile != NULL && sentiment_load(s, lang, extra.s, extra.len,
	    lexfile, &e) == -1) {
		fprintf(stderr, "eval_sentiment: %s\n", e.msg);
		return 1;
	}

	classify_text_init(&t);
	classify_entity_init(&ents);
	memset(cm, 0, sizeof(cm));
	while ((line = next_line(&text, &tpos, &len)) != NULL) {
		double score;
		char *ep;
		long gold;
		int pred;

		if ((gl = next_line(&labels, &lpos, &glen)) == NULL) {
			fprintf(stderr, "eval_sentiment: %s: fewer lines than "
			    "%s\n", argv[2], argv[1]);
			return 1;
		}
		n++;
		gold = strtol(gl, &ep, 10);
		if (ep == gl || gold < 0 || gold > 2) {
			fprintf(stderr, "eval_sentiment: %s:%zu: bad label\n",
			    argv[2], n);
			return 1;
		}
		classify_entity_links(&ents, line, len);
		classify_text_scan(&t, line, len, ents.skip, ents.nskip);
		score = sentiment_score(s, &t, lang);
		pred = label_of(sentiment_label(score));
		cm[gold][pred]++;
		if (dump)
			fprintf(stderr, "%ld\t%d\t%.4f\t%.*s\n", gold, pred,
			    score, (int)len, line);
	}
	if (next_line(&labels, &lpos, &glen) != NULL) {
		fprintf(stderr, "eval_sentiment: %s: more lines than %s\n",
		    argv[2], argv[1]);
		return 1;
	}

	for (k = 0; k < 3; k++) {
		unsigned long ngold = 0, npred = 0;
		double prec, rec;

		for (j = 0; j < 3; j++) {
			ngold += cm[k][j];
			npred += cm[j][k];
		}
		prec = npred ? (double)cm[k][k] / (double)npred : 0;
		rec = ngold ? (double)cm[k][k] / (double)ngold : 0;
		f1[k] = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
		f1sum += f1[k];
		right += cm[k][k];
	}
	printf("sentiment-%s\tcs-classify\tn\t%zu\n", lang, n);
	printf("sentiment-%s\tcs-classify\taccuracy\t%.3f\n", lang,
	    n ? (double)right / (double)n : 0);
	printf("sentiment-%s\tcs-classify\tmacro-f1\t%.3f\n", lang, f1sum / 3);
	for (k = 0; k < 3; k++)
		printf("sentiment-%s\tcs-classify\tf1-%s\t%.3f\n", lang,
		    names[k], f1[k]);
	fprintf(stderr, "cs-classify %s: confusion (rows gold, columns "
	    "predicted)\ngold\\pred\tnegative\tneutral\tpositive\n", lang);
	for (k = 0; k < 3; k++)
		fprintf(stderr, "%s\t%lu\t%lu\t%lu\n", names[k], cm[k][0],
		    cm[k][1], cm[k][2]);

	classify_entity_release(&ents);
	classify_text_release(&t);
	sentiment_free(s);
	buf_release(&text);
	buf_release(&labels);
	buf_release(&extra);
	if (fflush(stdout) == EOF || ferror(stdout))
		return 1;
	return 0;
}
