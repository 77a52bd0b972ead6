// Mean-field signal propagation (Poole et al. 2016, "Exponential expressivity in deep neural
// networks through transient chaos"; Schoenholz et al. 2017, "Deep information propagation"), in
// float64, by Gauss–Hermite quadrature. Convention (the simulator's): hˡ = Wˡ φ(hˡ⁻¹) + bˡ with
// Wᵢⱼ ~ N(0, σ_w²/fanIn), bᵢ ~ N(0, σ_b²); qˡ = E[(hˡᵢ)²].
import { gaussLegendre, halfHermiteRule } from '../math/quadrature.js';
import { exp, log } from '../math/elementary.js';
import { count, describe, finite, options } from '../validate.js';
import { resolveActivation, type ResolvedActivation, type SimActivation } from './activation.js';

/** Options of {@link meanField}. */
export interface MeanFieldOptions {
  /** The activation φ. */
  activation: SimActivation;
  /** Weight variance times fan-in, σ_w² > 0. */
  sigmaW2: number;
  /** Bias variance σ_b² ≥ 0. Default 0. */
  sigmaB2?: number;
  /** Second moment of the input h⁰. Default 1. */
  q0?: number;
  /** Layers of the length map to iterate (result.q has depth + 1 entries). Default 50. */
  depth?: number;
  /** `false`: h¹ = W¹h⁰ + b¹ (no φ on the input), as the simulator's `activateInput: false`. Default true. */
  activateInput?: boolean;
}

/** Result of {@link meanField}. */
export interface MeanFieldResult {
  /** q⁰ … q^depth: the length map qˡ = σ_w² E[φ(√qˡ⁻¹ z)²] + σ_b² iterated from q0. */
  q: number[];
  /** The fixed point the length map reaches from q0 (Infinity if q grows without bound). */
  qStar: number;
  /** χ₁ = σ_w² E[φ′(√q* z)²]: per-layer growth of E[δ²] backwards, and the stability of c* = 1. */
  chi1: number;
  /** The stable fixed point of the correlation map: 1 when χ₁ ≤ 1, else the c* < 1 reached from c = 0. */
  cStar: number;
  /** Depth scale of q: −1/ln χ_q, χ_q = dF/dq at q* (central difference). */
  xiQ: number;
  /** Depth scale of correlations: −1/ln χ_c, χ_c = σ_w² E[φ′(u₁)φ′(u₂)] at c* (Infinity at criticality). */
  xiC: number;
  /** `ordered` (χ₁ < 1), `critical` (|χ₁ − 1| ≤ 1e-6), `chaotic` (χ₁ > 1). */
  phase: 'ordered' | 'critical' | 'chaotic';
}

const CRITICAL_TOL = 1e-6;
/** ln(10) / 4: the fixed-point search's grid step in ln q (4 points per decade). */
const QUARTER_DECADE = Math.LN10 / 4;
// Above this q the half-range Gauss–Hermite rule under-resolves φ(√q z) near z = 0 (a saturating
// φ varies on the scale 1/√q), so E[·] switches to composite Gauss–Legendre panels in z refined
// geometrically towards 0 (adaptive to q).
const ADAPTIVE_Q = 4;

let gl16: { x: number[]; w: number[] } | undefined;
const gaussLegendre16 = (): { x: number[]; w: number[] } => (gl16 ??= gaussLegendre(16));

/**
 * E[g(√q z)], z ~ N(0, 1): half-range Gauss–Hermite (64 nodes per side, 128 in all; exact for the
 * ReLU family, spectral for φ smooth on each side of 0) when q ≤ 4; for larger q, composite
 * 16-point Gauss–Legendre on z ∈ [0, 12] with panel ends 0, 1/√q, 2/√q, 4/√q, … (each side), which
 * resolves the 1/√q scale of a saturating φ.
 */
