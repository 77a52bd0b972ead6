// Initializers ask the sampler what it can do (src/random/types.ts) instead of testing its class:
// block positions for `rows`, parallel fill for `threads`, and an optional `orthogonal` hook.
import { describe, expect, test } from 'vitest';
import { Generator, TorchGenerator, normal, orthogonal, type Sampler } from '../../src/index.js';
import { isPositional, isSampler } from '../../src/random/types.js';

/** A sampler with only the four draws: no positions, no parallel fill, no hook. */
function plain(g: Generator): Sampler {
  return {
    uint32: (n) => g.uint32(n),
    uniform: ((n: never, o: never) => g.uniform(n, o)) as Sampler['uniform'],
    normal: ((n: never, o: never) => g.normal(n, o)) as Sampler['normal'],
    truncatedNormal: ((n: never, o: never) => g.truncatedNormal(n, o)) as Sampler['truncatedNormal'],
  };
}

describe('sampler capabilities', () => {
  test('Generator has positions and parallel fill; TorchGenerator has the orthogonal hook', () => {
    const g = new Generator(0), t = new TorchGenerator(0);
    expect(isSampler(g) && isSampler(t)).toBe(true);
    expect(isPositional(g)).toBe(true);
    expect(isPositional(t)).toBe(false);
    expect(g.parallel).toBe(true);
    expect((t as Sampler).parallel).toBeUndefined();
    expect((g as Sampler).orthogonal).toBeUndefined();
    expect(typeof t.orthogonal).toBe('function');
  });

  test('any Sampler is a generator; rows and threads ask for their capability', () => {
    expect(normal([3, 4], { generator: plain(new Generator(5)) })).toEqual(normal([3, 4], { generator: new Generator(5) }));
    expect(() => normal([4, 4], { generator: plain(new Generator(5)), rows: [0, 2] })).toThrow(/rows needs a Generator/);
    expect(() => normal([4, 4], { generator: plain(new Generator(5)), threads: 2 })).toThrow(/threads needs a Generator/);
    expect(() => normal([2], { generator: { normal: () => 0 } as never })).toThrow(/^generator must be a Generator or a TorchGenerator/);
  });

  test('orthogonal takes the hook when the sampler has one', () => {
    const viaHook = orthogonal([6, 4], { generator: new TorchGenerator(3), gain: 2 });
    expect(viaHook).toEqual(new TorchGenerator(3).orthogonal(6, 4, 2));
    const marked: Sampler = { ...plain(new Generator(1)), orthogonal: (r, c) => new Float32Array(r * c).fill(7) };
    expect([...orthogonal([2, 3], { generator: marked })]).toEqual([7, 7, 7, 7, 7, 7]);
    // Without a hook: this library's float64 QR, the same as with the Generator itself.
    expect(orthogonal([5, 3], { generator: plain(new Generator(9)) })).toEqual(orthogonal([5, 3], { generator: new Generator(9) }));
  });
});
