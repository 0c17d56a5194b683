/*
 * data: the built-in defaults (taxonomy, rules, lexicons, templates),
 * compiled in from lib/data/ by scripts/embed.c.  Every table's source and
 * licence is recorded in lib/data/SOURCES.
 */
#ifndef CS_DATA_H
#define CS_DATA_H

#include <stddef.h>

struct data_file {
	const char	*name;
	const char	*bytes;		/* NUL-terminated */
	size_t		 len;		/* without the NUL */
};

extern const struct data_file data_files[];

/*
 * Look up a built-in file by base name ("rules.json").  Returns its
 * NUL-terminated contents, which live for the whole run and must not be
 * freed, and sets *len if len is not NULL; NULL if there is no such file.
 */
const char	*data_get(const char *name, size_t *len);

#endif
