// Plain-TS twin of assembly/philox.ts: Philox4x32-10 with exact 32x32 -> 64-bit products
// done in doubles (each partial product < 2^53, so nothing rounds).

/** Philox multipliers and Weyl key increments (Salmon et al., SC'11). */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

const M0_LO = PHILOX_M0 & 0xffff;
const M0_HI = PHILOX_M0 >>> 16;
const M1_LO = PHILOX_M1 & 0xffff;
const M1_HI = PHILOX_M1 >>> 16;

/**
 * Philox4x32-10 block function: the four words of counter (c0..c3) under key (k0, k1), written to
 * out[off..off+3]. All arguments are uint32 values.
 */
export function philoxBlock(
  k0: number, k1: number, c0: number, c1: number, c2: number, c3: number,
  out: Uint32Array, off = 0,
): void {
  for (let r = 0; r < 10; r++) {
    // hi(c * M) = floor((c * M_hi + floor(c * M_lo / 2^16)) / 2^16), every term exact in a double.
    const hi0 = Math.floor((c0 * M0_HI + Math.floor((c0 * M0_LO) / 65536)) / 65536);
    const hi1 = Math.floor((c2 * M1_HI + Math.floor((c2 * M1_LO) / 65536)) / 65536);
    const lo0 = Math.imul(c0, PHILOX_M0) >>> 0;
    const lo1 = Math.imul(c2, PHILOX_M1) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[off] = c0;
  out[off + 1] = c1;
  out[off + 2] = c2;
  out[off + 3] = c3;
}
