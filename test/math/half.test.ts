// float32 -> bfloat16 / float16 against an independent reference: the float32 value as an exact
// BigInt-scaled rational, rounded to the target grid (nearest, ties to even) and encoded by hand.
import { afterAll, describe, expect, test } from 'vitest';
import { bf16FromBits, f16FromBits, halfInterval, halfToNumber, toHalf, type HalfFormat } from '../../src/math/half.js';
import { setBackend, type BackendName } from '../../src/index.js';

const BACKENDS: BackendName[] = ['wasm-simd', 'wasm-scalar', 'js'];
afterAll(() => setBackend('wasm-simd'));

const FORMATS = {
  bfloat16: { p: 7, bias: 127, ebits: 8, convert: bf16FromBits },
  float16: { p: 10, bias: 15, ebits: 5, convert: f16FromBits },
} as const;

function reference(x: number, format: HalfFormat): number {
  const { p, bias, ebits } = FORMATS[format];
  const s = x >>> 31 ? 0x8000 : 0;
  const e = (x >>> 23) & 0xff, f = x & 0x7fffff;
  const inf = ((1 << ebits) - 1) << p;
  if (e === 255) return f === 0 ? s | inf : -1; // NaN: checked separately
  let M = BigInt(e === 0 ? f : f | 0x800000);
  const E = (e === 0 ? 1 : e) - 150; // value = M · 2^E exactly
  if (M === 0n) return s;
  const lead = M.toString(2).length - 1 + E;
  const emin = 1 - bias;
  let q = Math.max(lead, emin) - p; // the grid spacing around the value is 2^q
  let N: bigint;
  if (E >= q) N = M << BigInt(E - q);
  else {
    const sh = BigInt(q - E), fl = M >> sh, rem = M - (fl << sh), half = 1n << (sh - 1n);
    N = rem > half || (rem === half && (fl & 1n) === 1n) ? fl + 1n : fl;
  }
  M = N;
  if (M === 0n) return s;
  if (q === emin - p && M < 1n << BigInt(p + 1)) return s | Number(M); // subnormal, or 2^emin itself
  while (M >= 1n << BigInt(p + 1)) { M >>= 1n; q++; } // a carry: M was 2^(p+1)
  const field = q + p + bias;
  if (field >= (1 << ebits) - 1) return s | inf;
  return s | (field << p) | Number(M - (1n << BigInt(p)));
}

const bitsOf = (v: number) => new Uint32Array(new Float32Array([v]).buffer)[0]!;

function special(format: HalfFormat): number[] {
  const xs = [0, 0x80000000, 0x7f800000, 0xff800000, 1, 0x80000001, 0x007fffff, 0x00400000, 0x00008000, 0x00018000,
    0x7f7fffff, 0xff7fffff, 0x7f7f7fff, 0x7f7f8000, 0x7f7e8000, 0x7f7e8001, 0x3f800000, 0x3f808000, 0x3f818000, 0x3f801000, 0x3f803000];
  for (const v of [65504, 65519.99, 65520, 65536, 2 ** -14, 2 ** -24, 2 ** -25, 3 * 2 ** -25, 5 * 2 ** -25, 2 ** -26, 1.5 * 2 ** -25,
    2 ** -14 - 2 ** -25, 2 ** -14 - 2 ** -26, 2 ** -126, 2 ** -133, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -8, 1 + 3 * 2 ** -8]) {
    xs.push(bitsOf(v), bitsOf(-v));
  }
  // Exact halfway ties of both parities and their neighbours, in every binade the format reaches.
  const drop = format === 'bfloat16' ? 16 : 13;
  for (let e = 1; e < 255; e += 3) {
    for (const lsb of [0, 1]) {
      const t = ((e << 23) | (lsb << drop) | (1 << (drop - 1))) >>> 0;
      xs.push(t, t - 1, t + 1, (t | 0x80000000) >>> 0);
    }
  }
  // float16 subnormal ties: k + 1/2 units of 2^-24.
  for (let k = 0; k < 1024; k += 37) xs.push(bitsOf((k + 0.5) * 2 ** -24), bitsOf(-(k + 0.5) * 2 ** -24));
  return xs.map((x) => x >>> 0);
}

