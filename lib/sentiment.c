/*
 * sentiment: VADER-style scoring (Hutto and Gilbert, 2014) over the
 * tokens of a message, with a lexicon per language.
 *
 * A word's valence comes from its lexicon: the word itself, a phrase of
 * up to three words ("the bomb", "vale la pena"), its Snowball stem
 * (Spanish and Catalan, matched against the nlp.js SentiCon stems), a
 * "stem*" prefix, or the lexicon for every language ("xd", "lol").  A
 * word stretched for emphasis ("buenooo", "sooo goood") is looked up
 * with its letters squeezed, laughter ("jajaja", "jsjsjs", "hahaha") as
 * "jaja" or "haha", and a Spanish superlative or diminutive
 * ("buenísimo", "pobrecito") as its base word.
 *
 * For each word with a valence v:
 *  - ALL CAPS in a message that is not all caps adds 0.733 to |v|; a
 *    stretched word or a superlative adds 0.293;
 *  - a booster ("very", "muy", "molt") up to three words before adds its
 *    scalar (times 1, 0.95, 0.9 with distance), a dampener ("slightly",
 *    "poco") takes it away;
 *  - a negation ("not", "no", "nunca", "mai", "gens") up to three words
 *    before multiplies v by -0.74, once however many there are, since
 *    Spanish and Catalan stack them ("no és gens bo").  Clitics and
 *    auxiliaries ("no me lo ha dado") do not count as words there.
 * Punctuation (, . ; : ! ?) ends the reach of negations and boosters.
 * After the first contrast word ("but", "pero", "però") words count 1.5
 * times and before it 0.5 times; a concessive clause ("although",
 * "aunque", "tot i que", up to the next punctuation) counts half.  A
 * negation that is also a word with a valence (English "no") counts as
 * that word when no word with a valence follows it.  Emoji and
 * emoticons count as they are.  A negative valence counts 1.6 times
 * (negative words say more, as in SO-CAL; tuned on tweets).  '!' (up to
 * 4) adds 0.292 each and '?' (2 or more) up to 0.96, in the direction of
 * the sum x, and the score is x / sqrt(x * x + 15).  The label is
 * neutral for scores between -0.3 and 0.3: VADER's -0.05..0.05 makes
 * most tweets that merely mention a good or bad word positive or
 * negative.  Without a lexicon for the language (a short message whose
 * language is "und"), English is used, or else the first other lexicon
 * that finds something.
 */
#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "classify.h"
#include "util.h"

#define SENT_MAXLEX	16
#define SENT_WINDOW	3
#define SENT_MAXWORDS	3	/* words in a multi-word entry */
#define SENT_MAXKEY	32	/* bytes in a key */
#define STEM_MAX	64	/* the longest word stemmed, in bytes */

#define B_INCR		0.293	/* a booster, a stretched word */
#define B_CAPS		0.733
#define N_SCALAR	-0.74
#define BUT_BEFORE	0.5
#define BUT_AFTER	1.5
#define CONCESSIVE	0.5
#define ALPHA		15.0
#define EP_AMP		0.292	/* per '!' */
#define NEG_WEIGHT	1.6	/* negative valences count more */
#define LABEL_AT	0.3	/* from |score| 0.3: not neutral */


/* Filters that spare most words a look-up. */
#define FIRST2(w)	((unsigned)(unsigned char)(w)[0] << 8 | \
			    (unsigned char)(w)[1])
#define BIT_SET(a, i)	((a)[(i) >> 3] |= (uint8_t)(1 << ((i) & 7)))
#define BIT_ISSET(a, i)	((a)[(i) >> 3] & (1 << ((i) & 7)))
#define MULTI_BIT(h)	((h) & 1023)
#define PAIR_BIT(h1, h2) (((h1) ^ (h2) * 0x9e3779b1u) >> 19)	/* 13 bits */
/* The first n bytes (2, 3 or 4) of w as a bit number. */
#define HEAD(w, n)	((classify_hash((w), (n)) ^ (n)) & 0xffff)

#define SE_VALENCE	(1 << 0)
#define SE_NEGATION	(1 << 1)
#define SE_BOOSTER	(1 << 2)
#define SE_CONTRAST	(1 << 3)
#define SE_CONCESSIVE	(1 << 4)
#define SE_SKIP		(1 << 5)	/* not a word for the window */
#define SE_MODIFIER	(SE_NEGATION | SE_BOOSTER | SE_CONTRAST | \
			    SE_CONCESSIVE | SE_SKIP)

enum stemmer {
	STEM_NONE,
	STEM_ES,
	STEM_CA
};

struct sent_entry {
	float	valence;
	float	boost;
	uint8_t	flags;
	uint8_t	nwords;
};

struct sent_lex {
	char			 lang[8];
	enum stemmer		 stemmer;
	struct classify_map	 words;		/* word or "w1 w2" */
	struct classify_map	 stems;		/* stem of stem* */
	struct classify_map	 snow;		/* Snowball stem of ~stem */
	uint8_t			 snowh[8192];	/* HEAD of Snowball stems */
	uint8_t			 snowlen;	/* bit n: a stem of n bytes */
	uint32_t		 stemlens;	/* bit n: a stem of n bytes */
	uint8_t			 stem2[8192];	/* first two bytes of stems */
	uint8_t			 multi[128];	/* first words of "a b" */
	uint8_t			 pair[1024];	/* first two words of them */
	int			 maxwords;
	struct sent_entry	*ent;
	size_t			 nent, capent;
};

struct sentiment {
	struct sent_lex	lex[SENT_MAXLEX];
	size_t		nlex;
};

/* One word kept for the look-back window. */
struct sent_item {
	const struct sent_entry	*e;
	int			 caps;
};

/* What a look-up found. */
struct sent_hit {
	const struct sent_entry	*e;
	size_t			 used;		/* tokens covered */
	int			 emphasis;	/* stretched, superlative */
};

/*
 * Snowball stemmers for Spanish and Catalan, as nlp.js runs them
 * (@nlpjs/lang-es and @nlpjs/lang-ca, MIT licence, generated from the
 * Snowball algorithms, BSD licence): the SentiCon lexicons list the
 * stems they give, so a word matches when its stem does.  nlp.js's
 * Spanish stemmer differs from Snowball's in places (the "-rme" endings,
 * R2 for "-ación", the fix-ups at the end); those are kept.  Spanish
 * works on words without accents, Catalan on words with them, as nlp.js
 * fed each.
 *
 * Where nlp.js looks a suffix up with Snowball's find_among_b, its
 * tables (struct among_s) are kept in nlp.js's order, which is not
 * always the sorted order that binary search wants, and searched as it
 * does, so that words stem alike.  The other tables (struct among) find
 * the longest suffix: they are sorted by their entries' last byte, then
 * the byte before (0 for a one-byte suffix), then longest first, so a
 * binary search and a short scan find it.
 */
struct among {
	const char	*s;
	uint8_t		 len;
	int8_t		 res;
};

struct among_s {
	const char	*s;
	int8_t		 len;
	int8_t		 sub;		/* the entry it ends with, or -1 */
	int8_t		 res;
};

#define A(s, r)		{ s, sizeof(s) - 1, r }
#define S(s, sub, r)	{ s, sizeof(s) - 1, sub, r }
#define AMONG(t)	(t), CS_NELEM(t)

