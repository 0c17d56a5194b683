/*
 * template: the reply templates of cs-reply, compiled once at start-up.
 *
 * A template file (JSON, see cs-reply(5)) holds, per
 * category and language, a list of variants: texts with variables such
 * as {{handle}} and {{order_id}}.  Variants go from the richest to the
 * plainest; the first one whose variables are all known and whose length
 * fits the limit is chosen.  The file also holds per-language team
 * signatures and the carriers whose tracking links can be given.
 *
 * Loading validates everything (unknown variables and keys, bad names,
 * invalid UTF-8, control characters, a missing {{agent}} signature,
 * entity variables in a "pii" template, and the one lint rule that
 * refuses a file: a text asking for card, bank, password or ID document
 * data in public, see template_lint.h) and compiles each text into
 * literal and variable pieces, so rendering is a copy of pieces.  Values
 * are inserted literally and never scanned for "{{" again; cleaning them
 * of mentions, links and control characters is the caller's job (see
 * reply.h).
 *
 * A file loaded after another one adds categories, languages, carriers
 * and signatures, and replaces the variant list of a category and
 * language it names (an empty list removes it).  Nothing here prints or
 * exits; the xmalloc family aborts on out-of-memory.
 */
#ifndef CS_TEMPLATE_H
#define CS_TEMPLATE_H

#include "compat.h"
#include "util.h"

/* The variables a template may use. */
enum template_var {
	TEMPLATE_HANDLE,	/* the author's handle, without '@' */
	TEMPLATE_NAME,		/* the author's display name, cleaned */
	TEMPLATE_AGENT,		/* who signs: the agent or the team */
	TEMPLATE_ORDER_ID,	/* the first order number of the message */
	TEMPLATE_TRACKING,	/* the first tracking number */
	TEMPLATE_CARRIER,	/* its carrier's name ("UPS") */
	TEMPLATE_TRACKING_URL,	/* the carrier's tracking link */
	TEMPLATE_NVARS
};

#define TEMPLATE_BIT(v)		(1U << (v))
/*
 * What a template of category "pii" may use: nothing from the message
 * and nothing of the author but the handle (a display name can hold a
 * phone number too).
 */
#define TEMPLATE_PII_VARS	(TEMPLATE_BIT(TEMPLATE_HANDLE) | \
	TEMPLATE_BIT(TEMPLATE_AGENT))

/*
 * Special categories: the reply to a message that exposed personal
 * data, the check-in after a case is solved, and the fallback.
 */
#define TEMPLATE_CAT_PII	"pii"
#define TEMPLATE_CAT_FOLLOWUP	"followup"
#define TEMPLATE_CAT_OTHER	"other"

/*
 * Variant flags, read from the file ("resolves": true, "dm": true): the
 * reply closes the case (cs-followup checks in later); it moves the
 * conversation to direct messages.
 */
#define TEMPLATE_RESOLVES	(1U << 0)
#define TEMPLATE_DM		(1U << 1)

/*
 * Caps on what a file may hold: bytes of a variant's text, variants per
 * category and language, bytes of a category or carrier name, bytes of
 * a signature or a carrier's display name, bytes of a file.
 */
#define TEMPLATE_MAX_TEXT	2000
#define TEMPLATE_MAX_VARIANTS	64
#define TEMPLATE_MAX_NAME	32
#define TEMPLATE_MAX_LABEL	64
#define TEMPLATE_MAX_FILE	(4 * 1024 * 1024)

/* A compiled text: literal bytes of text, or a variable (var >= 0). */
struct template_piece {
	int	var;
	size_t	off, len;
};

/*
 * One variant: its name ("shipping.es.1"), source text, compiled pieces,
 * the TEMPLATE_BIT of each variable it uses, and its flags.
 */
struct template_variant {
	char			*name;
	char			*text;
	struct template_piece	*piece;
	size_t			 npiece;
	unsigned		 needs;
	unsigned		 flags;
};

struct template_list {
	char			*category;
	char			*lang;
	struct template_variant	*v;
	size_t			 n;
};

