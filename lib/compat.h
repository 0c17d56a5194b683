/*
 * compat.h: included first by every file of cs.  Feature macros come from
 * the Makefile (-D_POSIX_C_SOURCE, -D_DEFAULT_SOURCE); libbsd's overlay
 * (pkg-config libbsd-overlay) gives strlcpy, strtonum, reallocarray and
 * getprogname through the ordinary system headers.
 */
#ifndef CS_COMPAT_H
#define CS_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CS_VERSION
#define CS_VERSION "0.0.0"
#endif

#define CS_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses shared by every tool (see cs(7)). */
#define CS_EXIT_OK		0
#define CS_EXIT_FAIL		1
#define CS_EXIT_USAGE		2
#define CS_EXIT_TEMPFAIL	75

/*
 * Errors from lib/: a function that can fail returns -1 (or NULL) and, when
 * given a struct cs_error, writes one lowercase line without a final period
 * into it.  lib/ never prints, except lib/cli.c, which is the commands'
 * front end.
 */
struct cs_error {
	char	msg[512];
};

void	cs_seterr(struct cs_error *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
