/*
 * creds: secrets from the environment or an owner-only file.  See
 * creds.h.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <cjson/cJSON.h>

#include "creds.h"
#include "util.h"

#define CREDS_MAX	(64 * 1024)

static char *
default_path(void)
{
	const char *env = getenv("CS_CREDENTIALS");
	const char *x = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (x != NULL && *x == '/')
		return xasprintf("%s/cs/credentials.json", x);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.config/cs/credentials.json", home);
	return NULL;
}

void
creds_init(struct creds *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->path = path != NULL ? xstrdup(path) : default_path();
}

void
creds_release(struct creds *c)
{
	if (c == NULL)
		return;
	if (c->text != NULL) {
		explicit_bzero(c->text, c->len);
		free(c->text);
	}
	free(c->path);
	memset(c, 0, sizeof(*c));
}

void
creds_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

int
creds_protect(struct cs_error *err)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) == -1) {
		cs_seterr(err, "cannot disable core files: %s",
		    strerror(errno));
		return -1;
	}
#ifdef __linux__
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) == -1) {
		cs_seterr(err, "cannot make the process non-dumpable: %s",
		    strerror(errno));
		return -1;
	}
#endif
	return 0;
}

const char *
creds_path(const struct creds *c)
{
	return c->path;
}

/* The mode and owner rules, on an open file. */
static int
check_fd(const char *path, int fd, struct cs_error *err)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		cs_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		cs_seterr(err, "%s: credentials file is not a regular file",
		    path);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		cs_seterr(err, "%s: credentials file is not owned by you "
		    "(uid %ld)", path, (long)st.st_uid);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		cs_seterr(err, "%s: credentials file is accessible by group "
		    "or others (mode %04o); run chmod 600 on it", path,
		    (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

/* Open the file: 1 if there is none, 0 open in *fd, -1 refused. */
static int
open_checked(struct creds *c, int *fd, struct cs_error *err)
{
	if (c->path == NULL)
		return 1;
	*fd = open(c->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (*fd == -1) {
		if (errno == ENOENT)
			return 1;
		cs_seterr(err, "%s: %s", c->path, strerror(errno));
		return -1;
	}
	if (check_fd(c->path, *fd, err) == -1) {
		close(*fd);
		return -1;
	}
	return 0;
}

int
creds_check_file(struct creds *c, struct cs_error *err)
{
	int fd, rc;

	if ((rc = open_checked(c, &fd, err)) != 0)
		return rc;
	close(fd);
	return 0;
}

/* Read the file once: 1 if absent, 0 read, -1 refused or unreadable. */
static int
load(struct creds *c, struct cs_error *err)
{
	struct buf b;
	char tmp[4096];
	ssize_t n;
	int fd, rc;

	if (c->loaded)
		return c->text == NULL ? 1 : 0;
	if ((rc = open_checked(c, &fd, err)) != 0) {
		if (rc == 1)
			c->loaded = 1;
		return rc;
	}
	buf_init(&b);
	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len + (size_t)n > CREDS_MAX) {
			n = -2;
			break;
		}
		buf_add(&b, tmp, (size_t)n);
	}
	explicit_bzero(tmp, sizeof(tmp));
	close(fd);
	if (n < 0) {
		if (n == -2)
			cs_seterr(err, "%s: credentials file over %d bytes",
			    c->path, CREDS_MAX);
		else
			cs_seterr(err, "%s: %s", c->path, strerror(errno));
		if (b.s != NULL)
			explicit_bzero(b.s, b.len);
		buf_release(&b);
		return -1;
	}
	buf_add(&b, "", 0);
	c->text = b.s;
	c->len = b.len;
	c->loaded = 1;
	return 0;
}

char *
creds_get(struct creds *c, const char *env, const char *network,
    const char *key, struct cs_error *err)
{
	const char *v = env != NULL ? getenv(env) : NULL;
	cJSON *root, *net, *item;
	char *out = NULL;
	int rc;

	if (v != NULL && *v != '\0')
		return xstrdup(v);
	if ((rc = load(c, err)) == -1)
		return NULL;
	if (rc == 1) {
		cs_seterr(err, "no %s %s: set %s or put \"%s\" in %s", network,
		    key, env != NULL ? env : "it", key,
		    c->path != NULL ? c->path : "a credentials file");
		return NULL;
	}
	root = cJSON_ParseWithLength(c->text, c->len);
	if (!cJSON_IsObject(root)) {
		/* Never quote the file: it holds secrets. */
		cs_seterr(err, "%s: credentials file is not a JSON object",
		    c->path);
		goto out;
	}
	net = cJSON_GetObjectItemCaseSensitive(root, network);
	item = cJSON_IsObject(net) ?
	    cJSON_GetObjectItemCaseSensitive(net, key) : NULL;
	if (item == NULL) {
		cs_seterr(err, "no %s %s: set %s or put \"%s\" in the \"%s\" "
		    "object of %s", network, key, env != NULL ? env : "it",
		    key, network, c->path);
		goto out;
	}
	if (!cJSON_IsString(item) || item->valuestring[0] == '\0') {
		cs_seterr(err, "%s: %s.%s is not a non-empty string", c->path,
		    network, key);
		goto out;
	}
	out = xstrdup(item->valuestring);
out:
	/* Wipe the parsed copies of the secrets before freeing them. */
	if (root != NULL) {
		cJSON *n1, *n2;

		cJSON_ArrayForEach(n1, root) {
			cJSON_ArrayForEach(n2, n1) {
				if (cJSON_IsString(n2))
					explicit_bzero(n2->valuestring,
					    strlen(n2->valuestring));
			}
		}
		cJSON_Delete(root);
	}
	return out;
}
