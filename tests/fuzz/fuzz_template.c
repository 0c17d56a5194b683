/*
 * libFuzzer target for the reply templates (lib/template.c) and their
 * lint (lib/template_lint.c): the input is a template file.  The loader
 * and the lint agree (a file loads exactly when the lint finds no
 * "file", "variable" or "secret" error); a loaded variant renders with
 * every variable known, to valid UTF-8 when the values are, and
 * template_pick keeps to its limit; the lint's counts add up and its
 * messages are one line.  The input is also read as one text by the
 * text checks (secret, shouting, thanks, dm).
 */
#include "fuzz.h"

#include "template.h"
#include "template_lint.h"
#include "twtext.h"

static const char *const te_val[TEMPLATE_NVARS] = {
	"ana_22", "Ana Pérez", "Lucía", "112-3456789-0123456",
	"1Z999AA10123456784", "UPS", "https://ups.example/track?n=1Z9"
};

static size_t
te_measure(const char *s, size_t len, void *arg)
{
	(void)arg;
	return twtext_weighted_length(s, len);
}

static void
te_set(const struct template_set *set)
{
	struct template_values all, none;
	struct template_measure m = { te_measure, NULL };
	struct template_choice ch;
	struct buf out;
	size_t i, k;
	int v;

	memset(&none, 0, sizeof(none));
	for (v = 0; v < TEMPLATE_NVARS; v++) {
		all.s[v] = te_val[v];
		all.len[v] = strlen(te_val[v]);
	}
	buf_init(&out);
	for (i = 0; i < set->nlist; i++) {
		const struct template_list *l = &set->list[i];

		FUZZ_CHECK(l->n <= TEMPLATE_MAX_VARIANTS);
		FUZZ_CHECK(template_find(set, l->category, l->lang) != NULL);
		for (k = 0; k < l->n; k++) {
			const struct template_variant *tv = &l->v[k];

			FUZZ_CHECK(strlen(tv->text) <= TEMPLATE_MAX_TEXT);
			FUZZ_CHECK(fuzz_utf8(tv->text, strlen(tv->text)));
			FUZZ_CHECK(template_missing(tv, &all) == 0);
			FUZZ_CHECK(template_missing(tv, &none) == tv->needs);
			buf_reset(&out);
			FUZZ_CHECK(template_render(tv, &all, &out) == 0);
			FUZZ_CHECK(fuzz_utf8(out.s, out.len));
			if (tv->needs != 0) {
				buf_reset(&out);
				FUZZ_CHECK(template_render(tv, &none, &out) ==
				    -1 && out.len == 0);
			}
		}
		switch (template_pick(l, &all, 280, &m, &out, &ch)) {
		case TEMPLATE_PICK_OK:
			FUZZ_CHECK(ch.length <= 280 && ch.variant != NULL);
			FUZZ_CHECK(ch.length == te_measure(out.s, out.len,
			    NULL));
			break;
		case TEMPLATE_PICK_EMPTY:
			FUZZ_CHECK(l->n == 0);
			break;
		case TEMPLATE_PICK_MISSING:
			FUZZ_CHECK(!"all variables were given");
			break;
		case TEMPLATE_PICK_TOOLONG:
			break;
		}
	}
	for (i = 0; i < set->ncarrier; i++) {
		buf_reset(&out);
		FUZZ_CHECK(template_carrier(set, set->carrier[i].key) != NULL);
		FUZZ_CHECK(template_render(&set->carrier[i].url, &all, &out) ==
		    0);
	}
	buf_release(&out);
}

/* The lint of the file; returns its errors of the loader's rules. */
static size_t
te_lint(const uint8_t *data, size_t size)
{
	struct template_lint l;
	struct template_set set;
	size_t i, nerr = 0, nwarn = 0, loader = 0;

	template_lint_init(&l);
	template_init(&set);
	FUZZ_CHECK(template_lint_file(&l, &set, (const char *)data, size,
	    "fuzz.json") == l.nerrors);
	for (i = 0; i < l.n; i++) {
		const struct lint_problem *p = &l.v[i];

		FUZZ_CHECK(p->rule != NULL && p->msg != NULL &&
		    *p->msg != '\0');
		FUZZ_CHECK(strchr(p->msg, '\n') == NULL);
		FUZZ_CHECK(p->where == NULL || strchr(p->where, '\n') == NULL);
		if (p->error)
			nerr++;
		else
			nwarn++;
		if (p->error && (strcmp(p->rule, "file") == 0 ||
		    strcmp(p->rule, "variable") == 0 ||
		    strcmp(p->rule, "secret") == 0))
			loader++;
	}
	FUZZ_CHECK(nerr == l.nerrors && nwarn == l.nwarnings);
	template_release(&set);
	template_lint_release(&l);
	return loader;
}

static void
te_text(const uint8_t *data, size_t size)
{
	static const char *const langs[] = { "en", "es", "ca", "fr", NULL };
	char *s = xstrndup((const char *)data, size), word[64];
	const char *what;
	size_t i;

	for (i = 0; i < CS_NELEM(langs); i++) {
		what = template_lint_secret(s, langs[i]);
		FUZZ_CHECK(what == NULL || streq(what, "a card number") ||
		    streq(what, "a CVV") || streq(what, "bank details") ||
		    streq(what, "a password") || streq(what, "an ID document"));
		FUZZ_CHECK(template_lint_thanks(s, langs[i]) >= -1);
	}
	if (template_lint_shouting(s, NULL, word, sizeof(word))) {
		FUZZ_CHECK(strlen(word) < sizeof(word));
	}
	(void)template_lint_says_dm(s);
	free(s);
}

FUZZ_ENTRY(template)
{
	struct template_set set;
	struct cs_error e;
	size_t loader;
	int ok;

	template_init(&set);
	e.msg[0] = '\0';
	ok = template_load(&set, (const char *)data, size, "fuzz.json",
	    &e) == 0;
	if (ok)
		te_set(&set);
	else {
		FUZZ_CHECK(strncmp(e.msg, "fuzz.json", 9) == 0);
		FUZZ_CHECK(set.nlist == 0 && set.ncarrier == 0 &&
		    set.nsig == 0);
	}
	template_release(&set);
	loader = te_lint(data, size);
	if (ok != (loader == 0)) {
		fprintf(stderr, "load %s (%s), lint %zu loader errors\n",
		    ok ? "ok" : "refused", e.msg, loader);
		FUZZ_CHECK(!"the loader and the lint agree");
	}
	te_text(data, size);
	return 0;
}
