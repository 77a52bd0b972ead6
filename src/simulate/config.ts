// What simulate() takes and gives: the public configuration and result types, and the one place the
// configuration is checked and its defaults filled in. Everything after parseConfig works on a
// SimulationPlan and trusts it.
import type { BackendName } from '../kernels/backend.js';
import { checkThreads } from '../parallel/threads.js';
import type { Threads } from '../random/types.js';
import { Generator } from '../random/generator.js';
import { count, describe, finite, oneOf, options, positive } from '../validate.js';
import { resolveActivation, type ResolvedActivation, type SimActivation } from './activation.js';
import { parseSpec, type ParsedSpec } from './init-spec.js';

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
  /**
   * Per-layer learning-rate multipliers (length depth, each finite and ≥ 0): layer l's weights step
   * by lr·lrScale[l − 1]. For parametrizations whose learning rate depends on the layer, such as μP
   * (see coordCheck). Default: 1 for every layer.
   */
  lrScale?: readonly number[];
  /** The same for layer l's bias (length depth, finite, ≥ 0). Default: `lrScale`. */
  biasLrScale?: readonly number[];
  /** Record `l1` and `l1Change` in the result: each layer's mean |hˡ| and how far it moved, at every step. Default false. */
  l1?: boolean;
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
  /**
   * Simulate an ensemble of this many independently drawn networks (a positive integer) and
   * summarise every statistic across them in `result.ensemble` ({@link EnsembleSummary}). Network k
   * draws everything from `new Generator(seed).fork('network').fork(k)` where a single run uses
   * `new Generator(seed)`, so each network is reproducible on its own. Absent (the default): one
   * network, exactly as without this option. With it, the top-level `layers`, `jacobian` and
   * `theory` are network 0's; `onLayer` sees network 0 only; `onProgress` counts whole networks
   * (done, networks); `train` needs `networks: 1` (an ensemble of training runs is not summarised).
   */
  networks?: number;
  /**
   * Threads for an ensemble's networks: `1` (default) the calling thread; n > 1 it and n − 1 pool
   * workers; `'auto'` one per logical processor. Each network is computed wholly by one thread, so
   * every thread count gives the same bits. A function `init` or `bias` cannot cross to a worker:
   * the ensemble then runs on the calling thread. Without `networks` it has no effect.
   */
  threads?: Threads;
}

/**
 * One statistic at one layer, summarised across an ensemble's K networks (in network order).
 * Quantiles use linear interpolation between order statistics (Hyndman–Fan type 7, R's default):
 * with x₍₀₎ ≤ … ≤ x₍K₋₁₎ and h = (K − 1)·p, Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎). If any
 * network's value is NaN, every field is NaN.
 */
export interface EnsembleStats {
  /** Arithmetic mean. */
  mean: number;
  /** Q(0.5). */
  median: number;
  /** Q(0.05), Q(0.25), Q(0.75), Q(0.95). */
  quantiles: { p05: number; p25: number; p75: number; p95: number };
  /** Mean of the natural log; NaN when any value is ≤ 0. */
  logMean: number;
  /** Sample variance of the natural log (K − 1 in the denominator; NaN for K = 1 or any value ≤ 0). */
  logVar: number;
}

/** The ensemble summary of layer l's statistics (see {@link LayerStats} for each one's meaning). */
export interface EnsembleLayer {
  q: EnsembleStats;
  g: EnsembleStats;
  cosine: EnsembleStats;
  zeroFraction: EnsembleStats;
  saturatedFraction: EnsembleStats;
  distinctNeurons: EnsembleStats;
  /** Present where the networks' LayerStats have it (l ≥ 1, backward pass and weightGradNorm on). */
  weightGradNorm?: EnsembleStats;
}

