/*
 * store: the SQLite state database.  See store.h.
 */
#include "compat.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store_int.h"
#include "util.h"

#define STORE_BUSY_MS	10000

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
	/*
	 * 3: cs-reply --send: a claim per reply posted (see
	 * store_post_claim), so each is posted at most once.
	 */
	"CREATE TABLE reply_post ("
	"  network TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL,"
	"  state TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL, claimed_at INTEGER NOT NULL,"
	"  pid INTEGER NOT NULL, host TEXT NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 1,"
	"  posted_id TEXT, url TEXT, sent_at INTEGER, error TEXT,"
	"  PRIMARY KEY (network, target, kind));",
	/*
	 * 4: cs-followup: one case per conversation, its customer, its
	 * check-in's state and times, and the customer's answer.  Times
	 * are Unix seconds, 0 for none.
	 */
	"CREATE TABLE followup ("
	"  network TEXT NOT NULL, conversation TEXT NOT NULL,"
	"  account TEXT, author_id TEXT, handle TEXT, name TEXT, lang TEXT,"
	"  category TEXT, agent TEXT, order_id TEXT,"
	"  in_id TEXT, in_at INTEGER NOT NULL DEFAULT 0,"
	"  out_id TEXT, out_at INTEGER NOT NULL DEFAULT 0,"
	"  state TEXT NOT NULL, resolved_at INTEGER NOT NULL DEFAULT 0,"
	"  resolved_by TEXT, due_at INTEGER NOT NULL DEFAULT 0,"
	"  last_ask_at INTEGER NOT NULL DEFAULT 0,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  claimed_at INTEGER NOT NULL DEFAULT 0,"
	"  sent_at INTEGER NOT NULL DEFAULT 0, checkin_id TEXT,"
	"  answer_id TEXT, answer_at INTEGER NOT NULL DEFAULT 0,"
	"  answer_score REAL, answer_label TEXT, reason TEXT,"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY (network, conversation));"
	"CREATE INDEX followup_due ON followup (state, due_at);"
	"CREATE INDEX followup_conv ON followup (conversation);",
};

int
store_fail(struct store *s, struct cs_error *err, const char *what)
{
	cs_seterr(err, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

int
store_exec(struct store *s, const char *sql, struct cs_error *err)
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

/*
 * A database made by an older cs or by hand may be open to group or
 * others: close it to them (customer data), if it is ours.
 */
static int
tighten(const char *path, struct cs_error *err)
{
	struct stat st;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) == 0)
		return 0;
	if (chmod(path, st.st_mode & 0700) == -1) {
		cs_seterr(err, "%s: cannot make it owner-only: %s", path,
		    strerror(errno));
		return -1;
	}
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

	if (store_exec(s, "BEGIN IMMEDIATE", err) == -1)
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
		store_exec(s, "ROLLBACK", NULL);
		return -1;
	}
	for (i = version; i < (int)CS_NELEM(migrations); i++) {
		if (store_exec(s, migrations[i], err) == -1) {
			store_exec(s, "ROLLBACK", NULL);
			return -1;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    (int)CS_NELEM(migrations));
	if (store_exec(s, sql, err) == -1 || store_exec(s, "COMMIT", err) == -1) {
		store_exec(s, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
bad:
	store_fail(s, err, "reading the schema version");
	store_exec(s, "ROLLBACK", NULL);
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
	return store_fail(s, err, "setting WAL mode");
}

sqlite3_stmt *
store_sql(struct store *s, const char *sql, struct cs_error *err)
{
	struct store_stmt *c;
	size_t i;

	for (i = 0; i < s->nstmt; i++) {
		c = &s->stmt[i];
		if (c->sql == sql) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return c->st;
		}
	}
	if (s->nstmt == STORE_MAX_STMT) {
		cs_seterr(err, "%s: more than %d statements", s->path,
		    STORE_MAX_STMT);
		return NULL;
	}
	c = &s->stmt[s->nstmt];
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &c->st, NULL) != SQLITE_OK) {
		store_fail(s, err, "preparing a statement");
		return NULL;
	}
	c->sql = sql;
	s->nstmt++;
	return c->st;
}

