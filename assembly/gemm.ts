// Blocked SGEMM C = A·B for the simulator (forward W·X, backward Wᵀ·Δ and weight gradients Δ·Φᵀ),
// with A and B read through (row, column) strides, so a transpose is a change of strides and is
// never materialised. C is m x n, row-major, contiguous (ldc = n).
//
// Bit-reproducibility contract (shared with src/kernels/reference/gemm.ts, the plain-TS twin): every
// output C[i, j] is accumulated in f32 as
//     acc = +0;  for k = 0, 1, ..., K-1:  acc = acc + f32(A(i, k) * B(k, j))
// in increasing k, one rounding for the product and one for the sum, no FMA. The SIMD build puts
// independent outputs (j, j+1, j+2, j+3) in the lanes of an f32x4, so each lane performs exactly
// this sequence; cache blocking over k stores the f32 partial sum in C and reloads it, which is
// exact. The scalar build and the twin run the same sequence in i-k-j order.
//
// Blocking (SIMD build): for each NC-column block of B and KC-row block of k, the B block is packed
// into NR-column panels (kc x NR contiguous, zero-padded; a packed panel stays in L1 while a
// 4-row band of A streams past it); a 4 x 8 register tile (8 f32x4 accumulators) is updated per k
// from 4 broadcasts of A and two loads of the panel.

/** Rows of the register tile. */
const MR: i32 = 4;
/** Columns of the register tile (two f32x4). */
const NR: i32 = 8;
/** k block: a 4 x KC band of A (4 KiB) and a KC x NR panel of B (8 KiB) stay in L1. */
const KC: i32 = 256;
/** n block: the packed KC x NC block of B (512 KiB) stays in L2. */
const NC: i32 = 512;

/** Bytes of packing workspace sgemm needs (the caller reserves it): the B block and one A band. */
export function sgemmPackBytes(): i32 {
  return KC * NC * 4 + KC * MR * 4;
}

/** Packs the 4 x kc band A(i.., pc..) k-major: pa[kk·4 + r] = A(i + r, pc + kk). */
function packA(a: usize, rsA: i32, csA: i32, i: i32, pc: i32, kc: i32, pa: usize): void {
  let src = a + (<usize>(i * rsA + pc * csA) << 2);
  const r1 = <usize>rsA << 2, step = <usize>csA << 2;
  if (rsA == 1) {
    for (let kk = 0; kk < kc; kk++) {
      v128.store(pa + (<usize>kk << 4), v128.load(src));
      src += step;
    }
  } else {
    for (let kk = 0; kk < kc; kk++) {
      const d = pa + (<usize>kk << 4);
      store<f32>(d, load<f32>(src));
      store<f32>(d, load<f32>(src + r1), 4);
      store<f32>(d, load<f32>(src + r1 + r1), 8);
      store<f32>(d, load<f32>(src + r1 + r1 + r1), 12);
      src += step;
    }
  }
}

// ---------------------------------------------------------------- SIMD build

/** Packs B(pc.., jc..) (kc x nc) into NR-wide panels: panel p at pack + p·kc·NR·4, zero-padded. */
function packB(b: usize, rsB: i32, csB: i32, pc: i32, jc: i32, kc: i32, nc: i32, pack: usize): void {
  const panels = (nc + NR - 1) / NR;
  for (let p = 0; p < panels; p++) {
    const j0 = jc + p * NR;
    const cols = min(NR, nc - p * NR);
    let dst = pack + (<usize>(p * kc * NR) << 2);
    if (cols == NR && csB == 1) {
      for (let kk = 0; kk < kc; kk++) {
        const src = b + (<usize>((pc + kk) * rsB + j0) << 2);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += NR << 2;
      }
    } else {
      for (let kk = 0; kk < kc; kk++) {
        const row = (pc + kk) * rsB;
        for (let jj = 0; jj < NR; jj++) {
          const v: f32 = jj < cols ? load<f32>(b + (<usize>(row + (j0 + jj) * csB) << 2)) : 0;
          store<f32>(dst + (<usize>jj << 2), v);
        }
        dst += NR << 2;
      }
    }
  }
}