/* Suffix tables from nlp.js's stemmer-es.js and stemmer-ca.js. */
static const struct among_s es_a_2[] = {
	S("ando", -1, 6), S("iendo", -1, 6), S("yendo", -1, 7),
	S("ar", -1, 6), S("er", -1, 6), S("ir", -1, 6),
};
static const struct among_s es_a_3[] = {
	S("ic", -1, -1), S("ad", -1, -1), S("os", -1, -1), S("iv", -1, 1),
};
static const struct among_s es_a_4[] = {
	S("able", -1, 1), S("ible", -1, 1), S("ante", -1, 1),
};
static const struct among_s es_a_5[] = {
	S("ic", -1, 1), S("abil", -1, 1), S("iv", -1, 1),
};
static const struct among_s es_a_6[] = {
	S("ica", -1, 1), S("ancia", -1, 2), S("encia", -1, 5),
	S("adora", -1, 2), S("osa", -1, 1), S("ista", -1, 1),
	S("iva", -1, 9), S("anza", -1, 1), S("logia", -1, 3),
	S("idad", -1, 8), S("able", -1, 1), S("ible", -1, 1),
	S("ante", -1, 2), S("mente", -1, 7), S("amente", 13, 6),
	S("acion", -1, 2), S("ucion", -1, 4), S("ico", -1, 1),
	S("ismo", -1, 1), S("oso", -1, 1), S("amiento", -1, 1),
	S("imiento", -1, 1), S("ivo", -1, 9), S("ador", -1, 2),
	S("icas", -1, 1), S("ancias", -1, 2), S("encias", -1, 5),
	S("adoras", -1, 2), S("osas", -1, 1), S("istas", -1, 1),
	S("ivas", -1, 9), S("anzas", -1, 1), S("logias", -1, 3),
	S("idades", -1, 8), S("ables", -1, 1), S("ibles", -1, 1),
	S("aciones", -1, 2), S("uciones", -1, 4), S("adores", -1, 2),
	S("antes", -1, 2), S("icos", -1, 1), S("ismos", -1, 1),
	S("osos", -1, 1), S("amientos", -1, 1), S("imientos", -1, 1),
	S("ivos", -1, 9),
};
static const struct among_s es_a_7[] = {
	S("ya", -1, 1), S("ye", -1, 1), S("yan", -1, 1), S("yen", -1, 1),
	S("yeron", -1, 1), S("yendo", -1, 1), S("yo", -1, 1),
	S("yas", -1, 1), S("yes", -1, 1), S("yais", -1, 1),
	S("yamos", -1, 1),
};
static const struct among_s es_a_9[] = {
	S("a", -1, 1), S("e", -1, 2), S("o", -1, 1), S("os", -1, 1),
	S("i", -1, 1),
};
static const struct among es_a_1[] = {
	A("sela", -1), A("la", -1), A("le", -1), A("me", -1), A("se", -1),
	A("selo", -1), A("lo", -1), A("selas", -1), A("las", -1),
	A("les", -1), A("selos", -1), A("los", -1), A("nos", -1),
};
static const struct among es_a_8[] = {
	A("aba", 2), A("ada", 2), A("ida", 2), A("ea", 2), A("aria", 2),
	A("eria", 2), A("iria", 2), A("ia", 2), A("iera", 2), A("ara", 2),
	A("era", 2), A("ira", 2), A("ad", 2), A("ed", 2), A("id", 2),
	A("ee", 2), A("iere", 2), A("are", 2), A("ere", 2), A("ire", 2),
	A("iese", 2), A("ase", 2), A("aste", 2), A("iste", 2), A("ieran", 2),
	A("arian", 2), A("erian", 2), A("irian", 2), A("aban", 2),
	A("aran", 2), A("eran", 2), A("iran", 2), A("ian", 2), A("an", 2),
	A("iesen", 2), A("ieren", 2), A("asen", 2), A("aren", 2),
	A("eren", 2), A("esen", 2), A("en", 1), A("ieron", 2), A("aron", 2),
	A("iendo", 2), A("ando", 2), A("ado", 2), A("ido", 2), A("eo", 2),
	A("io", 2), A("ar", 2), A("er", 2), A("ir", 2), A("s", 2),
	A("ieras", 2), A("arias", 2), A("erias", 2), A("irias", 2),
	A("abas", 2), A("adas", 2), A("idas", 2), A("aras", 2), A("eras", 2),
	A("iras", 2), A("ias", 2), A("as", 2), A("ieses", 2), A("ieres", 2),
	A("ases", 2), A("ares", 2), A("es", 1), A("ierais", 2),
	A("ariais", 2), A("eriais", 2), A("iriais", 2), A("iereis", 2),
	A("ieseis", 2), A("asteis", 2), A("isteis", 2), A("abais", 2),
	A("arais", 2), A("aseis", 2), A("areis", 2), A("ereis", 2),
	A("ireis", 2), A("iais", 2), A("ais", 2), A("eis", 1), A("is", 2),
	A("ieremos", 2), A("ieramos", 2), A("ariamos", 2), A("eriamos", 2),
	A("iriamos", 2), A("iesemos", 2), A("abamos", 2), A("aramos", 2),
	A("aremos", 2), A("eremos", 2), A("iremos", 2), A("asemos", 2),
	A("iamos", 2), A("ados", 2), A("idos", 2), A("amos", 2),
	A("emos", 1), A("imos", 2), A("ios", 2), A("os", 2),
};
static const struct among ca_a_1[] = {
	A("sela", 1), A("-la", 1), A("la", 1), A("le", 1), A("-me", 1),
	A("me", 1), A("se", 1), A("-te", 1), A("'hi", 1), A("hi", 1),
	A("-li", 1), A("li", 1), A("'l", 1), A("'m", 1), A("-m", 1),
	A("'n", 1), A("-n", 1), A("'ho", 1), A("ho", 1), A("selo", 1),
	A("lo", 1), A("'s", 1), A("selas", 1), A("las", 1), A("-les", 1),
	A("les", 1), A("'ls", 1), A("-ls", 1), A("'ns", 1), A("-ns", 1),
	A("ens", 1), A("selos", 1), A("-nos", 1), A("los", 1), A("nos", 1),
	A("vos", 1), A("-us", 1), A("us", 1), A("'t", 1),
};
static const struct among ca_a_2[] = {
	A("l\xc3\xb3gica", 3), A("enca", 1), A("ica", 4), A("ada", 2),
	A("at\xc3\xb2ria", 1), A("\xc3\xa8ncia", 1), A("\xc3\xadinia", 1),
	A("ancia", 1), A("encia", 1), A("\xc3\xad" "cia", 1), A("logia", 3),
	A("\xc3\xa0ria", 1), A("inia", 1), A("eria", 1),
	A("\xc3\xadvola", 1), A("alla", 1), A("ella", 1),
	A("qu\xc3\xadssima", 5), A("\xc3\xadssima", 1), A("ima", 1),
	A("ana", 1), A("ina", 1), A("sfera", 1), A("adora", 1),
	A("adura", 1), A("dora", 1), A("era", 1), A("ora", 1), A("assa", 1),
	A("essa", 1), A("issa", 1), A("esa", 1), A("osa", 1),
	A("ialista", 1), A("ionista", 1), A("ista", 1), A("eta", 1),
	A("ita", 1), A("ota", 1), A("ativa", 1), A("iva", 1),
	A("n\xc3\xa7" "a", 1), A("log\xc3\xad" "a", 3), A("\xc3\xadstic", 1),
	A("ic", 4), A("enc", 1), A("esc", 1), A("ud", 1), A("atge", 1),
	A("able", 1), A("ible", 1), A("ble", 1), A("ialisme", 1),
	A("ionisme", 1), A("ivisme", 1), A("isme", 1), A("aire", 1),
	A("icte", 1), A("iste", 1), A("\xc3\xad" "ci", 1), A("ici", 1),
	A("logi", 3), A("tori", 1), A("ari", 1), A("al", 1), A("il", 1),
	A("all", 1), A("ell", 1), A("\xc3\xadvol", 1), A("isam", 1),
	A("\xc3\xacssem", 1), A("\xc3\xadssem", 1), A("issem", 1),
	A("qu\xc3\xadssim", 5), A("\xc3\xadssim", 1), A("amen", 1),
	A("\xc3\xacssin", 1), A("ificar", 1), A("itzar", 1), A("egar", 1),
	A("ejar", 1), A("itar", 1), A("ar", 1), A("fer", 1), A("dor", 1),
	A("or", 1), A("dur", 1), A("doras", 1), A("l\xc3\xb3gics", 3),
	A("ics", 4), A("uds", 1), A("qu\xc3\xadssimes", 5),
	A("alleng\xc3\xbc" "es", 1), A("l\xc3\xb3giques", 3),
	A("at\xc3\xb2ries", 1), A("\xc3\xadssimes", 1), A("ialismes", 1),
	A("ialistes", 1), A("ionistes", 1), A("\xc3\xa8ncies", 1),
	A("log\xc3\xad" "es", 3), A("ancies", 1), A("encies", 1),
	A("\xc3\xad" "cies", 1), A("logies", 3), A("\xc3\xadnies", 1),
	A("\xc3\xa0ries", 1), A("formes", 1), A("idores", 1), A("atives", 1),
	A("inies", 1), A("eries", 1), A("ables", 1), A("ibles", 1),
	A("ismes", 1), A("dores", 1), A("dures", 1), A("asses", 1),
	A("ictes", 1), A("istes", 1), A("iques", 4), A("nces", 1),
	A("ades", 2), A("bles", 1), A("imes", 1), A("ines", 1), A("eres", 1),
	A("ores", 1), A("eses", 1), A("oses", 1), A("ites", 1), A("otes", 1),
	A("ives", 1), A("\xc3\xad" "cis", 1), A("logis", 3), A("toris", 1),
	A("icis", 1), A("aris", 1), A("ells", 1), A("als", 1), A("ls", 1),
	A("qu\xc3\xadssims", 5), A("\xc3\xadssims", 1), A("ims", 1),
	A("acions", 2), A("cions", 1), A("ions", 1), A("assos", 1),
	A("issos", 1), A("esos", 1), A("osos", 1), A("adors", 1),
	A("idors", 1), A("dors", 1), A("ers", 1), A("ors", 1),
	A("ativitats", 1), A("bilitats", 1), A("ivitats", 1),
	A("\xc3\xaftats", 1), A("aments", 1), A("itats", 1), A("ments", 1),
	A("ants", 1), A("ents", 1), A("ats", 1), A("ets", 1), A("ots", 1),
	A("uts", 1), A("trius", 1), A("atius", 1), A("ius", 1),
	A("\xc3\xa8s", 1), A("\xc3\xa9s", 1), A("d\xc3\xads", 1),
	A("\xc3\xads", 1), A("\xc3\xb3s", 1), A("ativitat", 1),
	A("bilitat", 1), A("ivitat", 1), A("\xc3\xaftat", 1), A("itat", 1),
	A("et", 1), A("isament", 1), A("ament", 1), A("ient", 1),
	A("ment", 1), A("ant", 1), A("ent", 1), A("ot", 1),
	A("\xc3\xacsseu", 1), A("\xc3\xadsseu", 1), A("isseu", 1),
	A("\xc3\xadssiu", 1), A("triu", 1), A("atiu", 1),
	A("aci\xc3\xb3", 1), A("ci\xc3\xb3", 1), A("i\xc3\xb3", 1),
	A("\xc3\xb3", 1),
};
static const struct among ca_a_3[] = {
	A("aba", 1), A("\xc3\xafsca", 1), A("esca", 1), A("isca", 1),
	A("\xc3\xaf" "da", 1), A("ada", 1), A("ida", 1), A("uda", 1),
	A("aria", 1), A("iria", 1), A("ia", 1), A("adora", 1), A("iera", 1),
	A("\xc3\xafra", 1), A("ara", 1), A("ira", 1), A("ava", 1),
	A("ixa", 1), A("itza", 1), A("ar\xc3\xad" "a", 1),
	A("er\xc3\xad" "a", 1), A("ir\xc3\xad" "a", 1), A("\xc3\xad" "a", 1),
	A("\xc3\xaf" "a", 1), A("\xc3\xafsc", 1), A("isc", 1), A("ad", 1),
	A("ed", 1), A("id", 1), A("ie", 1), A("dre", 1), A("re", 1),
	A("iese", 1), A("ase", 1), A("aste", 1), A("iste", 1), A("ii", 1),
	A("ini", 1), A("esqui", 1), A("eixi", 1), A("itzi", 1), A("am", 1),
	A("\xc3\xa0ssem", 1), A("\xc3\xa9ssem", 1), A("\xc3\xafguem", 1),
	A("ir\xc3\xac" "em", 1), A("ar\xc3\xad" "em", 1),
	A("ir\xc3\xad" "em", 1), A("\xc3\xa0rem", 1), A("\xc3\xadrem", 1),
	A("iguem", 1), A("\xc3\xa0vem", 1), A("\xc3\xa1vem", 1),
	A("arem", 1), A("irem", 1), A("avem", 1), A("\xc3\xad" "em", 1),
	A("em", 1), A("\xc3\xa0ssim", 1), A("\xc3\xa8ssim", 1),
	A("\xc3\xa9ssim", 1), A("\xc3\xadssim", 1), A("assim", 1),
	A("essim", 1), A("issim", 1), A("\xc3\xafm", 1),
	A("ar\xc3\xad" "an", 1), A("er\xc3\xad" "an", 1),
	A("ir\xc3\xad" "an", 1), A("arian", 1), A("ieran", 1), A("aban", 1),
	A("aran", 1), A("iran", 1), A("\xc3\xad" "an", 1), A("an", 1),
	A("\xc3\xafsquen", 1), A("\xc3\xa9ssen", 1), A("\xc3\xafssen", 1),
	A("esquen", 1), A("isquen", 1), A("arien", 1), A("irien", 1),
	A("\xc3\xa0ren", 1), A("\xc3\xafren", 1), A("iesen", 1),
	A("assen", 1), A("essen", 1), A("issen", 1), A("eixen", 1),
	A("\xc3\xafxen", 1), A("aren", 1), A("eren", 1), A("iren", 1),
	A("asen", 1), A("aven", 1), A("ixen", 1), A("\xc3\xaf" "en", 1),
	A("ien", 1), A("en", 1), A("\xc3\xafssin", 1), A("esquin", 1),
	A("assin", 1), A("essin", 1), A("issin", 1), A("eixin", 1),
	A("inin", 1), A("isin", 1), A("sin", 1), A("in", 1), A("ieron", 1),
	A("aron", 1), A("ar\xc3\xa1n", 1), A("er\xc3\xa1n", 1),
	A("ir\xc3\xa1n", 1), A("i\xc3\xafn", 1), A("iendo", 1), A("ando", 2),
	A("ado", 1), A("ido", 1), A("io", 1), A("eixo", 1),
	A("\xc3\xafxo", 1), A("ixo", 1), A("itzo", 1), A("tzar", 1),
	A("ar", 1), A("eixer", 1), A("er", 1), A("ir", 1), A("ador", 1),
	A("ar\xc3\xad" "as", 1), A("er\xc3\xad" "as", 1),
	A("ir\xc3\xad" "as", 1), A("ieras", 1), A("abas", 1), A("adas", 1),
	A("idas", 1), A("aras", 1), A("\xc3\xad" "as", 1), A("as", 1),
	A("ids", 1), A("\xc3\xafsques", 1), A("adores", 1),
	A("\xc3\xafsses", 1), A("esques", 1), A("\xc3\xaf" "des", 1),
	A("atges", 1), A("aries", 1), A("iries", 1), A("\xc3\xafres", 1),
	A("ieses", 1), A("asses", 1), A("esses", 1), A("isses", 1),
	A("eixes", 1), A("\xc3\xafxes", 1), A("ades", 1), A("ides", 1),
	A("udes", 1), A("ares", 1), A("ires", 1), A("ases", 1), A("ques", 1),
	A("aves", 1), A("ixes", 1), A("\xc3\xaf" "es", 1), A("ies", 1),
	A("es", 1), A("ar\xc3\xad" "ais", 1), A("er\xc3\xad" "ais", 1),
	A("ir\xc3\xad" "ais", 1), A("ierais", 1), A("ieseis", 1),
	A("asteis", 1), A("isteis", 1), A("\xc3\xafssis", 1), A("esquis", 1),
	A("ar\xc3\xa9is", 1), A("er\xc3\xa9is", 1), A("ir\xc3\xa9is", 1),
	A("abais", 1), A("arais", 1), A("\xc3\xad" "ais", 1), A("aseis", 1),
	A("assis", 1), A("essis", 1), A("issis", 1), A("eixis", 1),
	A("itzis", 1), A("inis", 1), A("isis", 1), A("\xc3\xa1is", 1),
	A("sis", 1), A("ams", 1), A("i\xc3\xa9ramos", 1),
	A("ar\xc3\xad" "amos", 1), A("er\xc3\xad" "amos", 1),
	A("ir\xc3\xad" "amos", 1), A("i\xc3\xa9semos", 1),
	A("\xc3\xa1" "bamos", 1), A("\xc3\xa1ramos", 1),
	A("\xc3\xa1semos", 1), A("\xc3\xad" "amos", 1), A("aremos", 1),
	A("eremos", 1), A("iremos", 1), A("ados", 1), A("idos", 1),
	A("amos", 1), A("imos", 1), A("adors", 1), A("erass", 1),
	A("ass", 1), A("ess", 1), A("ents", 1), A("ats", 1), A("its", 1),
	A("ar\xc3\xa0s", 1), A("ir\xc3\xa0s", 1), A("\xc3\xa0s", 1),
	A("ar\xc3\xa1s", 1), A("er\xc3\xa1s", 1), A("ir\xc3\xa1s", 1),
	A("ar\xc3\xa9s", 1), A("\xc3\xa9s", 1), A("\xc3\xads", 1),
	A("i\xc3\xafs", 1), A("at", 1), A("it", 1), A("ant", 1), A("ent", 1),
	A("int", 1), A("ut", 1), A("\xc3\xaft", 1), A("erau", 1), A("au", 1),
	A("eresseu", 1), A("\xc3\xa0sseu", 1), A("\xc3\xa9sseu", 1),
	A("\xc3\xafgueu", 1), A("ir\xc3\xac" "eu", 1),
	A("ar\xc3\xad" "eu", 1), A("ir\xc3\xad" "eu", 1),
	A("\xc3\xa0reu", 1), A("\xc3\xadreu", 1), A("asseu", 1),
	A("esseu", 1), A("igueu", 1), A("\xc3\xa0veu", 1),
	A("\xc3\xa1veu", 1), A("itzeu", 1), A("ineu", 1), A("areu", 1),
	A("ireu", 1), A("\xc3\xac" "eu", 1), A("\xc3\xad" "eu", 1),
	A("ieu", 1), A("\xc3\xa0ssiu", 1), A("\xc3\xa8ssiu", 1),
	A("\xc3\xa9ssiu", 1), A("\xc3\xadssiu", 1), A("assiu", 1),
	A("issiu", 1), A("\xc3\xafu", 1), A("eix", 1), A("ix", 1),
	A("\xc3\xafx", 1), A("itz", 1), A("itz\xc3\xa0", 1),
	A("ar\xc3\xa0", 1), A("ir\xc3\xa0", 1), A("i\xc3\xa0", 1),
	A("ar\xc3\xa1", 1), A("er\xc3\xa1", 1), A("ir\xc3\xa1", 1),
	A("ir\xc3\xa8", 1), A("ar\xc3\xa9", 1), A("er\xc3\xa9", 1),
	A("ir\xc3\xa9", 1), A("\xc3\xad", 1), A("i\xc3\xaf", 1),
	A("i\xc3\xb3", 1),
};
static const struct among ca_a_4[] = {
	A("a", 1), A("e", 1), A("i", 1), A("\xc3\xafn", 1), A("o", 1),
	A("ir", 1), A("s", 1), A("is", 1), A("os", 1), A("\xc3\xafs", 1),
	A("it", 1), A("eu", 1), A("iu", 1), A("iqu", 2), A("itz", 1),
	A("\xc3\xa0", 1), A("\xc3\xa1", 1), A("\xc3\xa9", 1),
	A("\xc3\xac", 1), A("\xc3\xad", 1), A("\xc3\xaf", 1),
	A("\xc3\xb3", 1),
};

