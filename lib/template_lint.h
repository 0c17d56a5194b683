/*
 * template_lint: the checks of `cs-reply lint` over reply templates, and
 * the command's front end.
 *
 * The rules (cs-reply(5), LINT RULES), with their severity:
 *
 *	secret		error	asks in public for a card number, a CVV,
 *				bank details, a password or an ID document
 *	variable	error	an unknown variable ("{{ordr}}")
 *	file		error	anything else the loader refuses
 *	length		error	the plainest variant of a list does not fit
 *				the limit with the longest plausible values
 *			warning	a variant does not fit them and no plainer
 *				variant after it (needing no more
 *				variables) does; or it never fits
 *	language	warning	a category without en, es or ca templates
 *	shouting	warning	an all-capital word (not a known acronym),
 *				or a run of '!'
 *	thanks		warning	an en, es or ca variant that thanks nobody
 *	dm		warning	"dm": true on a text that does not mention a
 *				direct message, or such a text without it
 *
 * The checks of one text (secret, shouting, thanks) are plain functions,
 * used by template_load too: a file with a "secret" error is refused on
 * load.  Nothing but template_lint_main prints or exits.
 */
#ifndef CS_TEMPLATE_LINT_H
#define CS_TEMPLATE_LINT_H

#include "compat.h"
#include "reply.h"
#include "template.h"

/*
 * The longest plausible values of the variables, in code points, used
 * to measure a variant: a handle per network, a display name (the cut
 * of reply.h), a signer, an order number, a tracking number.  The
 * tracking link is each carrier's link with such a number.
 */
#define LINT_HANDLE_X		15
#define LINT_HANDLE_MASTODON	30
#define LINT_HANDLE_BLUESKY	40
#define LINT_NAME		REPLY_NAME_MAX
#define LINT_AGENT		REPLY_AGENT_MAX
#define LINT_ORDER_ID		19
#define LINT_TRACKING		34

/* One problem found. */
struct lint_problem {
	int	 error;		/* 1 an error, 0 a warning */
	const char *rule;	/* "secret", "length"... (static) */
	char	*file;		/* the file's name in messages */
	char	*where;		/* "template payment.es.1", or NULL */
	char	*msg;		/* "asks for a card number in public" */
};

struct template_lint {
	/* The limits checked: x, mastodon and bluesky from these. */
	struct reply_conf	 conf;
	struct lint_problem	*v;
	size_t			 n;
	size_t			 nerrors, nwarnings;
};

/* Start with no problems and the networks' default limits. */
void	template_lint_init(struct template_lint *);
void	template_lint_release(struct template_lint *);

/*
 * Lint a template file (text, len bytes; name is used in messages) and
 * merge it into set, which holds what was loaded before it (the
 * built-in templates, earlier files): lists are checked as they will be
 * used, with the carriers of the merged set.  Problems are appended to
 * the lint.  A file the loader refuses leaves set unchanged.  Returns
 * the number of errors this file added.
 */
size_t	template_lint_file(struct template_lint *, struct template_set *set,
	    const char *text, size_t len, const char *name);

/*
 * The secret a text asks for in public: "a card number", "a CVV", "bank
 * details", "a password" or "an ID document", or NULL.  A mention is
 * fine in a clause that says not to share it (a negation such as
 * "never", "no", "sin", "mai" near it) or to send it by direct message.
 * lang (may be NULL) chooses the negations: those of en, es or ca, or
 * all of them.
 */
const char *template_lint_secret(const char *text, const char *lang);

/*
 * Whether text shouts: returns 1 and the offending word or run of '!'
 * (cut to fit) in out, else 0.  Words of the carriers of set (may be
 * NULL) and known acronyms (UPS, DHL, DM, MD, ID...) are fine.
 */
int	template_lint_shouting(const char *text,
	    const struct template_set *set, char *out, size_t size);

/* Whether text mentions a direct message ("DM", "por MD", "en privat"). */
int	template_lint_says_dm(const char *text);

/*
 * Whether text thanks: 1 yes, 0 no, -1 when lang has no thank words
 * (only en, es and ca have them).
 */
int	template_lint_thanks(const char *text, const char *lang);

/*
 * cs-reply lint [--json] [--strict] [--limit [NETWORK=]N] [FILE ...]:
 * argv[0] is "lint".  Prints the problems and returns the exit status:
 * 0 no errors, 1 errors (or warnings under --strict) or an unreadable
 * file, 2 bad usage.
 */
int	template_lint_main(int argc, char *argv[]);

#endif
