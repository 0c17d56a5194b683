/*
 * http: the only libcurl user.  See http.h.
 */
#include "compat.h"

#include <errno.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <utf8proc.h>

#include "http.h"
#include "timeutil.h"
#include "util.h"

struct http {
	CURL			*curl;
	struct http_opts	 o;
	char			 errbuf[CURL_ERROR_SIZE];
	char			*ua;
	/* Where the callbacks write, for the request in flight. */
	struct http_response	*resp;
	int			 toobig;
};

static void
headers_clear(struct http_response *r)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	r->nheaders = 0;
}

void
http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body);
}

void
http_response_release(struct http_response *r)
{
	if (r == NULL)
		return;
	headers_clear(r);
	/* A body may hold a session token (Bluesky): wipe it. */
	if (r->body.s != NULL)
		explicit_bzero(r->body.s, r->body.len);
	buf_release(&r->body);
	r->status = 0;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http *h = arg;
	size_t len = size * n;

	if (h->resp->body.len + len > h->o.max_body) {
		h->toobig = 1;
		return 0;	/* CURLE_WRITE_ERROR */
	}
	buf_add(&h->resp->body, p, len);
	return len;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http *h = arg;
	struct http_response *r = h->resp;
	size_t len = size * n, i, k;
	const char *colon, *v, *e;
	char *name;

	/* A new status line (after 100 Continue): forget the last set. */
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		headers_clear(r);
		return len;
	}
	colon = memchr(p, ':', len);
	if (colon == NULL || colon == p || r->nheaders == HTTP_MAX_HEADERS)
		return len;
	k = (size_t)(colon - p);
	name = xstrndup(p, k);
	for (i = 0; i < k; i++)
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	v = colon + 1;
	e = p + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = xstrndup(v, (size_t)(e - v));
	r->nheaders++;
	return len;
}

struct http *
http_open(const struct http_opts *o, struct cs_error *err)
{
	struct http *h;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		cs_seterr(err, "cannot initialise libcurl");
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));
	if (o != NULL)
		h->o = *o;
	if (h->o.connect_timeout_ms <= 0)
		h->o.connect_timeout_ms = 10000;
	if (h->o.timeout_ms <= 0)
		h->o.timeout_ms = 60000;
	if (h->o.max_body == 0)
		h->o.max_body = HTTP_MAX_BODY;
	if (h->o.retries < 0)
		h->o.retries = 0;
	if (h->o.retry_delay_ms <= 0)
		h->o.retry_delay_ms = 1000;
	if (h->o.retry_max_ms <= 0)
		h->o.retry_max_ms = 30000;
	h->ua = h->o.user_agent != NULL ? xstrdup(h->o.user_agent) :
	    xasprintf("cs-fetch/%s", CS_VERSION);
	if ((h->curl = curl_easy_init()) == NULL) {
		cs_seterr(err, "cannot make a libcurl handle");
		http_close(h);
		return NULL;
	}
	return h;
}

void
http_close(struct http *h)
{
	if (h == NULL)
		return;
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	free(h->ua);
	free(h);
	curl_global_cleanup();
}

/* The options of one transfer; reset each time, so nothing leaks over. */
static int
setup(struct http *h, const char *method, const char *url,
    struct curl_slist *hdrs, const char *body, size_t len)
{
	CURL *c = h->curl;
	CURLcode rc = CURLE_OK;

	curl_easy_reset(c);
#define SET(opt, v) do {						\
	if (rc == CURLE_OK)						\
		rc = curl_easy_setopt(c, opt, v);			\
} while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	/*
	 * Plain http goes only to loopback (http_check_base): never through
	 * a proxy from http_proxy, which would see the token in clear.
	 */
	if (strncmp(url, "http://", 7) == 0)
		SET(CURLOPT_NOPROXY, "*");
	SET(CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	SET(CURLOPT_USERAGENT, h->ua);
	SET(CURLOPT_ERRORBUFFER, h->errbuf);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, h);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, h);
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	if (strcmp(method, "POST") == 0) {
		SET(CURLOPT_POST, 1L);
		SET(CURLOPT_POSTFIELDS, body != NULL ? body : "");
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body != NULL ?
		    len : 0));
	} else if (strcmp(method, "GET") != 0)
		SET(CURLOPT_CUSTOMREQUEST, method);
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

void
http_sleep_ms(long ms)
{
	struct timespec ts, rem;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}

