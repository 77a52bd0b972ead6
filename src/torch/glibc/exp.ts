// glibc 2.36's double exp as this x86-64 machine runs it: the ifunc of libm.so.6 picks
// __exp_fma (sysdeps/x86_64/fpu/multiarch/e_exp-fma.c: sysdeps/ieee754/dbl-64/e_exp.c compiled
// with -mfma -mavx2) on CPUs with FMA and AVX2 — also for the calls inside erf (erf.ts), which
// go through the same ifunc (__ieee754_exp). GCC's contractions were read off libm's disassembly
// (docs/torch-provenance.md). Only + - * /, exact FMA emulation and bit casts here.

import { fromWords, highWord, hex64 } from '../../math/bits.js';
import { fma64 } from '../erfinv.js';


// __exp_data.tab (sysdeps/ieee754/dbl-64/e_exp_data.c, EXP_TABLE_BITS = 7): for i = 0..127 the
// bits of tail[i] (2^(i/128) ≈ H[i]·(1 + tail[i])) and of H[i] minus i << 45, 32 hex digits each.
const TAB = [
  '00000000000000003ff0000000000000', '3c9b3b4f1a88bf6e3feff63da9fb3335', 'bc7160139cd8dc5d3fefec9a3e778061',
  'bc905e7a108766d13fefe315e86e7f85', '3c8cd2523567f6133fefd9b0d3158574', 'bc8bce8023f98efa3fefd06b29ddf6de',
  '3c60f74e61e6c8613fefc74518759bc8', '3c90a3e45b33d3993fefbe3ecac6f383', '3c979aa65d837b6d3fefb5586cf9890f',
  '3c8eb51a92fdeffc3fefac922b7247f7', '3c3ebe3d702f9cd13fefa3ec32d3d1a2', 'bc6a033489906e0b3fef9b66affed31b',
  'bc9556522a2fbd0e3fef9301d0125b51', 'bc5080ef8c4eea553fef8abdc06c31cc', 'bc91c923b9d5f4163fef829aaea92de0',
  '3c80d3e3e95c55af3fef7a98c8a58e51', 'bc801b15eaa593483fef72b83c7d517b', 'bc8f1ff055de323d3fef6af9388c8dea',
  '3c8b898c3f1353bf3fef635beb6fcb75', 'bc96d99c7611eb263fef5be084045cd4', '3c9aecf73e3a2f603fef54873168b9aa',
  'bc8fe782cb86389d3fef4d5022fcd91d', '3c8a6f4144a6c38d3fef463b88628cd6', '3c807a05b0e4047d3fef3f49917ddc96',
  '3c968efde3a8a8943fef387a6e756238', '3c875e18f274487d3fef31ce4fb2a63f', '3c80472b981fe7f23fef2b4565e27cdd',
  'bc96b87b3f71085e3fef24dfe1f56381', '3c82f7e16d09ab313fef1e9df51fdee1', 'bc3d219b1a6fbffa3fef187fd0dad990',
  '3c8b3782720c0ab43fef1285a6e4030b', '3c6e149289cecb8f3fef0cafa93e2f56', '3c834d754db0abb63fef06fe0a31b715',
  '3c864201e2ac744c3fef0170fc4cd831', '3c8fdd395dd3f84a3feefc08b26416ff', 'bc86a3803b8e5b043feef6c55f929ff1',
  'bc924aedcc4b50683feef1a7373aa9cb', 'bc9907f81b512d8e3feeecae6d05d866', 'bc71d1e83e9436d23feee7db34e59ff7',
  'bc991919b3ce1b153feee32dc313a8e5', '3c859f48a72a4c6d3feedea64c123422', 'bc9312607a28698a3feeda4504ac801c',
  'bc58a78f4817895b3feed60a21f72e2a', 'bc7c2c9b67499a1b3feed1f5d950a897', '3c4363ed60c2ac113feece086061892d',
  '3c9666093b0664ef3feeca41ed1d0057', '3c6ecce1daa103793feec6a2b5c13cd0', '3c93ff8e3f0f12303feec32af0d7d3de',
  '3c7690cebb7aafb03feebfdad5362a27', '3c931dbdeb54e0773feebcb299fddd0d', 'bc8f94340071a38e3feeb9b2769d2ca7',
  'bc87deccdc93a3493feeb6daa2cf6642', 'bc78dec6bd0f385f3feeb42b569d4f82', 'bc861246ec7b5cf63feeb1a4ca5d920f',
  '3c93350518fdd78e3feeaf4736b527da', '3c7b98b72f8a9b053feead12d497c7fd', '3c9063e1e21c54093feeab07dd485429',
  '3c34c7855019c6ea3feea9268a5946b7', '3c9432e62b64c0353feea76f15ad2148', 'bc8ce44a6199769f3feea5e1b976dc09',
  'bc8c33c53bef4da83feea47eb03a5585', 'bc845378892be9ae3feea34634ccc320', 'bc93cedd785658583feea23882552225',
  '3c5710aa807e19643feea155d44ca973', 'bc93b3efbf5e22283feea09e667f3bcd', 'bc6a12ad8734b9823feea012750bdabf',
  'bc6367efb86da9ee3fee9fb23c651a2f', 'bc80dc3d54e088513fee9f7df9519484', 'bc781f647e5a3ecf3fee9f75e8ec5f74',
  'bc86ee4ac08b7db03fee9f9a48a58174', 'bc8619321e55e68a3fee9feb564267c9', '3c909ccb5e09d4d33feea0694fde5d3f',
  'bc7b32dcb94da51d3feea11473eb0187', '3c94ecfd5467c06b3feea1ed0130c132', '3c65ebe1abd66c553feea2f336cf4e62',
  'bc88a1c52fb3cf423feea427543e1a12', 'bc9369b6f13b37343feea589994cce13', 'bc805e843a19ff1e3feea71a4623c7ad',
  'bc94d450d872576e3feea8d99b4492ed', '3c90ad675b0e8a003feeaac7d98a6699', '3c8db72fc1f0eab43feeace5422aa0db',
  'bc65b6609cc5e7ff3feeaf3216b5448c', '3c7bf68359f35f443feeb1ae99157736', 'bc93091fa71e3d833feeb45b0b91ffc6',
  'bc5da9b88b6c1e293feeb737b0cdc5e5', 'bc6c23f97c90b9593feeba44cbc8520f', 'bc92434322f4f9aa3feebd829fde4e50',
  'bc85ca6cd7668e4b3feec0f170ca07ba', '3c71affc2b91ce273feec49182a3f090', '3c6dd235e10a73bb3feec86319e32323',
  'bc87c504226222633feecc667b5de565', '3c8b1c86e3e231d53feed09bec4a2d33', 'bc91bbd1d3bcbb153feed503b23e255d',
  '3c90cc319cee31d23feed99e1330b358', '3c8469846e735ab33feede6b5579fdbf', 'bc82dfcd978e9db43feee36bbfd3f37a',
  '3c8c1a7792cb33873feee89f995ad3ad', 'bc907b8f4ad1d9fa3feeee07298db666', 'bc55c3d956dcaeba3feef3a2b84f15fb',
  'bc90a40e3da6f6403feef9728de5593a', 'bc68d6f438ad93343feeff76f2fb5e47', 'bc91eee26b588a353fef05b030a1064a',
  '3c74ffd70a5fddcd3fef0c1e904bc1d2', 'bc91bdfbfa9298ac3fef12c25bd71e09', '3c736eae30af0cb33fef199bdd85529c',
  '3c8ee3325c9ffd943fef20ab5fffd07a', '3c84e08fd10959ac3fef27f12e57d14b', '3c63cdaf384e1a673fef2f6d9406e7b5',
  '3c676b2c6c9219683fef3720dcef9069', 'bc808a1883ccb5d23fef3f0b555dc3fa', 'bc8fad5d3ffffa6f3fef472d4a07897c',
  'bc900dae3875a9493fef4f87080d89f2', '3c74a385a63d07a73fef5818dcfba487', 'bc82919e2040220f3fef60e316c98398',
  '3c8e5a50d5c192ac3fef69e603db3285', '3c843a59ac016b4b3fef7321f301b460', 'bc82d52107b43e1f3fef7c97337b9b5f',
  'bc892ab93b470dc93fef864614f5a129', '3c74b604603a88d33fef902ee78b3ff6', '3c83c5ec519d72713fef9a51fbc74c83',
  'bc8ff7128fd391f03fefa4afa2a490da', 'bc8dae98e223747d3fefaf482d8e67f1', '3c8ec3bc41aa20083fefba1bee615a27',
  '3c842b94c3a9eb323fefc52b376bba97', '3c8a64a931d185ee3fefd0765b6e4540', 'bc8e37bae43be3ed3fefdbfdad9cbe14',
  '3c77893b4d91cd9d3fefe7c1819e90d8', '3c5305c14160cc893feff3c22b8f71f1',
];
const TAIL = TAB.map((h) => hex64(h, 0));
const SBITS_HI = TAB.map((h) => parseInt(h.slice(16, 24), 16));
const SBITS_LO = TAB.map((h) => parseInt(h.slice(24, 32), 16));
const INVLN2N = hex64('40671547652b82fe'); // 0x1.71547652b82fep0 * 128
const NEGLN2HIN = hex64('bf762e42fefa0000'); // -0x1.62e42fefa0000p-8
const NEGLN2LON = hex64('bd0cf79abc9e3b3a'); // -0x1.cf79abc9e3b3ap-47
const SHIFT = 6755399441055744; // 0x1.8p52
const C2 = hex64('3fdffffffffffdbd'); // 0x1.ffffffffffdbdp-2
const C3 = hex64('3fc555555555543c'); // 0x1.555555555543cp-3
const C4 = hex64('3fa55555cf172b91'); // 0x1.55555cf172b91p-5
const C5 = hex64('3f81111167a4d017'); // 0x1.1111167a4d017p-7
const TWO_M1022 = hex64('0010000000000000');
const TWO_1009 = hex64('7f00000000000000');