static unsigned
among_key(const struct among *a)
{
	return (unsigned)(unsigned char)a->s[a->len - 1] << 8 |
	    (a->len > 1 ? (unsigned char)a->s[a->len - 2] : 0);
}

/*
 * The result of the longest entry of tab that ends w at end and starts
 * at lim or after, with its start in *start; 0 if none does.
 */
static int
among_b(const struct among *tab, size_t n, const char *w, int end, int lim,
    int *start)
{
	unsigned key;
	size_t lo, hi, mid;
	int pass;

	if (end - lim < 1)
		return 0;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			if (end - lim < 2)
				continue;
			key = (unsigned)(unsigned char)w[end - 1] << 8 |
			    (unsigned char)w[end - 2];
		} else
			key = (unsigned)(unsigned char)w[end - 1] << 8;
		lo = 0;
		hi = n;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (among_key(&tab[mid]) < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && among_key(&tab[lo]) == key; lo++) {
			const struct among *a = &tab[lo];

			if (a->len <= end - lim &&
			    memcmp(w + end - a->len, a->s, a->len) == 0) {
				*start = end - a->len;
				return a->res;
			}
		}
	}
	return 0;
}

/*
 * Snowball's find_among_b over the table v of n entries, as nlp.js has
 * it: the result of the entry found before end (no further back than
 * lim), with its start in *start; 0 if none.
 */
