/*
 * oauth1: OAuth 1.0a signatures (RFC 5849, HMAC-SHA1).  See oauth1.h.
 */
#include "compat.h"

#include <ctype.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "oauth1.h"
#include "util.h"

struct param {
	char	*k;		/* encoded */
	char	*v;		/* encoded */
};

static void
encode_into(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) && c < 0x80)
			buf_addc(b, c);
		else if (c == '-' || c == '.' || c == '_' || c == '~')
			buf_addc(b, c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

char *
oauth1_encode(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	encode_into(&b, s, strlen(s));
	return b.s;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode s[0..n) of a query string ('+' is a space), re-encode it. */
static char *
reencode(const char *s, size_t n)
{
	struct buf raw, out;
	size_t i;
	char *r;

	buf_init(&raw);
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			buf_addc(&raw, hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else
			buf_addc(&raw, s[i] == '+' ? ' ' : s[i]);
	}
	buf_init(&out);
	buf_add(&out, "", 0);
	encode_into(&out, raw.s != NULL ? raw.s : "", raw.len);
	buf_release(&raw);
	r = out.s;
	return r;
}

static int
cmp_param(const void *a, const void *b)
{
	const struct param *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	return c != 0 ? c : strcmp(x->v, y->v);
}

/* Append the base URL of url (RFC 5849 3.4.1.2) to b; -1 if not http. */
static int
base_url(struct buf *b, const char *url, const char **query)
{
	const char *host, *end, *path, *port;
	size_t i, hl;
	int https;

	if (strncasecmp(url, "https://", 8) == 0) {
		https = 1;
		host = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		https = 0;
		host = url + 7;
	} else
		return -1;
	path = host + strcspn(host, "/?#");
	end = path + strcspn(path, "?#");
	*query = *end == '?' ? end + 1 : NULL;
	hl = (size_t)(path - host);
	port = memchr(host, ':', hl);
	if (port != NULL && host[0] != '[' &&
	    ((https && (size_t)(path - port) == 4 &&
	    strncmp(port, ":443", 4) == 0) ||
	    (!https && (size_t)(path - port) == 3 &&
	    strncmp(port, ":80", 3) == 0)))
		hl = (size_t)(port - host);
	buf_adds(b, https ? "https://" : "http://");
	for (i = 0; i < hl; i++)
		buf_addc(b, tolower((unsigned char)host[i]));
	if (path == end)
		buf_addc(b, '/');
	else
		buf_add(b, path, (size_t)(end - path));
	return 0;
}

char *
oauth1_base_string(const char *method, const char *url,
    const char *const *params)
{
	struct buf u, ps, out;
	struct param *pv = NULL;
	size_t n = 0, cap = 0, i;
	const char *q, *amp, *eq;
	char *m;

	buf_init(&u);
	if (base_url(&u, url, &q) == -1) {
		buf_release(&u);
		return NULL;
	}
	buf_add(&u, "", 0);
	for (; q != NULL && *q != '\0' && *q != '#'; q = *amp == '&' ?
	    amp + 1 : amp) {
		amp = q + strcspn(q, "&#");
		if (amp == q)
			continue;
		if (n == cap)
			pv = xreallocarray(pv, cap = cap * 2 + 8, sizeof(*pv));
		eq = memchr(q, '=', (size_t)(amp - q));
		if (eq == NULL)
			eq = amp;
		pv[n].k = reencode(q, (size_t)(eq - q));
		pv[n].v = eq < amp ? reencode(eq + 1, (size_t)(amp - eq - 1)) :
		    xstrdup("");
		n++;
		if (*amp == '#')
			break;
	}
	for (i = 0; params != NULL && params[i] != NULL &&
	    params[i + 1] != NULL; i += 2) {
		if (n == cap)
			pv = xreallocarray(pv, cap = cap * 2 + 8, sizeof(*pv));
		pv[n].k = oauth1_encode(params[i]);
		pv[n].v = oauth1_encode(params[i + 1]);
		n++;
	}
	if (n > 0)
		qsort(pv, n, sizeof(*pv), cmp_param);
	buf_init(&ps);
	buf_add(&ps, "", 0);
	buf_reset(&ps);
	for (i = 0; i < n; i++) {
		buf_printf(&ps, "%s%s=%s", i > 0 ? "&" : "", pv[i].k,
		    pv[i].v);
		free(pv[i].k);
		free(pv[i].v);
	}
	free(pv);
	buf_add(&ps, "", 0);
	buf_init(&out);
	m = xstrdup(method);
	for (i = 0; m[i] != '\0'; i++)
		m[i] = (char)toupper((unsigned char)m[i]);
	buf_adds(&out, m);
	free(m);
	buf_addc(&out, '&');
	encode_into(&out, u.s, strlen(u.s));
	buf_addc(&out, '&');
	encode_into(&out, ps.s, strlen(ps.s));
	buf_add(&out, "", 0);
	buf_release(&u);
	buf_release(&ps);
	return out.s;
}

int
oauth1_sign(const struct oauth1_keys *k, const char *base,
    char sig[OAUTH1_SIG_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char *cs, *ts, *key;
	int ok;

	cs = oauth1_encode(k->consumer_secret != NULL ? k->consumer_secret :
	    "");
	ts = oauth1_encode(k->token_secret != NULL ? k->token_secret : "");
	key = xasprintf("%s&%s", cs, ts);
	ok = HMAC(EVP_sha1(), key, (int)strlen(key),
	    (const unsigned char *)base, strlen(base), md, &mdlen) != NULL &&
	    mdlen == 20;
	explicit_bzero(key, strlen(key));
	explicit_bzero(cs, strlen(cs));
	explicit_bzero(ts, strlen(ts));
	free(key);
	free(cs);
	free(ts);
	if (!ok)
		return -1;
	EVP_EncodeBlock((unsigned char *)sig, md, 20);
	sig[OAUTH1_SIG_LEN - 1] = '\0';
	return 0;
}

void
oauth1_nonce(char out[OAUTH1_NONCE_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[16];
	size_t i;

	arc4random_buf(r, sizeof(r));
	for (i = 0; i < sizeof(r); i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[32] = '\0';
}

char *
oauth1_header(const struct oauth1_keys *k, const char *method,
    const char *url, const char *const *params, const char *nonce,
    time_t timestamp, struct cs_error *err)
{
	const char *names[] = { "oauth_consumer_key", "oauth_nonce",
	    "oauth_signature", "oauth_signature_method", "oauth_timestamp",
	    "oauth_token", "oauth_version" };
	const char *vals[7];
	const char **all;
	char nb[OAUTH1_NONCE_LEN], ts[32], sig[OAUTH1_SIG_LEN], *base, *e;
	struct buf h;
	size_t np = 0, i, j;

	if (k->consumer_key == NULL || k->consumer_secret == NULL ||
	    k->token == NULL || k->token_secret == NULL) {
		cs_seterr(err, "oauth 1.0a needs the consumer key and secret "
		    "and the access token and secret");
		return NULL;
	}
	if (nonce == NULL) {
		oauth1_nonce(nb);
		nonce = nb;
	}
	snprintf(ts, sizeof(ts), "%lld", (long long)(timestamp != 0 ?
	    timestamp : time(NULL)));
	vals[0] = k->consumer_key;
	vals[1] = nonce;
	vals[2] = NULL;
	vals[3] = "HMAC-SHA1";
	vals[4] = ts;
	vals[5] = k->token;
	vals[6] = "1.0";
	while (params != NULL && params[np] != NULL && params[np + 1] != NULL)
		np += 2;
	all = xreallocarray(NULL, np + 13, sizeof(*all));
	for (i = 0; i < np; i++)
		all[i] = params[i];
	for (i = 0, j = np; i < CS_NELEM(names); i++) {
		if (vals[i] == NULL)
			continue;
		all[j++] = names[i];
		all[j++] = vals[i];
	}
	all[j] = NULL;
	base = oauth1_base_string(method, url, all);
	free(all);
	if (base == NULL) {
		cs_seterr(err, "'%s': not an http or https URL", url);
		return NULL;
	}
	if (oauth1_sign(k, base, sig) == -1) {
		free(base);
		cs_seterr(err, "oauth 1.0a: HMAC-SHA1 failed (libcrypto)");
		return NULL;
	}
	free(base);
	vals[2] = sig;
	buf_init(&h);
	buf_adds(&h, "Authorization: OAuth ");
	for (i = 0; i < CS_NELEM(names); i++) {
		e = oauth1_encode(vals[i]);
		buf_printf(&h, "%s%s=\"%s\"", i > 0 ? ", " : "", names[i], e);
		free(e);
	}
	buf_add(&h, "", 0);
	return h.s;
}
