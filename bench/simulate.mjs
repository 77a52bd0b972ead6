// Simulator benchmark (issue 5): SGEMM f32 at n ∈ {256, 512, 1024} and the end-to-end forward +
// backward pass of batch 256 × width 512 × depth 50 (tanh and ReLU), one thread, against
// @tensorflow/tfjs-backend-wasm (XNNPACK), tfjs cpu and a plain-JS ikj loop.
//
//   npm run build && node bench/simulate.mjs
//
// weight-init's GEMM timing is given twice: with the operands resident in WASM memory (a simulator
// workspace, as simulate() runs it) and through backend.sgemm, which copies the operands in and the
// result out on every call (what lsuv and one-off products pay). The fwd+bwd contenders all do the
// same work per layer:
// H = W·φ(H) forward, δ = φ′ ⊙ Wᵀδ backward (tfjs: matMul with transposeA, i.e. no pre-transposed
// copy). weight-init's row is `simulate()` itself with weightGradNorm and the Jacobian probes off,
// so it also pays for the per-layer statistics; a second row includes everything simulate does by
// default (a third GEMM per layer for ‖∇W‖ and the Jacobian probes).
// Targets (bench/thresholds.mjs): GEMM GFLOP/s at n = 1024, fwd+bwd seconds. A MISS is reported,
// not an error.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Generator, initSync, setBackend, simulate } from '../dist/index.js';
import { activeKernels } from '../dist/kernels/backend.js';
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';

initSync();
const warn = console.warn;
console.warn = () => {};
await tf.setBackend('wasm');
await tf.ready();
console.warn = warn;

async function useTf(name) {
  if (tf.getBackend() !== name) { await tf.setBackend(name); await tf.ready(); }
}

function ikj(m, n, k, a, b, c) {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let kk = 0; kk < k; kk++) {
      const av = a[i * k + kk];
      const bo = kk * n, co = i * n;
      for (let j = 0; j < n; j++) c[co + j] += av * b[bo + j];
    }
  }
}

const results = { machine: machineInfo(), gemm: [], fwdbwd: [] };

for (const n of [256, 512, 1024]) {
  const a = new Generator(1).normal(n * n), b = new Generator(2).normal(n * n), c = new Float32Array(n * n);
  const flops = 2 * n ** 3;
  // Operands resident in a simulator workspace (what simulate() does since the arena): no copies.
  setBackend('wasm-simd');
  const ws = activeKernels().workspace(3 * n * n);
  ws.f32().set(a, 0);
  ws.f32().set(b, n * n);
  const contenders = [
    { name: 'weight-init wasm-simd (resident)', before: () => setBackend('wasm-simd'), fn: () => ws.sgemm(n, n, n, 0, n, 1, n * n, n, 1, 2 * n * n) },
    { name: 'weight-init wasm-simd', before: () => setBackend('wasm-simd'), fn: () => activeKernels().sgemm(n, n, n, a, n, 1, b, n, 1, c) },
    { name: 'weight-init wasm-scalar', before: () => setBackend('wasm-scalar'), fn: () => activeKernels().sgemm(n, n, n, a, n, 1, b, n, 1, c) },
  ];
  const ta = tf.tensor2d(a, [n, n]), tb = tf.tensor2d(b, [n, n]);
  await useTf('wasm');
  const ta2 = tf.tensor2d(a, [n, n]), tb2 = tf.tensor2d(b, [n, n]);
  contenders.push({ name: 'tfjs-wasm (XNNPACK)', fn: () => { const t = tf.matMul(ta2, tb2); t.dataSync(); t.dispose(); } });
  // tfjs-cpu and the JS loop only where they finish in reasonable time.
  const slow = [];
  if (n <= 512) {
    slow.push({ name: 'tfjs-cpu', fn: () => { const t = tf.matMul(ta, tb); t.dataSync(); t.dispose(); } });
    slow.push({ name: 'plain JS ikj', fn: () => ikj(n, n, n, a, b, c) });
  }
  const fast = measureInterleaved(contenders, { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 1500 });
  contenders.forEach((ct, i) => { results.gemm.push({ n, name: ct.name, seconds: fast[i].median, gflops: flops / fast[i].median / 1e9 }); });
  ws.release();
  if (slow.length) {
    await useTf('cpu');
    const ta3 = tf.tensor2d(a, [n, n]), tb3 = tf.tensor2d(b, [n, n]);
    slow[0].fn = () => { const t = tf.matMul(ta3, tb3); t.dataSync(); t.dispose(); };
    const r = measureInterleaved(slow, { warmup: 1, minRuns: 3, maxRuns: 5, budgetMs: 1000 });
    slow.forEach((ct, i) => results.gemm.push({ n, name: ct.name, seconds: r[i].median, gflops: flops / r[i].median / 1e9 }));
    tf.dispose([ta3, tb3]);
    await useTf('wasm');
  }
  tf.dispose([ta, tb, ta2, tb2]);
}
setBackend('wasm-simd');

