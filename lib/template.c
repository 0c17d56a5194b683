/*
 * template: loading, validation, merging and rendering of reply
 * templates.  See template.h.
 */
#include "compat.h"

#include <cjson/cJSON.h>
#include <utf8proc.h>

#include "data.h"
#include "template.h"
#include "template_lint.h"

static const char *const template_names[TEMPLATE_NVARS] = {
	"handle",
	"name",
	"agent",
	"order_id",
	"tracking",
	"carrier",
	"tracking_url"
};

void
template_init(struct template_set *s)
{
	memset(s, 0, sizeof(*s));
}

static void
variant_release(struct template_variant *v)
{
	free(v->name);
	free(v->text);
	free(v->piece);
	memset(v, 0, sizeof(*v));
}

static void
list_release(struct template_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		variant_release(&l->v[i]);
	free(l->v);
	free(l->category);
	free(l->lang);
	memset(l, 0, sizeof(*l));
}

static void
carrier_release(struct template_carrier *c)
{
	free(c->key);
	free(c->name);
	variant_release(&c->url);
	memset(c, 0, sizeof(*c));
}

void
template_release(struct template_set *s)
{
	size_t i;

	for (i = 0; i < s->nlist; i++)
		list_release(&s->list[i]);
	for (i = 0; i < s->ncarrier; i++)
		carrier_release(&s->carrier[i]);
	for (i = 0; i < s->nsig; i++) {
		free(s->sig[i].lang);
		free(s->sig[i].text);
	}
	free(s->list);
	free(s->carrier);
	free(s->sig);
	template_init(s);
}

int
template_var(const char *name, size_t len)
{
	int i;

	for (i = 0; i < TEMPLATE_NVARS; i++)
		if (strlen(template_names[i]) == len &&
		    memcmp(template_names[i], name, len) == 0)
			return i;
	return -1;
}

const char *
template_var_name(int v)
{
	if (v < 0 || v >= TEMPLATE_NVARS)
		return "?";
	return template_names[v];
}

/*
 * Copy at most 40 bytes of s into out for a message, with anything but
 * printable ASCII shown as '?': names in messages come from files.
 */
static const char *
shown(const char *s, size_t len, char *out, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 4 < size && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];

		out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (i < len && n + 4 < size) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* Code points a template text must not hold. */
static int
forbidden(int32_t c, int newline_ok)
{
	if (c == '\n')
		return !newline_ok;
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return 1;
	/* Bidirectional controls reorder what readers see. */
	if (c == 0x061c || c == 0x200e || c == 0x200f ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return 1;
	/* X rejects a post with these; line separators break lines. */
	return c == 0xfeff || c == 0xfffe || c == 0xffff || c == 0x2028 ||
	    c == 0x2029;
}

/* Check that s is valid UTF-8 without forbidden characters. */
static int
clean_text(const char *s, int newline_ok, const char **why)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s), n;
	utf8proc_int32_t c;

	while (left > 0) {
		n = utf8proc_iterate(p, left, &c);
		if (n < 0) {
			*why = "invalid UTF-8";
			return -1;
		}
		if (forbidden(c, newline_ok)) {
			*why = "a control or bidirectional character";
			return -1;
		}
		p += n;
		left -= n;
	}
	return 0;
}

static void
add_piece(struct template_variant *v, int var, size_t off, size_t len)
{
	if (var < 0 && len == 0)
		return;
	v->piece = xreallocarray(v->piece, v->npiece + 1, sizeof(*v->piece));
	v->piece[v->npiece].var = var;
	v->piece[v->npiece].off = off;
	v->piece[v->npiece].len = len;
	v->npiece++;
	if (var >= 0)
		v->needs |= TEMPLATE_BIT(var);
}

/*
 * Compile v->text into pieces.  what names the text in messages
 * ("template shipping.es.2"); allowed is the set of variables it may use.
 */
