/*
 * html: text from sanitized HTML.  See html.h.
 */
#include "compat.h"

#include "html.h"
#include "util.h"

static const struct {
	const char	*name;
	const char	*text;
} entities[] = {
	{ "amp", "&" }, { "apos", "'" }, { "copy", "\xc2\xa9" },
	{ "gt", ">" }, { "hellip", "\xe2\x80\xa6" }, { "laquo", "\xc2\xab" },
	{ "ldquo", "\xe2\x80\x9c" }, { "lsquo", "\xe2\x80\x98" },
	{ "lt", "<" }, { "mdash", "\xe2\x80\x94" }, { "nbsp", "\xc2\xa0" },
	{ "ndash", "\xe2\x80\x93" }, { "quot", "\"" },
	{ "raquo", "\xc2\xbb" }, { "rdquo", "\xe2\x80\x9d" },
	{ "reg", "\xc2\xae" }, { "rsquo", "\xe2\x80\x99" },
};

static void
add_utf8(struct buf *out, unsigned long c)
{
	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80)
		buf_addc(out, (int)c);
	else if (c < 0x800) {
		buf_addc(out, (int)(0xc0 | (c >> 6)));
		buf_addc(out, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(out, (int)(0xe0 | (c >> 12)));
		buf_addc(out, (int)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(out, (int)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(out, (int)(0xf0 | (c >> 18)));
		buf_addc(out, (int)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(out, (int)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(out, (int)(0x80 | (c & 0x3f)));
	}
}

/*
 * Decode the entity at s[0] == '&' (n bytes available).  Returns the
 * bytes consumed, or 0 when it is not one (the '&' is then literal).
 */
static size_t
entity(const char *s, size_t n, struct buf *out)
{
	size_t i, end;
	unsigned long c = 0;
	int hex;

	for (end = 1; end < n && end < 12 && s[end] != ';'; end++)
		;
	if (end >= n || s[end] != ';' || end == 1)
		return 0;
	if (s[1] == '#') {
		hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
		i = hex ? 3 : 2;
		if (i == end)
			return 0;
		for (; i < end; i++) {
			int d;

			if (s[i] >= '0' && s[i] <= '9')
				d = s[i] - '0';
			else if (hex && s[i] >= 'a' && s[i] <= 'f')
				d = s[i] - 'a' + 10;
			else if (hex && s[i] >= 'A' && s[i] <= 'F')
				d = s[i] - 'A' + 10;
			else
				return 0;
			c = c * (hex ? 16 : 10) + (unsigned long)d;
			if (c > 0x10ffff)
				c = 0x110000;
		}
		add_utf8(out, c);
		return end + 1;
	}
	for (i = 0; i < CS_NELEM(entities); i++) {
		if (strlen(entities[i].name) == end - 1 &&
		    memcmp(entities[i].name, s + 1, end - 1) == 0) {
			buf_adds(out, entities[i].text);
			return end + 1;
		}
	}
	return 0;
}

void
html_unescape(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, k;

	buf_grow(out, len);
	while (i < len) {
		if (s[i] == '&' && (k = entity(s + i, len - i, out)) > 0) {
			i += k;
			continue;
		}
		buf_addc(out, s[i]);
		i++;
	}
}

/* The tag's name, lower case, into name (size n); "/p" for </p>. */
static void
tag_name(const char *s, size_t len, char *name, size_t n)
{
	size_t i = 0, j = 0;

	if (i < len && s[i] == '/')
		name[j++] = '/';
	if (j > 0)
		i++;
	for (; i < len && j + 1 < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			break;
		name[j++] = c;
	}
	name[j] = '\0';
}

/* A tag opens with a letter, '/' or '!' after the '<'. */
static int
is_tag_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' ||
	    c == '!';
}

void
html_to_text(const char *html, size_t len, struct buf *out)
{
	size_t i = 0, start = out->len, k;
	char name[16];
	const char *gt;

	while (i < len) {
		if (html[i] == '<' && i + 1 < len &&
		    is_tag_start(html[i + 1]) &&
		    (gt = memchr(html + i, '>', len - i)) != NULL) {
			tag_name(html + i + 1, (size_t)(gt - html - i - 1),
			    name, sizeof(name));
			if (strcmp(name, "br") == 0)
				buf_addc(out, '\n');
			else if (strcmp(name, "p") == 0 && out->len > start)
				buf_adds(out, "\n\n");
			i = (size_t)(gt - html) + 1;
			continue;
		}
		if (html[i] == '&' &&
		    (k = entity(html + i, len - i, out)) > 0) {
			i += k;
			continue;
		}
		buf_addc(out, html[i]);
		i++;
	}
	/* No trailing line breaks (from a final <br> or empty paragraph). */
	while (out->len > start && out->s[out->len - 1] == '\n')
		out->s[--out->len] = '\0';
	/* Nor leading ones (from a first <br>). */
	for (k = start; k < out->len && out->s[k] == '\n'; k++)
		;
	if (k > start) {
		memmove(out->s + start, out->s + k, out->len - k);
		out->len -= k - start;
		out->s[out->len] = '\0';
	}
}
