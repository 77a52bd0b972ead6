// float32 values of the scratch rounded to bfloat16 or IEEE binary16 (float16) patterns in place,
// then kept within an interval of values (truncated normals must not leave their bounds). Twin:
// src/kernels/reference/half.ts (the same integer steps). The SIMD build rounds bfloat16 eight
// values at a time; float16 and the interval step are scalar in both builds.
import { SCRATCH } from "./sample";
import { HALF_BFLOAT16 } from "./abi";

@inline function bf16(x: u32): u32 {
  // NaN keeps sign and top payload with the quiet bit set; otherwise round the low 16 bits to nearest even.
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x40) & 0xffff;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

@inline function f16(x: u32): u32 {
  const sign = (x >>> 16) & 0x8000;
  const a = x & 0x7fffffff;
  if (a >= 0x7f800000) return sign | (a > 0x7f800000 ? 0x7e00 | ((a >>> 13) & 0x3ff) : 0x7c00);
  if (a >= 0x477ff000) return sign | 0x7c00; // 65520 and above round to inf
  if (a >= 0x38800000) {
    const m = a - 0x38000000; // rebias the exponent (127 − 15), then round 13 bits away
    return sign | ((m + 0xfff + ((m >>> 13) & 1)) >>> 13);
  }
  if (a <= 0x33000000) return sign; // at or below 2^-25: ±0 (the tie goes to even 0)
  const e = a >>> 23;
  const mant = (a & 0x7fffff) | 0x800000;
  const shift = 126 - e; // 14 … 24
  const q = mant >>> shift;
  const rem = mant - (q << shift);
  const half: u32 = 1 << (shift - 1);
  return sign | (q + (rem > half || (rem == half && (q & 1) == 1) ? 1 : 0));
}

// One step toward the inside for a pattern whose key (magnitude, negated when the sign is set) is
// outside [kLo, kHi]; NaN (magnitude above inf) is left alone.
@inline function clamp(h: i32, kLo: i32, kHi: i32, inf: i32): i32 {
  if ((h & 0x7fff) > inf) return h;
  const k = h & 0x8000 ? -(h & 0x7fff) : h;
  if (k > kHi) return h == 0 ? 0x8001 : h & 0x8000 ? h + 1 : h - 1;
  if (k < kLo) return h == 0x8000 ? 0x0001 : h & 0x8000 ? h - 1 : h + 1;
  return h;
}

/**
 * Rounds the n float32 at the scratch start to `format` (HALF_BFLOAT16 / HALF_FLOAT16), writing
 * the n uint16 patterns over them from the scratch start (pattern i at byte 2i is written after
 * value i at byte 4i was read, so forward order is safe), then keeps each within keys [kLo, kHi].
 */
export function halfInPlace(format: i32, n: i32, kLo: i32, kHi: i32): void {
  let i = 0;
  const inf = format == HALF_BFLOAT16 ? 0x7f80 : 0x7c00;
  if (format == HALF_BFLOAT16) {
    if (ASC_FEATURE_SIMD) {
      const mag = i32x4.splat(0x7fffffff), infBits = i32x4.splat(0x7f800000);
      const bias = i32x4.splat(0x7fff), one = i32x4.splat(1), quiet = i32x4.splat(0x40);
      for (; i + 8 <= n; i += 8) {
        const src = SCRATCH + (<usize>i << 2);
        const a = v128.load(src), b = v128.load(src, 16);
        v128.store(SCRATCH + (<usize>i << 1), i16x8.narrow_i32x4_u(bf16V(a, mag, infBits, bias, one, quiet), bf16V(b, mag, infBits, bias, one, quiet)));
      }
    }
    for (; i < n; i++) store<u16>(SCRATCH + (<usize>i << 1), <u16>bf16(load<u32>(SCRATCH + (<usize>i << 2))));
  } else {
    for (; i < n; i++) store<u16>(SCRATCH + (<usize>i << 1), <u16>f16(load<u32>(SCRATCH + (<usize>i << 2))));
  }
  if (kLo > -0x8000 || kHi < 0x7fff) {
    for (let j = 0; j < n; j++) {
      const p = SCRATCH + (<usize>j << 1);
      store<u16>(p, <u16>clamp(<i32>load<u16>(p), kLo, kHi, inf));
    }
  }
}

// Four bfloat16 patterns (in the low 16 bits of each lane, so an unsigned narrow is exact).
@inline function bf16V(x: v128, mag: v128, infBits: v128, bias: v128, one: v128, quiet: v128): v128 {
  const nan = i32x4.gt_s(v128.and(x, mag), infBits);
  const hi = i32x4.shr_u(x, 16);
  const rounded = i32x4.shr_u(i32x4.add(i32x4.add(x, bias), v128.and(hi, one)), 16);
  return v128.bitselect(v128.or(hi, quiet), rounded, nan);
}
