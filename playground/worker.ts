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
// simulate()'s onLayer hook hands over hˡ and φ(hˡ) of every layer; the first HIST_EXAMPLES
// examples of each are kept for the histogram and its layer slider.
const HIST_EXAMPLES = 64;

let histCache: { key: string; pre: Float32Array[]; post: Float32Array[]; B: number } | undefined;

function netKey(s: State): string {
  return JSON.stringify({ ...s, layer: 0, hist: 'pre' });
}

/** An onLayer hook collecting state `s`'s activations; `commit()` makes them the cache once the run succeeded. */
function collector(s: State): { onLayer: (layer: number, pre: Float32Array, post: Float32Array) => void; commit: () => void } {
  const n = s.width, batch = s.batch, B = Math.min(HIST_EXAMPLES, batch);
  const cache = { key: netKey(s), pre: [] as Float32Array[], post: [] as Float32Array[], B };
  const first = (x: Float32Array): Float32Array => {
    const out = new Float32Array(n * B);
    for (let i = 0; i < n; i++) out.set(x.subarray(i * batch, i * batch + B), i * B);
    return out;
  };
  return {
    onLayer: (l, pre, post) => { cache.pre[l] = first(pre); cache.post[l] = first(post); },
    commit: () => { histCache = cache; },
  };
}

function layerActivations(s: State): { pre: Float32Array[]; post: Float32Array[]; B: number } {
  if (histCache?.key !== netKey(s)) {
    const c = collector(s);
    simulate({ ...toConfig(s), backward: false, onLayer: c.onLayer });
    c.commit();
  }
  return histCache!;
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
      const c = collector(req.state);
      const result = simulate({
        ...toConfig(req.state), onLayer: c.onLayer,
        // An ensemble counts whole networks (a handful), a single run layers: report every step of a few.
        onProgress: (done, total) => { if (total <= 32 || done % 10 === 0) post({ type: 'progress', id: req.id, done, total }); },
      });
      c.commit();
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
