// Orthogonal initialisation (Saxe et al. 2014) by blocked Householder QR, and delta-orthogonal
// convolution kernels (Xiao et al. 2018). The QR runs in the active backend (backend.ts:
// wasm-simd, wasm-scalar or the js twin), in float64, with bit-identical results on all three.
import { activeKernels } from '../kernels/backend.js';
import type { FloatArray, Sampler } from '../random/types.js';
import { describe, oneOf } from '../validate.js';
import { prepare, refuseSelection, type Call, type InitOptions } from './common.js';
import { define } from './define.js';

/** Options of {@link orthogonal}. */
export interface OrthogonalOptions extends InitOptions {
  /** Multiplier of the orthogonal matrix, finite (negative flips the sign). Default 1. */
  gain?: number;
}

/** Options of {@link deltaOrthogonal}. */
export interface DeltaOrthogonalOptions extends OrthogonalOptions {
  /**
   * Which spatial index is the centre of an even kernel size k: `'tf'` (default) is ⌊(k−1)/2⌋ as in
   * TF's `convolutional_delta_orthogonal`, JAX's `delta_orthogonal` and Xiao et al.'s code;
   * `'torch'` is ⌊k/2⌋ as PyTorch's `dirac_`. Both agree for odd k.
   */
  center?: 'tf' | 'torch';
}

// Largest matrix the WASM linear-algebra memory can hold: m·n float64 plus the m·(2·32 + 1)
// workspace (a 32-bit memory, 4 GiB). Checked before drawing, so the generator never moves for it.
const MAX_BYTES = 2 ** 32 - 2 ** 26;

function checkGain(x: unknown): number {
  if (typeof x !== 'number') throw new TypeError(`gain must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x)) throw new RangeError(`gain must be finite, got ${x}`);
  return x;
}

function checkFits(shape: readonly number[], rows: number, cols: number): void {
  const m = Math.max(rows, cols), n = Math.min(rows, cols);
  if (8 * (m * n + m * 72 + n * 72) > MAX_BYTES) {
    throw new RangeError(`shape [${shape.join(', ')}]: a ${m} x ${n} float64 QR does not fit WebAssembly's 4 GiB memory`);
  }
}

/**
 * The orthogonal factor of a rows x cols standard normal matrix drawn from `g` (rows·cols values,
 * row-major, one `normal` draw: ⌈rows·cols/4⌉ Philox blocks), PyTorch's procedure: the QR is taken
 * of the matrix or, when rows < cols, of its transpose; column j of the reduced Q is multiplied by
 * sign(R[j, j]) (sign(0) = +1) unless `signFix` is false; the result is transposed back and
 * multiplied by `gain` (in float64, then rounded once for a Float32Array). Writes `dst[dstOff + i·rowStride + j·colStride]`.
 * A sampler with an `orthogonal` hook (`Sampler.orthogonal`) makes the matrix itself instead: a
 * TorchGenerator's hook is PyTorch's float32 path (reference LAPACK's QR, src/torch/lapack.ts).
 * Inputs are trusted (validated by the caller).
 *
 * @internal Not part of the public API; `signFix: false` exists for the test that shows the
 * uncorrected QR is not Haar-distributed.
 */
export function orthogonalInto(g: Sampler, rows: number, cols: number, gain: number, dst: FloatArray,
  dstOff: number, rowStride: number, colStride: number, signFix = true): void {
  if (g.orthogonal !== undefined) {
    // The stream's own procedure (TorchGenerator: orthogonal_'s float32 LAPACK QR, so the values
    // are PyTorch's); it draws from the stream itself.
    const w = g.orthogonal(rows, cols, gain, signFix);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) dst[dstOff + i * rowStride + j * colStride] = w[i * cols + j]!;
    }
    return;
  }
  const wide = rows < cols;
  const m = wide ? cols : rows, n = wide ? rows : cols;
  const a = new Float64Array(m * n); // column-major m x n
  if (wide) {
    // The transpose of the row-major rows x cols draw, column-major, is the draw itself.
    g.normal(a);
  } else {
    const z = g.normal(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) a[j * m + i] = z[i * cols + j]!;
    }
  }
  activeKernels().householderQ(a, m, n, signFix);
  // Result W (rows x cols): W = Q when tall (W[i, j] = a[j·m + i]), Q^T when wide (W[i, j] = a[i·m + j]).
  const si = wide ? m : 1, sj = wide ? 1 : m;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) dst[dstOff + i * rowStride + j * colStride] = gain * a[i * si + j * sj]!;
  }
}

