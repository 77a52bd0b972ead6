// Argument ranges for measuring src/math/elementary.ts against test/support/bigfloat.mjs: shared by
// test/math/elementary.test.ts (a few thousand per range) and scripts/measure-ulp.mjs (≥ 10^6 per
// function), so both measure the same places. Deterministic: a seeded 32-bit generator, doubles built
// from bits (no Math.* beyond integer ops).

/** sfc32: a small-state 32-bit generator; returns a function giving uint32s. */
export function makeRng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

const dv = new DataView(new ArrayBuffer(8));
/** Uniform double in [0, 1) (53 random bits). */
export function unit(rng) { return ((rng() >>> 5) * 67108864 + (rng() >>> 6)) / 9007199254740992; }
/** Uniform in [lo, hi). */
export function uniform(rng, lo, hi) { return lo + (hi - lo) * unit(rng); }
/** A double with a uniformly random biased exponent in [e0, e1] (0 = subnormal) and random fraction: log-uniform magnitude. */
export function bitsInBinades(rng, e0, e1, negative = false) {
  const be = e0 + (rng() % (e1 - e0 + 1));
  dv.setUint32(0, ((negative ? 0x80000000 : 0) | (be << 20) | (rng() & 0xfffff)) >>> 0);
  dv.setUint32(4, rng());
  return dv.getFloat64(0);
}
/** Biased exponent of 2^k. */
const B = (k) => k + 1023;
const randSign = (rng, x) => (rng() & 1 ? -x : x);
/** x moved by a random number of ulps in [−n, n]. */
export function nudge(rng, x, n) {
  dv.setFloat64(0, x);
  let hi = dv.getUint32(0), lo = dv.getUint32(4);
  let k = (rng() % (2 * n + 1)) - n;
  // add k to the 64-bit pattern (same sign, so it walks the magnitude)
  let l = lo + k;
  if (l < 0) { l += 4294967296; hi -= 1; } else if (l >= 4294967296) { l -= 4294967296; hi += 1; }
  dv.setUint32(0, hi >>> 0); dv.setUint32(4, l >>> 0);
  return dv.getFloat64(0);
}

const PIO2 = 1.5707963267948966;

