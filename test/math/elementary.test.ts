// src/math/elementary.ts against an independent BigInt reference (test/support/bigfloat.mjs): special
// values, symmetries, and the ulp error over the ranges of test/support/ulp-ranges.mjs (the same
// ranges scripts/measure-ulp.mjs samples 10^6 times; here a few thousand each). The bound asserted is
// the one every function's TSDoc promises: < 1 ulp.
import { describe, expect, it } from 'vitest';
import * as M from '../../src/math/elementary.js';
import * as R from '../support/bigfloat.mjs';
import { RANGES, makeRng } from '../support/ulp-ranges.mjs';

type Unary = (x: number) => number;
const PER_RANGE = 6000; // 30 000 – 42 000 arguments per function
const BOUND = 1; // ulp, for every function

/** Max |ulp error| of f against ref over one range; also the worst argument. */
function measure(f: (...a: number[]) => number, ref: (...a: number[]) => R.RefValue, gen: (r: () => number) => number | [number, number], seed: number, n: number) {
  const rng = makeRng(seed);
  let max = 0;
  let worst: number | [number, number] = 0;
  for (let i = 0; i < n; i++) {
    const a = gen(rng);
    const args = Array.isArray(a) ? a : [a];
    const e = Math.abs(R.ulpError(f(...args), ref(...args)));
    if (!(e <= max)) { max = e; worst = a; }
  }
  return { max, worst };
}

function ulpSuite(name: keyof typeof RANGES, f: (...a: number[]) => number, ref: (...a: number[]) => R.RefValue) {
  describe(`${name}: ulp error against the BigInt reference`, () => {
    RANGES[name].forEach((range, i) => {
      it(`${range.label}: max < ${BOUND} ulp`, () => {
        const { max, worst } = measure(f, ref, range.gen, 1000 * (i + 1) + name.length, PER_RANGE);
        expect(max, `worst argument ${String(worst)}`).toBeLessThan(BOUND);
      });
    });
  });
}

const same = (got: number, want: number) => expect(Object.is(got, want), `got ${got}, want ${want}`).toBe(true);
const MIN_SUB = 5e-324;
const MAX = Number.MAX_VALUE;

describe('reference self-checks', () => {
  it('rounds its constants right (e, ln 2, 1/√e…)', () => {
    expect(R.roundToDouble(R.refExp(1))).toBe(2.718281828459045);
    expect(R.roundToDouble(R.refLog(2))).toBe(0.6931471805599453);
    expect(R.roundToDouble(R.refExp(-0.5))).toBe(0.6065306597126334);
    expect(R.roundToDouble(R.refLog(10))).toBe(2.302585092994046);
    expect(R.roundToDouble(R.refSin(1e22))).toBe(-0.8522008497671888); // the classic reduction test
  });
  it('measures ulps in the binade of the exact value', () => {
    expect(R.ulpError(1, { m: 1n, e: 0 })).toBe(0);
    expect(R.ulpError(1 + 2 ** -52, { m: 1n, e: 0 })).toBe(1);
    expect(R.ulpError(MIN_SUB, { m: 1n, e: -1075 })).toBe(0.5);
  });
});

describe('exp, expm1, log, log1p, tanh: special values', () => {
  it('exp', () => {
    same(M.exp(NaN), NaN); same(M.exp(Infinity), Infinity); same(M.exp(-Infinity), 0);
    same(M.exp(0), 1); same(M.exp(-0), 1); same(M.exp(MIN_SUB), 1); same(M.exp(-MIN_SUB), 1);
    same(M.exp(709.782712893384), 1.7976931348622732e308); // largest finite result
    same(M.exp(709.7827128933841), Infinity);
    same(M.exp(1000), Infinity); same(M.exp(-1000), 0);
    same(M.exp(-745.1332191019411), MIN_SUB); same(M.exp(-745.2), 0);
    same(M.exp(1), Math.E);
  });
  it('expm1', () => {
    same(M.expm1(NaN), NaN); same(M.expm1(Infinity), Infinity); same(M.expm1(-Infinity), -1);
    same(M.expm1(0), 0); same(M.expm1(-0), -0); same(M.expm1(MIN_SUB), MIN_SUB); same(M.expm1(-MIN_SUB), -MIN_SUB);
    same(M.expm1(1e-300), 1e-300); same(M.expm1(-40), -1 + 4.248354255291589e-18);
    same(M.expm1(-100), -1); same(M.expm1(710), Infinity); same(M.expm1(709.782712893384), 1.7976931348622732e308);
  });
  it('log', () => {
    same(M.log(NaN), NaN); same(M.log(-1), NaN); same(M.log(-Infinity), NaN); same(M.log(-MIN_SUB), NaN);
    same(M.log(0), -Infinity); same(M.log(-0), -Infinity); same(M.log(Infinity), Infinity); same(M.log(1), 0);
    same(M.log(MIN_SUB), -744.4400719213812); same(M.log(MAX), 709.782712893384);
    same(M.log(2), Math.LN2);
  });
  it('log1p', () => {
    same(M.log1p(NaN), NaN); same(M.log1p(-2), NaN); same(M.log1p(-Infinity), NaN); same(M.log1p(-1), -Infinity);
    same(M.log1p(Infinity), Infinity); same(M.log1p(0), 0); same(M.log1p(-0), -0);
    same(M.log1p(MIN_SUB), MIN_SUB); same(M.log1p(-MIN_SUB), -MIN_SUB); same(M.log1p(MAX), 709.782712893384);
    same(M.log1p(-1 + 2 ** -53), -36.7368005696771);
  });
  it('tanh', () => {
    same(M.tanh(NaN), NaN); same(M.tanh(Infinity), 1); same(M.tanh(-Infinity), -1);
    same(M.tanh(0), 0); same(M.tanh(-0), -0); same(M.tanh(MIN_SUB), MIN_SUB); same(M.tanh(-MIN_SUB), -MIN_SUB);
    same(M.tanh(22), 1); same(M.tanh(-1e300), -1); same(M.tanh(MAX), 1);
  });
});

