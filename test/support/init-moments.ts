// Second-moment check for initializer tests: the sample variance about the known mean 0 and its
// standard error sqrt((m4 - s^4) / n), both estimated from the sample (no shared code with src/).

/** Sample E[x^2], E[x^4] (about 0), mean, and the standard errors of E[x^2] and of the mean. */
export function secondMoment(x: ArrayLike<number>) {
  const n = x.length;
  let s1 = 0, s2 = 0, s4 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const v2 = v * v;
    s1 += v;
    s2 += v2;
    s4 += v2 * v2;
  }
  const mean = s1 / n, m2 = s2 / n, m4 = s4 / n;
  return { n, mean, m2, m4, se: Math.sqrt((m4 - m2 * m2) / n), meanSe: Math.sqrt(m2 / n) };
}

/** Largest |x_i| and whether every x_i is finite. */
export function maxAbs(x: ArrayLike<number>): { max: number; finite: boolean } {
  let max = 0, finite = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) finite = false;
    if (Math.abs(v) > max) max = Math.abs(v);
  }
  return { max, finite };
}

/** Fans as PyTorch's docs and Keras's `_compute_fans` define them (independent of src/). */
export function referenceFans(shape: readonly number[], layout: 'torch' | 'tf'): { fanIn: number; fanOut: number } {
  const r = shape.length;
  if (layout === 'tf') {
    if (r === 0) return { fanIn: 1, fanOut: 1 };
    if (r === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
    const rf = shape.slice(0, r - 2).reduce((a, b) => a * b, 1);
    return { fanIn: shape[r - 2]! * rf, fanOut: shape[r - 1]! * rf };
  }
  const rf = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * rf, fanOut: shape[0]! * rf };
}
