// peer.mjs: an npm peer of cs-classify as an NDJSON filter, for make bench.
//
//   node tests/bench/peer.mjs vader|franc [FILE]
//
// Reads NDJSON records (FILE or stdin), runs the peer on each record's
// "text" and writes the record with one key added, one line each:
//
//   vader   vader-sentiment's SentimentIntensityAnalyzer.polarity_scores:
//           "sentiment": {"score": COMPOUND, "label": L}, L cut at VADER's
//           usual thresholds (>= 0.05 positive, <= -0.05 negative).
//   franc   franc 6 restricted to the nine languages cs-classify knows
//           (its "only" option), minLength 1:
//           "lang": {"code": ISO 639-1 or "und"}.
//
// The whole input is read at once and the output written in large chunks,
// the peers' fastest way; each does one of the many things cs-classify
// does on a record.  The packages are found as tests/eval/ finds them:
// $NODE_PATH, else build/eval/node_modules (npm install --prefix
// build/eval franc@6 vader-sentiment).
import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {fileURLToPath, pathToFileURL} from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dirs = (process.env.NODE_PATH || '').split(path.delimiter)
  .filter(Boolean)
dirs.push(path.join(here, '..', '..', 'build', 'eval', 'node_modules'))
dirs.push(path.join(process.cwd(), 'build', 'eval', 'node_modules'))

function find(name) {
  for (const d of dirs) {
    const pkg = path.join(d, name, 'package.json')
    if (fs.existsSync(pkg)) return pkg
  }
  console.error(`peer.mjs: ${name} not found (npm install --prefix ` +
    'build/eval franc@6 vader-sentiment)')
  process.exit(1)
}

const ISO3 = {
  eng: 'en', spa: 'es', cat: 'ca', por: 'pt', glg: 'gl', eus: 'eu',
  fra: 'fr', deu: 'de', ita: 'it'
}

async function analyser(which) {
  if (which === 'vader') {
    const v = createRequire(find('vader-sentiment'))('vader-sentiment')
    return (r) => {
      const c = v.SentimentIntensityAnalyzer.polarity_scores(r.text || '')
        .compound
      r.sentiment = {score: c,
        label: c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral'}
    }
  }
  if (which === 'franc') {
    const pkg = find('franc')
    const meta = JSON.parse(fs.readFileSync(pkg, 'utf8'))
    const main = typeof meta.exports === 'string' ? meta.exports
      : meta.main || 'index.js'
    const {franc} = await import(pathToFileURL(path.join(path.dirname(pkg),
      main)).href)
    const opts = {only: Object.keys(ISO3), minLength: 1}
    return (r) => {
      const code = franc(r.text || '', opts)
      r.lang = {code: ISO3[code] || code}
    }
  }
  console.error('usage: node peer.mjs vader|franc [FILE]')
  process.exit(2)
}

const f = await analyser(process.argv[2])
const lines = fs.readFileSync(process.argv[3] || 0, 'utf8').split('\n')
let out = []
let size = 0
for (const line of lines) {
  if (line === '') continue
  const r = JSON.parse(line)
  f(r)
  const s = JSON.stringify(r)
  out.push(s)
  size += s.length
  if (size > 1 << 20) {
    fs.writeSync(1, out.join('\n') + '\n')
    out = []
    size = 0
  }
}
if (out.length > 0) fs.writeSync(1, out.join('\n') + '\n')
