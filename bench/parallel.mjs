// Parallel fill (issue 7, item 1): 2^26 values on 1 thread vs `threads: 2`, for normal, uniform
// and truncated normal: as most code calls it, `g.normal(n, { threads })`, which allocates its
// result (on a SharedArrayBuffer when the fill runs in parallel, so workers write in place), and
// into preallocated outputs: an ordinary Float32Array (workers stage chunks that the caller copies
// out) and a Float32Array on a SharedArrayBuffer (in place). Contenders
// are interleaved round by round (bench/lib.mjs), so background load on this shared 2-core machine
// slows all of them alike; medians reported. Target (bench/thresholds.mjs): 2 threads a factor
// faster than one thread.
//
//   npm run build && node bench/parallel.mjs      (PARALLEL_N=2^k values to change the size)
import { Generator, initSync, backend } from '../dist/index.js';
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';

const N = Number(process.env.PARALLEL_N ?? 2 ** 26);
const TARGET = THRESHOLDS.parallel.minSpeedup;
initSync();
const t0 = performance.now();
const plain = new Float32Array(N);
const shared = new Float32Array(new SharedArrayBuffer(4 * N));
// `out` is a preallocated array or N (the call allocates).
const kinds = [
  ['normal', (g, out, threads) => g.normal(out, { std: 0.02, threads })],
  ['uniform', (g, out, threads) => g.uniform(out, { low: -1, high: 1, threads })],
  ['truncatedNormal', (g, out, threads) => g.truncatedNormal(out, { threads })],
];
// An allocating call's result becomes garbage at once; measureInterleaved collects it between
// calls, outside the timed region.
// Start the pool untimed (worker start-up is a one-off cost, not a per-fill one).
new Generator(0).normal(plain, { threads: 2 });

const rows = [];
for (const [kind, draw] of kinds) {
  const contenders = [
    { name: '1 thread', fn: () => draw(new Generator(1), N, 1) },
    { name: '2 threads', fn: () => draw(new Generator(1), N, 2) },
    { name: '1 thread, into a Float32Array', fn: () => draw(new Generator(1), plain, 1) },
    { name: '2 threads, into a Float32Array (copy)', fn: () => draw(new Generator(1), plain, 2) },
    { name: '2 threads, into a shared Float32Array', fn: () => draw(new Generator(1), shared, 2) },
  ];
  const r = measureInterleaved(contenders, { warmup: 1, minRuns: 7, maxRuns: 15, budgetMs: 2500, rounds: 7 });
  // Speed-ups against the one-thread contender of the same kind of call (allocating / preallocated).
  contenders.forEach((c, i) => rows.push({
    kind, name: c.name, medianMs: r[i].median * 1e3, minMs: r[i].min * 1e3, maxMs: r[i].max * 1e3, runs: r[i].runs,
    mps: N / r[i].median / 1e6, speedup: r[i < 2 ? 0 : 2].median / r[i].median,
  }));
}
const table = markdownTable(['kind', 'threads', 'median ms', 'M values/s', 'speed-up vs 1 thread'],
  rows.map((r) => [r.kind, r.name, r.medianMs.toFixed(1), r.mps.toFixed(0), `${r.speedup.toFixed(2)}x`]), ['l', 'l', 'r', 'r', 'r']);
console.log(`${N} values, backend ${backend()}\n`);
console.log(table);
for (const r of rows.filter((x) => !x.name.startsWith('1 thread'))) {
  console.log(`${r.speedup >= TARGET ? 'PASS' : 'MISS'} ${r.kind}, ${r.name}: ${r.speedup.toFixed(2)}x (target >= ${TARGET}x)`);
}
const file = writeResults('parallel', {
  benchmark: 'parallel', n: N, backend: backend(), machine: { ...machineInfo(), loadavgAtEnd: (await import('node:os')).loadavg() },
  elapsedSeconds: (performance.now() - t0) / 1e3, target: TARGET,
  method: 'allocating calls (garbage collected between calls, untimed) and preallocated outputs; speed-ups against the one-thread call of the same kind; per contender 1 warm-up call, then 7-15 timed calls interleaved over 7 rounds; median; full GC between calls outside the timed region; the worker pool is started before timing',
  rows, table,
});
console.log(`\nresults: ${file}`);