export function gaussExpectation(g: (x: number) => number, q: number): number {
  const s = Math.sqrt(q);
  if (q <= ADAPTIVE_Q) {
    const { z, w } = halfHermiteRule();
    let sum = 0;
    for (let i = 0; i < z.length; i++) sum += w[i]! * (g(s * z[i]!) + g(-s * z[i]!));
    return sum;
  }
  const { x, w } = gaussLegendre16();
  const ends = [0];
  for (let e = 1 / s; e < 12; e *= 2) ends.push(e);
  ends.push(12);
  let sum = 0;
  const c = 1 / Math.sqrt(2 * Math.PI);
  for (let p = 0; p + 1 < ends.length; p++) {
    const a = ends[p]!, b = ends[p + 1]!, h = (b - a) / 2;
    for (let i = 0; i < x.length; i++) {
      const z = a + h * (x[i]! + 1);
      sum += h * w[i]! * c * exp(-0.5 * z * z) * (g(s * z) + g(-s * z));
    }
  }
  return sum;
}

/** The length map F(q) = σ_w² E[φ(√q z)²] + σ_b². */
function lengthMap(act: ResolvedActivation, sw2: number, sb2: number, q: number): number {
  return sw2 * gaussExpectation((x) => { const y = act.phi(x); return y * y; }, q) + sb2;
}

function chiAt(act: ResolvedActivation, sw2: number, q: number): number {
  return sw2 * gaussExpectation((x) => { const y = act.dphi(x); return y * y; }, q);
}

/** Fixed point of F reached by iterating from q0 (F is increasing in q for these activations). */
function fixedPoint(act: ResolvedActivation, sw2: number, sb2: number, q0: number): number {
  const G = (q: number): number => lengthMap(act, sw2, sb2, q) - q;
  const g0 = G(q0);
  if (Math.abs(g0) <= 1e-12 * Math.max(q0, 1e-300)) return q0;
  // Log grid of 4 points per decade from 1e-12 to 1e12: the first sign change in the direction of
  // motion brackets the fixed point, refined by bisection in log q.
  const up = g0 > 0;
  let prev = q0;
  for (let i = 1; i <= 96; i++) {
    const q = q0 * exp((up ? i : -i) * QUARTER_DECADE);
    if (q > 1e12 || q < 1e-12) break;
    const gq = G(q);
    if ((up && gq <= 0) || (!up && gq >= 0)) {
      let lo = Math.min(prev, q), hi = Math.max(prev, q);
      for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        const mid = Math.sqrt(lo * hi);
        const gm = G(mid);
        if ((gm > 0) === up) { if (up) lo = mid; else hi = mid; } else if (up) hi = mid; else lo = mid;
      }
      return Math.sqrt(lo * hi);
    }
    prev = q;
  }
  return up ? Infinity : 0;
}

/** E[g(u₁) h(u₂)] for (u₁, u₂) centred Gaussian with variances q and correlation c (tensor-product rule). */
function pairExpectation(g: (x: number) => number, h: (x: number) => number, q: number, c: number): number {
  const { z, w } = halfHermiteRule();
  const n = z.length, s = Math.sqrt(q), r = Math.sqrt(Math.max(0, 1 - c * c));
  const zs = new Float64Array(2 * n), ws = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) { zs[i] = z[i]!; ws[i] = w[i]!; zs[n + i] = -z[i]!; ws[n + i] = w[i]!; }
  let sum = 0;
  for (let i = 0; i < 2 * n; i++) {
    const z1 = zs[i]!;
    const g1 = g(s * z1);
    if (g1 === 0) continue;
    let inner = 0;
    for (let j = 0; j < 2 * n; j++) inner += ws[j]! * h(s * (c * z1 + r * zs[j]!));
    sum += ws[i]! * g1 * inner;
  }
  return sum;
}

function checkActivationParams(o: Partial<MeanFieldOptions>): { act: ResolvedActivation; sw2: number; sb2: number } {
  const act = resolveActivation('activation', o.activation);
  const sw2 = finite('sigmaW2', o.sigmaW2);
  if (!(sw2 > 0)) throw new RangeError(`sigmaW2 must be > 0, got ${sw2}`);
  const sb2 = finite('sigmaB2', o.sigmaB2 ?? 0);
  if (sb2 < 0) throw new RangeError(`sigmaB2 must be >= 0, got ${sb2}`);
  return { act, sw2, sb2 };
}

