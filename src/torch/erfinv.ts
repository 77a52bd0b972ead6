// PyTorch 1.13's float32 erfinv on x86-64 Linux, operation by operation: ATen's calc_erfinv<float>
// (rational first guess, two Newton steps) as its AVX2 build compiles it (GCC contracts the
// polynomial steps into float32 FMAs), over glibc 2.36's erff (fdlibm's float code, no FMA),
// expf and logf (double arithmetic with 32- and 16-entry tables; glibc picks their FMA variants
// on FMA CPUs, so the double steps those fuse round once here too).

import { fmaF32 } from '../math/f32.js';
import { pow2 } from '../math/pow2.js';
import { F32, F64, HI, I32, LO, U32, hex64 } from '../math/bits.js';

const fr = Math.fround;


const SPLIT = 134217729; // 2^27 + 1

/**
 * fma(a, b, c) for doubles, rounded once to nearest even: a·b = ph + pl exactly (Veltkamp/Dekker),
 * c + ph = th + tl exactly (TwoSum), v = tl + pl rounded to odd, result th + v rounded to nearest
 * (Boldo & Melquiond's emulation, exact when nothing overflows or underflows; the arguments here
 * stay far from both).
 */
export function fma64(a: number, b: number, c: number): number {
  const ph = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const pl = al * bl - (((ph - ah * bh) - al * bh) - ah * bl);
  const th = c + ph;
  let bb = th - c;
  const tl = (c - (th - bb)) + (ph - bb);
  // v = RO(tl + pl): the rounded sum when exact, otherwise its neighbour with an odd last bit.
  let v = tl + pl;
  bb = v - tl;
  const e = (tl - (v - bb)) + (pl - bb);
  if (e !== 0) {
    F64[0] = v;
    const lo = U32[LO]!;
    if ((lo & 1) === 0) {
      // Step one ulp towards the exact value (away from zero when e has v's sign).
      if (v === 0) {
        v = e > 0 ? 5e-324 : -5e-324;
      } else {
        const hi = U32[HI]!;
        if ((e > 0) === (v > 0)) {
          if (lo === 0xffffffff) { U32[LO] = 0; U32[HI] = hi + 1; } else U32[LO] = lo + 1;
        } else if (lo === 0) { U32[LO] = 0xffffffff; U32[HI] = hi - 1; } else U32[LO] = lo - 1;
        v = F64[0]!;
      }
    }
  }
  return th + v;
}

// glibc's __exp2f_data (EXP2F_TABLE_BITS = 5): 2^(i/32) for i = 0..31 (glibc stores the bits minus
// i << 47, to which it adds k << 47; here i << 47 is added back and 2^((k − i)/32) multiplied in),
// N/ln2, and the cubic's coefficients.
const EXP_TAB_BITS = [
  '3ff0000000000000', '3fefd9b0d3158574', '3fefb5586cf9890f', '3fef9301d0125b51', '3fef72b83c7d517b',
  '3fef54873168b9aa', '3fef387a6e756238', '3fef1e9df51fdee1', '3fef06fe0a31b715', '3feef1a7373aa9cb',
  '3feedea64c123422', '3feece086061892d', '3feebfdad5362a27', '3feeb42b569d4f82', '3feeab07dd485429',
  '3feea47eb03a5585', '3feea09e667f3bcd', '3fee9f75e8ec5f74', '3feea11473eb0187', '3feea589994cce13',
  '3feeace5422aa0db', '3feeb737b0cdc5e5', '3feec49182a3f090', '3feed503b23e255d', '3feee89f995ad3ad',
  '3feeff76f2fb5e47', '3fef199bdd85529c', '3fef3720dcef9069', '3fef5818dcfba487', '3fef7c97337b9b5f',
  '3fefa4afa2a490da', '3fefd0765b6e4540',
];
const EXP_TAB = EXP_TAB_BITS.map((h, i) => hex64(h, 0, i << 15)); // i << 47 lands in the high word
const INV_LN2_N = hex64('40471547652b82fe'); // 0x1.71547652b82fep+5
const INV_HI = SPLIT * INV_LN2_N - (SPLIT * INV_LN2_N - INV_LN2_N);
const INV_LO = INV_LN2_N - INV_HI;
const EXP_C0 = hex64('3ebc6af84b912394'); // 0x1.c6af84b912394p-20
const EXP_C1 = hex64('3f2ebfce50fac4f3'); // 0x1.ebfce50fac4f3p-13
const EXP_C2 = hex64('3f962e42ff0c52d6'); // 0x1.62e42ff0c52d6p-6

