/* data_lookup: find a built-in data file by name. */
#include "compat.h"

#include "data.h"

const char *
data_get(const char *name, size_t *len)
{
	const struct data_file *f;

	for (f = data_files; f->name != NULL; f++) {
		if (strcmp(f->name, name) == 0) {
			if (len != NULL)
				*len = f->len;
			return f->bytes;
		}
	}
	return NULL;
}
