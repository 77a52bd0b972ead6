// The deep signal-propagation simulator: forward and backward passes of a random fully connected
// network through depth on the active backend (SIMD GEMM), per-layer statistics, the input–output
// Jacobian's spectrum moments, mean-field theory beside the measurements, and a few SGD steps.
//
// Convention: h⁰ is the input; layer l = 1..L computes hˡ = Wˡ φ(hˡ⁻¹) + bˡ (with `residual`,
// hˡ = hˡ⁻¹ + α(Wˡ φ(hˡ⁻¹) + bˡ); with `norm: 'layer'`, φ is applied to LayerNorm(hˡ⁻¹)); the
// backward pass starts from δᴸ ~ N(0, I) and applies δˡ⁻¹ = φ′(hˡ⁻¹) ⊙ Wˡᵀ δˡ.
//
// Activations are stored neuron-major: x[i·batch + b] is neuron i on example b.
import { kernel, backend, type BackendName, type Workspace } from '../kernels/backend.js';
import { Generator } from '../random/generator.js';
import { getInitializer } from '../initializers/get-initializer.js';
import { nominalSigmaW2 } from './nominal.js';
import { count, describe, finite, oneOf, options, positive } from '../validate.js';
import { resolveActivation, type ResolvedActivation, type SimActivation } from './activation.js';
import { gaussExpectation } from './mean-field.js';
import { distinctNeurons } from './statistics.js';

/**
 * A layer's weight initialisation: an initializer id (`'kaimingNormal'`, `'orthogonal'`, `'zeros'`,
 * any id `getInitializer` knows), an id with that initializer's options (`{ id: 'xavierNormal',
 * gain: 5 / 3 }`), `{ sigmaW2 }` for N(0, σ_w²/fanIn), or a function returning the `[out, in]`
 * row-major weights of layer `layer` (1-based) from `generator`.
 */
export type InitSpec =
  | string
  | { id: string; [option: string]: unknown }
  | { sigmaW2: number }
  | ((shape: [number, number], generator: Generator, layer: number) => Float32Array);

/** Bias initialisation: `{ sigmaB2 }` for N(0, σ_b²) (σ_b² = 0: zeros), or an {@link InitSpec} for shape [out]. */
export type BiasSpec = { sigmaB2: number } | Exclude<InitSpec, { sigmaW2: number }>;

/** Residual connections x ← x + α·F(x) (F = one layer), α given or from a named recipe. */
export type ResidualSpec = { alpha: number } | 'zeroInitLast' | 'fixup' | 'depthScaled' | 'rezero';

/** Options of the `train` run. */
export interface TrainOptions {
  /** SGD steps (≥ 0). */
  steps: number;
  /** Learning rate (> 0). */
  lr: number;
}

/** Configuration of {@link simulate}. */
export interface SimulateConfig {
  /** Number of layers L (≥ 1). */
  depth: number;
  /** Width of every layer (h⁰ … hᴸ). Give this or `widths`. */
  width?: number;
  /** Widths n⁰ … nᴸ (length depth + 1). */
  widths?: readonly number[];
  /** Examples in the batch. Default 256. */
  batch?: number;
  /** `'gaussian'` (default): h⁰ iid N(0, q0); or a Float32Array of batch·n⁰ values, example-major (row b = example b). */
  input?: 'gaussian' | Float32Array;
  /** Second moment of the Gaussian input. Default 1. */
  q0?: number;
  /** The activation φ. Default `'relu'`. */
  activation?: SimActivation;
  /** Weight initialisation. Default `'kaimingNormal'`. */
  init?: InitSpec;
  /** Bias initialisation. Default `{ sigmaB2: 0 }` (zeros). */
  bias?: BiasSpec;
  /**
   * Residual connections: `{ alpha }`; `'rezero'` α = 0 (Bachlechner et al. 2020); `'zeroInitLast'`
   * α = 1 with each branch's (here: its one layer's) weights zero; `'fixup'` α = L^(−1/(2m−2)) with
   * m = 2 layers per branch, i.e. L^(−1/2) (Zhang et al. 2019); `'depthScaled'` α = 1/√(2L) (GPT-2).
   * Needs equal widths. Default none.
   */
  residual?: ResidualSpec;
  /** `'layer'`: φ is applied to LayerNorm(hˡ) (per example, no affine). Default `'none'`. */
  norm?: 'none' | 'layer';
  /** Seed of every random draw (see the fork labels in docs/simulator.md). Default 0. */
  seed?: number | bigint;
  /** Run the backward pass (g, weightGradNorm, jacobian). Default true. */
  backward?: boolean;
  /** `false`: h¹ = W¹x + b¹ (no φ on the input). Default true. */
  activateInput?: boolean;
  /** Compute weightGradNorm (one extra GEMM per layer). Default true. */
  weightGradNorm?: boolean;
  /** Random unit probes for the Jacobian moments (0 skips them). Default 8. */
  jacobianProbes?: number;
  /** A few SGD steps on a teacher–student regression (see {@link TrainResult}). */
  train?: TrainOptions;
  /** Called after each unit of work with (done, total); for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called once per layer l = 0 … depth of the forward pass with copies of hˡ (`pre`) and of the
   * activation φ(hˡ) the next layer consumes (`post`; after layer norm when `norm: 'layer'`), both
   * width × batch float32, neuron-major (neuron i's batch at i·batch …). For histograms and custom
   * statistics; it costs two copies per layer, so leave it out when not needed.
   */
  onLayer?: (layer: number, pre: Float32Array, post: Float32Array) => void;
}

