// Slices of any shape and flat ranges: initializer(shape, { slice }) / ({ range }) is exactly that
// sub-block / sub-range of the whole tensor, on every backend, and leaves the generator where the
// whole call does. Unsupported initializers and bad bounds are errors that name the option.
import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  Generator, TorchGenerator, constant, deltaOrthogonal, dirac, eye, getInitializer, identity, normal, orthogonal, setBackend,
  sparse, truncatedNormal, uniform, type BackendName, type InitOptions, type PositionalSampler,
} from '../../src/index.js';

type Init = (shape: readonly number[], opts?: InitOptions & Record<string, unknown>) => Float32Array | Float64Array;
const BACKENDS: BackendName[] = ['wasm-simd', 'wasm-scalar', 'js'];
afterAll(() => setBackend('wasm-simd'));

// Every sliceable elementwise initializer, by rank range (fan-based ones need rank >= 2).
const any: [string, Init, Record<string, unknown>][] = [
  ['uniform', uniform as Init, { low: -2, high: 3 }],
  ['normal', normal as Init, { mean: 1, std: 0.5 }],
  ['truncatedNormal', truncatedNormal as Init, { a: -1, b: 3 }],
  ['zeros', getInitializer('zeros') as Init, {}],
  ['ones', getInitializer('ones') as Init, {}],
  ['constant', constant as Init, { value: 0.25 }],
];
const fanBased: [string, Init, Record<string, unknown>][] = [
  ['varianceScaling', getInitializer('variance_scaling') as Init, { distribution: 'uniform', mode: 'fan_avg', layout: 'tf' }],
  ...['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_uniform', 'lecun_normal',
    'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal'].map((id) => [id, getInitializer(id) as Init, {}] as [string, Init, Record<string, unknown>]),
];

/** The row-major sub-block of `whole` (shape `dims`) given by `bounds` (missing trailing dims whole). */
function subBlock(whole: ArrayLike<number>, dims: number[], bounds: [number, number][]): number[] {
  const b = dims.map((d, k) => bounds[k] ?? [0, d]);
  const out: number[] = [];
  const walk = (k: number, base: number) => {
    if (k === dims.length) { out.push(whole[base]!); return; }
    for (let i = b[k]![0]; i < b[k]![1]; i++) walk(k + 1, base * dims[k]! + i);
  };
  walk(0, 0);
  return out;
}

const dims = (minRank: number) => fc.array(fc.integer({ min: 0, max: 6 }), { minLength: minRank, maxLength: 4 });
const sliceOf = (d: number[]) => fc.integer({ min: 0, max: d.length }).chain((r) =>
  fc.tuple(...d.slice(0, r).map((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]))));
const sizeOf = (d: number[]) => d.reduce((a, b) => a * b, 1);

describe.each(BACKENDS)('backend %s', (b) => {
  test.each([...any.map((c) => [...c, 1] as const), ...fanBased.map((c) => [...c, 2] as const)])('%s: slice and range are the sub-block', (_n, init, opts, minRank) => {
    setBackend(b);
    fc.assert(fc.property(dims(minRank).chain((d) => fc.tuple(fc.constant(d), sliceOf(d),
      fc.tuple(fc.integer({ min: 0, max: sizeOf(d) }), fc.integer({ min: 0, max: sizeOf(d) })), fc.integer({ min: 0, max: 7 }))),
    ([d, bounds, [i, j], at]) => {
      const g = new Generator(11).at(at);
      const whole = init(d, { ...opts, generator: g });
      const after = g.position;
      const h = new Generator(11).at(at);
      const part = init(d, { ...opts, generator: h, slice: bounds });
      expect(Array.from(part)).toEqual(subBlock(whole, d, bounds));
      expect(h.position).toBe(after);
      const [i0, i1] = [Math.min(i, j), Math.max(i, j)];
      const flat = init(d, { ...opts, generator: new Generator(11).at(at), range: [i0, i1], dtype: 'float64' });
      expect(flat).toBeInstanceOf(Float64Array);
      expect(Array.from(flat)).toEqual(Array.from(whole.subarray(i0, i1)));
    }), { numRuns: 40 });
  });
});

