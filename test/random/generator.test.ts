import { afterAll, describe, expect, it } from 'vitest';
import { Generator, setBackend, backend, init, initSync, availableBackends, type BackendName } from '../../src/index.js';
import { bits, DRAWS, firstDifference } from '../support/bits.js';

const BACKENDS: BackendName[] = ['wasm-simd', 'wasm-scalar', 'js'];
afterAll(() => setBackend('wasm-simd'));


describe('backends', () => {
  it('init() is idempotent and resolves to the fastest backend', async () => {
    const p1 = init();
    const p2 = init();
    expect(await p1).toBe(await p2);
    expect(initSync()).toBe(backend());
    expect(availableBackends()).toEqual(BACKENDS); // Node 20 has WASM SIMD
  });

  it('setBackend rejects unknown names and leaves the active backend alone', () => {
    setBackend('wasm-scalar');
    expect(() => setBackend('gpu' as BackendName)).toThrow(TypeError);
    expect(() => setBackend('gpu' as BackendName)).toThrow(/name must be one of/);
    expect(backend()).toBe('wasm-scalar');
  });
});

describe('stream contract', () => {
  it('splitting a request into multiples of 4 gives the same values, on every backend', () => {
    for (const b of BACKENDS) {
      setBackend(b);
      for (const [kind, draw] of Object.entries(DRAWS)) {
        const whole = bits(draw(new Generator(9), 4 * 70_001 + 3));
        const g = new Generator(9);
        const parts = [4 * 1, 4 * 65_535, 4 * 3, 4 * 4_462 + 3].map((n) => bits(draw(g, n)));
        const joined = new Uint32Array(whole.length);
        let off = 0;
        for (const p of parts) { joined.set(p, off); off += p.length; }
        expect(firstDifference(whole, joined), `${b} ${kind}`).toBe(-1);
      }
    }
  });

  it('a call for n values consumes ceil(n / 4) blocks; at(position) resumes exactly', () => {
    const g = new Generator(3);
    g.normal(5);
    expect(g.position).toBe(2n);
    g.uniform(8);
    expect(g.position).toBe(4n);
    g.uint32(0);
    expect(g.position).toBe(4n);
    const next = g.at(g.position).normal(10);
    expect(Array.from(g.normal(10))).toEqual(Array.from(next));
    // Any slice is reproducible on its own: values 4k.. of a stream are block k onwards.
    const all = new Generator(3).normal(400);
    expect(Array.from(new Generator(3).at(37).normal(40))).toEqual(Array.from(all.subarray(148, 188)));
  });

  it('a Float64Array receives the float32 stream widened exactly', () => {
    for (const [kind, draw] of Object.entries(DRAWS)) {
      if (kind === 'uint32') continue;
      const f32 = draw(new Generator(11), 1001) as Float32Array;
      const f64 = new Float64Array(1001);
      const g = new Generator(11);
      if (kind === 'uniform') g.uniform(f64, { low: -0.3, high: 1.7 });
      else if (kind === 'normal') g.normal(f64, { mean: 0.25, std: 0.02 });
      else continue;
      expect(Array.from(f64)).toEqual(Array.from(f32));
    }
  });

  it('seed 0 is a seed like any other; bigint and number seeds agree', () => {
    expect(Array.from(new Generator(0).uint32(8))).not.toEqual(Array.from(new Generator(1).uint32(8)));
    expect(Array.from(new Generator(12345n).normal(8))).toEqual(Array.from(new Generator(12345).normal(8)));
    expect(new Generator(2n ** 64n - 1n).key).toEqual([0xffffffff, 0xffffffff]);
    expect(new Generator(2 ** 32 + 5).key).toEqual([5, 1]);
  });
});