/**
 * glibc 2.36's expf (__expf_fma) for float32 x:
 * k = round(x·N/ln2) and r = x·N/ln2 − k from one fused product, then
 * 2^(k/N)·(1 + C2·r + (C0·r + C1)·r²) with the three FMAs the FMA build uses.
 */
export function expfGlibc(x: number): number {
  if (x !== x) return x;
  if (x < -103.97207641601562) return 0; // -0x1.9fe368p6: below log(2^-150)
  if (x > 88.72283172607422) return Infinity;
  // k = nearest-even integer to the exact product INV_LN2_N·x (one fused rounding).
  const p = INV_LN2_N * x;
  const t = SPLIT * x;
  const xh = t - (t - x), xl = x - xh;
  const e = xl * INV_LO - (((p - INV_HI * xh) - xl * INV_HI) - INV_LO * xh); // p + e = INV_LN2_N·x exactly
  let k = nearestEven(p);
  const d = p - k; // exact
  if (d === 0.5) { if (e > 0) k += 1; } else if (d === -0.5) { if (e < 0) k -= 1; }
  const r = (p - k) + e; // fma(INV_LN2_N, x, -k): one rounding of an exact sum
  const i = ((k % 32) + 32) % 32;
  const s = EXP_TAB[i]! * pow2((k - i) / 32);
  const z = fma64(EXP_C0, r, EXP_C1);
  const r2 = r * r;
  let y = fma64(r, EXP_C2, 1);
  y = fma64(z, r2, y);
  return fr(y * s);
}

function nearestEven(p: number): number {
  const k = Math.round(p); // rounds halves up
  return k - p === 0.5 && k % 2 !== 0 ? k - 1 : k;
}

// glibc's __logf_data (LOGF_TABLE_BITS = 4): 1/c and log(c) per subinterval, ln2, and the
// polynomial for log1p(r).
const LOG_TAB: [string, string][] = [
  ['3ff661ec79f8f3be', 'bfd57bf7808caade'], ['3ff571ed4aaf883d', 'bfd2bef0a7c06ddb'],
  ['3ff49539f0f010b0', 'bfd01eae7f513a67'], ['3ff3c995b0b80385', 'bfcb31d8a68224e9'],
  ['3ff30d190c8864a5', 'bfc6574f0ac07758'], ['3ff25e227b0b8ea0', 'bfc1aa2bc79c8100'],
  ['3ff1bb4a4a1a343f', 'bfba4e76ce8c0e5e'], ['3ff12358f08ae5ba', 'bfb1973c5a611ccc'],
  ['3ff0953f419900a7', 'bfa252f438e10c1e'], ['3ff0000000000000', '0000000000000000'],
  ['3fee608cfd9a47ac', '3faaa5aa5df25984'], ['3feca4b31f026aa0', '3fbc5e53aa362eb4'],
  ['3feb2036576afce6', '3fc526e57720db08'], ['3fe9c2d163a1aa2d', '3fcbc2860d224770'],
  ['3fe886e6037841ed', '3fd1058bc8a07ee1'], ['3fe767dcf5534862', '3fd4043057b6ee09'],
];
const LOG_INVC = LOG_TAB.map(([a]) => hex64(a));
const LOG_LOGC = LOG_TAB.map(([, b]) => hex64(b));
const LN2 = hex64('3fe62e42fefa39ef');
const LOG_A0 = hex64('bfd00ea348b88334');
const LOG_A1 = hex64('3fd5575b0be00b6a');
const LOG_A2 = hex64('bfdffffef20a4123');


