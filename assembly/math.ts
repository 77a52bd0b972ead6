// f32 polynomial approximations shared by the samplers, scalar and SIMD, with the same operation
// order so every build rounds identically (no FMA: wasm has none outside relaxed-SIMD). The plain-TS
// twin in src/kernels/reference/math.ts repeats these steps with Math.fround. Coefficients: Cephes logf,
// sinf, cosf (Moshier) and Wichura's AS241 PPND7.

// log: x = m * 2^e with m in [sqrt(1/2), sqrt(2)], f = m - 1, ln(1+f) = f - f^2/2 + f^3 P(f).
const LOG_P0: f32 = 7.0376836292e-2;
const LOG_P1: f32 = -1.1514610310e-1;
const LOG_P2: f32 = 1.1676998740e-1;
const LOG_P3: f32 = -1.2420140846e-1;
const LOG_P4: f32 = 1.4249322787e-1;
const LOG_P5: f32 = -1.6668057665e-1;
const LOG_P6: f32 = 2.0000714765e-1;
const LOG_P7: f32 = -2.4999993993e-1;
const LOG_P8: f32 = 3.3333331174e-1;
/** ln 2 split so n·LN2_HI is exact for |n| < 2^9 (shared with exp in activations.ts). */
export const LN2_HI: f32 = 0.693359375;
export const LN2_LO: f32 = -2.12194440e-4;
const SQRT2: f32 = 1.41421356237;

// sin/cos on [-pi/4, pi/4].
const SIN_S1: f32 = -1.6666654611e-1;
const SIN_S2: f32 = 8.3321608736e-3;
const SIN_S3: f32 = -1.9515295891e-4;
const COS_C1: f32 = 4.166664568298827e-2;
const COS_C2: f32 = -1.388731625493765e-3;
const COS_C3: f32 = 2.443315711809948e-5;

// AS241 PPND7: upper-tail normal quantile.
const PP_A0: f32 = 3.3871327179;
const PP_A1: f32 = 5.0434271938e1;
const PP_A2: f32 = 1.5929113202e2;
const PP_A3: f32 = 5.9109374720e1;
const PP_B1: f32 = 1.7895169469e1;
const PP_B2: f32 = 7.8757757664e1;
const PP_B3: f32 = 6.7187563600e1;
const PP_C0: f32 = 1.4234372777;
const PP_C1: f32 = 2.7568153900;
const PP_C2: f32 = 1.3067284816;
const PP_C3: f32 = 1.7023821103e-1;
const PP_D1: f32 = 7.3700164250e-1;
const PP_D2: f32 = 1.2021132975e-1;
const PP_E0: f32 = 6.6579051150;
const PP_E1: f32 = 3.0812263860;
const PP_E2: f32 = 4.2868294337e-1;
const PP_E3: f32 = 1.7337203997e-2;
const PP_F1: f32 = 2.4197894225e-1;
const PP_F2: f32 = 1.2258202635e-2;
const PP_SPLIT1: f32 = 0.425;
const PP_CONST1: f32 = 0.180625;
const PP_SPLIT2: f32 = 5.0;
const PP_CONST2: f32 = 1.6;

// ---------------------------------------------------------------- scalar

/** Natural log of a positive normal f32. */
@inline export function logf32(x: f32): f32 {
  const bits = reinterpret<u32>(x);
  let e = <i32>(bits >>> 23) - 127;
  let m = reinterpret<f32>((bits & 0x7FFFFF) | 0x3F800000);
  if (m > SQRT2) { m = m * <f32>0.5; e = e + 1; }
  const f = m - <f32>1.0;
  const z = f * f;
  let y = LOG_P0 * f + LOG_P1;
  y = y * f + LOG_P2;
  y = y * f + LOG_P3;
  y = y * f + LOG_P4;
  y = y * f + LOG_P5;
  y = y * f + LOG_P6;
  y = y * f + LOG_P7;
  y = y * f + LOG_P8;
  y = y * f;
  y = y * z;
  const fe = <f32>e;
  y = y + fe * LN2_LO;
  y = y - <f32>0.5 * z;
  let r = f + y;
  r = r + fe * LN2_HI;
  return r;
}

@inline export function sinPoly(x: f32, z: f32): f32 {
  let s = SIN_S3 * z + SIN_S2;
  s = s * z + SIN_S1;
  s = s * z;
  s = s * x;
  return s + x;
}

@inline export function cosPoly(z: f32): f32 {
  let c = COS_C3 * z + COS_C2;
  c = c * z + COS_C1;
  c = c * z;
  c = c * z;
  c = c - <f32>0.5 * z;
  return c + <f32>1.0;
}

/** Upper-tail quantile Q^-1(p) for p in (0, 0.5], central branch (q = 0.5 - p <= 0.425). */
@inline export function qinvCentral(q: f32): f32 {
  const r = PP_CONST1 - q * q;
  let num = PP_A3 * r + PP_A2;
  num = num * r + PP_A1;
  num = num * r + PP_A0;
  let den = PP_B3 * r + PP_B2;
  den = den * r + PP_B1;
  den = den * r + <f32>1.0;
  return (q * num) / den;
}

