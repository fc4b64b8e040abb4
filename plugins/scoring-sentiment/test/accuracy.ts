// `npm run -w @rapport/plugin-scoring-sentiment accuracy`: prints, as JSON, how each library
// tried does on the labelled set the plugin ships (test/fixtures/labelled.tsv).
import { accuracyOf, ANALYZERS, labelledSet } from './support/accuracy.js';

const set = labelledSet();
const results = Object.fromEntries(Object.entries(ANALYZERS).map(([name, analyze]) => [name, accuracyOf(analyze, set)]));
const positives = set.filter((sentence) => sentence.label === 'pos').length;
console.log(JSON.stringify({ set: { sentences: set.length, positive: positives, negative: set.length - positives }, results }, null, 2));
