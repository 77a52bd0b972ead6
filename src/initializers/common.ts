// Option handling shared by every initializer. Everything a call could reject is checked here
// (or by the initializer's own option checks) before the first draw, so an error never leaves a
// half-written `out` or a generator that has moved.
import { Generator } from '../random/generator.js';
import { defaultGenerator } from '../random/default-generator.js';
import { isPositional, isSampler, type FloatArray, type PositionalSampler, type Sampler, type Threads } from '../random/types.js';
import { checkSelection, ShardSampler, type Selection } from './shard.js';
import { count, describe, oneOf, options, positive, prefixed } from '../validate.js';
import { F32_MAX } from '../math/f32.js';
import { checkThreads, resolveThreads, ThreadedSampler } from '../parallel/threads.js';
import { allocateOutput } from '../parallel/pool.js';
import { halfInterval, toHalf, type HalfFormat } from '../math/half.js';

/** Weight layout: `'torch'` is `[out, in, ...kernel]`, `'tf'` is `[...kernel, in, out]`. */
export type Layout = 'torch' | 'tf';

/** Float element type of the result. `'float64'` holds exactly the float32 values, widened. */
export type DType = 'float32' | 'float64';

/**
 * Half-precision element type of an initializer's result: the float32 values rounded to nearest
 * even, as raw bits in a Uint16Array (so float32, float64 and these are one stream).
 */
export type HalfDType = HalfFormat;

/** What an initializer returns: a Float32Array or Float64Array, or the raw bits of a half-precision dtype. */
export type InitResult = FloatArray | Uint16Array;

/** Explicit fan-in and fan-out (positive numbers), overriding the ones computed from the shape. */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Options every initializer accepts. Ones an initializer has no use for (e.g. `layout` for
 * `zeros`) are accepted and ignored, so one options object can be passed to any initializer.
 */
export interface InitOptions {
  /**
   * The generator to draw from (advanced by the draw): a {@link Generator}, or a `TorchGenerator`
   * to reproduce PyTorch's values (any {@link Sampler}). Not together with `seed`.
   */
  generator?: Sampler;
  /** Draw from a fresh `new Generator(seed)`: the same seed gives the same values on every call. */
  seed?: number | bigint;
  /**
   * Fill this array in place and return it; its length must equal the result's (the shape's size,
   * or the selection's). A Uint16Array needs an explicit `dtype` ('bfloat16' or 'float16').
   */
  out?: FloatArray | Uint16Array;
  /**
   * `'float32'` (default), `'float64'`, `'bfloat16'` or `'float16'`. A Float64Array receives the
   * float32 values widened exactly, so switching dtype never changes a model's numbers. The half
   * dtypes return a Uint16Array of raw bits: each float32 value rounded to nearest even (overflow
   * to ±inf, subnormals as IEEE; a truncated normal's values stay inside its bounds — a rounding
   * past a bound takes the neighbour toward the inside). Node 20 has no Float16Array; where the
   * runtime has one, `new Float16Array(result.buffer)` views float16 bits as numbers. Inferred
   * from `out` for float32/float64.
   */
  dtype?: DType | HalfDType;
  /** How to read the shape for fans (and `dirac`, `sparse`): `'torch'` (default) or `'tf'`. */
  layout?: Layout;
  /** Explicit fans; the shape's rank and layout are then not used for fans. */
  fans?: Fans;
  /**
   * Only rows r0 (inclusive) to r1 (exclusive) of the first dimension: returns exactly that slice
   * of the tensor the call would make without `rows` (r1 − r0 rows of size shape[1]·shape[2]·…;
   * fans are still the whole shape's), and leaves a {@link Generator} where the whole tensor would.
   * Shards made on different machines concatenate to the whole. Supported by the elementwise
   * initializers (the random distributions, varianceScaling and its presets, xavier/kaiming,
   * constants, eye, identity, dirac, sparse); a Generator only (a sampler with block positions,
   * {@link PositionalSampler}; a TorchGenerator has none). Other initializers (orthogonal,
   * deltaOrthogonal) reject it with a RangeError (their QR couples every element). The shorthand
   * of `slice: [[r0, r1]]`. At most one of `rows`, `slice`, `range`.
   */
  rows?: readonly [number, number];
  /**
   * A rectangular block: one `[start, end)` pair per leading dimension (omitted trailing
   * dimensions are whole); returns exactly that sub-block of the whole tensor, row-major. E.g.
   * `[[0, 1024], [512, 1024]]` are columns 512…1023 (a row-parallel linear's shard), `[[2, 3]]` one
   * expert of a `[experts, out, in]` weight. Costs the slice's size, not the tensor's (each
   * contiguous row segment is reached by its Philox block position). Same initializers and
   * generator requirement as `rows`, except `sparse`, which takes a slice only when it is one
   * contiguous run of the flat tensor (its zeros are placed per column).
   */
  slice?: readonly (readonly [number, number])[];
  /**
   * Flat elements i0 (inclusive) to i1 (exclusive) of the row-major tensor, 0 <= i0 <= i1 <= size
   * (FSDP / ZeRO flat shards). Same initializers and generator requirement as `rows`.
   */
  range?: readonly [number, number];
  /**
   * Threads for the random draw: a count (1 = this thread, the default) or `'auto'`; the values
   * are the same for every count (see `Generator` sampling options). Needs a {@link Generator}
   * (a sampler with the `parallel` capability; a TorchGenerator's mt19937 stream is sequential:
   * only 1 is accepted with it). The constants accept and ignore it; orthogonal / deltaOrthogonal
   * use it for their normal draw only — the Householder QR, nearly all of their time, is one job
   * on the calling thread. Without `out`, a float32/float64 draw that runs in parallel returns a
   * view of a SharedArrayBuffer (written in place); a bfloat16/float16 result is an ordinary
   * Uint16Array (only its float32 scratch is shared).
   */
  threads?: Threads;
}

