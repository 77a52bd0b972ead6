// sin and cos from + − × ÷, integer ops, bit casts and (for |x| ≥ 2^20·π/2 only) BigInt: fdlibm's
// s_sin.c, s_cos.c, k_sin.c, k_cos.c and e_rem_pio2.c, with e_rem_pio2's Payne–Hanek branch
// (k_rem_pio2.c) replaced by an exact BigInt product with the same table of 2/π's bits.
import { F64, U32, HI, LO, highWord, twoProdErr } from './bits.js';
import { pow2 } from './pow2.js';

// k_sin.c: sin r ≈ r + r³·(S1 + r²·S(r²)) on |r| ≤ π/4, error < 2^-58
const S1 = -1.66666666666666324348e-01; // 0xBFC55555 55555549
const S2 = 8.33333333332248946124e-03; // 0x3F811111 1110F8A6
const S3 = -1.98412698298579493134e-04; // 0xBF2A01A0 19C161D5
const S4 = 2.75573137070700676789e-06; // 0x3EC71DE3 57B1FE7D
const S5 = -2.50507602534068634195e-08; // 0xBE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A 5ACFD57C
// k_cos.c: cos r ≈ 1 − r²/2 + r⁴·C(r²) on |r| ≤ π/4, error < 2^-58
const C1 = 4.16666666666666019037e-02; // 0x3FA55555 5555554C
const C2 = -1.38888888888741095749e-03; // 0xBF56C16C 16C15177
const C3 = 2.48015872894767294178e-05; // 0x3EFA01A0 19CB1590
const C4 = -2.75573143513906633035e-07; // 0xBE927E4F 809C52AD
const C5 = 2.08757232129817482790e-09; // 0x3E21EE9E BDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4
// e_rem_pio2.c: π/2 in pieces of 33 bits (PIO2_1, PIO2_2, PIO2_3) and their tails, so that
// fn·PIO2_i is exact for |fn| < 2^20
const INV_PIO2 = 6.36619772367581382433e-01; // 0x3FE45F30 6DC9C883
const PIO2_1 = 1.57079632673412561417e+00; // 0x3FF921FB 54400000
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461 1A600000
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073
const PIO2_3 = 2.02226624871116645580e-21; // 0x3BA3198A 2E000000
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A 252049C1
const TOINT = 6755399441055744; // 0x1.8p52: x + TOINT − TOINT rounds x to an integer (|x| < 2^51)
// π/2 = PIO2_H + PIO2_L to 2^-107, for scaling the Payne–Hanek fraction
const PIO2_H = 1.57079632679489655800e+00; // 0x3FF921FB 54442D18
const PIO2_L = 6.12323399573676603587e-17; // 0x3C91A626 33145C07
const TWO_M240 = pow2(-240);

// 2/π in 24-bit words (k_rem_pio2.c's ipio2[], the 1584 bits a double's exponent range needs):
// 2/π = Σ IPIO2[i]·2^(−24(i+1)).
const IPIO2 = [
  0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62,
  0x95993C, 0x439041, 0xFE5163, 0xABDEBB, 0xC561B7, 0x246E3A,
  0x424DD2, 0xE00649, 0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129,
  0xA73EE8, 0x8235F5, 0x2EBB44, 0x84E99C, 0x7026B4, 0x5F7E41,
  0x3991D6, 0x398353, 0x39F49C, 0x845F8B, 0xBDF928, 0x3B1FF8,
  0x97FFDE, 0x05980F, 0xEF2F11, 0x8B5A0A, 0x6D1F6D, 0x367ECF,
  0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5,
  0xF17B3D, 0x0739F7, 0x8A5292, 0xEA6BFB, 0x5FB11F, 0x8D5D08,
  0x560330, 0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3,
  0x91615E, 0xE61B08, 0x659985, 0x5F14A0, 0x68408D, 0xFFD880,
  0x4D7327, 0x310606, 0x1556CA, 0x73A8C9, 0x60E27B, 0xC08C6B,
];
const IPIO2_BITS = 24 * IPIO2.length; // 1584
let twoOverPi: bigint | null = null; // ⌊2/π·2^1584⌋, built on first use

