/*
 * classify: what a customer's message is about, how it feels, which
 * language it is in, whether it is urgent, what it names (order numbers,
 * links, handles, e-mail addresses, phone numbers, tracking numbers) and
 * where it holds personal data.  cs-classify writes the result as the
 * record's "class" key (see cs-classify(1) and cs(7)).
 *
 * The engine is a set of small modules, each with its own tables, so any
 * of them can be replaced (a trained category model, more languages, a
 * better sentiment scorer) without touching the others:
 *
 *	classify_text	folding and tokenising, once per message
 *	classify_map	the hash table every lexicon and rule set uses
 *	langid		language identification (en, es, ca, fr, pt, de, it)
 *	sentiment	lexicon sentiment with negation, boosters and emoji
 *	classify_rules	category and urgency phrase rules (rules.json)
 *	classify_entity	order and tracking numbers, links, handles, tags
 *	pii		cards (Luhn), IBANs (mod 97), e-mail, phone numbers
 *	classify	the engine: loads the built-in data, runs the
 *			modules, writes the JSON
 *
 * Everything is built once at start-up; classifying a message allocates
 * nothing once the reusable buffers have grown to the longest message.
 * No function here prints or exits; the xmalloc family aborts on
 * out-of-memory.
 */
#ifndef CS_CLASSIFY_H
#define CS_CLASSIFY_H

#include <stdint.h>

#include "compat.h"
#include "util.h"

/*
 * Public interface: what cs-classify uses.
 */

struct classify;		/* the engine: tables built at start-up */
struct classify_result;		/* one message's result, reusable */

/*
 * Build an engine from the built-in tables (rules.json, the lexicons and
 * the language profiles compiled in from lib/data/).  Returns NULL with
 * the reason in err if a built-in table is broken (a build error).  Free
 * with classify_free.
 */
struct classify	*classify_new(struct cs_error *);
void		 classify_free(struct classify *);

/*
 * Merge a user rules file (its contents in text, len bytes; name is used
 * in messages) into the engine's rules: see cs-classify(1) for the
 * format.  Returns 0, or -1 with "NAME: problem" in err; the engine is
 * then unchanged.  Call before the first classify_run.
 */
int	classify_add_rules(struct classify *, const char *text, size_t len,
	    const char *name, struct cs_error *);

/*
 * Merge a user sentiment lexicon (same format as
 * lib/data/sentiment-en.txt, one "word<TAB>valence" a line, valences
 * -4..4, "stem*" for a prefix) for language lang ("en", "es", ...).
 * Returns 0, or -1 with "NAME:LINE: problem" in err.
 */
int	classify_add_lexicon(struct classify *, const char *lang,
	    const char *text, size_t len, const char *name, struct cs_error *);

/* A result to classify into; free with classify_result_free. */
struct classify_result *classify_result_new(void);
void	classify_result_free(struct classify_result *);

/*
 * Classify text (len bytes of UTF-8).  lang_hint is the network's
 * language tag (BCP 47) or NULL; it is only a weak prior.  The result
 * stays valid until the next call with the same result.
 */
void	classify_run(struct classify *, const char *text, size_t len,
	    const char *lang_hint, struct classify_result *);

/*
 * Append the result as the JSON object cs-classify writes (no newline).
 * Numbers have at most three decimals; the output is deterministic.
 */
void	classify_json(const struct classify *, const struct classify_result *,
	    struct buf *);

/* Read-only views of a result, for tests and other tools. */
const char	*classify_category(const struct classify_result *);
double		 classify_confidence(const struct classify_result *);
/* The share of category name, or -1 if there is no such category. */
double		 classify_score(const struct classify *,
		    const struct classify_result *, const char *name);
double		 classify_sentiment(const struct classify_result *);
const char	*classify_sentiment_label(const struct classify_result *);
const char	*classify_lang(const struct classify_result *);
double		 classify_lang_confidence(const struct classify_result *);
int		 classify_urgent(const struct classify_result *);
/* 1 if cue ("explicit", "threat", ...) was found. */
int		 classify_has_cue(const struct classify_result *,
		    const char *cue);

