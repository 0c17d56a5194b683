# Derive cs-classify's shipped tables from ../shared/corpora (run by hand;
# the build never needs it).  Output into lib/data/.
import json, re, sys
C='../shared/corpora/'  # run from the repository root
D='lib/data/'

# --- English: VADER lexicon, words only, plus project additions ---------
neg_en = """aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't
couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt
neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never
none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent
oughtn't shan't shouldn't wasn't weren't without wont wouldnt won't wouldn't
rarely seldom despite no""".split()
incr = """absolutely amazingly awfully completely considerable considerably
decidedly deeply effing enormous enormously entirely especially exceptional
exceptionally extreme extremely fabulously flipping flippin frackin fracking
fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly
hella highly hugely incredible incredibly intensely major majorly more most
particularly purely quite really remarkably so substantially thoroughly total
totally tremendous tremendously uber unbelievably unusually utter utterly very
super""".split()
decr = """almost barely hardly kinda kindof less little marginal marginally
occasional occasionally partly scarce scarcely slight slightly somewhat sorta
sortof""".split()
add_en = {
 # customer-service words VADER lacks or weighs for other genres
 'late': -1.0, 'refund': 0, 'waiting': -0.5, 'ripoff': -2.5, 'rip-off': -2.5,
 'unacceptable': -2.5, 'disgrace': -2.5, 'disgraceful': -2.8, 'shambles': -2.3,
 'appalling': -2.8, 'incompetent': -2.3, 'useless': -2.2, 'joke': -0.5,
 'never': 0, 'cheap': 0, 'fast': 1.0, 'quick': 0.8, 'quickly': 0.8,
 'excellent': 2.7, 'superb': 2.8, 'awesome': 3.1, 'brilliant': 2.8,
 'lifesaver': 2.5, 'legend': 1.5, 'legends': 1.5, 'smooth': 1.2,
 'broken': -1.8, 'damaged': -1.8, 'defective': -1.9, 'faulty': -1.8,
 'missing': -1.0, 'lost': -1.2, 'delayed': -1.0, 'overcharged': -2.0,
 'scammed': -2.8, 'ignored': -1.8, 'ignoring': -1.6, 'unresponsive': -1.8,
 'nightmare': -2.5, 'frustrating': -2.0, 'pathetic': -2.5, 'sucks': -2.0,
 'trash': -1.8, 'garbage': -2.0, 'wtf': -2.0, 'fuming': -2.5, 'livid': -2.8,
 'thanks': 1.9, 'thx': 1.5, 'ty': 1.2, 'cheers': 1.5, 'appreciated': 2.0,
 'please': 0, 'help': 0, 'sorry': -0.3, 'ok': 0.5, 'okay': 0.4,
 'order': 0, 'package': 0, 'free': 0, 'no': -1.2,
 # VADER words that are neutral in customer service ("customer care",
 # "would like", "what kind of", "credit card", "my hand")
 'support': 0, 'care': 0, 'cares': 0, 'like': 1.0, 'credit': 0,
 'security': 0, 'safety': 0, 'kind': 1.0, 'dear': 0, 'play': 0,
 'number': 0, 'l': 0, 'gt': 0, 'lt': 0, 'wells': 0, 'create': 0,
 'created': 0, 'share': 0, 'hand': 0, 'reach': 0, 'reached': 0,
 'allow': 0, 'original': 0, 'giving': 0, 'promised': 0, 'wish': 0.5,
 'huge': 0, 'straight': 0, 'freeze': 0, 'solution': 0.5, 'ready': 0.5,
 'friend': 1.0, 'party': 0, 'amazon': 0, 'top': 0.5, 'pay': 0,
 'burned': -1.5, 'burnt': -1.5, 'injured': -2.0, 'exploded': -1.8,
 'caught fire': -2.0,
}
v = {}
for l in open(C + 'lexicons/vader/vader_lexicon.txt', encoding='utf-8'):
    p = l.rstrip('\n').split('\t')
    v[p[0]] = float(p[1])
with open(D + 'sentiment-en.txt', 'w') as f:
    f.write('# English sentiment lexicon for cs-classify; see SOURCES.classify.\n')
    f.write('# word<TAB>valence (-4..4); stem*<TAB>valence; !negation, !booster, !contrast.\n')
    for w in neg_en: f.write('!negation\t%s\n' % w)
    for w in incr: f.write('!booster\t%s\t0.293\n' % w)
    for w in decr: f.write('!booster\t%s\t-0.293\n' % w)
    f.write('!contrast\tbut\n')
    f.write('# VADER lexicon (MIT), words only\n')
    for w in sorted(v):
        if re.fullmatch(r"[a-z][a-z0-9'\-]*", w) and w not in add_en:
            f.write('%s\t%g\n' % (w, v[w]))
    f.write('# cs additions\n')
    for w in sorted(add_en):
        f.write('%s\t%g\n' % (w, add_en[w]))

