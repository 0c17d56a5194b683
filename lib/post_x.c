/*
 * post_x: X's POST /2/tweets, with an OAuth 2.0 user token or OAuth
 * 1.0a user context.  X has no idempotency key, so a request is only
 * repeated when it was never sent or X answered 503 (not processed); a
 * lost answer after sending is POST_UNKNOWN.  See post.h.
 */
#include "compat.h"

#include "post_int.h"
#include "util.h"

#define O1_KEYS "CS_X_CONSUMER_KEY, CS_X_CONSUMER_SECRET, " \
	"CS_X_ACCESS_TOKEN and CS_X_ACCESS_TOKEN_SECRET"

int
post_x_open(struct poster *p, struct cs_error *err)
{
	struct cs_error e;
	const char *file = creds_path(p->conf.creds);

	if ((p->bearer = post_secret(p, "CS_X_USER_TOKEN", "user_token",
	    &e)) != NULL)
		return 0;
	p->o1.consumer_key = post_secret(p, "CS_X_CONSUMER_KEY",
	    "consumer_key", &e);
	if (p->o1.consumer_key == NULL) {
		cs_seterr(err, "x: no credentials: set CS_X_USER_TOKEN or the "
		    "OAuth 1.0a keys (" O1_KEYS "), or add user_token or "
		    "consumer_key, consumer_secret, access_token and "
		    "access_token_secret to the \"x\" object of %s",
		    file != NULL ? file : "a credentials file");
		return -1;
	}
	if ((p->o1.consumer_secret = post_secret(p, "CS_X_CONSUMER_SECRET",
	    "consumer_secret", &e)) == NULL ||
	    (p->o1.token = post_secret(p, "CS_X_ACCESS_TOKEN",
	    "access_token", &e)) == NULL ||
	    (p->o1.token_secret = post_secret(p, "CS_X_ACCESS_TOKEN_SECRET",
	    "access_token_secret", &e)) == NULL) {
		cs_seterr(err, "x: OAuth 1.0a needs all four keys ("
		    O1_KEYS "): %s", e.msg);
		return -1;
	}
	return 0;
}

static int
digits(const char *s, size_t max)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= max && s[n] == '\0';
}

enum post_status
post_x_classify(long status, const char *body, time_t reset,
    struct post_result *res)
{
	cJSON *j;
	const char *id;
	char why[480];

	if (status == 201 || status == 200) {
		j = body != NULL ? cJSON_Parse(body) : NULL;
		id = post_jstr(j, "data.id");
		if (id == NULL || !digits(id, 19)) {
			cJSON_Delete(j);
			return post_set(res, POST_UNKNOWN, "x: HTTP %ld without "
			    "a post id: the post may exist", status);
		}
		res->status = POST_SENT;
		strlcpy(res->id, id, sizeof(res->id));
		snprintf(res->url, sizeof(res->url),
		    "https://x.com/i/web/status/%s", id);
		cJSON_Delete(j);
		return POST_SENT;
	}
	post_http_error(status, body, why, sizeof(why));
	if (status == 429) {
		res->retry_at = reset;
		return post_set(res, POST_RATE_LIMITED, "x: rate limited: %s",
		    why);
	}
	if (status == 403 && body != NULL &&
	    strstr(body, "duplicate content") != NULL)
		res->duplicate = 1;
	/* 503: X did not process it; any other 5xx may have posted. */
	if (status >= 500 && status != 503)
		return post_set(res, POST_UNKNOWN, "x: %s (the post may "
		    "exist)", why);
	return post_set(res, POST_FAILED, "x: %s", why);
}

enum post_status
post_x_send(struct poster *p, const struct post_request *req,
    struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	struct buf body;
	const char *hdrs[3];
	char *url, *auth = NULL;
	enum post_status st;

	if (!digits(req->in_reply_to, 19))
		return post_set(res, POST_FAILED, "x: '%.64s' is not a post id "
		    "(digits)", req->in_reply_to);
	url = xasprintf("%s/2/tweets", p->base);
	if (p->bearer != NULL)
		auth = xasprintf("Authorization: Bearer %s", p->bearer);
	else if ((auth = oauth1_header(&p->o1, "POST", url, NULL, NULL, 0,
	    &e)) == NULL) {
		free(url);
		return post_set(res, POST_FAILED, "x: %s", e.msg);
	}
	hdrs[0] = auth;
	hdrs[1] = "Content-Type: application/json";
	hdrs[2] = NULL;
	buf_init(&body);
	buf_adds(&body, "{\"text\":");
	buf_add_json_string(&body, req->text, strlen(req->text));
	buf_printf(&body, ",\"reply\":{\"in_reply_to_tweet_id\":\"%s\"}}",
	    req->in_reply_to);
	http_response_init(&resp);
	if (http_request_ex(p->http, HTTP_RETRY_503, "POST", url, hdrs,
	    body.s, body.len, &resp, &e) == -1)
		st = post_no_reply(p, &resp, &e, res);
	else
		st = post_x_classify(resp.status, resp.body.s,
		    resp.status == 429 ? http_limit_reset(&resp, time(NULL)) :
		    0, res);
	http_response_release(&resp);
	explicit_bzero(auth, strlen(auth));
	free(auth);
	buf_release(&body);
	free(url);
	return st;
}