/**
 * Mean-field theory of a deep fully connected network at initialisation: the length map, its fixed
 * point q*, χ₁, the correlation fixed point c*, the depth scales ξ_q, ξ_c and the phase.
 *
 * @throws TypeError for an unknown activation or option; RangeError for σ_w² ≤ 0, σ_b² < 0,
 *   q0 ≤ 0 or a non-integer depth.
 * @example
 * meanField({ activation: 'tanh', sigmaW2: 1, sigmaB2: 0 }).phase; // 'critical'
 */
export function meanField(config: MeanFieldOptions): MeanFieldResult {
  const o = options('config', config, ['activation', 'sigmaW2', 'sigmaB2', 'q0', 'depth', 'activateInput']);
  const { act, sw2, sb2 } = checkActivationParams(o);
  const q0 = finite('q0', o.q0 ?? 1);
  if (!(q0 > 0)) throw new RangeError(`q0 must be > 0, got ${q0}`);
  const depth = count('depth', o.depth ?? 50);
  const activateInput = o.activateInput ?? true;
  if (typeof activateInput !== 'boolean') throw new TypeError(`activateInput must be a boolean, got ${describe(activateInput)}`);
  const q = [q0];
  for (let l = 1; l <= depth; l++) {
    const prev = q[l - 1]!;
    q.push(l === 1 && !activateInput ? sw2 * prev + sb2 : lengthMap(act, sw2, sb2, prev));
  }
  const start = activateInput ? q0 : sw2 * q0 + sb2;
  const qStar = fixedPoint(act, sw2, sb2, start);
  // χ₁ at q* = 0 is the limit q → 0⁺ (φ′ at 0⁺: 1 for ReLU, whose φ′(0) itself is 0).
  const qEval = Number.isFinite(qStar) ? Math.max(qStar, 1e-300) : 1e12;
  const chi1 = chiAt(act, sw2, qEval);
  const phase = Math.abs(chi1 - 1) <= CRITICAL_TOL ? 'critical' : chi1 < 1 ? 'ordered' : 'chaotic';
  // χ_q: derivative of the length map at q*.
  const hq = Math.max(1e-6 * qEval, 1e-9);
  const chiQ = qEval > hq
    ? (lengthMap(act, sw2, sb2, qEval + hq) - lengthMap(act, sw2, sb2, qEval - hq)) / (2 * hq)
    : (lengthMap(act, sw2, sb2, 2 * hq) - lengthMap(act, sw2, sb2, hq)) / hq;
  const xiQ = chiQ > 0 && chiQ < 1 ? -1 / log(chiQ) : Infinity;
  let cStar = 1;
  if (phase === 'chaotic' && qEval > 0) {
    let c = 0;
    for (let it = 0; it < 500; it++) {
      const next = Math.max(-1, Math.min(1, (sw2 * pairExpectation(act.phi, act.phi, qEval, c) + sb2) / qEval));
      const done = Math.abs(next - c) < 1e-12;
      c = next;
      if (done) break;
    }
    cStar = c;
  }
  const chiC = cStar === 1 ? chi1 : sw2 * pairExpectation(act.dphi, act.dphi, qEval, cStar);
  const xiC = phase === 'critical' || Math.abs(chiC - 1) <= CRITICAL_TOL ? Infinity : -1 / log(Math.abs(chiC));
  return { q, qStar, chi1, cStar, xiQ, xiC, phase };
}

/** χ₁(σ_w², σ_b²) at the fixed point reached from q0 = 1. */
function chi1Of(act: ResolvedActivation, sw2: number, sb2: number): number {
  const qStar = fixedPoint(act, sw2, sb2, 1);
  return chiAt(act, sw2, Number.isFinite(qStar) ? Math.max(qStar, 1e-300) : 1e12);
}

