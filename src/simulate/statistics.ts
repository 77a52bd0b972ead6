// Per-layer statistics of a batch of activations stored neuron-major: x[i·batch + b] is neuron i on
// example b. Most are ratios of the sums computed by the `layerStats` kernel (assembly/layer.ts,
// twin src/kernels/reference/layer.ts), the same bits on every backend; the symmetry statistic
// distinctNeurons is computed here.
import type { LayerStats } from './config.js';
import { F32, I32 } from '../math/bits.js';

const KEY_BITS = 2 ** 16;

/**
 * Number of classes of neurons (rows) whose outputs over the batch agree within
 * tol = 1e-6 · RMS(h) in every example (greedy: a row joins the first class whose representative it
 * matches, representatives visited in order of their first output, ties in row order). 1 means
 * full symmetry. `sumSquares` (Σh², float64) may be passed when already known.
 */
export function distinctNeurons(h: Float32Array, width: number, batch: number, sumSquares?: number): number {
  if (width === 0 || batch === 0) return width;
  let s2 = sumSquares;
  if (s2 === undefined) {
    s2 = 0;
    for (let i = 0; i < width * batch; i++) s2 += h[i]! * h[i]!;
  }
  const tol = 1e-6 * Math.sqrt(s2 / (width * batch));
  const order = rowOrder(h, width, batch);
  const reps: number[] = [];
  for (let k = 0; k < width; k++) {
    const i = order[k]!;
    const key = h[i * batch]!;
    let matched = false;
    for (let r = reps.length - 1; r >= 0; r--) {
      const j = reps[r]!;
      if (key - h[j * batch]! > tol) break;
      let same = true;
      for (let b = 1; b < batch; b++) {
        if (Math.abs(h[i * batch + b]! - h[j * batch + b]!) > tol) { same = false; break; }
      }
      if (same) { matched = true; break; }
    }
    if (!matched) reps.push(i);
  }
  return reps.length;
}

/** Rows sorted by their first output (−0 = +0), ties in row order; NaN keys last. */
function rowOrder(h: Float32Array, width: number, batch: number): ArrayLike<number> {
  if (width > KEY_BITS) {
    return Array.from({ length: width }, (_, i) => i).sort((x, y) => h[x * batch]! - h[y * batch]! || x - y);
  }
  // A numeric sort of (order-preserving bits of the f32 key) · 2^16 + row: exact in float64.
  const keys = new Float64Array(width);
  for (let i = 0; i < width; i++) {
    F32[0] = h[i * batch]! + 0; // −0 → +0
    const u = I32[0]! >>> 0;
    const ordered = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
    keys[i] = ordered * KEY_BITS + i;
  }
  keys.sort();
  const order = new Uint32Array(width);
  for (let i = 0; i < width; i++) order[i] = keys[i]! % KEY_BITS;
  return order;
}

/**
 * The statistics of layer l from the `layerStats` kernel's 8 sums over its n × B values (Σh, Σh²,
 * Σφ, Σφ², zeros, saturated, Σ of pairwise cosines, live examples) and hˡ itself; g is NaN until
 * the backward pass fills it in.
 */
export function layerStatsOf(sums: Float64Array, h: Float32Array, n: number, B: number): LayerStats {
  const len = n * B;
  const [S, S2, P, P2, zeros, sat, C, live] = sums as unknown as number[];
  const postMean = P! / len;
  return {
    preMean: S! / len, q: S2! / len, postMean, postVar: Math.max(0, P2! / len - postMean * postMean),
    zeroFraction: zeros! / len, saturatedFraction: sat! / len,
    // C sums the cosines over all ordered pairs of live examples including each with itself (1 each).
    cosine: live! < 2 ? 1 : (C! - live!) / (live! * (live! - 1)),
    distinctNeurons: distinctNeurons(h, n, B, S2), g: NaN,
  };
}
