// franc.mjs: the peer for cs-classify's language identification.
//
// Usage: node tests/eval/franc.mjs TWEETLID.tsv
//
// Reads TweetLID (tweet_id, user, lang, text; a header line first), keeps
// the single-language tweets in en, es, ca, pt, gl and eu (mixed "a+b",
// ambiguous "a/b", und and other are skipped, as tests/eval/eval_langid.c
// does) and runs franc (npm, v6) on each in three set-ups:
//
//   franc        restricted to the nine languages cs-classify knows
//                (franc's "only" option: spa por cat eng glg eus fra deu
//                ita), on the tweet as it is, franc's defaults otherwise
//                (it cleans the text itself; minLength 10, below which it
//                says "und").  The fair comparison, and franc's best.
//   franc-clean  restricted the same way, on the text with @handles,
//                links and #hashtags taken out as cs-classify does, and
//                minLength 1 so that every tweet gets an answer.
//   franc-all    unrestricted (all of franc's languages), as it is.
//
// franc has no Basque profile at all (eus is not among its languages), so
// it never answers "eu".
//
// Output on stdout, one figure a line: "langid<TAB>SYSTEM<TAB>METRIC<TAB>
// VALUE" (accuracy, accuracy.LANG, n, n.LANG); the commonest confusions of
// each set-up on stderr.
//
// franc is found in $NODE_PATH, else in build/eval/node_modules beside
// this repository (npm install --prefix build/eval franc@6).  franc is ESM,
// which NODE_PATH does not reach, so it is imported by file URL.

import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dirs = (process.env.NODE_PATH || '').split(path.delimiter)
  .filter(Boolean)
dirs.push(path.join(here, '..', '..', 'build', 'eval', 'node_modules'))
dirs.push(path.join(process.cwd(), 'build', 'eval', 'node_modules'))

let franc = null
for (const d of dirs) {
  const pkg = path.join(d, 'franc', 'package.json')
  if (!fs.existsSync(pkg)) continue
  const meta = JSON.parse(fs.readFileSync(pkg, 'utf8'))
  const main = meta.exports || meta.main || 'index.js'
  const file = path.join(d, 'franc', typeof main === 'string' ? main
    : 'index.js')
  franc = (await import(pathToFileURL(file).href)).franc
  break
}
if (franc === null) {
  console.error('franc.mjs: franc not found (npm install --prefix ' +
    'build/eval franc@6)')
  process.exit(1)
}
if (process.argv.length !== 3) {
  console.error('usage: node franc.mjs TWEETLID.tsv')
  process.exit(2)
}

const LANGS = ['en', 'es', 'ca', 'pt', 'gl', 'eu']
const ISO3 = {
  eng: 'en', spa: 'es', cat: 'ca', por: 'pt', glg: 'gl', eus: 'eu',
  fra: 'fr', deu: 'de', ita: 'it'
}
const ONLY = Object.keys(ISO3)

// The same things cs-classify leaves out: links, handles (X, Mastodon's
// @user@server, Bluesky's @user.bsky.social) and hashtags.
function clean(s) {
  return s
    .replace(/\b(?:https?:\/\/|www\.)\S+/giu, ' ')
    .replace(/(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]+(?:[@.][\p{L}\p{N}_-]+)*/gu,
      '$1 ')
    .replace(/(^|[^\p{L}\p{N}_&])[#＃][\p{L}\p{N}_]+/gu, '$1 ')
}

const setups = [
  {name: 'franc', opts: {only: ONLY}, clean: false},
  {name: 'franc-clean', opts: {only: ONLY, minLength: 1}, clean: true},
  {name: 'franc-all', opts: {}, clean: false}
]

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n')
const items = []
for (let i = 1; i < lines.length; i++) {
  const f = lines[i].split('\t')
  if (f.length < 4) continue
  const gold = f[2]
  if (!LANGS.includes(gold)) continue
  items.push({gold, text: f.slice(3).join('\t')})
}

function fmt(x) {
  return (Math.round(x * 10000) / 10000).toString()
}

for (const s of setups) {
  let ok = 0
  const n = {}
  const good = {}
  const conf = new Map()
  for (const it of items) {
    const code = franc(s.clean ? clean(it.text) : it.text, s.opts)
    const got = ISO3[code] || code
    n[it.gold] = (n[it.gold] || 0) + 1
    if (got === it.gold) {
      ok++
      good[it.gold] = (good[it.gold] || 0) + 1
    } else {
      const k = it.gold + '->' + got
      conf.set(k, (conf.get(k) || 0) + 1)
    }
  }
  const out = []
  out.push(['accuracy', fmt(ok / items.length)])
  out.push(['n', items.length])
  for (const l of LANGS) {
    out.push(['accuracy.' + l, fmt((good[l] || 0) / (n[l] || 1))])
    out.push(['n.' + l, n[l] || 0])
  }
  for (const [m, v] of out) {
    process.stdout.write(`langid\t${s.name}\t${m}\t${v}\n`)
  }
  const top = [...conf.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)
  process.stderr.write(`${s.name}: ${ok}/${items.length} right; ` +
    'commonest confusions (gold->got):' +
    top.map(([k, v]) => ` ${k} ${v}`).join(',') + '\n')
}
