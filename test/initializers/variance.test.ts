// For every variance-scaling initializer × mode × distribution: every value inside the analytic
// support and the empirical variance over 2^20 draws within 5 standard errors of the formula.
// The formulas are written here from the libraries' documentation, not taken from src/:
//  - JAX `variance_scaling(scale, mode, distribution)`: "a (truncated) normal distribution with a
//    mean of zero and a standard deviation (after truncation, if used) stddev = sqrt(scale / n)"
//    where n = fan_in | fan_out | (fan_in + fan_out)/2 | sqrt(fan_in·fan_out); "uniform ... within
//    [-limit, limit], with limit = sqrt(3 * scale / n)". Truncation is at two (pre-correction)
//    standard deviations, the pre-correction std being stddev / .87962566103423978.
//  - Keras/JAX presets: glorot = (1, fan_avg), he = (2, fan_in), lecun = (1, fan_in), "normal"
//    variants truncated.
//  - PyTorch: xavier std = gain·sqrt(2/(fan_in + fan_out)), uniform bound = gain·sqrt(6/(fan_in +
//    fan_out)); kaiming std = gain/sqrt(fan_mode), uniform bound = gain·sqrt(3/fan_mode), gain from
//    calculate_gain (relu √2, leaky_relu √(2/(1+a²)), tanh 5/3).
// The SE of the sample second moment is sqrt((m4 - s^4)/n), m4 estimated from the sample.
import { describe, expect, test } from 'vitest';
import type { FloatArray } from '../../src/random/types.js';
import {
  glorotNormal, glorotUniform, heNormal, heUniform, kaimingNormal, kaimingUniform, lecunNormal, lecunUniform,
  varianceScaling, xavierNormal, xavierUniform,
} from '../../src/initializers/variance-scaling.js';
import { maxAbs, referenceFans, secondMoment } from '../support/init-moments.js';

type Support = { kind: 'uniform'; limit: number } | { kind: 'truncated'; limit: number } | { kind: 'normal'; std: number };
interface Case { label: string; draw: () => FloatArray; variance: number; support: Support }

const TORCH_SHAPE = [2048, 512]; // fanIn 512, fanOut 2048: 2^20 values
const TF_SHAPE = [2, 4, 512, 256]; // tf layout: fanIn 4096, fanOut 2048: 2^20 values
const TRUNC = 0.87962566103423978;

function denominator(shape: number[], layout: 'torch' | 'tf', mode: string): number {
  const { fanIn, fanOut } = referenceFans(shape, layout);
  return { fanIn, fanOut, fanAvg: (fanIn + fanOut) / 2, fanGeoAvg: Math.sqrt(fanIn * fanOut) }[mode]!;
}

function vsSupport(distribution: string, scale: number, n: number): Support {
  if (distribution === 'uniform') return { kind: 'uniform', limit: Math.sqrt((3 * scale) / n) };
  if (distribution === 'truncatedNormal') return { kind: 'truncated', limit: 2 * (Math.sqrt(scale / n) / TRUNC) };
  return { kind: 'normal', std: Math.sqrt(scale / n) };
}

const cases: Case[] = [];
let seed = 1000;

for (const layout of ['torch', 'tf'] as const) {
  const shape = layout === 'torch' ? TORCH_SHAPE : TF_SHAPE;
  for (const mode of ['fanIn', 'fanOut', 'fanAvg', 'fanGeoAvg'] as const) {
    for (const distribution of ['truncatedNormal', 'normal', 'uniform'] as const) {
      const scale = 2.5;
      const n = denominator(shape, layout, mode);
      const s = seed++;
      cases.push({
        label: `varianceScaling ${layout} ${mode} ${distribution}`,
        draw: () => varianceScaling(shape, { scale, mode, distribution, layout, seed: s }),
        variance: scale / n,
        support: vsSupport(distribution, scale, n),
      });
    }
  }
}

