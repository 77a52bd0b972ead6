// The initializer API: common options, dtype, the default generator, sparse, constants,
// getInitializer, torchDefaults, and the error contract (argument named, nothing drawn).
import { describe, expect, test } from 'vitest';
import { Generator } from '../../src/random/generator.js';
import { defaultGenerator, manualSeed } from '../../src/random/default-generator.js';
import * as api from '../../src/index.js';
import {
  constant, eye, getInitializer, glorotNormal, heNormal, identity, kaimingNormal, kaimingUniform, normal, ones,
  registerInitializer, sparse, torchDefaults, truncatedNormal, uniform, varianceScaling, xavierUniform, zeros,
  type Initializer,
} from '../../src/initializers/index.js';
import { maxAbs, secondMoment } from '../support/init-moments.js';

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => Object.is(v, -0) ? '-0' : String(v));

describe('common options', () => {
  test('seed gives a fresh generator: same seed, same values; generator continues its stream', () => {
    const a = kaimingNormal([8, 4], { seed: 7 });
    expect(bits(kaimingNormal([8, 4], { seed: 7 }))).toEqual(bits(a));
    const g = new Generator(7);
    expect(bits(kaimingNormal([8, 4], { generator: g }))).toEqual(bits(a));
    expect(g.position).toBe(8n); // 32 values = 8 Philox blocks
    expect(bits(kaimingNormal([8, 4], { generator: g }))).not.toEqual(bits(a));
  });
  test('float64 holds exactly the float32 values', () => {
    for (const f of [kaimingNormal, xavierUniform, glorotNormal, normal, uniform, truncatedNormal] as Initializer[]) {
      const a = f([16, 9], { seed: 3 });
      const b = f([16, 9], { seed: 3, dtype: 'float64' });
      expect(a).toBeInstanceOf(Float32Array);
      expect(b).toBeInstanceOf(Float64Array);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    expect(Array.from(constant([3], { value: 0.1, dtype: 'float64' }))).toEqual(Array.from(constant([3], { value: 0.1 })));
  });
  test('out is filled in place and returned; its type decides the dtype', () => {
    const out = new Float64Array(12);
    const r = heNormal([3, 4], { seed: 1, out });
    expect(r).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(heNormal([3, 4], { seed: 1 })));
    const z = new Float32Array(6).fill(5);
    expect(zeros([2, 3], { out: z })).toBe(z);
    expect(Array.from(z)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  test('out of the wrong length or type, or contradicting dtype, is an error and untouched', () => {
    const out = new Float32Array(5).fill(9);
    expect(() => heNormal([2, 3], { seed: 1, out })).toThrow(RangeError);
    expect(() => heNormal([2, 3], { seed: 1, out })).toThrow(/out/);
    expect(() => heNormal([2, 3], { out: new Int32Array(6) as never })).toThrow(TypeError);
    expect(() => heNormal([2, 3], { out: new Float32Array(6), dtype: 'float64' } as never)).toThrow(/dtype/);
    expect(Array.from(out)).toEqual([9, 9, 9, 9, 9]);
  });
  test('layout and explicit fans', () => {
    const t = varianceScaling([6, 5, 3, 3], { seed: 2, distribution: 'uniform' });
    const f = varianceScaling([3, 3, 5, 6], { seed: 2, distribution: 'uniform', layout: 'tf' });
    expect(Array.from(f)).toEqual(Array.from(t)); // same fans, same stream
    const e = varianceScaling([10], { seed: 2, distribution: 'uniform', fans: { fanIn: 45, fanOut: 54 } });
    expect(Array.from(e)).toEqual(Array.from(t.subarray(0, 10)));
    expect(() => kaimingNormal([10])).toThrow(/shape/);
    expect(() => kaimingNormal([10], { fans: { fanIn: 0, fanOut: 1 } })).toThrow(/fans\.fanIn/);
  });
  test('zero-element shapes: empty result, nothing drawn (PyTorch warns and returns)', () => {
    const g = new Generator(1);
    for (const f of [kaimingNormal, kaimingUniform, xavierUniform, heNormal, normal, uniform] as Initializer[]) {
      expect(f([0, 5], { generator: g }).length).toBe(0);
      expect(f([4, 0, 3], { generator: g }).length).toBe(0);
    }
    expect(g.position).toBe(0n);
    expect(sparse([0, 3], { sparsity: 0.5, generator: g }).length).toBe(0);
    expect(g.position).toBe(0n);
  });
  test('bad shapes are RangeErrors (or TypeErrors) naming shape', () => {
    for (const s of [[-1, 2], [2, 1.5], [2, Number.NaN], [2, 2 ** 53]]) expect(() => heNormal(s)).toThrow(/shape/);
    expect(() => heNormal([2, '3'] as never)).toThrow(TypeError);
    expect(() => heNormal('2,3' as never)).toThrow(/shape/);
    expect(() => heNormal([2 ** 30, 2 ** 30])).toThrow(/shape/);
  });
  test('parameters derived from options that overflow float32 name the option; nothing drawn', () => {
    const g = new Generator(0);
    for (const distribution of ['truncatedNormal', 'normal', 'uniform'] as const) {
      expect(() => varianceScaling([2, 2], { scale: 1e80, distribution, generator: g })).toThrow(/^scale: /);
    }
    expect(() => xavierUniform([2, 2], { gain: 1e40, generator: g })).toThrow(/^gain: /);
    expect(g.position).toBe(0n);
  });
  test('generator and seed together, or a non-Generator, are TypeErrors', () => {
    expect(() => normal([2], { seed: 1, generator: new Generator(1) })).toThrow(/generator or seed/);
    expect(() => normal([2], { generator: {} as Generator })).toThrow(/generator/);
    expect(() => normal([2], { seed: -1 })).toThrow(/seed/);
    expect(() => normal([2], { stdd: 1 } as never)).toThrow(/stdd/);
  });
});

describe('default generator', () => {
  test('manualSeed makes unseeded calls reproducible, like torch.manual_seed', () => {
    manualSeed(123);
    const a = kaimingUniform([5, 5]);
    const b = kaimingUniform([5, 5]);
    manualSeed(123);
    expect(bits(kaimingUniform([5, 5]))).toEqual(bits(a));
    expect(bits(kaimingUniform([5, 5]))).toEqual(bits(b));
    expect(bits(kaimingUniform([5, 5], { seed: 123 }))).toEqual(bits(a));
    expect(defaultGenerator()).toBe(defaultGenerator());
    expect(() => manualSeed(-1)).toThrow(/seed/);
    expect(defaultGenerator().key).toEqual(new Generator(123).key);
  });
  test('exported from the package entry', () => {
    expect(api.manualSeed).toBe(manualSeed);
    expect(typeof api.gainFor).toBe('function');
    expect(typeof api.torchDefaults.linear).toBe('function');
  });
});

describe('constants', () => {
  test('zeros, ones, constant, identity', () => {
    expect(Array.from(zeros([2, 2]))).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3]))).toEqual([1, 1, 1]);
    expect(Array.from(constant([2], { value: 0.1 }))).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    expect(Array.from(identity([2, 3], { gain: 2 }))).toEqual([2, 0, 0, 0, 2, 0]);
    expect(Array.from(eye([3, 2]))).toEqual([1, 0, 0, 1, 0, 0]);
    expect(() => constant([2], {} as never)).toThrow(/value/);
    expect(() => constant([2], { value: 1e39 })).toThrow(/value/);
    expect(() => eye([2, 2, 2])).toThrow(/shape/);
    const g = new Generator(0);
    zeros([4], { generator: g });
    expect(g.position).toBe(0n);
  });
});