/** Result of the `networks` option (see docs/simulator.md, "Why one network is not the average"). */
export interface EnsembleSummary {
  /** K, the number of networks. */
  networks: number;
  /** depth + 1 records, layers[l] for hˡ. */
  layers: EnsembleLayer[];
  /**
   * Finite-width theory, present only where it is exact: linear, ReLU or leaky ReLU; zero-mean
   * Gaussian weights with a nominal σ_w² (`{ sigmaW2 }`, normal, kaimingNormal, xavierNormal — not
   * truncated or uniform weights); zero bias; no residual or norm; batch 1; `activateInput: false`.
   * qMean[l] is the mean-field E[q_l] at the nominal q0; since each network draws its own input,
   * E[q_l / q̂₀] = qMean[l] / q0 for the drawn input's q̂₀ = layers[0].q. logQVar[l] is
   * log(E[q_l²] / E[q_l]²) at a fixed input, = log((1 + 2/n_l) Π_{j<l} (1 + κ/n_j)): the variance
   * of log(q_l / q̂₀) under a log-normal approximation (logQVar[0] = 0).
   */
  theory?: { qMean: number[]; logQVar: number[] };
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
  /**
   * With `l1: true`: l1[s][l] = mean |hˡ| over every neuron and example (the `l1` of Microsoft
   * mup's coordinate check) at the same points as loss: s = 0 at initialisation, s after s steps.
   */
  l1?: number[][];
  /** With `l1: true`: l1Change[s][l] = mean |hˡ − hˡ at initialisation| after s steps (0 at s = 0). */
  l1Change?: number[][];
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
  /** Present with the `networks` option; the fields above are then network 0's. */
  ensemble?: EnsembleSummary;
}

/** A residual connection after its recipe is resolved. */
export interface Residual {
  /** The branch scale α in hˡ = hˡ⁻¹ + α·branch. */
  alpha: number;
  /** Every layer's weights start at zero ('zeroInitLast'): the init spec is not drawn. */
  zeroBranch: boolean;
}

/** A checked {@link SimulateConfig} with its defaults filled in. */
export interface SimulationPlan {
  depth: number;
  widths: number[];
  batch: number;
  q0: number;
  activation: ResolvedActivation;
  layerNorm: boolean;
  backward: boolean;
  activateInput: boolean;
  weightGradNorm: boolean;
  jacobianProbes: number;
  residual: Residual | undefined;
  /** The root of every draw; each draw forks it by a label. */
  root: Generator;
  onProgress: ((done: number, total: number) => void) | undefined;
  onLayer: ((layer: number, pre: Float32Array, post: Float32Array) => void) | undefined;
  train: TrainOptions | undefined;
  /** `'gaussian'` or the caller's example-major input, its length checked. */
  input: 'gaussian' | Float32Array;
  /** The weight spec, parsed; undefined when `residual: 'zeroInitLast'` zeroes every layer instead. */
  init: ParsedSpec | undefined;
  bias: ParsedSpec;
  /** The `networks` option: undefined for a single run. */
  networks: number | undefined;
  /** The `threads` option, checked (undefined: 1). */
  threads: Threads | undefined;
}

const CONFIG_KEYS = ['depth', 'width', 'widths', 'batch', 'input', 'q0', 'activation', 'init', 'bias', 'residual', 'norm', 'seed',
  'backward', 'activateInput', 'weightGradNorm', 'jacobianProbes', 'train', 'onProgress', 'onLayer',
  'networks', 'threads'];

