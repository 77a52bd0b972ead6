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

// Round keys for the SIMD kernel, (k0 + r*W0, k1 + r*W1) splatted for round r: a load per round
// instead of two adds and two live registers.
const KEYS: usize = memory.data(10 * 32, 16);

// Products of four u32 lanes: extmul gives p0,p1 and p2,p3 as 64-bit lanes (V8: two unpacks and a
// pmuludq each); one shufps each picks the high and the low words. Taking lo this way is cheaper
// than i32x4.mul (pmulld is two uops on the multiply ports); the kernel is bound by total vector
// uops, about 20 per four blocks per round.
@inline function hiOf(p: v128, q: v128): v128 { return v128.shuffle<u32>(p, q, 1, 3, 5, 7); }
@inline function loOf(p: v128, q: v128): v128 { return v128.shuffle<u32>(p, q, 0, 2, 4, 6); }

/**
 * SIMD: blocks c0 .. c0 + 4*groups - 1 (c1..c3 fixed; the caller keeps c0 from wrapping), in
 * structure-of-arrays layout: group g (blocks 4g..4g+3) is four v128 at dst + 64g holding word 0,
 * 1, 2, 3 of its four blocks. Three groups are interleaved (12 blocks per step) to hide the multiply
 * latency (2 or 4 measured the same).
 *
 * Only word 0 of the counter differs between blocks, so in rounds 0 and 1 one of the two multiplies
 * has the same operand in every block: it is done once, in scalar. The other round-0 product,
 * (c0 + block) * M0, is stepped by adding 4*M0 per group rather than multiplied.
 */
export function philoxSoA(k0: u32, k1: u32, c0: u32, c1: u32, c2: u32, c3: u32, groups: i32, dst: usize): void {
  if (!ASC_FEATURE_SIMD) unreachable();
  for (let r = 0, a = k0, b = k1; r < 10; r++) {
    v128.store(KEYS + (<usize>r << 5), i32x4.splat(a));
    v128.store(KEYS + (<usize>r << 5), i32x4.splat(b), 16);
    a += PHILOX_W0;
    b += PHILOX_W1;
  }
  // Round 0: word 0 = c0 + block, words 1..3 shared. Its c2 * M1 product is shared.
  const q0 = <u64>c2 * <u64>PHILOX_M1;
  const s0 = <u32>(q0 >>> 32) ^ c1 ^ k0;          // word 0 after round 0 (shared)
  const s1 = <u32>q0;                              // word 1 after round 0 (shared)
  // Round 1: s0 * M0 is shared; fold the shared terms with the round-1 keys.
  const q1 = <u64>s0 * <u64>PHILOX_M0;
  const vX1 = i32x4.splat(s1 ^ (k0 + PHILOX_W0));                  // xor into word 0
  const vX2 = i32x4.splat(<u32>(q1 >>> 32) ^ (k1 + PHILOX_W1));    // xor into word 2
  const vL3 = i32x4.splat(<u32>q1);                                 // word 3 after round 1
  const vX0 = i32x4.splat(c3 ^ k1);                                 // round 0: xor into word 2
  const vM0 = i32x4.splat(PHILOX_M0);
  const vM1 = i32x4.splat(PHILOX_M1);
  const lane = i32x4(0, 1, 2, 3);
  // Round-0 products (c0 + block) * M0 as 64-bit lanes (exact: c0 + block never wraps), next group's
  // by adding 4*M0: two adds instead of four unpacks and two multiplies.
  const first = i32x4.add(i32x4.splat(c0), lane);
  let nP = i64x2.extmul_low_i32x4_u(first, vM0), nQ = i64x2.extmul_high_i32x4_u(first, vM0);
  const step4 = i64x2.splat(<u64>PHILOX_M0 << 2), step8 = i64x2.splat(<u64>PHILOX_M0 << 3);
  const step12 = i64x2.splat(<u64>PHILOX_M0 * 12);
  let g = 0;
  for (; g + 3 <= groups; g += 3) {
    // Round 0 (only c0 * M0 per block).
    let aP = nP, aQ = nQ;
    let bP = i64x2.add(nP, step4), bQ = i64x2.add(nQ, step4);
    let dP = i64x2.add(nP, step8), dQ = i64x2.add(nQ, step8);
    nP = i64x2.add(nP, step12); nQ = i64x2.add(nQ, step12);
    let a2 = v128.xor(hiOf(aP, aQ), vX0), a3 = loOf(aP, aQ);
    let b2 = v128.xor(hiOf(bP, bQ), vX0), b3 = loOf(bP, bQ);
    let d2 = v128.xor(hiOf(dP, dQ), vX0), d3 = loOf(dP, dQ);
    // Round 1 (only word2 * M1 per block).
    aP = i64x2.extmul_low_i32x4_u(a2, vM1); aQ = i64x2.extmul_high_i32x4_u(a2, vM1);
    bP = i64x2.extmul_low_i32x4_u(b2, vM1); bQ = i64x2.extmul_high_i32x4_u(b2, vM1);
    dP = i64x2.extmul_low_i32x4_u(d2, vM1); dQ = i64x2.extmul_high_i32x4_u(d2, vM1);
    let a1 = loOf(aP, aQ), b1 = loOf(bP, bQ), d1 = loOf(dP, dQ);
    let a0 = v128.xor(hiOf(aP, aQ), vX1), b0 = v128.xor(hiOf(bP, bQ), vX1), d0 = v128.xor(hiOf(dP, dQ), vX1);
    a2 = v128.xor(a3, vX2); b2 = v128.xor(b3, vX2); d2 = v128.xor(d3, vX2);
    a3 = vL3; b3 = vL3; d3 = vL3;
    for (let r = 2; r < 10; r++) {
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
    let aP = nP, aQ = nQ;
    nP = i64x2.add(nP, step4); nQ = i64x2.add(nQ, step4);
    let a2 = v128.xor(hiOf(aP, aQ), vX0), a3 = loOf(aP, aQ);
    aP = i64x2.extmul_low_i32x4_u(a2, vM1); aQ = i64x2.extmul_high_i32x4_u(a2, vM1);
    let a1 = loOf(aP, aQ);
    let a0 = v128.xor(hiOf(aP, aQ), vX1);
    a2 = v128.xor(a3, vX2);
    a3 = vL3;
    for (let r = 2; r < 10; r++) {
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
