/*
 * classify_rules: phrase rules for categories and urgency cues, loaded
 * from JSON (the built-in lib/data/rules.json, then user files) and
 * compiled into a trie over word ids.
 *
 * A phrase is folded and cut into tokens exactly as messages are, so
 * "Dónde está mi pedido?" and "donde esta mi pedido" are the same rule.
 * Each token of a phrase becomes an id: an exact word, a prefix
 * ("reembols*") or any word ("*").  A message's tokens get their ids with
 * one hash look-up each, plus one per prefix length in use, and phrases
 * are found by walking the trie from every token.
 */
#include "compat.h"

#include <cjson/cJSON.h>

#include "classify.h"
#include "util.h"

#define RULES_MAXIDS	6	/* ids one token can have */
#define RULES_MAXWEIGHT	100
#define RULES_MAXNAME	32
#define ID_ANY		1

/* A filter on the first two bytes of a word, to skip prefix look-ups. */
#define FIRST2(w)	((unsigned)(unsigned char)(w)[0] << 8 | \
			    (unsigned char)(w)[1])
#define BIT_SET(a, i)	((a)[(i) >> 3] |= (uint8_t)(1 << ((i) & 7)))
#define BIT_ISSET(a, i)	((a)[(i) >> 3] & (1 << ((i) & 7)))

struct rule {
	char	*phrase;	/* as written, for messages */
	char	*key;		/* pattern: "where is my order", "refund*" */
	int	 cue;
	int	 target;	/* index into cats or cues */
	char	 lang[8];	/* "*" for every language */
	float	 weight;
	int	 dead;
};

struct rnode {
	uint32_t	pay, npay;
	int		anychild;	/* an edge for "*" leaves it */
	int		haschild;
};

/* The trie's edges: (node << 32 | word id) -> child; 0 is empty. */
struct redge {
	uint64_t	key;
	uint32_t	child;
};

struct rpay {
	int	cue;
	int	target;
	char	lang[8];
	float	weight;
};

struct classify_rules {
	char		*cats[CLASSIFY_MAX_CATS];	/* NULL: removed */
	size_t		 ncats;
	char		*cues[CLASSIFY_MAX_CUES];
	size_t		 ncues;
	struct rule	*rules;
	size_t		 nrules, caprules;

	/* The compiled matcher. */
	struct classify_map	 vocab, prefix;
	struct redge		*edges;
	size_t			 capedges, nedges;
	uint64_t		 prefixlens;	/* bit n: a prefix of n bytes */
	uint8_t			 pfx2[8192];	/* prefixes' first 2 bytes */
	struct rnode		*nodes;
	size_t			 nnodes, capnodes;
	struct rpay		*pay;
	size_t			 npay;

	/* A file's "order_patterns", until the engine takes them. */
	struct classify_orders	*orders;

	/* Scratch, reused for every message. */
	uint32_t		(*ids)[RULES_MAXIDS];
	uint8_t			*nids;
	size_t			 capids;
	struct classify_text	 tmp;
};

struct classify_rules *
classify_rules_new(void)
{
	struct classify_rules *r = xcalloc(1, sizeof(*r));

	classify_map_init(&r->vocab);
	classify_map_init(&r->prefix);
	classify_text_init(&r->tmp);
	return r;
}

static void
rules_uncompile(struct classify_rules *r)
{
	classify_map_release(&r->vocab);
	classify_map_release(&r->prefix);
	free(r->edges);
	r->edges = NULL;
	r->capedges = r->nedges = 0;
	free(r->nodes);
	free(r->pay);
	r->nodes = NULL;
	r->pay = NULL;
	r->nnodes = r->capnodes = r->npay = 0;
	r->prefixlens = 0;
	memset(r->pfx2, 0, sizeof(r->pfx2));
}

