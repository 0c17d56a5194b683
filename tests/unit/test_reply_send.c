/*
 * Unit tests for lib/reply_send.c and lib/store_reply.c: the
 * exactly-once state machine of cs-reply --send, against a scripted
 * poster defined here (these definitions of post_* take the place of
 * lib/post.c's, which the linker then never pulls from libcs.a).
 */
#include "testlib.h"

#include "post.h"
#include "reply_send.h"
#include "store.h"

/* The scripted poster: what the next posts answer, and what they got. */
static struct {
	enum post_status next[16];
	size_t		 nnext, at;
	int		 posts;
	char		 last_key[128];
	char		 last_target[64];
	char		 last_vis[16];
	time_t		 last_created;
	int		 open_fails;
} M;

int
post_supported(const char *network)
{
	return strcmp(network, "x") == 0 || strcmp(network, "mastodon") == 0 ||
	    strcmp(network, "bluesky") == 0;
}

struct poster *
post_open(const struct post_conf *pc, struct cs_error *e)
{
	if (M.open_fails) {
		cs_seterr(e, "%s: no credentials: set them", pc->network);
		return NULL;
	}
	return xcalloc(1, 1);
}

void
post_close(struct poster *p)
{
	free(p);
}

enum post_status
post_send(struct poster *p, const struct post_request *req,
    struct post_result *res)
{
	(void)p;
	memset(res, 0, sizeof(*res));
	res->status = M.at < M.nnext ? M.next[M.at++] : POST_SENT;
	strlcpy(M.last_key, req->key, sizeof(M.last_key));
	strlcpy(M.last_target, req->in_reply_to, sizeof(M.last_target));
	strlcpy(M.last_vis, req->visibility != NULL ? req->visibility : "",
	    sizeof(M.last_vis));
	M.last_created = req->created;
	switch (res->status) {
	case POST_SENT:
		M.posts++;
		snprintf(res->id, sizeof(res->id), "9%d", M.posts);
		snprintf(res->url, sizeof(res->url), "https://x.com/i/9%d",
		    M.posts);
		break;
	case POST_FAILED:
		strlcpy(res->error, "HTTP 403: duplicate", sizeof(res->error));
		res->duplicate = 1;
		break;
	case POST_RATE_LIMITED:
		strlcpy(res->error, "HTTP 429", sizeof(res->error));
		res->retry_at = 2000000000;
		break;
	case POST_UNKNOWN:
		strlcpy(res->error, "connection reset", sizeof(res->error));
		break;
	}
	return res->status;
}

const char *
post_visibility(const char *v, const char *conf_default)
{
	(void)conf_default;
	return v != NULL ? v : "public";
}

static void
script(int n, ...)
{
	va_list ap;
	int i;

	memset(&M, 0, sizeof(M));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		M.next[i] = (enum post_status)va_arg(ap, int);
	va_end(ap);
	M.nnext = (size_t)n;
}

static struct store *
open_db(const char *name)
{
	struct cs_error e;
	char *p = tmp_path(name);
	struct store *s = store_open(p, &e);

	if (s == NULL)
		fail_msg("store_open: %s", e.msg);
	free(p);
	return s;
}

/* A record from a JSON line, without a shape (root parsed whole). */
struct rec {
	struct record	r;
};

static void
rec_open(struct rec *x, const char *line)
{
	memset(x, 0, sizeof(*x));
	x->r.line = line;
	x->r.len = strlen(line);
	x->r.root = cJSON_Parse(line);
	assert_non_null(x->r.root);
}

static void
rec_close(struct rec *x)
{
	cJSON_Delete(x->r.root);
}

#define DRAFT(id, net, extra) \
	"{\"id\":\"" id "\",\"network\":\"" net "\",\"account\":\"ShopCare\"," \
	"\"reply\":{\"text\":\"Hi @ana, thanks! — Care\",\"length\":24," \
	"\"limit\":280,\"lang\":\"en\",\"status\":\"draft\"" extra "}}"