/** Upper-tail quantile from r = sqrt(-log p), p < 0.075. */
@inline export function qinvTail(r: f32): f32 {
  if (r <= PP_SPLIT2) {
    const t = r - PP_CONST2;
    let num = PP_C3 * t + PP_C2;
    num = num * t + PP_C1;
    num = num * t + PP_C0;
    let den = PP_D2 * t + PP_D1;
    den = den * t + <f32>1.0;
    return num / den;
  }
  const t = r - PP_SPLIT2;
  let num = PP_E3 * t + PP_E2;
  num = num * t + PP_E1;
  num = num * t + PP_E0;
  let den = PP_F2 * t + PP_F1;
  den = den * t + <f32>1.0;
  return num / den;
}

/** Upper-tail quantile Q^-1(p) = -Phi^-1(p) for p in (0, ~0.5]. */
@inline export function qinv(p: f32): f32 {
  const q = <f32>0.5 - p;
  if (q <= PP_SPLIT1) return qinvCentral(q);
  return qinvTail(sqrt<f32>(-logf32(p)));
}

// ---------------------------------------------------------------- SIMD (same steps, 4 lanes)

@inline function fsplat(x: f32): v128 { return f32x4.splat(x); }
@inline function madd(a: v128, b: v128, c: v128): v128 { return f32x4.add(f32x4.mul(a, b), c); }

@inline export function logv(x: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(127));
  let m = v128.or(v128.and(x, i32x4.splat(0x7FFFFF)), i32x4.splat(0x3F800000));
  const big = f32x4.gt(m, fsplat(SQRT2));
  m = v128.bitselect(f32x4.mul(m, fsplat(0.5)), m, big);
  e = i32x4.sub(e, big); // big is -1 where set
  const f = f32x4.sub(m, fsplat(1.0));
  const z = f32x4.mul(f, f);
  let y = madd(fsplat(LOG_P0), f, fsplat(LOG_P1));
  y = madd(y, f, fsplat(LOG_P2));
  y = madd(y, f, fsplat(LOG_P3));
  y = madd(y, f, fsplat(LOG_P4));
  y = madd(y, f, fsplat(LOG_P5));
  y = madd(y, f, fsplat(LOG_P6));
  y = madd(y, f, fsplat(LOG_P7));
  y = madd(y, f, fsplat(LOG_P8));
  y = f32x4.mul(y, f);
  y = f32x4.mul(y, z);
  const fe = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(fe, fsplat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(fsplat(0.5), z));
  let r = f32x4.add(f, y);
  r = f32x4.add(r, f32x4.mul(fe, fsplat(LN2_HI)));
  return r;
}

@inline export function sinPolyV(x: v128, z: v128): v128 {
  let s = madd(fsplat(SIN_S3), z, fsplat(SIN_S2));
  s = madd(s, z, fsplat(SIN_S1));
  s = f32x4.mul(s, z);
  s = f32x4.mul(s, x);
  return f32x4.add(s, x);
}

@inline export function cosPolyV(z: v128): v128 {
  let c = madd(fsplat(COS_C3), z, fsplat(COS_C2));
  c = madd(c, z, fsplat(COS_C1));
  c = f32x4.mul(c, z);
  c = f32x4.mul(c, z);
  c = f32x4.sub(c, f32x4.mul(fsplat(0.5), z));
  return f32x4.add(c, fsplat(1.0));
}

@inline export function qinvTailV(r: v128): v128 {
  const small = f32x4.le(r, fsplat(PP_SPLIT2));
  const t = f32x4.sub(r, v128.bitselect(fsplat(PP_CONST2), fsplat(PP_SPLIT2), small));
  let num = madd(v128.bitselect(fsplat(PP_C3), fsplat(PP_E3), small), t, v128.bitselect(fsplat(PP_C2), fsplat(PP_E2), small));
  num = madd(num, t, v128.bitselect(fsplat(PP_C1), fsplat(PP_E1), small));
  num = madd(num, t, v128.bitselect(fsplat(PP_C0), fsplat(PP_E0), small));
  let den = madd(v128.bitselect(fsplat(PP_D2), fsplat(PP_F2), small), t, v128.bitselect(fsplat(PP_D1), fsplat(PP_F1), small));
  den = madd(den, t, fsplat(1.0));
  return f32x4.div(num, den);
}

@inline export function qinvV(p: v128): v128 {
  const q = f32x4.sub(fsplat(0.5), p);
  const central = f32x4.le(q, fsplat(PP_SPLIT1));
  const r = PP_CONST1;
  const rr = f32x4.sub(fsplat(r), f32x4.mul(q, q));
  let num = madd(fsplat(PP_A3), rr, fsplat(PP_A2));
  num = madd(num, rr, fsplat(PP_A1));
  num = madd(num, rr, fsplat(PP_A0));
  let den = madd(fsplat(PP_B3), rr, fsplat(PP_B2));
  den = madd(den, rr, fsplat(PP_B1));
  den = madd(den, rr, fsplat(1.0));
  const xc = f32x4.div(f32x4.mul(q, num), den);
  // Lanes that take the central branch may have any p; keep log's argument positive and normal.
  const pt = v128.bitselect(fsplat(0.25), p, central);
  const xt = qinvTailV(f32x4.sqrt(f32x4.neg(logv(pt))));
  return v128.bitselect(xc, xt, central);
}