void
classify_rules_free(struct classify_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	rules_uncompile(r);
	for (i = 0; i < r->nrules; i++) {
		free(r->rules[i].phrase);
		free(r->rules[i].key);
	}
	for (i = 0; i < r->ncats; i++)
		free(r->cats[i]);
	for (i = 0; i < r->ncues; i++)
		free(r->cues[i]);
	free(r->rules);
	free(r->ids);
	free(r->nids);
	classify_orders_free(r->orders);
	classify_text_release(&r->tmp);
	free(r);
}

struct classify_orders *
classify_rules_take_orders(struct classify_rules *r)
{
	struct classify_orders *o = r->orders;

	r->orders = NULL;
	return o;
}

size_t
classify_rules_ncats(const struct classify_rules *r)
{
	return r->ncats + 1;
}

const char *
classify_rules_cat(const struct classify_rules *r, size_t i)
{
	return i < r->ncats ? r->cats[i] : "other";
}

size_t
classify_rules_ncues(const struct classify_rules *r)
{
	return r->ncues;
}

const char *
classify_rules_cue(const struct classify_rules *r, size_t i)
{
	return i < r->ncues ? r->cues[i] : NULL;
}

/*
 * Turn a phrase into its pattern key, tokens separated by blanks.
 * Returns the number of tokens, 0 for a phrase without words, -1 for one
 * that is too long.
 */
static int
phrase_key(struct classify_rules *r, const char *s, size_t len, struct buf *b)
{
	struct classify_text *t = &r->tmp;
	size_t i;
	int n = 0, words = 0;

	buf_reset(b);
	classify_text_scan(t, s, len, NULL, 0);
	for (i = 0; i < t->ntok; i++) {
		const struct classify_tok *k = &t->tok[i];
		const char *f = CTOK_STR(t, k);

		if (k->kind == CTOK_PUNCT) {
			if (k->len == 1 && (*f == '!' || *f == '?')) {
				/* kept as a word of its own */
			} else if (k->len == 1 && *f == '*') {
				if (n > 0)
					buf_addc(b, ' ');
				buf_addc(b, '*');
				n++;
				continue;
			} else
				continue;
		}
		if (n > 0)
			buf_addc(b, ' ');
		buf_add(b, f, k->len);
		n++;
		if (k->kind != CTOK_PUNCT)
			words++;
		/* "word*": a prefix. */
		if (k->kind != CTOK_PUNCT && i + 1 < t->ntok &&
		    t->tok[i + 1].kind == CTOK_PUNCT &&
		    t->tok[i + 1].len == 1 && CTOK_STR(t, &t->tok[i + 1])[0] ==
		    '*' && t->tok[i + 1].src == k->src + k->srclen) {
			buf_addc(b, '*');
			i++;
		}
	}
	if (words == 0)
		return 0;
	return n > CLASSIFY_MAX_PHRASE ? -1 : n;
}

static int
valid_name(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_'))
			return 0;
	return i > 0 && i <= RULES_MAXNAME;
}

static int
valid_lang(const char *s)
{
	size_t i;

	if (strcmp(s, "*") == 0)
		return 1;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return i >= 2 && i <= 3;
}

/* Operations collected from a file, applied only if all are valid. */
enum {
	OP_REPLACE,
	OP_DELETE,
	OP_GROUP,	/* make sure a category or cue exists */
	OP_SET
};

struct rop {
	int		 op;
	int		 cue;
	const char	*name;
	const char	*lang;
	const char	*phrase;
	char		*key;
	double		 weight;
};

struct ropset {
	struct rop	*op;
	size_t		 n, cap;
};

static struct rop *
op_add(struct ropset *o, int op, int cue, const char *name)
{
	struct rop *p;

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		o->op = xreallocarray(o->op, o->cap, sizeof(*o->op));
	}
	p = &o->op[o->n++];
	memset(p, 0, sizeof(*p));
	p->op = op;
	p->cue = cue;
	p->name = name;
	return p;
}

static void
ops_free(struct ropset *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->op[i].key);
	free(o->op);
}

/* Keys starting with '_' are comments, at any level. */
static int
is_comment(const cJSON *j)
{
	return j->string != NULL && j->string[0] == '_';
}

