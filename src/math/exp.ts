// exp, expm1 and tanh from + − × ÷ and bit casts only (see docs/deterministic-math.md): fdlibm's
// e_exp.c, s_expm1.c and s_tanh.c, transcribed so that every engine returns the same bits. Also a
// double-double exp kernel for erfc's tail (src/math/erf.ts), which needs more than one rounding's
// worth of accuracy from exp.
import { F64, U32, HI, fromWords, twoProdErr } from './bits.js';
import { pow2 } from './pow2.js';

// Coefficients and thresholds: fdlibm's, bit patterns in the comments.
const O_THRESHOLD = 7.09782712893383973096e+02; // 0x40862E42 FEFA39EF: above this exp overflows
const U_THRESHOLD = -7.45133219101941108420e+02; // 0xC0874910 D52D3051: below this exp underflows to 0
const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000: 32 bits, so k·LN2_HI is exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76: ln 2 − LN2_HI
const INV_LN2 = 1.44269504088896338700e+00; // 0x3FF71547 652B82FE
const P1 = 1.66666666666666019037e-01; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-03; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-05; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-06; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-08; // 0x3E663769 72BEA4D0
// expm1's Q_n, pre-scaled by 2^n for R(2z) with z = x²/2.
const Q1 = -3.33333333333331316428e-02; // 0xBFA11111 111110F4
const Q2 = 1.58730158725481460165e-03; // 0x3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-05; // 0xBF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-06; // 0x3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-07; // 0xBE8AFDB7 6E09C32D
const TWO_M1000 = fromWords(0x01700000, 0); // 2^-1000: scales subnormal results in one rounding
const TWO_1023 = fromWords(0x7fe00000, 0); // 2^1023

/**
 * eˣ, deterministic on every engine (fdlibm e_exp.c: x = k·ln2 + r, |r| ≤ ln2/2, a degree-5 Remez
 * rational form for e^r, then 2^k by building the exponent bits).
 *
 * Bound < 1 ulp; measured max 0.88 ulp (docs/deterministic-math.md). exp(NaN) = NaN, exp(+∞) = +∞,
 * exp(−∞) = +0, exp(±0) = 1; overflows to +∞ above 709.782712893384, returns subnormals down to
 * x ≈ −745.13 and +0 below.
 */
