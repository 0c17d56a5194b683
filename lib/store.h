/*
 * store: the local state database (SQLite), shared by the tools:
 * agent assignments, contacts seen, and later cursors, sent replies and
 * follow-ups.  One file, ${XDG_STATE_HOME:-~/.local/state}/cs/state.db, or
 * $CS_STATE, or --state FILE; created with mode 0600 in a 0700 folder.
 * WAL and a busy timeout make concurrent cron jobs safe; the schema is
 * versioned (PRAGMA user_version) and migrated forward on open.
 *
 * store.c opens, migrates and closes; each tool's queries live in their
 * own store_NAME.c (store_fetch.c...), which share lib/store_int.h.
 * Those are the only files that include sqlite3.h.
 */
#ifndef CS_STORE_H
#define CS_STORE_H

#include <time.h>

#include "compat.h"

struct store;

/*
 * Open (creating if needed) and migrate the database at path, or the
 * default above when path is NULL.  Returns NULL with the reason in err.
 */
struct store	*store_open(const char *path, struct cs_error *);
/* Commit any open transaction and close; NULL is a no-op. */
void		 store_close(struct store *);
const char	*store_path(const struct store *);
/* The schema version this program migrates to (PRAGMA user_version). */
int		 store_schema_version(void);

/*
 * Batching: store_begin starts a write transaction if none is open;
 * store_commit ends it.  The filters begin lazily and commit before they
 * block on input and at the end, so state is durable before output is.
 */
int	store_begin(struct store *, struct cs_error *);
int	store_commit(struct store *, struct cs_error *);
/* Abandon the open transaction, if any. */
void	store_rollback(struct store *);

/*
 * The agent who owns a conversation: the one recorded, if still among
 * agents[0..n); otherwise the next one in round-robin order for pool
 * (a name for the agent list, such as a queue), recorded for next time.
 * Writes the name into out (size outsz).  Returns 0, or -1 with err.
 */
int	store_agent(struct store *, const char *network, const char *conv,
	    const char *pool, const char *const *agents, size_t n,
	    time_t now, char *out, size_t outsz, struct cs_error *);

/*
 * Record inbound message msgid by author in a conversation (once: the
 * same id again changes nothing) and set *earlier to the number of
 * messages from that author in the conversation before created.
 */
int	store_contact(struct store *, const char *network, const char *conv,
	    const char *author, const char *msgid, time_t created,
	    long *earlier, struct cs_error *);

/*
 * cs-fetch's state.  A stream is one thing fetched for one of our
 * accounts on one network: "mentions", or "search:" and the query.
 *
 * The cursor says where the next run resumes: resume is the id passed as
 * since_id (or min_id) on a fresh pass; an unfinished pass (stopped by a
 * rate limit, --max or --max-reads) leaves its page token and what it had
 * seen so far, so the next run completes it first.
 */
struct store_cursor {
	char		*resume;	/* or NULL: none yet */
	char		*pass_token;	/* or NULL: no pass under way */
	char		*pass_newest;	/* its newest id, or NULL */
	time_t		 pass_newest_at;
	long		 pass_count;	/* items read in that pass */
	time_t		 updated_at;
};

/* Free the strings of a cursor; NULL is a no-op. */
void	store_cursor_release(struct store_cursor *);
/*
 * Read the cursor of a stream into c (strings to free with
 * store_cursor_release).  Returns 0, 1 when there is none (c is zeroed),
 * or -1 with err.
 */
int	store_cursor_get(struct store *, const char *network,
	    const char *account, const char *stream, struct store_cursor *,
	    struct cs_error *);
/* Save (replace) the cursor of a stream, in the open transaction. */
int	store_cursor_put(struct store *, const char *network,
	    const char *account, const char *stream,
	    const struct store_cursor *, time_t now, struct cs_error *);

/*
 * The ids a stream has emitted.  store_seen returns 1 if id was emitted
 * before, 0 if not, -1 with err.  store_seen_add records one (in the
 * open transaction; again is a no-op).
 */
int	store_seen(struct store *, const char *network, const char *account,
	    const char *stream, const char *id, struct cs_error *);
int	store_seen_add(struct store *, const char *network,
	    const char *account, const char *stream, const char *id,
	    time_t created, time_t now, struct cs_error *);
/*
 * The largest id (as a decimal number) among the stream's ids created at
 * or before the time before, in *id (free it).  Returns 0, 1 when there
 * is none (*id NULL), -1 with err.  The overlap window's resume point.
 */
int	store_seen_resume(struct store *, const char *network,
	    const char *account, const char *stream, time_t before, char **id,
	    struct cs_error *);
/* Forget the stream's ids created before the time before. */
int	store_seen_prune(struct store *, const char *network,
	    const char *account, const char *stream, time_t before,
	    struct cs_error *);

/*
 * Small cached facts per network and account ("user_id").  get returns
 * 0 with *value (free it), 1 when absent, -1 with err; put replaces.
 */
int	store_meta_get(struct store *, const char *network,
	    const char *account, const char *key, char **value,
	    struct cs_error *);
int	store_meta_put(struct store *, const char *network,
	    const char *account, const char *key, const char *value,
	    time_t now, struct cs_error *);

