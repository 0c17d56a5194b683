/*
 * fetch: the subcommands of cs-fetch.  Like filter.c and cli.c these are
 * command front ends: they print diagnostics and return exit statuses.
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns the exit status.
 */
#ifndef CS_FETCH_H
#define CS_FETCH_H

/* cs-fetch import: archives (twcs CSV, twarc2 JSONL, X API v2 pages). */
int	fetch_import(int argc, char *argv[]);

/*
 * cs-fetch x: mentions or recent search on X, incremental and exactly
 * once (lib/fetch_net.c).  Exit status 75 when rate limited or the
 * network keeps failing: what was fetched is written, the cursor saved.
 */
int	fetch_x(int argc, char *argv[]);

/* cs-fetch mastodon: mentions from /api/v1/notifications, the same way. */
int	fetch_mastodon(int argc, char *argv[]);

/* cs-fetch bluesky: mentions and replies from listNotifications. */
int	fetch_bluesky(int argc, char *argv[]);

/*
 * cs-fetch check NETWORK: check the credentials, the account, the clock
 * and the state database without fetching; argv[1] is the network.
 */
int	fetch_check(int argc, char *argv[]);

#endif
