/*
 * store: the SQLite state database.  See store.h.
 */
#include "compat.h"

#include <errno.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "store.h"
#include "util.h"

#define STORE_BUSY_MS	10000

struct store {
	sqlite3		*db;
	char		*path;
	int		 in_tx;
	sqlite3_stmt	*agent_get, *agent_put, *rr_get, *rr_put;
	sqlite3_stmt	*contact_put, *contact_count;
	/* cs-fetch's statements, prepared on first use. */
	sqlite3_stmt	*cur_get, *cur_put, *seen_get, *seen_put,
			*seen_resume, *seen_prune, *meta_get, *meta_put;
};

/*
 * Schema migrations, applied in order; user_version counts those done.
 * Never edit one that has shipped: add a new one.
 */
static const char *const migrations[] = {
	/* 1: agent assignments, round-robin positions, contacts seen. */
	"CREATE TABLE assignment ("
	"  network TEXT NOT NULL, conversation TEXT NOT NULL,"
	"  agent TEXT NOT NULL, assigned_at INTEGER NOT NULL,"
	"  PRIMARY KEY (network, conversation));"
	"CREATE TABLE roundrobin ("
	"  pool TEXT PRIMARY KEY, next INTEGER NOT NULL);"
	"CREATE TABLE contact ("
	"  network TEXT NOT NULL, id TEXT NOT NULL,"
	"  conversation TEXT NOT NULL, author TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (network, id));"
	"CREATE INDEX contact_conv ON contact (network, conversation, author,"
	"  created_at);",
	/*
	 * 2: cs-fetch: a cursor per stream (network, our account, and
	 * "mentions" or "search:QUERY"), the ids each stream has emitted,
	 * and small cached facts such as our user id.
	 */
	"CREATE TABLE fetch_cursor ("
	"  network TEXT NOT NULL, account TEXT NOT NULL, stream TEXT NOT NULL,"
	"  resume TEXT, pass_token TEXT, pass_newest TEXT,"
	"  pass_newest_at INTEGER NOT NULL DEFAULT 0,"
	"  pass_count INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY (network, account, stream));"
	"CREATE TABLE fetch_seen ("
	"  network TEXT NOT NULL, account TEXT NOT NULL, stream TEXT NOT NULL,"
	"  id TEXT NOT NULL, created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL,"
	"  PRIMARY KEY (network, account, stream, id));"
	"CREATE INDEX fetch_seen_time ON fetch_seen (network, account, stream,"
	"  created_at);"
	"CREATE TABLE fetch_meta ("
	"  network TEXT NOT NULL, account TEXT NOT NULL, key TEXT NOT NULL,"
	"  value TEXT NOT NULL, updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY (network, account, key));",
};

