/*
 * filter: the driver every record-processing tool runs.  It reads each
 * input in turn (operands, or standard input; "-" is standard input),
 * validates and parses each line, checks the fields the tool requires,
 * and hands the record to the tool's callback.  Bad lines are reported as
 * "cs-NAME: FILE:LINE: reason" on standard error, copied verbatim to the
 * --rejects file, and make the exit status 1; --strict stops at the first.
 *
 * This module and cli.c are the only parts of lib/ that print: they are the
 * commands' shared front end.
 */
#ifndef CS_FILTER_H
#define CS_FILTER_H

#include <getopt.h>

#include "compat.h"
#include "record.h"

/* Long options every filter accepts; put FILTER_LONGOPTS in the table. */
enum {
	FILTER_OPT_CONFIG = 0x100,
	FILTER_OPT_MAX_LINE,
	FILTER_OPT_REJECTS,
	FILTER_OPT_STRICT,
	FILTER_OPT_NEXT		/* first value free for the tool's own */
};

#define FILTER_LONGOPTS \
	{ "config",	required_argument,	NULL, FILTER_OPT_CONFIG }, \
	{ "help",	no_argument,		NULL, 'h' }, \
	{ "max-line",	required_argument,	NULL, FILTER_OPT_MAX_LINE }, \
	{ "rejects",	required_argument,	NULL, FILTER_OPT_REJECTS }, \
	{ "strict",	no_argument,		NULL, FILTER_OPT_STRICT }, \
	{ "version",	no_argument,		NULL, 'V' }

struct filter {
	/* Set by the tool before filter_run. */
	const char *const *required;	/* dotted paths, NULL-terminated */
	/*
	 * Called for each valid record.  Return 0 when the record was handled
	 * (written, or kept for later), or -1 to reject it with a reason in
	 * err.  The record is only valid during the call.
	 */
	int	(*record)(struct filter *, struct record *, struct cs_error *);
	/*
	 * Called before a blocking read, just before the output is flushed
	 * (so state is committed before the output that depends on it).
	 */
	void	(*idle)(struct filter *);
	/* Called once after the last input; returns an exit status. */
	int	(*end)(struct filter *);
	void	*arg;

	/* Options. */
	FILE		*out;
	size_t		 max_line;
	int		 strict;
	const char	*rejects_path;
	const char	*config_path;	/* --config, or NULL */

	/* State, for the tool to read. */
	FILE		*rejects;
	const char	*file;		/* input being read */
	unsigned long	 lineno;
	unsigned long	 nrecords, nrejected;
	int		 status;	/* exit status so far */
	int		 stop;		/* set by the tool to end the run */
	int		 write_errno;	/* the first output error */
};

void	filter_init(struct filter *);

/*
 * Handle one of the common options; returns 1 if it was one, 0 if not.
 * A bad value is a usage error: message, exit 2.
 */
int	filter_option(struct filter *, int opt, const char *optarg);

/*
 * Process every input named in argv (argc operands; none means standard
 * input) and return the exit status: 0, 1 if any line was rejected or any
 * file could not be read or the output could not be written.
 */
int	filter_run(struct filter *, int argc, char *const argv[]);

/*
 * Report a bad record (from a callback or end): print the diagnostic for
 * the current file and line and copy the raw line to --rejects.  The
 * callbacks' -1 return does this for them.
 */
void	filter_reject(struct filter *, const char *line, size_t len,
	    const char *reason);

/* Print "cs-NAME: FILE:LINE: message" for the current line (a warning). */
void	filter_warn(struct filter *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
