// Initializer throughput (issue 3, "Benchmark"): kaimingNormal([4096, 4096]) and
// xavierUniform([4096, 4096]) against tfjs-layers' heNormal / glorotUniform `.apply([4096, 4096])`
// on tfjs-core's cpu backend, all in one process and run, calls interleaved in rounds so
// background load hits every contender alike, median of >= 5 timed calls each (bench/lib.mjs).
//
//   npm run build && node bench/initializers.mjs        (or: npm run bench)
//
// Every contender returns a fresh 16M-value Float32Array per call (weight-init allocates it; tfjs
// allocates a tensor, `dataSync()` is included and the tensor disposed). A weight-init row with a
// reused `out` shows the cost of allocation separately. The std column checks each contender did
// its job: tfjs's heNormal is a truncated normal without the 0.8796 correction, so its std is
// 0.88x the intended one (tfjs#8594); its distribution differs from kaimingNormal's (PyTorch's
// untruncated normal), so that pair compares throughput of comparable work, not identical output.
import { backend, Generator, kaimingNormal, xavierUniform } from '../dist/index.js';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { machineInfo, markdownTable, measureInterleaved, moments, writeResults, tfjsCpuQuietly } from './lib.mjs';

const SHAPE = [4096, 4096];
const N = SHAPE[0] * SHAPE[1];
const FAN = 4096;

await tfjsCpuQuietly(tf);

const g = new Generator(20240607);
const out = new Float32Array(N);
let seed = 1;
let last;

const tfjs = (name, make) => ({
  name,
  fn() {
    const t = make().apply(SHAPE, 'float32');
    last = t.dataSync();
    t.dispose();
  },
});

const contenders = [
  { name: 'weight-init kaimingNormal', expectStd: Math.sqrt(2 / FAN), fn: () => { last = kaimingNormal(SHAPE, { generator: g }); } },
  { name: 'weight-init kaimingNormal (out)', expectStd: Math.sqrt(2 / FAN), fn: () => { last = kaimingNormal(SHAPE, { generator: g, out }); } },
  { ...tfjs('tfjs-layers heNormal.apply (cpu)', () => tfl.initializers.heNormal({ seed: seed++ })), expectStd: Math.sqrt(2 / FAN) },
  { name: 'weight-init xavierUniform', expectStd: Math.sqrt(2 / (2 * FAN)), fn: () => { last = xavierUniform(SHAPE, { generator: g }); } },
  { name: 'weight-init xavierUniform (out)', expectStd: Math.sqrt(2 / (2 * FAN)), fn: () => { last = xavierUniform(SHAPE, { generator: g, out }); } },
  { ...tfjs('tfjs-layers glorotUniform.apply (cpu)', () => tfl.initializers.glorotUniform({ seed: seed++ })), expectStd: Math.sqrt(2 / (2 * FAN)) },
];

// Check each contender once (outside the clock): length and std against the intended one.
const stdRatio = contenders.map((c) => {
  c.fn();
  if (last.length !== N) throw new Error(`${c.name} returned ${last.length} values, expected ${N}`);
  return moments(last).std / c.expectStd;
});

const results = measureInterleaved(contenders, { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 2500, rounds: 5 });

const rows = contenders.map((c, i) => ({
  name: c.name,
  medianMs: +(results[i].median * 1e3).toFixed(2),
  minMs: +(results[i].min * 1e3).toFixed(2),
  maxMs: +(results[i].max * 1e3).toFixed(2),
  runs: results[i].runs,
  valuesPerSec: Math.round(N / results[i].median),
  stdOverIntended: +stdRatio[i].toFixed(4),
}));

const machine = machineInfo();
const file = writeResults('initializers', {
  machine,
  node: process.version,
  date: machine.date,
  backend: backend(),
  shape: SHAPE,
  rows,
});

console.log(`weight-init backend: ${backend()}; shape [${SHAPE.join(', ')}] (${N} values); ${machine.cpu}, node ${process.version}\n`);
console.log(markdownTable(
  ['contender', 'median ms', 'M values/s', 'runs', 'std / intended'],
  rows.map((r) => [r.name, r.medianMs.toFixed(1), (r.valuesPerSec / 1e6).toFixed(0), r.runs, r.stdOverIntended.toFixed(3)]),
  ['l', 'r', 'r', 'r', 'r'],
));
const speedup = (a, b) => (rows[b].medianMs / rows[a].medianMs).toFixed(1);
console.log(`\nkaimingNormal vs tfjs heNormal: ${speedup(0, 2)}x; xavierUniform vs tfjs glorotUniform: ${speedup(3, 5)}x (allocation included on both sides)`);
console.log(`wrote ${file}`);
