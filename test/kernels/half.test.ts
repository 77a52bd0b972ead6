// The half-precision kernel (assembly/half.ts and its twin src/kernels/reference/half.ts): rounding
// float32 to bfloat16 / float16 patterns and the interval step give identical bits on wasm-simd,
// wasm-scalar and js — lengths that leave SIMD tails, lengths that refill the scratch several
// times, and every clamp. Correctness against an exact reference is in test/math/half.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, Generator, setBackend } from '../../src/index.js';
import { activeKernels, halfKey } from '../../src/kernels/backend.js';
import { HALF } from '../../src/kernels/abi.js';

const backends = availableBackends();
afterAll(() => setBackend(backends[0]!));

// Raw words as float32 bits: every class of pattern (NaNs, infinities, subnormals, ties) turns up.
const words = new Generator(9).uint32(200_011);
const src = new Float32Array(words.buffer);

describe.each(Object.entries(HALF))('%s', (_name, format) => {
  const keys: [number, number][] = [[-0x8000, 0x7fff], [halfKey(0xbc00), halfKey(0x3c00)], [halfKey(0x0001), halfKey(0x7bff)], [-0x10, 0x10]];
  it.each(keys)('keys [%i, %i]: the same bits on every backend', (kLo, kHi) => {
    const out = backends.map((b) => {
      setBackend(b);
      const dst = new Uint16Array(src.length);
      activeKernels().toHalf(src, dst, format, kLo, kHi);
      return dst;
    });
    for (let k = 1; k < out.length; k++) expect(Buffer.from(out[k]!.buffer).equals(Buffer.from(out[0]!.buffer)), backends[k]).toBe(true);
    // The step moves a pattern one value only (it is for values that lay inside before rounding):
    // against the unclamped rounding, no pattern moved by more than one step.
    setBackend(backends[0]!);
    const plain = new Uint16Array(src.length);
    activeKernels().toHalf(src, plain, format, -0x8000, 0x7fff);
    let moved = 0;
    for (let i = 0; i < plain.length; i++) {
      if (out[0]![i] === plain[i]) continue;
      moved++;
      expect(Math.abs(halfKey(out[0]![i]!) - halfKey(plain[i]!)) <= 1 || (plain[i]! & 0x7fff) === 0).toBe(true);
    }
    if (kLo > -0x8000) expect(moved).toBeGreaterThan(0);
  });

  it('short lengths (SIMD tails) and subarrays', () => {
    for (const n of [0, 1, 7, 8, 9, 15, 17]) {
      const part = src.subarray(5, 5 + n);
      const out = backends.map((b) => { setBackend(b); const d = new Uint16Array(n); activeKernels().toHalf(part, d, format, -0x8000, 0x7fff); return Array.from(d); });
      for (const o of out) expect(o).toEqual(out[0]);
    }
  });
});
