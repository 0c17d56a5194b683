/*
 * twtext: twitter-text (v3) in C, and the other networks' length rules.
 *
 * It counts a post as X does (the weighted length of twitter-text's
 * parseTweet: NFC first, each code point weighed by the configuration's
 * ranges, each URL as transformedURLLength, each emoji sequence as one
 * default-weight character), as Mastodon does (grapheme clusters, a URL
 * as 23, @user@domain as @user) and as Bluesky does (grapheme clusters);
 * it extracts URLs, @mentions and @user/lists, #hashtags, $cashtags and
 * the replied-to user exactly as twitter-text's extractor does; and it
 * validates tweets, usernames, lists, hashtags and URLs like
 * twitter-text's validator.  It passes twitter-text's conformance
 * suite (extract.yml, validate.yml, tlds.yml).
 *
 * Input is UTF-8 of explicit length and need not be NUL-terminated; an
 * invalid byte counts as one U+FFFD.  Entity indices are Unicode code
 * points, as the conformance files give them; every entity also carries
 * byte offsets into the caller's text, so values are never copied.
 * The TLD list is built-in data (lib/data/tlds.txt), loaded on first use
 * under pthread_once; every function is then reentrant.  Nothing here
 * prints or exits; only the xmalloc family may abort on out-of-memory.
 */
#ifndef CS_TWTEXT_H
#define CS_TWTEXT_H

#include <stddef.h>
#include <stdint.h>

/* Limits of the other networks (posts of a local account). */
#define TWTEXT_MASTODON_MAX		500	/* graphemes, by default */
#define TWTEXT_MASTODON_URL		23	/* what a URL counts */
#define TWTEXT_BLUESKY_MAX		300	/* graphemes */
#define TWTEXT_BLUESKY_MAX_BYTES	3000	/* and UTF-8 bytes */

/*
 * The longest text handled, in bytes: on a longer one twtext_parse fails
 * and the other functions act as on an empty text.
 */
#define TWTEXT_MAX_BYTES		(1UL << 30)

/* A range of code points [start, end] that weighs weight. */
struct twtext_range {
	int32_t		start;
	int32_t		end;
	int		weight;
};

/*
 * A twitter-text configuration (v1.json, v2.json, v3.json).  Weights are
 * in 1/scale of a character: with scale 100, weight 200 is two
 * characters.  A code point in none of the ranges weighs default_weight.
 * Callers make their own (e.g. a copy of twtext_config_v3 with
 * max_weighted_length 140) and keep it alive while they use it.
 */
struct twtext_config {
	int		 max_weighted_length;	/* 280 */
	int		 scale;			/* 100 */
	int		 default_weight;	/* 200 */
	int		 transformed_url_length; /* 23 */
	int		 emoji_parsing;		/* 1 in v3 */
	const struct twtext_range *ranges;
	size_t		 nranges;
};

/* v1: 140 code points; v2: weighted, 280; v3: v2 with emoji parsing. */
extern const struct twtext_config twtext_config_v1;
extern const struct twtext_config twtext_config_v2;
extern const struct twtext_config twtext_config_v3;

/*
 * What twtext_parse finds, field for field twitter-text's parseTweet
 * result.  The four range fields are UTF-16 code unit indices of the
 * caller's text, ends inclusive, as in the conformance files: the valid
 * range is computed on the NFC text and shifted by the difference of
 * the two lengths, like the reference does.  C callers rather use
 * valid_bytes: the byte length of the longest prefix of the NFC text
 * that fits (whole URLs and emoji sequences only); when nfc is 1 the
 * caller's text is that NFC text, so the prefix can be cut from it.
 * Measure the cut text again: what follows a URL can decide whether it
 * is one ("shop.com-x" is none, "shop.com" is), so a prefix may weigh
 * more than its share of the whole.
 */
struct twtext_result {
	int		 weighted_length;	/* in characters */
	int		 permillage;		/* of the maximum */
	int		 valid;
	int		 nfc;		/* 1: the text was already NFC */
	size_t		 display_start, display_end;
	size_t		 valid_start, valid_end;
	size_t		 valid_bytes;
};

/*
 * Weigh text as X does under cfg (NULL means twtext_config_v3) and fill
 * *res.  valid is 1 when the text is not empty nor made only of
 * characters up to U+0020, holds no U+FFFE, U+FEFF or U+FFFF, and
 * weighs at most max_weighted_length.  Returns 0, or -1 (with *res
 * zeroed and valid 0) when len exceeds TWTEXT_MAX_BYTES or cfg is
 * unusable (scale or max_weighted_length not positive, a weight or the
 * URL length negative).
 */