describe('exp, expm1, log, log1p, tanh: identities', () => {
  const rng = makeRng(42);
  const xs = Array.from({ length: 2000 }, () => (rng() / 4294967296 - 0.5) * 60);
  it('tanh is odd; exp(log x) and log(exp x) round-trip within a few ulps', () => {
    for (const x of xs) {
      same(M.tanh(-x), -M.tanh(x));
      const ax = Math.abs(x) + 1e-3;
      expect(Math.abs(M.exp(M.log(ax)) - ax)).toBeLessThanOrEqual(64 * Number.EPSILON * ax);
    }
  });
  it('expm1(x) = exp(x) − 1 and log1p(x) = log(1 + x) where no cancellation occurs', () => {
    for (const x of xs) {
      if (Math.abs(x) > 1) expect(Math.abs(M.expm1(x) - (M.exp(x) - 1))).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(M.exp(x)));
      const y = Math.abs(x) * 1e3 + 1;
      expect(M.log1p(y)).toBeCloseTo(M.log(1 + y), 12);
    }
  });
  it('is monotone across the reduction boundaries', () => {
    for (const b of [0.34657359027997264, 1.0397207708399179, 0.5, 1, 22]) {
      let x = b - 64 * Number.EPSILON;
      let prevE = M.exp(x), prevT = M.tanh(x), prevM = M.expm1(x);
      for (let i = 0; i < 128; i++) {
        x += Number.EPSILON / 2;
        const e = M.exp(x), t = M.tanh(x), m = M.expm1(x);
        expect(e).toBeGreaterThanOrEqual(prevE); expect(t).toBeGreaterThanOrEqual(prevT); expect(m).toBeGreaterThanOrEqual(prevM);
        prevE = e; prevT = t; prevM = m;
      }
    }
  });
});

ulpSuite('exp', M.exp as Unary, R.refExp);
ulpSuite('expm1', M.expm1 as Unary, R.refExpm1);
ulpSuite('log', M.log as Unary, R.refLog);
ulpSuite('log1p', M.log1p as Unary, R.refLog1p);
ulpSuite('tanh', M.tanh as Unary, R.refTanh);

describe('erf, erfc, hypot: special values', () => {
  it('erf', () => {
    same(M.erf(NaN), NaN); same(M.erf(Infinity), 1); same(M.erf(-Infinity), -1);
    same(M.erf(0), 0); same(M.erf(-0), -0); same(M.erf(6), 1); same(M.erf(-1e300), -1);
    same(M.erf(MIN_SUB), MIN_SUB); // (2/√π)·2^-1074 rounds to 2^-1074
    same(M.erf(1e-310), R.roundToDouble(R.refErf(1e-310))); // subnormal: exactly rounded
  });
  it('erfc', () => {
    same(M.erfc(NaN), NaN); same(M.erfc(Infinity), 0); same(M.erfc(-Infinity), 2);
    same(M.erfc(0), 1); same(M.erfc(-0), 1); same(M.erfc(MIN_SUB), 1); same(M.erfc(-6), 2); same(M.erfc(-1e300), 2);
    same(M.erfc(28), 0); same(M.erfc(1e300), 0); same(M.erfc(27.3), 0);
    expect(M.erfc(26.6)).toBeGreaterThan(0); expect(M.erfc(26.6)).toBeLessThan(2.2250738585072014e-308); // subnormal
  });
  it('continued-fraction depth of the reference erfc is ample (doubling it changes nothing)', () => {
    for (const x of [5, 7.5, 12, 27]) {
      const a = R._erfcCFDepth(x, 2 * (Math.ceil(2500 / (Math.floor(x) ** 2)) + 60));
      const b = R.refErfc(x);
      expect(Math.abs(R.ulpError(R.roundToDouble(a), b))).toBeLessThanOrEqual(0.5);
      expect(R.roundToDouble(a)).toBe(R.roundToDouble(b));
    }
  });
  it('hypot', () => {
    same(M.hypot(Infinity, NaN), Infinity); same(M.hypot(NaN, -Infinity), Infinity);
    same(M.hypot(NaN, 1), NaN); same(M.hypot(1, NaN), NaN);
    same(M.hypot(0, 0), 0); same(M.hypot(-0, -0), 0); same(M.hypot(-3, 0), 3); same(M.hypot(0, -MIN_SUB), MIN_SUB);
    same(M.hypot(3, 4), 5); same(M.hypot(-5, 12), 13); same(M.hypot(3e300, 4e300), 5e300); same(M.hypot(3e-310, 4e-310), 5e-310);
    same(M.hypot(MAX, MAX), Infinity); same(M.hypot(MAX, 1), MAX); same(M.hypot(MIN_SUB, MIN_SUB), MIN_SUB);
    same(M.hypot(1e-200, 1e-200), R.roundToDouble(R.refHypot(1e-200, 1e-200)));
  });
});

