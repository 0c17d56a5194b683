/*
 * post: the network posters' common part: dispatch, credentials,
 * outcome helpers, Mastodon visibility, Bluesky record keys and facets.
 * See post.h.
 */
#include "compat.h"

#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#include <openssl/sha.h>
#include <utf8proc.h>

#include "post_int.h"
#include "timeutil.h"
#include "twtext.h"
#include "util.h"

int
post_supported(const char *network)
{
	return network != NULL && (strcmp(network, "x") == 0 ||
	    strcmp(network, "mastodon") == 0 ||
	    strcmp(network, "bluesky") == 0);
}

static void
http_notice(void *arg, const char *msg)
{
	struct poster *p = arg;

	post_notice(p, "%s: %s", p->net, msg);
}

void
post_notice(struct poster *p, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	if (p->conf.notice == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->conf.notice(p->conf.notice_arg, msg);
}

char *
post_secret(struct poster *p, const char *env, const char *key,
    struct cs_error *err)
{
	return creds_get(p->conf.creds, env, p->net, key, err);
}

struct poster *
post_open(const struct post_conf *conf, struct cs_error *err)
{
	struct poster *p;
	struct http_opts o;
	const char *base;
	size_t n;
	int rc;

	if (!post_supported(conf->network)) {
		cs_seterr(err, "%s: no poster for this network",
		    conf->network != NULL ? conf->network : "(none)");
		return NULL;
	}
	if (conf->creds == NULL) {
		cs_seterr(err, "%s: no credentials given", conf->network);
		return NULL;
	}
	base = conf->api_base;
	if (base == NULL || *base == '\0') {
		if (strcmp(conf->network, "mastodon") == 0) {
			cs_seterr(err, "mastodon: no API base: give the "
			    "instance, such as https://mastodon.social");
			return NULL;
		}
		base = strcmp(conf->network, "x") == 0 ? "https://api.x.com" :
		    "https://bsky.social";
	}
	if (http_check_base(base, err) == -1)
		return NULL;
	/* A file with a loose mode is refused before anything is read. */
	if (creds_check_file(conf->creds, err) == -1)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->conf = *conf;
	p->net = strcmp(conf->network, "x") == 0 ? "x" :
	    strcmp(conf->network, "mastodon") == 0 ? "mastodon" : "bluesky";
	p->base = xstrdup(base);
	n = strlen(p->base);
	while (n > 0 && p->base[n - 1] == '/')
		p->base[--n] = '\0';
	if (p->net[0] == 'x')
		rc = post_x_open(p, err);
	else if (p->net[0] == 'm')
		rc = post_mastodon_open(p, err);
	else
		rc = post_bluesky_open(p, err);
	if (rc == -1) {
		post_close(p);
		return NULL;
	}
	memset(&o, 0, sizeof(o));
	o.timeout_ms = conf->timeout_ms > 0 ? conf->timeout_ms : 30000;
	o.connect_timeout_ms = o.timeout_ms < 10000 ? o.timeout_ms : 10000;
	o.retries = conf->retries < 0 ? 0 : conf->retries == 0 ? 2 :
	    conf->retries;
	o.retry_delay_ms = conf->retry_delay_ms;
	o.max_body = 1024 * 1024;
	o.notice = http_notice;
	o.notice_arg = p;
	o.user_agent = "cs-reply/" CS_VERSION;
	if ((p->http = http_open(&o, err)) == NULL) {
		post_close(p);
		return NULL;
	}
	return p;
}

void
post_close(struct poster *p)
{
	if (p == NULL)
		return;
	http_close(p->http);
	creds_free(p->bearer);
	creds_free((char *)p->o1.consumer_key);
	creds_free((char *)p->o1.consumer_secret);
	creds_free((char *)p->o1.token);
	creds_free((char *)p->o1.token_secret);
	creds_free(p->token);
	creds_free(p->ident);
	creds_free(p->password);
	creds_free(p->access);
	creds_free(p->refresh);
	free(p->did);
	free(p->base);
	free(p);
}

enum post_status
post_send(struct poster *p, const struct post_request *req,
    struct post_result *res)
{
	memset(res, 0, sizeof(*res));
	if (req->text == NULL || *req->text == '\0')
		return post_set(res, POST_FAILED, "%s: empty reply", p->net);
	if (req->in_reply_to == NULL || *req->in_reply_to == '\0')
		return post_set(res, POST_FAILED, "%s: no message to answer "
		    "(no \"id\")", p->net);
	if (req->key == NULL || *req->key == '\0' || strlen(req->key) > 64)
		return post_set(res, POST_FAILED, "%s: no claim key", p->net);
	if (p->net[0] == 'x')
		return post_x_send(p, req, res);
	if (p->net[0] == 'm')
		return post_mastodon_send(p, req, res);
	return post_bluesky_send(p, req, res);
}

/*
 * Drop the UTF-8 sequence that a cut (snprintf's, or an excerpt's) left
 * incomplete at the end of s: the text goes into records as JSON.
 */
static void
utf8_trim(char *s)
{
	size_t len = strlen(s), k = len;

	while (k > 0 && len - k < 3 && ((unsigned char)s[k - 1] & 0xc0) ==
	    0x80)
		k--;
	if (k > 0 && (unsigned char)s[k - 1] >= 0xc0 &&
	    utf8_seq((const unsigned char *)s + k - 1, len - k + 1) == 0)
		s[k - 1] = '\0';
}

enum post_status
post_set(struct post_result *res, enum post_status st, const char *fmt, ...)
{
	va_list ap;
	char *c;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	res->status = st;
	va_start(ap, fmt);
	vsnprintf(res->error, sizeof(res->error), fmt, ap);
	va_end(ap);
	/*
	 * The reason goes into a record: no control characters, and no
	 * byte that is not UTF-8 (from a server's answer, or a character
	 * the size cut in two).
	 */
	for (c = res->error; *c != '\0'; c += k) {
		k = 1;
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
		else if ((unsigned char)*c >= 0x80 && (k = utf8proc_iterate(
		    (const utf8proc_uint8_t *)c, -1, &cp)) <= 0) {
			*c = '?';
			k = 1;
		}
	}
	return st;
}

enum post_status
post_no_reply(struct poster *p, const struct http_response *resp,
    const struct cs_error *e, struct post_result *res)
{
	if (!resp->sent)
		return post_set(res, POST_FAILED, "%s: not sent: %s", p->net,
		    e->msg);
	return post_set(res, POST_UNKNOWN, "%s: no answer after sending, "
	    "the post may exist: %s", p->net, e->msg);
}

enum post_status
post_limited(struct poster *p, const struct http_response *resp,
    struct post_result *res)
{
	char why[400], when[TIME_RFC3339_LEN];

	post_http_error(resp->status, resp->body.s, why, sizeof(why));
	res->retry_at = http_limit_reset(resp, time(NULL));
	if (res->retry_at != 0) {
		time_format(res->retry_at, when);
		return post_set(res, POST_RATE_LIMITED, "%s: rate limited "
		    "until %s: %s", p->net, when, why);
	}
	return post_set(res, POST_RATE_LIMITED, "%s: rate limited: %s",
	    p->net, why);
}

enum post_status
post_http_fail(struct poster *p, const struct http_response *resp,
    enum post_status st, struct post_result *res)
{
	char why[480];

	post_http_error(resp->status, resp->body.s, why, sizeof(why));
	return post_set(res, st, "%s: %s", p->net, why);
}

cJSON *
post_json(const struct http_response *resp)
{
	if (resp->body.s == NULL || resp->body.len == 0 ||
	    http_utf8_span(resp->body.s, resp->body.len) != resp->body.len)
		return NULL;
	return cJSON_ParseWithLength(resp->body.s, resp->body.len);
}

const char *
post_jstr(const cJSON *o, const char *path)
{
	char name[64];
	const char *dot;
	size_t n;

	while (o != NULL && (dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (n >= sizeof(name))
			return NULL;
		memcpy(name, path, n);
		name[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, name);
		path = dot + 1;
	}
	o = o != NULL ? cJSON_GetObjectItemCaseSensitive(o, path) : NULL;
	return cJSON_IsString(o) && o->valuestring[0] != '\0' ?
	    o->valuestring : NULL;
}

void
post_http_error(long status, const char *body, char *out, size_t n)
{
	cJSON *j = body != NULL ? cJSON_Parse(body) : NULL;
	const cJSON *errs;
	const char *a = NULL, *b = NULL;
	char ex[200];
	size_t i, len;

	if (j != NULL) {
		errs = cJSON_GetObjectItemCaseSensitive(j, "errors");
		if ((a = post_jstr(j, "detail")) == NULL &&
		    cJSON_IsArray(errs) && cJSON_GetArraySize(errs) > 0)
			a = post_jstr(cJSON_GetArrayItem(errs, 0), "message");
		if (a == NULL && (a = post_jstr(j, "error")) != NULL)
			b = post_jstr(j, "message") != NULL ?
			    post_jstr(j, "message") :
			    post_jstr(j, "error_description");
		if (a == NULL)
			a = post_jstr(j, "title");
	}
	if (a == NULL) {
		len = body != NULL ? strlen(body) : 0;
		if (len > sizeof(ex) - 1)
			len = sizeof(ex) - 1;
		memcpy(ex, body != NULL ? body : "", len);
		ex[len] = '\0';
		a = len > 0 ? ex : "(empty reply)";
	}
	snprintf(out, n, "HTTP %ld: %s%s%s", status, a, b != NULL ? ": " : "",
	    b != NULL ? b : "");
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
	utf8_trim(out);
	cJSON_Delete(j);
}

/* Mastodon's visibilities, most public first. */
static const char *const vis[] = { "public", "unlisted", "private",
	"direct" };

static size_t
vis_rank(const char *v)
{
	size_t i;

	for (i = 0; v != NULL && i < CS_NELEM(vis); i++)
		if (strcmp(v, vis[i]) == 0)
			return i;
	return 0;
}

const char *
post_visibility(const char *v, const char *conf_default)
{
	size_t a = vis_rank(v), b = vis_rank(conf_default);

	return vis[a > b ? a : b];
}

static const char s32[] = "234567abcdefghijklmnopqrstuvwxyz";

void
post_tid(const char *key, time_t created, char out[POST_TID_LEN])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	uint64_t h = 0, us, v;
	int i;

	SHA256((const unsigned char *)key, strlen(key), md);
	for (i = 0; i < 8; i++)
		h = h << 8 | md[i];
	us = (uint64_t)(created > 0 ? created : 0) * 1000000 + h % 1000000;
	v = (us & ((UINT64_C(1) << 53) - 1)) << 10 | ((h >> 20) & 1023);
	for (i = 12; i >= 0; i--) {
		out[i] = s32[v & 31];
		v >>= 5;
	}
	out[13] = '\0';
}

int
post_tid_valid(const char *s)
{
	size_t i;

	if (strlen(s) != 13 || strchr("234567abcdefghij", s[0]) == NULL)
		return 0;
	for (i = 1; i < 13; i++)
		if (s[i] == '\0' || strchr(s32, s[i]) == NULL)
			return 0;
	return 1;
}

/* A handle at s: labels of [A-Za-z0-9-] joined by '.'; its length. */
static size_t
handle_len(const char *s)
{
	size_t n = 0, label = 0, dots = 0, last = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '.') {
		if (s[n] == '.') {
			if (label == 0)
				break;
			dots++;
			last = n + 1;
			label = 0;
		} else
			label++;
		n++;
	}
	/* A final '.' (end of a sentence) is not part of it. */
	while (n > 0 && s[n - 1] == '.') {
		n--;
		dots--;
		last = 0;
		for (label = 0; label < n; label++)
			if (s[label] == '.')
				last = label + 1;
	}
	if (dots == 0 || n == 0 || n > 253 || !isalpha((unsigned char)s[last]))
		return 0;
	/* No label starts or ends with '-'. */
	for (label = 0; label < n; label++)
		if (s[label] == '-' && (label == 0 || s[label - 1] == '.' ||
		    label + 1 == n || s[label + 1] == '.'))
			return 0;
	return n;
}

