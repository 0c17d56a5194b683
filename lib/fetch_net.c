/*
 * fetch_net: the front end of cs-fetch's network subcommands (x,
 * mastodon, bluesky, check).  Like filter.c and cli.c it is a command's
 * shared front end, so it prints diagnostics and progress on standard
 * error; the network work itself goes through http.c (the only libcurl
 * user) and store.c (the only SQLite user).
 *
 * Exactly once, across crashes: every page's records are written and
 * flushed before the ids they carry are committed to the state database
 * as seen, and the cursor moves only in that same commit.  A run killed
 * anywhere re-reads from the last commit, and the ids seen drop what was
 * already emitted; the only window in which a record can repeat is
 * between a flush and the commit that follows it.  Each fresh pass starts
 * an overlap window (--overlap) before the newest item of the last one,
 * so late-indexed posts are caught.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "creds.h"
#include "fetch.h"
#include "fetch_int.h"
#include "html.h"
#include "http.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"

#define X_WINDOW		800	/* mentions reachable by paging */
#define SEEN_KEEP		(30L * 86400)
#define DEFAULT_OVERLAP		600
#define DEFAULT_MAX_WAIT	900

enum result {
	FR_OK,
	FR_FAIL,		/* exit 1 */
	FR_TEMP,		/* exit 75: 5xx or network errors persist */
	FR_LIMITED,	/* exit 75: rate limited */
	FR_BUDGET,	/* --max-reads reached: exit 0 */
	FR_MAX,		/* --max reached: exit 0 */
	FR_PIPE		/* the reader went away: exit 0, quietly */
};

enum {
	OPT_ACCOUNT = 256,
	OPT_API_BASE,
	OPT_CONFIG,
	OPT_CONNECT_TIMEOUT,
	OPT_CREDENTIALS,
	OPT_MAX,
	OPT_MAX_READS,
	OPT_MAX_WAIT,
	OPT_MENTIONS,
	OPT_OVERLAP,
	OPT_PAGE_SIZE,
	OPT_RETRIES,
	OPT_RETRY_DELAY,
	OPT_SEARCH,
	OPT_SINCE,
	OPT_STATE,
	OPT_TIMEOUT,
	OPT_UNTIL,
	OPT_WAIT
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "api-base", required_argument, NULL, OPT_API_BASE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "credentials", required_argument, NULL, OPT_CREDENTIALS },
	{ "help", no_argument, NULL, 'h' },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "max-reads", required_argument, NULL, OPT_MAX_READS },
	{ "max-wait", required_argument, NULL, OPT_MAX_WAIT },
	{ "mentions", required_argument, NULL, OPT_MENTIONS },
	{ "overlap", required_argument, NULL, OPT_OVERLAP },
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "retry-delay", required_argument, NULL, OPT_RETRY_DELAY },
	{ "search", required_argument, NULL, OPT_SEARCH },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "verbose", no_argument, NULL, 'v' },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ NULL, 0, NULL, 0 },
};

/* One run of one subcommand. */
struct run {
	const char	*cmd;		/* "x", "mastodon", "bluesky" */
	/* Options. */
	const char	*account, *api_base_opt, *config_path, *creds_path;
	const char	*mentions, *search, *since, *until, *state_path;
	long long	 max, max_reads;
	long		 max_wait, overlap, page_size;
	long		 timeout_ms, connect_timeout_ms, retry_delay_ms;
	int		 retries, wait, quiet, verbose, progress;
	/* Resources. */
	struct config	 cfg;
	struct creds	 cr;
	struct store	*st;
	struct http	*http;
	char		*base;		/* without a final '/' */
	char		*auth;		/* the Authorization header */
	char		*stream;	/* "mentions", "search:QUERY" */
	const char	*net;		/* network name in the records */
	char		*acct;		/* our handle, no '@' */
	/* Bluesky: handle, app password, refresh token, our DID. */
	char		*ident, *password, *refresh, *did;
	/* Counters. */
	long		 emitted, skipped, requests, reads, pages;
	long		 waited;	/* seconds spent on rate limits */
	int		 progress_shown;
	long		 soft_status;	/* api() returns it as FR_OK */
	int		 checking;	/* cs-fetch check */
	int		 have_date;	/* skew is known */
	long		 skew;		/* ours less the server's */
	char		 remaining[32];	/* rate limit left */
	time_t		 reset;		/* its reset, or 0 */
	const char	*cred_from;	/* where the secret came from */
	struct buf	 rec;		/* the record being built */
};

static void
progress(struct run *r, int done)
{
	if (!r->progress)
		return;
	fprintf(stderr, "\r%s: %s: %ld page%s, %ld new, %ld already seen, "
	    "%ld read", getprogname(), r->cmd, r->pages,
	    r->pages == 1 ? "" : "s", r->emitted, r->skipped, r->reads);
	if (done)
		fputc('\n', stderr);
	r->progress_shown = !done;
	fflush(stderr);
}

/* A message on its own line, even while a progress line is shown. */
static void
say(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->progress_shown) {
		fputc('\n', stderr);
		r->progress_shown = 0;
	}
	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

static void
http_notice(void *arg, const char *msg)
{
	struct run *r = arg;

	if (!r->quiet)
		say(r, "%s: %s", r->cmd, msg);
}

