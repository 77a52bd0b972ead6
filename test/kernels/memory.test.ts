import { describe, expect, it } from 'vitest';
import { Generator, setBackend } from '../../src/index.js';
import { wasmMemoryBytes } from '../../src/kernels/backend.js';

describe('memory', () => {
  for (const b of ['wasm-simd', 'wasm-scalar'] as const) {
    it(`${b}: a 2^26-element fill streams through scratch and never grows memory`, () => {
      setBackend(b);
      const before = wasmMemoryBytes();
      expect(before).toBeLessThanOrEqual(4 << 20);
      const out = new Float32Array(1 << 26);
      new Generator(1).normal(out);
      new Generator(1).truncatedNormal(out.subarray(0, 1 << 24));
      expect(wasmMemoryBytes()).toBe(before);
      // The tail of the big array was written and agrees with a positioned generator.
      expect(out[(1 << 26) - 1]).toBe(new Generator(1).at((1 << 24) - 1).normal(4)[3]);
    });
  }
});