static int
parse_group(struct classify_rules *r, struct ropset *o, const cJSON *grp,
    int cue, const char *name, struct cs_error *err)
{
	const char *what = cue ? "cues" : "categories";
	const cJSON *lang, *ph;
	struct buf key;
	int n;

	for (grp = grp->child; grp != NULL; grp = grp->next) {
		if (is_comment(grp))
			continue;
		if (!valid_name(grp->string)) {
			cs_seterr(err, "%s: %s: bad name '%s' (use a-z, 0-9, "
			    "'-' and '_', up to %d)", name, what, grp->string,
			    RULES_MAXNAME);
			return -1;
		}
		if (!cue && strcmp(grp->string, "other") == 0) {
			cs_seterr(err, "%s: categories: 'other' is what no "
			    "rule matches and takes no phrases", name);
			return -1;
		}
		if (cJSON_IsNull(grp)) {
			op_add(o, OP_DELETE, cue, grp->string);
			continue;
		}
		if (!cJSON_IsObject(grp)) {
			cs_seterr(err, "%s: %s.%s: expected an object of "
			    "languages, or null", name, what, grp->string);
			return -1;
		}
		op_add(o, OP_GROUP, cue, grp->string);
		for (lang = grp->child; lang != NULL; lang = lang->next) {
			if (is_comment(lang))
				continue;
			if (!valid_lang(lang->string)) {
				cs_seterr(err, "%s: %s.%s: bad language '%s' "
				    "(a two- or three-letter code, or \"*\")",
				    name, what, grp->string, lang->string);
				return -1;
			}
			if (!cJSON_IsObject(lang)) {
				cs_seterr(err, "%s: %s.%s.%s: expected an "
				    "object of phrases and weights", name, what,
				    grp->string, lang->string);
				return -1;
			}
			for (ph = lang->child; ph != NULL; ph = ph->next) {
				struct rop *p;

				if (is_comment(ph))
					continue;
				if (!cJSON_IsNumber(ph) ||
				    ph->valuedouble < 0 ||
				    ph->valuedouble > RULES_MAXWEIGHT) {
					cs_seterr(err, "%s: %s.%s.%s: weight "
					    "of '%s' must be a number from 0 "
					    "to %d", name, what, grp->string,
					    lang->string, ph->string,
					    RULES_MAXWEIGHT);
					return -1;
				}
				buf_init(&key);
				n = phrase_key(r, ph->string,
				    strlen(ph->string), &key);
				if (n <= 0) {
					cs_seterr(err, "%s: %s.%s.%s: phrase "
					    "'%s' %s", name, what, grp->string,
					    lang->string, ph->string, n == 0 ?
					    "has no words" :
					    "has more than 8 words");
					buf_release(&key);
					return -1;
				}
				p = op_add(o, OP_SET, cue, grp->string);
				p->lang = lang->string;
				p->phrase = ph->string;
				p->key = key.s;
				p->weight = ph->valuedouble;
			}
		}
	}
	return 0;
}

