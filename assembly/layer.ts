// Per-layer reductions of the simulator, run on operands resident in the linear-algebra module's
// memory (the simulator's workspace): a layer's statistics in one pass over hˡ, φ(hˡ), φ′(hˡ), and
// δ ⊙ φ′ with the sum of squares of the product. Twin: src/kernels/reference/layer.ts.
//
// Summation order (shared by the SIMD build, the scalar build and the twin, so all three give the
// same float64 bits): every sum is in float64 of float32 values (products of two float32 values
// are exact in float64). A row x[0..n) is summed as
//     rowSum = ((a0 + a1) + (a2 + a3)) + x[n4] + x[n4 + 1] + ... + x[n − 1],   n4 = n & ~3,
// where a_r = Σ x[j] over j ≡ r (mod 4), j < n4, in increasing j (in SIMD: two f64x2
// accumulators, lanes (a0, a1) and (a2, a3)). Totals over rows add the row sums in increasing row
// order; per-column sums add rows in increasing order. Counts are exact integers.

/** Sum layout of `layerStats`' output (float64 slots). */
// 0 Σh, 1 Σh², 2 Σφ, 3 Σφ², 4 #(φ = 0), 5 #(|φ′| < f32(0.01)), 6 Σ_i (Σ_j h_ij / ‖h_·j‖)², 7 live columns

import { activate } from "./activations";

const SAT: f32 = 0.01;

@inline function hi2(v: v128): v128 {
  return i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
}

@inline function lanes(lo: v128, hi: v128): f64 {
  return (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
}

/**
 * Statistics of one layer: h, y = φ(h), d = φ′(h) are rows x cols f32, row-major (row = neuron,
 * column = example); `norm` is cols f64 of scratch (left holding 1/‖h_·j‖, or 0 for a zero column);
 * `out` receives the 8 float64 sums listed above. With kind >= 0, each row of y and d is first
 * computed as activate(kind, param) of the row of x (x = h, or LayerNorm(h)), while it is in cache.
 */
export function layerStats(kind: i32, param: f32, x: usize, h: usize, y: usize, d: usize, rows: i32, cols: i32, norm: usize, out: usize): void {
  const n4 = cols & ~3;
  memory.fill(norm, 0, <usize>cols << 3);
  let S: f64 = 0, P: f64 = 0, P2: f64 = 0;
  let zeros: i32 = 0, sat: i32 = 0;
  for (let i = 0; i < rows; i++) {
    const row = <usize>i * <usize>cols << 2;
    const hr = h + row, yr = y + row, dr = d + row;
    if (kind >= 0) activate(kind, param, x + row, yr, dr, cols);
    let s: f64, p: f64, p2: f64;
    if (ASC_FEATURE_SIMD) {
      let s0 = f64x2.splat(0), s1 = s0, p0 = s0, p1 = s0, q0 = s0, q1 = s0;
      let zc = i32x4.splat(0), sc = zc;
      const zero = f32x4.splat(0), lim = f32x4.splat(SAT);
      for (let j = 0; j < n4; j += 4) {
        const o = <usize>j << 2;
        const hv = v128.load(hr + o), yv = v128.load(yr + o), dv = v128.load(dr + o);
        const h0 = f64x2.promote_low_f32x4(hv), h1 = f64x2.promote_low_f32x4(hi2(hv));
        const y0 = f64x2.promote_low_f32x4(yv), y1 = f64x2.promote_low_f32x4(hi2(yv));
        s0 = f64x2.add(s0, h0); s1 = f64x2.add(s1, h1);
        p0 = f64x2.add(p0, y0); p1 = f64x2.add(p1, y1);
        q0 = f64x2.add(q0, f64x2.mul(y0, y0)); q1 = f64x2.add(q1, f64x2.mul(y1, y1));
        const np = norm + (<usize>j << 3);
        v128.store(np, f64x2.add(v128.load(np), f64x2.mul(h0, h0)));
        v128.store(np, f64x2.add(v128.load(np, 16), f64x2.mul(h1, h1)), 16);
        zc = i32x4.sub(zc, f32x4.eq(yv, zero));
        sc = i32x4.sub(sc, f32x4.lt(f32x4.abs(dv), lim));
      }
      s = lanes(s0, s1); p = lanes(p0, p1); p2 = lanes(q0, q1);
      zeros += (i32x4.extract_lane(zc, 0) + i32x4.extract_lane(zc, 1)) + (i32x4.extract_lane(zc, 2) + i32x4.extract_lane(zc, 3));
      sat += (i32x4.extract_lane(sc, 0) + i32x4.extract_lane(sc, 1)) + (i32x4.extract_lane(sc, 2) + i32x4.extract_lane(sc, 3));
    } else {
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
      let p0: f64 = 0, p1: f64 = 0, p2_: f64 = 0, p3: f64 = 0;
      let q0: f64 = 0, q1: f64 = 0, q2: f64 = 0, q3: f64 = 0;
      for (let j = 0; j < n4; j += 4) {
        const o = <usize>j << 2;
        const a0 = <f64>load<f32>(hr + o), a1 = <f64>load<f32>(hr + o, 4), a2 = <f64>load<f32>(hr + o, 8), a3 = <f64>load<f32>(hr + o, 12);
        const b0 = <f64>load<f32>(yr + o), b1 = <f64>load<f32>(yr + o, 4), b2 = <f64>load<f32>(yr + o, 8), b3 = <f64>load<f32>(yr + o, 12);
        s0 += a0; s1 += a1; s2 += a2; s3 += a3;
        p0 += b0; p1 += b1; p2_ += b2; p3 += b3;
        q0 += b0 * b0; q1 += b1 * b1; q2 += b2 * b2; q3 += b3 * b3;
        const np = norm + (<usize>j << 3);
        store<f64>(np, load<f64>(np) + a0 * a0);
        store<f64>(np, load<f64>(np, 8) + a1 * a1, 8);
        store<f64>(np, load<f64>(np, 16) + a2 * a2, 16);
        store<f64>(np, load<f64>(np, 24) + a3 * a3, 24);
        for (let r = 0; r < 4; r++) {
          const yv = load<f32>(yr + o + (<usize>r << 2));
          if (yv == 0) zeros++;
          if (abs<f32>(load<f32>(dr + o + (<usize>r << 2))) < SAT) sat++;
        }
      }
      s = (s0 + s1) + (s2 + s3); p = (p0 + p1) + (p2_ + p3); p2 = (q0 + q1) + (q2 + q3);
    }
    for (let j = n4; j < cols; j++) {
      const o = <usize>j << 2;
      const a = <f64>load<f32>(hr + o), yv = load<f32>(yr + o), b = <f64>yv;
      s += a; p += b; p2 += b * b;
      const np = norm + (<usize>j << 3);
      store<f64>(np, load<f64>(np) + a * a);
      if (yv == 0) zeros++;
      if (abs<f32>(load<f32>(dr + o)) < SAT) sat++;
    }
    S += s; P += p; P2 += p2;
  }
  // Σh² from the column norms; then the column norms become 1/‖h_·j‖.
  let S2: f64 = 0, live: i32 = 0;
  for (let j = 0; j < cols; j++) {
    const np = norm + (<usize>j << 3);
    const v = load<f64>(np);
    S2 += v;
    if (v > 0) { store<f64>(np, 1 / Math.sqrt(v)); live++; }
  }
  let C: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const hr = h + (<usize>i * <usize>cols << 2);
    let s: f64;
    if (ASC_FEATURE_SIMD) {
      let s0 = f64x2.splat(0), s1 = s0;
      for (let j = 0; j < n4; j += 4) {
        const hv = v128.load(hr + (<usize>j << 2));
        const np = norm + (<usize>j << 3);
        s0 = f64x2.add(s0, f64x2.mul(f64x2.promote_low_f32x4(hv), v128.load(np)));
        s1 = f64x2.add(s1, f64x2.mul(f64x2.promote_low_f32x4(hi2(hv)), v128.load(np, 16)));
      }
      s = lanes(s0, s1);
    } else {
      let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
      for (let j = 0; j < n4; j += 4) {
        const o = <usize>j << 2, np = norm + (<usize>j << 3);
        s0 += <f64>load<f32>(hr + o) * load<f64>(np);
        s1 += <f64>load<f32>(hr + o, 4) * load<f64>(np, 8);
        s2 += <f64>load<f32>(hr + o, 8) * load<f64>(np, 16);
        s3 += <f64>load<f32>(hr + o, 12) * load<f64>(np, 24);
      }
      s = (s0 + s1) + (s2 + s3);
    }
    for (let j = n4; j < cols; j++) s += <f64>load<f32>(hr + (<usize>j << 2)) * load<f64>(norm + (<usize>j << 3));
    C += s * s;
  }
  store<f64>(out, S);
  store<f64>(out, S2, 8);
  store<f64>(out, P, 16);
  store<f64>(out, P2, 24);
  store<f64>(out, <f64>zeros, 32);
  store<f64>(out, <f64>sat, 40);
  store<f64>(out, C, 48);
  store<f64>(out, <f64>live, 56);
}

