/*
 * history: turn a stream of inbound records into a support history for
 * the cs-report benchmark: every third record (after the first 60)
 * becomes our reply to one of the 59 records before it, in that record's
 * network and thread, so replies come 2 to 118 records later.
 * Deterministic.
 * Usage: history <in.ndjson >out.ndjson
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEEP	64

/* Copy the string value after key ("id":") into out. */
static void
value(const char *line, const char *key, char *out, size_t size)
{
	const char *p = strstr(line, key), *e;
	size_t n;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(key);
	if ((e = strchr(p, '"')) == NULL)
		return;
	n = (size_t)(e - p);
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* Write line with the first from replaced by to. */
static char *
replace(const char *line, const char *from, const char *to, char *out,
    size_t size)
{
	const char *p = strstr(line, from);
	int n;

	if (p == NULL)
		return NULL;
	n = snprintf(out, size, "%.*s%s%s", (int)(p - line), line, to,
	    p + strlen(from));
	return n < 0 || (size_t)n >= size ? NULL : out;
}

int
main(void)
{
	static char line[1 << 20], a[1 << 20], b[1 << 20];
	static char ids[KEEP][64], convs[KEEP][64], nets[KEEP][32];
	char id[64], conv[64], net[32], t[160], from[64];
	unsigned long n = 0, k;
	char *p;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		n++;
		value(line, "\"id\":\"", id, sizeof(id));
		value(line, "\"conversation_id\":\"", conv, sizeof(conv));
		value(line, "\"network\":\"", net, sizeof(net));
		p = line;
		if (n % 3 == 0 && n > 60) {
			k = n - 1 - (n * 7919) % 59;
			snprintf(from, sizeof(from), "\"network\":\"%s\"", net);
			snprintf(t, sizeof(t), "\"network\":\"%s\"",
			    nets[k % KEEP]);
			if (replace(line, from, t, b, sizeof(b)) == NULL ||
			    (p = replace(b, "\"direction\":\"in\"",
			    "\"direction\":\"out\"", a, sizeof(a))) == NULL)
				p = line;
			snprintf(t, sizeof(t), "\"in_reply_to\":\"%s\"",
			    ids[k % KEEP]);
			if (p != line && replace(p, "\"in_reply_to\":null",
			    t, b, sizeof(b)) != NULL)
				p = b;
			snprintf(t, sizeof(t), "\"conversation_id\":\"%s\","
			    "\"thread_was\":\"", convs[k % KEEP]);
			if (p == b && replace(b, "\"conversation_id\":\"",
			    t, a, sizeof(a)) != NULL)
				p = a;
		}
		fputs(p, stdout);
		memcpy(ids[n % KEEP], id, sizeof(id));
		memcpy(convs[n % KEEP], conv, sizeof(conv));
		memcpy(nets[n % KEEP], net, sizeof(net));
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
