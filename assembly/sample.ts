// Fills of uniform, normal and truncated-normal f32 values from Philox blocks into the scratch
// region. Block b yields outputs 4b..4b+3 (docs/stream-contract.md); the SIMD build makes four
// blocks at once in structure-of-arrays form, transforms them lane-wise and transposes on store.
import { philoxBlock, philoxSoA } from "./philox";
import { KIND_NORMAL, KIND_TRUNC_CENTRAL, KIND_U32, KIND_UNIFORM, PER_BLOCK } from "./abi";
import { logf32, sinPoly, cosPoly, qinv, qinvTail, logv, sinPolyV, cosPolyV, qinvV, qinvTailV } from "./math";

/** Scratch the JS side copies from: 1 MiB of output plus one spare group for the SIMD tail. */
export const SCRATCH_BYTES: i32 = 1 << 20;
export const SCRATCH: usize = memory.data(SCRATCH_BYTES + 64, 64);
// Raw Philox words for 256 blocks (4 KiB, stays in L1) between generation and transform.
const SUB_BLOCKS: i32 = 256;
// Bytes of one block's output (PER_BLOCK values of 4 bytes). The transforms below take the four words
// of a Philox4x32 block as four values, so PER_BLOCK is 4 by construction, not a tuning knob.
const BLOCK_BYTES: i32 = PER_BLOCK << 2;
const TMP: usize = memory.data(SUB_BLOCKS * BLOCK_BYTES, 64);

const TWO_M24: f32 = 5.9604644775390625e-8;
const ANGLE_STEP: f32 = <f32>6.283185307179586 * TWO_M24; // f32(2*pi) / 2^24, exact scaling
const HALF_TURN_Q: u32 = 0x200000; // 2^21: an eighth of a turn in 2^-24 units


// ---------------------------------------------------------------- scalar transforms

@inline function uniformS(w: u32, low: f32, span: f32): f32 {
  const u = <f32>(w >>> 8) * TWO_M24;
  return u * span + low;
}

// Box-Muller on one pair: u1 = (hi24(w0) + 1) / 2^24 in (0, 1]; angle = 2*pi*hi24(w1)/2^24, reduced
// exactly on the integer to a quadrant q and x in [-pi/4, pi/4).
@inline function boxMullerS(w0: u32, w1: u32, mean: f32, std: f32, dst: usize): void {
  const u1 = <f32>((w0 >>> 8) + 1) * TWO_M24;
  const r = sqrt<f32>(logf32(u1) * <f32>-2.0);
  const t = (w1 >>> 8) + HALF_TURN_Q;
  const q = (t >>> 22) & 3;
  const x = <f32>(<i32>(t & 0x3FFFFF) - <i32>HALF_TURN_Q) * ANGLE_STEP;
  const z = x * x;
  const s = sinPoly(x, z);
  const c = cosPoly(z);
  let cs: f32, sn: f32;
  if (q == 0) { cs = c; sn = s; } else if (q == 1) { cs = -s; sn = c; } else if (q == 2) { cs = -c; sn = -s; } else { cs = s; sn = -c; }
  store<f32>(dst, (r * cs) * std + mean);
  store<f32>(dst, (r * sn) * std + mean, 4);
}

// Truncated normal, interval reaching the centre: p_left = A + u*w and p_right = Bc + (1-u)*w with
// u = (2j+1)/2^24 never 0 or 1; invert whichever tail probability is smaller (no cancellation).
@inline function truncCentralS(w: u32, A: f32, Bc: f32, width: f32, mean: f32, std: f32, lo: f32, hi: f32): f32 {
  const j = w >>> 9;
  const u = <f32>((j << 1) + 1) * TWO_M24;
  const v = <f32>(<u32>0xFFFFFF - (j << 1)) * TWO_M24;
  const pl = A + u * width;
  const pr = Bc + v * width;
  const left = pl <= pr;
  const x = qinv(left ? pl : pr);
  const y = (left ? -x : x) * std + mean;
  return max<f32>(min<f32>(y, hi), lo);
}

