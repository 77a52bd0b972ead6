// The kernel families shared by every backend, with their parameter lists (f32 each, in order).

/** Which transform a fill applies to the Philox words. */
export const enum Kind {
  /** raw words; no parameters */
  U32 = 0,
  /** [low, span]: u * span + low, u = hi24(w) / 2^24 */
  Uniform = 1,
  /** [mean, std]: Box-Muller z * std + mean */
  Normal = 2,
  /** [A, Bc, width, mean, std, lo, hi]: inverse CDF for an interval reaching the centre */
  TruncCentral = 3,
  /** [L, d, sign, mean, std, lo, hi]: inverse CDF in log space for an interval inside one tail */
  TruncTail = 4,
}

/** Values per 128-bit Philox block for every f32 kind. */
export const PER_BLOCK = 4;
