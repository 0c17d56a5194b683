/*
 * Unit tests for lib/http.[ch]: base URL rules, escaping, Link headers,
 * back-off, and requests against a canned server on 127.0.0.1 run in a
 * child process (retries of 5xx and network errors, capped bodies,
 * truncated bodies, timeouts, refused connections, header capture).
 */
#include "testlib.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "http.h"

/* A canned server: one reply per connection, then it exits. */
struct server {
	pid_t	pid;
	int	port;
	char	base[64];
};

/*
 * Serve replies[0..n) to n connections in turn.  A reply "SLEEP" waits
 * 3 s before closing; "CLOSE" closes at once.  Each request received is
 * saved in tmpdir/req-N.
 */
static void
serve(struct server *s, const char *const *replies, int n)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd, one = 1, i;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd != -1);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	s->port = ntohs(sa.sin_port);
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	fflush(NULL);
	s->pid = fork();
	assert_true(s->pid != -1);
	if (s->pid > 0) {
		close(fd);
		return;
	}
	for (i = 0; i < n; i++) {
		char req[8192], *name;
		ssize_t got, total = 0;
		int c = accept(fd, NULL, NULL);
		FILE *fp;

		if (c == -1)
			_exit(1);
		while (total < (ssize_t)sizeof(req) - 1 && (got = read(c,
		    req + total, sizeof(req) - 1 - (size_t)total)) > 0) {
			total += got;
			req[total] = '\0';
			if (strstr(req, "\r\n\r\n") != NULL &&
			    (strstr(req, "Content-Length") == NULL ||
			    strstr(req, "\r\n\r\n")[4] != '\0'))
				break;
		}
		name = xasprintf("%s/req-%d", tmpdir, i);
		if ((fp = fopen(name, "w")) != NULL) {
			fwrite(req, 1, (size_t)total, fp);
			fclose(fp);
		}
		free(name);
		if (strcmp(replies[i], "SLEEP") == 0)
			sleep(3);
		else if (strcmp(replies[i], "CLOSE") != 0)
			(void)!write(c, replies[i], strlen(replies[i]));
		close(c);
	}
	_exit(0);
}

static void
server_done(struct server *s)
{
	int st;

	kill(s->pid, SIGTERM);
	waitpid(s->pid, &st, 0);
}

static struct http *
client(int retries, long timeout_ms, size_t max_body,
    void (*notice)(void *, const char *), void *arg)
{
	struct http_opts o;
	struct cs_error e;
	struct http *h;

	memset(&o, 0, sizeof(o));
	o.retries = retries;
	o.retry_delay_ms = 5;
	o.retry_max_ms = 20;
	o.timeout_ms = timeout_ms;
	o.connect_timeout_ms = 2000;
	o.max_body = max_body;
	o.notice = notice;
	o.notice_arg = arg;
	h = http_open(&o, &e);
	assert_non_null(h);
	return h;
}

static void
count_notice(void *arg, const char *msg)
{
	struct buf *b = arg;

	buf_adds(b, msg);
	buf_addc(b, '\n');
}

#define OK_REPLY \
	"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
	"X-Rate-Limit-Remaining:  7 \r\n" \
	"Date: Sun, 01 Nov 2026 09:30:00 GMT\r\n" \
	"Link: <https://m.example/api/v1/notifications?max_id=5>; " \
	"rel=\"next\", <https://m.example/api/v1/notifications?min_id=9>; " \
	"rel=\"prev\"\r\nContent-Length: 11\r\nConnection: close\r\n\r\n" \
	"{\"ok\":true}"
#define E503 \
	"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n" \
	"Connection: close\r\n\r\n{}"

