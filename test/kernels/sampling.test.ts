// The Philox and sampling-fill kernels (assembly/philox.ts, assembly/sample.ts and their twins):
// the block function against Random123's known answers, and every fill kind bit-identical on
// wasm-simd, wasm-scalar and js.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, setBackend, type BackendName } from '../../src/index.js';
import { philoxBlock } from '../../src/kernels/reference/philox.js';
import { bits, DRAWS, firstDifference } from '../support/bits.js';

const BACKENDS: BackendName[] = ['wasm-simd', 'wasm-scalar', 'js'];
afterAll(() => setBackend('wasm-simd'));

// Random123's known-answer vectors: name rounds CTR[4] KEY[2] EXPECTED[4].
const kat = readFileSync(new URL('../fixtures/philox4x32_10_kat.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.startsWith('philox4x32 10'))
  .map((l) => l.trim().split(/\s+/).slice(2).map((h) => parseInt(h, 16)));

const hex = (a: ArrayLike<number>) => Array.from(a, (w) => w.toString(16).padStart(8, '0')).join(' ');
const toBig = (words: number[]) => words.reduceRight((acc, w) => (acc << 32n) | BigInt(w), 0n);

describe('Philox4x32-10 known-answer vectors', () => {
  it('has the three Random123 vectors', () => expect(kat).toHaveLength(3));

  it('twin block function', () => {
    for (const v of kat) {
      const out = new Uint32Array(4);
      philoxBlock(v[4]!, v[5]!, v[0]!, v[1]!, v[2]!, v[3]!, out);
      expect(hex(out)).toBe(hex(v.slice(6)));
    }
  });

  for (const b of BACKENDS) {
    it(`Generator on ${b}: new Generator(key).at(counter).uint32(4)`, () => {
      setBackend(b);
      // The contract: key = (seed low 32, seed high 32); block b's counter = b, word 0 lowest.
      expect(hex(new Generator(0).uint32(4))).toBe(hex(kat[0]!.slice(6)));
      for (const v of kat) {
        const seed = toBig([v[4]!, v[5]!]);
        const counter = toBig(v.slice(0, 4));
        expect(hex(new Generator(seed).at(counter).uint32(4))).toBe(hex(v.slice(6)));
      }
    });
  }

  it('counter carries across all four words', () => {
    // Blocks 2^32 - 2 .. 2^32 + 1 cross the word-0 wrap; compare each with the twin.
    for (const b of BACKENDS) {
      setBackend(b);
      for (const start of [2n ** 32n - 2n, 2n ** 64n - 3n, 2n ** 128n - 2n]) {
        const got = new Generator(5).at(start).uint32(16);
        for (let i = 0; i < 4; i++) {
          const c = (start + BigInt(i)) % 2n ** 128n;
          const w = [0, 1, 2, 3].map((k) => Number((c >> BigInt(32 * k)) & 0xffffffffn));
          const want = new Uint32Array(4);
          philoxBlock(5, 0, w[0]!, w[1]!, w[2]!, w[3]!, want);
          expect(hex(got.subarray(4 * i, 4 * i + 4))).toBe(hex(want));
        }
      }
    }
  });
});


describe('same bits on every backend', () => {
  // >= 10^6 values per kind and seed, odd lengths, several seeds, a few positions.
  for (const [kind, draw] of Object.entries(DRAWS)) {
    it(kind, () => {
      for (const [seed, n, start] of [[0, 1_000_003, 0n], [42, 1_048_579, 7n], [2 ** 53 - 1, 333_331, 2n ** 32n - 1000n]] as const) {
        const results = BACKENDS.map((b) => {
          setBackend(b);
          return bits(draw(new Generator(seed).at(start), n));
        });
        expect(firstDifference(results[0]!, results[1]!)).toBe(-1);
        expect(firstDifference(results[0]!, results[2]!)).toBe(-1);
      }
    });
  }
});