static int
cmp_facet(const void *a, const void *b)
{
	const struct post_facet *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

size_t
post_find_facets(const char *text, struct post_facet **out)
{
	struct twtext_entities ents;
	struct post_facet *v = NULL;
	size_t n = 0, cap = 0, i, j, k, len = strlen(text);
	int overlap;

	for (i = 0; i < len; i++) {
		if (text[i] != '@' || (i > 0 && !isspace((unsigned char)
		    text[i - 1]) && text[i - 1] != '('))
			continue;
		if ((k = handle_len(text + i + 1)) == 0)
			continue;
		if (n == cap)
			v = xreallocarray(v, cap = cap * 2 + 4, sizeof(*v));
		v[n].type = POST_FACET_MENTION;
		v[n].start = i;
		v[n].end = i + 1 + k;
		v[n].value = xstrndup(text + i + 1, k);
		n++;
		i += k;
	}
	twtext_entities_init(&ents);
	twtext_extract_urls(&ents, text, len);
	for (j = 0; j < ents.n; j++) {
		const struct twtext_entity *e = &ents.v[j];
		const char *u = text + e->voff;

		for (overlap = 0, i = 0; i < n; i++)
			if (e->off < v[i].end && v[i].start < e->off + e->len)
				overlap = 1;
		if (overlap)
			continue;
		if (n == cap)
			v = xreallocarray(v, cap = cap * 2 + 4, sizeof(*v));
		v[n].type = POST_FACET_LINK;
		v[n].start = e->off;
		v[n].end = e->off + e->len;
		if (strncasecmp(u, "http://", 7) == 0 ||
		    strncasecmp(u, "https://", 8) == 0)
			v[n].value = xstrndup(u, e->vlen);
		else
			v[n].value = xasprintf("https://%.*s", (int)e->vlen, u);
		n++;
	}
	twtext_entities_release(&ents);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_facet);
	*out = v;
	return n;
}

void
post_facets_free(struct post_facet *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].value);
	free(v);
}
