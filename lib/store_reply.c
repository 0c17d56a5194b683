/*
 * store_reply: cs-reply --send's claims, so each reply is posted at most
 * once.  See store.h.
 */
#include "compat.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "store_int.h"
#include "util.h"

/*
 * A claim older than this is not "in progress" whatever its process
 * says: a post takes seconds, and the pid may have been reused.
 */
#define CLAIM_LIVE_SECS	(15 * 60)

void
store_post_release(struct store_post *p)
{
	if (p == NULL)
		return;
	free(p->state);
	free(p->key);
	free(p->posted_id);
	free(p->url);
	free(p->error);
	memset(p, 0, sizeof(*p));
}

static void
hostname(char *out, size_t n)
{
	if (gethostname(out, n) == -1)
		strlcpy(out, "?", n);
	out[n - 1] = '\0';
}

/* Whether the claim of row p is being worked on by a live process. */
static int
live(const struct store_post *p, const char *host, time_t now)
{
	char me[256];

	hostname(me, sizeof(me));
	if (strcmp(host, me) != 0 || p->pid <= 0 ||
	    now - p->claimed_at > CLAIM_LIVE_SECS)
		return 0;
	if ((pid_t)p->pid == getpid())
		return 1;
	return kill((pid_t)p->pid, 0) == 0 || errno == EPERM;
}

/* Read the row into p and its host into host; 1 when there is none. */
static int
get_row(struct store *s, const char *network, const char *target,
    const char *kind, struct store_post *p, char *host, size_t hostsz,
    struct cs_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((st = store_sql(s, "SELECT state, key, posted_id, url, error, "
	    "claimed_at, sent_at, pid, attempts, host, created_at "
	    "FROM reply_post "
	    "WHERE network = ?1 AND target = ?2 AND kind = ?3",
	    err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, target);
	store_bind_text(st, 3, kind);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_ROW)
		return store_fail(s, err, "reading the replies posted");
	p->state = store_col_str(st, 0);
	p->key = store_col_str(st, 1);
	p->posted_id = store_col_str(st, 2);
	p->url = store_col_str(st, 3);
	p->error = store_col_str(st, 4);
	p->claimed_at = (time_t)sqlite3_column_int64(st, 5);
	p->sent_at = (time_t)sqlite3_column_int64(st, 6);
	p->pid = (long)sqlite3_column_int64(st, 7);
	p->attempts = sqlite3_column_int(st, 8);
	p->created_at = (time_t)sqlite3_column_int64(st, 10);
	if (host != NULL) {
		const unsigned char *h = sqlite3_column_text(st, 9);

		strlcpy(host, h != NULL ? (const char *)h : "", hostsz);
	}
	sqlite3_reset(st);
	if (p->state == NULL || p->key == NULL) {
		store_post_release(p);
		cs_seterr(err, "%s: a reply_post row without state or key",
		    store_path(s));
		return -1;
	}
	return 0;
}

int
store_post_get(struct store *s, const char *network, const char *target,
    const char *kind, struct store_post *p, struct cs_error *err)
{
	return get_row(s, network, target, kind, p, NULL, 0, err);
}

static int
set_state(struct store *s, const char *network, const char *target,
    const char *kind, const char *state, const char *error,
    struct cs_error *err)
{
	sqlite3_stmt *st;

	if ((st = store_sql(s, "UPDATE reply_post SET state = ?4, "
	    "error = ?5 WHERE network = ?1 AND target = ?2 AND kind = ?3",
	    err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, target);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, state);
	store_bind_text(st, 5, error);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving a reply's state");
	sqlite3_reset(st);
	return 0;
}

/* Write the claim: a new row, or the old one (same key) claimed again. */
static int
put_claim(struct store *s, const char *network, const char *target,
    const char *kind, const char *text, const char *key, int fresh,
    time_t now, struct cs_error *err)
{
	sqlite3_stmt *st;
	char host[256];

	hostname(host, sizeof(host));
	if (fresh)
		st = store_sql(s, "INSERT INTO reply_post "
		    "(network, target, kind, state, key, text, created_at, "
		    "claimed_at, pid, host) "
		    "VALUES (?1, ?2, ?3, 'claimed', ?4, ?5, ?6, ?6, ?7, ?8)",
		    err);
	else
		st = store_sql(s, "UPDATE reply_post SET state = 'claimed', "
		    "key = ?4, text = ?5, claimed_at = ?6, pid = ?7, "
		    "host = ?8, attempts = attempts + 1 "
		    "WHERE network = ?1 AND target = ?2 AND kind = ?3", err);
	if (st == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, target);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, key);
	store_bind_text(st, 5, text);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)getpid());
	store_bind_text(st, 8, host);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving the claim");
	sqlite3_reset(st);
	return 0;
}

