/*
 * reply: drafting the reply to one message, the logic of cs-reply.
 *
 * From a record (after cs-classify and cs-prioritize) it chooses the
 * category (class.category; "pii" when class.pii is not empty), the
 * language (class.lang.code, else the network's hint, else a default;
 * English when the language has no templates) and the signer
 * (priority.agent, else a configured agent, else the team signature);
 * cleans the values taken from the message (see reply_clean_label and
 * reply_handle_ok), fills the templates' variables, and picks the first
 * variant that has all its variables and fits the network's length
 * limit.  The result is the JSON object cs-reply writes as "reply":
 * status "draft" with the text, or "skipped" with a reason.
 *
 * Lengths are counted as the network does (lib/twtext.h): X's weighted
 * length for X and unknown networks, Mastodon's count for "mastodon",
 * graphemes for "bluesky".  Nothing here prints or exits.
 */
#ifndef CS_REPLY_H
#define CS_REPLY_H

#include "compat.h"
#include "record.h"
#include "template.h"
#include "twtext.h"
#include "util.h"

/*
 * Default limits (Bluesky's is also its hard maximum) and the largest
 * limit accepted.
 */
#define REPLY_LIMIT_X		280
#define REPLY_LIMIT_MASTODON	500
#define REPLY_LIMIT_BLUESKY	300
#define REPLY_LIMIT_MAX		100000

/*
 * Code points of a cleaned name and of a cleaned agent; NETWORK=N
 * settings at most.
 */
#define REPLY_NAME_MAX		32
#define REPLY_AGENT_MAX		40
#define REPLY_MAX_LIMITS	16

/* The signature when nothing else names one. */
#define REPLY_SIGNATURE		"Customer Care"

struct reply_limit {
	char	network[32];
	size_t	limit;
};

struct reply_conf {
	/* Who signs when the record names no agent (NULL: nobody). */
	const char		*agent;
	/* The team signature (NULL: the templates' one per language). */
	const char		*signature;
	/* The language when the record has none: "en" by default. */
	const char		*lang;
	/* Use this category for every record ("followup"), or NULL. */
	const char		*category;
	/* Never fill {{name}}. */
	int			 no_name;
	/* A bare --limit N (0: the networks' defaults). */
	size_t			 limit;
	struct reply_limit	 limits[REPLY_MAX_LIMITS];
	size_t			 nlimits;
};

struct reply {
	const struct template_set	*set;
	struct reply_conf		 conf;
	/* Reusable buffers. */
	struct buf			 text, name, agent, url, json;
	struct buf			 scratch;
	struct twtext_entities		 urls;
};

enum reply_result {
	REPLY_DRAFT,	/* json holds a draft */
	REPLY_SKIPPED,	/* json holds a skipped reply with its reason */
	REPLY_KEEP	/* the record's reply was sent: leave it alone */
};

/*
 * Start a drafter over a template set, which must outlive it; conf gets
 * its defaults (language "en", the networks' limits).
 */
void	reply_init(struct reply *, const struct template_set *);
void	reply_release(struct reply *);

/*
 * Add limits from spec: a comma-separated list of N (every network) and
 * NETWORK=N (that network; wins over N).  Returns 0, or -1 with the
 * problem in err ("'x=0' is not N or NETWORK=N...").
 */
int	reply_parse_limits(struct reply_conf *, const char *spec,
	    struct cs_error *);
/* The limit for network (NULL means "x"). */
size_t	reply_limit(const struct reply_conf *, const char *network);

/*
 * Draft the reply to r.  The "reply" JSON object (no newline) is left in
 * rp->json, valid until the next call, unless the result is REPLY_KEEP:
 * the record already carries a sent reply (status "sent" or a posted
 * "id"), which must never be drafted again.
 */
enum reply_result reply_draft(struct reply *, const struct record *);

/*
 * The length of a text as network counts it.
 */
size_t	reply_measure(const char *network, const char *text, size_t len);

/*
 * Clean a name or a signature taken from a stranger (len bytes of
 * UTF-8) into out (replacing its contents), so that our reply neither
 * mentions nor links anyone: invalid bytes, control, format and
 * bidirectional characters are dropped; line breaks and other spaces
 * become one space; '@', '#' and '$' (and their full-width forms) are
 * dropped; words that look like links (with "://", "www." or a
 * "domain.tld") are dropped; and the result is cut, at a word or else a
 * grapheme boundary, to at most maxcp code points.  out may end up empty.
 */
void	reply_clean_label(const char *s, size_t len, size_t maxcp,
	    struct buf *out);

/*
 * Whether handle (len bytes, without '@') is valid on network: X and
 * unknown networks [A-Za-z0-9_]{1,15}; Mastodon user or user@domain;
 * Bluesky a domain name such as alice.bsky.social.
 */
int	reply_handle_ok(const char *network, const char *handle, size_t len);

#endif
