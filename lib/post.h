/*
 * post: publishing one reply on a network, for cs-reply --send.
 *
 * A poster is a client for one network ("x", "mastodon", "bluesky")
 * that turns a post_request into one API call (plus the look-ups the
 * network needs: Bluesky's session, the parent's cid and root, the DIDs
 * of mentioned handles) and classifies the outcome so the caller can
 * keep its exactly-once promise (lib/reply_send.c, the claims in the
 * state database):
 *
 *   POST_SENT          the network created the post; id (and url) set.
 *   POST_FAILED        the network answered and did not create it (4xx
 *                      other than 429, or a 5xx after the bounded
 *                      retries where a retry is safe): nothing was
 *                      posted, the reply may be tried again later.
 *   POST_RATE_LIMITED  429 (or an exhausted rate-limit header): nothing
 *                      posted; stop sending, retry_at says when.
 *   POST_UNKNOWN       the request may have reached the network but no
 *                      answer says what happened (timeout or reset after
 *                      sending, a 5xx where a retry could post twice): a
 *                      person must check before --force.
 *
 * Retries are only made where they cannot post twice: a connection that
 * was refused (nothing sent); Mastodon with the same Idempotency-Key;
 * Bluesky with the same record key (rkey), where "already exists" means
 * our earlier attempt worked and is reported as POST_SENT with that
 * post's URI.  X has no idempotency: after the request was sent, only an
 * answer counts.
 *
 * Credentials (lib/creds.h, never in argv, never in a message):
 *   x         CS_X_USER_TOKEN / x.user_token: OAuth 2.0 user access
 *             token (scopes tweet.write tweet.read users.read); or
 *             OAuth 1.0a user context, signed with HMAC-SHA1:
 *             CS_X_CONSUMER_KEY, CS_X_CONSUMER_SECRET, CS_X_ACCESS_TOKEN,
 *             CS_X_ACCESS_TOKEN_SECRET / x.consumer_key, ... .
 *   mastodon  CS_MASTODON_TOKEN / mastodon.access_token (write:statuses).
 *   bluesky   CS_BLUESKY_IDENTIFIER and CS_BLUESKY_APP_PASSWORD /
 *             bluesky.identifier, bluesky.app_password.
 *
 * Nothing here prints or exits.
 */
#ifndef CS_POST_H
#define CS_POST_H

#include <time.h>

#include "compat.h"
#include "creds.h"

enum post_status {
	POST_SENT,
	POST_FAILED,
	POST_RATE_LIMITED,
	POST_UNKNOWN
};

struct post_request {
	const char	*in_reply_to;	/* record "id": the message answered */
	const char	*conversation;	/* "conversation_id", or NULL */
	const char	*account;	/* our account ("account"), or NULL */
	const char	*text;		/* the reply, UTF-8 */
	const char	*lang;		/* reply "lang", or NULL */
	/* Mastodon: the visibility to post with (see post_visibility). */
	const char	*visibility;
	/*
	 * The claim's key, the same for every attempt at this reply (also
	 * after a crash): Mastodon's Idempotency-Key; Bluesky derives the
	 * record key from it and created.  Printable ASCII, <= 64 bytes.
	 */
	const char	*key;
	time_t		 created;	/* when the claim was made */
};

struct post_result {
	enum post_status status;
	char		 id[256];	/* POST_SENT: the new post's id */
	char		 url[512];	/* POST_SENT: its link, or "" */
	/*
	 * Not POST_SENT: what happened, one printable line without secrets,
	 * such as "HTTP 403: You are not allowed to create a Tweet with
	 * duplicate content."
	 */
	char		 error[512];
	int		 duplicate;	/* the network refused duplicate text */
	time_t		 retry_at;	/* POST_RATE_LIMITED: or 0 if unknown */
};