static void
test_check_base(void **state)
{
	struct cs_error e;

	(void)state;
	assert_int_equal(http_check_base("https://api.x.com", &e), 0);
	assert_int_equal(http_check_base("https://mastodon.example/", &e), 0);
	assert_int_equal(http_check_base("http://127.0.0.1:8080", &e), 0);
	assert_int_equal(http_check_base("http://localhost/x", &e), 0);
	assert_int_equal(http_check_base("http://[::1]:99", &e), 0);
	assert_int_equal(http_check_base("http://example.com", &e), -1);
	assert_non_null(strstr(e.msg, "only allowed to 127.0.0.1"));
	assert_int_equal(http_check_base("http://127.0.0.1.evil.com", &e), -1);
	assert_int_equal(http_check_base("http://localhost.evil", &e), -1);
	assert_int_equal(http_check_base("ftp://127.0.0.1", &e), -1);
	assert_int_equal(http_check_base("https://", &e), -1);
	assert_int_equal(http_check_base("https://u:p@api.x.com", &e), -1);
	assert_int_equal(http_check_base("https://a.b/?q=1", &e), -1);
}

static void
test_escape(void **state)
{
	char *s;

	(void)state;
	s = http_escape("@Shop Care -is:retweet/é~._");
	assert_string_equal(s, "%40Shop%20Care%20-is%3Aretweet%2F%C3%A9~._");
	free(s);
	s = http_escape("");
	assert_string_equal(s, "");
	free(s);
}

static void
test_backoff(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 50; i++) {
		long d1 = http_backoff_ms(100, 1000, 1);
		long d3 = http_backoff_ms(100, 1000, 3);
		long d9 = http_backoff_ms(100, 1000, 9);

		assert_in_range(d1, 50, 100);
		assert_in_range(d3, 200, 400);
		assert_in_range(d9, 500, 1000);
	}
	assert_int_equal(http_backoff_ms(1, 1000, 1), 1);
}

