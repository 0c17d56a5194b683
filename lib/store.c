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
