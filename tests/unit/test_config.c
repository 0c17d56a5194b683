/*
 * Unit tests for lib/config.[ch]: where the file is found, how it is
 * read, and the lookup order of settings.
 */
#include "testlib.h"

#include "config.h"
#include "util.h"

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
	p = tmp_path("home");
	rmtree(p);
	assert_int_equal(mkdir(p, 0700), 0);
	setenv("HOME", p, 1);
	free(p);
	return 0;
}

static const char sample[] = "{\"timezone\":\"UTC\",\"prioritize\":"
    "{\"timezone\":\"Europe/Madrid\",\"hours\":\"mon-fri 09:00-18:00\","
    "\"sla\":{\"complaint\":\"30m\"},\"top\":50,\"on\":true}}";

/*
 * config_load(&c, path, &e) fails with a message holding want and, when
 * it is not NULL, want2.
 */
static void
load_fails(const char *path, const char *want, const char *want2)
{
	struct config c;
	struct cs_error e;

	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, want));
	if (want2 != NULL)
		assert_non_null(strstr(e.msg, want2));
}

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
	path = write_str("home/.config/cs/config.json", sample);
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
	path = write_str("home/.config/cs/config.json", "{\"from\":\"home\"}");
	free(path);
	path = write_str("xdg/cs/config.json", "{\"from\":\"xdg\"}");
	xdg = tmp_path("xdg");
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
	xdg = tmp_path("xdg-empty");
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
	path = write_str("named.json", sample);
	/* A default file exists too, but the named one is used. */
	free(write_str("home/.config/cs/config.json",
	    "{\"timezone\":\"home\"}"));
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
	path = tmp_path("absent.json");
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, path, &e), -1);
	path_error_has(e.msg, path, "No such file or directory");
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
	path = write_str("env.json", "{\"from\":\"env\"}");
	other = write_str("flag.json", "{\"from\":\"flag\"}");
	free(write_str("home/.config/cs/config.json", "{\"from\":\"home\"}"));
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
	char *path;

	(void)state;
	path = tmp_path("env-absent.json");
	setenv("CS_CONFIG", path, 1);
	load_fails(NULL, path, "No such file or directory");
	free(path);
}

static void
test_invalid_json(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = write_str("bad.json", "{\"a\":}");
	e.msg[0] = '\0';
	assert_int_equal(config_load(&c, path, &e), -1);
	path_error_is(e.msg, path, "invalid JSON at byte 6");
	assert_null(c.root);
	assert_null(c.path);
	free(path);

	/* Truncated, and trailing garbage. */
	path = write_str("bad2.json", "{\n  \"a\": [1, 2\n");
	assert_int_equal(config_load(&c, path, &e), -1);
	assert_non_null(strstr(e.msg, ": invalid JSON at byte "));
	free(path);

	path = write_str("bad3.json", "{\"a\":");
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
	char *path;
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(texts); i++) {
		path = write_str("trailing.json", texts[i]);
		load_fails(path, ": invalid JSON at byte ", NULL);
		free(path);
	}
}

static void
test_invalid_default_file_is_error(void **state)
{
	char *path;

	(void)state;
	/* The default file may be absent, but if present it must be good. */
	path = write_str("home/.config/cs/config.json", "not json");
	load_fails(NULL, path, "invalid JSON at byte 1");
	free(path);
}

static void
test_not_an_object(void **state)
{
	static const char *const texts[] = { "[1,2]", "\"x\"", "42", "null" };
	struct config c;
	struct cs_error e;
	char *path;
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(texts); i++) {
		path = write_str("array.json", texts[i]);
		e.msg[0] = '\0';
		assert_int_equal(config_load(&c, path, &e), -1);
		path_error_is(e.msg, path, "not a JSON object");
		assert_null(c.root);
		free(path);
	}
}

static void
test_empty_file_is_error(void **state)
{
	char *path;

	(void)state;
	path = write_str("empty.json", "");
	load_fails(path, path, "invalid JSON");
	free(path);
}

static void
test_whitespace_around_object(void **state)
{
	struct config c;
	struct cs_error e;
	char *path;

	(void)state;
	path = write_str("ws.json", "\n\t {\"a\": {\"b\": \"c\"}}\n\n");
	assert_int_equal(config_load(&c, path, &e), 0);
	assert_string_equal(config_str(&c, NULL, "a.b", NULL), "c");
	config_release(&c);
	free(path);
}

static void
test_unreadable_file(void **state)
{
	char *path;

	(void)state;
	/*
	 * A default file that is there but cannot be read is an error, not
	 * "absent": here ~/.config is a plain file (ENOTDIR, which also
	 * works as root).
	 */
	path = write_str("home/.config", "not a folder");
	load_fails(NULL, "/.config/cs/config.json", "Not a directory");
	free(path);
	/* Mode 000 (root reads anything, so only for other users). */
	if (geteuid() != 0) {
		path = write_str("secret.json", "{}");
		assert_int_equal(chmod(path, 0), 0);
		load_fails(path, "Permission denied", NULL);
		free(path);
	}
}

static void
test_directory_is_error(void **state)
{
	(void)state;
	load_fails(tmpdir, tmpdir, NULL);
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
	path = write_str("get.json", sample);
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
	path = write_str("long.json", text);
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
	path = write_str("order.json", sample);
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
#define T(f)	cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_missing_default_file_is_fine),
		T(test_default_file_under_home),
		T(test_default_file_under_xdg),
		T(test_no_home_at_all),
		T(test_named_file),
		T(test_named_missing_file_is_error),
		T(test_cs_config_env),
		T(test_cs_config_env_missing_is_error),
		T(test_invalid_json),
		T(test_text_after_object_is_error),
		T(test_invalid_default_file_is_error),
		T(test_not_an_object),
		T(test_empty_file_is_error),
		T(test_whitespace_around_object),
		T(test_unreadable_file),
		T(test_directory_is_error),
		T(test_get_dotted_paths),
		T(test_get_long_part),
		T(test_str_lookup_order),
	};
#undef T

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
