// glibc 2.36's double erf (sysdeps/ieee754/dbl-64/s_erf.c, fdlibm's algorithm): what Python's
// math.erf returns on glibc, so what PyTorch's trunc_normal_ computes its bounds with. libm.so.6
// has one copy, compiled without FMA (no multiarch variant; its disassembly has no fused
// instruction), so its steps round one by one in C's source order; its two exp calls go through
// the __ieee754_exp ifunc to __exp_fma (exp.ts). Provenance: docs/torch-provenance.md.

import { fromWords, highWord, hex64 } from '../../math/bits.js';
import { expGlibc } from './exp.js';

/** The double whose IEEE bits are the 16 hex digits `h`. */

// fdlibm's erf coefficients (sysdeps/ieee754/dbl-64/s_erf.c), as the hex words its comments give.
const W = (h: string): number => hex64(h);
const EFX = W('3fc06eba8214db69');
const ERX = W('3feb0ac160000000');
const PP = ['3fc06eba8214db68', 'bfd4cd7d691cb913', 'bf9d2a51dbd7194f', 'bf77a291236668e4', 'bef8ead6120016ac'].map(W);
const QQ = ['0', '3fd97779cddadc09', '3fb0a54c5536ceba', '3f74d022c4d36b0f', '3f215dc9221c1a10', 'bed09c4342a26120'].map((h) => (h === '0' ? 0 : W(h)));
const PA = ['bf6359b8bef77538', '3fda8d00ad92b34d', 'bfd7d240fbb8c3f1', '3fd45fca805120e4', 'bfbc63983d3e28ec',
  '3fa22a36599795eb', 'bf61bf380a96073f'].map(W);
const QA = ['0', '3fbb3e6618eee323', '3fe14af092eb6f33', '3fb2635cd99fe9a7', '3fc02660e763351f', '3f8bedc26b51dd1c',
  '3f888b545735151d'].map((h) => (h === '0' ? 0 : W(h)));
const RA = ['bf843412600d6435', 'bfe63416e4ba7360', 'c0251e0441b0e726', 'c04f300ae4cba38d', 'c0644cb184282266',
  'c067135cebccabb2', 'c054526557e4d2f2', 'c023a0efc69ac25c'].map(W);
const SA = ['0', '4033a6b9bd707687', '4061350c526ae721', '407b290dd58a1a71', '40842b1921ec2868', '407ad02157700314',
  '405b28a3ee48ae2c', '401a47ef8e484a93', 'bfaeeff2ee749a62'].map((h) => (h === '0' ? 0 : W(h)));
const RB = ['bf84341239e86f4a', 'bfe993ba70c285de', 'c031c209555f995a', 'c064145d43c5ed98', 'c083ec881375f228',
  'c09004616a2e5992', 'c07e384e9bdc383f'].map(W);
const SB = ['0', '403e568b261d5190', '40745cae221b9f0a', '409802eb189d5118', '40a8ffb7688c246a', '40a3f219cedf3be6',
  '407da874e79fe763', 'c03670e242712d62'].map((h) => (h === '0' ? 0 : W(h)));

/**
 * glibc 2.36's `erf` (double) — what Python's `math.erf` returns on glibc, and so what PyTorch's
 * `trunc_normal_` uses for its bounds — bit-exact for every double. fdlibm's algorithm (ranges
 * |x| < 2^-28, < 0.84375, < 1.25, < 1/0.35, < 6, >= 6), compiled by glibc for x86-64 without FMA
 * (s_erf.c has no multiarch variant), so its own steps round one by one in source order; the two
 * exp calls of the tail ranges go to {@link expGlibc} (the __exp_fma ifunc target). erf(±∞) = ±1,
 * erf(NaN) = NaN. Source: sysdeps/ieee754/dbl-64/s_erf.c of glibc 2.36.
 */
export function erfGlibc(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return (hx < 0 ? -1 : 1) + 1 / x;
  if (ix < 0x3feb0000) { // |x| < 0.84375
    if (ix < 0x3e300000) { // |x| < 2^-28
      if (ix < 0x00800000) return 0.0625 * (16 * x + (16 * EFX) * x);
      return x + EFX * x;
    }
    const z = x * x;
    const r1 = PP[0]! + z * PP[1]!, z2 = z * z;
    const r2 = PP[2]! + z * PP[3]!, z4 = z2 * z2;
    const s1 = 1 + z * QQ[1]!;
    const s2 = QQ[2]! + z * QQ[3]!;
    const s3 = QQ[4]! + z * QQ[5]!;
    const r = r1 + z2 * r2 + z4 * PP[4]!;
    const s = s1 + z2 * s2 + z4 * s3;
    return x + x * (r / s);
  }
  if (ix < 0x3ff40000) { // 0.84375 <= |x| < 1.25
    const s = Math.abs(x) - 1;
    const s2 = s * s, s4 = s2 * s2, s6 = s4 * s2;
    const p = PA[0]! + s * PA[1]! + s2 * (PA[2]! + s * PA[3]!) + s4 * (PA[4]! + s * PA[5]!) + s6 * PA[6]!;
    const q = 1 + s * QA[1]! + s2 * (QA[2]! + s * QA[3]!) + s4 * (QA[4]! + s * QA[5]!) + s6 * QA[6]!;
    return hx >= 0 ? ERX + p / q : -ERX - p / q;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 - 1e-300 : 1e-300 - 1; // |x| >= 6
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  const s2 = s * s, s4 = s2 * s2, s6 = s4 * s2;
  let R: number, S: number;
  if (ix < 0x4006db6e) { // |x| < 1/0.35
    const s8 = s4 * s4;
    R = RA[0]! + s * RA[1]! + s2 * (RA[2]! + s * RA[3]!) + s4 * (RA[4]! + s * RA[5]!) + s6 * (RA[6]! + s * RA[7]!);
    S = 1 + s * SA[1]! + s2 * (SA[2]! + s * SA[3]!) + s4 * (SA[4]! + s * SA[5]!) + s6 * (SA[6]! + s * SA[7]!) + s8 * SA[8]!;
  } else {
    R = RB[0]! + s * RB[1]! + s2 * (RB[2]! + s * RB[3]!) + s4 * (RB[4]! + s * RB[5]!) + s6 * RB[6]!;
    S = 1 + s * SB[1]! + s2 * (SB[2]! + s * SB[3]!) + s4 * (SB[4]! + s * SB[5]!) + s6 * (SB[6]! + s * SB[7]!);
  }
  const z = fromWords(highWord(ax) >>> 0, 0); // SET_LOW_WORD(z, 0)
  const r = expGlibc(-z * z - 0.5625) * expGlibc((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