static void
test_request_ok(void **state)
{
	const char *const replies[] = { OK_REPLY };
	const char *const hdrs[] = { "Authorization: Bearer sekrit", NULL };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;
	char *link, *req, *p, ex[8];
	time_t t;

	(void)state;
	serve(&s, replies, 1);
	h = client(0, 5000, 0, NULL, NULL);
	http_response_init(&r);
	assert_int_equal(http_request(h, "GET", s.base, hdrs, NULL, 0, &r, &e),
	    0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 1);
	assert_string_equal(r.body.s, "{\"ok\":true}");
	assert_string_equal(http_header(&r, "x-rate-limit-remaining"), "7");
	assert_string_equal(http_header(&r, "X-RATE-LIMIT-REMAINING"), "7");
	assert_null(http_header(&r, "x-missing"));
	assert_int_equal(http_date(&r, &t), 0);
	assert_int_equal((long long)t, 1793525400LL);
	link = http_link(&r, "next");
	assert_string_equal(link, "https://m.example/api/v1/notifications?"
	    "max_id=5");
	free(link);
	link = http_link(&r, "prev");
	assert_string_equal(link, "https://m.example/api/v1/notifications?"
	    "min_id=9");
	free(link);
	assert_null(http_link(&r, "last"));
	http_excerpt(&r, ex, 5);
	assert_string_equal(ex, "{\"ok\"");
	/* The request carried the header; TLS is not involved here. */
	p = tmp_path("req-0");
	req = read_file(p);
	assert_non_null(strstr(req, "Authorization: Bearer sekrit\r\n"));
	assert_non_null(strstr(req, "User-Agent: cs-fetch/"));
	free(req);
	free(p);
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_post_body(void **state)
{
	const char *const replies[] = { OK_REPLY };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;
	char *req, *p;

	(void)state;
	serve(&s, replies, 1);
	h = client(0, 5000, 0, NULL, NULL);
	http_response_init(&r);
	assert_int_equal(http_request(h, "POST", s.base, NULL, "{\"a\":1}", 7,
	    &r, &e), 0);
	p = tmp_path("req-0");
	req = read_file(p);
	assert_true(strncmp(req, "POST / HTTP/1.1", 15) == 0);
	assert_non_null(strstr(req, "\r\n\r\n{\"a\":1}"));
	free(req);
	free(p);
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_retry_5xx(void **state)
{
	const char *const replies[] = { E503, "CLOSE", OK_REPLY };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;
	struct buf notes;

	(void)state;
	buf_init(&notes);
	buf_add(&notes, "", 0);
	serve(&s, replies, 3);
	h = client(3, 5000, 0, count_notice, &notes);
	http_response_init(&r);
	assert_int_equal(http_request(h, "GET", s.base, NULL, NULL, 0, &r, &e),
	    0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 3);
	assert_non_null(strstr(notes.s, "HTTP 503 from http://127.0.0.1:"));
	assert_non_null(strstr(notes.s, "retry 1 of 3"));
	assert_non_null(strstr(notes.s, "retry 2 of 3"));
	assert_non_null(strstr(notes.s, "Empty reply from server"));
	buf_release(&notes);
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_5xx_after_retries(void **state)
{
	const char *const replies[] = { E503, E503 };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;

	(void)state;
	serve(&s, replies, 2);
	h = client(1, 5000, 0, NULL, NULL);
	http_response_init(&r);
	/* A reply came: the caller reports the status. */
	assert_int_equal(http_request(h, "GET", s.base, NULL, NULL, 0, &r, &e),
	    0);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.attempts, 2);
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_body_cap(void **state)
{
	const char *const replies[] = { OK_REPLY };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;

	(void)state;
	serve(&s, replies, 1);
	h = client(3, 5000, 10, NULL, NULL);
	http_response_init(&r);
	assert_int_equal(http_request(h, "GET", s.base, NULL, NULL, 0, &r, &e),
	    -1);
	assert_non_null(strstr(e.msg, "response body over 10 bytes "
	    "(HTTP 200)"));
	/* Not retried: the next answer would be as big. */
	assert_int_equal(r.attempts, 1);
	assert_true(r.fatal);
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_truncated(void **state)
{
	const char *const replies[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
		"Connection: close\r\n\r\n{\"data\":[",
		"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
		"Connection: close\r\n\r\n{\"data\":[",
	};
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;

	(void)state;
	serve(&s, replies, 2);
	h = client(1, 5000, 0, NULL, NULL);
	http_response_init(&r);
	assert_int_equal(http_request(h, "GET", s.base, NULL, NULL, 0, &r, &e),
	    -1);
	assert_non_null(strstr(e.msg, s.base));
	assert_non_null(strstr(e.msg, "(HTTP 200)"));
	assert_int_equal(r.attempts, 2);
	assert_false(r.fatal);
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_timeout(void **state)
{
	const char *const replies[] = { "SLEEP" };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;

	(void)state;
	serve(&s, replies, 1);
	h = client(0, 300, 0, NULL, NULL);
	http_response_init(&r);
	assert_int_equal(http_request(h, "GET", s.base, NULL, NULL, 0, &r, &e),
	    -1);
	assert_non_null(strstr(e.msg, "imed out"));
	http_response_release(&r);
	http_close(h);
	server_done(&s);
}

static void
test_refused(void **state)
{
	const char *const replies[] = { "CLOSE" };
	struct http_response r;
	struct cs_error e;
	struct server s;
	struct http *h;
	char *url;

	(void)state;
	serve(&s, replies, 1);
	server_done(&s);	/* nobody listens on the port any more */
	url = xasprintf("%s/x", s.base);
	h = client(1, 2000, 0, NULL, NULL);
	http_response_init(&r);
	assert_int_equal(http_request(h, "GET", url, NULL, NULL, 0, &r, &e),
	    -1);
	assert_true(strncmp(e.msg, url, strlen(url)) == 0);
	assert_non_null(strstr(e.msg, "(HTTP 0)"));
	assert_int_equal(r.attempts, 2);
	http_response_release(&r);
	http_close(h);
	free(url);
}

static void
test_release_null(void **state)
{
	(void)state;
	http_close(NULL);
	http_response_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_base),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_request_ok),
		cmocka_unit_test(test_post_body),
		cmocka_unit_test(test_retry_5xx),
		cmocka_unit_test(test_5xx_after_retries),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_release_null),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