const depth = 50, width = 512, batch = 256;
function tfFwdBwd(act) {
  return () => tf.tidy(() => {
    const Ws = [];
    for (let l = 0; l < depth; l++) Ws.push(tf.randomNormal([width, width], 0, Math.sqrt((act === 'relu' ? 2 : 1) / width), 'float32', l));
    let h = tf.randomNormal([width, batch], 0, 1, 'float32', 99);
    const D = [];
    for (let l = 0; l < depth; l++) {
      const a = act === 'relu' ? tf.relu(h) : tf.tanh(h);
      D.push(act === 'relu' ? tf.step(h) : tf.sub(1, tf.square(a)));
      h = tf.matMul(Ws[l], a);
    }
    let d = tf.randomNormal([width, batch], 0, 1, 'float32', 7);
    for (let l = depth - 1; l >= 0; l--) d = tf.mul(D[l], tf.matMul(Ws[l], d, true, false));
    d.dataSync();
  });
}
for (const act of ['tanh', 'relu']) {
  const cfg = { depth, width, batch, activation: act, init: act === 'relu' ? 'kaimingNormal' : 'xavierNormal' };
  const contenders = [
    { name: 'weight-init simulate (stats, no ‖∇W‖/Jacobian)', before: () => setBackend('wasm-simd'), fn: () => simulate({ ...cfg, weightGradNorm: false, jacobianProbes: 0 }) },
    { name: 'weight-init simulate (defaults: + ‖∇W‖ + Jacobian)', before: () => setBackend('wasm-simd'), fn: () => simulate(cfg) },
    { name: 'tfjs-wasm (XNNPACK, transposeA)', before: () => {}, fn: tfFwdBwd(act) },
  ];
  await useTf('wasm');
  const r = measureInterleaved(contenders, { warmup: 1, minRuns: 5, maxRuns: 9, budgetMs: 4000 });
  contenders.forEach((ct, i) => results.fwdbwd.push({ activation: act, name: ct.name, seconds: r[i].median }));
  if (act === 'tanh') {
    await useTf('cpu');
    const rc = measureInterleaved([{ name: 'tfjs-cpu', fn: tfFwdBwd(act) }], { warmup: 0, minRuns: 1, maxRuns: 1, budgetMs: 1 });
    results.fwdbwd.push({ activation: act, name: 'tfjs-cpu', seconds: rc[0].median });
    await useTf('wasm');
  }
}

const { gemmN, gemmMinGflops, fwdBwdMaxSeconds } = THRESHOLDS.simulate;
const gemmTarget = results.gemm.find((g) => g.n === gemmN && g.name === 'weight-init wasm-simd (resident)');
const fbTarget = results.fwdbwd.filter((f) => f.name.startsWith('weight-init simulate (stats')).map((f) => f.seconds);
results.targets = {
  gemm1024: { target: gemmMinGflops, measured: gemmTarget.gflops, pass: gemmTarget.gflops >= gemmMinGflops },
  fwdbwd: { target: fwdBwdMaxSeconds, measured: Math.max(...fbTarget), pass: Math.max(...fbTarget) <= fwdBwdMaxSeconds },
};
writeResults('simulate', results);
console.log(markdownTable(['n', 'contender', 'ms', 'GFLOP/s'], results.gemm.map((g) => [g.n, g.name, (g.seconds * 1e3).toFixed(2), g.gflops.toFixed(2)]), ['r', 'l', 'r', 'r']));
console.log('');
console.log(markdownTable(['activation', 'fwd+bwd 50 × 512 × 256', 's'], results.fwdbwd.map((f) => [f.activation, f.name, f.seconds.toFixed(3)]), ['l', 'l', 'r']));
console.log('');
for (const [k, t] of Object.entries(results.targets)) console.log(`${t.pass ? 'PASS' : 'MISS'} ${k}: ${t.measured.toFixed(3)} (target ${k === 'gemm1024' ? '>=' : '<='} ${t.target})`);