// Truncated normal, interval inside one tail (alpha >= 1.5 after mirroring): log p = L + log(1 - u d)
// with L = log Q(alpha), d = 1 - Q(beta)/Q(alpha); p itself is never formed, so nothing underflows.
@inline function truncTailS(w: u32, L: f32, d: f32, sgn: f32, mean: f32, std: f32, lo: f32, hi: f32): f32 {
  const j = w >>> 9;
  const u = <f32>((j << 1) + 1) * TWO_M24;
  const t = <f32>1.0 - u * d;
  const lp = L + logf32(t);
  const x = qinvTail(sqrt<f32>(-lp)) * sgn;
  const y = x * std + mean;
  return max<f32>(min<f32>(y, hi), lo);
}

// ---------------------------------------------------------------- SIMD transforms

// V8 does not keep v128 constants in registers across a loop body this large: it rematerialises each
// use with a GPR move, movq and a shuffle (two vector uops). A load from this table costs only a
// load-port uop. Each entry is one v128 at VC + 16*index.
const VC: usize = memory.data(8 * 16, 16);
@inline function initConstants(): void {
  v128.store(VC, f32x4.splat(TWO_M24));
  v128.store(VC, i32x4.splat(1), 16);
  v128.store(VC, f32x4.splat(-2.0), 32);
  v128.store(VC, i32x4.splat(HALF_TURN_Q << 8), 48); // a quarter turn in angle-word units
  v128.store(VC, i32x4.splat(0x80000000), 64);       // f32 sign bit
  v128.store(VC, f32x4.splat(ANGLE_STEP), 80);
  v128.store(VC, i32x4.splat(0xFFFFFF), 96);
  v128.store(VC, f32x4.splat(1.0), 112);
}
@inline function vc(i: i32): v128 { return v128.load(VC + (<usize>i << 4)); }
// The fill's parameters, splatted once per call into P0..P6 and loaded where used, for the same reason.
const PV: usize = memory.data(7 * 16, 16);
@inline function pv(i: i32): v128 { return v128.load(PV + (<usize>i << 4)); }

// Every integer converted below is < 2^24 (or <= 2^24), so the signed convert gives the same f32 as
// the unsigned one; V8 has no single instruction for f32x4.convert_i32x4_u and expands it to ~8.
@inline function hi24(w: v128): v128 { return f32x4.convert_i32x4_s(i32x4.shr_u(w, 8)); }

@inline function uniformV(w: v128, low: v128, span: v128): v128 {
  return f32x4.add(f32x4.mul(f32x4.mul(hi24(w), vc(0)), span), low);
}

@inline function radiusV(w0: v128): v128 {
  const u1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(w0, 8), vc(1))), vc(0));
  return f32x4.sqrt(f32x4.mul(logv(u1), vc(2)));
}

@inline function uCentredV(w: v128): v128 {
  const j2 = i32x4.shl(i32x4.shr_u(w, 9), 1);
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(j2, vc(1))), vc(0));
}

@inline function truncCentralV(w: v128, A: v128, Bc: v128, width: v128, mean: v128, std: v128, lo: v128, hi: v128): v128 {
  const j2 = i32x4.shl(i32x4.shr_u(w, 9), 1);
  const u = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(j2, vc(1))), vc(0));
  const v = f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(vc(6), j2)), vc(0));
  const pl = f32x4.add(A, f32x4.mul(u, width));
  const pr = f32x4.add(Bc, f32x4.mul(v, width));
  const left = f32x4.le(pl, pr);
  const x = qinvV(v128.bitselect(pl, pr, left));
  const y = f32x4.add(f32x4.mul(v128.bitselect(f32x4.neg(x), x, left), std), mean);
  return f32x4.max(f32x4.min(y, hi), lo);
}

@inline function truncTailV(w: v128, L: v128, d: v128, sgn: v128, mean: v128, std: v128, lo: v128, hi: v128): v128 {
  const t = f32x4.sub(vc(7), f32x4.mul(uCentredV(w), d));
  const lp = f32x4.add(L, logv(t));
  const x = f32x4.mul(qinvTailV(f32x4.sqrt(f32x4.neg(lp))), sgn);
  const y = f32x4.add(f32x4.mul(x, std), mean);
  return f32x4.max(f32x4.min(y, hi), lo);
}