static int
find_among_b(const struct among_s *v, int n, const char *w, int end,
    int lim, int *start)
{
	const struct among_s *a;
	int i = 0, j = n, common_i = 0, common_j = 0, first = 0;

	for (;;) {
		int k = i + ((j - i) >> 1), diff = 0, i2;
		int common = common_i < common_j ? common_i : common_j;

		a = &v[k];
		for (i2 = a->len - 1 - common; i2 >= 0; i2--) {
			if (end - common == lim) {
				diff = -1;
				break;
			}
			diff = (unsigned char)w[end - 1 - common] -
			    (unsigned char)a->s[i2];
			if (diff != 0)
				break;
			common++;
		}
		if (diff < 0) {
			j = k;
			common_j = common;
		} else {
			i = k;
			common_i = common;
		}
		if (j - i <= 1) {
			if (i > 0 || j == i || first)
				break;
			first = 1;
		}
	}
	for (;;) {
		a = &v[i];
		if (common_i >= a->len) {
			*start = end - a->len;
			return a->res;
		}
		if ((i = a->sub) < 0)
			return 0;
	}
}

#define FIND(t)		(t), (int)CS_NELEM(t)

struct stemw {
	char	w[STEM_MAX + 8];	/* room to replace a suffix */
	int	n;
	int	pv, p1, p2;
};