/**
 * glibc 2.36's logf (__logf_fma) for positive normal float32 x: x = 2^k·z, z in [0x3f330000,
 * 2·0x3f330000) as bits, split into 16 subintervals around c;
 * log(x) = k·ln2 + log(c) + log1p(z/c − 1) with the FMA build's five fused steps.
 */
export function logfGlibc(x: number): number {
  if (x === 1) return 0;
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  F32[0] = x;
  let ix = I32[0]!;
  if (ix < 0x00800000) {
    F32[0] = x * 8388608; // subnormal: normalize
    ix = I32[0]! - (23 << 23);
  }
  const tmp = ix - 0x3f330000;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  I32[0] = ix - (tmp & 0xff800000);
  const z = F32[0]!;
  const r = fma64(z, LOG_INVC[i]!, -1);
  const y0 = fma64(k, LN2, LOG_LOGC[i]!);
  const r2 = r * r;
  let y = fma64(r, LOG_A1, LOG_A2);
  y = fma64(r2, LOG_A0, y);
  return fr(fma64(y, r2, r + y0));
}

// fdlibm's erff coefficients (glibc sysdeps/ieee754/flt-32/s_erff.c), float32.
const ERX = fr(8.4506291151e-01);
const EFX = fr(1.2837916613e-01);
const PP = [1.2837916613e-01, -3.2504209876e-01, -2.8481749818e-02, -5.7702702470e-03, -2.3763017452e-05].map(fr);
const QQ = [3.9791721106e-01, 6.5022252500e-02, 5.0813062117e-03, 1.3249473704e-04, -3.9602282413e-06].map(fr);
const PA = [-2.3621185683e-03, 4.1485610604e-01, -3.7220788002e-01, 3.1834661961e-01, -1.1089469492e-01,
  3.5478305072e-02, -2.1663755178e-03].map(fr);
const QA = [1.0642088205e-01, 5.4039794207e-01, 7.1828655899e-02, 1.2617121637e-01, 1.3637083583e-02,
  1.1984500103e-02].map(fr);
const RA = [-9.8649440333e-03, -6.9385856390e-01, -1.0558626175e+01, -6.2375331879e+01, -1.6239666748e+02,
  -1.8460508728e+02, -8.1287437439e+01, -9.8143291473e+00].map(fr);
const SA = [1.9651271820e+01, 1.3765776062e+02, 4.3456588745e+02, 6.4538726807e+02, 4.2900814819e+02,
  1.0863500214e+02, 6.5702495575e+00, -6.0424413532e-02].map(fr);
const RB = [-9.8649431020e-03, -7.9928326607e-01, -1.7757955551e+01, -1.6063638306e+02, -6.3756646729e+02,
  -1.0250950928e+03, -4.8351919556e+02].map(fr);
const SB = [3.0338060379e+01, 3.2579251099e+02, 1.5367296143e+03, 3.1998581543e+03, 2.5530502930e+03,
  4.7452853394e+02, -2.2440952301e+01].map(fr);

/** c[0] + s·(c[1] + s·(… + s·c[n−1])), each step rounded to float32 (no FMA). */
function hornerF32(c: number[], s: number): number {
  let v = c[c.length - 1]!;
  for (let j = c.length - 2; j >= 0; j--) v = fr(c[j]! + fr(s * v));
  return v;
}

/** 1 + s·(c[0] + s·(c[1] + …)), float32 steps. */
function horner1F32(c: number[], s: number): number {
  return fr(1 + fr(s * hornerF32(c, s)));
}