describe.each(['bfloat16', 'float16'] as const)('%s', (format) => {
  const { convert, ebits, p } = FORMATS[format];
  test('every bit-pattern class equals the exact reference', () => {
    for (const x of special(format)) expect([x.toString(16), convert(x)]).toEqual([x.toString(16), reference(x, format)]);
  });

  test('NaN stays a quiet NaN with its sign, whatever its payload', () => {
    const expMask = ((1 << ebits) - 1) << p, quiet = 1 << (p - 1);
    for (const x of [0x7f800001, 0xff800001, 0x7fc00000, 0xffffffff, 0x7f802000, 0x7fbfffff]) {
      const h = convert(x);
      expect(h & expMask).toBe(expMask);
      expect(h & quiet).toBe(quiet);
      expect(h >>> 15).toBe(x >>> 31);
      expect(Number.isNaN(halfToNumber(h, format))).toBe(true);
    }
  });

  test('a random sweep of float32 bit patterns, and toHalf over arrays equals the scalar', () => {
    let s = 0x9e3779b9;
    const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
    const src = new Uint32Array(200_003);
    for (let i = 0; i < src.length; i++) {
      // Half the patterns near the format's range, so every branch is hit often.
      const x = next();
      src[i] = i & 1 ? x : ((x & 0x807fffff) | (((x >>> 23) % 48 + (format === 'float16' ? 90 : 0)) << 23)) >>> 0;
    }
    // Every backend's kernel (the WASM SIMD build rounds bfloat16 8 lanes at a time; 200 003 values
    // leave a scalar tail, and the scratch is refilled several times) equals the reference.
    for (const b of BACKENDS) {
      setBackend(b);
      const dst = toHalf(new Float32Array(src.buffer), new Uint16Array(src.length), format);
      for (let i = 0; i < src.length; i++) {
        const x = src[i]!;
        if ((x & 0x7fffffff) > 0x7f800000) { expect(dst[i], b).toBe(convert(x)); continue; }
        if (dst[i] !== reference(x, format)) expect([b, x.toString(16), dst[i]]).toEqual([b, x.toString(16), reference(x, format)]);
      }
      // A subarray with a byteOffset reads the right float32s.
      const f = new Float32Array(src.buffer, 4 * 3, 10);
      expect(Array.from(toHalf(f, new Uint16Array(10), format)), b).toEqual(Array.from(src.subarray(3, 13), (x) => convert(x)));
    }
  });

  test('every non-NaN half value converts back to itself (halfToNumber is exact)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = halfToNumber(h, format);
      if (Number.isNaN(v)) continue;
      expect(convert(bitsOf(v))).toBe(h);
    }
  });

  test('toHalf with bounds: a rounding past a bound that is not representable steps back inside', () => {
    const lo = -2.0001, hi = 1.00049; // neither representable in either format
    const vals = new Float32Array([1.00049, 1.0004, 0.9999, -2.0001, -2.00009, 0, -0, 3e-8, -3e-8]);
    for (const b of BACKENDS) {
      setBackend(b);
      const h = toHalf(vals, new Uint16Array(vals.length), format, [lo, hi]);
      for (const x of h) {
        const v = halfToNumber(x, format);
        expect(v >= lo && v <= hi, b).toBe(true);
      }
      const z = toHalf(new Float32Array([0, -0]), new Uint16Array(2), format, [1e-9, 1]);
      expect(halfToNumber(z[0]!, format), b).toBeGreaterThan(0);
      expect(halfToNumber(z[1]!, format), b).toBeGreaterThan(0);
      // NaN is never moved; values already inside are untouched.
      const n = toHalf(new Float32Array([NaN, 0.5]), new Uint16Array(2), format, [lo, hi]);
      expect(Number.isNaN(halfToNumber(n[0]!, format)), b).toBe(true);
      expect(halfToNumber(n[1]!, format), b).toBe(0.5);
    }
    expect(halfInterval(1.0001, 1.0002, format)).toBeUndefined();
    expect(halfInterval(-Infinity, Infinity, format)).toEqual([-Infinity, Infinity]);
    // Brute force over all 2^16 patterns.
    for (const [l, u] of [[0.99, 1.01], [-3.3e-6, 7.1e-7], [-70000, 1e-3], [2 ** -24, 2 ** -24]]) {
      let min = Infinity, max = -Infinity;
      for (let b = 0; b < 0x10000; b++) {
        const v = halfToNumber(b, format);
        if (v >= l! && v <= u!) { min = Math.min(min, v); max = Math.max(max, v); }
      }
      expect(halfInterval(l!, u!, format)).toEqual(min <= max ? [min, max] : undefined);
    }
  });
});