void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

char *
store_col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v != NULL ? xstrdup((const char *)v) : NULL;
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
	if (tighten(s->path, err) == -1 || wal(s, err) == -1 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", err) == -1 ||
	    store_exec(s, "PRAGMA foreign_keys = ON", err) == -1 ||
	    migrate(s, err) == -1)
		goto out;
	return s;
out:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->in_tx)
		store_commit(s, NULL);
	for (i = 0; i < s->nstmt; i++)
		sqlite3_finalize(s->stmt[i].st);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int
store_schema_version(void)
{
	return (int)CS_NELEM(migrations);
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
	if (store_exec(s, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	s->in_tx = 1;
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	s->in_tx = 0;
	store_exec(s, "ROLLBACK", NULL);
}

int
store_commit(struct store *s, struct cs_error *err)
{
	if (!s->in_tx)
		return 0;
	s->in_tx = 0;
	if (store_exec(s, "COMMIT", err) == -1) {
		store_exec(s, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

int
store_agent(struct store *s, const char *network, const char *conv,
    const char *pool, const char *const *agents, size_t n, time_t now,
    char *out, size_t outsz, struct cs_error *err)
{
	sqlite3_stmt *st;
	size_t next = 0;
	int rc;

	if (n == 0) {
		cs_seterr(err, "no agents to assign");
		return -1;
	}
	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "SELECT agent FROM assignment "
	    "WHERE network = ?1 AND conversation = ?2", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, conv);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);
		size_t i;

		for (i = 0; a != NULL && i < n; i++) {
			if (strcmp(a, agents[i]) == 0) {
				strlcpy(out, a, outsz);
				sqlite3_reset(st);
				return 0;
			}
		}
	} else if (rc != SQLITE_DONE)
		return store_fail(s, err, "reading assignments");
	sqlite3_reset(st);

	/* New conversation, or its agent left the roster. */
	if ((st = store_sql(s, "SELECT next FROM roundrobin WHERE pool = ?1",
	    err)) == NULL)
		return -1;
	store_bind_text(st, 1, pool);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		next = (size_t)sqlite3_column_int64(st, 0) % n;
	else if (rc != SQLITE_DONE)
		return store_fail(s, err, "reading round-robin");
	sqlite3_reset(st);

	if ((st = store_sql(s, "INSERT OR REPLACE INTO roundrobin "
	    "(pool, next) VALUES (?1, ?2)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, pool);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)((next + 1) % n));
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving round-robin");
	sqlite3_reset(st);

	if ((st = store_sql(s, "INSERT OR REPLACE INTO assignment "
	    "(network, conversation, agent, assigned_at) "
	    "VALUES (?1, ?2, ?3, ?4)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, conv);
	store_bind_text(st, 3, agents[next]);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving the assignment");
	sqlite3_reset(st);
	strlcpy(out, agents[next], outsz);
	return 0;
}

int
store_contact(struct store *s, const char *network, const char *conv,
    const char *author, const char *msgid, time_t created, long *earlier,
    struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "INSERT OR IGNORE INTO contact "
	    "(network, id, conversation, author, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, msgid);
	store_bind_text(st, 3, conv);
	store_bind_text(st, 4, author);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)created);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving the contact");
	sqlite3_reset(st);

	if ((st = store_sql(s, "SELECT count(*) FROM contact "
	    "WHERE network = ?1 AND conversation = ?2 AND author = ?3 "
	    "AND (created_at < ?4 OR (created_at = ?4 AND id < ?5))",
	    err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, conv);
	store_bind_text(st, 3, author);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)created);
	store_bind_text(st, 5, msgid);
	if (sqlite3_step(st) != SQLITE_ROW)
		return store_fail(s, err, "counting contacts");
	*earlier = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}
