/*
 * cli: what every command does the same way: locale, version, numeric
 * and duration arguments, and the output stream's final check.
 * Messages follow err(3): "cs-NAME: message".
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include "compat.h"

/* Set LC_CTYPE only (never LC_NUMERIC: scores print with '.'). */
void	cli_init(void);

/* Print "cs-NAME VERSION" to standard output and exit 0. */
_Noreturn void cli_version(void);

/*
 * Parse a whole number for option opt ("--top") between min and max;
 * a bad value prints "bad --top value 'x': reason" and exits 2.
 */
long long cli_number(const char *opt, const char *s, long long min,
	    long long max);
/* Parse a size with an optional k/K, m/M or g/G suffix, as cli_number. */
long long cli_size(const char *opt, const char *s, long long min,
	    long long max);
/* Parse a duration ("90m", "1h30m", "3d"), in seconds, as cli_number. */
long	cli_duration(const char *opt, const char *s);
/* Parse an RFC 3339 time for --now and the like, as cli_number. */
long long cli_time(const char *opt, const char *s);

/*
 * Flush and close standard output.  A write error (a full disk) prints
 * "write error: reason" and returns 1; otherwise returns status.
 */
int	cli_close_stdout(int status);

#endif
