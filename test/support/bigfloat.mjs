// Independent high-precision reference for src/math/elementary.ts, used by test/math/elementary.test.ts
// and scripts/measure-ulp.mjs. BigInt only: no Math.exp/log/sin/… anywhere, and the constants (ln 2, π,
// √π) are computed here by series, so the reference shares no constant or code path with the library
// (in particular not fdlibm's 2/π table).
//
// A value is { m, e } meaning m·2^e with m a BigInt carrying about W = 160 significant bits (or an
// exact value). Every function below returns such a value with relative error below ~2^-140 (the
// series are truncated below 2^-W and the constants carry guard bits); special inputs (NaN, ±∞, and
// the few exact cases) return a plain Number instead.

const W = 160; // working precision in bits
const WN = BigInt(W);
const ONE = 1n << WN;

// ---------- doubles <-> exact binary values ----------
const dv = new DataView(new ArrayBuffer(8));

/** x = sign·m·2^e exactly, m a non-negative BigInt (finite x only). */
export function decode(x) {
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const neg = hi >>> 31 === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e;
  if (bexp === 0) e = -1074; else { m |= 1n << 52n; e = bexp - 1075; }
  return { m: neg ? -m : m, e };
}

function bitLength(n) {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(2).length;
}

/** 2^n as a double for −1074 ≤ n ≤ 1023, from its bits. */
function pow2(n) {
  if (n >= -1022) { dv.setUint32(0, (n + 1023) << 20); dv.setUint32(4, 0); return dv.getFloat64(0); }
  // subnormal power of two
  const s = n + 1074; // 0..51
  if (s >= 32) { dv.setUint32(0, 1 << (s - 32)); dv.setUint32(4, 0); } else { dv.setUint32(0, 0); dv.setUint32(4, 2 ** s); }
  return dv.getFloat64(0);
}

/** v·2^n, exact whenever the result is representable and v is (intermediates do not underflow). */
function ldexp(v, n) {
  while (n > 1000) { v *= pow2(1000); n -= 1000; }
  while (n < -1000) { v *= pow2(-1000); n += 1000; }
  return v * pow2(n);
}

/** A BigInt·2^e as an (approximately rounded) Number; for error reporting only. */
function approx(m, e) {
  const L = bitLength(m);
  if (L > 900) { const s = L - 900; m >>= BigInt(s); e += s; }
  return ldexp(Number(m), e);
}

/** Round m·2^e to the nearest double, ties to even (what a correctly rounded function returns). */
export function roundToDouble(r) {
  if (typeof r === 'number') return r;
  let { m, e } = r;
  if (m === 0n) return 0;
  const neg = m < 0n;
  if (neg) m = -m;
  const E = bitLength(m) - 1 + e; // |value| in [2^E, 2^(E+1))
  if (E > 1023) return neg ? -Infinity : Infinity;
  const q = E - 52 > -1074 ? E - 52 : -1074; // exponent of the last place
  let n;
  if (q > e) {
    const s = BigInt(q - e);
    n = m >> s;
    const rem = m - (n << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (n & 1n) === 1n)) n += 1n;
  } else {
    n = m << BigInt(e - q);
  }
  let v;
  if (q < -1000) v = ldexp(ldexp(Number(n), q + 200), -200); // exact in two steps
  else v = ldexp(Number(n), q);
  return neg ? -v : v;
}

/**
 * Error of the double y against the reference r in units of the last place of r (the ulp of the
 * binade of the exact value; 2^-1074 in the subnormal range). 0 when both are the same special value.
 */
export function ulpError(y, r) {
  if (typeof r === 'number') {
    if (Number.isNaN(r)) return Number.isNaN(y) ? 0 : Infinity;
    if (y === r) return Object.is(y, r) ? 0 : Infinity; // ±0 must match
    if (Number.isNaN(y) || !Number.isFinite(r) || !Number.isFinite(y)) return Infinity;
    r = { m: decode(r).m, e: decode(r).e };
  }
  if (!Number.isFinite(y)) return Number.isNaN(y) ? Infinity : (roundToDouble(r) === y ? 0 : Infinity);
  const { m, e } = r;
  if (m === 0n) return y === 0 ? 0 : Infinity;
  const E = bitLength(m) - 1 + e;
  if (E > 1023) return Infinity; // exact value overflows but y is finite
  const ulpE = E - 52 > -1074 ? E - 52 : -1074;
  const d = decode(y);
  let ym = d.m;
  let ye = d.e;
  if (ym === 0n) ye = e;
  const base = ye < e ? ye : e;
  const diff = (ym << BigInt(ye - base)) - (m << BigInt(e - base));
  return approx(diff, base - ulpE);
}

