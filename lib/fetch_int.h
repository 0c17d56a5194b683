/*
 * fetch_int.h: the pure part of cs-fetch's network subcommands
 * (lib/fetch_net.c), exposed for the fuzz targets and tests: mapping one
 * item of a network's reply, already parsed by cJSON, to the record
 * cs-fetch writes (see cs(7)).  No request, no state, no output: the
 * caller owns the buffer and the parsed reply.  Not for other callers.
 */
#ifndef CS_FETCH_INT_H
#define CS_FETCH_INT_H

#include <time.h>

#include <cjson/cJSON.h>

#include "util.h"

/* What a record needs besides the reply. */
struct fetch_map {
	const char	*acct;	/* our handle: "account", "direction" */
	const char	*did;	/* Bluesky: our DID, or NULL */
	const char	*cmd;	/* "x", "mastodon", "bluesky" */
	/*
	 * Told "CMD: ID: bad created_at 'V'" when an item's time is
	 * unreadable (the record then has the raw text); may be NULL.
	 */
	void		(*warn)(void *arg, const char *msg);
	void		*arg;
};

/*
 * Replace b's contents with the record (one JSON object, no newline) of
 * an item and return its time (now when unreadable):
 *
 * fetch_x_record: tweet t of an X API v2 page (/2/users/:id/mentions,
 * /2/tweets/search/recent), its author looked up in users (the page's
 * includes.users, may be NULL); id is t's "id", a string of digits.
 *
 * fetch_m_record: status s of a Mastodon mention notification (an
 * object whose "id" is a string); root is its thread's root id.
 *
 * fetch_b_record: notification n of Bluesky's listNotifications (whose
 * "uri" is a string), with v its post view from getPosts (may be NULL:
 * the counts are then 0).
 */
time_t	fetch_x_record(const struct fetch_map *, struct buf *b,
	    const cJSON *t, const cJSON *users, const char *id);
time_t	fetch_m_record(const struct fetch_map *, struct buf *b,
	    const cJSON *s, const char *root);
time_t	fetch_b_record(const struct fetch_map *, struct buf *b,
	    const cJSON *n, const cJSON *v);

/* The post view of uri in a getPosts reply ({"posts":[...]}), or NULL. */
const cJSON *fetch_b_view(const cJSON *views, const char *uri);

#endif
