// TorchGenerator: PyTorch's CPU generator (torch.manual_seed) re-implemented, so a JavaScript port
// can start from the very weights its Python original starts from. Its reproducibility target is
// PyTorch 1.13's CPU kernels (AVX2 normal kernel: mathfun.ts; reference LAPACK QR for
// orthogonal_: lapack.ts), not this library's cross-platform contract (docs/torch-parity.md; how
// each replay was checked: docs/torch-provenance.md).
import type { FloatArray, NormalOptions, Sampler, TruncatedNormalOptions, UniformOptions } from '../random/types.js';
import { F32_MAX, fmaF32 } from '../math/f32.js';
import { normalFill16 } from './mathfun.js';
import { torchErfinvF32 } from './erfinv.js';
import { torchOrthogonal } from './lapack.js';
import { erfGlibc } from './glibc/erf.js';
import { logGlibc } from './glibc/log.js';
import { cosGlibc, sinGlibc } from './glibc/sincos.js';
import { count, describe, finite, seed64 } from '../validate.js';
import { floatOut, normalParams, truncatedParams, uniformRange } from '../random/sampling-options.js';

const N = 624;
const M = 397;
const TWO_PI = 2 * Math.PI;
const F24 = 2 ** -24;
const F53 = 2 ** -53;
const fr = Math.fround;

/**
 * PyTorch's `norm_cdf` of `_no_grad_trunc_normal_`: (1 + math.erf(x / math.sqrt(2))) / 2 in
 * double, with glibc 2.36's erf (Python's math.erf on Linux) replayed bit for bit.
 */
function normCdf(x: number): number {
  return (1 + erfGlibc(x / Math.sqrt(2))) / 2;
}

/**
 * PyTorch's CPU random stream, as `torch.manual_seed(seed)` leaves it: same seed, same values as
 * PyTorch's `torch.rand`, `uniform_`, `normal_`, `randn`, `trunc_normal_` and every
 * `torch.nn.init` function built on them, on float32 tensors. Pass it as `generator` to any
 * initializer (`kaimingUniform(shape, { generator: new TorchGenerator(0) })`) or to
 * `torchDefaults.linear` / `.conv` to get the weights `nn.Linear` / `nn.Conv2d` get after
 * `torch.manual_seed(seed)`.
 *
 * The stream (PyTorch's `CPUGeneratorImpl`): mt19937 seeded with seed mod 2^32 (PyTorch truncates
 * too), one 32-bit word per float32 uniform (r & 0xFFFFFF)·2⁻²⁴, two words per float64
 * (53 bits of (first << 32 | second)); normal by PyTorch's Box–Muller layouts (16-value blocks for
 * n ≥ 16, the double scalar path with its cached second value for n < 16); truncated normal by
 * PyTorch's inverse-CDF method (uniform, erfinv, clamp).
 *
 * Bit-exact with PyTorch 1.13 on an x86-64 CPU for float32 tensors where PyTorch runs its AVX2
 * kernels, reference LAPACK (for `orthogonal_`) and glibc 2.36 (for `trunc_normal_`); which draws
 * are exact under which builds, and how that was checked: see docs/torch-provenance.md.
 *
 * Unlike {@link Generator} it has no block position:
 * no `at`, no shards, no `fork`; its values are not part of this library's stream contract.
 * Float64Array outputs receive the float32 values widened, as for {@link Generator} (a float32
 * tensor's values); `uniform64` gives PyTorch's float64 `torch.rand`.
 *
 * @example
 * const g = new TorchGenerator(0);
 * g.uniform(3); // torch.manual_seed(0); torch.rand(3) -> 0.4963, 0.7682, 0.0885
 */
export class TorchGenerator implements Sampler {
  #mt = new Uint32Array(N);
  #index = N;
  #nextDoubleNormal: number | undefined;
  #seed: bigint;

