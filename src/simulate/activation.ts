// The simulator's activations: validation, the kernel kind for the backends, and float64 φ / φ′
// for the mean-field theory.
import { describe, finite } from '../validate.js';
import { ACT } from '../reference/gemm.js';

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
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Φ(x) = erfc(−x/√2)/2 in float64. */
function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** erfc in float64 to ~1e-15: Taylor series of erf for |z| < 2.5, Lentz continued fraction beyond. */
function erfc(z: number): number {
  const a = Math.abs(z);
  let r: number;
  if (a < 2.5) {
    let term = a, sum = a;
    for (let n = 1; n < 200; n++) {
      term *= (-a * a) / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(a) = exp(−a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))), evaluated backwards.
    let f = 0;
    for (let n = 60; n >= 1; n--) f = (n / 2) / (a + f);
    r = Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  }
  return z >= 0 ? r : 2 - r;
}

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
  switch (n) {
    case 'linear': return { name: n, kind: ACT.linear, param: 0, phi: (x) => x, dphi: () => 1 };
    case 'relu': return { name: n, kind: ACT.relu, param: 0, phi: (x) => (x > 0 ? x : 0), dphi: (x) => (x > 0 ? 1 : 0) };
    case 'leakyRelu': {
      const s = param ?? 0.01;
      return { name: n, kind: ACT.leakyRelu, param: s, phi: (x) => (x > 0 ? x : s * x), dphi: (x) => (x > 0 ? 1 : s) };
    }
    case 'tanh': return { name: n, kind: ACT.tanh, param: 0, phi: Math.tanh, dphi: (x) => 1 - Math.tanh(x) ** 2 };
    case 'sigmoid': return { name: n, kind: ACT.sigmoid, param: 0, phi: sigmoid, dphi: (x) => sigmoid(x) * (1 - sigmoid(x)) };
    case 'selu': return {
      name: n, kind: ACT.selu, param: 0,
      phi: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
      dphi: (x) => SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
    };
    case 'elu': {
      const al = param ?? 1;
      return { name: n, kind: ACT.elu, param: al, phi: (x) => (x > 0 ? x : al * Math.expm1(x)), dphi: (x) => (x > 0 ? 1 : al * Math.exp(x)) };
    }
    case 'gelu': return {
      name: n, kind: ACT.gelu, param: 0,
      phi: (x) => x * normCdf(x),
      dphi: (x) => normCdf(x) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI),
    };
    case 'silu': return { name: n, kind: ACT.silu, param: 0, phi: (x) => x * sigmoid(x), dphi: (x) => { const s = sigmoid(x); return s + x * s * (1 - s); } };
    case 'softplus': return {
      name: n, kind: ACT.softplus, param: 0,
      phi: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))), dphi: sigmoid,
    };
  }
}