describe('truncatedNormal bounds', () => {
  test("default 'sigma' a=-2, b=2 equals PyTorch trunc_normal_ for std 1; 'absolute' otherwise", () => {
    const x = truncatedNormal([4096], { seed: 5 });
    expect(Math.max(...x.map(Math.abs))).toBeLessThanOrEqual(2);
    const y = truncatedNormal([4096], { seed: 5, std: 0.5 });
    expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(1); // ±2σ
    const z = truncatedNormal([4096], { seed: 5, std: 0.5, a: -0.25, b: 0.75, bounds: 'absolute' });
    expect(Math.min(...z)).toBeGreaterThanOrEqual(-0.25);
    expect(Math.max(...z)).toBeLessThanOrEqual(0.75);
    expect(Array.from(truncatedNormal([64], { seed: 9, bounds: 'absolute' }))).toEqual(Array.from(truncatedNormal([64], { seed: 9 })));
  });
});

describe('sparse', () => {
  test('each column has exactly ceil(sparsity·rows) zeros, the rest N(0, std²) values', () => {
    const rows = 40, cols = 30, sparsity = 0.33;
    const w = sparse([rows, cols], { sparsity, std: 0.5, seed: 11 });
    const k = Math.ceil(sparsity * rows);
    for (let c = 0; c < cols; c++) {
      let zerosInCol = 0;
      for (let r = 0; r < rows; r++) if (w[r * cols + c] === 0) zerosInCol++;
      expect(zerosInCol).toBe(k);
    }
    const dense = normal([rows, cols], { std: 0.5, seed: 11 });
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) expect(w[i]).toBe(dense[i]);
  });
  test('positions come from the generator (deterministic per seed, differ between seeds) and follow the documented procedure', () => {
    const rows = 7, cols = 5, k = 3;
    const w = sparse([rows, cols], { sparsity: 0.4, seed: 2 });
    expect(bits(sparse([rows, cols], { sparsity: 0.4, seed: 2 }))).toEqual(bits(w));
    expect(bits(sparse([rows, cols], { sparsity: 0.4, seed: 3 }))).not.toEqual(bits(w));
    // Re-derive the positions: values first (ceil(35/4) = 9 blocks), then cols·k words.
    const g = new Generator(2);
    g.normal(rows * cols, { std: 0.01 });
    const words = g.uint32(cols * k);
    for (let c = 0; c < cols; c++) {
      const perm = Array.from({ length: rows }, (_, i) => i);
      const zeroRows = new Set<number>();
      for (let i = 0; i < k; i++) {
        const j = i + Number((BigInt(words[c * k + i]!) * BigInt(rows - i)) >> 32n);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        zeroRows.add(perm[i]!);
      }
      for (let r = 0; r < rows; r++) expect(w[r * cols + c] === 0).toBe(zeroRows.has(r));
    }
  });
  test('tf layout zeroes within each row of [in, out]', () => {
    const w = sparse([6, 10], { sparsity: 0.5, layout: 'tf', seed: 4 });
    for (let i = 0; i < 6; i++) expect(w.subarray(i * 10, i * 10 + 10).filter((v) => v === 0).length).toBe(5);
  });
  test('errors', () => {
    expect(() => sparse([3, 3, 3], { sparsity: 0.1 })).toThrow(/shape/);
    expect(() => sparse([3, 3], { sparsity: 1.5 })).toThrow(/sparsity/);
    expect(() => sparse([3, 3], {} as never)).toThrow(/sparsity/);
    expect(() => sparse([3, 3], { sparsity: 0.5, std: 0 })).toThrow(/std/);
  });
});

