// The module's exports: numbers and pointers only. Outputs land in the scratch region, which the
// JS side copies out; memory is never grown, so views on it never detach.
import { fill, SCRATCH, SCRATCH_BYTES } from "./sample";
import { halfInPlace } from "./half";
import { KIND_NORMAL, KIND_TRUNC_CENTRAL, KIND_TRUNC_TAIL, KIND_U32, KIND_UNIFORM } from "./abi";

export function scratchPtr(): usize { return SCRATCH; }
export function scratchBytes(): i32 { return SCRATCH_BYTES; }

/** Raw Philox words, block order. */
export function fillU32(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, nBlocks: i32): void {
  fill(KIND_U32, k0, k1, c0, c1, c2, c3, nBlocks, 0, 0, 0, 0, 0, 0, 0);
}

/** U[0,1) from the top 24 bits of each word, then u * span + low. */
export function fillUniform(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, nBlocks: i32, low: f32, span: f32): void {
  fill(KIND_UNIFORM, k0, k1, c0, c1, c2, c3, nBlocks, low, span, 0, 0, 0, 0, 0);
}

/** Box-Muller normals, z * std + mean. */
export function fillNormal(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, nBlocks: i32, mean: f32, std: f32): void {
  fill(KIND_NORMAL, k0, k1, c0, c1, c2, c3, nBlocks, mean, std, 0, 0, 0, 0, 0);
}

/** Truncated normal by inverse CDF, interval reaching the centre (see sample.ts). */
export function fillTruncCentral(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, nBlocks: i32,
  A: f32, Bc: f32, width: f32, mean: f32, std: f32, lo: f32, hi: f32): void {
  fill(KIND_TRUNC_CENTRAL, k0, k1, c0, c1, c2, c3, nBlocks, A, Bc, width, mean, std, lo, hi);
}

/** Truncated normal by inverse CDF in log space, interval inside one tail (see sample.ts). */
export function fillTruncTail(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, nBlocks: i32,
  L: f32, d: f32, sgn: f32, mean: f32, std: f32, lo: f32, hi: f32): void {
  fill(KIND_TRUNC_TAIL, k0, k1, c0, c1, c2, c3, nBlocks, L, d, sgn, mean, std, lo, hi);
}

/** The n float32 at the scratch start rounded to bfloat16/float16 patterns in place, kept within keys [kLo, kHi] (see half.ts). */
export function toHalf(format: i32, n: i32, kLo: i32, kHi: i32): void {
  halfInPlace(format, n, kLo, kHi);
}