describe('erf, erfc, hypot: identities', () => {
  const rng = makeRng(7);
  it('erf is odd, erfc(−x) = 2 − erfc(x), erf + erfc = 1 (to rounding), hypot symmetric', () => {
    for (let i = 0; i < 3000; i++) {
      const x = (rng() / 4294967296 - 0.5) * 12;
      same(M.erf(-x), -M.erf(x));
      expect(Math.abs(M.erfc(-x) - (2 - M.erfc(x)))).toBeLessThanOrEqual(2 * Number.EPSILON);
      expect(Math.abs(M.erf(x) + M.erfc(x) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
      const y = (rng() / 4294967296 - 0.5) * 1e3;
      same(M.hypot(x, y), M.hypot(y, x)); same(M.hypot(x, y), M.hypot(-x, -y));
    }
  });
  it('erfc is monotone across its piece boundaries', () => {
    for (const b of [0.25, 0.5, 0.75, 0.84375, 1, 1.25, 1.5, 1.75, 2, 2.5, 2.857142857142857, 3, 6]) {
      let x = b - 64 * Number.EPSILON * b;
      let prev = M.erfc(x);
      for (let i = 0; i < 128; i++) {
        x += Number.EPSILON * b;
        const v = M.erfc(x);
        expect(v).toBeLessThanOrEqual(prev);
        prev = v;
      }
    }
  });
});

ulpSuite('erf', M.erf as Unary, R.refErf);
ulpSuite('erfc', M.erfc as Unary, R.refErfc);
ulpSuite('hypot', M.hypot, R.refHypot as (...a: number[]) => R.RefValue);

describe('sin, cos: special values and hard arguments', () => {
  it('special values', () => {
    same(M.sin(NaN), NaN); same(M.sin(Infinity), NaN); same(M.sin(-Infinity), NaN);
    same(M.cos(NaN), NaN); same(M.cos(Infinity), NaN); same(M.cos(-Infinity), NaN);
    same(M.sin(0), 0); same(M.sin(-0), -0); same(M.cos(0), 1); same(M.cos(-0), 1);
    same(M.sin(MIN_SUB), MIN_SUB); same(M.sin(-MIN_SUB), -MIN_SUB); same(M.cos(MIN_SUB), 1);
    same(M.sin(1e-300), 1e-300); same(M.cos(1e-9), 1);
  });
  it('matches the reference at multiples of π/2, the extreme doubles and the closest double to a multiple of π/2', () => {
    const hard = 6381956970095103 * 2 ** 797; // within 2^-61·(π/2) of a multiple of π/2 (Kahan–McDonald)
    const xs = [Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 2 * Math.PI, 5 * Math.PI / 4, 9 * Math.PI / 4,
      1e22, 1e300, MAX, -MAX, 2 ** 20 * Math.PI / 2, hard, -hard, 1647099.3291652855, 1647099.329165286];
    for (const x of xs) {
      expect(Math.abs(R.ulpError(M.sin(x), R.refSin(x))), `sin ${x}`).toBeLessThan(BOUND);
      expect(Math.abs(R.ulpError(M.cos(x), R.refCos(x))), `cos ${x}`).toBeLessThan(BOUND);
    }
    same(M.sin(1e22), -0.8522008497671888);
    same(M.cos(hard), R.roundToDouble(R.refCos(hard)));
  });
});

describe('sin, cos: identities', () => {
  const rng = makeRng(11);
  it('sin is odd, cos even, sin² + cos² = 1 and cos x = sin(x + π/2) to rounding, small and huge x', () => {
    for (let i = 0; i < 4000; i++) {
      const x = i & 1 ? (rng() / 4294967296 - 0.5) * 200 : (rng() / 4294967296 + 0.5) * 2 ** (rng() % 1000);
      same(M.sin(-x), -M.sin(x)); same(M.cos(-x), M.cos(x));
      const s = M.sin(x), c = M.cos(x);
      expect(Math.abs(s * s + c * c - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    }
    for (let i = 0; i < 1000; i++) {
      const x = (rng() / 4294967296) * 0.5; // x + π/2 loses little here
      expect(Math.abs(M.cos(x) - M.sin(x + Math.PI / 2))).toBeLessThanOrEqual(2 * Number.EPSILON);
    }
  });
});

ulpSuite('sin', M.sin as Unary, R.refSin);
ulpSuite('cos', M.cos as Unary, R.refCos);