/** glibc 2.36's erff (fdlibm's float32 erf), for float32 x. */
export function erffGlibc(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax === Infinity) return x > 0 ? 1 : -1;
  F32[0] = ax;
  const ix = I32[0]!;
  if (ix < 0x3f580000) { // |x| < 0.84375
    if (ix < 0x31800000) { // |x| < 2^-28
      if (ix < 0x04000000) return fr(0.0625 * fr(fr(16 * x) + fr(fr(16 * EFX) * x)));
      return fr(x + fr(EFX * x));
    }
    const z = fr(x * x);
    const r = hornerF32(PP, z);
    const s = horner1F32(QQ, z);
    return fr(x + fr(x * fr(r / s)));
  }
  if (ix < 0x3fa00000) { // 0.84375 <= |x| < 1.25
    const s = fr(ax - 1);
    const pq = fr(hornerF32(PA, s) / horner1F32(QA, s));
    return x > 0 ? fr(ERX + pq) : fr(-ERX - pq);
  }
  if (ix >= 0x40c00000) return x > 0 ? fr(1 - 1e-30) : fr(fr(1e-30) - 1); // |x| >= 6
  const s = fr(1 / fr(ax * ax));
  let R: number, S: number;
  if (ix < 0x4036db6e) { // |x| < 1/0.35
    R = hornerF32(RA, s);
    S = horner1F32(SA, s);
  } else {
    R = hornerF32(RB, s);
    S = horner1F32(SB, s);
  }
  I32[0] = ix & 0xfffff000;
  const z = F32[0]!;
  const r = fr(expfGlibc(fr(fr(-z * z) - 0.5625)) * expfGlibc(fr(fr(fr(z - ax) * fr(z + ax)) + fr(R / S))));
  return x > 0 ? fr(1 - fr(r / ax)) : fr(fr(r / ax) - 1);
}

const A = [0.886226899, -1.645349621, 0.914624893, -0.140543331].map(fr);
const B = [-2.118377725, 1.442710462, -0.329097515, 0.012229801].map(fr);
const C = [-1.970840454, -1.624906493, 3.429567803, 1.641345311].map(fr);
const D = [3.543889200, 1.637067800].map(fr);
// 1.13 writes 2/√π as static_cast<float>(2.0) / static_cast<float>(std::sqrt(pi)): 0x3f906eba, one
// ulp below float32(2/√π).
const TWO_OVER_SQRT_PI = fr(2 / fr(Math.sqrt(Math.PI)));

/**
 * `torch.erfinv` of a float32 y as PyTorch 1.13's CPU kernel computes it (calc_erfinv<float> of
 * its AVX2 build, glibc 2.36 libm): |y| ≤ 0.7: y·num(y²)/dem(y²), else
 * ±num(z)/dem(z) with z = sqrt(−log((1 − |y|)/2)) (polynomials as float32 FMA chains); then twice
 * x −= (erf(x) − y)/(2/√π·exp(−x²)) in float32.
 */
export function torchErfinvF32(y: number): number {
  const ya = Math.abs(y);
  if (!(ya <= 1)) return NaN;
  if (ya === 1) return y > 0 ? Infinity : -Infinity;
  let x: number;
  if (ya <= 0.699999988079071) { // float32(0.7)
    const z = fr(y * y);
    const num = fmaF32(fmaF32(fmaF32(A[3]!, z, A[2]!), z, A[1]!), z, A[0]!);
    const dem = fmaF32(fmaF32(fmaF32(fmaF32(B[3]!, z, B[2]!), z, B[1]!), z, B[0]!), z, 1);
    x = fr(fr(y * num) / dem);
  } else {
    const z = fr(Math.sqrt(-logfGlibc(fr(fr(1 - ya) * 0.5))));
    const num = fmaF32(fmaF32(fmaF32(C[3]!, z, C[2]!), z, C[1]!), z, C[0]!);
    const dem = fmaF32(fmaF32(D[1]!, z, D[0]!), z, 1);
    x = fr((y < 0 ? -Math.abs(num) : Math.abs(num)) / dem);
  }
  for (let step = 0; step < 2; step++) {
    const num = fr(erffGlibc(x) - y);
    const den = fr(TWO_OVER_SQRT_PI * expfGlibc(fr(-x * x)));
    x = fr(x - fr(num / den));
  }
  return x;
}
