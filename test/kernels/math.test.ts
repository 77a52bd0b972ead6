// Accuracy of the f32 polynomials the kernels share (the kernels equal this twin bit for bit, see
// generator.test.ts). The bounds are the ones documented in docs/stream-contract.md.
import { describe, expect, it } from 'vitest';
import { cosPoly, logf32, logf32Int24, qinv, qinvTail, sinPoly } from '../../src/kernels/reference/math.js';
import { logUpperTail, upperTail } from '../../src/math/normal-tail.js';

const ulpOf = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(Math.fround(x)))) - 23);

describe('f32 polynomials', () => {
  it('log is within 1 ulp on the Box-Muller grid k / 2^24 and equals the integer path', () => {
    let worst = 0, mismatches = 0;
    for (let k = 1; k < 1 << 24; k += 3) {
      const x = k * 2 ** -24;
      const got = logf32(x);
      if (logf32Int24(k) !== got) mismatches++;
      worst = Math.max(worst, Math.abs(got - Math.log(x)) / ulpOf(Math.log(x)));
    }
    expect(mismatches).toBe(0);
    expect(worst).toBeLessThan(1);
  });

  it('sin and cos are within 1e-7 absolute on the angle grid, |x| <= pi/4', () => {
    let ws = 0, wc = 0;
    for (let i = -(1 << 21); i < 1 << 21; i += 5) {
      const x = Math.fround(i * Math.fround(2 * Math.PI) * 2 ** -24);
      const z = Math.fround(x * x);
      ws = Math.max(ws, Math.abs(sinPoly(x, z) - Math.sin(x)));
      wc = Math.max(wc, Math.abs(cosPoly(z) - Math.cos(x)));
    }
    expect(ws).toBeLessThan(1e-7);
    expect(wc).toBeLessThan(1e-7);
  });

  // Reference quantile by bisection on the double-precision tail.
  const inverse = (p: number) => {
    let lo = -1, hi = 40;
    for (let i = 0; i < 100; i++) { const m = (lo + hi) / 2; if (upperTail(m) > p) lo = m; else hi = m; }
    return (lo + hi) / 2;
  };

  it('normal quantile (AS241 PPND7) within 5e-7 relative for p in [1e-37, 0.5)', () => {
    let worst = 0;
    for (let e = -37; e <= -0.31; e += 0.013) {
      const p = Math.fround(10 ** e);
      const want = inverse(p);
      worst = Math.max(worst, Math.abs(qinv(p) - want) / Math.max(Math.abs(want), 1e-3));
    }
    expect(worst).toBeLessThan(5e-7);
  });

  it('tail quantile from log p within 5e-7 relative out to 37 sigma', () => {
    let worst = 0;
    for (let x = 1.5; x <= 37; x += 0.0125) {
      const r = Math.fround(Math.sqrt(-Math.fround(logUpperTail(x))));
      worst = Math.max(worst, Math.abs(qinvTail(r) - x) / x);
    }
    expect(worst).toBeLessThan(5e-7);
  });

  it('double-precision tail Q(x) matches known values', () => {
    // Q(1), Q(4), Q(5), Q(6), Q(10) from tables (Abramowitz & Stegun 26.2; 16 digits).
    const table: [number, number][] = [[1, 0.15865525393145707], [4, 3.167124183311998e-5], [5, 2.866515718791939e-7],
      [6, 9.865876450376981e-10], [10, 7.619853024160527e-24]];
    for (const [x, q] of table) expect(Math.abs(upperTail(x) / q - 1)).toBeLessThan(1e-12);
    expect(Math.abs(logUpperTail(30) - Math.log(4.906713927148187e-198))).toBeLessThan(1e-10);
    // Continuity across the series / continued-fraction switch at 2.5.
    expect(Math.abs(upperTail(2.5 - 1e-12) / upperTail(2.5) - 1)).toBeLessThan(1e-10);
  });
});
