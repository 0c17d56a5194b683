/*
 * libFuzzer target for the parts of the posters that read what a network
 * sends back (lib/post*.c): post_http_error and post_x_classify over a
 * status and a reply body, and post_find_facets over a reply's text.
 * The first two bytes of the input choose the status, the rest is the
 * body.  An error is one printable line that fits its buffer, starts
 * with "HTTP N: " and is valid UTF-8 when the body is (it ends up in the
 * record's reply); X's outcome is SENT only with a post id of digits;
 * facets lie inside the text, in order, without overlap, with a value.
 * The body is also read as Bluesky's getPosts reply (post_bluesky_refs,
 * lib/post_int.h): the reply refs written are valid JSON and name the
 * post answered as the parent.
 */
#include "fuzz.h"

#include <strings.h>

#include "post.h"
#include "post_int.h"

static void
po_line(const char *s, size_t size, int valid)
{
	size_t i, len = strlen(s);

	FUZZ_CHECK(len < size);
	for (i = 0; i < len; i++)
		FUZZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
	if (valid) {
		FUZZ_CHECK(fuzz_utf8(s, len));
	}
}

static void
po_refs(const char *body)
{
	static const char *const fallback = "at://did:plc:a/app.bsky.feed."
	    "post/3k";
	cJSON *j = cJSON_Parse(body), *root, *parent;
	const char *uri;
	struct buf b;

	if (j == NULL)
		return;
	uri = post_jstr(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j,
	    "posts"), 0), "uri");
	if (uri == NULL)
		uri = fallback;
	buf_init(&b);
	buf_adds(&b, "{\"x\":1");
	if (post_bluesky_refs(j, uri, &b) == 0) {
		buf_addc(&b, '}');
		FUZZ_CHECK(fuzz_json(b.s, b.len, '{'));
		root = cJSON_Parse(b.s);
		parent = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(root, "reply"), "parent");
		/* The uri answered comes from a record: UTF-8. */
		if (fuzz_utf8(uri, strlen(uri))) {
			FUZZ_CHECK(streq(post_jstr(parent, "uri"), uri));
		}
		FUZZ_CHECK(post_jstr(parent, "cid") != NULL);
		cJSON_Delete(root);
	} else {
		FUZZ_CHECK(b.len == 6);
	}
	buf_release(&b);
	cJSON_Delete(j);
}

static void
po_facets(const char *text)
{
	struct post_facet *f;
	size_t n, i, len = strlen(text);

	n = post_find_facets(text, &f);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(f[i].start < f[i].end && f[i].end <= len);
		FUZZ_CHECK(i == 0 || f[i - 1].end <= f[i].start);
		FUZZ_CHECK(f[i].value != NULL && *f[i].value != '\0');
		if (f[i].type == POST_FACET_MENTION) {
			FUZZ_CHECK(text[f[i].start] == '@');
			FUZZ_CHECK(f[i].end - f[i].start ==
			    strlen(f[i].value) + 1 && memcmp(f[i].value,
			    text + f[i].start + 1, f[i].end - f[i].start - 1) ==
			    0);
		} else {
			FUZZ_CHECK(f[i].type == POST_FACET_LINK);
			/* A scheme's case is the text's ("hTTps://"). */
			FUZZ_CHECK(strncasecmp(f[i].value, "http", 4) == 0);
		}
	}
	post_facets_free(f, n);
}

FUZZ_ENTRY(post)
{
	struct post_result res;
	char out[600], small[24], tid[POST_TID_LEN];
	char *body;
	long status;
	int valid;
	enum post_status st;

	if (size < 2)
		return 0;
	status = 100 + (data[0] << 8 | data[1]) % 500;
	body = xstrndup((const char *)data + 2, size - 2);
	valid = fuzz_utf8(body, strlen(body));

	post_http_error(status, body, out, sizeof(out));
	po_line(out, sizeof(out), valid);
	FUZZ_CHECK(strncmp(out, "HTTP ", 5) == 0);
	post_http_error(status, body, small, sizeof(small));
	po_line(small, sizeof(small), valid);

	memset(&res, 0, sizeof(res));
	st = post_x_classify(status, body, 1795000000, &res);
	FUZZ_CHECK(st == res.status);
	po_line(res.error, sizeof(res.error), valid);
	if (st == POST_SENT) {
		FUZZ_CHECK(status == 200 || status == 201);
		FUZZ_CHECK(res.id[0] != '\0' &&
		    res.id[strspn(res.id, "0123456789")] == '\0');
		FUZZ_CHECK(strncmp(res.url, "https://x.com/", 14) == 0);
	} else if (st == POST_RATE_LIMITED) {
		FUZZ_CHECK(status == 429 && res.retry_at == 1795000000);
	} else {
		FUZZ_CHECK(st == POST_FAILED || st == POST_UNKNOWN);
		FUZZ_CHECK(res.error[0] != '\0');
	}

	po_facets(body);
	po_refs(body);
	FUZZ_CHECK(post_visibility(body, NULL) != NULL);
	post_tid(body, (time_t)data[0] << 24 | (time_t)data[1] << 8, tid);
	FUZZ_CHECK(post_tid_valid(tid));
	(void)post_tid_valid(body);
	free(body);
	return 0;
}