/*
 * Engine modules.  The rest of this header is the interface between the
 * modules of the engine; cs-classify does not use it, the unit tests do.
 */

/*
 * classify_map: a hash table from byte strings to 32-bit values, built
 * once and then only read.  Keys are copied into the table.
 */
struct classify_map_slot {
	uint32_t	hash;
	uint32_t	klen;
	size_t		koff;		/* into keys */
	uint32_t	val;
	uint32_t	used;
};

struct classify_map {
	struct classify_map_slot *slot;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
	struct buf	 keys;
};

uint32_t	classify_hash(const char *, size_t);
void		classify_map_init(struct classify_map *);
void		classify_map_release(struct classify_map *);
/*
 * Return a pointer to the value of key, adding the key with value
 * CLASSIFY_MAP_NONE if it is new.  The pointer is valid until the next
 * classify_map_put.
 */
#define CLASSIFY_MAP_NONE	UINT32_MAX
uint32_t	*classify_map_put(struct classify_map *, const char *, size_t);
/* The value of key (its hash given), or CLASSIFY_MAP_NONE. */
uint32_t	classify_map_get(const struct classify_map *, const char *,
		    size_t, uint32_t hash);

/*
 * classify_text: a message folded and cut into tokens, once.
 *
 * Two folded copies are kept: "lower" is case-folded with its accents
 * (for language identification: "és" is Catalan, "es" is not) and
 * "fold" is case-folded with accents stripped (for lexicons and rules,
 * so "dónde" and "donde" match alike).  Links, @handles and the '#' of
 * hashtags are left out of the tokens; emoji and emoticons are tokens of
 * their own.  Offsets are bytes unless named cp (code points).
 */
enum classify_tok_kind {
	CTOK_WORD = 1,		/* letters, maybe with digits and ' */
	CTOK_NUM,		/* digits only */
	CTOK_PUNCT,		/* one punctuation character */
	CTOK_EMOJI		/* an emoji or an emoticon such as :-) */
};

#define CTOK_CAPS	(1 << 0)	/* all capitals, two letters or more */
#define CTOK_HASHTAG	(1 << 1)	/* the text of a #hashtag */
#define CTOK_ELISION	(1 << 2)	/* l', d', s'... split from a word */

struct classify_tok {
	uint32_t	off, len;	/* in fold */
	uint32_t	loff, llen;	/* in lower */
	uint32_t	src, srclen;	/* in the original text */
	uint32_t	hash;		/* classify_hash of the fold form */
	uint32_t	cp;		/* first code point (emoji) */
	uint8_t		kind;
	uint8_t		flags;
};

/* A byte range of the original text that tokens skip (a link, a handle). */
struct classify_span {
	size_t	start, end;
};

struct classify_text {
	const char		*src;
	size_t			 srclen;
	struct buf		 fold, lower;
	struct classify_tok	*tok;
	size_t			 ntok, captok;
	size_t			 nletters;	/* letters in words */
	size_t			 nupper;	/* capitals in words */
	size_t			 ncapwords;	/* CTOK_CAPS words of 3+ */
	size_t			 nwords;
	size_t			 ndigits;	/* digits anywhere */
	size_t			 nat;		/* '@' anywhere */
	int			 mixedcase;	/* some words not all caps */
	/* Language cues seen in the original characters. */
	unsigned		 n_ntilde;	/* ñ */
	unsigned		 n_invq;	/* ¿ ¡ */
	unsigned		 n_grave;	/* à è ò */
	unsigned		 n_acute_a;	/* á */
	unsigned		 n_middot;	/* l·l */
	unsigned		 n_cedil;	/* ç */
	unsigned		 n_tilde_ao;	/* ã õ */
	unsigned		 n_eszett;	/* ß ä ö ü (German) */
	unsigned		 n_circ;	/* â ê î ô û */
	unsigned		 maxexcl;	/* longest run of '!' */
	unsigned		 nexcl, nquest;
};