/** Statistics of layer l (l = 0 is the input h⁰). */
export interface LayerStats {
  /** Mean of hˡ. */
  preMean: number;
  /** Second moment of hˡ, qₗ = mean((hˡ)²). */
  q: number;
  /** Mean of φ(hˡ). */
  postMean: number;
  /** Variance of φ(hˡ). */
  postVar: number;
  /** Fraction of φ(hˡ) exactly 0. */
  zeroFraction: number;
  /** Fraction with |φ′(hˡ)| < 0.01. */
  saturatedFraction: number;
  /** Mean pairwise cosine between the batch's hˡ vectors, cₗ (1 if fewer than two are non-zero). */
  cosine: number;
  /** Classes of neurons whose outputs over the batch agree within 1e-6·RMS(hˡ): 1 = full symmetry. */
  distinctNeurons: number;
  /** mean((δˡ)²) (NaN without the backward pass). */
  g: number;
  /** Frobenius norm of ∂/∂Wˡ of Σ δᴸ·hᴸ, ‖δˡ φ(hˡ⁻¹)ᵀ‖_F; absent for l = 0 (and when not computed). */
  weightGradNorm?: number;
}

/** Moments of the squared singular values λ = σ² of the input–output Jacobian ∂hᴸ/∂h⁰ at example 0. */
export interface JacobianStats {
  /** mean λ = tr(JᵀJ)/n⁰, estimated as the mean of ‖Jv‖² over unit random probes v. */
  meanSquaredSingularValue: number;
  /** Var λ = tr((JᵀJ)²)/n⁰ − (mean λ)², with tr((JᵀJ)²)/n⁰ estimated as the mean of ‖JᵀJv‖². */
  singularValueVariance: number;
  /** Number of probes used. */
  probes: number;
}

/** Result of the `train` option. */
export interface TrainResult {
  /** loss[s] = (1/2B) Σ ‖hᴸ − Tx‖² before step s; loss[steps] after the last step. */
  loss: number[];
  /** distinctNeurons[s][l] for layer l (0 … L) at the same points as loss. */
  distinctNeurons: number[][];
}

/** Result of {@link simulate}. */
export interface SimulateResult {
  depth: number;
  widths: number[];
  batch: number;
  activation: string;
  /** The backend that ran the kernels (all give identical bits). */
  backend: BackendName;
  /** depth + 1 records, layers[l] for hˡ. */
  layers: LayerStats[];
  /** Present when the backward pass ran with jacobianProbes > 0. */
  jacobian?: JacobianStats;
  /**
   * Mean-field predictions of q and g (length depth + 1) when the init is iid variance scaling,
   * with the nominal weight and bias variances they use: sigmaW2[l - 1] is layer l's
   * Var(W) * fanIn, sigmaB2 the bias variance.
   */
  theory?: { q: number[]; g: number[]; sigmaW2: number[]; sigmaB2: number };
  /** Present with the `train` option. */
  train?: TrainResult;
}

// ---------------------------------------------------------------- network

// Everything the passes touch lives in one backend workspace (WASM: resident in the linear-algebra
// module's memory), addressed by f32 offsets: the kernels run on it with no copies in or out.

interface Layout {
  /** Total f32 values. */
  floats: number;
  /** W[l], l = 1..L: [n_l, n_{l-1}] row-major (W[0] unused). */
  W: number[];
  /** Pre-activations hˡ, alternating between two slots. */
  H: [number, number];
  /** A[l] = φ(U[l]) (or h⁰ when not activated), D[l] = φ′, l = 0..L (shared slots when not kept). */
  A: number[];
  D: number[];
  /** LayerNorm outputs, when norm is on. */
  U: number[];
  /** δ, alternating. */
  delta: [number, number];
  /** Weight gradient of one layer. */
  dW: number;
  /** Jacobian probe slots (width x probes each). */
  jac: number[];
  /** float64 offsets: layerStats' column scratch (batch values) and its 8 sums. */
  norm: number;
  out: number;
}

