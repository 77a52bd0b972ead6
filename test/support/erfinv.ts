// Double-precision erfinv for TorchGenerator's trunc_normal_ tests and set-up: Giles'
// single-precision approximation ("Approximating the erfinv function", GPU Computing Gems, 2011;
// ~4e-7 relative) refined by Newton steps on erf/erfc (src/math/erf.ts, fdlibm's algorithm, < 1 ulp),
// which bring it to their accuracy (tested in test/torch/generator.test.ts: erf(erfinv(y)) = y, and
// erfc(erfinv(y)) = 1 − y in the tails, to 1e-13 relative over y in (−1, 1) down to 1 − y = 1e-15).
import { erf, erfc, exp, log } from '../../src/math/elementary.js';

export { erf, erfc };

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erfinv(y) in double for y in [−1, 1] (±Infinity at ±1, NaN outside): Giles' approximation, then
 * Newton steps on |y|: two on erf(x) = |y| for |y| ≤ 1/2, and on log erfc(x) = log(1 − |y|)
 * (until the step is below 1e-16·x, at most 8) beyond, so y near ±1 keeps its relative accuracy.
 */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  if (y === 0) return y; // keeps −0
  const ay = Math.abs(y);
  let w = -log((1 - ay) * (1 + ay));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w;
    p = -3.5233877e-6 + p * w;
    p = -4.39150654e-6 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  let x = p * ay;
  if (ay <= 0.5) {
    for (let k = 0; k < 2; k++) x -= (erf(x) - ay) / (TWO_OVER_SQRT_PI * exp(-x * x));
  } else {
    // Newton on log erfc(x) = log(1 − |y|): nearly quadratic in x, so it also converges from
    // Giles' rougher start beyond 1 − |y| ≈ 1e-7 (his fit is for float32).
    const logTail = log(1 - ay); // 1 − |y| is exact for |y| ≥ 1/2 (Sterbenz)
    for (let k = 0; k < 8; k++) {
      const q = erfc(x);
      const dx = (log(q) - logTail) * q / (TWO_OVER_SQRT_PI * exp(-x * x));
      x += dx;
      if (Math.abs(dx) <= 1e-16 * x) break;
    }
  }
  return y < 0 ? -x : x;
}
