// Plain-TS twin of assembly/philox.ts: Philox4x32-10 on int32 state (V8 keeps it in registers;
// uint32 doubles would hit slow truncations), high product words from 16-bit limbs.
/** Philox multipliers and Weyl key increments (Salmon et al., SC'11). */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

const M0_LO = PHILOX_M0 & 0xffff;
const M0_HI = PHILOX_M0 >>> 16;
const M1_LO = PHILOX_M1 & 0xffff;
const M1_HI = PHILOX_M1 >>> 16;

// High 32 bits of the unsigned product a * m (a given as int32 bits, m as 16-bit limbs).
function mulhi(a: number, mLo: number, mHi: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const lh = aLo * mHi;
  const hl = aHi * mLo;
  const mid = ((aLo * mLo) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aHi * mHi + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
}

/**
 * Philox4x32-10 block function: the four words of counter (c0..c3) under key (k0, k1), written to
 * out[off..off+3]. Arguments are 32-bit words (signed or unsigned form).
 */
export function philoxBlock(
  k0: number, k1: number, c0: number, c1: number, c2: number, c3: number,
  out: Uint32Array, off = 0,
): void {
  k0 |= 0; k1 |= 0; c0 |= 0; c1 |= 0; c2 |= 0; c3 |= 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(c0, M0_LO, M0_HI);
    const hi1 = mulhi(c2, M1_LO, M1_HI);
    const lo0 = Math.imul(c0, PHILOX_M0);
    const lo1 = Math.imul(c2, PHILOX_M1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) | 0;
    k1 = (k1 + PHILOX_W1) | 0;
  }
  out[off] = c0;
  out[off + 1] = c1;
  out[off + 2] = c2;
  out[off + 3] = c3;
}