// ---------- BigFloat helpers ----------
/** Keep about W + 32 bits (truncating), so products stay small. */
function norm(m, e) {
  const L = bitLength(m);
  const keep = W + 32;
  if (L > keep) { const s = L - keep; return { m: m >> BigInt(s), e: e + s }; }
  return { m, e };
}
function fromDouble(x) { return decode(x); }
function mul(a, b) { return norm(a.m * b.m, a.e + b.e); }
function div(a, b) {
  const s = W + 32 + bitLength(b.m) - bitLength(a.m);
  const sh = s > 0 ? s : 0;
  return norm((a.m << BigInt(sh)) / b.m, a.e - b.e - sh);
}
function add(a, b) {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  // drop a far smaller addend's bits beyond the working precision (a relative 2^-(W+40) at most)
  const ta = bitLength(a.m) + a.e;
  const tb = bitLength(b.m) + b.e;
  const floor = (ta > tb ? ta : tb) - (W + 64);
  if (a.e < floor) a = { m: a.m >> BigInt(floor - a.e), e: floor };
  if (b.e < floor) b = { m: b.m >> BigInt(floor - b.e), e: floor };
  const base = a.e < b.e ? a.e : b.e;
  return norm((a.m << BigInt(a.e - base)) + (b.m << BigInt(b.e - base)), base);
}
function neg(a) { return { m: -a.m, e: a.e }; }
const BF_ONE = { m: 1n, e: 0 };
/** Fixed-point value (scaled by 2^p) of a BigFloat, truncated toward −∞. */
function toFixed(a, p = W) {
  const s = a.e + p;
  return s >= 0 ? a.m << BigInt(s) : a.m >> BigInt(-s);
}