describe('fork', () => {
  it('same label -> same stream; different labels, parents or types -> different streams', () => {
    const root = new Generator(0);
    const a = root.fork('layer1.weight').uint32(8);
    expect(Array.from(new Generator(0).fork('layer1.weight').uint32(8))).toEqual(Array.from(a));
    const others = [root.fork('layer1.bias'), root.fork(''), root.fork(1), root.fork('1'), new Generator(1).fork('layer1.weight'),
      root.fork('layer1.weight').fork('layer1.weight')];
    const seen = new Set([a.join()]);
    for (const g of others) seen.add(g.uint32(8).join());
    expect(seen.size).toBe(others.length + 1);
  });

  it('does not depend on or move the parent position', () => {
    const g = new Generator(5);
    const before = g.fork('w').normal(4);
    g.normal(100);
    expect(g.position).toBe(25n);
    expect(Array.from(g.fork('w').normal(4))).toEqual(Array.from(before));
    expect(g.fork('w').position).toBe(0n);
  });

  it('children look independent: correlation of 2^16 uniforms from neighbouring labels is within 5 SE of 0', () => {
    const root = new Generator(77);
    const n = 1 << 16;
    for (const [x, y] of [['w0', 'w1'], ['a', 'b'], [0, 1]] as const) {
      const u = root.fork(x).uniform(n), v = root.fork(y).uniform(n);
      let s = 0;
      for (let i = 0; i < n; i++) s += (u[i]! - 0.5) * (v[i]! - 0.5);
      const corr = s / n / (1 / 12);
      expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(n));
    }
  });
});

describe('bad input', () => {
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['seed -1', () => new Generator(-1), RangeError, /seed/],
    ['seed 1.5', () => new Generator(1.5), RangeError, /seed/],
    ['seed NaN', () => new Generator(NaN), RangeError, /seed/],
    ['seed 2^64', () => new Generator(2n ** 64n), RangeError, /seed/],
    ['seed 2^53', () => new Generator(2 ** 53), RangeError, /seed/],
    ['seed string', () => new Generator('1' as unknown as number), TypeError, /seed/],
    ['n negative', () => new Generator(0).normal(-1), RangeError, /\bn\b/],
    ['n fractional', () => new Generator(0).uniform(2.5), RangeError, /\bn\b/],
    ['std 0', () => new Generator(0).normal(4, { std: 0 }), RangeError, /std/],
    ['std negative', () => new Generator(0).normal(4, { std: -1 }), RangeError, /std/],
    ['std NaN', () => new Generator(0).normal(4, { std: NaN }), RangeError, /std/],
    ['mean Infinity', () => new Generator(0).normal(4, { mean: Infinity }), RangeError, /mean/],
    ['a >= b', () => new Generator(0).truncatedNormal(4, { a: 1, b: 1 }), RangeError, /a must be < b/],
    ['a NaN', () => new Generator(0).truncatedNormal(4, { a: NaN }), RangeError, /\ba\b/],
    ['bounds unknown', () => new Generator(0).truncatedNormal(4, { bounds: 'values' as 'sigma' }), TypeError, /bounds/],
    ['beyond 37 sigma', () => new Generator(0).truncatedNormal(4, { a: 40, b: 41 }), RangeError, /37 standard deviations/],
    ['empty float32 interval', () => new Generator(0).truncatedNormal(4, { a: 0.1, b: 0.1 + 1e-17, bounds: 'absolute' }), RangeError, /no float32/],
    ['low >= high', () => new Generator(0).uniform(4, { low: 1, high: 0 }), RangeError, /low must be < high/],
    ['uniform overflow', () => new Generator(0).uniform(4, { low: -3e38, high: 3e38 }), RangeError, /float32/],
    ['out Int32Array', () => new Generator(0).normal(new Int32Array(4) as unknown as Float32Array), TypeError, /out must be/],
    ['out Float32Array for uint32', () => new Generator(0).uint32(new Float32Array(4) as unknown as Uint32Array), TypeError, /out must be/],
    ['unknown option', () => new Generator(0).normal(4, { stddev: 2 } as never), TypeError, /unknown option 'stddev'/],
    ['fork label object', () => new Generator(0).fork({} as unknown as string), TypeError, /label/],
    ['at negative', () => new Generator(0).at(-1), RangeError, /block/],
    ['at 2^128', () => new Generator(0).at(2n ** 128n), RangeError, /block/],
  ];
  for (const [name, call, type, message] of cases) {
    it(name, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }

  it('a failed call leaves the generator and the output untouched, and the next call is right', () => {
    const g = new Generator(21);
    g.normal(6);
    const out = new Float32Array(8).fill(7);
    expect(() => g.normal(out, { std: -2 })).toThrow(RangeError);
    expect(() => g.truncatedNormal(out, { a: 3, b: 2 })).toThrow(RangeError);
    expect(() => g.uniform(out, { low: NaN })).toThrow(RangeError);
    expect(Array.from(out)).toEqual(new Array(8).fill(7));
    expect(g.position).toBe(2n);
    const reference = new Generator(21);
    reference.normal(6);
    expect(Array.from(g.normal(out))).toEqual(Array.from(reference.normal(8)));
  });
});
