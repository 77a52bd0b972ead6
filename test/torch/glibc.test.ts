// The glibc 2.36 replays of src/torch-glibc-*.ts against glibc itself (test/fixtures/glibc_fixtures.json,
// written by test/fixtures/make_glibc_fixtures.py on Debian 12, x86-64 with FMA and AVX2): every value
// bit-exact, NaN for NaN.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { branredGlibc } from '../../src/torch/glibc/branred.js';
import { erfGlibc } from '../../src/torch/glibc/erf.js';
import { expGlibc } from '../../src/torch/glibc/exp.js';
import { logGlibc } from '../../src/torch/glibc/log.js';
import { cosGlibc, sinGlibc } from '../../src/torch/glibc/sincos.js';

type Fixtures = { glibc: string; functions: Record<string, [string, string][]> };
const fx = JSON.parse(readFileSync(new URL('../fixtures/glibc_fixtures.json', import.meta.url), 'utf8')) as Fixtures;

const BITS = new BigUint64Array(1);
const F = new Float64Array(BITS.buffer);
const fromHex = (h: string): number => { BITS[0] = BigInt(`0x${h}`); return F[0]!; };
const toHex = (x: number): string => { F[0] = x; return BITS[0]!.toString(16).padStart(16, '0'); };

const FNS: Record<string, (x: number) => number> = {
  log: logGlibc, sin: sinGlibc, cos: cosGlibc, exp: expGlibc, erf: erfGlibc,
};

describe('glibc 2.36 double functions, bit-exact against libm.so.6', () => {
  test('the fixtures come from glibc 2.36 and cover every function', () => {
    expect(fx.glibc).toBe('glibc-2.36');
    for (const name of Object.keys(FNS)) expect(fx.functions[name]!.length).toBeGreaterThan(2500);
  });

  test.each(Object.keys(FNS))('%s', (name) => {
    const f = FNS[name]!;
    const wrong: string[] = [];
    for (const [xh, yh] of fx.functions[name]!) {
      const y = f(fromHex(xh));
      const want = fromHex(yh);
      const same = want !== want ? y !== y : toHex(y) === yh;
      if (!same) wrong.push(`${name}(${xh}) = ${toHex(y)}, glibc ${yh}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(wrong.length).toBe(0);
  });

  test('the fixtures reach every branch: near 1 and subnormal log, exp special cases, huge sin/cos, erf ranges', () => {
    const xs = (name: string) => fx.functions[name]!.map(([h]) => fromHex(h));
    expect(xs('log').some((x) => x > 0 && x < 2.2250738585072014e-308)).toBe(true);
    expect(xs('log').some((x) => x !== 1 && Math.abs(x - 1) < 0.06)).toBe(true);
    expect(xs('exp').some((x) => x < -708.4 && x > -745.2)).toBe(true);
    expect(xs('exp').some((x) => x > 512 && x < 709.7)).toBe(true);
    for (const name of ['sin', 'cos']) expect(xs(name).some((x) => Math.abs(x) > 1e9 && Number.isFinite(x))).toBe(true);
    const erfX = xs('erf').map(Math.abs);
    for (const [lo, hi] of [[0, 3.725290298461914e-9], [3.8e-9, 0.84375], [0.84375, 1.25], [1.25, 1 / 0.35], [1 / 0.35, 6], [6, Infinity]]) {
      expect(erfX.some((x) => x >= lo! && x < hi!)).toBe(true);
    }
  });

  test('branred returns the quadrant and a reduced argument in [-π/4, π/4]', () => {
    const out = new Float64Array(2);
    const n = branredGlibc(1e22, out);
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(4);
    expect(Math.abs(out[0]!)).toBeLessThanOrEqual(Math.PI / 4 + 1e-12);
    expect(Math.abs(out[1]!)).toBeLessThan(1e-15);
  });
});
