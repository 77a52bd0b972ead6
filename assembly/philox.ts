// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC'11): a counter-based generator.
// Block b = Philox(key, counter b) -> four 32-bit words. Ten rounds of two 32x32->64
// multiplies; the key is bumped by the Weyl constants between rounds.

export const PHILOX_M0: u32 = 0xD2511F53;
export const PHILOX_M1: u32 = 0xCD9E8D57;
export const PHILOX_W0: u32 = 0x9E3779B9;
export const PHILOX_W1: u32 = 0xBB67AE85;

/** Scalar block function: writes the four words of block (c0..c3) under key (k0, k1) at `dst`. */
@inline export function philoxBlock(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, dst: usize): void {
  for (let r = 0; r < 10; r++) {
    const p0 = <u64>c0 * <u64>PHILOX_M0;
    const p1 = <u64>c2 * <u64>PHILOX_M1;
    const n0 = <u32>(p1 >>> 32) ^ c1 ^ k0;
    const n2 = <u32>(p0 >>> 32) ^ c3 ^ k1;
    c1 = <u32>p1;
    c3 = <u32>p0;
    c0 = n0;
    c2 = n2;
    k0 += PHILOX_W0;
    k1 += PHILOX_W1;
  }
  store<u32>(dst, c0);
  store<u32>(dst, c1, 4);
  store<u32>(dst, c2, 8);
  store<u32>(dst, c3, 12);
}

// Round keys for the SIMD kernel: round r xors (k0 + r*W0, k1 + r*W1), splatted; loaded as memory
// operands, which frees two registers and the per-round key adds.
const KEYS: usize = memory.data(10 * 32, 16);

// Products of four u32 lanes: extmul gives p0,p1 and p2,p3 as 64-bit lanes; one shufps each picks the
// high and the low words. Cheaper than i32x4.mul for lo (pmulld is two uops on the same ports as
// pmuludq), and V8 lowers each extmul to two unpacks plus pmuludq, so shuffles dominate either way.
@inline function hiOf(p: v128, q: v128): v128 { return v128.shuffle<u32>(p, q, 1, 3, 5, 7); }
@inline function loOf(p: v128, q: v128): v128 { return v128.shuffle<u32>(p, q, 0, 2, 4, 6); }

/**
 * SIMD: blocks c0 .. c0 + 4*groups - 1 (c1..c3 fixed; the caller keeps c0 from wrapping), in
 * structure-of-arrays layout: group g (blocks 4g..4g+3) is four v128 at dst + 64g holding word 0,
 * 1, 2, 3 of its four blocks. Three groups are interleaved (12 blocks per step): enough independent
 * multiplies to hide latency without spilling the 16 xmm registers.
 */
export function philoxSoA(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, groups: i32, dst: usize): void {
  if (!ASC_FEATURE_SIMD) unreachable();
  for (let r = 0; r < 10; r++) {
    v128.store(KEYS + (<usize>r << 5), i32x4.splat(k0));
    v128.store(KEYS + (<usize>r << 5), i32x4.splat(k1), 16);
    k0 += PHILOX_W0;
    k1 += PHILOX_W1;
  }
  const vM0 = i32x4.splat(PHILOX_M0);
  const vM1 = i32x4.splat(PHILOX_M1);
  const lane = i32x4(0, 1, 2, 3);
  const vc1 = i32x4.splat(c1);
  const vc2 = i32x4.splat(c2);
  const vc3 = i32x4.splat(c3);
  let g = 0;
  for (; g + 3 <= groups; g += 3) {
    let a0 = i32x4.add(i32x4.splat(c0 + (<u32>g << 2)), lane);
    let b0 = i32x4.add(a0, i32x4.splat(4));
    let d0 = i32x4.add(a0, i32x4.splat(8));
    let a1 = vc1, a2 = vc2, a3 = vc3;
    let b1 = vc1, b2 = vc2, b3 = vc3;
    let d1 = vc1, d2 = vc2, d3 = vc3;
    for (let r = 0; r < 10; r++) {
      const kp = KEYS + (<usize>r << 5);
      const vk0 = v128.load(kp), vk1 = v128.load(kp, 16);
      const aP0 = i64x2.extmul_low_i32x4_u(a0, vM0), aQ0 = i64x2.extmul_high_i32x4_u(a0, vM0);
      const aP1 = i64x2.extmul_low_i32x4_u(a2, vM1), aQ1 = i64x2.extmul_high_i32x4_u(a2, vM1);
      const bP0 = i64x2.extmul_low_i32x4_u(b0, vM0), bQ0 = i64x2.extmul_high_i32x4_u(b0, vM0);
      const bP1 = i64x2.extmul_low_i32x4_u(b2, vM1), bQ1 = i64x2.extmul_high_i32x4_u(b2, vM1);
      const dP0 = i64x2.extmul_low_i32x4_u(d0, vM0), dQ0 = i64x2.extmul_high_i32x4_u(d0, vM0);
      const dP1 = i64x2.extmul_low_i32x4_u(d2, vM1), dQ1 = i64x2.extmul_high_i32x4_u(d2, vM1);
      a0 = v128.xor(v128.xor(hiOf(aP1, aQ1), a1), vk0); a1 = loOf(aP1, aQ1);
      a2 = v128.xor(v128.xor(hiOf(aP0, aQ0), a3), vk1); a3 = loOf(aP0, aQ0);
      b0 = v128.xor(v128.xor(hiOf(bP1, bQ1), b1), vk0); b1 = loOf(bP1, bQ1);
      b2 = v128.xor(v128.xor(hiOf(bP0, bQ0), b3), vk1); b3 = loOf(bP0, bQ0);
      d0 = v128.xor(v128.xor(hiOf(dP1, dQ1), d1), vk0); d1 = loOf(dP1, dQ1);
      d2 = v128.xor(v128.xor(hiOf(dP0, dQ0), d3), vk1); d3 = loOf(dP0, dQ0);
    }
    const p = dst + (<usize>g << 6);
    v128.store(p, a0); v128.store(p, a1, 16); v128.store(p, a2, 32); v128.store(p, a3, 48);
    v128.store(p, b0, 64); v128.store(p, b1, 80); v128.store(p, b2, 96); v128.store(p, b3, 112);
    v128.store(p, d0, 128); v128.store(p, d1, 144); v128.store(p, d2, 160); v128.store(p, d3, 176);
  }
  for (; g < groups; g++) {
    let a0 = i32x4.add(i32x4.splat(c0 + (<u32>g << 2)), lane);
    let a1 = vc1, a2 = vc2, a3 = vc3;
    for (let r = 0; r < 10; r++) {
      const kp = KEYS + (<usize>r << 5);
      const aP0 = i64x2.extmul_low_i32x4_u(a0, vM0), aQ0 = i64x2.extmul_high_i32x4_u(a0, vM0);
      const aP1 = i64x2.extmul_low_i32x4_u(a2, vM1), aQ1 = i64x2.extmul_high_i32x4_u(a2, vM1);
      a0 = v128.xor(v128.xor(hiOf(aP1, aQ1), a1), v128.load(kp)); a1 = loOf(aP1, aQ1);
      a2 = v128.xor(v128.xor(hiOf(aP0, aQ0), a3), v128.load(kp, 16)); a3 = loOf(aP0, aQ0);
    }
    const p = dst + (<usize>g << 6);
    v128.store(p, a0); v128.store(p, a1, 16); v128.store(p, a2, 32); v128.store(p, a3, 48);
  }
}
