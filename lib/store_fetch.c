/*
 * store_fetch: cs-fetch's cursors, ids seen and cached facts.  See
 * store.h.
 */
#include "compat.h"

#include "store_int.h"
#include "util.h"

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
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((st = store_sql(s, "SELECT resume, pass_token, pass_newest, "
	    "pass_newest_at, pass_count, updated_at FROM fetch_cursor "
	    "WHERE network = ?1 AND account = ?2 AND stream = ?3", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, stream);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_ROW)
		return store_fail(s, err, "reading the cursor");
	c->resume = store_col_str(st, 0);
	c->pass_token = store_col_str(st, 1);
	c->pass_newest = store_col_str(st, 2);
	c->pass_newest_at = (time_t)sqlite3_column_int64(st, 3);
	c->pass_count = (long)sqlite3_column_int64(st, 4);
	c->updated_at = (time_t)sqlite3_column_int64(st, 5);
	sqlite3_reset(st);
	return 0;
}

int
store_cursor_put(struct store *s, const char *network, const char *account,
    const char *stream, const struct store_cursor *c, time_t now,
    struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "INSERT OR REPLACE INTO fetch_cursor "
	    "(network, account, stream, resume, pass_token, pass_newest, "
	    "pass_newest_at, pass_count, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, stream);
	store_bind_text(st, 4, c->resume);
	store_bind_text(st, 5, c->pass_token);
	store_bind_text(st, 6, c->pass_newest);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)c->pass_newest_at);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)c->pass_count);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving the cursor");
	sqlite3_reset(st);
	return 0;
}

int
store_seen(struct store *s, const char *network, const char *account,
    const char *stream, const char *id, struct cs_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_sql(s, "SELECT 1 FROM fetch_seen WHERE "
	    "network = ?1 AND account = ?2 AND stream = ?3 AND id = ?4",
	    err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, stream);
	store_bind_text(st, 4, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return store_fail(s, err, "reading the ids seen");
	return 0;
}

int
store_seen_add(struct store *s, const char *network, const char *account,
    const char *stream, const char *id, time_t created, time_t now,
    struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "INSERT OR IGNORE INTO fetch_seen "
	    "(network, account, stream, id, created_at, seen_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, stream);
	store_bind_text(st, 4, id);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)created);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving the ids seen");
	sqlite3_reset(st);
	return 0;
}

int
store_seen_resume(struct store *s, const char *network, const char *account,
    const char *stream, time_t before, char **id, struct cs_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*id = NULL;
	/* Ids are decimal strings: a longer one is larger. */
	if ((st = store_sql(s, "SELECT id FROM fetch_seen WHERE "
	    "network = ?1 AND account = ?2 AND stream = ?3 AND "
	    "created_at <= ?4 ORDER BY length(id) DESC, id DESC LIMIT 1",
	    err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, stream);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)before);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = store_col_str(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, err, "reading the ids seen");
	return *id != NULL ? 0 : 1;
}

int
store_seen_prune(struct store *s, const char *network, const char *account,
    const char *stream, time_t before, struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "DELETE FROM fetch_seen WHERE "
	    "network = ?1 AND account = ?2 AND stream = ?3 AND "
	    "created_at < ?4", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, stream);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)before);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "pruning the ids seen");
	sqlite3_reset(st);
	return 0;
}

int
store_meta_get(struct store *s, const char *network, const char *account,
    const char *key, char **value, struct cs_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*value = NULL;
	if ((st = store_sql(s, "SELECT value FROM fetch_meta WHERE "
	    "network = ?1 AND account = ?2 AND key = ?3", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = store_col_str(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, err, "reading cached facts");
	return *value != NULL ? 0 : 1;
}

int
store_meta_put(struct store *s, const char *network, const char *account,
    const char *key, const char *value, time_t now, struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "INSERT OR REPLACE INTO fetch_meta "
	    "(network, account, key, value, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, account);
	store_bind_text(st, 3, key);
	store_bind_text(st, 4, value);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving cached facts");
	sqlite3_reset(st);
	return 0;
}