// ---------- constants by series (with guard bits) ----------
/** atan(1/n)·2^p by the alternating series, n a small integer. */
function atanInv(n, p) {
  const N = BigInt(n);
  const N2 = N * N;
  let term = (1n << BigInt(p)) / N;
  let sum = term;
  for (let k = 1n; term !== 0n; k++) {
    term /= N2;
    const t = term / (2n * k + 1n);
    sum += k & 1n ? -t : t;
  }
  return sum;
}
/** atanh(1/n)·2^p. */
function atanhInv(n, p) {
  const N = BigInt(n);
  const N2 = N * N;
  let term = (1n << BigInt(p)) / N;
  let sum = term;
  for (let k = 1n; term !== 0n; k++) {
    term /= N2;
    sum += term / (2n * k + 1n);
  }
  return sum;
}
function isqrt(n) {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
const PI_BITS = 1400; // enough to reduce any double mod π/2 with W + 40 bits left
const PI_BIG = (16n * atanInv(5, PI_BITS + 16) - 4n * atanInv(239, PI_BITS + 16)) >> 16n; // Machin
const G = 64; // guard bits for ln 2
const LN2_G = (2n * atanhInv(3, W + G + 16)) >> 16n; // ln 2 = 2·atanh(1/3), scaled by 2^(W+G)
const SQRT2_W = isqrt(2n << (2n * WN));
const PIO2_W = PI_BIG >> BigInt(PI_BITS - W + 1);
const PIO4_W = PIO2_W >> 1n;
// 2/√π scaled by 2^(W+G)
const SQRT_PI_G = isqrt((PI_BIG >> BigInt(PI_BITS - 2 * (W + G))));
const TWO_OVER_SQRTPI = { m: (2n << BigInt(2 * (W + G))) / SQRT_PI_G, e: -(W + G) };
const INV_SQRTPI = { m: (1n << BigInt(2 * (W + G))) / SQRT_PI_G, e: -(W + G) };

// ---------- exp ----------
/** e^a for a BigFloat a with |a| < 2000, as a BigFloat. */
function expBig(a) {
  const X = toFixed(a, W + G); // a·2^(W+G)
  // k = round(a/ln2)
  const num = X + (LN2_G >> 1n);
  let k = num / LN2_G; // BigInt division truncates toward 0: make it floor
  if (num < 0n && k * LN2_G !== num) k -= 1n;
  const r = (X - k * LN2_G) >> BigInt(G); // |r| ≤ ln2/2, scaled by 2^W
  // e^r = (e^(r/256))^256, Taylor for the small argument at W + 16 bits
  const P = W + 16;
  const PN = BigInt(P);
  const t = r << 8n; // r/2^8 scaled by 2^(W+16)… i.e. r·2^16/2^8
  let sum = 1n << PN;
  let term = sum;
  for (let n = 1n; ; n++) {
    term = ((term * t) >> PN) / n;
    if (term === 0n) break;
    sum += term;
  }
  for (let i = 0; i < 8; i++) sum = (sum * sum) >> PN;
  return norm(sum, Number(k) - P);
}

function isSpecial(x) { return x !== x || x === Infinity || x === -Infinity; }

/** e^x. */
export function refExp(x) {
  if (x !== x) return NaN;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  if (x === 0) return 1;
  if (x > 710) return Infinity;
  if (x < -746) return { m: 1n, e: -1100 }; // below half the least subnormal: rounds to +0
  return expBig(fromDouble(x));
}

/** (e^a − 1)/a for a BigFloat with |a| < 2^-8, as a BigFloat near 1 (Taylor Σ aⁿ/(n+1)!). */
function expm1OverX(a) {
  const A = toFixed(a, W + 16);
  const PN = BigInt(W + 16);
  let sum = 1n << PN;
  let term = sum;
  for (let n = 2n; ; n++) {
    term = ((term * A) >> PN) / n;
    if (term === 0n) break;
    sum += term;
  }
  return norm(sum, -(W + 16));
}

function expm1Big(a) {
  const L = bitLength(a.m) + a.e; // |a| < 2^L
  if (L <= -8) return mul(a, expm1OverX(a));
  return add(expBig(a), neg(BF_ONE));
}

/** e^x − 1. */
export function refExpm1(x) {
  if (x !== x) return NaN;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return -1;
  if (x === 0) return x;
  if (x > 710) return Infinity;
  if (x < -200) return { m: -(1n << 400n) + 1n, e: -400 }; // −1 + 2^-400: e^x is far below
  return expm1Big(fromDouble(x));
}

/** tanh x = E/(E + 2) with E = e^(2x) − 1. */
export function refTanh(x) {
  if (x !== x) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  if (x === 0) return x;
  const sgn = x < 0 ? -1n : 1n;
  const ax = x < 0 ? -x : x;
  if (ax > 50) return { m: sgn * ((1n << 200n) - 1n), e: -200 }; // 1 − 2^-200 (1 − tanh < e^-100)
  const a = fromDouble(ax);
  const E = expm1Big({ m: a.m, e: a.e + 1 });
  const r = div(E, add(E, { m: 2n, e: 0 }));
  return { m: sgn * r.m, e: r.e };
}

// ---------- log ----------
/** log of a positive BigFloat. */
function logBig(a) {
  const L = bitLength(a.m);
  let E2 = L - 1 + a.e; // a = M·2^E2, M in [1, 2)
  let M = L - 1 <= W ? a.m << BigInt(W - (L - 1)) : a.m >> BigInt(L - 1 - W); // M·2^W
  if (M > SQRT2_W) { M >>= 1n; E2 += 1; } // M in [√2/2, √2]
  // log M = 2·atanh(z), z = (M − 1)/(M + 1), |z| ≤ 0.1716; z relative so that M ≈ 1 keeps its digits
  const num = M - ONE;
  let res;
  if (num === 0n) res = { m: 0n, e: 0 };
  else {
    const P = W + 16;
    const PN = BigInt(P);
    const z = (num << PN) / (M + ONE); // z·2^P
    const z2 = (z * z) >> PN;
    let sum = 0n;
    let pw = 1n << PN; // z^(2j)·2^P
    for (let j = 1n; pw !== 0n; j += 2n) {
      sum += pw / j;
      pw = (pw * z2) >> PN;
    }
    res = norm(2n * z * sum, -2 * P); // 2·z·Σ z^(2j)/(2j+1)
  }
  if (E2 !== 0) res = add(res, norm(BigInt(E2) * LN2_G, -(W + G)));
  return res;
}

/** log x. */
export function refLog(x) {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  return logBig(fromDouble(x));
}

/** log(1 + x). */
export function refLog1p(x) {
  if (x !== x || x < -1) return NaN;
  if (x === -1) return -Infinity;
  if (x === Infinity) return Infinity;
  if (x === 0) return x;
  const a = fromDouble(x);
  if (bitLength(a.m) + a.e <= -2) { // |x| < 1/4: 2·atanh(x/(2 + x)) with z kept relative
    const P = W + 16;
    const PN = BigInt(P);
    const z = div(a, add({ m: 2n, e: 0 }, a));
    const z2 = toFixed(mul(z, z), P);
    let sum = 0n;
    let pw = 1n << PN;
    for (let j = 1n; pw !== 0n; j += 2n) {
      sum += pw / j;
      pw = (pw * z2) >> PN;
    }
    return mul(z, norm(2n * sum, -P));
  }
  return logBig(add(BF_ONE, a));
}

// ---------- sin, cos ----------
/** Taylor sums Σ(−1)ⁿ t^(2n+1)/(2n+1)! (odd) or Σ(−1)ⁿ t^(2n)/(2n)! for |t| ≤ π/4 in fixed point 2^P. */
function sinCosFixed(t, P, odd) {
  const PN = BigInt(P);
  const t2 = (t * t) >> PN;
  let term = odd ? t : 1n << PN;
  let sum = term;
  for (let n = odd ? 2n : 1n; term !== 0n; n += 2n) {
    term = -((term * t2) >> PN) / (n * (n + 1n));
    sum += term;
  }
  return sum;
}

function sinCos(x, wantCos) {
  if (isSpecial(x)) return NaN;
  if (x === 0) return wantCos ? 1 : x;
  const a = fromDouble(x < 0 ? -x : x);
  const sgnX = x < 0 ? -1n : 1n;
  const L = bitLength(a.m) + a.e;
  const P = W + 16;
  if (L <= -20) { // tiny: no reduction, relative Taylor in x² (sin x = x·(1 − x²/6 + …))
    const x2 = toFixed(mul(a, a), P);
    if (!wantCos) {
      let term = 1n << BigInt(P);
      let sum = term;
      for (let n = 2n; term !== 0n; n += 2n) { term = -((term * x2) >> BigInt(P)) / (n * (n + 1n)); sum += term; }
      const r = mul(a, norm(sum, -P));
      return { m: sgnX * r.m, e: r.e };
    }
    let term = 1n << BigInt(P);
    let sum = term;
    for (let n = 1n; term !== 0n; n += 2n) { term = -((term * x2) >> BigInt(P)) / (n * (n + 1n)); sum += term; }
    return norm(sum, -P);
  }
  // x = q·π/2 + rem exactly enough: π/2 to Wp bits so that q·(error of π/2) < 2^-(W+40)
  const Wp = W + 40 + (L > 0 ? L : 0);
  const pio2 = PI_BIG >> BigInt(PI_BITS - Wp + 1);
  const X = a.m << BigInt(a.e + Wp);
  let q = X / pio2;
  let rem = (X - q * pio2) >> BigInt(Wp - W); // in [0, π/2)·2^W
  let quadrant = Number(q & 3n);
  let co = false; // evaluate the co-function of π/2 − rem
  if (rem > PIO4_W) { rem = PIO2_W - rem; co = true; }
  const remP = rem << 16n;
  // sin(qπ/2 + r): q=0 sin r, 1 cos r, 2 −sin r, 3 −cos r; cos(qπ/2 + r) = sin((q+1)π/2 + r)
  if (wantCos) quadrant = (quadrant + 1) & 3;
  const useCos = (quadrant & 1) === 1;
  const odd = useCos === co; // sin r = cos(π/2 − r): with co, swap
  let s = sinCosFixed(remP, P, odd);
  if (quadrant >= 2) s = -s;
  if (!wantCos && sgnX < 0n) s = -s; // sin is odd, cos even
  return norm(s, -P);
}
export function refSin(x) { return sinCos(x, false); }
export function refCos(x) { return sinCos(x, true); }

// ---------- erf, erfc ----------
/** Σ (2a²)ⁿ/(2n+1)!! in fixed point 2^P (every term positive). */
function erfSeries(a2, P) {
  const PN = BigInt(P);
  const t = toFixed(a2, P) << 1n; // 2a²
  let term = 1n << PN;
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = ((term * t) >> PN) / (2n * n + 1n);
    sum += term;
  }
  return norm(sum, -P);
}
/** erf(a) = (2/√π)·a·e^(−a²)·Σ (2a²)ⁿ/(2n+1)!!, for a ≥ 0. */
function erfBig(a, P) {
  const a2 = mul(a, a);
  return mul(mul(TWO_OVER_SQRTPI, a), mul(expBig(neg(a2)), erfSeries(a2, P)));
}
/** erfc(a) for a ≥ 5 by Laplace's continued fraction e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))). */
// Depth of the continued fraction: 2^-190 relative at a = 5 with 160 terms, fewer for larger a
// (test/math/elementary.test.ts checks a doubled depth changes nothing).
function cfDepth(af) { return Math.ceil(2500 / (af * af)) + 60; }
function erfcCF(a, depth) {
  const P = W + 16;
  const PN = BigInt(P);
  const A = toFixed(a, P);
  const af = Number(A >> PN); // integer part, only to choose the depth
  const N = BigInt(depth ?? cfDepth(af));
  let K = 0n;
  for (let n = N; n >= 1n; n--) K = ((n << PN) << PN) / (2n * (A + K));
  K = ((1n << PN) << PN) / (A + K);
  return mul(mul(INV_SQRTPI, expBig(neg(mul(a, a)))), norm(K, -P));
}
/** erfc by the continued fraction at a given depth (for checking the depth rule). */
export function _erfcCFDepth(x, depth) { return erfcCF(fromDouble(x), depth); }

