// TorchGenerator against PyTorch 1.13 (test/fixtures/torch_init_fixtures.json and
// torch_extra_fixtures.json, see test/fixtures/README.md): uniform- and normal-based draws,
// trunc_normal_ and torch.erfinv (glibc 2.36 libm) and orthogonal_ (with reference LAPACK) bit-exact;
// plus its erf/erfinv, float32 and float64 fma and the AVX2 log/sincos lanes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  Generator, TorchGenerator, deltaOrthogonal, kaimingNormal, kaimingUniform, normal, orthogonal, torchDefaults,
  truncatedNormal, uniform, xavierNormal, xavierUniform, glorotNormal, sparse, varianceScaling, getInitializer,
} from '../../src/index.js';
import { erf, erfc, erfinv } from '../support/erfinv.js';
import { fmaF32 } from '../../src/math/f32.js';
import { lastSin, logF32, sincosF32 } from '../../src/torch/mathfun.js';
import { fma64, torchErfinvF32 } from '../../src/torch/erfinv.js';
import type { Nonlinearity } from '../../src/initializers/gain.js';

type Entry = Record<string, unknown> & { seed: number; values: number[] };
const fx = JSON.parse(readFileSync(new URL('../fixtures/torch_init_fixtures.json', import.meta.url), 'utf8')) as Record<string, Entry[]>;
const entries = (key: string): Entry[] => fx[key]!;
const camel = (mode: unknown) => (mode === 'fan_in' ? 'fanIn' : 'fanOut');

/** Same length and the same float32 bit patterns (so −0 ≠ +0), counting the elements that differ. */
function exact(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  const a = new Uint32Array(Float32Array.from(actual).buffer), e = new Uint32Array(Float32Array.from(expected).buffer);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) differ++;
  expect(differ).toBe(0);
}

/** Every |a − e| ≤ 1e-5·|e| (values are float32, written exactly in the fixtures). */
function close(actual: ArrayLike<number>, expected: number[], rel = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => { worst = Math.max(worst, Math.abs(actual[i]! - e) / Math.abs(e)); });
  expect(worst).toBeLessThanOrEqual(rel);
}

describe('uniform-based draws are bit-exact', () => {
  test.each(entries('rand'))('torch.rand(40), seed $seed', (e) => {
    exact(new TorchGenerator(e.seed).uniform(e.n as number), e.values);
  });
  test('uniform_(-0.3, 1.7)', () => {
    for (const e of entries('uniform_')) exact(uniform(e.shape as number[], { low: e.low as number, high: e.high as number, generator: new TorchGenerator(e.seed) }), e.values);
  });
  test.each(entries('kaiming_uniform_'))('kaiming_uniform_ a=$a $mode $nonlinearity', (e) => {
    const w = kaimingUniform(e.shape as number[], { a: e.a as number, mode: camel(e.mode), nonlinearity: e.nonlinearity as Nonlinearity, generator: new TorchGenerator(e.seed) });
    exact(w, e.values);
  });
  test.each(entries('xavier_uniform_'))('xavier_uniform_ gain=$gain', (e) => {
    exact(xavierUniform(e.shape as number[], { gain: e.gain as number, generator: new TorchGenerator(e.seed) }), e.values);
  });
  test.each(entries('nn_linear_default'))('nn.Linear($in_features, $out_features), seed $seed', (e) => {
    const { weight, bias } = torchDefaults.linear(e.in_features as number, e.out_features as number, { generator: new TorchGenerator(e.seed) });
    exact(weight, e.weight as number[]);
    exact(bias!, e.bias as number[]);
  });
  test.each(entries('nn_conv2d_default'))('nn.Conv2d($in_channels, $out_channels, $kernel_size), seed $seed', (e) => {
    const k = e.kernel_size as number;
    const { weight, bias } = torchDefaults.conv([e.out_channels as number, e.in_channels as number, k, k], { generator: new TorchGenerator(e.seed) });
    exact(weight, e.weight as number[]);
    exact(bias!, e.bias as number[]);
  });
});