# --- emoji and emoticons --------------------------------------------------
emoticons = """:-) :-( :-D :-P :-p :-/ :-| :-O :-o ;-) :'( :') </3 ^_^ -_- T_T :) :(
:D :P :p :/ :| :O :o ;) :* <3 ^^ =) =( =D :] :[""".split()
emo_extra = {'^_^': 2.0, '-_-': -1.0, 't_t': -2.0, '^^': 1.5, '=(': -1.9}
emoji = """😀 1.5 😁 2 😂 1.9 🤣 2.2 😃 1.5 😄 2.5 😅 1 😆 1.5 😉 1 😊 2.5 😋 1.5 😎 2
😍 3 😘 2 🥰 3 😗 1.5 😙 1.5 😚 1.5 ☺ 2 🙂 1.5 🤗 2 🤩 2.5 😐 -0.3 😑 -0.5 🙄 -1.5
😣 -1.5 😥 -1 😪 -1 😫 -1.9 😌 1.2 😛 1 😜 1 😝 1 😒 -1.5 😓 -1.5 😔 -1.2 😕 -1.3
☹ -1.4 🙁 -1.4 😖 -1.8 😞 -2.1 😟 -1.2 😤 -1.8 😢 -2.1 😭 -2.1 😦 -1.4 😧 -1.8
😨 -2 😩 -1.5 🤯 -1.5 😬 -1 😰 -1.5 😱 -2 😳 -0.5 😵 -0.9 😡 -2.8 😠 -2.3 🤬 -3
🤒 -1 🤕 -1.5 🤢 -2 🤮 -2.5 😇 2 🥳 2 🥺 -0.8 🤥 -2 🤭 1 😈 0.5 👿 -2.3 💩 -2
🙏 1.5 👍 2 👎 -2 👏 2 🙌 2 👌 1.5 💪 1.5 ✌ 1.5 🤝 1.5 🤦 -1.5 🤷 -0.5 ❤ 3 ♥ 3
💕 3 💖 3 💗 3 💞 3 💘 3 💙 2.5 💚 2.5 💛 2.5 🧡 2.5 💜 2.5 💔 -2.5 💯 2 ✨ 1
🎉 2 🎊 2 🥇 2 ⭐ 1.5 🌟 1.5 😿 -2.1 😹 1.9 😻 3 😾 -2 😺 1.5 😸 2 💢 -2 🗯 -2
✅ 1 ❌ -1 🚫 -1 😠 -2.3 😶 0 🤬 -3 🆗 1""".split()
with open(D + 'sentiment-emoji.txt', 'w') as f:
    f.write('# Emoji and emoticon valences for cs-classify (every language); see SOURCES.classify.\n')
    for e in emoticons:
        k = e.lower()
        val = v.get(e, v.get(k, emo_extra.get(k)))
        if val is None: continue
        f.write('%s\t%g\n' % (k, val))
    for i in range(0, len(emoji), 2):
        f.write('%s\t%s\n' % (emoji[i], emoji[i+1]))

# --- Spanish and Catalan: curated words plus strong senticon stems --------
black = {
 'es': set("""adopt agarr aparatos arroj bizarr canjeabl citabl cognosc experiment
expens model modos plastic realc verif veteran pleit entran manit fehacient amenc
ahuec basted matuter metedor torcedor garrap ampoll golpic inamov preferent enmend
famos provoc hospitalar polifacet reconstructor sucedan tufill vermicul""".split()),
 'ca': set("""aparat barat carregar- experiment plastic simpat oblid veter mal.le
coven dispost esponer aprof aprofitar- provoc somic tanoc butzin mosquej panoramic
nutrit celeb clamor engat esbargir- reconstruct tractab expen volat ventur passatemp
notab desil.lusion sacrificar- esfere ampul ampul.l ferum injun""".split()),
}
for lang in ('es', 'ca'):
    cur = open('scripts/data/curated-%s.txt' % lang, encoding='utf-8').read()
    d = json.load(open(C + 'lexicons/nlpjs-ca-es/%s/senticon_%s.json' % (lang, lang)))
    with open(D + 'sentiment-%s.txt' % lang, 'w') as f:
        f.write(cur.split('# cs curated')[0])
        f.write('# nlp.js SentiCon stems (MIT), |polarity| >= 0.75, times 3\n')
        for k in sorted(d):
            x = d[k]
            if len(k) < 5 or abs(x) < 0.75 or k in black[lang]: continue
            k2 = k.rstrip('-').replace('l.l', 'll')
            f.write('%s*\t%g\n' % (k2, round(x * 3, 2)))
        f.write('# cs curated' + cur.split('# cs curated')[1])

# --- language profiles: franc trigrams --------------------------------------
t = json.load(open(C + 'langid/franc/trigrams.json'))['Latin']
with open(D + 'langid-trigrams.txt', 'w') as f:
    f.write('# franc trigram profiles (MIT), most frequent first; see SOURCES.classify.\n')
    for iso3, iso1 in (('eng','en'),('spa','es'),('cat','ca'),('fra','fr'),('por','pt'),('deu','de'),('ita','it')):
        tri = t[iso3]
        if isinstance(tri, str): tri = tri.split('|')
        for x in tri:
            f.write('%s\t%s\n' % (iso1, x))