interface Net {
  depth: number;
  widths: number[];
  batch: number;
  act: ResolvedActivation;
  activateInput: boolean;
  norm: boolean;
  alpha: number | undefined; // residual scale, undefined = no residual
  b: Float32Array[]; // b[l], l = 1..L
  ws: Workspace;
  lay: Layout;
}

/** What the forward pass leaves for the backward pass besides the workspace: 1/σ of each LayerNorm. */
interface Forward {
  /** Offset of hᴸ. */
  H: number;
  invStd: Float64Array[];
}

const EMPTY = new Float32Array(0);
const EMPTY64 = new Float64Array(0);

function layout(widths: number[], B: number, o: { keepA: boolean; keepD: boolean; norm: boolean; deltas: boolean; dW: boolean; probes: number }): Layout {
  let top = 0;
  const take = (n: number): number => { const at = top; top += Math.ceil(n / 16) * 16; return at; }; // 64-byte aligned
  const L = widths.length - 1;
  const maxW = Math.max(...widths), slot = maxW * B;
  const W = [0];
  let maxWeights = 0;
  for (let l = 1; l <= L; l++) { W.push(take(widths[l]! * widths[l - 1]!)); maxWeights = Math.max(maxWeights, widths[l]! * widths[l - 1]!); }
  const H: [number, number] = [take(slot), take(slot)];
  const perLayer = (keep: boolean, shared: number[]): number[] =>
    widths.map((w, l) => (keep ? take(w * B) : shared[l % shared.length]!));
  const A = perLayer(o.keepA, o.keepA ? [] : [take(slot), take(slot)]);
  const D = perLayer(o.keepD, o.keepD ? [] : [take(slot)]);
  const U = o.norm ? perLayer(o.keepD, o.keepD ? [] : [take(slot)]) : [];
  const delta: [number, number] = o.deltas ? [take(slot), take(slot)] : [0, 0];
  const dW = o.dW ? take(maxWeights) : 0;
  const jac = o.probes > 0 ? [take(maxW * o.probes), take(maxW * o.probes), take(maxW * o.probes)] : [];
  const norm = take(2 * B) / 2, out = take(16) / 2;
  return { floats: top, W, H, A, D, U, delta, dW, jac, norm, out };
}

/** LayerNorm of the n x B columns of h (at x[h]) into x[u] (per example, no affine); returns 1/σ per example. */
function layerNorm(x: Float32Array, h: number, u: number, n: number, B: number): Float64Array {
  const inv = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const v = x[h + i * B + b]!; s += v; s2 += v * v; }
    const mean = s / n;
    const r = 1 / Math.sqrt(Math.max(0, s2 / n - mean * mean) + 1e-5);
    inv[b] = r;
    for (let i = 0; i < n; i++) x[u + i * B + b] = (x[h + i * B + b]! - mean) * r;
  }
  return inv;
}

/**
 * LayerNorm Jacobian (symmetric) applied in place to the n x cols matrix at x[at]:
 * (1/σ)(v − mean(v) − u·mean(u·v)) per column, column k at example k (or every column at `example`).
 */
function layerNormJacobian(x: Float32Array, at: number, cols: number, u: number, inv: Float64Array, n: number, B: number, example?: number): void {
  for (let k = 0; k < cols; k++) {
    const b = example ?? k;
    let s = 0, su = 0;
    for (let i = 0; i < n; i++) { const v = x[at + i * cols + k]!; s += v; su += v * x[u + i * B + b]!; }
    const m = s / n, mu = su / n, r = inv[b]!;
    for (let i = 0; i < n; i++) x[at + i * cols + k] = r * (x[at + i * cols + k]! - m - x[u + i * B + b]! * mu);
  }
}

/**
 * Forward pass from h⁰; calls each(l, hˡ) with hˡ's workspace offset and, with `stats`, the
 * layer's 8 sums from `layerStats` (computed in the same pass as φ and φ′).
 */
