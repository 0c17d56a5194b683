/*
 * cli: the commands' shared front end: locale, version, argument
 * parsing helpers and the final check of standard output.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <locale.h>

#include "cli.h"
#include "timeutil.h"

void
cli_init(void)
{
	setlocale(LC_CTYPE, "");
}

void
cli_version(void)
{
	printf("%s %s\n", getprogname(), CS_VERSION);
	exit(cli_close_stdout(0));
}

long long
cli_number(const char *opt, const char *s, long long min, long long max)
{
	const char *errstr;
	long long n;

	n = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		errx(CS_EXIT_USAGE, "bad %s value '%s': %s", opt, s, errstr);
	return n;
}

long long
cli_size(const char *opt, const char *s, long long min, long long max)
{
	const char *errstr;
	char num[32];
	size_t n = strlen(s);
	long long mult = 1, v;

	if (n > 0 && n < sizeof(num)) {
		switch (s[n - 1]) {
		case 'k': case 'K':
			mult = 1024;
			break;
		case 'm': case 'M':
			mult = 1024 * 1024;
			break;
		case 'g': case 'G':
			mult = 1024 * 1024 * 1024;
			break;
		default:
			break;
		}
	}
	if (mult == 1 || n >= sizeof(num))
		return cli_number(opt, s, min, max);
	memcpy(num, s, n - 1);
	num[n - 1] = '\0';
	v = strtonum(num, 0, max / mult, &errstr);
	if (errstr != NULL)
		errx(CS_EXIT_USAGE, "bad %s value '%s': %s", opt, s, errstr);
	if (v * mult < min)
		errx(CS_EXIT_USAGE, "bad %s value '%s': too small", opt, s);
	return v * mult;
}

long
cli_duration(const char *opt, const char *s)
{
	long secs;

	if (duration_parse(s, &secs) == -1)
		errx(CS_EXIT_USAGE, "bad %s value '%s': not a duration "
		    "such as 90m, 5h or 3d", opt, s);
	return secs;
}

long long
cli_time(const char *opt, const char *s)
{
	time_t t;

	if (time_parse(s, &t) == -1)
		errx(CS_EXIT_USAGE, "bad %s value '%s': not an RFC 3339 time "
		    "such as 2026-11-01T09:30:00Z", opt, s);
	return (long long)t;
}

int
cli_close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn("write error");
		fclose(stdout);
		return CS_EXIT_FAIL;
	}
	if (fclose(stdout) != 0) {
		warn("write error");
		return CS_EXIT_FAIL;
	}
	return status;
}
