# Check lib/data/langid-words.txt (cs-classify's hand-written language
# cues, own work) and, with --format, rewrite it in its canonical layout:
# a section per language with its word groups by falling weight, then the
# word endings, then the letter cues.  Run by hand from the repository
# root after editing the file; the build never needs it.
#
#   python3 scripts/data/langid-check.py [--format]
#
# Checks: a language lists an entry at most once (a second listing would
# add up, which is never meant); every group names known languages and a
# weight in (0, 10); words are at most 48 bytes; letter cues are one to
# three letters.  Exit status 1 if a check fails.
import collections
import sys

P = 'lib/data/langid-words.txt'
LANGS = ['en', 'es', 'ca', 'pt', 'gl', 'eu', 'fr', 'de', 'it']
NAMES = dict(en='English', es='Spanish', ca='Catalan', pt='Portuguese',
             gl='Galician', eu='Basque', fr='French', de='German',
             it='Italian')


def wrap(words, width=72):
    lines, cur = [], ''
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cur + ' ' + w if cur else w
    if cur:
        lines.append(cur)
    return '\n'.join(lines)


def main():
    text = open(P, encoding='utf-8').read()
    head, groups, bad, intro = [], [], 0, True
    cur = None
    for n, line in enumerate(text.split('\n'), 1):
        if line.startswith('= '):
            f = line[2:].split()
            cue = f[0] == '~'
            if cue:
                f = f[1:]
            langs, weight = tuple(f[:-1]), f[-1]
            try:
                ok = 0 < float(weight) < 10
            except ValueError:
                ok = False
            if not langs or not ok or any(x not in LANGS for x in langs):
                print('%s:%d: bad group' % (P, n))
                bad += 1
            cur = [cue, langs, weight, []]
            groups.append(cur)
        elif line.startswith('#') or not line.strip():
            if line[2:-1] in NAMES.values():
                intro = False
            if cur is None and intro:
                head.append(line)
        elif cur is None:
            print('%s:%d: words before a group' % (P, n))
            bad += 1
        else:
            cur[3] += line.split()
    seen = collections.defaultdict(dict)
    for cue, langs, weight, words in groups:
        for w in words:
            if len(w.encode('utf-8')) > 48:
                print('%s: entry too long: %s' % (P, w))
                bad += 1
            if cue and not 1 <= len(w) <= 3:
                print('%s: cue not 1 to 3 letters: %s' % (P, w))
                bad += 1
            for g in langs:
                k = (cue, w)
                if k in seen[g]:
                    print('%s: %s lists %s%s twice (weights %s and %s)' %
                          (P, g, '~' if cue else '', w, seen[g][k], weight))
                    bad += 1
                seen[g][k] = weight
    if bad:
        sys.exit(1)
    if sys.argv[1:] != ['--format']:
        return
    words = collections.OrderedDict()
    ends = collections.OrderedDict()
    cues = collections.OrderedDict()
    for cue, langs, weight, ws in groups:
        for w in ws:
            if cue:
                d = cues
            elif w.startswith('-') and len(w) > 1:
                d = ends
            else:
                d = words
            d.setdefault((langs, weight), []).append(w)
    while head and head[-1] in ('#', ''):
        head.pop()
    out = ['\n'.join(head), '']
    for g in LANGS:
        out.append('#\n# %s.\n#' % NAMES[g])
        ks = [k for k in words if k[0] == (g,)]
        for k in sorted(ks, key=lambda k: -float(k[1])):
            out.append('= %s %s\n%s' % (g, k[1], wrap(words[k])))
        for k in words:
            if len(k[0]) > 1 and k[0][0] == g:
                out.append('= %s %s\n%s' % (' '.join(k[0]), k[1],
                                           wrap(words[k])))
        out.append('')
    out.append('#\n# Word endings.\n#')
    for k, ws in ends.items():
        out.append('= %s %s\n%s' % (' '.join(k[0]), k[1], wrap(ws)))
    out.append('')
    out.append('#\n# Letter cues ("_" is a word boundary).\n#')
    for k, ws in cues.items():
        out.append('= ~ %s %s\n%s' % (' '.join(k[0]), k[1], wrap(ws)))
    open(P, 'w', encoding='utf-8').write('\n'.join(out) + '\n')


main()
