/*
 * test_pii: personal data (lib/pii.c and the e-mail and phone scanners
 * of lib/classify_entity.c): cards, IBANs and Spanish account numbers,
 * DNI and NIE numbers, passwords, spans in code points, the JSON and
 * redaction.  The modules are driven directly, as the engine drives
 * them, so these tests need no built-in tables.
 */
#include "classify_testlib.h"

/*
 * The pii of the last scan as "type:start-end" (code points) joined by
 * blanks, read back from the JSON.
 */
static void
pii(char *out, size_t size)
{
	json_pii(scan_json(), out, size);
}

/* The pii of s's scan, as pii() gives it, must be want. */
static void
pii_is(const char *s, const char *want)
{
	char got[512];

	scan(s);
	pii(got, sizeof(got));
	case_is(s, got, want);
}

/* The texts of the pii of the last scan of s, joined by '|'. */
static void
pii_text(const char *s, char *out, size_t size)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < E.npii; i++) {
		if (i > 0)
			strlcat(out, "|", size);
		strncat(out, s + E.pii[i].start, size - strlen(out) - 1 <
		    E.pii[i].end - E.pii[i].start ? size - strlen(out) - 1 :
		    E.pii[i].end - E.pii[i].start);
	}
}

/* Cards. */

static void
test_luhn(void **state)
{
	(void)state;
	assert_true(pii_luhn("4111111111111111", 16));
	assert_true(pii_luhn("4000 0566 5566 5556", 19));
	assert_true(pii_luhn("3782-822463-10005", 17));
	assert_true(pii_luhn("5555555555554444", 16));
	assert_false(pii_luhn("4111111111111112", 16));
	assert_false(pii_luhn("1234567812345678", 16));
	assert_false(pii_luhn("", 0));
	assert_false(pii_luhn("----", 4));
}

static void
test_cards(void **state)
{
	/* One of each length, 13 to 19 digits, all passing Luhn. */
	static const char *const cards[] = {
		"4222222222222", "30569309025904", "378282246310005",
		"4111111111111111", "60110000000000001",
		"620000000000000005", "6304000000000000000"
	};
	char s[128], want[64];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cards); i++) {
		snprintf(s, sizeof(s), "card %s ok", cards[i]);
		snprintf(want, sizeof(want), "card:5-%zu",
		    5 + strlen(cards[i]));
		pii_is(s, want);
	}
	/* Blanks and dashes between groups. */
	pii_is("my card is 4111 1111 1111 1111, expiry 12/28",
	    "card:11-30");
	pii_is("Amex 3782-822463-10005.", "card:5-22");
	pii_is("card 5555-5555-5555-4444", "card:5-24");
	/* The date after the card is not part of it. */
	pii_is("4111 1111 1111 1111 12/28", "card:0-19");
	/* A failing Luhn, too short, too long, a bad first digit. */
	pii_is("card 4111111111111112 is not a card", "");
	pii_is("card 4111 1111 1111 1112", "");
	pii_is("411111111111", "");
	pii_is("41111111111111111111", "");
	pii_is("7111111111111114", "");
	/* Glued to letters, or two blanks apart: not a card. */
	pii_is("x4111111111111111", "");
	pii_is("4111  1111  1111  1111", "");
}

/* Accounts. */

static void
test_iban(void **state)
{
	static const char *const good[] = {
		"ES9121000418450200051332", "DE89370400440532013000",
		"GB29NWBK60161331926819", "FR1420041010050500013M02606",
		"IT60X0542811101000000123456", "NL91ABNA0417164300",
		"PT50000201231234567890154", "BE68539007547034",
		"AD1200012030200359100100", "CH9300762011623852957",
		"NO9386011117947", "MT84MALT011000012345MTLCAST001S",
		"ES91 2100 0418 4502 0005 1332", "es9121000418450200051332",
		"GB82 WEST 1234 5698 7654 32"
	};
	static const char *const bad[] = {
		"ES9221000418450200051332",	/* check digits */
		"DE89370400440532013001",	/* a digit */
		"ES912100041845020005133",	/* length */
		"NL91ABNA041716430",		/* length */
		"ES91-2100-0418-4502-0005-1332",	/* dashes */
		"XX9121000418450200051332",	/* no such country */
		"1234", ""
	};
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(good); i++)
		if (!pii_iban(good[i], strlen(good[i])))
			fail_msg("'%s' should pass", good[i]);
	for (i = 0; i < CS_NELEM(bad); i++)
		if (pii_iban(bad[i], strlen(bad[i])))
			fail_msg("'%s' should fail", bad[i]);
	pii_is("IBAN ES91 2100 0418 4502 0005 1332 y DE89370400440532013000",
	    "iban:5-34 iban:37-59");
	pii_is("IBAN: GB29 NWBK 6016 1331 9268 19.", "iban:6-33");
	pii_is("FR14 2004 1010 0505 0001 3M02 606", "iban:0-33");
	/* A wrong IBAN whose account part is a good CCC: that part. */
	pii_is("IBAN ES92 2100 0418 4502 0005 1332", "iban:10-34");
	pii_is("IBAN ES92 2100 0418 4502 0005 1333", "");
	/* A known country's length is all that is taken. */
	pii_is("NL91ABNA0417164300 123", "iban:0-18");
	pii_is("NL91ABNA04171643001", "");
}

