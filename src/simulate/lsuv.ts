// Layer-sequential unit-variance initialisation (Mishkin & Matas 2016, "All you need is a good init").
import { activeKernels } from '../kernels/backend.js';
import { Generator } from '../random/generator.js';
import { orthogonal } from '../initializers/orthogonal.js';
import { count, describe, options, positive } from '../validate.js';
import { resolveActivation, type SimActivation } from './activation.js';

/** The network {@link lsuv} initialises: fully connected, hˡ = Wˡ φ(hˡ⁻¹) with h¹ = W¹x. */
export interface LsuvNetwork {
  /** Widths n⁰ (the input) … nᴸ; at least two entries. */
  widths: readonly number[];
  /** φ between layers. Default `'relu'`. */
  activation?: SimActivation;
  /** Seed of the orthonormal pre-init (layer l draws from `new Generator(seed).fork('weights').fork(l)`). Default 0. */
  seed?: number | bigint;
}

/** Options of {@link lsuv}. */
export interface LsuvOptions {
  /** Stop rescaling a layer once |Var(hˡ) − 1| < tolVar. Default 0.1. */
  tolVar?: number;
  /** Most rescalings per layer. Default 10. */
  maxIter?: number;
}

/** Result of {@link lsuv}. */
export interface LsuvResult {
  /** weights[l − 1] is Wˡ, [nˡ, nˡ⁻¹] row-major (PyTorch layout). */
  weights: Float32Array[];
  /** Rescalings used per layer. */
  iterations: number[];
  /** Var(hˡ) over the batch after the layer was done. */
  variances: number[];
}

function variance(h: Float32Array): number {
  let s = 0, s2 = 0;
  for (let i = 0; i < h.length; i++) { s += h[i]!; s2 += h[i]! * h[i]!; }
  const m = s / h.length;
  return Math.max(0, s2 / h.length - m * m);
}

/**
 * LSUV: every layer gets an orthonormal init (`orthogonal`), then, layer by layer on the given
 * batch, Wˡ is divided by √Var(hˡ) until |Var(hˡ) − 1| < tolVar or maxIter rescalings were made.
 *
 * @param batch the data, example-major: batch.length = B · widths[0] (row b = example b).
 * @throws TypeError / RangeError naming the argument (widths, activation, batch, tolVar, maxIter).
 * @example
 * const { weights, iterations } = lsuv({ widths: [64, 256, 256, 10], activation: 'tanh' }, data);
 */
export function lsuv(network: LsuvNetwork, batch: Float32Array, opts?: LsuvOptions): LsuvResult {
  const net = options('network', network, ['widths', 'activation', 'seed']);
  if (!Array.isArray(net.widths) || net.widths.length < 2) throw new TypeError(`network.widths must be an array of at least 2 positive integers, got ${describe(net.widths)}`);
  const widths = net.widths.map((w, i) => { const v = count(`network.widths[${i}]`, w); if (v < 1) throw new RangeError(`network.widths[${i}] must be >= 1`); return v; });
  const act = resolveActivation('network.activation', net.activation ?? 'relu');
  if (!(batch instanceof Float32Array)) throw new TypeError(`batch must be a Float32Array, got ${describe(batch)}`);
  const n0 = widths[0]!;
  if (batch.length === 0 || batch.length % n0 !== 0) throw new RangeError(`batch length ${batch.length} is not a positive multiple of widths[0] = ${n0}`);
  const o = options('options', opts, ['tolVar', 'maxIter']);
  const tol = positive('tolVar', o.tolVar ?? 0.1);
  const maxIter = count('maxIter', o.maxIter ?? 10);
  const B = batch.length / n0;
  const root = new Generator(net.seed ?? 0).fork('weights');
  let x = new Float32Array(n0 * B);
  for (let b = 0; b < B; b++) for (let i = 0; i < n0; i++) x[i * B + b] = batch[b * n0 + i]!;
  const weights: Float32Array[] = [], iterations: number[] = [], variances: number[] = [];
  for (let l = 1; l < widths.length; l++) {
    const m = widths[l]!, n = widths[l - 1]!;
    const w = orthogonal([m, n], { generator: root.fork(l) });
    let a = x;
    if (l > 1) {
      a = new Float32Array(x.length);
      activeKernels().activate(act.kind, act.param, x, a, new Float32Array(x.length));
    }
    const h = new Float32Array(m * B);
    activeKernels().sgemm(m, B, n, w, n, 1, a, B, 1, h);
    let v = variance(h), it = 0;
    while (Math.abs(v - 1) >= tol && it < maxIter && v > 0) {
      const s = 1 / Math.sqrt(v);
      for (let i = 0; i < w.length; i++) w[i] = w[i]! * s;
      activeKernels().sgemm(m, B, n, w, n, 1, a, B, 1, h);
      v = variance(h);
      it++;
    }
    weights.push(w);
    iterations.push(it);
    variances.push(v);
    x = h;
  }
  return { weights, iterations, variances };
}