describe('normal-based draws are bit-exact', () => {
  test.each(entries('randn'))('torch.randn($n), seed $seed', (e) => {
    exact(new TorchGenerator(e.seed).normal(e.n as number), e.values);
  });
  test('normal_(0.5, 2)', () => {
    for (const e of entries('normal_')) exact(normal(e.shape as number[], { mean: e.mean as number, std: e.std as number, generator: new TorchGenerator(e.seed) }), e.values);
  });
  test('kaiming_normal_', () => {
    for (const e of entries('kaiming_normal_')) {
      exact(kaimingNormal(e.shape as number[], { mode: camel(e.mode), nonlinearity: e.nonlinearity as Nonlinearity, generator: new TorchGenerator(e.seed) }), e.values);
    }
  });
  test('xavier_normal_', () => {
    for (const e of entries('xavier_normal_')) exact(xavierNormal(e.shape as number[], { gain: e.gain as number, generator: new TorchGenerator(e.seed) }), e.values);
  });
  test('trunc_normal_ (inverse CDF, torch <= 2.x)', () => {
    for (const e of entries('trunc_normal_')) {
      const opts = { mean: e.mean as number, std: e.std as number, a: e.a as number, b: e.b as number, bounds: 'absolute' as const };
      exact(truncatedNormal(e.shape as number[], { ...opts, generator: new TorchGenerator(e.seed) }), e.values);
    }
  });
  // These four were made by a PyTorch whose LAPACK was OpenBLAS 0.3.21 (SkylakeX kernels), whose
  // QR rounds differently from the reference LAPACK reproduced here (bit-exact against
  // torch_extra_fixtures.json below); element-wise, the two float32 QRs agree to 1e-5 here.
  test.each(entries('orthogonal_'))('orthogonal_ $shape (OpenBLAS-made) within 1e-5 relative', (e) => {
    close(orthogonal(e.shape as number[], { gain: e.gain as number, generator: new TorchGenerator(e.seed) }), e.values);
  });
});

type Extra = Record<string, unknown> & { fn: string; seed: number; values?: number[]; n?: number; sha256?: string; head?: number[] };
const extra = JSON.parse(readFileSync(new URL('../fixtures/torch_extra_fixtures.json', import.meta.url), 'utf8')) as { entries: Extra[] };

function call(e: Extra): Float32Array {
  const g = new TorchGenerator(e.seed);
  const shape = e.shape as number[];
  const num = (k: string) => e[k] as number;
  switch (e.fn) {
    case 'randn': return g.normal(num('n'));
    case 'normal_': return normal(shape, { mean: num('mean'), std: num('std'), generator: g }) as Float32Array;
    case 'normal_seq': return Float32Array.from((e.sizes as number[]).flatMap((k) => Array.from(normal([k], { mean: num('mean'), std: num('std'), generator: g }))));
    case 'kaiming_normal_':
      return kaimingNormal(shape, { a: num('a'), mode: camel(e.mode), nonlinearity: e.nonlinearity as Nonlinearity, generator: g }) as Float32Array;
    case 'xavier_normal_': return xavierNormal(shape, { gain: num('gain'), generator: g }) as Float32Array;
    case 'orthogonal_': return orthogonal(shape, { gain: num('gain'), generator: g }) as Float32Array;
    case 'trunc_normal_':
      return truncatedNormal(shape, { mean: num('mean'), std: num('std'), a: num('a'), b: num('b'), bounds: 'absolute', generator: g }) as Float32Array;
    case 'erfinv': {
      const x = e.inputs ? Float32Array.from(e.inputs as number[]) : new Float32Array(num('n'));
      if (!e.inputs) {
        const bits = new Uint32Array(x.buffer);
        for (let i = 0; i < x.length; i++) bits[i] = (num('bits_from') + i * num('bits_step')) >>> 0;
      }
      return x.map(torchErfinvF32);
    }
    default: throw new Error(`unknown fixture function ${e.fn}`);
  }
}

