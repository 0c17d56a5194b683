/*
 * Unit tests for lib/config.[ch]: where the file is found, how it is
 * read, and the lookup order of settings.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

static char tmpdir[64];

static void
rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *p;

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

static int
group_setup(void **state)
{
	(void)state;
	strlcpy(tmpdir, "/tmp/cs-test-config-XXXXXX", sizeof(tmpdir));
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	rmtree(tmpdir);
	return 0;
}

/* Every test starts from a clean environment and an empty folder. */
static int
setup(void **state)
{
	char *p;

	(void)state;
	unsetenv("CS_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("CS_TEST_TZ");
	unsetenv("CS_TEST_EMPTY");
	p = xasprintf("%s/home", tmpdir);
	rmtree(p);
	assert_int_equal(mkdir(p, 0700), 0);
	setenv("HOME", p, 1);
	free(p);
	return 0;
}

/* Write text to a path under tmpdir, creating folders; returns the path. */
static char *
put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, rel);
	char *p;
	FILE *fp;

	for (p = path + strlen(tmpdir) + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	}
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static const char sample[] = "{\"timezone\":\"UTC\",\"prioritize\":"
    "{\"timezone\":\"Europe/Madrid\",\"hours\":\"mon-fri 09:00-18:00\","
    "\"sla\":{\"complaint\":\"30m\"},\"top\":50,\"on\":true}}";

/* ---- config_load ---- */

static void
test_missing_default_file_is_fine(void **state)
{
	struct config c;
	struct cs_error e;

	(void)state;
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_null(c.path);
	assert_non_null(c.root);
	assert_true(cJSON_IsObject(c.root));
	assert_null(c.root->child);
	assert_null(config_get(&c, "prioritize.timezone"));
	assert_string_equal(config_str(&c, NULL, "timezone", "def"), "def");
	config_release(&c);
	assert_null(c.root);
	assert_null(c.path);
}

static void
test_default_file_under_home(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = put("home/.config/cs/config.json", sample);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_non_null(c.path);
	assert_string_equal(c.path, path);
	assert_string_equal(config_str(&c, NULL, "prioritize.timezone", NULL),
	    "Europe/Madrid");
	config_release(&c);
	free(path);
}

static void
test_default_file_under_xdg(void **state)
{
	struct config c;
	struct cs_error e;
	char *path, *xdg;

	(void)state;
	/* Both exist: XDG_CONFIG_HOME wins over ~/.config. */
	path = put("home/.config/cs/config.json", "{\"from\":\"home\"}");
	free(path);
	path = put("xdg/cs/config.json", "{\"from\":\"xdg\"}");
	xdg = xasprintf("%s/xdg", tmpdir);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(c.path, path);
	assert_string_equal(config_str(&c, NULL, "from", NULL), "xdg");
	config_release(&c);

	/* A relative XDG_CONFIG_HOME is ignored, as the spec says. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(config_str(&c, NULL, "from", NULL), "home");
	config_release(&c);

	/* XDG set but without a file: fine, and ~/.config is not used. */
	free(xdg);
	xdg = xasprintf("%s/xdg-empty", tmpdir);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_null(c.path);
	assert_null(config_get(&c, "from"));
	config_release(&c);
	free(xdg);
	free(path);
}

static void
test_no_home_at_all(void **state)
{
	struct config c;
	struct cs_error e;

	(void)state;
	unsetenv("HOME");
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_null(c.path);
	assert_true(cJSON_IsObject(c.root));
	config_release(&c);
}

static void
test_named_file(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = put("named.json", sample);
	/* A default file exists too, but the named one is used. */
	free(put("home/.config/cs/config.json", "{\"timezone\":\"home\"}"));
	assert_int_equal(config_load(&c, path, &e), 0);
	assert_string_equal(c.path, path);
	assert_string_equal(config_str(&c, NULL, "timezone", NULL), "UTC");
	config_release(&c);
	free(path);
}

static void
test_named_missing_file_is_error(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = xasprintf("%s/absent.json", tmpdir);
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "No such file or directory"));
	assert_null(c.root);
	assert_null(c.path);
	/* Releasing after a failed load is harmless. */
	config_release(&c);
	free(path);
}

static void
test_cs_config_env(void **state)
{
	struct config c;
	struct cs_error e;
	char *path, *other;

	(void)state;
	path = put("env.json", "{\"from\":\"env\"}");
	other = put("flag.json", "{\"from\":\"flag\"}");
	free(put("home/.config/cs/config.json", "{\"from\":\"home\"}"));
	setenv("CS_CONFIG", path, 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(c.path, path);
	assert_string_equal(config_str(&c, NULL, "from", NULL), "env");
	config_release(&c);
	/* --config beats $CS_CONFIG. */
	assert_int_equal(config_load(&c, other, &e), 0);
	assert_string_equal(config_str(&c, NULL, "from", NULL), "flag");
	config_release(&c);
	/* An empty CS_CONFIG is as if unset. */
	setenv("CS_CONFIG", "", 1);
	assert_int_equal(config_load(&c, NULL, &e), 0);
	assert_string_equal(config_str(&c, NULL, "from", NULL), "home");
	config_release(&c);
	free(path);
	free(other);
}

static void
test_cs_config_env_missing_is_error(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = xasprintf("%s/env-absent.json", tmpdir);
	setenv("CS_CONFIG", path, 1);
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, NULL, &e), -1);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "No such file or directory"));
	free(path);
}

