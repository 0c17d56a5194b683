/*
 * record: typed field access over a parsed line, and output that splices
 * the tool's own key into the raw line.  See record.h.
 */
#include "compat.h"

#include "record.h"

/* Stands for a member whose value cJSON could not parse. */
static cJSON unparsable;

/* The top-level member named name (n bytes), parsed on first use. */
static const cJSON *
member(const struct record *r, const char *name)
{
	const struct ndjson_member *m;
	size_t k;

	if (r->shape == NULL || r->vals == NULL)
		return cJSON_GetObjectItemCaseSensitive(r->root, name);
	m = ndjson_member(r->shape, r->line, name);
	if (m == NULL)
		return NULL;
	k = (size_t)(m - r->shape->members);
	if (r->vals[k] == NULL) {
		r->vals[k] = cJSON_ParseWithLength(r->line + m->value,
		    m->end - m->value);
		if (r->vals[k] == NULL)
			r->vals[k] = &unparsable;
	}
	return r->vals[k] == &unparsable ? NULL : r->vals[k];
}

void
record_release(struct record *r)
{
	struct record_memo *mo = r->memo;
	size_t k;

	if (mo != NULL) {
		for (k = 0; k < mo->nval; k++)
			cJSON_Delete(mo->val[k].v);
		mo->nobj = mo->nmem = mo->nval = 0;
	}
	if (r->vals == NULL || r->shape == NULL)
		return;
	for (k = 0; k < r->shape->nmembers; k++) {
		if (r->vals[k] != &unparsable)
			cJSON_Delete(r->vals[k]);
		r->vals[k] = NULL;
	}
}

/*
 * Nested values straight from the line.  The line was validated by
 * ndjson_check, and a member is read this way only when it holds no
 * backslash, so a string ends at the next quote and a key's raw bytes are
 * its name.  The result is what cJSON finds in the member parsed whole:
 * the first member of that name, objects only along the path.  Anything
 * else (escapes, a number cJSON would read differently, full tables) is
 * left to the whole parse.
 */
#define IS_WS(c)	((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')
/* cJSON reads at most 63 characters of a number. */
#define SCALAR_MAX	63

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && IS_WS(*p))
		p++;
	return p;
}

/* One past the value at p, or NULL when a scalar is too long. */
static const char *
skip_value(const char *p, const char *end)
{
	size_t run = 0;
	int depth = 0;

	for (; p < end; p++) {
		switch (*p) {
		case '"':
			p = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (p == NULL)
				return NULL;
			run = 0;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth < 0)
				return p;
			run = 0;
			break;
		case ',':
		case ':':
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			if (depth == 0)
				return p;
			run = 0;
			break;
		default:
			if (++run >= SCALAR_MAX)
				return NULL;
			continue;
		}
		if (depth == 0)
			return p + 1;
	}
	return depth == 0 ? p : NULL;
}

/* Index the members of the object at line offset off; -1 when unsure. */
static int
memo_object(const struct record *r, size_t off, size_t end)
{
	struct record_memo *mo = r->memo;
	const char *p, *e = r->line + end, *k, *q;
	size_t i, first = mo->nmem;

	for (i = 0; i < mo->nobj; i++)
		if (mo->obj[i].off == off)
			return (int)i;
	if (mo->nobj == RECORD_MEMO_OBJ)
		return -1;
	p = skip_ws(r->line + off + 1, e);
	while (p < e && *p == '"') {
		k = p + 1;
		if ((q = memchr(k, '"', (size_t)(e - k))) == NULL)
			goto unsure;
		p = skip_ws(q + 1, e);
		if (p == e || *p != ':' || mo->nmem == RECORD_MEMO_MEM)
			goto unsure;
		p = skip_ws(p + 1, e);
		mo->mem[mo->nmem].key = (size_t)(k - r->line);
		mo->mem[mo->nmem].klen = (size_t)(q - k);
		mo->mem[mo->nmem].value = (size_t)(p - r->line);
		if (p == e || (p = skip_value(p, e)) == NULL)
			goto unsure;
		mo->mem[mo->nmem++].end = (size_t)(p - r->line);
		p = skip_ws(p, e);
		if (p < e && *p == ',')
			p = skip_ws(p + 1, e);
	}
	mo->obj[mo->nobj].off = off;
	mo->obj[mo->nobj].first = first;
	mo->obj[mo->nobj].n = mo->nmem - first;
	return (int)mo->nobj++;
unsure:
	mo->nmem = first;
	return -1;
}