struct post_conf {
	const char	*network;	/* "x", "mastodon" or "bluesky" */
	const char	*api_base;	/* checked with http_check_base; NULL:
					   the network's public default
					   (Mastodon has none: required) */
	struct creds	*creds;		/* where secrets come from */
	long		 timeout_ms;	/* whole request; 0: 30 s */
	int		 retries;	/* safe retries; < 0: none; 0: 2 */
	long		 retry_delay_ms; /* first back-off; 0: 1000 */
	/* One-line notices (retries, waits), or NULL. */
	void		(*notice)(void *arg, const char *msg);
	void		*notice_arg;
};

struct poster;

/*
 * Whether network has a poster.
 */
int	post_supported(const char *network);

/*
 * Make a poster: check the base URL and that the credentials exist (no
 * request is made yet; Bluesky logs in on first use).  Returns NULL with
 * the reason in err, such as "x: no credentials: set CS_X_USER_TOKEN or
 * the OAuth 1.0a keys, or add them to FILE".
 */
struct poster	*post_open(const struct post_conf *, struct cs_error *);
/* Free the poster and wipe its secrets; NULL is a no-op. */
void		 post_close(struct poster *);

/*
 * Publish req.  Always fills res; returns res->status.
 */
enum post_status post_send(struct poster *, const struct post_request *,
	    struct post_result *);

/*
 * Mastodon visibility for a reply to a message of visibility v (NULL or
 * unknown: "public"): never more public than the customer chose, so a
 * direct message is answered directly.  conf_default, if not NULL,
 * replaces "public" as the most public allowed.
 */
const char	*post_visibility(const char *v, const char *conf_default);

/*
 * The pure parts of the posters, exposed for the unit tests.
 */

/*
 * Bluesky's record key for a reply: a TID (13 characters of base32-
 * sortable, "234567abcdefghijklmnopqrstuvwxyz"), deterministic in key and
 * created so every attempt at one claim writes the same record: the
 * 64-bit value is (microseconds << 10 | clock id) with microseconds =
 * created * 10^6 + h mod 10^6 and clock id = (h >> 20) mod 1024, where h
 * is the first 8 bytes (big-endian) of SHA-256(key).  So the TID sorts
 * by the claim's second, and two claims in one second differ in 30 bits.
 */
#define POST_TID_LEN	14	/* 13 and the NUL */
void	post_tid(const char *key, time_t created, char out[POST_TID_LEN]);

/* Whether s is a valid TID (the syntax of atproto's record keys). */
int	post_tid_valid(const char *s);

enum post_facet_type {
	POST_FACET_MENTION,	/* value: the handle, without '@' */
	POST_FACET_LINK		/* value: the URI (https:// added) */
};

/* A rich-text span of a Bluesky post, in UTF-8 bytes [start, end). */
struct post_facet {
	enum post_facet_type type;
	size_t		 start, end;
	char		*value;
};

/*
 * The @handle mentions (a handle: labels of letters, digits and '-'
 * joined by dots, the last starting with a letter, after the start, a
 * space or '(') and the links (twtext's URL extractor) of text, in text
 * order, never overlapping.  Returns the count; *out is a new array
 * (post_facets_free).
 */
size_t	post_find_facets(const char *text, struct post_facet **out);
void	post_facets_free(struct post_facet *, size_t n);

/*
 * The network's own error text in a reply body, as one printable line
 * prefixed by the status: "HTTP 403: You are not allowed to create a
 * Tweet with duplicate content.", "HTTP 400: ExpiredToken: Token has
 * expired" (X's detail, errors[].message or title; Mastodon's error;
 * Bluesky's error and message; else an excerpt of the body).
 */
void	post_http_error(long status, const char *body, char *out,
	    size_t n);

/*
 * Classify X's answer to POST /2/tweets (status, body, and the rate
 * limit's reset already read from the headers, or 0) into res, as
 * post_send would.
 */
enum post_status post_x_classify(long status, const char *body,
	    time_t reset, struct post_result *res);

#endif
