// The playground's compute worker: simulate(), mean-field theory, the histogram and the phase
// diagram run here, so the page never freezes. Messages in: Request; out: Reply (see main.ts).
import {
  criticalLine, Generator, getInitializer, init, meanField, phaseDiagram, simulate,
  type MeanFieldResult, type PhaseDiagram, type SimulateResult,
} from 'weight-init';
import { activationOf, toConfig, type State } from './state.js';

export type Request =
  | { type: 'sim'; id: number; state: State }
  | { type: 'hist'; id: number; state: State }
  | { type: 'phase'; id: number; state: State; sigmaW2: number[]; sigmaB2: number[] };

export interface Histogram { layer: number; kind: 'pre' | 'post'; edges: number[]; counts: number[]; examples: number }

export type Reply =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'sim'; id: number; result: SimulateResult; sigmaW2: number; meanField: MeanFieldResult | null; ms: number; backend: string }
  | { type: 'hist'; id: number; hist: Histogram }
  | { type: 'phase'; id: number; diagram: PhaseDiagram; critical: number[] }
  | { type: 'error'; id: number; message: string };

const post = (r: Reply): void => (self as unknown as Worker).postMessage(r);
const ready = init();

/** σ_w² = fanIn · E[W²] of the first hidden layer's weights (the draw simulate() makes for layer 2). */
function measuredSigmaW2(s: State): number {
  const cfg = toConfig(s);
  const spec = cfg.init as string | { id: string };
  const id = typeof spec === 'string' ? spec : spec.id;
  const { id: _ignored, ...opts } = typeof spec === 'string' ? { id } : spec;
  const w = getInitializer(id, opts)([s.width, s.width], { generator: new Generator(s.seed).fork('weights').fork(Math.min(2, s.depth)) });
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]! * w[i]!;
  return (sum / w.length) * s.width;
}

// ---- histogram: activations at a layer.
// simulate() reports statistics, not the activations themselves, so the worker re-runs the forward
// pass in float64 on the first HIST_EXAMPLES examples with the very weights, biases and input
// simulate() draws (its documented fork labels: 'input', 'weights'→l, 'bias'→l).
const HIST_EXAMPLES = 64;
const SELU_A = 1.6732632423543772, SELU_S = 1.0507009873554805;
function phiOf(s: State): (x: number) => number {
  const sig = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
  switch (s.activation) {
    case 'linear': return (x) => x;
    case 'relu': return (x) => (x > 0 ? x : 0);
    case 'leakyRelu': return (x) => (x > 0 ? x : s.slope * x);
    case 'tanh': return Math.tanh;
    case 'sigmoid': return sig;
    case 'selu': return (x) => SELU_S * (x > 0 ? x : SELU_A * Math.expm1(x));
    case 'elu': return (x) => (x > 0 ? x : s.alpha * Math.expm1(x));
    case 'gelu': return (x) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'silu': return (x) => x * sig(x);
    case 'softplus': return (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
  }
}
/** erf to ~1e-7 (Abramowitz–Stegun 7.1.26 is too coarse near 0; this is a histogram, 1e-7 is plenty). */
function erf(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y = 1 - t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? y : -y;
}

let histCache: { key: string; pre: Float64Array[]; post: Float64Array[]; B: number } | undefined;

function netKey(s: State): string {
  return JSON.stringify({ ...s, layer: 0, hist: 'pre' });
}

function layerActivations(s: State): { pre: Float64Array[]; post: Float64Array[]; B: number } {
  const key = netKey(s);
  if (histCache?.key === key) return histCache;
  const cfg = toConfig(s);
  const n = s.width, Bfull = s.batch, B = Math.min(HIST_EXAMPLES, Bfull), phi = phiOf(s);
  const root = new Generator(s.seed);
  const h0 = root.fork('input').normal(n * Bfull); // neuron-major: h0[i·batch + b]
  const spec = cfg.init as string | { id: string };
  const id = typeof spec === 'string' ? spec : spec.id;
  const { id: _ignored, ...opts } = typeof spec === 'string' ? { id } : spec;
  const initFn = getInitializer(id, opts);
  const wg = root.fork('weights'), bg = root.fork('bias');
  const alpha = s.residual === 'none' ? undefined : s.residual === 'alpha' ? s.residualAlpha : s.residual === 'rezero' ? 0
    : s.residual === 'zeroInitLast' ? 1 : s.residual === 'fixup' ? s.depth ** -0.5 : 1 / Math.sqrt(2 * s.depth);
  let h = new Float64Array(n * B);
  for (let i = 0; i < n; i++) for (let b = 0; b < B; b++) h[i * B + b] = h0[i * Bfull + b]!;
  const pre: Float64Array[] = [], postA: Float64Array[] = [];
  const activate = (x: Float64Array): Float64Array => {
    let u = x;
    if (s.norm === 'layer') {
      u = new Float64Array(x.length);
      for (let b = 0; b < B; b++) {
        let m = 0, m2 = 0;
        for (let i = 0; i < n; i++) { const v = x[i * B + b]!; m += v; m2 += v * v; }
        m /= n;
        const r = 1 / Math.sqrt(Math.max(0, m2 / n - m * m) + 1e-5);
        for (let i = 0; i < n; i++) u[i * B + b] = (x[i * B + b]! - m) * r;
      }
    }
    return u.map(phi);
  };
  for (let l = 0; l <= s.depth; l++) {
    const a = activate(h);
    pre.push(h);
    postA.push(a);
    if (l === s.depth) break;
    const W = s.residual === 'zeroInitLast' ? new Float32Array(n * n) : initFn([n, n], { generator: wg.fork(l + 1) });
    const bias = s.sigmaB2 === 0 ? new Float32Array(n) : bg.fork(l + 1).normal(n, { std: Math.sqrt(s.sigmaB2) });
    const next = new Float64Array(n * B);
    const acc = new Float64Array(B);
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      for (let k = 0; k < n; k++) {
        const w = W[i * n + k]!;
        if (w === 0) continue;
        const row = k * B;
        for (let b = 0; b < B; b++) acc[b]! += w * a[row + b]!;
      }
      for (let b = 0; b < B; b++) {
        const f = acc[b]! + bias[i]!;
        next[i * B + b] = alpha === undefined ? f : h[i * B + b]! + alpha * f;
      }
    }
    h = next;
  }
  histCache = { key, pre, post: postA, B };
  return histCache;
}

