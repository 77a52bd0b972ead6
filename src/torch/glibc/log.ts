// glibc 2.36's double log as this x86-64 machine runs it: the ifunc of libm.so.6 picks __log_fma
// (sysdeps/x86_64/fpu/multiarch/e_log-fma.c: sysdeps/ieee754/dbl-64/e_log.c compiled with -mfma
// -mavx2) on CPUs with FMA and AVX2. GCC contracts the source's a*b + c into FMAs; which ones was
// read off libm's disassembly (docs/torch-provenance.md). Only + - * /, exact FMA emulation and
// bit casts here.

import { fromWords, highWord, lowWord, hex64 } from '../../math/bits.js';
import { fma64 } from '../erfinv.js';


// __log_data (sysdeps/ieee754/dbl-64/e_log_data.c, LOG_TABLE_BITS = 7): per subinterval i the bits
// of invc = 1/c and logc = log(c), 32 hex digits per entry (tab2 is unused by the FMA build).
const TAB = [
  '3ff734f0c3e0de9fbfd7cc7f79e69000', '3ff713786a2ce91fbfd76feec20d0000', '3ff6f26008fab5a0bfd713e31351e000',
  '3ff6d1a61f138c7dbfd6b85b38287800', '3ff6b1490bc5b4d1bfd65d5590807800', '3ff69147332f0cbabfd602d076180000',
  '3ff6719f18224223bfd5a8ca86909000', '3ff6524f99a51ed9bfd54f4356035000', '3ff63356aa8f24c4bfd4f637c36b4000',
  '3ff614b36b9ddc14bfd49da7fda85000', '3ff5f66452c65c4cbfd445923989a800', '3ff5d867b5912c4fbfd3edf439b0b800',
  '3ff5babccb5b90debfd396ce448f7000', '3ff59d61f2d91a78bfd3401e17bda000', '3ff5805612465687bfd2e9e2ef468000',
  '3ff56397cee76bd3bfd2941b3830e000', '3ff54725e2a77f93bfd23ec58cda8800', '3ff52aff42064583bfd1e9e129279000',
  '3ff50f22dbb2bddfbfd1956d2b48f800', '3ff4f38f4734ded7bfd141679ab9f800', '3ff4d843cfde2840bfd0edd094ef9800',
  '3ff4bd3ec078a3c8bfd09aa518db1000', '3ff4a27fc3e0258abfd047e65263b800', '3ff4880524d48434bfcfeb224586f000',
  '3ff46dce1b192d0bbfcf474a7517b000', '3ff453d9d3391854bfcea4443d103000', '3ff43a2744b4845abfce020d44e9b000',
  '3ff420b54115f8fbbfcd60a22977f000', '3ff40782da3ef4b1bfccc00104959000', '3ff3ee8f5d57fe8fbfcc202956891000',
  '3ff3d5d9a00b4ce9bfcb81178d811000', '3ff3bd60c010c12bbfcae2c9ccd3d000', '3ff3a5242b75dab8bfca45402e129000',
  '3ff38d22cd9fd002bfc9a877681df000', '3ff3755bc5847a1cbfc90c6d69483000', '3ff35dce49ad36e2bfc87120a645c000',
  '3ff34679984dd440bfc7d68fb4143000', '3ff32f5cceffcb24bfc73cb83c627000', '3ff3187775a10d49bfc6a39a9b376000',
  '3ff301c8373e3990bfc60b3154b7a000', '3ff2eb4ebb95f841bfc5737d76243000', '3ff2d50a0219a9d1bfc4dc7b8fc23000',
  '3ff2bef9a8b7fd2abfc4462c51d20000', '3ff2a91c7a0c1babbfc3b08abc830000', '3ff293726014b530bfc31b996b490000',
  '3ff27dfa5757a1f5bfc2875490a44000', '3ff268b39b1d3bbfbfc1f3b9f879a000', '3ff2539d838ff5bdbfc160c8252ca000',
  '3ff23eb7aac9083bbfc0ce7f57f72000', '3ff22a012ba940b6bfc03cdc49fea000', '3ff2157996cc4132bfbf57bdbc4b8000',
  '3ff201201dd2fc9bbfbe370896404000', '3ff1ecf4494d480bbfbd17983ef94000', '3ff1d8f5528f6569bfbbf9674ed8a000',
  '3ff1c52311577e7cbfbadc79202f6000', '3ff1b17c74cb26e9bfb9c0c3e7288000', '3ff19e010c2c1ab6bfb8a646b372c000',
  '3ff18ab07bb670bdbfb78d01b3ac0000', '3ff1778a25efbcb6bfb674f145380000', '3ff1648d354c31dabfb55e0e6d878000',
  '3ff151b990275fddbfb4485cdea1e000', '3ff13f0ea432d24cbfb333d94d6aa000', '3ff12c8b7210f9dabfb22079f8c56000',
  '3ff11a3028ecb531bfb10e4698622000', '3ff107fbda8434afbfaffa6c6ad20000', '3ff0f5ee0f4e6bb3bfadda8d4a774000',
  '3ff0e4065d2a9fcebfabbcece4850000', '3ff0d244632ca521bfa9a1894012c000', '3ff0c0a77ce2981abfa788583302c000',
  '3ff0af2f83c636d1bfa5715e67d68000', '3ff09ddb98a01339bfa35c8a49658000', '3ff08cabaf52e7dfbfa149e364154000',
  '3ff07b9f2f4e28fbbf9e72c082eb8000', '3ff06ab58c358f19bf9a55f152528000', '3ff059eea5ecf92cbf963d62cf818000',
  '3ff04949cdd12c90bf9228fb8caa0000', '3ff038c6c6f0ada9bf8c317b20f90000', '3ff02865137932a9bf8419355daa0000',
  '3ff0182427ea7348bf781203c2ec0000', '3ff008040614b195bf60040979240000', '3fefe01ff726fa1a3f6feff384900000',
  '3fefa11cc261ea743f87dc41353d0000', '3fef6310b081992e3f93cea3c4c28000', '3fef25f63ceeadcd3f9b9fc114890000',
  '3feee9c8039113e73fa1b0d8ce110000', '3feeae8078cbb1ab3fa58a5bd001c000', '3fee741aa29d0c9b3fa95c8340d88000',
  '3fee3a91830a99b53fad276aef578000', '3fee01e009609a563fb07598e598c000', '3fedca01e577bb983fb253f5e30d2000',
  '3fed92f20b7c91033fb42edd8b380000', '3fed5cac66fb5cce3fb606598757c000', '3fed272caa5ede9d3fb7da76356a0000',
  '3fecf26e3e6b2ccd3fb9ab434e1c6000', '3fecbe6da2a779023fbb78c7bb0d6000', '3fec8b266d37086d3fbd431332e72000',
  '3fec5894bd5d58043fbf0a3171de6000', '3fec26b533bb9f8c3fc067152b914000', '3febf583eeece73f3fc147858292b000',
  '3febc4fd75db96c13fc2266ecdca3000', '3feb951e0c864a283fc303d7a6c55000', '3feb65e2c5ef3e2c3fc3dfc33c331000',
  '3feb374867c9888b3fc4ba366b7a8000', '3feb094b211d304a3fc5933928d1f000', '3feadbe885f2ef7e3fc66acd2418f000',
  '3feaaf1d31603da23fc740f8ec669000', '3fea82e63fd358a73fc815c0f51af000', '3fea5740ef09738b3fc8e92954f68000',
  '3fea2c2a90ab4b273fc9bb3602f84000', '3fea01a01393f2d13fca8bed1c2c0000', '3fe9d79f24db3c1b3fcb5b515c01d000',
  '3fe9ae2505c7b1903fcc2967ccbcc000', '3fe9852ef297ce2f3fccf635d5486000', '3fe95cbaeea44b753fcdc1bd3446c000',
  '3fe934c69de748383fce8c01b8cfe000', '3fe90d4f2f6752e63fcf5509c0179000', '3fe8e6528effd79d3fd00e6c121fb800',
  '3fe8bfce9fcc007c3fd071b80e93d000', '3fe899c0dabec30e3fd0d46b9e867000', '3fe87427aa2317fb3fd13687334bd000',
  '3fe84f00acb39a083fd1980d67234800', '3fe82a49e8653e553fd1f8ffe0cc8000', '3fe8060195f402603fd2595fd7636800',
  '3fe7e22563e0a3293fd2b9300914a800', '3fe7beb377dcb5ad3fd3187210436000', '3fe79baa679725c23fd377266dec1800',
  '3fe77907f21706573fd3d54ffbaf3000', '3fe756cadbd6130c3fd432eee32fe000',
];
const INVC = TAB.map((h) => hex64(h, 0));
const LOGC = TAB.map((h) => hex64(h, 16));
const LN2HI = hex64('3fe62e42fefa3800'); // 0x1.62e42fefa3800p-1
const LN2LO = hex64('3d2ef35793c76730'); // 0x1.ef35793c76730p-45
// poly: log1p(r) − r ≈ A0 r² + A1 r³ + …, |r| < 1/256.
const A = ['bfe0000000000001', '3fd555555551305b', 'bfcfffffffeb4590', '3fc999b324f10111', 'bfc55575e506c89f'].map((h) => hex64(h));
// poly1: log(1 + r) for x within [1 − 2^-4, 1 + 0x1.09p-4], B0 = −1/2.
const B = [
  'bfe0000000000000', '3fd5555555555577', 'bfcffffffffffdcb', '3fc999999995dd0c', 'bfc55555556745a7', '3fc24924a344de30',
  'bfbfffffa4423d65', '3fbc7184282ad6ca', 'bfb999eb43b068ff', '3fb78182f7afd085', 'bfb5521375d145cd',
].map((h) => hex64(h));
const TWO52 = 4503599627370496;