/** The option keys of {@link InitOptions}. */
export const COMMON_KEYS = ['generator', 'seed', 'out', 'dtype', 'layout', 'fans', 'threads'] as const;

/**
 * Extra option key of initializers that support {@link InitOptions.rows}; it also admits `slice`
 * and `range` ({@link SLICE_KEYS}).
 */
export const ROWS = 'rows';

/** The selection options: {@link InitOptions.rows}, {@link InitOptions.slice}, {@link InitOptions.range}. */
export const SLICE_KEYS = ['rows', 'slice', 'range'] as const;

/**
 * For an initializer that cannot make part of a tensor on its own: a RangeError naming the
 * selection option given, with `why`. Called before prepare() so nothing is drawn.
 */
export function refuseSelection(name: string, opts: unknown, why: string): void {
  if (typeof opts !== 'object' || opts === null) return;
  const o = opts as Record<string, unknown>;
  for (const k of SLICE_KEYS) {
    if (o[k] !== undefined) throw new RangeError(`unknown option '${k}' for ${name}: ${why}`);
  }
}

/** A validated call: shape, size, where to write, and how to get the generator. */
export interface Call {
  readonly shape: readonly number[];
  /** Elements of the whole shape. */
  readonly size: number;
  /** The rows / slice / range option, validated, or undefined for the whole tensor. */
  readonly selection: Selection | undefined;
  /**
   * First flat index written when the result is one contiguous run of the flat tensor (0 without
   * a selection; r0 · row size for rows; i0 for range), undefined for a slice that is not.
   */
  readonly offset: number | undefined;
  /** Elements written: the length of `target()`. */
  readonly length: number;
  readonly layout: Layout;
  readonly fans: Fans | undefined;
  /**
   * The sampler to draw from: the generator (the default generator is only looked up when needed),
   * or with a selection a sampler for one elementwise draw of the selected values (see shard.ts).
   */
  sampler(): Sampler;
  /**
   * The generator itself (also with a selection), for initializers that place their own draws.
   * With a selection it has block positions ({@link PositionalSampler}): prepare() checked that.
   */
  source(): Sampler;
  /**
   * Where the draw writes: the caller's `out`, or a new zero-filled array of the requested dtype —
   * for a half dtype a float32 scratch that {@link Call.finish} rounds.
   */
  target(): FloatArray;
  /** The half dtype of the call, or undefined for float32/float64. */
  readonly half: HalfFormat | undefined;
  /**
   * The result: `values` (the filled target) itself, or for a half dtype its rounding into `out`
   * or a new Uint16Array. `bounds` [lo, hi] of a truncated draw keep the rounded values inside.
   */
  finish(values: FloatArray, bounds?: readonly [number, number]): InitResult;
}

