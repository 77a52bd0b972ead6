// The nominal σ_w² = Var(W)·fanIn an init spec promises, which the simulator's mean-field theory
// uses instead of the drawn weights' variance. What each initializer promises is its descriptor's
// (src/initializers/descriptors.ts); the id is resolved by the registry, as getInitializer does.
import { nominalSigmaW2Of, nominalVarianceOf } from '../initializers/descriptors.js';
import { translateKerasKeys } from '../initializers/get-initializer.js';
import { lookupDescriptor } from '../initializers/registry.js';

/**
 * σ_w² (Var(W)·fanIn) of a layer with these fans for `{ sigmaW2 }` specs and for ids (bare or
 * `{ id, ...options }`) of built-ins whose descriptor states a nominal variance for the options
 * (the iid zero-mean ones: normal with mean 0, the glorot/he/lecun presets, xavier, kaiming); else
 * undefined, and the theory is not computed.
 */
export function nominalSigmaW2(spec: unknown, fanIn: number, fanOut: number): number | undefined {
  if (spec !== null && typeof spec === 'object' && 'sigmaW2' in spec) return (spec as { sigmaW2: number }).sigmaW2;
  let id: string, o: Record<string, unknown> = {};
  if (typeof spec === 'string') id = spec;
  else if (spec !== null && typeof spec === 'object' && typeof (spec as { id?: unknown }).id === 'string') {
    ({ id, ...o } = spec as { id: string });
  } else return undefined;
  const descriptor = lookupDescriptor(id);
  if (descriptor === undefined) return undefined;
  const variance = nominalVarianceOf(descriptor, translateKerasKeys(o));
  return variance === undefined ? undefined : nominalSigmaW2Of(variance, fanIn, fanOut);
}
