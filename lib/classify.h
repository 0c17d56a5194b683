/*
 * classify: what a customer's message is about, how it feels, which
 * language it is in, whether it is urgent, what it names (order and
 * tracking numbers, links, handles, hashtags, cashtags, e-mail addresses,
 * phone numbers) and where it holds personal data: cards, IBANs and
 * Spanish account numbers, e-mail addresses, phone numbers, DNI and NIE
 * numbers, passwords ("card", "iban", "email", "phone", "dni", "nie",
 * "password").  cs-classify writes the result as the record's "class"
 * key (see cs-classify(1) and cs(7)), and with --redact replaces the
 * personal data of the text with tags (classify_redact).
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
 *	model		the trained category model (model.txt; model.h)
 *	classify_entity	order and tracking numbers, links, handles, tags
 *	pii		cards (Luhn), IBANs (mod 97), Spanish accounts
 *			(mod 11), DNI and NIE (mod 23), passwords; redaction
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
 * Replace the category model (built in: lib/data/model.txt) with the
 * model file in text (len bytes; name is used in messages), or with none
 * when text is NULL.  A category of the model that the rules lack is
 * added to the taxonomy.  Returns 0, or -1 with "NAME:LINE: problem" in
 * err; the engine is then unchanged.  Call before the first
 * classify_run.
 */
int	classify_set_model(struct classify *, const char *text, size_t len,
	    const char *name, struct cs_error *);

/*
 * What decides the category: rules and model together (the default),
 * or one of them alone, to measure each.  Sentiment, language, urgency
 * and entities are the same in every mode.
 */
enum classify_mode {
	CLASSIFY_COMBINED,
	CLASSIFY_RULES_ONLY,
	CLASSIFY_MODEL_ONLY
};

void	classify_set_mode(struct classify *, enum classify_mode);

/*
 * Use these n order-number patterns instead of the built-in ones (the
 * syntax is under "Order-number patterns" below; "default" stands for
 * the built-in ones, n 0 for none at all).  A rules file's
 * "order_patterns" does the same (classify_add_rules), the later call
 * winning.  Returns 0, or -1 with "order pattern 'P': problem" in err;
 * the engine is then unchanged.  Call before the first classify_run.
 */
int	classify_set_order_patterns(struct classify *,
	    const char *const *patterns, size_t n, struct cs_error *);

/*
 * Merge a user sentiment lexicon (same format as
 * lib/data/sentiment-en.txt, one "word<TAB>valence" a line, valences
 * -4..4, "stem*" for a prefix; see sentiment_load for the rest) for
 * language lang ("en", "es", ...).  Returns 0, or -1 with
 * "NAME:LINE: problem" in err.
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

/*
 * Append text (len bytes: the text of the last classify_run with r) to
 * out with each piece of personal data replaced by its tag ("[card]",
 * "[iban]", "[email]", "[phone]", "[dni]", "[nie]", "[password]"; see
 * pii_redact).  Returns the number replaced; 0 means out got text
 * unchanged.  Classify the redacted text again and repeat while this
 * returns more than 0 (a tag can uncover more), as cs-classify --redact
 * does: the result then has spans that cover the tags, and classifying
 * the redacted text once more gives the same result.
 */
size_t	classify_redact(const struct classify_result *, const char *text,
	    size_t len, struct buf *out);

