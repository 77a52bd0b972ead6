// Orthogonal initialisation (issue 4, "Benchmark"): an n x n orthogonal matrix, float32, one thread,
// n in {128, 256, 512, 1024, 2048}, every contender in the same process and run.
//
//   npm run build && node bench/orthogonal.mjs        (or: npm run bench)
//
// Contenders:
// - weight-init `orthogonal([n, n])` on each backend (wasm-simd, wasm-scalar, js): normal draw,
//   blocked Householder QR + Q formation in float64, sign fix, float32 output — all timed.
//   The js backend stops at 1024 (≈2.3 s there; 2048 would take ≈20 s a call).
// - ml-matrix QrDecomposition + orthogonalMatrix + sign fix from the R diagonal (the normal matrix
//   is drawn outside the timed region). Up to 1024 (≈10 s there; 2048 would take minutes).
// - tfjs-layers `initializers.orthogonal` on the tfjs wasm backend (single thread) up to 1024
//   (≈19 s there; 2048 skipped), and on the tfjs cpu backend up to 256 only (10 s at 256).
//
// Timing: a call that takes over 3 s is measured once (that call is the figure); otherwise one
// untimed warm-up and the median of >= 3 timed calls (5 when a call is under 0.5 s).
// GFLOP/s uses the customary 4/3·n³ (the QR alone; forming Q costs as much again).
// Target (issue 4; bench/thresholds.mjs): 1024 x 1024 float32 on wasm-simd within a time limit.
// A MISS is reported, not an error.
import { orthogonal, setBackend, availableBackends, Generator } from '../dist/index.js';
import { Matrix, QrDecomposition } from 'ml-matrix';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { collect, machineInfo, markdownTable, writeResults } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';

const SIZES = (process.env.SIZES ?? "128,256,512,1024,2048").split(",").map(Number);
const { n: TARGET_N, maxSeconds: TARGET_S } = THRESHOLDS.orthogonal;
const LIMITS = { 'weight-init js': 1024, 'ml-matrix': 1024, 'tfjs-layers wasm': 1024, 'tfjs-layers cpu': 256 };

function time(fn) {
  collect();
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function measure(fn) {
  const first = time(fn);
  if (first > 3) return { median: first, runs: 1, times: [first] };
  const runs = first < 0.5 ? 5 : 3;
  const times = [];
  for (let k = 0; k < runs; k++) times.push(time(fn));
  return { median: median(times), runs, times };
}

// ml-matrix: QR of the drawn matrix, Q, then column j times sign(R[j][j]).
function mlMatrixOrthogonal(a) {
  const qr = new QrDecomposition(a);
  const q = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;
  const n = q.columns;
  for (let j = 0; j < n; j++) {
    if (r.get(j, j) < 0) for (let i = 0; i < q.rows; i++) q.set(i, j, -q.get(i, j));
  }
  return q;
}

// tfjs-layers' Orthogonal calls chained tensor methods (t.flatten(), .stridedSlice(), .sign(),
// .transpose(), .reshape()) that only the @tensorflow/tfjs union package registers; with
// tfjs-core alone (and its ESM chained-ops files not loadable by Node) they are shimmed here with
// the same ops. The shims add no work beyond what the methods would do.
const proto = tf.Tensor.prototype;
proto.flatten ??= function () { return tf.reshape(this, [this.size]); };
proto.stridedSlice ??= function (b, e, s) { return tf.stridedSlice(this, b, e, s); };
proto.sign ??= function () { return tf.sign(this); };
proto.transpose ??= function (perm) { return tf.transpose(this, perm); };
proto.reshape ??= function (shape) { return tf.reshape(this, shape); };

// tfjs prints hints and a slowness warning above 2000 elements; keep the output readable.
const warn = console.warn;
console.warn = () => {};
tfwasm.setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();
console.warn = warn;
console.log(`tfjs wasm backend: ${tf.getBackend()}, threads ${tfwasm.getThreadsCount()}`);

function tfjsOrthogonal(n) {
  const init = tfl.initializers.orthogonal({ gain: 1, seed: 1 });
  console.warn = () => {};
  const t = init.apply([n, n]);
  console.warn = warn;
  t.dataSync();
  t.dispose();
}

const contenders = [];
for (const b of availableBackends()) {
  contenders.push({ name: `weight-init ${b}`, setup: async () => setBackend(b), run: (n) => { const g = new Generator(1); return () => orthogonal([n, n], { generator: g }); } });
}
contenders.push({
  name: 'ml-matrix',
  setup: async () => {},
  run: (n) => {
    const z = new Generator(1).normal(n * n);
    const rows = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(z.subarray(i * n, (i + 1) * n)));
    const a = new Matrix(rows);
    return () => mlMatrixOrthogonal(a);
  },
});
contenders.push({ name: 'tfjs-layers wasm', setup: async () => { await tf.setBackend('wasm'); }, run: (n) => () => tfjsOrthogonal(n) });
contenders.push({ name: 'tfjs-layers cpu', setup: async () => { console.warn = () => {}; await tf.setBackend('cpu'); console.warn = warn; }, run: (n) => () => tfjsOrthogonal(n) });

