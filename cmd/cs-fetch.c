/*
 * cs-fetch: get every mention exactly once, from the networks' APIs or
 * from archives, as records (cs(7)).  The subcommands live in lib/fetch_*.c.
 */
#include "compat.h"

#include <err.h>
#include <signal.h>

#include "cli.h"
#include "creds.h"
#include "fetch.h"

/* Sorted by name; one row per subcommand. */
static const struct {
	const char	*name;
	int		(*run)(int, char *[]);
} commands[] = {
	{ "bluesky",	fetch_bluesky },
	{ "check",	fetch_check },
	{ "import",	fetch_import },
	{ "mastodon",	fetch_mastodon },
	{ "x",		fetch_x },
};

static _Noreturn void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: cs-fetch bluesky [--account HANDLE] [options]\n"
	    "       cs-fetch check bluesky | mastodon | x [options]\n"
	    "       cs-fetch import [options] [FILE ...]\n"
	    "       cs-fetch mastodon --api-base URL [--account HANDLE] "
	    "[options]\n"
	    "       cs-fetch x --mentions HANDLE | --search QUERY "
	    "[options]\n"
	    "       cs-fetch --help | --version\n"
	    "Run 'cs-fetch COMMAND --help' for a command's options.\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct cs_error e;
	size_t i;

	cli_init();
	/* Tokens and app passwords never reach a core file (SECURITY.md). */
	if (creds_protect(&e) == -1)
		warnx("%s", e.msg);
	/*
	 * A closed output is reported as EPIPE and ends the run quietly
	 * (curl's tool_main.c does the same for libcurl's sake).
	 */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage(CS_EXIT_USAGE);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		usage(0);
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		cli_version();
	for (i = 0; i < CS_NELEM(commands); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	warnx("unknown command '%s'", argv[1]);
	usage(CS_EXIT_USAGE);
}
