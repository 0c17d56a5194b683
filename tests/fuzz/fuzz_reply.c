/*
 * libFuzzer target for cs-reply's drafting (lib/reply.c) of one record
 * with the built-in templates.  The reply is one JSON object, spliced
 * into a valid line; a draft is valid UTF-8, measures as its "length"
 * says and within its "limit" on the record's network, and mentions
 * nobody but the author; a sent reply is kept.  The author's name is
 * cleaned (reply_clean_label) to text without sigils, control
 * characters or more than its code points.
 */
#include "fuzz.h"

#include <strings.h>

#include "reply.h"
#include "template.h"
#include "twtext.h"

static struct template_set re_set;
static struct reply re_rp;
static const char *const re_required[] = { "id", NULL };

static void
re_draft(const struct record *r, const char *json)
{
	const char *net = record_str(r, "network"), *handle, *text;
	struct twtext_entities m;
	cJSON *j, *len, *lim;
	size_t i;

	j = cJSON_Parse(json);
	FUZZ_CHECK(j != NULL);
	text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j,
	    "text"));
	len = cJSON_GetObjectItemCaseSensitive(j, "length");
	lim = cJSON_GetObjectItemCaseSensitive(j, "limit");
	FUZZ_CHECK(text != NULL && cJSON_IsNumber(len) && cJSON_IsNumber(lim));
	FUZZ_CHECK(fuzz_utf8(text, strlen(text)));
	FUZZ_CHECK(reply_measure(net, text, strlen(text)) ==
	    (size_t)len->valuedouble);
	FUZZ_CHECK(len->valuedouble <= lim->valuedouble);
	FUZZ_CHECK((size_t)lim->valuedouble == reply_limit(&re_rp.conf, net));
	handle = record_str(r, "author.handle");
	if (handle != NULL && *handle == '@')
		handle++;
	twtext_entities_init(&m);
	twtext_extract_mentions(&m, text, strlen(text));
	for (i = 0; i < m.n; i++) {
		const char *v = text + m.v[i].voff;

		if (handle == NULL || strlen(handle) < m.v[i].vlen ||
		    strncasecmp(v, handle, m.v[i].vlen) != 0 ||
		    (handle[m.v[i].vlen] != '\0' &&
		    handle[m.v[i].vlen] != '@')) {
			fprintf(stderr, "draft mentions '%.*s'\n",
			    (int)m.v[i].vlen, v);
			FUZZ_CHECK(!"the draft mentions only the author");
		}
	}
	twtext_entities_release(&m);
	cJSON_Delete(j);
}

static void
re_label(const char *s)
{
	struct buf out;
	size_t i;

	if (s == NULL)
		return;
	buf_init(&out);
	reply_clean_label(s, strlen(s), REPLY_NAME_MAX, &out);
	FUZZ_CHECK(fuzz_utf8(out.s, out.len));
	FUZZ_CHECK(fuzz_cps(out.s, out.len) <= REPLY_NAME_MAX);
	for (i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.s[i];

		FUZZ_CHECK(c >= 0x20 && c != 0x7f && c != '@' && c != '#' &&
		    c != '$');
	}
	buf_release(&out);
}

FUZZ_ENTRY(reply)
{
	struct fuzz_record fr;
	struct cs_error e;
	enum reply_result rr;

	if (re_set.nlist == 0) {
		template_init(&re_set);
		if (template_load_builtin(&re_set, &e) == -1)
			abort();
		reply_init(&re_rp, &re_set);
	}
	/* cs-reply's required fields. */
	if (fuzz_record_open(&fr, data, size, re_required) == -1)
		return 0;
	re_label(record_str(&fr.r, "author.name"));
	rr = reply_draft(&re_rp, &fr.r);
	if (rr != REPLY_KEEP) {
		FUZZ_CHECK(fuzz_json(re_rp.json.s, re_rp.json.len, '{'));
		fuzz_record_splice(&fr.r, "reply", re_rp.json.s,
		    re_rp.json.len);
		if (rr == REPLY_DRAFT)
			re_draft(&fr.r, re_rp.json.s);
		else {
			FUZZ_CHECK(strstr(re_rp.json.s,
			    "\"status\":\"skipped\"") != NULL);
		}
	}
	fuzz_record_close(&fr);
	return 0;
}
