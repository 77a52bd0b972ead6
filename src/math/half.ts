// Half-precision outputs: float32 values rounded to bfloat16 or IEEE binary16 (float16), as raw
// 16-bit patterns. Integer operations on the float32 bits only, so every engine gives the same bits
// (no Math.fround through a float16 the engine may not have): round to nearest, ties to even,
// overflow to ±inf, gradual underflow to subnormals, NaN stays a (quiet) NaN with its sign.
import { F32, I32 } from './bits.js';

/** A half-precision format: bfloat16 (8-bit exponent, 7-bit fraction) or IEEE float16 (5, 10). */
export type HalfFormat = 'bfloat16' | 'float16';

/** bfloat16 bits of the float32 with bits `x` (a uint32), rounded to nearest even. */
export function bf16FromBits(x: number): number {
  // NaN: keep sign and top payload, set the quiet bit (bit 6) so a signalling payload can't become inf.
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x40) & 0xffff;
  // Adding 0x7fff plus the kept lsb rounds the dropped 16 bits to nearest even; a carry out of the
  // fraction bumps the exponent, which is exactly right (up to inf at the top).
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** float16 (binary16) bits of the float32 with bits `x` (a uint32), rounded to nearest even. */
export function f16FromBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const a = x & 0x7fffffff;
  if (a >= 0x7f800000) return sign | (a > 0x7f800000 ? 0x7e00 | ((a >>> 13) & 0x3ff) : 0x7c00);
  // 65520 = 65504 + half an ulp: it and everything above round to inf.
  if (a >= 0x477ff000) return sign | 0x7c00;
  if (a >= 0x38800000) {
    // Normal float16 (>= 2^-14): rebias the exponent (127 − 15), then round 13 bits away.
    const m = a - 0x38000000;
    return sign | ((m + 0xfff + ((m >>> 13) & 1)) >>> 13);
  }
  // Subnormal float16: units of 2^-24. At or below 2^-25 (half a unit; the tie goes to even 0) is ±0.
  if (a <= 0x33000000) return sign;
  const e = a >>> 23; // 102 … 112
  const mant = (a & 0x7fffff) | 0x800000; // value = mant · 2^(e − 150)
  const shift = 126 - e; // 14 … 24: value / 2^-24 = mant / 2^shift
  const q = mant >>> shift;
  const rem = mant - q * (1 << shift) /* mant − q·2^shift, < 2^24 */;
  const half = 1 << (shift - 1);
  return sign | (q + (rem > half || (rem === half && (q & 1) === 1) ? 1 : 0));
}

/**
 * Rounds every float32 of `src` to `format` into `dst` (same length). Reads the float32 bits
 * through one Uint32Array view of `src`'s memory: no per-element bit cast.
 */
export function toHalf(src: Float32Array, dst: Uint16Array, format: HalfFormat): Uint16Array {
  const u = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const n = u.length;
  if (format === 'bfloat16') {
    for (let i = 0; i < n; i++) {
      const x = u[i]!;
      dst[i] = (x & 0x7fffffff) > 0x7f800000 ? (x >>> 16) | 0x40 : (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
    }
  } else {
    for (let i = 0; i < n; i++) dst[i] = f16FromBits(u[i]!);
  }
  return dst;
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
 * Moves every value of `dst` (half bits of values that lay in [lo, hi] before rounding) that
 * rounding pushed outside [lo, hi] to its neighbour toward the inside, i.e. one step toward the
 * bound it crossed. That neighbour is inside: it lies between the float32 value and its rounding.
 * The caller has checked that [lo, hi] holds a value of the format ({@link halfInterval}).
 */
export function keepInside(dst: Uint16Array, format: HalfFormat, lo: number, hi: number): void {
  for (let i = 0; i < dst.length; i++) {
    const h = dst[i]!;
    const v = halfToNumber(h, format);
    // Sign-magnitude: toward smaller value is −1 on the bits of a positive, +1 on a negative.
    if (v > hi) dst[i] = h === 0 ? 0x8001 : h & 0x8000 ? h + 1 : h - 1;
    else if (v < lo) dst[i] = h === 0x8000 ? 0x0001 : h & 0x8000 ? h - 1 : h + 1;
  }
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
