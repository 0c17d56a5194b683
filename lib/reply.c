/*
 * reply: drafting one reply from a record.  See reply.h.
 */
#include "compat.h"

#include <strings.h>
#include <utf8proc.h>

#include "reply.h"
#include "twtext.h"

enum reply_count {
	REPLY_COUNT_X,
	REPLY_COUNT_MASTODON,
	REPLY_COUNT_BLUESKY
};

void
reply_init(struct reply *rp, const struct template_set *set)
{
	memset(rp, 0, sizeof(*rp));
	rp->set = set;
	rp->conf.lang = "en";
	buf_init(&rp->text);
	buf_init(&rp->name);
	buf_init(&rp->agent);
	buf_init(&rp->url);
	buf_init(&rp->json);
	buf_init(&rp->scratch);
	twtext_entities_init(&rp->urls);
}

void
reply_release(struct reply *rp)
{
	buf_release(&rp->text);
	buf_release(&rp->name);
	buf_release(&rp->agent);
	buf_release(&rp->url);
	buf_release(&rp->json);
	buf_release(&rp->scratch);
	twtext_entities_release(&rp->urls);
}

static enum reply_count
counting(const char *network)
{
	if (network != NULL && strcasecmp(network, "mastodon") == 0)
		return REPLY_COUNT_MASTODON;
	if (network != NULL && strcasecmp(network, "bluesky") == 0)
		return REPLY_COUNT_BLUESKY;
	return REPLY_COUNT_X;
}

static int
parse_size(const char *s, size_t len, size_t *out)
{
	size_t v = 0, i;

	if (len == 0 || len > 6)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	if (v < 1 || v > REPLY_LIMIT_MAX)
		return -1;
	*out = v;
	return 0;
}

int
reply_parse_limits(struct reply_conf *c, const char *spec,
    struct cs_error *err)
{
	const char *p = spec, *end, *eq;
	size_t n, i, len;

	do {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		eq = memchr(p, '=', len);
		if (eq == NULL) {
			if (parse_size(p, len, &n) == -1)
				goto bad;
			c->limit = n;
		} else {
			size_t nl = (size_t)(eq - p);
			struct reply_limit *l = NULL;

			if (nl == 0 || nl >= sizeof(c->limits[0].network) ||
			    parse_size(eq + 1, len - nl - 1, &n) == -1)
				goto bad;
			for (i = 0; i < c->nlimits; i++)
				if (strlen(c->limits[i].network) == nl &&
				    strncasecmp(c->limits[i].network, p,
				    nl) == 0)
					l = &c->limits[i];
			if (l == NULL) {
				if (c->nlimits == REPLY_MAX_LIMITS) {
					cs_seterr(err, "too many limits");
					return -1;
				}
				l = &c->limits[c->nlimits++];
			}
			for (i = 0; i < nl; i++)
				l->network[i] = (char)((p[i] >= 'A' &&
				    p[i] <= 'Z') ? p[i] - 'A' + 'a' : p[i]);
			l->network[nl] = '\0';
			l->limit = n;
		}
		p = end != NULL ? end + 1 : NULL;
	} while (p != NULL);
	return 0;
bad:
	cs_seterr(err, "'%.*s' is not N or NETWORK=N with N from 1 to %d",
	    (int)(len > 64 ? 64 : len), p, REPLY_LIMIT_MAX);
	return -1;
}

size_t
reply_limit(const struct reply_conf *c, const char *network)
{
	size_t i, n;

	if (network == NULL)
		network = "x";
	n = c->limit;
	for (i = 0; i < c->nlimits; i++)
		if (strcasecmp(c->limits[i].network, network) == 0)
			n = c->limits[i].limit;
	switch (counting(network)) {
	case REPLY_COUNT_MASTODON:
		return n != 0 ? n : REPLY_LIMIT_MASTODON;
	case REPLY_COUNT_BLUESKY:
		/* Bluesky refuses longer posts whatever we ask. */
		return n != 0 && n < REPLY_LIMIT_BLUESKY ? n :
		    REPLY_LIMIT_BLUESKY;
	default:
		return n != 0 ? n : REPLY_LIMIT_X;
	}
}

size_t
reply_measure(const char *network, const char *text, size_t len)
{
	switch (counting(network)) {
	case REPLY_COUNT_MASTODON:
		return twtext_mastodon_length(text, len);
	case REPLY_COUNT_BLUESKY:
		return twtext_graphemes(text, len);
	default:
		return twtext_weighted_length(text, len);
	}
}