/* Decimal id comparison: a longer one is larger. */
static int
idcmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double
jnum(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int
jbool(const cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const char *
limit_remaining(const struct http_response *resp)
{
	const char *v;

	if ((v = http_header(resp, "x-rate-limit-remaining")) == NULL &&
	    (v = http_header(resp, "x-ratelimit-remaining")) == NULL)
		v = http_header(resp, "ratelimit-remaining");
	return v;
}

/*
 * One API call.  Waits out a 429 when --wait allows; turns every other
 * failure into a message and a result.  On FR_OK *json holds the parsed
 * body (cJSON_Delete it) and resp the reply.
 */
static enum result
api(struct run *r, const char *method, const char *url, const char *body,
    const char *const *extra, struct http_response *resp, cJSON **json)
{
	const char *hdrs[6];
	struct cs_error e;
	char ex[201], when[TIME_RFC3339_LEN];
	size_t n = 0;
	time_t now, reset;
	long w;

	*json = NULL;
	if (r->auth != NULL)
		hdrs[n++] = r->auth;
	hdrs[n++] = "Accept: application/json";
	if (body != NULL)
		hdrs[n++] = "Content-Type: application/json";
	for (; extra != NULL && *extra != NULL && n < CS_NELEM(hdrs) - 1;
	    extra++)
		hdrs[n++] = *extra;
	hdrs[n] = NULL;
	for (;;) {
		r->requests++;
		if (http_request(r->http, method, url, hdrs, body,
		    body != NULL ? strlen(body) : 0, resp, &e) == -1) {
			say(r, "%s: %s", r->cmd, e.msg);
			return resp->fatal ? FR_FAIL : FR_TEMP;
		}
		if (r->verbose) {
			const char *rem = limit_remaining(resp);

			say(r, "%s: %s %s: HTTP %ld%s%s", r->cmd, method, url,
			    resp->status, rem != NULL ? ", rate limit left " :
			    "", rem != NULL ? rem : "");
		}
		now = time(NULL);
		{
			const char *rem = limit_remaining(resp);
			time_t d;

			if (http_date(resp, &d) == 0) {
				r->skew = (long)(now - d);
				r->have_date = 1;
			}
			strlcpy(r->remaining, rem != NULL ? rem : "",
			    sizeof(r->remaining));
			r->reset = http_limit_reset(resp, now);
		}
		if (resp->status != 429)
			break;
		reset = http_limit_reset(resp, now);
		/* No reset given: a minute; one already past: a second. */
		if (reset == 0)
			w = 60;
		else
			w = reset > now ? (long)(reset - now) + 1 : 1;
		reset = now + w;
		time_format(reset, when);
		if (!r->wait || r->waited + w > r->max_wait) {
			say(r, "%s: rate limited (HTTP 429) until %s%s", r->cmd,
			    when, r->wait ? ": longer than --max-wait" : "");
			return FR_LIMITED;
		}
		if (!r->quiet)
			say(r, "%s: rate limited (HTTP 429); waiting %ld s "
			    "until %s", r->cmd, w, when);
		http_sleep_ms(w * 1000);
		r->waited += w;
	}
	http_excerpt(resp, ex, sizeof(ex) - 1);
	if (resp->status >= 500) {
		say(r, "%s: %s: HTTP %ld after %d attempts: %s", r->cmd, url,
		    resp->status, resp->attempts, ex);
		return FR_TEMP;
	}
	*json = cJSON_ParseWithLength(resp->body.s != NULL ? resp->body.s :
	    "", resp->body.len);
	/* A status the caller handles itself (404 for a deleted post). */
	if (r->soft_status != 0 && resp->status == r->soft_status)
		return FR_OK;
	if (resp->status != 200 && resp->status != 201) {
		say(r, "%s: %s: HTTP %ld: %s%s", r->cmd, url, resp->status, ex,
		    resp->status == 401 || resp->status == 403 ?
		    " (check the credentials)" : "");
		cJSON_Delete(*json);
		*json = NULL;
		return FR_FAIL;
	}
	if (*json == NULL) {
		say(r, "%s: %s: HTTP %ld: response is not JSON (%zu bytes): "
		    "%s", r->cmd, url, resp->status, resp->body.len, ex);
		return FR_FAIL;
	}
	if ((n = http_utf8_span(resp->body.s, resp->body.len)) !=
	    resp->body.len) {
		say(r, "%s: %s: HTTP %ld: response is not UTF-8 (byte %zu of "
		    "%zu)", r->cmd, url, resp->status, n + 1, resp->body.len);
		cJSON_Delete(*json);
		*json = NULL;
		return FR_FAIL;
	}
	return FR_OK;
}

/* Flush the page's records, then commit what they carry. */
static enum result
commit(struct run *r)
{
	struct cs_error e;

	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return FR_PIPE;
		say(r, "write error: %s", strerror(errno));
		return FR_FAIL;
	}
	if (store_commit(r->st, &e) == -1) {
		say(r, "%s", e.msg);
		return FR_FAIL;
	}
	return FR_OK;
}

/*
 * Emit the record in r->rec unless id was seen; remember it.  Returns
 * 1 emitted, 0 skipped, -1 on a state error.
 */
static int
emit(struct run *r, const char *id, time_t created)
{
	struct cs_error e;
	int seen;

	if ((seen = store_seen(r->st, r->net, r->acct, r->stream, id,
	    &e)) == -1) {
		say(r, "%s", e.msg);
		return -1;
	}
	if (seen) {
		r->skipped++;
		return 0;
	}
	buf_addc(&r->rec, '\n');
	fwrite(r->rec.s, 1, r->rec.len, stdout);
	if (store_seen_add(r->st, r->net, r->acct, r->stream, id, created,
	    time(NULL), &e) == -1) {
		say(r, "%s", e.msg);
		return -1;
	}
	r->emitted++;
	return 1;
}

static void
add_key(struct buf *b, const char *key)
{
	if (b->len > 0 && b->s[b->len - 1] != '{')
		buf_addc(b, ',');
	buf_add_json_string(b, key, strlen(key));
	buf_addc(b, ':');
}

static void
add_str(struct buf *b, const char *key, const char *v)
{
	add_key(b, key);
	if (v == NULL)
		buf_adds(b, "null");
	else
		buf_add_json_string(b, v, strlen(v));
}

static void
add_int(struct buf *b, const char *key, double v)
{
	add_key(b, key);
	buf_printf(b, "%.0f", v);
}

/* RFC 3339 UTC at second precision; the raw text if unreadable. */
static time_t
add_time(const struct fetch_map *m, struct buf *b, const char *key,
    const char *v, const char *id)
{
	char out[TIME_RFC3339_LEN];
	time_t t;

	if (v != NULL && time_parse(v, &t) == 0) {
		time_format(t, out);
		add_str(b, key, out);
		return t;
	}
	if (m->warn != NULL) {
		char *msg = xasprintf("%s: %s: bad %s '%s'", m->cmd, id, key,
		    v != NULL ? v : "");

		m->warn(m->arg, msg);
		free(msg);
	}
	add_str(b, key, v != NULL ? v : "");
	return time(NULL);
}

/* The record builders of fetch_int.h, with the run's account and say(). */
static void
map_warn(void *arg, const char *msg)
{
	say(arg, "%s", msg);
}

static void
run_map(struct run *r, struct fetch_map *m)
{
	m->acct = r->acct;
	m->did = r->did;
	m->cmd = r->cmd;
	m->warn = map_warn;
	m->arg = r;
}

/* Build the record of tweet t into r->rec; returns its time. */
static time_t
x_record(struct run *r, const cJSON *t, const cJSON *users, const char *id)
{
	struct fetch_map m;

	run_map(r, &m);
	return fetch_x_record(&m, &r->rec, t, users, id);
}

/* Build the record of status s into r->rec; returns its time. */
static time_t
m_record(struct run *r, const cJSON *s, const char *root)
{
	struct fetch_map m;

	run_map(r, &m);
	return fetch_m_record(&m, &r->rec, s, root);
}

/* Build the record of notification n (post view v, may be NULL). */
static time_t
b_record(struct run *r, const cJSON *n, const cJSON *v)
{
	struct fetch_map m;

	run_map(r, &m);
	return fetch_b_record(&m, &r->rec, n, v);
}

/* --------------------------------------------------------------- X */

static const cJSON *
x_user(const cJSON *users, const char *uid)
{
	const cJSON *u;

	cJSON_ArrayForEach(u, users) {
		const char *id = jstr(u, "id");

		if (id != NULL && uid != NULL && strcmp(id, uid) == 0)
			return u;
	}
	return NULL;
}

time_t
fetch_x_record(const struct fetch_map *m, struct buf *b, const cJSON *t,
    const cJSON *users, const char *id)
{
	const cJSON *u, *pm, *refs, *ref;
	const char *text, *handle, *reply = NULL, *conv;
	struct buf tmp;
	time_t created;
	char *url;

	u = x_user(users, jstr(t, "author_id"));
	handle = u != NULL ? jstr(u, "username") : NULL;
	refs = cJSON_GetObjectItemCaseSensitive(t, "referenced_tweets");
	cJSON_ArrayForEach(ref, refs) {
		const char *type = jstr(ref, "type");

		if (type != NULL && strcmp(type, "replied_to") == 0)
			reply = jstr(ref, "id");
	}
	buf_reset(b);
	buf_addc(b, '{');
	add_str(b, "id", id);
	add_str(b, "network", "x");
	add_str(b, "account", m->acct);
	add_str(b, "direction", handle != NULL &&
	    strcasecmp(handle, m->acct) == 0 ? "out" : "in");
	created = add_time(m, b, "created_at", jstr(t, "created_at"), id);
	conv = jstr(t, "conversation_id");
	add_str(b, "conversation_id", conv != NULL ? conv : id);
	add_str(b, "in_reply_to", reply);
	add_key(b, "author");
	buf_addc(b, '{');
	add_str(b, "id", jstr(t, "author_id"));
	add_str(b, "handle", handle);
	add_str(b, "name", u != NULL ? jstr(u, "name") : NULL);
	pm = u != NULL ? cJSON_GetObjectItemCaseSensitive(u,
	    "public_metrics") : NULL;
	add_int(b, "followers", jnum(pm, "followers_count"));
	add_key(b, "verified");
	buf_adds(b, u != NULL && jbool(u, "verified") ? "true" : "false");
	buf_addc(b, '}');
	/* X escapes &, < and > in text as entities. */
	text = jstr(t, "text");
	buf_init(&tmp);
	buf_add(&tmp, "", 0);
	if (text != NULL)
		html_unescape(text, strlen(text), &tmp);
	add_str(b, "text", tmp.s);
	buf_release(&tmp);
	add_str(b, "lang", jstr(t, "lang"));
	url = xasprintf("https://x.com/%s/status/%s", handle != NULL ?
	    handle : "i", id);
	add_str(b, "url", url);
	free(url);
	pm = cJSON_GetObjectItemCaseSensitive(t, "public_metrics");
	add_key(b, "metrics");
	buf_printf(b, "{\"reposts\":%.0f,\"replies\":%.0f,\"likes\":%.0f,"
	    "\"quotes\":%.0f}", jnum(pm, "retweet_count"),
	    jnum(pm, "reply_count"), jnum(pm, "like_count"),
	    jnum(pm, "quote_count"));
	buf_addc(b, '}');
	return created;
}

/* Our user id: from the state database, else /2/users/by/username. */
static enum result
x_user_id(struct run *r, char **uid)
{
	struct http_response resp;
	struct cs_error e;
	enum result rc;
	cJSON *j;
	char *url, *h;
	const char *id, *detail;
	const cJSON *errs;

	*uid = NULL;
	switch (store_meta_get(r->st, "x", r->acct, "user_id", uid, &e)) {
	case 0:
		return FR_OK;
	case -1:
		say(r, "%s", e.msg);
		return FR_FAIL;
	default:
		break;
	}
	h = http_escape(r->acct);
	url = xasprintf("%s/2/users/by/username/%s", r->base, h);
	free(h);
	http_response_init(&resp);
	rc = api(r, "GET", url, NULL, NULL, &resp, &j);
	if (rc == FR_OK) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "data");

		if ((id = jstr(d, "id")) != NULL && all_digits(id)) {
			*uid = xstrdup(id);
			if (store_meta_put(r->st, "x", r->acct, "user_id", id,
			    time(NULL), &e) == -1 ||
			    store_commit(r->st, &e) == -1) {
				say(r, "%s", e.msg);
				rc = FR_FAIL;
			}
		} else {
			errs = cJSON_GetObjectItemCaseSensitive(j, "errors");
			detail = jstr(cJSON_GetArrayItem(errs, 0), "detail");
			say(r, "x: no such account '%s': %s", r->acct,
			    detail != NULL ? detail :
			    "no user id in the reply");
			rc = FR_FAIL;
		}
	}
	cJSON_Delete(j);
	http_response_release(&resp);
	free(url);
	return rc;
}