int	twtext_parse(const char *text, size_t len,
	    const struct twtext_config *cfg, struct twtext_result *res);

/* The weighted length under v3, in characters (X's 280 limit). */
size_t	twtext_weighted_length(const char *text, size_t len);

/* twtext_parse(...).valid under cfg (NULL: v3). */
int	twtext_valid_tweet(const char *text, size_t len,
	    const struct twtext_config *cfg);

/*
 * Mastodon's count, as its StatusLengthValidator does: the grapheme
 * clusters of the text once each URL with a scheme (http, https and the
 * other schemes Mastodon links) is replaced by 23 characters and each
 * @user@domain mention by @user.  Compare with TWTEXT_MASTODON_MAX or
 * the instance's own limit.
 */
size_t	twtext_mastodon_length(const char *text, size_t len);

/*
 * Extended grapheme clusters (Unicode's, from utf8proc): Bluesky's count,
 * whose limit is TWTEXT_BLUESKY_MAX (and TWTEXT_BLUESKY_MAX_BYTES bytes).
 */
size_t	twtext_graphemes(const char *text, size_t len);

enum twtext_type {
	TWTEXT_URL,
	TWTEXT_MENTION,		/* @user or @user/list */
	TWTEXT_HASHTAG,
	TWTEXT_CASHTAG
};

/*
 * One entity.  [start, end) are code point indices into the text, sigil
 * included (the @, # or $), as twitter-text's indices; [off, off + len)
 * is the same span in bytes.  The value is [voff, voff + vlen): the URL,
 * the screen name, the tag or the symbol, without sigil or list.  A list
 * mention has its slug, slash included ("/list"), at [loff, loff +
 * llen); llen is 0 otherwise.
 */
struct twtext_entity {
	enum twtext_type type;
	size_t		start, end;
	size_t		off, len;
	size_t		voff, vlen;
	size_t		loff, llen;
};

/* A growable array of entities, in text order. */
struct twtext_entities {
	struct twtext_entity *v;
	size_t		n;
	size_t		cap;
};

/* Make an empty array; allocates nothing. */
void	twtext_entities_init(struct twtext_entities *);

/* Free the array's storage and leave it empty; NULL is allowed. */
void	twtext_entities_release(struct twtext_entities *);

/*
 * The extractors.  Each empties *out, appends what it finds in text
 * order and returns the count (out->n).  The values point into text,
 * which must outlive their use.
 *
 * twtext_extract_urls: URLs with and without a scheme, under the TLD
 * list, t.co and IDN rules (extractURLsWithIndices).
 * twtext_extract_mentions: @user only (extractMentionedScreennames).
 * twtext_extract_mentions_or_lists: @user and @user/list.
 * twtext_extract_hashtags: #tags that are not part of a URL.
 * twtext_extract_cashtags: $TICKER symbols.
 * twtext_extract_entities: all four kinds, overlaps resolved as
 * twitter-text does (the earlier entity wins).
 */
size_t	twtext_extract_urls(struct twtext_entities *out,
	    const char *text, size_t len);
size_t	twtext_extract_mentions(struct twtext_entities *out,
	    const char *text, size_t len);
size_t	twtext_extract_mentions_or_lists(struct twtext_entities *out,
	    const char *text, size_t len);
size_t	twtext_extract_hashtags(struct twtext_entities *out,
	    const char *text, size_t len);
size_t	twtext_extract_cashtags(struct twtext_entities *out,
	    const char *text, size_t len);
size_t	twtext_extract_entities(struct twtext_entities *out,
	    const char *text, size_t len);

/*
 * The user a text replies to: @user at its start, after spaces and
 * directional marks only.  Returns 1 and sets the screen name's byte
 * offset and length, or returns 0 when the text is not a reply.
 */
int	twtext_extract_reply(const char *text, size_t len, size_t *voff,
	    size_t *vlen);

/*
 * Validators, 1 or 0, as twitter-text's isValidUsername, isValidList
 * and isValidHashtag: the whole text is one @user, one @user/list, one
 * #tag.
 */
int	twtext_valid_username(const char *text, size_t len);
int	twtext_valid_list(const char *text, size_t len);
int	twtext_valid_hashtag(const char *text, size_t len);

/*
 * isValidUrl: the whole text is an RFC 3986 URL whose scheme is http or
 * https (any scheme, or none, when require_scheme is 0) and whose host is
 * an IPv4 or bracketed IPv6 address or a domain name; unicode_domains
 * allows non-ASCII labels.  Returns 1 or 0.
 */
int	twtext_valid_url(const char *text, size_t len, int unicode_domains,
	    int require_scheme);

#endif
