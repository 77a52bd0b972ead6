// Finite-width theory of an ensemble (docs/simulator.md, "Why one network is not the average"): for
// a positively homogeneous φ (linear, ReLU, leaky ReLU) and zero-mean Gaussian weights, a single
// example's q_L is its input's q̂₀ times a product of independent per-layer factors, so its mean is
// the mean-field value and its relative second moment is a finite product:
//   E[q_L²] / E[q_L]² = (1 + 2/n_L) · Π_{l=1}^{L−1} (1 + κ/n_l),   κ = E[φ(z)⁴] / E[φ(z)²]² − 1.
import { log } from '../math/elementary.js';
import { lookupDescriptor } from '../initializers/registry.js';
import type { EnsembleSummary, SimulateResult, SimulationPlan } from './config.js';

/**
 * Initializers whose weights are zero-mean Gaussian (when the theory has a nominal σ_w² for them,
 * which for `normal` means mean 0). Truncated normals (heNormal, lecunNormal, glorotNormal here are
 * JAX-style truncated) and uniforms have another fourth moment, so κ's derivation does not hold.
 */
const GAUSSIAN_IDS = new Set(['normal', 'kaimingNormal', 'xavierNormal']);

/**
 * κ = E[φ(z)⁴]/E[φ(z)²]² − 1 for z ~ N(0, 1): linear 3 − 1 = 2; ReLU (3/2)/(1/2)² − 1 = 5; leaky
 * ReLU with slope a: E[φ²] = (1 + a²)/2, E[φ⁴] = 3(1 + a⁴)/2, so κ = 6(1 + a⁴)/(1 + a²)² − 1.
 * Undefined for any other activation.
 */
export function kurtosisExcess(name: string, slope: number): number | undefined {
  if (name === 'linear') return 2;
  if (name === 'relu') return 5;
  if (name === 'leakyRelu') {
    const a2 = slope * slope, s = 1 + a2;
    return (6 * (1 + a2 * a2)) / (s * s) - 1;
  }
  return undefined;
}

/** True when the plan's weights are zero-mean Gaussian: `{ sigmaW2 }` or one of {@link GAUSSIAN_IDS}. */
function gaussianWeights(plan: SimulationPlan): boolean {
  const spec = plan.init;
  if (spec === undefined) return false;
  if (spec.kind === 'gaussian') return spec.perFanIn;
  return spec.kind === 'initializer' && GAUSSIAN_IDS.has(lookupDescriptor(spec.id)?.name ?? '');
}

/**
 * The ensemble's finite-width theory (see {@link EnsembleSummary}.theory), or undefined where it is
 * not exact: another activation, weights that are not zero-mean Gaussian, a bias, batch > 1, an
 * activated input, or no mean-field theory at all (a residual, layer norm, a given input — the
 * mean-field `theory` covers those conditions and its q is qMean).
 */
export function finiteWidthTheory(plan: SimulationPlan, meanField: SimulateResult['theory']): EnsembleSummary['theory'] {
  if (meanField === undefined || meanField.sigmaB2 !== 0 || plan.batch !== 1 || plan.activateInput) return undefined;
  const kappa = kurtosisExcess(plan.activation.name, plan.activation.param);
  if (kappa === undefined || !gaussianWeights(plan)) return undefined;
  const { widths, depth } = plan;
  const logQVar = [0];
  // Π_{j<l} (1 + κ/n_j) over the hidden layers j = 1 … l − 1, accumulated as a sum of logs.
  let hidden = 0;
  for (let l = 1; l <= depth; l++) {
    logQVar.push(log(1 + 2 / widths[l]!) + hidden);
    hidden += log(1 + kappa / widths[l]!);
  }
  return { qMean: meanField.q.slice(), logQVar };
}
