#!/usr/bin/env node
// Regenerates test/fixtures/engine-golden.json, the engine matrix's expected item hashes
// (test/engines/matrix.test.ts), from this Node on all three backends of the built package
// (dist/: `npm run golden` builds first). Every backend must give the same hashes: if they do
// not, nothing is written and the differing items are printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FILE = `${ROOT}test/fixtures/engine-golden.json`;

const lib = await import(`${ROOT}dist/index.js`);
const { workload, BACKENDS } = await import(`${ROOT}test/engines/workload.mjs`);

const runs = {};
for (const backend of BACKENDS) {
  runs[backend] = await workload(lib, backend);
  if (runs[backend].backend !== backend) throw new Error(`setBackend('${backend}') gave backend() = ${runs[backend].backend}`);
  console.error(`${backend}: ${Object.keys(runs[backend].items).length} items in ${runs[backend].ms} ms`);
}

const names = [...new Set(BACKENDS.flatMap((b) => Object.keys(runs[b].items)))].sort();
const disagree = names.filter((n) => BACKENDS.some((b) => runs[b].items[n] !== runs.js.items[n]));
const errors = names.filter((n) => String(runs.js.items[n]).startsWith('error:'));
if (disagree.length > 0) {
  console.error(`update-golden: the backends disagree on ${disagree.length} of ${names.length} items; ${FILE} not written:`);
  for (const n of disagree) console.error(`  ${n}\n${BACKENDS.map((b) => `    ${b.padEnd(11)} ${runs[b].items[n] ?? '(missing)'}`).join('\n')}`);
  process.exit(1);
}

const items = Object.fromEntries(names.map((n) => [n, runs.js.items[n]]));
let before = {};
try { before = JSON.parse(readFileSync(FILE, 'utf8')).items ?? {}; } catch { /* first run */ }
const changed = names.filter((n) => before[n] !== items[n]);
const removed = Object.keys(before).filter((n) => !(n in items));
writeFileSync(FILE, `${JSON.stringify({
  about: 'Expected SHA-256 per item of test/engines/workload.mjs, identical on every engine and backend. Regenerate with `npm run golden` (Node, all three backends).',
  node: process.version,
  items,
}, null, 1)}\n`);
console.error(`wrote ${FILE}: ${names.length} items (${changed.length} new or changed, ${removed.length} removed)`);
const lines = [...changed.map((n) => `  ${n in before ? 'changed' : 'new'}: ${n}`), ...removed.map((n) => `  removed: ${n}`)];
for (const l of lines.slice(0, 60)) console.error(l);
if (lines.length > 60) console.error(`  … and ${lines.length - 60} more`);
if (errors.length > 0) console.error(`note: ${errors.length} items throw (their error text is the expected value): ${errors.join(', ')}`);
