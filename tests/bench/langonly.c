/*
 * langonly: cs-classify's language identification alone, as an NDJSON
 * filter, for make bench: the same job as the franc row (tests/bench/
 * peer.mjs franc), done by the code cs-classify runs.  Each record gets
 * "language": {"code": C, "confidence": P} from the words of its "text"
 * (tokenised and folded as cs-classify does, nothing left out, no hint).
 * Usage: langonly [FILE ...]
 */
#include "compat.h"

#include <err.h>

#include "classify.h"
#include "filter.h"

struct lo {
	struct langid		*langid;
	struct classify_text	 text;
	char			 json[96];
};

static int
one(struct filter *f, struct record *r, struct cs_error *e)
{
	struct lo *lo = f->arg;
	const char *s = record_str(r, "text"), *code;
	double conf;
	int n;

	(void)e;
	if (s == NULL)
		s = "";
	classify_text_scan(&lo->text, s, strlen(s), NULL, 0);
	code = langid_detect(lo->langid, &lo->text, NULL, &conf);
	n = snprintf(lo->json, sizeof(lo->json),
	    "{\"code\":\"%s\",\"confidence\":%.3f}", code, conf);
	record_emit(r, "language", lo->json, (size_t)n, f->out);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct filter f;
	struct cs_error e;
	struct lo lo;
	int status;

	if ((lo.langid = langid_new(&e)) == NULL)
		errx(1, "%s", e.msg);
	classify_text_init(&lo.text);
	filter_init(&f);
	f.record = one;
	f.arg = &lo;
	status = filter_run(&f, argc - 1, argv + 1);
	classify_text_release(&lo.text);
	langid_free(lo.langid);
	return status;
}