/** Validates a shape: an array of non-negative safe integers whose product is a safe integer. */
export function checkShape(shape: unknown): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`shape must be an array of non-negative integers, got ${describe(shape)}`);
  const dims = shape.map((d, i) => count(`shape[${i}]`, d));
  const size = dims.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size)) throw new RangeError(`shape [${dims.join(', ')}] has more than 2^53 elements`);
  return dims;
}

/** The number of elements of a validated shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkFans(x: unknown): Fans {
  const o = options('fans', x as Fans | undefined, ['fanIn', 'fanOut']);
  if (o.fanIn === undefined || o.fanOut === undefined) throw new TypeError('fans must be an object { fanIn, fanOut }');
  return { fanIn: positive('fans.fanIn', o.fanIn), fanOut: positive('fans.fanOut', o.fanOut) };
}

/**
 * Validates the shape and the common options of a call; `extra` are the initializer's own option
 * keys. Returns the call and the options object (own keys still to be checked by the caller).
 */
export function prepare<O extends InitOptions>(shape: unknown, opts: O | undefined, extra: readonly string[]): [Call, Partial<O>] {
  const dims = checkShape(shape);
  const size = sizeOf(dims);
  const sliceable = extra.includes(ROWS);
  const o = options('options', opts, [...COMMON_KEYS, ...extra, ...(sliceable ? ['slice', 'range'] : [])]) as Partial<O>;
  if (o.generator !== undefined && o.seed !== undefined) throw new TypeError('options: pass either generator or seed, not both');
  const seeded = o.seed === undefined ? undefined : new Generator(o.seed); // validates the seed
  const given = o.generator === undefined ? seeded : checkGenerator(o.generator);
  const selection = sliceable ? checkSelection(o, dims) : undefined;
  // The default generator is a Generator: it has every capability, so only a given one is asked.
  if (selection !== undefined && given !== undefined && !isPositional(given)) {
    const key = SLICE_KEYS.find((k) => o[k] !== undefined)!;
    throw new TypeError(`${key} needs a Generator (Philox block positions); a TorchGenerator has none`);
  }
  const threads = checkThreads(o.threads);
  if (threads !== undefined && threads !== 1 && given !== undefined && given.parallel !== true) {
    throw new TypeError('threads needs a Generator (Philox block ranges); a TorchGenerator\'s stream is sequential, use threads: 1');
  }
  const offset = selection === undefined ? 0 : selection.offset;
  const length = selection === undefined ? size : selection.length;
  const layout = oneOf('layout', o.layout ?? 'torch', ['torch', 'tf'] as const);
  const fans = o.fans === undefined ? undefined : checkFans(o.fans);
  let dtype = o.dtype === undefined ? undefined : oneOf('dtype', o.dtype, ['float32', 'float64', 'bfloat16', 'float16'] as const);
  const half = dtype === 'bfloat16' || dtype === 'float16' ? dtype : undefined;
  const out = o.out;
  if (out !== undefined) {
    const kind = out instanceof Float32Array ? 'float32' : out instanceof Float64Array ? 'float64' : out instanceof Uint16Array ? half : undefined;
    if (out instanceof Uint16Array && half === undefined) {
      throw new TypeError(`out is a Uint16Array: pass dtype 'bfloat16' or 'float16' with it${dtype === undefined ? '' : `, got '${dtype}'`}`);
    }
    if (kind === undefined) throw new TypeError(`out must be a Float32Array, a Float64Array or (with a half dtype) a Uint16Array, got ${describe(out)}`);
    if (dtype !== undefined && dtype !== kind) throw new TypeError(`out is a ${out.constructor.name} but dtype is '${dtype}'`);
    if (out.length !== length) {
      throw new RangeError(selection === undefined
        ? `out has length ${out.length}, but shape [${dims.join(', ')}] has ${size} elements`
        : `out has length ${out.length}, but ${selection.label} of shape [${dims.join(', ')}] has ${length} elements`);
    }
    dtype = kind;
  }
  const source = (): Sampler => given ?? defaultGenerator();
  const call: Call = {
    shape: dims,
    size,
    selection,
    offset,
    length,
    layout,
    fans,
    sampler: () => {
      const s = selection === undefined ? source() : new ShardSampler(source() as PositionalSampler, selection, size);
      return threads === undefined || threads === 1 ? s : new ThreadedSampler(s, threads);
    },
    source,
    // A half dtype draws into a float32 scratch: `out` is written only once the draw has succeeded.
    target: () => (half === undefined ? out as FloatArray | undefined ?? allocate(dtype === 'float64' ? 'float64' : 'float32', dims, length, resolveThreads(threads))
      : halfScratch(dims, length, resolveThreads(threads))),
    half,
    finish: (values, bounds) => {
      if (half === undefined) return values;
      return toHalf(values as Float32Array, (out as Uint16Array | undefined) ?? new Uint16Array(length), half, bounds);
    },
  };
  return [call, o];
}

