// Parallel fill (issue 7, item 1): 2^26 values on 1 thread vs `threads: 2`, for normal, uniform
// and truncated normal, into a preallocated Float32Array (workers stage chunks that the caller
// copies out) and into a Float32Array on a SharedArrayBuffer (workers write in place). Contenders
// are interleaved round by round (bench/lib.mjs), so background load on this shared 2-core machine
// slows all of them alike; medians reported. Target: 2 threads >= 1.8x one thread.
//
//   npm run build && node bench/parallel.mjs      (PARALLEL_N=2^k values to change the size)
import { Generator, initSync, backend } from '../dist/index.js';
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';

const N = Number(process.env.PARALLEL_N ?? 2 ** 26);
const TARGET = 1.8;
initSync();
const t0 = performance.now();
const plain = new Float32Array(N);
const shared = new Float32Array(new SharedArrayBuffer(4 * N));
const kinds = [
  ['normal', (g, out, threads) => g.normal(out, { std: 0.02, threads })],
  ['uniform', (g, out, threads) => g.uniform(out, { low: -1, high: 1, threads })],
  ['truncatedNormal', (g, out, threads) => g.truncatedNormal(out, { threads })],
];
// Start the pool untimed (worker start-up is a one-off cost, not a per-fill one).
new Generator(0).normal(plain, { threads: 2 });

const rows = [];
for (const [kind, draw] of kinds) {
  const contenders = [
    { name: '1 thread', fn: () => draw(new Generator(1), plain, 1) },
    { name: '2 threads', fn: () => draw(new Generator(1), plain, 2) },
    { name: '2 threads, SharedArrayBuffer out', fn: () => draw(new Generator(1), shared, 2) },
  ];
  const r = measureInterleaved(contenders, { warmup: 1, minRuns: 7, maxRuns: 15, budgetMs: 2500, rounds: 7 });
  const base = r[0].median;
  contenders.forEach((c, i) => rows.push({
    kind, name: c.name, medianMs: r[i].median * 1e3, minMs: r[i].min * 1e3, maxMs: r[i].max * 1e3, runs: r[i].runs,
    mps: N / r[i].median / 1e6, speedup: base / r[i].median,
  }));
}
const table = markdownTable(['kind', 'threads', 'median ms', 'M values/s', 'speed-up vs 1 thread'],
  rows.map((r) => [r.kind, r.name, r.medianMs.toFixed(1), r.mps.toFixed(0), `${r.speedup.toFixed(2)}x`]), ['l', 'l', 'r', 'r', 'r']);
console.log(`${N} values, backend ${backend()}\n`);
console.log(table);
for (const r of rows.filter((x) => x.name !== '1 thread')) {
  console.log(`${r.speedup >= TARGET ? 'PASS' : 'MISS'} ${r.kind}, ${r.name}: ${r.speedup.toFixed(2)}x (target >= ${TARGET}x)`);
}
const file = writeResults('parallel', {
  benchmark: 'parallel', n: N, backend: backend(), machine: { ...machineInfo(), loadavgAtEnd: (await import('node:os')).loadavg() },
  elapsedSeconds: (performance.now() - t0) / 1e3, target: TARGET,
  method: 'preallocated outputs; per contender 1 warm-up call, then 7-15 timed calls interleaved over 7 rounds; median; full GC between calls outside the timed region; the worker pool is started before timing',
  rows, table,
});
console.log(`\nresults: ${file}`);