describe.each(BACKENDS)('gathered draws (backend %s)', (b) => {
  // A column slice is one gathered draw (Generator.gather): its block counters are advanced in
  // float64 words, so check them where the counter's words carry and where the stream wraps 2^128.
  test.each([0n, 2n ** 32n - 3n, 2n ** 64n - 2n, 2n ** 96n - 1n, 2n ** 128n - 5n])('at block %s the runs are the sub-block', (at) => {
    setBackend(b);
    const d = [9, 23];
    const bounds: [number, number][] = [[1, 8], [3, 21]];
    for (const [name, init, opts] of [...any, ...fanBased.slice(0, 2)]) {
      const whole = init(d, { ...opts, generator: new Generator(5).at(at) });
      const part = init(d, { ...opts, generator: new Generator(5).at(at), slice: bounds, dtype: 'float64' });
      expect(Array.from(part), name).toEqual(subBlock(whole, d, bounds));
    }
    // Runs longer than a backend's scratch (js: 4096 values) are made in several spans.
    const words = new Generator(5).at(at).uint32(6000);
    const g = new Generator(5).at(at).gather((visit) => { visit(3, 0, 10); visit(40, 10, 2); visit(101, 12, 5800); });
    expect(Array.from(g.uint32(5812))).toEqual([...words.subarray(3, 13), ...words.subarray(40, 42), ...words.subarray(101, 5901)]);
  });
});

describe('slice shapes from the field', () => {
  test('column-parallel (rows) and row-parallel (columns) linears, fused QKV, an expert, an FSDP chunk', () => {
    const he = getInitializer('he_normal') as Init;
    const w = he([8, 12], { seed: 3 });
    expect(Array.from(he([8, 12], { seed: 3, rows: [4, 8] }))).toEqual(Array.from(w.subarray(48, 96)));
    expect(Array.from(he([8, 12], { seed: 3, slice: [[0, 8], [6, 12]] }))).toEqual(subBlock(w, [8, 12], [[0, 8], [6, 12]]));
    const qkv = normal([3 * 6, 5], { seed: 1 }); // [q; k; v] stacked on rows
    expect(Array.from(normal([18, 5], { seed: 1, slice: [[6, 12]] }))).toEqual(Array.from(qkv.subarray(30, 60)));
    const moe = uniform([4, 3, 5], { seed: 2 });
    expect(Array.from(uniform([4, 3, 5], { seed: 2, slice: [[2, 3]] }))).toEqual(Array.from(moe.subarray(30, 45)));
    expect(Array.from(uniform([4, 3, 5], { seed: 2, range: [7, 29] }))).toEqual(Array.from(moe.subarray(7, 29)));
  });

  test('a column slice draws only its own rows\' blocks (threads and out work too)', () => {
    const whole = normal([64, 4099], { seed: 9 });
    const out = new Float32Array(64 * 3);
    const part = normal([64, 4099], { seed: 9, slice: [[0, 64], [4095, 4098]], out, threads: 2 });
    expect(part).toBe(out);
    expect(Array.from(part)).toEqual(subBlock(whole, [64, 4099], [[0, 64], [4095, 4098]]));
  });

  test('cost is the slice\'s: a column slice draws only its rows\' blocks around the columns', () => {
    let drawn = 0;
    // A positional sampler that counts the values every stream reached through it draws.
    const counting = (g: Generator): PositionalSampler => ({
      get position() { return g.position; },
      at: (block) => counting(g.at(block)),
      skip(blocks) { g.skip(blocks); return this; },
      clone: () => counting(g.clone()),
      uint32: (n) => { const r = g.uint32(n as never); drawn += r.length; return r; },
      uniform: ((n: never, o?: object) => { const r = g.uniform(n, o); drawn += r.length; return r; }) as PositionalSampler['uniform'],
      normal: ((n: never, o?: object) => { const r = g.normal(n, o); drawn += r.length; return r; }) as PositionalSampler['normal'],
      truncatedNormal: ((n: never, o?: object) => { const r = g.truncatedNormal(n, o); drawn += r.length; return r; }) as PositionalSampler['truncatedNormal'],
    });
    const whole = normal([64, 1001], { seed: 8 });
    const part = normal([64, 1001], { generator: counting(new Generator(8)), slice: [[0, 64], [10, 13]] });
    expect(Array.from(part)).toEqual(subBlock(whole, [64, 1001], [[0, 64], [10, 13]]));
    expect(drawn).toBeLessThanOrEqual(64 * (3 + 4)); // each run: at most its head block plus its own values
  });

  test('eye, identity, dirac place their non-zeros in any slice or range', () => {
    const cases: [Init, number[], Record<string, unknown>][] = [
      [eye as Init, [7, 5], {}], [identity as Init, [5, 7], { gain: 3 }],
      [dirac as Init, [6, 3, 3, 3], { groups: 2 }], [dirac as Init, [3, 3, 4, 6], { layout: 'tf' }],
    ];
    for (const [init, d, opts] of cases) {
      const whole = init(d, opts);
      const bounds: [number, number][] = d.map((n) => [1, n - 1]);
      expect(Array.from(init(d, { ...opts, slice: bounds }))).toEqual(subBlock(whole, d, bounds));
      expect(Array.from(init(d, { ...opts, range: [3, 20] }))).toEqual(Array.from(whole.subarray(3, 20)));
    }
  });

  test('sparse: rows and range (flat runs) yes, a column slice is a RangeError saying why', () => {
    for (const layout of ['torch', 'tf'] as const) {
      const whole = sparse([9, 17], { seed: 4, sparsity: 0.4, layout });
      expect(Array.from(sparse([9, 17], { seed: 4, sparsity: 0.4, layout, range: [20, 101] }))).toEqual(Array.from(whole.subarray(20, 101)));
      expect(Array.from(sparse([9, 17], { seed: 4, sparsity: 0.4, layout, slice: [[3, 4], [2, 9]] }))).toEqual(Array.from(whole.subarray(53, 60)));
    }
    expect(() => sparse([9, 17], { seed: 4, sparsity: 0.4, slice: [[0, 9], [2, 9]] })).toThrow(/sparse takes rows, range/);
  });
});

