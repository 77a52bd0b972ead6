// Activations φ and their derivatives φ′ for the simulator, f32, vectorised 4 lanes at a time in the
// SIMD build. The same polynomial steps run in the scalar build and in the plain-TS twin
// (src/kernels/reference/gemm.ts), with no FMA, so all three round identically; branches are evaluated on
// both sides and selected per lane, which selects the same value the scalar code computes.
//
// Kinds: the ACT_* ids of assembly/abi.ts (generated from src/kernels/abi.ts ACT); param is leaky
// ReLU's slope or ELU's alpha; gelu is the exact x·Φ(x).
import {
  ACT_ELU, ACT_GELU, ACT_LEAKY_RELU, ACT_LINEAR, ACT_RELU, ACT_SELU, ACT_SIGMOID, ACT_SILU, ACT_TANH,
} from "./abi";
import { LN2_HI, LN2_LO, logf32, logv } from "./math";

// exp (Cephes expf): x = n ln2 + r, e^r = 1 + r + r² P(r), 2^n from the exponent bits.
const EXP_HI: f32 = 88.0;
const EXP_LO: f32 = -87.0;
const LOG2E: f32 = 1.44269504088896341;
const EXP_P0: f32 = 1.9875691500e-4;
const EXP_P1: f32 = 1.3981999507e-3;
const EXP_P2: f32 = 8.3334519073e-3;
const EXP_P3: f32 = 4.1665795894e-2;
const EXP_P4: f32 = 1.6666665459e-1;
const EXP_P5: f32 = 5.0000001201e-1;
// tanh for |x| < 0.625 (Cephes tanhf).
const TANH_SMALL: f32 = 0.625;
const TANH_P0: f32 = -5.70498872745e-3;
const TANH_P1: f32 = 2.06390887954e-2;
const TANH_P2: f32 = -5.37397155531e-2;
const TANH_P3: f32 = 1.33314422036e-1;
const TANH_P4: f32 = -3.33332819422e-1;
// erfc(t), t >= 0 (Abramowitz & Stegun 7.1.26, |error| <= 1.5e-7): s = 1/(1 + P t), poly(s)·e^(−t²).
const ERF_P: f32 = 0.3275911;
const ERF_A1: f32 = 0.254829592;
const ERF_A2: f32 = -0.284496736;
const ERF_A3: f32 = 1.421413741;
const ERF_A4: f32 = -1.453152027;
const ERF_A5: f32 = 1.061405429;
const INV_SQRT2: f32 = 0.70710678118654752;
const INV_SQRT_2PI: f32 = 0.39894228040143268;
const SELU_ALPHA: f32 = 1.6732632423543772;
const SELU_SCALE: f32 = 1.0507009873554805;

// ---------------------------------------------------------------- scalar

@inline function expf32(x0: f32): f32 {
  const x1 = min(max(x0, EXP_LO), EXP_HI);
  const z = nearest<f32>(x1 * LOG2E);
  let x = x1 - z * LN2_HI;
  x = x - z * LN2_LO;
  const xx = x * x;
  let p = EXP_P0 * x + EXP_P1;
  p = p * x + EXP_P2;
  p = p * x + EXP_P3;
  p = p * x + EXP_P4;
  p = p * x + EXP_P5;
  let y = p * xx;
  y = y + x;
  y = y + <f32>1.0;
  return y * reinterpret<f32>((<i32>z + 127) << 23);
}

@inline function tanhf32(x: f32): f32 {
  const ax = abs<f32>(x);
  const z = x * x;
  let p = TANH_P0 * z + TANH_P1;
  p = p * z + TANH_P2;
  p = p * z + TANH_P3;
  p = p * z + TANH_P4;
  p = p * z;
  p = p * x;
  const small = p + x;
  const e = expf32(ax + ax);
  const big = <f32>1.0 - <f32>2.0 / (e + <f32>1.0);
  return ax < TANH_SMALL ? small : copysign<f32>(big, x);
}

@inline function sigmoidf32(x: f32): f32 {
  return <f32>1.0 / (<f32>1.0 + expf32(-x));
}

/** Φ(x) = erfc(−x/√2)/2 by A&S 7.1.26 on t = |x|/√2. */
@inline function normCdf32(x: f32): f32 {
  const t = abs<f32>(x) * INV_SQRT2;
  const s = <f32>1.0 / (<f32>1.0 + ERF_P * t);
  let p = ERF_A5 * s + ERF_A4;
  p = p * s + ERF_A3;
  p = p * s + ERF_A2;
  p = p * s + ERF_A1;
  p = p * s;
  const half = <f32>0.5 * (p * expf32(-(t * t))); // upper tail Q(|x|)
  return x < 0 ? half : <f32>1.0 - half;
}