/**
 * glibc 2.36's `log` (natural logarithm, double), bit-exact with the __log_fma variant that libm
 * selects on x86-64 CPUs with FMA and AVX2, for every double: x = 2^k·z with z in
 * [0x3fe6000000000000, 2·that) as bits, log(x) = k·ln2 + log(c) + log1p(z/c − 1) by the 128-entry
 * table and a degree-5 polynomial, and |x − 1| < ~0.065 by a degree-11 polynomial with an exact
 * head. Fused steps (each rounded once, from the disassembly): r = fma(z, invc, −1),
 * w = fma(k, ln2hi, logc), lo = fma(k, ln2lo, (w − hi) + r), the polynomial in fma chains
 * (A0·r² + lo; (A4·r + A3)·r² + (A2·r + A1); r³·that + …) and, near 1, the B polynomial's chains and
 * lo's corrections. log(±0) = −∞, log(x < 0) = NaN, log(∞) = ∞. Source:
 * sysdeps/ieee754/dbl-64/e_log.c and e_log_data.c of glibc 2.36.
 */
export function logGlibc(x: number): number {
  let hi = highWord(x) >>> 0;
  let lo = lowWord(x);
  // |x − 1| small: ix − asuint64(1 − 2^-4) < asuint64(1 + 0x1.09p-4) − asuint64(1 − 2^-4).
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const p1 = fma64(r2, B[3]!, fma64(r, B[2]!, B[1]!));
    const p2 = fma64(r2, B[6]!, fma64(r, B[5]!, B[4]!));
    let p3 = fma64(r2, B[9]!, fma64(r, B[8]!, B[7]!));
    p3 = fma64(r3, B[10]!, p3);
    let y = fma64(fma64(p3, r3, p2), r3, p1); // the inner bracket
    // Exact head: rhi = r rounded to 26 bits, hi + lo = r − rhi²/2 + the −rlo·(rhi + r)/2 term.
    const w = r * 134217728; // r·2^27, exact
    const rhi = (r + w) - w; // fma(r, 2^27, r) then fma(−r, 2^27, ·): the products are exact
    const rlo = r - rhi;
    const rr = rhi * rhi; // exact (26-bit halves)
    const h = rr * B[0]! + r; // fma(rr, −1/2, r); rr·(−1/2) is exact
    let l = rr * B[0]! + (r - h); // fma(rr, −1/2, r − h), exact product
    l = fma64(B[0]! * rlo, rhi + r, l);
    y = fma64(y, r3, l);
    return y + h;
  }
  const top = hi >>> 16;
  if (top - 0x0010 >= 0x7ff0 - 0x0010 || top < 0x0010) {
    // x < 2^-1022 (incl. negative), ∞ or NaN.
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (x !== x || x < 0) return NaN;
    // Subnormal: scale by 2^52 and take 52 off the exponent.
    const s = x * TWO52;
    hi = ((highWord(s) >>> 0) - (52 << 20)) >>> 0;
    lo = lowWord(s);
  }
  // tmp = ix − 0x3fe6000000000000: the low word is untouched (OFF's low word is 0).
  const tmpHi = (hi - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127; // tmp >> (52 − 7) mod 128
  const k = tmpHi >> 20; // arithmetic shift of the 64-bit tmp by 52
  const z = fromWords((hi - (tmpHi & 0xfff00000)) >>> 0, lo);
  const invc = INVC[i]!, logc = LOGC[i]!;
  const r = fma64(z, invc, -1);
  const w = fma64(k, LN2HI, logc);
  const h = w + r;
  const l = fma64(k, LN2LO, (w - h) + r);
  const r2 = r * r;
  const r3 = r * r2;
  const a = fma64(r2, A[0]!, l);
  const b = fma64(fma64(r, A[4]!, A[3]!), r2, fma64(r, A[2]!, A[1]!));
  return fma64(r3, b, a) + h;
}