describe('torch_extra_fixtures.json (reference LAPACK): bit-exact', () => {
  const label = (e: Extra) => e.fn === 'erfinv'
    ? `erfinv ${e.inputs ? `of ${(e.inputs as number[]).length} edge inputs` : `of ${e.n} float32s from bits 0x${(e.bits_from as number).toString(16)} step ${e.bits_step}`}`
    : `${e.fn} seed ${e.seed} ${JSON.stringify(e.shape ?? e.n ?? e.sizes)}${e.gain !== undefined ? ` gain ${e.gain}` : ''}${e.mean !== undefined ? ` mean ${e.mean} std ${e.std}` : ''}${e.fn === 'trunc_normal_' ? ` [${e.a}, ${e.b}]` : ''}`;
  test.each(extra.entries.filter((e) => e.values).map((e) => [label(e), e] as const))('%s', (_, e) => {
    exact(call(e), e.values!);
  });
  test.each(extra.entries.filter((e) => e.sha256).map((e) => [label(e), e] as const))('%s (SHA-256 of the float32 bytes)', (_, e) => {
    const w = call(e);
    expect(w.length).toBe(e.n);
    exact(w.subarray(0, e.head!.length), e.head!);
    expect(createHash('sha256').update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength)).digest('hex')).toBe(e.sha256);
  });
  test('covers the 16-value kernel, the double path, and blocked and unblocked QR', () => {
    const ortho = extra.entries.filter((e) => e.fn === 'orthogonal_').map((e) => e.shape as number[]);
    const k = (s: number[]) => Math.min(s[0]!, s.slice(1).reduce((p, x) => p * x, 1));
    expect(ortho.some((s) => k(s) > 128) && ortho.some((s) => k(s) === 128) && ortho.some((s) => s[0] === 1)).toBe(true);
    expect(extra.entries.some((e) => e.fn === 'normal_seq') && extra.entries.some((e) => e.fn === 'randn' && (e.n as number) % 16 !== 0)).toBe(true);
    const tn = extra.entries.filter((e) => e.fn === 'trunc_normal_');
    expect(tn.some((e) => e.mean !== 0 && e.values) && tn.some((e) => e.sha256) && extra.entries.some((e) => e.fn === 'erfinv' && e.sha256)).toBe(true);
  });
  test('deltaOrthogonal with a TorchGenerator: its centre is orthogonal([out, in]) of the same stream', () => {
    const w = deltaOrthogonal([6, 4, 3, 3], { generator: new TorchGenerator(1) });
    const q = orthogonal([6, 4], { generator: new TorchGenerator(1) });
    exact(Array.from({ length: 24 }, (_, i) => w[i * 9 + 4]!), q);
  });
});