  /**
   * @param seed a non-negative safe integer or a bigint below 2^64, as `torch.manual_seed(seed)`;
   * mt19937 is seeded with seed mod 2^32, like PyTorch's.
   */
  constructor(seed: number | bigint) {
    this.#seed = seed64(seed);
    const mt = this.#mt;
    mt[0] = Number(this.#seed & 0xffffffffn);
    for (let i = 1; i < N; i++) {
      const p = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, p ^ (p >>> 30)) + i) >>> 0;
    }
  }

  /** The seed this generator was created with (`torch.initial_seed()`). */
  get initialSeed(): bigint {
    return this.#seed;
  }

  /** An independent copy in the same state (mt19937 state and the cached normal value). */
  clone(): TorchGenerator {
    const g = new TorchGenerator(0);
    g.#mt.set(this.#mt);
    g.#index = this.#index;
    g.#nextDoubleNormal = this.#nextDoubleNormal;
    g.#seed = this.#seed;
    return g;
  }

  #twist(): void {
    const mt = this.#mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.#index = 0;
  }

  /** The next mt19937 output (tempered). */
  #next(): number {
    if (this.#index >= N) this.#twist();
    let y = this.#mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A float32 uniform in [0, 1): (r & 0xFFFFFF)·2⁻²⁴. */
  #u24(): number {
    return (this.#next() & 0xffffff) * F24;
  }

  /** A float64 uniform in [0, 1): the low 53 bits of (r1 << 32 | r2), times 2⁻⁵³. */
  #u53(): number {
    const hi = this.#next() & 0x1fffff;
    const lo = this.#next();
    return (hi * 2 ** 32 + lo) * F53;
  }

  /**
   * at::normal_distribution<double>: Box–Muller in double, the sine half cached for the next call;
   * ::log, ::sin and ::cos are glibc 2.36's (the FMA variants), replayed bit for bit.
   */
  #normalDouble(): number {
    const cached = this.#nextDoubleNormal;
    if (cached !== undefined) {
      this.#nextDoubleNormal = undefined;
      return cached;
    }
    const u1 = this.#u53();
    const u2 = this.#u53();
    const r = Math.sqrt(-2 * logGlibc(1 - u2));
    const theta = TWO_PI * u1;
    this.#nextDoubleNormal = r * sinGlibc(theta);
    return r * cosGlibc(theta);
  }

  /**
   * Capability (see `Sampler.orthogonal`): `torch.nn.init.orthogonal_` after `torch.manual_seed`,
   * what the `orthogonal` and `deltaOrthogonal` initializers call with this generator. One float32
   * {@link TorchGenerator.normal} draw of rows·cols values, then PyTorch's float32 QR of it (or of
   * its transpose when rows < cols: reference LAPACK's sgeqrf + sorgqr, replayed in lapack.ts),
   * columns times sign(diag(R)) (sign(0) = 0, as torch.sign) unless `signFix` is false, and
   * `mul_(gain)` in float32. Returns the rows x cols matrix, row-major.
   * @throws TypeError / RangeError naming `rows`, `cols` or `gain` (before drawing).
   */
  orthogonal(rows: number, cols: number, gain: number, signFix = true): Float32Array {
    const r = count('rows', rows), c = count('cols', cols), g = finite('gain', gain);
    return torchOrthogonal(this.normal(r * c), r, c, g, signFix);
  }

  /** Raw mt19937 words, in order (`torch.Generator`'s `random()`). */
  uint32(nOrOut: number | Uint32Array): Uint32Array {
    const out = typeof nOrOut === 'number' ? new Uint32Array(count('n', nOrOut)) : nOrOut;
    if (!(out instanceof Uint32Array)) throw new TypeError(`out must be a Uint32Array or a length, got ${describe(nOrOut)}`);
    for (let i = 0; i < out.length; i++) out[i] = this.#next();
    return out;
  }

  /**
   * `torch.rand` / `uniform_(low, high)` on a float32 tensor, bit-exact: one word per value,
   * fma(u, f32(high − low), low) rounded once to float32 (PyTorch's CPU kernel is compiled with
   * FMA contraction), u = (r & 0xFFFFFF)·2⁻²⁴, low and high rounded to float32.
   */
  uniform(n: number, opts?: UniformOptions): Float32Array;
  uniform<T extends FloatArray>(out: T, opts?: UniformOptions): T;
  uniform(nOrOut: number | FloatArray, opts?: UniformOptions): FloatArray {
    const [low, high] = uniformBounds(opts);
    const out = floatOut(nOrOut);
    const l = fr(low);
    const span = fr(fr(high) - l);
    for (let i = 0; i < out.length; i++) out[i] = fmaF32(this.#u24(), span, l);
    return out;
  }

  /**
   * `torch.rand(..., dtype=torch.float64)` / `uniform_` on a float64 tensor: two words per value,
   * u·(high − low) + low in double with u from 53 bits.
   */
  uniform64(nOrOut: number | Float64Array, opts?: UniformOptions): Float64Array {
    const [low, high] = uniformBounds(opts);
    const out = typeof nOrOut === 'number' ? new Float64Array(count('n', nOrOut)) : nOrOut;
    if (!(out instanceof Float64Array)) throw new TypeError(`out must be a Float64Array or a length, got ${describe(nOrOut)}`);
    const span = high - low;
    for (let i = 0; i < out.length; i++) out[i] = this.#u53() * span + low;
    return out;
  }

  /**
   * `normal_(mean, std)` / `torch.randn` on a contiguous float32 tensor of n values, bit-exact
   * with PyTorch's AVX2 kernel:
   * - n ≥ 16: n float32 uniforms, then for each block of 16 at i = 0, 16, …, n − 16 and j < 8:
   *   u1 = 1 − d[i+j], u2 = d[i+j+8], radius = √(−2 ln u1), θ = float(2π)·u2, all float32 with
   *   ATen's Cephes log and sincos (mathfun.ts), d[i+j] = fma(radius·cos θ, std, mean),
   *   d[i+j+8] = fma(radius·sin θ, std, mean); when n % 16 ≠ 0 the last 16 values are replaced by
   *   16 fresh uniforms and transformed once more (PyTorch's layout);
   * - n < 16: each value from PyTorch's double Box–Muller (two 53-bit uniforms per pair, the sine
   *   half kept for the next value — also across calls, as PyTorch's generator keeps it).
   */
  normal(n: number, opts?: NormalOptions): Float32Array;
  normal<T extends FloatArray>(out: T, opts?: NormalOptions): T;
  normal(nOrOut: number | FloatArray, opts?: NormalOptions): FloatArray {
    const { mean, std } = normalParams(opts, 9);
    const out = floatOut(nOrOut);
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = fr(this.#normalDouble() * std + mean);
      return out;
    }
    const m = fr(mean), s = fr(std);
    for (let i = 0; i < n; i++) out[i] = this.#u24();
    for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i, m, s);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = this.#u24();
      normalFill16(out, n - 16, m, s);
    }
    return out;
  }

  /**
   * `torch.nn.init.trunc_normal_(t, mean, std, a, b)` of torch ≤ 2.x on a float32 tensor (inverse
   * CDF): l = Φ((a − mean)/std), u = Φ((b − mean)/std) in double (glibc 2.36's erf, i.e.
   * Python's `math.erf`, replayed bit for bit: src/torch/glibc/erf.ts); `uniform_(2l − 1, 2u − 1)`
   * in float32; PyTorch's float32 erfinv (see erfinv.ts); ×f32(std·√2); +mean; clamped to
   * [f32(a), f32(b)]. Options as {@link Generator.truncatedNormal}: `bounds: 'sigma'` (default)
   * takes a and b in units of std around the mean, `'absolute'` as values (PyTorch's meaning; the
   * defaults mean 0, std 1, a = −2, b = 2 agree in both). Like PyTorch's, this method loses
   * accuracy in far tails (Φ(a) and Φ(b) round to the same float32 and values collapse to a bound);
   * use {@link Generator} for those. Deviation: with an infinite bound PyTorch returns ±Infinity
   * when the uniform hits ∓1 exactly (probability 2⁻²⁴ per value); here such values are clamped
   * to ±3.4028235e38 instead.
   */
  truncatedNormal(n: number, opts?: TruncatedNormalOptions): Float32Array;
  truncatedNormal<T extends FloatArray>(out: T, opts?: TruncatedNormalOptions): T;
  truncatedNormal(nOrOut: number | FloatArray, opts?: TruncatedNormalOptions): FloatArray {
    const { mean, std, lo, hi } = truncatedParams(opts);
    const out = floatOut(nOrOut);
    const l = normCdf((lo - mean) / std);
    const u = normCdf((hi - mean) / std);
    const from = fr(2 * l - 1);
    const span = fr(fr(2 * u - 1) - from);
    const scale = fr(std * Math.sqrt(2));
    const m = fr(mean);
    const loF = Math.max(fr(lo), -F32_MAX), hiF = Math.min(fr(hi), F32_MAX);
    for (let i = 0; i < out.length; i++) {
      const x = fmaF32(this.#u24(), span, from);
      const v = fr(fr(torchErfinvF32(x) * scale) + m);
      out[i] = v < loF ? loF : v > hiF ? hiF : v;
    }
    return out;
  }
}

function uniformBounds(opts: UniformOptions | undefined): [number, number] {
  const { low, high } = uniformRange(opts);
  return [low, high];
}