describe('errors name the option; nothing is written; the next call works', () => {
  test('bad selections', () => {
    const g = new Generator(0);
    const out = new Float32Array(4).fill(7);
    const bad: [Record<string, unknown>, RegExp, ErrorConstructor][] = [
      [{ slice: [[0, 1], [0, 1], [0, 1]] }, /slice has 3 pairs but shape \[4, 4\] has rank 2/, RangeError],
      [{ slice: [[0.5, 1]] }, /slice\[0\]\[0\]/, RangeError],
      [{ slice: [[-1, 1]] }, /slice\[0\]\[0\]/, RangeError],
      [{ slice: [[3, 1]] }, /slice\[0\] must satisfy 0 <= start <= end <= shape\[0\] = 4/, RangeError],
      [{ slice: [[0, 4], [0, 5]] }, /slice\[1\] must satisfy/, RangeError],
      [{ slice: [5] }, /slice\[0\] must be a pair/, TypeError],
      [{ slice: 3 }, /slice must be an array/, TypeError],
      [{ range: [0, 17] }, /range must satisfy 0 <= start <= end <= the size = 16/, RangeError],
      [{ range: [3, 2] }, /range must satisfy/, RangeError],
      [{ range: [0, '2'] }, /range\[1\]/, TypeError],
      [{ rows: [0, 1], range: [0, 4] }, /at most one of rows, slice and range/, TypeError],
      [{ slice: [[0, 1], [0, 2]], out: new Float32Array(3) }, /out has length 3, but slice \[\[0, 1\], \[0, 2\]\] of shape \[4, 4\] has 2 elements/, RangeError],
    ];
    for (const [o, msg, type] of bad) {
      expect(() => normal([4, 4], { generator: g, out, ...o } as never)).toThrow(msg);
      expect(() => normal([4, 4], { generator: g, out, ...o } as never)).toThrow(type);
    }
    expect(g.position).toBe(0n);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
    expect(() => normal([4, 4], { generator: new TorchGenerator(0), slice: [[0, 2]] })).toThrow(/slice needs a Generator/);
    expect(Array.from(normal([4, 4], { generator: g, slice: [[0, 2], [1, 3]], out }))).toEqual(subBlock(normal([4, 4], { seed: 0 }), [4, 4], [[0, 2], [1, 3]]));
  });

  test('orthogonal and deltaOrthogonal refuse with a RangeError saying why', () => {
    for (const o of [{ rows: [0, 2] }, { slice: [[0, 2]] }, { range: [0, 3] }]) {
      expect(() => orthogonal([4, 4], o as never)).toThrow(RangeError);
      expect(() => orthogonal([4, 4], o as never)).toThrow(/needs the whole QR, slice the result/);
      expect(() => deltaOrthogonal([4, 4, 3], o as never)).toThrow(/deltaOrthogonal: it needs the whole QR/);
    }
  });
});