// Box-Muller on both pairs of four blocks at once: (w0, w1) -> outputs 0, 1; (w2, w3) -> 2, 3.
// Angle (as boxMullerS): with u = w1 + 2^29 (mod 2^32), the scalar's quadrant (t >>> 22) & 3 is
// u >>> 30, and its reduced integer (t & 0x3FFFFF) - 2^21 is bits 8..29 of w1 sign-extended,
// (w1 << 2) >> 10. Odd q swaps sin and cos (bit 30 of u); sin is negated for q in {2, 3} (bit 31),
// cos for q in {1, 2} (bit 31 ^ bit 30). Shifts and masks replace the compares and bitselects.
@inline function boxMullerStoreV(out: usize, w0: v128, w1: v128, w2: v128, w3: v128, mean: v128, std: v128): void {
  const ra = radiusV(w0);
  const rb = radiusV(w2);
  const ua = i32x4.add(w1, vc(3));
  const ub = i32x4.add(w3, vc(3));
  const xa = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_s(i32x4.shl(w1, 2), 10)), vc(5));
  const xb = f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_s(i32x4.shl(w3, 2), 10)), vc(5));
  const za = f32x4.mul(xa, xa);
  const zb = f32x4.mul(xb, xb);
  const sa = sinPolyV(xa, za), ca = cosPolyV(za);
  const sb = sinPolyV(xb, zb), cb = cosPolyV(zb);
  const ua2 = i32x4.shl(ua, 1);
  const ub2 = i32x4.shl(ub, 1);
  const da = v128.and(v128.xor(sa, ca), i32x4.shr_s(ua2, 31)); // sin ^ cos where swapped, else 0
  const db = v128.and(v128.xor(sb, cb), i32x4.shr_s(ub2, 31));
  const csa = v128.xor(v128.xor(ca, da), v128.and(v128.xor(ua, ua2), vc(4)));
  const sna = v128.xor(v128.xor(sa, da), v128.and(ua, vc(4)));
  const csb = v128.xor(v128.xor(cb, db), v128.and(v128.xor(ub, ub2), vc(4)));
  const snb = v128.xor(v128.xor(sb, db), v128.and(ub, vc(4)));
  storeBlocks(out,
    f32x4.add(f32x4.mul(f32x4.mul(ra, csa), std), mean), f32x4.add(f32x4.mul(f32x4.mul(ra, sna), std), mean),
    f32x4.add(f32x4.mul(f32x4.mul(rb, csb), std), mean), f32x4.add(f32x4.mul(f32x4.mul(rb, snb), std), mean));
}

// Transpose four word-vectors (lane = block) to block order and store 16 values at p.
@inline function storeBlocks(p: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<u32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<u32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<u32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<u32>(r2, r3, 2, 6, 3, 7);
  v128.store(p, v128.shuffle<u32>(t0, t2, 0, 1, 4, 5));
  v128.store(p, v128.shuffle<u32>(t0, t2, 2, 3, 6, 7), 16);
  v128.store(p, v128.shuffle<u32>(t1, t3, 0, 1, 4, 5), 32);
  v128.store(p, v128.shuffle<u32>(t1, t3, 2, 3, 6, 7), 48);
}

// ---------------------------------------------------------------- the one fill loop

/**
 * Fills nBlocks blocks (4 * nBlocks values) of `kind` into SCRATCH, starting at counter (c0..c3).
 * The caller keeps nBlocks <= SCRATCH_BYTES / 16 and c0 + nBlocks <= 2^32 (no carry inside a call).
 * p0..p7 are the kind's parameters (see index.ts).
 */
