// Plain-TS twin of assembly/layer.ts (the `js` backend): the simulator's per-layer reductions with
// the same float64 summation order (see the top of assembly/layer.ts), so the statistics are the
// same bits on every backend.
import { activateReference } from './gemm.js';

const SAT = Math.fround(0.01);

/**
 * Statistics of one layer (h, y = φ(h), d = φ′(h): rows x cols, row-major); `norm` (cols values)
 * is scratch, left holding 1/‖h_·j‖ (0 for a zero column); `out[0..8)` gets Σh, Σh², Σφ, Σφ²,
 * #(φ = 0), #(|φ′| < f32(0.01)), Σ_i (Σ_j h_ij/‖h_·j‖)², live columns. With kind >= 0, y and d
 * are first computed as activate(kind, param) of x (h, or LayerNorm(h)).
 */
export function layerStatsReference(kind: number, param: number, x: Float32Array, h: Float32Array, y: Float32Array, d: Float32Array,
  rows: number, cols: number, norm: Float64Array, out: Float64Array): void {
  const n4 = cols & ~3;
  if (kind >= 0) activateReference(kind, param, x, y, d);
  norm.fill(0, 0, cols);
  let S = 0, P = 0, P2 = 0, zeros = 0, sat = 0;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
    for (let j = 0; j < n4; j += 4) {
      const o = row + j;
      const a0 = h[o]!, a1 = h[o + 1]!, a2 = h[o + 2]!, a3 = h[o + 3]!;
      const b0 = y[o]!, b1 = y[o + 1]!, b2 = y[o + 2]!, b3 = y[o + 3]!;
      s0 += a0; s1 += a1; s2 += a2; s3 += a3;
      p0 += b0; p1 += b1; p2 += b2; p3 += b3;
      q0 += b0 * b0; q1 += b1 * b1; q2 += b2 * b2; q3 += b3 * b3;
      norm[j] = norm[j]! + a0 * a0;
      norm[j + 1] = norm[j + 1]! + a1 * a1;
      norm[j + 2] = norm[j + 2]! + a2 * a2;
      norm[j + 3] = norm[j + 3]! + a3 * a3;
      for (let r = 0; r < 4; r++) {
        if (y[o + r] === 0) zeros++;
        if (Math.abs(d[o + r]!) < SAT) sat++;
      }
    }
    let s = (s0 + s1) + (s2 + s3), p = (p0 + p1) + (p2 + p3), pp = (q0 + q1) + (q2 + q3);
    for (let j = n4; j < cols; j++) {
      const a = h[row + j]!, b = y[row + j]!;
      s += a; p += b; pp += b * b;
      norm[j] = norm[j]! + a * a;
      if (b === 0) zeros++;
      if (Math.abs(d[row + j]!) < SAT) sat++;
    }
    S += s; P += p; P2 += pp;
  }
  let S2 = 0, live = 0;
  for (let j = 0; j < cols; j++) {
    const v = norm[j]!;
    S2 += v;
    if (v > 0) { norm[j] = 1 / Math.sqrt(v); live++; }
  }
  let C = 0;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < n4; j += 4) {
      const o = row + j;
      s0 += h[o]! * norm[j]!;
      s1 += h[o + 1]! * norm[j + 1]!;
      s2 += h[o + 2]! * norm[j + 2]!;
      s3 += h[o + 3]! * norm[j + 3]!;
    }
    let s = (s0 + s1) + (s2 + s3);
    for (let j = n4; j < cols; j++) s += h[row + j]! * norm[j]!;
    C += s * s;
  }
  out[0] = S; out[1] = S2; out[2] = P; out[3] = P2; out[4] = zeros; out[5] = sat; out[6] = C; out[7] = live;
}

/** With `d`: x[i] = f32(x[i]·d[i]) first. Returns Σ x[i]² in float64 (order of assembly/layer.ts). */
export function sumSquaresReference(x: Float32Array, d: Float32Array | undefined, n: number): number {
  const n4 = n & ~3;
  if (d !== undefined) for (let j = 0; j < n; j++) x[j] = x[j]! * d[j]!;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let j = 0; j < n4; j += 4) {
    const v0 = x[j]!, v1 = x[j + 1]!, v2 = x[j + 2]!, v3 = x[j + 3]!;
    s0 += v0 * v0; s1 += v1 * v1; s2 += v2 * v2; s3 += v3 * v3;
  }
  let s = (s0 + s1) + (s2 + s3);
  for (let j = n4; j < n; j++) s += x[j]! * x[j]!;
  return s;
}
