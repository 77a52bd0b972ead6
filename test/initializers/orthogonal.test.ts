// orthogonal / deltaOrthogonal: PyTorch semantics, Haar distribution, errors. Orthogonality bounds
// are in orthogonal-accuracy.test.ts; bit-identity across backends in test/kernels/qr.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, deltaOrthogonal, getInitializer, orthogonal, setBackend } from '../../src/index.js';
import { orthogonalInto } from '../../src/initializers/orthogonal.js';
import { ksCritical, ksStatistic } from '../support/stats.js';
import { sameBits } from '../support/bits.js';

afterAll(() => setBackend('wasm-simd'));


describe('orthogonal: semantics', () => {
  // Q^T A (tall) or W A^T (wide) must be R: upper triangular with a positive diagonal, where A is
  // the rows x cols normal draw with the same seed (PyTorch's procedure).
  for (const [rows, cols] of [[6, 4], [4, 6], [50, 20], [20, 50], [5, 5]] as const) {
    it(`is the sign-corrected QR factor of the drawn matrix [${rows}, ${cols}]`, () => {
      const w = orthogonal([rows, cols], { seed: 3, dtype: 'float64' });
      const a = new Generator(3).normal(new Float64Array(rows * cols));
      const wide = rows < cols;
      const n = Math.min(rows, cols), m = Math.max(rows, cols);
      // M = A (tall) or A^T (wide), m x n; Q = W (tall) or W^T (wide).
      const M = (i: number, j: number) => (wide ? a[j * cols + i]! : a[i * cols + j]!);
      const Q = (i: number, j: number) => (wide ? w[j * cols + i]! : w[i * cols + j]!);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let r = 0;
          for (let k = 0; k < m; k++) r += Q(k, i) * M(k, j);
          if (i > j) expect(Math.abs(r)).toBeLessThan(1e-12);
          if (i === j) expect(r).toBeGreaterThan(0);
        }
      }
    });
  }

  it('gain scales; the generator advances by ceil(rows*cols/4) blocks; seed reproduces', () => {
    const g = new Generator(9);
    const w = orthogonal([7, 9], { generator: g, dtype: 'float64' });
    expect(g.position).toBe(BigInt(Math.ceil(63 / 4)));
    const w2 = orthogonal([7, 9], { seed: 9, gain: 2, dtype: 'float64' });
    for (let i = 0; i < w.length; i++) expect(w2[i]).toBe(2 * w[i]!);
    expect(sameBits(orthogonal([7, 9], { seed: 9 }), orthogonal([7, 9], { seed: 9 }))).toBe(true);
    const out = new Float32Array(63);
    expect(orthogonal([7, 9], { seed: 9, out })).toBe(out);
    expect(sameBits(out, Float32Array.from(w))).toBe(true);
  });

  it("layout 'tf' reads [...kernel, in, out] as (product of all but last) x last, like Keras", () => {
    const a = orthogonal([3, 3, 4, 8], { seed: 1, layout: 'tf' });
    expect(sameBits(a, orthogonal([36, 8], { seed: 1 }))).toBe(true);
    const b = orthogonal([8, 4, 3, 3], { seed: 1 });
    expect(sameBits(b, orthogonal([8, 36], { seed: 1 }))).toBe(true);
  });

  it('is reachable through getInitializer', () => {
    expect(sameBits(getInitializer('orthogonal', { gain: 1.5 })([10, 6], { seed: 4 }), orthogonal([10, 6], { seed: 4, gain: 1.5 }))).toBe(true);
    expect(sameBits(getInitializer('delta_orthogonal')([8, 6, 3], { seed: 4 }), deltaOrthogonal([8, 6, 3], { seed: 4 }))).toBe(true);
  });
});

describe('deltaOrthogonal', () => {
  it('puts orthogonal([out, in]) at the kernel centre, zeros elsewhere (torch layout)', () => {
    const [o, i, kh, kw] = [16, 8, 3, 5];
    const w = deltaOrthogonal([o, i, kh, kw], { seed: 2, gain: 1.25 });
    const q = orthogonal([o, i], { seed: 2, gain: 1.25 });
    for (let a = 0; a < o; a++) {
      for (let b = 0; b < i; b++) {
        for (let y = 0; y < kh; y++) {
          for (let x = 0; x < kw; x++) {
            const v = w[((a * i + b) * kh + y) * kw + x]!;
            expect(v).toBe(y === 1 && x === 2 ? q[a * i + b]! : 0);
          }
        }
      }
    }
  });

  it("centre: 'tf' (default) is floor((k-1)/2), 'torch' is floor(k/2); layout 'tf' is [...kernel, in, out]", () => {
    const [o, i, k] = [6, 4, 4];
    const q = orthogonal([o, i], { seed: 8, dtype: 'float64' });
    for (const center of ['tf', 'torch'] as const) {
      const c = center === 'tf' ? 1 : 2;
      const t = deltaOrthogonal([o, i, k, k], { seed: 8, center, dtype: 'float64' });
      const f = deltaOrthogonal([k, k, i, o], { seed: 8, center, layout: 'tf', dtype: 'float64' });
      let nonzero = 0;
      for (const v of t) if (v !== 0) nonzero++;
      expect(nonzero).toBe(o * i);
      for (let a = 0; a < o; a++) {
        for (let b = 0; b < i; b++) {
          expect(t[((a * i + b) * k + c) * k + c]).toBe(q[a * i + b]);
          expect(f[((c * k + c) * i + b) * o + a]).toBe(q[a * i + b]);
        }
      }
    }
  });
});

