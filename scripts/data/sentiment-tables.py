#!/usr/bin/env python3
# Derive cs-classify's sentiment lexicons, lib/data/sentiment-{en,es,ca,
# emoji}.txt, from the permissively licensed lexicons in ../shared/corpora
# and our own word lists scripts/data/sentiment-curated-*.txt.  Run by hand
# from the repository root; the build never needs it, and the output is
# committed.  Sources and licences: lib/data/SOURCES.sentiment.
#
#   python3 scripts/data/sentiment-tables.py [CORPORA]
#
# CORPORA defaults to ../shared/corpora.  The output depends only on the
# inputs: running it again gives the same files.
#
# The weights below (how SentiCon's and AFINN-es's scales map onto VADER's
# -4..4, and the weakest SentiCon polarities kept) were tuned on the XLM-T
# train splits (../shared/corpora/sentiment, evaluation and tuning only).
# No word list was taken from those tweets: the words come from the
# lexicons and from our curated lists alone.
import json
import re
import sys
import unicodedata

C = (sys.argv[1] if len(sys.argv) > 1 else '../shared/corpora').rstrip('/') + '/'
D = 'lib/data/'
S = 'scripts/data/'

SENTICON_SCALE = 2.5    # SentiCon polarity -1..1 times this
# Weaker polarities are left out: positive ones below MIN_POS, negative
# ones above -MIN_NEG.  Catalan, with no tweets to tune on, keeps only the
# clearer negative ones: its weak entries often name neutral things.
SENTICON_MIN_POS = {'es': 0.75, 'ca': 0.75}
SENTICON_MIN_NEG = {'es': 0.3, 'ca': 0.5}
AFINN_ES_SCALE = 0.5    # nlp.js's AFINN-es -5..5 times this

# Stems of words that are not sentiment, or that our rules handle (the
# negations "no", "nunca", "ni"; "si" is "if" and "yes"; "tan" and "mas"
# are boosters), or whose stem is also a neutral word's ("tren" of
# "trenzar" is "tren", "model" of "modelar" is "modelo").
BLACK = {
    'es': set("""no nunc ni si tan mas sin nad algu tod part pas pon pag deb
              hac dar ver ir ten est ser quer dec pod sab dej llev tom segu
              pens cre mir vol model modos piern pijam piyam moren liber
              tren vient pesar vers pand simpl repas munec arroj agarr
              ahuec realc verif manit agent comis diput objet penal titul
              tramp novat lobby offic kitch vioxx muyah tsain adopt bizarr
              canjeabl citabl cognosc experiment expens plastic veteran
              pleit entran fehacient amenc basted matuter metedor torcedor
              garrap ampoll golpic inamov preferent enmend famos provoc
              hospitalar polifacet reconstructor sucedan tufill vermicul
              estat aparatos""".split()),
    'ca': set("""no mai ni si tan mes sense res cap pas fer dir anar veur
              tenir ser estar poder voler saber aparat barat carregar
              experiment plastic simpat oblid veter malle coven dispost
              esponer aprof aprofitar provoc somic tanoc butzin mosquej
              panoramic nutrit celeb clamor engat esbargir reconstruct
              tractab expen volat ventur passatemp notab desillusion
              sacrificar esfere ampul ampull ferum injun para pare most
              dest sons crem gast fred calc fabu eleg trac expo jaqu""".split()),
}
# A stem of three letters matches too many words ("tem" of "temer" is
# also "tema", "sol" is "sol" and "solo"): only these are kept.
STEM3 = {
    'es': set("""bes cag cul feo fet jaj jod lol luj lut mal odi paz put ric
              rud vil vom""".split()),
    'ca': set("""be bo bon mal odi put""".split()),
}


def fold(s):
    """Lower case without accents, as cs-classify folds a word."""
    s = unicodedata.normalize('NFKD', s.lower())
    return ''.join(ch for ch in s if not unicodedata.combining(ch))


def curated(lang):
    """Our word list for lang, and the keys it defines."""
    text = open(S + 'sentiment-curated-%s.txt' % lang, encoding='utf-8').read()
    keys = set()
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        f = line.split('\t')
        if not line.startswith('!'):
            keys.add(fold(f[0]))
    return text, keys


def num(v):
    return ('%.2f' % v).rstrip('0').rstrip('.')


def vader_lexicon():
    v = {}
    for line in open(C + 'lexicons/vader/vader_lexicon.txt', encoding='utf-8'):
        p = line.rstrip('\n').split('\t')
        v[p[0]] = float(p[1])
    return v


def english(vader):
    text, keys = curated('en')
    with open(D + 'sentiment-en.txt', 'w', encoding='utf-8') as f:
        f.write('# English sentiment lexicon for cs-classify; see '
                'SOURCES.sentiment.\n# Made by '
                'scripts/data/sentiment-tables.py: do not edit.\n'
                '# word<TAB>valence (-4..4); ~stem, stem*, !directives: '
                'lib/classify.h.\n')
        f.write('# VADER lexicon (MIT), words only\n')
        for w in sorted(vader):
            if re.fullmatch(r"[a-z][a-z0-9'\-]*", w) and w not in keys:
                f.write('%s\t%s\n' % (w, num(vader[w])))
        f.write(text)


def stopwords(lang, keys):
    out = []
    for line in open(C + 'lexicons/stopwords/stopwords-%s.txt' % lang,
                     encoding='utf-8'):
        w = line.strip()
        if (re.fullmatch(r"[^\W\d_]+", w) and fold(w) not in keys and
                len(w) > 1):
            out.append(w)
    return sorted(set(out))


