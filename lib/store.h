/*
 * store: the local state database (SQLite), shared by the tools:
 * agent assignments, contacts seen, and later cursors, sent replies and
 * follow-ups.  One file, ${XDG_STATE_HOME:-~/.local/state}/cs/state.db, or
 * $CS_STATE, or --state FILE; created with mode 0600 in a 0700 folder.
 * WAL and a busy timeout make concurrent cron jobs safe; the schema is
 * versioned (PRAGMA user_version) and migrated forward on open.
 *
 * This is the only module that includes sqlite3.h.
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

/*
 * Batching: store_begin starts a write transaction if none is open;
 * store_commit ends it.  The filters begin lazily and commit before they
 * block on input and at the end, so state is durable before output is.
 */
int	store_begin(struct store *, struct cs_error *);
int	store_commit(struct store *, struct cs_error *);

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

#endif
