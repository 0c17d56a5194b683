/*
 * oauth1: signing a request with OAuth 1.0a (RFC 5849), HMAC-SHA1, as X
 * wants for user-context calls made with the four keys of an app and a
 * user (consumer key and secret, access token and secret).
 *
 * The signature covers the method, the base URL (scheme and host in
 * lower case, no default port, no query) and every parameter: the
 * oauth_* ones and those of the query string; a JSON body is not a
 * parameter (only application/x-www-form-urlencoded bodies are), so
 * POST /2/tweets signs the oauth_* parameters alone.  Encoding is RFC
 * 3986's: every byte but A-Z a-z 0-9 - . _ ~ as %XX in upper case.
 *
 * The HMAC comes from OpenSSL's libcrypto.  Nothing here prints; the
 * secrets are never copied into a message.
 */
#ifndef CS_OAUTH1_H
#define CS_OAUTH1_H

#include <time.h>

#include "compat.h"

struct oauth1_keys {
	const char	*consumer_key;
	const char	*consumer_secret;
	const char	*token;
	const char	*token_secret;
};

/* A signature: 20 bytes in base64, and the NUL. */
#define OAUTH1_SIG_LEN	29
/* A nonce: 32 hexadecimal digits, and the NUL. */
#define OAUTH1_NONCE_LEN 33

/* RFC 3986 percent-encoding of s, as a new string (free it). */
char	*oauth1_encode(const char *s);

/*
 * The signature base string (RFC 5849 3.4.1) of method and url with the
 * extra parameters params (name, value, name, value, ..., NULL; raw,
 * not encoded; NULL for none), the query string's parameters included.
 * Returns a new string (free it), or NULL when url is not http(s).
 */
char	*oauth1_base_string(const char *method, const char *url,
	    const char *const *params);

/*
 * HMAC-SHA1 of base with the key "consumer_secret&token_secret" (each
 * encoded), in base64, into sig.  Returns 0, or -1 if libcrypto fails.
 */
int	oauth1_sign(const struct oauth1_keys *, const char *base,
	    char sig[OAUTH1_SIG_LEN]);

/* A fresh random nonce (arc4random_buf) into out. */
void	oauth1_nonce(char out[OAUTH1_NONCE_LEN]);

/*
 * The whole header "Authorization: OAuth oauth_consumer_key=\"...\",
 * ..." for method and url (query parameters signed too) and the form
 * body's params (as for oauth1_base_string; NULL for a JSON body), with
 * the given nonce and timestamp (NULL and 0: a fresh nonce and
 * time(NULL)).
 * Returns a new string (wipe and free it: it holds no secret, but a
 * replayable signature), or NULL with the reason in err.
 */
char	*oauth1_header(const struct oauth1_keys *, const char *method,
	    const char *url, const char *const *params, const char *nonce,
	    time_t timestamp, struct cs_error *);

#endif
