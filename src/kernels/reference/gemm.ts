// Plain-TS twin of assembly/gemm.ts and assembly/activations.ts (the `js` backend): the same f32
// operations in the same order, Math.fround after every operation, so the results match the WASM
// SIMD and scalar builds bit for bit (see the contract at the top of assembly/gemm.ts).
import { ACT } from '../abi.js';
import { LN2_HI, LN2_LO, logf32 } from './math.js';
import { pow2 } from '../../math/pow2.js';

const f = Math.fround;

/**
 * C (m x n, row-major) = A·B with A(i, k) = a[i·rsA + k·csA] and B(k, j) = b[k·rsB + j·csB]; each
 * C[i, j] is acc = +0, then acc = f32(acc + f32(A(i, k)·B(k, j))) for increasing k.
 */
export function sgemmReference(m: number, n: number, k: number, a: Float32Array, rsA: number, csA: number,
  b: Float32Array, rsB: number, csB: number, c: Float32Array): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    c.fill(0, row, row + n);
    for (let kk = 0; kk < k; kk++) {
      const av = a[i * rsA + kk * csA]!;
      const brow = kk * rsB;
      if (csB === 1) {
        for (let j = 0; j < n; j++) c[row + j] = c[row + j]! + f(av * b[brow + j]!);
      } else {
        for (let j = 0; j < n; j++) c[row + j] = c[row + j]! + f(av * b[brow + j * csB]!);
      }
    }
  }
}

const EXP_HI = f(88.0);
const EXP_LO = f(-87.0);
const LOG2E = f(1.44269504088896341);
const EXP_P0 = f(1.98756915e-4);
const EXP_P1 = f(1.3981999507e-3);
const EXP_P2 = f(8.3334519073e-3);
const EXP_P3 = f(4.1665795894e-2);
const EXP_P4 = f(1.6666665459e-1);
const EXP_P5 = f(5.0000001201e-1);
const TANH_SMALL = f(0.625);
const TANH_P0 = f(-5.70498872745e-3);
const TANH_P1 = f(2.06390887954e-2);
const TANH_P2 = f(-5.37397155531e-2);
const TANH_P3 = f(1.33314422036e-1);
const TANH_P4 = f(-3.33332819422e-1);
const ERF_P = f(0.3275911);
const ERF_A1 = f(0.254829592);
const ERF_A2 = f(-0.284496736);
const ERF_A3 = f(1.421413741);
const ERF_A4 = f(-1.453152027);
const ERF_A5 = f(1.061405429);
const INV_SQRT2 = f(0.70710678118654752);
const INV_SQRT_2PI = f(0.39894228040143268);
const SELU_ALPHA = f(1.6732632423543772);
const SELU_SCALE = f(1.0507009873554805);

/** Round half to even (wasm f32.nearest) of an f32 value. */
function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** e^x in f32 (Cephes expf steps, argument clamped to [-87, 88]). */
export function expf32(x0: number): number {
  const x1 = Math.min(Math.max(x0, EXP_LO), EXP_HI);
  const z = nearest(f(x1 * LOG2E));
  let x = f(x1 - f(z * LN2_HI));
  x = f(x - f(z * LN2_LO));
  const xx = f(x * x);
  let p = f(f(EXP_P0 * x) + EXP_P1);
  p = f(f(p * x) + EXP_P2);
  p = f(f(p * x) + EXP_P3);
  p = f(f(p * x) + EXP_P4);
  p = f(f(p * x) + EXP_P5);
  let y = f(p * xx);
  y = f(y + x);
  y = f(y + 1);
  return f(y * pow2(z));
}

/** tanh in f32: Cephes polynomial for |x| < 0.625, else 1 − 2/(e^{2|x|} + 1) with x's sign. */
export function tanhf32(x: number): number {
  const ax = Math.abs(x);
  const z = f(x * x);
  let p = f(f(TANH_P0 * z) + TANH_P1);
  p = f(f(p * z) + TANH_P2);
  p = f(f(p * z) + TANH_P3);
  p = f(f(p * z) + TANH_P4);
  p = f(p * z);
  p = f(p * x);
  if (ax < TANH_SMALL) return f(p + x);
  const e = expf32(f(ax + ax));
  const big = f(1 - f(2 / f(e + 1)));
  return x < 0 || Object.is(x, -0) ? -big : big;
}

function sigmoidf32(x: number): number {
  return f(1 / f(1 + expf32(-x)));
}

function normCdf32(x: number): number {
  const t = f(Math.abs(x) * INV_SQRT2);
  const s = f(1 / f(1 + f(ERF_P * t)));
  let p = f(f(ERF_A5 * s) + ERF_A4);
  p = f(f(p * s) + ERF_A3);
  p = f(f(p * s) + ERF_A2);
  p = f(f(p * s) + ERF_A1);
  p = f(p * s);
  const half = f(0.5 * f(p * expf32(-f(t * t))));
  return x < 0 ? half : f(1 - half);
}

/** y[i] = φ(x[i]), d[i] = φ′(x[i]) in f32, the steps of assembly/activations.ts. */
export function activateReference(kind: number, param: number, x: Float32Array, y: Float32Array, d: Float32Array): void {
  const pf = f(param);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    let fv: number, dv: number;
    switch (kind) {
      case ACT.linear: fv = v; dv = 1; break;
      case ACT.relu: fv = v > 0 ? v : 0; dv = v > 0 ? 1 : 0; break;
      case ACT.leakyRelu: fv = v > 0 ? v : f(pf * v); dv = v > 0 ? 1 : pf; break;
      case ACT.tanh: { const t = tanhf32(v); fv = t; dv = f(1 - f(t * t)); break; }
      case ACT.sigmoid: { const s = sigmoidf32(v); fv = s; dv = f(s * f(1 - s)); break; }
      case ACT.selu: case ACT.elu: {
        const alpha = kind === ACT.selu ? SELU_ALPHA : pf;
        const scale = kind === ACT.selu ? SELU_SCALE : 1;
        const e = expf32(v);
        const neg = f(alpha * f(e - 1));
        fv = f(scale * (v > 0 ? v : neg));
        dv = f(scale * (v > 0 ? 1 : f(alpha * e)));
        break;
      }
      case ACT.gelu: {
        const c = normCdf32(v);
        const pdf = f(INV_SQRT_2PI * expf32(f(-0.5 * f(v * v))));
        fv = f(v * c);
        dv = f(c + f(v * pdf));
        break;
      }
      case ACT.silu: { const s = sigmoidf32(v); fv = f(v * s); dv = f(s + f(v * f(s * f(1 - s)))); break; }
      default: { // ACT.softplus
        const e = expf32(-Math.abs(v));
        fv = f(Math.max(v, 0) + logf32(f(1 + e)));
        dv = sigmoidf32(v);
        break;
      }
    }
    y[i] = fv;
    d[i] = dv;
  }
}
