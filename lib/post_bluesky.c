/*
 * post_bluesky: a reply is com.atproto.repo.createRecord of an
 * app.bsky.feed.post with an explicit record key (post_tid of the
 * claim's key and time), so every attempt at one claim writes the same
 * record: when a create fails without a clear refusal (no answer, a 5xx,
 * "already exists"), getRecord on that key tells whether an earlier
 * attempt made it, and it is then reported as sent.
 *
 * Before it: createSession (the access token is kept in memory only and
 * renewed on ExpiredToken), getPosts for the parent's cid and its
 * thread's root, resolveHandle for each @handle (mention facets).  See
 * post.h.
 */
#include "compat.h"

#include "post_int.h"
#include "timeutil.h"
#include "util.h"

#define POST_NSID	"app.bsky.feed.post"

int
post_bluesky_open(struct poster *p, struct cs_error *err)
{
	struct cs_error e;

	if ((p->ident = post_secret(p, "CS_BLUESKY_IDENTIFIER", "identifier",
	    &e)) == NULL ||
	    (p->password = post_secret(p, "CS_BLUESKY_APP_PASSWORD",
	    "app_password", &e)) == NULL) {
		cs_seterr(err, "bluesky: no credentials: %s", e.msg);
		return -1;
	}
	return 0;
}

/* A session from createSession's or refreshSession's reply. */
static int
take_session(struct poster *p, const struct http_response *resp)
{
	cJSON *j = post_json(resp);
	const char *did = post_jstr(j, "did"), *a = post_jstr(j, "accessJwt"),
	    *r = post_jstr(j, "refreshJwt");
	int ok = did != NULL && a != NULL;

	if (ok) {
		creds_free(p->access);
		creds_free(p->refresh);
		free(p->did);
		p->access = xstrdup(a);
		p->refresh = r != NULL ? xstrdup(r) : NULL;
		p->did = xstrdup(did);
	}
	if (j != NULL) {
		/* Wipe the parsed tokens before freeing them. */
		cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "accessJwt");

		if (cJSON_IsString(t))
			explicit_bzero(t->valuestring, strlen(t->valuestring));
		t = cJSON_GetObjectItemCaseSensitive(j, "refreshJwt");
		if (cJSON_IsString(t))
			explicit_bzero(t->valuestring, strlen(t->valuestring));
		cJSON_Delete(j);
	}
	return ok ? 0 : -1;
}

/* Log in: 0, or the outcome (nothing was posted) in res. */
static int
login(struct poster *p, struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	struct buf body;
	const char *hdrs[] = { "Content-Type: application/json", NULL };
	char *url = xasprintf("%s/xrpc/com.atproto.server.createSession",
	    p->base);
	int rc = -1;

	buf_init(&body);
	buf_adds(&body, "{\"identifier\":");
	buf_add_json_string(&body, p->ident, strlen(p->ident));
	buf_adds(&body, ",\"password\":");
	buf_add_json_string(&body, p->password, strlen(p->password));
	buf_adds(&body, "}");
	http_response_init(&resp);
	if (http_request_ex(p->http, HTTP_RETRY_ALL, "POST", url, hdrs,
	    body.s, body.len, &resp, &e) == -1)
		post_set(res, POST_FAILED, "bluesky: login: %s", e.msg);
	else if (resp.status == 429)
		post_limited(p, &resp, res);
	else if (resp.status != 200)
		post_http_fail(p, &resp, POST_FAILED, res);
	else if (take_session(p, &resp) == -1)
		post_set(res, POST_FAILED, "bluesky: login: no session in "
		    "the reply");
	else
		rc = 0;
	if (rc == -1 && res->status == POST_FAILED && resp.status != 0) {
		char why[sizeof(res->error)];

		strlcpy(why, res->error + strlen("bluesky: "), sizeof(why));
		post_set(res, POST_FAILED, "bluesky: login as %.100s failed: "
		    "%s", p->ident, why);
	}
	explicit_bzero(body.s, body.len);
	buf_release(&body);
	http_response_release(&resp);
	free(url);
	return rc;
}

/* Renew an expired session: refreshSession, else a new login. */
static int
renew(struct poster *p, struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	const char *hdrs[2];
	char *url, *auth;
	int rc = -1;

	if (p->refresh != NULL) {
		url = xasprintf("%s/xrpc/com.atproto.server.refreshSession",
		    p->base);
		auth = xasprintf("Authorization: Bearer %s", p->refresh);
		hdrs[0] = auth;
		hdrs[1] = NULL;
		http_response_init(&resp);
		if (http_request_ex(p->http, HTTP_RETRY_ALL, "POST", url, hdrs,
		    NULL, 0, &resp, &e) == 0 && resp.status == 200)
			rc = take_session(p, &resp);
		http_response_release(&resp);
		explicit_bzero(auth, strlen(auth));
		free(auth);
		free(url);
	}
	if (rc == 0)
		return 0;
	creds_free(p->access);
	p->access = NULL;
	return login(p, res);
}