/* --since/--until: an id, or a time in X's second-granularity form. */
static void
x_bound(struct buf *q, const char *v, const char *idname,
    const char *timename)
{
	char when[TIME_RFC3339_LEN];
	time_t t;

	if (v == NULL)
		return;
	if (all_digits(v)) {
		buf_printf(q, "&%s=%s", idname, v);
		return;
	}
	if (time_parse(v, &t) == 0) {
		time_format(t, when);
		buf_printf(q, "&%s=%s", timename, when);
	}
}

static enum result
cursor_save(struct run *r, const struct store_cursor *c)
{
	struct cs_error e;

	if (store_cursor_put(r->st, r->net, r->acct, r->stream, c, time(NULL),
	    &e) == -1) {
		say(r, "%s", e.msg);
		return FR_FAIL;
	}
	return FR_OK;
}

/* Replace *dst with a copy of src (NULL allowed). */
static void
set_str(char **dst, const char *src)
{
	char *n = src != NULL ? xstrdup(src) : NULL;

	free(*dst);
	*dst = n;
}

/*
 * The end of a pass: the next one resumes --overlap before the newest
 * item, at the largest id seen at or before that time.
 */
static enum result
finish_pass(struct run *r, struct store_cursor *c)
{
	struct cs_error e;
	char *id = NULL;
	int rc;

	/* Bluesky's ids are URIs: its resume point is a time (b_run). */
	if (c->pass_newest != NULL && strcmp(r->net, "bluesky") != 0) {
		rc = store_seen_resume(r->st, r->net, r->acct, r->stream,
		    c->pass_newest_at - r->overlap, &id, &e);
		if (rc == -1) {
			say(r, "%s", e.msg);
			return FR_FAIL;
		}
		if (id != NULL && (c->resume == NULL ||
		    idcmp(id, c->resume) > 0)) {
			free(c->resume);
			c->resume = id;
			id = NULL;
		}
		free(id);
	}
	set_str(&c->pass_token, NULL);
	set_str(&c->pass_newest, NULL);
	c->pass_newest_at = 0;
	c->pass_count = 0;
	if (store_seen_prune(r->st, r->net, r->acct, r->stream,
	    time(NULL) - SEEN_KEEP, &e) == -1) {
		say(r, "%s", e.msg);
		return FR_FAIL;
	}
	return FR_OK;
}

/*
 * The pager's shared steps.  Each network walks its own pages, but a
 * pass is kept the same way: the cursor is loaded unless the run is
 * one-shot (--since/--until), a pass that stopped early is resumed from
 * its token and followed by a fresh one, each page ends by saving the
 * cursor and committing, and an early stop remembers where it stood.
 */

/*
 * The saved cursor of this stream into c (left empty when oneshot):
 * 1 if there is one, 0 if not, -1 on an error (said).
 */
static int
cursor_load(struct run *r, int oneshot, struct store_cursor *c)
{
	struct cs_error e;
	int got;

	if (oneshot)
		return 0;
	got = store_cursor_get(r->st, r->net, r->acct, r->stream, c, &e);
	if (got == -1) {
		say(r, "%s", e.msg);
		return -1;
	}
	return got == 0;
}

/*
 * Whether c holds an unfinished pass: then *token is where it stopped.
 * An empty token: a pass stopped before its second page.
 */
static int
pass_resume(const struct store_cursor *c, char **token)
{
	if (c->pass_token == NULL || *c->pass_token == '\0')
		return 0;
	set_str(token, c->pass_token);
	return 1;
}

/*
 * After a pass: one that finished an old pass is followed by a fresh
 * one for what is new (returns 1, *token cleared).
 */
static int
pass_again(enum result rc, int oneshot, int *continuing, char **token)
{
	if (rc != FR_OK || !*continuing || oneshot)
		return 0;
	*continuing = 0;
	set_str(token, NULL);
	return 1;
}

/* The next page's size: --page-size, at most cap, within --max-reads. */
static long long
page_room(const struct run *r, long long cap)
{
	long long m = r->page_size > cap ? cap : r->page_size;

	if (r->max_reads > 0 && r->max_reads - r->reads < m)
		m = r->max_reads - r->reads;
	return m;
}

/* Whether --max records have been written. */
static int
at_max(const struct run *r)
{
	return r->max > 0 && r->emitted >= r->max;
}

/* Re-read the page of token (NULL: the first) next time. */
static void
keep_token(struct store_cursor *c, const char *token)
{
	set_str(&c->pass_token, token != NULL ? token : "");
}

/*
 * Count the record built for id (at time at) into the pass and emit
 * it.  The newest is by id, or on Bluesky (URIs) by time.
 */
static int
pass_emit(struct run *r, struct store_cursor *c, const char *id, time_t at)
{
	int newer;

	if (strcmp(r->net, "bluesky") == 0)
		newer = c->pass_newest_at == 0 || at > c->pass_newest_at;
	else
		newer = c->pass_newest == NULL ||
		    idcmp(id, c->pass_newest) > 0;
	if (newer) {
		set_str(&c->pass_newest, id);
		c->pass_newest_at = at;
	}
	c->pass_count++;
	return emit(r, id, at);
}

/*
 * The end of a page whose cursor step gave sr: save the cursor (unless
 * oneshot), commit and show progress.
 */
static enum result
page_done(struct run *r, struct store_cursor *c, int oneshot,
    enum result sr)
{
	if (!oneshot && sr == FR_OK)
		sr = cursor_save(r, c);
	if (sr == FR_OK)
		sr = commit(r);
	if (sr == FR_OK)
		progress(r, 0);
	return sr;
}

/*
 * Stopped early (rate limit, budget, network, --max): what was written
 * is committed page by page; remember where this pass stands (at token,
 * unless --max kept the page to re-read).  A NULL c: the cursor is
 * already saved, only commit.
 */
static enum result
stop_early(struct run *r, struct store_cursor *c, int oneshot,
    enum result rc, const char *token)
{
	if (rc == FR_OK || rc == FR_FAIL || rc == FR_PIPE || oneshot)
		return rc;
	if (c != NULL && rc != FR_MAX)
		keep_token(c, token);
	if ((c != NULL && cursor_save(r, c) != FR_OK) || commit(r) != FR_OK)
		return FR_FAIL;
	return rc;
}

static enum result
x_run(struct run *r)
{
	static const char fields[] = "tweet.fields=author_id,"
	    "conversation_id,created_at,in_reply_to_user_id,lang,"
	    "public_metrics,referenced_tweets&expansions=author_id"
	    "&user.fields=public_metrics,verified";
	struct store_cursor c;
	struct http_response resp;
	struct buf q;
	enum result rc = FR_OK;
	const cJSON *data, *t, *meta, *users;
	const char *next;
	char *uid = NULL, *token = NULL, *esc;
	int oneshot = r->since != NULL || r->until != NULL, continuing;
	int search = r->search != NULL, lo = search ? 10 : 5;
	int had_cursor;
	long long m;
	cJSON *j = NULL;

	memset(&c, 0, sizeof(c));
	buf_init(&q);
	http_response_init(&resp);
	if (!search && (rc = x_user_id(r, &uid)) != FR_OK)
		goto out;
	if ((had_cursor = cursor_load(r, oneshot, &c)) == -1) {
		rc = FR_FAIL;
		goto out;
	}
	continuing = pass_resume(&c, &token);
	do {
		for (;;) {
			enum result sr = FR_OK;

			if ((m = page_room(r, r->page_size)) < lo) {
				rc = FR_BUDGET;
				break;
			}
			buf_reset(&q);
			if (search) {
				esc = http_escape(r->search);
				buf_printf(&q, "%s/2/tweets/search/recent?"
				    "query=%s&max_results=%lld&%s", r->base,
				    esc, m, fields);
				free(esc);
			} else
				buf_printf(&q, "%s/2/users/%s/mentions?"
				    "max_results=%lld&%s", r->base, uid, m,
				    fields);
			if (oneshot) {
				x_bound(&q, r->since, "since_id", "start_time");
				x_bound(&q, r->until, "until_id", "end_time");
			} else if (c.resume != NULL)
				buf_printf(&q, "&since_id=%s", c.resume);
			if (token != NULL) {
				esc = http_escape(token);
				buf_printf(&q, "&%s=%s", search ? "next_token" :
				    "pagination_token", esc);
				free(esc);
			}
			cJSON_Delete(j);
			if ((rc = api(r, "GET", q.s, NULL, NULL, &resp, &j)) !=
			    FR_OK)
				break;
			r->pages++;
			data = cJSON_GetObjectItemCaseSensitive(j, "data");
			meta = cJSON_GetObjectItemCaseSensitive(j, "meta");
			users = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(j, "includes"),
			    "users");
			if (data == NULL && cJSON_GetObjectItemCaseSensitive(j,
			    "errors") != NULL) {
				t = cJSON_GetArrayItem(
				    cJSON_GetObjectItemCaseSensitive(j,
				    "errors"), 0);
				say(r, "x: %s: %s", q.s, jstr(t, "detail") !=
				    NULL ? jstr(t, "detail") : "error reply");
				rc = FR_FAIL;
				break;
			}
			if (data != NULL && !cJSON_IsArray(data)) {
				say(r, "x: %s: HTTP %ld: \"data\" is not an "
				    "array", q.s, resp.status);
				rc = FR_FAIL;
				break;
			}
			r->reads += cJSON_GetArraySize(data);
			cJSON_ArrayForEach(t, data) {
				const char *id = jstr(t, "id");

				if (id == NULL || !all_digits(id)) {
					say(r, "x: a post without an id in "
					    "the reply: skipped");
					continue;
				}
				if (at_max(r)) {
					rc = FR_MAX;
					break;
				}
				if (pass_emit(r, &c, id,
				    x_record(r, t, users, id)) == -1) {
					rc = FR_FAIL;
					break;
				}
			}
			if (rc == FR_FAIL)
				break;
			next = jstr(meta, "next_token");
			if (rc == FR_MAX)
				keep_token(&c, token);
			else if (next != NULL)
				set_str(&c.pass_token, next);
			else {
				if (had_cursor && !search &&
				    c.pass_count >= X_WINDOW)
					say(r, "x: mentions of %s: %ld posts "
					    "since the last run reached X's "
					    "%d-post window without reaching "
					    "the saved cursor (id %s): "
					    "mentions in between may be lost "
					    "(a possible gap); run more "
					    "often", r->acct, c.pass_count,
					    X_WINDOW, c.resume != NULL ?
					    c.resume : "none");
				if (!oneshot)
					sr = finish_pass(r, &c);
			}
			if ((sr = page_done(r, &c, oneshot, sr)) != FR_OK) {
				rc = sr;
				break;
			}
			if (at_max(r) && next != NULL)
				rc = FR_MAX;
			if (rc == FR_MAX || next == NULL)
				break;
			set_str(&token, next);
		}
	} while (pass_again(rc, oneshot, &continuing, &token));
	rc = stop_early(r, &c, oneshot, rc, token);
