/*
 * post_int.h: what lib/post.c shares with the network posters
 * (post_x.c, post_mastodon.c, post_bluesky.c).  Not for other callers.
 */
#ifndef CS_POST_INT_H
#define CS_POST_INT_H

#include <cjson/cJSON.h>

#include "http.h"
#include "oauth1.h"
#include "post.h"
#include "util.h"

struct poster {
	struct post_conf	 conf;
	struct http		*http;
	char			*base;		/* no final '/' */
	const char		*net;		/* "x", "mastodon", "bluesky" */
	/* x: a user token, or the OAuth 1.0a keys. */
	char			*bearer;
	struct oauth1_keys	 o1;
	/* mastodon: the access token. */
	char			*token;
	/* bluesky: the login and the session (memory only). */
	char			*ident, *password;
	char			*access, *refresh, *did;
};

int		 post_x_open(struct poster *, struct cs_error *);
enum post_status post_x_send(struct poster *, const struct post_request *,
		    struct post_result *);
int		 post_mastodon_open(struct poster *, struct cs_error *);
enum post_status post_mastodon_send(struct poster *,
		    const struct post_request *, struct post_result *);
int		 post_bluesky_open(struct poster *, struct cs_error *);
enum post_status post_bluesky_send(struct poster *,
		    const struct post_request *, struct post_result *);

/* Set res to status with a printf-style message (one line, no secret). */
enum post_status post_set(struct post_result *, enum post_status,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

/*
 * The outcome of a request that got no reply (http_request_ex returned
 * -1): nothing was sent, so POST_FAILED; else POST_UNKNOWN.
 */
enum post_status post_no_reply(struct poster *,
		    const struct http_response *, const struct cs_error *,
		    struct post_result *);

/* 429: POST_RATE_LIMITED with retry_at from the headers. */
enum post_status post_limited(struct poster *,
		    const struct http_response *, struct post_result *);

/* Fill res from an HTTP error reply with status st. */
enum post_status post_http_fail(struct poster *,
		    const struct http_response *, enum post_status st,
		    struct post_result *);

/*
 * Bluesky: the reply refs of the post uri from a getPosts reply j
 * (parent: that post; root: its own reply root, or itself), appended to
 * b as ',"reply":{"root":{"uri":...,"cid":...},"parent":{...}}'.
 * Returns 0, or -1 (b unchanged) when j has no such post with a cid.
 */
int		 post_bluesky_refs(const cJSON *j, const char *uri,
		    struct buf *b);

/* The JSON body, or NULL when it is not JSON. */
cJSON		*post_json(const struct http_response *);
/* The string member key of o (a path "a.b.c"), or NULL. */
const char	*post_jstr(const cJSON *o, const char *path);

/* A secret from creds: NULL if absent (err set). */
char		*post_secret(struct poster *, const char *env,
		    const char *key, struct cs_error *);

/* Notice through conf.notice, if any. */
void		 post_notice(struct poster *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