static int
compile(struct template_variant *v, const char *what, unsigned allowed,
    const char *allowed_why, struct cs_error *err)
{
	const char *t = v->text, *p = t, *open, *close, *a, *b;
	const char *why;
	char show[64];
	int var;

	if (*t == '\0') {
		cs_seterr(err, "%s: empty text", what);
		return -1;
	}
	if (strlen(t) > TEMPLATE_MAX_TEXT) {
		cs_seterr(err, "%s: text longer than %d bytes", what,
		    TEMPLATE_MAX_TEXT);
		return -1;
	}
	if (clean_text(t, 1, &why) == -1) {
		cs_seterr(err, "%s: %s in the text", what, why);
		return -1;
	}
	while ((open = strstr(p, "{{")) != NULL) {
		close = strstr(open + 2, "}}");
		if (close == NULL) {
			cs_seterr(err, "%s: unterminated '{{'", what);
			return -1;
		}
		a = open + 2;
		b = close;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		var = template_var(a, (size_t)(b - a));
		if (var < 0) {
			shown(open + 2, (size_t)(close - open - 2), show,
			    sizeof(show));
			cs_seterr(err, "%s: unknown variable '{{%s}}'", what,
			    show);
			return -1;
		}
		if ((allowed & TEMPLATE_BIT(var)) == 0) {
			cs_seterr(err, "%s: variable '{{%s}}' not allowed %s",
			    what, template_names[var], allowed_why);
			return -1;
		}
		add_piece(v, -1, (size_t)(p - t), (size_t)(open - p));
		add_piece(v, var, 0, 0);
		p = close + 2;
	}
	add_piece(v, -1, (size_t)(p - t), strlen(p));
	return 0;
}

/* A category name: [a-z0-9_-], 1 to TEMPLATE_MAX_NAME bytes. */
static int
good_category(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > TEMPLATE_MAX_NAME)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* A language: two or three ASCII letters, returned in lower case. */
static int
good_lang(const char *s, char out[4])
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			return 0;
		out[i] = c;
	}
	out[n] = '\0';
	return 1;
}

