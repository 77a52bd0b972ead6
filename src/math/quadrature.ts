// Half-range Gauss–Hermite quadrature: nodes z_i > 0 and weights w_i with
//   sum_i w_i g(z_i) ~= ∫_0^∞ g(z) φ(z) dz,   φ the standard normal density,
// exact for polynomials g of degree < 2n. E[f(Z)²] for Z ~ N(0,1) is then
//   sum_i w_i (f(z_i)² + f(-z_i)²),
// which is exact (to rounding) for piecewise-polynomial f with its break at 0 (identity, ReLU,
// leaky ReLU) and converges spectrally for any f that is smooth on each side of 0 (tanh, ELU,
// SELU's kink, GELU, ...). A full-line Gauss–Hermite rule would converge only algebraically on
// the ReLU family's kink.
//
// Construction (Gautschi, "Orthogonal Polynomials: Computation and Approximation", §2.2):
//  1. discretise the measure φ(z) dz on [0, 40] by composite Gauss–Legendre (φ(40) < 1e-347, so
//     the cut is invisible in double);
//  2. the discretised Stieltjes procedure gives the three-term recurrence of the orthonormal
//     polynomials (alpha_k, beta_k);
//  3. Golub–Welsch: nodes = eigenvalues of the Jacobi matrix (implicit QL), weights = 1 / sum of
//     squared orthonormal polynomials at the node (Christoffel numbers), times the mass 1/2.
// Everything is in double and computed once, lazily, with src/math's deterministic functions, so
// every engine builds the same rule to the last bit.
import { cos, exp, hypot } from './elementary.js';

/** Nodes per half line (so 2·HALF_NODES evaluations of the activation). */
export const HALF_NODES = 64;

const PANELS = 400;
const PANEL_POINTS = 24;
const CUT = 40;

/** Gauss–Legendre nodes and weights on [-1, 1] by Newton's method on P_m (Numerical Recipes gauleg), ascending. */
export function gaussLegendre(m: number): { x: number[]; w: number[] } {
  const x: number[] = new Array<number>(m).fill(0);
  const w: number[] = new Array<number>(m).fill(0);
  for (let i = 0; i < (m + 1) >> 1; i++) {
    let z = cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1, p2 = 0;
      for (let j = 1; j <= m; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (m * (z * p1 - p2)) / (z * z - 1);
      const z1 = z;
      z = z1 - p1 / dp;
      if (Math.abs(z - z1) < 1e-16) break;
    }
    x[i] = -z;
    x[m - 1 - i] = z;
    w[i] = w[m - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/** Eigenvalues of the symmetric tridiagonal matrix (d diagonal, e[i] couples i and i+1): implicit QL. */
function tridiagonalEigenvalues(diag: readonly number[], off: readonly number[]): number[] {
  const n = diag.length;
  const d = [...diag];
  const e = [...off, 0];
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter > 60) throw new Error('tridiagonalEigenvalues: no convergence');
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort((a, b) => a - b);
}

let cached: { z: Float64Array; w: Float64Array } | undefined;

/** The half-range Gauss–Hermite rule for ∫_0^∞ g(z) φ(z) dz with {@link HALF_NODES} nodes. */
export function halfHermiteRule(): { z: Float64Array; w: Float64Array } {
  if (cached) return cached;
  const n = HALF_NODES;
  // 1. Discrete measure.
  const gl = gaussLegendre(PANEL_POINTS);
  const N = PANELS * PANEL_POINTS;
  const xs = new Float64Array(N);
  const ws = new Float64Array(N);
  const h = CUT / PANELS;
  const c = 1 / Math.sqrt(2 * Math.PI);
  for (let p = 0, k = 0; p < PANELS; p++) {
    for (let j = 0; j < PANEL_POINTS; j++, k++) {
      const x = p * h + 0.5 * h * (gl.x[j]! + 1);
      xs[k] = x;
      ws[k] = 0.5 * h * gl.w[j]! * c * exp(-0.5 * x * x);
    }
  }
  // 2. Stieltjes with orthonormalised vectors q_k(x_j): alpha_k = <x q_k, q_k>, sqrt(beta_{k+1}) = |r|.
  const alpha: number[] = [];
  const beta: number[] = []; // beta[k] couples k-1 and k, k >= 1
  let mass = 0;
  for (let j = 0; j < N; j++) mass += ws[j]!;
  let prev = new Float64Array(N);
  let cur = new Float64Array(N).fill(1 / Math.sqrt(mass));
  let sqrtBeta = 0;
  for (let k = 0; k < n; k++) {
    let a = 0;
    for (let j = 0; j < N; j++) a += ws[j]! * xs[j]! * cur[j]! * cur[j]!;
    alpha.push(a);
    if (k === n - 1) break;
    const next = new Float64Array(N);
    let norm = 0;
    for (let j = 0; j < N; j++) {
      const v = (xs[j]! - a) * cur[j]! - sqrtBeta * prev[j]!;
      next[j] = v;
      norm += ws[j]! * v * v;
    }
    sqrtBeta = Math.sqrt(norm);
    for (let j = 0; j < N; j++) next[j]! /= sqrtBeta;
    beta.push(sqrtBeta);
    prev = cur;
    cur = next;
  }
  // 3. Golub–Welsch: nodes from the Jacobi matrix, Christoffel weights from the recurrence.
  const nodes = tridiagonalEigenvalues(alpha, beta);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const p0 = 1 / Math.sqrt(mass);
  for (let i = 0; i < n; i++) {
    const x = nodes[i]!;
    let qPrev = 0, q = p0, sum = q * q;
    for (let k = 0; k < n - 1; k++) {
      const qNext = ((x - alpha[k]!) * q - (k > 0 ? beta[k - 1]! : 0) * qPrev) / beta[k]!;
      qPrev = q;
      q = qNext;
      sum += q * q;
    }
    z[i] = x;
    w[i] = 1 / sum;
  }
  cached = { z, w };
  return cached;
}
