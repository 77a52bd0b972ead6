// The simulator's activations: validation, the kernel kind for the backends, and float64 φ / φ′
// for the mean-field theory (from src/math/activation.ts, shared with the gain computation).
import { describe, finite } from '../validate.js';
import { ACT } from '../kernels/abi.js';
import { activation64 } from '../math/activation.js';

/** A named activation of the simulator. */
export type SimActivationName =
  | 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'selu' | 'elu' | 'gelu' | 'silu' | 'softplus';

/** An activation: a name, or `{ name: 'leakyRelu', slope }` (default 0.01) / `{ name: 'elu', alpha }` (default 1). */
export type SimActivation = SimActivationName | { name: SimActivationName; slope?: number; alpha?: number };

/** A validated activation: its kernel kind, parameter, and float64 φ, φ′. */
export interface ResolvedActivation {
  readonly name: SimActivationName;
  readonly kind: number;
  readonly param: number;
  readonly phi: (x: number) => number;
  readonly dphi: (x: number) => number;
}

const NAMES: readonly SimActivationName[] = ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'silu', 'softplus'];

/** Validates an activation argument (`name` is the argument's name in messages). */
export function resolveActivation(name: string, a: unknown): ResolvedActivation {
  let id: unknown = a, param: number | undefined;
  if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
    const o = a as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['name', 'slope', 'alpha'].includes(k)) throw new TypeError(`${name}: unknown option '${k}' (allowed: name, slope, alpha)`);
    id = o.name;
    if (o.slope !== undefined) param = finite(`${name}.slope`, o.slope);
    if (o.alpha !== undefined) param = finite(`${name}.alpha`, o.alpha);
  }
  if (typeof id !== 'string' || !(NAMES as readonly string[]).includes(id)) {
    throw new TypeError(`${name} must be one of ${NAMES.map((n) => `'${n}'`).join(', ')} or { name, slope | alpha }, got ${describe(id)}`);
  }
  const n = id as SimActivationName;
  // The kernel's parameter is the resolved one (leaky ReLU's slope 0.01, ELU's α 1 by default).
  const p = n === 'leakyRelu' ? param ?? 0.01 : n === 'elu' ? param ?? 1 : 0;
  return { name: n, kind: ACT[n], param: p, ...activation64(n, n === 'leakyRelu' || n === 'elu' ? p : undefined) };
}