/**
 * With d != 0: x[i] = f32(x[i]·d[i]) for i < n first (δ ⊙ φ′). Returns Σ x[i]² in float64 in the
 * row order above (the whole array is one row).
 */
export function sumSquares(x: usize, d: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s: f64;
  if (ASC_FEATURE_SIMD) {
    let s0 = f64x2.splat(0), s1 = s0;
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 2;
      let v = v128.load(x + o);
      if (d != 0) {
        v = f32x4.mul(v, v128.load(d + o));
        v128.store(x + o, v);
      }
      const v0 = f64x2.promote_low_f32x4(v), v1 = f64x2.promote_low_f32x4(hi2(v));
      s0 = f64x2.add(s0, f64x2.mul(v0, v0));
      s1 = f64x2.add(s1, f64x2.mul(v1, v1));
    }
    s = lanes(s0, s1);
  } else {
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 2;
      let v0 = load<f32>(x + o), v1 = load<f32>(x + o, 4), v2 = load<f32>(x + o, 8), v3 = load<f32>(x + o, 12);
      if (d != 0) {
        v0 *= load<f32>(d + o); v1 *= load<f32>(d + o, 4); v2 *= load<f32>(d + o, 8); v3 *= load<f32>(d + o, 12);
        store<f32>(x + o, v0); store<f32>(x + o, v1, 4); store<f32>(x + o, v2, 8); store<f32>(x + o, v3, 12);
      }
      s0 += <f64>v0 * <f64>v0; s1 += <f64>v1 * <f64>v1; s2 += <f64>v2 * <f64>v2; s3 += <f64>v3 * <f64>v3;
    }
    s = (s0 + s1) + (s2 + s3);
  }
  for (let j = n4; j < n; j++) {
    const o = <usize>j << 2;
    let v = load<f32>(x + o);
    if (d != 0) { v *= load<f32>(d + o); store<f32>(x + o, v); }
    s += <f64>v * <f64>v;
  }
  return s;
}
