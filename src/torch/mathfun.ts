// PyTorch 1.13's AVX2 normal kernel (`normal_fill_16_AVX2` in ATen/native/cpu/DistributionTemplates.h)
// one lane at a time, bit for bit: its float32 log and sincos are ATen's avx_mathfun.h (Giovanni
// Garberoglio's AVX port of Julien Pommier's sse_mathfun, Cephes single-precision polynomials), not
// libm. Every step is a float32 operation (Math.fround); where GCC contracts a multiply and the add
// that consumes it into one FMA (PyTorch's kernels are built with -mavx2 -mfma and GCC's default
// -ffp-contract=fast; a product feeding another multiply, sqrt or conversion stays separate), the
// step is fmaF32, rounded once. Which products are fused, and how that was settled: see
// docs/torch-provenance.md.
import { fmaF32 } from '../math/f32.js';
import { F32 as F, I32 as I } from '../math/bits.js';

const fr = Math.fround;

// Cephes logf: log(x) = e·ln 2 + log(m), m in [√½, √2), ln 2 split as Q2 + Q1.
const SQRTHF = fr(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(fr);
const LOG_Q1 = fr(-2.12194440e-4);
const LOG_Q2 = fr(0.693359375);
const MIN_NORMAL = 1.1754943508222875e-38; // 2^-126

// Cephes sinf/cosf: octant j of x·4/π, x − j·π/4 in three parts, two polynomials.
const FOPI = fr(1.27323954473516);
const DP1 = fr(-0.78515625);
const DP2 = fr(-2.4187564849853515625e-4);
const DP3 = fr(-3.77489497744594108e-8);
const SIN_P0 = fr(-1.9515295891e-4), SIN_P1 = fr(8.3321608736e-3), SIN_P2 = fr(-1.6666654611e-1);
const COS_P0 = fr(2.443315711809948e-5), COS_P1 = fr(-1.388731625493765e-3), COS_P2 = fr(4.166664568298827e-2);

/** float(2π) as `_mm256_set1_ps(2.0f * c10::pi<double>)` makes it. */
const TWO_PI = fr(2 * Math.PI);

/**
 * `log256_ps` on one float32 lane: NaN for x ≤ 0, subnormals (and NaN) treated as 2⁻¹²⁶.
 * @internal exported for tests
 */
export function logF32(x: number): number {
  const invalid = x <= 0; // as _CMP_LE_OS: false for NaN
  F[0] = x > MIN_NORMAL ? x : MIN_NORMAL; // _mm256_max_ps(x, 2^-126): 2^-126 for NaN too
  const b = I[0]!;
  I[0] = (b & ~0x7f800000) | 0x3f000000; // mantissa with exponent of 0.5: m in [0.5, 1)
  let m = F[0]!;
  let e = (b >>> 23) - 126; // exact in float32
  // m < √½: m ← 2m − 1, e ← e − 1; else m ← m − 1 (both exact: Sterbenz).
  if (m < SQRTHF) {
    m = fr(fr(m - 1) + m);
    e -= 1;
  } else {
    m = fr(m - 1);
  }
  const z = fr(m * m);
  let y = LOG_P[0]!;
  for (let k = 1; k < 9; k++) y = fmaF32(y, m, LOG_P[k]!);
  y = fr(y * m);
  y = fmaF32(y, z, fr(e * LOG_Q1)); // y·z fused into "+ e·q1"; e·q1 itself rounded
  y = fr(y - fr(z * 0.5));
  const r = fmaF32(e, LOG_Q2, fr(m + y)); // e·q2 is exact
  return invalid ? NaN : r;
}

let sinOut = 0;

/**
 * `sincos256_ps` on one float32 lane: returns cos x, leaves sin x in {@link lastSin}.
 * @internal exported for tests
 */
export function sincosF32(x: number): number {
  let signSin = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  // j = (trunc(|x|·4/π) + 1) & ~1, an even octant; cvttps_epi32 of a NaN or |x| ≥ 2^31 is INT_MIN.
  const t = fr(ax * FOPI);
  let j = t < 2147483648 ? Math.trunc(t) | 0 : -2147483648;
  j = (j + 1) & ~1;
  const y = j;
  if (j & 4) signSin = !signSin;
  const sinPoly = (j & 2) === 0;
  const signCos = (~(j - 2) & 4) !== 0;
  let r = fmaF32(y, DP1, ax);
  r = fmaF32(y, DP2, r);
  r = fmaF32(y, DP3, r);
  const z = fr(r * r);
  let c = fmaF32(COS_P0, z, COS_P1);
  c = fmaF32(c, z, COS_P2);
  c = fr(c * z);
  c = fmaF32(c, z, -fr(z * 0.5)); // c·z fused into "− z·0.5"
  c = fr(c + 1);
  let s = fmaF32(SIN_P0, z, SIN_P1);
  s = fmaF32(s, z, SIN_P2);
  s = fr(s * z);
  s = fmaF32(s, r, r);
  // The vector code selects by masks and adds the unselected lane's +0: −0 becomes +0.
  let sn = (sinPoly ? s : c) + 0;
  let cs = (sinPoly ? c : s) + 0;
  if (signSin) sn = -sn;
  if (signCos) cs = -cs;
  sinOut = sn;
  return cs;
}

/** The sine computed by the last {@link sincosF32} call. @internal */
export function lastSin(): number {
  return sinOut;
}

/**
 * `normal_fill_16_AVX2` on d[i..i+16) in place (float32 values; mean, std float32): for j < 8,
 * u1 = 1 − d[i+j], u2 = d[i+j+8], radius = √(−2·log u1), θ = float(2π)·u2,
 * d[i+j] = fma(radius·cos θ, std, mean), d[i+j+8] = fma(radius·sin θ, std, mean).
 */
export function normalFill16(d: { [k: number]: number }, i: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = fr(1 - d[i + j]!);
    const u2 = d[i + j + 8]!;
    const radius = fr(Math.sqrt(fr(-2 * logF32(u1))));
    const c = sincosF32(fr(TWO_PI * u2));
    d[i + j] = fmaF32(fr(radius * c), std, mean);
    d[i + j + 8] = fmaF32(fr(radius * sinOut), std, mean);
  }
}
