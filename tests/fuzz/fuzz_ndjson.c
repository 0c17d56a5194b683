/*
 * libFuzzer target: one input line through the checks and the splice
 * every filter does (ndjson_check, cJSON, record_render): whatever the
 * validator accepts must parse, and the spliced line must parse again.
 */
#include "fuzz.h"

#include "ndjson.h"
#include "record.h"
#include "util.h"

FUZZ_ENTRY(ndjson)
{
	static struct ndjson_shape shape;
	struct cs_error e;
	struct record r;
	struct buf b;
	char *line = xstrndup((const char *)data, size);

	if (ndjson_check(line, size, &shape, &e) == 0) {
		r.line = line;
		r.len = size;
		r.shape = &shape;
		r.vals = NULL;
		r.root = cJSON_ParseWithLength(line, size);
		/* What the validator accepts, cJSON must parse. */
		if (r.root == NULL)
			abort();
		{
			buf_init(&b);
			record_render(&r, "class", "{\"x\":1}", 7, &b);
			/* The result must still be one JSON object. */
			cJSON *again = cJSON_ParseWithLength(b.s, b.len);

			if (again == NULL || !cJSON_IsObject(again))
				abort();
			cJSON_Delete(again);
			buf_release(&b);
			cJSON_Delete(r.root);
		}
	}
	free(line);
	return 0;
}