/* The categories, in order ("other" last), and the name of the i-th. */
size_t		 classify_ncats(const struct classify *);
const char	*classify_cat(const struct classify *, size_t i);

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
	size_t			 ncaps;		/* CTOK_CAPS words */
	size_t			 ncapwords;	/* of them, those of 4+ */
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
 * langid: which language a message is in: en, es, ca, pt, gl, eu, fr,
 * de or it.  Hand-written word lists ("xa" and "unha" are Galician, "não"
 * Portuguese, "amb" Catalan, "eta" Basque) decide most messages; the
 * letters of the words no list has (endings such as "-ção", cues such as
 * "nh" or "tx", trigrams of the lists and franc's UDHR profiles) settle
 * the rest, with a prior that favours Spanish, then English, Catalan and
 * Portuguese.  Handles, links, hashtags, numbers and emoji are not
 * looked at.  See lib/langid.c and lib/data/SOURCES.langid.
 */
#define LANGID_MAX	9		/* languages */
#define LANGID_UND	0.3		/* confidence below which: "und" */

struct langid;

/* Build the tables; NULL with the reason in err if one is broken. */
struct langid	*langid_new(struct cs_error *);
void		 langid_free(struct langid *);
/*
 * Detect the language of a tokenised text.  hint is a BCP 47 tag or an
 * ISO 639-3 code, or NULL: a weak prior that decides only when the words
 * say little.  Returns the ISO 639-1 code ("en"), with in *conf the
 * probability (0..1, roughly calibrated) that it is right.  When that
 * probability is below LANGID_UND the code is "und" and *conf keeps the
 * best language's probability; text without words is "und" with 0.
 * Not reentrant: the langid's scratch buffers are reused.
 */
const char	*langid_detect(struct langid *, const struct classify_text *,
		    const char *hint, double *conf);

/*
 * sentiment: VADER-style lexicon scoring.  Each language has a lexicon
 * (word, phrase, Snowball stem or stem* valences -4..4), negations (a
 * negation up to three words before a word turns it round), boosters and
 * dampeners, contrast words ("but": what comes after counts more) and
 * concessive ones ("although": its clause counts less).  Emoji,
 * emoticons, laughter and stretched words ("sooo goood") count in every
 * language; ALL CAPS and '!' make a message stronger.  The sum x maps to
 * x / sqrt(x * x + 15), in -1..1.  See lib/sentiment.c for the rules.
 */
struct sentiment;

struct sentiment *sentiment_new(void);
void	sentiment_free(struct sentiment *);
/*
 * Load a lexicon for lang ("*" for emoji, emoticons and the words every
 * language shares, such as "xd" and "lol").  Lines:
 *	word<TAB>valence	a word, or a phrase of up to three words
 *	stem*<TAB>valence	any word that starts with stem
 *	~stem<TAB>valence	any word whose Snowball stem is stem (es, ca:
 *				see sentiment_stem)
 *	!negation<TAB>word	turns round the next three words
 *	!booster<TAB>word<TAB>scalar	adds scalar to the next three
 *				(a dampener has a negative one)
 *	!contrast<TAB>word	"but"
 *	!concessive<TAB>word	"although": its clause counts half
 *	!skip<TAB>word		not counted in the three words ("me", "ha")
 * '#' starts a comment; words are folded as tokens are.  Later lines
 * replace earlier ones.  Returns 0, or -1 with "NAME:LINE: problem" in
 * err.
 */
int	sentiment_load(struct sentiment *, const char *lang, const char *text,
	    size_t len, const char *name, struct cs_error *);
/*
 * Score a text in language lang.  If lang has no lexicon ("und", "fr"):
 * with the English one, or else the first other that finds something.
 */
double	sentiment_score(const struct sentiment *, const struct classify_text *,
	    const char *lang);
/*
 * "negative" up to -0.3, "positive" from 0.3, "neutral" between (tuned on
 * tweets; VADER's is -0.05..0.05).
 */
const char *sentiment_label(double);
/*
 * The Snowball stem of word (len bytes, lower case; Spanish without
 * accents, as classify_text folds it, Catalan with them, as its "lower"
 * copy) that the "~stem" lines of lang ("es" or "ca") match, written to
 * out (size bytes) and NUL-terminated.  Returns its length, or 0 if lang
 * has no stemmer or the stem does not fit.
 */
size_t	sentiment_stem(const char *lang, const char *word, size_t len,
	    char *out, size_t size);

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
 * files.  A file's "order_patterns", a list of order-number patterns
 * (see classify_orders_new), is compiled and kept for the engine to
 * take.  Returns 0, or -1 with "NAME: problem" in err, leaving the rules
 * and the patterns as they were.
 */
int	classify_rules_load(struct classify_rules *, const char *text,
	    size_t len, const char *name, struct cs_error *);
/*
 * The order patterns of the last file loaded that had "order_patterns",
 * handed over to the caller (free with classify_orders_free), or NULL
 * if no file has had them since the last call.
 */
struct classify_orders *classify_rules_take_orders(struct classify_rules *);
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
 * kept as byte ranges of the original text and copied, normalised (phone
 * numbers as digits, tracking numbers in capitals without blanks), into
 * the entities' own buffer.
 *
 * Links, @mentions, #hashtags and $cashtags are twtext's, exactly as
 * twitter-text extracts them, plus Mastodon's @user@server and
 * Bluesky's @user.bsky.social.  The rest is found over the words that
 * hold digits, collected once per message, in an order that settles
 * overlaps: personal data first (pii.c: cards, IBANs and Spanish account
 * numbers, DNI and NIE numbers, passwords), then tracking numbers, order
 * numbers, e-mail addresses and phone numbers, each skipping what an
 * earlier one took.  A link, mention or tag that overlaps a secret (a
 * card, an account, a DNI or NIE, a password) is dropped, so no secret
 * reaches the entities.
 */
enum classify_ent_kind {
	CENT_ORDER,
	CENT_TRACKING,
	CENT_URL,
	CENT_MENTION,
	CENT_HASHTAG,
	CENT_EMAIL,
	CENT_PHONE,
	CENT_CASHTAG,
	CENT_NKINDS
};

/*
 * Kinds of personal data.  E-mail addresses and phone numbers are also
 * entities; the others are secrets and never copied anywhere.
 */
enum pii_kind {
	PII_CARD,		/* 13 to 19 digits, Luhn */
	PII_IBAN,		/* IBAN (mod 97) or Spanish CCC (mod 11) */
	PII_EMAIL,
	PII_PHONE,
	PII_DNI,		/* 12345678Z: the mod-23 letter */
	PII_NIE,		/* X1234567L: X, Y, Z stand for 0, 1, 2 */
	PII_PASSWORD,		/* "my password is hunter2": the password */
	PII_NKINDS
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

/* A word of ASCII letters and digits that holds a digit. */
struct classify_word {
	uint32_t	start, end;	/* bytes of the original */
	uint16_t	ndigits, nalpha;
};

/*
 * Order-number patterns.  A pattern is a shape, optionally preceded by
 * context words and blanks:
 *
 *	#N{4,20}		'#' and 4 to 20 digits: #123456
 *	NNN-NNNNNNN-NNNNNNN	Amazon's 123-1234567-1234567
 *	ZA-N{8}			"ZA-" and eight digits (see \ below)
 *	order|pedido|comanda X{0,8}-?N{4,20}
 *				after one of these words: 98765, AB-12345
 *
 * In a shape, N is a digit, A a letter (a to z, either case), X a
 * letter or a digit.  {m} after an element repeats it m times, {m,n}
 * from m to n times, and ? is {0,1}.  Every other character stands for
 * itself, letters in either case; \ makes the next one literal, so
 * "\A\N-N{6}" is "AN-" and six digits (lower-case letters are always
 * literal: "an-N{6}" is the same).  A shape is ASCII without blanks,
 * holds at least one N and matches from 1 to 63 characters; it matches
 * whole words only (no letter or digit just before or after).
 *
 * Context words, joined by '|', make the shape count only after one of
 * them, with at most three short words ("no.", "nº", "number", "de",
 * "es", "my"...) and punctuation between: "order no. 55555", "el número
 * de pedido es 7654321".  They are matched as message words are, ignoring
 * case and accents.
 *
 * The value is the match without its leading characters that are not
 * letters or digits: "#123456" gives 123456.  The pattern "default"
 * stands for the built-in patterns (CLASSIFY_ORDER_DEFAULTS), so a user
 * list can add to them or replace them.  At most CLASSIFY_ORDER_MAX
 * patterns, each at most 255 bytes.
 */
#define CLASSIFY_ORDER_MAX	64
#define CLASSIFY_ORDER_DEFAULTS						\
	"#N{4,20}",							\
	"NNN-NNNNNNN-NNNNNNN",						\
	"order|orders|pedido|pedidos|comanda|comandes|commande|"	\
	    "encomenda|bestellung|ordine|orden X{0,8}-?N{4,20}"

struct classify_orders;

/*
 * Compile n order-number patterns; patterns NULL means the built-in
 * ones, and n 0 (with patterns not NULL) none at all.  Returns the set,
 * or NULL with "order pattern 'P': problem" in err.  Free with
 * classify_orders_free (NULL is allowed).  A set is only read while
 * messages are scanned, so one can serve many results.
 */
struct classify_orders *classify_orders_new(const char *const *patterns,
	    size_t n, struct cs_error *);
void	classify_orders_free(struct classify_orders *);

struct classify_entities {
	struct classify_ent	*ent;
	size_t			 nent, capent;
	struct classify_pii	*pii;
	size_t			 npii, cappii;
	struct buf		 vals;		/* entity values */
	struct classify_span	*skip;		/* links, handles, tags */
	size_t			 nskip, capskip;
	struct classify_word	*word;		/* words with digits */
	size_t			 nword, capword;
	/*
	 * The order patterns: set by the owner (the engine) before
	 * classify_entity_scan, or NULL for the built-in ones, which are
	 * then compiled into builtin on first use.
	 */
	const struct classify_orders *orders;
	struct classify_orders	*builtin;
	struct classify_map	*kw;		/* keywords, made once */
	void			*tw;		/* twtext's array, reused */
};

void	classify_entity_init(struct classify_entities *);
void	classify_entity_release(struct classify_entities *);
/*
 * Find links, @handles, #hashtags and $cashtags (twitter-text's rules,
 * plus Mastodon's @user@server and Bluesky's @user.bsky.social) and the
 * tags --redact leaves ("[card]", see pii_redact), which count as the
 * personal data they replace; fill skip with the links, handles and
 * tags, in text order, for the tokeniser.  Clears the entities first.
 */
void	classify_entity_links(struct classify_entities *, const char *text,
	    size_t len);
/*
 * Find the rest in the tokenised text t: personal data (pii_scan and
 * the passwords), tracking and order numbers, e-mail addresses, phone
 * numbers; drop the links and tags that overlap a secret; then put the
 * pii list in text order with code point spans.  Call after
 * classify_entity_links and classify_text_scan on the same text.
 */
void	classify_entity_scan(struct classify_entities *,
	    const struct classify_text *t);
/*
 * Collect the words of text that hold digits into e->word (the scanners
 * of numbers look only at those).  classify_entity_scan and pii_scan
 * call it.
 */
void	classify_entity_words(struct classify_entities *, const char *text,
	    size_t len);
/*
 * Append the "entities" and "pii" members of the class object, without
 * braces around them:
 *
 *	"entities":{"order_ids":[...],"tracking":[{"carrier":...,
 *	"number":...}],"urls":[...],"mentions":[...],"hashtags":[...],
 *	"cashtags":[...],"emails":[...],"phones":[...]},
 *	"pii":[{"type":"card","span":[start,end]}...]
 *
 * Spans are code points, the end excluded.  No secret is written.
 */
void	classify_entity_json(const struct classify_entities *, struct buf *);
/* The number of entities of a kind. */
size_t	classify_entity_count(const struct classify_entities *, int kind);

/* Luhn check over the digits of s (other characters are skipped). */
int	pii_luhn(const char *s, size_t len);
/*
 * IBAN check: two letters, two check digits, 11 to 30 letters and
 * digits (spaces are skipped), the country's length when known, and
 * mod 97 == 1.
 */
int	pii_iban(const char *s, size_t len);
/*
 * Spanish bank account (CCC): 20 digits (blanks and dashes are skipped)
 * whose two check digits, at positions 9 and 10, pass their mod-11
 * checks.
 */
int	pii_ccc(const char *s, size_t len);
/*
 * Spanish identity numbers: DNI, eight digits and a letter, and NIE, X,
 * Y or Z, seven digits and a letter; the letter is the table's for the
 * number mod 23.  Dots and a dash or blank before the letter are
 * allowed, letters may be lower case.  Return 1 when the letter is right.
 */
int	pii_dni(const char *s, size_t len);
int	pii_nie(const char *s, size_t len);
/* "card", "iban", "email", "phone", "dni", "nie" or "password". */
const char *pii_name(int kind);
/*
 * Add the cards, IBANs and Spanish account numbers, DNI and NIE numbers
 * of text to e->pii (byte spans).  Passwords need the tokenised text:
 * pii_passwords.
 */
void	pii_scan(struct classify_entities *e, const char *text, size_t len);
/*
 * Add the passwords a message states ("my password is hunter2",
 * "password: X", "pwd X", "contraseña es X", "mi clave: X", "la meva
 * contrasenya és X"...): the span is the password itself.
 */
void	pii_passwords(struct classify_entities *e,
	    const struct classify_text *t);
/* Add one piece of personal data found by another scanner. */
void	pii_report(struct classify_entities *e, int kind, size_t start,
	    size_t end);
/*
 * Append text (len bytes; the text e was scanned from) to out with each
 * piece of personal data replaced by its tag: "[card]", "[iban]",
 * "[email]", "[phone]", "[dni]", "[nie]", "[password]".  Returns the
 * number replaced; 0 means out got text unchanged.  A tag is itself
 * found as the data it stands for (and left as it is), so scanning the
 * redacted text again finds the same pii list, with spans that now
 * cover the tags.  Rarely, a tag uncovers more ("12345678Z+34 612..."
 * becomes "[dni]+34 612...", a phone number): scan and redact again
 * until this returns 0, twice at most in practice.
 */
size_t	pii_redact(const struct classify_entities *e, const char *text,
	    size_t len, struct buf *out);

#endif
