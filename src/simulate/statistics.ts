// Per-layer statistics of a batch of activations stored neuron-major: x[i·batch + b] is neuron i on
// example b. Everything is summed in float64 from the (backend-independent) float32 values, so the
// statistics are the same on every backend.

/** Moments of hˡ and φ(hˡ), and the saturation fraction, over all neurons and examples. */
export function moments(h: Float32Array, a: Float32Array, d: Float32Array): {
  preMean: number; q: number; postMean: number; postVar: number; zeroFraction: number; saturatedFraction: number;
} {
  const n = h.length;
  let s = 0, s2 = 0, p = 0, p2 = 0, zeros = 0, sat = 0;
  for (let i = 0; i < n; i++) {
    const x = h[i]!, y = a[i]!;
    s += x; s2 += x * x; p += y; p2 += y * y;
    if (y === 0) zeros++;
    if (Math.abs(d[i]!) < 0.01) sat++;
  }
  const postMean = p / n;
  return { preMean: s / n, q: s2 / n, postMean, postVar: Math.max(0, p2 / n - postMean * postMean), zeroFraction: zeros / n, saturatedFraction: sat / n };
}

/**
 * Mean pairwise cosine between the batch's vectors h_b (columns): with u_b = h_b/‖h_b‖,
 * Σ_{b≠b'} u_b·u_b' = ‖Σ_b u_b‖² − B, so the mean is that over B(B−1) — O(width·batch), exact.
 * Zero vectors are left out; with fewer than two non-zero vectors the batch has collapsed and the
 * result is 1.
 */
export function meanCosine(h: Float32Array, width: number, batch: number): number {
  const norm = new Float64Array(batch);
  for (let i = 0; i < width; i++) {
    const row = i * batch;
    for (let b = 0; b < batch; b++) norm[b]! += h[row + b]! ** 2;
  }
  let live = 0;
  for (let b = 0; b < batch; b++) {
    if (norm[b]! > 0) { norm[b] = 1 / Math.sqrt(norm[b]!); live++; }
  }
  if (live < 2) return 1;
  let total = 0;
  for (let i = 0; i < width; i++) {
    const row = i * batch;
    let s = 0;
    for (let b = 0; b < batch; b++) s += h[row + b]! * norm[b]!;
    total += s * s;
  }
  return (total - live) / (live * (live - 1));
}

/**
 * Number of classes of neurons (rows) whose outputs over the batch agree within
 * tol = 1e-6 · RMS(h) in every example (greedy: a row joins the first class whose representative it
 * matches, representatives visited in order of their first output). 1 means full symmetry.
 */
export function distinctNeurons(h: Float32Array, width: number, batch: number): number {
  if (width === 0 || batch === 0) return width;
  let s2 = 0;
  for (let i = 0; i < h.length; i++) s2 += h[i]! * h[i]!;
  const tol = 1e-6 * Math.sqrt(s2 / h.length);
  const order = Array.from({ length: width }, (_, i) => i).sort((x, y) => h[x * batch]! - h[y * batch]!);
  const reps: number[] = [];
  for (const i of order) {
    const key = h[i * batch]!;
    let matched = false;
    for (let r = reps.length - 1; r >= 0; r--) {
      const j = reps[r]!;
      if (key - h[j * batch]! > tol) break;
      let same = true;
      for (let b = 1; b < batch; b++) {
        if (Math.abs(h[i * batch + b]! - h[j * batch + b]!) > tol) { same = false; break; }
      }
      if (same) { matched = true; break; }
    }
    if (!matched) reps.push(i);
  }
  return reps.length;
}

/** Mean of the squares (in float64). */
export function meanSquare(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return x.length === 0 ? 0 : s / x.length;
}