out:
	cJSON_Delete(j);
	http_response_release(&resp);
	store_cursor_release(&c);
	buf_release(&q);
	free(token);
	free(uid);
	return rc;
}

/* -------------------------------------------------------- Mastodon */

/*
 * The thread root of status id, whose parent is parent (NULL for a
 * root): from the roots remembered in the state database, else from
 * /api/v1/statuses/:parent/context (ancestors[0]).  A parent that is
 * gone (404) is taken as the root.
 */
static enum result
m_root(struct run *r, const char *id, const char *parent, char **root)
{
	struct http_response resp;
	struct cs_error e;
	enum result rc;
	const cJSON *anc;
	cJSON *j = NULL;
	char *key, *url, *esc;
	const char *top;

	*root = NULL;
	if (parent == NULL) {
		*root = xstrdup(id);
		rc = FR_OK;
		goto remember;
	}
	key = xasprintf("root:%s", parent);
	rc = store_meta_get(r->st, r->net, r->acct, key, root, &e) == -1 ?
	    FR_FAIL : FR_OK;
	free(key);
	if (rc == FR_FAIL) {
		say(r, "%s", e.msg);
		return FR_FAIL;
	}
	if (*root == NULL) {
		esc = http_escape(parent);
		url = xasprintf("%s/api/v1/statuses/%s/context", r->base, esc);
		free(esc);
		http_response_init(&resp);
		r->soft_status = 404;
		rc = api(r, "GET", url, NULL, NULL, &resp, &j);
		r->soft_status = 0;
		if (rc == FR_OK) {
			anc = cJSON_GetObjectItemCaseSensitive(j, "ancestors");
			top = resp.status == 200 ?
			    jstr(cJSON_GetArrayItem(anc, 0), "id") : NULL;
			*root = xstrdup(top != NULL ? top : parent);
		}
		cJSON_Delete(j);
		http_response_release(&resp);
		free(url);
		if (rc != FR_OK)
			return rc;
	}
remember:
	/* Replies to this one will find the root without a request. */
	key = xasprintf("root:%s", id);
	if (store_meta_put(r->st, r->net, r->acct, key, *root, time(NULL),
	    &e) == -1) {
		say(r, "%s", e.msg);
		rc = FR_FAIL;
	}
	free(key);
	return rc;
}

time_t
fetch_m_record(const struct fetch_map *m, struct buf *b, const cJSON *s,
    const char *root)
{
	struct buf tmp;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, "account");
	const char *id = jstr(s, "id"), *acct = jstr(a, "acct");
	const char *name = jstr(a, "display_name"), *html, *url;
	time_t created;

	if (name == NULL || *name == '\0')
		name = jstr(a, "username");
	buf_reset(b);
	buf_addc(b, '{');
	add_str(b, "id", id);
	add_str(b, "network", "mastodon");
	add_str(b, "account", m->acct);
	add_str(b, "direction", acct != NULL &&
	    strcasecmp(acct, m->acct) == 0 ? "out" : "in");
	created = add_time(m, b, "created_at", jstr(s, "created_at"), id);
	add_str(b, "conversation_id", root);
	add_str(b, "in_reply_to", jstr(s, "in_reply_to_id"));
	add_key(b, "author");
	buf_addc(b, '{');
	add_str(b, "id", jstr(a, "id"));
	add_str(b, "handle", acct);
	add_str(b, "name", name);
	add_int(b, "followers", jnum(a, "followers_count"));
	add_key(b, "verified");
	buf_adds(b, "false");
	buf_addc(b, '}');
	html = jstr(s, "content");
	buf_init(&tmp);
	buf_add(&tmp, "", 0);
	if (html != NULL)
		html_to_text(html, strlen(html), &tmp);
	add_str(b, "text", tmp.s);
	buf_release(&tmp);
	add_str(b, "lang", jstr(s, "language"));
	url = jstr(s, "url");
	add_str(b, "url", url != NULL ? url : jstr(s, "uri"));
	add_key(b, "metrics");
	buf_printf(b, "{\"reposts\":%.0f,\"replies\":%.0f,\"likes\":%.0f,"
	    "\"quotes\":%.0f}", jnum(s, "reblogs_count"),
	    jnum(s, "replies_count"), jnum(s, "favourites_count"),
	    jnum(s, "quotes_count"));
	/* A private mention must not be answered in public. */
	add_str(b, "visibility", jstr(s, "visibility"));
	buf_addc(b, '}');
	return created;
}

/* Our handle, from verify_credentials, when --account is not given. */
static enum result
m_whoami(struct run *r, char **acct)
{
	struct http_response resp;
	enum result rc;
	cJSON *j;
	char *url = xasprintf("%s/api/v1/accounts/verify_credentials",
	    r->base);
	const char *u;

	*acct = NULL;
	http_response_init(&resp);
	if ((rc = api(r, "GET", url, NULL, NULL, &resp, &j)) == FR_OK) {
		if ((u = jstr(j, "acct")) == NULL)
			u = jstr(j, "username");
		if (u != NULL && *u != '\0')
			*acct = xstrdup(u);
		else {
			say(r, "mastodon: %s: no \"acct\" in the reply", url);
			rc = FR_FAIL;
		}
	}
	cJSON_Delete(j);
	http_response_release(&resp);
	free(url);
	return rc;
}

/*
 * Mentions through /api/v1/notifications?types[]=mention, oldest first:
 * each page is the one just after min_id, so a pass moves forward in
 * time and its position is simply the largest notification id done.
 * The ids seen are notification ids; the records carry status ids.
 */