function prod(xs: readonly number[]): number {
  return xs.reduce((p, x) => p * x, 1);
}

function checkNonEmpty(call: Call, what: string): void {
  const s = call.shape;
  if (s.length < 2) throw new RangeError(`shape: ${what} needs at least 2 dimensions, got [${s.join(', ')}]`);
  if (call.size === 0) throw new RangeError(`shape: ${what} needs non-zero dimensions, got [${s.join(', ')}]`);
}

/**
 * A (semi-)orthogonal matrix (`torch.nn.init.orthogonal_`, `tf.initializers.orthogonal`, JAX
 * `orthogonal`), exactly Haar-distributed: the weight is viewed as a rows x cols matrix — with
 * `layout: 'torch'` (default) rows = shape[0] and cols = the product of the rest (PyTorch); with
 * `layout: 'tf'` rows = the product of all but the last dim and cols = the last (Keras). A
 * rows x cols standard normal matrix is drawn from the generator (one `normal` draw of rows·cols
 * values, row-major), its reduced QR is taken (of its transpose when rows < cols), column j of Q is
 * multiplied by sign(R[j, j]) with sign(0) = +1 — without this step Q is not Haar (its diagonal
 * is biased) — and the result is transposed back and multiplied by `gain`. Rows are orthonormal
 * when rows ≤ cols, columns when rows ≥ cols.
 *
 * The QR is a blocked Householder factorization in float64 on the active backend; `float64`
 * results are that float64 matrix (orthogonal to ~1e-15, not widened float32 values as for the
 * random initializers), `float32` results are it rounded once. Same seed, same bits on every
 * backend. Memory: the reduced Q only, O(rows·cols) — never rows².
 *
 * With a `TorchGenerator` as `generator` the result is instead `torch.nn.init.orthogonal_`'s
 * after `torch.manual_seed` (the generator's `orthogonal` hook): PyTorch's float32 normal draw,
 * the float32 QR of reference LAPACK (sgeqrf + sorgqr, replayed operation by operation), its sign
 * fix (a zero R[j, j] zeroes column j, as torch.sign(0) = 0) and `mul_(gain)` in float32 —
 * bit-exact with a PyTorch that uses reference LAPACK, not with one on OpenBLAS or MKL (see
 * docs/torch-provenance.md). `float64` results are then those float32 values widened.
 * {@link deltaOrthogonal} shares this path.
 *
 * @throws RangeError naming `shape` for rank < 2, a zero-sized dimension or a matrix too large for
 * WebAssembly memory; naming `gain` unless it is finite; the common option errors (see
 * {@link InitOptions}). All are checked before drawing, so nothing is drawn or written then. (Only
 * an engine that refuses to grow memory below 4 GiB fails after the draw: the generator has moved,
 * `out` is still untouched.)
 *
 * Shards: `rows`, `slice` and `range` are a RangeError (the QR couples every element): make the
 * whole matrix and slice the result.
 * @example
 * const w = orthogonal([256, 256], { seed: 0, gain: calculateGain('tanh') });
 */
