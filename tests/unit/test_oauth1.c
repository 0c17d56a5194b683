/*
 * Unit tests for lib/oauth1.[ch]: the worked example of X's "Creating a
 * signature" page (docs.x.com, fundamentals/authentication/oauth-1-0a),
 * whose parameter string, base string and signature are printed there
 * for both the old https://api.twitter.com/1/ URL and the 1.1 one; RFC
 * 3986 encoding; base URL normalisation; the header's shape.
 */
#include "testlib.h"

#include "oauth1.h"

static const struct oauth1_keys keys = {
	"xvz1evFS4wEEPTGEFPHBog",
	"kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
	"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
	"LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
};

static const char *const example[] = {
	"status", "Hello Ladies + Gentlemen, a signed OAuth request!",
	"oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog",
	"oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
	"oauth_signature_method", "HMAC-SHA1",
	"oauth_timestamp", "1318622958",
	"oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
	"oauth_version", "1.0",
	NULL
};

static void
test_encode(void **state)
{
	char *e;

	(void)state;
	e = oauth1_encode("Ladies + Gentlemen, a ~signed_-. request!");
	assert_string_equal(e, "Ladies%20%2B%20Gentlemen%2C%20a%20~signed_-."
	    "%20request%21");
	free(e);
	e = oauth1_encode("caf\xc3\xa9 \xe2\x98\x83");
	assert_string_equal(e, "caf%C3%A9%20%E2%98%83");
	free(e);
}

static void
test_worked_example(void **state)
{
	char *b, sig[OAUTH1_SIG_LEN];

	(void)state;
	b = oauth1_base_string("post", "https://api.twitter.com/1.1/statuses/"
	    "update.json?include_entities=true", example);
	assert_string_equal(b, "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2F"
	    "statuses%2Fupdate.json&include_entities%3Dtrue%26"
	    "oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3D"
	    "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26"
	    "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D"
	    "1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9"
	    "EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies"
	    "%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520"
	    "request%2521");
	assert_int_equal(oauth1_sign(&keys, b, sig), 0);
	assert_string_equal(sig, "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
	free(b);
	/* The older page's URL, and its printed signature. */
	b = oauth1_base_string("POST", "https://API.Twitter.com:443/1/statuses/"
	    "update.json?include_entities=true#frag", example);
	assert_int_equal(oauth1_sign(&keys, b, sig), 0);
	assert_string_equal(sig, "tnnArxj06cWHq44gCs1OSKk/jLY=");
	free(b);
}

static void
test_header(void **state)
{
	const char *const form[] = { "status",
	    "Hello Ladies + Gentlemen, a signed OAuth request!", NULL };
	struct cs_error e;
	char *h;

	(void)state;
	h = oauth1_header(&keys, "POST", "https://api.twitter.com/1.1/statuses/"
	    "update.json?include_entities=true", form,
	    "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958, &e);
	assert_non_null(h);
	assert_string_equal(h, "Authorization: OAuth oauth_consumer_key=\""
	    "xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3u"
	    "YSQ2pTgmZeNu2VS4cg\", oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7h"
	    "YmtUk%3D\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp"
	    "=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMK"
	    "PR9EyMZeS9weJAEb\", oauth_version=\"1.0\"");
	/* No secret in the header. */
	assert_null(strstr(h, keys.consumer_secret));
	assert_null(strstr(h, keys.token_secret));
	free(h);
	/* A fresh nonce and time each call: two headers differ. */
	{
		char *a = oauth1_header(&keys, "POST",
		    "https://api.x.com/2/tweets", NULL, NULL, 0, &e);
		char *b = oauth1_header(&keys, "POST",
		    "https://api.x.com/2/tweets", NULL, NULL, 0, &e);

		assert_non_null(a);
		assert_non_null(b);
		assert_string_not_equal(a, b);
		free(a);
		free(b);
	}
}

static void
test_base_url(void **state)
{
	char *b;

	(void)state;
	/* Default ports go, others stay; an empty path is "/"; query
	   parameters are decoded and encoded again, then sorted. */
	b = oauth1_base_string("GET", "http://Example.COM:80?b=2+3&a=%7e", NULL);
	assert_string_equal(b, "GET&http%3A%2F%2Fexample.com%2F&a%3D~%26b%3D"
	    "2%25203");
	free(b);
	b = oauth1_base_string("GET", "https://127.0.0.1:8443/x", NULL);
	assert_string_equal(b, "GET&https%3A%2F%2F127.0.0.1%3A8443%2Fx&");
	free(b);
	assert_null(oauth1_base_string("GET", "ftp://example.com/", NULL));
}

static void
test_missing_keys(void **state)
{
	struct oauth1_keys k = keys;
	struct cs_error e;

	(void)state;
	k.token_secret = NULL;
	assert_null(oauth1_header(&k, "POST", "https://api.x.com/2/tweets",
	    NULL, NULL, 0, &e));
	assert_non_null(strstr(e.msg, "access token and secret"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_base_url),
		cmocka_unit_test(test_missing_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