/**
 * glibc 2.36's `exp` (double), bit-exact with the __exp_fma variant libm selects on x86-64 CPUs
 * with FMA and AVX2, for every double (including the scaled paths near overflow and into the
 * subnormal range): k = round(x·128/ln2), r = x − k·ln2/128 (hi and lo parts), 2^(k/128) from the
 * 128-entry table, exp(r) by a degree-5 polynomial. Fused steps (from the disassembly):
 * kd = fma(x, 128/ln2, 0x1.8p52), r = fma(k, −ln2hi/128, x) then fma(k, −ln2lo/128, r), the
 * polynomial (tail + r) + r²·fma(r, C3, C2) + r⁴·fma(r, C5, C4) as two more FMAs, and the result
 * fma(scale, tmp, scale); the underflow special case multiplies and adds separately, as libm does.
 * Source: sysdeps/ieee754/dbl-64/e_exp.c and e_exp_data.c of glibc 2.36.
 */
export function expGlibc(x: number): number {
  const abstop = (highWord(x) >>> 20) & 0x7ff;
  let special = false;
  if (abstop - 0x3c9 >= 0x408 - 0x3c9 || abstop < 0x3c9) { // |x| < 2^-54, |x| >= 512, or not finite
    if (abstop < 0x3c9) return 1 + x;
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0;
      if (abstop >= 0x7ff) return 1 + x;
      return x < 0 ? 0 : Infinity;
    }
    special = true;
  }
  const kd = fma64(x, INVLN2N, SHIFT);
  const k = kd - SHIFT; // an integer, |k| < 2^18
  let r = fma64(k, NEGLN2HIN, x);
  r = fma64(k, NEGLN2LON, r);
  const idx = k & 127;
  const sHi = (SBITS_HI[idx]! + (k << 13)) >>> 0; // T[2i+1] + (ki << 45): only the high word moves
  const sLo = SBITS_LO[idx]!;
  const r2 = r * r;
  let tmp = fma64(fma64(r, C3, C2), r2, TAIL[idx]! + r);
  tmp = fma64(r2 * r2, fma64(r, C5, C4), tmp);
  if (special) return specialCase(tmp, sHi, sLo, k);
  const scale = fromWords(sHi, sLo);
  return fma64(scale, tmp, scale);
}

/** e_exp.c's specialcase: scale·(1 + tmp) when the scale's exponent is out of range (|x| >= 512). */
function specialCase(tmp: number, sHi: number, sLo: number, k: number): number {
  if (k >= 0) {
    const scale = fromWords((sHi - (1009 << 20)) >>> 0, sLo);
    return TWO_1009 * fma64(scale, tmp, scale);
  }
  const scale = fromWords((sHi + (1022 << 20)) >>> 0, sLo);
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    // Round to the final precision before scaling into the subnormal range (no double rounding).
    let lo = (scale - y) + st;
    const hi = 1 + y;
    lo = ((1 - hi) + y) + lo;
    y = (hi + lo) - 1;
    if (y === 0) y = 0;
  }
  return TWO_M1022 * y;
}
