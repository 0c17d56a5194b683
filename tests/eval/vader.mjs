// vader.mjs: the npm package vader-sentiment, the peer of cs-classify's
// sentiment, on a labelled tweet set.
//
//   node tests/eval/vader.mjs LANG TEXT_FILE LABEL_FILE
//
// TEXT_FILE has one text a line, LABEL_FILE its label on the same line
// (0 negative, 1 neutral, 2 positive).  The compound score is cut at
// VADER's usual thresholds (>= 0.05 positive, <= -0.05 negative).  Prints
// "sentiment-LANG<TAB>vader-sentiment<TAB>METRIC<TAB>VALUE" lines (n,
// accuracy, macro-f1, f1 per label) on stdout and the confusion matrix on
// stderr.  The package is looked up in build/eval/node_modules (npm
// install --prefix build/eval vader-sentiment) or NODE_PATH.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMES = ['negative', 'neutral', 'positive'];

function usage() {
	process.stderr.write('usage: vader.mjs LANG TEXT_FILE LABEL_FILE\n');
	process.exit(2);
}

function lines(path) {
	const s = readFileSync(path, 'utf8').split('\n');
	if (s.length > 0 && s[s.length - 1] === '')
		s.pop();
	return s;
}

// vader-sentiment from build/eval (beside the working directory or this
// script's repository), else from NODE_PATH.
function loadVader() {
	const places = [resolve('build/eval/package.json'),
	    fileURLToPath(new URL('../../build/eval/package.json',
	    import.meta.url)), fileURLToPath(import.meta.url)];
	for (const p of places) {
		try {
			return createRequire(p)('vader-sentiment');
		} catch (e) {
			// try the next place
		}
	}
	process.stderr.write('vader.mjs: vader-sentiment is not installed ' +
	    '(npm install --prefix build/eval vader-sentiment)\n');
	process.exit(1);
}

const [lang, textFile, labelFile] = process.argv.slice(2);
if (labelFile === undefined || process.argv.length !== 5)
	usage();
const texts = lines(textFile), labels = lines(labelFile);
if (texts.length !== labels.length) {
	process.stderr.write(`vader.mjs: ${textFile} has ${texts.length} ` +
	    `lines, ${labelFile} ${labels.length}\n`);
	process.exit(1);
}
const vader = loadVader();
const cm = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
for (let i = 0; i < texts.length; i++) {
	const gold = Number(labels[i].trim());
	if (!(gold >= 0 && gold <= 2)) {
		process.stderr.write(`vader.mjs: ${labelFile}:${i + 1}: ` +
		    `bad label '${labels[i]}'\n`);
		process.exit(1);
	}
	const c = vader.SentimentIntensityAnalyzer.polarity_scores(texts[i])
	    .compound;
	const pred = c >= 0.05 ? 2 : c <= -0.05 ? 0 : 1;
	cm[gold][pred]++;
}

const n = texts.length;
let right = 0, f1sum = 0;
const f1 = [];
for (let k = 0; k < 3; k++) {
	const tp = cm[k][k];
	let gold = 0, pred = 0;
	for (let j = 0; j < 3; j++) {
		gold += cm[k][j];
		pred += cm[j][k];
	}
	const p = pred ? tp / pred : 0, r = gold ? tp / gold : 0;
	f1[k] = p + r > 0 ? 2 * p * r / (p + r) : 0;
	f1sum += f1[k];
	right += tp;
}
const tag = `sentiment-${lang}\tvader-sentiment`;
const out = [`${tag}\tn\t${n}`,
    `${tag}\taccuracy\t${(n ? right / n : 0).toFixed(3)}`,
    `${tag}\tmacro-f1\t${(f1sum / 3).toFixed(3)}`];
for (let k = 0; k < 3; k++)
	out.push(`${tag}\tf1-${NAMES[k]}\t${f1[k].toFixed(3)}`);
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`vader-sentiment ${lang}: confusion (rows gold, ` +
    `columns predicted)\n`);
process.stderr.write('gold\\pred\tnegative\tneutral\tpositive\n');
for (let k = 0; k < 3; k++)
	process.stderr.write(`${NAMES[k]}\t${cm[k].join('\t')}\n`);