const results = {}; // name -> n -> { median, runs }
for (const c of contenders) {
  results[c.name] = {};
  await c.setup();
  for (const n of SIZES) {
    if (n > (LIMITS[c.name] ?? Infinity)) continue;
    const m = measure(c.run(n));
    results[c.name][n] = m;
    console.log(`${c.name.padEnd(22)} n=${String(n).padStart(4)}  ${m.median.toFixed(4)} s  (${m.runs} run${m.runs > 1 ? 's' : ''})`);
  }
}

const ours = 'weight-init wasm-simd';
const peers = ['ml-matrix', 'tfjs-layers wasm', 'tfjs-layers cpu'];
const rows = [];
for (const c of contenders) {
  for (const n of SIZES) {
    const m = results[c.name][n];
    if (m === undefined) continue;
    const gflops = (4 / 3) * n ** 3 / m.median / 1e9;
    const row = { contender: c.name, n, seconds: m.median, runs: m.runs, times: m.times, gflops };
    if (c.name === ours) {
      for (const p of peers) {
        const pm = results[p][n];
        if (pm !== undefined) row[`speedup vs ${p}`] = pm.median / m.median;
      }
    }
    rows.push(row);
  }
}

const fmt = (s) => (s === undefined ? '—' : s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);
const table = markdownTable(
  ['n', ...contenders.map((c) => c.name), `${ours} GFLOP/s`, ...peers.map((p) => `× ${p}`)],
  SIZES.map((n) => {
    const o = results[ours][n];
    return [
      n,
      ...contenders.map((c) => fmt(results[c.name][n]?.median)),
      o ? ((4 / 3) * n ** 3 / o.median / 1e9).toFixed(2) : '—',
      ...peers.map((p) => (o && results[p][n] ? `${(results[p][n].median / o.median).toFixed(0)}×` : '—')),
    ];
  }),
  ['r', ...contenders.map(() => 'r'), 'r', ...peers.map(() => 'r')],
);
console.log('\n' + table + '\n');
console.log('— = not run: js backend and ml-matrix above 1024, tfjs wasm at 2048, tfjs cpu above 256 (too slow).');

const atTarget = results[ours][TARGET_N]?.median;
const pass = atTarget !== undefined && atTarget <= TARGET_S;
console.log(`${pass ? 'PASS' : 'MISS'}: ${TARGET_N} x ${TARGET_N} float32 on wasm-simd in ${fmt(atTarget)} (target <= ${TARGET_S} s)`);

const file = writeResults('orthogonal', {
  ...machineInfo(),
  benchmark: 'orthogonal n x n float32, one thread, median seconds',
  flopsConvention: '4/3 n^3',
  target: { n: TARGET_N, seconds: TARGET_S, pass, measured: atTarget },
  limits: LIMITS,
  rows,
  table,
});
console.log(`wrote ${file}`);
