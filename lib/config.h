/*
 * config: settings come from command-line flags first, then CS_*
 * environment variables, then the JSON configuration file:
 * --config FILE, else $CS_CONFIG, else
 * ${XDG_CONFIG_HOME:-~/.config}/cs/config.json (which may be absent).
 * See cs(7) for the keys.
 */
#ifndef CS_CONFIG_H
#define CS_CONFIG_H

#include <cjson/cJSON.h>

#include "compat.h"

struct config {
	cJSON	*root;		/* an object; empty when there is no file */
	char	*path;		/* the file read, or NULL */
};

/*
 * Load the configuration.  path NULL means the default search above, where
 * a missing file is not an error; a named file must exist.  Returns 0, or
 * -1 with the reason in err (unreadable file, invalid JSON, not an object).
 */
int		 config_load(struct config *, const char *path,
		    struct cs_error *);
void		 config_release(struct config *);

/* The value at a dotted path ("prioritize.timezone"), or NULL. */
const cJSON	*config_get(const struct config *, const char *path);

/*
 * A string setting: the environment variable env if set and not empty
 * (env may be NULL), else the string at path, else def.
 */
const char	*config_str(const struct config *, const char *env,
		    const char *path, const char *def);

#endif
