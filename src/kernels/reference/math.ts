// Plain-TS twin of assembly/math.ts: the same f32 polynomials with Math.fround after every
// operation. A double result of +, -, *, / or sqrt on two f32 values rounds to the same f32 as the
// f32 operation itself, so these match the WASM kernels bit for bit.
import { pow2 } from '../../math/pow2.js';
import { F32, I32 } from '../../math/bits.js';

const f = Math.fround;

const LOG_P0 = f(7.0376836292e-2);
const LOG_P1 = f(-1.151461031e-1);
const LOG_P2 = f(1.167699874e-1);
const LOG_P3 = f(-1.2420140846e-1);
const LOG_P4 = f(1.4249322787e-1);
const LOG_P5 = f(-1.6668057665e-1);
const LOG_P6 = f(2.0000714765e-1);
const LOG_P7 = f(-2.4999993993e-1);
const LOG_P8 = f(3.3333331174e-1);
/** ln 2 split so n·LN2_HI is exact for |n| < 2^9 (shared with expf32 in gemm.ts). */
export const LN2_HI = f(0.693359375);
export const LN2_LO = f(-2.1219444e-4);
const SQRT2 = f(1.41421356237);

const SIN_S1 = f(-1.6666654611e-1);
const SIN_S2 = f(8.3321608736e-3);
const SIN_S3 = f(-1.9515295891e-4);
const COS_C1 = f(4.166664568298827e-2);
const COS_C2 = f(-1.388731625493765e-3);
const COS_C3 = f(2.443315711809948e-5);

const PP_A0 = f(3.3871327179);
const PP_A1 = f(5.0434271938e1);
const PP_A2 = f(1.5929113202e2);
const PP_A3 = f(5.910937472e1);
const PP_B1 = f(1.7895169469e1);
const PP_B2 = f(7.8757757664e1);
const PP_B3 = f(6.71875636e1);
const PP_C0 = f(1.4234372777);
const PP_C1 = f(2.75681539);
const PP_C2 = f(1.3067284816);
const PP_C3 = f(1.7023821103e-1);
const PP_D1 = f(7.370016425e-1);
const PP_D2 = f(1.2021132975e-1);
const PP_E0 = f(6.657905115);
const PP_E1 = f(3.081226386);
const PP_E2 = f(4.2868294337e-1);
const PP_E3 = f(1.7337203997e-2);
const PP_F1 = f(2.4197894225e-1);
const PP_F2 = f(1.2258202635e-2);
const PP_SPLIT1 = f(0.425);
const PP_CONST1 = f(0.180625);
const PP_SPLIT2 = 5;
const PP_CONST2 = f(1.6);


/** ln(1 + x) core shared by both log entry points: m in [sqrt(1/2), sqrt(2)], exponent e. */
function logCore(m: number, e: number): number {
  if (m > SQRT2) {
    m = m * 0.5;
    e = e + 1;
  }
  const x = f(m - 1);
  const z = f(x * x);
  let y = f(f(LOG_P0 * x) + LOG_P1);
  y = f(f(y * x) + LOG_P2);
  y = f(f(y * x) + LOG_P3);
  y = f(f(y * x) + LOG_P4);
  y = f(f(y * x) + LOG_P5);
  y = f(f(y * x) + LOG_P6);
  y = f(f(y * x) + LOG_P7);
  y = f(f(y * x) + LOG_P8);
  y = f(y * x);
  y = f(y * z);
  y = f(y + f(e * LN2_LO));
  y = f(y - f(0.5 * z));
  let r = f(x + y);
  r = f(r + f(e * LN2_HI));
  return r;
}


/** Natural log of a positive normal f32 value (Cephes logf steps). */
export function logf32(x: number): number {
  F32[0] = x;
  const bits = I32[0]! >>> 0;
  I32[0] = (bits & 0x7fffff) | 0x3f800000;
  return logCore(F32[0]!, (bits >>> 23) - 127);
}

/**
 * logf32(k / 2^24) for an integer k in [1, 2^24], without a bit cast: k = m 2^e with m in [1, 2)
 * exactly as the f32 encoding of k / 2^24 would give.
 */
export function logf32Int24(k: number): number {
  const e = 31 - Math.clz32(k);
  return logCore(k * pow2(-e), e - 24);
}

/** sin(x) for |x| <= pi/4 given z = x*x (Cephes sinf). */
export function sinPoly(x: number, z: number): number {
  let s = f(f(SIN_S3 * z) + SIN_S2);
  s = f(f(s * z) + SIN_S1);
  s = f(s * z);
  s = f(s * x);
  return f(s + x);
}

/** cos(x) for |x| <= pi/4 given z = x*x (Cephes cosf). */
export function cosPoly(z: number): number {
  let c = f(f(COS_C3 * z) + COS_C2);
  c = f(f(c * z) + COS_C1);
  c = f(c * z);
  c = f(c * z);
  c = f(c - f(0.5 * z));
  return f(c + 1);
}

/** Upper-tail normal quantile, central branch (AS241 PPND7), q = 0.5 - p <= 0.425. */
export function qinvCentral(q: number): number {
  const r = f(PP_CONST1 - f(q * q));
  let num = f(f(PP_A3 * r) + PP_A2);
  num = f(f(num * r) + PP_A1);
  num = f(f(num * r) + PP_A0);
  let den = f(f(PP_B3 * r) + PP_B2);
  den = f(f(den * r) + PP_B1);
  den = f(f(den * r) + 1);
  return f(f(q * num) / den);
}

/** Upper-tail normal quantile from r = sqrt(-log p), p < 0.075 (AS241 PPND7). */
export function qinvTail(r: number): number {
  let t: number, num: number, den: number;
  if (r <= PP_SPLIT2) {
    t = f(r - PP_CONST2);
    num = f(f(PP_C3 * t) + PP_C2);
    num = f(f(num * t) + PP_C1);
    num = f(f(num * t) + PP_C0);
    den = f(f(PP_D2 * t) + PP_D1);
  } else {
    t = f(r - PP_SPLIT2);
    num = f(f(PP_E3 * t) + PP_E2);
    num = f(f(num * t) + PP_E1);
    num = f(f(num * t) + PP_E0);
    den = f(f(PP_F2 * t) + PP_F1);
  }
  den = f(f(den * t) + 1);
  return f(num / den);
}

/** Upper-tail normal quantile Q^-1(p) = -Phi^-1(p) for p in (0, ~0.5]. */
export function qinv(p: number): number {
  const q = f(0.5 - p);
  if (q <= PP_SPLIT1) return qinvCentral(q);
  return qinvTail(f(Math.sqrt(-logf32(p))));
}