describe('initializers with a half dtype', () => {
  test('one stream: the half result is the float32 result rounded, also with out and a slice or range', async () => {
    const { getInitializer, normal, orthogonal, zeros } = await import('../../src/index.js');
    for (const format of ['bfloat16', 'float16'] as const) {
      for (const id of ['uniform', 'normal', 'truncated_normal', 'he_normal', 'glorot_uniform', 'kaiming_normal', 'constant', 'eye', 'sparse']) {
        const init = getInitializer(id, id === 'constant' ? { value: 0.3 } : id === 'sparse' ? { sparsity: 0.5 } : {}) as (s: number[], o?: object) => Float32Array | Uint16Array;
        const f32 = init([6, 10], { seed: 2 }) as Float32Array;
        const h = init([6, 10], { seed: 2, dtype: format });
        expect(h).toBeInstanceOf(Uint16Array);
        expect(Array.from(h)).toEqual(Array.from(toHalf(f32, new Uint16Array(60), format)));
        const r = init([6, 10], { seed: 2, dtype: format, range: [7, 33] });
        expect(Array.from(r)).toEqual(Array.from(h.subarray(7, 33)));
      }
      const out = new Uint16Array(12);
      const s = normal([6, 10], { seed: 3, dtype: format, slice: [[1, 4], [2, 6]], out });
      expect(s).toBe(out);
      const whole = normal([6, 10], { seed: 3, dtype: format });
      expect(Array.from(s)).toEqual([1, 2, 3].flatMap((i) => Array.from(whole.subarray(i * 10 + 2, i * 10 + 6))));
      expect(zeros([3], { dtype: format })).toEqual(new Uint16Array(3));
      expect(orthogonal([4, 4], { seed: 1, dtype: format })).toBeInstanceOf(Uint16Array);
    }
  });

  test('a Uint16Array out needs an explicit half dtype; a failed call writes nothing', async () => {
    const { Generator, normal } = await import('../../src/index.js');
    const out = new Uint16Array(4).fill(9);
    const g = new Generator(0);
    expect(() => normal([4], { generator: g, out })).toThrow(/out is a Uint16Array: pass dtype 'bfloat16' or 'float16'/);
    expect(() => normal([4], { generator: g, out, dtype: 'float32' })).toThrow(TypeError);
    expect(() => normal([4], { generator: g, out: new Float32Array(4), dtype: 'float16' })).toThrow(/out is a Float32Array but dtype is 'float16'/);
    expect(() => normal([4], { generator: g, out, dtype: 'float16', std: -1 })).toThrow(/std/);
    expect(() => normal([4], { generator: g, out: new Uint16Array(3), dtype: 'float16' })).toThrow(/out has length 3/);
    expect(() => normal([4], { generator: g, dtype: 'float8' as never })).toThrow(/dtype must be one of/);
    expect(Array.from(out)).toEqual([9, 9, 9, 9]);
    expect(g.position).toBe(0n);
  });

  test('truncated normals stay inside bounds that the format cannot represent', async () => {
    const { getInitializer, truncatedNormal, varianceScaling } = await import('../../src/index.js');
    for (const format of ['bfloat16', 'float16'] as const) {
      let crossed = 0;
      const cases: [number, number, number, number][] = [[0, 1, -1.00049, 1.00049], [0.3, 0.01, 0.29883, 0.3012], [0, 1e-3, -2.0003e-3, 2.0003e-3], [5, 0.5, 4.00123, 6.0031]];
      for (const [mean, std, a, b] of cases) {
        const h = truncatedNormal([20000], { seed: 5, mean, std, a, b, bounds: 'absolute', dtype: format });
        let lo = Infinity, hi = -Infinity;
        for (const x of h) { const v = halfToNumber(x, format); lo = Math.min(lo, v); hi = Math.max(hi, v); }
        expect(lo).toBeGreaterThanOrEqual(a);
        expect(hi).toBeLessThanOrEqual(b);
        // Plain rounding of the same float32 values does leave the bounds: the rule was exercised.
        const plain = toHalf(truncatedNormal([20000], { seed: 5, mean, std, a, b, bounds: 'absolute' }), new Uint16Array(20000), format);
        crossed += plain.filter((x) => halfToNumber(x, format) < a || halfToNumber(x, format) > b).length;
      }
      expect(crossed).toBeGreaterThan(0);
      // varianceScaling's ±2σ: σ = √(1/fan)/0.8796… is not representable.
      for (const fan of [3, 7, 300]) {
        const std = Math.sqrt(1 / fan) / 0.87962566103423978;
        for (const w of [varianceScaling([40000 / fan | 0, fan], { seed: fan, dtype: format }), getInitializer('lecun_normal')([400, fan], { seed: 1, dtype: format }) as Uint16Array]) {
          for (const x of w) expect(Math.abs(halfToNumber(x, format)) <= 2 * std).toBe(true);
        }
      }
      expect(() => truncatedNormal([4], { a: 1.0001, b: 1.0002, bounds: 'absolute', dtype: format })).toThrow(new RegExp(`a, b: the interval .* holds no ${format} value`));
    }
  });
});
