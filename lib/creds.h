/*
 * creds: secrets for the network tools (API tokens, app passwords).
 *
 * A secret comes from its environment variable (CS_X_BEARER_TOKEN, ...)
 * or else from the credentials file: --credentials FILE, else
 * $CS_CREDENTIALS, else ${XDG_CONFIG_HOME:-~/.config}/cs/credentials.json,
 * a JSON object of objects, one per network:
 *
 *	{"x": {"bearer_token": "..."},
 *	 "mastodon": {"access_token": "..."},
 *	 "bluesky": {"identifier": "acme.bsky.social",
 *	             "app_password": "..."}}
 *
 * The file must be a regular file owned by the user and not readable or
 * writable by group or others (mode 0600 or 0400); a looser one is
 * refused, without reading it.  Secrets never come from argv, and no
 * message here ever contains one.
 */
#ifndef CS_CREDS_H
#define CS_CREDS_H

#include "compat.h"

struct creds {
	char	*path;		/* the file, or NULL */
	char	*text;		/* its contents, wiped on release */
	size_t	 len;
	int	 loaded;
};

/*
 * Remember which file to read (path NULL: the default search above);
 * nothing is read yet.
 */
void	creds_init(struct creds *, const char *path);
/* Wipe and free everything; NULL is a no-op. */
void	creds_release(struct creds *);

/*
 * The secret for network's key ("x", "bearer_token"): the environment
 * variable env if set and not empty (env may be NULL), else the file.
 * Returns a new string (wipe it with creds_free), or NULL with the reason
 * in err: not set anywhere (naming both places), the file's mode is too
 * loose, it is not JSON, the key is not a string.
 */
char	*creds_get(struct creds *, const char *env, const char *network,
	    const char *key, struct cs_error *);

/* Zero and free a secret from creds_get; NULL is a no-op. */
void	creds_free(char *);

/*
 * Check the file's ownership and mode without reading secrets (for
 * cs-fetch check).  Returns 1 when there is no file, 0 when it is fine,
 * -1 with the reason in err.
 */
int	creds_check_file(struct creds *, struct cs_error *);

/*
 * Keep this process's memory, and so its secrets, out of core files and
 * away from other processes: the core size limit is set to 0 (soft and
 * hard) and, on Linux, the process is made non-dumpable, which also makes
 * /proc/PID/environ, /proc/PID/mem and ptrace root-only.  Call it first
 * thing in a tool that may hold a secret (cs-fetch, cs-reply).  Returns 0,
 * or -1 with the reason in err if the system refused (the caller may go
 * on: it only loses this protection).
 */
int	creds_protect(struct cs_error *);

/* The file that would be read, or NULL (no HOME). */
const char *creds_path(const struct creds *);

#endif