describe('getInitializer', () => {
  test('Keras, TF.js, PyTorch and JAX spellings resolve to the same initializer', () => {
    const ref = bits(glorotNormal([5, 7], { seed: 1 }));
    for (const id of ['glorotNormal', 'glorot_normal', 'GlorotNormal', 'glorot-normal']) {
      expect(bits(getInitializer(id)([5, 7], { seed: 1 }))).toEqual(ref);
    }
    expect(bits(getInitializer('kaiming_normal_', { mode: 'fanOut' })([5, 7], { seed: 2 }))).toEqual(bits(kaimingNormal([5, 7], { seed: 2, mode: 'fanOut' })));
    expect(bits(getInitializer('leCunNormal')([5, 7], { seed: 2 }))).toEqual(bits(getInitializer('lecun_normal')([5, 7], { seed: 2 })));
    expect(bits(getInitializer('he_normal')([5, 7], { seed: 3 }))).toEqual(bits(heNormal([5, 7], { seed: 3 })));
    expect(Array.from(getInitializer('zeros')([2]))).toEqual([0, 0]);
    expect(bits(getInitializer('trunc_normal_')([9], { seed: 1 }))).toEqual(bits(truncatedNormal([9], { seed: 1 })));
  });
  test('Keras config keys and snake_case modes are understood', () => {
    const init = getInitializer('VarianceScaling', { scale: 2, mode: 'fan_avg', distribution: 'untruncated_normal' });
    expect(bits(init([4, 6], { seed: 1 }))).toEqual(bits(varianceScaling([4, 6], { scale: 2, mode: 'fanAvg', distribution: 'normal', seed: 1 })));
    expect(bits(getInitializer('random_normal', { stddev: 0.05, mean: 1 })([8], { seed: 1 }))).toEqual(bits(normal([8], { std: 0.05, mean: 1, seed: 1 })));
    expect(bits(getInitializer('RandomUniform', { minval: -0.05, maxval: 0.05 })([8], { seed: 1 }))).toEqual(bits(uniform([8], { low: -0.05, high: 0.05, seed: 1 })));
  });
  test('per-call options win; a per-call generator replaces a bound seed', () => {
    const init = getInitializer('heUniform', { seed: 5 });
    expect(bits(init([3, 3]))).toEqual(bits(init([3, 3])));
    const g = new Generator(6);
    expect(bits(init([3, 3], { generator: g }))).toEqual(bits(getInitializer('heUniform')([3, 3], { seed: 6 })));
  });
  test('unknown ids are TypeErrors listing the valid ones; registered ones are found', () => {
    expect(() => getInitializer('glorot')).toThrow(TypeError);
    expect(() => getInitializer('glorot')).toThrow(/glorotNormal.*heNormal/);
    expect(() => getInitializer(3 as never)).toThrow(/id/);
    registerInitializer('testTwos', (shape: readonly number[]) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(2));
    expect(Array.from(getInitializer('test_twos')([2]))).toEqual([2, 2]);
  });
});

