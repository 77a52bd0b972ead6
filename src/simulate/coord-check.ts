// The μP coordinate check (Yang et al. 2021, Tensor Programs V §7 and Fig. 5; Microsoft mup's
// `coord_check.py`): train the same MLP at several widths for a few SGD steps with one learning
// rate, and record the mean |coordinate| ("l1") of every layer's output. In a parametrization
// that is right for width, every curve is flat in width; in the standard parametrization the
// readout logits grow with width once the network has taken a step. See docs/simulator.md,
// "μP coordinate check", for the derivation of the exponents.
//
// The MLP is the simulator's network with widths [d_in, n, …, n, d_out]: layer 1 is the input
// layer (fan_in d_in fixed), layers 2 … L − 1 the hidden layers (n → n), layer L the readout
// (n → d_out). Each width runs `simulate` with a `train` run once per seed; the runs' `l1` and
// `l1Change` records, averaged over the seeds, are the check.
import { gainFor } from '../initializers/gain.js';
import { log } from '../math/elementary.js';
import { count, describe, oneOf, options, positive } from '../validate.js';
import { resolveActivation, type SimActivation } from './activation.js';
import type { Generator } from '../random/generator.js';
import { simulate } from './simulate.js';

/** `'standard'` (SP: every layer N(0, σ²/fan_in), one learning rate) or `'muP'` (Tensor Programs V, Table 3, SGD). */
export type Parametrization = 'standard' | 'muP';

/** Options of {@link coordCheck}. */
export interface CoordCheckOptions {
  /** Hidden widths n, ascending or not (positive integers, at least one). Default [64, 128, 256, 512, 1024]. */
  widths?: readonly number[];
  /** Weight layers L ≥ 2: the input layer, L − 2 hidden layers, the readout. Default 3 (mup's MLP example). */
  depth?: number;
  /** The activation φ between layers. Default `'relu'`. */
  activation?: SimActivation;
  /** Default `'muP'`. */
  parametrization?: Parametrization;
  /** μP's base width n₀ (width multiplier m = n / n₀; μP equals SP at n = n₀). Default: the smallest width. */
  baseWidth?: number;
  /** Input dimension d_in (fixed across widths). Default 8. */
  inputDim?: number;
  /** Output dimension d_out, the number of logits (fixed across widths). Default 10. */
  outputDim?: number;
  /** Examples in the (fixed, full) batch. Default 32. */
  batch?: number;
  /** SGD steps before the final measurement (≥ 0; 0 measures the initialisation). Default 1. */
  steps?: number;
  /** The base learning rate η (> 0), the same at every width. Default 0.1 (mup's coordinate-check default for SGD). */
  lr?: number;
  /** Seed of every draw; the input and the teacher are the same at every width. Default 0. */
  seed?: number | bigint;
  /**
   * Independent networks per width (seeds seed, seed + 1, …), their l1 averaged, as mup's `nseeds`:
   * one draw's logits carry O(1) sampling noise that would blur a width trend. Default 4.
   */
  seeds?: number;
}

/** One layer's coordinate sizes across the widths. */
export interface CoordCheckLayer {
  /** Layer l = 1 … L (its output hˡ = Wˡ φ(hˡ⁻¹), pre-activation). */
  layer: number;
  /** `'input'` (l = 1), `'hidden'`, or `'readout'` (l = L, the logits). */
  kind: 'input' | 'hidden' | 'readout';
  /** l1[w] = mean |hˡ| at widths[w] after `steps` steps (mup's `l1`). */
  l1: number[];
  /** change[w] = mean |hˡ − hˡ at initialisation| at widths[w] after `steps` steps: the update's size. */
  change: number[];
  /** byStep[s][w] = mean |hˡ| after s steps (s = 0 … steps; byStep[steps] is l1). */
  byStep: number[][];
  /** changeByStep[s][w], the same for change (changeByStep[0] is all 0). */
  changeByStep: number[][];
  /** Least-squares slope of log l1 against log width: the growth exponent (0 = flat). NaN for one width. */
  slope: number;
  /** The same for change (NaN with steps 0). */
  changeSlope: number;
}