static void
test_ccc(void **state)
{
	(void)state;
	assert_true(pii_ccc("2100 0418 45 0200051332", 23));
	assert_true(pii_ccc("21000418450200051332", 20));
	assert_true(pii_ccc("2100-0418-45-0200051332", 23));
	assert_false(pii_ccc("2100 0418 46 0200051332", 23));
	assert_false(pii_ccc("2100 0418 45 0200051333", 23));
	assert_false(pii_ccc("2100 0418 45 020005133", 22));
	pii_is("cuenta 2100 0418 45 0200051332 gracias", "iban:7-30");
	pii_is("cuenta 2100 0418 46 0200051332", "");
}

/* Identity numbers. */

static void
test_dni_nie(void **state)
{
	(void)state;
	assert_true(pii_dni("12345678Z", 9));
	assert_true(pii_dni("12345678z", 9));
	assert_true(pii_dni("12345678-Z", 10));
	assert_true(pii_dni("12.345.678-Z", 12));
	assert_true(pii_dni("87654321X", 9));
	assert_true(pii_dni("00000000T", 9));
	assert_false(pii_dni("12345678A", 9));
	assert_false(pii_dni("1234567L", 8));
	assert_false(pii_dni("123456789Z", 10));
	assert_false(pii_dni("X1234567L", 9));
	assert_true(pii_nie("X1234567L", 9));
	assert_true(pii_nie("Y1234567X", 9));
	assert_true(pii_nie("Z1234567R", 9));
	assert_true(pii_nie("x-1234567-l", 11));
	assert_true(pii_nie("X7654321J", 9));
	assert_false(pii_nie("X1234567M", 9));
	assert_false(pii_nie("W1234567L", 9));
	assert_false(pii_nie("X123456L", 8));

	pii_is("Mi DNI es 12345678Z", "dni:10-19");
	pii_is("DNI: 12.345.678-Z.", "dni:5-17");
	pii_is("dni 12345678 Z", "dni:4-14");
	pii_is("NIE X1234567L y Y-1234567-X", "nie:4-13 nie:16-27");
	/* Wrong letters, glued words. */
	pii_is("Mi DNI es 12345678A", "");
	pii_is("NIE X1234567M", "");
	pii_is("ref 12345678ZZ", "");
	pii_is("AX1234567L", "");
}

/* Passwords. */

