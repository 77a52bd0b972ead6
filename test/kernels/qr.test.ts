// The blocked Householder QR kernel (assembly/qr.ts and its twin src/kernels/reference/qr.ts): the
// reduced Q is bit-identical on wasm-simd, wasm-scalar and js, called directly and through
// orthogonal / deltaOrthogonal. Semantics and accuracy: test/initializers/orthogonal*.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, deltaOrthogonal, orthogonal, setBackend, type BackendName } from '../../src/index.js';
import { activeKernels } from '../../src/kernels/backend.js';
import { QR_NB } from '../../src/kernels/abi.js';
import { sameBits } from '../support/bits.js';

const BACKENDS: BackendName[] = ['wasm-simd', 'wasm-scalar', 'js'];
afterAll(() => setBackend('wasm-simd'));


describe('householderQ kernel: bit-identical across backends', () => {
  // Around one and two QR blocks (QR_NB columns), a single column, square and tall.
  const shapes = [[1, 1], [7, 1], [9, 9], [QR_NB, QR_NB], [QR_NB + 1, QR_NB + 1], [3 * QR_NB, 2 * QR_NB + 1], [200, QR_NB - 1]];
  for (const signFix of [true, false]) {
    it(`signFix ${signFix}`, () => {
      for (const [m, n] of shapes) {
        const a = Float64Array.from(new Generator(m * 1000 + n).normal(m! * n!));
        const q: Record<string, Float64Array> = {};
        for (const b of BACKENDS) {
          setBackend(b);
          q[b] = a.slice();
          activeKernels().householderQ(q[b]!, m!, n!, signFix);
        }
        expect(sameBits(q['wasm-simd']!, q['wasm-scalar']!), `${m}x${n} scalar`).toBe(true);
        expect(sameBits(q['wasm-simd']!, q.js!), `${m}x${n} js`).toBe(true);
        expect(sameBits(q.js!, a), `${m}x${n} was overwritten`).toBe(false);
      }
    });
  }
});

describe('orthogonal: bit-identical across backends', () => {
  // Odd sizes, sizes around the 32-column block, tall, wide, rank > 2.
  const shapes = [[2, 2], [5, 3], [3, 5], [37, 33], [33, 37], [64, 64], [100, 65], [65, 100], [130, 129], [70, 3, 2, 2], [300, 40]];
  for (const dtype of ['float32', 'float64'] as const) {
    it(dtype, () => {
      for (const shape of shapes) {
        const ref: Record<string, Float32Array | Float64Array> = {};
        for (const b of BACKENDS) {
          setBackend(b);
          ref[b] = orthogonal(shape, { seed: 11, dtype });
          expect(ref[b]!.length).toBe(shape.reduce((p, x) => p * x, 1));
        }
        expect(sameBits(ref['wasm-simd']!, ref['wasm-scalar']!), `${shape} scalar`).toBe(true);
        expect(sameBits(ref['wasm-simd']!, ref.js!), `${shape} js`).toBe(true);
      }
      const d: Record<string, Float32Array | Float64Array> = {};
      for (const b of BACKENDS) {
        setBackend(b);
        d[b] = deltaOrthogonal([40, 24, 3, 3], { seed: 5, dtype });
      }
      expect(sameBits(d['wasm-simd']!, d['wasm-scalar']!)).toBe(true);
      expect(sameBits(d['wasm-simd']!, d.js!)).toBe(true);
      setBackend('wasm-simd');
    });
  }
});
