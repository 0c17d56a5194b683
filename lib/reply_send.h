/*
 * reply_send: posting drafted replies exactly once (cs-reply --send).
 *
 * For each record whose "reply" is ready (status "draft", or "failed"
 * from an earlier run; with --approved-only also "approved": true), the
 * sender checks the text against the network's limit, claims the
 * message in the state database (store_post_claim, durable before the
 * post), posts through lib/post.h and records the outcome, then gives
 * the new "reply" object: status "sent" with "id", "url" and "sent_at";
 * "failed" or "unknown" with "reason"; "skipped" with "reason".
 *
 * What makes it exactly once: a message is claimed before it is posted
 * and the claim is never given up unless the network said no.  A run
 * killed between the claim and the outcome leaves a claim whose process
 * is gone: the next run reports it "unknown" (it may or may not have
 * been posted) and does not post again unless --force, after a person
 * checked.  Where the network itself drops a second copy (Bluesky: the
 * same record key; Mastodon: the same Idempotency-Key, which the server
 * keeps for an hour) such a claim is settled at once by posting again
 * with the same key, so the reply ends up posted exactly once; on X,
 * which has no such key, it stays "unknown".  --force claims again,
 * also keeping the key.
 *
 * Nothing here prints: notes for the user are left in snd->note.
 */
#ifndef CS_REPLY_SEND_H
#define CS_REPLY_SEND_H

#include <time.h>

#include "compat.h"
#include "post.h"
#include "record.h"
#include "store.h"
#include "util.h"

#define REPLY_SEND_NNET	3	/* x, mastodon, bluesky */
/* How long a Mastodon Idempotency-Key is trusted (the server: 1 h). */
#define REPLY_SEND_MASTODON_KEY_SECS	(50 * 60)

struct reply_send_conf {
	int	 force;		/* post again what was sent or unknown */
	int	 dry_run;	/* post nothing, claim nothing */
	int	 approved_only;	/* only drafts with "approved": true */
	/* Mastodon: the most public visibility allowed (NULL: public). */
	const char *visibility;
	/* The poster settings of network (api_base, creds...). */
	void	(*poster_conf)(void *arg, const char *network,
		    struct post_conf *);
	void	*arg;
};

struct reply_send_counts {
	unsigned long	sent, kept, failed, unknown, skipped, busy;
	unsigned long	unsent;		/* left as they were: rate limit */
	unsigned long	not_ready;	/* not a draft, or not approved */
	unsigned long	dry;		/* would be posted */
};

struct reply_sender {
	struct store		*store;		/* NULL only for dry runs */
	struct reply_send_conf	 conf;
	struct poster		*poster[REPLY_SEND_NNET];
	char			*poster_err[REPLY_SEND_NNET];
	struct reply_send_counts n;
	int			 rate_limited;	/* stop posting */
	int			 fatal;		/* the database failed */
	time_t			 retry_at;	/* when it may go on, or 0 */
	char			*limited_by;	/* the network, or NULL */
	struct buf		 json;		/* the new "reply" object */
	struct buf		 note;		/* a message, or empty */
};

/* Start a sender over an open state database (which must outlive it). */
void	reply_send_init(struct reply_sender *, struct store *,
	    const struct reply_send_conf *);
void	reply_send_release(struct reply_sender *);

enum reply_send_result {
	REPLY_SEND_PASS,	/* write the record unchanged */
	REPLY_SEND_REPLACE	/* write it with "reply" set to snd->json */
};

/*
 * Handle one record.  draft (dlen bytes), if not NULL, is a "reply"
 * object just drafted for a record that had none, to use instead of the
 * record's.  Returns the result, and leaves a message for the user in
 * snd->note when something deserves one (a failure, an unknown outcome,
 * a rate limit, a dry run's plan); or -1 with err when the record
 * cannot be handled (no "id" or "network", a draft without text), or
 * when the state database fails: then snd->fatal is set and the caller
 * must stop.
 */
int	reply_send(struct reply_sender *, const struct record *,
	    const char *draft, size_t dlen, struct cs_error *);

#endif
