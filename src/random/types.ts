// The stream contract's types: what a sampling call takes and what a random stream can do. A leaf
// (it imports one type, the kernels' `Runs`), so every layer can name these types without an import cycle. The
// capabilities below are how initializers ask a stream what it can do instead of testing its class:
// `rows` shards need block positions, `threads` needs parallel fills, and orthogonal uses a
// stream's own QR when it brings one (PyTorch's, for TorchGenerator).
import type { Runs } from '../kernels/backend.js';

/** Float outputs a sampler can fill; Float64Array receives the float32 values widened exactly. */
export type FloatArray = Float32Array | Float64Array;

/** `threads` of a sampling call or initializer: a thread count (1 = this thread only) or `'auto'`. */
export type Threads = number | 'auto';

/** The option every sampling call takes. */
export interface ThreadsOptions {
  /**
   * Threads to fill with: `1` (default) this thread only; n > 1 this thread and n − 1 pool workers
   * (Node `worker_threads`; in browsers Web Workers, only from a worker of a cross-origin isolated
   * page — elsewhere one thread); `'auto'` the runtime's logical processors. The values are the
   * same for every thread count. Requests under 2^19 values run on one thread. When the call
   * allocates its result and the fill runs in parallel, the result is a view of a
   * SharedArrayBuffer, which the workers write in place; pass `out` to choose the memory.
   */
  threads?: Threads;
}

/** Options of {@link Sampler.uniform} (`Generator.uniform`). */
export interface UniformOptions extends ThreadsOptions {
  /** Lower bound (inclusive). Default 0. */
  low?: number;
  /** Upper bound. Default 1. Values lie in [low, high) up to float32 rounding of `u * (high - low) + low`. */
  high?: number;
}

/** Options of {@link Sampler.normal} (`Generator.normal`). */
export interface NormalOptions extends ThreadsOptions {
  /** Mean. Default 0. */
  mean?: number;
  /** Standard deviation, > 0. Default 1. */
  std?: number;
}

/** Options of {@link Sampler.truncatedNormal} (`Generator.truncatedNormal`). */
export interface TruncatedNormalOptions extends NormalOptions {
  /** Lower bound; -Infinity for none. Default -2. */
  a?: number;
  /** Upper bound; Infinity for none. Default 2. */
  b?: number;
  /**
   * `'sigma'` (default, TF/JAX): a and b are multiples of std around the mean.
   * `'absolute'` (PyTorch `trunc_normal_`): a and b are values.
   */
  bounds?: 'sigma' | 'absolute';
}

/**
 * What an initializer needs from a random stream: fill a new array of length n, or the caller's
 * `out`, with raw 32-bit words, uniform, normal or truncated normal values, advancing the stream.
 * `Generator` (Philox, this library's stream contract) and `TorchGenerator` (mt19937, PyTorch's CPU
 * stream) implement it with the same option shapes, so either can be passed as `generator` to
 * every initializer.
 *
 * Beyond drawing, a stream may declare capabilities, which initializers ask for instead of testing
 * its class: {@link Sampler.parallel} (draws on several threads), block positions
 * ({@link PositionalSampler}, found by {@link isPositional}) and an {@link Sampler.orthogonal} hook.
 */
export interface Sampler {
  /** Raw 32-bit words. */
  uint32(nOrOut: number | Uint32Array): Uint32Array;
  /** U[low, high). */
  uniform(n: number, opts?: UniformOptions): Float32Array;
  uniform<T extends FloatArray>(out: T, opts?: UniformOptions): T;
  /** N(mean, std²). */
  normal(n: number, opts?: NormalOptions): Float32Array;
  normal<T extends FloatArray>(out: T, opts?: NormalOptions): T;
  /** N(mean, std²) truncated to [a, b]. */
  truncatedNormal(n: number, opts?: TruncatedNormalOptions): Float32Array;
  truncatedNormal<T extends FloatArray>(out: T, opts?: TruncatedNormalOptions): T;
  /**
   * Capability, parallel fill: `true` when the float draws accept `threads` > 1 and give the same
   * values for every thread count (Philox: disjoint block ranges). Absent on sequential streams
   * (TorchGenerator's mt19937), which accept only one thread.
   */
  readonly parallel?: boolean;
  /**
   * Capability, the stream's own orthogonal matrix: draws what `orthogonal` needs from this stream
   * and returns the rows x cols (semi-)orthogonal matrix, row-major, times `gain`. `signFix: false`
   * skips the sign correction by R's diagonal (for the test that shows it matters). Present on
   * TorchGenerator, whose hook replays `torch.nn.init.orthogonal_` (PyTorch's float32 normal draw
   * and reference LAPACK's QR); absent otherwise, and the initializer takes its own float64
   * Householder QR.
   */
  orthogonal?(rows: number, cols: number, gain: number, signFix: boolean): FloatArray;
}

/**
 * Capability, block positions: a stream whose values are addressed by a 128-bit block counter
 * (Philox), so a draw can start anywhere and a stream can be copied and moved without drawing.
 * This is what `rows` shards and sparse's per-column position words need. `Generator` has it;
 * TorchGenerator's mt19937 has no positions.
 */
export interface PositionalSampler extends Sampler {
  /** The next block to be used, counted in 128-bit blocks from 0. */
  readonly position: bigint;
  /** A stream with the same key, positioned at `block` (a non-negative integer below 2^128). */
  at(block: number | bigint): PositionalSampler;
  /** Advances by `blocks` blocks (mod 2^128), as a draw of 4·blocks values would; returns `this`. */
  skip(blocks: number | bigint): this;
  /** An independent copy at the same key and position. */
  clone(): PositionalSampler;
  /**
   * Capability, gathered draws: a sampler for ONE draw whose `out` receives, run after run, the
   * values a draw of the same kind from this position would put at the flat positions
   * `start … start + length − 1` (at `out[at …]`). The options are read once and no object is made
   * per run, so a column slice of a large tensor (thousands of short runs) costs its values, not
   * thousands of calls. `Generator` has it; slices fall back to one draw per run without it.
   */
  gather?(runs: Runs): Sampler;
}

/** Contiguous runs of flat positions (defined beside the kernels that gather them). */
export type { Runs };

/** True when `s` has block positions ({@link PositionalSampler}): `position`, `at`, `skip` and `clone`. */
export function isPositional(s: Sampler): s is PositionalSampler {
  const p = s as Partial<PositionalSampler>;
  return typeof p.position === 'bigint' && typeof p.at === 'function' && typeof p.skip === 'function' && typeof p.clone === 'function';
}

/** True when `x` implements {@link Sampler}: the four draw methods. */
export function isSampler(x: unknown): x is Sampler {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Record<keyof Sampler, unknown>>;
  return typeof s.uint32 === 'function' && typeof s.uniform === 'function' && typeof s.normal === 'function' && typeof s.truncatedNormal === 'function';
}

/** 2^128: the Philox block counter is a 128-bit integer, so stream positions wrap modulo this. */
export const U128 = 1n << 128n;