static enum result
m_run(struct run *r)
{
	struct store_cursor c;
	struct http_response resp;
	struct buf q;
	enum result rc = FR_OK;
	const cJSON *n, *s;
	cJSON *j = NULL;
	char *pos = NULL, *root = NULL, *link = NULL;
	long last_m = 0;
	int oneshot = r->since != NULL || r->until != NULL, i, done = 0;
	time_t since_t = 0, until_t = 0;

	memset(&c, 0, sizeof(c));
	buf_init(&q);
	http_response_init(&resp);
	if (cursor_load(r, oneshot, &c) == -1) {
		rc = FR_FAIL;
		goto out;
	}
	if (r->since != NULL && !all_digits(r->since))
		time_parse(r->since, &since_t);
	if (r->until != NULL && !all_digits(r->until))
		time_parse(r->until, &until_t);
	if (oneshot)
		pos = xstrdup(r->since != NULL && all_digits(r->since) ?
		    r->since : "0");
	else if (c.pass_token != NULL && *c.pass_token != '\0')
		pos = xstrdup(c.pass_token);
	else
		pos = xstrdup(c.resume != NULL ? c.resume : "0");
	while (!done) {
		long m = (long)page_room(r, 80);
		enum result sr = FR_OK;

		if (m < 1) {
			rc = FR_BUDGET;
			break;
		}
		buf_reset(&q);
		if (link != NULL && m == last_m)
			buf_adds(&q, link);
		else {
			buf_printf(&q, "%s/api/v1/notifications?"
			    "types%%5B%%5D=mention&limit=%ld&min_id=%s",
			    r->base, m, pos);
			if (r->until != NULL && all_digits(r->until))
				buf_printf(&q, "&max_id=%s", r->until);
		}
		last_m = m;
		free(link);
		link = NULL;
		cJSON_Delete(j);
		if ((rc = api(r, "GET", q.s, NULL, NULL, &resp, &j)) != FR_OK)
			break;
		if (!cJSON_IsArray(j)) {
			say(r, "mastodon: %s: HTTP %ld: the reply is not an "
			    "array", q.s, resp.status);
			rc = FR_FAIL;
			break;
		}
		r->pages++;
		r->reads += cJSON_GetArraySize(j);
		if (cJSON_GetArraySize(j) == 0)
			done = 1;
		/* Newest first within the page: walk it backwards. */
		for (i = cJSON_GetArraySize(j) - 1; i >= 0; i--) {
			const char *nid, *type;
			time_t at;

			n = cJSON_GetArrayItem(j, i);
			nid = jstr(n, "id");
			type = jstr(n, "type");
			s = cJSON_GetObjectItemCaseSensitive(n, "status");
			if (nid == NULL || !all_digits(nid)) {
				say(r, "mastodon: a notification without an "
				    "id in the reply: skipped");
				continue;
			}
			if (at_max(r)) {
				rc = FR_MAX;
				break;
			}
			if (type == NULL || strcmp(type, "mention") != 0 ||
			    !cJSON_IsObject(s) || jstr(s, "id") == NULL) {
				set_str(&pos, nid);
				continue;
			}
			if (until_t != 0 && time_parse(jstr(n, "created_at") !=
			    NULL ? jstr(n, "created_at") : "", &at) == 0 &&
			    at >= until_t) {
				done = 1;
				break;
			}
			free(root);
			if ((rc = m_root(r, jstr(s, "id"),
			    jstr(s, "in_reply_to_id"), &root)) != FR_OK)
				break;
			at = m_record(r, s, root);
			set_str(&pos, nid);
			if (since_t != 0 && at < since_t)
				continue;
			if (pass_emit(r, &c, nid, at) == -1) {
				rc = FR_FAIL;
				break;
			}
		}
		if (rc != FR_OK && rc != FR_MAX)
			break;
		/*
		 * The server's rel="prev" link asks for the page after this
		 * one; follow it only to our own base (a token must never go
		 * elsewhere) and only when it starts where this page ended.
		 */
		if (rc == FR_OK && !done && r->until == NULL) {
			char *pl = http_link(&resp, "prev");
			char *want = xasprintf("min_id=%s", pos);
			size_t bl = strlen(r->base);

			if (pl != NULL && strncmp(pl, r->base, bl) == 0 &&
			    strncmp(pl + bl, "/api/v1/notifications?", 22) ==
			    0 && strstr(pl, want) != NULL &&
			    strpbrk(pl, " \r\n") == NULL) {
				const char *k = strstr(pl, want) + strlen(want);

				if (*k == '\0' || *k == '&')
					link = pl, pl = NULL;
			}
			free(pl);
			free(want);
		}
		if (!oneshot) {
			if (done)
				sr = finish_pass(r, &c);
			else
				set_str(&c.pass_token, pos);
		}
		if ((sr = page_done(r, &c, oneshot, sr)) != FR_OK) {
			rc = sr;
			break;
		}
		if (rc == FR_MAX)
			break;
	}
	/* Stopped early: where the pass stands is already saved. */
	rc = stop_early(r, NULL, oneshot, rc, NULL);
out:
	cJSON_Delete(j);
	http_response_release(&resp);
	store_cursor_release(&c);
	buf_release(&q);
	free(pos);
	free(root);
	free(link);
	return rc;
}

/* --------------------------------------------------------- Bluesky */

/* createSession or refreshSession: the tokens into r->auth, r->refresh. */
static enum result
b_session(struct run *r, int refresh)
{
	struct http_response resp;
	enum result rc;
	cJSON *j = NULL, *body;
	char *url, *text = NULL, *saved = NULL;
	const char *acc, *ref, *did;

	url = xasprintf("%s/xrpc/com.atproto.server.%s", r->base, refresh ?
	    "refreshSession" : "createSession");
	if (refresh) {
		saved = r->auth;
		r->auth = xasprintf("Authorization: Bearer %s", r->refresh);
	} else {
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "identifier", r->ident);
		cJSON_AddStringToObject(body, "password", r->password);
		text = cJSON_PrintUnformatted(body);
		cJSON_Delete(body);
	}
	http_response_init(&resp);
	rc = api(r, "POST", url, text, NULL, &resp, &j);
	if (text != NULL) {
		explicit_bzero(text, strlen(text));
		cJSON_free(text);
	}
	if (refresh) {
		creds_free(r->auth);
		r->auth = saved;
	}
	if (rc == FR_OK) {
		acc = jstr(j, "accessJwt");
		ref = jstr(j, "refreshJwt");
		did = jstr(j, "did");
		if (acc == NULL || ref == NULL || did == NULL) {
			say(r, "bluesky: %s: no session in the reply", url);
			rc = FR_FAIL;
		} else {
			creds_free(r->auth);
			r->auth = xasprintf("Authorization: Bearer %s", acc);
			creds_free(r->refresh);
			r->refresh = xstrdup(ref);
			set_str(&r->did, did);
			if (r->acct == NULL && jstr(j, "handle") != NULL)
				r->acct = xstrdup(jstr(j, "handle"));
		}
		/* Wipe the tokens in the parsed reply before freeing it. */
		if (acc != NULL)
			explicit_bzero((char *)acc, strlen(acc));
		if (ref != NULL)
			explicit_bzero((char *)ref, strlen(ref));
	}
	if (resp.body.s != NULL)
		explicit_bzero(resp.body.s, resp.body.len);
	cJSON_Delete(j);
	http_response_release(&resp);
	free(url);
	return rc;
}

/*
 * A Bluesky query: an expired access token (400 ExpiredToken) is
 * refreshed once with refreshSession and the call made again.
 */
static enum result
b_get(struct run *r, const char *url, struct http_response *resp,
    cJSON **j)
{
	enum result rc;
	const char *err, *msg;
	int tries;

	for (tries = 0;; tries++) {
		r->soft_status = 400;
		rc = api(r, "GET", url, NULL, NULL, resp, j);
		r->soft_status = 0;
		if (rc != FR_OK || resp->status != 400)
			return rc;
		err = jstr(*j, "error");
		msg = jstr(*j, "message");
		if (tries == 0 && err != NULL &&
		    strcmp(err, "ExpiredToken") == 0) {
			cJSON_Delete(*j);
			*j = NULL;
			if (r->verbose)
				say(r, "bluesky: access token expired; "
				    "refreshing the session");
			if ((rc = b_session(r, 1)) != FR_OK)
				return rc;
			continue;
		}
		say(r, "bluesky: %s: HTTP 400: %s: %s", url, err != NULL ?
		    err : "error", msg != NULL ? msg : "");
		cJSON_Delete(*j);
		*j = NULL;
		return FR_FAIL;
	}
}

/* getPosts for up to 25 uris: the post views, into *views. */
static enum result
b_posts(struct run *r, const char *const *uris, size_t n, cJSON **views)
{
	struct http_response resp;
	struct buf q;
	enum result rc;
	size_t i;
	char *esc;

	buf_init(&q);
	buf_printf(&q, "%s/xrpc/app.bsky.feed.getPosts?", r->base);
	for (i = 0; i < n; i++) {
		esc = http_escape(uris[i]);
		buf_printf(&q, "%suris=%s", i > 0 ? "&" : "", esc);
		free(esc);
	}
	http_response_init(&resp);
	rc = b_get(r, q.s, &resp, views);
	http_response_release(&resp);
	buf_release(&q);
	return rc;
}

const cJSON *
fetch_b_view(const cJSON *views, const char *uri)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(views,
	    "posts")) {
		const char *u = jstr(v, "uri");

		if (u != NULL && strcmp(u, uri) == 0)
			return v;
	}
	return NULL;
}

time_t
fetch_b_record(const struct fetch_map *m, struct buf *b, const cJSON *n,
    const cJSON *v)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(n, "author");
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(n, "record");
	const cJSON *reply = cJSON_GetObjectItemCaseSensitive(rec, "reply");
	const cJSON *langs = cJSON_GetObjectItemCaseSensitive(rec, "langs");
	const char *uri = jstr(n, "uri"), *did = jstr(a, "did");
	const char *hd = jstr(a, "handle"), *name = jstr(a, "displayName");
	const char *root, *parent, *rkey, *when;
	char *url;
	time_t created;

	root = jstr(cJSON_GetObjectItemCaseSensitive(reply, "root"), "uri");
	parent = jstr(cJSON_GetObjectItemCaseSensitive(reply, "parent"),
	    "uri");
	rkey = strrchr(uri, '/') != NULL ? strrchr(uri, '/') + 1 : uri;
	if (name == NULL || *name == '\0')
		name = hd;
	buf_reset(b);
	buf_addc(b, '{');
	add_str(b, "id", uri);
	add_str(b, "network", "bluesky");
	add_str(b, "account", m->acct);
	add_str(b, "direction", did != NULL && m->did != NULL &&
	    strcmp(did, m->did) == 0 ? "out" : "in");
	when = jstr(rec, "createdAt");
	created = add_time(m, b, "created_at", when != NULL ? when :
	    jstr(n, "indexedAt"), uri);
	add_str(b, "conversation_id", root != NULL ? root : uri);
	add_str(b, "in_reply_to", parent);
	add_key(b, "author");
	buf_addc(b, '{');
	add_str(b, "id", did);
	add_str(b, "handle", hd);
	add_str(b, "name", name);
	add_int(b, "followers", jnum(a, "followersCount"));
	add_key(b, "verified");
	buf_adds(b, streq(jstr(cJSON_GetObjectItemCaseSensitive(a,
	    "verification"), "verifiedStatus"), "valid") ? "true" : "false");
	buf_addc(b, '}');
	add_str(b, "text", jstr(rec, "text") != NULL ? jstr(rec, "text") : "");
	add_str(b, "lang", cJSON_IsString(cJSON_GetArrayItem(langs, 0)) ?
	    cJSON_GetArrayItem(langs, 0)->valuestring : NULL);
	url = xasprintf("https://bsky.app/profile/%s/post/%s", hd != NULL ?
	    hd : (did != NULL ? did : "unknown"), rkey);
	add_str(b, "url", url);
	free(url);
	add_key(b, "metrics");
	buf_printf(b, "{\"reposts\":%.0f,\"replies\":%.0f,\"likes\":%.0f,"
	    "\"quotes\":%.0f}", jnum(v, "repostCount"), jnum(v, "replyCount"),
	    jnum(v, "likeCount"), jnum(v, "quoteCount"));
	add_str(b, "reason", jstr(n, "reason"));
	buf_addc(b, '}');
	return created;
}