static int
expired(const struct http_response *resp)
{
	cJSON *j;
	const char *name;
	int r;

	if (resp->status != 400 && resp->status != 401)
		return 0;
	j = post_json(resp);
	name = post_jstr(j, "error");
	r = name != NULL && strcmp(name, "ExpiredToken") == 0;
	cJSON_Delete(j);
	return r;
}

/*
 * One XRPC call with the session (renewed once on ExpiredToken): GET
 * when body is NULL.  Returns 0 with the reply in resp, -1 with no reply
 * (err set, resp->sent says whether it went out), or -2 when the
 * session could not be renewed (res set).
 */
static int
xrpc(struct poster *p, int flags, const char *nsid, const char *query,
    const char *body, struct http_response *resp, struct cs_error *err,
    struct post_result *res)
{
	const char *hdrs[3];
	char *url, *auth;
	int rc, again;

	url = xasprintf("%s/xrpc/%s%s%s", p->base, nsid, query != NULL ?
	    "?" : "", query != NULL ? query : "");
	for (again = 0;; again++) {
		auth = xasprintf("Authorization: Bearer %s", p->access);
		hdrs[0] = auth;
		hdrs[1] = body != NULL ? "Content-Type: application/json" :
		    NULL;
		hdrs[2] = NULL;
		rc = http_request_ex(p->http, flags, body != NULL ? "POST" :
		    "GET", url, hdrs, body, body != NULL ? strlen(body) : 0,
		    resp, err);
		explicit_bzero(auth, strlen(auth));
		free(auth);
		if (rc == -1 || again > 0 || !expired(resp))
			break;
		post_notice(p, "bluesky: session expired, logging in again");
		if (renew(p, res) == -1) {
			rc = -2;
			break;
		}
	}
	free(url);
	return rc;
}

/* The outcome of a look-up that failed (nothing was posted). */
static enum post_status
lookup_fail(struct poster *p, int rc, const char *what,
    const struct http_response *resp, const struct cs_error *e,
    struct post_result *res)
{
	char why[400];

	if (rc == -2)
		return res->status;
	if (rc == -1)
		return post_set(res, POST_FAILED, "bluesky: %s: %s", what,
		    e->msg);
	if (resp->status == 429)
		return post_limited(p, resp, res);
	post_http_error(resp->status, resp->body.s, why, sizeof(why));
	return post_set(res, POST_FAILED, "bluesky: %s: %s", what, why);
}

/* Add a strongRef {"uri","cid"} to b. */
static void
strong_ref(struct buf *b, const char *name, const char *uri,
    const char *cid)
{
	buf_printf(b, "\"%s\":{\"uri\":", name);
	buf_add_json_string(b, uri, strlen(uri));
	buf_adds(b, ",\"cid\":");
	buf_add_json_string(b, cid, strlen(cid));
	buf_adds(b, "}");
}

int
post_bluesky_refs(const cJSON *j, const char *uri, struct buf *b)
{
	const cJSON *posts, *it;
	const char *cid = NULL, *ruri = NULL, *rcid = NULL;

	posts = cJSON_GetObjectItemCaseSensitive(j, "posts");
	cJSON_ArrayForEach(it, posts) {
		const char *u = post_jstr(it, "uri");

		if (u != NULL && strcmp(u, uri) == 0) {
			cid = post_jstr(it, "cid");
			ruri = post_jstr(it, "record.reply.root.uri");
			rcid = post_jstr(it, "record.reply.root.cid");
			break;
		}
	}
	if (cid == NULL)
		return -1;
	buf_adds(b, ",\"reply\":{");
	if (ruri != NULL && rcid != NULL)
		strong_ref(b, "root", ruri, rcid);
	else
		strong_ref(b, "root", uri, cid);
	buf_adds(b, ",");
	strong_ref(b, "parent", uri, cid);
	buf_adds(b, "}");
	return 0;
}

/*
 * The reply refs of the post answered (uri) into b: parent = it, root =
 * its own reply root if it is a reply.  Returns 0, or the outcome.
 */