/*
 * The value at rest (a dotted path) inside the top-level member first:
 * 0 and *out (NULL when absent), or -1 to leave it to the whole parse.
 */
static int
nested(const struct record *r, const char *first, const char *rest,
    const cJSON **out)
{
	struct record_memo *mo = r->memo;
	const struct ndjson_member *m;
	const char *dot;
	size_t off, end, n, i, j;
	cJSON *v;
	int o;

	*out = NULL;
	if (mo == NULL || r->shape == NULL || r->vals == NULL)
		return -1;
	if ((m = ndjson_member(r->shape, r->line, first)) == NULL)
		return 0;
	if (r->vals[m - r->shape->members] != NULL ||
	    memchr(r->line + m->value, '\\', m->end - m->value) != NULL)
		return -1;
	off = m->value;
	end = m->end;
	for (;;) {
		dot = strchr(rest, '.');
		n = dot != NULL ? (size_t)(dot - rest) : strlen(rest);
		if (dot != NULL && n >= 128)
			return 0;
		if (r->line[off] != '{')
			return 0;
		if ((o = memo_object(r, off, end)) == -1)
			return -1;
		for (i = 0, j = mo->obj[o].first; i < mo->obj[o].n; i++, j++)
			if (mo->mem[j].klen == n &&
			    memcmp(r->line + mo->mem[j].key, rest, n) == 0)
				break;
		if (i == mo->obj[o].n)
			return 0;
		off = mo->mem[j].value;
		end = mo->mem[j].end;
		if (dot == NULL)
			break;
		rest = dot + 1;
	}
	for (i = 0; i < mo->nval; i++)
		if (mo->val[i].off == off) {
			*out = mo->val[i].v;
			return 0;
		}
	if (mo->nval == RECORD_MEMO_VAL ||
	    (v = cJSON_ParseWithLength(r->line + off, end - off)) == NULL)
		return -1;
	mo->val[mo->nval].off = off;
	mo->val[mo->nval++].v = v;
	*out = v;
	return 0;
}

const cJSON *
record_get(const struct record *r, const char *path)
{
	const cJSON *node;
	const char *dot;
	char part[128];

	dot = strchr(path, '.');
	if (dot == NULL)
		return member(r, path);
	if ((size_t)(dot - path) >= sizeof(part))
		return NULL;
	memcpy(part, path, (size_t)(dot - path));
	part[dot - path] = '\0';
	if (nested(r, part, dot + 1, &node) == 0)
		return node;
	node = member(r, part);
	path = dot + 1;
	while (node != NULL && (dot = strchr(path, '.')) != NULL) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		node = cJSON_GetObjectItemCaseSensitive(node, part);
		path = dot + 1;
	}
	if (node == NULL || !cJSON_IsObject(node))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(node, path);
}

