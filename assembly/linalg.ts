// Entry of the linear-algebra module (compiled separately from the sampling kernels in index.ts, so
// their fixed memory never grows). This module imports nothing; its memory starts small and grows
// on demand: call a *Reserve export first, then re-create every typed-array view on memory.buffer.
// Numbers and pointers only at the boundary.
import { householderQ, qrBytes } from "./qr";

// First byte the module may use for workspaces: above static data, 64-byte aligned.
const ARENA: usize = (__heap_base + 63) & ~<usize>63;
// Start of the transient workspaces: ARENA, or above the pinned workspace while one is held.
let transient: usize = ARENA;

/**
 * Ensures memory holds `bytes` bytes from the arena's start (growing it if needed) and returns the
 * arena's start, or 0 when the request does not fit a 32-bit memory or the engine refuses to grow.
 * Every transient workspace starts at the arena (above the pinned workspace, if one is held);
 * nothing is kept between calls.
 */
export function reserve(bytes: u32): usize {
  return reserveBytes(<u64>bytes);
}

function reserveBytes(bytes: u64): usize {
  return growTo(transient, bytes);
}

function growTo(start: usize, bytes: u64): usize {
  const end = <u64>start + bytes;
  if (end > 0xFFFF0000) return 0;
  const need = <i32>((end + 0xFFFF) >> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return 0;
  return start;
}

/**
 * Pins `bytes` bytes at the arena's start for a workspace that lives across calls (the
 * simulator's weights and activations); transient workspaces then start above it. Returns its
 * address, or 0 when one is already pinned or memory cannot grow. Memory is never shrunk.
 */
export function pin(bytes: f64): usize {
  if (transient != ARENA || bytes < 0 || bytes > 0xFFFF0000) return 0;
  const b = <u64>bytes;
  if (growTo(ARENA, b) == 0) return 0;
  transient = ARENA + <usize>((b + 63) & ~<u64>63);
  return ARENA;
}

/** Releases the pinned workspace. */
export function unpin(): void {
  transient = ARENA;
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
export { layerStats, sumSquares } from "./layer";
