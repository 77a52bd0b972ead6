// Blocked Householder QR of an m x n float64 matrix (m >= n, column-major, lda = m) and formation of
// its reduced Q (m x n) in place, LAPACK dgeqrf + dorgqr style with the compact WY form
// H_k0 ... H_k0+kb-1 = I - V T V^T per block of NB columns.
//
// Bit-reproducibility contract (shared with src/kernels/reference/qr.ts, the plain-TS twin): every value is
// computed by exactly the same sequence of IEEE float64 +, -, *, /, sqrt in the SIMD build, the
// scalar build and the twin; no FMA. f64x2 lanes are independent scalar operations:
// - a dot product of length L is accumulated in two partial sums, s0 over even offsets and s1 over
//   odd offsets (both starting at +0, in increasing offset order); an odd tail element is added to
//   s0; the result is s0 + s1;
// - a product (V M)[r, j] = sum_l V[r, l] M[l, j] starts at +0 and adds the terms in increasing l;
//   C -= V M subtracts that sum once per element.
// Tiling (which elements are computed together) never changes the per-element order above.

// NB, the columns per block (the compact WY block size), is QR_NB of the ABI: the twin uses the same
// value, which fixes the order of every operation.
import { QR_NB as NB } from "./abi";

// ---------------------------------------------------------------- workspace layout

// Offsets (in f64 elements) of the regions after A, for a given m, n.
@inline function vbOff(m: i32, n: i32): u64 { return <u64>m * <u64>n; }
@inline function yOff(m: i32, n: i32): u64 { return vbOff(m, n) + <u64>m * NB; }
@inline function wOff(m: i32, n: i32): u64 { return yOff(m, n) + <u64>m * NB; }
@inline function tOff(m: i32, n: i32): u64 { return wOff(m, n) + <u64>n * NB; }
@inline function mOff(m: i32, n: i32): u64 { return tOff(m, n) + <u64>(n + NB) * NB; }
@inline function betaOff(m: i32, n: i32): u64 { return mOff(m, n) + <u64>NB * NB; }
@inline function tauOff(m: i32, n: i32): u64 { return betaOff(m, n) + <u64>n; }
@inline function zOff(m: i32, n: i32): u64 { return tauOff(m, n) + <u64>n; }
@inline function accOff(m: i32, n: i32): u64 { return zOff(m, n) + <u64>NB; }

/** Bytes of A plus workspace for an m x n problem (u64: the caller checks it fits memory). */
export function qrBytes(m: i32, n: i32): u64 {
  return (accOff(m, n) + <u64>m) << 3;
}

// ---------------------------------------------------------------- level-1 kernels

/** Dot product of a[0..len) and b[0..len) by the two-partial-sum rule. */
@inline function dot2(a: usize, b: usize, len: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0);
    for (; r + 1 < len; r += 2) {
      const o = <usize>r << 3;
      acc = f64x2.add(acc, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    }
    s0 = f64x2.extract_lane(acc, 0);
    s1 = f64x2.extract_lane(acc, 1);
  } else {
    for (; r + 1 < len; r += 2) {
      const o = <usize>r << 3;
      s0 += load<f64>(a + o) * load<f64>(b + o);
      s1 += load<f64>(a + o, 8) * load<f64>(b + o, 8);
    }
  }
  if (r < len) s0 += load<f64>(a + (<usize>r << 3)) * load<f64>(b + (<usize>r << 3));
  return s0 + s1;
}

/** y[0..len) -= t * x[0..len). */
@inline function axpyNeg(t: f64, x: usize, y: usize, len: i32): void {
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    const tv = f64x2.splat(t);
    for (; r + 1 < len; r += 2) {
      const o = <usize>r << 3;
      v128.store(y + o, f64x2.sub(v128.load(y + o), f64x2.mul(tv, v128.load(x + o))));
    }
  }
  for (; r < len; r++) {
    const o = <usize>r << 3;
    store<f64>(y + o, load<f64>(y + o) - t * load<f64>(x + o));
  }
}

// ---------------------------------------------------------------- level-3 kernels

// Finishes a two-lane dot accumulator: adds the odd tail (if any) to lane 0, then lane 0 + lane 1.
@inline function finish(acc: v128, tail: bool, a: usize, b: usize): f64 {
  let s0 = f64x2.extract_lane(acc, 0);
  if (tail) s0 += load<f64>(a) * load<f64>(b);
  return s0 + f64x2.extract_lane(acc, 1);
}