function forward(net: Net, h0: Float32Array, stats: boolean, each: (l: number, h: number, sums: Float64Array | undefined) => void): Forward {
  const { depth, widths, batch: B, ws, lay, act } = net;
  const invStd: Float64Array[] = [];
  let h = lay.H[0];
  ws.f32().set(h0, h);
  for (let l = 0; l <= depth; l++) {
    const n = widths[l]!, len = n * B;
    const a = lay.A[l]!, d = lay.D[l]!;
    let x = h, kind = act.kind;
    if (l === 0 && !net.activateInput) {
      const v = ws.f32();
      v.copyWithin(a, h, h + len);
      v.fill(1, d, d + len);
      kind = -1;
      invStd.push(EMPTY64);
    } else if (net.norm) {
      x = lay.U[l]!;
      invStd.push(layerNorm(ws.f32(), h, x, n, B));
    } else {
      invStd.push(EMPTY64);
    }
    if (stats) {
      ws.layerStats(kind, act.param, x, h, a, d, n, B, lay.norm, lay.out);
      each(l, h, ws.f64().subarray(lay.out, lay.out + 8));
    } else {
      if (kind >= 0) ws.activate(kind, act.param, x, a, d, len);
      each(l, h, undefined);
    }
    if (l === depth) break;
    const m = widths[l + 1]!;
    const next = lay.H[(l + 1) & 1]!;
    ws.sgemm(m, B, n, lay.W[l + 1]!, n, 1, a, B, 1, next);
    const bias = net.b[l + 1]!;
    const alpha = net.alpha;
    const v = ws.f32();
    for (let i = 0; i < m; i++) {
      const bi = bias[i]!;
      const row = next + i * B, prow = h + i * B;
      if (alpha === undefined) {
        if (bi !== 0) for (let b = 0; b < B; b++) v[row + b] = v[row + b]! + bi;
      } else {
        for (let b = 0; b < B; b++) v[row + b] = v[prow + b]! + Math.fround(alpha * Math.fround(v[row + b]! + bi));
      }
    }
    h = next;
  }
  return { H: h, invStd };
}

/**
 * Backward pass from δᴸ: calls each(l, δˡ, mean((δˡ)²), dWˡ?, ‖dWˡ‖²) for l = L … 0 (δ and
 * dWˡ = δˡ φ(hˡ⁻¹)ᵀ as workspace offsets; dWˡ when `weightGrads`, l ≥ 1), with δˡ⁻¹ computed from
 * the weights as they were.
 */
function backwardPass(net: Net, fw: Forward, deltaL: Float32Array, weightGrads: boolean,
  each: (l: number, delta: number, g: number, dW: number | undefined, dWSquares: number) => void): void {
  const { depth, widths, batch: B, ws, lay } = net;
  let delta = lay.delta[0];
  ws.f32().set(deltaL, delta);
  let squares = ws.sumSquares(delta, -1, deltaL.length);
  for (let l = depth; l >= 0; l--) {
    let dW: number | undefined, dWSquares = NaN;
    if (l >= 1 && weightGrads) {
      const m = widths[l]!, n = widths[l - 1]!;
      dW = lay.dW;
      ws.sgemm(m, n, B, delta, B, 1, lay.A[l - 1]!, 1, B, dW);
      dWSquares = ws.sumSquares(dW, -1, m * n);
    }
    let prev: number | undefined, prevSquares = NaN;
    if (l >= 1) {
      const m = widths[l]!, n = widths[l - 1]!, len = n * B;
      prev = delta === lay.delta[0] ? lay.delta[1] : lay.delta[0];
      ws.sgemm(n, B, m, lay.W[l]!, 1, n, delta, B, 1, prev);
      // δˡ⁻¹ = φ′ ⊙ Wᵀδˡ and its sum of squares in one pass.
      prevSquares = ws.sumSquares(prev, lay.D[l - 1]!, len);
      const ln = net.norm && !(l - 1 === 0 && !net.activateInput);
      if (ln || net.alpha !== undefined) {
        const x = ws.f32();
        if (ln) layerNormJacobian(x, prev, B, lay.U[l - 1]!, fw.invStd[l - 1]!, n, B);
        if (net.alpha !== undefined) {
          const alpha = net.alpha;
          for (let i = 0; i < len; i++) x[prev + i] = x[delta + i]! + Math.fround(alpha * x[prev + i]!);
        }
        prevSquares = ws.sumSquares(prev, -1, len);
      }
    }
    each(l, delta, squares / (widths[l]! * B), dW, dWSquares);
    if (prev !== undefined) { delta = prev; squares = prevSquares; }
  }
}