describe('torchDefaults', () => {
  test('linear: weight [out, in] and bias in ±1/√in, variance bound²/3, from one generator in order', () => {
    const inF = 1000, outF = 1200;
    const { weight, bias } = torchDefaults.linear(inF, outF, { seed: 8 });
    const bound = 1 / Math.sqrt(inF);
    expect(weight.length).toBe(inF * outF);
    expect(bias!.length).toBe(outF);
    for (const x of [weight, bias!]) expect(maxAbs(x).max).toBeLessThanOrEqual(Math.fround(bound));
    const m = secondMoment(weight);
    expect(Math.abs(m.m2 - (bound * bound) / 3) / m.se).toBeLessThan(5);
    const g = new Generator(8);
    expect(bits(kaimingUniform([outF, inF], { a: Math.sqrt(5), generator: g }))).toEqual(bits(weight));
    expect(bits(g.uniform(outF, { low: -bound, high: bound }))).toEqual(bits(bias!));
    expect(torchDefaults.linear(3, 2, { bias: false }).bias).toBeNull();
    expect(Array.from(torchDefaults.linear(0, 2, { seed: 1 }).bias!)).toEqual([0, 0]);
  });
  test('conv: fanIn = in/groups · kernel; transposed uses PyTorch rule and out = shape[1]·groups', () => {
    const { weight, bias } = torchDefaults.conv([16, 4, 3, 3], { seed: 1, groups: 2 });
    const bound = 1 / Math.sqrt(4 * 9);
    expect(weight.length).toBe(16 * 36);
    expect(bias!.length).toBe(16);
    for (const x of [weight, bias!]) expect(maxAbs(x).max).toBeLessThanOrEqual(Math.fround(bound));
    const t = torchDefaults.conv([8, 3, 5], { seed: 1, transposed: true, groups: 2 });
    expect(t.bias!.length).toBe(6);
    expect(maxAbs(t.weight).max).toBeLessThanOrEqual(Math.fround(1 / Math.sqrt(15)));
    expect(() => torchDefaults.conv([8, 3])).toThrow(/shape/);
    expect(() => torchDefaults.conv([8, 3, 3], { groups: 3 })).toThrow(/groups/);
    expect(() => torchDefaults.linear(-1, 3)).toThrow(/inFeatures/);
    expect(() => torchDefaults.linear(3, 3, { bias: 1 } as never)).toThrow(/bias/);
  });
});

describe('getInitializer reaches orthogonal through the registry', () => {
  test("'orthogonal' and 'Orthogonal' resolve", async () => {
    const { orthogonal } = await import('../../src/initializers/orthogonal.js');
    expect(Array.from(getInitializer('Orthogonal')([4, 3], { seed: 1 }))).toEqual(Array.from(orthogonal([4, 3], { seed: 1 })));
  });
});
