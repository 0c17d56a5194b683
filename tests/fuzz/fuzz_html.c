/*
 * libFuzzer target for lib/html.c: Mastodon's HTML to text, and X's
 * entity decoding.  Text never grows (a tag or an entity is never
 * shorter than what it becomes), valid UTF-8 stays valid and gains no
 * NUL byte (&#0; and surrogates become U+FFFD), and html_to_text's
 * result neither starts nor ends with a line break.
 */
#include "fuzz.h"

#include "html.h"

FUZZ_ENTRY(html)
{
	const char *s = (const char *)data;
	int valid = fuzz_utf8(s, size) && memchr(s, '\0', size) == NULL;
	struct buf b;

	buf_init(&b);
	html_to_text(s, size, &b);
	FUZZ_CHECK(b.len <= size);
	if (b.len > 0) {
		FUZZ_CHECK(b.s[0] != '\n' && b.s[b.len - 1] != '\n');
	}
	if (valid) {
		FUZZ_CHECK(fuzz_utf8(b.s, b.len));
		FUZZ_CHECK(b.len == 0 || memchr(b.s, '\0', b.len) == NULL);
	}
	buf_reset(&b);
	html_unescape(s, size, &b);
	FUZZ_CHECK(b.len <= size);
	if (valid) {
		FUZZ_CHECK(fuzz_utf8(b.s, b.len));
		FUZZ_CHECK(b.len == 0 || memchr(b.s, '\0', b.len) == NULL);
	}
	/* Without '&' nothing changes. */
	if (memchr(s, '&', size) == NULL) {
		FUZZ_CHECK(b.len == size && (size == 0 ||
		    memcmp(b.s, s, size) == 0));
	}
	buf_release(&b);
	return 0;
}
