/*
 * config: the JSON configuration file and the lookup order of settings.
 * See config.h.
 */
#include "compat.h"

#include <errno.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

#define CONFIG_MAX	(4 * 1024 * 1024)

static char *
default_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (x != NULL && *x == '/')
		return xasprintf("%s/cs/config.json", x);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.config/cs/config.json", home);
	return NULL;
}

int
config_load(struct config *c, const char *path, struct cs_error *err)
{
	struct buf b;
	const char *env = getenv("CS_CONFIG");
	const char *end = NULL;
	int optional = 0;

	c->root = NULL;
	c->path = NULL;
	if (path == NULL && env != NULL && *env != '\0')
		path = env;
	if (path != NULL)
		c->path = xstrdup(path);
	else {
		c->path = default_path();
		optional = 1;
	}
	if (c->path == NULL || (optional && access(c->path, F_OK) == -1 &&
	    errno == ENOENT)) {
		free(c->path);
		c->path = NULL;
		c->root = cJSON_CreateObject();
		return 0;
	}
	buf_init(&b);
	if (slurp(c->path, CONFIG_MAX, &b, err) == -1) {
		buf_release(&b);
		config_release(c);
		return -1;
	}
	/* b.s is NUL-terminated: require nothing but space after the value. */
	c->root = cJSON_ParseWithLengthOpts(b.s, b.len + 1, &end, 1);
	if (c->root == NULL || !cJSON_IsObject(c->root)) {
		if (c->root == NULL)
			cs_seterr(err, "%s: invalid JSON at byte %zu", c->path,
			    end != NULL ? (size_t)(end - b.s) + 1 : 1);
		else
			cs_seterr(err, "%s: not a JSON object", c->path);
		buf_release(&b);
		config_release(c);
		return -1;
	}
	buf_release(&b);
	return 0;
}

void
config_release(struct config *c)
{
	cJSON_Delete(c->root);
	free(c->path);
	c->root = NULL;
	c->path = NULL;
}

const cJSON *
config_get(const struct config *c, const char *path)
{
	const cJSON *node = c->root;
	char part[128];

	while (node != NULL) {
		const char *dot = strchr(path, '.');
		size_t n = dot != NULL ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(part) || !cJSON_IsObject(node))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		node = cJSON_GetObjectItemCaseSensitive(node, part);
		if (dot == NULL)
			return node;
		path = dot + 1;
	}
	return NULL;
}

const char *
config_str(const struct config *c, const char *env, const char *path,
    const char *def)
{
	const char *v = env != NULL ? getenv(env) : NULL;
	const cJSON *n;

	if (v != NULL && *v != '\0')
		return v;
	n = path != NULL ? config_get(c, path) : NULL;
	if (cJSON_IsString(n))
		return n->valuestring;
	return def;
}
