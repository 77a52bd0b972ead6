// Half-precision outputs: float32 values rounded to bfloat16 or IEEE binary16 (float16), as raw
// 16-bit patterns. Integer operations on the float32 bits only, so every engine gives the same bits
// (no Math.fround through a float16 the engine may not have): round to nearest, ties to even,
// overflow to ±inf, gradual underflow to subnormals, NaN stays a (quiet) NaN with its sign.
import { F32, I32 } from './bits.js';
import { activeKernels, bf16FromBits, f16FromBits, halfKey } from '../kernels/backend.js';
import { HALF } from '../kernels/abi.js';

/** A half-precision format: bfloat16 (8-bit exponent, 7-bit fraction) or IEEE float16 (5, 10). */
export type HalfFormat = 'bfloat16' | 'float16';

/** The scalar conversions live beside the kernels (their twin): one definition of each rounding. */
export { bf16FromBits, f16FromBits };

/**
 * Rounds every float32 of `src` to `format` into `dst` (same length) on the active backend
 * (WASM SIMD for bfloat16). With `bounds` [lo, hi] (the values lay inside before rounding), a value
 * rounding pushed outside steps back to its neighbour toward the inside, i.e. one step toward the
 * bound it crossed. That neighbour is inside: it lies between the float32 value and its rounding.
 * The caller has checked that [lo, hi] holds a value of the format ({@link halfInterval}).
 */
export function toHalf(src: Float32Array, dst: Uint16Array, format: HalfFormat, bounds?: readonly [number, number]): Uint16Array {
  let kLo = -0x8000, kHi = 0x7fff;
  if (bounds !== undefined) {
    // "Above hi" is "key above the key of the largest value <= hi" (keys order patterns as values).
    const [low, high] = halfInterval(bounds[0], bounds[1], format)!;
    kLo = halfKey(halfBits(low, format));
    kHi = halfKey(halfBits(high, format));
  }
  activeKernels().toHalf(src, dst, HALF[format], kLo, kHi);
  return dst;
}

/** The pattern of a number `format` represents exactly. */
function halfBits(v: number, format: HalfFormat): number {
  F32[0] = v;
  return format === 'bfloat16' ? bf16FromBits(I32[0]! >>> 0) : f16FromBits(I32[0]! >>> 0);
}

/** The number a half-precision bit pattern stands for (exact: every half value is a float32). */
export function halfToNumber(h: number, format: HalfFormat): number {
  if (format === 'bfloat16') {
    I32[0] = (h & 0xffff) << 16;
    return F32[0]!;
  }
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0x1f) return f === 0 ? s * Infinity : NaN;
  if (e === 0) return s * f * 2 ** -24; // subnormal: f units of 2^-24, exact
  I32[0] = (h & 0x8000) << 16 | ((e + 112) << 23) | (f << 13);
  return F32[0]!;
}

/**
 * The smallest and largest `format` values in [lo, hi] (either may be infinite), or undefined
 * when there are none. Bit searches over the 2^16 patterns' monotone order, exact.
 */
export function halfInterval(lo: number, hi: number, format: HalfFormat): [number, number] | undefined {
  const maxBits = format === 'bfloat16' ? 0x7f80 : 0x7c00; // +inf
  // Non-negative patterns 0 … maxBits are increasing; a value's key orders all of them.
  const value = (k: number) => (k >= 0 ? halfToNumber(k, format) : halfToNumber(0x8000 | -k, format));
  let a = -maxBits, b = maxBits; // first key with value >= lo
  while (a < b) { const m = Math.floor((a + b) / 2); if (value(m) >= lo) b = m; else a = m + 1; }
  let c = -maxBits, d = maxBits; // last key with value <= hi
  while (c < d) { const m = Math.ceil((c + d) / 2); if (value(m) <= hi) c = m; else d = m - 1; }
  const low = value(a), high = value(c);
  return low >= lo && high <= hi && low <= high ? [low, high] : undefined;
}
