/*
 * Unit tests for lib/html.[ch]: Mastodon's sanitized HTML to text, and
 * X's entity-escaped text.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "html.h"
#include "util.h"

static void
text_is(const char *html, const char *want)
{
	struct buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	html_to_text(html, strlen(html), &b);
	assert_string_equal(b.s, want);
	buf_release(&b);
}

static void
unescaped_is(const char *s, const char *want)
{
	struct buf b;

	buf_init(&b);
	buf_add(&b, "", 0);
	html_unescape(s, strlen(s), &b);
	assert_string_equal(b.s, want);
	buf_release(&b);
}

static void
test_mastodon_mention(void **state)
{
	(void)state;
	text_is("<p><span class=\"h-card\" translate=\"no\"><a "
	    "href=\"https://mastodon.social/@acme\" class=\"u-url mention\">"
	    "@<span>acme</span></a></span> my order #4411 hasn&#39;t "
	    "shipped</p>", "@acme my order #4411 hasn't shipped");
}

static void
test_paragraphs_and_breaks(void **state)
{
	(void)state;
	text_is("<p>one<br>two<br />three</p><p>four</p>",
	    "one\ntwo\nthree\n\nfour");
	text_is("<P>A</P><P>B<BR/></P>", "A\n\nB");
	text_is("", "");
	text_is("<p></p>", "");
}

static void
test_links_as_text(void **state)
{
	(void)state;
	/* Mastodon splits long URLs into invisible and ellipsis spans. */
	text_is("<p>see <a href=\"https://example.com/track/123456789\">"
	    "<span class=\"invisible\">https://</span><span "
	    "class=\"ellipsis\">example.com/track/12</span><span "
	    "class=\"invisible\">3456789</span></a></p>",
	    "see https://example.com/track/123456789");
	text_is("<a href=\"https://x.example/tags/help\" class=\"mention "
	    "hashtag\" rel=\"tag\">#<span>help</span></a>", "#help");
}

static void
test_entities(void **state)
{
	(void)state;
	text_is("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#39;f&#x27;"
	    " &#233;&#xE9; &nbsp;|", "a & b <c> \"d\" 'e' 'f' \xc3\xa9\xc3\xa9 "
	    "\xc2\xa0|");
	/* Unknown, unterminated and malformed ones stay as written. */
	text_is("&bogus; &amp &#; &#x; &#12a; AT&T", "&bogus; &amp &#; &#x; "
	    "&#12a; AT&T");
	/* Code points that cannot be: U+FFFD. */
	text_is("&#0;&#xD800;&#x110000;&#9999999999;",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* Too long to be an entity. */
	text_is("&#99999999999;", "&#99999999999;");
	/* Four-byte UTF-8. */
	text_is("&#x1F600;", "\xf0\x9f\x98\x80");
}

static void
test_broken_markup(void **state)
{
	(void)state;
	/* A '<' without '>' is text. */
	text_is("1 < 2 and <b>bold", "1 < 2 and bold");
	text_is("<p>x</p><br><br>", "x");
}

static void
test_unescape_keeps_tags(void **state)
{
	(void)state;
	unescaped_is("@ShopCare order #4411 &amp; no reply &lt;3",
	    "@ShopCare order #4411 & no reply <3");
	unescaped_is("<b>&gt;</b>", "<b>></b>");
	unescaped_is("", "");
	unescaped_is("&", "&");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mastodon_mention),
		cmocka_unit_test(test_paragraphs_and_breaks),
		cmocka_unit_test(test_links_as_text),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_broken_markup),
		cmocka_unit_test(test_unescape_keeps_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