static void
test_invalid_json(void **state)
{
	struct config c;
	struct cs_error e;
	char *path, *want;

	(void)state;
	path = put("bad.json", "{\"a\":}");
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, path, &e), -1);
	want = xasprintf("%s: invalid JSON at byte 6", path);
	assert_string_equal(e.msg, want);
	assert_null(c.root);
	assert_null(c.path);
	free(want);
	free(path);

	/* Truncated, and trailing garbage. */
	path = put("bad2.json", "{\n  \"a\": [1, 2\n");
	assert_int_equal(config_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, ": invalid JSON at byte "));
	free(path);

	path = put("bad3.json", "{\"a\":");
	assert_int_equal(config_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, ": invalid JSON at byte "));
	free(path);
}

/*
 * Regression (was a bug: config.c config_load): the file is parsed with
 * cJSON_ParseWithLengthOpts(b.s, b.len, &end, 0), i.e. without
 * require_null_terminated and without checking end, so text after the
 * top-level object is silently ignored: "{} {}", "{\"a\":1}}" or two
 * concatenated config files load as the first object instead of failing
 * with "invalid JSON at byte N".  (Passing 1 with b.len does not work
 * either: cJSON then always fails; pass b.len + 1 or check that only
 * white space follows end.)
 */
static void
test_text_after_object_is_error(void **state)
{
	static const char *const texts[] = {
		"{} {}", "{\"a\":1}}", "{\"a\":1}\n{\"b\":2}\n", "{}x",
	};
	struct config c;
	struct cs_error e;
	char *path;
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(texts); i++) {
		path = put("trailing.json", texts[i]);
		e.msg[0] = '\0';
		assert_int_equal(config_load(&c, path, &e), -1);
		assert_non_null(strstr(e.msg, ": invalid JSON at byte "));
		free(path);
	}
}

static void
test_invalid_default_file_is_error(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	/* The default file may be absent, but if present it must be good. */
	path = put("home/.config/cs/config.json", "not json");
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, NULL, &e), -1);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "invalid JSON at byte 1"));
	free(path);
}

static void
test_not_an_object(void **state)
{
	static const char *const texts[] = { "[1,2]", "\"x\"", "42", "null" };
	struct config c;
	struct cs_error e;
	char *path, *want;
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(texts); i++) {
		path = put("array.json", texts[i]);
		e.msg[0] = '\0';
		assert_int_equal(config_load(&c, path, &e), -1);
		want = xasprintf("%s: not a JSON object", path);
		assert_string_equal(e.msg, want);
		assert_null(c.root);
		free(want);
		free(path);
	}
}

static void
test_empty_file_is_error(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = put("empty.json", "");
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "invalid JSON"));
	free(path);
}

static void
test_whitespace_around_object(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = put("ws.json", "\n\t {\"a\": {\"b\": \"c\"}}\n\n");
	assert_int_equal(config_load(&c, path, &e), 0);
	assert_string_equal(config_str(&c, NULL, "a.b", NULL), "c");
	config_release(&c);
	free(path);
}

static void
test_unreadable_file(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	/*
	 * A default file that is there but cannot be read is an error, not
	 * "absent": here ~/.config is a plain file (ENOTDIR, which also
	 * works as root).
	 */
	path = put("home/.config", "not a folder");
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "/.config/cs/config.json"));
	assert_non_null(strstr(e.msg, "Not a directory"));
	free(path);
	/* Mode 000 (root reads anything, so only for other users). */
	if (geteuid() != 0) {
		path = put("secret.json", "{}");
		assert_int_equal(chmod(path, 0), 0);
		e.msg[0] = '\0';
		assert_int_equal(config_load(&c, path, &e), -1);
		assert_non_null(strstr(e.msg, "Permission denied"));
		free(path);
	}
}

static void
test_directory_is_error(void **state)
{
	struct config c;
	struct cs_error e;

	(void)state;
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, tmpdir, &e), -1);
	assert_non_null(strstr(e.msg, tmpdir));
}

/* ---- config_get ---- */

