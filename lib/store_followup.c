/*
 * store_followup: cs-followup's cases in the state database.  See
 * store.h and followup.h.
 */
#include "compat.h"

#include "store_int.h"
#include "util.h"

/* The columns read_row expects, in its order. */
#define FU_COLS \
	"network, conversation, account, author_id, handle, name, lang, " \
	"category, agent, order_id, in_id, in_at, out_id, out_at, state, " \
	"resolved_at, resolved_by, due_at, last_ask_at, attempts, " \
	"claimed_at, sent_at, checkin_id, answer_id, answer_at, " \
	"answer_score, answer_label, reason, updated_at"

void
store_followup_release(struct store_followup *f)
{
	if (f == NULL)
		return;
	free(f->network);
	free(f->conversation);
	free(f->account);
	free(f->author_id);
	free(f->handle);
	free(f->name);
	free(f->lang);
	free(f->category);
	free(f->agent);
	free(f->order_id);
	free(f->in_id);
	free(f->out_id);
	free(f->resolved_by);
	free(f->checkin_id);
	free(f->answer_id);
	free(f->answer_label);
	free(f->reason);
	memset(f, 0, sizeof(*f));
}

static time_t
col_time(sqlite3_stmt *st, int i)
{
	return (time_t)sqlite3_column_int64(st, i);
}

static void
read_row(sqlite3_stmt *st, struct store_followup *f)
{
	int s;

	memset(f, 0, sizeof(*f));
	f->network = store_col_str(st, 0);
	f->conversation = store_col_str(st, 1);
	f->account = store_col_str(st, 2);
	f->author_id = store_col_str(st, 3);
	f->handle = store_col_str(st, 4);
	f->name = store_col_str(st, 5);
	f->lang = store_col_str(st, 6);
	f->category = store_col_str(st, 7);
	f->agent = store_col_str(st, 8);
	f->order_id = store_col_str(st, 9);
	f->in_id = store_col_str(st, 10);
	f->in_at = col_time(st, 11);
	f->out_id = store_col_str(st, 12);
	f->out_at = col_time(st, 13);
	s = followup_state_parse((const char *)sqlite3_column_text(st, 14));
	f->c.state = s < 0 ? FU_OPEN : (enum followup_state)s;
	f->c.resolved_at = col_time(st, 15);
	f->resolved_by = store_col_str(st, 16);
	f->c.due_at = col_time(st, 17);
	f->c.last_ask_at = col_time(st, 18);
	f->c.attempts = sqlite3_column_int(st, 19);
	f->claimed_at = col_time(st, 20);
	f->c.sent_at = col_time(st, 21);
	f->checkin_id = store_col_str(st, 22);
	f->answer_id = store_col_str(st, 23);
	f->c.answer_at = col_time(st, 24);
	f->has_score = sqlite3_column_type(st, 25) != SQLITE_NULL;
	f->answer_score = sqlite3_column_double(st, 25);
	f->answer_label = store_col_str(st, 26);
	f->reason = store_col_str(st, 27);
	f->updated_at = col_time(st, 28);
}

int
store_followup_get(struct store *s, const char *network, const char *conv,
    struct store_followup *f, struct cs_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((st = store_sql(s, "SELECT " FU_COLS " FROM followup "
	    "WHERE (?1 IS NULL OR network = ?1) AND conversation = ?2 "
	    "ORDER BY network LIMIT 2", err)) == NULL)
		return -1;
	store_bind_text(st, 1, network);
	store_bind_text(st, 2, conv);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		followup_case_init(&f->c);
		f->network = network != NULL ? xstrdup(network) : NULL;
		f->conversation = xstrdup(conv);
		return 1;
	}
	if (rc != SQLITE_ROW)
		return store_fail(s, err, "reading a follow-up");
	read_row(st, f);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		store_followup_release(f);
		return 2;
	}
	if (rc != SQLITE_DONE) {
		store_followup_release(f);
		return store_fail(s, err, "reading a follow-up");
	}
	return 0;
}