static int
group_index(struct classify_rules *r, int cue, const char *name)
{
	char **names = cue ? r->cues : r->cats;
	size_t i, n = cue ? r->ncues : r->ncats;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* Apply the operations; none can fail once they have been counted. */
static void
apply(struct classify_rules *r, const struct ropset *o)
{
	struct classify_map idx;
	struct buf k;
	size_t i, j;
	int map[CLASSIFY_MAX_CATS > CLASSIFY_MAX_CUES ?
	    CLASSIFY_MAX_CATS : CLASSIFY_MAX_CUES], cue;

	classify_map_init(&idx);
	buf_init(&k);
#define RULE_ID(cue, target, lang, key) do {				\
	buf_reset(&k);							\
	buf_printf(&k, "%d %d %s %s", (cue), (target), (lang), (key));	\
} while (0)
	for (i = 0; i < r->nrules; i++) {
		RULE_ID(r->rules[i].cue, r->rules[i].target,
		    r->rules[i].lang, r->rules[i].key);
		*classify_map_put(&idx, k.s, k.len) = (uint32_t)i;
	}
	for (i = 0; i < o->n; i++) {
		const struct rop *p = &o->op[i];
		char **names = p->cue ? r->cues : r->cats;
		size_t *n = p->cue ? &r->ncues : &r->ncats;
		uint32_t *v;
		int g;

		switch (p->op) {
		case OP_REPLACE:
			for (j = 0; j < r->nrules; j++)
				r->rules[j].dead = 1;
			for (j = 0; j < r->ncats; j++) {
				free(r->cats[j]);
				r->cats[j] = NULL;
			}
			for (j = 0; j < r->ncues; j++) {
				free(r->cues[j]);
				r->cues[j] = NULL;
			}
			break;
		case OP_DELETE:
			if ((g = group_index(r, p->cue, p->name)) < 0)
				break;
			free(names[g]);
			names[g] = NULL;
			for (j = 0; j < r->nrules; j++)
				if (r->rules[j].cue == p->cue &&
				    r->rules[j].target == g)
					r->rules[j].dead = 1;
			break;
		case OP_GROUP:
			if (group_index(r, p->cue, p->name) < 0)
				names[(*n)++] = xstrdup(p->name);
			break;
		case OP_SET:
			g = group_index(r, p->cue, p->name);
			RULE_ID(p->cue, g, p->lang, p->key);
			v = classify_map_put(&idx, k.s, k.len);
			if (*v != CLASSIFY_MAP_NONE &&
			    !r->rules[*v].dead) {
				r->rules[*v].weight = (float)p->weight;
				if (p->weight == 0)
					r->rules[*v].dead = 1;
				break;
			}
			if (p->weight == 0)
				break;
			if (r->nrules == r->caprules) {
				r->caprules = r->caprules ?
				    r->caprules * 2 : 1024;
				r->rules = xreallocarray(r->rules,
				    r->caprules, sizeof(*r->rules));
			}
			*v = (uint32_t)r->nrules;
			r->rules[r->nrules].phrase = xstrdup(p->phrase);
			r->rules[r->nrules].key = xstrdup(p->key);
			r->rules[r->nrules].cue = p->cue;
			r->rules[r->nrules].target = g;
			strlcpy(r->rules[r->nrules].lang, p->lang,
			    sizeof(r->rules[0].lang));
			r->rules[r->nrules].weight = (float)p->weight;
			r->rules[r->nrules].dead = 0;
			r->nrules++;
			break;
		}
	}
#undef RULE_ID
	classify_map_release(&idx);
	buf_release(&k);

	/* Close the gaps left by removed groups and rules. */
	for (cue = 0; cue < 2; cue++) {
		char **names = cue ? r->cues : r->cats;
		size_t *n = cue ? &r->ncues : &r->ncats, m = 0;

		for (j = 0; j < *n; j++) {
			map[j] = names[j] != NULL ? (int)m : -1;
			if (names[j] != NULL)
				names[m++] = names[j];
		}
		*n = m;
		for (j = 0; j < r->nrules; j++)
			if (r->rules[j].cue == cue && !r->rules[j].dead)
				r->rules[j].target = map[r->rules[j].target];
	}
	for (i = j = 0; i < r->nrules; i++) {
		if (r->rules[i].dead) {
			free(r->rules[i].phrase);
			free(r->rules[i].key);
			continue;
		}
		r->rules[j++] = r->rules[i];
	}
	r->nrules = j;
}

/*
 * "order_patterns": a list of strings, compiled (and so checked) before
 * anything changes.
 */
static int
parse_orders(const cJSON *j, struct classify_orders **out, const char *name,
    struct cs_error *err)
{
	const char *v[CLASSIFY_ORDER_MAX + 1];
	const cJSON *x;
	struct cs_error e;
	size_t n = 0;