/*
 * cs-reply --send's claims: one row per reply we post, keyed by network,
 * the message answered (target) and the kind of reply ("reply", or
 * "followup" for a check-in), so each is posted at most once.
 *
 * store_post_claim runs in its own immediate transaction and commits
 * before returning, so the claim is durable before the post is made.
 * It looks at the row and returns:
 *
 *   STORE_POST_CLAIMED  no row, or a "failed" one, or force: the row is
 *                       now "claimed" by this process; post it.
 *   STORE_POST_SENT     posted before (p->posted_id, p->sent_at...).
 *   STORE_POST_BUSY     claimed by a live process on this host.
 *   STORE_POST_STALE    claimed by a process that died (killed between
 *                       the claim and the outcome): the row is now
 *                       "unknown"; p->key is the key that attempt used.
 *   STORE_POST_UNKNOWN  marked unknown by an earlier run.
 *
 * With force, "sent", "stale" and "unknown" rows are claimed again,
 * keeping their key (an idempotent network then still posts once).
 * p gets the row as it was (strings to free with store_post_release).
 * Returns -1 with err on a database error.
 */
enum store_post_claim {
	STORE_POST_CLAIMED,
	STORE_POST_SENT,
	STORE_POST_BUSY,
	STORE_POST_STALE,
	STORE_POST_UNKNOWN
};

struct store_post {
	char	*state;		/* "claimed", "sent", "failed", "unknown" */
	char	*key;		/* the idempotency key of the claim */
	char	*posted_id;	/* sent: the post's id */
	char	*url;		/* sent: its link, or NULL */
	char	*error;		/* failed/unknown: why, or NULL */
	time_t	 created_at;	/* the first claim: the key's time */
	time_t	 claimed_at;	/* the last claim */
	time_t	 sent_at;
	long	 pid;		/* the claiming process */
	int	 attempts;	/* claims made so far */
};

void	store_post_release(struct store_post *);
int	store_post_claim(struct store *, const char *network,
	    const char *target, const char *kind, const char *text, int force,
	    time_t now, struct store_post *p, struct cs_error *);
/*
 * Record the outcome of a claimed post, in its own transaction: state
 * "sent" (posted_id, url, sent_at), "failed" or "unknown" (error), or
 * NULL to drop the claim (nothing was posted and nothing is to be
 * remembered, e.g. a dry run or a rate limit before sending).
 */
int	store_post_done(struct store *, const char *network,
	    const char *target, const char *kind, const char *state,
	    const char *posted_id, const char *url, time_t sent_at,
	    const char *error, struct cs_error *);
/*
 * Read the row without changing it: 0 with p filled, 1 when there is
 * none, -1 with err.  For --dry-run.
 */
int	store_post_get(struct store *, const char *network,
	    const char *target, const char *kind, struct store_post *p,
	    struct cs_error *);
/* Make every commit reach the disk before returning (synchronous=FULL). */
int	store_durable(struct store *, struct cs_error *);

/*
 * cs-followup's cases (see followup.h for the states and rules): one
 * per network and conversation.  Strings are owned by the case (free
 * with store_followup_release); NULL means unknown.
 */
#include "followup.h"

struct store_followup {
	char			*network, *conversation, *account;
	char			*author_id, *handle, *name, *lang, *category;
	char			*agent, *order_id;
	char			*in_id;		/* customer's last message */
	time_t			 in_at;
	char			*out_id;	/* our last message */
	time_t			 out_at;
	char			*resolved_by;	/* reply, manual, thanks */
	time_t			 claimed_at;
	char			*checkin_id;	/* the posted check-in */
	char			*answer_id;
	int			 has_score;
	double			 answer_score;
	char			*answer_label;
	char			*reason;	/* why cancelled or failed */
	time_t			 updated_at;
	struct followup_case	 c;
};

void	store_followup_release(struct store_followup *);
/*
 * Read the case of a conversation (network NULL: on any network) into
 * f.  Returns 0, 1 when there is none (f is a new open case with the
 * network and conversation set), 2 when network is NULL and several
 * networks have that conversation, or -1 with err.
 */
int	store_followup_get(struct store *, const char *network,
	    const char *conv, struct store_followup *, struct cs_error *);
/* Save (insert or replace) a case in the open transaction. */
int	store_followup_put(struct store *, const struct store_followup *,
	    time_t now, struct cs_error *);
/*
 * Claim, in the open transaction, up to max (0: all) pending check-ins
 * due at now, oldest due first, and mark them due (followup_claim); and
 * claim again those claimed before stale (0: none) whose result never
 * came back (the "due" that claimed them may have died before writing
 * them, or its output was lost).  *out gets the claimed cases (*n of
 * them; free each and the array).  Commit before writing them out: a
 * concurrent claimer then never sees them pending.
 */
int	store_followup_claim(struct store *, time_t now, time_t stale,
	    size_t max, struct store_followup **out, size_t *n,
	    struct cs_error *);
/*
 * Call fn for each case in state (-1: every state), ordered by network
 * and conversation; fn returns 0 to go on, -1 to stop.  Returns 0, or
 * -1 with err.
 */
int	store_followup_each(struct store *, int state,
	    int (*fn)(const struct store_followup *, void *), void *arg,
	    struct cs_error *);

#endif
