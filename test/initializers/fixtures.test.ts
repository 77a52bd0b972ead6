// Gains, fans, eye and dirac against PyTorch 1.13 (test/fixtures/torch_init_fixtures.json): exact.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { calculateGain, type Nonlinearity } from '../../src/initializers/gain.js';
import { computeFans } from '../../src/initializers/fans.js';
import { dirac, eye } from '../../src/initializers/constant.js';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/torch_init_fixtures.json', import.meta.url), 'utf8')) as {
  gain: Record<string, number>;
  fans_torch_layout: { shape: number[]; fan_in: number; fan_out: number }[];
  eye_: { shape: number[]; values: number[] }[];
  dirac_: { shape: number[]; groups: number; values: number[] }[];
};

describe('calculateGain equals torch.nn.init.calculate_gain', () => {
  for (const [name, value] of Object.entries(fixtures.gain)) {
    test(name, () => {
      const m = /^(\w+)\((.+)\)$/.exec(name);
      const gain = m ? calculateGain(m[1] as Nonlinearity, Number(m[2])) : calculateGain(name as Nonlinearity);
      expect(gain).toBe(value);
    });
  }
  test('camelCase spellings give the same values', () => {
    expect(calculateGain('leakyRelu')).toBe(fixtures.gain.leaky_relu);
    expect(calculateGain('convTranspose2d')).toBe(1);
    expect(calculateGain('leakyRelu', 0.2)).toBe(fixtures.gain['leaky_relu(0.2)']);
  });
  test('unknown names and bad slopes are errors naming the argument', () => {
    expect(() => calculateGain('gelu' as Nonlinearity)).toThrow(/nonlinearity must be one of/);
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(RangeError);
    expect(() => calculateGain('leaky_relu', '0.1' as unknown as number)).toThrow(TypeError);
  });
});

describe('computeFans equals torch _calculate_fan_in_and_fan_out', () => {
  for (const f of fixtures.fans_torch_layout) {
    test(`[${f.shape.join(', ')}]`, () => {
      expect(computeFans(f.shape)).toEqual({ fanIn: f.fan_in, fanOut: f.fan_out });
      expect(computeFans(f.shape, 'torch')).toEqual({ fanIn: f.fan_in, fanOut: f.fan_out });
    });
  }
  test('tf layout is the torch layout with the in/out axes moved last (Keras _compute_fans)', () => {
    for (const f of fixtures.fans_torch_layout) {
      const [o, i, ...k] = f.shape as [number, number, ...number[]];
      expect(computeFans([...k, i, o], 'tf')).toEqual({ fanIn: f.fan_in, fanOut: f.fan_out });
    }
    expect(computeFans([7], 'tf')).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([], 'tf')).toEqual({ fanIn: 1, fanOut: 1 });
  });
  test('rank < 2 in torch layout is a RangeError naming shape', () => {
    expect(() => computeFans([5])).toThrow(RangeError);
    expect(() => computeFans([5])).toThrow(/shape/);
    expect(() => computeFans([])).toThrow(/shape/);
    expect(() => computeFans([2, -1])).toThrow(/shape\[1\]/);
    expect(() => computeFans([2, 3], 'nchw' as 'tf')).toThrow(/layout/);
  });
});

describe('eye and dirac equal torch exactly', () => {
  for (const f of fixtures.eye_) {
    test(`eye [${f.shape.join(', ')}]`, () => {
      expect(Array.from(eye(f.shape))).toEqual(f.values);
      expect(Array.from(eye(f.shape, { dtype: 'float64' }))).toEqual(f.values);
    });
  }
  for (const f of fixtures.dirac_) {
    test(`dirac [${f.shape.join(', ')}] groups ${f.groups}`, () => {
      expect(Array.from(dirac(f.shape, { groups: f.groups }))).toEqual(f.values);
    });
    test(`dirac tf layout is the transposed storage of [${f.shape.join(', ')}]`, () => {
      const [o, i, ...k] = f.shape as [number, number, ...number[]];
      const tf = dirac([...k, i, o], { groups: f.groups, layout: 'tf' });
      const K = k.reduce((a, b) => a * b, 1);
      for (let oc = 0; oc < o; oc++) {
        for (let ic = 0; ic < i; ic++) {
          for (let p = 0; p < K; p++) expect(tf[(p * i + ic) * o + oc]).toBe(f.values[(oc * i + ic) * K + p]);
        }
      }
    });
  }
  test('dirac rejects bad ranks and groups', () => {
    expect(() => dirac([4, 4])).toThrow(/shape/);
    expect(() => dirac([4, 4, 3, 3, 3, 3])).toThrow(/shape/);
    expect(() => dirac([6, 3, 3], { groups: 4 })).toThrow(/groups/);
    expect(() => dirac([6, 3, 3], { groups: 0 })).toThrow(/groups/);
  });
});