/** erf x. */
export function refErf(x) {
  if (x !== x) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  if (x === 0) return x;
  const a = fromDouble(x < 0 ? -x : x);
  let r;
  if (x > -6 && x < 6) r = erfBig(a, W + 16);
  else if (x > -30 && x < 30) r = add(BF_ONE, neg(erfcCF(a)));
  else r = { m: (1n << 200n) - 1n, e: -200 }; // 1 − 2^-200 (1 − erf < e^-900)
  return x < 0 ? { m: -r.m, e: r.e } : r;
}

/** erfc x. */
export function refErfc(x) {
  if (x !== x) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  if (x === 0) return 1;
  const a = fromDouble(x < 0 ? -x : x);
  if (x < 0) {
    if (x < -30) return { m: (1n << 200n) - 1n, e: -199 }; // 2 − 2^-199
    if (x > -6) return add(BF_ONE, erfBig(a, W + 16));
    return add({ m: 2n, e: 0 }, neg(erfcCF(a)));
  }
  if (x < 5) return add(BF_ONE, neg(erfBig(a, W + 16 + 64))); // loses ≤ 40 bits to cancellation
  if (x > 28) return { m: 1n, e: -1200 }; // erfc(28) < 2^-1100: rounds to +0
  return erfcCF(a);
}

// ---------- hypot ----------
/** √(a² + b²), from the exact sum of squares and an integer square root. */
export function refHypot(a, b) {
  if (a === Infinity || a === -Infinity || b === Infinity || b === -Infinity) return Infinity;
  if (a !== a || b !== b) return NaN;
  if (a === 0 && b === 0) return 0;
  const A = fromDouble(a < 0 ? -a : a);
  const B = fromDouble(b < 0 ? -b : b);
  let s = add({ m: A.m * A.m, e: 2 * A.e }, { m: B.m * B.m, e: 2 * B.e });
  // make the exponent even and the mantissa ≥ 2W bits, then take the integer square root
  let sh = 2 * W + 2 - bitLength(s.m);
  if (sh < 0) sh = 0;
  if (((s.e - sh) & 1) !== 0) sh += 1;
  const r = isqrt(s.m << BigInt(sh));
  return norm(r, (s.e - sh) / 2);
}