/** Jacobian moments at example 0 by `p` unit random probes: forward tangents, then Jᵀ back. */
function jacobianMoments(net: Net, fw: Forward, g: Generator, p: number): JacobianStats {
  const { depth, widths, batch: B, ws, lay } = net;
  const n0 = widths[0]!;
  const v = g.normal(n0 * p); // neuron-major [n0, p]
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (let i = 0; i < n0; i++) s += v[i * p + c]! * v[i * p + c]!;
    const r = 1 / Math.sqrt(s);
    for (let i = 0; i < n0; i++) v[i * p + c] = v[i * p + c]! * r;
  }
  const ln = (l: number): boolean => net.norm && !(l === 0 && !net.activateInput);
  /** x[out] = φ′ ⊙ x[t] (forward: J_φ J_LN with LayerNorm), at example 0. */
  const scaleByD = (t: number, l: number, n: number, out: number): void => {
    const x = ws.f32(), D = lay.D[l]!;
    let src = t;
    if (ln(l)) {
      x.copyWithin(out, t, t + n * p);
      layerNormJacobian(x, out, p, lay.U[l]!, fw.invStd[l]!, n, B, 0);
      src = out;
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) x[out + i * p + c] = x[src + i * p + c]! * x[D + i * B]!;
  };
  const others = (t: number): number[] => lay.jac.filter((o) => o !== t);
  let t = lay.jac[0]!;
  ws.f32().set(v, t);
  for (let l = 1; l <= depth; l++) {
    const n = widths[l - 1]!, m = widths[l]!;
    const [u, next] = others(t) as [number, number];
    scaleByD(t, l - 1, n, u);
    ws.sgemm(m, p, n, lay.W[l]!, n, 1, u, p, 1, next);
    if (net.alpha !== undefined) {
      const x = ws.f32();
      for (let i = 0; i < m * p; i++) x[next + i] = x[t + i]! + Math.fround(net.alpha * x[next + i]!);
    }
    t = next;
  }
  const meanSquare = (at: number, len: number): number => {
    const x = ws.f32();
    let s = 0;
    for (let i = 0; i < len; i++) s += x[at + i]! * x[at + i]!;
    return s / p;
  };
  const m1 = meanSquare(t, widths[depth]! * p);
  let s = t;
  for (let l = depth; l >= 1; l--) {
    const n = widths[l - 1]!, m = widths[l]!;
    const r = others(s)[0]!;
    ws.sgemm(n, p, m, lay.W[l]!, 1, n, s, p, 1, r);
    const x = ws.f32(), D = lay.D[l - 1]!;
    for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) x[r + i * p + c] = x[r + i * p + c]! * x[D + i * B]!;
    if (ln(l - 1)) layerNormJacobian(x, r, p, lay.U[l - 1]!, fw.invStd[l - 1]!, n, B, 0);
    if (net.alpha !== undefined) for (let i = 0; i < n * p; i++) x[r + i] = x[s + i]! + Math.fround(net.alpha * x[r + i]!);
    s = r;
  }
  const m2 = meanSquare(s, n0 * p);
  return { meanSquaredSingularValue: m1, singularValueVariance: m2 - m1 * m1, probes: p };
}

// ---------------------------------------------------------------- configuration

const INIT_KEYS = ['depth', 'width', 'widths', 'batch', 'input', 'q0', 'activation', 'init', 'bias', 'residual', 'norm', 'seed',
  'backward', 'activateInput', 'weightGradNorm', 'jacobianProbes', 'train', 'onProgress', 'onLayer'];