static void
test_get_dotted_paths(void **state)
{
	struct config c;
	struct cs_error e;
	const cJSON *v;
	char *path;

	(void)state;
	path = put("get.json", sample);
	assert_int_equal(config_load(&c, path, &e), 0);
	v = config_get(&c, "timezone");
	assert_true(cJSON_IsString(v));
	assert_string_equal(v->valuestring, "UTC");
	v = config_get(&c, "prioritize");
	assert_true(cJSON_IsObject(v));
	v = config_get(&c, "prioritize.timezone");
	assert_string_equal(v->valuestring, "Europe/Madrid");
	v = config_get(&c, "prioritize.sla.complaint");
	assert_string_equal(v->valuestring, "30m");
	v = config_get(&c, "prioritize.top");
	assert_true(cJSON_IsNumber(v));
	assert_int_equal(v->valueint, 50);
	assert_null(config_get(&c, "prioritize.nope"));
	assert_null(config_get(&c, "nope.timezone"));
	assert_null(config_get(&c, "prioritize.timezone.x"));
	assert_null(config_get(&c, "prioritize.top.x"));
	assert_null(config_get(&c, "Prioritize.timezone"));
	assert_null(config_get(&c, ""));
	assert_null(config_get(&c, "prioritize."));
	config_release(&c);
	free(path);
}

static void
test_get_long_part(void **state)
{
	struct config c;
	struct cs_error e;
	char key[200], *path, *text;
	const cJSON *v;

	(void)state;
	memset(key, 'k', 150);
	key[150] = '\0';
	text = xasprintf("{\"%s\":{\"x\":1},\"short\":{\"%s\":2}}", key, key);
	path = put("long.json", text);
	assert_int_equal(config_load(&c, path, &e), 0);
	/* Parts are capped at 127 bytes: a longer one finds nothing. */
	free(text);
	text = xasprintf("%s.x", key);
	assert_null(config_get(&c, text));
	free(text);
	text = xasprintf("short.%s", key);
	assert_null(config_get(&c, text));
	free(text);
	key[127] = '\0';
	v = config_get(&c, key);
	assert_null(v);
	config_release(&c);
	free(path);
}

/* ---- config_str: flags > environment > file > default ---- */

static void
test_str_lookup_order(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = put("order.json", sample);
	assert_int_equal(config_load(&c, path, &e), 0);
	/* File, when no variable is named or set. */
	assert_string_equal(config_str(&c, NULL, "prioritize.timezone",
	    "UTC"), "Europe/Madrid");
	assert_string_equal(config_str(&c, "CS_TEST_TZ",
	    "prioritize.timezone", "UTC"), "Europe/Madrid");
	/* The environment beats the file. */
	setenv("CS_TEST_TZ", "America/New_York", 1);
	assert_string_equal(config_str(&c, "CS_TEST_TZ",
	    "prioritize.timezone", "UTC"), "America/New_York");
	/* An empty variable is as if unset. */
	setenv("CS_TEST_EMPTY", "", 1);
	assert_string_equal(config_str(&c, "CS_TEST_EMPTY",
	    "prioritize.timezone", "UTC"), "Europe/Madrid");
	/* Default when the file lacks it or holds another type. */
	assert_string_equal(config_str(&c, NULL, "prioritize.absent", "def"),
	    "def");
	assert_string_equal(config_str(&c, NULL, "prioritize.top", "def"),
	    "def");
	assert_string_equal(config_str(&c, NULL, "prioritize.on", "def"),
	    "def");
	assert_string_equal(config_str(&c, NULL, "prioritize", "def"), "def");
	assert_null(config_str(&c, NULL, "prioritize.absent", NULL));
	/* No path: environment or default only. */
	assert_string_equal(config_str(&c, "CS_TEST_TZ", NULL, "def"),
	    "America/New_York");
	assert_string_equal(config_str(&c, NULL, NULL, "def"), "def");
	config_release(&c);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_missing_default_file_is_fine,
		    setup),
		cmocka_unit_test_setup(test_default_file_under_home, setup),
		cmocka_unit_test_setup(test_default_file_under_xdg, setup),
		cmocka_unit_test_setup(test_no_home_at_all, setup),
		cmocka_unit_test_setup(test_named_file, setup),
		cmocka_unit_test_setup(test_named_missing_file_is_error,
		    setup),
		cmocka_unit_test_setup(test_cs_config_env, setup),
		cmocka_unit_test_setup(test_cs_config_env_missing_is_error,
		    setup),
		cmocka_unit_test_setup(test_invalid_json, setup),
		cmocka_unit_test_setup(test_text_after_object_is_error,
		    setup),
		cmocka_unit_test_setup(test_invalid_default_file_is_error,
		    setup),
		cmocka_unit_test_setup(test_not_an_object, setup),
		cmocka_unit_test_setup(test_empty_file_is_error, setup),
		cmocka_unit_test_setup(test_whitespace_around_object, setup),
		cmocka_unit_test_setup(test_unreadable_file, setup),
		cmocka_unit_test_setup(test_directory_is_error, setup),
		cmocka_unit_test_setup(test_get_dotted_paths, setup),
		cmocka_unit_test_setup(test_get_long_part, setup),
		cmocka_unit_test_setup(test_str_lookup_order, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