/** Per function: labelled ranges, each with a generator of one argument (hypot: a pair). */
export const RANGES = {
  exp: [
    { label: 'tiny |x| < 2^-28 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-29))) },
    { label: '|x| < 1.5 ln2 (k = 0, ±1)', gen: (r) => uniform(r, -1.0397, 1.0397) },
    { label: '[-40, 40]', gen: (r) => uniform(r, -40, 40) },
    { label: '[-745.2, 709.8] (all finite results)', gen: (r) => uniform(r, -745.2, 709.8) },
    { label: '[700, 709.79] near overflow', gen: (r) => uniform(r, 700, 709.79) },
    { label: '[-745.2, -708] subnormal results', gen: (r) => uniform(r, -745.2, -708) },
  ],
  expm1: [
    { label: 'tiny |x| < 2^-28 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-29))) },
    { label: '|x| in [2^-28, 0.35] log-uniform', gen: (r) => randSign(r, bitsInBinades(r, B(-28), B(-2))) },
    { label: '|x| < 1.5 ln2 (k = 0, ±1)', gen: (r) => uniform(r, -1.0397, 1.0397) },
    { label: '[-40, 40]', gen: (r) => uniform(r, -40, 40) },
    { label: '[-50, 709.78]', gen: (r) => uniform(r, -50, 709.78) },
  ],
  log: [
    { label: '[0.9, 1.1] near 1', gen: (r) => uniform(r, 0.9, 1.1) },
    { label: '1 ± 2^-20 (short series)', gen: (r) => 1 + uniform(r, -9.5367431640625e-7, 9.5367431640625e-7) },
    { label: '[0.5, 4]', gen: (r) => uniform(r, 0.5, 4) },
    { label: 'all normals, log-uniform', gen: (r) => bitsInBinades(r, 1, 2046) },
    { label: 'subnormals', gen: (r) => bitsInBinades(r, 0, 0) },
  ],
  log1p: [
    { label: 'tiny |x| < 2^-29 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-30))) },
    { label: '|x| in [2^-29, 0.29] log-uniform', gen: (r) => randSign(r, bitsInBinades(r, B(-29), B(-2))) },
    { label: '[-0.29, 0.41] (k = 0)', gen: (r) => uniform(r, -0.2929, 0.41422) },
    { label: '(-1, -0.29] towards -1', gen: (r) => -1 + bitsInBinades(r, B(-60), B(-2)) * 2.8 },
    { label: '[0.41, 2^53) log-uniform', gen: (r) => bitsInBinades(r, B(-1), B(52)) + 0.41 },
    { label: '[2^53, 2^1024) log-uniform', gen: (r) => bitsInBinades(r, B(53), 2046) },
  ],
  tanh: [
    { label: 'tiny |x| < 2^-28 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-29))) },
    { label: '|x| in [2^-28, 1) log-uniform', gen: (r) => randSign(r, bitsInBinades(r, B(-28), B(-1))) },
    { label: '[-1, 1]', gen: (r) => uniform(r, -1, 1) },
    { label: '[-22, 22]', gen: (r) => uniform(r, -22, 22) },
    { label: '|x| in [0.5, 3]', gen: (r) => randSign(r, uniform(r, 0.5, 3)) },
  ],
  sin: null, // filled below (shared with cos)
  cos: null,
  erf: [
    { label: 'tiny |x| < 2^-28 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-29))) },
    { label: '|x| < 0.84375', gen: (r) => uniform(r, -0.84375, 0.84375) },
    { label: '|x| in [0.84375, 1.25]', gen: (r) => randSign(r, uniform(r, 0.84375, 1.25)) },
    { label: '|x| in [1.25, 2.857]', gen: (r) => randSign(r, uniform(r, 1.25, 2.857143)) },
    { label: '|x| in [2.857, 6]', gen: (r) => randSign(r, uniform(r, 2.857143, 6)) },
    { label: '|x| in [6, 30]', gen: (r) => randSign(r, uniform(r, 6, 30)) },
  ],
  erfc: [
    { label: 'tiny |x| < 2^-28 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-29))) },
    { label: '|x| < 0.84375', gen: (r) => uniform(r, -0.84375, 0.84375) },
    { label: '|x| in [0.84375, 1.25]', gen: (r) => randSign(r, uniform(r, 0.84375, 1.25)) },
    { label: 'x in [1.25, 2.857]', gen: (r) => uniform(r, 1.25, 2.857143) },
    { label: 'x in [2.857, 26.5]', gen: (r) => uniform(r, 2.857143, 26.5) },
    { label: 'x in [26.5, 27.3] subnormal results', gen: (r) => uniform(r, 26.5, 27.3) },
    { label: 'x in [-6, -1.25]', gen: (r) => uniform(r, -6, -1.25) },
  ],
  hypot: [
    { label: 'same binade, [1, 2)²', gen: (r) => [randSign(r, uniform(r, 1, 2)), randSign(r, uniform(r, 1, 2))] },
    { label: 'ratio up to 2^30, near 1', gen: (r) => [uniform(r, 1, 2), bitsInBinades(r, B(-30), B(0))] },
    { label: 'any normals (log-uniform each)', gen: (r) => [bitsInBinades(r, 1, 2046), bitsInBinades(r, 1, 2046)] },
    { label: 'near overflow, both in [2^1020, 2^1024)', gen: (r) => [bitsInBinades(r, B(1020), 2046), bitsInBinades(r, B(1020), 2046)] },
    { label: 'subnormal and tiny, [0, 2^-1000)', gen: (r) => [bitsInBinades(r, 0, B(-1001)), bitsInBinades(r, 0, B(-1001))] },
  ],
};

const TRIG = [
  { label: '|x| < pi/4 (no reduction)', gen: (r) => uniform(r, -0.7853981633974483, 0.7853981633974483) },
  { label: 'tiny |x| < 2^-26 (incl. subnormal)', gen: (r) => randSign(r, bitsInBinades(r, 0, B(-27))) },
  { label: '[-100, 100]', gen: (r) => uniform(r, -100, 100) },
  { label: '|x| < 2^20 pi/2 (Cody-Waite)', gen: (r) => uniform(r, -1647099.3291652855, 1647099.3291652855) },
  { label: 'within 2^-10 of k pi/2, k < 2^20', gen: (r) => randSign(r, (1 + (r() % 1048575)) * PIO2 + uniform(r, -0.0009765625, 0.0009765625)) },
  { label: 'nearest doubles to k pi/2, k < 2^20', gen: (r) => randSign(r, nudge(r, (1 + (r() % 1048575)) * PIO2, 4)) },
  { label: 'huge |x| in [2^20, 2^1024) (Payne-Hanek)', gen: (r) => randSign(r, bitsInBinades(r, B(21), 2046)) },
];
RANGES.sin = TRIG;
RANGES.cos = TRIG;
