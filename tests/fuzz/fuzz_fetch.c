/*
 * libFuzzer target for cs-fetch's mappings of network replies to records
 * (lib/fetch_int.h).  The input is a reply body, walked as lib/fetch_net.c
 * walks it: an X API v2 page ("data", "includes.users"), a Mastodon
 * notifications array, or a Bluesky listNotifications reply (its
 * "notifications", with the getPosts views taken from its "posts").
 * Every record must be one JSON object line that the filters take, with
 * the item's id, the network, an RFC 3339 time or the raw one, a string
 * text and a url (null when a Mastodon status has neither "url" nor
 * "uri").
 */
#include "fuzz.h"

#include <cjson/cJSON.h>

#include "fetch_int.h"
#include "timeutil.h"

static size_t fe_warned;

static void
fe_warn(void *arg, const char *msg)
{
	(void)arg;
	FUZZ_CHECK(msg != NULL && *msg != '\0');
	fe_warned++;
}

static const char *
fe_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
fe_digits(const char *s)
{
	return s != NULL && *s != '\0' && s[strspn(s, "0123456789")] == '\0';
}

/* The record in b: its shape, and id and network as given. */
static void
fe_check(const struct buf *b, const char *id, const char *net)
{
	static struct ndjson_shape shape;
	struct cs_error e;
	cJSON *j, *v;

	FUZZ_CHECK(b->len > 0 && memchr(b->s, '\n', b->len) == NULL);
	if (ndjson_check(b->s, b->len, &shape, &e) == -1) {
		fprintf(stderr, "fetch record: %s\n", e.msg);
		FUZZ_CHECK(!"the record is valid JSON");
	}
	j = cJSON_ParseWithLength(b->s, b->len);
	FUZZ_CHECK(j != NULL);
	v = cJSON_GetObjectItemCaseSensitive(j, "id");
	/*
	 * cJSON stops a string at \u0000, as the record's does; bytes that
	 * are not UTF-8 became U+FFFD.
	 */
	FUZZ_CHECK(cJSON_IsString(v));
	if (fuzz_utf8(id, strlen(id))) {
		FUZZ_CHECK(strcmp(v->valuestring, id) == 0);
	}
	FUZZ_CHECK(streq(fe_str(j, "network"), net));
	FUZZ_CHECK(fe_str(j, "created_at") != NULL);
	FUZZ_CHECK(fe_str(j, "text") != NULL);
	FUZZ_CHECK(fe_str(j, "conversation_id") != NULL);
	/* Null only from a Mastodon status without "url" and "uri". */
	v = cJSON_GetObjectItemCaseSensitive(j, "url");
	FUZZ_CHECK(cJSON_IsString(v) || (cJSON_IsNull(v) &&
	    strcmp(net, "mastodon") == 0));
	v = cJSON_GetObjectItemCaseSensitive(j, "author");
	FUZZ_CHECK(cJSON_IsObject(v));
	FUZZ_CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(v,
	    "followers")));
	FUZZ_CHECK(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j,
	    "metrics")));
	cJSON_Delete(j);
}

static void
fe_x(const struct fetch_map *m, struct buf *b, const cJSON *j)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(j, "data"), *t;
	const cJSON *users = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(j, "includes"), "users");

	if (!cJSON_IsArray(data))
		return;
	cJSON_ArrayForEach(t, data) {
		const char *id = fe_str(t, "id");

		if (!fe_digits(id))
			continue;
		fetch_x_record(m, b, t, users, id);
		fe_check(b, id, "x");
	}
}

static void
fe_mastodon(const struct fetch_map *m, struct buf *b, const cJSON *j)
{
	const cJSON *n, *s;
	int i;

	if (!cJSON_IsArray(j))
		return;
	for (i = cJSON_GetArraySize(j) - 1; i >= 0; i--) {
		const char *parent, *id;

		n = cJSON_GetArrayItem(j, i);
		s = cJSON_GetObjectItemCaseSensitive(n, "status");
		if (!fe_digits(fe_str(n, "id")) ||
		    !streq(fe_str(n, "type"), "mention") ||
		    !cJSON_IsObject(s) || (id = fe_str(s, "id")) == NULL)
			continue;
		parent = fe_str(s, "in_reply_to_id");
		fetch_m_record(m, b, s, parent != NULL ? parent : id);
		fe_check(b, id, "mastodon");
	}
}

static void
fe_bluesky(const struct fetch_map *m, struct buf *b, const cJSON *j)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(j,
	    "notifications"), *n;
	time_t t;

	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(n, list) {
		const char *uri = fe_str(n, "uri"), *reason = fe_str(n,
		    "reason"), *ix = fe_str(n, "indexedAt");

		if (uri == NULL || ix == NULL || time_parse(ix, &t) == -1 ||
		    (!streq(reason, "mention") && !streq(reason, "reply")))
			continue;
		fetch_b_record(m, b, n, fetch_b_view(j, uri));
		fe_check(b, uri, "bluesky");
	}
}

FUZZ_ENTRY(fetch)
{
	static const char *const cmd[] = { "x", "mastodon", "bluesky" };
	struct fetch_map m;
	struct buf b;
	cJSON *j;
	int which;

	if (size < 1)
		return 0;
	which = data[0] % 3;
	if ((j = cJSON_ParseWithLength((const char *)data + 1, size - 1)) ==
	    NULL)
		return 0;
	m.acct = "acme";
	m.did = "did:plc:acme";
	m.cmd = cmd[which];
	m.warn = fe_warn;
	m.arg = NULL;
	buf_init(&b);
	if (which == 0)
		fe_x(&m, &b, j);
	else if (which == 1)
		fe_mastodon(&m, &b, j);
	else
		fe_bluesky(&m, &b, j);
	buf_release(&b);
	cJSON_Delete(j);
	return 0;
}
