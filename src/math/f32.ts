// float32 rounding helpers for bounds: the kernels compare in f32, so a bound must be the f32
// value on the correct side of the double the user gave.
import { F32 as F, I32 as I } from './bits.js';

/** Largest float32 magnitude. */
export const F32_MAX = 3.4028234663852886e38;

/** The smallest float32 >= x (x finite or infinite). */
export function f32Up(x: number): number {
  const r = Math.fround(x);
  if (r >= x) return r;
  return nextF32(r, 1);
}

/** The largest float32 <= x. */
export function f32Down(x: number): number {
  const r = Math.fround(x);
  if (r <= x) return r;
  return nextF32(r, -1);
}

function nextF32(r: number, dir: 1 | -1): number {
  if (r === 0) return dir * 1.401298464324817e-45;
  F[0] = r;
  // Moving away from zero adds one to the magnitude's bits; towards zero subtracts one.
  I[0]! += (r > 0) === (dir > 0) ? 1 : -1;
  return F[0]!;
}

/**
 * fma(a, b, c) rounded once to float32, for float32 a, b, c (PyTorch's CPU kernels are compiled
 * with FMA contraction, so many of its `x * y + z` round once). a·b is exact in double (48 bits);
 * s = a·b + c rounds once more, so the rare double rounding is undone: when s is exactly halfway
 * between two float32 values, the exact error of the double sum (TwoSum) says which side the true
 * value lies on. (Only a halfway s can round differently: float32 midpoints are doubles.)
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s) return r;
  const bp = s - c;
  const e = (p - bp) + (c - (s - bp)); // exact: p + c = s + e
  if (e === 0) return r;
  const lo = f32Down(s), hi = f32Up(s);
  if (s !== (lo + hi) / 2) return r;
  return e > 0 ? hi : lo;
}