function activateScalar(kind: i32, param: f32, x: usize, y: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    let fv: f32, dv: f32;
    switch (kind) {
      case ACT_LINEAR: fv = v; dv = 1; break;
      case ACT_RELU: fv = v > 0 ? v : <f32>0.0; dv = v > 0 ? <f32>1.0 : <f32>0.0; break;
      case ACT_LEAKY_RELU: fv = v > 0 ? v : param * v; dv = v > 0 ? <f32>1.0 : param; break;
      case ACT_TANH: { const t = tanhf32(v); fv = t; dv = <f32>1.0 - t * t; break; }
      case ACT_SIGMOID: { const s = sigmoidf32(v); fv = s; dv = s * (<f32>1.0 - s); break; }
      case ACT_SELU: case ACT_ELU: {
        const alpha = kind == ACT_SELU ? SELU_ALPHA : param;
        const scale = kind == ACT_SELU ? SELU_SCALE : <f32>1.0;
        const e = expf32(v);
        const neg = alpha * (e - <f32>1.0);
        fv = scale * (v > 0 ? v : neg);
        dv = scale * (v > 0 ? <f32>1.0 : alpha * e);
        break;
      }
      case ACT_GELU: {
        const c = normCdf32(v);
        const pdf = INV_SQRT_2PI * expf32(<f32>-0.5 * (v * v));
        fv = v * c;
        dv = c + v * pdf;
        break;
      }
      case ACT_SILU: { const s = sigmoidf32(v); fv = v * s; dv = s + v * (s * (<f32>1.0 - s)); break; }
      default: { // ACT_SOFTPLUS
        const e = expf32(-abs<f32>(v));
        fv = max(v, <f32>0.0) + logf32(<f32>1.0 + e);
        dv = sigmoidf32(v);
        break;
      }
    }
    store<f32>(y + o, fv);
    store<f32>(d + o, dv);
  }
}

// ---------------------------------------------------------------- SIMD (same steps, 4 lanes)

@inline function sp(x: f32): v128 { return f32x4.splat(x); }
@inline function madd(a: v128, b: v128, c: v128): v128 { return f32x4.add(f32x4.mul(a, b), c); }

// Round-to-nearest-even of |v| < 2^22 by adding and subtracting 1.5·2^23 (exact; the same value as
// f32.nearest), whose low mantissa bits are then the integer itself: cheaper than nearest + trunc_sat.
const ROUND_MAGIC: f32 = 12582912.0;
const ROUND_MAGIC_BITS: i32 = 0x4B400000;

// The constants of expv and tanhv as a table in memory, broadcast by one load each where they are
// used: Binaryen folds a splat of a constant into a v128.const, which V8 rebuilds from immediates in
// every loop iteration (several instructions each), while a load32_splat from L1 is one.
const KT = memory.data<f32>([
  EXP_LO, EXP_HI, LOG2E, ROUND_MAGIC, LN2_HI, LN2_LO, EXP_P0, EXP_P1,
  EXP_P2, EXP_P3, EXP_P4, EXP_P5, 1.0, 2.0, TANH_SMALL, TANH_P0,
  TANH_P1, TANH_P2, TANH_P3, TANH_P4, reinterpret<f32>(ROUND_MAGIC_BITS - 127), reinterpret<f32>(0x80000000),
], 16);
@inline function k(i: i32): v128 { return v128.load32_splat(KT + (<usize>i << 2)); }

@inline function expv(x0: v128): v128 {
  // pmax/pmin with x first: the clamp of min/max (NaN passes through), in one instruction each.
  const x1 = f32x4.pmin(f32x4.pmax(x0, k(0)), k(1));
  const t = f32x4.add(f32x4.mul(x1, k(2)), k(3));
  const z = f32x4.sub(t, k(3));
  let x = f32x4.sub(x1, f32x4.mul(z, k(4)));
  x = f32x4.sub(x, f32x4.mul(z, k(5)));
  const xx = f32x4.mul(x, x);
  let p = madd(k(6), x, k(7));
  p = madd(p, x, k(8));
  p = madd(p, x, k(9));
  p = madd(p, x, k(10));
  p = madd(p, x, k(11));
  let y = f32x4.mul(p, xx);
  y = f32x4.add(y, x);
  y = f32x4.add(y, k(12));
  const pow2 = i32x4.shl(i32x4.sub(t, k(20)), 23);
  return f32x4.mul(y, pow2);
}

@inline function tanhv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = madd(k(15), z, k(16));
  p = madd(p, z, k(17));
  p = madd(p, z, k(18));
  p = madd(p, z, k(19));
  p = f32x4.mul(p, z);
  p = f32x4.mul(p, x);
  const small = f32x4.add(p, x);
  const e = expv(f32x4.add(ax, ax));
  const one = k(12);
  const big = f32x4.sub(one, f32x4.div(k(13), f32x4.add(e, one)));
  const signed = v128.or(big, v128.and(x, k(21))); // copysign (big >= 0)
  return v128.bitselect(small, signed, f32x4.lt(ax, k(14)));
}

