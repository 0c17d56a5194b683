/*
 * post_mastodon: POST /api/v1/statuses with an Idempotency-Key (the
 * claim's key), so network errors and 5xx replies are retried safely:
 * the server returns the status it already made for that key.  See
 * post.h.
 */
#include "compat.h"

#include "post_int.h"
#include "util.h"

int
post_mastodon_open(struct poster *p, struct cs_error *err)
{
	struct cs_error e;

	if ((p->token = post_secret(p, "CS_MASTODON_TOKEN", "access_token",
	    &e)) == NULL) {
		cs_seterr(err, "mastodon: no credentials: %s", e.msg);
		return -1;
	}
	return 0;
}

static void
form(struct buf *b, const char *name, const char *value)
{
	char *v = http_escape(value);

	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", name, v);
	free(v);
}

static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

enum post_status
post_mastodon_send(struct poster *p, const struct post_request *req,
    struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	struct buf body;
	const char *hdrs[4], *id, *url;
	char *auth, *key, *target;
	enum post_status st;
	cJSON *j;

	if (req->in_reply_to[strspn(req->in_reply_to, "0123456789")] != '\0')
		return post_set(res, POST_FAILED, "mastodon: '%.64s' is not a "
		    "status id (digits)", req->in_reply_to);
	if (req->visibility != NULL && strcmp(post_visibility(req->visibility,
	    NULL), req->visibility) != 0)
		return post_set(res, POST_FAILED, "mastodon: unknown "
		    "visibility '%.32s'", req->visibility);
	if (!printable(req->key))
		return post_set(res, POST_FAILED, "mastodon: the claim key is "
		    "not printable ASCII");
	buf_init(&body);
	form(&body, "status", req->text);
	form(&body, "in_reply_to_id", req->in_reply_to);
	if (req->visibility != NULL)
		form(&body, "visibility", req->visibility);
	if (req->lang != NULL && *req->lang != '\0')
		form(&body, "language", req->lang);
	target = xasprintf("%s/api/v1/statuses", p->base);
	auth = xasprintf("Authorization: Bearer %s", p->token);
	key = xasprintf("Idempotency-Key: %s", req->key);
	hdrs[0] = auth;
	hdrs[1] = key;
	hdrs[2] = "Content-Type: application/x-www-form-urlencoded";
	hdrs[3] = NULL;
	http_response_init(&resp);
	if (http_request_ex(p->http, HTTP_RETRY_ALL, "POST", target, hdrs,
	    body.s, body.len, &resp, &e) == -1)
		st = post_no_reply(p, &resp, &e, res);
	else if (resp.status == 200) {
		j = post_json(&resp);
		id = post_jstr(j, "id");
		url = post_jstr(j, "url");
		if (id == NULL)
			st = post_set(res, POST_UNKNOWN, "mastodon: HTTP 200 "
			    "without a status id: the post may exist");
		else {
			st = res->status = POST_SENT;
			strlcpy(res->id, id, sizeof(res->id));
			strlcpy(res->url, url != NULL ? url : "",
			    sizeof(res->url));
		}
		cJSON_Delete(j);
	} else if (resp.status == 429)
		st = post_limited(p, &resp, res);
	else
		/*
		 * 4xx: refused.  5xx after the retries: with the same key a
		 * later attempt cannot post twice, so it may be tried again.
		 */
		st = post_http_fail(p, &resp, POST_FAILED, res);
	http_response_release(&resp);
	explicit_bzero(auth, strlen(auth));
	free(auth);
	free(key);
	free(target);
	buf_release(&body);
	return st;
}