void	classify_text_init(struct classify_text *);
void	classify_text_release(struct classify_text *);
/*
 * Fold and tokenise text (len bytes of UTF-8; invalid bytes are treated
 * as separators).  skip lists nskip sorted, non-overlapping byte ranges
 * to leave out (links, handles); it may be NULL.
 */
void	classify_text_scan(struct classify_text *, const char *text,
	    size_t len, const struct classify_span *skip, size_t nskip);
/*
 * Fold a phrase or lexicon word the way tokens are folded, appending the
 * accent-free form to out.  Returns the number of bytes appended.
 */
size_t	classify_text_fold(const char *, size_t, struct buf *out);
/* The number of code points in the first len bytes of s. */
size_t	classify_text_cps(const char *s, size_t len);

/* The token's folded text. */
#define CTOK_STR(t, k)	((t)->fold.s + (k)->off)

/*
 * langid: which language a message is in, from character trigram
 * profiles (franc's, built from the UDHR), distinctive words and
 * characters (ñ and ¿ are Spanish, à and l·l Catalan).
 */
#define LANGID_MAX	8

struct langid;

struct langid	*langid_new(struct cs_error *);
void		 langid_free(struct langid *);
/*
 * Detect the language of a tokenised text.  hint is a BCP 47 tag or NULL
 * (a weak prior).  Returns the ISO 639-1 code ("en") or "und" for text
 * without words, with the confidence (0..1) in *conf.
 */
const char	*langid_detect(struct langid *, const struct classify_text *,
		    const char *hint, double *conf);

/*
 * sentiment: VADER-style lexicon scoring.  Each language has a lexicon
 * (word or stem* valences -4..4), negations (a negation up to three words
 * before a word turns it round), boosters and dampeners, and contrast
 * words ("but": what comes after counts more).  Emoji and emoticons count
 * in every language; ALL CAPS and '!' make a message stronger.  The sum
 * x maps to x / sqrt(x * x + 15), in -1..1.
 */
struct sentiment;

struct sentiment *sentiment_new(void);
void	sentiment_free(struct sentiment *);
/*
 * Load a lexicon for lang ("*" for emoji and emoticons, which apply to
 * every language).  Lines: "word<TAB>valence", "stem*<TAB>valence",
 * "!negation<TAB>word", "!booster<TAB>word<TAB>scalar",
 * "!contrast<TAB>word"; '#' starts a comment.  A word may be several
 * words ("kind of").  Later lines replace earlier ones.  Returns 0, or
 * -1 with "NAME:LINE: problem" in err.
 */
int	sentiment_load(struct sentiment *, const char *lang, const char *text,
	    size_t len, const char *name, struct cs_error *);
/* Score a text in language lang (the English lexicon if lang has none). */
double	sentiment_score(const struct sentiment *, const struct classify_text *,
	    const char *lang);
/* "negative", "neutral" or "positive" (thresholds -0.05 and 0.05). */
const char *sentiment_label(double);

/*
 * classify_rules: phrase rules for categories and urgency cues.
 *
 * A phrase is a sequence of words, folded as tokens are; "word*" matches
 * any word that starts with word, "*" any one word, and "!" and "?" match
 * themselves.  Each phrase belongs to a category or a cue, a language
 * ("*" for all) and has a weight.  Matching walks a trie over word ids, so
 * a message costs one hash look-up per word plus one per prefix length in
 * use.
 */
#define CLASSIFY_MAX_CATS	64
#define CLASSIFY_MAX_CUES	32
#define CLASSIFY_MAX_PHRASE	8

struct classify_rules;

struct classify_rules *classify_rules_new(void);
void	classify_rules_free(struct classify_rules *);
/*
 * Merge rules in JSON (see cs-classify(1)): built-in first, then user
 * files.  Returns 0, or -1 with "NAME: problem" in err, leaving the rules
 * as they were.
 */