static void
test_passwords(void **state)
{
	/* Each text and its passwords, '|' between. */
	static const struct tcase cases[] = {
		{ "my password is hunter2", "hunter2" },
		{ "My Password Is Hunter2!", "Hunter2!" },
		{ "password: correcthorse", "correcthorse" },
		{ "Password:s3cr3t.", "s3cr3t" },
		{ "pwd X9$kq", "X9$kq" },
		{ "pwd=abc123", "abc123" },
		{ "the password for my account is Qwerty99", "Qwerty99" },
		{ "my password is now Summer2024, help", "Summer2024" },
		{ "password 'hunter two'", "hunter two" },
		{ "new pin is 4321", "4321" },
		{ "mi contraseña es perro123", "perro123" },
		{ "Contraseña: «Gato2020»", "Gato2020" },
		{ "mi clave: 1234abcd", "1234abcd" },
		{ "mi clave de acceso es Hola.1234", "Hola.1234" },
		{ "la meva contrasenya és Gos_2023", "Gos_2023" },
		{ "contrasenya: lluna", "lluna" },
		{ "la clau és 4455", "4455" },
		{ "mon mot de passe est Azerty12", "Azerty12" },
		{ "a minha senha é Brasil2022", "Brasil2022" },
		{ "mein Passwort ist Geheim123", "Geheim123" },
		/* Not passwords. */
		{ "I forgot my password", "" },
		{ "my password is not working", "" },
		{ "my password is wrong", "" },
		{ "password reset link please", "" },
		{ "Password: reset", "" },
		{ "la contraseña es incorrecta", "" },
		{ "la clave es la paciencia", "" },
		{ "no me deja cambiar la contraseña", "" },
		{ "the pin is 4 digits", "" },
		{ "clave 1234", "" },
		{ "my boarding pass is lost", "" },
		{ "la meva contrasenya no funciona", "" },
	};
	char got[256];
	size_t i;

	(void)state;
	for (i = 0; i < CS_NELEM(cases); i++) {
		scan(cases[i].text);
		pii_text(cases[i].text, got, sizeof(got));
		case_is(cases[i].text, got, cases[i].want);
	}
	pii_is("my password is hunter2", "password:15-22");
	/* A card stated as a password is a card. */
	pii_is("password: 4111111111111111", "card:10-26");
}

/* E-mail addresses and phone numbers. */

static void
test_emails_phones(void **state)
{
	(void)state;
	pii_is("write to joe.bloggs+shop@example.co.uk or ANA@Mail.ES.",
	    "email:9-38 email:42-53");
	pii_is("@ShopCare @ana@mastodon.social user@localhost", "");
	pii_is("call me on +34 612 345 678", "phone:11-26");
	pii_is("(+34) 612 345 678", "phone:0-17");
	pii_is("mi móvil es 612345678", "phone:12-21");
	pii_is("tel. 93 123 45 67", "phone:5-17");
	pii_is("Call +1 (555) 123-4567 today", "phone:5-22");
	pii_is("0034 612 345 678", "phone:0-16");
	pii_is("on 2026-11-01 at 10:30", "");
}

/* Spans are code points, after accents and emoji. */

static void
test_spans(void **state)
{
	(void)state;
	/* "Teléfono: ñandú " is 16 code points. */
	pii_is("Teléfono: ñandú 612 345 678", "phone:16-27");
	pii_is("Ça va 😀 joe@example.com", "email:8-23");
	pii_is("àèìòù 4111111111111111 àèìòù ES9121000418450200051332",
	    "card:6-22 iban:29-53");
	pii_is("😀😀 mi contraseña es ñu_2024 👍 DNI 12345678Z",
	    "password:20-27 dni:34-43");
	pii_is("👨‍👩‍👧 NIE X1234567L", "nie:10-19");
}

/* The JSON names every kind and never holds a secret. */

static void
test_json(void **state)
{
	static const char *const texts[] = {
		"card 4111 1111 1111 1111 and IBAN ES9121000418450200051332",
		"DNI 12345678Z NIE X1234567L, cuenta 2100 0418 45 0200051332",
		"my password is hunter2 #hunter2 $hunter",
		"pwd: #Secret99 and password: https://evil.example.com/x1",
		"password: @ana"
	};
	static const char *const secrets[] = {
		"4111", "ES91", "12345678", "1234567", "0200051332", "hunter2",
		"Secret99", "evil", "ana"
	};
	char *s;
	size_t i, k;

	(void)state;
	for (i = 0; i < CS_NELEM(texts); i++) {
		scan(texts[i]);
		s = scan_json_text();
		for (k = 0; k < CS_NELEM(secrets); k++)
			if (strstr(s, secrets[k]) != NULL)
				fail_msg("'%s': '%s' in %s", texts[i],
				    secrets[k], s);
		free(s);
	}
	scan("my password is hunter2");
	s = scan_json_text();
	assert_string_equal(s, "{\"entities\":{\"order_ids\":[],"
	    "\"tracking\":[],\"urls\":[],\"mentions\":[],\"hashtags\":[],"
	    "\"cashtags\":[],\"emails\":[],\"phones\":[]},"
	    "\"pii\":[{\"type\":\"password\",\"span\":[15,22]}]}");
	free(s);
	assert_string_equal(pii_name(PII_CARD), "card");
	assert_string_equal(pii_name(PII_IBAN), "iban");
	assert_string_equal(pii_name(PII_EMAIL), "email");
	assert_string_equal(pii_name(PII_PHONE), "phone");
	assert_string_equal(pii_name(PII_DNI), "dni");
	assert_string_equal(pii_name(PII_NIE), "nie");
	assert_string_equal(pii_name(PII_PASSWORD), "password");
}