@inline export function fill(kind: i32, k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, nBlocks: i32,
  p0: f32, p1: f32, p2: f32, p3: f32, p4: f32, p5: f32, p6: f32): void {
  if (ASC_FEATURE_SIMD) {
    initConstants();
    v128.store(PV, f32x4.splat(p0)); v128.store(PV, f32x4.splat(p1), 16); v128.store(PV, f32x4.splat(p2), 32);
    v128.store(PV, f32x4.splat(p3), 48); v128.store(PV, f32x4.splat(p4), 64); v128.store(PV, f32x4.splat(p5), 80);
    v128.store(PV, f32x4.splat(p6), 96);
    for (let done = 0; done < nBlocks; done += SUB_BLOCKS) {
      const groups = (min(nBlocks - done, SUB_BLOCKS) + 3) >> 2;
      philoxSoA(k0, k1, c0 + <u32>done, c1, c2, c3, groups, TMP);
      let out = SCRATCH + <usize>done * BLOCK_BYTES;
      for (let g = 0; g < groups; g++, out += 64) {
        const src = TMP + (<usize>g << 6);
        const w0 = v128.load(src), w1 = v128.load(src, 16), w2 = v128.load(src, 32), w3 = v128.load(src, 48);
        const v0 = pv(0), v1 = pv(1), v2 = pv(2), v3 = pv(3), v4 = pv(4), v5 = pv(5), v6 = pv(6);
        if (kind == KIND_U32) {
          storeBlocks(out, w0, w1, w2, w3);
        } else if (kind == KIND_UNIFORM) {
          storeBlocks(out, uniformV(w0, v0, v1), uniformV(w1, v0, v1), uniformV(w2, v0, v1), uniformV(w3, v0, v1));
        } else if (kind == KIND_NORMAL) {
          boxMullerStoreV(out, w0, w1, w2, w3, v0, v1);
        } else if (kind == KIND_TRUNC_CENTRAL) {
          storeBlocks(out,
            truncCentralV(w0, v0, v1, v2, v3, v4, v5, v6), truncCentralV(w1, v0, v1, v2, v3, v4, v5, v6),
            truncCentralV(w2, v0, v1, v2, v3, v4, v5, v6), truncCentralV(w3, v0, v1, v2, v3, v4, v5, v6));
        } else { // KIND_TRUNC_TAIL
          storeBlocks(out,
            truncTailV(w0, v0, v1, v2, v3, v4, v5, v6), truncTailV(w1, v0, v1, v2, v3, v4, v5, v6),
            truncTailV(w2, v0, v1, v2, v3, v4, v5, v6), truncTailV(w3, v0, v1, v2, v3, v4, v5, v6));
        }
      }
    }
  } else {
    for (let b = 0; b < nBlocks; b++) {
      const out = SCRATCH + <usize>b * BLOCK_BYTES;
      philoxBlock(k0, k1, c0 + <u32>b, c1, c2, c3, TMP);
      const w0 = load<u32>(TMP), w1 = load<u32>(TMP, 4), w2 = load<u32>(TMP, 8), w3 = load<u32>(TMP, 12);
      if (kind == KIND_U32) {
        store<u32>(out, w0); store<u32>(out, w1, 4); store<u32>(out, w2, 8); store<u32>(out, w3, 12);
      } else if (kind == KIND_UNIFORM) {
        store<f32>(out, uniformS(w0, p0, p1)); store<f32>(out, uniformS(w1, p0, p1), 4);
        store<f32>(out, uniformS(w2, p0, p1), 8); store<f32>(out, uniformS(w3, p0, p1), 12);
      } else if (kind == KIND_NORMAL) {
        boxMullerS(w0, w1, p0, p1, out);
        boxMullerS(w2, w3, p0, p1, out + 8);
      } else if (kind == KIND_TRUNC_CENTRAL) {
        store<f32>(out, truncCentralS(w0, p0, p1, p2, p3, p4, p5, p6));
        store<f32>(out, truncCentralS(w1, p0, p1, p2, p3, p4, p5, p6), 4);
        store<f32>(out, truncCentralS(w2, p0, p1, p2, p3, p4, p5, p6), 8);
        store<f32>(out, truncCentralS(w3, p0, p1, p2, p3, p4, p5, p6), 12);
      } else { // KIND_TRUNC_TAIL
        store<f32>(out, truncTailS(w0, p0, p1, p2, p3, p4, p5, p6));
        store<f32>(out, truncTailS(w1, p0, p1, p2, p3, p4, p5, p6), 4);
        store<f32>(out, truncTailS(w2, p0, p1, p2, p3, p4, p5, p6), 8);
        store<f32>(out, truncTailS(w3, p0, p1, p2, p3, p4, p5, p6), 12);
      }
    }
  }
}
