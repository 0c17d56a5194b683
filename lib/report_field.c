/*
 * report_field: the few fields cs-report reads, found in the raw line.
 * The filter has validated the line already (ndjson_check), so a short
 * walk finds a member without building a tree: cs-report reads a dozen
 * fields of every record and a cJSON parse of "class" alone would cost
 * more than the rest of the report.  Records without a shape (unit
 * tests) and strings with escapes go through record.h instead.
 */
#include "compat.h"

#include <math.h>

#include "report_int.h"

/* The tools write compact JSON: the first test almost always wins. */
static inline const char *
skip_ws(const char *p, const char *e)
{
	while (p < e && (unsigned char)*p <= ' ' &&
	    (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Past the string starting at p (its opening quote). */
static inline const char *
skip_string(const char *p, const char *e)
{
	const char *q;

	for (p++; p < e; p = q + 1) {
		if ((q = memchr(p, '"', (size_t)(e - p))) == NULL)
			return e;
		/* An escaped quote has an odd run of backslashes before it. */
		{
			const char *b = q;

			while (b > p && b[-1] == '\\')
				b--;
			if ((q - b) % 2 == 0)
				return q + 1;
		}
	}
	return e;
}

/* Past the value starting at p. */
static const char *
skip_value(const char *p, const char *e)
{
	int depth = 0;

	if (*p == '"')
		return skip_string(p, e);
	if (*p != '{' && *p != '[') {
		while (p < e && *p != ',' && *p != '}' && *p != ']' &&
		    *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		return p;
	}
	while (p < e) {
		if (*p == '"') {
			p = skip_string(p, e);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (--depth == 0)
				return p + 1;
		}
		p++;
	}
	return e;
}

/* The value of key (klen bytes) in the object [p, e), or NULL. */
static const char *
obj_find(const char *p, const char *e, const char *key, size_t klen,
    const char **vend)
{
	const char *k, *v;
	int match;

	if (p >= e || *p != '{')
		return NULL;
	for (p++; ; ) {
		p = skip_ws(p, e);
		if (p >= e || *p != '"')
			return NULL;
		k = p + 1;
		p = skip_string(p, e);
		v = skip_ws(p, e);
		if (v >= e || *v != ':')
			return NULL;
		match = (size_t)(p - k - 1) == klen &&
		    memcmp(k, key, klen) == 0;
		v = skip_ws(v + 1, e);
		p = skip_value(v, e);
		if (match) {
			*vend = p;
			return v;
		}
		p = skip_ws(p, e);
		if (p >= e || *p != ',')
			return NULL;
		p++;
	}
}

/*
 * The raw value at path ("class.sentiment.label") in a validated line:
 * 1 with [*v, *ve) set, 0 when absent, -1 when the record has no shape.
 */
static int
raw(const struct record *rec, const char *path, const char **v,
    const char **ve)
{
	const struct ndjson_member *m;
	const char *dot = strchr(path, '.');
	char top[32];
	size_t n;

	if (rec->shape == NULL)
		return -1;
	n = dot != NULL ? (size_t)(dot - path) : strlen(path);
	if (n >= sizeof(top))
		return 0;
	memcpy(top, path, n);
	top[n] = '\0';
	if ((m = ndjson_member(rec->shape, rec->line, top)) == NULL)
		return 0;
	*v = rec->line + m->value;
	*ve = rec->line + m->end;
	while (dot != NULL) {
		path = dot + 1;
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if ((*v = obj_find(*v, *ve, path, n, ve)) == NULL)
			return 0;
	}
	return 1;
}

void
report_field_reset(struct report *r)
{
	r->arena_used = 0;
}

const char *
report_str(struct report *r, const struct record *rec, const char *path)
{
	const char *v, *ve, *q;
	char *out;
	size_t n;

	switch (raw(rec, path, &v, &ve)) {
	case -1:
		return record_str(rec, path);
	case 0:
		return NULL;
	}
	if (*v != '"' || ve - v < 2)
		return NULL;
	n = (size_t)(ve - v - 2);
	q = memchr(v + 1, '\\', n);
	if (q != NULL || r->arena_used + n + 1 > sizeof(r->arena))
		return record_str(rec, path);
	out = r->arena + r->arena_used;
	memcpy(out, v + 1, n);
	out[n] = '\0';
	r->arena_used += n + 1;
	return out;
}

int
report_num(const struct record *rec, const char *path, double *out)
{
	const char *v, *ve;
	const cJSON *c;
	char s[64], *end;
	size_t n;

	switch (raw(rec, path, &v, &ve)) {
	case -1:
		c = record_get(rec, path);
		if (!cJSON_IsNumber(c))
			return 0;
		*out = c->valuedouble;
		return 1;
	case 0:
		return 0;
	}
	n = (size_t)(ve - v);
	if (n == 0 || n >= sizeof(s) || !(*v == '-' || (*v >= '0' &&
	    *v <= '9')))
		return 0;
	memcpy(s, v, n);
	s[n] = '\0';
	*out = strtod(s, &end);
	return *end == '\0' && isfinite(*out);
}

int
report_is_object(const struct record *rec, const char *path)
{
	const char *v, *ve;

	switch (raw(rec, path, &v, &ve)) {
	case -1:
		return cJSON_IsObject(record_get(rec, path));
	case 0:
		return 0;
	}
	return *v == '{';
}

int
report_sentiment(struct report *r, const struct record *rec, double *score,
    const char **label)
{
	const char *v, *ve, *x, *xe;
	char s[64], *end;
	size_t n;

	*label = NULL;
	switch (raw(rec, "class.sentiment", &v, &ve)) {
	case -1:
		*label = report_str(r, rec, "class.sentiment.label");
		return report_num(rec, "class.sentiment.score", score);
	case 0:
		return 0;
	}
	if ((x = obj_find(v, ve, "label", 5, &xe)) != NULL && *x == '"' &&
	    (n = (size_t)(xe - x - 2)) < sizeof(s) &&
	    memchr(x + 1, '\\', n) == NULL) {
		/* Labels are short words: keep them in the arena. */
		if (r->arena_used + n + 1 <= sizeof(r->arena)) {
			char *out = r->arena + r->arena_used;

			memcpy(out, x + 1, n);
			out[n] = '\0';
			r->arena_used += n + 1;
			*label = out;
		}
	}
	if ((x = obj_find(v, ve, "score", 5, &xe)) == NULL ||
	    (n = (size_t)(xe - x)) == 0 || n >= sizeof(s) ||
	    !(*x == '-' || (*x >= '0' && *x <= '9')))
		return 0;
	memcpy(s, x, n);
	s[n] = '\0';
	*score = strtod(s, &end);
	return *end == '\0' && isfinite(*score);
}
