// Double-precision erf, erfc and erfinv for TorchGenerator's trunc_normal_ (JavaScript's Math has
// no erf). erf comes from an all-positive series near 0 and from the normal tail of normal-tail.ts
// beyond; erfc from that tail (about 1e-15 relative, up to 3e-14 just below x = 1.77 where the tail
// is 1/2 minus a series). erfinv is Giles' single-precision approximation ("Approximating the erfinv
// function", GPU Computing Gems, 2011; ~4e-7 relative) refined by two Newton steps on erf/erfc,
// which bring it to the accuracy of erf/erfc (tested in test/torch-generator.test.ts: erf(erfinv(y))
// = y, and erfc(erfinv(y)) = 1 − y in the tails, to 1e-13 relative over y in (−1, 1) down to
// 1 − y = 1e-15; reference values to 3e-15). float32 results need 6e-8.
import { centralMass, upperTail } from './normal-tail.js';
import { exp, log } from './math/elementary.js';

const SQRT2 = Math.SQRT2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) in double, relative error about 1e-15 everywhere (no cancellation near 0). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const t = Math.abs(x) * SQRT2;
  const v = t < 2.5 ? 2 * centralMass(t) : 1 - 2 * upperTail(t);
  return x < 0 ? -v : v;
}

/** erfc(x) = 1 − erf(x) in double, relative error about 1e-15 for x ≥ 0 (no underflow before x ≈ 26.5). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 2 * upperTail(x * SQRT2);
}

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