/*
 * Mentions and replies through listNotifications, newest first.  There
 * is no since parameter: a pass stops at the first notification indexed
 * before the resume time (the newest of the last pass less --overlap).
 */
static enum result
b_run(struct run *r)
{
	struct store_cursor c;
	struct http_response resp;
	struct buf q;
	enum result rc = FR_OK;
	cJSON *j = NULL, *views = NULL;
	const cJSON *list, *n;
	const char *uris[25], *next;
	char *token = NULL, *esc, when[TIME_RFC3339_LEN];
	int oneshot = r->since != NULL || r->until != NULL, continuing;
	int done;
	time_t stop = 0, until_t = 0, t;
	size_t nu;

	memset(&c, 0, sizeof(c));
	buf_init(&q);
	http_response_init(&resp);
	if (cursor_load(r, oneshot, &c) == -1) {
		rc = FR_FAIL;
		goto out;
	}
	if (r->since != NULL)
		time_parse(r->since, &stop);
	if (r->until != NULL)
		time_parse(r->until, &until_t);
	continuing = pass_resume(&c, &token);
	do {
		done = 0;
		if (!oneshot && c.resume != NULL)
			time_parse(c.resume, &stop);
		while (!done) {
			enum result sr = FR_OK;
			long m = (long)page_room(r, 100);

			if (m < 1) {
				rc = FR_BUDGET;
				break;
			}
			buf_reset(&q);
			buf_printf(&q, "%s/xrpc/app.bsky.notification."
			    "listNotifications?reasons=mention&reasons=reply"
			    "&limit=%ld", r->base, m);
			if (token != NULL) {
				esc = http_escape(token);
				buf_printf(&q, "&cursor=%s", esc);
				free(esc);
			}
			cJSON_Delete(j);
			j = NULL;
			if ((rc = b_get(r, q.s, &resp, &j)) != FR_OK)
				break;
			list = cJSON_GetObjectItemCaseSensitive(j,
			    "notifications");
			if (!cJSON_IsArray(list)) {
				say(r, "bluesky: %s: HTTP %ld: no "
				    "\"notifications\" array", q.s,
				    resp.status);
				rc = FR_FAIL;
				break;
			}
			r->pages++;
			r->reads += cJSON_GetArraySize(list);
			/* The posts' counts, 25 at a time. */
			nu = 0;
			cJSON_Delete(views);
			views = cJSON_CreateObject();
			cJSON_AddItemToObject(views, "posts",
			    cJSON_CreateArray());
			cJSON_ArrayForEach(n, list) {
				cJSON *got = NULL, *p, *tmp;

				if (jstr(n, "uri") != NULL)
					uris[nu++] = jstr(n, "uri");
				if (nu < CS_NELEM(uris) && n->next != NULL)
					continue;
				if (nu == 0)
					break;
				if ((rc = b_posts(r, uris, nu, &got)) !=
				    FR_OK)
					break;
				p = cJSON_GetObjectItemCaseSensitive(got,
				    "posts");
				while (cJSON_IsArray(p) &&
				    (tmp = cJSON_DetachItemFromArray(p, 0)) !=
				    NULL)
					cJSON_AddItemToArray(
					    cJSON_GetObjectItemCaseSensitive(
					    views, "posts"), tmp);
				cJSON_Delete(got);
				nu = 0;
			}
			if (rc != FR_OK)
				break;
			cJSON_ArrayForEach(n, list) {
				const char *uri = jstr(n, "uri");
				const char *reason = jstr(n, "reason");
				const char *ix = jstr(n, "indexedAt");

				if (uri == NULL || ix == NULL ||
				    time_parse(ix, &t) == -1) {
					say(r, "bluesky: a notification "
					    "without a uri or indexedAt: "
					    "skipped");
					continue;
				}
				if (stop != 0 && t < stop) {
					done = 1;
					break;
				}
				if (at_max(r)) {
					rc = FR_MAX;
					break;
				}
				if (reason == NULL ||
				    (strcmp(reason, "mention") != 0 &&
				    strcmp(reason, "reply") != 0))
					continue;
				if (until_t != 0 && t >= until_t)
					continue;
				b_record(r, n, fetch_b_view(views, uri));
				if (pass_emit(r, &c, uri, t) == -1) {
					rc = FR_FAIL;
					break;
				}
			}
			if (rc == FR_FAIL)
				break;
			next = jstr(j, "cursor");
			if (next == NULL || cJSON_GetArraySize(list) == 0)
				done = 1;
			if (rc == FR_MAX)
				keep_token(&c, token);
			else if (!done)
				set_str(&c.pass_token, next);
			else if (!oneshot) {
				/* The pass is complete. */
				if (c.pass_newest_at != 0) {
					time_format(c.pass_newest_at -
					    r->overlap, when);
					if (c.resume == NULL ||
					    time_parse(c.resume, &t) == -1 ||
					    c.pass_newest_at - r->overlap > t)
						set_str(&c.resume, when);
				}
				sr = finish_pass(r, &c);
			}
			if ((sr = page_done(r, &c, oneshot, sr)) != FR_OK) {
				rc = sr;
				break;
			}
			if (rc == FR_MAX)
				break;
			if (!done)
				set_str(&token, next);
		}
	} while (pass_again(rc, oneshot, &continuing, &token));
	rc = stop_early(r, &c, oneshot, rc, token);
out:
	cJSON_Delete(j);
	cJSON_Delete(views);
	http_response_release(&resp);
	store_cursor_release(&c);
	buf_release(&q);
	free(token);
	return rc;
}

/* ----------------------------------------------------------- check */

static int check_failed;

static void
check_line(struct run *r, int ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
check_line(struct run *r, int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("%s: %s: %s: ", r->cmd, what, ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		check_failed = 1;
}

/*
 * What the network subcommand would use, without fetching: the state
 * database and the stream's cursor, the credentials and where they came
 * from, the account (which the API call that checks it also uses to
 * verify the credentials), our clock against the server's Date, and the
 * rate limit left.
 */
static enum result
check_common(struct run *r, enum result got, const char *account_note)
{
	struct store_cursor c;
	struct cs_error e;
	char when[TIME_RFC3339_LEN];
	int rc;

	check_line(r, 1, "api base", "%s", r->base);
	check_line(r, got == FR_OK || account_note != NULL, "credentials",
	    "from %s%s", r->cred_from != NULL ? r->cred_from : "?",
	    got == FR_OK || account_note != NULL ?
	    ", accepted by the server" : ": refused by the server (see above)");
	rc = store_cursor_get(r->st, r->net, r->acct != NULL ? r->acct : "",
	    r->stream, &c, &e);
	if (rc == -1)
		check_line(r, 0, "state", "%s", e.msg);
	else if (rc == 1)
		check_line(r, 1, "state", "%s: no cursor yet for %s (the first "
		    "run reads all the API offers)", store_path(r->st),
		    r->stream);
	else {
		time_format(c.updated_at, when);
		check_line(r, 1, "state", "%s: %s resumes at %s, saved %s%s",
		    store_path(r->st), r->stream, c.resume != NULL ?
		    c.resume : "the start", when, c.pass_token != NULL ?
		    "; a run was stopped midway and will be completed" : "");
	}
	store_cursor_release(&c);
	if (got != FR_OK) {
		check_line(r, 0, "account", "%s", account_note != NULL ?
		    account_note : "the server refused (see above)");
		return FR_FAIL;
	}
	check_line(r, 1, "account", "%s", account_note);
	if (!r->have_date)
		check_line(r, 0, "clock", "the server sent no Date header");
	else if (r->skew > 60 || r->skew < -60)
		check_line(r, 0, "clock", "ours is %ld s %s the server's: fix "
		    "the clock (NTP), or time limits and rate-limit resets "
		    "will be wrong", r->skew > 0 ? r->skew : -r->skew,
		    r->skew > 0 ? "ahead of" : "behind");
	else
		check_line(r, 1, "clock", "within %ld s of the server's",
		    r->skew >= 0 ? r->skew : -r->skew);
	if (r->remaining[0] != '\0') {
		if (r->reset != 0)
			time_format(r->reset, when);
		check_line(r, strcmp(r->remaining, "0") != 0, "rate limit",
		    "%s requests left%s%s", r->remaining, r->reset != 0 ?
		    ", reset at " : "", r->reset != 0 ? when : "");
	}
	return check_failed ? FR_FAIL : FR_OK;
}

static enum result
check_x(struct run *r)
{
	struct http_response resp;
	struct cs_error e;
	enum result rc;
	cJSON *j = NULL;
	char *url, *h, *note = NULL;
	const char *id;

	h = http_escape(r->acct);
	url = xasprintf("%s/2/users/by/username/%s?user.fields=verified",
	    r->base, h);
	free(h);
	http_response_init(&resp);
	rc = api(r, "GET", url, NULL, NULL, &resp, &j);
	if (rc == FR_OK) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "data");

		if ((id = jstr(d, "id")) != NULL) {
			note = xasprintf("%s is user %s", r->acct, id);
			/* Keep the id: the fetch would look it up anyway. */
			if (store_meta_put(r->st, "x", r->acct, "user_id", id,
			    time(NULL), &e) == -1 ||
			    store_commit(r->st, &e) == -1)
				check_line(r, 0, "state", "%s", e.msg);
		} else {
			const cJSON *er = cJSON_GetArrayItem(
			    cJSON_GetObjectItemCaseSensitive(j, "errors"), 0);

			note = xasprintf("no such account '%s': %s", r->acct,
			    jstr(er, "detail") != NULL ? jstr(er, "detail") :
			    "no user in the reply");
			rc = FR_FAIL;
		}
	}
	rc = check_common(r, rc, note);
	free(note);
	cJSON_Delete(j);
	http_response_release(&resp);
	free(url);
	return rc;
}