export function exp(x: number): number {
  F64[0] = x;
  const hxs = U32[HI]!;
  const xsb = hxs >>> 31; // sign of x
  const hx = hxs & 0x7fffffff; // high word of |x|
  if (hx >= 0x40862e42) { // |x| ≥ 709.78…, or not finite
    if (hx >= 0x7ff00000) {
      if (x !== x) return x; // NaN
      return xsb === 0 ? x : 0; // exp(+∞) = +∞, exp(−∞) = 0
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  // fdlibm gives 2.7182818284590455 for exp(1); the correctly rounded e is nicer for such an argument.
  if (x === 1) return 2.718281828459045;

  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5·ln2: k = ±1
      if (xsb === 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0; // truncation toward 0, as C's (int)
      hi = x - k * LN2_HI; // exact: k·LN2_HI has ≤ 43 bits and cancels with x
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2^-28: e^x rounds to 1 + x
    return 1 + x;
  }
  // e^r = 1 + r + r·c/(2 − c) with c = r − r²·P(r²), the Remez form of r·(e^r + 1)/(e^r − 1).
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * pow2(k);
  }
  return y * pow2(k + 1000) * TWO_M1000; // one rounding into the subnormals
}

/**
 * eˣ − 1 without cancellation for small x, deterministic on every engine (fdlibm s_expm1.c: the same
 * reduction as exp with a correction term for the rounding of r, and a Remez form of
 * r·(e^r + 1)/(e^r − 1) in r²).
 *
 * Bound < 1 ulp; measured max 0.82 ulp (docs/deterministic-math.md). expm1(NaN) = NaN, expm1(+∞) = +∞, expm1(−∞) = −1, expm1(±0) = ±0,
 * expm1(x) = x for |x| < 2^-54 (subnormals included); overflows to +∞ above 709.782712893384;
 * returns −1 for x < −56·ln2.
 */
export function expm1(x: number): number {
  F64[0] = x;
  const hxs = U32[HI]!;
  const xsb = hxs >>> 31;
  const hx = hxs & 0x7fffffff;
  if (hx >= 0x4043687a) { // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) { // |x| ≥ 709.78…
      if (hx >= 0x7ff00000) {
        if (x !== x) return x;
        return xsb === 0 ? x : -1;
      }
      if (x > O_THRESHOLD) return Infinity;
    }
    if (xsb !== 0) return -1; // e^x < 2^-56: e^x − 1 rounds to −1
  }

  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2/2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) { // |x| < 1.5·ln2
      if (xsb === 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INV_LN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo; // what rounding hi − lo lost; added back below
  } else if (hx < 0x3c900000) { // |x| < 2^-54: e^x − 1 rounds to x
    return x;
  }

  const hfx = 0.5 * x;
  const hxs2 = x * hfx; // x²/2
  const r1 = 1 + hxs2 * (Q1 + hxs2 * (Q2 + hxs2 * (Q3 + hxs2 * (Q4 + hxs2 * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs2 * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs2); // c is 0
  e = x * (e - c) - c;
  e -= hxs2;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  if (k <= -2 || k > 56) { // e^x − 1 = e^x − 1 without cancellation trouble
    let y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_1023 : y * pow2(k);
    return y - 1;
  }
  let y: number;
  if (k < 20) {
    t = fromWords((0x3ff00000 - (0x200000 >> k)) >>> 0, 0); // 1 − 2^-k
    y = (t - (e - x)) * pow2(k);
  } else {
    t = fromWords(((0x3ff - k) << 20) >>> 0, 0); // 2^-k
    y = ((x - (e + t)) + 1) * pow2(k);
  }
  return y;
}

// Taylor coefficients of tanh x = x + Σ T_n x^(2n+1), T_n = 2^(2n+2)(2^(2n+2) − 1)B_(2n+2)/(2n+2)!
// (B the Bernoulli numbers), n = 1…20. The series alternates and for |x| < 0.55 the first omitted
// term is below 2^-63 of tanh x.
const T3 = -3.33333333333333315e-01;
const T5 = 1.33333333333333331e-01;
const T7 = -5.39682539682539708e-02;
const T9 = 2.18694885361552030e-02;
const T11 = -8.86323552990219733e-03;
const T13 = 3.59212803657248114e-03;
const T15 = -1.45583438705131833e-03;
const T17 = 5.90027440945585947e-04;
const T19 = -2.39129114243552478e-04;
const T21 = 9.69153795692945095e-05;
const T23 = -3.92783238833168327e-05;
const T25 = 1.59189050693289637e-05;
const T27 = -6.45168921565543065e-06;
const T29 = 2.61477115129075465e-06;
const T31 = -1.05972683201046543e-06;
const T33 = 4.29491107827380574e-07;
const T35 = -1.74066189635716480e-07;
const T37 = 7.05463694640096814e-08;
const T39 = -2.85913666230525398e-08;
const T41 = 1.15876444327988529e-08;

/**
 * tanh x, deterministic on every engine. fdlibm's s_tanh.c (via expm1) errs by up to 2 ulp, so this
 * departs from it: for |x| < 0.55 the alternating Taylor series x + x·z·P(z), z = x² (21 terms, only
 * the small correction x·z·P carries rounding error); for 0.55 ≤ |x| < 22, 1 − 2/(e^(2|x|) + 1) with
 * e^(2|x|) from the double-double kernel {@link expDD} and the division and subtraction carried in
 * double-double, so only the final addition rounds; ±1 beyond (1 − tanh 22 < 2^-62).
 *
 * Bound < 1 ulp; measured max 0.76 ulp (docs/deterministic-math.md). tanh(NaN) = NaN, tanh(±∞) = ±1,
 * tanh(±0) = ±0, tanh(x) = x for |x| < 2^-28 (subnormals included).
 */
export function tanh(x: number): number {
  F64[0] = x;
  const jx = U32[HI]!;
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) { // ±∞ or NaN
    if (x !== x) return x;
    return jx >>> 31 === 0 ? 1 : -1;
  }
  if (ix < 0x3e300000) return x; // |x| < 2^-28: tanh x = x − x³/3 rounds to x
  const ax = x < 0 ? -x : x;
  if (ax < 0.55) {
    const z = x * x;
    const p = T3 + z * (T5 + z * (T7 + z * (T9 + z * (T11 + z * (T13 + z * (T15 + z * (T17 + z * (T19
      + z * (T21 + z * (T23 + z * (T25 + z * (T27 + z * (T29 + z * (T31 + z * (T33 + z * (T35
      + z * (T37 + z * (T39 + z * T41))))))))))))))))));
    return x + x * (z * p);
  }
  let z: number;
  if (ix < 0x40360000) { // |x| < 22
    expDD(2 * ax, 0); // e^(2|x|) = (hi + lo)·2^k, k ≥ 2
    const k = EXP_DD.k;
    const scale = pow2(k);
    const eh = EXP_DD.hi * scale; // exact scalings by 2^k
    const el = EXP_DD.lo * scale;
    const s = eh + 1; // e^(2|x|) + 1 = s + se (eh ≥ 2: fast two-sum)
    const se = ((eh - s) + 1) + el;
    const q = 2 / s; // 2/(s + se) = q + corr
    const p = q * s;
    const rem = (2 - p) - twoProdErr(q, s, p); // 2 − q·s exactly (p is within an ulp of 2)
    const corr = (rem - q * se) / s;
    const a = 1 - q; // 1 − q − corr, with what 1 − q loses kept (|q| ≤ 1/2 < 1)
    const ae = (1 - a) - q;
    z = a + (ae - corr);
  } else {
    z = 1; // 1 − tanh|x| < 2^-62: rounds to 1
  }
  return jx >>> 31 === 0 ? z : -z;
}

// ---- double-double exp kernel (internal; used by erfc's tail) ----

/** Scratch results of {@link expDD}: e^(ah + al) = (EXP_HI + EXP_LO)·2^EXP_K. */
export const EXP_DD = { hi: 0, lo: 0, k: 0 };

// 1/n! for the tail e^r − 1 − r − r²/2 = r³·Σ r^(n−3)/n!, n = 3…15: |r| ≤ 0.35 makes the first
// neglected term < 2^-66, and the double Horner sum is only a 2^-8 part of the result.
const INV_FACT = [
  1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880, 1 / 3628800, 1 / 39916800,
  1 / 479001600, 1 / 6227020800, 1 / 87178291200, 1 / 1307674368000,
];
const F3 = INV_FACT[0]!, F4 = INV_FACT[1]!, F5 = INV_FACT[2]!, F6 = INV_FACT[3]!, F7 = INV_FACT[4]!;
const F8 = INV_FACT[5]!, F9 = INV_FACT[6]!, F10 = INV_FACT[7]!, F11 = INV_FACT[8]!, F12 = INV_FACT[9]!;
const F13 = INV_FACT[10]!, F14 = INV_FACT[11]!, F15 = INV_FACT[12]!;

/**
 * e^(ah + al) for a double-double argument with −1100 < ah < 710, |al| ≤ 2^-40·|ah| + 2^-40, to
 * about 2^-60 relative: the result is left in {@link EXP_DD} as (hi + lo)·2^k with hi in
 * [0.7, 1.42], so the caller can divide or multiply before the single final rounding and scaling.
 * Not exported from the public entry.
 */
export function expDD(ah: number, al: number): void {
  // k = nearest integer to ah/ln2 (|k| ≤ 1600, so k·LN2_HI is exact and ah − k·LN2_HI too).
  const kf = INV_LN2 * ah;
  const k = Math.floor(kf + 0.5);
  const rh0 = ah - k * LN2_HI;
  const corr = al - k * LN2_LO; // |k·LN2_LO| < 2^-21: its rounding is below 2^-74
  const rh = rh0 + corr;
  const bv = rh - rh0; // Knuth's two-sum: rl is exactly what rounding rh0 + corr lost
  const rl = (rh0 - (rh - bv)) + (corr - bv);
  // e^rh = 1 + rh + rh²/2 + rh³·T(rh); the first three in double-double, the tail in double.
  const sq = rh * rh;
  const sqe = twoProdErr(rh, rh, sq);
  const tail = sq * rh * (F3 + rh * (F4 + rh * (F5 + rh * (F6 + rh * (F7 + rh * (F8 + rh * (F9 + rh * (F10
    + rh * (F11 + rh * (F12 + rh * (F13 + rh * (F14 + rh * F15))))))))))));
  const a = 1 + rh;
  let lo = (1 - a) + rh; // exact (|rh| < 1)
  const hs = 0.5 * sq;
  const b = a + hs;
  lo += (a - b) + hs; // exact (|a| ≥ 0.65 > |hs|)
  lo += 0.5 * sqe + tail;
  lo += rl * b; // e^(rh + rl) ≈ e^rh·(1 + rl)
  const hi = b + lo;
  EXP_DD.hi = hi;
  EXP_DD.lo = (b - hi) + lo;
  EXP_DD.k = k;
}