int
store_followup_put(struct store *s, const struct store_followup *f,
    time_t now, struct cs_error *err)
{
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "INSERT OR REPLACE INTO followup (" FU_COLS
	    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
	    "?25, ?26, ?27, ?28, ?29)", err)) == NULL)
		return -1;
	store_bind_text(st, 1, f->network);
	store_bind_text(st, 2, f->conversation);
	store_bind_text(st, 3, f->account);
	store_bind_text(st, 4, f->author_id);
	store_bind_text(st, 5, f->handle);
	store_bind_text(st, 6, f->name);
	store_bind_text(st, 7, f->lang);
	store_bind_text(st, 8, f->category);
	store_bind_text(st, 9, f->agent);
	store_bind_text(st, 10, f->order_id);
	store_bind_text(st, 11, f->in_id);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)f->in_at);
	store_bind_text(st, 13, f->out_id);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)f->out_at);
	store_bind_text(st, 15, followup_state_name(f->c.state));
	sqlite3_bind_int64(st, 16, (sqlite3_int64)f->c.resolved_at);
	store_bind_text(st, 17, f->resolved_by);
	sqlite3_bind_int64(st, 18, (sqlite3_int64)f->c.due_at);
	sqlite3_bind_int64(st, 19, (sqlite3_int64)f->c.last_ask_at);
	sqlite3_bind_int(st, 20, f->c.attempts);
	sqlite3_bind_int64(st, 21, (sqlite3_int64)f->claimed_at);
	sqlite3_bind_int64(st, 22, (sqlite3_int64)f->c.sent_at);
	store_bind_text(st, 23, f->checkin_id);
	store_bind_text(st, 24, f->answer_id);
	sqlite3_bind_int64(st, 25, (sqlite3_int64)f->c.answer_at);
	if (f->has_score)
		sqlite3_bind_double(st, 26, f->answer_score);
	else
		sqlite3_bind_null(st, 26);
	store_bind_text(st, 27, f->answer_label);
	store_bind_text(st, 28, f->reason);
	sqlite3_bind_int64(st, 29, (sqlite3_int64)now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, err, "saving a follow-up");
	sqlite3_reset(st);
	return 0;
}

int
store_followup_claim(struct store *s, time_t now, time_t stale,
    size_t max, struct store_followup **out, size_t *n,
    struct cs_error *err)
{
	struct store_followup *v = NULL;
	sqlite3_stmt *st;
	size_t i, cnt = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_begin(s, err) == -1 ||
	    (st = store_sql(s, "SELECT " FU_COLS " FROM followup "
	    "WHERE (state = 'pending' AND due_at <= ?1) "
	    "OR (state = 'due' AND claimed_at < ?3) "
	    "ORDER BY due_at, network, conversation LIMIT ?2", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 2, max > 0 ? (sqlite3_int64)max : -1);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)stale);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, cnt + 1, sizeof(*v));
		read_row(st, &v[cnt++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, err, "reading due follow-ups");
		goto bad;
	}
	for (i = 0; i < cnt; i++) {
		/* Pending: claimed now; due (a stale claim): again. */
		followup_claim(&v[i].c, now);
		v[i].claimed_at = now;
		if (store_followup_put(s, &v[i], now, err) == -1)
			goto bad;
	}
	*out = v;
	*n = cnt;
	return 0;
bad:
	for (i = 0; i < cnt; i++)
		store_followup_release(&v[i]);
	free(v);
	return -1;
}

int
store_followup_each(struct store *s, int state,
    int (*fn)(const struct store_followup *, void *), void *arg,
    struct cs_error *err)
{
	struct store_followup f;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_sql(s, "SELECT " FU_COLS " FROM followup "
	    "WHERE ?1 IS NULL OR state = ?1 "
	    "ORDER BY network, conversation", err)) == NULL)
		return -1;
	store_bind_text(st, 1, state >= 0 ?
	    followup_state_name((enum followup_state)state) : NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &f);
		rc = fn(&f, arg);
		store_followup_release(&f);
		if (rc == -1) {
			sqlite3_reset(st);
			return 0;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, err, "listing follow-ups");
	return 0;
}
