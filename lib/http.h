/*
 * http: the only libcurl user.  One easy handle per struct http, reused
 * across requests (connection reuse), with:
 *
 * - timeouts on the connect and on the whole request;
 * - a capped response body (a larger one is an error, never a crash);
 * - retries of network errors and 5xx replies, with jittered exponential
 *   back-off, a bounded number of times (429 is not retried here: the
 *   caller decides, from the rate-limit headers);
 * - every response header captured (rate limits, Link, Date);
 * - TLS 1.2 or later, verification always on, redirects never followed (a redirect
 *   would carry the Authorization header elsewhere), only http and https,
 *   and plain http only to a loopback host (http_check_base), never
 *   through a proxy;
 * - CURLOPT_NOSIGNAL, so the caller should ignore SIGPIPE, as curl's own
 *   tool does.
 *
 * Nothing here prints.  Request headers (tokens) are never copied into an
 * error message or a notice; URLs are, so a URL must never hold a secret.
 */
#ifndef CS_HTTP_H
#define CS_HTTP_H

#include <time.h>

#include "compat.h"
#include "util.h"

#define HTTP_MAX_BODY		(8 * 1024 * 1024)
#define HTTP_MAX_HEADERS	64

struct http_opts {
	long	connect_timeout_ms;	/* 0: 10 s */
	long	timeout_ms;		/* whole request; 0: 60 s */
	size_t	max_body;		/* 0: HTTP_MAX_BODY */
	int	retries;		/* extra attempts; < 0: none */
	long	retry_delay_ms;		/* first back-off; 0: 1000 */
	long	retry_max_ms;		/* back-off cap; 0: 30000 */
	/*
	 * Called before each back-off sleep with a one-line reason
	 * ("HTTP 503 from URL, retry 1 of 3 in 0.4 s"); may be NULL.
	 */
	void	(*notice)(void *arg, const char *msg);
	void	*notice_arg;
	const char *user_agent;		/* NULL: "cs-fetch/VERSION" */
};

struct http_header {
	char	*name;			/* lower case */
	char	*value;			/* trimmed */
};

struct http_response {
	long			 status;	/* 0: no response */
	struct buf		 body;		/* NUL-terminated */
	struct http_header	 headers[HTTP_MAX_HEADERS];
	size_t			 nheaders;
	int			 attempts;	/* requests made */
	/*
	 * Set when http_request fails in a way retrying cannot mend: a
	 * TLS certificate that does not verify, a body over the cap.
	 */
	int			 fatal;
	/*
	 * When no reply arrived: 1 if the last attempt may have sent the
	 * request (a reset, a timeout after connecting, a truncated
	 * reply), 0 if it certainly did not (the name did not resolve,
	 * the connection was refused, the connect or TLS handshake failed
	 * or timed out), so a retry cannot repeat its effect.
	 */
	int			 sent;
};

struct http;

/*
 * Make a client.  Returns NULL with the reason in err if libcurl cannot
 * be set up.  Free with http_close.
 */
struct http	*http_open(const struct http_opts *, struct cs_error *);
/* Free the client; NULL is a no-op. */
void		 http_close(struct http *);

/* Prepare an empty response; http_response_release frees its contents. */
void	http_response_init(struct http_response *);
void	http_response_release(struct http_response *);

/*
 * Send method ("GET", "POST") to url with the extra request headers
 * (NULL-terminated "Name: value" strings, or NULL) and, for a POST, the
 * body (len bytes, may be NULL).  Network errors and 5xx replies are
 * retried as the options say.  Returns 0 when a reply arrived (any
 * status, including a 5xx after the last retry: check resp->status), or
 * -1 with "URL: reason (HTTP 200)" in err when none did: connection
 * refused, timeout, a truncated body, a body over the cap, a certificate
 * that does not verify (these last two are not retried, and set
 * resp->fatal).  The response is reset first.
 */
int	http_request(struct http *, const char *method, const char *url,
	    const char *const *headers, const char *body, size_t len,
	    struct http_response *, struct cs_error *);

/*
 * What http_request_ex may retry (http_request: HTTP_RETRY_ALL).  A
 * request that was never sent (resp->sent 0) is always retried.
 */
#define HTTP_RETRY_SENT	0x01	/* network errors after it may have been sent */
#define HTTP_RETRY_5XX	0x02	/* every 5xx reply */
#define HTTP_RETRY_503	0x04	/* 503 only (the server did not process it) */
#define HTTP_RETRY_ALL	(HTTP_RETRY_SENT | HTTP_RETRY_5XX)

/*
 * http_request with a choice of what is retried, for requests that must
 * not take effect twice (posting without an idempotency key): flags 0
 * retries only what was never sent, and returns the first 5xx reply.
 */
int	http_request_ex(struct http *, int flags, const char *method,
	    const char *url, const char *const *headers, const char *body,
	    size_t len, struct http_response *, struct cs_error *);

/*
 * When a rate limit resets, from the response's headers: Retry-After
 * (seconds), else x-rate-limit-reset (X, epoch seconds),
 * X-RateLimit-Reset (Mastodon, RFC 3339) or RateLimit-Reset (Bluesky,
 * epoch seconds; a small number is seconds from now).  An absolute time
 * is read on the server's clock when the reply has a Date header (so a
 * clock hours off neither waits hours nor hammers the server).  Returns
 * 0 when there is none or it cannot be read.
 */
time_t	http_limit_reset(const struct http_response *, time_t now);

/* The value of the header name (any case), or NULL. */
const char *http_header(const struct http_response *, const char *name);

/*
 * The URL of the Link header's rel="next" (or rel="prev", as asked)
 * target, as a new string (free it), or NULL.
 */
char	*http_link(const struct http_response *, const char *rel);

/*
 * Check a base URL for --api-base: https://host[:port][/path], or http://
 * only when the host is 127.0.0.1, [::1] or localhost.  Returns 0, or -1
 * with the reason in err.
 */
int	http_check_base(const char *url, struct cs_error *);

/* Percent-encode s for a query string, as a new string (free it). */
char	*http_escape(const char *s);

/*
 * The server's clock from the Date header, into *t.  Returns 0, or -1
 * when there is none or it cannot be read.
 */
int	http_date(const struct http_response *, time_t *t);

/*
 * A short, printable excerpt of the body (at most n bytes, control
 * characters replaced) for error messages, into out (size n + 1).
 */
void	http_excerpt(const struct http_response *, char *out, size_t n);

/*
 * How many bytes at the start of s (n bytes) are valid UTF-8: n when all
 * are.  JSON must be UTF-8 (RFC 8259), and cJSON does not check it, so
 * a body that is not would carry bad bytes into records.
 */
size_t	http_utf8_span(const char *s, size_t n);

/*
 * Sleep ms milliseconds (restarting after signals).  Exposed so the
 * network code waits out rate limits the same way.
 */
void	http_sleep_ms(long ms);

/*
 * The back-off before retry number attempt (1, 2, ...): base * 2^(n-1),
 * at most max, with "equal jitter" (a random point in its upper half) so
 * that cron jobs that failed together do not retry together.
 */
long	http_backoff_ms(long base, long max, int attempt);

#endif