static size_t
measure_fn(const char *text, size_t len, void *arg)
{
	return reply_measure(arg, text, len);
}

/*
 * Value cleaning.
 */

/* What a label keeps of code point c: 1 keep, 0 drop, ' ' a space. */
static int
label_class(int32_t c)
{
	switch (c) {
	case '@': case 0xff20: case 0xfe6b:	/* mentions */
	case '#': case 0xff03: case 0xfe5f:	/* hashtags */
	case '$': case 0xff04: case 0xfe69:	/* cashtags */
	case 0xfeff: case 0xfffe: case 0xffff:
		return 0;
	case 0x200c: case 0x200d:		/* joiners, in emoji */
		return 1;
	default:
		break;
	}
	if (c >= 0xe0020 && c <= 0xe007f)	/* tags, in flag emoji */
		return 1;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return ' ';
	case UTF8PROC_CATEGORY_CF:		/* bidi controls among them */
	case UTF8PROC_CATEGORY_CS:
		return 0;
	default:
		return 1;
	}
}

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Whether a word would become a link: "http://x", "www.x", or a dot
 * between a letter or digit and two letters ("evil.example", "t.co/x").
 */
static int
linklike(const char *w, size_t n)
{
	size_t i;

	if (n >= 4 && strncasecmp(w, "www.", 4) == 0)
		return 1;
	for (i = 0; i + 2 < n; i++)
		if (w[i] == ':' && w[i + 1] == '/' && w[i + 2] == '/')
			return 1;
	for (i = 1; i + 2 < n; i++)
		if (w[i] == '.' && is_alnum(w[i - 1]) && is_alpha(w[i + 1]) &&
		    is_alpha(w[i + 2]))
			return 1;
	return 0;
}

static size_t
count_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Append to out at most maxcp code points of word (valid UTF-8), whole
 * graphemes only.
 */
static void
add_graphemes(const char *w, size_t len, size_t maxcp, struct buf *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)w;
	utf8proc_int32_t c, prev = -1;
	utf8proc_int32_t state = 0;
	size_t i = 0, keep = 0, cps = 0, since = 0;
	utf8proc_ssize_t n;

	while (i < len) {
		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0)
			break;
		if (prev >= 0 && utf8proc_grapheme_break_stateful(prev, c,
		    &state)) {
			/* The grapheme before i is whole: keep it? */
			if (cps + since > maxcp)
				break;
			cps += since;
			keep = i;
			since = 0;
		}
		since++;
		prev = c;
		i += (size_t)n;
	}
	if (i >= len && cps + since <= maxcp)
		keep = len;
	buf_add(out, w, keep);
}

/* Whether bytes [off, off + len) of the text overlap one of the links. */
static int
in_link(const struct twtext_entities *urls, size_t off, size_t len)
{
	size_t i;

	for (i = 0; i < urls->n; i++)
		if (off < urls->v[i].off + urls->v[i].len &&
		    urls->v[i].off < off + len)
			return 1;
	return 0;
}

/* reply_clean_label with the caller's scratch space. */
static void
clean_label(const char *s, size_t len, size_t maxcp, struct buf *out,
    struct buf *tmp, struct twtext_entities *urls)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t n;
	size_t i = 0, cps = 0;
	const char *w, *end;

	buf_reset(out);
	buf_reset(tmp);
	/* Keep what is safe, with every run of spaces made one space. */
	while (i < len) {
		int k;

		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			i++;
			continue;
		}
		k = label_class(c);
		if (k == ' ') {
			if (tmp->len > 0 && tmp->s[tmp->len - 1] != ' ')
				buf_addc(tmp, ' ');
		} else if (k == 1)
			buf_add(tmp, s + i, (size_t)n);
		i += (size_t)n;
	}
	if (tmp->len == 0)
		return;
	/*
	 * Then keep the words that are not links, as long as they fit: by
	 * our own rule, and by X's (twitter-text knows every TLD).
	 */
	twtext_extract_urls(urls, tmp->s, tmp->len);
	w = tmp->s;
	end = tmp->s + tmp->len;
	while (w != NULL && w < end) {
		const char *sp = memchr(w, ' ', (size_t)(end - w));
		size_t wl = sp != NULL ? (size_t)(sp - w) : (size_t)(end - w);

		if (wl > 0 && !linklike(w, wl) &&
		    !in_link(urls, (size_t)(w - tmp->s), wl)) {
			size_t need = count_cps(w, wl) + (out->len > 0 ? 1 : 0);

			if (cps + need > maxcp) {
				/* Cut a first word too long; end at others. */
				if (out->len == 0)
					add_graphemes(w, wl, maxcp, out);
				break;
			}
			if (out->len > 0)
				buf_addc(out, ' ');
			buf_add(out, w, wl);
			cps += need;
		}
		w = sp != NULL ? sp + 1 : NULL;
	}
}