static int
reply_refs(struct poster *p, const char *uri, struct buf *b,
    struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	char *q, *esc;
	cJSON *j = NULL;
	int rc, ret = -1;

	esc = http_escape(uri);
	q = xasprintf("uris=%s", esc);
	free(esc);
	http_response_init(&resp);
	rc = xrpc(p, HTTP_RETRY_ALL, "app.bsky.feed.getPosts", q, NULL, &resp,
	    &e, res);
	if (rc != 0 || resp.status != 200) {
		lookup_fail(p, rc, "looking up the post answered", &resp, &e,
		    res);
		goto out;
	}
	j = post_json(&resp);
	if (post_bluesky_refs(j, uri, b) == -1) {
		post_set(res, POST_FAILED, "bluesky: the post answered was not "
		    "found (deleted, or not visible): %.300s", uri);
		goto out;
	}
	ret = 0;
out:
	cJSON_Delete(j);
	free(q);
	http_response_release(&resp);
	return ret;
}

/* The DID of handle into *did (NULL: it does not resolve), or -1. */
static int
resolve(struct poster *p, const char *handle, char **did,
    struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	char *q, *esc;
	cJSON *j;
	int rc, ret = 0;

	*did = NULL;
	esc = http_escape(handle);
	q = xasprintf("handle=%s", esc);
	free(esc);
	http_response_init(&resp);
	rc = xrpc(p, HTTP_RETRY_ALL, "com.atproto.identity.resolveHandle", q,
	    NULL, &resp, &e, res);
	if (rc == 0 && resp.status == 200) {
		j = post_json(&resp);
		if (post_jstr(j, "did") != NULL)
			*did = xstrdup(post_jstr(j, "did"));
		cJSON_Delete(j);
	} else if (rc == 0 && resp.status == 400)
		post_notice(p, "bluesky: @%s does not resolve; it is posted "
		    "as plain text", handle);
	else {
		lookup_fail(p, rc, "resolving a handle", &resp, &e, res);
		ret = -1;
	}
	free(q);
	http_response_release(&resp);
	return ret;
}

/* The facets of text into b (",\"facets\":[...]"); 0, or the outcome. */
static int
facets(struct poster *p, const char *text, struct buf *b,
    struct post_result *res)
{
	struct post_facet *f;
	size_t n = post_find_facets(text, &f), i, out = 0;
	char *did;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++) {
		did = NULL;
		if (f[i].type == POST_FACET_MENTION) {
			if (resolve(p, f[i].value, &did, res) == -1) {
				ret = -1;
				break;
			}
			if (did == NULL)
				continue;
		}
		buf_adds(b, out++ == 0 ? ",\"facets\":[" : ",");
		buf_printf(b, "{\"index\":{\"byteStart\":%zu,\"byteEnd\":%zu},"
		    "\"features\":[{\"$type\":\"app.bsky.richtext.facet#%s\",",
		    f[i].start, f[i].end, did != NULL ? "mention" : "link");
		buf_adds(b, did != NULL ? "\"did\":" : "\"uri\":");
		if (did != NULL)
			buf_add_json_string(b, did, strlen(did));
		else
			buf_add_json_string(b, f[i].value, strlen(f[i].value));
		buf_adds(b, "}]}");
		free(did);
	}
	if (out > 0)
		buf_adds(b, "]");
	post_facets_free(f, n);
	return ret;
}

static void
sent(struct poster *p, const char *uri, const char *rkey,
    struct post_result *res)
{
	res->status = POST_SENT;
	res->error[0] = '\0';
	strlcpy(res->id, uri, sizeof(res->id));
	snprintf(res->url, sizeof(res->url), "https://bsky.app/profile/%s/"
	    "post/%s", p->did, rkey);
}

/*
 * After a create that may have worked: whether our record key exists.
 * why: what happened to the create.
 */
static enum post_status
confirm(struct poster *p, const char *rkey, const char *why,
    struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	char *q, *esc;
	const char *uri, *name;
	cJSON *j = NULL;
	int rc;

	esc = http_escape(p->did);
	q = xasprintf("repo=%s&collection=" POST_NSID "&rkey=%s", esc, rkey);
	free(esc);
	http_response_init(&resp);
	rc = xrpc(p, HTTP_RETRY_ALL, "com.atproto.repo.getRecord", q, NULL,
	    &resp, &e, res);
	if (rc == 0)
		j = post_json(&resp);
	name = post_jstr(j, "error");
	if (rc == 0 && resp.status == 200 &&
	    (uri = post_jstr(j, "uri")) != NULL) {
		post_notice(p, "bluesky: %s, but record %s exists: an earlier "
		    "attempt posted it", why, rkey);
		sent(p, uri, rkey, res);
	} else if (rc == 0 && resp.status == 400 && name != NULL &&
	    strcmp(name, "RecordNotFound") == 0)
		post_set(res, POST_FAILED, "bluesky: %s (record %s was not "
		    "created)", why, rkey);
	else
		post_set(res, POST_UNKNOWN, "bluesky: %s, and whether record "
		    "%s exists cannot be checked: the post may exist", why,
		    rkey);
	cJSON_Delete(j);
	free(q);
	http_response_release(&resp);
	return res->status;
}

