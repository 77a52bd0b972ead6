// Sets up the truncated-normal kernels once per call, in double precision. Standardised bounds
// alpha < beta; the kernels invert the CDF (never a rejection loop), choosing one of two forms:
//  - TruncTail when the interval lies inside one tail (alpha >= 1.5, or beta <= -1.5 mirrored):
//    log p = log Q(alpha) + log(1 - u d), d = 1 - Q(beta) / Q(alpha), then x = Q^-1 from
//    sqrt(-log p). p is never formed, so bounds far out in the tail do not underflow.
//  - TruncCentral otherwise: p_left = Phi(alpha) + u w and p_right = Q(beta) + (1 - u) w with
//    w = Phi(beta) - Phi(alpha); invert the smaller of the two (no cancellation near 1).
import { Kind } from '../kernels/abi.js';
import { f32Down, f32Up, F32_MAX } from '../math/f32.js';
import { logUpperTail, upperTail } from '../math/normal-tail.js';
import { expm1 } from '../math/elementary.js';

/** Beyond this many standard deviations Q underflows double precision (Q(37.5) < 1e-308). */
export const MAX_TAIL_SIGMA = 37;

/** A kernel kind and its f32 parameters. */
export interface TruncPlan {
  kind: Kind.TruncCentral | Kind.TruncTail;
  params: number[];
}

/**
 * Plans N(mean, std^2) truncated to [lo, hi] (values, lo < hi, either may be infinite). Throws a
 * RangeError naming `a`/`b` when no float32 lies in the interval or it lies beyond 37 sigma.
 */
export function planTruncated(mean: number, std: number, lo: number, hi: number, names: [string, string]): TruncPlan {
  const alpha = (lo - mean) / std;
  const beta = (hi - mean) / std;
  const loF = f32Up(Math.max(lo, -F32_MAX));
  const hiF = f32Down(Math.min(hi, F32_MAX));
  const loK = lo === -Infinity ? -Infinity : loF;
  const hiK = hi === Infinity ? Infinity : hiF;
  if (!(loF <= hiF)) throw new RangeError(`${names[0]}, ${names[1]}: the interval [${lo}, ${hi}] holds no float32 value`);
  if (alpha > MAX_TAIL_SIGMA || beta < -MAX_TAIL_SIGMA) {
    throw new RangeError(`${alpha > 0 ? names[0] : names[1]}: the interval lies more than ${MAX_TAIL_SIGMA} standard deviations from the mean (its probability underflows double precision)`);
  }
  if (alpha >= 1.5 || beta <= -1.5) {
    const mirror = beta <= -1.5;
    const a = mirror ? -beta : alpha;
    const b = mirror ? -alpha : beta;
    const L = logUpperTail(a);
    const d = b === Infinity ? 1 : -expm1(logUpperTail(b) - L);
    return { kind: Kind.TruncTail, params: [L, d, mirror ? -1 : 1, mean, std, loK, hiK] };
  }
  const A = upperTail(-alpha);
  const Bc = upperTail(beta);
  // The difference of the two smaller tail masses when both bounds are on one side (no cancellation).
  const width = alpha >= 0 ? upperTail(alpha) - Bc : beta <= 0 ? upperTail(-beta) - A : 1 - A - Bc;
  return { kind: Kind.TruncCentral, params: [A, Bc, width, mean, std, loK, hiK] };
}