/** sin(x + y) for |x + y| ≤ π/4, y the tail of a reduced argument (iy = 0: y is 0). k_sin.c. */
function kernelSin(x: number, y: number, iy: number): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (iy === 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/** cos(x + y) for |x + y| ≤ π/4. k_cos.c: 1 − x²/2 computed as w + ((1 − w) − x²/2) to keep its rounding. */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const v = 1 - hz;
  return v + (((1 - v) - hz) + (z * r - x * y));
}

// Output of the reductions: x − n·π/2 = Y0 + Y1, |Y0 + Y1| ≤ π/4 (about).
let Y0 = 0;
let Y1 = 0;

/** One Cody–Waite step for |x| ≤ 9π/4 with n known: x − n·(PIO2_1 + PIO2_1T) in two pieces. */
function reduceSmall(x: number, n: number): number {
  const z = x - n * PIO2_1; // exact for these n
  Y0 = z - n * PIO2_1T;
  Y1 = (z - Y0) - n * PIO2_1T;
  return n;
}

/**
 * x − n·π/2 for |x| < 2^20·π/2 (e_rem_pio2.c's medium case): n = nearest integer to x·2/π, then
 * π/2 subtracted in up to three 33-bit pieces, stopping once the result keeps enough bits (good
 * to 85, 118 or 151 bits of π/2).
 */
function reduceMedium(x: number, ix: number): number {
  const fn = (x * INV_PIO2 + TOINT) - TOINT;
  const n = fn | 0;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T; // first round, good to 85 bits
  const j = ix >> 20;
  Y0 = r - w;
  let i = j - ((highWord(Y0) >> 20) & 0x7ff);
  if (i > 16) { // cancellation: second round, good to 118 bits
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - ((t - r) - w);
    Y0 = r - w;
    i = j - ((highWord(Y0) >> 20) & 0x7ff);
    if (i > 49) { // third round, 151 bits: covers every double below 2^20·π/2
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - ((t - r) - w);
      Y0 = r - w;
    }
  }
  Y1 = (r - Y0) - w;
  return n;
}

/**
 * Payne–Hanek reduction of |x| ≥ 2^20·π/2 (finite): |x|·2/π mod 4 from an exact integer product
 * with the window of 2/π's bits that matters, then the fraction (in [−1/2, 1/2)) times π/2 in
 * double-double. Writes Y0, Y1; returns n mod 4.
 *
 * |x| = m·2^e with m a 53-bit integer; |x|·2/π = m·T·2^(e − 1584) with T = ⌊2/π·2^1584⌋ (the error
 * of T contributes < 2^(53 + e − 1584) ≤ 2^-560). Bits of T worth ≥ 4 in the product only add
 * multiples of 4 and are dropped; bits worth < 2^-240 are dropped too (< 2^-187 in all). The
 * fraction is then known to 2^-187 absolutely, while no double lies closer than 2^-61 to a multiple
 * of π/2 (relative to π/2), so the result keeps > 120 bits.
 */
function reduceHuge(ax: number): number {
  if (twoOverPi === null) {
    let t = 0n;
    for (const word of IPIO2) t = (t << 24n) | BigInt(word);
    twoOverPi = t;
  }
  F64[0] = ax;
  const hi = U32[HI]!;
  const lo = U32[LO]!;
  const e = (hi >>> 20) - 1075;
  const m = (BigInt((hi & 0xfffff) | 0x100000) << 32n) | BigInt(lo);
  const s = IPIO2_BITS - e; // the product's binary point, in bits of m·T
  const window = BigInt.asUintN(s + 2, twoOverPi) >> BigInt(s - 240);
  const p = m * window; // |x|·2/π mod 4, scaled by 2^240
  let n = Number(BigInt.asUintN(2, p >> 240n));
  let f = BigInt.asUintN(240, p);
  if (f >= 1n << 239n) { // fraction ≥ 1/2: round n up, fraction negative
    f -= 1n << 240n;
    n += 1;
  }
  const fh = Number(f); // BigInt → Number rounds to nearest: f = fh + fl to ~2^-106 relative
  const fl = Number(f - BigInt(fh));
  const a = fh * TWO_M240; // exact scalings
  const b = fl * TWO_M240;
  const ph = a * PIO2_H;
  const pl = twoProdErr(a, PIO2_H, ph) + (a * PIO2_L + b * PIO2_H);
  Y0 = ph + pl;
  Y1 = pl - (Y0 - ph);
  return n & 3;
}