def spanish_catalan(lang):
    text, keys = curated(lang)
    base = C + 'lexicons/nlpjs-ca-es/%s/' % lang
    senti = json.load(open(base + 'senticon_%s.json' % lang, encoding='utf-8'))
    stems, words = {}, {}
    # Catalan keys keep "ç" and write "l·l" as "l.l"; folded words have
    # neither.  Prefer the "ç" spelling when both exist.
    for k in sorted(senti, key=lambda k: (k.isascii(), k)):
        x = senti[k]
        if (x < 0 and x > -SENTICON_MIN_NEG[lang]) or (
                x >= 0 and x < SENTICON_MIN_POS[lang]):
            continue
        k2 = fold(k.replace('l.l', 'll'))
        if k2.endswith('-'):
            # "alegrar-": from "alegrar-se"; the infinitive as a word.
            k2 = k2.rstrip('-')
            if k2 not in keys and k2 not in words and k2 not in BLACK[lang]:
                words[k2] = x * SENTICON_SCALE
            continue
        if (k2 in BLACK[lang] or k2 in stems or
                (len(k2) <= 3 and k2 not in STEM3[lang])):
            continue
        stems[k2] = x * SENTICON_SCALE
    afinn = {}
    if lang == 'es':
        afinn = json.load(open(base + 'afinn_es.json', encoding='utf-8'))
        for k in sorted(afinn):
            k2 = fold(k)
            if k2 in BLACK[lang] or (len(k2) <= 3 and k2 not in STEM3[lang]):
                continue
            stems[k2] = afinn[k] * AFINN_ES_SCALE
    with open(D + 'sentiment-%s.txt' % lang, 'w', encoding='utf-8') as f:
        f.write('# %s sentiment lexicon for cs-classify; see '
                'SOURCES.sentiment.\n# Made by '
                'scripts/data/sentiment-tables.py: do not edit.\n'
                '# word<TAB>valence (-4..4); ~stem, stem*, !directives: '
                'lib/classify.h.\n' % {'es': 'Spanish', 'ca': 'Catalan'}[lang])
        f.write('# stopwords-iso (MIT): no valence, and never stemmed\n')
        for w in stopwords(lang, keys):
            f.write('%s\t0\n' % w)
        f.write('# nlp.js SentiCon%s (MIT): Snowball stems\n' %
                (' and AFINN-es' if afinn else ''))
        for k in sorted(stems):
            if stems[k] != 0:
                f.write('~%s\t%s\n' % (k, num(stems[k])))
        for k in sorted(words):
            f.write('%s\t%s\n' % (k, num(words[k])))
        f.write(text)


# Emoticons the tokeniser knows (lib/classify_text.c); VADER's valence
# where it has one.
EMOTICONS = """:-) :-( :-D :-P :-p :-/ :-| :-O :-o ;-) :'( :') </3 ^_^ -_- T_T
:) :( :D :P :p :/ :| :O :o ;) :* <3 ^^ =) =( =D :] :[""".split()
EMOTICON_EXTRA = {'^_^': 2.0, '-_-': -1.0, 't_t': -2.0, '^^': 1.5, '=(': -1.9}


def tokenised_as_emoji(cp):
    """Mirror of classify_text.c's cp_class for CC_EMOJI."""
    if 0x1f000 <= cp <= 0x1faff or 0x2600 <= cp <= 0x27bf:
        return True
    if 0x2b00 <= cp <= 0x2bff or cp == 0x3030:
        return True
    return cp >= 0x2000 and unicodedata.category(chr(cp)) == 'So'


def emoji(vader):
    text, keys = curated('emoji')
    # Our English values replace VADER's ("hand" is neutral).
    words = dict(vader)
    for line in curated('en')[0].splitlines():
        f = line.split('\t')
        if len(f) == 2 and not line.startswith(('#', '!')):
            words[fold(f[0])] = float(f[1])
    with open(D + 'sentiment-emoji.txt', 'w', encoding='utf-8') as f:
        f.write('# Emoji, emoticons and words every language shares, for '
                'cs-classify; see\n# SOURCES.sentiment.  Made by '
                'scripts/data/sentiment-tables.py: do not edit.\n')
        f.write('# emoticons: VADER lexicon (MIT)\n')
        for e in EMOTICONS:
            k = e.lower()
            val = vader.get(e, vader.get(k, EMOTICON_EXTRA.get(k)))
            if val is None or k in keys:
                continue
            f.write('%s\t%s\n' % (k, num(val)))
        # VADER reads an emoji as its description; score the description
        # with the lexicon's words (a negation turns the next one round).
        f.write('# emoji: VADER emoji_utf8_lexicon.txt (MIT), descriptions '
                'scored with the VADER lexicon\n')
        seen = set()
        for line in open(C + 'lexicons/vader/emoji_utf8_lexicon.txt',
                         encoding='utf-8'):
            e, desc = line.rstrip('\n').split('\t', 1)
            e = e.replace('\ufe0f', '')
            if (len(e) != 1 or not tokenised_as_emoji(ord(e)) or
                    unicodedata.normalize('NFKD', e) != e or e in keys or
                    e in seen):
                continue
            seen.add(e)
            total, neg = 0.0, False
            for w in re.findall(r"[a-z']+", desc.lower()):
                if w in ('not', 'no', 'without'):
                    neg = True
                    continue
                x = words.get(w, 0.0)
                total += -0.74 * x if neg and x else x
                if x:
                    neg = False
            total = max(-3.0, min(3.0, total))
            if abs(total) >= 0.5:
                f.write('%s\t%s\n' % (e, num(total)))
        f.write(text)


def main():
    vader = vader_lexicon()
    english(vader)
    spanish_catalan('es')
    spanish_catalan('ca')
    emoji(vader)


main()
