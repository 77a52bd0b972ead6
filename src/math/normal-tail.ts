// Double-precision standard normal tail probabilities, used once per call to set up the
// truncated-normal kernels. Q(x) = 1 - Phi(x) = P(Z > x).
import { exp, log } from './elementary.js';

const LOG_SQRT_2PI = 0.5 * log(2 * Math.PI);

// Mills ratio R(x) = Q(x) / phi(x) for x >= 2.5 by the continued fraction
// 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...)))), evaluated backwards (Laplace; converges fast here).
function millsRatio(x: number): number {
  let t = x;
  for (let k = 120; k >= 1; k--) t = x + k / t;
  return 1 / t;
}

/**
 * P(0 < Z < x) for 0 <= x < 2.5 by the everywhere-positive series
 * phi(x) * sum_n x^(2n+1) / (1*3*...*(2n+1)) (no cancellation inside the sum).
 */
function centralMass(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
  }
  return exp(-0.5 * x2 - LOG_SQRT_2PI) * sum;
}

/** Q(x) = P(Z > x) for a standard normal Z, to about 1e-15 relative; Q(-inf) = 1, Q(inf) = 0. */
export function upperTail(x: number): number {
  if (x === Infinity) return 0;
  if (x === -Infinity) return 1;
  if (x < 0) return 1 - upperTail(-x);
  if (x < 2.5) return 0.5 - centralMass(x);
  return exp(-0.5 * x * x - LOG_SQRT_2PI) * millsRatio(x);
}

/** log Q(x) without underflow for any finite x >= 0; log Q(inf) = -inf. */
export function logUpperTail(x: number): number {
  if (x === Infinity) return -Infinity;
  if (x < 2.5) return log(upperTail(x));
  return -0.5 * x * x - LOG_SQRT_2PI + log(millsRatio(x));
}