static int
es_vowel(int c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Replace w[start..n) with s. */
static void
stem_put(struct stemw *s, int start, const char *r)
{
	size_t len = strlen(r);

	memcpy(s->w + start, r, len);
	s->n = start + (int)len;
}

/* The positions after the first non-vowel after a vowel, from i. */
static int
past_vc(const char *w, int n, int i, int (*vowel)(const char *, int, int *))
{
	int step;

	for (; i < n; i += step)
		if (vowel(w, i, &step)) {
			i += step;
			break;
		}
	if (i >= n)
		return n;
	for (; i < n; i += step)
		if (!vowel(w, i, &step))
			return i + step;
	return n;
}

static int
es_vowel_at(const char *w, int i, int *step)
{
	*step = 1;
	return es_vowel((unsigned char)w[i]);
}

static void
es_regions(struct stemw *s)
{
	const char *w = s->w;
	int n = s->n, i;

	s->pv = n;
	if (n >= 2) {
		if (es_vowel(w[0]) && !es_vowel(w[1])) {
			/* A vowel, a consonant: past the next vowel. */
			for (i = 2; i < n && !es_vowel(w[i]); i++)
				continue;
			if (i < n)
				s->pv = i + 1;
		} else if (es_vowel(w[0])) {
			/* Two vowels: past the next consonant. */
			for (i = 2; i < n && es_vowel(w[i]); i++)
				continue;
			if (i < n)
				s->pv = i + 1;
		} else if (!es_vowel(w[1])) {
			for (i = 2; i < n && !es_vowel(w[i]); i++)
				continue;
			if (i < n)
				s->pv = i + 1;
		} else if (n >= 3)
			s->pv = 3;
	}
	s->p1 = past_vc(w, n, 0, es_vowel_at);
	s->p2 = past_vc(w, n, s->p1, es_vowel_at);
}

static int
ends_n(const struct stemw *s, const char *suf, size_t len)
{
	return (size_t)s->n >= len &&
	    memcmp(s->w + s->n - len, suf, len) == 0;
}

#define ends(s, suf)	ends_n((s), (suf), sizeof(suf) - 1)

static int
es_standard_suffix(struct stemw *s)
{
	int r, start, st2;

	if ((r = find_among_b(FIND(es_a_6), s->w, s->n, 0, &start)) == 0)
		return 0;
	switch (r) {
	case 1:
		if (start < s->p2)
			return 0;
		s->n = start;
		break;
	case 2:
		/* nlp.js: the second half of the word, not R2. */
		if (2 * start < s->n)
			return 0;
		s->n = start;
		if (ends(s, "ic") && s->n - 2 >= s->p2)
			s->n -= 2;
		break;
	case 3:
		if (start < s->p2)
			return 0;
		stem_put(s, start, "log");
		break;
	case 4:
		if (start < s->p2)
			return 0;
		stem_put(s, start, "u");
		break;
	case 5:
		if (start < s->p2)
			return 0;
		stem_put(s, start, "ente");
		break;
	case 6:
		if (start < s->p1)
			return 0;
		s->n = start;
		r = find_among_b(FIND(es_a_3), s->w, s->n, 0, &st2);
		if (r != 0 && st2 >= s->p2) {
			s->n = st2;
			if (r == 1 && ends(s, "at") && s->n - 2 >= s->p2)
				s->n -= 2;
		}
		break;
	case 7:
	case 8:
		if (start < s->p2)
			return 0;
		s->n = start;
		if (r == 7)
			r = find_among_b(FIND(es_a_4), s->w, s->n, 0, &st2);
		else
			r = find_among_b(FIND(es_a_5), s->w, s->n, 0, &st2);
		if (r != 0 && st2 >= s->p2)
			s->n = st2;
		break;
	case 9:
		if (start < s->p2)
			return 0;
		s->n = start;
		if (ends(s, "at") && s->n - 2 >= s->p2)
			s->n -= 2;
		break;
	default:
		return 0;
	}
	return 1;
}

static int
es_y_verb_suffix(struct stemw *s)
{
	int start;

	if (find_among_b(FIND(es_a_7), s->w, s->n, s->pv, &start) == 0 ||
	    start == 0 || s->w[start - 1] != 'u')
		return 0;
	s->n = start;
	return 1;
}

static int
es_verb_suffix(struct stemw *s)
{
	int r, start;

	if ((r = among_b(AMONG(es_a_8), s->w, s->n, s->pv, &start)) == 0)
		return 0;
	/* "-guen": the u goes too. */
	if (r == 1 && start >= 2 && s->w[start - 1] == 'u' &&
	    s->w[start - 2] == 'g')
		start--;
	s->n = start;
	return 1;
}

static void
es_stem(struct stemw *s)
{
	int olen = s->n, r, start, vs;

	if (ends(s, "rme") || ends(s, "rte") || ends(s, "rse"))
		s->n -= 2;
	else if (ends(s, "rnos"))
		s->n -= 3;
	es_regions(s);
	/* Attached pronouns: "dándole", "comprarlo". */
	if (among_b(AMONG(es_a_1), s->w, s->n, 0, &start) != 0 &&
	    (r = find_among_b(FIND(es_a_2), s->w, start, 0, &vs)) != 0 &&
	    vs >= s->pv &&
	    (r == 6 || (r == 7 && vs > 0 && s->w[vs - 1] == 'u')))
		s->n = start;
	if (!es_standard_suffix(s) && !es_y_verb_suffix(s))
		(void)es_verb_suffix(s);
	r = find_among_b(FIND(es_a_9), s->w, s->n, 0, &start);
	if (r != 0 && start >= s->pv) {
		s->n = start;
		if (r == 2 && ends(s, "gu") && s->n - 1 >= s->pv)
			s->n--;
	}
	/* nlp.js's fix-ups. */
	if (s->n > 4) {
		if (s->n == olen) {
			if (ends(s, "s") || ends(s, "i"))
				s->n--;
		} else if (ends(s, "zc") || ends(s, "qu")) {
			s->n -= 2;
			s->w[s->n++] = 'c';
		} else if (ends(s, "z"))
			s->w[s->n - 1] = 'c';
		else if (ends(s, "i"))
			s->n--;
	} else if (ends(s, "z"))
		s->w[s->n - 1] = 'c';
}

/* Catalan vowels, accented ones included (two bytes in UTF-8). */
static int
ca_vowel_at(const char *w, int i, int *step)
{
	unsigned char c = (unsigned char)w[i];

	*step = 1;
	if (c < 0x80)
		return es_vowel(c);
	if (c == 0xc3 && w[i + 1] != '\0') {
		*step = 2;
		switch ((unsigned char)w[i + 1]) {
		case 0xa0: case 0xa1: case 0xa8: case 0xa9: case 0xad:
		case 0xaf: case 0xb2: case 0xb3: case 0xba: case 0xbc:
			return 1;
		default:
			return 0;
		}
	}
	/* Skip the rest of another character. */
	while ((unsigned char)w[i + *step] >= 0x80 &&
	    ((unsigned char)w[i + *step] & 0xc0) == 0x80)
		(*step)++;
	return 0;
}

static void
ca_stem(struct stemw *s)
{
	int r, start, i, j;

	s->p1 = past_vc(s->w, s->n, 0, ca_vowel_at);
	s->p2 = past_vc(s->w, s->n, s->p1, ca_vowel_at);
	if (among_b(AMONG(ca_a_1), s->w, s->n, 0, &start) != 0 &&
	    start >= s->p1)
		s->n = start;
	r = among_b(AMONG(ca_a_2), s->w, s->n, 0, &start);
	switch (r) {
	case 1:
	case 5:
		if (start < s->p1)
			r = 0;
		break;
	case 2:
	case 3:
	case 4:
		if (start < s->p2)
			r = 0;
		break;
	default:
		r = 0;
		break;
	}
	if (r == 1 || r == 2)
		s->n = start;
	else if (r == 3)
		stem_put(s, start, "log");
	else if (r == 4)
		stem_put(s, start, "ic");
	else if (r == 5)
		stem_put(s, start, "c");
	else {
		r = among_b(AMONG(ca_a_3), s->w, s->n, 0, &start);
		if ((r == 1 && start >= s->p1) || (r == 2 && start >= s->p2))
			s->n = start;
	}
	r = among_b(AMONG(ca_a_4), s->w, s->n, 0, &start);
	if (r == 1 && start >= s->p1)
		s->n = start;
	else if (r == 2 && start >= s->p1)
		stem_put(s, start, "ic");
	/* Accents off, as the lexicon's keys and the folded tokens. */
	for (i = j = 0; i < s->n; i++) {
		unsigned char c = (unsigned char)s->w[i];

		if (c == 0xc3 && i + 1 < s->n) {
			static const char map[] =
			    /* 0x80 */ "AAAAAAACEEEEIIII"
			    /* 0x90 */ "DNOOOOOxOUUUUYTs"
			    /* 0xa0 */ "aaaaaaaceeeeiiii"
			    /* 0xb0 */ "dnooooo/ouuuuyty";
			unsigned char d = (unsigned char)s->w[i + 1];

			if (d >= 0x80 && d <= 0xbf) {
				s->w[j++] = map[d - 0x80];
				i++;
				continue;
			}
		}
		s->w[j++] = (char)c;
	}
	s->n = j;
}

/* Start stemming word (len bytes, at most STEM_MAX). */
static void
stem_init(struct stemw *s, const char *word, size_t len)
{
	memcpy(s->w, word, len);
	s->w[len] = '\0';
	s->n = (int)len;
	s->pv = s->p1 = s->p2 = s->n;
}

size_t
sentiment_stem(const char *lang, const char *word, size_t len, char *out,
    size_t size)
{
	struct stemw s;

	if (len > STEM_MAX || size == 0)
		return 0;
	stem_init(&s, word, len);
	if (strcmp(lang, "es") == 0)
		es_stem(&s);
	else if (strcmp(lang, "ca") == 0)
		ca_stem(&s);
	else
		return 0;
	if ((size_t)s.n >= size)
		return 0;
	memcpy(out, s.w, (size_t)s.n);
	out[s.n] = '\0';
	return (size_t)s.n;
}

struct sentiment *
sentiment_new(void)
{
	return xcalloc(1, sizeof(struct sentiment));
}

void
sentiment_free(struct sentiment *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlex; i++) {
		classify_map_release(&s->lex[i].words);
		classify_map_release(&s->lex[i].stems);
		classify_map_release(&s->lex[i].snow);
		free(s->lex[i].ent);
	}
	free(s);
}

static struct sent_lex *
lex_find(const struct sentiment *s, const char *lang)
{
	size_t i;

	for (i = 0; i < s->nlex; i++)
		if (strcmp(s->lex[i].lang, lang) == 0)
			return (struct sent_lex *)&s->lex[i];
	return NULL;
}

static struct sent_entry *
lex_entry(struct sent_lex *x, struct classify_map *m, const char *key,
    size_t len)
{
	uint32_t *v = classify_map_put(m, key, len);

	if (*v == CLASSIFY_MAP_NONE) {
		if (x->nent == x->capent) {
			x->capent = x->capent ? x->capent * 2 : 256;
			x->ent = xreallocarray(x->ent, x->capent,
			    sizeof(*x->ent));
		}
		memset(&x->ent[x->nent], 0, sizeof(x->ent[0]));
		*v = (uint32_t)x->nent++;
	}
	return &x->ent[*v];
}