function bool(name: string, x: unknown, dflt: boolean): boolean {
  if (x === undefined) return dflt;
  if (typeof x !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(x)}`);
  return x;
}

function callback<F>(name: string, x: F | undefined): F | undefined {
  if (x !== undefined && typeof x !== 'function') throw new TypeError(`${name} must be a function, got ${describe(x)}`);
  return x;
}

/** A per-layer multiplier list: `depth` finite numbers ≥ 0, or undefined. */
function scalesOf(name: string, x: unknown, depth: number): number[] | undefined {
  if (x === undefined) return undefined;
  if (!Array.isArray(x)) throw new TypeError(`${name} must be an array of depth = ${depth} numbers >= 0, got ${describe(x)}`);
  if (x.length !== depth) throw new RangeError(`${name} must have depth = ${depth} entries, got ${x.length}`);
  return x.map((v, i) => {
    const s = finite(`${name}[${i}]`, v);
    if (s < 0) throw new RangeError(`${name}[${i}] must be >= 0, got ${s}`);
    return s;
  });
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

function residualOf(r: unknown, depth: number): Residual | undefined {
  if (r === undefined) return undefined;
  if (r === 'rezero') return { alpha: 0, zeroBranch: false };
  if (r === 'zeroInitLast') return { alpha: 1, zeroBranch: true };
  // Fixup's L^(−1/(2m−2)) with m = 2 layers per branch.
  if (r === 'fixup') return { alpha: 1 / Math.sqrt(depth), zeroBranch: false };
  if (r === 'depthScaled') return { alpha: 1 / Math.sqrt(2 * depth), zeroBranch: false };
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
    const o = options('residual', r as { alpha: number }, ['alpha']);
    return { alpha: finite('residual.alpha', o.alpha), zeroBranch: false };
  }
  throw new TypeError(`residual must be { alpha } or one of 'zeroInitLast', 'fixup', 'depthScaled', 'rezero', got ${describe(r)}`);
}

/**
 * Checks a {@link SimulateConfig} (in a fixed order, so the first bad option is the one named) and
 * fills in its defaults. Draws nothing.
 *
 * @throws TypeError / RangeError naming the offending option.
 */
export function parseConfig(config: SimulateConfig): SimulationPlan {
  const o = options('config', config, CONFIG_KEYS);
  if (o.depth === undefined) throw new TypeError('config.depth is required');
  const depth = count('depth', o.depth);
  if (depth < 1) throw new RangeError(`depth must be >= 1, got ${depth}`);
  const widths = widthsOf(o, depth);
  const batch = count('batch', o.batch ?? 256);
  if (batch < 1) throw new RangeError(`batch must be >= 1, got ${batch}`);
  const q0 = positive('q0', o.q0 ?? 1);
  const activation = resolveActivation('activation', o.activation ?? 'relu');
  const layerNorm = oneOf('norm', o.norm ?? 'none', ['none', 'layer'] as const) === 'layer';
  const backward = bool('backward', o.backward, true);
  const activateInput = bool('activateInput', o.activateInput, true);
  const weightGradNorm = bool('weightGradNorm', o.weightGradNorm, true);
  const jacobianProbes = count('jacobianProbes', o.jacobianProbes ?? 8);
  const residual = residualOf(o.residual, depth);
  if (residual !== undefined && widths.some((w) => w !== widths[0])) throw new RangeError('residual: needs equal widths');
  const root = new Generator(o.seed ?? 0);
  const onProgress = callback('onProgress', o.onProgress);
  const onLayer = callback('onLayer', o.onLayer);
  let train: TrainOptions | undefined;
  if (o.train !== undefined) {
    const t = options('train', o.train, ['steps', 'lr', 'lrScale', 'biasLrScale', 'l1']);
    train = { steps: count('train.steps', t.steps), lr: positive('train.lr', t.lr) };
    // Set only when given, so a plain { steps, lr } plan (and its golden bits) is unchanged.
    const lrScale = scalesOf('train.lrScale', t.lrScale, depth), biasLrScale = scalesOf('train.biasLrScale', t.biasLrScale, depth);
    if (lrScale !== undefined) train.lrScale = lrScale;
    if (biasLrScale !== undefined) train.biasLrScale = biasLrScale;
    if (bool('train.l1', t.l1, false)) train.l1 = true;
  }
  const input = o.input ?? 'gaussian';
  if (input instanceof Float32Array) {
    const n0 = widths[0]! * batch;
    if (input.length !== n0) throw new RangeError(`input has ${input.length} values, expected batch · widths[0] = ${n0}`);
  } else if (input !== 'gaussian') {
    throw new TypeError(`input must be 'gaussian' or a Float32Array, got ${describe(input)}`);
  }
  // 'zeroInitLast' never reads the init spec, so it is not parsed (nor rejected) then.
  const init = residual?.zeroBranch ? undefined : parseSpec('init', o.init ?? 'kaimingNormal');
  const bias = parseSpec('bias', o.bias ?? { sigmaB2: 0 });
  let networks: number | undefined;
  if (o.networks !== undefined) {
    if (typeof o.networks !== 'number') throw new TypeError(`networks must be a positive integer, got ${describe(o.networks)}`);
    if (!Number.isSafeInteger(o.networks) || o.networks < 1) throw new RangeError(`networks must be a positive integer, got ${o.networks}`);
    networks = o.networks;
    if (networks > 1 && train !== undefined) throw new TypeError(`train cannot be combined with networks > 1 (got networks: ${networks}); use networks: 1 or leave train out`);
  }
  const threads = checkThreads(o.threads);
  return {
    depth, widths, batch, q0, activation, layerNorm, backward, activateInput, weightGradNorm, jacobianProbes, residual,
    root, onProgress, onLayer, train, input, init, bias, networks, threads,
  };
}