static enum result
check_mastodon(struct run *r)
{
	enum result rc;
	char *acct = NULL, *note = NULL;

	rc = m_whoami(r, &acct);
	if (rc == FR_OK) {
		if (r->acct != NULL && strcasecmp(r->acct, acct) != 0) {
			note = xasprintf("the token is %s's, not %s's", acct,
			    r->acct);
			rc = FR_FAIL;
		} else
			note = xasprintf("the token is %s's", acct);
		if (r->acct == NULL)
			r->acct = xstrdup(acct);
	}
	rc = check_common(r, rc, note);
	free(note);
	free(acct);
	return rc;
}

static enum result
check_bluesky(struct run *r, enum result got)
{
	char *note = NULL;
	enum result rc;

	if (got == FR_OK)
		note = xasprintf("session for %s (%s)", r->acct, r->did);
	rc = check_common(r, got, note);
	free(note);
	return rc;
}

/* -------------------------------------------------------- front end */

static const char common_usage[] =
    "                [-qv] [--wait] [--api-base URL] [--config FILE]\n"
    "                [--connect-timeout DURATION] [--credentials FILE] "
    "[--max N]\n"
    "                [--max-reads N] [--max-wait DURATION] "
    "[--overlap DURATION]\n"
    "                [--page-size N] [--retries N] [--retry-delay MS]\n"
    "                [--since ID|TIME] [--state FILE] "
    "[--timeout DURATION]\n"
    "                [--until ID|TIME]\n";

static _Noreturn void
usage(const struct run *r, int status)
{
	FILE *fp = status ? stderr : stdout;

	if (strcmp(r->cmd, "x") == 0)
		fprintf(fp, "usage: cs-fetch x --mentions HANDLE | "
		    "--search QUERY [--account HANDLE]\n%s", common_usage);
	else
		fprintf(fp, "usage: cs-fetch %s [--account HANDLE]\n%s",
		    r->cmd, common_usage);
	exit(status);
}

static long long
number(const char *opt, const char *s, long long min, long long max)
{
	const char *errstr;
	long long n;

	n = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		errx(CS_EXIT_USAGE, "bad %s value '%s': %s", opt, s, errstr);
	return n;
}

static long
duration(const char *opt, const char *s)
{
	long secs;

	if (duration_parse(s, &secs) == -1)
		errx(CS_EXIT_USAGE, "bad %s value '%s': not a duration "
		    "such as 30s, 15m or 1h", opt, s);
	return secs;
}

static void
bound(const char *opt, const char *s)
{
	time_t t;

	if (!all_digits(s) && time_parse(s, &t) == -1)
		errx(CS_EXIT_USAGE, "bad %s value '%s': not an id or an "
		    "RFC 3339 time such as 2026-11-01T09:30:00Z", opt, s);
}

static void
parse(struct run *r, int argc, char **argv)
{
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "+hqv", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_ACCOUNT:
			r->account = optarg;
			break;
		case OPT_API_BASE:
			r->api_base_opt = optarg;
			break;
		case OPT_CONFIG:
			r->config_path = optarg;
			break;
		case OPT_CONNECT_TIMEOUT:
			r->connect_timeout_ms = duration("--connect-timeout",
			    optarg) * 1000;
			break;
		case OPT_CREDENTIALS:
			r->creds_path = optarg;
			break;
		case 'h':
			usage(r, 0);
		case OPT_MAX:
			r->max = number("--max", optarg, 1, LLONG_MAX);
			break;
		case OPT_MAX_READS:
			r->max_reads = number("--max-reads", optarg, 1,
			    LLONG_MAX);
			break;
		case OPT_MAX_WAIT:
			r->max_wait = duration("--max-wait", optarg);
			break;
		case OPT_MENTIONS:
			r->mentions = optarg;
			break;
		case OPT_OVERLAP:
			r->overlap = duration("--overlap", optarg);
			break;
		case OPT_PAGE_SIZE:
			r->page_size = (long)number("--page-size", optarg, 1,
			    100);
			break;
		case 'q':
			r->quiet = 1;
			break;
		case OPT_RETRIES:
			r->retries = (int)number("--retries", optarg, 0, 20);
			break;
		case OPT_RETRY_DELAY:
			r->retry_delay_ms = (long)number("--retry-delay",
			    optarg, 1, 600000);
			break;
		case OPT_SEARCH:
			r->search = optarg;
			break;
		case OPT_SINCE:
			bound("--since", optarg);
			r->since = optarg;
			break;
		case OPT_STATE:
			r->state_path = optarg;
			break;
		case OPT_TIMEOUT:
			r->timeout_ms = duration("--timeout", optarg) * 1000;
			break;
		case OPT_UNTIL:
			bound("--until", optarg);
			r->until = optarg;
			break;
		case 'v':
			r->verbose = 1;
			break;
		case OPT_WAIT:
			r->wait = 1;
			break;
		default:
			usage(r, CS_EXIT_USAGE);
		}
	}
	if (optind != argc) {
		warnx("%s: unexpected operand '%s'", r->cmd, argv[optind]);
		usage(r, CS_EXIT_USAGE);
	}
}

/* Our handle: no '@', not empty, no spaces or slashes. */
static char *
handle(const char *opt, const char *s)
{
	if (*s == '@')
		s++;
	if (*s == '\0' || strpbrk(s, " \t\n/?#&") != NULL)
		errx(CS_EXIT_USAGE, "bad %s value '%s': not a handle", opt, s);
	return xstrdup(s);
}

static int
status_of(enum result rc)
{
	switch (rc) {
	case FR_FAIL:
		return CS_EXIT_FAIL;
	case FR_TEMP:
	case FR_LIMITED:
		return CS_EXIT_TEMPFAIL;
	default:
		return CS_EXIT_OK;
	}
}

/* The base URL: flag, CS_<NET>_API_BASE, fetch.<net>.api_base, default. */
static int
set_base(struct run *r, const char *env, const char *path, const char *def)
{
	struct cs_error e;
	const char *b = r->api_base_opt != NULL ? r->api_base_opt :
	    config_str(&r->cfg, env, path, def);
	size_t n;

	if (b == NULL) {
		warnx("%s: no API base URL: give --api-base or set %s", r->cmd,
		    env);
		return -1;
	}
	if (http_check_base(b, &e) == -1) {
		if (r->api_base_opt != NULL)
			errx(CS_EXIT_USAGE, "bad --api-base value: %s", e.msg);
		warnx("%s: bad API base: %s", r->cmd, e.msg);
		return -1;
	}
	r->base = xstrdup(b);
	n = strlen(r->base);
	while (n > 0 && r->base[n - 1] == '/')
		r->base[--n] = '\0';
	return 0;
}