/**
 * The edge of chaos: for each σ_b², the σ_w² at which χ₁ = 1 (q* reached from q0 = 1), found by
 * bisection in log σ_w² on [0.01, 100] to relative 1e-12. NaN where χ₁ − 1 does not change sign there.
 *
 * @throws TypeError for an unknown activation or a non-array sigmaB2; RangeError for a negative or
 *   non-finite σ_b².
 * @example
 * criticalLine('tanh', [0, 0.05]); // [1, ≈1.1]
 */
export function criticalLine(activation: SimActivation, sigmaB2: readonly number[]): number[] {
  const act = resolveActivation('activation', activation);
  if (!Array.isArray(sigmaB2)) throw new TypeError(`sigmaB2 must be an array of numbers, got ${describe(sigmaB2)}`);
  return sigmaB2.map((b, i) => {
    const sb2 = finite(`sigmaB2[${i}]`, b);
    if (sb2 < 0) throw new RangeError(`sigmaB2[${i}] must be >= 0, got ${sb2}`);
    const f = (lw: number): number => chi1Of(act, exp(lw), sb2) - 1;
    let lo = log(0.01), hi = log(100);
    const flo = f(lo), fhi = f(hi);
    if (flo === 0) return exp(lo);
    if (fhi === 0) return exp(hi);
    if ((flo > 0) === (fhi > 0)) return NaN;
    for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
      const mid = (lo + hi) / 2;
      if ((f(mid) > 0) === (flo > 0)) lo = mid; else hi = mid;
    }
    return exp((lo + hi) / 2);
  });
}

/** Options of {@link phaseDiagram}. */
export interface PhaseDiagramOptions {
  activation: SimActivation;
  /** Grid of σ_w² values (> 0). */
  sigmaW2: readonly number[];
  /** Grid of σ_b² values (≥ 0). */
  sigmaB2: readonly number[];
}

/** Result of {@link phaseDiagram}: rows follow sigmaB2, columns sigmaW2. */
export interface PhaseDiagram {
  sigmaW2: number[];
  sigmaB2: number[];
  /** chi1[i][j] = χ₁(σ_w² = sigmaW2[j], σ_b² = sigmaB2[i]). */
  chi1: number[][];
  /** The phase at each grid point (as {@link MeanFieldResult.phase}). */
  phase: ('ordered' | 'critical' | 'chaotic')[][];
}

/**
 * χ₁ and the phase on a (σ_w², σ_b²) grid (q* reached from q0 = 1).
 *
 * @throws TypeError / RangeError naming the offending argument.
 * @example
 * phaseDiagram({ activation: 'tanh', sigmaW2: [0.5, 1, 2, 4], sigmaB2: [0, 0.1] }).phase;
 */
export function phaseDiagram(config: PhaseDiagramOptions): PhaseDiagram {
  const o = options('config', config, ['activation', 'sigmaW2', 'sigmaB2']);
  const act = resolveActivation('activation', o.activation);
  const grid = (name: string, xs: unknown, positiveOnly: boolean): number[] => {
    if (!Array.isArray(xs)) throw new TypeError(`${name} must be an array of numbers, got ${describe(xs)}`);
    return xs.map((x, i) => {
      const v = finite(`${name}[${i}]`, x);
      if (positiveOnly ? !(v > 0) : v < 0) throw new RangeError(`${name}[${i}] must be ${positiveOnly ? '> 0' : '>= 0'}, got ${v}`);
      return v;
    });
  };
  const ws = grid('sigmaW2', o.sigmaW2, true), bs = grid('sigmaB2', o.sigmaB2, false);
  const chi1 = bs.map((b) => ws.map((w) => chi1Of(act, w, b)));
  const phase = chi1.map((row) => row.map((c) => (Math.abs(c - 1) <= CRITICAL_TOL ? 'critical' as const : c < 1 ? 'ordered' as const : 'chaotic' as const)));
  return { sigmaW2: ws, sigmaB2: bs, chi1, phase };
}