/** 4 x 8 tile: C[i..i+4, j..j+8] (ldc floats) = (first ? 0 : C) + A(i.., k..k+kc)·panel. */
@inline function tile4x8(a: usize, bp: usize, kc: i32, c: usize, ldc4: usize, first: bool): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  const c1 = c + ldc4, c2 = c1 + ldc4, c3 = c2 + ldc4;
  if (first) {
    c00 = f32x4.splat(0); c01 = c00; c10 = c00; c11 = c00;
    c20 = c00; c21 = c00; c30 = c00; c31 = c00;
  } else {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c1); c11 = v128.load(c1, 16);
    c20 = v128.load(c2); c21 = v128.load(c2, 16);
    c30 = v128.load(c3); c31 = v128.load(c3, 16);
  }
  let pa = a;
  for (let kk = 0; kk < kc; kk++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    pa += 16;
    bp += NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

/** One row x `cols` (<= 8) columns of a panel, lane-by-lane the same sequence as tile4x8. */
@inline function tileRow(a: usize, csA4: usize, bp: usize, kc: i32, c: usize, cols: i32, first: bool): void {
  if (cols == NR) {
    let c0 = first ? f32x4.splat(0) : v128.load(c);
    let c1 = first ? f32x4.splat(0) : v128.load(c, 16);
    let pa = a;
    for (let kk = 0; kk < kc; kk++) {
      const av = v128.load32_splat(pa);
      c0 = f32x4.add(c0, f32x4.mul(av, v128.load(bp)));
      c1 = f32x4.add(c1, f32x4.mul(av, v128.load(bp, 16)));
      pa += csA4;
      bp += NR << 2;
    }
    v128.store(c, c0);
    v128.store(c, c1, 16);
  } else {
    for (let jj = 0; jj < cols; jj++) {
      let acc: f32 = first ? 0 : load<f32>(c + (<usize>jj << 2));
      let pa = a;
      let pb = bp + (<usize>jj << 2);
      for (let kk = 0; kk < kc; kk++) {
        acc = acc + load<f32>(pa) * load<f32>(pb);
        pa += csA4;
        pb += NR << 2;
      }
      store<f32>(c + (<usize>jj << 2), acc);
    }
  }
}

function sgemmSimd(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, pack: usize): void {
  const rsA4 = <usize>rsA << 2, csA4 = <usize>csA << 2, ldc4 = <usize>n << 2;
  const m4 = m & ~(MR - 1);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    const panels = (nc + NR - 1) / NR;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const first = pc == 0;
      packB(b, rsB, csB, pc, jc, kc, nc, pack);
      // Full 4-row bands: pack the band once, sweep it past every full 8-column panel.
      const fullPanels = nc / NR;
      const pa = pack + (<usize>(KC * NC) << 2);
      for (let i = 0; i < m4; i += MR) {
        packA(a, rsA, csA, i, pc, kc, pa);
        for (let p = 0; p < fullPanels; p++) {
          tile4x8(pa, pack + (<usize>(p * kc * NR) << 2), kc, c + <usize>i * ldc4 + (<usize>(jc + p * NR) << 2), ldc4, first);
        }
      }
      // The rest: rows below the last full band, and the last partial panel.
      for (let p = 0; p < panels; p++) {
        const bp = pack + (<usize>(p * kc * NR) << 2);
        const j0 = jc + p * NR;
        const cols = min(NR, n - j0);
        for (let i = p < fullPanels ? m4 : 0; i < m; i++) {
          tileRow(a + <usize>i * rsA4 + <usize>pc * csA4, csA4, bp, kc, c + <usize>i * ldc4 + (<usize>j0 << 2), cols, first);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- scalar build

function sgemmScalar(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize): void {
  for (let i = 0; i < m; i++) {
    const crow = c + (<usize>(i * n) << 2);
    for (let j = 0; j < n; j++) store<f32>(crow + (<usize>j << 2), 0);
    for (let kk = 0; kk < k; kk++) {
      const av = load<f32>(a + (<usize>(i * rsA + kk * csA) << 2));
      const brow = kk * rsB;
      for (let j = 0; j < n; j++) {
        const p = crow + (<usize>j << 2);
        store<f32>(p, load<f32>(p) + av * load<f32>(b + (<usize>(brow + j * csB) << 2)));
      }
    }
  }
}

/**
 * C (m x n, row-major at c) = A·B with A(i, k) = a[i·rsA + k·csA] and B(k, j) = b[k·rsB + j·csB]
 * (f32 elements). `pack` is sgemmPackBytes() bytes of workspace (unused by the scalar build).
 * C must not overlap A or B.
 */
export function sgemm(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, pack: usize): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    memory.fill(c, 0, <usize>m * <usize>n << 2);
    return;
  }
  if (ASC_FEATURE_SIMD) sgemmSimd(m, n, k, a, rsA, csA, b, rsB, csB, c, pack);
  else sgemmScalar(m, n, k, a, rsA, csA, b, rsB, csB, c);
}
