// twtext-random.mjs: random Unicode texts weighed by the reference
// twitter-text (npm), for tests/unit/test_twtext_random.c.
//
//	mkdir -p /tmp/twt && cd /tmp/twt && npm install twitter-text@3.1.0
//	node /path/to/cs/scripts/data/twtext-random.mjs [COUNT [SEED]] \
//	    > /path/to/cs/tests/data/twtext/random.json
//
// twitter-text is resolved from the current folder's node_modules, so it
// never needs to be installed into the repository.  The texts come from a
// seeded generator (xorshift32): the same COUNT and SEED give the same
// file.  Each text mixes ASCII words, Latin-1 and other Latin letters,
// decomposed letters with combining marks (NFC changes them), CJK,
// kana and Hangul, emoji with skin tones, ZWJ sequences, flags, keycaps
// and variation selectors, right-to-left letters and directional marks,
// the boundaries of the v3 weight ranges, URLs with and without scheme,
// @mentions, #hashtags and $cashtags, spaces and line breaks; some are
// longer than 280.  For each text the file keeps parseTweet's result
// under the default (v3) configuration.
//
// URLs stand between spaces.  A bare domain glued to other letters
// ("envíoshop.com", "2024www.a.es", "listבa.org") is where twitter-text's
// JavaScript extractor (validAsciiDomain over the match) and its Java one
// (host validation), which lib/twtext follows, disagree; the conformance
// files, which both pass, have no such case.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const twttr = require("twitter-text");
const version = require("twitter-text/package.json").version;

const count = Number(process.argv[2] ?? 3000);
const seed0 = Number(process.argv[3] ?? 20261123);
let seed = seed0 >>> 0 || 1;

function rnd(n) {
	seed ^= seed << 13; seed >>>= 0;
	seed ^= seed >>> 17;
	seed ^= seed << 5; seed >>>= 0;
	return seed % n;
}
const pick = (a) => a[rnd(a.length)];
const cp = (lo, hi) => String.fromCodePoint(lo + rnd(hi - lo + 1));

const words = ["hello", "order", "thanks", "parcel", "the", "a", "I",
	"wait", "refund", "gracias", "pedido", "gràcies", "comanda", "OK",
	"x", "test", "2024", "42", "ça", "naïve", "über"];
const tlds = ["com", "es", "cat", "org", "net", "co.uk", "io", "shop",
	"xn--p1ai", "jp", "de", "fr"];
const emoji = ["😀", "👍", "❤️", "❤", "🎉", "🙏", "🔥", "😂", "👩‍💻",
	"👨‍👩‍👧‍👦", "🏳️‍🌈", "🇪🇸", "🇬🇧", "🇺🇸", "#️⃣", "1️⃣", "☺", "☺️",
	"✌🏽", "👋🏿", "🧑🏻‍🤝‍🧑🏾", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "©", "™", "↔️", "🀄", "🤷‍♀️",
	"👍🏻", "💁🏼‍♂️", "🫶", "🇦", "\u{1F3FB}", "\u200D", "\uFE0F"];
const combining = () => cp(0x300, 0x36f);

function piece() {
	switch (rnd(20)) {
	case 0: case 1: case 2:
		return pick(words);
	case 3:
		return cp(0x20, 0x7e);
	case 4:
		return cp(0xa0, 0xff);
	case 5:
		return cp(0x100, 0x24f);
	case 6:		// decomposed: a letter and marks
		return pick(["e", "a", "o", "n", "c", "u"]) + combining() +
		    (rnd(3) === 0 ? combining() : "");
	case 7:		// CJK, kana, Hangul
		return pick([() => cp(0x4e00, 0x9fff), () => cp(0x3040, 0x30ff),
		    () => cp(0xac00, 0xd7a3), () => cp(0x1100, 0x11ff)])();
	case 8: case 9:
		return pick(emoji) + (rnd(4) === 0 ? cp(0x1f3fb, 0x1f3ff) : "");
	case 10:	// v3 range boundaries and general punctuation
		return String.fromCodePoint(pick([0x10ff, 0x1100, 0x1fff,
		    0x2000, 0x200d, 0x200e, 0x200f, 0x2010, 0x201f, 0x2020,
		    0x2031, 0x2032, 0x2037, 0x2038, 0x20ac, 0x2122, 0x3000,
		    0xff01, 0xfeff]));
	case 11:	// right-to-left letters
		return pick([() => cp(0x5d0, 0x5ea), () => cp(0x627, 0x64a)])();
	case 12:	// astral letters and symbols that are not emoji
		return pick([() => cp(0x1d400, 0x1d4ff),
		    () => cp(0x20000, 0x2a6df), () => cp(0x10400, 0x1044f)])();
	case 13: case 14:	// spaced: see the note on URLs above
		return " " + url() + " ";
	case 15:
		return "@" + pick(["ShopCare", "a_b", "x", "user1",
		    "averyveryverylonghandle"]) + (rnd(4) === 0 ? "/list" : "");
	case 16:
		return pick(["#", "＃"]) + pick(["sale", "envío", "2024",
		    "日本", "a_b"]);
	case 17:
		return "$" + pick(["AAPL", "TSLA", "x", "GOOG.A"]);
	case 18:
		return pick(["\n", "\t", "  ", "\r\n", "\u00a0", "\u3000"]);
	default:
		return pick([".", ",", "!", "?", "…", "—", "'", "\"", "(",
		    ")", ":", "/", "-"]);
	}
}

function url() {
	const host = pick(["example", "shop", "t", "my-store", "ups",
	    "correos", "xn--bcher-kva", "bücher", "a"]) + "." + pick(tlds);
	const scheme = pick(["https://", "http://", "", "", "www."]);
	const pathPart = pick(["", "/", "/track?n=1Z999", "/a/b.html",
	    "/path_(x)", "/%E2%82%AC", "/ñ", "#frag", "/?q=a&b=c",
	    "/" + "x".repeat(rnd(60))]);
	return scheme + host + pathPart;
}

function text() {
	const n = rnd(10) === 0 ? 60 + rnd(120) : 1 + rnd(30);
	let s = "";
	for (let i = 0; i < n; i++)
		s += piece() + (rnd(3) === 0 ? " " : "");
	return s;
}

const cases = [];
for (let i = 0; i < count; i++) {
	const t = text();
	const r = twttr.parseTweet(t);
	cases.push({
		text: t,
		weightedLength: r.weightedLength,
		permillage: r.permillage,
		valid: r.valid,
		displayRangeEnd: r.displayRangeEnd,
		validRangeEnd: r.validRangeEnd,
	});
}
process.stdout.write(JSON.stringify({
	description: "random texts weighed by twitter-text's parseTweet " +
	    "(default v3 configuration); made by " +
	    "scripts/data/twtext-random.mjs",
	twitter_text: version,
	count,
	seed: seed0,
	cases,
}, null, 0).replace(/\},\{"text"/g, "},\n{\"text\"") + "\n");