/* Fold a carrier name to lower-case ASCII letters and digits. */
static size_t
fold_carrier(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < size; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

static int
parse_variant(const cJSON *item, const char *cat, const char *lang,
    size_t idx, struct template_variant *v, struct cs_error *err)
{
	const cJSON *m;
	const char *text = NULL;
	char what[128], show[64];

	memset(v, 0, sizeof(*v));
	v->name = xasprintf("%s.%s.%zu", cat, lang, idx + 1);
	snprintf(what, sizeof(what), "template %s", v->name);
	if (cJSON_IsString(item))
		text = item->valuestring;
	else if (cJSON_IsObject(item)) {
		cJSON_ArrayForEach(m, item) {
			const char *k = m->string;

			if (strcmp(k, "text") == 0 && cJSON_IsString(m))
				text = m->valuestring;
			else if (strcmp(k, "resolves") == 0 &&
			    cJSON_IsBool(m)) {
				if (cJSON_IsTrue(m))
					v->flags |= TEMPLATE_RESOLVES;
			} else if (strcmp(k, "dm") == 0 && cJSON_IsBool(m)) {
				if (cJSON_IsTrue(m))
					v->flags |= TEMPLATE_DM;
			} else if (strcmp(k, "note") == 0 &&
			    cJSON_IsString(m))
				continue;
			else if (strcmp(k, "text") == 0 ||
			    strcmp(k, "note") == 0) {
				cs_seterr(err, "%s: '%s' must be a string",
				    what, k);
				return -1;
			} else if (strcmp(k, "resolves") == 0 ||
			    strcmp(k, "dm") == 0) {
				cs_seterr(err, "%s: '%s' must be true or "
				    "false", what, k);
				return -1;
			} else {
				cs_seterr(err, "%s: unknown key '%s'", what,
				    shown(k, strlen(k), show, sizeof(show)));
				return -1;
			}
		}
		if (text == NULL) {
			cs_seterr(err, "%s: missing 'text'", what);
			return -1;
		}
	} else {
		cs_seterr(err, "%s: not a string or an object", what);
		return -1;
	}
	v->text = xstrdup(text);
	if (strcmp(cat, TEMPLATE_CAT_PII) == 0) {
		if (compile(v, what, TEMPLATE_PII_VARS,
		    "in a pii template", err) == -1)
			return -1;
	} else if (compile(v, what, ~0U, "", err) == -1)
		return -1;
	if ((v->needs & TEMPLATE_BIT(TEMPLATE_AGENT)) == 0) {
		cs_seterr(err, "%s: no '{{agent}}' signature", what);
		return -1;
	}
	return 0;
}

/* Replace or add l (moved into s); an empty list removes one. */
static void
put_list(struct template_set *s, struct template_list *l)
{
	size_t i;

	for (i = 0; i < s->nlist; i++) {
		if (strcmp(s->list[i].category, l->category) != 0 ||
		    strcmp(s->list[i].lang, l->lang) != 0)
			continue;
		list_release(&s->list[i]);
		if (l->n == 0) {
			list_release(l);
			s->list[i] = s->list[--s->nlist];
		} else
			s->list[i] = *l;
		return;
	}
	if (l->n == 0) {
		list_release(l);
		return;
	}
	s->list = xreallocarray(s->list, s->nlist + 1, sizeof(*s->list));
	s->list[s->nlist++] = *l;
}

/* Replace or add c (moved into s); one without a name removes one. */
static void
put_carrier(struct template_set *s, struct template_carrier *c)
{
	size_t i;

	for (i = 0; i < s->ncarrier; i++) {
		if (strcmp(s->carrier[i].key, c->key) != 0)
			continue;
		carrier_release(&s->carrier[i]);
		if (c->name == NULL) {
			carrier_release(c);
			s->carrier[i] = s->carrier[--s->ncarrier];
		} else
			s->carrier[i] = *c;
		return;
	}
	if (c->name == NULL) {
		carrier_release(c);
		return;
	}
	s->carrier = xreallocarray(s->carrier, s->ncarrier + 1,
	    sizeof(*s->carrier));
	s->carrier[s->ncarrier++] = *c;
}

static void
put_sig(struct template_set *s, const char *lang, const char *text)
{
	size_t i;

	for (i = 0; i < s->nsig; i++) {
		if (strcmp(s->sig[i].lang, lang) == 0) {
			free(s->sig[i].text);
			s->sig[i].text = xstrdup(text);
			return;
		}
	}
	s->sig = xreallocarray(s->sig, s->nsig + 1, sizeof(*s->sig));
	s->sig[s->nsig].lang = xstrdup(lang);
	s->sig[s->nsig].text = xstrdup(text);
	s->nsig++;
}

/* A signature or carrier name: one clean line of limited length. */
static int
check_label(const char *s, const char *what, struct cs_error *err)
{
	const char *why;

	if (*s == '\0') {
		cs_seterr(err, "%s: empty", what);
		return -1;
	}
	if (strlen(s) > TEMPLATE_MAX_LABEL) {
		cs_seterr(err, "%s: longer than %d bytes", what,
		    TEMPLATE_MAX_LABEL);
		return -1;
	}
	if (clean_text(s, 0, &why) == -1) {
		cs_seterr(err, "%s: %s", what, why);
		return -1;
	}
	return 0;
}

static int
parse_signatures(struct template_set *tmp, const cJSON *obj,
    struct cs_error *err)
{
	const cJSON *m;
	char lang[4], what[96], show[64];

	if (!cJSON_IsObject(obj)) {
		cs_seterr(err, "'signatures' must be an object");
		return -1;
	}
	cJSON_ArrayForEach(m, obj) {
		if (!good_lang(m->string, lang)) {
			cs_seterr(err, "signatures: bad language '%s'",
			    shown(m->string, strlen(m->string), show,
			    sizeof(show)));
			return -1;
		}
		snprintf(what, sizeof(what), "signature %s", lang);
		if (!cJSON_IsString(m)) {
			cs_seterr(err, "%s: not a string", what);
			return -1;
		}
		if (check_label(m->valuestring, what, err) == -1)
			return -1;
		put_sig(tmp, lang, m->valuestring);
	}
	return 0;
}

static int
parse_carrier(const cJSON *m, struct template_carrier *c,
    struct cs_error *err)
{
	const cJSON *f;
	const char *name = NULL, *url = NULL, *p;
	char key[TEMPLATE_MAX_NAME + 1], what[96], show[64];

	memset(c, 0, sizeof(*c));
	if (fold_carrier(m->string, key, sizeof(key)) == 0) {
		cs_seterr(err, "carriers: bad carrier name '%s'",
		    shown(m->string, strlen(m->string), show, sizeof(show)));
		return -1;
	}
	c->key = xstrdup(key);
	snprintf(what, sizeof(what), "carrier %s", key);
	if (cJSON_IsNull(m))
		return 0;
	if (!cJSON_IsObject(m)) {
		cs_seterr(err, "%s: not an object or null", what);
		return -1;
	}
	cJSON_ArrayForEach(f, m) {
		if (strcmp(f->string, "name") == 0 && cJSON_IsString(f))
			name = f->valuestring;
		else if (strcmp(f->string, "url") == 0 && cJSON_IsString(f))
			url = f->valuestring;
		else if (strcmp(f->string, "note") == 0 && cJSON_IsString(f))
			continue;
		else {
			cs_seterr(err, "%s: unknown key or bad value '%s'",
			    what, shown(f->string, strlen(f->string), show,
			    sizeof(show)));
			return -1;
		}
	}
	if (name == NULL || url == NULL) {
		cs_seterr(err, "%s: needs 'name' and 'url'", what);
		return -1;
	}
	if (check_label(name, what, err) == -1)
		return -1;
	if (strncmp(url, "https://", 8) != 0 || strlen(url) > 512) {
		cs_seterr(err, "%s: url must start with https:// and be "
		    "at most 512 bytes", what);
		return -1;
	}
	for (p = url; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			cs_seterr(err, "%s: url must be printable ASCII "
			    "without spaces", what);
			return -1;
		}
	}
	c->name = xstrdup(name);
	c->url.name = xstrdup(what);
	c->url.text = xstrdup(url);
	if (compile(&c->url, what, TEMPLATE_BIT(TEMPLATE_TRACKING),
	    "in a tracking url", err) == -1)
		return -1;
	if (c->url.needs == 0) {
		cs_seterr(err, "%s: url does not use '{{tracking}}'", what);
		return -1;
	}
	return 0;
}

