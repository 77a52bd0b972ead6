// Runs every benchmark in bench/ (each *.mjs except this runner, the shared lib.mjs, the targets in
// thresholds.mjs and the docs/benchmarks.md writer summary.mjs), in name
// order, each in a fresh `node` child process so no benchmark inherits another's JIT state, heap or
// backend choice. Expects a fresh build (`npm run bench` builds first).
//
//   node bench/run.mjs                 all benchmarks
//   node bench/run.mjs sampling ortho  only those whose file name contains one of the words
//
// Exits non-zero if any benchmark process fails (a missed performance target is not a failure;
// each benchmark prints its own PASS/MISS lines against bench/thresholds.mjs and writes
// bench/results/<name>.json).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BENCH_DIR } from './lib.mjs';

const SKIP = new Set(['run.mjs', 'lib.mjs', 'summary.mjs', 'thresholds.mjs', basename(new URL(import.meta.url).pathname)]);
const filters = process.argv.slice(2);
const files = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.mjs') && !SKIP.has(f))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmarks matched${filters.length ? ` ${filters.join(', ')}` : ''} in ${BENCH_DIR}`);
  process.exit(1);
}

const failed = [];
for (const f of files) {
  console.log(`\n=== ${f} ===\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(BENCH_DIR, f)], { stdio: 'inherit', cwd: join(BENCH_DIR, '..') });
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  if (r.status !== 0) {
    failed.push(f);
    console.error(`\n${f} failed (${r.signal ?? `exit ${r.status}`}) after ${s} s`);
  } else {
    console.log(`\n${f} done in ${s} s`);
  }
}
if (failed.length) {
  console.error(`\n${failed.length} of ${files.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
// After a full run, refresh docs/benchmarks.md from the new results.
if (filters.length === 0) spawnSync(process.execPath, [join(BENCH_DIR, 'summary.mjs')], { stdio: 'inherit', cwd: join(BENCH_DIR, '..') });