/**
 * Validates a `generator` option: any {@link Sampler} (a Generator, a TorchGenerator, …), checked by
 * its interface rather than its class, so this layer needs no import of src/torch/.
 * @throws TypeError naming `generator` and what it accepts.
 */
export function checkGenerator(x: unknown): Sampler {
  if (!isSampler(x)) {
    throw new TypeError(`generator must be a Generator or a TorchGenerator (a Sampler: uint32, uniform, normal and truncatedNormal), got ${describe(x)}`);
  }
  return x;
}

// On a SharedArrayBuffer when the draw will run on several threads (workers write in place).
/**
 * Largest half-dtype draw whose float32 scratch is kept for the next call: 2^20 values, 4 MiB.
 * The safetensors writers draw half-dtype chunks of at most this many values: fewer, larger calls
 * leave less work (allocation, JIT) to the engine's background threads, which a second process
 * on the same cores would compete for (measured: 2 processes vs 1 scaled 1.89x with 2^20 chunks,
 * 1.5-1.8x with 2^16, same mix of initializers, no file output).
 */
export const HALF_SCRATCH_VALUES = 2 ** 20;
let halfScratchKept: Float32Array | undefined;
let halfScratchShared: Float32Array | undefined;

/**
 * The float32 scratch a half-dtype draw rounds from. Up to {@link HALF_SCRATCH_VALUES} values it is
 * one array, reused (one for this thread, one shared with the pool's workers for threaded draws): a
 * writer streaming bf16 chunks would otherwise fault in and zero fresh pages on every call
 * (measured: 2.1 ns a value fresh, 0.6 ns reused). It never escapes: the caller gets the rounded
 * Uint16Array. Larger draws allocate.
 */
function halfScratch(dims: readonly number[], length: number, threads: number): Float32Array {
  if (length > HALF_SCRATCH_VALUES) return allocate('float32', dims, length, threads) as Float32Array;
  if (threads > 1) {
    halfScratchShared ??= allocateOutput(Float32Array, HALF_SCRATCH_VALUES, threads);
    return halfScratchShared.subarray(0, length);
  }
  halfScratchKept ??= new Float32Array(HALF_SCRATCH_VALUES);
  return halfScratchKept.subarray(0, length);
}

function allocate(dtype: 'float32' | 'float64', dims: readonly number[], size: number, threads: number): FloatArray {
  try {
    return dtype === 'float64' ? allocateOutput(Float64Array, size, threads) : allocateOutput(Float32Array, size, threads);
  } catch {
    throw new RangeError(`shape [${dims.join(', ')}]: cannot allocate ${size} elements`);
  }
}

/**
 * Runs a draw whose parameters were derived from the user's options (a std from `scale` and the
 * fans, say): the generator's own RangeError names its parameter, so the message is prefixed
 * with the user's arguments. The generator validates before it draws, so nothing has moved.
 */
export function drawDerived<T>(names: string, draw: () => T): T {
  return prefixed(names, draw, 'range');
}

/**
 * For a truncated draw into a half dtype: checks that [lo, hi] holds a value of the format (else a
 * RangeError naming `names`, before anything is drawn) and returns the bounds for {@link Call.finish}.
 */
export function halfBounds(call: Call, lo: number, hi: number, names: string): readonly [number, number] | undefined {
  if (call.half === undefined) return undefined;
  if (halfInterval(lo, hi, call.half) === undefined) throw new RangeError(`${names}: the interval [${lo}, ${hi}] holds no ${call.half} value`);
  return [lo, hi];
}

/** A finite number whose float32 rounding is finite (a constant written into the weights). */
export function f32Finite(name: string, x: unknown): number {
  if (typeof x !== 'number') throw new TypeError(`${name} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x) || Math.abs(x) > F32_MAX) throw new RangeError(`${name} must be a finite float32 value, got ${x}`);
  return x;
}

/** Canonical form of a string id for lookups: lower case, no `_` or `-` (`he_normal`, `HeNormal`, `heNormal` agree). */
export function normalizeId(id: string): string {
  return id.toLowerCase().replace(/[_-]/g, '');
}