	if (!cJSON_IsArray(j))
		goto bad;
	cJSON_ArrayForEach(x, j) {
		if (!cJSON_IsString(x))
			goto bad;
		/* One too many is enough for classify_orders_new to say so. */
		if (n < CS_NELEM(v))
			v[n++] = x->valuestring;
	}
	if ((*out = classify_orders_new(v, n, &e)) == NULL) {
		cs_seterr(err, "%s: %s", name, e.msg);
		return -1;
	}
	return 0;
bad:
	cs_seterr(err, "%s: order_patterns: expected a list of strings", name);
	return -1;
}

/* Would the groups fit?  Counted before anything changes. */
static int
check_limits(const struct classify_rules *r, const struct ropset *o,
    const char *name, struct cs_error *err)
{
	size_t i, j, ncats = r->ncats, ncues = r->ncues;

	for (i = 0; i < o->n; i++) {
		const struct rop *p = &o->op[i];
		int seen = 0;

		if (p->op == OP_REPLACE) {
			ncats = ncues = 0;
			continue;
		}
		if (p->op != OP_GROUP ||
		    group_index((struct classify_rules *)r, p->cue, p->name) >=
		    0)
			continue;
		for (j = 0; j < i; j++)
			if (o->op[j].op == OP_GROUP &&
			    o->op[j].cue == p->cue &&
			    strcmp(o->op[j].name, p->name) == 0)
				seen = 1;
		if (seen)
			continue;
		if (p->cue && ++ncues > CLASSIFY_MAX_CUES) {
			cs_seterr(err, "%s: more than %d cues", name,
			    CLASSIFY_MAX_CUES);
			return -1;
		}
		if (!p->cue && ++ncats > CLASSIFY_MAX_CATS - 1) {
			cs_seterr(err, "%s: more than %d categories", name,
			    CLASSIFY_MAX_CATS - 1);
			return -1;
		}
	}
	return 0;
}

int
classify_rules_load(struct classify_rules *r, const char *text, size_t len,
    const char *name, struct cs_error *err)
{
	const char *end = NULL, *p;
	cJSON *root;
	const cJSON *j;
	struct ropset o = { NULL, 0, 0 };
	struct classify_orders *orders = NULL;
	int rc = -1, haveorders = 0;

	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root == NULL) {
		size_t line = 1, col = 1;

		if (end == NULL || end < text || end > text + len)
			end = text;
		for (p = text; p < end; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else
				col++;
		}
		cs_seterr(err, "%s: invalid JSON at line %zu, column %zu",
		    name, line, col);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		cs_seterr(err, "%s: expected a JSON object", name);
		goto out;
	}
	/* "replace" first, wherever it is written. */
	j = cJSON_GetObjectItemCaseSensitive(root, "replace");
	if (j != NULL) {
		if (!cJSON_IsBool(j)) {
			cs_seterr(err, "%s: replace: expected true or false",
			    name);
			goto out;
		}
		if (cJSON_IsTrue(j))
			op_add(&o, OP_REPLACE, 0, NULL);
	}
	for (j = root->child; j != NULL; j = j->next) {
		int cue;

		if (is_comment(j) || strcmp(j->string, "replace") == 0)
			continue;
		if (strcmp(j->string, "order_patterns") == 0) {
			/* The last one counts, as with any other key. */
			classify_orders_free(orders);
			orders = NULL;
			if (parse_orders(j, &orders, name, err) == -1)
				goto out;
			haveorders = 1;
			continue;
		}
		if (strcmp(j->string, "categories") == 0)
			cue = 0;
		else if (strcmp(j->string, "cues") == 0)
			cue = 1;
		else {
			cs_seterr(err, "%s: unknown key '%s' (expected "
			    "categories, cues, order_patterns or replace)",
			    name, j->string);
			goto out;
		}
		if (!cJSON_IsObject(j)) {
			cs_seterr(err, "%s: %s: expected an object", name,
			    j->string);
			goto out;
		}
		if (parse_group(r, &o, j, cue, name, err) == -1)
			goto out;
	}
	if (check_limits(r, &o, name, err) == -1)
		goto out;
	apply(r, &o);
	rules_uncompile(r);
	if (haveorders) {
		classify_orders_free(r->orders);
		r->orders = orders;
		orders = NULL;
	}
	rc = 0;
