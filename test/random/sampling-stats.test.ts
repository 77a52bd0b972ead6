// Distribution tests on 2^22 draws with fixed seeds. Every tolerance is 5 standard errors of the
// estimator (or, for KS, the Kolmogorov critical value at alpha = 1e-6, > 5 SE above its mean).
import { describe, expect, it } from 'vitest';
import { Generator } from '../../src/index.js';
import { chiSquareUniform, ksCritical, ksStatistic, moments, Phi, Q, truncatedMoments, truncatedMomentsQuadrature } from '../support/stats.js';

const N = 1 << 22;

describe('uniform', () => {
  const x = new Generator(1).uniform(N);
  const m = moments(x);
  it('mean 1/2 and variance 1/12 within 5 SE', () => {
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    // Var of the sample variance of U(0,1): (m4 - s^4) / n with m4 = 1/80.
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });
  it('support [0, 1)', () => {
    let lo = Infinity, hi = -Infinity;
    for (const v of x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
  });
  it('KS statistic', () => expect(ksStatistic(x, (v) => v)).toBeLessThan(ksCritical(N)));
  it('1000-bin chi-square within 5 SE of its mean (df = 999, sd = sqrt(2 df))', () => {
    expect(chiSquareUniform(x, 1000)).toBeLessThan(999 + 5 * Math.sqrt(2 * 999));
  });
  it('scaled to [low, high)', () => {
    const y = new Generator(2).uniform(N, { low: -3, high: 5 });
    const my = moments(y);
    expect(Math.abs(my.mean - 1)).toBeLessThan(5 * Math.sqrt(64 / 12 / N));
    let lo = Infinity, hi = -Infinity;
    for (const v of y) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBeGreaterThanOrEqual(-3);
    expect(hi).toBeLessThanOrEqual(5);
  });
});

describe('normal', () => {
  const z = new Generator(3).normal(N);
  const m = moments(z);
  it('mean 0, variance 1, skewness 0, excess kurtosis 0 within 5 SE', () => {
    expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(1 / N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m.skewness)).toBeLessThan(5 * Math.sqrt(6 / N));
    expect(Math.abs(m.excessKurtosis)).toBeLessThan(5 * Math.sqrt(24 / N));
  });
  it('KS against Phi', () => expect(ksStatistic(z, Phi)).toBeLessThan(ksCritical(N)));
  it('frequency of |z| > 4 within 5 SE of 2(1 - Phi(4))', () => {
    let k = 0;
    for (const v of z) if (Math.abs(v) > 4) k++;
    const p = 2 * Q(4);
    expect(Math.abs(k - N * p)).toBeLessThan(5 * Math.sqrt(N * p * (1 - p)));
  });
  it('mean and std are applied', () => {
    const y = moments(new Generator(4).normal(N, { mean: -2, std: 0.02 }));
    expect(Math.abs(y.mean + 2)).toBeLessThan(5 * 0.02 / Math.sqrt(N));
    expect(Math.abs(y.variance - 4e-4)).toBeLessThan(5 * 4e-4 * Math.sqrt(2 / N));
  });
});

describe('truncated normal', () => {
  // [name, options, standardised alpha, beta, mean, std]
  const cases: [string, Parameters<Generator['truncatedNormal']>[1], number, number, number, number][] = [
    ['central, sigma [-2, 2]', { a: -2, b: 2 }, -2, 2, 0, 1],
    ['central, absolute, mean 1 std 2, [-1, 4]', { mean: 1, std: 2, a: -1, b: 4, bounds: 'absolute' }, -1, 1.5, 1, 2],
    ['asymmetric, sigma [0.2, 1.4]', { a: 0.2, b: 1.4 }, 0.2, 1.4, 0, 1],
    ['one-sided, sigma [3, inf)', { a: 3, b: Infinity }, 3, Infinity, 0, 1],
    ['one-sided, absolute (-inf, 0.5], mean 1 std 0.5', { mean: 1, std: 0.5, a: -Infinity, b: 0.5, bounds: 'absolute' }, -Infinity, -1, 1, 0.5],
    ['far tail, sigma [5, 6]', { a: 5, b: 6 }, 5, 6, 0, 1],
    ['far tail, absolute [-8 sigma, -7.5 sigma], mean 2 std 0.1', { mean: 2, std: 0.1, a: 1.2, b: 1.25, bounds: 'absolute' }, -8, -7.5, 2, 0.1],
    ['very far tail, sigma [10, 12]', { a: 10, b: 12 }, 10, 12, 0, 1],
    ['small std (pytorch#155588), absolute [-0.01, 0.02], std 0.01', { std: 0.01, a: -0.01, b: 0.02, bounds: 'absolute' }, -1, 2, 0, 0.01],
  ];
  for (const [name, opts, alpha, beta, mu, sigma] of cases) {
    it(name, () => {
      const x = new Generator(5).truncatedNormal(N, opts);
      const lo = mu + alpha * sigma, hi = mu + beta * sigma;
      let outside = 0;
      for (const v of x) if (!(v >= lo && v <= hi)) outside++;
      expect(outside).toBe(0);
      const m = moments(x);
      const t = truncatedMomentsQuadrature(alpha, beta);
      const wantMean = mu + sigma * t.mean, wantVar = sigma * sigma * t.variance;
      expect(Math.abs(m.mean - wantMean)).toBeLessThan(5 * Math.sqrt(m.variance / N));
      expect(Math.abs(m.variance - wantVar)).toBeLessThan(5 * Math.sqrt((m.m4 - m.variance ** 2) / N));
    });
  }
  it('the quadrature agrees with the closed form (Johnson, Kotz & Balakrishnan) where that is well conditioned', () => {
    for (const [a, b] of [[-2, 2], [-1, 1.5], [0.2, 1.4], [3, Infinity], [-Infinity, -1], [5, 6]]) {
      const q = truncatedMomentsQuadrature(a!, b!), c = truncatedMoments(0, 1, a!, b!);
      expect(Math.abs(q.mean - c.mean)).toBeLessThan(1e-5);
      expect(Math.abs(q.variance - c.variance)).toBeLessThan(1e-4 * c.variance + 1e-6);
    }
  });
});
