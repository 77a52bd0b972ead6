// Entry of the linear-algebra module (compiled separately from the sampling kernels in index.ts, so
// their fixed memory never grows). This module imports nothing; its memory starts small and grows
// on demand: call a *Reserve export first, then re-create every typed-array view on memory.buffer.
// Numbers and pointers only at the boundary.
import { householderQ, qrBytes } from "./qr";

// First byte the module may use for workspaces: above static data, 64-byte aligned.
const ARENA: usize = (__heap_base + 63) & ~<usize>63;

/**
 * Ensures memory holds `bytes` bytes from the arena's start (growing it if needed) and returns the
 * arena's start, or 0 when the request does not fit a 32-bit memory or the engine refuses to grow.
 * Every workspace of this module starts at the arena; nothing is kept between calls.
 */
export function reserve(bytes: u32): usize {
  return reserveBytes(<u64>bytes);
}

function reserveBytes(bytes: u64): usize {
  const end = <u64>ARENA + bytes;
  if (end > 0xFFFF0000) return 0;
  const need = <i32>((end + 0xFFFF) >> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return 0;
  return ARENA;
}

/**
 * Reserves A (m x n float64, column-major) plus the QR workspace; returns A's address (0 on failure).
 * The caller writes A there, then calls qrHouseholderQ.
 */
export function qrReserve(m: i32, n: i32): usize {
  return reserveBytes(qrBytes(m, n));
}

/**
 * Overwrites A (at `a`, as returned by qrReserve(m, n); m >= n >= 1) with the reduced Q of its
 * Householder QR; signFix != 0 multiplies column j by sign(R[j, j]) (sign(0) = +1).
 */
export function qrHouseholderQ(a: usize, m: i32, n: i32, signFix: i32): void {
  householderQ(a, m, n, signFix);
}

// The simulator's kernels (assembly/gemm.ts, assembly/activations.ts): f32 GEMM with strided
// operands (transposes are stride swaps) and vectorised activations with their derivatives.
export { sgemm, sgemmPackBytes } from "./gemm";
export { activate } from "./activations";