describe('TorchGenerator stream', () => {
  test('seed mod 2^32 like torch.manual_seed, first mt19937 words', () => {
    // std::mt19937(5489) starts 3499211612, 581869302; (0) starts 2357136044.
    expect(Array.from(new TorchGenerator(5489).uint32(2))).toEqual([3499211612, 581869302]);
    expect(new TorchGenerator(0).uint32(1)[0]).toBe(2357136044);
    exact(new TorchGenerator(2n ** 32n + 7n).uniform(50), Array.from(new TorchGenerator(7).uniform(50)));
    // The 10000th output of std::mt19937 (default seed) is 4123659995 (C++ standard, [rand.predef]).
    expect(new TorchGenerator(5489).uint32(10000)[9999]).toBe(4123659995);
  });
  test('n < 16 normals share the cached double across calls; n >= 16 does not touch it', () => {
    const all = new TorchGenerator(3).normal(6);
    const g = new TorchGenerator(3);
    exact(Float32Array.from([...g.normal(3), ...g.normal(3)]), Array.from(all));
    const a = new TorchGenerator(3), b = new TorchGenerator(3);
    a.normal(1); // caches the sine half
    b.normal(1);
    exact(a.normal(32), Array.from(b.normal(32)));
    expect(a.normal(1)[0]).toBe(b.normal(1)[0]);
  });
  test('float64 outputs are the float32 values widened; uniform64 is torch float64 rand', () => {
    exact(new TorchGenerator(1).normal(new Float64Array(40)), Array.from(new TorchGenerator(1).normal(40)));
    exact(new TorchGenerator(1).truncatedNormal(new Float64Array(9)), Array.from(new TorchGenerator(1).truncatedNormal(9)));
    const w = new TorchGenerator(0).uint32(2);
    const u = new TorchGenerator(0).uniform64(1)[0]!;
    expect(u).toBe(((w[0]! & 0x1fffff) * 2 ** 32 + w[1]!) * 2 ** -53);
  });
  test('clone continues identically', () => {
    const g = new TorchGenerator(9);
    g.normal(3);
    const c = g.clone();
    exact(c.normal(21), Array.from(g.normal(21)));
    expect(c.initialSeed).toBe(9n);
  });
  test('every initializer accepts it, including sparse, varianceScaling and getInitializer', () => {
    const g = () => new TorchGenerator(4);
    expect(sparse([8, 6], { sparsity: 0.5, generator: g() }).filter((v) => v === 0).length).toBe(24);
    expect(varianceScaling([30, 20], { generator: g() }).every((v) => Math.abs(v) <= 2 * Math.sqrt(1 / 20) / 0.8796 + 1e-6)).toBe(true);
    expect(glorotNormal([5, 5], { generator: g() })).toEqual(glorotNormal([5, 5], { generator: g() }));
    expect(getInitializer('kaiming_uniform_')([6, 5], { generator: g() })).toEqual(kaimingUniform([6, 5], { generator: g() }));
    expect(orthogonal([6, 9], { generator: g(), dtype: 'float64' }).length).toBe(54);
  });
  test('truncated normal: sigma bounds, one-sided bounds stay finite and inside', () => {
    const t = new TorchGenerator(2).truncatedNormal(1000, { mean: 1, std: 0.5, a: -1, b: 1.5 });
    expect(t.every((v) => v >= 0.5 && v <= 1.75)).toBe(true);
    const one = new TorchGenerator(2).truncatedNormal(5000, { a: 0, b: Infinity });
    expect(one.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
  });
  test('bad input: errors name the argument, nothing drawn', () => {
    expect(() => new TorchGenerator(-1)).toThrow(/seed/);
    expect(() => new TorchGenerator(1.5)).toThrow(RangeError);
    expect(() => new TorchGenerator(2n ** 64n)).toThrow(RangeError);
    expect(() => new TorchGenerator('1' as unknown as number)).toThrow(TypeError);
    const g = new TorchGenerator(0);
    expect(() => g.uniform(4, { low: 1, high: 0 })).toThrow(/low/);
    expect(() => g.normal(4, { std: 0 })).toThrow(/std/);
    expect(() => g.normal(4, { sd: 1 } as never)).toThrow(/unknown option 'sd'/);
    expect(() => g.truncatedNormal(4, { a: 2, b: 1 })).toThrow(/a must be < b/);
    expect(() => g.uniform(new Int32Array(3) as never)).toThrow(/out/);
    expect(() => g.uint32(-1)).toThrow(/n must/);
    expect(() => uniform([3], { generator: {} as never })).toThrow(/generator must be a Generator or a TorchGenerator/);
    expect(g.uniform(3)).toEqual(new TorchGenerator(0).uniform(3)); // nothing moved
  });
  test('Generator and TorchGenerator are different streams', () => {
    expect(uniform([8], { generator: new Generator(0) })).not.toEqual(uniform([8], { generator: new TorchGenerator(0) }));
  });
});

describe('erf, erfinv in double; float32 fma', () => {
  test('reference values', () => {
    expect(erfinv(0.5)).toBeCloseTo(0.4769362762044699, 15);
    expect(Math.abs(erfinv(0.9) / 1.1630871536766743 - 1)).toBeLessThan(3e-15);
    expect(Math.abs(erfinv(-0.999) / -2.326753765513525 - 1)).toBeLessThan(3e-15);
    expect(Math.abs(erf(1) / 0.8427007929497149 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(erfc(3) / 2.209049699858544e-5 - 1)).toBeLessThan(1e-14);
    expect(erfinv(1)).toBe(Infinity);
    expect(erfinv(-1)).toBe(-Infinity);
    expect(Object.is(erfinv(-0), -0)).toBe(true);
    expect(erfinv(1.5)).toBeNaN();
  });
  test('round trips erf(erfinv(y)) = y to 1e-13 relative, in the tails through erfc', () => {
    let worst = 0;
    for (let k = 1; k < 2000; k++) {
      const y = -1 + k / 1000;
      if (y === 0) continue;
      const x = erfinv(y);
      const err = Math.abs(y) <= 0.5 ? Math.abs(erf(x) - y) / Math.abs(y) : Math.abs(erfc(Math.abs(x)) - (1 - Math.abs(y))) / (1 - Math.abs(y));
      worst = Math.max(worst, err);
    }
    for (const t of [1e-3, 1e-6, 1e-9, 1e-12, 1e-15]) {
      const tail = 1 - (1 - t); // what 1 − y really is for y = 1 − t in double
      worst = Math.max(worst, Math.abs(erfc(erfinv(1 - t)) - tail) / tail);
      worst = Math.max(worst, Math.abs(erf(erfinv(t)) - t) / t);
    }
    expect(worst).toBeLessThan(1e-13);
  });
  test('fmaF32 rounds once', () => {
    const a = Math.fround(2 ** -24 * (1 + 2 ** -15)), b = Math.fround(1 - 2 ** -15), c = Math.fround(1 + 2 ** -23);
    // a·b + c = c + 2^-24 − 2^-54: just below the midpoint between c and its successor.
    expect(Math.fround(a * b + c)).toBe(1 + 2 ** -22); // double rounding goes wrong
    expect(fmaF32(a, b, c)).toBe(1 + 2 ** -23);
    expect(fmaF32(-a, -b, c)).toBe(1 + 2 ** -23);
    expect(fmaF32(0.5, 0.25, 1)).toBe(1.125);
  });
  test('fma64 rounds a·b + c once (against exact BigInt arithmetic)', () => {
    const dv = new DataView(new ArrayBuffer(8));
    // x = m·2^e exactly, m a BigInt.
    const parts = (x: number): [bigint, number] => {
      dv.setFloat64(0, x);
      const bits = dv.getBigUint64(0), ex = Number((bits >> 52n) & 0x7ffn), frac = bits & ((1n << 52n) - 1n);
      const m = ex === 0 ? frac : frac | (1n << 52n);
      return [bits >> 63n ? -m : m, (ex === 0 ? 1 : ex) - 1075];
    };
    // Nearest-even double of m·2^e (normal range only, which the cases below stay in).
    const round = (m: bigint, e: number): number => {
      if (m === 0n) return 0;
      const neg = m < 0n;
      let a = neg ? -m : m;
      const len = a.toString(2).length;
      if (len > 53) {
        const sh = BigInt(len - 53), q = a >> sh, r = a - (q << sh), half = 1n << (sh - 1n);
        a = r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
        e += len - 53;
      }
      const v = Number(a) * 2 ** e;
      return neg ? -v : v;
    };
    const exactFma = (a: number, b: number, c: number): number => {
      const [ma, ea] = parts(a), [mb, eb] = parts(b), [mc, ec] = parts(c);
      const ep = ea + eb, e = Math.min(ep, ec);
      return round((ma * mb << BigInt(ep - e)) + (mc << BigInt(ec - e)), e);
    };
    let s = 12345;
    const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
    let plainDiffers = 0;
    for (let i = 0; i < 20000; i++) {
      const a = (rnd() - 0.5) * 2 ** Math.floor(rnd() * 20 - 10);
      const b = (rnd() - 0.5) * 2 ** Math.floor(rnd() * 20 - 10);
      // c near −a·b half of the time (cancellation), else of any size.
      const c = i % 2 ? -(a * b) * (1 + (rnd() - 0.5) * 2 ** -Math.floor(rnd() * 50)) : (rnd() - 0.5) * 2 ** Math.floor(rnd() * 40 - 20);
      const want = exactFma(a, b, c);
      expect(fma64(a, b, c)).toBe(want);
      if (a * b + c !== want) plainDiffers++;
    }
    expect(plainDiffers).toBeGreaterThan(1000); // the cases do exercise the single rounding
    expect(fma64(1 + 2 ** -52, 1 - 2 ** -53, -1)).toBe(2 ** -53 - 2 ** -105);
  });
  test('torch.erfinv: ±1 give ±Infinity, |y| > 1 and NaN give NaN', () => {
    expect(torchErfinvF32(1)).toBe(Infinity);
    expect(torchErfinvF32(-1)).toBe(-Infinity);
    expect(torchErfinvF32(Math.fround(1 + 2 ** -23))).toBeNaN();
    expect(torchErfinvF32(NaN)).toBeNaN();
  });
  test('AVX2 lanes: log and sincos are the Cephes float32 approximations, within 2 ulp of the true values', () => {
    const ulp = (x: number) => { const f = Math.fround(Math.abs(x)); return Math.fround(f * (1 + 2 ** -23)) - f || 2 ** -149; };
    let worst = 0;
    for (let k = 1; k <= 1 << 14; k++) {
      const u = Math.fround(k / (1 << 14));
      const l = logF32(u);
      if (u !== 1) worst = Math.max(worst, Math.abs(l - Math.log(u)) / ulp(Math.log(u)));
      const t = Math.fround(2 * Math.PI * u);
      const c = sincosF32(t), sn = lastSin();
      worst = Math.max(worst, Math.abs(c - Math.cos(t)) / Math.max(ulp(Math.cos(t)), 2 ** -24), Math.abs(sn - Math.sin(t)) / Math.max(ulp(Math.sin(t)), 2 ** -24));
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(logF32(1)).toBe(0);
    expect(logF32(0)).toBeNaN();
    expect(logF32(-1)).toBeNaN();
  });
});
