// Row shards: initializer(shape, { rows: [r0, r1] }) is exactly that slice of the whole tensor, and
// leaves the generator where the whole call does; concatenated shards equal the whole.
import { describe, expect, test } from 'vitest';
import {
  Generator, TorchGenerator, constant, dirac, eye, getInitializer, identity, kaimingNormal, normal, ones, orthogonal, sparse,
  truncatedNormal, uniform, zeros, type InitOptions,
} from '../../src/index.js';

type Init = (shape: readonly number[], opts?: InitOptions & Record<string, unknown>) => Float32Array | Float64Array;

const cases: [string, Init, number[], Record<string, unknown>][] = [
  ['uniform', uniform as Init, [13, 7], { low: -2, high: 3 }],
  ['normal', normal as Init, [13, 7], { mean: 1, std: 0.5 }],
  ['truncatedNormal', truncatedNormal as Init, [13, 7], { a: -1, b: 3 }],
  ['truncatedNormal tail', truncatedNormal as Init, [9, 5], { a: 4, b: 6 }],
  ['kaimingNormal', kaimingNormal as Init, [11, 3, 3], {}],
  ...['varianceScaling', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal',
    'xavier_uniform', 'xavier_normal', 'kaiming_uniform'].map((id) => [id, getInitializer(id) as Init, [10, 3, 5], {}] as [string, Init, number[], Record<string, unknown>]),
  ['varianceScaling uniform fanOut tf', getInitializer('variance_scaling') as Init, [3, 5, 10], { distribution: 'uniform', mode: 'fan_out', layout: 'tf' }],
  ['zeros', zeros as Init, [6, 5], {}],
  ['ones', ones as Init, [6, 5], {}],
  ['constant', constant as Init, [6, 5], { value: 0.25 }],
  ['eye', eye as Init, [7, 5], {}],
  ['identity', identity as Init, [5, 7], { gain: 3 }],
  ['dirac', dirac as Init, [6, 3, 3, 3], { groups: 2 }],
  ['dirac tf', dirac as Init, [3, 3, 4, 6], { layout: 'tf' }],
  ['sparse', sparse as Init, [17, 9], { sparsity: 0.3 }],
  ['sparse tf', sparse as Init, [9, 17], { sparsity: 0.5, layout: 'tf' }],
  ['sparse all', sparse as Init, [6, 5], { sparsity: 1 }],
  ['1-D', normal as Init, [23], {}],
];

/** Splits [0, n) at the given cut points (some empty ranges on purpose). */
function ranges(n: number, cuts: number[]): [number, number][] {
  const points = [0, ...cuts.filter((c) => c <= n), n];
  return points.slice(1).map((p, i) => [points[i]!, p]);
}

describe.each(cases)('%s: shards concatenate to the whole', (_name, init, shape, opts) => {
  const n = shape[0]!;
  test.each([
    ['ones', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]],
    ['uneven', [3, 3, 4, 9]],
    ['one shard', []],
  ] as [string, number[]][])('cuts: %s', (_label, cuts) => {
    const g = new Generator(5).at(3);
    const whole = init(shape, { ...opts, generator: g });
    const after = g.position;
    const parts: number[] = [];
    const h = new Generator(5).at(3);
    for (const [r0, r1] of ranges(n, cuts)) {
      const start = h.position;
      const part = init(shape, { ...opts, generator: h.at(start), rows: [r0, r1] });
      parts.push(...part);
      // One shard, drawn alone, leaves the generator where the whole tensor does.
      const alone = h.at(start);
      init(shape, { ...opts, generator: alone, rows: [r0, r1] });
      expect(alone.position).toBe(after);
    }
    expect(Float32Array.from(parts)).toEqual(Float32Array.from(whole));
  });
  test('seed, dtype float64 and out work with rows', () => {
    const whole = init(shape, { ...opts, seed: 9 });
    const r: [number, number] = [1, Math.min(n, 4)];
    const per = whole.length / n;
    const slice = whole.subarray(r[0] * per, r[1] * per);
    expect(Array.from(init(shape, { ...opts, seed: 9, rows: r, dtype: 'float64' }))).toEqual(Array.from(slice));
    const out = new Float32Array((r[1] - r[0]) * per);
    expect(init(shape, { ...opts, seed: 9, rows: r, out })).toBe(out);
    expect(out).toEqual(Float32Array.from(slice));
  });
});

describe('shards: generator contract and errors', () => {
  test('an elementwise shard is the whole stream at block floor(start/4), leading values dropped', () => {
    const whole = new Generator(1).normal(13 * 7);
    const part = normal([13, 7], { generator: new Generator(1), rows: [5, 6] }); // start 35 = block 8, drop 3
    expect(part).toEqual(whole.subarray(35, 42));
    expect(part).toEqual(new Generator(1).at(8).normal(10).subarray(3));
  });
  test('the next tensor after a shard is the next tensor after the whole', () => {
    const a = new Generator(2);
    normal([10, 10], { generator: a });
    const b = new Generator(2);
    normal([10, 10], { generator: b, rows: [3, 4] });
    expect(uniform([8], { generator: b })).toEqual(uniform([8], { generator: a }));
  });
  test('errors name the argument; nothing drawn', () => {
    const g = new Generator(0);
    expect(() => normal([4, 4], { generator: g, rows: [3, 2] })).toThrow(RangeError);
    expect(() => normal([4, 4], { generator: g, rows: [0, 5] })).toThrow(/rows must satisfy/);
    expect(() => normal([4, 4], { generator: g, rows: [0.5, 2] })).toThrow(/rows\[0\]/);
    expect(() => normal([4, 4], { generator: g, rows: 2 as never })).toThrow(TypeError);
    expect(() => normal([], { generator: g, rows: [0, 0] })).toThrow(/rank 0/);
    expect(() => normal([4, 4], { generator: g, rows: [0, 2], out: new Float32Array(16) })).toThrow(/out has length 16, but rows \[0, 2\)/);
    expect(() => normal([4, 4], { generator: g, rows: [0, 2], std: -1 })).toThrow(/std/);
    expect(() => normal([4, 4], { generator: new TorchGenerator(0), rows: [0, 2] })).toThrow(/TorchGenerator/);
    expect(() => orthogonal([4, 4], { generator: g, rows: [0, 2] })).toThrow(/unknown option 'rows'/);
    expect(g.position).toBe(0n);
    const out = new Float32Array(8).fill(7);
    expect(() => normal([4, 4], { generator: g, rows: [1, 3], out, std: 0 })).toThrow(RangeError);
    expect(out.every((v) => v === 7)).toBe(true);
  });
  test('large tensor: shards of a 1000 x 1001 truncated normal', () => {
    const whole = truncatedNormal([1000, 1001], { seed: 3 });
    const parts = [[0, 333], [333, 334], [334, 1000]].map(([r0, r1]) => truncatedNormal([1000, 1001], { seed: 3, rows: [r0!, r1!] }));
    const joined = new Float32Array(whole.length);
    let at = 0;
    for (const p of parts) { joined.set(p, at); at += p.length; }
    expect(Buffer.from(joined.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
  });
});