/* Decide under the transaction; see store_post_claim. */
static int
claim(struct store *s, const char *network, const char *target,
    const char *kind, const char *text, int force, time_t now,
    struct store_post *p, struct cs_error *err)
{
	unsigned char raw[16];
	char key[2 * sizeof(raw) + 1], host[256];
	int rc;
	size_t i;

	rc = get_row(s, network, target, kind, p, host, sizeof(host), err);
	if (rc == -1)
		return -1;
	if (rc == 0 && strcmp(p->state, "failed") != 0 && !force) {
		if (strcmp(p->state, "sent") == 0)
			return STORE_POST_SENT;
		if (strcmp(p->state, "unknown") == 0)
			return STORE_POST_UNKNOWN;
		if (live(p, host, now))
			return STORE_POST_BUSY;
		if (set_state(s, network, target, kind, "unknown",
		    "the process that claimed it stopped before recording "
		    "the outcome", err) == -1)
			return -1;
		return STORE_POST_STALE;
	}
	if (rc == 0 && strcmp(p->state, "claimed") == 0 &&
	    live(p, host, now)) {
		/* Even --force must not race a post under way. */
		return STORE_POST_BUSY;
	}
	if (rc == 1) {
		arc4random_buf(raw, sizeof(raw));
		for (i = 0; i < sizeof(raw); i++)
			snprintf(key + 2 * i, 3, "%02x", raw[i]);
	} else
		strlcpy(key, p->key, sizeof(key));
	if (put_claim(s, network, target, kind, text, key, rc == 1, now,
	    err) == -1)
		return -1;
	if (rc == 1) {
		p->key = xstrdup(key);
		p->created_at = now;
	}
	return STORE_POST_CLAIMED;
}

int
store_post_claim(struct store *s, const char *network, const char *target,
    const char *kind, const char *text, int force, time_t now,
    struct store_post *p, struct cs_error *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (store_commit(s, err) == -1 || store_begin(s, err) == -1)
		return -1;
	rc = claim(s, network, target, kind, text, force, now, p, err);
	if (rc == -1) {
		store_rollback(s);
		store_post_release(p);
		return -1;
	}
	if (store_commit(s, err) == -1) {
		store_post_release(p);
		return -1;
	}
	return rc;
}

int
store_post_done(struct store *s, const char *network, const char *target,
    const char *kind, const char *state, const char *posted_id,
    const char *url, time_t sent_at, const char *error,
    struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1)
		return -1;
	if (state == NULL)
		st = store_sql(s, "DELETE FROM reply_post WHERE network = ?1 "
		    "AND target = ?2 AND kind = ?3", err);
	else
		st = store_sql(s, "UPDATE reply_post SET state = ?4, "
		    "posted_id = ?5, url = ?6, sent_at = ?7, error = ?8 "
		    "WHERE network = ?1 AND target = ?2 AND kind = ?3", err);
	if (st == NULL)
		goto bad;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, target);
	store_bind_text(st, 3, kind);
	if (state != NULL) {
		store_bind_text(st, 4, state);
		store_bind_text(st, 5, posted_id);
		store_bind_text(st, 6, url);
		if (sent_at != 0)
			sqlite3_bind_int64(st, 7, (sqlite3_int64)sent_at);
		else
			sqlite3_bind_null(st, 7);
		store_bind_text(st, 8, error);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "saving a reply's outcome");
		sqlite3_reset(st);
		goto bad;
	}
	sqlite3_reset(st);
	return store_commit(s, err);
bad:
	store_rollback(s);
	return -1;
}

int
store_durable(struct store *s, struct cs_error *err)
{
	return store_exec(s, "PRAGMA synchronous = FULL", err);
}