out:
	classify_orders_free(orders);
	ops_free(&o);
	cJSON_Delete(root);
	return rc;
}

static uint32_t
word_id(struct classify_rules *r, const char *w, size_t len, uint32_t *next)
{
	uint32_t *v;

	if (len == 1 && *w == '*')
		return ID_ANY;
	if (len > 1 && w[len - 1] == '*') {
		len--;
		if (len < 64)
			r->prefixlens |= (uint64_t)1 << len;
		if (len >= 2)
			BIT_SET(r->pfx2, FIRST2(w));
		else
			memset(r->pfx2, 0xff, sizeof(r->pfx2));
		v = classify_map_put(&r->prefix, w, len);
	} else
		v = classify_map_put(&r->vocab, w, len);
	if (*v == CLASSIFY_MAP_NONE)
		*v = (*next)++;
	return *v;
}

static uint32_t
node_new(struct classify_rules *r)
{
	if (r->nnodes == r->capnodes) {
		r->capnodes = r->capnodes ? r->capnodes * 2 : 1024;
		r->nodes = xreallocarray(r->nodes, r->capnodes,
		    sizeof(*r->nodes));
	}
	r->nodes[r->nnodes].pay = r->nodes[r->nnodes].npay = 0;
	r->nodes[r->nnodes].anychild = 0;
	r->nodes[r->nnodes].haschild = 0;
	return (uint32_t)r->nnodes++;
}

static size_t
edge_slot(uint64_t key, size_t cap)
{
	/* Fibonacci hashing spreads the (node, id) pairs well. */
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & (cap - 1);
}

static uint32_t
edge_get(const struct classify_rules *r, uint32_t node, uint32_t id)
{
	uint64_t key = (uint64_t)node << 32 | id;
	size_t j;

	for (j = edge_slot(key, r->capedges); r->edges[j].key != 0;
	    j = (j + 1) & (r->capedges - 1))
		if (r->edges[j].key == key)
			return r->edges[j].child;
	return CLASSIFY_MAP_NONE;
}

/* The child of node by id, made if new. */
static uint32_t
edge_put(struct classify_rules *r, uint32_t node, uint32_t id)
{
	uint64_t key = (uint64_t)node << 32 | id;
	size_t j, i;

	if ((r->nedges + 1) * 2 > r->capedges) {
		struct redge *old = r->edges;
		size_t oldcap = r->capedges;

		r->capedges = oldcap ? oldcap * 2 : 1024;
		r->edges = xcalloc(r->capedges, sizeof(*r->edges));
		for (i = 0; i < oldcap; i++) {
			if (old[i].key == 0)
				continue;
			for (j = edge_slot(old[i].key, r->capedges);
			    r->edges[j].key != 0;
			    j = (j + 1) & (r->capedges - 1))
				continue;
			r->edges[j] = old[i];
		}
		free(old);
	}
	for (j = edge_slot(key, r->capedges); r->edges[j].key != 0;
	    j = (j + 1) & (r->capedges - 1))
		if (r->edges[j].key == key)
			return r->edges[j].child;
	r->edges[j].key = key;
	r->edges[j].child = node_new(r);
	r->nodes[node].haschild = 1;
	r->nedges++;
	if (id == ID_ANY)
		r->nodes[node].anychild = 1;
	return r->edges[j].child;
}

struct leaf {
	uint32_t	node;
	size_t		rule;
};