/** x − n·π/2 = Y0 + Y1 for finite |x| > π/4 (e_rem_pio2.c); returns n (mod 4 suffices). */
function remPio2(x: number, hx: number): number {
  const ix = hx & 0x7fffffff;
  const neg = hx < 0;
  if (ix <= 0x400f6a7a) { // |x| ≤ 5π/4
    if ((ix & 0xfffff) !== 0x921fb) { // not near π/2 or π (those cancel: medium case)
      if (ix <= 0x4002d97c) return reduceSmall(x, neg ? -1 : 1); // |x| ≤ 3π/4
      return reduceSmall(x, neg ? -2 : 2);
    }
  } else if (ix <= 0x401c463b) { // |x| ≤ 9π/4
    if (ix <= 0x4015fdbc) { // |x| ≤ 7π/4
      if (ix !== 0x4012d97c) return reduceSmall(x, neg ? -3 : 3); // not near 3π/2
    } else if (ix !== 0x401921fb) { // not near 2π
      return reduceSmall(x, neg ? -4 : 4);
    }
  }
  if (ix < 0x413921fb) return reduceMedium(x, ix); // |x| < 2^20·π/2
  const n = reduceHuge(neg ? -x : x);
  if (neg) { Y0 = -Y0; Y1 = -Y1; return -n; }
  return n;
}

/**
 * sin x, deterministic on every engine, for every double (fdlibm s_sin.c: reduction to
 * |r| ≤ π/4 by e_rem_pio2.c — Cody–Waite below 2^20·π/2, an exact BigInt Payne–Hanek product above —
 * then the k_sin.c / k_cos.c polynomials).
 *
 * Bound < 1 ulp; measured max 0.76 ulp (docs/deterministic-math.md). sin(NaN) = NaN,
 * sin(±∞) = NaN, sin(±0) = ±0, sin(x) = x for |x| < 2^-26 (subnormals included).
 */
export function sin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) { // |x| ≤ π/4
    if (ix < 0x3e500000) return x; // |x| < 2^-26: sin x rounds to x
    return kernelSin(x, 0, 0);
  }
  if (ix >= 0x7ff00000) return NaN; // ±∞, NaN
  const n = remPio2(x, hx);
  switch (n & 3) {
    case 0: return kernelSin(Y0, Y1, 1);
    case 1: return kernelCos(Y0, Y1);
    case 2: return -kernelSin(Y0, Y1, 1);
    default: return -kernelCos(Y0, Y1);
  }
}

/**
 * cos x, deterministic on every engine, for every double (fdlibm s_cos.c; the same reduction as
 * {@link sin}).
 *
 * Bound < 1 ulp; measured max 0.77 ulp (docs/deterministic-math.md). cos(NaN) = NaN,
 * cos(±∞) = NaN, cos(±0) = 1, cos(x) = 1 for |x| < 2^-27.
 */
export function cos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) { // |x| ≤ π/4
    if (ix < 0x3e46a09e) return 1; // |x| < 2^-27 (about): cos x rounds to 1
    return kernelCos(x, 0);
  }
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x, hx);
  switch (n & 3) {
    case 0: return kernelCos(Y0, Y1);
    case 1: return -kernelSin(Y0, Y1, 1);
    case 2: return -kernelCos(Y0, Y1);
    default: return kernelSin(Y0, Y1, 1);
  }
}