int	classify_rules_load(struct classify_rules *, const char *text,
	    size_t len, const char *name, struct cs_error *);
/* Build the matcher; needed after loading and before matching. */
void	classify_rules_compile(struct classify_rules *);

size_t		 classify_rules_ncats(const struct classify_rules *);
const char	*classify_rules_cat(const struct classify_rules *, size_t);
size_t		 classify_rules_ncues(const struct classify_rules *);
const char	*classify_rules_cue(const struct classify_rules *, size_t);

/*
 * Add up the weights of the phrases found in text: cat[i] for category
 * i, cue[j] for cue j.  Phrases of language lang (and "*") count fully,
 * the others half.  The arrays have CLASSIFY_MAX_CATS and
 * CLASSIFY_MAX_CUES elements and are zeroed first.
 */
void	classify_rules_match(struct classify_rules *,
	    const struct classify_text *, const char *lang, double *cat,
	    double *cue);

/*
 * classify_entity and pii: scanners over the original bytes.  Values are
 * kept as byte ranges of the original text; "norm" ones (phone numbers,
 * order ids) are rewritten into the result's own buffer.
 */
enum classify_ent_kind {
	CENT_ORDER,
	CENT_TRACKING,
	CENT_URL,
	CENT_MENTION,
	CENT_HASHTAG,
	CENT_EMAIL,
	CENT_PHONE,
	CENT_NKINDS
};

enum pii_kind {
	PII_CARD,
	PII_IBAN,
	PII_EMAIL,
	PII_PHONE
};

struct classify_ent {
	uint8_t		 kind;		/* enum classify_ent_kind */
	const char	*carrier;	/* CENT_TRACKING: "ups", "usps"... */
	size_t		 start, end;	/* bytes of the original */
	size_t		 voff, vlen;	/* the value, in the entity buffer */
};

struct classify_pii {
	uint8_t		kind;		/* enum pii_kind */
	size_t		start, end;	/* bytes of the original */
	size_t		cpstart, cpend;	/* code points, end exclusive */
};

struct classify_entities {
	struct classify_ent	*ent;
	size_t			 nent, capent;
	struct classify_pii	*pii;
	size_t			 npii, cappii;
	struct buf		 vals;		/* entity values */
	struct classify_span	*skip;		/* links and handles */
	size_t			 nskip, capskip;
	void			*tw;		/* twtext's array, reused */
};

void	classify_entity_init(struct classify_entities *);
void	classify_entity_release(struct classify_entities *);
/*
 * Find links, @handles and #hashtags (twitter-text's rules, plus
 * Mastodon's @user@server and Bluesky's @user.bsky.social) and fill skip
 * with the links and handles, in text order, for the tokeniser.  Clears
 * the entities first.
 */
void	classify_entity_links(struct classify_entities *, const char *text,
	    size_t len);
/*
 * Find the rest in the tokenised text t: cards and IBANs (pii_scan),
 * tracking and order numbers, e-mail addresses, phone numbers; then put
 * the pii list in text order with code point spans.  Call after
 * classify_entity_links and classify_text_scan on the same text.
 */
void	classify_entity_scan(struct classify_entities *,
	    const struct classify_text *t);

/* Luhn check over the digits of s (other characters are skipped). */
int	pii_luhn(const char *s, size_t len);
/*
 * IBAN check: two letters, two check digits, 11 to 30 letters and
 * digits (spaces are skipped), the country's length when known, and
 * mod 97 == 1.
 */
int	pii_iban(const char *s, size_t len);
const char *pii_name(int kind);
/* Add the cards and IBANs of text to e->pii (byte spans). */
void	pii_scan(struct classify_entities *e, const char *text, size_t len);
/* Add one piece of personal data found by another scanner. */
void	pii_report(struct classify_entities *e, int kind, size_t start,
	    size_t end);

#endif