static int
parse_carriers(struct template_set *tmp, const cJSON *obj,
    struct cs_error *err)
{
	const cJSON *m;
	struct template_carrier c;

	if (!cJSON_IsObject(obj)) {
		cs_seterr(err, "'carriers' must be an object");
		return -1;
	}
	cJSON_ArrayForEach(m, obj) {
		if (parse_carrier(m, &c, err) == -1) {
			carrier_release(&c);
			return -1;
		}
		/*
		 * A removal must survive into the merge, so keep it in tmp
		 * under its key even without a name.
		 */
		tmp->carrier = xreallocarray(tmp->carrier, tmp->ncarrier + 1,
		    sizeof(*tmp->carrier));
		tmp->carrier[tmp->ncarrier++] = c;
	}
	return 0;
}

static int
parse_list(struct template_list *l, const cJSON *arr, struct cs_error *err)
{
	const cJSON *item;
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;

	if (n > TEMPLATE_MAX_VARIANTS) {
		cs_seterr(err, "templates %s.%s: more than %d variants",
		    l->category, l->lang, TEMPLATE_MAX_VARIANTS);
		return -1;
	}
	l->v = xcalloc(n, sizeof(*l->v));
	cJSON_ArrayForEach(item, arr) {
		/* Count each variant as it is made, so release frees it. */
		l->n = i + 1;
		if (parse_variant(item, l->category, l->lang, i, &l->v[i],
		    err) == -1)
			return -1;
		i++;
	}
	return 0;
}

static int
parse_templates(struct template_set *tmp, const cJSON *obj,
    struct cs_error *err)
{
	const cJSON *cat, *lang;
	struct template_list l;
	char code[4], show[64];