void
reply_clean_label(const char *s, size_t len, size_t maxcp, struct buf *out)
{
	struct buf tmp;
	struct twtext_entities urls;

	buf_init(&tmp);
	twtext_entities_init(&urls);
	clean_label(s, len, maxcp, out, &tmp, &urls);
	twtext_entities_release(&urls);
	buf_release(&tmp);
}

/* A domain name: two or more labels of [A-Za-z0-9-], the last a word. */
static int
hostname_ok(const char *s, size_t len)
{
	size_t i, lab = 0, labels = 1, last = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.') {
			if (lab == 0 || s[i - 1] == '-')
				return 0;
			labels++;
			lab = 0;
			last = i + 1;
			continue;
		}
		if (!is_alnum(c) && c != '-')
			return 0;
		if (lab == 0 && c == '-')
			return 0;
		if (++lab > 63)
			return 0;
	}
	if (lab == 0 || s[len - 1] == '-' || labels < 2)
		return 0;
	return is_alpha(s[last]);
}

int
reply_handle_ok(const char *network, const char *h, size_t len)
{
	const char *at;
	size_t i, ul;

	switch (counting(network)) {
	case REPLY_COUNT_MASTODON:
		at = memchr(h, '@', len);
		ul = at != NULL ? (size_t)(at - h) : len;
		if (ul == 0 || ul > 30 || h[0] == '.' || h[0] == '-' ||
		    h[ul - 1] == '.' || h[ul - 1] == '-')
			return 0;
		for (i = 0; i < ul; i++)
			if (!is_alnum(h[i]) && h[i] != '_' && h[i] != '.' &&
			    h[i] != '-')
				return 0;
		return at == NULL || hostname_ok(at + 1, len - ul - 1);
	case REPLY_COUNT_BLUESKY:
		return hostname_ok(h, len);
	default:
		if (len == 0 || len > 15)
			return 0;
		for (i = 0; i < len; i++)
			if (!is_alnum(h[i]) && h[i] != '_')
				return 0;
		return 1;
	}
}

/* An order number: [A-Za-z0-9][A-Za-z0-9_-]*, with a digit, 1-40 bytes. */
static int
order_ok(const char *s, size_t len)
{
	size_t i;
	int digit = 0;

	if (len == 0 || len > 40 || !is_alnum(s[0]))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = 1;
		else if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	}
	return digit;
}

/* A tracking number: 6-40 letters and digits. */
static int
tracking_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 6 || len > 40)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_alnum(s[i]))
			return 0;
	return 1;
}

/* The primary subtag of a language tag, lower case: "es-ES" -> "es". */
static int
lang_code(const char *tag, char out[4])
{
	size_t i;

	if (tag == NULL)
		return 0;
	for (i = 0; i < 4 && is_alpha(tag[i]); i++)
		out[i] = (char)(tag[i] >= 'A' && tag[i] <= 'Z' ?
		    tag[i] - 'A' + 'a' : tag[i]);
	if (i < 2 || i > 3 || (tag[i] != '\0' && tag[i] != '-' &&
	    tag[i] != '_'))
		return 0;
	out[i] = '\0';
	/* Undetermined, multiple, no linguistic content. */
	return strcmp(out, "und") != 0 && strcmp(out, "mul") != 0 &&
	    strcmp(out, "zxx") != 0;
}

static void
set_val(struct template_values *vals, int var, const char *s, size_t len)
{
	vals->s[var] = s;
	vals->len[var] = len;
}

