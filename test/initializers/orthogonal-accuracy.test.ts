// Orthogonality of orthogonal(): max |W Wᵀ − I| (wide) or |Wᵀ W − I| (tall), computed here in
// float64 from the returned values, independently of the library's kernels.
import { afterAll, describe, expect, it } from 'vitest';
import { orthogonal, setBackend } from '../../src/index.js';

afterAll(() => setBackend('wasm-simd'));

function dot(v: Float64Array, oa: number, ob: number, len: number): number {
  let s0 = 0, s1 = 0, r = 0;
  for (; r + 1 < len; r += 2) {
    s0 += v[oa + r]! * v[ob + r]!;
    s1 += v[oa + r + 1]! * v[ob + r + 1]!;
  }
  if (r < len) s0 += v[oa + r]! * v[ob + r]!;
  return s0 + s1;
}

// (No closures over v or len in here: captured variables live in a context object and make the
// inner loop several times slower.)
/** max |G − I| where G is the Gram matrix of the orthonormal direction of a rows x cols row-major W. */
function orthogonalityError(w: ArrayLike<number>, rows: number, cols: number): number {
  const wide = rows <= cols;
  const k = wide ? rows : cols, len = wide ? cols : rows;
  // Vectors to test, contiguous: the rows (wide) or the columns (tall) of W.
  const v = new Float64Array(k * len);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) v[wide ? i * cols + j : j * rows + i] = w[i * cols + j]!;
  }
  let err = 0;
  // Pairs (a, a + 1) against pairs (b, b + 1), b < a, in panels of 32 b-vectors that stay in L2.
  for (let b0 = 0; b0 < k - 1; b0 += 32) {
    for (let a = b0 + 2; a + 1 < k; a += 2) {
      const oa = a * len, oa1 = oa + len;
      for (let b = b0; b < Math.min(b0 + 32, a); b += 2) {
        const ob = b * len, ob1 = ob + len;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (let r = 0; r < len; r++) {
          const x0 = v[oa + r]!, x1 = v[oa1 + r]!, y0 = v[ob + r]!, y1 = v[ob1 + r]!;
          s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
        }
        err = Math.max(err, Math.abs(s00), Math.abs(s01), Math.abs(s10), Math.abs(s11));
      }
    }
  }
  // The 2 x 2 diagonal blocks, and the last vector when k is odd.
  for (let a = 0; a + 1 < k; a += 2) {
    const oa = a * len, oa1 = oa + len;
    err = Math.max(err, Math.abs(dot(v, oa, oa, len) - 1), Math.abs(dot(v, oa1, oa, len)), Math.abs(dot(v, oa1, oa1, len) - 1));
  }
  if (k % 2 === 1) for (let b = 0; b < k; b++) err = Math.max(err, Math.abs(dot(v, (k - 1) * len, b * len, len) - (b === k - 1 ? 1 : 0)));
  return err;
}

/** Entries where the float32 result is not the float64 result rounded (a loop: toEqual on 4M elements takes seconds). */
function roundingMismatches(w32: Float32Array, w64: Float64Array): number {
  let bad = 0;
  for (let i = 0; i < w32.length; i++) if (w32[i] !== Math.fround(w64[i]!)) bad++;
  return bad + Math.abs(w32.length - w64.length);
}

const SHAPES: number[][] = [[64, 64], [512, 512], [1000, 300], [300, 1000], [64, 3, 3, 3], [257, 100], [33, 33]];

describe('orthogonal: orthogonality', () => {
  setBackend('wasm-simd');
  for (const shape of SHAPES) {
    const rows = shape[0]!, cols = shape.slice(1).reduce((a, b) => a * b, 1);
    it(`[${shape.join(', ')}] float32 <= 1e-5, float64 <= 1e-12`, () => {
      const w32 = orthogonal(shape, { seed: 7 });
      const w64 = orthogonal(shape, { seed: 7, dtype: 'float64' });
      expect(w32).toBeInstanceOf(Float32Array);
      expect(w64).toBeInstanceOf(Float64Array);
      expect(orthogonalityError(w32, rows, cols)).toBeLessThanOrEqual(1e-5);
      expect(orthogonalityError(w64, rows, cols)).toBeLessThanOrEqual(1e-12);
      // float32 is the float64 result rounded once.
      expect(roundingMismatches(w32, w64)).toBe(0);
    });
  }

  it('[2048, 2048]: float64 <= 1e-12; float32 (the float64 result rounded) <= 1e-5', () => {
    const w64 = orthogonal([2048, 2048], { seed: 2048, dtype: 'float64' });
    const w32 = orthogonal([2048, 2048], { seed: 2048 });
    expect(roundingMismatches(w32, w64)).toBe(0);
    expect(orthogonalityError(w32, 2048, 2048)).toBeLessThanOrEqual(1e-5);
    expect(orthogonalityError(w64, 2048, 2048)).toBeLessThanOrEqual(1e-12);
  });

  it('scalar and js backends meet the same bounds ([200, 90], [90, 200])', () => {
    for (const b of ['wasm-scalar', 'js'] as const) {
      setBackend(b);
      expect(orthogonalityError(orthogonal([200, 90], { seed: 1, dtype: 'float64' }), 200, 90)).toBeLessThanOrEqual(1e-12);
      expect(orthogonalityError(orthogonal([90, 200], { seed: 1 }), 90, 200)).toBeLessThanOrEqual(1e-5);
    }
    setBackend('wasm-simd');
  });
});
