// glibc 2.36's __branred (sysdeps/ieee754/dbl-64/branred.c): the reduction of a huge argument
// (|x| >= 105414350) modulo π/2 that sin and cos use. libm.so.6 has one copy of it, compiled
// without FMA (no multiarch variant), so every step here rounds on its own, in source order.

import { fromWords, highWord } from '../../math/bits.js';

// toverp (sysdeps/ieee754/dbl-64/branred.h): 2/π in base 2^24, 75 digits.
const TOVERP = [
  10680707, 7228996, 1387004, 2578385, 16069853, 12639074, 9804092, 4427841, 16666979, 11263675,
  12935607, 2387514, 4345298, 14681673, 3074569, 13734428, 16653803, 1880361, 10960616, 8533493,
  3062596, 8710556, 7349940, 6258241, 3772886, 3769171, 3798172, 8675211, 12450088, 3874808,
  9961438, 366607, 15675153, 9132554, 7151469, 3571407, 2607881, 12013382, 4155038, 6285869,
  7677882, 13102053, 15825725, 473591, 9065106, 15363067, 6271263, 9264392, 5636912, 4652155,
  7056368, 13614112, 10155062, 1944035, 9527646, 15080200, 6658437, 6231200, 6832269, 16767104,
  5075751, 3212806, 1398474, 7579849, 6349435, 12618859, 4703257, 12806093, 14477321, 2786137,
  12875403, 9837734, 14528324, 13719321, 343717,
];
// branred.h's constants, by their bits.
const TM600 = fromWords(0x1a700000, 0); // 2^-600
const TM24 = fromWords(0x3e700000, 0); // 2^-24
const BIG = fromWords(0x43380000, 0); // 0x1.8p52
const BIG1 = fromWords(0x43580000, 0); // 0x1.8p54
const HP0 = fromWords(0x3ff921fb, 0x54442d18);
const HP1 = fromWords(0x3c91a626, 0x33145c07);
const MP1 = fromWords(0x3ff921fb, 0x58000000);
const MP2 = fromWords(0xbe4dde97, 0x40000000);
const SPLIT = 134217729; // 2^27 + 1

const R = new Float64Array(6);
const PART = new Float64Array(3); // sum, b, bb of one half

/** One half (x1 or x2) of __branred: x·(2/π) in pieces, integer part mod 4 in sum, rest b + bb. */
function half(xi: number): void {
  let k = (highWord(xi) >> 20) & 2047;
  k = Math.trunc((k - 450) / 24); // C's int division
  if (k < 0) k = 0;
  let gor = fromWords(0x63f00000 - ((k * 24) << 20), 0); // 2^576 / 2^(24k)
  for (let i = 0; i < 6; i++) {
    R[i] = xi * TOVERP[k + i]! * gor;
    gor *= TM24;
  }
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const s = (R[i]! + BIG) - BIG;
    sum += s;
    R[i] = R[i]! - s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += R[5 - i]!;
  let bb = (((((R[0]! - t) + R[1]!) + R[2]!) + R[3]!) + R[4]!) + R[5]!;
  let s = (t + BIG) - BIG;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = (t - b) + bb;
  s = (sum + BIG1) - BIG1;
  sum -= s;
  PART[0] = sum;
  PART[1] = b;
  PART[2] = bb;
}

/**
 * glibc 2.36's __branred: x = n·π/2 + a + aa for a huge finite x (|x| >= 105414350; any finite
 * x works), with a and aa written to `out[0]`, `out[1]`; returns n mod 4. x·2^-600 is split in two
 * 26-bit halves, each multiplied by six base-2^24 digits of 2/π, integer parts dropped mod 4, and
 * the fraction turned back into radians with π/2 in pieces. Source:
 * sysdeps/ieee754/dbl-64/branred.c and branred.h of glibc 2.36.
 */
export function branredGlibc(x: number, out: Float64Array): number {
  x *= TM600;
  let t = x * SPLIT;
  const x1 = t - (t - x);
  const x2 = x - x1;
  half(x1);
  const sum1 = PART[0]!, b1 = PART[1]!, bb1 = PART[2]!;
  half(x2);
  const sum2 = PART[0]!, b2 = PART[1]!, bb2 = PART[2]!;
  let sum = sum1 + sum2;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? (b1 - b) + b2 : (b2 - b) + b1;
  if (b > 0.5) {
    b -= 1;
    sum += 1;
  } else if (b < -0.5) {
    b += 1;
    sum -= 1;
  }
  let s = b + (bb + bb1 + bb2);
  t = ((b - s) + bb) + (bb1 + bb2);
  b = s * SPLIT;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * HP0;
  bb = (((t1 * MP1 - b) + t1 * MP2) + t2 * MP1) + (t2 * MP2 + s * HP1 + t * HP0);
  s = b + bb;
  out[0] = s;
  out[1] = (b - s) + bb;
  return Math.trunc(sum) & 3;
}