static const char *
first_str(const cJSON *arr)
{
	const cJSON *v = cJSON_IsArray(arr) ? cJSON_GetArrayItem(arr, 0) :
	    NULL;

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Values taken from the message: order and tracking numbers, carrier. */
static void
entity_values(struct reply *rp, const struct record *r,
    struct template_values *vals)
{
	const cJSON *tr;
	const struct template_carrier *car;
	const char *s, *num;
	struct template_values tv;

	s = first_str(record_get(r, "class.entities.order_ids"));
	if (s != NULL && *s == '#')
		s++;
	if (s != NULL && order_ok(s, strlen(s)))
		set_val(vals, TEMPLATE_ORDER_ID, s, strlen(s));

	tr = record_get(r, "class.entities.tracking");
	tr = cJSON_IsArray(tr) ? cJSON_GetArrayItem(tr, 0) : NULL;
	if (!cJSON_IsObject(tr))
		return;
	num = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tr,
	    "number"));
	if (num == NULL || !tracking_ok(num, strlen(num)))
		return;
	set_val(vals, TEMPLATE_TRACKING, num, strlen(num));
	s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tr,
	    "carrier"));
	if ((car = template_carrier(rp->set, s)) == NULL)
		return;
	set_val(vals, TEMPLATE_CARRIER, car->name, strlen(car->name));
	memset(&tv, 0, sizeof(tv));
	set_val(&tv, TEMPLATE_TRACKING, num, strlen(num));
	buf_reset(&rp->url);
	if (template_render(&car->url, &tv, &rp->url) == 0)
		set_val(vals, TEMPLATE_TRACKING_URL, rp->url.s, rp->url.len);
}

/* Who signs: the first non-empty, cleaned, of the candidates. */
static void
signer(struct reply *rp, const struct record *r, const char *lang)
{
	const char *cand[5];
	size_t i;

	cand[0] = record_str(r, "priority.agent");
	cand[1] = rp->conf.agent;
	cand[2] = rp->conf.signature;
	cand[3] = template_signature(rp->set, lang);
	cand[4] = template_signature(rp->set, "en");
	for (i = 0; i < CS_NELEM(cand); i++) {
		if (cand[i] == NULL)
			continue;
		clean_label(cand[i], strlen(cand[i]), REPLY_AGENT_MAX,
		    &rp->agent, &rp->scratch, &rp->urls);
		if (rp->agent.len > 0)
			return;
	}
	buf_reset(&rp->agent);
	buf_adds(&rp->agent, REPLY_SIGNATURE);
}

static void
json_str(struct buf *b, const char *key, const char *s, size_t len)
{
	buf_addc(b, '"');
	buf_adds(b, key);
	buf_adds(b, "\":");
	if (s == NULL)
		buf_adds(b, "null");
	else
		buf_add_json_string(b, s, len);
}

/* Write a skipped reply; lang and agent may be NULL. */
static enum reply_result
skipped(struct reply *rp, size_t limit, const char *lang, const char *agent,
    const char *reason)
{
	struct buf *b = &rp->json;

	buf_reset(b);
	buf_printf(b, "{\"text\":null,\"length\":null,\"limit\":%zu,"
	    "\"template\":null,", limit);
	json_str(b, "lang", lang, lang != NULL ? strlen(lang) : 0);
	buf_addc(b, ',');
	json_str(b, "agent", agent, agent != NULL ? strlen(agent) : 0);
	buf_adds(b, ",\"status\":\"skipped\",");
	json_str(b, "reason", reason, strlen(reason));
	buf_addc(b, '}');
	return REPLY_SKIPPED;
}

/* Whether the author is our own account. */
static int
ourselves(const struct record *r)
{
	const char *acct = record_str(r, "account");
	const char *h = record_str(r, "author.handle");

	if (acct == NULL || h == NULL)
		return 0;
	if (*acct == '@')
		acct++;
	if (*h == '@')
		h++;
	return *acct != '\0' && strcasecmp(acct, h) == 0;
}

/*
 * Find the variants: the category in the language, else "other" in
 * the language, else the same two in English.  A pii reply or a
 * check-in (strict) never falls back to another category.  Sets *lang
 * to the language found.
 */
static const struct template_list *
find_list(const struct template_set *set, const char *cat, int strict,
    const char **lang)
{
	const char *langs[2];
	const struct template_list *l;
	size_t i;

	langs[0] = *lang;
	langs[1] = "en";
	for (i = 0; i < 2; i++) {
		if ((l = template_find(set, cat, langs[i])) != NULL ||
		    (!strict && (l = template_find(set, TEMPLATE_CAT_OTHER,
		    langs[i])) != NULL)) {
			*lang = l->lang;
			return l;
		}
	}
	return NULL;
}