long
http_backoff_ms(long base, long max, int attempt)
{
	long d = base;
	int i;

	for (i = 1; i < attempt && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	if (d < 2)
		return d;
	return d / 2 + (long)arc4random_uniform((uint32_t)(d / 2 + 1));
}

/* Errors that another attempt would only repeat. */
static int
fatal(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return 1;
	default:
		return 0;
	}
}

/*
 * Whether a failed transfer certainly sent nothing: the name did not
 * resolve, the connection or the TLS handshake failed, or the time ran
 * out before the transfer began.
 */
static int
unsent(CURL *c, CURLcode rc)
{
	curl_off_t pre = 0;
	long reqsize = 0;

	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return 1;
	case CURLE_OPERATION_TIMEDOUT:
		if (curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &pre) !=
		    CURLE_OK || curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE,
		    &reqsize) != CURLE_OK)
			return 0;
		return pre == 0 && reqsize == 0;
	default:
		return 0;
	}
}

/* Whether the reply (rc, status) is retried under flags. */
static int
retryable(int flags, CURLcode rc, long status, int sent)
{
	if (rc != CURLE_OK)
		return !sent || (flags & HTTP_RETRY_SENT) != 0;
	if ((flags & HTTP_RETRY_5XX) != 0)
		return 1;
	return status == 503 && (flags & HTTP_RETRY_503) != 0;
}

int
http_request(struct http *h, const char *method, const char *url,
    const char *const *headers, const char *body, size_t len,
    struct http_response *r, struct cs_error *err)
{
	return http_request_ex(h, HTTP_RETRY_ALL, method, url, headers, body,
	    len, r, err);
}

int
http_request_ex(struct http *h, int flags, const char *method,
    const char *url, const char *const *headers, const char *body,
    size_t len, struct http_response *r, struct cs_error *err)
{
	struct curl_slist *hdrs = NULL, *t, *l;
	const char *const *hp;
	char note[512], why[CURL_ERROR_SIZE + 64];
	CURLcode rc;
	int attempt, ret = -1;
	long delay;

	http_response_release(r);
	r->attempts = 0;
	r->fatal = 0;
	r->sent = 0;
	for (hp = headers; hp != NULL && *hp != NULL; hp++) {
		if ((t = curl_slist_append(hdrs, *hp)) == NULL) {
			cs_seterr(err, "%s: out of memory", url);
			goto out;
		}
		hdrs = t;
	}
	/* No "Expect: 100-continue" round trip for small bodies. */
	if ((t = curl_slist_append(hdrs, "Expect:")) == NULL) {
		cs_seterr(err, "%s: out of memory", url);
		goto out;
	}
	hdrs = t;
	for (attempt = 0;; attempt++) {
		http_response_release(r);
		buf_reset(&r->body);
		h->resp = r;
		h->toobig = 0;
		h->errbuf[0] = '\0';
		r->attempts = attempt + 1;
		if (setup(h, method, url, hdrs, body, len) == -1) {
			cs_seterr(err, "%s: cannot set up the request", url);
			goto out;
		}
		rc = curl_easy_perform(h->curl);
		r->status = 0;
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &r->status);
		r->sent = rc == CURLE_OK || !unsent(h->curl, rc);
		if (rc == CURLE_OK && r->status < 500) {
			ret = 0;
			break;
		}
		if (h->toobig) {
			cs_seterr(err, "%s: response body over %zu bytes "
			    "(HTTP %ld)", url, h->o.max_body, r->status);
			r->fatal = 1;
			goto out;
		}
		if (fatal(rc)) {
			cs_seterr(err, "%s: %s", url, h->errbuf[0] != '\0' ?
			    h->errbuf : curl_easy_strerror(rc));
			r->fatal = 1;
			goto out;
		}
		if (rc != CURLE_OK)
			snprintf(why, sizeof(why), "%s (HTTP %ld)",
			    h->errbuf[0] != '\0' ? h->errbuf :
			    curl_easy_strerror(rc), r->status);
		else
			snprintf(why, sizeof(why), "HTTP %ld", r->status);
		if (attempt >= h->o.retries ||
		    !retryable(flags, rc, r->status, r->sent)) {
			if (rc == CURLE_OK) {
				/* A 5xx: the caller reports it. */
				ret = 0;
				break;
			}
			cs_seterr(err, "%s: %s", url, why);
			goto out;
		}
		delay = http_backoff_ms(h->o.retry_delay_ms,
		    h->o.retry_max_ms, attempt + 1);
		if (h->o.notice != NULL) {
			snprintf(note, sizeof(note), "%s from %s, retry %d of "
			    "%d in %ld.%01ld s", why, url, attempt + 1,
			    h->o.retries, delay / 1000, delay % 1000 / 100);
			h->o.notice(h->o.notice_arg, note);
		}
		http_sleep_ms(delay);
	}
