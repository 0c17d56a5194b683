/*
 * html: the plain text of the small, sanitized HTML that Mastodon sends
 * as a status's content, and entity decoding for X's text, which escapes
 * &, < and > as entities.
 */
#ifndef CS_HTML_H
#define CS_HTML_H

#include "compat.h"
#include "util.h"

/*
 * Append to out the text of html (len bytes): tags removed, links as
 * their text, <br> as a line break, paragraphs separated by a blank
 * line, entities decoded (named ones of HTML's core set and numeric ones;
 * an unknown or malformed one is kept as written), leading and trailing
 * line breaks dropped.  Never fails.
 */
void	html_to_text(const char *html, size_t len, struct buf *out);

/* Append s (len bytes) to out with its entities decoded, tags kept. */
void	html_unescape(const char *s, size_t len, struct buf *out);

#endif