	if (!cJSON_IsObject(obj)) {
		cs_seterr(err, "'templates' must be an object");
		return -1;
	}
	cJSON_ArrayForEach(cat, obj) {
		if (!good_category(cat->string)) {
			cs_seterr(err, "bad category name '%s' (use a-z, "
			    "0-9, '_' and '-')", shown(cat->string,
			    strlen(cat->string), show, sizeof(show)));
			return -1;
		}
		if (!cJSON_IsObject(cat)) {
			cs_seterr(err, "templates %s: not an object of "
			    "languages", cat->string);
			return -1;
		}
		cJSON_ArrayForEach(lang, cat) {
			if (!good_lang(lang->string, code)) {
				cs_seterr(err, "templates %s: bad language "
				    "'%s' (use a two- or three-letter code)",
				    cat->string, shown(lang->string,
				    strlen(lang->string), show,
				    sizeof(show)));
				return -1;
			}
			if (!cJSON_IsArray(lang)) {
				cs_seterr(err, "templates %s.%s: not a list",
				    cat->string, code);
				return -1;
			}
			memset(&l, 0, sizeof(l));
			l.category = xstrdup(cat->string);
			l.lang = xstrdup(code);
			if (parse_list(&l, lang, err) == -1) {
				list_release(&l);
				return -1;
			}
			/*
			 * An empty list must reach the merge to remove the
			 * one it replaces, so keep it as it is.
			 */
			tmp->list = xreallocarray(tmp->list, tmp->nlist + 1,
			    sizeof(*tmp->list));
			tmp->list[tmp->nlist++] = l;
		}
	}
	return 0;
}

static int
parse_root(struct template_set *tmp, const cJSON *root, struct cs_error *err)
{
	const cJSON *m;
	char show[64];

	cJSON_ArrayForEach(m, root) {
		const char *k = m->string;

		if (strcmp(k, "version") == 0) {
			if (!cJSON_IsNumber(m) || m->valuedouble != 1) {
				cs_seterr(err, "unsupported version (this "
				    "cs-reply reads version 1)");
				return -1;
			}
		} else if (strcmp(k, "note") == 0) {
			if (!cJSON_IsString(m)) {
				cs_seterr(err, "'note' must be a string");
				return -1;
			}
		} else if (strcmp(k, "signatures") == 0) {
			if (parse_signatures(tmp, m, err) == -1)
				return -1;
		} else if (strcmp(k, "carriers") == 0) {
			if (parse_carriers(tmp, m, err) == -1)
				return -1;
		} else if (strcmp(k, "templates") == 0) {
			if (parse_templates(tmp, m, err) == -1)
				return -1;
		} else {
			cs_seterr(err, "unknown key '%s'", shown(k, strlen(k),
			    show, sizeof(show)));
			return -1;
		}
	}
	return 0;
}

/*
 * The lint rule that refuses a file on load: no template may ask for a
 * secret in public.
 */
static int
lint_secrets(const struct template_set *tmp, struct cs_error *err)
{
	const struct template_list *l;
	const char *what;
	size_t i, j;

	for (i = 0; i < tmp->nlist; i++) {
		l = &tmp->list[i];
		for (j = 0; j < l->n; j++) {
			what = template_lint_secret(l->v[j].text, l->lang);
			if (what != NULL) {
				cs_seterr(err, "template %s: asks for %s in "
				    "public", l->v[j].name, what);
				return -1;
			}
		}
	}
	return 0;
}

int
template_load(struct template_set *s, const char *text, size_t len,
    const char *name, struct cs_error *err)
{
	return template_load_flags(s, text, len, name, 0, err);
}

int
template_load_flags(struct template_set *s, const char *text, size_t len,
    const char *name, unsigned flags, struct cs_error *err)
{
	struct template_set tmp;
	struct cs_error e;
	cJSON *root;
	const char *end = NULL;
	size_t i;

	if (len > TEMPLATE_MAX_FILE) {
		cs_seterr(err, "%s: larger than %d bytes", name,
		    TEMPLATE_MAX_FILE);
		return -1;
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root == NULL) {
		cs_seterr(err, "%s: invalid JSON at byte %zu", name,
		    end != NULL && end >= text ? (size_t)(end - text) + 1 : 1);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		cs_seterr(err, "%s: not a JSON object", name);
		return -1;
	}
	template_init(&tmp);
	if (parse_root(&tmp, root, &e) == -1 ||
	    ((flags & TEMPLATE_LOAD_NOLINT) == 0 &&
	    lint_secrets(&tmp, &e) == -1)) {
		cJSON_Delete(root);
		template_release(&tmp);
		cs_seterr(err, "%s: %s", name, e.msg);
		return -1;
	}
	cJSON_Delete(root);

	/* Everything is valid: move it into s. */
	for (i = 0; i < tmp.nlist; i++)
		put_list(s, &tmp.list[i]);
	for (i = 0; i < tmp.ncarrier; i++)
		put_carrier(s, &tmp.carrier[i]);
	for (i = 0; i < tmp.nsig; i++)
		put_sig(s, tmp.sig[i].lang, tmp.sig[i].text);
	tmp.nlist = tmp.ncarrier = 0;
	template_release(&tmp);
	return 0;
}