/* Send one line; returns the result and leaves the new reply in *out. */
static int
send_line(struct reply_sender *snd, const char *line, cJSON **out)
{
	struct rec x;
	struct cs_error e;
	int rc;

	rec_open(&x, line);
	rc = reply_send(snd, &x.r, NULL, 0, &e);
	if (rc == -1)
		fail_msg("reply_send: %s", e.msg);
	*out = rc == REPLY_SEND_REPLACE ? cJSON_Parse(snd->json.s) : NULL;
	rec_close(&x);
	return rc;
}

static const char *
status_of(const cJSON *o)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "status");

	return cJSON_IsString(s) ? s->valuestring : "";
}

static const char *
str_of(const cJSON *o, const char *k)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(s) ? s->valuestring : NULL;
}

static void
sender(struct reply_sender *snd, struct store *s, int force, int dry,
    int approved)
{
	struct reply_send_conf c;

	memset(&c, 0, sizeof(c));
	c.force = force;
	c.dry_run = dry;
	c.approved_only = approved;
	reply_send_init(snd, s, &c);
}

static void
test_sent_once(void **state)
{
	struct store *s = open_db("once.db");
	struct reply_sender snd;
	cJSON *o;

	(void)state;
	script(0);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("1", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	assert_string_equal(str_of(o, "id"), "91");
	assert_non_null(str_of(o, "sent_at"));
	assert_null(str_of(o, "reason"));
	cJSON_Delete(o);
	/* The same draft again, in this run or the next: not posted. */
	assert_int_equal(send_line(&snd, DRAFT("1", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	assert_string_equal(str_of(o, "id"), "91");
	assert_string_equal(str_of(o, "reason"),
	    "already sent by an earlier run");
	cJSON_Delete(o);
	assert_int_equal(M.posts, 1);
	assert_int_equal(snd.n.sent, 1);
	assert_int_equal(snd.n.kept, 1);
	reply_send_release(&snd);
	/* The same message id on another network is another message. */
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("1", "mastodon", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	assert_int_equal(M.posts, 2);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_failed_then_retried(void **state)
{
	struct store *s = open_db("failed.db");
	struct reply_sender snd;
	struct store_post p;
	struct cs_error e;
	char key[128];
	cJSON *o;

	(void)state;
	script(1, POST_FAILED);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("2", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "failed");
	assert_string_equal(str_of(o, "reason"),
	    "duplicate content: HTTP 403: duplicate");
	assert_null(str_of(o, "id"));
	assert_non_null(strstr(snd.note.s, "failed"));
	cJSON_Delete(o);
	strlcpy(key, M.last_key, sizeof(key));
	assert_int_equal(strlen(key), 32);
	assert_int_equal(store_post_get(s, "x", "2", "reply", &p, &e), 0);
	assert_string_equal(p.state, "failed");
	store_post_release(&p);
	/* Nothing was posted: a later run tries again, same key. */
	assert_int_equal(send_line(&snd, DRAFT("2", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	assert_string_equal(M.last_key, key);
	/* A "failed" record fed back is ready too. */
	assert_int_equal(send_line(&snd, "{\"id\":\"3\",\"network\":\"x\","
	    "\"reply\":{\"text\":\"Thanks @ana\",\"status\":\"failed\"}}", &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_rate_limit_stops(void **state)
{
	struct store *s = open_db("rate.db");
	struct reply_sender snd;
	struct store_post p;
	struct cs_error e;
	cJSON *o;

	(void)state;
	script(1, POST_RATE_LIMITED);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("4", "x", ""), &o),
	    REPLY_SEND_PASS);
	assert_true(snd.rate_limited);
	assert_int_equal(snd.retry_at, 2000000000);
	assert_string_equal(snd.limited_by, "x");
	/* The rest passes through unsent, whatever the network. */
	assert_int_equal(send_line(&snd, DRAFT("5", "mastodon", ""), &o),
	    REPLY_SEND_PASS);
	assert_int_equal(snd.n.unsent, 2);
	assert_int_equal(M.at, 1);
	/* No claim is left: the next run posts it. */
	assert_int_equal(store_post_get(s, "x", "4", "reply", &p, &e), 1);
	reply_send_release(&snd);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("4", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_unknown_needs_force(void **state)
{
	struct store *s = open_db("unknown.db");
	struct reply_sender snd;
	char key[128];
	time_t created;
	cJSON *o;

	(void)state;
	script(1, POST_UNKNOWN);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("6", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "unknown");
	assert_non_null(strstr(str_of(o, "reason"), "--force"));
	cJSON_Delete(o);
	strlcpy(key, M.last_key, sizeof(key));
	created = M.last_created;
	/* Again without --force: reported, not posted. */
	assert_int_equal(send_line(&snd, DRAFT("6", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "unknown");
	cJSON_Delete(o);
	assert_int_equal(M.at, 1);
	reply_send_release(&snd);
	/* With --force: posted with the same key and time. */
	sleep(1);
	sender(&snd, s, 1, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("6", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	assert_string_equal(M.last_key, key);
	assert_int_equal(M.last_created, created);
	reply_send_release(&snd);
	store_close(s);
}

/* A process that claims and dies before the post (kill -9 there). */
static void
test_crash_after_claim(void **state)
{
	struct store *s = open_db("crash.db");
	struct reply_sender snd;
	struct store_post p;
	struct cs_error e;
	char *path = tmp_path("crash.db");
	pid_t pid;
	int st;
	cJSON *o;

	(void)state;
	if ((pid = fork()) == 0) {
		struct store *c = store_open(path, &e);

		if (c == NULL || store_post_claim(c, "x", "7", "reply", "Hi",
		    0, time(NULL), &p, &e) != STORE_POST_CLAIMED)
			_exit(1);
		_exit(0);	/* no store_close, no outcome: a kill */
	}
	assert_true(waitpid(pid, &st, 0) == pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	free(path);

	script(0);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("7", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "unknown");
	assert_non_null(strstr(str_of(o, "reason"), "stopped before"));
	cJSON_Delete(o);
	assert_int_equal(M.posts, 0);
	assert_int_equal(store_post_get(s, "x", "7", "reply", &p, &e), 0);
	assert_string_equal(p.state, "unknown");
	store_post_release(&p);
	reply_send_release(&snd);
	store_close(s);
}

/*
 * Where the network drops a second copy, an unknown outcome or a dead
 * claim is settled by posting again with the same key and time.
 */
static void
test_idempotent_settles(void **state)
{
	struct store *s = open_db("settle.db");
	struct reply_sender snd;
	struct store_post p;
	struct cs_error e;
	char *path = tmp_path("settle.db");
	char key[128];
	time_t created;
	pid_t pid;
	int st;
	cJSON *o;

	(void)state;
	script(1, POST_UNKNOWN);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("20", "bluesky", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "unknown");
	cJSON_Delete(o);
	strlcpy(key, M.last_key, sizeof(key));
	created = M.last_created;
	sleep(1);
	assert_int_equal(send_line(&snd, DRAFT("20", "bluesky", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	assert_string_equal(M.last_key, key);
	assert_int_equal(M.last_created, created);

	/* A run killed after its claim on Mastodon. */
	if ((pid = fork()) == 0) {
		struct store *c = store_open(path, &e);

		if (c == NULL || store_post_claim(c, "mastodon", "21", "reply",
		    "Hi", 0, time(NULL), &p, &e) != STORE_POST_CLAIMED)
			_exit(1);
		_exit(0);
	}
	assert_true(waitpid(pid, &st, 0) == pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(store_post_get(s, "mastodon", "21", "reply", &p, &e),
	    0);
	strlcpy(key, p.key, sizeof(key));
	store_post_release(&p);
	assert_int_equal(send_line(&snd, DRAFT("21", "mastodon", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	cJSON_Delete(o);
	assert_string_equal(M.last_key, key);
	free(path);
	reply_send_release(&snd);
	store_close(s);
}

/* A live process holding the claim: never raced, even with --force. */
static void
test_busy(void **state)
{
	struct store *s = open_db("busy.db");
	struct reply_sender snd;
	struct store_post p;
	struct cs_error e;
	char *path = tmp_path("busy.db");
	int fd[2];
	char c;
	pid_t pid;
	cJSON *o;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	if ((pid = fork()) == 0) {
		struct store *cs = store_open(path, &e);

		close(fd[0]);
		if (cs == NULL || store_post_claim(cs, "x", "8", "reply",
		    "Hi", 0, time(NULL), &p, &e) != STORE_POST_CLAIMED)
			_exit(1);
		(void)write(fd[1], "k", 1);
		pause();
		_exit(0);
	}
	close(fd[1]);
	assert_int_equal(read(fd[0], &c, 1), 1);
	close(fd[0]);
	free(path);

	script(0);
	sender(&snd, s, 1, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("8", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "skipped");
	assert_non_null(strstr(str_of(o, "reason"), "another cs-reply"));
	cJSON_Delete(o);
	assert_int_equal(M.posts, 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* Once it is gone, the claim is stale: unknown. */
	assert_int_equal(send_line(&snd, DRAFT("8", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	cJSON_Delete(o);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_not_ready(void **state)
{
	struct store *s = open_db("ready.db");
	struct reply_sender snd;
	cJSON *o;

	(void)state;
	script(0);
	sender(&snd, s, 0, 0, 1);
	/* --approved-only: only approved drafts. */
	assert_int_equal(send_line(&snd, DRAFT("9", "x", ""), &o),
	    REPLY_SEND_PASS);
	assert_int_equal(send_line(&snd, DRAFT("9", "x",
	    ",\"approved\":false"), &o), REPLY_SEND_PASS);
	assert_int_equal(send_line(&snd, DRAFT("9", "x",
	    ",\"approved\":true"), &o), REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "sent");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "approved")));
	cJSON_Delete(o);
	/* Not drafts: passed through. */
	assert_int_equal(send_line(&snd, "{\"id\":\"10\",\"network\":\"x\"}",
	    &o), REPLY_SEND_PASS);
	assert_int_equal(send_line(&snd, "{\"id\":\"10\",\"network\":\"x\","
	    "\"reply\":{\"status\":\"skipped\",\"reason\":\"r\"}}", &o),
	    REPLY_SEND_PASS);
	assert_int_equal(M.posts, 1);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_skipped(void **state)
{
	struct store *s = open_db("skip.db");
	struct reply_sender snd;
	char line[1024], text[400];
	cJSON *o;

	(void)state;
	script(0);
	sender(&snd, s, 0, 0, 0);
	/* Edited past the limit: not posted. */
	memset(text, 'a', 300);
	text[300] = '\0';
	snprintf(line, sizeof(line), "{\"id\":\"11\",\"network\":\"x\","
	    "\"reply\":{\"text\":\"%s\",\"limit\":280,\"status\":\"draft\"}}",
	    text);
	assert_int_equal(send_line(&snd, line, &o), REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "skipped");
	assert_string_equal(str_of(o, "reason"),
	    "the text is 300 characters, over the limit of 280");
	cJSON_Delete(o);
	/* Edited to ask for a card number: never posted. */
	assert_int_equal(send_line(&snd, "{\"id\":\"30\",\"network\":\"x\","
	    "\"reply\":{\"text\":\"@ana please reply with your card number "
	    "and CVV\",\"lang\":\"en\",\"status\":\"draft\"}}", &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "skipped");
	assert_non_null(strstr(str_of(o, "reason"), "in public"));
	cJSON_Delete(o);
	/* A network we cannot post to. */
	assert_int_equal(send_line(&snd, DRAFT("12", "twcs", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "skipped");
	assert_string_equal(str_of(o, "reason"),
	    "cannot post to network 'twcs'");
	cJSON_Delete(o);
	assert_int_equal(M.posts, 0);
	reply_send_release(&snd);
	/* No credentials: failed, with the reason, nothing claimed. */
	script(0);
	M.open_fails = 1;
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("13", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	assert_string_equal(status_of(o), "failed");
	assert_string_equal(str_of(o, "reason"),
	    "x: no credentials: set them");
	cJSON_Delete(o);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_dry_run(void **state)
{
	struct store *s = open_db("dry.db");
	struct reply_sender snd;
	struct store_post p;
	struct cs_error e;
	cJSON *o;

	(void)state;
	script(0);
	sender(&snd, s, 0, 1, 0);
	assert_int_equal(send_line(&snd, DRAFT("14", "x", ""), &o),
	    REPLY_SEND_PASS);
	assert_non_null(strstr(snd.note.s, "would post in reply to 14"));
	assert_int_equal(snd.n.dry, 1);
	assert_int_equal(M.at, 0);
	assert_int_equal(store_post_get(s, "x", "14", "reply", &p, &e), 1);
	reply_send_release(&snd);
	/* What was sent is said to be so. */
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("14", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	cJSON_Delete(o);
	reply_send_release(&snd);
	sender(&snd, s, 0, 1, 0);
	assert_int_equal(send_line(&snd, DRAFT("14", "x", ""), &o),
	    REPLY_SEND_PASS);
	assert_non_null(strstr(snd.note.s, "would not post"));
	assert_non_null(strstr(snd.note.s, "sent as 91"));
	reply_send_release(&snd);
	store_close(s);
}

/* A check-in to the same message is another post; a draft passed in. */
static void
test_followup_and_draft(void **state)
{
	struct store *s = open_db("follow.db");
	struct reply_sender snd;
	struct rec x;
	struct cs_error e;
	static const char draft[] = "{\"text\":\"How did it go, @ana?\","
	    "\"limit\":280,\"status\":\"draft\"}";
	cJSON *o;

	(void)state;
	script(0);
	sender(&snd, s, 0, 0, 0);
	assert_int_equal(send_line(&snd, DRAFT("15", "x", ""), &o),
	    REPLY_SEND_REPLACE);
	cJSON_Delete(o);
	rec_open(&x, "{\"id\":\"15\",\"network\":\"x\","
	    "\"followup\":{\"state\":\"due\"}}");
	assert_int_equal(reply_send(&snd, &x.r, draft, strlen(draft), &e),
	    REPLY_SEND_REPLACE);
	rec_close(&x);
	o = cJSON_Parse(snd.json.s);
	assert_string_equal(status_of(o), "sent");
	assert_string_equal(str_of(o, "text"), "How did it go, @ana?");
	cJSON_Delete(o);
	assert_int_equal(M.posts, 2);
	reply_send_release(&snd);
	store_close(s);
}

static void
test_bad_records(void **state)
{
	struct store *s = open_db("bad.db");
	struct reply_sender snd;
	struct rec x;
	struct cs_error e;

	(void)state;
	script(0);
	sender(&snd, s, 0, 0, 0);
	rec_open(&x, "{\"id\":\"16\",\"network\":\"x\","
	    "\"reply\":{\"status\":\"draft\"}}");
	assert_int_equal(reply_send(&snd, &x.r, NULL, 0, &e), -1);
	assert_string_equal(e.msg, "reply.text is missing or empty");
	assert_false(snd.fatal);
	rec_close(&x);
	rec_open(&x, "{\"id\":\"16\",\"reply\":{\"status\":\"draft\","
	    "\"text\":\"hi\"}}");
	assert_int_equal(reply_send(&snd, &x.r, NULL, 0, &e), -1);
	assert_string_equal(e.msg, "missing field 'network'");
	rec_close(&x);
	assert_int_equal(M.at, 0);
	reply_send_release(&snd);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sent_once),
		cmocka_unit_test(test_failed_then_retried),
		cmocka_unit_test(test_rate_limit_stops),
		cmocka_unit_test(test_unknown_needs_force),
		cmocka_unit_test(test_crash_after_claim),
		cmocka_unit_test(test_idempotent_settles),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_not_ready),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_followup_and_draft),
		cmocka_unit_test(test_bad_records),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