static int
valid_uri(const char *u)
{
	const char *c;

	if (strncmp(u, "at://did:", 9) != 0 || strlen(u) > 400)
		return 0;
	c = strstr(u, "/" POST_NSID "/");
	return c != NULL && c[strlen(POST_NSID) + 2] != '\0' &&
	    strpbrk(u, " \t\r\n\"\\") == NULL;
}

/* The record's text, langs, createdAt and rkey into b. */
static void
record_head(struct buf *b, const struct poster *p,
    const struct post_request *req, const char *rkey)
{
	char when[TIME_RFC3339_LEN];

	time_format(req->created, when);
	buf_adds(b, "{\"repo\":");
	buf_add_json_string(b, p->did, strlen(p->did));
	buf_printf(b, ",\"collection\":\"" POST_NSID "\",\"rkey\":\"%s\","
	    "\"record\":{\"$type\":\"" POST_NSID "\",\"text\":", rkey);
	buf_add_json_string(b, req->text, strlen(req->text));
	/* "...:SSZ" as "...:SS.000Z", the form Bluesky's clients write. */
	buf_printf(b, ",\"createdAt\":\"%.19s.000Z\"", when);
	if (req->lang != NULL && *req->lang != '\0') {
		buf_adds(b, ",\"langs\":[");
		buf_add_json_string(b, req->lang, strlen(req->lang));
		buf_adds(b, "]");
	}
}

enum post_status
post_bluesky_send(struct poster *p, const struct post_request *req,
    struct post_result *res)
{
	struct http_response resp;
	struct cs_error e;
	struct buf b;
	char rkey[POST_TID_LEN], why[sizeof(e.msg) + 16];
	const char *uri, *name;
	cJSON *j;
	int rc;

	if (!valid_uri(req->in_reply_to))
		return post_set(res, POST_FAILED, "bluesky: '%.100s' is not "
		    "the at:// URI of a post", req->in_reply_to);
	if (p->access == NULL && login(p, res) == -1)
		return res->status;
	post_tid(req->key, req->created, rkey);
	buf_init(&b);
	record_head(&b, p, req, rkey);
	if (reply_refs(p, req->in_reply_to, &b, res) == -1 ||
	    facets(p, req->text, &b, res) == -1) {
		buf_release(&b);
		return res->status;
	}
	buf_adds(&b, "}}");
	http_response_init(&resp);
	/* Not 500: the reference PDS's answer to an existing key. */
	rc = xrpc(p, HTTP_RETRY_SENT | HTTP_RETRY_503,
	    "com.atproto.repo.createRecord", NULL,
	    b.s, &resp, &e, res);
	j = rc == 0 ? post_json(&resp) : NULL;
	name = post_jstr(j, "error");
	if (rc == -2)
		;	/* res holds the failed login */
	else if (rc == -1 && !resp.sent)
		post_set(res, POST_FAILED, "bluesky: not sent: %s", e.msg);
	else if (rc == -1) {
		snprintf(why, sizeof(why), "no answer: %s", e.msg);
		confirm(p, rkey, why, res);
	} else if (resp.status == 200 && (uri = post_jstr(j, "uri")) != NULL)
		sent(p, uri, rkey, res);
	else if (resp.status == 429)
		post_limited(p, &resp, res);
	else if (resp.status >= 500 || resp.status == 409 ||
	    resp.status == 200 || (name != NULL &&
	    strstr(name, "Exist") != NULL)) {
		/*
		 * The reference PDS answers a create of an existing record
		 * with 500 InternalServerError; newer ones with a named
		 * error (RecordAlreadyExists, 409).
		 */
		post_http_error(resp.status, resp.body.s, why, sizeof(why));
		confirm(p, rkey, why, res);
	} else
		post_http_fail(p, &resp, POST_FAILED, res);
	cJSON_Delete(j);
	http_response_release(&resp);
	buf_release(&b);
	return res->status;
}