static int
fail(struct store *s, struct cs_error *err, const char *what)
{
	cs_seterr(err, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

static int
exec(struct store *s, const char *sql, struct cs_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cs_seterr(err, "%s: %s", s->path, msg != NULL ? msg :
		    sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* mkdir -p for the folders above path, mode 0700. */
static int
mkparents(const char *path, struct cs_error *err)
{
	char *dir = xstrdup(path), *p;

	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			cs_seterr(err, "%s: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

static char *
default_path(void)
{
	const char *env = getenv("CS_STATE");
	const char *x = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (x != NULL && *x == '/')
		return xasprintf("%s/cs/state.db", x);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.local/state/cs/state.db", home);
	return NULL;
}

static int
migrate(struct store *s, struct cs_error *err)
{
	sqlite3_stmt *st;
	int version, i;
	char sql[64];

	if (exec(s, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		goto bad;
	version = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (version > (int)CS_NELEM(migrations)) {
		cs_seterr(err, "%s: schema version %d is newer than this "
		    "program knows (%d)", s->path, version,
		    (int)CS_NELEM(migrations));
		exec(s, "ROLLBACK", NULL);
		return -1;
	}
	for (i = version; i < (int)CS_NELEM(migrations); i++) {
		if (exec(s, migrations[i], err) == -1) {
			exec(s, "ROLLBACK", NULL);
			return -1;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    (int)CS_NELEM(migrations));
	if (exec(s, sql, err) == -1 || exec(s, "COMMIT", err) == -1) {
		exec(s, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
bad:
	fail(s, err, "reading the schema version");
	exec(s, "ROLLBACK", NULL);
	return -1;
}

/*
 * Switch to WAL.  Two processes creating the database at once race here,
 * and SQLite answers SQLITE_BUSY at once instead of waiting out the busy
 * timeout, so retry for as long as the timeout would have waited.
 */
static int
wal(struct store *s, struct cs_error *err)
{
	int tries;

	for (tries = 0; tries < STORE_BUSY_MS / 10; tries++) {
		int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL",
		    NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(10);
	}
	return fail(s, err, "setting WAL mode");
}

static int
prepare(struct store *s, sqlite3_stmt **st, const char *sql,
    struct cs_error *err)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK)
		return fail(s, err, "preparing a statement");
	return 0;
}

struct store *
store_open(const char *path, struct cs_error *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	mode_t old;
	int rc;

	s->path = path != NULL ? xstrdup(path) : default_path();
	if (s->path == NULL) {
		cs_seterr(err, "no state database: set HOME, XDG_STATE_HOME, "
		    "CS_STATE or --state");
		free(s);
		return NULL;
	}
	if (mkparents(s->path, err) == -1)
		goto out;
	/* The database holds customer data: owner only. */
	old = umask(077);
	rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		cs_seterr(err, "%s: %s", s->path, s->db != NULL ?
		    sqlite3_errmsg(s->db) : "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (wal(s, err) == -1 ||
	    exec(s, "PRAGMA synchronous = NORMAL", err) == -1 ||
	    exec(s, "PRAGMA foreign_keys = ON", err) == -1 ||
	    migrate(s, err) == -1)
		goto out;
	if (prepare(s, &s->agent_get, "SELECT agent FROM assignment "
	    "WHERE network = ?1 AND conversation = ?2", err) == -1 ||
	    prepare(s, &s->agent_put, "INSERT OR REPLACE INTO assignment "
	    "(network, conversation, agent, assigned_at) "
	    "VALUES (?1, ?2, ?3, ?4)", err) == -1 ||
	    prepare(s, &s->rr_get, "SELECT next FROM roundrobin "
	    "WHERE pool = ?1", err) == -1 ||
	    prepare(s, &s->rr_put, "INSERT OR REPLACE INTO roundrobin "
	    "(pool, next) VALUES (?1, ?2)", err) == -1 ||
	    prepare(s, &s->contact_put, "INSERT OR IGNORE INTO contact "
	    "(network, id, conversation, author, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", err) == -1 ||
	    prepare(s, &s->contact_count, "SELECT count(*) FROM contact "
	    "WHERE network = ?1 AND conversation = ?2 AND author = ?3 "
	    "AND (created_at < ?4 OR (created_at = ?4 AND id < ?5))",
	    err) == -1)
		goto out;
	return s;
out:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->in_tx)
		store_commit(s, NULL);
	sqlite3_finalize(s->agent_get);
	sqlite3_finalize(s->agent_put);
	sqlite3_finalize(s->rr_get);
	sqlite3_finalize(s->rr_put);
	sqlite3_finalize(s->contact_put);
	sqlite3_finalize(s->contact_count);
	sqlite3_finalize(s->cur_get);
	sqlite3_finalize(s->cur_put);
	sqlite3_finalize(s->seen_get);
	sqlite3_finalize(s->seen_put);
	sqlite3_finalize(s->seen_resume);
	sqlite3_finalize(s->seen_prune);
	sqlite3_finalize(s->meta_get);
	sqlite3_finalize(s->meta_put);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

int
store_begin(struct store *s, struct cs_error *err)
{
	if (s->in_tx)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	s->in_tx = 1;
	return 0;
}

int
store_commit(struct store *s, struct cs_error *err)
{
	if (!s->in_tx)
		return 0;
	s->in_tx = 0;
	if (exec(s, "COMMIT", err) == -1) {
		exec(s, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int
store_agent(struct store *s, const char *network, const char *conv,
    const char *pool, const char *const *agents, size_t n, time_t now,
    char *out, size_t outsz, struct cs_error *err)
{
	size_t i, next = 0;
	int rc;

	if (n == 0) {
		cs_seterr(err, "no agents to assign");
		return -1;
	}
	if (store_begin(s, err) == -1)
		return -1;
	sqlite3_reset(s->agent_get);
	bind_text(s->agent_get, 1, network);
	bind_text(s->agent_get, 2, conv);
	rc = sqlite3_step(s->agent_get);
	if (rc == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(
		    s->agent_get, 0);

		for (i = 0; a != NULL && i < n; i++) {
			if (strcmp(a, agents[i]) == 0) {
				strlcpy(out, a, outsz);
				sqlite3_reset(s->agent_get);
				return 0;
			}
		}
	} else if (rc != SQLITE_DONE)
		return fail(s, err, "reading assignments");
	sqlite3_reset(s->agent_get);

	/* New conversation, or its agent left the roster. */
	sqlite3_reset(s->rr_get);
	bind_text(s->rr_get, 1, pool);
	rc = sqlite3_step(s->rr_get);
	if (rc == SQLITE_ROW)
		next = (size_t)sqlite3_column_int64(s->rr_get, 0) % n;
	else if (rc != SQLITE_DONE)
		return fail(s, err, "reading round-robin");
	sqlite3_reset(s->rr_get);

	sqlite3_reset(s->rr_put);
	bind_text(s->rr_put, 1, pool);
	sqlite3_bind_int64(s->rr_put, 2, (sqlite3_int64)((next + 1) % n));
	if (sqlite3_step(s->rr_put) != SQLITE_DONE)
		return fail(s, err, "saving round-robin");
	sqlite3_reset(s->rr_put);

	sqlite3_reset(s->agent_put);
	bind_text(s->agent_put, 1, network);
	bind_text(s->agent_put, 2, conv);
	bind_text(s->agent_put, 3, agents[next]);
	sqlite3_bind_int64(s->agent_put, 4, (sqlite3_int64)now);
	if (sqlite3_step(s->agent_put) != SQLITE_DONE)
		return fail(s, err, "saving the assignment");
	sqlite3_reset(s->agent_put);
	strlcpy(out, agents[next], outsz);
	return 0;
}

int
store_contact(struct store *s, const char *network, const char *conv,
    const char *author, const char *msgid, time_t created, long *earlier,
    struct cs_error *err)
{
	if (store_begin(s, err) == -1)
		return -1;
	sqlite3_reset(s->contact_put);
	bind_text(s->contact_put, 1, network);
	bind_text(s->contact_put, 2, msgid);
	bind_text(s->contact_put, 3, conv);
	bind_text(s->contact_put, 4, author);
	sqlite3_bind_int64(s->contact_put, 5, (sqlite3_int64)created);
	if (sqlite3_step(s->contact_put) != SQLITE_DONE)
		return fail(s, err, "saving the contact");
	sqlite3_reset(s->contact_put);

	sqlite3_reset(s->contact_count);
	bind_text(s->contact_count, 1, network);
	bind_text(s->contact_count, 2, conv);
	bind_text(s->contact_count, 3, author);
	sqlite3_bind_int64(s->contact_count, 4, (sqlite3_int64)created);
	bind_text(s->contact_count, 5, msgid);
	if (sqlite3_step(s->contact_count) != SQLITE_ROW)
		return fail(s, err, "counting contacts");
	*earlier = (long)sqlite3_column_int64(s->contact_count, 0);
	sqlite3_reset(s->contact_count);
	return 0;
}

/* Prepare *st on first use, then reset it for the next binding. */
static int
lazy(struct store *s, sqlite3_stmt **st, const char *sql,
    struct cs_error *err)
{
	if (*st == NULL)
		return prepare(s, st, sql, err);
	sqlite3_reset(*st);
	sqlite3_clear_bindings(*st);
	return 0;
}

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v != NULL ? xstrdup((const char *)v) : NULL;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		bind_text(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void
store_cursor_release(struct store_cursor *c)
{
	if (c == NULL)
		return;
	free(c->resume);
	free(c->pass_token);
	free(c->pass_newest);
	memset(c, 0, sizeof(*c));
}

int
store_cursor_get(struct store *s, const char *network, const char *account,
    const char *stream, struct store_cursor *c, struct cs_error *err)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if (lazy(s, &s->cur_get, "SELECT resume, pass_token, pass_newest, "
	    "pass_newest_at, pass_count, updated_at FROM fetch_cursor "
	    "WHERE network = ?1 AND account = ?2 AND stream = ?3", err) == -1)
		return -1;
	bind_text(s->cur_get, 1, network);
	bind_text(s->cur_get, 2, account);
	bind_text(s->cur_get, 3, stream);
	rc = sqlite3_step(s->cur_get);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s->cur_get);
		return 1;
	}
	if (rc != SQLITE_ROW)
		return fail(s, err, "reading the cursor");
	c->resume = col_str(s->cur_get, 0);
	c->pass_token = col_str(s->cur_get, 1);
	c->pass_newest = col_str(s->cur_get, 2);
	c->pass_newest_at = (time_t)sqlite3_column_int64(s->cur_get, 3);
	c->pass_count = (long)sqlite3_column_int64(s->cur_get, 4);
	c->updated_at = (time_t)sqlite3_column_int64(s->cur_get, 5);
	sqlite3_reset(s->cur_get);
	return 0;
}

int
store_cursor_put(struct store *s, const char *network, const char *account,
    const char *stream, const struct store_cursor *c, time_t now,
    struct cs_error *err)
{
	if (store_begin(s, err) == -1 ||
	    lazy(s, &s->cur_put, "INSERT OR REPLACE INTO fetch_cursor "
	    "(network, account, stream, resume, pass_token, pass_newest, "
	    "pass_newest_at, pass_count, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err) == -1)
		return -1;
	bind_text(s->cur_put, 1, network);
	bind_text(s->cur_put, 2, account);
	bind_text(s->cur_put, 3, stream);
	bind_opt(s->cur_put, 4, c->resume);
	bind_opt(s->cur_put, 5, c->pass_token);
	bind_opt(s->cur_put, 6, c->pass_newest);
	sqlite3_bind_int64(s->cur_put, 7, (sqlite3_int64)c->pass_newest_at);
	sqlite3_bind_int64(s->cur_put, 8, (sqlite3_int64)c->pass_count);
	sqlite3_bind_int64(s->cur_put, 9, (sqlite3_int64)now);
	if (sqlite3_step(s->cur_put) != SQLITE_DONE)
		return fail(s, err, "saving the cursor");
	sqlite3_reset(s->cur_put);
	return 0;
}

int
store_seen(struct store *s, const char *network, const char *account,
    const char *stream, const char *id, struct cs_error *err)
{
	int rc;

	if (lazy(s, &s->seen_get, "SELECT 1 FROM fetch_seen WHERE "
	    "network = ?1 AND account = ?2 AND stream = ?3 AND id = ?4",
	    err) == -1)
		return -1;
	bind_text(s->seen_get, 1, network);
	bind_text(s->seen_get, 2, account);
	bind_text(s->seen_get, 3, stream);
	bind_text(s->seen_get, 4, id);
	rc = sqlite3_step(s->seen_get);
	sqlite3_reset(s->seen_get);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return fail(s, err, "reading the ids seen");
	return 0;
}

int
store_seen_add(struct store *s, const char *network, const char *account,
    const char *stream, const char *id, time_t created, time_t now,
    struct cs_error *err)
{
	if (store_begin(s, err) == -1 ||
	    lazy(s, &s->seen_put, "INSERT OR IGNORE INTO fetch_seen "
	    "(network, account, stream, id, created_at, seen_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err) == -1)
		return -1;
	bind_text(s->seen_put, 1, network);
	bind_text(s->seen_put, 2, account);
	bind_text(s->seen_put, 3, stream);
	bind_text(s->seen_put, 4, id);
	sqlite3_bind_int64(s->seen_put, 5, (sqlite3_int64)created);
	sqlite3_bind_int64(s->seen_put, 6, (sqlite3_int64)now);
	if (sqlite3_step(s->seen_put) != SQLITE_DONE)
		return fail(s, err, "saving the ids seen");
	sqlite3_reset(s->seen_put);
	return 0;
}

int
store_seen_resume(struct store *s, const char *network, const char *account,
    const char *stream, time_t before, char **id, struct cs_error *err)
{
	int rc;

	*id = NULL;
	/* Ids are decimal strings: a longer one is larger. */
	if (lazy(s, &s->seen_resume, "SELECT id FROM fetch_seen WHERE "
	    "network = ?1 AND account = ?2 AND stream = ?3 AND "
	    "created_at <= ?4 ORDER BY length(id) DESC, id DESC LIMIT 1",
	    err) == -1)
		return -1;
	bind_text(s->seen_resume, 1, network);
	bind_text(s->seen_resume, 2, account);
	bind_text(s->seen_resume, 3, stream);
	sqlite3_bind_int64(s->seen_resume, 4, (sqlite3_int64)before);
	rc = sqlite3_step(s->seen_resume);
	if (rc == SQLITE_ROW)
		*id = col_str(s->seen_resume, 0);
	sqlite3_reset(s->seen_resume);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "reading the ids seen");
	return *id != NULL ? 0 : 1;
}

int
store_seen_prune(struct store *s, const char *network, const char *account,
    const char *stream, time_t before, struct cs_error *err)
{
	if (store_begin(s, err) == -1 ||
	    lazy(s, &s->seen_prune, "DELETE FROM fetch_seen WHERE "
	    "network = ?1 AND account = ?2 AND stream = ?3 AND "
	    "created_at < ?4", err) == -1)
		return -1;
	bind_text(s->seen_prune, 1, network);
	bind_text(s->seen_prune, 2, account);
	bind_text(s->seen_prune, 3, stream);
	sqlite3_bind_int64(s->seen_prune, 4, (sqlite3_int64)before);
	if (sqlite3_step(s->seen_prune) != SQLITE_DONE)
		return fail(s, err, "pruning the ids seen");
	sqlite3_reset(s->seen_prune);
	return 0;
}

int
store_meta_get(struct store *s, const char *network, const char *account,
    const char *key, char **value, struct cs_error *err)
{
	int rc;

	*value = NULL;
	if (lazy(s, &s->meta_get, "SELECT value FROM fetch_meta WHERE "
	    "network = ?1 AND account = ?2 AND key = ?3", err) == -1)
		return -1;
	bind_text(s->meta_get, 1, network);
	bind_text(s->meta_get, 2, account);
	bind_text(s->meta_get, 3, key);
	rc = sqlite3_step(s->meta_get);
	if (rc == SQLITE_ROW)
		*value = col_str(s->meta_get, 0);
	sqlite3_reset(s->meta_get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "reading cached facts");
	return *value != NULL ? 0 : 1;
}

int
store_meta_put(struct store *s, const char *network, const char *account,
    const char *key, const char *value, time_t now, struct cs_error *err)
{
	if (store_begin(s, err) == -1 ||
	    lazy(s, &s->meta_put, "INSERT OR REPLACE INTO fetch_meta "
	    "(network, account, key, value, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", err) == -1)
		return -1;
	bind_text(s->meta_put, 1, network);
	bind_text(s->meta_put, 2, account);
	bind_text(s->meta_put, 3, key);
	bind_text(s->meta_put, 4, value);
	sqlite3_bind_int64(s->meta_put, 5, (sqlite3_int64)now);
	if (sqlite3_step(s->meta_put) != SQLITE_DONE)
		return fail(s, err, "saving cached facts");
	sqlite3_reset(s->meta_put);
	return 0;
}
