/*
 * cjsonpass: the baseline for the benchmark: parse each line with cJSON
 * and print it again, the least any JSON-rewriting filter must do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

int
main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		cJSON *j = cJSON_ParseWithLength(line, (size_t)n);
		char *s;

		if (j == NULL)
			continue;
		s = cJSON_PrintUnformatted(j);
		fputs(s, stdout);
		putchar('\n');
		cJSON_free(s);
		cJSON_Delete(j);
	}
	free(line);
	return fflush(stdout) == 0 ? 0 : 1;
}
