// Plain distributions. Their parameters are checked by the Generator (errors name low, high,
// mean, std, a, b, bounds) before it draws, so a failed call leaves `out` and the generator as
// they were.
import { U128, type FloatArray, type NormalOptions, type PositionalSampler, type TruncatedNormalOptions, type UniformOptions } from '../random/types.js';
import { finite } from '../validate.js';
import { halfBounds, prepare, ROWS, type Call, type InitOptions } from './common.js';
import { truncatedParams } from '../random/sampling-options.js';
import { flatSelection, ShardSampler } from './shard.js';
import { define } from './define.js';

/** Options of {@link uniform}: U[low, high), defaults 0 and 1 (PyTorch's `uniform_`). */
export interface UniformInitOptions extends InitOptions, UniformOptions {}
/** Options of {@link normal}: N(mean, std²), defaults 0 and 1 (PyTorch's `normal_`). */
export interface NormalInitOptions extends InitOptions, NormalOptions {}
/** Options of {@link truncatedNormal}; see there for the defaults. */
export interface TruncatedNormalInitOptions extends InitOptions, TruncatedNormalOptions {}

/** Options of {@link sparse}. */
export interface SparseOptions extends InitOptions {
  /** Fraction of each column to zero, in [0, 1] (required). */
  sparsity: number;
  /** Std of the non-zero values, > 0. Default 0.01 (PyTorch). */
  std?: number;
}

/**
 * Uniform on [low, high) (`uniform_(a=0, b=1)`, `tf.initializers.randomUniform`, JAX `uniform`):
 * float32(u·(high − low) + low), u a 24-bit fraction. Defaults are PyTorch's (0, 1), not Keras's
 * (−0.05, 0.05) nor JAX's [0, 0.01).
 */
export const uniform = define<UniformInitOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['low', 'high', ROWS]);
  return call.finish(call.sampler().uniform(call.target(), { low: o.low, high: o.high }));
});

/**
 * Normal N(mean, std²) by Box–Muller (`normal_`, `tf.initializers.randomNormal`, JAX `normal`).
 * Defaults are PyTorch's (0, 1), not Keras's std 0.05 nor JAX's 0.01.
 */
export const normal = define<NormalInitOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['mean', 'std', ROWS]);
  return call.finish(call.sampler().normal(call.target(), { mean: o.mean, std: o.std }));
});

/**
 * Normal N(mean, std²) truncated to [a, b] by inverse CDF (exact, never a rejection loop).
 * Defaults: mean 0, std 1, a = −2, b = 2, `bounds: 'sigma'` — a and b are in units of std around
 * the mean (TF/JAX/Keras: values within 2 std). Note that the resulting variance is
 * 0.7737·std², not std² (use {@link varianceScaling} for a corrected std).
 *
 * PyTorch's `trunc_normal_(mean, std, a, b)` takes a and b as absolute values: with std = 1 and
 * mean = 0 it is the same as the default here; otherwise pass `bounds: 'absolute'` to get its
 * semantics (timm's `trunc_normal_(std=.02)` with the default a=−2, b=2 truncates at ±100 std,
 * i.e. not at all — write `{ std: 0.02, bounds: 'absolute' }` to reproduce that, or keep 'sigma').
 *
 * With `dtype: 'bfloat16' | 'float16'` the values stay inside [a, b] after rounding: a value that
 * rounds past a bound becomes its neighbour toward the inside (a RangeError when [a, b] holds no
 * value of the format).
 */
export const truncatedNormal = define<TruncatedNormalInitOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['mean', 'std', 'a', 'b', 'bounds', ROWS]);
  const t = { mean: o.mean, std: o.std, a: o.a, b: o.b, bounds: o.bounds };
  // A half dtype: the bounds as values (the generator's own computation), checked before the draw.
  const bounds = call.half === undefined ? undefined : (({ lo, hi }) => halfBounds(call, lo, hi, 'a, b'))(truncatedParams(t));
  return call.finish(call.sampler().truncatedNormal(call.target(), t), bounds);
});

/**
 * x·m >> 32 for a 32-bit word x and m ≤ 2^32, exactly in double: x = hi·2^16 + lo keeps every
 * partial product below 2^53.
 */
function mulShift(x: number, m: number): number {
  const hi = x >>> 16, lo = x & 0xffff;
  return Math.floor((hi * m + Math.floor((lo * m) / 65536)) / 65536);
}