/**
 * W[i, j] = dot2(V[:, i], C[:, j]) for i < kb, j < nc; V is L x kb (ld L), C is L x nc (ld ldc),
 * W is kb x nc (ld kb). The SIMD build computes 4 x 2 tiles with eight two-lane accumulators.
 */
function gemmTN(V: usize, L: i32, kb: i32, C: usize, ldc: i32, nc: i32, W: usize): void {
  const ldv = <usize>L << 3, ldcb = <usize>ldc << 3;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const tail = (L & 1) != 0;
    const last = <usize>(L - 1) << 3;
    for (; j + 1 < nc; j += 2) {
      const c0 = C + <usize>j * ldcb, c1 = c0 + ldcb;
      let i = 0;
      for (; i + 3 < kb; i += 4) {
        const v0 = V + <usize>i * ldv, v1 = v0 + ldv, v2 = v1 + ldv, v3 = v2 + ldv;
        let a00 = f64x2.splat(0), a10 = a00, a20 = a00, a30 = a00;
        let a01 = a00, a11 = a00, a21 = a00, a31 = a00;
        for (let r = 0; r + 1 < L; r += 2) {
          const o = <usize>r << 3;
          const x0 = v128.load(c0 + o), x1 = v128.load(c1 + o);
          const y0 = v128.load(v0 + o), y1 = v128.load(v1 + o);
          a00 = f64x2.add(a00, f64x2.mul(y0, x0)); a01 = f64x2.add(a01, f64x2.mul(y0, x1));
          a10 = f64x2.add(a10, f64x2.mul(y1, x0)); a11 = f64x2.add(a11, f64x2.mul(y1, x1));
          const y2 = v128.load(v2 + o), y3 = v128.load(v3 + o);
          a20 = f64x2.add(a20, f64x2.mul(y2, x0)); a21 = f64x2.add(a21, f64x2.mul(y2, x1));
          a30 = f64x2.add(a30, f64x2.mul(y3, x0)); a31 = f64x2.add(a31, f64x2.mul(y3, x1));
        }
        const w0 = W + ((<usize>j * kb + i) << 3), w1 = w0 + (<usize>kb << 3);
        store<f64>(w0, finish(a00, tail, v0 + last, c0 + last));
        store<f64>(w0, finish(a10, tail, v1 + last, c0 + last), 8);
        store<f64>(w0, finish(a20, tail, v2 + last, c0 + last), 16);
        store<f64>(w0, finish(a30, tail, v3 + last, c0 + last), 24);
        store<f64>(w1, finish(a01, tail, v0 + last, c1 + last));
        store<f64>(w1, finish(a11, tail, v1 + last, c1 + last), 8);
        store<f64>(w1, finish(a21, tail, v2 + last, c1 + last), 16);
        store<f64>(w1, finish(a31, tail, v3 + last, c1 + last), 24);
      }
      for (; i < kb; i++) {
        const vi = V + <usize>i * ldv;
        store<f64>(W + ((<usize>j * kb + i) << 3), dot2(vi, c0, L));
        store<f64>(W + ((<usize>(j + 1) * kb + i) << 3), dot2(vi, c1, L));
      }
    }
  }
  for (; j < nc; j++) {
    const cj = C + <usize>j * ldcb;
    for (let i = 0; i < kb; i++) store<f64>(W + ((<usize>j * kb + i) << 3), dot2(V + <usize>i * ldv, cj, L));
  }
}

/**
 * P = V M with P[r, j] = sum_{l < kb} V[r, l] M[l, j] (from +0, increasing l); V is L x kb (ld L),
 * M is kb x nc (ld kb). sub: C[r, j] = C[r, j] - P[r, j]; else C[r, j] = P[r, j]. C has ld ldc.
 * `acc` is L doubles of scratch for the scalar build. The SIMD build computes 4 x 4 tiles.
 */