describe('orthogonal: Haar distribution', () => {
  const N = 4000;
  function diagonals(signFix: boolean) {
    const g = new Generator(2024);
    const q = new Float64Array(16);
    const d = [0, 1, 2, 3].map(() => new Float64Array(N));
    for (let t = 0; t < N; t++) {
      orthogonalInto(g, 4, 4, 1, q, 0, 4, 1, signFix);
      for (let j = 0; j < 4; j++) d[j]![t] = q[j * 5]!;
    }
    return d;
  }
  const z = (x: Float64Array, mu: number) => {
    let s = 0, s2 = 0;
    for (const v of x) { s += v; s2 += v * v; }
    const mean = s / x.length, sd = Math.sqrt(s2 / x.length - mean * mean);
    return (mean - mu) / (sd / Math.sqrt(x.length));
  };

  it('4x4: every diagonal entry has mean 0 (5 SE); sqrt(n)*Q00 has variance 1 (5 SE)', () => {
    const d = diagonals(true);
    for (const x of d) expect(Math.abs(z(x, 0))).toBeLessThan(5);
    const sq = d[0]!.map((v) => 4 * v * v); // (sqrt(4) Q00)^2: mean 1
    expect(Math.abs(z(sq, 1))).toBeLessThan(5);
  });

  it('without the sign correction the diagonal is biased (the same test fails)', () => {
    const d = diagonals(false);
    for (const x of d.slice(0, 3)) expect(Math.abs(z(x, 0))).toBeGreaterThan(5);
  });

  it('2x2: the rotation angle is uniform on (-pi, pi] (KS, alpha = 1e-6)', () => {
    const g = new Generator(77);
    const n = 20000;
    const angles = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const q = orthogonal([2, 2], { generator: g, dtype: 'float64' });
      angles[t] = Math.atan2(q[2]!, q[0]!); // first column (q00, q10)
    }
    expect(ksStatistic(angles, (x) => (x + Math.PI) / (2 * Math.PI))).toBeLessThan(ksCritical(n));
  });
});

describe('orthogonal: errors, nothing half-written', () => {
  const cases: [string, () => unknown, RegExp, ErrorConstructor][] = [
    ['rank 1', () => orthogonal([5], { seed: 1 }), /shape.*at least 2/, RangeError],
    ['rank 0', () => orthogonal([], { seed: 1 }), /shape/, RangeError],
    ['zero dim', () => orthogonal([0, 4], { seed: 1 }), /shape.*non-zero/, RangeError],
    ['zero trailing dim', () => orthogonal([4, 3, 0], { seed: 1 }), /shape.*non-zero/, RangeError],
    ['NaN gain', () => orthogonal([4, 4], { seed: 1, gain: NaN }), /gain must be finite/, RangeError],
    ['infinite gain', () => orthogonal([4, 4], { seed: 1, gain: Infinity }), /gain must be finite/, RangeError],
    ['string gain', () => orthogonal([4, 4], { seed: 1, gain: '2' as unknown as number }), /gain must be a number/, TypeError],
    ['bad dim', () => orthogonal([4, 2.5], { seed: 1 }), /shape\[1\]/, RangeError],
    ['unknown option', () => orthogonal([4, 4], { seed: 1, gian: 2 } as never), /unknown option 'gian'/, TypeError],
    ['huge', () => orthogonal([1e6, 1e6], { seed: 1 }), /does not fit/, RangeError],
    ['delta rank 2', () => deltaOrthogonal([4, 4], { seed: 1 }), /shape.*spatial/, RangeError],
    ['delta out < in', () => deltaOrthogonal([3, 4, 3, 3], { seed: 1 }), /out channels >= in channels/, RangeError],
    ['delta zero kernel', () => deltaOrthogonal([4, 4, 0], { seed: 1 }), /non-zero/, RangeError],
    ['delta center', () => deltaOrthogonal([4, 4, 3], { seed: 1, center: 'middle' as never }), /center/, TypeError],
    ['delta gain', () => deltaOrthogonal([4, 4, 3], { seed: 1, gain: -Infinity }), /gain/, RangeError],
  ];
  for (const [name, f, msg, type] of cases) {
    it(name, () => {
      expect(f).toThrow(type);
      expect(f).toThrow(msg);
    });
  }

  it('a bad out, gain or shape leaves out and the generator untouched', () => {
    const g = new Generator(1);
    const out = new Float32Array(12).fill(7);
    expect(() => orthogonal([4, 4], { generator: g, out })).toThrow(/out has length 12/);
    expect(() => orthogonal([4, 3], { generator: g, out, gain: NaN })).toThrow(RangeError);
    expect(() => orthogonal([4, 3], { generator: g, out: new Int32Array(12) as never })).toThrow(TypeError);
    expect(() => orthogonal([4, 3], { generator: g, out, dtype: 'float64' })).toThrow(TypeError);
    expect(() => deltaOrthogonal([2, 3, 2], { generator: g, out })).toThrow(RangeError);
    expect(g.position).toBe(0n);
    expect([...out].every((v) => v === 7)).toBe(true);
  });
});