/* Redaction. */

static void
redact(const char *s, struct buf *out)
{
	buf_reset(out);
	scan(s);
	(void)pii_redact(&E, s, strlen(s), out);
}

static void
test_redact(void **state)
{
	static const struct tcase cases[] = {
		{ "card 4111 1111 1111 1111, exp 12/28",
		    "card [card], exp 12/28" },
		{ "IBAN ES91 2100 0418 4502 0005 1332 gracias",
		    "IBAN [iban] gracias" },
		{ "mail joe@example.com or call +34 612 345 678",
		    "mail [email] or call [phone]" },
		{ "DNI 12345678Z, NIE X1234567L", "DNI [dni], NIE [nie]" },
		{ "my password is hunter2.", "my password is [password]." },
		{ "la meva contrasenya és Gos_2023 😀",
		    "la meva contrasenya és [password] 😀" },
		{ "nothing here", "nothing here" },
		{ "", "" },
	};
	struct buf a, b;
	char first[512], again[512];
	size_t i;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	for (i = 0; i < CS_NELEM(cases); i++) {
		redact(cases[i].text, &a);
		case_is(cases[i].text, a.s != NULL ? a.s : "", cases[i].want);
		/*
		 * The redacted text has the same pii, over the tags, and
		 * redacts to itself.
		 */
		scan(cases[i].want);
		pii(first, sizeof(first));
		redact(cases[i].want, &b);
		assert_string_equal(b.s != NULL ? b.s : "", cases[i].want);
		pii(again, sizeof(again));
		assert_string_equal(first, again);
	}
	redact("DNI 12345678Z", &a);
	scan(a.s);
	pii(first, sizeof(first));
	assert_string_equal(first, "dni:4-9");
	/* Tags in the text count; tags the tokeniser never sees. */
	scan("[card] [iban] [email] [phone] [dni] [nie] [password] [other]");
	pii(first, sizeof(first));
	assert_string_equal(first, "card:0-6 iban:7-13 email:14-21 "
	    "phone:22-29 dni:30-35 nie:36-41 password:42-52");
	assert_int_equal(E.nskip, 7);
	/* Tags stay as they are and do not count. */
	buf_reset(&a);
	assert_int_equal(pii_redact(&E, "[card] [iban] [email] [phone] "
	    "[dni] [nie] [password] [other]", 60, &a), 0);
	assert_int_equal(pii_redact(&E, "x", 1, &a), 0);
	buf_release(&a);
	buf_release(&b);
}

/* pii_scan alone, as other tools may call it. */

static void
test_scan_alone(void **state)
{
	struct classify_entities e;
	const char *s = "@ana call +34 612 345 678, card 4111111111111111, "
	    "DNI 12345678Z";

	(void)state;
	classify_entity_init(&e);
	pii_scan(&e, s, strlen(s));
	assert_int_equal(e.npii, 2);
	assert_int_equal(e.pii[0].kind, PII_CARD);
	assert_int_equal(e.pii[1].kind, PII_DNI);
	pii_report(&e, PII_EMAIL, 1, 2);
	assert_int_equal(e.npii, 3);
	/* Passwords need the tokens. */
	e.npii = 0;
	s = "pwd: hunter2";
	text_scan(&T, s);
	pii_passwords(&e, &T);
	assert_int_equal(e.npii, 1);
	assert_int_equal(e.pii[0].kind, PII_PASSWORD);
	assert_int_equal(e.pii[0].start, 5);
	assert_int_equal(e.pii[0].end, 12);
	classify_entity_release(&e);
	classify_entity_release(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_luhn),
		cmocka_unit_test(test_cards),
		cmocka_unit_test(test_iban),
		cmocka_unit_test(test_ccc),
		cmocka_unit_test(test_dni_nie),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_emails_phones),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_scan_alone),
	};

	return cmocka_run_group_tests(tests, scan_setup, scan_teardown);
}
