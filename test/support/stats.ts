// Statistical helpers for the tests, written independently of the library (no shared code).

/** erfc by the Chebyshev-fitted form of Numerical Recipes (erfcc): |relative error| < 1.2e-7. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export const Phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);
/** Standard normal upper tail. */
export const Q = (x: number): number => 0.5 * erfc(x / Math.SQRT2);
/** Standard normal density. */
export const phi = (x: number): number => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);

/** Sample moments in double: mean, variance (central m2), skewness, excess kurtosis, m4. */
export function moments(x: ArrayLike<number>) {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n; m3 /= n; m4 /= n;
  return { n, mean, variance: m2, skewness: m3 / m2 ** 1.5, excessKurtosis: m4 / (m2 * m2) - 3, m4 };
}

/** Kolmogorov-Smirnov statistic D of a sample against a continuous CDF. */
export function ksStatistic(x: ArrayLike<number>, cdf: (v: number) => number): number {
  const s = Float64Array.from(x as ArrayLike<number>).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * Critical value of sqrt(n) * D at significance alpha from the Kolmogorov distribution's tail
 * P(K > k) ~ 2 exp(-2 k^2). alpha = 1e-6 gives 2.69 (the statistic's mean is 0.87, its sd 0.26, so
 * this is more than 5 standard errors above the mean).
 */
export function ksCritical(n: number, alpha = 1e-6): number {
  return Math.sqrt(-0.5 * Math.log(alpha / 2)) / Math.sqrt(n);
}

/** Pearson chi-square of counts against equal expected counts. */
export function chiSquareUniform(x: ArrayLike<number>, bins: number, lo = 0, hi = 1): number {
  const counts = new Float64Array(bins);
  for (let i = 0; i < x.length; i++) counts[Math.min(bins - 1, Math.floor(((x[i]! - lo) / (hi - lo)) * bins))]!++;
  const e = x.length / bins;
  let c = 0;
  for (const k of counts) c += (k - e) ** 2 / e;
  return c;
}

/** Mean and variance of N(mu, sigma^2) truncated to standardised [alpha, beta] (Johnson, Kotz & Balakrishnan). */
export function truncatedMoments(mu: number, sigma: number, alpha: number, beta: number) {
  // Z by the tail that keeps relative accuracy: both bounds right of 0 -> Q differences.
  const Z = alpha >= 0 ? Q(alpha) - Q(beta) : beta <= 0 ? Phi(beta) - Phi(alpha) : 1 - Phi(alpha) - Q(beta);
  const pa = phi(alpha), pb = phi(beta);
  const m1 = (pa - pb) / Z;
  const t = ((Number.isFinite(alpha) ? alpha * pa : 0) - (Number.isFinite(beta) ? beta * pb : 0)) / Z;
  return { mean: mu + sigma * m1, variance: sigma * sigma * (1 + t - m1 * m1) };
}

/** |observed - expected| in units of the standard error. */
export function zScore(observed: number, expected: number, se: number): number {
  return Math.abs(observed - expected) / se;
}

/**
 * Mean and variance of N(0, 1) truncated to [alpha, beta] by Simpson's rule on the density
 * (shifted by the bound nearest 0 so far tails do not underflow); one-sided intervals are cut
 * 40 sigma past the finite bound, where the remaining mass is below e^-800 of the rest.
 */
export function truncatedMomentsQuadrature(alpha: number, beta: number) {
  const lo = Number.isFinite(alpha) ? alpha : beta - 40;
  const hi = Number.isFinite(beta) ? beta : alpha + 40;
  const c = lo > 0 ? lo : hi < 0 ? hi : 0;
  const steps = 400_000;
  const h = (hi - lo) / steps;
  let s0 = 0, s1 = 0, s2 = 0;
  for (let i = 0; i <= steps; i++) {
    const x = lo + i * h;
    const w = (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * Math.exp(-0.5 * (x * x - c * c));
    s0 += w; s1 += w * x; s2 += w * x * x;
  }
  const mean = s1 / s0;
  return { mean, variance: s2 / s0 - mean * mean };
}