function bool(name: string, x: unknown, dflt: boolean): boolean {
  if (x === undefined) return dflt;
  if (typeof x !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(x)}`);
  return x;
}

/** Draws a [rows, cols] (or [rows] for biases) array from a spec. */
function drawSpec(name: string, spec: unknown, shape: number[], g: Generator, layer: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  let out: unknown;
  if (typeof spec === 'function') {
    out = (spec as (s: [number, number], g: Generator, l: number) => unknown)(shape as [number, number], g, layer);
  } else if (typeof spec === 'string') {
    out = getInitializer(spec)(shape, { generator: g });
  } else if (spec !== null && typeof spec === 'object' && 'sigmaW2' in spec) {
    const s2 = finite(`${name}.sigmaW2`, (spec as { sigmaW2: unknown }).sigmaW2);
    if (s2 < 0) throw new RangeError(`${name}.sigmaW2 must be >= 0, got ${s2}`);
    out = s2 === 0 ? new Float32Array(size) : g.normal(size, { std: Math.sqrt(s2 / shape[1]!) });
  } else if (spec !== null && typeof spec === 'object' && 'sigmaB2' in spec) {
    const s2 = finite(`${name}.sigmaB2`, (spec as { sigmaB2: unknown }).sigmaB2);
    if (s2 < 0) throw new RangeError(`${name}.sigmaB2 must be >= 0, got ${s2}`);
    out = s2 === 0 ? new Float32Array(size) : g.normal(size, { std: Math.sqrt(s2) });
  } else if (spec !== null && typeof spec === 'object' && typeof (spec as { id?: unknown }).id === 'string') {
    const { id, ...rest } = spec as { id: string };
    out = getInitializer(id, rest)(shape, { generator: g });
  } else {
    throw new TypeError(`${name} must be an initializer id, { id, ...options }, { sigmaW2 }, { sigmaB2 } or a function, got ${describe(spec)}`);
  }
  if (!(out instanceof Float32Array || out instanceof Float64Array) || out.length !== size) {
    throw new TypeError(`${name}: layer ${layer} must give a Float32Array of ${size} values, got ${describe(out)}`);
  }
  return out instanceof Float32Array ? out : Float32Array.from(out);
}

/**
 * Draws a layer's weights straight into `out` (a view of the workspace) for an initializer id,
 * `{ id, ... }` or `{ sigmaW2 }` spec. Returns false when it could not (a function spec, an error,
 * or WASM memory grew during the draw — e.g. orthogonal's QR — detaching `out`): the caller then
 * draws with {@link drawSpec} from a fresh fork, which gives the same values.
 */
function drawInto(spec: unknown, shape: number[], g: Generator, out: Float32Array): boolean {
  try {
    if (typeof spec === 'string') getInitializer(spec)(shape, { generator: g, out });
    else if (spec !== null && typeof spec === 'object' && 'sigmaW2' in spec) {
      const s2 = (spec as { sigmaW2: unknown }).sigmaW2;
      if (typeof s2 !== 'number' || !(s2 > 0) || !Number.isFinite(s2)) return false;
      g.normal(out, { std: Math.sqrt(s2 / shape[1]!) });
    } else if (spec !== null && typeof spec === 'object' && typeof (spec as { id?: unknown }).id === 'string') {
      const { id, ...rest } = spec as { id: string };
      getInitializer(id, rest)(shape, { generator: g, out });
    } else return false;
  } catch {
    return false;
  }
  return out.length === shape[0]! * shape[1]!;
}

function widthsOf(o: Partial<SimulateConfig>, depth: number): number[] {
  if (o.widths !== undefined) {
    if (o.width !== undefined) throw new TypeError('config: give width or widths, not both');
    if (!Array.isArray(o.widths)) throw new TypeError(`widths must be an array of positive integers, got ${describe(o.widths)}`);
    if (o.widths.length !== depth + 1) throw new RangeError(`widths must have depth + 1 = ${depth + 1} entries, got ${o.widths.length}`);
    return o.widths.map((w, i) => {
      const v = count(`widths[${i}]`, w);
      if (v < 1) throw new RangeError(`widths[${i}] must be >= 1, got ${v}`);
      return v;
    });
  }
  const w = count('width', o.width ?? 256);
  if (w < 1) throw new RangeError(`width must be >= 1, got ${w}`);
  return new Array<number>(depth + 1).fill(w);
}

function residualAlpha(r: unknown, depth: number): { alpha: number; zeroBranch: boolean } | undefined {
  if (r === undefined) return undefined;
  if (r === 'rezero') return { alpha: 0, zeroBranch: false };
  if (r === 'zeroInitLast') return { alpha: 1, zeroBranch: true };
  if (r === 'fixup') return { alpha: 1 / Math.sqrt(depth), zeroBranch: false };
  if (r === 'depthScaled') return { alpha: 1 / Math.sqrt(2 * depth), zeroBranch: false };
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
    const o = options('residual', r as { alpha: number }, ['alpha']);
    return { alpha: finite('residual.alpha', o.alpha), zeroBranch: false };
  }
  throw new TypeError(`residual must be { alpha } or one of 'zeroInitLast', 'fixup', 'depthScaled', 'rezero', got ${describe(r)}`);
}

/**
 * Simulates signal and gradient propagation through a deep random fully connected network (see
 * docs/simulator.md). Synchronous; call `await init()` first in browsers. Deterministic: every
 * draw comes from `new Generator(seed).fork(label)` (labels: 'input', 'weights'→l, 'bias'→l,
 * 'backward', 'jacobian', 'teacher'), and the kernels give identical bits on every backend.
 *
 * @throws TypeError / RangeError naming the offending option (before any work is done).
 * @example
 * const r = simulate({ depth: 50, width: 512, batch: 256, activation: 'relu', init: 'kaimingNormal' });
 * r.layers.map((s) => s.q); // ≈ 1 at every depth
 */
export function simulate(config: SimulateConfig): SimulateResult {
  const o = options('config', config, INIT_KEYS);
  if (o.depth === undefined) throw new TypeError('config.depth is required');
  const depth = count('depth', o.depth);
  if (depth < 1) throw new RangeError(`depth must be >= 1, got ${depth}`);
  const widths = widthsOf(o, depth);
  const B = count('batch', o.batch ?? 256);
  if (B < 1) throw new RangeError(`batch must be >= 1, got ${B}`);
  const q0 = positive('q0', o.q0 ?? 1);
  const act = resolveActivation('activation', o.activation ?? 'relu');
  const norm = oneOf('norm', o.norm ?? 'none', ['none', 'layer'] as const) === 'layer';
  const doBackward = bool('backward', o.backward, true);
  const activateInput = bool('activateInput', o.activateInput, true);
  const wantWGrad = bool('weightGradNorm', o.weightGradNorm, true);
  const probes = count('jacobianProbes', o.jacobianProbes ?? 8);
  const residual = residualAlpha(o.residual, depth);
  if (residual !== undefined && widths.some((w) => w !== widths[0])) throw new RangeError('residual: needs equal widths');
  const root = new Generator(o.seed ?? 0);
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError(`onProgress must be a function, got ${describe(onProgress)}`);
  const onLayer = o.onLayer;
  if (onLayer !== undefined && typeof onLayer !== 'function') throw new TypeError(`onLayer must be a function, got ${describe(onLayer)}`);
  let train: TrainOptions | undefined;
  if (o.train !== undefined) {
    const t = options('train', o.train, ['steps', 'lr']);
    train = { steps: count('train.steps', t.steps), lr: positive('train.lr', t.lr) };
  }
  // Input h⁰ (neuron-major).
  const n0 = widths[0]!;
  let h0: Float32Array;
  const input = o.input ?? 'gaussian';
  if (input === 'gaussian') {
    h0 = root.fork('input').normal(n0 * B, { std: Math.sqrt(q0) });
  } else if (input instanceof Float32Array) {
    if (input.length !== n0 * B) throw new RangeError(`input has ${input.length} values, expected batch · widths[0] = ${n0 * B}`);
    h0 = new Float32Array(n0 * B);
    for (let b = 0; b < B; b++) for (let i = 0; i < n0; i++) h0[i * B + b] = input[b * n0 + i]!;
  } else {
    throw new TypeError(`input must be 'gaussian' or a Float32Array, got ${describe(input)}`);
  }
  const initSpec = o.init ?? 'kaimingNormal';
  const biasSpec = o.bias ?? { sigmaB2: 0 };
  const trainWork = train === undefined ? 0 : (train.steps + 1) * (2 * depth + 1);
  const total = 2 * (depth + 1) + trainWork;
  let done = 0;
  const tick = (): void => { done++; onProgress?.(done, total); };

  const keepD = doBackward || train !== undefined;
  const lay = layout(widths, B, {
    keepA: (doBackward && wantWGrad) || train !== undefined, keepD, norm, deltas: keepD,
    dW: (doBackward && wantWGrad) || train !== undefined, probes: doBackward ? probes : 0,
  });
  const ws = kernel().workspace(lay.floats);
  try {
    const bias: Float32Array[] = [EMPTY];
    const wg = root.fork('weights'), bg = root.fork('bias');
    for (let l = 1; l <= depth; l++) {
      const shape = [widths[l]!, widths[l - 1]!];
      const size = shape[0]! * shape[1]!, at = lay.W[l]!;
      if (residual?.zeroBranch) ws.f32().fill(0, at, at + size);
      else if (!drawInto(initSpec, shape, wg.fork(l), ws.f32().subarray(at, at + size))) {
        ws.f32().set(drawSpec('init', initSpec, shape, wg.fork(l), l), at);
      }
      bias.push(drawSpec('bias', biasSpec, [widths[l]!], bg.fork(l), l));
    }
    const net: Net = { depth, widths, batch: B, act, activateInput, norm, alpha: residual?.alpha, b: bias, ws, lay };

    const layers: LayerStats[] = [];
    const fw = forward(net, h0, true, (l, h, sums) => {
      const n = widths[l]!, len = n * B;
      const [S, S2, P, P2, zeros, sat, C, live] = sums as unknown as number[];
      const postMean = P! / len;
      layers.push({
        preMean: S! / len, q: S2! / len, postMean, postVar: Math.max(0, P2! / len - postMean * postMean),
        zeroFraction: zeros! / len, saturatedFraction: sat! / len,
        cosine: live! < 2 ? 1 : (C! - live!) / (live! * (live! - 1)),
        distinctNeurons: distinctNeurons(ws.f32().subarray(h, h + len), n, B, S2), g: NaN,
      });
      if (onLayer !== undefined) {
        const v = ws.f32(), a = lay.A[l]!;
        onLayer(l, v.slice(h, h + len), v.slice(a, a + len));
      }
      tick();
    });
    let jacobian: JacobianStats | undefined;
    if (doBackward) {
      const deltaL = root.fork('backward').normal(widths[depth]! * B);
      backwardPass(net, fw, deltaL, wantWGrad, (l, _delta, g, dW, dWSquares) => {
        layers[l]!.g = g;
        if (dW !== undefined) layers[l]!.weightGradNorm = Math.sqrt(dWSquares);
        tick();
      });
      if (probes > 0) jacobian = jacobianMoments(net, fw, root.fork('jacobian'), probes);
    } else {
      done += depth + 1;
    }
    const result: SimulateResult = { depth, widths, batch: B, activation: act.name, backend: backend(), layers };
    if (jacobian !== undefined) result.jacobian = jacobian;
    const theory = theoryFor(net, initSpec, biasSpec, input === 'gaussian', q0, residual !== undefined);
    if (theory !== undefined) result.theory = theory;
    if (train !== undefined) result.train = runTrain(net, h0, root.fork('teacher'), train, tick);
    return result;
  } finally {
    ws.release();
  }
}

function theoryFor(net: Net, initSpec: unknown, biasSpec: unknown, gaussianInput: boolean, q0: number, residual: boolean): SimulateResult['theory'] {
  if (!gaussianInput || residual || net.norm) return undefined;
  let sb2: number;
  if (biasSpec !== null && typeof biasSpec === 'object' && 'sigmaB2' in biasSpec) sb2 = (biasSpec as { sigmaB2: number }).sigmaB2;
  else if (biasSpec === 'zeros') sb2 = 0;
  else return undefined;
  const { depth, widths, act } = net;
  const sw2: number[] = [NaN];
  for (let l = 1; l <= depth; l++) {
    const s = nominalSigmaW2(initSpec, widths[l - 1]!, widths[l]!);
    if (s === undefined || !Number.isFinite(s)) return undefined;
    sw2.push(s);
  }
  const q = [q0];
  for (let l = 1; l <= depth; l++) {
    const prev = q[l - 1]!;
    const m2 = l === 1 && !net.activateInput ? prev : gaussExpectation((x) => { const y = act.phi(x); return y * y; }, prev);
    q.push(sw2[l]! * m2 + sb2);
  }
  const g = new Array<number>(depth + 1).fill(1);
  for (let l = depth; l >= 1; l--) {
    const d2 = l - 1 === 0 && !net.activateInput ? 1 : gaussExpectation((x) => { const y = act.dphi(x); return y * y; }, q[l - 1]!);
    g[l - 1] = g[l]! * sw2[l]! * (widths[l]! / widths[l - 1]!) * d2;
  }
  return { q, g, sigmaW2: sw2.slice(1), sigmaB2: sb2 };
}

/** SGD on the workspace's weights (in place: nothing reads them afterwards). */
function runTrain(net: Net, x: Float32Array, teacherGen: Generator, opts: TrainOptions, tick: () => void): TrainResult {
  const { depth, widths, batch: B, ws, lay } = net;
  const n0 = widths[0]!, nL = widths[depth]!;
  const T = teacherGen.normal(nL * n0, { std: 1 / Math.sqrt(n0) });
  const y = new Float32Array(nL * B);
  kernel().sgemm(nL, B, n0, T, n0, 1, x, B, 1, y);
  const loss: number[] = [];
  const distinct: number[][] = [];
  for (let s = 0; s <= opts.steps; s++) {
    const counts: number[] = [];
    const fw = forward(net, x, false, (l, h) => { counts.push(distinctNeurons(ws.f32().subarray(h, h + widths[l]! * B), widths[l]!, B)); tick(); });
    const out = ws.f32().subarray(fw.H, fw.H + nL * B);
    const delta = new Float32Array(out.length);
    let sum = 0;
    for (let i = 0; i < out.length; i++) {
      const e = out[i]! - y[i]!;
      sum += e * e;
      delta[i] = e / B;
    }
    loss.push(sum / (2 * B));
    distinct.push(counts);
    if (s === opts.steps) break;
    backwardPass(net, fw, delta, true, (l, d, _g, dW) => {
      if (l >= 1 && dW !== undefined) {
        const v = ws.f32(), w = lay.W[l]!, bb = net.b[l]!, lr = opts.lr;
        const size = widths[l]! * widths[l - 1]!;
        for (let i = 0; i < size; i++) v[w + i] = v[w + i]! - Math.fround(lr * v[dW + i]!);
        for (let i = 0; i < bb.length; i++) {
          let g = 0;
          for (let b = 0; b < B; b++) g += v[d + i * B + b]!;
          bb[i] = bb[i]! - lr * g;
        }
      }
      tick();
    });
  }
  return { loss, distinctNeurons: distinct };
}