static int
open_resources(struct run *r)
{
	struct http_opts o;
	struct cs_error e;

	if ((r->st = store_open(r->state_path, &e)) == NULL) {
		warnx("%s", e.msg);
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.connect_timeout_ms = r->connect_timeout_ms;
	o.timeout_ms = r->timeout_ms;
	o.retries = r->retries;
	o.retry_delay_ms = r->retry_delay_ms;
	o.notice = http_notice;
	o.notice_arg = r;
	if ((r->http = http_open(&o, &e)) == NULL) {
		warnx("%s", e.msg);
		return -1;
	}
	return 0;
}

static int
bearer(struct run *r, const char *env, const char *key)
{
	struct cs_error e;
	char *tok;

	if ((tok = creds_get(&r->cr, env, r->cmd, key, &e)) == NULL) {
		warnx("%s: %s", r->cmd, e.msg);
		return -1;
	}
	r->cred_from = getenv(env) != NULL && *getenv(env) != '\0' ? env :
	    creds_path(&r->cr);
	if (strpbrk(tok, "\r\n") != NULL) {
		warnx("%s: the %s holds a line break", r->cmd, key);
		creds_free(tok);
		return -1;
	}
	r->auth = xasprintf("Authorization: Bearer %s", tok);
	creds_free(tok);
	return 0;
}

static enum result
cmd_x(struct run *r)
{
	if ((r->mentions == NULL) == (r->search == NULL)) {
		warnx("x: give one of --mentions HANDLE or --search QUERY");
		usage(r, CS_EXIT_USAGE);
	}
	if (r->mentions != NULL)
		r->acct = handle("--mentions", r->mentions);
	else {
		const char *a = r->account != NULL ? r->account :
		    config_str(&r->cfg, "CS_X_ACCOUNT", "fetch.x.account",
		    NULL);

		if (a == NULL) {
			warnx("x: --search needs --account HANDLE (our "
			    "account, for the records)");
			usage(r, CS_EXIT_USAGE);
		}
		r->acct = handle("--account", a);
		if (*r->search == '\0')
			errx(CS_EXIT_USAGE, "bad --search value '': empty");
	}
	r->net = "x";
	r->stream = r->search != NULL ? xasprintf("search:%s", r->search) :
	    xstrdup("mentions");
	if (r->page_size < 10 && r->search != NULL)
		r->page_size = 10;
	if (r->page_size < 5)
		r->page_size = 5;
	if (set_base(r, "CS_X_API_BASE", "fetch.x.api_base",
	    "https://api.x.com") == -1 ||
	    bearer(r, "CS_X_BEARER_TOKEN", "bearer_token") == -1 ||
	    open_resources(r) == -1)
		return FR_FAIL;
	if (r->checking)
		return check_x(r);
	return x_run(r);
}

static enum result
cmd_mastodon(struct run *r)
{
	const char *a = r->account != NULL ? r->account :
	    config_str(&r->cfg, "CS_MASTODON_ACCOUNT",
	    "fetch.mastodon.account", NULL);
	enum result rc;

	if (r->mentions != NULL || r->search != NULL) {
		warnx("mastodon: fetches mentions; --mentions and --search "
		    "are for x");
		usage(r, CS_EXIT_USAGE);
	}
	r->net = "mastodon";
	r->stream = xstrdup("mentions");
	if (a != NULL)
		r->acct = handle("--account", a);
	if (r->page_size > 80)
		r->page_size = 80;
	if (set_base(r, "CS_MASTODON_API_BASE", "fetch.mastodon.api_base",
	    NULL) == -1 ||
	    bearer(r, "CS_MASTODON_TOKEN", "access_token") == -1 ||
	    open_resources(r) == -1)
		return FR_FAIL;
	if (r->checking)
		return check_mastodon(r);
	if (r->acct == NULL && (rc = m_whoami(r, &r->acct)) != FR_OK)
		return rc;
	return m_run(r);
}

static enum result
cmd_bluesky(struct run *r)
{
	struct cs_error e;
	enum result rc;

	if (r->mentions != NULL || r->search != NULL) {
		warnx("bluesky: fetches mentions and replies; --mentions and "
		    "--search are for x");
		usage(r, CS_EXIT_USAGE);
	}
	if ((r->since != NULL && all_digits(r->since)) ||
	    (r->until != NULL && all_digits(r->until)))
		errx(CS_EXIT_USAGE, "bluesky: --since and --until take a time");
	r->net = "bluesky";
	r->stream = xstrdup("mentions");
	if (r->page_size > 100)
		r->page_size = 100;
	if (set_base(r, "CS_BLUESKY_API_BASE", "fetch.bluesky.api_base",
	    "https://bsky.social") == -1)
		return FR_FAIL;
	if (r->account != NULL)
		r->ident = handle("--account", r->account);
	else if ((r->ident = creds_get(&r->cr, "CS_BLUESKY_IDENTIFIER",
	    "bluesky", "identifier", &e)) == NULL) {
		warnx("bluesky: %s", e.msg);
		return FR_FAIL;
	}
	if ((r->password = creds_get(&r->cr, "CS_BLUESKY_APP_PASSWORD",
	    "bluesky", "app_password", &e)) == NULL) {
		warnx("bluesky: %s", e.msg);
		return FR_FAIL;
	}
	if (open_resources(r) == -1)
		return FR_FAIL;
	r->cred_from = getenv("CS_BLUESKY_APP_PASSWORD") != NULL &&
	    *getenv("CS_BLUESKY_APP_PASSWORD") != '\0' ?
	    "CS_BLUESKY_APP_PASSWORD" : creds_path(&r->cr);
	rc = b_session(r, 0);
	if (r->acct == NULL)
		r->acct = xstrdup(r->ident);
	if (r->checking)
		return check_bluesky(r, rc);
	if (rc != FR_OK)
		return rc;
	return b_run(r);
}

static int
fetch_net_main(int argc, char **argv, int checking)
{
	struct run r;
	struct cs_error e;
	enum result rc = FR_FAIL;
	char budget[32];

	memset(&r, 0, sizeof(r));
	r.cmd = argv[0];
	r.checking = checking;
	r.overlap = DEFAULT_OVERLAP;
	r.max_wait = DEFAULT_MAX_WAIT;
	r.retries = 4;
	r.retry_delay_ms = 1000;
	r.page_size = 100;
	buf_init(&r.rec);
	/* Writes to a closed pipe fail with EPIPE instead (curl does so). */
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A page's records leave in one write(2), at its commit (a page
	 * body is capped at HTTP_MAX_BODY): a kill never leaves half a
	 * record in a file, and never records the commit did not cover.
	 */
	if (setvbuf(stdout, NULL, _IOFBF, 2 * HTTP_MAX_BODY) != 0)
		err(CS_EXIT_FAIL, "setvbuf");
	parse(&r, argc, argv);
	r.progress = !r.quiet && isatty(STDERR_FILENO);
	if (config_load(&r.cfg, r.config_path, &e) == -1)
		errx(CS_EXIT_FAIL, "%s", e.msg);
	creds_init(&r.cr, r.creds_path);
	if (strcmp(r.cmd, "x") == 0)
		rc = cmd_x(&r);
	else if (strcmp(r.cmd, "mastodon") == 0)
		rc = cmd_mastodon(&r);
	else if (strcmp(r.cmd, "bluesky") == 0)
		rc = cmd_bluesky(&r);
	else
		errx(CS_EXIT_USAGE, "unknown subcommand '%s'", r.cmd);
	if (r.pages > 0 || r.progress_shown)
		progress(&r, 1);
	if (r.max_reads > 0)
		snprintf(budget, sizeof(budget), "%lld", r.max_reads);
	else
		strlcpy(budget, "none", sizeof(budget));
	if (rc == FR_BUDGET && !r.quiet)
		warnx("%s: read budget of %lld reached (%ld read); the rest "
		    "comes next run", r.cmd, r.max_reads, r.reads);
	if ((r.verbose || r.progress) && r.stream != NULL)
		warnx("%s: %s of %s: %ld new, %ld already seen, %ld "
		    "request%s, %ld read (budget %s)", r.cmd, r.stream, r.acct,
		    r.emitted, r.skipped, r.requests, r.requests == 1 ? "" :
		    "s", r.reads, budget);
	if (rc == FR_TEMP || rc == FR_LIMITED)
		warnx("%s: stopped early; what was fetched is written and the "
		    "cursor saved: run again later", r.cmd);
	store_close(r.st);
	http_close(r.http);
	creds_free(r.auth);
	creds_release(&r.cr);
	config_release(&r.cfg);
	free(r.base);
	free(r.stream);
	free(r.acct);
	free(r.ident);
	creds_free(r.password);
	creds_free(r.refresh);
	free(r.did);
	buf_release(&r.rec);
	if (rc == FR_PIPE)
		return CS_EXIT_OK;
	if (fflush(stdout) != 0 && errno != EPIPE) {
		warn("write error");
		return CS_EXIT_FAIL;
	}
	return status_of(rc);
}

int
fetch_x(int argc, char *argv[])
{
	return fetch_net_main(argc, argv, 0);
}

int
fetch_mastodon(int argc, char *argv[])
{
	return fetch_net_main(argc, argv, 0);
}

int
fetch_bluesky(int argc, char *argv[])
{
	return fetch_net_main(argc, argv, 0);
}

int
fetch_check(int argc, char *argv[])
{
	if (argc < 2 || (strcmp(argv[1], "x") != 0 &&
	    strcmp(argv[1], "mastodon") != 0 &&
	    strcmp(argv[1], "bluesky") != 0)) {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0)) {
			printf("usage: cs-fetch check x | mastodon | bluesky "
			    "[options]\n");
			return CS_EXIT_OK;
		}
		fprintf(stderr, "usage: cs-fetch check x | mastodon | bluesky "
		    "[options]\n");
		return CS_EXIT_USAGE;
	}
	return fetch_net_main(argc - 1, argv + 1, 1);
}
