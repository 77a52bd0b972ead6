// log and log1p from + − × ÷ and bit casts only (see docs/deterministic-math.md): fdlibm's e_log.c
// and s_log1p.c. x = 2^k·(1 + f) with √2/2 < 1 + f < √2, then log(1 + f) = 2s + s·R(s²) with
// s = f/(2 + f) and R a degree-14 Remez polynomial, then k·ln2 added in two pieces.
import { F64, U32, HI, LO, withHighWord } from './bits.js';

const LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000: k·LN2_HI exact for |k| < 2000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.80143985094819840000e+16; // 0x43500000 00000000: scales subnormals to normal
const LG1 = 6.666666666666735130e-01; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-01; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-01; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-01; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-01; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-01; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-01; // 0x3FC2F112 DF3E5244

/**
 * Natural logarithm, deterministic on every engine (fdlibm e_log.c).
 *
 * Bound < 1 ulp; measured max 0.86 ulp (docs/deterministic-math.md). log(NaN) = NaN, log(x < 0) = NaN,
 * log(±0) = −∞, log(+∞) = +∞, log(1) = +0; subnormal arguments are exact inputs (scaled by 2^54).
 */
export function log(x: number): number {
  F64[0] = x;
  let hx = U32[HI]! | 0; // signed: negative x has hx < 0
  const lx = U32[LO]!;
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(±0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54;
    x *= TWO54; // subnormal: scale up, exactly
    F64[0] = x;
    hx = U32[HI]! | 0;
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000; // 0x100000 when the mantissa is ≥ √2: use x/2 instead
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2 into [√2/2, √2)
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) { // −2^-20 ≤ f < 2^-20: short Taylor series
    if (f === 0) {
      if (k === 0) return 0;
      return k * LN2_HI + k * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const ii = (hx - 0x6147a) | (0x6b851 - hx); // > 0 when f is not small: use the hfsq form
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (ii > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
  }
  if (k === 0) return f - s * (f - R);
  return k * LN2_HI - ((s * (f - R) - k * LN2_LO) - f);
}

/**
 * log(1 + x) without cancellation for small x, deterministic on every engine (fdlibm s_log1p.c: as
 * log, with a correction term c/u for the rounding of u = 1 + x).
 *
 * Bound < 1 ulp; measured max 0.80 ulp (docs/deterministic-math.md). log1p(NaN) = NaN, log1p(x < −1) = NaN, log1p(−1) = −∞,
 * log1p(+∞) = +∞, log1p(±0) = ±0, log1p(x) = x for |x| < 2^-54 (subnormals included).
 */
export function log1p(x: number): number {
  F64[0] = x;
  const hx = U32[HI]! | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) { // 1 + x < √2 (x negative included, hx < 0)
    if (ax >= 0x3ff00000) { // x ≤ −1
      if (x === -1) return -Infinity;
      return NaN; // x < −1, −∞ and negative NaNs
    }
    if (ax < 0x3e200000) { // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54: log(1 + x) rounds to x
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) { // −0.2929 < x < 0.41422: 1 + x in [√2/2, √2)
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) { // x < 2^53: u = 1 + x is inexact in general; c is what it lost
      u = 1 + x;
      F64[0] = u;
      hu = U32[HI]! | 0;
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1);
      c /= u;
    } else { // 1 + x rounds to x
      u = x;
      F64[0] = u;
      hu = U32[HI]! | 0;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) { // mantissa < √2: normalize u
      u = withHighWord(u, hu | 0x3ff00000);
    } else { // normalize u/2
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) { // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}
