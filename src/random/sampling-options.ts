// Argument parsing shared by the samplers (Generator and TorchGenerator): one place that says what
// a valid length/out, uniform range, normal or truncated-normal parameter set is.
import type { FloatArray, NormalOptions, TruncatedNormalOptions, UniformOptions } from './types.js';
import { F32_MAX } from '../math/f32.js';
import { count, describe, finite, oneOf, options, positive } from '../validate.js';

/** A new Float32Array of length n, or the caller's Float32Array / Float64Array. */
export function floatOut(nOrOut: unknown): FloatArray {
  if (typeof nOrOut === 'number') return new Float32Array(count('n', nOrOut));
  if (nOrOut instanceof Float32Array || nOrOut instanceof Float64Array) return nOrOut;
  throw new TypeError(`out must be a Float32Array, a Float64Array or a length, got ${describe(nOrOut)}`);
}

/** A truncation bound: any number but NaN (±Infinity for one-sided intervals). */
function bound(name: string, x: unknown): number {
  if (typeof x !== 'number') throw new TypeError(`${name} must be a number, got ${describe(x)}`);
  if (Number.isNaN(x)) throw new RangeError(`${name} must not be NaN`);
  return x;
}

/** [low, high) with low < high, both and the span representable in float32. */
export function uniformRange<O extends UniformOptions>(opts: O | undefined, extra: readonly string[] = []): { low: number; high: number; o: Partial<O> } {
  const o = options('options', opts, ['low', 'high', ...extra]);
  const low = finite('low', o.low ?? 0);
  const high = finite('high', o.high ?? 1);
  if (!(low < high)) throw new RangeError(`low must be < high, got low=${low}, high=${high}`);
  if (Math.abs(low) > F32_MAX || Math.abs(high) > F32_MAX || Math.abs(Math.fround(Math.fround(high) - Math.fround(low))) > F32_MAX) {
    throw new RangeError(`low, high: [${low}, ${high}) does not fit float32`);
  }
  return { low, high, o };
}

/** mean and std > 0 such that mean ± maxZ·std fits float32 (maxZ: the sampler's largest |z|). */
export function normalParams<O extends NormalOptions>(opts: O | undefined, maxZ: number, extra: readonly string[] = []): { mean: number; std: number; o: Partial<O> } {
  const o = options('options', opts, ['mean', 'std', ...extra]);
  const mean = finite('mean', o.mean ?? 0);
  const std = positive('std', o.std ?? 1);
  if (Math.abs(mean) + maxZ * std > F32_MAX) throw new RangeError(`mean, std: N(${mean}, ${std}^2) overflows float32`);
  return { mean, std, o };
}

/** mean, std and the truncation interval [lo, hi] as values (whatever the `bounds` convention). */
export function truncatedParams<O extends TruncatedNormalOptions>(opts: O | undefined, extra: readonly string[] = []): { mean: number; std: number; lo: number; hi: number; o: Partial<O> } {
  const o = options('options', opts, ['mean', 'std', 'a', 'b', 'bounds', ...extra]);
  const mean = finite('mean', o.mean ?? 0);
  const std = positive('std', o.std ?? 1);
  const a = bound('a', o.a ?? -2);
  const b = bound('b', o.b ?? 2);
  if (!(a < b)) throw new RangeError(`a must be < b, got a=${a}, b=${b}`);
  const mode = oneOf('bounds', o.bounds ?? 'sigma', ['sigma', 'absolute'] as const);
  if (Math.abs(mean) > F32_MAX || std * Math.SQRT2 > F32_MAX) throw new RangeError(`mean, std: must fit float32, got mean=${mean}, std=${std}`);
  const lo = mode === 'sigma' ? (a === -Infinity ? a : mean + a * std) : a;
  const hi = mode === 'sigma' ? (b === Infinity ? b : mean + b * std) : b;
  return { mean, std, lo, hi, o };
}