function histogram(s: State): Histogram {
  const { pre, post: postA, B } = layerActivations(s);
  const layer = Math.min(s.layer, s.depth);
  const xs = (s.hist === 'pre' ? pre : postA)[layer]!;
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) { if (x < lo) lo = x; if (x > hi) hi = x; }
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  const bins = 60, width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
  return { layer, kind: s.hist, edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts, examples: B };
}

self.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  try {
    await ready;
    if (req.type === 'sim') {
      const t0 = performance.now();
      const result = simulate({ ...toConfig(req.state), onProgress: (done, total) => { if (done % 10 === 0) post({ type: 'progress', id: req.id, done, total }); } });
      // The nominal σ_w² when the init is variance scaling (exactly critical for He + ReLU); else
      // the one measured from the drawn weights.
      const sigmaW2 = result.theory?.sigmaW2[0] ?? measuredSigmaW2(req.state);
      let mf: MeanFieldResult | null = null;
      if (sigmaW2 > 0) mf = meanField({ activation: activationOf(req.state)!, sigmaW2, sigmaB2: req.state.sigmaB2, depth: req.state.depth });
      post({ type: 'sim', id: req.id, result, sigmaW2, meanField: mf, ms: performance.now() - t0, backend: result.backend });
      post({ type: 'hist', id: req.id, hist: histogram(req.state) });
    } else if (req.type === 'hist') {
      post({ type: 'hist', id: req.id, hist: histogram(req.state) });
    } else {
      const activation = activationOf(req.state)!;
      const diagram = phaseDiagram({ activation, sigmaW2: req.sigmaW2, sigmaB2: req.sigmaB2 });
      const critical = criticalLine(activation, req.sigmaB2.filter((_, i) => i % 2 === 0));
      post({ type: 'phase', id: req.id, diagram, critical });
    }
  } catch (err) {
    post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
  }
};
