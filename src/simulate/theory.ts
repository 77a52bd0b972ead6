// The mean-field prediction shown beside a simulation: the length map q and the backward map g of
// the simulated network itself (its widths, its per-layer nominal σ_w², activateInput), evaluated
// with the same Gaussian expectations as meanField() (src/simulate/mean-field.ts).
import type { ResolvedActivation } from './activation.js';
import type { SimulateResult, SimulationPlan } from './config.js';
import type { ParsedSpec } from './init-spec.js';
import { gaussExpectation } from './mean-field.js';
import { nominalSigmaW2 } from './nominal.js';

/** σ_w² = Var(W)·fanIn that an init spec promises, or undefined when it promises none. */
function sigmaW2Of(spec: ParsedSpec, fanIn: number, fanOut: number): number | undefined {
  if (spec.kind === 'gaussian') return spec.perFanIn ? spec.variance : undefined;
  if (spec.kind === 'initializer') return nominalSigmaW2(spec.options === undefined ? spec.id : { id: spec.id, ...spec.options }, fanIn, fanOut);
  return undefined;
}

/** σ_b² of a bias spec: `{ sigmaB2 }` or the id `'zeros'`; undefined for any other. */
function sigmaB2Of(spec: ParsedSpec): number | undefined {
  if (spec.kind === 'gaussian') return spec.perFanIn ? undefined : spec.variance;
  if (spec.kind === 'initializer' && spec.options === undefined && spec.id === 'zeros') return 0;
  return undefined;
}

/**
 * Mean-field q and g for the plan's network, or undefined where the theory does not apply: an
 * input that is not Gaussian, a residual, layer norm, or an init or bias without a nominal iid
 * variance (a function, orthogonal, …).
 */
export function theoryFor(plan: SimulationPlan): SimulateResult['theory'] {
  const { depth, widths, activation: act, activateInput, q0 } = plan;
  if (plan.input !== 'gaussian' || plan.residual !== undefined || plan.layerNorm || plan.init === undefined) return undefined;
  const sb2 = sigmaB2Of(plan.bias);
  if (sb2 === undefined) return undefined;
  const sw2: number[] = [NaN];
  for (let l = 1; l <= depth; l++) {
    const s = sigmaW2Of(plan.init, widths[l - 1]!, widths[l]!);
    if (s === undefined || !Number.isFinite(s)) return undefined;
    sw2.push(s);
  }
  const q = [q0];
  for (let l = 1; l <= depth; l++) {
    const prev = q[l - 1]!;
    const m2 = l === 1 && !activateInput ? prev : secondMoment(act.phi, prev);
    q.push(sw2[l]! * m2 + sb2);
  }
  // gᴸ = 1; each layer back multiplies by σ_w² (n_l / n_{l−1}) E[φ′²].
  const g = new Array<number>(depth + 1).fill(1);
  for (let l = depth; l >= 1; l--) {
    const d2 = l - 1 === 0 && !activateInput ? 1 : secondMoment(act.dphi, q[l - 1]!);
    g[l - 1] = g[l]! * sw2[l]! * (widths[l]! / widths[l - 1]!) * d2;
  }
  return { q, g, sigmaW2: sw2.slice(1), sigmaB2: sb2 };
}

/** E[f(z)²] for z ~ N(0, q). */
function secondMoment(f: ResolvedActivation['phi'], q: number): number {
  return gaussExpectation((x) => { const y = f(x); return y * y; }, q);
}
