// The library's one bit-cast scratch: a module-level ArrayBuffer viewed as a float64 and its two
// uint32 words, and (its first 4 bytes) as a float32 and its int32. Writing one view and reading the
// other is exact on every engine, unlike any Math.* transcendental, and allocates nothing. Every
// user writes and reads back within one function, with no call in between that could use the
// scratch too. A leaf: it imports nothing, so the kernels' twins may use it as well.

const BUFFER = new ArrayBuffer(8);
/** The scratch float64; write it, then read {@link U32} (or the reverse). */
export const F64 = new Float64Array(BUFFER);
/** The same 8 bytes as two uint32 words; index with {@link HI} and {@link LO}. */
export const U32 = new Uint32Array(BUFFER);
/** The scratch float32 (the buffer's first 4 bytes); write it, then read {@link I32} (or the reverse). */
export const F32 = new Float32Array(BUFFER, 0, 1);
/** The same 4 bytes as an int32. */
export const I32 = new Int32Array(BUFFER, 0, 1);
// Typed arrays use the platform's byte order. Every engine we target is little-endian (lo word at
// index 0), but asking costs nothing and keeps the casts right on a big-endian host.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Index of the high word (sign, exponent, top 20 fraction bits) in {@link U32}. */
export const HI = LITTLE_ENDIAN ? 1 : 0;
/** Index of the low word (bottom 32 fraction bits) in {@link U32}. */
export const LO = LITTLE_ENDIAN ? 0 : 1;

/** High word of x as a signed int32 (fdlibm's GET_HIGH_WORD into an int32_t). */
export function highWord(x: number): number {
  F64[0] = x;
  return U32[HI]! | 0;
}

/** Low word of x as an unsigned int32. */
export function lowWord(x: number): number {
  F64[0] = x;
  return U32[LO]!;
}

/** The double with the given high and low words (fdlibm's INSERT_WORDS). */
export function fromWords(hi: number, lo: number): number {
  U32[HI] = hi >>> 0;
  U32[LO] = lo >>> 0;
  return F64[0]!;
}

/**
 * The double whose IEEE bits are the 16 hex digits of `hex` from `at` (tables copied from C sources
 * as bit patterns), plus `addHigh` on the high word.
 */
export function hex64(hex: string, at = 0, addHigh = 0): number {
  return fromWords(parseInt(hex.slice(at, at + 8), 16) + addHigh, parseInt(hex.slice(at + 8, at + 16), 16));
}

/** x with its high word replaced (fdlibm's SET_HIGH_WORD). */
export function withHighWord(x: number, hi: number): number {
  F64[0] = x;
  U32[HI] = hi >>> 0;
  return F64[0]!;
}

/** x with its low word cleared: its top 21 significant bits, so products of two such are exact. */
export function clearLowWord(x: number): number {
  F64[0] = x;
  U32[LO] = 0;
  return F64[0]!;
}

// Dekker's splitter 2^27 + 1: x·SPLIT − (x·SPLIT − x) is x's top 26 bits, exactly (no FMA needed).
const SPLIT = 134217729;
/** Low part of the exact product a·b = (a·b rounded) + twoProdErr(a, b); |a|,|b| < 2^995. */
export function twoProdErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}