function gemmNN(V: usize, L: i32, kb: i32, Mx: usize, nc: i32, C: usize, ldc: i32, sub: bool, acc: usize): void {
  const ldv = <usize>L << 3, ldcb = <usize>ldc << 3, ldm = <usize>kb << 3;
  if (ASC_FEATURE_SIMD) {
    let j = 0;
    for (; j + 3 < nc; j += 4) {
      const m0 = Mx + <usize>j * ldm, m1 = m0 + ldm, m2 = m1 + ldm, m3 = m2 + ldm;
      const cc0 = C + <usize>j * ldcb, cc1 = cc0 + ldcb, cc2 = cc1 + ldcb, cc3 = cc2 + ldcb;
      let r = 0;
      for (; r + 3 < L; r += 4) {
        const o = <usize>r << 3;
        let p00 = f64x2.splat(0), p01 = p00, p02 = p00, p03 = p00;
        let p10 = p00, p11 = p00, p12 = p00, p13 = p00;
        let vp = V + o;
        for (let l = 0; l < kb; l++, vp += ldv) {
          const lo = <usize>l << 3;
          const x0 = v128.load(vp), x1 = v128.load(vp, 16);
          const s0 = v128.load64_splat(m0 + lo), s1 = v128.load64_splat(m1 + lo);
          p00 = f64x2.add(p00, f64x2.mul(x0, s0)); p10 = f64x2.add(p10, f64x2.mul(x1, s0));
          p01 = f64x2.add(p01, f64x2.mul(x0, s1)); p11 = f64x2.add(p11, f64x2.mul(x1, s1));
          const s2 = v128.load64_splat(m2 + lo), s3 = v128.load64_splat(m3 + lo);
          p02 = f64x2.add(p02, f64x2.mul(x0, s2)); p12 = f64x2.add(p12, f64x2.mul(x1, s2));
          p03 = f64x2.add(p03, f64x2.mul(x0, s3)); p13 = f64x2.add(p13, f64x2.mul(x1, s3));
        }
        if (sub) {
          v128.store(cc0 + o, f64x2.sub(v128.load(cc0 + o), p00)); v128.store(cc0 + o, f64x2.sub(v128.load(cc0 + o, 16), p10), 16);
          v128.store(cc1 + o, f64x2.sub(v128.load(cc1 + o), p01)); v128.store(cc1 + o, f64x2.sub(v128.load(cc1 + o, 16), p11), 16);
          v128.store(cc2 + o, f64x2.sub(v128.load(cc2 + o), p02)); v128.store(cc2 + o, f64x2.sub(v128.load(cc2 + o, 16), p12), 16);
          v128.store(cc3 + o, f64x2.sub(v128.load(cc3 + o), p03)); v128.store(cc3 + o, f64x2.sub(v128.load(cc3 + o, 16), p13), 16);
        } else {
          v128.store(cc0 + o, p00); v128.store(cc0 + o, p10, 16);
          v128.store(cc1 + o, p01); v128.store(cc1 + o, p11, 16);
          v128.store(cc2 + o, p02); v128.store(cc2 + o, p12, 16);
          v128.store(cc3 + o, p03); v128.store(cc3 + o, p13, 16);
        }
      }
      for (; r < L; r++) {
        for (let q = 0; q < 4; q++) gemmNN1(V, ldv, kb, Mx + <usize>(j + q) * ldm, r, C + <usize>(j + q) * ldcb, sub);
      }
    }
    for (; j < nc; j++) {
      for (let r = 0; r < L; r++) gemmNN1(V, ldv, kb, Mx + <usize>j * ldm, r, C + <usize>j * ldcb, sub);
    }
  } else {
    for (let j = 0; j < nc; j++) {
      const mj = Mx + <usize>j * ldm, cj = C + <usize>j * ldcb;
      memory.fill(acc, 0, <usize>L << 3);
      for (let l = 0; l < kb; l++) {
        const t = load<f64>(mj + (<usize>l << 3));
        const vl = V + <usize>l * ldv;
        for (let r = 0; r < L; r++) {
          const o = <usize>r << 3;
          store<f64>(acc + o, load<f64>(acc + o) + load<f64>(vl + o) * t);
        }
      }
      if (sub) {
        for (let r = 0; r < L; r++) {
          const o = <usize>r << 3;
          store<f64>(cj + o, load<f64>(cj + o) - load<f64>(acc + o));
        }
      } else {
        memory.copy(cj, acc, <usize>L << 3);
      }
    }
  }
}

