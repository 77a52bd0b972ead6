// Bit-level comparison of typed arrays, for the tests that check "the same bits" (across backends,
// chunkings and positions): every element's IEEE bits, so −0 ≠ +0 and NaN payloads count.
import type { Generator } from '../../src/index.js';

/** The 32-bit words of a typed array's elements (a float64 gives two words per element). */
export const bits = (a: Float32Array | Float64Array | Uint32Array): Uint32Array =>
  new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);

/** Index of the first differing word, -1 when equal, -2 when the lengths differ. */
export function firstDifference(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Whether two float arrays hold exactly the same bits. */
export function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  return firstDifference(bits(a), bits(b)) === -1;
}

/** A draw of n values from a generator. */
export type Draw = (g: Generator, n: number) => Float32Array | Uint32Array;

/** One draw of every sampler kind, including the truncated normal's central, one-sided and tail plans. */
export const DRAWS: Record<string, Draw> = {
  uint32: (g, n) => g.uint32(n),
  uniform: (g, n) => g.uniform(n, { low: -0.3, high: 1.7 }),
  normal: (g, n) => g.normal(n, { mean: 0.25, std: 0.02 }),
  'truncatedNormal central': (g, n) => g.truncatedNormal(n, { mean: 1, std: 3, a: -0.5, b: 2.5 }),
  'truncatedNormal one-sided': (g, n) => g.truncatedNormal(n, { a: -Infinity, b: 0.3 }),
  'truncatedNormal far tail': (g, n) => g.truncatedNormal(n, { a: 5, b: 6 }),
  'truncatedNormal left tail absolute': (g, n) => g.truncatedNormal(n, { mean: 1, std: 0.5, a: -3, b: -2.75, bounds: 'absolute' }),
};
