// Plain-TS twin of assembly/qr.ts: blocked Householder QR (compact WY, NB-column blocks) and the
// formation of its reduced Q, with exactly the same float64 operations in the same order as the
// SIMD and scalar WASM builds (see the contract at the top of assembly/qr.ts): dot products in two
// partial sums (even / odd offsets, odd tail into the even sum, then even + odd), block products
// summed from +0 in increasing inner index, no FMA, only + - * / sqrt. It is the `js` backend.

// NB, the columns per block, is QR_NB of the ABI, shared with assembly/qr.ts.
import { QR_NB as NB } from '../abi.js';

// Dot product in two partial sums (even / odd offsets, odd tail into the even sum, then even + odd).
function dot2x(x: Float64Array, a: number, y: Float64Array, b: number, len: number): number {
  let s0 = 0, s1 = 0, r = 0;
  for (; r + 1 < len; r += 2) {
    s0 += x[a + r]! * y[b + r]!;
    s1 += x[a + r + 1]! * y[b + r + 1]!;
  }
  if (r < len) s0 += x[a + r]! * y[b + r]!;
  return s0 + s1;
}

interface Work {
  vb: Float64Array; // L x kb reflectors, ld L
  y: Float64Array; // V X, ld L
  w: Float64Array; // kb x nc, ld kb
  t: Float64Array; // one NB x NB T per block
  mx: Float64Array; // kb x kb, ld kb
  beta: Float64Array;
  tau: Float64Array;
  z: Float64Array;
  acc: Float64Array;
}

function panel(a: Float64Array, m: number, k0: number, kb: number, ws: Work): void {
  for (let j = k0; j < k0 + kb; j++) {
    const col = j * m + j;
    const len = m - j;
    const alpha = a[col]!;
    const sigma = dot2x(a, col + 1, a, col + 1, len - 1);
    let t = 0, b = alpha;
    if (sigma !== 0) {
      const norm = Math.sqrt(alpha * alpha + sigma);
      b = alpha >= 0 ? -norm : norm;
      t = (b - alpha) / b;
      const scal = 1 / (alpha - b);
      for (let r = 1; r < len; r++) a[col + r] = a[col + r]! * scal;
    }
    ws.tau[j] = t;
    ws.beta[j] = b;
    a[col] = 1;
    if (t !== 0) {
      for (let c = j + 1; c < k0 + kb; c++) {
        const cc = c * m + j;
        const w = t * dot2x(a, col, a, cc, len);
        for (let r = 0; r < len; r++) a[cc + r] = a[cc + r]! - w * a[col + r]!;
      }
    }
  }
}

function copyV(a: Float64Array, m: number, k0: number, kb: number, vb: Float64Array): void {
  const L = m - k0;
  for (let i = 0; i < kb; i++) {
    vb.fill(0, i * L, i * L + i);
    vb.set(a.subarray((k0 + i) * m + k0 + i, (k0 + i) * m + m), i * L + i);
  }
}

function formT(vb: Float64Array, L: number, kb: number, tau: Float64Array, k0: number, t: Float64Array, to: number, z: Float64Array): void {
  for (let i = 0; i < kb; i++) {
    const ti = tau[k0 + i]!;
    const vi = i * L + i;
    for (let l = 0; l < i; l++) z[l] = dot2x(vb, l * L + i, vb, vi, L - i);
    const nt = -ti;
    for (let l = 0; l < i; l++) {
      let s = 0;
      for (let p = l; p < i; p++) s += t[to + p * NB + l]! * z[p]!;
      t[to + i * NB + l] = nt * s;
    }
    t[to + i * NB + i] = ti;
    for (let l = i + 1; l < kb; l++) t[to + i * NB + l] = 0;
  }
}

// C[r, j] (= or -=) sum_l V[r, l] M[l, j], summed from +0 in increasing l.
function gemmNN(v: Float64Array, L: number, kb: number, mx: Float64Array, nc: number,
  c: Float64Array, co: number, ldc: number, sub: boolean, acc: Float64Array): void {
  for (let j = 0; j < nc; j++) {
    acc.fill(0, 0, L);
    for (let l = 0; l < kb; l++) {
      const t = mx[j * kb + l]!;
      const vl = l * L;
      for (let r = 0; r < L; r++) acc[r] = acc[r]! + v[vl + r]! * t;
    }
    const cj = co + j * ldc;
    if (sub) for (let r = 0; r < L; r++) c[cj + r] = c[cj + r]! - acc[r]!;
    else c.set(acc.subarray(0, L), cj);
  }
}

function applyBlock(ws: Work, L: number, kb: number, to: number, trans: boolean,
  a: Float64Array, co: number, m: number, nc: number): void {
  const { vb, t, mx, y, w, acc } = ws;
  for (let j = 0; j < kb; j++) {
    for (let i = 0; i < kb; i++) mx[j * kb + i] = trans ? t[to + i * NB + j]! : t[to + j * NB + i]!;
  }
  gemmNN(vb, L, kb, mx, kb, y, 0, L, false, acc);
  for (let j = 0; j < nc; j++) {
    for (let i = 0; i < kb; i++) w[j * kb + i] = dot2x(vb, i * L, a, co + j * m, L);
  }
  gemmNN(y, L, kb, w, nc, a, co, m, true, acc);
}

/**
 * Overwrites `a` (m x n float64, column-major, m >= n >= 1) with the reduced Q of its Householder
 * QR, bit-identical to the WASM kernels. With `signFix`, column j is multiplied by sign(R[j, j])
 * (sign(0) = +1), which makes Q Haar-distributed for Gaussian a.
 */
export function householderQReference(a: Float64Array, m: number, n: number, signFix: boolean): void {
  const blocks = Math.ceil(n / NB);
  const ws: Work = {
    vb: new Float64Array(m * NB), y: new Float64Array(m * NB), w: new Float64Array(n * NB),
    t: new Float64Array(blocks * NB * NB), mx: new Float64Array(NB * NB),
    beta: new Float64Array(n), tau: new Float64Array(n), z: new Float64Array(NB), acc: new Float64Array(m),
  };
  for (let b = 0; b < blocks; b++) {
    const k0 = b * NB, kb = Math.min(NB, n - k0), L = m - k0;
    panel(a, m, k0, kb, ws);
    copyV(a, m, k0, kb, ws.vb);
    formT(ws.vb, L, kb, ws.tau, k0, ws.t, b * NB * NB, ws.z);
    if (k0 + kb < n) applyBlock(ws, L, kb, b * NB * NB, true, a, (k0 + kb) * m + k0, m, n - k0 - kb);
  }
  for (let c = 1; c < n; c++) a.fill(0, c * m, c * m + c);
  for (let b = blocks - 1; b >= 0; b--) {
    const k0 = b * NB, kb = Math.min(NB, n - k0), L = m - k0;
    copyV(a, m, k0, kb, ws.vb);
    for (let i = 0; i < kb; i++) {
      const col = (k0 + i) * m + k0;
      a.fill(0, col, col + L);
      a[col + i] = 1;
    }
    applyBlock(ws, L, kb, b * NB * NB, false, a, k0 * m + k0, m, n - k0);
  }
  if (signFix) {
    for (let j = 0; j < n; j++) {
      if (ws.beta[j]! < 0) for (let r = j * m; r < (j + 1) * m; r++) a[r] = -a[r]!;
    }
  }
}