/* Fold a key and squeeze its blanks; returns the number of words. */
static int
fold_key(const char *s, size_t len, struct buf *b)
{
	size_t i, j;
	int words = 0, inword = 0;

	buf_reset(b);
	classify_text_fold(s, len, b);
	/* "excel·lent" folds to "excel·lent": drop the middle dot. */
	for (i = j = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];

		if (c == 0xc2 && i + 1 < b->len &&
		    (unsigned char)b->s[i + 1] == 0xb7) {
			i++;
			continue;
		}
		if (c == ' ' || c == '\t') {
			inword = 0;
			continue;
		}
		if (!inword) {
			if (words > 0)
				b->s[j++] = ' ';
			words++;
			inword = 1;
		}
		b->s[j++] = (char)c;
	}
	b->len = j;
	b->s[j] = '\0';
	return words;
}

static const struct {
	const char	*name;
	uint8_t		 flag;
	uint8_t		 nf;		/* fields */
} directives[] = {
	{ "!negation", SE_NEGATION, 2 },
	{ "!booster", SE_BOOSTER, 3 },
	{ "!contrast", SE_CONTRAST, 2 },
	{ "!concessive", SE_CONCESSIVE, 2 },
	{ "!skip", SE_SKIP, 2 }
};

int
sentiment_load(struct sentiment *s, const char *lang, const char *text,
    size_t len, const char *name, struct cs_error *err)
{
	struct sent_lex *x;
	const char *p = text, *end = text + len, *nl;
	struct buf key;
	size_t lineno = 0;
	int rc = -1;

	if ((x = lex_find(s, lang)) == NULL) {
		if (s->nlex == SENT_MAXLEX || strlen(lang) >= sizeof(x->lang)) {
			cs_seterr(err, "%s: too many lexicons", name);
			return -1;
		}
		x = &s->lex[s->nlex++];
		strlcpy(x->lang, lang, sizeof(x->lang));
		x->stemmer = strcmp(lang, "es") == 0 ? STEM_ES :
		    strcmp(lang, "ca") == 0 ? STEM_CA : STEM_NONE;
		classify_map_init(&x->words);
		classify_map_init(&x->stems);
		classify_map_init(&x->snow);
	}
	buf_init(&key);
	for (; p < end; p = nl + 1) {
		const char *f[3], *q;
		size_t flen[3], nf = 0, d, n;
		struct sent_entry *e;
		double v = 0;
		char *ep;
		int words, flag = 0, stem = 0;

		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (p == nl || *p == '#' || (nl - p == 1 && *p == '\r'))
			continue;
		for (q = p; nf < 3; q++) {
			const char *t = memchr(q, '\t', (size_t)(nl - q));

			if (t == NULL)
				t = nl;
			f[nf] = q;
			flen[nf++] = (size_t)(t - q);
			q = t;
			if (t == nl)
				break;
		}
		if (flen[nf - 1] > 0 && f[nf - 1][flen[nf - 1] - 1] == '\r')
			flen[nf - 1]--;
		if (*p == '!') {
			for (d = 0; d < CS_NELEM(directives); d++)
				if (flen[0] == strlen(directives[d].name) &&
				    memcmp(p, directives[d].name, flen[0]) == 0)
					break;
			if (d == CS_NELEM(directives)) {
				cs_seterr(err, "%s:%zu: unknown directive "
				    "'%.*s'", name, lineno, (int)flen[0], p);
				goto out;
			}
			if (nf != directives[d].nf)
				goto bad;
			flag = directives[d].flag;
			if (flag == SE_BOOSTER) {
				v = strtod(f[2], &ep);
				if (ep != f[2] + flen[2] || flen[2] == 0 ||
				    fabs(v) > 4)
					goto badnum;
			}
			words = fold_key(f[1], flen[1], &key);
		} else {
			if (nf != 2)
				goto bad;
			v = strtod(f[1], &ep);
			if (ep != f[1] + flen[1] || flen[1] == 0 || fabs(v) > 4)
				goto badnum;
			if (*p == '~' && flen[0] > 1) {
				/* "~stem": a Snowball stem. */
				if (x->stemmer == STEM_NONE) {
					cs_seterr(err, "%s:%zu: no stemmer for "
					    "'%s'", name, lineno, lang);
					goto out;
				}
				stem = 2;
				p++;
				flen[0]--;
			} else if (flen[0] > 1 && p[flen[0] - 1] == '*' &&
			    (isalnum((unsigned char)p[flen[0] - 2]) ||
			    (unsigned char)p[flen[0] - 2] >= 0x80)) {
				/* "stem*", but ":*" is an emoticon. */
				stem = 1;
				flen[0]--;
			}
			words = fold_key(p, flen[0], &key);
		}
		if (words == 0 || words > SENT_MAXWORDS ||
		    (stem && words != 1) || key.len >= SENT_MAXKEY) {
			cs_seterr(err, "%s:%zu: bad word", name, lineno);
			goto out;
		}
		if (stem == 1) {
			if (key.len < 2) {
				cs_seterr(err, "%s:%zu: a stem needs two "
				    "letters or more", name, lineno);
				goto out;
			}
			e = lex_entry(x, &x->stems, key.s, key.len);
			x->stemlens |= 1u << key.len;
			BIT_SET(x->stem2, FIRST2(key.s));
		} else if (stem == 2) {
			e = lex_entry(x, &x->snow, key.s, key.len);
			/* A stem starts its words: a filter for them. */
			n = key.len < 4 ? key.len : 4;
			BIT_SET(x->snowh, HEAD(key.s, n));
			x->snowlen |= (uint8_t)(1 << n);
		}
		else
			e = lex_entry(x, &x->words, key.s, key.len);
		e->nwords = (uint8_t)words;
		if (words > 1) {
			size_t l1 = strcspn(key.s, " ");
			size_t l2 = strcspn(key.s + l1 + 1, " ");
			uint32_t h1 = classify_hash(key.s, l1);

			BIT_SET(x->multi, MULTI_BIT(h1));
			BIT_SET(x->pair, PAIR_BIT(h1,
			    classify_hash(key.s + l1 + 1, l2)));
		}
		if (words > x->maxwords)
			x->maxwords = words;
		if (flag == 0) {
			e->valence = (float)v;
			e->flags |= SE_VALENCE;
		} else {
			e->flags |= (uint8_t)flag;
			if (flag == SE_BOOSTER)
				e->boost = (float)v;
		}
		continue;
bad:
		cs_seterr(err, "%s:%zu: expected word<TAB>valence", name,
		    lineno);
		goto out;
badnum:
		cs_seterr(err, "%s:%zu: valence must be a number from -4 to 4",
		    name, lineno);
		goto out;
	}
	rc = 0;
out:
	buf_release(&key);
	return rc;
}

/* The entry for key in map m, or NULL. */
static const struct sent_entry *
map_entry(const struct sent_lex *x, const struct classify_map *m,
    const char *key, size_t len, uint32_t hash)
{
	uint32_t v;

	if (m->n == 0)
		return NULL;
	v = classify_map_get(m, key, len, hash);
	return v == CLASSIFY_MAP_NONE ? NULL : &x->ent[v];
}

/*
 * The entry of one word: itself, its Snowball stem, then a stem* prefix.
 * w is the folded word; lw, if not NULL, its lower case with accents,
 * which the Catalan stemmer wants.
 */