const char *
record_str(const struct record *r, const char *path)
{
	const cJSON *v = record_get(r, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double
record_num(const struct record *r, const char *path, double def)
{
	const cJSON *v = record_get(r, path);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

int
record_bool(const struct record *r, const char *path, int def)
{
	const cJSON *v = record_get(r, path);

	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsFalse(v))
		return 0;
	return def;
}

const char *
record_require_str(const struct record *r, const char *path,
    struct cs_error *err)
{
	const cJSON *v = record_get(r, path);

	if (v == NULL || cJSON_IsNull(v)) {
		cs_seterr(err, "missing field '%s'", path);
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		cs_seterr(err, "field '%s' is not a string", path);
		return NULL;
	}
	return v->valuestring;
}

int
record_require(const struct record *r, const char *const *paths,
    struct cs_error *err)
{
	const char *s;

	for (; paths != NULL && *paths != NULL; paths++) {
		if ((s = record_require_str(r, *paths, err)) == NULL)
			return -1;
		if (s[0] == '\0') {
			cs_seterr(err, "field '%s' is empty", *paths);
			return -1;
		}
	}
	return 0;
}

struct sink {
	FILE		*fp;
	struct buf	*b;
};

static void
put(struct sink *o, const char *p, size_t n)
{
	if (o->fp != NULL)
		fwrite(p, 1, n, o->fp);
	else
		buf_add(o->b, p, n);
}

static void
splice_keys(const struct record *r, const struct record_kv *kv, size_t n,
    struct sink *o)
{
	struct {
		size_t			 start, end;
		const struct record_kv	*kv;
	} rep[RECORD_MAX_KEYS];
	const struct record_kv *app[RECORD_MAX_KEYS];
	const struct ndjson_member *m;
	size_t nrep = 0, napp = 0, i, j, pos, close;
	int members;

	if (n > RECORD_MAX_KEYS)
		n = RECORD_MAX_KEYS;
	for (i = 0; i < n; i++) {
		if (kv[i].value == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(kv[j].key, kv[i].key) == 0)
				break;
		if (j < i)
			continue;
		m = r->shape != NULL ?
		    ndjson_member(r->shape, r->line, kv[i].key) : NULL;
		if (m == NULL) {
			app[napp++] = &kv[i];
			continue;
		}
		/* Replacements in line order. */
		for (j = nrep; j > 0 && rep[j - 1].start > m->value; j--)
			rep[j] = rep[j - 1];
		rep[j].start = m->value;
		rep[j].end = m->end;
		rep[j].kv = &kv[i];
		nrep++;
	}
	if (nrep == 0 && napp == 0) {
		put(o, r->line, r->len);
		return;
	}
	/* Trailing white space and a CR after the closing brace go. */
	close = r->shape != NULL ? r->shape->close : r->len - 1;
	pos = 0;
	for (i = 0; i < nrep; i++) {
		put(o, r->line + pos, rep[i].start - pos);
		put(o, rep[i].kv->value, rep[i].kv->vlen);
		pos = rep[i].end;
	}
	put(o, r->line + pos, close - pos);
	if (r->shape != NULL)
		members = r->shape->nmembers > 0;
	else
		members = r->root != NULL && r->root->child != NULL;
	for (i = 0; i < napp; i++) {
		if (members || i > 0)
			put(o, ",", 1);
		put(o, "\"", 1);
		put(o, app[i]->key, strlen(app[i]->key));
		put(o, "\":", 2);
		put(o, app[i]->value, app[i]->vlen);
	}
	put(o, r->line + close, 1);
}

int
record_emit_keys(const struct record *r, const struct record_kv *kv,
    size_t n, FILE *out)
{
	struct sink o = { out, NULL };

	splice_keys(r, kv, n, &o);
	putc('\n', out);
	return ferror(out) ? -1 : 0;
}

void
record_render_keys(const struct record *r, const struct record_kv *kv,
    size_t n, struct buf *b)
{
	struct sink o = { NULL, b };

	splice_keys(r, kv, n, &o);
}

int
record_emit(const struct record *r, const char *key, const char *value,
    size_t vlen, FILE *out)
{
	struct record_kv kv = { key, value, vlen };

	return record_emit_keys(r, &kv, 1, out);
}

void
record_render(const struct record *r, const char *key, const char *value,
    size_t vlen, struct buf *b)
{
	struct record_kv kv = { key, value, vlen };

	record_render_keys(r, &kv, 1, b);
}