/**
 * Sparse matrix (`torch.nn.init.sparse_`, Martens 2010): N(0, std²) values, then in each column
 * k = ⌈sparsity · rows⌉ entries set to 0. 2-D only; with `layout: 'tf'` (`[in, out]`) "column"
 * means the same input unit, i.e. a row of the stored matrix.
 *
 * Unlike PyTorch (whose `randperm` ignores the generator argument) the zero positions come from
 * the same generator, after the values, by this documented procedure:
 *  1. values: one `normal` draw of rows·cols values (⌈rows·cols/4⌉ Philox blocks);
 *  2. positions: one `uint32` draw of cols·k words; column c uses words c·k … c·k + k − 1;
 *  3. for column c, a partial Fisher–Yates shuffle of the row indices [0, rows): for i = 0 … k−1,
 *     j = i + ⌊w_i · (rows − i) / 2^32⌋ (multiply-shift, computed exactly; no rejection, so each
 *     index's probability is within rows/2^32 of uniform), swap positions i and j; the first k
 *     indices are zeroed.
 *
 * Shards: `rows` and `range` (and a `slice` that is one contiguous flat run); any other `slice` is
 * a RangeError (make the rows and slice the result).
 * @throws RangeError naming `shape` unless 2-D, `sparsity` unless in [0, 1], `std` unless > 0.
 */
export const sparse = define<SparseOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['sparsity', 'std', ROWS]);
  return call.finish(sparseDraw(call, o));
});

function sparseDraw(call: Call, o: Partial<SparseOptions>): FloatArray {
  if (call.shape.length !== 2) throw new RangeError(`shape: sparse needs a 2-D shape, got [${call.shape.join(', ')}]`);
  if (o.sparsity === undefined) throw new TypeError('sparsity is required: sparse(shape, { sparsity, std })');
  const sparsity = finite('sparsity', o.sparsity);
  if (sparsity < 0 || sparsity > 1) throw new RangeError(`sparsity must be in [0, 1], got ${sparsity}`);
  const tf = call.layout === 'tf';
  const rows = tf ? call.shape[1]! : call.shape[0]!; // output units
  const cols = tf ? call.shape[0]! : call.shape[1]!; // input units
  const k = Math.ceil(sparsity * rows);
  if (call.selection !== undefined) {
    // The zeros are placed per column: a shard replays the columns it touches, for one flat run.
    if (call.offset === undefined) {
      throw new RangeError(`${call.selection.label}: sparse takes rows, range, or a slice that is one contiguous run of the flat tensor (its zeros are placed per column): make the rows and slice the result`);
    }
    // prepare() has checked that the generator has block positions.
    return sparseRows(call.source() as PositionalSampler, call.target(), o.std ?? 0.01, rows, cols, k, tf, call.offset, call.size);
  }
  const g = call.sampler();
  const out = g.normal(call.target(), { mean: 0, std: o.std ?? 0.01 }); // validates std before drawing
  if (k === 0 || cols === 0) return out;
  const words = g.uint32(cols * k);
  const perm = new Uint32Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) perm[r] = r;
    for (let i = 0; i < k; i++) {
      const j = i + mulShift(words[c * k + i]!, rows - i);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
      const r = perm[i]!;
      out[tf ? c * rows + r : r * cols + c] = 0;
    }
  }
  return out;
}

/**
 * A shard of {@link sparse} (`rows`, `range`, or a contiguous slice: flat [offset, offset + length)): the values of the slice (an elementwise draw), then for every
 * column the slice touches its k zero positions from its own words of the positions draw (the same
 * words and the same partial Fisher–Yates as the whole matrix, on a sparse swap map: O(k) per
 * column, no O(rows) array). The generator ends where the whole call leaves it.
 */
function sparseRows(g: PositionalSampler, out: FloatArray, std: number,
  rows: number, cols: number, k: number, tf: boolean, offset: number, size: number): FloatArray {
  new ShardSampler(g, flatSelection(offset, offset + out.length), size).normal(out, { mean: 0, std }); // validates std; skips the values
  const wordsAt = g.position;
  g.skip(Math.ceil((cols * k) / 4));
  if (k === 0 || cols === 0 || out.length === 0) return out;
  const end = offset + out.length;
  // torch [rows, cols]: every column may be touched by flat [offset, end);
  // tf [cols, rows]: only the columns ⌊offset/rows⌋ .. ⌈end/rows⌉ − 1 are.
  const c0 = tf ? Math.floor(offset / rows) : 0, c1 = tf ? Math.ceil(end / rows) : cols;
  const words = new Uint32Array(k + 3);
  const swapped = new Map<number, number>();
  for (let c = c0; c < c1; c++) {
    const w = c * k; // first word of column c
    const src = g.at((wordsAt + BigInt(Math.floor(w / 4))) % U128);
    src.uint32(words.subarray(0, (w % 4) + k));
    swapped.clear();
    for (let i = 0; i < k; i++) {
      const j = i + mulShift(words[(w % 4) + i]!, rows - i);
      const pi = swapped.get(i) ?? i, pj = swapped.get(j) ?? j;
      swapped.set(i, pj);
      swapped.set(j, pi);
      const flat = tf ? c * rows + pj : pj * cols + c;
      if (flat >= offset && flat < end) out[flat - offset] = 0;
    }
  }
  return out;
}
