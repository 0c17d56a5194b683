/*
 * Unit tests for lib/creds.[ch]: the environment first, then an
 * owner-only credentials file; looser modes, bad JSON and missing keys
 * are refused with messages that never hold a secret.
 */
#include "testlib.h"

#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "creds.h"

static char *
creds_file(const char *name, const char *text, mode_t mode)
{
	char *p = write_str(name, text);

	assert_int_equal(chmod(p, mode), 0);
	return p;
}

static void
test_env_first(void **state)
{
	struct creds c;
	struct cs_error e;
	char *p, *v;

	(void)state;
	p = creds_file("env.json", "{\"x\":{\"bearer_token\":\"from-file\"}}",
	    0600);
	creds_init(&c, p);
	setenv("CS_TEST_TOKEN", "from-env", 1);
	v = creds_get(&c, "CS_TEST_TOKEN", "x", "bearer_token", &e);
	assert_string_equal(v, "from-env");
	creds_free(v);
	/* An empty variable does not count. */
	setenv("CS_TEST_TOKEN", "", 1);
	v = creds_get(&c, "CS_TEST_TOKEN", "x", "bearer_token", &e);
	assert_string_equal(v, "from-file");
	creds_free(v);
	unsetenv("CS_TEST_TOKEN");
	creds_release(&c);
	free(p);
}

static void
test_file_modes(void **state)
{
	struct creds c;
	struct cs_error e;
	char *p, *v;

	(void)state;
	p = creds_file("loose.json", "{\"x\":{\"bearer_token\":\"s3cr3t\"}}",
	    0644);
	creds_init(&c, p);
	assert_null(creds_get(&c, NULL, "x", "bearer_token", &e));
	path_error_is(e.msg, p, "credentials file is accessible by group or "
	    "others (mode 0644); run chmod 600 on it");
	assert_int_equal(creds_check_file(&c, &e), -1);
	creds_release(&c);
	assert_int_equal(chmod(p, 0604), 0);
	creds_init(&c, p);
	assert_null(creds_get(&c, NULL, "x", "bearer_token", &e));
	assert_null(strstr(e.msg, "s3cr3t"));
	creds_release(&c);
	assert_int_equal(chmod(p, 0400), 0);
	creds_init(&c, p);
	assert_int_equal(creds_check_file(&c, &e), 0);
	v = creds_get(&c, NULL, "x", "bearer_token", &e);
	assert_string_equal(v, "s3cr3t");
	creds_free(v);
	creds_release(&c);
	free(p);
}

static void
test_missing(void **state)
{
	struct creds c;
	struct cs_error e;
	char *p;

	(void)state;
	p = tmp_path("none.json");
	creds_init(&c, p);
	assert_int_equal(creds_check_file(&c, &e), 1);
	assert_null(creds_get(&c, "CS_TEST_NONE", "x", "bearer_token", &e));
	assert_non_null(strstr(e.msg, "no x bearer_token: set CS_TEST_NONE"));
	assert_non_null(strstr(e.msg, p));
	creds_release(&c);
	free(p);
	/* A folder is not a credentials file. */
	creds_init(&c, tmpdir);
	assert_null(creds_get(&c, NULL, "x", "bearer_token", &e));
	creds_release(&c);
}

static void
test_bad_contents(void **state)
{
	struct creds c;
	struct cs_error e;
	char *p;

	(void)state;
	p = creds_file("bad.json", "{\"x\": \"s3cr3t\"", 0600);
	creds_init(&c, p);
	assert_null(creds_get(&c, NULL, "x", "bearer_token", &e));
	path_error_is(e.msg, p, "credentials file is not a JSON object");
	creds_release(&c);
	free(p);
	p = creds_file("num.json", "{\"x\":{\"bearer_token\":5},"
	    "\"bluesky\":{\"identifier\":\"a.b\"}}", 0600);
	creds_init(&c, p);
	assert_null(creds_get(&c, NULL, "x", "bearer_token", &e));
	path_error_is(e.msg, p, "x.bearer_token is not a non-empty string");
	assert_null(creds_get(&c, NULL, "bluesky", "app_password", &e));
	assert_non_null(strstr(e.msg, "no bluesky app_password"));
	assert_non_null(strstr(e.msg, "in the \"bluesky\" object of"));
	creds_release(&c);
	free(p);
}

static void
test_default_path(void **state)
{
	struct creds c;

	(void)state;
	setenv("CS_CREDENTIALS", "/some/where.json", 1);
	creds_init(&c, NULL);
	assert_string_equal(creds_path(&c), "/some/where.json");
	creds_release(&c);
	unsetenv("CS_CREDENTIALS");
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	creds_init(&c, NULL);
	assert_string_equal(creds_path(&c), "/xdg/cs/credentials.json");
	creds_release(&c);
	creds_release(NULL);
	creds_free(NULL);
}

/* creds_protect: no core file, and (Linux) not dumpable. */
static void
test_protect(void **state)
{
	struct rlimit rl;
	struct cs_error e;

	(void)state;
	assert_int_equal(creds_protect(&e), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_true(rl.rlim_cur == 0 && rl.rlim_max == 0);
#ifdef __linux__
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 0);
#endif
	/* Again: still fine (the limits only go down). */
	assert_int_equal(creds_protect(&e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_first),
		cmocka_unit_test(test_file_modes),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_bad_contents),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_protect),
	};

	umask(022);
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
