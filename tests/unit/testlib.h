/*
 * testlib.h: the scaffolding the unit tests in tests/unit share: the
 * includes cmocka needs, a scratch folder for the test group, files
 * written into it and read back, and code run in a child process with
 * its output captured.
 *
 * A test is one translation unit; one that uses this header includes it
 * first, in place of compat.h, which it includes itself.  Everything here
 * is static: the functions are inline and the variable is marked unused,
 * so a test that uses only some of them builds without warnings.
 *
 * The helpers that assert fail the current test; call them from the test
 * process, never from a child, which reports through its exit status and
 * output instead.
 */
#ifndef CS_TESTLIB_H
#define CS_TESTLIB_H

#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/*
 * The group's scratch folder, an absolute path without a final '/'.
 * tmpdir_setup makes it; tmpdir_teardown removes it with all it holds.
 */
static char tmpdir[64] __attribute__((unused));

/*
 * Remove path and, when it is a folder, everything below it.  Links are
 * removed, not followed.  Errors are ignored: what cannot be removed
 * stays.
 */
static inline void
rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char *p;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", path, e->d_name);
			rmtree(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(path);
}

/*
 * cmocka group setup: make tmpdir, a new empty folder named after the
 * program (/tmp/cs-test_util-XXXXXX for test_util).  Returns 0, or -1
 * when it cannot be made, which fails the group.
 */
static inline int
tmpdir_setup(void **state)
{
	int n;

	(void)state;
	n = snprintf(tmpdir, sizeof(tmpdir), "/tmp/cs-%s-XXXXXX",
	    getprogname());
	if (n < 0 || (size_t)n >= sizeof(tmpdir))
		return -1;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

/* cmocka group teardown: remove tmpdir and everything in it.  Returns 0. */
static inline int
tmpdir_teardown(void **state)
{
	(void)state;
	rmtree(tmpdir);
	return 0;
}

/* "tmpdir/name" as a new string (free it).  Nothing is created. */
static inline char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/*
 * Write the n bytes at data to tmpdir/name, replacing the file, and make
 * the folders of name that do not exist yet (mode 0700).  Fails the test
 * when the file cannot be written.  Returns the file's path (free it).
 */
static inline char *
write_file(const char *name, const void *data, size_t n)
{
	char *path = tmp_path(name);
	char *p;
	FILE *fp;

	for (p = path + strlen(tmpdir) + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	}
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

/* write_file of the string s, without its final NUL. */
static inline char *
write_str(const char *name, const char *s)
{
	return write_file(name, s, strlen(s));
}

/* write_file of a string literal, which may hold NUL bytes. */
#define WRITE_LIT(name, lit)	write_file(name, lit, sizeof(lit) - 1)

/*
 * The whole file at path (at most 16 MiB) as a new NUL-terminated string
 * (free it); "" when it does not exist or cannot be read.
 */
static inline char *
read_file(const char *path)
{
	struct buf b;

	buf_init(&b);
	if (slurp(path, 1 << 24, &b, NULL) == -1) {
		buf_release(&b);
		return xstrdup("");
	}
	buf_add(&b, "", 0);
	return b.s;
}

/*
 * Fail the test unless msg is exactly "path: reason", the form in which
 * lib/ reports an error about a file (as err(3) would print it).
 */
static inline void
path_error_is(const char *msg, const char *path, const char *reason)
{
	char *want = xasprintf("%s: %s", path, reason);

	assert_string_equal(msg, want);
	free(want);
}

/*
 * Fail the test unless msg holds both path and reason, for checks that
 * leave the rest of the message, or its form, open.
 */
static inline void
path_error_has(const char *msg, const char *path, const char *reason)
{
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, reason));
}

/* What a child run by run_child left behind; outcome_free releases it. */
struct outcome {
	int	 wstatus;	/* the status waitpid(2) gave */
	int	 status;	/* exit status, or 200 + the signal number */
	char	*out;		/* its standard output, "" if none */
	char	*err;		/* its standard error, "" if none */
};

/* Free the output held by o. */
static inline void
outcome_free(struct outcome *o)
{
	free(o->out);
	free(o->err);
}

/*
 * Run fn(arg) in a child process and wait for it.  Its standard output
 * goes to a file in tmpdir (or to stdout_path when that is not NULL,
 * such as /dev/full, and then o->out is ""), its standard error to
 * another; o gets both and how the child ended.  The child exits with
 * 122 if fn returns, 120 or 121 if its output cannot be redirected.  fn
 * runs in the child: it must not use cmocka's assertions.
 */
static inline void
run_child(void (*fn)(void *), void *arg, const char *stdout_path,
    struct outcome *o)
{
	char *outp = tmp_path("child.out"), *errp = tmp_path("child.err");
	pid_t pid;
	int fd;

	unlink(outp);
	unlink(errp);
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		if (freopen(stdout_path != NULL ? stdout_path : outp, "w",
		    stdout) == NULL)
			_exit(120);
		fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd == -1 || dup2(fd, 2) == -1)
			_exit(121);
		close(fd);
		fn(arg);
		_exit(122);
	}
	assert_int_equal(waitpid(pid, &o->wstatus, 0), pid);
	o->status = WIFEXITED(o->wstatus) ? WEXITSTATUS(o->wstatus) :
	    200 + WTERMSIG(o->wstatus);
	o->out = read_file(outp);
	o->err = read_file(errp);
	unlink(outp);
	unlink(errp);
	free(outp);
	free(errp);
}

#endif