static const struct sent_entry *
word_entry(const struct sent_lex *x, const char *w, size_t len,
    uint32_t hash, const char *lw, size_t llen)
{
	const struct sent_entry *e;
	struct stemw s;
	size_t n;
	uint32_t v;

	if ((e = map_entry(x, &x->words, w, len, hash)) != NULL)
		return e;
	/*
	 * Stemming costs more than a look-up: only for words that start as
	 * some stem does.
	 */
	if (x->snow.n > 0 && len >= 2 &&
	    ((len >= 4 && BIT_ISSET(x->snowh, HEAD(w, 4))) ||
	    ((x->snowlen & 8) && len >= 3 && BIT_ISSET(x->snowh, HEAD(w, 3))) ||
	    ((x->snowlen & 4) && BIT_ISSET(x->snowh, HEAD(w, 2))))) {
		if (x->stemmer != STEM_CA || lw == NULL) {
			lw = w;
			llen = len;
		}
		if (llen <= 2)
			e = map_entry(x, &x->snow, w, len, hash);
		else if (llen <= STEM_MAX) {
			stem_init(&s, lw, llen);
			if (x->stemmer == STEM_ES)
				es_stem(&s);
			else
				ca_stem(&s);
			e = map_entry(x, &x->snow, s.w, (size_t)s.n,
			    classify_hash(s.w, (size_t)s.n));
		}
		if (e != NULL)
			return e;
	}
	if (x->stemlens == 0 || len < 3 || !BIT_ISSET(x->stem2, FIRST2(w)))
		return NULL;
	/* A stem covers endings of up to six bytes: "decepcion-ante". */
	for (n = len < SENT_MAXKEY ? len : SENT_MAXKEY - 1;
	    n >= 3 && n + 6 >= len; n--) {
		if (!(x->stemlens & (1u << n)))
			continue;
		v = classify_map_get(&x->stems, w, n, classify_hash(w, n));
		if (v != CLASSIFY_MAP_NONE)
			return &x->ent[v];
	}
	return NULL;
}

/*
 * Squeeze runs of three or more of a letter down to keep (1 or 2):
 * "buenooo" is "bueno", "goood" "good".  Returns the new length, or 0
 * if the word has no such run.
 */
static size_t
squeeze(const char *w, size_t len, size_t keep, char *out, size_t size)
{
	size_t i, j, run, n = 0;

	/* Most words have no such run: find one first. */
	for (i = 2; i < len; i++)
		if (w[i] == w[i - 1] && w[i] == w[i - 2] &&
		    isalpha((unsigned char)w[i]))
			break;
	if (i >= len)
		return 0;
	for (i = 0; i < len; i = j) {
		for (j = i + 1; j < len && w[j] == w[i]; j++)
			continue;
		run = j - i;
		if (run >= 3 && isalpha((unsigned char)w[i]))
			run = keep;
		if (n + run >= size)
			return 0;
		memset(out + n, w[i], run);
		n += run;
	}
	return n;
}

/*
 * Laughter: "jajaja", "jejeje", "jsjsjs", "jajsjsja", "hahaha",
 * "ahahah".  Returns 'j' or 'h' for the letter it is made of, or 0.
 */
static int
laughter(const char *w, size_t len)
{
	unsigned unit[2][6], best = 0, nj = 0, nh = 0;
	size_t i;
	const char *after = "aeiosj", *q;

	if (len < 4 || len > 64 || (w[0] != 'j' && w[0] != 'h' &&
	    w[1] != 'j' && w[1] != 'h'))
		return 0;
	memset(unit, 0, sizeof(unit));
	for (i = 0; i < len; i++) {
		switch (w[i]) {
		case 'j':
			nj++;
			break;
		case 'h':
			nh++;
			break;
		case 'a': case 'e': case 'i': case 'o': case 'u':
		case 's': case 'k': case 'x': case 'd':
			break;
		default:
			return 0;
		}
		if ((w[i] == 'j' || w[i] == 'h') && i + 1 < len &&
		    (q = strchr(after, w[i + 1])) != NULL) {
			unsigned *u = &unit[w[i] == 'h'][q - after];

			if (++*u > best)
				best = *u;
		}
	}
	if (best < 2 || (nj + nh) * 3 < len)
		return 0;
	return nj >= nh ? 'j' : 'h';
}

/*
 * Spanish superlatives and diminutives: the base words to try for
 * "buenísimo" (bueno), "riquísima" (rica), "amabilísimo" (amable),
 * "pobrecito" (pobre), "poquito" (poco), "cosilla" (cosa).  Writes up to
 * two candidates into out, NUL-separated; returns how many, and sets
 * *sup for a superlative.
 */
static int
es_base(const char *w, size_t len, char out[2][STEM_MAX + 4], int *sup)
{
	static const struct {
		const char	*end;
		int		 sup;
	} endings[] = {
		{ "isimos", 1 }, { "isimas", 1 }, { "isimo", 1 },
		{ "isima", 1 }, { "citos", 0 }, { "citas", 0 }, { "cito", 0 },
		{ "cita", 0 }, { "itos", 0 }, { "itas", 0 }, { "ito", 0 },
		{ "ita", 0 }, { "illos", 0 }, { "illas", 0 }, { "illo", 0 },
		{ "illa", 0 }
	};
	size_t i, el, bl, z;
	const char *e;
	char g, *o;
	int n = 0;

	if (len < 6 || len > STEM_MAX)
		return 0;
	/* Quickly: "-i?o", "-i?a", "-i?os", "-i?as", "-ll?", as they end. */
	z = len - (w[len - 1] == 's');
	if ((w[z - 1] != 'o' && w[z - 1] != 'a') ||
	    !((w[z - 3] == 'i' && (w[z - 2] == 't' || w[z - 2] == 'm')) ||
	    (w[z - 3] == 'l' && w[z - 2] == 'l')))
		return 0;
	for (i = 0; i < CS_NELEM(endings); i++) {
		e = endings[i].end;
		el = strlen(e);
		if (memcmp(w + len - el, e, el) == 0)
			break;
	}
	if (i == CS_NELEM(endings) || len - el < 3)
		return 0;
	*sup = endings[i].sup;
	bl = len - el;
	/* The gender and number of the ending. */
	g = w[len - 1] == 's' ? w[len - 2] : w[len - 1];
	o = out[0];
	memcpy(o, w, bl);
	if (*sup && bl > 3 && memcmp(w + bl - 3, "bil", 3) == 0) {
		/* amabil-isimo: amable */
		memcpy(o + bl - 3, "ble", 3);
		o[bl] = '\0';
		return 1;
	}
	if (bl >= 2 && w[bl - 2] == 'q' && w[bl - 1] == 'u') {
		/* riqu-isimo, poqu-ito: rico, poco */
		o[bl - 2] = 'c';
		bl--;
	} else if (bl >= 2 && w[bl - 2] == 'g' && w[bl - 1] == 'u')
		bl--;		/* largu-isimo, amigu-ito */
	else if (*sup && w[bl - 1] == 'c') {
		/* felic-isimo: feliz */
		memcpy(out[1], o, bl);
		out[1][bl - 1] = 'z';
		out[1][bl] = '\0';
		n = 1;
	}
	if (i >= 4 && i <= 7) {
		/* pobre-cito, cafe-cito, corazon-cito: as they are */
		o[bl] = '\0';
		return n + 1;
	}
	o[bl] = g;
	o[bl + 1] = '\0';
	if (n == 0) {
		/* animal-ito, papel-ito: no vowel added */
		memcpy(out[1], o, bl);
		out[1][bl] = '\0';
		n = 1;
	}
	return n + 1;
}

/*
 * What the words starting at token i say, longest first; NULL if
 * nothing.
 */
static void
lookup(const struct sent_lex *x, const struct sent_lex *all,
    const struct classify_text *t, size_t i, struct sent_hit *h)
{
	const struct classify_tok *k = &t->tok[i];
	const char *w = CTOK_STR(t, k), *lw = t->lower.s + k->loff;
	char sq[STEM_MAX + 4], base[2][STEM_MAX + 4];
	size_t n, j, len, keep;
	uint32_t v;
	int c, nb, sup = 0;

	h->e = NULL;
	h->used = 1;
	h->emphasis = 0;
	if (x == NULL)
		return;
	/* Multi-word entries: consecutive words lie "a b" in fold. */
	n = BIT_ISSET(x->multi, MULTI_BIT(k->hash)) && i + 1 < t->ntok &&
	    BIT_ISSET(x->pair, PAIR_BIT(k->hash, t->tok[i + 1].hash)) ?
	    (size_t)x->maxwords : 1;
	for (; n > 1; n--) {
		if (i + n > t->ntok)
			continue;
		for (j = 1; j < n; j++) {
			const struct classify_tok *a = &t->tok[i + j - 1];
			const struct classify_tok *b = &t->tok[i + j];

			if (b->kind != CTOK_WORD ||
			    b->off != a->off + a->len + 1)
				break;
		}
		if (j < n)
			continue;
		len = t->tok[i + n - 1].off + t->tok[i + n - 1].len - k->off;
		v = classify_map_get(&x->words, w, len, classify_hash(w, len));
		if (v != CLASSIFY_MAP_NONE) {
			h->used = n;
			h->e = &x->ent[v];
			return;
		}
	}
	if ((h->e = word_entry(x, w, k->len, k->hash, lw, k->llen)) != NULL)
		return;
	if (k->kind != CTOK_WORD)
		return;
	/* Stretched for emphasis: "buenooo", "sooo goood". */
	for (keep = 2; keep >= 1; keep--) {
		if ((len = squeeze(w, k->len, keep, sq, sizeof(sq))) == 0)
			break;
		h->e = word_entry(x, sq, len, classify_hash(sq, len), NULL,
		    0);
		if (h->e == NULL && all != NULL)
			h->e = map_entry(all, &all->words, sq, len,
			    classify_hash(sq, len));
		if (h->e != NULL) {
			h->emphasis = 1;
			return;
		}
	}
	if ((c = laughter(w, k->len)) != 0) {
		w = c == 'j' ? "jaja" : "haha";
		if ((h->e = map_entry(x, &x->words, w, 4,
		    classify_hash(w, 4))) == NULL && all != NULL)
			h->e = map_entry(all, &all->words, w, 4,
			    classify_hash(w, 4));
		return;
	}
	if (x->stemmer == STEM_ES &&
	    (nb = es_base(w, k->len, base, &sup)) > 0) {
		for (j = 0; j < (size_t)nb; j++) {
			len = strlen(base[j]);
			h->e = word_entry(x, base[j], len,
			    classify_hash(base[j], len), NULL, 0);
			if (h->e != NULL) {
				h->emphasis = sup;
				return;
			}
		}
	}
	/* Words every language shares: "xd", "lol", "ok". */
	if (all != NULL)
		h->e = map_entry(all, &all->words, w, k->len, k->hash);
}