out:
	h->resp = NULL;
	/* Unhook the list from the handle before freeing it. */
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	/* Our copies of the headers hold the tokens: wipe them. */
	for (l = hdrs; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(hdrs);
	return ret;
}

time_t
http_limit_reset(const struct http_response *r, time_t now)
{
	const char *v, *errstr;
	long long n;
	time_t t, date;

	if ((v = http_header(r, "retry-after")) != NULL) {
		n = strtonum(v, 0, 86400, &errstr);
		if (errstr == NULL)
			return now + (time_t)n;
	}
	if ((v = http_header(r, "x-rate-limit-reset")) == NULL &&
	    (v = http_header(r, "x-ratelimit-reset")) == NULL &&
	    (v = http_header(r, "ratelimit-reset")) == NULL)
		return 0;
	if (*v >= '0' && *v <= '9' && v[strspn(v, "0123456789")] == '\0') {
		n = strtonum(v, 0, 1LL << 40, &errstr);
		if (errstr != NULL)
			return 0;
		if (n < 1000000000)
			return now + (time_t)n;
		t = (time_t)n;
	} else if (time_parse(v, &t) == -1)
		return 0;
	/*
	 * An absolute reset is on the server's clock: when it sends its
	 * time, wait as long as it means, however far off our clock is.
	 */
	if (http_date(r, &date) == 0)
		return now + (t - date);
	return t;
}

const char *
http_header(const struct http_response *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

/*
 * Link: <url>; rel="next", <url>; rel="prev" (RFC 8288).  The URLs
 * cannot hold '>' and the parameters are short, so a plain scan does.
 */
char *
http_link(const struct http_response *r, const char *rel)
{
	const char *p = http_header(r, "link"), *lt, *gt, *next, *q;
	size_t rl = strlen(rel);

	if (p == NULL)
		return NULL;
	while ((lt = strchr(p, '<')) != NULL) {
		if ((gt = strchr(lt, '>')) == NULL)
			return NULL;
		next = strchr(gt, '<');
		for (q = gt; (next == NULL || q < next) &&
		    (q = strstr(q, "rel=")) != NULL &&
		    (next == NULL || q < next); q += 4) {
			const char *v = q + 4;

			if (*v == '"')
				v++;
			if (strncmp(v, rel, rl) == 0 && (v[rl] == '"' ||
			    v[rl] == ';' || v[rl] == ',' || v[rl] == ' ' ||
			    v[rl] == '\0'))
				return xstrndup(lt + 1, (size_t)(gt - lt - 1));
		}
		if (next == NULL)
			break;
		p = next;
	}
	return NULL;
}

int
http_check_base(const char *url, struct cs_error *err)
{
	const char *host, *end;
	size_t n;

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else {
		cs_seterr(err, "'%s': not an http:// or https:// URL", url);
		return -1;
	}
	if (*host == '\0' || *host == '/' || *host == ':') {
		cs_seterr(err, "'%s': no host", url);
		return -1;
	}
	if (strpbrk(url, " \t\r\n?#@") != NULL) {
		cs_seterr(err, "'%s': a base URL takes no spaces, query, "
		    "fragment or user name", url);
		return -1;
	}
	if (host == url + 8)
		return 0;
	if (*host == '[')
		end = strchr(host, ']') != NULL ? strchr(host, ']') + 1 : host;
	else
		end = host + strcspn(host, ":/");
	n = (size_t)(end - host);
	if ((n == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
	    (n == 5 && strncmp(host, "[::1]", 5) == 0) ||
	    (n == 9 && strncasecmp(host, "localhost", 9) == 0))
		return 0;
	cs_seterr(err, "'%s': plain http:// is only allowed to 127.0.0.1, "
	    "[::1] or localhost; use https://", url);
	return -1;
}

char *
http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_addc(&b, c);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		}
	}
	return b.s;
}

int
http_date(const struct http_response *r, time_t *t)
{
	const char *d = http_header(r, "date");
	time_t v;

	if (d == NULL || (v = curl_getdate(d, NULL)) == -1)
		return -1;
	*t = v;
	return 0;
}

void
http_excerpt(const struct http_response *r, char *out, size_t n)
{
	size_t i, len = r->body.len < n ? r->body.len : n;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)r->body.s[i];

		out[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	out[len] = '\0';
}

size_t
http_utf8_span(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	size_t i = 0;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			break;
		i += (size_t)k;
	}
	return i;
}