@inline function sigmoidv(x: v128): v128 {
  return f32x4.div(sp(1.0), f32x4.add(sp(1.0), expv(f32x4.neg(x))));
}

@inline function normCdfv(x: v128): v128 {
  const t = f32x4.mul(f32x4.abs(x), sp(INV_SQRT2));
  const s = f32x4.div(sp(1.0), f32x4.add(sp(1.0), f32x4.mul(sp(ERF_P), t)));
  let p = madd(sp(ERF_A5), s, sp(ERF_A4));
  p = madd(p, s, sp(ERF_A3));
  p = madd(p, s, sp(ERF_A2));
  p = madd(p, s, sp(ERF_A1));
  p = f32x4.mul(p, s);
  const half = f32x4.mul(sp(0.5), f32x4.mul(p, expv(f32x4.neg(f32x4.mul(t, t)))));
  return v128.bitselect(half, f32x4.sub(sp(1.0), half), f32x4.lt(x, sp(0)));
}

/** tanh on its own loop: in the general loop's switch, V8 allocates registers for every case. */
function tanhSimd(x: usize, y: usize, d: usize, n4: i32): void {
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const t = tanhv(v128.load(x + o));
    v128.store(y + o, t);
    v128.store(d + o, f32x4.sub(k(12), f32x4.mul(t, t)));
  }
}

function activateSimd(kind: i32, param: f32, x: usize, y: usize, d: usize, n: i32): i32 {
  const n4 = n & ~3;
  if (kind == ACT_TANH) {
    tanhSimd(x, y, d, n4);
    return n4;
  }
  const zero = sp(0), one = sp(1.0);
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    let fv: v128, dv: v128;
    const pos = f32x4.gt(v, zero);
    switch (kind) {
      case ACT_LINEAR: fv = v; dv = one; break;
      case ACT_RELU: fv = v128.bitselect(v, zero, pos); dv = v128.bitselect(one, zero, pos); break;
      case ACT_LEAKY_RELU: { const s = sp(param); fv = v128.bitselect(v, f32x4.mul(s, v), pos); dv = v128.bitselect(one, s, pos); break; }
      case ACT_TANH: { const t = tanhv(v); fv = t; dv = f32x4.sub(one, f32x4.mul(t, t)); break; }
      case ACT_SIGMOID: { const s = sigmoidv(v); fv = s; dv = f32x4.mul(s, f32x4.sub(one, s)); break; }
      case ACT_SELU: case ACT_ELU: {
        const alpha = sp(kind == ACT_SELU ? SELU_ALPHA : param);
        const scale = sp(kind == ACT_SELU ? SELU_SCALE : <f32>1.0);
        const e = expv(v);
        const neg = f32x4.mul(alpha, f32x4.sub(e, one));
        fv = f32x4.mul(scale, v128.bitselect(v, neg, pos));
        dv = f32x4.mul(scale, v128.bitselect(one, f32x4.mul(alpha, e), pos));
        break;
      }
      case ACT_GELU: {
        const c = normCdfv(v);
        const pdf = f32x4.mul(sp(INV_SQRT_2PI), expv(f32x4.mul(sp(-0.5), f32x4.mul(v, v))));
        fv = f32x4.mul(v, c);
        dv = f32x4.add(c, f32x4.mul(v, pdf));
        break;
      }
      case ACT_SILU: {
        const s = sigmoidv(v);
        fv = f32x4.mul(v, s);
        dv = f32x4.add(s, f32x4.mul(v, f32x4.mul(s, f32x4.sub(one, s))));
        break;
      }
      default: { // ACT_SOFTPLUS
        const e = expv(f32x4.neg(f32x4.abs(v)));
        fv = f32x4.add(f32x4.max(v, zero), logv(f32x4.add(one, e)));
        dv = sigmoidv(v);
        break;
      }
    }
    v128.store(y + o, fv);
    v128.store(d + o, dv);
  }
  return n4;
}

/**
 * y[i] = φ(x[i]) and d[i] = φ′(x[i]) for i < n (f32 arrays; y and d may not overlap x unless equal).
 * `kind` is an ACT_* id (assembly/abi.ts); `param` is leaky ReLU's slope or ELU's alpha.
 */
export function activate(kind: i32, param: f32, x: usize, y: usize, d: usize, n: i32): void {
  let done = 0;
  if (ASC_FEATURE_SIMD) done = activateSimd(kind, param, x, y, d, n);
  const o = <usize>done << 2;
  activateScalar(kind, param, x + o, y + o, d + o, n - done);
}