/** Result of {@link coordCheck}. */
export interface CoordCheckResult {
  parametrization: Parametrization;
  widths: number[];
  /** widths[w] / baseWidth, μP's width multiplier. */
  widthMult: number[];
  baseWidth: number;
  depth: number;
  activation: string;
  inputDim: number;
  outputDim: number;
  batch: number;
  steps: number;
  lr: number;
  seeds: number;
  /** Layers 1 … L (layers[l − 1] is layer l). */
  layers: CoordCheckLayer[];
  /** The logits' l1 per width after `steps` steps (= layers[L − 1].l1). */
  readout: number[];
  /** The readout's growth exponent (= layers[L − 1].slope). */
  slope: number;
  /** max/min of `readout` over the widths: < 2 is the "flat". */
  readoutRatio: number;
}

const OPTION_KEYS = ['widths', 'depth', 'activation', 'parametrization', 'baseWidth', 'inputDim', 'outputDim', 'batch', 'steps', 'lr', 'seed', 'seeds'];

/** A positive integer option. */
function positiveInt(name: string, x: unknown): number {
  const v = count(name, x);
  if (v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

function widthsOf(x: unknown): number[] {
  if (x === undefined) return [64, 128, 256, 512, 1024];
  if (!Array.isArray(x)) throw new TypeError(`widths must be a non-empty array of positive integers, got ${describe(x)}`);
  if (x.length === 0) throw new RangeError('widths must be a non-empty array of positive integers, got an empty array');
  return x.map((w, i) => positiveInt(`widths[${i}]`, w));
}

/**
 * Per-layer weight variances and learning-rate multipliers of a parametrization at width n
 * (m = n / n₀). SP: Var W¹ = 1/d_in (the input is not activated), hidden σ²/n with σ = gainFor(φ),
 * readout 1/n, learning rate η everywhere. μP for SGD (Tensor Programs V, Table 3): the same
 * input and hidden variances, readout variance 1/n² (so the logits start at O(1/√n), near their
 * infinite-width value 0, at every width), learning rates η·m for the input layer, η for hidden
 * layers, η/m for the readout (mup's MuSGD); biases (zero-initialised) η·m, except the readout's,
 * which has no width dimension: η.
 */
function layerScales(p: Parametrization, depth: number, n: number, n0: number, dIn: number, sigma2: number):
  { variance: number[]; lrScale: number[]; biasLrScale: number[] } {
  const m = n / n0, variance: number[] = [], lrScale: number[] = [], biasLrScale: number[] = [];
  for (let l = 1; l <= depth; l++) {
    const kind = l === 1 ? 'input' : l === depth ? 'readout' : 'hidden';
    if (kind === 'input') variance.push(1 / dIn);
    else if (kind === 'hidden') variance.push(sigma2 / n);
    else variance.push(p === 'muP' ? 1 / (n * n) : 1 / n);
    if (p === 'standard') { lrScale.push(1); biasLrScale.push(1); continue; }
    lrScale.push(kind === 'input' ? m : kind === 'hidden' ? 1 : 1 / m);
    biasLrScale.push(kind === 'readout' ? 1 : m);
  }
  return { variance, lrScale, biasLrScale };
}

/** Least-squares slope of log y against log x (NaN for fewer than two distinct x or any y ≤ 0). */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  if (y.some((v) => !(v > 0))) return NaN;
  const lx = x.map((v) => log(v)), ly = y.map((v) => log(v));
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) { sxy += (lx[i]! - mx) * (ly[i]! - my); const dx = lx[i]! - mx; sxx += dx * dx; }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * The μP coordinate check: for each width n, draws the MLP d_in → n → … → n → d_out in the chosen
 * parametrization, takes `steps` full-batch SGD steps on the simulator's teacher–student regression
 * with base learning rate `lr`, and records every layer's mean |coordinate| (mup's `l1`) after
 * each step. Under μP every layer's l1 stays flat in width; under SP the logits grow about ∝ n
 * after a step (the readout's update is η·Σ χ·φ(h)ᵀ and φ(h)·φ(h) = Θ(n)), and the update of a
 * hidden layer fed by a width-n layer grows about ∝ √n (`change`). Deterministic: width n runs
 * `simulate` with seeds seed … seed + seeds − 1, the same at every width, so the input and the
 * teacher are too, and every number is bit-reproducible.
 *
 * @throws TypeError / RangeError naming the offending option (before any work is done).
 * @example
 * const sp = coordCheck({ parametrization: 'standard', widths: [64, 256, 1024] });
 * const mu = coordCheck({ parametrization: 'muP', widths: [64, 256, 1024] });
 * [sp.slope, mu.slope]; // ≈ [1, 0]: SP's logits grow with width, μP's stay flat
 */
export function coordCheck(opts: CoordCheckOptions = {}): CoordCheckResult {
  const o = options('coordCheck options', opts, OPTION_KEYS);
  const widths = widthsOf(o.widths);
  const depth = positiveInt('depth', o.depth ?? 3);
  if (depth < 2) throw new RangeError(`depth must be >= 2 (an input layer and a readout), got ${depth}`);
  const act = resolveActivation('activation', o.activation ?? 'relu');
  const p = oneOf('parametrization', o.parametrization ?? 'muP', ['standard', 'muP'] as const);
  const baseWidth = positive('baseWidth', o.baseWidth ?? Math.min(...widths));
  const inputDim = positiveInt('inputDim', o.inputDim ?? 8);
  const outputDim = positiveInt('outputDim', o.outputDim ?? 10);
  const batch = positiveInt('batch', o.batch ?? 32);
  const steps = count('steps', o.steps ?? 1);
  const lr = positive('lr', o.lr ?? 0.1);
  const seed = o.seed ?? 0;
  if (typeof seed !== 'bigint') count('seed', seed);
  const seeds = positiveInt('seeds', o.seeds ?? 4);
  // σ² keeps E[h²] through a hidden layer for this φ (2 for ReLU): the init is critical, so depth
  // alone moves nothing and what changes across widths is the parametrization's doing.
  const gain = gainFor(act.phi), sigma2 = gain * gain;

  const grid = (): number[][][] => Array.from({ length: depth }, () => Array.from({ length: steps + 1 }, () => []));
  const byLayer = grid(), changeByLayer = grid();
  for (const n of widths) {
    const { variance, lrScale, biasLrScale } = layerScales(p, depth, n, baseWidth, inputDim, sigma2);
    const init = (shape: [number, number], g: Generator, layer: number): Float32Array =>
      g.normal(shape[0] * shape[1], { std: Math.sqrt(variance[layer - 1]!) });
    const sum = Array.from({ length: steps + 1 }, () => new Array<number>(depth + 1).fill(0));
    const changeSum = Array.from({ length: steps + 1 }, () => new Array<number>(depth + 1).fill(0));
    for (let k = 0; k < seeds; k++) {
      const r = simulate({
        depth, widths: [inputDim, ...new Array<number>(depth - 1).fill(n), outputDim], batch, activation: o.activation ?? 'relu',
        init, activateInput: false, backward: false, weightGradNorm: false, jacobianProbes: 0,
        seed: typeof seed === 'bigint' ? seed + BigInt(k) : seed + k, train: { steps, lr, lrScale, biasLrScale, l1: true },
      });
      const { l1, l1Change } = r.train!;
      for (let s = 0; s <= steps; s++) {
        for (let l = 1; l <= depth; l++) { sum[s]![l]! += l1![s]![l]!; changeSum[s]![l]! += l1Change![s]![l]!; }
      }
    }
    for (let s = 0; s <= steps; s++) {
      for (let l = 1; l <= depth; l++) {
        byLayer[l - 1]![s]!.push(sum[s]![l]! / seeds);
        changeByLayer[l - 1]![s]!.push(changeSum[s]![l]! / seeds);
      }
    }
  }
  const layers = byLayer.map((byStep, i): CoordCheckLayer => {
    const l1 = byStep[steps]!, changeByStep = changeByLayer[i]!, change = changeByStep[steps]!;
    return {
      layer: i + 1, kind: i === 0 ? 'input' : i === depth - 1 ? 'readout' : 'hidden', l1, change, byStep, changeByStep,
      slope: logLogSlope(widths, l1), changeSlope: logLogSlope(widths, change),
    };
  });
  const readout = layers[depth - 1]!.l1;
  return {
    parametrization: p, widths, widthMult: widths.map((n) => n / baseWidth), baseWidth, depth, activation: act.name, inputDim, outputDim,
    batch, steps, lr, seeds, layers, readout, slope: layers[depth - 1]!.slope, readoutRatio: Math.max(...readout) / Math.min(...readout),
  };
}
