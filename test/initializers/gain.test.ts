// gainFor: 1/sqrt(E[f(z)^2]), z ~ N(0,1), checked against closed forms and against an independent
// composite Simpson integral on [-40, 40] (written here; its own error is ~1e-13 at 2e6 steps).
import { describe, expect, test } from 'vitest';
import { gainFor, type ActivationName } from '../../src/initializers/gain.js';
import { halfHermiteRule, HALF_NODES } from '../../src/math/quadrature.js';

function simpsonGain(f: (x: number) => number): number {
  const N = 2_000_000, lo = -40, h = 80 / N;
  let s = 0;
  for (let i = 0; i <= N; i++) {
    const x = lo + i * h;
    const v = f(x) ** 2 * Math.exp(-0.5 * x * x);
    s += (i === 0 || i === N ? 1 : i % 2 ? 4 : 2) * v;
  }
  return 1 / Math.sqrt(((s * h) / 3) / Math.sqrt(2 * Math.PI));
}

// Written from the activations' definitions (PyTorch's docs), independently of src/.
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
function erf(x: number): number {
  // Maclaurin series for |x| <= 2.5; beyond, erfc by its continued fraction
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
  const a = Math.abs(x);
  if (a > 2.5) {
    let t = a;
    for (let k = 120; k >= 1; k--) t = a + k / 2 / t;
    return Math.sign(x) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / t);
  }
  let sum = 0, term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const REF: Record<string, (x: number) => number> = {
  tanh: Math.tanh,
  sigmoid: sig,
  selu: (x) => 1.0507009873554804934 * (x > 0 ? x : 1.6732632423543772848 * Math.expm1(x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  silu: (x) => x * sig(x),
  softplus: sp,
  mish: (x) => x * Math.tanh(sp(x)),
};

describe('gainFor', () => {
  test(`uses at least 64 Gauss–Hermite nodes per half line (${HALF_NODES}), weights summing to 1/2`, () => {
    const { z, w } = halfHermiteRule();
    expect(z.length).toBeGreaterThanOrEqual(64);
    expect(Math.abs(w.reduce((a, b) => a + b, 0) - 0.5)).toBeLessThan(1e-14);
    // Exact for polynomials: E[z^4] = 3, E[z^6] = 15 (half each on z > 0).
    let m4 = 0, m6 = 0;
    for (let i = 0; i < z.length; i++) { m4 += 2 * w[i]! * z[i]! ** 4; m6 += 2 * w[i]! * z[i]! ** 6; }
    expect(Math.abs(m4 - 3)).toBeLessThan(1e-13);
    expect(Math.abs(m6 - 15)).toBeLessThan(1e-12);
  });
  test('relu gives √2 and identity 1 to 1e-12', () => {
    expect(Math.abs(gainFor('relu') - Math.SQRT2)).toBeLessThan(1e-12);
    expect(Math.abs(gainFor('linear') - 1)).toBeLessThan(1e-12);
    expect(Math.abs(gainFor('identity') - 1)).toBeLessThan(1e-12);
    expect(Math.abs(gainFor((x) => Math.max(0, x)) - Math.SQRT2)).toBeLessThan(1e-12);
  });
  test('leaky relu gives √(2/(1+s²)) in every accepted form', () => {
    for (const s of [0.01, 0.2, 0.5]) {
      const want = Math.sqrt(2 / (1 + s * s));
      expect(Math.abs(gainFor({ name: 'leakyRelu', slope: s }) - want)).toBeLessThan(1e-12);
      expect(Math.abs(gainFor('leakyRelu', s) - want)).toBeLessThan(1e-12);
    }
    expect(Math.abs(gainFor('leaky_relu' as ActivationName) - Math.sqrt(2 / 1.0001))).toBeLessThan(1e-12);
  });
  test('SELU maps N(0,1) to second moment 1: gain 1', () => {
    expect(Math.abs(gainFor('selu') - 1)).toBeLessThan(1e-9); // limited by SELU's published constants
  });
  for (const [name, f] of Object.entries(REF)) {
    test(`${name} agrees with an independent Simpson integral to 1e-11`, () => {
      const g = gainFor(name as ActivationName);
      expect(Math.abs(g - simpsonGain(f)) / g).toBeLessThan(1e-11);
      expect(Math.abs(gainFor(f) - g) / g).toBeLessThan(1e-13);
    });
  }
  test('elu alpha and the object form', () => {
    const f = (x: number) => (x > 0 ? x : 0.5 * Math.expm1(x));
    expect(Math.abs(gainFor({ name: 'elu', alpha: 0.5 }) - simpsonGain(f))).toBeLessThan(1e-11);
    expect(gainFor('elu', 0.5)).toBe(gainFor({ name: 'elu', alpha: 0.5 }));
  });
  test('a kink away from 0 converges algebraically (documented accuracy)', () => {
    const hardTanh = (x: number) => Math.max(-1, Math.min(1, x));
    expect(Math.abs(gainFor(hardTanh) - simpsonGain(hardTanh)) / simpsonGain(hardTanh)).toBeLessThan(1e-3);
  });
  test('errors name the argument', () => {
    expect(() => gainFor('swishy' as ActivationName)).toThrow(TypeError);
    expect(() => gainFor('swishy' as ActivationName)).toThrow(/activation/);
    expect(() => gainFor(() => Number.NaN)).toThrow(RangeError);
    expect(() => gainFor(() => 0)).toThrow(/activation/);
    expect(() => gainFor({ name: 'leakyRelu', slop: 1 } as never)).toThrow(/slop/);
    expect(() => gainFor(42 as never)).toThrow(TypeError);
  });
});