/* A valence made stronger by amount, away from 0. */
static double
stronger(double v, double amount)
{
	return v > 0 ? v + amount : v - amount;
}

/* Does a word with a valence follow token i (an English "no")? */
static int
valence_follows(const struct sent_lex *x, const struct sent_lex *all,
    const struct classify_text *t, size_t i)
{
	struct sent_hit h;

	if (i >= t->ntok || t->tok[i].kind != CTOK_WORD)
		return 0;
	lookup(x, all, t, i, &h);
	return h.e != NULL && (h.e->flags & SE_VALENCE) &&
	    !(h.e->flags & SE_MODIFIER) && h.e->valence != 0;
}

/*
 * An emoticon the tokeniser splits, such as ":v", ":c" or ":3": the
 * entry of the punctuation at token i and the word right after it.
 */
static const struct sent_entry *
emoticon(const struct sent_lex *all, const struct classify_text *t,
    size_t i)
{
	const struct classify_tok *k = &t->tok[i], *n;
	char key[8];
	size_t len;

	if (all == NULL || i + 1 >= t->ntok || k->len != 1 ||
	    strchr(":;=", CTOK_STR(t, k)[0]) == NULL)
		return NULL;
	n = &t->tok[i + 1];
	if (n->src != k->src + 1 || n->len > 2 ||
	    (k->src > 0 && !isspace((unsigned char)t->src[k->src - 1])))
		return NULL;
	len = 1 + n->len;
	key[0] = CTOK_STR(t, k)[0];
	memcpy(key + 1, CTOK_STR(t, n), n->len);
	return map_entry(all, &all->words, key, len, classify_hash(key, len));
}

/* The score of t with lexicon x (may be NULL) and the shared one, all. */
static double
score(const struct sent_lex *x, const struct sent_lex *all,
    const struct classify_text *t)
{
	struct sent_item win[SENT_WINDOW];
	struct sent_hit h;
	size_t i, nwin = 0, j;
	double pre = 0, post = 0, sum, amp, v;
	int contrast = 0, concessive = 0;

	memset(win, 0, sizeof(win));
	for (i = 0; i < t->ntok; i += h.used) {
		const struct classify_tok *k = &t->tok[i];
		const struct sent_entry *e;
		struct sent_item it;
		int neg = 0, scored;

		h.used = 1;
		v = 0;
		if (k->kind == CTOK_EMOJI) {
			lookup(all, NULL, t, i, &h);
			if (h.e != NULL && (h.e->flags & SE_VALENCE))
				v = h.e->valence;
			goto add;
		}
		if (k->kind == CTOK_PUNCT) {
			if ((e = emoticon(all, t, i)) != NULL) {
				h.used = 2;
				v = e->valence;
				goto add;
			}
			/* A clause ends the reach of "not" and "very". */
			if (k->len == 1 &&
			    strchr(",.;:!?", CTOK_STR(t, k)[0]) != NULL) {
				nwin = 0;
				concessive = 0;
			}
			continue;
		}
		if (k->kind != CTOK_WORD)
			continue;
		lookup(x, all, t, i, &h);
		e = h.e;
		it.e = e;
		it.caps = (k->flags & CTOK_CAPS) && t->mixedcase;
		if (e != NULL && (e->flags & SE_CONTRAST))
			contrast = 1;
		if (e != NULL && (e->flags & SE_CONCESSIVE))
			concessive = 1;
		scored = e != NULL && (e->flags & SE_VALENCE) &&
		    e->valence != 0 && (!(e->flags & SE_MODIFIER) ||
		    (!(e->flags & SE_MODIFIER & ~(SE_NEGATION | SE_BOOSTER)) &&
		    !valence_follows(x, all, t, i + h.used)));
		if (scored) {
			v = e->valence;
			if (it.caps)
				v = stronger(v, B_CAPS);
			if (h.emphasis)
				v = stronger(v, B_INCR);
			for (j = 0; j < nwin; j++) {
				/* win[nwin - 1] is the word just before. */
				const struct sent_item *p = &win[nwin - 1 - j];
				double scalar;

				if (p->e == NULL)
					continue;
				if (p->e->flags & SE_NEGATION)
					neg = 1;
				if (!(p->e->flags & SE_BOOSTER))
					continue;
				scalar = p->e->boost;
				if (v < 0)
					scalar = -scalar;
				if (p->caps)
					scalar += v > 0 ? B_CAPS : -B_CAPS;
				v += scalar * (j == 0 ? 1 :
				    j == 1 ? 0.95 : 0.9);
			}
			if (neg)
				v *= N_SCALAR;
			if (concessive)
				v *= CONCESSIVE;
		}
		/* English "isn't", "doesn't": any n't is a negation. */
		if (e == NULL && k->len > 3 &&
		    memcmp(CTOK_STR(t, k) + k->len - 3, "n't", 3) == 0) {
			static const struct sent_entry nt = { 0, 0,
			    SE_NEGATION, 1 };

			it.e = &nt;
		}
		if (e == NULL || !(e->flags & SE_SKIP)) {
			if (nwin == SENT_WINDOW) {
				memmove(win, win + 1,
				    sizeof(win[0]) * (nwin - 1));
				nwin--;
			}
			win[nwin++] = it;
		}
add:
		if (v < 0)
			v *= NEG_WEIGHT;
		if (contrast)
			post += v;
		else
			pre += v;
	}
	sum = contrast ? pre * BUT_BEFORE + post * BUT_AFTER : pre;
	amp = (t->nexcl > 4 ? 4 : t->nexcl) * EP_AMP;
	if (t->nquest > 1)
		amp += t->nquest <= 3 ? t->nquest * 0.18 : 0.96;
	if (sum > 0)
		sum += amp;
	else if (sum < 0)
		sum -= amp;
	sum = sum / sqrt(sum * sum + ALPHA);
	if (sum > 1)
		sum = 1;
	else if (sum < -1)
		sum = -1;
	return sum;
}

double
sentiment_score(const struct sentiment *s, const struct classify_text *t,
    const char *lang)
{
	const struct sent_lex *x, *all = lex_find(s, "*");
	double r;
	size_t i;

	if ((x = lex_find(s, lang)) != NULL)
		return score(x, all, t);
	/*
	 * A language without a lexicon ("und" for a short message, "pt"):
	 * English, or else the first other lexicon that finds something.
	 */
	x = lex_find(s, "en");
	if ((r = score(x, all, t)) != 0)
		return r;
	for (i = 0; i < s->nlex; i++)
		if (&s->lex[i] != x && &s->lex[i] != all &&
		    (r = score(&s->lex[i], all, t)) != 0)
			return r;
	return 0;
}

const char *
sentiment_label(double score)
{
	if (score >= LABEL_AT)
		return "positive";
	if (score <= -LABEL_AT)
		return "negative";
	return "neutral";
}
