/*
 * gen: write N synthetic mention records (NDJSON) for the benchmark.
 * Deterministic: the same N gives the same file.  Usage: gen [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x9e3779b97f4a7c15ULL;

static unsigned long
rnd(unsigned long n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned long)(state % n);
}

static const char *const texts[] = {
	"@ShopCare hi, where is my order #%lu? It was due last week and the tracking has not moved",
	"@ShopCare my parcel %lu arrived damaged, the box was crushed and the mug is broken",
	"@ShopCare I returned the jacket ten days ago, when will I get my refund for order %lu?",
	"@ShopCare you charged my card twice for order %lu, please fix the double charge",
	"@ShopCare what are your opening hours on Saturday? Is the Madrid store open on holidays?",
	"@ShopCare do you have the blue backpack in stock? Order %lu had the wrong size",
	"@ShopCare I can't log in to my account, the password reset email never arrives",
	"@ShopCare thank you so much, the delivery was fast and the support team was great!",
	"@ShopCare THIS IS THE THIRD TIME I WRITE!!! order %lu never arrived, I will go to the consumer office",
	"@ShopCare hola, ¿dónde está mi pedido %lu? Lo compré hace una semana y no sé nada",
	"@ShopCare me habéis cobrado dos veces el pedido %lu, necesito la devolución del cargo",
	"@ShopCare el paquete llegó roto otra vez, quiero devolverlo y que me reembolséis",
	"@ShopCare ¿a qué hora abre la tienda de Valencia el domingo?",
	"@ShopCare muchas gracias por la ayuda, ¡todo perfecto! 😍",
	"@ShopCare bon dia, on és la meva comanda %lu? Encara no ha arribat i fa deu dies",
	"@ShopCare m'ha arribat la tassa trencada, què he de fer per tornar-la?",
	"@ShopCare moltes gràcies, tot ha arribat perfecte i molt ràpid!",
	"@ShopCare teniu la motxilla vermella en estoc? Quin preu té?",
};

static const char *const nets[] = { "x", "x", "x", "mastodon", "bluesky" };
static const char *const langs[] = { "en", "en", "es", "ca", "und" };

int
main(int argc, char *argv[])
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	unsigned long i;
	char text[512];

	for (i = 0; i < n; i++) {
		unsigned long t = rnd(sizeof(texts) / sizeof(texts[0]));
		unsigned long user = rnd(200000), conv = rnd(400000);
		unsigned long secs = i * 2;

		snprintf(text, sizeof(text), texts[t],
		    100000 + rnd(900000));
		printf("{\"id\":\"%llu\",\"network\":\"%s\",\"account\":"
		    "\"ShopCare\",\"direction\":\"in\",\"created_at\":"
		    "\"2026-11-%02luT%02lu:%02lu:%02luZ\",\"conversation_id\":"
		    "\"c%lu\",\"in_reply_to\":null,\"author\":{\"id\":\"u%lu\","
		    "\"handle\":\"user%lu\",\"name\":\"User %lu\",\"followers\":"
		    "%lu,\"verified\":%s},\"text\":\"%s\",\"lang\":\"%s\","
		    "\"url\":\"https://x.com/user%lu/status/%lu\",\"metrics\":"
		    "{\"reposts\":%lu,\"replies\":%lu,\"likes\":%lu,"
		    "\"quotes\":0}}\n",
		    1860000000000000000ULL + i, nets[rnd(5)],
		    1 + secs / 86400 % 28, secs / 3600 % 24, secs / 60 % 60,
		    secs % 60, conv, user, user, user,
		    rnd(10) == 0 ? rnd(5000000) : rnd(2000),
		    rnd(50) == 0 ? "true" : "false", text, langs[rnd(5)],
		    user, i, rnd(5), rnd(5), rnd(20));
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