static int
leaf_cmp(const void *a, const void *b)
{
	const struct leaf *x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

void
classify_rules_compile(struct classify_rules *r)
{
	struct leaf *leaf;
	uint32_t next = ID_ANY + 1;
	size_t i;

	rules_uncompile(r);
	(void)node_new(r);	/* the root */
	r->capedges = 1024;
	r->edges = xcalloc(r->capedges, sizeof(*r->edges));
	leaf = xreallocarray(NULL, r->nrules, sizeof(*leaf));
	for (i = 0; i < r->nrules; i++) {
		const char *s = r->rules[i].key, *e;
		uint32_t node = 0;

		for (; *s != '\0'; s = *e ? e + 1 : e) {
			uint32_t id;

			if ((e = strchr(s, ' ')) == NULL)
				e = s + strlen(s);
			id = word_id(r, s, (size_t)(e - s), &next);
			node = edge_put(r, node, id);
		}
		leaf[i].node = node;
		leaf[i].rule = i;
	}
	qsort(leaf, r->nrules, sizeof(*leaf), leaf_cmp);
	r->pay = xreallocarray(NULL, r->nrules, sizeof(*r->pay));
	for (i = 0; i < r->nrules; i++) {
		const struct rule *ru = &r->rules[leaf[i].rule];
		struct rnode *nd = &r->nodes[leaf[i].node];

		if (nd->npay == 0)
			nd->pay = (uint32_t)i;
		nd->npay++;
		r->pay[i].cue = ru->cue;
		r->pay[i].target = ru->target;
		r->pay[i].weight = ru->weight;
		strlcpy(r->pay[i].lang, ru->lang, sizeof(r->pay[i].lang));
	}
	r->npay = r->nrules;
	free(leaf);
}

static void
walk(const struct classify_rules *r, const struct classify_text *t,
    uint32_t node, size_t i, const char *lang, double *cat, double *cue)
{
	size_t j;
	uint32_t p;

	for (j = 0; j < r->nids[i]; j++) {
		uint32_t child, id = r->ids[i][j];
		const struct rnode *nd;

		if (id == ID_ANY && !r->nodes[node].anychild)
			continue;
		if ((child = edge_get(r, node, id)) == CLASSIFY_MAP_NONE)
			continue;
		nd = &r->nodes[child];
		for (p = nd->pay; p < nd->pay + nd->npay; p++) {
			const struct rpay *y = &r->pay[p];
			double w = y->weight;

			if (!(y->lang[0] == '*' || strcmp(y->lang, lang) == 0))
				w *= 0.5;
			if (y->cue)
				cue[y->target] += w;
			else
				cat[y->target] += w;
		}
		if (nd->haschild && i + 1 < t->ntok)
			walk(r, t, child, i + 1, lang, cat, cue);
	}
}

void
classify_rules_match(struct classify_rules *r, const struct classify_text *t,
    const char *lang, double *cat, double *cue)
{
	size_t i, len;

	memset(cat, 0, sizeof(*cat) * CLASSIFY_MAX_CATS);
	memset(cue, 0, sizeof(*cue) * CLASSIFY_MAX_CUES);
	if (r->nnodes == 0)
		classify_rules_compile(r);
	if (t->ntok > r->capids) {
		r->capids = t->ntok + 64;
		r->ids = xreallocarray(r->ids, r->capids, sizeof(*r->ids));
		r->nids = xreallocarray(r->nids, r->capids, 1);
	}
	for (i = 0; i < t->ntok; i++) {
		const struct classify_tok *k = &t->tok[i];
		const char *w = CTOK_STR(t, k);
		uint32_t v;
		uint8_t n = 0;

		v = classify_map_get(&r->vocab, w, k->len, k->hash);
		if (v != CLASSIFY_MAP_NONE)
			r->ids[i][n++] = v;
		if (k->kind == CTOK_WORD || k->kind == CTOK_NUM) {
			uint64_t m = k->len >= 2 && BIT_ISSET(r->pfx2,
			    FIRST2(w)) ? r->prefixlens : 0;

			for (len = 1; len <= k->len && len < 64 &&
			    n < RULES_MAXIDS - 1; len++) {
				if (!(m & ((uint64_t)1 << len)))
					continue;
				v = classify_map_get(&r->prefix, w, len,
				    classify_hash(w, len));
				if (v != CLASSIFY_MAP_NONE)
					r->ids[i][n++] = v;
			}
			r->ids[i][n++] = ID_ANY;
		}
		r->nids[i] = n;
	}
	for (i = 0; i < t->ntok; i++)
		if (r->nids[i] > 0)
			walk(r, t, 0, i, lang, cat, cue);
}
