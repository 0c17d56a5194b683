/*
 * xsort: bounded-memory sorting of keyed lines.  See xsort.h.
 *
 * A spilled run is a text file of "primary secondary seq\t" + line +
 * "\n" in sorted order; merging reads one line from each run at a time.
 */
#include "compat.h"

#include <errno.h>
#include <inttypes.h>
#include <unistd.h>

#include "util.h"
#include "xsort.h"

struct item {
	long long		 k1, k2;
	unsigned long long	 seq;
	char			*line;
	size_t			 len;
};

struct run {
	FILE		*fp;
	struct item	 cur;
	char		*buf;
	size_t		 cap;
	int		 done;
};

struct xsort {
	size_t			 limit, top;
	struct item		*v;
	size_t			 n, cap, bytes;
	unsigned long long	 seq;
	struct run		*runs;
	size_t			 nruns;
};

static int
better(const struct item *a, const struct item *b)
{
	if (a->k1 != b->k1)
		return a->k1 > b->k1;
	if (a->k2 != b->k2)
		return a->k2 < b->k2;
	return a->seq < b->seq;
}

static int
cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (better(a, b))
		return -1;
	return better(b, a) ? 1 : 0;
}

struct xsort *
xsort_new(size_t limit, size_t top)
{
	struct xsort *s = xcalloc(1, sizeof(*s));

	s->limit = limit ? limit : 64 * 1024 * 1024;
	s->top = top;
	return s;
}

size_t
xsort_runs(const struct xsort *s)
{
	return s->nruns;
}

/* The heap for --top keeps the worst kept item at the root. */
static void
sift_down(struct xsort *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		struct item t;

		if (l < s->n && better(&s->v[w], &s->v[l]))
			w = l;
		if (r < s->n && better(&s->v[w], &s->v[r]))
			w = r;
		if (w == i)
			return;
		t = s->v[i];
		s->v[i] = s->v[w];
		s->v[w] = t;
		i = w;
	}
}

static void
sift_up(struct xsort *s, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		struct item t;

		if (!better(&s->v[parent], &s->v[i]))
			return;
		t = s->v[i];
		s->v[i] = s->v[parent];
		s->v[parent] = t;
		i = parent;
	}
}

static FILE *
tempfile(struct cs_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/cs-sort.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd == -1) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	unlink(path);
	fp = fdopen(fd, "w+");
	if (fp == NULL) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		close(fd);
	}
	free(path);
	return fp;
}

static int
spill(struct xsort *s, struct cs_error *err)
{
	struct run *r;
	size_t i;
	FILE *fp = tempfile(err);

	if (fp == NULL)
		return -1;
	qsort(s->v, s->n, sizeof(*s->v), cmp_item);
	for (i = 0; i < s->n; i++) {
		fprintf(fp, "%lld %lld %llu\t", s->v[i].k1, s->v[i].k2,
		    s->v[i].seq);
		fwrite(s->v[i].line, 1, s->v[i].len, fp);
		putc('\n', fp);
		free(s->v[i].line);
	}
	if (fflush(fp) != 0 || ferror(fp) || fseeko(fp, 0, SEEK_SET) != 0) {
		cs_seterr(err, "writing a sort run: %s", strerror(errno));
		fclose(fp);
		return -1;
	}
	s->runs = xreallocarray(s->runs, s->nruns + 1, sizeof(*s->runs));
	r = &s->runs[s->nruns++];
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	s->n = 0;
	s->bytes = 0;
	return 0;
}

int
xsort_add(struct xsort *s, long long k1, long long k2, const char *line,
    size_t len, struct cs_error *err)
{
	struct item it = { .k1 = k1, .k2 = k2, .seq = s->seq++ };

	if (s->top > 0 && s->n == s->top) {
		if (!better(&it, &s->v[0]))
			return 0;
		free(s->v[0].line);
		it.line = xstrndup(line, len);
		it.len = len;
		s->v[0] = it;
		sift_down(s, 0);
		return 0;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	it.line = xstrndup(line, len);
	it.len = len;
	s->v[s->n++] = it;
	s->bytes += len + sizeof(it) + 16;
	if (s->top > 0)
		sift_up(s, s->n - 1);
	else if (s->bytes > s->limit)
		return spill(s, err);
	return 0;
}

/* Read the next item of a run into r->cur; sets r->done at the end. */
static int
advance(struct run *r, struct cs_error *err)
{
	ssize_t n = getline(&r->buf, &r->cap, r->fp);
	char *tab;

	if (n <= 0) {
		if (ferror(r->fp)) {
			cs_seterr(err, "reading a sort run: %s",
			    strerror(errno));
			return -1;
		}
		r->done = 1;
		return 0;
	}
	if (r->buf[n - 1] == '\n')
		r->buf[--n] = '\0';
	tab = strchr(r->buf, '\t');
	if (tab == NULL || sscanf(r->buf, "%lld %lld %llu", &r->cur.k1,
	    &r->cur.k2, &r->cur.seq) != 3) {
		cs_seterr(err, "a sort run is corrupt");
		return -1;
	}
	r->cur.line = tab + 1;
	r->cur.len = (size_t)(r->buf + n - (tab + 1));
	return 0;
}

int
xsort_emit(struct xsort *s, FILE *out, struct cs_error *err)
{
	size_t i;

	if (s->nruns > 0 && s->n > 0 && spill(s, err) == -1)
		return -1;
	if (s->nruns == 0) {
		/* No record at all (all rejected): v is still NULL. */
		if (s->n > 1)
			qsort(s->v, s->n, sizeof(*s->v), cmp_item);
		for (i = 0; i < s->n; i++) {
			fwrite(s->v[i].line, 1, s->v[i].len, out);
			putc('\n', out);
			free(s->v[i].line);
		}
		s->n = 0;
		return 0;
	}
	for (i = 0; i < s->nruns; i++) {
		if (advance(&s->runs[i], err) == -1)
			return -1;
	}
	/* Runs are few (input / limit): a linear scan per line is enough. */
	for (;;) {
		struct run *best = NULL;

		for (i = 0; i < s->nruns; i++) {
			struct run *r = &s->runs[i];

			if (!r->done && (best == NULL ||
			    better(&r->cur, &best->cur)))
				best = r;
		}
		if (best == NULL)
			break;
		fwrite(best->cur.line, 1, best->cur.len, out);
		putc('\n', out);
		if (ferror(out))
			return 0;	/* the caller reports write errors */
		if (advance(best, err) == -1)
			return -1;
	}
	return 0;
}

void
xsort_free(struct xsort *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i].line);
	for (i = 0; i < s->nruns; i++) {
		fclose(s->runs[i].fp);
		free(s->runs[i].buf);
	}
	free(s->runs);
	free(s->v);
	free(s);
}
