// What the engine-independent float64 math costs: src/math/elementary.ts against the engine's own
// Math.* (which returns different bits on different engines, so the library may not use it), per
// call over 2^16 arguments, and what it means for the API calls built on it (the quadrature behind
// gainFor, meanField, criticalLine and simulate's theory). Interleaved timing (bench/lib.mjs): the
// ratios are from one run on one machine.
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import * as M from '../dist/math/elementary.js';
import { criticalLine, gainFor, meanField, simulate } from '../dist/index.js';

const N = 1 << 16;
const args = (lo, hi) => Float64Array.from({ length: N }, (_, i) => lo + ((hi - lo) * ((i * 0.6180339887498949) % 1))); // a deterministic spread
const ranges = {
  exp: [-20, 20], expm1: [-2, 2], log: [1e-3, 1e3], log1p: [-0.5, 2], sin: [-10, 10], cos: [-10, 10], tanh: [-5, 5],
  erf: [-4, 4], erfc: [-4, 8],
};
const mathOf = { exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, sin: Math.sin, cos: Math.cos, tanh: Math.tanh };
let sink = 0;
const loop = (f, xs) => () => { let s = 0; for (let i = 0; i < xs.length; i++) s += f(xs[i]); sink += s; };

const functions = [];
for (const [name, [lo, hi]] of Object.entries(ranges)) {
  const xs = args(lo, hi);
  const contenders = [{ fn: loop(M[name], xs) }];
  if (mathOf[name]) contenders.push({ fn: loop(mathOf[name], xs) });
  const [own, engine] = measureInterleaved(contenders, { warmup: 3, minRuns: 9, maxRuns: 40, budgetMs: 400 });
  functions.push({
    name, range: [lo, hi], ownNsPerCall: (own.median / N) * 1e9,
    mathNsPerCall: engine ? (engine.median / N) * 1e9 : null,
    ratio: engine ? own.median / engine.median : null,
  });
}

const [gain] = measureInterleaved([{ fn: () => { for (const a of ['tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'silu', 'softplus', 'mish']) gainFor(a); } }], { minRuns: 15 });
const [mf] = measureInterleaved([{ fn: () => { for (const a of ['tanh', 'relu', 'gelu', 'selu']) meanField({ activation: a, sigmaW2: 1.5, sigmaB2: 0.05, depth: 50 }); } }], { minRuns: 5 });
const [cl] = measureInterleaved([{ fn: () => criticalLine('tanh', [0, 0.05, 0.1, 0.2]) }], { minRuns: 5 });
const [sim] = measureInterleaved([{ fn: () => simulate({ depth: 50, width: 64, batch: 16, activation: 'tanh', seed: 1 }) }], { minRuns: 9 });
const api = [
  { call: "gainFor of 8 smooth activations (rule cached)", ms: gain.median * 1e3 },
  { call: 'meanField, 4 activations, depth 50', ms: mf.median * 1e3 },
  { call: "criticalLine('tanh', 4 σ_b² values)", ms: cl.median * 1e3 },
  { call: 'simulate 50 × 64 × 16 tanh (theory included)', ms: sim.median * 1e3 },
];

console.log(markdownTable(['function', 'arguments', 'own ns/call', 'Math ns/call', 'own / Math'],
  functions.map((f) => [f.name, `[${f.range.join(', ')}]`, f.ownNsPerCall.toFixed(1), f.mathNsPerCall === null ? '—' : f.mathNsPerCall.toFixed(1), f.ratio === null ? '— (no Math.' + f.name + ')' : `${f.ratio.toFixed(2)}×`]),
  ['left', 'left', 'right', 'right', 'right']));
console.log();
console.log(markdownTable(['call', 'median ms'], api.map((a) => [a.call, a.ms.toFixed(2)]), ['left', 'right']));
if (sink === 42) console.log('');
writeResults('elementary', { machine: machineInfo(), functions, api });