// One element of gemmNN (SIMD build edges).
@inline function gemmNN1(V: usize, ldv: usize, kb: i32, mj: usize, r: i32, cj: usize, sub: bool): void {
  let p: f64 = 0;
  const o = <usize>r << 3;
  for (let l = 0; l < kb; l++) p += load<f64>(V + <usize>l * ldv + o) * load<f64>(mj + (<usize>l << 3));
  store<f64>(cj + o, sub ? load<f64>(cj + o) - p : p);
}

// ---------------------------------------------------------------- the factorization

// Unblocked Householder on columns k0..k0+kb-1, rows k0..m-1 (LAPACK dgeqr2 on the panel, dlarfg's
// convention beta = -sign(alpha) * norm). Stores tau and beta (= R[j, j]) and leaves v in the
// column with its unit leading entry written explicitly (A[j, j] = 1).
function panel(A: usize, m: i32, k0: i32, kb: i32, tau: usize, beta: usize): void {
  const ldab = <usize>m << 3;
  for (let j = k0; j < k0 + kb; j++) {
    const col = A + <usize>j * ldab + (<usize>j << 3);
    const len = m - j;
    const alpha = load<f64>(col);
    const sigma = dot2(col + 8, col + 8, len - 1);
    let t: f64 = 0, b = alpha;
    if (sigma != 0) {
      const norm = sqrt<f64>(alpha * alpha + sigma);
      b = alpha >= 0 ? -norm : norm;
      t = (b - alpha) / b;
      const scal = 1.0 / (alpha - b);
      let r = 1;
      if (ASC_FEATURE_SIMD) {
        const sv = f64x2.splat(scal);
        for (; r + 1 < len; r += 2) {
          const o = <usize>r << 3;
          v128.store(col + o, f64x2.mul(v128.load(col + o), sv));
        }
      }
      for (; r < len; r++) store<f64>(col + (<usize>r << 3), load<f64>(col + (<usize>r << 3)) * scal);
    }
    store<f64>(tau + (<usize>j << 3), t);
    store<f64>(beta + (<usize>j << 3), b);
    store<f64>(col, 1.0);
    if (t != 0) {
      for (let c = j + 1; c < k0 + kb; c++) {
        const cc = A + <usize>c * ldab + (<usize>j << 3);
        const w = t * dot2(col, cc, len);
        axpyNeg(w, col, cc, len);
      }
    }
  }
}

// Copies the panel's reflectors (rows k0..m-1, columns k0..k0+kb-1) to VB (L x kb, ld L) with the
// zeros above the unit diagonal written explicitly.
function copyV(A: usize, m: i32, k0: i32, kb: i32, VB: usize): void {
  const L = m - k0;
  for (let i = 0; i < kb; i++) {
    const dst = VB + <usize>i * L * 8;
    const src = A + (<usize>(k0 + i) * m + k0) * 8;
    memory.fill(dst, 0, <usize>i << 3);
    memory.copy(dst + (<usize>i << 3), src + (<usize>i << 3), <usize>(L - i) << 3);
  }
}

// T (kb x kb upper triangular, ld NB) with H_0 ... H_kb-1 = I - V T V^T (LAPACK dlarft, forward,
// columnwise): T[i, i] = tau_i; T[0:i, i] = -tau_i T[0:i, 0:i] (V[:, 0:i]^T v_i).
function formT(VB: usize, L: i32, kb: i32, tau: usize, T: usize, z: usize): void {
  const ldv = <usize>L << 3;
  for (let i = 0; i < kb; i++) {
    const ti = load<f64>(tau + (<usize>i << 3));
    const vi = VB + <usize>i * ldv + (<usize>i << 3);
    // z[l] = V[:, l]^T v_i over rows i..L-1 (v_i is zero above row i).
    for (let l = 0; l < i; l++) store<f64>(z + (<usize>l << 3), dot2(VB + <usize>l * ldv + (<usize>i << 3), vi, L - i));
    const nt = -ti;
    for (let l = 0; l < i; l++) {
      let s: f64 = 0;
      for (let p = l; p < i; p++) s += load<f64>(T + ((<usize>p * NB + l) << 3)) * load<f64>(z + (<usize>p << 3));
      store<f64>(T + ((<usize>i * NB + l) << 3), nt * s);
    }
    store<f64>(T + ((<usize>i * NB + i) << 3), ti);
    for (let l = i + 1; l < kb; l++) store<f64>(T + ((<usize>i * NB + l) << 3), 0);
  }
}