export const orthogonal = define<OrthogonalOptions>((shape, opts) => {
  refuseSelection('orthogonal', opts, 'it needs the whole QR, slice the result instead');
  const [call, o] = prepare(shape, opts, ['gain']);
  const gain = checkGain(o.gain ?? 1);
  checkNonEmpty(call, 'orthogonal');
  const s = call.shape;
  const tf = call.layout === 'tf';
  const rows = tf ? prod(s.slice(0, -1)) : s[0]!;
  const cols = tf ? s[s.length - 1]! : prod(s.slice(1));
  checkFits(s, rows, cols);
  const out = call.target();
  // orthogonalInto writes `out` only after the QR has succeeded.
  orthogonalInto(call.sampler(), rows, cols, gain, out, 0, cols, 1);
  return call.finish(out);
});

/**
 * Delta-orthogonal convolution kernel (Xiao et al. 2018, "Dynamical Isometry and a Mean Field
 * Theory of CNNs", the initialisation that trained 10,000-layer vanilla CNNs; TF's
 * `convolutional_delta_orthogonal`, JAX's `delta_orthogonal`): zero everywhere except at the
 * spatial centre of the kernel, where the out x in channel matrix is `orthogonal([out, in])`
 * (the same draw and the same values as that call with the same generator state) times `gain`;
 * its columns are orthonormal. `layout: 'torch'` (default) reads `[out, in, ...kernel]`, `'tf'`
 * reads `[...kernel, in, out]`. Centre: ⌊(k−1)/2⌋ in each spatial dim by default (`center: 'tf'`,
 * TF/JAX/the paper), or ⌊k/2⌋ with `center: 'torch'` (PyTorch `dirac_`); the same for odd k.
 *
 * @throws RangeError naming `shape` unless 3-D or more with non-zero dims and out ≥ in; naming
 * `gain` unless finite; TypeError naming `center`; RangeError for `rows`, `slice` or `range` (the
 * QR couples every element: slice the result). Nothing is drawn or written when a call throws.
 * @example
 * const w = deltaOrthogonal([64, 64, 3, 3], { seed: 0 }); // w[o, i, 1, 1] orthogonal, rest 0
 */
export const deltaOrthogonal = define<DeltaOrthogonalOptions>((shape, opts) => {
  refuseSelection('deltaOrthogonal', opts, 'it needs the whole QR, slice the result instead');
  const [call, o] = prepare(shape, opts, ['gain', 'center']);
  const gain = checkGain(o.gain ?? 1);
  const center = oneOf('center', o.center ?? 'tf', ['tf', 'torch'] as const);
  const s = call.shape;
  const rank = s.length;
  if (rank < 3) throw new RangeError(`shape: deltaOrthogonal needs a kernel with at least one spatial dimension ([out, in, ...kernel] or [...kernel, in, out]), got [${s.join(', ')}]`);
  checkNonEmpty(call, 'deltaOrthogonal');
  const tf = call.layout === 'tf';
  const outCh = tf ? s[rank - 1]! : s[0]!;
  const inCh = tf ? s[rank - 2]! : s[1]!;
  const kernelDims = tf ? s.slice(0, rank - 2) : s.slice(2);
  if (outCh < inCh) throw new RangeError(`shape [${s.join(', ')}]: deltaOrthogonal needs out channels >= in channels, got out = ${outCh}, in = ${inCh}`);
  checkFits(s, outCh, inCh);
  let centre = 0; // flat index of the centre, row-major over the kernel dims
  for (const k of kernelDims) centre = centre * k + (center === 'tf' ? (k - 1) >> 1 : k >> 1);
  const ksize = prod(kernelDims);
  const g = call.sampler();
  // Orthogonal out x in matrix W[o, i] -> torch [o, i, c] = (o·in + i)·ksize + c; tf [c, i, o] = (c·in + i)·out + o.
  const w = new Float64Array(outCh * inCh);
  orthogonalInto(g, outCh, inCh, gain, w, 0, inCh, 1);
  const out = call.target();
  out.fill(0);
  for (let oc = 0; oc < outCh; oc++) {
    for (let ic = 0; ic < inCh; ic++) {
      out[tf ? (centre * inCh + ic) * outCh + oc : (oc * inCh + ic) * ksize + centre] = w[oc * inCh + ic]!;
    }
  }
  return call.finish(out);
});