enum reply_result
reply_draft(struct reply *rp, const struct record *r)
{
	struct template_values vals;
	struct template_measure m;
	struct template_choice ch;
	const struct template_list *l;
	const cJSON *pii;
	const char *network, *s, *cat, *lang;
	char code[4], reason[128];
	size_t limit;
	int is_pii;

	/*
	 * Never redraft what was posted, may have been posted, or was
	 * approved (perhaps edited) by a person.
	 */
	s = record_str(r, "reply.status");
	if (streq(s, "sent") || streq(s, "unknown") ||
	    ((s = record_str(r, "reply.id")) != NULL && *s != '\0') ||
	    record_bool(r, "reply.approved", 0))
		return REPLY_KEEP;

	network = record_str(r, "network");
	if (network == NULL)
		network = "x";
	limit = reply_limit(&rp->conf, network);
	if (streq(record_str(r, "direction"), "out"))
		return skipped(rp, limit, NULL, NULL, "outbound message");
	if (ourselves(r))
		return skipped(rp, limit, NULL, NULL,
		    "message from our own account");

	if (lang_code(record_str(r, "class.lang.code"), code) ||
	    lang_code(record_str(r, "lang"), code))
		lang = code;
	else
		lang = rp->conf.lang;
	pii = record_get(r, "class.pii");
	is_pii = cJSON_IsArray(pii) && cJSON_GetArraySize(pii) > 0;
	if (rp->conf.category != NULL)
		cat = rp->conf.category;
	else if (streq(record_str(r, "followup.state"), "due"))
		cat = TEMPLATE_CAT_FOLLOWUP;
	else if (is_pii)
		cat = TEMPLATE_CAT_PII;
	else if ((cat = record_str(r, "class.category")) == NULL)
		cat = TEMPLATE_CAT_OTHER;
	l = find_list(rp->set, cat, (is_pii && rp->conf.category == NULL) ||
	    streq(cat, TEMPLATE_CAT_FOLLOWUP), &lang);
	if (l == NULL) {
		snprintf(reason, sizeof(reason), "no template for '%.64s'",
		    cat);
		return skipped(rp, limit, NULL, NULL, reason);
	}

	memset(&vals, 0, sizeof(vals));
	signer(rp, r, lang);
	set_val(&vals, TEMPLATE_AGENT, rp->agent.s, rp->agent.len);
	s = record_str(r, "author.handle");
	if (s != NULL && *s == '@')
		s++;
	if (s != NULL && reply_handle_ok(network, s, strlen(s)))
		set_val(&vals, TEMPLATE_HANDLE, s, strlen(s));
	/*
	 * Never repeat anything from a message that exposed data, nor the
	 * author's name, which may hold some too.
	 */
	s = record_str(r, "author.name");
	if (s != NULL && !rp->conf.no_name && !is_pii) {
		clean_label(s, strlen(s), REPLY_NAME_MAX, &rp->name,
		    &rp->scratch, &rp->urls);
		if (rp->name.len > 0)
			set_val(&vals, TEMPLATE_NAME, rp->name.s,
			    rp->name.len);
	}
	if (!is_pii)
		entity_values(rp, r, &vals);

	m.fn = measure_fn;
	m.arg = (void *)(uintptr_t)network;
	switch (template_pick(l, &vals, limit, &m, &rp->text, &ch)) {
	case TEMPLATE_PICK_OK:
		break;
	case TEMPLATE_PICK_TOOLONG:
		snprintf(reason, sizeof(reason),
		    "no template fits in %zu characters", limit);
		return skipped(rp, limit, lang, rp->agent.s, reason);
	default:
		if (ch.missing & TEMPLATE_BIT(TEMPLATE_HANDLE))
			snprintf(reason, sizeof(reason),
			    "no valid author handle");
		else {
			int v = 0;

			while (v < TEMPLATE_NVARS &&
			    (ch.missing & TEMPLATE_BIT(v)) == 0)
				v++;
			snprintf(reason, sizeof(reason), "no template has "
			    "its variables (missing '%s')",
			    template_var_name(v));
		}
		return skipped(rp, limit, lang, rp->agent.s, reason);
	}

	buf_reset(&rp->json);
	buf_adds(&rp->json, "{");
	json_str(&rp->json, "text", rp->text.s, rp->text.len);
	buf_printf(&rp->json, ",\"length\":%zu,\"limit\":%zu,", ch.length,
	    limit);
	json_str(&rp->json, "template", ch.variant->name,
	    strlen(ch.variant->name));
	buf_addc(&rp->json, ',');
	json_str(&rp->json, "lang", lang, strlen(lang));
	buf_addc(&rp->json, ',');
	json_str(&rp->json, "agent", rp->agent.s, rp->agent.len);
	if (ch.variant->flags & TEMPLATE_RESOLVES)
		buf_adds(&rp->json, ",\"resolves\":true");
	if (ch.variant->flags & TEMPLATE_DM)
		buf_adds(&rp->json, ",\"dm\":true");
	buf_adds(&rp->json, ",\"status\":\"draft\"}");
	return REPLY_DRAFT;
}