/*
 * A carrier: its folded key ("royalmail"), display name ("Royal Mail")
 * and tracking link, a text whose only variable is {{tracking}}.
 */
struct template_carrier {
	char			*key;
	char			*name;
	struct template_variant	 url;
};

struct template_sig {
	char	*lang;
	char	*text;
};

struct template_set {
	struct template_list	*list;
	size_t			 nlist;
	struct template_carrier	*carrier;
	size_t			 ncarrier;
	struct template_sig	*sig;
	size_t			 nsig;
};

/* The values of the variables for one reply; s[i] NULL means unknown. */
struct template_values {
	const char	*s[TEMPLATE_NVARS];
	size_t		 len[TEMPLATE_NVARS];
};

/* An empty set; allocates nothing. */
void	template_init(struct template_set *);
/* Free everything in the set and leave it empty. */
void	template_release(struct template_set *);

/*
 * Parse a template file (text, len bytes; name is used in messages),
 * validate and compile it, and merge it into the set.  Returns 0, or -1
 * with "NAME: problem" in err, such as "replies.json: template
 * shipping.es.2: unknown variable '{{ordr}}'"; the set is then unchanged.
 */
int	template_load(struct template_set *, const char *text, size_t len,
	    const char *name, struct cs_error *);
/*
 * template_load with flags: TEMPLATE_LOAD_NOLINT skips the lint rule
 * (for cs-reply lint, which reports every problem itself).
 */
#define TEMPLATE_LOAD_NOLINT	(1U << 0)
int	template_load_flags(struct template_set *, const char *text,
	    size_t len, const char *name, unsigned flags, struct cs_error *);
/*
 * Load the built-in templates (lib/data/templates.json).  Returns -1 with
 * the reason in err if they are missing or broken (a build error).
 */
int	template_load_builtin(struct template_set *, struct cs_error *);

/*
 * The variants of category in language lang, or NULL if there are none.
 * The pointer is valid until the set is changed.
 */
const struct template_list *template_find(const struct template_set *,
	    const char *category, const char *lang);
/* The team signature for lang, or NULL. */
const char	*template_signature(const struct template_set *,
		    const char *lang);
/*
 * The carrier named name ("UPS", "royal_mail": case, spaces and
 * punctuation are ignored), or NULL.
 */
const struct template_carrier *template_carrier(const struct template_set *,
	    const char *name);

/* The variable called name (len bytes), or -1. */
int		 template_var(const char *name, size_t len);
/* The name of variable v ("order_id"). */
const char	*template_var_name(int v);

/* The variables a variant needs that vals does not have (TEMPLATE_BITs). */
unsigned	 template_missing(const struct template_variant *,
		    const struct template_values *);
/*
 * Append the variant, its variables filled from vals, to out.  Returns 0,
 * or -1 without appending anything if a variable it needs is unknown.
 */
int	template_render(const struct template_variant *,
	    const struct template_values *, struct buf *out);

/*
 * How long a rendered text is, in the units of the limit: the caller's
 * function over (text, len, arg).
 */
struct template_measure {
	size_t	(*fn)(const char *, size_t, void *);
	void	*arg;
};

enum template_pick_status {
	TEMPLATE_PICK_OK,
	TEMPLATE_PICK_EMPTY,	/* the list has no variants */
	TEMPLATE_PICK_MISSING,	/* no variant has all its variables */
	TEMPLATE_PICK_TOOLONG	/* some had them, but none fits */
};

struct template_choice {
	const struct template_variant	*variant;	/* PICK_OK */
	size_t				 length;	/* PICK_OK */
	/* PICK_MISSING: what the last (plainest) variant lacked. */
	unsigned			 missing;
};

/*
 * Choose the first variant of list that has all its variables in vals
 * and whose rendering measures at most limit; leave its text in out
 * (replacing what out held) and fill choice.  Text is never cut.
 */
enum template_pick_status template_pick(const struct template_list *,
	    const struct template_values *, size_t limit,
	    const struct template_measure *, struct buf *out,
	    struct template_choice *);

#endif
