// Ensemble simulation (issue 15, item 3): simulate({ networks: 16 }) at batch 512 x width 256 x
// depth 50 (ReLU, kaimingNormal, everything simulate does by default: backward pass, ‖∇W‖, Jacobian
// probes) on `threads: 1` and `threads: 2`, interleaved round by round (bench/lib.mjs) so background
// load on this shared 2-core machine slows both alike; medians reported. Whole networks are the
// unit of work, so the ideal speed-up on 2 threads is 2x (16 networks split 8 + 8). Target
// (bench/thresholds.mjs, simulateEnsemble): at least 1.8x. The results are checked bit-identical.
//
//   npm run build && node bench/run.mjs ensemble      (ENSEMBLE_K=k networks to change the size)
import os from 'node:os';
import { backend, initSync, simulate } from '../dist/index.js';
import { lastParallelEnsemble } from '../dist/parallel/pool.js';
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';

const K = Number(process.env.ENSEMBLE_K ?? 16);
const CONFIG = Object.freeze({ depth: 50, width: 256, batch: 512, activation: 'relu', init: 'kaimingNormal', seed: 1, networks: K });
const TARGET = THRESHOLDS.simulateEnsemble.minSpeedup;
initSync();
const t0 = performance.now();

// Start the pool and load the simulator in its worker untimed (a one-off cost, not a per-call one),
// and check the two thread counts agree, bit for bit.
const bitsOf = (r) => JSON.stringify(r, (_k, v) => (typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : v));
const small = { ...CONFIG, depth: 4, width: 32, batch: 16, networks: 6 };
if (bitsOf(simulate({ ...small, threads: 1 })) !== bitsOf(simulate({ ...small, threads: 2 }))) throw new Error('threads 1 and 2 differ');

let last1, last2;
const contenders = [
  { name: '1 thread', fn: () => { last1 = simulate({ ...CONFIG, threads: 1 }); } },
  { name: '2 threads', fn: () => { last2 = simulate({ ...CONFIG, threads: 2 }); } },
];
const r = measureInterleaved(contenders, { warmup: 1, minRuns: 3, maxRuns: 5, budgetMs: 10000, rounds: 3 });
if (bitsOf(last1) !== bitsOf(last2)) throw new Error('threads 1 and 2 differ at the benchmark size');
const split = lastParallelEnsemble();
const rows = contenders.map((c, i) => ({
  name: c.name, medianS: r[i].median, minS: r[i].min, maxS: r[i].max, runs: r[i].runs,
  perNetworkMs: (r[i].median / K) * 1e3, speedup: r[0].median / r[i].median,
}));
const table = markdownTable(['threads', 'median s', 'ms per network', 'runs', 'speed-up vs 1 thread'],
  rows.map((x) => [x.name, x.medianS.toFixed(2), x.perNetworkMs.toFixed(0), String(x.runs), `${x.speedup.toFixed(2)}x`]), ['l', 'r', 'r', 'r', 'r']);
console.log(`K = ${K} networks, batch ${CONFIG.batch} x width ${CONFIG.width} x depth ${CONFIG.depth}, backend ${backend()}\n`);
console.log(table);
console.log(`last 2-thread call: the calling thread computed ${split?.caller} of ${split?.networks} networks`);
const speedup = rows[1].speedup;
console.log(`${speedup >= TARGET ? 'PASS' : 'MISS'} 2 threads: ${speedup.toFixed(2)}x (target >= ${TARGET}x)`);
const file = writeResults('ensemble', {
  benchmark: 'ensemble', config: CONFIG, backend: backend(), machine: { ...machineInfo(), loadavgAtEnd: os.loadavg() },
  elapsedSeconds: (performance.now() - t0) / 1e3, target: TARGET, speedup, lastSplit: split,
  method: 'simulate() with networks on threads 1 and 2 in the same run; per contender 1 warm-up call, then 3-5 timed calls interleaved over 3 rounds; median; full GC between calls outside the timed region; the worker pool is started before timing; results checked bit-identical',
  rows, table,
});
console.log(`\nresults: ${file}`);
