#!/usr/bin/env python3
"""Write lib/data/twemoji.txt: every emoji sequence of twemoji-parser's
regex, the one twitter-text's parseTweet counts emoji with.

    python3 scripts/data/twemoji-table.py \\
        /tmp/twt/node_modules/twemoji-parser/dist/lib/regex.js \\
        > lib/data/twemoji.txt

The regex (twemoji-parser 11.0.2, the version twitter-text 3.1.0 uses)
is a global alternation of finite patterns over UTF-16 units: classes,
groups, '?', and one lookahead (?!\\ufe0e).  Each top-level alternative
is expanded into the sequences it matches; the file lists them as
"ALT HEX-HEX... [!]" where ALT is the alternative's rank (JavaScript
takes the first alternative that matches, and within one alternative
the longest sequence, as its greedy parts and its longest-first lists
make it) and "!" marks a sequence that must not be followed by U+FE0E.
"""
import re
import sys

LOOK = "\x00"  # stands for (?!\ufe0e)


def parse(src):
    """The regex source between the slashes, as a list of UTF-16 units
    and syntax tokens."""
    toks = []
    i = 0
    while i < len(src):
        c = src[i]
        if src.startswith("(?!\\ufe0e)", i):
            toks.append(("lit", [LOOK]))
            i += len("(?!\\ufe0e)")
        elif src.startswith("(?:", i):
            toks.append(("open",))
            i += 3
        elif c == "(":
            toks.append(("open",))
            i += 1
        elif c == ")":
            toks.append(("close",))
            i += 1
        elif c == "|":
            toks.append(("bar",))
            i += 1
        elif c == "?":
            toks.append(("opt",))
            i += 1
        elif c == "[":
            j = i + 1
            units = []
            while src[j] != "]":
                a, j = unit(src, j)
                if src[j] == "-" and src[j + 1] != "]":
                    b, j = unit(src, j + 1)
                    units.extend(chr(x) for x in range(ord(a), ord(b) + 1))
                else:
                    units.append(a)
            toks.append(("lit", units))
            i = j + 1
        else:
            a, i = unit(src, i)
            toks.append(("lit", [a]))
    return toks


def unit(src, i):
    if src.startswith("\\u", i):
        return chr(int(src[i + 2:i + 6], 16)), i + 6
    if src[i] == "\\":
        return src[i + 1], i + 2
    return src[i], i + 1


def expand(toks, i=0):
    """Alternatives at this level: a list of alternatives, each a set of
    strings; returns (alternatives, next index)."""
    alts = []
    cur = {""}
    while i < len(toks):
        t = toks[i]
        if t[0] == "bar":
            alts.append(cur)
            cur = {""}
            i += 1
            continue
        if t[0] == "close":
            break
        if t[0] == "open":
            sub, i = expand(toks, i + 1)
            i += 1  # the ")"
            item = set().union(*sub)
        else:
            item = set(t[1])
            i += 1
        if i < len(toks) and toks[i][0] == "opt":
            item = item | {""}
            i += 1
        cur = {a + b for a in cur for b in item}
    alts.append(cur)
    return alts, i


def code_points(s):
    """UTF-16 units (and the lookahead mark) to code points."""
    out = []
    b = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    for ch in b:
        out.append(ord(ch))
    return out


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    m = re.search(r"exports\.default = /(.*)/g;", text)
    if m is None:
        sys.exit("no regex in " + sys.argv[1])
    alts, _ = expand(parse(m.group(1)))
    print("# Emoji sequences of twemoji-parser 11.0.2's regex, as twitter-text")
    print("# 3.1.0 counts them: ALT CODEPOINTS [!], see scripts/data/twemoji-table.py.")
    print("# Copyright Twitter Inc., MIT licence (see lib/data/SOURCES).")
    n = 0
    for rank, alt in enumerate(alts, 1):
        seqs = set()
        for s in alt:
            cps = code_points(s)
            look = False
            # A lookahead followed by more is always met (they are
            # never U+FE0E); at the end it is kept.
            if cps and cps[-1] == 0:
                look = True
                cps = cps[:-1]
            cps = [c for c in cps if c != 0]
            if any(0xd800 <= c <= 0xdfff for c in cps) or not cps:
                sys.exit("alternative %d: bad sequence %r" % (rank, s))
            seqs.add((tuple(cps), look))
        for cps, look in sorted(seqs):
            print("%d %s%s" % (rank, "-".join("%X" % c for c in cps),
                               " !" if look else ""))
            n += 1
    print("%d sequences in %d alternatives" % (n, len(alts)), file=sys.stderr)


main()