int
template_load_builtin(struct template_set *s, struct cs_error *err)
{
	const char *text;
	size_t len;

	text = data_get("templates.json", &len);
	if (text == NULL) {
		cs_seterr(err, "built-in templates.json is missing");
		return -1;
	}
	return template_load(s, text, len, "built-in templates.json", err);
}

const struct template_list *
template_find(const struct template_set *s, const char *category,
    const char *lang)
{
	size_t i;

	if (category == NULL || lang == NULL)
		return NULL;
	for (i = 0; i < s->nlist; i++)
		if (strcmp(s->list[i].category, category) == 0 &&
		    strcmp(s->list[i].lang, lang) == 0)
			return &s->list[i];
	return NULL;
}

const char *
template_signature(const struct template_set *s, const char *lang)
{
	size_t i;

	if (lang == NULL)
		return NULL;
	for (i = 0; i < s->nsig; i++)
		if (strcmp(s->sig[i].lang, lang) == 0)
			return s->sig[i].text;
	return NULL;
}

const struct template_carrier *
template_carrier(const struct template_set *s, const char *name)
{
	char key[TEMPLATE_MAX_NAME + 1];
	size_t i;

	if (name == NULL || strlen(name) > TEMPLATE_MAX_NAME ||
	    fold_carrier(name, key, sizeof(key)) == 0)
		return NULL;
	for (i = 0; i < s->ncarrier; i++)
		if (strcmp(s->carrier[i].key, key) == 0)
			return &s->carrier[i];
	return NULL;
}

unsigned
template_missing(const struct template_variant *v,
    const struct template_values *vals)
{
	unsigned miss = 0;
	int i;

	for (i = 0; i < TEMPLATE_NVARS; i++)
		if ((v->needs & TEMPLATE_BIT(i)) && vals->s[i] == NULL)
			miss |= TEMPLATE_BIT(i);
	return miss;
}

int
template_render(const struct template_variant *v,
    const struct template_values *vals, struct buf *out)
{
	size_t i;

	if (template_missing(v, vals) != 0)
		return -1;
	for (i = 0; i < v->npiece; i++) {
		const struct template_piece *p = &v->piece[i];

		/* A value is copied as it is, never expanded again. */
		if (p->var < 0)
			buf_add(out, v->text + p->off, p->len);
		else
			buf_add(out, vals->s[p->var], vals->len[p->var]);
	}
	return 0;
}

enum template_pick_status
template_pick(const struct template_list *l,
    const struct template_values *vals, size_t limit,
    const struct template_measure *m, struct buf *out,
    struct template_choice *choice)
{
	size_t i, n;
	int usable = 0;

	memset(choice, 0, sizeof(*choice));
	buf_reset(out);
	if (l == NULL || l->n == 0)
		return TEMPLATE_PICK_EMPTY;
	for (i = 0; i < l->n; i++) {
		const struct template_variant *v = &l->v[i];
		unsigned miss = template_missing(v, vals);

		if (miss != 0) {
			choice->missing = miss;
			continue;
		}
		usable = 1;
		buf_reset(out);
		template_render(v, vals, out);
		n = m->fn(out->s, out->len, m->arg);
		if (n <= limit) {
			choice->variant = v;
			choice->length = n;
			choice->missing = 0;
			return TEMPLATE_PICK_OK;
		}
	}
	buf_reset(out);
	return usable ? TEMPLATE_PICK_TOOLONG : TEMPLATE_PICK_MISSING;
}