// Mx (kb x kb, ld kb) = T (trans = false) or T^T (trans = true), from T (ld NB).
function expandT(T: usize, kb: i32, trans: bool, Mx: usize): void {
  for (let j = 0; j < kb; j++) {
    for (let i = 0; i < kb; i++) {
      const v = trans ? load<f64>(T + ((<usize>i * NB + j) << 3)) : load<f64>(T + ((<usize>j * NB + i) << 3));
      store<f64>(Mx + ((<usize>j * kb + i) << 3), v);
    }
  }
}

// C (L x nc, ld m) <- (I - V X V^T) C with X = T^T (trans) or T: W = V^T C, Y = V X, C -= Y W.
function applyBlock(VB: usize, L: i32, kb: i32, T: usize, trans: bool, C: usize, m: i32, nc: i32,
  Mx: usize, Y: usize, W: usize, acc: usize): void {
  expandT(T, kb, trans, Mx);
  gemmNN(VB, L, kb, Mx, kb, Y, L, false, acc);
  gemmTN(VB, L, kb, C, m, nc, W);
  gemmNN(Y, L, kb, W, nc, C, m, true, acc);
}

/**
 * Overwrites A (m x n column-major at `base`, m >= n >= 1) with the reduced Q of its Householder
 * QR. signFix != 0 multiplies column j by sign(R[j, j]) (sign(0) = +1), which makes Q Haar-distributed
 * for Gaussian A. The workspace (qrBytes(m, n) bytes from base) must be reserved by the caller.
 */
export function householderQ(base: usize, m: i32, n: i32, signFix: i32): void {
  const A = base;
  const VB = base + (<usize>vbOff(m, n) << 3), Y = base + (<usize>yOff(m, n) << 3);
  const W = base + (<usize>wOff(m, n) << 3), TS = base + (<usize>tOff(m, n) << 3);
  const Mx = base + (<usize>mOff(m, n) << 3), BETA = base + (<usize>betaOff(m, n) << 3);
  const TAU = base + (<usize>tauOff(m, n) << 3), Z = base + (<usize>zOff(m, n) << 3);
  const ACC = base + (<usize>accOff(m, n) << 3);
  const ldab = <usize>m << 3;
  const blocks = (n + NB - 1) / NB;
  // Factorization: panel, then the trailing columns get the block reflector's transpose.
  for (let b = 0; b < blocks; b++) {
    const k0 = b * NB, kb = min(NB, n - k0), L = m - k0;
    const T = TS + (<usize>b * NB * NB << 3);
    panel(A, m, k0, kb, TAU, BETA);
    copyV(A, m, k0, kb, VB);
    formT(VB, L, kb, TAU + (<usize>k0 << 3), T, Z);
    if (k0 + kb < n) {
      applyBlock(VB, L, kb, T, true, A + <usize>(k0 + kb) * ldab + (<usize>k0 << 3), m, n - k0 - kb, Mx, Y, W, ACC);
    }
  }
  // Q = H_0 ... H_n-1 I[:, 0:n], accumulated backwards; rows above a block stay zero.
  for (let c = 1; c < n; c++) memory.fill(A + <usize>c * ldab, 0, <usize>c << 3);
  for (let b = blocks - 1; b >= 0; b--) {
    const k0 = b * NB, kb = min(NB, n - k0), L = m - k0;
    copyV(A, m, k0, kb, VB);
    for (let i = 0; i < kb; i++) {
      const col = A + <usize>(k0 + i) * ldab + (<usize>k0 << 3);
      memory.fill(col, 0, <usize>L << 3);
      store<f64>(col + (<usize>i << 3), 1.0);
    }
    applyBlock(VB, L, kb, TS + (<usize>b * NB * NB << 3), false, A + <usize>k0 * ldab + (<usize>k0 << 3), m, n - k0, Mx, Y, W, ACC);
  }
  if (signFix != 0) {
    for (let j = 0; j < n; j++) {
      if (load<f64>(BETA + (<usize>j << 3)) < 0) {
        const col = A + <usize>j * ldab;
        for (let r = 0; r < m; r++) store<f64>(col + (<usize>r << 3), -load<f64>(col + (<usize>r << 3)));
      }
    }
  }
}