const presets = [
  ['glorotUniform', glorotUniform, 1, 'fanAvg', 'uniform'],
  ['glorotNormal', glorotNormal, 1, 'fanAvg', 'truncatedNormal'],
  ['heUniform', heUniform, 2, 'fanIn', 'uniform'],
  ['heNormal', heNormal, 2, 'fanIn', 'truncatedNormal'],
  ['lecunUniform', lecunUniform, 1, 'fanIn', 'uniform'],
  ['lecunNormal', lecunNormal, 1, 'fanIn', 'truncatedNormal'],
] as const;
for (const [name, fn, scale, mode, distribution] of presets) {
  for (const layout of ['torch', 'tf'] as const) {
    const shape = layout === 'torch' ? TORCH_SHAPE : TF_SHAPE;
    const n = denominator(shape, layout, mode);
    const s = seed++;
    cases.push({ label: `${name} ${layout}`, draw: () => fn(shape, { layout, seed: s }), variance: scale / n, support: vsSupport(distribution, scale, n) });
  }
}

for (const gain of [1, 5 / 3]) {
  const { fanIn, fanOut } = referenceFans(TORCH_SHAPE, 'torch');
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  const s1 = seed++, s2 = seed++;
  cases.push({
    label: `xavierUniform gain ${gain}`, draw: () => xavierUniform(TORCH_SHAPE, { gain, seed: s1 }),
    variance: std * std, support: { kind: 'uniform', limit: gain * Math.sqrt(6 / (fanIn + fanOut)) },
  });
  cases.push({ label: `xavierNormal gain ${gain}`, draw: () => xavierNormal(TORCH_SHAPE, { gain, seed: s2 }), variance: std * std, support: { kind: 'normal', std } });
}

const kaimingGains = [
  ['leaky_relu', 0, Math.sqrt(2)], // PyTorch's default (a = 0)
  ['relu', 0, Math.sqrt(2)],
  ['leaky_relu', 0.1, Math.sqrt(2 / (1 + 0.1 * 0.1))],
  ['tanh', 0, 5 / 3],
] as const;
for (const mode of ['fanIn', 'fanOut'] as const) {
  for (const [nonlinearity, a, gain] of kaimingGains) {
    for (const layout of ['torch', 'tf'] as const) {
      const shape = layout === 'torch' ? TORCH_SHAPE : TF_SHAPE;
      const fan = denominator(shape, layout, mode);
      const std = gain / Math.sqrt(fan);
      const s1 = seed++, s2 = seed++;
      const opts = { a, mode, nonlinearity, layout } as const;
      cases.push({
        label: `kaimingUniform ${mode} ${nonlinearity}(${a}) ${layout}`, draw: () => kaimingUniform(shape, { ...opts, seed: s1 }),
        variance: std * std, support: { kind: 'uniform', limit: gain * Math.sqrt(3 / fan) },
      });
      cases.push({
        label: `kaimingNormal ${mode} ${nonlinearity}(${a}) ${layout}`, draw: () => kaimingNormal(shape, { ...opts, seed: s2 }),
        variance: std * std, support: { kind: 'normal', std },
      });
    }
  }
}

describe('variance-scaling initializers: support and variance within 5 SE over 2^20 draws', () => {
  test.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const x = c.draw();
    expect(x.length).toBe(2 ** 20);
    const { max, finite } = maxAbs(x);
    expect(finite).toBe(true);
    const sup = c.support;
    // Uniform: float32(u·span + low) can round onto the float32 bound, so the support is |w| <= f32(limit).
    if (sup.kind === 'uniform') expect(max).toBeLessThanOrEqual(Math.fround(sup.limit));
    // Truncated: the bounds are rounded inwards to float32, so |w| <= 2σ holds in double.
    if (sup.kind === 'truncated') expect(max).toBeLessThanOrEqual(sup.limit);
    // Untruncated Box–Muller from 24-bit uniforms: |z| <= sqrt(-2 ln 2^-24) = 5.77 by construction.
    if (sup.kind === 'normal') expect(max).toBeLessThanOrEqual(5.8 * sup.std);
    const m = secondMoment(x);
    expect(Math.abs(m.m2 - c.variance) / m.se).toBeLessThan(5);
    expect(Math.abs(m.mean) / m.meanSe).toBeLessThan(5);
  });
});
