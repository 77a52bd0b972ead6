// The SGEMM kernel (assembly/gemm.ts and its twin src/kernels/reference/gemm.ts) gives identical
// bits on wasm-simd, wasm-scalar and js, for every stride pattern and edge size, close to float64.
import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, Generator, setBackend } from '../../src/index.js';
import { activeKernels } from '../../src/kernels/backend.js';

const backends = availableBackends();
afterAll(() => setBackend(backends[0]!));

function onEach<T>(fn: () => T): T[] {
  return backends.map((b) => { setBackend(b); return fn(); });
}

describe('sgemm', () => {
  const cases: [number, number, number, boolean, boolean][] = [
    [1, 1, 1, false, false], [5, 3, 7, false, false], [37, 29, 300, false, false], [37, 29, 300, true, false],
    [64, 520, 260, false, false], [64, 40, 33, true, true], [130, 9, 513, false, true], [8, 16, 0, false, false],
  ];
  for (const [m, n, k, transA, transB] of cases) {
    it(`${m}x${k} · ${k}x${n}${transA ? ' (Aᵀ)' : ''}${transB ? ' (Bᵀ)' : ''} is bit-identical on ${backends.join(', ')} and close to float64`, () => {
      const a = new Generator(1).normal(m * k), b = new Generator(2).normal(k * n);
      const [rsA, csA] = transA ? [1, m] : [k, 1];
      const [rsB, csB] = transB ? [1, k] : [n, 1];
      const outs = onEach(() => { const c = new Float32Array(m * n).fill(NaN); activeKernels().sgemm(m, n, k, a, rsA, csA, b, rsB, csB, c); return c; });
      for (const c of outs.slice(1)) expect(new Uint32Array(c.buffer)).toEqual(new Uint32Array(outs[0]!.buffer));
      const c = outs[0]!;
      for (let i = 0; i < m; i += Math.max(1, m >> 3)) for (let j = 0; j < n; j += Math.max(1, n >> 3)) {
        let s = 0;
        for (let kk = 0; kk < k; kk++) s += a[i * rsA + kk * csA]! * b[kk * rsB + j * csB]!;
        expect(Math.abs(c[i * n + j]! - s)).toBeLessThan(1e-5 * Math.sqrt(k + 1) * 4);
      }
    });
  }
});
