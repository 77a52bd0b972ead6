// Twin of assembly/half.ts: float32 values rounded to bfloat16 or IEEE binary16 (float16) patterns,
// then kept within an interval. Integer operations on the float32 bits only, so every engine gives
// the same bits (no Math.fround through a float16 the engine may not have): round to nearest, ties
// to even, overflow to ±inf, gradual underflow to subnormals, NaN stays a (quiet) NaN with its sign.
import { HALF, type HalfId } from '../abi.js';

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
 * The order key of a half pattern: its magnitude bits, negated when the sign bit is set. Keys order
 * the patterns as their values (±0 share key 0), so an interval of values is an interval of keys.
 */
export function halfKey(h: number): number {
  return h & 0x8000 ? -(h & 0x7fff) : h;
}

/**
 * `h` if its key is within [kLo, kHi] (or it is NaN, above `inf`'s bits), else its neighbour one
 * step toward the inside: a value rounding pushed past a bound comes back to the last value inside.
 */
export function clampHalf(h: number, kLo: number, kHi: number, inf: number): number {
  if ((h & 0x7fff) > inf) return h;
  const k = halfKey(h);
  // Sign-magnitude: toward smaller value is −1 on the bits of a positive, +1 on a negative.
  if (k > kHi) return h === 0 ? 0x8001 : h & 0x8000 ? h + 1 : h - 1;
  if (k < kLo) return h === 0x8000 ? 0x0001 : h & 0x8000 ? h - 1 : h + 1;
  return h;
}

/**
 * Rounds every float32 of `src` to the format `format` (HALF id) into `dst` (same length), each
 * pattern then kept within keys [kLo, kHi] by {@link clampHalf} (−0x8000 and 0x7fff keep all).
 */
export function toHalfReference(src: Float32Array, dst: Uint16Array, format: HalfId, kLo: number, kHi: number): void {
  const u = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const n = u.length;
  // Two passes, as the kernel: round everything, then (only when the keys exclude something) step.
  if (format === HALF.bfloat16) for (let i = 0; i < n; i++) dst[i] = bf16FromBits(u[i]!);
  else for (let i = 0; i < n; i++) dst[i] = f16FromBits(u[i]!);
  if (kLo > -0x8000 || kHi < 0x7fff) {
    const inf = format === HALF.bfloat16 ? 0x7f80 : 0x7c00;
    for (let i = 0; i < n; i++) dst[i] = clampHalf(dst[i]!, kLo, kHi, inf);
  }
}
